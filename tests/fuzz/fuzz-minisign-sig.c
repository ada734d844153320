/*
 * Fuzz minisign signature files: minisign_sig_info() and minisign_verify()
 * against a fixed public key, as for bundle manifests, receipts and
 * content packs.
 *
 * Text mode: the signature file, then a NUL, then the message signed (the
 * seeds were made with `minisign -S` and the unencrypted secret key in
 * corpus/minisign-seckey/, whose public half is FUZZ_SIG_PK). Structured
 * mode (a leading NUL, see minisign-fuzz.h): the 74-byte signature blob,
 * the trusted comment up to a NUL, the 64-byte global signature, then the
 * message. A signature that verifies must have come from that key, and its
 * trusted comment must be free of control characters but tab.
 *
 * FUZZ_OPTIONS: -max_len=4096 -dict=tests/fuzz/minisign.dict
 */
#include "content/err.h"
#include "sync/minisign.h"
#include "tests/fuzz/minisign-fuzz.h"

#define FUZZ_SIG_PK "RWRhp3PkNWog6hU3NMvWBRgfcZHiVkBTUFzEOqgCYrPFeOCI991iCNzj"

static struct minisign_pubkey fuzz_sig_pk;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (minisign_pubkey_parse(FUZZ_SIG_PK, strlen(FUZZ_SIG_PK),
	    &fuzz_sig_pk, NULL) != ERR_OK)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t keyid[MINISIGN_KEYID_BYTES];
	enum minisign_alg alg;
	struct buf b = BUF_INIT;
	const uint8_t *p, *nul;
	const char *sig = (const char *)data, *msg;
	char *cause = NULL, *tc = NULL;
	size_t siglen, msglen, left, i;
	int r;

	if (size >= 1 && data[0] == '\0') {
		p = data + 1;
		left = size - 1;
		fuzz_minisign_line(&b, "untrusted comment: ", "signature", 9);
		fuzz_minisign_b64(&b, &p, &left, 74);
		nul = memchr(p, '\0', left);
		msglen = nul != NULL ? (size_t)(nul - p) : left;
		fuzz_minisign_line(&b, "trusted comment: ", (const char *)p,
		    msglen);
		p += msglen;
		left -= msglen;
		if (left > 0) {
			p++;
			left--;
		}
		fuzz_minisign_b64(&b, &p, &left, 64);
		sig = buf_str(&b);
		siglen = b.len;
		msg = (const char *)p;
		msglen = left;
	} else {
		nul = memchr(data, '\0', size);
		siglen = nul != NULL ? (size_t)(nul - data) : size;
		msg = nul != NULL ? (const char *)nul + 1 : "";
		msglen = nul != NULL ? size - siglen - 1 : 0;
	}

	r = minisign_sig_info(sig, siglen, keyid, &alg, &cause);
	FUZZ_CHECK((r == ERR_OK) == (cause == NULL), "info: a cause on error");
	free(cause);
	cause = NULL;

	r = minisign_verify(&fuzz_sig_pk, msg, msglen, sig, siglen, &tc,
	    &cause);
	if (r == ERR_OK) {
		FUZZ_CHECK(cause == NULL && tc != NULL, "a comment, no cause");
		FUZZ_CHECK(memcmp(keyid, fuzz_sig_pk.keyid, sizeof keyid) == 0,
		    "it verifies under the key it names");
		for (i = 0; tc[i] != '\0'; i++)
			FUZZ_CHECK(((unsigned char)tc[i] >= 0x20 ||
			    tc[i] == '\t') && tc[i] != 0x7f,
			    "no control in the trusted comment");
	} else {
		FUZZ_CHECK(tc == NULL && cause != NULL,
		    "an error (%d) has a cause and no comment", r);
	}
	free(cause);
	free(tc);
	buf_free(&b);
	return 0;
}
