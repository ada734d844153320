/*
 * Submissions as JSON; see submission.h.
 *
 * The JSON is built with jansson and dumped straight into sodium_malloc'd
 * memory (json_dumpb sizes it first, then writes into it). jansson keeps
 * its own copies of every string in the tree; loading jansson
 * (content/jsonload.c) installs allocation functions that wipe each block
 * before freeing it, before any call can reach jansson, so those copies
 * do not linger in the heap either. Submissions are read without jansson
 * (submission-read.c).
 *
 * Causes name fields, never values: a value may be someone's answer.
 */
#include "sync/submission.h"

#include "content/jsonload.h"
#include "content/sodiumload.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/utf8.h"
#include "content/xlsform-name.h"
#include "sync/device.h"

/* Years 0001 to 9999: what RFC 3339's four digits can hold. */
#define SUBMISSION_TIME_MIN	(-62135596800LL)
#define SUBMISSION_TIME_MAX	253402300799LL
/*
 * The first second submission_time_format writes in four digits (glibc's
 * %Y does not pad years below 1000): 1000-01-01T00:00:00Z.
 */
#define SUBMISSION_TIME_FIRST	(-30610224000LL)

static const char *const submission_kinds[] = {
	[SUBMISSION_SURVEY] = "survey",
	[SUBMISSION_FEEDBACK] = "feedback",
	[SUBMISSION_NOTES] = "notes",
	[SUBMISSION_TALLY] = "tally",
	[SUBMISSION_CONTACT] = "contact",
};
#define SUBMISSION_NKINDS \
	(sizeof submission_kinds / sizeof submission_kinds[0])

void
submission_id_new(char out[SUBMISSION_ID_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t b[16];
	size_t i, o = 0;

	randombytes_buf(b, sizeof b);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	for (i = 0; i < sizeof b; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0xf];
	}
	out[o] = '\0';
}

int
submission_id_valid(const char *s)
{
	/* 1: a lower-case hex digit; 2: '-'. In order: never past a NUL. */
	static const unsigned char cls[256] = {
		['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		['a'] = 1, 1, 1, 1, 1, 1, ['-'] = 2,
	};
	static const unsigned char want[SUBMISSION_ID_SIZE - 1] = {
		1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2,
		1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	};
	size_t i;

	for (i = 0; i < SUBMISSION_ID_SIZE - 1; i++)
		if (cls[(unsigned char)s[i]] != want[i])
			return 0;
	return s[i] == '\0' && s[14] == '4' && (s[19] == '8' ||
	    s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

const char *
submission_kind_name(enum submission_kind kind)
{
	if ((unsigned)kind >= SUBMISSION_NKINDS)
		return NULL;
	return submission_kinds[kind];
}

int
submission_kind_parse(const char *name, enum submission_kind *kindp)
{
	size_t i;

	for (i = 0; i < SUBMISSION_NKINDS; i++)
		if (strcmp(name, submission_kinds[i]) == 0) {
			*kindp = (enum submission_kind)i;
			return ERR_OK;
		}
	return ERR_INVALID;
}

int
submission_time_format(time_t t, char out[SUBMISSION_TIME_SIZE])
{
	struct tm tm;

	out[0] = '\0';
	if ((long long)t < SUBMISSION_TIME_MIN ||
	    (long long)t > SUBMISSION_TIME_MAX || gmtime_r(&t, &tm) == NULL)
		return ERR_INVALID;
	if (strftime(out, SUBMISSION_TIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) !=
	    SUBMISSION_TIME_SIZE - 1) {
		out[0] = '\0';
		return ERR_INVALID;
	}
	return ERR_OK;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar. */
static long long
submission_days(long long y, int m, int d)
{
	long long era, yoe, doy;

	/* From March: the leap day ends a year (H. Hinnant's days_from_civil). */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The n digits at s (all digits) as a number. */
static int
submission_digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

int
submission_time_parse(const char *s, time_t *tp)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	/*
	 * Its 20 bytes eight at a time, against their shape: a byte XOR
	 * its place's is 0 where a separator stands, at most 9 where a
	 * digit does (a carry between bytes only leaves one that is bad).
	 */
	static const unsigned char shape[24] = "0000-00-00T00:00:00Z",
	    sep[24] = { [4] = 0xff, [7] = 0xff, [10] = 0xff, [13] = 0xff,
		[16] = 0xff, [19] = 0xff },
	    dig[24] = { 0x80, 0x80, 0x80, 0x80, 0, 0x80, 0x80, 0, 0x80, 0x80,
		0, 0x80, 0x80, 0, 0x80, 0x80, 0, 0x80, 0x80 };
	unsigned char b[24] = { 0 };
	uint64_t w, t, m, d, bad = 0;
	int v[6], i;

	if (strnlen(s, SUBMISSION_TIME_SIZE) != SUBMISSION_TIME_SIZE - 1)
		return ERR_INVALID;
	memcpy(b, s, SUBMISSION_TIME_SIZE - 1);
	for (i = 0; i < 24; i += 8) {
		memcpy(&w, b + i, 8);
		memcpy(&t, shape + i, 8);
		d = w ^ t;
		memcpy(&m, sep + i, 8);
		bad |= d & m;
		memcpy(&m, dig + i, 8);
		bad |= ((d + 0x7676767676767676ULL) | d) & m;
	}
	if (bad != 0)
		return ERR_INVALID;
	v[0] = submission_digits(s, 4);
	v[1] = submission_digits(s + 5, 2);
	v[2] = submission_digits(s + 8, 2);
	v[3] = submission_digits(s + 11, 2);
	v[4] = submission_digits(s + 14, 2);
	v[5] = submission_digits(s + 17, 2);
	if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > mdays[v[1] - 1] || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return ERR_INVALID;
	/* 29 February of a common year (timegm would make it 1 March). */
	if (v[1] == 2 && v[2] == 29 && !(v[0] % 4 == 0 &&
	    (v[0] % 100 != 0 || v[0] % 400 == 0)))
		return ERR_INVALID;
	/* What timegm gives, without its normalising: a UTC time is sums. */
	*tp = (time_t)(submission_days(v[0], v[1], v[2]) * 86400 +
	    v[3] * 3600 + v[4] * 60 + v[5]);
	return ERR_OK;
}

/*
 * Printable UTF-8 of 1..max bytes: ids, versions, session fields (utf8:
 * check that it is UTF-8; 0 when that is known).
 */
static int
submission_field_ok(const char *s, size_t max, int utf8)
{
	const uint64_t ones = 0x0101010101010101ULL, tops = ones * 0x80;
	size_t len = strlen(s), i;
	uint64_t w, x;

	if (len == 0 || len > max || (utf8 && !utf8_valid(s, len)))
		return 0;
	/* Eight at a time: is a byte below 0x20, or one 0x7f? */
	for (i = 0; len - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		x = w ^ ones * 0x7f;
		if ((((w - ones * 0x20) & ~w) | ((x - ones) & ~x)) & tops)
			return 0;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/*
 * A path: names joined by '/', where an instance step is "name[k]" (k
 * from 1, no leading zero). *instance: the path ends with a step (an
 * instance, whose value is NULL). Bounded in length and depth.
 */
static int
submission_path_ok(const char *path, int *instance)
{
	char seg[SUBMISSION_MAX_STEP + 1], *open;
	const char *p = path, *slash;
	size_t len, steps = 0;

	*instance = 0;
	/* One name, the usual path: what the steps below would find. */
	if (xlsform_name_ok(path))
		return 1;
	if (strlen(path) > SUBMISSION_MAX_PATH)
		return 0;
	for (;;) {
		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (len == 0 || len > SUBMISSION_MAX_STEP)
			return 0;
		memcpy(seg, p, len);
		seg[len] = '\0';
		*instance = 0;
		if ((open = strchr(seg, '[')) != NULL) {
			if (seg[len - 1] != ']' || open[1] < '1' ||
			    open[1] > '9' || strspn(open + 1, "0123456789") !=
			    len - (size_t)(open - seg) - 2 ||
			    ++steps > SUBMISSION_MAX_DEPTH)
				return 0;
			*open = '\0';
			*instance = 1;
		}
		if (!xlsform_name_ok(seg))
			return 0;
		if (slash == NULL)
			return 1;
		p = slash + 1;
	}
}

/* A language tag: letters, digits and '-', 1..35 bytes. */
static int
submission_lang_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-') || i >= 35)
			return 0;
	return i > 0;
}

/* submission_check, and of UTF-8 known valid when utf8 is 0. */
static int
submission_check_as(const struct submission *s, int utf8, char **cause)
{
	const struct {
		const char	*name;
		const char	*value;
		int		 optional;	/* 1: may be NULL; 2: may be "" */
	} fields[] = {
		{ "form id", s->form_id, 0 },
		{ "form version", s->form_version, 2 },
		{ "pack id", s->pack_id, 0 },
		{ "pack version", s->pack_version, 0 },
		{ "session venue", s->venue, 1 },
		{ "session group", s->group, 1 },
		{ "session facilitator", s->facilitator, 1 },
		{ "session date", s->date, 1 },
	};
	size_t i, len;
	int instance;

	if (!submission_id_valid(s->id))
		return err_set(cause, ERR_INVALID, "submission: the id is not "
		    "a lower-case UUIDv4");
	if (submission_kind_name(s->kind) == NULL)
		return err_set(cause, ERR_INVALID, "submission: unknown kind");
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (fields[i].value == NULL && fields[i].optional == 1)
			continue;
		/* An XLSForm need not have a version. */
		if (fields[i].value != NULL && fields[i].value[0] == '\0' &&
		    fields[i].optional == 2)
			continue;
		if (fields[i].value == NULL ||
		    !submission_field_ok(fields[i].value, SUBMISSION_MAX_FIELD,
		    utf8))
			return err_set(cause, ERR_INVALID, "submission: the %s "
			    "must be 1 to %d bytes of printable UTF-8",
			    fields[i].name, SUBMISSION_MAX_FIELD);
	}
	if (s->lang == NULL || !submission_lang_ok(s->lang))
		return err_set(cause, ERR_INVALID, "submission: the language "
		    "is not a language tag");
	if (s->device == NULL || !device_key_id_valid(s->device))
		return err_set(cause, ERR_INVALID, "submission: the device "
		    "key id is not 16 upper-case hex digits");
	/* What submission_time_format writes, without writing it. */
	if ((long long)s->started < SUBMISSION_TIME_FIRST ||
	    (long long)s->started > SUBMISSION_TIME_MAX ||
	    (long long)s->submitted < SUBMISSION_TIME_FIRST ||
	    (long long)s->submitted > SUBMISSION_TIME_MAX)
		return err_set(cause, ERR_INVALID, "submission: a time is out "
		    "of range");
	if (s->nanswers > SUBMISSION_MAX_ANSWERS)
		return err_set(cause, ERR_LIMIT, "submission: more than %d "
		    "answers", SUBMISSION_MAX_ANSWERS);
	if (s->nanswers > 0 && s->answers == NULL)
		return err_set(cause, ERR_INVALID, "submission: no answers");
	for (i = 0; i < s->nanswers; i++) {
		if (s->answers[i].name == NULL ||
		    !submission_path_ok(s->answers[i].name, &instance))
			return err_set(cause, ERR_INVALID, "submission: answer "
			    "%zu has no valid XLSForm name", i + 1);
		if (instance && s->answers[i].value == NULL)
			continue;
		if (instance)
			return err_set(cause, ERR_INVALID, "submission: '%s' "
			    "is a repeat's instance and takes no value",
			    s->answers[i].name);
		if (s->answers[i].value == NULL)
			return err_set(cause, ERR_INVALID, "submission: answer "
			    "'%s' has no value", s->answers[i].name);
		len = strlen(s->answers[i].value);
		if (len > SUBMISSION_MAX_VALUE)
			return err_set(cause, ERR_LIMIT, "submission: answer "
			    "'%s' is longer than %d bytes", s->answers[i].name,
			    SUBMISSION_MAX_VALUE);
		if (utf8 && !utf8_valid(s->answers[i].value, len))
			return err_set(cause, ERR_INVALID, "submission: answer "
			    "'%s' is not valid UTF-8", s->answers[i].name);
	}
	return ERR_OK;
}

int
submission_check(const struct submission *s, char **cause)
{
	return submission_check_as(s, 1, cause);
}

int
submission_check_read(const struct submission *s, char **cause)
{
	return submission_check_as(s, 0, cause);
}

/* Set key to a string, or to null when s is NULL; 0 or -1. */
static int
submission_set(json_t *obj, const char *key, const char *s)
{
	json_t *v = s != NULL ? json_string(s) : json_null();

	return v == NULL ? -1 : json_object_set_new(obj, key, v);
}

/*
 * Put one answer into the answers object, walking its instance steps
 * ("member[2]/...") into arrays of objects. Returns 0, 1 for an answer
 * given twice or an instance out of order, -1 when out of memory.
 */
static int
submission_nest(json_t *obj, const struct submission_answer *a)
{
	char key[SUBMISSION_MAX_NAME + 1];
	const char *p = a->name, *open, *close;
	json_t *arr, *item;
	size_t k, len;

	for (;;) {
		/* The next instance step: "key[k]" followed by '/' or the end. */
		open = strchr(p, '[');
		if (open == NULL)
			break;
		close = strchr(open, ']');
		len = (size_t)(open - p);
		if (close == NULL || len >= sizeof key)
			return 1;
		memcpy(key, p, len);
		key[len] = '\0';
		k = strtoul(open + 1, NULL, 10);
		if ((arr = json_object_get(obj, key)) == NULL) {
			if ((arr = json_array()) == NULL ||
			    json_object_set_new(obj, key, arr) != 0)
				return -1;
		}
		if (!json_is_array(arr) || k == 0 ||
		    k > json_array_size(arr) + 1)
			return 1;
		if (k == json_array_size(arr) + 1) {
			/* An instance is listed once, before its answers. */
			if (close[1] != '\0')
				return 1;
			return (item = json_object()) == NULL ||
			    json_array_append_new(arr, item) != 0 ? -1 : 0;
		}
		if (close[1] == '\0')
			return 1;
		obj = json_array_get(arr, k - 1);
		p = close + 2;
	}
	if (json_object_get(obj, p) != NULL)
		return 1;
	return submission_set(obj, p, a->value) != 0 ? -1 : 0;
}

/* The tree of s (already checked). NULL when out of memory. */
static json_t *
submission_tree(const struct submission *s, int *dupp)
{
	char started[SUBMISSION_TIME_SIZE], submitted[SUBMISSION_TIME_SIZE];
	json_t *root, *form, *pack, *session = NULL, *answers;
	size_t i;
	int bad = 0, r;

	*dupp = 0;
	submission_time_format(s->started, started);
	submission_time_format(s->submitted, submitted);
	root = json_object();
	form = json_object();
	pack = json_object();
	answers = json_object();
	if (s->venue != NULL || s->group != NULL || s->facilitator != NULL ||
	    s->date != NULL)
		bad |= (session = json_object()) == NULL;
	if (root == NULL || form == NULL || pack == NULL || answers == NULL ||
	    bad) {
		json_decref(form);
		json_decref(pack);
		json_decref(answers);
		json_decref(session);
		json_decref(root);
		return NULL;
	}
	bad |= submission_set(form, "id", s->form_id);
	bad |= submission_set(form, "version", s->form_version);
	bad |= submission_set(pack, "id", s->pack_id);
	bad |= submission_set(pack, "version", s->pack_version);
	if (session != NULL) {
		bad |= submission_set(session, "venue", s->venue);
		bad |= submission_set(session, "group", s->group);
		bad |= submission_set(session, "facilitator", s->facilitator);
		bad |= submission_set(session, "date", s->date);
	}
	for (i = 0; i < s->nanswers && !bad; i++) {
		if ((r = submission_nest(answers, &s->answers[i])) != 0) {
			*dupp = r == 1;
			bad = 1;
			break;
		}
	}
	bad |= submission_set(root, "format", SUBMISSION_FORMAT);
	bad |= submission_set(root, "id", s->id);
	bad |= submission_set(root, "kind", submission_kind_name(s->kind));
	bad |= json_object_set_new(root, "form", form);
	bad |= json_object_set_new(root, "pack", pack);
	bad |= submission_set(root, "language", s->lang);
	bad |= submission_set(root, "device", s->device);
	bad |= json_object_set_new(root, "session",
	    session != NULL ? session : json_null());
	bad |= submission_set(root, "started", started);
	bad |= submission_set(root, "submitted", submitted);
	bad |= json_object_set_new(root, "answers", answers);
	if (bad) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int
submission_json(const struct submission *s, char **jsonp, size_t *lenp,
    char **cause)
{
	json_t *root = NULL;
	char *out = NULL;
	size_t need;
	int r, dup;

	*jsonp = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if (sodium_init() < 0) {
		r = err_set(cause, ERR_CRYPTO, "libsodium did not start");
		goto out;
	}
	if ((r = submission_check(s, cause)) != ERR_OK)
		goto out;
	if ((root = submission_tree(s, &dup)) == NULL) {
		r = dup ? err_set(cause, ERR_INVALID, "submission: two answers "
		    "have the same name, or a repeat's instance is out of "
		    "order") : ERR_NOMEM;
		goto out;
	}
	need = json_dumpb(root, NULL, 0, JSON_COMPACT);
	if (need == 0) {
		r = ERR_NOMEM;
		goto out;
	}
	if (need > SUBMISSION_MAX_BYTES) {
		r = err_set(cause, ERR_LIMIT, "submission: larger than %d "
		    "bytes", SUBMISSION_MAX_BYTES);
		goto out;
	}
	if ((out = sodium_malloc(need + 1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (json_dumpb(root, out, need, JSON_COMPACT) != need) {
		r = ERR_NOMEM;
		goto out;
	}
	out[need] = '\0';
	*jsonp = out;
	out = NULL;
	if (lenp != NULL)
		*lenp = need;
	r = ERR_OK;
out:
	json_decref(root);
	sodium_free(out);	/* sodium_free wipes */
	return r;
}

void
submission_json_free(char **jsonp)
{
	if (jsonp != NULL && *jsonp != NULL) {
		sodium_free(*jsonp);
		*jsonp = NULL;
	}
}
