/*
 * Libraries opened on first use, for code that needs them only now and
 * then: PCRE2 (content/expr-regex.c, only when a form's regex() runs) and
 * nettle (content/expr-digest.c, only for digest()). Linking them would
 * make every start of the kiosk resolve them before its first frame; see
 * content/zipload.h, which does the same for libzip with wrappers of its
 * own.
 *
 * A user keeps a struct of typed function pointers and fills it once
 * (pthread_once) from libload_open() and libload_sym(); when a library
 * or one of its functions is missing, the sentence in `why` says so, and
 * the user fails the way its callers already handle (ERR_UNSUPPORTED).
 * The library is never closed once everything resolved.
 */
#ifndef OUTREACH_LIBLOAD_H
#define OUTREACH_LIBLOAD_H

#include <stddef.h>

#define LIBLOAD_WHY	256

/* dlopen(soname) with RTLD_NOW | RTLD_LOCAL; NULL with *why set. */
void	*libload_open(const char *soname, const char *what,
	    char why[LIBLOAD_WHY]);
/* dlsym(h, name); NULL with *why set (the caller dlclose()s h). */
void	*libload_sym(void *h, const char *name, const char *what,
	    const char *soname, char why[LIBLOAD_WHY]);
void	 libload_close(void *h);

#endif
