/*
 * Signing content packs and installing signed ones; see packsign.h.
 *
 * Signing walks the folder without following links (a symbolic link or a
 * device file in a pack is refused, not copied), skips dot files, and
 * refuses names a zip reader would refuse. Installing trusts nothing in the
 * zip until the manifest's signature checks against the trusted key; then
 * every file is checked against the manifest as it is written, the pack is
 * loaded as the kiosk would load it, and only then does `current` move.
 */
#include "sync/packsign.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/ini.h"
#include "content/jsonload.h"
#include "content/pack.h"
#include "content/sodiumload.h"
#include "sync/hash.h"
#include "content/zipload.h"
#include "sync/device.h"
#include "sync/jsonfield.h"
#include "sync/zipread.h"

#define PACKSIGN_MAX_DEPTH	8

/* snprintf into a path buffer; ERR_LIMIT when it does not fit. */
static int ps_path(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
ps_path(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= cap ? ERR_LIMIT : ERR_OK;
}

struct ps_files {
	char	**v;
	size_t	  n;
};

static void
ps_files_free(struct ps_files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		free(fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

static int
ps_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the regular files under root/rel (rel "" at the top). */
static int
ps_walk(const char *root, const char *rel, int depth, struct ps_files *fs,
    char **cause)
{
	char path[PATH_MAX], sub[PATH_MAX], **v;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int r = ERR_OK;

	if (depth > PACKSIGN_MAX_DEPTH)
		return err_set(cause, ERR_LIMIT, "%s: folders nested too "
		    "deep", root);
	ps_path(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
	if ((d = opendir(path)) == NULL)
		return err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (ps_path(sub, sizeof sub, "%s%s%s", rel, *rel ?
		    "/" : "", de->d_name) != 0 ||
		    !zipread_name_ok(sub, 0)) {
			r = err_set(cause, ERR_INVALID, "%s/%s: a pack file "
			    "name may hold only letters, digits, '.', '_' and "
			    "'-'", path, de->d_name);
			break;
		}
		ps_path(path, sizeof path, "%s/%s", root, sub);
		if (lstat(path, &st) == -1) {
			r = err_set(cause, err_from_errno(errno), "%s: %s",
			    path, strerror(errno));
		} else if (S_ISDIR(st.st_mode))
			r = ps_walk(root, sub, depth + 1, fs, cause);
		else if (!S_ISREG(st.st_mode))
			r = err_set(cause, ERR_INVALID, "%s: not a regular file "
			    "(links are not followed)", path);
		else if (fs->n >= PACKSIGN_MAX_FILES)
			r = err_set(cause, ERR_LIMIT, "more than %d files in "
			    "the pack", PACKSIGN_MAX_FILES);
		else if ((v = reallocarray(fs->v, fs->n + 1,
		    sizeof *v)) == NULL)
			r = ERR_NOMEM;
		else {
			fs->v = v;
			if ((fs->v[fs->n] = strdup(sub)) == NULL)
				r = ERR_NOMEM;
			else
				fs->n++;
		}
		ps_path(path, sizeof path, "%s%s%s", root, *rel ? "/" : "",
		    rel);
	}
	closedir(d);
	return r;
}

/* pack.ini must name this hub: its key, and its recipient among them. */
static int
ps_check_pack(const char *dir, const struct minisign_seckey *sk,
    const char *recipient, struct pack **pp, char **cause)
{
	struct minisign_pubkey pk, named;
	char b64[MINISIGN_PUBKEY_B64_SIZE];
	size_t i;
	int r;

	if ((r = pack_load(dir, pp, cause)) != 0)
		return r;
	minisign_seckey_pubkey(sk, &pk);
	minisign_pubkey_base64(&pk, b64);
	if ((*pp)->hub_pubkey == NULL || minisign_pubkey_parse(
	    (*pp)->hub_pubkey, strlen((*pp)->hub_pubkey), &named, NULL) != 0 ||
	    memcmp(&named, &pk, sizeof pk) != 0)
		return err_set(cause, ERR_INVALID, "%s/pack.ini does not name "
		    "this hub's key: set minisign_public_key = %s in its [hub] "
		    "section", dir, b64);
	for (i = 0; i < (*pp)->nrecipients; i++)
		if (strcmp((*pp)->recipients[i], recipient) == 0)
			return ERR_OK;
	return err_set(cause, ERR_INVALID, "%s/pack.ini does not seal answers "
	    "to this hub: add %s to recipients in its [hub] section", dir,
	    recipient);
}

static int
ps_zip_add(zip_t *za, const char *name, void *data, size_t len, int deflate,
    int owned)
{
	zip_source_t *s;
	zip_int64_t idx;

	if ((s = zip_source_buffer(za, data, len, owned)) == NULL)
		return ERR_NOMEM;
	if ((idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(s);
		return ERR_NOMEM;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, deflate ?
	    ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0)
		return ERR_NOMEM;
	return ERR_OK;
}

/* Read every file, hash it into the manifest and add it to za. */
static int
ps_add_files(const char *dir, const struct ps_files *fs, zip_t *za,
    json_t *files, char **cause)
{
	char *path, *data = NULL, hex[BUNDLE_HEX_SIZE];
	uint8_t h[BUNDLE_HASH_BYTES];
	size_t i, len, total = 0;
	json_t *e;
	int r;

	for (i = 0; i < fs->n; i++) {
		if ((path = file_join(dir, fs->v[i])) == NULL)
			return ERR_NOMEM;
		r = file_read(path, PACKSIGN_MAX_FILE, &data, &len, cause);
		free(path);
		if (r != 0)
			return r;
		if ((total += len) > PACKSIGN_MAX_TOTAL) {
			free(data);
			return err_set(cause, ERR_LIMIT, "the pack holds more "
			    "than %zu bytes", PACKSIGN_MAX_TOTAL);
		}
		hash_sha256(h, (const uint8_t *)data, len);
		bundle_hex(h, hex);
		if ((e = json_object()) == NULL ||
		    json_array_append_new(files, e) != 0 ||
		    json_object_set_new(e, "path", json_string(fs->v[i])) ||
		    json_object_set_new(e, "size", json_integer((json_int_t)len)) ||
		    json_object_set_new(e, "sha256", json_string(hex))) {
			free(data);
			return ERR_NOMEM;
		}
		/* libzip frees data once the archive is written. */
		if ((r = ps_zip_add(za, fs->v[i], data, len, 1, 1)) != 0) {
			free(data);
			return r;
		}
		data = NULL;
	}
	return ERR_OK;
}

int
packsign_build(const char *dir, const struct minisign_seckey *sk,
    const char *recipient, uint8_t **zipp, size_t *lenp, size_t *nfiles,
    char **cause)
{
	struct minisign_pubkey pk;
	struct ps_files fs = { NULL, 0 };
	struct pack *p = NULL;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	json_t *root = NULL, *files = NULL;
	char *manifest = NULL, *sig = NULL, *tc = NULL;
	char when[BUNDLE_TIME_SIZE], kid[BUNDLE_KEYID_SIZE];
	size_t mlen, siglen = 0;
	time_t now = time(NULL);
	int r;

	*zipp = NULL;
	*lenp = 0;
	*nfiles = 0;
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	if ((r = ps_check_pack(dir, sk, recipient, &p, cause)) != 0 ||
	    (r = ps_walk(dir, "", 0, &fs, cause)) != 0)
		goto out;
	if (fs.n > 1)
		qsort(fs.v, fs.n, sizeof *fs.v, ps_cmp);
	if ((r = zipload_load(cause)) != 0)
		goto out;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_error_fini(&ze);
		r = ERR_NOMEM;
		goto out;
	}
	zip_error_fini(&ze);
	zip_source_keep(src);
	minisign_seckey_pubkey(sk, &pk);
	device_key_id(&pk, kid);
	bundle_time_format((int64_t)now, when);
	if ((root = json_object()) == NULL || (files = json_array()) == NULL ||
	    json_object_set_new(root, "format", json_string(PACKSIGN_FORMAT)) ||
	    json_object_set_new(root, "id", json_string(p->id)) ||
	    json_object_set_new(root, "version", json_string(p->version)) ||
	    json_object_set_new(root, "hub", json_string(kid)) ||
	    json_object_set_new(root, "created", json_string(when))) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = ps_add_files(dir, &fs, za, files, cause)) != 0)
		goto out;
	if (json_object_set(root, "files", files) != 0 ||
	    (manifest = json_dumps(root, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)) == NULL ||
	    (tc = minisign_trusted_comment(PACKSIGN_MANIFEST, now)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	mlen = strlen(manifest);
	if ((r = minisign_sign(sk, manifest, mlen, tc, "signature from "
	    "outreach hub key", &sig, &siglen, cause)) != 0 ||
	    (r = ps_zip_add(za, PACKSIGN_MANIFEST, manifest, mlen, 0, 0)) != 0 ||
	    (r = ps_zip_add(za, PACKSIGN_SIG, sig, siglen, 0, 0)) != 0 ||
	    (r = bundle_zip_finish(&za, src, zipp, lenp, cause)) != 0)
		goto out;
	*nfiles = fs.n;
out:
	if (za != NULL)
		zip_discard(za);
	if (src != NULL)
		zip_source_free(src);
	json_decref(files);
	json_decref(root);
	free(manifest);
	free(sig);
	free(tc);
	ps_files_free(&fs);
	pack_free(&p);
	return r;
}

/* Install ------------------------------------------------------------------ */

struct ps_entry {
	char	*path;
	size_t	 size;
	uint8_t	 sha256[BUNDLE_HASH_BYTES];
};

struct ps_manifest {
	char		*id;
	char		*version;
	struct ps_entry	*v;
	size_t		 n;
};

static void
ps_manifest_free(struct ps_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	free(m->id);
	free(m->version);
	memset(m, 0, sizeof *m);
}

static int
ps_manifest_parse(const char *text, size_t len, struct ps_manifest *m,
    char **cause)
{
	json_t *root, *files, *e, *sz;
	const char *s, *path;
	size_t i;
	int r = ERR_PARSE;

	memset(m, 0, sizeof *m);
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL)) ==
	    NULL)
		return err_set(cause, ERR_PARSE, "the pack's manifest is not "
		    "JSON");
	files = json_object_get(root, "files");
	if ((s = jsonfield_str(root, "format")) == NULL ||
	    strcmp(s, PACKSIGN_FORMAT) != 0 || !json_is_array(files) ||
	    json_array_size(files) == 0 ||
	    json_array_size(files) > PACKSIGN_MAX_FILES ||
	    (s = jsonfield_str(root, "id")) == NULL || (m->id = strdup(s)) == NULL ||
	    (s = jsonfield_str(root, "version")) == NULL ||
	    (m->version = strdup(s)) == NULL ||
	    (m->v = calloc(json_array_size(files), sizeof *m->v)) == NULL)
		goto bad;
	json_array_foreach(files, i, e) {
		sz = json_object_get(e, "size");
		if ((path = jsonfield_str(e, "path")) == NULL ||
		    !zipread_name_ok(path, 0) || !json_is_integer(sz) ||
		    json_integer_value(sz) < 0 ||
		    (size_t)json_integer_value(sz) > PACKSIGN_MAX_FILE ||
		    (s = jsonfield_str(e, "sha256")) == NULL ||
		    bundle_unhex(s, m->v[i].sha256) != 0 ||
		    strcmp(path, PACKSIGN_MANIFEST) == 0 ||
		    strcmp(path, PACKSIGN_SIG) == 0 ||
		    (m->v[i].path = strdup(path)) == NULL)
			goto bad;
		m->v[i].size = (size_t)json_integer_value(sz);
		m->n++;
	}
	r = ERR_OK;
	goto out;
bad:
	err_set(cause, r, "the pack's manifest is malformed");
out:
	json_decref(root);
	return r;
}

/* Write one checked file (fsynced) under dir. */
static int
ps_write_file(const char *dir, const char *rel, const uint8_t *data,
    size_t len, char **cause)
{
	char path[PATH_MAX], *slash;
	int fd, r = ERR_OK;

	if (ps_path(path, sizeof path, "%s/%s", dir, rel) != 0)
		return err_set(cause, ERR_LIMIT, "a path is too long");
	slash = strrchr(path, '/');
	*slash = '\0';
	if ((r = file_mkdirs(path, 0755, cause)) != 0)
		return r;
	*slash = '/';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd == -1)
		return err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
	if (fd_write_all(fd, data, len) == -1 || fsync(fd) == -1)
		r = err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
	close(fd);
	return r;
}

/* Unpack every manifest file from z into dir, checking each. */
static int
ps_unpack(struct zipread *z, const struct ps_manifest *m, const char *dir,
    char **cause)
{
	const struct zipread_entry *e;
	uint8_t *data = NULL, h[BUNDLE_HASH_BYTES];
	size_t i, len, nfiles = 0;
	int r;

	for (i = 0; i < zipread_count(z); i++) {
		e = zipread_entry(z, i);
		if (!e->dir && strcmp(e->name, PACKSIGN_MANIFEST) != 0 &&
		    strcmp(e->name, PACKSIGN_SIG) != 0)
			nfiles++;
	}
	if (nfiles != m->n)
		return err_set(cause, ERR_INVALID, "the zip holds %zu files "
		    "but its signed manifest lists %zu", nfiles, m->n);
	for (i = 0; i < m->n; i++) {
		if ((e = zipread_find(z, m->v[i].path)) == NULL || e->dir)
			return err_set(cause, ERR_INVALID, "%s is listed but "
			    "missing", m->v[i].path);
		if (e->size != m->v[i].size)
			return err_set(cause, ERR_SIGNATURE, "%s does not match "
			    "the signed manifest (altered)", m->v[i].path);
		if ((r = zipread_read_alloc(z, e, &data, &len, cause)) != 0)
			return r;
		hash_sha256(h, data, len);
		if (len != m->v[i].size || sodium_memcmp(h, m->v[i].sha256,
		    sizeof h) != 0) {
			free(data);
			return err_set(cause, ERR_SIGNATURE, "%s does not match "
			    "the signed manifest (altered)", m->v[i].path);
		}
		r = ps_write_file(dir, m->v[i].path, data, len, cause);
		free(data);
		if (r != 0)
			return r;
	}
	return ERR_OK;
}

/*
 * Verify the zip's signature and parse its manifest. Signed by another key:
 * ERR_NOKEY, with that key's id in signer (both ids in the cause).
 */
static int
ps_verify(struct zipread *z, const struct minisign_pubkey *trusted,
    struct ps_manifest *m, char signer[BUNDLE_KEYID_SIZE], char **cause)
{
	struct minisign_pubkey signed_by;
	char mine[BUNDLE_KEYID_SIZE];
	const struct zipread_entry *me, *se;
	uint8_t *man = NULL, *sig = NULL;
	size_t mlen = 0, slen = 0;
	int r;

	if ((me = zipread_find(z, PACKSIGN_MANIFEST)) == NULL ||
	    (se = zipread_find(z, PACKSIGN_SIG)) == NULL)
		return err_set(cause, ERR_SIGNATURE, "the pack is not signed "
		    "(no %s)", me == NULL ? PACKSIGN_MANIFEST : PACKSIGN_SIG);
	if (me->size > PACKSIGN_MAX_FILE || se->size > 8192)
		return err_set(cause, ERR_LIMIT, "the pack's manifest is too "
		    "large");
	if ((r = zipread_read_alloc(z, me, &man, &mlen, cause)) != 0 ||
	    (r = zipread_read_alloc(z, se, &sig, &slen, cause)) != 0)
		goto out;
	r = minisign_verify(trusted, man, mlen, (const char *)sig, slen, NULL,
	    NULL);
	if (r == ERR_NOKEY) {
		device_key_id(trusted, mine);
		/* The id the signature names, as device_key_id writes one. */
		memset(&signed_by, 0, sizeof signed_by);
		if (minisign_sig_info((const char *)sig, slen,
		    signed_by.keyid, NULL, NULL) == 0)
			device_key_id(&signed_by, signer);
		r = err_set(cause, ERR_NOKEY, "the pack is signed by another "
		    "hub key, %s; this device trusts hub key %s", signer[0] !=
		    '\0' ? signer : "(unknown)", mine);
	}
	else if (r != 0)
		r = err_set(cause, ERR_SIGNATURE, "the pack's signature does "
		    "not verify (it was altered)");
	else
		r = ps_manifest_parse((const char *)man, mlen, m, cause);
out:
	free(man);
	free(sig);
	return r;
}

/* The new folder's name under packdir: version, or version-N if taken. */
static int
ps_target(const char *packdir, const char *version, char *out, size_t cap)
{
	struct stat st;
	int i;

	for (i = 1; i < 1000; i++) {
		if (i == 1)
			ps_path(out, cap, "%s/%s", packdir, version);
		else
			ps_path(out, cap, "%s/%s-%d", packdir, version, i);
		if (lstat(out, &st) == -1 && errno == ENOENT)
			return ERR_OK;
	}
	return ERR_EXISTS;
}

/* Point packdir/current at name (relative) with one rename. */
static int
ps_switch(const char *packdir, const char *name, char **cause)
{
	char link[PATH_MAX], cur[PATH_MAX];

	ps_path(link, sizeof link, "%s/current.tmp", packdir);
	ps_path(cur, sizeof cur, "%s/current", packdir);
	unlink(link);
	if (symlink(name, link) == -1 || rename(link, cur) == -1) {
		unlink(link);
		return err_set(cause, err_from_errno(errno), "%s: %s", cur,
		    strerror(errno));
	}
	return file_sync_dir(packdir);
}

/* Remove pack folders that are neither keep1 nor keep2 (base names). */
static void
ps_prune(const char *packdir, const char *keep1, const char *keep2)
{
	struct dirent *de;
	char sub[PATH_MAX];
	DIR *d;

	if ((d = opendir(packdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "current") == 0 ||
		    strcmp(de->d_name, keep1) == 0 ||
		    (keep2 != NULL && strcmp(de->d_name, keep2) == 0))
			continue;
		ps_path(sub, sizeof sub, "%s/%s", packdir, de->d_name);
		file_rmtree(sub);
	}
	closedir(d);
}

/* The loaded pack must be what the manifest says, naming the signer. */
static int
ps_check_unpacked(const char *dir, const struct ps_manifest *m,
    const struct minisign_pubkey *trusted, char **cause)
{
	struct minisign_pubkey named;
	struct pack *p = NULL;
	int r;

	if ((r = pack_load(dir, &p, cause)) != 0)
		return r;
	if (strcmp(p->id, m->id) != 0 || strcmp(p->version, m->version) != 0)
		r = err_set(cause, ERR_INVALID, "pack.ini does not match the "
		    "signed manifest");
	else if (p->hub_pubkey == NULL || minisign_pubkey_parse(p->hub_pubkey,
	    strlen(p->hub_pubkey), &named, NULL) != 0 ||
	    memcmp(&named, trusted, sizeof named) != 0)
		r = err_set(cause, ERR_INVALID, "the pack does not name the "
		    "hub key that signed it");
	else if (p->nrecipients == 0)
		r = err_set(cause, ERR_INVALID, "the pack names no recipient "
		    "to seal answers to");
	pack_free(&p);
	return r;
}

/*
 * What the pack in use allows: a version no older than its own, compared
 * only within one id; another pack only when it may be replaced.
 */
static int
ps_bound(const struct ps_manifest *m, const struct packsign_bound *b,
    char **cause)
{
	if (b->pack_id != NULL && strcmp(m->id, b->pack_id) != 0) {
		if (!b->replace)
			return err_set(cause, ERR_EXISTS, "this device runs "
			    "pack %s %s, and this is another pack, %s %s",
			    b->pack_id, b->version != NULL ? b->version : "",
			    m->id, m->version);
		return ERR_OK;
	}
	if (b->version != NULL && pack_version_cmp(m->version,
	    b->version) < 0)
		return err_set(cause, ERR_VERSION, "the pack is version %s, "
		    "older than the one in use (%s)", m->version, b->version);
	return ERR_OK;
}

/*
 * Open a pack's zip held in memory with the limits every pack reader keeps
 * (PACKSIGN_MAX_*; data must outlive *z).
 */
int
packsign_zip_open(const void *data, size_t len, struct zipread **z,
    char **cause)
{
	struct zipread_limits lim;

	memset(&lim, 0, sizeof lim);
	/* The files, the manifest and its signature. */
	lim.max_entries = PACKSIGN_MAX_FILES + 2;
	lim.max_entry = PACKSIGN_MAX_FILE;
	lim.max_total = PACKSIGN_MAX_TOTAL;
	lim.allow_dirs = 1;
	return zipread_open(data, len, &lim, z, cause);
}

int
packsign_install(const char *home, const char *zippath,
    const struct packsign_bound *b, struct packsign_result *res,
    char **cause)
{
	const struct minisign_pubkey *trusted = b->key;
	struct ps_manifest m;
	struct zipread *z = NULL;
	char packdir[PATH_MAX], tmp[PATH_MAX], target[PATH_MAX];
	char old[PATH_MAX], link[PATH_MAX], *data = NULL, *base;
	char *oldbase = NULL;
	size_t len = 0;
	ssize_t n;
	int r;

	memset(res, 0, sizeof *res);
	memset(&m, 0, sizeof m);
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	tmp[0] = '\0';
	device_key_id(trusted, res->key_id);
	if ((r = file_read(zippath, PACKSIGN_MAX_ZIP, &data, &len, cause)) != 0)
		goto out;
	if ((r = packsign_zip_open(data, len, &z, cause)) != 0 ||
	    (r = ps_verify(z, trusted, &m, res->signer_id, cause)) != 0)
		goto out;
	if ((res->id = strdup(m.id)) == NULL ||
	    (res->version = strdup(m.version)) == NULL ||
	    (b->pack_id != NULL && (res->from_id = strdup(b->pack_id)) ==
	    NULL) || (b->version != NULL && (res->from_version =
	    strdup(b->version)) == NULL)) {
		r = ERR_NOMEM;
		goto out;
	}
	res->files = m.n;
	if ((r = ps_bound(&m, b, cause)) != 0)
		goto out;
	if (!zipread_name_ok(m.version, 0) || strchr(m.version, '/') != NULL) {
		r = err_set(cause, ERR_INVALID, "the pack's version is not a "
		    "usable folder name");
		goto out;
	}
	if (ps_path(packdir, sizeof packdir, "%s/pack", home) != 0 ||
	    ps_path(tmp, sizeof tmp, "%s/%s.tmp", packdir, m.version) != 0) {
		tmp[0] = '\0';
		r = err_set(cause, ERR_LIMIT, "%s: path too long", home);
		goto out;
	}
	if ((r = file_mkdirs(packdir, 0755, cause)) != 0)
		goto out;
	file_rmtree(tmp);		/* left by an install that was cut short */
	if ((r = ps_unpack(z, &m, tmp, cause)) != 0 ||
	    (r = ps_check_unpacked(tmp, &m, trusted, cause)) != 0)
		goto out;
	if ((r = ps_target(packdir, m.version, target, sizeof target)) != 0) {
		err_set(cause, r, "too many copies of version %s", m.version);
		goto out;
	}
	if (rename(tmp, target) == -1) {
		r = err_set(cause, err_from_errno(errno), "%s: %s", target,
		    strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	ps_path(link, sizeof link, "%s/current", packdir);
	n = readlink(link, old, sizeof old - 1);
	if (n > 0) {
		old[n] = '\0';
		oldbase = strrchr(old, '/') != NULL ? strrchr(old, '/') + 1 : old;
	}
	base = strrchr(target, '/') + 1;
	if ((r = ps_switch(packdir, base, cause)) != 0)
		goto out;
	ps_prune(packdir, base, oldbase);
	if ((res->path = strdup(target)) == NULL)
		r = ERR_NOMEM;
out:
	if (tmp[0] != '\0')
		file_rmtree(tmp);
	ps_manifest_free(&m);
	zipread_free(&z);
	free(data);
	return r;
}

void
packsign_result_clear(struct packsign_result *res)
{
	free(res->id);
	free(res->version);
	free(res->from_id);
	free(res->from_version);
	free(res->path);
	memset(res, 0, sizeof *res);
}

int
packsign_named_key(const char *zippath, struct minisign_pubkey *pk,
    char id[BUNDLE_KEYID_SIZE], char **cause)
{
	const struct zipread_entry *e;
	struct zipread *z = NULL;
	struct ini *ini = NULL;
	uint8_t *text = NULL;
	char *data = NULL;
	const char *key;
	size_t len = 0, tlen = 0;
	int r;

	id[0] = '\0';
	if ((r = file_read(zippath, PACKSIGN_MAX_ZIP, &data, &len, cause)) != 0)
		goto out;
	if ((r = packsign_zip_open(data, len, &z, cause)) != 0)
		goto out;
	if ((e = zipread_find(z, "pack.ini")) == NULL || e->size > INI_MAX_SIZE) {
		r = err_set(cause, ERR_INVALID, "not a content pack (no "
		    "pack.ini)");
		goto out;
	}
	if ((r = zipread_read_alloc(z, e, &text, &tlen, cause)) != 0 ||
	    (r = ini_parse("pack.ini", (const char *)text, tlen, &ini,
	    cause)) != 0)
		goto out;
	if ((key = ini_get(ini, "hub", "minisign_public_key")) == NULL ||
	    minisign_pubkey_parse(key, strlen(key), pk, NULL) != 0) {
		r = err_set(cause, ERR_NOKEY, "the pack names no hub key");
		goto out;
	}
	device_key_id(pk, id);
out:
	ini_free(&ini);
	free(text);
	zipread_free(&z);
	free(data);
	return r;
}
