/*
 * The shared strings and the number formats of an .xlsx workbook.
 *
 * Shared strings are read whole (rich-text runs joined, phonetic runs
 * dropped, Excel's _xHHHH_ escapes undone) and bounded in number. From
 * the styles only one fact is kept per cell format: whether it shows a
 * number as a date or time, decided as openpyxl (and so pyxform) decides.
 */
#include "content/xlsx-int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

/* Parsing state for shared strings and styles. */
struct xlsx_meta {
	int		 in_si;
	int		 in_rph;
	int		 in_numfmts;
	int		 in_cellxfs;
	unsigned	*xf_fmt;	/* numFmtId of each cellXfs entry */
	size_t		 nxf;
	unsigned	*date_fmts;	/* custom numFmtIds that are dates */
	size_t		 ndate_fmts;
};

/*
 * Turn Excel's _xHHHH_ escapes back into characters, as spreadsheet readers
 * do (Excel writes a carriage return as _x000D_). NUL stays escaped.
 */
void
xlsx_unescape(struct buf *b)
{
	char *s = b->data, *w, *r;
	unsigned long cp;
	char hex[5];

	if (s == NULL || strstr(s, "_x") == NULL)
		return;
	for (r = w = s; *r != '\0';) {
		if (r[0] == '_' && r[1] == 'x' && isxdigit((unsigned char)r[2]) &&
		    isxdigit((unsigned char)r[3]) &&
		    isxdigit((unsigned char)r[4]) &&
		    isxdigit((unsigned char)r[5]) && r[6] == '_') {
			memcpy(hex, r + 2, 4);
			hex[4] = '\0';
			cp = strtoul(hex, NULL, 16);
			if (cp != 0 && (cp < 0xd800 || cp > 0xdfff)) {
				if (cp < 0x80)
					*w++ = (char)cp;
				else if (cp < 0x800) {
					*w++ = (char)(0xc0 | (cp >> 6));
					*w++ = (char)(0x80 | (cp & 0x3f));
				} else {
					*w++ = (char)(0xe0 | (cp >> 12));
					*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
					*w++ = (char)(0x80 | (cp & 0x3f));
				}
				r += 7;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
	b->len = (size_t)(w - s);
}

static void
xlsx_sst_start(struct xlsx_doc *d, const char *name, const char **attrs)
{
	struct xlsx_meta *m = d->ctx;

	if (strcmp(name, "si") == 0) {
		m->in_si = 1;
		m->in_rph = 0;
		buf_truncate(&d->text, 0);
	} else if (strcmp(name, "rPh") == 0)
		m->in_rph++;
	else if (strcmp(name, "t") == 0 && m->in_si && m->in_rph == 0)
		d->collect = 1;
}

static void
xlsx_sst_end(struct xlsx_doc *d, const char *name)
{
	struct xlsx_meta *m = d->ctx;
	struct xlsx *x = d->x;
	char **v, *s;

	if (strcmp(name, "t") == 0)
		d->collect = 0;
	else if (strcmp(name, "rPh") == 0 && m->in_rph > 0)
		m->in_rph--;
	else if (strcmp(name, "si") == 0 && m->in_si) {
		m->in_si = 0;
		if (x->nstrings >= x->lim.max_strings) {
			xlsx_fail(d, ERR_LIMIT, "more than %zu shared strings",
			    x->lim.max_strings);
			return;
		}
		if (x->nstrings == x->capstrings) {
			size_t ncap = x->capstrings ? x->capstrings * 2 : 256;

			if ((v = reallocarray(x->strings, ncap,
			    sizeof *v)) == NULL) {
				xlsx_fail(d, ERR_NOMEM, "out of memory");
				return;
			}
			x->strings = v;
			x->capstrings = ncap;
		}
		xlsx_unescape(&d->text);
		if ((s = strdup(buf_str(&d->text))) == NULL) {
			xlsx_fail(d, ERR_NOMEM, "out of memory");
			return;
		}
		x->strings[x->nstrings++] = s;
		buf_truncate(&d->text, 0);
	}
}

/* Read the shared strings part into x->strings. */
int
xlsx_read_strings(struct xlsx *x, const char *part, char **cause)
{
	struct xlsx_meta m;
	struct xlsx_doc d;

	memset(&m, 0, sizeof m);
	memset(&d, 0, sizeof d);
	d.start = xlsx_sst_start;
	d.end = xlsx_sst_end;
	d.ctx = &m;
	return xlsx_parse_part(x, part, &d, 0, cause);
}

/*
 * Whether a number format shows a date or a time, as openpyxl decides:
 * look at the first section only, drop quoted literals and bracketed
 * colours or locales (but not elapsed [h] [m] [s]), then look for a d, m,
 * y, h or s that is not escaped.
 */
int
xlsx_format_is_date(const char *code)
{
	const char *p;
	size_t n;

	for (p = code; *p != '\0' && *p != ';'; p++) {
		if (*p == '"') {
			p = strchr(p + 1, '"');
			if (p == NULL)
				return 0;
			continue;
		}
		if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1] == '\0')
				return 0;
			p++;
			continue;
		}
		if (*p == '[') {
			n = strcspn(p, "]");
			if (p[n] == '\0')
				return 0;
			if (n >= 2 && n <= 3 && strchr("hHmMsS", p[1]) != NULL &&
			    (n == 2 || p[2] == p[1]))
				return 1;
			p += n;
			continue;
		}
		if (strchr("dmyhsDMYHS", *p) != NULL)
			return 1;
	}
	return 0;
}

static int
xlsx_builtin_date(unsigned id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

static void
xlsx_styles_start(struct xlsx_doc *d, const char *name, const char **attrs)
{
	struct xlsx_meta *m = d->ctx;
	const char *id, *code;
	unsigned *v;

	if (strcmp(name, "numFmts") == 0)
		m->in_numfmts = 1;
	else if (strcmp(name, "cellXfs") == 0)
		m->in_cellxfs = 1;
	else if (strcmp(name, "numFmt") == 0 && m->in_numfmts) {
		id = xlsx_attr(attrs, "numFmtId");
		code = xlsx_attr(attrs, "formatCode");
		if (id == NULL || code == NULL || !xlsx_format_is_date(code))
			return;
		if (m->ndate_fmts >= 65536) {
			xlsx_fail(d, ERR_LIMIT, "too many number formats");
			return;
		}
		if ((v = array_grow(m->date_fmts, m->ndate_fmts,
		    sizeof *v)) == NULL) {
			xlsx_fail(d, ERR_NOMEM, "out of memory");
			return;
		}
		m->date_fmts = v;
		m->date_fmts[m->ndate_fmts++] = (unsigned)strtoul(id, NULL, 10);
	} else if (strcmp(name, "xf") == 0 && m->in_cellxfs) {
		id = xlsx_attr(attrs, "numFmtId");
		if (m->nxf >= 65536) {
			xlsx_fail(d, ERR_LIMIT, "too many cell formats");
			return;
		}
		if ((v = array_grow(m->xf_fmt, m->nxf,
		    sizeof *v)) == NULL) {
			xlsx_fail(d, ERR_NOMEM, "out of memory");
			return;
		}
		m->xf_fmt = v;
		m->xf_fmt[m->nxf++] = id != NULL ?
		    (unsigned)strtoul(id, NULL, 10) : 0;
	}
}

static void
xlsx_styles_end(struct xlsx_doc *d, const char *name)
{
	struct xlsx_meta *m = d->ctx;

	if (strcmp(name, "numFmts") == 0)
		m->in_numfmts = 0;
	else if (strcmp(name, "cellXfs") == 0)
		m->in_cellxfs = 0;
}

/* Read styles.xml into x->xf_date: which cell formats show dates. */
int
xlsx_read_styles(struct xlsx *x, const char *part, char **cause)
{
	struct xlsx_meta m;
	struct xlsx_doc d;
	size_t i, k;
	int r;

	memset(&m, 0, sizeof m);
	memset(&d, 0, sizeof d);
	d.start = xlsx_styles_start;
	d.end = xlsx_styles_end;
	d.ctx = &m;
	if ((r = xlsx_parse_part(x, part, &d, 1, cause)) != 0) {
		if (r == ERR_NOTFOUND)
			r = 0;
		goto out;
	}
	if (m.nxf > 0 && (x->xf_date = calloc(m.nxf, 1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	x->nxf = m.nxf;
	for (i = 0; i < m.nxf; i++) {
		x->xf_date[i] = xlsx_builtin_date(m.xf_fmt[i]);
		for (k = 0; k < m.ndate_fmts; k++)
			if (m.date_fmts[k] == m.xf_fmt[i])
				x->xf_date[i] = 1;
	}
out:
	free(m.xf_fmt);
	free(m.date_fmts);
	return r;
}
