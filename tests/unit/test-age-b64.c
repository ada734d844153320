/*
 * Unit tests for age's strict base64 (sync/age-armor.c, age_b64_decode):
 * it accepts exactly what libsodium's sodium_base642bin accepts with the
 * same variant when nothing may be left over, and decodes it to the same
 * bytes. Every string of up to 5 characters over an alphabet of the
 * edge cases (first, last and middle letters, '+', '/', padding, a space
 * and bytes above 0x7f, which libsodium 1.0.18 reads as '/') is compared,
 * padded and not, then 200,000 random strings of 6 to 12 of them, then
 * mutations of real encodings of 0 to 80 bytes.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/age-int.h"
#include "tests/unit/test.h"

static int
ref_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/*
 * The decoder as it was, on libsodium: the alphabet checked first, then
 * sodium_base642bin, which must consume everything and give the length
 * the input implies. -1 when refused.
 */
static int
ref_decode(const char *s, size_t len, int padded, uint8_t *out, size_t cap,
    size_t *outlen)
{
	const char *end = NULL;
	size_t want, n = 0, i;
	int variant;

	*outlen = 0;
	if (padded) {
		if (len % 4 != 0)
			return -1;
		want = len / 4 * 3;
		if (len > 0 && s[len - 1] == '=')
			want -= (len > 1 && s[len - 2] == '=') ? 2 : 1;
		variant = sodium_base64_VARIANT_ORIGINAL;
	} else {
		if (len % 4 == 1)
			return -1;
		want = len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1);
		variant = sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
	}
	if (want > cap)
		return -2;
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!ref_char(s[i]) && (!padded || s[i] != '='))
			return -1;
	if (sodium_base642bin(out, cap, s, len, NULL, &n, &end, variant) != 0 ||
	    end != s + len || n != want)
		return -1;
	*outlen = n;
	return 0;
}

static size_t mismatches, compared, accepted;

static void
compare(const char *s, size_t len, int padded)
{
	uint8_t a[128], b[128];
	size_t alen = 0, blen = 0;
	int ra, rb;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	ra = age_b64_decode(s, len, padded, a, sizeof a, &alen);
	rb = ref_decode(s, len, padded, b, sizeof b, &blen);
	compared++;
	if ((ra == 0) != (rb == 0) || (ra == 0 && (alen != blen ||
	    memcmp(a, b, alen) != 0)) || (ra == ERR_LIMIT) != (rb == -2)) {
		if (mismatches++ < 5)
			printf("# differs (padded %d): \"%.*s\": ours %d/%zu, "
			    "libsodium %d/%zu\n", padded, (int)len, s, ra,
			    alen, rb, blen);
	}
	if (ra == 0)
		accepted++;
}

static const char alpha[] = { 'A', 'B', 'Q', 'g', 'z', '0', '9', '+', '/',
    '=', ' ', '-', '\x80', '\xff' };
enum { NA = sizeof alpha };

static void
every_short_string(void)
{
	char s[5];
	size_t len, k, total;
	int padded;

	for (len = 0; len <= 5; len++) {
		total = 1;
		for (k = 0; k < len; k++)
			total *= NA;
		for (k = 0; k < total; k++) {
			size_t x = k, j;

			for (j = 0; j < len; j++) {
				s[j] = alpha[x % NA];
				x /= NA;
			}
			for (padded = 0; padded <= 1; padded++)
				compare(s, len, padded);
		}
	}
}

static void
random_strings(void)
{
	char s[12];
	size_t len, j;
	int k;

	for (k = 0; k < 100000; k++) {
		len = 6 + randombytes_uniform(7);
		for (j = 0; j < len; j++)
			s[j] = alpha[randombytes_uniform(NA)];
		/* Mostly the alphabet, so that some are accepted. */
		for (j = 0; j < len; j++)
			if (randombytes_uniform(4) != 0)
				s[j] = alpha[randombytes_uniform(9)];
		compare(s, len, 0);
		compare(s, len, 1);
	}
}

static void
mutated_encodings(void)
{
	static const char muts[] = "A=/+g \x80\n";
	uint8_t in[80];
	char enc[128];
	size_t len, elen, i, m;
	int padded, round;

	randombytes_buf(in, sizeof in);
	for (len = 0; len <= sizeof in; len++)
		for (padded = 0; padded <= 1; padded++) {
			uint8_t back[128];
			size_t blen = 0;

			elen = age_b64_encode(in, len, padded, enc);
			CHECK(age_b64_decode(enc, elen, padded, back,
			    sizeof back, &blen) == 0 && blen == len &&
			    memcmp(back, in, len) == 0, "%zu bytes, padded "
			    "%d: round trip", len, padded);
			compare(enc, elen, padded);
			for (round = 0; round < 40 && elen > 0; round++) {
				char t[128];
				size_t tlen = elen;

				memcpy(t, enc, elen);
				i = randombytes_uniform((uint32_t)elen);
				m = randombytes_uniform(sizeof muts - 1 + 2);
				if (m < sizeof muts - 1)
					t[i] = muts[m];
				else if (m == sizeof muts - 1)
					tlen = i;	/* cut short */
				else
					t[i] ^= 1;	/* a neighbour */
				compare(t, tlen, padded);
			}
		}
}

int
main(void)
{
	uint8_t out[4];
	size_t n;

	if (sodium_init() < 0)
		return 1;
	every_short_string();
	random_strings();
	mutated_encodings();
	printf("# %zu strings compared, %zu accepted\n", compared, accepted);
	CHECK(mismatches == 0, "age_b64_decode accepts and decodes what "
	    "sodium_base642bin does (%zu of %zu differ)", mismatches, compared);
	CHECK(accepted > 10000 && accepted < compared / 2, "the cases include "
	    "both verdicts (%zu accepted)", accepted);
	/* The buffer's size is checked before anything is decoded. */
	CHECK(age_b64_decode("AAAAAAAA", 8, 0, out, sizeof out, &n) ==
	    ERR_LIMIT, "six bytes do not fit in four: ERR_LIMIT");
	CHECK(age_b64_decode("AAAAAA", 6, 0, out, sizeof out, &n) == 0 &&
	    n == 4, "four bytes fit in four");
	CHECK(age_b64_decode("AAA=", 4, 1, out, sizeof out, &n) == 0 &&
	    n == 2, "padded: two bytes");
	CHECK(age_b64_decode("AAB=", 4, 1, out, sizeof out, &n) == ERR_PARSE,
	    "non-zero bits below the last byte: refused");
	CHECK(age_b64_decode("AA==", 4, 0, out, sizeof out, &n) == ERR_PARSE,
	    "padding where none may be: refused");
	return test_done();
}
