/*
 * Fuzz the reader of a bundle's manifest.json (sync/bundle-manifest.c),
 * which the hub runs on every bundle before a byte of a submission: the
 * input is the manifest's text, read alone (fuzz-bundle-manifest reads it
 * inside a signed bundle, where a mutation must survive the zip first).
 *
 * bundle_manifest_parse must agree with the jansson-based parse it
 * replaced (tests/unit/bundle-ref.h): the same error, the same cause but
 * for the detail of "not valid JSON", and the same struct bundle when
 * both accept it. What it accepts is within bounds: 1 to
 * BUNDLE_MAX_ENTRIES entries, each form and version a string inside
 * b->strings. The seeds are manifests as bundle_build writes them and
 * their edges.
 *
 * FUZZ_OPTIONS: -max_len=8192
 */
#include "content/err.h"
#include "sync/bundle-int.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/bundle-ref.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle *b = bref_bundle((const char *)data, size);
	char why[1024];
	size_t i, cap;
	int r;

	FUZZ_CHECK(!bref_differs((const char *)data, size, &r, why,
	    sizeof why), "%s", why);
	if (bundle_manifest_parse(b, size % 7, NULL) == ERR_OK) {
		cap = b->manifest_len + 1;
		FUZZ_CHECK(b->n >= 1 && b->n <= BUNDLE_MAX_ENTRIES,
		    "1 to %d entries", BUNDLE_MAX_ENTRIES);
		for (i = 0; i < b->n; i++)
			FUZZ_CHECK(b->entries[i].form >= b->strings &&
			    b->entries[i].form < b->strings + cap &&
			    b->entries[i].version >= b->strings &&
			    b->entries[i].version < b->strings + cap &&
			    bundle_field_ok(b->entries[i].form) &&
			    bundle_field_ok(b->entries[i].version),
			    "entry %zu's strings are in the arena", i);
	}
	bundle_free(&b);
	return 0;
}
