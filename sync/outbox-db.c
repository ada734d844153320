/*
 * Opening the outbox: the file, its pragmas, its numbered migrations, and
 * the mapping of SQLite's errors to ours. The schema is documented in
 * outbox.h; this file is the only place that changes it.
 *
 * Guarantees: the database file (and so its -wal and -shm, which SQLite
 * creates with the same mode) is 0600; it runs in WAL mode with
 * synchronous=FULL, so a commit is on disk when it returns; migrations run
 * in one transaction each, so a crash leaves the old or the new schema; a
 * database written by a newer version is refused, never "upgraded" down.
 */
#include "sync/outbox-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"

/* "OUTK": set in every outbox, so another SQLite file is not taken for one. */
#define OUTBOX_APPLICATION_ID	0x4f55544b

/*
 * Migration N takes the schema from version N to N + 1. Append only: a
 * released migration never changes, or devices in the field would differ.
 */
static const char *const outbox_migrations[OUTBOX_SCHEMA_VERSION] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE submissions ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  form TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  submitted INTEGER NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  sha256 BLOB NOT NULL,"
	"  ciphertext BLOB NOT NULL,"
	"  bundle_seq INTEGER"
	");"
	"CREATE INDEX submissions_bundle ON submissions(bundle_seq);"
	"CREATE TABLE bundles ("
	"  seq INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  hash BLOB NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  acknowledged INTEGER"
	");"
	"CREATE TABLE purged ("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  bundle_seq INTEGER NOT NULL,"
	"  purged INTEGER NOT NULL"
	");",
	/*
	 * 1 -> 2: ciphertexts in a table of their own, so that recording a
	 * bundle (bundle_seq) rewrites a few small rows, not every page of
	 * ciphertext.
	 */
	"CREATE TABLE ciphertexts ("
	"  n INTEGER PRIMARY KEY,"
	"  data BLOB NOT NULL"
	");"
	"ALTER TABLE submissions ADD COLUMN ct INTEGER NOT NULL DEFAULT 0;"
	"INSERT INTO ciphertexts (n, data)"
	"  SELECT rowid, ciphertext FROM submissions ORDER BY rowid;"
	"UPDATE submissions SET ct = rowid;"
	"ALTER TABLE submissions DROP COLUMN ciphertext;",
};

static const char *const outbox_sql[OUTBOX_NSTMT] = {
	[OUTBOX_ST_INSERT] =
	    "INSERT INTO submissions (id, kind, form, version, started,"
	    " submitted, size, sha256, ct) SELECT ?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, last_insert_rowid() WHERE NOT EXISTS (SELECT 1"
	    " FROM purged WHERE id = ?1)",	/* after OUTBOX_ST_INSERT_CT */
	[OUTBOX_ST_INSERT_CT] =
	    "INSERT INTO ciphertexts (data) VALUES (?1)",
	[OUTBOX_ST_CIPHERTEXT] =
	    "SELECT c.data FROM submissions s LEFT JOIN ciphertexts c"
	    " ON c.n = s.ct WHERE s.id = ?1",
	[OUTBOX_ST_NEXT_SEQ] =
	    "SELECT coalesce(max(seq), 0) + 1 FROM bundles",
	[OUTBOX_ST_BUNDLE_LAST] =
	    "SELECT seq, name, hash, created, count, acknowledged FROM bundles"
	    " ORDER BY seq DESC LIMIT 1",
	[OUTBOX_ST_BUNDLE_GET] =
	    "SELECT seq, name, hash, created, count, acknowledged FROM bundles"
	    " WHERE seq = ?1",
	[OUTBOX_ST_BUNDLE_INSERT] =
	    "INSERT INTO bundles (seq, name, hash, created, count)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[OUTBOX_ST_MARK] =
	    "UPDATE submissions SET bundle_seq = ?1 WHERE bundle_seq IS NULL"
	    " AND rowid BETWEEN ?2 AND ?3",
	[OUTBOX_ST_PURGED_HAS] =
	    "SELECT 1 FROM purged WHERE id = ?1",
	[OUTBOX_ST_EXPORTED_SEQ] =
	    "SELECT bundle_seq FROM submissions WHERE id = ?1"
	    " AND bundle_seq IS NOT NULL",
	[OUTBOX_ST_DELETE] =
	    "DELETE FROM submissions WHERE id = ?1",
	[OUTBOX_ST_DELETE_CT] =
	    "DELETE FROM ciphertexts WHERE n = (SELECT ct FROM submissions"
	    " WHERE id = ?1)",
	[OUTBOX_ST_TOMBSTONE] =
	    "INSERT INTO purged (id, bundle_seq, purged) VALUES (?1, ?2, ?3)",
	[OUTBOX_ST_ACK] =
	    "UPDATE bundles SET acknowledged = coalesce(acknowledged, ?2)"
	    " WHERE seq = ?1",
};

int
outbox_err(struct outbox *ob, int rc, const char *what, char **cause)
{
	const char *path = ob != NULL && ob->path != NULL ? ob->path :
	    "the outbox";
	const char *msg = ob != NULL && ob->db != NULL ?
	    sqlite3_errmsg(ob->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return err_set(cause, ERR_FULL, "%s: the disk is full while %s",
		    path, what);
	case SQLITE_IOERR:
		return err_set(cause, ERR_IO, "%s: input/output error while "
		    "%s (%s)", path, what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return err_set(cause, ERR_DB, "%s: the database is damaged or "
		    "not an outbox (%s)", path, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(cause, ERR_BUSY, "%s: another program is using "
		    "the outbox; try again (%s)", path, msg);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return err_set(cause, ERR_PERM, "%s: cannot write while %s "
		    "(%s)", path, what, msg);
	case SQLITE_CANTOPEN:
		return err_set(cause, ERR_IO, "%s: cannot open the outbox "
		    "(%s)", path, msg);
	case SQLITE_CONSTRAINT:
		return err_set(cause, ERR_EXISTS, "%s: already stored while "
		    "%s", path, what);
	case SQLITE_NOMEM:
		return err_set(cause, ERR_NOMEM, "out of memory while %s",
		    what);
	default:
		return err_set(cause, ERR_DB, "%s: database error while %s "
		    "(%s)", path, what, msg);
	}
}

int
outbox_stmt(struct outbox *ob, enum outbox_stmt_id which, sqlite3_stmt **stp,
    char **cause)
{
	int rc;

	*stp = NULL;
	if (ob->st[which] == NULL) {
		rc = sqlite3_prepare_v3(ob->db, outbox_sql[which], -1,
		    SQLITE_PREPARE_PERSISTENT, &ob->st[which], NULL);
		if (rc != SQLITE_OK)
			return outbox_err(ob, rc, "preparing a statement",
			    cause);
	}
	sqlite3_reset(ob->st[which]);
	sqlite3_clear_bindings(ob->st[which]);
	*stp = ob->st[which];
	return ERR_OK;
}

int
outbox_exec(struct outbox *ob, const char *sql, const char *what,
    char **cause)
{
	int rc = sqlite3_exec(ob->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? ERR_OK : outbox_err(ob, rc, what, cause);
}

void
outbox_rollback(struct outbox *ob)
{
	if (!sqlite3_get_autocommit(ob->db))
		sqlite3_exec(ob->db, "ROLLBACK", NULL, NULL, NULL);
}

/* One integer from a pragma or query. */
static int
outbox_int(struct outbox *ob, const char *sql, int64_t *vp, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r = ERR_OK;

	*vp = 0;
	rc = sqlite3_prepare_v2(ob->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*vp = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		r = outbox_err(ob, rc, "reading the schema", cause);
	sqlite3_finalize(st);
	return r;
}

/* Read the schema version; refuse what is not an outbox or is newer. */
static int
outbox_version(struct outbox *ob, int64_t *versionp, char **cause)
{
	int64_t appid;
	int r;

	if ((r = outbox_int(ob, "PRAGMA user_version", versionp, cause)) !=
	    ERR_OK ||
	    (r = outbox_int(ob, "PRAGMA application_id", &appid, cause)) !=
	    ERR_OK)
		return r;
	if ((appid != 0 && appid != OUTBOX_APPLICATION_ID) ||
	    (appid == 0 && *versionp != 0))
		return err_set(cause, ERR_DB, "%s: this is not an outbox "
		    "database", ob->path);
	if (*versionp > OUTBOX_SCHEMA_VERSION)
		return err_set(cause, ERR_VERSION, "%s: written by a newer "
		    "version of outreach (schema %lld, this one knows up to "
		    "%d); update outreach to read it", ob->path,
		    (long long)*versionp, OUTBOX_SCHEMA_VERSION);
	if (*versionp < 0)
		return err_set(cause, ERR_DB, "%s: bad schema version %lld",
		    ob->path, (long long)*versionp);
	return ERR_OK;
}

/*
 * Bring the schema to OUTBOX_SCHEMA_VERSION, one migration at a time. An
 * outbox already there is only read: opening it then writes nothing and
 * waits for no disk, which keeps the kiosk's start quick.
 */
static int
outbox_migrate(struct outbox *ob, char **cause)
{
	char sql[96];
	int64_t version;
	int r;

	if ((r = outbox_version(ob, &version, cause)) != ERR_OK ||
	    version == OUTBOX_SCHEMA_VERSION)
		return r;
	if ((r = outbox_exec(ob, "BEGIN IMMEDIATE", "opening", cause)) !=
	    ERR_OK)
		return r;
	/* Another process may have migrated it while we waited. */
	if ((r = outbox_version(ob, &version, cause)) != ERR_OK)
		goto out;
	for (; version < OUTBOX_SCHEMA_VERSION; version++)
		if ((r = outbox_exec(ob, outbox_migrations[version],
		    "updating the schema", cause)) != ERR_OK)
			goto out;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; "
	    "PRAGMA application_id = %d", OUTBOX_SCHEMA_VERSION,
	    OUTBOX_APPLICATION_ID);
	if ((r = outbox_exec(ob, sql, "updating the schema", cause)) !=
	    ERR_OK)
		goto out;
	r = outbox_exec(ob, "COMMIT", "updating the schema", cause);
out:
	if (r != ERR_OK)
		outbox_rollback(ob);
	return r;
}

/*
 * Create the file 0600 before SQLite does (it would use 0644); *createdp
 * says whether it is new. A file already there is looked at, never
 * opened: closing a descriptor of it would drop every lock SQLite holds
 * on it in this process (POSIX locks belong to the process), and another
 * process could then delete the log under a connection still open here
 * (the kiosk's sealer, while a sync opens a second connection).
 */
static int
outbox_create_file(const char *path, int *createdp, char **cause)
{
	struct stat sb;
	int fd, e = 0;

	*createdp = 0;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd != -1) {
		*createdp = 1;
		close(fd);
		return ERR_OK;
	}
	if (errno != EEXIST)
		e = errno;
	else if (lstat(path, &sb) == -1)
		e = errno;
	else if (S_ISLNK(sb.st_mode))
		e = ELOOP;		/* as O_NOFOLLOW says */
	else if (S_ISDIR(sb.st_mode))
		e = EISDIR;
	else if (access(path, R_OK | W_OK) == -1)
		e = errno;
	if (e != 0)
		return err_set(cause, err_from_errno(e), "%s: %s", path,
		    strerror(e));
	return ERR_OK;
}

int
outbox_open_path(const char *path, struct outbox **obp, char **cause)
{
	struct outbox *ob = NULL;
	char *mode = NULL;
	sqlite3_stmt *st = NULL;
	int rc, r, created;

	*obp = NULL;
	if ((ob = calloc(1, sizeof *ob)) == NULL ||
	    (ob->path = strdup(path)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = outbox_create_file(path, &created, cause)) != ERR_OK)
		goto out;
	rc = sqlite3_open_v2(path, &ob->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
	    SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK) {
		r = outbox_err(ob, rc, "opening", cause);
		goto out;
	}
	sqlite3_busy_timeout(ob->db, OUTBOX_BUSY_MS);
	/* journal_mode answers with the mode it is in. */
	rc = sqlite3_prepare_v2(ob->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *m = sqlite3_column_text(st, 0);

		mode = m != NULL ? strdup((const char *)m) : NULL;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);	/* a statement in progress blocks COMMIT */
	st = NULL;
	if (rc != SQLITE_OK) {
		r = outbox_err(ob, rc, "opening", cause);
		goto out;
	}
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		r = err_set(cause, ERR_DB, "%s: cannot use a write-ahead log "
		    "here", path);
		goto out;
	}
	if ((r = outbox_exec(ob, "PRAGMA synchronous = FULL; "
	    "PRAGMA secure_delete = ON; PRAGMA foreign_keys = OFF",
	    "opening", cause)) != ERR_OK)
		goto out;
	if ((r = outbox_migrate(ob, cause)) != ERR_OK)
		goto out;
	/*
	 * A new file's name must survive a power cut too (SQLite syncs the
	 * folder itself when it creates the log).
	 */
	if (created && (r = file_sync_dir(path)) != ERR_OK) {
		r = err_set(cause, r, "%s: cannot sync its folder", path);
		goto out;
	}
	*obp = ob;
	ob = NULL;
out:
	sqlite3_finalize(st);
	free(mode);
	outbox_close(&ob);
	return r;
}

int
outbox_open(const char *home, struct outbox **obp, char **cause)
{
	char *path;
	int r;

	*obp = NULL;
	if ((path = file_join(home, OUTBOX_FILE)) == NULL)
		return ERR_NOMEM;
	r = outbox_open_path(path, obp, cause);
	free(path);
	return r;
}

void
outbox_close(struct outbox **obp)
{
	struct outbox *ob;
	size_t i;

	if (obp == NULL || (ob = *obp) == NULL)
		return;
	for (i = 0; i < OUTBOX_NSTMT; i++)
		sqlite3_finalize(ob->st[i]);
	if (ob->db != NULL)
		sqlite3_close(ob->db);
	free(ob->path);
	free(ob);
	*obp = NULL;
}

int
outbox_check(struct outbox *ob, char **cause)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *line;
	int rc, r;

	rc = sqlite3_prepare_v2(ob->db, "PRAGMA integrity_check", -1, &st,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		r = outbox_err(ob, rc, "checking integrity", cause);
		goto out;
	}
	line = sqlite3_column_text(st, 0);
	if (line != NULL && strcmp((const char *)line, "ok") == 0)
		r = ERR_OK;
	else
		r = err_set(cause, ERR_DB, "%s: integrity check: %s", ob->path,
		    line != NULL ? (const char *)line : "no answer");
out:
	sqlite3_finalize(st);
	return r;
}
