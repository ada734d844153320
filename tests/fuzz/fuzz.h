/*
 * Shared helpers for the libFuzzer targets in tests/fuzz/.
 *
 * Each target is one fuzz-<name>.c with LLVMFuzzerTestOneInput and a seed
 * corpus in corpus/<name>/; the Makefile and tests/fuzz/run find both by
 * name. A line "FUZZ_OPTIONS: ..." in the target's opening comment gives
 * its libFuzzer flags (-max_len, -dict); without a -dict there, the
 * dictionary <name>.dict is used when it exists.
 *
 * A target does more than look for crashes: FUZZ_CHECK states what the
 * module promises for every input (sanitised text, lines within their
 * width, a key that survives a round trip) and aborts when the promise is
 * broken, so that libFuzzer keeps the input that broke it.
 */
#ifndef OUTREACH_FUZZ_H
#define OUTREACH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: broken promise: %s: ",		\
		    __FILE__, __LINE__, #cond);				\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		abort();						\
	}								\
} while (0)

/* A NUL-terminated copy of the input (for APIs that take C strings). */
static inline char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* 1 when s (len bytes) has a C0 or C1 control, DEL, or a bidi override. */
static inline int
fuzz_has_control(const char *s, size_t len, int allow_newline)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (u[i] == '\n' && allow_newline)
			continue;
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 1;
		/* U+0080..U+009F are C2 80..C2 9F. */
		if (u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9f)
			return 1;
		/* U+202A..202E are E2 80 AA..AE, U+2066..2069 E2 81 A6..A9. */
		if (u[i] == 0xe2 && i + 2 < len &&
		    ((u[i + 1] == 0x80 && u[i + 2] >= 0xaa &&
		    u[i + 2] <= 0xae) || (u[i + 1] == 0x81 &&
		    u[i + 2] >= 0xa6 && u[i + 2] <= 0xa9)))
			return 1;
	}
	return 0;
}

/*
 * Whether a laid-out line keeps layout.h's promise: at most width columns,
 * unless it is one grapheme cluster wider than the whole width, alone.
 * (Needs content/utf8.h.)
 */
#define fuzz_line_fits(text, len, width)				\
	(utf8_width(text) <= (width) || ((len) > 0 &&			\
	utf8_cluster((text), (len), NULL) == (len)))

/*
 * A scratch folder for targets whose module reads files (a pack, a
 * workbook, a form's sheets): under $TMPDIR, else in memory (/dev/shm),
 * else /tmp; removed when the fuzzer exits. Aborts when it cannot be made.
 */
/* The scratch folder's name, empty until it is made. */
static inline char *
fuzz_scratch_name(void)
{
	static char dir[512];

	return dir;
}

static inline void
fuzz_scratch_cleanup(void)
{
	const char *dir = fuzz_scratch_name();
	char cmd[600];

	if (strstr(dir, "/fuzz-scratch.") != NULL &&
	    (size_t)snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) <
	    sizeof cmd && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static inline const char *
fuzz_scratch_dir(void)
{
	char *dir = fuzz_scratch_name();
	const char *tmp = getenv("TMPDIR");

	if (dir[0] != '\0')
		return dir;
	if (tmp == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, 512, "%s/fuzz-scratch.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	atexit(fuzz_scratch_cleanup);
	return dir;
}

/* The path of name in the scratch folder (static storage, one at a time). */
static inline const char *
fuzz_scratch_path(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof path, "%s/%s", fuzz_scratch_dir(), name);
	return path;
}

/*
 * Write data to path with plain stdio: file_write_atomic's fsync per
 * input would slow the fuzzer down a hundredfold.
 */
static inline void
fuzz_write_file(const char *path, const void *data, size_t len)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL ||
	    (len > 0 && fwrite(data, len, 1, f) != 1) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

#endif
