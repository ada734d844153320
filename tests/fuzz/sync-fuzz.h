/*
 * Shared by the targets that fuzz what the sync side reads from a USB
 * stick (fuzz-bundle-zip, -bundle-manifest, -receipt, -pack-zip,
 * -pack-manifest) and by tests/unit/helper-fuzz-seeds.c, which writes
 * their seeds, so that a seed is made and checked by the code that fuzzes.
 *
 * - Two fixed minisign keys from fixed seeds (never a real key): the
 *   trusted one signs bundles (as their device), receipts and packs (as
 *   the hub); the other is a stranger whose signatures must be refused.
 * - An in-memory zip writer and the deterministic bytes of a bundle entry
 *   or unknown pack file, so that a manifest alone says what its archive
 *   holds: fuzz_sync_bundle_around() and fuzz_sync_pack_around() build the
 *   signed archive a manifest describes.
 * - The promises: fuzz_sync_bundle() opens and verifies a bundle and
 *   checks what bundle.h promises; fuzz_sync_pack() installs a pack zip in
 *   a scratch home and checks that only a pack the trusted key signed
 *   installs, exactly its files, nowhere else, loadable, and that a
 *   refusal leaves nothing behind.
 *
 * A broken promise aborts (FUZZ_CHECK) so that libFuzzer keeps the input.
 */
#ifndef OUTREACH_SYNC_FUZZ_H
#define OUTREACH_SYNC_FUZZ_H

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>
#include <zip.h>

#include "content/err.h"
#include "content/pack.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/minisign.h"
#include "sync/packsign.h"
#include "sync/zipread.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_SYNC_TRUSTED	0
#define FUZZ_SYNC_OTHER		1

/* What the targets build around a manifest: at most this many files... */
#define FUZZ_SYNC_MAX_FILES	64
/* ...of at most this many bytes each, named in at most this many bytes. */
#define FUZZ_SYNC_MAX_FILE	4096
#define FUZZ_SYNC_MAX_NAME	255

/* The age recipient the fuzz pack seals to (tests/fuzz/fuzz-age.c's key). */
#define FUZZ_SYNC_RECIPIENT \
	"age1fjgxjhfrzf923sfkqshvdt2fssrxrvpnpxf9r53z3pypqvyhc9tqzxdads"
/* The trusted comment of every signature the harnesses make. */
#define FUZZ_SYNC_COMMENT	"timestamp:1795460950\tfile:fuzz\thashed"

/* Keys ----------------------------------------------------------------- */

/*
 * The fixed key which (FUZZ_SYNC_TRUSTED or FUZZ_SYNC_OTHER), and its
 * public half in *pk when pk is not NULL. Made once, from a fixed seed,
 * through minisign's own unencrypted secret key format (a zero checksum,
 * as minisign -W leaves it); kept until exit.
 */
static inline const struct minisign_seckey *
fuzz_sync_key(int which, struct minisign_pubkey *pk)
{
	static struct minisign_seckey *keys[2];
	uint8_t blob[158], seed[crypto_sign_SEEDBYTES];
	uint8_t pub[crypto_sign_PUBLICKEYBYTES];
	char b64[256];

	if (which != FUZZ_SYNC_TRUSTED && which != FUZZ_SYNC_OTHER)
		abort();
	if (keys[which] == NULL) {
		if (sodium_init() < 0)
			abort();
		memset(blob, 0, sizeof blob);
		memcpy(blob, "Ed", 2);		/* kdf 0 0: not encrypted */
		memcpy(blob + 4, "B2", 2);
		memcpy(blob + 54, which == FUZZ_SYNC_TRUSTED ? "FUZZKEY0" :
		    "FUZZKEY1", MINISIGN_KEYID_BYTES);
		memset(seed, which == FUZZ_SYNC_TRUSTED ? 0x5a : 0xa5,
		    sizeof seed);
		crypto_sign_seed_keypair(pub, blob + 62, seed);
		sodium_bin2base64(b64, sizeof b64, blob, sizeof blob,
		    sodium_base64_VARIANT_ORIGINAL);
		if (minisign_seckey_parse(b64, strlen(b64), NULL, &keys[which],
		    NULL) != ERR_OK)
			abort();
		sodium_memzero(blob, sizeof blob);
		sodium_memzero(b64, sizeof b64);
	}
	if (pk != NULL)
		minisign_seckey_pubkey(keys[which], pk);
	return keys[which];
}

/* Sign msg with key which (prehashed); *sigp: Caller frees. */
static inline void
fuzz_sync_sign(int which, const void *msg, size_t len, char **sigp,
    size_t *siglenp)
{
	if (minisign_sign(fuzz_sync_key(which, NULL), msg, len,
	    FUZZ_SYNC_COMMENT, NULL, sigp, siglenp, NULL) != ERR_OK)
		abort();
}

/* Zips ------------------------------------------------------------------ */

struct fuzz_sync_file {
	const char	*name;
	const void	*data;
	size_t		 len;
	int		 deflate;
};

/*
 * A zip of files[0..n-1] in memory (*zipp: Caller frees), with fixed times
 * so that the same files give the same bytes. A file libzip refuses (a
 * name given twice) is left out; at least one must go in.
 */
static inline void
fuzz_sync_zip(const struct fuzz_sync_file *files, size_t n, uint8_t **zipp,
    size_t *lenp)
{
	zip_source_t *src, *s;
	zip_error_t ze;
	zip_int64_t idx;
	zip_t *za;
	size_t i;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
		abort();
	zip_error_fini(&ze);
	zip_source_keep(src);
	for (i = 0; i < n; i++) {
		if ((s = zip_source_buffer(za, files[i].data, files[i].len,
		    0)) == NULL)
			abort();
		if ((idx = zip_file_add(za, files[i].name, s,
		    ZIP_FL_ENC_GUESS)) < 0) {
			zip_source_free(s);
			continue;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
		    files[i].deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) != 0 ||
		    zip_file_set_dostime(za, (zip_uint64_t)idx, 0x6000, 0x5b77,
		    0) != 0)
			abort();
	}
	if (bundle_zip_finish(&za, src, zipp, lenp, NULL) != 0)
		abort();
	zip_source_free(src);
}

/*
 * The deterministic content of the bundle entry or pack file called name:
 * len bytes of a xorshift stream seeded by the name's FNV-1a hash.
 */
static inline void
fuzz_sync_fill(const char *name, uint8_t *out, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; name[i] != '\0'; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	h |= 1;
	for (i = 0; i < len; i++) {
		h ^= h << 13;
		h ^= h >> 17;
		h ^= h << 5;
		out[i] = (uint8_t)(h >> 24);
	}
}

/* A string member of o of 1..max bytes without a NUL, or NULL. */
static inline const char *
fuzz_sync_json_name(json_t *o, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	size_t len;

	if (!json_is_string(v))
		return NULL;
	len = json_string_length(v);
	return len > 0 && len <= max && strlen(json_string_value(v)) == len ?
	    json_string_value(v) : NULL;
}

/* An integer member of o in lo..hi, or -1. */
static inline long long
fuzz_sync_json_size(json_t *o, const char *key, long long lo, long long hi)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return -1;
	return (long long)json_integer_value(v);
}

/*
 * Files named by manifest text: for each of the first FUZZ_SYNC_MAX_FILES
 * objects of its array member list with a name (member key) and a size
 * (member "size", in lo..FUZZ_SYNC_MAX_FILE), a file named prefix name
 * suffix with content from content(). What is not such an entry is left
 * out: the archive then lacks it, which the reader must notice.
 */
struct fuzz_sync_files {
	/* Room for an extra file, the manifest and its signature. */
	struct fuzz_sync_file	 v[FUZZ_SYNC_MAX_FILES + 3];
	char			*names[FUZZ_SYNC_MAX_FILES];
	uint8_t			*data[FUZZ_SYNC_MAX_FILES];
	size_t			 n;
};

static inline void
fuzz_sync_files_free(struct fuzz_sync_files *fs)
{
	size_t i;

	for (i = 0; i < FUZZ_SYNC_MAX_FILES; i++) {
		free(fs->names[i]);
		free(fs->data[i]);
	}
	memset(fs, 0, sizeof *fs);
}

static inline void
fuzz_sync_files_from(struct fuzz_sync_files *fs, const uint8_t *json,
    size_t len, const char *list, const char *key, long long lo,
    const char *prefix, const char *suffix, int deflate,
    const uint8_t *(*content)(const char *name, size_t *lenp))
{
	json_t *root, *a, *e;
	const uint8_t *known;
	const char *name;
	long long size;
	size_t i, n, klen;
	uint8_t *d;
	char *full;

	memset(fs, 0, sizeof *fs);
	if ((root = json_loadb((const char *)json, len, 0, NULL)) == NULL)
		return;
	a = json_object_get(root, list);
	n = json_is_array(a) ? json_array_size(a) : 0;
	for (i = 0; i < n && fs->n < FUZZ_SYNC_MAX_FILES; i++) {
		e = json_array_get(a, i);
		if ((name = fuzz_sync_json_name(e, key,
		    FUZZ_SYNC_MAX_NAME)) == NULL || (size =
		    fuzz_sync_json_size(e, "size", lo, FUZZ_SYNC_MAX_FILE)) < 0)
			continue;
		known = content != NULL ? content(name, &klen) : NULL;
		if (known != NULL)
			size = (long long)klen;
		if (asprintf(&full, "%s%s%s", prefix, name, suffix) == -1 ||
		    (d = malloc((size_t)size + 1)) == NULL)
			abort();
		if (known != NULL)
			memcpy(d, known, klen);
		else
			fuzz_sync_fill(name, d, (size_t)size);
		fs->names[fs->n] = full;
		fs->data[fs->n] = d;
		fs->v[fs->n].name = full;
		fs->v[fs->n].data = d;
		fs->v[fs->n].len = (size_t)size;
		fs->v[fs->n].deflate = deflate;
		fs->n++;
	}
	json_decref(root);
}

/*
 * The zip of fs's files, then the manifest text (as manifest) and its
 * signature by key which (as signame; none when which is -1). *zipp:
 * Caller frees.
 */
static inline void
fuzz_sync_signed_zip(struct fuzz_sync_files *fs, int which,
    const char *manifest, const char *signame, const uint8_t *json,
    size_t len, uint8_t **zipp, size_t *lenp)
{
	char *sig = NULL;
	size_t siglen = 0, n = fs->n;

	fs->v[n].name = manifest;
	fs->v[n].data = json;
	fs->v[n++].len = len;
	if (which >= 0) {
		fuzz_sync_sign(which, json, len, &sig, &siglen);
		fs->v[n].name = signame;
		fs->v[n].data = sig;
		fs->v[n++].len = siglen;
	}
	fuzz_sync_zip(fs->v, n, zipp, lenp);
	free(sig);
}

/* Bundles ---------------------------------------------------------------- */

/*
 * The bundle a device would write around manifest text json: the
 * manifest (stored, as bundle_build does), its signature by the trusted
 * key, and submissions/<id>.age for each entry it declares, of the size it
 * declares (1..FUZZ_SYNC_MAX_FILE), holding fuzz_sync_fill(id). *zipp:
 * Caller frees.
 */
static inline void
fuzz_sync_bundle_around(const uint8_t *json, size_t len, uint8_t **zipp,
    size_t *lenp)
{
	struct fuzz_sync_files fs;

	fuzz_sync_files_from(&fs, json, len, "entries", "id", 1,
	    "submissions/", ".age", 0, NULL);
	fuzz_sync_signed_zip(&fs, FUZZ_SYNC_TRUSTED, BUNDLE_MANIFEST,
	    BUNDLE_MANIFEST_SIG, json, len, zipp, lenp);
	fuzz_sync_files_free(&fs);
}

/* What bundle_open promises of a bundle it opened. */
static inline void
fuzz_sync_bundle_shape(const struct bundle *b)
{
	const struct bundle_head *h = &b->head;
	char id[BUNDLE_KEYID_SIZE], when[BUNDLE_TIME_SIZE];
	uint8_t hash[BUNDLE_HASH_BYTES];
	size_t i, j;

	FUZZ_CHECK(b->n >= 1 && b->n <= BUNDLE_MAX_ENTRIES, "%zu entries",
	    b->n);
	FUZZ_CHECK(device_key_id_valid(h->device), "the device key id");
	device_key_id(&h->device_pk, id);
	FUZZ_CHECK(strcmp(id, h->device) == 0, "the device key is %s's",
	    h->device);
	FUZZ_CHECK(h->seq >= 1 && h->seq <= BUNDLE_MAX_SEQ, "seq %lld",
	    (long long)h->seq);
	FUZZ_CHECK(h->seq > 1 || !h->has_previous, "bundle 1 has no previous");
	FUZZ_CHECK(bundle_time_format(h->created, when) == ERR_OK,
	    "the creation time formats");
	FUZZ_CHECK(b->manifest != NULL && b->manifest_len <=
	    BUNDLE_MAX_MANIFEST && b->manifest[b->manifest_len] == '\0',
	    "a manifest of %zu bytes", b->manifest_len);
	crypto_hash_sha256(hash, (const uint8_t *)b->manifest,
	    b->manifest_len);
	FUZZ_CHECK(memcmp(hash, b->hash, sizeof hash) == 0,
	    "the bundle's hash is its manifest's");
	FUZZ_CHECK(b->sig != NULL && b->sig_len <= BUNDLE_MAX_SIG,
	    "a signature of %zu bytes", b->sig_len);
	for (i = 0; i < b->n; i++) {
		const struct bundle_entry *e = &b->entries[i];

		FUZZ_CHECK(strlen(e->id) == BUNDLE_ID_SIZE - 1 &&
		    bundle_uuid_ok(e->id), "entry %zu's id", i);
		FUZZ_CHECK(bundle_field_ok(e->form) &&
		    bundle_field_ok(e->version), "entry %zu's form, version",
		    i);
		FUZZ_CHECK(e->size >= 1 && e->size <= BUNDLE_MAX_ENTRY &&
		    e->zentry != NULL, "entry %zu: %zu bytes", i, e->size);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(b->entries[j].id, e->id) != 0,
			    "id %s twice", e->id);
	}
}

/* After a verified bundle: its signer and its entries. */
static inline void
fuzz_sync_bundle_good(struct bundle *b)
{
	struct minisign_pubkey pk, other;
	uint8_t keyid[MINISIGN_KEYID_BYTES], *buf;
	enum minisign_alg alg;
	size_t i, len;
	int r;

	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	fuzz_sync_key(FUZZ_SYNC_OTHER, &other);
	FUZZ_CHECK(minisign_sig_info(b->sig, b->sig_len, keyid, &alg,
	    NULL) == ERR_OK && memcmp(keyid, pk.keyid, sizeof keyid) == 0,
	    "a verified manifest names the trusted key");
	FUZZ_CHECK(minisign_verify(&pk, b->manifest, b->manifest_len, b->sig,
	    b->sig_len, NULL, NULL) == ERR_OK, "its signature verifies");
	FUZZ_CHECK(bundle_check_signature(b, &other, NULL) != ERR_OK,
	    "another key does not verify it");
	if ((buf = malloc(BUNDLE_MAX_ENTRY)) == NULL)
		abort();
	for (i = 0; i < b->n; i++) {
		r = bundle_entry_read(b, i, buf, BUNDLE_MAX_ENTRY, &len, NULL);
		FUZZ_CHECK(r == ERR_OK && len == b->entries[i].size &&
		    bundle_entry_hash_ok(&b->entries[i], buf, len),
		    "verified entry %zu reads back with its hash", i);
	}
	free(buf);
}

/*
 * 1 when every entry of b has its declared hash: over what it reads back
 * from the archive, or (filled) over its fuzz_sync_fill bytes.
 */
static inline int
fuzz_sync_bundle_hashes_ok(struct bundle *b, int filled)
{
	uint8_t *buf;
	size_t i, len = 0;
	int ok = 1;

	for (i = 0; i < b->n && ok; i++) {
		if ((buf = malloc(b->entries[i].size)) == NULL)
			abort();
		if (filled)
			fuzz_sync_fill(b->entries[i].id, buf,
			    len = b->entries[i].size);
		else if (bundle_entry_read(b, i, buf, b->entries[i].size,
		    &len, NULL) != ERR_OK)
			ok = 0;
		ok = ok && bundle_entry_hash_ok(&b->entries[i], buf, len);
		free(buf);
	}
	return ok;
}

/*
 * Entries in place (bundle_entry_data) lie inside the archive, have their
 * manifest size, and are the bytes bundle_entry_read gives when it reads
 * them (it also checks the CRC, which in place is left to the hash).
 */
static inline void
fuzz_sync_bundle_in_place(struct bundle *b, const uint8_t *data, size_t size)
{
	const uint8_t *in;
	uint8_t *buf;
	size_t i, len, got;

	for (i = 0; i < b->n; i++) {
		if (bundle_entry_data(b, i, &in, &len) != ERR_OK)
			continue;
		FUZZ_CHECK(in >= data && len <= size &&
		    (size_t)(in - data) <= size - len &&
		    len == b->entries[i].size, "entry %zu in place lies in "
		    "the archive", i);
		if ((buf = malloc(len > 0 ? len : 1)) == NULL)
			abort();
		if (bundle_entry_read(b, i, buf, len, &got, NULL) == ERR_OK)
			FUZZ_CHECK(got == len && memcmp(buf, in, len) == 0,
			    "entry %zu in place is what it reads as", i);
		free(buf);
	}
}

/*
 * Open the bundle in data, check what bundle.h promises, and verify it
 * with the trusted key: verification succeeds only when the trusted key
 * signed the manifest and every entry has its hash, and then the entries
 * read back and the writer's own check agrees. With a manifest, data is
 * fuzz_sync_bundle_around(manifest): an opened bundle's manifest must be
 * that text, and it must verify exactly when its hashes are those of the
 * fuzz_sync_fill bytes. Returns bundle_open's error or bundle_verify's.
 */
static inline int
fuzz_sync_bundle(const uint8_t *data, size_t size, const uint8_t *manifest,
    size_t mlen)
{
	struct minisign_pubkey pk;
	struct bundle *b = NULL;
	char *cause = NULL;
	int r, sigok;

	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	r = bundle_open(data, size, &b, &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(b == NULL, "no bundle on error");
		FUZZ_CHECK(r == ERR_PARSE || r == ERR_INVALID ||
		    r == ERR_LIMIT || r == ERR_UNSUPPORTED,
		    "open fails as documented: %d", r);
		FUZZ_CHECK(cause != NULL, "error %d has a cause", r);
		free(cause);
		return r;
	}
	FUZZ_CHECK(cause == NULL, "no cause on success");
	fuzz_sync_bundle_shape(b);
	fuzz_sync_bundle_in_place(b, data, size);
	sigok = bundle_check_signature(b, &pk, NULL) == ERR_OK;
	r = bundle_verify(b, &pk, &cause);
	if (r == ERR_OK) {
		FUZZ_CHECK(cause == NULL && sigok, "verified means signed");
		fuzz_sync_bundle_good(b);
	} else {
		FUZZ_CHECK(cause != NULL, "verify error %d has a cause", r);
		FUZZ_CHECK(!sigok || !fuzz_sync_bundle_hashes_ok(b, 0),
		    "signed, yet refused (%s) with every entry intact",
		    cause);
	}
	if (manifest != NULL) {
		FUZZ_CHECK(b->manifest_len == mlen && memcmp(b->manifest,
		    manifest, mlen) == 0, "the manifest read is the one put");
		FUZZ_CHECK((r == ERR_OK) == fuzz_sync_bundle_hashes_ok(b, 1),
		    "verify (%d) agrees with the entries' hashes", r);
	}
	free(cause);
	bundle_free(&b);
	FUZZ_CHECK(b == NULL, "free clears the pointer");
	return r;
}

/* Packs ------------------------------------------------------------------ */

/* snprintf a path; a path that does not fit is the harness's own bug. */
static inline void fuzz_sync_path(char *out, size_t cap, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static inline void
fuzz_sync_path(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap)
		abort();
}

/*
 * The fuzz pack: the files fuzz_sync_pack_around() puts in an archive
 * when a manifest names them, whatever size it declares (pack.ini names
 * the trusted key and FUZZ_SYNC_RECIPIENT). NULL for any other name.
 */
static inline const uint8_t *
fuzz_sync_pack_file(const char *name, size_t *lenp)
{
	static char ini[1024];
	static const char *const pages[][2] = {
		{ "pages/en/start.md",
		    "# Start\n\nThe fuzz pack's home page.\n" },
		{ "pages/en/other.md", "# Other\n\nAnother page.\n" },
	};
	char b64[MINISIGN_PUBKEY_B64_SIZE];
	struct minisign_pubkey pk;
	size_t i;

	for (i = 0; i < 2; i++)
		if (strcmp(name, pages[i][0]) == 0) {
			*lenp = strlen(pages[i][1]);
			return (const uint8_t *)pages[i][1];
		}
	if (strcmp(name, "pack.ini") != 0)
		return NULL;
	if (ini[0] == '\0') {
		fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
		minisign_pubkey_base64(&pk, b64);
		snprintf(ini, sizeof ini, "[pack]\nid = fuzz\ntitle = Fuzz "
		    "pack\nversion = 1.0.0\nlanguages = en\n"
		    "default_language = en\nhome = start\n\n[pages]\n"
		    "order = start, other\n\n[hub]\nrecipients = %s\n"
		    "minisign_public_key = %s\n", FUZZ_SYNC_RECIPIENT, b64);
	}
	*lenp = strlen(ini);
	return (const uint8_t *)ini;
}

/*
 * The pack zip a hub would sign around pack-manifest text json: each file
 * it declares (path, size 0..FUZZ_SYNC_MAX_FILE) deflated, holding the
 * fuzz pack's file of that name or else fuzz_sync_fill(path); the manifest
 * and its signature by the trusted key. *zipp: Caller frees.
 */
static inline void
fuzz_sync_pack_around(const uint8_t *json, size_t len, uint8_t **zipp,
    size_t *lenp)
{
	struct fuzz_sync_files fs;

	fuzz_sync_files_from(&fs, json, len, "files", "path", 0, "", "", 1,
	    fuzz_sync_pack_file);
	fuzz_sync_signed_zip(&fs, FUZZ_SYNC_TRUSTED, PACKSIGN_MANIFEST,
	    PACKSIGN_SIG, json, len, zipp, lenp);
	fuzz_sync_files_free(&fs);
}

/* Remove path and everything under it (links are not followed). */
static inline void
fuzz_sync_rmtree(const char *path)
{
	char sub[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) == -1)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			fuzz_sync_path(sub, sizeof sub, "%s/%s", path,
			    de->d_name);
			fuzz_sync_rmtree(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

/* What the signed manifest of a pack zip says, read independently. */
struct fuzz_sync_packinfo {
	int	 signed_ok;	/* manifest and signature by the trusted key */
	json_t	*files;		/* its files array, when it parses */
};

static inline void
fuzz_sync_pack_info(const uint8_t *zip, size_t len,
    struct fuzz_sync_packinfo *pi)
{
	struct zipread_limits lim = { 0, 0, 0, 0, 1 };
	struct minisign_pubkey pk;
	const struct zipread_entry *me, *se;
	struct zipread *z = NULL;
	uint8_t *man = NULL, *sig = NULL;
	size_t mlen, slen;
	json_t *root;

	memset(pi, 0, sizeof *pi);
	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	if (zipread_open(zip, len, &lim, &z, NULL) != ERR_OK)
		return;
	if ((me = zipread_find(z, PACKSIGN_MANIFEST)) != NULL &&
	    (se = zipread_find(z, PACKSIGN_SIG)) != NULL &&
	    zipread_read_alloc(z, me, &man, &mlen, NULL) == ERR_OK &&
	    zipread_read_alloc(z, se, &sig, &slen, NULL) == ERR_OK &&
	    minisign_verify(&pk, man, mlen, (const char *)sig, slen, NULL,
	    NULL) == ERR_OK) {
		pi->signed_ok = 1;
		if ((root = json_loadb((const char *)man, mlen, 0,
		    NULL)) != NULL) {
			pi->files = json_incref(json_object_get(root,
			    "files"));
			json_decref(root);
		}
	}
	free(man);
	free(sig);
	zipread_free(&z);
}

/* The files, links and folders found in the scratch folder after install. */
struct fuzz_sync_walk {
	const char	*zip;		/* the input, outside home */
	const char	*home;		/* <scratch>/home */
	const char	*installed;	/* the installed folder, or NULL */
	const char	*current;	/* home/pack/current */
	size_t		 files;		/* regular files under installed */
};

/* Walk dir: anything outside the installed folder is a broken promise. */
static inline void
fuzz_sync_walk(const char *dir, struct fuzz_sync_walk *w)
{
	char sub[PATH_MAX], pack[PATH_MAX];
	struct dirent *de;
	struct stat st;
	size_t ilen = w->installed != NULL ? strlen(w->installed) : 0;
	int inside;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		FUZZ_CHECK(0, "cannot read %s", dir);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		fuzz_sync_path(sub, sizeof sub, "%s/%s", dir, de->d_name);
		FUZZ_CHECK(lstat(sub, &st) == 0, "lstat %s", sub);
		inside = w->installed != NULL && (strcmp(sub,
		    w->installed) == 0 || (strncmp(sub, w->installed,
		    ilen) == 0 && sub[ilen] == '/'));
		if (S_ISDIR(st.st_mode)) {
			fuzz_sync_path(pack, sizeof pack, "%s/pack", w->home);
			FUZZ_CHECK(inside || strcmp(sub, w->home) == 0 ||
			    strcmp(sub, pack) == 0, "a folder %s is left "
			    "outside the installed pack (%s)", sub,
			    w->installed != NULL ? w->installed : "refused");
			fuzz_sync_walk(sub, w);
			continue;
		}
		if (strcmp(sub, w->zip) == 0)
			continue;
		if (strcmp(sub, w->current) == 0 && w->installed != NULL &&
		    S_ISLNK(st.st_mode))
			continue;
		FUZZ_CHECK(inside && S_ISREG(st.st_mode),
		    "%s is left outside the installed pack (%s)", sub,
		    w->installed != NULL ? w->installed : "refused");
		w->files++;
	}
	closedir(d);
}

/*
 * After a successful install that left files regular files under res->path
 * (and nothing elsewhere): exactly the manifest's, current pointing there,
 * loadable, and refused by another trusted key.
 */
static inline void
fuzz_sync_pack_good(const char *home, const char *zippath,
    const struct packsign_result *res, const struct fuzz_sync_packinfo *pi,
    size_t files)
{
	struct minisign_pubkey pk, other;
	struct packsign_result res2;
	struct packsign_bound b;
	struct stat st;
	struct pack *p = NULL;
	char path[PATH_MAX], cur[PATH_MAX], link[PATH_MAX], *cause = NULL;
	const char *rel;
	long long size;
	size_t i, top;
	ssize_t n;
	int r;

	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	fuzz_sync_key(FUZZ_SYNC_OTHER, &other);
	FUZZ_CHECK(pi->signed_ok, "installed a pack the trusted key did not "
	    "sign");
	device_key_id(&pk, path);
	FUZZ_CHECK(strcmp(res->key_id, path) == 0, "signed by %s",
	    res->key_id);
	fuzz_sync_path(path, sizeof path, "%s/pack/", home);
	top = strlen(path);
	FUZZ_CHECK(res->path != NULL && strncmp(res->path, path, top) == 0 &&
	    strchr(res->path + top, '/') == NULL, "installed into %s",
	    res->path);
	fuzz_sync_path(link, sizeof link, "%s/pack/current", home);
	n = readlink(link, cur, sizeof cur - 1);
	FUZZ_CHECK(n > 0 && (cur[n] = '\0', strcmp(cur, res->path + top) ==
	    0), "current points at the new pack");
	FUZZ_CHECK(json_is_array(pi->files) && files ==
	    json_array_size(pi->files) && files == res->files,
	    "%zu files installed, %zu listed", files, res->files);
	for (i = 0; i < files; i++) {
		rel = fuzz_sync_json_name(json_array_get(pi->files, i), "path",
		    ZIPREAD_MAX_NAME);
		size = fuzz_sync_json_size(json_array_get(pi->files, i),
		    "size", 0, (long long)PACKSIGN_MAX_FILE);
		FUZZ_CHECK(rel != NULL && size >= 0, "file %zu is listed", i);
		fuzz_sync_path(path, sizeof path, "%s/%s", res->path, rel);
		FUZZ_CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size == (off_t)size, "%s installed, %lld bytes", rel,
		    size);
	}
	r = pack_load(res->path, &p, &cause);
	FUZZ_CHECK(r == ERR_OK, "the installed pack loads: %s", cause);
	FUZZ_CHECK(strcmp(p->id, res->id) == 0 && strcmp(p->version,
	    res->version) == 0, "it is the pack installed");
	pack_free(&p);
	memset(&b, 0, sizeof b);
	b.key = &other;
	r = packsign_install(home, zippath, &b, &res2, &cause);
	FUZZ_CHECK(r == ERR_NOKEY || r == ERR_SIGNATURE,
	    "another trusted key refuses it: %d", r);
	packsign_result_clear(&res2);
	free(cause);
	n = readlink(link, path, sizeof path - 1);
	FUZZ_CHECK(n > 0 && (path[n] = '\0', strcmp(path, cur) == 0),
	    "a refusal keeps current");
}

/*
 * Install the pack zip in data into a scratch home with the trusted key
 * (no pack in use): success only for a pack the trusted key signed, and
 * then exactly the manifest's files, all under <home>/pack/<version>,
 * loadable; a refusal has a cause and leaves no file behind. The home is
 * removed afterwards. Returns packsign_install's result.
 */
static inline int
fuzz_sync_pack(const uint8_t *data, size_t size)
{
	struct fuzz_sync_packinfo pi;
	struct packsign_result res;
	struct packsign_bound b;
	struct minisign_pubkey pk;
	struct fuzz_sync_walk w;
	char home[PATH_MAX], zippath[PATH_MAX], link[PATH_MAX];
	char *cause = NULL;
	int r;

	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	fuzz_sync_path(home, sizeof home, "%s", fuzz_scratch_path("home"));
	fuzz_sync_path(zippath, sizeof zippath, "%s",
	    fuzz_scratch_path("in.zip"));
	fuzz_sync_path(link, sizeof link, "%s/pack/current", home);
	fuzz_write_file(zippath, data, size);
	fuzz_sync_pack_info(data, size, &pi);
	memset(&b, 0, sizeof b);
	b.key = &pk;
	r = packsign_install(home, zippath, &b, &res, &cause);
	FUZZ_CHECK((r == ERR_OK) == (cause == NULL), "a cause exactly when "
	    "refused (%d)", r);
	FUZZ_CHECK(r != ERR_VERSION, "no version check without a pack in use");
	memset(&w, 0, sizeof w);
	w.zip = zippath;
	w.home = home;
	w.installed = r == ERR_OK ? res.path : NULL;
	w.current = link;
	fuzz_sync_walk(fuzz_scratch_dir(), &w);
	if (r == ERR_OK)
		fuzz_sync_pack_good(home, zippath, &res, &pi, w.files);
	packsign_result_clear(&res);
	json_decref(pi.files);
	free(cause);
	fuzz_sync_rmtree(home);
	return r;
}

#endif
