/*
 * The sealer: one set-up shared by every way a response reaches the outbox
 * (the kiosk's submit hook, --plain, `outreach submit`), so that all of
 * them seal to the same recipients, as the same device, the same way.
 */
#include "sync/outbox.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "sync/device.h"
#include "sync/session.h"

_Static_assert(sizeof(((struct outbox_sealer *)0)->device) ==
    DEVICE_KEY_ID_SIZE, "the sealer holds a device key id");

int
outbox_sealer_open(const char *home, const struct pack *pack,
    struct outbox_sealer **sp, char **cause)
{
	struct outbox_sealer *s = NULL;
	struct device dev;
	size_t i;
	int r;

	*sp = NULL;
	if (pack->nrecipients == 0)
		return err_set(cause, ERR_NOKEY, "the content pack names no hub "
		    "recipient ([hub] recipients in pack.ini): answers could "
		    "not be sealed");
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->r = calloc(pack->nrecipients, sizeof *s->r)) == NULL ||
	    (s->pack_id = strdup(pack->id)) == NULL ||
	    (s->pack_version = strdup(pack->version)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < pack->nrecipients; i++)
		if ((r = age_recipient_parse(pack->recipients[i], &s->r[i],
		    cause)) != ERR_OK)
			goto out;
	s->nr = pack->nrecipients;
	s->contact_venue = pack->contact_venue;
	if ((r = device_init(home, &dev, NULL, cause)) != ERR_OK)
		goto out;
	memcpy(s->device, dev.key_id, sizeof s->device);
	if ((r = outbox_open(home, &s->ob, cause)) != ERR_OK)
		goto out;
	*sp = s;
	s = NULL;
out:
	outbox_sealer_free(&s);
	return r;
}

void
outbox_sealer_free(struct outbox_sealer **sp)
{
	struct outbox_sealer *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	outbox_close(&s->ob);
	free(s->r);
	free(s->pack_id);
	free(s->pack_version);
	free(s);
	*sp = NULL;
}

/* A contact request: a new id, the day only, the venue at most. */
static void
outbox_sealer_contact(struct outbox_sealer *s, struct submission *sub)
{
	time_t day = sub->submitted - sub->submitted % 86400;

	if (sub->submitted < 0 && sub->submitted % 86400 != 0)
		day -= 86400;
	submission_id_new(sub->id);
	sub->started = sub->submitted = day;
	sub->venue = s->session != NULL && s->contact_venue ?
	    s->session->venue : NULL;
	sub->date = s->session != NULL ? s->session->date : NULL;
	sub->group = sub->facilitator = NULL;
}

int
outbox_sealer_seal(struct outbox_sealer *s, struct submission *sub,
    char **cause)
{
	if (sub->kind == SUBMISSION_CONTACT)
		outbox_sealer_contact(s, sub);
	else if (sub->venue == NULL && sub->group == NULL &&
	    sub->facilitator == NULL && sub->date == NULL)
		session_apply(s->session, sub);
	if (sub->id[0] == '\0')
		submission_id_new(sub->id);
	sub->device = s->device;
	if (sub->pack_id == NULL || sub->pack_version == NULL) {
		sub->pack_id = s->pack_id;
		sub->pack_version = s->pack_version;
	}
	return outbox_seal(s->ob, sub, s->r, s->nr, cause);
}

int
outbox_sealer_submit(void *ctx, const struct survey_response *resp,
    char **cause)
{
	struct outbox_sealer *s = ctx;
	struct submission_answer *a = NULL;
	struct submission sub;
	size_t i;
	int r;

	memset(&sub, 0, sizeof sub);
	if (resp->kind == NULL ||
	    submission_kind_parse(resp->kind, &sub.kind) != ERR_OK)
		return err_set(cause, ERR_INVALID, "unknown kind of response");
	if (resp->nanswers > SUBMISSION_MAX_ANSWERS)
		return err_set(cause, ERR_LIMIT, "more than %d answers",
		    SUBMISSION_MAX_ANSWERS);
	/* Pointers only: the values stay in the survey, which wipes them. */
	if ((a = calloc(resp->nanswers + 1, sizeof *a)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < resp->nanswers; i++) {
		a[i].name = resp->answers[i].name;
		a[i].value = resp->answers[i].value;
	}
	sub.form_id = resp->form_id;
	sub.form_version = resp->form_version != NULL ? resp->form_version :
	    "";
	sub.pack_id = resp->pack_id;
	sub.pack_version = resp->pack_version;
	sub.lang = resp->lang;
	sub.started = resp->started;
	sub.submitted = resp->submitted;
	sub.answers = a;
	sub.nanswers = resp->nanswers;
	r = outbox_sealer_seal(s, &sub, cause);
	free(a);
	return r;
}
