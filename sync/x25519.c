/*
 * X25519 through libcrypto, else libsodium; see x25519.h.
 *
 * The first call runs x25519_once() through pthread_once: it dlopen()s
 * CRYPTO_SONAME and resolves the functions used here, all or nothing (the
 * table is published only when every one resolved), as sync/hash.c does
 * for nettle. pthread_once orders the table's writes before any thread's
 * reads.
 *
 * A thread's state holds, for each of the last X25519_KEYS scalars, a
 * copy of the scalar (sodium_malloc'd: guarded, wiped when freed) and
 * libcrypto's key and derivation context for it (whose pointers are in
 * plain malloc'd memory, where a leak checker follows them); and one peer
 * key whose public value is replaced for each call
 * (EVP_PKEY_set1_encoded_public_key), so that a call allocates nothing.
 * The peer is not checked (EVP_PKEY_derive_set_peer_ex's validate 0): an
 * X25519 public value is any 32 bytes, and a point of low order gives an
 * all-zero result, which libcrypto refuses; any refusal is handed to
 * libsodium, whose verdict stands.
 */
#include "sync/x25519.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/libload.h"
#include "content/sodiumload.h"

#ifndef CRYPTO_SONAME
#error "CRYPTO_SONAME is not set: the Makefile reads it from libcrypto.so (is libssl-dev installed?)"
#endif

#define X25519_KEYS	4	/* scalars a thread keeps keys for */

#define X25519_FUNCS(X)							\
	X(EVP_PKEY_new_raw_private_key)					\
	X(EVP_PKEY_new_raw_public_key)					\
	X(EVP_PKEY_set1_encoded_public_key)				\
	X(EVP_PKEY_free)						\
	X(EVP_PKEY_CTX_new_from_pkey)					\
	X(EVP_PKEY_CTX_free)						\
	X(EVP_PKEY_derive_init)						\
	X(EVP_PKEY_derive_set_peer_ex)					\
	X(EVP_PKEY_derive)						\
	X(ERR_clear_error)

static struct {
/* f names the member: it cannot be in parentheses. */
#define X25519_POINTER(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	X25519_FUNCS(X25519_POINTER)
#undef X25519_POINTER
} x25519_fn;
static pthread_once_t x25519_once_ctl = PTHREAD_ONCE_INIT;
static int x25519_crypto;	/* set once, inside x25519_once() */
static int x25519_tried;
static int x25519_sodium_only;	/* tests: x25519_use_sodium() */
static char x25519_why[LIBLOAD_WHY];

struct x25519_key {
	EVP_PKEY	*key;		/* NULL: this slot is free */
	EVP_PKEY_CTX	*ctx;		/* derive_init done */
};

/* Plain malloc: a leak checker follows its pointers (not sodium_malloc's). */
struct x25519_state {
	struct x25519_key	 k[X25519_KEYS];
	uint8_t			(*sk)[32];	/* k[i]'s scalar (sodium) */
	EVP_PKEY		*peer;
	unsigned		 next;	/* the slot a new scalar takes */
	int			 broken;	/* libcrypto failed: libsodium */
};

static _Thread_local struct x25519_state *x25519_tls;

static void
x25519_once(void)
{
	__typeof__(x25519_fn) t;
	void *h, *sym;

	x25519_tried = 1;
	if (x25519_sodium_only ||
	    (h = libload_open(CRYPTO_SONAME, "libcrypto", x25519_why)) == NULL)
		return;
#define X25519_RESOLVE(f)						\
	if ((sym = libload_sym(h, #f, "libcrypto", CRYPTO_SONAME,	\
	    x25519_why)) == NULL) {					\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(f) *)sym;
	X25519_FUNCS(X25519_RESOLVE)
#undef X25519_RESOLVE
	x25519_fn = t;
	x25519_crypto = 1;
}

static int
x25519_ready(void)
{
	pthread_once(&x25519_once_ctl, x25519_once);
	return x25519_crypto;
}

const char *
x25519_impl(void)
{
	return x25519_ready() ? "libcrypto" : "libsodium";
}

int
x25519_use_sodium(void)
{
	if (x25519_tried)
		return ERR_BUSY;
	x25519_sodium_only = 1;
	return ERR_OK;
}

static void
x25519_key_clear(struct x25519_state *s, size_t i)
{
	x25519_fn.EVP_PKEY_CTX_free(s->k[i].ctx);
	x25519_fn.EVP_PKEY_free(s->k[i].key);
	s->k[i].ctx = NULL;
	s->k[i].key = NULL;
	sodium_memzero(s->sk[i], sizeof s->sk[i]);
}

void
x25519_thread_cleanup(void)
{
	struct x25519_state *s = x25519_tls;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < X25519_KEYS; i++)
		if (s->k[i].key != NULL)
			x25519_key_clear(s, i);
	if (s->peer != NULL)
		x25519_fn.EVP_PKEY_free(s->peer);
	sodium_free(s->sk);	/* wipes it */
	free(s);
	x25519_tls = NULL;
}

/* This thread's state, made on its first call; NULL when it cannot be. */
static struct x25519_state *
x25519_state(const uint8_t pk[32])
{
	struct x25519_state *s = x25519_tls;

	if (s != NULL)
		return s->broken ? NULL : s;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	x25519_tls = s;
	if ((s->sk = sodium_malloc(X25519_KEYS * sizeof *s->sk)) == NULL) {
		s->broken = 1;
		return NULL;
	}
	s->peer = x25519_fn.EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL,
	    pk, 32);
	if (s->peer == NULL) {
		s->broken = 1;
		x25519_fn.ERR_clear_error();
		return NULL;
	}
	return s;
}

/* The key and context for scalar sk: kept, or made in the next slot. */
static struct x25519_key *
x25519_key(struct x25519_state *s, const uint8_t sk[32])
{
	struct x25519_key *k;
	size_t i;

	for (i = 0; i < X25519_KEYS; i++) {
		k = &s->k[i];
		if (k->key != NULL && sodium_memcmp(s->sk[i], sk, 32) == 0)
			return k;
	}
	i = s->next;
	s->next = (s->next + 1) % X25519_KEYS;
	k = &s->k[i];
	if (k->key != NULL)
		x25519_key_clear(s, i);
	memcpy(s->sk[i], sk, 32);
	if ((k->key = x25519_fn.EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519,
	    NULL, sk, 32)) == NULL ||
	    (k->ctx = x25519_fn.EVP_PKEY_CTX_new_from_pkey(NULL, k->key,
	    NULL)) == NULL ||
	    x25519_fn.EVP_PKEY_derive_init(k->ctx) != 1) {
		x25519_key_clear(s, i);
		return NULL;
	}
	return k;
}

int
x25519_shared(uint8_t out[32], const uint8_t sk[32], const uint8_t pk[32])
{
	struct x25519_state *s;
	struct x25519_key *k;
	size_t len = 32;

	if (!x25519_ready() || (s = x25519_state(pk)) == NULL)
		return crypto_scalarmult(out, sk, pk);
	if ((k = x25519_key(s, sk)) == NULL) {
		/* libcrypto cannot make keys here: it stops trying. */
		s->broken = 1;
		x25519_fn.ERR_clear_error();
		return crypto_scalarmult(out, sk, pk);
	}
	if (x25519_fn.EVP_PKEY_set1_encoded_public_key(s->peer, pk, 32) == 1 &&
	    x25519_fn.EVP_PKEY_derive_set_peer_ex(k->ctx, s->peer, 0) == 1 &&
	    x25519_fn.EVP_PKEY_derive(k->ctx, out, &len) == 1 && len == 32)
		return 0;
	/* Most likely a point of low order: libsodium says. */
	x25519_fn.ERR_clear_error();
	return crypto_scalarmult(out, sk, pk);
}
