/*
 * A tiny unit-test harness (after redis's testhelp.h).
 *
 * Each check prints one line, "ok N - what" or "not ok N - what (file:line)",
 * and test_done() prints a summary and returns the exit status. tests/run
 * counts the "ok", "not ok" and "skip" lines of every test program, so a
 * check is exactly one line. Use:
 *
 *	int main(void) {
 *		CHECK(1 + 1 == 2, "arithmetic");
 *		CHECK_STR(s, "abc", "parse name");
 *		return test_done();
 *	}
 */
#ifndef OUTREACH_TEST_H
#define OUTREACH_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_n, test_failed, test_skipped;

#define CHECK(cond, ...) do {						\
	test_n++;							\
	if (cond) {							\
		printf("ok %d - ", test_n);				\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	} else {							\
		test_failed++;						\
		printf("not ok %d - ", test_n);				\
		printf(__VA_ARGS__);					\
		printf(" (%s:%d: %s)\n", __FILE__, __LINE__, #cond);	\
	}								\
	fflush(stdout);							\
} while (0)

/* Compare two strings, either of which may be NULL; show both on failure. */
#define CHECK_STR(got, want, ...) do {					\
	const char *test_g_ = (got), *test_w_ = (want);			\
	int test_eq_ = (test_g_ == NULL && test_w_ == NULL) ||		\
	    (test_g_ != NULL && test_w_ != NULL &&			\
	    strcmp(test_g_, test_w_) == 0);				\
	CHECK(test_eq_, __VA_ARGS__);					\
	if (!test_eq_)							\
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n",		\
		    test_g_ ? test_g_ : "(null)",			\
		    test_w_ ? test_w_ : "(null)");			\
} while (0)

/* Compare two integers; show both on failure. */
#define CHECK_INT(got, want, ...) do {					\
	long long test_g_ = (long long)(got), test_w_ = (long long)(want); \
	CHECK(test_g_ == test_w_, __VA_ARGS__);				\
	if (test_g_ != test_w_)						\
		printf("#   got:  %lld\n#   want: %lld\n", test_g_, test_w_); \
} while (0)

/* A check that cannot run here (a missing peer tool or ../shared). */
#define SKIP(...) do {							\
	test_skipped++;							\
	printf("skip - ");						\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
} while (0)

static inline int
test_done(void)
{
	printf("# %d checks, %d failed, %d skipped\n", test_n, test_failed,
	    test_skipped);
	return test_failed == 0 ? 0 : 1;
}

/*
 * 1 when expensive checks should be skipped ($OUTREACH_QUICK, set by
 * `make memcheck`, where valgrind makes a 1 GiB scrypt take many minutes).
 */
static inline int
test_quick(void)
{
	const char *q = getenv("OUTREACH_QUICK");

	return q != NULL && *q != '\0' && *q != '0';
}

/* Path of ../shared (or $OUTREACH_SHARED); NULL when it is absent. */
static inline const char *
test_shared_dir(void)
{
	const char *d = getenv("OUTREACH_SHARED");
	static char buf[4096];
	FILE *f;

	if (d == NULL || *d == '\0')
		d = "../shared";
	snprintf(buf, sizeof buf, "%s/DESIGN.md", d);
	if ((f = fopen(buf, "r")) == NULL)
		return NULL;
	fclose(f);
	return d;
}

#endif
