/*
 * Fuzz minisign public keys (minisign_pubkey_parse): a key file's two
 * lines or the bare base64 string, as `hub enrol` and pack.ini take them.
 *
 * Structured mode (a leading NUL, see minisign-fuzz.h): the next byte
 * picks a file or a bare string and the rest is the 42-byte key blob. A
 * key that parses must survive a round trip through minisign_pubkey_format
 * and minisign_pubkey_base64.
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
fuzz_pubkey_roundtrip(const struct minisign_pubkey *pk)
{
	struct minisign_pubkey again;
	char b64[MINISIGN_PUBKEY_B64_SIZE], id[MINISIGN_KEYID_STR_SIZE];
	char *text = NULL;
	size_t len = 0;

	minisign_keyid_str(pk->keyid, id);
	FUZZ_CHECK(strlen(id) >= 1 && strlen(id) <= 16, "key id '%s'", id);
	FUZZ_CHECK(minisign_pubkey_format(pk, &text, &len) == ERR_OK,
	    "format");
	FUZZ_CHECK(minisign_pubkey_parse(text, len, &again, NULL) == ERR_OK &&
	    memcmp(&again, pk, sizeof again) == 0, "the file reads back");
	free(text);
	minisign_pubkey_base64(pk, b64);
	FUZZ_CHECK(minisign_pubkey_parse(b64, strlen(b64), &again, NULL) ==
	    ERR_OK && memcmp(&again, pk, sizeof again) == 0,
	    "the string reads back");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct minisign_pubkey pk;
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
			    "minisign public key", 19);
		fuzz_minisign_b64(&b, &p, &left, 42);
		text = buf_str(&b);
		len = b.len;
	}
	memset(&pk, 0xa5, sizeof pk);
	r = minisign_pubkey_parse(text, len, &pk, &cause);
	if (r == ERR_OK) {
		FUZZ_CHECK(cause == NULL, "no cause on success");
		fuzz_pubkey_roundtrip(&pk);
	} else {
		FUZZ_CHECK(cause != NULL, "an error (%d) has a cause", r);
		free(cause);
	}
	buf_free(&b);
	return 0;
}
