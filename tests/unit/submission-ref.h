/*
 * The jansson-based submission_parse() as it was before the single-pass
 * reader (sync/submission-read.c), kept only in the tests as the
 * reference the reader is compared with: json_loadb with
 * JSON_REJECT_DUPLICATES, then a walk of the tree. Its verdicts and its
 * struct are what "the same as before" means. Not part of the program.
 */
#ifndef OUTREACH_SUBMISSION_REF_H
#define OUTREACH_SUBMISSION_REF_H

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "sync/submission.h"

/* The old struct submission_parsed. */
struct ref_parsed {
	struct submission	 s;
	struct submission_answer *answers;	/* s.answers */
	char			*paths;		/* paths inside repeats */
	void			*json;		/* jansson's tree */
};

static void ref_parsed_free(struct ref_parsed **pp);

/* The string at key in obj, or NULL when absent or not a string. */
static const char *
ref_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* 1 when obj has exactly the keys listed (NULL-terminated). */
static int
ref_keys_exact(json_t *obj, const char *const *keys)
{
	size_t n;

	if (!json_is_object(obj))
		return 0;
	for (n = 0; keys[n] != NULL; n++)
		if (json_object_get(obj, keys[n]) == NULL)
			return 0;
	return json_object_size(obj) == n;
}

/* Answers read back into the flat list of paths. */
struct ref_flat {
	struct submission_answer *a;	/* name NULL: the path is at offs */
	size_t			*offs;
	size_t			 n;
	size_t			 cap;
	struct buf		 paths;		/* NUL-separated */
};

static int
ref_flat_add(struct ref_flat *fl, const char *prefix,
    const char *key, size_t k, const char *value)
{
	struct submission_answer *na;
	size_t *no;

	if (fl->n >= SUBMISSION_MAX_ANSWERS)
		return ERR_LIMIT;
	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 64;
		if ((na = reallocarray(fl->a, fl->cap + 1, sizeof *na)) ==
		    NULL)
			return ERR_NOMEM;
		fl->a = na;
		if ((no = reallocarray(fl->offs, fl->cap, sizeof *no)) ==
		    NULL)
			return ERR_NOMEM;
		fl->offs = no;
	}
	fl->a[fl->n].value = value;
	fl->a[fl->n].name = NULL;
	if (*prefix == '\0' && k == 0)
		fl->a[fl->n].name = key;	/* jansson keeps it */
	else {
		fl->offs[fl->n] = fl->paths.len;
		buf_printf(&fl->paths, "%s%s", prefix, key);
		if (k > 0)
			buf_printf(&fl->paths, "[%zu]", k);
		buf_addch(&fl->paths, '\0');
		if (buf_failed(&fl->paths))
			return ERR_NOMEM;
	}
	fl->n++;
	return 0;
}

/*
 * The answers object obj, whose keys sit under prefix ("" at the top,
 * "member[2]/" inside an instance): strings are answers, arrays of
 * objects a repeat's instances. ERR_PARSE for anything else.
 */
static int
ref_flatten(struct ref_flat *fl, json_t *obj,
    const char *prefix, int depth)
{
	char *sub;
	const char *key;
	json_t *v, *item;
	size_t k;
	int r;

	if (depth > SUBMISSION_MAX_DEPTH)
		return ERR_PARSE;
	json_object_foreach(obj, key, v) {
		if (json_is_string(v)) {
			if ((r = ref_flat_add(fl, prefix, key, 0,
			    json_string_value(v))) != 0)
				return r;
			continue;
		}
		if (!json_is_array(v))
			return ERR_PARSE;
		json_array_foreach(v, k, item) {
			if (!json_is_object(item))
				return ERR_PARSE;
			if ((r = ref_flat_add(fl, prefix, key, k + 1,
			    NULL)) != 0)
				return r;
			if (asprintf(&sub, "%s%s[%zu]/", prefix, key, k + 1) ==
			    -1)
				return ERR_NOMEM;
			r = ref_flatten(fl, item, sub, depth + 1);
			free(sub);
			if (r != 0)
				return r;
		}
	}
	return 0;
}

static int
ref_parse(const char *json, size_t len,
    struct ref_parsed **outp, char **cause)
{
	static const char *const top[] = { "format", "id", "kind", "form",
	    "pack", "language", "device", "session", "started", "submitted",
	    "answers", NULL };
	static const char *const idver[] = { "id", "version", NULL };
	static const char *const sess[] = { "venue", "group", "facilitator",
	    "date", NULL };
	/* Without the date: a session as the first writers wrote it. */
	static const char *const sess3[] = { "venue", "group", "facilitator",
	    NULL };
	struct ref_parsed *p = NULL;
	struct ref_flat fl;
	json_error_t jerr;
	json_t *root = NULL, *session, *answers, *v;
	const char *str;
	size_t i;
	int r;

	*outp = NULL;
	if (len > SUBMISSION_MAX_BYTES) {
		r = err_set(cause, ERR_LIMIT, "submission: larger than %d "
		    "bytes", SUBMISSION_MAX_BYTES);
		goto out;
	}
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		r = err_set(cause, ERR_PARSE, "submission: not JSON (line %d, "
		    "column %d)", jerr.line, jerr.column);
		goto out;
	}
	session = json_object_get(root, "session");
	answers = json_object_get(root, "answers");
	if (!ref_keys_exact(root, top) ||
	    (str = ref_str(root, "format")) == NULL ||
	    strcmp(str, SUBMISSION_FORMAT) != 0 ||
	    !ref_keys_exact(json_object_get(root, "form"), idver) ||
	    !ref_keys_exact(json_object_get(root, "pack"), idver) ||
	    (!json_is_null(session) && !ref_keys_exact(session, sess) &&
	    !ref_keys_exact(session, sess3)) ||
	    !json_is_object(answers) ||
	    json_object_size(answers) > SUBMISSION_MAX_ANSWERS) {
		r = err_set(cause, ERR_PARSE, "submission: not in the format "
		    "%s", SUBMISSION_FORMAT);
		goto out;
	}
	if ((p = calloc(1, sizeof *p)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	r = ERR_PARSE;
	str = ref_str(root, "id");
	if (str == NULL || strlen(str) != SUBMISSION_ID_SIZE - 1)
		goto bad;
	memcpy(p->s.id, str, SUBMISSION_ID_SIZE);
	if ((str = ref_str(root, "kind")) == NULL ||
	    submission_kind_parse(str, &p->s.kind) != ERR_OK)
		goto bad;
	p->s.form_id = ref_str(json_object_get(root, "form"), "id");
	p->s.form_version = ref_str(json_object_get(root, "form"),
	    "version");
	p->s.pack_id = ref_str(json_object_get(root, "pack"), "id");
	p->s.pack_version = ref_str(json_object_get(root, "pack"),
	    "version");
	p->s.lang = ref_str(root, "language");
	p->s.device = ref_str(root, "device");
	if (!json_is_null(session)) {
		for (i = 0; sess[i] != NULL; i++) {
			v = json_object_get(session, sess[i]);
			if (v != NULL && !json_is_null(v) && !json_is_string(v))
				goto bad;
		}
		p->s.venue = ref_str(session, "venue");
		p->s.group = ref_str(session, "group");
		p->s.facilitator = ref_str(session, "facilitator");
		p->s.date = ref_str(session, "date");
	}
	if ((str = ref_str(root, "started")) == NULL ||
	    submission_time_parse(str, &p->s.started) != ERR_OK ||
	    (str = ref_str(root, "submitted")) == NULL ||
	    submission_time_parse(str, &p->s.submitted) != ERR_OK)
		goto bad;
	memset(&fl, 0, sizeof fl);
	buf_init(&fl.paths);
	r = ref_flatten(&fl, answers, "", 0);
	if (r == 0 && (p->paths = buf_detach(&fl.paths, NULL)) == NULL)
		r = ERR_NOMEM;
	if (r != 0) {
		buf_free(&fl.paths);
		free(fl.offs);
		free(fl.a);
		if (r == ERR_NOMEM)
			goto out;
		goto bad;
	}
	/* Paths inside repeats were copied; top-level keys are jansson's. */
	for (i = 0; i < fl.n; i++)
		if (fl.a[i].name == NULL)
			fl.a[i].name = p->paths + fl.offs[i];
	free(fl.offs);
	p->answers = fl.a;
	p->s.answers = p->answers;
	p->s.nanswers = fl.n;
	if ((r = submission_check(&p->s, cause)) != ERR_OK)
		goto out;
	p->json = root;
	root = NULL;
	*outp = p;
	p = NULL;
	r = ERR_OK;
	goto out;
bad:
	r = err_set(cause, ERR_PARSE, "submission: a field has the wrong "
	    "type or form");
out:
	ref_parsed_free(&p);
	json_decref(root);
	return r;
}

static void
ref_parsed_free(struct ref_parsed **pp)
{
	struct ref_parsed *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	json_decref(p->json);
	free(p->answers);
	free(p->paths);
	sodium_memzero(p, sizeof *p);
	free(p);
	*pp = NULL;
}

static int
ref_streq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* 1 when two parsed submissions hold the same fields and answers. */
static int
ref_same(const struct submission *a, const struct submission *b)
{
	size_t i;

	if (strcmp(a->id, b->id) != 0 || a->kind != b->kind ||
	    !ref_streq(a->form_id, b->form_id) ||
	    !ref_streq(a->form_version, b->form_version) ||
	    !ref_streq(a->pack_id, b->pack_id) ||
	    !ref_streq(a->pack_version, b->pack_version) ||
	    !ref_streq(a->lang, b->lang) || !ref_streq(a->device, b->device) ||
	    !ref_streq(a->venue, b->venue) || !ref_streq(a->group, b->group) ||
	    !ref_streq(a->facilitator, b->facilitator) ||
	    !ref_streq(a->date, b->date) || a->started != b->started ||
	    a->submitted != b->submitted || a->nanswers != b->nanswers)
		return 0;
	for (i = 0; i < a->nanswers; i++)
		if (!ref_streq(a->answers[i].name, b->answers[i].name) ||
		    !ref_streq(a->answers[i].value, b->answers[i].value))
			return 0;
	return 1;
}

#define REF_NOT_JSON	"submission: not JSON"

/*
 * 0 when submission_parse agrees with the reference on json: the same
 * code; for a refusal by submission_check or a bound, the same cause;
 * "not JSON" only where the reference says so too (a document that is
 * both malformed and off the format may be called either); an equal
 * submission when accepted. Else 1, with what differs in why. *rp: the
 * reference's code.
 */
static int
ref_differs(const char *json, size_t len, int *rp, char *why, size_t whylen)
{
	struct submission_parsed *p = NULL;
	struct ref_parsed *q = NULL;
	char *c1 = NULL, *c2 = NULL;
	int r1, r2, bad = 0;

	r1 = submission_parse(json, len, &p, &c1);
	r2 = ref_parse(json, len, &q, &c2);
	*rp = r2;
	if (r1 != r2 || (r1 == ERR_OK) != (p != NULL) ||
	    (r2 == ERR_OK) != (q != NULL))
		bad = 1;
	else if (r1 == ERR_OK)
		bad = !ref_same(&p->s, &q->s);
	else if (r1 != ERR_PARSE)
		bad = !ref_streq(c1, c2);
	else if (c1 == NULL || c2 == NULL)
		bad = 1;
	else if (strncmp(c1, REF_NOT_JSON, strlen(REF_NOT_JSON)) == 0)
		bad = strncmp(c2, REF_NOT_JSON, strlen(REF_NOT_JSON)) != 0;
	if (bad)
		snprintf(why, whylen, "reader %d (%s), reference %d (%s)", r1,
		    c1 != NULL ? c1 : "-", r2, c2 != NULL ? c2 : "-");
	submission_parsed_free(&p);
	ref_parsed_free(&q);
	free(c1);
	free(c2);
	return bad;
}

#endif
