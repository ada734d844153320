/*
 * The service directory: loading services.csv strictly; see directory.h for
 * the format and what is refused. Finding services and showing one are in
 * directory-find.c.
 *
 * Every refusal names the record (the spreadsheet row), not the text line:
 * a description with a quoted line break must not shift the row a council
 * officer looks for. csv_parse() names lines for the errors it finds, so
 * those are turned into rows here with a scan that knows about quotes.
 */
#include "content/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/buf.h"
#include "content/csv.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/utf8.h"

/* One column: its name, whether it may hold line breaks, its bound. */
static const struct {
	const char	*name;
	int		 multiline;
	size_t		 max_chars;
} directory_cols[DIRECTORY_NFIELDS] = {
	[DIRECTORY_ID] =		{ "id", 0, 64 },
	[DIRECTORY_NAME] =		{ "name", 0, 200 },
	[DIRECTORY_DESCRIPTION] =	{ "description", 1, 2000 },
	[DIRECTORY_CATEGORIES] =	{ "categories", 0, 500 },
	[DIRECTORY_NEIGHBOURHOOD] =	{ "neighbourhood", 0, 500 },
	[DIRECTORY_ADDRESS] =		{ "address", 1, 500 },
	[DIRECTORY_POSTCODE] =		{ "postcode", 0, 500 },
	[DIRECTORY_PHONE] =		{ "phone", 0, 500 },
	[DIRECTORY_EMAIL] =		{ "email", 0, 500 },
	[DIRECTORY_WEBSITE] =		{ "website", 0, 500 },
	[DIRECTORY_OPENING_TIMES] =	{ "opening_times", 1, 500 },
	[DIRECTORY_LANGUAGES] =		{ "languages", 0, 500 },
	[DIRECTORY_ACCESSIBILITY] =	{ "accessibility", 1, 500 },
};

/* A bound on one CSV field before the per-column checks. */
#define DIRECTORY_CSV_FIELD	((size_t)64 << 10)

const char *
directory_field_name(enum directory_field f)
{
	return (unsigned)f < DIRECTORY_NFIELDS ? directory_cols[f].name : "";
}

static void
directory_strings_free(char ***list, size_t n)
{
	size_t i;

	if (*list == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
}

static void
directory_service_clear(struct directory_service *s)
{
	size_t i;

	for (i = 0; i < DIRECTORY_NFIELDS; i++)
		free(s->field[i]);
	directory_strings_free(&s->categories, s->ncategories);
	directory_strings_free(&s->folded_categories, s->ncategories);
	free(s->folded);
	free(s->folded_neighbourhood);
	memset(s, 0, sizeof *s);
}

void
directory_free(struct directory **dp)
{
	struct directory *d;
	size_t i;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	for (i = 0; i < d->n; i++)
		directory_service_clear(&d->services[i]);
	free(d->services);
	directory_strings_free(&d->categories, d->ncategories);
	directory_strings_free(&d->neighbourhoods, d->nneighbourhoods);
	free(d->path);
	free(d);
	*dp = NULL;
}

/*
 * The record (row) that byte offset off of a CSV text falls in: line
 * breaks count only outside quoted fields, as csv_parse() counts them.
 */
static unsigned
directory_row_at(const char *data, size_t len, size_t off)
{
	unsigned row = 1;
	size_t i;
	int quoted = 0, start = 1;

	for (i = 0; i < off && i < len; i++) {
		char c = data[i];

		if (quoted) {
			if (c == '"' && i + 1 < len && data[i + 1] == '"')
				i++;
			else if (c == '"')
				quoted = 0;
			continue;
		}
		if (c == '"' && start) {
			quoted = 1;
			start = 0;
		} else if (c == ',')
			start = 1;
		else if (c == '\n' || (c == '\r' && (i + 1 >= len ||
		    data[i + 1] != '\n'))) {
			row++;
			start = 1;
		} else if (c != '\r')
			start = 0;
	}
	return row;
}

/* The byte offset where text line `line` (1-based) starts. */
static size_t
directory_line_start(const char *data, size_t len, unsigned long line)
{
	size_t i;

	for (i = 0; i < len && line > 1; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len ||
		    data[i + 1] != '\n')))
			line--;
	return i;
}

/* Turn csv_parse()'s "line N: what" into "name:ROW: what". */
static int
directory_csv_error(const char *name, const char *data, size_t len, int r,
    const char *why, char **cause)
{
	unsigned long line = 0;
	char *end = NULL;

	if (why != NULL && strncmp(why, "line ", 5) == 0)
		line = strtoul(why + 5, &end, 10);
	if (line > 0 && end != NULL && end[0] == ':' && end[1] == ' ')
		return err_set(cause, r, "%s:%u: %s", name, directory_row_at(
		    data, len, directory_line_start(data, len, line)),
		    end + 2);
	return err_set(cause, r, "%s: %s", name, why != NULL ? why :
	    err_str(r));
}

static int
directory_id_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-'))
			return 0;
	return 1;
}

/* One address: something@something, no spaces, one '@'. */
static int
directory_email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at != NULL && at > s && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL && strpbrk(s, " \n") == NULL;
}

/* A sanitised copy of s without the spaces around it (Caller frees). */
static char *
directory_clean(const char *s, int multiline)
{
	char *c, *start, *end;

	if ((c = utf8_sanitize(s, strlen(s), multiline)) == NULL)
		return NULL;
	for (start = c; *start == ' ' || *start == '\n'; start++)
		;
	end = start + strlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\n'))
		end--;
	*end = '\0';
	memmove(c, start, (size_t)(end - start) + 1);
	return c;
}

/*
 * Add s to a list of distinct values (compared folded); *folded gets the
 * folded form when one is kept. Returns 1 when added, 0 when already
 * there, ERR_NOMEM.
 */
static int
directory_list_add(char ***list, char ***flist, size_t *n, const char *s)
{
	char *f, **l, **fl;
	size_t i;

	if ((f = utf8_fold(s)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < *n; i++)
		if (strcmp((*flist)[i], f) == 0) {
			free(f);
			return 0;
		}
	if ((l = realloc(*list, (*n + 1) * sizeof *l)) == NULL) {
		free(f);
		return ERR_NOMEM;
	}
	*list = l;
	if ((fl = realloc(*flist, (*n + 1) * sizeof *fl)) == NULL) {
		free(f);
		return ERR_NOMEM;
	}
	*flist = fl;
	if ((l[*n] = strdup(s)) == NULL) {
		free(f);
		return ERR_NOMEM;
	}
	fl[*n] = f;
	(*n)++;
	return 1;
}

/* Split the categories field on ';' into s->categories. */
static int
directory_split_categories(struct directory_service *s, const char *name,
    char **cause)
{
	const char *p = s->field[DIRECTORY_CATEGORIES];
	size_t n;
	char *one;
	int r = ERR_OK;

	while (*p != '\0' && r >= 0) {
		p += strspn(p, " ");
		n = strcspn(p, ";");
		if ((one = strndup(p, n)) == NULL)
			return ERR_NOMEM;
		p += n;
		if (*p == ';')
			p++;
		while (*one != '\0' && one[strlen(one) - 1] == ' ')
			one[strlen(one) - 1] = '\0';
		if (*one != '\0' && s->ncategories >= DIRECTORY_MAX_CATEGORIES)
			r = err_set(cause, ERR_LIMIT, "%s:%u: more than %d "
			    "categories", name, s->row,
			    DIRECTORY_MAX_CATEGORIES);
		else if (*one != '\0')
			r = directory_list_add(&s->categories,
			    &s->folded_categories, &s->ncategories, one);
		free(one);
	}
	return r < 0 ? r : ERR_OK;
}

/* Fill s from one row; mapping[i] is the field of CSV column i. */
static int
directory_row(const char *name, const struct csv_row *row,
    const int *mapping, size_t ncols, struct directory_service *s,
    char **cause)
{
	struct buf text = BUF_INIT;
	size_t i, k;
	int f, r = ERR_OK;

	s->row = row->row;
	if (row->nfields != ncols)
		return err_set(cause, ERR_PARSE, "%s:%u: %zu field%s, but the "
		    "header has %zu (is a comma missing, or a field with a "
		    "comma not in quotes?)", name, row->row, row->nfields,
		    row->nfields == 1 ? "" : "s", ncols);
	for (i = 0; i < ncols; i++) {
		f = mapping[i];
		if ((s->field[f] = directory_clean(csv_field(row, i),
		    directory_cols[f].multiline)) == NULL)
			return ERR_NOMEM;
		if (utf8_count(s->field[f], strlen(s->field[f])) >
		    directory_cols[f].max_chars)
			return err_set(cause, ERR_LIMIT, "%s:%u: '%s' is longer "
			    "than %zu characters", name, row->row,
			    directory_cols[f].name, directory_cols[f].max_chars);
		if (!directory_cols[f].multiline &&
		    strpbrk(csv_field(row, i), "\r\n") != NULL)
			return err_set(cause, ERR_PARSE, "%s:%u: '%s' has a line "
			    "break (only description, address, opening_times "
			    "and accessibility may)", name, row->row,
			    directory_cols[f].name);
	}
	for (i = 0; i < DIRECTORY_NFIELDS; i++)
		if (s->field[i] == NULL && (s->field[i] = strdup("")) == NULL)
			return ERR_NOMEM;
	if (s->field[DIRECTORY_ID][0] == '\0')
		return err_set(cause, ERR_INVALID, "%s:%u: the id is empty",
		    name, row->row);
	if (!directory_id_ok(s->field[DIRECTORY_ID]))
		return err_set(cause, ERR_INVALID, "%s:%u: the id '%s' may use "
		    "only a-z, A-Z, 0-9, '.', '_' and '-'", name, row->row,
		    s->field[DIRECTORY_ID]);
	if (s->field[DIRECTORY_NAME][0] == '\0')
		return err_set(cause, ERR_INVALID, "%s:%u: the name is empty",
		    name, row->row);
	if (s->field[DIRECTORY_EMAIL][0] != '\0' &&
	    !directory_email_ok(s->field[DIRECTORY_EMAIL]))
		return err_set(cause, ERR_INVALID, "%s:%u: the email '%s' is not "
		    "one email address", name, row->row,
		    s->field[DIRECTORY_EMAIL]);
	if ((r = directory_split_categories(s, name, cause)) != ERR_OK)
		return r;
	/* What a search looks at, folded once. */
	buf_addstr(&text, s->field[DIRECTORY_NAME]);
	buf_addch(&text, '\n');
	buf_addstr(&text, s->field[DIRECTORY_DESCRIPTION]);
	for (k = 0; k < s->ncategories; k++) {
		buf_addch(&text, '\n');
		buf_addstr(&text, s->categories[k]);
	}
	buf_addch(&text, '\n');
	buf_addstr(&text, s->field[DIRECTORY_NEIGHBOURHOOD]);
	if (buf_failed(&text) ||
	    (s->folded = utf8_fold(buf_str(&text))) == NULL ||
	    (s->folded_neighbourhood = utf8_fold(
	    s->field[DIRECTORY_NEIGHBOURHOOD])) == NULL)
		r = ERR_NOMEM;
	buf_free(&text);
	return r;
}

/* Read the header row into mapping[] (a field per column). */
static int
directory_header(const char *name, const struct csv_row *h, int *mapping,
    char **cause)
{
	int seen[DIRECTORY_NFIELDS];
	size_t i;
	int f;

	memset(seen, 0, sizeof seen);
	if (h->nfields > DIRECTORY_NFIELDS)
		return err_set(cause, ERR_INVALID, "%s:1: %zu columns; a "
		    "directory has at most %d", name, h->nfields,
		    DIRECTORY_NFIELDS);
	for (i = 0; i < h->nfields; i++) {
		const char *col = csv_field(h, i);

		for (f = 0; f < DIRECTORY_NFIELDS; f++)
			if (strcmp(col, directory_cols[f].name) == 0)
				break;
		if (f == DIRECTORY_NFIELDS) {
			char *clean = utf8_sanitize(col, strlen(col), 0);
			int r;

			r = err_set(cause, ERR_INVALID, "%s:1: unknown column "
			    "'%s' (the columns are id, name, description, "
			    "categories, neighbourhood, address, postcode, "
			    "phone, email, website, opening_times, languages "
			    "and accessibility)", name, clean != NULL ? clean :
			    "?");
			free(clean);
			return r;
		}
		if (seen[f])
			return err_set(cause, ERR_INVALID, "%s:1: the column "
			    "'%s' appears twice", name, col);
		seen[f] = 1;
		mapping[i] = f;
	}
	if (!seen[DIRECTORY_ID] || !seen[DIRECTORY_NAME])
		return err_set(cause, ERR_INVALID, "%s:1: no '%s' column (every "
		    "directory needs id and name)", name,
		    !seen[DIRECTORY_ID] ? "id" : "name");
	return ERR_OK;
}

static int
directory_id_cmp(const void *a, const void *b)
{
	const struct directory_service *x = *(const struct directory_service
	    *const *)a, *y = *(const struct directory_service *const *)b;
	int c = strcmp(x->field[DIRECTORY_ID], y->field[DIRECTORY_ID]);

	return c != 0 ? c : (x->row > y->row) - (x->row < y->row);
}

/*
 * Refuse a repeated id at the first row that repeats one. Sorting keeps
 * this O(n log n), so a directory at its size limit still loads quickly.
 */
static int
directory_unique(const struct directory *d, const char *name, char **cause)
{
	const struct directory_service **by_id, *first = NULL, *again = NULL;
	size_t i, start = 0;
	int r = ERR_OK;

	if (d->n < 2)
		return ERR_OK;
	if ((by_id = calloc(d->n, sizeof *by_id)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < d->n; i++)
		by_id[i] = &d->services[i];
	qsort(by_id, d->n, sizeof *by_id, directory_id_cmp);
	for (i = 1; i < d->n; i++) {
		if (strcmp(by_id[i]->field[DIRECTORY_ID],
		    by_id[start]->field[DIRECTORY_ID]) != 0) {
			start = i;
			continue;
		}
		if (again == NULL || by_id[i]->row < again->row) {
			again = by_id[i];
			first = by_id[start];
		}
	}
	if (again != NULL)
		r = err_set(cause, ERR_INVALID, "%s:%u: the id '%s' is already "
		    "used on row %u", name, again->row,
		    again->field[DIRECTORY_ID], first->row);
	free(by_id);
	return r;
}

static int
directory_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	char *fx = utf8_fold(x), *fy = utf8_fold(y);
	int c;

	/* Folding cannot fail for lack of memory in a way worth sorting on. */
	c = fx != NULL && fy != NULL ? strcmp(fx, fy) : 0;
	free(fx);
	free(fy);
	return c != 0 ? c : strcmp(x, y);
}

/* The distinct categories and neighbourhoods of every service, sorted. */
static int
directory_lists(struct directory *d)
{
	char **fc = NULL, **fn = NULL;
	size_t i, k, nc = 0, nn = 0;
	int r = ERR_OK;

	for (i = 0; i < d->n && r >= 0; i++) {
		const struct directory_service *s = &d->services[i];

		for (k = 0; k < s->ncategories && r >= 0; k++)
			r = directory_list_add(&d->categories, &fc, &nc,
			    s->categories[k]);
		d->ncategories = nc;
		if (r >= 0 && s->field[DIRECTORY_NEIGHBOURHOOD][0] != '\0')
			r = directory_list_add(&d->neighbourhoods, &fn, &nn,
			    s->field[DIRECTORY_NEIGHBOURHOOD]);
		d->nneighbourhoods = nn;
	}
	directory_strings_free(&fc, nc);
	directory_strings_free(&fn, nn);
	if (r < 0)
		return r;
	if (d->ncategories > 1)
		qsort(d->categories, d->ncategories, sizeof *d->categories,
		    directory_cmp);
	if (d->nneighbourhoods > 1)
		qsort(d->neighbourhoods, d->nneighbourhoods,
		    sizeof *d->neighbourhoods, directory_cmp);
	return ERR_OK;
}

int
directory_parse(const char *name, const char *data, size_t len,
    struct directory **out, char **cause)
{
	struct csv_limits lim;
	struct directory *d = NULL;
	struct csv *t = NULL;
	char *why = NULL;
	int mapping[DIRECTORY_NFIELDS];
	size_t i, bad, skip = 0;
	int r;

	*out = NULL;
	if (len > DIRECTORY_MAX_BYTES) {
		r = err_set(cause, ERR_LIMIT, "%s: larger than %zu bytes", name,
		    DIRECTORY_MAX_BYTES);
		goto out;
	}
	/* Checked here so that the error can name the row. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	if (!csv_utf8_valid(data + skip, len - skip, &bad)) {
		r = err_set(cause, ERR_PARSE, "%s:%u: %s", name,
		    directory_row_at(data, len, skip + bad),
		    data[skip + bad] == '\0' ? "a NUL byte" :
		    "text that is not UTF-8 (save the file as CSV UTF-8)");
		goto out;
	}
	memset(&lim, 0, sizeof lim);
	lim.max_bytes = DIRECTORY_MAX_BYTES;
	lim.max_field = DIRECTORY_CSV_FIELD;
	lim.max_cols = 64;
	lim.max_rows = 2 * DIRECTORY_MAX_SERVICES;
	if ((r = csv_parse(data, len, &lim, &t, &why)) != ERR_OK) {
		if (r != ERR_NOMEM)
			directory_csv_error(name, data, len, r, why, cause);
		goto out;
	}
	if (t->nrows == 0 || csv_row_blank(&t->rows[0])) {
		r = err_set(cause, ERR_INVALID, "%s:1: the first row must name "
		    "the columns (id, name, ...)", name);
		goto out;
	}
	if ((r = directory_header(name, &t->rows[0], mapping, cause)) !=
	    ERR_OK)
		goto out;
	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (d->path = strdup(name)) == NULL ||
	    (d->services = calloc(t->nrows, sizeof *d->services)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 1; i < t->nrows; i++) {
		if (csv_row_blank(&t->rows[i]))
			continue;
		if (d->n >= DIRECTORY_MAX_SERVICES) {
			r = err_set(cause, ERR_LIMIT, "%s:%u: more than %d "
			    "services", name, t->rows[i].row,
			    DIRECTORY_MAX_SERVICES);
			goto out;
		}
		r = directory_row(name, &t->rows[i], mapping,
		    t->rows[0].nfields, &d->services[d->n], cause);
		if (r != ERR_OK) {
			directory_service_clear(&d->services[d->n]);
			goto out;
		}
		d->n++;
	}
	if ((r = directory_unique(d, name, cause)) != ERR_OK ||
	    (r = directory_lists(d)) != ERR_OK)
		goto out;
	*out = d;
	d = NULL;
out:
	free(why);
	csv_free(&t);
	directory_free(&d);
	return r;
}

int
directory_load(const char *path, struct directory **out, char **cause)
{
	char *data = NULL;
	size_t len;
	int r;

	*out = NULL;
	if ((r = file_read(path, DIRECTORY_MAX_BYTES, &data, &len, cause)) ==
	    ERR_OK)
		r = directory_parse(path, data, len, out, cause);
	free(data);
	return r;
}

char *
directory_pack_path(const char *pack_dir)
{
	struct stat st;
	char *path;

	if ((path = file_join(pack_dir, "directory/services.csv")) == NULL)
		return NULL;
	if (stat(path, &st) != 0) {
		free(path);
		return NULL;
	}
	return path;
}
