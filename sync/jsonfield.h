/*
 * Reading the JSON our formats are written in (a bundle's manifest, a
 * receipt, a signed pack's manifest): one rule for a field's text and one
 * for fields no format defines, so that every reader refuses the same.
 */
#ifndef OUTREACH_JSONFIELD_H
#define OUTREACH_JSONFIELD_H

#include "content/jsonload.h"

/*
 * The text of o's field key, or NULL when it is missing, not a string,
 * or holds a NUL (C would read it shorter than the JSON says).
 */
const char *jsonfield_str(json_t *o, const char *key);

/* The first key of o that allowed (ending with NULL) does not name, or NULL. */
const char *jsonfield_unknown(json_t *o, const char *const *allowed);

#endif
