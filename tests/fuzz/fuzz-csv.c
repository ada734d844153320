/*
 * Fuzz the CSV reader (content/csv.h) that reads XLSForm sheets and the
 * services directory, with the default bounds and with tight ones.
 *
 * Checked for every table: rows number upwards from 1 and start on lines
 * that do not go back, no row is wider than the bound, every field is
 * valid UTF-8 without NUL (the whole input was, so fields agree with
 * csv_utf8_valid), and fields past a row's end read as "". A refused
 * input always has a cause naming a line.
 *
 * FUZZ_OPTIONS: -max_len=8192
 */
#include "content/csv.h"
#include "content/err.h"
#include "content/utf8.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void
fuzz_csv_one(const char *data, size_t size, const struct csv_limits *lim)
{
	struct csv *t = NULL;
	const struct csv_row *r;
	char *cause = NULL;
	size_t i, j, cols = lim != NULL ? lim->max_cols : CSV_MAX_COLS;
	size_t cells = 0;
	unsigned row = 0, line = 0;
	int rc;

	rc = csv_parse(data, size, lim, &t, &cause);
	if (rc != ERR_OK) {
		FUZZ_CHECK(t == NULL && cause != NULL, "error %d has a cause",
		    rc);
		FUZZ_CHECK(rc == ERR_PARSE || rc == ERR_LIMIT ||
		    rc == ERR_NOMEM, "error %d", rc);
		FUZZ_CHECK(strncmp(cause, "line ", 5) == 0 || rc == ERR_LIMIT,
		    "the cause names the line: %s", cause);
		free(cause);
		return;
	}
	FUZZ_CHECK(t != NULL && cause == NULL, "a table, no cause");
	i = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	FUZZ_CHECK(csv_utf8_valid(data + i, size - i, NULL),
	    "accepted input is UTF-8 after any byte-order mark");
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		FUZZ_CHECK(r->row > row, "row numbers go up (%u after %u)",
		    r->row, row);
		FUZZ_CHECK(r->line > line, "rows start on later lines (%u "
		    "after %u)", r->line, line);
		row = r->row;
		line = r->line;
		FUZZ_CHECK(r->nfields <= cols, "row %u has %zu fields", r->row,
		    r->nfields);
		cells += r->nfields;
		for (j = 0; j < r->nfields; j++) {
			FUZZ_CHECK(r->fields[j] != NULL, "field %zu", j);
			FUZZ_CHECK(utf8_valid(r->fields[j],
			    strlen(r->fields[j])), "row %u field %zu is UTF-8",
			    r->row, j);
		}
		FUZZ_CHECK(strcmp(csv_field(r, r->nfields), "") == 0 &&
		    csv_field(r, (size_t)-1) != NULL, "past the end is \"\"");
		(void)csv_row_blank(r);
	}
	if (lim != NULL)
		FUZZ_CHECK(cells <= lim->max_cells && t->nrows <= lim->max_rows,
		    "within the bounds");
	FUZZ_CHECK(csv_empty()[0] == '\0', "nobody wrote into the empty field");
	csv_free(&t);
	FUZZ_CHECK(t == NULL, "free clears the pointer");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct csv_limits tight = { 4096, 64, 8, 20, 60 };

	fuzz_csv_one((const char *)data, size, NULL);
	fuzz_csv_one((const char *)data, size, &tight);
	return 0;
}
