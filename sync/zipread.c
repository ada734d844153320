/*
 * Hostile-zip reading on libzip; see zipread.h for what is refused.
 *
 * The end-of-central-directory record is read by hand first, so that an
 * archive claiming millions of entries is refused before libzip allocates
 * for them, and zip64 (which nothing we exchange needs) is refused outright.
 * libzip then parses the central directory with ZIP_CHECKCONS, which also
 * compares every local header with its central one. Names are checked on
 * their raw bytes (ZIP_FL_ENC_RAW), never on a converted form.
 */
#include "sync/zipread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/zipload.h"

#define ZIPREAD_DEF_ENTRIES	20000
#define ZIPREAD_DEF_ENTRY	((uint64_t)64 * 1024 * 1024)
#define ZIPREAD_DEF_TOTAL	((uint64_t)1024 * 1024 * 1024)
#define ZIPREAD_DEF_RATIO	250
#define ZIPREAD_EOCD_LEN	22

struct zipread {
	zip_t			*zip;
	const uint8_t		*data;		/* the archive */
	struct zipread_limits	 lim;
	struct zipread_entry	*v;
	size_t			 n;
	size_t			*sorted;	/* indexes of v by name */
};

static void
zipread_limits_fill(struct zipread_limits *l, const struct zipread_limits *in)
{
	memset(l, 0, sizeof *l);
	if (in != NULL)
		*l = *in;
	if (l->max_entries == 0)
		l->max_entries = ZIPREAD_DEF_ENTRIES;
	if (l->max_entry == 0)
		l->max_entry = ZIPREAD_DEF_ENTRY;
	if (l->max_total == 0)
		l->max_total = ZIPREAD_DEF_TOTAL;
	if (l->max_ratio == 0)
		l->max_ratio = ZIPREAD_DEF_RATIO;
}

char *
zipread_quote(const char *s, size_t len, size_t max)
{
	struct buf b = BUF_INIT;
	size_t i;
	unsigned char c;

	for (i = 0; i < len && i < max; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			buf_addch(&b, (char)c);
		else
			buf_printf(&b, "\\x%02x", c);
	}
	if (len > max)
		buf_addstr(&b, "...");
	return buf_detach(&b, NULL);
}

static int
zipread_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

int
zipread_name_ok(const char *name, int dir)
{
	size_t len = strlen(name), i, start = 0;

	if (len == 0 || len > ZIPREAD_MAX_NAME)
		return 0;
	if (name[len - 1] == '/') {
		if (!dir)
			return 0;
		len--;
		if (len == 0)
			return 0;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && name[i] != '/') {
			if (!zipread_char_ok(name[i]))
				return 0;
			continue;
		}
		/* A component is name[start, i): not empty, no leading dot. */
		if (i == start || name[start] == '.')
			return 0;
		start = i + 1;
	}
	return 1;
}

static size_t
zipread_le16(const uint8_t *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8;
}

static size_t
zipread_le32(const uint8_t *p)
{
	return (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 |
	    (size_t)p[3] << 24;
}

/*
 * Find the end-of-central-directory record and check the entry count it
 * declares, before libzip reads the directory.
 */
static int
zipread_check_tail(const uint8_t *p, size_t len, size_t max_entries,
    size_t *cdp, size_t *cdlenp, char **cause)
{
	size_t i, span, entries, total;

	if (len < ZIPREAD_EOCD_LEN)
		return err_set(cause, ERR_PARSE, "not a zip archive (only %zu "
		    "bytes; truncated?)", len);
	span = len < 65535 + ZIPREAD_EOCD_LEN ? len : 65535 + ZIPREAD_EOCD_LEN;
	for (i = len - ZIPREAD_EOCD_LEN + 1; i-- > len - span;)
		if (memcmp(p + i, "PK\005\006", 4) == 0)
			break;
	if (i == (size_t)-1 || i < len - span ||
	    memcmp(p + i, "PK\005\006", 4) != 0)
		return err_set(cause, ERR_PARSE, "not a zip archive, or a "
		    "truncated one (no end-of-directory record)");
	entries = (size_t)p[i + 8] | (size_t)p[i + 9] << 8;
	total = (size_t)p[i + 10] | (size_t)p[i + 11] << 8;
	if (entries == 0xffff || total == 0xffff ||
	    (p[i + 16] == 0xff && p[i + 17] == 0xff && p[i + 18] == 0xff &&
	    p[i + 19] == 0xff))
		return err_set(cause, ERR_UNSUPPORTED, "a zip64 archive is not "
		    "accepted");
	if (entries != total)
		return err_set(cause, ERR_UNSUPPORTED, "a multi-part zip "
		    "archive is not accepted");
	if (entries > max_entries)
		return err_set(cause, ERR_LIMIT, "the archive has %zu entries; "
		    "at most %zu are accepted", entries, max_entries);
	*cdlenp = zipread_le32(p + i + 12);
	*cdp = zipread_le32(p + i + 16);
	return ERR_OK;
}

/*
 * Where each stored entry's bytes start in the archive (e->offset), from
 * the central directory (cd, cdlen bytes) read again by hand. libzip has
 * parsed it and checked every local header against it (ZIP_CHECKCONS), so
 * this only finds, within bounds, the bytes libzip's read would give: the
 * record must name the entry, the local header must be there, stored, and
 * the data inside the archive. An entry that does not match all of that
 * keeps offset 0 and is read through libzip only.
 */
static void
zipread_offsets(struct zipread *z, size_t len, size_t cd, size_t cdlen)
{
	const uint8_t *p = z->data, *c;
	struct zipread_entry *e;
	size_t i, at = cd, end, nl, rec, lh, d;

	if (cd > len || cdlen > len - cd)
		return;
	end = cd + cdlen;
	for (i = 0; i < z->n; i++, at += rec) {
		if (end - at < 46 || memcmp(p + at, "PK\001\002", 4) != 0)
			return;
		c = p + at;
		nl = zipread_le16(c + 28);
		rec = 46 + nl + zipread_le16(c + 30) + zipread_le16(c + 32);
		if (end - at < rec)
			return;
		e = &z->v[i];
		lh = zipread_le32(c + 42);
		if (e->deflated || e->dir || nl != strlen(e->name) ||
		    memcmp(c + 46, e->name, nl) != 0 || lh > len ||
		    len - lh < 30 || memcmp(p + lh, "PK\003\004", 4) != 0 ||
		    zipread_le16(p + lh + 8) != ZIP_CM_STORE)
			continue;
		d = lh + 30 + zipread_le16(p + lh + 26) +
		    zipread_le16(p + lh + 28);
		if (d <= len && len - d >= e->size)
			e->offset = d;
	}
}

/* qsort_r's: readers sort on several threads at once (hub import). */
static int
zipread_cmp_name(const void *a, const void *b, void *arg)
{
	const struct zipread *z = arg;

	return strcasecmp(z->v[*(const size_t *)a].name,
	    z->v[*(const size_t *)b].name);
}

/* Check entry i from libzip's directory and fill v[i]. */
static int
zipread_entry_load(struct zipread *z, zip_uint64_t i, uint64_t *total,
    char **cause)
{
	struct zipread_entry *e = &z->v[i];
	zip_stat_t st;
	const char *name;
	char *q = NULL;
	int r = ERR_OK;

	zip_stat_init(&st);
	if (zip_stat_index(z->zip, i, ZIP_FL_ENC_RAW, &st) == -1 ||
	    (name = zip_get_name(z->zip, i, ZIP_FL_ENC_RAW)) == NULL)
		return err_set(cause, ERR_PARSE, "entry %llu: %s",
		    (unsigned long long)i + 1, zip_strerror(z->zip));
	if ((st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
	    ZIP_STAT_COMP_METHOD)) != (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
	    ZIP_STAT_COMP_METHOD))
		return err_set(cause, ERR_PARSE, "entry %llu: sizes unknown",
		    (unsigned long long)i + 1);
	e->name = name;
	e->size = st.size;
	e->csize = st.comp_size;
	e->index = i;
	e->dir = name[0] != '\0' && name[strlen(name) - 1] == '/';
	if (!zipread_name_ok(name, z->lim.allow_dirs)) {
		q = zipread_quote(name, strlen(name), 80);
		r = err_set(cause, ERR_INVALID, "entry %llu has an unsafe or "
		    "unexpected name \"%s\"", (unsigned long long)i + 1,
		    q != NULL ? q : "?");
		goto out;
	}
	/* Names are checked: safe to print as they are from here. */
	q = (char *)name;
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 &&
	    st.encryption_method != ZIP_EM_NONE) {
		r = err_set(cause, ERR_UNSUPPORTED, "%s: encrypted entries are "
		    "not accepted", q);
		goto out;
	}
	if (st.comp_method == ZIP_CM_DEFLATE)
		e->deflated = 1;
	else if (st.comp_method != ZIP_CM_STORE) {
		r = err_set(cause, ERR_UNSUPPORTED, "%s: compression method "
		    "%u is not accepted (only stored or deflated)", q,
		    (unsigned)st.comp_method);
		goto out;
	}
	if (e->dir && e->size != 0) {
		r = err_set(cause, ERR_PARSE, "%s: a folder entry with data", q);
		goto out;
	}
	if (!e->deflated && e->csize != e->size) {
		r = err_set(cause, ERR_PARSE, "%s: a stored entry whose sizes "
		    "differ", q);
		goto out;
	}
	if (e->deflated && e->size / (e->csize > 0 ? e->csize : 1) >=
	    z->lim.max_ratio) {
		r = err_set(cause, ERR_LIMIT, "%s: compressed %llu:1 (a zip "
		    "bomb?); at most %u:1 is accepted", q,
		    (unsigned long long)(e->size / (e->csize > 0 ?
		    e->csize : 1)), z->lim.max_ratio);
		goto out;
	}
	if (e->size > z->lim.max_entry) {
		r = err_set(cause, ERR_LIMIT, "%s: %llu bytes uncompressed; at "
		    "most %llu are accepted", q, (unsigned long long)e->size,
		    (unsigned long long)z->lim.max_entry);
		goto out;
	}
	*total += e->size;
	if (*total > z->lim.max_total)
		r = err_set(cause, ERR_LIMIT, "the entries hold more than %llu "
		    "bytes uncompressed", (unsigned long long)z->lim.max_total);
out:
	if (q != name)
		free(q);
	return r;
}

int
zipread_open(const void *data, size_t len, const struct zipread_limits *lim,
    struct zipread **zp, char **cause)
{
	struct zipread *z = NULL;
	zip_source_t *src = NULL;
	zip_error_t ze;
	zip_int64_t n;
	uint64_t total = 0;
	size_t i, cd = 0, cdlen = 0;
	char *q = NULL;
	int r, zerr;

	*zp = NULL;
	if ((z = calloc(1, sizeof *z)) == NULL)
		return ERR_NOMEM;
	z->data = data;
	zipread_limits_fill(&z->lim, lim);
	if ((r = zipread_check_tail(data, len, z->lim.max_entries, &cd,
	    &cdlen, cause)) != 0 || (r = zipload_load(cause)) != 0)
		goto out;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		r = ERR_NOMEM;
		zip_error_fini(&ze);
		goto out;
	}
	z->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (z->zip == NULL) {
		zerr = zip_error_code_zip(&ze);
		r = zerr == ZIP_ER_MEMORY ? ERR_NOMEM : ERR_PARSE;
		if (zerr == ZIP_ER_EXISTS)
			err_set(cause, r, "two entries have the same name");
		err_set(cause, r, "%s%s", zip_error_strerror(&ze),
		    zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS ||
		    zerr == ZIP_ER_EOF || zerr == ZIP_ER_READ ?
		    " (damaged or truncated)" : "");
		zip_error_fini(&ze);
		zip_source_free(src);
		goto out;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(z->zip, 0);
	if (n < 0 || (uint64_t)n > z->lim.max_entries) {
		r = err_set(cause, ERR_LIMIT, "the archive has too many "
		    "entries");
		goto out;
	}
	z->n = (size_t)n;
	if (z->n > 0 && ((z->v = calloc(z->n, sizeof *z->v)) == NULL ||
	    (z->sorted = calloc(z->n, sizeof *z->sorted)) == NULL)) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < z->n; i++) {
		if ((r = zipread_entry_load(z, i, &total, cause)) != 0)
			goto out;
		z->sorted[i] = i;
	}
	if (z->n > 1)
		qsort_r(z->sorted, z->n, sizeof *z->sorted, zipread_cmp_name, z);
	for (i = 1; i < z->n; i++) {
		const char *a = z->v[z->sorted[i - 1]].name;
		const char *b = z->v[z->sorted[i]].name;

		if (strcasecmp(a, b) == 0) {
			q = zipread_quote(b, strlen(b), 80);
			r = err_set(cause, ERR_INVALID, "two entries have the "
			    "same name, \"%s\" (ignoring case)",
			    q != NULL ? q : "?");
			goto out;
		}
	}
	zipread_offsets(z, len, cd, cdlen);
	*zp = z;
	z = NULL;
	r = ERR_OK;
out:
	free(q);
	zipread_free(&z);
	return r;
}

void
zipread_free(struct zipread **zp)
{
	struct zipread *z = *zp;

	if (z == NULL)
		return;
	if (z->zip != NULL)
		zip_discard(z->zip);
	free(z->v);
	free(z->sorted);
	free(z);
	*zp = NULL;
}

size_t
zipread_count(const struct zipread *z)
{
	return z->n;
}

const struct zipread_entry *
zipread_entry(const struct zipread *z, size_t i)
{
	return i < z->n ? &z->v[i] : NULL;
}

const struct zipread_entry *
zipread_find(const struct zipread *z, const char *name)
{
	size_t lo = 0, hi = z->n, mid;
	int c;

	/* The sort is case-insensitive and names are unique that way too. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(name, z->v[z->sorted[mid]].name);
		if (c == 0)
			return strcmp(name, z->v[z->sorted[mid]].name) == 0 ?
			    &z->v[z->sorted[mid]] : NULL;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
zipread_read(struct zipread *z, const struct zipread_entry *e, void *out,
    size_t cap, size_t *lenp, char **cause)
{
	zip_file_t *zf = NULL;
	zip_int64_t n;
	size_t len = 0;
	uint8_t extra[64];
	const char *q = e->name;	/* checked when the archive was opened */
	int r = ERR_OK;

	*lenp = 0;
	if (e->size > cap) {
		r = err_set(cause, ERR_LIMIT, "%s: %llu bytes do not fit in "
		    "%zu", q != NULL ? q : "?", (unsigned long long)e->size,
		    cap);
		goto out;
	}
	if ((zf = zip_fopen_index(z->zip, e->index, 0)) == NULL) {
		r = err_set(cause, ERR_PARSE, "%s: %s", q != NULL ? q : "?",
		    zip_strerror(z->zip));
		goto out;
	}
	while (len < e->size) {
		n = zip_fread(zf, (uint8_t *)out + len, e->size - len);
		if (n < 0) {
			r = err_set(cause, ERR_PARSE, "%s: %s (damaged)",
			    q != NULL ? q : "?", zip_file_strerror(zf));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len != e->size) {
		r = err_set(cause, ERR_PARSE, "%s: %zu bytes where its header "
		    "says %llu (damaged or truncated)", q != NULL ? q : "?",
		    len, (unsigned long long)e->size);
		goto out;
	}
	/* One more read: more data is a lie (a bomb); EOF checks the CRC. */
	n = zip_fread(zf, extra, sizeof extra);
	if (n > 0)
		r = err_set(cause, ERR_LIMIT, "%s: inflates to more than the "
		    "%llu bytes its header says (a zip bomb?)",
		    q != NULL ? q : "?", (unsigned long long)e->size);
	else if (n < 0)
		r = err_set(cause, ERR_PARSE, "%s: %s (damaged)",
		    q != NULL ? q : "?", zip_file_strerror(zf));
	else
		*lenp = len;
out:
	if (zf != NULL)
		zip_fclose(zf);
	return r;
}

int
zipread_data(const struct zipread *z, const struct zipread_entry *e,
    const uint8_t **pp)
{
	*pp = NULL;
	if (e->offset == 0)
		return ERR_UNSUPPORTED;
	*pp = z->data + e->offset;
	return ERR_OK;
}

int
zipread_read_alloc(struct zipread *z, const struct zipread_entry *e,
    uint8_t **outp, size_t *lenp, char **cause)
{
	uint8_t *p;
	int r;

	*outp = NULL;
	*lenp = 0;
	if (e->size > z->lim.max_entry)
		return err_set(cause, ERR_LIMIT, "an entry is too large");
	if ((p = malloc((size_t)e->size + 1)) == NULL)
		return ERR_NOMEM;
	if ((r = zipread_read(z, e, p, (size_t)e->size, lenp, cause)) != 0) {
		free(p);
		return r;
	}
	p[*lenp] = '\0';
	*outp = p;
	return ERR_OK;
}

/* Write entry e under dir. */
static int
zipread_extract_one(struct zipread *z, const struct zipread_entry *e,
    const char *dir, char **cause)
{
	uint8_t *data = NULL;
	char *path = NULL, *slash;
	size_t len = 0;
	int r;

	if ((path = file_join(dir, e->name)) == NULL)
		return ERR_NOMEM;
	if (e->dir) {
		r = file_mkdirs(path, 0700, cause);
		goto out;
	}
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		r = file_mkdirs(path, 0700, cause);
		*slash = '/';
		if (r != 0)
			goto out;
	}
	if ((r = zipread_read_alloc(z, e, &data, &len, cause)) == 0)
		r = file_write_atomic(path, data, len, 0600, cause);
out:
	free(data);
	free(path);
	return r;
}

int
zipread_extract(struct zipread *z, const char *dir, const char *const *skip,
    char **cause)
{
	const struct zipread_entry *e;
	size_t i, k;
	int r;

	if ((r = file_mkdirs(dir, 0700, cause)) != 0)
		return r;
	for (i = 0; i < zipread_count(z); i++) {
		e = zipread_entry(z, i);
		for (k = 0; skip != NULL && skip[k] != NULL; k++)
			if (strcmp(skip[k], e->name) == 0)
				break;
		if (skip != NULL && skip[k] != NULL)
			continue;
		if ((r = zipread_extract_one(z, e, dir, cause)) != 0)
			return r;
	}
	return ERR_OK;
}
