/*
 * Bech32 (BIP 173) as age uses it for its keys: "age1..." recipients and
 * "AGE-SECRET-KEY-1..." identities.
 *
 * Decoding is strict: one case throughout (mixed case is refused), a valid
 * checksum with the original Bech32 constant (not Bech32m), only charset
 * characters after the last '1', zero padding bits, and at most
 * BECH32_MAX_LEN characters. The human-readable part comes back in the case
 * it was written, so callers can insist on "age" or "AGE-SECRET-KEY-".
 * Intermediate buffers are wiped, because identities are secret.
 */
#ifndef OUTREACH_BECH32_H
#define OUTREACH_BECH32_H

#include <stddef.h>
#include <stdint.h>

#define BECH32_MAX_LEN	90	/* BIP 173's limit on a whole string */

/*
 * Encode data under hrp into out (outcap bytes, NUL included). The result
 * is upper case when hrp is, as age writes identities. Returns the length
 * written, ERR_INVALID for a bad hrp, or ERR_LIMIT if it does not fit.
 */
int	bech32_encode(const char *hrp, const uint8_t *data, size_t len,
	    char *out, size_t outcap);

/*
 * Decode the slen bytes of s. The hrp is copied to hrp (hrpcap bytes, NUL
 * included) and the data to data (datacap bytes); *datalen is its length.
 * Returns 0, ERR_PARSE for anything malformed, or ERR_LIMIT when a part does
 * not fit; on failure the outputs are wiped.
 */
int	bech32_decode(const char *s, size_t slen, char *hrp, size_t hrpcap,
	    uint8_t *data, size_t datacap, size_t *datalen, char **cause);

#endif
