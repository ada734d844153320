/*
 * Reading and writing whole files safely.
 *
 * file_read() bounds what it reads so a hostile or huge file cannot exhaust
 * memory. file_write_atomic() writes a temporary file beside the target
 * (unnamed, O_TMPFILE, where the file system has it, so a crash while it
 * is written leaves nothing behind), fsyncs it, names it, renames it into
 * place and fsyncs the directory, so a crash leaves either the old file
 * or the new one, never half of one.
 * fd_read_all() and fd_write_all() are the one place that reads or writes
 * a file descriptor again after a signal (EINTR) or a short count.
 */
#ifndef OUTREACH_FILEIO_H
#define OUTREACH_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Read the whole file at path, at most max bytes (ERR_LIMIT beyond).
 * Only a regular file: a FIFO, a device or a folder is refused with
 * ERR_INVALID, without blocking (a FIFO named like a bundle on a stick
 * must not hang a reader). *out is NUL-terminated (Caller frees); *lenp
 * excludes the NUL.
 */
int	file_read(const char *path, size_t max, char **out, size_t *lenp,
	    char **cause);

/* Write data to path atomically with the given mode (e.g. 0600). */
int	file_write_atomic(const char *path, const void *data, size_t len,
	    mode_t mode, char **cause);

/*
 * Create path holding data, durably, with the given mode; never replaces
 * a file (ERR_EXISTS). The name appears only once the whole content is
 * written and synced: on Linux the data goes to an unnamed file in path's
 * folder (O_TMPFILE) that is then linked to path, so a crash or kill -9
 * while it is written leaves no file and no temporary name (a secret key
 * half written, or a copy of it under another name); on a file system
 * without unnamed files, a named temporary that is linked to path and
 * removed.
 */
int	file_write_new(const char *path, const void *data, size_t len,
	    mode_t mode, char **cause);

/* fsync the directory that holds path (or path itself if a directory). */
int	file_sync_dir(const char *path);

/* mkdir -p with the given mode for the folders it creates. */
int	file_mkdirs(const char *path, mode_t mode, char **cause);

/*
 * Remove a folder tree of the program's own, deepest first, never following
 * a symbolic link (a link is removed, not what it points to). A path that
 * is not a folder is removed as a file; a missing path is not an error.
 * Best effort: what cannot be removed stays.
 */
void	file_rmtree(const char *path);

/* Join a folder and a name with one slash (Caller frees; NULL on ENOMEM). */
char	*file_join(const char *dir, const char *name);

/*
 * Read from fd into buf until len bytes or the end of the file: the bytes
 * read (fewer than len only at the end), or -1 with errno set.
 */
ssize_t	fd_read_all(int fd, void *buf, size_t len);

/* Write all len bytes of buf to fd: 0, or -1 with errno set. */
int	fd_write_all(int fd, const void *buf, size_t len);

#endif
