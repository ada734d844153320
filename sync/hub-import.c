/*
 * Importing one bundle into the hub; see hub.h.
 *
 * The checks run from the cheapest and least trusting to the most costly:
 * the archive and manifest (bundle_open), the device's enrolment, the
 * signature with the enrolled key (never the key the manifest carries),
 * the sequence against what the hub holds for that device (hub_sequence:
 * the same bundle again is answered from what is held, without
 * decrypting), every entry's size, then per entry its hash, decryption and
 * the submission's check against its form. Only when all pass is anything
 * written, in one transaction (sync/hub-store.c); a refusal at any step
 * leaves hub.db untouched.
 *
 * Receipts: a bundle whose signature no key could verify gets none (it is
 * reported on the hub's screen only), so nobody can make the hub sign a
 * "refused" receipt over a device's good one; and a refusal never
 * replaces a receipt that says "imported".
 *
 * Entries are read from the zip by this thread and checked by worker
 * threads, one per CPU (decryption is most of an import's time); a worker
 * that finds a bad entry raises a flag and the others stop early.
 * Plaintexts are kept in memory only until they are stored, and wiped
 * when freed. Meanwhile this thread reads and opens the bundle named to
 * come next (hub_import_next) and, when its signature and number let it
 * be imported now, starts checking it ahead (hub_ahead_start): its
 * workers run while this bundle's last entries are checked and while it
 * is stored, so in a run of bundles the CPUs do not wait between two
 * bundles, for the store, nor for the workers to start. At most two
 * bundles are in memory.
 * Nothing is decided about the next bundle until it is imported itself:
 * its signature and number are checked again then, its entries' results
 * are taken only from the bytes read then, and an ahead check that is
 * not used is stopped and wiped.
 */
#include "sync/hub-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/receipt.h"


void
hub_opened_free(struct hub_opened **op)
{
	struct hub_opened *o = *op;

	if (o == NULL)
		return;
	bundle_free(&o->b);
	free(o->data);
	free(o->why);
	free(o->path);
	free(o);
	*op = NULL;
}

/* Read and open the bundle at path; NULL only when out of memory. */
static struct hub_opened *
hub_opened_new(const char *path)
{
	struct hub_opened *o;

	if ((o = calloc(1, sizeof *o)) == NULL ||
	    (o->path = strdup(path)) == NULL) {
		free(o);
		return NULL;
	}
	if ((o->r = file_read(path, BUNDLE_MAX_FILE, &o->data, &o->len,
	    &o->why)) == 0)
		o->r = bundle_open(o->data, o->len, &o->b, &o->why);
	return o;
}

int
hub_import_next(struct hub *h, const char *path)
{
	char *copy = NULL;

	if (path != NULL && (copy = strdup(path)) == NULL)
		return ERR_NOMEM;
	free(h->next);
	h->next = copy;
	return ERR_OK;
}

/* The next bundle, opened while this one's workers run (hub_import_next). */
static void
hub_prefetch(struct hub *h)
{
	if (h->next == NULL || (h->pre != NULL &&
	    strcmp(h->pre->path, h->next) == 0))
		return;
	hub_opened_free(&h->pre);
	h->pre = hub_opened_new(h->next);
}

/* A bundle being checked by the workers. */
struct hub_job {
	struct hub		*h;
	const struct hub_forms	*forms;
	struct bundle		*b;
	struct hub_item		*items;
	size_t			 cap;		/* the largest ciphertext */
	atomic_size_t		 next;
	atomic_int		 failed;
	pthread_t		 tid[HUB_MAX_THREADS];
	int			 started;
};

/* The next bundle, checked ahead while this one is stored. */
struct hub_ahead {
	struct hub_opened	*o;		/* o->b: the bundle */
	const struct hub_forms	*forms;
	struct hub_item		*items;		/* o->b->n of them */
	uint8_t			*arena;		/* their ciphertexts */
	size_t			 n;		/* items */
	size_t			 cap;		/* the largest ciphertext */
	struct hub_job		*job;		/* NULL: to start */
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
hub_check_one(struct hub_job *j, struct hub_check *c, size_t i, uint8_t *buf,
    size_t cap)
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
	if (hub_check_submission(c, j->forms, (const char *)buf, len, e,
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
	struct hub_check *c = NULL;	/* this thread's surveys */
	uint8_t *buf;
	size_t i, cap = j->cap;

	/*
	 * A plaintext is shorter than its ciphertext: a buffer the size of
	 * the largest ciphertext, not BUNDLE_MAX_ENTRY, which sodium_malloc
	 * would fill, lock, wipe and unmap (5 MiB) for every bundle.
	 */
	if ((buf = sodium_malloc(cap)) == NULL || hub_check_new(&c) != 0) {
		if (buf != NULL)
			sodium_free(buf);
		atomic_store(&j->failed, 1);
		return NULL;
	}
	while (!atomic_load(&j->failed) &&
	    (i = atomic_fetch_add(&j->next, 1)) < j->b->n)
		hub_check_one(j, c, i, buf, cap);
	hub_check_free(&c);
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

/*
 * Start the workers over b's entries (items, their ciphertexts read).
 * NULL when out of memory.
 */
static struct hub_job *
hub_job_start(struct hub *h, const struct hub_forms *forms, struct bundle *b,
    struct hub_item *items, size_t cap, int threads)
{
	struct hub_job *j;
	int i;

	if ((j = calloc(1, sizeof *j)) == NULL)
		return NULL;
	j->h = h;
	j->forms = forms;
	j->b = b;
	j->items = items;
	j->cap = cap;
	atomic_init(&j->next, 0);
	atomic_init(&j->failed, 0);
	threads = hub_nthreads(threads, b->n);
	for (i = 0; i < threads; i++) {
		if (pthread_create(&j->tid[i], NULL, hub_worker, j) != 0)
			break;
		j->started++;
	}
	return j;
}

/*
 * Wait for the job's workers, doing what none has taken yet (all of it
 * when none could start), and free it; 0 when every entry passed. stop:
 * the result is not wanted, stop early.
 */
static int
hub_job_finish(struct hub_job **jp, int stop)
{
	struct hub_job *j = *jp;
	int i, failed;

	if (j == NULL)
		return -1;
	if (stop)
		atomic_store(&j->failed, 1);
	if (atomic_load(&j->next) < j->b->n && !atomic_load(&j->failed))
		hub_worker(j);
	for (i = 0; i < j->started; i++)
		pthread_join(j->tid[i], NULL);
	failed = atomic_load(&j->failed);
	free(j);
	*jp = NULL;
	return failed ? -1 : 0;
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
 * Whose signature the manifest carries. ERR_OK: the key enrolled for its
 * device verified it. ERR_INVALID with *why: a refusal; *verifiedp then
 * says whether the bundle's own key at least verified it (a device not
 * enrolled yet, which holds its key: it may be told so in a receipt).
 */
static int
hub_signer(struct hub *h, const struct bundle *b, int *verifiedp, char **why,
    char **cause)
{
	struct minisign_pubkey pk;
	int r;

	*verifiedp = 0;
	r = hub_device_key(h, b->head.device, &pk, cause);
	if (r == ERR_NOTFOUND) {
		*verifiedp = bundle_check_signature(b, &b->head.device_pk,
		    NULL) == 0;
		return err_set(why, ERR_INVALID, "device %s is not enrolled "
		    "(enrol it with: outreach hub enrol PUBKEY)",
		    b->head.device);
	}
	if (r != 0)
		return r;
	if (memcmp(&pk, &b->head.device_pk, sizeof pk) != 0)
		return err_set(why, ERR_INVALID, "the manifest's public key is "
		    "not the one enrolled for device %s", b->head.device);
	if (bundle_check_signature(b, &pk, why) != 0)
		return ERR_INVALID;
	*verifiedp = 1;
	return ERR_OK;
}

/*
 * Write the receipt beside path; failures go into res. A refusal never
 * replaces a receipt there that says the bundle was imported.
 */
static void
hub_write_receipt(struct hub *h, const char *path, struct receipt *rc,
    const struct bundle *b, struct hub_import_result *res)
{
	struct receipt *old = NULL;
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
	if (rc->refused_whole && receipt_load(dir, name, &h->pk, &old,
	    NULL) == 0 && !old->refused_whole) {
		res->receipt_kept = 1;
		goto out;
	}
	if (receipt_write(dir, rc, h->sk, &why) == 0)
		res->receipt = file_join(dir, name);
	else
		res->receipt_error = why != NULL ? why : strdup("cannot write");
	why = NULL;
out:
	receipt_free(&old);
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
	res->gap_from = 0;
	res->fork = 0;
	if (b == NULL || rc == NULL)
		return ERR_OK;
	rc->refused_whole = 1;
	if ((rc->reason = strdup(reason)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < b->n && r == 0; i++)
		r = receipt_add_refused(rc, b->entries[i].id, reason);
	return r;
}

/*
 * Read every entry of bundle b, whose file o holds, into *arenap (this
 * thread), then free the file's bytes (the arena has what is needed);
 * *capp: the largest. ERR_INVALID with *why when one cannot be read.
 * Stored entries (all, as devices write them) are used where they are:
 * the file becomes the arena.
 */
static int
hub_entries_read(struct bundle *b, struct hub_opened *o,
    struct hub_item *items, uint8_t **arenap, size_t *capp, char **why)
{
	size_t i, off, len = o->len;

	*capp = 1;
	for (i = 0; i < b->n && bundle_entry_data(b, i, &items[i].ct,
	    &items[i].ctlen) == 0; i++)
		if (items[i].ctlen > *capp)
			*capp = items[i].ctlen;
	if (i == b->n) {
		bundle_entries_done(b);
		*arenap = (uint8_t *)o->data;
		o->data = NULL;
		return ERR_OK;
	}
	if ((*arenap = malloc(len > 0 ? len : 1)) == NULL)
		return ERR_NOMEM;
	for (i = 0, off = 0; i < b->n; i++) {
		if (bundle_entry_read(b, i, *arenap + off, len - off,
		    &items[i].ctlen, why) != 0)
			return ERR_INVALID;
		items[i].ct = *arenap + off;
		off += items[i].ctlen;
		if (items[i].ctlen > *capp)
			*capp = items[i].ctlen;
	}
	/* Two bundles' files in memory at once (hub_prefetch), not three. */
	bundle_entries_done(b);
	free(o->data);
	o->data = NULL;
	return ERR_OK;
}

/* Why the check failed: the first refused entry's reason, in *why. */
static int
hub_job_why(const struct bundle *b, const struct hub_item *items,
    char **why)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (items[i].why != NULL)
			break;
	if (i == b->n)
		return ERR_NOMEM;
	return err_set(why, ERR_INVALID, "submission %s: %s",
	    b->entries[i].id, items[i].why);
}

void
hub_ahead_free(struct hub_ahead **ap)
{
	struct hub_ahead *a = *ap;
	size_t i;

	if (a == NULL)
		return;
	(void)hub_job_finish(&a->job, 1);
	for (i = 0; a->items != NULL && i < a->n; i++)
		hub_item_clear(&a->items[i]);
	free(a->items);
	free(a->arena);
	hub_opened_free(&a->o);
	free(a);
	*ap = NULL;
}

/*
 * Check the bundle opened next (h->pre) ahead, when its signature and
 * number would let it be imported now; otherwise leave it be. Nothing is
 * decided here (hub_import checks both again).
 */
static void
hub_ahead_start(struct hub *h, const struct hub_forms *forms, int threads)
{
	struct hub_import_result scratch;
	struct hub_ahead *a = NULL;
	struct bundle *b;
	char *why = NULL;
	int verified;

	if (h->ahead != NULL || h->pre == NULL || h->pre->r != 0 ||
	    strcmp(h->pre->path, h->next != NULL ? h->next : "") != 0)
		return;
	b = h->pre->b;
	memset(&scratch, 0, sizeof scratch);
	if (hub_signer(h, b, &verified, &why, NULL) != 0 ||
	    hub_sequence(h, b, &scratch, &why, NULL) != 0 ||
	    (a = calloc(1, sizeof *a)) == NULL ||
	    (a->items = calloc(b->n, sizeof *a->items)) == NULL)
		goto out;
	a->n = b->n;
	if (hub_entries_read(b, h->pre, a->items, &a->arena, &a->cap,
	    &why) != 0) {
		/* Left for hub_import to refuse, from the file. */
		free(a->arena);
		goto out;
	}
	a->o = h->pre;
	h->pre = NULL;
	a->forms = forms;
	a->job = hub_job_start(h, forms, b, a->items, a->cap, threads);
	h->ahead = a;
	a = NULL;
out:
	if (a != NULL)
		free(a->items);
	free(a);
	free(why);
}

/*
 * Check every entry of b (whose file o holds): with the workers started
 * ahead (a), or now. *itemsp, *arenap: Caller frees. ERR_INVALID with
 * *why when one is bad.
 */
static int
hub_check_entries(struct hub *h, const struct hub_forms *forms,
    struct bundle *b, struct hub_opened *o, struct hub_ahead *a, int threads,
    struct hub_item **itemsp, uint8_t **arenap, char **why)
{
	struct hub_job *j = NULL;
	size_t i, cap;
	int r;

	if (a != NULL) {
		*itemsp = a->items;
		a->items = NULL;
		*arenap = a->arena;
		a->arena = NULL;
		j = a->job;
		a->job = NULL;
		cap = a->cap;
	} else if ((*itemsp = calloc(b->n, sizeof **itemsp)) == NULL)
		return ERR_NOMEM;
	else if ((r = hub_entries_read(b, o, *itemsp, arenap, &cap, why)) != 0)
		return r;
	if (j == NULL && (j = hub_job_start(h, forms, b, *itemsp, cap,
	    threads)) == NULL)
		return ERR_NOMEM;
	/*
	 * This thread opens the next bundle meanwhile and, when it may be
	 * imported next, starts its workers too, so that no CPU waits
	 * between this bundle's last entries and its store.
	 */
	hub_prefetch(h);
	hub_ahead_start(h, forms, threads);
	r = hub_job_finish(&j, 0);
	/* The store needs no ciphertext: room for the next bundle's. */
	for (i = 0; i < b->n; i++)
		(*itemsp)[i].ct = NULL;
	free(*arenap);
	*arenap = NULL;
	return r == 0 ? ERR_OK : hub_job_why(b, *itemsp, why);
}

int
hub_import(struct hub *h, const struct hub_forms *forms, const char *path,
    int threads, struct hub_import_result *res, char **cause)
{
	struct bundle *b = NULL;
	struct receipt *rc = NULL;
	struct hub_item *items = NULL;
	struct hub_opened *o = NULL;
	struct hub_ahead *a;
	uint8_t *arena = NULL;
	char *why = NULL;
	size_t i;
	int r, verified;

	memset(res, 0, sizeof *res);
	if (h->sk == NULL || h->ids == NULL)
		return err_set(cause, ERR_NOKEY, "the hub's keys are locked");
	/* Checked ahead or opened while the one before was, or now. */
	a = h->ahead;
	h->ahead = NULL;
	if (a != NULL && (strcmp(a->o->path, path) != 0 || a->forms != forms))
		hub_ahead_free(&a);
	if (a != NULL) {
		o = a->o;
		a->o = NULL;
	} else if (h->pre != NULL && strcmp(h->pre->path, path) == 0) {
		o = h->pre;
		h->pre = NULL;
	} else if ((o = hub_opened_new(path)) == NULL)
		return ERR_NOMEM;
	b = o->b;
	o->b = NULL;
	why = o->why;
	o->why = NULL;
	if ((r = o->r) != 0) {
		if (r == ERR_NOMEM)
			goto out;
		res->untrusted = 1;
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
	/* No receipt for what nobody can be shown to have signed. */
	if ((r = hub_signer(h, b, &verified, &why, cause)) == ERR_INVALID &&
	    !verified) {
		res->untrusted = 1;
		r = hub_refuse(res, NULL, NULL, why);
		why = NULL;
		goto out;
	}
	if (r == ERR_INVALID)
		goto refused;
	if (r != 0)
		goto out;
	if ((r = hub_sequence(h, b, res, &why, cause)) == ERR_EXISTS)
		goto already;
	if (r == ERR_INVALID)
		goto refused;
	if (r != 0)
		goto out;
	if ((r = hub_check_entries(h, forms, b, o, a, threads, &items,
	    &arena, &why)) == ERR_INVALID)
		goto refused;
	if (r != 0)
		goto out;
	/* It checks the sequence again: another run may have meanwhile. */
	if ((r = hub_store(h, b, items, rc, res, &why, cause)) == ERR_EXISTS)
		goto already;
	if (r == ERR_INVALID)
		goto refused;
	if (r != 0)
		goto out;
	res->status = HUB_IMPORTED;
	goto receipt;
already:
	/* The same bundle again (or imported meanwhile by another run). */
	res->status = HUB_ALREADY;
	res->gap_from = 0;
	res->fork = 0;
	if ((r = hub_receipt_again(h, b, rc, res, cause)) != 0)
		goto out;
	goto receipt;
refused:
	r = hub_refuse(res, b, rc, why);
	why = NULL;
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
	hub_ahead_free(&a);
	receipt_free(&rc);
	bundle_free(&b);
	hub_opened_free(&o);
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
