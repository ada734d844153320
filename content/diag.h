/*
 * Diagnostics: every problem a check finds, in the order found, each
 * "file:line: reason" (line 0: the file as a whole), as an error (the
 * thing cannot be used) or a warning (it can, but probably not as meant).
 *
 * A checker that collects instead of stopping at its first problem takes a
 * struct diags and adds to it; the caller prints them (diags_format) or
 * turns the first error into a cause (diags_first_error). The list is
 * bounded (DIAGS_MAX); past it, problems are counted but not kept.
 */
#ifndef OUTREACH_DIAG_H
#define OUTREACH_DIAG_H

#include <stdarg.h>
#include <stddef.h>

#include "content/buf.h"

#define DIAGS_MAX	1000

enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
};

struct diag {
	enum diag_level	 level;
	int		 err;		/* ERR_* of an error, for callers */
	char		*file;		/* NULL: no file */
	unsigned	 line;		/* 0: no line */
	char		*msg;
};

struct diags {
	struct diag	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 nerrors;	/* counted, kept or not */
	size_t		 nwarnings;
	int		 nomem;		/* an add failed for memory */
};

#define DIAGS_INIT	{ NULL, 0, 0, 0, 0, 0 }

/* Add one problem. Returns err for an error, ERR_OK for a warning. */
int	diags_add(struct diags *d, enum diag_level level, int err,
	    const char *file, unsigned line, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
int	diags_addv(struct diags *d, enum diag_level level, int err,
	    const char *file, unsigned line, const char *fmt, va_list ap)
	    __attribute__((format(printf, 6, 0)));
void	diags_clear(struct diags *d);

/* Order the problems by file and line, keeping the order found within one. */
void	diags_sort(struct diags *d);

/*
 * Every problem as a line, "file:line: reason" for an error and
 * "file:line: warning: reason" for a warning.
 */
void	diags_format(const struct diags *d, struct buf *out);

/*
 * The first error as a cause ("file:line: reason", Caller frees) and its
 * ERR_* value; ERR_OK when there is none.
 */
int	diags_first_error(const struct diags *d, char **cause);

#endif
