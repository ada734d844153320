/*
 * helper-udisks: a pretend udisks2 on a private D-Bus, for
 * tests/cli/udisks.sh: the kiosk's D-Bus client (tui/udisks.c) is driven
 * through the real protocol, with no root and no real stick.
 *
 *	helper-udisks STICKDIR LOG
 *
 * It owns org.freedesktop.UDisks2 on the bus DBUS_SYSTEM_BUS_ADDRESS
 * names and manages three objects: a USB stick's filesystem (label
 * KINGSTON, 8 GB, on a removable USB drive; mounting it "mounts" STICKDIR,
 * which is its mount point while mounted), that drive, and the laptop's
 * own disk's filesystem (HintSystem, a drive that is not removable), which
 * the kiosk must never list. Once its drive is powered off the stick is
 * gone, as a real one is until it is plugged in again. Each method call
 * is appended to LOG as one line ("Mount /org/...").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define FS	"/org/freedesktop/UDisks2/block_devices/sdb1"
#define DRIVE	"/org/freedesktop/UDisks2/drives/Kingston_DataTraveler"
#define SYS	"/org/freedesktop/UDisks2/block_devices/sda1"
#define SYSDRV	"/org/freedesktop/UDisks2/drives/Samsung_SSD"

static const char *stickdir, *logpath;
static int mounted;
static int powered_off;		/* the drive is gone until replugged */

static void
logline(const char *what, const char *path)
{
	FILE *f = fopen(logpath, "a");

	if (f != NULL) {
		fprintf(f, "%s %s\n", what, path);
		fclose(f);
	}
}

/* Close n containers of m. */
static int
close_n(sd_bus_message *m, int n)
{
	int r = 0;

	while (n-- > 0)
		if ((r = sd_bus_message_close_container(m)) < 0)
			break;
	return r;
}

/* {sv} entries: name, signature, value. */
static int
prop_s(sd_bus_message *m, const char *name, const char *sig, const char *v)
{
	return sd_bus_message_append(m, "{sv}", name, sig, v);
}

static int
prop_b(sd_bus_message *m, const char *name, int v)
{
	return sd_bus_message_append(m, "{sv}", name, "b", v);
}

static int
add_block(sd_bus_message *m, const char *path, const char *label,
    uint64_t size, const char *drive, int system, const char *mount)
{
	int r;

	if ((r = sd_bus_message_open_container(m, 'e', "oa{sa{sv}}")) < 0 ||
	    (r = sd_bus_message_append(m, "o", path)) < 0 ||
	    (r = sd_bus_message_open_container(m, 'a', "{sa{sv}}")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'e', "sa{sv}")) < 0 ||
	    (r = sd_bus_message_append(m, "s",
	    "org.freedesktop.UDisks2.Block")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'a', "{sv}")) < 0 ||
	    (r = prop_s(m, "IdLabel", "s", label)) < 0 ||
	    (r = sd_bus_message_append(m, "{sv}", "Size", "t", size)) < 0 ||
	    (r = prop_s(m, "Drive", "o", drive)) < 0 ||
	    (r = prop_b(m, "HintIgnore", 0)) < 0 ||
	    (r = prop_b(m, "HintSystem", system)) < 0 ||
	    (r = prop_b(m, "ReadOnly", 0)) < 0 ||
	    (r = prop_s(m, "IdType", "s", "vfat")) < 0 ||
	    (r = close_n(m, 2)) < 0 ||
	    (r = sd_bus_message_open_container(m, 'e', "sa{sv}")) < 0 ||
	    (r = sd_bus_message_append(m, "s",
	    "org.freedesktop.UDisks2.Filesystem")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'a', "{sv}")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'e', "sv")) < 0 ||
	    (r = sd_bus_message_append(m, "s", "MountPoints")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'v', "aay")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'a', "ay")) < 0)
		return r;
	if (mount != NULL &&
	    (r = sd_bus_message_append_array(m, 'y', mount,
	    strlen(mount) + 1)) < 0)
		return r;
	return close_n(m, 7);
}

static int
add_drive(sd_bus_message *m, const char *path, int removable,
    const char *bus)
{
	int r;

	if ((r = sd_bus_message_open_container(m, 'e', "oa{sa{sv}}")) < 0 ||
	    (r = sd_bus_message_append(m, "o", path)) < 0 ||
	    (r = sd_bus_message_open_container(m, 'a', "{sa{sv}}")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'e', "sa{sv}")) < 0 ||
	    (r = sd_bus_message_append(m, "s",
	    "org.freedesktop.UDisks2.Drive")) < 0 ||
	    (r = sd_bus_message_open_container(m, 'a', "{sv}")) < 0 ||
	    (r = prop_b(m, "Removable", removable)) < 0 ||
	    (r = prop_b(m, "MediaRemovable", removable)) < 0 ||
	    (r = prop_s(m, "ConnectionBus", "s", bus)) < 0)
		return r;
	return close_n(m, 4);
}

static int
on_manager(sd_bus_message *m, void *ud, sd_bus_error *err)
{
	sd_bus_message *reply = NULL;
	int r;

	(void)ud;
	(void)err;
	if (!sd_bus_message_is_method_call(m,
	    "org.freedesktop.DBus.ObjectManager", "GetManagedObjects"))
		return 0;
	logline("GetManagedObjects", "/org/freedesktop/UDisks2");
	if ((r = sd_bus_message_new_method_return(m, &reply)) < 0 ||
	    (r = sd_bus_message_open_container(reply, 'a', "{oa{sa{sv}}}")) < 0 ||
	    (r = add_block(reply, SYS, "rootfs", 250000000000ULL, SYSDRV, 1,
	    "/")) < 0 ||
	    (r = add_drive(reply, SYSDRV, 0, "sata")) < 0)
		goto out;
	if (!powered_off &&
	    ((r = add_block(reply, FS, "KINGSTON", 8000000000ULL, DRIVE, 0,
	    mounted ? stickdir : NULL)) < 0 ||
	    (r = add_drive(reply, DRIVE, 1, "usb")) < 0))
		goto out;
	if ((r = sd_bus_message_close_container(reply)) < 0)
		goto out;
	r = sd_bus_send(NULL, reply, NULL);
out:
	sd_bus_message_unref(reply);
	return r < 0 ? r : 1;
}

static int
on_object(sd_bus_message *m, void *ud, sd_bus_error *err)
{
	const char *path = sd_bus_message_get_path(m);

	(void)ud;
	if (sd_bus_message_is_method_call(m, "org.freedesktop.UDisks2.Filesystem",
	    "Mount")) {
		logline("Mount", path);
		if (strcmp(path, FS) != 0)
			return sd_bus_error_set(err, "org.freedesktop.UDisks2."
			    "Error.NotAuthorized", "Not authorized");
		if (mounted)
			return sd_bus_error_set(err, "org.freedesktop.UDisks2."
			    "Error.AlreadyMounted", "Already mounted");
		mounted = 1;
		return sd_bus_reply_method_return(m, "s", stickdir);
	}
	if (sd_bus_message_is_method_call(m, "org.freedesktop.UDisks2.Filesystem",
	    "Unmount")) {
		logline("Unmount", path);
		if (!mounted)
			return sd_bus_error_set(err, "org.freedesktop.UDisks2."
			    "Error.NotMounted", "Not mounted");
		mounted = 0;
		return sd_bus_reply_method_return(m, "");
	}
	if (sd_bus_message_is_method_call(m, "org.freedesktop.UDisks2.Drive",
	    "PowerOff")) {
		logline("PowerOff", path);
		powered_off = 1;
		return sd_bus_reply_method_return(m, "");
	}
	return 0;
}

int
main(int argc, char **argv)
{
	sd_bus *bus = NULL;
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: helper-udisks STICKDIR LOG\n");
		return 2;
	}
	stickdir = argv[1];
	logpath = argv[2];
	if ((r = sd_bus_open_system(&bus)) < 0 ||
	    (r = sd_bus_add_object(bus, NULL, "/org/freedesktop/UDisks2",
	    on_manager, NULL)) < 0 ||
	    (r = sd_bus_add_fallback(bus, NULL,
	    "/org/freedesktop/UDisks2/block_devices", on_object, NULL)) < 0 ||
	    (r = sd_bus_add_fallback(bus, NULL,
	    "/org/freedesktop/UDisks2/drives", on_object, NULL)) < 0 ||
	    (r = sd_bus_request_name(bus, "org.freedesktop.UDisks2", 0)) < 0) {
		fprintf(stderr, "helper-udisks: %s\n", strerror(-r));
		return 1;
	}
	logline("ready", "-");
	for (;;) {
		if ((r = sd_bus_process(bus, NULL)) < 0)
			break;
		if (r > 0)
			continue;
		if ((r = sd_bus_wait(bus, (uint64_t)-1)) < 0)
			break;
	}
	sd_bus_flush_close_unref(bus);
	return 0;
}
