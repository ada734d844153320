/*
 * JSON answers put into a survey (content/answers.h), against the form of
 * tests/fixtures/survey/answers: text, integer, decimal, range,
 * select_one (one with a choice filter), select_multiple, rank, date,
 * acknowledge, a note, a group with a relevant condition, a calculation
 * and a read-only question; constraints with and without the form's own
 * message, in English and French.
 *
 * Checked: good answers and the response they make; every kind of
 * problem, its message, whether it is the form's, and the order problems
 * come in; duplicate names, JSON that is not an object, syntax
 * errors with their line and column, too many names, too large an input,
 * NUL inside a string, deep nesting and huge numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "content/answers.h"
#include "content/buf.h"
#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "tests/unit/test.h"

#define FORM	"tests/fixtures/survey/answers"
#define T0	((time_t)1795428000)	/* 2026-11-23T10:00:00Z */

static struct xlsform *F;
static struct survey *S;

/* What one run of answers_apply gave. */
static struct {
	int			 rc;
	int			 n;
	struct answers_syntax	 where;
	char			*cause;
	struct buf		 log;	/* "name: msg [form]\n" per problem */
	int			 calls;
} R;

static void
collect(void *arg, const char *name, const char *msg, int from_form)
{
	buf_printf(&R.log, "%s: %s%s\n", name, msg, from_form ? " [form]" :
	    "");
	R.calls++;
}

/* Apply json (len bytes) to a fresh survey in lang; returns R.rc. */
static int
apply_len(const char *lang, const char *json, size_t len)
{
	survey_free(&S);
	buf_free(&R.log);
	free(R.cause);
	R.cause = NULL;
	R.calls = 0;
	R.n = -1;
	if (survey_new(F, lang, T0, &S, NULL) != 0) {
		R.rc = 1;
		return R.rc;
	}
	R.rc = answers_apply(S, json, len, collect, NULL, &R.n, &R.where,
	    &R.cause);
	return R.rc;
}

static int
apply(const char *json)
{
	return apply_len(NULL, json, strlen(json));
}

/* The problems of the last run, one per line ("" when none). */
static const char *
problems(void)
{
	return buf_str(&R.log);
}

/* The answer the survey holds for name (even when not relevant). */
static const char *
raw(const char *name)
{
	return survey_get_raw(S, survey_find(S, name));
}

/* The value of name in the response, or NULL when it is not there. */
static const char *
response_value(const char *name)
{
	static char buf[256];
	struct survey_response r;
	const char *v = NULL;
	size_t i;

	if (survey_response(S, T0 + 60, "survey", &r) != 0)
		return NULL;
	for (i = 0; i < r.nanswers; i++)
		if (strcmp(r.answers[i].name, name) == 0) {
			snprintf(buf, sizeof buf, "%s", r.answers[i].value);
			v = buf;
		}
	survey_response_clear(&r);
	return v;
}

/* A JSON object of n unknown names ("k0": 0, ...). Caller frees. */
static char *
many(int n)
{
	struct buf b = BUF_INIT;
	int i;

	buf_addch(&b, '{');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\"k%d\": 0", i > 0 ? ", " : "", i);
	buf_addch(&b, '}');
	return buf_detach(&b, NULL);
}

/* "{\"order\": " + depth brackets around "red" + "}". Caller frees. */
static char *
nested(int depth, const char *open, const char *close)
{
	struct buf b = BUF_INIT;
	int i;

	buf_addstr(&b, "{\"order\": ");
	for (i = 0; i < depth; i++)
		buf_addstr(&b, open);
	buf_addstr(&b, "\"red\"");
	for (i = 0; i < depth; i++)
		buf_addstr(&b, close);
	buf_addch(&b, '}');
	return buf_detach(&b, NULL);
}

static void
test_good(void)
{
	const char *good = "{\"age\": 40, \"name\": \"Ann\", "
	    "\"height\": 1.75, \"score\": 4, \"pets\": \"yes\", "
	    "\"pet_name\": \"Rex\", \"kinds\": [\"cat\", \"dog\"], "
	    "\"order\": [\"blue\", \"red\", \"green\"], \"region\": \"north\", "
	    "\"city\": \"a1\", \"visit\": \"2026-01-02\", \"ok\": \"OK\"}";

	CHECK_INT(apply(good), 0, "good answers are taken");
	CHECK_INT(R.n, 0, "with no problems");
	CHECK_STR(problems(), "", "and no calls");
	CHECK(R.cause == NULL, "and no cause");
	CHECK_STR(response_value("age"), "40", "a number for an integer");
	CHECK_STR(response_value("height"), "1.75", "a number for a decimal");
	CHECK_STR(response_value("score"), "4", "a number for a range");
	CHECK_STR(response_value("kinds"), "cat dog",
	    "a list for select_multiple, joined with a space");
	CHECK_STR(response_value("order"), "blue red green",
	    "a list for rank, in its order");
	CHECK_STR(response_value("pet_name"), "Rex", "text as given");
	CHECK_STR(response_value("city"), "a1", "a filtered choice");
	CHECK_STR(response_value("summary"), "age 40",
	    "the calculation follows the answers");
	CHECK(response_value("intro") == NULL, "a note has no answer");

	CHECK_INT(apply("{\"age\": \"41\", \"kinds\": \" fish  cat \", "
	    "\"pets\": \"yes\", \"order\": \"green blue red\"}"), 0,
	    "strings for numbers and lists");
	CHECK_INT(R.n, 0, "are good too");
	CHECK_STR(raw("age"), "41", "the integer as a string");
	CHECK_STR(raw("kinds"), "fish cat", "blanks in a list string tidied");

	CHECK_INT(apply("{\"age\": 4e1, \"height\": 2, \"score\": 10.0, "
	    "\"pets\": \"\"}"), 0, "numbers in other spellings");
	CHECK_INT(R.n, 0, "are good");
	CHECK_STR(raw("age"), "40", "4e1 is 40");
	CHECK_STR(raw("score"), "10", "10.0 is 10");
	CHECK_STR(raw("pets"), "", "an empty string is no answer");

	CHECK_INT(apply("{\"age\": 40, \"pets\": \"no\", \"pet_name\": \"\", "
	    "\"kinds\": []}"), 0, "empty answers where nothing applies");
	CHECK_INT(R.n, 0, "are not a problem");

	CHECK_INT(apply(" \n{ \"age\" : 16 }\n\n"), 0, "blanks around the "
	    "object");
	CHECK_INT(R.n, 0, "16 is allowed");
}

static void
test_not_answerable(void)
{
	const char *want =
	    "nope: there is no question with this name in the form\n"
	    "intro: this is not a question that takes an answer (a note, a "
	    "group, a calculation or a read-only question)\n"
	    "pet_group: this is not a question that takes an answer (a note, "
	    "a group, a calculation or a read-only question)\n"
	    "summary: this is not a question that takes an answer (a note, a "
	    "group, a calculation or a read-only question)\n"
	    "fixed: this is not a question that takes an answer (a note, a "
	    "group, a calculation or a read-only question)\n"
	    "started: this is not a question that takes an answer (a note, a "
	    "group, a calculation or a read-only question)\n"
	    "\xc3\xa2ge: there is no question with this name in the form\n"
	    "\x1b[31mred: there is no question with this name in the form\n";

	CHECK_INT(apply("{\"age\": 40, \"nope\": 1, \"intro\": \"x\", "
	    "\"pet_group\": \"x\", \"summary\": \"x\", \"fixed\": \"x\", "
	    "\"started\": \"x\", \"\\u00e2ge\": 1, \"\\u001b[31mred\": 1}"), 0,
	    "names that take no answer are problems, not errors");
	CHECK_INT(R.n, 8, "one each");
	CHECK_INT(R.calls, 8, "one call each");
	CHECK_STR(problems(), want, "an unknown name, a note, a group, a "
	    "calculation, read-only, metadata; names given raw, in order");
}

static void
test_kinds(void)
{
	CHECK_INT(apply("{\"age\": 40, \"name\": [\"a\"], \"pets\": 1, "
	    "\"kinds\": {\"cat\": 1}, \"height\": true, \"score\": null, "
	    "\"order\": 3, \"visit\": 20260102, \"ok\": false}"), 0,
	    "answers of the wrong JSON kind");
	CHECK_INT(R.n, 8, "eight problems");
	CHECK_STR(problems(),
	    "name: the answer must be a string\n"
	    "pets: the answer must be a string\n"
	    "kinds: the answer must be a list of choice names, or a string "
	    "of them separated by spaces\n"
	    "height: the answer must be a number or a string\n"
	    "score: the answer must be a number or a string\n"
	    "order: the answer must be a list of choice names, or a string "
	    "of them separated by spaces\n"
	    "visit: the answer must be a string\n"
	    "ok: the answer must be a string\n",
	    "each named with the kind it wants");

	CHECK_INT(apply("{\"age\": 40, \"kinds\": [\"cat\", 3], "
	    "\"order\": [\"red green\", \"blue\"]}"), 0, "bad list items");
	CHECK_STR(problems(),
	    "kinds: each item of the list must be one choice name\n"
	    "order: each item of the list must be one choice name\n",
	    "a number, two names in one item");
	CHECK_INT(apply("{\"age\": 40, \"kinds\": [[\"cat\"]]}"), 0,
	    "a list in a list");
	CHECK_STR(problems(), "kinds: each item of the list must be one "
	    "choice name\n", "is not a choice name");

	/* A blank of any kind would split an item into two choices. */
	apply("{\"age\": 40, \"pets\": \"yes\", \"kinds\": [\"cat\\tdog\"], "
	    "\"order\": [\"red\\ngreen\", \"blue\"]}");
	CHECK_STR(problems(),
	    "kinds: each item of the list must be one choice name\n"
	    "order: each item of the list must be one choice name\n",
	    "an item with a tab or a newline is two names, not one");
	CHECK_STR(raw("kinds"), "", "and is not taken as two choices");
	apply("{\"age\": 40, \"pets\": \"yes\", \"kinds\": [\"\", \"cat\"], "
	    "\"order\": [\"red\\r\", \"green\", \"blue\"]}");
	CHECK_STR(problems(),
	    "kinds: each item of the list must be one choice name\n"
	    "order: each item of the list must be one choice name\n",
	    "an empty item, a trailing carriage return");
}

static void
test_checks(void)
{
	char *big;

	CHECK_INT(apply("{}"), 0, "no answers at all");
	CHECK_STR(problems(), "age: This question needs an answer.\n",
	    "the required question is missing, in the survey's words");

	apply("{\"age\": 12}");
	CHECK_STR(problems(), "age: You must be 16 or over [form]\n",
	    "the form's constraint message, marked as the form's");
	apply_len("fr", "{\"age\": 12}", 11);
	CHECK_STR(problems(), "age: Vous devez avoir 16 ans ou plus [form]\n",
	    "in French for a French survey");
	apply("{\"age\": 40, \"name\": \"Bartholomew-Alexander-Smith\"}");
	CHECK_STR(problems(), "name: That answer is not allowed here.\n",
	    "a constraint without a message: the survey's sentence");
	apply("{\"age\": 40, \"pets\": \"yes\", \"kinds\": [\"cat\", \"dog\", "
	    "\"fish\"]}");
	CHECK_STR(problems(), "kinds: At most two [form]\n",
	    "a select_multiple constraint");

	apply("{\"age\": \"forty\", \"height\": \"tall\", \"score\": 3, "
	    "\"visit\": \"2026-02-30\", \"ok\": \"ok\"}");
	CHECK_INT(R.n, 5, "five type problems");
	CHECK_STR(problems(),
	    "age: Please type a whole number, for example 42.\n"
	    "height: Please type a number, for example 2.5.\n"
	    "score: Please choose one of the numbers on the scale.\n"
	    "visit: Please type a real date like 2026-11-23 (year-month-day).\n"
	    "ok: Please confirm by choosing OK.\n",
	    "integer, decimal, range step, date, acknowledge; in form order");
	apply("{\"age\": 40.5, \"score\": 12, \"height\": -1}");
	CHECK_STR(problems(),
	    "age: Please type a whole number, for example 42.\n"
	    "height: That answer is not allowed here.\n"
	    "score: Please choose one of the numbers on the scale.\n",
	    "a fraction for an integer, off the scale, a decimal constraint");

	apply("{\"age\": 40, \"pets\": \"maybe\", \"order\": \"red blue\", "
	    "\"region\": \"south\", \"city\": \"a1\"}");
	CHECK_STR(problems(),
	    "pets: Please choose one of the answers shown.\n"
	    "order: Please put every item in order, each one once.\n"
	    "city: Please choose one of the answers shown.\n",
	    "not a choice, a rank missing one, a choice the filter hides");
	apply("{\"age\": 40, \"pets\": \"yes\", \"kinds\": [\"cat\", \"cat\"],"
	    " \"order\": [\"red\", \"red\", \"blue\"], \"region\": "
	    "\"north south\"}");
	CHECK_STR(problems(),
	    "kinds: Please choose each answer only once.\n"
	    "order: Please put every item in order, each one once.\n"
	    "region: Please choose one of the answers shown.\n",
	    "repeated choices, two answers to select_one");

	apply("{\"age\": 40, \"name\": \"a\\u0007b\", \"pet_name\": \"x\"}");
	CHECK_STR(problems(),
	    "pet_name: this question does not apply given the other answers "
	    "(its relevant condition is false)\n"
	    "name: That answer has characters that cannot be used.\n",
	    "relevance first, then the checks in form order");
	apply("{\"pets\": \"no\", \"pet_name\": \"Rex\", \"age\": 40}");
	CHECK_INT(R.n, 1, "an answer that the other answers rule out");
	CHECK_STR(raw("pet_name"), "Rex", "is still held (and not relevant)");
	CHECK(response_value("pet_name") == NULL, "and not in the response");
	apply("{\"pet_name\": \"Rex\", \"pets\": \"yes\", \"age\": 40}");
	CHECK_INT(R.n, 0, "relevance is judged once every answer is in");

	apply("{\"age\": 40, \"name\": \"tab\\there\\nnewline\"}");
	CHECK_STR(problems(), "", "tabs and newlines are text");
	CHECK_STR(raw("name"), "tab\there\nnewline", "and kept as given");

	if ((big = malloc(SURVEY_MAX_ANSWER + 32)) == NULL)
		abort();
	memcpy(big, "{\"name\": \"", 10);
	memset(big + 10, 'x', SURVEY_MAX_ANSWER + 1);
	memcpy(big + 10 + SURVEY_MAX_ANSWER + 1, "\", \"age\": 40}", 14);
	apply(big);
	CHECK_STR(problems(), "name: the answer is too long\n",
	    "more than SURVEY_MAX_ANSWER bytes");
	memset(big + 10, 'x', SURVEY_MAX_TEXT_CHARS + 1);
	memcpy(big + 10 + SURVEY_MAX_TEXT_CHARS + 1, "\", \"age\": 40}", 14);
	apply(big);
	CHECK_STR(problems(), "name: the answer is too long\n",
	    "more than SURVEY_MAX_TEXT_CHARS characters");
	free(big);
}

static void
test_lists(void)
{
	struct buf b = BUF_INIT;
	char *json;
	int i;

	buf_addstr(&b, "{\"age\": 40, \"pets\": \"yes\", \"kinds\": [");
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "%s\"cat\"", i > 0 ? "," : "");
	buf_addstr(&b, "]}");
	json = buf_detach(&b, NULL);
	apply(json);
	CHECK_STR(problems(), "kinds: the answer is too long\n",
	    "a list longer than an answer may be");
	free(json);
	apply("{\"age\": 40, \"pets\": \"yes\", \"kinds\": [\"cat\"], "
	    "\"order\": []}");
	CHECK_INT(R.n, 0, "a list of one, an empty list (no answer)");
	CHECK_STR(raw("kinds"), "cat", "the one choice");
	CHECK_STR(raw("order"), "", "nothing");
}

static void
test_numbers(void)
{
	CHECK_INT(apply("{\"age\": 1e300, \"height\": 1e-300}"), 0,
	    "huge and tiny numbers parse");
	CHECK_STR(problems(),
	    "age: Please type a whole number, for example 42.\n"
	    "height: Please type a number, for example 2.5.\n",
	    "and are refused by the type check");
	CHECK_INT(apply("{\"age\": 2147483648}"), 0, "beyond 32 bits");
	CHECK_STR(problems(), "age: Please type a whole number, for example "
	    "42.\n", "is not an xsd:int");
	CHECK_INT(apply("{\"age\": -0.0, \"score\": -0}"), 0, "minus zero");
	CHECK_STR(raw("score"), "0", "reads 0");
	CHECK_INT(apply("{\"age\": 1e400}"), ERR_PARSE,
	    "a number too large for a double is a syntax error");
	CHECK(R.cause != NULL && strstr(R.cause, "overflow") != NULL,
	    "that says so: %s", R.cause ? R.cause : "(null)");
	CHECK_INT(apply("{\"age\": 123456789012345678901234567890}"),
	    ERR_PARSE, "an integer too large for 64 bits too");
	CHECK_INT(apply("{\"age\": NaN}"), ERR_PARSE, "NaN is not JSON");
	CHECK_INT(apply("{\"age\": 0x10}"), ERR_PARSE, "nor hex");
}

static void
test_syntax(void)
{
	const char *bad = "{\n  \"age\": 40,\n  oops\n}";
	char raw_nul[] = "{\"age\": \"4\0\"}";
	char *deep;

	CHECK_INT(apply(bad), ERR_PARSE, "invalid JSON");
	CHECK_INT(R.where.line, 3, "its line");
	CHECK_INT(R.where.column, 6, "its column");
	CHECK_STR(R.where.text, "string or '}' expected near 'oops'",
	    "the parser's text");
	CHECK_STR(R.cause, "line 3, column 6: string or '}' expected near "
	    "'oops'",
	    "and the cause says all three");
	CHECK_INT(R.n, 0, "no problems counted");
	CHECK_INT(R.calls, 0, "none reported");
	CHECK_STR(raw("age"), "", "and nothing set");

	CHECK_INT(apply(""), ERR_PARSE, "no input");
	CHECK_INT(apply("{\"age\": 40"), ERR_PARSE, "an object cut short");
	CHECK_INT(apply("{\"age\": 40} {}"), ERR_PARSE, "two objects");
	CHECK_INT(apply("{\"age\": 40,}"), ERR_PARSE, "a trailing comma");
	CHECK_INT(apply("{'age': 40}"), ERR_PARSE, "single quotes");
	CHECK_INT(apply("{\"age\": \"\xff\"}"), ERR_PARSE, "invalid UTF-8");
	CHECK_INT(apply("{\"name\": \"\\ud800\"}"), ERR_PARSE,
	    "a lone surrogate");
	CHECK_INT(apply("{\"name\": \"a\x1b" "b\"}"), ERR_PARSE,
	    "a raw control character in a string");
	CHECK(strchr(R.where.text, '\x1b') == NULL &&
	    strchr(R.cause, '\x1b') == NULL, "the message has no escape byte: "
	    "%s", R.where.text);

	CHECK_INT(apply("{\"name\": \"a\\u0000b\"}"), ERR_PARSE,
	    "NUL inside a string");
	CHECK(strstr(R.where.text, "\\u0000") != NULL, "says so: %s",
	    R.where.text);
	CHECK_INT(apply("{\"a\\u0000b\": \"x\"}"), ERR_PARSE,
	    "NUL inside a name");
	CHECK_INT(apply_len(NULL, raw_nul, sizeof raw_nul - 1), ERR_PARSE,
	    "a raw NUL byte inside a string");
	CHECK_INT(apply_len(NULL, "{\"age\": 40}XXXX", 11), 0,
	    "only len bytes are read");
	CHECK_INT(R.n, 0, "the rest is not looked at");

	CHECK_INT(apply("{\"age\": 40, \"age\": 41}"), ERR_PARSE,
	    "a duplicate name");
	CHECK(R.cause != NULL && strstr(R.cause, "duplicate") != NULL,
	    "is refused by name: %s", R.cause ? R.cause : "(null)");
	CHECK_INT(apply("{\"pets\": {\"a\": 1, \"a\": 2}}"), ERR_PARSE,
	    "even inside a value");

	deep = nested(100, "[", "]");
	CHECK_INT(apply(deep), 0, "lists 100 deep parse");
	CHECK_STR(problems(), "order: each item of the list must be one "
	    "choice name\nage: This question needs an answer.\n",
	    "and are not a choice name");
	free(deep);
	deep = nested(100000, "[", "]");
	CHECK_INT(apply(deep), ERR_PARSE, "lists 100,000 deep are refused");
	CHECK(strstr(R.where.text, "depth") != NULL, "for their depth: %s",
	    R.where.text);
	free(deep);
	deep = nested(100000, "{\"a\": ", "}");
	CHECK_INT(apply(deep), ERR_PARSE, "objects 100,000 deep too");
	free(deep);
}

static void
test_shape(void)
{
	const char *lists[] = { "[\"age\", 40]", "[]", "[{\"age\": 40}]" };
	const char *scalars[] = { "\"age\"", "40", "null", "true" };
	char *json;
	size_t i;

	for (i = 0; i < sizeof lists / sizeof *lists; i++) {
		CHECK_INT(apply(lists[i]), ERR_INVALID, "%s is not an object",
		    lists[i]);
		CHECK(R.n == 0 && R.calls == 0 && R.cause != NULL,
		    "no problems, a cause");
	}
	/* The parser takes only an object or an array at the top. */
	for (i = 0; i < sizeof scalars / sizeof *scalars; i++) {
		CHECK_INT(apply(scalars[i]), ERR_PARSE, "%s is not JSON text "
		    "here", scalars[i]);
		CHECK(R.n == 0 && R.calls == 0 && strstr(R.where.text,
		    "expected") != NULL, "it says what it expected: %s",
		    R.where.text);
	}

	json = many(ANSWERS_MAX_ITEMS + 1);
	CHECK_INT(apply(json), ERR_LIMIT, "more than ANSWERS_MAX_ITEMS names");
	CHECK(R.n == 0 && R.calls == 0, "nothing reported");
	free(json);
	json = many(ANSWERS_MAX_ITEMS);
	CHECK_INT(apply(json), 0, "exactly ANSWERS_MAX_ITEMS");
	CHECK_INT(R.n, ANSWERS_MAX_ITEMS + 1, "each unknown, and the age");
	free(json);

	if ((json = malloc(ANSWERS_MAX_INPUT + 1)) == NULL)
		abort();
	memset(json, ' ', ANSWERS_MAX_INPUT + 1);
	memcpy(json, "{}", 2);
	CHECK_INT(apply_len(NULL, json, ANSWERS_MAX_INPUT), 0,
	    "ANSWERS_MAX_INPUT bytes are read");
	CHECK_INT(apply_len(NULL, json, ANSWERS_MAX_INPUT + 1), ERR_LIMIT,
	    "one more is too large");
	free(json);
}

static void
test_optional(void)
{
	int n = -1;

	survey_free(&S);
	if (survey_new(F, NULL, T0, &S, NULL) != 0)
		abort();
	CHECK_INT(answers_apply(S, "{\"nope\": 1}", 11, NULL, NULL, &n, NULL,
	    NULL), 0, "without a callback, a place or a cause");
	CHECK_INT(n, 2, "the problems are still counted");
	n = -1;
	CHECK_INT(answers_apply(S, "{", 1, NULL, NULL, &n, NULL, NULL),
	    ERR_PARSE, "a syntax error without a place or a cause");
	CHECK_INT(n, 0, "counts nothing");
}

/* A repeat's instances: an array of objects, as in a submission. */
static void
test_repeats(void)
{
	struct xlsform *form = F;
	struct xlsform *roster = NULL;
	struct survey_response r;

	if (xlsform_load("tests/fixtures/survey/roster", &roster, NULL,
	    NULL) != 0) {
		CHECK(0, "the roster fixture loads");
		return;
	}
	F = roster;
	CHECK_INT(apply("{\"hh\": \"Smith\", \"member\": [{\"name\": "
	    "\"Ann\", \"age\": 40, \"works\": \"yes\"}, {\"name\": "
	    "\"Bob\", \"age\": 9}], \"nvisits\": 1, \"visit\": "
	    "[{\"when\": \"2026-11-01\", \"visit_note\": [{\"what\": "
	    "\"Tea\"}]}]}"), 0, "answers with repeats apply");
	CHECK_STR(problems(), "", "and are all fine");
	CHECK(survey_response(S, T0, "survey", &r) == 0 && r.nanswers == 20,
	    "the response holds them, instances included (%zu)", r.nanswers);
	survey_response_clear(&r);
	CHECK_STR(survey_get(S, survey_find_path(S, "member[2]/name", 0)),
	    "Bob", "the second member's name");
	apply("{\"hh\": \"Smith\", \"member\": [{\"name\": \"Ann\", "
	    "\"age\": 9, \"works\": \"yes\"}, {\"nom\": \"x\"}, {}]}");
	CHECK_STR(problems(), "member[2]/nom: there is no question with this "
	    "name in the form\nmember[1]/works: this question does not apply "
	    "given the other answers (its relevant condition is false)\n"
	    "name: This question needs an answer.\nname: This question needs "
	    "an answer.\n",
	    "unknown names, answers that do not apply and required questions, "
	    "instance by instance");
	apply("{\"hh\": \"x\", \"member\": [\"Ann\"]}");
	CHECK(strstr(problems(), "member: there is no question") != NULL,
	    "an instance must be an object: %s", problems());
	survey_free(&S);
	F = form;
	xlsform_free(&roster);
}

int
main(void)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	char *cause = NULL;

	if (xlsform_load(FORM, &F, &errs, &cause) != 0) {
		CHECK(0, "the fixture %s loads: %s", FORM, cause ? cause :
		    "errors");
		xlsform_errors_clear(&errs);
		free(cause);
		return test_done();
	}
	test_good();
	test_not_answerable();
	test_kinds();
	test_checks();
	test_lists();
	test_numbers();
	test_syntax();
	test_shape();
	test_optional();
	test_repeats();
	survey_free(&S);
	buf_free(&R.log);
	free(R.cause);
	xlsform_free(&F);
	return test_done();
}
