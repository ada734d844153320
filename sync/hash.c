/*
 * SHA-256 and HMAC-SHA256 through nettle, else libsodium; see hash.h.
 *
 * The first hash runs hash_once() through pthread_once: it dlopen()s
 * NETTLE_SONAME and resolves the six functions used here. It is all or
 * nothing: the table is published only when every function resolved;
 * otherwise every call goes to libsodium. pthread_once orders the table's
 * writes before any thread's reads, so the calls read it without a lock.
 */
#include "sync/hash.h"

#include <pthread.h>

#include "content/err.h"
#include "content/libload.h"

#ifndef NETTLE_SONAME
#error "NETTLE_SONAME is not set: the Makefile reads it from libnettle.so (is nettle-dev installed?)"
#endif

/* nettle.h's names are macros for nettle_*: those are what dlsym finds. */
#define HASH_FUNCS(X)							\
	X(sha256_init, "nettle_sha256_init")				\
	X(sha256_update, "nettle_sha256_update")			\
	X(sha256_digest, "nettle_sha256_digest")			\
	X(hmac_sha256_set_key, "nettle_hmac_sha256_set_key")		\
	X(hmac_sha256_update, "nettle_hmac_sha256_update")		\
	X(hmac_sha256_digest, "nettle_hmac_sha256_digest")

static struct {
/* f names the member: it cannot be in parentheses. */
#define HASH_POINTER(f, name)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	HASH_FUNCS(HASH_POINTER)
#undef HASH_POINTER
} hash_fn;
static pthread_once_t hash_once_ctl = PTHREAD_ONCE_INIT;
static int hash_nettle;		/* set once, inside hash_once() */
static int hash_tried;
static int hash_sodium_only;	/* tests: hash_use_sodium() */
static char hash_why[LIBLOAD_WHY];

static void
hash_once(void)
{
	__typeof__(hash_fn) t;
	void *h, *sym;

	hash_tried = 1;
	if (hash_sodium_only ||
	    (h = libload_open(NETTLE_SONAME, "nettle", hash_why)) == NULL)
		return;
#define HASH_RESOLVE(f, name)						\
	if ((sym = libload_sym(h, name, "nettle", NETTLE_SONAME,	\
	    hash_why)) == NULL) {					\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(f) *)sym;
	HASH_FUNCS(HASH_RESOLVE)
#undef HASH_RESOLVE
	hash_fn = t;
	hash_nettle = 1;
}

/* 1 when nettle computes (loading it on the first call). */
static int
hash_ready(void)
{
	pthread_once(&hash_once_ctl, hash_once);
	return hash_nettle;
}

const char *
hash_impl(void)
{
	return hash_ready() ? "nettle" : "libsodium";
}

int
hash_use_sodium(void)
{
	if (hash_tried)
		return ERR_BUSY;
	hash_sodium_only = 1;
	return ERR_OK;
}

void
hash_sha256_init(struct hash_sha256 *h)
{
	if (hash_ready())
		hash_fn.sha256_init(&h->u.n);
	else
		crypto_hash_sha256_init(&h->u.s);
}

void
hash_sha256_update(struct hash_sha256 *h, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (hash_ready())
		hash_fn.sha256_update(&h->u.n, n, p);
	else
		crypto_hash_sha256_update(&h->u.s, p, n);
}

void
hash_sha256_final(struct hash_sha256 *h, uint8_t out[HASH_SHA256_BYTES])
{
	if (hash_ready())
		hash_fn.sha256_digest(&h->u.n, HASH_SHA256_BYTES, out);
	else
		crypto_hash_sha256_final(&h->u.s, out);
}

void
hash_sha256(uint8_t out[HASH_SHA256_BYTES], const void *p, size_t n)
{
	struct hash_sha256 h;

	hash_sha256_init(&h);
	hash_sha256_update(&h, p, n);
	hash_sha256_final(&h, out);
}

void
hash_hmac_sha256_init(struct hash_hmac_sha256 *h, const void *key,
    size_t keylen)
{
	static const uint8_t none;

	if (keylen == 0)
		key = &none;
	if (hash_ready())
		hash_fn.hmac_sha256_set_key(&h->u.n, keylen, key);
	else
		crypto_auth_hmacsha256_init(&h->u.s, key, keylen);
}

void
hash_hmac_sha256_update(struct hash_hmac_sha256 *h, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (hash_ready())
		hash_fn.hmac_sha256_update(&h->u.n, n, p);
	else
		crypto_auth_hmacsha256_update(&h->u.s, p, n);
}

void
hash_hmac_sha256_final(struct hash_hmac_sha256 *h,
    uint8_t out[HASH_SHA256_BYTES])
{
	if (hash_ready())
		hash_fn.hmac_sha256_digest(&h->u.n, HASH_SHA256_BYTES, out);
	else
		crypto_auth_hmacsha256_final(&h->u.s, out);
}
