/*
 * Unit tests for what the program links and what it opens on first use:
 * libsodium (content/sodiumload.h), jansson (content/jsonload.h), SQLite
 * (sync/sqlload.h), md4c (content/markdown.c), nettle (sync/hash.h) and
 * libm (content/mathload.h).
 *
 * The program ($OUTREACH) must map only what its first frame needs; this
 * binary calls those libraries only through the project's code, so
 * (linked as needed) it does not link them either, and the tests see each
 * arrive in the process on first use. sync/hash.h must give libsodium's
 * SHA-256 and HMAC-SHA256 whichever library computes them: nettle here,
 * libsodium in a fresh copy of this program (hash_use_sodium), compared
 * over every length from 0 to 300 bytes and with RFC 4231's HMAC vector.
 */
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/doc.h"
#include "content/err.h"
#include "content/jsonload.h"
#include "content/mathload.h"
#include "content/sodiumload.h"
#include "sync/hash.h"
#include "sync/sqlload.h"
#include "tests/unit/test.h"

int main(int argc, char **argv);

/* ASan's and UBSan's runtimes link libm themselves. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define TEST_LIBLOAD_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define TEST_LIBLOAD_SANITIZED 1
#endif
#endif

static int
libload_found(struct dl_phdr_info *info, size_t size, void *arg)
{
	const char *want = arg;

	(void)size;
	return info->dlpi_name != NULL && strstr(info->dlpi_name, want) != NULL;
}

/* 1 when a library whose path holds name is mapped in this process. */
static int
libload_mapped(const char *name)
{
	return dl_iterate_phdr(libload_found, (void *)name);
}

/* The program as built: what the dynamic linker maps before main(). */
static void
test_program(void)
{
	static const char *never[] = { "libsodium", "libjansson",
	    "libsqlite3", "libmd4c", "libexpat",
	    "libnettle", "libzip", "libcrypto", "libfribidi",
	    "libunistring", "libpcre2",
#ifndef TEST_LIBLOAD_SANITIZED
	    "libm.so"
#endif
	};
	const char *prog = getenv("OUTREACH");
	char out[65536];
	size_t len = 0, n, i;
	FILE *f;

	if (prog == NULL || access(prog, X_OK) != 0) {
		SKIP("the program's libraries: $OUTREACH is not set (run by "
		    "tests/run)");
		return;
	}
	if ((f = popen("LD_TRACE_LOADED_OBJECTS=1 \"$OUTREACH\" </dev/null",
	    "r")) == NULL) {
		CHECK(0, "the program's libraries can be listed");
		return;
	}
	while (len < sizeof out - 1 && (n = fread(out + len, 1,
	    sizeof out - 1 - len, f)) > 0)
		len += n;
	out[len] = '\0';
	CHECK(pclose(f) == 0 && strstr(out, "libncursesw") != NULL,
	    "the program's libraries are listed");
	for (i = 0; i < sizeof never / sizeof never[0]; i++)
		CHECK(strstr(out, never[i]) == NULL, "the program does not "
		    "map %s at start", never[i]);
}

/*
 * libsodium arrives on the first call, initialised, and not for a wipe or
 * a free of nothing; its wrappers are its functions.
 */
static void
test_sodium(void)
{
	static const unsigned char zero[32];
	unsigned char a[32], b[32], pk[32];
	char b64[64];
	uint8_t *p;

	CHECK(!libload_mapped("libsodium"), "libsodium is not in the process "
	    "before its first use");
	memset(a, 0x5a, sizeof a);
	sodium_memzero(a, sizeof a);
	sodium_free(NULL);
	CHECK(!libload_mapped("libsodium") && memcmp(a, zero, sizeof zero) ==
	    0, "sodium_memzero() wipes, and neither it nor "
	    "sodium_free(NULL) loads libsodium");
	randombytes_buf(a, sizeof a);
	CHECK(libload_mapped("libsodium") && sodiumload_error() == NULL,
	    "libsodium is loaded on first use");
	CHECK(sodium_init() == 1, "and initialised by the loading");
	CHECK(!sodium_is_zero(a, sizeof a) && sodium_is_zero(zero,
	    sizeof zero), "random bytes, sodium_is_zero");
	CHECK(crypto_scalarmult_base(pk, a) == 0 && crypto_scalarmult(b, a,
	    pk) == 0 && sodium_memcmp(b, pk, sizeof b) != 0,
	    "crypto_scalarmult, sodium_memcmp");
	CHECK(sodium_bin2base64(b64, sizeof b64, (const unsigned char *)"hi",
	    2, sodium_base64_VARIANT_ORIGINAL) != NULL &&
	    strcmp(b64, "aGk=") == 0, "sodium_bin2base64");
	CHECK((p = sodium_malloc(100)) != NULL, "sodium_malloc");
	sodium_free(p);
	CHECK(sodiumload_set_soname("libsodium.so.1") == ERR_BUSY,
	    "the library is chosen once");
}

/*
 * Without libsodium (a fresh process): sodium_init() fails, a wipe and a
 * free of nothing still work, and anything else stops the process.
 */
static int
sodium_missing(const char *what)
{
	unsigned char a[8] = { 1 };

	if (sodiumload_set_soname("libsodium-missing.so.0") != 0)
		return 2;
	if (strcmp(what, "init") == 0) {
		sodium_memzero(a, sizeof a);
		sodium_free(NULL);
		return sodium_init() == -1 && a[0] == 0 &&
		    sodiumload_error() != NULL && strstr(sodiumload_error(),
		    "libsodium-missing.so.0") != NULL ? 0 : 3;
	}
	randombytes_buf(a, sizeof a);	/* aborts */
	return 4;
}

static void
test_sodium_missing(const char *self)
{
	char cmd[4096], err[512];
	size_t n = 0;
	FILE *f;
	int st;

	snprintf(cmd, sizeof cmd, "\"%s\" sodium-missing init 2>&1", self);
	if ((f = popen(cmd, "r")) != NULL) {
		n = fread(err, 1, sizeof err - 1, f);
		st = pclose(f);
	} else
		st = -1;
	err[n] = '\0';
	if (n > 0 && err[n - 1] == '\n')
		err[--n] = '\0';
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "without libsodium, "
	    "sodium_init() fails; wiping still works");
	CHECK(strstr(err, "libsodium (libsodium-missing.so.0) cannot be "
	    "loaded: ") != NULL && strchr(err, '\n') == NULL,
	    "and the reason is said once: %s", err);
	snprintf(cmd, sizeof cmd, "exec \"%s\" sodium-missing random "
	    ">/dev/null 2>&1", self);
	st = system(cmd);
	CHECK(WIFSIGNALED(st) ? WTERMSIG(st) == SIGABRT : WIFEXITED(st) &&
	    WEXITSTATUS(st) == 128 + SIGABRT, "without libsodium, random "
	    "bytes stop the process (abort) instead of returning none");
}

/* jansson arrives on the first call; its wrappers are its functions. */
static void
test_json(void)
{
	static const char doc[] = "{\"a\": [1, 2.5, \"x\"], \"b\": null}";
	json_error_t e;
	json_t *o, *v;
	const char *k;
	char *s;
	size_t i, n = 0;

	CHECK(!libload_mapped("libjansson"), "jansson is not in the process "
	    "before its first use");
	o = json_loadb(doc, sizeof doc - 1, 0, &e);
	CHECK(o != NULL && libload_mapped("libjansson") &&
	    jsonload_error() == NULL, "jansson is loaded on first use");
	CHECK(json_is_object(o) && json_object_size(o) == 2 &&
	    json_array_size(json_object_get(o, "a")) == 3 &&
	    json_integer_value(json_array_get(json_object_get(o, "a"), 0)) ==
	    1 && json_number_value(json_array_get(json_object_get(o, "a"),
	    1)) == 2.5 && strcmp(json_string_value(json_array_get(
	    json_object_get(o, "a"), 2)), "x") == 0, "a parse, read back");
	json_object_foreach(o, k, v)
		n++;
	json_array_foreach(json_object_get(o, "a"), i, v)
		n++;
	CHECK(n == 5, "json_object_foreach and json_array_foreach");
	CHECK(json_object_set_new(o, "c", json_stringn("yz", 2)) == 0 &&
	    json_object_set(o, "d", json_object_get(o, "c")) == 0 &&
	    json_string_length(json_object_get(o, "d")) == 2,
	    "json_object_set_new, and the inline json_object_set");
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK(s != NULL && strcmp(s, "{\"a\":[1,2.5,\"x\"],\"b\":null,"
	    "\"c\":\"yz\",\"d\":\"yz\"}") == 0, "json_dumps");
	free(s);
	json_decref(o);	/* the inline's json_delete is the wrapper */
}

/* libm arrives on the first call, and every wrapper is the function. */
static void
test_math(void)
{
	volatile double half = 0.5, two = 2.0;

#ifdef TEST_LIBLOAD_SANITIZED
	SKIP("libm before its first use: the sanitizers' runtime links it");
#else
	CHECK(!libload_mapped("libm.so"), "libm is not in the process before "
	    "its first use");
#endif
	CHECK(pow(two, 10) == 1024.0, "pow(2, 10)");
	CHECK(libload_mapped("libm.so") && mathload_error() == NULL,
	    "libm is loaded on first use");
	CHECK(floor(-half) == -1.0 && trunc(-half) == 0.0 &&
	    round(half) == 1.0 && nearbyint(half) == 0.0 &&
	    llrint(two + half) == 2, "rounding: floor, trunc, round, "
	    "nearbyint, llrint");
	CHECK(fmod(5.5, two) == 1.5 && fmin(half, two) == half &&
	    fmax(half, two) == two, "fmod, fmin, fmax");
	CHECK(fabs(sqrt(two) * sqrt(two) - 2.0) < 1e-15 &&
	    fabs(exp(log(two)) - 2.0) < 1e-15 && log10(1000.0) == 3.0,
	    "sqrt, exp, log, log10");
	CHECK(fabs(sin(half) * sin(half) + cos(half) * cos(half) - 1) < 1e-15 &&
	    fabs(tan(half) - sin(half) / cos(half)) < 1e-15 &&
	    fabs(asin(sin(half)) - half) < 1e-15 &&
	    fabs(acos(cos(half)) - half) < 1e-15 &&
	    fabs(atan(tan(half)) - half) < 1e-15 &&
	    fabs(atan2(1.0, 1.0) * 4 - M_PI) < 1e-15, "trigonometry");
}

static void
test_sqlite(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	CHECK(!libload_mapped("libsqlite3"), "SQLite is not in the process "
	    "before its first use");
	rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	CHECK(rc == SQLITE_OK && db != NULL, "a database opens through the "
	    "wrappers");
	CHECK(sqlload_error() == NULL, "SQLite is loaded");
	CHECK(libload_mapped("libsqlite3"), "and in the process now");
	CHECK(sqlite3_exec(db, "CREATE TABLE t (a INTEGER, b TEXT); "
	    "INSERT INTO t VALUES (7, 'seven')", NULL, NULL, NULL) ==
	    SQLITE_OK, "exec");
	CHECK(sqlite3_prepare_v2(db, "SELECT a, b FROM t", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) == 7 &&
	    strcmp((const char *)sqlite3_column_text(st, 1), "seven") == 0,
	    "prepare, step and columns");
	CHECK(sqlite3_finalize(st) == SQLITE_OK && sqlite3_close(db) ==
	    SQLITE_OK, "finalize and close");
}

static void
test_md4c(void)
{
	struct doc *d = NULL;
	char *cause = NULL;
	const char md[] = "# Title\n\nSome *text*.\n";

	CHECK(!libload_mapped("libmd4c"), "md4c is not in the process "
	    "before the first page");
	CHECK(doc_parse_markdown(md, sizeof md - 1, &d, &cause) == 0 &&
	    d != NULL && strcmp(d->title, "Title") == 0, "a page parses");
	CHECK(libload_mapped("libmd4c"), "md4c is in the process now");
	doc_free(&d);
	free(cause);
}

/* Every hash of hash.h against libsodium's own; returns failures. */
static int
hash_compare(void)
{
	/* RFC 4231, test case 2. */
	static const uint8_t want2[32] = {
		0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04,
		0x24, 0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08,
		0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec,
		0x38, 0x43 };
	uint8_t buf[300], a[32], b[32], key[100];
	struct hash_hmac_sha256 hm;
	struct hash_sha256 h;
	crypto_auth_hmacsha256_state hs;
	size_t n, k;
	int bad = 0;

	for (n = 0; n < sizeof buf; n++)
		buf[n] = (uint8_t)(n * 7 + 3);
	for (n = 0; n < sizeof key; n++)
		key[n] = (uint8_t)(n * 13 + 1);
	for (n = 0; n <= sizeof buf; n++) {
		hash_sha256(a, buf, n);
		crypto_hash_sha256(b, buf, n);
		bad += memcmp(a, b, 32) != 0;
		/* In two pieces, as the streaming callers feed it. */
		hash_sha256_init(&h);
		hash_sha256_update(&h, buf, n / 3);
		hash_sha256_update(&h, buf + n / 3, n - n / 3);
		hash_sha256_final(&h, a);
		bad += memcmp(a, b, 32) != 0;
	}
	for (k = 0; k <= sizeof key; k += 11) {
		for (n = 0; n <= sizeof buf; n += 37) {
			hash_hmac_sha256_init(&hm, key, k);
			hash_hmac_sha256_update(&hm, buf, n);
			hash_hmac_sha256_final(&hm, a);
			crypto_auth_hmacsha256_init(&hs, key, k);
			crypto_auth_hmacsha256_update(&hs, buf, n);
			crypto_auth_hmacsha256_final(&hs, b);
			bad += memcmp(a, b, 32) != 0;
		}
	}
	hash_hmac_sha256_init(&hm, "Jefe", 4);
	hash_hmac_sha256_update(&hm, "what do ya want for nothing?", 28);
	hash_hmac_sha256_final(&hm, a);
	bad += memcmp(a, want2, 32) != 0;
	return bad;
}

static void
test_hash(const char *self)
{
	char cmd[4096];
	int st;

	CHECK(!libload_mapped("libnettle"), "nettle is not in the process "
	    "before the first hash");
	CHECK_STR(hash_impl(), "nettle", "nettle computes SHA-256 here");
	CHECK(hash_compare() == 0, "nettle's SHA-256 and HMAC are "
	    "libsodium's, every length 0..300, and RFC 4231's vector");
	CHECK(hash_use_sodium() == ERR_BUSY, "the choice is made once");
	snprintf(cmd, sizeof cmd, "\"%s\" sodium", self);
	st = system(cmd);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "without nettle, "
	    "libsodium computes the same hashes (a fresh process)");
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "sodium-missing") == 0)
		return sodium_missing(argv[2]);
	if (argc == 2 && strcmp(argv[1], "sodium") == 0) {
		/* The fresh process of test_hash. */
		if (hash_use_sodium() != 0 ||
		    strcmp(hash_impl(), "libsodium") != 0)
			return 2;
		return hash_compare() == 0 && !libload_mapped("libnettle") ?
		    0 : 3;
	}
	test_program();
	test_sodium();
	test_sodium_missing(argv[0]);
	test_json();
	test_math();
	test_sqlite();
	test_md4c();
	test_hash(argv[0]);
	return test_done();
}
