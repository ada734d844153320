/*
 * Restoring a response's answers all at once (content/survey.h,
 * survey_new_restoring, survey_restore_begin): the form's settle level (content/xlsform-order.c)
 * for forward references, cycles, a repeat_count and "."; and, in every
 * order of restoring, a survey restored at once ends exactly as one
 * restored answer by answer, and refuses what that one refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "tests/unit/test.h"

#define T0	((time_t)1795428000)	/* 2026-11-23T10:00:00Z */

static char tmpdir[] = "/tmp/test-survey-batch-XXXXXX";

/* Forward references, groups, relevance and a computed read_only. */
static const char order_csv[] =
    "type,name,label,relevant,calculation,read_only\n"
    "text,a,A?,,,\n"
    "calculate,late,,,\"concat(${b}, '+', ${c})\",\n"
    "text,b,B?,${a} != '',,\n"
    "begin group,g,G,${a} != 'skip',,\n"
    "text,c,C?,,,\n"
    "text,d,D?,${e} = 'x',,\n"
    "end group,,,,,\n"
    "text,e,E?,,,\n"
    "calculate,sum,,,\"concat(${late}, ${d}, ${lock}, ${names})\",\n"
    "calculate,lock,,,\"if(${e} = 'shut', 'yes', 'no')\",\n"
    "text,f,F?,,,${lock} = 'yes'\n"
    "begin repeat,kid,Kid,${a} != 'none',,\n"
    "text,kname,Name?,,,\n"
    "calculate,ktag,,,\"concat(${kname}, ${e})\",\n"
    "end repeat,,,,,\n"
    "calculate,kids,,,count(${kid}),\n"
    "calculate,names,,,\"join(' ', ${kname})\",\n";

/* Load the survey sheet csv as a form; NULL when it does not load. */
static struct xlsform *
load(const char *name, const char *csv)
{
	struct xlsform *f = NULL;
	char dir[256], path[300];
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
	snprintf(path, sizeof path, "%s/survey.csv", dir);
	if (mkdir(dir, 0700) != 0 || (fp = fopen(path, "w")) == NULL)
		return NULL;
	fputs(csv, fp);
	fclose(fp);
	if (xlsform_load(dir, &f, NULL, NULL) != 0)
		return NULL;
	return f;
}

/* survey_given_fn: this test's device stored nothing it alone knows. */
static const char *
nothing(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return NULL;
}

/* Every answer (stored, relevant or not) and relevance, as text. */
static char *
dump(struct survey *s)
{
	const struct xlsform *f = survey_form(s);
	struct survey_response r;
	struct buf b = BUF_INIT;
	size_t i, q, item;

	if (survey_draft_answers(s, &r) == 0) {
		for (i = 0; i < r.nanswers; i++) {
			item = survey_find_path(s, r.answers[i].name, 0);
			buf_printf(&b, "%s=%s%s;", r.answers[i].name,
			    r.answers[i].value != NULL ? r.answers[i].value :
			    "", survey_relevant(s, item) ? "" : "(hidden)");
		}
		survey_response_clear(&r);
	}
	for (q = 0; q < f->nquestions; q++)
		buf_printf(&b, "%d", survey_relevant(s, q));
	buf_addstr(&b, "|");
	if (survey_response(s, T0 + 60, "survey", &r) == 0) {
		for (i = 0; i < r.nanswers; i++)
			buf_printf(&b, "%s=%s;", r.answers[i].name,
			    r.answers[i].value != NULL ? r.answers[i].value :
			    "");
		survey_response_clear(&r);
	}
	return buf_detach(&b, NULL);
}

/*
 * Restore n path=value answers in order, at once (batch) or one by one;
 * the dump, with "refused PATH" for each survey_restore that failed.
 */
static char *
restore(const struct xlsform *f, const char *const *ans, size_t n,
    int batch)
{
	struct survey *s = NULL;
	struct buf b = BUF_INIT;
	char path[64], *d;
	const char *eq;
	size_t i, item;

	if ((batch ? survey_new_restoring : survey_new_given)(f, NULL, T0,
	    nothing, NULL, &s, NULL) != 0)
		return strdup("no survey");
	for (i = 0; i < n; i++) {
		eq = strchr(ans[i], '=');
		snprintf(path, sizeof path, "%.*s", (int)(eq - ans[i]),
		    ans[i]);
		item = survey_find_path(s, path, 1);
		if (item == SURVEY_NONE ||
		    survey_restore(s, item, eq + 1) != 0)
			buf_printf(&b, "refused %s;", path);
	}
	if (batch)
		survey_restore_end(s);
	d = dump(s);
	buf_addstr(&b, d);
	free(d);
	survey_free(&s);
	return buf_detach(&b, NULL);
}

/* Both ways, in order and in a few shuffles of the order. */
static void
same_both_ways(const struct xlsform *f, const char *const *ans, size_t n,
    const char *what)
{
	const char *v[32];
	char *one, *all;
	size_t i, k, t;
	unsigned seed = 7;
	int same = 1;

	for (k = 0; k < 12 && n <= 32; k++) {
		memcpy(v, ans, n * sizeof *v);
		for (i = n; k > 0 && i > 1; i--) {
			seed = seed * 1103515245u + 12345u;
			t = (seed >> 8) % i;
			const char *x = v[i - 1];
			v[i - 1] = v[t];
			v[t] = x;
		}
		one = restore(f, v, n, 0);
		all = restore(f, v, n, 1);
		if (strcmp(one, all) != 0) {
			printf("#   one by one: %s\n#   at once:    %s\n",
			    one, all);
			same = 0;
		}
		free(one);
		free(all);
	}
	CHECK(same, "%s: at once ends as one by one, in 12 orders", what);
}

static void
test_settle(void)
{
	struct xlsform *f;

	f = load("back", "type,name,label,calculation\ntext,a,A?,\n"
	    "calculate,c,,${a}\n");
	CHECK_INT(f != NULL ? (long long)f->settle : -1, 1,
	    "only backward references: one walk settles it");
	xlsform_free(&f);
	f = load("order", order_csv);
	CHECK_INT(f != NULL ? (long long)f->settle : -1, 3,
	    "forward references and a repeat: three walks");
	xlsform_free(&f);
	f = load("cycle", "type,name,label,calculation\n"
	    "calculate,x,,${y}\ncalculate,y,,${x}\n");
	CHECK_INT(f != NULL ? (long long)f->settle : -1, 0,
	    "a cycle never settles");
	xlsform_free(&f);
	f = load("self", "type,name,label,calculation\n"
	    "calculate,x,,${x} + 1\n");
	CHECK_INT(f != NULL ? (long long)f->settle : -1, 0,
	    "an entry reading itself never settles");
	xlsform_free(&f);
	f = load("dot", "type,name,label,relevant\ntext,a,A?,. != 'x'\n");
	CHECK_INT(f != NULL ? (long long)f->settle : -1, 0,
	    "a relevant reading \".\" is not known to settle");
	xlsform_free(&f);
	f = load("count", "type,name,label,repeat_count\ninteger,n,N?,\n"
	    "begin repeat,r,R,${n}\ntext,x,X?,\nend repeat,,,\n");
	CHECK_INT(f != NULL ? (long long)f->settle : -1, 0,
	    "a repeat_count is not known to settle");
	xlsform_free(&f);
}

static void
test_same(void)
{
	static const char *const ans[] = {
		"a=hello", "b=bee", "c=sea", "d=dee", "e=x", "f=free",
		"kid[1]/kname=Ann", "kid[2]/kname=Bob",
	};
	static const char *const shut[] = {
		"a=none", "e=shut", "f=locked", "c=", "d=dee",
	};
	static const char *const deep[] = { "a=1", "b=2", "b=3" };
	struct xlsform *f;
	struct buf csv = BUF_INIT;
	char *one, *all;
	int i;

	if ((f = load("same", order_csv)) == NULL) {
		CHECK(0, "the form loads");
		return;
	}
	same_both_ways(f, ans, sizeof ans / sizeof ans[0],
	    "forward references, groups, a repeat");
	same_both_ways(f, shut, sizeof shut / sizeof shut[0],
	    "a computed read_only, a repeat not relevant");
	/* f is read-only once e is "shut": refused both ways. */
	one = restore(f, shut, 3, 0);
	all = restore(f, shut, 3, 1);
	CHECK(strstr(one, "refused f;") != NULL &&
	    strstr(all, "refused f;") != NULL,
	    "an answer to what a computed read_only locks is refused at once "
	    "as one by one");
	free(one);
	free(all);
	xlsform_free(&f);
	/* Twelve forward references in a chain: more than the walks. */
	buf_addstr(&csv, "type,name,label,calculation\n");
	for (i = 0; i < 12; i++)
		buf_printf(&csv, "calculate,c%d,,\"concat(${c%d}, 'x')\"\n", i,
		    i + 1);
	buf_addstr(&csv, "calculate,c12,,${a}\ntext,a,A?,\ntext,b,B?,\n");
	f = load("deep", buf_str(&csv));
	buf_free(&csv);
	CHECK(f != NULL && f->settle == 14,
	    "a chain of 12 forward references: 14 walks");
	if (f != NULL)
		same_both_ways(f, deep, sizeof deep / sizeof deep[0],
		    "a chain deeper than the walks");
	xlsform_free(&f);
}

int
main(void)
{
	char cmd[300];

	setenv("TZ", "UTC", 1);
	tzset();
	if (mkdtemp(tmpdir) == NULL) {
		CHECK(0, "a temporary folder");
		return test_done();
	}
	test_settle();
	test_same();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		CHECK(0, "the temporary folder goes");
	return test_done();
}
