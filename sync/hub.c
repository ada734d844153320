/*
 * The hub's folder: creating it (keys and store), opening it, unlocking
 * its keys, enrolling devices; see hub.h for the layout and the schema.
 *
 * Secrets never leave sodium memory on the way to disk: the identity's
 * text is made, (optionally) encrypted and written from sodium buffers;
 * files that hold secrets are created 0600 in a folder that is 0700.
 */
#include "sync/hub-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/device.h"
#include "sync/x25519.h"

#define HUB_PAGE_SIZE		"16384"	/* bytes: see hub_db_open */
/* "OUTH": set in every hub.db. */
#define HUB_APPLICATION_ID	0x4f555448
/* scrypt for an encrypted hub.key: 256 MiB, like age's default. */
#define HUB_KDF_LIMITS		{ 33554432ULL, 268435456ULL }

static const char *const hub_migrations[HUB_SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY NOT NULL,"
	"  value TEXT NOT NULL"
	");"
	"CREATE TABLE devices ("
	"  key_id TEXT PRIMARY KEY NOT NULL,"
	"  public_key TEXT NOT NULL,"
	"  enrolled INTEGER NOT NULL"
	");"
	"CREATE TABLE bundles ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  previous BLOB,"
	"  created INTEGER NOT NULL,"
	"  imported INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  stored INTEGER NOT NULL,"
	"  PRIMARY KEY (device, seq)"
	");"
	"CREATE TABLE submissions ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  form TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  submitted INTEGER NOT NULL,"
	"  json TEXT NOT NULL"
	");"
	"CREATE INDEX submissions_form ON submissions(form, submitted);",

	/*
	 * 1 -> 2: forks and quarantine. A device's bundles are known by their
	 * hash, so that two bundles with one number (a device restored from a
	 * backup, a cloned fleet) can both be held; each stored submission
	 * keeps the SHA-256 of its ciphertext (NULL for those stored before),
	 * so that "held" can mean "the same content from the same device";
	 * and a submission whose id the hub holds otherwise is kept aside.
	 */
	"CREATE TABLE bundles2 ("
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  previous BLOB,"
	"  created INTEGER NOT NULL,"
	"  imported INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  stored INTEGER NOT NULL,"
	"  quarantined INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (device, hash)"
	");"
	"INSERT INTO bundles2 (device, seq, hash, previous, created, imported,"
	"  count, stored) SELECT device, seq, hash, previous, created,"
	"  imported, count, stored FROM bundles;"
	"DROP TABLE bundles;"
	"ALTER TABLE bundles2 RENAME TO bundles;"
	"CREATE INDEX bundles_seq ON bundles(device, seq);"
	"ALTER TABLE submissions ADD COLUMN sha256 BLOB;"
	"CREATE TABLE quarantine ("
	"  id TEXT NOT NULL,"
	"  bundle BLOB NOT NULL,"
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  form TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  submitted INTEGER NOT NULL,"
	"  arrived INTEGER NOT NULL,"
	"  sha256 BLOB NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  json TEXT NOT NULL,"
	"  PRIMARY KEY (id, bundle)"
	");",

	/*
	 * 2 -> 3: requests to be contacted, in a store of their own that no
	 * export or report of the answers reads, and that can be purged.
	 */
	"CREATE TABLE contacts ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  device TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  form TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  language TEXT NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  arrived INTEGER NOT NULL,"
	"  sha256 BLOB NOT NULL,"
	"  json TEXT,"
	"  exported INTEGER,"
	"  purged INTEGER"
	");"
	"CREATE INDEX contacts_day ON contacts(day);",
};

int
hub_db_err(struct hub *h, int rc, const char *what, char **cause)
{
	int prim = rc & 0xff, r;

	switch (prim) {
	case SQLITE_FULL:
		r = ERR_FULL;
		break;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		r = ERR_IO;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		r = ERR_BUSY;
		break;
	case SQLITE_NOMEM:
		r = ERR_NOMEM;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
		r = ERR_PERM;
		break;
	default:
		r = ERR_DB;
	}
	return err_set(cause, r, "%s: %s: %s", h->path, what,
	    h->db != NULL ? sqlite3_errmsg(h->db) : sqlite3_errstr(rc));
}

int
hub_exec(struct hub *h, const char *sql, const char *what, char **cause)
{
	int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? ERR_OK : hub_db_err(h, rc, what, cause);
}

void
hub_rollback(struct hub *h)
{
	if (h->db != NULL && !sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
}

int
hub_prepare(struct hub *h, const char *sql, sqlite3_stmt **stp, char **cause)
{
	int rc = sqlite3_prepare_v2(h->db, sql, -1, stp, NULL);

	return rc == SQLITE_OK ? ERR_OK : hub_db_err(h, rc, "preparing",
	    cause);
}

static int
hub_meta_get(struct hub *h, const char *key, char *out, size_t cap,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *v;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT value FROM meta WHERE key = ?1", &st,
	    cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (v = sqlite3_column_text(st, 0)) != NULL &&
	    strlen((const char *)v) < cap) {
		memcpy(out, v, strlen((const char *)v) + 1);
		r = ERR_OK;
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		r = err_set(cause, ERR_DB, "%s: no valid %s in the hub's "
		    "store", h->path, key);
	else
		r = hub_db_err(h, rc, "reading", cause);
	sqlite3_finalize(st);
	return r;
}

static int
hub_meta_set(struct hub *h, const char *key, const char *value, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = hub_prepare(h, "INSERT OR REPLACE INTO meta (key, value) "
	    "VALUES (?1, ?2)", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ERR_OK : hub_db_err(h, rc, "writing",
	    cause);
}

/* Bring the schema up to date; only hub_init (create) may start one. */
static int
hub_migrate(struct hub *h, int create, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t version = -1, appid = -1;
	char sql[96];
	int r;

	if ((r = hub_exec(h, "BEGIN IMMEDIATE", "opening", cause)) != 0)
		return r;
	if ((r = hub_prepare(h, "PRAGMA user_version", &st, cause)) != 0)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((r = hub_prepare(h, "PRAGMA application_id", &st, cause)) != 0)
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		appid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* An empty file (a crash, a copy cut short) is not a new hub. */
	if (version < 0 || (appid != 0 && appid != HUB_APPLICATION_ID) ||
	    (appid == 0 && (version != 0 || !create))) {
		r = err_set(cause, ERR_DB, "%s: this is not a hub's store%s",
		    h->path, appid == 0 && version == 0 ? " (it is empty); "
		    "restore it from a backup, or make a new hub with: "
		    "outreach hub init DIR" : "");
		goto out;
	}
	if (version > HUB_SCHEMA_VERSION) {
		r = err_set(cause, ERR_VERSION, "%s: written by a newer "
		    "version of outreach (schema %lld); update outreach",
		    h->path, (long long)version);
		goto out;
	}
	/*
	 * A store already at this schema is not written: writing the same
	 * numbers again would cost every command a commit (two syncs of the
	 * log and one of the folder) before it does anything.
	 */
	if (version == HUB_SCHEMA_VERSION && appid == HUB_APPLICATION_ID) {
		r = hub_exec(h, "COMMIT", "opening", cause);
		goto out;
	}
	for (; version < HUB_SCHEMA_VERSION; version++)
		if ((r = hub_exec(h, hub_migrations[version], "creating the "
		    "schema", cause)) != 0)
			goto out;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; "
	    "PRAGMA application_id = %d", HUB_SCHEMA_VERSION,
	    HUB_APPLICATION_ID);
	if ((r = hub_exec(h, sql, "creating the schema", cause)) != 0)
		goto out;
	r = hub_exec(h, "COMMIT", "creating the schema", cause);
out:
	if (r != 0)
		hub_rollback(h);
	return r;
}

/* Open (create = 1: create) hub.db in h->dir. */
static int
hub_db_open(struct hub *h, int create, char **cause)
{
	struct stat st;
	int rc, fd, r;

	if ((h->path = file_join(h->dir, HUB_DB)) == NULL)
		return ERR_NOMEM;
	if (create) {
		fd = open(h->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1) {
			r = err_from_errno(errno);
			return err_set(cause, r, "%s: %s", h->path,
			    strerror(errno));
		}
		close(fd);
	} else if (stat(h->path, &st) == -1)
		return err_set(cause, ERR_NOTFOUND, "%s is not a hub (no %s; "
		    "make one with: outreach hub init DIR)", h->dir, HUB_DB);
	else if (st.st_size == 0)	/* opening it would write a header */
		return err_set(cause, ERR_DB, "%s: this is not a hub's store (it "
		    "is empty); restore it from a backup, or make a new hub "
		    "with: outreach hub init DIR", h->path);
	rc = sqlite3_open_v2(h->path, &h->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK)
		return hub_db_err(h, rc, "opening", cause);
	sqlite3_busy_timeout(h->db, HUB_BUSY_MS);
	/*
	 * A new hub's pages are 16 KiB, not SQLite's 4 KiB: an import writes
	 * each page twice (the log, then the file), and larger pages take a
	 * quarter of the system calls for it (a hub made earlier keeps its
	 * size). Only before the first table.
	 */
	if (create && (r = hub_exec(h, "PRAGMA page_size = " HUB_PAGE_SIZE,
	    "creating", cause)) != 0)
		return r;
	if ((r = hub_exec(h, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF", "opening",
	    cause)) != 0)
		return r;
	return hub_migrate(h, create, cause);
}

void
hub_close(struct hub **hp)
{
	struct hub *h = *hp;

	if (h == NULL)
		return;
	/* Its workers read the identities. */
	hub_fetch_end(h);
	hub_ahead_free(&h->ahead);
	hub_job_checker_free(h);
	if (h->db != NULL) {
		hub_rollback(h);
		sqlite3_finalize(h->verdict);
		sqlite3_close(h->db);
	}
	age_identity_list_free(&h->ids);
	minisign_seckey_free(&h->sk);
	hub_opened_free(&h->pre);
	free(h->next);
	free(h->dir);
	free(h->path);
	free(h);
	*hp = NULL;
}

const char *
hub_dir(const struct hub *h)
{
	return h->dir;
}

void
hub_get_info(const struct hub *h, struct hub_info *info)
{
	*info = h->info;
}

void
hub_pubkey(const struct hub *h, struct minisign_pubkey *pk)
{
	*pk = h->pk;
}

const struct minisign_seckey *
hub_seckey(const struct hub *h)
{
	return h->sk;
}

static int
hub_load_info(struct hub *h, char **cause)
{
	char prot[8];
	int r;

	if ((r = hub_meta_get(h, "recipient", h->info.recipient,
	    sizeof h->info.recipient, cause)) != 0 ||
	    (r = hub_meta_get(h, "public_key", h->info.public_key,
	    sizeof h->info.public_key, cause)) != 0 ||
	    (r = hub_meta_get(h, "protected", prot, sizeof prot, cause)) != 0)
		return r;
	if (minisign_pubkey_parse(h->info.public_key,
	    strlen(h->info.public_key), &h->pk, NULL) != 0)
		return err_set(cause, ERR_DB, "%s: the hub's public key is "
		    "damaged", h->path);
	device_key_id(&h->pk, h->info.key_id);
	h->info.protected = strcmp(prot, "1") == 0;
	return ERR_OK;
}

int
hub_open(const char *dir, struct hub **hp, char **cause)
{
	struct hub *h = NULL;
	struct stat st;
	int r;

	*hp = NULL;
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		return err_set(cause, ERR_NOTFOUND, "%s is not a hub folder "
		    "(make one with: outreach hub init DIR)", dir);
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	if ((h = calloc(1, sizeof *h)) == NULL ||
	    (h->dir = strdup(dir)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = hub_db_open(h, 0, cause)) != 0 ||
	    (r = hub_load_info(h, cause)) != 0)
		goto out;
	*hp = h;
	h = NULL;
out:
	hub_close(&h);
	return r;
}

/* dir must be new, or an empty folder; it ends up 0700. */
static int
hub_make_dir(const char *dir, char **cause)
{
	struct dirent *de;
	DIR *d;
	int r;

	if (mkdir(dir, 0700) == 0)
		return ERR_OK;
	if (errno == ENOENT) {
		if ((r = file_mkdirs(dir, 0700, cause)) != 0)
			return r;
		return ERR_OK;
	}
	if (errno != EEXIST || (d = opendir(dir)) == NULL) {
		r = err_from_errno(errno);
		return err_set(cause, r, "%s: %s", dir, strerror(errno));
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			closedir(d);
			return err_set(cause, ERR_EXISTS, "%s is not empty: a hub "
			    "needs a new folder", dir);
		}
	closedir(d);
	if (chmod(dir, 0700) == -1) {
		r = err_from_errno(errno);
		return err_set(cause, r, "%s: %s", dir, strerror(errno));
	}
	return ERR_OK;
}

/* Write a secret file new (O_EXCL, 0600) and fsync it. */
static int
hub_write_secret(const char *path, const void *data, size_t len, char **cause)
{
	int fd, r = ERR_OK;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		r = err_from_errno(errno);
		return err_set(cause, r, "%s: %s", path, strerror(errno));
	}
	if (fd_write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", path, strerror(errno));
	}
	close(fd);
	return r;
}

/* Make, protect and write the age identity; fills info->recipient. */
static int
hub_init_identity(const char *dir, const char *pass, struct hub_info *info,
    char **cause)
{
	char *identity = NULL, *recipient = NULL, *text = NULL, *path = NULL;
	uint8_t *enc = NULL;
	size_t len = 0, enclen = 0;
	int r;

	if ((path = file_join(dir, HUB_IDENTITY)) == NULL)
		return ERR_NOMEM;
	if ((r = age_keygen(&identity, &recipient, cause)) != 0 ||
	    (r = age_identity_file_format(identity, &text, &len, cause)) != 0)
		goto out;
	if (pass != NULL) {
		if ((r = age_encrypt_passphrase(pass, 0, text, len, AGE_ARMOR,
		    &enc, &enclen, cause)) != 0)
			goto out;
		r = hub_write_secret(path, enc, enclen, cause);
	} else
		r = hub_write_secret(path, text, len, cause);
	if (r == 0)
		snprintf(info->recipient, sizeof info->recipient, "%s",
		    recipient);
out:
	age_secret_free(&identity);
	age_secret_free(&text);
	free(recipient);
	free(enc);
	free(path);
	return r;
}

static int
hub_init_signing(const char *dir, const char *pass, struct hub_info *info,
    char **cause)
{
	const struct minisign_kdf_limits lim = HUB_KDF_LIMITS;
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey pk;
	char *key = NULL, *pub = NULL;
	int r;

	if ((key = file_join(dir, HUB_KEY)) == NULL ||
	    (pub = file_join(dir, HUB_PUB)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = minisign_keygen(&sk, &pk, cause)) != 0 ||
	    (r = minisign_seckey_save(key, sk, pass, &lim, cause)) != 0 ||
	    (r = minisign_pubkey_save(pub, &pk, cause)) != 0)
		goto out;
	minisign_pubkey_base64(&pk, info->public_key);
	device_key_id(&pk, info->key_id);
out:
	minisign_seckey_free(&sk);
	free(key);
	free(pub);
	return r;
}

int
hub_init(const char *dir, const char *pass, struct hub_info *info,
    char **cause)
{
	struct hub *h = NULL;
	char when[BUNDLE_TIME_SIZE];
	int r;

	memset(info, 0, sizeof *info);
	info->protected = pass != NULL;
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	if (pass != NULL && (*pass == '\0' || strlen(pass) >
	    AGE_PASSPHRASE_MAX || strlen(pass) > HUB_PASSPHRASE_MAX))
		return err_set(cause, ERR_INVALID, "the passphrase must be 1 "
		    "to %d bytes", HUB_PASSPHRASE_MAX);
	if ((r = hub_make_dir(dir, cause)) != 0 ||
	    (r = hub_init_identity(dir, pass, info, cause)) != 0 ||
	    (r = hub_init_signing(dir, pass, info, cause)) != 0)
		return r;
	if ((h = calloc(1, sizeof *h)) == NULL ||
	    (h->dir = strdup(dir)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	bundle_time_format((int64_t)time(NULL), when);
	if ((r = hub_db_open(h, 1, cause)) != 0 ||
	    (r = hub_exec(h, "BEGIN IMMEDIATE", "creating", cause)) != 0 ||
	    (r = hub_meta_set(h, "recipient", info->recipient, cause)) != 0 ||
	    (r = hub_meta_set(h, "public_key", info->public_key, cause)) != 0 ||
	    (r = hub_meta_set(h, "key_id", info->key_id, cause)) != 0 ||
	    (r = hub_meta_set(h, "created", when, cause)) != 0 ||
	    (r = hub_meta_set(h, "protected", pass != NULL ? "1" : "0",
	    cause)) != 0 ||
	    (r = hub_exec(h, "COMMIT", "creating", cause)) != 0)
		goto out;
	r = file_sync_dir(dir);
out:
	hub_close(&h);
	return r;
}

int
hub_unlock(struct hub *h, const char *pass, char **cause)
{
	struct minisign_pubkey pk;
	struct age_recipient rec;
	char *id = NULL, *key = NULL, got[AGE_RECIPIENT_LEN + 1];
	int r;

	if (h->sk != NULL)
		return ERR_OK;
	if (!h->info.protected)
		pass = NULL;
	else if (pass == NULL)
		return err_set(cause, ERR_CRYPTO, "this hub's keys are "
		    "protected by a passphrase");
	if ((id = file_join(h->dir, HUB_IDENTITY)) == NULL ||
	    (key = file_join(h->dir, HUB_KEY)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = age_identity_file_load(id, pass, &h->ids, cause)) != 0)
		goto out;
	if (h->ids->n != 1 || age_identity_recipient(h->ids->v[0],
	    &rec) != 0 || age_recipient_format(&rec, got, sizeof got) != 0 ||
	    strcmp(got, h->info.recipient) != 0) {
		r = err_set(cause, ERR_NOKEY, "%s is not this hub's identity",
		    id);
		goto out;
	}
	if ((r = minisign_seckey_load(key, pass, &h->sk, cause)) != 0)
		goto out;
	minisign_seckey_pubkey(h->sk, &pk);
	if (memcmp(&pk, &h->pk, sizeof pk) != 0)
		r = err_set(cause, ERR_NOKEY, "%s is not this hub's signing "
		    "key", key);
	/*
	 * The keys decrypt from now on: open libcrypto for X25519 now,
	 * before an import's threads start and before libzip maps it as
	 * its own dependency (glibc's dlopen of a library already mapped so
	 * defers a free while other threads run, which never comes).
	 */
	if (r == 0)
		(void)x25519_impl();
out:
	if (r != 0) {
		age_identity_list_free(&h->ids);
		minisign_seckey_free(&h->sk);
	}
	free(id);
	free(key);
	return r;
}

int
hub_enrol(struct hub *h, const char *text, size_t len,
    char key_id[BUNDLE_KEYID_SIZE], int *newp, char **cause)
{
	struct minisign_pubkey pk;
	char b64[MINISIGN_PUBKEY_B64_SIZE];
	const unsigned char *have;
	sqlite3_stmt *st = NULL;
	int rc, r;

	*newp = 0;
	if ((r = minisign_pubkey_parse(text, len, &pk, cause)) != 0)
		return r;
	device_key_id(&pk, key_id);
	minisign_pubkey_base64(&pk, b64);
	if ((r = hub_exec(h, "BEGIN IMMEDIATE", "enrolling", cause)) != 0)
		return r;
	if ((r = hub_prepare(h, "SELECT public_key FROM devices WHERE "
	    "key_id = ?1", &st, cause)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		have = sqlite3_column_text(st, 0);
		if (have == NULL || strcmp((const char *)have, b64) != 0)
			r = err_set(cause, ERR_EXISTS, "a different device "
			    "with key id %s is already enrolled", key_id);
		goto out;
	}
	if (rc != SQLITE_DONE) {
		r = hub_db_err(h, rc, "enrolling", cause);
		goto out;
	}
	sqlite3_finalize(st);
	if ((r = hub_prepare(h, "INSERT INTO devices (key_id, public_key, "
	    "enrolled) VALUES (?1, ?2, ?3)", &st, cause)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b64, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		r = hub_db_err(h, rc, "enrolling", cause);
		goto out;
	}
	*newp = 1;
out:
	sqlite3_finalize(st);
	if (r == 0)
		r = hub_exec(h, "COMMIT", "enrolling", cause);
	if (r != 0)
		hub_rollback(h);
	return r;
}
