/*
 * The terminal: the only code that calls curses.
 *
 * term_read() turns curses input into events: keys (printable characters
 * as their code point, the rest as K_*), mouse clicks and the wheel, and
 * resizes. Control keys never reach the terminal driver's signals: the
 * kiosk runs in raw mode, so Ctrl-C, Ctrl-Z and Ctrl-\ are plain keys that
 * screens ignore. term_flush() copies a canvas to the screen in the
 * current theme.
 *
 * Terminals do not agree on how wide some clusters are: one draws Bengali
 * "বাং" in the three columns wcwidth() gives it, another in one or two.
 * Curses trusts wcwidth(), so after such a cluster the terminal's cursor
 * is not where curses thinks, and cells curses believes blank keep text
 * of an earlier screen. So a row that holds such a cluster, now or in the
 * frame before, is painted again whenever it changes: cleared to its end,
 * and each stretch of text after a gap of two or more blanks placed at
 * its column. Whatever width the terminal gives a cluster, nothing of an
 * earlier screen survives, and columns line up again after each gap.
 */
#ifndef OUTREACH_TERM_H
#define OUTREACH_TERM_H

#include <stdio.h>

#include "tui/canvas.h"

enum ev_type {
	EV_NONE,
	EV_KEY,
	EV_MOUSE,
	EV_RESIZE,
	EV_TICK,	/* the timeout passed with no input */
};

/* Keys that are not printable characters (above any code point). */
enum {
	K_UP = 0x110000, K_DOWN, K_LEFT, K_RIGHT, K_PGUP, K_PGDN, K_HOME,
	K_END, K_ENTER, K_BACKSPACE, K_DELETE, K_ESC, K_TAB, K_BTAB, K_INSERT,
	K_F1, K_F2, K_F3, K_F4, K_F5, K_F6, K_F7, K_F8, K_F9, K_F10, K_F11,
	K_F12, K_ALT,	/* Alt with something: ignored everywhere */
	K_CTRL,		/* any other control key: ignored everywhere */
	K_UNKNOWN,
};

enum mouse_button {
	MOUSE_CLICK,
	MOUSE_WHEEL_UP,
	MOUSE_WHEEL_DOWN,
	MOUSE_OTHER,
};

struct ev {
	enum ev_type	 type;
	int		 key;		/* EV_KEY */
	int		 ctrl;		/* EV_KEY K_CTRL: which letter, 'a'... */
	int		 my, mx;	/* EV_MOUSE */
	enum mouse_button button;
};

enum theme {
	THEME_DEFAULT,
	THEME_CONTRAST,
	THEME_MONO,
	THEME_COUNT
};

/*
 * Who reorders right-to-left text. TERM_BIDI_PROGRAM: the terminal shows
 * cells as they are sent (xterm, the Linux console, tmux), so the program
 * sends each row in display order. TERM_BIDI_TERMINAL: the terminal
 * reorders each row with the Unicode bidi algorithm itself, as mlterm does
 * (canvas_row_order), so the program sends what that terminal turns into
 * the display: right-to-left text in its logical order. It also tells
 * the terminal the paragraph direction of the language on screen (mlterm's
 * OSC 5379 bidi_mode, right or left), which other terminals ignore.
 */
enum term_bidi {
	TERM_BIDI_PROGRAM,
	TERM_BIDI_TERMINAL,
};

/* Parse "program" or "terminal"; -1 for anything else. */
int	term_bidi_parse(const char *s, enum term_bidi *out);
void	term_set_bidi(enum term_bidi b);

/* Start curses; returns -1 when there is no usable terminal. */
int	term_init(enum theme theme);
/* The same on other files (tests: a pipe read by a model terminal). */
int	term_init_io(enum theme theme, FILE *out, FILE *in);
void	term_end(void);
void	term_set_theme(enum theme theme);
/* 1 when colours are in use (not NO_COLOR, not monochrome). */
int	term_has_colour(void);
void	term_size(int *w, int *h);
/* Wait up to timeout_ms (-1 forever) for an event. */
void	term_read(struct ev *ev, int timeout_ms);
void	term_flush(const struct canvas *c);
/* Clear the whole screen, including what curses thinks is there. */
void	term_wipe(void);

const char *term_theme_name(enum theme t);
/* 1 when a style is drawn in reverse video in a theme. */
int	term_style_reversed(enum theme t, enum style st);

#endif
