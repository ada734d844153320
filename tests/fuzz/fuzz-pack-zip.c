/*
 * Fuzz installing a signed content pack (`outreach content install ZIP`,
 * sync/packsign.h): the input is the pack zip, installed with
 * packsign_install() into a scratch home with a fixed trusted hub key
 * (sync-fuzz.h) and no pack in use; the home is emptied after each input.
 *
 * Checked (fuzz_sync_pack): an install succeeds only when the trusted key
 * signed pack-manifest.json (read again here, independently); it then
 * holds exactly the manifest's files with their sizes, nothing appears
 * anywhere else in the scratch folder (a zip-slip would), pack/current
 * points at it, pack_load() reads it, and the same zip with another
 * trusted key is refused without moving current. A refused pack has a
 * cause and leaves no file behind.
 *
 * The seeds are packsign_build's zips of the test fixture pack (its
 * pack.ini naming the trusted key and recipient), the fuzz pack, and
 * broken ones: unsigned, by another key, altered, padded, with an
 * escaping name (tests/unit/helper-fuzz-seeds.c).
 *
 * FUZZ_OPTIONS: -max_len=16384
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
	(void)fuzz_sync_pack(data, size);
	return 0;
}
