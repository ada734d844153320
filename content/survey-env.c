/*
 * What a survey's expressions read and compute (see survey-int.h): the
 * environment whose ${name} reads the answers as seen from an item (its
 * instance and the repeats around it), jr:choice-name() and pulldata(),
 * and a calculation's value stored as Collect stores it for the
 * question's type.
 */
#include "content/survey-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"

static int
survey_lookup(void *ctx, const char *name, int is_ref, size_t i,
    struct expr_item *item, size_t *n)
{
	const struct survey_envctx *ec = ctx;

	if (!is_ref)
		return ERR_NOTFOUND;
	return survey_repeat_lookup(ec->s, ec->inst, name, i, item, n);
}

static int
survey_indexed(void *ctx, const char *field, const char *const *repeats,
    const double *index, size_t n, struct expr_item *item)
{
	const struct survey_envctx *ec = ctx;

	return survey_repeat_indexed(ec->s, ec->inst, field, repeats, index,
	    n, item);
}

/* jr:choice-name(): a choice's label in the survey's language. */
static const char *
survey_choice_name(void *ctx, const char *question, const char *value)
{
	const struct survey_envctx *ec = ctx;
	const struct xlsform_question *qq;
	const struct xlsform_list *l;
	size_t i;

	if ((qq = xlsform_find(ec->s->f, question)) == NULL ||
	    (l = xlsform_list_of(ec->s->f, qq)) == NULL)
		return NULL;
	for (i = 0; i < l->nchoices; i++)
		if (strcmp(l->choices[i].name, value) == 0)
			return survey_choice_label(ec->s, &l->choices[i]);
	return NULL;
}

/* pulldata(): the form's file beside it. */
static const char *
survey_pulldata(void *ctx, const char *file, const char *column,
    const char *key_column, const char *key)
{
	const struct survey_envctx *ec = ctx;

	return xlsform_pulldata(ec->s->f, file, column, key_column, key);
}

void
survey_env(const struct survey *s, struct survey_envctx *ec,
    struct expr_env *env, size_t item, const char *dot)
{
	const struct survey_inst *in = survey_inst_of(s, item);
	size_t q = SURVEY_Q(item);

	memset(env, 0, sizeof *env);
	ec->s = s;
	ec->inst = in != NULL ? item >> SURVEY_Q_BITS : 0;
	env->lookup = survey_lookup;
	env->ctx = ec;
	env->now = s->started;
	env->choice = survey_choice_name;
	env->pulldata = survey_pulldata;
	env->indexed = survey_indexed;
	env->version = s->f->version;
	env->dot.text = dot;
	env->dot.type = EXPR_STRING;
	if (in == NULL)
		return;
	env->dot.text = dot != NULL ? dot : survey_raw(s, item);
	env->dot.type = survey_qtype(s, item);
	/* position(..): the instance a question sits directly in. */
	env->position = in->rep != XLSFORM_NONE &&
	    s->f->questions[q].parent == in->rep ? (double)in->pos : 1;
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

char *
survey_compute(const struct survey *s, size_t item, const struct expr *e,
    enum expr_type *type)
{
	struct survey_envctx ec;
	struct expr_env env;
	struct expr_value v;
	char *out;

	survey_env(s, &ec, &env, item, NULL);
	*type = EXPR_STRING;
	/* An error (a repeated question where one is needed...) stores "". */
	if (expr_eval(e, &env, &v, NULL) != 0)
		return strdup("");
	out = expr_value_store(&v, survey_store_as(&s->f->questions[
	    SURVEY_Q(item)]), type);
	expr_value_clear(&v);
	return out;
}

int
survey_truth(const struct survey *s, size_t item, const struct expr *e)
{
	struct survey_envctx ec;
	struct expr_env env;

	survey_env(s, &ec, &env, item, NULL);
	return expr_eval_bool(e, &env);
}
