/*
 * Unit tests for sync/x25519.h: the hub's X25519 through libcrypto must be
 * libsodium's crypto_scalarmult, result and verdict, for every input.
 *
 * RFC 7748's vectors (section 5.2's first, section 6.1's exchange); 3,000
 * random scalars and public values, with and without the top bit that
 * X25519 ignores; the points of low order, which both refuse (all-zero
 * result) and their neighbours, which both accept; more scalars in turn
 * than a thread keeps keys for; two threads at once, each with its own
 * state; and, in a fresh copy of this program, libsodium alone
 * (x25519_use_sodium).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "content/err.h"
#include "content/sodiumload.h"
#include "sync/x25519.h"
#include "tests/unit/test.h"

int main(int argc, char **argv);

static void
unhex(uint8_t out[32], const char *hex)
{
	size_t i;
	unsigned v;

	for (i = 0; i < 32; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			abort();
		out[i] = (uint8_t)v;
	}
}

/* x25519_shared against crypto_scalarmult: 0 when they agree. */
static int
agree(const uint8_t sk[32], const uint8_t pk[32])
{
	uint8_t a[32], b[32];
	int ra, rb;

	memset(a, 0x55, sizeof a);
	memset(b, 0xaa, sizeof b);
	ra = x25519_shared(a, sk, pk);
	rb = crypto_scalarmult(b, sk, pk);
	if (ra != rb)
		return 1;
	return rb == 0 && memcmp(a, b, 32) != 0;
}

/* n random pairs (top bit of pk set when top); returns disagreements. */
static int
agree_random(size_t n, int top)
{
	uint8_t sk[32], pk[32];
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		randombytes_buf(sk, sizeof sk);
		randombytes_buf(pk, sizeof pk);
		pk[31] = top ? (uint8_t)(pk[31] | 0x80) : (uint8_t)(pk[31] & 0x7f);
		bad += agree(sk, pk);
	}
	return bad;
}

static void
test_vectors(void)
{
	uint8_t sk[32], pk[32], want[32], out[32], apk[32], bpk[32];
	uint8_t ask[32], bsk[32], s1[32], s2[32];

	/* RFC 7748, 5.2: the first vector. */
	unhex(sk, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
	unhex(pk, "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
	unhex(want, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
	CHECK(x25519_shared(out, sk, pk) == 0 && memcmp(out, want, 32) == 0,
	    "RFC 7748 5.2's first vector");
	/* RFC 7748, 6.1: Alice and Bob. */
	unhex(ask, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	unhex(bsk, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	unhex(apk, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	unhex(bpk, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	unhex(want, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	CHECK(x25519_shared(s1, ask, bpk) == 0 && memcmp(s1, want, 32) == 0,
	    "RFC 7748 6.1: Alice's shared secret");
	CHECK(x25519_shared(s2, bsk, apk) == 0 && memcmp(s2, want, 32) == 0,
	    "RFC 7748 6.1: Bob's is the same");
	CHECK_STR(x25519_impl(), "libcrypto", "libcrypto computes X25519 here");
	CHECK(x25519_use_sodium() == ERR_BUSY, "the choice is made once");
}

static void
test_random(void)
{
	CHECK_INT(agree_random(1500, 0), 0, "1,500 random pairs: libsodium's "
	    "results");
	CHECK_INT(agree_random(1500, 1), 0, "1,500 more with the public "
	    "value's top bit set, which X25519 ignores: libsodium's results");
}

static void
test_low_order(void)
{
	/* libsodium's list of points of low order (and p - 1, p, p + 1). */
	static const char *const bad[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"0000000000000000000000000000000000000000000000000000000000000080",
		"0100000000000000000000000000000000000000000000000000000000000080",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	};
	uint8_t sk[32], pk[32], out[32];
	size_t i, refused = 0, disagree = 0;

	randombytes_buf(sk, sizeof sk);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		unhex(pk, bad[i]);
		disagree += (size_t)agree(sk, pk);
		refused += x25519_shared(out, sk, pk) != 0;
		/* A neighbour: one bit away. */
		pk[5] ^= 0x10;
		disagree += (size_t)agree(sk, pk);
	}
	CHECK_INT((long)disagree, 0, "points of low order and their "
	    "neighbours: libsodium's verdicts and results");
	CHECK((long)refused >= 7, "the points of low order are refused "
	    "(%zu of %zu)", refused, sizeof bad / sizeof bad[0]);
	/* The thread still computes after the refusals. */
	CHECK_INT(agree_random(20, 0), 0, "and computes after them");
}

static void
test_many_keys(void)
{
	uint8_t sk[9][32], pk[32];
	size_t i, round, bad = 0;

	for (i = 0; i < 9; i++)
		randombytes_buf(sk[i], 32);
	for (round = 0; round < 20; round++)
		for (i = 0; i < 9; i++) {
			randombytes_buf(pk, sizeof pk);
			bad += (size_t)agree(sk[i], pk);
			bad += (size_t)agree(sk[i % 2], pk);
		}
	CHECK_INT((long)bad, 0, "nine scalars in turn, more than a thread "
	    "keeps: libsodium's results");
}

static void *
thread_run(void *arg)
{
	int *bad = arg;

	*bad = agree_random(300, 0);
	x25519_thread_cleanup();
	x25519_thread_cleanup();	/* twice is harmless */
	return NULL;
}

static void
test_threads(void)
{
	pthread_t t[2];
	int bad[2] = { -1, -1 };
	size_t i;

	for (i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], NULL, thread_run, &bad[i]) == 0,
		    "thread %zu starts", i);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK(bad[0] == 0 && bad[1] == 0, "two threads at once, each "
	    "with its own keys: libsodium's results (%d, %d)", bad[0],
	    bad[1]);
	/* This thread's state was made before; it is freed and made again. */
	x25519_thread_cleanup();
	CHECK_INT(agree_random(10, 0), 0, "a thread computes again after "
	    "its cleanup");
}

static void
test_sodium_only(const char *self)
{
	char cmd[4096];
	int st;

	snprintf(cmd, sizeof cmd, "\"%s\" sodium", self);
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "without libcrypto, "
	    "libsodium computes (a fresh process)");
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "test-x25519: libsodium did not start\n");
		return 1;
	}
	if (argc == 2 && strcmp(argv[1], "sodium") == 0) {
		if (x25519_use_sodium() != 0 ||
		    strcmp(x25519_impl(), "libsodium") != 0)
			return 2;
		return agree_random(50, 0) == 0 ? 0 : 3;
	}
	test_vectors();
	test_random();
	test_low_order();
	test_many_keys();
	test_threads();
	x25519_thread_cleanup();
	test_sodium_only(argv[0]);
	return test_done();
}
