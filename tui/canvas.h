/*
 * The drawing layer: screens draw styled text into a canvas of cells, and
 * only term.c copies a canvas to the terminal. Screens can therefore be
 * drawn and checked without a terminal, and nothing but sanitised, measured
 * text ever reaches curses.
 *
 * Every cell holds one grapheme cluster (or a space) and a style; a wide
 * cluster takes as many cells as its code points' widths add up to (two
 * for CJK, three for Bengali "বাং"), the others marked as continuations.
 * Drawing
 * never writes outside the canvas and never splits a cluster: a wide one
 * that does not fit at the right edge becomes a space.
 */
#ifndef OUTREACH_CANVAS_H
#define OUTREACH_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "content/layout.h"

/* Styles: what a thing is; term.c maps them to attributes per theme. */
enum style {
	ST_NORMAL,
	ST_HEADER,	/* top bar */
	ST_HELP,	/* bottom key line */
	ST_TITLE,	/* big titles on a screen */
	ST_HEADING,
	ST_BOLD,
	ST_EM,
	ST_LINK,
	ST_LINK_FOCUS,	/* the link Enter would follow */
	ST_SELECTED,	/* the focus: reverse video in every theme */
	ST_DECOR,
	ST_DIM,
	ST_WARN,	/* the demo banner, the idle warning */
	ST_ERROR,	/* a message at a field */
	ST_INPUT,	/* a text field */
	ST_BAR,		/* a progress bar's fill: spaces, reverse video */
	ST_CHART,	/* a chart's bars: block glyphs, never reversed */
	ST_MATCH,	/* a search hit */
	ST_COUNT
};

#define CELL_MAX	24	/* bytes of one cluster, longer ones shown as '?' */

struct cell {
	char		ch[CELL_MAX];	/* "" for the right half of a wide cluster */
	uint8_t		len;
	uint8_t		width;		/* columns: 1, 2 (CJK), more for an
					   Indic syllable; 0 continues one */
	uint8_t		style;
};

struct canvas {
	int		 w, h;
	struct cell	*cells;
	int		 rtl;	/* the language reads right to left: text
				   with a right-to-left letter is laid out
				   as a right-to-left paragraph */
	int		 cursor_y, cursor_x;	/* canvas_cursor, or -1 */
	/*
	 * The item in focus is the focus_i-th of focus_n in its list (a
	 * menu, a question's answers), from 1; 0 when no list says so. For
	 * speech (tui/speech-read.h): "2 of 5".
	 */
	int		 focus_i, focus_n;
};

int	canvas_resize(struct canvas *c, int w, int h);
void	canvas_free(struct canvas *c);
void	canvas_clear(struct canvas *c);
struct cell *canvas_cell(struct canvas *c, int y, int x);

/*
 * Draw text (sanitised here, so anything may be passed) at y, x in at most
 * maxw columns. Returns the columns used. A NULL or empty text draws
 * nothing. Text with a right-to-left letter (Hebrew, Arabic ...) is
 * reordered for display with fribidi.
 */
int	canvas_text(struct canvas *c, int y, int x, int maxw, const char *text,
	    enum style st);
int	canvas_ntext(struct canvas *c, int y, int x, int maxw, const char *text,
	    size_t len, enum style st);
/* Like canvas_text, but cut with an ellipsis when it does not fit. */
int	canvas_text_cut(struct canvas *c, int y, int x, int maxw,
	    const char *text, enum style st);
/*
 * Like canvas_text_cut, aligned to the right edge of the maxw columns when
 * right is set (a right-to-left language's lines). Returns the first
 * column drawn.
 */
int	canvas_text_align(struct canvas *c, int y, int x, int maxw,
	    const char *text, enum style st, int right);
/*
 * Text wrapped to w columns from row y, on at most maxlines rows, the last
 * one ending in an ellipsis when there is more: a sentence is never cut at
 * the edge of the screen. Right to left (rtl), each row is aligned to the
 * right. Returns the rows used; with c NULL it only counts them.
 */
int	canvas_wrap(struct canvas *c, int y, int x, int w, int maxlines,
	    const char *text, enum style st, int rtl);

/*
 * Focus is drawn one way everywhere (menus, list items, buttons, fields):
 * a marker beside the thing in focus ("\xe2\x96\xb6 " before it, or " \xe2\x97\x80" after it
 * right to left; "> " and " <" without UTF-8) and the thing itself in
 * ST_SELECTED, which every theme draws in reverse video, so it shows in
 * colour and in black and white alike. A text field in focus also shows
 * the terminal's cursor where typing goes (canvas_cursor).
 */
#define CANVAS_MARK_W	2
/* The marker in the CANVAS_MARK_W columns from x. */
void	canvas_mark(struct canvas *c, int y, int x, int rtl);
/*
 * Focus on the w columns from x that are drawn already: they turn
 * ST_SELECTED, and the marker goes in the CANVAS_MARK_W columns before
 * them (after them, rtl).
 */
void	canvas_focus(struct canvas *c, int y, int x, int w, int rtl);
/*
 * A button, "[ label ]", at x in at most maxw columns, bold, or in focus
 * (canvas_focus). Returns its width, for clicks.
 */
int	canvas_button(struct canvas *c, int y, int x, int maxw,
	    const char *label, int focused, int rtl);
/*
 * A field's label ("Venue:") at x in at most maxw columns, in focus when
 * its field is (the field itself shows the cursor). Returns its width.
 */
int	canvas_label(struct canvas *c, int y, int x, int maxw,
	    const char *label, int focused, int rtl);
/*
 * Show the terminal's cursor at y, x after this frame (where a text field
 * in focus takes typing); a cleared canvas has none, and the cursor is
 * hidden.
 */
void	canvas_cursor(struct canvas *c, int y, int x);

/* Fill w cells from y, x with spaces in a style. */
void	canvas_fill(struct canvas *c, int y, int x, int w, enum style st);
/* A horizontal rule. */
void	canvas_hline(struct canvas *c, int y, int x, int w, enum style st);
/*
 * A progress bar of w cells, done/total of the way (at least one cell once
 * anything is done). The filled part is spaces in ST_BAR, which every theme
 * draws in reverse video: it shows in any terminal, font and monochrome,
 * where a block glyph may be missing, hollow, or reversed into nothing.
 * The rest is a light shade ('-' in ASCII).
 */
void	canvas_bar(struct canvas *c, int y, int x, int w, size_t done,
	    size_t total);

/*
 * Draw one layout line at y, x in width w. `focus_link` is drawn as
 * ST_LINK_FOCUS; a right-to-left line is reordered for display (fribidi)
 * and aligned to the right edge.
 */
void	canvas_layout_line(struct canvas *c, int y, int x, int w,
	    const struct layout_line *ln, int focus_link);

/*
 * The doc link shown at column col when the line is drawn at x in width w
 * (as canvas_layout_line draws it, right to left too), or -1.
 */
int	canvas_layout_link_at(const struct layout_line *ln, int x, int w,
	    int col);

/* Map DOC_A_* attributes to a style. */
enum style canvas_style_for(unsigned attr, int focused);

/*
 * For a terminal that applies the Unicode bidi algorithm to each row
 * itself, as mlterm does, in the paragraph direction it is told (right to
 * left when the canvas's language is, term.c tells it): a row with no
 * right-to-left letter is shown as it is; one with a box-drawing or block
 * character (U+2500-U+259F) is reordered left to right, each part between
 * those characters on its own; any other in the direction it was told.
 * The canvas is in display order, so this gives the order in which to
 * send row y's cells for the terminal to show what the canvas holds: each
 * run it reverses is sent reversed, which is its logical order. order
 * gets c->w cell indexes (a wide cluster's continuation cells after it);
 * mirror[i] is the code point to send instead of the i-th cell sent (a
 * bracket that the terminal will mirror back), or 0. Returns 1 when the
 * row is reordered, 0 when it goes out as it is.
 */
#define CANVAS_MAX_W	1000
int	canvas_row_order(const struct canvas *c, int y, int *order,
	    uint32_t *mirror);

/* The canvas as text, one line per row, trailing spaces kept (tests). */
char	*canvas_dump(const struct canvas *c);

#endif
