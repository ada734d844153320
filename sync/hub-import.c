/*
 * Importing one bundle into the hub; see hub.h.
 *
 * The checks run from the cheapest and least trusting to the most costly:
 * the archive and manifest (bundle_open), the device's enrolment, the
 * signature with the enrolled key (never the key the manifest carries),
 * the sequence against what the hub holds for that device (hub_sequence:
 * the same bundle again is answered from what is held, without
 * decrypting), every entry's size, then per entry its hash, decryption and
 * the submission's check against its form. Entries are stored in one
 * transaction (sync/hub-store.c) as they pass, in their order, and it is
 * committed only when all have passed; a refusal at any step rolls it
 * back and leaves hub.db untouched.
 *
 * Receipts: a bundle whose signature no key could verify gets none (it is
 * reported on the hub's screen only), so nobody can make the hub sign a
 * "refused" receipt over a device's good one; and a refusal never
 * replaces a receipt that says "imported".
 *
 * Entries are read from the zip by this thread and checked by worker
 * threads, one per CPU (decryption is most of an import's time); a worker
 * that finds a bad entry raises a flag and the others stop early. This
 * thread stores each checked entry in order as soon as it is done, and
 * checks entries itself while the next to store is not done
 * (hub_job_store), so the store runs beside the checks rather than after
 * them. Plaintexts are kept in memory only until they are stored, and
 * wiped when freed. Meanwhile a thread of its own reads and opens the
 * bundle named to come next (hub_import_next, hub_prefetch) and, as soon
 * as it is open and its signature and number let it be imported now, this
 * thread starts checking it ahead (hub_ahead_start): its workers run while
 * this bundle's last entries are checked and stored, so in a run of
 * bundles the CPUs do not wait between two bundles, nor for the workers
 * to start, nor for this thread to open the next. At most two bundles are
 * in memory. The hub's write lock is held while a bundle is checked and
 * stored: another import into the same hub waits for it (up to
 * HUB_BUSY_MS).
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

#include "content/err.h"
#include "content/fileio.h"
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

/*
 * The next bundle (hub_import_next), read and opened by a thread of its
 * own while this thread stores (file_read and bundle_open touch nothing
 * of the hub's): its entries are checked ahead (hub_ahead_start) as soon
 * as it is open, not once this thread has found time to open it. The
 * thread lives as long as the hub, so that one malloc arena holds every
 * bundle's file in turn: its pages are reused, not faulted in again for
 * each bundle, and the memory held stays that of two bundles.
 */
struct hub_fetch {
	pthread_t		 tid;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	char			*path;	/* asked for, until open */
	struct hub_opened	*o;	/* its result; NULL: no memory */
	int			 pending; /* asked for, not yet taken */
	int			 stop;
	atomic_int		 done;	/* o is there */
};

static void *
hub_fetch_run(void *arg)
{
	struct hub_fetch *f = arg;
	struct hub_opened *o;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (f->path == NULL && !f->stop)
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->stop)
			break;
		pthread_mutex_unlock(&f->mu);
		o = hub_opened_new(f->path);
		pthread_mutex_lock(&f->mu);
		free(f->path);
		f->path = NULL;
		f->o = o;
		atomic_store(&f->done, 1);
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

int
hub_fetching(const struct hub *h)
{
	return h->fetch != NULL && h->fetch->pending;
}

void
hub_fetch_join(struct hub *h)
{
	struct hub_fetch *f = h->fetch;
	struct hub_opened *o;

	if (f == NULL || !f->pending)
		return;
	pthread_mutex_lock(&f->mu);
	while (!atomic_load(&f->done))
		pthread_cond_wait(&f->cv, &f->mu);
	o = f->o;
	f->o = NULL;
	atomic_store(&f->done, 0);
	f->pending = 0;
	pthread_mutex_unlock(&f->mu);
	hub_opened_free(&h->pre);
	h->pre = o;
}

void
hub_fetch_end(struct hub *h)
{
	struct hub_fetch *f = h->fetch;

	if (f == NULL)
		return;
	hub_fetch_join(h);
	pthread_mutex_lock(&f->mu);
	f->stop = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->tid, NULL);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f);
	h->fetch = NULL;
}

/* Ask the thread (started now if need be) for h->next. */
static void
hub_prefetch(struct hub *h)
{
	struct hub_fetch *f;
	char *path;

	hub_fetch_join(h);
	if (h->next == NULL || (h->pre != NULL &&
	    strcmp(h->pre->path, h->next) == 0))
		return;
	hub_opened_free(&h->pre);
	/* Without the thread, hub_import opens the bundle itself. */
	if ((f = h->fetch) == NULL) {
		if ((f = calloc(1, sizeof *f)) == NULL)
			return;
		pthread_mutex_init(&f->mu, NULL);
		pthread_cond_init(&f->cv, NULL);
		atomic_init(&f->done, 0);
		if (pthread_create(&f->tid, NULL, hub_fetch_run, f) != 0) {
			pthread_mutex_destroy(&f->mu);
			pthread_cond_destroy(&f->cv);
			free(f);
			return;
		}
		h->fetch = f;
	}
	if ((path = strdup(h->next)) == NULL)
		return;
	pthread_mutex_lock(&f->mu);
	f->path = path;
	f->pending = 1;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

int
hub_import_next(struct hub *h, const char *path)
{
	char *copy = NULL;

	if (path != NULL && (copy = strdup(path)) == NULL)
		return ERR_NOMEM;
	free(h->next);
	h->next = copy;
	/* Before the first import: read it while the caller gets ready. */
	if (h->ahead == NULL && h->pre == NULL && !hub_fetching(h))
		hub_prefetch(h);
	return ERR_OK;
}

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
	hub_job_finish(&a->job);
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

/* hub_job_store's poll: start the next bundle's check once it is open. */
struct hub_poll {
	struct hub		*h;
	const struct hub_forms	*forms;
	int			 threads;
};

static int
hub_ready(void *arg)
{
	struct hub_poll *p = arg;

	if (hub_fetching(p->h) && !atomic_load(&p->h->fetch->done))
		return 0;
	hub_fetch_join(p->h);
	hub_ahead_start(p->h, p->forms, p->threads);
	return 1;
}

/*
 * Check every entry of b (whose file o holds), with the workers started
 * ahead (a) or now, and store each as soon as it and those before it
 * have passed, in one transaction (sync/hub-store.c) that is committed
 * only when every entry passed: a bundle is stored whole or not at all.
 * *itemsp, *arenap: Caller frees. ERR_INVALID with *why when an entry is
 * bad or the sequence refuses it now, ERR_EXISTS when another import has
 * stored it meanwhile: nothing is stored then.
 */
static int
hub_check_store(struct hub *h, const struct hub_forms *forms,
    struct bundle *b, struct hub_opened *o, struct hub_ahead *a, int threads,
    struct hub_item **itemsp, uint8_t **arenap, struct receipt *rc,
    struct hub_import_result *res, char **why, char **cause)
{
	struct hub_storing *s = NULL;
	struct hub_job *j = NULL;
	struct hub_poll poll;
	size_t i, cap;
	int r, end;

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
	 * A thread opens the next bundle meanwhile and, when it may be
	 * imported next, its workers start as soon as it is open (hub_ready,
	 * between two stored entries, or after the last), so that no CPU
	 * waits between this bundle's last entries and the next's first.
	 */
	hub_prefetch(h);
	poll.h = h;
	poll.forms = forms;
	poll.threads = threads;
	if ((r = hub_store_begin(h, b, res, &s, why, cause)) == 0)
		r = hub_job_store(j, s, rc, res, hub_ready, &poll, cause);
	/*
	 * Opened since the last entry was stored: its check starts now, while
	 * this bundle is committed. Still being opened: it is not waited for
	 * (the commit runs meanwhile); the next hub_import takes it.
	 */
	(void)hub_ready(&poll);
	hub_job_finish(&j);
	/* No ciphertext is needed any more: room for the next bundle's. */
	for (i = 0; i < b->n; i++)
		(*itemsp)[i].ct = NULL;
	free(*arenap);
	*arenap = NULL;
	if (r == ERR_INVALID && s != NULL)	/* an entry was refused */
		r = hub_job_why(b, *itemsp, why);
	end = hub_store_end(&s, r == 0, res, cause);
	return r != 0 ? r : end;
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
	hub_fetch_join(h);
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
	/* It checks the sequence again: another run may have meanwhile. */
	r = hub_check_store(h, forms, b, o, a, threads, &items, &arena, rc,
	    res, &why, cause);
	if (r == ERR_EXISTS || r == ERR_INVALID) {
		/* Nothing of it is stored: nor is anything in its receipt. */
		receipt_free(&rc);
		res->stored = res->held = res->quarantined = 0;
		if ((rc = receipt_new()) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
	}
	if (r == ERR_EXISTS)
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
