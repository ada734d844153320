/*
 * Co-production sessions on the screen, behind the facilitator's PIN:
 *
 *	screen-session.c	starting a session, the session menu, ending
 *				it; the session's place in the kiosk (below)
 *	screen-notes.c		discussion notes: typed, corrected, sealed
 *	screen-vote.c		a group vote: the question, hands or laptop
 *	screen-vote-person.c	one person's vote on the laptop
 *	screen-results.c	results for the room
 *
 * The session itself (sync/session.h) hangs from struct kiosk: a
 * participant's idle reset leaves it alone, ending it or quitting the
 * kiosk ends it, and a crash leaves its encrypted draft for the next start
 * to carry on with.
 */
#ifndef OUTREACH_SCREEN_SESSION_H
#define OUTREACH_SCREEN_SESSION_H

#include <stddef.h>

struct canvas;
struct kiosk;
struct session;
struct survey;
struct survey_response;

/*
 * Make s the kiosk's session (ownership passes): every submission sealed
 * from now on carries it, and it is journaled. 0, or the journal's error
 * (the session runs all the same; the cause says what failed).
 */
int	screen_session_begin(struct kiosk *k, struct session *s, char **cause);
/* End the session: forget it and its results, destroy its draft. */
void	screen_session_end(struct kiosk *k);
/* Forget the session in memory only (the kiosk is freed; the draft stays). */
void	screen_session_forget(struct kiosk *k);
/* At the start: carry on with a session a crash interrupted. */
void	screen_session_restore(struct kiosk *k);
/* Journal the session (after its notes or counts changed). */
int	screen_session_journal(struct kiosk *k, char **cause);
/*
 * A response was sealed: count it for the session and, from sv (or NULL),
 * the closed answers the pack lets the room see.
 */
void	screen_session_sealed(struct kiosk *k,
	    const struct survey_response *resp, const struct survey *sv);

/*
 * Draw text wrapped to width w from row y, at most maxlines lines, with
 * DOC_A_* attributes attr (c NULL: only count them). Returns the lines it
 * takes.
 */
int	screen_session_wrap(struct canvas *c, int y, int x, int w,
	    const char *text, unsigned attr, int maxlines);

/*
 * A count as the room sees it: "12", or "fewer than 3" when it is below
 * threshold (any count, zero included). Returns 1 when it was hidden.
 */
int	screen_results_count(unsigned count, int threshold, char *out,
	    size_t cap);

#endif
