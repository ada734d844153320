/*
 * Error values shared by content/ and sync/.
 *
 * Functions below the UI return 0 (or a count) on success and one of these
 * negative values on failure. They never print and never exit: tui/ decides
 * what a person sees. A function that can say more takes an optional
 * `char **cause`, sets it to a malloc'd sentence on failure (Caller frees)
 * and leaves it NULL on success.
 */
#ifndef OUTREACH_ERR_H
#define OUTREACH_ERR_H

#include <stdarg.h>

enum {
	ERR_OK = 0,
	ERR_NOMEM = -1,		/* out of memory */
	ERR_IO = -2,		/* read, write, open or fsync failed */
	ERR_PARSE = -3,		/* input is not in the expected format */
	ERR_INVALID = -4,	/* input is well-formed but not acceptable */
	ERR_NOTFOUND = -5,	/* no such file, page, form, key or row */
	ERR_EXISTS = -6,	/* already there */
	ERR_LIMIT = -7,		/* input exceeds a size or count bound */
	ERR_UNSUPPORTED = -8,	/* valid, but not something we can do */
	ERR_CRYPTO = -9,	/* decryption or key agreement failed */
	ERR_SIGNATURE = -10,	/* signature missing or does not verify */
	ERR_NOKEY = -11,	/* no matching key or identity */
	ERR_DB = -12,		/* the SQLite store failed */
	ERR_FULL = -13,		/* no space left on the device */
	ERR_BUSY = -14,		/* locked by another process */
	ERR_VERSION = -15,	/* made by a newer version, or too old */
	ERR_PERM = -16,		/* permission denied */
	ERR_CANCELLED = -17,	/* stopped by the person or a signal */
};

/* A short English phrase for an error value; never NULL. */
const char *err_str(int err);

/* Map errno to an error value (ENOSPC -> ERR_FULL, EACCES -> ERR_PERM...). */
int err_from_errno(int errnum);

/*
 * If cause is not NULL and *cause is NULL, set *cause to the formatted
 * sentence. Returns err so callers can write `return err_set(cause, ...)`.
 */
int err_set(char **cause, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_setv(char **cause, int err, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
