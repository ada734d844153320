/*
 * Fuzz age decryption (sync/age.h): ASCII armor, the header and its
 * stanzas, the header MAC and the STREAM payload, as a hub reads the
 * submissions of a bundle.
 *
 * The input is an age file, decrypted with two fixed X25519 identities
 * (test keys made for this corpus with age-keygen; the seeds were written
 * with `age -r` to the first) in each of the three modes: binary, armored,
 * and detected. Checked: a failure carries the documented cause prefix of
 * its layer ("armor: ", "header: ", "no identity", "MAC: ", "payload: ");
 * a success gives no more plaintext than the input, the same in every mode
 * that accepts the file, and that plaintext survives a round trip.
 *
 * FUZZ_OPTIONS: -max_len=70000 -dict=tests/fuzz/age.dict
 */
#include "content/err.h"
#include "sync/age.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_AGE_KEY "AGE-SECRET-KEY-1GSUAFXRZJWZUEWEVE55EXPY0" \
	"YJM82A50SX7A9NZYC7JQZNLHT72SUYJ3AW"

/* A random identity that matches nothing, then the corpus's key. */
static struct age_identity *fuzz_age_ids[2];
static struct age_recipient fuzz_age_rcpt;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *id = NULL, *rcpt = NULL;

	if (age_identity_parse(FUZZ_AGE_KEY, &fuzz_age_ids[1], NULL) != 0 ||
	    age_identity_recipient(fuzz_age_ids[1], &fuzz_age_rcpt) != 0 ||
	    age_keygen(&id, &rcpt, NULL) != 0 ||
	    age_identity_parse(id, &fuzz_age_ids[0], NULL) != 0)
		abort();
	age_secret_free(&id);
	free(rcpt);
	return 0;
}

static int
fuzz_age_prefix(const char *cause, const char *a, const char *b)
{
	return strncmp(cause, a, strlen(a)) == 0 ||
	    (b != NULL && strncmp(cause, b, strlen(b)) == 0);
}

static void
fuzz_age_cause(int rc, const char *cause)
{
	FUZZ_CHECK(cause != NULL, "error %d has a cause", rc);
	switch (rc) {
	case ERR_PARSE:
		FUZZ_CHECK(fuzz_age_prefix(cause, "armor: ", "header: "),
		    "a parse error names its layer: %s", cause);
		break;
	case ERR_NOKEY:
		FUZZ_CHECK(fuzz_age_prefix(cause, "no identity", NULL),
		    "no identity: %s", cause);
		break;
	case ERR_CRYPTO:
		FUZZ_CHECK(fuzz_age_prefix(cause, "MAC: ", "payload: "),
		    "a crypto error names its layer: %s", cause);
		break;
	default:
		FUZZ_CHECK(rc == ERR_LIMIT || rc == ERR_UNSUPPORTED,
		    "error %d: %s", rc, cause);
	}
}

/* Encrypt pt again and read it back: the same bytes. */
static void
fuzz_age_roundtrip(const uint8_t *pt, size_t len)
{
	uint8_t *ct = NULL, *back = NULL;
	size_t ctlen = 0, backlen = 0;

	FUZZ_CHECK(age_encrypt(&fuzz_age_rcpt, 1, pt, len, 0, &ct, &ctlen,
	    NULL) == 0, "encrypt");
	FUZZ_CHECK(age_decrypt(fuzz_age_ids, 2, ct, ctlen, 0, &back, &backlen,
	    NULL) == 0 && backlen == len && (len == 0 ||
	    memcmp(back, pt, len) == 0), "round trip");
	age_plaintext_free(&back);
	free(ct);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int modes[] = { AGE_DETECT, 0, AGE_ARMOR };
	uint8_t *pt[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 }, i;
	char *cause = NULL;
	int rc, ok = -1;

	for (i = 0; i < 3; i++) {
		rc = age_decrypt(fuzz_age_ids, 2, data, size, modes[i], &pt[i],
		    &len[i], &cause);
		if (rc != 0) {
			FUZZ_CHECK(pt[i] == NULL, "no plaintext on error");
			fuzz_age_cause(rc, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		FUZZ_CHECK(cause == NULL && pt[i] != NULL && len[i] <= size,
		    "%zu bytes of plaintext from %zu", len[i], size);
		if (ok >= 0)
			FUZZ_CHECK(len[i] == len[ok] && memcmp(pt[i], pt[ok],
			    len[i]) == 0, "every mode reads the same");
		else
			ok = (int)i;
	}
	if (ok >= 0 && len[ok] <= 4096)
		fuzz_age_roundtrip(pt[ok], len[ok]);
	for (i = 0; i < 3; i++)
		age_plaintext_free(&pt[i]);
	return 0;
}
