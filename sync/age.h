/*
 * age v1 file encryption (age-encryption.org/v1) on libsodium.
 *
 * X25519 recipients ("age1...") and identities ("AGE-SECRET-KEY-1..."),
 * scrypt passphrases, the binary format and its ASCII armor, and identity
 * files (plain, or themselves passphrase-encrypted age files). Everything
 * works in memory: a submission is a few KiB, an identity file less.
 *
 * What it guarantees:
 * - Files we write decrypt with `age -d`; files `age -e` writes decrypt here.
 * - Parsing is as strict as the spec and the community test vectors demand:
 *   canonical base64, exact line structure, 16-byte file keys, a lone scrypt
 *   stanza, STREAM chunks that end exactly once. Unknown stanza types are
 *   ignored, as the spec requires.
 * - Secrets (identities, passphrases, file and derived keys, plaintexts) live
 *   in sodium_malloc memory and are wiped on every path. Derived keys use a
 *   per-thread sodium_malloc scratch area, allocated once, so decrypting many
 *   small files costs no allocation of guarded memory per file.
 *
 * Decryption failures, from the lowest layer up, are reported as:
 *	ERR_PARSE  with a cause starting "armor: "	bad ASCII armor
 *	ERR_PARSE  with a cause starting "header: "	bad header or stanza
 *	ERR_NOKEY  with a cause starting "no identity"	nothing unwrapped
 *	ERR_CRYPTO with a cause starting "MAC: "	header MAC mismatch
 *	ERR_CRYPTO with a cause starting "payload: "	bad or truncated payload
 * These prefixes are part of the interface.
 */
#ifndef OUTREACH_AGE_H
#define OUTREACH_AGE_H

#include <stddef.h>
#include <stdint.h>

#define AGE_RECIPIENT_LEN	62	/* strlen("age1...") */
#define AGE_IDENTITY_LEN	74	/* strlen("AGE-SECRET-KEY-1...") */
#define AGE_MAX_STANZAS		1024	/* recipients written, stanzas read */
#define AGE_HEADER_MAX		(1024 * 1024)	/* bytes of header read */
#define AGE_PLAINTEXT_MAX	((size_t)1 << 30)	/* what we encrypt */
#define AGE_SCRYPT_LOGN		18	/* default work factor, as age's */
#define AGE_SCRYPT_MAX_LOGN	22	/* refused above this, as age does */
#define AGE_PASSPHRASE_MAX	1024	/* bytes */
#define AGE_IDFILE_MAX		(1024 * 1024)	/* bytes of an identity file */
#define AGE_IDFILE_MAX_KEYS	1024	/* identities in one file */

/* Flags for encryption and decryption. */
#define AGE_ARMOR	0x1	/* encrypt: write armor; decrypt: require it */
#define AGE_DETECT	0x2	/* decrypt: armored if, after white space, the
				   input starts "-----BEGIN"; binary otherwise */

/* An X25519 recipient: a public key, nothing secret. */
struct age_recipient {
	uint8_t	pk[32];
};

/* An X25519 identity or a passphrase (opaque; sodium_malloc'd). */
struct age_identity;

/* Identities read from an identity file. */
struct age_identity_list {
	struct age_identity	**v;
	size_t			  n;
};

/*
 * Make a new X25519 key pair. *identityp is the "AGE-SECRET-KEY-1..." line
 * in sodium_malloc memory (free with age_secret_free); *recipientp is the
 * "age1..." string (Caller frees with free()).
 */
int	age_keygen(char **identityp, char **recipientp, char **cause);

/* Wipe and free a secret string from this module; clears the pointer. */
void	age_secret_free(char **sp);

/* Parse "age1..." (lower case, as age writes it). */
int	age_recipient_parse(const char *s, struct age_recipient *r,
	    char **cause);

/* Write r as "age1..." into out (AGE_RECIPIENT_LEN + 1 bytes). */
int	age_recipient_format(const struct age_recipient *r, char *out,
	    size_t outcap);

/* Parse "AGE-SECRET-KEY-1..." (upper case); derives the public key once. */
int	age_identity_parse(const char *s, struct age_identity **idp,
	    char **cause);

/* An identity that tries a passphrase against scrypt stanzas. */
int	age_identity_passphrase(const char *pass, struct age_identity **idp,
	    char **cause);

/* The recipient of an X25519 identity (ERR_INVALID for a passphrase). */
int	age_identity_recipient(const struct age_identity *id,
	    struct age_recipient *r);

void	age_identity_free(struct age_identity **idp);

/*
 * Encrypt len bytes to n recipients (1..AGE_MAX_STANZAS). *outp is the
 * binary age file, or armored text with AGE_ARMOR (Caller frees; it is not
 * secret).
 */
int	age_encrypt(const struct age_recipient *r, size_t n, const void *pt,
	    size_t len, int flags, uint8_t **outp, size_t *outlenp,
	    char **cause);

/* Encrypt with a passphrase (scrypt, 2^logn; 0 means AGE_SCRYPT_LOGN). */
int	age_encrypt_passphrase(const char *pass, int logn, const void *pt,
	    size_t len, int flags, uint8_t **outp, size_t *outlenp,
	    char **cause);

/*
 * Decrypt with the first identity that unwraps the file key. *outp is the
 * plaintext in sodium_malloc memory (free with age_plaintext_free); nothing
 * is returned on failure. flags: 0 (binary), AGE_ARMOR or AGE_DETECT.
 */
int	age_decrypt(struct age_identity *const *ids, size_t n, const void *in,
	    size_t inlen, int flags, uint8_t **outp, size_t *outlenp,
	    char **cause);

/*
 * As age_decrypt, into the caller's buffer out (outcap >= inlen always
 * suffices; ERR_LIMIT otherwise), so one sodium_malloc buffer can serve many
 * files. On a payload failure *outlenp is what a streaming reader would
 * already have released (whole authenticated chunks): not to be trusted,
 * and the caller wipes the buffer as always.
 */
int	age_decrypt_buf(struct age_identity *const *ids, size_t n,
	    const void *in, size_t inlen, int flags, uint8_t *out,
	    size_t outcap, size_t *outlenp, char **cause);

/* Decrypt a passphrase-encrypted file; as age_decrypt. */
int	age_decrypt_passphrase(const char *pass, const void *in, size_t inlen,
	    int flags, uint8_t **outp, size_t *outlenp, char **cause);

/* Wipe and free a plaintext from age_decrypt; clears the pointer. */
void	age_plaintext_free(uint8_t **pp);

/*
 * Read an identity file: lines of "AGE-SECRET-KEY-1...", "#" comments and
 * blank lines (LF or CRLF). If the data is an age file (binary or armored)
 * it is decrypted first with pass, which must then be given (ERR_NOKEY
 * otherwise). *listp: Caller frees with age_identity_list_free.
 */
int	age_identity_file_parse(const void *data, size_t len, const char *pass,
	    struct age_identity_list **listp, char **cause);
int	age_identity_file_load(const char *path, const char *pass,
	    struct age_identity_list **listp, char **cause);

/* Whether an identity file's bytes are an encrypted age file. */
int	age_identity_file_is_encrypted(const void *data, size_t len);

/*
 * The text of an identity file for one identity, as age-keygen writes it:
 * "# created: ...", "# public key: age1...", the identity. *outp is
 * sodium_malloc'd (free with age_secret_free).
 */
int	age_identity_file_format(const char *identity, char **outp,
	    size_t *lenp, char **cause);

void	age_identity_list_free(struct age_identity_list **listp);

/*
 * HKDF-SHA-256 (RFC 5869) from libsodium's HMAC-SHA-256; outlen at most
 * 255 * 32. Returns 0 or ERR_INVALID.
 */
int	age_hkdf_sha256(uint8_t *out, size_t outlen, const uint8_t *ikm,
	    size_t ikmlen, const uint8_t *salt, size_t saltlen,
	    const void *info, size_t infolen);

/* Free this thread's scratch area and its X25519 keys (sync/x25519.h);
   a thread that decrypted calls it before it exits. */
void	age_thread_cleanup(void);

#endif
