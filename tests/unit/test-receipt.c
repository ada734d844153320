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
#include "content/utf8.h"
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

/* s2 starts with s1 (both NUL-terminated). */
static int
starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Reasons are bounded (RECEIPT_MAX_REASON bytes): the writer cuts a long
 * one on a character boundary, so that what it writes parses back; the
 * reader refuses a longer one instead of cutting it (the fuzzers found a
 * refusal's reason cut inside a character, which receipt_json could then
 * not write). An id is exactly an id, with nothing after a NUL.
 */
static void
test_reasons(const struct minisign_pubkey *hub)
{
	struct receipt *r = sample(hub), *back = NULL;
	char longr[1 + 2 * 600 + 1], over[RECEIPT_MAX_REASON + 2];
	char *json = NULL, *bad = NULL, *nul = NULL;
	size_t len = 0, i, n;
	int rc;

	longr[0] = 'a';
	for (i = 0; i < 600; i++)
		memcpy(longr + 1 + 2 * i, "\xc3\xa9", 2);
	longr[sizeof longr - 1] = '\0';
	CHECK(receipt_add_refused(r, ids[0], longr) == 0, "a long refusal");
	n = strlen(r->refused[1].reason);
	CHECK(n <= RECEIPT_MAX_REASON && n >= RECEIPT_MAX_REASON - 3 &&
	    utf8_valid(r->refused[1].reason, n) &&
	    starts_with(longr, r->refused[1].reason),
	    "is cut on a character boundary (%zu bytes)", n);
	r->reason = strdup(longr);
	rc = receipt_json(r, &json, &len, NULL);
	CHECK(rc == 0, "a receipt with a long reason is written");
	CHECK(rc == 0 && receipt_parse(json, len, &back, NULL) == 0 &&
	    back->reason != NULL && strlen(back->reason) <=
	    RECEIPT_MAX_REASON && starts_with(longr, back->reason) &&
	    strcmp(back->refused[1].reason, r->refused[1].reason) == 0,
	    "and parses back, the reason cut the same way");
	receipt_free(&back);
	free(json);
	json = NULL;
	receipt_free(&r);

	r = sample(hub);
	if (receipt_json(r, &json, &len, NULL) == 0) {
		memset(over, 'x', sizeof over - 1);
		over[sizeof over - 1] = '\0';
		bad = malloc(len + sizeof over);
		n = (size_t)(strstr(json, "a reason with") - json);
		snprintf(bad, len + sizeof over, "%.*s%s%s", (int)n, json, over,
		    strstr(json, "quotes\\\"\"") + 8);
		CHECK(receipt_parse(bad, strlen(bad), &back, NULL) == ERR_PARSE,
		    "a refusal's reason over %d bytes is refused",
		    RECEIPT_MAX_REASON);
		receipt_free(&back);
		free(bad);
		nul = malloc(len + 16);
		n = (size_t)(strstr(json, ids[0]) - json) + 36;
		snprintf(nul, len + 16, "%.*s\\u0000junk%s", (int)n, json,
		    json + n);
		CHECK(receipt_parse(nul, strlen(nul), &back, NULL) == ERR_PARSE,
		    "an id with a NUL and more after it is refused");
		receipt_free(&back);
		free(nul);
	}
	free(json);
	receipt_free(&r);
}

/* A receipt whose JSON would exceed what a device reads is not written. */
static void
test_too_large(const struct minisign_pubkey *hub)
{
	struct receipt *r = sample(hub);
	char reason[RECEIPT_MAX_REASON + 1], id[BUNDLE_ID_SIZE], *json = NULL;
	size_t len = 0, i;
	int rc = 0;

	/* 5000 refusals of 500 characters, each written as 6 bytes. */
	for (i = 0; i + 2 <= RECEIPT_MAX_REASON; i += 2)
		memcpy(reason + i, "\xc3\xa9", 2);
	reason[i] = '\0';
	for (i = 0; i < BUNDLE_MAX_ENTRIES - 1 && rc == 0; i++) {
		snprintf(id, sizeof id, "%08x-7a1d-4e2b-9c3f-1a2b3c4d5e6f",
		    (unsigned)i);
		rc = receipt_add_refused(r, id, reason);
	}
	CHECK(rc == 0, "%zu refusals", r->nrefused);
	rc = receipt_json(r, &json, &len, NULL);
	CHECK(rc == ERR_LIMIT && json == NULL,
	    "JSON over %zu bytes is refused (%d)", RECEIPT_MAX_JSON, rc);
	free(json);
	receipt_free(&r);
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
	test_reasons(&pk);
	test_too_large(&pk);
	test_signed(sk, &pk, &other);
	minisign_seckey_free(&sk);
	minisign_seckey_free(&osk);
	rmdir(dir);
	return test_done();
}
