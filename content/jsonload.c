/*
 * jansson opened on first use (see jsonload.h for why).
 *
 * The first wrapper called runs jsonload_once() through pthread_once: it
 * dlopen()s JSONLOAD_SONAME (content/libload.h), resolves every function
 * in JSONLOAD_FUNCS into a typed pointer, installs the wiping allocator,
 * and only then publishes the table. It is all or nothing: a jansson
 * without one of the functions counts as not loaded. pthread_once also
 * orders the table's writes before any thread's reads, so the wrappers
 * read it without a lock. The library is never closed.
 */
#define JSONLOAD_NO_RENAME
#include "content/jsonload.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/libload.h"

#ifndef JSONLOAD_SONAME
#error "JSONLOAD_SONAME is not set: the Makefile reads it from libjansson.so (is libjansson-dev installed?)"
#endif

#define JSONLOAD_WHAT	"jansson"

/* jsonload_loadb has exactly json_loadb's type, and so on. */
#define JSONLOAD_DECLARE(f)	__typeof__(json_##f) jsonload_##f;
JSONLOAD_FUNCS(JSONLOAD_DECLARE)
#undef JSONLOAD_DECLARE

/* One typed pointer per jansson function, named without its prefix. */
static struct {
/* f names the member: it cannot be in parentheses. */
#define JSONLOAD_POINTER(f)	__typeof__(json_##f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	JSONLOAD_FUNCS(JSONLOAD_POINTER)
#undef JSONLOAD_POINTER
} jsonload_fn;
static pthread_once_t jsonload_once_ctl = PTHREAD_ONCE_INIT;
static int jsonload_ok;
static char jsonload_why[LIBLOAD_WHY];

/* jansson's free: the block is wiped first (see jsonload.h). */
static void
jsonload_wipe_free(void *p)
{
	if (p != NULL) {
		explicit_bzero(p, malloc_usable_size(p));
		free(p);
	}
}

static void
jsonload_once(void)
{
	__typeof__(jsonload_fn) t;
	void *h, *sym;

	if ((h = libload_open(JSONLOAD_SONAME, JSONLOAD_WHAT,
	    jsonload_why)) == NULL)
		return;
#define JSONLOAD_RESOLVE(f)						\
	if ((sym = libload_sym(h, "json_" #f, JSONLOAD_WHAT,		\
	    JSONLOAD_SONAME, jsonload_why)) == NULL) {			\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(json_##f) *)sym;
	JSONLOAD_FUNCS(JSONLOAD_RESOLVE)
#undef JSONLOAD_RESOLVE
	/* Before anything can reach jansson: nothing allocated yet. */
	t.set_alloc_funcs(malloc, jsonload_wipe_free);
	jsonload_fn = t;
	jsonload_ok = 1;
}

/* 1 when jansson is loaded (loading it on the first call). */
static int
jsonload_ready(void)
{
	pthread_once(&jsonload_once_ctl, jsonload_once);
	return jsonload_ok;
}

const char *
jsonload_error(void)
{
	return jsonload_ready() ? NULL : jsonload_why;
}

/*
 * The wrappers. Without jansson no json_t can exist, so the failure values
 * of the functions that take one are only what a misuse would get.
 */
#define JSONLOAD_WRAP(ret, f, fail, params, args)			\
ret									\
jsonload_##f params							\
{									\
	return jsonload_ready() ? jsonload_fn.f args : (fail);		\
}
#define JSONLOAD_WRAPV(f, params, args)					\
void									\
jsonload_##f params							\
{									\
	if (jsonload_ready())						\
		jsonload_fn.f args;					\
}

JSONLOAD_WRAP(json_t *, array, NULL, (void), ())
JSONLOAD_WRAP(int, array_append_new, -1, (json_t *a, json_t *v), (a, v))
JSONLOAD_WRAP(json_t *, array_get, NULL, (const json_t *a, size_t i), (a, i))
JSONLOAD_WRAP(size_t, array_size, 0, (const json_t *a), (a))
JSONLOAD_WRAPV(delete, (json_t *j), (j))
JSONLOAD_WRAP(size_t, dumpb, 0, (const json_t *j, char *buf, size_t size,
    size_t flags), (j, buf, size, flags))
JSONLOAD_WRAP(char *, dumps, NULL, (const json_t *j, size_t flags),
    (j, flags))
JSONLOAD_WRAP(json_t *, integer, NULL, (json_int_t v), (v))
JSONLOAD_WRAP(json_int_t, integer_value, 0, (const json_t *j), (j))
JSONLOAD_WRAP(json_t *, null, NULL, (void), ())
JSONLOAD_WRAP(double, number_value, 0.0, (const json_t *j), (j))
JSONLOAD_WRAP(json_t *, object, NULL, (void), ())
JSONLOAD_WRAP(json_t *, object_get, NULL, (const json_t *o, const char *k),
    (o, k))
JSONLOAD_WRAP(void *, object_iter, NULL, (json_t *o), (o))
JSONLOAD_WRAP(const char *, object_iter_key, NULL, (void *it), (it))
JSONLOAD_WRAP(void *, object_iter_next, NULL, (json_t *o, void *it), (o, it))
JSONLOAD_WRAP(json_t *, object_iter_value, NULL, (void *it), (it))
JSONLOAD_WRAP(void *, object_key_to_iter, NULL, (const char *k), (k))
JSONLOAD_WRAP(int, object_set_new, -1, (json_t *o, const char *k, json_t *v),
    (o, k, v))
JSONLOAD_WRAP(size_t, object_size, 0, (const json_t *o), (o))
JSONLOAD_WRAP(json_t *, string, NULL, (const char *s), (s))
JSONLOAD_WRAP(size_t, string_length, 0, (const json_t *s), (s))
JSONLOAD_WRAP(const char *, string_value, NULL, (const json_t *s), (s))
JSONLOAD_WRAP(json_t *, stringn, NULL, (const char *s, size_t n), (s, n))

#undef JSONLOAD_WRAP
#undef JSONLOAD_WRAPV

/* Fails as a parse does, with the reason where a parse's would be. */
json_t *
jsonload_loadb(const char *buf, size_t len, size_t flags, json_error_t *e)
{
	if (jsonload_ready())
		return jsonload_fn.loadb(buf, len, flags, e);
	if (e != NULL) {
		memset(e, 0, sizeof *e);
		e->line = e->column = -1;
		/* Cut to the text's size, its last byte 0 (an unknown code). */
		snprintf(e->text, sizeof e->text, "%.*s",
		    (int)sizeof e->text - 1, jsonload_why);
	}
	return NULL;
}
