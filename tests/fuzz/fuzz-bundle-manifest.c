/*
 * Fuzz a bundle's manifest.json past its signature: the input is the
 * manifest text, and the harness builds the bundle a device would write
 * around it (fuzz_sync_bundle_around in sync-fuzz.h): the manifest, its
 * signature by the fixed trusted key, and for each entry it declares (the
 * first 64 with an id and a size of 1 to 4096 bytes) submissions/<id>.age
 * of that size with deterministic content. So every mutation reaches the
 * strict parse, the archive's shape check and the hashes.
 *
 * Checked: everything fuzz-bundle-zip checks (fuzz_sync_bundle), and that
 * verification succeeds exactly when every declared SHA-256 is that of
 * the deterministic content; an opened bundle's manifest is the input.
 * The seeds are manifests that bundle_build wrote over that content, so
 * the good ones verify fully (tests/unit/helper-fuzz-seeds.c).
 *
 * FUZZ_OPTIONS: -max_len=8192
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
	uint8_t *zip = NULL;
	size_t len = 0;

	fuzz_sync_bundle_around(data, size, &zip, &len);
	(void)fuzz_sync_bundle(zip, len, data, size);
	free(zip);
	return 0;
}
