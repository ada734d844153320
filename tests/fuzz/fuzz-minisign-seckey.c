/*
 * Fuzz minisign secret keys (minisign_seckey_parse) without a password:
 * the hub's and the device's key files are read at start-up.
 *
 * Structured mode (a leading NUL, see minisign-fuzz.h): the next byte
 * picks a file or a bare line and the rest is the 158-byte key blob. A key
 * that parses must be usable: what it signs verifies under its public key.
 * An encrypted key must be refused for want of a password, before any
 * scrypt work.
 *
 * FUZZ_OPTIONS: -max_len=2048 -dict=tests/fuzz/minisign.dict
 */
#include "content/err.h"
#include "sync/minisign.h"
#include "tests/fuzz/minisign-fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void
fuzz_seckey_use(const struct minisign_seckey *sk)
{
	struct minisign_pubkey pk;
	char *sig = NULL, *tc = NULL;
	size_t siglen = 0;

	minisign_seckey_pubkey(sk, &pk);
	FUZZ_CHECK(minisign_sign(sk, "fuzz", 4, "t", "u", &sig, &siglen,
	    NULL) == ERR_OK, "sign");
	FUZZ_CHECK(minisign_verify(&pk, "fuzz", 4, sig, siglen, &tc, NULL) ==
	    ERR_OK && strcmp(tc, "t") == 0, "what it signs verifies");
	free(sig);
	free(tc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct minisign_seckey *sk = NULL;
	struct buf b = BUF_INIT;
	const uint8_t *p;
	const char *text = (const char *)data;
	char *cause = NULL;
	size_t len = size, left;
	int r;

	if (size >= 2 && data[0] == '\0') {
		p = data + 2;
		left = size - 2;
		if (data[1] & 1)
			fuzz_minisign_line(&b, "untrusted comment: ",
			    "minisign secret key", 19);
		fuzz_minisign_b64(&b, &p, &left, 158);
		text = buf_str(&b);
		len = b.len;
	}
	r = minisign_seckey_parse(text, len, NULL, &sk, &cause);
	if (r == ERR_OK) {
		FUZZ_CHECK(sk != NULL && cause == NULL, "a key, no cause");
		fuzz_seckey_use(sk);
		minisign_seckey_free(&sk);
		FUZZ_CHECK(sk == NULL, "free clears the pointer");
	} else {
		FUZZ_CHECK(sk == NULL && cause != NULL,
		    "an error (%d) has a cause and no key", r);
		free(cause);
	}
	buf_free(&b);
	return 0;
}
