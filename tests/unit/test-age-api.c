/*
 * Unit tests for sync/age*.c and sync/bech32.c: Bech32 (BIP 173 vectors,
 * round trips, bad checksums, case rules), HKDF (RFC 5869), keys, round
 * trips at the STREAM chunk boundaries, several recipients, armor,
 * passphrases, identity files and tampering.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/age.h"
#include "sync/bech32.h"
#include "tests/unit/test.h"

/* From ../shared/vectors/age/README.md. */
#define VEC_IDENTITY \
	"AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define VEC_RECIPIENT \
	"age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"

static int
starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_bech32(void)
{
	static const char *valid[] = {
		"A12UEL5L", "a12uel5l", "?1ezyfcl",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
	};
	static const char *invalid[] = {
		" 1nwldj5", "\x7f\x31\x61xkwrx",	/* DEL, then "1a" */
		("an84characterslonghumanreadablepartthatcontainsthenumber1"
		    "andtheexcludedcharactersbio1569pvx"),
		"pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3",
		"A1G7SGD8", "10a06t8", "1qzzfhee", "a12UEL5L",
	};
	uint8_t data[64], back[64];
	char hrp[91], enc[91];
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof valid / sizeof valid[0]; i++)
		CHECK(bech32_decode(valid[i], strlen(valid[i]), hrp, sizeof hrp,
		    data, sizeof data, &n, NULL) == 0,
		    "bech32: BIP 173 valid string %zu decodes", i);
	for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
		CHECK(bech32_decode(invalid[i], strlen(invalid[i]), hrp,
		    sizeof hrp, data, sizeof data, &n, NULL) != 0,
		    "bech32: BIP 173 invalid string %zu is refused", i);

	/* The abcdef vector's data is the charset in order: 0..31. */
	bech32_decode(valid[3], strlen(valid[3]), hrp, sizeof hrp, data,
	    sizeof data, &n, NULL);
	CHECK_STR(hrp, "abcdef", "bech32: hrp comes back");
	CHECK(n == 20 && data[0] == 0x00 && data[1] == 0x44 && data[19] == 0xdf,
	    "bech32: abcdef vector data");

	for (i = 0; i <= 40; i += 5) {
		randombytes_buf(data, i);
		rc = bech32_encode("test", data, i, enc, sizeof enc);
		CHECK(rc > 0 && bech32_decode(enc, (size_t)rc, hrp, sizeof hrp,
		    back, sizeof back, &n, NULL) == 0 && n == i &&
		    memcmp(data, back, i) == 0 && strcmp(hrp, "test") == 0,
		    "bech32: round trip of %zu bytes", i);
	}
	rc = bech32_encode("UPPER", data, 10, enc, sizeof enc);
	CHECK(rc > 0 && strncmp(enc, "UPPER1", 6) == 0 &&
	    bech32_decode(enc, (size_t)rc, hrp, sizeof hrp, back, sizeof back,
	    &n, NULL) == 0 && strcmp(hrp, "UPPER") == 0,
	    "bech32: an upper-case hrp gives an upper-case string");
	CHECK(bech32_encode("MiXed", data, 10, enc, sizeof enc) == ERR_INVALID,
	    "bech32: a mixed-case hrp is refused");
	CHECK(bech32_encode("test", data, 60, enc, sizeof enc) == ERR_LIMIT,
	    "bech32: longer than 90 characters is refused");
	CHECK(bech32_encode("test", data, 10, enc, 10) == ERR_LIMIT,
	    "bech32: a short output buffer is refused");

	/* Every single-character change breaks the checksum. */
	rc = bech32_encode("age", data, 32, enc, sizeof enc);
	n = 0;
	for (i = 4; i < (size_t)rc; i++) {
		char saved = enc[i];
		size_t got;

		enc[i] = saved == 'q' ? 'p' : 'q';
		n += bech32_decode(enc, (size_t)rc, hrp, sizeof hrp, back,
		    sizeof back, &got, NULL) == ERR_PARSE;
		enc[i] = saved;
	}
	CHECK_INT(n, (size_t)rc - 4, "bech32: every changed character is caught");
}

static void
test_hkdf(void)
{
	uint8_t ikm[22], salt[13], info[10], okm[42], tmp[8200];
	char hex[85];
	size_t i;

	memset(ikm, 0x0b, sizeof ikm);
	for (i = 0; i < sizeof salt; i++)
		salt[i] = (uint8_t)i;
	for (i = 0; i < sizeof info; i++)
		info[i] = (uint8_t)(0xf0 + i);
	CHECK_INT(age_hkdf_sha256(okm, sizeof okm, ikm, sizeof ikm, salt,
	    sizeof salt, info, sizeof info), 0, "hkdf: test case 1 runs");
	sodium_bin2hex(hex, sizeof hex, okm, sizeof okm);
	CHECK_STR(hex, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db0"
	    "2d56ecc4c5bf34007208d5b887185865", "hkdf: RFC 5869 test case 1");
	age_hkdf_sha256(okm, sizeof okm, ikm, sizeof ikm, NULL, 0, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, okm, sizeof okm);
	CHECK_STR(hex, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec345"
	    "4e5f3c738d2d9d201395faa4b61a96c8",
	    "hkdf: RFC 5869 test case 3 (no salt, no info)");
	CHECK_INT(age_hkdf_sha256(tmp, 255 * 32 + 1, ikm, sizeof ikm, NULL, 0,
	    NULL, 0), ERR_INVALID, "hkdf: more than 255 blocks is refused");
}

static void
test_keys(void)
{
	struct age_identity *id = NULL;
	struct age_recipient r, r2;
	char *ids = NULL, *rs = NULL, *cause = NULL, buf[AGE_RECIPIENT_LEN + 1];
	char lower[AGE_IDENTITY_LEN + 1];
	size_t i;

	CHECK_INT(age_identity_parse(VEC_IDENTITY, &id, NULL), 0,
	    "keys: the vectors' identity parses");
	CHECK(id != NULL && age_identity_recipient(id, &r) == 0 &&
	    age_recipient_format(&r, buf, sizeof buf) == 0,
	    "keys: its recipient formats");
	CHECK_STR(buf, VEC_RECIPIENT, "keys: the recipient is the vectors' one");
	CHECK(age_recipient_parse(VEC_RECIPIENT, &r2, NULL) == 0 &&
	    memcmp(r.pk, r2.pk, 32) == 0, "keys: the recipient parses back");
	age_identity_free(&id);
	CHECK(id == NULL, "keys: free clears the pointer");
	age_identity_free(&id);

	for (i = 0; i <= AGE_IDENTITY_LEN; i++)
		lower[i] = (char)(VEC_IDENTITY[i] >= 'A' && VEC_IDENTITY[i] <= 'Z' ?
		    VEC_IDENTITY[i] - 'A' + 'a' : VEC_IDENTITY[i]);
	CHECK(age_identity_parse(lower, &id, &cause) == ERR_PARSE && id == NULL,
	    "keys: a lower-case identity is refused (age writes upper case)");
	free(cause);
	cause = NULL;
	CHECK(age_recipient_parse("AGE1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWS"
	    "VLUL66MV4Q47RYEF", &r2, NULL) == ERR_PARSE,
	    "keys: an upper-case recipient is refused");
	CHECK(age_recipient_parse("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrws"
	    "vlul66mv4q47ryeg", &r2, NULL) == ERR_PARSE,
	    "keys: a recipient with a bad checksum is refused");
	CHECK(age_recipient_parse(VEC_IDENTITY, &r2, NULL) != 0,
	    "keys: an identity is not a recipient");
	CHECK(age_identity_parse(VEC_RECIPIENT, &id, NULL) != 0,
	    "keys: a recipient is not an identity");
	CHECK(age_identity_parse("AGE-SECRET-KEY-PQ-1XXXX", &id, NULL) ==
	    ERR_UNSUPPORTED, "keys: hybrid identities are unsupported");
	CHECK(age_recipient_parse("age1", &r2, NULL) == ERR_PARSE &&
	    age_recipient_parse("", &r2, NULL) == ERR_PARSE,
	    "keys: empty recipients are refused");

	CHECK_INT(age_keygen(&ids, &rs, &cause), 0, "keygen: runs");
	CHECK(ids != NULL && strlen(ids) == AGE_IDENTITY_LEN &&
	    starts(ids, "AGE-SECRET-KEY-1"), "keygen: identity shape");
	CHECK(rs != NULL && strlen(rs) == AGE_RECIPIENT_LEN && starts(rs, "age1"),
	    "keygen: recipient shape");
	CHECK(age_identity_parse(ids, &id, NULL) == 0 &&
	    age_identity_recipient(id, &r) == 0 &&
	    age_recipient_format(&r, buf, sizeof buf) == 0 &&
	    strcmp(buf, rs) == 0, "keygen: the identity gives its recipient");
	age_identity_free(&id);
	age_secret_free(&ids);
	CHECK(ids == NULL, "keygen: age_secret_free clears the pointer");
	free(rs);
	free(cause);
}

/* A fresh key pair. */
static void
pair(struct age_identity **id, struct age_recipient *r)
{
	char *ids = NULL, *rs = NULL;

	if (age_keygen(&ids, &rs, NULL) != 0 ||
	    age_identity_parse(ids, id, NULL) != 0 ||
	    age_recipient_parse(rs, r, NULL) != 0)
		abort();
	age_secret_free(&ids);
	free(rs);
}

static void
test_round_trips(void)
{
	static const size_t sizes[] = { 0, 1, 100, 65535, 65536, 65537,
	    2 * 65536, 2 * 65536 + 1, 3 * 1024 * 1024 + 7 };
	struct age_identity *id = NULL;
	struct age_recipient r;
	uint8_t *pt, *ct = NULL, *back = NULL, *buf;
	size_t i, ctlen, backlen, nchunks, hdrlen, want;
	char *cause = NULL;

	pair(&id, &r);
	pt = malloc(sizes[8]);
	buf = sodium_malloc(sizes[8] + 1024);
	randombytes_buf(pt, sizes[8]);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		CHECK_INT(age_encrypt(&r, 1, pt, sizes[i], 0, &ct, &ctlen,
		    &cause), 0, "round trip %zu: encrypt", sizes[i]);
		nchunks = sizes[i] == 0 ? 1 : (sizes[i] + 65535) / 65536;
		hdrlen = strlen("age-encryption.org/v1\n") + 98 + 48;
		want = hdrlen + 16 + sizes[i] + 16 * nchunks;
		CHECK_INT(ctlen, want, "round trip %zu: size is header + nonce + "
		    "%zu tags", sizes[i], nchunks);
		CHECK(age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen,
		    &cause) == 0 && backlen == sizes[i] &&
		    (sizes[i] == 0 || memcmp(back, pt, sizes[i]) == 0),
		    "round trip %zu: decrypt", sizes[i]);
		age_plaintext_free(&back);
		CHECK(age_decrypt_buf(&id, 1, ct, ctlen, 0, buf, ctlen, &backlen,
		    &cause) == 0 && backlen == sizes[i] &&
		    (sizes[i] == 0 || memcmp(buf, pt, sizes[i]) == 0),
		    "round trip %zu: decrypt into a buffer", sizes[i]);
		if (sizes[i] > 0)
			CHECK(age_decrypt_buf(&id, 1, ct, ctlen, 0, buf,
			    sizes[i] - 1, &backlen, NULL) == ERR_LIMIT,
			    "round trip %zu: a short buffer is refused", sizes[i]);
		free(ct);
		ct = NULL;
	}
	CHECK(back == NULL, "age_plaintext_free clears the pointer");
	CHECK(age_encrypt(&r, 0, pt, 1, 0, &ct, &ctlen, NULL) == ERR_INVALID &&
	    ct == NULL, "encrypt: no recipients is refused");
	age_identity_free(&id);
	sodium_free(buf);
	free(pt);
	free(cause);
}

static void
test_recipients(void)
{
	struct age_identity *id[4] = { NULL };
	struct age_recipient r[4];
	static const char msg[] = "three recipients and a stranger";
	uint8_t *ct = NULL, *back = NULL;
	size_t ctlen, backlen, i;
	char *cause = NULL;
	int rc;

	for (i = 0; i < 4; i++)
		pair(&id[i], &r[i]);
	CHECK_INT(age_encrypt(r, 3, msg, sizeof msg, 0, &ct, &ctlen, NULL), 0,
	    "recipients: encrypt to three");
	for (i = 0; i < 3; i++) {
		CHECK(age_decrypt(&id[i], 1, ct, ctlen, 0, &back, &backlen,
		    NULL) == 0 && backlen == sizeof msg &&
		    memcmp(back, msg, backlen) == 0,
		    "recipients: identity %zu alone decrypts", i);
		age_plaintext_free(&back);
	}
	rc = age_decrypt(&id[3], 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_NOKEY && back == NULL && backlen == 0 &&
	    starts(cause, "no identity"), "recipients: a stranger gets ERR_NOKEY");
	free(cause);
	cause = NULL;
	CHECK(age_decrypt(&id[2], 2, ct, ctlen, 0, &back, &backlen, NULL) == 0,
	    "recipients: the stranger among the identities does no harm");
	age_plaintext_free(&back);
	CHECK(age_decrypt(NULL, 0, ct, ctlen, 0, &back, &backlen, NULL) ==
	    ERR_NOKEY, "recipients: no identities gives ERR_NOKEY");
	free(ct);
	for (i = 0; i < 4; i++)
		age_identity_free(&id[i]);
}

static void
test_armor(void)
{
	struct age_identity *id = NULL;
	struct age_recipient r;
	uint8_t pt[1000], *ct = NULL, *back = NULL;
	size_t ctlen, backlen, i, col = 0, maxcol = 0;
	char *cause = NULL, *padded;
	int rc;

	pair(&id, &r);
	randombytes_buf(pt, sizeof pt);
	CHECK_INT(age_encrypt(&r, 1, pt, sizeof pt, AGE_ARMOR, &ct, &ctlen,
	    NULL), 0, "armor: encrypt");
	CHECK(ctlen > 35 && memcmp(ct, "-----BEGIN AGE ENCRYPTED FILE-----\n",
	    35) == 0, "armor: starts with the BEGIN line");
	CHECK(memcmp(ct + ctlen - 33, "-----END AGE ENCRYPTED FILE-----\n", 33) ==
	    0, "armor: ends with the END line");
	for (i = 35; i < ctlen - 33; i++) {
		col = ct[i] == '\n' ? 0 : col + 1;
		maxcol = col > maxcol ? col : maxcol;
	}
	CHECK_INT(maxcol, 64, "armor: 64-column lines");
	CHECK(age_decrypt(&id, 1, ct, ctlen, AGE_ARMOR, &back, &backlen,
	    NULL) == 0 && backlen == sizeof pt && memcmp(back, pt, backlen) == 0,
	    "armor: decrypts with AGE_ARMOR");
	age_plaintext_free(&back);
	CHECK(age_decrypt(&id, 1, ct, ctlen, AGE_DETECT, &back, &backlen,
	    NULL) == 0 && backlen == sizeof pt, "armor: decrypts with AGE_DETECT");
	age_plaintext_free(&back);
	rc = age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_PARSE && starts(cause, "header: "),
	    "armor: refused where binary is required");
	free(cause);
	cause = NULL;

	/* White space around the block is allowed, inside it is not. */
	padded = malloc(ctlen + 8);
	memcpy(padded, " \r\n\t\n", 5);
	memcpy(padded + 5, ct, ctlen);
	memcpy(padded + 5 + ctlen, "\n  ", 3);
	CHECK(age_decrypt(&id, 1, padded, ctlen + 8, AGE_DETECT, &back,
	    &backlen, NULL) == 0, "armor: white space around the block is fine");
	age_plaintext_free(&back);
	padded[5 + 40] = ' ';
	rc = age_decrypt(&id, 1, padded, ctlen + 8, AGE_ARMOR, &back, &backlen,
	    &cause);
	CHECK(rc == ERR_PARSE && starts(cause, "armor: "),
	    "armor: a space inside the block is an armor failure");
	free(cause);
	cause = NULL;
	free(padded);
	free(ct);
	ct = NULL;

	/* Exactly 48-byte multiples end on a full line. */
	for (i = 0; i < 3; i++) {
		size_t sizes[3] = { 0, 10, 170 };

		CHECK(age_encrypt(&r, 1, pt, sizes[i], AGE_ARMOR, &ct, &ctlen,
		    NULL) == 0 && age_decrypt(&id, 1, ct, ctlen, AGE_ARMOR,
		    &back, &backlen, NULL) == 0 && backlen == sizes[i],
		    "armor: round trip of %zu bytes", sizes[i]);
		age_plaintext_free(&back);
		free(ct);
		ct = NULL;
	}
	age_identity_free(&id);
}

static void
test_tamper(void)
{
	struct age_identity *id = NULL, *other = NULL;
	struct age_recipient r, r2;
	static const char msg[] = "a small submission";
	uint8_t *ct = NULL, *back = NULL, *big = NULL, *bigpt, *grown;
	size_t ctlen, backlen, i, bad = 0, biglen;
	char *cause = NULL;
	unsigned int found = 0;
	uint8_t saved;
	int rc;

	pair(&id, &r);
	pair(&other, &r2);
	age_encrypt(&r, 1, msg, sizeof msg, 0, &ct, &ctlen, NULL);
	for (i = 0; i < ctlen; i++) {
		ct[i] ^= 0x01;
		if (age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, NULL) == 0)
			bad++;
		age_plaintext_free(&back);
		ct[i] ^= 0x01;
	}
	CHECK_INT(bad, 0, "tamper: flipping any of the %zu bytes is caught",
	    ctlen);

	/* Change one base64 character for another, keeping it canonical. */
	i = strlen("age-encryption.org/v1\n-> X25519 ") + 5;
	saved = ct[i];
	ct[i] = saved == 'A' ? 'B' : 'A';
	rc = age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_NOKEY && starts(cause, "no identity"),
	    "tamper: a changed share is no match");
	ct[i] = saved;
	free(cause);
	cause = NULL;
	i = (size_t)((uint8_t *)memmem(ct, ctlen, "\n--- ", 5) - ct) + 10;
	saved = ct[i];
	ct[i] = saved == 'A' ? 'B' : 'A';
	rc = age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_CRYPTO && starts(cause, "MAC: "),
	    "tamper: a changed MAC is an HMAC failure");
	ct[i] = saved;
	free(cause);
	cause = NULL;
	ct[ctlen - 20] ^= 0x01;
	rc = age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_CRYPTO && starts(cause, "payload: "),
	    "tamper: a changed ciphertext byte is a payload failure");
	ct[ctlen - 20] ^= 0x01;
	free(cause);
	cause = NULL;
	ct[ctlen - 1] ^= 0x80;
	rc = age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_CRYPTO && starts(cause, "payload: "),
	    "tamper: a changed tag is a payload failure");
	ct[ctlen - 1] ^= 0x80;
	free(cause);
	cause = NULL;
	rc = age_decrypt(&id, 1, ct, ctlen - 1, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_CRYPTO && starts(cause, "payload: "),
	    "tamper: truncation is a payload failure");
	free(cause);
	cause = NULL;
	rc = age_decrypt(&other, 1, ct, ctlen, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_NOKEY && back == NULL, "tamper: the wrong identity");
	free(cause);
	cause = NULL;
	rc = age_decrypt(&id, 1, ct, 10, 0, &back, &backlen, &cause);
	CHECK(rc == ERR_PARSE && starts(cause, "header: "),
	    "tamper: a cut header is a header failure");
	free(cause);
	cause = NULL;
	free(ct);

	/* libsodium 1.0.18 reads a byte above 0x7f as '/': such a byte in
	   place of a '/' in the header MAC (which the MAC does not cover) or
	   in armor must still be refused. */
	for (i = 0; i < 400 && found != 3; i++) {
		int armored = i % 2;
		uint8_t *slash = NULL, *p;

		age_encrypt(&r, 1, msg, sizeof msg, armored ? AGE_ARMOR : 0,
		    &ct, &ctlen, NULL);
		if (armored && (p = memmem(ct, ctlen, "\n-----END", 9)) != NULL)
			slash = memchr(ct + 35, '/', (size_t)(p - ct) - 35);
		else if (!armored && (p = memmem(ct, ctlen, "\n--- ", 5)) != NULL)
			slash = memchr(p + 5, '/', 43);
		if (slash != NULL && !(found & (1u << armored))) {
			*slash = 0xaf;
			rc = age_decrypt(&id, 1, ct, ctlen, armored ? AGE_ARMOR :
			    0, &back, &backlen, &cause);
			CHECK(rc == ERR_PARSE && starts(cause, armored ?
			    "armor: " : "header: "), "tamper: 0xaf for '/' in "
			    "the %s is refused", armored ? "armor" : "header MAC");
			age_plaintext_free(&back);
			free(cause);
			cause = NULL;
			found |= 1u << armored;
		}
		free(ct);
		ct = NULL;
	}
	CHECK_INT(found, 3, "tamper: found a '/' in a header and in armor");

	/* Two chunks: drop the final one, or append data. */
	bigpt = calloc(1, 70000);
	age_encrypt(&r, 1, bigpt, 70000, 0, &big, &biglen, NULL);
	rc = age_decrypt(&id, 1, big, biglen - (70000 - 65536 + 16), 0, &back,
	    &backlen, &cause);
	CHECK(rc == ERR_CRYPTO && starts(cause, "payload: "),
	    "tamper: a missing final chunk is a payload failure");
	free(cause);
	cause = NULL;
	if ((grown = realloc(big, biglen + 1)) != NULL) {
		big = grown;
		big[biglen] = 0;
		rc = age_decrypt(&id, 1, big, biglen + 1, 0, &back, &backlen,
		    &cause);
		CHECK(rc == ERR_CRYPTO && back == NULL,
		    "tamper: a byte after the final chunk is refused");
	} else
		CHECK(0, "tamper: a byte after the final chunk is refused");
	free(cause);
	free(big);
	free(bigpt);
	age_identity_free(&id);
	age_identity_free(&other);
}

static void
test_passphrase(void)
{
	struct age_identity *id = NULL, *x = NULL;
	struct age_recipient r;
	static const char msg[] = "passphrase-protected";
	uint8_t *ct = NULL, *back = NULL;
	size_t ctlen, backlen;
	char *cause = NULL;
	int rc;

	CHECK_INT(age_encrypt_passphrase("correct horse", 10, msg, sizeof msg,
	    0, &ct, &ctlen, NULL), 0, "passphrase: encrypt (logN 10)");
	CHECK(ctlen > 40 && memmem(ct, ctlen, "\n-> scrypt ", 11) != NULL &&
	    memmem(ct, ctlen, " 10\n", 4) != NULL,
	    "passphrase: one scrypt stanza with the work factor");
	CHECK(age_decrypt_passphrase("correct horse", ct, ctlen, 0, &back,
	    &backlen, NULL) == 0 && backlen == sizeof msg &&
	    memcmp(back, msg, backlen) == 0, "passphrase: decrypt");
	age_plaintext_free(&back);
	rc = age_decrypt_passphrase("wrong horse", ct, ctlen, 0, &back,
	    &backlen, &cause);
	CHECK(rc == ERR_NOKEY && back == NULL, "passphrase: a wrong one is "
	    "ERR_NOKEY");
	free(cause);
	cause = NULL;
	pair(&x, &r);
	CHECK(age_decrypt(&x, 1, ct, ctlen, 0, &back, &backlen, NULL) ==
	    ERR_NOKEY, "passphrase: an X25519 identity does not match");
	age_identity_passphrase("correct horse", &id, NULL);
	CHECK(age_decrypt(&id, 1, ct, ctlen, 0, &back, &backlen, NULL) == 0,
	    "passphrase: a passphrase identity works with age_decrypt");
	age_plaintext_free(&back);
	free(ct);
	ct = NULL;
	CHECK(age_encrypt_passphrase("", 10, msg, 1, 0, &ct, &ctlen, NULL) ==
	    ERR_INVALID, "passphrase: an empty one is refused");
	CHECK(age_encrypt_passphrase("x", 23, msg, 1, 0, &ct, &ctlen, NULL) ==
	    ERR_INVALID, "passphrase: logN 23 is refused");
	CHECK(age_encrypt_passphrase("armored", 10, msg, sizeof msg, AGE_ARMOR,
	    &ct, &ctlen, NULL) == 0 && age_decrypt_passphrase("armored", ct,
	    ctlen, AGE_DETECT, &back, &backlen, NULL) == 0 &&
	    backlen == sizeof msg, "passphrase: armored round trip");
	age_plaintext_free(&back);
	free(ct);
	age_identity_free(&id);
	age_identity_free(&x);
}

static void
test_identity_files(void)
{
	struct age_identity_list *l = NULL;
	struct age_identity *id = NULL;
	struct age_recipient r[2];
	char *ids[2] = { NULL, NULL }, *rs = NULL, *text = NULL, *cause = NULL;
	char *file = NULL, path[] = "/tmp/outreach-age-test.XXXXXX";
	static const char msg[] = "for the hub";
	uint8_t *ct = NULL, *enc = NULL, *back = NULL;
	size_t len, ctlen, enclen, backlen, i;
	int fd, rc;

	for (i = 0; i < 2; i++) {
		age_keygen(&ids[i], &rs, NULL);
		age_recipient_parse(rs, &r[i], NULL);
		free(rs);
		rs = NULL;
	}
	CHECK_INT(age_identity_file_format(ids[0], &text, &len, NULL), 0,
	    "idfile: format");
	CHECK(text != NULL && starts(text, "# created: ") &&
	    strstr(text, "\n# public key: age1") != NULL &&
	    strstr(text, ids[0]) != NULL && len == strlen(text),
	    "idfile: looks like age-keygen's");
	CHECK(age_identity_file_parse(text, len, NULL, &l, NULL) == 0 &&
	    l->n == 1, "idfile: parses its own format");
	age_identity_list_free(&l);
	CHECK(l == NULL, "idfile: list free clears the pointer");

	/* Comments, blank lines, CRLF, two keys, no final newline. */
	if (asprintf(&file, "# hub keys\r\n\r\n%s\r\n# old key\n\n%s", ids[0],
	    ids[1]) < 0)
		abort();
	CHECK(age_identity_file_parse(file, strlen(file), NULL, &l, NULL) == 0 &&
	    l->n == 2, "idfile: two identities among comments and CRLF");
	age_encrypt(&r[1], 1, msg, sizeof msg, 0, &ct, &ctlen, NULL);
	CHECK(l != NULL && age_decrypt(l->v, l->n, ct, ctlen, 0, &back,
	    &backlen, NULL) == 0 && backlen == sizeof msg,
	    "idfile: the second identity decrypts");
	age_plaintext_free(&back);
	age_identity_list_free(&l);

	rc = age_identity_file_parse("# x\nAGE-SECRET-KEY-1NOPE\n", 24, NULL,
	    &l, &cause);
	CHECK(rc == ERR_PARSE && l == NULL && cause != NULL &&
	    strstr(cause, "line 2") != NULL, "idfile: a bad line is named");
	free(cause);
	cause = NULL;
	rc = age_identity_file_parse(" AGE-SECRET-KEY-1X\n", 19, NULL, &l, NULL);
	CHECK(rc == ERR_PARSE, "idfile: leading white space is refused");
	rc = age_identity_file_parse("# only a comment\n", 17, NULL, &l, NULL);
	CHECK(rc == ERR_NOKEY && l == NULL, "idfile: no identities");
	rc = age_identity_file_parse("", 0, NULL, &l, NULL);
	CHECK(rc == ERR_NOKEY, "idfile: an empty file");

	/* Passphrase-protected, armored. */
	age_encrypt_passphrase("hub secret", 10, file, strlen(file), AGE_ARMOR,
	    &enc, &enclen, NULL);
	CHECK(age_identity_file_is_encrypted(enc, enclen) &&
	    !age_identity_file_is_encrypted(file, strlen(file)),
	    "idfile: knows an encrypted file");
	rc = age_identity_file_parse(enc, enclen, NULL, &l, &cause);
	CHECK(rc == ERR_NOKEY && l == NULL, "idfile: needs the passphrase");
	free(cause);
	cause = NULL;
	rc = age_identity_file_parse(enc, enclen, "wrong", &l, &cause);
	CHECK(rc == ERR_NOKEY && cause != NULL &&
	    strstr(cause, "wrong passphrase") != NULL,
	    "idfile: a wrong passphrase says so");
	free(cause);
	cause = NULL;
	CHECK(age_identity_file_parse(enc, enclen, "hub secret", &l, NULL) ==
	    0 && l->n == 2, "idfile: decrypts with the passphrase");
	age_identity_list_free(&l);

	/* From a file on disk. */
	if ((fd = mkstemp(path)) == -1 || write(fd, enc, enclen) != (ssize_t)enclen)
		abort();
	close(fd);
	CHECK(age_identity_file_load(path, "hub secret", &l, NULL) == 0 &&
	    l->n == 2 && age_decrypt(l->v, l->n, ct, ctlen, 0, &back, &backlen,
	    NULL) == 0, "idfile: load a protected file from disk");
	age_plaintext_free(&back);
	age_identity_list_free(&l);
	unlink(path);
	rc = age_identity_file_load(path, NULL, &l, &cause);
	CHECK(rc == ERR_NOTFOUND && cause != NULL, "idfile: a missing file");
	free(cause);

	age_identity_free(&id);
	free(ct);
	free(enc);
	free(file);
	age_secret_free(&text);
	for (i = 0; i < 2; i++)
		age_secret_free(&ids[i]);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seal and open many small files, as the device and the hub do. */
static void
test_speed(void)
{
	enum { N = 200 };
	struct age_identity *id = NULL;
	struct age_recipient r;
	uint8_t pt[2048], *cts[N], *buf;
	size_t lens[N], outlen, i, ok = 0;
	double t0, seal, open;

	pair(&id, &r);
	randombytes_buf(pt, sizeof pt);
	buf = sodium_malloc(sizeof pt + 1024);
	t0 = now();
	for (i = 0; i < N; i++)
		if (age_encrypt(&r, 1, pt, sizeof pt, 0, &cts[i], &lens[i],
		    NULL) != 0)
			abort();
	seal = (now() - t0) / N;
	t0 = now();
	for (i = 0; i < N; i++)
		ok += age_decrypt_buf(&id, 1, cts[i], lens[i], 0, buf,
		    sizeof pt + 1024, &outlen, NULL) == 0 && outlen == sizeof pt;
	open = (now() - t0) / N;
	printf("# speed: seal %.1f us, open %.1f us per 2 KiB file\n",
	    seal * 1e6, open * 1e6);
	/* Timing is measured by `make bench`, not asserted here. */
	CHECK_INT(ok, N, "%d sealed files open again", N);
	for (i = 0; i < N; i++)
		free(cts[i]);
	sodium_free(buf);
	age_identity_free(&id);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_bech32();
	test_hkdf();
	test_keys();
	test_round_trips();
	test_recipients();
	test_armor();
	test_tamper();
	test_passphrase();
	test_identity_files();
	test_speed();
	age_thread_cleanup();
	return test_done();
}
