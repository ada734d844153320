/*
 * A survey's answers as a list of paths and values (survey.h): the
 * response that is sealed, and everything given so far for a draft.
 *
 * The walk is in form order; a repeat contributes each of its instances in
 * order, the instance's own path first ("member[2]", value NULL in a
 * response, "" in a draft) and then its answers. A response keeps only
 * relevant instances and relevant, non-empty answers that a submission
 * carries (not notes or groups); a draft keeps every stored answer, so
 * that one that is hidden now comes back with the question.
 */
#include "content/survey-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

struct survey_walk {
	const struct survey	*s;
	int			 draft;
	int			 items;		/* offs holds items, no paths */
	struct buf		 paths;		/* NUL-separated */
	size_t			*offs;		/* of each path in paths */
	const char		**values;
	size_t			 n;
	size_t			 cap;
};

static int
survey_walk_add(struct survey_walk *w, size_t item, const char *value)
{
	size_t *no;
	const char **nv;
	int r;

	size_t cap;

	if (w->n == w->cap) {
		/* The room grows only when both arrays have it. */
		cap = w->cap ? w->cap * 2 : 64;
		if ((no = reallocarray(w->offs, cap, sizeof *no)) == NULL)
			return ERR_NOMEM;
		w->offs = no;
		if ((nv = reallocarray(w->values, cap, sizeof *nv)) == NULL)
			return ERR_NOMEM;
		w->values = nv;
		w->cap = cap;
	}
	if (w->items) {
		w->offs[w->n] = item;
		w->values[w->n++] = value;
		return 0;
	}
	w->offs[w->n] = w->paths.len;
	/* Straight into the list of paths: no copy per answer. */
	if ((r = survey_path_add(w->s, item, &w->paths)) != 0)
		return r == ERR_INVALID ? ERR_NOMEM : r;
	buf_addch(&w->paths, '\0');
	w->values[w->n++] = value;
	return buf_failed(&w->paths) ? ERR_NOMEM : 0;
}

/* Instance id's entries from a to b. */
static int
survey_walk_inst(struct survey_walk *w, size_t id, size_t a, size_t b)
{
	const struct survey *s = w->s;
	const struct xlsform_question *qq;
	size_t q, item, *kids, nkids, k;
	const char *v;
	int r = 0;

	for (q = a; q <= b && q < s->f->nquestions && r == 0; q++) {
		qq = &s->f->questions[q];
		item = survey_item(id, q);
		if (qq->type == XLSFORM_BEGIN_GROUP && qq->repeat &&
		    qq->match != XLSFORM_NONE) {
			kids = survey_children(s, id, q, &nkids);
			for (k = 0; k < nkids && r == 0; k++) {
				item = survey_item(kids[k], q);
				if (!w->draft && !survey_rel(s, item))
					continue;
				if ((r = survey_walk_add(w, item, w->draft ?
				    "" : NULL)) == 0)
					r = survey_walk_inst(w, kids[k], q + 1,
					    qq->match - 1);
			}
			free(kids);
			q = qq->match;
			continue;
		}
		if (!xlsform_type_has_answer(qq->type))
			continue;
		v = w->draft ? survey_raw(s, item) : survey_val(s, item);
		if (*v == '\0')
			continue;
		r = survey_walk_add(w, item, v);
	}
	return r;
}

static int
survey_walk(const struct survey *s, int draft, struct survey_response *out)
{
	struct survey_walk w;
	size_t i;
	int r;

	memset(&w, 0, sizeof w);
	w.s = s;
	w.draft = draft;
	buf_init(&w.paths);
	r = s->f->nquestions > 0 ? survey_walk_inst(&w, 0, 0,
	    s->f->nquestions - 1) : 0;
	if (r == 0 && (out->answers = calloc(w.n + 1,
	    sizeof *out->answers)) == NULL)
		r = ERR_NOMEM;
	if (r == 0 && (out->paths = buf_detach(&w.paths, NULL)) == NULL)
		r = ERR_NOMEM;
	if (r == 0) {
		for (i = 0; i < w.n; i++) {
			out->answers[i].name = out->paths + w.offs[i];
			out->answers[i].value = w.values[i];
		}
		out->nanswers = w.n;
	}
	buf_free(&w.paths);
	free(w.offs);
	free(w.values);
	return r;
}

/* The `end` metadata takes time now, and what follows from it. */
static int
survey_response_end(struct survey *s, time_t now)
{
	const struct xlsform *f = s->f;
	struct survey_inst *top = s->insts[0];
	char buf[SURVEY_TIME_MAX], **slot;
	size_t q;

	buf[0] = '\0';
	for (q = 0; q < f->nquestions; q++)
		if (f->questions[q].type == XLSFORM_META &&
		    f->questions[q].meta == XLSFORM_META_END &&
		    f->questions[q].scope == XLSFORM_NONE) {
			/* Only a form with `end` needs the time as text. */
			if (buf[0] == '\0')
				survey_format_time(now, buf);
			slot = &top->answers[q];
			free(*slot);
			s->settled = 0;
			if ((*slot = strdup(buf)) == NULL)
				return ERR_NOMEM;
		}
	/* A walk of a settled survey would change nothing. */
	if (!s->settled)
		survey_update(s);
	return 0;
}

int
survey_response(struct survey *s, time_t now, const char *kind,
    struct survey_response *out)
{
	const struct xlsform *f = s->f;
	int r;

	memset(out, 0, sizeof *out);
	out->submitted = now != 0 ? now : time(NULL);
	if ((r = survey_response_end(s, out->submitted)) != 0)
		return r;
	if ((r = survey_walk(s, 0, out)) != 0) {
		survey_response_clear(out);
		return r;
	}
	out->form_id = f->id != NULL ? f->id : "";
	out->form_version = f->version != NULL ? f->version : "";
	out->form_title = f->title != NULL ? f->title : out->form_id;
	out->lang = s->lang;
	out->kind = kind != NULL ? kind : "survey";
	out->started = s->started;
	return 0;
}

int
survey_draft_answers(const struct survey *s, struct survey_response *out)
{
	int r;

	memset(out, 0, sizeof *out);
	if ((r = survey_walk(s, 1, out)) != 0)
		survey_response_clear(out);
	return r;
}

/*
 * The walk as items (survey_response_items, survey_draft_items), in out's
 * room: out keeps the arrays, grown or not, whatever the walk returns.
 */
static int
survey_walk_items(const struct survey *s, int draft, struct survey_items *out)
{
	struct survey_walk w;
	int r;

	memset(&w, 0, sizeof w);
	w.s = s;
	w.draft = draft;
	w.items = 1;
	w.offs = out->items;
	w.values = out->values;
	w.cap = out->cap;
	buf_init(&w.paths);
	r = s->f->nquestions > 0 ? survey_walk_inst(&w, 0, 0,
	    s->f->nquestions - 1) : 0;
	out->items = w.offs;
	out->values = w.values;
	out->cap = w.cap;
	out->n = r == 0 ? w.n : 0;
	return r;
}

int
survey_response_items(struct survey *s, time_t now, struct survey_items *out)
{
	int r;

	out->n = 0;
	if ((r = survey_response_end(s, now != 0 ? now : time(NULL))) != 0)
		return r;
	return survey_walk_items(s, 0, out);
}

int
survey_draft_items(const struct survey *s, struct survey_items *out)
{
	out->n = 0;
	return survey_walk_items(s, 1, out);
}

void
survey_items_free(struct survey_items *out)
{
	free(out->items);
	free(out->values);
	memset(out, 0, sizeof *out);
}

void
survey_response_clear(struct survey_response *r)
{
	if (r == NULL)
		return;
	free(r->answers);
	free(r->paths);
	memset(r, 0, sizeof *r);
}
