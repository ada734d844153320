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
#include "sync/zipread.h"

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

/* What the pack an install replaces allows (sync/trust.h). */
struct packsign_bound {
	const struct minisign_pubkey *key;	/* must have signed it */
	const char	*pack_id;	/* the trusted pack's id; NULL: none */
	const char	*version;	/* its version: the oldest of that id
					   that installs; NULL: no bound */
	int		 replace;	/* a pack of another id may replace it */
};

/* What an install did, or would have done. */
struct packsign_result {
	char	*id;
	char	*version;
	char	*from_id;		/* the pack trusted before */
	char	*from_version;
	char	*path;			/* the folder now in use */
	char	 key_id[BUNDLE_KEYID_SIZE];	/* the key that signed it */
	char	 signer_id[BUNDLE_KEYID_SIZE];	/* ERR_NOKEY: the key that
						   did sign it */
	size_t	 files;
};

/*
 * Verify the pack zip at zippath against b->key (the hub key this device
 * trusts, sync/trust.h, or the one given with --trust), unpack and check it
 * into <home>/pack/, and switch <home>/pack/current to it: from then on it
 * is what the device trusts. Versions are compared only between packs of
 * the same id: a pack of b->pack_id older than b->version is refused
 * (ERR_VERSION); a pack of another id replaces it only with b->replace,
 * else ERR_EXISTS with res->id, version, from_id and from_version set, so
 * that the caller can ask. Other errors: ERR_SIGNATURE (unsigned,
 * altered), ERR_NOKEY (signed by another key: res->signer_id),
 * ERR_INVALID (a bad pack), ERR_IO/ERR_FULL.
 */
int	packsign_install(const char *home, const char *zippath,
	    const struct packsign_bound *b, struct packsign_result *res,
	    char **cause);
void	packsign_result_clear(struct packsign_result *res);

/*
 * The hub key that the pack zip at zippath names in its pack.ini, and its
 * id: what a facilitator is asked to compare with what `outreach hub
 * init` printed before trusting it. Nothing is verified here: installing
 * with that key (packsign_install) checks that it signed the pack.
 */
int	packsign_named_key(const char *zippath, struct minisign_pubkey *pk,
	    char id[BUNDLE_KEYID_SIZE], char **cause);

/*
 * Open a pack's zip, held in memory at data (which must outlive *z), with
 * the limits every reader of packs keeps: at most PACKSIGN_MAX_FILES files
 * and the signed manifest, each at most PACKSIGN_MAX_FILE, in all
 * PACKSIGN_MAX_TOTAL. Errors as zipread_open's.
 */
int	packsign_zip_open(const void *data, size_t len, struct zipread **z,
	    char **cause);

#endif
