/*
 * Exporting the outbox to a folder (a USB stick, a network share, a folder
 * a sync client uploads): `outreach sync export DIR` and the facilitator
 * menu's "Export to a USB stick".
 *
 * What it guarantees:
 * - Every sealed submission not yet in a bundle goes into new bundles of at
 *   most `per_bundle` submissions (and BUNDLE_MAX_PAYLOAD bytes), in seal
 *   order, numbered on from the device's last bundle.
 * - A bundle is written to a temporary name in DIR and fsynced, then read
 *   back from the device (its cached pages dropped first) and verified:
 *   signature, every entry's size and bytes; then renamed and DIR
 *   fsynced. Only then is it recorded in the outbox. A new bundle is read
 *   back by a thread of its own while the calling thread names and
 *   records the one before it and builds and writes the next; it is
 *   given its name only once the one before is recorded, so DIR never
 *   holds a bundle after one the outbox has not recorded. Progress is
 *   reported from the calling thread only. Any failure (a
 *   full, read-only or missing folder, a stick pulled out, a read-back
 *   that differs) removes what was written of that bundle and leaves the
 *   outbox as it was; bundles that were already verified stay recorded.
 * - A bundle written earlier and not yet acknowledged by a receipt is
 *   written again, byte for byte, when it is missing from DIR (or damaged
 *   there); one that is present and verifies is left alone. With nothing
 *   new and nothing missing, nothing is written.
 */
#ifndef OUTREACH_BUNDLE_EXPORT_H
#define OUTREACH_BUNDLE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sync/minisign.h"

enum bundle_export_phase {
	BUNDLE_EXPORT_WRITE,	/* collecting and writing: done of total */
	BUNDLE_EXPORT_CHECK,	/* reading back and verifying */
};

struct bundle_export_progress {
	enum bundle_export_phase phase;
	size_t		 bundle;	/* 1-based among this run's bundles */
	size_t		 nbundles;
	size_t		 done;		/* submissions so far in this bundle */
	size_t		 total;		/* submissions in this bundle */
	int64_t		 seq;
	int		 again;		/* an earlier bundle written again */
};

typedef void (*bundle_export_fn)(void *arg,
	    const struct bundle_export_progress *p);

struct bundle_export_result {
	size_t		 written;	/* new bundles */
	size_t		 submissions;	/* submissions in new bundles */
	size_t		 rewritten;	/* earlier bundles written again */
	size_t		 present;	/* earlier bundles found intact in DIR */
	size_t		 partial;	/* earlier bundles partly acknowledged */
	int64_t		 first_seq;	/* of new bundles; 0 when none */
	int64_t		 last_seq;
	uint64_t	 bytes;		/* written, new and again */
};

/*
 * Export the outbox of the device in home into dir. per_bundle: 0 for
 * BUNDLE_MAX_ENTRIES. progress may be NULL. On failure *res still says
 * what was done before it.
 */
int	bundle_export(const char *home, const char *dir, size_t per_bundle,
	    bundle_export_fn progress, void *arg,
	    struct bundle_export_result *res, char **cause);

/*
 * Read the bundle file at path back from the device and verify it with
 * pk; when want is not NULL its manifest hash must equal want.
 */
int	bundle_check_file(const char *path, const struct minisign_pubkey *pk,
	    const uint8_t *want, char **cause);

#endif
