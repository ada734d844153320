/*
 * Unit tests for sync/bundle*.c: a bundle written, read back and verified;
 * written twice byte for byte; refused when its key, manifest, entries or
 * shape are wrong. Then the export from a real outbox (bundle-export.c):
 * nothing new writes nothing, a vanished bundle is written again byte for
 * byte, and a missing, full (a 64 KiB tmpfs, when we may mount one) or
 * read-only folder gives a clear reason and leaves the outbox as it was;
 * and the facilitator menu's export screen, drawn headless.
 *
 * Runs from the top of the repository (the bundled pack).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <zip.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "sync/bundle-export.h"
#include "sync/bundle.h"
#include "sync/outbox.h"
#include "sync/submission.h"
#include "tui/kiosk.h"
#include "tui/screen-export.h"
#include "sync/device.h"
#include "sync/hash.h"
#include "sync/minisign.h"
#include "tests/unit/test.h"

#define NITEMS	5

static const char *ids[NITEMS] = {
	"0b5f4c8e-7a1d-4e2b-9c3f-1a2b3c4d5e6f",
	"1c6a5d9f-8b2e-4f3c-8d4a-2b3c4d5e6f70",
	"2d7b6eaf-9c3f-4a4d-ae5b-3c4d5e6f7081",
	"3e8c7fb0-ad4a-4b5e-bf6c-4d5e6f708192",
	"4f9d80c1-be5b-4c6f-807d-5e6f708192a3",
};

static uint8_t payload[NITEMS][300];
static struct bundle_item items[NITEMS];

static void
items_init(void)
{
	size_t i;

	for (i = 0; i < NITEMS; i++) {
		randombytes_buf(payload[i], sizeof payload[i]);
		items[i].id = ids[i];
		items[i].form = i % 2 ? "carers" : "draft-strategy";
		items[i].version = "2026112301";
		items[i].data = payload[i];
		items[i].len = 100 + 40 * i;
	}
}

static void
head_init(struct bundle_head *h, const struct minisign_seckey *sk, int64_t seq)
{
	memset(h, 0, sizeof *h);
	minisign_seckey_pubkey(sk, &h->device_pk);
	device_key_id(&h->device_pk, h->device);
	h->seq = seq;
	h->created = 1795460950;	/* 2026-11-23T19:09:10Z */
	if (seq > 1) {
		h->has_previous = 1;
		memset(h->previous, 0xab, sizeof h->previous);
	}
}

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static void
drop(char **p)
{
	free(*p);
	*p = NULL;
}

static size_t progress_calls, progress_last;

static void
progress(void *arg, size_t done, size_t n)
{
	(void)arg;
	progress_calls++;
	progress_last = done == n ? n : 0;
}

static void
test_formats(void)
{
	char name[BUNDLE_NAME_SIZE], dev[BUNDLE_KEYID_SIZE], when[BUNDLE_TIME_SIZE];
	uint8_t h[BUNDLE_HASH_BYTES], back[BUNDLE_HASH_BYTES];
	char hex[BUNDLE_HEX_SIZE];
	int64_t seq = 0, t = 0;

	bundle_name("00A1B2C3D4E5F607", 42, name);
	CHECK_STR(name, "outreach-00A1B2C3D4E5F607-000042.zip", "bundle name");
	CHECK(bundle_name_parse(name, dev, &seq) == 0 && seq == 42 &&
	    strcmp(dev, "00A1B2C3D4E5F607") == 0, "name parses back");
	CHECK(bundle_name_parse("outreach-00a1b2c3d4e5f607-000042.zip", dev,
	    &seq) != 0, "lower-case key id refused");
	CHECK(bundle_name_parse("outreach-00A1B2C3D4E5F607-000000.zip", dev,
	    &seq) != 0, "bundle 0 refused");
	CHECK(bundle_name_parse("outreach-00A1B2C3D4E5F607-42.zip", dev,
	    &seq) != 0, "short number refused");
	CHECK(bundle_time_format(1795460950, when) == 0 &&
	    strcmp(when, "2026-11-23T19:09:10Z") == 0, "time format");
	CHECK(bundle_time_parse("2026-11-23T19:09:10Z", &t) == 0 &&
	    t == 1795460950, "time parse");
	CHECK(bundle_time_parse("2026-02-30T00:00:00Z", &t) != 0,
	    "30 February refused");
	CHECK(bundle_time_parse("2026-11-23T19:09:10+00:00", &t) != 0,
	    "an offset refused (UTC Z only)");
	randombytes_buf(h, sizeof h);
	bundle_hex(h, hex);
	CHECK(bundle_unhex(hex, back) == 0 && memcmp(h, back, sizeof h) == 0,
	    "hex round trip");
	hex[5] = 'A';
	CHECK(bundle_unhex(hex, back) != 0, "upper-case hex refused");
	CHECK(bundle_uuid_ok(ids[0]), "a UUIDv4");
	CHECK(!bundle_uuid_ok("0b5f4c8e-7a1d-3e2b-9c3f-1a2b3c4d5e6f"),
	    "a UUIDv3 refused");
	CHECK(!bundle_uuid_ok("0B5F4C8E-7A1D-4E2B-9C3F-1A2B3C4D5E6F"),
	    "upper case refused");
}

/* The rules as they read, one comparison at a time: what the table must give. */
static int
ref_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int
ref_unhex(const char *s, uint8_t out[32])
{
	size_t i;
	int hi, lo;

	for (i = 0; i < 32; i++) {
		if ((hi = ref_hexval((unsigned char)s[2 * i])) < 0 ||
		    (lo = ref_hexval((unsigned char)s[2 * i + 1])) < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return s[64] == '\0' ? 0 : -1;
}

static int
ref_uuid_ok(const char *s)
{
	size_t i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (ref_hexval((unsigned char)s[i]) < 0)
			return 0;
	}
	return s[36] == '\0' && s[14] == '4' && s[19] != '\0' &&
	    strchr("89ab", s[19]) != NULL;
}

/*
 * Every byte at every place of a hash's hex and of an id, against the
 * rules written out: the same verdicts (and bytes), short strings
 * included (a NUL at any place).
 */
static void
test_hex_every_byte(void)
{
	char hex[BUNDLE_HEX_SIZE + 1], id[BUNDLE_ID_SIZE + 1];
	uint8_t h[32], a[32], b[32];
	size_t pos, bad = 0, n = 0;
	int c, ra, rb;

	randombytes_buf(h, sizeof h);
	bundle_hex(h, hex);
	for (pos = 0; pos <= 64; pos++)
		for (c = 0; c < 256; c++) {
			char t[BUNDLE_HEX_SIZE + 1];

			memcpy(t, hex, sizeof hex);
			t[pos] = (char)c;
			t[65] = '\0';
			memset(a, 0, sizeof a);
			memset(b, 0, sizeof b);
			ra = bundle_unhex(t, a) == 0;
			rb = ref_unhex(t, b) == 0;
			bad += ra != rb || (ra && memcmp(a, b, 32) != 0);
			n++;
		}
	snprintf(id, sizeof id, "%s", "0b5f4c8e-7a1d-4e2b-9c3f-1a2b3c4d5e6f");
	for (pos = 0; pos <= 36; pos++)
		for (c = 0; c < 256; c++) {
			char t[BUNDLE_ID_SIZE + 1];

			memcpy(t, id, sizeof id);
			t[pos] = (char)c;
			t[37] = '\0';
			bad += !bundle_uuid_ok(t) != !ref_uuid_ok(t);
			n++;
		}
	CHECK(n == 65 * 256 + 37 * 256 && bad == 0,
	    "hex and ids: every byte at every place as the rules say "
	    "(%zu of %zu differ)", bad, n);
}

static void
test_roundtrip(const struct minisign_seckey *sk,
    const struct minisign_seckey *other)
{
	struct bundle_head h;
	struct bundle *b = NULL;
	struct minisign_pubkey pk, opk;
	uint8_t *z1 = NULL, *z2 = NULL, hash1[32], hash2[32], buf[1024];
	size_t l1 = 0, l2 = 0, len;
	char *why = NULL;
	int r;

	minisign_seckey_pubkey(sk, &pk);
	minisign_seckey_pubkey(other, &opk);
	head_init(&h, sk, 3);
	r = bundle_build(&h, items, NITEMS, sk, progress, NULL, &z1, &l1,
	    hash1, &why);
	CHECK_INT(r, 0, "build a bundle (%s)", why ? why : "");
	CHECK(progress_calls > 0 && progress_last == NITEMS,
	    "progress reached the end");
	drop(&why);
	r = bundle_build(&h, items, NITEMS, sk, NULL, NULL, &z2, &l2, hash2,
	    &why);
	CHECK(r == 0 && l1 == l2 && memcmp(z1, z2, l1) == 0 &&
	    memcmp(hash1, hash2, 32) == 0, "built twice: byte-identical");
	drop(&why);

	r = bundle_open(z1, l1, &b, &why);
	CHECK_INT(r, 0, "open it (%s)", why ? why : "");
	drop(&why);
	if (r != 0)
		goto out;
	CHECK(b->n == NITEMS && b->head.seq == 3 && b->head.has_previous &&
	    b->head.previous[0] == 0xab && b->head.created == h.created &&
	    strcmp(b->head.device, h.device) == 0, "the head reads back");
	CHECK(memcmp(b->hash, hash1, 32) == 0, "hash is the manifest's");
	CHECK(strcmp(b->entries[1].form, "carers") == 0 &&
	    strcmp(b->entries[4].id, ids[4]) == 0 &&
	    b->entries[4].size == 260, "entries read back in order");
	CHECK(contains(b->manifest, "\"format\": \"outreach-bundle/1\"") &&
	    contains(b->manifest, "\"previous\": \"abab"), "manifest text");
	CHECK_INT(bundle_verify(b, &pk, &why), 0, "verifies (%s)",
	    why ? why : "");
	drop(&why);
	r = bundle_check_signature(b, &opk, &why);
	CHECK(r == ERR_NOKEY && contains(why, "another key"),
	    "another key: %s", why ? why : "");
	drop(&why);
	r = bundle_entry_read(b, 2, buf, sizeof buf, &len, &why);
	CHECK(r == 0 && len == items[2].len && memcmp(buf, payload[2], len) == 0,
	    "an entry reads back");
	CHECK(bundle_entry_hash_ok(&b->entries[2], buf, len), "its hash");
	{
		const uint8_t *in;
		size_t i, inlen, same = 0;

		for (i = 0; i < b->n; i++)
			if (bundle_entry_data(b, i, &in, &inlen) == 0 &&
			    inlen == items[i].len && in > z1 &&
			    in + inlen <= z1 + l1 &&
			    memcmp(in, payload[i], inlen) == 0)
				same++;
		CHECK(same == NITEMS, "every entry in place, in the bundle's "
		    "bytes");
	}
	buf[7] ^= 1;
	CHECK(!bundle_entry_hash_ok(&b->entries[2], buf, len),
	    "a flipped bit fails the hash");
	drop(&why);
out:
	bundle_free(&b);
	free(z1);
	free(z2);
}

/* Open z after f(z) and expect a refusal whose reason holds want. */
static void
expect_refused(const uint8_t *z, size_t len, const struct minisign_pubkey *pk,
    const char *what, const char *want)
{
	struct bundle *b = NULL;
	char *why = NULL;
	int r;

	r = bundle_open(z, len, &b, &why);
	if (r == 0)
		r = bundle_verify(b, pk, &why);
	CHECK(r != 0 && contains(why, want), "%s refused: %s", what,
	    why ? why : "(accepted)");
	bundle_free(&b);
	free(why);
}

static size_t
find(const uint8_t *p, size_t len, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i + n <= len; i++)
		if (memcmp(p + i, s, n) == 0)
			return i;
	return (size_t)-1;
}

static void
test_tamper(const struct minisign_seckey *sk,
    const struct minisign_seckey *other)
{
	struct bundle_head h;
	struct minisign_pubkey pk;
	uint8_t *z = NULL, *c = NULL, hash[32];
	size_t len = 0, at;
	char *why = NULL;

	minisign_seckey_pubkey(sk, &pk);
	head_init(&h, sk, 1);
	if (bundle_build(&h, items, NITEMS, sk, NULL, NULL, &z, &len, hash,
	    &why) != 0)
		abort();
	c = malloc(len);

	/* A flipped byte inside the last entry's data (its CRC catches it). */
	memcpy(c, z, len);
	at = find(c, len, "submissions/4f9d80c1");
	c[at + 52] ^= 0x40;
	expect_refused(c, len, &pk, "a flipped byte in an entry", "4f9d80c1");

	/* An edited manifest: a size changed by one digit. */
	memcpy(c, z, len);
	at = find(c, len, "\"size\": 100");
	c[at + 9] = '2';
	expect_refused(c, len, &pk, "an edited manifest", "");

	/* A manifest signed by another key. */
	{
		struct bundle_head h2 = h;
		uint8_t *z2 = NULL;
		size_t l2;

		minisign_seckey_pubkey(other, &h2.device_pk);
		device_key_id(&h2.device_pk, h2.device);
		if (bundle_build(&h2, items, NITEMS, other, NULL, NULL, &z2,
		    &l2, hash, &why) != 0)
			abort();
		expect_refused(z2, l2, &pk, "signed by another key",
		    "another key");
		free(z2);
	}

	/* Truncated. */
	expect_refused(z, len - 100, &pk, "a truncated bundle", "truncated");

	/* Built with a signing key that is not the named device's. */
	{
		struct bundle_item bad = items[0];
		uint8_t *z3 = NULL;
		size_t l3;

		CHECK(bundle_build(&h, items, NITEMS, other, NULL, NULL, &z3,
		    &l3, hash, &why) == ERR_INVALID &&
		    contains(why, "not the device key"),
		    "build refuses a key that is not the device's");
		drop(&why);

		bad.id = "not-a-uuid";
		CHECK(bundle_build(&h, &bad, 1, sk, NULL, NULL, &z3, &l3, hash,
		    &why) == ERR_INVALID, "build refuses a bad id");
		drop(&why);
		CHECK(bundle_build(&h, items, 0, sk, NULL, NULL, &z3, &l3, hash,
		    &why) == ERR_LIMIT, "build refuses an empty bundle");
		drop(&why);
	}
	free(c);
	free(z);
}

/*
 * A copy of bundle z with entry name replaced by data (added when absent),
 * rewritten by libzip so that its CRCs are right: what an attacker who
 * edits a bundle would make. Caller frees.
 */
static uint8_t *
rezip(const uint8_t *z, size_t len, const char *name, const void *data,
    size_t dlen, size_t *outlen)
{
	zip_source_t *src, *s;
	zip_error_t ze;
	zip_stat_t st;
	zip_t *za;
	zip_int64_t idx;
	uint8_t *copy, *out;

	if ((copy = malloc(len)) == NULL)
		abort();
	memcpy(copy, z, len);
	zip_error_init(&ze);
	/* libzip owns (and frees) the buffer it rewrites. */
	src = zip_source_buffer_create(copy, len, 1, &ze);
	za = zip_open_from_source(src, 0, &ze);
	zip_source_keep(src);
	s = zip_source_buffer(za, data, dlen, 0);
	if ((idx = zip_name_locate(za, name, 0)) >= 0)
		zip_file_replace(za, (zip_uint64_t)idx, s, 0);
	else
		zip_file_add(za, name, s, 0);
	zip_close(za);
	zip_stat_init(&st);
	zip_source_stat(src, &st);
	zip_source_open(src);
	out = malloc(st.size);
	zip_source_read(src, out, st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*outlen = st.size;
	return out;
}

/*
 * The manifest's bytes against a reference written with printf, as the
 * format says: a bundle written again must be the same bytes, so the
 * layout can never drift, however the writer is made faster.
 */
static void
test_manifest_layout(const struct minisign_seckey *sk)
{
	struct bundle_head h;
	struct bundle *b = NULL;
	struct buf ref = BUF_INIT;
	struct bundle_item odd[NITEMS];
	char hex[BUNDLE_HEX_SIZE], when[BUNDLE_TIME_SIZE];
	char pk[MINISIGN_PUBKEY_B64_SIZE];
	uint8_t *z = NULL, hash[32], eh[32];
	size_t len, i;
	int r;

	memcpy(odd, items, sizeof odd);
	odd[1].form = "q\"uo\\te";	/* escaped in the JSON */
	odd[2].len = 1;
	odd[3].len = 10;
	odd[4].len = 300;
	head_init(&h, sk, 3);
	bundle_time_format(h.created, when);
	minisign_pubkey_base64(&h.device_pk, pk);
	buf_printf(&ref, "{\n  \"format\": \"%s\",\n  \"device\": \"%s\",\n"
	    "  \"device_public_key\": \"%s\",\n  \"seq\": %lld,\n"
	    "  \"previous\": ", BUNDLE_FORMAT, h.device, pk,
	    (long long)h.seq);
	bundle_hex(h.previous, hex);
	buf_printf(&ref, "\"%s\",\n  \"created\": \"%s\",\n  \"entries\": [",
	    hex, when);
	for (i = 0; i < NITEMS; i++) {
		hash_sha256(eh, odd[i].data, odd[i].len);
		bundle_hex(eh, hex);
		buf_printf(&ref, "%s\n    {\n      \"id\": \"%s\",\n"
		    "      \"form\": \"%s\",\n      \"version\": \"%s\",\n"
		    "      \"size\": %zu,\n      \"sha256\": \"%s\"\n    }",
		    i > 0 ? "," : "", odd[i].id, i == 1 ? "q\\\"uo\\\\te" :
		    odd[i].form, odd[i].version, odd[i].len, hex);
	}
	buf_addstr(&ref, "\n  ]\n}");
	r = bundle_build(&h, odd, NITEMS, sk, NULL, NULL, &z, &len, hash,
	    NULL);
	if (r == 0)
		r = bundle_open(z, len, &b, NULL);
	CHECK(r == 0 && b->manifest_len == ref.len &&
	    memcmp(b->manifest, ref.data, ref.len) == 0,
	    "the manifest is laid out byte for byte as the format says");
	if (r == 0 && (b->manifest_len != ref.len ||
	    memcmp(b->manifest, ref.data, ref.len) != 0))
		printf("# got:\n%.*s\n# want:\n%s\n", (int)b->manifest_len,
		    (const char *)b->manifest, buf_str(&ref));
	bundle_free(&b);
	buf_free(&ref);
	free(z);
}

static void
test_rezipped(const struct minisign_seckey *sk)
{
	struct bundle_head h;
	struct minisign_pubkey pk;
	struct bundle *b = NULL;
	uint8_t *z = NULL, *out, hash[32], flipped[300];
	char name[80], *m = NULL, *why = NULL;
	size_t len, olen;

	minisign_seckey_pubkey(sk, &pk);
	head_init(&h, sk, 1);
	if (bundle_build(&h, items, NITEMS, sk, NULL, NULL, &z, &len, hash,
	    &why) != 0 || bundle_open(z, len, &b, &why) != 0)
		abort();

	out = rezip(z, len, "run.sh", "#!/bin/sh\n", 10, &olen);
	expect_refused(out, olen, &pk, "an unexpected entry",
	    "unexpected entry \"run.sh\"");
	free(out);

	memcpy(flipped, payload[1], items[1].len);
	flipped[17] ^= 0x01;
	snprintf(name, sizeof name, "submissions/%s.age", ids[1]);
	out = rezip(z, len, name, flipped, items[1].len, &olen);
	expect_refused(out, olen, &pk, "a flipped byte, CRC recomputed",
	    "does not match its SHA-256");
	free(out);

	out = rezip(z, len, name, flipped, items[1].len - 1, &olen);
	expect_refused(out, olen, &pk, "a shortened entry", "bytes; the "
	    "manifest says");
	free(out);

	m = strdup(b->manifest);
	{
		char *p = strstr(m, "\"form\": \"carers\"");

		memcpy(p, "\"form\": \"cArers\"", 16);
	}
	out = rezip(z, len, "manifest.json", m, strlen(m), &olen);
	expect_refused(out, olen, &pk, "an edited manifest, CRC recomputed",
	    "signature does not verify");
	free(out);
	free(m);

	m = strdup(b->manifest);
	*strstr(m, "\"seq\": 1") = ' ';
	out = rezip(z, len, "manifest.json", m, strlen(m), &olen);
	expect_refused(out, olen, &pk, "a manifest that is not JSON",
	    "not valid JSON");
	free(out);
	free(m);

	if (asprintf(&m, "%s", b->manifest) < 0)
		abort();
	{
		char *p = strstr(m, ids[2]);

		memcpy(p, ids[3], strlen(ids[3]));
		p = strstr(p, "\"size\": 180");
		memcpy(p, "\"size\": 220", 11);
	}
	out = rezip(z, len, "manifest.json", m, strlen(m), &olen);
	expect_refused(out, olen, &pk, "an id listed twice", "twice");
	free(out);
	free(m);

	bundle_free(&b);
	free(z);
}

/* The export flow ----------------------------------------------------- */

static char tmp[] = "/tmp/test-bundle.XXXXXX";
static size_t export_calls, export_checks;

static void
export_progress(void *arg, const struct bundle_export_progress *p)
{
	(void)arg;
	export_calls++;
	if (p->phase == BUNDLE_EXPORT_CHECK)
		export_checks++;
}

/* Seal n feedback submissions with a comment of pad bytes. */
static void
seal(const char *home, const struct pack *pack, size_t n, size_t pad)
{
	struct outbox_sealer *s = NULL;
	struct submission sub;
	struct submission_answer a[1];
	char *text = malloc(pad + 1);
	size_t i;

	memset(text, 'x', pad);
	text[pad] = '\0';
	if (outbox_sealer_open(home, pack, &s, NULL) != 0)
		abort();
	for (i = 0; i < n; i++) {
		memset(&sub, 0, sizeof sub);
		a[0].name = "comment";
		a[0].value = text;
		sub.kind = SUBMISSION_FEEDBACK;
		sub.form_id = "quick-feedback";
		sub.form_version = "2026112301";
		sub.lang = "en";
		sub.started = 1795460000;
		sub.submitted = 1795460100;
		sub.answers = a;
		sub.nanswers = 1;
		if (outbox_sealer_seal(s, &sub, NULL) != 0)
			abort();
	}
	outbox_sealer_free(&s);
	free(text);
}

/* A new home and stick under tmp, named by tag, with n sealed of pad bytes. */
static void
home_and_stick(char home[300], char stick[300], const char *tag,
    const struct pack *pack, size_t n, size_t pad)
{
	snprintf(home, 300, "%s/home%s", tmp, tag);
	snprintf(stick, 300, "%s/stick%s", tmp, tag);
	mkdir(home, 0700);
	mkdir(stick, 0755);
	seal(home, pack, n, pad);
}

static uint64_t
pending(const char *home)
{
	struct outbox *ob = NULL;
	struct outbox_counts c;

	memset(&c, 0, sizeof c);
	if (outbox_open(home, &ob, NULL) == 0)
		outbox_counts(ob, &c, NULL);
	outbox_close(&ob);
	return c.pending;
}

/* Files in dir (no . or ..). */
static int
nfiles(const char *dir)
{
	char cmd[600], buf[32];
	FILE *f;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	if ((f = popen(cmd, "r")) != NULL) {
		if (fgets(buf, sizeof buf, f) != NULL)
			n = atoi(buf);
		pclose(f);
	}
	return n;
}

/* Open bundle seq of the folder stick (its data kept in *datap). */
static struct bundle *
stick_bundle(const char *stick, int seq, char **datap)
{
	struct bundle *b = NULL;
	char cmd[800], path[600] = "";
	size_t len = 0;
	FILE *f;

	*datap = NULL;
	snprintf(cmd, sizeof cmd, "ls '%s'/outreach-*-%06d.zip", stick, seq);
	if ((f = popen(cmd, "r")) != NULL) {
		if (fgets(path, sizeof path, f) != NULL)
			path[strcspn(path, "\n")] = '\0';
		pclose(f);
	}
	if (file_read(path, 1 << 24, datap, &len, NULL) == 0)
		bundle_open(*datap, len, &b, NULL);
	return b;
}

/* Bundles 1 to n of stick each name the one before, and hold the next ids. */
static int
stick_chained(const char *stick, int n)
{
	struct bundle *b[8] = { NULL };
	char *d[8] = { NULL };
	int i, ok = n <= 8;

	for (i = 0; ok && i < n; i++) {
		b[i] = stick_bundle(stick, i + 1, &d[i]);
		ok = b[i] != NULL && b[i]->head.seq == i + 1 &&
		    b[i]->head.has_previous == (i > 0);
		if (ok && i > 0)
			ok = memcmp(b[i]->head.previous, b[i - 1]->hash,
			    BUNDLE_HASH_BYTES) == 0 && strcmp(b[i - 1]->entries[
			    b[i - 1]->n - 1].id, b[i]->entries[0].id) != 0;
	}
	for (i = 0; i < 8; i++) {
		bundle_free(&b[i]);
		free(d[i]);
	}
	return ok;
}

static void
test_export_flow(const struct pack *pack)
{
	struct bundle_export_result res;
	char home[300], stick[300], path[400], *why = NULL, *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	int r;

	home_and_stick(home, stick, "", pack, 25, 10);

	r = bundle_export(home, "/nonexistent/stick", 0, NULL, NULL, &res, &why);
	CHECK(r == ERR_NOTFOUND && contains(why, "does not exist") &&
	    pending(home) == 25, "a missing folder: %s; the outbox is as it "
	    "was", why ? why : "");
	drop(&why);

	r = bundle_export(home, stick, 10, export_progress, NULL, &res, &why);
	CHECK(r == 0 && res.written == 3 && res.submissions == 25 &&
	    res.first_seq == 1 && res.last_seq == 3 && pending(home) == 0,
	    "25 submissions into 3 bundles of at most 10 (%s)", why ? why : "");
	CHECK(export_calls > 3 && export_checks == 3,
	    "progress while writing, and each bundle checked");
	CHECK_INT(nfiles(stick), 3, "only the bundles are left in the folder");
	CHECK(stick_chained(stick, 3), "each bundle names the one before it "
	    "as previous, and holds other submissions");
	drop(&why);

	r = bundle_export(home, stick, 10, NULL, NULL, &res, &why);
	CHECK(r == 0 && res.written == 0 && res.rewritten == 0 &&
	    res.present == 3, "again: nothing written, 3 found intact");

	snprintf(path, sizeof path, "%s/outreach-", stick);
	{
		char cmd[800];
		FILE *f;

		snprintf(cmd, sizeof cmd, "ls '%s'/outreach-*-000002.zip", stick);
		if ((f = popen(cmd, "r")) != NULL) {
			if (fgets(path, sizeof path, f) != NULL)
				path[strcspn(path, "\n")] = '\0';
			pclose(f);
		}
	}
	file_read(path, 1 << 24, &a, &la, NULL);
	unlink(path);
	sleep(1);
	r = bundle_export(home, stick, 10, NULL, NULL, &res, &why);
	file_read(path, 1 << 24, &b, &lb, NULL);
	CHECK(r == 0 && res.rewritten == 1 && res.written == 0 &&
	    res.present == 2, "a vanished bundle is written again");
	CHECK(a != NULL && b != NULL && la == lb && memcmp(a, b, la) == 0,
	    "byte for byte");
	free(a);
	free(b);
	drop(&why);

	/* More submissions than the first allocation holds. */
	home_and_stick(home, stick, "4", pack, 700, 10);
	r = bundle_export(home, stick, 0, NULL, NULL, &res, &why);
	CHECK(r == 0 && res.written == 1 && res.submissions == 700,
	    "700 submissions in one bundle (%s)", why ? why : "");
	drop(&why);
}

/* Bundle 2 damaged on the stick while it is read back; was it named yet? */
static int spoil_named;
static size_t spoil_bundle;
static int spoil_cut;	/* its last byte cut off, not one changed */
static int fsync_fail_zip;	/* see fsync() below */

static void
sync_fail_progress(void *arg, const struct bundle_export_progress *p)
{
	(void)arg;
	if (p->phase == BUNDLE_EXPORT_WRITE && p->bundle == spoil_bundle)
		fsync_fail_zip = 1;
}

static void
spoil_progress(void *arg, const struct bundle_export_progress *p)
{
	const char *stick = arg;
	char cmd[800], path[600] = "";
	FILE *f;
	int fd;
	off_t end;

	if (p->phase != BUNDLE_EXPORT_CHECK || p->bundle != spoil_bundle)
		return;
	snprintf(cmd, sizeof cmd, "ls '%s'/outreach-*-%06zu.zip 2>/dev/null; "
	    "ls '%s'/outreach-*-%06zu.zip.tmp", stick, spoil_bundle, stick,
	    spoil_bundle);
	if ((f = popen(cmd, "r")) != NULL) {
		if (fgets(path, sizeof path, f) != NULL)
			path[strcspn(path, "\n")] = '\0';
		pclose(f);
	}
	spoil_named = strstr(path, ".tmp") == NULL;
	/* One byte in the middle, in a ciphertext: what a bad stick does. */
	if ((fd = open(path, O_RDWR)) != -1) {
		end = lseek(fd, 0, SEEK_END);
		if (end > 0 && (spoil_cut ? ftruncate(fd, end - 1) == 0 :
		    pwrite(fd, "!", 1, end / 2) == 1))
			fsync(fd);
		close(fd);
	}
}

static void
test_export_readback(const struct pack *pack)
{
	struct bundle_export_result res;
	char home[300], stick[300], *why = NULL;
	int r;

	home_and_stick(home, stick, "5", pack, 25, 10);
	spoil_bundle = 2;
	r = bundle_export(home, stick, 10, spoil_progress, stick, &res, &why);
	CHECK(!spoil_named, "a bundle is read back before it is given its name");
	CHECK(r == ERR_IO && contains(why, "did not read back") &&
	    contains(why, "came back changed") &&
	    res.written == 1 && res.submissions == 10 && pending(home) == 15,
	    "bundle 2 does not read back: bundle 1, read back before it, is "
	    "recorded, and the rest wait (%s)", why ? why : "");
	CHECK(nfiles(stick) == 1 && stick_chained(stick, 1),
	    "bundle 1 alone is on the stick, nothing half-written");
	drop(&why);
	spoil_bundle = 0;
	r = bundle_export(home, stick, 10, NULL, NULL, &res, &why);
	CHECK(r == 0 && res.written == 2 && res.first_seq == 2 &&
	    pending(home) == 0 && nfiles(stick) == 3 && stick_chained(stick, 3),
	    "the next export writes 2 and 3 after it (%s)", why ? why : "");
	drop(&why);

	/* The first bundle comes back a byte short. */
	home_and_stick(home, stick, "6", pack, 25, 10);
	spoil_bundle = 1;
	spoil_cut = 1;
	r = bundle_export(home, stick, 10, spoil_progress, stick, &res, &why);
	CHECK(r == ERR_IO && contains(why, "did not read back") &&
	    contains(why, "bytes came back") && res.written == 0 &&
	    pending(home) == 25 && nfiles(stick) == 0,
	    "a bundle cut short is removed, nothing recorded (%s)",
	    why ? why : "");
	drop(&why);
	spoil_bundle = 0;
	spoil_cut = 0;
}

/*
 * fsync() for this program: with fsync_fail_zip set, bundle spoil_bundle's
 * temporary file fails as a stick fails that runs out of room only when
 * its data is flushed (delayed allocation), once; anything else is the
 * real fsync.
 */

int
fsync(int fd)
{
	static int (*real)(int);
	char link[64], path[PATH_MAX], want[32];
	ssize_t n;

	if (fsync_fail_zip) {
		snprintf(want, sizeof want, "-%06zu.zip.tmp", spoil_bundle);
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		n = readlink(link, path, sizeof path - 1);
		if (n > 0) {
			path[n] = '\0';
			if (strstr(path, want) != NULL) {
				fsync_fail_zip = 0;
				errno = ENOSPC;
				return -1;
			}
		}
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "fsync");
	return real(fd);
}

/* The second bundle does not become durable on the stick. */
static void
test_export_sync_fails(const struct pack *pack)
{
	struct bundle_export_result res;
	char home[300], stick[300], *why = NULL;
	int r;

	home_and_stick(home, stick, "7", pack, 25, 10);
	spoil_bundle = 2;	/* the fault waits for bundle 2 */
	r = bundle_export(home, stick, 10, sync_fail_progress, stick, &res,
	    &why);
	CHECK(r == ERR_FULL && contains(why, "is full") && res.written == 1 &&
	    pending(home) == 15,
	    "bundle 2 not made durable: bundle 1 is recorded, the rest wait "
	    "(%s)", why ? why : "");
	CHECK(nfiles(stick) == 1 && stick_chained(stick, 1),
	    "bundle 1 alone is on the stick, no temporary file");
	drop(&why);
	spoil_bundle = 0;
	fsync_fail_zip = 0;
	r = bundle_export(home, stick, 10, NULL, NULL, &res, &why);
	CHECK(r == 0 && res.written == 2 && pending(home) == 0 &&
	    stick_chained(stick, 3), "the next export writes 2 and 3 (%s)",
	    why ? why : "");
	drop(&why);
}

/* A full stick and a read-only one: a 64 KiB tmpfs, if it can be mounted. */
static void
test_export_full(const struct pack *pack)
{
	struct bundle_export_result res;
	char home[300], full[300], *why = NULL;
	int r;

	snprintf(home, sizeof home, "%s/home2", tmp);
	snprintf(full, sizeof full, "%s/full", tmp);
	mkdir(home, 0700);
	mkdir(full, 0755);
	if (geteuid() != 0 || mount("tmpfs", full, "tmpfs", 0,
	    "size=64k") != 0) {
		SKIP("cannot mount a small tmpfs here (%s): no full-disk test",
		    strerror(errno));
		return;
	}
	seal(home, pack, 40, 3000);
	r = bundle_export(home, full, 0, NULL, NULL, &res, &why);
	CHECK(r == ERR_FULL && contains(why, "is full"),
	    "a full stick: %s", why ? why : "");
	CHECK(pending(home) == 40 && res.written == 0,
	    "the outbox is as it was");
	CHECK_INT(nfiles(full), 0, "nothing half-written is left behind");
	drop(&why);
	seal(home, pack, 1, 10);
	/* Room for one bundle of ten: the second finds the stick full. */
	umount(full);
	if (mount("tmpfs", full, "tmpfs", 0, "size=128k") == 0) {
		r = bundle_export(home, full, 10, NULL, NULL, &res, &why);
		CHECK(r == ERR_FULL && res.written == 1 &&
		    res.submissions == 10 && pending(home) == 31,
		    "full at the second bundle: the first, read back while "
		    "the second was written, is recorded (%s)", why ? why : "");
		CHECK_INT(nfiles(full), 1, "only the first bundle is left");
		drop(&why);
		umount(full);
	} else
		SKIP("cannot mount a 128 KiB tmpfs");
	if (mount("tmpfs", full, "tmpfs", 0, "size=64k") != 0) {
		SKIP("cannot mount the small tmpfs again");
		return;
	}
	if (mount("tmpfs", full, "tmpfs", MS_REMOUNT | MS_RDONLY,
	    "size=64k") == 0) {
		r = bundle_export(home, full, 0, NULL, NULL, &res, &why);
		CHECK(r != 0 && contains(why, "read-only") &&
		    pending(home) == 31, "a read-only stick: %s",
		    why ? why : "");
		drop(&why);
	} else
		SKIP("cannot remount the tmpfs read-only");
	umount(full);
}

static void
test_export_screen(struct pack *pack)
{
	struct kiosk k;
	struct ev ev;
	char home[300], stick[300], *dump;
	const char *p;
	int i;

	home_and_stick(home, stick, "3", pack, 4, 10);
	if (kiosk_init(&k, pack, home, NULL, THEME_DEFAULT, 100, 30) != 0) {
		CHECK(0, "a headless kiosk");
		return;
	}
	kiosk_push(&k, &screen_export_class, NULL);
	memset(&ev, 0, sizeof ev);
	ev.type = EV_KEY;
	for (i = 0; i < 600; i++) {
		ev.key = K_BACKSPACE;
		kiosk_event(&k, &ev);
	}
	for (p = stick; *p != '\0'; p++) {
		ev.key = (unsigned char)*p;
		kiosk_event(&k, &ev);
	}
	kiosk_draw(&k);
	dump = canvas_dump(&k.canvas);
	CHECK(contains(dump, "Export to a USB stick") && contains(dump, stick),
	    "the screen asks for the folder");
	free(dump);
	ev.key = K_ENTER;
	kiosk_event(&k, &ev);
	kiosk_draw(&k);
	dump = canvas_dump(&k.canvas);
	CHECK(contains(dump, "Done: 4 answers in 1 new bundle"),
	    "Enter exports and says what it did");
	CHECK(pending(home) == 0 && nfiles(stick) == 1, "the bundle is there");
	free(dump);
	kiosk_free(&k);
}

int
main(void)
{
	struct minisign_seckey *sk = NULL, *other = NULL;
	struct minisign_pubkey pk;

	if (sodium_init() < 0 || minisign_keygen(&sk, &pk, NULL) != 0 ||
	    minisign_keygen(&other, &pk, NULL) != 0)
		return 1;
	items_init();
	test_formats();
	test_hex_every_byte();
	test_roundtrip(sk, other);
	test_tamper(sk, other);
	test_rezipped(sk);
	test_manifest_layout(sk);
	if (mkdtemp(tmp) != NULL) {
		struct pack *pack = NULL;

		if (pack_load("content/packs/hackney", &pack, NULL) != 0) {
			CHECK(0, "the bundled pack loads");
		} else {
			test_export_flow(pack);
			test_export_readback(pack);
			test_export_sync_fails(pack);
			test_export_full(pack);
			test_export_screen(pack);
		}
		pack_free(&pack);
		{
			char cmd[300];

			snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
			if (system(cmd) != 0)
				printf("# could not remove %s\n", tmp);
		}
	}
	minisign_seckey_free(&sk);
	minisign_seckey_free(&other);
	return test_done();
}
