/*
 * The forms a hub checks submissions against, and the check itself.
 *
 * A hub loads the surveys of one or more content packs (`--pack DIR`,
 * repeatable, so that answers to an older version of a form can still be
 * imported next to the newest). A submission is accepted only when it is
 * what its bundle entry says it is (id, form, version, device) and its
 * answers pass the same validation the kiosk applies (content/survey.h):
 * every answer names a question of that form version, values have the
 * question's type and choices, required questions are answered, and
 * constraints hold, and what the device computed (calculations, metadata)
 * is what the form computes. Each kind is checked under its own rules:
 * survey and feedback against their form at its version (an unknown
 * version is refused), notes and tallies only under forms "notes" and
 * "tally" and the session rules (sync/session-check.c). Causes never quote
 * an answer's value: values are what people said.
 *
 * The recomputation is the survey runtime's, at the submission's start and
 * submission times. today() and the "today" metadata are local dates: a
 * hub must run in its devices' time zone (cmd_tz_fixed keeps the system's)
 * for a form that computes with them.
 */
#include "sync/hub-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/session.h"

#define HUB_MAX_FORMS	1024

struct hub_forms {
	struct xlsform	**v;
	size_t		  n;
};

int
hub_forms_new(struct hub_forms **fp)
{
	*fp = calloc(1, sizeof **fp);
	return *fp != NULL ? ERR_OK : ERR_NOMEM;
}

void
hub_forms_free(struct hub_forms **fp)
{
	struct hub_forms *f = *fp;
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		xlsform_free(&f->v[i]);
	free(f->v);
	free(f);
	*fp = NULL;
}

static int
hub_forms_add_one(struct hub_forms *f, const char *path, char **cause)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct xlsform *form = NULL, **v;
	int r;

	if (f->n >= HUB_MAX_FORMS)
		return err_set(cause, ERR_LIMIT, "more than %d forms",
		    HUB_MAX_FORMS);
	if ((r = xlsform_load(path, &form, &errs, cause)) != 0) {
		if (errs.n > 0)
			err_set(cause, r, "%s: %s", path, errs.v[0].msg);
		xlsform_errors_clear(&errs);
		return r;
	}
	if ((v = reallocarray(f->v, f->n + 1, sizeof *v)) == NULL) {
		xlsform_free(&form);
		return ERR_NOMEM;
	}
	f->v = v;
	f->v[f->n++] = form;
	return ERR_OK;
}

int
hub_forms_add_pack(struct hub_forms *f, const char *dir, char **cause)
{
	struct pack *p = NULL;
	char *path;
	size_t i;
	int r;

	if ((r = pack_load(dir, &p, cause)) != 0)
		return r;
	for (i = 0; i <= p->nsurveys && r == 0; i++) {
		const char *id = i < p->nsurveys ? p->surveys[i] : p->feedback;

		if (id == NULL)
			continue;
		if ((path = pack_survey_path(p, id)) == NULL) {
			r = err_set(cause, ERR_NOTFOUND, "%s: no survey %s",
			    dir, id);
			break;
		}
		r = hub_forms_add_one(f, path, cause);
		free(path);
	}
	pack_free(&p);
	return r;
}

const struct xlsform *
hub_forms_find(const struct hub_forms *f, const char *id, const char *version)
{
	size_t i;

	for (i = f->n; i-- > 0;) {
		if (strcmp(f->v[i]->id, id) != 0)
			continue;
		if (version == NULL)
			return f->v[i];
		if (strcmp(f->v[i]->version != NULL ? f->v[i]->version : "",
		    version) == 0)
			return f->v[i];
	}
	return NULL;
}

size_t
hub_forms_count(const struct hub_forms *f)
{
	return f->n;
}

const struct xlsform *
hub_forms_get(const struct hub_forms *f, size_t i)
{
	return i < f->n ? f->v[i] : NULL;
}

/* Is q an entry whose answer the device computes, not the person? */
static int
hub_computed(const struct xlsform_question *q)
{
	return q->type == XLSFORM_CALCULATE || q->type == XLSFORM_META ||
	    q->read_only;
}

/* The value of answer name in s, "" when it has none. */
static const char *
hub_answer_of(const struct submission *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nanswers; i++)
		if (strcmp(s->answers[i].name, name) == 0)
			return s->answers[i].value;
	return "";
}

/*
 * The answers the device computed (calculations, metadata, read-only
 * questions) must be what the form computes from the person's answers,
 * the start and the submission times: they are recomputed here, never
 * trusted.
 */
static int
hub_computed_check(const struct xlsform *f, struct survey *sv,
    const struct submission *s, char **cause)
{
	struct survey_response resp;
	const struct xlsform_question *q;
	const char *want;
	size_t i, k;
	int r;

	if ((r = survey_response(sv, s->submitted, submission_kind_name(
	    s->kind), &resp)) != 0)
		return r;
	for (i = 0; i < f->nquestions && r == 0; i++) {
		q = &f->questions[i];
		if (!hub_computed(q) || !xlsform_type_has_answer(q->type) ||
		    q->name == NULL)
			continue;
		want = "";
		for (k = 0; k < resp.nanswers; k++)
			if (strcmp(resp.answers[k].name, q->name) == 0)
				want = resp.answers[k].value;
		if (strcmp(want, hub_answer_of(s, q->name)) != 0)
			r = err_set(cause, ERR_INVALID, "its computed answer "
			    "'%s' is not what form %s version %s computes from "
			    "its answers", q->name, s->form_id,
			    s->form_version);
	}
	survey_response_clear(&resp);
	return r;
}

/* The answers against form f (the survey runtime's rules). */
static int
hub_answers_check(const struct xlsform *f, const struct submission *s,
    char **cause)
{
	struct survey *sv = NULL;
	struct survey_problem prob;
	const struct xlsform_question *q;
	size_t i, qi;
	int r;

	if ((r = survey_new(f, s->lang, s->started, &sv, NULL)) != 0 &&
	    (r = survey_new(f, NULL, s->started, &sv, cause)) != 0)
		return r;
	for (i = 0; i < s->nanswers; i++) {
		qi = survey_find(sv, s->answers[i].name);
		if (qi == SURVEY_NONE) {
			r = err_set(cause, ERR_INVALID, "its answer '%s' is not "
			    "a question of form %s version %s",
			    s->answers[i].name, s->form_id, s->form_version);
			goto out;
		}
		q = &f->questions[qi];
		if (hub_computed(q))
			continue;
		if (!xlsform_type_has_answer(q->type) ||
		    survey_set(sv, qi, s->answers[i].value) != 0) {
			r = err_set(cause, ERR_INVALID, "its answer to '%s' "
			    "cannot be an answer to that question",
			    s->answers[i].name);
			goto out;
		}
	}
	if (survey_validate(sv, &prob) != 0)
		r = err_set(cause, ERR_INVALID, "its answer to '%s' is not "
		    "valid (%s)", prob.name != NULL ? prob.name : "?",
		    prob.kind == SURVEY_P_REQUIRED ? "a required question is "
		    "unanswered" : prob.kind == SURVEY_P_TYPE ? "wrong type" :
		    prob.kind == SURVEY_P_CHOICE ? "not one of the choices" :
		    "the constraint does not hold");
	else
		r = hub_computed_check(f, sv, s, cause);
out:
	survey_free(&sv);
	return r;
}

int
hub_submission_check(const struct hub_forms *forms, const char *json,
    size_t len, const struct bundle_entry *e, const char *device,
    struct submission_parsed **pp, char **cause)
{
	struct submission_parsed *p = NULL;
	const struct xlsform *f;
	const struct submission *s;
	char *why = NULL;
	int r;

	*pp = NULL;
	if ((r = submission_parse(json, len, &p, &why)) != 0) {
		r = err_set(cause, r == ERR_NOMEM ? r : ERR_INVALID, "%s", why);
		goto out;
	}
	s = &p->s;
	if (strcmp(s->id, e->id) != 0 || strcmp(s->form_id, e->form) != 0 ||
	    strcmp(s->form_version, e->version) != 0) {
		r = err_set(cause, ERR_INVALID, "it is not the submission its "
		    "manifest entry describes (id, form or version differ)");
		goto out;
	}
	if (strcmp(s->device, device) != 0) {
		r = err_set(cause, ERR_INVALID, "it names another device (%s)",
		    s->device);
		goto out;
	}
	/* Each kind under its own rules, never another kind's. */
	if (s->kind == SUBMISSION_NOTES || s->kind == SUBMISSION_TALLY) {
		if ((r = session_sub_check(s, cause)) != 0)
			goto out;
	} else if ((f = hub_forms_find(forms, s->form_id,
	    s->form_version)) == NULL) {
		r = err_set(cause, ERR_INVALID, "the hub does not have form "
		    "%s version %s (give the pack that has it with --pack)",
		    s->form_id, s->form_version);
		goto out;
	} else if ((r = hub_answers_check(f, s, cause)) != 0)
		goto out;
	*pp = p;
	p = NULL;
out:
	submission_parsed_free(&p);
	free(why);
	return r;
}
