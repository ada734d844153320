/*
 * Reading bundles: the archive's shape, the manifest's strict parse, the
 * signature and the entries' hashes; see bundle.h.
 *
 * Order matters: the archive is checked whole (zipread), then its shape
 * against the manifest (exactly the manifest, its signature and one .age
 * per entry, each of the declared size), all before a byte of any
 * submission is read. Unknown manifest keys are refused: a new field means
 * a new format tag. The manifest is read in bundle-manifest.c.
 */
#include "sync/bundle.h"
#include "sync/bundle-int.h"
#include "sync/device.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/bundle-export.h"
#include "sync/hash.h"
#include "sync/zipread.h"

#define BUNDLE_ENTRY_PREFIX	"submissions/"
#define BUNDLE_ENTRY_SUFFIX	".age"

/* Exactly the manifest, its signature and one .age per entry, sized right. */
static int
bundle_check_shape(struct bundle *b, char **cause)
{
	const struct zipread_entry *ze = NULL, *first;
	char name[BUNDLE_ID_SIZE + 32], *q;
	uint8_t *claimed = NULL;
	size_t i, k;
	int r = ERR_OK;

	if (zipread_count(b->zip) != b->n + 2) {
		for (i = 0; i < zipread_count(b->zip); i++) {
			ze = zipread_entry(b->zip, i);
			if (strcmp(ze->name, BUNDLE_MANIFEST) == 0 ||
			    strcmp(ze->name, BUNDLE_MANIFEST_SIG) == 0)
				continue;
			if (strncmp(ze->name, BUNDLE_ENTRY_PREFIX,
			    strlen(BUNDLE_ENTRY_PREFIX)) != 0)
				break;
		}
		if (i < zipread_count(b->zip)) {
			q = zipread_quote(ze->name, strlen(ze->name), 80);
			r = err_set(cause, ERR_INVALID, "the bundle holds an "
			    "unexpected entry \"%s\"", q != NULL ? q : "?");
			free(q);
			return r;
		}
		return err_set(cause, ERR_INVALID, "the bundle holds %zu "
		    "submissions but its manifest lists %zu",
		    zipread_count(b->zip) - 2, b->n);
	}
	/* Each zip entry is claimed once, so an id listed twice is caught. */
	if ((claimed = calloc(b->n + 2, 1)) == NULL)
		return ERR_NOMEM;
	first = zipread_entry(b->zip, 0);
	memcpy(name, BUNDLE_ENTRY_PREFIX, strlen(BUNDLE_ENTRY_PREFIX));
	q = name + strlen(BUNDLE_ENTRY_PREFIX);
	for (i = 0; i < b->n; i++) {
		memcpy(q, b->entries[i].id, BUNDLE_ID_SIZE - 1);
		memcpy(q + BUNDLE_ID_SIZE - 1, BUNDLE_ENTRY_SUFFIX,
		    sizeof BUNDLE_ENTRY_SUFFIX);
		/* Where bundle_build puts it, else wherever it is. */
		ze = zipread_entry(b->zip, i + 2);
		if ((ze == NULL || strcmp(ze->name, name) != 0) &&
		    (ze = zipread_find(b->zip, name)) == NULL) {
			r = err_set(cause, ERR_INVALID, "the manifest lists "
			    "%s, which is not in the bundle",
			    b->entries[i].id);
			goto out;
		}
		k = (size_t)(ze - first);
		if (claimed[k]++) {
			r = err_set(cause, ERR_INVALID, "the manifest lists "
			    "%s twice", b->entries[i].id);
			goto out;
		}
		if (ze->size != b->entries[i].size) {
			r = err_set(cause, ERR_INVALID, "%s is %llu bytes; "
			    "the manifest says %zu", b->entries[i].id,
			    (unsigned long long)ze->size, b->entries[i].size);
			goto out;
		}
		b->entries[i].zentry = ze;
	}
out:
	free(claimed);
	return r;
}

int
bundle_open(const void *data, size_t len, struct bundle **bp, char **cause)
{
	struct zipread_limits lim;
	const struct zipread_entry *me, *se;
	struct bundle *b = NULL;
	int r;

	*bp = NULL;
	if (len > BUNDLE_MAX_FILE)
		return err_set(cause, ERR_LIMIT, "larger than %zu bytes",
		    BUNDLE_MAX_FILE);
	if ((b = calloc(1, sizeof *b)) == NULL)
		return ERR_NOMEM;
	memset(&lim, 0, sizeof lim);
	lim.max_entries = BUNDLE_MAX_ENTRIES + 2;
	lim.max_entry = BUNDLE_MAX_ENTRY > BUNDLE_MAX_MANIFEST ?
	    BUNDLE_MAX_ENTRY : BUNDLE_MAX_MANIFEST;
	lim.max_total = BUNDLE_MAX_PAYLOAD + BUNDLE_MAX_MANIFEST +
	    BUNDLE_MAX_SIG;
	if ((r = zipread_open(data, len, &lim, &b->zip, cause)) != 0)
		goto out;
	if ((me = zipread_find(b->zip, BUNDLE_MANIFEST)) == NULL ||
	    (se = zipread_find(b->zip, BUNDLE_MANIFEST_SIG)) == NULL) {
		r = err_set(cause, ERR_INVALID, "no %s in the bundle",
		    me == NULL ? BUNDLE_MANIFEST : BUNDLE_MANIFEST_SIG);
		goto out;
	}
	if (me->size > BUNDLE_MAX_MANIFEST || se->size > BUNDLE_MAX_SIG) {
		r = err_set(cause, ERR_LIMIT, "the manifest or its signature "
		    "is too large");
		goto out;
	}
	if ((r = zipread_read_alloc(b->zip, me, (uint8_t **)&b->manifest,
	    &b->manifest_len, cause)) != 0 ||
	    (r = zipread_read_alloc(b->zip, se, (uint8_t **)&b->sig,
	    &b->sig_len, cause)) != 0)
		goto out;
	hash_sha256(b->hash, (const uint8_t *)b->manifest,
	    b->manifest_len);
	if ((r = bundle_manifest_parse(b, zipread_count(b->zip) - 2,
	    cause)) != 0 ||
	    (r = bundle_check_shape(b, cause)) != 0)
		goto out;
	*bp = b;
	b = NULL;
out:
	bundle_free(&b);
	return r;
}

void
bundle_free(struct bundle **bp)
{
	struct bundle *b = *bp;

	if (b == NULL)
		return;
	free(b->entries);
	free(b->strings);
	free(b->manifest);
	free(b->sig);
	zipread_free(&b->zip);
	free(b);
	*bp = NULL;
}

int
bundle_check_signature(const struct bundle *b,
    const struct minisign_pubkey *pk, char **cause)
{
	char *why = NULL;
	int r;

	r = minisign_verify(pk, b->manifest, b->manifest_len, b->sig,
	    b->sig_len, NULL, &why);
	if (r == ERR_NOKEY)
		err_set(cause, r, "the manifest is signed by another key");
	else if (r == ERR_SIGNATURE)
		err_set(cause, r, "the manifest's signature does not verify "
		    "(the manifest was altered)");
	else if (r != 0)
		err_set(cause, r, "the manifest's signature is unreadable: %s",
		    why != NULL ? why : err_str(r));
	free(why);
	return r;
}

int
bundle_entry_read(struct bundle *b, size_t i, uint8_t *out, size_t cap,
    size_t *lenp, char **cause)
{
	const struct bundle_entry *e = &b->entries[i];
	int r;

	*lenp = 0;
	if (b->zip == NULL)
		return err_set(cause, ERR_INVALID, "the bundle's archive is "
		    "closed");
	if ((r = zipread_read(b->zip, e->zentry, out, cap, lenp, cause)) != 0)
		return r;
	if (*lenp != e->size)
		return err_set(cause, ERR_INVALID, "%s is %zu bytes; the "
		    "manifest says %zu", e->id, *lenp, e->size);
	return ERR_OK;
}

int
bundle_entry_data(const struct bundle *b, size_t i, const uint8_t **pp,
    size_t *lenp)
{
	const struct zipread_entry *ze = b->entries[i].zentry;
	int r;

	*lenp = 0;
	if (b->zip == NULL || ze == NULL)
		return ERR_INVALID;
	if ((r = zipread_data(b->zip, ze, pp)) != 0)
		return r;
	*lenp = b->entries[i].size;	/* ze->size: bundle_check_shape */
	return ERR_OK;
}

void
bundle_entries_done(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		b->entries[i].zentry = NULL;
	zipread_free(&b->zip);
}

int
bundle_entry_hash_ok(const struct bundle_entry *e, const void *data,
    size_t len)
{
	uint8_t h[BUNDLE_HASH_BYTES];

	if (len != e->size)
		return 0;
	hash_sha256(h, data, len);
	return sodium_memcmp(h, e->sha256, sizeof h) == 0;
}

int
bundle_verify(struct bundle *b, const struct minisign_pubkey *pk,
    char **cause)
{
	uint8_t *buf = NULL;
	size_t i, len, max = 0;
	int r;

	if ((r = bundle_check_signature(b, pk, cause)) != 0)
		return r;
	for (i = 0; i < b->n; i++)
		if (b->entries[i].size > max)
			max = b->entries[i].size;
	if ((buf = malloc(max)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < b->n; i++) {
		if ((r = bundle_entry_read(b, i, buf, max, &len, cause)) != 0)
			break;
		if (!bundle_entry_hash_ok(&b->entries[i], buf, len)) {
			r = err_set(cause, ERR_SIGNATURE, "%s does not match "
			    "its SHA-256 in the manifest (altered or damaged)",
			    b->entries[i].id);
			break;
		}
	}
	free(buf);
	return r;
}

int
bundle_open_back(const char *path, int *fdp, size_t *lenp, char **cause)
{
	struct stat st;
	int fd;

	*fdp = -1;
	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
	/* Drop cached pages so the check reads what the device holds. */
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > BUNDLE_MAX_FILE) {
		close(fd);
		return err_set(cause, ERR_INVALID, "%s: not a regular file of "
		    "at most %zu bytes", path, BUNDLE_MAX_FILE);
	}
	*fdp = fd;
	*lenp = (size_t)st.st_size;
	return ERR_OK;
}

int
bundle_read_back(const char *path, char **outp, size_t *lenp, char **cause)
{
	char *p = NULL;
	size_t len;
	ssize_t n;
	int fd, r;

	*outp = NULL;
	if ((r = bundle_open_back(path, &fd, &len, cause)) != 0)
		return r;
	if ((p = malloc(len + 1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((n = fd_read_all(fd, p, len)) < (ssize_t)len) {
		r = err_set(cause, n != -1 ? ERR_IO : err_from_errno(errno),
		    "%s: %s", path, n != -1 ? "shorter than it was" :
		    strerror(errno));
		goto out;
	}
	*outp = p;
	*lenp = len;
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

	if ((r = bundle_read_back(path, &data, &len, &why)) != 0 ||
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
