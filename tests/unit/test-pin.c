/* Unit tests for sync/pin.c: the facilitator PIN and its growing delay. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "sync/pin.h"
#include "tests/unit/test.h"

int
main(void)
{
	char home[] = "/tmp/outreach-pin.XXXXXX", path[64];
	struct pin_guard g = { 0, 0 };
	struct stat st;
	time_t now = 1000000;
	int wait, r;

	if (mkdtemp(home) == NULL)
		return 1;
	CHECK(pin_valid("1234") && pin_valid("123456789012"), "4 and 12 digits are valid");
	CHECK(!pin_valid("123") && !pin_valid("1234567890123") && !pin_valid("12a4") &&
	    !pin_valid(""), "short, long or non-digit PINs are not");
	CHECK(!pin_is_set(home), "no PIN at first");
	CHECK_INT(pin_set(home, "12", NULL), ERR_INVALID, "a bad PIN is refused");
	CHECK_INT(pin_set(home, "2468", NULL), 0, "a PIN is set");
	snprintf(path, sizeof path, "%s/pin", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "the pin file is 0600");
	CHECK(pin_is_set(home), "and is there");
	r = pin_check(home, "2468", &g, now, &wait, NULL);
	CHECK_INT(r, 0, "the right PIN opens");
	r = pin_check(home, "1111", &g, now, &wait, NULL);
	CHECK(r == ERR_INVALID && wait == 1, "a wrong PIN waits 1 s");
	r = pin_check(home, "2468", &g, now, &wait, NULL);
	CHECK(r == ERR_BUSY && wait == 1, "even the right PIN is not checked during the wait");
	r = pin_check(home, "1111", &g, now + 1, &wait, NULL);
	CHECK(r == ERR_INVALID && wait == 2, "the second wrong PIN waits 2 s");
	r = pin_check(home, "1111", &g, now + 3, &wait, NULL);
	CHECK(r == ERR_INVALID && wait == 4, "the third waits 4 s");
	{
		/* A restart: a new kiosk's count starts at nothing. */
		struct pin_guard fresh = { 0, 0 };

		r = pin_check(home, "2468", &fresh, now + 4, &wait, NULL);
		CHECK(r == ERR_BUSY && wait == 3 && fresh.failures == 3,
		    "after a restart the wait and the count are still there");
		r = pin_check(home, "1111", &fresh, now + 7, &wait, NULL);
		CHECK(r == ERR_INVALID && wait == 8, "and keep growing");
		r = pin_check(home, "1111", &fresh, now + 15, &wait, NULL);
		CHECK(r == ERR_INVALID && wait == 16, "16 s after the 5th");
		r = pin_check(home, "1111", &fresh, now + 31, &wait, NULL);
		CHECK(r == ERR_INVALID && wait == 60 &&
		    fresh.failures == PIN_MANY_FAILURES,
		    "from the 6th wrong PIN in a row, a minute");
		g = fresh;
	}
	g.failures = 20;
	g.next_try = 0;
	pin_check(home, "1111", &g, now + 100, &wait, NULL);
	CHECK_INT(wait, 300, "from the 10th, five minutes, and no more");
	{
		struct pin_guard fresh = { 0, 0 };

		r = pin_check(home, "2468", &fresh, now - 100000, &wait, NULL);
		CHECK(r == ERR_BUSY && wait == 300,
		    "the clock set back a day: still no more than five minutes");
	}
	r = pin_check(home, "2468", &g, now + 400, &wait, NULL);
	CHECK(r == 0 && g.failures == 0, "the right PIN after the wait opens and resets");
	{
		struct pin_guard fresh = { 0, 0 };

		r = pin_check(home, "1111", &fresh, now + 401, &wait, NULL);
		CHECK(r == ERR_INVALID && wait == 1,
		    "and the reset is kept: a wrong PIN waits 1 s again");
	}
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the pin file with its count is still 0600");
	unlink(path);
	rmdir(home);
	return test_done();
}
