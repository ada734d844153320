/*
 * Bech32 (BIP 173) encoding and strict decoding; see bech32.h.
 *
 * The checksum is computed incrementally over the lower-case hrp, so no
 * expanded copy of the input is ever made. The only buffer that holds key
 * material, the 5-bit groups, lives on the stack and is wiped before return.
 */
#include "sync/bech32.h"

#include <string.h>

#include "content/err.h"
#include "content/sodiumload.h"

static const char bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* One step of the BCH checksum over GF(32). */
static uint32_t
bech32_polymod_step(uint32_t chk, uint8_t v)
{
	static const uint32_t gen[5] = {
		0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
	};
	uint32_t b = chk >> 25;
	int i;

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (i = 0; i < 5; i++)
		if ((b >> i) & 1)
			chk ^= gen[i];
	return chk;
}

static int
bech32_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Feed the expanded, lower-cased hrp into the checksum. */
static uint32_t
bech32_hrp_chk(const char *hrp, size_t len)
{
	uint32_t chk = 1;
	size_t i;

	for (i = 0; i < len; i++)
		chk = bech32_polymod_step(chk, (uint8_t)(bech32_lower(hrp[i]) >> 5));
	chk = bech32_polymod_step(chk, 0);
	for (i = 0; i < len; i++)
		chk = bech32_polymod_step(chk, (uint8_t)(bech32_lower(hrp[i]) & 31));
	return chk;
}

int
bech32_encode(const char *hrp, const uint8_t *data, size_t len, char *out,
    size_t outcap)
{
	size_t hrplen = strlen(hrp), ngroups = (len * 8 + 4) / 5, total, i, o;
	int upper = 0, lower = 0, rc;
	uint32_t chk, acc = 0;
	unsigned int bits = 0;
	char c;

	if (hrplen == 0 || hrplen > BECH32_MAX_LEN)
		return ERR_INVALID;
	for (i = 0; i < hrplen; i++) {
		if (hrp[i] < 33 || hrp[i] > 126)
			return ERR_INVALID;
		upper |= hrp[i] >= 'A' && hrp[i] <= 'Z';
		lower |= hrp[i] >= 'a' && hrp[i] <= 'z';
	}
	if (upper && lower)
		return ERR_INVALID;
	total = hrplen + 1 + ngroups + 6;
	if (len > BECH32_MAX_LEN || total > BECH32_MAX_LEN || total + 1 > outcap)
		return ERR_LIMIT;

	for (i = 0; i < hrplen; i++)
		out[i] = (char)bech32_lower(hrp[i]);
	o = hrplen;
	out[o++] = '1';
	chk = bech32_hrp_chk(hrp, hrplen);
	for (i = 0; i < len || bits > 0;) {
		uint8_t v;

		if (bits < 5 && i < len) {
			acc = (acc << 8) | data[i++];
			bits += 8;
		}
		if (bits >= 5) {
			v = (acc >> (bits - 5)) & 31;
			bits -= 5;
		} else {
			v = (acc << (5 - bits)) & 31;	/* zero-padded tail */
			bits = 0;
		}
		chk = bech32_polymod_step(chk, v);
		out[o++] = bech32_charset[v];
	}
	for (i = 0; i < 6; i++)
		chk = bech32_polymod_step(chk, 0);
	chk ^= 1;
	for (i = 0; i < 6; i++)
		out[o++] = bech32_charset[(chk >> (5 * (5 - i))) & 31];
	out[o] = '\0';
	if (upper)
		for (i = 0; i < o; i++) {
			c = out[i];
			if (c >= 'a' && c <= 'z')
				out[i] = (char)(c - 'a' + 'A');
		}
	rc = (int)o;
	sodium_memzero(&acc, sizeof acc);
	return rc;
}

int
bech32_decode(const char *s, size_t slen, char *hrp, size_t hrpcap,
    uint8_t *data, size_t datacap, size_t *datalen, char **cause)
{
	uint8_t groups[BECH32_MAX_LEN];
	size_t sep = 0, i, ngroups, n = 0;
	int upper = 0, lower = 0, found = 0, rc = ERR_PARSE;
	uint32_t chk, acc = 0;
	unsigned int bits = 0;
	const char *p;

	*datalen = 0;
	if (hrpcap > 0)
		hrp[0] = '\0';
	if (slen > BECH32_MAX_LEN) {
		rc = err_set(cause, ERR_PARSE, "bech32: longer than %d characters",
		    BECH32_MAX_LEN);
		goto out;
	}
	for (i = 0; i < slen; i++) {
		if (s[i] < 33 || s[i] > 126) {
			rc = err_set(cause, ERR_PARSE, "bech32: invalid character");
			goto out;
		}
		upper |= s[i] >= 'A' && s[i] <= 'Z';
		lower |= s[i] >= 'a' && s[i] <= 'z';
		if (s[i] == '1') {
			sep = i;
			found = 1;
		}
	}
	if (upper && lower) {
		rc = err_set(cause, ERR_PARSE, "bech32: mixed case");
		goto out;
	}
	if (!found || sep < 1 || sep + 7 > slen) {
		rc = err_set(cause, ERR_PARSE, "bech32: no separator or too short");
		goto out;
	}
	if (sep + 1 > hrpcap) {
		rc = err_set(cause, ERR_LIMIT, "bech32: prefix too long");
		goto out;
	}

	chk = bech32_hrp_chk(s, sep);
	ngroups = slen - sep - 1;
	for (i = 0; i < ngroups; i++) {
		p = strchr(bech32_charset, bech32_lower(s[sep + 1 + i]));
		if (p == NULL) {
			rc = err_set(cause, ERR_PARSE, "bech32: invalid character");
			goto out;
		}
		groups[i] = (uint8_t)(p - bech32_charset);
		chk = bech32_polymod_step(chk, groups[i]);
	}
	if (chk != 1) {
		rc = err_set(cause, ERR_PARSE, "bech32: bad checksum");
		goto out;
	}

	/* 5-bit groups to bytes; leftover bits must be fewer than 5, all 0. */
	for (i = 0; i < ngroups - 6; i++) {
		acc = (acc << 5) | groups[i];
		bits += 5;
		if (bits >= 8) {
			if (n >= datacap) {
				rc = err_set(cause, ERR_LIMIT, "bech32: too much data");
				goto out;
			}
			bits -= 8;
			data[n++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (bits >= 5 || acc != 0) {
		rc = err_set(cause, ERR_PARSE, "bech32: non-zero padding");
		goto out;
	}
	memcpy(hrp, s, sep);
	hrp[sep] = '\0';
	*datalen = n;
	rc = 0;
out:
	if (rc != 0) {
		if (n > 0)
			sodium_memzero(data, n);
		*datalen = 0;
	}
	sodium_memzero(groups, sizeof groups);
	sodium_memzero(&acc, sizeof acc);
	return rc;
}
