/*
 * Fuzz the .xlsx reader (content/xlsx.h): libzip and expat under our
 * bounds, the workbook's parts, shared strings, styles and sheets.
 *
 * A raw input is the workbook file itself. A structured input (a leading
 * NUL) is a list of parts, "name\ncontent", separated by NUL bytes, which
 * the target stores uncompressed in a fresh zip: inflated XML and zip
 * checksums stand between raw bytes and the XML parsers, and this way the
 * fuzzer mutates the XML itself. Checked for every workbook that opens:
 * sheet names are UTF-8 and found by name, and each sheet reads as a table
 * whose rows go up and whose fields are UTF-8.
 *
 * FUZZ_OPTIONS: -max_len=16384 -dict=tests/fuzz/xlsx.dict
 */
#include <zip.h>

#include "content/csv.h"
#include "content/err.h"
#include "content/utf8.h"
#include "content/xlsx.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/xlsx-fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void
fuzz_xlsx_table(const struct csv *t)
{
	size_t i, j;
	unsigned row = 0;

	for (i = 0; i < t->nrows; i++) {
		FUZZ_CHECK(t->rows[i].row > row, "rows go up");
		row = t->rows[i].row;
		FUZZ_CHECK(t->rows[i].nfields <= XLSX_MAX_COLS, "columns");
		for (j = 0; j < t->rows[i].nfields; j++)
			FUZZ_CHECK(utf8_valid(t->rows[i].fields[j],
			    strlen(t->rows[i].fields[j])), "fields are UTF-8");
	}
}

/* A sheet is found by its name, trimmed and in another case. */
static void
fuzz_xlsx_find(const struct xlsx *x, const char *name)
{
	char *t;
	size_t len, i;

	while (*name == ' ' || (*name >= '\t' && *name <= '\r'))
		name++;
	t = fuzz_strndup((const uint8_t *)name, strlen(name));
	len = strlen(t);
	while (len > 0 && (t[len - 1] == ' ' || (t[len - 1] >= '\t' &&
	    t[len - 1] <= '\r')))
		t[--len] = '\0';
	for (i = 0; i < len; i++)
		if (t[i] >= 'a' && t[i] <= 'z')
			t[i] = (char)(t[i] - 'a' + 'A');
	FUZZ_CHECK(xlsx_sheet_find(x, t) >= 0, "sheet '%s' is found", t);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Tight bounds: the fuzzer should meet them, not run out of memory. */
	static const struct xlsx_limits lim = { 1 << 20, 64, 1 << 20, 32,
	    10000, 20000, 64, 16 };
	const char *path = fuzz_scratch_path("book.xlsx");
	struct xlsx *x = NULL;
	struct csv *t = NULL;
	const char *name;
	char *cause = NULL;
	size_t i, n;
	int r;

	if (size > 0 && data[0] == '\0')
		fuzz_xlsx_build(path, data + 1, size - 1);
	else
		fuzz_write_file(path, data, size);
	(void)xlsx_is_ole2(data, size);
	r = xlsx_open(path, &lim, &x, &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(x == NULL && cause != NULL, "error %d has a cause",
		    r);
		free(cause);
		return 0;
	}
	n = xlsx_nsheets(x);
	FUZZ_CHECK(n <= lim.max_sheets, "%zu sheets", n);
	for (i = 0; i < n; i++) {
		name = xlsx_sheet_name(x, i);
		FUZZ_CHECK(name != NULL && utf8_valid(name, strlen(name)),
		    "sheet %zu has a UTF-8 name", i);
		fuzz_xlsx_find(x, name);
		r = xlsx_read_sheet(x, i, &t, &cause);
		if (r == ERR_OK) {
			FUZZ_CHECK(t != NULL && cause == NULL, "a table");
			fuzz_xlsx_table(t);
			csv_free(&t);
		} else {
			FUZZ_CHECK(t == NULL && cause != NULL,
			    "sheet error %d has a cause", r);
			free(cause);
			cause = NULL;
		}
	}
	xlsx_free(&x);
	FUZZ_CHECK(x == NULL, "free clears the pointer");
	return 0;
}
