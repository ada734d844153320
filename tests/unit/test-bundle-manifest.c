/*
 * Unit tests for the bundle manifest's single-pass reader
 * (sync/bundle-manifest.c): it must accept and refuse exactly what the
 * jansson parse it replaced did (tests/unit/bundle-ref.h), with the same
 * error, the same cause (but for the detail of "not valid JSON") and the
 * same struct bundle. Cases at the edges first (what bundle_build writes,
 * keys in any order, duplicates, the top not an object, NUL after a
 * literal, the bounds on entries and bytes, nesting), then thousands of
 * generated manifests, as written and mutated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "content/buf.h"
#include "content/err.h"
#include "sync/bundle.h"
#include "sync/minisign.h"
#include "tests/unit/bundle-ref.h"
#include "tests/unit/test.h"

#define ID0	"0b5f4c8e-7a1d-4e2b-9c3f-1a2b3c4d5e6f"
#define SHA0	"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* Two device keys: their ids and base64 public keys. */
static char keyid[2][BUNDLE_KEYID_SIZE];
static char keyb64[2][MINISIGN_PUBKEY_B64_SIZE];

static int
keys_init(void)
{
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey pk;
	int i;

	if (sodium_init() < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		if (minisign_keygen(&sk, &pk, NULL) != 0)
			return -1;
		device_key_id(&pk, keyid[i]);
		minisign_pubkey_base64(&pk, keyb64[i]);
		minisign_seckey_free(&sk);
	}
	return 0;
}

/* The reader and the reference on text (NUL-terminated, or len bytes). */
static int
agree(const char *text, size_t len, int *rp)
{
	char why[768];
	int r;

	if (bref_differs(text, len, &r, why, sizeof why)) {
		printf("# on \"%.*s\": %s\n", (int)(len < 300 ? len : 300), text,
		    why);
		return 0;
	}
	if (rp != NULL)
		*rp = r;
	return 1;
}

/* A manifest with the given head fields and entries (JSON text). */
static char *
doc(const char *seq, const char *previous, const char *entries)
{
	char *s;

	if (asprintf(&s, "{\n  \"format\": \"%s\",\n  \"device\": \"%s\",\n"
	    "  \"device_public_key\": \"%s\",\n  \"seq\": %s,\n"
	    "  \"previous\": %s,\n  \"created\": \"2026-11-23T19:09:10Z\",\n"
	    "  \"entries\": %s\n}\n", BUNDLE_FORMAT, keyid[0], keyb64[0], seq,
	    previous, entries) < 0)
		abort();
	return s;
}

/* What bundle_build writes reads back the same both ways. */
static void
test_written(void)
{
	struct minisign_seckey *sk = NULL;
	struct bundle_head h;
	struct bundle_item it[3];
	struct bundle *b = NULL;
	static const char *ids[3] = { ID0,
	    "1c6a5d9f-8b2e-4f3c-8d4a-2b3c4d5e6f70",
	    "2d7b6eaf-9c3f-4a4d-ae5b-3c4d5e6f7081" };
	uint8_t data[3][64], *z = NULL, hash[BUNDLE_HASH_BYTES];
	size_t len = 0, i;
	int r = -1;

	memset(&h, 0, sizeof h);
	memset(it, 0, sizeof it);
	if (minisign_keygen(&sk, &h.device_pk, NULL) != 0)
		abort();
	device_key_id(&h.device_pk, h.device);
	h.seq = 7;
	h.has_previous = 1;
	memset(h.previous, 0xcd, sizeof h.previous);
	h.created = 1795460950;
	for (i = 0; i < 3; i++) {
		memset(data[i], (int)i, sizeof data[i]);
		it[i].id = ids[i];
		it[i].form = i == 1 ? "caf\xc3\xa9 \"q\" \\ x" : "carers";
		it[i].version = "2026112301";
		it[i].data = data[i];
		it[i].len = 10 + i;
	}
	if (bundle_build(&h, it, 3, sk, NULL, NULL, &z, &len, hash, NULL) == 0 &&
	    bundle_open(z, len, &b, NULL) == 0)
		r = 0;
	CHECK(r == 0 && b->n == 3 && strcmp(b->entries[1].form, it[1].form) ==
	    0 && b->head.seq == 7 && b->head.has_previous &&
	    b->entries[2].size == 12, "a bundle as written opens, its "
	    "manifest read by the new reader");
	if (r == 0)
		CHECK(agree(b->manifest, b->manifest_len, &r) && r == ERR_OK,
		    "and the reference reads its manifest the same");
	bundle_free(&b);
	free(z);
	minisign_seckey_free(&sk);
}

/* Hand-made manifests at the edges. */
static void
test_edges(void)
{
	static const char *ents[] = {
		"[]", "{}", "null", "[1]", "[null]", "[{}]", "[[]]",
		"[{\"id\": \"" ID0 "\"}]",
		"[{\"sha256\": \"" SHA0 "\", \"size\": 180, \"version\": "
		    "\"2026112301\", \"form\": \"carers\", \"id\": \"" ID0 "\"}]",
		"[{\"id\": \"" ID0 "\", \"form\": \"carers\", \"version\": "
		    "\"1\", \"size\": 180, \"sha256\": \"" SHA0 "\", \"x\": 1}]",
		"[{\"id\": \"" ID0 "\", \"id\": \"" ID0 "\"}]",
		"[{\"x\": 1, \"x\": 2}]",
		"[{\"x\": 1, \"y\": {\"a\": 1, \"a\": 2}}]",
		"[{\"id\": \"" ID0 "\", \"form\": \"carers\", \"version\": "
		    "\"1\", \"size\": 1.0, \"sha256\": \"" SHA0 "\"}]",
		"[{\"id\": \"" ID0 "\", \"form\": \"carers\", \"version\": "
		    "\"1\", \"size\": 5242881, \"sha256\": \"" SHA0 "\"}]",
		"[{\"id\": \"" ID0 "\", \"form\": \"carers\", \"version\": "
		    "\"1\", \"size\": 5242880, \"sha256\": \"" SHA0 "\"}]",
		"[{\"id\": \"" ID0 "\", \"form\": \"carers\", \"version\": "
		    "\"1\", \"size\": -9223372036854775808, \"sha256\": \""
		    SHA0 "\"}]",
		"[{\"id\": \"" ID0 "\", \"form\": \"\\u0063arers\", "
		    "\"version\": \"1\", \"size\": 1, \"sha256\": \"" SHA0
		    "\"}, 7]",
		"[{\"id\": \"" ID0 "\", \"form\": \"a\\tb\", \"version\": "
		    "\"1\", \"size\": 1, \"sha256\": \"" SHA0 "\"}]",
	};
	static const char *const whole[] = {
		"", " ", "[]", "[1, {\"a\": 1, \"a\": 2}]", "{}", "null", "1",
		"\"x\"", "{\"format\": \"outreach-bundle/1\"}",
		"{\"format\": \"outreach-bundle/1\", \"format\": \"x\"}",
		"{\"extra\": 1}", "{\"extra\": 1, \"extra\": 1}",
		"{\"format\": 1}", "{} x", "{}\n\t\r ", "{\"a\"}", "{\"a\":}",
		"\xef\xbb\xbf{}",
	};
	static const char *const seqs[] = { "1", "2", "999999", "1000000",
	    "0", "-1", "1.0", "1e2", "\"3\"", "null", "-0",
	    "9223372036854775807", "9223372036854775808", "null\0" };
	char *t;
	size_t i, n = 0, good = 0;
	int r;

	for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
		t = doc("2", "\"" SHA0 "\"", ents[i]);
		n += agree(t, strlen(t), &r);
		good += r == ERR_OK;
		free(t);
	}
	for (i = 0; i < sizeof whole / sizeof whole[0]; i++)
		n += agree(whole[i], strlen(whole[i]), NULL);
	CHECK(n == i + sizeof ents / sizeof ents[0] && good == 2,
	    "%zu manifests at the edges (%zu read): the reader agrees with "
	    "jansson's on each", n, good);

	for (n = 0, i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
		t = doc(seqs[i], "null", "[" "{\"id\": \"" ID0 "\", \"form\": "
		    "\"carers\", \"version\": \"1\", \"size\": 1, \"sha256\": "
		    "\"" SHA0 "\"}]");
		n += agree(t, strlen(t), NULL);
		free(t);
	}
	CHECK(n == i, "bundle numbers in and out of range, and of other "
	    "types, the same");

	/* jansson 2.14 loses one NUL after a literal (submission-lex.c). */
	t = doc("1", "null", "[]");
	{
		char *p = strstr(t, "null,"), *u;
		size_t len = strlen(t);

		if ((u = malloc(len + 1)) == NULL)
			abort();
		memcpy(u, t, (size_t)(p - t) + 4);
		u[p - t + 4] = '\0';
		memcpy(u + (p - t) + 5, p + 4, len - (size_t)(p - t) - 4);
		CHECK(agree(u, len + 1, NULL), "a NUL after null reads as "
		    "jansson reads it");
		u[p - t + 4] = ' ';
		u[p - t + 3] = '\0';
		CHECK(agree(u, len + 1, NULL), "a NUL inside null too");
		free(u);
	}
	free(t);

	t = doc("1", "\"" SHA0 "\"", "[" "{\"id\": \"" ID0 "\", \"form\": "
	    "\"carers\", \"version\": \"1\", \"size\": 1, \"sha256\": \"" SHA0
	    "\"}]");
	CHECK(agree(t, strlen(t), &r) && r == ERR_INVALID, "bundle 1 with a "
	    "previous bundle: ERR_INVALID both ways");
	free(t);
}

/* Entries up to the bound and past it, and bytes past the bound. */
static void
test_bounds(void)
{
	struct buf b;
	char *t, *cause = NULL;
	size_t i, n;
	int r, ok = 1;
	struct bundle *bb;

	for (n = BUNDLE_MAX_ENTRIES; n <= BUNDLE_MAX_ENTRIES + 1; n++) {
		buf_init(&b);
		buf_addch(&b, '[');
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s{\"id\": \"%08zx-7a1d-4e2b-9c3f-"
			    "1a2b3c4d5e6f\", \"form\": \"f%zu\", \"version\": "
			    "\"1\", \"size\": 1, \"sha256\": \"" SHA0 "\"}",
			    i > 0 ? "," : "", i, i % 7);
		buf_addch(&b, ']');
		t = doc("3", "\"" SHA0 "\"", b.data);
		ok &= agree(t, strlen(t), &r);
		ok &= (r == ERR_OK) == (n == BUNDLE_MAX_ENTRIES);
		if (n == BUNDLE_MAX_ENTRIES) {
			bb = bref_bundle(t, strlen(t));
			ok &= bundle_manifest_parse(bb, 3, &cause) == ERR_OK &&
			    bb->n == n && strcmp(bb->entries[n - 1].form,
			    "f1") == 0;
			bundle_free(&bb);
			free(cause);
			cause = NULL;
		}
		free(t);
		buf_free(&b);
	}
	CHECK(ok, "%d entries are read, %d refused, the same both ways",
	    BUNDLE_MAX_ENTRIES, BUNDLE_MAX_ENTRIES + 1);

	buf_init(&b);
	buf_addch(&b, '[');
	for (i = 0; i < BUNDLE_MAX_PAYLOAD / BUNDLE_MAX_ENTRY + 1; i++)
		buf_printf(&b, "%s{\"id\": \"%08zx-7a1d-4e2b-9c3f-1a2b3c4d5e6f\","
		    " \"form\": \"f\", \"version\": \"1\", \"size\": %zu, "
		    "\"sha256\": \"" SHA0 "\"}", i > 0 ? "," : "", i,
		    BUNDLE_MAX_ENTRY);
	buf_addstr(&b, ", 1]");
	t = doc("3", "\"" SHA0 "\"", b.data);
	CHECK(agree(t, strlen(t), &r) && r == ERR_LIMIT, "more than %zu "
	    "bytes declared: ERR_LIMIT both ways, before a malformed entry "
	    "after it", BUNDLE_MAX_PAYLOAD);
	free(t);
	buf_free(&b);
}

/* Values nested at jansson's bound and past it, where the format ignores. */
static void
test_depth(void)
{
	struct buf b;
	char *t;
	int depth, ok = 1;

	for (depth = 2046; depth <= 2049; depth++) {
		buf_init(&b);
		buf_addstr(&b, "[{\"x\": ");
		for (int i = 0; i < depth - 3; i++)
			buf_addch(&b, '[');
		for (int i = 0; i < depth - 3; i++)
			buf_addch(&b, ']');
		buf_addstr(&b, "}]");
		t = doc("2", "\"" SHA0 "\"", b.data);
		ok &= agree(t, strlen(t), NULL);
		free(t);
		buf_free(&b);
	}
	CHECK(ok, "arrays nested to jansson's bound and past it, the same");
}

/* A small deterministic generator (xorshift64*). */
struct gen {
	uint64_t	 s;
	struct buf	 b;
};

static uint32_t
rnd(struct gen *g, uint32_t n)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return (uint32_t)((g->s * 2685821657736338717ULL) >> 33) % n;
}

static void
gen_ws(struct gen *g)
{
	static const char ws[] = " \t\n\r";

	while (rnd(g, 6) == 0)
		buf_addch(&g->b, ws[rnd(g, 4)]);
}

/* s as a JSON string, escaped in one of the many ways JSON allows. */
static void
gen_str(struct gen *g, const char *s)
{
	static const char hex[] = "0123456789abcdef0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp, hi, lo;
	size_t n, i;
	int up;

	buf_addch(&g->b, '"');
	while (*u != '\0') {
		up = (int)rnd(g, 2) * 16;
		if (*u < 0x80) {
			cp = *u;
			n = 1;
		} else {
			n = *u >= 0xf0 ? 4 : *u >= 0xe0 ? 3 : 2;
			cp = *u & (0x7f >> n);
			for (i = 1; i < n; i++)
				cp = cp << 6 | (u[i] & 0x3f);
		}
		if (cp == '"' || cp == '\\' || (cp == '/' && rnd(g, 2))) {
			buf_addch(&g->b, '\\');
			buf_addch(&g->b, (char)cp);
		} else if (cp < 0x20 || rnd(g, 30) == 0) {
			if (cp >= 0x10000) {
				hi = 0xd800 + ((cp - 0x10000) >> 10);
				lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
				buf_printf(&g->b, "\\u%c%c%c%c\\u%c%c%c%c",
				    hex[up + (hi >> 12)], hex[up + (hi >> 8 & 15)],
				    hex[up + (hi >> 4 & 15)], hex[up + (hi & 15)],
				    hex[up + (lo >> 12)], hex[up + (lo >> 8 & 15)],
				    hex[up + (lo >> 4 & 15)], hex[up + (lo & 15)]);
			} else
				buf_printf(&g->b, "\\u%c%c%c%c",
				    hex[up + (cp >> 12)], hex[up + (cp >> 8 & 15)],
				    hex[up + (cp >> 4 & 15)], hex[up + (cp & 15)]);
		} else
			buf_add(&g->b, u, n);
		u += n;
	}
	buf_addch(&g->b, '"');
}

/* A value the format does not want where it stands, but JSON. */
static const char *const gen_odd[] = {
	"1", "-0", "1.5e3", "1e400", "9223372036854775808", "true", "false",
	"null", "{}", "[]", "[\"x\"]", "[[]]", "{\"a\":1,\"a\":2}",
	"{\"a\":{\"b\":[1,2,{\"c\":null}]}}", "\"\\u0000\"", "\"\\ud800\"",
	"-9223372036854775808", "1.7976931348623159e308", "[1,]", "{\"a\"}",
	"\"\"", "180", "5242881", "0", "\"x\"",
};
#define NODD	(sizeof gen_odd / sizeof gen_odd[0])

/* Entry keys in order or shuffled, values mostly right. */
static void
gen_entry(struct gen *g, uint32_t k)
{
	static const char *const keys[] = { "id", "form", "version", "size",
	    "sha256" };
	static const char *const forms[] = { "carers", "caf\xc3\xa9",
	    "draft-strategy", "a \"b\" \\ c/d", "\xf0\x9f\x98\x80", "",
	    "tab\there", "del\x7f" };
	static const char *const sizes[] = { "180", "1", "5242880", "0",
	    "5242881", "-1", "1.0", "2e1", "\"9\"" };
	int order[5], i, j, t;
	char id[BUNDLE_ID_SIZE];

	if (rnd(g, 60) == 0) {
		buf_addstr(&g->b, gen_odd[rnd(g, NODD)]);
		return;
	}
	for (i = 0; i < 5; i++)
		order[i] = i;
	if (rnd(g, 3) == 0)
		for (i = 4; i > 0; i--) {
			j = (int)rnd(g, (uint32_t)i + 1);
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	buf_addch(&g->b, '{');
	for (i = 0; i < 5; i++) {
		if (rnd(g, 120) == 0)
			continue;
		if (g->b.data[g->b.len - 1] != '{')
			buf_addch(&g->b, ',');
		gen_ws(g);
		gen_str(g, rnd(g, 150) ? keys[order[i]] : "extra");
		buf_addch(&g->b, ':');
		gen_ws(g);
		if (rnd(g, 80) == 0) {
			buf_addstr(&g->b, gen_odd[rnd(g, NODD)]);
			continue;
		}
		switch (order[i]) {
		case 0:
			snprintf(id, sizeof id, "%08x-7a1d-4%s-9c3f-"
			    "1a2b3c4d5e6f", k, rnd(g, 60) ? "e2b" : "E2B");
			gen_str(g, id);
			break;
		case 1:
		case 2:
			gen_str(g, forms[rnd(g, 40) ? rnd(g, 5) : rnd(g, 8)]);
			break;
		case 3:
			buf_addstr(&g->b, sizes[rnd(g, 30) ? rnd(g, 3) :
			    rnd(g, 9)]);
			break;
		default:
			gen_str(g, rnd(g, 60) ? SHA0 : "9F86d081");
			break;
		}
		gen_ws(g);
	}
	buf_addch(&g->b, '}');
}

/* One top-level field's value, mostly right. */
static void
gen_field(struct gen *g, int f)
{
	static const char *const seqs[] = { "2", "1", "999999", "17",
	    "1000000", "0", "1.0", "\"2\"" };
	static const char *const times[] = { "2026-11-23T19:09:10Z",
	    "2028-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
	    "2026-11-23 19:09:10" };
	uint32_t n, i;

	if (rnd(g, 80) == 0) {
		buf_addstr(&g->b, gen_odd[rnd(g, NODD)]);
		return;
	}
	switch (f) {
	case 0:
		gen_str(g, rnd(g, 50) ? BUNDLE_FORMAT : "outreach-bundle/2");
		break;
	case 1:
		gen_str(g, keyid[rnd(g, 40) ? 0 : 1]);
		break;
	case 2:
		gen_str(g, rnd(g, 60) ? keyb64[0] : rnd(g, 2) ? keyb64[1] :
		    "RWQ");
		break;
	case 3:
		buf_addstr(&g->b, seqs[rnd(g, 10) ? rnd(g, 3) : rnd(g, 8)]);
		break;
	case 4:
		if (rnd(g, 3) == 0)
			buf_addstr(&g->b, "null");
		else
			gen_str(g, rnd(g, 40) ? SHA0 : "abc");
		break;
	case 5:
		gen_str(g, times[rnd(g, 30) ? rnd(g, 2) : rnd(g, 4)]);
		break;
	default:
		n = rnd(g, 30) == 0 ? 0 : rnd(g, 5) + 1;
		buf_addch(&g->b, '[');
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addch(&g->b, ',');
			gen_ws(g);
			gen_entry(g, rnd(g, 20) ? i : 0);
			gen_ws(g);
		}
		buf_addch(&g->b, ']');
		break;
	}
}

/* A whole manifest: the fields in order or shuffled, rarely one off. */
static void
gen_doc(struct gen *g)
{
	static const char *const top[] = { "format", "device",
	    "device_public_key", "seq", "previous", "created", "entries" };
	int order[7], i, j, t;

	for (i = 0; i < 7; i++)
		order[i] = i;
	if (rnd(g, 3) == 0)
		for (i = 6; i > 0; i--) {
			j = (int)rnd(g, (uint32_t)i + 1);
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	gen_ws(g);
	buf_addch(&g->b, '{');
	for (i = 0; i < 7; i++) {
		if (rnd(g, 100) == 0)
			continue;
		if (g->b.data[g->b.len - 1] != '{')
			buf_addch(&g->b, ',');
		gen_ws(g);
		gen_str(g, rnd(g, 200) ? top[order[i]] : "extra");
		buf_addch(&g->b, ':');
		gen_ws(g);
		gen_field(g, order[i]);
		gen_ws(g);
	}
	buf_addch(&g->b, '}');
	gen_ws(g);
}

/* Change the manifest (in g->b) in one small way. */
static void
gen_mutate(struct gen *g)
{
	static const char bytes[] = "{}[]\":,\\01e-.un xa\x7f\x80\xbf\xc0\xc3"
	    "\xe0\xed\xf0\xf4\xf5\xff" "\0";
	static const char *const toks[] = { "\\u0000", "\\ud800", "\\udc00",
	    "\\ud83d\\ude00", "\\u00e9", "\\x", "1e400", "-0",
	    "9223372036854775808", "null", "true", ",", "\"a\":\"b\",",
	    "{}", "[]", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	    "\xe0\x80\x80", "\xc0\xaf", " ", "\"\"", "[{}]", "\"id\":\"x\",",
	    "\"size\":1,", "\"seq\":2,", "\\\"", "\n" };
	struct buf nb;
	size_t len = g->b.len, at = rnd(g, (uint32_t)len + 1), to, n;
	char *d = g->b.data;

	buf_init(&nb);
	switch (rnd(g, 6)) {
	case 0:
		if (at < len)
			d[at] = bytes[rnd(g, sizeof bytes - 1)];
		return;
	case 1:
		if (at < len) {
			memmove(d + at, d + at + 1, len - at - 1);
			g->b.len--;
		}
		return;
	case 2:
		buf_add(&nb, d, at);
		buf_addstr(&nb, toks[rnd(g, sizeof toks / sizeof toks[0])]);
		buf_add(&nb, d + at, len - at);
		break;
	case 3:
		g->b.len = at;
		return;
	case 4:
		to = at + rnd(g, 60);
		n = to > len ? len - at : to - at;
		to = rnd(g, (uint32_t)len + 1);
		buf_add(&nb, d, to);
		buf_add(&nb, d + at, n);
		buf_add(&nb, d + to, len - to);
		break;
	default:
		buf_add(&nb, d, len);
		buf_addstr(&nb, toks[rnd(g, sizeof toks / sizeof toks[0])]);
		break;
	}
	buf_free(&g->b);
	g->b = nb;
}

/* Thousands of manifests: the reader and the reference must agree. */
static void
test_differential(void)
{
	struct gen g = { .s = 0x5eed0019b0d1eULL };
	size_t docs = 5000, tried = 0, differ = 0, i, m, k, base;
	size_t ok = 0, other = 0, parse = 0;
	char why[768], *copy;
	int r;

	for (i = 0; i < docs; i++) {
		buf_init(&g.b);
		gen_doc(&g);
		base = g.b.len;
		copy = buf_detach(&g.b, NULL);
		for (m = 0; m < 5; m++) {
			buf_init(&g.b);
			buf_add(&g.b, copy, base);
			for (k = m > 0 ? rnd(&g, 3) + 1 : 0; k > 0; k--)
				gen_mutate(&g);
			tried++;
			if (bref_differs(g.b.data != NULL ? g.b.data : "",
			    g.b.len, &r, why, sizeof why) && differ++ < 5)
				printf("# differs on %zu bytes \"%.*s\": %s\n",
				    g.b.len, (int)(g.b.len < 400 ? g.b.len :
				    400), g.b.data, why);
			ok += r == ERR_OK;
			other += r != ERR_OK && r != ERR_PARSE;
			parse += r == ERR_PARSE;
			buf_free(&g.b);
		}
		free(copy);
	}
	CHECK(differ == 0, "%zu manifests (%zu read, %zu refused as invalid, "
	    "unsupported or too large, %zu as malformed): the reader agrees "
	    "with jansson's on every one (%zu differ)", tried, ok, other,
	    parse, differ);
	CHECK(ok > tried / 20 && other > tried / 100 && parse > tried / 5,
	    "and they cover reading, each kind of refusal and malformed JSON");
}

int
main(void)
{
	if (keys_init() != 0) {
		printf("not ok 1 - no keys\n");
		return 1;
	}
	test_written();
	test_edges();
	test_bounds();
	test_depth();
	test_differential();
	return test_done();
}
