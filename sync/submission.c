/*
 * Submissions as JSON; see submission.h.
 *
 * The JSON is built with jansson and dumped straight into sodium_malloc'd
 * memory (json_dumpb sizes it first, then writes into it). jansson keeps
 * its own copies of every string in the tree; the allocation functions
 * installed here wipe each block (its usable size, as malloc reports it)
 * before freeing it, so those copies do not linger in the heap either.
 * They wrap the same malloc and free, which is why installing them after
 * jansson has already allocated is safe; but a tree parsed before would
 * not be wiped, so main() installs them first of all, before anything is
 * parsed (submission_alloc_init), and the calls here only make sure of it
 * for programs that did not (pthread_once: threads may race to it).
 *
 * Causes name fields, never values: a value may be someone's answer.
 */
#include "sync/submission.h"

#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <sodium.h>
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

static const char *const submission_kinds[] = {
	[SUBMISSION_SURVEY] = "survey",
	[SUBMISSION_FEEDBACK] = "feedback",
	[SUBMISSION_NOTES] = "notes",
	[SUBMISSION_TALLY] = "tally",
};
#define SUBMISSION_NKINDS \
	(sizeof submission_kinds / sizeof submission_kinds[0])

static void
submission_wipe_free(void *p)
{
	if (p != NULL) {
		sodium_memzero(p, malloc_usable_size(p));
		free(p);
	}
}

static void
submission_alloc_once(void)
{
	json_set_alloc_funcs(malloc, submission_wipe_free);
}

void
submission_alloc_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, submission_alloc_once);
}

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
	size_t i;

	for (i = 0; i < SUBMISSION_ID_SIZE - 1; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
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

int
submission_time_parse(const char *s, time_t *tp)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	struct tm tm;
	int v[6], i;
	time_t t;

	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') :
		    s[i] != shape[i])
			return ERR_INVALID;
	if (s[i] != '\0')
		return ERR_INVALID;
	v[0] = atoi(s);
	v[1] = atoi(s + 5);
	v[2] = atoi(s + 8);
	v[3] = atoi(s + 11);
	v[4] = atoi(s + 14);
	v[5] = atoi(s + 17);
	if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > mdays[v[1] - 1] || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return ERR_INVALID;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	t = timegm(&tm);
	/* 29 February of a common year comes back as 1 March. */
	if (tm.tm_mday != v[2])
		return ERR_INVALID;
	*tp = t;
	return ERR_OK;
}

/* Printable UTF-8 of 1..max bytes: ids, versions, session fields. */
static int
submission_field_ok(const char *s, size_t max)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > max || !utf8_valid(s, len))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
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

int
submission_check(const struct submission *s, char **cause)
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
	char t[SUBMISSION_TIME_SIZE];
	size_t i, len;

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
		    !submission_field_ok(fields[i].value, SUBMISSION_MAX_FIELD))
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
	if (submission_time_format(s->started, t) != ERR_OK ||
	    submission_time_format(s->submitted, t) != ERR_OK)
		return err_set(cause, ERR_INVALID, "submission: a time is out "
		    "of range");
	if (s->nanswers > SUBMISSION_MAX_ANSWERS)
		return err_set(cause, ERR_LIMIT, "submission: more than %d "
		    "answers", SUBMISSION_MAX_ANSWERS);
	if (s->nanswers > 0 && s->answers == NULL)
		return err_set(cause, ERR_INVALID, "submission: no answers");
	for (i = 0; i < s->nanswers; i++) {
		if (s->answers[i].name == NULL ||
		    !xlsform_name_ok(s->answers[i].name))
			return err_set(cause, ERR_INVALID, "submission: answer "
			    "%zu has no valid XLSForm name", i + 1);
		if (s->answers[i].value == NULL)
			return err_set(cause, ERR_INVALID, "submission: answer "
			    "'%s' has no value", s->answers[i].name);
		len = strlen(s->answers[i].value);
		if (len > SUBMISSION_MAX_VALUE)
			return err_set(cause, ERR_LIMIT, "submission: answer "
			    "'%s' is longer than %d bytes", s->answers[i].name,
			    SUBMISSION_MAX_VALUE);
		if (!utf8_valid(s->answers[i].value, len))
			return err_set(cause, ERR_INVALID, "submission: answer "
			    "'%s' is not valid UTF-8", s->answers[i].name);
	}
	return ERR_OK;
}

/* Set key to a string, or to null when s is NULL; 0 or -1. */
static int
submission_set(json_t *obj, const char *key, const char *s)
{
	json_t *v = s != NULL ? json_string(s) : json_null();

	return v == NULL ? -1 : json_object_set_new(obj, key, v);
}

/* The tree of s (already checked). NULL when out of memory. */
static json_t *
submission_tree(const struct submission *s, int *dupp)
{
	char started[SUBMISSION_TIME_SIZE], submitted[SUBMISSION_TIME_SIZE];
	json_t *root, *form, *pack, *session = NULL, *answers;
	size_t i;
	int bad = 0;

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
		if (json_object_get(answers, s->answers[i].name) != NULL) {
			*dupp = 1;
			bad = 1;
			break;
		}
		bad |= submission_set(answers, s->answers[i].name,
		    s->answers[i].value);
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
	submission_alloc_init();
	if (sodium_init() < 0) {
		r = err_set(cause, ERR_CRYPTO, "libsodium did not start");
		goto out;
	}
	if ((r = submission_check(s, cause)) != ERR_OK)
		goto out;
	if ((root = submission_tree(s, &dup)) == NULL) {
		r = dup ? err_set(cause, ERR_INVALID, "submission: two answers "
		    "have the same name") : ERR_NOMEM;
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

/* The string at key in obj, or NULL when absent or not a string. */
static const char *
submission_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* 1 when obj has exactly the keys listed (NULL-terminated). */
static int
submission_keys_exact(json_t *obj, const char *const *keys)
{
	size_t n;

	if (!json_is_object(obj))
		return 0;
	for (n = 0; keys[n] != NULL; n++)
		if (json_object_get(obj, keys[n]) == NULL)
			return 0;
	return json_object_size(obj) == n;
}

int
submission_parse(const char *json, size_t len,
    struct submission_parsed **outp, char **cause)
{
	static const char *const top[] = { "format", "id", "kind", "form",
	    "pack", "language", "device", "session", "started", "submitted",
	    "answers", NULL };
	static const char *const idver[] = { "id", "version", NULL };
	static const char *const sess[] = { "venue", "group", "facilitator",
	    "date", NULL };
	/* Without the date: a session as the first writers wrote it. */
	static const char *const sess3[] = { "venue", "group", "facilitator",
	    NULL };
	struct submission_parsed *p = NULL;
	json_error_t jerr;
	json_t *root = NULL, *session, *answers, *v;
	const char *str, *key;
	size_t i;
	int r;

	*outp = NULL;
	submission_alloc_init();
	if (len > SUBMISSION_MAX_BYTES) {
		r = err_set(cause, ERR_LIMIT, "submission: larger than %d "
		    "bytes", SUBMISSION_MAX_BYTES);
		goto out;
	}
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL) {
		r = err_set(cause, ERR_PARSE, "submission: not JSON (line %d, "
		    "column %d)", jerr.line, jerr.column);
		goto out;
	}
	session = json_object_get(root, "session");
	answers = json_object_get(root, "answers");
	if (!submission_keys_exact(root, top) ||
	    (str = submission_str(root, "format")) == NULL ||
	    strcmp(str, SUBMISSION_FORMAT) != 0 ||
	    !submission_keys_exact(json_object_get(root, "form"), idver) ||
	    !submission_keys_exact(json_object_get(root, "pack"), idver) ||
	    (!json_is_null(session) && !submission_keys_exact(session, sess) &&
	    !submission_keys_exact(session, sess3)) ||
	    !json_is_object(answers) ||
	    json_object_size(answers) > SUBMISSION_MAX_ANSWERS) {
		r = err_set(cause, ERR_PARSE, "submission: not in the format "
		    "%s", SUBMISSION_FORMAT);
		goto out;
	}
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->answers = calloc(json_object_size(answers) + 1,
	    sizeof *p->answers)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	r = ERR_PARSE;
	str = submission_str(root, "id");
	if (str == NULL || strlen(str) != SUBMISSION_ID_SIZE - 1)
		goto bad;
	memcpy(p->s.id, str, SUBMISSION_ID_SIZE);
	if ((str = submission_str(root, "kind")) == NULL ||
	    submission_kind_parse(str, &p->s.kind) != ERR_OK)
		goto bad;
	p->s.form_id = submission_str(json_object_get(root, "form"), "id");
	p->s.form_version = submission_str(json_object_get(root, "form"),
	    "version");
	p->s.pack_id = submission_str(json_object_get(root, "pack"), "id");
	p->s.pack_version = submission_str(json_object_get(root, "pack"),
	    "version");
	p->s.lang = submission_str(root, "language");
	p->s.device = submission_str(root, "device");
	if (!json_is_null(session)) {
		for (i = 0; sess[i] != NULL; i++) {
			v = json_object_get(session, sess[i]);
			if (v != NULL && !json_is_null(v) && !json_is_string(v))
				goto bad;
		}
		p->s.venue = submission_str(session, "venue");
		p->s.group = submission_str(session, "group");
		p->s.facilitator = submission_str(session, "facilitator");
		p->s.date = submission_str(session, "date");
	}
	if ((str = submission_str(root, "started")) == NULL ||
	    submission_time_parse(str, &p->s.started) != ERR_OK ||
	    (str = submission_str(root, "submitted")) == NULL ||
	    submission_time_parse(str, &p->s.submitted) != ERR_OK)
		goto bad;
	i = 0;
	json_object_foreach(answers, key, v) {
		if (!json_is_string(v))
			goto bad;
		p->answers[i].name = key;
		p->answers[i].value = json_string_value(v);
		i++;
	}
	p->s.answers = p->answers;
	p->s.nanswers = i;
	if ((r = submission_check(&p->s, cause)) != ERR_OK)
		goto out;
	p->json = root;
	root = NULL;
	*outp = p;
	p = NULL;
	r = ERR_OK;
	goto out;
bad:
	r = err_set(cause, ERR_PARSE, "submission: a field has the wrong "
	    "type or form");
out:
	submission_parsed_free(&p);
	json_decref(root);
	return r;
}

void
submission_parsed_free(struct submission_parsed **pp)
{
	struct submission_parsed *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	json_decref(p->json);
	free(p->answers);
	sodium_memzero(p, sizeof *p);
	free(p);
	*pp = NULL;
}
