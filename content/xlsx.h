/*
 * Reading the cells of an .xlsx workbook (Office Open XML spreadsheet).
 *
 * The workbook is a zip (libzip) of XML parts (expat). We read the sheet
 * list, the shared strings, the number formats and then one sheet at a
 * time, and hand each sheet back as a table (struct csv, see csv.h) whose
 * rows keep their true spreadsheet row numbers: rows with no values are
 * not stored, so numbering can skip.
 *
 * Cells read as pyxform reads them: text as stored (shared strings with
 * rich-text runs joined, inline strings); numbers with an integral value as
 * integer digits ("12", not "12.0") and others as the shortest decimal that
 * reads back the same; booleans as TRUE/FALSE; formulas as their cached
 * value; numbers in a date format as "YYYY-MM-DD HH:MM:SS[.ffffff]", or
 * "HH:MM:SS" for a time of day.
 *
 * The file is hostile until read: the number of zip entries, the size of
 * every part (counted while inflating, not taken from the zip headers), the
 * XML nesting depth, the number of strings, cells and columns are bounded,
 * and any XML with a document type declaration is refused, which rules out
 * entity expansion ("billion laughs") and external entities. An old binary
 * .xls file is recognised and refused with a clear reason.
 */
#ifndef OUTREACH_XLSX_H
#define OUTREACH_XLSX_H

#include <stddef.h>

#include "content/csv.h"

struct xlsx;			/* an open workbook */

/* Bounds; a zero member takes the default shown. */
struct xlsx_limits {
	size_t	max_file;	/* 32 MiB: the .xlsx file itself */
	size_t	max_entries;	/* 10000 zip entries */
	size_t	max_part;	/* 32 MiB: one XML part, uncompressed */
	size_t	max_depth;	/* 64: XML element nesting */
	size_t	max_strings;	/* 1000000 shared strings */
	size_t	max_cells;	/* 2000000 stored cells in one sheet */
	size_t	max_cols;	/* 1024: the last column a value may be in */
	size_t	max_sheets;	/* 256 sheets */
};

#define XLSX_MAX_FILE		((size_t)32 << 20)
#define XLSX_MAX_ENTRIES	10000
#define XLSX_MAX_PART		((size_t)32 << 20)
#define XLSX_MAX_DEPTH		64
#define XLSX_MAX_STRINGS	1000000
#define XLSX_MAX_CELLS		2000000
#define XLSX_MAX_COLS		1024
#define XLSX_MAX_SHEETS		256

/*
 * Open the workbook at path and read its sheet list, shared strings and
 * styles. lim may be NULL. Returns ERR_UNSUPPORTED for an old .xls file
 * or when libzip cannot be loaded (content/zipload.h), ERR_PARSE for a file that is not a well-formed workbook, ERR_LIMIT when a
 * bound is exceeded; *cause says which part and why (Caller frees).
 * *out: Caller frees with xlsx_free().
 */
int		 xlsx_open(const char *path, const struct xlsx_limits *lim,
		    struct xlsx **out, char **cause);
void		 xlsx_free(struct xlsx **x);

size_t		 xlsx_nsheets(const struct xlsx *x);
const char	*xlsx_sheet_name(const struct xlsx *x, size_t i);

/* Index of the sheet whose name matches (trimmed, any case), or -1. */
int		 xlsx_sheet_find(const struct xlsx *x, const char *name);

/* Read sheet i into a table (Caller frees with csv_free()). */
int		 xlsx_read_sheet(struct xlsx *x, size_t i, struct csv **out,
		    char **cause);

/* 1 when the first bytes are those of an OLE2 compound file (.xls). */
int		 xlsx_is_ole2(const void *head, size_t len);

#endif
