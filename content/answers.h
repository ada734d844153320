/*
 * Answers given outside the kiosk (a paper form typed in with `outreach
 * submit`), as a JSON object of question name to answer, put into a
 * survey and checked with the kiosk's own rules.
 *
 * An answer is a string; for select_multiple and rank also a list of
 * choice names (joined with spaces, as XLSForm stores them); for integer,
 * decimal and range also a number. A repeat is a list of objects under
 * its name, one per instance, each holding that instance's answers the
 * same way (as a submission holds them, sync/submission.h); a problem
 * inside one is named by its path, "member[2]/age". Every problem is reported through a
 * callback, one call per problem, and counted: an unknown name, an answer
 * to something that takes none (a note, a group, a calculation, a
 * read-only question), an answer of the wrong JSON kind, one that is too
 * long or not text, an answer to a question that does not apply given the
 * others, and then every question's check (required, type, choices,
 * constraint; content/survey.h). The caller keeps the response only when
 * there is none: a paper form typed in wrongly must not be half kept.
 *
 * Nothing here prints or translates. A problem's message is an English
 * sentence from a fixed set marked N_() (from_form 0), which the front end
 * passes through gettext, or the form's own required or constraint
 * message in the survey's language (from_form 1), shown as it is.
 *
 * The input is hostile: at most ANSWERS_MAX_INPUT bytes and
 * ANSWERS_MAX_ITEMS names, strict JSON (no duplicate names, no NUL in a
 * string, nesting bounded by the parser), and every answer bounded by
 * survey_set(). Answers are wiped from the parser's memory before it is
 * freed.
 */
#ifndef OUTREACH_ANSWERS_H
#define OUTREACH_ANSWERS_H

#include <stddef.h>

struct survey;

/* Largest JSON input, in bytes, and most names in the object. */
#define ANSWERS_MAX_INPUT	(1024 * 1024)
#define ANSWERS_MAX_ITEMS	10000
/* Room for the parser's message, sanitised (3 bytes per input byte). */
#define ANSWERS_SYNTAX_TEXT	512

/*
 * Where the JSON stopped making sense (ERR_PARSE): the line and column
 * the parser reports (1-based; 0 when it cannot say) and its English
 * message, safe to print (controls and invalid UTF-8 replaced).
 */
struct answers_syntax {
	int	line;
	int	column;
	char	text[ANSWERS_SYNTAX_TEXT];
};

/*
 * One problem: name is the input's name or the question's (from the
 * input: sanitise it before showing it), msg as described above.
 */
typedef void (*answers_problem_fn)(void *arg, const char *name,
    const char *msg, int from_form);

/*
 * Put the answers of json (len bytes, need not end in NUL) into s, then
 * check them and every question of the form. fn (may be NULL) gets each
 * problem, in order: those of the answers in input order, then relevance
 * in input order, then each question in form order; *nproblems gets their
 * count. Returns 0 (look at *nproblems), or nothing is counted and:
 * ERR_PARSE when json is not JSON (where, if not NULL, and *cause say
 * where and why), ERR_INVALID when it is not an object, ERR_LIMIT for too
 * large an input or too many names, ERR_NOMEM. s may hold some answers
 * after any failure or problem: throw it away.
 */
int	answers_apply(struct survey *s, const char *json, size_t len,
	    answers_problem_fn fn, void *arg, int *nproblems,
	    struct answers_syntax *where, char **cause);

#endif
