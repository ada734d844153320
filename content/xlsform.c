/*
 * XLSForm loading and the model's getters; see xlsform.h.
 *
 * Loading runs in stages, each collecting errors rather than stopping:
 * read the sheets (xlsform-sheets.c), read headers and settings, build the
 * choice lists and then the questions (xlsform-survey.c), then check what
 * needs the whole form (xlsform-check.c). A form with any error is freed
 * and never handed out, so code that uses a form can trust it: every
 * select has its list, every group is closed, every expression parsed and
 * every ${name} it uses exists.
 */
#include "content/xlsform-int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/err.h"

/* Append "file:row: msg" to e; returns ERR_NOMEM or 0. */
static int
xlsform_add_error(struct xlsform_ctx *c, struct xlsform_errors *e,
    const struct xlsform_sheet *s, unsigned row, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static int
xlsform_add_error(struct xlsform_ctx *c, struct xlsform_errors *e,
    const struct xlsform_sheet *s, unsigned row, const char *fmt, va_list ap)
{
	struct xlsform_error *v;
	char *msg;
	int n;

	if (e->n >= XLSFORM_MAX_ERRORS) {
		e->truncated = 1;
		return 0;
	}
	if (e->n == e->cap) {
		size_t ncap = e->cap ? e->cap * 2 : 16;

		if ((v = reallocarray(e->v, ncap, sizeof *v)) == NULL)
			return ERR_NOMEM;
		e->v = v;
		e->cap = ncap;
	}
	n = vasprintf(&msg, fmt, ap);
	if (n == -1)
		return ERR_NOMEM;
	v = &e->v[e->n];
	v->sheet = s != NULL ? s->name : "survey";
	v->row = row;
	v->msg = msg;
	if ((v->file = strdup(s != NULL && s->file != NULL ? s->file :
	    c->f->path)) == NULL) {
		free(msg);
		return ERR_NOMEM;
	}
	e->n++;
	return 0;
}

int
xlsform_err(struct xlsform_ctx *c, const struct xlsform_sheet *s,
    unsigned row, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = xlsform_add_error(c, c->errs, s, row, fmt, ap);
	va_end(ap);
	return r;
}

int
xlsform_note(struct xlsform_ctx *c, unsigned row, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (c->f->notes == NULL && (c->f->notes = calloc(1,
	    sizeof *c->f->notes)) == NULL)
		return ERR_NOMEM;
	va_start(ap, fmt);
	r = xlsform_add_error(c, c->f->notes, &c->survey, row, fmt, ap);
	va_end(ap);
	return r;
}

void
xlsform_errors_clear(struct xlsform_errors *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++) {
		free(e->v[i].file);
		free(e->v[i].msg);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}

void
xlsform_errors_format(const struct xlsform_errors *e, struct buf *out)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		if (e->v[i].row > 0)
			buf_printf(out, "%s:%u: %s\n", e->v[i].file,
			    e->v[i].row, e->v[i].msg);
		else
			buf_printf(out, "%s: %s\n", e->v[i].file,
			    e->v[i].msg);
	}
	if (e->truncated)
		buf_printf(out, "(stopped after %d errors)\n",
		    XLSFORM_MAX_ERRORS);
}

static int
xlsform_sheet_rank(const char *sheet)
{
	return strcmp(sheet, "survey") == 0 ? 0 :
	    strcmp(sheet, "choices") == 0 ? 1 : 2;
}

/* Errors by sheet (survey first), file and row. */
static int
xlsform_error_cmp(const void *a, const void *b)
{
	const struct xlsform_error *x = a, *y = b;
	int c;

	if ((c = xlsform_sheet_rank(x->sheet) -
	    xlsform_sheet_rank(y->sheet)) != 0)
		return c;
	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return strcmp(x->msg, y->msg);
}

void
xlsform_texts_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
xlsform_expr_clear(struct xlsform_expr *x)
{
	free(x->src);
	expr_free(&x->e);
	x->src = NULL;
}

static void
xlsform_question_clear(struct xlsform_question *q, size_t nlangs)
{
	free(q->name);
	xlsform_texts_free(q->label, nlangs);
	xlsform_texts_free(q->hint, nlangs);
	xlsform_texts_free(q->guidance, nlangs);
	xlsform_texts_free(q->constraint_message, nlangs);
	xlsform_texts_free(q->required_message, nlangs);
	xlsform_expr_clear(&q->required_if);
	xlsform_expr_clear(&q->read_only_if);
	xlsform_expr_clear(&q->relevant);
	xlsform_expr_clear(&q->constraint);
	xlsform_expr_clear(&q->calculation);
	xlsform_expr_clear(&q->choice_filter);
	xlsform_expr_clear(&q->default_expr);
	free(q->default_value);
	free(q->appearance);
	free(q->parameters);
	free(q->key);
	free(q->type_text);
	xlsform_expr_clear(&q->repeat_count);
	xlsform_expr_clear(&q->seed);
	free(q->triggers);
	free(q->trigger_src);
}

void
xlsform_free(struct xlsform **fp)
{
	struct xlsform *f;
	struct xlsform_list *l;
	size_t i, k, n;

	if (fp == NULL || (f = *fp) == NULL)
		return;
	n = f->nlangs ? f->nlangs : 1;
	for (i = 0; i < f->nquestions; i++)
		xlsform_question_clear(&f->questions[i], n);
	free(f->questions);
	for (i = 0; i < f->nlists; i++) {
		l = &f->lists[i];
		for (k = 0; k < l->nchoices; k++) {
			free(l->choices[k].name);
			xlsform_texts_free(l->choices[k].label, n);
			xlsform_texts_free(l->choices[k].extra,
			    f->nchoice_columns);
		}
		free(l->choices);
		free(l->name);
		free(l->file);
		free(l->value_col);
		free(l->label_col);
	}
	free(f->lists);
	for (i = 0; i < f->nlangs; i++) {
		free(f->langs[i].label);
		free(f->langs[i].name);
		free(f->langs[i].code);
	}
	free(f->langs);
	for (i = 0; i < f->nchoice_columns; i++)
		free(f->choice_columns[i]);
	free(f->choice_columns);
	free(f->path);
	free(f->id);
	free(f->version);
	free(f->title);
	free(f->style);
	if (f->notes != NULL) {
		xlsform_errors_clear(f->notes);
		free(f->notes);
	}
	for (i = 0; i < f->ndata; i++) {
		free(f->data[i].name);
		csv_free(&f->data[i].t);
	}
	free(f->data);
	free(f->nametab);
	free(f->keytab);
	free(f->reftab);
	free(f);
	*fp = NULL;
}

/*
 * The indexes xlsform_find and xlsform_find_key search: open hash tables
 * of every named question (not a group's end), by name and by (scope,
 * key), each slot an entry's index + 1 (0: empty). A name used twice is
 * marked XLSFORM_TAB_TWICE in its first entry's slot; a (scope, key) keeps
 * its first entry in form order. Made once, when the form is loaded, so
 * that threads may share the form; without them both read every question.
 */
#define XLSFORM_TAB_TWICE	0x80000000u

/* FNV-1a of s, from h. */
static uint32_t
xlsform_hash(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static uint32_t
xlsform_hash_key(size_t scope, const char *key)
{
	return xlsform_hash(2166136261u ^ ((uint32_t)scope * 2654435761u),
	    key);
}

/* Entry i into table tab by its name (by_key 0) or its (scope, key). */
static void
xlsform_tab_add(struct xlsform *f, uint32_t *tab, size_t i, int by_key)
{
	const struct xlsform_question *q = &f->questions[i], *o;
	size_t h;
	uint32_t v;

	h = (by_key ? xlsform_hash_key(q->scope, q->key) :
	    xlsform_hash(2166136261u, q->name)) & f->tabmask;
	for (; (v = tab[h]) != 0; h = (h + 1) & f->tabmask) {
		o = &f->questions[(v & ~XLSFORM_TAB_TWICE) - 1];
		if (by_key && o->scope == q->scope &&
		    strcmp(o->key, q->key) == 0)
			return;		/* the first keeps it */
		if (!by_key && strcmp(o->name, q->name) == 0) {
			tab[h] |= XLSFORM_TAB_TWICE;
			return;
		}
	}
	tab[h] = (uint32_t)i + 1;
}

/*
 * The table of ${name}s (reftab): every name an expression of the form
 * refers to, by the address of its string in that expression, with what
 * xlsform_find answers for it. An expression is evaluated again and
 * again, and its names are found by their address alone: that string is
 * the form's as long as the form lives, so no other string can have it.
 */
static size_t
xlsform_ref_slot(const struct xlsform *f, const char *name)
{
	return (size_t)(((uintptr_t)name >> 2) * 2654435761u) & f->refmask;
}

static int
xlsform_ref_count(void *arg, const char *name)
{
	(void)name;
	(*(size_t *)arg)++;
	return 0;
}

static int
xlsform_ref_add(void *arg, const char *name)
{
	struct xlsform *f = arg;
	const struct xlsform_question *q = xlsform_find(f, name);
	size_t h;

	for (h = xlsform_ref_slot(f, name); f->reftab[h].name != NULL;
	    h = (h + 1) & f->refmask)
		if (f->reftab[h].name == name)
			return 0;
	f->reftab[h].name = name;
	f->reftab[h].q = q != NULL ? (uint32_t)(q - f->questions) + 1 : 0;
	return 0;
}

/* The expressions of entry q, for fn with arg. */
static void
xlsform_refs(struct xlsform *f, size_t q, int (*fn)(void *, const char *),
    void *arg)
{
	const struct xlsform_question *qq = &f->questions[q];
	const struct xlsform_expr *e[] = { &qq->repeat_count, &qq->required_if,
	    &qq->read_only_if, &qq->relevant, &qq->constraint,
	    &qq->calculation, &qq->choice_filter, &qq->default_expr,
	    &qq->seed };
	size_t i;

	for (i = 0; i < sizeof e / sizeof e[0]; i++)
		(void)expr_foreach_ref(e[i]->e, fn, arg);
}

static int
xlsform_ref_table(struct xlsform *f)
{
	size_t i, n = 0, size = 16;

	for (i = 0; i < f->nquestions; i++)
		xlsform_refs(f, i, xlsform_ref_count, &n);
	while (size < 2 * n + 1)
		size *= 2;
	if ((f->reftab = calloc(size, sizeof *f->reftab)) == NULL)
		return ERR_NOMEM;
	f->refmask = size - 1;
	for (i = 0; i < f->nquestions; i++)
		xlsform_refs(f, i, xlsform_ref_add, f);
	return ERR_OK;
}

static int
xlsform_tables(struct xlsform *f)
{
	size_t i, size = 16;

	while (size < 2 * f->nquestions)
		size *= 2;
	if ((f->nametab = calloc(size, sizeof *f->nametab)) == NULL ||
	    (f->keytab = calloc(size, sizeof *f->keytab)) == NULL)
		return ERR_NOMEM;
	f->tabmask = size - 1;
	for (i = 0; i < f->nquestions; i++) {
		if (f->questions[i].type == XLSFORM_END_GROUP)
			continue;
		if (f->questions[i].name != NULL)
			xlsform_tab_add(f, f->nametab, i, 0);
		if (f->questions[i].key != NULL)
			xlsform_tab_add(f, f->keytab, i, 1);
	}
	/* Last: its answers are xlsform_find's from the tables. */
	return xlsform_ref_table(f);
}

int
xlsform_load(const char *path, struct xlsform **out,
    struct xlsform_errors *errs, char **cause)
{
	struct xlsform_errors local = XLSFORM_ERRORS_INIT;
	struct xlsform_ctx c;
	size_t nerr;
	int r;

	*out = NULL;
	memset(&c, 0, sizeof c);
	c.errs = errs != NULL ? errs : &local;
	if ((c.f = calloc(1, sizeof *c.f)) == NULL)
		return ERR_NOMEM;
	c.f->default_lang = XLSFORM_NONE;
	if ((c.f->path = strdup(path)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = xlsform_sheets_read(&c, path, cause)) != 0)
		goto out;
	/* A sheet that is not even CSV leaves nothing sensible to check. */
	if (c.errs->n == 0) {
		if ((r = xlsform_sheets_prepare(&c)) != 0 ||
		    (r = xlsform_choices_build(&c)) != 0)
			goto out;
		nerr = c.errs->n;
		if ((r = xlsform_loops_expand(&c)) != 0)
			goto out;
		/* A loop not expanded leaves nothing sensible after it. */
		if (c.errs->n == nerr &&
		    ((r = xlsform_survey_build(&c)) != 0 ||
		    (r = xlsform_check(&c)) != 0 ||
		    (r = xlsform_triggers(&c)) != 0 ||
		    (r = xlsform_tables(c.f)) != 0 ||
		    (r = xlsform_order(c.f)) != 0))
			goto out;
	}
	if (c.f->title == NULL && c.f->id != NULL &&
	    (c.f->title = strdup(c.f->id)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (c.errs->n > 0) {
		qsort(c.errs->v, c.errs->n, sizeof c.errs->v[0],
		    xlsform_error_cmp);
		r = err_set(cause, ERR_INVALID, "%s: %zu error%s in the form",
		    path, c.errs->n, c.errs->n == 1 ? "" : "s");
		goto out;
	}
	*out = c.f;
	c.f = NULL;
out:
	xlsform_sheet_free(&c.survey);
	xlsform_sheet_free(&c.choices);
	xlsform_sheet_free(&c.settings);
	free(c.dir);
	xlsform_free(&c.f);
	xlsform_errors_clear(&local);
	return r;
}

const struct xlsform_question *
xlsform_find(const struct xlsform *f, const char *name)
{
	const struct xlsform_question *hit = NULL;
	size_t i, h;
	uint32_t v;

	/* A ${name} of the form's own expressions, by its string. */
	if (f->reftab != NULL)
		for (h = xlsform_ref_slot(f, name); f->reftab[h].name != NULL;
		    h = (h + 1) & f->refmask)
			if (f->reftab[h].name == name)
				return f->reftab[h].q != 0 ?
				    &f->questions[f->reftab[h].q - 1] : NULL;
	if (f->nametab != NULL) {
		for (h = xlsform_hash(2166136261u, name) & f->tabmask;
		    (v = f->nametab[h]) != 0; h = (h + 1) & f->tabmask) {
			hit = &f->questions[(v & ~XLSFORM_TAB_TWICE) - 1];
			if (strcmp(hit->name, name) == 0)
				return (v & XLSFORM_TAB_TWICE) ? NULL : hit;
		}
		return NULL;
	}
	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i].type != XLSFORM_END_GROUP &&
		    f->questions[i].name != NULL &&
		    strcmp(f->questions[i].name, name) == 0) {
			if (hit != NULL)
				return NULL;	/* ambiguous */
			hit = &f->questions[i];
		}
	return hit;
}

size_t
xlsform_find_key(const struct xlsform *f, size_t scope, const char *key)
{
	const struct xlsform_question *q;
	size_t i, h;
	uint32_t v;

	if (f->keytab != NULL) {
		for (h = xlsform_hash_key(scope, key) & f->tabmask;
		    (v = f->keytab[h]) != 0; h = (h + 1) & f->tabmask) {
			q = &f->questions[v - 1];
			if (q->scope == scope && strcmp(q->key, key) == 0)
				return v - 1;
		}
		return XLSFORM_NONE;
	}
	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i].type != XLSFORM_END_GROUP &&
		    f->questions[i].scope == scope &&
		    f->questions[i].key != NULL &&
		    strcmp(f->questions[i].key, key) == 0)
			return i;
	return XLSFORM_NONE;
}

int
xlsform_within(const struct xlsform *f, size_t r, size_t a)
{
	while (r != XLSFORM_NONE && r != a)
		r = r < f->nquestions ? f->questions[r].scope : XLSFORM_NONE;
	return r == a;
}

size_t
xlsform_lang_find(const struct xlsform *f, const char *lang)
{
	size_t i;

	if (lang == NULL || *lang == '\0')
		return XLSFORM_NONE;
	for (i = 0; i < f->nlangs; i++)
		if (strcasecmp(f->langs[i].label, lang) == 0)
			return i;
	for (i = 0; i < f->nlangs; i++)
		if (f->langs[i].code != NULL &&
		    strcasecmp(f->langs[i].code, lang) == 0)
			return i;
	for (i = 0; i < f->nlangs; i++)
		if (strcasecmp(f->langs[i].name, lang) == 0)
			return i;
	return XLSFORM_NONE;
}

const char *
xlsform_text(const struct xlsform *f, char *const *texts, const char *lang)
{
	size_t i;

	if (texts == NULL)
		return NULL;
	if ((i = xlsform_lang_find(f, lang)) != XLSFORM_NONE &&
	    texts[i] != NULL)
		return texts[i];
	if (f->default_lang < f->nlangs && texts[f->default_lang] != NULL)
		return texts[f->default_lang];
	for (i = 0; i < f->nlangs; i++)
		if (texts[i] != NULL)
			return texts[i];
	return NULL;
}

const struct xlsform_list *
xlsform_list_of(const struct xlsform *f, const struct xlsform_question *q)
{
	if (q->list >= f->nlists)
		return NULL;
	return &f->lists[q->list];
}

const char *
xlsform_choice_value(const struct xlsform *f, const struct xlsform_choice *c,
    const char *column)
{
	size_t i;

	if (strcmp(column, "name") == 0)
		return c->name;
	for (i = 0; i < f->nchoice_columns; i++)
		if (strcmp(f->choice_columns[i], column) == 0)
			return c->extra[i];
	if (strcmp(column, "label") == 0) {
		const char *l = xlsform_text(f, c->label, NULL);

		return l != NULL ? l : "";
	}
	return NULL;
}

size_t
xlsform_count(const struct xlsform *f, enum xlsform_type type)
{
	size_t i, n = 0;

	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i].type == type)
			n++;
	return n;
}

const char *
xlsform_type_name(enum xlsform_type type)
{
	static const char *names[XLSFORM_NTYPES] = {
		[XLSFORM_TEXT] = "text",
		[XLSFORM_INTEGER] = "integer",
		[XLSFORM_DECIMAL] = "decimal",
		[XLSFORM_SELECT_ONE] = "select_one",
		[XLSFORM_SELECT_MULTIPLE] = "select_multiple",
		[XLSFORM_RANK] = "rank",
		[XLSFORM_RANGE] = "range",
		[XLSFORM_NOTE] = "note",
		[XLSFORM_ACKNOWLEDGE] = "acknowledge",
		[XLSFORM_DATE] = "date",
		[XLSFORM_CALCULATE] = "calculate",
		[XLSFORM_BEGIN_GROUP] = "begin_group",
		[XLSFORM_END_GROUP] = "end_group",
		[XLSFORM_META] = "metadata",
		[XLSFORM_SKIPPED] = "not asked",
	};

	if ((unsigned)type >= XLSFORM_NTYPES)
		return "unknown";
	return names[type];
}
