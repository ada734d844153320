/*
 * Sealing for the front ends: one context, made by main() and passed to
 * the kiosk, the plain front end and `outreach submit`, so that all of
 * them seal the same way, as the same device, to the pack's recipients
 * (sync/outbox.h's sealer).
 *
 * Starting it is cheap; the rest costs disk writes and waits on the first
 * start, so the kiosk makes the device identity just after its first
 * frame (seal_identity) and opens the outbox when a person starts a
 * survey (seal_open). A submit before seal_open() opens first.
 *
 * Until a pack with a recipient is started, seal_submit() refuses with
 * ERR_UNSUPPORTED and the front ends say that saving is not ready, rather
 * than pretend.
 */
#ifndef OUTREACH_SEAL_H
#define OUTREACH_SEAL_H

#include "content/survey.h"

struct outbox_sealer;
struct pack;
struct session;

struct seal {
	const struct pack	*pack;	/* borrowed; NULL until seal_start */
	char			*home;	/* the data folder */
	struct outbox_sealer	*sealer;	/* once opened, with recipients */
	int			 opened;
	/*
	 * Where responses go instead of the outbox, or NULL: only the tests'
	 * plain-text log sets it (tests/hooks/submit-log.c, linked into
	 * build/outreach-test and never into the installed program).
	 */
	survey_submit_fn	 hook;
	void			*hook_ctx;
};

/* An empty context: nothing to seal to until seal_start. */
void	seal_init(struct seal *s);

/*
 * Seal for pack (which must outlive the start: seal_end first) in the
 * data folder home. A pack that names no recipient leaves nothing to seal
 * to (the front ends then say saving is not available).
 */
int	seal_start(struct seal *s, const struct pack *pack, const char *home,
	    char **cause);

/* 1 when seal_submit has somewhere to send a response (s may be NULL). */
int	seal_ready(const struct seal *s);

/* Make the device identity if this is the first start. */
int	seal_identity(struct seal *s, char **cause);

/*
 * The identity, then the outbox (once; later calls return at once). 0, or
 * an error with a cause (Caller frees). Without seal_start, 0.
 */
int	seal_open(struct seal *s, char **cause);

/*
 * Seal a finished response, carrying session (the co-production session
 * running now, or NULL): 0 when it is stored for good, else an ERR_* value
 * and a cause (Caller frees). ERR_UNSUPPORTED when nothing can be sealed.
 */
int	seal_submit(struct seal *s, const struct session *session,
	    const struct survey_response *resp, char **cause);

/* Close the outbox and forget the pack (the hook stays). */
void	seal_end(struct seal *s);

#endif
