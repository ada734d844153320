/*
 * The survey runtime: one person's answers to one loaded XLSForm.
 *
 * A survey is made from a form (content/xlsform.h) and a language. It holds
 * the answers by question, as XLSForm strings (select_multiple and rank
 * space-separated), and keeps what follows from them up to date after every
 * change: which questions are relevant (a question is relevant when its own
 * relevant expression and every enclosing group's hold), and the value of
 * every calculation, recomputed in form order. An answer to a question that
 * is not relevant is kept (it comes back if the question does) but reads as
 * "" in every expression and is left out of the response.
 *
 * It knows the screens a runner shows: one question per screen, except a
 * group with the field-list appearance, which is one screen; a note is a
 * screen of its own; calculations, metadata and groups themselves are never
 * shown. It validates an answer, a screen or the whole response by the same
 * rules everywhere (the kiosk, --plain and `outreach submit`): required,
 * the type (integer, decimal, date, range, choices of the filtered list,
 * rank), then the constraint.
 *
 * No curses, no crypto: the front ends draw, and the sealing code turns a
 * struct survey_response into the submission. Answers are wiped
 * (explicit_bzero) when replaced and when the survey is freed.
 */
#ifndef OUTREACH_SURVEY_H
#define OUTREACH_SURVEY_H

#include <stddef.h>
#include <time.h>

#include "content/xlsform.h"

#define SURVEY_NONE		((size_t)-1)
/* Longest answer, in bytes (a text answer is also bounded in characters). */
#define SURVEY_MAX_ANSWER	(64 * 1024)
#define SURVEY_MAX_TEXT_CHARS	4000
/* Room for an RFC 3339 UTC time, "2026-11-23T14:05:09Z", and its NUL. */
#define SURVEY_TIME_MAX		32

struct survey;

/*
 * One screen: a question, or a field-list group from its BEGIN_GROUP
 * (first) to its END_GROUP (last).
 */
struct survey_screen {
	size_t	first;
	size_t	last;
};

enum survey_problem_kind {
	SURVEY_P_REQUIRED,	/* no answer to a required question */
	SURVEY_P_TYPE,		/* not a whole number, number, date... */
	SURVEY_P_CHOICE,	/* not one of the (filtered) choices */
	SURVEY_P_CONSTRAINT,	/* the constraint does not hold */
};

/*
 * The first thing wrong with an answer. `msg` is the form's own
 * required_message or constraint_message in the survey's language when it
 * has one (from_form is 1); otherwise an English sentence from a fixed set
 * that the front end translates with gettext (from_form is 0). msg points
 * into the form or is a string constant.
 */
struct survey_problem {
	size_t		 q;		/* question index in the form */
	const char	*name;
	enum survey_problem_kind kind;
	const char	*msg;
	int		 from_form;
};

/* One answer of a response: pointers into the survey. */
struct survey_answer {
	const char	*name;
	const char	*value;
};

/*
 * A finished response, as a view of the survey: valid until the survey
 * changes or is freed. Only relevant questions with a non-empty answer
 * (including calculations and metadata) are listed, in form order.
 */
struct survey_response {
	const char		*form_id;
	const char		*form_version;	/* "" when the form has none */
	const char		*form_title;
	const char		*lang;		/* the person's language code */
	const char		*kind;		/* "survey" or "feedback" */
	const char		*pack_id;	/* the pack the person read, */
	const char		*pack_version;	/* set by the front end, or NULL */
	time_t			 started;
	time_t			 submitted;
	struct survey_answer	*answers;	/* owned by the response */
	size_t			 nanswers;
};

/*
 * Where a finished response goes to be sealed (sync/ provides the real
 * one). Returns 0 when it is stored for good, or an ERR_* value with *cause
 * set to a sentence for the person (Caller frees).
 */
typedef int (*survey_submit_fn)(void *ctx, const struct survey_response *resp,
    char **cause);

/*
 * Start a survey of form f (which must outlive it) in language lang (a
 * code, a name or a label; NULL for the form's default), started at `now`
 * (0 for the current time). Defaults are filled in, then relevance and
 * calculations. Caller frees with survey_free().
 */
int	survey_new(const struct xlsform *f, const char *lang, time_t now,
	    struct survey **out, char **cause);
void	survey_free(struct survey **s);

const struct xlsform *survey_form(const struct survey *s);
/* Switch the language of labels and messages; answers are kept. */
int	survey_set_lang(struct survey *s, const char *lang);
const char *survey_lang(const struct survey *s);

/* The question index of an entry named name (not an END_GROUP). */
size_t	survey_find(const struct survey *s, const char *name);
/* 1 when the entry of type t is shown to a person (asked or a note). */
int	survey_type_shown(enum xlsform_type t);
/* 1 when a person can give an answer to question q. */
int	survey_answerable(const struct survey *s, size_t q);

/* The answer to q as expressions see it: "" if unanswered or not relevant. */
const char *survey_get(const struct survey *s, size_t q);
/* The stored answer, even when q is not relevant ("" if none). */
const char *survey_get_raw(const struct survey *s, size_t q);
/*
 * Set the answer to q ("" or NULL clears it), then recompute relevance and
 * calculations. Surrounding blanks are trimmed except for text, and
 * select_multiple and rank tokens are joined by single spaces. Returns
 * ERR_INVALID for an entry that takes no answer (a note, a group, a
 * calculation, metadata, a read-only question) or for invalid UTF-8,
 * ERR_LIMIT for more than SURVEY_MAX_ANSWER bytes, ERR_NOMEM.
 */
int	survey_set(struct survey *s, size_t q, const char *value);
/* Add choice name to a select_multiple answer, or take it out. */
int	survey_toggle(struct survey *s, size_t q, const char *name);
/* 1 when the space-separated list holds token. */
int	survey_has_token(const char *list, const char *token);

int	survey_relevant(const struct survey *s, size_t q);
/* The required flag, or the required expression's value now. */
int	survey_required(const struct survey *s, size_t q);
int	survey_read_only(const struct survey *s, size_t q);

/*
 * The label or hint of q in the survey's language with every ${name}
 * replaced by its answer (Caller frees); NULL when q has none (or ENOMEM).
 */
char	*survey_label(const struct survey *s, size_t q);
char	*survey_hint(const struct survey *s, size_t q);
/* A choice's label in the survey's language, else its name. */
const char *survey_choice_label(const struct survey *s,
	    const struct xlsform_choice *c);
/*
 * The choices of a select or rank question that pass its choice_filter
 * now, in sheet order. *out is an array of pointers into the form (Caller
 * frees the array; NULL when there are none).
 */
int	survey_choices(const struct survey *s, size_t q,
	    const struct xlsform_choice ***out, size_t *n);
/*
 * The answer to q as a person reads it: choice labels instead of names
 * ("; " between them; rank numbered "1. A; 2. B"), "" when unanswered
 * (Caller frees; NULL on ENOMEM).
 */
char	*survey_answer_text(const struct survey *s, size_t q);

/*
 * Quick feedback about what a person is reading (survey-topic.c): answer
 * the form's first select_one question that has a choice for it: the one
 * whose label, in heading_lang (the language the page is shown in), begins
 * with the words of heading before its colon ("Commitment 5" of
 * "Commitment 5: A stronger front door" finds "Commitment 5 (2023 to
 * 2026): ..."), else the one named like the page (its id). Case and
 * accents do not matter (utf8_fold_lang). Returns the question answered,
 * or SURVEY_NONE.
 */
size_t	survey_preset_topic(struct survey *s, const char *page,
	    const char *heading, const char *heading_lang);

/* The screens, whether relevant or not; the order is the form's. */
size_t	survey_nscreens(const struct survey *s);
const struct survey_screen *survey_screen(const struct survey *s, size_t i);
/* The screen that shows question q, or SURVEY_NONE. */
size_t	survey_screen_of(const struct survey *s, size_t q);
/* 1 when screen i has something relevant to show now. */
int	survey_screen_shown(const struct survey *s, size_t i);
/* The first shown screen, the next or previous one from i; NONE at the end. */
size_t	survey_first(const struct survey *s);
size_t	survey_next(const struct survey *s, size_t i);
size_t	survey_prev(const struct survey *s, size_t i);
/* "Question pos of total": screen i counted among the shown screens. */
void	survey_progress(const struct survey *s, size_t i, size_t *pos,
	    size_t *total);

/*
 * Validate question q, screen i, or every shown screen in order. Returns 0
 * when all is well, or ERR_INVALID with the first problem in *p. A question
 * that is not relevant has no problems.
 */
int	survey_check(const struct survey *s, size_t q, struct survey_problem *p);
int	survey_check_screen(const struct survey *s, size_t i,
	    struct survey_problem *p);
int	survey_validate(const struct survey *s, struct survey_problem *p);

/*
 * The response as it stands, submitted at `now` (0 for the current time),
 * of kind "survey" or "feedback". The `end` metadata takes that time.
 * Clear it with survey_response_clear(). ERR_NOMEM.
 */
int	survey_response(struct survey *s, time_t now, const char *kind,
	    struct survey_response *out);
void	survey_response_clear(struct survey_response *r);

/* t as RFC 3339 in UTC: "2026-11-23T14:05:09Z". */
void	survey_format_time(time_t t, char out[SURVEY_TIME_MAX]);

#endif
