/*
 * The laptop's clock, battery, disk and power; see laptop.h.
 *
 * The hooks are this module's one piece of state: the system itself,
 * which the tests' program pretends to be.
 */
#include "tui/laptop.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/err.h"

extern char **environ;

#define LAPTOP_POWER_SUPPLY	"/sys/class/power_supply"

static struct laptop_hooks laptop_hooks;

void
laptop_hooks_install(const struct laptop_hooks *h)
{
	laptop_hooks = *h;
}

time_t
laptop_now(void)
{
	return laptop_hooks.now != NULL ? laptop_hooks.now() : time(NULL);
}

/* Run argv (no shell), its stderr kept for the cause; ERR_OK on status 0. */
static int
laptop_run(char *const argv[], char **cause)
{
	posix_spawn_file_actions_t fa;
	char errbuf[256], tmpl[] = "/tmp/outreach-run-XXXXXX";
	ssize_t n = 0;
	pid_t pid;
	int status = -1, fd, r;

	if ((fd = mkstemp(tmpl)) == -1)
		return err_set(cause, err_from_errno(errno), "%s", strerror(errno));
	unlink(tmpl);
	if (posix_spawn_file_actions_init(&fa) != 0) {
		close(fd);
		return ERR_NOMEM;
	}
	posix_spawn_file_actions_adddup2(&fa, fd, STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	    O_WRONLY, 0);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0) {
		close(fd);
		return err_set(cause, ERR_UNSUPPORTED, "%s cannot be run: %s",
		    argv[0], strerror(r));
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		close(fd);
		return ERR_OK;
	}
	if (lseek(fd, 0, SEEK_SET) == 0)
		n = read(fd, errbuf, sizeof errbuf - 1);
	close(fd);
	errbuf[n > 0 ? n : 0] = '\0';
	/* One line, without the program's trailing newline. */
	errbuf[strcspn(errbuf, "\n")] = '\0';
	return err_set(cause, ERR_PERM, "%s", errbuf[0] != '\0' ? errbuf :
	    "the system refused");
}

int
laptop_set_time(time_t t, char **cause)
{
	char when[32];
	struct tm tm;
	char *argv[] = { (char *)"timedatectl", (char *)"set-time", when,
	    NULL };

	if (laptop_hooks.set_time != NULL)
		return laptop_hooks.set_time(t, cause);
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return err_set(cause, ERR_INVALID, "not a time");
	return laptop_run(argv, cause);
}

int
laptop_poweroff(char **cause)
{
	char *argv[] = { (char *)"systemctl", (char *)"poweroff", NULL };

	if (laptop_hooks.poweroff != NULL)
		return laptop_hooks.poweroff(cause);
	return laptop_run(argv, cause);
}

time_t
laptop_built(void)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *d = __DATE__;	/* "Dec  6 2026" */
	const char *m = strstr(months, (char[4]){ d[0], d[1], d[2], '\0' });
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_mon = m != NULL ? (int)(m - months) / 3 : 0;
	tm.tm_mday = atoi(d + 4);
	tm.tm_year = atoi(d + 7) - 1900;
	return timegm(&tm);
}

time_t
laptop_clock_floor(const char *pack_dir)
{
	time_t floor = laptop_built();
	char path[4096];
	struct stat st;

	if (pack_dir != NULL &&
	    (size_t)snprintf(path, sizeof path, "%s/pack.ini", pack_dir) <
	    sizeof path && stat(path, &st) == 0 && st.st_mtime > floor)
		floor = st.st_mtime;
	return floor;
}

int
laptop_clock_behind(time_t now, const char *pack_dir)
{
	return now < laptop_clock_floor(pack_dir);
}

int
laptop_time_parse(const char *s, time_t *t)
{
	int y, mo, d, h = 0, mi = 0, n = 0;
	struct tm tm, back;
	size_t len = strlen(s);

	if (len == 10) {
		if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
			return -1;
	} else if (len == 16) {
		if (sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi,
		    &n) != 5 || n != 16 || s[10] != ' ')
			return -1;
	} else
		return -1;
	if (s[4] != '-' || s[7] != '-' || !isdigit((unsigned char)s[0]) ||
	    y < 2020 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || h < 0 || mi < 0)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	back = tm;
	if ((*t = mktime(&tm)) == (time_t)-1)
		return -1;
	/* 31 February comes back as 3 March: not a real date. */
	if (tm.tm_mday != back.tm_mday || tm.tm_mon != back.tm_mon)
		return -1;
	return 0;
}

void
laptop_time_format(time_t t, char out[LAPTOP_TIME_SIZE])
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, LAPTOP_TIME_SIZE, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, LAPTOP_TIME_SIZE, "?");
}

/* The first line of dir/name/file as a number, or -1. */
static long
laptop_read_num(const char *dir, const char *name, const char *file)
{
	char path[4096], buf[32];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof path, "%s/%s/%s", dir, name, file) >=
	    sizeof path || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!isdigit((unsigned char)buf[0]))
		return -1;
	return strtol(buf, NULL, 10);
}

/* 1 when dir/name/file starts with word. */
static int
laptop_read_is(const char *dir, const char *name, const char *file,
    const char *word)
{
	char path[4096], buf[32];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof path, "%s/%s/%s", dir, name, file) >=
	    sizeof path || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strncmp(buf, word, strlen(word)) == 0;
}

int
laptop_battery(int *percent, int *charging)
{
	const char *dir = laptop_hooks.power_supply != NULL ?
	    laptop_hooks.power_supply : LAPTOP_POWER_SUPPLY;
	struct dirent *de;
	long cap;
	DIR *d;
	int found = -1;

	*percent = 0;
	*charging = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    !laptop_read_is(dir, de->d_name, "type", "Battery"))
			continue;
		if ((cap = laptop_read_num(dir, de->d_name, "capacity")) < 0 ||
		    cap > 100)
			continue;
		*percent = (int)cap;
		*charging = laptop_read_is(dir, de->d_name, "status",
		    "Charging") || laptop_read_is(dir, de->d_name, "status",
		    "Full");
		found = 0;
		break;
	}
	closedir(d);
	return found;
}

long long
laptop_free_disk(const char *home)
{
	struct statvfs sv;

	if (statvfs(home, &sv) != 0)
		return -1;
	return (long long)sv.f_bavail * (long long)sv.f_frsize;
}
