/*
 * Tests only: a pretend laptop (tui/laptop.h) for build/outreach-test, so
 * that the first run's clock and the menu's shutdown can be tested
 * without touching the machine's clock or switching it off.
 *
 *	OUTREACH_TEST_CLOCK=FILE      the clock reads time(NULL) plus the
 *	                              seconds in FILE; setting it writes
 *	                              the new offset there
 *	OUTREACH_TEST_POWEROFF=FILE   shutting down writes "poweroff" to FILE
 *	OUTREACH_TEST_POWER_SUPPLY=DIR  read instead of /sys/class/power_supply
 *
 * The installed program has neither these hooks nor the variables' names.
 */
#include "tests/hooks/laptop-fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "content/err.h"
#include "tui/laptop.h"

static long
laptop_fake_offset(void)
{
	const char *path = getenv("OUTREACH_TEST_CLOCK");
	long off = 0;
	FILE *f;

	if (path != NULL && (f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &off) != 1)
			off = 0;
		fclose(f);
	}
	return off;
}

static time_t
laptop_fake_now(void)
{
	return time(NULL) + laptop_fake_offset();
}

static int
laptop_fake_set(time_t t, char **cause)
{
	FILE *f = fopen(getenv("OUTREACH_TEST_CLOCK"), "w");

	if (f == NULL)
		return err_set(cause, ERR_IO, "the pretend clock cannot be set");
	fprintf(f, "%ld\n", (long)(t - time(NULL)));
	fclose(f);
	return ERR_OK;
}

static int
laptop_fake_poweroff(char **cause)
{
	FILE *f = fopen(getenv("OUTREACH_TEST_POWEROFF"), "w");

	if (f == NULL)
		return err_set(cause, ERR_PERM, "Access denied");
	fputs("poweroff\n", f);
	fclose(f);
	return ERR_OK;
}

void
laptop_fake_install(void)
{
	struct laptop_hooks h = { NULL, NULL, NULL, NULL };

	if (getenv("OUTREACH_TEST_CLOCK") != NULL) {
		h.now = laptop_fake_now;
		h.set_time = laptop_fake_set;
	}
	if (getenv("OUTREACH_TEST_POWEROFF") != NULL)
		h.poweroff = laptop_fake_poweroff;
	h.power_supply = getenv("OUTREACH_TEST_POWER_SUPPLY");
	laptop_hooks_install(&h);
}
