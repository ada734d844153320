/*
 * Counting the responses to a form for a report; see report.h.
 *
 * The questions and choices are the newest version of the form in the
 * hub's packs; answers stored under older versions are counted against the
 * same names, and a choice the newest version no longer has gets a bar of
 * its own (labelled with its name) rather than being dropped.
 */
#include "sync/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/jsonload.h"
#include "content/mathload.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/hub-int.h"
#include "sync/session.h"

#define REPORT_MAX_RANGE	101	/* range values charted one by one */

/* Numbers of a REPORT_NUMBER question, gathered before the summary. */
struct report_nums {
	double	*v;
	size_t	 n;
};

static int
report_bar_add(struct report_question *rq, const char *name,
    const char *label)
{
	struct report_bar *v;

	if ((v = reallocarray(rq->bars, rq->nbars + 1, sizeof *v)) == NULL)
		return ERR_NOMEM;
	rq->bars = v;
	v = &rq->bars[rq->nbars];
	v->count = 0;
	v->name = strdup(name);
	v->label = strdup(label != NULL && *label != '\0' ? label : name);
	if (v->name == NULL || v->label == NULL) {
		free(v->name);
		free(v->label);
		return ERR_NOMEM;
	}
	rq->nbars++;
	return ERR_OK;
}

/* The bars a question starts with: its choices, its range, "OK". */
static int
report_bars(struct report *r, struct report_question *rq)
{
	const struct xlsform_question *q = rq->q;
	const struct xlsform_list *list;
	char v[64];
	double x;
	size_t k, steps;
	int e;

	switch (q->type) {
	case XLSFORM_SELECT_ONE:
	case XLSFORM_SELECT_MULTIPLE:
	case XLSFORM_RANK:
		if ((list = xlsform_list_of(r->f, q)) == NULL)
			return ERR_OK;
		for (k = 0; k < list->nchoices; k++)
			if ((e = report_bar_add(rq, list->choices[k].name,
			    xlsform_text(r->f, list->choices[k].label,
			    r->lang))) != 0)
				return e;
		return ERR_OK;
	case XLSFORM_ACKNOWLEDGE:
		return report_bar_add(rq, "OK", "OK");
	case XLSFORM_RANGE:
		steps = (size_t)floor((q->range_end - q->range_start) /
		    q->range_step + 1e-9) + 1;
		for (k = 0; k < steps && k < REPORT_MAX_RANGE; k++) {
			x = q->range_start + q->range_step * (double)k;
			snprintf(v, sizeof v, "%g", x);
			if ((e = report_bar_add(rq, v, v)) != 0)
				return e;
		}
		return ERR_OK;
	default:
		return ERR_OK;
	}
}

static enum report_kind
report_kind_of(const struct xlsform_question *q, int *skip)
{
	*skip = 0;
	switch (q->type) {
	case XLSFORM_SELECT_ONE:
	case XLSFORM_ACKNOWLEDGE:
		return REPORT_CHOICE;
	case XLSFORM_RANGE:
		return (q->range_end - q->range_start) / q->range_step <
		    REPORT_MAX_RANGE ? REPORT_CHOICE : REPORT_NUMBER;
	case XLSFORM_SELECT_MULTIPLE:
		return REPORT_MULTI;
	case XLSFORM_RANK:
		return REPORT_RANK;
	case XLSFORM_INTEGER:
	case XLSFORM_DECIMAL:
		return REPORT_NUMBER;
	case XLSFORM_TEXT:
	case XLSFORM_DATE:
		return REPORT_TEXT;
	default:
		*skip = 1;
		return REPORT_TEXT;
	}
}

static int
report_questions(struct report *r)
{
	const struct xlsform_question *q;
	struct report_question *rq;
	size_t i;
	int skip, e;

	if ((r->v = calloc(r->f->nquestions + 1, sizeof *r->v)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < r->f->nquestions; i++) {
		q = &r->f->questions[i];
		rq = &r->v[r->n];
		rq->kind = report_kind_of(q, &skip);
		if (skip || q->name == NULL)
			continue;
		rq->q = q;
		rq->label = xlsform_text(r->f, q->label, r->lang);
		if (rq->label == NULL)
			rq->label = q->name;
		if (q->parent != XLSFORM_NONE)
			rq->group = xlsform_text(r->f,
			    r->f->questions[q->parent].label, r->lang);
		r->n++;
		if (rq->kind != REPORT_NUMBER && rq->kind != REPORT_TEXT &&
		    (e = report_bars(r, rq)) != 0)
			return e;
	}
	return ERR_OK;
}

/* Count name (len bytes) into rq's bars, adding a bar when it is new. */
static int
report_hit(struct report_question *rq, const char *name, size_t len)
{
	char *copy;
	size_t k;
	int e;

	for (k = 0; k < rq->nbars; k++)
		if (strlen(rq->bars[k].name) == len &&
		    strncmp(rq->bars[k].name, name, len) == 0) {
			rq->bars[k].count++;
			return ERR_OK;
		}
	if ((copy = strndup(name, len)) == NULL)
		return ERR_NOMEM;
	e = report_bar_add(rq, copy, copy);
	free(copy);
	if (e == 0)
		rq->bars[rq->nbars - 1].count++;
	return e;
}

static int
report_count(struct report_question *rq, const char *v,
    struct report_nums *nums)
{
	const char *p = v, *e;
	char buf[64], *end, **t;
	double x;
	int err = ERR_OK;

	rq->answered++;
	switch (rq->kind) {
	case REPORT_CHOICE:
		if (rq->q->type == XLSFORM_RANGE) {
			x = strtod(v, &end);
			snprintf(buf, sizeof buf, "%g", x);
			return report_hit(rq, *end == '\0' ? buf : v,
			    strlen(*end == '\0' ? buf : v));
		}
		return report_hit(rq, v, strlen(v));
	case REPORT_MULTI:
	case REPORT_RANK:
		while (*p != '\0' && err == 0) {
			while (*p == ' ')
				p++;
			for (e = p; *e != '\0' && *e != ' '; e++)
				;
			if (e > p)
				err = report_hit(rq, p, (size_t)(e - p));
			if (rq->kind == REPORT_RANK)
				break;
			p = e;
		}
		return err;
	case REPORT_NUMBER:
		x = strtod(v, &end);
		if (*end != '\0' || !isfinite(x)) {
			rq->answered--;
			return ERR_OK;
		}
		if ((nums->n & (nums->n - 1)) == 0) {
			double *nv = reallocarray(nums->v, nums->n ?
			    nums->n * 2 : 1, sizeof *nv);

			if (nv == NULL)
				return ERR_NOMEM;
			nums->v = nv;
		}
		nums->v[nums->n++] = x;
		return ERR_OK;
	case REPORT_TEXT:
		if ((rq->ntexts & (rq->ntexts - 1)) == 0) {
			t = reallocarray(rq->texts, rq->ntexts ?
			    rq->ntexts * 2 : 1, sizeof *t);
			if (t == NULL)
				return ERR_NOMEM;
			rq->texts = t;
		}
		if ((rq->texts[rq->ntexts] = strdup(v)) == NULL)
			return ERR_NOMEM;
		rq->ntexts++;
		return ERR_OK;
	}
	return ERR_OK;
}

static int
report_dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
report_summarise(struct report_question *rq, struct report_nums *nums)
{
	size_t n = nums->n;

	if (n == 0)
		return;
	qsort(nums->v, n, sizeof *nums->v, report_dbl_cmp);
	rq->min = nums->v[0];
	rq->max = nums->v[n - 1];
	rq->median = n % 2 ? nums->v[n / 2] :
	    (nums->v[n / 2 - 1] + nums->v[n / 2]) / 2;
}

/* Count one stored submission. */
static int
report_row(struct report *r, json_t *root, struct report_nums *nums)
{
	json_t *answers = json_object_get(root, "answers");
	json_t *sub = json_object_get(root, "submitted");
	const char *s;
	size_t i;
	int e;

	r->total++;
	if (json_is_string(sub)) {
		s = json_string_value(sub);
		if (r->first[0] == '\0' || strcmp(s, r->first) < 0)
			snprintf(r->first, sizeof r->first, "%s", s);
		if (strcmp(s, r->last) > 0)
			snprintf(r->last, sizeof r->last, "%s", s);
	}
	for (i = 0; i < r->n; i++) {
		json_t *v = json_object_get(answers, r->v[i].q->name);

		if (!json_is_string(v) || *(s = json_string_value(v)) == '\0')
			continue;
		if ((e = report_count(&r->v[i], s, &nums[i])) != 0)
			return e;
	}
	return ERR_OK;
}

int
report_build(struct hub *h, const struct hub_forms *forms, const char *form,
    const char *lang, struct report **rp, char **cause)
{
	struct report *r = NULL;
	struct report_nums *nums = NULL;
	sqlite3_stmt *st = NULL;
	json_error_t je;
	json_t *root;
	size_t i, nq = 0;
	int rc, e;

	*rp = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return ERR_NOMEM;
	if ((r->f = hub_forms_find(forms, form, NULL)) == NULL) {
		if (strcmp(form, SESSION_NOTES_FORM) == 0 ||
		    strcmp(form, SESSION_TALLY_FORM) == 0)
			e = err_set(cause, ERR_NOTFOUND, "%s has no form to "
			    "report on: use outreach hub export %s", form,
			    form);
		else
			e = err_set(cause, ERR_NOTFOUND, "the hub's packs have "
			    "no form %s", form);
		goto out;
	}
	if (hub_forms_is_contact(forms, r->f)) {
		e = err_set(cause, ERR_INVALID, "%s is a contact form: "
		    "requests to be contacted are never reported", form);
		goto out;
	}
	if (lang != NULL && xlsform_lang_find(r->f, lang) == XLSFORM_NONE) {
		e = err_set(cause, ERR_NOTFOUND, "form %s has no language %s",
		    form, lang);
		goto out;
	}
	r->lang = lang;
	r->title = r->f->title != NULL ? r->f->title : r->f->id;
	if ((e = report_questions(r)) != 0 ||
	    (nums = calloc(r->n + 1, sizeof *nums)) == NULL) {
		e = e != 0 ? e : ERR_NOMEM;
		goto out;
	}
	nq = r->n;
	if ((e = hub_prepare(h, "SELECT json FROM submissions WHERE form = ?1 "
	    "ORDER BY submitted, id", &st, cause)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		root = json_loadb((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), 0, &je);
		if (root == NULL) {
			e = err_set(cause, ERR_DB, "a stored submission is "
			    "damaged");
			goto out;
		}
		e = report_row(r, root, nums);
		json_decref(root);
		if (e != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		e = hub_db_err(h, rc, "reading submissions", cause);
		goto out;
	}
	for (i = 0; i < r->n; i++)
		report_summarise(&r->v[i], &nums[i]);
	*rp = r;
	r = NULL;
out:
	for (i = 0; nums != NULL && i < nq; i++)
		free(nums[i].v);
	free(nums);
	sqlite3_finalize(st);
	report_free(&r);
	return e;
}

void
report_free(struct report **rp)
{
	struct report *r = *rp;
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		for (k = 0; k < r->v[i].nbars; k++) {
			free(r->v[i].bars[k].name);
			free(r->v[i].bars[k].label);
		}
		free(r->v[i].bars);
		for (k = 0; k < r->v[i].ntexts; k++)
			free(r->v[i].texts[k]);
		free(r->v[i].texts);
	}
	free(r->v);
	free(r);
	*rp = NULL;
}

int
report_hidden(size_t n, unsigned suppress)
{
	return n > 0 && n < suppress;
}

const char *
report_answered_str(size_t answered, size_t total, unsigned suppress,
    char *buf, size_t cap)
{
	if (answered == 0 && report_hidden(total, suppress))
		snprintf(buf, cap, "none answered");
	else if (answered == 0)
		snprintf(buf, cap, "none of %zu answered", total);
	else if (report_hidden(total, suppress))
		snprintf(buf, cap, "fewer than %u answered", suppress);
	else if (report_hidden(answered, suppress))
		snprintf(buf, cap, "fewer than %u of %zu answered", suppress,
		    total);
	else
		snprintf(buf, cap, "%zu of %zu answered", answered, total);
	return buf;
}

int
report_shows_text(unsigned suppress, int with_text)
{
	return suppress <= 1 || with_text;
}

const char *
report_count_str(size_t n, unsigned suppress, char *buf, size_t cap)
{
	if (report_hidden(n, suppress))
		snprintf(buf, cap, "fewer than %u", suppress);
	else
		snprintf(buf, cap, "%zu", n);
	return buf;
}
