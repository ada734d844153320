/*
 * libsodium opened on first use (see sodiumload.h for why).
 *
 * The first wrapper called runs sodiumload_once() through pthread_once:
 * it dlopen()s SODIUMLOAD_SONAME (content/libload.h), resolves every
 * function in SODIUMLOAD_FUNCS into a typed pointer and runs libsodium's
 * sodium_init(). It is all or nothing: the table is published only when
 * every function resolved and libsodium started. pthread_once also orders
 * the table's writes before any thread's reads, so the wrappers read it
 * without a lock. The library is never closed.
 */
#define SODIUMLOAD_NO_RENAME
#include "content/sodiumload.h"

#include <errno.h>	/* program_invocation_short_name */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/libload.h"

#ifndef SODIUMLOAD_SONAME
#error "SODIUMLOAD_SONAME is not set: the Makefile reads it from libsodium.so (is libsodium-dev installed?)"
#endif

#define SODIUMLOAD_WHAT	"libsodium"

/* One typed pointer per libsodium function, named as libsodium names it. */
static struct {
/* f names the member: it cannot be in parentheses. */
#define SODIUMLOAD_POINTER(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	SODIUMLOAD_FUNCS(SODIUMLOAD_POINTER)
#undef SODIUMLOAD_POINTER
} sodiumload_fn;
static pthread_once_t sodiumload_once_ctl = PTHREAD_ONCE_INIT;
static int sodiumload_ok;
static int sodiumload_tried;	/* read by sodiumload_set_soname() */
static char sodiumload_name[64] = SODIUMLOAD_SONAME;
static char sodiumload_why[LIBLOAD_WHY];

/* All or nothing: 0 with *t filled and libsodium started, or -1. */
static int
sodiumload_resolve(__typeof__(sodiumload_fn) *t)
{
	void *h, *sym;

	if ((h = libload_open(sodiumload_name, SODIUMLOAD_WHAT,
	    sodiumload_why)) == NULL)
		return -1;
#define SODIUMLOAD_RESOLVE(f)						\
	if ((sym = libload_sym(h, #f, SODIUMLOAD_WHAT,			\
	    sodiumload_name, sodiumload_why)) == NULL) {		\
		libload_close(h);					\
		return -1;						\
	}								\
	t->f = (__typeof__(f) *)sym;
	SODIUMLOAD_FUNCS(SODIUMLOAD_RESOLVE)
#undef SODIUMLOAD_RESOLVE
	if (t->sodium_init() < 0) {
		snprintf(sodiumload_why, sizeof sodiumload_why, "%s (%s) "
		    "cannot start: its sodium_init() failed", SODIUMLOAD_WHAT,
		    sodiumload_name);
		return -1;
	}
	return 0;
}

static void
sodiumload_once(void)
{
	__typeof__(sodiumload_fn) t;

	sodiumload_tried = 1;
	if (sodiumload_resolve(&t) != 0) {
		/* Once per process, whatever called first. */
		fprintf(stderr, "%s: %s\n", program_invocation_short_name,
		    sodiumload_why);
		return;
	}
	/* cppcheck-suppress unreadVariable ; every wrapper reads it */
	sodiumload_fn = t;
	sodiumload_ok = 1;
}

/* 1 when libsodium is loaded and initialised (loading it on the first call). */
static int
sodiumload_ready(void)
{
	pthread_once(&sodiumload_once_ctl, sodiumload_once);
	return sodiumload_ok;
}

const char *
sodiumload_error(void)
{
	return sodiumload_ready() ? NULL : sodiumload_why;
}

int
sodiumload_set_soname(const char *soname)
{
	int r = 0;

	if (sodiumload_tried)
		r = ERR_BUSY;
	else if (strlen(soname) >= sizeof sodiumload_name)
		r = ERR_LIMIT;
	else
		memcpy(sodiumload_name, soname, strlen(soname) + 1);
	return r;
}

/*
 * No answer is safe without libsodium: stop (sodiumload_once() said why).
 * Callers reach this only past a sodium_init() they did not check.
 */
static void
sodiumload_need(void)
{
	if (!sodiumload_ready())
		abort();
}

#define SODIUMLOAD_WRAP(ret, f, params, args)				\
ret									\
sodiumload_##f params							\
{									\
	sodiumload_need();						\
	return sodiumload_fn.f args;					\
}

typedef unsigned char	sodiumload_u8;
typedef unsigned long long sodiumload_ull;

SODIUMLOAD_WRAP(int, crypto_aead_chacha20poly1305_ietf_decrypt,
    (sodiumload_u8 *m, sodiumload_ull *mlen_p, sodiumload_u8 *nsec,
    const sodiumload_u8 *c, sodiumload_ull clen, const sodiumload_u8 *ad,
    sodiumload_ull adlen, const sodiumload_u8 *npub, const sodiumload_u8 *k),
    (m, mlen_p, nsec, c, clen, ad, adlen, npub, k))
SODIUMLOAD_WRAP(int, crypto_aead_chacha20poly1305_ietf_decrypt_detached,
    (sodiumload_u8 *m, sodiumload_u8 *nsec, const sodiumload_u8 *c,
    sodiumload_ull clen, const sodiumload_u8 *mac, const sodiumload_u8 *ad,
    sodiumload_ull adlen, const sodiumload_u8 *npub, const sodiumload_u8 *k),
    (m, nsec, c, clen, mac, ad, adlen, npub, k))
SODIUMLOAD_WRAP(int, crypto_aead_chacha20poly1305_ietf_encrypt,
    (sodiumload_u8 *c, sodiumload_ull *clen_p, const sodiumload_u8 *m,
    sodiumload_ull mlen, const sodiumload_u8 *ad, sodiumload_ull adlen,
    const sodiumload_u8 *nsec, const sodiumload_u8 *npub,
    const sodiumload_u8 *k), (c, clen_p, m, mlen, ad, adlen, nsec, npub, k))
SODIUMLOAD_WRAP(int, crypto_aead_chacha20poly1305_ietf_encrypt_detached,
    (sodiumload_u8 *c, sodiumload_u8 *mac, sodiumload_ull *maclen_p,
    const sodiumload_u8 *m, sodiumload_ull mlen, const sodiumload_u8 *ad,
    sodiumload_ull adlen, const sodiumload_u8 *nsec,
    const sodiumload_u8 *npub, const sodiumload_u8 *k),
    (c, mac, maclen_p, m, mlen, ad, adlen, nsec, npub, k))
SODIUMLOAD_WRAP(int, crypto_aead_xchacha20poly1305_ietf_decrypt,
    (sodiumload_u8 *m, sodiumload_ull *mlen_p, sodiumload_u8 *nsec,
    const sodiumload_u8 *c, sodiumload_ull clen, const sodiumload_u8 *ad,
    sodiumload_ull adlen, const sodiumload_u8 *npub, const sodiumload_u8 *k),
    (m, mlen_p, nsec, c, clen, ad, adlen, npub, k))
SODIUMLOAD_WRAP(int, crypto_aead_xchacha20poly1305_ietf_encrypt,
    (sodiumload_u8 *c, sodiumload_ull *clen_p, const sodiumload_u8 *m,
    sodiumload_ull mlen, const sodiumload_u8 *ad, sodiumload_ull adlen,
    const sodiumload_u8 *nsec, const sodiumload_u8 *npub,
    const sodiumload_u8 *k), (c, clen_p, m, mlen, ad, adlen, nsec, npub, k))
SODIUMLOAD_WRAP(int, crypto_auth_hmacsha256_final,
    (crypto_auth_hmacsha256_state *st, sodiumload_u8 *out), (st, out))
SODIUMLOAD_WRAP(int, crypto_auth_hmacsha256_init,
    (crypto_auth_hmacsha256_state *st, const sodiumload_u8 *key,
    size_t keylen), (st, key, keylen))
SODIUMLOAD_WRAP(int, crypto_auth_hmacsha256_update,
    (crypto_auth_hmacsha256_state *st, const sodiumload_u8 *in,
    sodiumload_ull inlen), (st, in, inlen))
SODIUMLOAD_WRAP(int, crypto_generichash, (sodiumload_u8 *out, size_t outlen,
    const sodiumload_u8 *in, sodiumload_ull inlen, const sodiumload_u8 *key,
    size_t keylen), (out, outlen, in, inlen, key, keylen))
SODIUMLOAD_WRAP(int, crypto_generichash_final, (crypto_generichash_state *st,
    sodiumload_u8 *out, const size_t outlen), (st, out, outlen))
SODIUMLOAD_WRAP(int, crypto_generichash_init, (crypto_generichash_state *st,
    const sodiumload_u8 *key, const size_t keylen, const size_t outlen),
    (st, key, keylen, outlen))
SODIUMLOAD_WRAP(int, crypto_generichash_update, (crypto_generichash_state *st,
    const sodiumload_u8 *in, sodiumload_ull inlen), (st, in, inlen))
SODIUMLOAD_WRAP(int, crypto_hash_sha256, (sodiumload_u8 *out,
    const sodiumload_u8 *in, sodiumload_ull inlen), (out, in, inlen))
SODIUMLOAD_WRAP(int, crypto_hash_sha256_final, (crypto_hash_sha256_state *st,
    sodiumload_u8 *out), (st, out))
SODIUMLOAD_WRAP(int, crypto_hash_sha256_init, (crypto_hash_sha256_state *st),
    (st))
SODIUMLOAD_WRAP(int, crypto_hash_sha256_update, (crypto_hash_sha256_state *st,
    const sodiumload_u8 *in, sodiumload_ull inlen), (st, in, inlen))
SODIUMLOAD_WRAP(int, crypto_pwhash_scryptsalsa208sha256,
    (sodiumload_u8 *const out, sodiumload_ull outlen,
    const char *const passwd, sodiumload_ull passwdlen,
    const sodiumload_u8 *const salt, sodiumload_ull opslimit,
    size_t memlimit), (out, outlen, passwd, passwdlen, salt, opslimit,
    memlimit))
SODIUMLOAD_WRAP(int, crypto_pwhash_scryptsalsa208sha256_ll,
    (const uint8_t *passwd, size_t passwdlen, const uint8_t *salt,
    size_t saltlen, uint64_t n, uint32_t r, uint32_t p, uint8_t *buf,
    size_t buflen), (passwd, passwdlen, salt, saltlen, n, r, p, buf, buflen))
SODIUMLOAD_WRAP(int, crypto_pwhash_str_alg, (char out[crypto_pwhash_STRBYTES],
    const char *const passwd, sodiumload_ull passwdlen,
    sodiumload_ull opslimit, size_t memlimit, int alg),
    (out, passwd, passwdlen, opslimit, memlimit, alg))
SODIUMLOAD_WRAP(int, crypto_pwhash_str_verify,
    (const char str[crypto_pwhash_STRBYTES], const char *const passwd,
    sodiumload_ull passwdlen), (str, passwd, passwdlen))
SODIUMLOAD_WRAP(int, crypto_scalarmult, (sodiumload_u8 *q,
    const sodiumload_u8 *n, const sodiumload_u8 *p), (q, n, p))
SODIUMLOAD_WRAP(int, crypto_scalarmult_base, (sodiumload_u8 *q,
    const sodiumload_u8 *n), (q, n))
SODIUMLOAD_WRAP(int, crypto_sign_detached, (sodiumload_u8 *sig,
    sodiumload_ull *siglen_p, const sodiumload_u8 *m, sodiumload_ull mlen,
    const sodiumload_u8 *sk), (sig, siglen_p, m, mlen, sk))
SODIUMLOAD_WRAP(int, crypto_sign_keypair, (sodiumload_u8 *pk,
    sodiumload_u8 *sk), (pk, sk))
SODIUMLOAD_WRAP(int, crypto_sign_seed_keypair, (sodiumload_u8 *pk,
    sodiumload_u8 *sk, const sodiumload_u8 *seed), (pk, sk, seed))
SODIUMLOAD_WRAP(int, crypto_sign_verify_detached, (const sodiumload_u8 *sig,
    const sodiumload_u8 *m, sodiumload_ull mlen, const sodiumload_u8 *pk),
    (sig, m, mlen, pk))
SODIUMLOAD_WRAP(int, sodium_base642bin, (sodiumload_u8 *const bin,
    const size_t bin_maxlen, const char *const b64, const size_t b64_len,
    const char *const ignore, size_t *const bin_len,
    const char **const b64_end, const int variant),
    (bin, bin_maxlen, b64, b64_len, ignore, bin_len, b64_end, variant))
SODIUMLOAD_WRAP(char *, sodium_bin2base64, (char *const b64,
    const size_t b64_maxlen, const sodiumload_u8 *const bin,
    const size_t bin_len, const int variant),
    (b64, b64_maxlen, bin, bin_len, variant))
SODIUMLOAD_WRAP(int, sodium_is_zero, (const sodiumload_u8 *n,
    const size_t nlen), (n, nlen))
SODIUMLOAD_WRAP(void *, sodium_malloc, (const size_t size), (size))
SODIUMLOAD_WRAP(int, sodium_memcmp, (const void *const b1,
    const void *const b2, size_t len), (b1, b2, len))

#undef SODIUMLOAD_WRAP

void
sodiumload_randombytes_buf(void *const buf, const size_t size)
{
	sodiumload_need();
	sodiumload_fn.randombytes_buf(buf, size);
}

/* -1 without libsodium, as libsodium's own when it cannot start. */
int
sodiumload_sodium_init(void)
{
	return sodiumload_ready() ? sodiumload_fn.sodium_init() : -1;
}

/* sodium_free(NULL) does nothing, and does not load libsodium for that. */
void
sodiumload_sodium_free(void *p)
{
	if (p == NULL)
		return;
	sodiumload_need();
	sodiumload_fn.sodium_free(p);
}

/*
 * What libsodium's own does on glibc, without loading libsodium: a wipe
 * of a buffer on the way out does not need it.
 */
void
sodiumload_sodium_memzero(void *const p, const size_t len)
{
	explicit_bzero(p, len);
}
