/*
 * Unit tests for sync/minisign*.c: known answers, tampering, key files and
 * strict parsing.
 *
 * Known answers 1-3 are the public test values of rust-minisign-verify
 * (src/lib.rs), embedded here. Known answer 4 (an scrypt-encrypted key at
 * minisign's default 1 GiB cost) is read from ../shared/vectors/minisign/
 * README.md at run time and skipped when ../shared is absent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "sync/minisign.h"
#include "tests/unit/test.h"

/* rust-minisign-verify's public test values. */
#define RV_PK	"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
#define RV1_SIG	"RWQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJbq71Wi+dP9eKL8OC351vwIasSSbXxwA="
#define RV1_TC	"timestamp:1555779966\tfile:test"
#define RV1_GS	"QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81QFuMKI5k/SfNQUaOAA=="
#define RV2_SIG	"RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7SrlQgXdy8ofjb7bNJJylDOocrCo8KLzZwo="
#define RV2_TC	"timestamp:1556193335\tfile:test"
#define RV2_GS	"y/rUw2y8/hOUYjZU71eHp/Wo1KZ40fGy2VJEDl34XMJM+TX48Ss/17u3IvIfbVR1FkZZSNCisQbuQY+bHwhEBg=="
#define RV3_TC	"timestamp:1633700835\tfile:test\tprehashed"
#define RV3_GS	"wLMDjy9FLAuxZ3q4NlEvkgtyhrr0gtTu6KC4KBJdITbbOeAi1zBIYo0v4iTgt8jJpIidRJnp94ABQkJAgAooBQ=="
/* A key minisign 0.11 made whose id has leading zeros. */
#define SHORT_ID_PK "RWSdQThrNHcPAF/U+27Al2lk8F5rASqrQI3Gx33CmL5UjqV8Odz1mDvS"

static char tmpdir[] = "/tmp/test-minisign.XXXXXX";

/* A signature file's text from its parts. Caller frees. */
static char *
sigfile(const char *untrusted, const char *sig, const char *tc, const char *gs)
{
	char *s = NULL;

	if (asprintf(&s, "untrusted comment: %s\n%s\ntrusted comment: %s\n%s\n",
	    untrusted, sig, tc, gs) < 0)
		abort();
	return s;
}

/* Verify text over msg; returns the error and sets *tc (Caller frees). */
static int
verify_str(const struct minisign_pubkey *pk, const char *msg, const char *sig,
    char **tc)
{
	char *cause = NULL;
	int r;

	r = minisign_verify(pk, msg, strlen(msg), sig, strlen(sig), tc, &cause);
	if (r != ERR_OK && r != ERR_SIGNATURE && r != ERR_NOKEY)
		printf("#   cause: %s\n", cause ? cause : "(none)");
	free(cause);
	return r;
}

/* Replace the first occurrence of from in s by to. Caller frees. */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	struct buf b = BUF_INIT;

	if (p == NULL)
		abort();
	buf_add(&b, s, (size_t)(p - s));
	buf_addstr(&b, to);
	buf_addstr(&b, p + strlen(from));
	return buf_detach(&b, NULL);
}

/* Base64 of bytes, and back (exact length or abort). */
static void
b64_enc(const uint8_t *bin, size_t n, char *out, size_t outsz)
{
	sodium_bin2base64(out, outsz, bin, n, sodium_base64_VARIANT_ORIGINAL);
}

static size_t
b64_dec(const char *s, uint8_t *bin, size_t max)
{
	size_t n = 0;

	if (sodium_base642bin(bin, max, s, strlen(s), NULL, &n, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		abort();
	return n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_known_answers(void)
{
	struct minisign_pubkey pk, other;
	struct minisign_seckey *sk = NULL;
	char id[MINISIGN_KEYID_STR_SIZE], *s1, *s2, *s3, *bad, *tc = NULL;
	enum minisign_alg alg;
	uint8_t keyid[MINISIGN_KEYID_BYTES];

	CHECK_INT(minisign_pubkey_parse(RV_PK, strlen(RV_PK), &pk, NULL),
	    ERR_OK, "known answers: bare public key parses");
	minisign_keyid_str(pk.keyid, id);
	CHECK_STR(id, "E7620F1842B4E81F", "known answers: key id");

	s1 = sigfile("signature from minisign secret key", RV1_SIG, RV1_TC,
	    RV1_GS);
	s2 = sigfile("x", RV2_SIG, RV2_TC, RV2_GS);
	s3 = sigfile("x", RV2_SIG, RV3_TC, RV3_GS);

	CHECK_INT(verify_str(&pk, "test", s1, &tc), ERR_OK,
	    "known answer 1 (legacy Ed) verifies");
	CHECK_STR(tc, RV1_TC, "known answer 1: trusted comment returned");
	free(tc);
	tc = NULL;
	CHECK_INT(minisign_sig_info(s1, strlen(s1), keyid, &alg, NULL), ERR_OK,
	    "known answer 1: sig info");
	CHECK(alg == MINISIGN_LEGACY && memcmp(keyid, pk.keyid, 8) == 0,
	    "known answer 1: is Ed with the key's id");
	CHECK_INT(verify_str(&pk, "test", s2, &tc), ERR_OK,
	    "known answer 2 (prehashed ED) verifies");
	CHECK_STR(tc, RV2_TC, "known answer 2: trusted comment returned");
	free(tc);
	tc = NULL;
	CHECK_INT(minisign_sig_info(s2, strlen(s2), keyid, &alg, NULL), ERR_OK,
	    "known answer 2: sig info");
	CHECK(alg == MINISIGN_PREHASHED, "known answer 2: is ED");
	CHECK_INT(verify_str(&pk, "test", s3, &tc), ERR_OK,
	    "known answer 3 (other trusted comment) verifies");
	CHECK_STR(tc, RV3_TC, "known answer 3: trusted comment returned");
	free(tc);
	tc = (char *)"untouched";

	CHECK_INT(verify_str(&pk, "Test", s1, &tc), ERR_SIGNATURE,
	    "known answer 1 fails for \"Test\"");
	CHECK(tc == NULL, "no trusted comment when verification fails");
	CHECK_INT(verify_str(&pk, "Test", s2, NULL), ERR_SIGNATURE,
	    "known answer 2 fails for \"Test\"");
	CHECK_INT(verify_str(&pk, "Test", s3, NULL), ERR_SIGNATURE,
	    "known answer 3 fails for \"Test\"");
	CHECK_INT(verify_str(&pk, "test\n", s2, NULL), ERR_SIGNATURE,
	    "known answer 2 fails with a newline added");

	/* The trusted comment of 3 with the global signature of 2. */
	bad = sigfile("x", RV2_SIG, RV3_TC, RV2_GS);
	CHECK_INT(verify_str(&pk, "test", bad, NULL), ERR_SIGNATURE,
	    "swapped trusted comment is refused");
	free(bad);
	bad = replace(s2, "1556193335", "1556193336");
	CHECK_INT(verify_str(&pk, "test", bad, NULL), ERR_SIGNATURE,
	    "tampered trusted comment is refused");
	free(bad);
	bad = replace(s1, "file:test", "file:test ");
	CHECK_INT(verify_str(&pk, "test", bad, NULL), ERR_SIGNATURE,
	    "trusted comment with a space added is refused");
	free(bad);

	/* Key id mismatch, and the right id on the wrong key. */
	other = pk;
	other.keyid[0] ^= 1;
	CHECK_INT(verify_str(&other, "test", s2, NULL), ERR_NOKEY,
	    "another key id is ERR_NOKEY");
	CHECK_INT(minisign_keygen(&sk, &other, NULL), ERR_OK, "keygen");
	memcpy(other.keyid, pk.keyid, sizeof other.keyid);
	CHECK_INT(verify_str(&other, "test", s2, NULL), ERR_SIGNATURE,
	    "same key id, wrong key (ED) is ERR_SIGNATURE");
	CHECK_INT(verify_str(&other, "test", s1, NULL), ERR_SIGNATURE,
	    "same key id, wrong key (Ed) is ERR_SIGNATURE");
	minisign_seckey_free(&sk);
	CHECK(sk == NULL, "seckey_free clears the pointer");
	minisign_seckey_free(&sk);
	minisign_seckey_free(NULL);

	/* minisign prints key ids without leading zeros. */
	CHECK_INT(minisign_pubkey_parse(SHORT_ID_PK, strlen(SHORT_ID_PK), &pk,
	    NULL), ERR_OK, "minisign key with a short id parses");
	minisign_keyid_str(pk.keyid, id);
	CHECK_STR(id, "F77346B38419D", "key id printed as minisign does");
	free(s1);
	free(s2);
	free(s3);
}

/* The value after "label:" on a line of section 4 of the README. */
static char *
readme_value(const char *section, const char *label)
{
	const char *p = strstr(section, label), *e;
	struct buf b = BUF_INIT;

	if (p == NULL)
		return NULL;
	p += strlen(label);
	while (*p == ' ')
		p++;
	e = strchr(p, '\n');
	if (e == NULL)
		e = p + strlen(p);
	for (; p < e; p++) {
		if (strncmp(p, "<TAB>", 5) == 0) {
			buf_addch(&b, '\t');
			p += 4;
		} else
			buf_addch(&b, *p);
	}
	return buf_detach(&b, NULL);
}

static void
test_known_answer_4(void)
{
	const char *shared = test_shared_dir(), *sec, *msg = "hello minisign\n";
	struct minisign_pubkey pk, skpk;
	struct minisign_seckey *sk = NULL;
	char *readme = NULL, *path = NULL, *cause = NULL, *skb = NULL;
	char *pkb = NULL, *sig = NULL, *tc = NULL, *gs = NULL, *file = NULL;
	char *mine = NULL, *got = NULL;
	double t;
	int r;

	if (shared == NULL) {
		SKIP("known answer 4: ../shared is absent");
		return;
	}
	if ((path = file_join(shared, "vectors/minisign/README.md")) == NULL)
		abort();
	r = file_read(path, 1 << 20, &readme, NULL, NULL);
	CHECK_INT(r, ERR_OK, "known answer 4: read %s", path);
	if (r != ERR_OK)
		goto out;
	sec = strstr(readme, "## 4.");
	CHECK(sec != NULL, "known answer 4: README has section 4");
	if (sec == NULL)
		goto out;
	skb = readme_value(sec, "secret key:");
	pkb = readme_value(sec, "public key:");
	sig = readme_value(sec, "signature:");
	tc = readme_value(sec, "trusted comment:");
	gs = readme_value(sec, "global sig:");
	CHECK(skb && pkb && sig && tc && gs, "known answer 4: values found");
	if (!(skb && pkb && sig && tc && gs))
		goto out;
	file = sigfile("signature from minisign secret key", sig, tc, gs);

	CHECK_INT(minisign_pubkey_parse(pkb, strlen(pkb), &pk, NULL), ERR_OK,
	    "known answer 4: public key parses");
	CHECK_INT(verify_str(&pk, msg, file, &got), ERR_OK,
	    "known answer 4: minisign's signature verifies");
	CHECK_STR(got, tc, "known answer 4: trusted comment");
	CHECK_INT(verify_str(&pk, "hello minisign", file, NULL), ERR_SIGNATURE,
	    "known answer 4: fails without the newline");

	if (test_quick()) {
		SKIP("known answer 4's 1 GiB scrypt (OUTREACH_QUICK is set)");
		goto out;
	}
	t = now();
	r = minisign_seckey_parse(skb, strlen(skb), "correct horse", &sk,
	    &cause);
	t = now() - t;
	CHECK_INT(r, ERR_OK, "known answer 4: encrypted key decrypts "
	    "(scrypt at 1 GiB took %.1f s)", t);
	if (r != ERR_OK) {
		printf("#   cause: %s\n", cause ? cause : "(none)");
		goto out;
	}
	if (t > 10)
		printf("# note: scrypt at minisign's default cost took %.1f s\n",
		    t);
	minisign_seckey_pubkey(sk, &skpk);
	CHECK(memcmp(&skpk, &pk, sizeof pk) == 0,
	    "known answer 4: secret key's public half is the public key");
	/* Ed25519 is deterministic: we must write the very same lines. */
	CHECK_INT(minisign_sign(sk, msg, strlen(msg), tc,
	    "signature from minisign secret key", &mine, NULL, NULL), ERR_OK,
	    "known answer 4: sign with the decrypted key");
	CHECK_STR(mine, file, "known answer 4: our signature file is "
	    "minisign's, byte for byte");
out:
	minisign_seckey_free(&sk);
	free(readme);
	free(path);
	free(cause);
	free(skb);
	free(pkb);
	free(sig);
	free(tc);
	free(gs);
	free(file);
	free(mine);
	free(got);
}

static void
test_sign_verify(void)
{
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey pk, pk2;
	char *sig = NULL, *tc = NULL, *s = NULL, *path, *cause = NULL;
	char big[MINISIGN_TRUSTED_MAX + 2];
	const char *msg = "a bundle manifest";
	enum minisign_alg alg;
	uint8_t keyid[MINISIGN_KEYID_BYTES];
	size_t len = 0;
	FILE *f;

	CHECK_INT(minisign_keygen(&sk, &pk, NULL), ERR_OK, "keygen");
	minisign_seckey_pubkey(sk, &pk2);
	CHECK(memcmp(&pk, &pk2, sizeof pk) == 0, "keygen: public halves agree");

	CHECK_INT(minisign_sign(sk, msg, strlen(msg), "seq:1\tdevice:x", NULL,
	    &sig, &len, NULL), ERR_OK, "sign prehashed");
	CHECK_INT(len, strlen(sig), "sign: length returned");
	CHECK(strncmp(sig, "untrusted comment: signature from minisign secret "
	    "key\nRU", 55) == 0, "sign: default untrusted comment, ED blob");
	CHECK_INT(minisign_sig_info(sig, len, keyid, &alg, NULL), ERR_OK,
	    "sign: sig info");
	CHECK(alg == MINISIGN_PREHASHED && memcmp(keyid, pk.keyid, 8) == 0,
	    "sign: prehashed, with the key's id");
	CHECK_INT(verify_str(&pk, msg, sig, &tc), ERR_OK, "round trip verifies");
	CHECK_STR(tc, "seq:1\tdevice:x", "round trip: trusted comment");
	free(tc);
	tc = NULL;
	CHECK_INT(verify_str(&pk, "a bundle manifesT", sig, NULL),
	    ERR_SIGNATURE, "tampered message is refused");
	free(sig);

	CHECK_INT(minisign_sign_alg(sk, MINISIGN_LEGACY, msg, strlen(msg),
	    NULL, "legacy", &sig, NULL, NULL), ERR_OK, "sign legacy");
	CHECK_INT(minisign_sig_info(sig, strlen(sig), keyid, &alg, NULL),
	    ERR_OK, "legacy: sig info");
	CHECK(alg == MINISIGN_LEGACY, "legacy: is Ed");
	CHECK_INT(verify_str(&pk, msg, sig, &tc), ERR_OK, "legacy verifies");
	CHECK(tc != NULL && strncmp(tc, "timestamp:", 10) == 0 &&
	    strcmp(tc + strspn(tc + 10, "0123456789") + 10, "\thashed") == 0,
	    "default trusted comment is timestamp:<n>\\thashed");
	free(tc);
	tc = NULL;
	CHECK_INT(verify_str(&pk, "", sig, NULL), ERR_SIGNATURE,
	    "legacy: empty message is refused");
	free(sig);

	s = minisign_trusted_comment("/x/y/outreach-1.zip", 1700000000);
	CHECK_STR(s, "timestamp:1700000000\tfile:outreach-1.zip\thashed",
	    "minisign's default trusted comment");
	free(s);
	s = minisign_trusted_comment("a\tb\033c", 5);
	CHECK_STR(s, "timestamp:5\tfile:a?b?c\thashed",
	    "control bytes in the file name become ?");
	free(s);

	/* Bounds on comments we write. */
	memset(big, 'a', sizeof big);
	big[MINISIGN_TRUSTED_MAX] = '\0';
	CHECK_INT(minisign_sign(sk, msg, 1, big, NULL, &sig, NULL, NULL),
	    ERR_OK, "a trusted comment at the bound signs");
	CHECK_INT(verify_str(&pk, "a", sig, &tc), ERR_OK,
	    "a trusted comment at the bound verifies");
	CHECK(tc != NULL && strlen(tc) == MINISIGN_TRUSTED_MAX,
	    "the long trusted comment comes back whole");
	free(tc);
	tc = NULL;
	free(sig);
	big[MINISIGN_TRUSTED_MAX] = 'a';
	big[MINISIGN_TRUSTED_MAX + 1] = '\0';
	CHECK_INT(minisign_sign(sk, msg, 1, big, NULL, &sig, NULL, &cause),
	    ERR_LIMIT, "a longer trusted comment is refused");
	CHECK(sig == NULL && cause != NULL, "refusal: no text, a cause");
	free(cause);
	cause = NULL;
	CHECK_INT(minisign_sign(sk, msg, 1, "two\nlines", NULL, &sig, NULL,
	    NULL), ERR_INVALID, "a newline in the trusted comment is refused");
	CHECK_INT(minisign_sign(sk, msg, 1, NULL, "a\rb", &sig, NULL, NULL),
	    ERR_INVALID, "a CR in the untrusted comment is refused");
	CHECK_INT(minisign_sign(sk, msg, 1, "\033[2J", NULL, &sig, NULL, NULL),
	    ERR_INVALID, "an escape in the trusted comment is refused");

	/* Files, hashed in pieces. */
	if ((path = file_join(tmpdir, "manifest.json")) == NULL ||
	    (f = fopen(path, "w")) == NULL)
		abort();
	for (int i = 0; i < 20000; i++)
		fprintf(f, "line %d of a file larger than one read\n", i);
	fclose(f);
	CHECK_INT(minisign_sign_file(sk, path, NULL, NULL, &sig, &len, NULL),
	    ERR_OK, "sign a file");
	CHECK_INT(minisign_verify_file(&pk, path, sig, len, &tc, NULL), ERR_OK,
	    "verify a file");
	CHECK(tc != NULL && strstr(tc, "\tfile:manifest.json\thashed") != NULL,
	    "file signature: minisign's default trusted comment");
	free(tc);
	tc = NULL;
	{
		char *data = NULL;
		size_t dlen = 0;

		file_read(path, 1 << 24, &data, &dlen, NULL);
		CHECK_INT(minisign_verify(&pk, data, dlen, sig, len, NULL,
		    NULL), ERR_OK, "file signature verifies in memory too");
		free(data);
	}
	if ((f = fopen(path, "a")) == NULL)
		abort();
	fputc('x', f);
	fclose(f);
	CHECK_INT(minisign_verify_file(&pk, path, sig, len, NULL, NULL),
	    ERR_SIGNATURE, "a changed file is refused");
	free(sig);
	CHECK_INT(minisign_sign_alg(sk, MINISIGN_LEGACY, "x", 1, NULL, NULL,
	    &sig, &len, NULL), ERR_OK, "legacy signature of another message");
	CHECK_INT(minisign_verify_file(&pk, path, sig, len, NULL, NULL),
	    ERR_SIGNATURE, "legacy over a file: refused when it differs");
	free(sig);
	CHECK_INT(minisign_verify_file(&pk, "/nonexistent/x", "", 0, NULL,
	    NULL), ERR_PARSE, "verify_file parses the signature first");
	unlink(path);
	free(path);
	minisign_seckey_free(&sk);
}

/* Decode a saved secret key file's blob (second line). */
static size_t
seckey_blob(const char *path, uint8_t *blob, size_t max, char *comment,
    size_t csz)
{
	char *text = NULL, *nl;
	size_t n;

	if (file_read(path, 4096, &text, NULL, NULL) != ERR_OK ||
	    (nl = strchr(text, '\n')) == NULL)
		abort();
	snprintf(comment, csz, "%.*s", (int)(nl - text), text);
	nl[1 + strcspn(nl + 1, "\n")] = '\0';
	n = b64_dec(nl + 1, blob, max);
	sodium_memzero(text, strlen(text));
	free(text);
	return n;
}

/* A secret key file's text from a comment line and a blob. Caller frees. */
static char *
seckey_text(const char *comment, const uint8_t *blob)
{
	char b64[256], *s = NULL;

	b64_enc(blob, 158, b64, sizeof b64);
	if (asprintf(&s, "%s\n%s\n", comment, b64) < 0)
		abort();
	return s;
}

static int
seckey_try(const char *text, const char *password)
{
	struct minisign_seckey *sk = NULL;
	char *cause = NULL;
	int r;

	r = minisign_seckey_parse(text, strlen(text), password, &sk, &cause);
	CHECK(r == ERR_OK ? sk != NULL && cause == NULL :
	    sk == NULL && cause != NULL, "seckey_parse: output %s, cause %s",
	    sk ? "set" : "NULL", cause ? cause : "(none)");
	minisign_seckey_free(&sk);
	free(cause);
	return r;
}

static void
test_key_files(void)
{
	static const struct minisign_kdf_limits cheap = MINISIGN_KDF_INTERACTIVE;
	struct minisign_kdf_limits huge = MINISIGN_KDF_DEFAULT;
	struct minisign_seckey *sk = NULL, *sk2 = NULL;
	struct minisign_pubkey pk, pk2;
	char *plain, *enc, *pubp, *text = NULL, *sig = NULL, *cause = NULL;
	char comment[128], b64[MINISIGN_PUBKEY_B64_SIZE], id[17], *t;
	uint8_t blob[200], orig[158];
	struct stat st;
	size_t len = 0;

	plain = file_join(tmpdir, "plain.key");
	enc = file_join(tmpdir, "enc.key");
	pubp = file_join(tmpdir, "device.pub");
	if (plain == NULL || enc == NULL || pubp == NULL)
		abort();
	CHECK_INT(minisign_keygen(&sk, &pk, NULL), ERR_OK, "keygen");

	/* Public key file and string. */
	CHECK_INT(minisign_pubkey_format(&pk, &text, &len), ERR_OK,
	    "pubkey_format");
	minisign_keyid_str(pk.keyid, id);
	minisign_pubkey_base64(&pk, b64);
	CHECK_INT(strlen(b64), 56, "public key string is 56 characters");
	if (asprintf(&t, "untrusted comment: minisign public key %s\n%s\n",
	    id, b64) < 0)
		abort();
	CHECK_STR(text, t, "public key file text is minisign's");
	CHECK_INT(len, strlen(t), "pubkey_format: length");
	free(t);
	CHECK_INT(minisign_pubkey_parse(text, len, &pk2, NULL), ERR_OK,
	    "public key file text parses");
	CHECK(memcmp(&pk, &pk2, sizeof pk) == 0, "public key file round trip");
	free(text);
	text = NULL;
	CHECK_INT(minisign_pubkey_save(pubp, &pk, NULL), ERR_OK, "pubkey_save");
	memset(&pk2, 0, sizeof pk2);
	CHECK_INT(minisign_pubkey_load(pubp, &pk2, NULL), ERR_OK,
	    "pubkey_load");
	CHECK(memcmp(&pk, &pk2, sizeof pk) == 0, "pubkey save/load round trip");
	CHECK_INT(minisign_pubkey_load("/nonexistent/k.pub", &pk2, &cause),
	    ERR_NOTFOUND, "pubkey_load of a missing file");
	CHECK(cause != NULL, "pubkey_load: a cause");
	free(cause);
	cause = NULL;

	/* Unencrypted secret key, as minisign -G -W writes. */
	CHECK_INT(minisign_seckey_save(plain, sk, NULL, NULL, NULL), ERR_OK,
	    "save an unencrypted secret key");
	CHECK(stat(plain, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "secret key file mode is 0600");
	CHECK_INT(minisign_seckey_save(plain, sk, NULL, NULL, &cause),
	    ERR_EXISTS, "saving over an existing key is refused");
	free(cause);
	cause = NULL;
	CHECK_INT(seckey_blob(plain, blob, sizeof blob, comment,
	    sizeof comment), 158, "secret key blob is 158 bytes");
	memcpy(orig, blob, sizeof orig);
	CHECK(memcmp(blob, "Ed\0\0B2", 6) == 0 &&
	    sodium_is_zero(blob + 6, 48), "unencrypted: no kdf, salt, limits");
	CHECK(memcmp(blob + 54, pk.keyid, 8) == 0, "unencrypted: key id");
	CHECK_INT(minisign_seckey_load(plain, NULL, &sk2, NULL), ERR_OK,
	    "load the unencrypted key");
	CHECK_INT(minisign_seckey_load(plain, "ignored", &sk2, NULL), ERR_OK,
	    "an unencrypted key ignores a password");
	minisign_seckey_pubkey(sk2, &pk2);
	CHECK(memcmp(&pk, &pk2, sizeof pk) == 0, "unencrypted round trip");
	CHECK_INT(minisign_sign(sk2, "m", 1, "t", NULL, &sig, NULL, NULL),
	    ERR_OK, "sign with the loaded key");
	CHECK_INT(verify_str(&pk, "m", sig, NULL), ERR_OK,
	    "the loaded key's signature verifies");
	free(sig);
	minisign_seckey_free(&sk2);

	/* minisign -W leaves the checksum zero; a wrong one is damage. */
	memset(blob + 126, 0, 32);
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, NULL), ERR_OK,
	    "unencrypted key with a zero checksum loads (minisign -W)");
	free(t);
	blob[126] = 1;
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, NULL), ERR_PARSE,
	    "unencrypted key with a wrong checksum is refused");
	free(t);
	memset(blob + 126, 0, 32);
	blob[62] ^= 1;
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, NULL), ERR_PARSE,
	    "a damaged seed is refused (halves do not match)");
	free(t);
	memcpy(blob, orig, sizeof orig);
	blob[100] ^= 1;
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, NULL), ERR_PARSE,
	    "a damaged public half is refused (checksum)");
	free(t);
	memcpy(blob, orig, sizeof orig);
	memcpy(blob + 2, "Xx", 2);
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, NULL), ERR_UNSUPPORTED, "unknown kdf refused");
	free(t);
	memcpy(blob, orig, sizeof orig);
	memcpy(blob + 4, "B3", 2);
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, NULL), ERR_UNSUPPORTED,
	    "unknown checksum refused");
	free(t);
	memcpy(blob, orig, sizeof orig);
	t = seckey_text(comment, blob);
	t[strlen(t) - 6] = '\0';
	CHECK_INT(seckey_try(t, NULL), ERR_PARSE, "truncated key refused");
	free(t);
	CHECK_INT(seckey_try("", NULL), ERR_PARSE, "empty key refused");

	/* Encrypted, at a cheap cost. */
	CHECK_INT(minisign_seckey_save(enc, sk, "pass word", &cheap, &cause),
	    ERR_OK, "save an encrypted secret key");
	if (cause != NULL)
		printf("#   cause: %s\n", cause);
	CHECK(stat(enc, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "encrypted key file mode is 0600");
	seckey_blob(enc, blob, sizeof blob, comment, sizeof comment);
	CHECK_STR(comment, "untrusted comment: minisign encrypted secret key",
	    "encrypted key comment");
	CHECK(memcmp(blob, "EdScB2", 6) == 0, "encrypted: kdf is Sc");
	CHECK(!sodium_is_zero(blob + 6, 32), "encrypted: a random salt");
	CHECK(blob[38] == 0x00 && blob[40] == 0x08 && blob[48] == 0x00 &&
	    blob[49] == 0x01, "encrypted: limits stored little-endian");
	CHECK(memcmp(blob + 54, pk.keyid, 8) != 0, "encrypted: key id hidden");
	CHECK_INT(minisign_seckey_load(enc, "pass word", &sk2, NULL), ERR_OK,
	    "load the encrypted key with its password");
	if (sk2 != NULL) {
		minisign_seckey_pubkey(sk2, &pk2);
		CHECK(memcmp(&pk, &pk2, sizeof pk) == 0,
		    "encrypted round trip");
	}
	minisign_seckey_free(&sk2);
	CHECK_INT(minisign_seckey_load(enc, "pass wore", &sk2, &cause),
	    ERR_CRYPTO, "wrong password is ERR_CRYPTO");
	CHECK(sk2 == NULL && cause != NULL, "wrong password: no key, a cause");
	free(cause);
	cause = NULL;
	CHECK_INT(minisign_seckey_load(enc, NULL, &sk2, NULL), ERR_CRYPTO,
	    "no password for an encrypted key is ERR_CRYPTO");
	memcpy(orig, blob, sizeof orig);
	blob[53] = 0x40;	/* memlimit far above minisign's */
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, "pass word"), ERR_LIMIT,
	    "a key asking for too much scrypt memory is refused");
	free(t);
	memcpy(blob, orig, sizeof orig);
	blob[41] = 0x10;	/* opslimit above minisign's */
	t = seckey_text(comment, blob);
	CHECK_INT(seckey_try(t, "pass word"), ERR_LIMIT,
	    "a key asking for too much scrypt work is refused");
	free(t);

	CHECK_INT(minisign_seckey_save(enc, sk, "x", &cheap, NULL), ERR_EXISTS,
	    "encrypted: saving over an existing key is refused");
	unlink(enc);
	huge.memlimit *= 2;
	CHECK_INT(minisign_seckey_save(enc, sk, "x", &huge, NULL), ERR_INVALID,
	    "limits above minisign's default are refused");
	CHECK_INT(minisign_seckey_save(enc, sk, "", &cheap, NULL), ERR_INVALID,
	    "an empty password is refused (NULL means unencrypted)");
	CHECK(access(enc, F_OK) != 0, "refused saves leave no file");
	CHECK_INT(minisign_seckey_save("/nonexistent/dir/k", sk, NULL, NULL,
	    NULL), ERR_NOTFOUND, "saving into a missing folder");

	minisign_seckey_free(&sk);
	unlink(plain);
	unlink(pubp);
	free(plain);
	free(enc);
	free(pubp);
}

struct bad_case {
	const char	*from, *to;	/* replace in a valid file */
	int		 want;
	const char	*what;
};

static void
test_malformed(void)
{
	static const struct bad_case cases[] = {
		{ "\n" RV2_GS "\n", "\n" RV2_GS, ERR_OK,
		    "missing final newline is accepted" },
		{ "\n" RV2_GS "\n", "\n" RV2_GS "\n\n", ERR_PARSE,
		    "an empty fifth line" },
		{ "\n" RV2_GS "\n", "\n" RV2_GS "\nmore\n", ERR_PARSE,
		    "a fifth line" },
		{ "\n" RV2_GS "\n", "\n", ERR_PARSE, "three lines" },
		{ "\ntrusted", "\r\ntrusted", ERR_PARSE, "a CRLF line end" },
		{ "untrusted comment: ", "untrusted comment:", ERR_PARSE,
		    "untrusted prefix without its space" },
		{ "untrusted comment: ", "Untrusted comment: ", ERR_PARSE,
		    "untrusted prefix capitalised" },
		{ "trusted comment: t", "trusted-comment: t", ERR_PARSE,
		    "trusted prefix misspelt" },
		{ "x\nRUQ", "x\n RUQ", ERR_PARSE, "space before the signature" },
		{ "Zwo=\n", "Zwo= \n", ERR_PARSE, "space after the signature" },
		{ "Zwo=\n", "Zwo\n", ERR_PARSE, "signature padding missing" },
		{ "Zwo=\n", "Zwp=\n", ERR_PARSE,
		    "non-canonical signature base64" },
		{ "EBg==", "EBh==", ERR_PARSE, "non-canonical global base64" },
		{ "EBg==", "EB===", ERR_PARSE, "bad global padding" },
		{ "RUQf6L", "RUQf6", ERR_PARSE, "signature too short" },
		{ "RUQf6LRC", "RXQf6LRC", ERR_UNSUPPORTED,
		    "unknown signature algorithm" },
		{ "RUQf6LRC", "RUQf6L*C", ERR_PARSE, "not base64" },
		{ "file:test", "file:te\033st", ERR_PARSE,
		    "escape in the trusted comment" },
		{ "file:test", "file:te\x7fst", ERR_PARSE,
		    "DEL in the trusted comment" },
		{ "comment: x", "comment: x\001", ERR_PARSE,
		    "control in the untrusted comment" },
		{ "file:test", "file:test\t", ERR_SIGNATURE,
		    "a tab is allowed but changes the trusted comment" },
	};
	struct minisign_pubkey pk;
	char *good, *bad, *cause, big[MINISIGN_TRUSTED_MAX + 2048];
	size_t i, n;
	int r;

	minisign_pubkey_parse(RV_PK, strlen(RV_PK), &pk, NULL);
	good = sigfile("x", RV2_SIG, RV2_TC, RV2_GS);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bad = replace(good, cases[i].from, cases[i].to);
		cause = NULL;
		r = minisign_verify(&pk, "test", 4, bad, strlen(bad), NULL,
		    &cause);
		CHECK_INT(r, cases[i].want, "malformed: %s", cases[i].what);
		CHECK(r == ERR_OK ? cause == NULL : cause != NULL,
		    "malformed: %s: cause %s", cases[i].what,
		    cause ? cause : "(none)");
		free(cause);
		free(bad);
	}

	/* A NUL inside the text, which strlen would not see. */
	n = strlen(good);
	bad = strdup(good);
	bad[strstr(bad, "file:") - bad] = '\0';
	CHECK_INT(minisign_verify(&pk, "test", 4, bad, n, NULL, NULL),
	    ERR_PARSE, "malformed: a NUL in the trusted comment");
	free(bad);
	CHECK_INT(minisign_verify(&pk, "test", 4, "", 0, NULL, NULL),
	    ERR_PARSE, "malformed: empty signature file");

	/* Over-long comments and files. */
	memset(big, 'a', sizeof big);
	big[MINISIGN_TRUSTED_MAX + 1] = '\0';
	bad = sigfile("x", RV2_SIG, big, RV2_GS);
	CHECK_INT(minisign_verify(&pk, "test", 4, bad, strlen(bad), NULL,
	    NULL), ERR_LIMIT, "malformed: trusted comment over the bound");
	free(bad);
	big[MINISIGN_UNTRUSTED_MAX + 1] = '\0';
	bad = sigfile(big, RV2_SIG, RV2_TC, RV2_GS);
	CHECK_INT(minisign_verify(&pk, "test", 4, bad, strlen(bad), NULL,
	    NULL), ERR_LIMIT, "malformed: untrusted comment over the bound");
	free(bad);
	memset(big, 'a', sizeof big);
	big[sizeof big - 1] = '\0';
	bad = sigfile("x", RV2_SIG, big, RV2_GS);
	CHECK_INT(minisign_verify(&pk, "test", 4, bad, strlen(bad), NULL,
	    NULL), ERR_LIMIT, "malformed: signature file over the bound");
	free(bad);
	free(good);

	/* Public keys. */
	{
		static const struct bad_case pkcases[] = {
			{ "GFO3", "GFO3\n", ERR_OK, "bare with a newline" },
			{ "GFO3", "GFO3\n\n", ERR_PARSE, "two newlines" },
			{ "GFO3", "GFO3 ", ERR_PARSE, "trailing space" },
			{ "RWQf", " RWQf", ERR_PARSE, "leading space" },
			{ "GFO3", "GFO", ERR_PARSE, "too short" },
			{ "GFO3", "GFO3AAAA", ERR_PARSE, "too long" },
			{ "GFO3", "GFO=", ERR_PARSE, "padding where none belongs" },
			{ "RWQf", "RXQf", ERR_UNSUPPORTED, "not Ed" },
		};
		const char *file = "untrusted comment: minisign public key "
		    "E7620F1842B4E81F\n" RV_PK "\n";

		for (i = 0; i < sizeof pkcases / sizeof pkcases[0]; i++) {
			bad = replace(RV_PK, pkcases[i].from, pkcases[i].to);
			CHECK_INT(minisign_pubkey_parse(bad, strlen(bad), &pk,
			    NULL), pkcases[i].want, "public key: %s",
			    pkcases[i].what);
			free(bad);
		}
		CHECK_INT(minisign_pubkey_parse(file, strlen(file), &pk, NULL),
		    ERR_OK, "public key file parses");
		CHECK_INT(minisign_pubkey_parse(file, strlen(file) - 1, &pk,
		    NULL), ERR_OK, "public key file without its last newline");
		bad = replace(file, "\nRWQ", "\n\nRWQ");
		CHECK_INT(minisign_pubkey_parse(bad, strlen(bad), &pk, NULL),
		    ERR_PARSE, "public key file with a blank line");
		free(bad);
		bad = replace(file, "key E76", "key \033E76");
		CHECK_INT(minisign_pubkey_parse(bad, strlen(bad), &pk, NULL),
		    ERR_PARSE, "public key comment with an escape");
		free(bad);
		bad = replace(file, "\n", "\r\n");
		CHECK_INT(minisign_pubkey_parse(bad, strlen(bad), &pk, NULL),
		    ERR_PARSE, "public key file with CRLF");
		free(bad);
		memset(big, 'a', sizeof big);
		big[sizeof big - 1] = '\0';
		CHECK_INT(minisign_pubkey_parse(big, strlen(big), &pk, NULL),
		    ERR_LIMIT, "public key text over the bound");
		CHECK_INT(minisign_pubkey_parse("", 0, &pk, NULL), ERR_PARSE,
		    "empty public key");
	}
}

int
main(void)
{
	if (sodium_init() < 0 || mkdtemp(tmpdir) == NULL) {
		printf("not ok 1 - setup\n");
		return 1;
	}
	test_known_answers();
	test_sign_verify();
	test_key_files();
	test_malformed();
	test_known_answer_4();
	rmdir(tmpdir);
	return test_done();
}
