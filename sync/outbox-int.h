/*
 * The outbox's insides, shared by outbox-db.c (opening, migrations, errors)
 * and outbox.c (sealing, listing, bundles, receipts). Not for other files.
 */
#ifndef OUTREACH_OUTBOX_INT_H
#define OUTREACH_OUTBOX_INT_H

#include "sync/sqlload.h"

#include "sync/outbox.h"

/* Prepared statements kept for the life of the connection. */
enum outbox_stmt_id {
	OUTBOX_ST_INSERT,
	OUTBOX_ST_INSERT_CT,
	OUTBOX_ST_CIPHERTEXT,
	OUTBOX_ST_NEXT_SEQ,
	OUTBOX_ST_BUNDLE_LAST,
	OUTBOX_ST_BUNDLE_GET,
	OUTBOX_ST_BUNDLE_INSERT,
	OUTBOX_ST_MARK,
	OUTBOX_ST_PURGED_HAS,
	OUTBOX_ST_EXPORTED_SEQ,
	OUTBOX_ST_DELETE,
	OUTBOX_ST_DELETE_CT,
	OUTBOX_ST_TOMBSTONE,
	OUTBOX_ST_ACK,
	OUTBOX_NSTMT
};

struct outbox {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*st[OUTBOX_NSTMT];
};

/*
 * Map a SQLite result code to an error value with a cause naming what was
 * being done: SQLITE_FULL -> ERR_FULL, IOERR -> ERR_IO, CORRUPT and NOTADB
 * -> ERR_DB, BUSY and LOCKED -> ERR_BUSY, READONLY, PERM, CANTOPEN ->
 * ERR_PERM or ERR_IO, CONSTRAINT -> ERR_EXISTS, NOMEM -> ERR_NOMEM.
 */
int	outbox_err(struct outbox *ob, int rc, const char *what, char **cause);

/* The cached statement which, reset and with its bindings cleared. */
int	outbox_stmt(struct outbox *ob, enum outbox_stmt_id which,
	    sqlite3_stmt **stp, char **cause);

/* Run SQL without results (BEGIN, COMMIT, pragmas). */
int	outbox_exec(struct outbox *ob, const char *sql, const char *what,
	    char **cause);

/* ROLLBACK if a transaction is open; keeps the first error. */
void	outbox_rollback(struct outbox *ob);

#endif
