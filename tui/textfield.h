/*
 * The text field widget: a one-line or multi-line editor that is correct
 * for UTF-8: the cursor moves by grapheme cluster, wide characters take
 * two columns, and nothing unprintable is kept. Its length is bounded in
 * characters, so a 100,000-character paste cannot grow it without limit.
 */
#ifndef OUTREACH_TEXTFIELD_H
#define OUTREACH_TEXTFIELD_H

#include <stddef.h>

#include "content/buf.h"
#include "tui/canvas.h"
#include "tui/term.h"

struct textfield {
	struct buf	 text;
	size_t		 cursor;	/* byte offset, on a cluster boundary */
	size_t		 max_chars;
	int		 multiline;	/* Enter inserts a new line */
	size_t		 scroll;	/* first shown column or line */
	int		 full;		/* the last insert hit max_chars */
};

void	textfield_init(struct textfield *f, size_t max_chars, int multiline);
void	textfield_free(struct textfield *f);	/* wipes the text */
void	textfield_set(struct textfield *f, const char *text);
const char *textfield_text(const struct textfield *f);
/* Handle an editing key; returns 1 when the text or cursor changed. */
int	textfield_key(struct textfield *f, const struct ev *ev);
/* Insert a string at the cursor (sanitised, bounded). */
void	textfield_insert(struct textfield *f, const char *s);
/*
 * Draw it in w columns and h rows; in focus, with the cursor (the
 * terminal's, canvas_cursor). On one row a one-line field scrolls
 * sideways; on more it wraps, as a multi-line field always does.
 */
void	textfield_draw(struct textfield *f, struct canvas *c, int y, int x,
	    int w, int h, int focused);

#endif
