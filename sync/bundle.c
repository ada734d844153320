/*
 * Writing bundles, and the small formats every bundle reader and writer
 * shares (names, hashes as hex, key ids, times); see bundle.h. Reading is
 * in bundle-read.c.
 *
 * The zip is built in memory with libzip, every entry stored, with DOS
 * times taken from the bundle's created time (in UTC, so the time zone of
 * the laptop cannot change the bytes) and fixed Unix attributes: libzip
 * then writes the same archive for the same input every time.
 */
#include "sync/bundle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/sodiumload.h"
#include "content/utf8.h"
#include "content/zipload.h"
#include "sync/device.h"
#include "sync/hash.h"
#include "sync/zipread.h"

void
bundle_hex(const uint8_t hash[BUNDLE_HASH_BYTES], char out[BUNDLE_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < BUNDLE_HASH_BYTES; i++) {
		out[2 * i] = digits[hash[i] >> 4];
		out[2 * i + 1] = digits[hash[i] & 0xf];
	}
	out[2 * BUNDLE_HASH_BYTES] = '\0';
}

/*
 * Each lowercase hex digit's value plus one; 0 for every other byte. A
 * table, not comparisons: the digits of a hash or an id are random, and
 * a branch per digit between '0'-'9' and 'a'-'f' is mispredicted half the
 * time (the hub checks several per submission).
 */
static const uint8_t bundle_hexv[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16,
};

int
bundle_unhex(const char *s, uint8_t hash[BUNDLE_HASH_BYTES])
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned hi, lo;
	size_t i;

	/* Stops at the first bad pair: s may be shorter than a hash. */
	for (i = 0; i < BUNDLE_HASH_BYTES; i++) {
		hi = bundle_hexv[u[2 * i]];
		lo = hi != 0 ? bundle_hexv[u[2 * i + 1]] : 0;
		if (lo == 0)
			return ERR_PARSE;
		hash[i] = (uint8_t)((hi - 1) << 4 | (lo - 1));
	}
	return s[2 * BUNDLE_HASH_BYTES] == '\0' ? ERR_OK : ERR_PARSE;
}

int
bundle_uuid_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < BUNDLE_ID_SIZE - 1; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (u[i] != '-')
				return 0;
		} else if (bundle_hexv[u[i]] == 0)
			return 0;
	}
	/* Version 4, variant 10xx. */
	return u[i] == '\0' && u[14] == '4' &&
	    (u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
}

void
bundle_name(const char *device, int64_t seq, char out[BUNDLE_NAME_SIZE])
{
	snprintf(out, BUNDLE_NAME_SIZE, "outreach-%s-%06" PRId64 ".zip",
	    device, seq);
}

int
bundle_name_parse(const char *name, char device[BUNDLE_KEYID_SIZE],
    int64_t *seqp)
{
	const char *p;
	int64_t seq = 0;
	size_t i;

	if (strncmp(name, "outreach-", 9) != 0 || strlen(name) != 9 + 16 + 1 +
	    6 + 4 || name[25] != '-' || strcmp(name + 32, ".zip") != 0)
		return ERR_INVALID;
	memcpy(device, name + 9, 16);
	device[16] = '\0';
	if (!device_key_id_valid(device))
		return ERR_INVALID;
	for (p = name + 26, i = 0; i < 6; i++, p++) {
		if (*p < '0' || *p > '9')
			return ERR_INVALID;
		seq = seq * 10 + (*p - '0');
	}
	if (seq < 1)
		return ERR_INVALID;
	*seqp = seq;
	return ERR_OK;
}

int
bundle_time_format(int64_t t, char out[BUNDLE_TIME_SIZE])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t < 0 || gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    strftime(out, BUNDLE_TIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) !=
	    BUNDLE_TIME_SIZE - 1)
		return ERR_INVALID;
	return ERR_OK;
}

int
bundle_time_parse(const char *s, int64_t *tp)
{
	struct tm tm;
	char back[BUNDLE_TIME_SIZE];
	unsigned y, mo, d, h, mi, se;
	size_t i;
	time_t t;

	if (strlen(s) != BUNDLE_TIME_SIZE - 1)
		return ERR_PARSE;
	for (i = 0; i < BUNDLE_TIME_SIZE - 1; i++) {
		char want = "0000-00-00T00:00:00Z"[i];

		if (want == '0' ? (s[i] < '0' || s[i] > '9') : s[i] != want)
			return ERR_PARSE;
	}
	if (sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2uZ", &y, &mo, &d, &h, &mi,
	    &se) != 6)
		return ERR_PARSE;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)mo - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)se;
	if ((t = timegm(&tm)) == (time_t)-1 || t < 0)
		return ERR_PARSE;
	/* A normalised date (30 February) does not format back the same. */
	if (bundle_time_format((int64_t)t, back) != 0 || strcmp(back, s) != 0)
		return ERR_PARSE;
	*tp = (int64_t)t;
	return ERR_OK;
}

int
bundle_field_ok(const char *s)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > BUNDLE_MAX_FIELD || !utf8_valid(s, len))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* Append s as a JSON string (s is valid UTF-8 without controls). */
static void
bundle_json_str(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addch(b, '\\');
		buf_addch(b, *s);
	}
	buf_addch(b, '"');
}

/* n in decimal at out (no NUL); returns its length. */
static size_t
bundle_utoa(size_t n, char out[24])
{
	char tmp[24];
	size_t k = 0, i;

	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	for (i = 0; i < k; i++)
		out[i] = tmp[k - 1 - i];
	return k;
}

/*
 * The manifest's JSON text (Caller frees). Written by hand rather than
 * through jansson: it is the hot path of an export, and its layout (two
 * spaces, keys in order, one key per line) must never change, or a
 * bundle written again would not be the same bytes.
 */
static int
bundle_manifest_json(const struct bundle_head *h,
    const struct bundle_item *items, size_t n, char **outp, size_t *lenp,
    char **cause)
{
	struct buf b = BUF_INIT;
	char hex[BUNDLE_HEX_SIZE], when[BUNDLE_TIME_SIZE];
	char pk[MINISIGN_PUBKEY_B64_SIZE], num[24];
	uint8_t hash[BUNDLE_HASH_BYTES];
	size_t i;

	*outp = NULL;
	if (bundle_time_format(h->created, when) != 0)
		return err_set(cause, ERR_INVALID, "bad creation time");
	minisign_pubkey_base64(&h->device_pk, pk);
	buf_reserve(&b, 512 + n * 200);
	buf_printf(&b, "{\n  \"format\": \"%s\",\n  \"device\": \"%s\",\n"
	    "  \"device_public_key\": \"%s\",\n  \"seq\": %lld,\n"
	    "  \"previous\": ", BUNDLE_FORMAT, h->device, pk,
	    (long long)h->seq);
	if (h->has_previous) {
		bundle_hex(h->previous, hex);
		buf_printf(&b, "\"%s\"", hex);
	} else
		buf_addstr(&b, "null");
	buf_printf(&b, ",\n  \"created\": \"%s\",\n  \"entries\": [", when);
	for (i = 0; i < n; i++) {
		if (items[i].sha256 != NULL)
			memcpy(hash, items[i].sha256, sizeof hash);
		else
			hash_sha256(hash, items[i].data, items[i].len);
		bundle_hex(hash, hex);
		/* Pieces, not printf: 5,000 entries a bundle. */
		if (i > 0)
			buf_addch(&b, ',');
		BUF_LIT(&b, "\n    {\n      \"id\": \"");
		buf_add(&b, items[i].id, strlen(items[i].id));
		BUF_LIT(&b, "\",\n      \"form\": ");
		bundle_json_str(&b, items[i].form);
		BUF_LIT(&b, ",\n      \"version\": ");
		bundle_json_str(&b, items[i].version);
		BUF_LIT(&b, ",\n      \"size\": ");
		buf_add(&b, num, bundle_utoa(items[i].len, num));
		BUF_LIT(&b, ",\n      \"sha256\": \"");
		buf_add(&b, hex, BUNDLE_HEX_SIZE - 1);
		BUF_LIT(&b, "\"\n    }");
	}
	buf_addstr(&b, "\n  ]\n}");
	if (buf_failed(&b)) {
		buf_free(&b);
		return ERR_NOMEM;
	}
	*outp = buf_detach(&b, lenp);
	return *outp != NULL ? ERR_OK : ERR_NOMEM;
}

/* Check what a caller hands in before writing anything. */
static int
bundle_check_input(const struct bundle_head *h,
    const struct bundle_item *items, size_t n,
    const struct minisign_seckey *sk, char **cause)
{
	struct minisign_pubkey pk;
	char id[BUNDLE_KEYID_SIZE];
	size_t i, total = 0;

	minisign_seckey_pubkey(sk, &pk);
	device_key_id(&h->device_pk, id);
	if (memcmp(&pk, &h->device_pk, sizeof pk) != 0 ||
	    strcmp(id, h->device) != 0)
		return err_set(cause, ERR_INVALID, "the signing key is not the "
		    "device key named in the bundle");
	if (h->seq < 1 || h->seq > BUNDLE_MAX_SEQ)
		return err_set(cause, ERR_LIMIT, "bundle number %" PRId64
		    " is out of range", h->seq);
	if (n == 0 || n > BUNDLE_MAX_ENTRIES)
		return err_set(cause, ERR_LIMIT, "a bundle holds 1 to %d "
		    "submissions, not %zu", BUNDLE_MAX_ENTRIES, n);
	for (i = 0; i < n; i++) {
		if (!bundle_uuid_ok(items[i].id) ||
		    !bundle_field_ok(items[i].form) ||
		    !bundle_field_ok(items[i].version) ||
		    items[i].len == 0 || items[i].len > BUNDLE_MAX_ENTRY)
			return err_set(cause, ERR_INVALID, "submission %zu "
			    "cannot go into a bundle (bad id, form, version "
			    "or size)", i + 1);
		total += items[i].len;
	}
	if (total > BUNDLE_MAX_PAYLOAD)
		return err_set(cause, ERR_LIMIT, "more than %zu bytes for one "
		    "bundle", BUNDLE_MAX_PAYLOAD);
	return ERR_OK;
}

/* Add one stored entry with the bundle's fixed time and attributes. */
static int
bundle_zip_add(zip_t *za, const char *name, const void *data, size_t len,
    zip_uint16_t dtime, zip_uint16_t ddate)
{
	zip_source_t *s;
	zip_int64_t idx;

	if ((s = zip_source_buffer(za, data, len, 0)) == NULL)
		return ERR_NOMEM;
	if ((idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(s);
		return ERR_NOMEM;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE,
	    0) != 0 || zip_file_set_dostime(za, (zip_uint64_t)idx, dtime,
	    ddate, 0) != 0 || zip_file_set_external_attributes(za,
	    (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16)
	    != 0)
		return ERR_NOMEM;
	return ERR_OK;
}

int
bundle_zip_finish(zip_t **zap, zip_source_t *src, uint8_t **outp,
    size_t *lenp, char **cause)
{
	zip_stat_t st;
	zip_int64_t got;
	uint8_t *p = NULL;
	int r = ERR_OK;

	if (zip_close(*zap) != 0) {
		r = err_set(cause, ERR_NOMEM, "cannot build the zip: %s",
		    zip_strerror(*zap));
		return r;
	}
	*zap = NULL;
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		return err_set(cause, ERR_NOMEM, "cannot read the zip back");
	if ((p = malloc(st.size > 0 ? st.size : 1)) == NULL)
		r = ERR_NOMEM;
	else if ((got = zip_source_read(src, p, st.size)) < 0 ||
	    (zip_uint64_t)got != st.size)
		r = err_set(cause, ERR_NOMEM, "cannot read the zip back");
	zip_source_close(src);
	if (r != 0) {
		free(p);
		return r;
	}
	*outp = p;
	*lenp = st.size;
	return ERR_OK;
}

int
bundle_build(const struct bundle_head *h, const struct bundle_item *items,
    size_t n, const struct minisign_seckey *sk, bundle_progress_fn progress,
    void *arg, uint8_t **zipp, size_t *lenp,
    uint8_t hash[BUNDLE_HASH_BYTES], char **cause)
{
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	char *manifest = NULL, *sig = NULL, *tc = NULL;
	char name[BUNDLE_ID_SIZE + 32];
	size_t mlen = 0, siglen = 0, i;
	struct tm tm;
	time_t created = (time_t)h->created;
	zip_uint16_t dtime, ddate;
	int r;

	*zipp = NULL;
	*lenp = 0;
	if ((r = bundle_check_input(h, items, n, sk, cause)) != 0)
		return r;
	if ((r = bundle_manifest_json(h, items, n, &manifest, &mlen,
	    cause)) != 0)
		goto out;
	hash_sha256(hash, (const uint8_t *)manifest, mlen);
	if ((tc = minisign_trusted_comment(BUNDLE_MANIFEST, created)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = minisign_sign(sk, manifest, mlen, tc, "signature from "
	    "outreach device key", &sig, &siglen, cause)) != 0)
		goto out;
	gmtime_r(&created, &tm);
	if (tm.tm_year < 80)
		tm.tm_year = 80;	/* DOS dates start in 1980 */
	dtime = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
	    tm.tm_sec / 2);
	ddate = (zip_uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
	    tm.tm_mday);
	if ((r = zipload_load(cause)) != 0)
		goto out;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL || (za = zip_open_from_source(src, ZIP_TRUNCATE,
	    &ze)) == NULL) {
		r = err_set(cause, ERR_NOMEM, "cannot start a zip: %s",
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto out;
	}
	zip_error_fini(&ze);
	zip_source_keep(src);
	if ((r = bundle_zip_add(za, BUNDLE_MANIFEST, manifest, mlen, dtime,
	    ddate)) != 0 || (r = bundle_zip_add(za, BUNDLE_MANIFEST_SIG, sig,
	    siglen, dtime, ddate)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "submissions/%s.age", items[i].id);
		if ((r = bundle_zip_add(za, name, items[i].data, items[i].len,
		    dtime, ddate)) != 0)
			goto out;
		if (progress != NULL && ((i + 1) % 100 == 0 || i + 1 == n))
			progress(arg, i + 1, n);
	}
	r = bundle_zip_finish(&za, src, zipp, lenp, cause);
out:
	if (za != NULL)
		zip_discard(za);
	if (src != NULL)
		zip_source_free(src);
	free(manifest);
	free(sig);
	free(tc);
	return r;
}
