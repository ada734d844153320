/*
 * The hub: where the council's data team receives bundles, checks and
 * decrypts them, stores every submission once, and writes receipts.
 *
 *   DIR/              mode 0700
 *   DIR/hub.db        SQLite store (0600), schema below
 *   DIR/identity.txt  the age identity (0600): as age-keygen writes it, or
 *                     that text encrypted with a passphrase (age scrypt,
 *                     armored), which `age -d -i` also reads
 *   DIR/hub.key       the minisign secret key (0600), encrypted with the
 *                     same passphrase when there is one
 *   DIR/hub.pub       the minisign public key
 *
 *   hub.db, schema HUB_SCHEMA_VERSION (PRAGMA user_version)
 *   ---------------------------------------------------------------------
 *   meta         key TEXT PRIMARY KEY, value TEXT: recipient (age1...),
 *                public_key (minisign, base64), key_id, created,
 *                protected ("1" when the keys need a passphrase)
 *   devices      key_id TEXT PRIMARY KEY   16 upper-case hex digits
 *                public_key TEXT           minisign base64
 *                enrolled INTEGER          Unix seconds
 *   bundles      device TEXT, seq INTEGER  PRIMARY KEY (device, seq)
 *                hash BLOB                 SHA-256 of the manifest
 *                previous BLOB NULL        what the manifest named
 *                created INTEGER           the manifest's time
 *                imported INTEGER          Unix seconds
 *                count INTEGER             entries
 *                stored INTEGER            of them new to the hub
 *   submissions  id TEXT PRIMARY KEY       UUIDv4
 *                device TEXT, seq INTEGER  the bundle that brought it first
 *                form TEXT, version TEXT, kind TEXT, language TEXT
 *                started INTEGER, submitted INTEGER   Unix seconds
 *                json TEXT                 the plaintext submission, as
 *                                          it arrived
 *                index submissions_form (form, submitted)
 *
 * A refused bundle changes nothing in hub.db: each bundle is one
 * transaction, committed only when every entry passed.
 */
#ifndef OUTREACH_HUB_H
#define OUTREACH_HUB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sync/age.h"
#include "sync/bundle.h"
#include "sync/minisign.h"

#define HUB_DB			"hub.db"
#define HUB_IDENTITY		"identity.txt"
#define HUB_KEY			"hub.key"
#define HUB_PUB			"hub.pub"
#define HUB_SCHEMA_VERSION	1
#define HUB_BUSY_MS		10000

struct hub;		/* an open hub (opaque) */
struct xlsform;
struct hub_forms;	/* the forms the hub checks against (hub-forms.c) */

/* What `hub init` prints: what goes into a content pack's [hub]. */
struct hub_info {
	char	recipient[AGE_RECIPIENT_LEN + 1];
	char	public_key[MINISIGN_PUBKEY_B64_SIZE];
	char	key_id[BUNDLE_KEYID_SIZE];
	int	protected;
};

/*
 * Create a hub in dir (which must not exist, or be an empty folder): its
 * store, age identity and signing key, both protected by passphrase when
 * it is not NULL.
 */
int	hub_init(const char *dir, const char *passphrase,
	    struct hub_info *info, char **cause);

/* Open the hub in dir (no secrets are read). *hp: free with hub_close. */
int	hub_open(const char *dir, struct hub **hp, char **cause);
void	hub_close(struct hub **hp);
void	hub_get_info(const struct hub *h, struct hub_info *info);
const char *hub_dir(const struct hub *h);

/*
 * Load the age identity and the signing key (passphrase: NULL unless the
 * hub is protected; ERR_CRYPTO when it is wrong).
 */
int	hub_unlock(struct hub *h, const char *passphrase, char **cause);
/* The signing key once unlocked (NULL before). */
const struct minisign_seckey *hub_seckey(const struct hub *h);
void	hub_pubkey(const struct hub *h, struct minisign_pubkey *pk);

/*
 * Allow a device: text is a minisign public key file's text or the bare
 * base64 key. *newp is 0 when it was already enrolled with this key;
 * ERR_EXISTS when its key id is enrolled with another key.
 */
int	hub_enrol(struct hub *h, const char *text, size_t len,
	    char key_id[BUNDLE_KEYID_SIZE], int *newp, char **cause);

/* What importing one bundle did. */
enum hub_status {
	HUB_IMPORTED,		/* accepted: stored and held below */
	HUB_ALREADY,		/* the same bundle came before */
	HUB_REFUSED,		/* refused whole: reason */
};

struct hub_import_result {
	enum hub_status	 status;
	char		 device[BUNDLE_KEYID_SIZE];	/* "" when unknown */
	int64_t		 seq;
	char		*reason;	/* when refused */
	size_t		 entries;
	size_t		 stored;	/* new to the hub */
	size_t		 held;		/* already held (duplicates) */
	size_t		 conflicts;	/* held, with different content */
	int64_t		 gap_from;	/* > 0: bundles gap_from..seq-1 unseen */
	char		*receipt;	/* the receipt written, or NULL */
	char		*receipt_error;	/* why it could not be written */
};

/*
 * Import the bundle file at path, checking submissions against forms, and
 * write its receipt beside it. Returns 0 whenever the bundle was dealt
 * with (imported, already there, or refused: see res->status); an error
 * only when the hub itself fails (its store, memory), which should stop
 * the run. threads: 0 for one per CPU. Clear res with
 * hub_import_result_clear.
 */
int	hub_import(struct hub *h, const struct hub_forms *forms,
	    const char *path, int threads, struct hub_import_result *res,
	    char **cause);
void	hub_import_result_clear(struct hub_import_result *res);

/* Exports (sync/hubexport.c): see there for the columns. */
enum hub_export_format {
	HUB_EXPORT_CSV,
	HUB_EXPORT_JSON,	/* JSON lines */
};

struct hub_export_opts {
	const char		*form;		/* form id */
	enum hub_export_format	 format;
	const char		*labels;	/* a language; NULL: names */
	int			 bom;		/* CSV: start with a UTF-8 BOM */
	const char		*repeat;	/* CSV: this repeat's table */
};

/*
 * Write every stored response to o->form to out; *rowsp: how many (with
 * o->repeat, how many instances of that repeat).
 */
int	hub_export(struct hub *h, const struct hub_forms *forms,
	    const struct hub_export_opts *o, FILE *out, size_t *rowsp,
	    char **cause);

/* The forms: every survey of the packs added, by id and version. */
int	hub_forms_new(struct hub_forms **fp);
void	hub_forms_free(struct hub_forms **fp);
/* Add the surveys of the content pack in dir. */
int	hub_forms_add_pack(struct hub_forms *f, const char *dir,
	    char **cause);
/* The form id at version; version NULL: the newest added with that id. */
const struct xlsform *hub_forms_find(const struct hub_forms *f,
	    const char *id, const char *version);
/* The ids of the forms, in the order added, without repeats. */
size_t	hub_forms_count(const struct hub_forms *f);
const struct xlsform *hub_forms_get(const struct hub_forms *f, size_t i);

#endif
