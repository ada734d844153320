/*
 * The function library: JavaRosa's (XPathFuncExpr.eval and the handlers
 * after it), with XPath 1.0's floor(), ceiling() and substring(), which
 * Collect lacks. One table gives each function's name, how many arguments
 * it takes, its evaluation and an optional check of its arguments' shape
 * when the form loads. Text and select functions are in expr-text.c,
 * dates in expr-date.c, checklists, repeats and identity in expr-form.c.
 *
 * Functions that cannot mean anything on a kiosk without a network are
 * known by name and refused with the reason (expr_fn_refused): a form that
 * uses them is refused at `survey check` with its row.
 */
#include "content/expr-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/mathload.h"

static const struct {
	const char	*name;
	const char	*why;
} expr_fn_refusals[] = {
	{ "area", "it measures a shape of locations, which a kiosk cannot "
	    "take" },
	{ "enclosed-area", "it measures a shape of locations, which a kiosk "
	    "cannot take" },
	{ "distance", "it measures between locations, which a kiosk cannot "
	    "take" },
	{ "geofence", "it needs a location, which a kiosk cannot take" },
	{ "instance", "it reads data from outside the form; choice lists "
	    "from a file are given with select_one_from_file" },
	{ "randomize", "it reorders a list of choices; use the "
	    "'randomize=true' parameter of the question instead" },
	{ "current", "it refers to XML paths; use ${name} instead" },
	{ "property", "it reads a phone's settings, which a kiosk does not "
	    "have" },
	{ "last", "XPath positions are not supported; use count() of a "
	    "repeat instead" },
	{ "local-name", "XML node names are not supported" },
	{ "name", "XML node names are not supported" },
	{ "namespace-uri", "XML node names are not supported" },
	{ "lang", "XML languages are not supported; use the form's own "
	    "translations" },
	{ "id", "XML ids are not supported" },
};

const char *
expr_fn_refused(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof expr_fn_refusals / sizeof expr_fn_refusals[0];
	    i++)
		if (strlen(expr_fn_refusals[i].name) == len &&
		    memcmp(expr_fn_refusals[i].name, name, len) == 0)
			return expr_fn_refusals[i].why;
	return NULL;
}

int
expr_fn_arg(const struct expr_ctx *c, const struct expr_node *nd, int k)
{
	int a = nd->first;

	while (a >= 0 && k-- > 0)
		a = c->e->nodes[a].next;
	return a;
}

static int
expr_fn_true(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)c;
	(void)nd;
	expr_val_setbool(out, 1);
	return 0;
}

static int
expr_fn_false(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)c;
	(void)nd;
	expr_val_setbool(out, 0);
	return 0;
}

static int
expr_fn_boolean(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	int b, r;

	if ((r = expr_arg_bool(c, nd->first, &b)) == 0)
		expr_val_setbool(out, b);
	return r;
}

static int
expr_fn_not(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	int b, r;

	if ((r = expr_arg_bool(c, nd->first, &b)) == 0)
		expr_val_setbool(out, !b);
	return r;
}

static int
expr_fn_number(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	double x;
	int r;

	if ((r = expr_arg_num(c, nd->first, &x)) == 0)
		expr_val_setnum(out, x);
	return r;
}

double
expr_fn_toint(double x)
{
	int64_t l;

	if (isinf(x) || isnan(x) || x >= 9223372036854775807.0 ||
	    x <= -9223372036854775808.0)
		return x;
	l = (int64_t)x;
	if (l == 0 && (x < 0 || signbit(x)))
		return -0.0;
	return (double)l;
}

static int
expr_fn_int(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	double x;
	int r;

	if ((r = expr_arg_num(c, nd->first, &x)) == 0)
		expr_val_setnum(out, expr_fn_toint(x));
	return r;
}

static int
expr_fn_round(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	double x, p = 0;
	int r;

	if ((r = expr_arg_num(c, nd->first, &x)) != 0 ||
	    (nd->nkids == 2 && (r = expr_arg_num(c,
	    c->e->nodes[nd->first].next, &p)) != 0))
		return r;
	expr_val_setnum(out, expr_num_round(x, (int)expr_java_int(p)));
	return 0;
}

static int
expr_fn_string(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_arg_str(c, nd->first, out);
}

/* The maths of XPath 3.0 that JavaRosa has, on toDouble of the argument. */
static int
expr_fn_math1(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, double (*f)(double))
{
	double x;
	int r;

	if ((r = expr_arg_double(c, nd->first, &x)) == 0)
		expr_val_setnum(out, f(x));
	return r;
}

static double expr_exp10(double x) { return pow(10.0, x); }

#define EXPR_MATH1(name, f)						\
static int								\
expr_fn_##name(const struct expr_ctx *c, const struct expr_node *nd,	\
    struct expr_val *out)						\
{									\
	return expr_fn_math1(c, nd, out, f);				\
}
EXPR_MATH1(abs, fabs)
EXPR_MATH1(acos, mathload_acos)
EXPR_MATH1(asin, mathload_asin)
EXPR_MATH1(atan, mathload_atan)
EXPR_MATH1(cos, mathload_cos)
EXPR_MATH1(sin, mathload_sin)
EXPR_MATH1(tan, mathload_tan)
EXPR_MATH1(exp, mathload_exp)
EXPR_MATH1(exp10, expr_exp10)
EXPR_MATH1(log, mathload_log)
EXPR_MATH1(log10, mathload_log10)
EXPR_MATH1(sqrt, mathload_sqrt)
#undef EXPR_MATH1

/* XPath 1.0's floor() and ceiling(), on number() of the argument. */
static int
expr_fn_floor(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	double x;
	int r;

	if ((r = expr_arg_num(c, nd->first, &x)) == 0)
		expr_val_setnum(out, floor(x));
	return r;
}

static int
expr_fn_ceiling(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	double x;
	int r;

	if ((r = expr_arg_num(c, nd->first, &x)) == 0)
		expr_val_setnum(out, ceil(x));
	return r;
}

static int
expr_fn_pow2(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int atan2_)
{
	double x, y;
	int r;

	if ((r = expr_arg_double(c, nd->first, &x)) != 0 ||
	    (r = expr_arg_double(c, c->e->nodes[nd->first].next, &y)) != 0)
		return r;
	expr_val_setnum(out, atan2_ ? atan2(x, y) : pow(x, y));
	return 0;
}

static int
expr_fn_pow(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_pow2(c, nd, out, 0);
}

static int
expr_fn_atan2(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_pow2(c, nd, out, 1);
}

static int
expr_fn_pi(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)c;
	(void)nd;
	expr_val_setnum(out, M_PI);
	return 0;
}

static int
expr_fn_if(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	int a = nd->first, b, r;

	if ((r = expr_arg_bool(c, a, &b)) != 0)
		return r;
	a = c->e->nodes[a].next;
	return expr_eval_node(c, b ? a : c->e->nodes[a].next, out);
}

/* isNull: "" or NaN. */
static int
expr_fn_isnull(const struct expr_val *v)
{
	return (v->type == EXPR_STRING && v->s[0] == '\0') ||
	    (v->type == EXPR_NUMBER && isnan(v->num));
}

static int
expr_fn_coalesce(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	int r;

	if ((r = expr_eval_node(c, nd->first, out)) != 0)
		return r;
	if (!expr_fn_isnull(out))
		return 0;
	expr_val_clear(out);
	return expr_eval_node(c, c->e->nodes[nd->first].next, out);
}

/* Values gathered from arguments that may stand for several. */
struct expr_fn_acc {
	const struct expr_ctx	*c;
	double			 sum;
	double			 best;
	int			 max;	/* 1 max, 0 min */
	int			 any;	/* a value that is not NaN */
	size_t			 count;
	size_t			 nonempty;
};

static int
expr_fn_acc_one(void *arg, struct expr_val *v)
{
	struct expr_fn_acc *a = arg;
	double x = expr_val_num(v);
	int r;

	a->count++;
	if ((r = expr_val_str(a->c, v)) != 0)
		return r;
	if (v->s[0] != '\0')
		a->nonempty++;
	if (isnan(x))
		return 0;
	a->sum += x;
	a->best = a->max ? fmax(a->best, x) : fmin(a->best, x);
	a->any = 1;
	return 0;
}

/*
 * max() and min(): JavaRosa starts max at Double.MIN_VALUE, the smallest
 * positive double, so in Collect the max of negative numbers is 4.9E-324;
 * that is kept. NaN values are skipped; all NaN (or none) is NaN.
 */
static int
expr_fn_maxmin(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int max)
{
	struct expr_fn_acc a;
	struct expr_val v;
	int k, r;

	memset(&a, 0, sizeof a);
	a.c = c;
	a.max = max;
	a.best = max ? 4.9e-324 : 1.7976931348623157e308;
	if (nd->nkids == 1)
		r = expr_arg_each(c, nd->first, expr_fn_acc_one, &a);
	else
		for (k = nd->first, r = 0; k >= 0 && r == 0;
		    k = c->e->nodes[k].next)
			if ((r = expr_eval_node(c, k, &v)) == 0) {
				r = expr_fn_acc_one(&a, &v);
				expr_val_clear(&v);
			}
	if (r == 0)
		expr_val_setnum(out, a.any ? a.best : NAN);
	return r;
}

static int
expr_fn_max(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_maxmin(c, nd, out, 1);
}

static int
expr_fn_min(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_maxmin(c, nd, out, 0);
}

/* count(), count-non-empty() and sum() of a ${name}. */
static int
expr_fn_nodes(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int what)
{
	struct expr_fn_acc a;
	int r;

	memset(&a, 0, sizeof a);
	a.c = c;
	a.max = 1;
	if ((r = expr_arg_each(c, nd->first, expr_fn_acc_one, &a)) != 0)
		return r;
	expr_val_setnum(out, what == 0 ? (double)a.count : what == 1 ?
	    (double)a.nonempty : a.sum);
	return 0;
}

static int
expr_fn_count(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_nodes(c, nd, out, 0);
}

static int
expr_fn_count_non_empty(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_nodes(c, nd, out, 1);
}

static int
expr_fn_sum(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_fn_nodes(c, nd, out, 2);
}

#define F(n, lo, hi, fl, ev, ck)	{ n, lo, hi, fl, ev, ck }
const struct expr_fninfo expr_fns[] = {
	F("true", 0, 0, 0, expr_fn_true, NULL),
	F("false", 0, 0, 0, expr_fn_false, NULL),
	F("boolean", 1, 1, 0, expr_fn_boolean, NULL),
	F("not", 1, 1, 0, expr_fn_not, NULL),
	F("number", 1, 1, 0, expr_fn_number, NULL),
	F("int", 1, 1, 0, expr_fn_int, NULL),
	F("round", 1, 2, 0, expr_fn_round, NULL),
	F("string", 1, 1, 0, expr_fn_string, NULL),
	F("floor", 1, 1, 0, expr_fn_floor, NULL),
	F("ceiling", 1, 1, 0, expr_fn_ceiling, NULL),
	F("abs", 1, 1, 0, expr_fn_abs, NULL),
	F("acos", 1, 1, 0, expr_fn_acos, NULL),
	F("asin", 1, 1, 0, expr_fn_asin, NULL),
	F("atan", 1, 1, 0, expr_fn_atan, NULL),
	F("atan2", 2, 2, 0, expr_fn_atan2, NULL),
	F("cos", 1, 1, 0, expr_fn_cos, NULL),
	F("sin", 1, 1, 0, expr_fn_sin, NULL),
	F("tan", 1, 1, 0, expr_fn_tan, NULL),
	F("exp", 1, 1, 0, expr_fn_exp, NULL),
	F("exp10", 1, 1, 0, expr_fn_exp10, NULL),
	F("log", 1, 1, 0, expr_fn_log, NULL),
	F("log10", 1, 1, 0, expr_fn_log10, NULL),
	F("sqrt", 1, 1, 0, expr_fn_sqrt, NULL),
	F("pow", 2, 2, 0, expr_fn_pow, NULL),
	F("pi", 0, 0, 0, expr_fn_pi, NULL),
	F("max", 0, -1, 0, expr_fn_max, NULL),
	F("min", 0, -1, 0, expr_fn_min, NULL),
	F("sum", 1, 1, 0, expr_fn_sum, expr_fn_check_nodeset),
	F("count", 1, 1, 0, expr_fn_count, expr_fn_check_nodeset),
	F("count-non-empty", 1, 1, 0, expr_fn_count_non_empty,
	    expr_fn_check_nodeset),
	F("if", 3, 3, 0, expr_fn_if, NULL),
	F("coalesce", 2, 2, 0, expr_fn_coalesce, NULL),
	F("checklist", 2, -1, 0, expr_fn_checklist, NULL),
	F("weighted-checklist", 2, -1, EXPR_FNF_EVEN, expr_fn_weighted, NULL),
	F("position", 1, 1, 0, expr_fn_position, expr_fn_check_position),
	F("indexed-repeat", 3, 11, EXPR_FNF_ODD, expr_fn_indexed,
	    expr_fn_check_indexed),
	F("random", 0, 0, EXPR_FNF_VOLATILE, expr_fn_random,
	    expr_fn_check_volatile),
	F("uuid", 0, 1, EXPR_FNF_VOLATILE, expr_fn_uuid,
	    expr_fn_check_volatile),
	F("version", 0, 0, 0, expr_fn_version, NULL),
	F("once", 1, 1, 0, expr_fn_once, expr_fn_check_once),
	F("depend", 1, -1, 0, expr_fn_depend, NULL),
	F("jr:choice-name", 2, 2, 0, expr_fn_choice_name,
	    expr_fn_check_choice),
	F("pulldata", 4, 4, 0, expr_fn_pulldata, expr_fn_check_pulldata),
	F("selected", 2, 2, 0, expr_fn_selected, NULL),
	F("is-selected", 2, 2, 0, expr_fn_selected, NULL),
	F("count-selected", 1, 1, 0, expr_fn_count_selected, NULL),
	F("selected-at", 2, 2, 0, expr_fn_selected_at, NULL),
	F("concat", 0, -1, 0, expr_fn_concat, NULL),
	F("join", 1, -1, 0, expr_fn_join, NULL),
	F("substr", 2, 3, 0, expr_fn_substr, NULL),
	F("substring", 2, 3, 0, expr_fn_substring, NULL),
	F("substring-before", 2, 2, 0, expr_fn_substring_before, NULL),
	F("substring-after", 2, 2, 0, expr_fn_substring_after, NULL),
	F("translate", 3, 3, 0, expr_fn_translate, NULL),
	F("contains", 2, 2, 0, expr_fn_contains, NULL),
	F("starts-with", 2, 2, 0, expr_fn_starts_with, NULL),
	F("ends-with", 2, 2, 0, expr_fn_ends_with, NULL),
	F("string-length", 0, 1, 0, expr_fn_string_length, NULL),
	F("normalize-space", 0, 1, 0, expr_fn_normalize_space, NULL),
	F("boolean-from-string", 1, 1, 0, expr_fn_boolean_from_string, NULL),
	F("regex", 2, 2, 0, expr_fn_regex, expr_fn_check_regex),
	F("digest", 2, 3, 0, expr_fn_digest, expr_fn_check_digest),
	F("base64-decode", 1, 1, 0, expr_fn_base64_decode, NULL),
	F("extract-signed", 2, 2, 0, expr_fn_extract_signed, NULL),
	F("today", 0, 0, 0, expr_fn_today, expr_fn_check_clock),
	F("now", 0, 0, EXPR_FNF_VOLATILE, expr_fn_now, expr_fn_check_now),
	F("date", 1, 1, 0, expr_fn_date, NULL),
	F("date-time", 1, 1, 0, expr_fn_date_time, NULL),
	F("decimal-date-time", 1, 1, 0, expr_fn_decimal_date_time, NULL),
	F("decimal-time", 1, 1, 0, expr_fn_decimal_time, NULL),
	F("format-date", 2, 2, 0, expr_fn_format_date, expr_fn_check_format),
	F("format-date-time", 2, 2, 0, expr_fn_format_date,
	    expr_fn_check_format),
};
#undef F
const size_t expr_nfns = sizeof expr_fns / sizeof expr_fns[0];

int
expr_fn_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < expr_nfns; i++)
		if (strlen(expr_fns[i].name) == len &&
		    memcmp(expr_fns[i].name, name, len) == 0)
			return (int)i;
	return -1;
}
