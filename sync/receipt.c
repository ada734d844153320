/*
 * Receipts: building, writing signed, reading and verifying; see receipt.h.
 *
 * A receipt is read only after its signature verifies against the hub key
 * the device trusts: before that its bytes are not parsed at all. Parsing
 * is strict: known keys only, every id a UUIDv4, bounded sizes, and the
 * file name must agree with the device and bundle number inside.
 */
#include "sync/receipt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/jsonload.h"
#include "content/utf8.h"
#include "sync/device.h"
#include "sync/jsonfield.h"

static const char *const receipt_keys[] = {
	"format", "hub", "device", "seq", "bundle", "bundle_sha256", "created",
	"status", "reason", "stored", "held", "refused", NULL
};

struct receipt *
receipt_new(void)
{
	return calloc(1, sizeof(struct receipt));
}

void
receipt_free(struct receipt **rp)
{
	struct receipt *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrefused; i++)
		free(r->refused[i].reason);
	free(r->refused);
	free(r->stored);
	free(r->held);
	free(r->reason);
	free(r);
	*rp = NULL;
}

static int
receipt_add_id(char (**v)[BUNDLE_ID_SIZE], size_t *n, const char *id)
{
	char (*nv)[BUNDLE_ID_SIZE];

	if (!bundle_uuid_ok(id))
		return ERR_INVALID;
	/* Capacity is the next power of two: grow when n is one. */
	if ((*n & (*n - 1)) == 0) {
		if ((nv = reallocarray(*v, *n ? *n * 2 : 1,
		    sizeof *nv)) == NULL)
			return ERR_NOMEM;
		*v = nv;
	}
	memcpy((*v)[*n], id, BUNDLE_ID_SIZE);
	(*n)++;
	return ERR_OK;
}

int
receipt_add_stored(struct receipt *r, const char *id)
{
	return receipt_add_id(&r->stored, &r->nstored, id);
}

int
receipt_add_held(struct receipt *r, const char *id)
{
	return receipt_add_id(&r->held, &r->nheld, id);
}

/*
 * How many bytes of reason a receipt keeps: at most RECEIPT_MAX_REASON,
 * cut before a character, never inside one (a cut character is not UTF-8,
 * and JSON cannot carry it).
 */
static size_t
receipt_reason_len(const char *reason)
{
	size_t n = strnlen(reason, RECEIPT_MAX_REASON + 1);

	if (n <= RECEIPT_MAX_REASON)
		return n;
	n = RECEIPT_MAX_REASON;
	while (n > 0 && ((unsigned char)reason[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int
receipt_add_refused(struct receipt *r, const char *id, const char *reason)
{
	struct receipt_refusal *v;

	if (!bundle_uuid_ok(id))
		return ERR_INVALID;
	if ((r->nrefused & (r->nrefused - 1)) == 0) {
		if ((v = reallocarray(r->refused, r->nrefused ?
		    r->nrefused * 2 : 1, sizeof *v)) == NULL)
			return ERR_NOMEM;
		r->refused = v;
	}
	v = &r->refused[r->nrefused];
	memcpy(v->id, id, BUNDLE_ID_SIZE);
	if ((v->reason = strndup(reason, receipt_reason_len(reason))) == NULL)
		return ERR_NOMEM;
	r->nrefused++;
	return ERR_OK;
}

void
receipt_name(const char *device, int64_t seq, char out[RECEIPT_NAME_SIZE])
{
	snprintf(out, RECEIPT_NAME_SIZE, "receipt-%s-%06" PRId64 ".json",
	    device, seq);
}

int
receipt_name_parse(const char *name, char device[BUNDLE_KEYID_SIZE],
    int64_t *seqp)
{
	char bname[BUNDLE_NAME_SIZE];

	/* The same shape as a bundle's name: reuse its parser. */
	if (strncmp(name, "receipt-", 8) != 0 || strlen(name) != 8 + 16 + 1 +
	    6 + 5 || strcmp(name + 31, ".json") != 0)
		return ERR_INVALID;
	snprintf(bname, sizeof bname, "outreach-%.23s.zip", name + 8);
	return bundle_name_parse(bname, device, seqp);
}

static json_t *
receipt_ids(char (*v)[BUNDLE_ID_SIZE], size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

int
receipt_json(const struct receipt *r, char **outp, size_t *lenp,
    char **cause)
{
	json_t *o = NULL, *ref = NULL, *e;
	char hex[BUNDLE_HEX_SIZE], when[BUNDLE_TIME_SIZE];
	char name[BUNDLE_NAME_SIZE];
	size_t i;
	int rc = ERR_NOMEM;

	*outp = NULL;
	if (bundle_time_format(r->created, when) != 0)
		return err_set(cause, ERR_INVALID, "bad receipt time");
	bundle_hex(r->bundle_hash, hex);
	bundle_name(r->device, r->seq, name);
	if ((o = json_object()) == NULL || (ref = json_array()) == NULL)
		goto out;
	for (i = 0; i < r->nrefused; i++) {
		if ((e = json_object()) == NULL ||
		    json_array_append_new(ref, e) != 0 ||
		    json_object_set_new(e, "id",
		    json_string(r->refused[i].id)) != 0 ||
		    json_object_set_new(e, "reason",
		    json_stringn(r->refused[i].reason, receipt_reason_len(
		    r->refused[i].reason))) != 0)
			goto out;
	}
	if (json_object_set_new(o, "format", json_string(RECEIPT_FORMAT)) ||
	    json_object_set_new(o, "hub", json_string(r->hub)) ||
	    json_object_set_new(o, "device", json_string(r->device)) ||
	    json_object_set_new(o, "seq", json_integer(r->seq)) ||
	    json_object_set_new(o, "bundle", json_string(name)) ||
	    json_object_set_new(o, "bundle_sha256", json_string(hex)) ||
	    json_object_set_new(o, "created", json_string(when)) ||
	    json_object_set_new(o, "status", json_string(r->refused_whole ?
	    "refused" : "imported")) ||
	    json_object_set_new(o, "reason", r->reason != NULL ?
	    json_stringn(r->reason, receipt_reason_len(r->reason)) :
	    json_null()) ||
	    json_object_set_new(o, "stored", receipt_ids(r->stored,
	    r->nstored)) ||
	    json_object_set_new(o, "held", receipt_ids(r->held, r->nheld)) ||
	    json_object_set(o, "refused", ref))
		goto out;
	if ((*outp = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENSURE_ASCII)) == NULL)
		goto out;
	*lenp = strlen(*outp);
	/* A device would refuse it unread: say so here, at the hub. */
	if (*lenp > RECEIPT_MAX_JSON) {
		free(*outp);
		*outp = NULL;
		rc = err_set(cause, ERR_LIMIT, "the receipt would be %zu "
		    "bytes; a device reads at most %zu", *lenp,
		    RECEIPT_MAX_JSON);
		*lenp = 0;
		goto out;
	}
	rc = ERR_OK;
out:
	json_decref(ref);
	json_decref(o);
	return rc;
}

static int
receipt_parse_ids(json_t *a, char (**v)[BUNDLE_ID_SIZE], size_t *n)
{
	size_t i;
	json_t *e;

	if (!json_is_array(a) || json_array_size(a) > BUNDLE_MAX_ENTRIES)
		return ERR_PARSE;
	json_array_foreach(a, i, e)
		if (!json_is_string(e) || receipt_add_id(v, n,
		    json_string_value(e)) != 0)
			return ERR_PARSE;
	return ERR_OK;
}

static int
receipt_parse_tree(json_t *o, struct receipt *r)
{
	const char *s, *reason;
	char name[BUNDLE_NAME_SIZE];
	json_t *v, *e;
	size_t i;

	if (jsonfield_unknown(o, receipt_keys) != NULL)
		return ERR_PARSE;
	if ((s = jsonfield_str(o, "format")) == NULL ||
	    strcmp(s, RECEIPT_FORMAT) != 0)
		return ERR_UNSUPPORTED;
	if ((s = jsonfield_str(o, "hub")) == NULL || !device_key_id_valid(s))
		return ERR_PARSE;
	memcpy(r->hub, s, BUNDLE_KEYID_SIZE);
	if ((s = jsonfield_str(o, "device")) == NULL || !device_key_id_valid(s))
		return ERR_PARSE;
	memcpy(r->device, s, BUNDLE_KEYID_SIZE);
	v = json_object_get(o, "seq");
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > BUNDLE_MAX_SEQ)
		return ERR_PARSE;
	r->seq = (int64_t)json_integer_value(v);
	bundle_name(r->device, r->seq, name);
	if ((s = jsonfield_str(o, "bundle")) == NULL || strcmp(s, name) != 0 ||
	    (s = jsonfield_str(o, "bundle_sha256")) == NULL ||
	    bundle_unhex(s, r->bundle_hash) != 0 ||
	    (s = jsonfield_str(o, "created")) == NULL ||
	    bundle_time_parse(s, &r->created) != 0 ||
	    (s = jsonfield_str(o, "status")) == NULL)
		return ERR_PARSE;
	if (strcmp(s, "refused") == 0)
		r->refused_whole = 1;
	else if (strcmp(s, "imported") != 0)
		return ERR_PARSE;
	v = json_object_get(o, "reason");
	if (json_is_string(v)) {
		if ((s = jsonfield_str(o, "reason")) == NULL ||
		    strlen(s) > RECEIPT_MAX_REASON ||
		    (r->reason = strdup(s)) == NULL)
			return ERR_PARSE;
	} else if (!json_is_null(v))
		return ERR_PARSE;
	if (receipt_parse_ids(json_object_get(o, "stored"), &r->stored,
	    &r->nstored) != 0 || receipt_parse_ids(json_object_get(o, "held"),
	    &r->held, &r->nheld) != 0)
		return ERR_PARSE;
	v = json_object_get(o, "refused");
	if (!json_is_array(v) || json_array_size(v) > BUNDLE_MAX_ENTRIES)
		return ERR_PARSE;
	json_array_foreach(v, i, e) {
		if (!json_is_object(e) || json_object_size(e) != 2 ||
		    (s = jsonfield_str(e, "id")) == NULL ||
		    (reason = jsonfield_str(e, "reason")) == NULL ||
		    strlen(reason) > RECEIPT_MAX_REASON ||
		    receipt_add_refused(r, s, reason) != 0)
			return ERR_PARSE;
	}
	if (r->refused_whole && (r->nstored > 0 || r->nheld > 0))
		return ERR_PARSE;
	return ERR_OK;
}

int
receipt_parse(const char *json, size_t len, struct receipt **rp,
    char **cause)
{
	struct receipt *r = NULL;
	json_t *o = NULL;
	json_error_t je;
	int rc;

	*rp = NULL;
	if (len > RECEIPT_MAX_JSON)
		return err_set(cause, ERR_LIMIT, "the receipt is too large");
	if ((o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je)) == NULL ||
	    !json_is_object(o)) {
		rc = err_set(cause, ERR_PARSE, "the receipt is not a JSON "
		    "object");
		goto out;
	}
	if ((r = receipt_new()) == NULL) {
		rc = ERR_NOMEM;
		goto out;
	}
	if ((rc = receipt_parse_tree(o, r)) != 0) {
		err_set(cause, rc, rc == ERR_UNSUPPORTED ? "the receipt is not "
		    "in the format " RECEIPT_FORMAT : "the receipt is "
		    "malformed");
		goto out;
	}
	*rp = r;
	r = NULL;
out:
	receipt_free(&r);
	json_decref(o);
	return rc;
}

/*
 * Write path through a temporary name and rename(2), without fsync: a
 * receipt that a crash loses or cuts short only fails its signature check
 * on the device, which then deletes nothing; importing the bundle again
 * writes it again. So a hub run pays no disk flush per receipt.
 */
static int
receipt_put(const char *path, const char *data, size_t len, char **cause)
{
	char *tmp = NULL;
	int fd, w, r = ERR_OK;

	if (asprintf(&tmp, "%s.tmp-%ld", path, (long)getpid()) == -1)
		return ERR_NOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd == -1) {
		r = err_set(cause, err_from_errno(errno), "%s: %s", tmp,
		    strerror(errno));
		goto out;
	}
	if ((w = fd_write_all(fd, data, len)) == -1 || close(fd) == -1) {
		r = err_set(cause, err_from_errno(errno), "%s: %s", tmp,
		    strerror(errno));
		if (w == -1)
			close(fd);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) == -1) {
		r = err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	return r;
}

int
receipt_write(const char *dir, const struct receipt *r,
    const struct minisign_seckey *sk, char **cause)
{
	char name[RECEIPT_NAME_SIZE], signame[RECEIPT_NAME_SIZE + 8];
	char *json = NULL, *sig = NULL, *tc = NULL, *path = NULL,
	    *sigpath = NULL;
	size_t len = 0, siglen = 0;
	int rc;

	receipt_name(r->device, r->seq, name);
	snprintf(signame, sizeof signame, "%s.minisig", name);
	if ((rc = receipt_json(r, &json, &len, cause)) != 0)
		goto out;
	if ((tc = minisign_trusted_comment(name, (time_t)r->created)) == NULL ||
	    (path = file_join(dir, name)) == NULL ||
	    (sigpath = file_join(dir, signame)) == NULL) {
		rc = ERR_NOMEM;
		goto out;
	}
	if ((rc = minisign_sign(sk, json, len, tc, "signature from outreach "
	    "hub key", &sig, &siglen, cause)) != 0 ||
	    (rc = receipt_put(path, json, len, cause)) != 0 ||
	    (rc = receipt_put(sigpath, sig, siglen, cause)) != 0)
		goto out;
out:
	free(json);
	free(sig);
	free(tc);
	free(path);
	free(sigpath);
	return rc;
}

int
receipt_load(const char *dir, const char *name,
    const struct minisign_pubkey *hub, struct receipt **rp, char **cause)
{
	struct receipt *r = NULL;
	char device[BUNDLE_KEYID_SIZE], *path = NULL, *sigpath = NULL;
	char *json = NULL, *sig = NULL, *why = NULL;
	size_t len = 0, siglen = 0;
	struct stat st;
	int64_t seq;
	int rc;

	*rp = NULL;
	if (receipt_name_parse(name, device, &seq) != 0)
		return err_set(cause, ERR_INVALID, "not a receipt's name");
	if ((path = file_join(dir, name)) == NULL ||
	    asprintf(&sigpath, "%s.minisig", path) == -1) {
		sigpath = NULL;
		rc = ERR_NOMEM;
		goto out;
	}
	if (lstat(path, &st) == -1 || !S_ISREG(st.st_mode)) {
		rc = err_set(cause, ERR_INVALID, "it is not a regular file");
		goto out;
	}
	if ((rc = file_read(path, RECEIPT_MAX_JSON, &json, &len, cause)) != 0)
		goto out;
	if ((rc = file_read(sigpath, 8192, &sig, &siglen, &why)) != 0) {
		rc = err_set(cause, ERR_SIGNATURE, "it is not signed (%s)", why);
		goto out;
	}
	if ((rc = minisign_verify(hub, json, len, sig, siglen, NULL,
	    &why)) != 0) {
		if (rc == ERR_NOKEY)
			err_set(cause, rc, "it is signed by another key than "
			    "the hub's this device trusts");
		else if (rc == ERR_SIGNATURE)
			err_set(cause, rc, "its signature does not verify (it "
			    "was altered)");
		else
			err_set(cause, ERR_SIGNATURE, "its signature is "
			    "unreadable (%s)", why);
		if (rc != ERR_NOKEY)
			rc = ERR_SIGNATURE;
		goto out;
	}
	if ((rc = receipt_parse(json, len, &r, cause)) != 0)
		goto out;
	if (strcmp(r->device, device) != 0 || r->seq != seq) {
		rc = err_set(cause, ERR_INVALID, "its name does not match its "
		    "content");
		goto out;
	}
	*rp = r;
	r = NULL;
out:
	receipt_free(&r);
	free(path);
	free(sigpath);
	free(json);
	free(sig);
	free(why);
	return rc;
}
