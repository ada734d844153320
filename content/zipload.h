/*
 * libzip, loaded on first use.
 *
 * The program does not link libzip. Linking it costs every start of the
 * kiosk: libzip.so.4 needs libcrypto.so.3, and Debian builds both with
 * BIND_NOW, so the dynamic linker would resolve all of libcrypto before
 * main() although the kiosk opens no zip until an export or an .xlsx form.
 * Code that uses libzip includes this header instead of <zip.h>: it keeps
 * libzip's types and constants and renames every libzip function the
 * project calls (zip_fread -> zipload_fread). The first call of any wrapper
 * dlopen()s libzip by the SONAME the build found (ZIPLOAD_SONAME) and looks
 * up every function in ZIPLOAD_FUNCS at once, exactly once for the process,
 * whichever thread gets there first; after that a wrapper is one indirect
 * call.
 *
 * When libzip cannot be loaded nothing crashes: every wrapper fails the way
 * its libzip function reports failure (NULL, -1, an error code, a
 * zip_error_t or int error set to ZIP_ER_INTERNAL), the init functions still
 * initialise their structs, the fini and free functions do what is safe,
 * and every strerror function, like zipload_error(), says
 * "libzip (libzip.so.4) cannot be loaded: <the loader's reason>".
 *
 * Adding a libzip function: one line in ZIPLOAD_FUNCS, its #define below
 * and its wrapper in zipload.c (the compiler checks the wrapper's type
 * against libzip's).
 */
#ifndef OUTREACH_ZIPLOAD_H
#define OUTREACH_ZIPLOAD_H

#include <zip.h>

/* Every libzip function the project calls, without its "zip_" prefix. */
#define ZIPLOAD_FUNCS(X)						\
	X(close)							\
	X(discard)							\
	X(error_code_zip)						\
	X(error_fini)							\
	X(error_init)							\
	X(error_init_with_code)						\
	X(error_strerror)						\
	X(fclose)							\
	X(file_add)							\
	X(file_set_dostime)						\
	X(file_set_external_attributes)					\
	X(file_strerror)						\
	X(fopen_index)							\
	X(fread)							\
	X(get_name)							\
	X(get_num_entries)						\
	X(name_locate)							\
	X(open)								\
	X(open_from_source)						\
	X(set_file_compression)						\
	X(source_buffer)						\
	X(source_buffer_create)						\
	X(source_close)							\
	X(source_free)							\
	X(source_keep)							\
	X(source_open)							\
	X(source_read)							\
	X(source_stat)							\
	X(stat_index)							\
	X(stat_init)							\
	X(strerror)

/* zipload_fread has exactly zip_fread's type, and so on. */
#define ZIPLOAD_DECLARE(f)	__typeof__(zip_##f) zipload_##f;
ZIPLOAD_FUNCS(ZIPLOAD_DECLARE)
#undef ZIPLOAD_DECLARE

/*
 * Load libzip now if that has not been tried: 0, or ERR_UNSUPPORTED with
 * the sentence of zipload_error() in *cause. Entry points call it first so
 * that a missing libzip reads as that, not as a damaged archive.
 */
int		 zipload_load(char **cause);

/*
 * Load libzip now if that has not been tried; NULL when it is loaded, else
 * why it cannot be: "libzip (SONAME) cannot be loaded: <reason>" (static,
 * the same for the life of the process: a failed load is not retried).
 */
const char	*zipload_error(void);

/* The SONAME that is (or will be) loaded, e.g. "libzip.so.4". */
const char	*zipload_soname(void);

/*
 * Tests only: load soname instead of ZIPLOAD_SONAME. Call it before the
 * first use of libzip, with one thread; ERR_BUSY when a load was already
 * tried, ERR_LIMIT when soname is too long.
 */
int		 zipload_set_soname(const char *soname);

/* The renames; zipload.c itself sees libzip's own names. */
#ifndef ZIPLOAD_NO_RENAME
#define zip_close			zipload_close
#define zip_discard			zipload_discard
#define zip_error_code_zip		zipload_error_code_zip
#define zip_error_fini			zipload_error_fini
#define zip_error_init			zipload_error_init
#define zip_error_init_with_code	zipload_error_init_with_code
#define zip_error_strerror		zipload_error_strerror
#define zip_fclose			zipload_fclose
#define zip_file_add			zipload_file_add
#define zip_file_set_dostime		zipload_file_set_dostime
#define zip_file_set_external_attributes zipload_file_set_external_attributes
#define zip_file_strerror		zipload_file_strerror
#define zip_fopen_index			zipload_fopen_index
#define zip_fread			zipload_fread
#define zip_get_name			zipload_get_name
#define zip_get_num_entries		zipload_get_num_entries
#define zip_name_locate			zipload_name_locate
#define zip_open			zipload_open
#define zip_open_from_source		zipload_open_from_source
#define zip_set_file_compression	zipload_set_file_compression
#define zip_source_buffer		zipload_source_buffer
#define zip_source_buffer_create	zipload_source_buffer_create
#define zip_source_close		zipload_source_close
#define zip_source_free			zipload_source_free
#define zip_source_keep			zipload_source_keep
#define zip_source_open			zipload_source_open
#define zip_source_read			zipload_source_read
#define zip_source_stat			zipload_source_stat
#define zip_stat_index			zipload_stat_index
#define zip_stat_init			zipload_stat_init
#define zip_strerror			zipload_strerror
#endif

#endif
