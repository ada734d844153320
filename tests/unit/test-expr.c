/*
 * Unit tests for evaluating expressions (content/expr-eval.c,
 * expr-value.c): a table {expression, expected type:value} against a fixed
 * set of answers, scenarios over varying answers, interpolation, the
 * conversion functions, number round trips and locale independence.
 * Parse errors and limits are in test-expr-parse.c.
 */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/expr.h"
#include "tests/unit/test.h"

struct answer {
	const char	*name;
	const char	*value;
};

/* The answers given so far, as ${name}. */
static const struct answer refs[] = {
	{ "age", "25" },
	{ "name", "Zoë" },
	{ "pets", "dog cat" },
	{ "empty", "" },
	{ "half", "3.5" },
	{ "neg", "-2" },
	{ "date", "2024-05-01" },
	{ "zero", "0" },
	{ "padded", "  12  " },
	{ "pizza_fan", "no" },
	{ "order", "7" },
	{ "text", "abc" },
	{ "exp", "1e3" },
	{ "comma", "1,5" },
	{ "and", "5" },
	{ "div", "2" },
	{ "dispose", "area" },
	{ "email", "jo.bloggs@example.org" },
	{ "phone", "020 7946 0000" },
	{ "country", "uk" },
	{ "region", "north" },
	{ "false_str", "false" },
	{ "many", "a b c d e" },
	{ "t1", "09:30" },
	{ "t2", "14:05" },
	{ "nbsp", "x" },
	{ "a.b-c", "dotted" },
};

/* The columns of the choice row being filtered, as bare names. */
static const struct answer cols[] = {
	{ "country", "uk" },
	{ "filter", "north" },
	{ "division", "3" },
	{ "cf", "uk" },
	{ "mod", "4" },
};

static int lookups;

static int
lookup(void *ctx, const char *name, int is_ref, size_t k,
    struct expr_item *item, size_t *count)
{
	const struct answer *t = is_ref ? refs : cols;
	size_t i, n = is_ref ? sizeof refs / sizeof refs[0] :
	    sizeof cols / sizeof cols[0];

	(void)ctx;
	(void)k;
	lookups++;
	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0) {
			/* A date question's answer reads as a date. */
			item->type = is_ref && strcmp(name, "date") == 0 ?
			    EXPR_DATE : EXPR_STRING;
			item->text = t[i].value;
			*count = 1;
			return 0;
		}
	return ERR_NOTFOUND;
}

static struct expr_env env;

/*
 * Parse and evaluate src; describe the result as "b:true", "n:3", "s:abc",
 * or "parse:ERR:COL" / "eval:ERR" on failure.
 */
static const char *
ev(const char *src)
{
	static char out[4096];
	struct expr *e = NULL;
	struct expr_value v;
	char *cause = NULL, *s;
	int col, r;

	if ((r = expr_parse(src, &e, &col, &cause)) != 0) {
		snprintf(out, sizeof out, "parse:%d:%d", r, col);
		free(cause);
		return out;
	}
	if ((r = expr_eval(e, &env, &v, &cause)) != 0) {
		snprintf(out, sizeof out, "eval:%d", r);
		free(cause);
		expr_free(&e);
		return out;
	}
	s = expr_to_string(&v);
	snprintf(out, sizeof out, "%c:%s", v.type == EXPR_BOOL ? 'b' :
	    v.type == EXPR_NUMBER ? 'n' : 's', s ? s : "(null)");
	free(s);
	expr_value_clear(&v);
	expr_free(&e);
	return out;
}

static const struct {
	const char	*src;
	const char	*want;
} evals[] = {
	/* literals */
	{ "1", "n:1" },
	{ "  42  ", "n:42" },
	{ "3.25", "n:3.25" },
	{ ".5", "n:0.5" },
	{ "5.", "n:5" },
	{ "007", "n:7" },
	{ "'it''s'", "parse:-3:5" },
	{ "'single'", "s:single" },
	{ "\"double\"", "s:double" },
	{ "\"it's\"", "s:it's" },
	{ "'say \"hi\"'", "s:say \"hi\"" },
	{ "''", "s:" },
	{ "\xe2\x80\x98" "curly" "\xe2\x80\x99", "s:curly" },
	{ "\xe2\x80\x9c" "dq" "\xe2\x80\x9d", "s:dq" },
	{ "'mixed\xe2\x80\x99", "s:mixed" },
	/* precedence */
	{ "1 + 2 * 3", "n:7" },
	{ "(1 + 2) * 3", "n:9" },
	{ "10 - 4 - 3", "n:3" },
	{ "10 - (4 - 3)", "n:9" },
	{ "2 * 3 + 4 * 5", "n:26" },
	{ "100 div 10 div 5", "n:2" },
	{ "100 div (10 div 5)", "n:50" },
	{ "17 mod 5 * 2", "n:4" },
	{ "2 * 17 mod 5", "n:4" },
	{ "1 + 2 = 3", "b:true" },
	{ "1 < 2 = 2 < 3", "b:true" },
	{ "1 = 1 and 2 = 3", "b:false" },
	{ "1 = 1 or 2 = 3 and 0", "b:true" },
	{ "(1 = 1 or 2 = 3) and 0", "b:false" },
	{ "0 and 1 or 1", "b:true" },
	{ "0 or 0 or 0 or 1", "b:true" },
	{ "1 and 1 and 1 and 0", "b:false" },
	{ "-2 * 3", "n:-6" },
	{ "- 2 - - 3", "n:1" },
	{ "--3", "n:3" },
	{ "-(1 + 2) * 2", "n:-6" },
	{ "2 - -2", "n:4" },
	{ "1 + 2 < 4", "b:true" },
	{ "3 > 2 > 1", "b:false" },
	{ "1 = 1 = 1", "b:true" },
	{ "2 = 2 = 2", "b:true" },
	{ "1 = 2 = 0", "b:true" },
	{ "1 != 2 != 0", "b:true" },
	{ "1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1", "n:10" },
	/* arithmetic */
	{ "7 div 2", "n:3.5" },
	{ "1 div 0", "n:Infinity" },
	{ "-1 div 0", "n:-Infinity" },
	{ "0 div 0", "n:NaN" },
	{ "7 mod 3", "n:1" },
	{ "-7 mod 3", "n:-1" },
	{ "7 mod -3", "n:1" },
	{ "5.5 mod 2", "n:1.5" },
	{ "5 mod 0", "n:NaN" },
	{ "0.1 + 0.2", "n:0.30000000000000004" },
	{ "1 div 3", "n:0.3333333333333333" },
	{ "2 div 3", "n:0.6666666666666666" },
	{ "1000000 * 1000000", "n:1.0E12" },
	{ "100000000000000000000", "n:1.0E20" },
	{ "0.000001", "n:1.0E-6" },
	{ "0.1 * 3", "n:0.30000000000000004" },
	{ "1.1 * 1.1", "n:1.2100000000000002" },
	{ "0.0000001 * 3", "n:3.0E-7" },
	{ "0.00000001 div 3", "n:3.3333333333333334E-9" },
	{ "1 div 0 - 1 div 0", "n:NaN" },
	{ "-0", "n:0" },
	{ "0 * -1", "n:0" },
	{ "${age} + 1", "n:26" },
	{ "${age} * ${half}", "n:87.5" },
	{ "${empty} + 1", "n:NaN" },
	{ "${text} * 2", "n:NaN" },
	{ "${padded} + 1", "n:13" },
	{ "'3' + '4'", "n:7" },
	{ "true() + true()", "n:2" },
	{ "${neg} * -1", "n:2" },
	/* keywords only where an operator may stand */
	{ "${order} + 1", "n:8" },
	{ "${and} and ${div}", "b:true" },
	{ "${div} div ${div}", "n:1" },
	{ "division * 2", "n:6" },
	{ "mod mod 3", "n:1" },
	{ "${and}and 1", "b:true" },
	{ "1 or0", "parse:-3:3" },
	/* string() of numbers */
	{ "string(1.0)", "s:1" },
	{ "string(-1.5)", "s:-1.5" },
	{ "string(0 div 0)", "s:NaN" },
	{ "string(1 div 0)", "s:Infinity" },
	{ "string(-1 div 0)", "s:-Infinity" },
	{ "string(-0)", "s:0" },
	{ "string(1 = 1)", "s:true" },
	{ "string(1 = 2)", "s:false" },
	{ "string(123456789012)", "s:1.23456789012E11" },
	{ "string(0.5)", "s:0.5" },
	{ "string()", "parse:-3:1" },
	/* number() */
	{ "number('12')", "n:12" },
	{ "number('  12  ')", "n:12" },
	{ "number('-3.5')", "n:-3.5" },
	{ "number('')", "n:NaN" },
	{ "number('abc')", "n:NaN" },
	{ "number('1e3')", "n:NaN" },
	{ "number('+1')", "n:NaN" },
	{ "number('1,5')", "n:1.5" },
	{ "number('1.2.3')", "n:NaN" },
	{ "number('.')", "n:NaN" },
	{ "number('-')", "n:NaN" },
	{ "number('.25')", "n:0.25" },
	{ "number(true())", "n:1" },
	{ "number(false())", "n:0" },
	{ "number()", "parse:-3:1" },
	{ "number(${exp})", "n:NaN" },
	{ "number(${comma})", "n:1.5" },
	{ "number('0.1') = 0.1", "b:true" },
	{ "number('123456789012345678901234567890')",
	    "n:1.2345678901234568E29" },
	/* boolean() and not() */
	{ "boolean('')", "b:false" },
	{ "boolean('false')", "b:true" },
	{ "boolean(' ')", "b:true" },
	{ "boolean(0)", "b:false" },
	{ "boolean(-0)", "b:false" },
	{ "boolean(0 div 0)", "b:false" },
	{ "boolean(0.001)", "b:true" },
	{ "boolean(${empty})", "b:false" },
	{ "boolean(${false_str})", "b:true" },
	{ "not(1)", "b:false" },
	{ "not(${empty})", "b:true" },
	{ "not(not(1))", "b:true" },
	{ "true()", "b:true" },
	{ "false()", "b:false" },
	{ "not(true()) or false()", "b:false" },
	/* comparisons of mixed types */
	{ "'1' = 1", "b:true" },
	{ "'1.0' = 1", "b:true" },
	{ "'1.0' = '1'", "b:false" },
	{ "'abc' = 'abc'", "b:true" },
	{ "'abc' != 'abd'", "b:true" },
	{ "'a' < 'b'", "b:false" },
	{ "'a' >= 'a'", "b:false" },
	{ "'10' > '9'", "b:true" },
	{ "${age} > 18", "b:true" },
	{ "${age} >= 25 and ${age} <= 25", "b:true" },
	{ "${age} = '25'", "b:true" },
	{ "${age} = 25.0", "b:true" },
	{ "${empty} = ''", "b:true" },
	{ "${empty} = 0", "b:false" },
	{ "${empty} != 0", "b:true" },
	{ "${empty} < 1", "b:false" },
	{ "${empty} >= 1", "b:false" },
	{ "${text} = 'abc'", "b:true" },
	{ "${false_str} = true()", "b:true" },
	{ "'' = false()", "b:true" },
	{ "0 = false()", "b:true" },
	{ "2 = true()", "b:true" },
	{ "'0' = false()", "b:false" },
	{ "true() > false()", "b:true" },
	{ "true() = 1 > 0", "b:true" },
	{ "0 div 0 = 0 div 0", "b:false" },
	{ "0 div 0 != 0 div 0", "b:true" },
	{ "0 div 0 < 1", "b:false" },
	{ "1 div 0 > 1000000", "b:true" },
	/* < > compare numbers: a date as text is not a number in Collect */
	{ "${date} < '2024-06-01'", "b:false" },
	{ "${date} >= '2024-05-01'", "b:false" },
	{ "${date} > '2024-12-31'", "b:false" },
	{ "'2024-06-15' >= today()", "b:false" },
	{ "'2024-06-14' >= today()", "b:false" },
	{ "today() = '2024-06-15'", "b:true" },
	{ "${t1} < ${t2}", "b:false" },
	{ "'2024-05-01T10:00' > ${date}", "b:false" },
	{ "${date} < '09:00'", "b:false" },
	/* a date (not text) reads as days since 1970-01-01, as in JavaRosa */
	{ "number(date('1970-01-02'))", "n:1" },
	{ "number(date('1969-12-31'))", "n:-1" },
	{ "number(today())", "n:19889" },
	{ "today() - ${date}", "n:45" },
	{ "date('2024-03-01') - date('2024-02-28')", "n:2" },
	{ "'2023-03-01' - '2023-02-28'", "n:NaN" },
	{ "int((today() - date('1990-06-16')) div 365.25)", "n:33" },
	{ "int((today() - '1990-06-15') div 365.25)", "n:NaN" },
	{ "decimal-date-time('2024-06-15T12:00:00Z')", "n:19889.5" },
	{ "decimal-date-time('2024-06-15T12:00')", "n:19889.5" },
	{ "decimal-date-time('2024-06-15T14:00:00.000+02:00')", "n:19889.5" },
	{ "number('2023-02-29')", "n:NaN" },
	{ "number('2024-13-01')", "n:NaN" },
	{ "number('2024-6-15')", "n:NaN" },
	{ "number('2024-06-15T25:00')", "n:NaN" },
	{ "number('2024-06-15 junk')", "n:NaN" },
	{ "${date} > 19000", "b:true" },
	{ "${date} = 19844", "b:true" },
	/* selected() and count-selected() */
	{ "selected(${pets}, 'dog')", "b:true" },
	{ "selected(${pets}, 'cat')", "b:true" },
	{ "selected(${pets}, 'do')", "b:false" },
	{ "selected(${pets}, 'dog cat')", "b:true" },
	{ "selected(${pets}, ' dog ')", "b:true" },
	{ "selected(${pets}, '')", "b:false" },
	{ "selected(${empty}, 'dog')", "b:false" },
	{ "selected('1 2 3', 2)", "eval:-4" },
	{ "selected('  a\tb  ', 'b')", "b:false" },
	{ "selected (${pets}, 'cat')", "b:true" },
	{ "not(selected(${pets}, 'fish'))", "b:true" },
	{ "count-selected(${pets})", "n:2" },
	{ "count-selected(${many})", "n:5" },
	{ "count-selected(${empty})", "n:0" },
	{ "count-selected('  a   b  ')", "n:2" },
	{ "count-selected(${pets}) >= 2", "b:true" },
	/* string-length() */
	{ "string-length('abc')", "n:3" },
	{ "string-length('')", "n:0" },
	{ "string-length(${name})", "n:3" },
	{ "string-length('\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e')", "n:3" },
	{ "string-length('\xf0\x9f\x98\x80!')", "n:3" },
	{ "string-length(12.50)", "n:4" },
	{ "string-length(1 = 1)", "n:4" },
	{ "string-length()", "n:2" },
	{ "string-length(.) > 1", "b:true" },
	/* concat() */
	{ "concat('a', 'b', 'c')", "s:abc" },
	{ "concat()", "s:" },
	{ "concat('x')", "s:x" },
	{ "concat(${name}, ' is ', ${age})", "s:Zo\xc3\xab is 25" },
	{ "concat(1.50, '|', true(), '|', 0 div 0)", "s:1.5|true|NaN" },
	{ "concat(${empty}, ${empty})", "s:" },
	{ "concat('a', concat('b', concat('c', 'd')))", "s:abcd" },
	/* if() */
	{ "if(${age} > 18, 'adult', 'child')", "s:adult" },
	{ "if(${empty}, 'yes', 'no')", "s:no" },
	{ "if(1, 2, 3)", "n:2" },
	{ "if(0, 2, 3) + 1", "n:4" },
	{ "if(1, 'ok', ${missing})", "s:ok" },
	{ "if(0, ${missing}, 'ok')", "s:ok" },
	{ "if(1, 1 = 1, 'x')", "b:true" },
	/* coalesce() */
	{ "coalesce(${empty}, 'fallback')", "s:fallback" },
	{ "coalesce(${name}, 'fallback')", "s:Zo\xc3\xab" },
	{ "coalesce(${empty}, ${empty})", "s:" },
	{ "coalesce(0, 5)", "n:0" },
	{ "coalesce('a', ${missing})", "s:a" },
	{ "coalesce('', '', 'third')", "parse:-3:1" },
	/* regex() */
	{ "regex('abc12345678', '[a-zA-Z0-9]{11}')", "b:true" },
	{ "regex('abc123', '[a-zA-Z0-9]{11}')", "b:false" },
	{ "regex(${email}, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')",
	    "b:true" },
	{ "regex('not an email', '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,4}')",
	    "b:false" },
	{ "regex('0123456789', '^\\d{10}$')", "b:true" },
	{ "regex('012345678', '^\\d{10}$')", "b:false" },
	{ "regex('a1', '^\\w\\d$')", "b:true" },
	{ "regex('a b', '^a\\sb$')", "b:true" },
	{ "regex('ab', '^a\\Sb$')", "b:false" },
	{ "regex('a.b', 'a\\.b')", "b:true" },
	{ "regex('axb', 'a\\.b')", "b:false" },
	{ "regex('x-y', '^[\\w\\-]+$')", "b:true" },
	{ "regex('x]y', '^[x\\]y]+$')", "b:true" },
	{ "regex('^', '[\\^]')", "b:true" },
	{ "regex('a', '[\\^]')", "b:false" },
	{ "regex('7', '^[\\d.]$')", "b:true" },
	{ "regex('abab', '^(?:ab)+$')", "b:true" },
	{ "regex('ab', 'a*?b')", "b:true" },
	{ "regex('', '^$')", "b:true" },
	{ "regex('anything', '')", "b:false" },
	{ "regex('in the middle', 'the')", "b:false" },
	{ "regex('ABC', '^\\p{Upper}+$')", "b:true" },
	{ "regex(., '^4')", "b:false" },
	{ "regex(${phone}, concat('^', '020.*'))", "b:true" },
	{ "regex(${phone}, concat('^', '021'))", "b:false" },
	{ "regex('a{', 'a{')", "parse:-8:13" },
	{ "regex('x', concat('(', 'x'))", "eval:-3" },
	{ "regex('x', concat('\\', '1'))", "eval:-3" },
	/* today() */
	{ "today()", "s:2024-06-15" },
	{ "string-length(today())", "n:10" },
	/* int() and round() */
	{ "int(3.7)", "n:3" },
	{ "int(-3.7)", "n:-3" },
	{ "int(-0.5)", "n:0" },
	{ "int('12.9')", "n:12" },
	{ "int('')", "n:NaN" },
	{ "int(1 div 0)", "n:Infinity" },
	{ "round(2.5)", "n:3" },
	{ "round(-2.5)", "n:-2" },
	{ "round(2.4999)", "n:2" },
	{ "round(0.5)", "n:1" },
	{ "round(0.49)", "n:0" },
	{ "round(2.675, 2)", "n:2.68" },
	{ "round(1.005, 2)", "n:1.01" },
	{ "round(14.29123456789, 2)", "n:14.29" },
	{ "round(14.29123456789, 3)", "n:14.291" },
	{ "round(-1.25, 1)", "n:-1.2" },
	{ "round(9.96, 1)", "n:10" },
	{ "round(99.5)", "n:100" },
	{ "round(1234.5678, -2)", "n:1200" },
	{ "round(1250, -2)", "n:1300" },
	{ "round(49, -2)", "n:0" },
	{ "round(3, 5)", "n:3" },
	{ "round('')", "n:NaN" },
	{ "round(1.5, '')", "n:2" },
	{ "round(0 div 0)", "n:NaN" },
	{ "round(1 div 0)", "n:Infinity" },
	{ "round(${half})", "n:4" },
	{ "round(0.0001234, 5)", "n:1.2E-4" },
	/* ${name}, . and bare names */
	{ ".", "s:42" },
	{ ". >= 18", "b:true" },
	{ ". * 2", "n:84" },
	{ "${name}", "s:Zo\xc3\xab" },
	{ "${missing}", "eval:-5" },
	{ "${a.b-c}", "s:dotted" },
	{ "${pizza_fan} = 'no'", "b:true" },
	{ "${dispose}!='yourself'", "b:true" },
	{ "${dispose}=\xe2\x80\x99" "area\xe2\x80\x99 and "
	    "${dispose}!=\xe2\x80\x99yourself\xe2\x80\x99", "b:true" },
	{ "filter=${region}", "b:true" },
	{ "country = ${country}", "b:true" },
	{ "${country}=cf", "b:true" },
	{ "filter = 'south'", "b:false" },
	{ "nosuchcolumn = 'x'", "eval:-5" },
	{ "division + 1", "n:4" },
	/* relevance-style conditions */
	{ "${age} > 0 and ${age} < 120", "b:true" },
	{ "not(selected(${pets}, 'yes')) and selected(${pets}, 'dog')",
	    "b:true" },
	{ "not(selected(., 'yes') and selected (., 'no'))", "b:true" },
	{ "${age} >= 18 and (${pizza_fan} = 'yes' or count-selected(${pets}) > 1)",
	    "b:true" },
	{ "string-length(${name}) > 5 or ${empty} != ''", "b:false" },
	{ "${empty} = '' or ${missing} = 'x'", "b:true" },
	{ "${zero} = 0 and ${zero} = '0'", "b:true" },
	{ "1.5", "n:1.5" },
	{ "2+2", "n:4" },
	{ ". > 10.51 and . < 18.39", "b:false" },
	{ "\xc2\xa0${age}\xc2\xa0=\xc2\xa0" "25", "b:true" },
};

static void
test_table(void)
{
	size_t i;

	for (i = 0; i < sizeof evals / sizeof evals[0]; i++)
		CHECK_STR(ev(evals[i].src), evals[i].want, "%s", evals[i].src);
}

static void
test_interpolate(void)
{
	static const struct {
		const char	*label;
		const char	*want;
	} t[] = {
		{ "Hello ${name}!", "Hello Zo\xc3\xab!" },
		{ "${age} years", "25 years" },
		{ "${name}${age}", "Zo\xc3\xab" "25" },
		{ "no refs", "no refs" },
		{ "", "" },
		{ "[${empty}]", "[]" },
		{ "${missing} stays", "${missing} stays" },
		{ "${ name}", "${ name}" },
		{ "${name", "${name" },
		{ "$", "$" },
		{ "${", "${" },
		{ "$${age}", "$25" },
		{ "${${age}}", "${25}" },
		{ "cost: $5 for ${pets}", "cost: $5 for dog cat" },
	};
	struct expr_env none = { 0 };
	char *s;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = expr_interpolate(t[i].label, &env);
		CHECK_STR(s, t[i].want, "interpolate \"%s\"", t[i].label);
		free(s);
	}
	s = expr_interpolate("Hi ${name}", &none);
	CHECK_STR(s, "Hi ${name}", "no lookup: left as written");
	free(s);
	s = expr_interpolate("Hi ${name}", NULL);
	CHECK_STR(s, "Hi ${name}", "no env: left as written");
	free(s);
}

static void
test_api(void)
{
	struct expr_value v = { 0 };
	struct expr *e = NULL;
	char *s, *cause = NULL;
	int before;

	v.type = EXPR_NUMBER;
	v.num = 2.5;
	s = expr_to_string(&v);
	CHECK_STR(s, "2.5", "expr_to_string of a number");
	free(s);
	CHECK(expr_to_bool(&v) == 1, "expr_to_bool of 2.5");
	v.num = NAN;
	CHECK(expr_to_bool(&v) == 0, "expr_to_bool of NaN");
	v.type = EXPR_BOOL;
	v.b = 1;
	CHECK(expr_to_number(&v) == 1, "expr_to_number of true");
	s = expr_to_string(&v);
	CHECK_STR(s, "true", "expr_to_string of true");
	free(s);
	v.type = EXPR_STRING;
	v.str = strdup(" 7 ");
	CHECK(expr_to_number(&v) == 7, "expr_to_number of \" 7 \"");
	CHECK(expr_to_bool(&v) == 1, "expr_to_bool of \" 7 \"");
	expr_value_clear(&v);
	CHECK(v.str == NULL && v.type == EXPR_STRING, "expr_value_clear");
	CHECK(isnan(expr_to_number(&v)), "expr_to_number of a cleared value");
	CHECK(expr_to_bool(&v) == 0, "expr_to_bool of a cleared value");

	CHECK(expr_parse("${age} >= 18 and selected(${pets}, 'dog')", &e,
	    NULL, NULL) == 0, "parse a relevance condition");
	CHECK(expr_eval_bool(e, &env) == 1, "expr_eval_bool");
	before = lookups;
	expr_eval_bool(e, &env);
	CHECK_INT(lookups - before, 2, "one lookup per reference");
	expr_free(&e);

	CHECK(expr_parse("${missing} = 1", &e, NULL, NULL) == 0, "parse");
	CHECK(expr_eval(e, &env, &v, &cause) == ERR_NOTFOUND &&
	    cause != NULL && strstr(cause, "${missing}") != NULL,
	    "an unknown question is ERR_NOTFOUND naming it: %s",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK(expr_eval_bool(e, &env) == 0, "and reads false");
	s = expr_eval_string(e, &env);
	CHECK_STR(s, "", "and reads \"\" as a string");
	free(s);
	expr_free(&e);

	CHECK(expr_parse("concat(${name}, '!')", &e, NULL, NULL) == 0, "parse");
	s = expr_eval_string(e, &env);
	CHECK_STR(s, "Zo\xc3\xab!", "expr_eval_string");
	free(s);
	CHECK(expr_eval(e, NULL, &v, &cause) == ERR_NOTFOUND,
	    "a NULL env knows no names");
	free(cause);
	cause = NULL;
	expr_free(&e);

	CHECK(expr_parse("string-length(.)", &e, NULL, NULL) == 0, "parse");
	s = expr_eval_string(e, NULL);
	CHECK_STR(s, "0", "a NULL env has . = \"\"");
	free(s);
	expr_free(&e);

	/* The same parsed expression gives the same answer every time. */
	CHECK(expr_parse("regex(${email}, '^[a-z.]+@.*')", &e, NULL, NULL) == 0,
	    "parse a literal regex");
	CHECK(expr_eval_bool(e, &env) && expr_eval_bool(e, &env),
	    "cached regex evaluates twice");
	expr_free(&e);
}

/*
 * Relevance, constraint and calculation expressions over varying answers:
 * {expression, answers as "name=value;name=value", "." , expected}. A name
 * absent from the list is unknown; "name=" is an empty answer.
 */
static const struct {
	const char	*src;
	const char	*answers;
	const char	*dot;
	const char	*want;
} scenarios[] = {
	{ "${age} >= 18", "age=18", "", "b:true" },
	{ "${age} >= 18", "age=17", "", "b:false" },
	{ "${age} >= 18", "age=", "", "b:false" },
	{ "${age} < 18", "age=", "", "b:false" },
	{ "${age} >= 18", "age=eighteen", "", "b:false" },
	{ "${age} >= 18", "age=18.0", "", "b:true" },
	{ "${age} >= 18", "age= 18 ", "", "b:true" },
	{ "${sex}='female' and ${age}>=15 and ${age}<=49",
	    "sex=female;age=30", "", "b:true" },
	{ "${sex}='female' and ${age}>=15 and ${age}<=49",
	    "sex=female;age=50", "", "b:false" },
	{ "${sex}='female' and ${age}>=15 and ${age}<=49",
	    "sex=male;age=30", "", "b:false" },
	{ "${sex}='female' and ${age}>=15 and ${age}<=49",
	    "sex=female;age=", "", "b:false" },
	{ "selected(${langs}, 'other')", "langs=en other", "", "b:true" },
	{ "selected(${langs}, 'other')", "langs=en", "", "b:false" },
	{ "selected(${langs}, 'other')", "langs=", "", "b:false" },
	{ "selected(${langs}, 'other')", "langs=another", "", "b:false" },
	{ "count-selected(${langs}) <= 2", "langs=en fr de", "", "b:false" },
	{ "count-selected(${langs}) <= 2", "langs=en fr", "", "b:true" },
	{ ". >= 0", "", "0", "b:true" },
	{ ". >= 0", "", "-1", "b:false" },
	{ ". >= 0", "", "", "b:false" },
	{ ". <= ${a_integer}", "a_integer=10", "10", "b:true" },
	{ ". <= ${a_integer}", "a_integer=10", "11", "b:false" },
	{ ". <= ${a_integer}", "a_integer=", "11", "b:false" },
	{ "regex(., '^[0-9]{5}$')", "", "12345", "b:true" },
	{ "regex(., '^[0-9]{5}$')", "", "1234", "b:false" },
	{ "regex(., '^[0-9]{5}$')", "", "123456", "b:false" },
	{ "string-length(.) > 5", "", "ZoÃ«-Anne", "b:true" },
	{ "string-length(.) > 5", "", "ZoÃ«", "b:false" },
	{ "not(selected(., 'c') and selected(., 'd'))", "", "a c", "b:true" },
	{ "not(selected(., 'c') and selected(., 'd'))", "", "c d", "b:false" },
	{ ". >= today()", "", "2024-06-15", "b:false" },
	{ ". >= today()", "", "2024-06-16", "b:false" },
	{ ". >= today()", "", "2024-06-14", "b:false" },
	{ ". >= today()", "", "", "b:false" },
	{ "${a} + ${b}", "a=2;b=3", "", "n:5" },
	{ "${a} + ${b}", "a=2;b=", "", "n:NaN" },
	{ "coalesce(${a}, 0) + coalesce(${b}, 0)", "a=2;b=", "", "n:2" },
	{ "if(${a} = '', 0, ${a}) * 2", "a=", "", "n:0" },
	{ "if(${a} = '', 0, ${a}) * 2", "a=4", "", "n:8" },
	{ "round(${w} div (${h} * ${h}), 1)", "w=70;h=1.75", "", "n:22.9" },
	{ "int(${days} div 7)", "days=20", "", "n:2" },
	{ "concat(${first}, ' ', ${last})", "first=Ada;last=Lovelace", "",
	    "s:Ada Lovelace" },
	{ "concat(${first}, ' ', ${last})", "first=;last=", "", "s: " },
	{ "${q1} = 'yes' or ${q2} = 'yes'", "q1=no;q2=yes", "", "b:true" },
	{ "${q1} = 'yes' or ${q2} = 'yes'", "q1=yes", "", "b:true" },
	{ "${q1} = 'yes' or ${q2} = 'yes'", "q1=no", "", "eval:-5" },
	{ "${q1} = 'yes' and ${q2} = 'yes'", "q1=no", "", "b:false" },
	{ "${consent} = 'yes' and string-length(${email}) > 0",
	    "consent=yes;email=", "", "b:false" },
};

static const char *scenario_answers;

/* Look name up in scenario_answers ("a=1;b=2"). */
static int
scenario_lookup(void *ctx, const char *name, int is_ref, size_t k,
    struct expr_item *item, size_t *count)
{
	static char vals[16][256];
	static unsigned slot;
	char *val = vals[slot++ % 16];
	const char *p = scenario_answers, *eq, *end;
	size_t n = strlen(name);

	(void)ctx;
	(void)is_ref;
	(void)k;
	item->type = EXPR_STRING;
	*count = 1;
	while (p != NULL && *p != '\0') {
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL && (size_t)(eq - p) == n &&
		    memcmp(p, name, n) == 0 &&
		    (size_t)(end - eq - 1) < sizeof vals[0]) {
			/* Values must outlive the evaluation: one slot each. */
			memcpy(val, eq + 1, (size_t)(end - eq - 1));
			val[end - eq - 1] = '\0';
			item->text = val;
			return 0;
		}
		p = *end == ';' ? end + 1 : end;
	}
	return ERR_NOTFOUND;
}

static void
test_scenarios(void)
{
	struct expr_env saved = env;
	size_t i;

	env.lookup = scenario_lookup;
	for (i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
		scenario_answers = scenarios[i].answers;
		env.dot.text = scenarios[i].dot;
		CHECK_STR(ev(scenarios[i].src), scenarios[i].want,
		    "%s with [%s] and . = \"%s\"", scenarios[i].src,
		    scenarios[i].answers, scenarios[i].dot);
	}
	env = saved;
}

/*
 * Every number a calculation stores reads back unchanged when another
 * expression refers to it (a whole number within 1e-9 is stored whole, as
 * Collect stores it), and string() uses Java's form, exponent and all.
 */
static const char *rt_text;

static int
rt_lookup(void *ctx, const char *name, int is_ref, size_t k,
    struct expr_item *item, size_t *count)
{
	(void)ctx;
	(void)name;
	(void)is_ref;
	(void)k;
	item->text = rt_text;
	item->type = EXPR_NUMBER;
	*count = 1;
	return 0;
}

static void
test_roundtrip(void)
{
	struct expr_value n = { EXPR_NUMBER, 0, 0, NULL }, back;
	struct expr_env rt = { 0 };
	struct expr *e = NULL;
	uint64_t x = 88172645463325252ULL, bits;
	int i, bad = 0, exponent = 0;
	char *str;
	double near;

	rt.lookup = rt_lookup;
	if (expr_parse("${x}", &e, NULL, NULL) != 0) {
		CHECK(0, "parse ${x}");
		return;
	}
	for (i = 0; i < 20000; i++) {
		/* xorshift64: a fixed, repeatable spread of bit patterns. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		bits = x;
		if (i % 2)
			n.num = (double)(int64_t)(x % 2000001) / 1000 - 1000;
		else
			memcpy(&n.num, &bits, sizeof n.num);
		if (isnan(n.num) || isinf(n.num))
			continue;
		if ((str = expr_value_store(&n, EXPR_STORE_ANY, NULL)) ==
		    NULL) {
			bad++;
			continue;
		}
		if (strchr(str, 'E') != NULL)
			exponent++;
		rt_text = str;
		near = round(n.num);
		if (expr_eval(e, &rt, &back, NULL) != 0 ||
		    back.type != EXPR_NUMBER || !(back.num == n.num ||
		    (fabs(n.num - near) < 1e-9 && back.num == near) ||
		    (fabs(n.num) > 9.2e18 && back.num == n.num)))
			bad++;
		expr_value_clear(&back);
		free(str);
	}
	expr_free(&e);
	CHECK_INT(bad, 0, "20000 stored numbers read back unchanged");
	CHECK(exponent > 0, "Java's exponent form is stored and read (%d)",
	    exponent);
}

/* Numbers must not change meaning with the locale; regex() sees UTF-8. */
static void
test_locale(void)
{
	const char *utf8 = setlocale(LC_CTYPE, "C.UTF-8");
	const char *comma = NULL;
	static const char *const commas[] = {
		"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8", "fr_FR.utf8",
	};
	size_t i;

	if (utf8 == NULL)
		SKIP("no C.UTF-8 locale here");
	else {
		CHECK_STR(ev("regex('\xe6\x97\xa5\xe6\x9c\xac', '^..$')"),
		    "b:true", "regex: '.' is one character in UTF-8");
		CHECK_STR(ev("regex('\xc3\xa9t\xc3\xa9', '^[\xc3\xa9t]+$')"),
		    "b:true", "regex: brackets hold multi-byte characters");
		setlocale(LC_CTYPE, "C");
	}
	for (i = 0; i < sizeof commas / sizeof commas[0] && comma == NULL; i++)
		comma = setlocale(LC_NUMERIC, commas[i]);
	if (comma == NULL) {
		SKIP("no locale with a decimal comma here");
		return;
	}
	CHECK_STR(ev("1 div 4"), "n:0.25", "a decimal comma locale: string()");
	CHECK_STR(ev("number('0.125') * 2"), "n:0.25",
	    "a decimal comma locale: number()");
	CHECK_STR(ev("number('0,5')"), "n:NaN",
	    "a decimal comma locale: '0,5' is still not a number");
	CHECK_STR(ev("round(1234.5678, 2)"), "n:1234.57",
	    "a decimal comma locale: round()");
	setlocale(LC_NUMERIC, "C");
}

int
main(void)
{
	struct tm tm = { 0 };

	setenv("TZ", "UTC", 1);
	tzset();
	tm.tm_year = 2024 - 1900;
	tm.tm_mon = 5;
	tm.tm_mday = 15;
	tm.tm_hour = 12;
	env.lookup = lookup;
	env.ctx = NULL;
	env.dot.text = "42";
	env.now = mktime(&tm);

	test_table();
	test_scenarios();
	test_interpolate();
	test_api();
	test_roundtrip();
	test_locale();
	{
		char *cause = NULL;
		struct expr *e = NULL;

		CHECK(expr_parse(NULL, &e, NULL, &cause) == ERR_INVALID &&
		    e == NULL && cause != NULL, "parse NULL");
		free(cause);
	}
	return test_done();
}
