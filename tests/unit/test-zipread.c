/*
 * Unit tests for sync/zipread.c: hostile archives are refused with a
 * reason, good ones read back exactly.
 *
 * Archives are built in memory with libzip and, where libzip would not
 * write something hostile (a duplicate name, a header that lies), patched
 * byte by byte afterwards.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "content/err.h"
#include "sync/zipread.h"
#include "tests/unit/test.h"

struct zfile {
	const char	*name;
	const void	*data;
	size_t		 len;
	int		 deflate;
};

/* A zip of files[0..n-1] in memory (Caller frees). */
static uint8_t *
make_zip(const struct zfile *files, size_t n, size_t *lenp)
{
	zip_source_t *src, *s;
	zip_error_t ze;
	zip_stat_t st;
	zip_t *za;
	zip_int64_t idx;
	uint8_t *out;
	size_t i;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
		abort();
	zip_source_keep(src);
	for (i = 0; i < n; i++) {
		s = zip_source_buffer(za, files[i].data, files[i].len, 0);
		if (s == NULL || (idx = zip_file_add(za, files[i].name, s,
		    0)) < 0)
			abort();
		zip_set_file_compression(za, (zip_uint64_t)idx,
		    files[i].deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
	}
	if (zip_close(za) != 0)
		abort();
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	if ((out = malloc(st.size)) == NULL ||
	    zip_source_read(src, out, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*lenp = st.size;
	return out;
}

/* Replace every occurrence of from with to (same length) in p. */
static int
patch_all(uint8_t *p, size_t len, const char *from, const char *to)
{
	size_t i, fl = strlen(from);
	int n = 0;

	for (i = 0; i + fl <= len; i++)
		if (memcmp(p + i, from, fl) == 0) {
			memcpy(p + i, to, fl);
			n++;
		}
	return n;
}

static void
le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * Make the first entry's local and central headers declare size bytes
 * uncompressed: a header that lies. Returns the fields patched.
 */
static int
set_size(uint8_t *p, size_t len, uint32_t size)
{
	size_t i;
	int n = 0;

	if (len >= 30 && memcmp(p, "PK\003\004", 4) == 0) {
		le32(p + 22, size);
		n++;
	}
	for (i = 0; i + 46 <= len; i++)
		if (memcmp(p + i, "PK\001\002", 4) == 0) {
			le32(p + i + 24, size);
			n++;
			break;
		}
	return n;
}

/* Open p and return the error; *why gets the cause (Caller frees). */
static int
try_open(const uint8_t *p, size_t len, const struct zipread_limits *lim,
    char **why)
{
	struct zipread *z = NULL;
	int r;

	*why = NULL;
	r = zipread_open(p, len, lim, &z, why);
	zipread_free(&z);
	return r;
}

static void
drop(char **p)
{
	free(*p);
	*p = NULL;
}

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static void
test_good(void)
{
	static const char text[] = "hello, zip";
	struct zfile f[] = {
		{ "a.txt", text, sizeof text - 1, 0 },
		{ "dir/b.md", text, sizeof text - 1, 1 },
	};
	const struct zipread_entry *e;
	struct zipread *z = NULL;
	uint8_t *p, *got = NULL;
	size_t len, glen = 0;
	char *why = NULL;
	int r;

	p = make_zip(f, 2, &len);
	r = zipread_open(p, len, NULL, &z, &why);
	CHECK_INT(r, 0, "a plain zip opens (%s)", why ? why : "");
	if (r == 0) {
		CHECK_INT(zipread_count(z), 2, "two entries");
		e = zipread_find(z, "dir/b.md");
		CHECK(e != NULL && e->deflated, "find a deflated entry");
		CHECK(zipread_find(z, "DIR/B.MD") == NULL, "find is exact");
		CHECK(zipread_find(z, "c") == NULL, "a missing name");
		r = e != NULL ? zipread_read_alloc(z, e, &got, &glen, &why) : -1;
		CHECK(r == 0 && glen == sizeof text - 1 &&
		    memcmp(got, text, glen) == 0, "inflates exactly");
		free(got);
	}
	zipread_free(&z);
	zipread_free(&z);
	CHECK(z == NULL, "free clears and accepts NULL");
	free(p);
	drop(&why);
}

static void
test_names(void)
{
	static const struct {
		const char *name;
		int dir, ok;
	} cases[] = {
		{ "a.txt", 0, 1 }, { "pages/en/x.md", 0, 1 },
		{ "../x", 0, 0 }, { "a/../x", 0, 0 }, { "/etc/passwd", 0, 0 },
		{ "./a", 0, 0 }, { "a//b", 0, 0 }, { "a\\b", 0, 0 },
		{ "C:x", 0, 0 }, { ".hidden", 0, 0 }, { "", 0, 0 },
		{ "a/", 0, 0 }, { "a/", 1, 1 }, { "a b", 0, 0 },
		{ "caf\xc3\xa9", 0, 0 }, { "a\nb", 0, 0 },
	};
	char longname[300];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_INT(zipread_name_ok(cases[i].name, cases[i].dir),
		    cases[i].ok, "name case %zu (dir %d)", i, cases[i].dir);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK(!zipread_name_ok(longname, 0), "a 299-byte name");
}

static void
test_hostile_names(void)
{
	static const char d[] = "x";
	static const char *bad[] = { "../x", "/abs", "a/../../b", "a\\..\\b" };
	struct zfile f[2] = { { "ok.txt", d, 1, 0 }, { NULL, d, 1, 0 } };
	uint8_t *p;
	size_t len, i;
	char *why;
	int r;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f[1].name = bad[i];
		p = make_zip(f, 2, &len);
		r = try_open(p, len, NULL, &why);
		CHECK(r == ERR_INVALID && contains(why, "unsafe"),
		    "entry named %s refused: %s", bad[i], why ? why : "");
		drop(&why);
		free(p);
	}
}

static void
test_duplicates(void)
{
	static const char d[] = "data";
	struct zfile f[] = { { "a.txt", d, 4, 0 }, { "b.txt", d, 4, 0 } };
	uint8_t *p;
	size_t len;
	char *why;
	int r;

	p = make_zip(f, 2, &len);
	CHECK_INT(patch_all(p, len, "b.txt", "a.txt"), 2, "patched a name");
	r = try_open(p, len, NULL, &why);
	CHECK(r != 0 && contains(why, "same name"), "duplicate name refused: %s",
	    why ? why : "");
	drop(&why);
	free(p);

	f[1].name = "A.TXT";
	p = make_zip(f, 2, &len);
	r = try_open(p, len, NULL, &why);
	CHECK(r != 0 && contains(why, "same name"), "names differing in case "
	    "refused: %s", why ? why : "");
	drop(&why);
	free(p);
}

static void
test_truncated(void)
{
	static const char d[] = "some data that is long enough to matter";
	struct zfile f[] = { { "a.txt", d, sizeof d - 1, 0 },
	    { "b.txt", d, sizeof d - 1, 0 } };
	uint8_t *p;
	size_t len, cut;
	char *why;
	int r, all = 1;

	p = make_zip(f, 2, &len);
	for (cut = 0; cut < len; cut++) {
		r = try_open(p, cut, NULL, &why);
		if (r == 0 || why == NULL)
			all = 0;
		drop(&why);
	}
	CHECK(all, "every truncation of a %zu-byte zip is refused with a "
	    "reason", len);
	r = try_open(p, len / 2, NULL, &why);
	CHECK(contains(why, "truncated"), "the reason says truncated: %s",
	    why ? why : "");
	drop(&why);
	free(p);
}

static void
test_bomb(void)
{
	struct zipread_limits lim;
	struct zfile f[1];
	const struct zipread_entry *e;
	struct zipread *z = NULL;
	uint8_t *zeros, *p, *got = NULL;
	size_t len, n = 8 * 1024 * 1024, glen;
	char *why = NULL;
	int r;

	zeros = calloc(1, n);
	f[0].name = "bomb.json";
	f[0].data = zeros;
	f[0].len = n;
	f[0].deflate = 1;
	p = make_zip(f, 1, &len);
	r = try_open(p, len, NULL, &why);
	CHECK(r == ERR_LIMIT && contains(why, "bomb"), "8 MiB of zeros in "
	    "%zu bytes refused by ratio: %s", len, why ? why : "");
	drop(&why);

	memset(&lim, 0, sizeof lim);
	lim.max_ratio = 100000;
	lim.max_entry = 1024 * 1024;
	r = try_open(p, len, &lim, &why);
	CHECK(r == ERR_LIMIT && contains(why, "uncompressed"),
	    "refused by size: %s", why ? why : "");
	drop(&why);
	free(p);

	/* A header that lies: declared 4,000 bytes, inflates to 64 KiB. */
	f[0].len = 65536;
	p = make_zip(f, 1, &len);
	CHECK(set_size(p, len, 4000) == 2, "patched both size fields");
	memset(&lim, 0, sizeof lim);
	lim.max_ratio = 100000;
	r = zipread_open(p, len, &lim, &z, &why);
	CHECK_INT(r, 0, "the lying archive opens (%s)", why ? why : "");
	drop(&why);
	if (r == 0) {
		e = zipread_entry(z, 0);
		r = zipread_read_alloc(z, e, &got, &glen, &why);
		CHECK(r != 0 && why != NULL, "caught while inflating: %s",
		    why ? why : "");
		free(got);
		drop(&why);
	}
	zipread_free(&z);
	free(p);
	free(zeros);
}

static void
test_limits(void)
{
	static const char d[] = "0123456789";
	struct zfile f[] = { { "a", d, 10, 0 }, { "b", d, 10, 0 },
	    { "c", d, 10, 0 }, { "d", d, 10, 0 } };
	struct zipread_limits lim;
	uint8_t *p;
	size_t len;
	char *why;
	int r;

	p = make_zip(f, 4, &len);
	memset(&lim, 0, sizeof lim);
	lim.max_entries = 3;
	r = try_open(p, len, &lim, &why);
	CHECK(r == ERR_LIMIT && contains(why, "4 entries"), "too many "
	    "entries refused: %s", why ? why : "");
	drop(&why);
	memset(&lim, 0, sizeof lim);
	lim.max_total = 35;
	r = try_open(p, len, &lim, &why);
	CHECK(r == ERR_LIMIT, "total size bound: %s", why ? why : "");
	drop(&why);

	/* A flipped data byte fails the CRC on read. */
	{
		struct zipread *z = NULL;
		uint8_t *got = NULL;
		size_t glen;

		patch_all(p, len, "0123456789", "0123456780");
		r = zipread_open(p, len, NULL, &z, &why);
		CHECK_INT(r, 0, "a damaged entry's archive opens");
		drop(&why);
		if (r == 0) {
			r = zipread_read_alloc(z, zipread_entry(z, 0), &got,
			    &glen, &why);
			CHECK(r == ERR_PARSE && why != NULL, "CRC mismatch "
			    "refused: %s", why ? why : "");
			free(got);
			drop(&why);
		}
		zipread_free(&z);
	}
	free(p);

	r = try_open((const uint8_t *)"not a zip at all, just words", 28, NULL,
	    &why);
	CHECK(r == ERR_PARSE && why != NULL, "not a zip: %s", why ? why : "");
	drop(&why);
}

static void
test_quote(void)
{
	char *q = zipread_quote("a\x1b[2J\"\xff", 7, 80);

	CHECK_STR(q, "a\\x1b[2J\\x22\\xff", "quote escapes controls");
	free(q);
}

/* Two threads open readers at once (hub import reads ahead). */
#define RACE_N		300
#define RACE_ROUNDS	200

/*
 * Stored entries in place: the same bytes zipread_read gives, inside the
 * archive; a deflated entry is not offered; a byte flipped in the data
 * (CRC not recomputed) is refused by zipread_read and shown as it is by
 * zipread_data, whose caller checks the bytes; an archive behind a
 * prefix gives the same bytes both ways or none in place.
 */
static void
test_in_place(void)
{
	static const char text[] = "hello, stored zip entry";
	struct zfile f[] = {
		{ "a.txt", text, sizeof text - 1, 0 },
		{ "submissions/0b5f4c8e-7a1d-4e2b-9c3f-1a2b3c4d5e6f.age", text,
		    10, 0 },
		{ "dir/b.md", text, sizeof text - 1, 1 },
		{ "z", text, 1, 0 },
	};
	const struct zipread_entry *e;
	struct zipread *z = NULL;
	const uint8_t *in;
	uint8_t *p, *q, buf[64];
	size_t len, i, got, same = 0, stored = 0;
	char *why = NULL;
	int r, k;

	p = make_zip(f, 4, &len);
	r = zipread_open(p, len, NULL, &z, &why);
	CHECK_INT(r, 0, "a zip of stored entries opens (%s)", why ? why : "");
	for (i = 0; r == 0 && i < zipread_count(z); i++) {
		e = zipread_entry(z, i);
		if (e->deflated) {
			CHECK_INT(zipread_data(z, e, &in), ERR_UNSUPPORTED,
			    "a deflated entry is not offered in place");
			continue;
		}
		stored++;
		if (zipread_data(z, e, &in) == 0 && in > p &&
		    in + e->size <= p + len &&
		    zipread_read(z, e, buf, sizeof buf, &got, NULL) == 0 &&
		    got == e->size && memcmp(in, buf, got) == 0)
			same++;
	}
	CHECK(stored == 3 && same == 3, "each stored entry in place is the "
	    "bytes zipread_read gives, inside the archive");
	zipread_free(&z);

	/* A flipped byte in a.txt's data, its CRC left as it was. */
	q = memmem(p, len, text, sizeof text - 1);
	if (q != NULL)
		q[3] ^= 0x20;
	r = zipread_open(p, len, NULL, &z, &why);
	e = r == 0 ? zipread_find(z, "a.txt") : NULL;
	CHECK(e != NULL && zipread_read(z, e, buf, sizeof buf, &got,
	    NULL) == ERR_PARSE && zipread_data(z, e, &in) == 0 &&
	    in[3] == (text[3] ^ 0x20), "a flipped byte: zipread_read refuses "
	    "the CRC, zipread_data gives the bytes as they are");
	zipread_free(&z);
	free(p);

	/* Behind a prefix: what libzip reads, or nothing in place. */
	p = make_zip(f, 4, &len);
	if ((q = malloc(len + 100)) == NULL)
		abort();
	memset(q, 'x', 100);
	memcpy(q + 100, p, len);
	r = zipread_open(q, len + 100, NULL, &z, NULL);
	for (k = 1, i = 0; r == 0 && i < zipread_count(z); i++) {
		e = zipread_entry(z, i);
		if (zipread_data(z, e, &in) == 0)
			k &= zipread_read(z, e, buf, sizeof buf, &got, NULL) ==
			    0 && got == e->size && memcmp(in, buf, got) == 0;
	}
	CHECK(k, "behind a prefix (%s by libzip), in place is the same "
	    "bytes or not offered", r == 0 ? "opened" : "refused");
	zipread_free(&z);
	free(q);
	free(p);
	drop(&why);
}

static uint8_t *race_zip[2];
static size_t race_len[2];

static void *
race_open(void *arg)
{
	size_t k = (size_t)(uintptr_t)arg, i, r;
	struct zipread *z = NULL;
	char name[32];
	uintptr_t bad = 0;

	for (r = 0; r < RACE_ROUNDS && bad == 0; r++) {
		if (zipread_open(race_zip[k], race_len[k], NULL, &z, NULL) != 0) {
			bad = 1;
			break;
		}
		for (i = 0; i < RACE_N && bad == 0; i++) {
			snprintf(name, sizeof name, "%c/%05zu", 'a' + (int)k, i);
			bad = zipread_find(z, name) == NULL;
		}
		zipread_free(&z);
	}
	return (void *)bad;
}

static void
test_threads(void)
{
	static struct zfile f[2][RACE_N];
	static char names[2][RACE_N][32];
	pthread_t t;
	void *bad0 = (void *)1, *bad1;
	size_t k, i;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < RACE_N; i++) {
			/* Entries in reverse order: the reader must sort. */
			snprintf(names[k][i], sizeof names[k][i], "%c/%05zu",
			    'a' + (int)k, RACE_N - 1 - i);
			f[k][i].name = names[k][i];
			f[k][i].data = "x";
			f[k][i].len = 1;
		}
		race_zip[k] = make_zip(f[k], RACE_N, &race_len[k]);
	}
	if (pthread_create(&t, NULL, race_open, (void *)(uintptr_t)0) != 0) {
		SKIP("no second thread");
	} else {
		bad1 = race_open((void *)(uintptr_t)1);
		pthread_join(t, &bad0);
		CHECK(bad0 == NULL && bad1 == NULL, "readers opened on two "
		    "threads at once each find every entry");
	}
	free(race_zip[0]);
	free(race_zip[1]);
}

int
main(void)
{
	test_good();
	test_in_place();
	test_names();
	test_hostile_names();
	test_duplicates();
	test_truncated();
	test_bomb();
	test_limits();
	test_quote();
	test_threads();
	return test_done();
}
