/*
 * Unit tests for content/zipload.c, libzip loaded on first use.
 *
 * This binary calls libzip only through zipload.h, so (linked as needed)
 * it does not link libzip: the tests see libzip arrive in the process on
 * first use, with four threads racing to that first use; then a workbook
 * written and read back and a bundle built and read through the wrappers.
 * The failure path runs in a fresh copy of this program (a failed load is
 * never retried, so it cannot share a process with the happy path), once
 * with a SONAME that does not exist and once with a library that exists
 * but is not libzip: every entry point and wrapper fails with the loader's
 * sentence, the structs still initialise, and nothing crashes. And the
 * program itself ($OUTREACH) must not load libzip or libcrypto at start.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "content/csv.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/xlsx.h"
#include "content/zipload.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/minisign.h"
#include "sync/zipread.h"
#include "tests/unit/test.h"

int main(int argc, char **argv);

static const char *self;	/* this program, for its fresh copies */

#define NTHREADS	4
#define MISSING		"libzip-missing.so.0"
#define NOT_LIBZIP	"libm.so.6"	/* there, but has no zip_* */

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define OFFICE "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char *const parts[][2] = {
	{ "_rels/.rels", "<Relationships " RELS "><Relationship Id=\"rId1\" "
	    "Type=\"" OFFICE "/officeDocument\" Target=\"xl/workbook.xml\"/>"
	    "</Relationships>" },
	{ "xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"survey\" "
	    "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
	{ "xl/_rels/workbook.xml.rels", "<Relationships " RELS "><Relationship "
	    "Id=\"rId1\" Type=\"" OFFICE "/worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/></Relationships>" },
	{ "xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>type</t></is></c>"
	    "<c r=\"B1\" t=\"inlineStr\"><is><t>name</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>text</t></is></c>"
	    "<c r=\"B2\" t=\"inlineStr\"><is><t>lazy</t></is></c></row>"
	    "</sheetData></worksheet>" },
};
#define NPARTS	(sizeof parts / sizeof parts[0])

static char tmpdir[] = "/tmp/test-zipload-XXXXXX";

/* 1 when the library called soname is mapped into this process. */
static int
is_loaded(const char *soname)
{
	void *h;

	if ((h = dlopen(soname, RTLD_LAZY | RTLD_NOLOAD)) == NULL)
		return 0;
	dlclose(h);
	return 1;
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Write the workbook above through the wrappers; 0 or -1. */
static int
write_xlsx(const char *path)
{
	zip_source_t *src;
	zip_int64_t idx;
	zip_t *za;
	size_t i;
	int zerr = 0;

	if ((za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL)
		return -1;
	for (i = 0; i < NPARTS; i++) {
		src = zip_source_buffer(za, parts[i][1], strlen(parts[i][1]), 0);
		if (src == NULL || (idx = zip_file_add(za, parts[i][0], src,
		    ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(src);
			zip_discard(za);
			return -1;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
		    ZIP_CM_DEFLATE, 9) != 0) {
			zip_discard(za);
			return -1;
		}
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		return -1;
	}
	return 0;
}

/* A signed bundle of one submission, made by a new key. */
static int
build_bundle(uint8_t **zipp, size_t *lenp, char **cause)
{
	static const uint8_t payload[] = "age-encryption.org/v1 (not really)";
	struct minisign_seckey *sk = NULL;
	struct bundle_item item;
	struct bundle_head h;
	uint8_t hash[BUNDLE_HASH_BYTES];
	int r;

	memset(&h, 0, sizeof h);
	if ((r = minisign_keygen(&sk, &h.device_pk, cause)) != 0)
		return r;
	device_key_id(&h.device_pk, h.device);
	h.seq = 1;
	h.created = 1795460950;
	item.id = "3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b";
	item.form = "feedback";
	item.version = "1";
	item.data = payload;
	item.len = sizeof payload;
	item.sha256 = NULL;
	r = bundle_build(&h, &item, 1, sk, NULL, NULL, zipp, lenp, hash, cause);
	minisign_seckey_free(&sk);
	return r;
}

/* The happy path ------------------------------------------------------------ */

struct racer {
	pthread_barrier_t	*start;
	int			 loaded;	/* zipload_error() was NULL */
	int			 ok;		/* built and read back a bundle */
	const char		*step;		/* the last step tried */
	char			*cause;		/* why it failed, or NULL */
};

/* Wait for the others, then all reach for libzip at once. */
static void *
race(void *arg)
{
	struct racer *t = arg;
	const struct zipread_entry *e;
	struct zipread *z = NULL;
	uint8_t *zip = NULL, *m = NULL;
	size_t len = 0, mlen = 0;

	pthread_barrier_wait(t->start);
	t->loaded = zipload_error() == NULL;
	/* Which step failed, and why, for the report. */
	t->step = "build";
	if (build_bundle(&zip, &len, &t->cause) != 0)
		goto out;
	t->step = "open";
	if (zipread_open(zip, len, NULL, &z, &t->cause) != 0)
		goto out;
	t->step = "find";
	if ((e = zipread_find(z, "manifest.json")) == NULL)
		goto out;
	t->step = "read";
	if (zipread_read_alloc(z, e, &m, &mlen, &t->cause) != 0)
		goto out;
	t->step = "content";
	t->ok = mlen > 0 && strstr((char *)m, "\"feedback\"") != NULL;
out:
	free(m);
	zipread_free(&z);
	free(zip);
	return NULL;
}

static void
test_first_use(void)
{
	struct racer t[NTHREADS];
	pthread_barrier_t start;
	pthread_t th[NTHREADS];
	const char *soname = zipload_soname();
	char *cause = NULL;
	int i, started = 0, loaded = 0, ok = 0;

	CHECK(starts_with(soname, "libzip.so."), "the build found libzip's "
	    "SONAME (%s)", soname);
	CHECK(!is_loaded(soname), "libzip is not in the process before its "
	    "first use");

	pthread_barrier_init(&start, NULL, NTHREADS);
	for (i = 0; i < NTHREADS; i++) {
		memset(&t[i], 0, sizeof t[i]);
		t[i].start = &start;
		if (pthread_create(&th[i], NULL, race, &t[i]) == 0)
			started++;
	}
	CHECK_INT(started, NTHREADS, "%d threads started", NTHREADS);
	for (i = 0; i < started; i++) {
		pthread_join(th[i], NULL);
		loaded += t[i].loaded;
		ok += t[i].ok;
		if (!t[i].ok)
			printf("# thread %d failed at %s: %s\n", i, t[i].step,
			    t[i].cause != NULL ? t[i].cause : "(no cause)");
		free(t[i].cause);
	}
	pthread_barrier_destroy(&start);
	CHECK_INT(loaded, NTHREADS, "every thread racing to the first use "
	    "finds libzip loaded");
	CHECK_INT(ok, NTHREADS, "every thread builds a bundle and reads its "
	    "manifest back");
	CHECK(is_loaded(soname), "libzip is in the process after first use");
	CHECK(zipload_error() == NULL, "zipload_error() is NULL once loaded");
	CHECK(zipload_load(&cause) == 0 && cause == NULL, "zipload_load() "
	    "succeeds without a cause");
	free(cause);
	CHECK_INT(zipload_set_soname(MISSING), ERR_BUSY, "the SONAME cannot be "
	    "changed after the first use");
	CHECK_STR(zipload_soname(), soname, "and stays what it was");
}

static void
test_xlsx(const char *path)
{
	struct xlsx *x = NULL;
	struct csv *t = NULL;
	zip_t *za;
	zip_stat_t st;
	char *cause = NULL;
	int zerr = 0, r;

	CHECK(write_xlsx(path) == 0, "a workbook written through the wrappers");
	r = xlsx_open(path, NULL, &x, &cause);
	CHECK(r == 0, "xlsx_open reads it back (%s)", cause ? cause : "ok");
	if (r == 0) {
		r = xlsx_read_sheet(x, 0, &t, &cause);
		CHECK(r == 0 && t->nrows == 2, "its sheet has 2 rows");
		if (r == 0 && t->nrows == 2)
			CHECK_STR(csv_field(&t->rows[1], 1), "lazy", "cell B2");
	}
	csv_free(&t);
	xlsx_free(&x);
	free(cause);

	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	CHECK(za != NULL, "zip_open opens it read-only");
	if (za == NULL)
		return;
	CHECK_INT(zip_get_num_entries(za, 0), NPARTS, "it has %zu entries",
	    NPARTS);
	CHECK_INT(zip_name_locate(za, "xl/workbook.xml", 0), 1,
	    "zip_name_locate finds the workbook second");
	zip_stat_init(&st);
	CHECK(zip_stat_index(za, 3, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size == strlen(parts[3][1]) && st.comp_method == ZIP_CM_DEFLATE,
	    "zip_stat_index gives the sheet's size and method");
	CHECK_STR(zip_get_name(za, 0, 0), "_rels/.rels", "zip_get_name");
	zip_discard(za);
}

/* The program as built: what the dynamic linker maps before main(). */
static void
test_program(void)
{
	const char *prog = getenv("OUTREACH");
	char out[65536];
	size_t len = 0, n;
	FILE *f;

	if (prog == NULL || access(prog, X_OK) != 0) {
		SKIP("the program's libraries: $OUTREACH is not set (run by "
		    "tests/run)");
		return;
	}
	/* What ldd does: the loader lists the libraries and stops. */
	if ((f = popen("LD_TRACE_LOADED_OBJECTS=1 \"$OUTREACH\" </dev/null",
	    "r")) == NULL) {
		CHECK(0, "the program's libraries can be listed");
		return;
	}
	while (len < sizeof out - 1 && (n = fread(out + len, 1,
	    sizeof out - 1 - len, f)) > 0)
		len += n;
	out[len] = '\0';
	CHECK(pclose(f) == 0 && strstr(out, "libc.so") != NULL, "the "
	    "program's libraries are listed");
	CHECK(strstr(out, "libzip") == NULL, "the program does not load "
	    "libzip at start");
	CHECK(strstr(out, "libcrypto") == NULL, "nor libcrypto");
}

/* The failure path, in a fresh process -------------------------------------- */

struct without {
	int	set_r;			/* zipload_set_soname() */
	int	still_unloaded;		/* libzip never came in */
	char	error[512];		/* zipload_error() */
	int	load_r;			/* zipload_load() */
	char	load_cause[512];
	int	xlsx_r;
	char	xlsx_cause[512];
	int	zipread_r;
	char	zipread_cause[512];
	int	bundle_r;
	char	bundle_cause[512];
	int	open_null, open_err;	/* zip_open */
	int	create_null, ze_code;	/* zip_source_buffer_create */
	char	ze_str[512];		/* zip_error_strerror */
	int	init_ok;		/* zip_error_init on a dirty struct */
	int	init_code_ok;		/* zip_error_init_with_code */
	int	stat_ok;		/* zip_stat_init on a dirty struct */
	int	busy_r;			/* zipload_set_soname() afterwards */
};

static void
copy(char *dst, const char *src, size_t cap)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "(null)");
}

/* argv: fd to write a struct without to, the workbook, soname, real one. */
static int
run_without(char **argv)
{
	struct without w;
	struct xlsx *x = NULL;
	struct zipread *z = NULL;
	zip_error_t ze;
	zip_stat_t st;
	zip_source_t *src;
	uint8_t *zip = NULL;
	char *cause = NULL, *data = NULL;
	size_t len = 0;
	ssize_t n;
	int fd = atoi(argv[2]), zerr = 0;

	memset(&w, 0, sizeof w);
	w.set_r = zipload_set_soname(argv[4]);
	copy(w.error, zipload_error(), sizeof w.error);
	w.load_r = zipload_load(&cause);
	copy(w.load_cause, cause, sizeof w.load_cause);
	free(cause);
	cause = NULL;

	w.xlsx_r = xlsx_open(argv[3], NULL, &x, &cause);
	copy(w.xlsx_cause, cause, sizeof w.xlsx_cause);
	xlsx_free(&x);
	free(cause);
	cause = NULL;

	if (file_read(argv[3], 1 << 20, &data, &len, NULL) == 0) {
		w.zipread_r = zipread_open(data, len, NULL, &z, &cause);
		copy(w.zipread_cause, cause, sizeof w.zipread_cause);
		zipread_free(&z);
		free(cause);
		cause = NULL;
	}
	free(data);

	if (sodium_init() >= 0) {
		w.bundle_r = build_bundle(&zip, &len, &cause);
		copy(w.bundle_cause, cause, sizeof w.bundle_cause);
		free(zip);
		free(cause);
		cause = NULL;
	}

	w.open_null = zip_open(argv[3], ZIP_RDONLY, &zerr) == NULL;
	w.open_err = zerr;
	memset(&ze, 0x5a, sizeof ze);
	zip_error_init(&ze);
	w.init_ok = ze.zip_err == ZIP_ER_OK && ze.sys_err == 0 &&
	    ze.str == NULL;
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	w.create_null = src == NULL;
	w.ze_code = zip_error_code_zip(&ze);
	copy(w.ze_str, zip_error_strerror(&ze), sizeof w.ze_str);
	zip_error_fini(&ze);
	memset(&ze, 0x5a, sizeof ze);
	zip_error_init_with_code(&ze, ZIP_ER_NOZIP);
	w.init_code_ok = zip_error_code_zip(&ze) == ZIP_ER_NOZIP &&
	    ze.str == NULL;
	zip_error_fini(&ze);
	memset(&st, 0x5a, sizeof st);
	zip_stat_init(&st);
	w.stat_ok = st.valid == 0 && st.name == NULL &&
	    st.index == ZIP_UINT64_MAX && st.size == 0;

	w.busy_r = zipload_set_soname(argv[5]);
	w.still_unloaded = !is_loaded(argv[5]);

	n = write(fd, &w, sizeof w);
	close(fd);
	return n == (ssize_t)sizeof w ? 0 : 1;
}

/* Run this program again without libzip (soname instead); 0 or -1. */
static int
spawn_without(const char *xlsx, const char *soname, struct without *w)
{
	char fdstr[16];
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	int p[2], status = 0;

	if (pipe(p) != 0)
		return -1;
	snprintf(fdstr, sizeof fdstr, "%d", p[1]);
	fflush(stdout);
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		/* argv[0], not /proc/self/exe: that is valgrind under memcheck. */
		execl(self, "test-zipload", "--without-libzip",
		    fdstr, xlsx, soname, zipload_soname(), (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (got < sizeof *w && ((n = read(p[0], (char *)w + got,
	    sizeof *w - got)) > 0 || (n == -1 && errno == EINTR)))
		if (n > 0)
			got += (size_t)n;
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return got == sizeof *w && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void
test_without(const char *xlsx, const char *soname, const char *why)
{
	struct without w;
	char prefix[256];

	snprintf(prefix, sizeof prefix, "libzip (%s) cannot be loaded: ",
	    soname);
	memset(&w, 0, sizeof w);
	CHECK(spawn_without(xlsx, soname, &w) == 0, "%s: the program runs to "
	    "its end without libzip, no crash", soname);
	CHECK_INT(w.set_r, 0, "%s: the SONAME can be set before first use",
	    soname);
	CHECK(starts_with(w.error, prefix) && strstr(w.error, why) != NULL,
	    "%s: zipload_error() says why (%s)", soname, w.error);
	CHECK(w.load_r == ERR_UNSUPPORTED && strcmp(w.load_cause,
	    w.error) == 0, "%s: zipload_load() fails with that sentence",
	    soname);
	CHECK(w.xlsx_r == ERR_UNSUPPORTED && strcmp(w.xlsx_cause,
	    w.error) == 0, "%s: reading an .xlsx fails with it (%s)", soname,
	    w.xlsx_cause);
	CHECK(w.zipread_r == ERR_UNSUPPORTED && strcmp(w.zipread_cause,
	    w.error) == 0, "%s: opening an archive fails with it", soname);
	CHECK(w.bundle_r == ERR_UNSUPPORTED && strcmp(w.bundle_cause,
	    w.error) == 0, "%s: building a bundle fails with it", soname);
	CHECK(w.open_null && w.open_err == ZIP_ER_INTERNAL, "%s: zip_open "
	    "gives NULL and ZIP_ER_INTERNAL", soname);
	CHECK(w.init_ok, "%s: zip_error_init still initialises", soname);
	CHECK(w.create_null && w.ze_code == ZIP_ER_INTERNAL, "%s: "
	    "zip_source_buffer_create gives NULL and ZIP_ER_INTERNAL", soname);
	CHECK(strcmp(w.ze_str, w.error) == 0, "%s: zip_error_strerror gives "
	    "the sentence", soname);
	CHECK(w.init_code_ok, "%s: zip_error_init_with_code still "
	    "initialises", soname);
	CHECK(w.stat_ok, "%s: zip_stat_init still initialises", soname);
	CHECK_INT(w.busy_r, ERR_BUSY, "%s: a failed load is not retried under "
	    "another name", soname);
	CHECK(w.still_unloaded, "%s: libzip never came into the process",
	    soname);
}

int
main(int argc, char **argv)
{
	char path[sizeof tmpdir + 16];

	self = argv[0];
	if (argc == 6 && strcmp(argv[1], "--without-libzip") == 0)
		return run_without(argv);
	if (sodium_init() < 0 || mkdtemp(tmpdir) == NULL) {
		CHECK(0, "setup: libsodium and a temporary folder");
		return test_done();
	}
	snprintf(path, sizeof path, "%s/form.xlsx", tmpdir);
	test_program();
	test_first_use();
	test_xlsx(path);
	test_without(path, MISSING, MISSING);
	test_without(path, NOT_LIBZIP, "undefined symbol: zip_");
	unlink(path);
	rmdir(tmpdir);
	return test_done();
}
