/*
 * Every receipt of this device in a folder; see receipt-dir.h.
 */
#include "sync/receipt-dir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"

/* This device's receipt names in a folder, sorted. */
struct receipt_dir_names {
	char	**v;
	size_t	  n;
};

static int
receipt_dir_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
receipt_dir_names_free(struct receipt_dir_names *sn)
{
	size_t i;

	for (i = 0; i < sn->n; i++)
		free(sn->v[i]);
	free(sn->v);
	memset(sn, 0, sizeof *sn);
}

static int
receipt_dir_list(const char *dir, const char *device,
    struct receipt_dir_names *sn, struct receipt_dir_result *res,
    char **cause)
{
	char **nv, dev[BUNDLE_KEYID_SIZE];
	struct dirent *de;
	int64_t seq;
	DIR *d;
	int r = ERR_OK;

	memset(sn, 0, sizeof *sn);
	if ((d = opendir(dir)) == NULL)
		return err_set(cause, ERR_NOTFOUND, "cannot open the folder "
		    "%s", dir);
	while ((de = readdir(d)) != NULL) {
		if (receipt_name_parse(de->d_name, dev, &seq) != 0)
			continue;
		if (strcmp(dev, device) != 0) {
			res->others++;
			continue;
		}
		if (sn->n >= RECEIPT_DIR_MAX) {
			res->limited = 1;
			continue;
		}
		if ((nv = reallocarray(sn->v, sn->n + 1, sizeof *nv)) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		sn->v = nv;
		if ((sn->v[sn->n] = strdup(de->d_name)) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		sn->n++;
	}
	closedir(d);
	if (sn->n > 0)
		qsort(sn->v, sn->n, sizeof *sn->v, receipt_dir_name_cmp);
	return r;
}

/* Apply one verified receipt: the event's verdict and counts. */
static void
receipt_dir_one(struct outbox *ob, const struct receipt *rc,
    struct receipt_dir_event *e, char **cause)
{
	struct outbox_bundle b;
	const char **ids = NULL;
	size_t i, n = 0;
	int r;

	e->seq = rc->seq;
	if (outbox_bundle_get(ob, rc->seq, &b, NULL) != 0) {
		e->verdict = RECEIPT_DIR_BAD;
		e->unknown_bundle = 1;
		return;
	}
	if (memcmp(b.hash, rc->bundle_hash, BUNDLE_HASH_BYTES) != 0) {
		/* A restored or cloned copy of this device wrote that one. */
		e->verdict = RECEIPT_DIR_OTHER_COPY;
		return;
	}
	if (rc->refused_whole) {
		e->verdict = RECEIPT_DIR_REFUSED_WHOLE;
		return;
	}
	e->verdict = RECEIPT_DIR_FAILED;
	if ((ids = calloc(rc->nstored + rc->nheld + 1, sizeof *ids)) == NULL)
		return;
	for (i = 0; i < rc->nstored; i++)
		ids[n++] = rc->stored[i];
	for (i = 0; i < rc->nheld; i++)
		ids[n++] = rc->held[i];
	r = outbox_purge(ob, rc->seq, ids, n, (int64_t)time(NULL), &e->pr,
	    cause);
	free(ids);
	if (r == 0)
		e->verdict = RECEIPT_DIR_APPLIED;
}

int
receipt_dir_apply(struct outbox *ob, const char *device,
    const struct minisign_pubkey *hub, const char *dir, receipt_dir_fn fn,
    void *arg, struct receipt_dir_result *res, char **cause)
{
	struct receipt_dir_names sn;
	struct receipt_dir_event e;
	struct receipt *rc = NULL;
	char *why = NULL;
	size_t i;
	int r;

	memset(res, 0, sizeof *res);
	if ((r = receipt_dir_list(dir, device, &sn, res, cause)) != ERR_OK)
		goto out;
	res->found = sn.n;
	for (i = 0; i < sn.n; i++) {
		memset(&e, 0, sizeof e);
		e.name = sn.v[i];
		if ((r = receipt_load(dir, sn.v[i], hub, &rc, &why)) != 0) {
			e.verdict = RECEIPT_DIR_BAD;
			e.why = why != NULL ? why : err_str(r);
		} else {
			e.rc = rc;
			receipt_dir_one(ob, rc, &e, &why);
			e.why = why;
		}
		switch (e.verdict) {
		case RECEIPT_DIR_APPLIED:
			res->purged += e.pr.purged;
			res->applied++;
			break;
		case RECEIPT_DIR_REFUSED_WHOLE:
			res->applied++;
			break;
		case RECEIPT_DIR_OTHER_COPY:
			res->copies++;
			break;
		case RECEIPT_DIR_BAD:
		case RECEIPT_DIR_FAILED:
			res->refused++;
			break;
		}
		if (fn != NULL)
			fn(arg, &e);
		receipt_free(&rc);
		free(why);
		why = NULL;
	}
	r = ERR_OK;
out:
	receipt_dir_names_free(&sn);
	return r;
}
