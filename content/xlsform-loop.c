/*
 * pyxform's loops: "begin loop over LIST" ... "end loop" asks the rows in
 * between once for every choice of LIST. pyxform builds that as a group
 * (the loop's row) holding one group per choice, named and labelled as
 * the choice, each holding a copy of the rows with "%(name)s" and
 * "%(label)s" replaced by the choice's name and label. This does the same
 * to the survey sheet before it is read, so that everything after sees
 * ordinary groups. Copies keep the spreadsheet row they came from, so
 * errors still point at the row to fix; the names inside repeat in every
 * choice's group, so their answers are keyed by the group's name
 * ("ambulance/frequency"; see xlsform.h).
 *
 * The growth is bounded: loops nest at most XLSFORM_LOOP_DEPTH deep and the
 * sheet may not grow past XLSFORM_MAX_QUESTIONS rows of questions.
 */
#include "content/xlsform-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

#define XLSFORM_LOOP_DEPTH	4

/* 1 for "begin loop over X" (*list set), -1 for "end loop", else 0. */
static int
xlsform_loop_kind(const char *type, const char **list)
{
	if ((strncmp(type, "begin loop over ", 16) == 0 ||
	    strncmp(type, "begin_loop over ", 16) == 0) && type[16] != '\0') {
		*list = type + 16;
		return 1;
	}
	if (strcmp(type, "end loop") == 0 || strcmp(type, "end_loop") == 0)
		return -1;
	return 0;
}

/* The column of a kind, or ncols. */
static size_t
xlsform_loop_col(const struct xlsform_sheet *s, enum xlsform_kind kind)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (s->cols[i].kind == kind)
			break;
	return i;
}

/* A new row of ncols empty fields at spreadsheet row `row`. */
static int
xlsform_loop_row(struct csv_row *r, size_t ncols, unsigned row)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->row = row;
	if ((r->fields = calloc(ncols + 1, sizeof *r->fields)) == NULL)
		return ERR_NOMEM;
	r->nfields = ncols;
	for (i = 0; i < ncols; i++)
		r->fields[i] = csv_empty();
	return 0;
}

static int
xlsform_loop_set(struct csv_row *r, size_t col, const char *v)
{
	char *s;

	if (col >= r->nfields || *v == '\0')
		return 0;
	if ((s = strdup(v)) == NULL)
		return ERR_NOMEM;
	csv_field_free(r->fields[col]);
	r->fields[col] = s;
	return 0;
}

/* src with every "%(name)s" and "%(label)s" replaced (Caller frees). */
static char *
xlsform_loop_subst(const char *src, const char *name, const char *label)
{
	struct buf b = BUF_INIT;
	const char *p;

	while ((p = strstr(src, "%(")) != NULL) {
		buf_add(&b, src, (size_t)(p - src));
		if (strncmp(p, "%(name)s", 8) == 0) {
			buf_addstr(&b, name);
			src = p + 8;
		} else if (strncmp(p, "%(label)s", 9) == 0) {
			buf_addstr(&b, label);
			src = p + 9;
		} else {
			buf_add(&b, p, 2);
			src = p + 2;
		}
	}
	buf_addstr(&b, src);
	return buf_detach(&b, NULL);
}

struct xlsform_loop_out {
	struct csv_row	*rows;
	size_t		 n;
	size_t		 cap;
};

static struct csv_row *
xlsform_loop_push(struct xlsform_loop_out *o)
{
	struct csv_row *v;

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		if ((v = reallocarray(o->rows, o->cap, sizeof *v)) == NULL)
			return NULL;
		o->rows = v;
	}
	return &o->rows[o->n++];
}

/* Emit one choice's group and its copy of the body rows [b0, b1). */
static int
xlsform_loop_choice(struct xlsform_ctx *c, struct xlsform_loop_out *o,
    const struct csv_row *body, size_t nbody, const struct csv_row *loop,
    const struct xlsform_choice *ch)
{
	struct xlsform_sheet *s = &c->survey;
	const char *label = xlsform_text(c->f, ch->label, NULL), *t;
	struct csv_row *r;
	size_t i, k, lang, nl = c->f->nlangs ? c->f->nlangs : 1;
	char *v;

	if (label == NULL)
		label = ch->name;
	if ((r = xlsform_loop_push(o)) == NULL ||
	    xlsform_loop_row(r, s->ncols, loop->row) != 0 ||
	    xlsform_loop_set(r, xlsform_loop_col(s, XK_TYPE), "begin group") ||
	    xlsform_loop_set(r, xlsform_loop_col(s, XK_NAME), ch->name))
		return ERR_NOMEM;
	for (k = 0; k < s->ncols; k++) {
		lang = s->cols[k].lang;
		if (s->cols[k].kind != XK_LABEL)
			continue;
		t = lang < nl && ch->label[lang] != NULL ? ch->label[lang] :
		    label;
		if (xlsform_loop_set(r, k, t) != 0)
			return ERR_NOMEM;
	}
	for (i = 0; i < nbody; i++) {
		if ((r = xlsform_loop_push(o)) == NULL ||
		    xlsform_loop_row(r, s->ncols, body[i].row) != 0)
			return ERR_NOMEM;
		for (k = 0; k < s->ncols; k++) {
			if (*csv_field(&body[i], k) == '\0')
				continue;
			if ((v = xlsform_loop_subst(csv_field(&body[i], k),
			    ch->name, label)) == NULL)
				return ERR_NOMEM;
			csv_field_free(r->fields[k]);
			r->fields[k] = v;
		}
	}
	if ((r = xlsform_loop_push(o)) == NULL ||
	    xlsform_loop_row(r, s->ncols, loop->row) != 0 ||
	    xlsform_loop_set(r, xlsform_loop_col(s, XK_TYPE), "end group"))
		return ERR_NOMEM;
	return 0;
}

/* Copy row r (fields and all) to the output. */
static int
xlsform_loop_copy(struct xlsform_loop_out *o, const struct csv_row *r,
    size_t ncols, const char *type, size_t typecol)
{
	struct csv_row *n;
	size_t k;

	if ((n = xlsform_loop_push(o)) == NULL ||
	    xlsform_loop_row(n, ncols, r->row) != 0)
		return ERR_NOMEM;
	for (k = 0; k < ncols; k++)
		if (xlsform_loop_set(n, k, k == typecol && type != NULL ? type :
		    csv_field(r, k)) != 0)
			return ERR_NOMEM;
	return 0;
}

/* One pass: expand the outermost loops. *more: a loop was seen. */
static int
xlsform_loop_pass(struct xlsform_ctx *c, int *more)
{
	struct xlsform_sheet *s = &c->survey;
	struct xlsform_loop_out o = { NULL, 0, 0 };
	const struct csv_row *rows = s->t->rows;
	const struct xlsform_list *l;
	const char *list, *type;
	size_t i, j, k, li, nrows = s->t->nrows, typecol, questions = 0;
	int depth, r = 0, kind;

	*more = 0;
	typecol = xlsform_loop_col(s, XK_TYPE);
	for (i = 0; i < nrows && r == 0; i++) {
		type = csv_field(&rows[i], typecol);
		kind = i > s->header ? xlsform_loop_kind(type, &list) : 0;
		if (kind == 0) {
			r = xlsform_loop_copy(&o, &rows[i], s->ncols, NULL,
			    typecol);
			continue;
		}
		if (kind < 0) {
			r = xlsform_err(c, s, rows[i].row, "Unmatched 'end_loop'. "
			    "No matching 'begin_loop' was found.");
			continue;
		}
		*more = 1;
		for (j = i + 1, depth = 1; j < nrows; j++) {
			kind = xlsform_loop_kind(csv_field(&rows[j], typecol),
			    &type);
			if ((depth += kind) == 0)
				break;
		}
		if (j == nrows) {
			r = xlsform_err(c, s, rows[i].row, "Unmatched "
			    "'begin_loop'. No matching 'end_loop' was found for "
			    "the name '%s'.", csv_field(&rows[i],
			    xlsform_loop_col(s, XK_NAME)));
			break;
		}
		if ((li = xlsform_list_find(c->f, list)) == XLSFORM_NONE) {
			r = xlsform_err(c, s, rows[i].row, "List name not in "
			    "choices sheet: %s", list);
			i = j;
			continue;
		}
		l = &c->f->lists[li];
		questions += (j - i) * l->nchoices;
		if (questions > XLSFORM_MAX_QUESTIONS) {
			r = xlsform_err(c, s, rows[i].row, "this loop makes "
			    "more than %d rows of questions",
			    XLSFORM_MAX_QUESTIONS);
			break;
		}
		r = xlsform_loop_copy(&o, &rows[i], s->ncols, "begin group",
		    typecol);
		for (k = 0; k < l->nchoices && r == 0; k++)
			r = xlsform_loop_choice(c, &o, &rows[i + 1], j - i - 1,
			    &rows[i], &l->choices[k]);
		if (r == 0)
			r = xlsform_loop_copy(&o, &rows[j], s->ncols,
			    "end group", typecol);
		i = j;
	}
	if (r == 0 && *more && c->errs->n == 0) {
		/* The new rows replace the old ones. */
		for (i = 0; i < s->t->nrows; i++) {
			for (k = 0; k < s->t->rows[i].nfields; k++)
				csv_field_free(s->t->rows[i].fields[k]);
			free(s->t->rows[i].fields);
		}
		free(s->t->rows);
		s->t->rows = o.rows;
		s->t->nrows = s->t->cap = o.n;
		return 0;
	}
	for (i = 0; i < o.n; i++) {
		for (k = 0; k < o.rows[i].nfields; k++)
			csv_field_free(o.rows[i].fields[k]);
		free(o.rows[i].fields);
	}
	free(o.rows);
	return r;
}

int
xlsform_loops_expand(struct xlsform_ctx *c)
{
	int more = 1, pass, r = 0;

	if (c->survey.t == NULL || c->survey.cols == NULL)
		return 0;
	for (pass = 0; more && r == 0 && c->errs->n == 0; pass++) {
		if (pass == XLSFORM_LOOP_DEPTH)
			return xlsform_err(c, &c->survey, 0, "loops nested "
			    "more than %d deep", XLSFORM_LOOP_DEPTH);
		r = xlsform_loop_pass(c, &more);
	}
	return r;
}
