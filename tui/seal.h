/*
 * Sealing for the front ends: installs the outbox (sync/outbox.h's sealer)
 * as the shared submit hook of tui/submit.h, so that the kiosk, --plain
 * and `outreach submit` all seal the same way, as the same device, to the
 * pack's recipients.
 */
#ifndef OUTREACH_SEAL_H
#define OUTREACH_SEAL_H

struct pack;

/*
 * Make the device identity if this is the first start, open the outbox and
 * install the hook. A pack that names no recipient installs nothing (the
 * front ends then say saving is not available); a hook already installed
 * (the test log of tui/submit.h) is left in place. 0, or an error with a
 * cause (Caller frees).
 */
int	seal_install(const struct pack *pack, const char *home, char **cause);

/* Remove the hook and close the outbox. */
void	seal_uninstall(void);

#endif
