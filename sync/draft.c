/*
 * Encrypted drafts of unfinished surveys; the format is in draft.h.
 *
 * The key never leaves sodium memory except to its own file; the body is
 * built and parsed in sodium memory. Every length in a draft is checked
 * against what is left before it is used, so a damaged or hostile file
 * yields ERR_PARSE, never an overread. A save appends one record and
 * fdatasyncs the file once (no rename, no folder sync); a kill during it
 * leaves a torn record at the end, which loading drops, so the draft
 * before it comes back. The first save, and one that would take the
 * journal past DRAFT_JOURNAL_BYTES, replaces the file with a single
 * record through file_write_atomic instead.
 */
#include "sync/draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"

#define DRAFT_AD		"outreach-draft/2"	/* + the record's offset */
#define DRAFT_AD_BYTES		24
#define DRAFT_AD_V1		"outreach-draft/1"	/* one sealed body */
#define DRAFT_KEY_BYTES		crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define DRAFT_NONCE_BYTES	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define DRAFT_TAG_BYTES		crypto_aead_xchacha20poly1305_ietf_ABYTES
#define DRAFT_HEAD_BYTES	20	/* started, screen, count */
#define DRAFT_REC_BYTES		(4 + DRAFT_NONCE_BYTES + DRAFT_TAG_BYTES)
/* The most a draft file can hold: a full journal and one more record. */
#define DRAFT_FILE_MAX		(DRAFT_JOURNAL_BYTES + DRAFT_REC_BYTES + \
	DRAFT_MAX_BYTES)

static void
draft_le_store(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
draft_le_load(const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Read exactly DRAFT_KEY_BYTES from path into key (sodium memory). */
static int
draft_key_read(const char *path, uint8_t *key, char **cause)
{
	struct stat st;
	ssize_t n;
	int fd, r = ERR_OK;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		r = err_from_errno(errno);
		return err_set(cause, r, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size != DRAFT_KEY_BYTES) {
		r = err_set(cause, ERR_PARSE, "%s: not a draft key", path);
		goto out;
	}
	if ((n = fd_read_all(fd, key, DRAFT_KEY_BYTES)) != DRAFT_KEY_BYTES) {
		r = err_set(cause, n != -1 ? ERR_PARSE : ERR_IO,
		    "%s: cannot read the draft key", path);
		goto out;
	}
out:
	close(fd);
	return r;
}

/* Make a new key file (atomically, 0600) and leave the key in key. */
static int
draft_key_new(const char *path, uint8_t *key, char **cause)
{
	randombytes_buf(key, DRAFT_KEY_BYTES);
	return file_write_atomic(path, key, DRAFT_KEY_BYTES, 0600, cause);
}

/* Zero the key file on disk, fsync it, unlink it, sync the folder. */
static int
draft_key_shred(const char *path, char **cause)
{
	static const uint8_t zeros[DRAFT_KEY_BYTES];
	int fd, r = ERR_OK;

	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1 && errno == ENOENT)
		return ERR_OK;
	if (fd != -1) {
		/* Even when the overwrite fails, the unlink must happen. */
		if (fd_write_all(fd, zeros, sizeof zeros) == -1 ||
		    fsync(fd) == -1)
			r = err_set(cause, ERR_IO, "%s: cannot overwrite the "
			    "draft key", path);
		close(fd);
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		int e = err_from_errno(errno);

		return err_set(cause, e, "%s: %s", path, strerror(errno));
	}
	file_sync_dir(path);
	return r;
}

/* Paths of the key and the draft (Caller frees both). */
static int
draft_paths(const char *home, char **keyp, char **draftp)
{
	*keyp = file_join(home, DRAFT_KEY_FILE);
	*draftp = file_join(home, DRAFT_FILE);
	if (*keyp == NULL || *draftp == NULL) {
		free(*keyp);
		free(*draftp);
		*keyp = *draftp = NULL;
		return ERR_NOMEM;
	}
	return ERR_OK;
}

int
draft_destroy(const char *home, char **cause)
{
	char *keypath = NULL, *path = NULL;
	int r, e;

	if ((r = draft_paths(home, &keypath, &path)) != ERR_OK)
		return r;
	/* The key first: without it the draft is unreadable noise. */
	r = draft_key_shred(keypath, cause);
	if (unlink(path) == 0)
		file_sync_dir(path);
	else if (errno != ENOENT) {
		e = err_from_errno(errno);
		if (r == ERR_OK)
			r = err_set(cause, e, "%s: %s", path, strerror(errno));
	}
	free(keypath);
	free(path);
	return r;
}

int
draft_begin(const char *home, char **cause)
{
	char *keypath = NULL, *path = NULL;
	uint8_t *key = NULL;
	int r;

	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium did not start");
	if ((r = draft_destroy(home, cause)) != ERR_OK)
		return r;
	if ((r = draft_paths(home, &keypath, &path)) != ERR_OK)
		return r;
	if ((key = sodium_malloc(DRAFT_KEY_BYTES)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	r = draft_key_new(keypath, key, cause);
out:
	sodium_free(key);
	free(keypath);
	free(path);
	return r;
}

int
draft_exists(const char *home)
{
	char *keypath = NULL, *path = NULL;
	int yes;

	if (draft_paths(home, &keypath, &path) != ERR_OK)
		return 0;
	yes = access(keypath, F_OK) == 0 && access(path, F_OK) == 0;
	free(keypath);
	free(path);
	return yes;
}

/* Append one string record at *off (space already reserved). */
static void
draft_put(uint8_t *body, size_t *off, const char *s, size_t len)
{
	draft_le_store(body + *off, len, 4);
	memcpy(body + *off + 4, s, len);
	body[*off + 4 + len] = '\0';
	*off += 4 + len + 1;
}

/* The body of d in sodium memory (*bodyp; sodium_free). */
static int
draft_body(const struct draft *d, uint8_t **bodyp, size_t *lenp,
    char **cause)
{
	const char *fixed[3] = { d->form_id, d->form_version, d->lang };
	size_t need = DRAFT_HEAD_BYTES, i, off;
	uint8_t *body;

	*bodyp = NULL;
	if (d->nanswers > SUBMISSION_MAX_ANSWERS ||
	    (d->nanswers > 0 && d->answers == NULL))
		return err_set(cause, ERR_LIMIT, "draft: too many answers");
	for (i = 0; i < 3; i++) {
		if (fixed[i] == NULL)
			return err_set(cause, ERR_INVALID, "draft: no form id, "
			    "version or language");
		need += 5 + strlen(fixed[i]);
	}
	for (i = 0; i < d->nanswers; i++) {
		if (d->answers[i].name == NULL || d->answers[i].value == NULL)
			return err_set(cause, ERR_INVALID, "draft: an answer "
			    "has no name or value");
		need += 10 + strlen(d->answers[i].name) +
		    strlen(d->answers[i].value);
		if (need > DRAFT_MAX_BYTES)
			return err_set(cause, ERR_LIMIT, "draft: larger than "
			    "%d bytes", DRAFT_MAX_BYTES);
	}
	if ((body = sodium_malloc(need)) == NULL)
		return ERR_NOMEM;
	draft_le_store(body, (uint64_t)d->started, 8);
	draft_le_store(body + 8, (uint64_t)d->screen, 8);
	draft_le_store(body + 16, d->nanswers, 4);
	off = DRAFT_HEAD_BYTES;
	for (i = 0; i < 3; i++)
		draft_put(body, &off, fixed[i], strlen(fixed[i]));
	for (i = 0; i < d->nanswers; i++) {
		draft_put(body, &off, d->answers[i].name,
		    strlen(d->answers[i].name));
		draft_put(body, &off, d->answers[i].value,
		    strlen(d->answers[i].value));
	}
	*bodyp = body;
	*lenp = need;
	return ERR_OK;
}

/* The associated data of the record at off: DRAFT_AD, then off (u64). */
static void
draft_ad(uint8_t ad[DRAFT_AD_BYTES], uint64_t off)
{
	memcpy(ad, DRAFT_AD, 16);
	draft_le_store(ad + 16, off, 8);
}

/* Seal body as the record at file offset off into rec. */
static void
draft_seal(uint8_t *rec, const uint8_t *body, size_t len, uint64_t off,
    const uint8_t *key)
{
	uint8_t ad[DRAFT_AD_BYTES];

	draft_ad(ad, off);
	draft_le_store(rec, len, 4);
	randombytes_buf(rec + 4, DRAFT_NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(rec + 4 + DRAFT_NONCE_BYTES,
	    NULL, body, len, ad, sizeof ad, NULL, rec + 4, key);
}

/*
 * Append body as one record to the journal at path and fdatasync it; 0
 * when it is there, -1 when the file must be written afresh (none yet,
 * too long, or the write failed: then what was written is cut off).
 */
static int
draft_append(const char *path, const uint8_t *body, size_t len,
    uint8_t *rec, const uint8_t *key)
{
	struct stat st;
	size_t reclen = DRAFT_REC_BYTES + len;
	int fd, r = -1;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC |
	    O_NOFOLLOW)) == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size + reclen <= DRAFT_JOURNAL_BYTES) {
		draft_seal(rec, body, len, (uint64_t)st.st_size, key);
		if (fd_write_all(fd, rec, reclen) == 0 && fdatasync(fd) == 0)
			r = 0;
		else if (ftruncate(fd, st.st_size) == 0)
			(void)fdatasync(fd);
	}
	close(fd);
	return r;
}

int
draft_save(const char *home, const struct draft *d, char **cause)
{
	char *keypath = NULL, *path = NULL;
	uint8_t *key = NULL, *body = NULL, *rec = NULL;
	size_t len = 0;
	int r, fresh = 0;

	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium did not start");
	if ((r = draft_paths(home, &keypath, &path)) != ERR_OK)
		return r;
	if ((key = sodium_malloc(DRAFT_KEY_BYTES)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (access(keypath, F_OK) == -1 && errno == ENOENT) {
		/* A new key: whatever is in the file cannot be its journal. */
		fresh = 1;
		r = draft_key_new(keypath, key, cause);
	} else
		r = draft_key_read(keypath, key, cause);
	if (r != ERR_OK)
		goto out;
	if ((r = draft_body(d, &body, &len, cause)) != ERR_OK)
		goto out;
	if ((rec = malloc(DRAFT_REC_BYTES + len)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (!fresh && draft_append(path, body, len, rec, key) == 0)
		goto out;
	draft_seal(rec, body, len, 0, key);
	r = file_write_atomic(path, rec, DRAFT_REC_BYTES + len, 0600, cause);
out:
	sodium_free(key);
	sodium_free(body);
	free(rec);
	free(keypath);
	free(path);
	return r;
}

/* Take one string record at *off; NULL when it does not fit or has a NUL. */
static const char *
draft_get(const uint8_t *body, size_t len, size_t *off)
{
	uint64_t n;
	const char *s;

	if (len - *off < 5)
		return NULL;
	n = draft_le_load(body + *off, 4);
	if (n > len - *off - 5 || body[*off + 4 + n] != '\0')
		return NULL;
	s = (const char *)body + *off + 4;
	if (memchr(s, '\0', (size_t)n) != NULL)
		return NULL;
	*off += 4 + (size_t)n + 1;
	return s;
}

/* Point l->d into l->body. */
static int
draft_parse(struct draft_loaded *l, char **cause)
{
	const uint8_t *b = l->body;
	size_t off = DRAFT_HEAD_BYTES, i;
	uint64_t n;

	if (l->bodylen < DRAFT_HEAD_BYTES)
		goto bad;
	l->d.started = (int64_t)draft_le_load(b, 8);
	l->d.screen = (int64_t)draft_le_load(b + 8, 8);
	n = draft_le_load(b + 16, 4);
	if (n > SUBMISSION_MAX_ANSWERS)
		goto bad;
	if ((l->answers = calloc((size_t)n + 1, sizeof *l->answers)) == NULL)
		return ERR_NOMEM;
	if ((l->d.form_id = draft_get(b, l->bodylen, &off)) == NULL ||
	    (l->d.form_version = draft_get(b, l->bodylen, &off)) == NULL ||
	    (l->d.lang = draft_get(b, l->bodylen, &off)) == NULL)
		goto bad;
	for (i = 0; i < n; i++)
		if ((l->answers[i].name = draft_get(b, l->bodylen, &off)) ==
		    NULL ||
		    (l->answers[i].value = draft_get(b, l->bodylen, &off)) ==
		    NULL)
			goto bad;
	if (off != l->bodylen)
		goto bad;
	l->d.answers = l->answers;
	l->d.nanswers = (size_t)n;
	return ERR_OK;
bad:
	return err_set(cause, ERR_PARSE, "the draft is damaged");
}

/* Cut the journal at path to len bytes: a torn record goes. */
static void
draft_cut(const char *path, size_t len)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return;
	if (ftruncate(fd, (off_t)len) == 0)
		(void)fdatasync(fd);
	close(fd);
}

/*
 * The last record of the journal data that decrypts, in sodium memory
 * (l->body, l->bodylen), walking from the start and stopping at the first
 * that is cut short or does not decrypt; *endp: where that walk stopped.
 */
static int
draft_last(struct draft_loaded *l, const uint8_t *data, size_t len,
    const uint8_t *key, size_t *endp, char **cause)
{
	uint8_t ad[DRAFT_AD_BYTES], *try = NULL, *t;
	size_t off = 0, trycap = 0, cap = 0, c;
	uint64_t n;
	int r = ERR_OK;

	while (len - off >= DRAFT_REC_BYTES) {
		n = draft_le_load(data + off, 4);
		if (n > DRAFT_MAX_BYTES || n > len - off - DRAFT_REC_BYTES)
			break;
		if (trycap < n + 1) {
			sodium_free(try);
			if ((try = sodium_malloc((size_t)n + 1)) == NULL) {
				r = ERR_NOMEM;
				goto out;
			}
			trycap = (size_t)n + 1;
		}
		draft_ad(ad, off);
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(try, NULL, NULL,
		    data + off + 4 + DRAFT_NONCE_BYTES, (size_t)n +
		    DRAFT_TAG_BYTES, ad, sizeof ad, data + off + 4, key) != 0)
			break;
		/* The record before stays whole until this one decrypts. */
		t = l->body;
		c = cap;
		l->body = try;
		cap = trycap;
		l->bodylen = (size_t)n;
		try = t;
		trycap = c;
		off += DRAFT_REC_BYTES + (size_t)n;
	}
	if (l->body == NULL)
		r = off == 0 && len >= DRAFT_REC_BYTES + DRAFT_HEAD_BYTES &&
		    draft_le_load(data, 4) <= len - DRAFT_REC_BYTES ?
		    err_set(cause, ERR_CRYPTO, "the draft does not decrypt "
		    "with its key") :
		    err_set(cause, ERR_PARSE, "the draft is damaged");
	*endp = off;
out:
	sodium_free(try);
	return r;
}

/*
 * A draft written by an earlier version (one body sealed with associated
 * data DRAFT_AD_V1, the nonce first, the file replaced on every save):
 * into l as draft_last would, and rewritten at path as a journal of one
 * record so that the saves after it append to something loading reads.
 */
static int
draft_last_v1(struct draft_loaded *l, const uint8_t *data, size_t len,
    const uint8_t *key, const char *path, char **cause)
{
	uint8_t *rec = NULL;
	size_t n;
	int r;

	if (len < DRAFT_NONCE_BYTES + DRAFT_TAG_BYTES + DRAFT_HEAD_BYTES ||
	    (n = len - DRAFT_NONCE_BYTES - DRAFT_TAG_BYTES) > DRAFT_MAX_BYTES)
		return ERR_PARSE;
	if ((l->body = sodium_malloc(n + 1)) == NULL)
		return ERR_NOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(l->body, NULL, NULL,
	    data + DRAFT_NONCE_BYTES, len - DRAFT_NONCE_BYTES,
	    (const uint8_t *)DRAFT_AD_V1, strlen(DRAFT_AD_V1), data, key) !=
	    0) {
		sodium_free(l->body);
		l->body = NULL;
		return ERR_CRYPTO;
	}
	l->bodylen = n;
	if ((rec = malloc(DRAFT_REC_BYTES + n)) == NULL)
		r = ERR_NOMEM;
	else {
		draft_seal(rec, l->body, n, 0, key);
		r = file_write_atomic(path, rec, DRAFT_REC_BYTES + n, 0600,
		    cause);
	}
	free(rec);
	if (r != ERR_OK) {
		/* Saves must not append to the old file: no draft yet. */
		sodium_free(l->body);
		l->body = NULL;
		l->bodylen = 0;
	}
	return r;
}

int
draft_load(const char *home, struct draft_loaded **outp, char **cause)
{
	struct draft_loaded *l = NULL;
	char *keypath = NULL, *path = NULL, *data = NULL;
	uint8_t *key = NULL;
	size_t len = 0, end = 0;
	int r;

	*outp = NULL;
	if ((r = draft_paths(home, &keypath, &path)) != ERR_OK)
		return r;
	if (access(keypath, F_OK) == -1 || access(path, F_OK) == -1) {
		r = err_set(cause, ERR_NOTFOUND, "no draft");
		goto out;
	}
	/* Only now: a kiosk's start with no draft needs no libsodium. */
	if (sodium_init() < 0) {
		r = err_set(cause, ERR_CRYPTO, "libsodium did not start");
		goto out;
	}
	if ((key = sodium_malloc(DRAFT_KEY_BYTES)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = draft_key_read(keypath, key, cause)) != ERR_OK)
		goto out;
	if ((r = file_read(path, DRAFT_FILE_MAX, &data, &len, cause)) !=
	    ERR_OK)
		goto out;
	if ((l = calloc(1, sizeof *l)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	r = draft_last(l, (const uint8_t *)data, len, key, &end, cause);
	if (r == ERR_CRYPTO || r == ERR_PARSE) {
		/* Not a journal: perhaps a draft of an earlier version. */
		char *why = NULL;
		int r1 = draft_last_v1(l, (const uint8_t *)data, len, key,
		    path, &why);

		if (r1 == ERR_OK || (r1 != ERR_CRYPTO && r1 != ERR_PARSE)) {
			if (cause != NULL) {
				free(*cause);
				*cause = why;
				why = NULL;
			}
			r = r1;
			end = len;
		}
		free(why);
	}
	if (r != ERR_OK)
		goto out;
	if ((r = draft_parse(l, cause)) != ERR_OK)
		goto out;
	/* Appends after a torn record would never be read: cut it off. */
	if (end < len)
		draft_cut(path, end);
	*outp = l;
	l = NULL;
out:
	draft_loaded_free(&l);
	sodium_free(key);
	free(data);
	free(keypath);
	free(path);
	return r;
}

void
draft_loaded_free(struct draft_loaded **lp)
{
	struct draft_loaded *l;

	if (lp == NULL || (l = *lp) == NULL)
		return;
	sodium_free(l->body);	/* wipes */
	free(l->answers);
	free(l);
	*lp = NULL;
}
