/*
 * Importing one bundle into the hub; see hub.h.
 *
 * The checks run from the cheapest and least trusting to the most costly:
 * the archive and manifest (bundle_open), the device's enrolment, the
 * signature with the enrolled key (never the key the manifest carries),
 * the sequence against what the hub holds for that device, every entry's
 * size, then per entry its hash, decryption and the submission's check
 * against its form. Only when all pass is anything written, in one
 * transaction; a refusal at any step leaves hub.db untouched.
 *
 * Entries are read from the zip by this thread and checked by a pool of
 * worker threads (decryption is most of an import's time); a worker that
 * finds a bad entry raises a flag and the others stop early. Plaintexts
 * are kept in memory only until they are stored, and wiped when freed.
 */
#include "sync/hub-int.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/receipt.h"

#define HUB_MAX_THREADS	16

/* One entry's outcome, filled by a worker. */
struct hub_item {
	const uint8_t	*ct;		/* its ciphertext, in the arena */
	size_t		 ctlen;
	char		*plain;		/* the checked plaintext (wiped) */
	size_t		 plainlen;
	char		 kind[16];
	char		 lang[40];
	int64_t		 started;
	int64_t		 submitted;
	char		*why;		/* why it was refused */
};

/* A bundle being checked by the workers. */
struct hub_job {
	struct hub		*h;
	const struct hub_forms	*forms;
	struct bundle		*b;
	struct hub_item		*items;
	atomic_size_t		 next;
	atomic_int		 failed;
};

static void
hub_item_clear(struct hub_item *it)
{
	if (it->plain != NULL) {
		sodium_memzero(it->plain, it->plainlen);
		free(it->plain);
	}
	free(it->why);
	memset(it, 0, sizeof *it);
}

/* Check entry i: hash, decrypt, parse, form. */
static void
hub_check_one(struct hub_job *j, size_t i, uint8_t *buf, size_t cap)
{
	struct hub_item *it = &j->items[i];
	const struct bundle_entry *e = &j->b->entries[i];
	struct submission_parsed *p = NULL;
	char *why = NULL;
	size_t len = 0;
	int r;

	if (!bundle_entry_hash_ok(e, it->ct, it->ctlen)) {
		err_set(&it->why, ERR_SIGNATURE, "does not match its SHA-256 "
		    "in the manifest (altered or damaged)");
		goto fail;
	}
	r = age_decrypt_buf((struct age_identity *const *)j->h->ids->v,
	    j->h->ids->n, it->ct, it->ctlen, 0, buf, cap, &len, &why);
	if (r != 0) {
		err_set(&it->why, r, "cannot be decrypted with this hub's "
		    "identity (%s)", why != NULL ? why : err_str(r));
		goto fail;
	}
	if (hub_submission_check(j->forms, (const char *)buf, len, e,
	    j->b->head.device, &p, &it->why) != 0)
		goto fail;
	if ((it->plain = malloc(len + 1)) == NULL) {
		it->why = strdup("out of memory");
		goto fail;
	}
	memcpy(it->plain, buf, len);
	it->plain[len] = '\0';
	it->plainlen = len;
	snprintf(it->kind, sizeof it->kind, "%s",
	    submission_kind_name(p->s.kind));
	snprintf(it->lang, sizeof it->lang, "%s", p->s.lang);
	it->started = (int64_t)p->s.started;
	it->submitted = (int64_t)p->s.submitted;
	goto out;
fail:
	atomic_store(&j->failed, 1);
out:
	sodium_memzero(buf, len);
	submission_parsed_free(&p);
	free(why);
}

static void *
hub_worker(void *arg)
{
	struct hub_job *j = arg;
	uint8_t *buf;
	size_t i, cap = BUNDLE_MAX_ENTRY;

	if ((buf = sodium_malloc(cap)) == NULL) {
		atomic_store(&j->failed, 1);
		return NULL;
	}
	while (!atomic_load(&j->failed) &&
	    (i = atomic_fetch_add(&j->next, 1)) < j->b->n)
		hub_check_one(j, i, buf, cap);
	sodium_free(buf);
	age_thread_cleanup();
	return NULL;
}

static int
hub_nthreads(int want, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int t = want > 0 ? want : (cpus > 0 ? (int)cpus : 1);

	if (t > HUB_MAX_THREADS)
		t = HUB_MAX_THREADS;
	if ((size_t)t > n)
		t = (int)n;
	return t < 1 ? 1 : t;
}

/* Run the workers over every entry; 0 when all passed. */
static int
hub_check_all(struct hub_job *j, int threads)
{
	pthread_t tid[HUB_MAX_THREADS];
	int i, started = 0;

	threads = hub_nthreads(threads, j->b->n);
	for (i = 1; i < threads; i++) {
		if (pthread_create(&tid[i], NULL, hub_worker, j) != 0)
			break;
		started++;
	}
	hub_worker(j);
	for (i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	return atomic_load(&j->failed) ? -1 : 0;
}

/* The enrolled key of device; ERR_NOTFOUND when not enrolled. */
static int
hub_device_key(struct hub *h, const char *device, struct minisign_pubkey *pk,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *v;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT public_key FROM devices WHERE "
	    "key_id = ?1", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (v = sqlite3_column_text(st, 0)) != NULL)
		r = minisign_pubkey_parse((const char *)v,
		    strlen((const char *)v), pk, cause);
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		r = ERR_NOTFOUND;
	else
		r = hub_db_err(h, rc, "reading devices", cause);
	sqlite3_finalize(st);
	return r;
}

/*
 * A bundle's row: 1 with its hash (and previous) when the hub holds
 * device/seq, 0 when not, or an error.
 */
static int
hub_bundle_row(struct hub *h, const char *device, int64_t seq,
    uint8_t hash[32], uint8_t prev[32], int *has_prev, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT hash, previous FROM bundles WHERE "
	    "device = ?1 AND seq = ?2", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r = 1;
		if (sqlite3_column_bytes(st, 0) == 32)
			memcpy(hash, sqlite3_column_blob(st, 0), 32);
		else
			memset(hash, 0, 32);
		*has_prev = sqlite3_column_bytes(st, 1) == 32;
		if (*has_prev)
			memcpy(prev, sqlite3_column_blob(st, 1), 32);
	} else if (rc == SQLITE_DONE)
		r = 0;
	else
		r = hub_db_err(h, rc, "reading bundles", cause);
	sqlite3_finalize(st);
	return r;
}

/* The highest seq below seq the hub holds for device (0 when none). */
static int
hub_prev_seq(struct hub *h, const char *device, int64_t seq, int64_t *outp,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT coalesce(max(seq), 0) FROM bundles "
	    "WHERE device = ?1 AND seq < ?2", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	rc = sqlite3_step(st);
	*outp = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? ERR_OK : hub_db_err(h, rc, "reading "
	    "bundles", cause);
}

/*
 * Where this bundle sits in its device's sequence: ERR_OK to import,
 * ERR_EXISTS when the same bundle is held, ERR_INVALID (a refusal, with
 * *why) when it contradicts what the hub holds; sets res->gap_from.
 */
static int
hub_sequence(struct hub *h, const struct bundle *b,
    struct hub_import_result *res, char **why, char **cause)
{
	const struct bundle_head *bh = &b->head;
	uint8_t hash[32], prev[32];
	int64_t below;
	int has_prev, r;

	r = hub_bundle_row(h, bh->device, bh->seq, hash, prev, &has_prev,
	    cause);
	if (r < 0)
		return r;
	if (r == 1) {
		if (memcmp(hash, b->hash, 32) == 0)
			return ERR_EXISTS;
		return err_set(why, ERR_INVALID, "bundle %" PRId64 " of device "
		    "%s was already imported with different content (a "
		    "replayed or forged bundle, or a device restored from a "
		    "backup)", bh->seq, bh->device);
	}
	if (bh->seq > 1) {
		r = hub_bundle_row(h, bh->device, bh->seq - 1, hash, prev,
		    &has_prev, cause);
		if (r < 0)
			return r;
		if (r == 1 && (!bh->has_previous ||
		    memcmp(hash, bh->previous, 32) != 0))
			return err_set(why, ERR_INVALID, "it does not follow "
			    "bundle %" PRId64 " of device %s as the hub holds "
			    "it (the previous-bundle hash differs)",
			    bh->seq - 1, bh->device);
		if (r == 0) {
			if ((r = hub_prev_seq(h, bh->device, bh->seq, &below,
			    cause)) != 0)
				return r;
			res->gap_from = below + 1;
		}
	}
	r = hub_bundle_row(h, bh->device, bh->seq + 1, hash, prev, &has_prev,
	    cause);
	if (r < 0)
		return r;
	if (r == 1 && (!has_prev || memcmp(prev, b->hash, 32) != 0))
		return err_set(why, ERR_INVALID, "bundle %" PRId64 " of device "
		    "%s, already imported, does not name this one as its "
		    "previous bundle", bh->seq + 1, bh->device);
	return ERR_OK;
}

/* Store the checked items in one transaction; counts into res. */
static int
hub_store(struct hub *h, const struct bundle *b, struct hub_item *items,
    struct receipt *rc_out, struct hub_import_result *res, char **cause)
{
	sqlite3_stmt *ins = NULL, *old = NULL, *bun = NULL;
	const struct bundle_head *bh = &b->head;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	int rc, r;

	if ((r = hub_exec(h, "BEGIN IMMEDIATE", "importing", cause)) != 0)
		return r;
	if ((r = hub_prepare(h, "INSERT OR IGNORE INTO submissions (id, "
	    "device, seq, form, version, kind, language, started, submitted, "
	    "json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &ins,
	    cause)) != 0 ||
	    (r = hub_prepare(h, "SELECT json FROM submissions WHERE id = ?1",
	    &old, cause)) != 0 ||
	    (r = hub_prepare(h, "INSERT INTO bundles (device, seq, hash, "
	    "previous, created, imported, count, stored) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8)", &bun, cause)) != 0)
		goto out;
	for (i = 0; i < b->n; i++) {
		const struct bundle_entry *e = &b->entries[i];
		struct hub_item *it = &items[i];

		sqlite3_bind_text(ins, 1, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, bh->device, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, bh->seq);
		sqlite3_bind_text(ins, 4, e->form, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, e->version, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, it->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, it->lang, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 8, it->started);
		sqlite3_bind_int64(ins, 9, it->submitted);
		sqlite3_bind_text(ins, 10, it->plain, (int)it->plainlen,
		    SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE) {
			r = hub_db_err(h, rc, "storing a submission", cause);
			goto out;
		}
		if (sqlite3_changes(h->db) == 1) {
			res->stored++;
			r = receipt_add_stored(rc_out, e->id);
		} else {
			res->held++;
			sqlite3_bind_text(old, 1, e->id, -1, SQLITE_STATIC);
			if (sqlite3_step(old) == SQLITE_ROW &&
			    ((size_t)sqlite3_column_bytes(old, 0) !=
			    it->plainlen || memcmp(sqlite3_column_text(old, 0),
			    it->plain, it->plainlen) != 0))
				res->conflicts++;
			sqlite3_reset(old);
			r = receipt_add_held(rc_out, e->id);
		}
		if (r != 0)
			goto out;
	}
	sqlite3_bind_text(bun, 1, bh->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(bun, 2, bh->seq);
	sqlite3_bind_blob(bun, 3, b->hash, 32, SQLITE_STATIC);
	if (bh->has_previous)
		sqlite3_bind_blob(bun, 4, bh->previous, 32, SQLITE_STATIC);
	else
		sqlite3_bind_null(bun, 4);
	sqlite3_bind_int64(bun, 5, bh->created);
	sqlite3_bind_int64(bun, 6, now);
	sqlite3_bind_int64(bun, 7, (sqlite3_int64)b->n);
	sqlite3_bind_int64(bun, 8, (sqlite3_int64)res->stored);
	if ((rc = sqlite3_step(bun)) != SQLITE_DONE) {
		r = hub_db_err(h, rc, "recording the bundle", cause);
		goto out;
	}
	r = hub_exec(h, "COMMIT", "importing", cause);
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(old);
	sqlite3_finalize(bun);
	if (r != 0)
		hub_rollback(h);
	return r;
}

/* Every id of the bundle as already held (the same bundle again). */
static int
hub_held_all(const struct bundle *b, struct receipt *rc,
    struct hub_import_result *res)
{
	size_t i;
	int r;

	for (i = 0; i < b->n; i++)
		if ((r = receipt_add_held(rc, b->entries[i].id)) != 0)
			return r;
	res->held = b->n;
	return ERR_OK;
}

/* Write the receipt beside path; failures go into res. */
static void
hub_write_receipt(struct hub *h, const char *path, struct receipt *rc,
    const struct bundle *b, struct hub_import_result *res)
{
	char *dir = NULL, *slash, name[RECEIPT_NAME_SIZE];
	char *why = NULL;

	memcpy(rc->hub, h->info.key_id, BUNDLE_KEYID_SIZE);
	memcpy(rc->device, b->head.device, BUNDLE_KEYID_SIZE);
	rc->seq = b->head.seq;
	memcpy(rc->bundle_hash, b->hash, 32);
	rc->created = (int64_t)time(NULL);
	if ((dir = strdup(path)) == NULL)
		goto out;
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	else
		strcpy(dir, ".");
	receipt_name(b->head.device, b->head.seq, name);
	if (receipt_write(dir, rc, h->sk, &why) == 0)
		res->receipt = file_join(dir, name);
	else
		res->receipt_error = why != NULL ? why : strdup("cannot write");
	why = NULL;
out:
	free(dir);
	free(why);
}

/* A refusal: every id refused with reason, into the receipt. */
static int
hub_refuse(struct hub_import_result *res, const struct bundle *b,
    struct receipt *rc, char *reason)
{
	size_t i;
	int r = ERR_OK;

	res->status = HUB_REFUSED;
	res->reason = reason;
	if (b == NULL || rc == NULL)
		return ERR_OK;
	rc->refused_whole = 1;
	if ((rc->reason = strdup(reason)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < b->n && r == 0; i++)
		r = receipt_add_refused(rc, b->entries[i].id, reason);
	return r;
}

int
hub_import(struct hub *h, const struct hub_forms *forms, const char *path,
    int threads, struct hub_import_result *res, char **cause)
{
	struct minisign_pubkey pk;
	struct hub_job job;
	struct bundle *b = NULL;
	struct receipt *rc = NULL;
	struct hub_item *items = NULL;
	uint8_t *arena = NULL;
	char *data = NULL, *why = NULL;
	size_t len = 0, i, off;
	int r;

	memset(res, 0, sizeof *res);
	memset(&job, 0, sizeof job);
	if (h->sk == NULL || h->ids == NULL)
		return err_set(cause, ERR_NOKEY, "the hub's keys are locked");
	if ((r = file_read(path, BUNDLE_MAX_FILE, &data, &len, &why)) != 0 ||
	    (r = bundle_open(data, len, &b, &why)) != 0) {
		if (r == ERR_NOMEM)
			goto out;
		r = hub_refuse(res, NULL, NULL, why);
		why = NULL;
		goto out;
	}
	memcpy(res->device, b->head.device, BUNDLE_KEYID_SIZE);
	res->seq = b->head.seq;
	res->entries = b->n;
	if ((rc = receipt_new()) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	r = hub_device_key(h, b->head.device, &pk, cause);
	if (r == ERR_NOTFOUND) {
		err_set(&why, ERR_INVALID, "device %s is not enrolled (enrol "
		    "it with: outreach hub enrol PUBKEY)", b->head.device);
		goto refused;
	}
	if (r != 0)
		goto out;
	if (memcmp(&pk, &b->head.device_pk, sizeof pk) != 0) {
		err_set(&why, ERR_INVALID, "the manifest's public key is not "
		    "the one enrolled for device %s", b->head.device);
		goto refused;
	}
	if (bundle_check_signature(b, &pk, &why) != 0)
		goto refused;
	r = hub_sequence(h, b, res, &why, cause);
	if (r == ERR_EXISTS) {
		res->status = HUB_ALREADY;
		res->gap_from = 0;
		if ((r = hub_held_all(b, rc, res)) != 0)
			goto out;
		goto receipt;
	}
	if (r == ERR_INVALID)
		goto refused;
	if (r != 0)
		goto out;

	/* Read every entry (this thread), then check them (the pool). */
	if ((items = calloc(b->n, sizeof *items)) == NULL ||
	    (arena = malloc(len > 0 ? len : 1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0, off = 0; i < b->n; i++) {
		if (bundle_entry_read(b, i, arena + off, len - off,
		    &items[i].ctlen, &why) != 0)
			goto refused;
		items[i].ct = arena + off;
		off += items[i].ctlen;
	}
	submission_alloc_init();	/* main() did; before the threads */
	job.h = h;
	job.forms = forms;
	job.b = b;
	job.items = items;
	atomic_init(&job.next, 0);
	atomic_init(&job.failed, 0);
	if (hub_check_all(&job, threads) != 0) {
		for (i = 0; i < b->n; i++)
			if (items[i].why != NULL)
				break;
		if (i == b->n)
			err_set(&why, ERR_NOMEM, "out of memory");
		else
			err_set(&why, ERR_INVALID, "submission %s: %s",
			    b->entries[i].id, items[i].why);
		goto refused;
	}
	if ((r = hub_store(h, b, items, rc, res, cause)) != 0)
		goto out;
	res->status = HUB_IMPORTED;
	goto receipt;
refused:
	r = hub_refuse(res, b, rc, why);
	why = NULL;
	res->gap_from = 0;
	if (r != 0)
		goto out;
receipt:
	hub_write_receipt(h, path, rc, b, res);
	r = ERR_OK;
out:
	for (i = 0; items != NULL && i < b->n; i++)
		hub_item_clear(&items[i]);
	free(items);
	free(arena);
	receipt_free(&rc);
	bundle_free(&b);
	free(data);
	free(why);
	return r;
}

void
hub_import_result_clear(struct hub_import_result *res)
{
	free(res->reason);
	free(res->receipt);
	free(res->receipt_error);
	memset(res, 0, sizeof *res);
}
