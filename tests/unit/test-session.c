/*
 * Co-production sessions below the screen (sync/session.h): starting one,
 * notes and their wiping, the notes and tally submissions as they are
 * sealed (decrypted again here with the test hub's identity), the session
 * every sealed submission carries, the session's draft across a restart,
 * and the results counted from a sealed survey (closed answers of the
 * questions the pack names, never free text).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/age.h"
#include "sync/outbox.h"
#include "sync/session.h"
#include "sync/submission.h"
#include "tests/unit/test.h"

#define PACK	"content/packs/hackney"
#define T0	1795460950

static char tmp[256];

/* The answer called name in p, or NULL. */
static const char *
answer(const struct submission_parsed *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->s.nanswers; i++)
		if (strcmp(p->s.answers[i].name, name) == 0)
			return p->s.answers[i].value;
	return NULL;
}

/* Seal resp with sl, read the newest pending entry back, decrypt, parse. */
static struct submission_parsed *
seal_and_open(struct outbox_sealer *sl, struct age_identity *id,
    const struct survey_response *resp, int *rc)
{
	struct submission_parsed *p = NULL;
	struct outbox_cursor *c = NULL;
	struct outbox_item it;
	uint8_t *ct = NULL, *pt = NULL;
	size_t ctlen = 0, ptlen = 0;
	char last[SUBMISSION_ID_SIZE] = "";

	*rc = outbox_sealer_submit(sl, resp, NULL);
	if (*rc != 0)
		return NULL;
	if (outbox_pending_open(sl->ob, 0, &c, NULL) == 0)
		while (outbox_cursor_next(c, &it, NULL) == 1)
			memcpy(last, it.id, sizeof last);
	outbox_cursor_free(&c);
	if (last[0] != '\0' &&
	    outbox_ciphertext(sl->ob, last, &ct, &ctlen, NULL) == 0 &&
	    age_decrypt(&id, 1, ct, ctlen, 0, &pt, &ptlen, NULL) == 0)
		submission_parse((char *)pt, ptlen, &p, NULL);
	age_plaintext_free(&pt);
	free(ct);
	return p;
}

static void
test_new(void)
{
	struct session *s = NULL;
	char *cause = NULL, today[SESSION_DATE_SIZE];

	CHECK_INT(session_new("  Hackney Central Library ", "", NULL,
	    "2026-11-23", T0, &s, NULL), 0, "a session with a venue and a date");
	CHECK_STR(s != NULL ? s->venue : NULL, "Hackney Central Library",
	    "the venue is trimmed");
	CHECK(s != NULL && s->group == NULL && s->facilitator == NULL,
	    "an empty group and a missing facilitator are not given");
	session_free(&s);
	CHECK(s == NULL, "session_free clears the pointer");
	session_free(NULL);
	CHECK_INT(session_new("  ", "g", "f", "2026-11-23", T0, &s, &cause),
	    ERR_INVALID, "a session needs a venue");
	CHECK(cause != NULL && strstr(cause, "venue") != NULL && s == NULL,
	    "and says so (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK_INT(session_new("v", "g", "f", "2026-02-29", T0, &s, &cause),
	    ERR_INVALID, "29 February 2026 is not a day");
	free(cause);
	cause = NULL;
	CHECK_INT(session_new("v", "g", "f", "23/11/2026", T0, &s, NULL),
	    ERR_INVALID, "a date in another shape is refused");
	CHECK_INT(session_new("v\x1b[2J", "g", "f", "2026-11-23", T0, &s,
	    NULL), ERR_INVALID, "a control character is refused");
	CHECK_INT(session_new("v", "line\nbreak", "f", "2026-11-23", T0, &s,
	    NULL), ERR_INVALID, "a new line in the group is refused");
	{
		char big[SESSION_FIELD_MAX + 2];

		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		CHECK_INT(session_new(big, NULL, NULL, "2026-11-23", T0, &s,
		    NULL), ERR_INVALID, "a venue longer than %d bytes is refused",
		    SESSION_FIELD_MAX);
	}
	session_today(T0, today);
	CHECK(session_date_ok(today), "today is a valid date (%s)", today);
	CHECK(session_date_ok("2028-02-29") && !session_date_ok("2026-13-01") &&
	    !session_date_ok("2026-1-01") && !session_date_ok(NULL),
	    "session_date_ok knows leap years and shapes");
}

static void
test_notes(void)
{
	struct session *s = NULL;
	struct session_sub *sub = NULL;
	char *cause = NULL;

	session_new("Venue", "Group", "Sam", "2026-11-23", T0, &s, NULL);
	CHECK_INT(session_note_add(s, "  More buses at night\n", "principle.access",
	    "Principle: Easy to access", "transport", NULL), 0, "a note is added");
	CHECK_STR(s->notes[0].point, "More buses at night", "its point is trimmed");
	CHECK_INT(session_note_add(s, "Second", NULL, "a label without a tag",
	    "", NULL), 0, "a note without a tag or a theme");
	CHECK(s->notes[1].tag == NULL && s->notes[1].tag_label == NULL &&
	    s->notes[1].theme == NULL, "has neither (a label alone is dropped)");
	CHECK_INT(session_note_add(s, " ", NULL, NULL, NULL, &cause), ERR_INVALID,
	    "a note needs a point");
	CHECK_INT(s->nnotes, 2, "and is not added");
	free(cause);
	CHECK_INT(session_note_set(s, 1, "Second, corrected", "commitment.carers",
	    "Draft commitment: carers", "carers", NULL), 0, "a note is corrected");
	CHECK_STR(s->notes[1].point, "Second, corrected", "with the new point");
	CHECK_STR(s->notes[1].tag, "commitment.carers", "and the new tag");
	CHECK_INT(session_note_set(s, 9, "x", NULL, NULL, NULL, NULL), ERR_INVALID,
	    "there is no note 10");
	CHECK_INT(session_note_build(&s->notes[0], "en", "hackney-asc", "1.0.0",
	    T0 + 60, &sub, NULL), 0, "a note becomes a response");
	if (sub != NULL) {
		CHECK(strcmp(sub->resp.kind, "notes") == 0 &&
		    strcmp(sub->resp.form_id, "notes") == 0 &&
		    strcmp(sub->resp.form_version, "1.0.0") == 0,
		    "of kind notes, form notes, version the pack's");
		CHECK(sub->resp.nanswers == 4 &&
		    strcmp(sub->resp.answers[0].name, "point") == 0 &&
		    strcmp(sub->resp.answers[1].value, "principle.access") == 0 &&
		    strcmp(sub->resp.answers[2].name, "tag_label") == 0 &&
		    strcmp(sub->resp.answers[3].value, "transport") == 0,
		    "point, tag, tag_label, theme");
	}
	session_sub_free(&sub);
	session_note_remove(s, 0);
	CHECK(s->nnotes == 1 && strcmp(s->notes[0].point, "Second, corrected") == 0,
	    "removing the first keeps the second");
	session_note_remove(s, 5);
	CHECK_INT(s->nnotes, 1, "removing a note that is not there does nothing");
	session_free(&s);
}

static void
test_tally(void)
{
	static const char *const names[] = { "waiting", "contact", "barriers" };
	static const char *const bad[] = { "waiting", "two words", "x" };
	unsigned counts[] = { 5, 0, 7 };
	struct session_tally t = { "draft-strategy", "top_three", 1,
	    SESSION_HANDS, 9, 3, names, counts };
	struct session_sub *sub = NULL;
	char *cause = NULL;
	size_t i;
	int ok = 1;

	CHECK_INT(session_tally_build(&t, "en", "hackney-asc", "1.0.0", T0,
	    T0 + 30, &sub, NULL), 0, "a tally of hands becomes a response");
	if (sub != NULL) {
		const char *want[][2] = { { "form", "draft-strategy" },
		    { "question", "top_three" }, { "type", "select_multiple" },
		    { "mode", "hands" }, { "voters", "9" },
		    { "count.waiting", "5" }, { "count.contact", "0" },
		    { "count.barriers", "7" } };

		ok = sub->resp.nanswers == 8;
		for (i = 0; ok && i < 8; i++)
			ok = strcmp(sub->resp.answers[i].name, want[i][0]) == 0 &&
			    strcmp(sub->resp.answers[i].value, want[i][1]) == 0;
		CHECK(ok, "form, question, type, mode, voters, and a count per "
		    "choice (0 included)");
		CHECK(strcmp(sub->resp.kind, "tally") == 0 &&
		    sub->resp.started == T0 && sub->resp.submitted == T0 + 30,
		    "of kind tally, started when voting began");
	}
	session_sub_free(&sub);
	t.multiple = 0;
	CHECK_INT(session_tally_build(&t, "en", "p", "1", T0, T0, &sub, &cause),
	    ERR_INVALID, "12 votes from 9 people with one vote each is refused");
	CHECK(cause != NULL && sub == NULL, "with a reason (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	t.multiple = 1;
	counts[2] = 10;
	CHECK_INT(session_tally_check(&t, NULL), ERR_INVALID,
	    "a count above the number of voters is refused");
	counts[2] = 7;
	t.voters = 0;
	CHECK_INT(session_tally_check(&t, NULL), ERR_INVALID, "nobody voting is refused");
	t.voters = SESSION_MAX_VOTERS + 1;
	CHECK_INT(session_tally_check(&t, NULL), ERR_LIMIT, "too many voters");
	t.voters = 9;
	t.choices = bad;
	CHECK_INT(session_tally_check(&t, NULL), ERR_INVALID,
	    "a choice name that cannot name a count is refused");
	t.choices = names;
	t.mode = SESSION_LAPTOP;
	CHECK_INT(session_tally_build(&t, "tr", "p", "1", T0, T0, &sub, NULL), 0,
	    "a tally voted on the laptop");
	CHECK(sub != NULL && strcmp(sub->resp.answers[3].value, "laptop") == 0,
	    "says so");
	session_sub_free(&sub);
}

/* Sealing: every submission carries the session, notes and tallies too. */
static void
test_seal(void)
{
	static const char *const names[] = { "agree", "disagree" };
	unsigned counts[] = { 4, 3 };
	struct session_tally t = { "draft-strategy", "mission_agree", 0,
	    SESSION_HANDS, 8, 2, names, counts };
	struct survey_answer sa[1] = { { "rating", "5" } };
	struct survey_response resp;
	struct age_identity *id = NULL;
	struct outbox_sealer *sl = NULL;
	struct submission_parsed *p = NULL;
	struct session *s = NULL;
	struct session_sub *sub = NULL;
	struct pack pk;
	char *identity = NULL, *recipient = NULL, home[300], *rl[1];
	int rc = -1;

	snprintf(home, sizeof home, "%s/seal", tmp);
	if (age_keygen(&identity, &recipient, NULL) != 0 ||
	    age_identity_parse(identity, &id, NULL) != 0) {
		CHECK(0, "a test hub identity");
		goto out;
	}
	memset(&pk, 0, sizeof pk);
	pk.id = "hackney-asc";
	pk.version = "1.0.0";
	rl[0] = recipient;
	pk.recipients = rl;
	pk.nrecipients = 1;
	if (outbox_sealer_open(home, &pk, &sl, NULL) != 0) {
		CHECK(0, "a sealer opens");
		goto out;
	}
	memset(&resp, 0, sizeof resp);
	resp.form_id = "quick-feedback";
	resp.form_version = "";
	resp.lang = "en";
	resp.kind = "feedback";
	resp.started = T0;
	resp.submitted = T0 + 5;
	resp.answers = sa;
	resp.nanswers = 1;
	p = seal_and_open(sl, id, &resp, &rc);
	CHECK(rc == 0 && p != NULL && p->s.venue == NULL && p->s.date == NULL,
	    "without a session, the session is null");
	submission_parsed_free(&p);

	session_new("Hackney Central Library", "Carers group", "Sam",
	    "2026-11-23", T0, &s, NULL);
	sl->session = s;
	p = seal_and_open(sl, id, &resp, &rc);
	CHECK(rc == 0 && p != NULL && p->s.venue != NULL &&
	    strcmp(p->s.venue, "Hackney Central Library") == 0 &&
	    strcmp(p->s.group, "Carers group") == 0 &&
	    strcmp(p->s.facilitator, "Sam") == 0 &&
	    strcmp(p->s.date, "2026-11-23") == 0,
	    "during a session a survey carries venue, group, facilitator, date");
	submission_parsed_free(&p);

	session_note_add(s, "Information in more languages", "principle.access",
	    "Principle: Easy to access", "languages", NULL);
	session_note_build(&s->notes[0], "en", NULL, "1.0.0", T0 + 9, &sub, NULL);
	p = sub != NULL ? seal_and_open(sl, id, &sub->resp, &rc) : NULL;
	CHECK(rc == 0 && p != NULL && p->s.kind == SUBMISSION_NOTES &&
	    strcmp(p->s.form_id, "notes") == 0 && p->s.venue != NULL &&
	    strcmp(p->s.date, "2026-11-23") == 0,
	    "a note is sealed as kind notes with the session");
	CHECK(p != NULL && answer(p, "point") != NULL &&
	    strcmp(answer(p, "point"), "Information in more languages") == 0 &&
	    strcmp(answer(p, "tag"), "principle.access") == 0 &&
	    strcmp(answer(p, "tag_label"), "Principle: Easy to access") == 0 &&
	    strcmp(answer(p, "theme"), "languages") == 0,
	    "with its point, tag, label and theme");
	CHECK(p != NULL && strcmp(p->s.pack_id, "hackney-asc") == 0,
	    "and the sealer's pack id");
	submission_parsed_free(&p);
	session_sub_free(&sub);

	s->group = (free(s->group), NULL);
	session_tally_build(&t, "en", NULL, NULL, T0, T0 + 20, &sub, NULL);
	p = sub != NULL ? seal_and_open(sl, id, &sub->resp, &rc) : NULL;
	CHECK(rc == 0 && p != NULL && p->s.kind == SUBMISSION_TALLY &&
	    p->s.group == NULL && strcmp(p->s.venue, "Hackney Central Library") == 0,
	    "a tally is sealed as kind tally; a group not given is null");
	CHECK(p != NULL && answer(p, "count.agree") != NULL &&
	    strcmp(answer(p, "count.agree"), "4") == 0 &&
	    strcmp(answer(p, "count.disagree"), "3") == 0 &&
	    strcmp(answer(p, "voters"), "8") == 0 &&
	    strcmp(answer(p, "mode"), "hands") == 0 &&
	    strcmp(answer(p, "question"), "mission_agree") == 0,
	    "with its counts, voters, mode and question");
	submission_parsed_free(&p);
	session_sub_free(&sub);

	sl->session = NULL;
	p = seal_and_open(sl, id, &resp, &rc);
	CHECK(rc == 0 && p != NULL && p->s.venue == NULL,
	    "after the session, no session again");
	submission_parsed_free(&p);
out:
	session_free(&s);
	outbox_sealer_free(&sl);
	age_identity_free(&id);
	age_secret_free(&identity);
	free(recipient);
}

/* The session's draft survives a restart; ending it destroys it. */
static void
test_draft(void)
{
	struct session *s = NULL, *b = NULL;
	char home[300], path[400];

	snprintf(home, sizeof home, "%s/draft", tmp);
	mkdir(home, 0700);
	CHECK_INT(session_load(home, &b, NULL), ERR_NOTFOUND, "no draft at first");
	session_new("Venue", NULL, "Sam", "2026-11-23", T0, &s, NULL);
	session_sealed(s, "survey");
	session_sealed(s, "survey");
	session_sealed(s, "notes");
	session_sealed(s, "bogus");
	CHECK_INT(session_sealed_total(s), 3, "sealed counts by kind");
	session_note_add(s, "First point", "principle.quality",
	    "Principle: Good quality and safe", NULL, NULL);
	session_note_add(s, "Second point", NULL, NULL, "staff", NULL);
	CHECK_INT(session_save(home, s, NULL), 0, "the session is journaled");
	snprintf(path, sizeof path, "%s/session/draft.key", home);
	CHECK(access(path, F_OK) == 0, "under its own key in <home>/session");
	CHECK_INT(session_load(home, &b, NULL), 0, "and read back");
	if (b != NULL) {
		CHECK(strcmp(b->venue, "Venue") == 0 && b->group == NULL &&
		    strcmp(b->facilitator, "Sam") == 0 &&
		    strcmp(b->date, "2026-11-23") == 0 && b->started == T0,
		    "with its venue, group, facilitator, date, start");
		CHECK(b->sealed[0] == 2 && b->sealed[2] == 1,
		    "its sealed counts");
		CHECK(b->nnotes == 2 && strcmp(b->notes[0].point, "First point") == 0 &&
		    strcmp(b->notes[0].tag_label, "Principle: Good quality and safe") == 0 &&
		    b->notes[1].tag == NULL && strcmp(b->notes[1].theme, "staff") == 0,
		    "and its notes in order");
	}
	session_free(&b);
	CHECK_INT(session_destroy(home, NULL), 0, "ending it destroys the draft");
	CHECK(access(path, F_OK) != 0, "key first");
	CHECK_INT(session_load(home, &b, NULL), ERR_NOTFOUND, "nothing to read after");
	CHECK_INT(session_destroy(home, NULL), 0, "destroying twice is harmless");
	session_free(&s);
}

/* Results: a tally, then the closed answers of sealed surveys. */
static void
test_results(void)
{
	static const char *const names[] = { "waiting", "contact" };
	static const char *const labels[] = { "Waiting", NULL };
	unsigned counts[] = { 2, 1 };
	struct session_tally t = { "draft-strategy", "top_three", 1,
	    SESSION_LAPTOP, 2, 2, names, counts };
	struct session *s = NULL;
	struct pack *pack = NULL;
	struct xlsform *f = NULL;
	struct survey *sv = NULL;
	char *path = NULL;
	size_t i, j;
	int clean = 1, r;

	session_new("Venue", NULL, NULL, "2026-11-23", T0, &s, NULL);
	CHECK_INT(session_result_tally(s, &t, "Which matter most?", labels), 0,
	    "a tally is kept for the room");
	CHECK(s->nresults == 1 && s->results[0].source == SESSION_R_LAPTOP &&
	    strcmp(s->results[0].labels[0], "Waiting") == 0 &&
	    strcmp(s->results[0].labels[1], "contact") == 0 &&
	    s->results[0].counts[0] == 2 && s->results[0].people == 2,
	    "with its labels (the name when none), counts and voters");
	if (pack_load(PACK, &pack, NULL) != 0 ||
	    (path = pack_survey_path(pack, "draft-strategy")) == NULL ||
	    xlsform_load(path, &f, NULL, NULL) != 0) {
		CHECK(0, "the Hackney pack and its draft strategy survey load");
		goto out;
	}
	CHECK(pack->nvotable == 2 && strcmp(pack->votable[0].question,
	    "top_three") == 0 && pack->ntags == 16 && pack->session_consent != NULL,
	    "the pack names votable questions, 16 tags and a consent script");
	for (r = 0; r < 3; r++) {
		survey_new(f, "en", T0, &sv, NULL);
		survey_set(sv, survey_find(sv, "mission_agree"), r < 2 ?
		    "agree" : "disagree");
		survey_set(sv, survey_find(sv, "top_three"), r == 0 ?
		    "waiting contact barriers" : "waiting");
		survey_set(sv, survey_find(sv, "respondent"), "carer");
		survey_set(sv, survey_find(sv, "missing"), "ZEBRA-FREE-TEXT");
		CHECK_INT(session_count_survey(s, pack, sv), 0,
		    "response %d is counted", r + 1);
		survey_free(&sv);
	}
	CHECK_INT(s->nresults, 3, "two survey questions join the tally");
	for (i = 1; i < s->nresults; i++) {
		const struct session_result *res = &s->results[i];

		if (strcmp(res->question, "mission_agree") == 0)
			CHECK(res->source == SESSION_R_SURVEY && res->people == 3 &&
			    res->counts[1] == 2 && res->counts[3] == 1 &&
			    strcmp(res->labels[1], "Agree") == 0 &&
			    strcmp(res->title, "How much do you agree with our "
			    "draft mission?") == 0,
			    "mission_agree: 2 agree, 1 disagree, English labels");
		else if (strcmp(res->question, "top_three") == 0)
			CHECK(res->people == 3 && res->counts[0] == 3 &&
			    res->counts[1] == 1 && res->counts[2] == 1 &&
			    res->n == 12, "top_three: every tick counted");
		else
			CHECK(0, "an unexpected result for %s", res->question);
		for (j = 0; j < res->n; j++)
			if (strstr(res->labels[j], "ZEBRA") != NULL)
				clean = 0;
		if (strstr(res->title, "ZEBRA") != NULL ||
		    strcmp(res->question, "respondent") == 0)
			clean = 0;
	}
	CHECK(clean, "no free text and no question the pack does not name");
	session_results_clear(s);
	CHECK(s->nresults == 0 && s->results == NULL, "results can be forgotten");
out:
	xlsform_free(&f);
	free(path);
	pack_free(&pack);
	session_free(&s);
}

/* Write a pack.ini with extra (after a minimal pack) and load it. */
static int
pack_with(const char *extra, struct pack **pp, char **cause)
{
	char dir[300], path[400];
	FILE *fp;

	snprintf(dir, sizeof dir, "%s/pack", tmp);
	snprintf(path, sizeof path, "%s/pages/en", dir);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/pages", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/pages/en", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/pages/en/start.md", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("# Start\n", fp);
		fclose(fp);
	}
	snprintf(path, sizeof path, "%s/pack.ini", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fprintf(fp, "[pack]\nid = t\ntitle = T\nversion = 1\nlanguages = en\n"
	    "default_language = en\nhome = start\n[surveys]\n"
	    "order = s1\nfeedback = fb\n%s", extra);
	fclose(fp);
	return pack_load(dir, pp, cause);
}

/* [sessions] and [session_tags] in pack.ini, and their mistakes. */
static void
test_pack(void)
{
	static const struct {
		const char	*ini;
		const char	*why;
		const char	*says;
	} bad[] = {
		{ "[sessions]\nvotable = nope:q\n", "a votable survey the pack "
		    "does not have", "pack.ini:12: 'nope' is not a survey" },
		{ "[sessions]\nvotable = s1\n", "a votable survey without a "
		    "question", "pack.ini:12: 's1' needs a question" },
		{ "[sessions]\nvotable = s1:9bad\n", "a question name that is "
		    "not a name", "needs a question" },
		{ "[sessions]\nresults = s1:q, ../x\n", "a results survey that "
		    "is not an id", "is not a survey" },
		{ "[sessions]\nconsent = missing\n", "a consent page that does "
		    "not exist", "pack.ini:12: no page pages/en/missing.md" },
		{ "[session_tags]\nprinciple.a =\n", "a tag without a label",
		    "pack.ini:12: the tag 'principle.a' needs a label" },
	};
	struct pack *p = NULL;
	char *cause = NULL;
	size_t i;

	CHECK_INT(pack_with("", &p, NULL), 0, "a pack without sessions loads");
	CHECK(p != NULL && p->session_consent == NULL && p->nvotable == 0 &&
	    p->ntags == 0 && p->nresults == 0, "and has none of their settings");
	pack_free(&p);
	CHECK_INT(pack_with("[sessions]\nconsent = start\n"
	    "votable = s1:q1, fb:rating\nresults = s1, fb:rating\n"
	    "[session_tags]\nb.second = Second tag\na.first = First tag\n",
	    &p, &cause), 0, "a pack with sessions loads (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	if (p != NULL) {
		CHECK(p->nvotable == 2 && strcmp(p->votable[1].survey, "fb") == 0 &&
		    strcmp(p->votable[1].question, "rating") == 0,
		    "votable: survey and question");
		CHECK(p->ntags == 2 && strcmp(p->tags[0].id, "b.second") == 0 &&
		    strcmp(p->tags[1].label, "First tag") == 0,
		    "tags in the order of the file");
		CHECK(pack_results_show(p, "s1", "anything") &&
		    pack_results_show(p, "fb", "rating") &&
		    !pack_results_show(p, "fb", "comment") &&
		    !pack_results_show(p, "s2", "q"),
		    "results: a whole survey, or one question of it");
	}
	pack_free(&p);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(pack_with(bad[i].ini, &p, &cause) != 0 && p == NULL &&
		    cause != NULL && strstr(cause, bad[i].says) != NULL,
		    "refused: %s (%s)", bad[i].why, cause ? cause : "");
		free(cause);
		cause = NULL;
	}
}

int
main(void)
{
	snprintf(tmp, sizeof tmp, "%s/outreach-session-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		CHECK(0, "a temporary folder");
		return test_done();
	}
	test_pack();
	test_new();
	test_notes();
	test_tally();
	test_seal();
	test_draft();
	test_results();
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmp);
	}
	return test_done();
}
