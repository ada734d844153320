/*
 * Helpers for the minisign targets: a structured mode in which the input
 * is the decoded content of a file, so that the fuzzer reaches the checks
 * behind the base64 (algorithm tags, key ids, kdf, checksums) instead of
 * spending its time on base64 itself.
 *
 * An input that starts with a NUL byte is structured (a text file never
 * does): the rest holds the raw blobs, which fuzz_minisign_text() writes
 * out as a minisign file, one base64 line per blob.
 */
#ifndef OUTREACH_MINISIGN_FUZZ_H
#define OUTREACH_MINISIGN_FUZZ_H

#include <sodium.h>

#include "content/buf.h"
#include "tests/fuzz/fuzz.h"

/* Append "prefix comment\n" to b. */
static inline void
fuzz_minisign_line(struct buf *b, const char *prefix, const char *s,
    size_t len)
{
	buf_addstr(b, prefix);
	buf_add(b, s, len);
	buf_addch(b, '\n');
}

/* Append the base64 line of n bytes (zero-padded when fewer are there). */
static inline void
fuzz_minisign_b64(struct buf *b, const uint8_t **p, size_t *left, size_t n)
{
	uint8_t raw[256];
	char b64[400];
	size_t take = *left < n ? *left : n;

	if (n > sizeof raw)
		abort();
	memset(raw, 0, sizeof raw);
	if (take > 0)
		memcpy(raw, *p, take);
	*p += take;
	*left -= take;
	sodium_bin2base64(b64, sizeof b64, raw, n,
	    sodium_base64_VARIANT_ORIGINAL);
	buf_addstr(b, b64);
	buf_addch(b, '\n');
}

#endif
