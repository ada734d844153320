/*
 * Checking a bundle's entries on worker threads, and storing them in
 * order as they pass; see hub-int.h and sync/hub-import.c, which starts
 * and ends the jobs.
 *
 * Each entry is checked once, by whichever thread takes it next
 * (hub_job_take): its hash against the signed manifest, its decryption
 * with the hub's identities, then the submission against its form. A
 * refused entry raises the job's flag and every thread stops taking
 * more. The thread that stores (hub_job_store) stores entry after entry
 * in their order as each is done, and takes entries to check itself
 * while the next to store is not done; with nothing left to take, it
 * sleeps until all are.
 */
#include "sync/hub-int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/sodiumload.h"
#include "sync/age.h"

/*
 * A bundle being checked by the workers. An item is done[i] once checked
 * (passed or not), and ndone counts them; the thread storing the items in
 * order, when the next is not done and none is left to take, sleeps on
 * cv until every item is done (or one was refused): the last few are in
 * the workers' hands, and one wake-up a bundle costs less than one an
 * item.
 */
struct hub_job {
	struct hub		*h;
	const struct hub_forms	*forms;
	struct bundle		*b;
	struct hub_item		*items;
	atomic_uchar		*done;		/* b->n of them */
	size_t			 cap;		/* the largest ciphertext */
	atomic_size_t		 next;
	atomic_int		 failed;
	atomic_size_t		 ndone;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	pthread_t		 tid[HUB_MAX_THREADS];
	int			 started;
};

/* Wipe and free an item's plaintext. */
static void
hub_item_drop_plain(struct hub_item *it)
{
	if (it->plain != NULL) {
		sodium_memzero(it->plain, it->plainlen);
		free(it->plain);
		it->plain = NULL;
	}
}

void
hub_item_clear(struct hub_item *it)
{
	hub_item_drop_plain(it);
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

/* A thread's means to check: a plaintext buffer and its surveys. */
struct hub_checker {
	struct hub_check	*c;
	uint8_t			*buf;
	size_t			 cap;
	uint64_t		 forms;		/* hub_forms_serial of c's */
};

/*
 * Make k (zeroed, or made before) ready to check the entries of a
 * bundle whose largest ciphertext is cap, with forms: its surveys are
 * kept by form, so never from another set of forms; its buffer grows
 * when a bundle needs more. A plaintext is shorter than its ciphertext:
 * a buffer the size of the largest ciphertext, not BUNDLE_MAX_ENTRY,
 * which sodium_malloc would fill, lock, wipe and unmap (5 MiB).
 */
static int
hub_checker_ready(struct hub_checker *k, const struct hub_forms *forms,
    size_t cap)
{
	if (k->c != NULL && k->forms != hub_forms_serial(forms))
		hub_check_free(&k->c);
	if (k->c == NULL) {
		if (hub_check_new(&k->c) != 0)
			return ERR_NOMEM;
		k->forms = hub_forms_serial(forms);
	}
	if (k->cap < cap) {
		if (k->buf != NULL)
			sodium_free(k->buf);
		k->cap = 0;
		if ((k->buf = sodium_malloc(cap)) == NULL)
			return ERR_NOMEM;
		k->cap = cap;
	}
	return ERR_OK;
}

static void
hub_checker_fini(struct hub_checker *k)
{
	hub_check_free(&k->c);
	if (k->buf != NULL)
		sodium_free(k->buf);
	k->buf = NULL;
	age_thread_cleanup();
}

/* Wake the storing thread (hub_job_store) if it sleeps on the job. */
static void
hub_job_wake(struct hub_job *j)
{
	pthread_mutex_lock(&j->mu);
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

/*
 * Check the next entry nobody has taken, if any (0: none left, or a
 * refusal stopped the job), and say it is done.
 */
static int
hub_job_take(struct hub_job *j, struct hub_checker *k)
{
	size_t i;

	if (atomic_load(&j->failed) ||
	    (i = atomic_fetch_add(&j->next, 1)) >= j->b->n)
		return 0;
	hub_check_one(j, k->c, i, k->buf, k->cap);
	/*
	 * The last item done, or a refusal, wakes the storing thread. It
	 * reads ndone and failed holding mu, and this thread takes mu to
	 * wake it: it either sees the count (or flag) or is woken.
	 */
	atomic_store(&j->done[i], 1);
	if (atomic_fetch_add(&j->ndone, 1) + 1 == j->b->n ||
	    atomic_load(&j->failed))
		hub_job_wake(j);
	return 1;
}

static void *
hub_worker(void *arg)
{
	struct hub_job *j = arg;
	struct hub_checker k = { NULL, NULL, 0, 0 };

	if (hub_checker_ready(&k, j->forms, j->cap) != 0) {
		atomic_store(&j->failed, 1);
		hub_job_wake(j);
	} else
		while (hub_job_take(j, &k))
			;
	hub_checker_fini(&k);
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
struct hub_job *
hub_job_start(struct hub *h, const struct hub_forms *forms, struct bundle *b,
    struct hub_item *items, size_t cap, int threads)
{
	struct hub_job *j;
	size_t i;
	int t;

	if ((j = calloc(1, sizeof *j)) == NULL)
		return NULL;
	if ((j->done = malloc(b->n > 0 ? b->n : 1)) == NULL) {
		free(j);
		return NULL;
	}
	for (i = 0; i < b->n; i++)
		atomic_init(&j->done[i], 0);
	j->h = h;
	j->forms = forms;
	j->b = b;
	j->items = items;
	j->cap = cap;
	atomic_init(&j->next, 0);
	atomic_init(&j->failed, 0);
	atomic_init(&j->ndone, 0);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	threads = hub_nthreads(threads, b->n);
	for (t = 0; t < threads; t++) {
		if (pthread_create(&j->tid[t], NULL, hub_worker, j) != 0)
			break;
		j->started++;
	}
	return j;
}

/*
 * The storing thread's means to check, kept in the hub from one bundle
 * to the next with its surveys (made once there is an entry to take);
 * NULL when out of memory. hub_job_checker_free wipes and frees it.
 */
static struct hub_checker *
hub_job_checker(struct hub *h, const struct hub_forms *forms, size_t cap)
{
	if (h->checker == NULL &&
	    (h->checker = calloc(1, sizeof *h->checker)) == NULL)
		return NULL;
	return hub_checker_ready(h->checker, forms, cap) == 0 ? h->checker :
	    NULL;
}

void
hub_job_checker_free(struct hub *h)
{
	struct hub_checker *k = h->checker;

	if (k == NULL)
		return;
	hub_checker_fini(k);
	free(k);
	h->checker = NULL;
}

/*
 * Store the job's items in order as they are checked (s), and check with
 * the workers whenever the next to store is not done yet: the store runs
 * while the workers check, not after them. ERR_INVALID: an entry was
 * refused (the job is failed); else the store's failure, or ERR_OK when
 * every item is stored. Each plaintext is wiped and freed once stored.
 * poll(arg), until it returns 1, lets the caller start work of its own as
 * soon as it can (hub-import.c: the next bundle's check, once a thread has
 * opened it).
 */
int
hub_job_store(struct hub_job *j, struct hub_storing *s, struct receipt *rc,
    struct hub_import_result *res, int (*poll)(void *), void *arg,
    char **cause)
{
	struct hub_checker *k = NULL;
	struct hub_item *it;
	size_t next = 0;
	int r = ERR_OK;

	while (next < j->b->n) {
		if (poll != NULL && poll(arg))
			poll = NULL;
		if (atomic_load(&j->done[next])) {
			it = &j->items[next];
			if (it->plain == NULL) {	/* refused */
				r = ERR_INVALID;
				break;
			}
			if ((r = hub_store_item(s, next, it, rc, res,
			    cause)) != 0)
				break;
			hub_item_drop_plain(it);
			next++;
			continue;
		}
		if (atomic_load(&j->failed)) {
			r = ERR_INVALID;
			break;
		}
		if (atomic_load(&j->next) < j->b->n) {
			if (k == NULL && (k = hub_job_checker(j->h,
			    j->forms, j->cap)) == NULL) {
				r = ERR_NOMEM;
				break;
			}
			if (hub_job_take(j, k))
				continue;
		}
		pthread_mutex_lock(&j->mu);
		while (atomic_load(&j->ndone) < j->b->n &&
		    !atomic_load(&j->failed))
			pthread_cond_wait(&j->cv, &j->mu);
		pthread_mutex_unlock(&j->mu);
	}
	return r;
}

/*
 * Stop the job's workers taking entries (those nobody took are left
 * unchecked), wait for them and free the job.
 */
void
hub_job_finish(struct hub_job **jp)
{
	struct hub_job *j = *jp;
	int i;

	if (j == NULL)
		return;
	atomic_store(&j->failed, 1);
	for (i = 0; i < j->started; i++)
		pthread_join(j->tid[i], NULL);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j->done);
	free(j);
	*jp = NULL;
}

