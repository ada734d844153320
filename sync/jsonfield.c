/*
 * The fields of our JSON formats; see jsonfield.h.
 */
#include "sync/jsonfield.h"

#include <string.h>

const char *
jsonfield_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) && strlen(json_string_value(v)) ==
	    json_string_length(v) ? json_string_value(v) : NULL;
}

const char *
jsonfield_unknown(json_t *o, const char *const *allowed)
{
	const char *k, *const *a;
	json_t *v;

	json_object_foreach(o, k, v) {
		for (a = allowed; *a != NULL; a++)
			if (strcmp(*a, k) == 0)
				break;
		if (*a == NULL)
			return k;
	}
	return NULL;
}
