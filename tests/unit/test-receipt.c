/*
 * Unit tests for sync/receipt.c: a receipt round-trips through its JSON,
 * is written signed and read back only when the signature checks against
 * the hub key, and is refused when unsigned, altered, signed by another
 * key, renamed, or malformed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/device.h"
#include "sync/minisign.h"
#include "sync/receipt.h"
#include "tests/unit/test.h"

static char dir[] = "/tmp/test-receipt.XXXXXX";

static const char *ids[] = {
	"0b5f4c8e-7a1d-4e2b-9c3f-1a2b3c4d5e6f",
	"1c6a5d9f-8b2e-4f3c-8d4a-2b3c4d5e6f70",
	"2d7b6eaf-9c3f-4a4d-ae5b-3c4d5e6f7081",
};

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static struct receipt *
sample(const struct minisign_pubkey *hub)
{
	struct receipt *r = receipt_new();

	device_key_id(hub, r->hub);
	snprintf(r->device, sizeof r->device, "00A1B2C3D4E5F607");
	r->seq = 7;
	memset(r->bundle_hash, 0x5a, sizeof r->bundle_hash);
	r->created = 1795460950;
	receipt_add_stored(r, ids[0]);
	receipt_add_held(r, ids[1]);
	receipt_add_refused(r, ids[2], "a reason with \"quotes\"");
	return r;
}

static void
test_names(void)
{
	char name[RECEIPT_NAME_SIZE], dev[BUNDLE_KEYID_SIZE];
	int64_t seq = 0;

	receipt_name("00A1B2C3D4E5F607", 12, name);
	CHECK_STR(name, "receipt-00A1B2C3D4E5F607-000012.json", "name");
	CHECK(receipt_name_parse(name, dev, &seq) == 0 && seq == 12 &&
	    strcmp(dev, "00A1B2C3D4E5F607") == 0, "name parses back");
	CHECK(receipt_name_parse("receipt-00A1B2C3D4E5F607-000012.json.minisig",
	    dev, &seq) != 0, "the signature's name is not a receipt's");
	CHECK(receipt_name_parse("receipt-../../etc/passwd-000012.json", dev,
	    &seq) != 0, "a hostile name is refused");
}

static void
test_json(const struct minisign_pubkey *hub)
{
	struct receipt *r = sample(hub), *back = NULL;
	char *json = NULL, *why = NULL, *bad;
	size_t len = 0;

	CHECK_INT(receipt_json(r, &json, &len, &why), 0, "to JSON");
	CHECK(contains(json, "\"format\": \"outreach-receipt/1\"") &&
	    contains(json, "\"bundle\": \"outreach-00A1B2C3D4E5F607-000007.zip\"")
	    && contains(json, "\"status\": \"imported\""), "its fields");
	CHECK_INT(receipt_parse(json, len, &back, &why), 0, "parses back");
	if (back != NULL) {
		CHECK(back->seq == 7 && back->nstored == 1 && back->nheld == 1 &&
		    back->nrefused == 1 && strcmp(back->held[0], ids[1]) == 0 &&
		    strcmp(back->refused[0].reason, "a reason with \"quotes\"")
		    == 0 && back->bundle_hash[5] == 0x5a &&
		    back->created == r->created && !back->refused_whole,
		    "every field came back");
		receipt_free(&back);
	}
	bad = strdup(json);
	memcpy(strstr(bad, "\"reason\""), "\"reasoN\"", 8);
	CHECK(receipt_parse(bad, strlen(bad), &back, NULL) == ERR_PARSE,
	    "an unknown key is refused");
	free(bad);
	bad = strdup(json);
	memcpy(strstr(bad, "imported"), "refused!", 8);
	CHECK(receipt_parse(bad, strlen(bad), &back, NULL) != 0,
	    "an unknown status is refused");
	free(bad);
	bad = strdup(json);
	memcpy(strstr(bad, "\"imported\""), "\"refused\" ", 10);
	CHECK(receipt_parse(bad, strlen(bad), &back, NULL) != 0,
	    "a refused bundle cannot list stored ids");
	free(bad);
	bad = strdup(json);
	memcpy(strstr(bad, ids[1]), "1C6A", 4);
	CHECK(receipt_parse(bad, strlen(bad), &back, NULL) != 0,
	    "an id that is not a lower-case UUIDv4 is refused");
	free(bad);
	free(json);
	free(why);
	receipt_free(&r);
	receipt_free(&r);
	CHECK(r == NULL, "free clears and accepts NULL");
}

static void
test_signed(const struct minisign_seckey *sk, const struct minisign_pubkey *pk,
    const struct minisign_pubkey *other)
{
	struct receipt *r = sample(pk), *back = NULL;
	char name[RECEIPT_NAME_SIZE], path[512], sig[600], *why = NULL;
	char *text = NULL;
	size_t len;
	int rc;

	receipt_name(r->device, r->seq, name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(sig, sizeof sig, "%s.minisig", path);
	CHECK_INT(receipt_write(dir, r, sk, &why), 0, "written signed (%s)",
	    why ? why : "");
	CHECK(access(path, F_OK) == 0 && access(sig, F_OK) == 0,
	    "the receipt and its signature are there");
	rc = receipt_load(dir, name, pk, &back, &why);
	CHECK(rc == 0 && back != NULL && back->nstored == 1,
	    "loads with the hub key");
	receipt_free(&back);
	rc = receipt_load(dir, name, other, &back, &why);
	CHECK(rc == ERR_NOKEY && contains(why, "another key"),
	    "another key: %s", why ? why : "");
	free(why);
	why = NULL;

	/* Altered: one byte of the JSON. */
	file_read(path, 1 << 20, &text, &len, NULL);
	text[strstr(text, "000007") - text + 5] = '8';
	file_write_atomic(path, text, len, 0644, NULL);
	rc = receipt_load(dir, name, pk, &back, &why);
	CHECK(rc == ERR_SIGNATURE && contains(why, "altered"),
	    "altered: %s", why ? why : "");
	free(why);
	why = NULL;
	free(text);

	/* Unsigned. */
	receipt_write(dir, r, sk, NULL);
	unlink(sig);
	rc = receipt_load(dir, name, pk, &back, &why);
	CHECK(rc == ERR_SIGNATURE && contains(why, "not signed"),
	    "unsigned: %s", why ? why : "");
	free(why);
	why = NULL;

	/* A signed receipt under another bundle's name. */
	receipt_write(dir, r, sk, NULL);
	{
		char name2[RECEIPT_NAME_SIZE], p2[512], s2[600];

		receipt_name(r->device, 8, name2);
		snprintf(p2, sizeof p2, "%s/%s", dir, name2);
		snprintf(s2, sizeof s2, "%s.minisig", p2);
		rename(path, p2);
		rename(sig, s2);
		rc = receipt_load(dir, name2, pk, &back, &why);
		CHECK(rc == ERR_INVALID && contains(why, "does not match"),
		    "renamed: %s", why ? why : "");
		unlink(p2);
		unlink(s2);
	}
	free(why);
	receipt_free(&r);
}

int
main(void)
{
	struct minisign_seckey *sk = NULL, *osk = NULL;
	struct minisign_pubkey pk, other;

	if (sodium_init() < 0 || mkdtemp(dir) == NULL ||
	    minisign_keygen(&sk, &pk, NULL) != 0 ||
	    minisign_keygen(&osk, &other, NULL) != 0)
		return 1;
	test_names();
	test_json(&pk);
	test_signed(sk, &pk, &other);
	minisign_seckey_free(&sk);
	minisign_seckey_free(&osk);
	rmdir(dir);
	return test_done();
}
