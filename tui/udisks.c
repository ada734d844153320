/*
 * USB sticks through udisks2; see udisks.h.
 *
 * GetManagedObjects on /org/freedesktop/UDisks2 returns every object with
 * its interfaces' properties (a{oa{sa{sv}}}); of a Block the label, size,
 * read-only flag, hints and drive; of a Filesystem its mount points; of a
 * Drive whether it is removable and its bus. Mount and Unmount are the
 * Filesystem's methods, PowerOff the Drive's, each with no options.
 */
#include "tui/udisks.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "content/libload.h"
#include "content/utf8.h"
#include "tui/stick.h"

#ifndef SYSTEMD_SONAME
#error "SYSTEMD_SONAME is not set: the Makefile reads it from libsystemd.so (is libsystemd-dev installed?)"
#endif

#define UDISKS_BUS	"org.freedesktop.UDisks2"
#define UDISKS_IF	"org.freedesktop.UDisks2."
#define UDISKS_MAX	64	/* objects of interest read */

#define UDISKS_FUNCS(X)							\
	X(sd_bus_open_system) X(sd_bus_flush_close_unref)		\
	X(sd_bus_call_method) X(sd_bus_message_unref)			\
	X(sd_bus_message_enter_container) X(sd_bus_message_exit_container) \
	X(sd_bus_message_read) X(sd_bus_message_read_array)		\
	X(sd_bus_message_skip) X(sd_bus_error_free)

static struct {
/* f names the member: it cannot be in parentheses. */
#define UDISKS_POINTER(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	UDISKS_FUNCS(UDISKS_POINTER)
#undef UDISKS_POINTER
} udisks_fn;
static pthread_once_t udisks_once_ctl = PTHREAD_ONCE_INIT;
static int udisks_ok;
static char udisks_why[LIBLOAD_WHY];

#define UDISKS_STR(x)	#x
#define UDISKS_NAME(x)	UDISKS_STR(x)

static void
udisks_once(void)
{
	__typeof__(udisks_fn) t;
	void *h, *sym;

	if ((h = libload_open(SYSTEMD_SONAME, "libsystemd", udisks_why)) ==
	    NULL)
		return;
#define UDISKS_RESOLVE(f)						\
	if ((sym = libload_sym(h, UDISKS_NAME(f), "libsystemd",	\
	    SYSTEMD_SONAME, udisks_why)) == NULL) {			\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(f) *)sym;
	UDISKS_FUNCS(UDISKS_RESOLVE)
#undef UDISKS_RESOLVE
	udisks_fn = t;
	udisks_ok = 1;
}

#define B(f)	(udisks_fn.f)

/* What GetManagedObjects says of one object. */
struct udisks_obj {
	char	path[256];
	int	is_fs, is_block, is_drive;
	char	label[STICK_LABEL_SIZE];
	char	drive[256];
	char	mount[PATH_MAX];
	long long size;
	int	hint_ignore, hint_system, readonly;
	int	removable;	/* Drive: Removable, MediaRemovable or USB */
};

static int
udisks_open(sd_bus **bus, char why[UDISKS_WHY])
{
	int r;

	pthread_once(&udisks_once_ctl, udisks_once);
	if (!udisks_ok) {
		snprintf(why, UDISKS_WHY, "%s", udisks_why);
		return -1;
	}
	if ((r = B(sd_bus_open_system)(bus)) < 0) {
		snprintf(why, UDISKS_WHY, "no system bus: %s", strerror(-r));
		return -1;
	}
	return 0;
}

/* Read one property's variant (m at the "v") into o; skip the rest. */
static int
udisks_prop(sd_bus_message *m, const char *iface, const char *name,
    struct udisks_obj *o)
{
	const char *s;
	const void *p;
	uint64_t t;
	size_t n;
	int b, r;

#define IS(i, k)	(strcmp(iface, UDISKS_IF i) == 0 && strcmp(name, k) == 0)
	if (IS("Block", "IdLabel") || IS("Drive", "ConnectionBus") ||
	    IS("Block", "Drive")) {
		const char *sig = IS("Block", "Drive") ? "o" : "s";

		if ((r = B(sd_bus_message_read)(m, "v", sig, &s)) < 0)
			return r;
		if (IS("Block", "IdLabel"))
			snprintf(o->label, sizeof o->label, "%s", s);
		else if (IS("Block", "Drive"))
			snprintf(o->drive, sizeof o->drive, "%s", s);
		else if (strcmp(s, "usb") == 0)
			o->removable = 1;
		return 0;
	}
	if (IS("Block", "Size")) {
		if ((r = B(sd_bus_message_read)(m, "v", "t", &t)) < 0)
			return r;
		o->size = (long long)t;
		return 0;
	}
	if (IS("Block", "HintIgnore") || IS("Block", "HintSystem") ||
	    IS("Block", "ReadOnly") || IS("Drive", "Removable") ||
	    IS("Drive", "MediaRemovable")) {
		if ((r = B(sd_bus_message_read)(m, "v", "b", &b)) < 0)
			return r;
		if (IS("Block", "HintIgnore"))
			o->hint_ignore = b;
		else if (IS("Block", "HintSystem"))
			o->hint_system = b;
		else if (IS("Block", "ReadOnly"))
			o->readonly = b;
		else if (b)
			o->removable = 1;
		return 0;
	}
	if (IS("Filesystem", "MountPoints")) {
		/* aay: each a NUL-terminated path; the first is enough. */
		if ((r = B(sd_bus_message_enter_container)(m, 'v', "aay")) < 0 ||
		    (r = B(sd_bus_message_enter_container)(m, 'a', "ay")) < 0)
			return r;
		while ((r = B(sd_bus_message_read_array)(m, 'y', &p, &n)) > 0)
			if (o->mount[0] == '\0' && n > 0 && n < sizeof o->mount)
				snprintf(o->mount, sizeof o->mount, "%.*s",
				    (int)n, (const char *)p);
		if (r < 0 ||
		    (r = B(sd_bus_message_exit_container)(m)) < 0 ||
		    (r = B(sd_bus_message_exit_container)(m)) < 0)
			return r;
		return 0;
	}
#undef IS
	return B(sd_bus_message_skip)(m, "v");
}

/* One object: its interfaces (a{sa{sv}}) into o. */
static int
udisks_object(sd_bus_message *m, struct udisks_obj *o)
{
	const char *iface, *name;
	int r;

	if ((r = B(sd_bus_message_enter_container)(m, 'a', "{sa{sv}}")) < 0)
		return r;
	while ((r = B(sd_bus_message_enter_container)(m, 'e', "sa{sv}")) > 0) {
		if ((r = B(sd_bus_message_read)(m, "s", &iface)) < 0)
			return r;
		if (strcmp(iface, UDISKS_IF "Filesystem") == 0)
			o->is_fs = 1;
		else if (strcmp(iface, UDISKS_IF "Block") == 0)
			o->is_block = 1;
		else if (strcmp(iface, UDISKS_IF "Drive") == 0)
			o->is_drive = 1;
		if ((r = B(sd_bus_message_enter_container)(m, 'a', "{sv}")) < 0)
			return r;
		while ((r = B(sd_bus_message_enter_container)(m, 'e', "sv")) >
		    0) {
			if ((r = B(sd_bus_message_read)(m, "s", &name)) < 0 ||
			    (r = udisks_prop(m, iface, name, o)) < 0 ||
			    (r = B(sd_bus_message_exit_container)(m)) < 0)
				return r;
		}
		if (r < 0 || (r = B(sd_bus_message_exit_container)(m)) < 0 ||
		    (r = B(sd_bus_message_exit_container)(m)) < 0)
			return r;
	}
	if (r < 0)
		return r;
	return B(sd_bus_message_exit_container)(m);
}

/* Every object udisks manages, at most UDISKS_MAX of interest. */
static int
udisks_objects(sd_bus *bus, struct udisks_obj *v, size_t *n,
    char why[UDISKS_WHY])
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL;
	struct udisks_obj o;
	const char *path;
	int r;

	*n = 0;
	r = B(sd_bus_call_method)(bus, UDISKS_BUS, "/org/freedesktop/UDisks2",
	    "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", &err,
	    &m, "");
	if (r < 0) {
		snprintf(why, UDISKS_WHY, "udisks2 does not answer: %s",
		    err.message != NULL ? err.message : strerror(-r));
		goto out;
	}
	if ((r = B(sd_bus_message_enter_container)(m, 'a', "{oa{sa{sv}}}")) <
	    0)
		goto bad;
	while ((r = B(sd_bus_message_enter_container)(m, 'e',
	    "oa{sa{sv}}")) > 0) {
		memset(&o, 0, sizeof o);
		if ((r = B(sd_bus_message_read)(m, "o", &path)) < 0 ||
		    (r = udisks_object(m, &o)) < 0 ||
		    (r = B(sd_bus_message_exit_container)(m)) < 0)
			goto bad;
		snprintf(o.path, sizeof o.path, "%s", path);
		if ((o.is_fs && o.is_block) || o.is_drive) {
			if (*n < UDISKS_MAX)
				v[(*n)++] = o;
		}
	}
	if (r >= 0)
		goto out;
bad:
	snprintf(why, UDISKS_WHY, "udisks2's answer cannot be read: %s",
	    strerror(-r));
out:
	B(sd_bus_error_free)(&err);
	B(sd_bus_message_unref)(m);
	return r < 0 ? -1 : 0;
}

/* Call a method with no options (a{sv}); *out gets an "s" reply if asked. */
static int
udisks_call(sd_bus *bus, const char *path, const char *iface,
    const char *method, char *out, size_t cap, char why[UDISKS_WHY])
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL;
	const char *s;
	int r;

	r = B(sd_bus_call_method)(bus, UDISKS_BUS, path, iface, method, &err,
	    &m, "a{sv}", 0);
	if (r < 0)
		snprintf(why, UDISKS_WHY, "%s", err.message != NULL ?
		    err.message : strerror(-r));
	else if (out != NULL) {
		if ((r = B(sd_bus_message_read)(m, "s", &s)) < 0)
			snprintf(why, UDISKS_WHY, "%s", strerror(-r));
		else
			snprintf(out, cap, "%s", s);
	}
	B(sd_bus_error_free)(&err);
	B(sd_bus_message_unref)(m);
	return r < 0 ? -1 : 0;
}

/* 1 when the drive at path (among v) is removable. */
static int
udisks_removable(const struct udisks_obj *v, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].is_drive && strcmp(v[i].path, path) == 0)
			return v[i].removable;
	return 0;
}

int
udisks_list(struct stick *v, size_t cap, char why[UDISKS_WHY])
{
	struct udisks_obj *o = NULL;
	struct statvfs sv;
	sd_bus *bus = NULL;
	size_t n = 0, i;
	char *clean;
	int found = -1;

	why[0] = '\0';
	if (udisks_open(&bus, why) != 0)
		return -1;
	if ((o = calloc(UDISKS_MAX, sizeof *o)) == NULL) {
		snprintf(why, UDISKS_WHY, "out of memory");
		goto out;
	}
	if (udisks_objects(bus, o, &n, why) != 0)
		goto out;
	found = 0;
	for (i = 0; i < n && (size_t)found < cap; i++) {
		struct stick *s = &v[found];

		if (!o[i].is_fs || o[i].hint_ignore || o[i].hint_system ||
		    !udisks_removable(o, n, o[i].drive))
			continue;
		memset(s, 0, sizeof *s);
		/* Not mounted yet: mount it (as the polkit rule allows). */
		if (o[i].mount[0] == '\0' && udisks_call(bus, o[i].path,
		    UDISKS_IF "Filesystem", "Mount", o[i].mount,
		    sizeof o[i].mount, why) != 0)
			continue;
		snprintf(s->path, sizeof s->path, "%s", o[i].mount);
		snprintf(s->object, sizeof s->object, "%s", o[i].path);
		snprintf(s->drive, sizeof s->drive, "%s", o[i].drive);
		clean = utf8_sanitize(o[i].label, strlen(o[i].label), 0);
		snprintf(s->label, sizeof s->label, "%s", clean != NULL &&
		    *clean != '\0' ? clean : "USB");
		free(clean);
		s->size = o[i].size > 0 ? o[i].size : -1;
		s->avail = -1;
		if (statvfs(s->path, &sv) == 0)
			s->avail = (long long)sv.f_bavail * (long long)sv.f_frsize;
		s->writable = !o[i].readonly && access(s->path, W_OK) == 0;
		found++;
	}
out:
	free(o);
	B(sd_bus_flush_close_unref)(bus);
	return found;
}

int
udisks_eject(const struct stick *s, char why[UDISKS_WHY])
{
	sd_bus *bus = NULL;
	char ignore[UDISKS_WHY];
	int r = -1;

	why[0] = '\0';
	if (udisks_open(&bus, why) != 0)
		return -1;
	if (udisks_call(bus, s->object, UDISKS_IF "Filesystem", "Unmount",
	    NULL, 0, why) == 0) {
		r = 0;
		/* The stick's light goes out; not every drive can. */
		if (s->drive[0] != '\0' && strcmp(s->drive, "/") != 0)
			(void)udisks_call(bus, s->drive, UDISKS_IF "Drive",
			    "PowerOff", NULL, 0, ignore);
	}
	B(sd_bus_flush_close_unref)(bus);
	return r;
}
