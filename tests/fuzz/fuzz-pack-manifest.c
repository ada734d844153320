/*
 * Fuzz a content pack's pack-manifest.json past its signature: the input
 * is the manifest text, and the harness builds the zip a hub would sign
 * around it (fuzz_sync_pack_around in sync-fuzz.h): each file it declares
 * (the first 64 with a path and a size of 0 to 4096 bytes), holding the
 * fuzz pack's file of that name (pack.ini, pages/en/start.md,
 * pages/en/other.md) or else deterministic bytes, then the manifest and
 * its signature by the fixed trusted key. So every mutation reaches the
 * manifest's parse, the checks of each file against it and the unpacking.
 *
 * Checked: everything fuzz-pack-zip checks (fuzz_sync_pack). The seeds
 * are manifests of the fuzz pack with the right hashes, so the good ones
 * install (tests/unit/helper-fuzz-seeds.c).
 *
 * FUZZ_OPTIONS: -max_len=8192
 */
#include "tests/fuzz/sync-fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_sync_key(FUZZ_SYNC_TRUSTED, NULL);
	fuzz_sync_key(FUZZ_SYNC_OTHER, NULL);
	(void)fuzz_scratch_dir();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *zip = NULL;
	size_t len = 0;

	fuzz_sync_pack_around(data, size, &zip, &len);
	(void)fuzz_sync_pack(zip, len);
	free(zip);
	return 0;
}
