/*
 * Receipts: the hub's signed answer to one bundle, written next to the
 * bundle so that it goes back to the device on the same stick (DESIGN.md,
 * "A receipt").
 *
 *   receipt-<device key id>-<seq, 6 digits>.json
 *   receipt-<device key id>-<seq, 6 digits>.json.minisig
 *   ---------------------------------------------------------------------
 *   The .minisig is the hub key's minisign signature of the .json,
 *   prehashed, trusted comment "timestamp:<created>\tfile:<json name>\t
 *   hashed" (minisign's default), so `minisign -Vm receipt-….json -P KEY`
 *   checks it.
 *
 *   The JSON (UTF-8, two-space indent, keys in this order):
 *   format         "outreach-receipt/1"
 *   hub            the hub key's id, 16 upper-case hex digits
 *   device         the device key id
 *   seq            the bundle's number
 *   bundle         the bundle's file name
 *   bundle_sha256  the bundle's hash (SHA-256 of its manifest, hex)
 *   created        RFC 3339 UTC
 *   status         "imported" (the bundle was accepted) or "refused"
 *   reason         why it was refused, or null
 *   stored         ids the hub did not hold and stored from this bundle
 *   held           ids the hub already held from this same device with
 *                  the same content (an earlier import of the same copy)
 *   refused        [{id, reason}]: ids the hub does not hold from this
 *                  device, and why: every id of a refused bundle, and the
 *                  ids quarantined from an imported one (the hub holds
 *                  them from another device, or with other content; see
 *                  sync/hub.h)
 *
 * A device may delete the ciphertext of the ids in stored and held, and
 * only after the signature checks against the hub key it trusts: the one
 * recorded when a signed pack was installed (sync/trust.h), never one a
 * --pack folder names. It keeps everything under refused.
 *
 * The hub writes no receipt for a bundle whose signature it could not
 * check (that is reported on the hub's screen only), and a "refused"
 * receipt never replaces one that says "imported". A receipt answers one
 * bundle by its hash: a device restored from a backup (or cloned) may
 * find a receipt for another copy of its bundle N, which deletes nothing.
 */
#ifndef OUTREACH_RECEIPT_H
#define OUTREACH_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "sync/bundle.h"
#include "sync/minisign.h"

#define RECEIPT_FORMAT		"outreach-receipt/1"
#define RECEIPT_NAME_SIZE	64
#define RECEIPT_MAX_JSON	((size_t)8 * 1024 * 1024)
#define RECEIPT_MAX_REASON	1000	/* bytes of a reason */

struct receipt_refusal {
	char	 id[BUNDLE_ID_SIZE];
	char	*reason;
};

struct receipt {
	char			  hub[BUNDLE_KEYID_SIZE];
	char			  device[BUNDLE_KEYID_SIZE];
	int64_t			  seq;
	uint8_t			  bundle_hash[BUNDLE_HASH_BYTES];
	int64_t			  created;
	int			  refused_whole;	/* status "refused" */
	char			 *reason;	/* NULL unless refused whole */
	char			(*stored)[BUNDLE_ID_SIZE];
	size_t			  nstored;
	char			(*held)[BUNDLE_ID_SIZE];
	size_t			  nheld;
	struct receipt_refusal	 *refused;
	size_t			  nrefused;
};

/* An empty receipt (Caller frees with receipt_free). */
struct receipt *receipt_new(void);
void	receipt_free(struct receipt **rp);

/*
 * Append an id to stored, held, or refused (with its reason, cut to
 * RECEIPT_MAX_REASON bytes on a character boundary).
 */
int	receipt_add_stored(struct receipt *r, const char *id);
int	receipt_add_held(struct receipt *r, const char *id);
int	receipt_add_refused(struct receipt *r, const char *id,
	    const char *reason);

/* "receipt-<device>-<seq, 6 digits>.json"; and its parse. */
void	receipt_name(const char *device, int64_t seq,
	    char out[RECEIPT_NAME_SIZE]);
int	receipt_name_parse(const char *name, char device[BUNDLE_KEYID_SIZE],
	    int64_t *seqp);

/* The JSON text (Caller frees); ERR_LIMIT past RECEIPT_MAX_JSON. */
int	receipt_json(const struct receipt *r, char **outp, size_t *lenp,
	    char **cause);
/* Parse strictly (unknown keys refused). *rp: Caller frees. */
int	receipt_parse(const char *json, size_t len, struct receipt **rp,
	    char **cause);

/*
 * Write the receipt and its signature by sk into dir, each through a
 * temporary name and a rename (the JSON first: a receipt without its
 * signature is never trusted). Not fsynced: see receipt.c.
 */
int	receipt_write(const char *dir, const struct receipt *r,
	    const struct minisign_seckey *sk, char **cause);

/*
 * Read dir/name and dir/name.minisig, verify with hub, parse, and check
 * that the name matches the content. ERR_SIGNATURE when unsigned or the
 * signature does not verify, ERR_NOKEY when signed by another key.
 */
int	receipt_load(const char *dir, const char *name,
	    const struct minisign_pubkey *hub, struct receipt **rp,
	    char **cause);

#endif
