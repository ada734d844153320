/*
 * Internals shared by xlsx.c (zip, XML parts, workbook, relationships),
 * xlsx-strings.c (shared strings, styles) and xlsx-sheet.c (cells);
 * nothing outside content/xlsx*.c includes this.
 */
#ifndef OUTREACH_XLSX_INT_H
#define OUTREACH_XLSX_INT_H

#include <expat.h>
#include <stdarg.h>

#include "content/buf.h"
#include "content/xlsx.h"
#include "content/zipload.h"

struct xlsx_sheet {
	char	*name;
	char	*part;		/* zip entry name of its XML */
};

struct xlsx {
	zip_t			*zip;
	char			*path;
	struct xlsx_limits	 lim;
	struct xlsx_sheet	*sheets;
	size_t			 nsheets;
	char			**strings;	/* shared strings */
	size_t			 nstrings;
	size_t			 capstrings;
	unsigned char		*xf_date;	/* per cell format: shows a date */
	size_t			 nxf;
	int			 date1904;	/* serials count from 1904 */
};

/* One XML part being parsed: the handlers see local element names. */
struct xlsx_doc {
	struct xlsx	*x;
	XML_Parser	 p;
	size_t		 depth;
	int		 err;		/* set by xlsx_fail() */
	char		*why;
	int		 collect;	/* character data goes to text */
	struct buf	 text;
	void		 (*start)(struct xlsx_doc *, const char *,
			    const char **);
	void		 (*end)(struct xlsx_doc *, const char *);
	void		*ctx;
};

/*
 * Inflate part from the zip into expat with d's handlers, bounded. With
 * optional set, a missing part returns ERR_NOTFOUND without a cause.
 */
int		 xlsx_parse_part(struct xlsx *x, const char *part,
		    struct xlsx_doc *d, int optional, char **cause);
/* Stop the parse with an error (the first one wins). */
void		 xlsx_fail(struct xlsx_doc *d, int err, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* The local part of a namespaced name ("uri|local" -> "local"). */
const char	*xlsx_local(const char *name);
/* The value of the attribute with this local name, or NULL. */
const char	*xlsx_attr(const char **attrs, const char *local);
/* xlsx-strings.c: the shared strings, and which cell formats are dates. */
int		 xlsx_read_strings(struct xlsx *x, const char *part,
		    char **cause);
int		 xlsx_read_styles(struct xlsx *x, const char *part,
		    char **cause);
/* Replace Excel's _xHHHH_ escapes in place. */
void		 xlsx_unescape(struct buf *b);
/* 1 when a number format code shows a date or time. */
int		 xlsx_format_is_date(const char *code);
/* A date serial as "YYYY-MM-DD HH:MM:SS[.ffffff]" or "HH:MM:SS"; -1 if absurd. */
int		 xlsx_format_date(double v, int date1904, char *out,
		    size_t size);
/* A number as pyxform shows it ("12", "18.31"); size at least 32. */
void		 xlsx_format_number(const char *text, char *out, size_t size);

#endif
