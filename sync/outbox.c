/*
 * The outbox's work: sealing, listing for export, bundles, receipts and
 * counts; see outbox.h for the contract and the schema, outbox-db.c for
 * opening and migrations.
 *
 * Sealing is one BEGIN IMMEDIATE transaction of two INSERTs (the
 * ciphertext, then the submission's row naming it): with WAL and
 * synchronous=FULL, SQLite has fsynced the log when COMMIT returns, so a
 * submission is durable the moment outbox_seal returns ERR_OK, and absent
 * (never half-written) if the process dies before. Every other change that
 * touches more than one row runs in one BEGIN IMMEDIATE transaction too.
 */
#include "sync/outbox-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/sodiumload.h"
#include "sync/hash.h"

struct outbox_cursor {
	struct outbox	*ob;
	sqlite3_stmt	*st;
};

/*
 * A submission's row and its ciphertext. LEFT JOIN: a row whose
 * ciphertext is missing is listed, and reported as damaged, not skipped.
 */
#define OUTBOX_ITEM_COLUMNS \
	"s.id, s.kind, s.form, s.version, s.started, s.submitted, s.size," \
	" s.sha256, c.data, s.bundle_seq, s.rowid"
#define OUTBOX_ITEM_FROM \
	" FROM submissions s LEFT JOIN ciphertexts c ON c.n = s.ct"

/* Run a cached write statement to completion; changed rows in *np. */
static int
outbox_run(struct outbox *ob, sqlite3_stmt *st, const char *what, int *np,
    char **cause)
{
	int rc = sqlite3_step(st), r = ERR_OK;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = outbox_err(ob, rc, what, cause);
	else if (np != NULL)
		*np = sqlite3_changes(ob->db);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

/* Insert the ciphertext, then its submission's row (in a transaction). */
static int
outbox_insert(struct outbox *ob, const struct submission *sub,
    const uint8_t *ct, size_t ctlen, const uint8_t *hash, char **cause)
{
	static const char what[] = "sealing a submission";
	sqlite3_stmt *st = NULL;
	int r, changed = 0;

	if ((r = outbox_stmt(ob, OUTBOX_ST_INSERT_CT, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_blob64(st, 1, ct, ctlen, SQLITE_STATIC);
	if ((r = outbox_run(ob, st, what, NULL, cause)) != ERR_OK ||
	    (r = outbox_stmt(ob, OUTBOX_ST_INSERT, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, sub->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, submission_kind_name(sub->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sub->form_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sub->form_version, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)sub->started);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)sub->submitted);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)ctlen);
	sqlite3_bind_blob(st, 8, hash, HASH_SHA256_BYTES, SQLITE_STATIC);
	if ((r = outbox_run(ob, st, what, &changed, cause)) != ERR_OK)
		return r;
	if (changed != 1)
		return err_set(cause, ERR_EXISTS, "submission %s was stored "
		    "and purged before", sub->id);
	return ERR_OK;
}

int
outbox_seal(struct outbox *ob, const struct submission *sub,
    const struct age_recipient *r, size_t nr, char **cause)
{
	uint8_t hash[HASH_SHA256_BYTES], *ct = NULL;
	char *json = NULL;
	size_t len = 0, ctlen = 0;
	int ret;

	if (nr == 0 || r == NULL) {
		ret = err_set(cause, ERR_NOKEY, "the content pack names no "
		    "recipient to seal answers to");
		goto out;
	}
	if ((ret = submission_json(sub, &json, &len, cause)) != ERR_OK)
		goto out;
	ret = age_encrypt(r, nr, json, len, 0, &ct, &ctlen, cause);
	/* The plaintext goes now, before any disk is touched. */
	submission_json_free(&json);
	if (ret != ERR_OK)
		goto out;
	hash_sha256(hash, ct, ctlen);
	if ((ret = outbox_exec(ob, "BEGIN IMMEDIATE", "sealing a submission",
	    cause)) != ERR_OK)
		goto out;
	if ((ret = outbox_insert(ob, sub, ct, ctlen, hash, cause)) != ERR_OK)
		goto out;
	ret = outbox_exec(ob, "COMMIT", "sealing a submission", cause);
out:
	if (ret != ERR_OK)
		outbox_rollback(ob);
	submission_json_free(&json);
	free(ct);
	return ret;
}

/* Open a listing over sql with up to two integer bindings. */
static int
outbox_cursor_open(struct outbox *ob, const char *sql, int64_t a, int64_t b,
    struct outbox_cursor **cp, char **cause)
{
	struct outbox_cursor *c = NULL;
	int rc, r = ERR_OK;

	*cp = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return ERR_NOMEM;
	c->ob = ob;
	rc = sqlite3_prepare_v2(ob->db, sql, -1, &c->st, NULL);
	if (rc != SQLITE_OK) {
		r = outbox_err(ob, rc, "listing submissions", cause);
		goto out;
	}
	sqlite3_bind_int64(c->st, 1, a);
	(void)sqlite3_bind_int64(c->st, 2, b);	/* SQLITE_RANGE: no ?2 */
	*cp = c;
	c = NULL;
out:
	outbox_cursor_free(&c);
	return r;
}

int
outbox_pending_open(struct outbox *ob, size_t limit,
    struct outbox_cursor **cp, char **cause)
{
	return outbox_pending_open_from(ob, 0, limit, cp, cause);
}

int
outbox_pending_open_from(struct outbox *ob, size_t skip, size_t limit,
    struct outbox_cursor **cp, char **cause)
{
	/* The index on bundle_seq holds rowids in order: no sort. */
	return outbox_cursor_open(ob, "SELECT " OUTBOX_ITEM_COLUMNS
	    OUTBOX_ITEM_FROM " WHERE s.bundle_seq IS NULL ORDER BY s.rowid"
	    " LIMIT ?1 OFFSET ?2", limit == 0 || limit > INT64_MAX ? -1 :
	    (int64_t)limit, skip > INT64_MAX ? INT64_MAX : (int64_t)skip, cp,
	    cause);
}

int
outbox_members_open(struct outbox *ob, int64_t seq,
    struct outbox_cursor **cp, char **cause)
{
	return outbox_cursor_open(ob, "SELECT " OUTBOX_ITEM_COLUMNS
	    OUTBOX_ITEM_FROM " WHERE s.bundle_seq = ?1 ORDER BY s.rowid", seq,
	    0, cp, cause);
}

/* Copy a text column of at most cap - 1 bytes; 0 or -1 when it is not. */
static int
outbox_text(sqlite3_stmt *st, int col, char *out, size_t cap)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);

	if (s == NULL || n <= 0 || (size_t)n >= cap)
		return -1;
	memcpy(out, s, (size_t)n);
	out[n] = '\0';
	return 0;
}

int
outbox_cursor_next(struct outbox_cursor *c, struct outbox_item *it,
    char **cause)
{
	uint8_t hash[HASH_SHA256_BYTES];
	const void *p;
	sqlite3_stmt *st = c->st;
	int rc, n;

	memset(it, 0, sizeof *it);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return outbox_err(c->ob, rc, "listing submissions", cause);
	/* A row that does not hold together is damage, not data. */
	if (outbox_text(st, 0, it->id, sizeof it->id) != 0 ||
	    !submission_id_valid(it->id) ||
	    outbox_text(st, 1, it->kind, sizeof it->kind) != 0)
		goto damaged;
	it->form = (const char *)sqlite3_column_text(st, 2);
	it->version = (const char *)sqlite3_column_text(st, 3);
	it->started = sqlite3_column_int64(st, 4);
	it->submitted = sqlite3_column_int64(st, 5);
	if (it->form == NULL || it->version == NULL ||
	    sqlite3_column_bytes(st, 7) != OUTBOX_HASH_BYTES)
		goto damaged;
	memcpy(it->sha256, sqlite3_column_blob(st, 7), OUTBOX_HASH_BYTES);
	p = sqlite3_column_blob(st, 8);
	n = sqlite3_column_bytes(st, 8);
	if (p == NULL || n <= 0 || sqlite3_column_int64(st, 6) != n)
		goto damaged;
	hash_sha256(hash, p, (unsigned long long)n);
	if (sodium_memcmp(hash, it->sha256, sizeof hash) != 0)
		goto damaged;
	it->ciphertext = p;
	it->size = (size_t)n;
	it->bundle_seq = sqlite3_column_type(st, 9) == SQLITE_NULL ? 0 :
	    sqlite3_column_int64(st, 9);
	it->row = sqlite3_column_int64(st, 10);
	return 1;
damaged:
	return err_set(cause, ERR_DB, "%s: a stored submission (%s) is "
	    "damaged", c->ob->path, it->id[0] != '\0' ? it->id : "no id");
}

void
outbox_cursor_free(struct outbox_cursor **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	sqlite3_finalize((*cp)->st);
	free(*cp);
	*cp = NULL;
}

int
outbox_ciphertext(struct outbox *ob, const char *id, uint8_t **ctp,
    size_t *lenp, char **cause)
{
	sqlite3_stmt *st = NULL;
	const void *p;
	int rc, r, n;

	*ctp = NULL;
	*lenp = 0;
	if ((r = outbox_stmt(ob, OUTBOX_ST_CIPHERTEXT, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = err_set(cause, ERR_NOTFOUND, "no submission %s in the "
		    "outbox", id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		r = outbox_err(ob, rc, "reading a submission", cause);
		goto out;
	}
	p = sqlite3_column_blob(st, 0);
	n = sqlite3_column_bytes(st, 0);
	if (p == NULL || n <= 0) {
		r = err_set(cause, ERR_DB, "%s: submission %s is damaged",
		    ob->path, id);
		goto out;
	}
	if ((*ctp = malloc((size_t)n)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	memcpy(*ctp, p, (size_t)n);
	*lenp = (size_t)n;
	r = ERR_OK;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

int
outbox_next_seq(struct outbox *ob, int64_t *seqp, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	*seqp = 0;
	if ((r = outbox_stmt(ob, OUTBOX_ST_NEXT_SEQ, &st, cause)) != ERR_OK)
		return r;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*seqp = sqlite3_column_int64(st, 0);
	else
		r = outbox_err(ob, rc, "reading bundles", cause);
	sqlite3_reset(st);
	return r;
}

/* Step a bundle query into *b. */
static int
outbox_bundle_row(struct outbox *ob, sqlite3_stmt *st,
    struct outbox_bundle *b, char **cause)
{
	int rc, r = ERR_OK;

	memset(b, 0, sizeof *b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		r = err_set(cause, ERR_NOTFOUND, "no such bundle");
	else if (rc != SQLITE_ROW)
		r = outbox_err(ob, rc, "reading bundles", cause);
	else if (outbox_text(st, 1, b->name, sizeof b->name) != 0 ||
	    sqlite3_column_bytes(st, 2) != OUTBOX_HASH_BYTES)
		r = err_set(cause, ERR_DB, "%s: a bundle's record is damaged",
		    ob->path);
	else {
		b->seq = sqlite3_column_int64(st, 0);
		memcpy(b->hash, sqlite3_column_blob(st, 2), OUTBOX_HASH_BYTES);
		b->created = sqlite3_column_int64(st, 3);
		b->count = (uint64_t)sqlite3_column_int64(st, 4);
		b->acknowledged = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

int
outbox_bundle_last(struct outbox *ob, struct outbox_bundle *b, char **cause)
{
	sqlite3_stmt *st = NULL;
	int r;

	memset(b, 0, sizeof *b);
	if ((r = outbox_stmt(ob, OUTBOX_ST_BUNDLE_LAST, &st, cause)) != ERR_OK)
		return r;
	return outbox_bundle_row(ob, st, b, cause);
}

int
outbox_bundle_get(struct outbox *ob, int64_t seq, struct outbox_bundle *b,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	int r;

	memset(b, 0, sizeof *b);
	if ((r = outbox_stmt(ob, OUTBOX_ST_BUNDLE_GET, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_int64(st, 1, seq);
	return outbox_bundle_row(ob, st, b, cause);
}

int
outbox_bundle_add(struct outbox *ob, const struct outbox_bundle *b,
    int64_t lo, int64_t hi, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t next;
	int r, changed = -1;

	if (b->count == 0 || lo < 1 || hi < lo ||
	    (uint64_t)(hi - lo) + 1 < b->count ||
	    memchr(b->name, '\0', sizeof b->name) == NULL ||
	    b->name[0] == '\0')
		return err_set(cause, ERR_INVALID, "a bundle needs a name and "
		    "at least one submission, in rows lo to hi");
	if ((r = outbox_exec(ob, "BEGIN IMMEDIATE", "recording a bundle",
	    cause)) != ERR_OK)
		return r;
	if ((r = outbox_next_seq(ob, &next, cause)) != ERR_OK)
		goto out;
	if (b->seq != next) {
		r = err_set(cause, ERR_INVALID, "bundle %lld cannot follow "
		    "bundle %lld", (long long)b->seq, (long long)next - 1);
		goto out;
	}
	if ((r = outbox_stmt(ob, OUTBOX_ST_BUNDLE_INSERT, &st, cause)) !=
	    ERR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, b->seq);
	sqlite3_bind_text(st, 2, b->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, b->hash, OUTBOX_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, b->created);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)b->count);
	if ((r = outbox_run(ob, st, "recording a bundle", NULL, cause)) !=
	    ERR_OK)
		goto out;
	if ((r = outbox_stmt(ob, OUTBOX_ST_MARK, &st, cause)) != ERR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, b->seq);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	if ((r = outbox_run(ob, st, "recording a bundle", &changed,
	    cause)) != ERR_OK)
		goto out;
	/*
	 * A submission is pending from its insert until a bundle takes it,
	 * and an insert takes a row above every row held, so above the
	 * bundle's, which are held while it is built: b->count pending rows
	 * in lo..hi now are the ones it was built from.
	 */
	if (changed < 0 || (uint64_t)changed != b->count) {
		r = err_set(cause, ERR_INVALID, "bundle %lld holds %llu "
		    "submissions; %d of its rows are waiting to be exported",
		    (long long)b->seq, (unsigned long long)b->count, changed);
		goto out;
	}
	r = outbox_exec(ob, "COMMIT", "recording a bundle", cause);
out:
	if (r != ERR_OK)
		outbox_rollback(ob);
	return r;
}

/* Purge one id inside the open transaction; counts what happened. */
static int
outbox_purge_one(struct outbox *ob, const char *id, int64_t when,
    struct outbox_purge_result *res, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t seq;
	int rc, r;

	if ((r = outbox_stmt(ob, OUTBOX_ST_PURGED_HAS, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		res->already++;
		return ERR_OK;
	}
	if (rc != SQLITE_DONE)
		return outbox_err(ob, rc, "applying a receipt", cause);
	if ((r = outbox_stmt(ob, OUTBOX_ST_EXPORTED_SEQ, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		/* Never exported, or never here: a receipt cannot cover it. */
		res->unknown++;
		return ERR_OK;
	}
	if (rc != SQLITE_ROW)
		return outbox_err(ob, rc, "applying a receipt", cause);
	if ((r = outbox_stmt(ob, OUTBOX_ST_TOMBSTONE, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_int64(st, 3, when);
	if ((r = outbox_run(ob, st, "applying a receipt", NULL, cause)) !=
	    ERR_OK)
		return r;
	if ((r = outbox_stmt(ob, OUTBOX_ST_DELETE_CT, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((r = outbox_run(ob, st, "applying a receipt", NULL, cause)) !=
	    ERR_OK)
		return r;
	if ((r = outbox_stmt(ob, OUTBOX_ST_DELETE, &st, cause)) != ERR_OK)
		return r;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((r = outbox_run(ob, st, "applying a receipt", NULL, cause)) !=
	    ERR_OK)
		return r;
	res->purged++;
	return ERR_OK;
}

int
outbox_purge(struct outbox *ob, int64_t seq, const char *const *ids,
    size_t n, int64_t when, struct outbox_purge_result *res, char **cause)
{
	struct outbox_purge_result tmp;
	struct outbox_bundle b;
	sqlite3_stmt *st = NULL;
	size_t i;
	int r;

	memset(&tmp, 0, sizeof tmp);
	if (res != NULL)
		memset(res, 0, sizeof *res);
	if ((r = outbox_exec(ob, "BEGIN IMMEDIATE", "applying a receipt",
	    cause)) != ERR_OK)
		return r;
	if ((r = outbox_bundle_get(ob, seq, &b, NULL)) != ERR_OK) {
		r = r == ERR_NOTFOUND ? err_set(cause, ERR_NOTFOUND, "the "
		    "receipt answers bundle %lld, which this device never "
		    "wrote", (long long)seq) :
		    err_set(cause, r, "%s: cannot read bundle %lld", ob->path,
		    (long long)seq);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (ids[i] == NULL || !submission_id_valid(ids[i]))
			tmp.unknown++;
		else if ((r = outbox_purge_one(ob, ids[i], when, &tmp,
		    cause)) != ERR_OK)
			goto out;
	if ((r = outbox_stmt(ob, OUTBOX_ST_ACK, &st, cause)) != ERR_OK)
		goto out;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, when);
	if ((r = outbox_run(ob, st, "applying a receipt", NULL, cause)) !=
	    ERR_OK)
		goto out;
	if ((r = outbox_exec(ob, "COMMIT", "applying a receipt", cause)) !=
	    ERR_OK)
		goto out;
	if (res != NULL)
		*res = tmp;
out:
	if (r != ERR_OK)
		outbox_rollback(ob);
	return r;
}

int
outbox_counts(struct outbox *ob, struct outbox_counts *c, char **cause)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM submissions WHERE bundle_seq IS NULL),"
	    " (SELECT coalesce(sum(size), 0) FROM submissions"
	    "  WHERE bundle_seq IS NULL),"
	    " (SELECT count(*) FROM submissions WHERE bundle_seq IS NOT NULL),"
	    " (SELECT count(*) FROM purged),"
	    " (SELECT count(*) FROM bundles),"
	    " (SELECT count(acknowledged) FROM bundles),"
	    " (SELECT coalesce(max(seq), 0) FROM bundles)";
	sqlite3_stmt *st = NULL;
	int rc, r = ERR_OK;

	memset(c, 0, sizeof *c);
	rc = sqlite3_prepare_v2(ob->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		r = outbox_err(ob, rc, "counting", cause);
		goto out;
	}
	c->pending = (uint64_t)sqlite3_column_int64(st, 0);
	c->pending_bytes = (uint64_t)sqlite3_column_int64(st, 1);
	c->exported = (uint64_t)sqlite3_column_int64(st, 2);
	c->purged = (uint64_t)sqlite3_column_int64(st, 3);
	c->bundles = (uint64_t)sqlite3_column_int64(st, 4);
	c->acknowledged = (uint64_t)sqlite3_column_int64(st, 5);
	c->last_seq = sqlite3_column_int64(st, 6);
out:
	sqlite3_finalize(st);
	return r;
}
