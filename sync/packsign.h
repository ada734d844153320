/*
 * Signed content packs: the hub signs a pack folder into a zip (`outreach
 * hub pack DIR -o ZIP`); a device verifies it and switches to it atomically
 * (`outreach content install ZIP`).
 *
 *   the zip
 *   ---------------------------------------------------------------------
 *   pack-manifest.json           the JSON below
 *   pack-manifest.json.minisig   the hub key's signature of it (minisign,
 *                                prehashed; `minisign -V` checks it)
 *   <path>                       every file of the pack folder, by its
 *                                relative path (pack.ini, pages/en/x.md...)
 *
 *   pack-manifest.json (keys in this order)
 *   ---------------------------------------------------------------------
 *   format    "outreach-pack/1"
 *   id        the pack's id (pack.ini)
 *   version   the pack's version (pack.ini)
 *   hub       the signing key's id, 16 upper-case hex digits
 *   created   RFC 3339 UTC
 *   files     [{path, size, sha256}], sorted by path
 *
 * A pack is signed only when its pack.ini names the signing hub: its
 * minisign_public_key is the hub's key and its recipients include the
 * hub's age recipient. The installed pack is therefore the record of the
 * device's trust (sync/trust.h): a new pack must be signed by the key it
 * names (or by a key given explicitly with --trust, which the new pack
 * must then name), and be no older than it.
 *
 * Installed packs live in <home>/pack/: each version unpacked into its own
 * folder (<version>, or <version>-2 ... when that name is taken), and
 * <home>/pack/current, a symbolic link to the one in use, replaced with
 * rename(2) so that the switch is atomic. The previous pack is kept; older
 * ones are removed.
 */
#ifndef OUTREACH_PACKSIGN_H
#define OUTREACH_PACKSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "sync/bundle.h"
#include "sync/minisign.h"

#define PACKSIGN_FORMAT		"outreach-pack/1"
#define PACKSIGN_MANIFEST	"pack-manifest.json"
#define PACKSIGN_SIG		"pack-manifest.json.minisig"
#define PACKSIGN_MAX_FILES	5000
#define PACKSIGN_MAX_FILE	((size_t)64 * 1024 * 1024)
#define PACKSIGN_MAX_TOTAL	((size_t)512 * 1024 * 1024)
#define PACKSIGN_MAX_ZIP	(PACKSIGN_MAX_TOTAL + (size_t)16 * 1024 * 1024)

/*
 * Sign the pack folder dir with sk (whose key and recipient, the hub's,
 * pack.ini must name) into a zip in memory (Caller frees *zipp).
 * *nfiles: how many files it holds.
 */
int	packsign_build(const char *dir, const struct minisign_seckey *sk,
	    const char *recipient, uint8_t **zipp, size_t *lenp,
	    size_t *nfiles, char **cause);

/* What an install did. */
struct packsign_result {
	char	*id;
	char	*version;
	char	*from_version;		/* min_version: the pack trusted before */
	char	*path;			/* the folder now in use */
	char	 key_id[BUNDLE_KEYID_SIZE];	/* the key that signed it */
	size_t	 files;
};

/*
 * Verify the pack zip at zippath against trusted (the hub key this device
 * trusts, sync/trust.h, or the one given with --trust), refuse it when it
 * is older than min_version (the trusted pack's version; NULL: no bound),
 * unpack and check it into <home>/pack/, and switch <home>/pack/current
 * to it: from then on it is what the device trusts. Errors:
 * ERR_SIGNATURE (unsigned, altered, or another key: ERR_NOKEY),
 * ERR_VERSION (older), ERR_INVALID (a bad pack), ERR_IO/ERR_FULL.
 */
int	packsign_install(const char *home, const char *zippath,
	    const struct minisign_pubkey *trusted, const char *min_version,
	    struct packsign_result *res, char **cause);
void	packsign_result_clear(struct packsign_result *res);

#endif
