/*
 * Co-production sessions: the session itself, its notes, the notes and
 * tally submissions, and the session's draft; see session.h. The results
 * for the room are in session-results.c.
 *
 * The draft (sync/draft.h, in <home>/session) holds, as name and value
 * pairs: venue, group, facilitator, date, sealed.<kind> for each kind,
 * and note.<i>.point, note.<i>.tag, note.<i>.tag_label, note.<i>.theme for
 * each unsealed note (i from 0). Its form id is "session", version "1".
 */
#include "sync/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "content/utf8.h"
#include "content/xlsform-name.h"
#include "sync/draft.h"

#define SESSION_DRAFT_FORM	"session"
#define SESSION_DRAFT_VERSION	"1"

static const char *const session_kinds[SESSION_NKINDS] = {
	"survey", "feedback", "notes", "tally", "contact",
};

/* Wipe and free a string. */
static void
session_str_free(char **sp)
{
	if (*sp != NULL) {
		sodium_memzero(*sp, strlen(*sp));
		free(*sp);
		*sp = NULL;
	}
}

/*
 * A copy of s with the blanks around it trimmed, in *out; NULL in *out when
 * s is NULL or only blanks. ERR_INVALID when it is longer than max bytes,
 * not UTF-8, or holds a control character (a new line included, unless
 * lines is set).
 */
static int
session_field(const char *s, size_t max, int lines, char **out)
{
	size_t len, i;

	*out = NULL;
	if (s == NULL)
		return ERR_OK;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len == 0)
		return ERR_OK;
	if (len > max || !utf8_valid(s, len))
		return ERR_INVALID;
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && !(lines && s[i] == '\n')) ||
		    s[i] == 0x7f)
			return ERR_INVALID;
	if ((*out = malloc(len + 1)) == NULL)
		return ERR_NOMEM;
	memcpy(*out, s, len);
	(*out)[len] = '\0';
	return ERR_OK;
}

int
session_date_ok(const char *s)
{
	time_t t;
	char full[32];

	if (s == NULL || strlen(s) != SESSION_DATE_SIZE - 1)
		return 0;
	snprintf(full, sizeof full, "%sT00:00:00Z", s);
	return submission_time_parse(full, &t) == ERR_OK;
}

void
session_today(time_t t, char out[SESSION_DATE_SIZE])
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, SESSION_DATE_SIZE, "%Y-%m-%d", &tm) !=
	    SESSION_DATE_SIZE - 1)
		snprintf(out, SESSION_DATE_SIZE, "1970-01-01");
}

int
session_new(const char *venue, const char *group, const char *facilitator,
    const char *date, time_t now, struct session **sp, char **cause)
{
	struct session *s = NULL;
	int r;

	*sp = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ERR_NOMEM;
	if ((r = session_field(venue, SESSION_FIELD_MAX, 0, &s->venue)) !=
	    ERR_OK || s->venue == NULL) {
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "Type "
		    "the venue: up to %d characters on one line.",
		    SESSION_FIELD_MAX);
		goto out;
	}
	if ((r = session_field(group, SESSION_FIELD_MAX, 0, &s->group)) !=
	    ERR_OK) {
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "The "
		    "group can be up to %d characters on one line.",
		    SESSION_FIELD_MAX);
		goto out;
	}
	if ((r = session_field(facilitator, SESSION_FIELD_MAX, 0,
	    &s->facilitator)) != ERR_OK) {
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "The "
		    "facilitator can be up to %d characters on one line.",
		    SESSION_FIELD_MAX);
		goto out;
	}
	if (!session_date_ok(date)) {
		r = err_set(cause, ERR_INVALID, "Type the date as year-month-"
		    "day, for example 2026-11-23.");
		goto out;
	}
	memcpy(s->date, date, SESSION_DATE_SIZE);
	s->started = now;
	*sp = s;
	s = NULL;
	r = ERR_OK;
out:
	session_free(&s);
	return r;
}

static void
session_note_clear(struct session_note *n)
{
	session_str_free(&n->point);
	session_str_free(&n->tag);
	session_str_free(&n->tag_label);
	session_str_free(&n->theme);
}

void
session_free(struct session **sp)
{
	struct session *s;
	size_t i;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	for (i = 0; i < s->nnotes; i++)
		session_note_clear(&s->notes[i]);
	free(s->notes);
	session_results_clear(s);
	session_str_free(&s->venue);
	session_str_free(&s->group);
	session_str_free(&s->facilitator);
	sodium_memzero(s, sizeof *s);
	free(s);
	*sp = NULL;
}

void
session_apply(const struct session *s, struct submission *sub)
{
	if (s == NULL)
		return;
	sub->venue = s->venue;
	sub->group = s->group;
	sub->facilitator = s->facilitator;
	sub->date = s->date;
}

void
session_sealed(struct session *s, const char *kind)
{
	size_t i;

	for (i = 0; s != NULL && kind != NULL && i < SESSION_NKINDS; i++)
		if (strcmp(kind, session_kinds[i]) == 0 && s->sealed[i] <
		    SESSION_MAX_VOTERS * 100U)
			s->sealed[i]++;
}

unsigned
session_sealed_total(const struct session *s)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; s != NULL && i < SESSION_NKINDS; i++)
		n += s->sealed[i];
	return n;
}

/* A note from its fields, checked; n is cleared first. */
static int
session_note_make(struct session_note *n, const char *point,
    const char *tag, const char *tag_label, const char *theme, char **cause)
{
	int r;

	memset(n, 0, sizeof *n);
	if ((r = session_field(point, SESSION_NOTE_MAX, 1, &n->point)) !=
	    ERR_OK || n->point == NULL) {
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "Type "
		    "the point first (up to %d characters).",
		    SESSION_NOTE_MAX);
		goto out;
	}
	if ((r = session_field(tag, SESSION_THEME_MAX, 0, &n->tag)) !=
	    ERR_OK || (r = session_field(n->tag != NULL ? tag_label : NULL,
	    SESSION_THEME_MAX, 0, &n->tag_label)) != ERR_OK) {
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "That "
		    "tag cannot be used.");
		goto out;
	}
	if ((r = session_field(theme, SESSION_THEME_MAX, 0, &n->theme)) !=
	    ERR_OK) {
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "The "
		    "theme can be up to %d characters on one line.",
		    SESSION_THEME_MAX);
		goto out;
	}
out:
	if (r != ERR_OK)
		session_note_clear(n);
	return r;
}

int
session_note_check(const char *point, const char *tag, const char *tag_label,
    const char *theme, char **cause)
{
	struct session_note n;
	int r;

	if ((r = session_note_make(&n, point, tag, tag_label, theme,
	    cause)) == ERR_OK)
		session_note_clear(&n);
	return r;
}

int
session_note_add(struct session *s, const char *point, const char *tag,
    const char *tag_label, const char *theme, char **cause)
{
	struct session_note n, *v;
	int r;

	if (s->nnotes >= SESSION_MAX_NOTES)
		return err_set(cause, ERR_LIMIT, "There are %d notes already: "
		    "seal them first.", SESSION_MAX_NOTES);
	if ((r = session_note_make(&n, point, tag, tag_label, theme, cause)) !=
	    ERR_OK)
		return r;
	if ((v = reallocarray(s->notes, s->nnotes + 1, sizeof *v)) == NULL) {
		session_note_clear(&n);
		return ERR_NOMEM;
	}
	s->notes = v;
	s->notes[s->nnotes++] = n;
	return ERR_OK;
}

int
session_note_set(struct session *s, size_t i, const char *point,
    const char *tag, const char *tag_label, const char *theme, char **cause)
{
	struct session_note n;
	int r;

	if (i >= s->nnotes)
		return ERR_INVALID;
	if ((r = session_note_make(&n, point, tag, tag_label, theme, cause)) !=
	    ERR_OK)
		return r;
	session_note_clear(&s->notes[i]);
	s->notes[i] = n;
	return ERR_OK;
}

void
session_note_remove(struct session *s, size_t i)
{
	if (i >= s->nnotes)
		return;
	session_note_clear(&s->notes[i]);
	memmove(&s->notes[i], &s->notes[i + 1],
	    (s->nnotes - i - 1) * sizeof s->notes[0]);
	s->nnotes--;
	memset(&s->notes[s->nnotes], 0, sizeof s->notes[0]);
}

void
session_sub_free(struct session_sub **subp)
{
	struct session_sub *sub;
	size_t i;

	if (subp == NULL || (sub = *subp) == NULL)
		return;
	for (i = 0; i < sub->nowned; i++)
		session_str_free(&sub->owned[i]);
	free(sub->owned);
	free(sub->answers);
	free(sub);
	*subp = NULL;
}

/* A response of kind (its form too) with room for n answers. */
static struct session_sub *
session_sub_new(const char *kind, size_t n, const char *lang,
    const char *pack_id, const char *pack_version, time_t started,
    time_t now)
{
	struct session_sub *sub;

	if ((sub = calloc(1, sizeof *sub)) == NULL ||
	    (sub->answers = calloc(n + 1, sizeof *sub->answers)) == NULL ||
	    (sub->owned = calloc(n + 1, sizeof *sub->owned)) == NULL) {
		session_sub_free(&sub);
		return NULL;
	}
	sub->resp.kind = kind;
	sub->resp.form_id = kind;	/* the form is named as its kind */
	sub->resp.form_version = pack_version;
	sub->resp.form_title = kind;
	sub->resp.lang = lang;
	sub->resp.pack_id = pack_id;
	sub->resp.pack_version = pack_version;
	sub->resp.started = started;
	sub->resp.submitted = now;
	sub->resp.answers = sub->answers;
	return sub;
}

/* Add an answer; an owned value (and a name from fmt) when own is set. */
static int
session_sub_add(struct session_sub *sub, const char *name, const char *value,
    int own)
{
	struct survey_answer *a = &sub->answers[sub->resp.nanswers];
	char *copy = NULL;

	if (value == NULL)
		return ERR_OK;
	if (own) {
		if ((copy = strdup(value)) == NULL)
			return ERR_NOMEM;
		sub->owned[sub->nowned++] = copy;
		value = copy;
	}
	a->name = name;
	a->value = value;
	sub->resp.nanswers++;
	return ERR_OK;
}

int
session_note_build(const struct session_note *n, const char *lang,
    const char *pack_id, const char *pack_version, time_t now,
    struct session_sub **outp, char **cause)
{
	struct session_sub *sub;

	*outp = NULL;
	if (n->point == NULL)
		return err_set(cause, ERR_INVALID, "a note without a point");
	if ((sub = session_sub_new(SESSION_NOTES_FORM, 4, lang, pack_id,
	    pack_version, now, now)) == NULL)
		return ERR_NOMEM;
	/* Borrowed: the note outlives the seal and is wiped after it. */
	session_sub_add(sub, "point", n->point, 0);
	session_sub_add(sub, "tag", n->tag, 0);
	session_sub_add(sub, "tag_label", n->tag != NULL ? n->tag_label :
	    NULL, 0);
	session_sub_add(sub, "theme", n->theme, 0);
	*outp = sub;
	return ERR_OK;
}

/* A choice name that makes a valid answer name after "count.". */
static int
session_choice_name_ok(const char *s)
{
	char name[XLSFORM_NAME_MAX + 2];
	int n = snprintf(name, sizeof name, "count.%s", s);

	return *s != '\0' && n > 0 && (size_t)n < sizeof name &&
	    xlsform_name_ok(name);
}

int
session_tally_check(const struct session_tally *t, char **cause)
{
	unsigned long long sum = 0;
	size_t i, j;

	if (t->form == NULL || t->question == NULL || t->n == 0 ||
	    t->choices == NULL || t->counts == NULL)
		return err_set(cause, ERR_INVALID, "a vote needs a question "
		    "and its choices");
	if (t->n > SESSION_MAX_CHOICES)
		return err_set(cause, ERR_LIMIT, "more than %d choices",
		    SESSION_MAX_CHOICES);
	if (t->voters == 0)
		return err_set(cause, ERR_INVALID, "Nobody has voted yet.");
	if (t->voters > SESSION_MAX_VOTERS)
		return err_set(cause, ERR_LIMIT, "More than %d people voting?",
		    SESSION_MAX_VOTERS);
	for (i = 0; i < t->n; i++) {
		if (t->choices[i] == NULL ||
		    !session_choice_name_ok(t->choices[i]))
			return err_set(cause, ERR_INVALID, "choice %zu has a name "
			    "that cannot be counted", i + 1);
		for (j = 0; j < i; j++)
			if (strcmp(t->choices[i], t->choices[j]) == 0)
				return err_set(cause, ERR_INVALID, "two choices "
				    "have the same name");
		if (t->counts[i] > t->voters)
			return err_set(cause, ERR_INVALID, "A count is larger "
			    "than the number of people voting.");
		sum += t->counts[i];
	}
	if (!t->multiple && sum > t->voters)
		return err_set(cause, ERR_INVALID, "There are more votes than "
		    "people voting, and each person has one vote.");
	return ERR_OK;
}

int
session_tally_build(const struct session_tally *t, const char *lang,
    const char *pack_id, const char *pack_version, time_t started,
    time_t now, struct session_sub **outp, char **cause)
{
	struct session_sub *sub = NULL;
	char num[16], *name = NULL;
	size_t i;
	int r;

	*outp = NULL;
	if ((r = session_tally_check(t, cause)) != ERR_OK)
		return r;
	/* Names too are owned: 2 * n + 5 strings at most. */
	if ((sub = session_sub_new(SESSION_TALLY_FORM, 2 * t->n + 5, lang,
	    pack_id, pack_version, started, now)) == NULL)
		return ERR_NOMEM;
	snprintf(num, sizeof num, "%u", t->voters);
	if ((r = session_sub_add(sub, "form", t->form, 1)) != ERR_OK ||
	    (r = session_sub_add(sub, "question", t->question, 1)) != ERR_OK ||
	    (r = session_sub_add(sub, "type", t->multiple ? "select_multiple" :
	    "select_one", 0)) != ERR_OK ||
	    (r = session_sub_add(sub, "mode", t->mode == SESSION_LAPTOP ?
	    "laptop" : "hands", 0)) != ERR_OK ||
	    (r = session_sub_add(sub, "voters", num, 1)) != ERR_OK)
		goto out;
	for (i = 0; i < t->n; i++) {
		if (asprintf(&name, "count.%s", t->choices[i]) == -1) {
			name = NULL;
			r = ERR_NOMEM;
			goto out;
		}
		sub->owned[sub->nowned++] = name;
		snprintf(num, sizeof num, "%u", t->counts[i]);
		if ((r = session_sub_add(sub, name, num, 1)) != ERR_OK)
			goto out;
		name = NULL;
	}
	*outp = sub;
	sub = NULL;
	r = ERR_OK;
out:
	session_sub_free(&sub);
	return r;
}

/* The draft -------------------------------------------------------------- */

/* <home>/session (Caller frees). */
static char *
session_dir(const char *home)
{
	return file_join(home, SESSION_DIR);
}

int
session_save(const char *home, const struct session *s, char **cause)
{
	static const char *const fields[] = { "point", "tag", "tag_label",
	    "theme" };
	struct submission_answer *a = NULL;
	struct draft d;
	char **names = NULL, counts[SESSION_NKINDS][16], *dir = NULL;
	size_t n = 0, cap = 4 + SESSION_NKINDS + 4 * s->nnotes, nn = 0, i, j;
	const char *v;
	int r;

	if ((dir = session_dir(home)) == NULL ||
	    (a = calloc(cap, sizeof *a)) == NULL ||
	    (names = calloc(cap, sizeof *names)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = file_mkdirs(dir, 0700, cause)) != ERR_OK)
		goto out;
	a[n].name = "venue";
	a[n++].value = s->venue;
	if (s->group != NULL) {
		a[n].name = "group";
		a[n++].value = s->group;
	}
	if (s->facilitator != NULL) {
		a[n].name = "facilitator";
		a[n++].value = s->facilitator;
	}
	a[n].name = "date";
	a[n++].value = s->date;
	for (i = 0; i < SESSION_NKINDS; i++) {
		snprintf(counts[i], sizeof counts[i], "%u", s->sealed[i]);
		if (asprintf(&names[nn], "sealed.%s", session_kinds[i]) == -1) {
			names[nn] = NULL;
			r = ERR_NOMEM;
			goto out;
		}
		a[n].name = names[nn++];
		a[n++].value = counts[i];
	}
	for (i = 0; i < s->nnotes; i++)
		for (j = 0; j < 4; j++) {
			v = j == 0 ? s->notes[i].point : j == 1 ?
			    s->notes[i].tag : j == 2 ? s->notes[i].tag_label :
			    s->notes[i].theme;
			if (v == NULL)
				continue;
			if (asprintf(&names[nn], "note.%zu.%s", i, fields[j]) ==
			    -1) {
				names[nn] = NULL;
				r = ERR_NOMEM;
				goto out;
			}
			a[n].name = names[nn++];
			a[n++].value = v;
		}
	memset(&d, 0, sizeof d);
	d.form_id = SESSION_DRAFT_FORM;
	d.form_version = SESSION_DRAFT_VERSION;
	d.lang = "und";
	d.started = (int64_t)s->started;
	d.answers = a;
	d.nanswers = n;
	r = draft_save(dir, &d, cause);
out:
	for (i = 0; names != NULL && i < nn; i++)
		free(names[i]);
	free(names);
	free(a);
	free(dir);
	return r;
}

/* The note index and field of "note.<i>.<field>"; -1 when not one. */
static int
session_note_name(const char *name, size_t *ip, const char **fieldp)
{
	char *end;
	unsigned long i;

	if (strncmp(name, "note.", 5) != 0 || name[5] < '0' || name[5] > '9')
		return -1;
	errno = 0;
	i = strtoul(name + 5, &end, 10);
	if (errno != 0 || *end != '.' || i >= SESSION_MAX_NOTES)
		return -1;
	*ip = (size_t)i;
	*fieldp = end + 1;
	return 0;
}

int
session_load(const char *home, struct session **sp, char **cause)
{
	struct draft_loaded *l = NULL;
	struct session *s = NULL;
	const struct submission_answer *a;
	const char *f[4] = { NULL, NULL, NULL, NULL }, *field;
	const char *venue = NULL, *group = NULL, *fac = NULL, *date = NULL;
	char *dir = NULL, *end;
	size_t i, j, k, idx, maxnote = 0, found;
	unsigned long v;
	int r;

	*sp = NULL;
	if ((dir = session_dir(home)) == NULL)
		return ERR_NOMEM;
	if ((r = draft_load(dir, &l, cause)) != ERR_OK)
		goto out;
	if (strcmp(l->d.form_id, SESSION_DRAFT_FORM) != 0 ||
	    strcmp(l->d.form_version, SESSION_DRAFT_VERSION) != 0) {
		r = err_set(cause, ERR_PARSE, "the session's draft is damaged");
		goto out;
	}
	for (i = 0; i < l->d.nanswers; i++) {
		a = &l->d.answers[i];
		if (strcmp(a->name, "venue") == 0)
			venue = a->value;
		else if (strcmp(a->name, "group") == 0)
			group = a->value;
		else if (strcmp(a->name, "facilitator") == 0)
			fac = a->value;
		else if (strcmp(a->name, "date") == 0)
			date = a->value;
		else if (session_note_name(a->name, &idx, &field) == 0 &&
		    idx + 1 > maxnote)
			maxnote = idx + 1;
	}
	if ((r = session_new(venue, group, fac, date,
	    (time_t)l->d.started, &s, cause)) != ERR_OK)
		goto out;
	for (i = 0; i < l->d.nanswers; i++) {
		a = &l->d.answers[i];
		for (k = 0; k < SESSION_NKINDS; k++)
			if (strncmp(a->name, "sealed.", 7) == 0 &&
			    strcmp(a->name + 7, session_kinds[k]) == 0) {
				errno = 0;
				v = strtoul(a->value, &end, 10);
				if (errno == 0 && *end == '\0' && v <= 1000000)
					s->sealed[k] = (unsigned)v;
			}
	}
	/* The notes, in their order; a hole (a damaged draft) is skipped. */
	for (j = 0; j < maxnote; j++) {
		found = 0;
		memset(f, 0, sizeof f);
		for (i = 0; i < l->d.nanswers; i++) {
			a = &l->d.answers[i];
			if (session_note_name(a->name, &idx, &field) != 0 ||
			    idx != j)
				continue;
			k = strcmp(field, "point") == 0 ? 0 :
			    strcmp(field, "tag") == 0 ? 1 :
			    strcmp(field, "tag_label") == 0 ? 2 :
			    strcmp(field, "theme") == 0 ? 3 : 4;
			if (k < 4) {
				f[k] = a->value;
				found = 1;
			}
		}
		if (found && (r = session_note_add(s, f[0], f[1], f[2], f[3],
		    NULL)) == ERR_NOMEM)
			goto out;
	}
	*sp = s;
	s = NULL;
	r = ERR_OK;
out:
	session_free(&s);
	draft_loaded_free(&l);
	free(dir);
	return r;
}

int
session_destroy(const char *home, char **cause)
{
	char *dir;
	int r;

	if ((dir = session_dir(home)) == NULL)
		return ERR_NOMEM;
	r = draft_destroy(dir, cause);
	free(dir);
	return r;
}
