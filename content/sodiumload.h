/*
 * libsodium, opened on first use.
 *
 * The program does not link libsodium. Linking it cost every start of the
 * kiosk the dynamic linker's mapping and relocation of a library its first
 * frame never calls: the keys, seals and hashes are needed when a person
 * submits, a bundle is written or a command runs. Code that uses libsodium
 * includes this header instead of <sodium.h>: it keeps libsodium's types
 * and constants and renames every libsodium function the project calls
 * (sodium_malloc -> sodiumload_sodium_malloc). The first call of any
 * wrapper dlopen()s libsodium by the SONAME the build found
 * (SODIUMLOAD_SONAME), looks up every function in SODIUMLOAD_FUNCS and
 * runs libsodium's own sodium_init(), all at once and exactly once for the
 * process (content/libload.h); after that a wrapper is one indirect call.
 * So every libsodium function finds libsodium initialised, whichever is
 * called first.
 *
 * libsodium is never silently missing. When it cannot be loaded (or its
 * sodium_init() fails), the first use prints why on standard error, once:
 * "outreach: libsodium (libsodium.so.23) cannot be loaded: <the loader's
 * reason>" (sodiumload_error() gives the same sentence). sodium_init()
 * then returns -1, as libsodium's does when it cannot start, and every
 * caller already fails there (ERR_CRYPTO). sodium_memzero() wipes without
 * libsodium (below) and sodium_free(NULL) does nothing, so that cleanup
 * after that failure runs as it did. Every other function has no safe
 * answer without libsodium (random bytes, a key, a comparison, a seal):
 * it aborts the process rather than return something that looks like
 * success.
 *
 * Adding a libsodium function: one line in SODIUMLOAD_FUNCS, its rename
 * below and its wrapper in sodiumload.c (the compiler checks the
 * wrapper's type against libsodium's).
 */
#ifndef OUTREACH_SODIUMLOAD_H
#define OUTREACH_SODIUMLOAD_H

/*
 * Every libsodium function the project calls, by its own name, but
 * sodium_memzero: its wrapper is explicit_bzero(), what libsodium's own
 * calls on glibc, so that wiping a buffer never loads libsodium.
 */
#define SODIUMLOAD_FUNCS(X)						\
	X(crypto_aead_chacha20poly1305_ietf_decrypt)			\
	X(crypto_aead_chacha20poly1305_ietf_decrypt_detached)		\
	X(crypto_aead_chacha20poly1305_ietf_encrypt)			\
	X(crypto_aead_chacha20poly1305_ietf_encrypt_detached)		\
	X(crypto_aead_xchacha20poly1305_ietf_decrypt)			\
	X(crypto_aead_xchacha20poly1305_ietf_encrypt)			\
	X(crypto_auth_hmacsha256_final)					\
	X(crypto_auth_hmacsha256_init)					\
	X(crypto_auth_hmacsha256_update)				\
	X(crypto_generichash)						\
	X(crypto_generichash_final)					\
	X(crypto_generichash_init)					\
	X(crypto_generichash_update)					\
	X(crypto_hash_sha256)						\
	X(crypto_hash_sha256_final)					\
	X(crypto_hash_sha256_init)					\
	X(crypto_hash_sha256_update)					\
	X(crypto_pwhash_scryptsalsa208sha256)				\
	X(crypto_pwhash_scryptsalsa208sha256_ll)			\
	X(crypto_pwhash_str_alg)					\
	X(crypto_pwhash_str_verify)					\
	X(crypto_scalarmult)						\
	X(crypto_scalarmult_base)					\
	X(crypto_sign_detached)						\
	X(crypto_sign_keypair)						\
	X(crypto_sign_seed_keypair)					\
	X(crypto_sign_verify_detached)					\
	X(randombytes_buf)						\
	X(sodium_base642bin)						\
	X(sodium_bin2base64)						\
	X(sodium_free)							\
	X(sodium_init)							\
	X(sodium_is_zero)						\
	X(sodium_malloc)						\
	X(sodium_memcmp)

#include <sodium.h>

/* sodiumload_sodium_malloc has exactly sodium_malloc's type, and so on. */
#define SODIUMLOAD_DECLARE(f)	__typeof__(f) sodiumload_##f;
SODIUMLOAD_FUNCS(SODIUMLOAD_DECLARE)
SODIUMLOAD_DECLARE(sodium_memzero)
#undef SODIUMLOAD_DECLARE

/*
 * Load libsodium now if that has not been tried; NULL when it is loaded
 * and initialised, else why it cannot be (static, the same for the life
 * of the process: a failed load is not retried).
 */
const char	*sodiumload_error(void);

/*
 * Tests only: load soname instead of SODIUMLOAD_SONAME. Call it before the
 * first use of libsodium, with one thread; ERR_BUSY when a load was
 * already tried, ERR_LIMIT when soname is too long.
 */
int		 sodiumload_set_soname(const char *soname);

/* The renames; sodiumload.c itself sees libsodium's own names. */
#ifndef SODIUMLOAD_NO_RENAME
#define crypto_aead_chacha20poly1305_ietf_decrypt \
	sodiumload_crypto_aead_chacha20poly1305_ietf_decrypt
#define crypto_aead_chacha20poly1305_ietf_decrypt_detached \
	sodiumload_crypto_aead_chacha20poly1305_ietf_decrypt_detached
#define crypto_aead_chacha20poly1305_ietf_encrypt \
	sodiumload_crypto_aead_chacha20poly1305_ietf_encrypt
#define crypto_aead_chacha20poly1305_ietf_encrypt_detached \
	sodiumload_crypto_aead_chacha20poly1305_ietf_encrypt_detached
#define crypto_aead_xchacha20poly1305_ietf_decrypt \
	sodiumload_crypto_aead_xchacha20poly1305_ietf_decrypt
#define crypto_aead_xchacha20poly1305_ietf_encrypt \
	sodiumload_crypto_aead_xchacha20poly1305_ietf_encrypt
#define crypto_auth_hmacsha256_final	sodiumload_crypto_auth_hmacsha256_final
#define crypto_auth_hmacsha256_init	sodiumload_crypto_auth_hmacsha256_init
#define crypto_auth_hmacsha256_update	sodiumload_crypto_auth_hmacsha256_update
#define crypto_generichash		sodiumload_crypto_generichash
#define crypto_generichash_final	sodiumload_crypto_generichash_final
#define crypto_generichash_init		sodiumload_crypto_generichash_init
#define crypto_generichash_update	sodiumload_crypto_generichash_update
#define crypto_hash_sha256		sodiumload_crypto_hash_sha256
#define crypto_hash_sha256_final	sodiumload_crypto_hash_sha256_final
#define crypto_hash_sha256_init		sodiumload_crypto_hash_sha256_init
#define crypto_hash_sha256_update	sodiumload_crypto_hash_sha256_update
#define crypto_pwhash_scryptsalsa208sha256 \
	sodiumload_crypto_pwhash_scryptsalsa208sha256
#define crypto_pwhash_scryptsalsa208sha256_ll \
	sodiumload_crypto_pwhash_scryptsalsa208sha256_ll
#define crypto_pwhash_str_alg		sodiumload_crypto_pwhash_str_alg
#define crypto_pwhash_str_verify	sodiumload_crypto_pwhash_str_verify
#define crypto_scalarmult		sodiumload_crypto_scalarmult
#define crypto_scalarmult_base		sodiumload_crypto_scalarmult_base
#define crypto_sign_detached		sodiumload_crypto_sign_detached
#define crypto_sign_keypair		sodiumload_crypto_sign_keypair
#define crypto_sign_seed_keypair	sodiumload_crypto_sign_seed_keypair
#define crypto_sign_verify_detached	sodiumload_crypto_sign_verify_detached
#define randombytes_buf			sodiumload_randombytes_buf
#define sodium_base642bin		sodiumload_sodium_base642bin
#define sodium_bin2base64		sodiumload_sodium_bin2base64
#define sodium_free			sodiumload_sodium_free
#define sodium_init			sodiumload_sodium_init
#define sodium_is_zero			sodiumload_sodium_is_zero
#define sodium_malloc			sodiumload_sodium_malloc
#define sodium_memcmp			sodiumload_sodium_memcmp
#define sodium_memzero			sodiumload_sodium_memzero
#endif

#endif
