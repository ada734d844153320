/*
 * Fuzz reading a bundle as the hub's import does (sync/bundle.h): the
 * input is the raw bundle file, opened with bundle_open() and verified
 * with bundle_verify() against a fixed trusted device key (sync-fuzz.h).
 *
 * Checked on every input (fuzz_sync_bundle): an error is one of those
 * bundle_open documents, with a cause; an opened bundle holds 1 to
 * BUNDLE_MAX_ENTRIES entries, each with a distinct lower-case UUIDv4, a
 * valid form id and version and a bounded size; its device key id is
 * valid and is its public key's; its manifest is bounded and its hash is
 * the manifest's. It verifies only when the trusted key signed it and
 * every entry has its hash; a verified bundle's entries read back and
 * another key does not verify it.
 *
 * The seeds are bundles that bundle_build wrote with the trusted key, and
 * a few broken ones (tests/unit/helper-fuzz-seeds.c). zipread checks every
 * CRC, so a mutation rarely reaches the manifest's JSON: that is what
 * fuzz-bundle-manifest is for.
 *
 * FUZZ_OPTIONS: -max_len=16384
 */
#include "tests/fuzz/sync-fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_sync_key(FUZZ_SYNC_TRUSTED, NULL);
	fuzz_sync_key(FUZZ_SYNC_OTHER, NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)fuzz_sync_bundle(data, size, NULL, 0);
	return 0;
}
