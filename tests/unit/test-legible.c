/*
 * Screens that must read right in every terminal, headless on the Hackney
 * pack: the survey's progress bar shows its fill in every theme (a glyph
 * in reverse video can vanish or look hollow), and the survey's start page
 * in Yiddish is drawn right to left and right-aligned like every other
 * Yiddish page; the home screen keeps Bengali and Yiddish names on rows of
 * their own.
 */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "tui/kiosk.h"
#include "tui/term.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-screen.h"

/* The first row from row `from` holding text, or -1. */
static int
row_from(struct kiosk *k, const char *text, int from)
{
	const char *s = screen(k), *p = s, *hit;
	int y = 0;

	for (; y < from && (p = strchr(p, '\n')) != NULL; y++)
		p++;
	if (p == NULL || (hit = strstr(p, text)) == NULL)
		return -1;
	for (; p < hit; p++)
		if (*p == '\n')
			y++;
	return y;
}

/* The first row holding text, or -1. */
static int
row_of(struct kiosk *k, const char *text)
{
	return row_from(k, text, 0);
}

/* Cells of row y that a person would see as nothing, in theme t. */
static int
unseen_cells(struct kiosk *k, int y, int x0, int x1, enum theme t,
    int *filled)
{
	int x, bad = 0;

	*filled = 0;
	for (x = x0; x < x1; x++) {
		const struct cell *c = canvas_cell(&k->canvas, y, x);
		int blank = c->len == 1 && c->ch[0] == ' ';
		int rev = term_style_reversed(t, (enum style)c->style);

		if (c->style == ST_BAR || (rev && blank))
			(*filled)++;
		/* A glyph in reverse video, or a space that is not. */
		if ((rev && !blank && c->style == ST_BAR) || (!rev && blank))
			bad++;
	}
	return bad;
}

static void
test_progress(struct pack *pack)
{
	struct kiosk k;
	enum theme t;
	int y, bad, filled, filled2;

	for (t = THEME_DEFAULT; t < THEME_COUNT; t++) {
		kiosk_init(&k, pack, "/nonexistent-home", "en", t, 80, 24);
		key(&k, '2');
		key(&k, K_ENTER);
		key(&k, K_ENTER);
		y = row_of(&k, "Question 1 of");
		CHECK(y > 0, "%s: the first question", term_theme_name(t));
		if (y <= 0) {
			kiosk_free(&k);
			continue;
		}
		bad = unseen_cells(&k, y + 1, 2, 78, t, &filled);
		CHECK(bad == 0 && filled > 0, "%s theme: the progress bar's fill "
		    "(%d cells) shows, no cell of it is invisible (%d are)",
		    term_theme_name(t), filled, bad);
		key(&k, K_PGDN);
		y = row_of(&k, "Question 2 of");
		unseen_cells(&k, y + 1, 2, 78, t, &filled2);
		CHECK(y > 0 && filled2 > filled, "%s theme: it fills as the "
		    "survey goes on (%d, then %d cells)", term_theme_name(t),
		    filled, filled2);
		kiosk_free(&k);
	}
}

/*
 * The home screen's language line: Yiddish and Bengali on rows of their
 * own (mlterm shapes Bengali only in rows without right-to-left letters).
 */
static void
test_lang_rows(struct pack *pack)
{
	static const char bn[] = "\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82"
	    "\xe0\xa6\xb2\xe0\xa6\xbe";
	static const char yi[] = "\xd7\xa9\xd7\x99\xd7\x93\xd7\x99\xd6"
	    "\xb4\xd7\x99";	/* as drawn: right to left */
	const char *langs[] = { "en", "yi", "bn" };
	struct kiosk k;
	size_t i;
	int ybn, yyi;

	for (i = 0; i < 3; i++) {
		kiosk_init(&k, pack, "/nonexistent-home", langs[i],
		    THEME_DEFAULT, 80, 24);
		/* Below the header, which names the language in use. */
		ybn = row_from(&k, bn, 1);
		yyi = row_from(&k, yi, 1);
		CHECK(ybn > 0 && yyi > 0 && ybn != yyi, "home in %s: the "
		    "language line puts Bengali and Yiddish on rows of their "
		    "own (rows %d and %d)", langs[i], ybn, yyi);
		kiosk_free(&k);
	}
}

/* The Yiddish start page: display order, right-aligned. */
static void
test_consent_rtl(struct pack *pack)
{
	/* "Before you start", logical and in display order. */
	static const char logical[] = "\xd7\x90\xd7\x99\xd7\x99\xd7\x93\xd7"
	    "\xa2\xd7\xa8 \xd7\x90\xd7\x99\xd7\xa8 \xd7\x94\xd7\x99\xd7\x99"
	    "\xd7\x91\xd7\x98 \xd7\x90\xd6\xb8\xd7\x9f";
	static const char shown[] = "\xd7\x9f\xd7\x90\xd6\xb8 \xd7\x98\xd7"
	    "\x91\xd7\x99\xd7\x99\xd7\x94 \xd7\xa8\xd7\x99\xd7\x90 \xd7\xa8"
	    "\xd7\xa2\xd7\x93\xd7\x99\xd7\x99\xd7\x90";
	struct kiosk k;
	const struct cell *c;
	int y, x, last = -1;

	kiosk_init(&k, pack, "/nonexistent-home", "yi", THEME_DEFAULT, 80, 24);
	key(&k, '2');
	key(&k, K_ENTER);
	CHECK(strcmp(kiosk_top(&k)->cls->name, "consent") == 0,
	    "the survey's start page");
	y = row_of(&k, shown);
	CHECK(y > 0 && row_of(&k, logical) < 0, "Yiddish start page: its "
	    "heading is drawn right to left");
	for (x = 0; y > 0 && x < 80; x++)
		if ((c = canvas_cell(&k.canvas, y, x)) != NULL &&
		    !(c->len == 1 && c->ch[0] == ' ') && c->width != 0)
			last = x;
	CHECK_INT(last, 77, "and right-aligned, to the text's right edge");
	kiosk_free(&k);
}

int
main(void)
{
	struct pack *pack = NULL;
	const char *b = getenv("BUILD");
	char dir[512];
	struct stat st;

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
	test_progress(pack);
	test_consent_rtl(pack);
	test_lang_rows(pack);
	pack_free(&pack);
	kiosk_screen_free();
	return test_done();
}
