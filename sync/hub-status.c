/*
 * `outreach hub status`: what the hub holds, per device (bundles, the
 * highest number, submissions stored, forks, gaps) and every quarantined
 * submission with both its copies: the one the hub holds and the one set
 * aside. Read-only; see hub.h.
 */
#include "sync/hub-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/sodiumload.h"
#include "sync/hash.h"

void
hub_status_free(struct hub_status_report **rp)
{
	struct hub_status_report *r = *rp;
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->ndevices; i++) {
		free(r->devices[i].forks);
		free(r->devices[i].gaps);
	}
	free(r->devices);
	for (i = 0; i < r->nquarantined; i++)
		for (k = 0; k < 2; k++) {
			free(r->quarantined[i].copy[k].form);
			free(r->quarantined[i].copy[k].version);
			free(r->quarantined[i].copy[k].reason);
		}
	free(r->quarantined);
	free(r);
	*rp = NULL;
}

static char *
hub_status_text(sqlite3_stmt *st, int col)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	return strdup(v != NULL ? (const char *)v : "");
}

/* Grow *v (n items of size sz) by one; NULL when out of memory. */
static void *
hub_status_grow(void *pv, size_t n, size_t sz)
{
	void **v = pv, *nv;

	if ((nv = reallocarray(*v, n + 1, sz)) == NULL)
		return NULL;
	*v = nv;
	memset((char *)nv + n * sz, 0, sz);
	return (char *)nv + n * sz;
}

/* Forks (numbers held more than once) and gaps (numbers never seen). */
static int
hub_status_chain(struct hub *h, struct hub_status_device *d, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t seq, prev = 0, *f;
	struct hub_status_gap *g;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT seq, count(*) FROM bundles WHERE "
	    "device = ?1 GROUP BY seq ORDER BY seq", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, d->key_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		if (seq > prev + 1) {
			if ((g = hub_status_grow(&d->gaps, d->ngaps,
			    sizeof *g)) == NULL) {
				r = ERR_NOMEM;
				break;
			}
			g->from = prev + 1;
			g->to = seq - 1;
			d->ngaps++;
		}
		if (sqlite3_column_int64(st, 1) > 1) {
			if ((f = hub_status_grow(&d->forks, d->nforks,
			    sizeof *f)) == NULL) {
				r = ERR_NOMEM;
				break;
			}
			*f = seq;
			d->nforks++;
		}
		d->bundles += (size_t)sqlite3_column_int64(st, 1);
		d->last_seq = prev = seq;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading bundles", cause);
	sqlite3_finalize(st);
	return r;
}

static int
hub_status_devices(struct hub *h, struct hub_status_report *rep,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	struct hub_status_device *d;
	const unsigned char *id;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT key_id, enrolled, (SELECT count(*) "
	    "FROM submissions s WHERE s.device = key_id), (SELECT count(*) "
	    "FROM quarantine q WHERE q.device = key_id) FROM devices ORDER BY "
	    "key_id", &st, cause)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((d = hub_status_grow(&rep->devices, rep->ndevices,
		    sizeof *d)) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		rep->ndevices++;
		if ((id = sqlite3_column_text(st, 0)) != NULL)
			snprintf(d->key_id, sizeof d->key_id, "%s", id);
		d->enrolled = sqlite3_column_int64(st, 1);
		d->submissions = (size_t)sqlite3_column_int64(st, 2);
		d->quarantined = (size_t)sqlite3_column_int64(st, 3);
		rep->submissions += d->submissions;
		if ((r = hub_status_chain(h, d, cause)) != 0)
			break;
		rep->bundles += d->bundles;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading devices", cause);
	sqlite3_finalize(st);
	return r;
}

/* One copy from columns col.. of st: device, seq, form, version, ... */
static int
hub_status_copy(sqlite3_stmt *st, int col, struct hub_status_copy *c)
{
	const unsigned char *dev = sqlite3_column_text(st, col);
	const unsigned char *json = sqlite3_column_text(st, col + 5);

	c->present = dev != NULL;
	if (!c->present)
		return ERR_OK;
	snprintf(c->device, sizeof c->device, "%s", dev);
	c->seq = sqlite3_column_int64(st, col + 1);
	c->submitted = sqlite3_column_int64(st, col + 4);
	hash_sha256(c->sha256, json != NULL ? json :
	    (const unsigned char *)"", (unsigned long long)
	    sqlite3_column_bytes(st, col + 5));
	if ((c->form = hub_status_text(st, col + 2)) == NULL ||
	    (c->version = hub_status_text(st, col + 3)) == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

static int
hub_status_quarantine(struct hub *h, struct hub_status_report *rep,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	struct hub_status_quarantined *q;
	const unsigned char *id;
	int rc, r;

	if ((r = hub_prepare(h, "SELECT q.id, q.arrived, q.reason, s.device, "
	    "s.seq, s.form, s.version, s.submitted, s.json, q.device, q.seq, "
	    "q.form, q.version, q.submitted, q.json FROM quarantine q LEFT "
	    "JOIN submissions s ON s.id = q.id ORDER BY q.arrived, q.id", &st,
	    cause)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((q = hub_status_grow(&rep->quarantined, rep->nquarantined,
		    sizeof *q)) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		rep->nquarantined++;
		if ((id = sqlite3_column_text(st, 0)) != NULL)
			snprintf(q->id, sizeof q->id, "%s", id);
		q->arrived = sqlite3_column_int64(st, 1);
		if ((q->copy[1].reason = hub_status_text(st, 2)) == NULL ||
		    (r = hub_status_copy(st, 3, &q->copy[0])) != 0 ||
		    (r = hub_status_copy(st, 9, &q->copy[1])) != 0) {
			r = r != 0 ? r : ERR_NOMEM;
			break;
		}
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading the quarantine", cause);
	sqlite3_finalize(st);
	return r;
}

int
hub_status_load(struct hub *h, struct hub_status_report **rp, char **cause)
{
	struct hub_status_report *rep;
	int r;

	*rp = NULL;
	if ((rep = calloc(1, sizeof *rep)) == NULL)
		return ERR_NOMEM;
	/* One read transaction: a consistent picture while imports run. */
	if ((r = hub_exec(h, "BEGIN", "reading", cause)) != 0)
		goto out;
	if ((r = hub_status_devices(h, rep, cause)) == 0)
		r = hub_status_quarantine(h, rep, cause);
	hub_exec(h, "COMMIT", "reading", NULL);
out:
	if (r != 0)
		hub_status_free(&rep);
	*rp = rep;
	return r;
}
