/*
 * USB sticks through udisks2, over the system D-Bus (sd-bus, from
 * libsystemd, opened on first use: content/libload.h): the kiosk's
 * unprivileged user lists removable filesystems, mounts and unmounts
 * them, as the package's polkit rule allows it for removable drives only
 * (scripts/deb/kiosk/polkit.rules).
 *
 * A filesystem is a stick when udisks does not hide it (HintIgnore,
 * HintSystem) and its drive is removable or on USB. Listing mounts every
 * such stick not yet mounted (udisks mounts under /media/<user>/<label>),
 * since a facilitator who opens a stick chore wants to use it.
 */
#ifndef OUTREACH_UDISKS_H
#define OUTREACH_UDISKS_H

#include <stddef.h>

struct stick;

#define UDISKS_WHY	256

/*
 * The sticks udisks knows, mounted, at most cap into v: how many, or -1
 * when udisks cannot be reached (why says so: no libsystemd, no system
 * bus, no udisks2).
 */
int	udisks_list(struct stick *v, size_t cap, char why[UDISKS_WHY]);
/*
 * Unmount the stick s (listed by udisks_list) and power its drive off,
 * so that it can be taken out: 0, or -1 with why set.
 */
int	udisks_eject(const struct stick *s, char why[UDISKS_WHY]);

#endif
