/*
 * Fuzz repeats in the survey runtime (content/survey.h) and in a
 * submission (sync/submission.h): instances added and taken away at their
 * prompts, a repeat_count that follows an answer, nested repeats,
 * position(..), count(), sum(), indexed-repeat(), relevance per instance,
 * a trigger and randomized choices inside a repeat, answers by path.
 *
 * The form is fixed (below). The input is lines: "+N" adds an instance at
 * the N-th prompt screen shown now, "-N" takes one away there, "PATH=V"
 * answers by path (making the instances it names, as a draft does),
 * "PATH<V" restores an answer (as a draft does), "@fr" switches the
 * language. Checked after every change: navigation visits shown screens
 * in order and ends, an item's path names it again. At the end: the
 * response lists each instance before its answers, every path names a
 * relevant question or instance; its submission JSON parses back to the
 * same answers in the same order; and a survey rebuilt from the draft
 * gives the same response.
 *
 * FUZZ_OPTIONS: -max_len=2048 -dict=tests/fuzz/repeat.dict
 */
#include <sys/stat.h>

#include <locale.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/submission.h"
#include "tests/fuzz/fuzz.h"

static const char fuzz_repeat_survey[] =
    "type,name,label::English (en),label::Fran\xc3\xa7" "ais (fr),"
    "relevant,constraint,calculation,repeat_count,trigger,parameters,"
    "required\n"
    "text,hh,Household,Foyer,,,,,,,\n"
    "begin repeat,member,Member,Membre,,,,,,,\n"
    "text,name,Name,Nom,,,,,,,yes\n"
    "integer,age,Age,\xc3\x82ge,,. >= 0,,,,,\n"
    "calculate,pos,,,,,position(..),,,,\n"
    "text,tag,Tag,Tag,,,\"concat(${name}, '#', ${pos})\",,${name},,\n"
    "select_one c,colour,Colour of ${name}?,Couleur ?,${age} > 2,,,,,"
    "randomize=true,\n"
    "begin repeat,pet,Pet of ${name},Animal,${age} >= 10,,,,,,\n"
    "text,pet_name,Pet name,Nom,,,,,,,\n"
    "select_multiple c,pet_colours,Colours,Couleurs,,,,,,"
    "randomize=true seed=${age},\n"
    "end repeat,,,,,,,,,,\n"
    "end repeat,,,,,,,,,,\n"
    "calculate,n,,,,,count(${member}),,,,\n"
    "calculate,total,,,,,sum(${age}),,,,\n"
    "calculate,first,,,,,\"indexed-repeat(${name}, ${member}, 1)\",,,,\n"
    "integer,nvisits,Visits,Visites,,. <= 5,,,,,\n"
    "begin repeat,visit,Visit ${vpos},Visite,,,,${nvisits},,,\n"
    "calculate,vpos,,,,,position(..),,,,\n"
    "date,when,When?,Quand ?,,,,,,,\n"
    "text,who,Who?,Qui ?,${n} > 0,,,,,,\n"
    "end repeat,,,,,,,,,,\n"
    "note,done,\"${n} members, ${total} years, first ${first}\",Fin,,,,,,,\n";

static const char fuzz_repeat_choices[] =
    "list_name,name,label::English (en),label::Fran\xc3\xa7" "ais (fr)\n"
    "c,red,Red,Rouge\n"
    "c,green,Green,Vert\n"
    "c,blue,Blue,Bleu\n"
    "c,black,Black,Noir\n";

static const char fuzz_repeat_settings[] =
    "form_title,form_id,version,default_language\n"
    "R,r,1,English (en)\n";

#define FUZZ_T0	((time_t)1795428000)

static struct xlsform *fuzz_repeat_form;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[1024];
	char *cause = NULL;

	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	snprintf(path, sizeof path, "%s/form", fuzz_scratch_dir());
	if (mkdir(path, 0700) != 0)
		abort();
	fuzz_write_file(fuzz_scratch_path("form/survey.csv"),
	    fuzz_repeat_survey, strlen(fuzz_repeat_survey));
	fuzz_write_file(fuzz_scratch_path("form/choices.csv"),
	    fuzz_repeat_choices, strlen(fuzz_repeat_choices));
	fuzz_write_file(fuzz_scratch_path("form/settings.csv"),
	    fuzz_repeat_settings, strlen(fuzz_repeat_settings));
	if (xlsform_load(path, &fuzz_repeat_form, NULL, &cause) != ERR_OK) {
		fprintf(stderr, "the fixed form does not load: %s\n",
		    cause ? cause : "errors");
		abort();
	}
	return 0;
}

/* The n-th prompt screen shown now (counting round), or NONE. */
static size_t
fuzz_repeat_prompt(struct survey *s, unsigned long n)
{
	size_t i, count = 0;

	for (i = survey_first(s); i != SURVEY_NONE; i = survey_next(s, i))
		if (survey_screen(s, i)->prompt)
			count++;
	if (count == 0)
		return SURVEY_NONE;
	n %= count;
	for (i = survey_first(s); i != SURVEY_NONE; i = survey_next(s, i))
		if (survey_screen(s, i)->prompt && n-- == 0)
			return survey_screen(s, i)->first;
	return SURVEY_NONE;
}

/* The shown screens in order, each item's path naming it again. */
static void
fuzz_repeat_walk(struct survey *s)
{
	const struct survey_screen *sc;
	size_t i, q, steps = 0, last = SURVEY_NONE;
	char *path;

	for (i = survey_first(s); i != SURVEY_NONE; i = survey_next(s, i)) {
		FUZZ_CHECK(++steps <= survey_nscreens(s), "the walk ends");
		FUZZ_CHECK(survey_screen_shown(s, i), "screen %zu is shown", i);
		FUZZ_CHECK(last == SURVEY_NONE || i > last, "screens in order");
		sc = survey_screen(s, i);
		q = sc->first;
		if (!sc->prompt && (path = survey_path(s, q)) != NULL) {
			FUZZ_CHECK(survey_find_path(s, path, 0) == q,
			    "the path %s names its item", path);
			free(path);
		}
		last = i;
	}
}

/* The response's answers as "path=value" lines (NULL values as "path"). */
static char *
fuzz_repeat_lines(const struct submission_answer *a, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		buf_addstr(&b, a[i].name);
		if (a[i].value != NULL) {
			buf_addch(&b, '=');
			buf_addstr(&b, a[i].value);
		}
		buf_addch(&b, '\n');
	}
	return buf_detach(&b, NULL);
}

static char *
fuzz_repeat_response(struct survey *s, struct survey_response *r)
{
	struct submission_answer *a;
	char *lines;
	size_t i;

	FUZZ_CHECK(survey_response(s, FUZZ_T0 + 60, "survey", r) == ERR_OK,
	    "a response");
	if ((a = calloc(r->nanswers + 1, sizeof *a)) == NULL)
		abort();
	for (i = 0; i < r->nanswers; i++) {
		a[i].name = r->answers[i].name;
		a[i].value = r->answers[i].value;
	}
	lines = fuzz_repeat_lines(a, r->nanswers);
	free(a);
	return lines;
}

/* Paths: instances before their answers, all naming relevant items. */
static void
fuzz_repeat_paths(struct survey *s, const struct survey_response *r)
{
	size_t i, k, q, len;
	const char *name, *slash;
	int seen;

	for (i = 0; i < r->nanswers; i++) {
		name = r->answers[i].name;
		len = strlen(name);
		q = survey_find_path(s, name, 0);
		if (r->answers[i].value == NULL) {
			FUZZ_CHECK(len > 0 && name[len - 1] == ']',
			    "an instance's path ends with ] (%s)", name);
		} else {
			FUZZ_CHECK(q != SURVEY_NONE && survey_relevant(s, q) &&
			    r->answers[i].value[0] != '\0', "answer %s", name);
		}
		/* Every instance on the way is listed before. */
		for (slash = strchr(name, '/'); slash != NULL;
		    slash = strchr(slash + 1, '/')) {
			for (k = 0, seen = 0; k < i && !seen; k++)
				seen = r->answers[k].value == NULL &&
				    strlen(r->answers[k].name) ==
				    (size_t)(slash - name) &&
				    strncmp(r->answers[k].name, name,
				    (size_t)(slash - name)) == 0;
			FUZZ_CHECK(seen, "the instance of %s comes first", name);
		}
	}
}

/* The submission JSON of the response parses back to the same answers. */
static void
fuzz_repeat_json(const struct survey_response *r, const char *lines)
{
	struct submission_parsed *p = NULL;
	struct submission_answer *a;
	struct submission sub;
	char *json = NULL, *cause = NULL, *back;
	size_t len, i;
	int rc;

	if ((a = calloc(r->nanswers + 1, sizeof *a)) == NULL)
		abort();
	for (i = 0; i < r->nanswers; i++) {
		a[i].name = r->answers[i].name;
		a[i].value = r->answers[i].value;
	}
	memset(&sub, 0, sizeof sub);
	submission_id_new(sub.id);
	sub.kind = SUBMISSION_SURVEY;
	sub.form_id = "r";
	sub.form_version = "1";
	sub.pack_id = "p";
	sub.pack_version = "1";
	sub.lang = "en";
	sub.device = "0123456789ABCDEF";
	sub.started = FUZZ_T0;
	sub.submitted = FUZZ_T0 + 60;
	sub.answers = a;
	sub.nanswers = r->nanswers;
	rc = submission_json(&sub, &json, &len, &cause);
	FUZZ_CHECK(rc == ERR_OK || rc == ERR_LIMIT, "the submission is "
	    "written (%s)", cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	if (rc == ERR_OK) {
		FUZZ_CHECK(submission_parse(json, len, &p, &cause) == ERR_OK,
		    "and parses back (%s)", cause != NULL ? cause : "");
		back = fuzz_repeat_lines(p->s.answers, p->s.nanswers);
		FUZZ_CHECK(strcmp(back, lines) == 0, "to the same answers:\n"
		    "%s---\n%s", lines, back);
		free(back);
		submission_parsed_free(&p);
	}
	free(cause);
	submission_json_free(&json);
	free(a);
}

/* A survey made again from the draft gives the same response. */
static void
fuzz_repeat_draft(struct survey *s, const char *lines)
{
	struct survey_response d, r;
	struct survey *again = NULL;
	size_t i, q;
	char *got;

	FUZZ_CHECK(survey_draft_answers(s, &d) == ERR_OK, "a draft");
	FUZZ_CHECK(survey_new(fuzz_repeat_form, survey_lang(s), FUZZ_T0,
	    &again, NULL) == ERR_OK, "a survey starts again");
	for (i = 0; i < d.nanswers; i++) {
		q = survey_find_path(again, d.answers[i].name, 1);
		if (q != SURVEY_NONE && d.answers[i].value[0] != '\0' &&
		    survey_restorable(again, q))
			(void)survey_restore(again, q, d.answers[i].value);
	}
	got = fuzz_repeat_response(again, &r);
	FUZZ_CHECK(strcmp(got, lines) == 0, "the draft gives the same "
	    "response:\n%s---\n%s", lines, got);
	free(got);
	survey_response_clear(&r);
	survey_response_clear(&d);
	survey_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct survey_response r;
	struct survey *s = NULL;
	char *text, *line, *next, *op, *lines;
	size_t q, screen;
	int rc, steps = 0;

	FUZZ_CHECK(survey_new(fuzz_repeat_form, NULL, FUZZ_T0, &s, NULL) ==
	    ERR_OK, "a survey starts");
	text = fuzz_strndup(data, size);
	for (line = text; line != NULL && steps < 64; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		steps++;
		if (line[0] == '@') {
			(void)survey_set_lang(s, line + 1);
			continue;
		}
		if (line[0] == '+' || line[0] == '-') {
			q = fuzz_repeat_prompt(s, strtoul(line + 1, NULL, 10));
			if (q == SURVEY_NONE)
				continue;
			rc = line[0] == '+' ? survey_repeat_add(s, q, &screen) :
			    survey_repeat_remove(s, q, &screen);
			FUZZ_CHECK(rc == ERR_OK || rc == ERR_INVALID ||
			    rc == ERR_LIMIT, "%s: %d", line, rc);
			if (rc == ERR_OK)
				FUZZ_CHECK(screen < survey_nscreens(s),
				    "%s goes to a screen", line);
		} else if ((op = strpbrk(line, "=<")) != NULL) {
			int restore = *op == '<';

			*op = '\0';
			q = survey_find_path(s, line, 1);
			if (q == SURVEY_NONE)
				continue;
			rc = restore ? survey_restore(s, q, op + 1) :
			    survey_set(s, q, op + 1);
			FUZZ_CHECK(rc == ERR_OK || rc == ERR_INVALID ||
			    rc == ERR_LIMIT, "set %s: %d", line, rc);
		}
		fuzz_repeat_walk(s);
	}
	free(text);
	lines = fuzz_repeat_response(s, &r);
	fuzz_repeat_paths(s, &r);
	fuzz_repeat_json(&r, lines);
	survey_response_clear(&r);
	fuzz_repeat_draft(s, lines);
	free(lines);
	survey_free(&s);
	return 0;
}
