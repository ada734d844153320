/*
 * The runner's drafts: what a person has answered so far, journaled so
 * that a crash or a flat battery does not lose it (sync/draft.h holds the
 * format and the encryption).
 *
 * A key handler only marks the runner dirty; the kiosk's loop journals
 * once per batch of input, before it draws. A paste of a thousand
 * characters into a text field is then one encrypted write, not a
 * thousand, and every answer a person could have seen on the screen is in
 * the draft before the screen shows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/xlsform.h"
#include "sync/draft.h"
#include "tui/screen-survey.h"

int
screen_survey_draft_journal(struct kiosk *k, struct screen_survey *v)
{
	struct survey_response all;
	struct submission_answer *a = NULL;
	struct draft d;
	size_t i;
	int r;

	/*
	 * A request to be contacted is never written down: a facilitator
	 * resuming it would see who asked.
	 */
	if (v->contact)
		return ERR_OK;
	/* Every answer given, relevant now or not: it may become so again. */
	if ((r = survey_draft_answers(v->sv, &all)) != 0)
		return r;
	if ((a = calloc(all.nanswers + 1, sizeof *a)) == NULL) {
		survey_response_clear(&all);
		return ERR_NOMEM;
	}
	for (i = 0; i < all.nanswers; i++) {
		a[i].name = all.answers[i].name;
		a[i].value = all.answers[i].value;
	}
	memset(&d, 0, sizeof d);
	d.form_id = v->form->id;
	d.form_version = v->form->version != NULL ? v->form->version : "";
	d.lang = k->lang;
	d.started = (int64_t)v->started;
	d.screen = (int64_t)v->screen;
	d.answers = a;
	d.nanswers = all.nanswers;
	r = draft_save(k->home, &d, NULL);
	free(a);
	survey_response_clear(&all);
	if (r == ERR_OK)
		v->draft_dirty = 0;
	return r;
}

void
screen_survey_draft_flush(struct kiosk *k, struct screen *s)
{
	struct screen_survey *v = s->data;

	/* A failed write is tried again after the next key. */
	if (v->draft_dirty && v->sv != NULL)
		screen_survey_draft_journal(k, v);
}

void
screen_survey_draft_news(struct kiosk *k, enum kiosk_news what,
    const void *arg)
{
	(void)arg;
	/* The runner's leave() has done it; this makes sure. */
	if (what == KIOSK_RESET)
		draft_destroy(k->home, NULL);
}

void
screen_survey_draft_restore(struct kiosk *k, struct screen_survey *v,
    const struct draft *d)
{
	size_t i, q;

	/* The person's language, as they had it. */
	if (kiosk_set_lang(k, d->lang) == 0)
		survey_set_lang(v->sv, k->lang);
	/* Paths make the repeats' instances again, in their order. */
	for (i = 0; i < d->nanswers; i++) {
		q = survey_find_path(v->sv, d->answers[i].name, 1);
		if (q != SURVEY_NONE && d->answers[i].value[0] != '\0' &&
		    survey_restorable(v->sv, q))
			survey_restore(v->sv, q, d->answers[i].value);
	}
	/* Back where the person was, if that screen is still shown. */
	if (d->screen >= 0 && (uint64_t)d->screen < survey_nscreens(v->sv) &&
	    survey_screen_shown(v->sv, (size_t)d->screen))
		screen_survey_goto(v, (size_t)d->screen, SURVEY_NONE);
	else
		screen_survey_goto(v, survey_first(v->sv), SURVEY_NONE);
}
