/*
 * Unit tests for sync/bundle*.c: a bundle written, read back and verified;
 * written twice byte for byte; and refused when its key, manifest, entries
 * or shape are wrong.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zip.h>

#include "content/err.h"
#include "sync/bundle.h"
#include "sync/device.h"
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
	test_roundtrip(sk, other);
	test_tamper(sk, other);
	test_rezipped(sk);
	minisign_seckey_free(&sk);
	minisign_seckey_free(&other);
	return test_done();
}
