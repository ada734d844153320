/*
 * Fuzz regex() (content/expr-regex.c): a Java pattern translated for
 * PCRE2 and matched against an answer. The input is the pattern, a NUL
 * and the answer (without a NUL, the answer is the pattern itself).
 *
 * Checked: compiling gives a pattern, or a refusal of a known kind with a
 * cause; matching gives true or false, or a limit or a bad answer with a
 * cause (the match limits bound it: libFuzzer's -timeout catches a stall);
 * regex() in an expression agrees with the pattern compiled alone (a
 * pattern that does not compile does not parse), and a non-literal
 * pattern computed at run time gives the same answer; and the whole-answer
 * rule: the answer quoted as \Q...\E matches itself and nothing longer.
 *
 * FUZZ_OPTIONS: -max_len=1200 -dict=tests/fuzz/regex.dict
 */
#include <locale.h>
#include <stdio.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/expr-int.h"
#include "content/expr.h"
#include "content/utf8.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* Compile and match; -1 when the pattern is refused. */
static int
fuzz_regex_run(const char *pattern, const char *answer, int *compiled)
{
	struct expr_rx *rx = NULL;
	char *cause = NULL;
	int r, m;

	r = expr_regex_compile(pattern, &rx, &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(rx == NULL && cause != NULL && (r == ERR_PARSE ||
		    r == ERR_UNSUPPORTED || r == ERR_LIMIT || r == ERR_NOMEM),
		    "a refused pattern has a known error and a cause (%d)", r);
		free(cause);
		*compiled = 0;
		return -1;
	}
	FUZZ_CHECK(rx != NULL && cause == NULL, "a compiled pattern, no cause");
	*compiled = 1;
	m = expr_regex_match(rx, answer, &cause);
	if (m < 0) {
		FUZZ_CHECK(cause != NULL && (m == ERR_LIMIT || m == ERR_INVALID ||
		    m == ERR_NOMEM), "a failed match has a cause (%d)", m);
		FUZZ_CHECK(m != ERR_INVALID || !utf8_valid(answer,
		    strlen(answer)), "only an answer that is not UTF-8 is "
		    "unreadable");
		free(cause);
	} else
		FUZZ_CHECK(m == 0 || m == 1 || m == ERR_LIMIT,
		    "a match is true or false");
	expr_regex_free(&rx);
	return m;
}

/* regex() in an expression, the pattern literal or computed. */
static void
fuzz_regex_expr(const char *pattern, const char *answer, int compiled,
    int m)
{
	struct expr *e = NULL;
	struct expr_value v;
	char *src = NULL, *cause = NULL;
	int col, r, lit;

	/* A quote, plain or typographic, would end the literal. */
	if (strchr(pattern, '\'') != NULL || strchr(answer, '\'') != NULL ||
	    strstr(pattern, "\xe2\x80\x98") != NULL ||
	    strstr(pattern, "\xe2\x80\x99") != NULL ||
	    strstr(answer, "\xe2\x80\x98") != NULL ||
	    strstr(answer, "\xe2\x80\x99") != NULL)
		return;
	for (lit = 0; lit < 2; lit++) {
		free(src);
		if (asprintf(&src, lit == 0 ? "regex('%s', '%s')" :
		    "regex('%s', concat('', '%s'))", answer, pattern) == -1)
			abort();
		r = expr_parse(src, &e, &col, &cause);
		free(cause);
		cause = NULL;
		if (r != ERR_OK) {
			/* The pattern may be fine and the expression too long. */
			FUZZ_CHECK(!(lit == 0 && compiled && r == ERR_UNSUPPORTED &&
			    strlen(src) < 4096), "a pattern that compiles "
			    "is not refused in an expression");
			continue;
		}
		FUZZ_CHECK(lit == 1 || compiled, "a literal pattern that does "
		    "not compile does not parse");
		r = expr_eval(e, NULL, &v, &cause);
		if (r == ERR_OK && m >= 0)
			FUZZ_CHECK(expr_to_bool(&v) == m, "regex() in an "
			    "expression gives the same answer (%s)", lit ?
			    "computed" : "literal");
		if (r == ERR_OK)
			expr_value_clear(&v);
		free(cause);
		cause = NULL;
		expr_free(&e);
	}
	free(src);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_strndup(data, size), *pattern = in, *answer, *q;
	size_t plen = strlen(in);
	int compiled, m;

	answer = plen < size ? in + plen + 1 : in;
	m = fuzz_regex_run(pattern, answer, &compiled);
	if (utf8_valid(pattern, strlen(pattern)) &&
	    utf8_valid(answer, strlen(answer)))
		fuzz_regex_expr(pattern, answer, compiled, m);
	/* The whole answer, quoted, matches itself and nothing longer. */
	if (utf8_valid(answer, strlen(answer)) &&
	    strstr(answer, "\\E") == NULL && strlen(answer) < 1000) {
		if (asprintf(&q, "\\Q%s\\E", answer) == -1)
			abort();
		m = fuzz_regex_run(q, answer, &compiled);
		if (compiled)
			FUZZ_CHECK(m == 1, "\\Q...\\E of the answer matches it");
		free(q);
		if (asprintf(&q, "%s!", answer) == -1)
			abort();
		if (compiled) {
			char *pat;

			if (asprintf(&pat, "\\Q%s\\E", answer) == -1)
				abort();
			FUZZ_CHECK(fuzz_regex_run(pat, q, &compiled) == 0,
			    "and not the answer with more after it");
			free(pat);
		}
		free(q);
	}
	free(in);
	return 0;
}
