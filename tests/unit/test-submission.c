/* Unit tests for sync/submission.c: ids, times, the JSON and its checks. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/submission.h"
#include "tests/unit/test.h"

static const struct submission_answer answers[] = {
	{ "name", "Ay\xc5\x9f" "e \"Quote\" \\ back\nslash" },	/* Ayşe */
	{ "services", "meals transport" },
	{ "age_band", "65-74" },
	{ "empty", "" },
};

static void
fill(struct submission *s)
{
	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", "0f8fad5b-d9cb-469f-a165-70867728950e");
	s->kind = SUBMISSION_SURVEY;
	s->form_id = "experience";
	s->form_version = "2026110101";
	s->pack_id = "hackney-asc";
	s->pack_version = "1.2.0";
	s->lang = "en";
	s->device = "00A1B2C3D4E5F607";
	s->started = 1795460950;	/* 2026-11-23T19:09:10Z */
	s->submitted = 1795461010;
	s->answers = answers;
	s->nanswers = sizeof answers / sizeof answers[0];
}

/* The JSON of s, parsed back by jansson itself. */
static json_t *
roundtrip(const struct submission *s, char **cause)
{
	char *json = NULL;
	size_t len = 0;
	json_t *j = NULL;

	if (submission_json(s, &json, &len, cause) == 0) {
		j = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
		if (strlen(json) != len)
			j = NULL;
	}
	submission_json_free(&json);
	return j;
}

static const char *
str(json_t *o, const char *path1, const char *path2)
{
	json_t *v = json_object_get(o, path1);

	if (path2 != NULL)
		v = json_object_get(v, path2);
	return json_string_value(v);
}

/* Check s fails with err and a cause that names no answer's value. */
static void
refused(const struct submission *s, int err, const char *what)
{
	char *json = NULL, *cause = NULL;
	size_t len = 0;
	int r = submission_json(s, &json, &len, &cause);

	CHECK(r == err && json == NULL && cause != NULL &&
	    strstr(cause, "SECRET") == NULL, "%s is refused (%s)", what,
	    cause != NULL ? cause : "no cause");
	free(cause);
	submission_json_free(&json);
}

/* Repeats nest as arrays of objects and come back as the same paths. */
static void
test_repeats(void)
{
	static const struct submission_answer rep[] = {
		{ "hh", "Smith" },
		{ "member[1]", NULL },
		{ "member[1]/name", "Ann" },
		{ "member[1]/child[1]", NULL },
		{ "member[1]/child[1]/name", "Cy" },
		{ "member[2]", NULL },
		{ "member[3]", NULL },
		{ "member[3]/name", "Bob" },
		{ "freq/boat/days", "3" },
	};
	static const struct submission_answer early[] = {
		{ "member[1]/name", "Ann" },
	}, skip[] = {
		{ "member[2]", NULL },
	}, twice[] = {
		{ "member[1]", NULL }, { "member[1]", NULL },
	}, valued[] = {
		{ "member[1]", "x" },
	}, zero[] = {
		{ "member[0]", NULL },
	}, lead[] = {
		{ "member[01]", NULL },
	};
	struct submission s;
	struct submission_parsed *p = NULL;
	char *json = NULL, *cause = NULL;
	size_t len, i;
	json_t *j;
	int same;

	fill(&s);
	s.answers = rep;
	s.nanswers = sizeof rep / sizeof rep[0];
	j = roundtrip(&s, &cause);
	CHECK(j != NULL, "answers with repeats are written (%s)",
	    cause ? cause : "ok");
	free(cause);
	cause = NULL;
	{
		json_t *a = json_object_get(j, "answers");
		json_t *m = json_object_get(a, "member");

		CHECK(json_is_array(m) && json_array_size(m) == 3,
		    "a repeat is an array, one object per instance");
		CHECK(json_object_size(json_array_get(m, 1)) == 0,
		    "an instance with no answer is {}");
		CHECK_STR(json_string_value(json_object_get(json_array_get(
		    json_object_get(json_array_get(m, 0), "child"), 0),
		    "name")), "Cy", "nested repeats nest");
		CHECK_STR(json_string_value(json_object_get(a,
		    "freq/boat/days")), "3", "a group path is one key");
	}
	json_decref(j);
	CHECK(submission_json(&s, &json, &len, NULL) == 0 &&
	    submission_parse(json, len, &p, &cause) == 0,
	    "and read back (%s)", cause ? cause : "ok");
	same = p != NULL && p->s.nanswers == s.nanswers;
	for (i = 0; same && i < s.nanswers; i++)
		same = strcmp(p->s.answers[i].name, rep[i].name) == 0 &&
		    ((rep[i].value == NULL && p->s.answers[i].value == NULL) ||
		    (rep[i].value != NULL && p->s.answers[i].value != NULL &&
		    strcmp(rep[i].value, p->s.answers[i].value) == 0));
	CHECK(same, "as the same paths, instances and values, in order");
	submission_parsed_free(&p);
	submission_json_free(&json);
	free(cause);
	cause = NULL;
	s.answers = early;
	s.nanswers = 1;
	refused(&s, ERR_INVALID, "an answer before its instance");
	s.answers = skip;
	refused(&s, ERR_INVALID, "the second instance before the first");
	s.answers = twice;
	s.nanswers = 2;
	refused(&s, ERR_INVALID, "an instance twice");
	s.answers = valued;
	s.nanswers = 1;
	refused(&s, ERR_INVALID, "an instance with a value");
	s.answers = zero;
	refused(&s, ERR_INVALID, "instance 0");
	s.answers = lead;
	refused(&s, ERR_INVALID, "an instance number with a leading zero");
	{
		/* The longest name a form may have is a repeat's too. */
		char inst[SUBMISSION_MAX_NAME + 8], ans[SUBMISSION_MAX_NAME + 16];
		struct submission_answer lng[2];

		memset(inst, 'r', SUBMISSION_MAX_NAME);
		snprintf(inst + SUBMISSION_MAX_NAME, 8, "[1]");
		snprintf(ans, sizeof ans, "%s/x", inst);
		lng[0].name = inst;
		lng[0].value = NULL;
		lng[1].name = ans;
		lng[1].value = "1";
		s.answers = lng;
		s.nanswers = 2;
		CHECK(submission_json(&s, &json, &len, &cause) == 0 &&
		    submission_parse(json, len, &p, &cause) == 0 &&
		    p->s.nanswers == 2 && strcmp(p->s.answers[1].name, ans) ==
		    0, "a repeat with the longest name makes a submission (%s)",
		    cause != NULL ? cause : "");
		submission_parsed_free(&p);
		submission_json_free(&json);
		free(cause);
		cause = NULL;
		s.nanswers = 1;
	}
	{
		static const char *const bad[] = {
			"\"member\": [\"x\"]", "\"member\": [[]]",
			"\"member\": 3", "\"member\": {}",
		};
		char text[2048];
		size_t k;

		for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			snprintf(text, sizeof text, "{\"format\":"
			    "\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-"
			    "469f-a165-70867728950e\",\"kind\":\"survey\","
			    "\"form\":{\"id\":\"f\",\"version\":\"\"},"
			    "\"pack\":{\"id\":\"p\",\"version\":\"1\"},"
			    "\"language\":\"en\",\"device\":"
			    "\"00A1B2C3D4E5F607\",\"session\":null,"
			    "\"started\":\"2026-11-23T19:09:10Z\","
			    "\"submitted\":\"2026-11-23T19:10:10Z\","
			    "\"answers\":{%s}}", bad[k]);
			CHECK(submission_parse(text, strlen(text), &p, NULL) ==
			    ERR_PARSE && p == NULL, "answers %s are refused",
			    bad[k]);
		}
	}
}

/*
 * An id with each byte changed to each of a few bytes around its class,
 * and a field with a control byte or DEL at each place of each length to
 * 20: refused; the same with UTF-8 there: accepted.
 */
static void
test_bytes_at_each_place(void)
{
	static const char good[] = "0f8fad5b-d9cb-469f-a165-70867728950e";
	static const char near[] = "/:`gAF-0a9\x7f";
	static const char *const bad[] = { "\x01", "\x1f", "\x7f", "\n" };
	struct submission s;
	char id[sizeof good], field[32];
	size_t i, k, len, wrong = 0, tried = 0;
	int want;

	for (i = 0; i < sizeof good - 1; i++)
		for (k = 0; k < sizeof near - 1; k++) {
			memcpy(id, good, sizeof good);
			id[i] = near[k];
			/* Still a digit, or the dash, where one goes. */
			want = id[i] == good[i] || (i != 8 && i != 13 &&
			    i != 18 && i != 23 && i != 14 && i != 19 &&
			    strchr("0123456789abcdef", id[i]) != NULL) ||
			    (i == 19 && strchr("89ab", id[i]) != NULL);
			tried++;
			wrong += submission_id_valid(id) != want;
		}
	for (len = 1; len <= 20; len++)
		for (i = 0; i < len; i++)
			for (k = 0; k <= sizeof bad / sizeof bad[0]; k++) {
				fill(&s);
				memset(field, 'p', len);
				field[len] = '\0';
				if (k < sizeof bad / sizeof bad[0])
					field[i] = bad[k][0];
				else if (i + 1 < len)
					memcpy(field + i, "\xc3\xa9", 2);
				s.pack_version = field;
				tried++;
				wrong += (submission_check(&s, NULL) == ERR_OK) !=
				    (k == sizeof bad / sizeof bad[0]);
			}
	CHECK(wrong == 0, "a wrong byte at each place of an id or a field "
	    "is refused, UTF-8 is not (%zu of %zu wrong)", wrong, tried);
}

/*
 * A time read back: each byte of a good one changed to what is just
 * outside its class ('/' and ':' around the digits), each prefix, and one
 * byte more, are refused; the good one and the calendar's edges read.
 */
static void
test_time_parse_bytes(void)
{
	static const char good[] = "2026-11-23T19:09:10Z";
	static const char wrong[] = "/:x0 -T";
	char t[sizeof good + 1];
	size_t i, k, bad = 0, tried = 0;
	time_t v = 0;

	CHECK(submission_time_parse(good, &v) == ERR_OK && v == 1795460950,
	    "a good time is read");
	for (i = 0; i < sizeof good - 1; i++)
		for (k = 0; k < sizeof wrong - 1; k++) {
			memcpy(t, good, sizeof good);
			if (t[i] == wrong[k] || (wrong[k] == '0' &&
			    t[i] >= '0' && t[i] <= '9'))
				continue;	/* still a digit there */
			t[i] = wrong[k];
			tried++;
			bad += submission_time_parse(t, &v) == ERR_OK;
		}
	for (i = 0; i < sizeof good - 1; i++) {
		memcpy(t, good, i);
		t[i] = '\0';
		tried++;
		bad += submission_time_parse(t, &v) == ERR_OK;
	}
	memcpy(t, good, sizeof good - 1);
	t[sizeof good - 1] = '0';
	t[sizeof good] = '\0';
	tried++;
	bad += submission_time_parse(t, &v) == ERR_OK;
	CHECK(bad == 0, "%zu times off by one byte, short or long are "
	    "refused (%zu read)", tried, bad);
	CHECK(submission_time_parse("2028-02-29T23:59:59Z", &v) == ERR_OK &&
	    submission_time_parse("2026-02-29T00:00:00Z", &v) != ERR_OK &&
	    submission_time_parse("2026-12-31T24:00:00Z", &v) != ERR_OK,
	    "the calendar's edges");
}

int
main(void)
{
	struct submission s, t;
	struct submission_answer many[SUBMISSION_MAX_ANSWERS + 1], dup[2], bad[1];
	struct submission_parsed *p = NULL;
	char id[SUBMISSION_ID_SIZE], prev[SUBMISSION_ID_SIZE], ts[SUBMISSION_TIME_SIZE],
	    names[SUBMISSION_MAX_ANSWERS + 1][8], *cause = NULL, *json = NULL;
	enum submission_kind k;
	json_t *j;
	size_t len, i;
	time_t tm;
	int ok, distinct;

	/* Ids. */
	ok = 1;
	distinct = 1;
	prev[0] = '\0';
	for (i = 0; i < 1000; i++) {
		submission_id_new(id);
		if (!submission_id_valid(id) || id[14] != '4' || strchr("89ab", id[19]) == NULL)
			ok = 0;
		if (strcmp(id, prev) == 0)
			distinct = 0;
		memcpy(prev, id, sizeof id);
	}
	CHECK(ok, "1000 new ids are lower-case UUIDv4s (e.g. %s)", id);
	CHECK(distinct, "and differ");
	CHECK(!submission_id_valid("0F8FAD5B-D9CB-469F-A165-70867728950E"), "upper case is refused");
	CHECK(!submission_id_valid("0f8fad5b-d9cb-169f-a165-70867728950e"), "version 1 is refused");
	CHECK(!submission_id_valid("0f8fad5b-d9cb-469f-c165-70867728950e"), "a wrong variant is refused");
	CHECK(!submission_id_valid("0f8fad5bd9cb469fa16570867728950e") &&
	    !submission_id_valid("0f8fad5b-d9cb-469f-a165-70867728950e0") &&
	    !submission_id_valid(""), "missing dashes, extra digits, empty are refused");

	/* Kinds. */
	CHECK_STR(submission_kind_name(SUBMISSION_TALLY), "tally", "kind names");
	CHECK(submission_kind_parse("feedback", &k) == 0 && k == SUBMISSION_FEEDBACK &&
	    submission_kind_parse("Survey", &k) == ERR_INVALID, "kinds parse exactly");
	CHECK(submission_kind_name((enum submission_kind)7) == NULL, "no name for a bad kind");

	/* Times. */
	CHECK(submission_time_format(1795460950, ts) == 0, "a time formats");
	CHECK_STR(ts, "2026-11-23T19:09:10Z", "as RFC 3339 UTC");
	CHECK(submission_time_parse(ts, &tm) == 0 && tm == 1795460950, "and parses back");
	CHECK(submission_time_parse("2028-02-29T00:00:00Z", &tm) == 0, "a leap day parses");
	CHECK(submission_time_parse("2026-02-29T00:00:00Z", &tm) == ERR_INVALID,
	    "29 February of a common year does not");
	CHECK(submission_time_parse("2026-11-23T19:09:10+00:00", &tm) == ERR_INVALID &&
	    submission_time_parse("2026-11-23 19:09:10Z", &tm) == ERR_INVALID &&
	    submission_time_parse("2026-11-23T24:00:00Z", &tm) == ERR_INVALID &&
	    submission_time_parse("2026-11-23T19:09:10Z ", &tm) == ERR_INVALID,
	    "offsets, spaces, hour 24 and trailing bytes do not");
	CHECK(submission_time_format((time_t)300000000000LL, ts) == ERR_INVALID,
	    "a year past 9999 does not format");
	/* Parsed as timegm reads them: a day in each month of many years. */
	ok = 1;
	for (i = 1; i <= 9999 && ok; i += (i < 1590 || i > 2410) ? 37 : 1) {
		struct tm want;
		int mon, day;
		time_t got;
		char text[32];

		for (mon = 1; mon <= 12; mon++)
			for (day = 27; day <= 31; day += 2) {
				snprintf(text, sizeof text, "%04zu-%02d-%02dT23:58:59Z", i, mon, day);
				memset(&want, 0, sizeof want);
				want.tm_year = (int)i - 1900;
				want.tm_mon = mon - 1;
				want.tm_mday = day;
				want.tm_hour = 23;
				want.tm_min = 58;
				want.tm_sec = 59;
				tm = timegm(&want);
				/* timegm moves a day past the month's end on. */
				if (want.tm_mday != day) {
					if (submission_time_parse(text, &got) != ERR_INVALID)
						ok = 0;
				} else if (submission_time_parse(text, &got) != 0 || got != tm)
					ok = 0;
				if (!ok)
					printf("# %s\n", text);
			}
	}
	CHECK(ok, "times parse to what timegm makes of them, from year 1 to 9999");
	/* A submission's times are checked as they format, at the edges. */
	{
		static const long long edge[] = { -62135596800LL, -30610224001LL,
		    -30610224000LL, 0, 253402300799LL, 253402300800LL };
		int formats, checks;

		for (i = 0; i < sizeof edge / sizeof edge[0]; i++) {
			fill(&t);
			t.started = (time_t)edge[i];
			formats = submission_time_format(t.started, ts) == 0;
			checks = submission_check(&t, NULL) == 0;
			CHECK(formats == checks && formats == (i >= 2 && i <= 4),
			    "a start at %lld is checked as it formats (%d)",
			    edge[i], formats);
			fill(&t);
			t.submitted = (time_t)edge[i];
			CHECK((submission_check(&t, NULL) == 0) == formats,
			    "and a submission time too");
		}
	}

	/* The JSON. */
	fill(&s);
	j = roundtrip(&s, &cause);
	CHECK(j != NULL, "a full submission serialises to JSON (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK_STR(str(j, "format", NULL), "outreach-submission/1", "format");
	CHECK_STR(str(j, "id", NULL), s.id, "id");
	CHECK_STR(str(j, "kind", NULL), "survey", "kind");
	CHECK_STR(str(j, "form", "id"), "experience", "form id");
	CHECK_STR(str(j, "form", "version"), "2026110101", "form version");
	CHECK_STR(str(j, "pack", "id"), "hackney-asc", "pack id");
	CHECK_STR(str(j, "pack", "version"), "1.2.0", "pack version");
	CHECK_STR(str(j, "language", NULL), "en", "language");
	CHECK_STR(str(j, "device", NULL), "00A1B2C3D4E5F607", "device");
	CHECK(json_is_null(json_object_get(j, "session")), "no session is null");
	CHECK_STR(str(j, "started", NULL), "2026-11-23T19:09:10Z", "started");
	CHECK_STR(str(j, "submitted", NULL), "2026-11-23T19:10:10Z", "submitted");
	CHECK_STR(str(j, "answers", "name"), answers[0].value, "quotes, backslashes, newlines and UTF-8 survive");
	CHECK_STR(str(j, "answers", "services"), "meals transport", "a select_multiple");
	CHECK_STR(str(j, "answers", "empty"), "", "an empty answer");
	CHECK_INT(json_object_size(json_object_get(j, "answers")), 4, "every answer, no more");
	CHECK_INT(json_object_size(j), 11, "eleven keys at the top");
	/* Keys in the documented order. */
	ok = 1;
	{
		static const char *const order[] = { "format", "id", "kind", "form", "pack",
		    "language", "device", "session", "started", "submitted", "answers" };
		char *text = NULL;
		const char *at = NULL, *prevat = NULL;

		submission_json(&s, &text, &len, NULL);
		for (i = 0; text != NULL && i < 11; i++) {
			char needle[32];

			snprintf(needle, sizeof needle, "\"%s\":", order[i]);
			at = strstr(i == 0 ? text : prevat, needle);
			if (at == NULL)
				ok = 0;
			else
				prevat = at;
		}
		CHECK(ok && text != NULL && text[0] == '{', "keys come in the documented order");
		submission_json_free(&text);
		CHECK(text == NULL, "submission_json_free clears the pointer");
	}
	json_decref(j);

	/* A form without a version. */
	fill(&s);
	s.form_version = "";
	j = roundtrip(&s, NULL);
	CHECK_STR(str(j, "form", "version"), "", "a form without a version has \"\"");
	json_decref(j);

	/* A session, partly filled. */
	fill(&s);
	s.venue = "Hackney Central Library";
	s.facilitator = "Sam";
	s.kind = SUBMISSION_NOTES;
	j = roundtrip(&s, NULL);
	CHECK_STR(str(j, "session", "venue"), "Hackney Central Library", "session venue");
	CHECK(json_is_null(json_object_get(json_object_get(j, "session"), "group")),
	    "a missing session field is null");
	CHECK_STR(str(j, "session", "facilitator"), "Sam", "session facilitator");
	CHECK_STR(str(j, "kind", NULL), "notes", "kind notes");
	json_decref(j);

	/* Parse it back with our own strict parser. */
	submission_json(&s, &json, &len, NULL);
	CHECK(submission_parse(json, len, &p, &cause) == 0, "our JSON parses back (%s)",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	if (p != NULL) {
		CHECK(strcmp(p->s.id, s.id) == 0 && p->s.kind == SUBMISSION_NOTES &&
		    strcmp(p->s.form_id, "experience") == 0 &&
		    strcmp(p->s.device, s.device) == 0 && p->s.started == s.started &&
		    p->s.submitted == s.submitted && p->s.group == NULL &&
		    strcmp(p->s.venue, s.venue) == 0, "with the same fields");
		ok = p->s.nanswers == 4;
		for (i = 0; ok && i < 4; i++)
			ok = strcmp(p->s.answers[i].name, answers[i].name) == 0 &&
			    strcmp(p->s.answers[i].value, answers[i].value) == 0;
		CHECK(ok, "and the same answers in order");
	}
	submission_parsed_free(&p);
	CHECK(p == NULL, "submission_parsed_free clears the pointer");
	submission_parsed_free(NULL);
	submission_json_free(&json);
	{
		static const char *const bad_docs[] = {
			"",
			"[]",
			"{\"format\":\"outreach-submission/2\"}",
			/* an unknown key */
			"{\"format\":\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"kind\":\"survey\",\"form\":{\"id\":\"f\",\"version\":\"1\"},\"pack\":{\"id\":\"p\",\"version\":\"1\"},\"language\":\"en\",\"device\":\"00A1B2C3D4E5F607\",\"session\":null,\"started\":\"2026-11-23T19:09:10Z\",\"submitted\":\"2026-11-23T19:09:10Z\",\"answers\":{},\"extra\":1}",
			/* an answer that is a number */
			"{\"format\":\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"kind\":\"survey\",\"form\":{\"id\":\"f\",\"version\":\"1\"},\"pack\":{\"id\":\"p\",\"version\":\"1\"},\"language\":\"en\",\"device\":\"00A1B2C3D4E5F607\",\"session\":null,\"started\":\"2026-11-23T19:09:10Z\",\"submitted\":\"2026-11-23T19:09:10Z\",\"answers\":{\"a\":1}}",
			/* a duplicate key */
			"{\"format\":\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"kind\":\"survey\",\"form\":{\"id\":\"f\",\"version\":\"1\"},\"pack\":{\"id\":\"p\",\"version\":\"1\"},\"language\":\"en\",\"device\":\"00A1B2C3D4E5F607\",\"session\":null,\"started\":\"2026-11-23T19:09:10Z\",\"submitted\":\"2026-11-23T19:09:10Z\",\"answers\":{\"a\":\"1\",\"a\":\"2\"}}",
			/* a bad kind */
			"{\"format\":\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"kind\":\"vote\",\"form\":{\"id\":\"f\",\"version\":\"1\"},\"pack\":{\"id\":\"p\",\"version\":\"1\"},\"language\":\"en\",\"device\":\"00A1B2C3D4E5F607\",\"session\":null,\"started\":\"2026-11-23T19:09:10Z\",\"submitted\":\"2026-11-23T19:09:10Z\",\"answers\":{}}",
		};
		static const char good[] =
			"{\"format\":\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"kind\":\"tally\",\"form\":{\"id\":\"f\",\"version\":\"1\"},\"pack\":{\"id\":\"p\",\"version\":\"1\"},\"language\":\"en\",\"device\":\"00A1B2C3D4E5F607\",\"session\":null,\"started\":\"2026-11-23T19:09:10Z\",\"submitted\":\"2026-11-23T19:09:10Z\",\"answers\":{}}";

		ok = 1;
		for (i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
			if (submission_parse(bad_docs[i], strlen(bad_docs[i]), &p, NULL) == 0) {
				ok = 0;
				printf("# accepted bad document %zu\n", i);
			}
			submission_parsed_free(&p);
		}
		CHECK(ok, "empty, wrong format, unknown keys, wrong types, duplicates, bad kinds are refused");
		CHECK(submission_parse(good, strlen(good), &p, NULL) == 0 &&
		    p->s.kind == SUBMISSION_TALLY && p->s.nanswers == 0,
		    "a minimal tally with no answers parses");
		submission_parsed_free(&p);
	}

	/* Refusals, whose causes never quote an answer. */
	fill(&s);
	t = s;
	t.id[0] = 'X';
	refused(&t, ERR_INVALID, "a bad id");
	t = s;
	t.device = "a1b2";
	refused(&t, ERR_INVALID, "a bad device key id");
	t = s;
	t.lang = "en us";
	refused(&t, ERR_INVALID, "a bad language tag");
	t = s;
	t.form_id = NULL;
	refused(&t, ERR_INVALID, "a missing form id");
	t = s;
	t.pack_version = "1.0\n";
	refused(&t, ERR_INVALID, "a control character in a version");
	t = s;
	t.kind = (enum submission_kind)9;
	refused(&t, ERR_INVALID, "an unknown kind");
	bad[0].name = "q1";
	bad[0].value = "SECRET\xff";
	t = s;
	t.answers = bad;
	t.nanswers = 1;
	refused(&t, ERR_INVALID, "an answer that is not UTF-8");
	bad[0].name = "1q";
	bad[0].value = "SECRET";
	refused(&t, ERR_INVALID, "an answer name that is not an XLSForm name");
	bad[0].name = "a:b:c";
	refused(&t, ERR_INVALID, "a name with two colons");
	bad[0].name = "caf\xc3\xa9 au lait";
	refused(&t, ERR_INVALID, "a name with a space");
	/* pyxform's rule (content/xlsform-name.h): letters beyond ASCII. */
	{
		static const char *const good[] = {
			"et\xc3\xa0", "\xce\x91\xce\xbb", "_u", "A-1.23",
			"name:name", "\xf0\x90\x90\x80n", NULL
		};
		size_t g;

		for (g = 0; good[g] != NULL; g++) {
			bad[0].name = good[g];
			bad[0].value = "x";
			j = roundtrip(&t, &cause);
			CHECK(j != NULL, "answer name %zu of pyxform's good ones "
			    "is sealed (%s)", g + 1, cause != NULL ? cause : "");
			json_decref(j);
			free(cause);
			cause = NULL;
		}
		bad[0].value = "SECRET";
	}
	dup[0].name = dup[1].name = "same";
	dup[0].value = "SECRET one";
	dup[1].value = "SECRET two";
	t.answers = dup;
	t.nanswers = 2;
	refused(&t, ERR_INVALID, "two answers with one name");
	for (i = 0; i <= SUBMISSION_MAX_ANSWERS; i++) {
		snprintf(names[i], sizeof names[i], "q%zu", i);
		many[i].name = names[i];
		many[i].value = "SECRET";
	}
	t.answers = many;
	t.nanswers = SUBMISSION_MAX_ANSWERS + 1;
	refused(&t, ERR_LIMIT, "too many answers");
	t.nanswers = SUBMISSION_MAX_ANSWERS;
	j = roundtrip(&t, NULL);
	CHECK(j != NULL && json_object_size(json_object_get(j, "answers")) ==
	    SUBMISSION_MAX_ANSWERS, "exactly the most answers is fine");
	json_decref(j);
	{
		char *big = malloc(SUBMISSION_MAX_VALUE + 2);

		memset(big, 'S', SUBMISSION_MAX_VALUE + 1);
		big[SUBMISSION_MAX_VALUE + 1] = '\0';
		bad[0].name = "long";
		bad[0].value = big;
		t.answers = bad;
		t.nanswers = 1;
		refused(&t, ERR_LIMIT, "an answer over the size bound");
		free(big);
	}
	test_repeats();
	test_time_parse_bytes();
	test_bytes_at_each_place();
	return test_done();
}
