/*
 * minisign: Ed25519 signatures in minisign's file formats.
 *
 * Devices sign bundle manifests and the hub signs receipts and content packs
 * so that a council can check our work with the standard `minisign -V`, and
 * so that we accept what `minisign -S` writes. Everything here reads and
 * writes minisign 0.11's formats byte for byte:
 *
 *   public key file   "untrusted comment: minisign public key <ID>\n"
 *                     base64("Ed" | key id (8) | Ed25519 public key (32)) "\n"
 *   public key string the base64 line alone (what `minisign -P` takes)
 *   secret key file   "untrusted comment: <text>\n" base64(158-byte blob) "\n"
 *                     blob: "Ed" | kdf ("Sc" or 0 0) | "B2" | salt (32) |
 *                     opslimit (u64 LE) | memlimit (u64 LE) | key id (8) |
 *                     Ed25519 secret key (64) | BLAKE2b-256("Ed"|id|sk) (32);
 *                     with "Sc" the last 104 bytes are XORed with scrypt
 *                     (crypto_pwhash_scryptsalsa208sha256) of the password
 *   signature file    "untrusted comment: <text>\n"
 *                     base64("Ed" or "ED" | key id (8) | signature (64)) "\n"
 *                     "trusted comment: <text>\n"
 *                     base64(Ed25519 over signature | trusted text) "\n"
 *                     "ED" signs BLAKE2b-512(message); "Ed" the raw message.
 *
 * Parsing is strict: exact lines ending in LF (only the last LF may be
 * missing; no CR), canonical padded base64, exact blob sizes, known
 * algorithm tags, comments within minisign's own bounds and free of control
 * characters other than tab. A key id is shown the way minisign shows it:
 * the 8 bytes as a little-endian u64 in upper-case hex, without leading
 * zeros (printf "%" PRIX64).
 *
 * Secret keys live in sodium_malloc'd memory and are wiped when freed;
 * secret key files are created new with mode 0600 and never overwritten.
 * Errors: ERR_PARSE for a malformed file, ERR_NOKEY when a signature names
 * another key, ERR_SIGNATURE when it does not verify, ERR_CRYPTO for a
 * wrong or missing password, ERR_LIMIT for sizes beyond the bounds below.
 */
#ifndef OUTREACH_MINISIGN_H
#define OUTREACH_MINISIGN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MINISIGN_KEYID_BYTES	8
#define MINISIGN_PK_BYTES	32	/* crypto_sign_PUBLICKEYBYTES */
/* "E7620F1842B4E81F" and a NUL. */
#define MINISIGN_KEYID_STR_SIZE	17
/* The base64 public key string (56 characters) and a NUL. */
#define MINISIGN_PUBKEY_B64_SIZE 57

/*
 * Comment bounds, in bytes of text after the "…comment: " prefix. These are
 * what minisign 0.11 itself can read back (its line buffers are 1024 and
 * 8192 bytes); minisign's own -t writes at most 4077.
 */
#define MINISIGN_UNTRUSTED_MAX	1003
#define MINISIGN_TRUSTED_MAX	8173
/* Passwords longer than this cannot be typed into minisign. */
#define MINISIGN_PASSWORD_MAX	1000
/* Largest message minisign signs or verifies unhashed ("Ed"). */
#define MINISIGN_LEGACY_MAX	((size_t)1 << 30)

/* scrypt cost stored in an encrypted secret key. */
struct minisign_kdf_limits {
	uint64_t	opslimit;
	uint64_t	memlimit;
};

/* What minisign -G uses (scrypt "sensitive": ~1 GiB, a few seconds). */
#define MINISIGN_KDF_DEFAULT	{ 33554432ULL, 1073741824ULL }
/* libsodium's "interactive" scrypt limits (16 MiB): for tests and demos. */
#define MINISIGN_KDF_INTERACTIVE { 524288ULL, 16777216ULL }
/* Keys whose stored limits exceed the default are refused (ERR_LIMIT). */

/* Signature algorithms. */
enum minisign_alg {
	MINISIGN_PREHASHED,	/* "ED": signs BLAKE2b-512 of the message */
	MINISIGN_LEGACY,	/* "Ed": signs the message itself */
};

/* A public key; plain data, copy it freely. */
struct minisign_pubkey {
	uint8_t	keyid[MINISIGN_KEYID_BYTES];
	uint8_t	pk[MINISIGN_PK_BYTES];
};

/* A secret key (opaque; in guarded sodium memory). */
struct minisign_seckey;

/* Key ids ---------------------------------------------------------------- */

/* Format a key id the way minisign prints it ("E7620F1842B4E81F"). */
void	minisign_keyid_str(const uint8_t keyid[MINISIGN_KEYID_BYTES],
	    char out[MINISIGN_KEYID_STR_SIZE]);

/* Keys (sync/minisign-key.c) ------------------------------------------------ */

/* Make a new key pair with a random key id. *skp: free with _seckey_free. */
int	minisign_keygen(struct minisign_seckey **skp,
	    struct minisign_pubkey *pk, char **cause);

/* Wipe and free a secret key; accepts NULL and clears the pointer. */
void	minisign_seckey_free(struct minisign_seckey **skp);

/* The public half and the key id of a secret key. */
void	minisign_seckey_pubkey(const struct minisign_seckey *sk,
	    struct minisign_pubkey *pk);

/*
 * Parse a public key: either a public key file's text (two lines) or the
 * bare base64 string, with at most one trailing LF.
 */
int	minisign_pubkey_parse(const char *text, size_t len,
	    struct minisign_pubkey *pk, char **cause);

/* Read and parse a public key file (or a file holding the bare string). */
int	minisign_pubkey_load(const char *path, struct minisign_pubkey *pk,
	    char **cause);

/* The bare base64 string, as `minisign -P` takes it. */
void	minisign_pubkey_base64(const struct minisign_pubkey *pk,
	    char out[MINISIGN_PUBKEY_B64_SIZE]);

/* The public key file's text, as minisign -G writes it. Caller frees. */
int	minisign_pubkey_format(const struct minisign_pubkey *pk, char **text,
	    size_t *lenp);

/* Write the public key file atomically (mode 0644, replaces). */
int	minisign_pubkey_save(const char *path, const struct minisign_pubkey *pk,
	    char **cause);

/*
 * Parse a secret key: a secret key file's text or its bare base64 line.
 * An encrypted key needs its password (ERR_CRYPTO if NULL or wrong); the
 * password is ignored for an unencrypted key. The caller wipes text.
 */
int	minisign_seckey_parse(const char *text, size_t len,
	    const char *password, struct minisign_seckey **skp, char **cause);

/* Read, parse and wipe a secret key file. */
int	minisign_seckey_load(const char *path, const char *password,
	    struct minisign_seckey **skp, char **cause);

/*
 * Create a secret key file (O_EXCL, mode 0600; ERR_EXISTS if present).
 * password NULL writes an unencrypted key (as minisign -G -W); otherwise
 * it is encrypted with scrypt at limits (NULL: MINISIGN_KDF_DEFAULT).
 */
int	minisign_seckey_save(const char *path, const struct minisign_seckey *sk,
	    const char *password, const struct minisign_kdf_limits *limits,
	    char **cause);

/* Signatures (sync/minisign.c) --------------------------------------------- */

/*
 * minisign's default trusted comment: "timestamp:<when>\tfile:<base name
 * of file>\thashed", without the file part when file is NULL. Bytes of the
 * name that may not appear in a comment become '?'. Caller frees.
 */
char	*minisign_trusted_comment(const char *file, time_t when);

/*
 * Sign msg prehashed ("ED") and return the signature file's text in *sig
 * (Caller frees). trusted_comment NULL: minisign_trusted_comment(NULL,
 * now); untrusted_comment NULL: "signature from minisign secret key".
 */
int	minisign_sign(const struct minisign_seckey *sk, const void *msg,
	    size_t len, const char *trusted_comment,
	    const char *untrusted_comment, char **sig, size_t *siglenp,
	    char **cause);

/* The same with a chosen algorithm (MINISIGN_LEGACY only for old peers). */
int	minisign_sign_alg(const struct minisign_seckey *sk,
	    enum minisign_alg alg, const void *msg, size_t len,
	    const char *trusted_comment, const char *untrusted_comment,
	    char **sig, size_t *siglenp, char **cause);

/*
 * Sign a file prehashed, reading it in pieces; trusted_comment NULL is
 * minisign's default for that file name and the current time.
 */
int	minisign_sign_file(const struct minisign_seckey *sk, const char *path,
	    const char *trusted_comment, const char *untrusted_comment,
	    char **sig, size_t *siglenp, char **cause);

/*
 * Verify the signature file text sig (siglen bytes) over msg with pk: the
 * key ids must match (else ERR_NOKEY), the signature and the signature over
 * the trusted comment must verify (else ERR_SIGNATURE). Accepts "ED" and
 * "Ed". On success *trusted_comment (if not NULL) is the trusted comment's
 * text (Caller frees); it has no control characters but tab, and is
 * otherwise untrusted bytes (not checked to be UTF-8).
 */
int	minisign_verify(const struct minisign_pubkey *pk, const void *msg,
	    size_t len, const char *sig, size_t siglen, char **trusted_comment,
	    char **cause);

/* The same over a file, hashed in pieces ("Ed" reads it whole, bounded). */
int	minisign_verify_file(const struct minisign_pubkey *pk,
	    const char *path, const char *sig, size_t siglen,
	    char **trusted_comment, char **cause);

/* The key id and algorithm a signature file claims, without verifying. */
int	minisign_sig_info(const char *sig, size_t siglen,
	    uint8_t keyid[MINISIGN_KEYID_BYTES], enum minisign_alg *algp,
	    char **cause);

#endif
