/*
 * A session's results for the room: counts per choice of its group votes
 * and of the closed answers of the surveys sealed during it; see
 * session.h.
 *
 * Only counts, names and labels from the pack are kept, never an answer's
 * text: a survey is looked at once, when it is sealed, and only its
 * select_one and select_multiple answers to the questions the pack's
 * [sessions] results names. A value that is not one of the question's
 * choices is not counted.
 */
#include "sync/session.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/xlsform.h"

static void
session_result_clear(struct session_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		if (res->names != NULL)
			free(res->names[i]);
		if (res->labels != NULL)
			free(res->labels[i]);
	}
	free(res->names);
	free(res->labels);
	free(res->counts);
	free(res->form);
	free(res->question);
	free(res->title);
	memset(res, 0, sizeof *res);
}

void
session_results_clear(struct session *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nresults; i++)
		session_result_clear(&s->results[i]);
	free(s->results);
	s->results = NULL;
	s->nresults = 0;
}

/*
 * A new result at the end of s's list, with room for n choices, named
 * names (labels, or the names when a label is NULL). NULL on ENOMEM or
 * past SESSION_MAX_RESULTS.
 */
static struct session_result *
session_result_new(struct session *s, enum session_source source,
    const char *form, const char *question, const char *title, size_t n,
    const char *const *names, const char *const *labels)
{
	struct session_result *v, *res;
	size_t i;

	if (s->nresults >= SESSION_MAX_RESULTS || n == 0 ||
	    n > SESSION_MAX_CHOICES)
		return NULL;
	if ((v = reallocarray(s->results, s->nresults + 1, sizeof *v)) ==
	    NULL)
		return NULL;
	s->results = v;
	res = &s->results[s->nresults];
	memset(res, 0, sizeof *res);
	res->source = source;
	if ((res->form = strdup(form)) == NULL ||
	    (res->question = strdup(question)) == NULL ||
	    (res->title = strdup(title != NULL ? title : question)) == NULL ||
	    (res->names = calloc(n, sizeof *res->names)) == NULL ||
	    (res->labels = calloc(n, sizeof *res->labels)) == NULL ||
	    (res->counts = calloc(n, sizeof *res->counts)) == NULL)
		goto fail;
	res->n = n;
	for (i = 0; i < n; i++)
		if ((res->names[i] = strdup(names[i])) == NULL ||
		    (res->labels[i] = strdup(labels != NULL &&
		    labels[i] != NULL ? labels[i] : names[i])) == NULL)
			goto fail;
	s->nresults++;
	return res;
fail:
	session_result_clear(res);
	return NULL;
}

int
session_result_tally(struct session *s, const struct session_tally *t,
    const char *title, const char *const *labels)
{
	struct session_result *res;
	size_t i;
	int r;

	if ((r = session_tally_check(t, NULL)) != ERR_OK)
		return r;
	if ((res = session_result_new(s, t->mode == SESSION_LAPTOP ?
	    SESSION_R_LAPTOP : SESSION_R_HANDS, t->form, t->question, title,
	    t->n, t->choices, labels)) == NULL)
		return s->nresults >= SESSION_MAX_RESULTS ? ERR_LIMIT :
		    ERR_NOMEM;
	for (i = 0; i < t->n; i++)
		res->counts[i] = t->counts[i];
	res->people = t->voters;
	return ERR_OK;
}

/* The survey result for form's question, made on first use; NULL: none. */
static struct session_result *
session_result_for(struct session *s, const struct pack *pack,
    const struct xlsform *f, const struct xlsform_question *q)
{
	const struct xlsform_list *list = xlsform_list_of(f, q);
	struct session_result *res = NULL;
	const char **names = NULL, **labels = NULL;
	size_t i;

	for (i = 0; i < s->nresults; i++)
		if (s->results[i].source == SESSION_R_SURVEY &&
		    strcmp(s->results[i].form, f->id) == 0 &&
		    strcmp(s->results[i].question, q->name) == 0)
			return &s->results[i];
	if (list == NULL || list->nchoices == 0 ||
	    list->nchoices > SESSION_MAX_CHOICES ||
	    (names = calloc(list->nchoices, sizeof *names)) == NULL ||
	    (labels = calloc(list->nchoices, sizeof *labels)) == NULL)
		goto out;
	for (i = 0; i < list->nchoices; i++) {
		names[i] = list->choices[i].name;
		labels[i] = xlsform_text(f, list->choices[i].label,
		    pack->default_lang);
	}
	res = session_result_new(s, SESSION_R_SURVEY, f->id, q->name,
	    xlsform_text(f, q->label, pack->default_lang), list->nchoices,
	    names, labels);
out:
	free(names);
	free(labels);
	return res;
}

int
session_count_survey(struct session *s, const struct pack *pack,
    const struct survey *sv)
{
	const struct xlsform *f = survey_form(sv);
	const struct xlsform_question *q;
	struct session_result *res;
	const char *value;
	size_t qi, i;
	int counted;

	if (s == NULL || f == NULL || f->id == NULL)
		return ERR_OK;
	for (qi = 0; qi < f->nquestions; qi++) {
		q = &f->questions[qi];
		if ((q->type != XLSFORM_SELECT_ONE &&
		    q->type != XLSFORM_SELECT_MULTIPLE) || q->name == NULL ||
		    !pack_results_show(pack, f->id, q->name))
			continue;
		/* What was sealed: relevant answers only, as the response. */
		value = survey_get(sv, qi);
		if (value == NULL || value[0] == '\0')
			continue;
		/* Out of memory or room: the room sees less, nothing fails. */
		if ((res = session_result_for(s, pack, f, q)) == NULL)
			continue;
		counted = 0;
		for (i = 0; i < res->n; i++)
			if (survey_has_token(value, res->names[i]) &&
			    (q->type == XLSFORM_SELECT_MULTIPLE || !counted)) {
				res->counts[i]++;
				counted = 1;
			}
		if (counted)
			res->people++;
	}
	return ERR_OK;
}
