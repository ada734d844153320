/*
 * Unit tests for parsing expressions (content/expr-lex.c, expr-parse.c,
 * expr-regex.c): syntax errors with their error value, column and reason;
 * the bounds on length, nesting, names and patterns; and the walks over
 * references and bare names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/expr.h"
#include "tests/unit/test.h"

/* Nothing is answered: these tests only need literals. */
static const struct expr_env env;

/* Parse errors: the error value, the column and a word from the reason. */
static const struct {
	const char	*src;
	int		 err;
	int		 col;
	const char	*cause;
} errors[] = {
	{ "", ERR_PARSE, 1, "empty expression" },
	{ "   ", ERR_PARSE, 1, "empty" },
	{ "(1 + 2))", ERR_PARSE, 8, "unexpected ')' at column 8" },
	{ "1 + 2)", ERR_PARSE, 6, "unexpected ')' at column 6" },
	{ "(1 + 2", ERR_PARSE, 7, "missing ')' at column 7" },
	{ "1 +", ERR_PARSE, 4, "unexpected end of expression at column 4" },
	{ "1 + * 2", ERR_PARSE, 5, "unexpected '*'" },
	{ "a = 'abc", ERR_PARSE, 5, "unclosed string starting at column 5" },
	{ "\"abc", ERR_PARSE, 1, "unclosed string" },
	{ "'abc\"", ERR_PARSE, 1, "unclosed string" },
	{ "fo(1)", ERR_UNSUPPORTED, 1, "unknown function 'fo'" },
	{ "1 + foo()", ERR_UNSUPPORTED, 5, "unknown function 'foo' at column 5" },
	{ "jr:choice-name(${a}, 'a')", ERR_PARSE, 1,
	    "the second argument must be the select question's name" },
	{ "position(${a})", ERR_UNSUPPORTED, 1, "only position(..)" },
	{ "1 + pulldata(${f}, 'a', 'b', 'c')", ERR_PARSE, 5,
	    "pulldata(): the first argument must be the name of a CSV file" },
	{ "pulldata('../f', 'a', 'b', 'c')", ERR_PARSE, 1,
	    "in quotes and without .csv" },
	{ "instance('towns')", ERR_UNSUPPORTED, 1, "function 'instance' "
	    "cannot be used here: it reads data from outside the form" },
	{ "area(${shape})", ERR_UNSUPPORTED, 1, "a kiosk cannot take" },
	{ "count(1)", ERR_PARSE, 1, "count() takes a question or a repeat" },
	{ "format-date(., '%Q')", ERR_PARSE, 16, "is not a format" },
	{ "digest(., 'SHA-3')", ERR_UNSUPPORTED, 1, "the algorithm must be" },
	{ "pos(1)", ERR_UNSUPPORTED, 1, "unknown function 'pos'" },
	{ "'\xc3\xa9t\xc3\xa9' = fo(1)", ERR_UNSUPPORTED, 9, "column 9" },
	{ "\xe6\x97\xa5\xe6\x9c\xac = )", ERR_PARSE, 6, "column 6" },
	{ "..", ERR_UNSUPPORTED, 1, "'..'" },
	{ "/data/age", ERR_UNSUPPORTED, 1, "paths" },
	{ "${a}[1]", ERR_UNSUPPORTED, 5, "paths" },
	{ "${a} | ${b}", ERR_UNSUPPORTED, 6, "paths" },
	{ "@id", ERR_UNSUPPORTED, 1, "paths" },
	{ "${", ERR_PARSE, 1, "malformed reference" },
	{ "${}", ERR_PARSE, 1, "malformed reference" },
	{ "${a b}", ERR_PARSE, 1, "malformed reference" },
	{ "1 + ${age", ERR_PARSE, 5, "malformed reference at column 5" },
	{ "$age", ERR_PARSE, 1, "malformed reference" },
	{ "1 ! 2", ERR_PARSE, 3, "not()" },
	{ "1 # 2", ERR_PARSE, 3, "unexpected character '#'" },
	{ "1 \xe2\x82\xac 2", ERR_PARSE, 3, "unexpected" },
	{ "1 2", ERR_PARSE, 3, "unexpected number '2' at column 3" },
	{ "'a' 'b'", ERR_PARSE, 5, "unexpected string" },
	{ "1e3", ERR_PARSE, 2, "unexpected 'e3'" },
	{ "1.2.3", ERR_PARSE, 4, "unexpected number" },
	{ "if(1, 2)", ERR_PARSE, 1, "if() takes 3 arguments, not 2" },
	{ "not()", ERR_PARSE, 1, "not() takes 1 argument, not 0" },
	{ "round(1, 2, 3)", ERR_PARSE, 1, "round() takes 1 to 2" },
	{ "coalesce(1)", ERR_PARSE, 1, "coalesce() takes 2 arguments" },
	{ "today(1)", ERR_PARSE, 1, "today() takes 0 arguments" },
	{ "selected(${a})", ERR_PARSE, 1, "selected() takes 2" },
	{ "concat('a',)", ERR_PARSE, 12, "unexpected ')'" },
	{ "concat('a' 'b')", ERR_PARSE, 12, "unexpected string" },
	{ "concat('a'", ERR_PARSE, 11, "missing ')'" },
	{ "()", ERR_PARSE, 2, "unexpected ')'" },
	{ "1 and", ERR_PARSE, 6, "end of expression" },
	{ "and 1", ERR_PARSE, 5, "unexpected number" },
	{ "regex(., '[a-')", ERR_PARSE, 10, "bad regular expression at column 10" },
	{ "regex(., '(a')", ERR_PARSE, 10, "missing closing parenthesis" },
	{ "regex(., 'a)')", ERR_PARSE, 10, "unmatched closing parenthesis" },
	{ "regex(., 'a\\Kb')", ERR_UNSUPPORTED, 10, "\\K" },
	{ "regex(., '(?P<n>a)')", ERR_UNSUPPORTED, 10, "(?...) construct" },
	{ "regex(., '\\p{InGreek}')", ERR_UNSUPPORTED, 10, "Unicode block" },
	{ "regex(., '(*UTF)a')", ERR_UNSUPPORTED, 10, "(*...)" },
	{ "regex(., '[a&&b]')", ERR_UNSUPPORTED, 10, "&&" },
	{ "regex(., '[[:alpha:]]')", ERR_UNSUPPORTED, 10, "class inside" },
	{ "regex(., 'a{70000}')", ERR_LIMIT, 10, "too big" },
	{ "regex(., '((a{100}){100}){100}')", ERR_LIMIT, 10, "too large" },
	{ "regex(., 'x\\')", ERR_PARSE, 10, "ends with" },
	{ "regex(., 'a{2}{3}')", ERR_PARSE, 10, "does not follow" },
	{ "regex(., '(){1,3}{33,}')", ERR_PARSE, 10, "does not follow" },
	{ "regex(., 'a**')", ERR_PARSE, 10, "does not follow" },
	{ "regex(., '((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
	    "((((((((((a)))))))))))))))))))))))))))))))))))))))))))))))))))))"
	    ")))))))))))))')", ERR_LIMIT, 10, "too deeply nested" },
	{ "regex(., '[]')", ERR_PARSE, 10, "missing terminating ]" },
	{ "regex(., '*a')", ERR_PARSE, 10, "bad regular expression" },
};

static int
collect(void *arg, const char *name)
{
	struct buf_like {
		char	s[256];
	} *b = arg;

	strncat(b->s, name, sizeof b->s - strlen(b->s) - 2);
	strcat(b->s, ";");
	return 0;
}

static int
stop_at_second(void *arg, const char *name)
{
	int *n = arg;

	(void)name;
	return ++*n == 2 ? 77 : 0;
}

static void
test_errors(void)
{
	struct expr *e;
	char *cause;
	size_t i;
	int r, col;

	for (i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		e = (struct expr *)&col;	/* must be reset to NULL */
		cause = NULL;
		col = -1;
		r = expr_parse(errors[i].src, &e, &col, &cause);
		CHECK(r == errors[i].err && col == errors[i].col &&
		    e == NULL && cause != NULL &&
		    strstr(cause, errors[i].cause) != NULL,
		    "error in \"%s\": %d col %d, %s", errors[i].src, r, col,
		    cause ? cause : "(no cause)");
		free(cause);
	}
}

static void
test_limits(void)
{
	char *src, *cause = NULL;
	struct expr *e = NULL;
	size_t i, n;
	int r, col;

	/* 64 nested parentheses are fine, 65 are not. */
	src = malloc(1000);
	for (n = 0; n < 64; n++)
		src[n] = '(';
	src[n] = '1';
	for (i = 0; i < 64; i++)
		src[n + 1 + i] = ')';
	src[n + 1 + i] = '\0';
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == 0 && e != NULL, "64 nested parentheses parse");
	{
		char *v = expr_eval_string(e, &env);

		CHECK_STR(v, "1", "and evaluate");
		free(v);
	}
	expr_free(&e);
	CHECK(e == NULL, "expr_free clears the pointer");
	memmove(src + 1, src, strlen(src) + 1);
	strcat(src, ")");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == ERR_LIMIT && col == 65 && e == NULL,
	    "65 nested parentheses are refused at column 65 (%d, %d)", r, col);
	CHECK(cause != NULL && strstr(cause, "64") != NULL, "and say why: %s",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	free(src);

	/* Hostile depth of every kind: calls, unary minus. */
	src = malloc(100000);
	src[0] = '\0';
	for (i = 0; i < 1000; i++)
		strcat(src, "not(");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == ERR_LIMIT && col == 65 * 4, "deep calls are refused (%d, %d)",
	    r, col);
	free(cause);
	cause = NULL;
	memset(src, '-', 5000);
	strcpy(src + 5000, "1");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == ERR_LIMIT && col == 65, "deep unary minus is refused");
	free(cause);
	cause = NULL;

	/* Long flat chains are not deep: 2000 terms. */
	src[0] = '\0';
	for (i = 0, n = 0; i < 2000; i++)
		n += (size_t)sprintf(src + n, "%s1", i ? "+" : "");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == 0, "a 2000-term sum parses");
	free(cause);
	cause = NULL;
	{
		char *s = expr_eval_string(e, &env);

		CHECK_STR(s, "2000", "and adds up");
		free(s);
	}
	expr_free(&e);

	/* 8 KiB is the bound. */
	memset(src, ' ', 8191);
	strcpy(src + 8191, "1");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == 0, "8192 bytes parse");
	expr_free(&e);
	memset(src, ' ', 8192);
	strcpy(src + 8192, "1");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == ERR_LIMIT && e == NULL, "8193 bytes are refused");
	CHECK(cause != NULL && strstr(cause, "8192") != NULL, "with a reason");
	free(cause);
	cause = NULL;

	/* Names are bounded too. */
	strcpy(src, "${");
	memset(src + 2, 'n', 300);
	strcpy(src + 302, "}");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == ERR_LIMIT && col == 1, "a 300-byte name is refused");
	free(cause);
	cause = NULL;

	/* A regex pattern computed at run time is bounded as well. */
	strcpy(src, "regex('a', concat('a', '");
	n = strlen(src);
	memset(src + n, 'a', 2000);
	strcpy(src + n + 2000, "'))");
	r = expr_parse(src, &e, &col, &cause);
	CHECK(r == 0, "a computed pattern parses");
	free(cause);
	cause = NULL;
	{
		struct expr_value v;

		r = expr_eval(e, &env, &v, &cause);
		CHECK(r == ERR_LIMIT && cause != NULL,
		    "but a long one is refused at evaluation (%d)", r);
		CHECK(v.type == EXPR_STRING && v.str == NULL,
		    "leaving the value empty");
		CHECK(expr_eval_bool(e, &env) == 0, "expr_eval_bool reads it false");
	}
	free(cause);
	cause = NULL;
	expr_free(&e);
	free(src);
}

static void
test_refs(void)
{
	struct {
		char	s[256];
	} b;
	struct expr *e = NULL;
	int n = 0;

	CHECK(expr_parse("${b} + selected(${a}, x) and ${b} = . or col", &e,
	    NULL, NULL) == 0, "parse without errcol or cause");
	b.s[0] = '\0';
	CHECK_INT(expr_foreach_ref(e, collect, &b), 0, "foreach_ref returns 0");
	CHECK_STR(b.s, "b;a;b;", "refs in source order, repeats included");
	b.s[0] = '\0';
	expr_foreach_name(e, collect, &b);
	CHECK_STR(b.s, "x;col;", "bare names");
	CHECK_INT(expr_foreach_ref(e, stop_at_second, &n), 77,
	    "foreach_ref stops with the callback's value");
	CHECK_INT(n, 2, "after the second reference");
	expr_free(&e);
	expr_free(&e);
	expr_free(NULL);
	CHECK(1, "expr_free accepts NULL twice");
}

int
main(void)
{
	test_errors();
	test_limits();
	test_refs();
	return test_done();
}
