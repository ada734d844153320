/*
 * shim-enospc: an LD_PRELOAD library for tests/cli/sync-e2e.sh (and
 * stick-sync.sh) that makes
 * a USB stick "fill up" (or be pulled out) half-way through writing a
 * bundle: once $SHIM_ENOSPC_AFTER bytes have gone to files named *.zip.tmp,
 * write() to them fails with ENOSPC (or with the errno named in
 * $SHIM_ENOSPC_ERRNO: EIO for a stick pulled out, EROFS for one that went
 * read-only). Everything else is untouched.
 *
 * Not built by the Makefile (it is not a test-*.c or helper-*.c): the
 * shell test compiles it with cc -shared, and skips when it cannot.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t	write(int fd, const void *buf, size_t n);

/* Is fd a file whose name ends in ".zip.tmp"? */
static int
shim_is_bundle_tmp(int fd)
{
	char link[64], path[4096];
	ssize_t len;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((len = readlink(link, path, sizeof path - 1)) <= 0)
		return 0;
	path[len] = '\0';
	return len > 8 && strcmp(path + len - 8, ".zip.tmp") == 0;
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	static long budget = -2;
	const char *e;

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT,
		    "write");
	if (budget == -2)
		budget = (e = getenv("SHIM_ENOSPC_AFTER")) != NULL ?
		    atol(e) : -1;
	if (budget >= 0 && shim_is_bundle_tmp(fd)) {
		if (budget == 0) {
			e = getenv("SHIM_ENOSPC_ERRNO");
			errno = e == NULL ? ENOSPC : strcmp(e, "EIO") == 0 ?
			    EIO : strcmp(e, "EROFS") == 0 ? EROFS : ENOSPC;
			return -1;
		}
		if ((long)n > budget)
			n = (size_t)budget;
		budget -= (long)n;
	}
	return real(fd, buf, n);
}
