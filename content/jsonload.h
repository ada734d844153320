/*
 * jansson, opened on first use, with an allocator that wipes.
 *
 * The program does not link jansson: its first frame parses no JSON (the
 * answers, receipts, manifests and reports are read and written later).
 * Code that uses jansson includes this header instead of <jansson.h>: it
 * keeps jansson's types, constants and macros and renames every jansson
 * function the project calls (json_loadb -> jsonload_loadb). The renames
 * come before <jansson.h>, so that its prototypes declare the wrappers and
 * its inline functions call them (json_decref's json_delete, the set of
 * json_object_set). The first call of any wrapper dlopen()s jansson by the
 * SONAME the build found (JSONLOAD_SONAME) and looks up every function in
 * JSONLOAD_FUNCS at once, exactly once for the process (content/libload.h);
 * after that a wrapper is one indirect call.
 *
 * What it guarantees: before any wrapper calls into jansson, the loading
 * installs jansson's allocation functions (json_set_alloc_funcs): malloc,
 * and a free that wipes the block (explicit_bzero over its usable size)
 * first. Every copy jansson makes of what it parses or builds (someone's
 * answers) is wiped when jansson frees it, in every program of the
 * project, whatever JSON it touches first. (sync/submission.h relies on
 * this.)
 *
 * When jansson cannot be loaded nothing crashes and nothing is made:
 * json_loadb() fails with the reason in its error's text, every
 * constructor and json_dumps() return NULL, json_dumpb() 0, the setters
 * -1; there is no json_t for anything else to be given. jsonload_error()
 * says "jansson (libjansson.so.4) cannot be loaded: <the loader's reason>".
 *
 * Adding a jansson function: one line in JSONLOAD_FUNCS, its rename below
 * and its wrapper in jsonload.c (the compiler checks the wrapper's type
 * against jansson's). json_set_alloc_funcs has no wrapper: only the
 * loading calls it, and a program of the project that did would not link.
 */
#ifndef OUTREACH_JSONLOAD_H
#define OUTREACH_JSONLOAD_H

/*
 * Every jansson function the project calls, without its "json_" prefix
 * (set_alloc_funcs: the loading's own).
 */
#define JSONLOAD_FUNCS(X)						\
	X(array)							\
	X(array_append_new)						\
	X(array_get)							\
	X(array_size)							\
	X(delete)							\
	X(dumpb)							\
	X(dumps)							\
	X(integer)							\
	X(integer_value)						\
	X(loadb)							\
	X(null)								\
	X(number_value)							\
	X(object)							\
	X(object_get)							\
	X(object_iter)							\
	X(object_iter_key)						\
	X(object_iter_next)						\
	X(object_iter_value)						\
	X(object_key_to_iter)						\
	X(object_set_new)						\
	X(object_size)							\
	X(set_alloc_funcs)						\
	X(string)							\
	X(string_length)						\
	X(string_value)							\
	X(stringn)

/*
 * The renames, before <jansson.h> (see above); jsonload.c itself sees
 * jansson's own names.
 */
#ifdef JANSSON_H
#error "content/jsonload.h comes before <jansson.h>, or instead of it"
#endif
#ifndef JSONLOAD_NO_RENAME
#define json_array			jsonload_array
#define json_array_append_new		jsonload_array_append_new
#define json_array_get			jsonload_array_get
#define json_array_size			jsonload_array_size
#define json_delete			jsonload_delete
#define json_dumpb			jsonload_dumpb
#define json_dumps			jsonload_dumps
#define json_integer			jsonload_integer
#define json_integer_value		jsonload_integer_value
#define json_loadb			jsonload_loadb
#define json_null			jsonload_null
#define json_number_value		jsonload_number_value
#define json_object			jsonload_object
#define json_object_get			jsonload_object_get
#define json_object_iter		jsonload_object_iter
#define json_object_iter_key		jsonload_object_iter_key
#define json_object_iter_next		jsonload_object_iter_next
#define json_object_iter_value		jsonload_object_iter_value
#define json_object_key_to_iter		jsonload_object_key_to_iter
#define json_object_set_new		jsonload_object_set_new
#define json_object_size		jsonload_object_size
#define json_string			jsonload_string
#define json_string_length		jsonload_string_length
#define json_string_value		jsonload_string_value
#define json_stringn			jsonload_stringn
#endif

#include <jansson.h>

/* NULL when jansson is loaded (loading it now), else why it cannot be. */
const char	*jsonload_error(void);

#endif
