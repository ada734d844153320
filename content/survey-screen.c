/*
 * The screens of a survey, in the order a person meets them, the
 * repeats' "Add another?" prompts, and the labels and hints shown on them
 * with every ${name} replaced; see survey.h.
 *
 * The list is built from the form and the instances: the top's entries in
 * form order, where a repeat stands for each of its instances (their
 * screens, in order) and then its prompt, unless a repeat_count fixes the
 * count; a field-list group is one screen (unless a repeat is inside it,
 * when its questions are asked one by one). It is built again whenever an
 * instance comes or goes; the runner finds its place again with
 * survey_screen_of().
 */
#include "content/survey-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"

static int
survey_screen_push(struct survey *s, size_t first, size_t last, int prompt)
{
	struct survey_screen *v;

	if (s->nscreens == s->capscreens) {
		s->capscreens = s->capscreens ? s->capscreens * 2 : 32;
		if ((v = reallocarray(s->screens, s->capscreens,
		    sizeof *v)) == NULL)
			return ERR_NOMEM;
		s->screens = v;
	}
	s->screens[s->nscreens].first = first;
	s->screens[s->nscreens].last = last;
	s->screens[s->nscreens].prompt = prompt;
	s->nscreens++;
	return 0;
}

/* 1 when a repeat's BEGIN lies between a and b. */
static int
survey_screen_has_repeat(const struct survey *s, size_t a, size_t b)
{
	size_t q;

	for (q = a + 1; q < b; q++)
		if (s->f->questions[q].repeat)
			return 1;
	return 0;
}

/* The screens of instance id's entries from a to b (inclusive). */
static int
survey_screen_walk(struct survey *s, size_t id, size_t a, size_t b)
{
	const struct xlsform_question *qq;
	size_t q = a, *kids, nkids, k;
	int r = 0;

	while (q <= b && q < s->f->nquestions && r == 0) {
		qq = &s->f->questions[q];
		if (qq->type == XLSFORM_BEGIN_GROUP && qq->repeat &&
		    qq->match != XLSFORM_NONE) {
			kids = survey_children(s, id, q, &nkids);
			for (k = 0; k < nkids && r == 0; k++)
				r = survey_screen_walk(s, kids[k], q + 1,
				    qq->match - 1);
			free(kids);
			if (r == 0 && qq->repeat_count.e == NULL)
				r = survey_screen_push(s, survey_item(id, q),
				    survey_item(id, q), 1);
			q = qq->match + 1;
			continue;
		}
		if (qq->type == XLSFORM_BEGIN_GROUP && qq->match !=
		    XLSFORM_NONE && qq->match > q &&
		    survey_has_token(qq->appearance, "field-list") &&
		    !survey_screen_has_repeat(s, q, qq->match)) {
			r = survey_screen_push(s, survey_item(id, q),
			    survey_item(id, qq->match), 0);
			q = qq->match + 1;
			continue;
		}
		if (survey_type_shown(qq->type))
			r = survey_screen_push(s, survey_item(id, q),
			    survey_item(id, q), 0);
		q++;
	}
	return r;
}

void
survey_screens_refresh(struct survey *s)
{
	if (!s->stale)
		return;
	s->nscreens = 0;
	if (s->f->nquestions > 0 && survey_screen_walk(s, 0, 0,
	    s->f->nquestions - 1) != 0)
		s->nscreens = 0;	/* out of memory: nothing to show */
	s->stale = 0;
}

void
survey_screens_free(struct survey *s)
{
	free(s->screens);
	s->screens = NULL;
	s->nscreens = s->capscreens = 0;
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
	size_t i;

	for (i = 0; i < s->nscreens; i++)
		if (q >= s->screens[i].first && q <= s->screens[i].last &&
		    (q >> SURVEY_Q_BITS) == (s->screens[i].first >>
		    SURVEY_Q_BITS))
			return i;
	return SURVEY_NONE;
}

int
survey_screen_shown(const struct survey *s, size_t i)
{
	const struct survey_screen *sc;
	size_t q;

	if (i >= s->nscreens)
		return 0;
	sc = &s->screens[i];
	if (!survey_rel(s, sc->first))
		return 0;
	if (sc->first == sc->last)
		return 1;
	for (q = sc->first + 1; q < sc->last; q++)
		if (survey_rel(s, q) &&
		    survey_type_shown(s->f->questions[SURVEY_Q(q)].type))
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

size_t
survey_repeat_of(const struct survey *s, size_t item)
{
	const struct survey_inst *in = survey_inst_of(s, item);
	size_t q = SURVEY_Q(item);

	if (in == NULL)
		return SURVEY_NONE;
	/* A repeat's BEGIN in the enclosing instance is its own prompt. */
	if (s->f->questions[q].repeat && q != in->rep)
		return item;
	if (in->rep == XLSFORM_NONE || s->insts[in->parent] == NULL)
		return SURVEY_NONE;
	return survey_item(in->parent, in->rep);
}

size_t
survey_repeat_count(const struct survey *s, size_t item)
{
	size_t p = survey_repeat_of(s, item), *kids, n;

	if (p == SURVEY_NONE)
		return 0;
	kids = survey_children(s, p >> SURVEY_Q_BITS, SURVEY_Q(p), &n);
	free(kids);
	return n;
}

size_t
survey_repeat_position(const struct survey *s, size_t item)
{
	const struct survey_inst *in = survey_inst_of(s, item);

	if (in == NULL || in->rep == XLSFORM_NONE ||
	    (s->f->questions[SURVEY_Q(item)].repeat &&
	    SURVEY_Q(item) != in->rep))
		return 0;
	return in->pos;
}

int
survey_repeat_fixed(const struct survey *s, size_t item)
{
	size_t p = survey_repeat_of(s, item);

	return p != SURVEY_NONE &&
	    s->f->questions[SURVEY_Q(p)].repeat_count.e != NULL;
}

int
survey_repeat_add(struct survey *s, size_t item, size_t *screen)
{
	size_t p = survey_repeat_of(s, item), id, i;

	*screen = SURVEY_NONE;
	if (p == SURVEY_NONE || survey_repeat_fixed(s, p))
		return ERR_INVALID;
	if ((id = survey_inst_new(s, SURVEY_Q(p), p >> SURVEY_Q_BITS)) ==
	    SURVEY_NONE)
		return s->ninsts >= SURVEY_MAX_INSTANCES ? ERR_LIMIT :
		    ERR_NOMEM;
	if (survey_inst_defaults(s, id) != 0)
		return ERR_NOMEM;
	survey_update(s);
	/* The new instance's first screen that shows, else the prompt. */
	for (i = 0; i < s->nscreens; i++)
		if ((s->screens[i].first >> SURVEY_Q_BITS) == id &&
		    survey_screen_shown(s, i)) {
			*screen = i;
			return 0;
		}
	*screen = survey_screen_of(s, p);
	return 0;
}

int
survey_repeat_remove(struct survey *s, size_t item, size_t *screen)
{
	size_t p = survey_repeat_of(s, item), *kids, n;

	*screen = SURVEY_NONE;
	if (p == SURVEY_NONE || survey_repeat_fixed(s, p))
		return ERR_INVALID;
	kids = survey_children(s, p >> SURVEY_Q_BITS, SURVEY_Q(p), &n);
	if (n == 0) {
		free(kids);
		return ERR_INVALID;
	}
	survey_inst_free(s, kids[n - 1]);
	free(kids);
	survey_update(s);
	*screen = survey_screen_of(s, p);
	return 0;
}

static char *
survey_text(const struct survey *s, size_t q, int which)
{
	const struct xlsform_question *qq;
	struct survey_envctx ec;
	struct expr_env env;
	const char *t;

	if (survey_inst_of(s, q) == NULL)
		return NULL;
	qq = &s->f->questions[SURVEY_Q(q)];
	if ((t = xlsform_text(s->f, which == 2 ? qq->guidance : which == 1 ?
	    qq->hint : qq->label, s->lang)) == NULL)
		return NULL;
	survey_env(s, &ec, &env, q, NULL);
	return expr_interpolate(t, &env);
}

char *
survey_label(const struct survey *s, size_t q)
{
	return survey_text(s, q, 0);
}

char *
survey_guidance(const struct survey *s, size_t q)
{
	return survey_text(s, q, 2);
}

char *
survey_hint(const struct survey *s, size_t q)
{
	return survey_text(s, q, 1);
}
