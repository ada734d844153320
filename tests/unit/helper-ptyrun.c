/*
 * Time a full-screen program to its first frame under a pseudo-terminal,
 * for scripts/bench:
 *
 *   helper-ptyrun [-c COLS] [-r ROWS] [-t TIMEOUT_MS] -w MARKER -- CMD ARGS...
 *
 * Opens a pty of COLS x ROWS (default 80 x 24), runs CMD on it as a session
 * leader with TERM=xterm-256color, and reads the master until the bytes of
 * MARKER (plain ASCII) have appeared in the output. The clock starts just
 * before fork and stops when the marker is seen, so it covers fork, exec,
 * dynamic loading, start-up and drawing up to the marker. Then the child
 * gets SIGTERM (SIGKILL 200 ms later if it is still there), is reaped with
 * wait4, and one line is printed on stdout:
 *
 *   first_frame_us=N minflt=N maxrss_kib=N
 *
 * With -k SCRIPT it goes on after the marker through the lines of SCRIPT:
 *
 *   = TEXT     wait (untimed) until TEXT shows
 *   ! KEYS     send KEYS, wait (untimed) until the output pauses
 *   > KEYS     send KEYS and time the frame: from the write to the last
 *              byte the program sends before its output pauses for
 *              QUIET_MS (a key that draws nothing counts 0)
 *
 * KEYS take C escapes (\e \r \n \t \\). Then the line printed is
 *
 *   frames=N frame_median_us=N frame_p99_us=N frame_max_us=N maxrss_kib=N
 *
 * minflt is the child's page faults served without I/O (ru_minflt),
 * through its exit: like instructions, a count that does not move with
 * the machine's load, where each fault costs a virtual machine several
 * microseconds. maxrss_kib is the child's ru_maxrss. Linux folds the pre-exec copy of this
 * helper into it, so it is never below this helper's own peak (about what a
 * tiny dynamically linked program takes); the programs measured are larger.
 *
 * On timeout, when the command cannot be run, or when it exits before the
 * marker, it prints why (and the tail of the output) on stderr and exits 1;
 * usage errors exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#define MARKER_MAX	256
/* Output kept: a whole read and a marker split before it. */
#define TAIL_MAX	(4096 + MARKER_MAX)
#define DUMP_MAX	512	/* the end of it in an error message */
#define KILL_GRACE_MS	200
#define REAP_MAX_MS	5000
#define QUIET_MS	40	/* a pause this long ends a frame */
#define SCRIPT_LINE	512
#define FRAMES_MAX	4096

int main(int argc, char **argv);

static int
usage(void)
{
	fprintf(stderr, "usage: helper-ptyrun [-c cols] [-r rows] "
	    "[-t timeout_ms] [-k script] -w marker -- command [args...]\n");
	return 2;
}

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A bounded positive number from an option, or -1. */
static long
parse_num(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v <= 0 || v > max)
		return -1;
	return v;
}

/*
 * The last TAIL_MAX bytes seen (a whole read and what came just before),
 * kept in a sliding window; the marker search runs over it, so a marker
 * split across two reads, or early in a large one, is still found.
 */
struct tail {
	char	buf[TAIL_MAX];
	size_t	len;
};

static void
tail_add(struct tail *t, const char *p, size_t n)
{
	if (n >= sizeof t->buf) {
		memcpy(t->buf, p + n - sizeof t->buf, sizeof t->buf);
		t->len = sizeof t->buf;
		return;
	}
	if (t->len + n > sizeof t->buf) {
		size_t drop = t->len + n - sizeof t->buf;

		memmove(t->buf, t->buf + drop, t->len - drop);
		t->len -= drop;
	}
	memcpy(t->buf + t->len, p, n);
	t->len += n;
}

/* The window on stderr, with control bytes escaped. */
static void
tail_dump(const struct tail *t)
{
	size_t i;

	fprintf(stderr, "helper-ptyrun: last output: \"");
	for (i = t->len > DUMP_MAX ? t->len - DUMP_MAX : 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->buf[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
}

/*
 * Reads the master until the marker shows, the child hangs up, or the
 * deadline passes. Returns 0 when the marker was seen, -1 otherwise.
 */
static int
wait_marker(int fd, const char *marker, long long deadline, struct tail *t)
{
	size_t mlen = strlen(marker);
	char chunk[4096];
	struct pollfd pfd;
	long long left;
	ssize_t n;

	if (memmem(t->buf, t->len, marker, mlen) != NULL)
		return 0;	/* already drawn */
	for (;;) {
		if ((left = deadline - now_us()) <= 0) {
			fprintf(stderr, "helper-ptyrun: timed out waiting for "
			    "\"%s\"\n", marker);
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)((left + 999) / 1000)) == -1) {
			if (errno == EINTR)
				continue;
			perror("helper-ptyrun: poll");
			return -1;
		}
		if (pfd.revents == 0)
			continue;
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* EIO: every slave descriptor is closed. */
			fprintf(stderr, "helper-ptyrun: the command hung up "
			    "before \"%s\"\n", marker);
			return -1;
		}
		tail_add(t, chunk, (size_t)n);
		if (memmem(t->buf, t->len, marker, mlen) != NULL)
			return 0;
	}
}

/*
 * Stops the child and reaps it, draining the master meanwhile so that a
 * child writing its exit sequences never blocks on a full pty. Returns 0
 * with *ru filled, -1 when it could not be reaped.
 */
static int
stop_child(pid_t pid, int fd, struct rusage *ru)
{
	long long start = now_us(), t;
	int killed = 0, status;
	char sink[4096];
	struct pollfd pfd;
	pid_t r;

	kill(pid, SIGTERM);
	for (;;) {
		r = wait4(pid, &status, WNOHANG, ru);
		if (r == pid)
			return 0;
		if (r == -1 && errno != EINTR) {
			perror("helper-ptyrun: wait4");
			return -1;
		}
		t = now_us() - start;
		if (!killed && t >= (long long)KILL_GRACE_MS * 1000) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		if (t >= (long long)REAP_MAX_MS * 1000) {
			fprintf(stderr, "helper-ptyrun: cannot reap %ld\n",
			    (long)pid);
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 5) > 0 && read(fd, sink, sizeof sink) <= 0)
			usleep(1000);	/* hung up; just wait for the exit */
	}
}

/* KEYS with their C escapes undone, into out (NUL-terminated); length. */
static size_t
unescape(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	for (; *in != '\0' && *in != '\n' && n + 1 < cap; in++) {
		if (*in != '\\' || in[1] == '\0') {
			out[n++] = *in;
			continue;
		}
		switch (*++in) {
		case 'e': out[n++] = '\033'; break;
		case 'r': out[n++] = '\r'; break;
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		default: out[n++] = *in; break;
		}
	}
	out[n] = '\0';
	return n;
}

/*
 * Read until the output pauses for QUIET_MS (or the deadline); the time
 * of the last byte read, or `since` when nothing came. -1 on hang-up.
 */
static long long
drain_quiet(int fd, long long since, long long deadline, struct tail *t)
{
	long long last = since;
	char chunk[4096];
	struct pollfd pfd;
	ssize_t n;
	int pr;

	while (now_us() < deadline) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if ((pr = poll(&pfd, 1, QUIET_MS)) == -1 && errno == EINTR)
			continue;
		if (pr <= 0)
			return last;
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		last = now_us();
		tail_add(t, chunk, (size_t)n);
	}
	return last;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Run the script at path (see the top); 0 and the frames, or -1. */
static int
run_script(int fd, const char *path, long long deadline, struct tail *t,
    long long *frames, size_t *nframes)
{
	char line[SCRIPT_LINE], keys[SCRIPT_LINE];
	long long w, end;
	size_t len;
	FILE *fp;
	int rc = -1;

	*nframes = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if (line[0] == '=') {
			line[strcspn(line, "\n")] = '\0';
			if (wait_marker(fd, line + 2, deadline, t) == -1)
				goto out;
			continue;
		}
		if (line[0] != '!' && line[0] != '>')
			continue;
		len = unescape(line + 2, keys, sizeof keys);
		t->len = 0;	/* "= TEXT" waits for what this key draws */
		w = now_us();
		if (write(fd, keys, len) != (ssize_t)len) {
			perror("helper-ptyrun: write");
			goto out;
		}
		if ((end = drain_quiet(fd, w, deadline, t)) == -1) {
			fprintf(stderr, "helper-ptyrun: the command hung up\n");
			goto out;
		}
		if (line[0] == '>' && *nframes < FRAMES_MAX)
			frames[(*nframes)++] = end - w;
	}
	rc = 0;
out:
	fclose(fp);
	return rc;
}

int
main(int argc, char **argv)
{
	long cols = 80, rows = 24, timeout_ms = 5000;
	const char *marker = NULL, *script = NULL;
	static long long frames[FRAMES_MAX];
	size_t nframes = 0;
	struct tail tail = { .len = 0 };
	struct winsize ws;
	struct rusage ru;
	long long t0, t1, deadline;
	int master = -1, slave = -1, c, rc = 1, err = 0, ep[2] = { -1, -1 };
	ssize_t n;
	pid_t pid = -1;

	while ((c = getopt(argc, argv, "+c:r:t:k:w:")) != -1) {
		switch (c) {
		case 'c':
			if ((cols = parse_num(optarg, 1000)) == -1)
				return usage();
			break;
		case 'r':
			if ((rows = parse_num(optarg, 1000)) == -1)
				return usage();
			break;
		case 't':
			if ((timeout_ms = parse_num(optarg, 600000)) == -1)
				return usage();
			break;
		case 'k':
			script = optarg;
			break;
		case 'w':
			marker = optarg;
			break;
		default:
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (marker == NULL || *marker == '\0' ||
	    strlen(marker) >= MARKER_MAX || argc < 1)
		return usage();

	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	if (openpty(&master, &slave, NULL, NULL, &ws) == -1) {
		perror("helper-ptyrun: openpty");
		goto out;
	}
	fcntl(master, F_SETFD, FD_CLOEXEC);
	/* Closed by a successful exec; carries errno when exec fails. */
	if (pipe2(ep, O_CLOEXEC) == -1) {
		perror("helper-ptyrun: pipe2");
		goto out;
	}
	fflush(NULL);

	/* The pty is ready before the clock starts: it is not the program's. */
	t0 = now_us();
	if ((pid = fork()) == -1) {
		perror("helper-ptyrun: fork");
		goto out;
	}
	if (pid == 0) {
		/* New session, slave as controlling terminal and stdio. */
		if (login_tty(slave) == -1)
			_exit(126);
		setenv("TERM", "xterm-256color", 1);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		err = errno;
		if (write(ep[1], &err, sizeof err) != (ssize_t)sizeof err)
			_exit(126);
		_exit(127);
	}
	close(slave);
	slave = -1;
	close(ep[1]);
	ep[1] = -1;
	do
		n = read(ep[0], &err, sizeof err);
	while (n == -1 && errno == EINTR);
	if (n == (ssize_t)sizeof err) {
		fprintf(stderr, "helper-ptyrun: %s: %s\n", argv[0],
		    strerror(err));
		stop_child(pid, master, &ru);
		goto out;
	}

	deadline = t0 + (long long)timeout_ms * 1000;
	if (wait_marker(master, marker, deadline, &tail) == -1) {
		tail_dump(&tail);
		stop_child(pid, master, &ru);
		goto out;
	}
	t1 = now_us();
	if (script != NULL && run_script(master, script, deadline, &tail,
	    frames, &nframes) == -1) {
		tail_dump(&tail);
		stop_child(pid, master, &ru);
		goto out;
	}
	if (stop_child(pid, master, &ru) == -1)
		goto out;
	if (script == NULL)
		printf("first_frame_us=%lld minflt=%ld maxrss_kib=%ld\n",
		    t1 - t0, ru.ru_minflt, ru.ru_maxrss);
	else {
		qsort(frames, nframes, sizeof frames[0], cmp_ll);
		printf("frames=%zu frame_median_us=%lld frame_p99_us=%lld "
		    "frame_max_us=%lld maxrss_kib=%ld\n", nframes,
		    nframes ? frames[nframes / 2] : 0,
		    nframes ? frames[(nframes * 99 + 99) / 100 - 1] : 0,
		    nframes ? frames[nframes - 1] : 0, ru.ru_maxrss);
	}
	rc = fflush(stdout) == 0 ? 0 : 1;
out:
	if (ep[0] != -1)
		close(ep[0]);
	if (ep[1] != -1)
		close(ep[1]);
	if (slave != -1)
		close(slave);
	if (master != -1)
		close(master);
	return rc;
}
