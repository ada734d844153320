/*
 * Laying a doc out for a given width: lines of styled runs.
 *
 * Wrapping follows UAX #14 break opportunities (utf8_breaks), never splits
 * a grapheme cluster, and breaks a word only when it is wider than the
 * line. List items get hanging indents, block quotes a bar, headings a
 * blank line before them, tables a grid when they fit and one "Header:
 * value" line per cell when they do not. "You said, we did" tables
 * (doc.h) are wrapped column by column, side by side, when there are at
 * least 96 columns, and stacked as labelled blocks below that. Every line
 * is at most `width` columns wide, whatever the input, but one: a single
 * grapheme cluster wider than the whole width (a wide character in one
 * column) stays whole on a line of its own, for the canvas to clip.
 */
#ifndef OUTREACH_LAYOUT_H
#define OUTREACH_LAYOUT_H

#include <stddef.h>

#include "content/doc.h"

struct layout_run {
	size_t		 off, len;	/* bytes of the line's text */
	unsigned	 attr;		/* DOC_A_* */
	int		 link;		/* doc link index, or -1 */
};

struct layout_line {
	char			*text;	/* sanitised UTF-8, NUL-terminated */
	size_t			 len;
	size_t			 width;	/* display columns */
	struct layout_run	*runs;
	size_t			 nruns;
	int			 block;	/* index of the doc block, -1 for spacing */
	int			 rtl;	/* right-to-left paragraph */
};

struct layout {
	struct layout_line	*lines;
	size_t			 n;
	size_t			 width;
};

/* Lay d out in width columns (at least 1). Caller frees *out. */
int	layout_doc(const struct doc *d, size_t width, int rtl,
	    struct layout **out);
/*
 * Lay d out for reading aloud (the plain front end): one line per
 * paragraph, list item and table row, and "You said, we did" tables
 * stacked, never side by side, so a screen reader meets each label before
 * its text.
 */
#define LAYOUT_PLAIN_WIDTH	100000
int	layout_doc_plain(const struct doc *d, struct layout **out);
/*
 * Wrap one string of plain text (messages, labels) the same way; its
 * lines are right to left when its first strong letter is (utf8_rtl).
 */
int	layout_text(const char *text, unsigned attr, size_t width,
	    struct layout **out);
void	layout_free(struct layout **l);

/*
 * Add attr to len bytes of ln's text from off (whole clusters), splitting
 * its runs where needed: 0, or ERR_NOMEM (the line is left as it was).
 */
int	layout_line_mark(struct layout_line *ln, size_t off, size_t len,
	    unsigned attr);

/* First line showing link `link`, or -1. */
long	layout_link_line(const struct layout *l, int link);

#endif
