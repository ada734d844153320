/*
 * XLSForm expressions, evaluated as ODK Collect evaluates them.
 *
 * An expression is parsed once, when its form loads, into a tree that can
 * be evaluated many times against the answers given so far. The reference
 * is Collect's engine, JavaRosa (org.javarosa.xpath.expr.XPathFuncExpr and
 * its neighbours); where Collect has nothing to say (floor, ceiling,
 * substring), XPath 1.0. What a form author meets:
 *
 *  - Values are strings, numbers, booleans and dates. An answer has the
 *    type of its question: an integer, decimal or range answer is a
 *    number, a date answer a date, a calculation keeps the type of what
 *    it computed, everything else is a string; an unanswered or
 *    non-relevant question reads "" (a string).
 *  - = and != compare as booleans when either side is one, else as
 *    numbers (equal within 1e-12) when either side is one, else as text
 *    (a date as "YYYY-MM-DD"). < <= > >= and arithmetic convert both
 *    sides to numbers; a date counts days since 1970-01-01, so
 *    "today() - ${dob}" is an age in days, but a string that looks like a
 *    date is not a number: compare dates with date('2024-06-01').
 *  - number() of a string reads '-', '.' and digits only, ',' as '.',
 *    after trimming: "1,5" is 1.5, "1e3" and "+1" are NaN. string() of a
 *    number: "NaN", "Infinity", "0" within 1e-12 of zero, an integer
 *    without a point when within 1e-12 of one (up to 2^31), else Java's
 *    Double.toString ("0.5", "1.0E-4", "1.23456789E7"). and/or give
 *    booleans; a number is true when further than 1e-12 from 0.
 *  - round(x[, places]) rounds the decimal digits, halves towards +inf
 *    (round(2.5) = 3, round(-2.5) = -2, round(1.005, 2) = 1.01); with
 *    negative places it truncates x / 10^k + 0.5 as Collect does
 *    (round(-15, -1) = -10).
 *  - regex(s, p) matches the whole of s, like Java's Pattern.matches, with
 *    Java's pattern syntax (content/expr-regex.c).
 *  - The function library is JavaRosa's, less what needs a location or
 *    data outside the form; those (area, distance, geofence, instance,
 *    randomize...) are refused by name when the form loads. pulldata()
 *    reads a CSV file beside the form, as Collect reads one attached to
 *    the form: its first argument must be the file's name in quotes.
 *
 * What is computed is stored as Collect stores it (expr_value_store): a
 * NaN or "" result stores nothing, a whole number as an integer, another
 * number as Java writes it, a boolean as "1" or "0", a date as an ISO 8601
 * date and time in the local zone.
 */
#ifndef OUTREACH_EXPR_H
#define OUTREACH_EXPR_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct expr;			/* opaque parsed expression */

enum expr_type {
	EXPR_STRING,
	EXPR_NUMBER,
	EXPR_BOOL,
	EXPR_DATE,		/* num: milliseconds since 1970-01-01T00:00Z */
};

struct expr_value {
	enum expr_type	 type;
	double		 num;	/* EXPR_NUMBER, EXPR_DATE */
	int		 b;	/* EXPR_BOOL */
	char		*str;	/* EXPR_STRING; owned, freed by expr_value_clear */
};

/*
 * One value a name stands for: its text as stored and the type it reads
 * as. EXPR_NUMBER text is a number ("12", "2.5"), EXPR_DATE an ISO date or
 * date and time, EXPR_BOOL "1"/"0" (or "true"/"false"); "" is always an
 * empty string, whatever the type.
 */
struct expr_item {
	const char	*text;
	enum expr_type	 type;
};

/*
 * Look up a name. `is_ref` is 1 for ${name} and 0 for a bare name (a
 * column of the choices sheet in a choice_filter). A name stands for n
 * values (*n): one for a question outside any repeat or in the repeat
 * being evaluated, one per instance for a question of a repeat seen from
 * outside it (0 when there is none). Put value number i (0-based; asked
 * only for i < n) in *item, and return 0, or ERR_NOTFOUND for an unknown
 * name. Strings must stay valid until the evaluation returns.
 */
typedef int (*expr_lookup_fn)(void *ctx, const char *name, int is_ref,
    size_t i, struct expr_item *item, size_t *n);

/* indexed-repeat(${field}, ${repeat}, i, ...): the field in those instances. */
typedef int (*expr_indexed_fn)(void *ctx, const char *field,
    const char *const *repeats, const double *index, size_t n,
    struct expr_item *item);

/* jr:choice-name(value, '${question}'): value's label, or NULL. */
typedef const char *(*expr_choice_fn)(void *ctx, const char *question,
    const char *value);

/*
 * pulldata('file', 'column', 'key_column', key): the column of the first
 * row of file.csv whose key_column is key, or NULL for none.
 */
typedef const char *(*expr_pulldata_fn)(void *ctx, const char *file,
    const char *column, const char *key_column, const char *key);

struct expr_env {
	expr_lookup_fn	 lookup;
	void		*ctx;
	struct expr_item dot;	/* "." (the current answer); text NULL is "" */
	time_t		 now;	/* for today() and now(); 0 is time(NULL) */
	double		 position;	/* position(..); 0 outside a repeat */
	expr_indexed_fn	 indexed;	/* NULL: indexed-repeat() finds "" */
	expr_choice_fn	 choice;	/* NULL: jr:choice-name() gives "" */
	const char	*version;	/* version(); NULL is "" */
	expr_pulldata_fn pulldata;	/* NULL: pulldata() gives "" */
};

/*
 * Parse src. On a syntax error, return ERR_PARSE, set *errcol to the 1-based
 * column (in characters) of the problem and *cause to a sentence naming it
 * (Caller frees). Sizes are bounded (ERR_LIMIT for absurd input: more than
 * 8 KiB, nesting deeper than 64, a name over 255 bytes). Valid XPath that
 * we do not evaluate (a function that needs a location or outside data, a
 * path such as /data/x, a regex feature Java reads differently) is
 * ERR_UNSUPPORTED, naming it. errcol and cause are set for every error;
 * either may be NULL.
 */
int	expr_parse(const char *src, struct expr **out, int *errcol,
	    char **cause);
void	expr_free(struct expr **e);

/*
 * Evaluate; on success *out holds a value to clear with expr_value_clear.
 * Errors (where Collect stops with an error too): ERR_NOTFOUND (the lookup
 * does not know a name; the cause names it), ERR_INVALID (a value of the
 * wrong kind: a repeated question where one value is needed, a string
 * that is not a date...), ERR_PARSE / ERR_UNSUPPORTED / ERR_LIMIT (a regex
 * pattern computed at run time), ERR_NOMEM. On error *out is an empty
 * string value (str NULL). A NULL env has no names and "." is "".
 */
int	expr_eval(const struct expr *e, const struct expr_env *env,
	    struct expr_value *out, char **cause);
/* Evaluate and convert with boolean(); errors read as false. */
int	expr_eval_bool(const struct expr *e, const struct expr_env *env);
/*
 * Evaluate and convert with string(); errors read as "" (Caller frees;
 * NULL on ENOMEM).
 */
char	*expr_eval_string(const struct expr *e, const struct expr_env *env);

/* Conversions as JavaRosa's; expr_to_string returns a malloc'd string. */
int	 expr_to_bool(const struct expr_value *v);
double	 expr_to_number(const struct expr_value *v);
char	*expr_to_string(const struct expr_value *v);
void	 expr_value_clear(struct expr_value *v);

/*
 * v as Collect stores a computed value (Caller frees; "" for NaN and ""),
 * and the type it reads back as (*type). A date question keeps only the
 * date; an integer question the whole part.
 */
enum expr_store {
	EXPR_STORE_ANY,		/* a calculation: the value's own type */
	EXPR_STORE_DATE,
	EXPR_STORE_INTEGER,
	EXPR_STORE_DECIMAL,
	EXPR_STORE_TEXT,
};
char	*expr_value_store(const struct expr_value *v, enum expr_store as,
	    enum expr_type *type);

/*
 * Randomized choices as JavaRosa orders them (content/expr-random.c).
 * expr_long_hash: toLongHash, the first 8 bytes of the SHA-256 of s as a
 * big-endian signed integer ("" is 0). expr_seed: toNumericWithLongHash,
 * d's whole part, or the hash of text when d is NaN. expr_shuffle: order[k]
 * becomes the index of the item shown k-th of n, as FisherYates.shuffle
 * with a ParkMiller(seed) generator puts them.
 */
int64_t	 expr_long_hash(const char *s);
int64_t	 expr_seed(double d, const char *text);
void	 expr_shuffle(size_t n, int64_t seed, size_t *order);

/* A number in plain decimal, as a person types it (never an exponent). */
#define EXPR_DECIMAL_BUFSZ	400
void	 expr_decimal(double d, char buf[EXPR_DECIMAL_BUFSZ]);

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

/* The same for the file every pulldata('file', ...) reads (file.csv). */
int	expr_foreach_data(const struct expr *e,
	    int (*fn)(void *arg, const char *file), void *arg);

/*
 * What e calls, of position(..), uuid(), random(), now(), once(), today(),
 * and whether it reads ".".
 */
#define EXPR_USES_POSITION	0x1
#define EXPR_USES_VOLATILE	0x2	/* uuid, random, now: differ each time */
#define EXPR_USES_ONCE		0x4
#define EXPR_USES_CLOCK		0x8	/* today, now: the device's clock */
#define EXPR_USES_DOT		0x10	/* ".", the entry's own value */
int	expr_uses(const struct expr *e);

/*
 * Replace every ${name} in a label with its answer, as string() writes it
 * (Caller frees). Text that is not a well-formed reference is copied
 * unchanged.
 */
char	*expr_interpolate(const char *label, const struct expr_env *env);

#endif
