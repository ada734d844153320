/*
 * The terminal, through ncursesw; see term.h.
 */
#include "tui/term.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

#include "content/utf8.h"

static int term_on;
static volatile sig_atomic_t term_winch;
static SCREEN *term_screen;
static FILE *term_out;
static enum term_bidi term_bidi;

/* What term_flush last sent of each row, to know when to paint it again. */
struct term_row {
	uint64_t	hash;		/* of its cells, 0: unknown */
	int		uncertain;	/* it held a cluster of unsure width */
};
static struct term_row *term_rows;
static int term_nrows;
static int term_told_rtl = -1;	/* the direction told the terminal */

/*
 * Our own SIGWINCH handler, installed before curses so curses leaves it
 * alone, and without SA_RESTART, so a resize interrupts the wait for a key
 * at once instead of being noticed only with the next key.
 */
static void
term_on_winch(int sig)
{
	(void)sig;
	term_winch = 1;
}

/*
 * After a SIGWINCH: tell curses the terminal's size if it changed. Returns
 * 1 either way, so the kiosk lays out and draws everything again from a
 * cleared screen: a SIGWINCH with the size unchanged is how a terminal,
 * or a test, asks for a fresh draw.
 */
static int
term_check_size(void)
{
	struct winsize ws;

	term_winch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row != 0 &&
	    ws.ws_col != 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	return 1;
}
static enum theme term_theme;
static int term_colour;
/*
 * Dim text in light grey (xterm's 256-colour grey 250, #bcbcbc) instead of
 * the dim attribute where the terminal has 256 colours: the venue
 * laptop's mlterm ignores "faint" (SGR 2), so a button that cannot be
 * pressed yet looked like one that can. A light grey keeps it as easy to
 * read as the rest (contrast 10.6:1 on black; OCR reads it as well as
 * white, where the 16-colour grey, #7f7f7f, lost most of it).
 */
#define TERM_GREY	250
static int term_grey;
static int term_default_colours;	/* use_default_colors() worked */

/* Colour pairs, one per style. */
static const struct {
	short fg, bg;
	attr_t attr;
} theme_default[ST_COUNT] = {
	[ST_NORMAL] =		{ -1, -1, 0 },
	[ST_HEADER] =		{ COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[ST_HELP] =		{ COLOR_BLACK, COLOR_CYAN, 0 },
	[ST_TITLE] =		{ COLOR_BLUE, -1, A_BOLD },
	[ST_HEADING] =		{ COLOR_BLUE, -1, A_BOLD },
	[ST_BOLD] =		{ -1, -1, A_BOLD },
	[ST_EM] =		{ -1, -1, A_ITALIC },
	[ST_LINK] =		{ COLOR_CYAN, -1, A_UNDERLINE },
	[ST_LINK_FOCUS] =	{ COLOR_YELLOW, COLOR_BLACK, A_REVERSE | A_UNDERLINE | A_BOLD },
	[ST_SELECTED] =		{ COLOR_YELLOW, COLOR_BLACK, A_REVERSE | A_BOLD },
	[ST_DECOR] =		{ COLOR_CYAN, -1, 0 },
	[ST_DIM] =		{ -1, -1, A_DIM },
	[ST_WARN] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ST_ERROR] =		{ COLOR_WHITE, COLOR_RED, A_BOLD },
	[ST_INPUT] =		{ -1, -1, A_UNDERLINE },
	[ST_BAR] =		{ COLOR_GREEN, -1, A_REVERSE },
	[ST_CHART] =		{ COLOR_GREEN, -1, A_BOLD },
	[ST_MATCH] =		{ COLOR_BLACK, COLOR_GREEN, A_BOLD },
}, theme_contrast[ST_COUNT] = {
	[ST_NORMAL] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_HEADER] =		{ COLOR_BLACK, COLOR_WHITE, A_BOLD },
	[ST_HELP] =		{ COLOR_BLACK, COLOR_WHITE, A_BOLD },
	[ST_TITLE] =		{ COLOR_YELLOW, COLOR_BLACK, A_BOLD },
	[ST_HEADING] =		{ COLOR_YELLOW, COLOR_BLACK, A_BOLD },
	[ST_BOLD] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_EM] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD | A_ITALIC },
	[ST_LINK] =		{ COLOR_CYAN, COLOR_BLACK, A_BOLD | A_UNDERLINE },
	[ST_LINK_FOCUS] =	{ COLOR_YELLOW, COLOR_BLACK, A_REVERSE | A_BOLD | A_UNDERLINE },
	[ST_SELECTED] =		{ COLOR_YELLOW, COLOR_BLACK, A_REVERSE | A_BOLD },
	[ST_DECOR] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_DIM] =		{ COLOR_WHITE, COLOR_BLACK, 0 },
	[ST_WARN] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ST_ERROR] =		{ COLOR_YELLOW, COLOR_RED, A_BOLD },
	[ST_INPUT] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD | A_UNDERLINE },
	[ST_BAR] =		{ COLOR_WHITE, COLOR_BLACK, A_REVERSE },
	[ST_CHART] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_MATCH] =		{ COLOR_BLACK, COLOR_WHITE, A_BOLD },
};

/* Monochrome: attributes only, so meaning never rests on colour. */
static const attr_t theme_mono[ST_COUNT] = {
	[ST_NORMAL] = 0,
	[ST_HEADER] = A_REVERSE | A_BOLD,
	[ST_HELP] = A_REVERSE,
	[ST_TITLE] = A_BOLD,
	[ST_HEADING] = A_BOLD,
	[ST_BOLD] = A_BOLD,
	[ST_EM] = A_ITALIC,
	[ST_LINK] = A_UNDERLINE,
	[ST_LINK_FOCUS] = A_REVERSE | A_UNDERLINE,
	[ST_SELECTED] = A_REVERSE | A_BOLD,
	[ST_DECOR] = 0,
	[ST_DIM] = A_DIM,
	[ST_WARN] = A_REVERSE | A_BOLD,
	[ST_ERROR] = A_REVERSE | A_BOLD,
	[ST_INPUT] = A_UNDERLINE,
	[ST_BAR] = A_REVERSE,
	[ST_CHART] = A_BOLD,
	[ST_MATCH] = A_REVERSE,
};

const char *
term_theme_name(enum theme t)
{
	switch (t) {
	case THEME_CONTRAST:
		return "contrast";
	case THEME_MONO:
		return "mono";
	default:
		return "default";
	}
}

int
term_style_reversed(enum theme t, enum style st)
{
	if ((int)st < 0 || (int)st >= ST_COUNT)
		return 0;
	if (t == THEME_MONO)
		return (theme_mono[st] & A_REVERSE) != 0;
	if (t == THEME_CONTRAST)
		return (theme_contrast[st].attr & A_REVERSE) != 0;
	return (theme_default[st].attr & A_REVERSE) != 0;
}

int
term_bidi_parse(const char *s, enum term_bidi *out)
{
	if (strcmp(s, "program") == 0)
		*out = TERM_BIDI_PROGRAM;
	else if (strcmp(s, "terminal") == 0)
		*out = TERM_BIDI_TERMINAL;
	else
		return -1;
	return 0;
}

void
term_set_bidi(enum term_bidi b)
{
	term_bidi = b;
	term_told_rtl = -1;
	free(term_rows);
	term_rows = NULL;
	term_nrows = 0;
}

static attr_t	term_attr(enum style);

void
term_set_theme(enum theme theme)
{
	int i;

	term_theme = theme;
	term_colour = theme != THEME_MONO && has_colors() &&
	    getenv("NO_COLOR") == NULL;
	if (!term_colour)
		return;
	term_grey = theme != THEME_CONTRAST && COLORS >= 256;
	for (i = 0; i < ST_COUNT; i++) {
		if (theme == THEME_CONTRAST)
			init_pair((short)(i + 1), theme_contrast[i].fg,
			    theme_contrast[i].bg);
		else if (i == ST_DIM && term_grey)
			init_pair((short)(i + 1), TERM_GREY,
			    theme_default[i].bg);
		else
			init_pair((short)(i + 1), theme_default[i].fg,
			    theme_default[i].bg);
	}
	bkgdset(term_attr(ST_NORMAL) & A_COLOR);
}

int
term_has_colour(void)
{
	return term_colour;
}

int
term_init(enum theme theme)
{
	return term_init_io(theme, stdout, stdin);
}

int
term_init_io(enum theme theme, FILE *out, FILE *in)
{
	struct sigaction sa;

	if (term_on)
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	/* newterm, unlike initscr, returns instead of exiting on failure. */
	if ((term_screen = newterm(NULL, out, in)) == NULL)
		return -1;
	term_out = out;
	term_on = 1;
	term_set_bidi(term_bidi);
	raw();			/* Ctrl-C, Ctrl-Z, Ctrl-\ arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	curs_set(0);
	if (has_colors() && getenv("NO_COLOR") == NULL) {
		start_color();
		term_default_colours = use_default_colors() == OK;
	}
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
#ifdef BUTTON5_PRESSED
	    BUTTON5_PRESSED |
#endif
	    0, NULL);
	mouseinterval(0);
	term_set_theme(theme);
	/*
	 * Until the program has once left curses and come back, ncurses
	 * takes it for a terminfo program and writes out its buffer at every
	 * cursor movement (_nc_mvcur: "if the screen has not been
	 * initialized"): the first frame went out in 45 writes to the
	 * terminal instead of 2, each a wake-up of the terminal's reader.
	 * Leaving here, before anything is drawn, makes the first refresh
	 * come back (the alternate screen, modes and mouse set again) with
	 * buffered output from then on.
	 */
	endwin();
	return 0;
}

void
term_end(void)
{
	if (!term_on)
		return;
	term_on = 0;
	erase();
	refresh();
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
	free(term_rows);
	term_rows = NULL;
	term_nrows = 0;
}

void
term_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

/*
 * A style of the default theme without colours of its own (ordinary text,
 * bold, italic, input) is in pair 0, the terminal's own colours, like
 * the blank curses clears the screen with: in pair 1, with the same
 * colours, every blank cell differed from a cleared one, and curses sent
 * a cursor movement and a clear for every empty row of a fresh screen.
 */
static attr_t
term_attr(enum style st)
{
	if ((int)st >= ST_COUNT)
		st = ST_NORMAL;
	if (!term_colour)
		return theme_mono[st];
	if (term_theme == THEME_CONTRAST)
		return COLOR_PAIR(st + 1) | theme_contrast[st].attr;
	if (st == ST_DIM && term_grey)
		return COLOR_PAIR(st + 1);
	if (term_default_colours && theme_default[st].fg == -1 &&
	    theme_default[st].bg == -1)
		return theme_default[st].attr;
	return COLOR_PAIR(st + 1) | theme_default[st].attr;
}

/*
 * One cluster at y, x. Curses takes a spacing character and the marks on
 * it; a cluster with several spacing characters (Bengali "বাং": a letter
 * and two spacing vowel signs, three columns) goes out as one of those
 * per column, as the terminal will place them.
 */
static void
term_put_cluster(int y, int x, const wchar_t *w, size_t n, attr_t attr)
{
	wchar_t part[CELL_MAX + 1];
	cchar_t cc;
	size_t i = 0, j;
	int col = x, cw;

	while (i < n) {
		j = 0;
		part[j++] = w[i++];
		while (i < n && wcwidth(w[i]) == 0)
			part[j++] = w[i++];
		part[j] = L'\0';
		/* The colour pair goes apart: in attr, setcchar drops it. */
		if (setcchar(&cc, part, attr & ~A_COLOR,
		    (short)PAIR_NUMBER(attr), NULL) == ERR)
			setcchar(&cc, L"?", attr & ~A_COLOR,
			    (short)PAIR_NUMBER(attr), NULL);
		mvadd_wch(y, col, &cc);
		cw = wcwidth(part[0]);
		col += cw > 0 ? cw : 1;
	}
}

/*
 * The terminal's cursor where a text field in focus takes typing
 * (canvas_cursor), hidden everywhere else.
 */
static void
term_show_cursor(const struct canvas *c)
{
	static int shown = -1;
	int want = c->cursor_y >= 0 && c->cursor_y < LINES &&
	    c->cursor_x >= 0 && c->cursor_x < COLS;

	if (want)
		move(c->cursor_y, c->cursor_x);
	if (want != shown)
		curs_set(want ? 1 : 0);
	shown = want;
}

/*
 * 1 when terminals may draw a cell's cluster at another width than
 * wcwidth() gives: a wide character, a cluster of several spacing code
 * points (Bengali "বাং"), a joiner or a variation selector.
 */
static int
term_cell_uncertain(const struct cell *cell)
{
	uint32_t cp;
	size_t i, n;

	if (cell->width >= 2)
		return 1;
	for (i = 0; i < cell->len; i += n) {
		n = utf8_decode(cell->ch + i, cell->len - i, &cp);
		if (cp == 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f))
			return 1;
	}
	return 0;
}

/* The order to send row y's cells in (see enum term_bidi). */
static void
term_row_order(const struct canvas *c, int y, int *order, uint32_t *mirror)
{
	int x;

	if (term_bidi == TERM_BIDI_TERMINAL &&
	    canvas_row_order(c, y, order, mirror))
		return;
	for (x = 0; x < c->w; x++) {
		order[x] = x;
		mirror[x] = 0;
	}
}

/* A cell's cluster as wide characters (a mirrored bracket instead). */
static size_t
term_cell_wide(const struct cell *cell, uint32_t mirror, wchar_t *wbuf)
{
	mbstate_t mbs;
	const char *src = cell->ch;
	size_t n;

	if (mirror != 0) {
		wbuf[0] = (wchar_t)mirror;
		wbuf[1] = L'\0';
		return 1;
	}
	memset(&mbs, 0, sizeof mbs);
	n = mbsrtowcs(wbuf, &src, CELL_MAX, &mbs);
	if (n == (size_t)-1 || n == 0) {
		wbuf[0] = L'?';
		n = 1;
	}
	wbuf[n] = L'\0';
	return n;
}

static int
term_outc(int ch)
{
	return putc(ch, term_out);
}

static void
term_cup(int y, int x)
{
	const char *cup = tigetstr("cup");

	if (cup != NULL && cup != (char *)-1)
		tputs(tiparm(cup, y, x), 1, term_outc);
}

static void
term_sgr(attr_t a)
{
	vid_puts(a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL, term_outc);
}

/*
 * Style st for what follows, unless *cur is st already: vid_puts() sends
 * the attributes off and on again (sgr0, then the colour through tparm)
 * even when they are the ones in force, and a repainted row is mostly
 * runs of one style.
 */
static void
term_sgr_style(int *cur, enum style st)
{
	if (*cur != (int)st)
		term_sgr(term_attr(st));
	*cur = (int)st;
}

/*
 * Paint row y again past curses (see term.h): clear it, then send its
 * cells, placing each stretch of text that follows two or more blanks at
 * its own column.
 */
static void
term_repaint_row(const struct canvas *c, int y, const int *order,
    const uint32_t *mirror)
{
	const char *el = tigetstr("el");
	const struct cell *row = &c->cells[y * c->w];
	int w = c->w < COLS ? c->w : COLS, k, gap = 2, placed = 0, cur = -1;
	char mb[CELL_MAX + 8];
	size_t n;

	/*
	 * Writing the bottom-right cell scrolls a terminal with automatic
	 * margins that lacks the "eat newline glitch" (xterm, mlterm and the
	 * Linux console have it): there it is left blank.
	 */
	int corner_ok = tigetflag("am") <= 0 || tigetflag("xenl") > 0;

	term_cup(y, 0);
	term_sgr_style(&cur, ST_NORMAL);
	if (el != NULL && el != (char *)-1)
		tputs(el, 1, term_outc);
	for (k = 0; k < w; k++) {
		const struct cell *cell = &row[order[k]];

		if (cell->width == 0)
			continue;
		if (y == LINES - 1 && k + cell->width >= COLS && !corner_ok)
			break;
		if (cell->style == ST_NORMAL && cell->len == 1 &&
		    cell->ch[0] == ' ') {
			gap++;
			continue;
		}
		if (gap >= 2 || !placed)
			term_cup(y, k);
		else if (gap == 1) {
			term_sgr_style(&cur, ST_NORMAL);
			putc(' ', term_out);
		}
		gap = 0;
		placed = 1;
		term_sgr_style(&cur, (enum style)cell->style);
		if (mirror[k] != 0) {
			n = utf8_encode(mirror[k], mb);
			fwrite(mb, 1, n, term_out);
		} else
			fwrite(cell->ch, 1, cell->len, term_out);
	}
}

/* A row's cells and styles, hashed (FNV-1a); never 0. */
static uint64_t
term_row_hash(const struct canvas *c, int y)
{
	const struct cell *row = &c->cells[y * c->w];
	uint64_t h = 0xcbf29ce484222325ULL;
	int x;
	uint8_t i;

	for (x = 0; x < c->w; x++) {
		for (i = 0; i < row[x].len; i++)
			h = (h ^ (uint8_t)row[x].ch[i]) * 0x100000001b3ULL;
		h = (h ^ row[x].style) * 0x100000001b3ULL;
		h = (h ^ (uint64_t)(row[x].width + 1)) * 0x100000001b3ULL;
	}
	return h != 0 ? h : 1;
}

/*
 * Printable ASCII cells go to curses in runs, one call per run instead of
 * a move, a setcchar and an add per cell (most of what a frame costs
 * before curses compares it with the screen). Each style's cell is made
 * once with setcchar; a run's cells are copies of it with their letter.
 */
struct term_run {
	cchar_t		cells[CANVAS_MAX_W];
	cchar_t		style[ST_COUNT];	/* a blank in each style */
	unsigned char	made[ST_COUNT];
	int		y, x, n;
};

/* Put the run's cells at its row and column, and start a new run. */
static void
term_run_put(struct term_run *r)
{
	if (r->n > 0)
		mvadd_wchnstr(r->y, r->x, r->cells, r->n);
	r->n = 0;
}

/* Add printable ASCII character ch in style st at y, x to the run. */
static void
term_run_add(struct term_run *r, int y, int x, char ch, enum style st)
{
	attr_t attr;

	if ((int)st >= ST_COUNT)
		st = ST_NORMAL;
	if (r->n > 0 && (r->y != y || r->x + r->n != x))
		term_run_put(r);
	if (!r->made[st]) {
		attr = term_attr(st);
		/* The colour pair goes apart: in attr, setcchar drops it. */
		setcchar(&r->style[st], L" ", attr & ~A_COLOR,
		    (short)PAIR_NUMBER(attr), NULL);
		r->made[st] = 1;
	}
	if (r->n == 0) {
		r->y = y;
		r->x = x;
	}
	r->cells[r->n] = r->style[st];
	r->cells[r->n].chars[0] = (wchar_t)(unsigned char)ch;
	r->n++;
}

void
term_flush(const struct canvas *c)
{
	static int order[CANVAS_MAX_W];
	static uint32_t mirror[CANVAS_MAX_W];
	static struct term_run run;
	wchar_t wbuf[CELL_MAX + 1];
	int y, k, h = c->h < LINES ? c->h : LINES, w = c->w < COLS ? c->w : COLS;
	int repaint = 0, *again = NULL;
	struct term_row *rows;
	size_t n;

	if (term_nrows != h) {
		if ((rows = calloc((size_t)h, sizeof *rows)) != NULL) {
			free(term_rows);
			term_rows = rows;
			term_nrows = h;
		}
	}
	memset(run.made, 0, sizeof run.made);	/* the theme may have changed */
	run.n = 0;
	if (term_nrows == h)
		again = calloc((size_t)h, sizeof *again);
	/* The paragraph direction, before the rows that need it. */
	if (term_bidi == TERM_BIDI_TERMINAL && term_told_rtl != c->rtl) {
		fprintf(term_out, "\033]5379;bidi_mode=%s\007", c->rtl ?
		    "right" : "left");
		fflush(term_out);
		term_told_rtl = c->rtl;
	}
	for (y = 0; y < h; y++) {
		int uncertain = 0;

		term_row_order(c, y, order, mirror);
		for (k = 0; k < w; k++) {
			const struct cell *cell = &c->cells[y * c->w + order[k]];

			if (cell->width == 0)
				continue;
			/*
			 * Most cells are one printable ASCII byte: no
			 * decoding, and never of unsure width.
			 */
			if (cell->len == 1 && cell->ch[0] >= 0x20 &&
			    cell->ch[0] < 0x7f && mirror[k] == 0) {
				term_run_add(&run, y, k, cell->ch[0],
				    (enum style)cell->style);
				continue;
			}
			term_run_put(&run);
			uncertain |= term_cell_uncertain(cell);
			n = term_cell_wide(cell, mirror[k], wbuf);
			term_put_cluster(y, k, wbuf, n,
			    term_attr((enum style)cell->style));
		}
		term_run_put(&run);
		if (again != NULL) {
			/*
			 * Only a row of unsure width, now or before, needs
			 * its hash: one that becomes unsure has changed
			 * anyway, and 0 (unknown) never matches.
			 */
			uint64_t hash = uncertain || term_rows[y].uncertain ?
			    term_row_hash(c, y) : 0;

			if (hash != term_rows[y].hash &&
			    (uncertain || term_rows[y].uncertain)) {
				again[y] = 1;
				repaint = 1;
			}
			term_rows[y].hash = hash;
			term_rows[y].uncertain = uncertain;
		}
	}
	term_show_cursor(c);
	refresh();
	if (repaint) {
		for (y = 0; y < h; y++) {
			if (!again[y])
				continue;
			term_row_order(c, y, order, mirror);
			term_repaint_row(c, y, order, mirror);
		}
		/* Leave the terminal where curses believes it is. */
		term_sgr(A_NORMAL);
		term_cup(getcury(curscr), getcurx(curscr));
		fflush(term_out);
	}
	free(again);
}

void
term_wipe(void)
{
	int y;

	clear();
	refresh();
	/* A cleared screen holds nothing of unsure width. */
	for (y = 0; y < term_nrows; y++) {
		term_rows[y].hash = 0;
		term_rows[y].uncertain = 0;
	}
}

static int
term_key(int ch, struct ev *ev)
{
	switch (ch) {
	case KEY_UP: return K_UP;
	case KEY_DOWN: return K_DOWN;
	case KEY_LEFT: return K_LEFT;
	case KEY_RIGHT: return K_RIGHT;
	case KEY_PPAGE: return K_PGUP;
	case KEY_NPAGE: return K_PGDN;
	case KEY_HOME: return K_HOME;
	case KEY_END: return K_END;
	case KEY_ENTER: return K_ENTER;
	case KEY_BACKSPACE: return K_BACKSPACE;
	case KEY_DC: return K_DELETE;
	case KEY_IC: return K_INSERT;
	case KEY_BTAB: return K_BTAB;
	}
	if (ch >= KEY_F(1) && ch <= KEY_F(12))
		return K_F1 + (ch - KEY_F(1));
	(void)ev;
	return K_UNKNOWN;
}

void
term_read(struct ev *ev, int timeout_ms)
{
	wint_t wch;
	MEVENT me;
	int r;

	memset(ev, 0, sizeof *ev);
	if (term_winch && term_check_size()) {
		ev->type = EV_RESIZE;
		return;
	}
	timeout(timeout_ms);
	r = get_wch(&wch);
	/* A key that came after a resize waits until the resize is done. */
	if (term_winch && term_check_size()) {
		if (r != ERR)
			unget_wch(wch);
		ev->type = EV_RESIZE;
		return;
	}
	if (r == ERR) {
		ev->type = EV_TICK;
		return;
	}
	ev->type = EV_KEY;
	if (r == KEY_CODE_YES) {
		if (wch == KEY_RESIZE) {
			ev->type = EV_RESIZE;
			return;
		}
		if (wch == KEY_MOUSE) {
			ev->type = EV_MOUSE;
			if (getmouse(&me) != OK) {
				ev->type = EV_NONE;
				return;
			}
			ev->my = me.y;
			ev->mx = me.x;
			if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
				ev->button = MOUSE_CLICK;
			else if (me.bstate & BUTTON4_PRESSED)
				ev->button = MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
			else if (me.bstate & BUTTON5_PRESSED)
				ev->button = MOUSE_WHEEL_DOWN;
#endif
			else
				ev->button = MOUSE_OTHER;
			return;
		}
		ev->key = term_key((int)wch, ev);
		return;
	}
	switch (wch) {
	case '\r':
	case '\n':
		ev->key = K_ENTER;
		return;
	case '\t':
		ev->key = K_TAB;
		return;
	case 8:
	case 127:
		ev->key = K_BACKSPACE;
		return;
	case 27:
		/* Esc alone, or Alt with a key: read what follows at once. */
		timeout(0);
		r = get_wch(&wch);
		if (r == ERR) {
			ev->key = K_ESC;
			return;
		}
		/* Swallow the rest of an unknown escape sequence. */
		while (r != ERR && (r == KEY_CODE_YES || wch < 0x40 ||
		    wch == '[' || wch == 'O'))
			r = get_wch(&wch);
		ev->key = K_ALT;
		return;
	}
	if (wch < 0x20) {
		ev->key = K_CTRL;
		ev->ctrl = 'a' + (int)wch - 1;
		return;
	}
	if (wch >= 0x80 && wch < 0xa0) {
		ev->key = K_CTRL;
		return;
	}
	ev->key = (int)wch;
}
