/*
 * SQLite, opened on first use.
 *
 * The program does not link libsqlite3. Linking it cost every start of the
 * kiosk about 1.1M instructions of the dynamic linker's work (Debian builds
 * it with BIND_NOW), before a language picker that reads no database: the
 * outbox opens when a person starts a survey, the hub only for hub
 * commands. Code that uses SQLite includes this header (through
 * sync/outbox-int.h or sync/hub-int.h) instead of <sqlite3.h> alone: it
 * keeps SQLite's types and constants and renames every SQLite function the
 * project calls (sqlite3_step -> sqlload_step). The first call of any
 * wrapper dlopen()s SQLite by the SONAME the build found (SQLLOAD_SONAME)
 * and looks up every function in SQLLOAD_FUNCS at once, exactly once for
 * the process (content/libload.h); after that a wrapper is one indirect
 * call.
 *
 * When SQLite cannot be loaded nothing crashes: sqlite3_open_v2() fails
 * with SQLITE_CANTOPEN and no handle, so no statement can exist; every
 * other wrapper returns what SQLite returns for a misuse (SQLITE_MISUSE,
 * 0 or NULL), close and finalize do nothing (SQLITE_OK, as for NULL), and
 * sqlite3_errmsg() and sqlite3_errstr() say "SQLite (libsqlite3.so.0)
 * cannot be loaded: <the loader's reason>".
 *
 * Adding a SQLite function: one line in SQLLOAD_FUNCS, its #define below
 * and its wrapper in sqlload.c (the compiler checks the wrapper's type
 * against SQLite's).
 */
#ifndef OUTREACH_SQLLOAD_H
#define OUTREACH_SQLLOAD_H

#include <sqlite3.h>

/* Every SQLite function the project calls, without its "sqlite3_" prefix. */
#define SQLLOAD_FUNCS(X)						\
	X(bind_blob)							\
	X(bind_blob64)							\
	X(bind_int64)							\
	X(bind_null)							\
	X(bind_text)							\
	X(busy_timeout)							\
	X(changes)							\
	X(clear_bindings)						\
	X(close)							\
	X(column_blob)							\
	X(column_bytes)							\
	X(column_int64)							\
	X(column_text)							\
	X(column_type)							\
	X(errmsg)							\
	X(errstr)							\
	X(exec)								\
	X(finalize)							\
	X(get_autocommit)						\
	X(open_v2)							\
	X(prepare_v2)							\
	X(prepare_v3)							\
	X(reset)							\
	X(step)

/* sqlload_step has exactly sqlite3_step's type, and so on. */
#define SQLLOAD_DECLARE(f)	__typeof__(sqlite3_##f) sqlload_##f;
SQLLOAD_FUNCS(SQLLOAD_DECLARE)
#undef SQLLOAD_DECLARE

/* NULL when SQLite is loaded (loading it now), else why it cannot be. */
const char	*sqlload_error(void);

/* The renames; sqlload.c itself sees SQLite's own names. */
#ifndef SQLLOAD_NO_RENAME
#define sqlite3_bind_blob		sqlload_bind_blob
#define sqlite3_bind_blob64		sqlload_bind_blob64
#define sqlite3_bind_int64		sqlload_bind_int64
#define sqlite3_bind_null		sqlload_bind_null
#define sqlite3_bind_text		sqlload_bind_text
#define sqlite3_busy_timeout		sqlload_busy_timeout
#define sqlite3_changes			sqlload_changes
#define sqlite3_clear_bindings		sqlload_clear_bindings
#define sqlite3_close			sqlload_close
#define sqlite3_column_blob		sqlload_column_blob
#define sqlite3_column_bytes		sqlload_column_bytes
#define sqlite3_column_int64		sqlload_column_int64
#define sqlite3_column_text		sqlload_column_text
#define sqlite3_column_type		sqlload_column_type
#define sqlite3_errmsg			sqlload_errmsg
#define sqlite3_errstr			sqlload_errstr
#define sqlite3_exec			sqlload_exec
#define sqlite3_finalize		sqlload_finalize
#define sqlite3_get_autocommit		sqlload_get_autocommit
#define sqlite3_open_v2			sqlload_open_v2
#define sqlite3_prepare_v2		sqlload_prepare_v2
#define sqlite3_prepare_v3		sqlload_prepare_v3
#define sqlite3_reset			sqlload_reset
#define sqlite3_step			sqlload_step
#endif

#endif
