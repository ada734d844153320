/*
 * Unit tests for the hub's check of what a device computed
 * (sync/hub-check.c): the hub recomputes every calculation with the
 * kiosk's own evaluator, in every instance of every repeat, and refuses a
 * forged one; what cannot be computed again on the hub (random(), uuid(),
 * now(), once(), today() and the "today" metadata in another time zone,
 * what a trigger set) is the device's, and what follows from it is still
 * checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/bundle.h"
#include "sync/hub-int.h"
#include "sync/submission.h"
#include "tests/unit/test.h"

#define T0	((time_t)1795428000)	/* 2026-11-23T10:00:00Z */
/* 2026-11-24 on the device (UTC+14), 2026-11-22 on the hub (UTC-11). */
#define DEVICE_TZ	"KIT-14"
#define HUB_TZ		"SST11"
#define DEVICE		"00A1B2C3D4E5F607"

static const char survey_csv[] =
    "type,name,label,calculation,trigger,default\n"
    "text,said,Said?,,,\n"
    "integer,n,N?,,,\n"
    "calculate,echo,,\"concat(${said}, '!')\",,\n"
    "calculate,r,,random(),,\n"
    "calculate,twice,,${r} * 2,,\n"
    "calculate,id,,uuid(),,\n"
    "calculate,day,,today(),,\n"
    "calculate,later,,\"format-date(${day} + 1, '%Y-%m-%d')\",,\n"
    "calculate,due,,date('2026-01-31') + 30,,\n"
    "calculate,stamp,,now(),,\n"
    "calculate,first,,once(${said}),,\n"
    "calculate,was,,\"concat('n was ', ${n})\",${n},\n"
    "today,td,,,,\n"
    "start,st,,,,\n"
    "end,en,,,,\n"
    "begin repeat,member,Member,,,\n"
    "text,name,Name?,,,\n"
    "calculate,mr,,random(),,\n"
    "calculate,tag,,\"concat(${name}, '-', position(..), '-', "
    "${mr} < 2)\",,\n"
    "end repeat,,,,,\n"
    "integer,d,D?,,,5\n"
    "calculate,dd,,\"coalesce(${d}, 'none')\",,\n";

static char tmpdir[] = "/tmp/test-hub-recompute-XXXXXX";

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* The answers a kiosk in DEVICE_TZ stores, as a submission's JSON. */
static char *
device_json(const struct xlsform *f, struct submission *sub,
    struct submission_answer **ans)
{
	struct survey *s = NULL;
	struct survey_response resp;
	char *json = NULL, *cause = NULL;
	size_t i, len;

	set_tz(DEVICE_TZ);
	if (survey_new(f, NULL, T0, &s, NULL) != 0)
		return NULL;
	/* once() keeps the first answer; the trigger sets "was" once. */
	survey_set(s, survey_find(s, "said"), "hello");
	survey_set(s, survey_find(s, "said"), "bye");
	survey_set(s, survey_find(s, "n"), "3");
	survey_set(s, survey_find(s, "d"), "");
	survey_set(s, survey_find_path(s, "member[1]/name", 1), "Ann");
	survey_set(s, survey_find_path(s, "member[2]/name", 1), "Bo");
	memset(&resp, 0, sizeof resp);
	if (survey_response(s, T0 + 60, "survey", &resp) != 0)
		goto out;
	memset(sub, 0, sizeof *sub);
	submission_id_new(sub->id);
	sub->kind = SUBMISSION_SURVEY;
	sub->form_id = f->id;
	sub->form_version = f->version != NULL ? f->version : "";
	sub->lang = "en";
	sub->pack_id = "recompute-pack";
	sub->pack_version = "1.0.0";
	sub->device = DEVICE;
	sub->started = T0;
	sub->submitted = T0 + 60;
	if ((*ans = calloc(resp.nanswers + 1, sizeof **ans)) == NULL)
		goto out;
	for (i = 0; i < resp.nanswers; i++) {
		(*ans)[i].name = strdup(resp.answers[i].name);
		(*ans)[i].value = resp.answers[i].value != NULL ?
		    strdup(resp.answers[i].value) : NULL;
	}
	sub->answers = *ans;
	sub->nanswers = resp.nanswers;
	if (submission_json(sub, &json, &len, &cause) != 0) {
		printf("# %s\n", cause != NULL ? cause : "?");
		json = NULL;
	}
out:
	free(cause);
	survey_response_clear(&resp);
	survey_free(&s);
	set_tz(HUB_TZ);
	return json;
}

/* The value the device stored at path, or NULL. */
static struct submission_answer *
answer(struct submission_answer *a, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(a[i].name, path) == 0)
			return &a[i];
	return NULL;
}

/* Check sub on the hub; 0 when it imports, with *why the hub's reason. */
static int
hub_check(const struct hub_forms *forms, const struct submission *sub,
    char **why)
{
	struct submission_parsed *p = NULL;
	struct bundle_entry e;
	char *json = NULL;
	size_t len = 0;
	int r;

	*why = NULL;
	if (submission_json(sub, &json, &len, why) != 0)
		return -1;
	memset(&e, 0, sizeof e);
	snprintf(e.id, sizeof e.id, "%s", sub->id);
	e.form = (char *)sub->form_id;
	e.version = (char *)sub->form_version;
	r = hub_submission_check(forms, json, len, &e, DEVICE, &p, why);
	submission_parsed_free(&p);
	submission_json_free(&json);
	return r;
}

/* A forged value at path must be refused, naming the path. */
static void
forged(const struct hub_forms *forms, struct submission *sub,
    struct submission_answer *ans, const char *path, const char *value)
{
	struct submission_answer *a = answer(ans, sub->nanswers, path);
	const char *was;
	char *why = NULL, want[128];
	int r;

	if (a == NULL) {
		CHECK(0, "the device stored %s", path);
		return;
	}
	was = a->value;
	a->value = value;
	r = hub_check(forms, sub, &why);
	snprintf(want, sizeof want, "computed answer '%s'", path);
	CHECK(r == ERR_INVALID && why != NULL && strstr(why, want) != NULL,
	    "a forged %s is refused (%s)", path, why != NULL ? why : "");
	a->value = was;
	free(why);
}

int
main(void)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct hub_forms *forms = NULL;
	struct submission sub;
	struct submission_answer *ans = NULL, *a;
	char path[600], *json, *why = NULL;
	const char *was;
	size_t i;
	FILE *fp;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/survey.csv", tmpdir);
	if ((fp = fopen(path, "w")) == NULL)
		return 1;
	fputs(survey_csv, fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/settings.csv", tmpdir);
	if ((fp = fopen(path, "w")) == NULL)
		return 1;
	fputs("form_title,form_id,version\nRecompute,recompute,1\n", fp);
	fclose(fp);
	CHECK(hub_forms_new(&forms) == 0 &&
	    hub_forms_add_form(forms, tmpdir, "recompute", &why) == 0,
	    "the hub loads the form (%s)", why != NULL ? why : "");
	free(why);
	why = NULL;
	xlsform_errors_clear(&errs);
	if (hub_forms_count(forms) != 1)
		goto out;
	json = device_json(hub_forms_get(forms, 0), &sub, &ans);
	CHECK(json != NULL, "the device's response makes a submission");
	if (json == NULL)
		goto out;
	submission_json_free(&json);
	/* The device's values that the hub cannot compute again. */
	CHECK(answer(ans, sub.nanswers, "r") != NULL &&
	    answer(ans, sub.nanswers, "member[2]/mr") != NULL &&
	    answer(ans, sub.nanswers, "id") != NULL, "random() and uuid() "
	    "are stored");
	a = answer(ans, sub.nanswers, "day");
	CHECK_STR(a != NULL ? a->value : "", "2026-11-24T00:00:00.000+14:00",
	    "today() is the "
	    "device's local date");
	a = answer(ans, sub.nanswers, "first");
	CHECK_STR(a != NULL ? a->value : "", "hello", "once() kept the "
	    "first answer");
	CHECK(answer(ans, sub.nanswers, "d") == NULL &&
	    (a = answer(ans, sub.nanswers, "dd")) != NULL &&
	    strcmp(a->value, "none") == 0, "the cleared default is gone");

	CHECK_INT(hub_check(forms, &sub, &why), 0, "an honest submission "
	    "with random(), uuid(), now(), once(), today() in another time "
	    "zone, a trigger and repeats imports (%s)", why != NULL ? why :
	    "");
	free(why);

	forged(forms, &sub, ans, "echo", "hello!");
	forged(forms, &sub, ans, "twice", "3");
	forged(forms, &sub, ans, "due", "20515");
	forged(forms, &sub, ans, "dd", "5");
	forged(forms, &sub, ans, "member[2]/tag", "Bo-1-true");
	forged(forms, &sub, ans, "st", "2026-11-23T09:00:00Z");

	/* A date from the device's clock is the device's, however far down. */
	a = answer(ans, sub.nanswers, "later");
	if (a != NULL) {
		was = a->value;
		a->value = "2026-11-26";
		CHECK_INT(hub_check(forms, &sub, &why), 0, "a date computed "
		    "from today() is the device's (%s)", why != NULL ? why :
		    "");
		free(why);
		a->value = was;
	}
	a = answer(ans, sub.nanswers, "due");
	CHECK_STR(a != NULL ? a->value : "", "20514", "date arithmetic off "
	    "the clock is computed");

	/* A value the hub takes from the device: what follows is checked. */
	a = answer(ans, sub.nanswers, "r");
	if (a != NULL) {
		was = a->value;
		a->value = "0.25";
		CHECK(hub_check(forms, &sub, &why) == ERR_INVALID &&
		    why != NULL && strstr(why, "'twice'") != NULL,
		    "random() changed alone: what follows from it is "
		    "refused (%s)", why != NULL ? why : "");
		free(why);
		a->value = was;
	}
out:
	if (ans != NULL)
		for (i = 0; i < sub.nanswers; i++) {
			free((char *)ans[i].name);
			free((char *)ans[i].value);
		}
	free(ans);
	hub_forms_free(&forms);
	snprintf(path, sizeof path, "rm -rf %s", tmpdir);
	if (system(path) != 0)
		printf("# could not remove %s\n", tmpdir);
	return test_done();
}
