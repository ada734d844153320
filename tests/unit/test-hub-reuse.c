/*
 * Unit tests for the hub's surveys kept from one submission to the next
 * (sync/hub-check.c, hub_check_submission; content/survey.c,
 * survey_renew_restoring): a survey emptied and reused for a sequence of
 * submissions of one form gives each the verdict and the cause a new
 * survey gives it: accepted ones around refused ones, repeats of
 * different lengths, a computed answer that differs, a choice the filter
 * does not keep, a required answer missing. What a reused check keeps
 * (which answers at the top the device sent, a path's room, the table of
 * paths, the lists of a walk, the blocks of the answers a renewed survey
 * fills again) holds nothing of one submission in the next: calculations
 * from an age and a default that the next one leaves out would show it,
 * and the kept blocks are looked at to be all zeroes.
 * Submissions written as JSON by hand send a path twice, many answers,
 * and a name the form does not have.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/survey.h"
/* Only to look at the blocks a renewed survey keeps (survey_spare_put). */
#include "content/survey-int.h"
#include "content/xlsform.h"
#include "sync/bundle.h"
#include "sync/hub-int.h"
#include "sync/submission.h"
#include "tests/unit/test.h"

#define T0	((time_t)1795428000)	/* 2026-11-23T10:00:00Z */
#define DEVICE	"00A1B2C3D4E5F607"
#define NSUBS	9

static const char survey_csv[] =
    "type,name,label,required,constraint,calculation,choice_filter,"
    "default,repeat_count\n"
    "text,who,Who?,yes,,,,,\n"
    "integer,age,Age?,,. < 150,,,,\n"
    "select_one colour,colour,Colour?,,,,,,\n"
    "select_one fruit,fruit,Fruit?,,,,colour=${colour},,\n"
    "select_multiple colour,also,Also?,,,,,,\n"
    "begin repeat,member,Member,,,,,,\n"
    "text,mname,Name?,,,,,,\n"
    "integer,mage,Age?,,,,,5,\n"
    "calculate,mtag,,,,\"concat(${mname}, '-', ${mage})\",,,\n"
    "end repeat,,,,,,,,\n"
    "calculate,shout,,,,\"concat(${who}, '!')\",,,\n"
    "calculate,members,,,,count(${member}),,,\n"
    "integer,d,D?,,,,,7,\n"
    "calculate,dtag,,,,\"concat('d', ${d})\",,,\n"
    "calculate,agetag,,,,\"concat('a', ${age})\",,,\n";

static const char choices_csv[] =
    "list_name,name,label,colour\n"
    "colour,red,Red,\n"
    "colour,green,Green,\n"
    "fruit,apple,Apple,red\n"
    "fruit,cherry,Cherry,red\n"
    "fruit,lime,Lime,green\n";

static char tmpdir[] = "/tmp/test-hub-reuse-XXXXXX";

/* One submission: what the person answered, then what is forged. */
struct sub_spec {
	const char	*set[24];	/* path, value, ..., NULL */
	const char	*forge[4];	/* path, value (NULL: left out) */
	int		 accepted;	/* the verdict wanted */
};

static const struct sub_spec specs[NSUBS] = {
	/* Three members, every answer. */
	{ { "who", "Ann", "age", "40", "colour", "red", "fruit", "cherry",
	    "also", "red green", "member[1]/mname", "Bo",
	    "member[2]/mname", "Cy", "member[3]/mname", "Di",
	    "member[3]/mage", "9", NULL }, { NULL }, 1 },
	/* No member, the default cleared. */
	{ { "who", "Ed", "colour", "green", "fruit", "lime", "d", "", NULL },
	    { NULL }, 1 },
	/* A fruit its colour's filter does not keep: refused. */
	{ { "who", "Flo", "colour", "green", "fruit", "lime", NULL },
	    { "fruit", "apple", NULL }, 0 },
	/* One member. */
	{ { "who", "Gus", "age", "7", "member[1]/mname", "Hal", NULL },
	    { NULL }, 1 },
	/* A computed answer in the second member that differs: refused. */
	{ { "who", "Ivy", "member[1]/mname", "Jo", "member[2]/mname", "Kit",
	    NULL }, { "member[2]/mtag", "Kit-6", NULL }, 0 },
	/* Two members, the second's age cleared. */
	{ { "who", "Lu", "member[1]/mname", "Mo", "member[2]/mname", "Ned",
	    "member[2]/mage", "", NULL }, { NULL }, 1 },
	/* The required answer left out: refused. */
	{ { "who", "Oz", "colour", "red", NULL }, { "who", NULL }, 0 },
	/* A count of members that differs: refused. */
	{ { "who", "Pat", "member[1]/mname", "Q", NULL },
	    { "members", "2", NULL }, 0 },
	/* Four members after all that. */
	{ { "who", "Rae", "also", "green", "member[1]/mname", "S",
	    "member[2]/mname", "T", "member[3]/mname", "U",
	    "member[4]/mname", "V", NULL }, { NULL }, 1 },
};

/* The submission a kiosk makes of spec, forged as it says. */
static int
make_sub(const struct xlsform *f, const struct sub_spec *spec,
    struct submission *sub)
{
	struct survey *s = NULL;
	struct survey_response resp;
	struct submission_answer *ans;
	size_t i, k, n;
	int r = -1;

	memset(&resp, 0, sizeof resp);
	memset(sub, 0, sizeof *sub);
	if (survey_new(f, "en", T0, &s, NULL) != 0)
		return -1;
	for (i = 0; spec->set[i] != NULL; i += 2)
		if (survey_set(s, survey_find_path(s, spec->set[i], 1),
		    spec->set[i + 1]) != 0)
			goto out;
	if (survey_response(s, T0 + 60, "survey", &resp) != 0 ||
	    (ans = calloc(resp.nanswers + 2, sizeof *ans)) == NULL)
		goto out;
	for (i = n = 0; i < resp.nanswers; i++) {
		ans[n].name = strdup(resp.answers[i].name);
		ans[n].value = resp.answers[i].value != NULL ?
		    strdup(resp.answers[i].value) : NULL;
		for (k = 0; spec->forge[k] != NULL; k += 2)
			if (strcmp(spec->forge[k], ans[n].name) == 0)
				break;
		if (spec->forge[k] != NULL) {
			free((char *)ans[n].value);
			ans[n].value = spec->forge[k + 1] != NULL ?
			    strdup(spec->forge[k + 1]) : NULL;
			if (spec->forge[k + 1] == NULL) {
				free((char *)ans[n].name);
				continue;	/* left out */
			}
		}
		n++;
	}
	submission_id_new(sub->id);
	sub->kind = SUBMISSION_SURVEY;
	sub->form_id = f->id;
	sub->form_version = f->version != NULL ? f->version : "";
	sub->lang = "en";
	sub->pack_id = "reuse-pack";
	sub->pack_version = "1.0.0";
	sub->device = DEVICE;
	sub->started = T0;
	sub->submitted = T0 + 60;
	sub->answers = ans;
	sub->nanswers = n;
	r = 0;
out:
	survey_response_clear(&resp);
	survey_free(&s);
	return r;
}

static void
sub_clear(struct submission *sub)
{
	size_t i;

	for (i = 0; i < sub->nanswers; i++) {
		free((char *)sub->answers[i].name);
		free((char *)sub->answers[i].value);
	}
	free((void *)sub->answers);
	memset(sub, 0, sizeof *sub);
}

/* Check sub with c's surveys (a new survey without c); 0: it imports. */
static int
check(struct hub_check *c, const struct hub_forms *forms,
    const struct submission *sub, char **why)
{
	struct submission_parsed *p = NULL;
	struct bundle_entry e;
	char *json = NULL;
	size_t len = 0;
	int r;

	*why = NULL;
	if (submission_json(sub, &json, &len, why) != 0)
		return -1;
	memset(&e, 0, sizeof e);
	snprintf(e.id, sizeof e.id, "%s", sub->id);
	e.form = (char *)sub->form_id;
	e.version = (char *)sub->form_version;
	r = c != NULL ? hub_check_submission(c, forms, json, len, &e, DEVICE,
	    &p, why) : hub_submission_check(forms, json, len, &e, DEVICE, &p,
	    why);
	submission_parsed_free(&p);
	submission_json_free(&json);
	return r;
}

static int
write_file(const char *name, const char *text)
{
	char path[600];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static void
remove_file(const char *name)
{
	char path[600];

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	(void)unlink(path);
}

/* The JSON of a submission of form reuse with these answers. */
static char *
json_of(const char *answers, char *id)
{
	char *j = NULL;

	submission_id_new(id);
	if (asprintf(&j, "{\"format\":\"outreach-submission/1\",\"id\":"
	    "\"%s\",\"kind\":\"survey\",\"form\":{\"id\":\"reuse\","
	    "\"version\":\"1\"},\"pack\":{\"id\":\"reuse-pack\","
	    "\"version\":\"1.0.0\"},\"language\":\"en\",\"device\":"
	    "\"" DEVICE "\",\"session\":null,\"started\":"
	    "\"2026-11-23T10:00:00Z\",\"submitted\":\"2026-11-23T10:01:00Z\","
	    "\"answers\":{%s}}", id, answers) < 0)
		return NULL;
	return j;
}

/* Check the JSON with c (a new survey without c); 0: it imports. */
static int
check_json(struct hub_check *c, const struct hub_forms *forms,
    const char *json, const char *id, char **why)
{
	struct submission_parsed *p = NULL;
	struct bundle_entry e;
	int r;

	*why = NULL;
	memset(&e, 0, sizeof e);
	snprintf(e.id, sizeof e.id, "%s", id);
	e.form = (char *)"reuse";
	e.version = (char *)"1";
	r = c != NULL ? hub_check_submission(c, forms, json, strlen(json), &e,
	    DEVICE, &p, why) : hub_submission_check(forms, json, strlen(json),
	    &e, DEVICE, &p, why);
	submission_parsed_free(&p);
	return r;
}

/*
 * Submissions written by hand, each checked new and with one reused
 * check after every other: the verdict wanted, and the same cause.
 */
static void
by_hand(const struct hub_forms *forms)
{
	static const struct {
		const char	*answers;
		int		 accepted;
		const char	*cause;		/* in a refusal */
		const char	*what;
	} cases[] = {
		{ "\"who\":\"Ann\",\"shout\":\"Ann!\",\"members\":\"0\","
		  "\"d\":\"3\",\"dtag\":\"d3\",\"age\":\"40\","
		  "\"agetag\":\"a40\"", 1, NULL, "an age and a d" },
		/* The age and d left out: nothing of the last one stays. */
		{ "\"who\":\"Bo\",\"shout\":\"Bo!\",\"members\":\"0\","
		  "\"dtag\":\"d\",\"agetag\":\"a\"", 1, NULL,
		  "then neither" },
		/* The same answers in another order. */
		{ "\"agetag\":\"a40\",\"age\":\"40\",\"dtag\":\"d3\","
		  "\"d\":\"3\",\"members\":\"0\",\"shout\":\"Ann!\","
		  "\"who\":\"Ann\"", 1, NULL, "answers in another order" },
		/* Where an answer was, one the form does not have. */
		{ "\"agetagg\":\"a40\",\"age\":\"40\",\"dtag\":\"d3\","
		  "\"d\":\"3\",\"members\":\"0\",\"shout\":\"Ann!\","
		  "\"who\":\"Ann\"", 0, "'agetagg' is not a question",
		  "an unknown name where a known one was" },
		/* Where a top's answer was, a member's. */
		{ "\"member\":[{\"mname\":\"Di\",\"mage\":\"5\",\"mtag\":"
		  "\"Di-5\"}],\"who\":\"Cy\",\"shout\":\"Cy!\",\"members\":"
		  "\"1\",\"dtag\":\"d\",\"agetag\":\"a\"", 1, NULL,
		  "a member first" },
		/* The same path as a key and inside its repeat. */
		{ "\"who\":\"Cy\",\"shout\":\"Cy!\",\"members\":\"1\","
		  "\"dtag\":\"d\",\"agetag\":\"a\",\"member\":[{\"mname\":"
		  "\"Di\",\"mage\":\"5\",\"mtag\":\"Di-5\"}],"
		  "\"member[1]/mname\":\"Ed\"", 0, "'member[1]/mtag'",
		  "a path sent twice" },
		/* A name the form does not have. */
		{ "\"who\":\"Flo\",\"shout\":\"Flo!\",\"members\":\"0\","
		  "\"dtag\":\"d\",\"agetag\":\"a\",\"nosuch\":\"x\"", 0,
		  "'nosuch' is not a question", "an unknown name" },
		/* A computed answer that differs, after a good one. */
		{ "\"who\":\"Gus\",\"shout\":\"Gus!\",\"members\":\"0\","
		  "\"d\":\"3\",\"dtag\":\"d4\",\"agetag\":\"a\"", 0,
		  "'dtag'", "a d computed wrongly" },
	};
	struct hub_check *c = NULL;
	struct buf many = BUF_INIT;
	char id[SUBMISSION_ID_SIZE], *json, *fresh_why, *reused_why, num[64];
	int fresh, reused;
	size_t i, j, k, n = sizeof cases / sizeof cases[0];

	/* Forty members: a table of paths with room for a hundred. */
	buf_addstr(&many, "\"who\":\"Hal\",\"shout\":\"Hal!\","
	    "\"members\":\"40\",\"dtag\":\"d\",\"agetag\":\"a\","
	    "\"member\":[");
	for (k = 0; k < 40; k++) {
		snprintf(num, sizeof num, "%s{\"mname\":\"m%zu\",\"mage\":"
		    "\"5\",\"mtag\":\"m%zu-5\"}", k > 0 ? "," : "", k, k);
		buf_addstr(&many, num);
	}
	buf_addstr(&many, "]");
	CHECK(hub_check_new(&c) == 0 && !buf_failed(&many), "a check for "
	    "submissions written by hand");
	/*
	 * The cases, the forty members, then the cases again: a small table
	 * of paths in the room a large one left, whose slots must be empty.
	 */
	for (j = 0; j <= 2 * n && c != NULL; j++) {
		i = j <= n ? j : j - n - 1;
		if ((json = json_of(j != n ? cases[i].answers : many.data,
		    id)) == NULL)
			break;
		fresh = check_json(NULL, forms, json, id, &fresh_why);
		reused = check_json(c, forms, json, id, &reused_why);
		if (j != n)
			CHECK((fresh == 0) == cases[i].accepted &&
			    (cases[i].cause == NULL || (fresh_why != NULL &&
			    strstr(fresh_why, cases[i].cause) != NULL)),
			    "%s%s: %s (%s)", cases[i].what, j > n ?
			    ", after forty members" : "", cases[i].accepted ?
			    "accepted" : "refused", fresh_why != NULL ?
			    fresh_why : "");
		else
			CHECK(fresh == 0, "forty members are accepted (%s)",
			    fresh_why != NULL ? fresh_why : "");
		CHECK(reused == fresh && (fresh_why == NULL) ==
		    (reused_why == NULL) && (fresh_why == NULL ||
		    strcmp(fresh_why, reused_why) == 0), "and so with a reused "
		    "check (%s)", reused_why != NULL ? reused_why : "");
		free(fresh_why);
		free(reused_why);
		free(json);
	}
	hub_check_free(&c);
	buf_free(&many);
}

/* Every spec in order, then backwards, through one hub_check. */
static void
sequence(const struct hub_forms *forms, struct submission *subs)
{
	struct hub_check *c = NULL;
	char *fresh_why, *reused_why;
	int fresh, reused, pass;
	size_t i, k;

	CHECK(hub_check_new(&c) == 0, "a thread's surveys are made");
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < NSUBS; k++) {
			i = pass == 0 ? k : NSUBS - 1 - k;
			fresh = check(NULL, forms, &subs[i], &fresh_why);
			reused = check(c, forms, &subs[i], &reused_why);
			CHECK_INT(fresh == 0, specs[i].accepted, "submission "
			    "%zu is %s with a new survey (%s)", i + 1,
			    specs[i].accepted ? "accepted" : "refused",
			    fresh_why != NULL ? fresh_why : "");
			CHECK(reused == fresh && (fresh_why == NULL) ==
			    (reused_why == NULL) && (fresh_why == NULL ||
			    strcmp(fresh_why, reused_why) == 0), "submission "
			    "%zu, %s: a reused survey gives the same verdict "
			    "(%s)", i + 1, pass == 0 ? "forwards" :
			    "backwards", reused_why != NULL ? reused_why : "");
			free(fresh_why);
			free(reused_why);
		}
	hub_check_free(&c);
	CHECK(c == NULL, "and they are freed");
}

/* The draft answers of s as "path=value;" text (Caller frees). */
static char *
draft_text(const struct survey *s)
{
	struct survey_response d;
	size_t i, len = 1;
	char *t;

	if (survey_draft_answers(s, &d) != 0)
		return NULL;
	for (i = 0; i < d.nanswers; i++)
		len += strlen(d.answers[i].name) + strlen(d.answers[i].value) +
		    2;
	if ((t = calloc(1, len)) != NULL)
		for (i = 0; i < d.nanswers; i++) {
			strcat(t, d.answers[i].name);
			strcat(t, "=");
			strcat(t, d.answers[i].value);
			strcat(t, ";");
		}
	survey_response_clear(&d);
	return t;
}

/* 1 when a and b show the same screens. */
static int
same_screens(const struct survey *a, const struct survey *b)
{
	const struct survey_screen *x, *y;
	size_t i;

	if (survey_nscreens(a) != survey_nscreens(b))
		return 0;
	for (i = 0; i < survey_nscreens(a); i++) {
		x = survey_screen(a, i);
		y = survey_screen(b, i);
		if (x->first != y->first || x->last != y->last ||
		    x->prompt != y->prompt)
			return 0;
	}
	return 1;
}

/* survey_given_fn: the device stored nothing. */
static const char *
given_none(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return NULL;
}

/*
 * The blocks of answers a renewed survey keeps for the next: how many,
 * and -1 when a byte of one is not zero.
 */
static int
spares_wiped(const struct survey *s)
{
	size_t q, k;
	int kept = 0;

	for (q = 0; q < s->nspare; q++) {
		if (s->spare[q] == NULL)
			continue;
		for (k = 0; k < s->spareroom[q]; k++)
			if (s->spare[q][k] != '\0')
				return -1;
		kept++;
	}
	return kept;
}

/* A survey of f holding spec i's answers, renewed or new, as text. */
static char *
filled_text(struct survey *s, size_t i)
{
	size_t k;

	for (k = 0; specs[i].set[k] != NULL; k += 2)
		(void)survey_restore(s, survey_find_path(s, specs[i].set[k], 1),
		    specs[i].set[k + 1]);
	survey_restore_end(s);
	return draft_text(s);
}

/*
 * A survey filled with every spec's answers in turn and renewed holds
 * what a new survey holds: no answer, instance or default is left over,
 * and the memory of the answers it keeps for the next is all zeroes;
 * filled again, it holds what a new one filled so holds.
 */
static void
renewed(const struct xlsform *f)
{
	struct survey *s = NULL, *fresh = NULL;
	char *got, *want;
	size_t i;
	int kept, wiped = 1, anykept = 0;

	for (i = 0; i < NSUBS; i++) {
		CHECK(survey_renew_restoring(&s, f, i % 2 ? "en" : NULL,
		    T0 + (time_t)i, given_none, NULL, NULL) == 0 &&
		    survey_new_restoring(f, i % 2 ? "en" : NULL, T0 + (time_t)i,
		    given_none, NULL, &fresh, NULL) == 0, "spec %zu: a "
		    "renewed survey and a new one", i + 1);
		if (s == NULL || fresh == NULL)
			break;
		survey_restore_end(s);
		survey_restore_end(fresh);
		if ((kept = spares_wiped(s)) < 0)
			wiped = 0;
		anykept |= kept > 0;
		got = draft_text(s);
		want = draft_text(fresh);
		CHECK(got != NULL && want != NULL && strcmp(got, want) == 0,
		    "spec %zu: the renewed survey holds what a new one holds "
		    "(%s, not %s)", i + 1, got != NULL ? got : "?",
		    want != NULL ? want : "?");
		free(got);
		free(want);
		CHECK(same_screens(s, fresh), "spec %zu: and its screens are "
		    "a new one's", i + 1);
		/* Then fill both for the next round. */
		got = filled_text(s, i);
		want = filled_text(fresh, i);
		CHECK(got != NULL && strstr(got, "who=") != NULL && want !=
		    NULL && strcmp(got, want) == 0, "spec %zu: then it holds "
		    "its answers, as a new one does (%s)", i + 1, got != NULL ?
		    got : "?");
		free(got);
		free(want);
		survey_free(&fresh);
	}
	CHECK(wiped && anykept, "the answers' memory a renewed survey keeps "
	    "is all zeroes (and it keeps some)");
	survey_free(&s);
}

int
main(void)
{
	struct hub_forms *forms = NULL;
	struct submission subs[NSUBS];
	char *why = NULL;
	size_t i;
	int made = 1;

	memset(subs, 0, sizeof subs);
	if (mkdtemp(tmpdir) == NULL || write_file("survey.csv",
	    survey_csv) != 0 || write_file("choices.csv", choices_csv) != 0 ||
	    write_file("settings.csv", "form_title,form_id,version\n"
	    "Reuse,reuse,1\n") != 0)
		return 1;
	CHECK(hub_forms_new(&forms) == 0 &&
	    hub_forms_add_form(forms, tmpdir, "reuse", &why) == 0,
	    "the hub loads the form (%s)", why != NULL ? why : "");
	free(why);
	if (hub_forms_count(forms) != 1)
		goto out;
	for (i = 0; i < NSUBS; i++)
		if (make_sub(hub_forms_get(forms, 0), &specs[i], &subs[i]) != 0)
			made = 0;
	CHECK(made, "the device's responses make submissions");
	if (made)
		sequence(forms, subs);
	by_hand(forms);
	renewed(hub_forms_get(forms, 0));
out:
	for (i = 0; i < NSUBS; i++)
		sub_clear(&subs[i]);
	hub_forms_free(&forms);
	remove_file("survey.csv");
	remove_file("choices.csv");
	remove_file("settings.csv");
	(void)rmdir(tmpdir);
	return test_done();
}
