/*
 * What bundle-read.c and the manifest's reader (bundle-manifest.c) share;
 * not for use outside sync/bundle*.c and their tests.
 */
#ifndef OUTREACH_BUNDLE_INT_H
#define OUTREACH_BUNDLE_INT_H

#include <stddef.h>

#include "sync/bundle.h"

/*
 * Parse b->manifest (b->manifest_len bytes) into b->head, b->entries and
 * b->n, strictly (bundle.h's format and bounds); hint is how many entries
 * to make room for first (the archive's count), 0 for none. The entries'
 * form and version point into b->strings. ERR_PARSE, ERR_UNSUPPORTED,
 * ERR_INVALID, ERR_LIMIT or ERR_NOMEM, with a cause; b keeps what was read
 * so far either way, for bundle_free.
 */
int	bundle_manifest_parse(struct bundle *b, size_t hint, char **cause);

#endif
