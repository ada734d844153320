/*
 * The device's identity: a minisign key pair in the data folder, and the
 * short key id that names the device everywhere (submissions, bundle file
 * names, manifests, the facilitator menu, `hub enrol`).
 *
 *	<home>/              mode 0700, created if missing
 *	<home>/device.key    minisign secret key, unencrypted, 0600, never
 *	                     overwritten (a kiosk has nobody to type a password)
 *	<home>/device.pub    minisign public key file, 0644: what `outreach hub
 *	                     enrol` takes
 *
 * The device key id is the minisign key id (its 8 bytes as a little-endian
 * u64) in exactly 16 upper-case hex digits, zero-padded; minisign itself
 * prints it without leading zeros, but a file name needs one fixed form.
 */
#ifndef OUTREACH_DEVICE_H
#define OUTREACH_DEVICE_H

#include "sync/minisign.h"

#define DEVICE_KEY_ID_SIZE	17	/* 16 hex digits and a NUL */
#define DEVICE_KEY_FILE		"device.key"
#define DEVICE_PUB_FILE		"device.pub"

struct device {
	struct minisign_pubkey	pk;
	char			key_id[DEVICE_KEY_ID_SIZE];
};

/* The key id of pk as 16 upper-case hex digits ("00A1B2C3D4E5F607"). */
void	device_key_id(const struct minisign_pubkey *pk,
	    char out[DEVICE_KEY_ID_SIZE]);

/* 1 when s is 16 upper-case hex digits. */
int	device_key_id_valid(const char *s);

/*
 * Make sure the data folder and the key pair exist: create what is missing
 * (*createdp = 1 when a new key pair was made), never overwrite a secret
 * key. A public key file missing beside an existing secret key is written
 * again from it. Fills *dev.
 */
int	device_init(const char *home, struct device *dev, int *createdp,
	    char **cause);

/* Read the identity without creating anything (ERR_NOTFOUND when none). */
int	device_load(const char *home, struct device *dev, char **cause);

/* The device's secret key, for signing bundles (minisign_seckey_free). */
int	device_seckey_load(const char *home, struct minisign_seckey **skp,
	    char **cause);

/* <home>/device.pub (Caller frees; NULL when out of memory). */
char	*device_pub_path(const char *home);

#endif
