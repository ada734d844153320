/*
 * The .xlsx workbook reader: zip parts, relationships and the sheet list;
 * see xlsx.h. Shared strings and styles are read by xlsx-strings.c, sheets
 * by xlsx-sheet.c.
 *
 * Every XML part is inflated in chunks straight into expat, counting the
 * bytes as they come, so a part whose zip header lies about its size is
 * stopped at the bound all the same. Parsers are namespace-aware and only
 * local names are compared, which reads both transitional and strict
 * OOXML. A document type declaration stops the parse: spreadsheets never
 * need one, and refusing it is the simple, complete answer to entity
 * expansion and external entities.
 */
#include "content/xlsx-int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/libload.h"

#ifndef EXPAT_SONAME
#error "EXPAT_SONAME is not set: the Makefile reads it from libexpat.so (is libexpat1-dev installed?)"
#endif

#define XLSX_CHUNK	65536

/*
 * expat is opened the first time a workbook part is read
 * (content/libload.h): only .xlsx forms need it, and linking it cost every
 * start of the kiosk the dynamic linker's work for it.
 */
#define XLSX_XML_FUNCS(X)						\
	X(XML_ErrorString)						\
	X(XML_GetCurrentLineNumber)					\
	X(XML_GetErrorCode)						\
	X(XML_Parse)							\
	X(XML_ParserCreateNS)						\
	X(XML_ParserFree)						\
	X(XML_SetCharacterDataHandler)					\
	X(XML_SetElementHandler)					\
	X(XML_SetEntityDeclHandler)					\
	X(XML_SetParamEntityParsing)					\
	X(XML_SetStartDoctypeDeclHandler)				\
	X(XML_SetUserData)						\
	X(XML_StopParser)

static struct {
/* f names the member: it cannot be in parentheses. */
#define XLSX_XML_POINTER(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	XLSX_XML_FUNCS(XLSX_XML_POINTER)
#undef XLSX_XML_POINTER
} xlsx_xml_fn;
static pthread_once_t xlsx_xml_once_ctl = PTHREAD_ONCE_INIT;
static int xlsx_xml_ok;
static char xlsx_xml_why[LIBLOAD_WHY];

static void
xlsx_xml_once(void)
{
	__typeof__(xlsx_xml_fn) t;
	void *h, *sym;

	if ((h = libload_open(EXPAT_SONAME, "expat", xlsx_xml_why)) == NULL)
		return;
#define XLSX_XML_RESOLVE(f)						\
	if ((sym = libload_sym(h, #f, "expat", EXPAT_SONAME,		\
	    xlsx_xml_why)) == NULL) {					\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(f) *)sym;
	XLSX_XML_FUNCS(XLSX_XML_RESOLVE)
#undef XLSX_XML_RESOLVE
	xlsx_xml_fn = t;
	xlsx_xml_ok = 1;
}

/* expat's functions through the table, once xlsx_parse_part filled it. */
#define XML(f)	(xlsx_xml_fn.f)

struct xlsx_rel {
	char	*id;
	char	*type;
	char	*target;
};

struct xlsx_rels {
	struct xlsx_rel	*v;
	size_t		 n;
	size_t		 max;
};

/* Parsing state for a relationships part. */
struct xlsx_meta {
	struct xlsx	*x;
	struct xlsx_rels *rels;
};

static void
xlsx_limits_fill(struct xlsx_limits *l, const struct xlsx_limits *in)
{
	memset(l, 0, sizeof *l);
	if (in != NULL)
		*l = *in;
	if (l->max_file == 0)
		l->max_file = XLSX_MAX_FILE;
	if (l->max_entries == 0)
		l->max_entries = XLSX_MAX_ENTRIES;
	if (l->max_part == 0)
		l->max_part = XLSX_MAX_PART;
	if (l->max_depth == 0)
		l->max_depth = XLSX_MAX_DEPTH;
	if (l->max_strings == 0)
		l->max_strings = XLSX_MAX_STRINGS;
	if (l->max_cells == 0)
		l->max_cells = XLSX_MAX_CELLS;
	if (l->max_cols == 0)
		l->max_cols = XLSX_MAX_COLS;
	if (l->max_sheets == 0)
		l->max_sheets = XLSX_MAX_SHEETS;
}

int
xlsx_is_ole2(const void *head, size_t len)
{
	static const unsigned char magic[8] = {
		0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
	};

	return len >= sizeof magic && memcmp(head, magic, sizeof magic) == 0;
}

const char *
xlsx_local(const char *name)
{
	const char *p = strrchr(name, '|');

	return p != NULL ? p + 1 : name;
}

const char *
xlsx_attr(const char **attrs, const char *local)
{
	size_t i;

	for (i = 0; attrs[i] != NULL; i += 2)
		if (strcmp(xlsx_local(attrs[i]), local) == 0)
			return attrs[i + 1];
	return NULL;
}

void
xlsx_fail(struct xlsx_doc *d, int err, const char *fmt, ...)
{
	va_list ap;

	if (d->err == 0) {
		d->err = err;
		va_start(ap, fmt);
		err_setv(&d->why, err, fmt, ap);
		va_end(ap);
	}
	XML(XML_StopParser)(d->p, XML_FALSE);
}

static void
xlsx_on_start(void *arg, const char *name, const char **attrs)
{
	struct xlsx_doc *d = arg;

	if (d->err != 0)
		return;
	if (++d->depth > d->x->lim.max_depth) {
		xlsx_fail(d, ERR_LIMIT, "XML nested deeper than %zu elements",
		    d->x->lim.max_depth);
		return;
	}
	if (d->start != NULL)
		d->start(d, xlsx_local(name), attrs);
}

static void
xlsx_on_end(void *arg, const char *name)
{
	struct xlsx_doc *d = arg;

	if (d->err != 0)
		return;
	d->depth--;
	if (d->end != NULL)
		d->end(d, xlsx_local(name));
}

static void
xlsx_on_text(void *arg, const char *s, int len)
{
	struct xlsx_doc *d = arg;

	if (d->err != 0 || d->collect == 0 || len <= 0)
		return;
	buf_add(&d->text, s, (size_t)len);
	if (buf_failed(&d->text))
		xlsx_fail(d, ERR_NOMEM, "out of memory");
}

static void
xlsx_on_doctype(void *arg, const char *name, const char *sysid,
    const char *pubid, int has_internal_subset)
{
	xlsx_fail(arg, ERR_PARSE, "a document type declaration (DTD) is not "
	    "allowed");
}

static void
xlsx_on_entity(void *arg, const char *name, int is_param, const char *value,
    int value_len, const char *base, const char *sysid, const char *pubid,
    const char *notation)
{
	xlsx_fail(arg, ERR_PARSE, "an entity declaration is not allowed");
}

int
xlsx_parse_part(struct xlsx *x, const char *part, struct xlsx_doc *d,
    int optional, char **cause)
{
	zip_file_t *zf = NULL;
	zip_int64_t idx, n;
	size_t total = 0;
	char *chunk = NULL;
	int r = 0;

	d->x = x;
	d->depth = 0;
	d->err = 0;
	d->why = NULL;
	d->collect = 0;
	buf_init(&d->text);
	pthread_once(&xlsx_xml_once_ctl, xlsx_xml_once);
	if (!xlsx_xml_ok)
		return err_set(cause, ERR_UNSUPPORTED, "%s: %s", x->path,
		    xlsx_xml_why);
	if ((d->p = XML(XML_ParserCreateNS)(NULL, '|')) == NULL)
		return ERR_NOMEM;
	if ((idx = zip_name_locate(x->zip, part, 0)) < 0) {
		if (!optional)
			r = err_set(cause, ERR_PARSE, "%s: the workbook has no "
			    "part %s", x->path, part);
		else
			r = ERR_NOTFOUND;
		goto out;
	}
	if ((zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)) == NULL) {
		r = err_set(cause, ERR_PARSE, "%s: %s: %s", x->path, part,
		    zip_strerror(x->zip));
		goto out;
	}
	if ((chunk = malloc(XLSX_CHUNK)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	XML(XML_SetUserData)(d->p, d);
	XML(XML_SetElementHandler)(d->p, xlsx_on_start, xlsx_on_end);
	XML(XML_SetCharacterDataHandler)(d->p, xlsx_on_text);
	XML(XML_SetStartDoctypeDeclHandler)(d->p, xlsx_on_doctype);
	XML(XML_SetEntityDeclHandler)(d->p, xlsx_on_entity);
	XML(XML_SetParamEntityParsing)(d->p, XML_PARAM_ENTITY_PARSING_NEVER);
	for (;;) {
		n = zip_fread(zf, chunk, XLSX_CHUNK);
		if (n < 0) {
			r = err_set(cause, ERR_PARSE, "%s: %s: %s", x->path,
			    part, zip_file_strerror(zf));
			goto out;
		}
		total += (size_t)n;
		if (total > x->lim.max_part) {
			r = err_set(cause, ERR_LIMIT, "%s: %s: larger than %zu "
			    "bytes uncompressed", x->path, part,
			    x->lim.max_part);
			goto out;
		}
		if (XML(XML_Parse)(d->p, chunk, (int)n, n == 0) != XML_STATUS_OK)
			break;
		if (n == 0)
			break;
	}
	if (d->err != 0) {
		r = err_set(cause, d->err, "%s: %s: line %lu: %s", x->path,
		    part, (unsigned long)XML(XML_GetCurrentLineNumber)(d->p),
		    d->why != NULL ? d->why : err_str(d->err));
	} else if (XML(XML_GetErrorCode)(d->p) != XML_ERROR_NONE) {
		r = err_set(cause, ERR_PARSE, "%s: %s: line %lu: %s", x->path,
		    part, (unsigned long)XML(XML_GetCurrentLineNumber)(d->p),
		    XML(XML_ErrorString)(XML(XML_GetErrorCode)(d->p)));
	}
out:
	free(chunk);
	if (zf != NULL)
		zip_fclose(zf);
	XML(XML_ParserFree)(d->p);
	d->p = NULL;
	free(d->why);
	d->why = NULL;
	buf_free(&d->text);
	return r;
}

/*
 * Resolve a relationship target against the folder of the part that names
 * it, folding "." and ".."; an absolute target starts at the zip's root.
 * Caller frees; NULL when it climbs out of the zip or on ENOMEM.
 */
static char *
xlsx_resolve(const char *dir, const char *target)
{
	struct buf b = BUF_INIT;
	const char *p, *seg;
	size_t len, cut;

	if (target[0] == '/')
		target++;
	else
		buf_addstr(&b, dir);
	for (p = target; *p != '\0'; p = seg + len + (seg[len] == '/')) {
		seg = p;
		len = strcspn(seg, "/");
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (b.len == 0) {
				buf_free(&b);
				return NULL;
			}
			cut = b.len - 1;
			while (cut > 0 && b.data[cut - 1] != '/')
				cut--;
			buf_truncate(&b, cut);
			continue;
		}
		buf_add(&b, seg, len);
		if (seg[len] == '/')
			buf_addch(&b, '/');
	}
	return buf_detach(&b, NULL);
}

/* The folder part of a part name, with its final slash ("xl/"). */
static char *
xlsx_dirname(const char *part)
{
	const char *s = strrchr(part, '/');

	return strndup(part, s != NULL ? (size_t)(s - part + 1) : 0);
}

static void
xlsx_rels_start(struct xlsx_doc *d, const char *name, const char **attrs)
{
	struct xlsx_meta *m = d->ctx;
	struct xlsx_rels *rs = m->rels;
	struct xlsx_rel *v;
	const char *id, *type, *target, *mode;

	if (strcmp(name, "Relationship") != 0)
		return;
	id = xlsx_attr(attrs, "Id");
	type = xlsx_attr(attrs, "Type");
	target = xlsx_attr(attrs, "Target");
	mode = xlsx_attr(attrs, "TargetMode");
	if (id == NULL || type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "External") == 0))
		return;
	if (rs->n >= rs->max) {
		xlsx_fail(d, ERR_LIMIT, "more than %zu relationships", rs->max);
		return;
	}
	if ((v = reallocarray(rs->v, rs->n + 1, sizeof *v)) == NULL) {
		xlsx_fail(d, ERR_NOMEM, "out of memory");
		return;
	}
	rs->v = v;
	v = &rs->v[rs->n];
	v->id = strdup(id);
	v->type = strdup(type);
	v->target = strdup(target);
	rs->n++;
	if (v->id == NULL || v->type == NULL || v->target == NULL)
		xlsx_fail(d, ERR_NOMEM, "out of memory");
}

static void
xlsx_rels_free(struct xlsx_rels *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].id);
		free(rs->v[i].type);
		free(rs->v[i].target);
	}
	free(rs->v);
	memset(rs, 0, sizeof *rs);
}

/* Read the relationships of part (its _rels/NAME.rels); none is not an error. */
static int
xlsx_read_rels(struct xlsx *x, const char *part, struct xlsx_rels *rs,
    char **cause)
{
	struct xlsx_meta m;
	struct xlsx_doc d;
	const char *base = strrchr(part, '/');
	char *dir = NULL, *rels = NULL;
	int r;

	memset(&m, 0, sizeof m);
	memset(&d, 0, sizeof d);
	m.x = x;
	m.rels = rs;
	rs->max = x->lim.max_entries;
	base = base != NULL ? base + 1 : part;
	if ((dir = xlsx_dirname(part)) == NULL ||
	    asprintf(&rels, "%s_rels/%s.rels", dir, base) == -1) {
		rels = NULL;
		r = ERR_NOMEM;
		goto out;
	}
	d.start = xlsx_rels_start;
	d.ctx = &m;
	if ((r = xlsx_parse_part(x, rels, &d, 1, cause)) == ERR_NOTFOUND)
		r = 0;
out:
	free(dir);
	free(rels);
	return r;
}

/* The target of the first relationship whose type ends in suffix, resolved. */
static char *
xlsx_rel_target(const struct xlsx_rels *rs, const char *dir,
    const char *suffix, const char *id)
{
	size_t i, tl, sl = suffix != NULL ? strlen(suffix) : 0;

	for (i = 0; i < rs->n; i++) {
		if (id != NULL && strcmp(rs->v[i].id, id) != 0)
			continue;
		tl = strlen(rs->v[i].type);
		if (suffix != NULL && (tl < sl ||
		    strcmp(rs->v[i].type + tl - sl, suffix) != 0))
			continue;
		return xlsx_resolve(dir, rs->v[i].target);
	}
	return NULL;
}

static void
xlsx_workbook_start(struct xlsx_doc *d, const char *name, const char **attrs)
{
	struct xlsx *x = d->x;
	struct xlsx_sheet *s;
	const char *v, *id;

	if (strcmp(name, "workbookPr") == 0) {
		v = xlsx_attr(attrs, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
		return;
	}
	if (strcmp(name, "sheet") != 0)
		return;
	v = xlsx_attr(attrs, "name");
	id = xlsx_attr(attrs, "id");
	if (v == NULL || id == NULL) {
		xlsx_fail(d, ERR_PARSE, "a sheet without a name or an id");
		return;
	}
	if (x->nsheets >= x->lim.max_sheets) {
		xlsx_fail(d, ERR_LIMIT, "more than %zu sheets",
		    x->lim.max_sheets);
		return;
	}
	if ((s = reallocarray(x->sheets, x->nsheets + 1, sizeof *s)) == NULL) {
		xlsx_fail(d, ERR_NOMEM, "out of memory");
		return;
	}
	x->sheets = s;
	s = &x->sheets[x->nsheets++];
	s->name = strdup(v);
	s->part = strdup(id);	/* the r:id until resolved */
	if (s->name == NULL || s->part == NULL)
		xlsx_fail(d, ERR_NOMEM, "out of memory");
}

/*
 * Count the entries a zip declares, from its end-of-central-directory
 * record, before libzip reads (and allocates for) every one of them. A
 * zip64 archive is refused: no spreadsheet form needs one.
 */
static int
xlsx_check_tail(struct xlsx *x, int fd, off_t size, char **cause)
{
	unsigned char *tail;
	size_t len, i, entries;
	ssize_t n;
	int r = 0;

	len = size < 65535 + 22 ? (size_t)size : 65535 + 22;
	if ((tail = malloc(len)) == NULL)
		return ERR_NOMEM;
	n = pread(fd, tail, len, size - (off_t)len);
	for (i = (n == (ssize_t)len && len >= 22) ? len - 22 + 1 : 0; i-- > 0;)
		if (memcmp(tail + i, "PK\005\006", 4) == 0)
			break;
	if (n != (ssize_t)len || len < 22 || i == (size_t)-1) {
		r = err_set(cause, ERR_PARSE, "%s: not an .xlsx workbook (the "
		    "zip has no central directory)", x->path);
		goto out;
	}
	entries = (size_t)tail[i + 10] | (size_t)tail[i + 11] << 8;
	if (entries == 0xffff)
		r = err_set(cause, ERR_UNSUPPORTED, "%s: a zip64 archive is not "
		    "supported", x->path);
	else if (entries > x->lim.max_entries)
		r = err_set(cause, ERR_LIMIT, "%s: more than %zu entries",
		    x->path, x->lim.max_entries);
out:
	free(tail);
	return r;
}

/* Check the file's first and last bytes before handing it to libzip. */
static int
xlsx_check_head(struct xlsx *x, char **cause)
{
	unsigned char head[8];
	struct stat st;
	ssize_t n;
	int fd, r = 0;

	if ((fd = open(x->path, O_RDONLY | O_CLOEXEC)) == -1) {
		r = err_from_errno(errno);
		return err_set(cause, r, "%s: %s", x->path, strerror(errno));
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		r = err_set(cause, ERR_IO, "%s: not a regular file", x->path);
		goto out;
	}
	if ((size_t)st.st_size > x->lim.max_file) {
		r = err_set(cause, ERR_LIMIT, "%s: larger than %zu bytes",
		    x->path, x->lim.max_file);
		goto out;
	}
	n = fd_read_all(fd, head, sizeof head);
	if (n >= 0 && xlsx_is_ole2(head, (size_t)n))
		r = err_set(cause, ERR_UNSUPPORTED, "%s: this is an old binary "
		    "Excel file (.xls), which is not supported; save it as "
		    ".xlsx, or save each sheet as CSV", x->path);
	else if (n < 4 || memcmp(head, "PK\003\004", 4) != 0)
		r = err_set(cause, ERR_PARSE, "%s: not an .xlsx workbook "
		    "(it is not a zip file)", x->path);
	else
		r = xlsx_check_tail(x, fd, st.st_size, cause);
out:
	close(fd);
	return r;
}

int
xlsx_open(const char *path, const struct xlsx_limits *lim, struct xlsx **out,
    char **cause)
{
	struct xlsx *x;
	struct xlsx_rels root, wbrels;
	struct xlsx_doc d;
	char *workbook = NULL, *dir = NULL, *part = NULL;
	zip_error_t ze;
	size_t i;
	int zerr = 0, r;

	*out = NULL;
	memset(&root, 0, sizeof root);
	memset(&wbrels, 0, sizeof wbrels);
	memset(&d, 0, sizeof d);
	if ((x = calloc(1, sizeof *x)) == NULL)
		return ERR_NOMEM;
	xlsx_limits_fill(&x->lim, lim);
	if ((x->path = strdup(path)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = xlsx_check_head(x, cause)) != 0 ||
	    (r = zipload_load(cause)) != 0)
		goto out;
	if ((x->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS,
	    &zerr)) == NULL) {
		zip_error_init_with_code(&ze, zerr);
		r = err_set(cause, ERR_PARSE, "%s: not a readable zip: %s",
		    path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	if ((size_t)zip_get_num_entries(x->zip, 0) > x->lim.max_entries) {
		r = err_set(cause, ERR_LIMIT, "%s: more than %zu entries",
		    path, x->lim.max_entries);
		goto out;
	}

	/* The package's root relationships name the workbook part. */
	if ((r = xlsx_read_rels(x, "", &root, cause)) != 0)
		goto out;
	workbook = xlsx_rel_target(&root, "", "/officeDocument", NULL);
	if (workbook == NULL && (workbook = strdup("xl/workbook.xml")) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((dir = xlsx_dirname(workbook)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	d.start = xlsx_workbook_start;
	if ((r = xlsx_parse_part(x, workbook, &d, 0, cause)) != 0)
		goto out;
	if (x->nsheets == 0) {
		r = err_set(cause, ERR_PARSE, "%s: the workbook has no sheets",
		    path);
		goto out;
	}
	if ((r = xlsx_read_rels(x, workbook, &wbrels, cause)) != 0)
		goto out;
	for (i = 0; i < x->nsheets; i++) {
		part = xlsx_rel_target(&wbrels, dir, NULL, x->sheets[i].part);
		if (part == NULL) {
			r = err_set(cause, ERR_PARSE, "%s: sheet '%s' has no "
			    "part", path, x->sheets[i].name);
			goto out;
		}
		free(x->sheets[i].part);
		x->sheets[i].part = part;
		part = NULL;
	}

	if ((part = xlsx_rel_target(&wbrels, dir, "/sharedStrings",
	    NULL)) != NULL) {
		if ((r = xlsx_read_strings(x, part, cause)) != 0)
			goto out;
		free(part);
		part = NULL;
	}
	if ((part = xlsx_rel_target(&wbrels, dir, "/styles", NULL)) != NULL &&
	    (r = xlsx_read_styles(x, part, cause)) != 0)
		goto out;
	*out = x;
	x = NULL;
	r = 0;
out:
	free(part);
	free(workbook);
	free(dir);
	xlsx_rels_free(&root);
	xlsx_rels_free(&wbrels);
	xlsx_free(&x);
	return r;
}

void
xlsx_free(struct xlsx **xp)
{
	struct xlsx *x;
	size_t i;

	if (xp == NULL || (x = *xp) == NULL)
		return;
	if (x->zip != NULL)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	for (i = 0; i < x->nstrings; i++)
		free(x->strings[i]);
	free(x->strings);
	free(x->xf_date);
	free(x->path);
	free(x);
	*xp = NULL;
}

size_t
xlsx_nsheets(const struct xlsx *x)
{
	return x->nsheets;
}

const char *
xlsx_sheet_name(const struct xlsx *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i].name : NULL;
}

int
xlsx_sheet_find(const struct xlsx *x, const char *name)
{
	const char *s;
	size_t i, len;

	for (i = 0; i < x->nsheets; i++) {
		s = x->sheets[i].name;
		while (isspace((unsigned char)*s))
			s++;
		len = strlen(s);
		while (len > 0 && isspace((unsigned char)s[len - 1]))
			len--;
		if (len == strlen(name) && strncasecmp(s, name, len) == 0)
			return (int)i;
	}
	return -1;
}
