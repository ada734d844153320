/*
 * Exporting the outbox as bundles into a folder; see bundle-export.h.
 *
 * A run first looks at the bundles already written and not yet
 * acknowledged (to write again the ones missing from DIR), then plans the
 * new ones from the pending list (sizes only), so that progress can say
 * "bundle 2 of 3" from the start. Each bundle's submissions are then read
 * from the outbox, built into a zip in memory, written, read back and
 * verified, and only then recorded: the outbox changes after the stick
 * has proved it holds the bundle.
 *
 * Within a bundle the entries are in seal order, but for requests to be
 * contacted (kind "contact"), which come last, in the order of their
 * random ids: where a request sits in the manifest says nothing of which
 * answers were sealed just before it. A bundle written again is ordered
 * the same way, so it is the same bytes.
 */
#include "sync/bundle-export.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/outbox.h"

#define BX_CHUNK	((size_t)1024 * 1024)
#define BX_READ_CHUNK	((size_t)256 * 1024)	/* read back a piece at a time */
#define BX_MAX_AGAIN	10000	/* earlier bundles looked at, at most */

/* Submissions read from the outbox for one bundle (copies). */
struct bx_items {
	struct bundle_item	*v;
	char			(*ids)[BUNDLE_ID_SIZE];
	uint8_t			(*hashes)[BUNDLE_HASH_BYTES];
	unsigned char		*contact;	/* kind "contact" */
	int64_t			 lo, hi;	/* the outbox's rows: a run */
	size_t			 n;
	size_t			 cap;
	size_t			 bytes;
};

/* One export run. */
struct bx {
	const char			*dir;
	struct outbox			*ob;
	struct device			 dev;
	struct minisign_seckey		*sk;
	bundle_export_fn		 fn;
	void				*arg;
	struct bundle_export_progress	 p;
	struct bundle_export_result	*res;
	int64_t				*again;	/* seqs to write again */
	size_t				 nagain;
	size_t				 nplan;	/* new bundles expected */
	uint64_t			 pending;	/* to export */
};

/* Let go of the copies once the bundle is built: its rows and ids stay. */
static void
bx_items_drop_data(struct bx_items *it)
{
	size_t i;

	for (i = 0; i < it->n; i++) {
		free((char *)it->v[i].form);
		free((char *)it->v[i].version);
		free((uint8_t *)it->v[i].data);
		it->v[i].form = it->v[i].version = NULL;
		it->v[i].data = NULL;
	}
}

static void
bx_items_clear(struct bx_items *it)
{
	bx_items_drop_data(it);
	free(it->v);
	free(it->ids);
	free(it->hashes);
	free(it->contact);
	memset(it, 0, sizeof *it);
}

static int
bx_items_add(struct bx_items *it, const struct outbox_item *o)
{
	struct bundle_item *v, *e;
	char (*ids)[BUNDLE_ID_SIZE];
	uint8_t (*hashes)[BUNDLE_HASH_BYTES], *data, *contact;
	size_t cap;

	if (it->n == it->cap) {
		cap = it->cap ? it->cap * 2 : 256;
		if ((v = reallocarray(it->v, cap, sizeof *v)) == NULL)
			return ERR_NOMEM;
		it->v = v;
		if ((ids = reallocarray(it->ids, cap, sizeof *ids)) == NULL)
			return ERR_NOMEM;
		it->ids = ids;
		if ((hashes = reallocarray(it->hashes, cap,
		    sizeof *hashes)) == NULL)
			return ERR_NOMEM;
		it->hashes = hashes;
		if ((contact = reallocarray(it->contact, cap,
		    sizeof *contact)) == NULL)
			return ERR_NOMEM;
		it->contact = contact;
		it->cap = cap;
	}
	if ((data = malloc(o->size)) == NULL)
		return ERR_NOMEM;
	memcpy(data, o->ciphertext, o->size);
	e = &it->v[it->n];
	memcpy(it->ids[it->n], o->id, BUNDLE_ID_SIZE);
	memcpy(it->hashes[it->n], o->sha256, BUNDLE_HASH_BYTES);
	it->contact[it->n] = strcmp(o->kind, "contact") == 0;
	if (it->n == 0 || o->row < it->lo)
		it->lo = o->row;
	if (it->n == 0 || o->row > it->hi)
		it->hi = o->row;
	e->id = NULL;	/* set by bx_collect: ids may still move */
	e->sha256 = NULL;
	e->data = data;
	e->len = o->size;
	e->form = strdup(o->form);
	e->version = strdup(o->version);
	it->n++;
	it->bytes += o->size;
	if (e->form == NULL || e->version == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

/* "1.2 MB" */
static void
bx_size_str(uint64_t n, char *out, size_t cap)
{
	if (n < 1000)
		snprintf(out, cap, "%" PRIu64 " bytes", n);
	else if (n < 1000 * 1000)
		snprintf(out, cap, "%.1f kB", (double)n / 1e3);
	else
		snprintf(out, cap, "%.1f MB", (double)n / 1e6);
}

/* A sentence for an errno met while writing to dir. */
static int
bx_io_error(const char *dir, const char *name, int errnum, char **cause)
{
	int r = err_from_errno(errnum);

	switch (errnum) {
	case ENOSPC:
	case EDQUOT:
		return err_set(cause, ERR_FULL, "%s is full: %s could not be "
		    "written", dir, name);
	case EROFS:
		return err_set(cause, r, "%s is read-only (is the stick's lock "
		    "switch on?)", dir);
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case EIO:
		return err_set(cause, r, "%s: %s while writing %s (was the "
		    "stick removed?)", dir, strerror(errnum), name);
	default:
		return err_set(cause, r, "%s: %s while writing %s", dir,
		    strerror(errnum), name);
	}
}

/* Is dir there, a folder, and writable? */
static int
bx_check_dir(const char *dir, char **cause)
{
	struct stat st;

	if (stat(dir, &st) == -1) {
		if (errno == ENOENT)
			return err_set(cause, ERR_NOTFOUND, "the folder %s does "
			    "not exist (is the USB stick plugged in?)", dir);
		return err_set(cause, err_from_errno(errno), "%s: %s", dir,
		    strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(cause, ERR_INVALID, "%s is not a folder", dir);
	if (access(dir, W_OK | X_OK) == -1) {
		if (errno == EROFS)
			return bx_io_error(dir, "", EROFS, cause);
		return err_set(cause, err_from_errno(errno), "cannot write to "
		    "%s: %s", dir, strerror(errno));
	}
	return ERR_OK;
}

/* Refuse early, with the numbers, when the zip cannot fit. */
static int
bx_check_space(const char *dir, const char *name, size_t len, char **cause)
{
	struct statvfs sv;
	char need[32], have[32];
	uint64_t avail;

	if (statvfs(dir, &sv) == -1)
		return ERR_OK;	/* the write will tell */
	avail = (uint64_t)sv.f_bavail * sv.f_frsize;
	if (avail >= (uint64_t)len + 64 * 1024)
		return ERR_OK;
	bx_size_str(len, need, sizeof need);
	bx_size_str(avail, have, sizeof have);
	return err_set(cause, ERR_FULL, "%s is full: %s needs %s and %s is "
	    "free", dir, name, need, have);
}

/* Write zip to dir/name.tmp durably; or remove it. */
static int
bx_write_tmp(struct bx *x, const char *name, const uint8_t *zip, size_t len,
    char **cause)
{
	char tmp[PATH_MAX + 8];
	size_t off, n;
	int fd = -1, r = ERR_OK;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/%s.tmp", x->dir, name) >=
	    sizeof tmp)
		return err_set(cause, ERR_LIMIT, "%s: path too long", x->dir);
	if ((r = bx_check_space(x->dir, name, len, cause)) != 0)
		return r;
	/* Whatever sits at the temporary name (even a FIFO) is not ours. */
	if (unlink(tmp) == -1 && errno != ENOENT) {
		r = bx_io_error(x->dir, name, errno, cause);
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd == -1) {
		r = bx_io_error(x->dir, name, errno, cause);
		goto out;
	}
	for (off = 0; off < len; off += n) {
		n = len - off < BX_CHUNK ? len - off : BX_CHUNK;
		if (fd_write_all(fd, zip + off, n) == -1) {
			r = bx_io_error(x->dir, name, errno, cause);
			goto out;
		}
	}
	/*
	 * Here, not on the read-back thread: until the fsync returns the
	 * stick is still being written (minutes on a slow one), and the
	 * screen says "Writing" until then.
	 */
	if (fsync(fd) == -1) {
		r = bx_io_error(x->dir, name, errno, cause);
		goto out;
	}
	r = close(fd);
	fd = -1;
	if (r == -1)
		r = bx_io_error(x->dir, name, errno, cause);
out:
	if (fd != -1)
		close(fd);
	if (r != 0)
		unlink(tmp);
	return r;
}

/* Give dir/name.tmp its name, durably; or remove it. */
static int
bx_publish(struct bx *x, const char *name, char **cause)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	int r = ERR_OK;

	snprintf(path, sizeof path, "%s/%s", x->dir, name);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (rename(tmp, path) == -1) {
		r = bx_io_error(x->dir, name, errno, cause);
		unlink(tmp);
	} else if (file_sync_dir(x->dir) != 0) {
		r = bx_io_error(x->dir, name, EIO, cause);
		unlink(path);
	}
	return r;
}

/*
 * Read path back from the device and check it holds what was written:
 * the zip's len bytes, every one (its cached pages are dropped first, so
 * the bytes are the stick's). The builder made them and its tests check
 * what it makes; what is left to prove is that the stick keeps them. A
 * piece at a time: no second copy of the bundle in memory.
 */
static int
bx_readback(const char *path, const uint8_t *zip, size_t len, char **why)
{
	uint8_t *buf = NULL;
	size_t off = 0, n, i, have;
	ssize_t got;
	int fd, r;

	if ((r = bundle_open_back(path, &fd, &have, why)) != 0)
		return r;
	if (have != len) {
		r = err_set(why, ERR_INVALID, "%zu bytes came back of %zu",
		    have, len);
		goto out;
	}
	if ((buf = malloc(BX_READ_CHUNK)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (off = 0; off < len; off += n) {
		n = len - off < BX_READ_CHUNK ? len - off : BX_READ_CHUNK;
		if ((got = fd_read_all(fd, buf, n)) != (ssize_t)n) {
			r = got == -1 ? err_set(why, err_from_errno(errno),
			    "%s: %s", path, strerror(errno)) : err_set(why,
			    ERR_INVALID, "%zu bytes came back of %zu", off +
			    (size_t)got, len);
			goto out;
		}
		if (memcmp(buf, zip + off, n) != 0) {
			for (i = 0; buf[i] == zip[off + i]; i++)
				;
			r = err_set(why, ERR_INVALID, "byte %zu of %zu came "
			    "back changed", off + i + 1, len);
			goto out;
		}
	}
out:
	free(buf);
	close(fd);
	return r;
}

/*
 * A read-back of dir/name.tmp that failed: the file goes, and the
 * sentence says so.
 */
static int
bx_readback_failed(struct bx *x, const char *name, const char *why,
    char **cause)
{
	char tmp[PATH_MAX + 8];

	snprintf(tmp, sizeof tmp, "%s/%s.tmp", x->dir, name);
	unlink(tmp);
	return err_set(cause, ERR_IO, "%s/%s did not read back as written "
	    "(%s); it was removed. Try another USB stick.", x->dir, name,
	    why != NULL ? why : "?");
}

/* Write zip to dir/name durably, read it back, verify; or remove it. */
static int
bx_write(struct bx *x, const char *name, const uint8_t *zip, size_t len,
    char **cause)
{
	char tmp[PATH_MAX + 8], *why = NULL;
	int r;

	if ((r = bx_write_tmp(x, name, zip, len, cause)) != 0)
		return r;
	snprintf(tmp, sizeof tmp, "%s/%s.tmp", x->dir, name);
	x->p.phase = BUNDLE_EXPORT_CHECK;
	if (x->fn != NULL)
		x->fn(x->arg, &x->p);
	if ((r = bx_readback(tmp, zip, len, &why)) != 0)
		r = bx_readback_failed(x, name, why, cause);
	else if ((r = bx_publish(x, name, cause)) == 0)
		x->res->bytes += len;
	free(why);
	return r;
}

static void
bx_progress(void *arg, size_t done, size_t n)
{
	struct bx *x = arg;

	x->p.done = done;
	x->p.total = n;
	if (x->fn != NULL)
		x->fn(x->arg, &x->p);
}

/* Build items into bundle head h and write it as name. */
static int
bx_build_write(struct bx *x, const struct bundle_head *h,
    const struct bx_items *it, const char *name, uint8_t hash[32],
    char **cause)
{
	uint8_t *zip = NULL;
	size_t len = 0;
	int r;

	if ((r = bundle_build(h, it->v, it->n, x->sk, bx_progress, x, &zip,
	    &len, hash, cause)) == 0)
		r = bx_write(x, name, zip, len, cause);
	free(zip);
	return r;
}

/* The head of bundle seq; previous: its predecessor's hash, NULL to look. */
static int
bx_head(struct bx *x, struct bundle_head *h, int64_t seq, int64_t created,
    const uint8_t *previous, char **cause)
{
	struct outbox_bundle prev;
	int r;

	memset(h, 0, sizeof *h);
	memcpy(h->device, x->dev.key_id, BUNDLE_KEYID_SIZE);
	h->device_pk = x->dev.pk;
	h->seq = seq;
	h->created = created;
	if (previous != NULL) {
		memcpy(h->previous, previous, BUNDLE_HASH_BYTES);
		h->has_previous = 1;
	} else if (seq > 1) {
		if ((r = outbox_bundle_get(x->ob, seq - 1, &prev, cause)) != 0)
			return r;
		memcpy(h->previous, prev.hash, BUNDLE_HASH_BYTES);
		h->has_previous = 1;
	}
	return ERR_OK;
}

/* Which unacknowledged bundles are missing from dir (or damaged there). */
static int
bx_find_again(struct bx *x, char **cause)
{
	struct outbox_bundle b;
	char path[PATH_MAX];
	int64_t seq, last, *v;
	struct stat st;
	int r;

	if ((r = outbox_next_seq(x->ob, &last, cause)) != 0)
		return r;
	last--;
	seq = last > BX_MAX_AGAIN ? last - BX_MAX_AGAIN + 1 : 1;
	for (; seq <= last; seq++) {
		if ((r = outbox_bundle_get(x->ob, seq, &b, cause)) != 0)
			return r;
		if (b.acknowledged != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", x->dir, b.name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    bundle_check_file(path, &x->dev.pk, b.hash, NULL) == 0) {
			x->res->present++;
			continue;
		}
		if ((v = reallocarray(x->again, x->nagain + 1,
		    sizeof *v)) == NULL)
			return ERR_NOMEM;
		x->again = v;
		x->again[x->nagain++] = seq;
	}
	return ERR_OK;
}

/*
 * How many new bundles: by count and by bytes, from the outbox's counts
 * (no pass over the ciphertexts). Bundles are cut by bytes as they are
 * filled, so this is exact unless sizes vary a lot; progress then says
 * "bundle 4 of 3" rather than read everything twice.
 */
static int
bx_plan(struct bx *x, size_t per, char **cause)
{
	struct outbox_counts c;
	uint64_t by_count, by_bytes;
	int r;

	if ((r = outbox_counts(x->ob, &c, cause)) != 0)
		return r;
	x->pending = c.pending;
	by_count = (c.pending + per - 1) / per;
	by_bytes = (c.pending_bytes + BUNDLE_MAX_PAYLOAD - 1) /
	    BUNDLE_MAX_PAYLOAD;
	x->nplan = (size_t)(by_count > by_bytes ? by_count : by_bytes);
	return ERR_OK;
}

/* One item while the items are put in their order. */
struct bx_slot {
	struct bundle_item	v;
	char			id[BUNDLE_ID_SIZE];
	uint8_t			hash[BUNDLE_HASH_BYTES];
	unsigned char		contact;
	size_t			i;	/* seal order */
};

static int
bx_slot_cmp(const void *va, const void *vb)
{
	const struct bx_slot *a = va, *b = vb;

	if (a->contact != b->contact)
		return a->contact ? 1 : -1;
	if (a->contact)
		return strcmp(a->id, b->id);
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Requests to be contacted last, by id (see the top of this file). */
static int
bx_items_order(struct bx_items *it)
{
	struct bx_slot *s;
	size_t i, nc = 0;

	for (i = 0; i < it->n; i++)
		nc += it->contact[i];
	if (nc == 0)
		return ERR_OK;
	if ((s = calloc(it->n, sizeof *s)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < it->n; i++) {
		s[i].v = it->v[i];
		memcpy(s[i].id, it->ids[i], BUNDLE_ID_SIZE);
		memcpy(s[i].hash, it->hashes[i], BUNDLE_HASH_BYTES);
		s[i].contact = it->contact[i];
		s[i].i = i;
	}
	qsort(s, it->n, sizeof *s, bx_slot_cmp);
	for (i = 0; i < it->n; i++) {
		it->v[i] = s[i].v;
		memcpy(it->ids[i], s[i].id, BUNDLE_ID_SIZE);
		memcpy(it->hashes[i], s[i].hash, BUNDLE_HASH_BYTES);
		it->contact[i] = s[i].contact;
	}
	free(s);
	return ERR_OK;
}

/* Read the cursor's items, stopping before BUNDLE_MAX_PAYLOAD bytes. */
static int
bx_collect(struct outbox_cursor *cur, struct bx_items *it, char **cause)
{
	struct outbox_item o;
	int r;
	size_t i;

	while ((r = outbox_cursor_next(cur, &o, cause)) > 0) {
		if (it->n > 0 && it->bytes + o.size > BUNDLE_MAX_PAYLOAD)
			break;
		if ((r = bx_items_add(it, &o)) != 0)
			return r;
	}
	if (r == 0 && (r = bx_items_order(it)) != 0)
		return r;
	/* The outbox checked each hash as it read the row. */
	for (i = 0; i < it->n; i++) {
		it->v[i].id = it->ids[i];
		it->v[i].sha256 = it->hashes[i];
	}
	return r;
}

/* Write an earlier bundle again, byte for byte. */
static int
bx_again(struct bx *x, int64_t seq, char **cause)
{
	struct outbox_cursor *cur = NULL;
	struct outbox_bundle b;
	struct bundle_head h;
	struct bx_items it;
	uint8_t hash[BUNDLE_HASH_BYTES];
	int r;

	memset(&it, 0, sizeof it);
	if ((r = outbox_bundle_get(x->ob, seq, &b, cause)) != 0 ||
	    (r = outbox_members_open(x->ob, seq, &cur, cause)) != 0 ||
	    (r = bx_collect(cur, &it, cause)) != 0)
		goto out;
	if (it.n != b.count || it.n == 0) {
		/* Some were purged: it cannot be the same bundle again. */
		x->res->partial++;
		goto out;
	}
	if ((r = bx_head(x, &h, seq, b.created, NULL, cause)) != 0)
		goto out;
	x->p.again = 1;
	x->p.seq = seq;
	x->p.total = it.n;
	x->p.done = 0;
	if ((r = bx_build_write(x, &h, &it, b.name, hash, cause)) != 0)
		goto out;
	if (memcmp(hash, b.hash, BUNDLE_HASH_BYTES) != 0) {
		r = err_set(cause, ERR_INVALID, "bundle %" PRId64 " came out "
		    "different when written again", seq);
		goto out;
	}
	x->res->rewritten++;
out:
	outbox_cursor_free(&cur);
	bx_items_clear(&it);
	return r;
}

/* Remove bundle name from the stick, and make the removal durable. */
static void
bx_unlink_bundle(struct bx *x, const char *name)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", x->dir, name) <
	    sizeof path && unlink(path) == 0)
		(void)file_sync_dir(x->dir);
}

/*
 * A new bundle written durably to its temporary name and read back from
 * there by a thread of its own, while this thread names and records the
 * one before it (bx_settle), and builds and writes the next. It is given
 * its name only once the one before is recorded, and recorded only once
 * it has read back as written and its name is durable, so the stick never
 * holds a bundle after one the outbox has not recorded.
 */
struct bx_pend {
	pthread_t		 tid;
	int			 active;	/* written, not yet recorded */
	int			 running;	/* tid is reading it back */
	struct bx_items		 it;
	struct outbox_bundle	 ob;
	uint8_t			*zip;		/* what was written */
	size_t			 len;
	char			 path[PATH_MAX + 8];	/* DIR/name.tmp */
	int			 r;
	char			*why;
};

static void *
bx_pend_check(void *arg)
{
	struct bx_pend *pd = arg;

	pd->r = bx_readback(pd->path, pd->zip, pd->len, &pd->why);
	return NULL;
}

/* Record the outbox's bundle pd->ob with its items; or take it away. */
static int
bx_record(struct bx *x, struct bx_pend *pd, char **cause)
{
	int r;

	r = outbox_bundle_add(x->ob, &pd->ob, pd->it.lo, pd->it.hi, cause);
	if (r != 0) {
		/*
		 * The outbox did not record it (locked, full, damaged): a
		 * bundle left on the stick would carry this number with
		 * other contents than the one written next, and the hub
		 * would refuse that one as a replay.
		 */
		bx_unlink_bundle(x, pd->ob.name);
		return r;
	}
	x->res->written++;
	x->res->submissions += pd->it.n;
	x->res->bytes += pd->len;
	if (x->res->first_seq == 0)
		x->res->first_seq = pd->ob.seq;
	x->res->last_seq = pd->ob.seq;
	return ERR_OK;
}

/*
 * Wait for pd's read-back; then name the bundle and record it, or remove
 * it when it did not read back or when drop is set. cause may be NULL (a
 * failure after it already has one).
 */
static int
bx_settle(struct bx *x, struct bx_pend *pd, int drop, char **cause)
{
	int r = ERR_OK;

	if (!pd->active)
		return ERR_OK;
	if (pd->running)
		pthread_join(pd->tid, NULL);
	pd->running = 0;
	if (drop)
		unlink(pd->path);
	else if (pd->r != 0)
		r = bx_readback_failed(x, pd->ob.name, pd->why, cause);
	else if ((r = bx_publish(x, pd->ob.name, cause)) == 0)
		r = bx_record(x, pd, cause);
	free(pd->why);
	pd->why = NULL;
	free(pd->zip);
	pd->zip = NULL;
	bx_items_clear(&pd->it);
	pd->active = 0;
	return r;
}

/*
 * Start reading back the bundle just written to its temporary name; pd
 * takes *it and *zip (what was written).
 */
static void
bx_pend_start(struct bx *x, struct bx_pend *pd, struct bx_items *it,
    const struct outbox_bundle *ob, uint8_t **zip, size_t len)
{
	pd->it = *it;
	memset(it, 0, sizeof *it);
	bx_items_drop_data(&pd->it);
	pd->ob = *ob;
	pd->zip = *zip;
	*zip = NULL;
	pd->len = len;
	pd->r = ERR_OK;
	snprintf(pd->path, sizeof pd->path, "%s/%s.tmp", x->dir, ob->name);
	pd->active = 1;
	x->p.phase = BUNDLE_EXPORT_CHECK;
	if (x->fn != NULL)
		x->fn(x->arg, &x->p);
	if (pthread_create(&pd->tid, NULL, bx_pend_check, pd) == 0)
		pd->running = 1;
	else
		bx_pend_check(pd);
}

/*
 * Build and write the next new bundle: at most n of the first pending
 * submissions after those of the pending bundle pd; start reading it
 * back as nd (a free slot) while pd is named and recorded.
 */
static int
bx_new(struct bx *x, struct bx_pend *pd, struct bx_pend *nd, size_t n,
    char **cause)
{
	struct outbox_cursor *cur = NULL;
	struct outbox_bundle ob;
	struct bundle_head h;
	struct bx_items it;
	uint8_t *zip = NULL;
	size_t len = 0;
	int64_t seq;
	int r;

	memset(&it, 0, sizeof it);
	memset(&ob, 0, sizeof ob);
	if (pd->active)
		seq = pd->ob.seq + 1;
	else if ((r = outbox_next_seq(x->ob, &seq, cause)) != 0)
		goto out;
	if (seq > BUNDLE_MAX_SEQ) {
		r = err_set(cause, ERR_LIMIT, "this device has written %d "
		    "bundles, the most it can", BUNDLE_MAX_SEQ);
		goto out;
	}
	if ((r = bx_head(x, &h, seq, (int64_t)time(NULL), pd->active ?
	    pd->ob.hash : NULL, cause)) != 0 ||
	    (r = outbox_pending_open_from(x->ob, pd->it.n, n, &cur,
	    cause)) != 0 ||
	    (r = bx_collect(cur, &it, cause)) != 0)
		goto out;
	outbox_cursor_free(&cur);
	if (it.n == 0) {
		x->pending = 0;	/* the counts were stale */
		goto out;
	}
	x->p.again = 0;
	x->p.seq = seq;
	x->p.total = it.n;
	x->p.done = 0;
	ob.seq = seq;
	ob.created = h.created;
	ob.count = it.n;
	bundle_name(x->dev.key_id, seq, ob.name);
	if ((r = bundle_build(&h, it.v, it.n, x->sk, bx_progress, x, &zip,
	    &len, ob.hash, cause)) != 0 ||
	    (r = bx_write_tmp(x, ob.name, zip, len, cause)) != 0)
		goto out;
	bx_pend_start(x, nd, &it, &ob, &zip, len);
	if ((r = bx_settle(x, pd, 0, cause)) != 0) {
		bx_settle(x, nd, 1, NULL);
		goto out;
	}
	x->pending -= ob.count < x->pending ? ob.count : x->pending;
out:
	free(zip);
	outbox_cursor_free(&cur);
	bx_items_clear(&it);
	return r;
}

int
bundle_export(const char *home, const char *dir, size_t per_bundle,
    bundle_export_fn progress, void *arg, struct bundle_export_result *res,
    char **cause)
{
	struct bx x;
	struct bx_pend pd[2];
	size_t i, k = 0;
	int r, r2;

	memset(res, 0, sizeof *res);
	memset(&x, 0, sizeof x);
	memset(pd, 0, sizeof pd);
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	x.dir = dir;
	x.fn = progress;
	x.arg = arg;
	x.res = res;
	if (per_bundle == 0 || per_bundle > BUNDLE_MAX_ENTRIES)
		per_bundle = BUNDLE_MAX_ENTRIES;
	if ((r = bx_check_dir(dir, cause)) != 0 ||
	    (r = device_load(home, &x.dev, cause)) != 0 ||
	    (r = outbox_open(home, &x.ob, cause)) != 0 ||
	    (r = bx_find_again(&x, cause)) != 0 ||
	    (r = bx_plan(&x, per_bundle, cause)) != 0)
		goto out;
	if (x.nagain + x.nplan == 0)
		goto out;
	if ((r = device_seckey_load(home, &x.sk, cause)) != 0)
		goto out;
	x.p.nbundles = x.nagain + x.nplan;
	for (i = 0; i < x.nagain; i++) {
		x.p.bundle = i + 1;
		x.p.phase = BUNDLE_EXPORT_WRITE;
		if ((r = bx_again(&x, x.again[i], cause)) != 0)
			goto out;
	}
	for (k = 0; x.pending > 0; k++) {
		x.p.bundle = x.nagain + k + 1;
		if (x.p.bundle > x.p.nbundles)
			x.p.nbundles = x.p.bundle;
		x.p.phase = BUNDLE_EXPORT_WRITE;
		if ((r = bx_new(&x, &pd[k & 1], &pd[(k + 1) & 1], per_bundle,
		    cause)) != 0)
			goto out;
	}
out:
	/* A bundle that reads back is recorded, whatever came after it. */
	for (k = 0; k < 2; k++) {	/* one at most is pending now */
		r2 = bx_settle(&x, &pd[k], 0, r == 0 ? cause : NULL);
		if (r == 0)
			r = r2;
	}
	minisign_seckey_free(&x.sk);
	outbox_close(&x.ob);
	free(x.again);
	return r;
}
