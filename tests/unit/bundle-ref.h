/*
 * The jansson-based parse of a bundle's manifest as it was before the
 * single-pass reader (sync/bundle-manifest.c), kept only in the tests as
 * the reference the reader is compared with: json_loadb with
 * JSON_REJECT_DUPLICATES, then a walk of the tree (bundle_parse_head,
 * bundle_parse_entry). Its verdicts, causes and struct are what "the same
 * as before" means. Not part of the program.
 */
#ifndef OUTREACH_BUNDLE_REF_H
#define OUTREACH_BUNDLE_REF_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/jsonload.h"
#include "sync/bundle-int.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/jsonfield.h"

#define BREF_NOT_JSON	"the manifest is not valid JSON"

static const char *const bref_top_keys[] = {
	"format", "device", "device_public_key", "seq", "previous", "created",
	"entries", NULL
};
static const char *const bref_entry_keys[] = {
	"id", "form", "version", "size", "sha256", NULL
};

static int
bref_head(struct bundle *b, json_t *root, char **cause)
{
	struct bundle_head *h = &b->head;
	const char *s;
	char id[BUNDLE_KEYID_SIZE];
	json_t *v;

	if (!json_is_object(root))
		return err_set(cause, ERR_PARSE, "the manifest is not a JSON "
		    "object");
	if (jsonfield_unknown(root, bref_top_keys) != NULL)
		return err_set(cause, ERR_PARSE, "the manifest has an unknown "
		    "field (not %s)", BUNDLE_FORMAT);
	if ((s = jsonfield_str(root, "format")) == NULL ||
	    strcmp(s, BUNDLE_FORMAT) != 0)
		return err_set(cause, ERR_UNSUPPORTED, "the manifest is not "
		    "in the format %s", BUNDLE_FORMAT);
	if ((s = jsonfield_str(root, "device")) == NULL || !device_key_id_valid(s))
		return err_set(cause, ERR_PARSE, "the manifest's device key "
		    "id is missing or malformed");
	memcpy(h->device, s, BUNDLE_KEYID_SIZE);
	if ((s = jsonfield_str(root, "device_public_key")) == NULL ||
	    minisign_pubkey_parse(s, strlen(s), &h->device_pk, NULL) != 0)
		return err_set(cause, ERR_PARSE, "the manifest's device public "
		    "key is missing or malformed");
	device_key_id(&h->device_pk, id);
	if (strcmp(id, h->device) != 0)
		return err_set(cause, ERR_INVALID, "the manifest's public key "
		    "is not device %s's", h->device);
	v = json_object_get(root, "seq");
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > BUNDLE_MAX_SEQ)
		return err_set(cause, ERR_PARSE, "the manifest's bundle number "
		    "is missing or out of range");
	h->seq = (int64_t)json_integer_value(v);
	v = json_object_get(root, "previous");
	if (json_is_null(v))
		h->has_previous = 0;
	else if ((s = jsonfield_str(root, "previous")) == NULL ||
	    bundle_unhex(s, h->previous) != 0)
		return err_set(cause, ERR_PARSE, "the manifest's previous "
		    "bundle hash is malformed");
	else
		h->has_previous = 1;
	if (h->seq == 1 && h->has_previous)
		return err_set(cause, ERR_INVALID, "bundle 1 names a previous "
		    "bundle");
	if ((s = jsonfield_str(root, "created")) == NULL ||
	    bundle_time_parse(s, &h->created) != 0)
		return err_set(cause, ERR_PARSE, "the manifest's creation time "
		    "is missing or malformed");
	return ERR_OK;
}

static int
bref_entry(struct bundle *b, size_t i, json_t *o, char **cause)
{
	struct bundle_entry *e = &b->entries[i];
	const char *s;
	json_t *v;

	if (!json_is_object(o) || jsonfield_unknown(o, bref_entry_keys) != NULL)
		return err_set(cause, ERR_PARSE, "manifest entry %zu is "
		    "malformed", i + 1);
	if ((s = jsonfield_str(o, "id")) == NULL || !bundle_uuid_ok(s))
		return err_set(cause, ERR_PARSE, "manifest entry %zu has no "
		    "valid id", i + 1);
	memcpy(e->id, s, BUNDLE_ID_SIZE);
	if ((s = jsonfield_str(o, "form")) == NULL || !bundle_field_ok(s) ||
	    (e->form = strdup(s)) == NULL)
		return e->form == NULL && s != NULL && bundle_field_ok(s) ?
		    ERR_NOMEM : err_set(cause, ERR_PARSE, "manifest entry %s "
		    "has no valid form id", e->id);
	if ((s = jsonfield_str(o, "version")) == NULL || !bundle_field_ok(s) ||
	    (e->version = strdup(s)) == NULL)
		return e->version == NULL && s != NULL &&
		    bundle_field_ok(s) ? ERR_NOMEM : err_set(cause,
		    ERR_PARSE, "manifest entry %s has no valid form version",
		    e->id);
	v = json_object_get(o, "size");
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    (uint64_t)json_integer_value(v) > BUNDLE_MAX_ENTRY)
		return err_set(cause, ERR_PARSE, "manifest entry %s has no "
		    "valid size", e->id);
	e->size = (size_t)json_integer_value(v);
	if ((s = jsonfield_str(o, "sha256")) == NULL ||
	    bundle_unhex(s, e->sha256) != 0)
		return err_set(cause, ERR_PARSE, "manifest entry %s has no "
		    "valid SHA-256", e->id);
	return ERR_OK;
}

/* The old bundle_parse_manifest: forms and versions strdup'd into b. */
static int
bref_parse(struct bundle *b, char **cause)
{
	json_t *root = NULL, *entries;
	json_error_t je;
	size_t i, total = 0;
	int r;

	root = json_loadb(b->manifest, b->manifest_len, JSON_REJECT_DUPLICATES,
	    &je);
	if (root == NULL) {
		r = err_set(cause, ERR_PARSE, BREF_NOT_JSON " (line %d: %s)",
		    je.line, je.text);
		goto out;
	}
	if ((r = bref_head(b, root, cause)) != 0)
		goto out;
	entries = json_object_get(root, "entries");
	if (!json_is_array(entries) || json_array_size(entries) == 0 ||
	    json_array_size(entries) > BUNDLE_MAX_ENTRIES) {
		r = err_set(cause, ERR_PARSE, "the manifest must list 1 to %d "
		    "entries", BUNDLE_MAX_ENTRIES);
		goto out;
	}
	b->n = json_array_size(entries);
	if ((b->entries = calloc(b->n, sizeof *b->entries)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < b->n; i++) {
		if ((r = bref_entry(b, i, json_array_get(entries, i),
		    cause)) != 0)
			goto out;
		total += b->entries[i].size;
		if (total > BUNDLE_MAX_PAYLOAD) {
			r = err_set(cause, ERR_LIMIT, "the manifest declares "
			    "more than %zu bytes", BUNDLE_MAX_PAYLOAD);
			goto out;
		}
	}
	r = ERR_OK;
out:
	json_decref(root);
	return r;
}

/* A struct bundle holding a copy of text (exactly len bytes, for ASan). */
static struct bundle *
bref_bundle(const char *text, size_t len)
{
	struct bundle *b;

	if ((b = calloc(1, sizeof *b)) == NULL ||
	    (b->manifest = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(b->manifest, text, len);
	b->manifest_len = len;
	return b;
}

static void
bref_free(struct bundle **bp)
{
	size_t i;

	for (i = 0; *bp != NULL && i < (*bp)->n && (*bp)->entries != NULL;
	    i++) {
		free((*bp)->entries[i].form);
		free((*bp)->entries[i].version);
	}
	bundle_free(bp);
}

static int
bref_streq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL &&
	    strcmp(a, b) == 0);
}

/* 1 when the two reads of a manifest are the same. */
static int
bref_same(const struct bundle *a, const struct bundle *b)
{
	const struct bundle_head *x = &a->head, *y = &b->head;
	size_t i;

	if (strcmp(x->device, y->device) != 0 ||
	    memcmp(&x->device_pk, &y->device_pk, sizeof x->device_pk) != 0 ||
	    x->seq != y->seq || x->has_previous != y->has_previous ||
	    (x->has_previous && memcmp(x->previous, y->previous,
	    sizeof x->previous) != 0) || x->created != y->created ||
	    a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->entries[i].id, b->entries[i].id) != 0 ||
		    strcmp(a->entries[i].form, b->entries[i].form) != 0 ||
		    strcmp(a->entries[i].version, b->entries[i].version) != 0 ||
		    a->entries[i].size != b->entries[i].size ||
		    memcmp(a->entries[i].sha256, b->entries[i].sha256,
		    BUNDLE_HASH_BYTES) != 0)
			return 0;
	return 1;
}

/*
 * 1 (and why) when bundle_manifest_parse and the reference differ on
 * text: another error, another cause (but for "not valid JSON", whose
 * detail was jansson's), or another result. *rp: the reference's error.
 */
static int
bref_differs(const char *text, size_t len, int *rp, char *why, size_t whylen)
{
	struct bundle *a = bref_bundle(text, len), *b = bref_bundle(text, len);
	char *c1 = NULL, *c2 = NULL;
	int r1, r2, bad = 0;

	r1 = bundle_manifest_parse(a, 0, &c1);
	r2 = bref_parse(b, &c2);
	*rp = r2;
	if (r1 != r2)
		bad = 1;
	else if (r1 == ERR_OK)
		bad = !bref_same(a, b);
	else if (c1 == NULL || c2 == NULL)
		bad = 1;
	else if (strncmp(c2, BREF_NOT_JSON, strlen(BREF_NOT_JSON)) == 0)
		bad = strncmp(c1, BREF_NOT_JSON, strlen(BREF_NOT_JSON)) != 0;
	else
		bad = !bref_streq(c1, c2);
	if (bad)
		snprintf(why, whylen, "reader %d (%s), reference %d (%s)", r1,
		    c1 != NULL ? c1 : "-", r2, c2 != NULL ? c2 : "-");
	bundle_free(&a);
	bref_free(&b);
	free(c1);
	free(c2);
	return bad;
}

#endif
