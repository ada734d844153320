/*
 * The survey runtime: answers, relevance and calculations; see survey.h.
 * Instances of repeats are in survey-repeat.c, screens and labels in
 * survey-screen.c, validation and choices in survey-check.c, the response
 * in survey-response.c, a device's response in survey-given.c, what an
 * expression reads and computes in survey-env.c.
 *
 * After every change every instance is walked, the top first, and in each
 * every entry that lives there in form order: its relevance (its own
 * expression and its group's, or for a repeat's BEGIN the enclosing
 * instance's view of it), then its calculation if it has one and is
 * relevant, then, for a repeat with a repeat_count, the number of its
 * instances. A form may refer forward (a relevant reading a later
 * calculation), so the walk repeats until nothing changes, at most
 * SURVEY_PASSES times: a form whose values chase each other round a cycle
 * settles on whatever the last pass gave instead of looping for ever.
 *
 * Computed values are stored as Collect stores them (expr_value_store):
 * a NaN or failed calculation stores nothing, a boolean 1 or 0. A
 * calculation that uses uuid(), random() or now() is computed once, when
 * it is first relevant, as Collect computes it once.
 */
#include "content/survey-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/mathload.h"
#include "content/utf8.h"

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

size_t
survey_find(const struct survey *s, const char *name)
{
	const struct xlsform_question *qq;

	/* The form's own index of names (xlsform_find): none per survey. */
	if (s == NULL || name == NULL ||
	    (qq = xlsform_find(s->f, name)) == NULL ||
	    qq->scope != XLSFORM_NONE)
		return SURVEY_NONE;
	return (size_t)(qq - s->f->questions);
}

enum expr_type
survey_qtype(const struct survey *s, size_t item)
{
	const struct survey_inst *in = survey_inst_of(s, item);
	const struct xlsform_question *qq;
	size_t q = SURVEY_Q(item);

	if (in == NULL)
		return EXPR_STRING;
	if (in->types[SURVEY_SLOT(in, q)] != EXPR_STRING)
		return (enum expr_type)in->types[SURVEY_SLOT(in, q)];
	qq = &s->f->questions[q];
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

void
survey_replace(struct survey *s, size_t item, char *v, enum expr_type type)
{
	struct survey_inst *in = survey_inst_of(s, item);
	char **slot;

	if (in == NULL) {
		free(v);
		return;
	}
	s->settled = 0;
	slot = &in->answers[SURVEY_SLOT(in, SURVEY_Q(item))];
	if (*slot != NULL) {
		explicit_bzero(*slot, strlen(*slot));
		free(*slot);
	}
	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}
	*slot = v;
	in->types[SURVEY_SLOT(in, SURVEY_Q(item))] = v != NULL ?
	    (unsigned char)type : EXPR_STRING;
}

/* The relevance of entry q's enclosing group, as seen from instance id. */
static int
survey_parent_rel(const struct survey *s, size_t id, size_t q)
{
	const struct survey_inst *in = s->insts[id];
	size_t p = s->f->questions[q].parent;

	if (p == XLSFORM_NONE)
		return 1;
	/* A repeat's BEGIN looks at its group in the enclosing instance. */
	if (q == in->rep) {
		if (in->parent == SURVEY_NONE || s->insts[in->parent] == NULL)
			return 1;
		in = s->insts[in->parent];
	}
	return in->rel[SURVEY_SLOT(in, p)];
}

/* Make or remove instances to match a repeat_count; 1 if any changed. */
static int
survey_sync_count(struct survey *s, size_t id, size_t rep)
{
	const struct xlsform_question *r = &s->f->questions[rep];
	struct survey_envctx ec;
	struct expr_env env;
	struct expr_value v;
	size_t *kids, nkids, made, want = 0;
	double d;
	int changed = 0;

	survey_env(s, &ec, &env, survey_item(id, rep), NULL);
	if (s->insts[id]->rel[SURVEY_SLOT(s->insts[id], rep)] &&
	    expr_eval(r->repeat_count.e, &env, &v, NULL) == 0) {
		d = expr_to_number(&v);
		expr_value_clear(&v);
		if (d >= 1)
			want = d > SURVEY_MAX_COUNT ? SURVEY_MAX_COUNT :
			    (size_t)d;
	}
	kids = survey_children(s, id, rep, &nkids);
	for (; nkids > want; nkids--, changed = 1)
		survey_inst_free(s, kids[nkids - 1]);
	free(kids);
	for (; nkids < want; nkids++, changed = 1)
		if ((made = survey_inst_new(s, rep, id)) == SURVEY_NONE ||
		    survey_inst_defaults(s, made) != 0)
			break;
	return changed;
}

/* One entry of one instance; 1 when something changed. */
static int
survey_update_one(struct survey *s, size_t id, size_t q)
{
	struct survey_inst *in = s->insts[id];
	const struct xlsform_question *qq = &s->f->questions[q];
	size_t item = survey_item(id, q);
	enum expr_type type;
	unsigned char r;
	int changed = 0;
	char *v;

	if (qq->type == XLSFORM_END_GROUP)
		r = qq->match != XLSFORM_NONE ?
		    in->rel[SURVEY_SLOT(in, qq->match)] : 1;
	else {
		r = survey_parent_rel(s, id, q);
		if (r && qq->relevant.e != NULL)
			r = survey_truth(s, item, qq->relevant.e) ? 1 : 0;
	}
	if (r != in->rel[SURVEY_SLOT(in, q)]) {
		in->rel[SURVEY_SLOT(in, q)] = r;
		changed = 1;
	}
	if (qq->repeat && q != in->rep && qq->repeat_count.e != NULL)
		changed |= survey_sync_count(s, id, q);
	/* A triggered calculation is set by its trigger only. */
	if (!r || qq->calculation.e == NULL || q == in->rep ||
	    qq->ntriggers > 0)
		return changed;
	if (s->given != NULL && !survey_recomputable(s, q))
		return changed | survey_given_take(s, item, qq->calculation.e);
	/* uuid(), random(), now(): once, as Collect does. */
	if ((expr_uses(qq->calculation.e) & EXPR_USES_VOLATILE) &&
	    in->answers[SURVEY_SLOT(in, q)] != NULL)
		return changed;
	if ((v = survey_compute(s, item, qq->calculation.e, &type)) == NULL)
		return changed;
	if (strcmp(v, survey_get_raw(s, item)) == 0 &&
	    (*v == '\0' || type == in->types[SURVEY_SLOT(in, q)])) {
		free(v);
		return changed;
	}
	survey_replace(s, item, v, type);
	return 1;
}

void
survey_update(struct survey *s)
{
	struct survey_inst *in;
	size_t id, q, pass, passes = SURVEY_PASSES;
	int changed = 1;

	s->dirty = 0;
	/*
	 * A form that settles within k walks from any start (xlsform.h,
	 * settle) is settled after k: a walk more would change nothing.
	 */
	if (s->f->settle != 0 && s->f->settle < SURVEY_PASSES)
		passes = s->f->settle;
	for (pass = 0; pass < passes && changed; pass++) {
		changed = 0;
		/* Instances are made after their parents: ids go top down. */
		for (id = 0; id < s->ninsts; id++) {
			if ((in = s->insts[id]) == NULL)
				continue;
			for (q = in->base; q < in->base + in->n; q++)
				if (survey_home(s, in, q))
					changed |= survey_update_one(s, id, q);
		}
	}
	s->settled = !changed || passes < SURVEY_PASSES;
	survey_screens_refresh(s);
}

/* The device's part of metadata entry q (at the top), when it starts. */
static char *
survey_meta(const struct survey *s, size_t q)
{
	char buf[SURVEY_TIME_MAX];
	const char *g;
	struct tm tm;

	switch (s->f->questions[q].meta) {
	case XLSFORM_META_START:
		survey_format_time(s->started, buf);
		return strdup(buf);
	case XLSFORM_META_TODAY:
		/* The device's local date, which only it knows. */
		if ((g = survey_given(s, q)) != NULL)
			return *g != '\0' ? strdup(g) : NULL;
		if (localtime_r(&s->started, &tm) == NULL ||
		    strftime(buf, sizeof buf, "%Y-%m-%d", &tm) == 0)
			return NULL;
		return strdup(buf);
	default:
		/* The device id goes in the envelope; the rest stay empty. */
		return NULL;
	}
}

static int survey_top_fill(struct survey *, struct survey_inst *);

/*
 * Wipe the top's answer v in slot q and keep its block for the slot's
 * next answer (survey_spare_take), or free it without room to keep it.
 * Its room is what v used: all of it zeroes now.
 */
static void
survey_spare_put(struct survey *s, size_t q, char *v)
{
	size_t len = strlen(v), n = s->insts[0]->n;

	explicit_bzero(v, len);
	if (s->spare == NULL && (s->spare = calloc(n, sizeof *s->spare)) !=
	    NULL && (s->spareroom = calloc(n, sizeof *s->spareroom)) == NULL) {
		free(s->spare);
		s->spare = NULL;
	}
	if (s->spare == NULL) {
		free(v);
		return;
	}
	s->nspare = n;
	free(s->spare[q]);	/* zeroes: one left unused */
	s->spare[q] = v;
	s->spareroom[q] = len + 1;
}

/*
 * A block for item's answer of need bytes: its slot's kept one when it
 * has the room (its bytes all zeroes), else malloc's. NULL on ENOMEM.
 */
static char *
survey_spare_take(struct survey *s, size_t item, size_t need)
{
	size_t q = SURVEY_Q(item);
	char *v;

	if ((item >> SURVEY_Q_BITS) == 0 && q < s->nspare &&
	    s->spare[q] != NULL && s->spareroom[q] >= need) {
		v = s->spare[q];
		s->spare[q] = NULL;
		return v;
	}
	return malloc(need);
}

/*
 * The top instance: every entry of the form, defaults and metadata. A
 * renewed survey keeps its top's memory, emptied.
 */
static int
survey_top(struct survey *s)
{
	const struct xlsform *f = s->f;
	struct survey_inst *in;
	size_t q;

	if (s->ninsts > 0 && (in = s->insts[0]) != NULL) {
		/* Renewed: the top's slots as calloc leaves them, wiped. */
		for (q = 0; q < in->n; q++)
			if (in->answers[q] != NULL) {
				survey_spare_put(s, q, in->answers[q]);
				in->answers[q] = NULL;
			}
		memset(in->types, 0, in->n);
		memset(in->rel, 0, in->n);
		return survey_top_fill(s, in);
	}
	if ((s->insts = calloc(8, sizeof *s->insts)) == NULL ||
	    (in = calloc(1, sizeof *in)) == NULL)
		return ERR_NOMEM;
	s->capinsts = 8;
	s->insts[0] = in;
	s->ninsts = 1;
	in->rep = XLSFORM_NONE;
	in->parent = SURVEY_NONE;
	in->n = f->nquestions;
	if ((in->answers = calloc(in->n + 1, sizeof *in->answers)) == NULL ||
	    (in->types = calloc(in->n + 1, 1)) == NULL ||
	    (in->rel = calloc(in->n + 1, 1)) == NULL)
		return ERR_NOMEM;
	return survey_top_fill(s, in);
}

/* The top's metadata and literal defaults. */
static int
survey_top_fill(struct survey *s, struct survey_inst *in)
{
	const struct xlsform *f = s->f;
	size_t q;

	for (q = 0; q < f->nquestions; q++)
		if (f->questions[q].type == XLSFORM_META &&
		    f->questions[q].scope == XLSFORM_NONE)
			in->answers[q] = survey_meta(s, q);
	return survey_inst_defaults(s, 0);
}

/* Computed defaults of an instance, once, in form order. */
static int
survey_computed_defaults(struct survey *s, size_t id)
{
	struct survey_inst *in = s->insts[id];
	const struct xlsform_question *qq;
	enum expr_type type;
	size_t q;
	char *v;

	for (q = in->base; q < in->base + in->n; q++) {
		qq = &s->f->questions[q];
		if (qq->default_expr.e == NULL || !survey_home(s, in, q))
			continue;
		if (s->given != NULL && !survey_recomputable(s, q)) {
			survey_given_take(s, survey_item(id, q),
			    qq->default_expr.e);
			survey_update(s);
			continue;
		}
		if ((v = survey_compute(s, survey_item(id, q),
		    qq->default_expr.e, &type)) == NULL)
			return ERR_NOMEM;
		survey_replace(s, survey_item(id, q), v, type);
		survey_update(s);
	}
	return 0;
}

int
survey_new(const struct xlsform *f, const char *lang, time_t now,
    struct survey **out, char **cause)
{
	return survey_new_given(f, lang, now, NULL, NULL, out, cause);
}

/* 1 when some entry of f has a default computed when it starts. */
static int
survey_computes_defaults(const struct xlsform *f)
{
	size_t q;

	for (q = 0; q < f->nquestions; q++)
		if (f->questions[q].default_expr.e != NULL)
			return 1;
	return 0;
}

/*
 * Start s (new, or emptied by survey_renew_restoring) as survey_make
 * describes; ERR_NOMEM.
 */
static int
survey_start(struct survey *s, const char *lang, time_t now,
    survey_given_fn given, void *ctx, int restoring)
{
	const struct xlsform *f = s->f;

	s->started = now != 0 ? now : time(NULL);
	s->given = given;
	s->given_ctx = ctx;
	s->batch = s->dirty = s->settled = 0;
	/* The table depends on the form alone: a renewed survey keeps it. */
	if (given == NULL) {
		free(s->fixed);
		s->fixed = NULL;
	} else if (s->fixed == NULL && survey_given_table(s) != 0)
		return ERR_NOMEM;
	if (survey_set_lang(s, lang) != 0 || survey_top(s) != 0)
		return ERR_NOMEM;
	if (restoring)
		survey_restore_begin(s);
	/* Restoring: the first recomputation can wait for the answers. */
	if (s->batch && !survey_computes_defaults(f))
		s->dirty = 1;
	else
		survey_update(s);
	/* Computed defaults see the literal ones. */
	return survey_computed_defaults(s, 0) != 0 ? ERR_NOMEM : 0;
}

static int
survey_make(const struct xlsform *f, const char *lang, time_t now,
    survey_given_fn given, void *ctx, int restoring, struct survey **out,
    char **cause)
{
	struct survey *s = NULL;
	size_t n = f != NULL ? f->nquestions : 0;
	int r = ERR_NOMEM;

	*out = NULL;
	if (f == NULL || n > XLSFORM_MAX_QUESTIONS) {
		r = err_set(cause, ERR_INVALID, "no form, or too many questions");
		goto out;
	}
	if ((s = calloc(1, sizeof *s)) == NULL)
		goto out;
	s->f = f;
	s->stale = 1;
	if (survey_start(s, lang, now, given, ctx, restoring) != 0)
		goto out;
	*out = s;
	s = NULL;
	r = 0;
out:
	if (r == ERR_NOMEM)
		err_set(cause, r, "out of memory");
	survey_free(&s);
	return r;
}

int
survey_new_given(const struct xlsform *f, const char *lang, time_t now,
    survey_given_fn given, void *ctx, struct survey **out, char **cause)
{
	return survey_make(f, lang, now, given, ctx, 0, out, cause);
}

int
survey_new_restoring(const struct xlsform *f, const char *lang, time_t now,
    survey_given_fn given, void *ctx, struct survey **out, char **cause)
{
	return survey_make(f, lang, now, given, ctx, 1, out, cause);
}

int
survey_renew_restoring(struct survey **sp, const struct xlsform *f,
    const char *lang, time_t now, survey_given_fn given, void *ctx,
    char **cause)
{
	struct survey *s = *sp;
	size_t id;
	int keep;

	if (s == NULL || s->f != f) {
		survey_free(sp);
		return survey_make(f, lang, now, given, ctx, 1, sp, cause);
	}
	/*
	 * The screens follow from the form and its instances alone: built
	 * when the survey never had any but the top, they are built again
	 * only when that changes (survey_inst_new makes them stale).
	 */
	keep = s->ninsts == 1 && !s->stale;
	/* Every instance but the top goes; the top is emptied in place. */
	for (id = s->ninsts; id-- > 1; )
		survey_inst_free(s, id);
	s->ninsts = 1;
	if (!keep) {
		s->nscreens = 0;
		s->stale = 1;
	}
	if (survey_start(s, lang, now, given, ctx, 1) != 0) {
		survey_free(sp);
		return err_set(cause, ERR_NOMEM, "out of memory");
	}
	return 0;
}

void
survey_free(struct survey **sp)
{
	struct survey *s;
	size_t id;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	for (id = s->ninsts; id-- > 0; )
		survey_inst_free(s, id);
	free(s->insts);
	for (id = 0; id < s->nspare; id++)
		free(s->spare[id]);
	free(s->spare);
	free(s->spareroom);
	survey_screens_free(s);
	free(s->lang);
	free(s->fixed);
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
	/* The same language again keeps its copy. */
	if (s->lang == NULL || strcmp(s->lang, lang) != 0) {
		if (strlen(lang) > 255 || (l = strdup(lang)) == NULL)
			return ERR_NOMEM;
		free(s->lang);
		s->lang = l;
	}
	s->settled = 0;		/* jr:choice-name() reads labels in it */
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

	if (survey_inst_of(s, q) == NULL)
		return 1;
	qq = &s->f->questions[SURVEY_Q(q)];
	if (qq->read_only_if.e != NULL)
		return survey_truth(s, q, qq->read_only_if.e);
	return qq->read_only || (qq->calculation.e != NULL &&
	    qq->ntriggers == 0);
}

int
survey_answerable(const struct survey *s, size_t q)
{
	enum xlsform_type t;

	if (survey_inst_of(s, q) == NULL)
		return 0;
	t = s->f->questions[SURVEY_Q(q)].type;
	return survey_type_shown(t) && t != XLSFORM_NOTE &&
	    !survey_read_only(s, q);
}

int
survey_restorable(const struct survey *s, size_t q)
{
	return survey_answerable(s, q) || (survey_inst_of(s, q) != NULL &&
	    s->f->questions[SURVEY_Q(q)].ntriggers > 0 &&
	    xlsform_type_has_answer(s->f->questions[SURVEY_Q(q)].type));
}

const char *
survey_get_raw(const struct survey *s, size_t q)
{
	return survey_raw(s, q);
}

const char *
survey_get(const struct survey *s, size_t q)
{
	return survey_val(s, q);
}

int
survey_relevant(const struct survey *s, size_t q)
{
	return survey_rel(s, q);
}

int
survey_required(const struct survey *s, size_t q)
{
	const struct xlsform_question *qq;

	if (survey_inst_of(s, q) == NULL)
		return 0;
	qq = &s->f->questions[SURVEY_Q(q)];
	if (qq->required_if.e != NULL)
		return survey_truth(s, q, qq->required_if.e);
	return qq->required;
}

static int
survey_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* value without surrounding blanks; list: runs of blanks become one space. */
static char *
survey_normalise(struct survey *s, size_t item, const char *value,
    size_t len, int list)
{
	const char *p = value, *end = value + len;
	char *out, *o;

	while (p < end && survey_blank(*p))
		p++;
	while (end > p && survey_blank(end[-1]))
		end--;
	if ((out = survey_spare_take(s, item, (size_t)(end - p) + 1)) == NULL)
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

/*
 * The trigger column: item changed, so every entry it triggers takes its
 * calculation's value ("" without one), found from item's instance as a
 * ${name} would be, and may trigger others in turn (as Collect's setvalue
 * on xforms-value-changed does). depth bounds a loop of triggers.
 */
static void
survey_fire(struct survey *s, size_t item, int depth)
{
	const struct xlsform *f = s->f;
	const struct xlsform_question *t;
	enum xlsform_type type;
	enum expr_type vt = EXPR_STRING;
	size_t q, k, target;
	char *v;
	int same;

	for (q = 0; q < f->nquestions && depth < SURVEY_PASSES; q++) {
		t = &f->questions[q];
		for (k = 0; k < t->ntriggers; k++)
			if (t->triggers[k] == SURVEY_Q(item))
				break;
		if (k == t->ntriggers ||
		    (target = survey_item_at(s, item, q)) == SURVEY_NONE)
			continue;
		type = t->type;
		v = t->calculation.e != NULL ? survey_compute(s, target,
		    t->calculation.e, &vt) : strdup("");
		if (v == NULL)
			return;
		same = strcmp(v, survey_get_raw(s, target)) == 0;
		survey_replace(s, target, v, vt);
		survey_update(s);
		if (!same && type != XLSFORM_CALCULATE)
			survey_fire(s, target, depth + 1);
	}
}

static int
survey_put(struct survey *s, size_t q, const char *value, int person)
{
	enum xlsform_type t;
	size_t len;
	char *v = NULL;
	int same;

	/* What the checks below read is computed (read_only_if). */
	if (s->dirty && (person ||
	    s->f->questions[SURVEY_Q(q)].read_only_if.e != NULL))
		survey_update(s);
	if (person ? !survey_answerable(s, q) : !survey_restorable(s, q))
		return ERR_INVALID;
	if (value == NULL)
		value = "";
	if ((len = strlen(value)) > SURVEY_MAX_ANSWER)
		return ERR_LIMIT;
	if (!utf8_valid(value, len))
		return ERR_INVALID;
	t = s->f->questions[SURVEY_Q(q)].type;
	if (t == XLSFORM_TEXT) {
		/* A character takes a byte at least: few bytes, few. */
		if (len > SURVEY_MAX_TEXT_CHARS &&
		    utf8_count(value, len) > SURVEY_MAX_TEXT_CHARS)
			return ERR_LIMIT;
		if ((v = survey_spare_take(s, q, len + 1)) != NULL)
			memcpy(v, value, len + 1);
	} else
		v = survey_normalise(s, q, value, len, t ==
		    XLSFORM_SELECT_MULTIPLE || t == XLSFORM_RANK);
	if (v == NULL)
		return ERR_NOMEM;
	/* Only a person's change fires triggers. */
	same = person && strcmp(v, survey_get_raw(s, q)) == 0;
	survey_replace(s, q, v, EXPR_STRING);
	if (s->batch && !person) {
		s->dirty = 1;
		return 0;
	}
	survey_update(s);
	if (person && !same)
		survey_fire(s, q, 0);
	return 0;
}

int
survey_set(struct survey *s, size_t q, const char *value)
{
	return survey_put(s, q, value, 1);
}

int
survey_restore(struct survey *s, size_t q, const char *value)
{
	return survey_put(s, q, value, 0);
}

void
survey_format_time(time_t t, char out[SURVEY_TIME_MAX])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, SURVEY_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, SURVEY_TIME_MAX, "1970-01-01T00:00:00Z");
}
