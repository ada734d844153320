/*
 * The survey runtime: answers, relevance, calculations, screens and the
 * response; see survey.h. Validation and choices are in survey-check.c.
 *
 * After every change the whole form is walked in order: each entry's
 * relevance (its own expression and its group's), then its calculation if
 * it has one and is relevant. A form may refer forward (a relevant reading
 * a later calculation), so the walk repeats until nothing changes, at most
 * SURVEY_PASSES times: a form whose values chase each other round a cycle
 * settles on whatever the last pass gave instead of looping for ever.
 */
#include "content/survey-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/utf8.h"

#define SURVEY_PASSES	8

int
survey_type_shown(enum xlsform_type t)
{
	switch (t) {
	case XLSFORM_TEXT:
	case XLSFORM_INTEGER:
	case XLSFORM_DECIMAL:
	case XLSFORM_SELECT_ONE:
	case XLSFORM_SELECT_MULTIPLE:
	case XLSFORM_RANK:
	case XLSFORM_RANGE:
	case XLSFORM_NOTE:
	case XLSFORM_ACKNOWLEDGE:
	case XLSFORM_DATE:
		return 1;
	default:
		return 0;
	}
}

static int
survey_name_cmp(const void *a, const void *b)
{
	const struct survey_name *x = a, *y = b;

	return strcmp(x->name, y->name);
}

size_t
survey_find(const struct survey *s, const char *name)
{
	struct survey_name key, *hit;

	if (s == NULL || name == NULL)
		return SURVEY_NONE;
	key.name = name;
	hit = bsearch(&key, s->names, s->nnames, sizeof s->names[0],
	    survey_name_cmp);
	return hit != NULL ? hit->q : SURVEY_NONE;
}

enum expr_type
survey_qtype(const struct survey *s, size_t q)
{
	const struct xlsform_question *qq = &s->f->questions[q];

	if (s->types[q] != EXPR_STRING)
		return (enum expr_type)s->types[q];
	switch (qq->type) {
	case XLSFORM_INTEGER:
	case XLSFORM_DECIMAL:
	case XLSFORM_RANGE:
		return EXPR_NUMBER;
	case XLSFORM_DATE:
		return EXPR_DATE;
	case XLSFORM_META:
		return qq->meta == XLSFORM_META_START || qq->meta ==
		    XLSFORM_META_END || qq->meta == XLSFORM_META_TODAY ?
		    EXPR_DATE : EXPR_STRING;
	default:
		return EXPR_STRING;
	}
}

static int
survey_lookup(void *ctx, const char *name, int is_ref, size_t i,
    struct expr_item *item, size_t *n)
{
	const struct survey *s = ctx;
	size_t q;

	(void)i;
	if (!is_ref || (q = survey_find(s, name)) == SURVEY_NONE)
		return ERR_NOTFOUND;
	item->text = survey_get(s, q);
	item->type = survey_qtype(s, q);
	*n = 1;
	return 0;
}

/* jr:choice-name(): a choice's label in the survey's language. */
static const char *
survey_choice_name(void *ctx, const char *question, const char *value)
{
	const struct survey *s = ctx;
	const struct xlsform_list *l;
	size_t q, i;

	if ((q = survey_find(s, question)) == SURVEY_NONE ||
	    (l = xlsform_list_of(s->f, &s->f->questions[q])) == NULL)
		return NULL;
	for (i = 0; i < l->nchoices; i++)
		if (strcmp(l->choices[i].name, value) == 0)
			return survey_choice_label(s, &l->choices[i]);
	return NULL;
}

void
survey_env(const struct survey *s, struct expr_env *env, size_t q,
    const char *dot)
{
	memset(env, 0, sizeof *env);
	env->lookup = survey_lookup;
	env->ctx = (void *)(uintptr_t)s;
	env->now = s->started;
	env->choice = survey_choice_name;
	env->version = s->f->version;
	env->dot.text = dot;
	env->dot.type = EXPR_STRING;
	if (q != SURVEY_NONE) {
		env->dot.text = dot != NULL ? dot : survey_get_raw(s, q);
		env->dot.type = survey_qtype(s, q);
	}
}

/* How a computed value is stored for a question of q's type. */
static enum expr_store
survey_store_as(const struct xlsform_question *qq)
{
	switch (qq->type) {
	case XLSFORM_DATE:
		return EXPR_STORE_DATE;
	case XLSFORM_INTEGER:
		return EXPR_STORE_INTEGER;
	case XLSFORM_DECIMAL:
		return EXPR_STORE_DECIMAL;
	default:
		return EXPR_STORE_ANY;
	}
}

/*
 * The value of expression e for question q as Collect stores it (Caller
 * frees; "" for nothing), and its type in *type. NULL on ENOMEM.
 */
static char *
survey_compute(const struct survey *s, size_t q, const struct expr *e,
    enum expr_type *type)
{
	struct expr_env env;
	struct expr_value v;
	char *out;

	survey_env(s, &env, q, NULL);
	*type = EXPR_STRING;
	/* An error (a repeated question where one is needed...) stores "". */
	if (expr_eval(e, &env, &v, NULL) != 0)
		return strdup("");
	out = expr_value_store(&v, survey_store_as(&s->f->questions[q]), type);
	expr_value_clear(&v);
	return out;
}

/* Replace the stored answer of q, wiping the old one; takes v. */
static void
survey_replace(struct survey *s, size_t q, char *v)
{
	char *old = s->answers[q];

	if (old != NULL) {
		explicit_bzero(old, strlen(old));
		free(old);
	}
	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}
	s->answers[q] = v;
	s->types[q] = EXPR_STRING;
}

/* Relevance and calculations, in form order, until they settle. */
static void
survey_update(struct survey *s)
{
	const struct xlsform *f = s->f;
	const struct xlsform_question *qq;
	struct expr_env env;
	enum expr_type type;
	size_t q, pass;
	unsigned char r;
	int changed = 1;
	char *v;

	survey_env(s, &env, SURVEY_NONE, NULL);
	for (pass = 0; pass < SURVEY_PASSES && changed; pass++) {
		changed = 0;
		for (q = 0; q < f->nquestions; q++) {
			qq = &f->questions[q];
			if (qq->type == XLSFORM_END_GROUP) {
				r = qq->match != XLSFORM_NONE ?
				    s->rel[qq->match] : 1;
			} else {
				r = qq->parent == XLSFORM_NONE ||
				    s->rel[qq->parent];
				if (r && qq->relevant.e != NULL)
					r = expr_eval_bool(qq->relevant.e,
					    &env) ? 1 : 0;
			}
			if (r != s->rel[q]) {
				s->rel[q] = r;
				changed = 1;
			}
			if (!r || qq->calculation.e == NULL)
				continue;
			/* uuid(), random(), now(): once, as Collect does. */
			if ((expr_uses(qq->calculation.e) &
			    EXPR_USES_VOLATILE) && s->answers[q] != NULL)
				continue;
			if ((v = survey_compute(s, q, qq->calculation.e,
			    &type)) == NULL)
				continue;
			if (strcmp(v, survey_get_raw(s, q)) == 0 &&
			    type == s->types[q]) {
				free(v);
				continue;
			}
			survey_replace(s, q, v);
			s->types[q] = (unsigned char)type;
			changed = 1;
		}
	}
}

/* The device's part of a metadata entry, when the survey starts. */
static char *
survey_meta(const struct survey *s, enum xlsform_meta m)
{
	char buf[SURVEY_TIME_MAX];
	struct tm tm;

	switch (m) {
	case XLSFORM_META_START:
		survey_format_time(s->started, buf);
		return strdup(buf);
	case XLSFORM_META_TODAY:
		if (localtime_r(&s->started, &tm) == NULL ||
		    strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0)
			return NULL;
		return strdup(buf);
	default:
		/* The device id goes in the envelope; the rest stay empty. */
		return NULL;
	}
}

static int
survey_build_screens(struct survey *s)
{
	const struct xlsform *f = s->f;
	const struct xlsform_question *qq;
	size_t i = 0, j, n = 0;

	if ((s->screens = calloc(f->nquestions + 1, sizeof *s->screens)) ==
	    NULL || (s->screen_of = malloc((f->nquestions + 1) *
	    sizeof *s->screen_of)) == NULL)
		return ERR_NOMEM;
	for (j = 0; j < f->nquestions; j++)
		s->screen_of[j] = SURVEY_NONE;
	while (i < f->nquestions) {
		qq = &f->questions[i];
		if (qq->type == XLSFORM_BEGIN_GROUP) {
			if (qq->match != XLSFORM_NONE && qq->match > i &&
			    survey_has_token(qq->appearance, "field-list")) {
				s->screens[n].first = i;
				s->screens[n].last = qq->match;
				for (j = i; j <= qq->match; j++)
					s->screen_of[j] = n;
				n++;
				i = qq->match + 1;
				continue;
			}
		} else if (survey_type_shown(qq->type)) {
			s->screens[n].first = s->screens[n].last = i;
			s->screen_of[i] = n++;
		}
		i++;
	}
	s->nscreens = n;
	return 0;
}

int
survey_new(const struct xlsform *f, const char *lang, time_t now,
    struct survey **out, char **cause)
{
	struct survey *s = NULL;
	const struct xlsform_question *qq;
	enum expr_type type;
	size_t q, n = f != NULL ? f->nquestions : 0;
	char *v;
	int r = ERR_NOMEM;

	*out = NULL;
	if (f == NULL || n > XLSFORM_MAX_QUESTIONS) {
		r = err_set(cause, ERR_INVALID, "no form, or too many questions");
		goto out;
	}
	if ((s = calloc(1, sizeof *s)) == NULL)
		goto out;
	s->f = f;
	s->started = now != 0 ? now : time(NULL);
	if ((s->answers = calloc(n + 1, sizeof *s->answers)) == NULL ||
	    (s->types = calloc(n + 1, 1)) == NULL ||
	    (s->rel = calloc(n + 1, 1)) == NULL ||
	    (s->names = calloc(n + 1, sizeof *s->names)) == NULL ||
	    survey_build_screens(s) != 0 ||
	    survey_set_lang(s, lang) != 0)
		goto out;
	for (q = 0; q < n; q++) {
		qq = &f->questions[q];
		if (qq->type != XLSFORM_END_GROUP && qq->name != NULL) {
			s->names[s->nnames].name = qq->name;
			s->names[s->nnames++].q = q;
		}
		if (qq->type == XLSFORM_META)
			s->answers[q] = survey_meta(s, qq->meta);
		else if (qq->default_value != NULL &&
		    (s->answers[q] = strdup(qq->default_value)) == NULL)
			goto out;
	}
	qsort(s->names, s->nnames, sizeof s->names[0], survey_name_cmp);
	survey_update(s);
	/* Computed defaults see the literal ones, in form order. */
	for (q = 0; q < n; q++) {
		qq = &f->questions[q];
		if (qq->default_expr.e == NULL)
			continue;
		if ((v = survey_compute(s, q, qq->default_expr.e, &type)) ==
		    NULL)
			goto out;
		survey_replace(s, q, v);
		s->types[q] = (unsigned char)type;
		survey_update(s);
	}
	*out = s;
	s = NULL;
	r = 0;
out:
	if (r == ERR_NOMEM)
		err_set(cause, r, "out of memory");
	survey_free(&s);
	return r;
}

void
survey_free(struct survey **sp)
{
	struct survey *s;
	size_t q;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	if (s->answers != NULL)
		for (q = 0; q < s->f->nquestions; q++)
			survey_replace(s, q, NULL);
	free(s->answers);
	free(s->types);
	free(s->rel);
	free(s->screens);
	free(s->screen_of);
	free(s->names);
	free(s->lang);
	free(s);
	*sp = NULL;
}

const struct xlsform *
survey_form(const struct survey *s)
{
	return s->f;
}

int
survey_set_lang(struct survey *s, const char *lang)
{
	char *l;
	size_t i;

	if (lang == NULL || *lang == '\0') {
		i = s->f->default_lang;
		lang = i < s->f->nlangs ? (s->f->langs[i].code != NULL ?
		    s->f->langs[i].code : s->f->langs[i].label) : "";
	}
	if (strlen(lang) > 255 || (l = strdup(lang)) == NULL)
		return ERR_NOMEM;
	free(s->lang);
	s->lang = l;
	return 0;
}

const char *
survey_lang(const struct survey *s)
{
	return s->lang;
}

int
survey_read_only(const struct survey *s, size_t q)
{
	const struct xlsform_question *qq;
	struct expr_env env;

	if (q >= s->f->nquestions)
		return 1;
	qq = &s->f->questions[q];
	if (qq->read_only_if.e != NULL) {
		survey_env(s, &env, q, NULL);
		return expr_eval_bool(qq->read_only_if.e, &env);
	}
	return qq->read_only || qq->calculation.e != NULL;
}

int
survey_answerable(const struct survey *s, size_t q)
{
	enum xlsform_type t;

	if (q >= s->f->nquestions)
		return 0;
	t = s->f->questions[q].type;
	return survey_type_shown(t) && t != XLSFORM_NOTE &&
	    !survey_read_only(s, q);
}

const char *
survey_get_raw(const struct survey *s, size_t q)
{
	if (q >= s->f->nquestions || s->answers[q] == NULL)
		return "";
	return s->answers[q];
}

const char *
survey_get(const struct survey *s, size_t q)
{
	if (q >= s->f->nquestions || !s->rel[q])
		return "";
	return survey_get_raw(s, q);
}

int
survey_relevant(const struct survey *s, size_t q)
{
	return q < s->f->nquestions && s->rel[q];
}

int
survey_required(const struct survey *s, size_t q)
{
	const struct xlsform_question *qq;
	struct expr_env env;

	if (q >= s->f->nquestions)
		return 0;
	qq = &s->f->questions[q];
	if (qq->required_if.e != NULL) {
		survey_env(s, &env, q, NULL);
		return expr_eval_bool(qq->required_if.e, &env);
	}
	return qq->required;
}

static int
survey_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* value without surrounding blanks; list: runs of blanks become one space. */
static char *
survey_normalise(const char *value, int list)
{
	const char *p = value, *end = value + strlen(value);
	char *out, *o;

	while (p < end && survey_blank(*p))
		p++;
	while (end > p && survey_blank(end[-1]))
		end--;
	if ((out = malloc((size_t)(end - p) + 1)) == NULL)
		return NULL;
	for (o = out; p < end; p++) {
		if (list && survey_blank(*p)) {
			if (o > out && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

int
survey_set(struct survey *s, size_t q, const char *value)
{
	enum xlsform_type t;
	size_t len;
	char *v = NULL;

	if (!survey_answerable(s, q))
		return ERR_INVALID;
	if (value == NULL)
		value = "";
	if ((len = strlen(value)) > SURVEY_MAX_ANSWER)
		return ERR_LIMIT;
	if (!utf8_valid(value, len))
		return ERR_INVALID;
	t = s->f->questions[q].type;
	if (t == XLSFORM_TEXT) {
		if (utf8_count(value, len) > SURVEY_MAX_TEXT_CHARS)
			return ERR_LIMIT;
		v = strdup(value);
	} else
		v = survey_normalise(value, t == XLSFORM_SELECT_MULTIPLE ||
		    t == XLSFORM_RANK);
	if (v == NULL)
		return ERR_NOMEM;
	if (*v == '\0') {
		free(v);
		v = NULL;
	}
	survey_replace(s, q, v);
	survey_update(s);
	return 0;
}

int
survey_has_token(const char *list, const char *token)
{
	size_t n;
	const char *p;

	if (list == NULL || token == NULL || (n = strlen(token)) == 0)
		return 0;
	for (p = list; *p != '\0'; ) {
		while (*p == ' ')
			p++;
		if (strncmp(p, token, n) == 0 && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
		while (*p != ' ' && *p != '\0')
			p++;
	}
	return 0;
}

int
survey_toggle(struct survey *s, size_t q, const char *name)
{
	const char *cur = survey_get_raw(s, q), *p;
	size_t n = strlen(name);
	struct buf b = BUF_INIT;
	char *v;
	int r;

	if (n == 0 || strchr(name, ' ') != NULL)
		return ERR_INVALID;
	if (survey_has_token(cur, name)) {
		/* Copy every other token. */
		for (p = cur; *p != '\0'; ) {
			size_t len = strcspn(p, " ");

			if (len > 0 && !(len == n && strncmp(p, name, n) == 0)) {
				if (b.len > 0)
					buf_addch(&b, ' ');
				buf_add(&b, p, len);
			}
			p += len;
			while (*p == ' ')
				p++;
		}
	} else {
		buf_addstr(&b, cur);
		if (*cur != '\0')
			buf_addch(&b, ' ');
		buf_addstr(&b, name);
	}
	if ((v = buf_detach(&b, NULL)) == NULL)
		return ERR_NOMEM;
	r = survey_set(s, q, v);
	explicit_bzero(v, strlen(v));
	free(v);
	return r;
}

static char *
survey_text(const struct survey *s, size_t q, int hint)
{
	const struct xlsform_question *qq;
	struct expr_env env;
	const char *t;

	if (q >= s->f->nquestions)
		return NULL;
	qq = &s->f->questions[q];
	if ((t = xlsform_text(s->f, hint ? qq->hint : qq->label, s->lang)) ==
	    NULL)
		return NULL;
	survey_env(s, &env, q, NULL);
	return expr_interpolate(t, &env);
}

char *
survey_label(const struct survey *s, size_t q)
{
	return survey_text(s, q, 0);
}

char *
survey_hint(const struct survey *s, size_t q)
{
	return survey_text(s, q, 1);
}

size_t
survey_nscreens(const struct survey *s)
{
	return s->nscreens;
}

const struct survey_screen *
survey_screen(const struct survey *s, size_t i)
{
	return i < s->nscreens ? &s->screens[i] : NULL;
}

size_t
survey_screen_of(const struct survey *s, size_t q)
{
	return q < s->f->nquestions ? s->screen_of[q] : SURVEY_NONE;
}

int
survey_screen_shown(const struct survey *s, size_t i)
{
	const struct survey_screen *sc;
	size_t q;

	if (i >= s->nscreens)
		return 0;
	sc = &s->screens[i];
	if (!s->rel[sc->first])
		return 0;
	if (sc->first == sc->last)
		return 1;
	for (q = sc->first + 1; q < sc->last; q++)
		if (s->rel[q] && survey_type_shown(s->f->questions[q].type))
			return 1;
	return 0;
}

size_t
survey_first(const struct survey *s)
{
	return survey_next(s, SURVEY_NONE);
}

size_t
survey_next(const struct survey *s, size_t i)
{
	size_t j = i == SURVEY_NONE ? 0 : i + 1;

	for (; j < s->nscreens; j++)
		if (survey_screen_shown(s, j))
			return j;
	return SURVEY_NONE;
}

size_t
survey_prev(const struct survey *s, size_t i)
{
	size_t j = i == SURVEY_NONE || i > s->nscreens ? s->nscreens : i;

	while (j-- > 0)
		if (survey_screen_shown(s, j))
			return j;
	return SURVEY_NONE;
}

void
survey_progress(const struct survey *s, size_t i, size_t *pos, size_t *total)
{
	size_t j;

	*pos = *total = 0;
	for (j = 0; j < s->nscreens; j++) {
		if (!survey_screen_shown(s, j))
			continue;
		(*total)++;
		if (j <= i)
			*pos = *total;
	}
}

void
survey_format_time(time_t t, char out[SURVEY_TIME_MAX])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, SURVEY_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, SURVEY_TIME_MAX, "1970-01-01T00:00:00Z");
}

int
survey_response(struct survey *s, time_t now, const char *kind,
    struct survey_response *out)
{
	const struct xlsform *f = s->f;
	const struct xlsform_question *qq;
	char buf[SURVEY_TIME_MAX];
	size_t q;
	char *v;

	memset(out, 0, sizeof *out);
	out->submitted = now != 0 ? now : time(NULL);
	survey_format_time(out->submitted, buf);
	for (q = 0; q < f->nquestions; q++)
		if (f->questions[q].type == XLSFORM_META &&
		    f->questions[q].meta == XLSFORM_META_END) {
			if ((v = strdup(buf)) == NULL)
				return ERR_NOMEM;
			survey_replace(s, q, v);
		}
	survey_update(s);
	if ((out->answers = calloc(f->nquestions + 1,
	    sizeof *out->answers)) == NULL)
		return ERR_NOMEM;
	for (q = 0; q < f->nquestions; q++) {
		qq = &f->questions[q];
		if (!xlsform_type_has_answer(qq->type) ||
		    *survey_get(s, q) == '\0')
			continue;
		out->answers[out->nanswers].name = qq->name;
		out->answers[out->nanswers++].value = survey_get(s, q);
	}
	out->form_id = f->id != NULL ? f->id : "";
	out->form_version = f->version != NULL ? f->version : "";
	out->form_title = f->title != NULL ? f->title : out->form_id;
	out->lang = s->lang;
	out->kind = kind != NULL ? kind : "survey";
	out->started = s->started;
	return 0;
}

void
survey_response_clear(struct survey_response *r)
{
	if (r == NULL)
		return;
	free(r->answers);
	memset(r, 0, sizeof *r);
}
