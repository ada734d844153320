/*
 * What the hub writes when it takes a bundle in: where the bundle sits in
 * its device's chain, what each submission id is to the hub, and the one
 * transaction that stores a bundle. See hub.h for what "stored", "held",
 * "quarantined" and a fork mean.
 *
 * Nothing here ever updates or deletes a row: a bundle adds a row to
 * bundles, new ids to submissions (a request to be contacted to
 * contacts instead), and offered copies of ids the hub holds otherwise
 * to quarantine. So whatever a device key signs (a stolen
 * one included), the hub never drops or overwrites what it holds.
 */
#include "sync/hub-int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"

int
hub_id_verdict(struct hub *h, const char *id, const char *device,
    const uint8_t sha256[32], const char *plain, size_t plainlen,
    enum hub_verdict *vp, char **why, char **cause)
{
	sqlite3_stmt *st;
	const unsigned char *dev;
	int rc, r = ERR_OK, same;

	*vp = HUB_ID_NEW;
	/* Asked once per entry of every bundle: prepared once per hub. */
	if (h->verdict == NULL && (r = hub_prepare(h, "SELECT device, sha256, "
	    "json FROM submissions WHERE id = ?1 UNION ALL SELECT device, "
	    "sha256, NULL FROM contacts WHERE id = ?1", &h->verdict,
	    cause)) != 0)
		return r;
	st = h->verdict;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		goto out;
	if (rc != SQLITE_ROW) {
		r = hub_db_err(h, rc, "reading submissions", cause);
		goto out;
	}
	dev = sqlite3_column_text(st, 0);
	if (dev == NULL || strcmp((const char *)dev, device) != 0) {
		*vp = HUB_ID_CLASH;
		r = err_set(why, ERR_OK, "quarantined: the hub holds a "
		    "submission with this id from another device (%s)",
		    dev != NULL ? (const char *)dev : "?");
		goto out;
	}
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		same = sqlite3_column_bytes(st, 1) == 32 &&
		    memcmp(sqlite3_column_blob(st, 1), sha256, 32) == 0;
	else	/* stored before schema 2: compare what can be compared */
		same = plain == NULL ||
		    ((size_t)sqlite3_column_bytes(st, 2) == plainlen &&
		    memcmp(sqlite3_column_text(st, 2), plain, plainlen) == 0);
	if (same)
		*vp = HUB_ID_HELD;
	else {
		*vp = HUB_ID_CLASH;
		r = err_set(why, ERR_OK, "quarantined: the hub holds a "
		    "submission with this id from this device with other "
		    "content");
	}
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

/* 1 and *seqp when the hub holds the bundle of device with hash. */
static int
hub_bundle_seq(struct hub *h, const char *device, const uint8_t hash[32],
    int64_t *seqp, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT seq FROM bundles WHERE device = ?1 "
	    "AND hash = ?2", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seqp = sqlite3_column_int64(st, 0);
		r = 1;
	} else if (rc == SQLITE_DONE)
		r = 0;
	else
		r = hub_db_err(h, rc, "reading bundles", cause);
	sqlite3_finalize(st);
	return r;
}

/* One number about device's bundles: sql binds ?1 device, ?2 seq. */
static int
hub_bundle_count(struct hub *h, const char *sql, const char *device,
    int64_t seq, int64_t *outp, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = hub_prepare(h, sql, &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	rc = sqlite3_step(st);
	*outp = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? ERR_OK : hub_db_err(h, rc, "reading "
	    "bundles", cause);
}

int
hub_sequence(struct hub *h, const struct bundle *b,
    struct hub_import_result *res, char **why, char **cause)
{
	const struct bundle_head *bh = &b->head;
	int64_t pseq, below, same;
	int r, follows = 0;

	res->fork = 0;
	res->gap_from = 0;
	if ((r = hub_bundle_seq(h, bh->device, b->hash, &pseq, cause)) < 0)
		return r;
	if (r == 1)
		return ERR_EXISTS;
	if (bh->has_previous) {
		if ((r = hub_bundle_seq(h, bh->device, bh->previous, &pseq,
		    cause)) < 0)
			return r;
		if (r == 1 && pseq != bh->seq - 1)
			return err_set(why, ERR_INVALID, "it is numbered %"
			    PRId64 " but names bundle %" PRId64 " of device %s "
			    "as its previous one: it does not follow bundle %"
			    PRId64, bh->seq, pseq, bh->device, pseq);
		follows = r == 1;
	}
	if ((r = hub_bundle_count(h, "SELECT count(*) FROM bundles WHERE "
	    "device = ?1 AND seq = ?2", bh->device, bh->seq, &same,
	    cause)) != 0)
		return r;
	res->fork = same > 0;
	if (bh->seq > 1 && !follows) {
		if ((r = hub_bundle_count(h, "SELECT coalesce(max(seq), 0) "
		    "FROM bundles WHERE device = ?1 AND seq < ?2", bh->device,
		    bh->seq, &below, cause)) != 0)
			return r;
		/* seq - 1 is held, but another copy of it: that one is missing. */
		res->gap_from = below + 1 < bh->seq ? below + 1 : bh->seq - 1;
	}
	return ERR_OK;
}

/* Keep an offered copy of an id the hub holds otherwise. */
static int
hub_quarantine(struct hub *h, sqlite3_stmt *q, const struct bundle *b,
    const struct bundle_entry *e, const struct hub_item *it,
    const char *reason, int64_t now, char **cause)
{
	int rc;

	sqlite3_bind_text(q, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, b->hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, b->head.device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, b->head.seq);
	sqlite3_bind_text(q, 5, e->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, e->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, it->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 8, it->submitted);
	sqlite3_bind_int64(q, 9, now);
	sqlite3_bind_blob(q, 10, e->sha256, 32, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, it->plain, (int)it->plainlen, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? ERR_OK : hub_db_err(h, rc, "quarantining a "
	    "submission", cause);
}

/* Store one new request to be contacted, in its own table. */
static int
hub_insert_contact(struct hub *h, sqlite3_stmt *ins, const struct bundle *b,
    const struct bundle_entry *e, const struct hub_item *it, int64_t now,
    char **cause)
{
	int rc;

	sqlite3_bind_text(ins, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, b->head.device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, b->head.seq);
	sqlite3_bind_text(ins, 4, e->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, e->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, it->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 7, it->submitted);
	sqlite3_bind_int64(ins, 8, now);
	sqlite3_bind_blob(ins, 9, e->sha256, 32, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, it->plain, (int)it->plainlen,
	    SQLITE_STATIC);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	return rc == SQLITE_DONE ? ERR_OK : hub_db_err(h, rc, "storing a "
	    "contact request", cause);
}

/* Store one new submission. */
static int
hub_insert(struct hub *h, sqlite3_stmt *ins, const struct bundle *b,
    const struct bundle_entry *e, const struct hub_item *it, char **cause)
{
	int rc;

	sqlite3_bind_text(ins, 1, e->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, b->head.device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, b->head.seq);
	sqlite3_bind_text(ins, 4, e->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, e->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, it->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, it->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 8, it->started);
	sqlite3_bind_int64(ins, 9, it->submitted);
	sqlite3_bind_text(ins, 10, it->plain, (int)it->plainlen,
	    SQLITE_STATIC);
	sqlite3_bind_blob(ins, 11, e->sha256, 32, SQLITE_STATIC);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	return rc == SQLITE_DONE ? ERR_OK : hub_db_err(h, rc, "storing a "
	    "submission", cause);
}

/*
 * Store entry e's submission when its id is new to the hub (*storedp 1);
 * otherwise (a request to be contacted, or an id held in submissions or
 * contacts) store nothing and leave it to hub_id_verdict (*storedp 0).
 * The insert itself finds an id held in submissions (ON CONFLICT DO
 * NOTHING), so a new id costs one lookup of the id, not two.
 */
static int
hub_insert_new(struct hub *h, sqlite3_stmt *ins, sqlite3_stmt *hc,
    const struct bundle *b, const struct bundle_entry *e,
    const struct hub_item *it, int *storedp, char **cause)
{
	int rc, r;

	*storedp = 0;
	if (strcmp(it->kind, "contact") == 0)
		return ERR_OK;
	sqlite3_bind_text(hc, 1, e->id, -1, SQLITE_STATIC);
	rc = sqlite3_step(hc);
	sqlite3_reset(hc);
	if (rc == SQLITE_ROW)
		return ERR_OK;
	if (rc != SQLITE_DONE)
		return hub_db_err(h, rc, "reading contacts", cause);
	if ((r = hub_insert(h, ins, b, e, it, cause)) != 0)
		return r;
	*storedp = sqlite3_changes(h->db) == 1;
	return ERR_OK;
}

static int
hub_record_bundle(struct hub *h, const struct bundle *b,
    const struct hub_import_result *res, char **cause)
{
	const struct bundle_head *bh = &b->head;
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = hub_prepare(h, "INSERT INTO bundles (device, seq, hash, "
	    "previous, created, imported, count, stored, quarantined) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, bh->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, bh->seq);
	sqlite3_bind_blob(st, 3, b->hash, 32, SQLITE_STATIC);
	if (bh->has_previous)
		sqlite3_bind_blob(st, 4, bh->previous, 32, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, bh->created);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(st, 7, (sqlite3_int64)b->n);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)res->stored);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)res->quarantined);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? ERR_OK : hub_db_err(h, rc, "recording the "
	    "bundle", cause);
}

/* One bundle's store under way (hub_store_begin). */
struct hub_storing {
	struct hub		*h;
	const struct bundle	*b;
	sqlite3_stmt		*ins, *q, *con, *hc;
	int64_t			 now;
};

static void
hub_storing_free(struct hub_storing **sp)
{
	struct hub_storing *s = *sp;

	if (s == NULL)
		return;
	sqlite3_finalize(s->ins);
	sqlite3_finalize(s->q);
	sqlite3_finalize(s->con);
	sqlite3_finalize(s->hc);
	free(s);
	*sp = NULL;
}

int
hub_store_begin(struct hub *h, const struct bundle *b,
    struct hub_import_result *res, struct hub_storing **sp, char **why,
    char **cause)
{
	struct hub_storing *s;
	int r;

	*sp = NULL;
	/*
	 * 8 MiB of page cache while importing, not SQLite's 2 MiB: ids come
	 * in random order, and with the index of a hundred thousand ids (6
	 * MiB) out of cache every insert read a page back from the log or
	 * the file (make bench: 0.1 s less system time per 100,000). Other
	 * commands read in order and keep the default.
	 */
	if (!h->storing && (r = hub_exec(h, "PRAGMA cache_size = -8192",
	    "importing", cause)) != 0)
		return r;
	h->storing = 1;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ERR_NOMEM;
	s->h = h;
	s->b = b;
	s->now = (int64_t)time(NULL);
	if ((r = hub_exec(h, "BEGIN IMMEDIATE", "importing", cause)) != 0) {
		free(s);
		return r;
	}
	/* Again, now that no other import can write: it may have. */
	if ((r = hub_sequence(h, b, res, why, cause)) != 0)
		goto out;
	if ((r = hub_prepare(h, "INSERT INTO submissions (id, device, seq, "
	    "form, version, kind, language, started, submitted, json, sha256) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	    "ON CONFLICT (id) DO NOTHING", &s->ins, cause)) != 0 ||
	    (r = hub_prepare(h, "SELECT 1 FROM contacts WHERE id = ?1",
	    &s->hc, cause)) != 0 ||
	    (r = hub_prepare(h, "INSERT OR IGNORE INTO quarantine (id, bundle, "
	    "device, seq, form, version, kind, submitted, arrived, sha256, "
	    "reason, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12)", &s->q, cause)) != 0 ||
	    (r = hub_prepare(h, "INSERT INTO contacts (id, device, seq, form, "
	    "version, language, day, arrived, sha256, json) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &s->con, cause)) != 0)
		goto out;
	*sp = s;
	s = NULL;
out:
	if (s != NULL) {
		hub_storing_free(&s);
		hub_rollback(h);
	}
	return r;
}

int
hub_store_item(struct hub_storing *s, size_t i, const struct hub_item *it,
    struct receipt *rc, struct hub_import_result *res, char **cause)
{
	struct hub *h = s->h;
	const struct bundle *b = s->b;
	const struct bundle_entry *e = &b->entries[i];
	enum hub_verdict v;
	char *reason = NULL;
	int r, stored;

	/* Most ids are new: stored at once, asked about only if not. */
	if ((r = hub_insert_new(h, s->ins, s->hc, b, e, it, &stored,
	    cause)) != 0)
		return r;
	if (stored)
		v = HUB_ID_NEW;
	else if ((r = hub_id_verdict(h, e->id, b->head.device, e->sha256,
	    it->plain, it->plainlen, &v, &reason, cause)) != 0)
		return r;
	switch (v) {
	case HUB_ID_NEW:
		/* Stored above, unless it is a request to be contacted. */
		if ((stored || (r = hub_insert_contact(h, s->con, b, e, it,
		    s->now, cause)) == 0) &&
		    (r = receipt_add_stored(rc, e->id)) == 0)
			res->stored++;
		break;
	case HUB_ID_HELD:
		if ((r = receipt_add_held(rc, e->id)) == 0)
			res->held++;
		break;
	case HUB_ID_CLASH:
		if (reason == NULL && (reason = strdup("quarantined")) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		if ((r = hub_quarantine(h, s->q, b, e, it, reason, s->now,
		    cause)) == 0 &&
		    (r = receipt_add_refused(rc, e->id, reason)) == 0)
			res->quarantined++;
		break;
	}
	free(reason);
	return r;
}

int
hub_store_end(struct hub_storing **sp, int commit,
    const struct hub_import_result *res, char **cause)
{
	struct hub_storing *s = *sp;
	struct hub *h;
	int r = ERR_OK;

	if (s == NULL)
		return ERR_OK;
	h = s->h;
	if (commit && (r = hub_record_bundle(h, s->b, res, cause)) == 0)
		r = hub_exec(h, "COMMIT", "importing", cause);
	hub_storing_free(sp);
	if (!commit || r != 0)
		hub_rollback(h);
	return r;
}

int
hub_receipt_again(struct hub *h, const struct bundle *b, struct receipt *rc,
    struct hub_import_result *res, char **cause)
{
	enum hub_verdict v;
	char *reason = NULL;
	size_t i;
	int r = ERR_OK;

	for (i = 0; i < b->n && r == 0; i++) {
		const struct bundle_entry *e = &b->entries[i];

		if ((r = hub_id_verdict(h, e->id, b->head.device, e->sha256,
		    NULL, 0, &v, &reason, cause)) != 0)
			break;
		if (v == HUB_ID_HELD) {
			if ((r = receipt_add_held(rc, e->id)) == 0)
				res->held++;
		} else if ((r = receipt_add_refused(rc, e->id,
		    reason != NULL ? reason : "the hub does not hold it")) ==
		    0)
			res->quarantined++;
		free(reason);
		reason = NULL;
	}
	return r;
}
