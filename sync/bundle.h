/*
 * Bundles: the signed zip that carries sealed submissions from a device to
 * the hub (DESIGN.md, "A bundle").
 *
 *   outreach-<device key id>-<seq, 6 digits>.zip
 *   ---------------------------------------------------------------------
 *   manifest.json           stored; the JSON below
 *   manifest.json.minisig   stored; the device key's minisign signature of
 *                           manifest.json, prehashed ("ED"), trusted
 *                           comment "timestamp:<created>\tfile:manifest.json
 *                           \thashed"
 *   submissions/<id>.age    stored (age output does not compress), one per
 *                           entry, in the manifest's order
 *
 *   manifest.json (UTF-8, two-space indent, keys in this order)
 *   ---------------------------------------------------------------------
 *   format             "outreach-bundle/1"
 *   device             the device key id, 16 upper-case hex digits
 *   device_public_key  the device's minisign public key (base64); its key
 *                      id must be `device`
 *   seq                1, 2, 3 ... per device
 *   previous           SHA-256 (lower-case hex) of the previous bundle's
 *                      manifest.json bytes; null for the first bundle
 *   created            RFC 3339 UTC, "2026-11-23T19:09:10Z"
 *   entries            [{id, form, version, size, sha256}]: the UUIDv4,
 *                      form id, form version, bytes and SHA-256 (hex) of
 *                      submissions/<id>.age
 *
 * A bundle's hash is the SHA-256 of its manifest.json: the next bundle
 * names it as `previous`, the hub records it, the receipt repeats it.
 *
 * Writing is deterministic: the same head and items give the same bytes
 * (fixed entry order, times taken from `created`, fixed attributes, and
 * Ed25519 signatures are deterministic), so a bundle that vanished from a
 * stick can be written again byte for byte.
 *
 * Reading (bundle_open) trusts nothing: the zip goes through zipread.h,
 * the archive must hold exactly the manifest, its signature and one
 * submissions/<id>.age per entry with the declared size, nothing else; the
 * manifest is parsed strictly within the bounds below. The signature and
 * the hashes are checked by the calls that take the key and the data.
 */
#ifndef OUTREACH_BUNDLE_H
#define OUTREACH_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sync/minisign.h"

struct zip;
struct zip_source;

#define BUNDLE_FORMAT		"outreach-bundle/1"
#define BUNDLE_MANIFEST		"manifest.json"
#define BUNDLE_MANIFEST_SIG	"manifest.json.minisig"
#define BUNDLE_MAX_ENTRIES	5000
#define BUNDLE_MAX_ENTRY	((size_t)5 * 1024 * 1024)	/* one .age */
#define BUNDLE_MAX_PAYLOAD	((size_t)256 * 1024 * 1024)	/* all .age */
#define BUNDLE_MAX_MANIFEST	((size_t)4 * 1024 * 1024)
#define BUNDLE_MAX_SIG		8192
#define BUNDLE_MAX_FILE		(BUNDLE_MAX_PAYLOAD + (size_t)16 * 1024 * 1024)
#define BUNDLE_MAX_FIELD	256	/* bytes of a form id or version */
#define BUNDLE_HASH_BYTES	32
#define BUNDLE_HEX_SIZE		65	/* 64 hex digits and a NUL */
#define BUNDLE_KEYID_SIZE	17	/* DEVICE_KEY_ID_SIZE */
#define BUNDLE_ID_SIZE		37	/* a UUID and a NUL */
#define BUNDLE_NAME_SIZE	64
#define BUNDLE_TIME_SIZE	21	/* "2026-11-23T19:09:10Z" and a NUL */
#define BUNDLE_MAX_SEQ		999999	/* six digits in the name */

/* Who wrote the bundle and where it sits in that device's sequence. */
struct bundle_head {
	char			device[BUNDLE_KEYID_SIZE];
	struct minisign_pubkey	device_pk;
	int64_t			seq;
	int			has_previous;
	uint8_t			previous[BUNDLE_HASH_BYTES];
	int64_t			created;	/* Unix seconds, UTC */
};

/* One submission to write: borrowed pointers, alive until the call ends. */
struct bundle_item {
	const char	*id;
	const char	*form;
	const char	*version;
	const uint8_t	*data;		/* the binary age file */
	size_t		 len;
	const uint8_t	*sha256;	/* its SHA-256 when known, or NULL */
};

/* One manifest entry as read. */
struct bundle_entry {
	char		 id[BUNDLE_ID_SIZE];
	char		*form;
	char		*version;
	size_t		 size;
	uint8_t		 sha256[BUNDLE_HASH_BYTES];
	const void	*zentry;	/* the zip entry (internal) */
};

/* A bundle opened for reading. */
struct bundle {
	struct bundle_head	 head;
	struct bundle_entry	*entries;
	size_t			 n;
	uint8_t			 hash[BUNDLE_HASH_BYTES];	/* of manifest */
	char			*manifest;	/* its bytes, NUL-terminated */
	size_t			 manifest_len;
	char			*sig;		/* manifest.json.minisig */
	size_t			 sig_len;
	char			*strings;	/* the entries' forms, versions */
	struct zipread		*zip;
};

/* Progress while building: done of n entries added. */
typedef void (*bundle_progress_fn)(void *arg, size_t done, size_t n);

/*
 * Build a bundle in memory from head and items[0..n-1] (1..BUNDLE_MAX_ENTRIES),
 * signed by sk (whose public key must be head->device_pk). *zipp: Caller
 * frees; hash gets the SHA-256 of the manifest. progress may be NULL.
 */
int	bundle_build(const struct bundle_head *head,
	    const struct bundle_item *items, size_t n,
	    const struct minisign_seckey *sk, bundle_progress_fn progress,
	    void *arg, uint8_t **zipp, size_t *lenp,
	    uint8_t hash[BUNDLE_HASH_BYTES], char **cause);

/*
 * Open the bundle in data (len bytes, which must outlive *bp): check the
 * archive and parse the manifest. ERR_PARSE, ERR_INVALID, ERR_LIMIT or
 * ERR_UNSUPPORTED with a cause. *bp: free with bundle_free.
 */
int	bundle_open(const void *data, size_t len, struct bundle **bp,
	    char **cause);
void	bundle_free(struct bundle **bp);

/*
 * Check the manifest's signature with pk (the key the checker trusts, not
 * the one the manifest names): ERR_NOKEY when signed by another key,
 * ERR_SIGNATURE when it does not verify.
 */
int	bundle_check_signature(const struct bundle *b,
	    const struct minisign_pubkey *pk, char **cause);

/*
 * Read entry i's ciphertext into out (cap >= entries[i].size), checking
 * its size against the manifest (not its hash: bundle_entry_hash_ok).
 * Not thread-safe: one reader, many checkers.
 */
int	bundle_entry_read(struct bundle *b, size_t i, uint8_t *out, size_t cap,
	    size_t *lenp, char **cause);
/*
 * Entry i's ciphertext where it is, in the data b was opened from (alive
 * as long as that is), when it is stored there as one run of bytes (as
 * bundle_build writes it): no copy, and no CRC, for a caller that checks
 * bundle_entry_hash_ok before it trusts a byte (the signed manifest's
 * SHA-256 covers the same bytes). ERR_UNSUPPORTED otherwise (deflated):
 * bundle_entry_read it. Thread-safe; not after bundle_entries_done.
 */
int	bundle_entry_data(const struct bundle *b, size_t i, const uint8_t **pp,
	    size_t *lenp);
/*
 * Done reading entries: the archive is closed, so that the bytes b was
 * opened from may be freed; bundle_entry_read then fails with
 * ERR_INVALID. What the manifest said stays.
 */
void	bundle_entries_done(struct bundle *b);
/* 1 when data has the entry's size and SHA-256. Thread-safe. */
int	bundle_entry_hash_ok(const struct bundle_entry *e, const void *data,
	    size_t len);

/* Signature, then every entry's size and hash. */
int	bundle_verify(struct bundle *b, const struct minisign_pubkey *pk,
	    char **cause);

/*
 * Open the bundle file at path to read it from the device: its cached
 * pages are dropped first, so reads give what the stick holds. A regular
 * file of at most BUNDLE_MAX_FILE bytes; *lenp its size. Caller closes
 * *fdp.
 */
int	bundle_open_back(const char *path, int *fdp, size_t *lenp,
	    char **cause);

/*
 * Read the bundle file at path whole, from the device: its cached pages
 * are dropped first, so the bytes are what the stick holds. At most
 * BUNDLE_MAX_FILE bytes; *outp: Caller frees.
 */
int	bundle_read_back(const char *path, char **outp, size_t *lenp,
	    char **cause);

/*
 * Close *zap, written into the buffer source src (kept with
 * zip_source_keep), and copy the archive out (*outp: Caller frees). For
 * every zip made in memory: bundles, signed packs. *zap is NULL once
 * closed; when the close fails it is left for zip_discard. The caller
 * still frees src.
 */
int	bundle_zip_finish(struct zip **zap, struct zip_source *src,
	    uint8_t **outp, size_t *lenp, char **cause);

/* "outreach-<device>-<seq, 6 digits>.zip" */
void	bundle_name(const char *device, int64_t seq,
	    char out[BUNDLE_NAME_SIZE]);
/* Parse a bundle file name (no folder); ERR_INVALID when it is not one. */
int	bundle_name_parse(const char *name, char device[BUNDLE_KEYID_SIZE],
	    int64_t *seqp);

/* Lower-case hex of a hash; and back (ERR_PARSE unless 64 hex digits). */
void	bundle_hex(const uint8_t hash[BUNDLE_HASH_BYTES],
	    char out[BUNDLE_HEX_SIZE]);
int	bundle_unhex(const char *s, uint8_t hash[BUNDLE_HASH_BYTES]);

/* 1 when s is a lower-case UUIDv4. */
int	bundle_uuid_ok(const char *s);

/*
 * 1 when s may be a form id or version in a manifest: 1 to
 * BUNDLE_MAX_FIELD bytes of UTF-8 with no control character (what
 * submissions allow).
 */
int	bundle_field_ok(const char *s);

/* RFC 3339 UTC "2026-11-23T19:09:10Z", and its strict parse. */
int	bundle_time_format(int64_t t, char out[BUNDLE_TIME_SIZE]);
int	bundle_time_parse(const char *s, int64_t *tp);

#endif
