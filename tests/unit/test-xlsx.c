/*
 * Unit tests for content/xlsx.c: workbooks are built here at run time with
 * libzip from the XML written out below, so every fixture can be read in
 * this file. Covers shared and inline strings, booleans, numbers, cached
 * formula values, dates and times, sparse rows, and hostile workbooks (a
 * part that inflates past its bound, entity expansion, deep nesting, too
 * many cells, entries or columns, an .xls file). When ../shared is there,
 * every example .xlsx is checked against its CSV sheets.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "content/csv.h"
#include "content/err.h"
#include "content/xlsx.h"
#include "tests/unit/test.h"

int main(void);

static char tmpdir[] = "/tmp/test-xlsx-XXXXXX";

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook " NS "><workbookPr/><sheets>"
    "<sheet name=\"survey\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\" Choices \" sheetId=\"2\" r:id=\"rId2\"/>"
    "</sheets></workbook>";

static const char workbook_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/../worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* 0 type, 1 name, 2 label (rich text with a phonetic run), 3 "text". */
static const char shared_strings[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<sst " NS " count=\"4\" uniqueCount=\"4\">"
    "<si><t>type</t></si><si><t xml:space=\"preserve\">name</t></si>"
    "<si><r><rPr><b/></rPr><t>la</t></r><r><t>bel</t></r><rPh sb=\"0\" eb=\"1\"><t>IGNORED</t></rPh></si>"
    "<si><t>line_x000D_break &amp; more</t></si>"
    "</sst>";

/* xf 0 general, xf 1 builtin date (14), xf 2 custom date-time, xf 3 custom number. */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy\\-mm\\-dd\\Thh:mm:ss\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"&quot;Day&quot;\\ 0.00;[Red]0.00\"/>"
    "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs></styleSheet>";

static const char sheet1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet " NS "><dimension ref=\"A1:D9\"/><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" s=\"1\"/></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>in</t><r><t>line</t></r></is></c>"
    "<c r=\"B2\" t=\"b\"><v>1</v></c><c r=\"C2\" t=\"b\"><v>0</v></c><c r=\"D2\" t=\"s\"><v>3</v></c></row>"
    "<row r=\"5\"><c r=\"A5\"><v>12.0</v></c><c r=\"D5\" t=\"n\"><v>18.31</v></c></row>"
    "<row r=\"6\"><c r=\"A6\"><v>1.5</v></c><c r=\"B6\"><v>-0</v></c>"
    "<c r=\"C6\"><v>1E-05</v></c><c r=\"D6\"><v>0.1</v></c></row>"
    "<row r=\"7\"><c r=\"A7\"><f>1+1</f><v>2</v></c>"
    "<c r=\"B7\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c>"
    "<c r=\"C7\"><f>NOW()</f></c><c r=\"D7\" t=\"e\"><v>#N/A</v></c></row>"
    "<row r=\"8\"><c r=\"A8\" s=\"1\"><v>40344</v></c>"
    "<c r=\"B8\" s=\"2\"><v>44276.755504064</v></c>"
    "<c r=\"C8\" s=\"2\"><v>0.5</v></c><c r=\"D8\" s=\"3\"><v>7</v></c></row>"
    "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E9\"><v>5</v></c></row>"
    "<row r=\"12\"><c r=\"B12\" s=\"1\"/><c r=\"C12\" t=\"s\"/></row>"
    "</sheetData></worksheet>";

static const char sheet2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet " NS "><sheetData><row r=\"3\"><c r=\"B3\" t=\"inlineStr\">"
    "<is><t>only</t></is></c></row></sheetData></worksheet>";

struct part {
	const char	*name;
	const char	*data;
	size_t		 len;	/* 0: strlen(data) */
};

/* Write a zip with the standard parts, replacing any named in extra. */
static char *
make_xlsx(const char *name, const struct part *extra, size_t nextra)
{
	static const struct part base[] = {
		{ "[Content_Types].xml", content_types, 0 },
		{ "_rels/.rels", root_rels, 0 },
		{ "xl/workbook.xml", workbook, 0 },
		{ "xl/_rels/workbook.xml.rels", workbook_rels, 0 },
		{ "xl/sharedStrings.xml", shared_strings, 0 },
		{ "xl/styles.xml", styles, 0 },
		{ "xl/worksheets/sheet1.xml", sheet1, 0 },
		{ "xl/worksheets/sheet2.xml", sheet2, 0 },
	};
	const struct part *p;
	zip_source_t *src;
	zip_t *z;
	char *path;
	size_t i, k;
	int err;

	if (asprintf(&path, "%s/%s", tmpdir, name) == -1)
		return NULL;
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL)
		goto fail;
	for (i = 0; i < sizeof base / sizeof base[0] + nextra; i++) {
		p = i < nextra ? &extra[i] : &base[i - nextra];
		if (i >= nextra) {
			for (k = 0; k < nextra; k++)
				if (strcmp(extra[k].name, p->name) == 0)
					break;
			if (k < nextra)
				continue;
		}
		if (p->data == NULL)
			continue;
		src = zip_source_buffer(z, p->data, p->len ? p->len :
		    strlen(p->data), 0);
		if (src == NULL || zip_file_add(z, p->name, src,
		    ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			zip_discard(z);
			goto fail;
		}
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto fail;
	}
	return path;
fail:
	free(path);
	return NULL;
}

static const char *
cell(const struct csv *t, unsigned row, size_t col)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].row == row)
			return csv_field(&t->rows[i], col);
	return "(no row)";
}

static void
test_cells(void)
{
	struct xlsx *x = NULL;
	struct csv *t = NULL;
	char *path, *cause = NULL;
	int r, i;

	path = make_xlsx("cells.xlsx", NULL, 0);
	r = xlsx_open(path, NULL, &x, &cause);
	CHECK(r == 0, "a small workbook opens (%s)", cause ? cause : "");
	if (r != 0)
		goto out;
	CHECK_INT(xlsx_nsheets(x), 2, "two sheets");
	CHECK_STR(xlsx_sheet_name(x, 0), "survey", "sheet names in order");
	CHECK_INT(xlsx_sheet_find(x, "choices"), 1,
	    "sheet names match trimmed and in any case");
	CHECK_INT(xlsx_sheet_find(x, "settings"), -1, "a missing sheet is -1");
	i = xlsx_sheet_find(x, "survey");
	r = xlsx_read_sheet(x, (size_t)i, &t, &cause);
	CHECK(r == 0, "sheet 1 reads (%s)", cause ? cause : "");
	if (r != 0)
		goto out;
	CHECK_STR(cell(t, 1, 0), "type", "shared string");
	CHECK_STR(cell(t, 1, 2), "label", "rich text runs join; phonetic runs are dropped");
	CHECK_INT(t->rows[0].nfields, 3, "a styled empty cell adds no column");
	CHECK_STR(cell(t, 2, 0), "inline", "inline string with runs");
	CHECK_STR(cell(t, 2, 1), "TRUE", "boolean true");
	CHECK_STR(cell(t, 2, 2), "FALSE", "boolean false");
	CHECK_STR(cell(t, 2, 3), "line\rbreak & more", "_x000D_ and entities unescaped");
	CHECK_STR(cell(t, 3, 0), "(no row)", "an absent row is not stored");
	CHECK_INT(t->rows[2].row, 5, "rows keep their true numbers");
	CHECK_STR(cell(t, 5, 0), "12", "12.0 reads as 12");
	CHECK_STR(cell(t, 5, 1), "", "a gap in a sparse row is empty");
	CHECK_STR(cell(t, 5, 3), "18.31", "a decimal keeps its shortest form");
	CHECK_STR(cell(t, 6, 0), "1.5", "1.5");
	CHECK_STR(cell(t, 6, 1), "0", "-0 reads as 0");
	CHECK_STR(cell(t, 6, 2), "1e-05", "a small number as Python shows it");
	CHECK_STR(cell(t, 6, 3), "0.1", "0.1 is not 0.10000000000000001");
	CHECK_STR(cell(t, 7, 0), "2", "a formula reads as its cached value");
	CHECK_STR(cell(t, 7, 1), "ab", "a string formula reads as its cached text");
	CHECK_STR(cell(t, 7, 2), "", "a formula without a cached value is empty");
	CHECK_STR(cell(t, 7, 3), "#N/A", "an error cell reads as its text");
	CHECK_STR(cell(t, 8, 0), "2010-06-15 00:00:00", "a built-in date format");
	CHECK_STR(cell(t, 8, 1), "2021-03-21 18:07:55.551000",
	    "a custom date-time format, to the millisecond");
	CHECK_STR(cell(t, 8, 2), "12:00:00", "a time of day alone");
	CHECK_STR(cell(t, 8, 3), "7", "a quoted 'Day' literal is not a date format");
	CHECK_STR(cell(t, 9, 1), "2", "cells without references follow on");
	CHECK_STR(cell(t, 9, 4), "5", "a reference after unreferenced cells");
	CHECK_INT(t->rows[t->nrows - 1].row, 9, "a row of empty cells is not stored");
	csv_free(&t);
	r = xlsx_read_sheet(x, 1, &t, &cause);
	CHECK(r == 0 && t->nrows == 1 && t->rows[0].row == 3 &&
	    strcmp(cell(t, 3, 1), "only") == 0,
	    "an absolute, dotted part path resolves");
out:
	csv_free(&t);
	xlsx_free(&x);
	CHECK(x == NULL, "xlsx_free clears the pointer");
	free(cause);
	if (path != NULL)
		unlink(path);
	free(path);
}

/* Open a workbook built with extra parts and read sheet 1; returns the error. */
static int
try_xlsx(const char *name, const struct part *extra, size_t nextra,
    const struct xlsx_limits *lim, char **cause)
{
	struct xlsx *x = NULL;
	struct csv *t = NULL;
	char *path;
	int r;

	*cause = NULL;
	if ((path = make_xlsx(name, extra, nextra)) == NULL)
		return 999;
	if ((r = xlsx_open(path, lim, &x, cause)) == 0)
		r = xlsx_read_sheet(x, 0, &t, cause);
	csv_free(&t);
	xlsx_free(&x);
	unlink(path);
	free(path);
	return r;
}

static void
test_hostile(void)
{
	struct xlsx_limits lim;
	struct part p[2];
	char *cause, *big;
	size_t n = (size_t)3 << 20, i;
	int r;

	/* A part that inflates past max_part (3 MiB of spaces, ~3 KiB zipped). */
	big = malloc(n + 200);
	strcpy(big, "<worksheet " NS "><sheetData>");
	i = strlen(big);
	memset(big + i, ' ', n);
	strcpy(big + i + n, "</sheetData></worksheet>");
	memset(&lim, 0, sizeof lim);
	lim.max_part = (size_t)1 << 20;
	p[0] = (struct part){ "xl/worksheets/sheet1.xml", big, 0 };
	r = try_xlsx("bomb.xlsx", p, 1, &lim, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "sheet1.xml") &&
	    strstr(cause, "uncompressed"), "a part inflating past its bound is "
	    "refused: %s", cause ? cause : "");
	free(cause);
	free(big);

	p[0] = (struct part){ "xl/worksheets/sheet1.xml",
	    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
	    "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"inlineStr\">"
	    "<is><t>&lol2;</t></is></c></row></sheetData></worksheet>", 0 };
	r = try_xlsx("lol.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE && cause != NULL && strstr(cause, "DTD"),
	    "entity expansion in a sheet is refused: %s", cause ? cause : "");
	free(cause);

	p[0] = (struct part){ "xl/sharedStrings.xml",
	    "<!DOCTYPE sst SYSTEM \"file:///etc/passwd\"><sst " NS "/>", 0 };
	r = try_xlsx("ext.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE && cause != NULL && strstr(cause, "sharedStrings"),
	    "an external DTD in shared strings is refused: %s", cause ? cause : "");
	free(cause);

	big = malloc(64 * 8 + 200);
	strcpy(big, "<worksheet " NS "><sheetData>");
	for (i = 0; i < 64; i++)
		strcat(big, "<a>");
	strcat(big, "</sheetData></worksheet>");
	p[0] = (struct part){ "xl/worksheets/sheet1.xml", big, 0 };
	r = try_xlsx("deep.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "nested"),
	    "XML nested too deep is refused: %s", cause ? cause : "");
	free(cause);
	free(big);

	memset(&lim, 0, sizeof lim);
	lim.max_cells = 10;
	r = try_xlsx("cells.xlsx", NULL, 0, &lim, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "cells"),
	    "too many cells is refused: %s", cause ? cause : "");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_cols = 3;
	r = try_xlsx("cols.xlsx", NULL, 0, &lim, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "column 3"),
	    "a value beyond the last column is refused: %s", cause ? cause : "");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_entries = 4;
	r = try_xlsx("entries.xlsx", NULL, 0, &lim, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "entries"),
	    "too many zip entries is refused: %s", cause ? cause : "");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_strings = 2;
	r = try_xlsx("strings.xlsx", NULL, 0, &lim, &cause);
	CHECK(r == ERR_LIMIT, "too many shared strings is refused");
	free(cause);

	p[0] = (struct part){ "xl/worksheets/sheet1.xml",
	    "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"s\"><v>99</v></c>"
	    "</row></sheetData></worksheet>", 0 };
	r = try_xlsx("sst.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE && cause != NULL && strstr(cause, "99"),
	    "a missing shared string is refused: %s", cause ? cause : "");
	free(cause);

	p[0] = (struct part){ "xl/worksheets/sheet1.xml",
	    "<worksheet " NS "><sheetData><row r=\"4\"/><row r=\"2\"/>"
	    "</sheetData></worksheet>", 0 };
	r = try_xlsx("order.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE, "rows out of order are refused");
	free(cause);

	p[0] = (struct part){ "xl/worksheets/sheet1.xml",
	    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\">", 0 };
	r = try_xlsx("trunc.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE, "truncated XML is refused");
	free(cause);

	p[0] = (struct part){ "xl/_rels/workbook.xml.rels",
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"../../../etc/passwd\"/>"
	    "</Relationships>", 0 };
	r = try_xlsx("escape.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE, "a part path climbing out of the zip is refused");
	free(cause);

	p[0] = (struct part){ "xl/workbook.xml", NULL, 0 };
	r = try_xlsx("noworkbook.xlsx", p, 1, NULL, &cause);
	CHECK(r == ERR_PARSE && cause != NULL && strstr(cause, "workbook.xml"),
	    "a zip without a workbook is refused: %s", cause ? cause : "");
	free(cause);
}

static void
test_not_xlsx(void)
{
	struct xlsx *x = NULL;
	char *path, *cause = NULL;
	FILE *f;
	int r;

	if (asprintf(&path, "%s/old.xls", tmpdir) == -1)
		return;
	f = fopen(path, "wb");
	fwrite("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", 1, 12, f);
	fclose(f);
	r = xlsx_open(path, NULL, &x, &cause);
	CHECK(r == ERR_UNSUPPORTED && cause != NULL && strstr(cause, ".xls"),
	    "an old .xls file is refused clearly: %s", cause ? cause : "");
	free(cause);
	cause = NULL;
	f = fopen(path, "wb");
	fputs("type,name\n", f);
	fclose(f);
	r = xlsx_open(path, NULL, &x, &cause);
	CHECK(r == ERR_PARSE && x == NULL, "a text file is not a workbook");
	free(cause);
	cause = NULL;
	f = fopen(path, "wb");
	fputs("PK\003\004 but not really a zip", f);
	fclose(f);
	r = xlsx_open(path, NULL, &x, &cause);
	CHECK(r == ERR_PARSE && x == NULL, "a broken zip is refused");
	free(cause);
	cause = NULL;
	unlink(path);
	r = xlsx_open(path, NULL, &x, &cause);
	CHECK(r == ERR_NOTFOUND, "a missing file is ERR_NOTFOUND");
	free(cause);
	free(path);
}

/* Compare an example workbook's sheet with its CSV export, row by row. */
static int
same_sheet(const struct csv *a, const struct csv *b, char *why, size_t size)
{
	size_t i = 0, k = 0, f, na, nb;

	for (;;) {
		while (i < a->nrows && csv_row_blank(&a->rows[i]))
			i++;
		while (k < b->nrows && csv_row_blank(&b->rows[k]))
			k++;
		if (i == a->nrows || k == b->nrows)
			break;
		if (a->rows[i].row != b->rows[k].row) {
			snprintf(why, size, "row %u against row %u",
			    a->rows[i].row, b->rows[k].row);
			return 0;
		}
		na = a->rows[i].nfields;
		nb = b->rows[k].nfields;
		for (f = 0; f < (na > nb ? na : nb); f++)
			if (strcmp(csv_field(&a->rows[i], f),
			    csv_field(&b->rows[k], f)) != 0) {
				snprintf(why, size, "row %u column %zu: '%s' "
				    "against '%s'", a->rows[i].row, f + 1,
				    csv_field(&a->rows[i], f),
				    csv_field(&b->rows[k], f));
				return 0;
			}
		i++;
		k++;
	}
	if (i != a->nrows || k != b->nrows) {
		snprintf(why, size, "different row counts");
		return 0;
	}
	return 1;
}

static void
test_examples(void)
{
	static const char *sheets[] = { "survey", "choices", "settings" };
	const char *shared = test_shared_dir();
	char *dir = NULL, *path = NULL, *cause = NULL, why[512];
	struct xlsx *x = NULL;
	struct csv *a = NULL, *b = NULL;
	struct dirent *de;
	DIR *d;
	size_t len, s;
	int i, nbooks = 0;

	if (shared == NULL) {
		SKIP("../shared is absent: example workbooks not checked");
		return;
	}
	if (asprintf(&dir, "%s/xlsform-examples", shared) == -1 ||
	    (d = opendir(dir)) == NULL) {
		SKIP("no xlsform-examples folder");
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 5, ".xlsx") != 0)
			continue;
		free(path);
		if (asprintf(&path, "%s/%s", dir, de->d_name) == -1)
			break;
		if (xlsx_open(path, NULL, &x, &cause) != 0) {
			CHECK(0, "%s opens: %s", de->d_name, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		nbooks++;
		for (s = 0; s < 3; s++) {
			if ((i = xlsx_sheet_find(x, sheets[s])) < 0)
				continue;
			free(path);
			if (asprintf(&path, "%s/%.*s.%s.csv", dir,
			    (int)(len - 5), de->d_name, sheets[s]) == -1)
				break;
			if (access(path, R_OK) != 0)
				continue;
			if (xlsx_read_sheet(x, (size_t)i, &a, &cause) != 0 ||
			    csv_read(path, NULL, &b, &cause) != 0) {
				CHECK(0, "%s %s reads: %s", de->d_name,
				    sheets[s], cause);
			} else {
				why[0] = '\0';
				CHECK(same_sheet(a, b, why, sizeof why),
				    "%s: sheet %s reads as its CSV export %s",
				    de->d_name, sheets[s], why);
			}
			free(cause);
			cause = NULL;
			csv_free(&a);
			csv_free(&b);
		}
		xlsx_free(&x);
	}
	closedir(d);
	CHECK(nbooks > 0, "example workbooks were found (%d)", nbooks);
	free(path);
	free(dir);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		SKIP("cannot make a temporary folder");
		return test_done();
	}
	test_cells();
	test_hostile();
	test_not_xlsx();
	test_examples();
	rmdir(tmpdir);
	return test_done();
}
