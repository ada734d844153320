/*
 * The expression engine against real forms: every relevant, constraint,
 * calculation, choice_filter and repeat_count cell of the survey sheets in
 * ../shared/xlsform-examples must parse (position(..) included, now that
 * repeats are supported; the refused list is for XPath we refuse on
 * purpose, and is empty), and must then evaluate without crashing with
 * every answer empty. Skips when ../shared is absent.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/expr.h"
#include "tests/unit/test.h"

#define MAX_FIELDS	128

/* Cells we expect to be refused, and the words the reason must contain. */
static const struct {
	const char	*src;
	int		 err;
	const char	*why;
} refused[] = {
	{ NULL, 0, NULL },
};

static const char *const columns[] = {
	"relevant", "constraint", "calculation", "choice_filter",
	"repeat_count", "bind:relevant", "bind:constraint", "bind:calculate",
};

/*
 * Read one RFC 4180 record from *p into fields (pointers into buf, which
 * is rewritten in place). Returns the number of fields, 0 at the end.
 */
static int
csv_record(char **p, char **fields)
{
	char *r = *p, *w = *p;
	int n = 0, quoted;

	if (*r == '\0')
		return 0;
	for (;;) {
		if (n == MAX_FIELDS)
			return -1;
		fields[n++] = w;
		quoted = *r == '"';
		if (quoted)
			r++;
		for (;;) {
			if (*r == '\0')
				break;
			if (quoted && *r == '"') {
				if (r[1] == '"') {
					*w++ = '"';
					r += 2;
					continue;
				}
				r++;
				quoted = 0;
				continue;
			}
			if (!quoted && (*r == ',' || *r == '\n' || *r == '\r'))
				break;
			*w++ = *r++;
		}
		if (*r == ',') {
			*w++ = '\0';
			r++;
			continue;
		}
		if (*r == '\r')
			r++;
		if (*r == '\n')
			r++;
		*w = '\0';
		break;
	}
	*p = r;
	return n;
}

static int
empty_lookup(void *ctx, const char *name, int is_ref, size_t i,
    struct expr_item *item, size_t *n)
{
	(void)ctx;
	(void)name;
	(void)i;
	if (!is_ref)
		return ERR_NOTFOUND;
	item->text = "";
	item->type = EXPR_STRING;
	*n = 1;
	return 0;
}

static void
check_cell(const char *file, int row, const char *col, const char *src,
    int *cells)
{
	struct expr_env env;
	struct expr_value v;
	struct expr *e = NULL;
	char *cause = NULL;
	size_t i;
	int r, c;

	memset(&env, 0, sizeof env);
	env.lookup = empty_lookup;
	(*cells)++;
	r = expr_parse(src, &e, &c, &cause);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (refused[i].src != NULL && strcmp(src, refused[i].src) == 0)
			break;
	if (i < sizeof refused / sizeof refused[0])
		CHECK(r == refused[i].err && cause != NULL &&
		    strstr(cause, refused[i].why) != NULL,
		    "%s row %d %s: \"%s\" is refused: %s", file, row, col, src,
		    cause ? cause : "(no cause)");
	else
		CHECK(r == 0, "%s row %d %s: \"%s\" parses%s%s", file, row, col,
		    src, cause ? ": " : "", cause ? cause : "");
	free(cause);
	cause = NULL;
	if (e == NULL)
		return;
	r = expr_eval(e, &env, &v, &cause);
	/* Bare names outside a choice list are unknown here; nothing else. */
	CHECK(r == 0 || r == ERR_NOTFOUND, "%s row %d: evaluates (%d)", file,
	    row, r);
	if (r == 0)
		expr_value_clear(&v);
	free(cause);
	expr_free(&e);
}

static void
check_file(const char *dir, const char *name, int *cells)
{
	char path[2048], *data = NULL, *p, *fields[MAX_FIELDS];
	char *hdr[MAX_FIELDS];
	int want[MAX_FIELDS], n, i, k, row;
	struct buf b = BUF_INIT;
	FILE *f;
	size_t got;
	char chunk[4096];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path) {
		CHECK(0, "path too long: %s", name);
		return;
	}
	if ((f = fopen(path, "r")) == NULL) {
		CHECK(0, "open %s", path);
		return;
	}
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	data = buf_detach(&b, NULL);
	p = data;
	if ((n = csv_record(&p, fields)) <= 0) {
		CHECK(0, "%s has a header", name);
		goto out;
	}
	/* Header names are matched trimmed and case-blind, like pyxform. */
	for (i = 0; i < n; i++) {
		want[i] = 0;
		while (*fields[i] == ' ')
			fields[i]++;
		hdr[i] = fields[i];
		for (k = 0; k < (int)(sizeof columns / sizeof columns[0]); k++)
			if (strncasecmp(fields[i], columns[k],
			    strlen(columns[k])) == 0 &&
			    strspn(fields[i] + strlen(columns[k]), " ") ==
			    strlen(fields[i] + strlen(columns[k])))
				want[i] = 1;
	}
	for (row = 2; (k = csv_record(&p, fields)) > 0; row++)
		for (i = 0; i < k && i < n; i++)
			if (want[i] && fields[i][strspn(fields[i], " ")] != '\0')
				check_cell(name, row, hdr[i], fields[i],
				    cells);
out:
	free(data);
}

int
main(void)
{
	const char *shared = test_shared_dir();
	char dir[1024];
	struct dirent *de;
	DIR *d;
	size_t len;
	int files = 0, cells = 0;

	if (shared == NULL) {
		SKIP("../shared is absent: no real forms to read");
		return test_done();
	}
	snprintf(dir, sizeof dir, "%s/xlsform-examples", shared);
	if ((d = opendir(dir)) == NULL) {
		SKIP("%s is absent", dir);
		return test_done();
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 11 && strcmp(de->d_name + len - 11, ".survey.csv") == 0) {
			check_file(dir, de->d_name, &cells);
			files++;
		}
	}
	closedir(d);
	CHECK(files >= 20, "read %d survey sheets", files);
	CHECK(cells >= 50, "checked %d expressions", cells);
	return test_done();
}
