/*
 * Checking a content pack, folder or zip; see packcheck.h.
 */
#include "sync/packcheck.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/ini.h"
#include "content/jsonload.h"
#include "content/pack.h"
#include "content/sodiumload.h"
#include "sync/age.h"
#include "sync/bundle.h"
#include "sync/minisign.h"
#include "sync/packsign.h"
#include "sync/zipread.h"

/* The line of [hub] key in pack.ini, else the file's first. */
static unsigned
packcheck_line(const struct pack *p, const char *key)
{
	const struct ini_entry *e = ini_find(p->ini, "hub", key);

	return e != NULL ? (unsigned)e->line : 1;
}

/* [hub]: recipients to seal to, the key that signs packs and receipts. */
static void
packcheck_hub(const struct pack *p, struct diags *d,
    struct packcheck_info *info)
{
	struct minisign_pubkey pk;
	struct age_recipient rec;
	size_t i;

	if (p->nrecipients == 0)
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    packcheck_line(p, "recipients"), "[hub] needs "
		    "'recipients': the age1... line `outreach hub init` "
		    "printed; without it no answer can be sealed");
	for (i = 0; i < p->nrecipients; i++) {
		if (age_recipient_parse(p->recipients[i], &rec, NULL) != 0)
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    packcheck_line(p, "recipients"), "'%.70s' is not "
			    "an age recipient (age1...)", p->recipients[i]);
		else if (strcmp(p->recipients[i], PACK_DEMO_RECIPIENT) == 0)
			info->demo = 1;
	}
	if (p->hub_pubkey == NULL)
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    packcheck_line(p, "minisign_public_key"), "[hub] needs "
		    "'minisign_public_key': the line `outreach hub init` "
		    "printed; without it no device can check a receipt or a "
		    "new pack");
	else if (minisign_pubkey_parse(p->hub_pubkey, strlen(p->hub_pubkey),
	    &pk, NULL) != 0)
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    packcheck_line(p, "minisign_public_key"), "'%.70s' is not "
		    "a minisign public key", p->hub_pubkey);
	else if (strcmp(p->hub_pubkey, PACK_DEMO_PUBKEY) == 0)
		info->demo = 1;
	if (info->demo)
		diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path,
		    packcheck_line(p, "recipients"), "[hub] names the demo "
		    "hub, whose keys are public: anyone can read the answers, "
		    "and the kiosk says so on every screen; put your own "
		    "hub's two lines here (outreach hub init)");
}

/* The manifest's SHA-256 (hex) of path, or NULL. */
static const char *
packcheck_listed(json_t *files, const char *path)
{
	json_t *e, *p, *h;
	size_t i;

	json_array_foreach(files, i, e) {
		p = json_object_get(e, "path");
		h = json_object_get(e, "sha256");
		if (json_is_string(p) && json_is_string(h) &&
		    strcmp(json_string_value(p), path) == 0)
			return json_string_value(h);
	}
	return NULL;
}

/* Every file of the zip is in the signed manifest, as it was signed. */
static void
packcheck_files(struct zipread *z, const uint8_t *man, size_t mlen,
    const char *zippath, struct diags *d)
{
	uint8_t hash[BUNDLE_HASH_BYTES], *data = NULL;
	char hex[BUNDLE_HEX_SIZE];
	const struct zipread_entry *e;
	const char *want;
	json_t *root, *files;
	size_t i, len, listed = 0;

	if ((root = json_loadb((const char *)man, mlen, 0, NULL)) == NULL ||
	    !json_is_array(files = json_object_get(root, "files"))) {
		diags_add(d, DIAG_ERROR, ERR_PARSE, zippath, 0, "its manifest "
		    "is malformed");
		json_decref(root);
		return;
	}
	for (i = 0; i < zipread_count(z); i++) {
		e = zipread_entry(z, i);
		if (e->dir || strcmp(e->name, PACKSIGN_MANIFEST) == 0 ||
		    strcmp(e->name, PACKSIGN_SIG) == 0)
			continue;
		if ((want = packcheck_listed(files, e->name)) == NULL) {
			diags_add(d, DIAG_ERROR, ERR_SIGNATURE, zippath, 0,
			    "%s is not in the signed manifest: it was added "
			    "after signing", e->name);
			continue;
		}
		listed++;
		if (zipread_read_alloc(z, e, &data, &len, NULL) != 0)
			continue;
		crypto_hash_sha256(hash, data, len);
		bundle_hex(hash, hex);
		if (strcmp(hex, want) != 0)
			diags_add(d, DIAG_ERROR, ERR_SIGNATURE, zippath, 0,
			    "%s differs from the signed manifest: it was "
			    "changed after signing", e->name);
		free(data);
		data = NULL;
	}
	if (listed < json_array_size(files))
		diags_add(d, DIAG_ERROR, ERR_SIGNATURE, zippath, 0, "%zu "
		    "file(s) of the signed manifest are missing",
		    json_array_size(files) - listed);
	json_decref(root);
}

/*
 * The zip's manifest signature against the key its pack.ini names: what
 * `content install` will ask of it (with the device's trusted key).
 */
static void
packcheck_signature(struct zipread *z, const char *dir, const char *zippath,
    struct diags *d)
{
	const struct zipread_entry *me, *se;
	struct minisign_pubkey pk;
	struct pack *p = NULL;
	uint8_t *man = NULL, *sig = NULL;
	size_t mlen = 0, slen = 0;

	me = zipread_find(z, PACKSIGN_MANIFEST);
	se = zipread_find(z, PACKSIGN_SIG);
	if (me == NULL || se == NULL) {
		diags_add(d, DIAG_ERROR, ERR_SIGNATURE, zippath, 0, "not "
		    "signed (no %s): sign the folder with outreach hub pack",
		    me == NULL ? PACKSIGN_MANIFEST : PACKSIGN_SIG);
		return;
	}
	if (pack_load(dir, &p, NULL) != 0 || p->hub_pubkey == NULL ||
	    minisign_pubkey_parse(p->hub_pubkey, strlen(p->hub_pubkey), &pk,
	    NULL) != 0)
		goto out;	/* said already, as a mistake of pack.ini */
	if (me->size > PACKSIGN_MAX_FILE || se->size > 8192 ||
	    zipread_read_alloc(z, me, &man, &mlen, NULL) != 0 ||
	    zipread_read_alloc(z, se, &sig, &slen, NULL) != 0 ||
	    minisign_verify(&pk, man, mlen, (const char *)sig, slen, NULL,
	    NULL) != 0)
		diags_add(d, DIAG_ERROR, ERR_SIGNATURE, zippath, 0, "its "
		    "signature does not check against the hub key its own "
		    "pack.ini names: it was altered, or signed by another hub");
	else
		packcheck_files(z, man, mlen, zippath, d);
out:
	free(man);
	free(sig);
	pack_free(&p);
}

/* What a pack's zip holds besides the pack. */
static const char *const packcheck_skip[] = {
	PACKSIGN_MANIFEST, PACKSIGN_SIG, NULL
};

/* Unpack the zip at zippath into a new folder (Caller removes it). */
static int
packcheck_unzip(const char *zippath, char **dirp, struct diags *d)
{
	struct zipread *z = NULL;
	char *data = NULL, *cause = NULL, tmpl[4096];
	const char *tmp = getenv("TMPDIR");
	size_t len = 0;
	int r;

	*dirp = NULL;
	if ((r = file_read(zippath, PACKSIGN_MAX_ZIP, &data, &len, &cause)) !=
	    0)
		goto out;
	if ((r = packsign_zip_open(data, len, &z, &cause)) != 0)
		goto out;
	snprintf(tmpl, sizeof tmpl, "%s/outreach-pack.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(tmpl) == NULL) {
		r = err_set(&cause, err_from_errno(errno), "%s: %s", tmpl,
		    strerror(errno));
		goto out;
	}
	if ((*dirp = strdup(tmpl)) == NULL) {
		rmdir(tmpl);
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = zipread_extract(z, *dirp, packcheck_skip, &cause)) == 0)
		packcheck_signature(z, *dirp, zippath, d);
out:
	if (r != 0 && r != ERR_NOMEM)
		diags_add(d, DIAG_ERROR, r, zippath, 0, "%s", cause != NULL ?
		    cause : err_str(r));
	zipread_free(&z);
	free(cause);
	free(data);
	return r;
}

/* Name the files of a zip's problems ZIP/path instead of the folder's. */
static void
packcheck_rename(struct diags *d, const char *dir, const char *zippath)
{
	size_t i, n = strlen(dir);
	char *s;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].file != NULL &&
		    strncmp(d->v[i].file, dir, n) == 0 &&
		    asprintf(&s, "%s%s", zippath, d->v[i].file + n) != -1) {
			free(d->v[i].file);
			d->v[i].file = s;
		}
		/* A cause may name the file in its text too. */
		while ((s = strstr(d->v[i].msg, dir)) != NULL) {
			char *t = NULL;

			if (asprintf(&t, "%.*s%s%s", (int)(s - d->v[i].msg),
			    d->v[i].msg, zippath, s + n) == -1)
				break;
			free(d->v[i].msg);
			d->v[i].msg = t;
		}
	}
}

int
packcheck_run(const char *path, struct diags *d, struct packcheck_info *info)
{
	struct pack *p = NULL;
	struct stat st;
	char *dir = NULL;
	int r;

	memset(info, 0, sizeof *info);
	if (stat(path, &st) != 0)
		return diags_add(d, DIAG_ERROR, err_from_errno(errno), path, 0,
		    "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		info->zip = 1;
		if ((r = packcheck_unzip(path, &dir, d)) != 0)
			goto out;
	}
	if ((r = pack_check(dir != NULL ? dir : path, &p, d)) != 0)
		goto out;
	packcheck_hub(p, d, info);
	if ((p->id != NULL && (info->id = strdup(p->id)) == NULL) ||
	    (p->version != NULL && (info->version = strdup(p->version)) ==
	    NULL))
		r = ERR_NOMEM;
out:
	if (dir != NULL) {
		packcheck_rename(d, dir, path);
		file_rmtree(dir);
	}
	free(dir);
	pack_free(&p);
	return r;
}

void
packcheck_info_clear(struct packcheck_info *info)
{
	free(info->id);
	free(info->version);
	memset(info, 0, sizeof *info);
}
