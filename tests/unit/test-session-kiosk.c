/*
 * Co-production sessions driven headless in the kiosk: starting one from
 * the facilitator menu, the session surviving a participant's idle reset,
 * the consent script, notes typed, corrected and sealed (and wiped), a
 * vote by hands and one on the laptop (no way out for a voter, no totals
 * shown, F12 and the PIN to stop it), results for the room that never
 * show a count below the threshold (counts 0 to threshold + 1, for two
 * thresholds) nor free text, and nothing once the session has ended.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "sync/pin.h"
#include "sync/session.h"
#include "tui/kiosk.h"
#include "tui/screen-session.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-screen.h"

#define PACK	"content/packs/hackney"

static char sealed[32][1024];	/* what the hook was given, one per seal */
static int nsealed;

/* The test hook: "kind form name=value;..." for each response. */
static int
hook(struct kiosk *k, const struct survey_response *r, char **cause)
{
	size_t i, n;

	(void)k;
	(void)cause;
	if (nsealed >= 32)
		return ERR_LIMIT;
	n = (size_t)snprintf(sealed[nsealed], sizeof sealed[0], "%s %s ",
	    r->kind, r->form_id);
	for (i = 0; i < r->nanswers && n < sizeof sealed[0]; i++)
		n += (size_t)snprintf(sealed[nsealed] + n, sizeof sealed[0] - n,
		    "%s=%s;", r->answers[i].name, r->answers[i].value);
	nsealed++;
	return 0;
}

static const char *
top_name(struct kiosk *k)
{
	return kiosk_top(k)->cls->name;
}

/* The line of the dump after the line holding text (or NULL). */
static char *
line_after(struct kiosk *k, const char *text, char *out, size_t cap)
{
	const char *s = screen(k), *hit = strstr(s, text), *nl, *end;

	if (hit == NULL || (nl = strchr(hit, '\n')) == NULL)
		return NULL;
	end = strchr(nl + 1, '\n');
	if (end == NULL)
		end = nl + 1 + strlen(nl + 1);
	snprintf(out, cap, "%.*s", (int)(end - nl - 1), nl + 1);
	return out;
}

/* F12 and the facilitator's PIN (set in main): the facilitator menu. */
static void
facilitator(struct kiosk *k)
{
	key(k, K_F12);
	type(k, "2468");
	key(k, K_ENTER);
}

/* Start a session from the kiosk's home screen, as a facilitator would. */
static void
start_session(struct kiosk *k)
{
	facilitator(k);
	key(k, '4');
	type(k, "Hackney Central Library");
	key(k, K_ENTER);
	type(k, "Carers group");
	key(k, K_ENTER);
	type(k, "Sam");
	key(k, K_ENTER);
	key(k, K_ENTER);	/* the date: today, as filled in */
}

static void
test_start(struct kiosk *k, const char *home)
{
	char path[512], today[SESSION_DATE_SIZE];

	facilitator(k);
	CHECK(has(k, "4. Co-production session"), "the facilitator menu offers sessions");
	key(k, '4');
	CHECK(strcmp(top_name(k), "session-start") == 0 && has(k, "Venue:"),
	    "with no session, it offers to start one");
	session_today(time(NULL), today);
	CHECK(has(k, today), "the date is today's (%s)", today);
	key(k, K_ENTER);
	key(k, K_ENTER);
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(k->session == NULL && has(k, "Type the venue"),
	    "a session needs a venue: the focus goes back to it");
	type(k, "Hackney Central Library");
	key(k, K_DOWN);
	type(k, "Carers group");
	key(k, K_DOWN);
	type(k, "Sam");
	key(k, K_DOWN);
	times(k, K_BACKSPACE, 10);
	type(k, "2026-02-30");
	key(k, K_ENTER);
	CHECK(k->session == NULL && has(k, "year-month-day"),
	    "a date that is not a day is refused");
	times(k, K_BACKSPACE, 10);
	type(k, today);
	key(k, K_ENTER);
	CHECK(k->session != NULL && strcmp(top_name(k), "session") == 0,
	    "Enter on the date starts the session and shows its menu");
	CHECK(has(k, "Venue: Hackney Central Library") && has(k, "Group: Carers group") &&
	    has(k, "Facilitator: Sam"), "which shows the session");
	CHECK(has(k, "Sealed in this session: 0"), "and a count of what it sealed");
	snprintf(path, sizeof path, "%s/session/draft", home);
	CHECK(access(path, F_OK) == 0, "the session is journaled, encrypted");
	key(k, '1');
	CHECK(strcmp(top_name(k), "page") == 0 && has(k, "read this out") &&
	    has(k, "demo mode") && has(k, "not private") &&
	    !has(k, "Nobody here can read"),
	    "the consent script to read out, in demo mode promising no privacy");
	key(k, K_ESC);
	key(k, K_ESC);
	key(k, K_ESC);
	CHECK(k->depth == 1, "the facilitator goes back to the kiosk");
	CHECK(k->session != NULL, "and the session runs on");
	facilitator(k);
	CHECK(has(k, "Session running at Hackney Central Library: 0 sealed"),
	    "the facilitator menu says a session is running");
	key(k, '4');
	CHECK(strcmp(top_name(k), "session") == 0, "and opens it");
	kiosk_reset(k);
	CHECK(k->depth == 1 && k->session != NULL &&
	    strcmp(k->session->venue, "Hackney Central Library") == 0,
	    "an idle reset clears the screens, not the session");
}

static void
test_notes(struct kiosk *k)
{
	char path[512];
	int before = nsealed;

	facilitator(k);
	key(k, '4');
	key(k, '2');
	CHECK(strcmp(top_name(k), "notes") == 0 && has(k, "No notes yet"),
	    "Discussion notes starts empty");
	type(k, "More buses at night");
	key(k, K_TAB);
	key(k, K_RIGHT);
	CHECK(has(k, "Principle: Easy to access"), "Right picks the first tag");
	key(k, K_TAB);
	type(k, "transport");
	key(k, K_ENTER);
	CHECK(k->session->nnotes == 1 && has(k, "1. More buses at night  "
	    "(transport; Principle: Easy to access)"),
	    "Enter on the theme adds the note, listed by what was written");
	type(k, "Carers need a break");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(strcmp(top_name(k), "note-tag") == 0, "Enter on the tag lists every tag");
	times(k, K_DOWN, 11);
	key(k, K_ENTER);
	CHECK(strcmp(top_name(k), "notes") == 0 &&
	    has(k, "Improve and enhance the support"), "a commitment is chosen from the list");
	key(k, K_ENTER);
	CHECK(k->session->nnotes == 2 && k->session->notes[1].tag != NULL &&
	    strcmp(k->session->notes[1].tag, "commitment.carers") == 0,
	    "the second note has the commitment's tag id");
	/* Correct the first: up into the list, Enter, change it, save. */
	key(k, K_UP);
	key(k, K_UP);
	key(k, K_ENTER);
	CHECK(has(k, "Changing note 1"), "Enter on a note brings it back to correct");
	key(k, K_END);
	type(k, " and weekends");
	key(k, K_TAB);
	key(k, K_TAB);
	key(k, K_TAB);
	key(k, K_ENTER);
	CHECK(strcmp(k->session->notes[0].point, "More buses at night and weekends") == 0 &&
	    strcmp(k->session->notes[0].theme, "transport") == 0 &&
	    k->session->nnotes == 2, "the corrected note replaces it, tag and theme kept");
	kiosk_reset(k);
	CHECK(k->session->nnotes == 2, "unsealed notes survive an idle reset");
	facilitator(k);
	key(k, '4');
	key(k, '5');
	CHECK(k->session != NULL && strcmp(top_name(k), "confirm") == 0 &&
	    has(k, "2 notes are not sealed yet"),
	    "ending the session with unsealed notes asks first");
	key(k, K_ENTER);
	CHECK(k->session != NULL && strcmp(top_name(k), "session") == 0,
	    "and Enter on its first button goes back, ending nothing");
	key(k, '2');
	key(k, K_BTAB);
	key(k, K_BTAB);
	CHECK(has(k, "[ Seal these notes ]"), "Seal these notes");
	key(k, K_ENTER);
	CHECK(nsealed == before + 2 && k->session->nnotes == 0 &&
	    has(k, "2 notes sealed."), "sealing sends each note on its own");
	CHECK(strstr(sealed[before], "notes notes point=More buses at night and weekends;"
	    "tag=principle.access;tag_label=Principle: Easy to access;theme=transport;") != NULL,
	    "a note: kind notes, form notes, point, tag, label, theme (%s)", sealed[before]);
	CHECK(strstr(sealed[before + 1], "tag=commitment.carers;") != NULL &&
	    strstr(sealed[before + 1], "theme=") == NULL, "the second has no theme");
	CHECK(k->session->sealed[2] == 2, "the session counts them");
	CHECK(!has(k, "More buses"), "and nothing of them stays on the screen");
	snprintf(path, sizeof path, "%s/session/draft", k->home);
	{
		struct session *back = NULL;

		CHECK(session_load(k->home, &back, NULL) == 0 && back != NULL &&
		    back->nnotes == 0 && back->sealed[2] == 2,
		    "nor in the draft, which keeps the counts");
		session_free(&back);
	}
	key(k, K_ESC);
	CHECK(has(k, "Sealed in this session: 0 survey answers, 2 notes, 0 votes"),
	    "the session menu counts them, and says nothing else");
	key(k, K_ESC);
	key(k, K_ESC);
}

/* A minute of nobody at the keyboard, and more: the idle reset. */
static void
idle_reset(struct kiosk *k)
{
	struct ev ev = { .type = EV_TICK };

	k->last_input = time(NULL) - 100000;
	kiosk_event(k, &ev);
}

static void
test_hands(struct kiosk *k)
{
	int before = nsealed;

	facilitator(k);
	key(k, '4');
	key(k, '3');
	CHECK(strcmp(top_name(k), "vote") == 0 &&
	    has(k, "1. Which of the draft commitments matter most to you?") &&
	    has(k, "2. How much do you agree with our draft mission?"),
	    "Group vote lists the pack's votable questions by their words");
	key(k, '2');
	key(k, '1');
	CHECK(has(k, "Strongly agree") && has(k, "One vote each"),
	    "a show of hands: a number per choice");
	type(k, "x4");
	key(k, K_ENTER);
	type(k, "6");
	idle_reset(k);
	CHECK(k->depth == 1 && k->session != NULL,
	    "an idle reset mid-count goes home; the session stays");
	facilitator(k);
	key(k, '4');
	key(k, '3');
	CHECK(strcmp(top_name(k), "vote") == 0 &&
	    has(k, "This count was not sealed: it is back, as it was typed.") &&
	    has(k, "Strongly agree"), "Group vote carries on with the count typed");
	key(k, K_ENTER);
	key(k, K_ENTER);
	times(k, K_ENTER, 4);
	type(k, "9");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(nsealed == before && has(k, "more votes than people"),
	    "10 votes from 9 people, one vote each, is refused");
	key(k, K_UP);
	key(k, K_BACKSPACE);
	type(k, "12");
	key(k, K_ENTER);
	key(k, K_ENTER);
	CHECK(nsealed == before + 1 && strcmp(top_name(k), "session") == 0,
	    "the count is sealed, back to the session");
	CHECK(strstr(sealed[before], "tally tally form=draft-strategy;question="
	    "mission_agree;type=select_one;mode=hands;voters=12;count.strongly_agree=4;"
	    "count.agree=6;count.neither=0;") != NULL, "as a tally (%s)", sealed[before]);
	CHECK(k->session->nresults == 1 && k->session->results[0].people == 12,
	    "kept for the room");
}

static void
test_laptop(struct kiosk *k)
{
	int before = nsealed, i;

	key(k, '3');
	key(k, '1');
	key(k, '2');
	CHECK(has(k, "0 people have voted."), "a vote on the laptop");
	key(k, '1');
	CHECK(strcmp(top_name(k), "vote-person") == 0 &&
	    has(k, "Which of the draft commitments matter most to you?") &&
	    has(k, "[ ] Reduce the time you spend waiting"), "the voter sees the question");
	key(k, K_ESC);
	key(k, '?');
	key(k, '/');
	key(k, K_BACKSPACE);
	CHECK(strcmp(top_name(k), "vote-person") == 0,
	    "Esc, ?, / and Backspace do not take a voter anywhere");
	times(k, K_DOWN, 12);
	key(k, K_ENTER);
	CHECK(has(k, "Choose at least one"), "a vote needs a choice");
	key(k, K_HOME);
	for (i = 0; i < 4; i++) {
		key(k, ' ');
		key(k, K_DOWN);
	}
	times(k, K_DOWN, 8);
	key(k, K_ENTER);
	CHECK(has(k, "Please choose no more than three."),
	    "the form's own rule and words: no more than three");
	key(k, K_HOME);
	key(k, ' ');
	times(k, K_DOWN, 12);
	key(k, K_ENTER);
	CHECK(has(k, "Thank you. Your vote is counted.") && !has(k, "Reduce the time") &&
	    k->wipe == 1, "a vote: thank you, the screen cleared for the next person");
	CHECK(!has(k, "1 person") && !has(k, "voted"), "no totals for voters");
	key(k, K_ENTER);
	CHECK(has(k, "[ ] Reduce the time"), "the next person starts with nothing ticked");
	key(k, ' ');
	times(k, K_DOWN, 12);
	key(k, K_ENTER);
	key(k, K_ENTER);
	key(k, ' ');
	times(k, K_DOWN, 12);
	key(k, K_ENTER);
	k->last_input = time(NULL) - 100000;
	{
		struct ev ev = { .type = EV_TICK };

		kiosk_event(k, &ev);
	}
	CHECK(strcmp(top_name(k), "vote-person") == 0 && k->idle_left < 0,
	    "waiting for the next voter is not an idle reset");
	/* The facilitator stops it: F12 and the PIN. */
	pin_set(k->home, "2468", NULL);
	key(k, K_F12);
	CHECK(strcmp(top_name(k), "pin") == 0, "F12 asks for the PIN");
	key(k, K_ESC);
	CHECK(strcmp(top_name(k), "vote-person") == 0, "Esc there goes back to voting");
	/* Someone presses F12 and walks away: the idle reset comes. */
	key(k, K_F12);
	idle_reset(k);
	CHECK(k->depth == 1 && k->session != NULL,
	    "an idle reset over the PIN screen goes home");
	key(k, K_F12);
	type(k, "2468");
	key(k, K_ENTER);
	key(k, '4');
	key(k, '3');
	CHECK(strcmp(top_name(k), "vote") == 0 && has(k, "3 people have voted.") &&
	    has(k, "This vote was not sealed: it is back, with its votes."),
	    "the PIN and Group vote: the three votes are back");
	key(k, '1');
	CHECK(strcmp(top_name(k), "vote-person") == 0, "voting carries on");
	key(k, K_F12);
	type(k, "2468");
	key(k, K_ENTER);
	CHECK(strcmp(top_name(k), "vote") == 0 && has(k, "3 people have voted."),
	    "the PIN stops voting: the facilitator sees how many voted");
	key(k, '2');
	CHECK(nsealed == before + 1 && strstr(sealed[before], "mode=laptop;voters=3;"
	    "count.waiting=2;count.contact=1;count.barriers=1;count.reablement=1;"
	    "count.prevention=0;") != NULL,
	    "the votes are sealed as a tally (%s)", sealed[before]);
	CHECK(k->session->nresults == 2 && k->session->sealed[3] == 2,
	    "and kept for the room; two votes sealed");
}

/* A survey answered during the session, sealed through the kiosk. */
static void
test_survey(struct kiosk *k, const char *answers[][2], size_t n)
{
	struct xlsform *f = NULL;
	struct survey *sv = NULL;
	struct survey_response r;
	char *path = pack_survey_path(k->pack, "draft-strategy"), *cause = NULL;
	size_t i;

	if (path == NULL || xlsform_load(path, &f, NULL, NULL) != 0 ||
	    survey_new(f, "en", 0, &sv, NULL) != 0) {
		CHECK(0, "the draft strategy survey starts");
		goto out;
	}
	for (i = 0; i < n; i++)
		survey_set(sv, survey_find(sv, answers[i][0]), answers[i][1]);
	survey_response(sv, 0, "survey", &r);
	CHECK_INT(kiosk_submit(k, &r, sv, &cause), 0, "a survey is sealed in the session");
	survey_response_clear(&r);
out:
	free(cause);
	survey_free(&sv);
	xlsform_free(&f);
	free(path);
}

/* Every page of the results screen, concatenated. */
static char *
all_results(struct kiosk *k)
{
	static char all[65536];
	size_t i, n = k->session != NULL ? k->session->nresults : 1;
	int j;

	all[0] = '\0';
	for (i = 0; i < n; i++) {
		for (j = 0; j < 12; j++) {
			strncat(all, screen(k), sizeof all - strlen(all) - 1);
			key(k, K_DOWN);
		}
		key(k, K_RIGHT);
	}
	return all;
}

static void
test_results(struct kiosk *k)
{
	static const char *ans[][2] = {
		{ "mission_agree", "agree" }, { "top_three", "waiting carers" },
		{ "respondent", "carer" }, { "missing", "ZEBRA-FREE-TEXT-42" },
	};
	char out[256];
	int before = (int)k->session->nresults;

	test_survey(k, ans, 4);
	test_survey(k, ans, 4);
	test_survey(k, ans, 4);
	CHECK(k->session->sealed[0] == 3, "three surveys counted as sealed");
	CHECK((int)k->session->nresults == before + 2,
	    "their closed answers the pack names are counted: mission and top three");
	key(k, '4');
	CHECK(strcmp(top_name(k), "results") == 0 && has(k, "Question 1 of 4"),
	    "Results for the room: one question per page");
	CHECK(has(k, "Show of hands or dots: 12 people"), "the hands count first");
	CHECK(line_after(k, "Agree", out, sizeof out) != NULL &&
	    strstr(out, "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88") != NULL &&
	    strstr(out, " 6") != NULL, "a bar and its count (%s)", out);
	CHECK(line_after(k, "Strongly agree", out, sizeof out) != NULL &&
	    strstr(out, " 4") != NULL, "4 is shown (%s)", out);
	CHECK(line_after(k, "Neither agree nor disagree", out, sizeof out) != NULL &&
	    strstr(out, "fewer than 3") != NULL && strstr(out, "\xe2\x96\x88") == NULL,
	    "0 is 'fewer than 3', with no bar (%s)", out);
	{
		const char *all = all_results(k);

		CHECK(strstr(all, "ZEBRA") == NULL, "no free text on any page");
		CHECK(strstr(all, "describe you") == NULL,
		    "no question the pack does not name");
		CHECK(strstr(all, "Survey answers in this session: 3 people") != NULL,
		    "the survey answers have a page of their own");
	}
	key(k, K_ESC);
}

/* Counts 0 .. threshold + 1 on the results screen. */
static void
test_threshold(struct kiosk *k, int th)
{
	static const char *const names[] = { "c0", "c1", "c2", "c3", "c4",
	    "c5", "c6", "c7" };
	static const char *const labels[] = { "Choice-zero", "Choice-one",
	    "Choice-two", "Choice-three", "Choice-four", "Choice-five",
	    "Choice-six", "Choice-seven" };
	unsigned counts[8];
	struct session_tally t;
	char out[256], num[64];
	int i, ok_hidden = 1, ok_shown = 1;

	for (i = 0; i < th + 2; i++)
		counts[i] = (unsigned)i;
	memset(&t, 0, sizeof t);
	t.form = "draft-strategy";
	t.question = "q";
	t.multiple = 1;
	t.mode = SESSION_HANDS;
	t.voters = (unsigned)th + 1;
	t.n = (size_t)th + 2;
	t.choices = names;
	t.counts = counts;
	session_results_clear(k->session);
	session_result_tally(k->session, &t, "Threshold question", labels);
	k->pack->results_threshold = th;
	canvas_resize(&k->canvas, 100, 60);
	key(k, '4');
	screen(k);
	for (i = 0; i < th + 2; i++) {
		if (line_after(k, labels[i], out, sizeof out) == NULL) {
			/* Scrolled below: scroll until it shows. */
			int j;

			for (j = 0; j < 20 && line_after(k, labels[i], out,
			    sizeof out) == NULL; j++)
				key(k, K_DOWN);
			if (line_after(k, labels[i], out, sizeof out) == NULL) {
				ok_hidden = ok_shown = 0;
				continue;
			}
		}
		snprintf(num, sizeof num, " %d", i);
		if (i < th) {
			snprintf(num, sizeof num, "fewer than %d", th);
			if (strstr(out, num) == NULL ||
			    strstr(out, "\xe2\x96\x88") != NULL ||
			    strchr(out, '0' + i) != NULL)
				ok_hidden = 0;
		} else if (strstr(out, num) == NULL ||
		    strstr(out, "\xe2\x96\x88") == NULL ||
		    strstr(out, "fewer") != NULL)
			ok_shown = 0;
	}
	CHECK(ok_hidden, "threshold %d: counts 0 to %d read 'fewer than %d', "
	    "no number, no bar", th, th - 1, th);
	CHECK(ok_shown, "threshold %d: counts %d and %d are shown with bars",
	    th, th, th + 1);
	key(k, K_HOME);
	snprintf(num, sizeof num, "%d people", th + 1);
	CHECK(has(k, num), "%d people voting is shown", th + 1);
	key(k, K_ESC);
	t.voters = (unsigned)th - 1;
	t.n = (size_t)th;
	session_results_clear(k->session);
	session_result_tally(k->session, &t, "Threshold question", labels);
	key(k, '4');
	snprintf(num, sizeof num, "fewer than %d people", th);
	CHECK(has(k, num), "threshold %d: %d people voting is 'fewer than %d "
	    "people'", th, th - 1, th);
	key(k, K_ESC);
	canvas_resize(&k->canvas, 80, 24);
}

/* Every session screen in the smallest window the kiosk allows. */
static void
test_small(struct kiosk *k)
{
	static const char *const names[] = { "a", "b" };
	static const char *const labels[] = { "A long label that has to wrap "
	    "over several lines in a narrow window", "B" };
	unsigned counts[] = { 4, 1 };
	struct session_tally t = { "draft-strategy", "q", 0, SESSION_HANDS, 5,
	    2, names, counts };
	const struct screen_class *cls[] = { &screen_session_class,
	    &screen_notes_class, &screen_vote_class, &screen_results_class };
	size_t i;
	int ok = 1;

	session_result_tally(k->session, &t, "A question in a narrow window",
	    labels);
	canvas_resize(&k->canvas, 40, 12);
	for (i = 0; i < sizeof cls / sizeof cls[0]; i++) {
		if (kiosk_push(k, cls[i], NULL) != 0) {
			ok = 0;
			continue;
		}
		screen(k);
		times(k, K_DOWN, 30);
		screen(k);
		kiosk_pop(k);
	}
	kiosk_push(k, &screen_vote_class, NULL);
	key(k, '1');
	key(k, '2');
	key(k, '1');
	ok = ok && strcmp(top_name(k), "vote-person") == 0;
	times(k, K_DOWN, 20);
	ok = ok && has(k, "[ Vote ]");
	pin_set(k->home, "2468", NULL);
	key(k, K_F12);
	type(k, "2468");
	key(k, K_ENTER);
	ok = ok && strcmp(top_name(k), "vote") == 0;
	key(k, K_ESC);
	canvas_resize(&k->canvas, 80, 24);
	CHECK(ok && strcmp(top_name(k), "session") == 0,
	    "every session screen works at 40x12; the Vote button scrolls into view");
}

static void
test_end(struct kiosk *k)
{
	char path[512];

	key(k, '5');
	CHECK(k->session != NULL && strcmp(top_name(k), "confirm") == 0 &&
	    has(k, "End the session?") && has(k, "[ No, go back ]") &&
	    has(k, "[ Yes, end the session ]"),
	    "End the session asks first, always");
	key(k, K_RIGHT);
	key(k, K_ENTER);
	CHECK(k->session == NULL && strcmp(top_name(k), "facilitator") == 0 &&
	    has(k, "The session has ended"), "Yes ends it");
	snprintf(path, sizeof path, "%s/session/draft.key", k->home);
	CHECK(access(path, F_OK) != 0, "and destroys its draft's key");
	kiosk_push(k, &screen_results_class, NULL);
	CHECK(has(k, "No session is running.") && !has(k, "Choice-") &&
	    !has(k, "Threshold") && !has(k, "fewer than") && !has(k, "Agree"),
	    "the results screen shows nothing after the session");
	key(k, K_ESC);
	key(k, '4');
	CHECK(strcmp(top_name(k), "session-start") == 0,
	    "the facilitator can start a new session");
	key(k, K_ESC);
}

/* A crash in a session: the next start carries on with it. */
static void
test_restore(struct pack *pack, const char *home)
{
	struct kiosk k;

	kiosk_init(&k, pack, home, NULL, THEME_DEFAULT, 80, 24);
	k.submit = hook;
	start_session(&k);
	key(&k, '2');
	type(&k, "A point before the crash");
	key(&k, K_ENTER);	/* to the tag */
	key(&k, K_ENTER);	/* the list of tags */
	key(&k, K_ENTER);	/* no tag; to the theme */
	key(&k, K_ENTER);	/* add */
	CHECK(k.session != NULL && k.session->nnotes == 1, "a note typed");
	kiosk_home(&k);
	facilitator(&k);
	key(&k, '2');
	CHECK(k.running && has(&k, "1 discussion note is not sealed"),
	    "Quit with a note unsealed asks first");
	key(&k, '2');
	CHECK(!k.running, "and quits when chosen again");
	kiosk_free(&k);		/* the process dies: nothing is ended */
	kiosk_init(&k, pack, home, NULL, THEME_DEFAULT, 80, 24);
	k.submit = hook;
	screen_session_restore(&k);
	CHECK(k.session != NULL && strcmp(k.session->venue,
	    "Hackney Central Library") == 0 && k.session->nnotes == 1 &&
	    strcmp(k.session->notes[0].point, "A point before the crash") == 0,
	    "after a restart the session and its unsealed note are back");
	CHECK(has(&k, "carries on after a restart"), "and the kiosk says so");
	screen_session_end(&k);
	kiosk_free(&k);
	kiosk_init(&k, pack, home, NULL, THEME_DEFAULT, 80, 24);
	screen_session_restore(&k);
	CHECK(k.session == NULL, "an ended session does not come back");
	kiosk_free(&k);
}

int
main(void)
{
	struct pack *pack = NULL;
	struct kiosk k;
	char home[256];

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	snprintf(home, sizeof home, "%s/outreach-skiosk-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(home) == NULL || pack_load(PACK, &pack, NULL) != 0) {
		CHECK(0, "a home and the Hackney pack");
		return test_done();
	}
	CHECK_INT(kiosk_init(&k, pack, home, NULL, THEME_DEFAULT, 80, 24), 0,
	    "kiosk starts headless");
	pin_set(home, "2468", NULL);
	k.submit = hook;
	test_start(&k, home);
	test_notes(&k);
	test_hands(&k);
	test_laptop(&k);
	test_results(&k);
	test_threshold(&k, 3);
	test_threshold(&k, 5);
	test_small(&k);
	test_end(&k);
	kiosk_free(&k);
	{
		char home2[300];

		/* A home without a session, with the PIN. */
		snprintf(home2, sizeof home2, "%s/restart", home);
		mkdir(home2, 0700);
		pin_set(home2, "2468", NULL);
		test_restore(pack, home2);
	}
	pack_free(&pack);
	kiosk_screen_free();
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", home);
	}
	return test_done();
}
