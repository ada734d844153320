/*
 * RFC 4180 CSV reader; see csv.h.
 *
 * One pass over the bytes with a small state machine. The input is checked
 * as UTF-8 first, so every field handed out is valid UTF-8 without NULs.
 * A line break inside quotes is kept as "\n" (CRLF folds to LF) and does
 * not end the row. Strictness follows RFC 4180 where a mistake would shift
 * data between columns (text after a closing quote, an unterminated quote);
 * a stray quote inside an unquoted field is kept as text, as spreadsheets
 * do.
 */
#include "content/csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"

static char csv_empty_field[1];

char *
csv_empty(void)
{
	return csv_empty_field;
}

void
csv_field_free(char *field)
{
	if (field != csv_empty_field)
		free(field);
}

struct csv_state {
	struct csv	*t;
	struct buf	 field;
	char		**fields;
	size_t		 nfields;
	size_t		 cap;
	size_t		 ncells;
	struct csv_limits lim;
};

static void
csv_limits_fill(struct csv_limits *l, const struct csv_limits *in)
{
	memset(l, 0, sizeof *l);
	if (in != NULL)
		*l = *in;
	if (l->max_bytes == 0)
		l->max_bytes = CSV_MAX_BYTES;
	if (l->max_field == 0)
		l->max_field = CSV_MAX_FIELD;
	if (l->max_cols == 0)
		l->max_cols = CSV_MAX_COLS;
	if (l->max_rows == 0)
		l->max_rows = CSV_MAX_ROWS;
	if (l->max_cells == 0)
		l->max_cells = CSV_MAX_CELLS;
}

int
csv_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		unsigned char c = p[i];

		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			goto bad;
		if (len - i <= n)
			goto bad;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			goto bad;
		i += n + 1;
	}
	return 1;
bad:
	if (bad_at != NULL)
		*bad_at = i;
	return 0;
}

/* The line (1-based) that byte offset off is on. */
static unsigned
csv_line_at(const char *data, size_t off)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < off; i++) {
		if (data[i] == '\n')
			line++;
		else if (data[i] == '\r' && data[i + 1] != '\n')
			line++;
	}
	return line;
}

int
csv_add_row(struct csv *t, unsigned row, unsigned line, char **fields,
    size_t nfields)
{
	struct csv_row *r;
	size_t i, ncap;

	if (t->nrows == t->cap) {
		ncap = t->cap ? t->cap * 2 : 16;
		if ((r = reallocarray(t->rows, ncap, sizeof *r)) == NULL) {
			for (i = 0; i < nfields; i++)
				csv_field_free(fields[i]);
			free(fields);
			return ERR_NOMEM;
		}
		t->rows = r;
		t->cap = ncap;
	}
	r = &t->rows[t->nrows++];
	r->row = row;
	r->line = line;
	r->fields = fields;
	r->nfields = nfields;
	return 0;
}

/* End the field being read, within the bounds on columns and cells. */
static int
csv_push_field(struct csv_state *s, unsigned line, char **cause)
{
	char *f, **p;

	if (buf_failed(&s->field))
		return ERR_NOMEM;
	if (s->nfields >= s->lim.max_cols)
		return err_set(cause, ERR_LIMIT, "line %u: more than %zu "
		    "columns", line, s->lim.max_cols);
	if (++s->ncells > s->lim.max_cells)
		return err_set(cause, ERR_LIMIT, "line %u: more than %zu "
		    "fields in all", line, s->lim.max_cells);
	if (s->nfields == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 8;

		if ((p = reallocarray(s->fields, ncap, sizeof *p)) == NULL)
			return ERR_NOMEM;
		s->fields = p;
		s->cap = ncap;
	}
	if (s->field.len == 0)
		f = csv_empty_field;
	else if ((f = strndup(buf_str(&s->field), s->field.len)) == NULL)
		return ERR_NOMEM;
	s->fields[s->nfields++] = f;
	buf_truncate(&s->field, 0);
	return 0;
}

static int
csv_push_row(struct csv_state *s, unsigned line)
{
	int r;

	r = csv_add_row(s->t, (unsigned)s->t->nrows + 1, line, s->fields,
	    s->nfields);
	s->fields = NULL;
	s->nfields = s->cap = 0;
	return r;
}

int
csv_parse(const char *data, size_t len, const struct csv_limits *lim,
    struct csv **out, char **cause)
{
	struct csv_state s;
	size_t i = 0, bad, k;
	unsigned line = 1, row_line = 1, quote_line;
	int r = 0;

	*out = NULL;
	memset(&s, 0, sizeof s);
	buf_init(&s.field);
	csv_limits_fill(&s.lim, lim);
	if ((s.t = calloc(1, sizeof *s.t)) == NULL)
		return ERR_NOMEM;
	if (len > s.lim.max_bytes) {
		r = err_set(cause, ERR_LIMIT, "larger than %zu bytes",
		    s.lim.max_bytes);
		goto out;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	if (!csv_utf8_valid(data + i, len - i, &bad)) {
		r = err_set(cause, ERR_PARSE, "line %u: %s",
		    csv_line_at(data, i + bad), data[i + bad] == '\0' ?
		    "a NUL byte" : "text that is not UTF-8");
		goto out;
	}
	while (i < len) {
		/* One field starts at i. */
		if (data[i] == '"') {
			quote_line = line;
			for (i++;; i++) {
				if (i >= len) {
					r = err_set(cause, ERR_PARSE,
					    "line %u: a quoted field starts "
					    "here and has no closing quote (the "
					    "file ends on line %u)", quote_line,
					    line);
					goto out;
				}
				if (data[i] == '"') {
					if (i + 1 < len && data[i + 1] == '"') {
						buf_addch(&s.field, '"');
						i++;
						continue;
					}
					i++;
					break;
				}
				if (data[i] == '\r') {
					line++;
					if (i + 1 < len && data[i + 1] == '\n')
						i++;
					buf_addch(&s.field, '\n');
				} else {
					if (data[i] == '\n')
						line++;
					buf_addch(&s.field, data[i]);
				}
				if (s.field.len > s.lim.max_field)
					goto toobig;
			}
			if (i < len && data[i] != ',' && data[i] != '\r' &&
			    data[i] != '\n') {
				r = err_set(cause, ERR_PARSE, "line %u: text "
				    "after the closing quote of a field (a "
				    "quote inside a quoted field must be "
				    "doubled)", line);
				goto out;
			}
		} else {
			for (k = i; k < len && data[k] != ',' &&
			    data[k] != '\r' && data[k] != '\n'; k++)
				;
			if (k - i > s.lim.max_field)
				goto toobig;
			buf_add(&s.field, data + i, k - i);
			i = k;
		}
		if ((r = csv_push_field(&s, line, cause)) != 0)
			goto out;
		if (i < len && data[i] == ',') {
			i++;
			if (i < len)
				continue;
			/* "a," at the very end: the last field is empty. */
			if ((r = csv_push_field(&s, line, cause)) != 0)
				goto out;
		} else if (i < len) {
			/* A line break ends the row. */
			if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
				i++;
			i++;
			line++;
		}
		if (s.t->nrows >= s.lim.max_rows) {
			r = err_set(cause, ERR_LIMIT, "line %u: more than %zu "
			    "rows", row_line, s.lim.max_rows);
			goto out;
		}
		if ((r = csv_push_row(&s, row_line)) != 0)
			goto out;
		row_line = line;
	}
	*out = s.t;
	s.t = NULL;
	goto out;
toobig:
	r = err_set(cause, ERR_LIMIT, "line %u: a field longer than %zu bytes",
	    line, s.lim.max_field);
out:
	for (k = 0; k < s.nfields; k++)
		csv_field_free(s.fields[k]);
	free(s.fields);
	buf_free(&s.field);
	csv_free(&s.t);
	return r;
}

int
csv_read(const char *path, const struct csv_limits *lim, struct csv **out,
    char **cause)
{
	struct csv_limits l;
	char *data = NULL, *why = NULL;
	size_t len;
	int r;

	*out = NULL;
	csv_limits_fill(&l, lim);
	if ((r = file_read(path, l.max_bytes, &data, &len, cause)) != 0)
		goto out;
	if ((r = csv_parse(data, len, &l, out, &why)) != 0)
		err_set(cause, r, "%s: %s", path, why != NULL ? why :
		    err_str(r));
out:
	free(why);
	free(data);
	return r;
}

void
csv_free(struct csv **tp)
{
	struct csv *t;
	size_t i, k;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (k = 0; k < t->rows[i].nfields; k++)
			csv_field_free(t->rows[i].fields[k]);
		free(t->rows[i].fields);
	}
	free(t->rows);
	free(t);
	*tp = NULL;
}

const char *
csv_field(const struct csv_row *r, size_t i)
{
	if (r == NULL || i >= r->nfields || r->fields[i] == NULL)
		return "";
	return r->fields[i];
}

int
csv_row_blank(const struct csv_row *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i] != NULL && r->fields[i][0] != '\0')
			return 0;
	return 1;
}

int
csv_sep_guess(const char *path)
{
	char head[4096];
	size_t n, i, commas = 0, semis = 0, tabs = 0;
	int quoted = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return ',';
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	for (i = 0; i < n && (quoted || (head[i] != '\n' && head[i] != '\r'));
	    i++) {
		if (head[i] == '"')
			quoted = !quoted;
		else if (!quoted && head[i] == ',')
			commas++;
		else if (!quoted && head[i] == ';')
			semis++;
		else if (!quoted && head[i] == '\t')
			tabs++;
	}
	if (commas > 0)
		return ',';
	return semis > 0 ? ';' : tabs > 0 ? '\t' : ',';
}
