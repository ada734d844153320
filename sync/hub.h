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
 *   DIR/packs/<id>/<version>/   a copy of every pack version this hub
 *                     signed (sync/hub-packs.c), whose forms import,
 *                     export and report know without --pack
 *
 *   hub.db, schema HUB_SCHEMA_VERSION (PRAGMA user_version); it changes
 *   only through the numbered migrations in hub.c. Only `hub init` makes a
 *   store: an empty hub.db is "not a hub's store", never a new one.
 *   ---------------------------------------------------------------------
 *   meta         key TEXT PRIMARY KEY, value TEXT: recipient (age1...),
 *                public_key (minisign, base64), key_id, created,
 *                protected ("1" when the keys need a passphrase)
 *   devices      key_id TEXT PRIMARY KEY   16 upper-case hex digits
 *                public_key TEXT           minisign base64
 *                enrolled INTEGER          Unix seconds
 *   bundles      device TEXT, hash BLOB    PRIMARY KEY (device, hash):
 *                                          hash is SHA-256 of the manifest
 *                seq INTEGER               its number (two bundles of one
 *                                          device may share it: a fork)
 *                previous BLOB NULL        what the manifest named
 *                created INTEGER           the manifest's time
 *                imported INTEGER          Unix seconds
 *                count INTEGER             entries
 *                stored INTEGER            of them stored by this import
 *                quarantined INTEGER       of them set aside
 *                index bundles_seq (device, seq)
 *   submissions  id TEXT PRIMARY KEY       UUIDv4
 *                device TEXT, seq INTEGER  the bundle that brought it first
 *                form TEXT, version TEXT, kind TEXT, language TEXT
 *                started INTEGER, submitted INTEGER   Unix seconds
 *                json TEXT                 the plaintext submission, as
 *                                          it arrived
 *                sha256 BLOB NULL          SHA-256 of its ciphertext (the
 *                                          manifest entry's); NULL when
 *                                          stored before schema 2
 *                index submissions_form (form, submitted)
 *   quarantine   id TEXT, bundle BLOB      PRIMARY KEY (id, bundle): an id
 *                                          and the bundle that offered it
 *                device TEXT, seq INTEGER  that bundle's device and number
 *                form, version, kind TEXT; submitted, arrived INTEGER
 *                sha256 BLOB               of the offered ciphertext
 *                reason TEXT               why it was set aside
 *                json TEXT                 the offered plaintext
 *   contacts     requests to be contacted (kind "contact"), apart from
 *                every answer: no export or report of a form reads them
 *                id TEXT PRIMARY KEY       UUIDv4
 *                device TEXT, seq INTEGER  the bundle that brought it first
 *                form TEXT, version TEXT, language TEXT
 *                day INTEGER               the day it was made (midnight
 *                                          UTC, all the device keeps)
 *                arrived INTEGER           Unix seconds
 *                sha256 BLOB               SHA-256 of its ciphertext
 *                json TEXT NULL            the plaintext; NULL once purged
 *                exported INTEGER NULL     when `hub contacts export`
 *                                          first wrote it
 *                purged INTEGER NULL       when it was purged (the id,
 *                                          device and hash stay, so that
 *                                          the bundle is still "held")
 *                index contacts_day (day)
 *
 * Contacts are the one thing the hub deletes: `hub contacts purge
 * --older-than DAYS` wipes a request's plaintext for good (SQLite's
 * secure_delete, then the WAL checkpointed and truncated), and the
 * copies of it in quarantine.
 *
 * What a receipt says of an id (sync/receipt.h), decided in one place
 * (hub_id_verdict, sync/hub-store.c):
 *   stored       the hub did not hold the id; it stored this copy now.
 *   held         the hub already held the id, from this same device, with
 *                the same content (the same ciphertext SHA-256; for rows
 *                from before schema 2, the same device and plaintext).
 *   quarantined  the hub holds the id otherwise (from another device, or
 *                with other content): the offered copy is kept in
 *                quarantine beside the held one, for the data team to see
 *                in `hub status`; the receipt lists it under "refused",
 *                so neither device deletes its copy on the hub's word.
 * Only stored and held let a device delete anything.
 *
 * Sequence and forks. A bundle is known by its hash. The same bundle again
 * is "already imported" (its receipt written again from what is held).
 * A signed bundle from an enrolled device whose number the hub already
 * holds with other content is a fork, not a refusal: a data folder
 * restored from a backup, or a fleet cloned from one image after `outreach
 * init`, numbers its next bundles again from where its copy stopped. The
 * hub takes it in like any other (what is new is stored, what it holds
 * the same is held, the rest quarantined), records both bundles under
 * that number, and the device carries on from there: its next bundle
 * names this one as previous. `hub status` shows forks, and the numbers
 * never imported (gaps), per device. The only sequence refusal is a
 * bundle that names as previous a bundle the hub holds under a number
 * other than its own minus one.
 *
 * Why a stolen device key cannot do harm here: an import only ever adds
 * rows (a bundle, new ids, quarantined copies); nothing is updated or
 * deleted, and an id is reported stored or held only to the device the
 * hub's copy came from, with that content. The worst such a key can do is
 * add forks and quarantined copies, which `hub status` shows.
 *
 * A refused bundle changes nothing in hub.db: each bundle is one
 * transaction, committed only when every entry passed, and the sequence
 * is checked again inside it (two imports at once: the second finds the
 * bundle "already imported").
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
#define HUB_SCHEMA_VERSION	3
#define HUB_BUSY_MS		10000
/* The longest passphrase for the hub's keys, in bytes (minisign's). */
#define HUB_PASSPHRASE_MAX	MINISIGN_PASSWORD_MAX

struct hub;		/* an open hub (opaque) */
struct pack;
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
	size_t		 stored;	/* stored by this import */
	size_t		 held;		/* held before, from this device */
	size_t		 quarantined;	/* their ids held otherwise: aside */
	int		 fork;		/* another bundle seq was held */
	int64_t		 gap_from;	/* > 0: bundles gap_from..seq-1 unseen */
	int		 untrusted;	/* refused before its signature was
					   checked: no receipt written */
	int		 receipt_kept;	/* a refusal found an "imported"
					   receipt there and kept it */
	char		*receipt;	/* the receipt written, or NULL */
	char		*receipt_error;	/* why it could not be written */
};

/*
 * Import the bundle file at path, checking submissions against forms, and
 * write its receipt beside it. Returns 0 whenever the bundle was dealt
 * with (imported, already there, or refused: see res->status); an error
 * only when the hub itself fails (its store, memory), which should stop
 * the run. threads: the workers that decrypt and check submissions, 1 to
 * HUB_MAX_THREADS (more is taken as HUB_MAX_THREADS), 0 for one per CPU;
 * the calling thread stores in order and checks what they have not taken.
 * Clear res with hub_import_result_clear.
 */
#define HUB_MAX_THREADS	16
int	hub_import(struct hub *h, const struct hub_forms *forms,
	    const char *path, int threads, struct hub_import_result *res,
	    char **cause);
void	hub_import_result_clear(struct hub_import_result *res);
/*
 * The bundle the next hub_import will be given (NULL: none). The import
 * in progress reads and opens it on a thread of its own while its
 * submissions are decrypted, so that a run of bundles keeps every CPU
 * busy; when no import is in progress and nothing is being read or checked
 * ahead (before the first import), reading it starts now, so that it is
 * read while the caller loads forms and keys. Nothing about that bundle
 * is decided until it is imported itself.
 */
int	hub_import_next(struct hub *h, const char *path);

/* `hub status` (sync/hub-status.c): what the hub holds. */
struct hub_status_gap {
	int64_t	from, to;	/* numbers never imported */
};

struct hub_status_device {
	char			 key_id[BUNDLE_KEYID_SIZE];
	int64_t			 enrolled;	/* Unix seconds */
	size_t			 bundles;	/* held, forks counted */
	int64_t			 last_seq;	/* 0: none yet */
	size_t			 submissions;	/* stored from it */
	size_t			 quarantined;	/* offered by it, set aside */
	int64_t			*forks;		/* numbers held twice or more */
	size_t			 nforks;
	struct hub_status_gap	*gaps;
	size_t			 ngaps;
};

/* One copy of a quarantined id. */
struct hub_status_copy {
	int	 present;		/* 0: the hub holds no such row */
	char	 device[BUNDLE_KEYID_SIZE];
	int64_t	 seq;			/* the bundle that brought it */
	char	*form;
	char	*version;
	int64_t	 submitted;
	uint8_t	 sha256[32];		/* of its plaintext JSON */
	char	*reason;		/* copy[1]: why it was set aside */
};

struct hub_status_quarantined {
	char			id[BUNDLE_ID_SIZE];
	int64_t			arrived;
	struct hub_status_copy	copy[2];	/* [0] held, [1] set aside */
};

struct hub_status_report {
	struct hub_status_device	*devices;	/* enrolled, by key id */
	size_t				 ndevices;
	size_t				 bundles;
	size_t				 submissions;
	struct hub_status_quarantined	*quarantined;	/* oldest first */
	size_t				 nquarantined;
};

int	hub_status_load(struct hub *h, struct hub_status_report **rp,
	    char **cause);
void	hub_status_free(struct hub_status_report **rp);

/* Exports (sync/hubexport.c): see there for the columns. */
enum hub_export_format {
	HUB_EXPORT_CSV,
	HUB_EXPORT_JSON,	/* JSON lines */
};

/* The columns: the hub's own, or those of ODK Central's CSV export. */
enum hub_export_layout {
	HUB_LAYOUT_OUTREACH,
	HUB_LAYOUT_CENTRAL,
};

/* Header rows: names, labels (--labels LANG), or names then labels. */
enum hub_export_header {
	HUB_HEADER_AUTO,	/* names; both with --labels */
	HUB_HEADER_NAMES,
	HUB_HEADER_LABELS,
	HUB_HEADER_BOTH,
};

struct hub_export_opts {
	const char		*form;		/* form id */
	enum hub_export_format	 format;
	const char		*labels;	/* a language; NULL: names */
	int			 bom;		/* CSV: start with a UTF-8 BOM */
	enum hub_export_layout	 layout;
	enum hub_export_header	 header;
	int			 split;		/* Central: 0/1 per choice */
	const char		*repeat;	/* CSV: this repeat's table */
	int			 terminal;	/* out is a terminal: control
						   characters replaced */
};

/*
 * Write every stored response to o->form to out; *rowsp: how many (with
 * o->repeat, how many instances of that repeat).
 */
int	hub_export(struct hub *h, const struct hub_forms *forms,
	    const struct hub_export_opts *o, FILE *out, size_t *rowsp,
	    char **cause);

/*
 * Requests to be contacted (sync/hub-contacts.c). hub_contacts_list
 * writes every one held (not purged) to out, oldest first: its day,
 * "new" or "exported", id, language and venue, then each answer on a
 * line of its own, sanitised for a terminal. hub_contacts_export writes
 * them as CSV to path (0600, durably), only those never exported unless
 * all, and marks each one exported. hub_contacts_purge wipes for good
 * every request made days days ago or more (0: all). *np: how many.
 */
int	hub_contacts_list(struct hub *h, FILE *out, size_t *np, char **cause);
int	hub_contacts_export(struct hub *h, const char *path, int all,
	    size_t *np, char **cause);
int	hub_contacts_purge(struct hub *h, int days, size_t *np, char **cause);
/* How many are held, and how many of them were never exported. */
int	hub_contacts_count(struct hub *h, size_t *heldp, size_t *newp,
	    char **cause);

/*
 * The packs the hub signed (sync/hub-packs.c): keep a copy of a pack zip
 * just signed, as DIR/packs/<id>/<version>/; add the forms of every kept
 * pack to forms, oldest version first (*np: how many packs).
 */
int	hub_packs_keep(struct hub *h, const uint8_t *zip, size_t len,
	    const char *id, const char *version, char **cause);
int	hub_packs_add_forms(struct hub *h, struct hub_forms *forms,
	    size_t *np, char **cause);

/* The forms: every survey of the packs added, by id and version. */
int	hub_forms_new(struct hub_forms **fp);
void	hub_forms_free(struct hub_forms **fp);
/* Add the surveys of the content pack in dir. */
int	hub_forms_add_pack(struct hub_forms *f, const char *dir,
	    char **cause);
/*
 * The pack id at version the forms came from (version NULL: the newest
 * added); NULL when none was added.
 */
const struct pack *hub_forms_pack(const struct hub_forms *f, const char *id,
	    const char *version);
/* The form id at version; version NULL: the newest added with that id. */
const struct xlsform *hub_forms_find(const struct hub_forms *f,
	    const char *id, const char *version);
/*
 * The form id a name means: name when a form has that id, else the id of
 * the form whose survey folder in its pack is called name; NULL when none.
 * Every form has one name, its id, in submissions, exports and reports.
 */
const char *hub_forms_name(const struct hub_forms *f, const char *name);
/* The ids of the forms, in the order added, without repeats. */
size_t	hub_forms_count(const struct hub_forms *f);
const struct xlsform *hub_forms_get(const struct hub_forms *f, size_t i);

#endif
