/*
 * The community age test vectors (../shared/vectors/age, from C2SP/CCTV):
 * every one that does not need ML-KEM must give the expected outcome class
 * and, where it says, the SHA-256 of the plaintext released.
 *
 * Some vectors are stored zlib-compressed. zlib is not one of the project's
 * libraries, so this file carries a small inflate (RFC 1950/1951, after
 * Mark Adler's puff) used only here; it checks the Adler-32 trailer.
 */
#include <dirent.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/age.h"
#include "tests/unit/test.h"

#define VEC_MAX_FILE	(4 * 1024 * 1024)
#define VEC_MAX_INFLATE	(64 * 1024 * 1024)
#define VEC_EXPECTED	124	/* vectors without ML-KEM */
#define VEC_MAX_KEYS	8

/* Inflate. */

struct inf {
	const uint8_t	*in;
	size_t		 inlen, inpos;
	uint32_t	 bitbuf;
	int		 bitcnt, err;
	uint8_t		*out;
	size_t		 outlen, outcap;
};

struct huff {
	short	count[16];
	short	symbol[288];
};

static int
inf_bits(struct inf *s, int need)
{
	uint32_t val = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->inpos == s->inlen) {
			s->err = 1;
			return 0;
		}
		val |= (uint32_t)s->in[s->inpos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = need < 32 ? val >> need : 0;
	s->bitcnt -= need;
	return (int)(val & ((1u << need) - 1));
}

static int
inf_put(struct inf *s, uint8_t c)
{
	uint8_t *p;

	if (s->outlen == s->outcap) {
		if (s->outcap >= VEC_MAX_INFLATE)
			return -1;
		s->outcap = s->outcap ? s->outcap * 2 : 65536;
		if ((p = realloc(s->out, s->outcap)) == NULL)
			return -1;
		s->out = p;
	}
	s->out[s->outlen++] = c;
	return 0;
}

static int
inf_decode(struct inf *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0, len, count;

	for (len = 1; len <= 15; len++) {
		code |= inf_bits(s, 1);
		if (s->err)
			return -1;
		count = h->count[len];
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return -1;
}

/* Build a canonical Huffman table; returns <0 over-subscribed, >0 incomplete. */
static int
inf_construct(struct huff *h, const short *length, int n)
{
	short offs[16];
	int len, sym, left;

	memset(h->count, 0, sizeof h->count);
	for (sym = 0; sym < n; sym++)
		h->count[length[sym]]++;
	if (h->count[0] == n)
		return 0;
	left = 1;
	for (len = 1; len <= 15; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return left;
	}
	offs[1] = 0;
	for (len = 1; len < 15; len++)
		offs[len + 1] = (short)(offs[len] + h->count[len]);
	for (sym = 0; sym < n; sym++)
		if (length[sym] != 0)
			h->symbol[offs[length[sym]]++] = (short)sym;
	return left;
}

static int
inf_codes(struct inf *s, const struct huff *lencode, const struct huff *distcode)
{
	static const short lbase[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15,
	    17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
	    227, 258 };
	static const short lext[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2,
	    2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
	static const short dbase[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33,
	    49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
	    4097, 6145, 8193, 12289, 16385, 24577 };
	static const short dext[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5,
	    5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
	int symbol, len;
	size_t dist;

	do {
		if ((symbol = inf_decode(s, lencode)) < 0)
			return -1;
		if (symbol < 256) {
			if (inf_put(s, (uint8_t)symbol) != 0)
				return -1;
		} else if (symbol > 256) {
			symbol -= 257;
			if (symbol >= 29)
				return -1;
			len = lbase[symbol] + inf_bits(s, lext[symbol]);
			if ((symbol = inf_decode(s, distcode)) < 0 || symbol >= 30)
				return -1;
			dist = (size_t)dbase[symbol] +
			    (size_t)inf_bits(s, dext[symbol]);
			if (s->err || dist > s->outlen)
				return -1;
			while (len-- > 0)
				if (inf_put(s, s->out[s->outlen - dist]) != 0)
					return -1;
		}
	} while (symbol != 256);
	return 0;
}

static int
inf_fixed(struct inf *s)
{
	static struct huff lencode, distcode;
	static int built;
	short lengths[288];
	int i;

	if (!built) {
		for (i = 0; i < 144; i++)
			lengths[i] = 8;
		for (; i < 256; i++)
			lengths[i] = 9;
		for (; i < 280; i++)
			lengths[i] = 7;
		for (; i < 288; i++)
			lengths[i] = 8;
		inf_construct(&lencode, lengths, 288);
		for (i = 0; i < 30; i++)
			lengths[i] = 5;
		inf_construct(&distcode, lengths, 30);
		built = 1;
	}
	return inf_codes(s, &lencode, &distcode);
}

static int
inf_dynamic(struct inf *s)
{
	static const short order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11,
	    4, 12, 3, 13, 2, 14, 1, 15 };
	struct huff lencode, distcode;
	short lengths[320];
	int nlen, ndist, ncode, index, symbol, len, err;

	nlen = inf_bits(s, 5) + 257;
	ndist = inf_bits(s, 5) + 1;
	ncode = inf_bits(s, 4) + 4;
	if (s->err || nlen > 286 || ndist > 30)
		return -1;
	for (index = 0; index < 19; index++)
		lengths[order[index]] = index < ncode ? (short)inf_bits(s, 3) : 0;
	if (s->err || inf_construct(&lencode, lengths, 19) != 0)
		return -1;
	index = 0;
	while (index < nlen + ndist) {
		if ((symbol = inf_decode(s, &lencode)) < 0)
			return -1;
		if (symbol < 16) {
			lengths[index++] = (short)symbol;
			continue;
		}
		len = 0;
		if (symbol == 16) {
			if (index == 0)
				return -1;
			len = lengths[index - 1];
			symbol = 3 + inf_bits(s, 2);
		} else if (symbol == 17)
			symbol = 3 + inf_bits(s, 3);
		else
			symbol = 11 + inf_bits(s, 7);
		if (s->err || index + symbol > nlen + ndist)
			return -1;
		while (symbol-- > 0)
			lengths[index++] = (short)len;
	}
	if (lengths[256] == 0)
		return -1;
	err = inf_construct(&lencode, lengths, nlen);
	if (err < 0 || (err > 0 && nlen - lencode.count[0] != 1))
		return -1;
	err = inf_construct(&distcode, lengths + nlen, ndist);
	if (err < 0 || (err > 0 && ndist - distcode.count[0] != 1))
		return -1;
	return inf_codes(s, &lencode, &distcode);
}

static int
inf_stored(struct inf *s)
{
	size_t len;

	s->bitbuf = 0;
	s->bitcnt = 0;
	if (s->inlen - s->inpos < 4)
		return -1;
	len = s->in[s->inpos] | (size_t)s->in[s->inpos + 1] << 8;
	if ((s->in[s->inpos + 2] ^ 0xff) != (len & 0xff) ||
	    (s->in[s->inpos + 3] ^ 0xff) != (len >> 8))
		return -1;
	s->inpos += 4;
	if (s->inlen - s->inpos < len)
		return -1;
	while (len-- > 0)
		if (inf_put(s, s->in[s->inpos++]) != 0)
			return -1;
	return 0;
}

/* Inflate a zlib stream; *outp is malloc'd. */
static int
inflate_zlib(const uint8_t *in, size_t len, uint8_t **outp, size_t *outlenp)
{
	struct inf s = { in, len, 2, 0, 0, 0, NULL, 0, 0 };
	uint32_t a = 1, b = 0, want;
	int last, type, rc = -1;
	size_t i;

	*outp = NULL;
	if (len < 6 || (in[0] & 0x0f) != 8 || (in[0] * 256 + in[1]) % 31 != 0 ||
	    (in[1] & 0x20))
		return -1;
	do {
		last = inf_bits(&s, 1);
		type = inf_bits(&s, 2);
		if (s.err)
			goto out;
		if (type == 0)
			rc = inf_stored(&s);
		else if (type == 1)
			rc = inf_fixed(&s);
		else if (type == 2)
			rc = inf_dynamic(&s);
		else
			rc = -1;
		if (rc != 0 || s.err)
			goto out;
	} while (!last);
	rc = -1;
	if (s.inlen - s.inpos < 4)
		goto out;
	want = (uint32_t)s.in[s.inpos] << 24 | (uint32_t)s.in[s.inpos + 1] << 16 |
	    (uint32_t)s.in[s.inpos + 2] << 8 | s.in[s.inpos + 3];
	for (i = 0; i < s.outlen; i++) {
		a = (a + s.out[i]) % 65521;
		b = (b + a) % 65521;
	}
	if ((b << 16 | a) != want)
		goto out;
	*outp = s.out;
	*outlenp = s.outlen;
	s.out = NULL;
	rc = 0;
out:
	free(s.out);
	return rc;
}

/* The vectors. */

struct vec {
	char		 expect[32];
	char		 payload[65];
	char		*ids[VEC_MAX_KEYS];
	size_t		 nids;
	char		*pass[VEC_MAX_KEYS];
	size_t		 npass;
	int		 armored, compressed, hybrid;
	const uint8_t	*body;
	size_t		 bodylen;
};

static void
vec_clear(struct vec *v)
{
	size_t i;

	for (i = 0; i < v->nids; i++)
		free(v->ids[i]);
	for (i = 0; i < v->npass; i++)
		free(v->pass[i]);
	memset(v, 0, sizeof *v);
}

/* Parse the "key: value" lines up to the first empty line. */
static int
vec_parse(const char *data, size_t len, struct vec *v)
{
	size_t pos = 0, n;
	const char *nl, *sep;
	char *val;

	memset(v, 0, sizeof *v);
	for (;;) {
		if ((nl = memchr(data + pos, '\n', len - pos)) == NULL)
			return -1;
		n = (size_t)(nl - data) - pos;
		if (n == 0)
			break;
		if ((sep = memmem(data + pos, n, ": ", 2)) == NULL)
			return -1;
		val = strndup(sep + 2, (size_t)(nl - sep - 2));
		if (val == NULL)
			return -1;
#define KEY(k) ((size_t)(sep - data) - pos == strlen(k) && \
	    memcmp(data + pos, k, strlen(k)) == 0)
		if (KEY("expect"))
			snprintf(v->expect, sizeof v->expect, "%s", val);
		else if (KEY("payload"))
			snprintf(v->payload, sizeof v->payload, "%s", val);
		else if (KEY("armored"))
			v->armored = strcmp(val, "yes") == 0;
		else if (KEY("compressed"))
			v->compressed = strcmp(val, "zlib") == 0;
		else if (KEY("identity") && v->nids < VEC_MAX_KEYS) {
			v->hybrid |= strncmp(val, "AGE-SECRET-KEY-PQ-", 18) == 0;
			v->ids[v->nids++] = val;
			val = NULL;
		} else if (KEY("passphrase") && v->npass < VEC_MAX_KEYS) {
			v->pass[v->npass++] = val;
			val = NULL;
		}
#undef KEY
		free(val);
		pos += n + 1;
	}
	v->body = (const uint8_t *)data + pos + 1;
	v->bodylen = len - pos - 1;
	return 0;
}

static const char *
vec_class(int rc, const char *cause)
{
	if (rc == 0)
		return "success";
	if (cause == NULL)
		cause = "";
	if (rc == ERR_PARSE && strncmp(cause, "armor: ", 7) == 0)
		return "armor failure";
	if (rc == ERR_PARSE && strncmp(cause, "header: ", 8) == 0)
		return "header failure";
	if (rc == ERR_NOKEY && strncmp(cause, "no identity", 11) == 0)
		return "no match";
	if (rc == ERR_CRYPTO && strncmp(cause, "MAC: ", 5) == 0)
		return "HMAC failure";
	if (rc == ERR_CRYPTO && strncmp(cause, "payload: ", 9) == 0)
		return "payload failure";
	return "unexpected error";
}

static void
vec_sha256_hex(const uint8_t *p, size_t len, char hex[65])
{
	uint8_t h[32];

	crypto_hash_sha256(h, p, len);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Run one vector; returns 1 if it passed. */
static int
vec_run(const char *name, const struct vec *v)
{
	struct age_identity *ids[2 * VEC_MAX_KEYS];
	const uint8_t *in = v->body;
	uint8_t *inflated = NULL, *out = NULL, *out2 = NULL;
	size_t inlen = v->bodylen, n = 0, i, outlen = 0, outlen2 = 0;
	char *cause = NULL, *cause2 = NULL, hex[65] = "";
	const char *got;
	int rc, rc2, ok = 0;

	if (v->compressed) {
		if (inflate_zlib(v->body, v->bodylen, &inflated, &inlen) != 0) {
			CHECK(0, "vector %s: inflate", name);
			goto out;
		}
		in = inflated;
	}
	for (i = 0; i < v->nids; i++, n++)
		if (age_identity_parse(v->ids[i], &ids[n], NULL) != 0) {
			CHECK(0, "vector %s: identity parses", name);
			goto out;
		}
	for (i = 0; i < v->npass; i++, n++)
		if (age_identity_passphrase(v->pass[i], &ids[n], NULL) != 0) {
			CHECK(0, "vector %s: passphrase accepted", name);
			goto out;
		}
	if ((out = sodium_malloc(inlen + 1)) == NULL)
		goto out;
	rc = age_decrypt_buf(ids, n, in, inlen, v->armored ? AGE_ARMOR : 0,
	    out, inlen + 1, &outlen, &cause);
	got = vec_class(rc, cause);
	if (rc == 0 || strcmp(v->expect, "payload failure") == 0)
		vec_sha256_hex(out, outlen, hex);
	ok = strcmp(got, v->expect) == 0 &&
	    (v->payload[0] == '\0' || strcmp(hex, v->payload) == 0);

	/* The allocating call must agree, and return nothing on failure. */
	rc2 = age_decrypt(ids, n, in, inlen, v->armored ? AGE_ARMOR : 0,
	    &out2, &outlen2, &cause2);
	if (rc2 != rc || (rc == 0 && (outlen2 != outlen ||
	    memcmp(out, out2, outlen) != 0)) || (rc != 0 && out2 != NULL))
		ok = 0;
	CHECK(ok, "vector %s: %s", name, v->expect);
	if (!ok)
		printf("#   got %s (%s: %s), %zu bytes %s\n", got, err_str(rc),
		    cause ? cause : "-", outlen, hex);
out:
	while (n > 0)
		age_identity_free(&ids[--n]);
	if (out != NULL)
		sodium_free(out);
	age_plaintext_free(&out2);
	free(inflated);
	free(cause);
	free(cause2);
	return ok;
}

static int
vec_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	const char *shared = test_shared_dir();
	char *dir = NULL, *path, *data, *names[256];
	size_t nnames = 0, i, len;
	int ran = 0, passed = 0, hybrid = 0;
	struct dirent *de;
	struct vec v;
	DIR *d;

	if (shared == NULL || (dir = file_join(shared, "vectors/age")) == NULL ||
	    (d = opendir(dir)) == NULL) {
		SKIP("age vectors: ../shared/vectors/age is absent");
		free(dir);
		return test_done();
	}
	while ((de = readdir(d)) != NULL && nnames < 256) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "README.md") == 0 ||
		    strcmp(de->d_name, "LICENSE") == 0)
			continue;
		names[nnames++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof *names, vec_cmp);

	for (i = 0; i < nnames; i++) {
		path = file_join(dir, names[i]);
		if (path == NULL || file_read(path, VEC_MAX_FILE, &data, &len,
		    NULL) != 0) {
			CHECK(0, "vector %s: read", names[i]);
			free(path);
			continue;
		}
		if (vec_parse(data, len, &v) != 0 || v.expect[0] == '\0') {
			CHECK(0, "vector %s: parse the vector file", names[i]);
		} else if (v.hybrid) {
			hybrid++;
		} else {
			ran++;
			passed += vec_run(names[i], &v);
		}
		vec_clear(&v);
		free(data);
		free(path);
		free(names[i]);
	}
	if (hybrid > 0)
		SKIP("%d hybrid ML-KEM-768 vectors: libsodium 1.0.18 has no "
		    "ML-KEM", hybrid);
	printf("# ran %d of %d, passed %d\n", ran, VEC_EXPECTED, passed);
	CHECK(ran == VEC_EXPECTED && passed == ran,
	    "ran %d of %d age vectors, passed %d", ran, VEC_EXPECTED, passed);
	age_thread_cleanup();
	free(dir);
	return test_done();
}
