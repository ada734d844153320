/*
 * The outbox: sealed submissions waiting to leave the device, in SQLite.
 *
 * A submission is serialised (sync/submission.h), encrypted with age to all
 * of the pack's recipients, inserted and committed durably (WAL,
 * synchronous=FULL) before outbox_seal() returns; only then may the person
 * be thanked. The plaintext is wiped before the call returns, on every
 * path. The device cannot read a sealed submission back: only ciphertext
 * and what export needs are stored.
 *
 * Nothing is deleted until a signed receipt covers it (outbox_purge); a
 * purged id leaves a tombstone so that applying a receipt twice is harmless.
 *
 * The file is <home>/outbox.db (and its -wal and -shm). Its schema, version
 * OUTBOX_SCHEMA_VERSION (PRAGMA user_version), changes only through the
 * numbered migrations in outbox-db.c; a database from a newer version is
 * refused with ERR_VERSION.
 *
 *   submissions: one row per sealed submission not yet purged
 *   ---------------------------------------------------------------------
 *   id          TEXT PRIMARY KEY  UUIDv4, lower case
 *   kind        TEXT NOT NULL     survey | feedback | notes | tally |
 *                                 contact
 *   form        TEXT NOT NULL     form id
 *   version     TEXT NOT NULL     form version
 *   started     INTEGER NOT NULL  Unix seconds, UTC
 *   submitted   INTEGER NOT NULL  Unix seconds, UTC
 *   size        INTEGER NOT NULL  bytes of ciphertext
 *   sha256      BLOB NOT NULL     SHA-256 of ciphertext (32 bytes)
 *   bundle_seq  INTEGER NULL      bundles.seq once exported; NULL = pending
 *   ct          INTEGER NOT NULL  ciphertexts.n of its ciphertext
 *   (rowid)                       seal order: pending and members are
 *                                 listed in it
 *   index submissions_bundle (bundle_seq)
 *
 *   ciphertexts: the binary age file of each submission, apart from its
 *   row, so that recording a bundle (bundle_seq) rewrites small rows, not
 *   every page of ciphertext; inserted with its row in one transaction,
 *   deleted with it (schema 2; schema 1 kept it in the row)
 *   ---------------------------------------------------------------------
 *   n           INTEGER PRIMARY KEY
 *   data        BLOB NOT NULL
 *
 *   bundles: one row per bundle written
 *   ---------------------------------------------------------------------
 *   seq          INTEGER PRIMARY KEY  1, 2, 3 ... per device, no gaps
 *   name         TEXT NOT NULL UNIQUE outreach-<key id>-<seq 6 digits>.zip
 *   hash         BLOB NOT NULL        32 bytes; what the next bundle's
 *                                     manifest names as "previous" (the
 *                                     bundle code decides what it covers)
 *   created      INTEGER NOT NULL     Unix seconds, UTC
 *   count        INTEGER NOT NULL     submissions in the bundle
 *   acknowledged INTEGER NULL         when a verified receipt was applied
 *
 *   purged: tombstones of submissions deleted after a verified receipt
 *   ---------------------------------------------------------------------
 *   id          TEXT PRIMARY KEY  the submission's id
 *   bundle_seq  INTEGER NOT NULL  the bundle it was exported in
 *   purged      INTEGER NOT NULL  Unix seconds, UTC
 *
 * Errors: ERR_FULL (disk full), ERR_IO (I/O error), ERR_DB (corrupt or not
 * a database, SQL failure), ERR_BUSY (locked by another process after
 * OUTBOX_BUSY_MS), ERR_VERSION (newer schema), ERR_NOTFOUND, ERR_INVALID;
 * always with a cause sentence when cause is not NULL.
 */
#ifndef OUTREACH_OUTBOX_H
#define OUTREACH_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "sync/age.h"
#include "sync/submission.h"

#define OUTBOX_FILE		"outbox.db"
#define OUTBOX_SCHEMA_VERSION	2
#define OUTBOX_BUSY_MS		5000	/* sqlite3_busy_timeout */
#define OUTBOX_BUNDLE_NAME_SIZE	64
#define OUTBOX_HASH_BYTES	32

struct outbox;		/* an open outbox (opaque) */
struct outbox_cursor;	/* a listing in progress (opaque) */

/* One stored submission, as a cursor returns it. */
struct outbox_item {
	char		 id[SUBMISSION_ID_SIZE];
	char		 kind[16];
	const char	*form;		/* valid until the next step */
	const char	*version;	/* valid until the next step */
	int64_t		 started;
	int64_t		 submitted;
	const uint8_t	*ciphertext;	/* valid until the next step */
	size_t		 size;
	uint8_t		 sha256[OUTBOX_HASH_BYTES];
	int64_t		 bundle_seq;	/* 0 while pending */
	int64_t		 row;		/* the outbox's order of sealing */
};

/* One bundle written. */
struct outbox_bundle {
	int64_t		 seq;
	char		 name[OUTBOX_BUNDLE_NAME_SIZE];
	uint8_t		 hash[OUTBOX_HASH_BYTES];
	int64_t		 created;
	uint64_t	 count;
	int64_t		 acknowledged;	/* 0 until a receipt */
};

/* What outbox_counts reports (for `outreach status`). */
struct outbox_counts {
	uint64_t	pending;	/* sealed, not yet in a bundle */
	uint64_t	pending_bytes;
	uint64_t	exported;	/* in a bundle, not yet purged */
	uint64_t	purged;		/* deleted after a receipt */
	uint64_t	bundles;	/* bundles written */
	uint64_t	acknowledged;	/* bundles with a receipt applied */
	int64_t		last_seq;	/* 0 before the first bundle */
};

/* What outbox_purge did. */
struct outbox_purge_result {
	size_t		purged;		/* ciphertext deleted now */
	size_t		already;	/* purged before (a tombstone) */
	size_t		unknown;	/* never seen here, or never exported */
};

/*
 * Open (creating and migrating as needed) <home>/outbox.db; home must
 * exist. *obp: Caller frees with outbox_close.
 */
int	outbox_open(const char *home, struct outbox **obp, char **cause);
/* The same for a database file at path. */
int	outbox_open_path(const char *path, struct outbox **obp, char **cause);
void	outbox_close(struct outbox **obp);

/*
 * Seal sub: check, serialise, age-encrypt to r[0..nr-1], insert, commit
 * durably; the plaintext JSON is wiped on every path. sub->id must be set
 * (submission_id_new) so that a retry cannot store a response twice:
 * ERR_EXISTS when that id is already stored or purged. On success the
 * submission is on disk and will survive a crash or power cut.
 */
int	outbox_seal(struct outbox *ob, const struct submission *sub,
	    const struct age_recipient *r, size_t nr, char **cause);

/*
 * List submissions in seal order: pending ones (not in a bundle; at most
 * limit, 0 for all), or the members of bundle seq (for re-export). The
 * listing reads one row at a time, so memory stays bounded however many
 * there are. Step with outbox_cursor_next: 1 and *it filled, 0 at the end,
 * or an error. *cp: Caller frees with outbox_cursor_free (before closing
 * the outbox). Other outbox calls may be made while a cursor is open.
 */
int	outbox_pending_open(struct outbox *ob, size_t limit,
	    struct outbox_cursor **cp, char **cause);
/* The same, passing over the first skip pending submissions. */
int	outbox_pending_open_from(struct outbox *ob, size_t skip, size_t limit,
	    struct outbox_cursor **cp, char **cause);
int	outbox_members_open(struct outbox *ob, int64_t seq,
	    struct outbox_cursor **cp, char **cause);
int	outbox_cursor_next(struct outbox_cursor *c, struct outbox_item *it,
	    char **cause);
void	outbox_cursor_free(struct outbox_cursor **cp);

/*
 * The ciphertext of one stored submission by id (Caller frees *ctp; it is
 * not secret). ERR_NOTFOUND when absent or purged.
 */
int	outbox_ciphertext(struct outbox *ob, const char *id, uint8_t **ctp,
	    size_t *lenp, char **cause);

/*
 * Record bundle b (b->seq must be outbox_next_seq()) and mark as exported
 * in it, in one transaction, the pending submissions whose rows
 * (outbox_item.row) lie in lo..hi: the bundle's lowest and highest. There
 * must be b->count of them (ERR_INVALID otherwise, and nothing changes),
 * so a bundle takes a run of pending rows with none left out: the first
 * b->count that outbox_pending_open_from() read, after those of any
 * bundle read before it and recorded first.
 */
int	outbox_bundle_add(struct outbox *ob, const struct outbox_bundle *b,
	    int64_t lo, int64_t hi, char **cause);

/* The sequence number the next bundle takes (1 for the first). */
int	outbox_next_seq(struct outbox *ob, int64_t *seqp, char **cause);

/*
 * The last bundle written, for its seq and hash (the next manifest's
 * "previous"); ERR_NOTFOUND before the first.
 */
int	outbox_bundle_last(struct outbox *ob, struct outbox_bundle *b,
	    char **cause);
/* Bundle seq; ERR_NOTFOUND when there is none. */
int	outbox_bundle_get(struct outbox *ob, int64_t seq,
	    struct outbox_bundle *b, char **cause);

/*
 * After a receipt for bundle seq has been verified: delete the ciphertext
 * of ids[0..n-1] (each must have been exported, in any bundle) and keep a
 * tombstone of each; mark bundle seq acknowledged at when (Unix seconds).
 * One transaction; idempotent: ids purged before count in already, ids
 * pending or unknown in unknown (and are not touched).
 */
int	outbox_purge(struct outbox *ob, int64_t seq, const char *const *ids,
	    size_t n, int64_t when, struct outbox_purge_result *res,
	    char **cause);

/* Counts for `outreach status`; never any content. */
int	outbox_counts(struct outbox *ob, struct outbox_counts *c,
	    char **cause);

/* PRAGMA integrity_check: ERR_OK when "ok", ERR_DB with its first line. */
int	outbox_check(struct outbox *ob, char **cause);

/* The sealer (sync/outbox-sealer.c) ------------------------------------- */

struct pack;
struct session;
struct survey_response;

/*
 * What every seal on this device shares, set up once per process: the
 * device identity (made on the first start, as `outreach init` would), the
 * pack's recipients parsed, its id and version, and the open outbox; and
 * the co-production session running now (sync/session.h), if any, which
 * every submission sealed meanwhile carries.
 */
struct outbox_sealer {
	struct outbox		*ob;
	struct age_recipient	*r;
	size_t			 nr;
	char			 device[17];	/* DEVICE_KEY_ID_SIZE */
	char			*pack_id;
	char			*pack_version;
	int			 contact_venue;	/* [contact] venue */
	const struct session	*session;	/* borrowed; NULL: none */
};

/*
 * Make sure the identity exists, parse the pack's recipients (ERR_NOKEY
 * without any, ERR_PARSE for a bad one), open the outbox. *sp: Caller
 * frees with outbox_sealer_free.
 */
int	outbox_sealer_open(const char *home, const struct pack *pack,
	    struct outbox_sealer **sp, char **cause);
void	outbox_sealer_free(struct outbox_sealer **sp);

/*
 * Seal sub as this device: fills in its device key id, a new id when
 * sub->id is empty, the pack id and version when sub leaves either NULL,
 * and the running session when sub names none; then outbox_seal to the
 * pack's recipients.
 *
 * A contact request (SUBMISSION_CONTACT) is made unlinkable first: always
 * a fresh id, its started and submitted times the midnight (UTC) of the
 * day it was submitted, and of the session only the date and, when the
 * pack allows it ([contact] venue), the venue; never the group or the
 * facilitator. So nothing in it but the day and the venue can join it
 * to an answer sealed beside it.
 */
int	outbox_sealer_seal(struct outbox_sealer *s, struct submission *sub,
	    char **cause);

/*
 * Seal a finished response from the survey runtime (content/survey.h) with
 * the sealer ctx: a survey_submit_fn, the front ends' submit hook. The
 * response's pack id and version are used when set, else the sealer's.
 */
int	outbox_sealer_submit(void *ctx, const struct survey_response *resp,
	    char **cause);

#endif
