/*
 * shim-jansson: an LD_PRELOAD library for tests/cli/attacks.sh that
 * watches the order of two things in the program: installing jansson's
 * allocation functions (json_set_alloc_funcs) and parsing JSON
 * (json_loadb, json_loads, json_loadf, json_load_file). A parse that comes
 * first left copies of what it parsed (a paper response's answers) that
 * no wiping free will see; each one is written as a line to
 * $SHIM_JANSSON_LOG.
 *
 * Not built by the Makefile (it is not a test-*.c or helper-*.c): the
 * shell test compiles it with cc -shared, and skips when it cannot.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

static int shim_installed;

static void
shim_note(const char *what)
{
	const char *path = getenv("SHIM_JANSSON_LOG");
	FILE *f;

	if (shim_installed || path == NULL || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%s before json_set_alloc_funcs\n", what);
	fclose(f);
}

void
json_set_alloc_funcs(json_malloc_t m, json_free_t f)
{
	void (*real)(json_malloc_t, json_free_t) =
	    (void (*)(json_malloc_t, json_free_t))dlsym(RTLD_NEXT,
	    "json_set_alloc_funcs");

	shim_installed = 1;
	real(m, f);
}

json_t *
json_loadb(const char *buf, size_t len, size_t flags, json_error_t *e)
{
	json_t *(*real)(const char *, size_t, size_t, json_error_t *) =
	    (json_t *(*)(const char *, size_t, size_t, json_error_t *))dlsym(
	    RTLD_NEXT, "json_loadb");

	shim_note("json_loadb");
	return real(buf, len, flags, e);
}

json_t *
json_loads(const char *s, size_t flags, json_error_t *e)
{
	json_t *(*real)(const char *, size_t, json_error_t *) =
	    (json_t *(*)(const char *, size_t, json_error_t *))dlsym(RTLD_NEXT,
	    "json_loads");

	shim_note("json_loads");
	return real(s, flags, e);
}

json_t *
json_loadf(FILE *in, size_t flags, json_error_t *e)
{
	json_t *(*real)(FILE *, size_t, json_error_t *) =
	    (json_t *(*)(FILE *, size_t, json_error_t *))dlsym(RTLD_NEXT,
	    "json_loadf");

	shim_note("json_loadf");
	return real(in, flags, e);
}

json_t *
json_load_file(const char *path, size_t flags, json_error_t *e)
{
	json_t *(*real)(const char *, size_t, json_error_t *) =
	    (json_t *(*)(const char *, size_t, json_error_t *))dlsym(RTLD_NEXT,
	    "json_load_file");

	shim_note("json_load_file");
	return real(path, flags, e);
}
