/*
 * Fuzz age identity files and key strings (sync/age.h): the hub's
 * identity file, and the "age1..." recipients and "AGE-SECRET-KEY-1..."
 * identities that pack.ini and the command line carry.
 *
 * The whole input is read as an identity file without a passphrase (an
 * encrypted one must then be refused for want of it, before any scrypt
 * work); its first line is also parsed as a recipient and as an identity.
 * Checked: what parses formats back to the same text (keys are case-
 * canonical), an identity's recipient is a recipient, and every error has
 * a cause.
 *
 * FUZZ_OPTIONS: -max_len=4096 -dict=tests/fuzz/age.dict
 */
#include "content/err.h"
#include "sync/age.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void
fuzz_age_line(const char *line)
{
	struct age_recipient r, r2;
	struct age_identity *id = NULL;
	char out[AGE_RECIPIENT_LEN + 1], *cause = NULL;
	int rc;

	rc = age_recipient_parse(line, &r, &cause);
	if (rc == 0) {
		FUZZ_CHECK(cause == NULL, "no cause");
		FUZZ_CHECK(age_recipient_format(&r, out, sizeof out) == 0 &&
		    strcmp(out, line) == 0, "a recipient formats back: %s",
		    line);
	} else {
		FUZZ_CHECK(cause != NULL, "recipient error %d has a cause", rc);
		free(cause);
		cause = NULL;
	}
	rc = age_identity_parse(line, &id, &cause);
	if (rc == 0) {
		FUZZ_CHECK(cause == NULL && id != NULL, "an identity");
		FUZZ_CHECK(age_identity_recipient(id, &r) == 0 &&
		    age_recipient_format(&r, out, sizeof out) == 0 &&
		    age_recipient_parse(out, &r2, NULL) == 0 &&
		    memcmp(&r, &r2, sizeof r) == 0,
		    "an identity has a recipient");
		age_identity_free(&id);
		FUZZ_CHECK(id == NULL, "free clears the pointer");
	} else {
		FUZZ_CHECK(id == NULL && cause != NULL,
		    "identity error %d has a cause", rc);
		free(cause);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct age_identity_list *l = NULL;
	struct age_recipient r;
	const uint8_t *nl;
	char *cause = NULL, *line;
	size_t i;
	int rc, enc;

	enc = age_identity_file_is_encrypted(data, size);
	rc = age_identity_file_parse(data, size, NULL, &l, &cause);
	if (rc == 0) {
		FUZZ_CHECK(!enc && l != NULL && cause == NULL, "a list");
		for (i = 0; i < l->n; i++)
			FUZZ_CHECK(age_identity_recipient(l->v[i], &r) == 0,
			    "identity %zu is an X25519 key", i);
		age_identity_list_free(&l);
		FUZZ_CHECK(l == NULL, "free clears the pointer");
	} else {
		FUZZ_CHECK(l == NULL && cause != NULL, "error %d has a cause",
		    rc);
		FUZZ_CHECK(!enc || rc == ERR_NOKEY,
		    "an encrypted file needs its passphrase (%d: %s)", rc,
		    cause);
		free(cause);
	}
	nl = memchr(data, '\n', size);
	line = fuzz_strndup(data, nl != NULL ? (size_t)(nl - data) : size);
	fuzz_age_line(line);
	free(line);
	return 0;
}
