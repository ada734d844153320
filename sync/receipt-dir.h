/*
 * Applying every receipt for this device found in a folder (a USB stick):
 * what `outreach sync receipts DIR` and the facilitator's "Sync with the
 * USB stick" both do.
 *
 * Each receipt named for this device (receipt-<device key id>-<seq>.json)
 * is verified with the hub key the device trusts (sync/trust.h) and, when
 * it answers a bundle this device wrote (the same hash), the ciphertext
 * the hub holds is purged (outbox_purge); nothing else is deleted.
 * Receipts of other devices are only counted, so that no number of them
 * can hide this device's own; at most RECEIPT_DIR_MAX are read in one go.
 */
#ifndef OUTREACH_RECEIPT_DIR_H
#define OUTREACH_RECEIPT_DIR_H

#include <stddef.h>

#include "sync/minisign.h"
#include "sync/outbox.h"
#include "sync/receipt.h"

#define RECEIPT_DIR_MAX	100000

/* What became of one receipt. */
enum receipt_dir_verdict {
	RECEIPT_DIR_APPLIED,	/* purged what the hub holds (maybe nothing) */
	RECEIPT_DIR_REFUSED_WHOLE,	/* the hub refused the bundle: kept */
	RECEIPT_DIR_BAD,	/* not verified, or not for a bundle of ours */
	RECEIPT_DIR_FAILED,	/* verified, but the outbox failed */
	RECEIPT_DIR_OTHER_COPY,	/* for a copy of this device (cloned) */
};

/* One receipt's outcome, for the caller to tell. */
struct receipt_dir_event {
	const char		*name;	/* the receipt's file name */
	enum receipt_dir_verdict verdict;
	const struct receipt	*rc;	/* NULL when BAD before parsing */
	struct outbox_purge_result pr;	/* APPLIED */
	const char		*why;	/* BAD, FAILED: the cause */
	int64_t			 seq;	/* the bundle it answers, when known */
	int			 unknown_bundle; /* BAD: a bundle not ours */
};

typedef void (*receipt_dir_fn)(void *arg, const struct receipt_dir_event *e);

/* The totals. */
struct receipt_dir_result {
	size_t	found;		/* receipts for this device */
	size_t	applied;	/* APPLIED or REFUSED_WHOLE */
	size_t	refused;	/* BAD or FAILED */
	size_t	copies;		/* OTHER_COPY */
	size_t	others;		/* receipts of other devices, ignored */
	size_t	purged;		/* submissions deleted */
	int	limited;	/* more than RECEIPT_DIR_MAX: apply again */
};

/*
 * Apply every receipt of device (its key id) in dir to ob, verified with
 * hub; fn (may be NULL) hears of each. ERR_OK whatever each receipt's
 * fate (res says); an error only when dir cannot be read (ERR_NOTFOUND:
 * the stick was taken out) or memory runs out.
 */
int	receipt_dir_apply(struct outbox *ob, const char *device,
	    const struct minisign_pubkey *hub, const char *dir,
	    receipt_dir_fn fn, void *arg, struct receipt_dir_result *res,
	    char **cause);

#endif
