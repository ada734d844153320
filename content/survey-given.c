/*
 * Checking a response another device computed (the hub): what the survey
 * cannot compute again takes the device's value; see survey.h,
 * survey_new_given.
 *
 * A computed value cannot be computed again, later and elsewhere, when it
 * depends on the moment or the place it was computed: uuid(), random(),
 * now() and once() (computed once, when first relevant, as Collect does),
 * today() and the "today" metadata (the device's local date), pulldata()
 * of a file this copy of the form does not have, an entry set by its
 * trigger column (when the person changed the triggering answer), and
 * whatever is computed, however indirectly, from a moment of the device's
 * clock (its dates are other text in another time zone). Such an entry
 * takes the value the device stored, with the type the survey's own
 * computation gives (a date stays a date), and keeps it: everything else
 * that follows from it is then computed, and checked, as usual.
 *
 * Its answers are put back at once and computed once when the form
 * settles the same from any answers (xlsform.h, settle): see
 * survey_restore_begin.
 */
#include "content/survey-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"

#define SURVEY_FIXED	1	/* the device's value is taken */
#define SURVEY_CLOCK	2	/* it is a moment of the device's clock */

/* 1 when form f has the file pulldata() names. */
static int
survey_given_has_data(void *arg, const char *file)
{
	const struct xlsform *f = arg;
	size_t i;

	for (i = 0; i < f->ndata; i++)
		if (strcmp(f->data[i].name, file) == 0)
			return 0;
	return 1;
}

/* What e alone makes of an entry: SURVEY_FIXED, SURVEY_CLOCK or 0. */
static unsigned char
survey_given_expr(const struct xlsform *f, const struct expr *e)
{
	int uses = expr_uses(e);

	if (uses & EXPR_USES_CLOCK)
		return SURVEY_FIXED | SURVEY_CLOCK;
	if (uses & (EXPR_USES_VOLATILE | EXPR_USES_ONCE))
		return SURVEY_FIXED;
	/* expr_foreach_data stops (non-zero) at a file f lacks. */
	return e != NULL && expr_foreach_data(e, survey_given_has_data,
	    (void *)f) != 0 ? SURVEY_FIXED : 0;
}

struct survey_given_walk {
	const struct xlsform	*f;
	const unsigned char	*fixed;
};

/* expr_foreach_ref: 1 (stop) at a reference to a moment of the clock. */
static int
survey_given_clock_ref(void *arg, const char *name)
{
	const struct survey_given_walk *w = arg;
	const struct xlsform_question *qq = xlsform_find(w->f, name);

	return qq != NULL &&
	    (w->fixed[qq - w->f->questions] & SURVEY_CLOCK) != 0;
}

/*
 * Which entries take the device's value (survey.h, survey_recomputable).
 * A date or time computed from the clock's moment turns into other text
 * in another time zone (format-date(today(), ...), an age in days): what
 * refers to such a moment is the device's too, however far down.
 */
int
survey_given_table(struct survey *s)
{
	const struct xlsform *f = s->f;
	const struct xlsform_question *qq;
	struct survey_given_walk w;
	unsigned char *fx;
	size_t q;
	int changed = 1;

	if ((fx = calloc(f->nquestions + 1, 1)) == NULL)
		return ERR_NOMEM;
	for (q = 0; q < f->nquestions; q++) {
		qq = &f->questions[q];
		if (qq->type == XLSFORM_META)
			fx[q] = qq->meta == XLSFORM_META_TODAY ?
			    SURVEY_FIXED | SURVEY_CLOCK : 0;
		else
			fx[q] = survey_given_expr(f, qq->calculation.e) |
			    survey_given_expr(f, qq->default_expr.e) |
			    (qq->ntriggers > 0 ? SURVEY_FIXED : 0);
	}
	w.f = f;
	w.fixed = fx;
	/* Until nothing changes: references mostly point back, so 2 passes. */
	while (changed) {
		changed = 0;
		for (q = 0; q < f->nquestions; q++) {
			qq = &f->questions[q];
			if ((fx[q] & SURVEY_CLOCK) || qq->type == XLSFORM_META)
				continue;
			if (expr_foreach_ref(qq->calculation.e,
			    survey_given_clock_ref, &w) != 0 ||
			    expr_foreach_ref(qq->default_expr.e,
			    survey_given_clock_ref, &w) != 0) {
				fx[q] |= SURVEY_FIXED | SURVEY_CLOCK;
				changed = 1;
			}
		}
	}
	s->fixed = fx;
	return 0;
}

int
survey_recomputable(const struct survey *s, size_t q)
{
	return s->fixed == NULL || q >= s->f->nquestions ||
	    (s->fixed[q] & SURVEY_FIXED) == 0;
}

const char *
survey_given(const struct survey *s, size_t item)
{
	const char *v;
	char *path;

	if (s->given == NULL || (path = survey_path(s, item)) == NULL)
		return NULL;
	v = s->given(s->given_ctx, path);
	free(path);
	return v != NULL ? v : "";
}

int
survey_given_take(struct survey *s, size_t item, const struct expr *e)
{
	struct survey_inst *in = survey_inst_of(s, item);
	enum expr_type type = EXPR_STRING;
	const char *g;
	char *v;
	size_t slot;

	if (in == NULL || (g = survey_given(s, item)) == NULL)
		return 0;
	slot = SURVEY_SLOT(in, SURVEY_Q(item));
	/* Only for the type: the value is the device's. */
	if (e != NULL && (v = survey_compute(s, item, e, &type)) != NULL)
		free(v);
	if (strcmp(g, survey_get_raw(s, item)) == 0 &&
	    (*g == '\0' || type == in->types[slot]))
		return 0;
	if ((v = strdup(g)) == NULL)
		return 0;
	survey_replace(s, item, v, type);
	return 1;
}

/*
 * Only a survey checking a device's response (whose once-computed values
 * are the device's), of a form that settles within SURVEY_PASSES walks
 * from any answers: then every order of restoring ends the same.
 */
void
survey_restore_begin(struct survey *s)
{
	s->batch = s->given != NULL && s->f->settle != 0 &&
	    s->f->settle <= SURVEY_PASSES;
}

void
survey_restore_end(struct survey *s)
{
	s->batch = 0;
	if (s->dirty)
		survey_update(s);
}
