/*
 * Error values and cause strings; see err.h.
 */
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const err_names[] = {
	[0] = "success",
	[1] = "out of memory",
	[2] = "input/output error",
	[3] = "not in the expected format",
	[4] = "not acceptable",
	[5] = "not found",
	[6] = "already exists",
	[7] = "too large",
	[8] = "not supported",
	[9] = "decryption failed",
	[10] = "bad signature",
	[11] = "no matching key",
	[12] = "database error",
	[13] = "no space left on the device",
	[14] = "in use by another process",
	[15] = "wrong version",
	[16] = "permission denied",
	[17] = "cancelled",
};

const char *
err_str(int err)
{
	unsigned int i = err < 0 ? (unsigned int)-err : (unsigned int)err;

	if (i < sizeof err_names / sizeof err_names[0] && err_names[i] != NULL)
		return err_names[i];
	return "unknown error";
}

int
err_from_errno(int errnum)
{
	switch (errnum) {
	case ENOMEM:
		return ERR_NOMEM;
	case ENOENT:
	case ENOTDIR:
		return ERR_NOTFOUND;
	case EEXIST:
		return ERR_EXISTS;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return ERR_FULL;
	case EACCES:
	case EPERM:
	case EROFS:
		return ERR_PERM;
	case EBUSY:
	case EAGAIN:
		return ERR_BUSY;
	case EINTR:
		return ERR_CANCELLED;
	default:
		return ERR_IO;
	}
}

int
err_setv(char **cause, int err, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (cause == NULL || *cause != NULL)
		return err;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	*cause = s;
	return err;
}

int
err_set(char **cause, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(cause, err, fmt, ap);
	va_end(ap);
	return err;
}
