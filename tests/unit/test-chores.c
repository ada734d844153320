/*
 * The facilitator's chores, headless: first-run setup after the PIN (the
 * clock behind, set through the laptop's hooks, then the pack), the
 * laptop's status (counts, battery, disk, clock, pack), shutting down
 * behind a question, and USB sticks found under a mount root.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "sync/pin.h"
#include "tui/kiosk.h"
#include "tui/laptop.h"
#include "tui/screen-chores.h"
#include "tui/stick.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-screen.h"

/* The pretend laptop: its clock, what was set, whether it switched off. */
static time_t fake_offset;
static time_t fake_set_to;
static int fake_off;
static int fake_refuse;

static time_t
fake_now(void)
{
	return time(NULL) + fake_offset;
}

static int
fake_set(time_t t, char **cause)
{
	if (fake_refuse)
		return err_set(cause, ERR_PERM, "Access denied");
	fake_set_to = t;
	fake_offset = t - time(NULL);
	return ERR_OK;
}

static int
fake_poweroff(char **cause)
{
	if (fake_refuse)
		return err_set(cause, ERR_PERM, "Access denied");
	fake_off = 1;
	return ERR_OK;
}

static const char *
top_name(struct kiosk *k)
{
	return kiosk_top(k)->cls->name;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void
test_time(void)
{
	time_t t;
	char out[LAPTOP_TIME_SIZE];
	struct tm tm;

	CHECK(laptop_time_parse("2027-03-14 09:30", &t) == 0 &&
	    localtime_r(&t, &tm) != NULL && tm.tm_year == 127 &&
	    tm.tm_mon == 2 && tm.tm_mday == 14 && tm.tm_hour == 9 &&
	    tm.tm_min == 30, "a date and time are read as local time");
	laptop_time_format(t, out);
	CHECK(strcmp(out, "2027-03-14 09:30") == 0, "and written back the same");
	CHECK(laptop_time_parse("2027-03-14", &t) == 0, "a date alone is midnight");
	CHECK(laptop_time_parse("2027-02-31 10:00", &t) == -1 &&
	    laptop_time_parse("2009-01-01 10:00", &t) == -1 &&
	    laptop_time_parse("2027-03-14 24:00", &t) == -1 &&
	    laptop_time_parse("2027-3-14 9:30", &t) == -1 &&
	    laptop_time_parse("2027-03-14 09:30x", &t) == -1 &&
	    laptop_time_parse("", &t) == -1,
	    "31 February, 2009, hour 24, missing zeros, trailing text: refused");
	CHECK(laptop_clock_behind((time_t)1230768000, NULL),
	    "1 January 2009 is behind the build day");
	CHECK(!laptop_clock_behind(time(NULL), NULL), "today is not");
	CHECK(laptop_built() <= time(NULL) && laptop_built() > (time_t)1700000000,
	    "the build day is in the past, and recent");
}

/* F12, the PIN twice, then the clock 17 years behind, then the pack. */
static void
test_first_run(struct pack *pack, const char *home)
{
	struct kiosk k;
	time_t want;

	fake_offset = (time_t)1230768000 - time(NULL);	/* 2009-01-01 */
	kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24);
	k.appliance = 1;
	kiosk_start(&k);
	CHECK(strcmp(top_name(&k), "pinset") == 0, "first run: the PIN first");
	type(&k, "2468");
	key(&k, K_ENTER);
	type(&k, "2468");
	key(&k, K_ENTER);
	CHECK(strcmp(top_name(&k), "setup") == 0 && has(&k, "Set the clock") &&
	    has(&k, "cannot be right") && has(&k, "2009-01-01"),
	    "then the clock, which says 2009");
	key(&k, K_ESC);
	key(&k, K_ESC);
	key(&k, K_ESC);
	key(&k, K_ESC);
	CHECK(strcmp(top_name(&k), "home") == 0,
	    "Esc keeps that time, and leaves the pack for now");
	kiosk_free(&k);
	{
		char path[700];

		snprintf(path, sizeof path, "%s/pin", home);
		unlink(path);
	}
	kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24);
	key(&k, K_F12);
	type(&k, "13579");
	key(&k, K_ENTER);
	type(&k, "13579");
	key(&k, K_ENTER);
	CHECK(strcmp(top_name(&k), "setup") == 0 && has(&k, "Set the clock"),
	    "F12 without a PIN: the PIN, then the clock too");
	times(&k, K_BACKSPACE, 20);
	type(&k, "2027-02-31 10:00");
	key(&k, K_ENTER);
	CHECK(has(&k, "Type the date and time as") && fake_set_to == 0,
	    "a date that is not a day is refused, nothing set");
	fake_refuse = 1;
	times(&k, K_BACKSPACE, 20);
	type(&k, "2027-01-02 10:00");
	key(&k, K_ENTER);
	CHECK(has(&k, "The clock cannot be set: Access denied") &&
	    strcmp(top_name(&k), "setup") == 0,
	    "the system refusing is said, and the clock is asked again");
	fake_refuse = 0;
	key(&k, K_ENTER);
	laptop_time_parse("2027-01-02 10:00", &want);
	CHECK(fake_set_to == want, "the time typed is set");
	CHECK(has(&k, "The clock is set.") &&
	    has(&k, "Install content from the USB stick") &&
	    has(&k, "Pack in use: hackney-asc 1.0.0"),
	    "then the council's pack is offered");
	key(&k, '1');
	CHECK(strcmp(top_name(&k), "stick") == 0, "which opens the stick's install");
	key(&k, K_ESC);
	key(&k, K_ESC);
	CHECK(strcmp(top_name(&k), "home") == 0, "Esc twice: the kiosk");
	kiosk_free(&k);
}

static void
test_status(struct pack *pack, const char *home, const char *tmp)
{
	struct kiosk k;
	char bat[600];

	snprintf(bat, sizeof bat, "%s/power/BAT0", tmp);
	mkdir(bat, 0700);
	write_file(bat, "type", "Battery\n");
	write_file(bat, "capacity", "42\n");
	write_file(bat, "status", "Discharging\n");
	fake_offset = 0;
	kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24);
	key(&k, K_F12);
	type(&k, "13579");
	key(&k, K_ENTER);
	CHECK(has(&k, "5. Sync with the USB stick") &&
	    has(&k, "6. Laptop status") && has(&k, "7. Install content from "
	    "the USB stick") && has(&k, "8. Set the clock") &&
	    has(&k, "9. Shut down the laptop"), "the menu offers the chores");
	key(&k, '6');
	CHECK(has(&k, "Answers waiting for export:") &&
	    has(&k, "Exported, waiting for a receipt:") &&
	    has(&k, "Acknowledged by the hub:") && has(&k, "Last sync:") &&
	    has(&k, "never") && has(&k, "Content pack:") &&
	    has(&k, "hackney-asc 1.0.0") && has(&k, "Free disk:") &&
	    has(&k, "Clock:"), "the status: counts, last sync, pack, disk, clock");
	CHECK(has(&k, "42%, on battery"), "the battery, from the power supply");
	key(&k, K_ESC);
	key(&k, '8');
	CHECK(strcmp(top_name(&k), "setup") == 0 && has(&k, "Set the clock"),
	    "Set the clock opens the clock alone");
	key(&k, K_ESC);
	CHECK(strcmp(top_name(&k), "facilitator") == 0, "and Esc goes back");
	key(&k, '9');
	CHECK(strcmp(top_name(&k), "confirm") == 0 &&
	    has(&k, "Shut down the laptop?"), "Shut down asks first");
	key(&k, K_ENTER);
	CHECK(!fake_off && k.running, "No: nothing happens");
	key(&k, '9');
	fake_refuse = 1;
	key(&k, K_RIGHT);
	key(&k, K_ENTER);
	CHECK(!fake_off && k.running && has(&k, "cannot shut down from here"),
	    "refused by the system: said, the kiosk runs on");
	fake_refuse = 0;
	key(&k, '9');
	key(&k, K_RIGHT);
	key(&k, K_ENTER);
	CHECK(fake_off && !k.running, "Yes: the laptop switches off, the kiosk ends");
	kiosk_free(&k);
}

static void
test_sticks(const char *tmp)
{
	struct stick v[STICK_MAX];
	char root[600], path[700], names[STICK_MAX_PACKS][NAME_MAX + 1];
	size_t n;

	snprintf(root, sizeof root, "%s/media", tmp);
	mkdir(root, 0700);
	setenv("OUTREACH_STICK_ROOT", root, 1);
	CHECK(stick_list(v, STICK_MAX) == 0, "no stick in: none listed");
	snprintf(path, sizeof path, "%s/COUNCIL", root);
	mkdir(path, 0700);
	write_file(path, "pack-2.zip", "x");
	write_file(path, "pack-1.zip", "x");
	write_file(path, "outreach-ABCDEF0123456789-000001.zip", "x");
	write_file(path, "notes.txt", "x");
	n = stick_list(v, STICK_MAX);
	CHECK(n == 1 && strcmp(v[0].label, "COUNCIL") == 0 && v[0].size > 0 &&
	    v[0].writable, "a stick: its label, size, writable");
	CHECK(stick_packs(path, names, STICK_MAX_PACKS) == 2 &&
	    strcmp(names[0], "pack-1.zip") == 0 &&
	    strcmp(names[1], "pack-2.zip") == 0,
	    "its packs, sorted, bundles and other files left out");
	CHECK(stick_packs("/nonexistent/stick", names, STICK_MAX_PACKS) == -1,
	    "a stick taken out: -1");
	{
		struct stick_install in;
		char home[700], zip[800];

		snprintf(home, sizeof home, "%s/home", tmp);
		stick_install(home, "content/packs/hackney",
		    "/nonexistent/stick/pack.zip", NULL, 0, &in);
		CHECK(in.verdict == STICK_FAILED &&
		    strstr(in.note, "could not be read (was it taken out?)") &&
		    strstr(in.note, "the pack in use stays"),
		    "a pack whose stick was taken out: said, nothing installed");
		snprintf(zip, sizeof zip, "%s/pack-1.zip", path);
		stick_install(home, "content/packs/hackney", zip, NULL, 0, &in);
		CHECK(in.verdict == STICK_FAILED &&
		    strstr(in.note, "Nothing was installed: ") &&
		    strstr(in.note, "The pack in use stays."),
		    "a pack cut short (not a zip): said, nothing installed");
	}
	unsetenv("OUTREACH_STICK_ROOT");
}

int
main(void)
{
	struct laptop_hooks h = { fake_now, fake_set, fake_poweroff, NULL };
	struct pack *pack = NULL;
	char tmp[] = "/tmp/outreach-chores-XXXXXX", home[600], power[600];

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	if (mkdtemp(tmp) == NULL || pack_load("content/packs/hackney", &pack,
	    NULL) != 0) {
		CHECK(0, "a folder and the Hackney pack");
		return test_done();
	}
	snprintf(home, sizeof home, "%s/home", tmp);
	mkdir(home, 0700);
	snprintf(power, sizeof power, "%s/power", tmp);
	mkdir(power, 0700);
	h.power_supply = power;
	laptop_hooks_install(&h);
	test_time();
	test_first_run(pack, home);
	test_status(pack, home, tmp);
	test_sticks(tmp);
	pack_free(&pack);
	kiosk_screen_free();
	{
		char cmd[700];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			CHECK(0, "the folder is removed");
	}
	return test_done();
}
