/*
 * `outreach kiosk enable|disable|status`: make this laptop boot straight
 * into the kiosk, or give it back.
 *
 * The session itself comes with the Debian package: outreach-kiosk.service
 * runs Xorg on the first console with one full-screen mlterm (the kiosk in
 * it, as the user outreach, data in /var/lib/outreach), restarted at once;
 * outreach-kiosk-console.service is the text-console fallback (--console).
 * Enabling links the package's lock-down files into /etc and tells systemd:
 *
 *	/etc/sysctl.d/90-outreach-kiosk.conf	kernel.sysrq = 0
 *	/etc/systemd/logind.conf.d/90-outreach-kiosk.conf
 *						no login prompts on other consoles,
 *						the power key shuts down
 *	ctrl-alt-del.target, getty@tty1		masked
 *	outreach-kiosk[-console].service	enabled
 *
 * Disabling undoes each. --root DIR does the same inside a Debian tree
 * that is not running (an image being built; systemctl --root), and then
 * touches nothing of the running system.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/fileio.h"
#include "sync/pin.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

extern char **environ;

#define KIOSK_SHARE	"/usr/share/outreach/kiosk"
#define KIOSK_DATA	"/var/lib/outreach"
#define KIOSK_UNIT	"outreach-kiosk.service"
#define KIOSK_CONSOLE	"outreach-kiosk-console.service"

/* What enabling links into /etc: link -> target. */
static const struct {
	const char	*link;
	const char	*target;
} kiosk_links[] = {
	{ "/etc/sysctl.d/90-outreach-kiosk.conf", KIOSK_SHARE "/sysctl.conf" },
	{ "/etc/systemd/logind.conf.d/90-outreach-kiosk.conf",
	    KIOSK_SHARE "/logind.conf" },
};
#define KIOSK_NLINKS	(sizeof kiosk_links / sizeof kiosk_links[0])

/* Units masked while the kiosk is on. */
static const char *const kiosk_masked[] = {
	"ctrl-alt-del.target", "getty@tty1.service",
};
#define KIOSK_NMASKED	(sizeof kiosk_masked / sizeof kiosk_masked[0])

/* What the graphical session needs: a file each, and its package. */
static const struct {
	const char	*path;
	const char	*package;
} kiosk_needs[] = {
	{ "/usr/lib/xorg/Xorg", "xserver-xorg-core" },
	{ "/usr/bin/xinit", "xinit" },
	{ "/usr/bin/xdpyinfo", "x11-utils" },
	{ "/usr/bin/mlterm", "mlterm" },
	{ "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf",
	    "fonts-noto-core" },
	{ "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
	    "fonts-noto-mono" },
};
#define KIOSK_NNEEDS	(sizeof kiosk_needs / sizeof kiosk_needs[0])

struct kiosk_opts {
	const char	*root;		/* "" for the running system */
	int		 console;
};

/* root + path (Caller frees). */
static char *
kiosk_path(const struct kiosk_opts *o, const char *path)
{
	char *p;

	if (asprintf(&p, "%s%s", o->root, path) < 0)
		return NULL;
	return p;
}

static int
kiosk_exists(const struct kiosk_opts *o, const char *path)
{
	char *p = kiosk_path(o, path);
	struct stat st;
	int r = p != NULL && lstat(p, &st) == 0;

	free(p);
	return r;
}

/*
 * Run systemctl (with --root when there is one) on a verb and units;
 * returns its exit status, or -1 when it cannot be run.
 */
static int
kiosk_systemctl(const struct kiosk_opts *o, const char *verb,
    const char *const *units, size_t n, int quiet)
{
	posix_spawn_file_actions_t fa;
	char *argv[16], *rootopt = NULL;
	size_t i, a = 0;
	pid_t pid;
	int status = -1, r;

	argv[a++] = (char *)"systemctl";
	if (*o->root != '\0') {
		if (asprintf(&rootopt, "--root=%s", o->root) < 0)
			return -1;
		argv[a++] = rootopt;
	}
	if (quiet)
		argv[a++] = (char *)"--quiet";
	argv[a++] = (char *)verb;
	for (i = 0; i < n && a < 15; i++)
		argv[a++] = (char *)units[i];
	argv[a] = NULL;
	/* Questions answer by status alone: no words on stderr. */
	if (posix_spawn_file_actions_init(&fa) != 0)
		goto out;
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
		    "/dev/null", O_WRONLY, 0);
	r = posix_spawnp(&pid, "systemctl", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		goto out;
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
out:
	free(rootopt);
	return status;
}

/* 1 when systemctl says yes to a question (is-enabled, is-active). */
static int
kiosk_is(const struct kiosk_opts *o, const char *verb, const char *unit)
{
	return kiosk_systemctl(o, verb, &unit, 1, 1) == 0;
}

/* 1 when unit is masked: its unit file links to /dev/null in /etc. */
static int
kiosk_is_masked(const struct kiosk_opts *o, const char *unit)
{
	char *p = NULL, target[64];
	ssize_t n = -1;

	if (asprintf(&p, "%s/etc/systemd/system/%s", o->root, unit) >= 0)
		n = readlink(p, target, sizeof target - 1);
	free(p);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(target, "/dev/null") == 0;
}

/* 1 when each lock-down link is in place. */
static int
kiosk_linked(const struct kiosk_opts *o, size_t i)
{
	char *p = kiosk_path(o, kiosk_links[i].link), target[256];
	ssize_t n = p != NULL ? readlink(p, target, sizeof target - 1) : -1;

	free(p);
	if (n < 0)
		return 0;
	target[n] = '\0';
	return strcmp(target, kiosk_links[i].target) == 0;
}

/* Make (or remove) the lock-down links; 0 or -1 with the reason told. */
static int
kiosk_links_set(const struct kiosk_opts *o, int on)
{
	size_t i;
	char *p, *dir, *slash;
	int r = 0;

	for (i = 0; i < KIOSK_NLINKS && r == 0; i++) {
		if ((p = kiosk_path(o, kiosk_links[i].link)) == NULL)
			return -1;
		if (!on) {
			if (kiosk_linked(o, i) && unlink(p) != 0) {
				cmd_error(_("cannot remove %s: %s"), p,
				    strerror(errno));
				r = -1;
			}
			free(p);
			continue;
		}
		if ((dir = strdup(p)) != NULL &&
		    (slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			file_mkdirs(dir, 0755, NULL);
		}
		free(dir);
		if (!kiosk_linked(o, i) && ((unlink(p) != 0 &&
		    errno != ENOENT) || symlink(kiosk_links[i].target, p) !=
		    0)) {
			cmd_error(_("cannot link %s: %s"), p, strerror(errno));
			r = -1;
		}
		free(p);
	}
	return r;
}

static void
kiosk_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach kiosk enable [--console] "
	    "[--root DIR]\n"
	    "       outreach kiosk disable [--root DIR]\n"
	    "       outreach kiosk status [--root DIR]\n\n"
	    "enable   boot this laptop straight into the kiosk on the first "
	    "console:\n"
	    "         Xorg and one full-screen mlterm (--console: the text "
	    "console,\n"
	    "         for packs whose languages it can show), as the user "
	    "outreach,\n"
	    "         data in /var/lib/outreach, restarted at once if it "
	    "ends; no\n"
	    "         login prompts, no console switching, SysRq off, "
	    "Ctrl-Alt-Del\n"
	    "         does nothing, the power key shuts down. Run as root; "
	    "takes\n"
	    "         effect at the next start.\n"
	    "disable  give the laptop back its login prompts and keys.\n"
	    "status   whether the kiosk is on, and what it needs.\n"
	    "--root DIR  work on the Debian tree in DIR (an image), not on "
	    "this\n"
	    "            running system.\n"));
}

/* The packages the graphical session lacks, or "" (into buf). */
static void
kiosk_missing(const struct kiosk_opts *o, char *buf, size_t cap)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < KIOSK_NNEEDS; i++)
		if (!kiosk_exists(o, kiosk_needs[i].path) &&
		    strstr(buf, kiosk_needs[i].package) == NULL && len < cap)
			len += (size_t)snprintf(buf + len, cap - len, " %s",
			    kiosk_needs[i].package);
}

static int
kiosk_enable(const struct kiosk_opts *o)
{
	const char *unit = o->console ? KIOSK_CONSOLE : KIOSK_UNIT;
	const char *other = o->console ? KIOSK_UNIT : KIOSK_CONSOLE;
	char missing[256], path[128], *home;
	FILE *f;

	snprintf(path, sizeof path, "/lib/systemd/system/%s", unit);
	if (!kiosk_exists(o, path)) {
		cmd_error("%s", _("the kiosk session is not installed here "
		    "(install the outreach Debian package)"));
		return CMD_FAIL;
	}
	kiosk_missing(o, missing, sizeof missing);
	if (!o->console && missing[0] != '\0') {
		cmd_error(_("the kiosk's screen needs:%s (apt install%s), or "
		    "use --console"), missing, missing);
		return CMD_FAIL;
	}
	if (kiosk_links_set(o, 1) != 0 ||
	    kiosk_systemctl(o, "mask", kiosk_masked, KIOSK_NMASKED, 1) != 0 ||
	    kiosk_systemctl(o, "disable", &other, 1, 1) != 0 ||
	    kiosk_systemctl(o, "enable", &unit, 1, 1) != 0) {
		cmd_error("%s", _("the kiosk could not be enabled (see the "
		    "messages above)"));
		return CMD_FAIL;
	}
	/* On the running system, SysRq goes off now. */
	if (*o->root == '\0' && (f = fopen("/proc/sys/kernel/sysrq", "w")) !=
	    NULL) {
		fputs("0\n", f);
		fclose(f);
	}
	printf(_("The kiosk is enabled (%s): this laptop starts into it.\n"),
	    o->console ? _("text console") : _("graphical"));
	home = kiosk_path(o, KIOSK_DATA);
	if (home != NULL && !pin_is_set(home))
		printf("%s\n", _("No facilitator PIN is set yet: the kiosk asks "
		    "for one, twice, before anything else."));
	free(home);
	if (*o->root == '\0')
		printf("%s\n", _("Restart the laptop to start it."));
	return CMD_OK;
}

static int
kiosk_disable(const struct kiosk_opts *o)
{
	const char *units[] = { KIOSK_UNIT, KIOSK_CONSOLE };
	int r = CMD_OK;

	if (kiosk_systemctl(o, "disable", units, 2, 1) != 0 ||
	    kiosk_systemctl(o, "unmask", kiosk_masked, KIOSK_NMASKED, 1) != 0)
		r = CMD_FAIL;
	if (kiosk_links_set(o, 0) != 0)
		r = CMD_FAIL;
	if (r != CMD_OK) {
		cmd_error("%s", _("the kiosk could not be disabled (see the "
		    "messages above)"));
		return r;
	}
	printf("%s\n", _("The kiosk is disabled: the laptop starts to its "
	    "login prompt again."));
	if (*o->root == '\0')
		printf("%s\n", _("Restart the laptop for it to take effect."));
	return CMD_OK;
}

static int
kiosk_status(const struct kiosk_opts *o)
{
	int graphical = kiosk_is(o, "is-enabled", KIOSK_UNIT);
	int console = kiosk_is(o, "is-enabled", KIOSK_CONSOLE);
	int sysrq = kiosk_linked(o, 0), logind = kiosk_linked(o, 1);
	int cad = kiosk_is_masked(o, kiosk_masked[0]);
	int getty = kiosk_is_masked(o, kiosk_masked[1]);
	char missing[256], *home = kiosk_path(o, KIOSK_DATA);
	const char *pin;

	if (!kiosk_exists(o, "/lib/systemd/system/" KIOSK_UNIT))
		printf("%s\n", _("Kiosk session:              not installed "
		    "(install the outreach Debian package)"));
	printf(_("Kiosk:                      %s\n"), graphical ?
	    _("enabled (graphical: Xorg and mlterm)") : console ?
	    _("enabled (text console)") : _("disabled"));
	if (*o->root == '\0' && (graphical || console))
		printf(_("Running now:                %s\n"), kiosk_is(o,
		    "is-active", graphical ? KIOSK_UNIT : KIOSK_CONSOLE) ?
		    _("yes") : _("no"));
	printf(_("SysRq keys off:             %s\n"), sysrq ? _("yes") :
	    _("no"));
	printf(_("Ctrl-Alt-Del does nothing:  %s\n"), cad ? _("yes") :
	    _("no"));
	printf(_("Login prompts:              %s\n"), getty && logind ?
	    _("none") : _("on the consoles"));
	printf(_("Power key shuts down:       %s\n"), logind ? _("yes") :
	    _("as the system is set"));
	printf(_("Data folder:                %s\n"), KIOSK_DATA);
	if (home != NULL && pin_is_set(home))
		pin = _("set");
	else if (home != NULL && access(home, X_OK) != 0 && errno == EACCES)
		pin = _("cannot tell (run as root)");
	else
		pin = _("not set (the kiosk asks for one first)");
	printf(_("Facilitator PIN:            %s\n"), pin);
	kiosk_missing(o, missing, sizeof missing);
	printf(_("Graphical session needs:    %s\n"), missing[0] == '\0' ?
	    _("nothing more") : missing + 1);
	free(home);
	return CMD_OK;
}

int
cmd_kiosk(int argc, char **argv)
{
	struct kiosk_opts o = { "", 0 };
	const char *verb;
	int i;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		kiosk_usage(stdout);
		return CMD_OK;
	}
	if (argc < 2) {
		kiosk_usage(stderr);
		return CMD_USAGE;
	}
	verb = argv[1];
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--console") == 0 &&
		    strcmp(verb, "enable") == 0)
			o.console = 1;
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc &&
		    argv[i + 1][0] == '/')
			o.root = argv[++i];
		else {
			cmd_error(_("unknown option '%s' (see outreach kiosk "
			    "--help)"), argv[i]);
			return CMD_USAGE;
		}
	}
	if (strcmp(verb, "enable") != 0 && strcmp(verb, "disable") != 0 &&
	    strcmp(verb, "status") != 0) {
		kiosk_usage(stderr);
		return CMD_USAGE;
	}
	if (strcmp(verb, "status") != 0 && *o.root == '\0' && geteuid() != 0) {
		cmd_error(_("run it as root: sudo outreach kiosk %s"), verb);
		return CMD_FAIL;
	}
	if (strcmp(verb, "enable") == 0)
		return kiosk_enable(&o);
	if (strcmp(verb, "disable") == 0)
		return kiosk_disable(&o);
	return kiosk_status(&o);
}
