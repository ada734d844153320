/*
 * The survey runtime: defaults, relevance appearing and vanishing, nested
 * groups, calculations (chained and forward), choice filters, every type's
 * validation, required and constraint messages in two languages,
 * navigation that skips what is not relevant, and the response.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "tests/unit/test.h"

#define T0	((time_t)1795428000)	/* 2026-11-23T10:00:00Z */

static struct survey *S;

static size_t
Q(const char *name)
{
	return survey_find(S, name);
}

static int
set(const char *name, const char *v)
{
	return survey_set(S, Q(name), v);
}

static const char *
get(const char *name)
{
	return survey_get(S, Q(name));
}

/* The message of the problem with question name, or "ok". */
static const char *
problem(const char *name)
{
	static struct survey_problem p;

	if (survey_check(S, Q(name), &p) == 0)
		return "ok";
	return p.msg;
}

static int
valid(const char *name, const char *v)
{
	set(name, v);
	return survey_check(S, Q(name), NULL) == 0;
}

static int
shown_count(void)
{
	size_t pos, total;

	survey_progress(S, 0, &pos, &total);
	return (int)total;
}

static char *
label(const char *name)
{
	static char buf[256];
	char *l = survey_label(S, Q(name));

	snprintf(buf, sizeof buf, "%s", l != NULL ? l : "(null)");
	free(l);
	return buf;
}

static const char *
answer_text(const char *name)
{
	static char buf[256];
	char *t = survey_answer_text(S, Q(name));

	snprintf(buf, sizeof buf, "%s", t != NULL ? t : "(null)");
	free(t);
	return buf;
}

static struct xlsform *
load(const char *path)
{
	struct xlsform *f = NULL;

	if (xlsform_load(path, &f, NULL, NULL) != 0)
		return NULL;
	return f;
}

static void
test_basics(void)
{
	size_t i, n;

	CHECK_STR(get("started"), "2026-11-23T10:00:00Z", "start metadata is the start time");
	CHECK_STR(get("day"), "2026-11-23", "today metadata is the start date");
	CHECK_STR(get("who"), "friend", "a literal default is filled in");
	CHECK_STR(get("fixed"), "set", "a read-only question keeps its default");
	CHECK_INT(set("fixed", "changed"), ERR_INVALID, "a read-only question cannot be answered");
	CHECK_INT(set("hello", "x"), ERR_INVALID, "a note cannot be answered");
	CHECK_INT(set("total", "3"), ERR_INVALID, "a calculation cannot be answered");
	CHECK_INT(survey_set(S, Q("pets"), "x"), ERR_INVALID, "a group cannot be answered");
	CHECK_INT(survey_set(S, SURVEY_NONE, "x"), ERR_INVALID, "an unknown question cannot be answered");
	CHECK(Q("nope") == SURVEY_NONE, "an unknown name is not found");
	CHECK(Q("pets") != SURVEY_NONE && survey_form(S)->questions[Q("pets")].type == XLSFORM_BEGIN_GROUP, "a group is found by name");
	CHECK(!survey_answerable(S, Q("hello")) && !survey_answerable(S, Q("total")) && survey_answerable(S, Q("who")) && !survey_answerable(S, Q("fixed")), "what a person can answer");
	CHECK_STR(survey_lang(S), "en", "the language is kept");
	CHECK_STR(label("hello"), "Hello friend", "a label interpolates an answer");
	{
		char *h = survey_hint(S, Q("hello"));

		CHECK_STR(h, "A hint for friend", "a hint interpolates an answer");
		free(h);
	}
	CHECK(survey_hint(S, Q("who")) == NULL, "no hint gives NULL");
	set("who", "Ada");
	CHECK_STR(label("hello"), "Hello Ada", "the label follows the answer");
	/* Screens: one per question, the field-list group as one. */
	n = survey_nscreens(S);
	CHECK_INT(n, 18, "18 screens (field-list group is one, calculations none)");
	CHECK(survey_screen_of(S, Q("pet_names")) == survey_screen_of(S, Q("pet_detail")) && survey_screen_of(S, Q("pet_kinds")) == survey_screen_of(S, Q("pet_detail")), "a field-list group's questions share its screen");
	CHECK(survey_screen_of(S, Q("total")) == SURVEY_NONE, "a calculation has no screen");
	CHECK(survey_screen_of(S, Q("pets")) == SURVEY_NONE, "a plain group has no screen of its own");
	CHECK(survey_screen_of(S, Q("n_pets")) != SURVEY_NONE, "a question in a plain group has one");
	i = survey_screen_of(S, Q("pet_detail"));
	CHECK(survey_screen(S, i)->first == Q("pet_detail") && survey_form(S)->questions[survey_screen(S, i)->last].type == XLSFORM_END_GROUP, "the group's screen runs from begin to end");
	CHECK(survey_screen(S, n) == NULL, "no screen past the end");
	CHECK_INT(survey_first(S), 0, "the first screen is the first note");
}

static void
test_relevance(void)
{
	size_t before, after;

	CHECK(!survey_relevant(S, Q("n_pets")), "a question in a hidden group is not relevant");
	CHECK(!survey_relevant(S, Q("pet_names")), "nor one in a group inside it");
	before = (size_t)shown_count();
	CHECK_INT(survey_next(S, survey_screen_of(S, Q("has_pets"))), survey_screen_of(S, Q("summary")), "Next skips the hidden group");
	set("has_pets", "yes");
	CHECK(survey_relevant(S, Q("pets")) && survey_relevant(S, Q("n_pets")), "answering yes makes the group appear");
	CHECK(!survey_relevant(S, Q("pet_detail")), "the inner group waits for its own condition");
	after = (size_t)shown_count();
	CHECK_INT(after, before + 1, "the count of screens grows by one");
	CHECK_INT(survey_next(S, survey_screen_of(S, Q("has_pets"))), survey_screen_of(S, Q("n_pets")), "Next now goes into the group");
	set("n_pets", "3");
	CHECK(survey_relevant(S, Q("pet_detail")) && survey_relevant(S, Q("pet_names")) && survey_relevant(S, Q("pet_kinds")), "3 pets show the field-list group");
	CHECK_INT(shown_count(), (int)before + 2, "and the count grows again");
	set("n_pets", "1");
	CHECK(!survey_relevant(S, Q("pet_names")), "1 pet hides it again");
	set("n_pets", "3");
	set("pet_names", "Tom and Rex");
	set("has_pets", "no");
	CHECK(!survey_relevant(S, Q("n_pets")) && !survey_relevant(S, Q("pet_names")), "no pets hides the group and everything in it");
	CHECK_STR(get("n_pets"), "", "a hidden answer reads as empty");
	CHECK_STR(survey_get_raw(S, Q("n_pets")), "3", "but it is kept");
	CHECK_INT(shown_count(), (int)before, "the count is back where it was");
	CHECK_INT(survey_prev(S, survey_screen_of(S, Q("summary"))), survey_screen_of(S, Q("has_pets")), "Back skips the hidden group too");
	set("has_pets", "yes");
	CHECK_STR(get("n_pets"), "3", "the answer comes back with its question");
	CHECK_STR(get("pet_names"), "Tom and Rex", "and so does the nested one");
	CHECK(!survey_screen_shown(S, survey_nscreens(S)), "a screen past the end is not shown");
}

static void
test_calculations(void)
{
	set("n_people", "4");
	set("has_pets", "yes");
	set("n_pets", "3");
	CHECK_STR(get("total"), "7", "a calculation adds two answers");
	CHECK_STR(get("twice"), "14", "a calculation of a calculation follows");
	CHECK_STR(label("summary"), "You told us about 7 in all.", "a note shows a calculation");
	CHECK_STR(get("early"), "pyes", "a calculation reading a later one settles");
	set("has_pets", "no");
	CHECK_STR(get("total"), "4", "a hidden answer counts as empty (coalesce)");
	CHECK_STR(get("twice"), "8", "and the chain follows");
	CHECK_STR(get("early"), "pno", "the forward reference follows too");
	set("n_people", "");
	CHECK_STR(get("total"), "", "a calculation that is NaN is stored empty, "
	    "as Collect stores it");
	set("n_people", "4");
	set("has_pets", "yes");
}

static void
test_required_constraint(void)
{
	struct survey_problem p;

	set("n_people", "");
	CHECK_INT(survey_check(S, Q("n_people"), &p), ERR_INVALID, "a required question without an answer fails");
	CHECK(p.kind == SURVEY_P_REQUIRED && p.from_form && strcmp(p.msg, "Tell us how many") == 0, "with the form's required message");
	CHECK_STR(p.name, "n_people", "the problem names the question");
	CHECK(p.q == Q("n_people"), "and gives its index");
	survey_set_lang(S, "fr");
	CHECK_STR(problem("n_people"), "Dites-nous combien", "the required message is in French in French");
	CHECK_STR(label("n_people"), "Combien de personnes ?", "so is the label");
	survey_set_lang(S, "Français");
	CHECK_STR(label("n_people"), "Combien de personnes ?", "the language may be given by name");
	survey_set_lang(S, "en");
	CHECK_STR(problem("n_pets"), "ok", "n_pets is fine while it has an answer");
	set("n_pets", "");
	CHECK(survey_check(S, Q("n_pets"), &p) != 0 && !p.from_form && strcmp(p.msg, "This question needs an answer.") == 0, "a required question without a message gets the default");
	set("has_pets", "no");
	CHECK_STR(problem("n_pets"), "ok", "a hidden required question is not asked for");
	set("has_pets", "yes");
	set("n_pets", "3");
	set("n_people", "21");
	CHECK_STR(problem("n_people"), "From 1 to 20 please", "a constraint gives its message");
	CHECK(survey_check(S, Q("n_people"), &p) != 0 && p.kind == SURVEY_P_CONSTRAINT, "as a constraint problem");
	survey_set_lang(S, "fr");
	CHECK_STR(problem("n_people"), "From 1 to 20 please", "a message missing in French falls back to English");
	survey_set_lang(S, "en");
	CHECK(!valid("n_people", "0"), "0 is below the constraint");
	CHECK(valid("n_people", "20"), "20 is inside it");
	CHECK(valid("n_people", "6"), "6 is inside it");
	CHECK_STR(problem("why"), "This question needs an answer.", "a required expression that holds requires");
	set("n_people", "5");
	CHECK_STR(problem("why"), "ok", "and does not when it fails");
	CHECK(!survey_required(S, Q("why")), "survey_required reads the expression");
	CHECK(survey_required(S, Q("n_people")), "and the flag");
	CHECK_STR(problem("who"), "ok", "an optional question is fine empty");
	set("pet_kinds", "cat dog fish");
	CHECK_STR(problem("pet_kinds"), "At most two", "select_multiple constraint with count-selected");
	CHECK(valid("pet_kinds", "cat dog"), "two kinds pass");
	CHECK(valid("pet_kinds", ""), "no kinds pass (not required)");
}

static void
test_types(void)
{
	char big[SURVEY_MAX_ANSWER + 2];
	char *longtext;
	size_t i;

	/* integer */
	CHECK(!valid("n_people", "abc"), "integer: letters fail");
	CHECK_STR(problem("n_people"), "Please type a whole number, for example 42.", "integer: says what it wants");
	CHECK(!valid("n_people", "2.5"), "integer: a decimal fails");
	CHECK(!valid("n_people", "1e1"), "integer: an exponent fails");
	CHECK(!valid("n_people", "+5"), "integer: a plus sign fails");
	CHECK(!valid("n_people", "99999999999"), "integer: beyond 32 bits fails");
	CHECK(!valid("n_people", "-"), "integer: a lone minus fails");
	CHECK(valid("n_people", " 7 "), "integer: blanks around are trimmed");
	CHECK_STR(get("n_people"), "7", "integer: stored trimmed");
	CHECK(valid("n_pets", "2147483647"), "integer: the largest 32-bit value passes");
	CHECK(!valid("n_pets", "2147483648"), "integer: one more fails");
	CHECK(valid("n_pets", "-2147483648"), "integer: the smallest passes");
	set("n_pets", "3");
	/* decimal */
	CHECK(valid("height", "1.75"), "decimal: 1.75");
	CHECK(valid("height", "-.5"), "decimal: -.5");
	CHECK(valid("height", "3"), "decimal: 3");
	CHECK(valid("height", "3."), "decimal: 3.");
	CHECK(!valid("height", "1,5"), "decimal: a comma fails");
	CHECK(!valid("height", "1e2"), "decimal: an exponent fails");
	CHECK(!valid("height", "."), "decimal: a lone point fails");
	CHECK(!valid("height", "nan"), "decimal: nan fails");
	CHECK(!valid("height", "1.2.3"), "decimal: two points fail");
	CHECK_STR(problem("height"), "Please type a number, for example 2.5.", "decimal: says what it wants");
	set("height", "");
	/* range */
	CHECK(valid("score", "4"), "range: on a step");
	CHECK(valid("score", "0"), "range: the start");
	CHECK(valid("score", "10"), "range: the end");
	CHECK(!valid("score", "5"), "range: off the step");
	CHECK(!valid("score", "12"), "range: past the end");
	CHECK(!valid("score", "-2"), "range: before the start");
	CHECK(!valid("score", "x"), "range: not a number");
	CHECK_STR(problem("score"), "Please choose one of the numbers on the scale.", "range: says what it wants");
	CHECK(valid("half", "1.5"), "range: half steps");
	CHECK(!valid("half", "1.25"), "range: a quarter is off the step");
	CHECK(valid("half", "2"), "range: half steps reach the end");
	/* date */
	CHECK(valid("dob", "2000-02-29"), "date: a leap day in 2000");
	CHECK(!valid("dob", "1900-02-29"), "date: no leap day in 1900");
	CHECK(!valid("dob", "2023-02-29"), "date: no leap day in 2023");
	CHECK(valid("dob", "2024-02-29"), "date: a leap day in 2024");
	CHECK(!valid("dob", "2026-13-01"), "date: month 13 fails");
	CHECK(!valid("dob", "2026-11-31"), "date: 31 November fails");
	CHECK(!valid("dob", "2026-1-01"), "date: a short month fails");
	CHECK(!valid("dob", "23/11/2026"), "date: another format fails");
	CHECK(!valid("dob", "0000-01-01"), "date: year 0 fails");
	CHECK_STR(problem("dob"), "Please type a real date like 2026-11-23 (year-month-day).", "date: says what it wants");
	CHECK(!valid("dob", "2100-01-01"), "date: the constraint (before today) applies");
	CHECK_STR(problem("dob"), "Not in the future", "date: with its message");
	CHECK(valid("dob", "1950-06-01"), "date: a real past date passes");
	/* select_one */
	CHECK(!valid("has_pets", "maybe"), "select_one: not a choice");
	CHECK_STR(problem("has_pets"), "Please choose one of the answers shown.", "select_one: says so");
	CHECK(!valid("has_pets", "yes no"), "select_one: two choices fail");
	CHECK(valid("has_pets", "yes"), "select_one: a choice passes");
	/* select_multiple */
	CHECK(!valid("all_kinds", "cat cat"), "select_multiple: a repeat fails");
	CHECK_STR(problem("all_kinds"), "Please choose each answer only once.", "select_multiple: says so");
	CHECK(!valid("all_kinds", "cat lion"), "select_multiple: not a choice fails");
	CHECK(valid("all_kinds", "fish\tbird  cat"), "select_multiple: blanks between are fine");
	CHECK_STR(get("all_kinds"), "fish bird cat", "select_multiple: stored with single spaces");
	/* rank, with a filter */
	CHECK(valid("prio", "cat dog bird"), "rank: every filtered item once");
	CHECK(valid("prio", "bird cat dog"), "rank: in any order");
	CHECK(!valid("prio", "cat dog"), "rank: one missing fails");
	CHECK(!valid("prio", "cat dog fish"), "rank: a filtered-out item fails");
	CHECK(!valid("prio", "cat dog dog"), "rank: a repeat fails");
	CHECK(!valid("prio", "cat dog bird fish"), "rank: an extra item fails");
	CHECK_STR(problem("prio"), "Please put every item in order, each one once.", "rank: says so");
	set("prio", "bird cat dog");
	/* acknowledge */
	CHECK(valid("ack", "OK"), "acknowledge: OK");
	CHECK(!valid("ack", "yes"), "acknowledge: anything else fails");
	CHECK(valid("ack", ""), "acknowledge: empty when not required");
	/* text */
	CHECK(valid("who", "line one\nline two"), "text: newlines are kept");
	CHECK_STR(get("who"), "line one\nline two", "text: not trimmed inside");
	CHECK(!valid("who", "bell\x07"), "text: a control character fails");
	CHECK(!valid("who", "c1\xc2\x9b"), "text: a C1 control fails");
	CHECK_STR(problem("who"), "That answer has characters that cannot be used.", "text: says so");
	{
		/* Each at every place of texts to 25 bytes (read 8 at a time). */
		static const char *const bad[] = { "\x01", "\x1f", "\x7f",
		    "\xc2\x85", "\x1b" };
		static const char *const fine[] = { "\n", "\t", "\xc2\xa9",
		    "\xc3\xa9", " " };
		char t[80];
		size_t len, pos, k, wrong = 0;

		for (len = 0; len <= 24; len++)
			for (pos = 0; pos <= len; pos++)
				for (k = 0; k < 5; k++) {
					snprintf(t, sizeof t, "x%.*s%s%.*s",
					    (int)pos, "aaaaaaaaaaaaaaaaaaaaaaaaa",
					    bad[k], (int)(len - pos),
					    "bbbbbbbbbbbbbbbbbbbbbbbbb");
					wrong += valid("who", t);
					snprintf(t, sizeof t, "x%.*s%s%.*s",
					    (int)pos, "aaaaaaaaaaaaaaaaaaaaaaaaa",
					    fine[k], (int)(len - pos),
					    "bbbbbbbbbbbbbbbbbbbbbbbbb");
					wrong += !valid("who", t);
				}
		CHECK(wrong == 0, "text: a control character at each place "
		    "fails, a newline, a tab or a letter there does not (%zu "
		    "wrong)", wrong);
	}
	CHECK_INT(set("who", "bad \xff utf8"), ERR_INVALID, "invalid UTF-8 is refused");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_INT(set("who", big), ERR_LIMIT, "more than 64 KiB is refused");
	longtext = malloc(SURVEY_MAX_TEXT_CHARS + 2);
	memset(longtext, 'b', SURVEY_MAX_TEXT_CHARS + 1);
	longtext[SURVEY_MAX_TEXT_CHARS + 1] = '\0';
	CHECK_INT(set("who", longtext), ERR_LIMIT, "more than 4000 characters of text is refused");
	longtext[SURVEY_MAX_TEXT_CHARS] = '\0';
	CHECK_INT(set("who", longtext), 0, "4000 characters are fine");
	free(longtext);
	/* Counted as characters, not bytes: 4000 of two bytes each. */
	longtext = malloc(2 * SURVEY_MAX_TEXT_CHARS + 3);
	for (i = 0; i < SURVEY_MAX_TEXT_CHARS + 1; i++)
		memcpy(longtext + 2 * i, "\xc3\xa9", 2);
	longtext[2 * SURVEY_MAX_TEXT_CHARS + 2] = '\0';
	CHECK_INT(set("who", longtext), ERR_LIMIT, "4001 two-byte characters are refused");
	longtext[2 * SURVEY_MAX_TEXT_CHARS] = '\0';
	CHECK_INT(set("who", longtext), 0, "4000 two-byte characters are fine");
	free(longtext);
	CHECK_STR(get("hello") , "", "a note has no value");
	set("who", "Ada");
}

static void
test_choices(void)
{
	const struct xlsform_choice **ch = NULL;
	size_t n = 0;

	set("region", "");
	survey_choices(S, Q("city"), &ch, &n);
	CHECK(n == 0 && ch == NULL, "no region: no cities");
	set("region", "north");
	survey_choices(S, Q("city"), &ch, &n);
	CHECK(n == 2 && strcmp(ch[0]->name, "a1") == 0 && strcmp(ch[1]->name, "a2") == 0, "north: two cities in order");
	free(ch);
	set("region", "south");
	survey_choices(S, Q("city"), &ch, &n);
	CHECK(n == 1 && strcmp(ch[0]->name, "b1") == 0, "south: one city");
	free(ch);
	set("city", "a1");
	CHECK_STR(problem("city"), "Please choose one of the answers shown.", "a choice the filter hides fails");
	set("city", "b1");
	CHECK_STR(problem("city"), "ok", "a choice it shows passes");
	CHECK_STR(answer_text("city"), "Beta", "answer text is the label");
	survey_set_lang(S, "fr");
	CHECK_STR(answer_text("city"), "B\xc3\xaata", "and the French label in French");
	CHECK_STR(survey_choice_label(S, &survey_form(S)->lists[0].choices[0]), "Oui", "a choice label in French");
	survey_set_lang(S, "en");
	survey_choices(S, Q("prio"), &ch, &n);
	CHECK(n == 3 && strcmp(ch[2]->name, "bird") == 0, "a filter on an extra column: fish left out");
	free(ch);
	survey_choices(S, Q("all_kinds"), &ch, &n);
	CHECK_INT(n, 4, "no filter: every choice");
	free(ch);
	CHECK_INT(survey_choices(S, Q("who"), &ch, &n), ERR_INVALID, "a text question has no choices");
	set("all_kinds", "cat dog");
	CHECK_STR(answer_text("all_kinds"), "Cat; Dog", "select_multiple text lists labels");
	CHECK_STR(answer_text("prio"), "1. Bird; 2. Cat; 3. Dog", "rank text numbers them");
	CHECK_STR(answer_text("n_people"), "7", "a number is itself");
	CHECK_STR(answer_text("height"), "", "no answer is empty");
	/* Toggling. */
	set("all_kinds", "");
	survey_toggle(S, Q("all_kinds"), "dog");
	survey_toggle(S, Q("all_kinds"), "cat");
	CHECK_STR(get("all_kinds"), "dog cat", "toggle adds in order chosen");
	survey_toggle(S, Q("all_kinds"), "dog");
	CHECK_STR(get("all_kinds"), "cat", "toggle takes one out");
	survey_toggle(S, Q("all_kinds"), "cat");
	CHECK_STR(get("all_kinds"), "", "and the last");
	CHECK_INT(survey_toggle(S, Q("all_kinds"), "a b"), ERR_INVALID, "a name with a space cannot be toggled");
	CHECK(survey_has_token("cat dog", "dog") && !survey_has_token("cat dogs", "dog") && !survey_has_token("", "dog") && !survey_has_token("catdog", "cat"), "tokens match whole");
}

static void
test_navigation(void)
{
	size_t i, pos, total, seen = 0, last = SURVEY_NONE;

	set("has_pets", "no");
	for (i = survey_first(S); i != SURVEY_NONE; i = survey_next(S, i)) {
		CHECK(survey_screen_shown(S, i) || 0, "screen %zu is shown", i);
		last = i;
		seen++;
	}
	survey_progress(S, last, &pos, &total);
	CHECK(pos == total && total == seen, "Next visits every shown screen; the last is N of N");
	CHECK(survey_next(S, last) == SURVEY_NONE, "nothing after the last");
	CHECK(survey_prev(S, survey_first(S)) == SURVEY_NONE, "nothing before the first");
	survey_progress(S, survey_first(S), &pos, &total);
	CHECK_INT(pos, 1, "the first is 1 of N");
	for (i = 0; i < 3; i++)
		last = survey_prev(S, last);
	survey_progress(S, last, &pos, &total);
	CHECK_INT(pos, total - 3, "three back is N-3");
	set("has_pets", "yes");
	survey_progress(S, last, &pos, &total);
	CHECK_INT(total, seen + 2, "the total grows when the group appears");
}

static void
test_response(void)
{
	struct survey_response r;
	struct survey_problem p;
	size_t i;
	int has_total = 0, has_npets = 0, has_started = 0, has_hello = 0;

	set("n_people", "");
	CHECK_INT(survey_validate(S, &p), ERR_INVALID, "the whole response is checked");
	CHECK_STR(p.name, "n_people", "the first problem is n_people");
	set("n_people", "4");
	set("has_pets", "no");
	set("dob", "1950-06-01");
	set("ack", "OK");
	set("prio", "");
	set("score", "4");
	CHECK_INT(survey_validate(S, &p), 0, "a good response validates");
	if (survey_validate(S, &p) != 0)
		printf("#   %s: %s\n", p.name, p.msg);
	CHECK_INT(survey_response(S, T0 + 600, "feedback", &r), 0, "the response is made");
	CHECK_STR(r.form_id, "logic_test", "with the form id");
	CHECK_STR(r.form_version, "7", "the version");
	CHECK_STR(r.form_title, "Logic test", "the title");
	CHECK_STR(r.lang, "en", "the language");
	CHECK_STR(r.kind, "feedback", "the kind");
	CHECK(r.started == T0 && r.submitted == T0 + 600, "and the times");
	for (i = 0; i < r.nanswers; i++) {
		if (strcmp(r.answers[i].name, "total") == 0)
			has_total = strcmp(r.answers[i].value, "4") == 0;
		if (strcmp(r.answers[i].name, "n_pets") == 0)
			has_npets = 1;
		if (strcmp(r.answers[i].name, "started") == 0)
			has_started = 1;
		if (strcmp(r.answers[i].name, "hello") == 0)
			has_hello = 1;
		if (*r.answers[i].value == '\0')
			break;
	}
	CHECK(i == r.nanswers, "no empty answer is listed");
	CHECK(has_total, "a calculation is in the response");
	CHECK(!has_npets, "a hidden answer is left out");
	CHECK(has_started, "the start metadata is in");
	CHECK(!has_hello, "a note is not");
	CHECK(r.nanswers > 0 && strcmp(r.answers[0].name, "started") == 0, "answers come in form order");
	survey_response_clear(&r);
	CHECK(r.answers == NULL && r.nanswers == 0, "clearing empties the view");
	survey_response_clear(NULL);
}

static void
test_good_form(void)
{
	struct xlsform *f = load("tests/fixtures/xlsform/good");
	struct survey_response r;
	struct survey_problem p;
	size_t i;
	const char *end = NULL;

	if (f == NULL) {
		CHECK(0, "the good fixture loads");
		return;
	}
	survey_free(&S);
	CHECK_INT(survey_new(f, "fr", T0, &S, NULL), 0, "a survey of the good fixture in French");
	CHECK_STR(survey_get_raw(S, Q("visit_date")), "2026-11-23", "a computed default: today()");
	CHECK(survey_screen_of(S, Q("consent")) == survey_screen_of(S, Q("age")), "about_you is one field-list screen");
	CHECK(!survey_relevant(S, Q("age")) && !survey_relevant(S, Q("visit_date")), "nothing after consent before a yes");
	CHECK_STR(problem("consent"), "This question needs an answer.", "consent is required");
	set("consent", "yes");
	CHECK(survey_relevant(S, Q("age")) && survey_relevant(S, Q("visit_date")), "yes opens the rest");
	set("age", "12");
	CHECK_STR(problem("age"), "Indiquez un \xc3\xa2ge entre 16 et 120", "a French constraint message");
	set("age", "40");
	set("area", "south");
	set("venue", "library");
	CHECK_STR(problem("venue"), "Please choose one of the answers shown.", "a venue outside the area fails");
	set("venue", "hall");
	CHECK_STR(answer_text("venue"), "Salle communale", "in French");
	CHECK_STR(problem("services_used"), "ok", "an empty select_multiple with a constraint is fine");
	set("services_used", "lunch");
	set("rating", "5");
	CHECK_STR(get("rating_text"), "good", "if() in a calculation");
	CHECK_STR(label("thanks"), "Merci. Vous avez dit que votre visite \xc3\xa9tait good.", "the note interpolates the calculation");
	survey_set_lang(S, "en");
	CHECK_STR(label("thanks"), "Thank you. You said your visit was good.", "switching language keeps the answers");
	CHECK_STR(get("venue"), "hall", "venue kept across the switch");
	set("travel_km", "-1");
	CHECK(survey_validate(S, &p) != 0 && strcmp(p.name, "travel_km") == 0 && strcmp(p.msg, "That answer is not allowed here.") == 0, "a constraint without a message gets the default");
	set("travel_km", "2.5");
	CHECK_INT(survey_validate(S, &p), 0, "the whole response is good");
	survey_response(S, T0 + 61, NULL, &r);
	for (i = 0; i < r.nanswers; i++)
		if (strcmp(r.answers[i].name, "finished") == 0)
			end = r.answers[i].value;
	CHECK_STR(end, "2026-11-23T10:01:01Z", "end metadata is the submission time");
	CHECK_STR(r.kind, "survey", "the kind defaults to survey");
	survey_response_clear(&r);
	survey_free(&S);
	CHECK(S == NULL, "survey_free clears the pointer");
	survey_free(&S);
	survey_free(NULL);
	xlsform_free(&f);
}

/* Every Hackney survey runs; some of their rules. */
static void
test_hackney(void)
{
	static const char *const ids[] = { "draft-strategy", "carers",
	    "experience", "equality", "quick-feedback" };
	const struct xlsform_choice **ch = NULL;
	struct xlsform *f;
	char path[256];
	size_t i, n, pos, total;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		snprintf(path, sizeof path, "content/packs/hackney/surveys/%s", ids[i]);
		f = load(path);
		CHECK(f != NULL && survey_new(f, "en", T0, &S, NULL) == 0 && survey_validate(S, NULL) == 0, "%s: starts, and an empty response is valid (nothing required)", ids[i]);
		if (S == NULL) {
			xlsform_free(&f);
			continue;
		}
		if (strcmp(ids[i], "draft-strategy") == 0) {
			set("top_three", "waiting contact barriers reablement");
			CHECK_STR(problem("top_three"), "Please choose no more than three.", "draft-strategy: at most three");
			CHECK(valid("top_three", "waiting contact barriers"), "draft-strategy: three pass");
			survey_progress(S, 0, &pos, &total);
			CHECK_INT(total, 13, "draft-strategy: 13 screens with mission_change hidden");
			set("mission_agree", "disagree");
			survey_progress(S, 0, &pos, &total);
			CHECK_INT(total, 14, "draft-strategy: disagreeing asks what to change");
			set("respondent", "carer prefer_not");
			CHECK_STR(problem("respondent"), "If you choose 'Prefer not to say', please do not choose any other answer.", "draft-strategy: prefer not to say alone");
		}
		if (strcmp(ids[i], "equality") == 0) {
			set("ethnic_group", "white");
			survey_choices(S, Q("ethnicity"), &ch, &n);
			CHECK(n == 6 && strcmp(ch[5]->name, "prefer_not_white") == 0, "equality: white shows six backgrounds");
			free(ch);
			set("ethnicity", "asian_indian");
			CHECK_STR(problem("ethnicity"), "Please choose one of the answers shown.", "equality: a background of another group fails");
			set("ethnic_group", "prefer_not");
			CHECK(!survey_relevant(S, Q("ethnicity")), "equality: prefer not to say skips backgrounds");
		}
		if (strcmp(ids[i], "experience") == 0) {
			set("about_whom", "none");
			CHECK(!survey_relevant(S, Q("contact_ease")) && !survey_relevant(S, Q("dp_use")), "experience: no care hides the care questions");
			set("about_whom", "me");
			CHECK(survey_relevant(S, Q("contact_ease")), "experience: care shows them");
		}
		if (strcmp(ids[i], "quick-feedback") == 0) {
			CHECK(valid("rating", "5") && !valid("rating", "6") && !valid("rating", "0"), "quick-feedback: a rating from 1 to 5");
		}
		survey_free(&S);
		xlsform_free(&f);
	}
}

int
main(void)
{
	struct xlsform *f;

	setenv("TZ", "UTC", 1);
	tzset();
	if ((f = load("tests/fixtures/survey/logic")) == NULL) {
		CHECK(0, "the logic fixture loads");
		return test_done();
	}
	CHECK_INT(survey_new(f, "en", T0, &S, NULL), 0, "a survey starts");
	test_basics();
	test_relevance();
	test_calculations();
	test_required_constraint();
	test_types();
	test_choices();
	test_navigation();
	test_response();
	survey_free(&S);
	/* A NULL language means the form's default. */
	CHECK_INT(survey_new(f, NULL, 0, &S, NULL), 0, "a survey in the default language");
	CHECK_STR(survey_lang(S), "en", "which is English");
	survey_free(&S);
	xlsform_free(&f);
	test_good_form();
	test_hackney();
	return test_done();
}
