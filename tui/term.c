/*
 * The terminal, through ncursesw; see term.h.
 */
#include "tui/term.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "content/utf8.h"

static int term_on;
static volatile sig_atomic_t term_winch;

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

/* If the terminal changed size, tell curses; returns 1 when it did. */
static int
term_check_size(void)
{
	struct winsize ws;

	term_winch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return 0;
	if (ws.ws_row == LINES && ws.ws_col == COLS)
		return 0;
	resizeterm(ws.ws_row, ws.ws_col);
	return 1;
}
static enum theme term_theme;
static int term_colour;

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
	[ST_EM] =		{ -1, -1, A_UNDERLINE },
	[ST_LINK] =		{ COLOR_CYAN, -1, A_UNDERLINE },
	[ST_LINK_FOCUS] =	{ COLOR_BLACK, COLOR_YELLOW, A_UNDERLINE | A_BOLD },
	[ST_SELECTED] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ST_DECOR] =		{ COLOR_CYAN, -1, 0 },
	[ST_DIM] =		{ -1, -1, A_DIM },
	[ST_WARN] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ST_ERROR] =		{ COLOR_WHITE, COLOR_RED, A_BOLD },
	[ST_INPUT] =		{ -1, -1, A_UNDERLINE },
	[ST_BAR] =		{ COLOR_GREEN, -1, A_REVERSE },
	[ST_MATCH] =		{ COLOR_BLACK, COLOR_GREEN, A_BOLD },
}, theme_contrast[ST_COUNT] = {
	[ST_NORMAL] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_HEADER] =		{ COLOR_BLACK, COLOR_WHITE, A_BOLD },
	[ST_HELP] =		{ COLOR_BLACK, COLOR_WHITE, A_BOLD },
	[ST_TITLE] =		{ COLOR_YELLOW, COLOR_BLACK, A_BOLD },
	[ST_HEADING] =		{ COLOR_YELLOW, COLOR_BLACK, A_BOLD },
	[ST_BOLD] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_EM] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD | A_UNDERLINE },
	[ST_LINK] =		{ COLOR_CYAN, COLOR_BLACK, A_BOLD | A_UNDERLINE },
	[ST_LINK_FOCUS] =	{ COLOR_BLACK, COLOR_YELLOW, A_BOLD | A_UNDERLINE },
	[ST_SELECTED] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ST_DECOR] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD },
	[ST_DIM] =		{ COLOR_WHITE, COLOR_BLACK, 0 },
	[ST_WARN] =		{ COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ST_ERROR] =		{ COLOR_YELLOW, COLOR_RED, A_BOLD },
	[ST_INPUT] =		{ COLOR_WHITE, COLOR_BLACK, A_BOLD | A_UNDERLINE },
	[ST_BAR] =		{ COLOR_WHITE, COLOR_BLACK, A_REVERSE },
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
	[ST_EM] = A_UNDERLINE,
	[ST_LINK] = A_UNDERLINE,
	[ST_LINK_FOCUS] = A_REVERSE | A_UNDERLINE,
	[ST_SELECTED] = A_REVERSE | A_BOLD,
	[ST_DECOR] = 0,
	[ST_DIM] = A_DIM,
	[ST_WARN] = A_REVERSE | A_BOLD,
	[ST_ERROR] = A_REVERSE | A_BOLD,
	[ST_INPUT] = A_UNDERLINE,
	[ST_BAR] = A_REVERSE,
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

void
term_set_theme(enum theme theme)
{
	int i;

	term_theme = theme;
	term_colour = theme != THEME_MONO && has_colors() &&
	    getenv("NO_COLOR") == NULL;
	if (!term_colour)
		return;
	for (i = 0; i < ST_COUNT; i++) {
		if (theme == THEME_CONTRAST)
			init_pair((short)(i + 1), theme_contrast[i].fg,
			    theme_contrast[i].bg);
		else
			init_pair((short)(i + 1), theme_default[i].fg,
			    theme_default[i].bg);
	}
	bkgdset(COLOR_PAIR(ST_NORMAL + 1));
}

int
term_has_colour(void)
{
	return term_colour;
}

int
term_init(enum theme theme)
{
	if (term_on)
		return 0;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	/* newterm, unlike initscr, returns instead of exiting on failure. */
	if (newterm(NULL, stdout, stdin) == NULL)
		return -1;
	term_on = 1;
	raw();			/* Ctrl-C, Ctrl-Z, Ctrl-\ arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	curs_set(0);
	if (has_colors() && getenv("NO_COLOR") == NULL) {
		start_color();
		use_default_colors();
	}
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
#ifdef BUTTON5_PRESSED
	    BUTTON5_PRESSED |
#endif
	    0, NULL);
	mouseinterval(0);
	term_set_theme(theme);
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
}

void
term_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

static attr_t
term_attr(enum style st)
{
	if ((int)st >= ST_COUNT)
		st = ST_NORMAL;
	if (!term_colour)
		return theme_mono[st];
	if (term_theme == THEME_CONTRAST)
		return COLOR_PAIR(st + 1) | theme_contrast[st].attr;
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
		if (setcchar(&cc, part, attr, 0, NULL) == ERR)
			setcchar(&cc, L"?", attr, 0, NULL);
		mvadd_wch(y, col, &cc);
		cw = wcwidth(part[0]);
		col += cw > 0 ? cw : 1;
	}
}

/* One printable ASCII character w[0] (w[1] is L'\0'): one column. */
static void
term_put_ascii(int y, int x, const wchar_t *w, attr_t attr)
{
	cchar_t cc;

	if (setcchar(&cc, w, attr, 0, NULL) == ERR)
		setcchar(&cc, L"?", attr, 0, NULL);
	mvadd_wch(y, x, &cc);
}

void
term_flush(const struct canvas *c)
{
	wchar_t wbuf[CELL_MAX + 1];
	int y, x, h = c->h < LINES ? c->h : LINES, w = c->w < COLS ? c->w : COLS;
	mbstate_t mbs;
	const char *src;
	size_t n;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			const struct cell *cell = &c->cells[y * c->w + x];

			if (cell->width == 0)
				continue;
			/* Most cells are one printable ASCII byte: no decoding. */
			if (cell->len == 1 && cell->ch[0] >= 0x20 &&
			    cell->ch[0] < 0x7f) {
				wbuf[0] = (wchar_t)cell->ch[0];
				wbuf[1] = L'\0';
				term_put_ascii(y, x, wbuf,
				    term_attr((enum style)cell->style));
				continue;
			}
			memset(&mbs, 0, sizeof mbs);
			src = cell->ch;
			n = mbsrtowcs(wbuf, &src, CELL_MAX, &mbs);
			if (n == (size_t)-1 || n == 0) {
				wbuf[0] = L'?';
				n = 1;
			}
			wbuf[n] = L'\0';
			term_put_cluster(y, x, wbuf, n,
			    term_attr((enum style)cell->style));
		}
	}
	refresh();
}

void
term_wipe(void)
{
	clear();
	refresh();
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
