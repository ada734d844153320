/*
 * Fuzz the survey runtime (content/survey.h) with answers from outside, as
 * `outreach submit` takes them from a JSON file and the kiosk from the
 * keyboard: setting, toggling, relevance, calculations, choice filters,
 * validation, navigation and the response.
 *
 * The form is fixed (below: groups, a field-list, translations, every
 * answerable type, a filter, a range with tick labels, a calculation and
 * metadata). The input is lines "name=value" ("!name=choice" toggles a
 * choice; "@fr" switches the language). Checked after every change: a
 * question that is not relevant reads as "", navigation visits shown
 * screens in order and ends, progress stays within its total, and the
 * response lists only relevant, non-empty answers to questions that exist.
 *
 * FUZZ_OPTIONS: -max_len=2048 -dict=tests/fuzz/survey.dict
 */
#include <sys/stat.h>

#include <locale.h>

#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "tests/fuzz/fuzz.h"

static const char fuzz_survey_survey[] =
    "type,name,label::English (en),label::Fran\xc3\xa7" "ais (fr),hint,"
    "required,relevant,constraint,calculation,default,appearance,"
    "choice_filter,parameters\n"
    "begin_group,g1,Group,Groupe,,,,,,,field-list,,\n"
    "integer,age,Age,\xc3\x82ge,,yes,,. >= 0 and . < 130,,,,,\n"
    "begin group,g2,Inner,Int\xc3\xa9rieur,,,${age} > 17,,,,,,\n"
    "select_one yn,ok,OK?,D'accord ?,,,,,,yes,,,\n"
    "select_multiple c,cs,Which?,Lesquels ?,,,,,,,,filter=${ok},\n"
    "rank c,rk,Rank,Classer,,,,,,,,,\n"
    "end group,,,,,,,,,,,,\n"
    "end_group,,,,,,,,,,,,\n"
    "range,r,Range,Plage,,,,,,,,,start=0 end=10 step=0.5 tick_labelset=ticks\n"
    "calculate,calc,,,,,,,\"concat(${age}, 'x')\",,,,\n"
    "note,n,Age is ${age},\xc3\x82ge ${age},,,,,,,,,\n"
    "date,d,Date,Date,,,,. <= today(),,,,,\n"
    "acknowledge,ack,Ack,Ack,,,,,,,,,\n"
    "text,t,Text,Texte,,,,\"regex(., '^[a-z]{2,5}$')\",,,,,\n"
    "start,start,,,,,,,,,,,\n"
    "deviceid,deviceid,,,,,,,,,,,\n";

static const char fuzz_survey_choices[] =
    "list_name,name,label::English (en),label::Fran\xc3\xa7" "ais (fr),filter\n"
    "yn,yes,Yes,Oui,\n"
    "yn,no,No,Non,\n"
    "c,a,A,A,yes\n"
    "c,b,B,B,no\n"
    "ticks,0,Zero,Z\xc3\xa9ro,\n"
    "ticks,10,Ten,Dix,\n";

static const char fuzz_survey_settings[] =
    "form_title,form_id,version,default_language,style\n"
    "T,t,1,English (en),pages\n";

static struct xlsform *fuzz_survey_form;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[1024];
	char *cause = NULL;

	setlocale(LC_ALL, "C.UTF-8");
	snprintf(path, sizeof path, "%s/form", fuzz_scratch_dir());
	if (mkdir(path, 0700) != 0)
		abort();
	fuzz_write_file(fuzz_scratch_path("form/survey.csv"),
	    fuzz_survey_survey, strlen(fuzz_survey_survey));
	fuzz_write_file(fuzz_scratch_path("form/choices.csv"),
	    fuzz_survey_choices, strlen(fuzz_survey_choices));
	fuzz_write_file(fuzz_scratch_path("form/settings.csv"),
	    fuzz_survey_settings, strlen(fuzz_survey_settings));
	if (xlsform_load(path, &fuzz_survey_form, NULL, &cause) != ERR_OK) {
		fprintf(stderr, "the fixed form does not load: %s\n",
		    cause ? cause : "errors");
		abort();
	}
	return 0;
}

/* Relevance, labels, choices and answers of every question. */
static void
fuzz_survey_questions(struct survey *s)
{
	const struct xlsform_choice **ch = NULL;
	size_t q, n = 0, i;
	char *t;

	for (q = 0; q < fuzz_survey_form->nquestions; q++) {
		if (fuzz_survey_form->questions[q].type == XLSFORM_END_GROUP)
			continue;
		FUZZ_CHECK(survey_get(s, q) != NULL &&
		    survey_get_raw(s, q) != NULL, "question %zu reads", q);
		if (!survey_relevant(s, q))
			FUZZ_CHECK(survey_get(s, q)[0] == '\0',
			    "question %zu is not relevant and reads \"\"", q);
		if ((t = survey_label(s, q)) != NULL)
			free(t);
		if ((t = survey_hint(s, q)) != NULL)
			free(t);
		if ((t = survey_answer_text(s, q)) != NULL)
			free(t);
		if (survey_choices(s, q, &ch, &n) == ERR_OK) {
			for (i = 0; i < n; i++)
				FUZZ_CHECK(survey_choice_label(s, ch[i]) !=
				    NULL, "choice label");
			free(ch);
			ch = NULL;
		}
		(void)survey_required(s, q);
		(void)survey_read_only(s, q);
	}
}

/* Walk the shown screens forwards and back. */
static void
fuzz_survey_walk(struct survey *s)
{
	struct survey_problem p;
	size_t i, steps = 0, last = SURVEY_NONE, pos, total;

	for (i = survey_first(s); i != SURVEY_NONE; i = survey_next(s, i)) {
		FUZZ_CHECK(++steps <= survey_nscreens(s), "the walk ends");
		FUZZ_CHECK(survey_screen_shown(s, i), "screen %zu is shown", i);
		FUZZ_CHECK(last == SURVEY_NONE || i > last, "screens in order");
		survey_progress(s, i, &pos, &total);
		FUZZ_CHECK(pos >= 1 && pos <= total, "progress %zu of %zu", pos,
		    total);
		(void)survey_check_screen(s, i, &p);
		last = i;
	}
	for (i = last; i != SURVEY_NONE; i = survey_prev(s, i))
		FUZZ_CHECK(steps-- > 0, "the walk back ends");
}

static void
fuzz_survey_response(struct survey *s)
{
	struct survey_response r;
	struct survey_problem p;
	size_t i, q;

	if (survey_validate(s, &p) != ERR_OK)
		FUZZ_CHECK(p.q < fuzz_survey_form->nquestions && p.msg != NULL,
		    "a problem names its question");
	FUZZ_CHECK(survey_response(s, 1700000600, "survey", &r) == ERR_OK,
	    "response");
	for (i = 0; i < r.nanswers; i++) {
		q = survey_find(s, r.answers[i].name);
		FUZZ_CHECK(q != SURVEY_NONE && survey_relevant(s, q) &&
		    r.answers[i].value[0] != '\0', "answer %s",
		    r.answers[i].name);
	}
	survey_response_clear(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct survey *s = NULL;
	char *text, *line, *next, *eq;
	size_t q;
	int rc;

	FUZZ_CHECK(survey_new(fuzz_survey_form, NULL, 1700000000, &s, NULL) ==
	    ERR_OK, "a survey starts");
	text = fuzz_strndup(data, size);
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '@') {
			(void)survey_set_lang(s, line + 1);
			FUZZ_CHECK(survey_lang(s) != NULL, "a language");
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		q = survey_find(s, line[0] == '!' ? line + 1 : line);
		if (q == SURVEY_NONE)
			continue;
		rc = line[0] == '!' ? survey_toggle(s, q, eq + 1) :
		    survey_set(s, q, eq + 1);
		FUZZ_CHECK(rc == ERR_OK || rc == ERR_INVALID || rc == ERR_LIMIT,
		    "set %s: %d", line, rc);
		fuzz_survey_questions(s);
	}
	free(text);
	fuzz_survey_walk(s);
	fuzz_survey_response(s);
	survey_free(&s);
	FUZZ_CHECK(s == NULL, "free clears the pointer");
	return 0;
}
