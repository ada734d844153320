/*
 * Checks that need the whole form: expressions parse, every ${name} in an
 * expression or a text names exactly one question or group, names are
 * unique within their group (pyxform's rule), and each entry gets its
 * scope (the innermost repeat it is in) and its answer's key there.
 *
 * A submission stores answers by key within their repeat (sync/submission.h):
 * the name, or when the name is used more than once in the same repeat
 * (in different groups, as a loop makes it) the path of its groups from
 * the repeat, "ambulance/frequency". A ${name} that is used more than once
 * in the form is refused, as pyxform refuses it: it could mean either.
 */
#include "content/xlsform-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

#define XLSFORM_SHOW_EXPR	80	/* bytes of an expression in a message */

int
xlsform_expr_set(struct xlsform_ctx *c, unsigned row, const char *column,
    const char *src, struct xlsform_expr *x)
{
	char *why = NULL;
	int r, col;

	if (*src == '\0')
		return 0;
	if ((x->src = strdup(src)) == NULL)
		return ERR_NOMEM;
	r = expr_parse(src, &x->e, &col, &why);
	if (r == ERR_NOMEM) {
		free(why);
		return r;
	}
	if (r != 0)
		r = xlsform_err(c, &c->survey, row, "On the 'survey' sheet, the "
		    "'%s' value is invalid: %s, in '%.*s%s'.", column,
		    why != NULL ? why : err_str(r), XLSFORM_SHOW_EXPR, src,
		    strlen(src) > XLSFORM_SHOW_EXPR ? "..." : "");
	free(why);
	return r;
}

struct xlsform_refs {
	struct xlsform_ctx	 *c;
	const char		**names;	/* sorted */
	size_t			  nnames;
	unsigned		  row;
	const char		 *column;
	int			  err;
};

static int
xlsform_strp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
xlsform_ref_check(void *arg, const char *name)
{
	struct xlsform_refs *rf = arg;
	const char **hit;

	if ((hit = bsearch(&name, rf->names, rf->nnames, sizeof rf->names[0],
	    xlsform_strp_cmp)) != NULL) {
		if ((hit > rf->names && strcmp(hit[-1], name) == 0) ||
		    (hit + 1 < rf->names + rf->nnames &&
		    strcmp(hit[1], name) == 0)) {
			if (xlsform_err(rf->c, &rf->c->survey, rf->row, "There "
			    "are multiple survey elements named '%s', so ${%s} "
			    "(in the '%s' column) could mean either; give "
			    "them different names.", name, name,
			    rf->column) != 0)
				rf->err = ERR_NOMEM;
		}
		return 0;
	}
	if (xlsform_err(rf->c, &rf->c->survey, rf->row, "There has been a "
	    "problem trying to replace ${%s} with the XPath to the survey "
	    "element named '%s'. There is no survey element with this name "
	    "(in the '%s' column).", name, name, rf->column) != 0)
		rf->err = ERR_NOMEM;
	return 0;
}

/* pulldata('name', ...): name.csv must be beside the form. */
static int
xlsform_data_check(void *arg, const char *name)
{
	struct xlsform_refs *rf = arg;

	if (rf->err == 0)
		rf->err = xlsform_data_need(rf->c, rf->row, name);
	return 0;
}

static void
xlsform_refs_expr(struct xlsform_refs *rf, const char *column,
    const struct xlsform_expr *x)
{
	if (x->e == NULL)
		return;
	rf->column = column;
	expr_foreach_ref(x->e, xlsform_ref_check, rf);
	expr_foreach_data(x->e, xlsform_data_check, rf);
}

/* Check the ${name} references inside a text (label, hint, message). */
static void
xlsform_refs_text(struct xlsform_refs *rf, const char *column,
    char *const *texts, size_t n)
{
	const char *p, *end;
	char name[256];
	size_t i, len;

	rf->column = column;
	for (i = 0; i < n; i++) {
		for (p = texts[i]; p != NULL && (p = strstr(p, "${")) != NULL;
		    p = end) {
			p += 2;
			if ((end = strchr(p, '}')) == NULL)
				break;
			len = (size_t)(end - p);
			if (len == 0 || len >= sizeof name ||
			    memchr(p, '$', len) != NULL)
				continue;
			memcpy(name, p, len);
			name[len] = '\0';
			xlsform_ref_check(rf, name);
		}
	}
}

static int
xlsform_q_cmp(const void *a, const void *b)
{
	const struct xlsform_question *x = *(const struct xlsform_question *
	    const *)a, *y = *(const struct xlsform_question *const *)b;
	int c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Names unique within their group (pyxform's rule). */
static int
xlsform_check_names(struct xlsform_ctx *c, struct xlsform_question **v,
    size_t n)
{
	size_t i, k, first = 0;
	int same;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->name, "meta") == 0 &&
		    xlsform_err(c, &c->survey, v[i]->row, "On the 'survey' "
		    "sheet, the 'name' value 'meta' is invalid. The name "
		    "'meta' is reserved for form metadata.") != 0)
			return ERR_NOMEM;
		if (i == 0 || strcmp(v[i]->name, v[first]->name) != 0) {
			first = i;
			continue;
		}
		for (k = first, same = 0; k < i && !same; k++)
			same = v[k]->parent == v[i]->parent;
		if (same && xlsform_err(c, &c->survey, v[i]->row, "On the "
		    "'survey' sheet, the 'name' value '%s' is invalid. "
		    "Questions, groups, and repeats must be unique within "
		    "their nearest parent group or repeat, or the survey if "
		    "not inside a group or repeat.", v[i]->name) != 0)
			return ERR_NOMEM;
	}
	return 0;
}

/* Each entry's scope: the innermost repeat around it, or NONE. */
static void
xlsform_check_scopes(struct xlsform *f)
{
	struct xlsform_question *q;
	size_t i, p;

	for (i = 0; i < f->nquestions; i++) {
		q = &f->questions[i];
		if (q->type == XLSFORM_END_GROUP && q->match != XLSFORM_NONE) {
			q->scope = f->questions[q->match].scope;
			continue;
		}
		for (p = q->parent; p != XLSFORM_NONE &&
		    !f->questions[p].repeat; p = f->questions[p].parent)
			;
		q->scope = p;
	}
}

/* Each entry's key in its scope: its name, or its groups' path to it. */
static int
xlsform_check_keys(struct xlsform *f, struct xlsform_question **v, size_t n)
{
	struct xlsform_question *q;
	struct buf b = BUF_INIT;
	size_t i, k, first = 0, p, path[64], np;
	int dup;

	for (i = 0; i < n; i++) {
		/* v is sorted by name: equal names sit together. */
		if (i == 0 || strcmp(v[i]->name, v[first]->name) != 0)
			first = i;
		q = v[i];
		for (k = first, dup = 0; k < n && !dup &&
		    strcmp(v[k]->name, q->name) == 0; k++)
			dup = k != i && v[k]->scope == q->scope;
		buf_truncate(&b, 0);
		if (dup) {
			for (np = 0, p = q->parent; p != q->scope &&
			    p != XLSFORM_NONE && np < 64;
			    p = f->questions[p].parent)
				path[np++] = p;
			while (np-- > 0)
				buf_printf(&b, "%s/", f->questions[path[np]].name);
		}
		buf_addstr(&b, q->name);
		if (buf_failed(&b) || (q->key = strdup(buf_str(&b))) == NULL) {
			buf_free(&b);
			return ERR_NOMEM;
		}
	}
	buf_free(&b);
	return 0;
}

int
xlsform_check(struct xlsform_ctx *c)
{
	struct xlsform *f = c->f;
	struct xlsform_question **v = NULL, *q;
	struct xlsform_refs rf;
	size_t i, n = 0, nl = f->nlangs ? f->nlangs : 1;
	int r = 0;

	memset(&rf, 0, sizeof rf);
	rf.c = c;
	if (f->nquestions == 0)
		return 0;
	if ((v = calloc(f->nquestions, sizeof *v)) == NULL ||
	    (rf.names = calloc(f->nquestions, sizeof *rf.names)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < f->nquestions; i++) {
		q = &f->questions[i];
		if (q->type == XLSFORM_END_GROUP || q->name[0] == '\0')
			continue;
		v[n] = q;
		rf.names[n++] = q->name;
	}
	qsort(v, n, sizeof *v, xlsform_q_cmp);
	xlsform_check_scopes(f);
	if ((r = xlsform_check_names(c, v, n)) != 0 ||
	    (r = xlsform_check_keys(f, v, n)) != 0)
		goto out;
	rf.nnames = n;
	qsort(rf.names, n, sizeof *rf.names, xlsform_strp_cmp);
	for (i = 0; i < f->nquestions && rf.err == 0; i++) {
		q = &f->questions[i];
		if (q->type == XLSFORM_END_GROUP)
			continue;
		rf.row = q->row;
		xlsform_refs_expr(&rf, "required", &q->required_if);
		xlsform_refs_expr(&rf, "read_only", &q->read_only_if);
		xlsform_refs_expr(&rf, "relevant", &q->relevant);
		xlsform_refs_expr(&rf, "constraint", &q->constraint);
		xlsform_refs_expr(&rf, "calculation", &q->calculation);
		xlsform_refs_expr(&rf, "choice_filter", &q->choice_filter);
		xlsform_refs_expr(&rf, "default", &q->default_expr);
		xlsform_refs_expr(&rf, "repeat_count", &q->repeat_count);
		xlsform_refs_expr(&rf, "parameters", &q->seed);
		xlsform_refs_text(&rf, "label", q->label, nl);
		xlsform_refs_text(&rf, "hint", q->hint, nl);
		xlsform_refs_text(&rf, "guidance_hint", q->guidance, nl);
		xlsform_refs_text(&rf, "constraint_message",
		    q->constraint_message, nl);
		xlsform_refs_text(&rf, "required_message",
		    q->required_message, nl);
	}
	r = rf.err;
out:
	free(v);
	free(rf.names);
	return r;
}
