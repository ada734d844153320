/* Unit tests for content/err.c. */
#include <errno.h>
#include <stdlib.h>

#include "content/err.h"
#include "tests/unit/test.h"

int
main(void)
{
	char *cause = NULL;

	CHECK_STR(err_str(ERR_FULL), "no space left on the device", "err_str names ERR_FULL");
	CHECK_STR(err_str(-999), "unknown error", "err_str of an unknown value");
	CHECK_INT(err_from_errno(ENOSPC), ERR_FULL, "ENOSPC is ERR_FULL");
	CHECK_INT(err_from_errno(ENOENT), ERR_NOTFOUND, "ENOENT is ERR_NOTFOUND");
	CHECK_INT(err_set(&cause, ERR_PARSE, "%s:%d: bad", "pack.ini", 3), ERR_PARSE,
	    "err_set returns the error");
	CHECK_STR(cause, "pack.ini:3: bad", "err_set formats the cause");
	err_set(&cause, ERR_IO, "second");
	CHECK_STR(cause, "pack.ini:3: bad", "err_set keeps the first cause");
	free(cause);
	CHECK_INT(err_set(NULL, ERR_IO, "x"), ERR_IO, "err_set accepts a NULL cause");
	return test_done();
}
