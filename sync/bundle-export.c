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
 */
#include "sync/bundle-export.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/outbox.h"

#define BX_CHUNK	((size_t)1024 * 1024)
#define BX_MAX_AGAIN	10000	/* earlier bundles looked at, at most */

/* Submissions read from the outbox for one bundle (copies). */
struct bx_items {
	struct bundle_item	*v;
	char			(*ids)[BUNDLE_ID_SIZE];
	uint8_t			(*hashes)[BUNDLE_HASH_BYTES];
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

static void
bx_items_clear(struct bx_items *it)
{
	size_t i;

	for (i = 0; i < it->n; i++) {
		free((char *)it->v[i].form);
		free((char *)it->v[i].version);
		free((uint8_t *)it->v[i].data);
	}
	free(it->v);
	free(it->ids);
	free(it->hashes);
	memset(it, 0, sizeof *it);
}

static int
bx_items_add(struct bx_items *it, const struct outbox_item *o)
{
	struct bundle_item *v, *e;
	char (*ids)[BUNDLE_ID_SIZE];
	uint8_t (*hashes)[BUNDLE_HASH_BYTES], *data;
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
		it->cap = cap;
	}
	if ((data = malloc(o->size)) == NULL)
		return ERR_NOMEM;
	memcpy(data, o->ciphertext, o->size);
	e = &it->v[it->n];
	memcpy(it->ids[it->n], o->id, BUNDLE_ID_SIZE);
	memcpy(it->hashes[it->n], o->sha256, BUNDLE_HASH_BYTES);
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

/* Read the file whole: one allocation of its size (it may be large). */
static int
bx_read(const char *path, char **outp, size_t *lenp, char **cause)
{
	struct stat st;
	char *p = NULL;
	size_t off = 0;
	ssize_t n;
	int fd, r = ERR_OK;

	*outp = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
	/* Drop cached pages so the check reads what the device holds. */
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > BUNDLE_MAX_FILE) {
		r = err_set(cause, ERR_INVALID, "%s: not a regular file of at "
		    "most %zu bytes", path, BUNDLE_MAX_FILE);
		goto out;
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((n = fd_read_all(fd, p, (size_t)st.st_size)) < st.st_size) {
		r = err_set(cause, n != -1 ? ERR_IO : err_from_errno(errno),
		    "%s: %s", path, n != -1 ? "shorter than it was" :
		    strerror(errno));
		goto out;
	}
	off = (size_t)n;
	*outp = p;
	*lenp = off;
	p = NULL;
out:
	free(p);
	close(fd);
	return r;
}

int
bundle_check_file(const char *path, const struct minisign_pubkey *pk,
    const uint8_t *want, char **cause)
{
	struct bundle *b = NULL;
	char *data = NULL, *why = NULL;
	size_t len = 0;
	int r;

	if ((r = bx_read(path, &data, &len, &why)) != 0 ||
	    (r = bundle_open(data, len, &b, &why)) != 0 ||
	    (r = bundle_verify(b, pk, &why)) != 0)
		goto out;
	if (want != NULL && memcmp(b->hash, want, BUNDLE_HASH_BYTES) != 0) {
		r = err_set(&why, ERR_INVALID, "it is not the bundle this "
		    "device wrote under that name");
		goto out;
	}
out:
	if (r != 0)
		err_set(cause, r, "%s", why != NULL ? why : err_str(r));
	free(why);
	bundle_free(&b);
	free(data);
	return r;
}

/* Write zip to dir/name durably, read it back, verify; or remove it. */
static int
bx_write(struct bx *x, const char *name, const uint8_t *zip, size_t len,
    const uint8_t hash[BUNDLE_HASH_BYTES], const struct bx_items *it,
    char **cause)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], *why = NULL, *back = NULL;
	size_t blen = 0;
	size_t off, n;
	int fd = -1, r = ERR_OK, renamed = 0;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", x->dir, name) >=
	    sizeof path)
		return err_set(cause, ERR_LIMIT, "%s: path too long", x->dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
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
	if (fsync(fd) == -1) {
		r = bx_io_error(x->dir, name, errno, cause);
		goto out;
	}
	r = close(fd);
	fd = -1;
	if (r == -1) {
		r = bx_io_error(x->dir, name, errno, cause);
		goto out;
	}
	if (rename(tmp, path) == -1) {
		r = bx_io_error(x->dir, name, errno, cause);
		goto out;
	}
	renamed = 1;
	if ((r = file_sync_dir(x->dir)) != 0) {
		r = bx_io_error(x->dir, name, EIO, cause);
		goto out;
	}
	x->p.phase = BUNDLE_EXPORT_CHECK;
	if (x->fn != NULL)
		x->fn(x->arg, &x->p);
	if ((r = bx_read(path, &back, &blen, &why)) != 0 ||
	    (r = bundle_check_written(back, blen, &x->dev.pk, hash, it->v,
	    it->n, &why)) != 0) {
		r = err_set(cause, ERR_IO, "%s did not read back as written "
		    "(%s); it was removed. Try another USB stick.", path, why);
		goto out;
	}
	x->res->bytes += len;
out:
	if (fd != -1)
		close(fd);
	if (r != 0) {
		unlink(tmp);
		if (renamed)
			unlink(path);
	}
	free(back);
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
		r = bx_write(x, name, zip, len, hash, it, cause);
	free(zip);
	return r;
}

static int
bx_head(struct bx *x, struct bundle_head *h, int64_t seq, int64_t created,
    char **cause)
{
	struct outbox_bundle prev;
	int r;

	memset(h, 0, sizeof *h);
	memcpy(h->device, x->dev.key_id, BUNDLE_KEYID_SIZE);
	h->device_pk = x->dev.pk;
	h->seq = seq;
	h->created = created;
	if (seq > 1) {
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
	struct outbox_counts c;
	struct outbox_bundle b;
	char path[PATH_MAX];
	int64_t seq, *v;
	struct stat st;
	int r;

	if ((r = outbox_counts(x->ob, &c, cause)) != 0)
		return r;
	seq = c.last_seq > BX_MAX_AGAIN ? c.last_seq - BX_MAX_AGAIN + 1 : 1;
	for (; seq <= c.last_seq; seq++) {
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
	if ((r = bx_head(x, &h, seq, b.created, cause)) != 0)
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

/* Write the next new bundle: at most n of the first pending submissions. */
static int
bx_new(struct bx *x, size_t n, char **cause)
{
	struct outbox_cursor *cur = NULL;
	struct outbox_bundle ob;
	struct bundle_head h;
	struct bx_items it;
	int64_t seq;
	int r;

	memset(&it, 0, sizeof it);
	memset(&ob, 0, sizeof ob);
	if ((r = outbox_next_seq(x->ob, &seq, cause)) != 0)
		goto out;
	if (seq > BUNDLE_MAX_SEQ) {
		r = err_set(cause, ERR_LIMIT, "this device has written %d "
		    "bundles, the most it can", BUNDLE_MAX_SEQ);
		goto out;
	}
	if ((r = bx_head(x, &h, seq, (int64_t)time(NULL), cause)) != 0 ||
	    (r = outbox_pending_open(x->ob, n, &cur, cause)) != 0 ||
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
	if ((r = bx_build_write(x, &h, &it, ob.name, ob.hash, cause)) != 0)
		goto out;
	{
		const char **ids = malloc(it.n * sizeof *ids);
		size_t i;

		if (ids == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		for (i = 0; i < it.n; i++)
			ids[i] = it.ids[i];
		r = outbox_bundle_add(x->ob, &ob, ids, it.n, cause);
		free(ids);
	}
	if (r != 0) {
		/*
		 * The outbox did not record it (locked, full, damaged): a
		 * bundle left on the stick would carry this number with
		 * other contents than the one written next, and the hub
		 * would refuse that one as a replay.
		 */
		bx_unlink_bundle(x, ob.name);
		goto out;
	}
	x->res->written++;
	x->res->submissions += it.n;
	x->pending -= it.n < x->pending ? it.n : x->pending;
	if (x->res->first_seq == 0)
		x->res->first_seq = seq;
	x->res->last_seq = seq;
out:
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
	size_t i;
	int r;

	memset(res, 0, sizeof *res);
	memset(&x, 0, sizeof x);
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
	for (i = 0; x.pending > 0; i++) {
		x.p.bundle = x.nagain + i + 1;
		if (x.p.bundle > x.p.nbundles)
			x.p.nbundles = x.p.bundle;
		x.p.phase = BUNDLE_EXPORT_WRITE;
		if ((r = bx_new(&x, per_bundle, cause)) != 0)
			goto out;
	}
out:
	minisign_seckey_free(&x.sk);
	outbox_close(&x.ob);
	free(x.again);
	return r;
}
