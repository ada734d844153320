/*
 * The front ends' sealing context (tui/seal.h), as main() hands it to the
 * kiosk: nothing to seal to before it starts; a pack with a recipient
 * seals into the outbox, each submission carrying the session the kiosk
 * runs at that moment (read from the kiosk, decrypted again here with a
 * test hub's identity); a hook in its place (the tests' plain-text log)
 * takes every response; ending it closes the outbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "sync/age.h"
#include "sync/outbox.h"
#include "sync/session.h"
#include "sync/submission.h"
#include "tests/unit/test.h"
#include "tui/kiosk.h"
#include "tui/screen-session.h"
#include "tui/seal.h"

#define PACK	"content/packs/hackney"
#define T0	1795460950

static char tmp[256];

/* The newest sealed submission in home's outbox, decrypted with id. */
static struct submission_parsed *
newest(const char *home, struct age_identity *id, size_t *count)
{
	struct submission_parsed *p = NULL;
	struct outbox *ob = NULL;
	struct outbox_cursor *c = NULL;
	struct outbox_item it;
	uint8_t *ct = NULL, *pt = NULL;
	size_t ctlen = 0, ptlen = 0;
	char last[SUBMISSION_ID_SIZE] = "";

	*count = 0;
	if (outbox_open(home, &ob, NULL) != 0)
		return NULL;
	if (outbox_pending_open(ob, 0, &c, NULL) == 0)
		while (outbox_cursor_next(c, &it, NULL) == 1) {
			memcpy(last, it.id, sizeof last);
			(*count)++;
		}
	outbox_cursor_free(&c);
	if (last[0] != '\0' &&
	    outbox_ciphertext(ob, last, &ct, &ctlen, NULL) == 0 &&
	    age_decrypt(&id, 1, ct, ctlen, 0, &pt, &ptlen, NULL) == 0)
		submission_parse((char *)pt, ptlen, &p, NULL);
	age_plaintext_free(&pt);
	free(ct);
	outbox_close(&ob);
	return p;
}

static int hook_calls;

static int
hook(void *ctx, const struct survey_response *resp, char **cause)
{
	(void)cause;
	hook_calls++;
	return ctx == (void *)&hook_calls && strcmp(resp->kind,
	    "feedback") == 0 ? 0 : ERR_INVALID;
}

static void
response(struct survey_response *resp, struct survey_answer *sa)
{
	memset(resp, 0, sizeof *resp);
	sa->name = "rating";
	sa->value = "5";
	resp->form_id = "quick-feedback";
	resp->form_version = "";
	resp->lang = "en";
	resp->kind = "feedback";
	resp->started = T0;
	resp->submitted = T0 + 5;
	resp->answers = sa;
	resp->nanswers = 1;
}

int
main(void)
{
	struct survey_answer sa;
	struct survey_response resp;
	struct age_identity *id = NULL;
	struct submission_parsed *p = NULL;
	struct session *sess = NULL;
	struct pack *pack = NULL;
	struct kiosk k;
	struct seal seal;
	char *identity = NULL, *recipient = NULL, *cause = NULL, home[300],
	    **saved = NULL;
	size_t n = 0, nsaved = 0;

	snprintf(tmp, sizeof tmp, "%s/outreach-seal-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL || pack_load(PACK, &pack, NULL) != 0 ||
	    age_keygen(&identity, &recipient, NULL) != 0 ||
	    age_identity_parse(identity, &id, NULL) != 0) {
		CHECK(0, "a temporary folder, the pack and a test hub identity");
		goto out;
	}
	snprintf(home, sizeof home, "%s/home", tmp);
	response(&resp, &sa);

	/* Before it starts there is nothing to seal to. */
	seal_init(&seal);
	CHECK(!seal_ready(&seal) && !seal_ready(NULL), "nothing to seal to "
	    "before seal_start");
	CHECK_INT(seal_submit(&seal, NULL, &resp, &cause), ERR_UNSUPPORTED,
	    "and a submit says saving is not ready");
	CHECK(cause != NULL && strstr(cause, "not ready") != NULL,
	    "in words (%s)", cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	CHECK_INT(seal_open(&seal, NULL), 0, "seal_open before the start is 0");
	CHECK_INT(seal_submit(NULL, NULL, &resp, NULL), ERR_UNSUPPORTED,
	    "a kiosk without a context (tests) refuses the same way");

	/* The pack seals to the test hub only. */
	saved = pack->recipients;
	nsaved = pack->nrecipients;
	pack->recipients = &recipient;
	pack->nrecipients = 1;
	CHECK_INT(seal_start(&seal, pack, home, NULL), 0, "seal_start");
	CHECK(seal_ready(&seal), "a pack with a recipient: ready");
	CHECK(seal.sealer == NULL && !seal.opened, "starting opens nothing");

	if (kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24) != 0) {
		CHECK(0, "a headless kiosk");
		goto restore;
	}
	k.seal = &seal;
	CHECK(kiosk_submit_ready(&k), "the kiosk can submit through it");
	CHECK_INT(kiosk_submit(&k, &resp, NULL, NULL), 0, "a response seals "
	    "(opening the outbox first)");
	CHECK(seal.opened && seal.sealer != NULL, "the outbox is open now");
	p = newest(home, id, &n);
	CHECK(n == 1 && p != NULL && p->s.venue == NULL,
	    "it is in the outbox, with no session");
	submission_parsed_free(&p);

	session_new("Hackney Central Library", "Carers group", "Sam",
	    "2026-11-23", T0, &sess, NULL);
	screen_session_begin(&k, sess, NULL);
	CHECK_INT(kiosk_submit(&k, &resp, NULL, NULL), 0, "a second seals");
	p = newest(home, id, &n);
	CHECK(n == 2 && p != NULL && p->s.venue != NULL &&
	    strcmp(p->s.venue, "Hackney Central Library") == 0 &&
	    strcmp(p->s.date, "2026-11-23") == 0,
	    "carrying the session the kiosk runs");
	submission_parsed_free(&p);
	CHECK(k.session != NULL && k.session->sealed[SUBMISSION_FEEDBACK] ==
	    1, "which counts it");

	/*
	 * A request to be contacted: a new id, the day only, and of the
	 * session the venue and date only (and the venue only when the pack
	 * allows it).
	 */
	resp.kind = "contact";
	resp.form_id = "contact";
	CHECK_INT(kiosk_submit(&k, &resp, NULL, NULL), 0, "a contact request "
	    "seals");
	p = newest(home, id, &n);
	CHECK(n == 3 && p != NULL && p->s.kind == SUBMISSION_CONTACT,
	    "as kind contact");
	CHECK(p != NULL && p->s.started == T0 - T0 % 86400 &&
	    p->s.submitted == T0 - T0 % 86400, "its times are the day's "
	    "midnight, never the minute");
	CHECK(p != NULL && p->s.venue != NULL &&
	    strcmp(p->s.venue, "Hackney Central Library") == 0 &&
	    p->s.date != NULL && strcmp(p->s.date, "2026-11-23") == 0,
	    "it keeps the session's venue and date");
	CHECK(p != NULL && p->s.group == NULL && p->s.facilitator == NULL,
	    "but never its group or facilitator");
	submission_parsed_free(&p);
	CHECK(k.session->sealed[SUBMISSION_CONTACT] == 1 && k.contacts == 1,
	    "the session and the kiosk count it");
	seal.sealer->contact_venue = 0;
	CHECK_INT(kiosk_submit(&k, &resp, NULL, NULL), 0, "another, where "
	    "the pack keeps no venue");
	p = newest(home, id, &n);
	CHECK(n == 4 && p != NULL && p->s.venue == NULL && p->s.date != NULL,
	    "has the date but no venue");
	submission_parsed_free(&p);
	resp.kind = "feedback";
	resp.form_id = "quick-feedback";

	screen_session_end(&k);
	CHECK_INT(kiosk_submit(&k, &resp, NULL, NULL), 0, "a third seals");
	p = newest(home, id, &n);
	CHECK(n == 5 && p != NULL && p->s.venue == NULL,
	    "with no session once it has ended");
	submission_parsed_free(&p);

	/* The tests' log in place of the outbox. */
	seal.hook = hook;
	seal.hook_ctx = &hook_calls;
	CHECK_INT(kiosk_submit(&k, &resp, NULL, NULL), 0, "with a hook");
	p = newest(home, id, &n);
	CHECK(hook_calls == 1 && n == 5, "the hook takes it, not the outbox");
	submission_parsed_free(&p);
	seal.hook = NULL;
	kiosk_free(&k);

	seal_end(&seal);
	CHECK(seal.sealer == NULL && seal.home == NULL && seal.pack == NULL &&
	    !seal.opened, "seal_end closes and forgets the pack");
	seal_end(&seal);
	CHECK(!seal_ready(&seal), "and twice is harmless");
restore:
	pack->recipients = saved;
	pack->nrecipients = nsaved;
out:
	pack_free(&pack);
	age_identity_free(&id);
	age_secret_free(&identity);
	free(recipient);
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp);
	}
	return test_done();
}
