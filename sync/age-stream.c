/*
 * The STREAM payload of an age file: ChaCha20-Poly1305 over 64 KiB chunks,
 * the nonce an 11-byte big-endian chunk counter and a last-chunk flag byte.
 *
 * Opening follows the reference reader chunk by chunk, so that what it
 * reports as released on a failure matches the community vectors: a final
 * chunk may be full-size, must not be empty unless it is the only chunk, and
 * nothing may follow it. The plaintext goes straight into the caller's
 * buffer; libsodium authenticates each chunk before it writes any of it.
 */
#include <string.h>

#include "content/err.h"
#include "content/sodiumload.h"
#include "sync/age-int.h"

static void
age_stream_nonce(uint8_t nonce[12], uint64_t ctr, int last)
{
	int i;

	memset(nonce, 0, 12);
	for (i = 0; i < 8; i++)
		nonce[10 - i] = (uint8_t)(ctr >> (8 * i));
	nonce[11] = last ? 1 : 0;
}

/* The plaintext size of a STREAM payload of len bytes (after the nonce). */
size_t
age_stream_plain_len(size_t len)
{
	size_t full = len / (AGE_CHUNK + AGE_TAG), rest = len % (AGE_CHUNK + AGE_TAG);

	return full * AGE_CHUNK + (rest >= AGE_TAG ? rest - AGE_TAG : 0);
}

void
age_stream_seal(const uint8_t key[32], const uint8_t *pt, size_t len,
    uint8_t *out)
{
	static const uint8_t none[1];
	size_t nchunks = len == 0 ? 1 : (len + AGE_CHUNK - 1) / AGE_CHUNK;
	size_t i, off, n;
	uint8_t nonce[12];

	if (pt == NULL)
		pt = none;
	for (i = 0; i < nchunks; i++) {
		off = i * AGE_CHUNK;
		n = len - off < AGE_CHUNK ? len - off : AGE_CHUNK;
		age_stream_nonce(nonce, i, i + 1 == nchunks);
		crypto_aead_chacha20poly1305_ietf_encrypt_detached(out, out + n,
		    NULL, pt + off, n, NULL, 0, NULL, nonce, key);
		out += n + AGE_TAG;
	}
}

/*
 * Open a STREAM payload into out (age_stream_plain_len bytes). Chunk by
 * chunk as the reference reader does, so *outlenp is what it would have
 * released, even on failure.
 */
int
age_stream_open(const uint8_t key[32], const uint8_t *c, size_t len,
    uint8_t *out, size_t *outlenp, char **cause)
{
	size_t pos = 0, o = 0, rem, n;
	uint64_t ctr;
	uint8_t nonce[12];
	int last, rc = ERR_CRYPTO;

	for (ctr = 0;; ctr++) {
		rem = len - pos;
		if (rem == 0) {
			rc = err_set(cause, ERR_CRYPTO,
			    "payload: ends without a final chunk");
			goto out;
		}
		if (rem < AGE_CHUNK + AGE_TAG) {
			if (rem < AGE_TAG || (rem == AGE_TAG && ctr > 0)) {
				rc = err_set(cause, ERR_CRYPTO, rem < AGE_TAG ?
				    "payload: a chunk shorter than its tag" :
				    "payload: an empty final chunk");
				goto out;
			}
			n = rem - AGE_TAG;
			age_stream_nonce(nonce, ctr, 1);
			if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(
			    out + o, NULL, c + pos, n, c + pos + n, NULL, 0,
			    nonce, key) != 0) {
				rc = err_set(cause, ERR_CRYPTO, "payload: chunk "
				    "%llu does not authenticate",
				    (unsigned long long)ctr);
				goto out;
			}
			o += n;
			break;
		}
		/* A full chunk is final or not: try the likelier first. */
		last = rem == AGE_CHUNK + AGE_TAG;
		age_stream_nonce(nonce, ctr, last);
		if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(out + o,
		    NULL, c + pos, AGE_CHUNK, c + pos + AGE_CHUNK, NULL, 0,
		    nonce, key) != 0) {
			last = !last;
			age_stream_nonce(nonce, ctr, last);
			if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(
			    out + o, NULL, c + pos, AGE_CHUNK,
			    c + pos + AGE_CHUNK, NULL, 0, nonce, key) != 0) {
				rc = err_set(cause, ERR_CRYPTO, "payload: chunk "
				    "%llu does not authenticate",
				    (unsigned long long)ctr);
				goto out;
			}
		}
		o += AGE_CHUNK;
		pos += AGE_CHUNK + AGE_TAG;
		if (last) {
			if (pos != len) {
				rc = err_set(cause, ERR_CRYPTO,
				    "payload: data after the final chunk");
				goto out;
			}
			break;
		}
	}
	rc = 0;
out:
	*outlenp = o;
	return rc;
}
