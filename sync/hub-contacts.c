/*
 * Requests to be contacted at the hub (`outreach hub contacts`): listed
 * and exported for the council's front door, and purged for good when
 * the pack's retention says so. They live in their own table (hub.h,
 * "contacts"), which no export or report of answers reads.
 *
 * The export is a CSV (Excel-friendly, CRLF) written 0600 under a
 * temporary name, synced and renamed; only then are its rows marked
 * exported. Every field goes through the answers' CSV writer, so a value
 * a spreadsheet would run as a formula is never written raw. The columns
 * are id, date, venue, language, form, first_exported, then each answer
 * by its name, in the order the requests first give them.
 *
 * A purge wipes a request's plaintext (json NULL) with SQLite's
 * secure_delete on, so the freed bytes are zeroed, deletes the copies in
 * quarantine, then checkpoints and truncates the WAL, where older pages
 * would otherwise linger. The id, device and hash stay: a bundle
 * imported again is still "held", and its request is not stored again.
 */
#include "sync/hubexport-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/sodiumload.h"
#include "content/utf8.h"

#define HUB_CONTACTS_MAX_KEYS	256

/* "2026-12-06" of a Unix time (UTC). */
static void
hub_contacts_day(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		snprintf(out, 11, "?");
}

/* A string field of o, or "". */
static const char *
hub_contacts_str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "";
}

/* The rows: not purged, oldest first; all, or only those not exported. */
static int
hub_contacts_query(struct hub *h, int all, sqlite3_stmt **stp, char **cause)
{
	return hub_prepare(h, all ? "SELECT id, day, language, form, "
	    "exported, json FROM contacts WHERE json IS NOT NULL ORDER BY "
	    "day, id" : "SELECT id, day, language, form, exported, json FROM "
	    "contacts WHERE json IS NOT NULL AND exported IS NULL ORDER BY "
	    "day, id", stp, cause);
}

/* Parse a stored request; NULL when damaged. */
static json_t *
hub_contacts_json(sqlite3_stmt *st)
{
	const char *text = (const char *)sqlite3_column_text(st, 5);

	return text != NULL ? json_loadb(text, (size_t)sqlite3_column_bytes(
	    st, 5), 0, NULL) : NULL;
}

int
hub_contacts_list(struct hub *h, FILE *out, size_t *np, char **cause)
{
	sqlite3_stmt *st = NULL;
	json_t *root, *answers, *v;
	const char *key;
	char day[11], *clean;
	int rc, r;

	*np = 0;
	if ((r = hub_contacts_query(h, 1, &st, cause)) != 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((root = hub_contacts_json(st)) == NULL)
			continue;
		hub_contacts_day(sqlite3_column_int64(st, 1), day);
		clean = utf8_sanitize(hub_contacts_str(json_object_get(root,
		    "session"), "venue"), strlen(hub_contacts_str(
		    json_object_get(root, "session"), "venue")), 0);
		fprintf(out, "%s  %s  %s  %s%s%s\n", day,
		    sqlite3_column_type(st, 4) == SQLITE_NULL ? "new     " :
		    "exported", (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 2),
		    clean != NULL && *clean != '\0' ? "  " : "",
		    clean != NULL ? clean : "");
		free(clean);
		answers = json_object_get(root, "answers");
		json_object_foreach(answers, key, v) {
			if (!json_is_string(v))
				continue;
			clean = utf8_sanitize(json_string_value(v),
			    json_string_length(v), 0);
			fprintf(out, "    %s: %s\n", key, clean != NULL ? clean :
			    "?");
			free(clean);
		}
		json_decref(root);
		(*np)++;
	}
	if (rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading contacts", cause);
	sqlite3_finalize(st);
	return r;
}

/*
 * The answers' names: each request gives its own in its form's order, so
 * a name not seen before goes just after the one its request gave before
 * it; whatever order the requests come in, one form's names keep its
 * order.
 */
static int
hub_contacts_keys(struct hub *h, int all, char ***keysp, size_t *np,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	json_t *root, *v;
	const char *key;
	char **keys = NULL, **nk, *dup;
	size_t n = 0, i, at;
	int rc, r;

	*keysp = NULL;
	*np = 0;
	if ((r = hub_contacts_query(h, all, &st, cause)) != 0)
		return r;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((root = hub_contacts_json(st)) == NULL)
			continue;
		at = 0;
		json_object_foreach(json_object_get(root, "answers"), key, v) {
			if (!json_is_string(v))
				continue;
			for (i = 0; i < n && strcmp(keys[i], key) != 0; i++)
				;
			if (i < n) {
				at = i + 1;
				continue;
			}
			if (n >= HUB_CONTACTS_MAX_KEYS)
				continue;
			if ((nk = reallocarray(keys, n + 1, sizeof *nk)) ==
			    NULL) {
				r = ERR_NOMEM;
				break;
			}
			keys = nk;
			if ((dup = strdup(key)) == NULL) {
				r = ERR_NOMEM;
				break;
			}
			memmove(&keys[at + 1], &keys[at], (n - at) *
			    sizeof *keys);
			keys[at++] = dup;
			n++;
		}
		json_decref(root);
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading contacts", cause);
	sqlite3_finalize(st);
	if (r != 0) {
		for (i = 0; i < n; i++)
			free(keys[i]);
		free(keys);
		return r;
	}
	*keysp = keys;
	*np = n;
	return ERR_OK;
}

/* One request's row. */
static void
hub_contacts_row(sqlite3_stmt *st, json_t *root, char *const *keys,
    size_t nkeys, struct buf *b)
{
	json_t *answers = json_object_get(root, "answers");
	char day[11], first[11] = "";
	size_t i;

	hub_contacts_day(sqlite3_column_int64(st, 1), day);
	if (sqlite3_column_type(st, 4) != SQLITE_NULL)
		hub_contacts_day(sqlite3_column_int64(st, 4), first);
	hx_csv_field(b, (const char *)sqlite3_column_text(st, 0), 0);
	buf_addch(b, ',');
	hx_csv_field(b, day, 0);
	buf_addch(b, ',');
	hx_csv_field(b, hub_contacts_str(json_object_get(root, "session"),
	    "venue"), 0);
	buf_addch(b, ',');
	hx_csv_field(b, (const char *)sqlite3_column_text(st, 2), 0);
	buf_addch(b, ',');
	hx_csv_field(b, (const char *)sqlite3_column_text(st, 3), 0);
	buf_addch(b, ',');
	hx_csv_field(b, first, 0);
	for (i = 0; i < nkeys; i++) {
		buf_addch(b, ',');
		hx_csv_field(b, hub_contacts_str(answers, keys[i]), 0);
	}
	buf_addstr(b, "\r\n");
}

/* The CSV of the requests into b; their ids into *idsp (Caller frees). */
static int
hub_contacts_csv(struct hub *h, int all, struct buf *b, char ***idsp,
    size_t *np, char **cause)
{
	static const char *const head[] = { "id", "date", "venue",
	    "language", "form", "first_exported" };
	sqlite3_stmt *st = NULL;
	json_t *root;
	char **keys = NULL, **ids = NULL, **ni;
	size_t nkeys = 0, n = 0, i;
	int rc = SQLITE_DONE, r;

	if ((r = hub_contacts_keys(h, all, &keys, &nkeys, cause)) != 0)
		return r;
	for (i = 0; i < sizeof head / sizeof head[0] + nkeys; i++) {
		if (i > 0)
			buf_addch(b, ',');
		hx_csv_field(b, i < sizeof head / sizeof head[0] ? head[i] :
		    keys[i - sizeof head / sizeof head[0]], 0);
	}
	buf_addstr(b, "\r\n");
	if ((r = hub_contacts_query(h, all, &st, cause)) != 0)
		goto out;
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((root = hub_contacts_json(st)) == NULL)
			continue;
		hub_contacts_row(st, root, keys, nkeys, b);
		json_decref(root);
		if ((ni = reallocarray(ids, n + 1, sizeof *ni)) == NULL ||
		    (ni[n] = strdup((const char *)sqlite3_column_text(st,
		    0))) == NULL) {
			if (ni != NULL)
				ids = ni;
			r = ERR_NOMEM;
			break;
		}
		ids = ni;
		n++;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading contacts", cause);
	if (r == 0 && buf_failed(b))
		r = ERR_NOMEM;
out:
	sqlite3_finalize(st);
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	if (r != 0) {
		for (i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
		return r;
	}
	*idsp = ids;
	*np = n;
	return ERR_OK;
}

/* Write len bytes to path, 0600, durably: a temporary name, then rename. */
static int
hub_contacts_write(const char *path, const char *data, size_t len,
    char **cause)
{
	char *tmp = NULL;
	size_t off = 0;
	ssize_t w;
	int fd = -1, r = ERR_OK;

	if (asprintf(&tmp, "%s.tmp", path) == -1)
		return ERR_NOMEM;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1 || fchmod(fd, 0600) == -1)
		goto fail;
	while (off < len) {
		if ((w = write(fd, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	goto out;
fail:
	r = err_set(cause, err_from_errno(errno), "%s: %s", path,
	    strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	return r;
}

/* Mark ids exported at now (only those never exported before). */
static int
hub_contacts_mark(struct hub *h, char *const *ids, size_t n, int64_t now,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = SQLITE_DONE, r;

	if ((r = hub_exec(h, "BEGIN IMMEDIATE", "marking contacts",
	    cause)) != 0)
		return r;
	if ((r = hub_prepare(h, "UPDATE contacts SET exported = ?2 WHERE "
	    "id = ?1 AND exported IS NULL", &st, cause)) != 0)
		goto out;
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "marking contacts", cause);
	else
		r = hub_exec(h, "COMMIT", "marking contacts", cause);
out:
	sqlite3_finalize(st);
	if (r != 0)
		hub_rollback(h);
	return r;
}

int
hub_contacts_export(struct hub *h, const char *path, int all, size_t *np,
    char **cause)
{
	struct buf b = BUF_INIT;
	char **ids = NULL;
	size_t n = 0, i;
	int r;

	*np = 0;
	if ((r = hub_contacts_csv(h, all, &b, &ids, &n, cause)) != 0)
		goto out;
	if ((r = hub_contacts_write(path, buf_str(&b), b.len, cause)) != 0)
		goto out;
	if ((r = hub_contacts_mark(h, ids, n, (int64_t)time(NULL),
	    cause)) != 0)
		goto out;
	*np = n;
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	/* The buffer held what people wrote about themselves. */
	if (b.cap > 0)
		sodium_memzero(b.data, b.cap);
	buf_free(&b);
	return r;
}

int
hub_contacts_purge(struct hub *h, int days, size_t *np, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t cutoff = (int64_t)time(NULL) - (int64_t)days * 86400;
	int rc, r;

	*np = 0;
	if ((r = hub_exec(h, "PRAGMA secure_delete = ON; BEGIN IMMEDIATE",
	    "purging contacts", cause)) != 0)
		return r;
	if ((r = hub_prepare(h, "UPDATE contacts SET json = NULL, purged = ?1 "
	    "WHERE json IS NOT NULL AND day <= ?2", &st, cause)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 2, cutoff);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		r = hub_db_err(h, rc, "purging contacts", cause);
		goto out;
	}
	*np = (size_t)sqlite3_changes(h->db);
	sqlite3_finalize(st);
	st = NULL;
	if ((r = hub_prepare(h, "DELETE FROM quarantine WHERE kind = "
	    "'contact' AND submitted <= ?1", &st, cause)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, cutoff);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
		r = hub_db_err(h, rc, "purging contacts", cause);
		goto out;
	}
	r = hub_exec(h, "COMMIT", "purging contacts", cause);
out:
	sqlite3_finalize(st);
	if (r != 0) {
		hub_rollback(h);
		*np = 0;
	} else
		r = hub_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)",
		    "purging contacts", cause);
	hub_exec(h, "PRAGMA secure_delete = OFF", "purging contacts", NULL);
	return r;
}

int
hub_contacts_count(struct hub *h, size_t *heldp, size_t *newp, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	*heldp = *newp = 0;
	if ((r = hub_prepare(h, "SELECT count(*), count(*) FILTER (WHERE "
	    "exported IS NULL) FROM contacts WHERE json IS NOT NULL", &st,
	    cause)) != 0)
		return r;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*heldp = (size_t)sqlite3_column_int64(st, 0);
		*newp = (size_t)sqlite3_column_int64(st, 1);
	} else
		r = hub_db_err(h, rc, "reading contacts", cause);
	sqlite3_finalize(st);
	return r;
}
