/*
 * Tables of text: RFC 4180 CSV, and the shape every sheet reader returns.
 *
 * A table is a list of rows; each row keeps the number a spreadsheet would
 * show for it (row 1 is the header) and its fields as NUL-terminated UTF-8.
 * content/xlsx.c returns its sheets in the same shape, so the XLSForm loader
 * reads a CSV file and an .xlsx sheet the same way.
 *
 * The CSV reader accepts UTF-8 with or without a byte-order mark, CRLF or
 * LF line ends, and quoted fields holding commas, doubled quotes and line
 * breaks. A quoted line break does not start a new row, so a row's number
 * is its record number, not its line number; each row also keeps the line
 * it starts on. Everything is bounded: file size, field size, columns and
 * rows. Errors name the line.
 *
 * Every empty field points at one shared, static empty string (so a sheet
 * of commas costs a pointer per cell, not an allocation): only csv_free()
 * frees fields, and nothing may write into an empty field.
 */
#ifndef OUTREACH_CSV_H
#define OUTREACH_CSV_H

#include <stddef.h>

struct csv_row {
	unsigned	  row;		/* 1-based spreadsheet row number */
	unsigned	  line;		/* 1-based line it starts on (CSV only) */
	size_t		  nfields;
	char		**fields;	/* nfields NUL-terminated strings */
};

struct csv {
	struct csv_row	*rows;
	size_t		 nrows;
	size_t		 cap;		/* allocated rows (private) */
};

/* Bounds; a zero member takes the default shown. */
struct csv_limits {
	size_t	max_bytes;	/* 16 MiB: whole input */
	size_t	max_field;	/* 1 MiB: one field */
	size_t	max_cols;	/* 1024 fields in a row */
	size_t	max_rows;	/* 200000 rows */
	size_t	max_cells;	/* 4000000 fields in all */
};

#define CSV_MAX_BYTES	((size_t)16 << 20)
#define CSV_MAX_FIELD	((size_t)1 << 20)
#define CSV_MAX_COLS	1024
#define CSV_MAX_ROWS	200000
#define CSV_MAX_CELLS	4000000

/*
 * Parse len bytes of CSV. lim may be NULL for the defaults. On failure
 * returns ERR_PARSE (bad quoting, invalid UTF-8, a NUL byte) or ERR_LIMIT
 * and sets *cause to "line N: what" (Caller frees). *out: Caller frees with
 * csv_free().
 */
int	 csv_parse(const char *data, size_t len, const struct csv_limits *lim,
	    struct csv **out, char **cause);

/* Read and parse the file at path; the cause names the file and the line. */
int	 csv_read(const char *path, const struct csv_limits *lim,
	    struct csv **out, char **cause);

void	 csv_free(struct csv **t);

/*
 * The separator the file's first row seems to use: ',' when it has a
 * comma outside quotes, else ';' (what Excel writes as "CSV" in locales
 * whose decimal mark is a comma) or a tab when it has one, else ','. For
 * hints only: the reader itself takes commas.
 */
int	 csv_sep_guess(const char *path);

/* The shared empty field (see above); csv_free() never frees it. */
char	*csv_empty(void);
/* Free one field unless it is the shared empty one. */
void	 csv_field_free(char *field);

/* Field i of a row, or "" when the row is shorter; never NULL. */
const char *csv_field(const struct csv_row *r, size_t i);

/* 1 when every field of the row is empty (a blank row). */
int	 csv_row_blank(const struct csv_row *r);

/*
 * Append a row to a table (used by the sheet readers). Takes ownership of
 * fields (nfields strings and the array) on success and on failure.
 */
int	 csv_add_row(struct csv *t, unsigned row, unsigned line, char **fields,
	    size_t nfields);

/* 1 when s (len bytes) is valid UTF-8 without NUL bytes. */
int	 csv_utf8_valid(const char *s, size_t len, size_t *bad_at);

#endif
