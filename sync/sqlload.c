/*
 * SQLite, opened on first use (see sqlload.h for why).
 *
 * The first wrapper called runs sqlload_once() through pthread_once: it
 * dlopen()s SQLLOAD_SONAME (content/libload.h) and resolves every function
 * in SQLLOAD_FUNCS into a typed pointer. It is all or nothing: the table is
 * published only when every function resolved, so an SQLite too old for
 * one counts as not loaded rather than failing later on a NULL pointer.
 * pthread_once also orders the table's writes before any thread's reads,
 * so the wrappers read it without a lock. The library is never closed.
 */
#define SQLLOAD_NO_RENAME
#include "sync/sqlload.h"

#include <pthread.h>
#include <stddef.h>

#include "content/libload.h"

#ifndef SQLLOAD_SONAME
#error "SQLLOAD_SONAME is not set: the Makefile reads it from libsqlite3.so (is libsqlite3-dev installed?)"
#endif

/* One typed pointer per SQLite function, named without its prefix. */
static struct {
/* f names the member: it cannot be in parentheses. */
#define SQLLOAD_POINTER(f)	__typeof__(sqlite3_##f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	SQLLOAD_FUNCS(SQLLOAD_POINTER)
#undef SQLLOAD_POINTER
} sqlload_fn;
static pthread_once_t sqlload_once_ctl = PTHREAD_ONCE_INIT;
static int sqlload_ok;
static char sqlload_why[LIBLOAD_WHY];

static void
sqlload_once(void)
{
	__typeof__(sqlload_fn) t;
	void *h, *sym;

	if ((h = libload_open(SQLLOAD_SONAME, "SQLite", sqlload_why)) == NULL)
		return;
#define SQLLOAD_RESOLVE(f)						\
	if ((sym = libload_sym(h, "sqlite3_" #f, "SQLite",		\
	    SQLLOAD_SONAME, sqlload_why)) == NULL) {			\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(sqlite3_##f) *)sym;
	SQLLOAD_FUNCS(SQLLOAD_RESOLVE)
#undef SQLLOAD_RESOLVE
	sqlload_fn = t;
	sqlload_ok = 1;
}

/* 1 when SQLite is loaded (loading it on the first call). */
static int
sqlload_ready(void)
{
	pthread_once(&sqlload_once_ctl, sqlload_once);
	return sqlload_ok;
}

const char *
sqlload_error(void)
{
	return sqlload_ready() ? NULL : sqlload_why;
}

/*
 * The wrappers. Without SQLite no handle and no statement can exist, so
 * the failure values below are only what a misuse would get.
 */
#define SQLLOAD_WRAP(ret, f, fail, params, args)			\
ret									\
sqlload_##f params							\
{									\
	return sqlload_ready() ? sqlload_fn.f args : (fail);		\
}

SQLLOAD_WRAP(int, bind_blob, SQLITE_MISUSE, (sqlite3_stmt *st, int i,
    const void *v, int n, void (*d)(void *)), (st, i, v, n, d))
SQLLOAD_WRAP(int, bind_blob64, SQLITE_MISUSE, (sqlite3_stmt *st, int i,
    const void *v, sqlite3_uint64 n, void (*d)(void *)), (st, i, v, n, d))
SQLLOAD_WRAP(int, bind_int64, SQLITE_MISUSE, (sqlite3_stmt *st, int i,
    sqlite3_int64 v), (st, i, v))
SQLLOAD_WRAP(int, bind_null, SQLITE_MISUSE, (sqlite3_stmt *st, int i),
    (st, i))
SQLLOAD_WRAP(int, bind_text, SQLITE_MISUSE, (sqlite3_stmt *st, int i,
    const char *v, int n, void (*d)(void *)), (st, i, v, n, d))
SQLLOAD_WRAP(int, busy_timeout, SQLITE_MISUSE, (sqlite3 *db, int ms),
    (db, ms))
SQLLOAD_WRAP(int, changes, 0, (sqlite3 *db), (db))
SQLLOAD_WRAP(int, clear_bindings, SQLITE_MISUSE, (sqlite3_stmt *st), (st))
SQLLOAD_WRAP(int, close, SQLITE_OK, (sqlite3 *db), (db))
SQLLOAD_WRAP(const void *, column_blob, NULL, (sqlite3_stmt *st, int i),
    (st, i))
SQLLOAD_WRAP(int, column_bytes, 0, (sqlite3_stmt *st, int i), (st, i))
SQLLOAD_WRAP(sqlite3_int64, column_int64, 0, (sqlite3_stmt *st, int i),
    (st, i))
SQLLOAD_WRAP(const unsigned char *, column_text, NULL, (sqlite3_stmt *st,
    int i), (st, i))
SQLLOAD_WRAP(int, column_type, SQLITE_NULL, (sqlite3_stmt *st, int i),
    (st, i))
SQLLOAD_WRAP(const char *, errmsg, sqlload_why, (sqlite3 *db), (db))
SQLLOAD_WRAP(const char *, errstr, sqlload_why, (int rc), (rc))
SQLLOAD_WRAP(int, exec, SQLITE_MISUSE, (sqlite3 *db, const char *sql,
    int (*cb)(void *, int, char **, char **), void *arg, char **err),
    (db, sql, cb, arg, err))
SQLLOAD_WRAP(int, finalize, SQLITE_OK, (sqlite3_stmt *st), (st))
SQLLOAD_WRAP(int, get_autocommit, 1, (sqlite3 *db), (db))
SQLLOAD_WRAP(int, reset, SQLITE_MISUSE, (sqlite3_stmt *st), (st))
SQLLOAD_WRAP(int, step, SQLITE_MISUSE, (sqlite3_stmt *st), (st))

#undef SQLLOAD_WRAP

int
sqlload_open_v2(const char *path, sqlite3 **dbp, int flags, const char *vfs)
{
	if (sqlload_ready())
		return sqlload_fn.open_v2(path, dbp, flags, vfs);
	*dbp = NULL;
	return SQLITE_CANTOPEN;
}

int
sqlload_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stp,
    const char **tail)
{
	if (sqlload_ready())
		return sqlload_fn.prepare_v2(db, sql, n, stp, tail);
	*stp = NULL;
	return SQLITE_MISUSE;
}

int
sqlload_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned int flags,
    sqlite3_stmt **stp, const char **tail)
{
	if (sqlload_ready())
		return sqlload_fn.prepare_v3(db, sql, n, flags, stp, tail);
	*stp = NULL;
	return SQLITE_MISUSE;
}
