/*
 * The facilitator in the plain front end: "F12" on the main menu, as the
 * kiosk's F12. Never offered to participants in the help.
 *
 * Without a PIN, first-run setup: the PIN twice, the clock when it is
 * behind (tui/laptop.h), then the council's pack from a USB stick. With
 * one, the PIN (its wrong tries delayed and counted on disk, sync/pin.h),
 * then the chores by number: syncing with the USB stick, the laptop's
 * status, content from the USB stick, the clock, shutting down. A PIN is never echoed: the terminal's
 * echo is off while it is typed, and the line is not repeated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/pack.h"
#include "sync/pin.h"
#include "sync/trust.h"
#include "tui/i18n.h"
#include "tui/laptop.h"
#include "tui/plain-int.h"
#include "tui/screen-chores.h"
#include "tui/stick.h"

/* Ask for a PIN into buf (cap bytes): 0, or -1 at the end of input. */
static int
plain_ask_pin(struct plain *pl, char *buf, size_t cap)
{
	struct termios old, quiet;
	int fd = fileno(pl->in), tty = isatty(fd) && tcgetattr(fd, &old) == 0;
	const char *a;

	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	pl->quiet = 1;
	a = plain_ask(pl);
	pl->quiet = 0;
	if (tty)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (a == NULL)
		return -1;
	snprintf(buf, cap, "%s", a);
	explicit_bzero(pl->line, sizeof pl->line);
	return 0;
}

/* The PIN, twice. 0 once set; -1 when the person goes back or input ends. */
static int
plain_pin_set(struct plain *pl)
{
	char first[PIN_MAX_DIGITS + 2], again[PIN_MAX_DIGITS + 2], *cause = NULL;
	int r = -1, set;

	plain_say(pl, _("Set the facilitator PIN"));
	plain_say(pl, _("This laptop needs a PIN before anyone uses it. Only the "
	    "PIN opens the facilitator menu (F12)."));
	for (;;) {
		plain_say(pl, _("New PIN (4 to 12 digits), or b to go back:"));
		if (plain_ask_pin(pl, first, sizeof first) != 0 ||
		    strcmp(first, "b") == 0)
			break;
		if (!pin_valid(first)) {
			plain_sayf(pl, _("A PIN is %d to %d digits."),
			    PIN_MIN_DIGITS, PIN_MAX_DIGITS);
			continue;
		}
		plain_say(pl, _("The same PIN again:"));
		if (plain_ask_pin(pl, again, sizeof again) != 0)
			break;
		if (strcmp(first, again) != 0) {
			plain_say(pl, _("The two PINs were not the same. Choose "
			    "a PIN again."));
			continue;
		}
		set = pin_set(pl->home, first, &cause);
		if (set != ERR_OK) {
			plain_sayf(pl, _("The PIN cannot be stored: %s"),
			    cause != NULL ? cause : err_str(set));
			free(cause);
			cause = NULL;
			break;
		}
		plain_say(pl, _("The facilitator PIN is set. F12 and the PIN "
		    "open the facilitator menu."));
		r = 0;
		break;
	}
	explicit_bzero(first, sizeof first);
	explicit_bzero(again, sizeof again);
	return r;
}

/* The clock: typed and set, or k to keep it. */
static void
plain_clock(struct plain *pl, int behind)
{
	char now[LAPTOP_TIME_SIZE], *cause = NULL;
	const char *a;
	time_t t;
	int r;

	laptop_time_format(laptop_now(), now);
	if (behind)
		plain_sayf(pl, _("This laptop's clock says %s, which cannot be "
		    "right. Every answer carries the time it was given: please "
		    "set the date and time."), now);
	else
		plain_sayf(pl, _("This laptop's clock says %s. Every answer "
		    "carries the time it was given."), now);
	for (;;) {
		plain_say(pl, _("Type the date and time as 2026-03-14 09:30, or "
		    "k to keep this time:"));
		if ((a = plain_ask(pl)) == NULL)
			return;
		if (strcmp(a, "k") == 0 || strcmp(a, "b") == 0) {
			plain_say(pl, _("The clock was not set: answers will carry "
			    "the time it shows."));
			return;
		}
		if (laptop_time_parse(a, &t) != 0) {
			plain_say(pl, _("Type the date and time as 2026-03-14 "
			    "09:30 (year, month, day, hours, minutes)."));
			continue;
		}
		if ((r = laptop_set_time(t, &cause)) != ERR_OK) {
			plain_sayf(pl, _("The clock cannot be set: %s"),
			    cause != NULL ? cause : err_str(r));
			free(cause);
			cause = NULL;
			continue;
		}
		plain_say(pl, _("The clock is set."));
		return;
	}
}

/* Choose one of n by number; the index, or -1 for b or the end. */
static int
plain_pick(struct plain *pl, size_t n)
{
	const char *a;
	int k;

	for (;;) {
		if ((a = plain_ask(pl)) == NULL || strcmp(a, "b") == 0)
			return -1;
		if ((k = plain_number(a, n)) > 0)
			return k - 1;
		plain_say(pl, _("Please type one of the numbers, or b."));
	}
}

/* 1 when the facilitator types yes. */
static int
plain_yes(struct plain *pl)
{
	const char *a = plain_ask(pl);

	return a != NULL && (strcmp(a, "yes") == 0 || strcmp(a, "y") == 0);
}

/* The stick to use: the one in, or one chosen. 0, or -1. */
static int
plain_stick(struct plain *pl, struct stick *out)
{
	struct stick v[STICK_MAX];
	char size[32];
	size_t n, i;
	int k;

	for (;;) {
		if ((n = stick_list(v, STICK_MAX)) > 0)
			break;
		plain_say(pl, _("No USB stick found. Plug one in, wait a "
		    "moment, then press Enter to look again, or type b to go "
		    "back."));
		if (plain_ask(pl) == NULL || strcmp(pl->line, "b") == 0)
			return -1;
	}
	if (n == 1) {
		*out = v[0];
		stick_size(v[0].size, size, sizeof size);
		plain_sayf(pl, _("USB stick: %s (%s)"), v[0].label, size);
		return 0;
	}
	plain_say(pl, _("Choose a USB stick:"));
	for (i = 0; i < n; i++) {
		stick_size(v[i].size, size, sizeof size);
		plain_sayf(pl, "%zu. %s (%s)", i + 1, v[i].label, size);
	}
	if ((k = plain_pick(pl, n)) < 0)
		return -1;
	*out = v[k];
	return 0;
}

/* "Install content from the USB stick". */
static void
plain_install(struct plain *pl)
{
	char names[STICK_MAX_PACKS][NAME_MAX + 1];
	char zip[PATH_MAX + NAME_MAX + 2];
	struct stick_install in;
	struct stick st;
	size_t i;
	int n, k = 0;

	plain_say(pl, _("Install content from the USB stick"));
	if (plain_stick(pl, &st) != 0)
		return;
	if ((n = stick_packs(st.path, names, STICK_MAX_PACKS)) < 0) {
		plain_say(pl, _("The stick cannot be read: was it taken out? "
		    "Nothing was installed."));
		return;
	}
	if (n == 0) {
		plain_say(pl, _("This stick holds no content pack (a .zip made "
		    "with `outreach hub pack`)."));
		return;
	}
	if (n > 1) {
		plain_sayf(pl, _("The stick holds %d content packs. Choose the "
		    "one to install:"), n);
		for (i = 0; i < (size_t)n; i++)
			plain_sayf(pl, "%zu. %s", i + 1, names[i]);
		if ((k = plain_pick(pl, (size_t)n)) < 0)
			return;
	} else
		plain_sayf(pl, _("Content pack: %s"), names[0]);
	if ((size_t)snprintf(zip, sizeof zip, "%s/%s", st.path, names[k]) >=
	    sizeof zip) {
		plain_say(pl, _("Nothing was installed: the name is too long."));
		return;
	}
	stick_install(pl->home, pl->bundled, zip, NULL, 0, &in);
	if (in.verdict == STICK_ASK_TRUST) {
		plain_say(pl, in.note);
		plain_say(pl, _("Type yes to trust it and install, or b to "
		    "install nothing."));
		if (!plain_yes(pl)) {
			plain_say(pl, _("Nothing was installed."));
			return;
		}
		stick_install(pl->home, pl->bundled, zip, &in.key, 0, &in);
	}
	if (in.verdict == STICK_ASK_REPLACE) {
		plain_say(pl, in.note);
		plain_say(pl, _("Type yes to replace it, or b to keep it."));
		if (!plain_yes(pl)) {
			plain_say(pl, _("Nothing was installed."));
			return;
		}
		stick_install(pl->home, pl->bundled, zip, &in.key, 1, &in);
	}
	plain_say(pl, in.note);
	if (in.verdict == STICK_INSTALLED)
		plain_say(pl, _("The kiosk shows it from its next start."));
}

/* "Sync with the USB stick": receipts in, bundles out, the numbers. */
static void
plain_sync(struct plain *pl)
{
	struct stick_sync out;
	struct stick st;

	plain_say(pl, _("Sync with the USB stick"));
	if (plain_stick(pl, &st) != 0)
		return;
	stick_sync(pl->home, pl->bundled, st.path, NULL, NULL, &out);
	plain_say(pl, out.note);
	plain_say(pl, _("Press Enter to take the stick out safely."));
	if (plain_ask(pl) == NULL)
		return;
	plain_say(pl, stick_eject(&st) == 0 ? _("You can take the stick "
	    "out now.") : _("The stick is already out."));
}

static void
plain_status(struct plain *pl)
{
	struct laptop_status st;
	struct status_row rows[STATUS_ROWS];
	size_t i, n;

	screen_status_read(pl->home, &st);
	plain_say(pl, _("Laptop status"));
	n = screen_status_rows(&st, pl->home, pl->pack, rows, STATUS_ROWS);
	for (i = 0; i < n; i++)
		plain_sayf(pl, "%s %s", rows[i].label, rows[i].value);
	if (st.note[0] != '\0')
		plain_say(pl, st.note);
}

/* Shut down, asked first. 1 when the laptop is switching off. */
static int
plain_shutdown(struct plain *pl)
{
	char *cause = NULL;
	int r;

	plain_say(pl, _("Shut down the laptop? Every answer sealed stays on "
	    "this laptop. Type yes to shut down, or b to go back."));
	if (!plain_yes(pl))
		return 0;
	if ((r = laptop_poweroff(&cause)) != ERR_OK) {
		plain_sayf(pl, _("The laptop cannot shut down from here: %s"),
		    cause != NULL ? cause : err_str(r));
		free(cause);
		return 0;
	}
	plain_say(pl, _("Shutting down..."));
	return 1;
}

/* First run: the PIN, the clock when behind, the pack. */
static void
plain_first_run(struct plain *pl)
{
	struct trust t;

	if (plain_pin_set(pl) != 0)
		return;
	if (laptop_clock_behind(laptop_now(), pl->pack->dir))
		plain_clock(pl, 1);
	if (pl->eof)
		return;
	plain_sayf(pl, _("Pack in use: %s %s"), pl->pack->id,
	    pl->pack->version);
	if (trust_load(pl->home, pl->bundled, &t, NULL) == 0) {
		plain_sayf(pl, _("Trusted hub key id: %s"), t.key_id);
		trust_clear(&t);
	}
	plain_say(pl, _("To install your council's signed pack, plug in the "
	    "USB stick that holds it."));
	plain_sayf(pl, "1. %s", _("Install content from the USB stick"));
	plain_sayf(pl, "2. %s", _("Not now: keep this pack"));
	if (plain_pick(pl, 2) == 0)
		plain_install(pl);
}

/* The PIN: 0 when right. */
static int
plain_pin(struct plain *pl)
{
	char pin[PIN_MAX_DIGITS + 2], why[300];
	int wait = 0, r;

	pin_guard_load(pl->home, &pl->pin_guard, time(NULL));
	plain_say(pl, _("For the facilitator only. PIN (or b to go back):"));
	if (plain_ask_pin(pl, pin, sizeof pin) != 0 || strcmp(pin, "b") == 0)
		return -1;
	r = pin_check(pl->home, pin, &pl->pin_guard, time(NULL), &wait, NULL);
	explicit_bzero(pin, sizeof pin);
	if (r == ERR_OK)
		return 0;
	screen_pin_refusal(why, sizeof why, r, &pl->pin_guard, wait);
	plain_say(pl, why);
	return -1;
}

void
plain_facilitator(struct plain *pl)
{
	struct laptop_status st;
	int k;

	if (!pin_is_set(pl->home)) {
		plain_first_run(pl);
		return;
	}
	if (plain_pin(pl) != 0)
		return;
	while (!pl->eof) {
		plain_say(pl, _("Facilitator menu"));
		screen_status_read(pl->home, &st);
		plain_sayf(pl, _("This device's key id: %s"),
		    st.key_id[0] != '\0' ? st.key_id : _("none yet"));
		plain_sayf(pl, "1. %s", _("Sync with the USB stick"));
		plain_sayf(pl, "2. %s", _("Laptop status"));
		plain_sayf(pl, "3. %s", _("Install content from the USB stick"));
		plain_sayf(pl, "4. %s", _("Set the clock"));
		plain_sayf(pl, "5. %s", _("Shut down the laptop"));
		plain_say(pl, _("Type a number, or b to go back."));
		if ((k = plain_pick(pl, 5)) < 0)
			return;
		switch (k) {
		case 0:
			plain_sync(pl);
			break;
		case 1:
			plain_status(pl);
			break;
		case 2:
			plain_install(pl);
			break;
		case 3:
			plain_clock(pl, laptop_clock_behind(laptop_now(),
			    pl->pack->dir));
			break;
		case 4:
			if (plain_shutdown(pl)) {
				/* Nothing more: the laptop is going down. */
				pl->eof = 1;
				return;
			}
			break;
		}
	}
}
