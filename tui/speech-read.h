/*
 * What a frame says: the text of a drawn canvas, read for speech.
 *
 * Speech reads what the screen drew, from the same canvas that goes to
 * the terminal, so the words spoken are the words shown, in the screen's
 * language, with no second copy of them to drift. Decoration (the focus
 * marker, box and block characters, a progress bar) is left out; the
 * marks of an answer ("(*)", "[x]", "( )") become "selected" or "not
 * selected" after its label; text typed into a field (ST_INPUT) is kept
 * apart, and spoken only on request.
 */
#ifndef OUTREACH_SPEECH_READ_H
#define OUTREACH_SPEECH_READ_H

#include "tui/canvas.h"

struct speech_frame {
	char	*rows;		/* every row with words, each ending in '\n' */
	char	*focus;		/* the words in focus, or "" */
	char	*typed;		/* the words typed into fields, or "" */
	int	 focus_i, focus_n;	/* canvas's focus_i, focus_n */
};

/* Read c into f (speech_frame_clear first). 0, or ERR_NOMEM. */
int	speech_read_frame(const struct canvas *c, struct speech_frame *f);
/* Wipe and free what f holds. */
void	speech_frame_clear(struct speech_frame *f);

/*
 * The rows of `now` that are not among the rows of `before`, '\n'-ended
 * (Caller frees; NULL when out of memory).
 */
char	*speech_read_new_rows(const char *before, const char *now);
/*
 * Rows made into speech: a row that ends a sentence or an item (the next
 * begins with a capital, a digit or any other script) gets a full stop,
 * so that the voice pauses (Caller frees; NULL when out of memory).
 */
char	*speech_read_sentences(const char *rows);

#endif
