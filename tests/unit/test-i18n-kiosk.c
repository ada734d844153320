/*
 * The kiosk's languages, headless on the Hackney pack: the picker first,
 * F2 and L from any screen, screens redrawn in the new language with their
 * place kept, the "translation to be checked" line, Yiddish right to left,
 * and a reset back to the default language and the picker.
 */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
shows(struct kiosk *k, const char *text)
{
	char *s = screen(k);
	int r = strstr(s, text) != NULL;

	if (!r)
		printf("# screen without \"%s\":\n%s", text, s);
	free(s);
	return r;
}

/* Row y of the canvas as text. */
static char *
row(struct kiosk *k, int y)
{
	char *d = screen(k), *p = d, *nl;
	int i;

	for (i = 0; i < y && (nl = strchr(p, '\n')) != NULL; i++)
		p = nl + 1;
	if ((nl = strchr(p, '\n')) != NULL)
		*nl = '\0';
	memmove(d, p, strlen(p) + 1);
	return d;
}

/* The column of the last non-blank cell of row y, or -1. */
static int
last_col(struct kiosk *k, int y)
{
	int x;

	kiosk_draw(k);
	for (x = k->canvas.w - 1; x >= 0; x--) {
		const struct cell *c = canvas_cell(&k->canvas, y, x);

		if (c->width != 0 && strcmp(c->ch, " ") != 0)
			return x;
	}
	return -1;
}

static int
first_col(struct kiosk *k, int y)
{
	int x;

	kiosk_draw(k);
	for (x = 0; x < k->canvas.w; x++) {
		const struct cell *c = canvas_cell(&k->canvas, y, x);

		if (c->width != 0 && strcmp(c->ch, " ") != 0)
			return x;
	}
	return -1;
}

int
main(void)
{
	const char *b = getenv("OUTREACH_BUILD");
	struct pack *pack = NULL;
	struct kiosk k;
	struct ev ev;
	char dir[1024], *r;
	struct stat st;
	int depth, top, height;

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	snprintf(dir, sizeof dir, "%s/locale", b != NULL ? b : "build");
	if (stat(dir, &st) != 0) {
		SKIP("no catalogues in %s (run make first)", dir);
		return test_done();
	}
	bindtextdomain("outreach", dir);
	bind_textdomain_codeset("outreach", "UTF-8");
	textdomain("outreach");
	if (pack_load("content/packs/hackney", &pack, NULL) != 0) {
		CHECK(0, "the Hackney pack loads");
		return test_done();
	}
	CHECK_INT(kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT,
	    80, 24), 0, "kiosk starts headless");
	kiosk_ask_lang(&k);
	CHECK(kiosk_top(&k)->cls == &screen_language_class, "the language picker comes first");
	CHECK(shows(&k, "English") && shows(&k, "T\xc3\xbcrk\xc3\xa7" "e") &&
	    shows(&k, "Polski") && shows(&k, "Espa\xc3\xb1ol") &&
	    shows(&k, "Portugu\xc3\xaas") && shows(&k, "Fran\xc3\xa7" "ais") &&
	    shows(&k, "\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82\xe0\xa6\xb2\xe0\xa6\xbe") &&
	    shows(&k, "Soomaali") && shows(&k, "English \xe2\x80\x94 Easy Read"),
	    "every language, each in its own script");
	CHECK(shows(&k, "\xd7\xa9\xd7\x99\xd7\x93\xd7\x99\xd6\xb4\xd7\x99"),
	    "Yiddish too, drawn right to left");
	CHECK(shows(&k, "Dilinizi se\xc3\xa7in") && shows(&k, "Dooro luqaddaada"),
	    "each says \"Choose your language\" in that language");
	/* Turkish. */
	key(&k, '3');
	CHECK_STR(k.lang, "tr", "3 chooses Turkish");
	CHECK(kiosk_top(&k)->cls == &screen_home_class, "and goes on to the home screen");
	CHECK(shows(&k, "Planlar\xc4\xb1m\xc4\xb1z\xc4\xb1 okuyun"), "the home screen in Turkish");
	CHECK(shows(&k, "\xc3\x87" "eviri hen\xc3\xbcz kontrol edilmedi \xc2\xb7 "
	    "Translation to be checked"),
	    "translation to be checked, in Turkish and in English");
	CHECK(shows(&k, "F2 dil"), "the key line shows the language key");
	kiosk_area(&k, &top, &height);
	CHECK_INT(top, 3, "the line sits under the header and the demo banner");
	/* A page, then another language with F2: same screen, new text. */
	key(&k, K_ENTER);
	key(&k, K_ENTER);
	CHECK(kiosk_top(&k)->cls == &screen_page_class, "the first page opens");
	CHECK(shows(&k, "Ho\xc5\x9f geldiniz"), "in Turkish");
	depth = k.depth;
	key(&k, K_F2);
	CHECK(kiosk_top(&k)->cls == &screen_language_class, "F2 opens the picker over the page");
	key(&k, '9');
	CHECK_STR(k.lang, "so", "9 chooses Somali");
	CHECK_INT(k.depth, depth, "back on the same page");
	CHECK(shows(&k, "Soo dhowow"), "now in Somali");
	/* 'l' on a page, Esc: nothing changes. */
	key(&k, 'l');
	CHECK(kiosk_top(&k)->cls == &screen_language_class, "L opens the picker too");
	key(&k, K_ESC);
	CHECK(strcmp(k.lang, "so") == 0 && k.depth == depth, "Esc leaves it as it was");
	/* On the search screen 'l' is a letter, F2 still works. */
	key(&k, '/');
	key(&k, 'l');
	CHECK(kiosk_top(&k)->cls == &screen_search_class, "L is typed into the search");
	key(&k, K_F2);
	CHECK(kiosk_top(&k)->cls == &screen_language_class, "F2 works while typing");
	key(&k, '1');
	CHECK(kiosk_top(&k)->cls == &screen_search_class && strcmp(k.lang, "en") == 0,
	    "back to the search, in English");
	CHECK(shows(&k, "Search for: l"), "with the typed letter kept");
	key(&k, K_ESC);
	key(&k, K_ESC);
	/* Yiddish: the page reads right to left, aligned right. */
	key(&k, K_F2);
	key(&k, '0');
	CHECK_STR(k.lang, "yi", "0 chooses the tenth, Yiddish");
	CHECK(k.rtl, "the kiosk reads right to left");
	CHECK(shows(&k, "\xd7\xa2\xd7\x99\xd7\x96\xd7\x99\xd7\x95\xd7\x95 "
	    "\xd7\xa8\xd7\xa2\xd7\x96\xd7\x93\xd7\xa0\xd7\x95\xd7\x90 2."),
	    "the list of pages, in Yiddish");
	key(&k, K_ENTER);
	kiosk_area(&k, &top, &height);
		CHECK_INT(last_col(&k, top), 77, "the page's first line ends at the right margin");
	CHECK(first_col(&k, top) > 2, "and does not start at the left");
	CHECK_INT(last_col(&k, top + 1), 77, "and so does its second, the English name");
	r = row(&k, top);
	CHECK(strstr(r, "\xd7\x9d\xd7\x99\xd7\x90\xd7\x91\xd7\x94") != NULL,
	    "the title is reordered for display");
	free(r);
	CHECK_STR(canvas_cell(&k.canvas, top, 77)->ch, "\xd7\x91",
	    "the last column holds the title's first letter");
	key(&k, K_ESC);
	key(&k, K_ESC);
	key(&k, K_ESC);
	CHECK(kiosk_top(&k)->cls == &screen_home_class, "home again");
	kiosk_area(&k, &top, &height);
	CHECK(last_col(&k, top + 1) >= 74 && first_col(&k, top + 1) > 40,
	    "the home screen's lines are aligned right too");
	CHECK_INT(last_col(&k, 23), 78, "the key line starts at the right");
	CHECK_INT(first_col(&k, 23), 1, "with the language key at the left");
	/* A reset: default language, the picker again, nothing left. */
	k.last_input = time(NULL) - pack->idle_warning - pack->idle_countdown;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_TICK;
	kiosk_event(&k, &ev);
	CHECK(strcmp(k.lang, "en") == 0 && !k.rtl, "a reset goes back to English");
	CHECK(kiosk_top(&k)->cls == &screen_language_class && k.depth == 2,
	    "and offers the picker to the next person");
	k.last_input = time(NULL) - 100000;
	kiosk_event(&k, &ev);
	CHECK_INT(k.idle_left, -1, "an untouched picker is not reset again");
	kiosk_free(&k);
	/* --lang: no picker, and a reset returns to that language. */
	CHECK_INT(kiosk_init(&k, pack, "/nonexistent-home", "pl", THEME_DEFAULT,
	    80, 24), 0, "a kiosk started in Polish");
	CHECK(kiosk_top(&k)->cls == &screen_home_class && shows(&k, "Przeczytaj nasze plany"),
	    "starts on the home screen in Polish");
	key(&k, K_F2);
	key(&k, '5');
	k.last_input = time(NULL) - pack->idle_warning - pack->idle_countdown;
	kiosk_event(&k, &ev);
	CHECK(strcmp(k.lang, "pl") == 0 && k.depth == 1,
	    "a reset returns to Polish, the session's language");
	CHECK_INT(kiosk_set_lang(&k, "de"), -1, "a language the pack lacks is refused");
	kiosk_free(&k);
	/* Themes: chosen on the help screen, for this person only. */
	CHECK_INT(kiosk_init(&k, pack, "/nonexistent-home", "en", THEME_CONTRAST,
	    80, 24), 0, "a kiosk started with --theme contrast");
	key(&k, '?');
	CHECK(shows(&k, "High contrast  (in use)"), "the help screen shows the theme in use");
	key(&k, K_DOWN);
	key(&k, K_DOWN);
	key(&k, K_ENTER);
	CHECK_INT(k.theme, THEME_MONO, "black and white chosen from the help screen");
	CHECK(shows(&k, "Black and white  (in use)"), "and shown as in use");
	key(&k, K_F2);
	key(&k, '7');
	CHECK(k.theme == THEME_MONO && shows(&k, "Noir et blanc  (actif)"),
	    "a language change keeps it, and the menu follows the language");
	k.last_input = time(NULL) - pack->idle_warning - pack->idle_countdown;
	kiosk_event(&k, &ev);
	CHECK(k.theme == THEME_CONTRAST && strcmp(k.lang, "en") == 0,
	    "a reset returns to the session's theme and language");
	kiosk_free(&k);
	pack_free(&pack);
	return test_done();
}
