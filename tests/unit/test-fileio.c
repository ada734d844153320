/*
 * The one read loop and the one write loop (content/fileio.h): short
 * reads and writes are carried on, a signal in the middle (EINTR) is not
 * an error, the end of a file is not either, and a real error is -1 with
 * errno; and the whole-file reads and atomic writes built on them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "tests/unit/test.h"

static volatile sig_atomic_t alarms;

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* SIGALRM in ms milliseconds, interrupting a blocked read or write. */
static void
interrupt_in(int ms)
{
	struct sigaction sa;
	struct itimerval it;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;	/* no SA_RESTART: the call fails EINTR */
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof it);
	it.it_value.tv_usec = ms * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* A child that writes s to fd in pieces of n bytes, waiting between. */
static pid_t
writer(int fd, const char *s, size_t n, int wait_ms)
{
	pid_t pid = fork();
	size_t len = strlen(s), off;

	if (pid != 0)
		return pid;
	for (off = 0; off < len; off += n) {
		usleep((useconds_t)wait_ms * 1000);
		if (write(fd, s + off, len - off < n ? len - off : n) < 0)
			_exit(1);
	}
	_exit(0);
}

static void
test_read(void)
{
	char buf[64];
	int p[2], st;
	pid_t pid;
	ssize_t n;

	if (pipe(p) != 0) {
		CHECK(0, "a pipe");
		return;
	}
	pid = writer(p[1], "one two three four", 4, 20);
	close(p[1]);
	alarms = 0;
	interrupt_in(5);
	memset(buf, 0, sizeof buf);
	n = fd_read_all(p[0], buf, 10);
	CHECK(n == 10 && memcmp(buf, "one two th", 10) == 0,
	    "pieces of 4 bytes are read to the 10 asked for");
	CHECK(alarms == 1, "through a signal in the middle (EINTR)");
	n = fd_read_all(p[0], buf, sizeof buf);
	CHECK(n == 8 && memcmp(buf, "ree four", 8) == 0,
	    "then what is left, fewer at the end");
	CHECK_INT(fd_read_all(p[0], buf, sizeof buf), 0, "0 at the end");
	close(p[0]);
	waitpid(pid, &st, 0);
	errno = 0;
	CHECK(fd_read_all(p[0], buf, 1) == -1 && errno == EBADF,
	    "-1 and errno on an error");
}

static void
test_write(void)
{
	static char big[1 << 20];
	char *back = NULL;
	size_t blen = 0, filled = 0;
	ssize_t n;
	int p[2], st, fd;
	pid_t pid;
	char path[128];

	memset(big, 'x', sizeof big);
	if (pipe(p) != 0) {
		CHECK(0, "a pipe");
		return;
	}
	/* The pipe full first, so that the write blocks before any byte. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	while ((n = write(p[1], big, sizeof big)) > 0)
		filled += (size_t)n;
	fcntl(p[1], F_SETFL, 0);
	/* The reader drains it, late. */
	if ((pid = fork()) == 0) {
		char sink[4096];
		size_t total = 0;
		ssize_t r;

		close(p[1]);
		usleep(50000);
		while ((r = read(p[0], sink, sizeof sink)) > 0)
			total += (size_t)r;
		_exit(total == filled + sizeof big ? 0 : 1);
	}
	close(p[0]);
	alarms = 0;
	interrupt_in(10);
	CHECK_INT(fd_write_all(p[1], big, sizeof big), 0,
	    "1 MiB into a full pipe, through a signal (EINTR)");
	close(p[1]);
	waitpid(pid, &st, 0);
	CHECK(alarms == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "and every byte arrives");
	errno = 0;
	CHECK(fd_write_all(-1, "a", 1) == -1 && errno == EBADF,
	    "-1 and errno on an error");

	snprintf(path, sizeof path, "%s/outreach-fileio-%ld",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp", (long)getpid());
	CHECK_INT(file_write_atomic(path, big, 100000, 0600, NULL), 0,
	    "file_write_atomic");
	CHECK(file_read(path, 100000, &back, &blen, NULL) == 0 &&
	    blen == 100000 && memcmp(back, big, blen) == 0,
	    "file_read reads it back whole, at its bound");
	free(back);
	back = NULL;
	CHECK_INT(file_read(path, 99999, &back, &blen, NULL), ERR_LIMIT,
	    "and refuses it one byte under");
	CHECK(file_read(path, 100001, &back, &blen, NULL) == 0 &&
	    blen == 100000 && memcmp(back, big, blen) == 0 &&
	    back[blen] == '\0', "and reads it whole in room made from its "
	    "size");
	free(back);
	back = NULL;
	/* A file whose size says 0 but which has bytes (the kernel's). */
	CHECK(file_read("/proc/self/status", 1 << 20, &back, &blen, NULL) ==
	    0 && blen > 0 && strncmp(back, "Name:", 5) == 0 &&
	    strlen(back) == blen, "a file that says it is empty is read to "
	    "its end");
	free(back);
	back = NULL;
	if ((fd = open(path, O_WRONLY | O_TRUNC)) != -1)
		close(fd);
	CHECK(file_read(path, 10, &back, &blen, NULL) == 0 && blen == 0 &&
	    back != NULL && back[0] == '\0', "an empty file is read as \"\"");
	free(back);
	unlink(path);
}

/* The names in dir other than "." and "..", as "a b c". */
static void
dir_names(const char *dir, char *out, size_t cap)
{
	struct dirent *de;
	DIR *d;

	out[0] = '\0';
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			snprintf(out + strlen(out), cap - strlen(out), "%s%s",
			    out[0] != '\0' ? " " : "", de->d_name);
	closedir(d);
}

/*
 * A writer killed half way (SIGXFSZ: the file size limit, a kill at a
 * known byte) leaves the old file whole and no temporary file beside it,
 * and its mode is what was asked whatever the umask.
 */
static void
test_write_killed(void)
{
	static char big[1 << 16];
	char dir[128], path[160], names[512], *back = NULL;
	struct rlimit rl = { 4096, 4096 };
	struct stat st;
	size_t blen = 0;
	int status;
	pid_t pid;

	memset(big, 'n', sizeof big);
	snprintf(dir, sizeof dir, "%s/outreach-fileio-k%ld",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp", (long)getpid());
	snprintf(path, sizeof path, "%s/device.pub", dir);
	if (mkdir(dir, 0700) != 0 ||
	    file_write_atomic(path, "old\n", 4, 0644, NULL) != 0) {
		CHECK(0, "a folder and a file to replace");
		return;
	}
	if ((pid = fork()) == 0) {
		umask(077);
		setrlimit(RLIMIT_FSIZE, &rl);
		(void)file_write_atomic(path, big, sizeof big, 0644, NULL);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
	    "the writer is killed half way through");
	CHECK(file_read(path, 100, &back, &blen, NULL) == 0 && blen == 4 &&
	    memcmp(back, "old\n", 4) == 0, "the old file is whole");
	free(back);
	dir_names(dir, names, sizeof names);
	CHECK_STR(names, "device.pub", "and no temporary file is left beside it");
	umask(077);
	CHECK(file_write_atomic(path, "new\n", 4, 0644, NULL) == 0 &&
	    stat(path, &st) == 0 && (st.st_mode & 0777) == 0644,
	    "a new write has the mode asked, whatever the umask");
	umask(022);
	unlink(path);
	rmdir(dir);
}

/*
 * file_write_new: made whole with its mode, never replacing; killed half
 * way (SIGXFSZ) it leaves no file, half or whole, under any name.
 */
static void
test_write_new(void)
{
	static char big[1 << 16];
	char dir[128], path[160], names[512], *back = NULL, *cause = NULL;
	struct rlimit rl = { 4096, 4096 };
	struct stat st;
	size_t blen = 0;
	int status;
	pid_t pid;

	memset(big, 'k', sizeof big);
	snprintf(dir, sizeof dir, "%s/outreach-fileio-n%ld",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp", (long)getpid());
	snprintf(path, sizeof path, "%s/device.key", dir);
	if (mkdir(dir, 0700) != 0) {
		CHECK(0, "a folder to write in");
		return;
	}
	umask(077);
	CHECK_INT(file_write_new(path, "secret\n", 7, 0640, NULL), ERR_OK,
	    "file_write_new makes a file");
	umask(022);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640,
	    "with the mode asked, whatever the umask");
	CHECK_INT(file_write_new(path, "other\n", 6, 0600, &cause), ERR_EXISTS,
	    "a second file_write_new of the name is refused");
	CHECK(cause != NULL && strstr(cause, "device.key") != NULL,
	    "naming the file (%s)", cause != NULL ? cause : "");
	free(cause);
	CHECK(file_read(path, 100, &back, &blen, NULL) == 0 && blen == 7 &&
	    memcmp(back, "secret\n", 7) == 0, "and the first stays whole");
	free(back);
	dir_names(dir, names, sizeof names);
	CHECK_STR(names, "device.key", "nothing else is left in the folder");
	unlink(path);

	if ((pid = fork()) == 0) {
		setrlimit(RLIMIT_FSIZE, &rl);
		(void)file_write_new(path, big, sizeof big, 0600, NULL);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
	    "a file_write_new is killed half way through");
	dir_names(dir, names, sizeof names);
#ifdef O_TMPFILE
	CHECK_STR(names, "", "and leaves nothing in the folder");
#else
	CHECK(strncmp(names, "device.key", 10) != 0,
	    "and leaves no half file under the name (%s)", names);
#endif
	rmdir(dir);
}

/* file_rmtree: a tree goes, deepest first; what a link points to stays. */
static void
test_rmtree(void)
{
	char top[200], sub[300], f[320], outside[256], link[320];
	struct stat st;
	const char *tmp = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";

	snprintf(top, sizeof top, "%s/outreach-rmtree-%ld", tmp, (long)getpid());
	snprintf(outside, sizeof outside, "%s.outside", top);
	snprintf(sub, sizeof sub, "%s/a/b", top);
	snprintf(f, sizeof f, "%s/file", sub);
	snprintf(link, sizeof link, "%s/a/link", top);
	CHECK_INT(file_mkdirs(sub, 0700, NULL), 0, "a tree two folders deep");
	CHECK_INT(file_write_atomic(f, "x", 1, 0600, NULL), 0, "a file in it");
	CHECK_INT(file_mkdirs(outside, 0700, NULL), 0, "a folder outside it");
	CHECK_INT(symlink(outside, link), 0, "a link in the tree to it");
	file_rmtree(top);
	CHECK(lstat(top, &st) == -1 && errno == ENOENT, "the tree is gone");
	CHECK(stat(outside, &st) == 0 && S_ISDIR(st.st_mode),
	    "the folder the link pointed to is still there");
	rmdir(outside);
	file_rmtree(top);
	CHECK(lstat(top, &st) == -1, "removing a missing tree is harmless");
	CHECK_INT(file_write_atomic(top, "y", 1, 0600, NULL), 0, "a plain file");
	file_rmtree(top);
	CHECK(lstat(top, &st) == -1 && errno == ENOENT, "a file is removed too");
}

int
main(void)
{
	test_read();
	test_write();
	test_write_killed();
	test_write_new();
	test_rmtree();
	return test_done();
}
