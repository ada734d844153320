/*
 * The device's trust: the hub key whose signature lets a receipt delete
 * answers and a content pack install, and the oldest pack version that
 * may still install. One function answers it (trust_load), for `sync
 * receipts`, `content install` and `status`.
 *
 *   where it lives
 *   ---------------------------------------------------------------------
 *   <home>/pack/current   the pack installed last with `outreach content
 *                         install` (sync/packsign.h): it was installed only
 *                         after its manifest's signature checked against
 *                         the key trusted then (or the one given with
 *                         --trust), and its pack.ini names the key that
 *                         signed it. Its [hub] minisign_public_key is the
 *                         trusted key; its version the oldest that installs.
 *   the bundled pack      until a pack is installed: the pack shipped with
 *                         the program (content/packs/hackney in the build
 *                         tree, else PKGDATADIR/packs/hackney), whose key is
 *                         the demo hub's.
 *
 * `--pack DIR` and $OUTREACH_PACK choose what the kiosk shows and which
 * forms the hub reads; they never choose whom the device trusts. Moving a
 * device to another hub is explicit: `content install ZIP --trust KEY`.
 */
#ifndef OUTREACH_TRUST_H
#define OUTREACH_TRUST_H

#include "sync/device.h"
#include "sync/minisign.h"

struct trust {
	struct minisign_pubkey	 hub;		/* the trusted hub key */
	char			 key_id[DEVICE_KEY_ID_SIZE];
	char			*pack_id;	/* the pack it came from */
	char			*version;	/* its version: the oldest that
						   may install */
	int			 installed;	/* 1: an installed pack; 0: the
						   bundled one */
};

/*
 * The trust of the device in home; bundled: the folder of the pack shipped
 * with the program. Clear *t with trust_clear. ERR_NOKEY when the pack it
 * comes from names no valid hub key; the pack's own errors otherwise.
 */
int	trust_load(const char *home, const char *bundled, struct trust *t,
	    char **cause);
void	trust_clear(struct trust *t);

#endif
