/*
 * The order of randomized choices, as JavaRosa shuffles them
 * (org/javarosa/xform/parse/FisherYates.java, ParkMiller.java,
 * RandomizeHelper.java), so that a seed gives the order Collect gives.
 *
 * A seed is toNumericWithLongHash of a value: the number, its whole part;
 * a value that is not a number, the first 8 bytes of the SHA-256 of its
 * UTF-8 text read as a big-endian signed 64-bit integer ("" is 0).
 * ParkMiller(seed) starts at seed mod 2^31-1 (as a double, moved into
 * 1..2^31-2 when not positive) and steps seed = seed * 16807 mod 2^31-1;
 * nextDouble() is (seed - 1) / (2^31 - 2). FisherYates builds the output
 * front to back: for each input i, j = (int)(nextDouble() * (i + 1)); the
 * output's j moves to i and input i goes to j.
 */
#include <stdint.h>
#include <string.h>

#include "content/expr.h"
#include "content/mathload.h"
#include "content/sodiumload.h"

#define PARK_MILLER_MODULUS	2147483647.0
#define PARK_MILLER_MULTIPLIER	16807.0

int64_t
expr_long_hash(const char *s)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	uint64_t u = 0;
	size_t i;

	if (*s == '\0')
		return 0;
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	for (i = 0; i < 8; i++)
		u = u << 8 | h[i];
	/* Two's complement, as Java's ByteBuffer.getLong reads it. */
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

int64_t
expr_seed(double d, const char *text)
{
	if (isnan(d))
		return expr_long_hash(text != NULL ? text : "");
	/* Java's Double.longValue(): toward zero, saturating. */
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

void
expr_shuffle(size_t n, int64_t seed, size_t *order)
{
	double state = fmod((double)seed, PARK_MILLER_MODULUS), next;
	size_t i, j;

	if (state <= 0)
		state += PARK_MILLER_MODULUS - 1;
	for (i = 0; i < n; i++) {
		state = fmod(state * PARK_MILLER_MULTIPLIER,
		    PARK_MILLER_MODULUS);
		/* nextInt() is next(32): (int)state; nextDouble from it. */
		next = ((double)(int32_t)state - 1) /
		    (PARK_MILLER_MODULUS - 1);
		j = (size_t)(next * (double)(i + 1));
		if (j > i)	/* cannot happen: next < 1 */
			j = i;
		if (j != i)
			order[i] = order[j];
		order[j] = i;
	}
}
