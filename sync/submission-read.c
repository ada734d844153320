/*
 * Reading a submission's JSON back: one strict pass over the bytes of
 * exactly the format submission.h documents, without building a tree.
 *
 * It accepts and refuses what jansson's json_loadb (JSON_REJECT_DUPLICATES,
 * its other flags off) followed by a walk of the tree did: valid UTF-8
 * only, no NUL (\u0000) in any string, lone surrogates refused, the top
 * level an object with only whitespace after it, no key twice in any
 * object, integers that fit 64 bits and reals that do not overflow a
 * double, values at most JSON_DEPTH deep; keys in any order, answers in
 * document order. Numbers, true and false are read as JSON and refused by
 * the format where they stand; a field the format wants as a string but
 * finds as another value (form and pack ids and versions, the language,
 * the device) is read as missing, and submission_check() refuses it, as
 * it did before.
 *
 * Every string is unescaped into one arena (never longer than the JSON:
 * an escape is never shorter than what it stands for), and the paths of
 * answers inside repeats after them; struct submission points into it, and
 * submission_parsed_free wipes it before freeing it. While reading, the
 * arena's strings are known by their offsets, so it may grow once at the
 * end for the paths. The keys of every object are kept in a small hash
 * set (offsets, never values) to refuse duplicates.
 *
 * A document that is both malformed and off the format may be called
 * either; its verdict (ERR_PARSE) is the same.
 */
#include "sync/submission.h"

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"

#define SUBREAD_NONE		UINT32_MAX
/* jansson's JSON_PARSER_MAX_DEPTH: the top object is at depth 1. */
#define SUBREAD_JSON_DEPTH	2048
/* Room on the stack before the heap: most submissions fit. */
#define SUBREAD_ENTRIES0	128
#define SUBREAD_KEYS0		128
#define SUBREAD_SLOTS0		256

/* Why reading stopped: each maps to the cause the jansson path gave. */
enum subread_why {
	SUBREAD_OK,
	SUBREAD_SYNTAX,		/* "not JSON" */
	SUBREAD_FORMAT,		/* "not in the format" */
	SUBREAD_TYPE,		/* "a field has the wrong type or form" */
	SUBREAD_NOMEM,
};

/* The top object's keys, in the order submission_json writes them. */
enum subread_field {
	SUBREAD_FORMAT_KEY, SUBREAD_ID, SUBREAD_KIND, SUBREAD_FORM,
	SUBREAD_PACK, SUBREAD_LANGUAGE, SUBREAD_DEVICE, SUBREAD_SESSION,
	SUBREAD_STARTED, SUBREAD_SUBMITTED, SUBREAD_ANSWERS, SUBREAD_NFIELDS
};

static const char *const subread_top[SUBREAD_NFIELDS] = {
	"format", "id", "kind", "form", "pack", "language", "device",
	"session", "started", "submitted", "answers",
};
static const char *const subread_idver[] = { "id", "version" };
static const char *const subread_sess[] = { "venue", "group",
	"facilitator", "date" };

/*
 * An entry of the flat list: an answer (value set, k 0) or an instance
 * (value SUBREAD_NONE, k from 1) of the key under the instance parent.
 */
struct subread_entry {
	uint32_t	key;		/* arena offsets */
	uint32_t	keylen;
	uint32_t	value;
	uint32_t	parent;		/* an entry, or SUBREAD_NONE: the top */
	uint32_t	k;
	uint32_t	name;		/* its path, filled in at the end */
	uint32_t	namelen;
};

/* A key of an object, for refusing duplicates. */
struct subread_key {
	uint32_t	off;
	uint32_t	len;
	uint32_t	obj;		/* which object */
	uint32_t	hash;
};

struct subread {
	const unsigned char *start, *p, *end;
	const unsigned char *at;	/* where reading stopped */
	enum subread_why why;
	char		*arena;
	size_t		 used, cap;
	struct subread_entry *ent;
	size_t		 n, entcap;
	struct subread_key *keys;
	size_t		 nkeys, keycap;
	uint32_t	*slots;		/* key index + 1; 0 is free */
	size_t		 nslots;
	uint32_t	 objs;
	uint32_t	 field[SUBREAD_NFIELDS];	/* string offsets */
	uint32_t	 idver[2][2];			/* form, pack */
	uint32_t	 sess[4];
	enum submission_kind kind;
	time_t		 started, submitted;
	struct subread_entry ent0[SUBREAD_ENTRIES0];
	struct subread_key key0[SUBREAD_KEYS0];
	uint32_t	 slot0[SUBREAD_SLOTS0];
};

static int
subread_fail(struct subread *rd, enum subread_why why)
{
	if (rd->why == SUBREAD_OK) {
		rd->why = why;
		rd->at = rd->p;
	}
	return -1;
}

/* The next byte after whitespace (jansson's four), or -1 at the end. */
static int
subread_peek(struct subread *rd)
{
	while (rd->p < rd->end && (*rd->p == ' ' || *rd->p == '\n' ||
	    *rd->p == '\r' || *rd->p == '\t'))
		rd->p++;
	return rd->p < rd->end ? *rd->p : -1;
}

static int
subread_expect(struct subread *rd, int c)
{
	if (subread_peek(rd) != c)
		return subread_fail(rd, SUBREAD_SYNTAX);
	rd->p++;
	return 0;
}

/* The length of the UTF-8 sequence at p (jansson's rules), 0 if bad. */
static size_t
subread_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* a surrogate */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* Four hex digits at p (before end) into *v; -1 if they are not. */
static int
subread_hex4(const unsigned char *p, const unsigned char *end, uint32_t *v)
{
	size_t i;
	unsigned char c;

	if (end - p < 4)
		return -1;
	*v = 0;
	for (i = 0; i < 4; i++) {
		c = p[i];
		if (c >= '0' && c <= '9')
			*v = *v << 4 | (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v << 4 | (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t
subread_encode(uint32_t cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The escape after a backslash at *pp into o; its length, 0 if bad. */
static size_t
subread_escape(const unsigned char **pp, const unsigned char *end,
    unsigned char *o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const unsigned char *p = *pp + 1;
	const char *e;
	uint32_t cp, lo;

	if (p >= end)
		return 0;
	if (*p != 'u') {
		if (*p == '\0' || (e = strchr(from, *p)) == NULL)
			return 0;
		*o = (unsigned char)to[e - from];
		*pp = p + 1;
		return 1;
	}
	if (subread_hex4(p + 1, end, &cp) != 0 || cp == 0)
		return 0;
	p += 5;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		/* A high surrogate needs its low one straight after. */
		if (end - p < 2 || p[0] != '\\' || p[1] != 'u' ||
		    subread_hex4(p + 2, end, &lo) != 0 || lo < 0xdc00 ||
		    lo > 0xdfff)
			return 0;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	} else if (cp >= 0xdc00 && cp <= 0xdfff)
		return 0;
	*pp = p;
	return subread_encode(cp, o);
}

/*
 * The string at rd->p unescaped into the arena and NUL-terminated: its
 * offset and length. Control characters, bad UTF-8 and NUL refused.
 */
static int
subread_string(struct subread *rd, uint32_t *offp, uint32_t *lenp)
{
	const unsigned char *p = rd->p, *end = rd->end;
	unsigned char *o0, *o;
	size_t n;

	if (subread_peek(rd) != '"')
		return subread_fail(rd, SUBREAD_SYNTAX);
	p = ++rd->p;
	o0 = o = (unsigned char *)rd->arena + rd->used;
	for (;;) {
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' &&
		    *p != '\\')
			*o++ = *p++;
		if (p >= end || *p < 0x20)
			break;
		if (*p == '"') {
			*o = '\0';
			rd->p = p + 1;
			*offp = (uint32_t)rd->used;
			if (lenp != NULL)
				*lenp = (uint32_t)(o - o0);
			rd->used += (size_t)(o - o0) + 1;
			return 0;
		}
		if (*p == '\\')
			n = subread_escape(&p, end, o);
		else if ((n = subread_utf8(p, end)) != 0) {
			memcpy(o, p, n);
			p += n;
		}
		if (n == 0)
			break;
		o += n;
	}
	rd->p = p;
	return subread_fail(rd, SUBREAD_SYNTAX);
}

/* A string value, but only its validity: the arena keeps nothing. */
static int
subread_string_skip(struct subread *rd)
{
	size_t used = rd->used;
	uint32_t off;
	int r;

	r = subread_string(rd, &off, NULL);
	rd->used = used;
	return r;
}

/* 1 when digits [z, z+309) of a real at exponent 308 reach 2^1024. */
static int
subread_huge(const unsigned char *intd, size_t nint,
    const unsigned char *frac, size_t nfrac, size_t z)
{
	/* 2^1024 - 2^970: halfway from DBL_MAX up, which rounds to inf. */
	static const char edge[] = "17976931348623158079372897140530341507"
	    "99341327100378269361737789804449682927647509466490179775872070"
	    "96330286416692887910946555547851940402630657488671505820681908"
	    "90200070838367627385484581771153176447573027006985557136695962"
	    "28429148198608349364752927190741684443655510704342711559699508"
	    "093042880177904174497792";
	size_t j, i;
	unsigned char d;

	for (j = 0; edge[j] != '\0'; j++) {
		i = z + j;
		d = i < nint ? intd[i] : i - nint < nfrac ? frac[i - nint] :
		    '0';
		if (d != (unsigned char)edge[j])
			return d > (unsigned char)edge[j];
	}
	return 1;
}

/*
 * A number, as jansson reads it: an integer must fit in 64 bits, a real
 * must not overflow a double (strtod's rounding, worked out in decimal so
 * that no locale's decimal point matters).
 */
static int
subread_number(struct subread *rd)
{
	const unsigned char *p = rd->p, *end = rd->end, *intd, *frac = p;
	size_t nint, nfrac = 0, z;
	long long e = 0, sci;
	int neg = 0, eneg = 0, real = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	intd = p;
	if (p < end && *p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	nint = (size_t)(p - intd);
	if (nint == 0 || (p < end && *p >= '0' && *p <= '9'))
		goto bad;
	if (p < end && *p == '.') {
		frac = ++p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if ((nfrac = (size_t)(p - frac)) == 0)
			goto bad;
		real = 1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || *p < '0' || *p > '9')
			goto bad;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (e < 1000000000)
				e = e * 10 + (*p - '0');
		real = 1;
	}
	if (!real) {
		if (nint > 19 || (nint == 19 && memcmp(intd, neg ?
		    "9223372036854775808" : "9223372036854775807", 19) > 0))
			goto bad;
	} else {
		for (z = 0; z < nint + nfrac; z++)
			if ((z < nint ? intd[z] : frac[z - nint]) != '0')
				break;
		sci = (long long)nint - 1 - (long long)z + (eneg ? -e : e);
		if (z < nint + nfrac && (sci > 308 || (sci == 308 &&
		    subread_huge(intd, nint, frac, nfrac, z))))
			goto bad;
	}
	rd->p = p;
	return 0;
bad:
	rd->p = p;
	return subread_fail(rd, SUBREAD_SYNTAX);
}

/* true, false or null (0, 1, 2); jansson reads a run of letters. */
static int
subread_literal(struct subread *rd, int *whichp)
{
	static const char *const lit[] = { "true", "false", "null" };
	const unsigned char *p = rd->p;
	size_t n, i;

	while (p < rd->end && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
		p++;
	n = (size_t)(p - rd->p);
	for (i = 0; i < 3; i++)
		if (n == strlen(lit[i]) && memcmp(rd->p, lit[i], n) == 0) {
			*whichp = (int)i;
			rd->p = p;
			return 0;
		}
	return subread_fail(rd, SUBREAD_SYNTAX);
}

static uint32_t
subread_hash(const char *s, size_t len, uint32_t obj)
{
	uint32_t h = 2166136261u ^ (obj * 0x9e3779b1u);
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Twice the keys' room; the keys hashed again into new slots. */
static int
subread_keys_grow(struct subread *rd)
{
	struct subread_key *nk;
	uint32_t *ns;
	size_t i, j, mask;

	if ((nk = malloc(rd->keycap * 2 * sizeof *nk)) == NULL ||
	    (ns = calloc(rd->nslots * 2, sizeof *ns)) == NULL) {
		free(nk);
		return subread_fail(rd, SUBREAD_NOMEM);
	}
	memcpy(nk, rd->keys, rd->nkeys * sizeof *nk);
	if (rd->keys != rd->key0)
		free(rd->keys);
	if (rd->slots != rd->slot0)
		free(rd->slots);
	rd->keys = nk;
	rd->keycap *= 2;
	rd->slots = ns;
	rd->nslots *= 2;
	mask = rd->nslots - 1;
	for (i = 0; i < rd->nkeys; i++) {
		for (j = rd->keys[i].hash & mask; ns[j] != 0; j = (j + 1) & mask)
			;
		ns[j] = (uint32_t)i + 1;
	}
	return 0;
}

/* Note key (off, len) of object obj; a duplicate is not JSON. */
static int
subread_key(struct subread *rd, uint32_t obj, uint32_t off, uint32_t len)
{
	const struct subread_key *k;
	uint32_t h = subread_hash(rd->arena + off, len, obj);
	size_t i, mask;

	if (rd->nkeys == rd->keycap && subread_keys_grow(rd) != 0)
		return -1;
	mask = rd->nslots - 1;
	for (i = h & mask; rd->slots[i] != 0; i = (i + 1) & mask) {
		k = &rd->keys[rd->slots[i] - 1];
		if (k->hash == h && k->obj == obj && k->len == len &&
		    memcmp(rd->arena + k->off, rd->arena + off, len) == 0)
			return subread_fail(rd, SUBREAD_SYNTAX);
	}
	rd->keys[rd->nkeys] = (struct subread_key){ off, len, obj, h };
	rd->slots[i] = (uint32_t)++rd->nkeys;
	return 0;
}

/*
 * Any JSON value at depth (the top object is 1), only checked: what the
 * format does not want where it stands, but jansson would have read.
 */
static int
subread_skip(struct subread *rd, int depth)
{
	uint32_t obj, off, len;
	int c, which;

	if (depth > SUBREAD_JSON_DEPTH)
		return subread_fail(rd, SUBREAD_SYNTAX);
	c = subread_peek(rd);
	if (c == '"')
		return subread_string_skip(rd);
	if (c == '-' || (c >= '0' && c <= '9'))
		return subread_number(rd);
	if (c != '{' && c != '[')
		return subread_literal(rd, &which);
	rd->p++;
	obj = ++rd->objs;
	if (subread_peek(rd) == (c == '{' ? '}' : ']')) {
		rd->p++;
		return 0;
	}
	for (;;) {
		if (c == '{' && (subread_string(rd, &off, &len) != 0 ||
		    subread_key(rd, obj, off, len) != 0 ||
		    subread_expect(rd, ':') != 0))
			return -1;
		if (subread_skip(rd, depth + 1) != 0)
			return -1;
		if (subread_peek(rd) != ',')
			return subread_expect(rd, c == '{' ? '}' : ']');
		rd->p++;
	}
}

/* A key of a fixed object: its index in names[n], or -1 (format). */
static int
subread_name(struct subread *rd, const char *const *names, size_t n)
{
	size_t used = rd->used, i;
	uint32_t off, len;

	if (subread_string(rd, &off, &len) != 0)
		return -1;
	rd->used = used;	/* only compared */
	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len &&
		    memcmp(rd->arena + off, names[i], len) == 0)
			return subread_expect(rd, ':') != 0 ? -1 : (int)i;
	return subread_fail(rd, SUBREAD_FORMAT);
}

/*
 * An object of exactly the keys names[n] (the last may be missing when
 * optional is set); each value's string offset in vals, or SUBREAD_NONE
 * for another value (null allowed with nulls, else anything jansson
 * reads, to be refused by submission_check as a missing field).
 */
static int
subread_fixed(struct subread *rd, const char *const *names, size_t n,
    int optional, int nulls, uint32_t *vals)
{
	unsigned seen = 0;
	int i, c, which;

	for (i = 0; i < (int)n; i++)
		vals[i] = SUBREAD_NONE;
	if (subread_peek(rd) != '{')
		return subread_fail(rd, SUBREAD_FORMAT);
	rd->p++;
	if (subread_peek(rd) == '}')
		rd->p++;
	else
		for (;;) {
			if ((i = subread_name(rd, names, n)) < 0)
				return -1;
			if (seen & 1u << i)
				return subread_fail(rd, SUBREAD_SYNTAX);
			seen |= 1u << i;
			c = subread_peek(rd);
			if (c == '"') {
				if (subread_string(rd, &vals[i], NULL) != 0)
					return -1;
			} else if (!nulls) {
				if (subread_skip(rd, 3) != 0)
					return -1;
			} else if (c != 'n' || subread_literal(rd, &which) !=
			    0 || which != 2)
				return subread_fail(rd, SUBREAD_TYPE);
			if (subread_peek(rd) != ',') {
				if (subread_expect(rd, '}') != 0)
					return -1;
				break;
			}
			rd->p++;
		}
	if ((seen | (optional ? 1u << (n - 1) : 0)) != (1u << n) - 1)
		return subread_fail(rd, SUBREAD_FORMAT);
	return 0;
}

static int
subread_entry(struct subread *rd, uint32_t key, uint32_t keylen,
    uint32_t value, uint32_t parent, uint32_t k)
{
	struct subread_entry *ne;

	if (rd->n >= SUBMISSION_MAX_ANSWERS)
		return subread_fail(rd, SUBREAD_TYPE);
	if (rd->n == rd->entcap) {
		if ((ne = malloc(rd->entcap * 2 * sizeof *ne)) == NULL)
			return subread_fail(rd, SUBREAD_NOMEM);
		memcpy(ne, rd->ent, rd->n * sizeof *ne);
		if (rd->ent != rd->ent0)
			free(rd->ent);
		rd->ent = ne;
		rd->entcap *= 2;
	}
	rd->ent[rd->n++] = (struct subread_entry){ key, keylen, value, parent,
	    k, SUBREAD_NONE, 0 };
	return 0;
}

/*
 * An answers object: strings are answers, arrays of objects a repeat's
 * instances, listed before their own answers. parent: the instance it
 * belongs to (SUBREAD_NONE at the top), depth instances deep.
 */
static int
subread_answers(struct subread *rd, uint32_t parent, int depth)
{
	uint32_t obj, key, keylen, val, k;
	int c;

	if (depth > SUBMISSION_MAX_DEPTH)
		return subread_fail(rd, SUBREAD_TYPE);
	if (subread_peek(rd) != '{')
		return subread_fail(rd, depth == 0 ? SUBREAD_FORMAT :
		    SUBREAD_TYPE);
	rd->p++;
	obj = ++rd->objs;
	if (subread_peek(rd) == '}') {
		rd->p++;
		return 0;
	}
	for (;;) {
		if (subread_string(rd, &key, &keylen) != 0 ||
		    subread_key(rd, obj, key, keylen) != 0 ||
		    subread_expect(rd, ':') != 0)
			return -1;
		c = subread_peek(rd);
		if (c == '"') {
			if (subread_string(rd, &val, NULL) != 0 ||
			    subread_entry(rd, key, keylen, val, parent, 0) != 0)
				return -1;
		} else if (c != '[')
			return subread_fail(rd, SUBREAD_TYPE);
		else if (rd->p++, subread_peek(rd) == ']')
			rd->p++;
		else
			for (k = 1;; k++) {
				if (subread_peek(rd) != '{')
					return subread_fail(rd, SUBREAD_TYPE);
				if (subread_entry(rd, key, keylen, SUBREAD_NONE,
				    parent, k) != 0 || subread_answers(rd,
				    (uint32_t)rd->n - 1, depth + 1) != 0)
					return -1;
				if (subread_peek(rd) != ',') {
					if (subread_expect(rd, ']') != 0)
						return -1;
					break;
				}
				rd->p++;
			}
		if (subread_peek(rd) != ',')
			return subread_expect(rd, '}');
		rd->p++;
	}
}

/* The value of the top object's field f. */
static int
subread_field(struct subread *rd, enum subread_field f)
{
	uint32_t off, len;
	int which;

	switch (f) {
	case SUBREAD_FORM:
	case SUBREAD_PACK:
		return subread_fixed(rd, subread_idver, 2, 0, 0,
		    rd->idver[f == SUBREAD_PACK]);
	case SUBREAD_SESSION:
		if (subread_peek(rd) == 'n')
			return subread_literal(rd, &which) != 0 ? -1 :
			    which == 2 ? 0 : subread_fail(rd, SUBREAD_FORMAT);
		/* Without the date: a session as the first writers wrote it. */
		return subread_fixed(rd, subread_sess, 4, 1, 1, rd->sess);
	case SUBREAD_ANSWERS:
		return subread_answers(rd, SUBREAD_NONE, 0);
	case SUBREAD_LANGUAGE:
	case SUBREAD_DEVICE:
		if (subread_peek(rd) != '"')
			return subread_skip(rd, 2);
		return subread_string(rd, &rd->field[f], NULL);
	default:
		break;
	}
	if (subread_peek(rd) != '"')
		return subread_fail(rd, f == SUBREAD_FORMAT_KEY ?
		    SUBREAD_FORMAT : SUBREAD_TYPE);
	if (subread_string(rd, &off, &len) != 0)
		return -1;
	rd->field[f] = off;
	if (f == SUBREAD_FORMAT_KEY)
		return strcmp(rd->arena + off, SUBMISSION_FORMAT) == 0 ? 0 :
		    subread_fail(rd, SUBREAD_FORMAT);
	if (f == SUBREAD_ID)
		return len == SUBMISSION_ID_SIZE - 1 ? 0 :
		    subread_fail(rd, SUBREAD_TYPE);
	if ((f == SUBREAD_KIND &&
	    submission_kind_parse(rd->arena + off, &rd->kind) != ERR_OK) ||
	    (f == SUBREAD_STARTED &&
	    submission_time_parse(rd->arena + off, &rd->started) != ERR_OK) ||
	    (f == SUBREAD_SUBMITTED &&
	    submission_time_parse(rd->arena + off, &rd->submitted) != ERR_OK))
		return subread_fail(rd, SUBREAD_TYPE);
	return 0;
}

/* The whole document: one object of exactly the fields, then nothing. */
static int
subread_doc(struct subread *rd)
{
	unsigned seen = 0;
	int i;

	if (subread_peek(rd) != '{')
		return subread_fail(rd, rd->p < rd->end && *rd->p == '[' ?
		    SUBREAD_FORMAT : SUBREAD_SYNTAX);
	rd->p++;
	if (subread_peek(rd) == '}')
		rd->p++;
	else
		for (;;) {
			if ((i = subread_name(rd, subread_top,
			    SUBREAD_NFIELDS)) < 0)
				return -1;
			if (seen & 1u << i)
				return subread_fail(rd, SUBREAD_SYNTAX);
			seen |= 1u << i;
			if (subread_field(rd, (enum subread_field)i) != 0)
				return -1;
			if (subread_peek(rd) != ',') {
				if (subread_expect(rd, '}') != 0)
					return -1;
				break;
			}
			rd->p++;
		}
	if (subread_peek(rd) != -1)
		return subread_fail(rd, SUBREAD_SYNTAX);
	if (seen != (1u << SUBREAD_NFIELDS) - 1)
		return subread_fail(rd, SUBREAD_FORMAT);
	return 0;
}

/* The decimal digits of k, 1 to 10 of them. */
static size_t
subread_digits(uint32_t k)
{
	size_t n = 1;

	while (k >= 10) {
		k /= 10;
		n++;
	}
	return n;
}

/*
 * Write the paths of entries inside repeats and of instances after the
 * strings ("member[2]", "member[2]/name"), growing the arena once if
 * they do not fit (the old one wiped). A top-level answer's path is its
 * key.
 */
static int
subread_paths(struct subread *rd)
{
	struct subread_entry *e, *up;
	size_t need = 0, i, j, at, nd;
	char *na;
	uint32_t k;

	for (i = 0; i < rd->n; i++) {
		e = &rd->ent[i];
		up = e->parent != SUBREAD_NONE ? &rd->ent[e->parent] : NULL;
		if (up == NULL && e->k == 0)
			continue;
		e->namelen = (up != NULL ? up->namelen + 1 : 0) + e->keylen +
		    (e->k > 0 ? (uint32_t)subread_digits(e->k) + 2 : 0);
		need += (size_t)e->namelen + 1;
	}
	if (rd->used + need > rd->cap) {
		if ((na = malloc(rd->used + need)) == NULL)
			return subread_fail(rd, SUBREAD_NOMEM);
		memcpy(na, rd->arena, rd->used);
		sodium_memzero(rd->arena, rd->cap);
		free(rd->arena);
		rd->arena = na;
		rd->cap = rd->used + need;
	}
	for (i = 0; i < rd->n; i++) {
		e = &rd->ent[i];
		up = e->parent != SUBREAD_NONE ? &rd->ent[e->parent] : NULL;
		if (up == NULL && e->k == 0) {
			e->name = e->key;
			continue;
		}
		e->name = (uint32_t)(at = rd->used);
		if (up != NULL) {
			memcpy(rd->arena + at, rd->arena + up->name,
			    up->namelen);
			at += up->namelen;
			rd->arena[at++] = '/';
		}
		memcpy(rd->arena + at, rd->arena + e->key, e->keylen);
		at += e->keylen;
		if (e->k > 0) {
			rd->arena[at++] = '[';
			nd = subread_digits(e->k);
			for (k = e->k, j = nd; j > 0; j--, k /= 10)
				rd->arena[at + j - 1] = (char)('0' + k % 10);
			at += nd;
			rd->arena[at++] = ']';
		}
		rd->arena[at++] = '\0';
		rd->used = at;
	}
	return 0;
}

/* The struct of what was read: pointers into the arena. */
static struct submission_parsed *
subread_result(struct subread *rd)
{
	struct submission_parsed *p;
	const char **sp[4];
	size_t i;

	if ((p = calloc(1, sizeof *p + rd->n * sizeof *p->answers)) == NULL)
		return NULL;
	sp[0] = &p->s.venue;
	sp[1] = &p->s.group;
	sp[2] = &p->s.facilitator;
	sp[3] = &p->s.date;
	p->answers = (struct submission_answer *)(void *)(p + 1);
	for (i = 0; i < rd->n; i++) {
		p->answers[i].name = rd->arena + rd->ent[i].name;
		p->answers[i].value = rd->ent[i].value == SUBREAD_NONE ? NULL :
		    rd->arena + rd->ent[i].value;
	}
	memcpy(p->s.id, rd->arena + rd->field[SUBREAD_ID], SUBMISSION_ID_SIZE);
	p->s.kind = rd->kind;
#define SUBREAD_STR(off) ((off) == SUBREAD_NONE ? NULL : rd->arena + (off))
	p->s.form_id = SUBREAD_STR(rd->idver[0][0]);
	p->s.form_version = SUBREAD_STR(rd->idver[0][1]);
	p->s.pack_id = SUBREAD_STR(rd->idver[1][0]);
	p->s.pack_version = SUBREAD_STR(rd->idver[1][1]);
	p->s.lang = SUBREAD_STR(rd->field[SUBREAD_LANGUAGE]);
	p->s.device = SUBREAD_STR(rd->field[SUBREAD_DEVICE]);
	for (i = 0; i < 4; i++)
		*sp[i] = SUBREAD_STR(rd->sess[i]);
#undef SUBREAD_STR
	p->s.started = rd->started;
	p->s.submitted = rd->submitted;
	p->s.answers = p->answers;
	p->s.nanswers = rd->n;
	p->arena = rd->arena;
	p->arenasize = rd->cap;
	return p;
}

/* Line and column of where reading stopped, for the cause. */
static void
subread_where(const struct subread *rd, int *linep, int *colp)
{
	const unsigned char *q;
	int line = 1, col = 0;

	for (q = rd->start; q < rd->at && q < rd->end; q++) {
		if (*q == '\n') {
			line++;
			col = 0;
		} else if ((*q & 0xc0) != 0x80)
			col++;	/* characters, as jansson counts them */
	}
	*linep = line;
	*colp = col;
}

int
submission_parse(const char *json, size_t len,
    struct submission_parsed **outp, char **cause)
{
	struct subread rdbuf, *rd = &rdbuf;
	struct submission_parsed *p = NULL;
	size_t i;
	int r, line, col;

	*outp = NULL;
	/* The arrays on the stack need no zeroes, but the slots do. */
	memset(rd, 0, offsetof(struct subread, ent0));
	memset(rd->slot0, 0, sizeof rd->slot0);
	rd->start = rd->p = (const unsigned char *)json;
	rd->end = rd->start + len;
	rd->ent = rd->ent0;
	rd->entcap = SUBREAD_ENTRIES0;
	rd->keys = rd->key0;
	rd->keycap = SUBREAD_KEYS0;
	rd->slots = rd->slot0;
	rd->nslots = SUBREAD_SLOTS0;
	for (i = 0; i < SUBREAD_NFIELDS; i++)
		rd->field[i] = SUBREAD_NONE;
	for (i = 0; i < 4; i++)
		rd->sess[i] = rd->idver[i / 2][i % 2] = SUBREAD_NONE;
	if (len > SUBMISSION_MAX_BYTES) {
		r = err_set(cause, ERR_LIMIT, "submission: larger than %d "
		    "bytes", SUBMISSION_MAX_BYTES);
		goto out;
	}
	rd->cap = len + 1;	/* every string fits: see the top */
	if ((rd->arena = malloc(rd->cap)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (subread_doc(rd) == 0 && subread_paths(rd) == 0 &&
	    (p = subread_result(rd)) == NULL)
		rd->why = SUBREAD_NOMEM;
	switch (rd->why) {
	case SUBREAD_OK:
		rd->arena = NULL;	/* p has it */
		r = submission_check(&p->s, cause);
		break;
	case SUBREAD_NOMEM:
		r = ERR_NOMEM;
		break;
	case SUBREAD_SYNTAX:
		subread_where(rd, &line, &col);
		r = err_set(cause, ERR_PARSE, "submission: not JSON (line %d, "
		    "column %d)", line, col);
		break;
	case SUBREAD_FORMAT:
		r = err_set(cause, ERR_PARSE, "submission: not in the format "
		    "%s", SUBMISSION_FORMAT);
		break;
	default:
		r = err_set(cause, ERR_PARSE, "submission: a field has the "
		    "wrong type or form");
		break;
	}
	if (r == ERR_OK) {
		*outp = p;
		p = NULL;
	}
out:
	submission_parsed_free(&p);
	if (rd->arena != NULL) {
		sodium_memzero(rd->arena, rd->cap);
		free(rd->arena);
	}
	if (rd->ent != rd->ent0)
		free(rd->ent);
	if (rd->keys != rd->key0)
		free(rd->keys);
	if (rd->slots != rd->slot0)
		free(rd->slots);
	return r;
}

void
submission_parsed_free(struct submission_parsed **pp)
{
	struct submission_parsed *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	if (p->arena != NULL) {
		sodium_memzero(p->arena, p->arenasize);
		free(p->arena);
	}
	sodium_memzero(p, sizeof *p);
	free(p);
	*pp = NULL;
}
