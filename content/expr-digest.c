/*
 * digest(), base64-decode() and extract-signed(), as JavaRosa computes
 * them (DigestAlgorithm, Encoding, org.javarosa.core.util.Base64 and
 * Ed25519), with nettle's hashes and libsodium's Ed25519 check.
 *
 * digest(data, algorithm[, encoding]) hashes the UTF-8 bytes of data with
 * MD5, SHA-1, SHA-256, SHA-384 or SHA-512 (any case, '-' optional) and
 * writes the hash in base64 (the default) or lower-case hex. Base64 is
 * read as JavaRosa's decoder reads it: characters outside the alphabet
 * are skipped, and a length that is not a multiple of four gives nothing.
 * Decoded bytes that are not UTF-8 become U+FFFD, as Java's String does.
 */
#include "content/expr-int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "content/err.h"
#include "content/libload.h"
#include "content/sodiumload.h"

#ifndef NETTLE_SONAME
#error "NETTLE_SONAME is not set: the Makefile reads it from libnettle.so (is nettle-dev installed?)"
#endif

/* nettle is opened by the first digest() (content/libload.h). */
#define EXPR_HASH_FUNCS(X)						\
	X(md5_init) X(md5_update) X(md5_digest)				\
	X(sha1_init) X(sha1_update) X(sha1_digest)			\
	X(sha256_init) X(sha256_update) X(sha256_digest)		\
	X(sha384_init) X(sha384_digest)					\
	X(sha512_init) X(sha512_update) X(sha512_digest)

static struct {
/* f names the member: it cannot be in parentheses. */
#define EXPR_HASH_POINTER(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	EXPR_HASH_FUNCS(EXPR_HASH_POINTER)
#undef EXPR_HASH_POINTER
} expr_hash_fn;
static pthread_once_t expr_hash_once_ctl = PTHREAD_ONCE_INIT;
static int expr_hash_ok;
static char expr_hash_why[LIBLOAD_WHY];

#define EXPR_HASH_STR(x)	#x
#define EXPR_HASH_NAME(x)	EXPR_HASH_STR(x)	/* nettle_md5_init... */

static void
expr_hash_once(void)
{
	__typeof__(expr_hash_fn) t;
	void *h, *sym;

	if ((h = libload_open(NETTLE_SONAME, "nettle", expr_hash_why)) ==
	    NULL)
		return;
#define EXPR_HASH_RESOLVE(f)						\
	if ((sym = libload_sym(h, EXPR_HASH_NAME(f), "nettle",		\
	    NETTLE_SONAME, expr_hash_why)) == NULL) {			\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(f) *)sym;
	EXPR_HASH_FUNCS(EXPR_HASH_RESOLVE)
#undef EXPR_HASH_RESOLVE
	expr_hash_fn = t;
	expr_hash_ok = 1;
}

#define H(f)	(expr_hash_fn.f)

#define EXPR_DIGEST_MAX	64

static const char expr_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The value of a base64 character, 0 for '=', -1 outside the alphabet. */
static int
expr_b64_value(unsigned char c)
{
	const char *p;

	if (c == '=')
		return 0;
	if (c == '\0' || (p = strchr(expr_b64, c)) == NULL)
		return -1;
	return (int)(p - expr_b64);
}

static void
expr_b64_encode(const unsigned char *in, size_t n, struct buf *out)
{
	size_t i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		buf_addch(out, expr_b64[v >> 18 & 63]);
		buf_addch(out, expr_b64[v >> 12 & 63]);
		buf_addch(out, expr_b64[v >> 6 & 63]);
		buf_addch(out, expr_b64[v & 63]);
	}
	if (i < n) {
		v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] <<
		    8 : 0);
		buf_addch(out, expr_b64[v >> 18 & 63]);
		buf_addch(out, expr_b64[v >> 12 & 63]);
		buf_addch(out, i + 1 < n ? expr_b64[v >> 6 & 63] : '=');
		buf_addch(out, '=');
	}
}

/* JavaRosa's Base64.decode, into raw bytes. */
static void
expr_b64_decode_raw(const char *s, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), sep = 0, i, pad = 0, len, d = 0, k = 0;
	unsigned v;
	int j, c;

	for (i = 0; i < n; i++)
		if (expr_b64_value(u[i]) < 0)
			sep++;
	if ((n - sep) % 4 != 0)
		return;
	for (i = n; i > 1 && expr_b64_value(u[--i]) <= 0; )
		if (u[i] == '=')
			pad++;
	len = (n - sep) * 6 / 8;
	len = len > pad ? len - pad : 0;
	while (d < len) {
		v = 0;
		for (j = 0; j < 4 && k < n; k++) {
			if ((c = expr_b64_value(u[k])) < 0)
				continue;
			v |= (unsigned)c << (18 - j * 6);
			j++;
		}
		buf_addch(out, (char)(v >> 16));
		if (++d < len) {
			buf_addch(out, (char)(v >> 8));
			if (++d < len) {
				buf_addch(out, (char)v);
				d++;
			}
		}
	}
}

/* Bytes as Java's new String(bytes, UTF_8): bad sequences become U+FFFD. */
static void
expr_b64_utf8(const struct buf *raw, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)raw->data;
	size_t i = 0, n = raw->len, len, k;
	unsigned cp;

	while (i < n) {
		if (p[i] < 0x80) {
			/* A NUL cannot be in a string here: it becomes U+FFFD. */
			if (p[i] == 0)
				buf_addstr(out, "\xef\xbf\xbd");
			else
				buf_addch(out, (char)p[i]);
			i++;
			continue;
		}
		len = p[i] >= 0xf0 && p[i] <= 0xf4 ? 4 : p[i] >= 0xe0 &&
		    p[i] < 0xf0 ? 3 : p[i] >= 0xc2 && p[i] < 0xe0 ? 2 : 0;
		cp = len == 4 ? p[i] & 7u : len == 3 ? p[i] & 15u : p[i] & 31u;
		for (k = 1; len > 0 && k < len; k++) {
			if (i + k >= n || (p[i + k] & 0xc0) != 0x80)
				break;
			cp = cp << 6 | (p[i + k] & 0x3fu);
		}
		if (len == 0 || k < len || (len == 3 && (cp < 0x800 ||
		    (cp >= 0xd800 && cp <= 0xdfff))) || (len == 4 &&
		    (cp < 0x10000 || cp > 0x10ffff))) {
			buf_addstr(out, "\xef\xbf\xbd");
			i += k > 0 && len > 0 ? k : 1;
			continue;
		}
		buf_add(out, (const char *)p + i, len);
		i += len;
	}
}

void
expr_base64_decode(const char *s, struct buf *out)
{
	struct buf raw = BUF_INIT;

	expr_b64_decode_raw(s, &raw);
	expr_b64_utf8(&raw, out);
	buf_free(&raw);
}

int
expr_digest(const char *data, const char *alg, const char *enc,
    struct buf *out, char **cause)
{
	unsigned char h[EXPR_DIGEST_MAX];
	char name[16], hex[3];
	size_t i, o = 0, n = 0, len = strlen(data);
	int b64;

	for (i = 0; alg[i] != '\0' && o + 1 < sizeof name; i++)
		if (alg[i] != '-')
			name[o++] = (char)toupper((unsigned char)alg[i]);
	name[o] = '\0';
	pthread_once(&expr_hash_once_ctl, expr_hash_once);
	if (!expr_hash_ok)
		return err_set(cause, ERR_UNSUPPORTED, "digest(): %s",
		    expr_hash_why);
	if (strcasecmp(enc, "base64") == 0)
		b64 = 1;
	else if (strcasecmp(enc, "hex") == 0)
		b64 = 0;
	else
		return err_set(cause, ERR_UNSUPPORTED, "digest(): the encoding "
		    "must be 'base64' or 'hex', not '%.20s'", enc);
	if (alg[i] == '\0' && strcmp(name, "MD5") == 0) {
		struct md5_ctx c;

		H(md5_init)(&c);
		H(md5_update)(&c, len, (const uint8_t *)data);
		H(md5_digest)(&c, n = MD5_DIGEST_SIZE, h);
	} else if (alg[i] == '\0' && strcmp(name, "SHA1") == 0) {
		struct sha1_ctx c;

		H(sha1_init)(&c);
		H(sha1_update)(&c, len, (const uint8_t *)data);
		H(sha1_digest)(&c, n = SHA1_DIGEST_SIZE, h);
	} else if (alg[i] == '\0' && strcmp(name, "SHA256") == 0) {
		struct sha256_ctx c;

		H(sha256_init)(&c);
		H(sha256_update)(&c, len, (const uint8_t *)data);
		H(sha256_digest)(&c, n = SHA256_DIGEST_SIZE, h);
	} else if (alg[i] == '\0' && strcmp(name, "SHA384") == 0) {
		struct sha384_ctx c;

		H(sha384_init)(&c);
		H(sha512_update)(&c, len, (const uint8_t *)data);
		H(sha384_digest)(&c, n = SHA384_DIGEST_SIZE, h);
	} else if (alg[i] == '\0' && strcmp(name, "SHA512") == 0) {
		struct sha512_ctx c;

		H(sha512_init)(&c);
		H(sha512_update)(&c, len, (const uint8_t *)data);
		H(sha512_digest)(&c, n = SHA512_DIGEST_SIZE, h);
	} else
		return err_set(cause, ERR_UNSUPPORTED, "digest(): the "
		    "algorithm must be MD5, SHA-1, SHA-256, SHA-384 or "
		    "SHA-512, not '%.20s'", alg);
	if (b64)
		expr_b64_encode(h, n, out);
	else
		for (i = 0; i < n; i++) {
			snprintf(hex, sizeof hex, "%02x", h[i]);
			buf_addstr(out, hex);
		}
	return buf_failed(out) ? err_set(cause, ERR_NOMEM, "out of memory") :
	    0;
}

/*
 * extract-signed(contents, key): contents is base64 of a 64-byte Ed25519
 * signature followed by the message; the message, when the signature
 * checks with the base64 public key, else nothing (-1).
 */
int
expr_extract_signed(const char *contents, const char *key, struct buf *out)
{
	struct buf c = BUF_INIT, k = BUF_INIT, msg = BUF_INIT;
	int r = -1;

	expr_b64_decode_raw(contents, &c);
	expr_b64_decode_raw(key, &k);
	if (buf_failed(&c) || buf_failed(&k) || c.len < 64 ||
	    k.len < crypto_sign_PUBLICKEYBYTES)
		goto out;
	if (crypto_sign_verify_detached((const unsigned char *)c.data,
	    (const unsigned char *)c.data + 64, c.len - 64,
	    (const unsigned char *)k.data) != 0)
		goto out;
	buf_add(&msg, c.data + 64, c.len - 64);
	expr_b64_utf8(&msg, out);
	r = 0;
out:
	buf_free(&c);
	buf_free(&k);
	buf_free(&msg);
	return r;
}
