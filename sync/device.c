/*
 * The device's identity; see device.h.
 *
 * device_init() is safe to run any number of times and from two processes
 * at once: the secret key appears whole or not at all (written aside, then
 * hard-linked into place, which fails if one is there), so the loser of a
 * race loads the winner's key instead of making its own, and an existing
 * secret key is never replaced. The secret key is written before the public key,
 * so a crash between the two leaves a key pair whose public half is simply
 * written again on the next start.
 */
#include "sync/device.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/minisign-int.h"

void
device_key_id(const struct minisign_pubkey *pk, char out[DEVICE_KEY_ID_SIZE])
{
	/* Zero-padded, unlike minisign: it names files. */
	snprintf(out, DEVICE_KEY_ID_SIZE, "%016" PRIX64,
	    minisign_le64_load(pk->keyid));
}

int
device_key_id_valid(const char *s)
{
	size_t i;

	for (i = 0; i < DEVICE_KEY_ID_SIZE - 1; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return s[i] == '\0';
}

char *
device_pub_path(const char *home)
{
	return file_join(home, DEVICE_PUB_FILE);
}

/* ERR_OK when the folder can be written to, else a clear cause. */
static int
device_check_dir(const char *home, char **cause)
{
	struct stat st;
	int r;

	if (stat(home, &st) == -1) {
		r = err_from_errno(errno);
		return err_set(cause, r, "the data folder %s: %s", home,
		    strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(cause, ERR_INVALID, "the data folder %s is not "
		    "a folder", home);
	if (access(home, W_OK | X_OK) == -1) {
		r = err_from_errno(errno);
		return err_set(cause, r, "cannot write to the data folder %s: "
		    "%s", home, strerror(errno));
	}
	return ERR_OK;
}

int
device_load(const char *home, struct device *dev, char **cause)
{
	char *path = NULL;
	int r;

	memset(dev, 0, sizeof *dev);
	if ((path = device_pub_path(home)) == NULL)
		return ERR_NOMEM;
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		r = err_set(cause, ERR_NOTFOUND, "this device has no identity "
		    "yet (run: outreach init)");
		goto out;
	}
	if ((r = minisign_pubkey_load(path, &dev->pk, cause)) != ERR_OK)
		goto out;
	device_key_id(&dev->pk, dev->key_id);
out:
	free(path);
	return r;
}

int
device_seckey_load(const char *home, struct minisign_seckey **skp,
    char **cause)
{
	char *path = NULL;
	int r;

	*skp = NULL;
	if ((path = file_join(home, DEVICE_KEY_FILE)) == NULL)
		return ERR_NOMEM;
	if (access(path, F_OK) == -1 && errno == ENOENT)
		r = err_set(cause, ERR_NOTFOUND, "this device has no identity "
		    "yet (run: outreach init)");
	else
		r = minisign_seckey_load(path, NULL, skp, cause);
	free(path);
	return r;
}

/*
 * Make the pair and publish the secret key under keypath
 * (minisign_seckey_save, so file_write_new): the name appears only with
 * the whole key behind it, so another process never sees half a key, a
 * key once there is never replaced (ERR_EXISTS), and a start killed while
 * it writes leaves no copy of the key under another name.
 */
static int
device_create(const char *keypath, struct minisign_pubkey *pk, char **cause)
{
	struct minisign_seckey *sk = NULL;
	int r;

	if ((r = minisign_keygen(&sk, pk, cause)) == ERR_OK)
		r = minisign_seckey_save(keypath, sk, NULL, NULL, cause);
	minisign_seckey_free(&sk);
	return r;
}

int
device_init(const char *home, struct device *dev, int *createdp,
    char **cause)
{
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey onfile;
	char *keypath = NULL, *pubpath = NULL, *inner = NULL;
	int r, created = 0;

	memset(dev, 0, sizeof *dev);
	if (createdp != NULL)
		*createdp = 0;
	if ((r = file_mkdirs(home, 0700, &inner)) != ERR_OK) {
		if (inner != NULL)
			r = err_set(cause, r, "cannot create the data folder: "
			    "%s", inner);
		else
			r = err_set(cause, r, "cannot create the data folder "
			    "%s: %s", home, err_str(r));
		goto out;
	}
	if ((r = device_check_dir(home, cause)) != ERR_OK)
		goto out;
	keypath = file_join(home, DEVICE_KEY_FILE);
	pubpath = device_pub_path(home);
	if (keypath == NULL || pubpath == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (access(keypath, F_OK) == -1 && errno == ENOENT) {
		if (access(pubpath, F_OK) == 0) {
			/* Its hub may have enrolled it: do not replace it. */
			r = err_set(cause, ERR_EXISTS, "%s exists without %s; "
			    "move it away to make a new identity", pubpath,
			    DEVICE_KEY_FILE);
			goto out;
		}
		r = device_create(keypath, &dev->pk, cause);
		if (r == ERR_OK)
			created = 1;
		else if (r != ERR_EXISTS)	/* ERR_EXISTS: lost a race */
			goto out;
		else if (cause != NULL) {
			free(*cause);
			*cause = NULL;
		}
	}
	if (!created) {
		if ((r = minisign_seckey_load(keypath, NULL, &sk, cause)) !=
		    ERR_OK)
			goto out;
		minisign_seckey_pubkey(sk, &dev->pk);
	}
	if (access(pubpath, F_OK) == 0) {
		if ((r = minisign_pubkey_load(pubpath, &onfile, cause)) !=
		    ERR_OK)
			goto out;
		if (memcmp(&onfile, &dev->pk, sizeof onfile) != 0) {
			r = err_set(cause, ERR_INVALID, "%s does not match %s",
			    pubpath, DEVICE_KEY_FILE);
			goto out;
		}
	} else if ((r = minisign_pubkey_save(pubpath, &dev->pk, cause)) !=
	    ERR_OK)
		goto out;
	device_key_id(&dev->pk, dev->key_id);
	if (createdp != NULL)
		*createdp = created;
out:
	minisign_seckey_free(&sk);
	free(inner);
	free(keypath);
	free(pubpath);
	return r;
}
