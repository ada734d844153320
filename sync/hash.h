/*
 * SHA-256 and HMAC-SHA256 at the speed of the CPU.
 *
 * Every SHA-256 the program computes goes through here: the outbox's check
 * of each ciphertext, bundle manifests and their entries, age's HKDF and
 * header MAC, packs. libsodium 1.0.18's SHA-256 is portable C (about 2.5
 * us for a 1.2 KB ciphertext here); nettle's picks the CPU's SHA
 * extensions at run time (0.6 us) and is the same function. nettle is
 * opened on first use (content/libload.h), by the SONAME the build found
 * (NETTLE_SONAME): linking it would cost every start of the kiosk 0.3M
 * instructions of dynamic linking for hashes it computes only when a
 * person submits. When nettle cannot be loaded, libsodium computes the
 * same hashes; hash_impl() says which does.
 *
 * The contexts are plain structs (no allocation, nothing to free); copy
 * one to hash a common prefix once. Wipe a context that held a secret
 * (sodium_memzero), as for libsodium's.
 */
#ifndef OUTREACH_HASH_H
#define OUTREACH_HASH_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "content/sodiumload.h"

#define HASH_SHA256_BYTES	32

struct hash_sha256 {
	union {
		struct sha256_ctx		n;	/* nettle */
		crypto_hash_sha256_state	s;	/* libsodium */
	} u;
};

struct hash_hmac_sha256 {
	union {
		struct hmac_sha256_ctx		n;
		crypto_auth_hmacsha256_state	s;
	} u;
};

void	hash_sha256_init(struct hash_sha256 *h);
void	hash_sha256_update(struct hash_sha256 *h, const void *p, size_t n);
void	hash_sha256_final(struct hash_sha256 *h, uint8_t out[HASH_SHA256_BYTES]);
/* SHA-256 of p[0..n) in one call. */
void	hash_sha256(uint8_t out[HASH_SHA256_BYTES], const void *p, size_t n);

void	hash_hmac_sha256_init(struct hash_hmac_sha256 *h, const void *key,
	    size_t keylen);
void	hash_hmac_sha256_update(struct hash_hmac_sha256 *h, const void *p,
	    size_t n);
void	hash_hmac_sha256_final(struct hash_hmac_sha256 *h,
	    uint8_t out[HASH_SHA256_BYTES]);

/* "nettle" or "libsodium": which computes the hashes (loading it now). */
const char *hash_impl(void);

/*
 * Tests only: compute with libsodium, as when nettle cannot be loaded.
 * Call it before the first hash, with one thread; ERR_BUSY after.
 */
int	hash_use_sodium(void);

#endif
