/*
 * Repeats in the survey runtime (content/survey.h): instances added and
 * removed at the prompt, a repeat_count that makes and removes them,
 * nested repeats, position(..), count(), sum(), join() and
 * indexed-repeat() over instances, relevance and validation per instance,
 * the screens in order with their prompts, paths and the response, and
 * the shared example forms with repeats (skipped without ../shared).
 */
#include <stdio.h>
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
P(const char *path)
{
	return survey_find_path(S, path, 0);
}

static const char *
get(const char *path)
{
	return survey_get(S, P(path));
}

static int
set(const char *path, const char *v)
{
	return survey_set(S, P(path), v);
}

static char *
label(const char *path)
{
	static char buf[256];
	char *l = survey_label(S, P(path));

	snprintf(buf, sizeof buf, "%s", l != NULL ? l : "(null)");
	free(l);
	return buf;
}

/* The shown screens as "name" or "name+" (a prompt), joined by spaces. */
static const char *
screens(void)
{
	static char buf[2048];
	const struct survey_screen *sc;
	size_t i, o = 0;
	char *path;

	buf[0] = '\0';
	for (i = survey_first(S); i != SURVEY_NONE && o < sizeof buf - 80;
	    i = survey_next(S, i)) {
		sc = survey_screen(S, i);
		path = survey_path(S, sc->first);
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s%s",
		    o > 0 ? " " : "", path != NULL ? path : "?",
		    sc->prompt ? "+" : "");
		free(path);
	}
	return buf;
}

/* The response as "path=value" lines ("path" alone for an instance). */
static const char *
response(void)
{
	static char buf[4096];
	struct survey_response r;
	size_t i, o = 0;

	buf[0] = '\0';
	if (survey_response(S, T0 + 60, "survey", &r) != 0)
		return "(failed)";
	for (i = 0; i < r.nanswers && o < sizeof buf - 200; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s%s\n",
		    r.answers[i].name, r.answers[i].value != NULL ? "=" : "",
		    r.answers[i].value != NULL ? r.answers[i].value : "");
	survey_response_clear(&r);
	return buf;
}

static void
test_roster(void)
{
	size_t prompt, sc, p2;

	CHECK_STR(screens(), "hh member+ nvisits done", "no member yet: the "
	    "prompt stands in their place; visits has a count, so no prompt");
	prompt = survey_find_path(S, "member", 0);
	CHECK(prompt == SURVEY_NONE, "a repeat is not an answer's path");
	sc = survey_next(S, survey_first(S));
	prompt = survey_screen(S, sc)->first;
	CHECK(survey_screen(S, sc)->prompt && survey_repeat_count(S,
	    prompt) == 0 && !survey_repeat_fixed(S, prompt),
	    "the prompt: none so far, the count is the person's");
	CHECK_INT(survey_repeat_add(S, prompt, &sc), 0, "add a member");
	{
		char *path = survey_path(S, survey_screen(S, sc)->first);

		CHECK_STR(path != NULL ? path : "(null)", "member[1]/name",
		    "and go to its first question");
		free(path);
	}
	CHECK_INT(survey_repeat_count(S, prompt), 1, "one so far");
	CHECK_INT(survey_repeat_position(S, P("member[1]/name")), 1,
	    "the question is in the first");
	CHECK_STR(screens(), "hh member[1]/name member[1]/age member[1]/summary "
	    "member+ nvisits done", "the member's screens, then the prompt "
	    "again (works is not relevant yet)");
	CHECK_INT(set("member[1]/name", "Ann"), 0, "answer in the instance");
	CHECK_INT(set("member[1]/age", "40"), 0, "and its age");
	CHECK_STR(get("member[1]/pos"), "1", "position(..) is 1");
	CHECK_STR(label("member[1]/summary"), "Member 1: Ann",
	    "a label reads its own instance");
	CHECK_STR(label("member[1]/works"), "Does Ann work?",
	    "a sibling's answer in a label");
	CHECK(survey_relevant(S, P("member[1]/works")),
	    "relevance reads the instance's own age");
	CHECK_INT(survey_repeat_add(S, prompt, &sc), 0, "add a second");
	set("member[2]/name", "Bob");
	set("member[2]/age", "9");
	CHECK(!survey_relevant(S, P("member[2]/works")),
	    "each instance has its own relevance");
	CHECK_STR(get("member[2]/pos"), "2", "position(..) is 2");
	CHECK_STR(get("n"), "2", "count(${member}) counts the instances");
	CHECK_STR(get("total_age"), "49", "sum() of a repeated question");
	CHECK_STR(get("names"), "Ann, Bob", "join() of a repeated question");
	CHECK_STR(get("first_name"), "Ann", "indexed-repeat()");
	CHECK(survey_check(S, P("member[2]/age"), NULL) == 0,
	    "a constraint holds in its instance");
	set("member[2]/age", "-1");
	CHECK(survey_check(S, P("member[2]/age"), NULL) != 0,
	    "and fails there alone");
	set("member[2]/age", "9");
	CHECK_INT(survey_repeat_add(S, prompt, &sc), 0, "a third, left empty");
	{
		struct survey_problem p;
		char *path;

		CHECK(survey_validate(S, &p) != 0, "the survey is not complete");
		path = survey_path(S, p.q);
		CHECK_STR(path, "hh", "the household name first");
		free(path);
		set("hh", "Smith");
		CHECK(survey_validate(S, &p) != 0, "then");
		path = survey_path(S, p.q);
		CHECK_STR(path, "member[3]/name", "the third member's name");
		free(path);
	}
	CHECK_INT(survey_repeat_remove(S, prompt, &p2), 0, "remove the last");
	CHECK(survey_screen(S, p2)->prompt, "back to the prompt");
	CHECK_INT(survey_repeat_count(S, prompt), 2, "two again");
	CHECK(survey_validate(S, NULL) == 0, "and complete");
	CHECK_STR(response(), "hh=Smith\nmember[1]\nmember[1]/name=Ann\n"
	    "member[1]/age=40\nmember[1]/pos=1\nmember[2]\n"
	    "member[2]/name=Bob\nmember[2]/age=9\nmember[2]/pos=2\nn=2\n"
	    "total_age=49\nnames=Ann, Bob\nfirst_name=Ann\n",
	    "the response lists each instance, then its answers");
}

static void
test_count(void)
{
	CHECK_INT(set("nvisits", "2"), 0, "two visits");
	CHECK_STR(screens(), "hh member[1]/name member[1]/age member[1]/works "
	    "member[1]/summary member[2]/name member[2]/age member[2]/summary "
	    "member+ nvisits visit[1]/when visit[1]/visit_note+ visit[2]/when "
	    "visit[2]/visit_note+ done", "repeat_count makes two, nested "
	    "prompts in each");
	CHECK_STR(label("visit[2]/when"), "When was visit 2?",
	    "a later calculation of the same instance in a label");
	CHECK(survey_repeat_fixed(S, P("visit[1]/when")),
	    "a repeat_count fixes the count");
	{
		size_t sc;

		CHECK_INT(survey_repeat_add(S, P("visit[1]/when"), &sc),
		    ERR_INVALID, "so none can be added");
		CHECK_INT(survey_repeat_add(S, survey_find_path(S,
		    "visit[2]", 0), &sc), ERR_INVALID, "not even at an instance");
	}
	CHECK(survey_find_path(S, "visit[2]/visit_note[1]/what", 1) !=
	    SURVEY_NONE, "a path makes a nested instance");
	set("visit[2]/visit_note[1]/what", "Tea");
	CHECK_STR(label("visit[2]/visit_note[1]/what"), "What happened at "
	    "visit 2?", "a nested instance reads its parent's answers");
	CHECK(survey_find_path(S, "visit[1]/visit_note[2]/what", 1) ==
	    SURVEY_NONE, "but not the second before the first");
	CHECK_INT(set("nvisits", "1"), 0, "one visit");
	CHECK(survey_find_path(S, "visit[2]/when", 0) == SURVEY_NONE,
	    "the second is gone, with what was in it");
	CHECK_INT(set("nvisits", "1000"), 0, "an absurd count");
	CHECK(survey_find_path(S, "visit[200]/when", 0) != SURVEY_NONE &&
	    survey_find_path(S, "visit[201]/when", 0) == SURVEY_NONE,
	    "is held to 200 instances");
	set("nvisits", "");
	CHECK(survey_find_path(S, "visit[1]/when", 0) == SURVEY_NONE,
	    "an empty count: none");
	CHECK(survey_find_path(S, "visit[1]/when", 1) == SURVEY_NONE,
	    "and a path cannot make one the count takes away at once "
	    "(found by fuzz-repeat)");
	CHECK_STR(label("done"), "2 members,  visits: Ann, Bob",
	    "a note after the repeats reads them from outside");
}

static void
test_paths(void)
{
	struct survey_response d;
	size_t i;
	char *p;

	CHECK(survey_find_path(S, "member[0]/name", 1) == SURVEY_NONE &&
	    survey_find_path(S, "member[01]/name", 1) == SURVEY_NONE &&
	    survey_find_path(S, "member[1]/nope", 1) == SURVEY_NONE &&
	    survey_find_path(S, "name", 1) == SURVEY_NONE &&
	    survey_find_path(S, "member[1]/name/x", 1) == SURVEY_NONE &&
	    survey_find_path(S, "hh[1]/name", 1) == SURVEY_NONE &&
	    survey_find_path(S, "member[x]/name", 1) == SURVEY_NONE &&
	    survey_find_path(S, "member[2001]/name", 1) == SURVEY_NONE,
	    "bad paths name nothing");
	p = survey_path(S, P("member[2]/age"));
	CHECK_STR(p, "member[2]/age", "an item's path");
	free(p);
	p = survey_path(S, survey_find_path(S, "member[2]", 0));
	CHECK_STR(p, "member[2]", "an instance's path");
	free(p);
	set("member[1]/age", "12");
	CHECK(survey_draft_answers(S, &d) == 0, "the draft's answers");
	for (i = 0; i < d.nanswers; i++)
		if (strcmp(d.answers[i].name, "member[1]/works") == 0)
			break;
	CHECK(i == d.nanswers, "a draft keeps only what was answered");
	survey_response_clear(&d);
	set("member[1]/age", "40");
	set("member[1]/works", "yes");
	set("member[1]/age", "12");
	CHECK(survey_draft_answers(S, &d) == 0, "again");
	for (i = 0; i < d.nanswers; i++)
		if (strcmp(d.answers[i].name, "member[1]/works") == 0)
			break;
	CHECK(i < d.nanswers && strcmp(d.answers[i].value, "yes") == 0,
	    "a draft keeps an answer that is hidden now");
	CHECK(strstr(response(), "works") == NULL,
	    "the response does not");
	survey_response_clear(&d);
}

/*
 * A draft carries the repeats: its paths make the instances again, in
 * order, in a new survey of the same form (as the runner restores one).
 */
static void
test_draft(const struct xlsform *f)
{
	struct survey_response d;
	struct survey *old = S, *fresh = NULL;
	char before[4096];
	size_t i, q;

	snprintf(before, sizeof before, "%s", response());
	CHECK(survey_draft_answers(old, &d) == 0, "the draft's answers");
	CHECK_INT(survey_new(f, NULL, T0, &fresh, NULL), 0, "a new survey");
	for (i = 0; i < d.nanswers; i++) {
		q = survey_find_path(fresh, d.answers[i].name, 1);
		if (q != SURVEY_NONE && d.answers[i].value[0] != '\0' &&
		    survey_answerable(fresh, q))
			survey_set(fresh, q, d.answers[i].value);
	}
	survey_response_clear(&d);
	S = fresh;
	CHECK_STR(response(), before, "restored, the response is the same");
	S = old;
	survey_free(&fresh);
}

/*
 * 1 when it holds s's draft (response 0) or response (1) as items: the
 * same paths and values, in order, as survey_draft_answers' and
 * survey_response's.
 */
static int
items_are(struct survey *s, const struct survey_items *it, int response)
{
	struct survey_response d;
	size_t i;
	int same;
	char *p;

	if ((response ? survey_response(s, T0 + 60, "survey", &d) :
	    survey_draft_answers(s, &d)) != 0)
		return 0;
	same = d.nanswers == it->n;
	for (i = 0; same && i < d.nanswers; i++) {
		p = survey_path(s, it->items[i]);
		same = p != NULL && strcmp(p, d.answers[i].name) == 0 &&
		    (d.answers[i].value == NULL ? it->values[i] == NULL :
		    it->values[i] != NULL &&
		    strcmp(d.answers[i].value, it->values[i]) == 0);
		free(p);
	}
	survey_response_clear(&d);
	return same;
}

/*
 * One survey_items filled again and again, by a short walk, a long one
 * and the short one again: each time what a new list would hold.
 */
static void
test_items(const struct xlsform *f)
{
	struct survey_items it = { NULL, NULL, 0, 0 };
	struct survey *small = NULL;
	size_t round;

	CHECK_INT(survey_new(f, NULL, T0, &small, NULL), 0, "a new survey");
	for (round = 0; small != NULL && round < 3; round++) {
		CHECK(survey_draft_items(round == 1 ? S : small, &it) == 0 &&
		    items_are(round == 1 ? S : small, &it, 0), "round %zu: "
		    "the draft's items in the room of the last (%zu)", round,
		    it.n);
		CHECK(survey_response_items(round == 1 ? S : small, T0 + 60,
		    &it) == 0 && items_are(round == 1 ? S : small, &it, 1),
		    "round %zu: and the response's (%zu)", round, it.n);
	}
	survey_items_free(&it);
	CHECK(it.items == NULL && it.values == NULL && it.n == 0 &&
	    it.cap == 0, "and they are freed");
	survey_free(&small);
}

/* A shared example with repeats: it starts, and its repeats add. */
static void
test_shared(const char *shared, const char *form, const char *want,
    const char *at, const char *lab)
{
	char path[1024];
	struct xlsform *f = NULL;
	struct survey *s = NULL;
	size_t i, sc, adds = 0;

	snprintf(path, sizeof path, "%s/xlsform-examples/%s", shared, form);
	if (xlsform_load(path, &f, NULL, NULL) != 0) {
		CHECK(0, "%s loads", form);
		return;
	}
	CHECK_INT(survey_new(f, NULL, T0, &s, NULL), 0, "%s starts", form);
	/* Add one instance at every prompt, three times over. */
	for (i = 0; s != NULL && i < survey_nscreens(s) && adds < 6; i++)
		if (survey_screen(s, i)->prompt &&
		    survey_repeat_count(s, survey_screen(s, i)->first) == 0 &&
		    survey_repeat_add(s, survey_screen(s, i)->first, &sc) == 0)
			adds++;
	S = s;
	CHECK_STR(screens(), want, "%s: screens with an instance of each "
	    "repeat", form);
	if (at != NULL)
		CHECK_STR(label(at), lab, "%s: %s's label", form, at);
	survey_free(&s);
	xlsform_free(&f);
}

int
main(void)
{
	struct xlsform *f = NULL;
	const char *shared;

	setenv("TZ", "UTC", 1);
	tzset();
	if (xlsform_load("tests/fixtures/survey/roster", &f, NULL, NULL) !=
	    0) {
		CHECK(0, "the roster fixture loads");
		return test_done();
	}
	CHECK_INT(survey_new(f, NULL, T0, &S, NULL), 0, "a survey starts");
	test_roster();
	test_count();
	test_paths();
	test_draft(f);
	test_items(f);
	survey_free(&S);
	xlsform_free(&f);
	if ((shared = test_shared_dir()) == NULL) {
		SKIP("../shared is absent: the example forms with repeats");
		return test_done();
	}
	test_shared(shared, "pyxform-tutorial.survey.csv", "member[1]/name "
	    "member[1]/relationship_to_household_head member[1]/sex "
	    "member[1]/resident member[1]/stayed_last_night "
	    "member[1]/older_than_five member+", NULL, NULL);
	test_shared(shared, "onadata-childrens_survey_sw.survey.csv", "name "
	    "age children[1]/name children[1]/age children[1]/fav_colors "
	    "children[1]/ice.creams children[1]/cartoons[1]/name "
	    "children[1]/cartoons[1]/why "
	    "children[1]/cartoons[1]/characters[1]/name "
	    "children[1]/cartoons[1]/characters[1]/good_or_evil "
	    "children[1]/cartoons[1]/characters+ children[1]/cartoons+ "
	    "children+ tel.office tel.mobile", "children[1]/cartoons[1]/name",
	    "3.4.1 Jina ya katuni");
	test_shared(shared, "pyxform-test_repeat.test_output_with_translation_"
	    "relative_path.survey.csv", "member[1]/member_name member[1]/a "
	    "member+", "member[1]/member_name", "Name of 1");
	return test_done();
}
