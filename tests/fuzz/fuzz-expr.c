/*
 * Fuzz XLSForm expressions (content/expr.h): expr_parse() on any text, and
 * for what parses, evaluation against a fixed set of answers, reference
 * walks and label interpolation, in a UTF-8 locale.
 *
 * Checked: a parse error always has a cause and a column, a parse success
 * has none; every name a walk reports is non-empty; evaluation succeeds or
 * fails with a cause and an empty value; values convert to strings.
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
} fuzz_expr_answers[] = {
	{ "age", "25" }, { "name", "Zo\xc3\xab" }, { "pets", "dog cat" },
	{ "empty", "" }, { "half", "3.5" }, { "neg", "-2" },
	{ "date", "2024-05-01" }, { "t1", "09:30" }, { "exp", "1e3" },
	{ "big", "1e308" }, { "nan", "NaN" }, { "inf", "-Infinity" },
	{ "space", "  12  " }, { "many", "a b c d e f g h" },
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
fuzz_expr_lookup(void *ctx, const char *name, int is_ref, const char **value)
{
	size_t i;

	FUZZ_CHECK(name != NULL && name[0] != '\0',
	    "looked-up names are named");
	if (strcmp(name, "x") == 0)
		return ERR_NOTFOUND;
	for (i = 0; i < FUZZ_EXPR_NANSWERS; i++)
		if (strcmp(fuzz_expr_answers[i].name, name) == 0) {
			*value = fuzz_expr_answers[i].value;
			return 0;
		}
	*value = fuzz_expr_answers[(strlen(name) + (size_t)is_ref) %
	    FUZZ_EXPR_NANSWERS].value;
	return 0;
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
	struct expr_env env = { fuzz_expr_lookup, NULL, "3", 1700000000 };
	struct expr *e = NULL;
	struct expr_value v;
	char *src, *cause = NULL, *s;
	int col = -1, r, n = 0;

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
