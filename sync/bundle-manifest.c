/*
 * Reading a bundle's manifest.json: one strict pass over its bytes,
 * without building a tree, on the JSON lexer the submission reader uses
 * (sync/submission-lex.c, the tokens as jansson reads them).
 *
 * It accepts and refuses exactly what jansson's json_loadb with
 * JSON_REJECT_DUPLICATES followed by a walk of the tree did, with the
 * same error and cause (tests/unit/bundle-ref.h is that walk, kept as the
 * reference the tests compare with): only a document that is not JSON
 * gets another cause ("not valid JSON (line, column)"). As jansson read
 * the whole document before the walk looked at it, a document that is
 * not JSON anywhere is refused as such, and the checks run in the walk's
 * order whatever the keys' order: the top object's fields (format,
 * device, its key, seq, previous, created), then the entries' count,
 * then each entry in turn. So the top's values are kept until the end
 * (a handful of strings), and each entry is checked when its object
 * closes; its strings are then dropped from the arena, but for its form
 * and version, which stay packed at the arena's front and which
 * b->strings (the arena) holds. The arena is the manifest's size, and a
 * string unescaped is never longer than its JSON, so it never grows.
 */
#include "sync/bundle-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/device.h"
#include "sync/submission-int.h"

/* What a key held: the tree's json_t, as far as the walk looked. */
enum bundle_manifest_type {
	BUNDLE_MV_ABSENT, BUNDLE_MV_STRING, BUNDLE_MV_INTEGER,
	BUNDLE_MV_NULL, BUNDLE_MV_ARRAY, BUNDLE_MV_OTHER
};

struct bundle_manifest_val {
	enum bundle_manifest_type type;
	uint32_t	off;		/* a string's, in the arena */
	uint32_t	len;
	int64_t		num;		/* an integer's */
};

enum { BUNDLE_M_FORMAT, BUNDLE_M_DEVICE, BUNDLE_M_PK, BUNDLE_M_SEQ,
	BUNDLE_M_PREVIOUS, BUNDLE_M_CREATED, BUNDLE_M_ENTRIES, BUNDLE_M_NTOP };
enum { BUNDLE_M_ID, BUNDLE_M_FORM, BUNDLE_M_VERSION, BUNDLE_M_SIZE,
	BUNDLE_M_SHA256, BUNDLE_M_NENTRY };

static const char *const bundle_manifest_top[BUNDLE_M_NTOP] = {
	"format", "device", "device_public_key", "seq", "previous", "created",
	"entries"
};
static const char *const bundle_manifest_ekeys[BUNDLE_M_NENTRY] = {
	"id", "form", "version", "size", "sha256"
};

struct bundle_manifest {
	struct submission_reader rd;	/* the lexer's state */
	struct bundle	*b;
	struct bundle_manifest_val top[BUNDLE_M_NTOP];
	int		 notobj;	/* the top is an array */
	int		 unknown;	/* the top has a key not in the format */
	size_t		 n;		/* elements of entries */
	size_t		 cap;		/* room in b->entries */
	size_t		 total;		/* bytes declared so far */
	size_t		 kept;		/* arena bytes of forms and versions */
	int		 err;		/* the first entry's refusal */
	char		*cause;		/* and its cause */
};

/* The index of key (len bytes) in names[n], or -1. */
static int
bundle_manifest_name(const char *key, uint32_t len, const char *const *names,
    int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i][0] == key[0] && strlen(names[i]) == len &&
		    memcmp(names[i], key, len) == 0)
			return i;
	return -1;
}

/* The integer in a number's text [p, end) that has no '.' or exponent. */
static int
bundle_manifest_integer(const unsigned char *p, const unsigned char *end,
    int64_t *vp)
{
	uint64_t u = 0;
	int neg = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		u = u * 10 + (uint64_t)(*p - '0');	/* the lexer bounds it */
	if (p < end && *p != '\0')
		return -1;	/* '.', 'e' or 'E': a real */
	*vp = !neg ? (int64_t)u : u == 0 ? 0 : -(int64_t)(u - 1) - 1;
	return 0;
}

/* Any value at depth, noting what it was in *v. */
static int
bundle_manifest_value(struct bundle_manifest *m, int depth,
    struct bundle_manifest_val *v)
{
	struct submission_reader *rd = &m->rd;
	const unsigned char *p0;
	int c;

	c = submission_lex_peek(rd);
	p0 = rd->p;
	if (c == '"') {
		v->type = BUNDLE_MV_STRING;
		return submission_lex_string(rd, &v->off, &v->len);
	}
	if (submission_lex_skip(rd, depth) != 0)
		return -1;
	if (c == 'n')
		v->type = BUNDLE_MV_NULL;	/* the only literal with an n */
	else if ((c == '-' || (c >= '0' && c <= '9')) &&
	    bundle_manifest_integer(p0, rd->p, &v->num) == 0)
		v->type = BUNDLE_MV_INTEGER;
	else
		v->type = c == '[' ? BUNDLE_MV_ARRAY : BUNDLE_MV_OTHER;
	return 0;
}

/* The string v holds, or NULL when it holds another value or none. */
static const char *
bundle_manifest_str(const struct bundle_manifest *m,
    const struct bundle_manifest_val *v)
{
	return v->type == BUNDLE_MV_STRING ? m->rd.arena + v->off : NULL;
}

/* Room for entry i (below BUNDLE_MAX_ENTRIES); -1 when there is none. */
static int
bundle_manifest_room(struct bundle_manifest *m, size_t i)
{
	struct bundle_entry *ne;
	size_t cap;

	if (i < m->cap)
		return 0;
	cap = m->cap < 32 ? 64 : m->cap * 2;
	if (cap <= i)
		cap = i + 1;
	if (cap > BUNDLE_MAX_ENTRIES)
		cap = BUNDLE_MAX_ENTRIES;
	if ((ne = realloc(m->b->entries, cap * sizeof *ne)) == NULL)
		return -1;
	memset(ne + m->cap, 0, (cap - m->cap) * sizeof *ne);
	m->b->entries = ne;
	m->cap = cap;
	return 0;
}

/* Keep the string of v at the arena's front (its bytes at or after it). */
static char *
bundle_manifest_keep(struct bundle_manifest *m,
    const struct bundle_manifest_val *v)
{
	char *to = m->rd.arena + m->kept;

	memmove(to, m->rd.arena + v->off, (size_t)v->len + 1);
	m->kept += (size_t)v->len + 1;
	return to;
}

/* An entry's fields after its id (s), as the walk checked them. */
static int
bundle_manifest_fields(struct bundle_manifest *m,
    const struct bundle_manifest_val *v, const char *s, struct bundle_entry *e)
{
	memcpy(e->id, s, BUNDLE_ID_SIZE);
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_FORM])) == NULL ||
	    !bundle_field_ok(s))
		return err_set(&m->cause, ERR_PARSE, "manifest entry %s has "
		    "no valid form id", e->id);
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_VERSION])) == NULL ||
	    !bundle_field_ok(s))
		return err_set(&m->cause, ERR_PARSE, "manifest entry %s has "
		    "no valid form version", e->id);
	if (v[BUNDLE_M_SIZE].type != BUNDLE_MV_INTEGER ||
	    v[BUNDLE_M_SIZE].num < 1 ||
	    (uint64_t)v[BUNDLE_M_SIZE].num > BUNDLE_MAX_ENTRY)
		return err_set(&m->cause, ERR_PARSE, "manifest entry %s has "
		    "no valid size", e->id);
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_SHA256])) == NULL ||
	    bundle_unhex(s, e->sha256) != 0)
		return err_set(&m->cause, ERR_PARSE, "manifest entry %s has "
		    "no valid SHA-256", e->id);
	m->total += (size_t)v[BUNDLE_M_SIZE].num;
	if (m->total > BUNDLE_MAX_PAYLOAD)
		return err_set(&m->cause, ERR_LIMIT, "the manifest declares "
		    "more than %zu bytes", BUNDLE_MAX_PAYLOAD);
	return ERR_OK;
}

/*
 * Check entry m->n as the walk did (bundle_parse_entry), given its keys'
 * values (v NULL: it is no object); the first refusal is kept in m->err.
 */
static int
bundle_manifest_check(struct bundle_manifest *m,
    const struct bundle_manifest_val *v, int unknown)
{
	struct bundle_entry *e;
	const char *s;
	size_t i = m->n;
	int r = ERR_OK;

	if (m->err != 0 || i >= BUNDLE_MAX_ENTRIES)
		return 0;
	if (bundle_manifest_room(m, i) != 0)
		return submission_lex_fail(&m->rd, SUBMISSION_WHY_NOMEM);
	e = &m->b->entries[i];
	if (v == NULL || unknown)
		r = err_set(&m->cause, ERR_PARSE, "manifest entry %zu is "
		    "malformed", i + 1);
	else if ((s = bundle_manifest_str(m, &v[BUNDLE_M_ID])) == NULL ||
	    !bundle_uuid_ok(s))
		r = err_set(&m->cause, ERR_PARSE, "manifest entry %zu has no "
		    "valid id", i + 1);
	else
		r = bundle_manifest_fields(m, v, s, e);
	if (r != ERR_OK) {
		m->err = r;
		return 0;
	}
	e->size = (size_t)v[BUNDLE_M_SIZE].num;
	/* The earlier in the arena first, so that neither is overwritten. */
	if (v[BUNDLE_M_FORM].off < v[BUNDLE_M_VERSION].off) {
		e->form = bundle_manifest_keep(m, &v[BUNDLE_M_FORM]);
		e->version = bundle_manifest_keep(m, &v[BUNDLE_M_VERSION]);
	} else {
		e->version = bundle_manifest_keep(m, &v[BUNDLE_M_VERSION]);
		e->form = bundle_manifest_keep(m, &v[BUNDLE_M_FORM]);
	}
	return 0;
}

/* One object in entries (at depth 3), checked when it closes. */
static int
bundle_manifest_entry(struct bundle_manifest *m)
{
	struct submission_reader *rd = &m->rd;
	struct bundle_manifest_val v[BUNDLE_M_NENTRY];
	uint32_t obj, off, len;
	unsigned seen = 0;
	int k, unknown = 0;

	memset(v, 0, sizeof v);
	rd->p++;
	obj = ++rd->objs;
	if (submission_lex_peek(rd) == '}')
		rd->p++;
	else
		for (;;) {
			if (submission_lex_string(rd, &off, &len) != 0)
				return -1;
			k = bundle_manifest_name(rd->arena + off, len,
			    bundle_manifest_ekeys, BUNDLE_M_NENTRY);
			if (k < 0) {
				unknown = 1;
				if (submission_lex_key(rd, obj, off, len) != 0)
					return -1;
			} else if (seen & 1u << k)
				return submission_lex_fail(rd,
				    SUBMISSION_WHY_SYNTAX);
			else {
				seen |= 1u << k;
				rd->used = off;	/* only compared */
			}
			if (submission_lex_expect(rd, ':') != 0 ||
			    (k < 0 ? submission_lex_skip(rd, 4) :
			    bundle_manifest_value(m, 4, &v[k])) != 0)
				return -1;
			if (submission_lex_peek(rd) != ',') {
				if (submission_lex_expect(rd, '}') != 0)
					return -1;
				break;
			}
			rd->p++;
		}
	if (bundle_manifest_check(m, v, unknown) != 0)
		return -1;
	m->n++;
	rd->used = m->kept;	/* the entry's keys are never looked at again */
	return 0;
}

/* The entries array (at depth 2). */
static int
bundle_manifest_entries(struct bundle_manifest *m)
{
	struct submission_reader *rd = &m->rd;
	int r;

	m->top[BUNDLE_M_ENTRIES].type = BUNDLE_MV_ARRAY;
	rd->p++;
	if (submission_lex_peek(rd) == ']') {
		rd->p++;
		return 0;
	}
	/* Forms and versions are kept from here on. */
	m->kept = rd->used;
	for (;;) {
		if (submission_lex_peek(rd) == '{')
			r = bundle_manifest_entry(m);
		else if ((r = submission_lex_skip(rd, 3)) == 0 &&
		    (r = bundle_manifest_check(m, NULL, 0)) == 0)
			m->n++;
		if (r != 0)
			return -1;
		if (submission_lex_peek(rd) != ',')
			return submission_lex_expect(rd, ']');
		rd->p++;
	}
}

/* The whole document: an object (or an array, refused later), then nothing. */
static int
bundle_manifest_doc(struct bundle_manifest *m)
{
	struct submission_reader *rd = &m->rd;
	uint32_t obj, off, len;
	unsigned seen = 0;
	int c, k;

	if ((c = submission_lex_peek(rd)) == '[') {
		m->notobj = 1;
		if (submission_lex_skip(rd, 1) != 0)
			return -1;
	} else if (c != '{')
		return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	else {
		rd->p++;
		obj = ++rd->objs;
		if (submission_lex_peek(rd) == '}')
			rd->p++;
		else
			for (;;) {
				if (submission_lex_string(rd, &off, &len) != 0)
					return -1;
				k = bundle_manifest_name(rd->arena + off, len,
				    bundle_manifest_top, BUNDLE_M_NTOP);
				if (k < 0) {
					m->unknown = 1;
					if (submission_lex_key(rd, obj, off,
					    len) != 0)
						return -1;
				} else if (seen & 1u << k)
					return submission_lex_fail(rd,
					    SUBMISSION_WHY_SYNTAX);
				else {
					seen |= 1u << k;
					rd->used = off;
				}
				if (submission_lex_expect(rd, ':') != 0)
					return -1;
				if (k < 0)
					c = submission_lex_skip(rd, 2);
				else if (k == BUNDLE_M_ENTRIES &&
				    submission_lex_peek(rd) == '[')
					c = bundle_manifest_entries(m);
				else
					c = bundle_manifest_value(m, 2,
					    &m->top[k]);
				if (c != 0)
					return -1;
				if (submission_lex_peek(rd) != ',') {
					if (submission_lex_expect(rd, '}') != 0)
						return -1;
					break;
				}
				rd->p++;
			}
	}
	if (submission_lex_peek(rd) != -1)
		return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	return 0;
}

/* The top object's fields, in the walk's order (bundle_parse_head). */
static int
bundle_manifest_head(struct bundle_manifest *m, char **cause)
{
	struct bundle_head *h = &m->b->head;
	const struct bundle_manifest_val *v = m->top;
	const char *s;
	char id[BUNDLE_KEYID_SIZE];

	if (m->notobj)
		return err_set(cause, ERR_PARSE, "the manifest is not a JSON "
		    "object");
	if (m->unknown)
		return err_set(cause, ERR_PARSE, "the manifest has an unknown "
		    "field (not %s)", BUNDLE_FORMAT);
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_FORMAT])) == NULL ||
	    strcmp(s, BUNDLE_FORMAT) != 0)
		return err_set(cause, ERR_UNSUPPORTED, "the manifest is not "
		    "in the format %s", BUNDLE_FORMAT);
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_DEVICE])) == NULL ||
	    !device_key_id_valid(s))
		return err_set(cause, ERR_PARSE, "the manifest's device key "
		    "id is missing or malformed");
	memcpy(h->device, s, BUNDLE_KEYID_SIZE);
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_PK])) == NULL ||
	    minisign_pubkey_parse(s, v[BUNDLE_M_PK].len, &h->device_pk,
	    NULL) != 0)
		return err_set(cause, ERR_PARSE, "the manifest's device public "
		    "key is missing or malformed");
	device_key_id(&h->device_pk, id);
	if (strcmp(id, h->device) != 0)
		return err_set(cause, ERR_INVALID, "the manifest's public key "
		    "is not device %s's", h->device);
	if (v[BUNDLE_M_SEQ].type != BUNDLE_MV_INTEGER ||
	    v[BUNDLE_M_SEQ].num < 1 || v[BUNDLE_M_SEQ].num > BUNDLE_MAX_SEQ)
		return err_set(cause, ERR_PARSE, "the manifest's bundle number "
		    "is missing or out of range");
	h->seq = v[BUNDLE_M_SEQ].num;
	if (v[BUNDLE_M_PREVIOUS].type == BUNDLE_MV_NULL)
		h->has_previous = 0;
	else if ((s = bundle_manifest_str(m, &v[BUNDLE_M_PREVIOUS])) == NULL ||
	    bundle_unhex(s, h->previous) != 0)
		return err_set(cause, ERR_PARSE, "the manifest's previous "
		    "bundle hash is malformed");
	else
		h->has_previous = 1;
	if (h->seq == 1 && h->has_previous)
		return err_set(cause, ERR_INVALID, "bundle 1 names a previous "
		    "bundle");
	if ((s = bundle_manifest_str(m, &v[BUNDLE_M_CREATED])) == NULL ||
	    bundle_time_parse(s, &h->created) != 0)
		return err_set(cause, ERR_PARSE, "the manifest's creation time "
		    "is missing or malformed");
	return ERR_OK;
}

/* What the walk said once the document was read as JSON. */
static int
bundle_manifest_verdict(struct bundle_manifest *m, char **cause)
{
	int r;

	if ((r = bundle_manifest_head(m, cause)) != 0)
		return r;
	if (m->top[BUNDLE_M_ENTRIES].type != BUNDLE_MV_ARRAY || m->n == 0 ||
	    m->n > BUNDLE_MAX_ENTRIES)
		return err_set(cause, ERR_PARSE, "the manifest must list 1 to "
		    "%d entries", BUNDLE_MAX_ENTRIES);
	if (m->err != 0) {
		err_set(cause, m->err, "%s", m->cause != NULL ? m->cause :
		    err_str(m->err));
		return m->err;
	}
	m->b->n = m->n;
	return ERR_OK;
}

int
bundle_manifest_parse(struct bundle *b, size_t hint, char **cause)
{
	struct bundle_manifest *m = NULL;
	struct submission_reader *rd;
	int r, line, col;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return ERR_NOMEM;
	m->b = b;
	rd = &m->rd;
	rd->start = rd->p = (const unsigned char *)b->manifest;
	rd->end = rd->start + b->manifest_len;
	rd->keys = rd->key0;
	rd->keycap = SUBMISSION_KEYS0;
	rd->slots = rd->slot0;
	rd->nslots = SUBMISSION_SLOTS0;
	rd->cap = b->manifest_len + 1;	/* every string fits: see the top */
	if ((rd->arena = malloc(rd->cap)) == NULL ||
	    (hint > 0 && bundle_manifest_room(m, hint > BUNDLE_MAX_ENTRIES ?
	    BUNDLE_MAX_ENTRIES - 1 : hint - 1) != 0)) {
		r = ERR_NOMEM;
		goto out;
	}
	free(b->strings);
	b->strings = rd->arena;		/* b's forms and versions are in it */
	(void)bundle_manifest_doc(m);
	switch (rd->why) {
	case SUBMISSION_WHY_OK:
		r = bundle_manifest_verdict(m, cause);
		break;
	case SUBMISSION_WHY_SYNTAX:
		submission_lex_where(rd, &line, &col);
		r = err_set(cause, ERR_PARSE, "the manifest is not valid JSON "
		    "(line %d, column %d)", line, col);
		break;
	default:
		r = ERR_NOMEM;
		break;
	}
out:
	if (b->strings != rd->arena)
		free(rd->arena);
	if (rd->keys != rd->key0)
		free(rd->keys);
	if (rd->slots != rd->slot0)
		free(rd->slots);
	free(m->cause);
	free(m);
	return r;
}
