/*
 * The survey runner driven headless: consent, every widget by keys and by
 * the mouse, relevance appearing and vanishing, a constraint and its
 * recovery, Back three questions and forward with answers kept, the
 * review and changing an answer from it, submitting through a test hook
 * (and failing, and having no hook), leaving, resizing, ASCII; and an
 * ODK form: guidance_hint, a trigger, choices from a CSV file in their
 * seeded random order, or_other and a repeat's prompt.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "tui/kiosk.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-screen.h"

static char captured[16384];
static int calls, fail;

/* The test hook: record the response as "name=value;" pairs. */
static int
hook(struct kiosk *k, const struct survey_response *r, char **cause)
{
	size_t i, n;

	(void)k;
	calls++;
	if (fail) {
		*cause = strdup("disk full");
		return ERR_IO;
	}
	n = (size_t)snprintf(captured, sizeof captured,
	    "form=%s;kind=%s;lang=%s;pack=%s;version=%s;", r->form_id, r->kind,
	    r->lang, r->pack_id, r->form_version);
	for (i = 0; i < r->nanswers && n < sizeof captured; i++)
		n += (size_t)snprintf(captured + n, sizeof captured - n,
		    "%s=%s;", r->answers[i].name, r->answers[i].value);
	return 0;
}

static void
keys(struct kiosk *k, const int *codes)
{
	for (; *codes != 0; codes++)
		key(k, *codes);
}

/* Click on the first cell of text on the screen; 0 if it is not there. */
static int
click(struct kiosk *k, const char *text)
{
	const char *s = screen(k), *hit = strstr(s, text), *line;
	struct ev ev;
	int y = 0;

	if (hit == NULL)
		return 0;
	for (line = s; ; y++) {
		const char *nl = strchr(line, '\n');

		if (nl == NULL || nl > hit)
			break;
		line = nl + 1;
	}
	memset(&ev, 0, sizeof ev);
	ev.type = EV_MOUSE;
	ev.button = MOUSE_CLICK;
	ev.my = y;
	ev.mx = (int)utf8_nwidth(line, (size_t)(hit - line));
	kiosk_event(k, &ev);
	kiosk_draw(k);
	return 1;
}

static int
lines_fit(struct kiosk *k)
{
	const char *p = screen(k), *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		if (utf8_nwidth(p, (size_t)(nl - p)) != (size_t)k->canvas.w)
			return 0;
		p = nl + 1;
	}
	return 1;
}

static int
ascii_only(struct kiosk *k)
{
	const unsigned char *p = (const unsigned char *)screen(k);

	for (; *p != '\0'; p++)
		if (*p >= 0x80)
			return 0;
	return 1;
}

static int
captured_has(const char *s)
{
	return strstr(captured, s) != NULL;
}

/* Leave feedback, by keys: relevance both ways, submit, thank-you. */
static void
test_feedback(struct kiosk *k)
{
	key(k, '3');
	CHECK(has(k, "Before you start") && has(k, "Start the survey"), "Leave feedback opens the consent page");
	key(k, K_ENTER);
	CHECK(has(k, "Question 1 of 4") && has(k, "Tell us what you think"), "Start opens the first question");
	CHECK(has(k, "PgDn next") && has(k, "Esc leave"), "the help line shows the runner's keys");
	key(k, K_ENTER);
	CHECK(has(k, "What is your feedback about?") && has(k, "Question 2 of 4"), "Enter on a note goes on");
	key(k, K_END);
	key(k, K_ENTER);
	CHECK(has(k, "(\xe2\x80\xa2) Something else"), "Enter chooses a radio answer");
	CHECK(has(k, "Question 2 of 5"), "a question appears: the count grows");
	key(k, K_ENTER);
	CHECK(has(k, "What is it about?") && has(k, "Question 3 of 5"), "the appeared question comes next");
	type(k, "The bus");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(has(k, "What do you think of it?") && has(k, "Question 4 of 5"), "Enter, Enter: on to the rating");
	times(k, K_PGUP, 2);
	CHECK(has(k, "Question 2 of 5") && has(k, "\xe2\x96\xb6 (\xe2\x80\xa2) Something else"), "PgUp twice goes back two questions, onto the answer");
	key(k, K_HOME);
	key(k, K_ENTER);
	CHECK(has(k, "Question 2 of 4"), "choosing another answer makes the question vanish");
	key(k, K_PGDN);
	CHECK(has(k, "What do you think of it?") && has(k, "Question 3 of 4"), "Next skips the vanished question");
	times(k, K_RIGHT, 3);
	CHECK(has(k, "\xe2\x96\xb6( )") && !has(k, "(\xe2\x80\xa2)"),
	    "the arrows move along the scale, choosing nothing yet");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(has(k, "Your comments"), "on to the comment");
	type(k, "Nice caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
	CHECK(has(k, "Nice caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"), "typed text shows, wide characters too");
	key(k, K_PGDN);
	CHECK(has(k, "Check your answers") && has(k, "Page: Welcome") && has(k, "Nice caf\xc3\xa9"), "the review lists the answers");
	CHECK(!has(k, "The bus"), "the review leaves out the vanished answer");
	calls = 0;
	key(k, K_ENTER);
	CHECK_INT(calls, 1, "Submit calls the hook once");
	CHECK(captured_has("form=quick-feedback;kind=feedback;lang=en;pack=hackney-asc;version=2026112301;"), "the response names form, kind, language, pack");
	CHECK(captured_has("about=welcome;") && captured_has("rating=3;") && captured_has("comment=Nice caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac;"), "the response holds the answers");
	CHECK(!captured_has("about_other"), "and not the hidden one");
	CHECK(has(k, "Thank you") && has(k, "saved and locked"), "the thank-you appears after a good submit");
	key(k, K_ENTER);
	CHECK(k->depth == 1 && has(k, "What would you like to do?"), "Enter on the thank-you starts again");
}

/* A failing hook, then no hook: nothing is lost, nothing pretended. */
static void
test_submit_failures(struct kiosk *k)
{
	key(k, '3');
	key(k, K_ENTER);
	times(k, K_PGDN, 4);
	CHECK(has(k, "Check your answers"), "PgDn through to the review");
	fail = 1;
	key(k, K_ENTER);
	CHECK(has(k, "could not be saved (disk full)") && has(k, "They are still here"), "a failed submit says why and keeps the answers");
	CHECK(!has(k, "Thank you") && k->depth == 3, "and shows no thank-you");
	fail = 0;
	k->submit = NULL;
	calls = 0;
	key(k, K_ENTER);
	CHECK(has(k, "Saving answers is not ready on this laptop yet."), "without a hook it says saving is not ready");
	CHECK(calls == 0 && !has(k, "Thank you"), "and does not pretend");
	k->submit = hook;
	key(k, K_ESC);
	CHECK(has(k, "Leave this survey?") && has(k, "Your answers will be lost."), "Esc on the review asks before leaving");
	key(k, K_RIGHT);
	key(k, K_ENTER);
	CHECK_INT(k->depth, 1, "yes, leave: back where it started");
}

/* Have your say: leaving, Backspace, the constraint, Back and forward. */
static void
test_draft_strategy(struct kiosk *k)
{
	static const int tick4[] = { ' ', K_DOWN, ' ', K_DOWN, ' ', K_DOWN,
	    ' ', 0 };
	int depth;

	key(k, '2');
	CHECK(has(k, "Choose a survey:") && has(k, "Our draft plans for 2026 to 2031"), "Have your say lists the surveys by title");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(has(k, "Question 1 of 13"), "the draft strategy starts");
	depth = k->depth;
	key(k, K_BACKSPACE);
	CHECK_INT(k->depth, depth, "Backspace does not leave a survey");
	key(k, K_ESC);
	CHECK(has(k, "Leave this survey?") && has(k, "No, carry on"), "Esc asks before leaving");
	key(k, K_ENTER);
	CHECK(has(k, "Question 1 of 13"), "No (the default) carries on");
	times(k, K_PGDN, 3);
	key(k, '4');
	CHECK(has(k, "Question 4 of 14"), "disagreeing with the mission (4) adds a question");
	key(k, '2');
	CHECK(has(k, "Question 4 of 13"), "agreeing (2) takes it away");
	times(k, K_PGDN, 6);
	CHECK(has(k, "Question 10 of 13") && has(k, "Choose up to three"), "on to the top three");
	keys(k, tick4);
	key(k, K_PGDN);
	CHECK(has(k, "Please choose no more than three.") && has(k, "Question 10 of 13"), "four ticks: the constraint message, and we stay");
	key(k, ' ');
	CHECK(!has(k, "Please choose no more than three."), "unticking one clears the message");
	key(k, K_PGDN);
	CHECK(has(k, "Question 11 of 13"), "three ticks: on we go");
	type(k, "More buses");
	times(k, K_PGUP, 3);
	CHECK(has(k, "Question 8 of 13") && has(k, "Good quality and safe") == 0, "back three questions");
	times(k, K_PGDN, 2);
	CHECK(strstr(screen(k), "[x]") != NULL && has(k, "Question 10 of 13"), "forward again: the ticks are kept");
	key(k, K_PGDN);
	CHECK(has(k, "More buses"), "and the typed answer is kept");
	key(k, K_ESC);
	key(k, K_RIGHT);
	key(k, K_ENTER);
	CHECK(k->depth == 2 && has(k, "Choose a survey:"), "leaving goes back to the list");
	key(k, K_ESC);
}

/* Resizing in the middle of a question, and the ASCII console. */
static void
test_sizes(struct kiosk *k)
{
	int w, ok = 1;

	key(k, '2');
	key(k, K_ENTER);
	key(k, K_ENTER);
	times(k, K_PGDN, 3);
	CHECK(has(k, "How much do you agree with our draft mission?"), "at the mission question");
	for (w = 40; w <= 200; w += 9) {
		canvas_resize(&k->canvas, w, 12 + w / 8);
		if (!lines_fit(k) || !has(k, "Question 4 of 13") || !has(k, "Next")) {
			ok = 0;
			break;
		}
	}
	CHECK(ok, "the question fits and keeps its buttons from 40 to 200 columns");
	canvas_resize(&k->canvas, 40, 12);
	CHECK(has(k, "Strongly agree") && has(k, "( )"), "at 40x12 the scale becomes a list");
	key(k, K_DOWN);
	key(k, K_ENTER);
	CHECK(has(k, "(\xe2\x80\xa2) 2  Agree"), "and works: Down, Enter chose the second");
	canvas_resize(&k->canvas, 80, 24);
	CHECK(has(k, "(\xe2\x80\xa2)") && has(k, "\xe2\x96\xb6 [ Next"), "back at 80x24: the answer on the scale, Next focused");
	utf8_set_locale_ok(0);
	CHECK(ascii_only(k) && has(k, "(*)") && has(k, "[ < Back ]"), "the ASCII fallback draws only ASCII");
	utf8_set_locale_ok(1);
	canvas_resize(&k->canvas, 39, 11);
	CHECK(has(k, "Please make this window larger"), "too small asks for more room");
	canvas_resize(&k->canvas, 80, 24);
	key(k, K_ESC);
	key(k, K_RIGHT);
	key(k, K_ENTER);
	key(k, K_ESC);
}

/* An idle person's answers go with the reset for the next person. */
static void
test_idle(struct kiosk *k)
{
	struct ev ev;

	key(k, '3');
	key(k, K_ENTER);
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(has(k, "(\xe2\x80\xa2) Page: Welcome"), "an answer is given");
	memset(&ev, 0, sizeof ev);
	ev.type = EV_TICK;
	k->last_input = time(NULL) - k->pack->idle_warning - 1;
	kiosk_event(k, &ev);
	CHECK(has(k, "Are you still there?"), "idle: the warning shows over the survey");
	k->last_input = time(NULL) - k->pack->idle_warning - k->pack->idle_countdown;
	kiosk_event(k, &ev);
	CHECK(k->depth == 1 && has(k, "What would you like to do?"), "then the survey is gone: home for the next person");
	key(k, '3');
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(!has(k, "(\xe2\x80\xa2)"), "and a new survey starts empty");
	/* A language switched in the middle: the form's French, answers kept. */
	key(k, K_ENTER);
	kiosk_set_lang(k, "fr");
	CHECK(has(k, "Votre avis porte sur quoi ?") && has(k, "(\xe2\x80\xa2)"), "in French mid-way: French labels, the answer kept");
	kiosk_set_lang(k, "yi");
	{
		const char *row = screen(k), *nl;
		int i, top, height;

		/* Below the header, the banners, the progress lines. */
		kiosk_area(k, &top, &height);
		for (i = 0; i < top + 3 && (nl = strchr(row, '\n')) != NULL; i++)
			row = nl + 1;
		CHECK(strncmp(row, "                    ", 20) == 0 && (unsigned char)row[strcspn(row, "\n") - 3] >= 0x80, "a Yiddish label is right-aligned");
	}
	kiosk_set_lang(k, "en");
	CHECK(has(k, "What is your feedback about?") && has(k, "(\xe2\x80\xa2) Page: Welcome"), "and back in English");
	key(k, K_ESC);
	key(k, K_RIGHT);
	key(k, K_ENTER);
}

/* The mouse on every kind of thing. */
static void
test_mouse(struct kiosk *k)
{
	CHECK(click(k, "Leave feedback"), "click Leave feedback");
	CHECK(click(k, "Start the survey"), "click Start");
	CHECK(has(k, "Question 1 of 4"), "the survey starts");
	click(k, "Next");
	CHECK(click(k, "Page: Our vision") && has(k, "(\xe2\x80\xa2) Page: Our vision"), "a click chooses a radio answer");
	click(k, "Next");
	CHECK(has(k, "What do you think of it?"), "a click on Next goes on");
	CHECK(click(k, "4              5") && has(k, "(\xe2\x80\xa2)"), "a click on a point of the scale chooses it");
	click(k, "Back");
	CHECK(has(k, "(\xe2\x80\xa2) Page: Our vision"), "a click on Back goes back, answer kept");
	click(k, "Leave survey");
	CHECK(has(k, "Leave this survey?"), "a click on Leave survey asks");
	click(k, "Yes, leave");
	CHECK_INT(k->depth, 1, "a click on Yes leaves");
}

/* Every widget of the test pack, and changing an answer from the review. */
static void
test_all_types(struct kiosk *k)
{
	key(k, '2');
	key(k, K_ENTER);
	CHECK(has(k, "This is a test consent page."), "the pack's consent page comes first");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(has(k, "How old are you?") && has(k, "Type a whole number"), "a number field says what it wants");
	key(k, K_PGDN);
	CHECK(has(k, "This question needs an answer."), "a required question stops Next");
	type(k, "abc");
	key(k, K_PGDN);
	CHECK(has(k, "Please type a whole number, for example 42."), "letters are not a whole number");
	times(k, K_BACKSPACE, 3);
	type(k, "12");
	key(k, K_PGDN);
	CHECK(has(k, "You must be 16 or over"), "the constraint's own message");
	times(k, K_BACKSPACE, 2);
	type(k, "40");
	key(k, K_PGDN);
	CHECK(has(k, "When did you visit?") && has(k, "a date like 2026-11-23"), "a date field says what it wants");
	type(k, "2026-02-30");
	key(k, K_PGDN);
	CHECK(has(k, "Please type a real date"), "30 February is not a date");
	times(k, K_BACKSPACE, 2);
	type(k, "28");
	key(k, K_PGDN);
	CHECK(has(k, "Not put in order yet"), "a rank starts unanswered");
	key(k, K_ENTER);
	key(k, K_DOWN);
	key(k, K_ENTER);
	CHECK(has(k, " 1. Green") && has(k, " 2. Red"), "Enter, Down, Enter moves an item down");
	key(k, K_DOWN);
	key(k, '+');
	CHECK(has(k, " 2. Blue") && has(k, " 3. Red"), "+ moves an item up");
	key(k, K_PGDN);
	CHECK(has(k, "A number from 0 to 100"), "a wide range is a spinner");
	key(k, K_RIGHT);
	key(k, K_RIGHT);
	CHECK(has(k, "       5"), "the arrows step it");
	key(k, K_END);
	CHECK(has(k, "     100"), "End goes to the top");
	key(k, K_PGDN);
	/* The language changes mid-way: labels follow, answers stay. */
	snprintf(k->lang, sizeof k->lang, "fr");
	CHECK(has(k, "Cela vous pla\xc3\xaet-il ?") && has(k, "Pas s\xc3\xbbr"), "in French the question and its choices are French");
	key(k, K_PGUP);
	key(k, K_PGUP);
	key(k, K_PGUP);
	CHECK(has(k, "Quand \xc3\xaates-vous venu ?") && has(k, "2026-02-28"), "back three in French: the date is kept");
	key(k, K_PGDN);
	CHECK(has(k, " 1. Green") && has(k, " 2. Blue"), "the order is kept");
	key(k, K_PGDN);
	CHECK(has(k, "     100"), "the number is kept");
	key(k, K_PGDN);
	snprintf(k->lang, sizeof k->lang, "en");
	CHECK(has(k, "Do you like it?"), "and back in English");
	key(k, '1');
	key(k, K_PGDN);
	CHECK(has(k, "More about you") && has(k, "Any pets?") && !has(k, "Pet's name?"), "a field-list group: one screen");
	key(k, K_ENTER);
	CHECK(has(k, "Pet's name?"), "a question appears on the same screen");
	type(k, "Rex");
	key(k, K_UP);
	key(k, K_DOWN);
	key(k, ' ');
	CHECK(!has(k, "Pet's name?"), "and vanishes again");
	key(k, K_PGDN);
	key(k, ' ');
	key(k, K_DOWN);
	key(k, ' ');
	CHECK(has(k, "[x] Red") && has(k, "[x] Green") && has(k, "[ ] Blue"), "Space ticks a checklist");
	key(k, K_PGDN);
	type(k, "line one");
	key(k, K_ENTER);
	type(k, "line two");
	CHECK(has(k, "line one") && has(k, "line two") && has(k, "Tell us a story"), "Enter starts a new line in a multi-line answer");
	key(k, K_TAB);
	key(k, K_ENTER);
	CHECK(has(k, "Your height in metres?"), "Tab, then Enter on Next");
	type(k, "1,8");
	key(k, K_PGDN);
	CHECK(has(k, "Please type a number, for example 2.5."), "a comma is not a decimal point");
	key(k, K_BACKSPACE);
	key(k, K_BACKSPACE);
	type(k, ".8");
	key(k, K_PGDN);
	key(k, ' ');
	CHECK(has(k, "[x] OK"), "acknowledge ticks");
	key(k, K_PGDN);
	CHECK(has(k, "Thanks (age 40)"), "a note shows a calculation");
	key(k, K_PGDN);
	CHECK(has(k, "1. Green; 2. Blue; 3. Red") && has(k, "Red; Green"), "the review shows choices by label");
	key(k, K_HOME);
	key(k, K_ENTER);
	CHECK(has(k, "How old are you?") && has(k, "Review answers"), "Enter on an answer goes to its question");
	times(k, K_BACKSPACE, 2);
	type(k, "41");
	key(k, K_PGDN);
	CHECK(has(k, "Check your answers") && has(k, "\xe2\x96\xb6 How old are you?") && has(k, "  41  "), "Next returns to the review, on the change");
	CHECK(has(k, "line one line two"), "a multi-line answer reads as one paragraph");
	calls = 0;
	key(k, K_END);
	key(k, K_ENTER);
	CHECK(calls == 1 && has(k, "Thank you"), "submitted");
	CHECK(captured_has("age=41;") && captured_has("summary=age 41;"), "the response has the change and the calculation");
	CHECK(captured_has("order=green blue red;") && captured_has("big=100;") && captured_has("likeit=yes;"), "rank, range and likert answers");
	CHECK(captured_has("pets=no;") && !captured_has("pet_name"), "the vanished answer is left out");
	CHECK(captured_has("colours=red green;") && captured_has("story=line one\nline two;") && captured_has("height=1.8;") && captured_has("ok=OK;"), "checklist, text, decimal, acknowledge");
	CHECK(captured_has("when=2026-02-28;"), "the date");
	key(k, K_ENTER);
}

/* The ODK features in the kiosk (tests/fixtures/packs/odk). */
static void
test_odk(struct kiosk *k)
{
	key(k, '2');
	key(k, K_ENTER);
	CHECK(has(k, "You can skip any question"), "the survey's own start");
	key(k, K_ENTER);
	CHECK(has(k, "How many people live here?") && has(k, "Count yourself."),
	    "the first question and its hint");
	CHECK(has(k, "Guidance: Include babies and lodgers."), "the guidance "
	    "hint shows under the hint");
	type(k, "3");
	key(k, K_PGDN);
	CHECK(has(k, "Anything to add about the count?") &&
	    has(k, "for 3 people"), "the trigger filled in the next answer");
	key(k, K_PGDN);
	CHECK(has(k, "Favourite fruit?"), "on to the fruit");
	{
		const char *sc = screen(k), *c = strstr(sc, "Cherry"),
		    *b = strstr(sc, "Banana"), *a = strstr(sc, "Apple");

		CHECK(c != NULL && b != NULL && a != NULL && c < b && b < a,
		    "the choices from fruits.csv in seed 7's order");
	}
	key(k, K_DOWN);
	key(k, K_ENTER);
	key(k, K_PGDN);
	CHECK(has(k, "A banana is yellow."), "pulldata() read the colour "
	    "from fruits.csv");
	key(k, K_PGDN);
	CHECK(has(k, "Are pets allowed?") && has(k, "Other"), "or_other adds "
	    "Other");
	key(k, K_ENTER);
	key(k, K_PGDN);
	CHECK(has(k, "Pet: none so far."), "the repeat's prompt says how many");
	key(k, K_ENTER);
	CHECK(has(k, "Pet's name?") && has(k, "Pet 1"), "adding one asks its "
	    "question, headed with its number");
	type(k, "Rex");
	key(k, K_PGDN);
	CHECK(has(k, "Pet: 1 so far."), "back at the prompt, with the count");
	calls = 0;
	captured[0] = '\0';
	CHECK(has(k, "\xe2\x96\xb6  No more: go on"), "after one, going on is "
	    "offered first");
	key(k, K_ENTER);
	CHECK(has(k, "Check your answers") && has(k, "[1] Pet's name?"),
	    "going on reaches the review, the instance numbered");
	key(k, K_ENTER);
	CHECK(calls == 1 && captured_has("count_note=for 3 people;") &&
	    captured_has("fruit=banana;") &&
	    captured_has("fruit_colour=yellow;") && captured_has("pet[1]/pet_name="
	    "Rex;") && captured_has("pets_ok=yes;"), "the response (%s)",
	    captured);
	key(k, K_ENTER);
}

int
main(void)
{
	struct pack *pack = NULL;
	struct kiosk k;

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	if (pack_load("content/packs/hackney", &pack, NULL) != 0) {
		CHECK(0, "the Hackney pack loads");
		return test_done();
	}
	CHECK_INT(kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24), 0, "kiosk starts headless");
	k.submit = hook;
	test_feedback(&k);
	test_submit_failures(&k);
	test_draft_strategy(&k);
	test_sizes(&k);
	test_idle(&k);
	test_mouse(&k);
	kiosk_free(&k);
	pack_free(&pack);
	if (pack_load("tests/fixtures/packs/survey", &pack, NULL) != 0) {
		CHECK(0, "the survey test pack loads");
		return test_done();
	}
	kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24);
	k.submit = hook;
	test_all_types(&k);
	kiosk_free(&k);
	pack_free(&pack);
	if (pack_load("tests/fixtures/packs/odk", &pack, NULL) != 0) {
		CHECK(0, "the ODK test pack loads");
		return test_done();
	}
	kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24);
	k.submit = hook;
	test_odk(&k);
	kiosk_free(&k);
	pack_free(&pack);
	kiosk_screen_free();
	return test_done();
}
