/*
 * Unit tests for the hub (sync/hub*.c): creating it, enrolling devices,
 * and importing bundles made here with real submissions to the bundled
 * pack's quick-feedback form: what is stored, held, refused (and why), the
 * sequence checks, receipts, and that a refusal changes nothing.
 *
 * Runs from the top of the repository (the bundled pack's forms).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/xlsform.h"
#include "sync/age.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/hub.h"
#include "sync/hub-int.h"	/* h->ahead */
#include "sync/receipt.h"
#include "sync/report.h"
#include "sync/submission.h"
#include "tests/unit/test.h"

#define PACK	"content/packs/hackney"
#define MAXN	8

static char tmp[] = "/tmp/test-hub.XXXXXX";
static char hubdir[256];

/* A device that makes bundles. */
struct dev {
	struct minisign_seckey	*sk;
	struct bundle_head	 h;
	uint8_t			 last[BUNDLE_HASH_BYTES];
};

/* What goes into one submission. */
struct sub {
	const char	*form;
	const char	*version;
	const char	*rating;
	const char	*extra_name;	/* an extra answer, or NULL */
	int		 wrong_key;	/* sealed to another recipient */
	int		 wrong_id;	/* its JSON names another id */
	enum submission_kind kind;	/* feedback, notes or tally */
	const char	*id;		/* this id, not a new one */
};

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static void
dev_new(struct dev *d)
{
	memset(d, 0, sizeof *d);
	if (minisign_keygen(&d->sk, &d->h.device_pk, NULL) != 0)
		abort();
	device_key_id(&d->h.device_pk, d->h.device);
	d->h.created = 1795460950;
}

/*
 * Write bundle seq of n submissions (specs s[0..n-1], ids into ids) into
 * path, sealed to recipient; previous is the last bundle made unless
 * prev_override is set. Returns its manifest hash in d->last.
 */
static void
make_bundle(struct dev *d, int64_t seq, const struct sub *s, size_t n,
    const char *recipient, char ids[][BUNDLE_ID_SIZE], const char *path,
    const uint8_t *prev_override)
{
	struct bundle_item items[MAXN];
	struct age_recipient r, other;
	struct submission sm;
	struct submission_answer a[8];
	char *json = NULL, *orec = NULL, *oid = NULL, otherid[BUNDLE_ID_SIZE];
	uint8_t *zip = NULL, *ct[MAXN];
	size_t len, i, na;

	memset(items, 0, sizeof items);
	if (age_recipient_parse(recipient, &r, NULL) != 0 ||
	    age_keygen(&oid, &orec, NULL) != 0 ||
	    age_recipient_parse(orec, &other, NULL) != 0)
		abort();
	for (i = 0; i < n; i++) {
		if (s[i].id != NULL)
			snprintf(ids[i], BUNDLE_ID_SIZE, "%s", s[i].id);
		else
			submission_id_new(ids[i]);
		memset(&sm, 0, sizeof sm);
		memcpy(sm.id, ids[i], BUNDLE_ID_SIZE);
		if (s[i].wrong_id) {
			submission_id_new(otherid);
			memcpy(sm.id, otherid, BUNDLE_ID_SIZE);
		}
		na = 0;
		sm.kind = s[i].kind;
		if (sm.kind == SUBMISSION_NOTES) {
			a[na].name = "point";
			a[na++].value = "Buses, \"not\" taxis";
			a[na].name = "tag";
			a[na++].value = "principle.access";
			a[na].name = "theme";
			a[na++].value = s[i].rating;
		} else if (sm.kind == SUBMISSION_TALLY) {
			a[na].name = "form";
			a[na++].value = "draft-strategy";
			a[na].name = "question";
			a[na++].value = "mission_agree";
			a[na].name = "type";
			a[na++].value = "select_one";
			a[na].name = "mode";
			a[na++].value = "hands";
			a[na].name = "voters";
			a[na++].value = "11";
			a[na].name = "count.agree";
			a[na++].value = s[i].rating;
			a[na].name = "count.disagree";
			a[na++].value = "0";
		} else {
			a[na].name = "rating";
			a[na++].value = s[i].rating;
			a[na].name = "comment";
			a[na++].value = "=1+1, a comment";
		}
		if (s[i].extra_name != NULL) {
			a[na].name = s[i].extra_name;
			a[na++].value = "x";
		}
		sm.form_id = s[i].form;
		sm.form_version = s[i].version;
		sm.pack_id = "hackney-asc";
		sm.pack_version = "1.0.0";
		sm.lang = "en";
		sm.device = d->h.device;
		sm.started = 1795460000;
		sm.submitted = 1795460100 + (time_t)i;
		sm.answers = a;
		sm.nanswers = na;
		if (submission_json(&sm, &json, &len, NULL) != 0 ||
		    age_encrypt(s[i].wrong_key ? &other : &r, 1, json, len, 0,
		    &ct[i], &items[i].len, NULL) != 0)
			abort();
		submission_json_free(&json);
		items[i].id = ids[i];
		items[i].form = s[i].form;
		items[i].version = s[i].version;
		items[i].data = ct[i];
	}
	d->h.seq = seq;
	d->h.has_previous = seq > 1;
	memcpy(d->h.previous, prev_override != NULL ? prev_override : d->last,
	    BUNDLE_HASH_BYTES);
	if (bundle_build(&d->h, items, n, d->sk, NULL, NULL, &zip, &len,
	    d->last, NULL) != 0 || file_write_atomic(path, zip, len, 0644,
	    NULL) != 0)
		abort();
	for (i = 0; i < n; i++)
		free(ct[i]);
	free(zip);
	free(orec);
	age_secret_free(&oid);
}

static int
count_rows(const char *table)
{
	char path[300], sql[64];
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;

	snprintf(path, sizeof path, "%s/hub.db", hubdir);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static void
test_init(struct hub_info *info)
{
	struct hub *h = NULL;
	struct hub_info again;
	char path[300], *why = NULL;
	struct stat st;

	snprintf(hubdir, sizeof hubdir, "%s/hub", tmp);
	CHECK_INT(hub_init(hubdir, NULL, info, &why), 0, "hub init (%s)",
	    why ? why : "");
	CHECK(strncmp(info->recipient, "age1", 4) == 0 &&
	    strlen(info->public_key) == 56 && device_key_id_valid(info->key_id) &&
	    !info->protected, "it reports its keys");
	CHECK(stat(hubdir, &st) == 0 && (st.st_mode & 0777) == 0700,
	    "the folder is 0700");
	snprintf(path, sizeof path, "%s/identity.txt", hubdir);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the identity is 0600");
	snprintf(path, sizeof path, "%s/hub.key", hubdir);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the signing key is 0600");
	CHECK(hub_init(hubdir, NULL, &again, &why) == ERR_EXISTS,
	    "init refuses a folder that is not empty");
	free(why);
	why = NULL;
	CHECK(hub_open(tmp, &h, &why) == ERR_NOTFOUND && h == NULL,
	    "open refuses a folder that is not a hub: %s", why ? why : "");
	free(why);
}

/* The hub's page cache, as PRAGMA cache_size says it (-KiB). */
static int
cache_size(struct hub *h)
{
	sqlite3_stmt *st = NULL;
	int v = 0;

	if (sqlite3_prepare_v2(h->db, "PRAGMA cache_size", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_passphrase(void)
{
	struct hub_info info;
	struct hub *h = NULL;
	char dir[300], path[320], *data = NULL, *why = NULL;
	size_t len = 0;

	snprintf(dir, sizeof dir, "%s/locked", tmp);
	CHECK_INT(hub_init(dir, "correct horse", &info, &why), 0,
	    "a hub with a passphrase (%s)", why ? why : "");
	snprintf(path, sizeof path, "%s/identity.txt", dir);
	file_read(path, 1 << 20, &data, &len, NULL);
	CHECK(data != NULL && age_identity_file_is_encrypted(data, len) &&
	    strstr(data, "AGE-SECRET-KEY") == NULL,
	    "its identity is encrypted");
	free(data);
	CHECK(hub_open(dir, &h, NULL) == 0, "it opens without the passphrase");
	if (h != NULL) {
		CHECK(cache_size(h) == -2000, "it keeps SQLite's 2 MiB of "
		    "pages in cache until it imports");
		CHECK(hub_unlock(h, NULL, NULL) == ERR_CRYPTO,
		    "its keys do not unlock without it");
		CHECK(hub_unlock(h, "wrong horse", NULL) != 0,
		    "nor with a wrong one");
		CHECK(hub_unlock(h, "correct horse", NULL) == 0 &&
		    hub_seckey(h) != NULL, "but with the right one");
		/* Closed while a bundle is read: the reader is waited for. */
		snprintf(path, sizeof path, "%s/identity.txt", dir);
		CHECK(hub_import_next(h, path) == 0 && hub_fetching(h),
		    "a file named to come next is read at once");
	}
	hub_close(&h);
	free(why);
}

static void
test_enrol(struct hub *h, const struct dev *d)
{
	char b64[MINISIGN_PUBKEY_B64_SIZE], id[BUNDLE_KEYID_SIZE], *why = NULL;
	char *file = NULL;
	size_t len;
	int isnew = -1;

	minisign_pubkey_base64(&d->h.device_pk, b64);
	CHECK(hub_enrol(h, b64, strlen(b64), id, &isnew, &why) == 0 &&
	    isnew == 1 && strcmp(id, d->h.device) == 0, "enrol a device");
	CHECK(hub_enrol(h, b64, strlen(b64), id, &isnew, &why) == 0 &&
	    isnew == 0, "enrolling it again changes nothing");
	minisign_pubkey_format(&d->h.device_pk, &file, &len);
	CHECK(hub_enrol(h, file, len, id, &isnew, &why) == 0 && isnew == 0,
	    "the public key file's text is taken too");
	free(file);
	CHECK(hub_enrol(h, "not a key", 9, id, &isnew, &why) == ERR_PARSE,
	    "garbage is refused");
	free(why);
}

/* Import path; returns the status, fills res (cleared by the caller). */
static enum hub_status
import(struct hub *h, const struct hub_forms *f, const char *path,
    struct hub_import_result *res, int threads)
{
	char *why = NULL;
	int r = hub_import(h, f, path, threads, res, &why);

	if (r != 0) {
		printf("# hub_import failed: %s\n", why ? why : err_str(r));
		free(why);
		return (enum hub_status)-1;
	}
	if (res->status == HUB_REFUSED)
		printf("# refused: %s\n", res->reason ? res->reason : "?");
	return res->status;
}

static void
expect_refused(struct hub *h, const struct hub_forms *f, const char *path,
    const char *what, const char *reason)
{
	struct hub_import_result res;
	int before = count_rows("submissions"), bb = count_rows("bundles");

	CHECK(import(h, f, path, &res, 0) == HUB_REFUSED &&
	    contains(res.reason, reason), "%s: refused: %s", what,
	    res.reason ? res.reason : "(not refused)");
	CHECK(count_rows("submissions") == before && count_rows("bundles") == bb,
	    "%s: nothing stored", what);
	hub_import_result_clear(&res);
}

static void
test_import(struct hub *h, const struct hub_forms *f,
    const struct hub_info *info)
{
	static const struct sub good[3] = {
		{ "quick-feedback", "2026112301", "4", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "5", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "1", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
	};
	struct hub_import_result res;
	struct receipt *rc = NULL;
	struct dev d, stranger;
	struct minisign_pubkey hubpk;
	char ids[MAXN][BUNDLE_ID_SIZE], path[300], name[RECEIPT_NAME_SIZE];
	char *why = NULL;
	uint8_t h1[BUNDLE_HASH_BYTES], h2[BUNDLE_HASH_BYTES];
	uint8_t h3[BUNDLE_HASH_BYTES];
	struct sub bad;

	dev_new(&d);
	dev_new(&stranger);
	test_enrol(h, &d);
	hub_pubkey(h, &hubpk);

	snprintf(path, sizeof path, "%s/b1.zip", tmp);
	make_bundle(&d, 1, good, 3, info->recipient, ids, path, NULL);
	memcpy(h1, d.last, sizeof h1);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 3 &&
	    res.held == 0 && res.gap_from == 0, "bundle 1: 3 stored");
	CHECK(res.receipt != NULL && res.receipt_error == NULL,
	    "a receipt was written");
	hub_import_result_clear(&res);
	CHECK_INT(count_rows("submissions"), 3, "3 rows");
	receipt_name(d.h.device, 1, name);
	CHECK(receipt_load(tmp, name, &hubpk, &rc, &why) == 0 && rc->nstored == 3
	    && strcmp(rc->stored[2], ids[2]) == 0 && !rc->refused_whole &&
	    memcmp(rc->bundle_hash, h1, 32) == 0,
	    "the receipt lists them and names the bundle");
	receipt_free(&rc);

	CHECK(import(h, f, path, &res, 0) == HUB_ALREADY && res.held == 3 &&
	    res.stored == 0, "the same bundle again: nothing new");
	hub_import_result_clear(&res);
	CHECK_INT(count_rows("submissions"), 3, "still 3 rows");

	/* Bundle 3 before bundle 2: a gap, reported. */
	snprintf(path, sizeof path, "%s/b2.zip", tmp);
	make_bundle(&d, 2, good, 2, info->recipient, ids, path, NULL);
	memcpy(h2, d.last, sizeof h2);
	snprintf(path, sizeof path, "%s/b3.zip", tmp);
	make_bundle(&d, 3, good, 1, info->recipient, ids, path, NULL);
	memcpy(h3, d.last, sizeof h3);
	/* Bundle 2 is opened while bundle 3 is checked (hub_import_next). */
	snprintf(path, sizeof path, "%s/b2.zip", tmp);
	CHECK(hub_import_next(h, path) == 0, "the next bundle can be named");
	snprintf(path, sizeof path, "%s/b3.zip", tmp);
	CHECK(import(h, f, path, &res, 2) == HUB_IMPORTED && res.gap_from == 2,
	    "bundle 3 before 2: imported, the gap reported");
	hub_import_result_clear(&res);
	CHECK(import(h, f, path, &res, 0) == HUB_ALREADY && res.seq == 3,
	    "bundle 3 again is bundle 3, not the bundle opened ahead");
	hub_import_result_clear(&res);
	CHECK(hub_import_next(h, NULL) == 0, "no next bundle");
	snprintf(path, sizeof path, "%s/b2.zip", tmp);
	CHECK(import(h, f, path, &res, 0) == HUB_IMPORTED && res.stored == 2 &&
	    res.gap_from == 0 && res.seq == 2, "then bundle 2 fills it");
	hub_import_result_clear(&res);

	/* Bundle 4 that names a previous other than bundle 3. */
	snprintf(path, sizeof path, "%s/b4.zip", tmp);
	make_bundle(&d, 4, good, 1, info->recipient, ids, path, h2);
	expect_refused(h, f, path, "a broken chain",
	    "does not follow bundle 2");

	/* Bad submissions refuse their whole bundle. */
	bad = good[0];
	bad.rating = "9";
	snprintf(path, sizeof path, "%s/bad.zip", tmp);
	make_bundle(&d, 4, (struct sub[]){ good[0], bad }, 2, info->recipient,
	    ids, path, h3);
	expect_refused(h, f, path, "an answer out of range", "answer to 'rating'");
	bad = good[0];
	bad.extra_name = "favourite_colour";
	make_bundle(&d, 4, &bad, 1, info->recipient, ids, path, h3);
	expect_refused(h, f, path, "an answer to no question",
	    "'favourite_colour' is not a question");
	bad = good[0];
	bad.form = "no-such-form";
	make_bundle(&d, 4, &bad, 1, info->recipient, ids, path, h3);
	expect_refused(h, f, path, "an unknown form", "does not have form");
	bad = good[0];
	bad.version = "1999";
	make_bundle(&d, 4, &bad, 1, info->recipient, ids, path, h3);
	expect_refused(h, f, path, "an unknown form version", "version 1999");
	bad = good[0];
	bad.wrong_key = 1;
	make_bundle(&d, 4, &bad, 1, info->recipient, ids, path, h3);
	expect_refused(h, f, path, "sealed to another hub", "cannot be decrypted");
	bad = good[0];
	bad.wrong_id = 1;
	make_bundle(&d, 4, &bad, 1, info->recipient, ids, path, h3);
	expect_refused(h, f, path, "a submission that is not its entry",
	    "not the submission its manifest entry describes");
	snprintf(path, sizeof path, "%s/stranger.zip", tmp);
	make_bundle(&stranger, 1, good, 1, info->recipient, ids, path, NULL);
	expect_refused(h, f, path, "an unenrolled device", "not enrolled");

	/* A refusal still writes a receipt that says so. */
	receipt_name(stranger.h.device, 1, name);
	CHECK(receipt_load(tmp, name, &hubpk, &rc, &why) == 0 &&
	    rc->refused_whole && rc->nrefused == 1 && rc->nstored == 0 &&
	    contains(rc->reason, "not enrolled"), "a refused receipt");
	receipt_free(&rc);

	/*
	 * A good bundle 4 after all that, in a run with a bad bundle 5: 5 is
	 * checked while 4 is stored.
	 */
	snprintf(path, sizeof path, "%s/b4.zip", tmp);
	make_bundle(&d, 4, good, 3, info->recipient, ids, path, h3);
	bad = good[0];
	bad.rating = "9";
	snprintf(path, sizeof path, "%s/b5.zip", tmp);
	make_bundle(&d, 5, (struct sub[]){ good[1], bad }, 2, info->recipient,
	    ids, path, NULL);
	CHECK(hub_import_next(h, path) == 0, "bundle 5 comes next");
	CHECK(hub_fetching(h) && h->ahead == NULL, "nothing else pending, "
	    "bundle 5 is being read already, on a thread of its own");
	hub_fetch_join(h);
	CHECK(h->pre != NULL && h->pre->r == 0 && strcmp(h->pre->path,
	    path) == 0, "and it is open once that thread is done");
	snprintf(path, sizeof path, "%s/b4.zip", tmp);
	CHECK(import(h, f, path, &res, 2) == HUB_IMPORTED && res.stored == 3,
	    "a good bundle still goes in");
	hub_import_result_clear(&res);
	CHECK(h->ahead != NULL, "bundle 5 was checked while 4 was stored");
	CHECK(hub_import_next(h, NULL) == 0, "bundle 5 comes last");
	snprintf(path, sizeof path, "%s/b5.zip", tmp);
	CHECK(import(h, f, path, &res, 2) == HUB_REFUSED &&
	    contains(res.reason, "answer to 'rating'") && res.stored == 0,
	    "a bad bundle checked ahead is still refused whole");
	hub_import_result_clear(&res);
	CHECK(h->ahead == NULL, "and nothing is checked after it");
	/*
	 * Entries are stored as they pass, before the last is checked: one
	 * bad entry after seven good ones still leaves nothing stored, and a
	 * receipt that refuses all eight and stores none.
	 */
	{
		struct sub many[MAXN];
		size_t i;

		for (i = 0; i < MAXN; i++)
			many[i] = good[i % 3];
		many[MAXN - 1] = bad;
		make_bundle(&d, 5, many, MAXN, info->recipient, ids, path,
		    NULL);
		CHECK(import(h, f, path, &res, 1) == HUB_REFUSED &&
		    res.stored == 0 && res.held == 0 && res.quarantined == 0,
		    "seven good and one bad: refused whole");
		hub_import_result_clear(&res);
		receipt_name(d.h.device, 5, name);
		CHECK(receipt_load(tmp, name, &hubpk, &rc, &why) == 0 &&
		    rc->refused_whole && rc->nrefused == MAXN &&
		    rc->nstored == 0 && rc->nheld == 0,
		    "its receipt refuses all eight and stores none");
		receipt_free(&rc);
	}
	CHECK_INT(count_rows("submissions"), 9, "9 stored in all");
	/* An import's random ids need their index in cache (hub-store.c). */
	CHECK_INT(cache_size(h), -8192, "an importing hub keeps 8 MiB of "
	    "pages in cache");
	CHECK_INT(count_rows("bundles"), 4, "4 bundles recorded");
	free(why);
	minisign_seckey_free(&d.sk);
	minisign_seckey_free(&stranger.sk);
}

/* Run an export into memory; returns its text (Caller frees). */
static char *
export(struct hub *h, const struct hub_forms *f, const char *form,
    enum hub_export_format fmt, const char *labels, int bom, size_t *rows,
    int *rp)
{
	struct hub_export_opts o;
	char *text = NULL, *why = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	memset(&o, 0, sizeof o);
	o.form = form;
	o.format = fmt;
	o.labels = labels;
	o.bom = bom;
	*rp = hub_export(h, f, &o, out, rows, &why);
	fclose(out);
	free(why);
	return text;
}

static size_t
lines(const char *s, const char *end)
{
	size_t n = 0;

	while (s != NULL && (s = strstr(s, end)) != NULL) {
		n++;
		s += strlen(end);
	}
	return n;
}

static void
test_export(struct hub *h, const struct hub_forms *f)
{
	static const char header[] = "id,submitted,started,device,"
	    "form_version,kind,language,pack,pack_version,session_venue,"
	    "session_group,session_facilitator,session_date,about,about_other,rating,"
	    "comment\r\n";
	char *t;
	size_t rows = 0;
	int r;

	t = export(h, f, "quick-feedback", HUB_EXPORT_CSV, NULL, 0, &rows, &r);
	CHECK(r == 0 && rows == 9, "CSV export: 9 rows");
	CHECK(t != NULL && strncmp(t, header, strlen(header)) == 0,
	    "metadata, then one column per question, in form order");
	CHECK(lines(t, "\r\n") == 10, "CRLF line ends, a header and 9 rows");
	CHECK(contains(t, ",feedback,en,hackney-asc,1.0.0,,,,,,,4,\"'=1+1, a "
	    "comment\"\r\n"), "values, quoted, with a formula guarded");
	free(t);
	t = export(h, f, "quick-feedback", HUB_EXPORT_CSV, "English (en)", 1,
	    &rows, &r);
	CHECK(r == 0 && strncmp(t, "\xef\xbb\xbfid,", 6) == 0,
	    "--bom starts with a UTF-8 BOM");
	CHECK(contains(t, ",What do you think of it? Choose a number from 1 to "
	    "5.,Your comments\r\n"), "--labels: a second header row of labels");
	CHECK(strncmp(t + 3, header, strlen(header)) == 0,
	    "under the names, which stay the first header row");
	free(t);
	t = export(h, f, "quick-feedback", HUB_EXPORT_CSV, "klingon", 0, &rows,
	    &r);
	CHECK(r == ERR_NOTFOUND, "an unknown language is refused");
	free(t);
	t = export(h, f, "nope", HUB_EXPORT_CSV, NULL, 0, &rows, &r);
	CHECK(r == ERR_NOTFOUND, "an unknown form is refused");
	free(t);
	t = export(h, f, "quick-feedback", HUB_EXPORT_JSON, NULL, 0, &rows, &r);
	CHECK(r == 0 && lines(t, "{\"format\":\"outreach-submission/1\"") == 9
	    && lines(t, "\n") == 9, "JSON lines: one compact object per line");
	free(t);
}

/* Notes and tallies have no form: their own columns; a tally is long. */
static void
test_export_formless(struct hub *h, const struct hub_forms *f,
    const struct hub_info *info)
{
	static const struct sub s[3] = {
		{ "notes", "1.0.0", "transport", NULL, 0, 0, SUBMISSION_NOTES, NULL },
		{ "tally", "1.0.0", "7", NULL, 0, 0, SUBMISSION_TALLY, NULL },
		{ "notes", "1.0.0", "=cmd", NULL, 0, 0, SUBMISSION_NOTES, NULL },
	};
	struct hub_import_result res;
	struct dev d;
	char ids[MAXN][BUNDLE_ID_SIZE], path[300], *t, *want = NULL;
	size_t rows = 0;
	int r;

	dev_new(&d);
	test_enrol(h, &d);
	snprintf(path, sizeof path, "%s/session.zip", tmp);
	make_bundle(&d, 1, s, 3, info->recipient, ids, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 3,
	    "notes and a tally are imported without a form");
	hub_import_result_clear(&res);

	t = export(h, f, "notes", HUB_EXPORT_CSV, NULL, 0, &rows, &r);
	CHECK(r == 0 && rows == 2, "notes export: 2 rows (%s)", err_str(r));
	CHECK(contains(t, "session_date,point,tag,tag_label,theme\r\n"),
	    "notes: metadata, then point, tag, tag_label, theme");
	CHECK(contains(t, ",\"Buses, \"\"not\"\" taxis\",principle.access,,"
	    "transport\r\n"), "a note's row, quoted");
	CHECK(contains(t, ",'=cmd\r\n"), "a formula in a note is guarded");
	CHECK(lines(t, "\r\n") == 3, "a header and 2 rows");
	free(t);
	t = export(h, f, "notes", HUB_EXPORT_CSV, "tr", 0, &rows, &r);
	CHECK(r == 0 && contains(t, ",principle.access,Erişimi kolay,"
	    "transport\r\n"), "--labels tr: a note's tag label in Turkish, "
	    "from the session's pack");
	CHECK(lines(t, "\r\n") == 3, "still one header row");
	free(t);
	t = export(h, f, "tally", HUB_EXPORT_CSV, NULL, 0, &rows, &r);
	CHECK(r == 0 && rows == 1, "tally export: 1 submission");
	CHECK(contains(t, "session_date,form,question,type,mode,voters,choice,"
	    "count\r\n"), "tally: one row per choice counted");
	if (asprintf(&want, "%s,", ids[1]) == -1)
		abort();
	CHECK(lines(t, want) == 2, "the tally's two rows carry its id");
	CHECK(contains(t, ",draft-strategy,mission_agree,select_one,hands,11,"
	    "agree,7\r\n") && contains(t, ",hands,11,disagree,0\r\n"),
	    "with the choice and its count");
	free(want);
	free(t);
	t = export(h, f, "tally", HUB_EXPORT_CSV, "English (en)", 0, &rows, &r);
	CHECK(r == 0 && contains(t, ",voters,question_label,choice,"
	    "choice_label,count\r\n"), "--labels: a tally gains the "
	    "question's and the choice's labels");
	CHECK(contains(t, ",11,How much do you agree with our draft mission?,"
	    "agree,Agree,7\r\n"), "from the form the tally counted");
	free(t);
	t = export(h, f, "tally", HUB_EXPORT_CSV, "tr", 0, &rows, &r);
	CHECK(r == 0 && contains(t, ",agree,Katılıyorum,7\r\n"),
	    "in the language asked for");
	free(t);
	t = export(h, f, "notes", HUB_EXPORT_JSON, NULL, 0, &rows, &r);
	CHECK(r == 0 && rows == 2 && lines(t, "\"kind\":\"notes\"") == 2,
	    "notes as JSON lines");
	free(t);
	minisign_seckey_free(&d.sk);
}

static void
test_report(struct hub *h, const struct hub_forms *f)
{
	struct report *rep = NULL;
	const struct report_question *rq = NULL;
	char *t = NULL, *why = NULL;
	size_t len = 0, i;
	FILE *out;

	CHECK(report_build(h, f, "quick-feedback", NULL, &rep, &why) == 0 &&
	    rep->total == 9, "report: 9 responses");
	if (rep == NULL)
		return;
	for (i = 0; i < rep->n; i++)
		if (strcmp(rep->v[i].q->name, "rating") == 0)
			rq = &rep->v[i];
	CHECK(rq != NULL && rq->kind == REPORT_CHOICE && rq->nbars == 5 &&
	    rq->answered == 9 && rq->bars[0].count == 2 &&
	    rq->bars[3].count == 4 && rq->bars[4].count == 3 &&
	    rq->bars[1].count == 0, "the range question: a bar per value");
	for (i = 0; i < rep->n; i++)
		if (strcmp(rep->v[i].q->name, "comment") == 0)
			rq = &rep->v[i];
	CHECK(rq != NULL && rq->kind == REPORT_TEXT && rq->ntexts == 9,
	    "free text is listed");
	out = open_memstream(&t, &len);
	report_text(rep, out, 3, 0, 80, 0);
	fclose(out);
	CHECK(contains(t, "9 of 9 answered") && contains(t, "fewer than 3") &&
	    contains(t, "#"), "the terminal report, suppressed, ASCII bars");
	free(t);
	t = NULL;
	out = open_memstream(&t, &len);
	report_html(rep, out, 0, 0, NULL);
	fclose(out);
	CHECK(contains(t, "<!DOCTYPE html>") && contains(t, "<svg") &&
	    contains(t, "4 (44%)") && contains(t, "=1+1, a comment") &&
	    !contains(t, "fewer than"), "the HTML report");
	free(t);
	report_free(&rep);
	CHECK(report_build(h, f, "quick-feedback", "klingon", &rep, NULL) != 0,
	    "a report in an unknown language is refused");
	free(why);
}

/*
 * The session's pack as the hub knows it, with its tags' labels in
 * Turkish: a pack with the bundled pack's id and version, added last.
 */
static void
add_tag_pack(struct hub_forms *f)
{
	char dir[300], path[340], *why = NULL;
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/tagpack", tmp);
	snprintf(path, sizeof path, "%s/pages/en", dir);
	if (mkdir(dir, 0700) != 0 || mkdir(strcat(strcpy(path, dir),
	    "/pages"), 0700) != 0 || mkdir(strcat(path, "/en"), 0700) != 0)
		return;
	snprintf(path, sizeof path, "%s/pages/en/start.md", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("# Start\n", fp);
		fclose(fp);
	}
	snprintf(path, sizeof path, "%s/pack.ini", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("[pack]\nid = hackney-asc\ntitle = T\nversion = 1.0.0\n"
		    "languages = en, tr\ndefault_language = en\nhome = start\n"
		    "[session_tags]\nprinciple.access = Easy to access\n"
		    "principle.access[tr] = Erişimi kolay\n", fp);
		fclose(fp);
	}
	CHECK(hub_forms_add_pack(f, dir, &why) == 0, "a pack with tag labels "
	    "in Turkish (%s)", why != NULL ? why : "");
	free(why);
}

/* The id of the one stored row with id, and its device; 1 when found. */
static int
row_device(const char *id, char device[BUNDLE_KEYID_SIZE])
{
	char path[300];
	sqlite3 *db;
	sqlite3_stmt *st;
	int found = 0;

	snprintf(path, sizeof path, "%s/hub.db", hubdir);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT device FROM submissions WHERE id = ?1",
	    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(device, BUNDLE_KEYID_SIZE, "%s",
			    sqlite3_column_text(st, 0));
			found = 1;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return found;
}

/*
 * Forks (a device restored from a backup, or cloned) are held side by side;
 * an id the hub holds from another device, or from the same device with
 * other content, is quarantined and never reported stored or held.
 */
static void
test_fork_quarantine(struct hub *h, const struct hub_forms *f,
    const struct hub_info *info)
{
	static const struct sub good[2] = {
		{ "quick-feedback", "2026112301", "4", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "5", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
	};
	struct hub_status_report *st = NULL;
	struct hub_import_result res;
	struct receipt *rc = NULL;
	struct minisign_pubkey hubpk;
	struct dev e, x;
	struct sub steal;
	char ids[MAXN][BUNDLE_ID_SIZE], first[2][BUNDLE_ID_SIZE], path[300];
	char name[RECEIPT_NAME_SIZE], owner[BUNDLE_KEYID_SIZE], *why = NULL;
	uint8_t h1[BUNDLE_HASH_BYTES];
	size_t i, nq, rows;

	dev_new(&e);
	dev_new(&x);
	test_enrol(h, &e);
	test_enrol(h, &x);
	hub_pubkey(h, &hubpk);
	rows = (size_t)count_rows("submissions");
	snprintf(path, sizeof path, "%s/e1.zip", tmp);
	make_bundle(&e, 1, good, 2, info->recipient, ids, path, NULL);
	memcpy(first, ids, sizeof first);
	memcpy(h1, e.last, sizeof h1);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 2 &&
	    !res.fork, "fork: bundle 1 goes in");
	hub_import_result_clear(&res);

	/* The same key, another bundle 1: a restored or cloned device. */
	memset(e.last, 0, sizeof e.last);
	snprintf(path, sizeof path, "%s/e1b.zip", tmp);
	make_bundle(&e, 1, good, 1, info->recipient, ids, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 1 &&
	    res.fork, "another bundle 1 of the same device: stored, a fork");
	hub_import_result_clear(&res);
	snprintf(path, sizeof path, "%s/e2b.zip", tmp);
	make_bundle(&e, 2, good, 1, info->recipient, ids, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 1 &&
	    !res.fork && res.gap_from == 0, "and the bundle that follows it");
	hub_import_result_clear(&res);
	CHECK_INT(count_rows("submissions"), (long long)rows + 4,
	    "both copies' answers are held");

	/* Device x offers an id the hub holds from e: quarantined. */
	steal = good[0];
	steal.rating = "1";
	steal.id = first[0];
	snprintf(path, sizeof path, "%s/x1.zip", tmp);
	make_bundle(&x, 1, &steal, 1, info->recipient, ids, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 0 &&
	    res.held == 0 && res.quarantined == 1,
	    "an id held from another device: quarantined, not held");
	hub_import_result_clear(&res);
	receipt_name(x.h.device, 1, name);
	CHECK(receipt_load(tmp, name, &hubpk, &rc, &why) == 0 &&
	    rc->nstored == 0 && rc->nheld == 0 && rc->nrefused == 1 &&
	    contains(rc->refused[0].reason, "another device"),
	    "its receipt refuses it: the device keeps it");
	receipt_free(&rc);
	CHECK(row_device(first[0], owner) && strcmp(owner, e.h.device) == 0,
	    "the hub still holds e's copy");
	CHECK(import(h, f, path, &res, 1) == HUB_ALREADY && res.held == 0 &&
	    res.quarantined == 1, "imported again: still not held");
	hub_import_result_clear(&res);

	/* e itself offers it again with other content (a stolen key). */
	steal.id = first[1];
	snprintf(path, sizeof path, "%s/e3.zip", tmp);
	make_bundle(&e, 3, &steal, 1, info->recipient, ids, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.held == 0 &&
	    res.quarantined == 1, "the same device, other content: "
	    "quarantined");
	hub_import_result_clear(&res);
	snprintf(path, sizeof path, "%s/e1.zip", tmp);
	CHECK(import(h, f, path, &res, 1) == HUB_ALREADY && res.held == 2 &&
	    res.quarantined == 0, "bundle 1 again: both held");
	hub_import_result_clear(&res);

	CHECK(hub_status_load(h, &st, &why) == 0, "hub status (%s)",
	    why != NULL ? why : "");
	for (i = 0, nq = 0; st != NULL && i < st->ndevices; i++)
		if (strcmp(st->devices[i].key_id, e.h.device) == 0)
			CHECK(st->devices[i].nforks == 1 &&
			    st->devices[i].forks[0] == 1 &&
			    st->devices[i].ngaps == 0 &&
			    st->devices[i].last_seq == 3 &&
			    st->devices[i].bundles == 4,
			    "status: e has a fork at bundle 1, no gap");
	for (i = 0; st != NULL && i < st->nquarantined; i++)
		if (strcmp(st->quarantined[i].id, first[0]) == 0 &&
		    st->quarantined[i].copy[0].present &&
		    strcmp(st->quarantined[i].copy[0].device, e.h.device) == 0 &&
		    strcmp(st->quarantined[i].copy[1].device, x.h.device) == 0 &&
		    memcmp(st->quarantined[i].copy[0].sha256,
		    st->quarantined[i].copy[1].sha256, 32) != 0)
			nq++;
	CHECK(st != NULL && st->nquarantined == 2 && nq == 1,
	    "status: the quarantine, with both copies");
	hub_status_free(&st);
	free(why);
	minisign_seckey_free(&e.sk);
	minisign_seckey_free(&x.sk);
}

/* Run sql on the hub.db in dir; 0 when it all ran. */
static int
db_exec(const char *dir, const char *sql)
{
	char path[320];
	sqlite3 *db;
	int rc;

	snprintf(path, sizeof path, "%.300s/hub.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * One hub importing with one set of forms, then with another made after
 * the first was freed (perhaps at its address): each set is its own
 * (hub_forms_serial), and what the hub kept to check with from the first
 * is never used with the second.
 */
static void
test_forms_sets(struct hub *h, const struct hub_info *info)
{
	static const struct sub subs[2] = {
		{ "quick-feedback", "2026112301", "4", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "2", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
	};
	struct hub_forms *a = NULL, *b = NULL;
	struct hub_import_result res;
	struct dev d;
	char ids[MAXN][BUNDLE_ID_SIZE], path[300], *why = NULL;
	uint64_t sa = 0;
	int rows = count_rows("submissions");

	dev_new(&d);
	test_enrol(h, &d);
	if (hub_forms_new(&a) != 0 || hub_forms_add_pack(a, PACK, &why) != 0) {
		CHECK(0, "forms sets: the first loads: %s", why ? why : "");
		goto out;
	}
	sa = hub_forms_serial(a);
	snprintf(path, sizeof path, "%s/sets-1.zip", tmp);
	make_bundle(&d, 1, subs, 2, info->recipient, ids, path, NULL);
	CHECK(import(h, a, path, &res, 1) == HUB_IMPORTED && res.stored == 2,
	    "forms sets: imported with the first");
	hub_import_result_clear(&res);
	hub_forms_free(&a);
	if (hub_forms_new(&b) != 0 || hub_forms_add_pack(b, PACK, &why) != 0) {
		CHECK(0, "forms sets: the second loads: %s", why ? why : "");
		goto out;
	}
	CHECK(hub_forms_serial(b) != sa && hub_forms_serial(b) != 0,
	    "forms sets: a set made after another is freed is not taken "
	    "for it");
	snprintf(path, sizeof path, "%s/sets-2.zip", tmp);
	make_bundle(&d, 2, subs, 2, info->recipient, ids, path, NULL);
	CHECK(import(h, b, path, &res, 1) == HUB_IMPORTED && res.stored == 2,
	    "forms sets: and with the second");
	hub_import_result_clear(&res);
	CHECK_INT(count_rows("submissions"), rows + 4, "forms sets: all four "
	    "stored");
out:
	hub_forms_free(&a);
	hub_forms_free(&b);
	free(why);
}

/*
 * An id the hub holds as a request to be contacted, offered again as a
 * submission: never stored beside it. From another device (or with other
 * content) it is quarantined; from its own device with the same content,
 * held. The rest of the bundle is stored.
 */
static void
test_contact_held_id(struct hub *h, const struct hub_forms *f,
    const struct hub_info *info)
{
	static const struct sub subs[3] = {
		{ "quick-feedback", "2026112301", "4", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "5", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "3", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
	};
	struct hub_import_result res;
	struct bundle *b = NULL;
	struct dev d;
	char ids[MAXN][BUNDLE_ID_SIZE], path[300], sql[1024], hex[65];
	char *data = NULL;
	size_t len = 0, i;
	int rows, contacts;

	dev_new(&d);
	test_enrol(h, &d);
	snprintf(path, sizeof path, "%s/contact-held.zip", tmp);
	make_bundle(&d, 1, subs, 3, info->recipient, ids, path, NULL);
	/* The third entry's own hash: held when the contact row has it. */
	if (file_read(path, BUNDLE_MAX_FILE, &data, &len, NULL) != 0 ||
	    bundle_open(data, len, &b, NULL) != 0 || b->n != 3) {
		CHECK(0, "contact-held: the bundle opens");
		goto out;
	}
	for (i = 0; i < 3 && strcmp(b->entries[i].id, ids[2]) != 0; i++)
		;
	if (i == 3) {
		CHECK(0, "contact-held: the third id is in the bundle");
		goto out;
	}
	bundle_hex(b->entries[i].sha256, hex);
	rows = count_rows("submissions");
	contacts = count_rows("contacts");
	snprintf(sql, sizeof sql, "INSERT INTO contacts (id, device, seq, "
	    "form, version, language, day, arrived, sha256, json) VALUES "
	    "('%s', 'ANOTHERDEVICE0001', 1, 'quick-feedback', '2026112301', "
	    "'en', 0, 0, zeroblob(32), NULL), ('%s', '%s', 1, "
	    "'quick-feedback', '2026112301', 'en', 0, 0, X'%s', NULL)",
	    ids[0], ids[2], d.h.device, hex);
	CHECK(db_exec(hubdir, sql) == 0, "contact-held: two ids held as "
	    "requests to be contacted");
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 1 &&
	    res.held == 1 && res.quarantined == 1,
	    "contact-held: one stored, the contact's own copy held, another "
	    "device's copy quarantined (stored %zu, held %zu, quarantined "
	    "%zu)", res.stored, res.held, res.quarantined);
	CHECK_INT(count_rows("submissions"), rows + 1, "contact-held: only "
	    "the new id is among the submissions");
	CHECK_INT(count_rows("contacts"), contacts + 2, "contact-held: the "
	    "contacts are as they were");
	hub_import_result_clear(&res);
out:
	bundle_free(&b);
	free(data);
}

/*
 * A hub.db of schema 1 (as the first version wrote it) is migrated to
 * schema 2 when opened, its rows kept; rows without a ciphertext hash are
 * "held" again for the device they came from, and quarantined for any
 * other.
 */
static void
test_migrate(const struct hub_forms *f)
{
	static const struct sub good[2] = {
		{ "quick-feedback", "2026112301", "4", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "2", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
	};
	struct hub_import_result res;
	struct hub_info info;
	struct hub *h = NULL;
	struct dev d, o;
	struct sub steal;
	char dir[64], saved[sizeof hubdir], ids[MAXN][BUNDLE_ID_SIZE];
	char other[MAXN][BUNDLE_ID_SIZE], path[128], *why = NULL;

	snprintf(dir, sizeof dir, "%s/old", tmp);
	memcpy(saved, hubdir, sizeof saved);
	snprintf(hubdir, sizeof hubdir, "%s", dir);
	dev_new(&d);
	dev_new(&o);
	if (hub_init(dir, NULL, &info, &why) != 0 ||
	    hub_open(dir, &h, &why) != 0 || hub_unlock(h, NULL, &why) != 0) {
		CHECK(0, "an old hub to migrate: %s", why ? why : "");
		goto out;
	}
	test_enrol(h, &d);
	test_enrol(h, &o);
	snprintf(path, sizeof path, "%s/old1.zip", dir);
	make_bundle(&d, 1, good, 2, info.recipient, ids, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.stored == 2,
	    "migrate: a bundle imported");
	hub_import_result_clear(&res);
	hub_close(&h);
	/* Back to schema 1: what the first version's hub.db looked like. */
	CHECK(db_exec(dir, "BEGIN;"
	    "CREATE TABLE b1 (device TEXT NOT NULL, seq INTEGER NOT NULL,"
	    "  hash BLOB NOT NULL, previous BLOB, created INTEGER NOT NULL,"
	    "  imported INTEGER NOT NULL, count INTEGER NOT NULL,"
	    "  stored INTEGER NOT NULL, PRIMARY KEY (device, seq));"
	    "INSERT INTO b1 SELECT device, seq, hash, previous, created,"
	    "  imported, count, stored FROM bundles;"
	    "DROP TABLE bundles; ALTER TABLE b1 RENAME TO bundles;"
	    "ALTER TABLE submissions DROP COLUMN sha256;"
	    "DROP TABLE quarantine; DROP TABLE contacts;"
	    "PRAGMA user_version = 1; COMMIT") == 0,
	    "migrate: the store taken back to schema 1");
	CHECK(hub_open(dir, &h, &why) == 0 && hub_unlock(h, NULL, &why) == 0,
	    "migrate: schema 1 opens (%s)", why ? why : "");
	CHECK_INT(count_rows("submissions"), 2, "migrate: its rows are kept");
	CHECK_INT(count_rows("bundles"), 1, "migrate: and its bundle");
	CHECK_INT(count_rows("quarantine"), 0, "migrate: a quarantine is made");
	CHECK_INT(count_rows("contacts"), 0, "migrate: and a contacts store");
	if (h == NULL)
		goto out;
	CHECK(import(h, f, path, &res, 1) == HUB_ALREADY && res.held == 2 &&
	    res.quarantined == 0, "migrate: its bundle again: held for its "
	    "device");
	hub_import_result_clear(&res);
	steal = good[1];
	steal.id = ids[0];
	snprintf(path, sizeof path, "%s/other.zip", dir);
	make_bundle(&o, 1, &steal, 1, info.recipient, other, path, NULL);
	CHECK(import(h, f, path, &res, 1) == HUB_IMPORTED && res.held == 0 &&
	    res.quarantined == 1, "migrate: an old id offered by another "
	    "device: quarantined");
	hub_import_result_clear(&res);
	/* Schema 2 (before contacts) to 3: the store of contacts is added. */
	hub_close(&h);
	CHECK(db_exec(dir, "BEGIN; DROP TABLE contacts; PRAGMA user_version = "
	    "2; COMMIT") == 0, "migrate: the store taken back to schema 2");
	CHECK_INT(count_rows("contacts"), -1, "migrate: schema 2 has no "
	    "contacts");
	CHECK(hub_open(dir, &h, &why) == 0, "migrate: schema 2 opens (%s)",
	    why ? why : "");
	CHECK_INT(count_rows("contacts"), 0, "migrate: 2 to 3 makes the "
	    "contacts store");
	CHECK_INT(count_rows("submissions"), 2, "migrate: 2 to 3 keeps the "
	    "rows");
	CHECK_INT(count_rows("quarantine"), 1, "migrate: and the quarantine");
out:
	hub_close(&h);
	memcpy(hubdir, saved, sizeof saved);
	free(why);
	minisign_seckey_free(&d.sk);
	minisign_seckey_free(&o.sk);
}

/*
 * A bad bundle, then a good one: the good one is checked ahead while the
 * bad one is, so that no CPU waits between them, and goes in after the
 * bad one is refused.
 */
static void
test_ahead_after_refusal(struct hub *h, const struct hub_forms *f,
    const struct hub_info *info)
{
	static const struct sub good[2] = {
		{ "quick-feedback", "2026112301", "4", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
		{ "quick-feedback", "2026112301", "5", NULL, 0, 0,
		    SUBMISSION_FEEDBACK, NULL },
	};
	struct hub_import_result res;
	struct sub bad = good[0];
	struct dev g;
	char ids[MAXN][BUNDLE_ID_SIZE], path[300];
	long long rows, bundles;

	dev_new(&g);
	test_enrol(h, &g);
	rows = count_rows("submissions");
	bundles = count_rows("bundles");
	bad.rating = "9";
	snprintf(path, sizeof path, "%s/g1.zip", tmp);
	make_bundle(&g, 1, &bad, 1, info->recipient, ids, path, NULL);
	snprintf(path, sizeof path, "%s/g2.zip", tmp);
	make_bundle(&g, 2, good, 2, info->recipient, ids, path, NULL);
	CHECK(hub_import_next(h, path) == 0, "ahead: bundle 2 comes next");
	snprintf(path, sizeof path, "%s/g1.zip", tmp);
	CHECK(import(h, f, path, &res, 2) == HUB_REFUSED,
	    "ahead: a bad bundle 1 is refused");
	hub_import_result_clear(&res);
	CHECK(h->ahead != NULL, "ahead: bundle 2 was checked while 1 was");
	CHECK(hub_import_next(h, NULL) == 0, "ahead: bundle 2 comes last");
	snprintf(path, sizeof path, "%s/g2.zip", tmp);
	CHECK(import(h, f, path, &res, 2) == HUB_IMPORTED && res.stored == 2,
	    "ahead: bundle 2 goes in after it");
	hub_import_result_clear(&res);
	CHECK(h->ahead == NULL, "ahead: nothing is checked after bundle 2");
	CHECK_INT(count_rows("submissions"), rows + 2, "ahead: 2 more stored");
	CHECK_INT(count_rows("bundles"), bundles + 1,
	    "ahead: 1 more bundle recorded");
	minisign_seckey_free(&g.sk);
}

int
main(void)
{
	struct hub_forms *forms = NULL;
	struct hub_info info;
	struct hub *h = NULL;
	char *why = NULL;

	if (sodium_init() < 0 || mkdtemp(tmp) == NULL)
		return 1;
	test_init(&info);
	test_passphrase();
	if (hub_open(hubdir, &h, &why) != 0 || hub_unlock(h, NULL, &why) != 0 ||
	    hub_forms_new(&forms) != 0 ||
	    hub_forms_add_pack(forms, PACK, &why) != 0) {
		CHECK(0, "open the hub and load the bundled forms: %s",
		    why ? why : "");
		return test_done();
	}
	CHECK(hub_forms_find(forms, "quick-feedback", NULL) != NULL &&
	    hub_forms_find(forms, "draft-strategy", "2026112301") != NULL &&
	    hub_forms_find(forms, "draft-strategy", "1") == NULL,
	    "the forms by id and version");
	test_import(h, forms, &info);
	test_export(h, forms);
	test_report(h, forms);
	add_tag_pack(forms);
	test_export_formless(h, forms, &info);
	test_fork_quarantine(h, forms, &info);
	test_ahead_after_refusal(h, forms, &info);
	test_contact_held_id(h, forms, &info);
	test_forms_sets(h, &info);
	test_migrate(forms);
	hub_forms_free(&forms);
	hub_close(&h);
	{
		/* Every command opens the hub: that alone writes nothing. */
		char wal[300];
		struct stat wst;
		int opened = hub_open(hubdir, &h, NULL) == 0;

		snprintf(wal, sizeof wal, "%s/hub.db-wal", hubdir);
		CHECK(opened && (stat(wal, &wst) != 0 || wst.st_size == 0),
		    "opening a hub of this schema writes nothing (log: %lld "
		    "bytes)", stat(wal, &wst) == 0 ? (long long)wst.st_size :
		    -1LL);
		hub_close(&h);
	}
	free(why);
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp);
	}
	return test_done();
}
