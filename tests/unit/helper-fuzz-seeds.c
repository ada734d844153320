/*
 * Writes the seed corpora of the sync fuzz targets (tests/fuzz/fuzz-
 * bundle-zip, -bundle-manifest, -receipt, -pack-zip, -pack-manifest):
 *
 *   make build/tests/unit/helper-fuzz-seeds
 *   build/tests/unit/helper-fuzz-seeds tests/fuzz/corpus
 *
 * run from the top of the repository (it reads the fixture pack in
 * tests/fixtures/packs/tiny). Each seed is made with the product's own
 * writers (bundle_build, receipt_json, packsign_build) and the fixed keys
 * of tests/fuzz/sync-fuzz.h, or derived from such a seed and broken on
 * purpose, and is then run through the same checks the target makes: a
 * "good-" seed must verify or install, a "bad-" one must be refused. The
 * program aborts on a seed that does not do what its name says, prints
 * one line per seed otherwise. Bundles and receipts come out the same
 * bytes every time; a signed pack carries the time it was signed.
 *
 * Inputs that once broke a target are not written here: they are
 * committed by hand into the corpus, named for the bug.
 */
#include <sys/stat.h>

#include "content/fileio.h"
#include "sync/receipt.h"
#include "tests/fuzz/sync-fuzz.h"

#define SEEDS_CREATED	1795460950	/* 2026-11-23T19:09:10Z */

static const char *seeds_dir;
static size_t seeds_written;
static int seeds_result;	/* what the last seed checked gave */

static const char *const seeds_ids[] = {
	"0b5f4c8e-7a1d-4e2b-9c3f-1a2b3c4d5e6f",
	"1c6a5d9f-8b2e-4f3c-8d4a-2b3c4d5e6f70",
	"2d7b6eaf-9c3f-4a4d-ae5b-3c4d5e6f7081",
	"3e8c7fb0-ad40-4b5e-bf6c-4d5e6f708192",
};

/* Write dir/target/name. */
static void
seeds_put(const char *target, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", seeds_dir, target);
	if (file_mkdirs(path, 0755, NULL) != ERR_OK)
		abort();
	snprintf(path, sizeof path, "%s/%s/%s", seeds_dir, target, name);
	fuzz_write_file(path, data, len);
	printf("%-16s %-28s %5zu bytes: %s\n", target, name, len,
	    seeds_result == ERR_OK ? "accepted" : err_str(seeds_result));
	seeds_written++;
}

/* A good seed must give ERR_OK, a bad one anything else. */
static void
seeds_expect(const char *name, int r)
{
	int good = strncmp(name, "good-", 5) == 0;

	seeds_result = r;
	if (good != (r == ERR_OK)) {
		fprintf(stderr, "seed %s: result %d (%s)\n", name, r,
		    err_str(r));
		abort();
	}
}

/* Replace the first from in s (NUL-terminated, Caller frees) with to. */
static char *
seeds_replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	char *out = NULL;

	if (at == NULL || asprintf(&out, "%.*s%s%s", (int)(at - s), s, to,
	    at + strlen(from)) == -1)
		abort();
	return out;
}

/* Bundles ---------------------------------------------------------------- */

struct seeds_bundle {
	int64_t		 seq;
	int		 previous;
	size_t		 n;
	const char	*forms[4];
	size_t		 sizes[4];
	int		 which;		/* the signing key */
	int		 wrong_hash;	/* the manifest lies about entry 0 */
};

/* bundle_build over fuzz_sync_fill items; *manifest: its manifest.json. */
static void
seeds_bundle_build(const struct seeds_bundle *sb, uint8_t **zipp,
    size_t *lenp, char **manifest)
{
	const struct minisign_seckey *sk;
	struct bundle_head h;
	struct bundle_item items[4];
	struct bundle *b = NULL;
	uint8_t *data[4], hash[BUNDLE_HASH_BYTES], bad[BUNDLE_HASH_BYTES];
	size_t i;

	memset(&h, 0, sizeof h);
	memset(items, 0, sizeof items);
	sk = fuzz_sync_key(sb->which, &h.device_pk);
	device_key_id(&h.device_pk, h.device);
	h.seq = sb->seq;
	h.has_previous = sb->previous;
	memset(h.previous, 0x3c, sizeof h.previous);
	h.created = SEEDS_CREATED;
	memset(bad, 0xee, sizeof bad);
	for (i = 0; i < sb->n; i++) {
		if ((data[i] = malloc(sb->sizes[i])) == NULL)
			abort();
		fuzz_sync_fill(seeds_ids[i], data[i], sb->sizes[i]);
		items[i].id = seeds_ids[i];
		items[i].form = sb->forms[i];
		items[i].version = i % 2 ? "2026-01" : "1.0";
		items[i].data = data[i];
		items[i].len = sb->sizes[i];
		items[i].sha256 = i == 0 && sb->wrong_hash ? bad : NULL;
	}
	if (bundle_build(&h, items, sb->n, sk, NULL, NULL, zipp, lenp, hash,
	    NULL) != ERR_OK || bundle_open(*zipp, *lenp, &b, NULL) != ERR_OK ||
	    (*manifest = strdup(b->manifest)) == NULL)
		abort();
	bundle_free(&b);
	for (i = 0; i < sb->n; i++)
		free(data[i]);
}

/* A bundle seed for both bundle targets. */
static void
seeds_bundle(const char *name, const struct seeds_bundle *sb)
{
	uint8_t *zip = NULL, *around = NULL;
	size_t len = 0, alen = 0;
	char *manifest = NULL, file[128];

	seeds_bundle_build(sb, &zip, &len, &manifest);
	seeds_expect(name, fuzz_sync_bundle(zip, len, NULL, 0));
	snprintf(file, sizeof file, "%s.zip", name);
	seeds_put("bundle-zip", file, zip, len);
	/* The manifest alone: the harness signs it with the trusted key. */
	if (sb->which == FUZZ_SYNC_TRUSTED) {
		fuzz_sync_bundle_around((const uint8_t *)manifest,
		    strlen(manifest), &around, &alen);
		seeds_expect(name, fuzz_sync_bundle(around, alen,
		    (const uint8_t *)manifest, strlen(manifest)));
		snprintf(file, sizeof file, "%s.json", name);
		seeds_put("bundle-manifest", file, manifest, strlen(manifest));
		free(around);
	}
	free(zip);
	free(manifest);
}

/* A manifest seed: good-1-entry's manifest with from replaced by to. */
static void
seeds_manifest_edit(const char *name, const char *base, const char *from,
    const char *to)
{
	uint8_t *zip = NULL;
	size_t len = 0;
	char *m = seeds_replace(base, from, to), file[128];

	fuzz_sync_bundle_around((const uint8_t *)m, strlen(m), &zip, &len);
	seeds_expect(name, fuzz_sync_bundle(zip, len, (const uint8_t *)m,
	    strlen(m)));
	snprintf(file, sizeof file, "%s.json", name);
	seeds_put("bundle-manifest", file, m, strlen(m));
	free(zip);
	free(m);
}

/* Broken archives made from a good bundle's parts. */
static void
seeds_bundle_broken(void)
{
	static const struct seeds_bundle one = { 1, 0, 1,
	    { "consultation" }, { 180 }, FUZZ_SYNC_TRUSTED, 0 };
	struct fuzz_sync_file f[4];
	struct bundle *b = NULL;
	uint8_t *zip = NULL, *other = NULL, entry[180];
	size_t len = 0, olen = 0, i;
	char *manifest = NULL, name[64], *m2;

	seeds_bundle_build(&one, &zip, &len, &manifest);
	if (bundle_open(zip, len, &b, NULL) != ERR_OK)
		abort();
	fuzz_sync_fill(seeds_ids[0], entry, sizeof entry);
	snprintf(name, sizeof name, "submissions/%s.age", seeds_ids[0]);
	memset(f, 0, sizeof f);
	f[0] = (struct fuzz_sync_file){ BUNDLE_MANIFEST, b->manifest,
	    b->manifest_len, 0 };
	f[1] = (struct fuzz_sync_file){ BUNDLE_MANIFEST_SIG, b->sig,
	    b->sig_len, 0 };
	f[2] = (struct fuzz_sync_file){ name, entry, sizeof entry, 0 };
	f[3] = (struct fuzz_sync_file){ "notes.txt", "left over\n", 10, 0 };

	fuzz_sync_zip(f, 4, &other, &olen);
	seeds_expect("bad-extra-entry", fuzz_sync_bundle(other, olen, NULL,
	    0));
	seeds_put("bundle-zip", "bad-extra-entry.zip", other, olen);
	free(other);
	/* Zipped again with deflate, as a zip tool would: still good. */
	for (i = 0; i < 3; i++)
		f[i].deflate = 1;
	fuzz_sync_zip(f, 3, &other, &olen);
	seeds_expect("good-deflated", fuzz_sync_bundle(other, olen, NULL, 0));
	seeds_put("bundle-zip", "good-deflated.zip", other, olen);
	free(other);
	f[1] = f[2];
	fuzz_sync_zip(f, 2, &other, &olen);
	seeds_expect("bad-no-signature", fuzz_sync_bundle(other, olen, NULL,
	    0));
	seeds_put("bundle-zip", "bad-no-signature.zip", other, olen);
	free(other);
	/* The last byte of the entry's data: the CRC no longer matches. */
	for (i = len - 3; i-- > 0;)
		if (memcmp(zip + i, entry + sizeof entry - 4, 4) == 0)
			break;
	if (i == (size_t)-1)
		abort();
	zip[i + 3] ^= 0x01;
	seeds_expect("bad-flipped-byte", fuzz_sync_bundle(zip, len, NULL, 0));
	seeds_put("bundle-zip", "bad-flipped-byte.zip", zip, len);
	seeds_expect("bad-truncated", fuzz_sync_bundle(zip, len / 2, NULL, 0));
	seeds_put("bundle-zip", "bad-truncated.zip", zip, len / 2);

	seeds_manifest_edit("bad-unknown-field", manifest, "\"created\"",
	    "\"note\": \"x\",\n  \"created\"");
	seeds_manifest_edit("bad-size-mismatch", manifest, "\"size\": 180",
	    "\"size\": 181");
	seeds_manifest_edit("bad-not-uuid4", manifest, "-4e2b-", "-1e2b-");
	m2 = seeds_replace(manifest, "\"entries\": [",
	    "\"entries\": [\n    {\n      \"id\": \"0b5f4c8e-7a1d-4e2b-9c3f-"
	    "1a2b3c4d5e6f\",\n      \"form\": \"consultation\",\n      "
	    "\"version\": \"1.0\",\n      \"size\": 180,\n      \"sha256\": "
	    "\"0000000000000000000000000000000000000000000000000000000000000000"
	    "\"\n    },");
	seeds_manifest_edit("bad-id-twice", m2, "", "");
	free(m2);
	bundle_free(&b);
	free(zip);
	free(manifest);
}

static void
seeds_bundles(void)
{
	static const struct seeds_bundle good[] = {
		{ 1, 0, 1, { "consultation" }, { 180 }, 0, 0 },
		{ 2, 1, 3, { "feedback", "caf\xc3\xa9-survey", "a\"b\\c" },
		    { 64, 300, 1 }, 0, 0 },
		{ BUNDLE_MAX_SEQ, 1, 4, { "f1", "f2", "f3", "f4" },
		    { 120, 121, 122, 4096 }, 0, 0 },
	};
	static const struct seeds_bundle other = { 3, 1, 2,
	    { "feedback", "feedback" }, { 90, 91 }, FUZZ_SYNC_OTHER, 0 };
	static const struct seeds_bundle wrong = { 4, 1, 2,
	    { "feedback", "feedback" }, { 90, 91 }, FUZZ_SYNC_TRUSTED, 1 };

	seeds_bundle("good-1-entry", &good[0]);
	seeds_bundle("good-3-entries", &good[1]);
	seeds_bundle("good-max-seq", &good[2]);
	seeds_bundle("bad-other-key", &other);
	seeds_bundle("bad-wrong-hash", &wrong);
	seeds_bundle_broken();
}

/* Receipts --------------------------------------------------------------- */

static struct receipt *
seeds_receipt_new(int refused_whole)
{
	struct minisign_pubkey pk;
	struct receipt *r;

	if ((r = receipt_new()) == NULL)
		abort();
	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	device_key_id(&pk, r->hub);
	snprintf(r->device, sizeof r->device, "00A1B2C3D4E5F607");
	r->seq = 7;
	memset(r->bundle_hash, 0x5a, sizeof r->bundle_hash);
	r->created = SEEDS_CREATED;
	r->refused_whole = refused_whole;
	return r;
}

/* The receipt's JSON as a seed; a bad one with from replaced by to. */
static void
seeds_receipt(const char *name, struct receipt *r, const char *from,
    const char *to)
{
	struct receipt *back = NULL;
	char *json = NULL, *edited, file[128];
	size_t len = 0;

	if (receipt_json(r, &json, &len, NULL) != ERR_OK)
		abort();
	edited = from != NULL ? seeds_replace(json, from, to) : strdup(json);
	if (edited == NULL)
		abort();
	seeds_expect(name, receipt_parse(edited, strlen(edited), &back,
	    NULL));
	snprintf(file, sizeof file, "%s.json", name);
	seeds_put("receipt", file, edited, strlen(edited));
	receipt_free(&back);
	receipt_free(&r);
	free(json);
	free(edited);
}

static void
seeds_receipts(void)
{
	struct receipt *r;
	char reason[RECEIPT_MAX_REASON + 1];
	size_t i;

	r = seeds_receipt_new(0);
	if (receipt_add_stored(r, seeds_ids[0]) || receipt_add_stored(r,
	    seeds_ids[1]) || receipt_add_held(r, seeds_ids[2]) ||
	    receipt_add_refused(r, seeds_ids[3], "form \"survey\" version 3 "
	    "is not known to this hub"))
		abort();
	seeds_receipt("good-imported", r, NULL, NULL);

	r = seeds_receipt_new(0);
	seeds_receipt("good-empty", r, NULL, NULL);

	r = seeds_receipt_new(1);
	if ((r->reason = strdup("the manifest's signature does not verify "
	    "(the manifest was altered)")) == NULL)
		abort();
	for (i = 0; i < 3; i++)
		if (receipt_add_refused(r, seeds_ids[i], r->reason) != 0)
			abort();
	seeds_receipt("good-refused-whole", r, NULL, NULL);

	/* A reason at the bound, in two-byte characters and a quote. */
	r = seeds_receipt_new(0);
	for (i = 0; i + 2 <= RECEIPT_MAX_REASON - 1; i += 2)
		memcpy(reason + i, "\xc3\xa9", 2);
	reason[i++] = '"';
	reason[i] = '\0';
	if (receipt_add_refused(r, seeds_ids[0], reason) != 0 ||
	    receipt_add_stored(r, seeds_ids[1]) != 0)
		abort();
	seeds_receipt("good-reason-at-bound", r, NULL, NULL);

	r = seeds_receipt_new(0);
	if (receipt_add_stored(r, seeds_ids[0]) != 0)
		abort();
	seeds_receipt("bad-format", r, RECEIPT_FORMAT, "outreach-receipt/2");
	r = seeds_receipt_new(0);
	seeds_receipt("bad-bundle-name", r, "-000007.zip", "-000008.zip");
	r = seeds_receipt_new(1);
	if (receipt_add_stored(r, seeds_ids[0]) != 0)
		abort();
	seeds_receipt("bad-refused-yet-stored", r, NULL, NULL);
	r = seeds_receipt_new(0);
	seeds_receipt("bad-unknown-field", r, "\"status\"",
	    "\"note\": 1, \"status\"");
}

/* Packs ------------------------------------------------------------------ */

/*
 * The manifest packsign_build would write for the fuzz pack at version,
 * plus a file extra (fuzz_sync_fill bytes, 100 of them) when not NULL;
 * with wrong_hash, pack.ini's hash is wrong. Caller frees.
 */
static char *
seeds_pack_manifest(const char *version, const char *extra, int wrong_hash,
    int no_ini)
{
	static const char *const paths[] = {
		"pack.ini", "pages/en/other.md", "pages/en/start.md",
	};
	struct minisign_pubkey pk;
	uint8_t fill[100], h[BUNDLE_HASH_BYTES];
	const uint8_t *data;
	char kid[BUNDLE_KEYID_SIZE], hex[BUNDLE_HEX_SIZE], *text;
	json_t *root, *files, *e;
	size_t i, len = 0;

	fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
	device_key_id(&pk, kid);
	root = json_object();
	files = json_array();
	json_object_set_new(root, "format", json_string(PACKSIGN_FORMAT));
	json_object_set_new(root, "id", json_string("fuzz"));
	json_object_set_new(root, "version", json_string(version));
	json_object_set_new(root, "hub", json_string(kid));
	json_object_set_new(root, "created",
	    json_string("2026-11-23T19:09:10Z"));
	for (i = 0; i < 4; i++) {
		if (i == 3 && extra == NULL)
			break;
		if (i == 0 && no_ini)
			continue;
		if (i < 3)
			data = fuzz_sync_pack_file(paths[i], &len);
		else {
			fuzz_sync_fill(extra, fill, sizeof fill);
			data = fill;
			len = sizeof fill;
		}
		crypto_hash_sha256(h, data, len);
		if (i == 0 && wrong_hash)
			h[0] ^= 1;
		bundle_hex(h, hex);
		e = json_object();
		json_object_set_new(e, "path", json_string(i < 3 ? paths[i] :
		    extra));
		json_object_set_new(e, "size", json_integer((json_int_t)len));
		json_object_set_new(e, "sha256", json_string(hex));
		json_array_append_new(files, e);
	}
	json_object_set_new(root, "files", files);
	if ((text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENSURE_ASCII)) == NULL)
		abort();
	json_decref(root);
	return text;
}

/* A pack-manifest seed, and the zip around it as a pack-zip seed. */
static void
seeds_pack_both(const char *name, const char *manifest)
{
	uint8_t *zip = NULL;
	size_t len = 0;
	char file[128];

	fuzz_sync_pack_around((const uint8_t *)manifest, strlen(manifest),
	    &zip, &len);
	seeds_expect(name, fuzz_sync_pack(zip, len));
	snprintf(file, sizeof file, "%s.json", name);
	seeds_put("pack-manifest", file, manifest, strlen(manifest));
	snprintf(file, sizeof file, "%s.zip", name);
	seeds_put("pack-zip", file, zip, len);
	free(zip);
}

/* Zips made from the fuzz pack and broken: which signs, extra, altered. */
static void
seeds_pack_zip(const char *name, int which, int extra, int altered)
{
	struct fuzz_sync_files fs;
	uint8_t *zip = NULL;
	size_t len = 0;
	char *m = seeds_pack_manifest("1.0.0", NULL, 0, 0), file[128];

	fuzz_sync_files_from(&fs, (const uint8_t *)m, strlen(m), "files",
	    "path", 0, "", "", 1, fuzz_sync_pack_file);
	if (extra)
		fs.v[fs.n++] = (struct fuzz_sync_file){ "pages/en/extra.md",
		    "# Extra\n", 8, 1 };
	if (altered)
		fs.data[0][fs.v[0].len - 2] ^= 0x20;	/* pack.ini's copy */
	fuzz_sync_signed_zip(&fs, which, PACKSIGN_MANIFEST, PACKSIGN_SIG,
	    (const uint8_t *)m, strlen(m), &zip, &len);
	seeds_expect(name, fuzz_sync_pack(zip, len));
	snprintf(file, sizeof file, "%s.zip", name);
	seeds_put("pack-zip", file, zip, len);
	fuzz_sync_files_free(&fs);
	free(zip);
	free(m);
}

/* The fixture pack, its pack.ini naming the trusted key, signed. */
static void
seeds_pack_fixture(void)
{
	static const char *const files[] = {
		"pack.ini", "pages/en/hostile.md", "pages/en/other.md",
		"pages/en/start.md", "pages/fr/other.md",
	};
	struct minisign_pubkey pk;
	char dir[] = "/tmp/fuzz-seeds.XXXXXX", path[PATH_MAX], *text = NULL;
	char b64[MINISIGN_PUBKEY_B64_SIZE], *ini = NULL, *slash;
	uint8_t *zip = NULL;
	size_t len = 0, i, n = 0;

	if (mkdtemp(dir) == NULL)
		abort();
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "tests/fixtures/packs/tiny/%s",
		    files[i]);
		if (file_read(path, 65536, &text, &len, NULL) != ERR_OK) {
			fprintf(stderr, "%s: run from the repository's top\n",
			    path);
			exit(1);
		}
		if (i == 0) {
			fuzz_sync_key(FUZZ_SYNC_TRUSTED, &pk);
			minisign_pubkey_base64(&pk, b64);
			if (asprintf(&ini, "%s\n[hub]\nrecipients = %s\n"
			    "minisign_public_key = %s\n", text,
			    FUZZ_SYNC_RECIPIENT, b64) == -1)
				abort();
			free(text);
			text = ini;
			len = strlen(ini);
		}
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		slash = strrchr(path, '/');
		*slash = '\0';
		if (file_mkdirs(path, 0755, NULL) != ERR_OK)
			abort();
		*slash = '/';
		fuzz_write_file(path, text, len);
		free(text);
	}
	if (packsign_build(dir, fuzz_sync_key(FUZZ_SYNC_TRUSTED, NULL),
	    FUZZ_SYNC_RECIPIENT, &zip, &len, &n, NULL) != ERR_OK)
		abort();
	seeds_expect("good-fixture", fuzz_sync_pack(zip, len));
	seeds_put("pack-zip", "good-fixture.zip", zip, len);
	free(zip);
	fuzz_sync_rmtree(dir);
}

static void
seeds_packs(void)
{
	char *m;

	seeds_pack_fixture();
	m = seeds_pack_manifest("1.0.0", NULL, 0, 0);
	seeds_pack_both("good-fuzz-pack", m);
	free(m);
	m = seeds_pack_manifest("1.0.0", "pages/en/notes.md", 0, 0);
	seeds_pack_both("good-extra-page", m);
	free(m);
	m = seeds_pack_manifest("1.0.0", NULL, 1, 0);
	seeds_pack_both("bad-wrong-hash", m);
	free(m);
	m = seeds_pack_manifest("1.0.0", "../escape.md", 0, 0);
	seeds_pack_both("bad-escaping-path", m);
	free(m);
	m = seeds_pack_manifest("1.0.0", NULL, 0, 1);
	seeds_pack_both("bad-no-pack-ini", m);
	free(m);
	m = seeds_pack_manifest("2.0.0", NULL, 0, 0);
	seeds_pack_both("bad-version-mismatch", m);
	free(m);
	seeds_pack_zip("bad-unsigned", -1, 0, 0);
	seeds_pack_zip("bad-other-key", FUZZ_SYNC_OTHER, 0, 0);
	seeds_pack_zip("bad-extra-file", FUZZ_SYNC_TRUSTED, 1, 0);
	seeds_pack_zip("bad-altered", FUZZ_SYNC_TRUSTED, 0, 1);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: helper-fuzz-seeds DIR (e.g. "
		    "tests/fuzz/corpus, from the repository's top)\n");
		return 2;
	}
	seeds_dir = argv[1];
	seeds_bundles();
	seeds_receipts();
	seeds_packs();
	printf("%zu seeds written under %s\n", seeds_written, seeds_dir);
	return 0;
}
