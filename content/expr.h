/*
 * XLSForm expressions: the XPath subset that ODK uses.
 *
 * An expression is parsed once, when its form loads, into a tree that can
 * be evaluated many times against the answers given so far. Values follow
 * ODK's rules: every answer is a string; an empty or non-relevant answer
 * reads as ""; number("") and number("abc") are NaN; comparisons between a
 * number and a string convert the string; booleans convert as XPath does.
 *
 * Supported: ${name}, ., string and number literals, or, and, not(),
 * = != < <= > >=, + - * div mod, unary minus, parentheses, and the
 * functions selected, count-selected, string-length, concat, if, coalesce,
 * regex, today, int, round, number, true, false, string, boolean, plus bare
 * names (used by choice_filter to refer to columns of the choices sheet).
 *
 * Details a form author may meet: strings may also be quoted with the curly
 * quotes spreadsheets substitute (pyxform accepts them too); < <= > >=
 * compare two ISO dates (or two times) as text, so ". >= today()" works,
 * and arithmetic reads a date as days since 1970-01-01, as JavaRosa does,
 * so "int((today() - ${dob}) div 365.25)" is an age;
 * round() rounds halves away from zero on the decimal digits (round(2.675,
 * 2) is 2.68); regex() takes Java-style patterns (\d, \w, \s, (?:...)) and
 * searches like Java's find(), matching multi-byte characters as single
 * characters only in a UTF-8 locale (setlocale); today() is the local date
 * "YYYY-MM-DD".
 */
#ifndef OUTREACH_EXPR_H
#define OUTREACH_EXPR_H

#include <stddef.h>
#include <time.h>

struct expr;			/* opaque parsed expression */

enum expr_type {
	EXPR_STRING,
	EXPR_NUMBER,
	EXPR_BOOL,
};

struct expr_value {
	enum expr_type	 type;
	double		 num;	/* EXPR_NUMBER */
	int		 b;	/* EXPR_BOOL */
	char		*str;	/* EXPR_STRING; owned, freed by expr_value_clear */
};

/*
 * Look up the answer for a name. `is_ref` is 1 for ${name} and 0 for a bare
 * name (a choice column in choice_filter). Set *value to the answer ("" when
 * unanswered or not relevant) and return 0, or return ERR_NOTFOUND when the
 * name is unknown. The string must stay valid until the evaluation returns.
 */
typedef int (*expr_lookup_fn)(void *ctx, const char *name, int is_ref,
    const char **value);

struct expr_env {
	expr_lookup_fn	 lookup;
	void		*ctx;
	const char	*dot;	/* value of "." (the current answer); NULL is "" */
	time_t		 now;	/* for today(); 0 means time(NULL) */
};

/*
 * Parse src. On a syntax error, return ERR_PARSE, set *errcol to the 1-based
 * column (in characters) of the problem and *cause to a sentence naming it
 * (Caller frees). Sizes are bounded (ERR_LIMIT for absurd input: more than
 * 8 KiB, nesting deeper than 64, a name over 255 bytes). Valid XPath that
 * we do not evaluate (an unknown function, a path such as ../x or /data/x,
 * a regex feature POSIX lacks) is ERR_UNSUPPORTED. errcol and cause are
 * set for every error; either may be NULL.
 */
int	expr_parse(const char *src, struct expr **out, int *errcol,
	    char **cause);
void	expr_free(struct expr **e);

/*
 * Evaluate; on success *out holds a value to clear with expr_value_clear.
 * Errors: ERR_NOTFOUND (the lookup does not know a name; the cause names
 * it), ERR_PARSE / ERR_UNSUPPORTED / ERR_LIMIT (a regex pattern computed at
 * run time), ERR_NOMEM. On error *out is an empty string value (str NULL).
 * A NULL env has no names and "." is "".
 */
int	expr_eval(const struct expr *e, const struct expr_env *env,
	    struct expr_value *out, char **cause);
/* Evaluate and convert with XPath's boolean(); errors read as false. */
int	expr_eval_bool(const struct expr *e, const struct expr_env *env);
/*
 * Evaluate and convert with XPath's string(); errors read as "" (Caller
 * frees; NULL on ENOMEM).
 */
char	*expr_eval_string(const struct expr *e, const struct expr_env *env);

/* Conversions by XPath's rules; expr_to_string returns a malloc'd string. */
int	 expr_to_bool(const struct expr_value *v);
double	 expr_to_number(const struct expr_value *v);
char	*expr_to_string(const struct expr_value *v);
void	 expr_value_clear(struct expr_value *v);

/*
 * Call fn for every ${name} the expression refers to, in order; stop and
 * return fn's value when it is non-zero. Used to check that references
 * name questions that exist.
 */
int	expr_foreach_ref(const struct expr *e,
	    int (*fn)(void *arg, const char *name), void *arg);

/* The same for every bare name (the choice columns a choice_filter uses). */
int	expr_foreach_name(const struct expr *e,
	    int (*fn)(void *arg, const char *name), void *arg);

/*
 * Replace every ${name} in a label with its answer (Caller frees). Text
 * that is not a well-formed reference is copied unchanged.
 */
char	*expr_interpolate(const char *label, const struct expr_env *env);

#endif
