/*
 * Internals shared by sync/age*.c: strict base64, the ASCII armor, the
 * header parser and the structures it fills. Not for use outside sync/age*.
 *
 * The header format (age-encryption.org/v1), every line ending in LF:
 *
 *	age-encryption.org/v1
 *	-> TYPE ARG...			one stanza: arguments are 1+ of
 *	BODY (base64, no padding)	    VCHAR; body lines are exactly 64
 *	...short final body line	    columns but the last, which is
 *	-> ...				    shorter (maybe empty)
 *	--- MAC				HMAC-SHA-256 of everything before the
 *					space, base64, no padding
 *	NONCE (16 bytes) and STREAM chunks of 64 KiB + 16-byte tag
 *
 * Known stanzas:
 *	-> X25519 SHARE			share: 32 bytes; body: 32 bytes
 *	-> scrypt SALT LOGN		salt: 16 bytes; logN: 1..22 in
 *					canonical decimal; body: 32 bytes;
 *					must be the only stanza
 */
#ifndef OUTREACH_AGE_INT_H
#define OUTREACH_AGE_INT_H

#include <stddef.h>
#include <stdint.h>

#define AGE_INTRO		"age-encryption.org/v1\n"
#define AGE_INTRO_PREFIX	"age-encryption.org/"
#define AGE_ARMOR_BEGIN		"-----BEGIN AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_END		"-----END AGE ENCRYPTED FILE-----"
#define AGE_COLUMNS		64	/* base64 columns per line */
#define AGE_BYTES_PER_LINE	48	/* bytes per full line */
#define AGE_CHUNK		65536	/* STREAM plaintext chunk */
#define AGE_TAG			16	/* Poly1305 tag */
#define AGE_NONCE		16	/* payload nonce */
#define AGE_FILE_KEY		16
#define AGE_STANZA_ARGS		4	/* arguments kept per stanza */

enum age_stanza_kind {
	AGE_STANZA_OTHER,	/* unknown type: ignored */
	AGE_STANZA_X25519,
	AGE_STANZA_SCRYPT,
};

struct age_stanza {
	enum age_stanza_kind	 kind;
	const char		*arg[AGE_STANZA_ARGS];	/* into the input */
	size_t			 arglen[AGE_STANZA_ARGS];
	size_t			 nargs;		/* type included */
	uint8_t			 body[32];	/* known kinds only */
	size_t			 bodylen;
	uint8_t			 share[32];	/* X25519 */
	uint8_t			 salt[16];	/* scrypt */
	int			 logn;		/* scrypt */
};

struct age_header {
	struct age_stanza	*st;
	size_t			 n;
	uint8_t			 mac[32];
	size_t			 maclen;	/* bytes covered, through "---" */
	size_t			 len;		/* with the MAC line */
};

/*
 * Strict base64 (standard alphabet): canonical, with padding when padded is
 * set and none otherwise, nothing but the alphabet. Returns 0 or ERR_PARSE;
 * ERR_LIMIT if it does not fit in cap.
 */
int	age_b64_decode(const char *s, size_t len, int padded, uint8_t *out,
	    size_t cap, size_t *outlen);

/* Encode into out (no NUL); returns the length written. */
size_t	age_b64_encode(const uint8_t *in, size_t len, int padded, char *out);

/* The encoded length, without padding when padded is clear. */
size_t	age_b64_len(size_t len, int padded);

/*
 * sodium_init() once, before any other libsodium call (sodium_malloc
 * aborts without it); ERR_CRYPTO if libsodium cannot start.
 */
int	age_init(char **cause);

/* Whether in looks armored: white space, then "-----BEGIN". */
int	age_armor_detect(const uint8_t *in, size_t len);

/* Decode armor strictly (Caller frees *outp; not secret). */
int	age_armor_decode(const uint8_t *in, size_t len, uint8_t **outp,
	    size_t *outlenp, char **cause);

/* Armor a binary age file (Caller frees *outp). */
int	age_armor_encode(const uint8_t *in, size_t len, uint8_t **outp,
	    size_t *outlenp);

/*
 * Parse and validate the header at the start of in, and check that the
 * 16-byte payload nonce follows. Fills h (free with age_header_clear).
 * Returns 0 or ERR_PARSE with a "header: " cause; ERR_NOMEM.
 */
int	age_header_parse(const uint8_t *in, size_t len, struct age_header *h,
	    char **cause);
void	age_header_clear(struct age_header *h);

/* The plaintext size of a STREAM payload of len bytes (after the nonce). */
size_t	age_stream_plain_len(size_t len);

/* Seal len bytes (pt may be NULL when len is 0) into out. */
void	age_stream_seal(const uint8_t key[32], const uint8_t *pt, size_t len,
	    uint8_t *out);

/*
 * Open a payload into out (age_stream_plain_len(len) bytes). *outlenp is
 * what a streaming reader would have released, even on failure, which is
 * ERR_CRYPTO with a "payload: " cause.
 */
int	age_stream_open(const uint8_t key[32], const uint8_t *c, size_t len,
	    uint8_t *out, size_t *outlenp, char **cause);

#endif
