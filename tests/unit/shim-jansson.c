/*
 * shim-jansson: an LD_PRELOAD library for tests/cli/attacks.sh that
 * watches the order of two things in the program: installing jansson's
 * allocation functions (json_set_alloc_funcs, with a free of its own) and
 * jansson's first allocation (parsing JSON: json_loadb, json_loads,
 * json_loadf, json_load_file; building it: json_object, json_array,
 * json_string, json_stringn, json_integer). An allocation that comes
 * first made copies (a paper response's answers) that no wiping free will
 * see. Each call is written as a line to $SHIM_JANSSON_LOG: the function's
 * name, followed by " before json_set_alloc_funcs" when it came first.
 * The test wants an install, a parse after it, and nothing before it.
 *
 * The program opens jansson on first use (content/jsonload.c): dlopen()
 * with RTLD_LOCAL, then dlsym(handle, name), which searches that library
 * and its dependencies only, never a preloaded library. So the shim,
 * which links jansson, interposes dlopen() (the program's call to it is
 * resolved in the global scope, where the shim comes first): asked for
 * jansson, it answers with a handle to itself. dlsym() on that handle
 * finds the shim's functions below first, and every other jansson
 * function in jansson, the shim's dependency. Each of the shim's notes
 * the call and forwards it to jansson's (the next definition). A program
 * that links jansson finds the shim's functions directly.
 *
 * Not built by the Makefile (it is not a test-*.c or helper-*.c): the
 * shell test compiles it with cc -shared -ljansson, and skips when it
 * cannot.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int	shim_installed;

static void
shim_note(const char *what)
{
	const char *path = getenv("SHIM_JANSSON_LOG");
	FILE *f;

	if (path == NULL || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%s%s\n", what, shim_installed ? "" :
	    " before json_set_alloc_funcs");
	fclose(f);
}

/*
 * One wrapper per watched function: it notes its first call before and
 * its first call after the install, and forwards to jansson's.
 */
#define SHIM_FUNCS(X)							\
	X(json_t *, json_loadb, (const char *b, size_t n, size_t fl,	\
	    json_error_t *e), (b, n, fl, e))				\
	X(json_t *, json_loads, (const char *s, size_t fl,		\
	    json_error_t *e), (s, fl, e))				\
	X(json_t *, json_loadf, (FILE *in, size_t fl, json_error_t *e),	\
	    (in, fl, e))						\
	X(json_t *, json_load_file, (const char *p, size_t fl,		\
	    json_error_t *e), (p, fl, e))				\
	X(json_t *, json_object, (void), ())				\
	X(json_t *, json_array, (void), ())				\
	X(json_t *, json_string, (const char *s), (s))			\
	X(json_t *, json_stringn, (const char *s, size_t n), (s, n))	\
	X(json_t *, json_integer, (json_int_t v), (v))

#define SHIM_WRAP(ret, name, params, args)				\
	ret								\
	name params							\
	{								\
		static ret (*real) params; /* NOLINT(bugprone-macro-parentheses) */ \
		static int noted[2];					\
									\
		if (real == NULL)					\
			real = (ret (*) params)dlsym(RTLD_NEXT, #name); /* NOLINT(bugprone-macro-parentheses) */ \
		if (!noted[shim_installed]) {				\
			noted[shim_installed] = 1;			\
			shim_note(#name);				\
		}							\
		return real args;					\
	}
SHIM_FUNCS(SHIM_WRAP)
#undef SHIM_WRAP

/* Installed only with a free of the program's own (one that wipes). */
void
json_set_alloc_funcs(json_malloc_t m, json_free_t f)
{
	static void (*real)(json_malloc_t, json_free_t);

	if (real == NULL)
		real = (void (*)(json_malloc_t, json_free_t))dlsym(RTLD_NEXT,
		    "json_set_alloc_funcs");
	if (f != free) {
		shim_installed = 1;
		shim_note("json_set_alloc_funcs");
	}
	real(m, f);
}

/* jansson, by any of its names: the shim instead (see the top). */
void *
dlopen(const char *name, int flags)
{
	static void *(*real)(const char *, int);
	Dl_info self;

	if (real == NULL)
		real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	if (name != NULL && strstr(name, "libjansson") != NULL &&
	    dladdr((void *)shim_note, &self) != 0 && self.dli_fname != NULL)
		return real(self.dli_fname, flags);
	return real(name, flags);
}
