/*
 * Internals shared by sync/minisign.c (signatures) and sync/minisign-key.c
 * (keys): the secret key's layout in memory and the strict text helpers
 * both parsers use. Not for use outside sync/minisign*.c.
 */
#ifndef OUTREACH_MINISIGN_INT_H
#define OUTREACH_MINISIGN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "sync/minisign.h"

#define MINISIGN_UNTRUSTED_PREFIX	"untrusted comment: "
#define MINISIGN_TRUSTED_PREFIX		"trusted comment: "
#define MINISIGN_SK_BYTES		64	/* crypto_sign_SECRETKEYBYTES */
#define MINISIGN_SIG_BYTES		64	/* crypto_sign_BYTES */

/* Lives in sodium_malloc'd memory; sodium_free wipes it. */
struct minisign_seckey {
	uint8_t	keyid[MINISIGN_KEYID_BYTES];
	uint8_t	sk[MINISIGN_SK_BYTES];	/* libsodium layout: seed | pk */
};

/* One line of a text file, without its LF. */
struct minisign_line {
	const char	*p;
	size_t		 len;
};

/* sodium_init() once; ERR_CRYPTO if libsodium cannot start. */
int	minisign_init(char **cause);

/*
 * Split text into exactly n lines, each ending in LF except that the last
 * LF may be missing. No CR anywhere, no empty trailing line.
 */
int	minisign_split_lines(const char *text, size_t len,
	    struct minisign_line *lines, size_t n, const char *what,
	    char **cause);

/* Does the line start with prefix? */
int	minisign_line_has_prefix(const struct minisign_line *line,
	    const char *prefix);

/*
 * Check a comment's text: at most max bytes, no NUL and no control
 * character but tab (ERR_PARSE, or ERR_LIMIT when too long).
 */
int	minisign_comment_check(const char *s, size_t len, size_t max,
	    const char *what, char **cause);

/*
 * Decode padded standard base64 into exactly outlen bytes. Rejects any
 * other length, whitespace and non-canonical encodings (ERR_PARSE). Wipes
 * its scratch copy, so out may be secret.
 */
int	minisign_b64_decode(const struct minisign_line *line, uint8_t *out,
	    size_t outlen, const char *what, char **cause);

/* Length of the base64 text of n bytes, without NUL. */
size_t	minisign_b64_len(size_t n);

/* Little-endian u64. */
uint64_t minisign_le64_load(const uint8_t *p);
void	minisign_le64_store(uint8_t *p, uint64_t x);

#endif
