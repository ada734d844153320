/*
 * Reading a submission's JSON back: one strict pass over the bytes of
 * exactly the format submission.h documents, without building a tree.
 *
 * It accepts and refuses what jansson's json_loadb (JSON_REJECT_DUPLICATES,
 * its other flags off) followed by a walk of the tree did: valid UTF-8
 * only, no NUL (\u0000) in any string, lone surrogates refused, the top
 * level an object with only whitespace after it, no key twice in any
 * object, integers that fit 64 bits and reals that do not overflow a
 * double, values at most 2048 deep (jansson's bound); keys in any order,
 * answers in document order. Numbers, true and false are read as JSON and
 * refused by the format where they stand; a field the format wants as a
 * string but finds as another value (form and pack ids and versions, the
 * language, the device) is read as missing, and submission_check()
 * refuses it, as it did before.
 *
 * Every string is unescaped into one arena (never longer than the JSON:
 * an escape is never shorter than what it stands for), and the paths of
 * answers inside repeats after them; struct submission points into it, and
 * submission_parsed_free wipes it before freeing it. While reading, the
 * arena's strings are known by their offsets, so it may grow once at the
 * end for the paths. JSON's tokens are read in submission-lex.c.
 *
 * A document that is both malformed and off the format may be called
 * either; its verdict (ERR_PARSE) is the same.
 */
#include "sync/submission-int.h"

#include "content/sodiumload.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"

/* A key of a fixed object, with its length (compared without strlen). */
struct submission_name {
	const char	*s;
	size_t		 len;
};
#define SUBMISSION_NAME(s)	{ (s), sizeof(s) - 1 }

static const struct submission_name
    submission_read_top[SUBMISSION_NFIELDS] = {
	SUBMISSION_NAME("format"), SUBMISSION_NAME("id"),
	SUBMISSION_NAME("kind"), SUBMISSION_NAME("form"),
	SUBMISSION_NAME("pack"), SUBMISSION_NAME("language"),
	SUBMISSION_NAME("device"), SUBMISSION_NAME("session"),
	SUBMISSION_NAME("started"), SUBMISSION_NAME("submitted"),
	SUBMISSION_NAME("answers"),
};
static const struct submission_name submission_read_idver[] = {
	SUBMISSION_NAME("id"), SUBMISSION_NAME("version"),
};
static const struct submission_name submission_read_sess[] = {
	SUBMISSION_NAME("venue"), SUBMISSION_NAME("group"),
	SUBMISSION_NAME("facilitator"), SUBMISSION_NAME("date"),
};

/*
 * The length of name when the bytes from p on are it and a closing
 * quote, else 0 (names hold no quote, and none is empty).
 */
static size_t
submission_read_plain(const unsigned char *p, const unsigned char *end,
    const struct submission_name *name)
{
	return (size_t)(end - p) > name->len && p[name->len] == '"' &&
	    p[0] == (unsigned char)name->s[0] &&
	    memcmp(p, name->s, name->len) == 0 ? name->len : 0;
}

/*
 * A key of a fixed object: its index in names[n], or -1 (format). *next:
 * where to look first (the format's order), then the index after it.
 */
static int
submission_read_name(struct submission_reader *rd,
    const struct submission_name *names, size_t n, size_t *next)
{
	size_t used = rd->used, i, k, j;
	uint32_t off, len;
	const char *key;

	/*
	 * The key as the format writes it, "name" without escapes, is that
	 * name: found without unescaping it. Any other goes to the lexer.
	 */
	if (submission_lex_peek(rd) == '"')
		for (j = 0; j < n; j++) {
			i = (*next + j) % n;
			if ((k = submission_read_plain(rd->p + 1, rd->end,
			    &names[i])) == 0)
				continue;
			rd->p += k + 2;
			if (submission_lex_expect(rd, ':') != 0)
				return -1;
			*next = i + 1;
			return (int)i;
		}
	if (submission_lex_string(rd, &off, &len) != 0)
		return -1;
	rd->used = used;	/* only compared */
	key = rd->arena + off;
	for (i = 0; i < n; i++)
		if (names[i].s[0] == key[0] && strcmp(names[i].s, key) == 0) {
			if (submission_lex_expect(rd, ':') != 0)
				return -1;
			*next = i + 1;
			return (int)i;
		}
	return submission_lex_fail(rd, SUBMISSION_WHY_FORMAT);
}

/*
 * An object of exactly the keys names[n] (the last may be missing when
 * optional is set); each value's string offset in vals, or SUBMISSION_NONE
 * for another value (null allowed with nulls, else anything jansson
 * reads, to be refused by submission_check as a missing field).
 */
static int
submission_read_fixed(struct submission_reader *rd,
    const struct submission_name *names, size_t n, int optional, int nulls,
    uint32_t *vals)
{
	unsigned seen = 0;
	size_t next = 0;
	int i, c, which, r;

	for (i = 0; i < (int)n; i++)
		vals[i] = SUBMISSION_NONE;
	if (submission_lex_peek(rd) != '{')
		return submission_lex_fail(rd, SUBMISSION_WHY_FORMAT);
	rd->p++;
	if (submission_lex_peek(rd) == '}')
		rd->p++;
	else
		for (;;) {
			if ((i = submission_read_name(rd, names, n,
			    &next)) < 0)
				return -1;
			if (seen & 1u << i)	/* a duplicate */
				return submission_lex_fail(rd,
				    SUBMISSION_WHY_SYNTAX);
			seen |= 1u << i;
			c = submission_lex_peek(rd);
			if (c == '"')
				r = submission_lex_string(rd, &vals[i], NULL);
			else if (!nulls)
				r = submission_lex_skip(rd, 3);
			else if (c != 'n' ||
			    (r = submission_lex_literal(rd, &which)) != 0 ||
			    which != 2)
				r = submission_lex_fail(rd,
				    SUBMISSION_WHY_TYPE);
			if (r != 0)
				return -1;
			if (submission_lex_peek(rd) != ',') {
				if (submission_lex_expect(rd, '}') != 0)
					return -1;
				break;
			}
			rd->p++;
		}
	if ((seen | (optional ? 1u << (n - 1) : 0)) != (1u << n) - 1)
		return submission_lex_fail(rd, SUBMISSION_WHY_FORMAT);
	return 0;
}

static int
submission_read_entry(struct submission_reader *rd, uint32_t key,
    uint32_t keylen, uint32_t value, uint32_t parent, uint32_t k)
{
	struct submission_entry *ne;

	if (rd->n >= SUBMISSION_MAX_ANSWERS)
		return submission_lex_fail(rd, SUBMISSION_WHY_TYPE);
	if (rd->n == rd->entcap) {
		if ((ne = malloc(rd->entcap * 2 * sizeof *ne)) == NULL)
			return submission_lex_fail(rd, SUBMISSION_WHY_NOMEM);
		memcpy(ne, rd->ent, rd->n * sizeof *ne);
		if (rd->ent != rd->ent0)
			free(rd->ent);
		rd->ent = ne;
		rd->entcap *= 2;
	}
	rd->ent[rd->n++] = (struct submission_entry){ key, keylen, value,
	    parent, k, SUBMISSION_NONE, 0 };
	return 0;
}

static int submission_read_answers(struct submission_reader *, uint32_t,
    int);

/* A repeat's instances after its '[': objects, each an entry first. */
static int
submission_read_repeat(struct submission_reader *rd, uint32_t key,
    uint32_t keylen, uint32_t parent, int depth)
{
	uint32_t k;

	for (k = 1;; k++) {
		if (submission_lex_peek(rd) != '{')
			return submission_lex_fail(rd, SUBMISSION_WHY_TYPE);
		if (submission_read_entry(rd, key, keylen, SUBMISSION_NONE,
		    parent, k) != 0 || submission_read_answers(rd,
		    (uint32_t)rd->n - 1, depth + 1) != 0)
			return -1;
		if (submission_lex_peek(rd) != ',')
			return submission_lex_expect(rd, ']');
		rd->p++;
	}
}

/*
 * An answers object: strings are answers, arrays of objects a repeat's
 * instances, listed before their own answers. parent: the instance it
 * belongs to (SUBMISSION_NONE at the top), depth instances deep.
 */
static int
submission_read_answers(struct submission_reader *rd, uint32_t parent,
    int depth)
{
	uint32_t obj, key, keylen, val;
	int c;

	if (depth > SUBMISSION_MAX_DEPTH)
		return submission_lex_fail(rd, SUBMISSION_WHY_TYPE);
	if (submission_lex_peek(rd) != '{')
		return submission_lex_fail(rd, depth == 0 ?
		    SUBMISSION_WHY_FORMAT : SUBMISSION_WHY_TYPE);
	rd->p++;
	obj = ++rd->objs;
	if (submission_lex_peek(rd) == '}') {
		rd->p++;
		return 0;
	}
	for (;;) {
		if (submission_lex_string(rd, &key, &keylen) != 0 ||
		    submission_lex_key(rd, obj, key, keylen) != 0 ||
		    submission_lex_expect(rd, ':') != 0)
			return -1;
		c = submission_lex_peek(rd);
		if (c == '"') {
			if (submission_lex_string(rd, &val, NULL) != 0 ||
			    submission_read_entry(rd, key, keylen, val, parent,
			    0) != 0)
				return -1;
		} else if (c != '[')
			return submission_lex_fail(rd, SUBMISSION_WHY_TYPE);
		else if (rd->p++, submission_lex_peek(rd) == ']')
			rd->p++;
		else if (submission_read_repeat(rd, key, keylen, parent,
		    depth) != 0)
			return -1;
		if (submission_lex_peek(rd) != ',')
			return submission_lex_expect(rd, '}');
		rd->p++;
	}
}

/* The value of the top object's field f. */
static int
submission_read_field(struct submission_reader *rd,
    enum submission_field f)
{
	uint32_t off, len;
	int which;

	switch (f) {
	case SUBMISSION_F_FORM:
	case SUBMISSION_F_PACK:
		return submission_read_fixed(rd, submission_read_idver, 2, 0,
		    0, rd->idver[f == SUBMISSION_F_PACK]);
	case SUBMISSION_F_SESSION:
		if (submission_lex_peek(rd) != 'n')
			/* The date optional: as the first writers wrote it. */
			return submission_read_fixed(rd, submission_read_sess,
			    4, 1, 1, rd->sess);
		if (submission_lex_literal(rd, &which) != 0)
			return -1;
		return which == 2 ? 0 : submission_lex_fail(rd,
		    SUBMISSION_WHY_FORMAT);
	case SUBMISSION_F_ANSWERS:
		return submission_read_answers(rd, SUBMISSION_NONE, 0);
	case SUBMISSION_F_LANGUAGE:
	case SUBMISSION_F_DEVICE:
		if (submission_lex_peek(rd) != '"')
			return submission_lex_skip(rd, 2);
		return submission_lex_string(rd, &rd->field[f], NULL);
	default:
		break;
	}
	if (submission_lex_peek(rd) != '"')
		return submission_lex_fail(rd, f == SUBMISSION_F_FORMAT ?
		    SUBMISSION_WHY_FORMAT : SUBMISSION_WHY_TYPE);
	if (submission_lex_string(rd, &off, &len) != 0)
		return -1;
	rd->field[f] = off;
	if (f == SUBMISSION_F_FORMAT)
		return strcmp(rd->arena + off, SUBMISSION_FORMAT) == 0 ? 0 :
		    submission_lex_fail(rd, SUBMISSION_WHY_FORMAT);
	if (f == SUBMISSION_F_ID)
		return len == SUBMISSION_ID_SIZE - 1 ? 0 :
		    submission_lex_fail(rd, SUBMISSION_WHY_TYPE);
	if ((f == SUBMISSION_F_KIND &&
	    submission_kind_parse(rd->arena + off, &rd->kind) != ERR_OK) ||
	    (f == SUBMISSION_F_STARTED &&
	    submission_time_parse(rd->arena + off, &rd->started) != ERR_OK) ||
	    (f == SUBMISSION_F_SUBMITTED &&
	    submission_time_parse(rd->arena + off, &rd->submitted) != ERR_OK))
		return submission_lex_fail(rd, SUBMISSION_WHY_TYPE);
	return 0;
}

/* The whole document: one object of exactly the fields, then nothing. */
static int
submission_read_doc(struct submission_reader *rd)
{
	unsigned seen = 0;
	size_t next = 0;
	int i;

	if (submission_lex_peek(rd) != '{')
		return submission_lex_fail(rd, rd->p < rd->end &&
		    *rd->p == '[' ? SUBMISSION_WHY_FORMAT :
		    SUBMISSION_WHY_SYNTAX);
	rd->p++;
	if (submission_lex_peek(rd) == '}')
		rd->p++;
	else
		for (;;) {
			if ((i = submission_read_name(rd, submission_read_top,
			    SUBMISSION_NFIELDS, &next)) < 0)
				return -1;
			if (seen & 1u << i)	/* a duplicate */
				return submission_lex_fail(rd,
				    SUBMISSION_WHY_SYNTAX);
			seen |= 1u << i;
			if (submission_read_field(rd,
			    (enum submission_field)i) != 0)
				return -1;
			if (submission_lex_peek(rd) != ',') {
				if (submission_lex_expect(rd, '}') != 0)
					return -1;
				break;
			}
			rd->p++;
		}
	if (submission_lex_peek(rd) != -1)
		return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	if (seen != (1u << SUBMISSION_NFIELDS) - 1)
		return submission_lex_fail(rd, SUBMISSION_WHY_FORMAT);
	return 0;
}

/* The decimal digits of k, 1 to 10 of them. */
static size_t
submission_read_digits(uint32_t k)
{
	size_t n = 1;

	while (k >= 10) {
		k /= 10;
		n++;
	}
	return n;
}

/* Append s (n bytes) at *at in arena, but not past lim. */
static void
submission_read_put(char *arena, size_t *at, size_t lim, const char *s,
    size_t n)
{
	if (n > lim - *at)
		n = lim - *at;
	memcpy(arena + *at, s, n);
	*at += n;
}

/*
 * Write the paths of entries inside repeats and of instances after the
 * strings ("member[2]", "member[2]/name"), growing the arena once if
 * they do not fit (the old one wiped). A top-level answer's path is its
 * key. A path longer than SUBMISSION_MAX_PATH is cut to one byte more:
 * submission_check refuses it all the same (by its number, never its
 * name), and a hostile document cannot make 16,384 copies of a key of
 * megabytes.
 */
static int
submission_read_paths(struct submission_reader *rd)
{
	struct submission_entry *e, *up;
	size_t need = 0, i, len, at, lim;
	char num[16], *na;

	for (i = 0; i < rd->n; i++) {
		e = &rd->ent[i];
		up = e->parent != SUBMISSION_NONE ? &rd->ent[e->parent] : NULL;
		if (up == NULL && e->k == 0)
			continue;
		len = (up != NULL ? (size_t)up->namelen + 1 : 0) + e->keylen +
		    (e->k > 0 ? submission_read_digits(e->k) + 2 : 0);
		e->namelen = (uint32_t)(len > SUBMISSION_MAX_PATH ?
		    SUBMISSION_MAX_PATH + 1 : len);
		need += (size_t)e->namelen + 1;
	}
	if (rd->used + need > rd->cap) {
		if ((na = malloc(rd->used + need)) == NULL)
			return submission_lex_fail(rd, SUBMISSION_WHY_NOMEM);
		memcpy(na, rd->arena, rd->used);
		sodium_memzero(rd->arena, rd->cap);
		free(rd->arena);
		rd->arena = na;
		rd->cap = rd->used + need;
	}
	for (i = 0; i < rd->n; i++) {
		e = &rd->ent[i];
		up = e->parent != SUBMISSION_NONE ? &rd->ent[e->parent] : NULL;
		if (up == NULL && e->k == 0) {
			e->name = e->key;
			continue;
		}
		e->name = (uint32_t)(at = rd->used);
		lim = at + e->namelen;
		if (up != NULL) {
			submission_read_put(rd->arena, &at, lim,
			    rd->arena + up->name, up->namelen);
			submission_read_put(rd->arena, &at, lim, "/", 1);
		}
		submission_read_put(rd->arena, &at, lim, rd->arena + e->key,
		    e->keylen);
		if (e->k > 0)
			submission_read_put(rd->arena, &at, lim, num,
			    (size_t)snprintf(num, sizeof num, "[%lu]",
			    (unsigned long)e->k));
		rd->arena[at++] = '\0';
		rd->used = at;
	}
	return 0;
}

/* The struct of what was read: pointers into the arena. */
static struct submission_parsed *
submission_read_result(struct submission_reader *rd)
{
	struct submission_parsed *p;
	const char **sp[4];
	size_t i;

	/* Every answer is set below: only the struct needs zeroes. */
	if ((p = malloc(sizeof *p + rd->n * sizeof *p->answers)) == NULL)
		return NULL;
	memset(p, 0, sizeof *p);
	sp[0] = &p->s.venue;
	sp[1] = &p->s.group;
	sp[2] = &p->s.facilitator;
	sp[3] = &p->s.date;
	p->answers = (struct submission_answer *)(void *)(p + 1);
	for (i = 0; i < rd->n; i++) {
		p->answers[i].name = rd->arena + rd->ent[i].name;
		p->answers[i].value = rd->ent[i].value == SUBMISSION_NONE ?
		    NULL : rd->arena + rd->ent[i].value;
	}
	memcpy(p->s.id, rd->arena + rd->field[SUBMISSION_F_ID],
	    SUBMISSION_ID_SIZE);
	p->s.kind = rd->kind;
#define SUBMISSION_READ_STR(off) \
	((off) == SUBMISSION_NONE ? NULL : rd->arena + (off))
	p->s.form_id = SUBMISSION_READ_STR(rd->idver[0][0]);
	p->s.form_version = SUBMISSION_READ_STR(rd->idver[0][1]);
	p->s.pack_id = SUBMISSION_READ_STR(rd->idver[1][0]);
	p->s.pack_version = SUBMISSION_READ_STR(rd->idver[1][1]);
	p->s.lang = SUBMISSION_READ_STR(rd->field[SUBMISSION_F_LANGUAGE]);
	p->s.device = SUBMISSION_READ_STR(rd->field[SUBMISSION_F_DEVICE]);
	for (i = 0; i < 4; i++)
		*sp[i] = SUBMISSION_READ_STR(rd->sess[i]);
#undef SUBMISSION_READ_STR
	p->s.started = rd->started;
	p->s.submitted = rd->submitted;
	p->s.answers = p->answers;
	p->s.nanswers = rd->n;
	p->arena = rd->arena;
	p->arenasize = rd->cap;
	return p;
}

int
submission_parse(const char *json, size_t len,
    struct submission_parsed **outp, char **cause)
{
	struct submission_reader rdbuf, *rd = &rdbuf;
	struct submission_parsed *p = NULL;
	size_t i;
	int r, line, col;

	*outp = NULL;
	/* The arrays on the stack need no zeroes, but the slots do. */
	memset(rd, 0, offsetof(struct submission_reader, ent0));
	memset(rd->slot0, 0, sizeof rd->slot0);
	rd->start = rd->p = (const unsigned char *)json;
	rd->end = rd->start + len;
	rd->ent = rd->ent0;
	rd->entcap = SUBMISSION_ENTRIES0;
	rd->keys = rd->key0;
	rd->keycap = SUBMISSION_KEYS0;
	rd->slots = rd->slot0;
	rd->nslots = SUBMISSION_SLOTS0;
	for (i = 0; i < SUBMISSION_NFIELDS; i++)
		rd->field[i] = SUBMISSION_NONE;
	for (i = 0; i < 4; i++)
		rd->sess[i] = rd->idver[i / 2][i % 2] = SUBMISSION_NONE;
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
	if (submission_read_doc(rd) == 0 && submission_read_paths(rd) == 0 &&
	    (p = submission_read_result(rd)) == NULL)
		rd->why = SUBMISSION_WHY_NOMEM;
	switch (rd->why) {
	case SUBMISSION_WHY_OK:
		rd->arena = NULL;	/* p has it */
		r = submission_check_read(&p->s, cause);
		break;
	case SUBMISSION_WHY_NOMEM:
		r = ERR_NOMEM;
		break;
	case SUBMISSION_WHY_SYNTAX:
		submission_lex_where(rd, &line, &col);
		r = err_set(cause, ERR_PARSE, "submission: not JSON (line %d, "
		    "column %d)", line, col);
		break;
	case SUBMISSION_WHY_FORMAT:
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
