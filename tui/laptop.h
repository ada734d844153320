/*
 * The laptop itself, for the facilitator's first run and chores: its
 * clock, its battery, its free disk, and switching it off.
 *
 * Every answer carries the time it was given, and an old laptop with a
 * flat clock battery boots in the past (often 2000 or 2009). The clock is
 * "behind" when it reads earlier than the day this program was built, or
 * than the time the pack in use was put on the laptop (its pack.ini's):
 * then the facilitator is asked to set it.
 *
 * Setting the clock runs `timedatectl set-time`, and shutting down
 * `systemctl poweroff`: systemd's timedated and logind, over D-Bus, which
 * the kiosk's unprivileged user may ask through the narrow polkit rule
 * the Debian package installs (scripts/deb/polkit.rules: setting the time
 * and powering off, nothing else). No shell is involved: each program is
 * run with its arguments (posix_spawnp).
 *
 * The tests' program (build/outreach-test, tests/hooks/laptop-fake.c)
 * stands a pretend clock, power switch and battery folder in for the
 * system's through laptop_hooks_install; the installed program has no
 * such hook.
 */
#ifndef OUTREACH_LAPTOP_H
#define OUTREACH_LAPTOP_H

#include <stddef.h>
#include <time.h>

/* "YYYY-MM-DD HH:MM": what the facilitator types, and 1 for the NUL. */
#define LAPTOP_TIME_SIZE	17

/* What reads and sets the clock and switches off; NULL: the system's. */
struct laptop_hooks {
	time_t		(*now)(void);
	int		(*set_time)(time_t t, char **cause);
	int		(*poweroff)(char **cause);
	const char	*power_supply;	/* /sys/class/power_supply */
};

/* Stand hooks in for the system (tests only). */
void	laptop_hooks_install(const struct laptop_hooks *h);

/* The time now. */
time_t	laptop_now(void);
/* Set the system clock to t: ERR_OK, or an error and a cause (Caller frees). */
int	laptop_set_time(time_t t, char **cause);
/* Switch the laptop off cleanly: ERR_OK once asked, or an error. */
int	laptop_poweroff(char **cause);

/* The day this program was built (midnight UTC). */
time_t	laptop_built(void);
/*
 * The earliest the clock may honestly read: the build day, or the time
 * the pack in folder pack_dir (may be NULL) was put on this laptop.
 */
time_t	laptop_clock_floor(const char *pack_dir);
/* 1 when now is earlier than laptop_clock_floor(pack_dir). */
int	laptop_clock_behind(time_t now, const char *pack_dir);

/*
 * Read "YYYY-MM-DD HH:MM" (local time; "YYYY-MM-DD" alone is midnight)
 * into *t: 0, or -1 when it is not a real date and time from 2020 to 2099.
 */
int	laptop_time_parse(const char *s, time_t *t);
/* t as "YYYY-MM-DD HH:MM" (local time) into out. */
void	laptop_time_format(time_t t, char out[LAPTOP_TIME_SIZE]);

/*
 * The battery: its charge in percent and whether it is charging (1), or
 * -1 when the laptop reports no battery.
 */
int	laptop_battery(int *percent, int *charging);
/* Free bytes for the data folder home, or -1. */
long long laptop_free_disk(const char *home);

#endif
