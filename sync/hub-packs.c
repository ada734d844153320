/*
 * The packs a hub signed. `hub pack` keeps a copy of every pack version it
 * signs, unpacked as it was signed, in DIR/packs/<id>/<version>/, so that
 * `hub import`, `export` and `report` know the forms of its own packs
 * without --pack; --pack remains for packs signed elsewhere. Signing the
 * same version again replaces its copy (the copy is made beside it and
 * moved into place, so a crash leaves the old one or the new one).
 */
#include "sync/hub-int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "sync/packsign.h"
#include "sync/zipread.h"

#define HUB_PACKS	"packs"

int
hub_packs_keep(struct hub *h, const uint8_t *zip, size_t len, const char *id,
    const char *version, char **cause)
{
	static const char *const skip[] = {
		PACKSIGN_MANIFEST, PACKSIGN_SIG, NULL
	};
	struct zipread *z = NULL;
	char *dir = NULL, *tmp = NULL, *final = NULL;
	int r;

	if (!pack_id_ok(id) || strchr(version, '/') != NULL ||
	    version[0] == '.' || version[0] == '\0')
		return err_set(cause, ERR_INVALID, "a pack's id or version "
		    "cannot name a folder");
	if (asprintf(&dir, "%s/%s/%s", h->dir, HUB_PACKS, id) == -1 ||
	    asprintf(&final, "%s/%s", dir, version) == -1 ||
	    asprintf(&tmp, "%s/.new-%s-XXXXXX", dir, version) == -1) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = file_mkdirs(dir, 0700, cause)) != 0)
		goto out;
	if (mkdtemp(tmp) == NULL) {
		r = err_set(cause, err_from_errno(errno), "%s: %s", tmp,
		    strerror(errno));
		goto out;
	}
	if ((r = packsign_zip_open(zip, len, &z, cause)) != 0 ||
	    (r = zipread_extract(z, tmp, skip, cause)) != 0)
		goto out;
	file_rmtree(final);
	if (rename(tmp, final) != 0) {
		r = err_set(cause, err_from_errno(errno), "%s: %s", final,
		    strerror(errno));
		goto out;
	}
	file_sync_dir(dir);
out:
	if (r != 0 && tmp != NULL)
		file_rmtree(tmp);
	zipread_free(&z);
	free(dir);
	free(tmp);
	free(final);
	return r;
}

static int
hub_packs_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	const char *sx = strchr(x, '/'), *sy = strchr(y, '/');
	size_t nx = (size_t)(sx - x), ny = (size_t)(sy - y);
	int c;

	/* By id, then by version as numbers: the newest is added last. */
	if ((c = strncmp(x, y, nx < ny ? nx : ny)) != 0 || nx != ny)
		return c != 0 ? c : nx < ny ? -1 : 1;
	return pack_version_cmp(sx + 1, sy + 1);
}

/* Append "<id>/<version>" of every kept pack to *v. */
static int
hub_packs_list(const char *root, char ***v, size_t *n)
{
	struct dirent *de, *ve;
	DIR *d, *vd;
	char *sub, **nv, *name;

	if ((d = opendir(root)) == NULL)
		return errno == ENOENT ? ERR_OK : err_from_errno(errno);
	while ((de = readdir(d)) != NULL && *n < 4096) {
		if (de->d_name[0] == '.' || !pack_id_ok(de->d_name) ||
		    (sub = file_join(root, de->d_name)) == NULL)
			continue;
		if ((vd = opendir(sub)) != NULL) {
			while ((ve = readdir(vd)) != NULL && *n < 4096) {
				if (ve->d_name[0] == '.' ||
				    asprintf(&name, "%s/%s", de->d_name,
				    ve->d_name) == -1)
					continue;
				if ((nv = reallocarray(*v, *n + 1,
				    sizeof *nv)) == NULL) {
					free(name);
					break;
				}
				*v = nv;
				(*v)[(*n)++] = name;
			}
			closedir(vd);
		}
		free(sub);
	}
	closedir(d);
	if (*n > 1)
		qsort(*v, *n, sizeof **v, hub_packs_cmp);
	return ERR_OK;
}

int
hub_packs_add_forms(struct hub *h, struct hub_forms *forms, size_t *np,
    char **cause)
{
	char *root = NULL, *dir = NULL, **v = NULL;
	size_t n = 0, i;
	int r;

	*np = 0;
	if ((root = file_join(h->dir, HUB_PACKS)) == NULL)
		return ERR_NOMEM;
	if ((r = hub_packs_list(root, &v, &n)) != 0) {
		r = err_set(cause, r, "%s: cannot be read", root);
		goto out;
	}
	for (i = 0; i < n && r == 0; i++) {
		if ((dir = file_join(root, v[i])) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		if ((r = hub_forms_add_pack(forms, dir, cause)) == 0)
			(*np)++;
		free(dir);
	}
out:
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(root);
	return r;
}
