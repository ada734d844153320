/*
 * Whole-file reads with a bound, atomic durable writes; see fileio.h.
 */
#include "content/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"

int
file_read(const char *path, size_t max, char **out, size_t *lenp, char **cause)
{
	struct stat st;
	int fd = -1, r = ERR_OK;
	char *data = NULL, *p;
	size_t len = 0, cap = 0, want;
	ssize_t n;

	*out = NULL;
	if (lenp != NULL)
		*lenp = 0;
	/*
	 * Non-blocking, so that opening a FIFO (or a device) cannot hang; it
	 * is refused once fstat says what it is. A regular file reads the
	 * same either way.
	 */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = err_from_errno(EISDIR);
		err_set(cause, r, "%s: %s", path, strerror(EISDIR));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = err_set(cause, ERR_INVALID, "%s: not a regular file (a %s)",
		    path, S_ISFIFO(st.st_mode) ? "FIFO" : "device or socket");
		goto out;
	}
	/*
	 * Room for the whole file as fstat sees it, and a byte more to see
	 * that it ended: one read, no copies (a bundle is megabytes). A file
	 * that grows meanwhile still reads to its end, up to max.
	 */
	if (st.st_size > 0 && (uintmax_t)st.st_size < (uintmax_t)max) {
		cap = (size_t)st.st_size + 2;
		if ((data = malloc(cap)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
	}
	for (;;) {
		if (len + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 8192;

			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= cap) {
				r = err_set(cause, ERR_LIMIT,
				    "%s: larger than %zu bytes", path, max);
				goto out;
			}
			if ((p = realloc(data, ncap)) == NULL) {
				r = ERR_NOMEM;
				goto out;
			}
			data = p;
			cap = ncap;
		}
		want = cap - len - 1;
		if ((n = fd_read_all(fd, data + len, want)) == -1) {
			r = err_from_errno(errno);
			err_set(cause, r, "%s: %s", path, strerror(errno));
			goto out;
		}
		len += (size_t)n;
		if (len > max) {
			r = err_set(cause, ERR_LIMIT,
			    "%s: larger than %zu bytes", path, max);
			goto out;
		}
		if ((size_t)n < want)
			break;
	}
	if (data == NULL && (data = malloc(1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	data[len] = '\0';
	*out = data;
	data = NULL;
	if (lenp != NULL)
		*lenp = len;
out:
	if (fd != -1)
		close(fd);
	free(data);
	return r;
}

int
file_sync_dir(const char *path)
{
	char *copy = NULL;
	struct stat st;
	const char *dir;
	int fd, r = ERR_OK;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		dir = path;
	else {
		if ((copy = strdup(path)) == NULL)
			return ERR_NOMEM;
		dir = dirname(copy);
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		r = err_from_errno(errno);
	else {
		if (fsync(fd) == -1 && errno != EINVAL)
			r = err_from_errno(errno);
		close(fd);
	}
	free(copy);
	return r;
}

/*
 * A file for path's new content: on Linux an unnamed one in path's folder
 * (O_TMPFILE), which a crash or kill -9 while it is written leaves
 * nowhere; else (a file system without it, such as a USB stick's FAT) the
 * named tmp. *unnamed: 1 to try an unnamed file first, 0 for the named
 * one; set to what was opened. -1 with errno.
 */
static int
file_tmp_open(const char *path, const char *tmp, mode_t mode, int *unnamed)
{
#ifdef O_TMPFILE
	char *copy;
	int fd;

	if (*unnamed == 0)
		goto named;
	if ((copy = strdup(path)) == NULL)
		return -1;
	fd = open(dirname(copy), O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	free(copy);
	if (fd != -1) {
		*unnamed = 1;
		return fd;
	}
named:
#endif
	*unnamed = 0;
	return open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    mode);
}

/* Link the unnamed file fd to path, never replacing. -1 with errno. */
static int
file_tmp_link(int fd, const char *path)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	/* Without /proc; this needs CAP_DAC_READ_SEARCH. */
	return linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH);
}

/*
 * Give the unnamed file fd the name tmp (a leftover of a crashed writer
 * with our pid replaced). -1 with errno.
 */
static int
file_tmp_name(int fd, const char *tmp)
{
	(void)unlink(tmp);
	return file_tmp_link(fd, tmp);
}

int
file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    char **cause)
{
	char tmp[PATH_MAX];
	int fd = -1, r = ERR_OK, unnamed = 1, named = 0;

	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >=
	    (int)sizeof tmp)
		return err_set(cause, ERR_LIMIT, "%s: path too long", path);
again:
	if ((fd = file_tmp_open(path, tmp, mode, &unnamed)) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	named = !unnamed;
	if (fchmod(fd, mode) == -1 || fd_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (unnamed) {
		if (file_tmp_name(fd, tmp) == -1) {
			/* Named from the start instead. */
			close(fd);
			fd = -1;
			unnamed = 0;
			goto again;
		}
		named = 1;
	}
	if (close(fd) == -1) {
		fd = -1;
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", path, strerror(errno));
		goto out;
	}
	named = 0;
	r = file_sync_dir(path);
	if (r != ERR_OK)
		err_set(cause, r, "%s: cannot sync its folder", path);
out:
	if (fd != -1)
		close(fd);
	if (named)
		unlink(tmp);
	return r;
}

int
file_write_new(const char *path, const void *data, size_t len, mode_t mode,
    char **cause)
{
	char tmp[PATH_MAX];
	const char *what;
	int fd = -1, r = ERR_OK, unnamed = 1, named = 0;

	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >=
	    (int)sizeof tmp)
		return err_set(cause, ERR_LIMIT, "%s: path too long", path);
again:
	what = tmp;
	if ((fd = file_tmp_open(path, tmp, mode, &unnamed)) == -1)
		goto fail;
	named = !unnamed;
	if (fchmod(fd, mode) == -1 || fd_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1)
		goto fail;
	what = path;
	if (unnamed && file_tmp_link(fd, path) == -1) {
		if (errno == EEXIST)
			goto fail;
		/* The file system cannot link it: a named one instead. */
		close(fd);
		fd = -1;
		unnamed = 0;
		goto again;
	}
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (named && link(tmp, path) == -1)
		goto fail;
	if ((r = file_sync_dir(path)) != ERR_OK)
		err_set(cause, r, "%s: cannot sync its folder", path);
	goto out;
fail:
	r = err_from_errno(errno);
	err_set(cause, r, "%s: %s", what, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (named)
		unlink(tmp);
	return r;
}

int
file_mkdirs(const char *path, mode_t mode, char **cause)
{
	char buf[PATH_MAX];
	size_t i, len = strlen(path);

	if (len == 0 || len >= sizeof buf)
		return err_set(cause, ERR_INVALID, "bad folder name");
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, mode) == -1 && errno != EEXIST) {
			int r = err_from_errno(errno);

			return err_set(cause, r, "%s: %s", buf,
			    strerror(errno));
		}
		if (i < len)
			buf[i] = '/';
	}
	return ERR_OK;
}

static int
file_rmtree_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void
file_rmtree(const char *path)
{
	/* FTW_DEPTH: a folder after its contents; FTW_PHYS: links not followed. */
	(void)nftw(path, file_rmtree_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *
file_join(const char *dir, const char *name)
{
	char *s = NULL;
	size_t n = strlen(dir);

	if (asprintf(&s, "%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
	    name) < 0)
		return NULL;
	return s;
}

ssize_t
fd_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if ((n = read(fd, p + got, len - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			/* Nothing written and no error: never loop on it. */
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
