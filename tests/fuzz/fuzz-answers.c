/*
 * Fuzz the JSON answers of `outreach submit` (content/answers.h) against
 * one fixed form, tests/fixtures/survey/answers (every answerable type, a
 * group with a relevant condition, a choice filter, constraints with and
 * without the form's message, a calculation, a read-only question). The
 * input is the JSON as a person's file would hold it.
 *
 * Checked for every input: the outcome agrees with jansson parsing the
 * same bytes (a syntax error exactly when it does not parse, ERR_INVALID
 * exactly for a non-object, ERR_LIMIT exactly for too many names); the
 * problem count is never negative and equals the callback's calls, which
 * each name something and carry a message (the form's own only for its
 * two constraint messages); a syntax error has a place and a printable
 * message. When there is no problem at all the response is built, every
 * answer in it passes survey_check() and the kiosk's survey_validate(),
 * is valid UTF-8 without control characters other than a text's tabs and
 * newlines, and comes from the input: each answered question was named
 * there, a text answer is the string given, a list is its items joined
 * with spaces. The same input then goes to a form with repeats (below).
 *
 * FUZZ_OPTIONS: -max_len=4096 -dict=tests/fuzz/answers.dict
 */
#include <jansson.h>
#include <locale.h>

#include "content/answers.h"
#include "content/err.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_ANSWERS_FORM	"tests/fixtures/survey/answers"
#define FUZZ_ANSWERS_ROSTER	"tests/fixtures/survey/roster"
#define FUZZ_ANSWERS_T0		((time_t)1795428000)

static struct xlsform *fuzz_answers_form, *fuzz_answers_roster;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *cause = NULL;

	setlocale(LC_ALL, "C.UTF-8");
	if (xlsform_load(FUZZ_ANSWERS_FORM, &fuzz_answers_form, NULL,
	    &cause) != ERR_OK) {
		fprintf(stderr, "%s does not load (run from the repository's "
		    "top): %s\n", FUZZ_ANSWERS_FORM, cause ? cause : "errors");
		abort();
	}
	if (xlsform_load(FUZZ_ANSWERS_ROSTER, &fuzz_answers_roster, NULL,
	    &cause) != ERR_OK) {
		fprintf(stderr, "%s does not load: %s\n", FUZZ_ANSWERS_ROSTER,
		    cause ? cause : "errors");
		abort();
	}
	return 0;
}

/* The callback's view of the problems. */
struct fuzz_answers_seen {
	int	calls;
};

static void
fuzz_answers_problem(void *arg, const char *name, const char *msg,
    int from_form)
{
	struct fuzz_answers_seen *seen = arg;

	seen->calls++;
	FUZZ_CHECK(name != NULL && msg != NULL && *msg != '\0',
	    "a problem names something and says what");
	FUZZ_CHECK(from_form == 0 || from_form == 1, "from_form %d", from_form);
	if (from_form)
		FUZZ_CHECK(strcmp(msg, "You must be 16 or over") == 0 ||
		    strcmp(msg, "At most two") == 0,
		    "the form's own message: %s", msg);
}

/* Valid UTF-8, and no control but the tabs and newlines text may hold. */
static int
fuzz_answers_clean(const char *v, int text)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t len = strlen(v);

	if (!utf8_valid(v, len))
		return 0;
	for (; *p != '\0'; p++) {
		if ((*p == '\t' || *p == '\n') && text)
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* What the kiosk would have stored from the input's answer v, or NULL. */
/*
 * Whether a question's value may hold the tabs and line breaks a text
 * answer holds: a text question's, and a calculate's, which may join text
 * answers (the roster's names = join(', ', ${name})).
 */
static int
fuzz_answers_texty(enum xlsform_type t)
{
	return t == XLSFORM_TEXT || t == XLSFORM_CALCULATE;
}

static char *
fuzz_answers_expected(enum xlsform_type t, json_t *v)
{
	char *out = NULL;
	json_t *item;
	size_t i, len = 0;

	if (t == XLSFORM_TEXT && json_is_string(v))
		return strdup(json_string_value(v));
	if ((t != XLSFORM_SELECT_MULTIPLE && t != XLSFORM_RANK) ||
	    !json_is_array(v))
		return NULL;
	json_array_foreach(v, i, item) {
		FUZZ_CHECK(json_is_string(item), "a list of names was taken");
		len += json_string_length(item) + 1;
	}
	if ((out = calloc(1, len + 1)) == NULL)
		abort();
	json_array_foreach(v, i, item) {
		if (i > 0)
			strcat(out, " ");
		strcat(out, json_string_value(item));
	}
	return out;
}

/* A response without problems: checked, clean, and the input's. */
static void
fuzz_answers_response(struct survey *s, json_t *obj)
{
	const struct xlsform *f = fuzz_answers_form;
	struct survey_response r;
	struct survey_problem p;
	const char *name;
	json_t *v;
	size_t i, q;
	char *want;

	FUZZ_CHECK(survey_validate(s, &p) == ERR_OK,
	    "the kiosk agrees there is no problem (%s: %s)", p.name, p.msg);
	FUZZ_CHECK(survey_response(s, FUZZ_ANSWERS_T0 + 60, "survey", &r) ==
	    ERR_OK, "the response is built");
	for (i = 0; i < r.nanswers; i++) {
		q = survey_find(s, r.answers[i].name);
		FUZZ_CHECK(q != SURVEY_NONE && survey_relevant(s, q) &&
		    r.answers[i].value[0] != '\0', "answer %s",
		    r.answers[i].name);
		FUZZ_CHECK(survey_check(s, q, &p) == ERR_OK,
		    "%s passes its check", r.answers[i].name);
		FUZZ_CHECK(strlen(r.answers[i].value) <= SURVEY_MAX_ANSWER,
		    "%s is within bounds", r.answers[i].name);
		FUZZ_CHECK(fuzz_answers_clean(r.answers[i].value,
		    fuzz_answers_texty(f->questions[q].type)),
		    "%s is clean UTF-8", r.answers[i].name);
		if (!survey_answerable(s, q))
			continue;
		FUZZ_CHECK((v = json_object_get(obj, r.answers[i].name)) !=
		    NULL, "%s was answered in the input", r.answers[i].name);
		if ((want = fuzz_answers_expected(f->questions[q].type, v)) !=
		    NULL) {
			FUZZ_CHECK(strcmp(want, r.answers[i].value) == 0,
			    "%s is the input's", r.answers[i].name);
			free(want);
		}
	}
	json_object_foreach(obj, name, v) {
		q = survey_find(s, name);
		FUZZ_CHECK(q != SURVEY_NONE && survey_answerable(s, q),
		    "%s takes an answer", name);
		FUZZ_CHECK(survey_relevant(s, q) ||
		    *survey_get_raw(s, q) == '\0', "%s applies", name);
	}
	survey_response_clear(&r);
}

/*
 * The same input against the roster (tests/fixtures/survey/roster: nested
 * repeats, a repeat_count): the counts agree, a failure counts nothing,
 * and without a problem the response's paths name relevant questions and
 * instances, each instance before its answers.
 */
static void
fuzz_answers_repeats(const uint8_t *data, size_t size)
{
	struct fuzz_answers_seen seen = { 0 };
	struct answers_syntax where;
	struct survey_response resp;
	struct survey_problem p;
	struct survey *s = NULL;
	char *cause = NULL;
	const char *name, *slash;
	size_t i, k, q, len;
	int n = -1, r;

	FUZZ_CHECK(survey_new(fuzz_answers_roster, NULL, FUZZ_ANSWERS_T0, &s,
	    NULL) == ERR_OK, "a roster survey starts");
	r = answers_apply(s, (const char *)data, size, fuzz_answers_problem,
	    &seen, &n, &where, &cause);
	FUZZ_CHECK(r == ERR_OK || r == ERR_PARSE || r == ERR_INVALID ||
	    r == ERR_LIMIT, "roster: an expected result %d", r);
	FUZZ_CHECK(n >= 0 && n == seen.calls, "roster: %d problems, %d calls",
	    n, seen.calls);
	if (r != ERR_OK)
		FUZZ_CHECK(n == 0, "roster: a failure counts nothing");
	if (r == ERR_OK && n == 0) {
		FUZZ_CHECK(survey_validate(s, &p) == ERR_OK, "roster: the kiosk "
		    "agrees there is no problem (%s: %s)", p.name, p.msg);
		FUZZ_CHECK(survey_response(s, FUZZ_ANSWERS_T0 + 60, "survey",
		    &resp) == ERR_OK, "roster: the response is built");
		for (i = 0; i < resp.nanswers; i++) {
			name = resp.answers[i].name;
			len = strlen(name);
			q = survey_find_path(s, name, 0);
			/* The instance an answer is in was listed before it. */
			if ((slash = strrchr(name, '/')) != NULL) {
				for (k = 0; k < i; k++)
					if (resp.answers[k].value == NULL &&
					    strlen(resp.answers[k].name) ==
					    (size_t)(slash - name) &&
					    strncmp(resp.answers[k].name, name,
					    (size_t)(slash - name)) == 0)
						break;
				FUZZ_CHECK(k < i, "roster: the instance of %s "
				    "comes first", name);
			}
			if (resp.answers[i].value == NULL)
				FUZZ_CHECK(len > 0 && name[len - 1] == ']',
				    "roster: an instance %s", name);
			else
				FUZZ_CHECK(q != SURVEY_NONE &&
				    survey_relevant(s, q) &&
				    fuzz_answers_clean(resp.answers[i].value,
				    fuzz_answers_texty(fuzz_answers_roster->
				    questions[SURVEY_Q(q)].type)), "roster: answer %s",
				    name);
		}
		survey_response_clear(&resp);
	}
	free(cause);
	survey_free(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_answers_seen seen = { 0 };
	struct answers_syntax where;
	struct survey *s = NULL;
	json_error_t jerr;
	json_t *obj;
	char *cause = NULL;
	int n = -1, r;

	FUZZ_CHECK(survey_new(fuzz_answers_form, NULL, FUZZ_ANSWERS_T0, &s,
	    NULL) == ERR_OK, "a survey starts");
	r = answers_apply(s, (const char *)data, size, fuzz_answers_problem,
	    &seen, &n, &where, &cause);
	obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    &jerr);
	FUZZ_CHECK(n >= 0, "the problem count is %d", n);
	FUZZ_CHECK(n == seen.calls, "%d problems, %d calls", n, seen.calls);
	switch (r) {
	case ERR_OK:
		FUZZ_CHECK(json_is_object(obj) && json_object_size(obj) <=
		    ANSWERS_MAX_ITEMS, "an object of few enough names");
		FUZZ_CHECK(cause == NULL, "no cause");
		if (n == 0)
			fuzz_answers_response(s, obj);
		break;
	case ERR_PARSE:
		FUZZ_CHECK(obj == NULL, "jansson cannot parse it either");
		FUZZ_CHECK(where.line >= 0 && where.column >= 0 &&
		    where.text[0] != '\0', "a place and a message");
		FUZZ_CHECK(!fuzz_has_control(where.text, strlen(where.text), 0)
		    && utf8_valid(where.text, strlen(where.text)),
		    "the message is printable");
		FUZZ_CHECK(cause != NULL && !fuzz_has_control(cause,
		    strlen(cause), 0), "a printable cause");
		break;
	case ERR_INVALID:
		FUZZ_CHECK(obj != NULL && !json_is_object(obj),
		    "not an object");
		break;
	case ERR_LIMIT:
		FUZZ_CHECK(json_is_object(obj) && json_object_size(obj) >
		    ANSWERS_MAX_ITEMS, "too many names");
		break;
	default:
		FUZZ_CHECK(0, "an unexpected result %d", r);
	}
	if (r != ERR_OK)
		FUZZ_CHECK(n == 0 && seen.calls == 0,
		    "a failure counts nothing");
	json_decref(obj);
	free(cause);
	survey_free(&s);
	fuzz_answers_repeats(data, size);
	return 0;
}
