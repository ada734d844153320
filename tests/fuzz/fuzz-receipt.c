/*
 * Fuzz receipts as a device reads them from a stick (sync/receipt.h): the
 * input is the receipt's JSON.
 *
 * receipt_parse() first. A receipt it accepts must keep the format's
 * promises (key ids, a bundle number in range, UUIDv4 ids, bounded UTF-8
 * reasons, nothing stored or held when refused whole) and survive a round
 * trip: receipt_json() writes at most RECEIPT_MAX_JSON bytes that parse
 * back to an equal receipt and write again the same bytes. Then the input
 * and its signature by the fixed hub key (sync-fuzz.h) are written into a
 * scratch folder, under the receipt's own name when it parsed (else a
 * fixed one), and receipt_load() must agree with receipt_parse(): the
 * same error, or an equal receipt. Under another receipt's name it is
 * refused (the name must match the content), and another hub key refuses
 * it whatever it holds.
 *
 * FUZZ_OPTIONS: -max_len=8192
 */
#include "content/utf8.h"
#include "sync/receipt.h"
#include "tests/fuzz/sync-fuzz.h"

#define FUZZ_RECEIPT_NAME	"receipt-0123456789ABCDEF-000001.json"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_sync_key(FUZZ_SYNC_TRUSTED, NULL);
	fuzz_sync_key(FUZZ_SYNC_OTHER, NULL);
	(void)fuzz_scratch_dir();
	return 0;
}

static int
fuzz_receipt_ids_eq(char (*a)[BUNDLE_ID_SIZE], char (*b)[BUNDLE_ID_SIZE],
    size_t n)
{
	return n == 0 || memcmp(a, b, n * BUNDLE_ID_SIZE) == 0;
}

static int
fuzz_receipt_eq(const struct receipt *a, const struct receipt *b)
{
	size_t i;

	if (strcmp(a->hub, b->hub) != 0 || strcmp(a->device, b->device) != 0 ||
	    a->seq != b->seq || memcmp(a->bundle_hash, b->bundle_hash,
	    sizeof a->bundle_hash) != 0 || a->created != b->created ||
	    a->refused_whole != b->refused_whole ||
	    (a->reason == NULL) != (b->reason == NULL) ||
	    (a->reason != NULL && strcmp(a->reason, b->reason) != 0) ||
	    a->nstored != b->nstored || a->nheld != b->nheld ||
	    a->nrefused != b->nrefused ||
	    !fuzz_receipt_ids_eq(a->stored, b->stored, a->nstored) ||
	    !fuzz_receipt_ids_eq(a->held, b->held, a->nheld))
		return 0;
	for (i = 0; i < a->nrefused; i++)
		if (strcmp(a->refused[i].id, b->refused[i].id) != 0 ||
		    strcmp(a->refused[i].reason, b->refused[i].reason) != 0)
			return 0;
	return 1;
}

static void
fuzz_receipt_reason_ok(const char *s, const char *what)
{
	FUZZ_CHECK(s != NULL && strlen(s) <= RECEIPT_MAX_REASON &&
	    utf8_valid(s, strlen(s)), "%s: bounded UTF-8", what);
}

/* What receipt_parse promises of a receipt it accepts. */
static void
fuzz_receipt_shape(const struct receipt *r)
{
	size_t i;

	FUZZ_CHECK(device_key_id_valid(r->hub) &&
	    device_key_id_valid(r->device), "key ids");
	FUZZ_CHECK(r->seq >= 1 && r->seq <= BUNDLE_MAX_SEQ, "seq %lld",
	    (long long)r->seq);
	FUZZ_CHECK(!r->refused_whole || (r->nstored == 0 && r->nheld == 0),
	    "a refused bundle stores nothing");
	FUZZ_CHECK(r->nstored <= BUNDLE_MAX_ENTRIES && r->nheld <=
	    BUNDLE_MAX_ENTRIES && r->nrefused <= BUNDLE_MAX_ENTRIES,
	    "bounded lists");
	if (r->reason != NULL)
		fuzz_receipt_reason_ok(r->reason, "the reason");
	for (i = 0; i < r->nstored; i++)
		FUZZ_CHECK(bundle_uuid_ok(r->stored[i]), "stored id");
	for (i = 0; i < r->nheld; i++)
		FUZZ_CHECK(bundle_uuid_ok(r->held[i]), "held id");
	for (i = 0; i < r->nrefused; i++) {
		FUZZ_CHECK(bundle_uuid_ok(r->refused[i].id), "refused id");
		fuzz_receipt_reason_ok(r->refused[i].reason, "a refusal");
	}
}

/* receipt_json, parsed back: equal, and written again byte for byte. */
static void
fuzz_receipt_roundtrip(const struct receipt *r)
{
	struct receipt *back = NULL;
	char *json = NULL, *again = NULL, *cause = NULL;
	size_t len = 0, len2 = 0;
	int rc;

	rc = receipt_json(r, &json, &len, &cause);
	FUZZ_CHECK(rc == ERR_OK, "a parsed receipt writes: %s", cause);
	FUZZ_CHECK(len <= RECEIPT_MAX_JSON && strlen(json) == len,
	    "%zu bytes written", len);
	rc = receipt_parse(json, len, &back, &cause);
	FUZZ_CHECK(rc == ERR_OK, "what receipt_json writes parses: %s", cause);
	FUZZ_CHECK(fuzz_receipt_eq(r, back), "the round trip keeps it");
	FUZZ_CHECK(receipt_json(back, &again, &len2, NULL) == ERR_OK &&
	    len2 == len && memcmp(again, json, len) == 0,
	    "it writes the same bytes again");
	receipt_free(&back);
	free(json);
	free(again);
}

/* Write the input signed by which under name; load it with the hub key. */
static int
fuzz_receipt_load(const uint8_t *data, size_t size, const char *sig,
    size_t siglen, const char *name, int which, struct receipt **rp,
    char **cause)
{
	struct minisign_pubkey pk;
	char signame[RECEIPT_NAME_SIZE + 16];
	int rc;

	fuzz_sync_key(which, &pk);
	snprintf(signame, sizeof signame, "%s.minisig", name);
	fuzz_write_file(fuzz_scratch_path(name), data, size);
	fuzz_write_file(fuzz_scratch_path(signame), sig, siglen);
	rc = receipt_load(fuzz_scratch_dir(), name, &pk, rp, cause);
	unlink(fuzz_scratch_path(name));
	unlink(fuzz_scratch_path(signame));
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct receipt *r = NULL, *loaded = NULL;
	char name[RECEIPT_NAME_SIZE], *sig = NULL, *cause = NULL;
	size_t siglen = 0;
	int rc, lrc;

	rc = receipt_parse((const char *)data, size, &r, &cause);
	if (rc == ERR_OK) {
		FUZZ_CHECK(r != NULL && cause == NULL, "a receipt, no cause");
		fuzz_receipt_shape(r);
		fuzz_receipt_roundtrip(r);
		receipt_name(r->device, r->seq, name);
	} else {
		FUZZ_CHECK(r == NULL && cause != NULL, "an error with a cause");
		FUZZ_CHECK(rc == ERR_PARSE || rc == ERR_UNSUPPORTED ||
		    rc == ERR_LIMIT, "a documented error: %d", rc);
		snprintf(name, sizeof name, "%s", FUZZ_RECEIPT_NAME);
	}
	free(cause);
	cause = NULL;

	fuzz_sync_sign(FUZZ_SYNC_TRUSTED, data, size, &sig, &siglen);
	lrc = fuzz_receipt_load(data, size, sig, siglen, name,
	    FUZZ_SYNC_TRUSTED, &loaded, &cause);
	if (rc == ERR_OK)
		FUZZ_CHECK(lrc == ERR_OK && fuzz_receipt_eq(r, loaded),
		    "a signed receipt loads as it parses: %s", cause);
	else
		FUZZ_CHECK(lrc == rc && loaded == NULL,
		    "load refuses (%d) as parse does (%d)", lrc, rc);
	receipt_free(&loaded);
	free(cause);
	cause = NULL;

	lrc = fuzz_receipt_load(data, size, sig, siglen, name, FUZZ_SYNC_OTHER,
	    &loaded, NULL);
	FUZZ_CHECK(lrc == ERR_NOKEY && loaded == NULL,
	    "another hub key refuses it: %d", lrc);
	if (rc == ERR_OK) {
		receipt_name(r->device, r->seq % BUNDLE_MAX_SEQ + 1, name);
		lrc = fuzz_receipt_load(data, size, sig, siglen, name,
		    FUZZ_SYNC_TRUSTED, &loaded, NULL);
		FUZZ_CHECK(lrc == ERR_INVALID && loaded == NULL,
		    "under another bundle's name it is refused: %d", lrc);
	}
	receipt_free(&r);
	free(sig);
	return 0;
}
