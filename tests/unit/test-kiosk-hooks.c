/*
 * What the kiosk does for its screens without naming them (tui/kiosk.h):
 * the one list of screens, the keys that open a screen from any other,
 * the survey's journal after each batch of input (its flush hook), and
 * the news the classes hear: the start (a session carried on, a survey
 * offered back), a reset (no draft left) and the kiosk freed (the
 * session's draft kept).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "sync/draft.h"
#include "sync/session.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-screen.h"
#include "tui/kiosk.h"
#include "tui/screen-chores.h"
#include "tui/screen-export.h"

#define T0	1795460950

static char tmp[256];

static const char *
top(struct kiosk *k)
{
	return kiosk_top(k)->cls->name;
}

/* Every class the kiosk has is in its list, once; the first is home. */
static void
test_list(void)
{
	static const struct screen_class *const all[] = {
		&screen_home_class, &screen_pages_class, &screen_page_class,
		&screen_search_class, &screen_help_class, &screen_pin_class,
		&screen_facilitator_class, &screen_language_class,
		&screen_directory_class, &screen_surveys_class,
		&screen_consent_class, &screen_survey_class,
		&screen_review_class, &screen_leave_class, &screen_thanks_class,
		&screen_resume_class, &screen_session_start_class,
		&screen_session_class, &screen_notes_class,
		&screen_note_tag_class, &screen_vote_class,
		&screen_vote_person_class, &screen_results_class,
		&screen_export_class, &screen_confirm_class,
		&screen_pinset_class, &screen_setup_class,
		&screen_stick_class, &screen_status_class,
		&screen_speech_class,
	};
	size_t i, j, n = 0, found, bad = 0;

	while (kiosk_screens[n] != NULL)
		n++;
	CHECK(kiosk_screens[0] == &screen_home_class, "the list starts with "
	    "the home screen");
	CHECK_INT(n, sizeof all / sizeof all[0], "every screen is listed");
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		for (found = 0, j = 0; j < n; j++)
			found += kiosk_screens[j] == all[i];
		if (found != 1 || all[i]->name == NULL || all[i]->draw == NULL) {
			printf("# %s: listed %zu times\n", all[i]->name, found);
			bad++;
		}
	}
	CHECK_INT(bad, 0, "each once, with a name and a draw hook");
}

/* F1 ? / L F2 F12 open their screens from others, never over themselves. */
static void
test_global(struct kiosk *k)
{
	int depth = k->depth;

	key(k, '?');
	CHECK(strcmp(top(k), "help") == 0, "? opens the help");
	key(k, K_F1);
	CHECK(k->depth == depth + 1, "F1 on the help stays there");
	key(k, K_ESC);
	key(k, '/');
	CHECK(strcmp(top(k), "search") == 0, "/ opens the search");
	type(k, "l?");
	CHECK(strcmp(top(k), "search") == 0 && has(k, "l?"),
	    "where text is typed, l and ? are letters");
	key(k, K_ESC);
	key(k, 'L');
	CHECK(strcmp(top(k), "language") == 0, "L opens the language picker");
	key(k, K_F2);
	key(k, 'l');
	CHECK(k->depth == depth + 1, "F2 and L on the picker stay there");
	key(k, K_ESC);
	key(k, K_F2);
	CHECK(strcmp(top(k), "language") == 0, "F2 opens it too");
	key(k, K_ESC);
	key(k, K_F12);
	CHECK(strcmp(top(k), "pinset") == 0, "F12 without a PIN starts "
	    "first-run setup: setting one");
	key(k, K_F12);
	key(k, K_F2);
	CHECK(k->depth == depth + 1 && strcmp(top(k), "pinset") == 0,
	    "where F12 and F2 do nothing");
	key(k, K_ESC);
	CHECK_INT(k->depth, depth, "Esc goes back each time");
}

/* Answers are journaled once per batch of input; a reset leaves none. */
static void
test_flush(struct kiosk *k)
{
	struct draft d;

	key(k, '3');
	key(k, K_ENTER);
	CHECK(strcmp(top(k), "survey") == 0, "a survey runs");
	type(k, "Hello");
	CHECK(!draft_exists(k->home), "typing marks the answers, writes nothing");
	kiosk_flush(k);
	CHECK(draft_exists(k->home), "the batch done: the draft is written");
	kiosk_reset(k);
	CHECK(k->depth == 1 && !draft_exists(k->home), "a reset leaves none");
	memset(&d, 0, sizeof d);
	d.form_id = "feedback";
	d.form_version = "";
	d.lang = "en";
	d.started = T0;
	draft_begin(k->home, NULL);
	draft_save(k->home, &d, NULL);
	kiosk_reset(k);
	CHECK(!draft_exists(k->home), "even one that no runner on the stack "
	    "wrote (the survey hears the reset)");
}

/* The start: a session carries on, a survey is offered back. */
static void
test_start(struct pack *pack, const char *home)
{
	struct session *s = NULL;
	struct kiosk k;
	struct draft d;

	session_new("Hackney Central Library", NULL, NULL, "2026-11-23", T0, &s,
	    NULL);
	session_save(home, s, NULL);
	session_free(&s);
	memset(&d, 0, sizeof d);
	d.form_id = "feedback";
	d.form_version = "1";
	d.lang = "en";
	d.started = T0;
	draft_begin(home, NULL);
	draft_save(home, &d, NULL);
	if (kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24) != 0) {
		CHECK(0, "a kiosk for the start");
		return;
	}
	CHECK(k.session == NULL && k.depth == 1, "nothing before the start");
	kiosk_start(&k);
	CHECK(k.session != NULL && strstr(k.message, "carries on") != NULL,
	    "the session carries on");
	CHECK(strcmp(top(&k), "resume") == 0, "the survey is offered back");
	key(&k, K_ESC);
	kiosk_free(&k);
	CHECK(session_load(home, &s, NULL) == 0, "freeing the kiosk keeps the "
	    "session's draft");
	session_free(&s);
	session_destroy(home, NULL);
}

int
main(void)
{
	struct pack *pack = NULL;
	struct kiosk k;
	char home[300];

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	snprintf(tmp, sizeof tmp, "%s/outreach-hooks-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL ||
	    pack_load("tests/fixtures/packs/survey", &pack, NULL) != 0) {
		CHECK(0, "a temporary folder and the survey test pack");
		return test_done();
	}
	snprintf(home, sizeof home, "%s/home", tmp);
	mkdir(home, 0700);
	test_list();
	if (kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24) != 0) {
		CHECK(0, "a headless kiosk");
		goto out;
	}
	test_global(&k);
	test_flush(&k);
	kiosk_free(&k);
	test_start(pack, home);
out:
	pack_free(&pack);
	kiosk_screen_free();
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp);
	}
	return test_done();
}
