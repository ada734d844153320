/*
 * The one rule for our JSON formats' fields (sync/jsonfield.h): a field's
 * text is NULL when missing, not a string, or holding a NUL; an unknown
 * key is named.
 */
#include <string.h>

#include "content/jsonload.h"
#include "sync/jsonfield.h"
#include "tests/unit/test.h"

int
main(void)
{
	static const char *const allowed[] = { "format", "id", "n", NULL };
	json_error_t e;
	json_t *o;

	o = json_loads("{\"format\": \"outreach-bundle/1\", \"id\": "
	    "\"a\\u0000b\", \"n\": 3}", JSON_ALLOW_NUL, &e);
	if (o == NULL) {
		CHECK(0, "the JSON parses (%s)", e.text);
		return test_done();
	}
	CHECK_STR(jsonfield_str(o, "format"), "outreach-bundle/1",
	    "a string field's text");
	CHECK(jsonfield_str(o, "id") == NULL, "NULL for one holding a NUL");
	CHECK(jsonfield_str(o, "n") == NULL, "NULL for a number");
	CHECK(jsonfield_str(o, "missing") == NULL, "NULL for a missing field");
	CHECK(jsonfield_unknown(o, allowed) == NULL, "no unknown key");
	json_object_set_new(o, "extra", json_true());
	CHECK_STR(jsonfield_unknown(o, allowed), "extra", "an unknown key named");
	json_decref(o);
	return test_done();
}
