/*
 * How many walks settle a form's relevance and calculations (xlsform.h,
 * settle), so that the survey runtime knows when answers may be put back
 * all at once and recomputed once, with the same result as recomputing
 * after each (content/survey.c, survey_restore_begin).
 *
 * The survey runtime recomputes by walking every entry in form order, each
 * instance of a repeat after the instance it is in, each entry reading
 * what the walk has left in the others: an entry's relevance reads its
 * group's and its relevant's ${references}, its calculation its own. Level
 * 1 is an entry that reads nothing; an entry is one level above a
 * reference that the walk reaches after it (a later entry, itself, or one
 * in another repeat: counted so whether or not it is), and level with one
 * it reaches before. An entry at level k is right after k walks, however
 * wrong everything was before, so a form of level k recomputed with at
 * least k walks ends the same from any start. A cycle has no level; nor
 * has a form that a walk changes in other ways (a repeat_count makes and
 * removes instances) or whose expressions read an entry's own stored value
 * ("."), which a walk does not always keep up to date.
 */
#include "content/xlsform-int.h"

#include <stdlib.h>

#include "content/err.h"
#include "content/expr.h"

/* Levels beyond this are not worth knowing: no form is that deep. */
#define XLSFORM_ORDER_MAX	64

struct xlsform_order_walk {
	const struct xlsform	*f;
	const unsigned		*lvl;
	size_t			 a;		/* the entry that reads */
	unsigned		 best;		/* its level so far */
};

/* The level entry w->a takes from reading entry b. */
static void
xlsform_order_dep(struct xlsform_order_walk *w, size_t b)
{
	const struct xlsform_question *qa = &w->f->questions[w->a];
	const struct xlsform_question *qb = &w->f->questions[b];
	unsigned v = w->lvl[b];

	/* Before in the walk: earlier, at the top or in the same repeat. */
	if (!(b < w->a && (qb->scope == XLSFORM_NONE ||
	    qb->scope == qa->scope)))
		v++;
	if (v > w->best)
		w->best = v;
}

/* expr_foreach_ref: a ${name} read (xlsform_find, as the runtime reads). */
static int
xlsform_order_ref(void *arg, const char *name)
{
	struct xlsform_order_walk *w = arg;
	const struct xlsform_question *qb = xlsform_find(w->f, name);

	if (qb != NULL)
		xlsform_order_dep(w, (size_t)(qb - w->f->questions));
	return 0;
}

/* 1 when the expression reads ".". */
static int
xlsform_order_dot(const struct xlsform_expr *x)
{
	return (expr_uses(x->e) & EXPR_USES_DOT) != 0;
}

int
xlsform_order(struct xlsform *f)
{
	const struct xlsform_question *qq;
	struct xlsform_order_walk w;
	unsigned *lvl, top = 1;
	size_t q, sweep;
	int changed = 1;

	f->settle = 0;
	for (q = 0; q < f->nquestions; q++) {
		qq = &f->questions[q];
		if (qq->repeat_count.e != NULL || xlsform_order_dot(
		    &qq->relevant) || xlsform_order_dot(&qq->calculation))
			return ERR_OK;
	}
	if ((lvl = calloc(f->nquestions + 1, sizeof *lvl)) == NULL)
		return ERR_NOMEM;
	for (q = 0; q < f->nquestions; q++)
		lvl[q] = 1;
	w.f = f;
	w.lvl = lvl;
	/* Levels only grow; round a cycle they grow past the bound. */
	for (sweep = 0; changed && sweep <= XLSFORM_ORDER_MAX; sweep++) {
		changed = 0;
		for (q = 0; q < f->nquestions; q++) {
			qq = &f->questions[q];
			w.a = q;
			w.best = 1;
			if (qq->parent != XLSFORM_NONE)
				xlsform_order_dep(&w, qq->parent);
			if (qq->type == XLSFORM_END_GROUP &&
			    qq->match != XLSFORM_NONE)
				xlsform_order_dep(&w, qq->match);
			(void)expr_foreach_ref(qq->relevant.e,
			    xlsform_order_ref, &w);
			(void)expr_foreach_ref(qq->calculation.e,
			    xlsform_order_ref, &w);
			if (w.best > XLSFORM_ORDER_MAX) {
				free(lvl);
				return ERR_OK;
			}
			if (w.best != lvl[q]) {
				lvl[q] = w.best;
				changed = 1;
			}
			if (w.best > top)
				top = w.best;
		}
	}
	if (!changed)
		f->settle = top;
	free(lvl);
	return ERR_OK;
}
