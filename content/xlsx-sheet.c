/*
 * Reading one worksheet's cells into a table; see xlsx.h.
 *
 * Cells are placed by their reference ("C12" is column 3 of row 12), so a
 * sparse row keeps its columns and a skipped row keeps the numbering of
 * the rows after it. A row that holds no value is not stored. Values are
 * rendered as pyxform renders them (openpyxl's reading of numbers, dates
 * and booleans), so an .xlsx form and the same form saved as CSV sheets
 * load the same way.
 */
#include "content/xlsx-int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/mathload.h"

#define XLSX_MAX_ROW	1048576u	/* Excel's last row */

struct xlsx_cells {
	struct csv	 *t;
	int		  in_data;
	int		  in_row;
	int		  in_cell;
	int		  in_is;
	int		  in_rph;
	unsigned	  row;		/* current row number */
	unsigned	  prev_row;
	size_t		  col;		/* current cell's column, 1-based */
	size_t		  prev_col;
	char		  type[16];	/* the cell's t attribute */
	unsigned long	  style;	/* the cell's s attribute */
	char		**fields;
	size_t		  nfields;
	size_t		  cap;
	size_t		  ncells;	/* stored slots in the sheet */
};

/* Parse "AB12" into a 1-based column; 0 when it is not a cell reference. */
static size_t
xlsx_ref_col(const char *ref)
{
	size_t col = 0, n = 0;

	while (isupper((unsigned char)*ref) && n < 3) {
		col = col * 26 + (size_t)(*ref - 'A' + 1);
		ref++;
		n++;
	}
	if (n == 0 || !isdigit((unsigned char)*ref))
		return 0;
	return col;
}

static int
xlsx_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long
xlsx_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void
xlsx_civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

/*
 * Render a date serial the way openpyxl and Python do: milliseconds
 * rounded half to even, a time of day alone for 0 <= v < 1, Excel's
 * phantom 1900-02-29 skipped. -1 when out of range.
 */
int
xlsx_format_date(double v, int date1904, char *out, size_t size)
{
	long long days, ms, y;
	unsigned m, d, us;
	double day;

	if (!(v >= 0) || v >= 2958466.0)
		return -1;
	day = floor(v);
	ms = llrint((v - day) * 86400.0 * 1000.0);
	days = (long long)day;
	if (v < 1 && ms < 86400000) {
		us = (unsigned)(ms % 1000) * 1000;
		ms /= 1000;
		snprintf(out, size, us ? "%02lld:%02lld:%02lld.%06u" :
		    "%02lld:%02lld:%02lld", ms / 3600, ms / 60 % 60, ms % 60, us);
		return 0;
	}
	if (!date1904 && v > 0 && v < 60)
		days++;
	days += date1904 ? xlsx_days_from_civil(1904, 1, 1) :
	    xlsx_days_from_civil(1899, 12, 30);
	days += ms / 86400000;
	ms %= 86400000;
	xlsx_civil_from_days(days, &y, &m, &d);
	us = (unsigned)(ms % 1000) * 1000;
	ms /= 1000;
	snprintf(out, size, "%04lld-%02u-%02u %02lld:%02lld:%02lld", y, m, d,
	    ms / 3600, ms / 60 % 60, ms % 60);
	if (us != 0) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, ".%06u", us);
	}
	return 0;
}

/*
 * Render a number as pyxform shows it: integral values as integer digits,
 * others as the shortest decimal that reads back to the same double.
 * Text that is not a number is copied.
 */
void
xlsx_format_number(const char *text, char *out, size_t size)
{
	const char *p = text;
	char *end;
	double v;
	int prec;

	if (*p == '-')
		p++;
	if (*p != '\0' && strspn(p, "0123456789") == strlen(p)) {
		while (*p == '0' && p[1] != '\0')
			p++;
		snprintf(out, size, "%s%s", text[0] == '-' &&
		    strcmp(p, "0") != 0 ? "-" : "", p);
		return;
	}
	v = strtod(text, &end);
	if (end == text || *end != '\0' || !isfinite(v) || size < 32) {
		snprintf(out, size, "%s", text);
		return;
	}
	if (v == trunc(v)) {
		snprintf(out, size, "%.0f", v == 0 ? 0.0 : v);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, size, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
}

/* The text of the cell just closed, as pyxform would read it (Caller frees). */
static char *
xlsx_cell_text(struct xlsx_doc *d, struct xlsx_cells *c)
{
	struct xlsx *x = d->x;
	const char *t = c->type, *s;
	char tmp[64], *v, *p;
	unsigned long i;

	s = buf_str(&d->text);
	if (strcmp(t, "s") == 0) {
		if (*s == '\0')
			return strdup("");
		if (xlsx_parse_uint(s, (unsigned long)-1, &i) != 0 ||
		    i >= x->nstrings) {
			xlsx_fail(d, ERR_PARSE, "a cell names shared string "
			    "'%.20s', which does not exist", s);
			return NULL;
		}
		return strdup(x->strings[i]);
	}
	if (strcmp(t, "inlineStr") == 0) {
		xlsx_unescape(&d->text);
		return strdup(buf_str(&d->text));
	}
	if (strcmp(t, "b") == 0) {
		if (strcmp(s, "1") == 0)
			return strdup("TRUE");
		if (strcmp(s, "0") == 0)
			return strdup("FALSE");
		return strdup(s);
	}
	if (strcmp(t, "d") == 0) {
		if ((v = strdup(s)) != NULL && (p = strchr(v, 'T')) != NULL)
			*p = ' ';
		return v;
	}
	if (strcmp(t, "n") != 0)	/* str (formula text), e (error) */
		return strdup(s);
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return strdup("");
	if (c->style < x->nxf && x->xf_date[c->style] &&
	    xlsx_format_date(strtod(s, NULL), x->date1904, tmp,
	    sizeof tmp) == 0)
		return strdup(tmp);
	if (strlen(s) >= sizeof tmp)
		return strdup(s);
	xlsx_format_number(s, tmp, sizeof tmp);
	return strdup(tmp);
}

static void
xlsx_cells_put(struct xlsx_doc *d, struct xlsx_cells *c, char *v)
{
	struct xlsx *x = d->x;
	char **p;
	size_t ncap, grow;

	if (c->col > x->lim.max_cols) {
		xlsx_fail(d, ERR_LIMIT, "row %u has a value beyond column %zu",
		    c->row, x->lim.max_cols);
		free(v);
		return;
	}
	if (c->col > c->nfields) {
		grow = c->col - c->nfields;
		if (c->ncells + grow > x->lim.max_cells) {
			xlsx_fail(d, ERR_LIMIT, "more than %zu cells",
			    x->lim.max_cells);
			free(v);
			return;
		}
		if (c->col > c->cap) {
			ncap = c->cap ? c->cap : 8;
			while (ncap < c->col)
				ncap *= 2;
			if ((p = reallocarray(c->fields, ncap,
			    sizeof *p)) == NULL) {
				xlsx_fail(d, ERR_NOMEM, "out of memory");
				free(v);
				return;
			}
			c->fields = p;
			c->cap = ncap;
		}
		while (c->nfields < c->col)
			c->fields[c->nfields++] = NULL;
		c->ncells += grow;
	}
	free(c->fields[c->col - 1]);
	c->fields[c->col - 1] = v;
}

/* Store the row just closed, filling the gaps with empty strings. */
static void
xlsx_cells_row(struct xlsx_doc *d, struct xlsx_cells *c)
{
	char **f;
	size_t i;
	int r;

	if (c->nfields == 0)
		return;
	for (i = 0; i < c->nfields; i++)
		if (c->fields[i] == NULL)
			c->fields[i] = csv_empty();
	f = c->fields;
	if ((f = reallocarray(f, c->nfields, sizeof *f)) == NULL)
		f = c->fields;
	r = csv_add_row(c->t, c->row, 0, f, c->nfields);
	c->fields = NULL;
	c->nfields = c->cap = 0;
	if (r != 0)
		xlsx_fail(d, r, "out of memory");
}

static void
xlsx_cells_start(struct xlsx_doc *d, const char *name, const char **attrs)
{
	struct xlsx_cells *c = d->ctx;
	unsigned long v;
	const char *a;
	size_t col;

	if (strcmp(name, "sheetData") == 0) {
		c->in_data = 1;
	} else if (c->in_data && strcmp(name, "row") == 0) {
		a = xlsx_attr(attrs, "r");
		if (a == NULL)
			v = c->prev_row + 1;
		else if (xlsx_parse_uint(a, XLSX_MAX_ROW, &v) != 0 || v == 0) {
			xlsx_fail(d, ERR_PARSE, "a row numbered '%.20s'", a);
			return;
		}
		if (v <= c->prev_row || v > XLSX_MAX_ROW) {
			xlsx_fail(d, ERR_PARSE, "row %lu comes after row %u",
			    v, c->prev_row);
			return;
		}
		c->row = (unsigned)v;
		c->prev_col = 0;
		c->in_row = 1;
	} else if (c->in_row && strcmp(name, "c") == 0) {
		a = xlsx_attr(attrs, "r");
		col = a != NULL ? xlsx_ref_col(a) : c->prev_col + 1;
		if (col == 0) {
			xlsx_fail(d, ERR_PARSE, "a cell reference '%.20s'", a);
			return;
		}
		c->col = c->prev_col = col;
		a = xlsx_attr(attrs, "t");
		snprintf(c->type, sizeof c->type, "%s", a != NULL ? a : "n");
		a = xlsx_attr(attrs, "s");
		if (a == NULL || xlsx_parse_uint(a, 1u << 20, &c->style) != 0)
			c->style = (unsigned long)-1;
		c->in_cell = 1;
		c->in_is = c->in_rph = 0;
		buf_truncate(&d->text, 0);
	} else if (c->in_cell && strcmp(name, "v") == 0) {
		d->collect = 1;
	} else if (c->in_cell && strcmp(name, "is") == 0) {
		c->in_is = 1;
	} else if (c->in_is && strcmp(name, "rPh") == 0) {
		c->in_rph++;
	} else if (c->in_is && c->in_rph == 0 && strcmp(name, "t") == 0) {
		d->collect = 1;
	}
}

static void
xlsx_cells_end(struct xlsx_doc *d, const char *name)
{
	struct xlsx_cells *c = d->ctx;
	char *v;

	if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
		d->collect = 0;
	} else if (strcmp(name, "rPh") == 0 && c->in_rph > 0) {
		c->in_rph--;
	} else if (strcmp(name, "is") == 0) {
		c->in_is = 0;
	} else if (c->in_cell && strcmp(name, "c") == 0) {
		c->in_cell = 0;
		d->collect = 0;
		if ((v = xlsx_cell_text(d, c)) == NULL) {
			if (d->err == 0)
				xlsx_fail(d, ERR_NOMEM, "out of memory");
			return;
		}
		if (*v == '\0')
			free(v);
		else
			xlsx_cells_put(d, c, v);
	} else if (c->in_row && strcmp(name, "row") == 0) {
		xlsx_cells_row(d, c);
		c->prev_row = c->row;
		c->in_row = 0;
	} else if (strcmp(name, "sheetData") == 0) {
		c->in_data = 0;
	}
}

int
xlsx_read_sheet(struct xlsx *x, size_t i, struct csv **out, char **cause)
{
	struct xlsx_cells c;
	struct xlsx_doc d;
	size_t k;
	int r;

	*out = NULL;
	if (i >= x->nsheets)
		return err_set(cause, ERR_NOTFOUND, "%s: no sheet %zu", x->path,
		    i);
	memset(&c, 0, sizeof c);
	memset(&d, 0, sizeof d);
	if ((c.t = calloc(1, sizeof *c.t)) == NULL)
		return ERR_NOMEM;
	d.start = xlsx_cells_start;
	d.end = xlsx_cells_end;
	d.ctx = &c;
	if ((r = xlsx_parse_part(x, x->sheets[i].part, &d, 0, cause)) != 0)
		goto out;
	*out = c.t;
	c.t = NULL;
out:
	for (k = 0; k < c.nfields; k++)
		csv_field_free(c.fields[k]);
	free(c.fields);
	csv_free(&c.t);
	return r;
}
