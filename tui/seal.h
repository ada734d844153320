/*
 * Sealing for the front ends: installs the outbox (sync/outbox.h's sealer)
 * as the shared submit hook of tui/submit.h, so that the kiosk, --plain
 * and `outreach submit` all seal the same way, as the same device, to the
 * pack's recipients.
 *
 * Installing is cheap; the rest costs disk writes and waits on the first
 * start, so the kiosk makes the device identity just after its first frame
 * (seal_identity) and opens the outbox when a person starts a survey
 * (seal_open). A hook used before seal_open() opens first.
 */
#ifndef OUTREACH_SEAL_H
#define OUTREACH_SEAL_H

struct pack;
struct session;

/*
 * Install the hook for pack (which must outlive it) and the data folder
 * home. A pack that names no recipient installs nothing (the front ends
 * then say saving is not available); a hook already installed (the test
 * log of tui/submit.h) is left in place.
 */
int	seal_install(const struct pack *pack, const char *home, char **cause);

/* Make the device identity if this is the first start. */
int	seal_identity(char **cause);

/*
 * The identity, then the outbox (once; later calls return at once). 0, or
 * an error with a cause (Caller frees). Without seal_install, 0.
 */
int	seal_open(char **cause);

/*
 * The co-production session every submission sealed from now on carries
 * (borrowed: it must outlive the call, or be replaced first); NULL when
 * it ends.
 */
void	seal_session(const struct session *s);

/* Remove the hook and close the outbox. */
void	seal_uninstall(void);

#endif
