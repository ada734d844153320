/*
 * libzip, loaded on first use (see zipload.h for why).
 *
 * The first wrapper called runs zipload_once() through pthread_once: it
 * dlopen()s ZIPLOAD_SONAME with RTLD_NOW | RTLD_LOCAL and resolves every
 * function in ZIPLOAD_FUNCS into a typed pointer. It is all or nothing:
 * the pointers are published only when every one resolved, so a libzip
 * too old for one function counts as not loaded rather than failing later
 * on a NULL pointer. pthread_once also orders the table's writes before
 * any thread's reads, so the wrappers read it without a lock. The library
 * is never closed: libzip's sources and archives may outlive any caller.
 *
 * Once loaded, zipload_once() opens one empty archive from memory before
 * any caller can: zip_open_from_source() (which zip_open() calls too) sets
 * two statics of its own on its first call, one after the other, and a
 * second thread reaching it in between compares against a half-set pair,
 * takes a writable memory buffer for a read-only one and refuses to start
 * a zip ("Read-only archive"; seen when bundle export threads started
 * together). Inside pthread_once that first call happens exactly once,
 * before every other thread's.
 *
 * Guarantees when libzip cannot be loaded: no wrapper dereferences its
 * arguments except the init, fini and error-code functions, which work on
 * libzip's public structs exactly as libzip does; every constructor
 * returns NULL and reports ZIP_ER_INTERNAL where it can; every strerror
 * returns the load failure's sentence.
 */
#define ZIPLOAD_NO_RENAME
#include "content/zipload.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"

#ifndef ZIPLOAD_SONAME
#error "ZIPLOAD_SONAME is not set: the Makefile reads it from libzip.so (is libzip-dev installed?)"
#endif

#define ZIPLOAD_MAX_SONAME	128

/* One typed pointer per libzip function, named as libzip names it. */
struct zipload_table {
#define ZIPLOAD_POINTER(f)	__typeof__(zip_##f) *zip_##f;
	ZIPLOAD_FUNCS(ZIPLOAD_POINTER)
#undef ZIPLOAD_POINTER
};

static pthread_once_t zipload_once_ctl = PTHREAD_ONCE_INIT;
static struct zipload_table zipload_fn;
static int zipload_ok;		/* set once, inside zipload_once() */
static int zipload_tried;	/* ditto; read by zipload_set_soname() */
static char zipload_name[ZIPLOAD_MAX_SONAME] = ZIPLOAD_SONAME;
static char zipload_why[512];

/* Remember why loading failed, in the one sentence every wrapper gives. */
static void
zipload_fail(const char *reason)
{
	snprintf(zipload_why, sizeof zipload_why, "libzip (%s) cannot be "
	    "loaded: %s", zipload_name, reason != NULL ? reason :
	    "unknown reason");
}

/* Make libzip's first zip_open_from_source() call here; see the top. */
static void
zipload_warm(const struct zipload_table *t)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	t->zip_error_init(&ze);
	if ((src = t->zip_source_buffer_create(NULL, 0, 0, &ze)) != NULL) {
		if ((za = t->zip_open_from_source(src, ZIP_RDONLY, &ze)) != NULL)
			t->zip_discard(za);	/* frees src as well */
		else
			t->zip_source_free(src);
	}
	t->zip_error_fini(&ze);
}

static void
zipload_once(void)
{
	struct zipload_table t;
	void *h, *sym;

	zipload_tried = 1;
	memset(&t, 0, sizeof t);
	(void)dlerror();
	if ((h = dlopen(zipload_name, RTLD_NOW | RTLD_LOCAL)) == NULL)
		goto out;
	/*
	 * Converting dlsym's void * to a function pointer is what POSIX
	 * requires dlsym to support.
	 */
#define ZIPLOAD_RESOLVE(f)						\
	if ((sym = dlsym(h, "zip_" #f)) == NULL)			\
		goto out;						\
	t.zip_##f = (__typeof__(zip_##f) *)sym;
	ZIPLOAD_FUNCS(ZIPLOAD_RESOLVE)
#undef ZIPLOAD_RESOLVE
	zipload_warm(&t);
	zipload_fn = t;
	zipload_ok = 1;
out:
	if (!zipload_ok) {
		zipload_fail(dlerror());
		if (h != NULL)
			dlclose(h);
	}
}

/* Report the failure to load as libzip reports its own: ZIP_ER_INTERNAL. */
static void
zipload_set_internal(zip_error_t *ze)
{
	if (ze != NULL) {
		ze->zip_err = ZIP_ER_INTERNAL;
		ze->sys_err = 0;
	}
}

/* 1 when libzip is loaded (loading it on the first call). */
static int
zipload_ready(void)
{
	pthread_once(&zipload_once_ctl, zipload_once);
	return zipload_ok;
}

int
zipload_load(char **cause)
{
	const char *why;
	int r = 0;

	if ((why = zipload_error()) != NULL)
		r = err_set(cause, ERR_UNSUPPORTED, "%s", why);
	return r;
}

const char *
zipload_error(void)
{
	return zipload_ready() ? NULL : zipload_why;
}

const char *
zipload_soname(void)
{
	return zipload_name;
}

int
zipload_set_soname(const char *soname)
{
	int r = 0;

	if (zipload_tried)
		r = ERR_BUSY;
	else if (strlen(soname) >= sizeof zipload_name)
		r = ERR_LIMIT;
	else
		memcpy(zipload_name, soname, strlen(soname) + 1);
	return r;
}

/*
 * The wrappers, in ZIPLOAD_FUNCS's order. Each forwards when libzip is
 * loaded, else fails as its libzip function documents failure.
 */

int
zipload_close(zip_t *za)
{
	return zipload_ready() ? zipload_fn.zip_close(za) : -1;
}

void
zipload_discard(zip_t *za)
{
	if (zipload_ready())
		zipload_fn.zip_discard(za);
}

int
zipload_error_code_zip(const zip_error_t *ze)
{
	return zipload_ready() ? zipload_fn.zip_error_code_zip(ze) :
	    ze->zip_err;
}

void
zipload_error_fini(zip_error_t *ze)
{
	if (zipload_ready())
		zipload_fn.zip_error_fini(ze);
	else {
		free(ze->str);
		ze->str = NULL;
	}
}

void
zipload_error_init(zip_error_t *ze)
{
	if (zipload_ready())
		zipload_fn.zip_error_init(ze);
	else {
		ze->zip_err = ZIP_ER_OK;
		ze->sys_err = 0;
		ze->str = NULL;
	}
}

void
zipload_error_init_with_code(zip_error_t *ze, int code)
{
	if (zipload_ready())
		zipload_fn.zip_error_init_with_code(ze, code);
	else {
		ze->zip_err = code;
		ze->sys_err = 0;
		ze->str = NULL;
	}
}

const char *
zipload_error_strerror(zip_error_t *ze)
{
	return zipload_ready() ? zipload_fn.zip_error_strerror(ze) :
	    zipload_why;
}

int
zipload_fclose(zip_file_t *zf)
{
	return zipload_ready() ? zipload_fn.zip_fclose(zf) : ZIP_ER_INTERNAL;
}

zip_int64_t
zipload_file_add(zip_t *za, const char *name, zip_source_t *src,
    zip_flags_t flags)
{
	return zipload_ready() ? zipload_fn.zip_file_add(za, name, src, flags) :
	    -1;
}

int
zipload_file_set_dostime(zip_t *za, zip_uint64_t idx, zip_uint16_t dtime,
    zip_uint16_t ddate, zip_flags_t flags)
{
	return zipload_ready() ? zipload_fn.zip_file_set_dostime(za, idx, dtime,
	    ddate, flags) : -1;
}

int
zipload_file_set_external_attributes(zip_t *za, zip_uint64_t idx,
    zip_flags_t flags, zip_uint8_t opsys, zip_uint32_t attributes)
{
	return zipload_ready() ? zipload_fn.zip_file_set_external_attributes(za,
	    idx, flags, opsys, attributes) : -1;
}

const char *
zipload_file_strerror(zip_file_t *zf)
{
	return zipload_ready() ? zipload_fn.zip_file_strerror(zf) :
	    zipload_why;
}

zip_file_t *
zipload_fopen_index(zip_t *za, zip_uint64_t idx, zip_flags_t flags)
{
	return zipload_ready() ? zipload_fn.zip_fopen_index(za, idx, flags) :
	    NULL;
}

zip_int64_t
zipload_fread(zip_file_t *zf, void *buf, zip_uint64_t n)
{
	return zipload_ready() ? zipload_fn.zip_fread(zf, buf, n) : -1;
}

const char *
zipload_get_name(zip_t *za, zip_uint64_t idx, zip_flags_t flags)
{
	return zipload_ready() ? zipload_fn.zip_get_name(za, idx, flags) :
	    NULL;
}

zip_int64_t
zipload_get_num_entries(zip_t *za, zip_flags_t flags)
{
	return zipload_ready() ? zipload_fn.zip_get_num_entries(za, flags) :
	    -1;
}

zip_int64_t
zipload_name_locate(zip_t *za, const char *name, zip_flags_t flags)
{
	return zipload_ready() ? zipload_fn.zip_name_locate(za, name, flags) :
	    -1;
}

zip_t *
zipload_open(const char *path, int flags, int *errorp)
{
	zip_t *za = NULL;

	if (zipload_ready())
		za = zipload_fn.zip_open(path, flags, errorp);
	else if (errorp != NULL)
		*errorp = ZIP_ER_INTERNAL;
	return za;
}

zip_t *
zipload_open_from_source(zip_source_t *src, int flags, zip_error_t *ze)
{
	zip_t *za = NULL;

	if (zipload_ready())
		za = zipload_fn.zip_open_from_source(src, flags, ze);
	else
		zipload_set_internal(ze);
	return za;
}

int
zipload_set_file_compression(zip_t *za, zip_uint64_t idx, zip_int32_t method,
    zip_uint32_t level)
{
	return zipload_ready() ? zipload_fn.zip_set_file_compression(za, idx,
	    method, level) : -1;
}

/* As with libzip, data is not freed when no source is made. */
zip_source_t *
zipload_source_buffer(zip_t *za, const void *data, zip_uint64_t len,
    int freep)
{
	return zipload_ready() ? zipload_fn.zip_source_buffer(za, data, len,
	    freep) : NULL;
}

zip_source_t *
zipload_source_buffer_create(const void *data, zip_uint64_t len, int freep,
    zip_error_t *ze)
{
	zip_source_t *src = NULL;

	if (zipload_ready())
		src = zipload_fn.zip_source_buffer_create(data, len, freep, ze);
	else
		zipload_set_internal(ze);
	return src;
}

int
zipload_source_close(zip_source_t *src)
{
	return zipload_ready() ? zipload_fn.zip_source_close(src) : -1;
}

void
zipload_source_free(zip_source_t *src)
{
	if (zipload_ready())
		zipload_fn.zip_source_free(src);
}

void
zipload_source_keep(zip_source_t *src)
{
	if (zipload_ready())
		zipload_fn.zip_source_keep(src);
}

int
zipload_source_open(zip_source_t *src)
{
	return zipload_ready() ? zipload_fn.zip_source_open(src) : -1;
}

zip_int64_t
zipload_source_read(zip_source_t *src, void *buf, zip_uint64_t n)
{
	return zipload_ready() ? zipload_fn.zip_source_read(src, buf, n) : -1;
}

int
zipload_source_stat(zip_source_t *src, zip_stat_t *st)
{
	return zipload_ready() ? zipload_fn.zip_source_stat(src, st) : -1;
}

int
zipload_stat_index(zip_t *za, zip_uint64_t idx, zip_flags_t flags,
    zip_stat_t *st)
{
	return zipload_ready() ? zipload_fn.zip_stat_index(za, idx, flags, st) :
	    -1;
}

/* Without libzip, the same fields libzip's zip_stat_init() sets. */
void
zipload_stat_init(zip_stat_t *st)
{
	if (zipload_ready())
		zipload_fn.zip_stat_init(st);
	else {
		memset(st, 0, sizeof *st);
		st->name = NULL;
		st->index = ZIP_UINT64_MAX;
		st->mtime = (time_t)-1;
		st->comp_method = ZIP_CM_STORE;
		st->encryption_method = ZIP_EM_NONE;
	}
}

const char *
zipload_strerror(zip_t *za)
{
	return zipload_ready() ? zipload_fn.zip_strerror(za) : zipload_why;
}
