/*
 * What reaches the glass: the kiosk's frames go through curses (term.c)
 * into a model terminal (model-term.h), and the test reads the cells a
 * person would see.
 *
 *   - A terminal that draws Bengali narrower than wcwidth() counts keeps
 *     nothing of an earlier screen: after moving between screens, the
 *     glass is what a fresh draw of the same screen gives.
 *   - With --bidi terminal, what is sent is Yiddish in logical order, and
 *     a terminal that reorders each row shows exactly the kiosk's frame;
 *     with --bidi program (the default), what is sent is already in
 *     display order.
 *   - canvas_row_order undoes what such a terminal does, row by row.
 *   - A SIGWINCH asks for a fresh draw, even at the same size.
 *   - The themes' colours are sent.
 */
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "tui/kiosk.h"
#include "tui/term.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-test.h"
#include "tests/unit/model-term.h"

static int pfd[2] = { -1, -1 };
static FILE *tout, *tin;

/* Start curses on a pipe that the model reads. */
static int
open_term(void)
{
	if (pipe(pfd) != 0)
		return -1;
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
#ifdef F_SETPIPE_SZ
	fcntl(pfd[1], F_SETPIPE_SZ, 1 << 20);
#endif
	tout = fdopen(pfd[1], "w");
	tin = fopen("/dev/null", "r");
	if (tout == NULL || tin == NULL)
		return -1;
	return term_init_io(THEME_DEFAULT, tout, tin);
}

static void
close_term(void)
{
	term_end();
	fclose(tout);
	fclose(tin);
	close(pfd[0]);
}

/* What curses wrote since the last call, into t. */
static void
drain(struct mt *t)
{
	char buf[65536];
	ssize_t r;

	fflush(tout);
	while ((r = read(pfd[0], buf, sizeof buf)) > 0)
		mt_feed(t, buf, (size_t)r);
}

/* Draw the kiosk and send the frame to t. */
static void
frame(struct kiosk *k, struct mt *t)
{
	kiosk_draw(k);
	term_flush(&k->canvas);
	drain(t);
}

static void
press(struct kiosk *k, struct mt *t, int code)
{
	key(k, code);
	frame(k, t);
}

/* 1 when two model screens hold the same rows; shows the first that differs. */
static int
same_glass(const struct mt *a, const struct mt *b, const char *what)
{
	int y, same = 1;

	for (y = 0; y < a->h && same; y++) {
		char *ra = mt_row(a, y, 0), *rb = mt_row(b, y, 0);

		if (strcmp(ra, rb) != 0) {
			printf("# %s, row %d:\n#   glass: \"%s\"\n#   fresh: "
			    "\"%s\"\n", what, y, ra, rb);
			same = 0;
		}
		free(ra);
		free(rb);
	}
	return same;
}

/* The glass now against a fresh draw of the same frame. */
static int
fresh_matches(struct kiosk *k, const struct mt *live, int narrow,
    const char *what)
{
	static struct mt fresh;

	mt_init(&fresh, live->w, live->h, narrow);
	term_wipe();
	term_flush(&k->canvas);
	drain(&fresh);
	return same_glass(live, &fresh, what);
}

/* Moving between screens on a terminal that draws Bengali narrower. */
static void
test_leftovers(struct pack *pack)
{
	static struct mt live;
	struct kiosk k;
	int ok = 1;

	if (open_term() != 0) {
		CHECK(0, "curses starts on a pipe");
		return;
	}
	mt_init(&live, 80, 24, MT_NARROW);
	kiosk_init(&k, pack, "/nonexistent-home", "bn", THEME_DEFAULT, 80, 24);
	frame(&k, &live);
	/* Bengali home, the picker, English home, a page, back, Bengali. */
	press(&k, &live, K_F2);
	ok &= fresh_matches(&k, &live, MT_NARROW, "the picker over Bengali");
	press(&k, &live, '1');
	ok &= fresh_matches(&k, &live, MT_NARROW, "English after Bengali");
	press(&k, &live, K_F2);
	press(&k, &live, '8');
	press(&k, &live, '1');
	press(&k, &live, K_ENTER);
	ok &= fresh_matches(&k, &live, MT_NARROW, "a Bengali page");
	press(&k, &live, K_F2);
	press(&k, &live, '1');
	ok &= fresh_matches(&k, &live, MT_NARROW, "the page in English");
	press(&k, &live, K_ESC);
	press(&k, &live, K_ESC);
	ok &= fresh_matches(&k, &live, MT_NARROW, "home again");
	CHECK(ok, "a terminal that draws Bengali narrower keeps nothing of an "
	    "earlier screen");
	CHECK_INT(live.unknown, 0, "the model understood every sequence");
	kiosk_free(&k);
	close_term();
}

/* A SIGWINCH, the size unchanged, asks for everything drawn again. */
static void
test_winch(void)
{
	struct ev ev;

	if (open_term() != 0) {
		CHECK(0, "curses starts on a pipe");
		return;
	}
	raise(SIGWINCH);
	term_read(&ev, 0);
	CHECK(ev.type == EV_RESIZE, "a SIGWINCH with the size unchanged is "
	    "a resize: the kiosk draws everything again");
	term_read(&ev, 0);
	CHECK(ev.type == EV_TICK, "once");
	close_term();
}

/* The themes' colours reach the terminal (setcchar took no pair). */
static void
test_colours(struct pack *pack)
{
	static char out[1 << 16];
	struct kiosk k;
	ssize_t n, len = 0;

	if (open_term() != 0) {
		CHECK(0, "curses starts on a pipe");
		return;
	}
	kiosk_init(&k, pack, "/nonexistent-home", "en", THEME_DEFAULT, 80, 24);
	kiosk_draw(&k);
	term_flush(&k.canvas);
	fflush(tout);
	while (len < (ssize_t)sizeof out - 1 && (n = read(pfd[0], out + len,
	    sizeof out - 1 - (size_t)len)) > 0)
		len += n;
	out[len] = '\0';
	CHECK(strstr(out, "\033[44m") != NULL || strstr(out, ";44m") != NULL,
	    "the header's blue background is sent");
	CHECK(strstr(out, "\033[43m") != NULL || strstr(out, ";43m") != NULL,
	    "the demo banner's yellow is sent");
	kiosk_free(&k);
	close_term();
}

/* Row y of a canvas as text. */
static char *
canvas_row(const struct canvas *c, int y)
{
	char *d = canvas_dump(c), *p = d, *nl;
	int i;

	for (i = 0; i < y && (nl = strchr(p, '\n')) != NULL; i++)
		p = nl + 1;
	if ((nl = strchr(p, '\n')) != NULL)
		*nl = '\0';
	memmove(d, p, strlen(p) + 1);
	return d;
}

/* Any row of the model holding s (as sent, or as shown with bidi). */
static int
glass_has(const struct mt *t, const char *s, int bidi)
{
	int y, found = 0;

	for (y = 0; y < t->h && !found; y++) {
		char *r = mt_row(t, y, bidi);

		found = strstr(r, s) != NULL;
		free(r);
	}
	return found;
}

/* 1 when t shows each row of the kiosk's frame as it is drawn. */
static int
same_rows(struct kiosk *k, const struct mt *t, const char *what)
{
	int y, ok = 1;

	for (y = 0; y < k->canvas.h; y++) {
		char *want = canvas_row(&k->canvas, y), *got = mt_row(t, y, 1);

		if (strcmp(want, got) != 0) {
			printf("# %s, row %d\n#   frame: \"%s\"\n#   shown: "
			    "\"%s\"\n", what, y, want, got);
			ok = 0;
		}
		free(want);
		free(got);
	}
	return ok;
}

/*
 * The Yiddish welcome in display order, as a reader must see it: right to
 * left, its English name (Hackney Adult Social Care) in the middle.
 * Caller frees.
 */
static char *
welcome_shown(struct pack *pack)
{
	const char *w = pack_text_welcome(pack, "yi");
	FriBidiChar u[512], vis[512];
	FriBidiParType dir = FRIBIDI_PAR_RTL;
	struct buf b = BUF_INIT;
	size_t i = 0, len = w != NULL ? strlen(w) : 0;
	int n = 0, k;
	char e[4];

	while (i < len && n < 512) {
		uint32_t cp;

		i += utf8_decode(w + i, len - i, &cp);
		u[n++] = cp;
	}
	if (n == 0 || !fribidi_log2vis(u, n, &dir, vis, NULL, NULL, NULL))
		return strdup("(no welcome)");
	for (k = 0; k < n; k++)
		buf_add(&b, e, utf8_encode(vis[k], e));
	return buf_detach(&b, NULL);
}

/* Yiddish screens, sent for each bidi mode. */
static void
test_bidi(struct pack *pack)
{
	/* "Before you start", logical and in display order. */
	static const char logical[] = "\xd7\x90\xd7\x99\xd7\x99\xd7\x93\xd7"
	    "\xa2\xd7\xa8 \xd7\x90\xd7\x99\xd7\xa8 \xd7\x94\xd7\x99\xd7\x99"
	    "\xd7\x91\xd7\x98 \xd7\x90\xd6\xb8\xd7\x9f";
	static const char shown[] = "\xd7\x9f\xd7\x90\xd6\xb8 \xd7\x98\xd7"
	    "\x91\xd7\x99\xd7\x99\xd7\x94 \xd7\xa8\xd7\x99\xd7\x90 \xd7\xa8"
	    "\xd7\xa2\xd7\x93\xd7\x99\xd7\x99\xd7\x90";
	static struct mt t;
	struct kiosk k;
	char *welcome = welcome_shown(pack);
	int mode, rows_ok;

	CHECK(strstr(welcome, "Hackney Adult Social Care") != NULL,
	    "the Yiddish welcome mixes Yiddish with an English name");
	for (mode = 0; mode < 2; mode++) {
		term_set_bidi(mode ? TERM_BIDI_TERMINAL : TERM_BIDI_PROGRAM);
		if (open_term() != 0) {
			CHECK(0, "curses starts on a pipe");
			return;
		}
		mt_init(&t, 80, 24, MT_WIDE);
		kiosk_init(&k, pack, "/nonexistent-home", "yi", THEME_DEFAULT,
		    80, 24);
		key(&k, '2');
		key(&k, K_ENTER);
		frame(&k, &t);
		if (mode) {
			CHECK(glass_has(&t, logical, 0) &&
			    !glass_has(&t, shown, 0), "--bidi terminal: "
			    "Yiddish is sent in logical order");
			rows_ok = same_rows(&k, &t, "the start page");
			press(&k, &t, K_ESC);
			press(&k, &t, K_ESC);
			rows_ok &= same_rows(&k, &t, "the home screen");
			CHECK(glass_has(&t, welcome, 1), "--bidi terminal: the "
			    "welcome, Yiddish mixed with English, reads right "
			    "to left, each word in its order");
			press(&k, &t, K_F2);
			rows_ok &= same_rows(&k, &t, "the language picker");
			press(&k, &t, '1');
			rows_ok &= same_rows(&k, &t, "the English home screen");
			press(&k, &t, '1');
			press(&k, &t, K_F2);
			press(&k, &t, '0');
			rows_ok &= same_rows(&k, &t, "the pages");
			press(&k, &t, K_ENTER);
			rows_ok &= same_rows(&k, &t, "a page");
			CHECK(rows_ok, "--bidi terminal: a terminal that "
			    "reorders each row shows the kiosk's frames, row "
			    "for row");
		} else {
			CHECK(glass_has(&t, shown, 0) &&
			    !glass_has(&t, logical, 0), "--bidi program: "
			    "Yiddish is sent in display order");
			press(&k, &t, K_ESC);
			press(&k, &t, K_ESC);
			CHECK(glass_has(&t, welcome, 0), "--bidi program: the "
			    "welcome, Yiddish mixed with English, reads right "
			    "to left, each word in its order");
		}
		kiosk_free(&k);
		close_term();
	}
	term_set_bidi(TERM_BIDI_PROGRAM);
	free(welcome);
}

/* canvas_row_order on rows of mixed text, checked by the model. */
static void
test_row_order(void)
{
	static const char *const rows[] = {
		/* Hebrew letters, an English name, digits and brackets. */
		"  \xd7\x90\xd7\x91 (Hackney 12) \xd7\x92\xd7\x93.  F2 x",
		"\xd7\x90 \xe2\x94\x82 \xd7\x91\xd7\x92  [1]",
		"plain English, nothing to reorder",
		"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d: 3-4, \xd7\x90\xd6\xb7",
		/* English first, then Yiddish; */
		"Hackney: \xd7\x93\xd7\x99 \xd7\xa4\xd6\xbf\xd7\x95\xd7\x9f.",
		/* Yiddish, an English name in the middle, a full stop. */
		"\xd7\x93\xd7\x99 Adult Social Care \xd7\x90\xd7\x99\xd7\x99"
		    "\xd6\xb7\xd7\x9a.",
	};
	static struct mt t;
	struct canvas c = { 0 };
	int order[CANVAS_MAX_W];
	uint32_t mirror[CANVAS_MAX_W];
	size_t i;
	int x, ok = 1;

	canvas_resize(&c, 40, 1);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *want, *got;
		struct buf b = BUF_INIT;

		canvas_clear(&c);
		c.rtl = (int)(i & 1);
		canvas_text(&c, 0, 0, 40, rows[i], ST_NORMAL);
		/* What would be sent, through the model's bidi. */
		canvas_row_order(&c, 0, order, mirror);
		for (x = 0; x < c.w; x++) {
			const struct cell *cell = &c.cells[order[x]];
			char e[4];

			if (cell->width == 0)
				continue;
			if (mirror[x] != 0)
				buf_add(&b, e, utf8_encode(mirror[x], e));
			else
				buf_add(&b, cell->ch, cell->len);
		}
		mt_init(&t, 40, 1, MT_WIDE);
		t.rtl = c.rtl;
		mt_feed(&t, b.data != NULL ? b.data : "", b.len);
		want = canvas_row(&c, 0);
		got = mt_row(&t, 0, 1);
		if (strcmp(want, got) != 0) {
			printf("# row %zu\n#   want: \"%s\"\n#   got:  \"%s\"\n"
			    "#   sent: \"%.*s\"\n", i, want, got, (int)b.len,
			    b.data);
			ok = 0;
		}
		free(want);
		free(got);
		buf_free(&b);
	}
	CHECK(ok, "rows sent in canvas_row_order show as drawn on a terminal "
	    "that reorders");
	canvas_free(&c);
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
	setenv("TERM", "xterm", 1);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
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
	test_row_order();
	test_winch();
	test_colours(pack);
	test_leftovers(pack);
	test_bidi(pack);
	pack_free(&pack);
	return test_done();
}
