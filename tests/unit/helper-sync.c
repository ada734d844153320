/*
 * helper-sync: seal realistic submissions for the sync tests and the bench.
 *
 *   helper-sync seal HOME N [FORM]   seal N submissions that pass their
 *                                    form's validation, going round the
 *                                    pack's surveys (or FORM alone), with
 *                                    the pack in $OUTREACH_PACK; prints
 *                                    "ID FORM" per submission once sealed
 *
 * Answers come from the survey runtime: each shown screen in turn, each
 * answerable question a choice (varied by the submission's number), a
 * number, a date or a text with a comma and quotes in it (to exercise CSV
 * quoting); a value the runtime refuses is replaced by the next choice or
 * left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/outbox.h"
#include "sync/submission.h"

int main(int argc, char **argv);

static int
die(const char *what, int r, char *cause)
{
	fprintf(stderr, "helper-sync: %s: %s\n", what,
	    cause != NULL ? cause : err_str(r));
	free(cause);
	return 1;
}

/* Try candidate values for q until one passes; leave it unanswered else. */
static void
answer(struct survey *s, size_t q, unsigned k)
{
	const struct xlsform_question *qq = &survey_form(s)->questions[q];
	const struct xlsform_choice **ch = NULL;
	struct survey_problem p;
	char v[256];
	size_t n = 0, i, tries;

	switch (qq->type) {
	case XLSFORM_SELECT_ONE:
	case XLSFORM_SELECT_MULTIPLE:
	case XLSFORM_RANK:
		if (survey_choices(s, q, &ch, &n) != 0 || n == 0)
			break;
		if (qq->type == XLSFORM_RANK) {
			v[0] = '\0';
			for (i = 0; i < n; i++) {
				strncat(v, ch[i]->name, sizeof v - strlen(v) - 2);
				strcat(v, " ");
			}
			survey_set(s, q, v);
			break;
		}
		for (tries = 0; tries < n; tries++) {
			i = (k + q + tries) % n;
			if (qq->type == XLSFORM_SELECT_MULTIPLE && n > 2 &&
			    k % 3 == 0)
				snprintf(v, sizeof v, "%s %s", ch[i]->name,
				    ch[(i + 1) % n]->name);
			else
				snprintf(v, sizeof v, "%s", ch[i]->name);
			survey_set(s, q, v);
			if (survey_check(s, q, &p) == 0)
				break;
			survey_set(s, q, NULL);
		}
		break;
	case XLSFORM_TEXT:
		snprintf(v, sizeof v, "Answer %u to %s, \"quoted\"", k,
		    qq->name);
		survey_set(s, q, v);
		break;
	case XLSFORM_INTEGER:
		snprintf(v, sizeof v, "%u", k % 90 + 10);
		survey_set(s, q, v);
		break;
	case XLSFORM_DECIMAL:
		snprintf(v, sizeof v, "%u.5", k % 50);
		survey_set(s, q, v);
		break;
	case XLSFORM_RANGE:
		snprintf(v, sizeof v, "%g", qq->range_start +
		    qq->range_step * (double)(k % 3));
		survey_set(s, q, v);
		break;
	case XLSFORM_DATE:
		survey_set(s, q, "2026-11-01");
		break;
	case XLSFORM_ACKNOWLEDGE:
		survey_set(s, q, "OK");
		break;
	default:
		break;
	}
	free(ch);
	if (survey_check(s, q, &p) != 0)
		survey_set(s, q, NULL);
}

static int
seal_one(struct outbox_sealer *sealer, const struct xlsform *f,
    const char *kind, unsigned k, time_t now)
{
	const struct survey_screen *sc;
	struct survey_response resp;
	struct submission_answer *a = NULL;
	struct submission sub;
	struct survey *s = NULL;
	char *cause = NULL;
	size_t i, q;
	int r;

	memset(&resp, 0, sizeof resp);
	if ((r = survey_new(f, NULL, now - 300, &s, &cause)) != 0)
		return die("survey", r, cause);
	for (i = survey_first(s); i != SURVEY_NONE; i = survey_next(s, i)) {
		sc = survey_screen(s, i);
		for (q = sc->first; q <= sc->last; q++)
			if (survey_answerable(s, q) && survey_relevant(s, q))
				answer(s, q, k);
	}
	if ((r = survey_response(s, now, kind, &resp)) != 0)
		goto out;
	if ((a = calloc(resp.nanswers + 1, sizeof *a)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < resp.nanswers; i++) {
		a[i].name = resp.answers[i].name;
		a[i].value = resp.answers[i].value;
	}
	memset(&sub, 0, sizeof sub);
	sub.kind = strcmp(kind, "feedback") == 0 ? SUBMISSION_FEEDBACK :
	    SUBMISSION_SURVEY;
	sub.form_id = resp.form_id;
	sub.form_version = resp.form_version;
	sub.lang = resp.lang != NULL ? resp.lang : "en";
	sub.started = resp.started;
	sub.submitted = resp.submitted;
	sub.answers = a;
	sub.nanswers = resp.nanswers;
	if (k % 2 == 0) {
		sub.venue = "Hackney Central Library";
		sub.group = "Carers' group";
		sub.facilitator = "Sam";
	}
	if ((r = outbox_sealer_seal(sealer, &sub, &cause)) == 0)
		printf("%s %s\n", sub.id, f->id);
out:
	free(a);
	survey_response_clear(&resp);
	survey_free(&s);
	return r != 0 ? die("seal", r, cause) : 0;
}

int
main(int argc, char **argv)
{
	struct outbox_sealer *sealer = NULL;
	struct xlsform **forms = NULL;
	const char **kinds = NULL;
	struct pack *pack = NULL;
	const char *packdir = getenv("OUTREACH_PACK"), *only;
	char *cause = NULL, *path;
	size_t nforms = 0, i;
	unsigned n, k;
	time_t now = time(NULL);
	int r, status = 1;

	if (argc < 4 || argc > 5 || strcmp(argv[1], "seal") != 0) {
		fprintf(stderr, "usage: helper-sync seal HOME N [FORM]\n");
		return 2;
	}
	n = (unsigned)strtoul(argv[3], NULL, 10);
	only = argc == 5 ? argv[4] : NULL;
	if (sodium_init() < 0 || packdir == NULL)
		return die("setup", ERR_INVALID, strdup("set OUTREACH_PACK"));
	if ((r = pack_load(packdir, &pack, &cause)) != 0)
		return die("pack", r, cause);
	forms = calloc(pack->nsurveys + 1, sizeof *forms);
	kinds = calloc(pack->nsurveys + 1, sizeof *kinds);
	for (i = 0; forms != NULL && kinds != NULL && i <= pack->nsurveys;
	    i++) {
		const char *id = i < pack->nsurveys ? pack->surveys[i] :
		    pack->feedback;

		if (id == NULL || (only != NULL && strcmp(id, only) != 0))
			continue;
		path = pack_survey_path(pack, id);
		r = xlsform_load(path, &forms[nforms], NULL, &cause);
		free(path);
		if (r != 0) {
			die("form", r, cause);
			goto out;
		}
		kinds[nforms++] = i < pack->nsurveys ? "survey" : "feedback";
	}
	if (nforms == 0) {
		fprintf(stderr, "helper-sync: no such form\n");
		goto out;
	}
	if ((r = outbox_sealer_open(argv[2], pack, &sealer, &cause)) != 0) {
		die("outbox", r, cause);
		goto out;
	}
	for (k = 0; k < n; k++)
		if (seal_one(sealer, forms[k % nforms], kinds[k % nforms], k,
		    now) != 0)
			goto out;
	status = 0;
out:
	outbox_sealer_free(&sealer);
	for (i = 0; forms != NULL && i < nforms; i++)
		xlsform_free(&forms[i]);
	free(forms);
	free(kinds);
	pack_free(&pack);
	return status;
}
