/* Unit tests for sync/outbox*.c: sealing, listing, bundles, receipts. */
#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "content/survey.h"
#include "sync/age.h"
#include "sync/outbox-int.h"
#include "sync/outbox.h"
#include "sync/submission.h"
#include "tests/unit/test.h"

#define CANARY	"CANARY-7f3a9c-outbox"

static struct submission_answer answers[] = {
	{ "feeling", "good" },
	{ "comment", CANARY },
};

static void
fill(struct submission *s)
{
	memset(s, 0, sizeof *s);
	submission_id_new(s->id);
	s->kind = SUBMISSION_SURVEY;
	s->form_id = "experience";
	s->form_version = "7";
	s->pack_id = "hackney";
	s->pack_version = "1.0.0";
	s->lang = "en";
	s->device = "0123456789ABCDEF";
	s->started = 1795460950;
	s->submitted = 1795461010;
	s->answers = answers;
	s->nanswers = 2;
}

/* 1 when the file at path contains needle. */
static int
file_has(const char *path, const char *needle)
{
	char *data = NULL;
	size_t len = 0;
	int has;

	if (file_read(path, 64 << 20, &data, &len, NULL) != 0)
		return 0;
	has = memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	return has;
}

/* Run SQL on the database file directly, as another program would. */
static int
raw(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static size_t
count_cursor(struct outbox_cursor *c, char ids[][SUBMISSION_ID_SIZE], size_t max, int *err)
{
	struct outbox_item it;
	size_t n = 0;
	int r;

	*err = 0;
	while ((r = outbox_cursor_next(c, &it, NULL)) == 1) {
		if (n < max)
			memcpy(ids[n], it.id, SUBMISSION_ID_SIZE);
		n++;
	}
	if (r < 0)
		*err = r;
	return n;
}

/* What the tests share: a folder, two recipients and what was sealed. */
struct fixture {
	char			 tmp[32];
	char			 path[512], wal[520];
	char			*idline[2], *recip[2];
	struct age_recipient	 r2[2];
	struct age_identity	*id1, *id2;
	struct submission	 first;
	char			 ids[8][SUBMISSION_ID_SIZE];
};

/* An outbox in an empty folder: 0600, in WAL mode, empty. */
static void
test_open(struct fixture *f, struct outbox **obp)
{
	struct outbox_counts cnt;
	struct outbox_bundle b;
	struct stat st;
	char *cause = NULL;
	int64_t seq;
	int r;

	r = outbox_open(f->tmp, obp, &cause);
	CHECK(r == 0, "an outbox opens in an empty folder (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK(stat(f->path, &st) == 0 && (st.st_mode & 0777) == 0600, "outbox.db is 0600");
	CHECK(stat(f->wal, &st) == 0 && (st.st_mode & 0777) == 0600, "in WAL mode, its log 0600 too");
	outbox_counts(*obp, &cnt, NULL);
	CHECK(cnt.pending == 0 && cnt.bundles == 0 && cnt.last_seq == 0, "empty at first");
	CHECK_INT(outbox_next_seq(*obp, &seq, NULL), 0, "next_seq works on an empty outbox");
	CHECK_INT(seq, 1, "the first bundle is 1");
	CHECK_INT(outbox_bundle_last(*obp, &b, NULL), ERR_NOTFOUND, "no last bundle yet");
}

/* Seal to two recipients; both decrypt; the JSON is whole. */
static void
test_seal(struct fixture *f, struct outbox *ob)
{
	struct outbox_counts cnt;
	struct submission s;
	struct submission_parsed *p = NULL;
	uint8_t *ct = NULL, *pt = NULL;
	size_t ctlen = 0, ptlen = 0;
	char *cause = NULL;
	int r;

	fill(&f->first);
	r = outbox_seal(ob, &f->first, f->r2, 2, &cause);
	CHECK(r == 0, "a submission is sealed (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK_INT(outbox_seal(ob, &f->first, f->r2, 2, NULL), ERR_EXISTS, "the same id twice is refused");
	fill(&s);
	CHECK_INT(outbox_seal(ob, &s, f->r2, 0, NULL), ERR_NOKEY, "no recipients, no sealing");
	s.device = "nope";
	CHECK_INT(outbox_seal(ob, &s, f->r2, 1, NULL), ERR_INVALID, "a bad submission is refused");
	outbox_counts(ob, &cnt, NULL);
	CHECK_INT(cnt.pending, 1, "and neither was stored");
	r = outbox_ciphertext(ob, f->first.id, &ct, &ctlen, NULL);
	CHECK(r == 0 && ctlen > 0, "its ciphertext is there");
	CHECK(age_decrypt(&f->id2, 1, ct, ctlen, 0, &pt, &ptlen, NULL) == 0,
	    "the second recipient decrypts it");
	age_plaintext_free(&pt);
	CHECK(age_decrypt(&f->id1, 1, ct, ctlen, 0, &pt, &ptlen, NULL) == 0,
	    "the first recipient decrypts it");
	CHECK(pt != NULL && submission_parse((char *)pt, ptlen, &p, NULL) == 0 &&
	    strcmp(p->s.id, f->first.id) == 0 && p->s.nanswers == 2 &&
	    strcmp(p->s.answers[1].value, CANARY) == 0, "into the submission's JSON, every answer");
	submission_parsed_free(&p);
	age_plaintext_free(&pt);
	free(ct);
	ct = NULL;
	CHECK_INT(outbox_ciphertext(ob, "0f8fad5b-d9cb-469f-a165-70867728950e", &ct, &ctlen, NULL),
	    ERR_NOTFOUND, "an unknown id has no ciphertext");
	CHECK(!file_has(f->path, CANARY) && !file_has(f->wal, CANARY),
	    "the canary is in neither the database nor its log");
	CHECK(!file_has(f->path, "good") && !file_has(f->wal, "good"), "nor is any other answer");
}

/* Pending, in seal order, bounded by limit. */
static void
test_pending(struct fixture *f, struct outbox *ob)
{
	char got[8][SUBMISSION_ID_SIZE];
	struct outbox_cursor *c = NULL;
	struct outbox_item it;
	struct submission s;
	uint8_t hash[32];
	size_t i, n;
	int r, err, ok;

	memcpy(f->ids[0], f->first.id, SUBMISSION_ID_SIZE);
	for (i = 1; i < 6; i++) {
		fill(&s);
		memcpy(f->ids[i], s.id, SUBMISSION_ID_SIZE);
		outbox_seal(ob, &s, f->r2, 1, NULL);
	}
	outbox_pending_open(ob, 0, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	ok = n == 6 && err == 0;
	for (i = 0; ok && i < 6; i++)
		ok = strcmp(got[i], f->ids[i]) == 0;
	CHECK(ok, "six pending, listed in seal order");
	CHECK(c == NULL, "outbox_cursor_free clears the pointer");
	outbox_pending_open(ob, 4, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == 4 && strcmp(got[3], f->ids[3]) == 0, "a limit gives the oldest four");
	outbox_pending_open_from(ob, 4, 0, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == 2 && strcmp(got[0], f->ids[4]) == 0 &&
	    strcmp(got[1], f->ids[5]) == 0, "passing over four gives the last two");
	outbox_pending_open_from(ob, 2, 3, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == 3 && strcmp(got[0], f->ids[2]) == 0 &&
	    strcmp(got[2], f->ids[4]) == 0, "passing over two, then three");
	outbox_pending_open(ob, 1, &c, NULL);
	r = outbox_cursor_next(c, &it, NULL);
	crypto_hash_sha256(hash, it.ciphertext, it.size);
	CHECK(r == 1 && strcmp(it.kind, "survey") == 0 && strcmp(it.form, "experience") == 0 &&
	    strcmp(it.version, "7") == 0 && it.submitted == 1795461010 &&
	    it.started == 1795460950 && it.bundle_seq == 0 &&
	    memcmp(hash, it.sha256, 32) == 0, "an item carries what export needs, and a true hash");
	outbox_cursor_free(&c);
}

/* A bundle of the first three. */
static void
test_bundle(struct fixture *f, struct outbox *ob)
{
	char got[8][SUBMISSION_ID_SIZE], *cause = NULL;
	struct outbox_cursor *c = NULL;
	struct outbox_counts cnt;
	struct outbox_bundle b, b2;
	struct outbox_item it;
	int64_t seq, row[8];
	size_t i, n;
	int r, err;

	outbox_pending_open(ob, 0, &c, NULL);
	for (n = 0; n < 8 && outbox_cursor_next(c, &it, NULL) == 1; n++)
		row[n] = it.row;
	outbox_cursor_free(&c);
	for (i = 1; i < n && row[i] > row[i - 1]; i++)
		;
	CHECK(n == 6 && i == n, "pending rows rise in seal order");
	memset(&b, 0, sizeof b);
	b.seq = 1;
	snprintf(b.name, sizeof b.name, "outreach-0123456789ABCDEF-000001.zip");
	memset(b.hash, 0xab, sizeof b.hash);
	b.created = 1795470000;
	b.count = 3;
	b2 = b;
	b2.seq = 2;
	CHECK_INT(outbox_bundle_add(ob, &b2, row[0], row[2], NULL), ERR_INVALID, "bundle 2 cannot come first");
	r = outbox_bundle_add(ob, &b, row[0], row[3], &cause);
	CHECK(r == ERR_INVALID && cause != NULL && strstr(cause, "4 of its rows") != NULL,
	    "a fourth pending row among the bundle's spoils it (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	outbox_counts(ob, &cnt, NULL);
	CHECK(cnt.pending == 6 && cnt.bundles == 0, "and nothing of it was recorded");
	b2 = b;
	b2.count = 4;
	CHECK_INT(outbox_bundle_add(ob, &b2, row[0], row[2], NULL), ERR_INVALID,
	    "four do not fit in three rows");
	CHECK_INT(outbox_bundle_add(ob, &b, row[2], row[0], NULL), ERR_INVALID, "nor in a range backwards");
	r = outbox_bundle_add(ob, &b, row[0], row[2], &cause);
	CHECK(r == 0, "bundle 1 is recorded (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	outbox_counts(ob, &cnt, NULL);
	CHECK(cnt.pending == 3 && cnt.exported == 3 && cnt.bundles == 1 && cnt.last_seq == 1 &&
	    cnt.acknowledged == 0, "three pending, three exported, one bundle");
	b2 = b;
	b2.seq = 2;
	b2.name[sizeof "outreach-0123456789ABCDEF-00000" - 1] = '2';
	r = outbox_bundle_add(ob, &b2, row[0], row[2], &cause);
	CHECK(r == ERR_INVALID && cause != NULL && strstr(cause, "0 of its rows") != NULL,
	    "rows already exported cannot be a second bundle (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK_INT(outbox_bundle_add(ob, &b, row[0], row[2], NULL), ERR_INVALID, "bundle 1 only once");
	outbox_next_seq(ob, &seq, NULL);
	CHECK_INT(seq, 2, "the next bundle is 2");
	r = outbox_bundle_last(ob, &b2, NULL);
	CHECK(r == 0 && b2.seq == 1 && strcmp(b2.name, b.name) == 0 &&
	    memcmp(b2.hash, b.hash, 32) == 0 && b2.created == b.created && b2.count == 3 &&
	    b2.acknowledged == 0, "the last bundle reads back whole");
	CHECK_INT(outbox_bundle_get(ob, 5, &b2, NULL), ERR_NOTFOUND, "bundle 5 is not there");
	outbox_members_open(ob, 1, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == 3 && strcmp(got[0], f->ids[0]) == 0 && strcmp(got[2], f->ids[2]) == 0,
	    "bundle 1's members, in order, for re-export");
	outbox_pending_open(ob, 0, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == 3 && strcmp(got[0], f->ids[3]) == 0, "pending starts after them");
}

/* A receipt: purge two of bundle 1, and a pending one that it cannot cover. */
static void
test_receipt(struct fixture *f, struct outbox *ob)
{
	const char *list[3] = { f->ids[0], f->ids[1], NULL };
	struct outbox_purge_result pr;
	struct outbox_counts cnt;
	struct outbox_bundle b2;
	uint8_t *ct = NULL;
	size_t ctlen = 0;
	char *cause = NULL;
	int r;

	CHECK_INT(outbox_purge(ob, 9, list, 2, 1795480000, &pr, NULL), ERR_NOTFOUND,
	    "a receipt for a bundle never written is refused");
	list[2] = f->ids[4];	/* pending: not covered */
	r = outbox_purge(ob, 1, list, 3, 1795480000, &pr, &cause);
	CHECK(r == 0 && pr.purged == 2 && pr.already == 0 && pr.unknown == 1,
	    "a receipt purges the two exported, not the pending one (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	r = outbox_purge(ob, 1, list, 3, 1795490000, &pr, NULL);
	CHECK(r == 0 && pr.purged == 0 && pr.already == 2 && pr.unknown == 1,
	    "applying it again changes nothing");
	outbox_counts(ob, &cnt, NULL);
	CHECK(cnt.pending == 3 && cnt.exported == 1 && cnt.purged == 2 && cnt.acknowledged == 1,
	    "counts: 3 pending, 1 exported, 2 purged, 1 acknowledged");
	outbox_bundle_get(ob, 1, &b2, NULL);
	CHECK_INT(b2.acknowledged, 1795480000, "the first receipt's time is kept");
	CHECK_INT(outbox_ciphertext(ob, f->ids[0], &ct, &ctlen, NULL), ERR_NOTFOUND,
	    "a purged ciphertext is gone");
	CHECK_INT(outbox_seal(ob, &f->first, f->r2, 1, NULL), ERR_EXISTS,
	    "a purged id cannot be sealed again");
	CHECK_INT(outbox_check(ob, NULL), 0, "integrity_check is ok");
}

/* Damage is found, not exported. */
static void
test_damage(struct fixture *f, struct outbox **obp)
{
	char got[8][SUBMISSION_ID_SIZE], sql[256];
	struct outbox *ob = NULL;
	struct outbox_cursor *c = NULL;
	size_t n;
	int err;

	outbox_close(obp);
	CHECK(*obp == NULL, "outbox_close clears the pointer");
	outbox_close(NULL);
	snprintf(sql, sizeof sql, "UPDATE ciphertexts SET data = "
	    "zeroblob(length(data)) WHERE n = (SELECT ct FROM submissions "
	    "WHERE id = '%s')", f->ids[3]);
	raw(f->path, sql);
	outbox_open(f->tmp, &ob, NULL);
	outbox_pending_open(ob, 0, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(err == ERR_DB && n == 0, "a ciphertext that does not match its hash is reported");
	outbox_close(&ob);
	snprintf(sql, sizeof sql, "DELETE FROM ciphertexts WHERE n = (SELECT ct "
	    "FROM submissions WHERE id = '%s')", f->ids[3]);
	raw(f->path, sql);
	outbox_open(f->tmp, &ob, NULL);
	outbox_pending_open(ob, 0, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(err == ERR_DB && n == 0, "a submission whose ciphertext is missing is reported, "
	    "not passed over");
	outbox_close(&ob);
}

/*
 * An outbox of schema 1 (each ciphertext in its submission's row), made
 * from this one, is migrated whole when opened: the same counts, the same
 * listings in the same order, every hash still matching.
 */
static void
test_migrate(struct fixture *f, struct outbox *ob)
{
	char v1[560], sql[2048], got[8][SUBMISSION_ID_SIZE], want[8][SUBMISSION_ID_SIZE];
	char *cause = NULL;
	struct outbox *old = NULL;
	struct outbox_counts a, b;
	struct outbox_cursor *c = NULL;
	uint8_t *ct = NULL, *ct2 = NULL;
	size_t n, nw, len = 0, len2 = 0;
	int err, errw, r;

	snprintf(v1, sizeof v1, "%s/v1.db", f->tmp);
	snprintf(sql, sizeof sql, "ATTACH '%s' AS cur;"
	    "CREATE TABLE submissions (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL,"
	    " form TEXT NOT NULL, version TEXT NOT NULL, started INTEGER NOT NULL,"
	    " submitted INTEGER NOT NULL, size INTEGER NOT NULL, sha256 BLOB NOT NULL,"
	    " ciphertext BLOB NOT NULL, bundle_seq INTEGER);"
	    "CREATE INDEX submissions_bundle ON submissions(bundle_seq);"
	    "CREATE TABLE bundles (seq INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	    " hash BLOB NOT NULL, created INTEGER NOT NULL, count INTEGER NOT NULL,"
	    " acknowledged INTEGER);"
	    "CREATE TABLE purged (id TEXT PRIMARY KEY NOT NULL, bundle_seq INTEGER NOT NULL,"
	    " purged INTEGER NOT NULL);"
	    "INSERT INTO submissions SELECT s.id, s.kind, s.form, s.version, s.started,"
	    " s.submitted, s.size, s.sha256, c.data, s.bundle_seq FROM cur.submissions s"
	    " JOIN cur.ciphertexts c ON c.n = s.ct ORDER BY s.rowid;"
	    "INSERT INTO bundles SELECT * FROM cur.bundles;"
	    "INSERT INTO purged SELECT * FROM cur.purged;"
	    "PRAGMA user_version = 1; PRAGMA application_id = 1330992203", f->path);
	CHECK_INT(raw(v1, sql), 0, "an outbox of schema 1 is made");
	r = outbox_open_path(v1, &old, &cause);
	CHECK(r == 0, "it opens, migrated (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	if (r != 0)
		return;
	outbox_counts(ob, &a, NULL);
	outbox_counts(old, &b, NULL);
	CHECK(a.pending == b.pending && a.pending_bytes == b.pending_bytes &&
	    a.exported == b.exported && a.purged == b.purged && a.bundles == b.bundles &&
	    a.acknowledged == b.acknowledged && a.last_seq == b.last_seq,
	    "with the same counts");
	outbox_pending_open(ob, 0, &c, NULL);
	nw = count_cursor(c, want, 8, &errw);
	outbox_cursor_free(&c);
	outbox_pending_open(old, 0, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == nw && n == 3 && err == 0 && errw == 0 && memcmp(got, want, n * sizeof got[0]) == 0,
	    "the same pending submissions, in seal order, each matching its hash");
	outbox_members_open(old, 1, &c, NULL);
	n = count_cursor(c, got, 8, &err);
	outbox_cursor_free(&c);
	CHECK(n == 1 && err == 0 && strcmp(got[0], f->ids[2]) == 0, "bundle 1's member is kept");
	r = outbox_ciphertext(ob, f->ids[4], &ct, &len, NULL);
	if (r == 0)
		r = outbox_ciphertext(old, f->ids[4], &ct2, &len2, NULL);
	CHECK(r == 0 && len == len2 && memcmp(ct, ct2, len) == 0, "a ciphertext reads the same");
	free(ct);
	free(ct2);
	CHECK_INT(outbox_check(old, NULL), 0, "integrity_check is ok after the migration");
	outbox_close(&old);
	CHECK(!file_has(v1, CANARY), "and no plaintext appears in it");
}

/* Versions and foreign files. */
static void
test_versions(struct fixture *f)
{
	struct outbox *ob = NULL;
	char *cause = NULL, junk[4096];
	int r;

	raw(f->path, "PRAGMA user_version = 99");
	r = outbox_open(f->tmp, &ob, &cause);
	CHECK(r == ERR_VERSION && cause != NULL && strstr(cause, "newer") != NULL,
	    "a newer schema is refused (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	outbox_close(&ob);
	raw(f->path, "PRAGMA user_version = 2");
	CHECK_INT(outbox_open(f->tmp, &ob, NULL), 0, "and opens again at version 2");
	outbox_close(&ob);
	snprintf(f->path, sizeof f->path, "%s/other.db", f->tmp);
	raw(f->path, "CREATE TABLE t (x); PRAGMA user_version = 1");
	r = outbox_open_path(f->path, &ob, &cause);
	CHECK(r == ERR_DB && cause != NULL && strstr(cause, "not an outbox") != NULL,
	    "another program's database is refused (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	snprintf(f->path, sizeof f->path, "%s/junk.db", f->tmp);
	memset(junk, 'j', sizeof junk);
	file_write_atomic(f->path, junk, sizeof junk, 0600, NULL);
	r = outbox_open_path(f->path, &ob, &cause);
	CHECK(r == ERR_DB && cause != NULL, "a file that is not a database is ERR_DB (%s)",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	snprintf(f->path, sizeof f->path, "%s/no/such/folder/outbox.db", f->tmp);
	r = outbox_open_path(f->path, &ob, &cause);
	CHECK(r == ERR_NOTFOUND && cause != NULL, "a missing folder is a clear error (%s)",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
}

/* SQLite's failures map to ours. */
static void
test_errors(void)
{
	static const struct { int rc, err; } map[] = {
		{ SQLITE_FULL, ERR_FULL }, { SQLITE_IOERR_FSYNC, ERR_IO },
		{ SQLITE_IOERR, ERR_IO }, { SQLITE_CORRUPT, ERR_DB },
		{ SQLITE_NOTADB, ERR_DB }, { SQLITE_BUSY, ERR_BUSY },
		{ SQLITE_BUSY_SNAPSHOT, ERR_BUSY }, { SQLITE_LOCKED, ERR_BUSY },
		{ SQLITE_READONLY, ERR_PERM }, { SQLITE_NOMEM, ERR_NOMEM },
		{ SQLITE_CONSTRAINT_PRIMARYKEY, ERR_EXISTS }, { SQLITE_ERROR, ERR_DB },
	};
	char *cause = NULL;
	size_t i;
	int r, ok;

	ok = 1;
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		r = outbox_err(NULL, map[i].rc, "testing", &cause);
		if (r != map[i].err || cause == NULL)
			ok = 0;
		free(cause);
		cause = NULL;
	}
	CHECK(ok, "FULL, IOERR, CORRUPT, BUSY, LOCKED... map to ERR_FULL, ERR_IO, ERR_DB, ERR_BUSY");
}

/* A locked database is ERR_BUSY after the timeout, not a hang or a crash. */
static void
test_busy(struct fixture *f)
{
	sqlite3 *other = NULL;
	struct outbox *o2 = NULL;
	struct submission s;
	char *cause = NULL;
	time_t t0;
	int r;

	outbox_open(f->tmp, &o2, NULL);
	snprintf(f->path, sizeof f->path, "%s/%s", f->tmp, OUTBOX_FILE);
	sqlite3_open(f->path, &other);
	sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	fill(&s);
	t0 = time(NULL);
	r = outbox_seal(o2, &s, f->r2, 1, &cause);
	CHECK(r == ERR_BUSY && cause != NULL && time(NULL) - t0 >= OUTBOX_BUSY_MS / 1000 - 1,
	    "sealing while another program writes waits, then says ERR_BUSY (%s)",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	CHECK_INT(outbox_seal(o2, &s, f->r2, 1, NULL), 0, "and succeeds once it is free");
	outbox_close(&o2);
}

/* The sealer: identity on first use, the pack's recipients, responses. */
static void
test_sealer(struct fixture *f)
{
	struct pack pk;
	struct outbox_sealer *sl = NULL;
	struct survey_answer sa[2] = { { "rating", "5" }, { "comment", CANARY } };
	struct survey_response resp;
	struct submission_parsed *p = NULL;
	struct outbox_cursor *c = NULL;
	struct outbox_item it;
	char home2[256], *rlist[2], *cause = NULL;
	uint8_t *c2 = NULL, *pt = NULL;
	size_t c2len = 0, ptlen = 0;
	int r;

	snprintf(home2, sizeof home2, "%s/sealer", f->tmp);
	memset(&pk, 0, sizeof pk);
	pk.id = "hackney";
	pk.version = "3.1.0";
	CHECK_INT(outbox_sealer_open(home2, &pk, &sl, NULL), ERR_NOKEY,
	    "a pack without recipients cannot seal");
	rlist[0] = "age1notarecipient";
	pk.recipients = rlist;
	pk.nrecipients = 1;
	CHECK(outbox_sealer_open(home2, &pk, &sl, NULL) < 0 && sl == NULL,
	    "a bad recipient is refused");
	rlist[0] = f->recip[0];
	rlist[1] = f->recip[1];
	pk.nrecipients = 2;
	r = outbox_sealer_open(home2, &pk, &sl, &cause);
	CHECK(r == 0 && sl != NULL && sl->nr == 2, "a sealer opens (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	snprintf(f->path, sizeof f->path, "%s/device.key", home2);
	CHECK(access(f->path, F_OK) == 0, "and made the device identity on first use");
	memset(&resp, 0, sizeof resp);
	resp.form_id = "quick-feedback";
	resp.form_version = "";
	resp.lang = "tr";
	resp.kind = "feedback";
	resp.started = 1795460950;
	resp.submitted = 1795461010;
	resp.answers = sa;
	resp.nanswers = 2;
	r = sl != NULL ? outbox_sealer_submit(sl, &resp, &cause) : -1;
	CHECK(r == 0, "a response from the runtime is sealed (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	c = NULL;
	if (sl != NULL && outbox_pending_open(sl->ob, 0, &c, NULL) == 0 &&
	    outbox_cursor_next(c, &it, NULL) == 1 &&
	    outbox_ciphertext(sl->ob, it.id, &c2, &c2len, NULL) == 0 &&
	    age_decrypt(&f->id2, 1, c2, c2len, 0, &pt, &ptlen, NULL) == 0 &&
	    submission_parse((char *)pt, ptlen, &p, NULL) == 0) {
		CHECK(p->s.kind == SUBMISSION_FEEDBACK && strcmp(p->s.lang, "tr") == 0 &&
		    strcmp(p->s.form_version, "") == 0 &&
		    strcmp(p->s.pack_id, "hackney") == 0 &&
		    strcmp(p->s.pack_version, "3.1.0") == 0 &&
		    strcmp(p->s.device, sl->device) == 0 && p->s.venue == NULL &&
		    p->s.nanswers == 2 && strcmp(p->s.answers[1].value, CANARY) == 0,
		    "it holds the kind, language, pack, device and answers");
	} else
		CHECK(0, "it holds the kind, language, pack, device and answers");
	submission_parsed_free(&p);
	age_plaintext_free(&pt);
	free(c2);
	outbox_cursor_free(&c);
	resp.pack_id = "other";
	resp.pack_version = "9";
	resp.kind = "vote";
	CHECK_INT(outbox_sealer_submit(sl, &resp, NULL), ERR_INVALID, "an unknown kind is refused");
	outbox_sealer_free(&sl);
	CHECK(sl == NULL, "outbox_sealer_free clears the pointer");
	outbox_sealer_free(NULL);
}

/*
 * A second connection opened and closed in this process (the kiosk's
 * sync beside its sealer's) leaves the first one's locks held, as another
 * process sees them: were they lost (POSIX locks go with any close() of
 * the file in the process), another process closing its connection would
 * delete the log and its index under the first, whose next read fails
 * ("disk I/O error", seen in the appliance VM's Laptop status).
 */
static void
test_locks(struct fixture *f)
{
	struct outbox *a = NULL, *b = NULL;
	struct outbox_counts c;
	char cmd[700];
	pid_t pid;
	int st = -1;

	snprintf(f->wal, sizeof f->wal, "%s/%s-wal", f->tmp, OUTBOX_FILE);
	snprintf(f->path, sizeof f->path, "%s/%s", f->tmp, OUTBOX_FILE);
	CHECK_INT(outbox_open(f->tmp, &a, NULL), ERR_OK, "locks: a first connection");
	CHECK_INT(outbox_counts(a, &c, NULL), ERR_OK, "locks: it reads");
	CHECK_INT(outbox_open(f->tmp, &b, NULL), ERR_OK, "locks: a second connection in the same process");
	outbox_close(&b);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct flock fl;
		int fd = open(f->path, O_RDONLY | O_CLOEXEC);

		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fd == -1 || fcntl(fd, F_GETLK, &fl) == -1)
			_exit(2);
		_exit(fl.l_type == F_UNLCK ? 1 : 0);
	}
	if (pid > 0)
		waitpid(pid, &st, 0);
	CHECK(pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "locks: the second closed, another process still sees the first connection's lock on the outbox");
	/* Another process (sqlite3, or outreach run from a shell) comes and goes. */
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'select count(*) from "
	    "submissions' >/dev/null 2>&1", f->path);
	if (system(cmd) != 0)
		SKIP("locks: no sqlite3 program to be another process");
	else {
		CHECK(access(f->wal, F_OK) == 0, "locks: another process's connection closed, the log of the first is still there");
		CHECK_INT(outbox_counts(a, &c, NULL), ERR_OK, "locks: and the first still reads");
	}
	outbox_close(&a);
}

int
main(void)
{
	struct fixture f;
	struct outbox *ob = NULL;
	char cmd[600];
	size_t i;

	memset(&f, 0, sizeof f);
	snprintf(f.tmp, sizeof f.tmp, "/tmp/outreach-outbox.XXXXXX");
	if (mkdtemp(f.tmp) == NULL || sodium_init() < 0)
		return 1;
	snprintf(f.path, sizeof f.path, "%s/%s", f.tmp, OUTBOX_FILE);
	snprintf(f.wal, sizeof f.wal, "%s-wal", f.path);
	for (i = 0; i < 2; i++) {
		age_keygen(&f.idline[i], &f.recip[i], NULL);
		age_recipient_parse(f.recip[i], &f.r2[i], NULL);
	}
	age_identity_parse(f.idline[0], &f.id1, NULL);
	age_identity_parse(f.idline[1], &f.id2, NULL);

	test_open(&f, &ob);
	test_seal(&f, ob);
	test_pending(&f, ob);
	test_bundle(&f, ob);
	test_receipt(&f, ob);
	test_migrate(&f, ob);
	test_damage(&f, &ob);
	test_versions(&f);
	test_errors();
	test_busy(&f);
	test_sealer(&f);
	test_locks(&f);

	age_identity_free(&f.id1);
	age_identity_free(&f.id2);
	for (i = 0; i < 2; i++) {
		age_secret_free(&f.idline[i]);
		free(f.recip[i]);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f.tmp);
	if (system(cmd) != 0)
		return 1;
	return test_done();
}
