/*
 * Fuzz XLSForm expressions (content/expr.h): expr_parse() on any text, and
 * for what parses, evaluation against a fixed set of typed answers (text,
 * numbers, dates, true/false, and names that stand for the answers of
 * several repeat instances), reference walks, storing the value as a
 * calculation stores it, and label interpolation, in a UTF-8 locale.
 *
 * Checked: a parse error always has a cause and a column, a parse success
 * has none; every name a walk reports is non-empty; evaluation succeeds or
 * fails with a cause and an empty value; values convert to strings and
 * store.
 *
 * FUZZ_OPTIONS: -max_len=2048
 */
#include <locale.h>

#include "content/err.h"
#include "content/expr.h"
#include "tests/fuzz/fuzz.h"

/* Answers by name; other names get one of them by length, "x" is unknown. */
static const struct {
	const char	*name;
	const char	*value;
	enum expr_type	 type;
	size_t		 n;	/* values it stands for (a repeat's) */
} fuzz_expr_answers[] = {
	{ "age", "25", EXPR_NUMBER, 1 }, { "name", "Zo\xc3\xab", EXPR_STRING, 1 },
	{ "pets", "dog cat", EXPR_STRING, 1 }, { "empty", "", EXPR_STRING, 1 },
	{ "half", "3.5", EXPR_NUMBER, 1 }, { "neg", "-2", EXPR_NUMBER, 1 },
	{ "date", "2024-05-01", EXPR_DATE, 1 }, { "t1", "09:30", EXPR_STRING, 1 },
	{ "exp", "1.0E-4", EXPR_NUMBER, 1 }, { "big", "1e308", EXPR_STRING, 1 },
	{ "nan", "NaN", EXPR_NUMBER, 1 }, { "inf", "-Infinity", EXPR_NUMBER, 1 },
	{ "space", "  12  ", EXPR_STRING, 1 },
	{ "many", "a b c d e f g h", EXPR_STRING, 1 },
	{ "yes", "1", EXPR_BOOL, 1 },
	{ "when", "2024-06-15T10:30:00.000+02:00", EXPR_DATE, 1 },
	{ "member", "", EXPR_STRING, 3 }, { "ages", "7", EXPR_NUMBER, 4 },
	{ "none", "", EXPR_STRING, 0 },
};
#define FUZZ_EXPR_NANSWERS \
	(sizeof fuzz_expr_answers / sizeof fuzz_expr_answers[0])

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static int
fuzz_expr_lookup(void *ctx, const char *name, int is_ref, size_t k,
    struct expr_item *item, size_t *n)
{
	size_t i;

	FUZZ_CHECK(name != NULL && name[0] != '\0',
	    "looked-up names are named");
	if (strcmp(name, "x") == 0)
		return ERR_NOTFOUND;
	for (i = 0; i < FUZZ_EXPR_NANSWERS; i++)
		if (strcmp(fuzz_expr_answers[i].name, name) == 0)
			break;
	if (i == FUZZ_EXPR_NANSWERS)
		i = (strlen(name) + (size_t)is_ref) % FUZZ_EXPR_NANSWERS;
	*n = fuzz_expr_answers[i].n;
	FUZZ_CHECK(k < *n || (k == 0 && *n == 0), "value %zu of %zu", k, *n);
	item->text = fuzz_expr_answers[i].value;
	item->type = fuzz_expr_answers[i].type;
	return 0;
}

static int
fuzz_expr_indexed(void *ctx, const char *field, const char *const *repeats,
    const double *index, size_t n, struct expr_item *item)
{
	FUZZ_CHECK(n >= 1 && n <= 5 && repeats[0] != NULL && index[0] >= 1,
	    "indexed-repeat gives 1 to 5 repeats, from 1");
	item->text = field;
	item->type = EXPR_STRING;
	return index[0] > 3 ? ERR_NOTFOUND : 0;
}

static const char *
fuzz_expr_choice(void *ctx, const char *question, const char *value)
{
	return strcmp(value, "a") == 0 ? question : NULL;
}

static int
fuzz_expr_name(void *arg, const char *name)
{
	FUZZ_CHECK(name != NULL && name[0] != '\0', "walked names are named");
	++*(int *)arg;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_env env;
	struct expr *e = NULL;
	struct expr_value v;
	enum expr_type t;
	char *src, *cause = NULL, *s;
	int col = -1, r, n = 0;

	memset(&env, 0, sizeof env);
	env.lookup = fuzz_expr_lookup;
	env.dot.text = "3";
	env.dot.type = size % 2 ? EXPR_NUMBER : EXPR_STRING;
	env.now = 1700000000;
	env.position = (double)(size % 4);
	env.indexed = fuzz_expr_indexed;
	env.choice = fuzz_expr_choice;
	env.version = "7";

	src = fuzz_strndup(data, size);
	/* Labels are interpolated whether or not they parse. */
	if ((s = expr_interpolate(src, &env)) != NULL)
		free(s);

	r = expr_parse(src, &e, &col, &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(e == NULL && cause != NULL && col >= 1,
		    "parse error %d has a cause (%s) and a column (%d)", r,
		    cause ? cause : "(null)", col);
		FUZZ_CHECK(r == ERR_PARSE || r == ERR_LIMIT ||
		    r == ERR_UNSUPPORTED || r == ERR_NOMEM, "parse error %d",
		    r);
		free(cause);
		free(src);
		return 0;
	}
	FUZZ_CHECK(e != NULL && cause == NULL, "a parse, no cause");
	(void)expr_foreach_ref(e, fuzz_expr_name, &n);
	(void)expr_foreach_name(e, fuzz_expr_name, &n);

	memset(&v, 0, sizeof v);
	r = expr_eval(e, &env, &v, &cause);
	if (r == ERR_OK) {
		FUZZ_CHECK(cause == NULL, "no cause on success");
		FUZZ_CHECK((s = expr_to_string(&v)) != NULL, "to string");
		free(s);
		FUZZ_CHECK((s = expr_value_store(&v, (enum expr_store)(size %
		    5), &t)) != NULL, "stored");
		FUZZ_CHECK(s[0] != '\0' || t == EXPR_STRING,
		    "an empty value is text");
		free(s);
		(void)expr_to_bool(&v);
		(void)expr_to_number(&v);
	} else {
		FUZZ_CHECK(cause != NULL, "eval error %d has a cause", r);
		FUZZ_CHECK(v.type == EXPR_STRING && v.str == NULL,
		    "an empty value on error");
	}
	expr_value_clear(&v);
	free(cause);
	/* A null environment: no names, "." is "". */
	(void)expr_eval_bool(e, NULL);
	if ((s = expr_eval_string(e, &env)) != NULL)
		free(s);
	expr_free(&e);
	FUZZ_CHECK(e == NULL, "free clears the pointer");
	free(src);
	return 0;
}
