/*
 * Unit tests for sync/submission-read.c, the single-pass reader of a
 * submission's JSON: round trips through submission_json, the refusals,
 * and a differential check against the jansson-based parse it replaced
 * (tests/unit/submission-ref.h) on thousands of generated and mutated
 * documents from a fixed seed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "sync/submission.h"
#include "tests/unit/submission-ref.h"
#include "tests/unit/test.h"

#define ID	"0f8fad5b-d9cb-469f-a165-70867728950e"
/* A whole document around answers (%s) and the form's id (%s). */
#define DOC_HEAD "{\"format\":\"outreach-submission/1\",\"id\":\"" ID "\"," \
	"\"kind\":\"survey\",\"form\":{\"id\":%s,\"version\":\"\"},"	\
	"\"pack\":{\"id\":\"p\",\"version\":\"1\"},\"language\":\"en\","	\
	"\"device\":\"00A1B2C3D4E5F607\",\"session\":%s,"		\
	"\"started\":\"2026-11-23T19:09:10Z\","				\
	"\"submitted\":\"2026-11-23T19:10:10Z\",\"answers\":%s}"

static void
fill(struct submission *s, const struct submission_answer *a, size_t n)
{
	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", ID);
	s->kind = SUBMISSION_SURVEY;
	s->form_id = "experience";
	s->form_version = "2026110101";
	s->pack_id = "hackney-asc";
	s->pack_version = "1.2.0";
	s->lang = "en";
	s->device = "00A1B2C3D4E5F607";
	s->started = 1795460950;
	s->submitted = 1795461010;
	s->answers = a;
	s->nanswers = n;
}

/* A document from DOC_HEAD, in a buffer the caller frees. */
static char *
doc(const char *form_id, const char *session, const char *answers)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, DOC_HEAD, form_id, session, answers);
	return buf_detach(&b, NULL);
}

/* submission_parse's code for text; its cause must never be NULL. */
static int
parse_code(const char *text, size_t len)
{
	struct submission_parsed *p = NULL;
	char *cause = NULL;
	int r = submission_parse(text, len, &p, &cause);

	if (r != ERR_OK && cause == NULL && r != ERR_NOMEM)
		r = 1000;	/* no cause: fails every check */
	if ((r == ERR_OK) != (p != NULL))
		r = 1001;
	submission_parsed_free(&p);
	free(cause);
	return r;
}

/* Write s, read it back, compare; and again with the JSON wiped. */
static void
roundtrip(const struct submission *s, const char *what)
{
	struct submission_parsed *p = NULL;
	char *json = NULL, *cause = NULL, *copy;
	size_t len = 0;
	int r;

	r = submission_json(s, &json, &len, &cause);
	if (r == 0)
		r = submission_parse(json, len, &p, &cause);
	CHECK(r == 0 && p != NULL && ref_same(s, &p->s),
	    "%s: written and read back the same (%s)", what,
	    cause != NULL ? cause : "ok");
	free(cause);
	cause = NULL;
	if (json != NULL && p != NULL) {
		/* Nothing read points into the JSON it came from. */
		copy = strdup(json);
		memset(json, 'x', len);
		CHECK(ref_same(s, &p->s), "%s: and kept after the JSON is "
		    "wiped", what);
		memcpy(json, copy, len);
		free(copy);
	}
	submission_parsed_free(&p);
	submission_json_free(&json);
}

/* 1 when s is written and read back the same. */
static int
roundtrip_quiet(const struct submission *s)
{
	struct submission_parsed *p = NULL;
	char *json = NULL;
	size_t len = 0;
	int same;

	same = submission_json(s, &json, &len, NULL) == 0 &&
	    submission_parse(json, len, &p, NULL) == 0 && ref_same(s, &p->s);
	submission_parsed_free(&p);
	submission_json_free(&json);
	return same;
}

static void
test_roundtrips(void)
{
	static const struct submission_answer plain[] = {
		{ "name", "Ay\xc5\x9f\x65 \"Quote\" \\ back\nslash/" },
		{ "services", "meals transport" },
		{ "caf\xc3\xa9", "\xe2\x82\xac 5 \xf0\x9f\x98\x80" },
		{ "empty", "" },
		{ "ctl", "\x01\x02\x08\x09\x0a\x0b\x0c\x0d\x1f\x7f" },
	}, rep[] = {
		{ "hh", "Smith" },
		{ "member[1]", NULL },
		{ "member[1]/name", "Ann" },
		{ "member[1]/child[1]", NULL },
		{ "member[1]/child[1]/name", "Cy" },
		{ "member[1]/child[2]", NULL },
		{ "member[2]", NULL },
		{ "member[3]", NULL },
		{ "member[3]/name", "B\xc3\xb6" "b" },
		{ "member[3]/child[1]", NULL },
		{ "freq/boat/days", "3" },
	};
	struct submission_answer deep[2 * SUBMISSION_MAX_DEPTH], *many;
	char names[SUBMISSION_MAX_DEPTH][SUBMISSION_MAX_PATH], (*mn)[16];
	struct submission s;
	size_t i, n;

	fill(&s, plain, sizeof plain / sizeof plain[0]);
	roundtrip(&s, "escapes, controls and non-ASCII");
	{
		/* Each kind of byte at each place of eight read at once. */
		static const char *const odd[] = { "\"", "\\", "\x01",
		    "\xc3\xa9", "\x7f", "\xf0\x9f\x98\x80", "/" };
		struct submission_answer one[1];
		char v[64];
		size_t k, at;
		int same = 1;

		one[0].name = "v";
		one[0].value = v;
		fill(&s, one, 1);
		for (k = 0; k < sizeof odd / sizeof odd[0]; k++)
			for (at = 0; at <= 17; at++) {
				snprintf(v, sizeof v, "%.*s%s%s", (int)at,
				    "abcdefghijklmnopq", odd[k],
				    "rstuvwxyz0123456");
				same &= roundtrip_quiet(&s);
			}
		CHECK(same, "quotes, backslashes, controls and UTF-8 at "
		    "every place in a value");
	}
	fill(&s, rep, sizeof rep / sizeof rep[0]);
	roundtrip(&s, "repeats, nested repeats, empty instances");
	s.venue = "Hackney \"Central\" Library";
	s.facilitator = "Sam";
	s.date = "2026-11-23";
	s.kind = SUBMISSION_NOTES;
	roundtrip(&s, "a session, partly null");
	fill(&s, NULL, 0);
	s.form_version = "";
	roundtrip(&s, "no answers, a form without a version");
	/* Repeats inside repeats, as deep as allowed. */
	n = 0;
	for (i = 0; i < SUBMISSION_MAX_DEPTH; i++) {
		snprintf(names[i], sizeof names[i], "%s%sr%zu[1]",
		    i > 0 ? names[i - 1] : "", i > 0 ? "/" : "", i);
		deep[n].name = names[i];
		deep[n++].value = NULL;
	}
	fill(&s, deep, n);
	roundtrip(&s, "16 repeats deep");
	/* The most answers, each an instance of one repeat. */
	many = calloc(SUBMISSION_MAX_ANSWERS, sizeof *many);
	mn = calloc(SUBMISSION_MAX_ANSWERS, sizeof *mn);
	for (i = 0; many != NULL && mn != NULL && i < SUBMISSION_MAX_ANSWERS;
	    i++) {
		snprintf(mn[i], sizeof mn[i], "r[%zu]", i + 1);
		many[i].name = mn[i];
	}
	fill(&s, many, SUBMISSION_MAX_ANSWERS);
	roundtrip(&s, "16384 instances");
	free(many);
	free(mn);
}

/* Refusals, each written by hand. */
static void
test_refusals(void)
{
	static const struct {
		const char	*form_id, *session, *answers;
		int		 code;
		const char	*what;
	} cases[] = {
		{ "\"f\"", "null", "{\"a\":\"\xff\"}", ERR_PARSE, "a byte 0xff" },
		{ "\"f\"", "null", "{\"a\":\"\xc0\xaf\"}", ERR_PARSE,
		    "an overlong sequence" },
		{ "\"f\"", "null", "{\"a\":\"\xed\xa0\x80\"}", ERR_PARSE,
		    "a surrogate in UTF-8" },
		{ "\"f\"", "null", "{\"a\":\"\xf4\x90\x80\x80\"}", ERR_PARSE,
		    "past U+10FFFF" },
		{ "\"f\"", "null", "{\"a\":\"\xe2\x82\"}", ERR_PARSE,
		    "a cut sequence" },
		{ "\"f\"", "null", "{\"\xc3\":\"x\"}", ERR_PARSE,
		    "bad UTF-8 in a key" },
		{ "\"f\"", "null", "{\"a\":\"x\\u0000y\"}", ERR_PARSE,
		    "\\u0000 in a value" },
		{ "\"f\"", "null", "{\"a\\u0000\":\"x\"}", ERR_PARSE,
		    "\\u0000 in a key" },
		{ "\"f\\u0000\"", "null", "{}", ERR_PARSE,
		    "\\u0000 in the form id" },
		{ "\"f\"", "null", "{\"a\":\"\\ud800\"}", ERR_PARSE,
		    "a lone high surrogate" },
		{ "\"f\"", "null", "{\"a\":\"\\ud800\\u0041\"}", ERR_PARSE,
		    "a high surrogate before a letter" },
		{ "\"f\"", "null", "{\"a\":\"\\udc00\\ud800\"}", ERR_PARSE,
		    "a low surrogate first" },
		{ "\"f\"", "null", "{\"a\":\"\\x\"}", ERR_PARSE,
		    "an unknown escape" },
		{ "\"f\"", "null", "{\"a\":\"\\u12g4\"}", ERR_PARSE,
		    "a bad \\u escape" },
		{ "\"f\"", "null", "{\"a\":\"tab\there\"}", ERR_PARSE,
		    "a raw tab in a string" },
		{ "\"f\"", "null", "{\"a\":\"1\",\"a\":\"2\"}", ERR_PARSE,
		    "a duplicate answer" },
		{ "\"f\"", "null", "{\"m\":[{\"a\":\"1\",\"a\":\"2\"}]}",
		    ERR_PARSE, "a duplicate inside an instance" },
		{ "\"f\"", "null", "{\"m\":[{\"c\":[{\"a\":\"1\",\"a\":\"\"}]}]}",
		    ERR_PARSE, "a duplicate inside a nested instance" },
		{ "\"f\"", "null", "{\"m\":[],\"m\":\"x\"}", ERR_PARSE,
		    "a repeat's key twice" },
		{ "\"f\"", "{\"venue\":null,\"group\":null,\"facilitator\":null,"
		    "\"group\":null}", "{}", ERR_PARSE,
		    "a duplicate in the session" },
		{ "{\"a\":1,\"a\":2}", "null", "{}", ERR_PARSE,
		    "a duplicate inside an unwanted value" },
		{ "\"f\"", "null", "{\"a\":1}", ERR_PARSE, "a number answer" },
		{ "\"f\"", "null", "{\"a\":true}", ERR_PARSE, "a true answer" },
		{ "\"f\"", "null", "{\"a\":null}", ERR_PARSE, "a null answer" },
		{ "\"f\"", "null", "{\"a\":{}}", ERR_PARSE, "an object answer" },
		{ "\"f\"", "null", "{\"a\":[\"x\"]}", ERR_PARSE,
		    "an array of strings" },
		{ "\"f\"", "null", "[]", ERR_PARSE, "answers an array" },
		{ "\"f\"", "3", "{}", ERR_PARSE, "a session that is a number" },
		{ "\"f\"", "{\"venue\":1,\"group\":null,\"facilitator\":null}",
		    "{}", ERR_PARSE, "a session field that is a number" },
		{ "\"f\"", "{\"venue\":null,\"group\":null}", "{}", ERR_PARSE,
		    "a session without the facilitator" },
		{ "\"f\"", "{\"venue\":null,\"group\":null,\"facilitator\":"
		    "null,\"date\":null,\"room\":null}", "{}", ERR_PARSE,
		    "a session with another key" },
		{ "1", "null", "{}", ERR_INVALID, "a form id that is a number" },
		{ "[1,{\"x\":[true,false,null,-0.5e-3]}]", "null", "{}",
		    ERR_INVALID, "a form id that is an array" },
		{ "1e400", "null", "{}", ERR_PARSE, "a real that overflows" },
		{ "9223372036854775808", "null", "{}", ERR_PARSE,
		    "an integer past 64 bits" },
		{ "-9223372036854775808", "null", "{}", ERR_INVALID,
		    "the least 64-bit integer (JSON, not a string)" },
		{ "01", "null", "{}", ERR_PARSE, "a leading zero" },
		{ "1.", "null", "{}", ERR_PARSE, "a real without decimals" },
		{ "nul", "null", "{}", ERR_PARSE, "a cut null" },
		{ "truex", "null", "{}", ERR_PARSE, "a misspelt true" },
		{ "\"f\"", "null", "{\"a\":\"1\",}", ERR_PARSE,
		    "a trailing comma" },
		{ "\"f\"", "nulll", "{}", ERR_PARSE, "a misspelt null" },
		{ "\"f\"", "null", "{\"1q\":\"x\"}", ERR_INVALID,
		    "a key that is no XLSForm name" },
		{ "\"f\"", "null", "{\"m[1]\":\"x\"}", ERR_INVALID,
		    "an instance's path given a value" },
	};
	char *text, *cut;
	size_t i, len;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = doc(cases[i].form_id, cases[i].session,
		    cases[i].answers);
		CHECK_INT(parse_code(text, strlen(text)), cases[i].code,
		    "%s: %s", cases[i].code == ERR_OK ? "read" : "refused",
		    cases[i].what);
		free(text);
	}
	text = doc("\"f\"", "null", "{\"a\":\"1\"}");
	len = strlen(text);
	CHECK_INT(parse_code(text, len), ERR_OK, "the document they vary");
	CHECK_INT(parse_code(text, len - 1), ERR_PARSE, "cut short");
	cut = malloc(len + 8);
	memcpy(cut, text, len);
	memcpy(cut + len, " \t\r\n", 4);
	CHECK_INT(parse_code(cut, len + 4), ERR_OK, "whitespace after it");
	memcpy(cut + len, " x", 2);
	CHECK_INT(parse_code(cut, len + 2), ERR_PARSE, "garbage after it");
	memcpy(cut + len, "{}", 2);
	CHECK_INT(parse_code(cut, len + 2), ERR_PARSE, "a second object");
	cut[len] = '\0';
	CHECK_INT(parse_code(cut, len + 1), ERR_PARSE, "a NUL after it");
	free(cut);
	CHECK_INT(parse_code(text, 0), ERR_PARSE, "nothing");
	CHECK_INT(parse_code("[]", 2), ERR_PARSE, "an array");
	CHECK_INT(parse_code("\xef\xbb\xbf{}", 5), ERR_PARSE, "a BOM");
	CHECK_INT(parse_code(text, SUBMISSION_MAX_BYTES + 1), ERR_LIMIT,
	    "more than the bound (not read)");
	free(text);
}

/* Nesting: repeats to their bound, any value to jansson's. */
static void
test_depth(void)
{
	struct buf b;
	char *text;
	int i, n, r, rr;
	char why[512];

	for (n = SUBMISSION_MAX_DEPTH; n <= SUBMISSION_MAX_DEPTH + 1; n++) {
		buf_init(&b);
		for (i = 0; i < n; i++)
			buf_printf(&b, "{\"r%d\":[", i);
		buf_addstr(&b, "{}");
		for (i = 0; i < n; i++)
			buf_addstr(&b, "]}");
		text = doc("\"f\"", "null", buf_str(&b));
		buf_free(&b);
		CHECK_INT(parse_code(text, strlen(text)), n <=
		    SUBMISSION_MAX_DEPTH ? ERR_OK : ERR_PARSE,
		    "%d repeats inside the answers: %s", n, n <=
		    SUBMISSION_MAX_DEPTH ? "read" : "refused");
		free(text);
	}
	/* The form's id is at depth 3: 2046 arrays reach 2048. */
	for (n = 2046; n <= 2047; n++) {
		buf_init(&b);
		for (i = 0; i < n; i++)
			buf_addch(&b, '[');
		for (i = 0; i < n; i++)
			buf_addch(&b, ']');
		text = doc(buf_str(&b), "null", "{}");
		buf_free(&b);
		r = parse_code(text, strlen(text));
		CHECK(!ref_differs(text, strlen(text), &rr, why, sizeof why) &&
		    r == (n == 2046 ? ERR_INVALID : ERR_PARSE),
		    "%d arrays as the form's id: %s, as jansson said", n,
		    n == 2046 ? "JSON" : "too deep");
		free(text);
	}
}

/* Paths past the bound: refused as before, without copying them all. */
static void
test_long_paths(void)
{
	static const size_t keylens[] = { 10, 300, 4500, 5000 };
	struct buf b;
	char why[512], *key, *text;
	size_t i, k;
	int bad = 0, rr;

	for (i = 0; i < sizeof keylens / sizeof keylens[0]; i++) {
		key = malloc(keylens[i] + 1);
		memset(key, 'k', keylens[i]);
		key[keylens[i]] = '\0';
		buf_init(&b);
		/* A repeat under the key, and one under a short name. */
		buf_printf(&b, "{\"%s\":[{\"a\":\"1\",\"%s\":[{}]},{}],"
		    "\"r\":[{\"%s\":\"x\"}]}", key, key, key);
		text = doc("\"f\"", "null", buf_str(&b));
		if (ref_differs(text, strlen(text), &rr, why, sizeof why)) {
			bad++;
			printf("# a key of %zu bytes: %s\n", keylens[i], why);
		}
		buf_free(&b);
		free(text);
		free(key);
	}
	CHECK(bad == 0, "paths up to and past the bound are read or refused "
	    "as jansson's path did");
	/* 16,384 instances of a repeat whose key is 300 KB. */
	key = malloc(300001);
	memset(key, 'k', 300000);
	key[300000] = '\0';
	buf_init(&b);
	buf_printf(&b, "{\"%s\":[{}", key);
	for (k = 1; k < SUBMISSION_MAX_ANSWERS; k++)
		buf_addstr(&b, ",{}");
	buf_addstr(&b, "]}");
	text = doc("\"f\"", "null", buf_str(&b));
	CHECK_INT(parse_code(text, strlen(text)), ERR_INVALID, "16,384 "
	    "instances of a repeat with a key of 300 KB are refused (their "
	    "paths cut at the bound, not 4.9 GB of them)");
	buf_free(&b);
	free(text);
	free(key);
}

/*
 * jansson loses a NUL byte right after a number or a literal (the byte it
 * reads too many and puts back): "null\0," reads as "null,". One there
 * is read as jansson reads it; two, or one elsewhere, are not JSON.
 */
static void
test_nul_after_token(void)
{
	static const char *const spots[][3] = {
		{ "\"f\"", "{\"venue\":null@,\"group\":null,"
		    "\"facilitator\":null}", "{}" },
		{ "\"f\"", "null@", "{}" },
		{ "1@", "null", "{}" },
		{ "[1@,true@,false@,{\"a\":-0.5e3@}]", "null", "{}" },
		{ "\"f\"@", "null", "{}" },
		{ "\"f\"", "null", "{\"a\":\"1\"@}" },
		{ "\"f\"", "null", "{@\"a\":\"1\"}" },
		{ "[@1]", "null", "{}" },
	};
	char why[512], *text, *q;
	size_t i, n, len, at;
	int bad = 0, rr, accepted = 0;

	for (i = 0; i < sizeof spots / sizeof spots[0]; i++)
		for (n = 1; n <= 2; n++) {
			text = doc(spots[i][0], spots[i][1], spots[i][2]);
			len = strlen(text);
			/* Each '@' becomes n NULs. */
			for (at = 0; (q = memchr(text + at, '@', len - at)) !=
			    NULL; at += n) {
				at = (size_t)(q - text);
				if ((q = realloc(text, len + n)) == NULL)
					abort();
				text = q;
				memmove(text + at + n, text + at + 1,
				    len - at - 1);
				memset(text + at, '\0', n);
				len += n - 1;
			}
			if (ref_differs(text, len, &rr, why, sizeof why)) {
				bad++;
				printf("# place %zu, %zu NUL: %s\n", i + 1, n,
				    why);
			}
			accepted += rr != ERR_PARSE;
			free(text);
		}
	CHECK(bad == 0 && accepted == 4, "NUL bytes after numbers and "
	    "literals are read as jansson reads them (%d of 16 read)",
	    accepted);
}

/* Numbers at the edges of what jansson reads, against the reference. */
static void
test_numbers(void)
{
	static const char *const nums[] = {
		"0", "-0", "1", "-1", "123", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "92233720368547758070", "0.5",
		"-0.0", "1e308", "1E308", "1e309", "-1e309", "1e-400",
		"0e999999999999999999", "0.000e400", "1.7976931348623157e308",
		"1.7976931348623158e308", "1.79769313486231580793e308",
		"1.797693134862315807937289714053034150799341327100378269361"
		    "737789804449682927647509466490179775872070963302864166928"
		    "879109465555478519404026306574886715058206819089020007083"
		    "836762738548458177115317644757302700698553713669596228429"
		    "148198608349364752927190741684443655107043427115596995080"
		    "930428801779041744977919e308",
		"1.797693134862315807937289714053034150799341327100378269361"
		    "737789804449682927647509466490179775872070963302864166928"
		    "879109465555478519404026306574886715058206819089020007083"
		    "836762738548458177115317644757302700698553713669596228429"
		    "148198608349364752927190741684443655107043427115596995080"
		    "930428801779041744977920e308",
		"17976931348623158e292", "17976931348623157e292",
		"0.017976931348623158e310", "179769313486231580793728971405"
		    "30341507993413271003782693617377898044496829276475094664"
		    "90179775872070963302864166928879109465555478519404026306"
		    "57488671505820681908902000708383676273854845817711531764"
		    "47573027006985557136695962284291481986083493647529271907"
		    "41684443655510704342711559699508093042880177904174497791",
		"1e-99999999999999999999", "1e+2", "1E-2", "-", "-a", "+1",
		".5", "1.e5", "1e", "1e+", "00", "-01", "1.5.5", "0x10",
		"1e5x", "2e307", "10e307", "100e306", "0.1e310",
	};
	size_t i;
	int bad = 0, rr;
	char why[512], *text;

	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		text = doc(nums[i], "null", "{}");
		if (ref_differs(text, strlen(text), &rr, why, sizeof why)) {
			bad++;
			printf("# %.40s: %s\n", nums[i], why);
		}
		free(text);
	}
	CHECK(bad == 0, "%zu numbers at the edges are read as jansson reads "
	    "them", sizeof nums / sizeof nums[0]);
}

/* A small deterministic generator (xorshift64*). */
struct gen {
	uint64_t	 s;
	struct buf	 b;
};

static uint32_t
rnd(struct gen *g, uint32_t n)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return (uint32_t)((g->s * 2685821657736338717ULL) >> 33) % n;
}

static void
gen_ws(struct gen *g)
{
	static const char ws[] = " \t\n\r";

	while (rnd(g, 8) == 0)
		buf_addch(&g->b, ws[rnd(g, 4)]);
}

/* s as a JSON string, escaped in one of the many ways JSON allows. */
static void
gen_str(struct gen *g, const char *s)
{
	static const char hex[] = "0123456789abcdef0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp, hi, lo;
	size_t n;
	int up;

	buf_addch(&g->b, '"');
	while (*u != '\0') {
		up = rnd(g, 2) * 16;
		if (*u < 0x80) {
			cp = *u;
			n = 1;
		} else {
			n = *u >= 0xf0 ? 4 : *u >= 0xe0 ? 3 : 2;
			cp = *u & (0x7f >> n);
			for (size_t i = 1; i < n; i++)
				cp = cp << 6 | (u[i] & 0x3f);
		}
		if (cp == '"' || cp == '\\' || (cp == '/' && rnd(g, 2))) {
			buf_addch(&g->b, '\\');
			buf_addch(&g->b, (char)cp);
		} else if (cp == '\n' && rnd(g, 2))
			buf_addstr(&g->b, "\\n");
		else if (cp == '\t' && rnd(g, 2))
			buf_addstr(&g->b, "\\t");
		else if (cp < 0x20 || rnd(g, 12) == 0) {
			if (cp >= 0x10000) {
				hi = 0xd800 + ((cp - 0x10000) >> 10);
				lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
				buf_printf(&g->b, "\\u%c%c%c%c\\u%c%c%c%c",
				    hex[up + (hi >> 12)], hex[up + (hi >> 8 & 15)],
				    hex[up + (hi >> 4 & 15)], hex[up + (hi & 15)],
				    hex[up + (lo >> 12)], hex[up + (lo >> 8 & 15)],
				    hex[up + (lo >> 4 & 15)], hex[up + (lo & 15)]);
			} else
				buf_printf(&g->b, "\\u%c%c%c%c",
				    hex[up + (cp >> 12)], hex[up + (cp >> 8 & 15)],
				    hex[up + (cp >> 4 & 15)], hex[up + (cp & 15)]);
		} else
			buf_add(&g->b, u, n);
		u += n;
	}
	buf_addch(&g->b, '"');
}

/* A value the format does not want where it stands, but JSON. */
static const char *const gen_odd[] = {
	"1", "-0", "1.5e3", "1e400", "9223372036854775808", "true", "false",
	"null", "{}", "[]", "[\"x\"]", "[[]]", "{\"a\":1,\"a\":2}",
	"{\"a\":{\"b\":[1,2,{\"c\":null}]}}", "\"\\u0000\"", "\"\\ud800\"",
	"-9223372036854775808", "1.7976931348623159e308", "[1,]", "{\"a\"}",
};
#define NODD	(sizeof gen_odd / sizeof gen_odd[0])

static void
gen_answers(struct gen *g, int depth)
{
	static const char *const keys[] = { "age", "name", "q1", "member",
	    "child", "caf\xc3\xa9", "freq/boat/days", "a:b", "_x", "x-1.2",
	    "Ay\xc5\x9f\x65", "\xf0\x90\x90\x80n", "1bad", "", "member[1]",
	    "member[1]/name" };
	static const char *const vals[] = { "", "meals transport", "65-74",
	    "Ay\xc5\x9f\x65 \"Quote\" \\ back\nslash",
	    "\xf0\x9f\x98\x80 \xe2\x82\xac", "tab\there", "/s/", "\x7f\x01", "\xd7\xa9\xd7\x9c" };
	uint32_t n = rnd(g, depth == 0 ? 7 : 4), used = 0, i, k, m, ki;

	buf_addch(&g->b, '{');
	for (i = 0; i < n; i++) {
		/* The last four are no XLSForm names, or clash: rarely. */
		ki = rnd(g, sizeof keys / sizeof keys[0] - (rnd(g, 10) ? 4 : 0));
		if ((used & 1u << ki) && rnd(g, 16) != 0)
			continue;
		used |= 1u << ki;
		if (i > 0 && g->b.data[g->b.len - 1] != '{')
			buf_addch(&g->b, ',');
		gen_ws(g);
		/* Rarely a key outside the pool: none of XLSForm's names. */
		gen_str(g, rnd(g, 60) ? keys[ki] : "x y");
		gen_ws(g);
		buf_addch(&g->b, ':');
		gen_ws(g);
		k = rnd(g, 60);
		if (k < 42)
			gen_str(g, vals[rnd(g, sizeof vals / sizeof vals[0])]);
		else if (k < 59 && depth < 17) {
			m = rnd(g, depth < 3 ? 4 : 2);
			buf_addch(&g->b, '[');
			for (k = 0; k < m; k++) {
				if (k > 0)
					buf_addch(&g->b, ',');
				gen_ws(g);
				gen_answers(g, depth + (rnd(g, 40) ? 1 : 6));
			}
			buf_addch(&g->b, ']');
		} else
			buf_addstr(&g->b, gen_odd[rnd(g, NODD)]);
		gen_ws(g);
	}
	buf_addch(&g->b, '}');
}

/* One top-level field's value, mostly right. */
static void
gen_field(struct gen *g, int f)
{
	static const char *const kinds[] = { "survey", "feedback", "notes",
	    "tally", "contact", "vote" };
	static const char *const times[] = { "2026-11-23T19:09:10Z",
	    "2028-02-29T00:00:00Z", "9999-12-31T23:59:59Z",
	    "2026-02-29T00:00:00Z" };
	static const char *const sess[] = { "venue", "group", "facilitator",
	    "date" };
	int odd = rnd(g, 80) == 0, i, n;

	if (odd) {
		buf_addstr(&g->b, gen_odd[rnd(g, NODD)]);
		return;
	}
	switch (f) {
	case 0:
		gen_str(g, rnd(g, 50) ? SUBMISSION_FORMAT : "outreach-submission/2");
		break;
	case 1:
		gen_str(g, rnd(g, 50) ? ID : "0F8FAD5B-D9CB-469F-A165-70867728950E");
		break;
	case 2:
		gen_str(g, kinds[rnd(g, 30) ? rnd(g, 5) : 5]);
		break;
	case 3:
	case 4:
		i = (int)rnd(g, 2);
		buf_addstr(&g->b, "{");
		gen_str(g, i ? "id" : "version");
		buf_addstr(&g->b, ":");
		gen_str(g, rnd(g, 20) ? "f\xc3\xa9" : "");
		buf_addstr(&g->b, ",");
		gen_str(g, i ? "version" : "id");
		buf_addstr(&g->b, ":");
		if (rnd(g, 10) == 0)
			buf_addstr(&g->b, gen_odd[rnd(g, NODD)]);
		else
			gen_str(g, rnd(g, 20) ? "1" : "");
		buf_addstr(&g->b, "}");
		break;
	case 5:
		gen_str(g, rnd(g, 30) ? "en" : "en us");
		break;
	case 6:
		gen_str(g, rnd(g, 30) ? "00A1B2C3D4E5F607" : "00a1b2c3d4e5f607");
		break;
	case 7:
		if (rnd(g, 2)) {
			buf_addstr(&g->b, "null");
			break;
		}
		n = rnd(g, 5) == 0 ? 3 : 4;
		buf_addch(&g->b, '{');
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addch(&g->b, ',');
			gen_str(g, sess[i]);
			buf_addch(&g->b, ':');
			if (rnd(g, 3) == 0)
				buf_addstr(&g->b, "null");
			else
				gen_str(g, i == 3 ? "2026-11-23" : "Hackney");
		}
		buf_addch(&g->b, '}');
		break;
	case 8:
	case 9:
		gen_str(g, times[rnd(g, 30) ? rnd(g, 3) : 3]);
		break;
	default:
		gen_answers(g, 0);
		break;
	}
}

/* A whole document: the fields in order or shuffled, rarely one off. */
static void
gen_doc(struct gen *g)
{
	static const char *const top[] = { "format", "id", "kind", "form",
	    "pack", "language", "device", "session", "started", "submitted",
	    "answers" };
	int order[11], i, j, t;

	for (i = 0; i < 11; i++)
		order[i] = i;
	if (rnd(g, 3) == 0)
		for (i = 10; i > 0; i--) {
			j = (int)rnd(g, (uint32_t)i + 1);
			t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
	gen_ws(g);
	buf_addch(&g->b, '{');
	for (i = 0; i < 11; i++) {
		if (rnd(g, 100) == 0)
			continue;	/* a field missing */
		if (g->b.data[g->b.len - 1] != '{')
			buf_addch(&g->b, ',');
		gen_ws(g);
		gen_str(g, rnd(g, 200) ? top[order[i]] : "extra");
		buf_addch(&g->b, ':');
		gen_ws(g);
		gen_field(g, order[i]);
		gen_ws(g);
	}
	buf_addch(&g->b, '}');
	gen_ws(g);
}

/* Change doc (in g->b) in one small way. */
static void
gen_mutate(struct gen *g)
{
	static const char bytes[] = "{}[]\":,\\01e-.un xa\x7f\x80\xbf\xc0\xc3"
	    "\xe0\xed\xf0\xf4\xf5\xff" "\0";
	static const char *const toks[] = { "\\u0000", "\\ud800", "\\udc00",
	    "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u00e9", "\\x", "1e400",
	    "-0", "9223372036854775808", "null", "true", ",", "\"a\":\"b\",",
	    "{}", "[]", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	    "\xe0\x80\x80", "\xc0\xaf", " ", "\"\"", "[{}]", "\"m\":[{}],",
	    "\\\"", "\n" };
	struct buf nb;
	size_t len = g->b.len, at = rnd(g, (uint32_t)len + 1), to, n;
	char *d = g->b.data;

	buf_init(&nb);
	switch (rnd(g, 6)) {
	case 0:
		if (at < len)
			d[at] = bytes[rnd(g, sizeof bytes - 1)];
		return;
	case 1:
		if (at < len) {
			memmove(d + at, d + at + 1, len - at - 1);
			g->b.len--;
		}
		return;
	case 2:
		buf_add(&nb, d, at);
		buf_addstr(&nb, toks[rnd(g, sizeof toks / sizeof toks[0])]);
		buf_add(&nb, d + at, len - at);
		break;
	case 3:
		g->b.len = at;
		return;
	case 4:
		to = at + rnd(g, 40);
		n = to > len ? len - at : to - at;
		to = rnd(g, (uint32_t)len + 1);
		buf_add(&nb, d, to);
		buf_add(&nb, d + at, n);
		buf_add(&nb, d + to, len - to);
		break;
	default:
		buf_add(&nb, d, len);
		buf_addstr(&nb, toks[rnd(g, sizeof toks / sizeof toks[0])]);
		break;
	}
	buf_free(&g->b);
	g->b = nb;
}

/*
 * A special byte (an escape, UTF-8, a control character, bad UTF-8) at
 * every place of strings of every length to 24, in keys and values: the
 * lexer reads eight bytes at a time and then the rest from the first
 * special one, which must be exactly where it is.
 */
static void
test_specials_at_each_place(void)
{
	static const char *const special[] = { "\\n", "\\\"", "\xc3\xa9",
	    "\xe2\x82\xac", "\x01", "\xff", "\x7f", "\\u00e9" };
	char val[64], ans[160], why[512], *d;
	size_t len, pos, k, tried = 0, differ = 0;
	int r;

	for (len = 0; len <= 24; len++)
		for (pos = 0; pos <= len; pos++)
			for (k = 0; k < sizeof special / sizeof special[0];
			    k++) {
				snprintf(val, sizeof val, "%.*s%s%.*s",
				    (int)pos, "aaaaaaaaaaaaaaaaaaaaaaaaa",
				    pos < len ? special[k] : "",
				    (int)(len - pos), "bbbbbbbbbbbbbbbbbbbbbbbbb");
				snprintf(ans, sizeof ans, "{\"q%s\":\"%s\","
				    "\"r\":\"x\"}", val, val);
				d = doc("\"f\"", "null", ans);
				tried++;
				if (ref_differs(d, strlen(d), &r, why,
				    sizeof why) && differ++ < 5)
					printf("# differs on %s: %s\n", ans, why);
				free(d);
			}
	CHECK(differ == 0, "a special byte at each place of %zu strings "
	    "is read as jansson reads it (%zu differ)", tried, differ);
}

/* Thousands of documents: the reader and the reference must agree. */
static void
test_differential(void)
{
	struct gen g = { .s = 0x5eed0019c0ffeeULL };
	size_t docs = 3000, tried = 0, differ = 0, i, m, base;
	size_t ok = 0, invalid = 0, parse = 0;
	char why[512], *copy;
	int r;

	for (i = 0; i < docs; i++) {
		buf_init(&g.b);
		gen_doc(&g);
		base = g.b.len;
		copy = buf_detach(&g.b, NULL);
		for (m = 0; m < 5; m++) {
			buf_init(&g.b);
			buf_add(&g.b, copy, base);
			/* The first as generated, then one to three changes. */
			for (size_t k = m > 0 ? rnd(&g, 3) + 1 : 0; k > 0; k--)
				gen_mutate(&g);
			tried++;
			if (ref_differs(g.b.data != NULL ? g.b.data : "",
			    g.b.len, &r, why, sizeof why)) {
				if (differ++ < 5)
					printf("# differs on %zu bytes "
					    "\"%.*s\": %s\n", g.b.len,
					    (int)(g.b.len < 300 ? g.b.len :
					    300), g.b.data, why);
			}
			ok += r == ERR_OK;
			invalid += r == ERR_INVALID || r == ERR_LIMIT;
			parse += r == ERR_PARSE;
			buf_free(&g.b);
		}
		free(copy);
	}
	CHECK(differ == 0, "%zu documents (%zu read, %zu refused by the "
	    "checks, %zu not read): the reader agrees with jansson's on "
	    "every one (%zu differ)", tried, ok, invalid, parse, differ);
	CHECK(ok > tried / 20 && invalid > tried / 50 && parse > tried / 5,
	    "and they cover reading, the checks and refusals");
}

int
main(void)
{
	test_roundtrips();
	test_refusals();
	test_depth();
	test_long_paths();
	test_nul_after_token();
	test_numbers();
	test_specials_at_each_place();
	test_differential();
	return test_done();
}
