/*
 * The kiosk drawn headless into a canvas: the frame, the home menu, the
 * pager, resizing, and clicks on the help line, with no terminal at all.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "tui/kiosk.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-test.h"

static char *
screen(struct kiosk *k)
{
	kiosk_draw(k);
	return canvas_dump(&k->canvas);
}

static int
lines_fit(const char *dump, size_t w)
{
	const char *p = dump, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		if (utf8_nwidth(p, (size_t)(nl - p)) != w)
			return 0;
		p = nl + 1;
	}
	return 1;
}

/* A click at column x of the last row; then the kiosk draws. */
static void
click(struct kiosk *k, int x)
{
	struct ev ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_MOUSE;
	ev.button = MOUSE_CLICK;
	ev.my = k->canvas.h - 1;
	ev.mx = x;
	kiosk_event(k, &ev);
	kiosk_draw(k);
}

/* The column where the help line of k shows text, or -1. */
static int
foot_at(struct kiosk *k, const char *text)
{
	char *s = screen(k), *row, *at;
	int x = -1;

	row = strrchr(s, '\n');
	while (row > s && row[-1] != '\n')
		row--;
	if ((at = strstr(row, text)) != NULL)
		x = (int)utf8_nwidth(row, (size_t)(at - row));
	free(s);
	return x;
}

/* The help line is the key table: a click on a key is a press of it. */
static void
test_foot(struct pack *pack)
{
	struct kiosk k;
	int x;

	if (kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT,
	    80, 24) != 0) {
		CHECK(0, "a kiosk for the clicks");
		return;
	}
	x = foot_at(&k, "Enter choose");
	CHECK(x > 0, "the home screen's help line shows Enter");
	click(&k, x + 2);
	CHECK(k.depth == 2 && strcmp(kiosk_top(&k)->cls->name, "pages") == 0,
	    "a click on it opens the selected item, as Enter does");
	click(&k, foot_at(&k, "Esc back"));
	CHECK_INT(k.depth, 1, "a click on Esc back goes back");
	click(&k, foot_at(&k, "? help") + 1);
	CHECK(k.depth == 2 && strcmp(kiosk_top(&k)->cls->name, "help") == 0,
	    "a click on ? help opens the help");
	click(&k, 0);
	CHECK_INT(k.depth, 2, "a click between the keys does nothing");
	click(&k, foot_at(&k, "Esc back") + 5);
	click(&k, foot_at(&k, "1-5 choose"));
	CHECK_INT(k.depth, 1, "nor does one on keys that stand for several");
	kiosk_free(&k);
}

int
main(void)
{
	struct pack *pack = NULL;
	struct kiosk k;
	struct ev ev;
	char *s;
	int i;

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	if (pack_load("tests/fixtures/packs/tiny", &pack, NULL) != 0) {
		CHECK(0, "tiny pack loads");
		return test_done();
	}
	CHECK_INT(kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24), 0, "kiosk starts headless");
	s = screen(&k);
	CHECK(strstr(s, "Tiny test pack") != NULL, "header shows the pack title");
	CHECK(strstr(s, "\xe2\x96\xb6 1. Read our plans") != NULL, "first item selected with a marker");
	CHECK(strstr(s, "Enter choose") != NULL, "help line shows the keys");
	CHECK(lines_fit(s, 80), "every row is exactly 80 columns");
	free(s);
	key(&k, K_DOWN);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "\xe2\x96\xb6 2. Have your say") != NULL, "Down moves the selection");
	free(s);
	key(&k, K_UP);
	key(&k, K_ENTER);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "Choose a page to read") != NULL, "Enter opens Read our plans");
	free(s);
	key(&k, K_ENTER);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "Welcome to the tiny pack.") != NULL, "first page opens");
	free(s);
	key(&k, K_TAB);
	key(&k, K_ENTER);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "The other page has a word") != NULL, "Tab then Enter follows the first link");
	free(s);
	key(&k, K_ESC);
	key(&k, K_ESC);
	key(&k, K_ESC);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "What would you like to do?") != NULL, "Esc goes back to the home screen");
	free(s);
	key(&k, K_ESC);
	CHECK_INT(k.depth, 1, "Esc on the home screen stays there");
	/* Control keys and odd keys do nothing. */
	for (i = 0; i < 26; i++) {
		memset(&ev, 0, sizeof ev);
		ev.type = EV_KEY;
		ev.key = K_CTRL;
		ev.ctrl = 'a' + i;
		kiosk_event(&k, &ev);
	}
	key(&k, K_ALT);
	key(&k, K_F5);
	CHECK(k.running && k.depth == 1, "control, Alt and function keys do nothing");
	/* Resizes: smaller than 40x12 asks for more room; back again works. */
	canvas_resize(&k.canvas, 30, 10);
	s = screen(&k);
	CHECK(strstr(s, "Please make this window") != NULL, "30x10 asks for a larger window");
	free(s);
	key(&k, K_ENTER);
	CHECK_INT(k.depth, 1, "keys do nothing while too small");
	for (i = 40; i <= 200; i += 7) {
		canvas_resize(&k.canvas, i, 12 + i / 10);
		s = screen(&k);
		if (!lines_fit(s, (size_t)i) || strstr(s, "Read our plans") == NULL) {
			CHECK(0, "home screen fits at %dx%d", i, 12 + i / 10);
			free(s);
			break;
		}
		free(s);
	}
	CHECK(i > 200, "home screen fits every size from 40 to 200 columns");
	/* The search screen from the home screen. */
	canvas_resize(&k.canvas, 80, 24);
	key(&k, '/');
	for (const char *p = "reablement"; *p != '\0'; p++)
		key(&k, *p);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "1 page mentions it:") != NULL, "search counts the pages");
	CHECK(strstr(s, "Other page") != NULL, "search lists the page");
	free(s);
	/* Idle: a warning with a countdown, then back to the start. */
	key(&k, K_ESC);
	key(&k, K_ESC);
	key(&k, K_ENTER);
	k.theme = THEME_MONO;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_TICK;
	kiosk_event(&k, &ev);
	CHECK_INT(k.idle_left, -1, "no warning while someone is using it");
	k.last_input = time(NULL) - pack->idle_warning - 2;
	kiosk_event(&k, &ev);
	s = screen(&k);
	CHECK(strstr(s, "Are you still there?") != NULL, "idle warning appears");
	CHECK(strstr(s, "in 8 seconds") != NULL, "with the seconds left");
	free(s);
	key(&k, 'x');
	CHECK(k.idle_left == -1 && k.depth == 2, "a key dismisses the warning and stays");
	k.last_input = time(NULL) - pack->idle_warning - pack->idle_countdown;
	kiosk_event(&k, &ev);
	CHECK(k.depth == 1 && k.theme == THEME_DEFAULT && k.wipe == 1,
	    "after the countdown: home screen, default theme, screen wiped");
	k.last_input = time(NULL) - 10000;
	kiosk_event(&k, &ev);
	CHECK_INT(k.idle_left, -1, "no warning on an untouched home screen");
	/* F12 without a PIN: setting one, never the menu's Quit. */
	key(&k, K_F12);
	s = canvas_dump(&k.canvas);
	CHECK(strstr(s, "Set the facilitator PIN") != NULL &&
	    strstr(s, "Quit") == NULL, "F12 without a PIN sets one first");
	free(s);
	key(&k, K_DOWN);
	key(&k, K_ENTER);
	CHECK_INT(k.running, 1, "and nothing there quits");
	kiosk_free(&k);
	test_foot(pack);
	pack_free(&pack);
	return test_done();
}
