/*
 * The hub's check of the co-production kinds (sync/session.h): a `notes`
 * or `tally` submission has no XLSForm, so its answers are checked against
 * the rules the device applied when it made them (session_note_build,
 * session_tally_build, session_tally_check): the names it may have, which
 * are required, their sizes, and that the counts add up. Causes name
 * fields, never values.
 */
#include "sync/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/xlsform-name.h"

/* The value of answer name in s, or NULL. */
static const char *
session_check_get(const struct submission *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nanswers; i++)
		if (strcmp(s->answers[i].name, name) == 0)
			return s->answers[i].value;
	return NULL;
}

/* A count or a number of voters: decimal digits, at most max. */
static int
session_check_number(const char *v, unsigned max, unsigned *out)
{
	unsigned long n = 0;
	size_t i;

	if (v == NULL || *v == '\0' || strlen(v) > 9 ||
	    (v[0] == '0' && v[1] != '\0'))
		return -1;
	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (unsigned long)(v[i] - '0');
	}
	if (n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static int
session_check_notes(const struct submission *s, char **cause)
{
	static const char *const names[] = {
		"point", "tag", "tag_label", "theme", NULL
	};
	const char *tag = session_check_get(s, "tag");
	char *why = NULL;
	size_t i, k;
	int r;

	for (i = 0; i < s->nanswers; i++) {
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(s->answers[i].name, names[k]) == 0)
				break;
		if (names[k] == NULL)
			return err_set(cause, ERR_INVALID, "a note has no field "
			    "'%s'", s->answers[i].name);
	}
	if (session_check_get(s, "tag_label") != NULL && tag == NULL)
		return err_set(cause, ERR_INVALID, "a note's tag_label without "
		    "its tag");
	/* What the facilitator's screen would have taken, nothing else. */
	if ((r = session_note_check(session_check_get(s, "point"), tag,
	    session_check_get(s, "tag_label"), session_check_get(s, "theme"),
	    &why)) != 0)
		r = r == ERR_NOMEM ? r : err_set(cause, ERR_INVALID, "a note "
		    "the device could not have made: it needs a point of up to "
		    "%d bytes, and every field is printable text (only the point "
		    "has line breaks; a tag or theme is up to %d bytes)",
		    SESSION_NOTE_MAX, SESSION_THEME_MAX);
	free(why);
	return r;
}

static int
session_check_tally(const struct submission *s, char **cause)
{
	struct session_tally t;
	const char *type = session_check_get(s, "type");
	const char *mode = session_check_get(s, "mode");
	const char **choices = NULL;
	unsigned *counts = NULL;
	size_t i;
	int r;

	memset(&t, 0, sizeof t);
	t.form = session_check_get(s, "form");
	t.question = session_check_get(s, "question");
	if (t.form == NULL || *t.form == '\0' || strlen(t.form) >
	    SUBMISSION_MAX_FIELD || t.question == NULL ||
	    !xlsform_name_ok(t.question))
		return err_set(cause, ERR_INVALID, "a tally needs the form and "
		    "the question voted on");
	if (type == NULL || (strcmp(type, "select_one") != 0 &&
	    strcmp(type, "select_multiple") != 0))
		return err_set(cause, ERR_INVALID, "a tally's type must be "
		    "select_one or select_multiple");
	t.multiple = strcmp(type, "select_multiple") == 0;
	if (mode == NULL || (strcmp(mode, "hands") != 0 &&
	    strcmp(mode, "laptop") != 0))
		return err_set(cause, ERR_INVALID, "a tally's mode must be "
		    "hands or laptop");
	t.mode = strcmp(mode, "laptop") == 0 ? SESSION_LAPTOP : SESSION_HANDS;
	if (session_check_number(session_check_get(s, "voters"),
	    SESSION_MAX_VOTERS, &t.voters) != 0)
		return err_set(cause, ERR_INVALID, "a tally's voters must be a "
		    "number up to %d", SESSION_MAX_VOTERS);
	if ((choices = calloc(s->nanswers + 1, sizeof *choices)) == NULL ||
	    (counts = calloc(s->nanswers + 1, sizeof *counts)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < s->nanswers; i++) {
		const char *n = s->answers[i].name;

		if (strcmp(n, "form") == 0 || strcmp(n, "question") == 0 ||
		    strcmp(n, "type") == 0 || strcmp(n, "mode") == 0 ||
		    strcmp(n, "voters") == 0)
			continue;
		if (strncmp(n, "count.", 6) != 0) {
			r = err_set(cause, ERR_INVALID, "a tally has no field "
			    "'%s'", n);
			goto out;
		}
		if (session_check_number(s->answers[i].value,
		    SESSION_MAX_VOTERS, &counts[t.n]) != 0) {
			r = err_set(cause, ERR_INVALID, "a tally's %s is not a "
			    "count", n);
			goto out;
		}
		choices[t.n++] = n + 6;
	}
	t.choices = choices;
	t.counts = counts;
	r = session_tally_check(&t, cause);
out:
	free(choices);
	free(counts);
	return r;
}

int
session_sub_check(const struct submission *s, char **cause)
{
	const char *form = s->kind == SUBMISSION_NOTES ? SESSION_NOTES_FORM :
	    s->kind == SUBMISSION_TALLY ? SESSION_TALLY_FORM : NULL;

	if (form == NULL)
		return err_set(cause, ERR_INVALID, "it is not a notes or tally "
		    "submission");
	if (strcmp(s->form_id, form) != 0)
		return err_set(cause, ERR_INVALID, "a %s submission must name "
		    "form %s, not %s", form, form, s->form_id);
	return s->kind == SUBMISSION_NOTES ? session_check_notes(s, cause) :
	    session_check_tally(s, cause);
}
