/*
 * Opening a library on first use; see libload.h.
 */
#include "content/libload.h"

#include <dlfcn.h>
#include <stdio.h>

void *
libload_open(const char *soname, const char *what, char why[LIBLOAD_WHY])
{
	const char *err;
	void *h;

	(void)dlerror();
	if ((h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		snprintf(why, LIBLOAD_WHY, "%s (%s) cannot be loaded: %s", what,
		    soname, err != NULL ? err : "unknown reason");
	}
	return h;
}

void *
libload_sym(void *h, const char *name, const char *what, const char *soname,
    char why[LIBLOAD_WHY])
{
	void *sym;

	(void)dlerror();
	if ((sym = dlsym(h, name)) == NULL)
		snprintf(why, LIBLOAD_WHY, "%s (%s) cannot be loaded: it has "
		    "no %s", what, soname, name);
	return sym;
}

void
libload_close(void *h)
{
	if (h != NULL)
		dlclose(h);
}
