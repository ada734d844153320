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
 * Repeats: the questions of a repeat are asked once per instance. A
 * question is named by an item (size_t): which entry of the form, in
 * which instance; SURVEY_Q(item) is the entry's index in the form, and
 * for a question outside any repeat the item is that index. A repeat with
 * a repeat_count has exactly that many instances; any other starts with
 * none, and after its last instance (or in place of the first) comes a
 * prompt screen, "Add another?", with the count so far, where the person
 * adds an instance, removes the last one, or goes on. Expressions see the
 * repeats as Collect does (content/expr.h): ${name} of the same instance
 * is one answer, of a repeat seen from outside it one per instance.
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
/* The entry of the form an item names, and the item of entry q at the top. */
#define SURVEY_Q_BITS		16
#define SURVEY_Q(item)		((item) & (((size_t)1 << SURVEY_Q_BITS) - 1))
/* Longest answer, in bytes (a text answer is also bounded in characters). */
#define SURVEY_MAX_ANSWER	(64 * 1024)
#define SURVEY_MAX_TEXT_CHARS	4000
/* Room for an RFC 3339 UTC time, "2026-11-23T14:05:09Z", and its NUL. */
#define SURVEY_TIME_MAX		32

struct survey;

/*
 * One screen: a question, or a field-list group from its BEGIN_GROUP
 * (first) to its END_GROUP (last), items of one instance, so that
 * first..last counts through them; or a repeat's prompt (prompt set;
 * first = last = the repeat's BEGIN in the enclosing instance).
 */
struct survey_screen {
	size_t	first;
	size_t	last;
	int	prompt;
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

/*
 * One answer of a response: its path and its value. The path is the
 * answer's key (xlsform.h) at the top, "member[2]/name" inside the second
 * instance of repeat member, "children[1]/cartoons[2]/name" in nested
 * ones; every instance is listed before its answers as its own path,
 * "member[2]", with value NULL, so that an instance with no answer keeps
 * its place. Values point into the survey.
 */
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
	char			*paths;		/* the names, owned */
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

/*
 * For checking a response that another device computed (the hub): fn
 * gives the value the device stored at an answer's path ("member[2]/x"),
 * NULL when it stored none. survey_new_given is survey_new, except that
 * every entry survey_recomputable says no to takes the device's value
 * (with the type its own computation gives: a date stays a date) and
 * keeps it, so that everything that follows from it is computed as on
 * the device, and can be checked.
 *
 * survey_recomputable: 0 (in a survey made by survey_new_given) for an
 * entry q whose computed value depends on the moment or the place it was
 * computed, so that it cannot be computed again later elsewhere: a
 * calculation or computed default that calls uuid(), random(), now(),
 * once() or today(), or pulldata() of a file the form does not have; an
 * entry set by its trigger column; the "today" metadata (the device's
 * local date); and whatever refers, however indirectly, to a moment of
 * the device's clock (today(), now(), "today"), whose dates turn into
 * other text in another time zone. 1 for every other entry.
 */
typedef const char *(*survey_given_fn)(void *ctx, const char *path);
int	survey_new_given(const struct xlsform *f, const char *lang,
	    time_t now, survey_given_fn fn, void *ctx, struct survey **out,
	    char **cause);
int	survey_recomputable(const struct survey *s, size_t q);

const struct xlsform *survey_form(const struct survey *s);
/* Switch the language of labels and messages; answers are kept. */
int	survey_set_lang(struct survey *s, const char *lang);
const char *survey_lang(const struct survey *s);

/*
 * The item of the entry named name (not an END_GROUP), when the name is
 * used once in the form and outside any repeat (SURVEY_NONE otherwise).
 */
size_t	survey_find(const struct survey *s, const char *name);
/*
 * The item an answer's path names ("age", "member[2]/name",
 * "member[2]"), making the instances it names when create is set (in
 * order: "member[2]" needs "member[1]"). SURVEY_NONE when the path names
 * nothing in this form, or an instance that is not there.
 */
size_t	survey_find_path(struct survey *s, const char *path, int create);
/* The path of item, as in a response ("member[2]/name"; Caller frees). */
char	*survey_path(const struct survey *s, size_t item);
/*
 * The same path without a copy where it can be: an entry outside every
 * repeat's is its key in the form; any other is written into b (emptied
 * first), valid until b changes. NULL for a bad item, or ENOMEM.
 */
struct buf;
const char *survey_path_at(const struct survey *s, size_t item,
	    struct buf *b);
/*
 * The item of form entry q as seen from item: in item's instance, or the
 * nearest instance around it that holds q (the group a question is in,
 * the repeat around it); SURVEY_NONE when none does.
 */
size_t	survey_item_at(const struct survey *s, size_t item, size_t q);
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
 *
 * survey_set is a person's answer: when it changes the value, every entry
 * whose trigger column names q is set to its calculation, as Collect does
 * (content/xlsform.h). survey_restore puts back an answer saved before (a
 * draft, a submission being checked): no trigger runs, and an entry that
 * only a trigger sets (a calculation with a trigger) takes its value too.
 */
int	survey_set(struct survey *s, size_t q, const char *value);
int	survey_restore(struct survey *s, size_t q, const char *value);
/*
 * Putting back every answer of a response another device computed (a
 * survey made by survey_new_given): after survey_restore_begin, each
 * survey_restore stores its answer without recomputing relevance and
 * calculations, and survey_restore_end recomputes once. The survey ends
 * as restoring them one by one leaves it, and each survey_restore says
 * what it would have said: anything that reads what is computed
 * (survey_find_path making an instance, a read_only expression)
 * recomputes first. A form whose computations settle only in some orders
 * (xlsform.h, settle) is recomputed after each answer, as ever. In
 * between, call only survey_find_path and survey_restore.
 */
void	survey_restore_begin(struct survey *s);
void	survey_restore_end(struct survey *s);
/*
 * survey_new_given, then survey_restore_begin: where restoring at once
 * holds, the survey computes nothing before survey_restore_end (or what
 * needs it) but its computed defaults.
 */
int	survey_new_restoring(const struct xlsform *f, const char *lang,
	    time_t now, survey_given_fn given, void *ctx, struct survey **out,
	    char **cause);
/*
 * survey_new_restoring into *sp, reusing the survey there when it is of
 * form f: emptied of every answer and instance (answers wiped) and
 * started again, it is what a new one would be. On failure *sp is freed
 * and NULL. Caller frees *sp with survey_free().
 */
int	survey_renew_restoring(struct survey **sp, const struct xlsform *f,
	    const char *lang, time_t now, survey_given_fn given, void *ctx,
	    char **cause);
/* 1 when survey_restore takes an answer for q. */
int	survey_restorable(const struct survey *s, size_t q);
/* Add choice name to a select_multiple answer, or take it out. */
int	survey_toggle(struct survey *s, size_t q, const char *name);
/* 1 when the space-separated list holds token. */
int	survey_has_token(const char *list, const char *token);

int	survey_relevant(const struct survey *s, size_t q);
/* The required flag, or the required expression's value now. */
int	survey_required(const struct survey *s, size_t q);
int	survey_read_only(const struct survey *s, size_t q);

/*
 * The label, hint or guidance_hint of q in the survey's language with
 * every ${name} replaced by its answer (Caller frees); NULL when q has
 * none (or ENOMEM). The runners show a guidance hint under the hint, as
 * Collect does with "Show guidance for questions: Yes - always shown".
 */
char	*survey_label(const struct survey *s, size_t q);
char	*survey_hint(const struct survey *s, size_t q);
char	*survey_guidance(const struct survey *s, size_t q);
/* A choice's label in the survey's language, else its name. */
const char *survey_choice_label(const struct survey *s,
	    const struct xlsform_choice *c);
/*
 * The choices of a select or rank question that pass its choice_filter
 * now, in sheet order, or shuffled when its parameters say randomize=true:
 * in the order Collect gives for the seed (content/expr.h, expr_shuffle).
 * The seed is the seed parameter's value; without one, it is derived from
 * this response, so that it is the same on every screen and after a
 * draft is resumed, and recorded with the response: the hash
 * (expr_long_hash) of the response's start time as the submission's
 * "started" holds it, a space, and the question's path ("2026-11-23T19:09:10Z
 * member[2]/colour"). *out is an array of pointers into the form (Caller
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
 * Repeats. item names a repeat's BEGIN in an instance (a prompt screen's
 * first) or any question inside one of its instances.
 *
 * survey_repeat_of: the repeat's prompt item for any item inside one of
 * its instances (the innermost repeat), or SURVEY_NONE at the top.
 * survey_repeat_count: how many instances the repeat has there.
 * survey_repeat_position: the 1-based position of item's instance (0 at
 * the top). survey_repeat_fixed: 1 when repeat_count decides the count.
 * survey_repeat_add: a new instance at the end; *screen gets its first
 * screen (or the prompt again when it has none to show). ERR_LIMIT past
 * SURVEY_MAX_INSTANCES, ERR_INVALID for a fixed count.
 * survey_repeat_remove: the last instance and all its answers go;
 * *screen gets the prompt's screen.
 */
size_t	survey_repeat_of(const struct survey *s, size_t item);
size_t	survey_repeat_count(const struct survey *s, size_t item);
size_t	survey_repeat_position(const struct survey *s, size_t item);
int	survey_repeat_fixed(const struct survey *s, size_t item);
int	survey_repeat_add(struct survey *s, size_t item, size_t *screen);
int	survey_repeat_remove(struct survey *s, size_t item, size_t *screen);

/*
 * Every answer given so far, for a draft: each instance and each stored
 * answer (relevant now or not) with its path, in order; instances have
 * value "". Clear with survey_response_clear().
 */
int	survey_draft_answers(const struct survey *s,
	    struct survey_response *out);

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
/*
 * A list of items and their values (pointers into the survey, valid until
 * it changes), whose room the next call that fills it reuses: zeroed to
 * start, survey_items_free when done.
 */
struct survey_items {
	size_t		 *items;
	const char	**values;
	size_t		  n;
	size_t		  cap;		/* room in both arrays */
};
/*
 * survey_response's answers as items instead of paths (survey_path makes
 * each one's): out->items[i] and out->values[i], out->n of them, in its
 * order. ERR_NOMEM (out->n 0).
 */
int	survey_response_items(struct survey *s, time_t now,
	    struct survey_items *out);
/*
 * survey_draft_answers' answers as items likewise (instances' values are
 * ""), without making paths. ERR_NOMEM.
 */
int	survey_draft_items(const struct survey *s, struct survey_items *out);
/* Free out's arrays (the values they point to are the survey's). */
void	survey_items_free(struct survey_items *out);

/* t as RFC 3339 in UTC: "2026-11-23T14:05:09Z". */
void	survey_format_time(time_t t, char out[SURVEY_TIME_MAX]);

#endif
