/*
 * Unit tests for content/csv.c: RFC 4180 parsing, row and line numbers,
 * byte-order marks, line ends, bounds and malformed input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/csv.h"
#include "content/err.h"
#include "tests/unit/test.h"

int main(void);

static struct csv *
parse(const char *s, char **cause)
{
	struct csv *t = NULL;

	*cause = NULL;
	if (csv_parse(s, strlen(s), NULL, &t, cause) != 0)
		return NULL;
	return t;
}

static void
test_simple(void)
{
	struct csv *t;
	char *cause;

	t = parse("type,name,label\ntext,q1,Hello\n", &cause);
	CHECK(t != NULL, "simple table parses");
	if (t == NULL)
		return;
	CHECK_INT(t->nrows, 2, "two rows");
	CHECK_INT(t->rows[0].nfields, 3, "three header fields");
	CHECK_STR(csv_field(&t->rows[1], 2), "Hello", "field 2 of row 2");
	CHECK_STR(csv_field(&t->rows[1], 7), "", "a missing field reads empty");
	CHECK_INT(t->rows[1].row, 2, "second row is row 2");
	csv_free(&t);
	CHECK(t == NULL, "csv_free clears the pointer");
	csv_free(&t);
	csv_free(NULL);
}

static void
test_bom_crlf(void)
{
	struct csv *t;
	char *cause;

	t = parse("\xef\xbb\xbftype,name\r\ntext,a\r\n", &cause);
	CHECK(t != NULL, "BOM and CRLF parse");
	if (t == NULL)
		return;
	CHECK_STR(csv_field(&t->rows[0], 0), "type", "BOM is not part of the first field");
	CHECK_STR(csv_field(&t->rows[1], 1), "a", "CR is not part of the last field");
	CHECK_INT(t->nrows, 2, "CRLF ends rows");
	csv_free(&t);

	t = parse("a,b", &cause);
	CHECK(t != NULL && t->nrows == 1 && strcmp(csv_field(&t->rows[0], 1),
	    "b") == 0, "no final line break");
	csv_free(&t);

	t = parse("a,\n", &cause);
	CHECK(t != NULL && t->rows[0].nfields == 2, "trailing comma gives an empty last field");
	csv_free(&t);
	t = parse("a,", &cause);
	CHECK(t != NULL && t->rows[0].nfields == 2, "trailing comma at end of input");
	csv_free(&t);

	t = parse("", &cause);
	CHECK(t != NULL && t->nrows == 0, "empty input has no rows");
	csv_free(&t);
}

static void
test_quotes(void)
{
	struct csv *t;
	char *cause;

	t = parse("h1,h2\n\"a, b\",\"say \"\"hi\"\"\"\n"
	    "\"two\nlines\",x\n\"crlf\r\ninside\",\"\"\nlast,row\n", &cause);
	CHECK(t != NULL, "quoted fields parse");
	if (t == NULL)
		return;
	CHECK_INT(t->nrows, 5, "a quoted newline does not start a row");
	CHECK_STR(csv_field(&t->rows[1], 0), "a, b", "comma inside quotes");
	CHECK_STR(csv_field(&t->rows[1], 1), "say \"hi\"", "doubled quotes");
	CHECK_STR(csv_field(&t->rows[2], 0), "two\nlines", "newline inside quotes");
	CHECK_STR(csv_field(&t->rows[3], 0), "crlf\ninside", "CRLF inside quotes reads as LF");
	CHECK_STR(csv_field(&t->rows[3], 1), "", "empty quoted field");
	CHECK_INT(t->rows[4].row, 5, "row number counts records");
	CHECK_INT(t->rows[4].line, 7, "line number counts lines");
	CHECK_INT(t->rows[3].line, 5, "a row keeps the line it starts on");
	csv_free(&t);

	t = parse("a\"b,c\n", &cause);
	CHECK(t != NULL && strcmp(csv_field(&t->rows[0], 0), "a\"b") == 0,
	    "a stray quote inside an unquoted field is text");
	csv_free(&t);

	t = parse(",,\n", &cause);
	CHECK(t != NULL && t->rows[0].nfields == 3 &&
	    t->rows[0].fields[0] == csv_empty() &&
	    t->rows[0].fields[2] == csv_empty(),
	    "empty fields share one empty string");
	csv_free(&t);

	t = parse("\n\nx\n", &cause);
	CHECK(t != NULL && t->nrows == 3 && csv_row_blank(&t->rows[0]) &&
	    t->rows[2].row == 3, "blank lines are blank rows and keep numbering");
	csv_free(&t);
}

static void
test_malformed(void)
{
	struct csv *t;
	char *cause;
	struct csv_limits lim;
	int r;

	t = parse("a,b\nc,\"open\nmore\nstill open\n", &cause);
	CHECK(t == NULL, "unterminated quote is refused");
	CHECK(cause != NULL && strncmp(cause, "line 2:", 7) == 0,
	    "the error names the line the quote opens on: %s", cause ? cause : "");
	CHECK(cause != NULL && strstr(cause, "line 5") != NULL,
	    "the error names the line where input ended: %s", cause ? cause : "");
	free(cause);

	t = parse("a,b\n\"x\"y,z\n", &cause);
	CHECK(t == NULL && cause != NULL && strncmp(cause, "line 2:", 7) == 0,
	    "text after a closing quote is refused with its line");
	free(cause);

	t = parse("a,b\nc,\xff\n", &cause);
	CHECK(t == NULL && cause != NULL && strstr(cause, "line 2") != NULL &&
	    strstr(cause, "UTF-8") != NULL, "invalid UTF-8 is refused with its line");
	free(cause);

	t = parse("a,\xc0\xaf\n", &cause);
	CHECK(t == NULL, "overlong UTF-8 is refused");
	free(cause);

	t = NULL;
	cause = NULL;
	r = csv_parse("a,b\0c\n", 6, NULL, &t, &cause);
	CHECK(r == ERR_PARSE && t == NULL, "a NUL byte is refused");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_cols = 3;
	cause = NULL;
	r = csv_parse("a,b,c\nd,e,f,g\n", 14, &lim, &t, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "line 2") != NULL,
	    "too many columns is refused with its line");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_rows = 2;
	cause = NULL;
	r = csv_parse("a\nb\nc\n", 6, &lim, &t, &cause);
	CHECK(r == ERR_LIMIT, "too many rows is refused");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_cells = 5;
	cause = NULL;
	r = csv_parse("a,b,c\n,,,\n", 10, &lim, &t, &cause);
	CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "fields"),
	    "too many fields in all is refused, empty ones too");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_field = 4;
	cause = NULL;
	r = csv_parse("abcd,\"abcde\"\n", 13, &lim, &t, &cause);
	CHECK(r == ERR_LIMIT, "a quoted field over the bound is refused");
	free(cause);
	cause = NULL;
	r = csv_parse("abcdef\n", 7, &lim, &t, &cause);
	CHECK(r == ERR_LIMIT, "an unquoted field over the bound is refused");
	free(cause);

	memset(&lim, 0, sizeof lim);
	lim.max_bytes = 5;
	cause = NULL;
	r = csv_parse("abcdef\n", 7, &lim, &t, &cause);
	CHECK(r == ERR_LIMIT, "input over the size bound is refused");
	free(cause);
}

static void
test_read(void)
{
	char path[] = "/tmp/test-csv-XXXXXX";
	struct csv *t = NULL;
	char *cause = NULL;
	FILE *f;
	int fd, r;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		SKIP("cannot make a temporary file");
		return;
	}
	fputs("x,y\n1,2\n", f);
	fclose(f);
	r = csv_read(path, NULL, &t, &cause);
	CHECK(r == 0 && t != NULL && t->nrows == 2, "csv_read reads a file");
	csv_free(&t);
	unlink(path);
	r = csv_read(path, NULL, &t, &cause);
	CHECK(r == ERR_NOTFOUND && cause != NULL && strstr(cause, path) != NULL,
	    "a missing file is ERR_NOTFOUND naming the path");
	free(cause);
}

int
main(void)
{
	test_simple();
	test_bom_crlf();
	test_quotes();
	test_malformed();
	test_read();
	return test_done();
}
