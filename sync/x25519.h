/*
 * X25519 for decryption: the one scalar multiplication each age file
 * costs, and most of the CPU of a hub's import.
 *
 * libsodium 1.0.18's X25519 is portable C (33 us here); OpenSSL's
 * libcrypto computes the same function with x86-64 assembly (MULX/ADX,
 * 29 us). libcrypto is in the hub's process already (libzip links it) and
 * is opened by the SONAME the build found (CRYPTO_SONAME) on the first
 * call; when it cannot be opened, or any of its calls fails, libsodium
 * computes, so the answer and the verdict are always libsodium's:
 * x25519_impl() says which library is in use.
 *
 * Each thread keeps its own libcrypto objects (the keys of the last few
 * scalars it used, a peer key it refills, a derivation context); a thread
 * that called x25519_shared() calls x25519_thread_cleanup() before it
 * ends, which frees them and wipes the scalars it kept.
 *
 * Encryption (sealing on the kiosk) stays with libsodium: the kiosk never
 * opens libcrypto.
 */
#ifndef OUTREACH_X25519_H
#define OUTREACH_X25519_H

#include <stdint.h>

/* out = X25519(sk, pk); 0, or -1 (as crypto_scalarmult) when the result
   is all zeros: pk is a point of low order. */
int	x25519_shared(uint8_t out[32], const uint8_t sk[32],
	    const uint8_t pk[32]);

/* "libcrypto" or "libsodium": which computes (loading it now). */
const char *x25519_impl(void);

/* Tests: compute with libsodium only; ERR_BUSY after the first call. */
int	x25519_use_sodium(void);

/* Free this thread's libcrypto objects and wipe its scalars. */
void	x25519_thread_cleanup(void);

#endif
