/*
 * Evaluating parsed XLSForm expressions against the answers so far, with
 * JavaRosa's conversions and operators (XPathEqExpr, XPathCmpExpr,
 * XPathArithExpr, XPathBoolExpr, XPathFuncExpr.toBoolean/toNumeric/
 * toString); the functions are in expr-func.c.
 *
 * The kiosk re-evaluates every relevance condition after each answer, so
 * evaluation borrows strings (literals from the expression, answers from
 * the lookup callback) instead of copying them: a condition such as
 * "${age} >= 18 and selected(${pets}, 'dog')" allocates nothing. Only
 * functions that build text do.
 *
 * = and != compare as booleans when either side is one, else as numbers
 * (equal when less than 1e-12 apart) when either side is one, else as
 * strings; < <= > >= and arithmetic convert both sides to numbers. and/or
 * and if() evaluate only what they need. A ${name} that stands for several
 * values (a question of a repeat, seen from outside it) is an error where
 * one value is needed, as in Collect; count(), sum(), join() and the like
 * take all of them.
 */
#include "content/expr-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/mathload.h"

int
expr_eval_fail(const struct expr_ctx *c, int err, int col, const char *fmt,
    ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (col > 0)
		return err_set(c->cause, err, "%s (column %d)", msg, col);
	return err_set(c->cause, err, "%s", msg);
}

void
expr_val_clear(struct expr_val *v)
{
	free(v->own);
	v->own = NULL;
	v->s = NULL;
}

void
expr_val_setbool(struct expr_val *v, int b)
{
	v->type = EXPR_BOOL;
	v->b = b != 0;
	v->s = NULL;
	v->own = NULL;
}

void
expr_val_setnum(struct expr_val *v, double d)
{
	v->type = EXPR_NUMBER;
	v->num = d;
	v->s = NULL;
	v->own = NULL;
}

void
expr_val_setdate(struct expr_val *v, double ms)
{
	v->type = EXPR_DATE;
	v->num = ms;
	v->s = NULL;
	v->own = NULL;
}

void
expr_val_setstr(struct expr_val *v, const char *s, char *own)
{
	v->type = EXPR_STRING;
	v->s = s;
	v->own = own;
}

/* toBoolean: a number is true further than 1e-12 from 0; a date always. */
int
expr_val_bool(const struct expr_val *v)
{
	switch (v->type) {
	case EXPR_BOOL:
		return v->b != 0;
	case EXPR_NUMBER:
		return fabs(v->num) > 1.0e-12 && !isnan(v->num);
	case EXPR_DATE:
		return 1;
	default:
		return v->s[0] != '\0';
	}
}

/* toNumeric: a date is whole days since 1970-01-01. */
double
expr_val_num(const struct expr_val *v)
{
	switch (v->type) {
	case EXPR_BOOL:
		return v->b ? 1 : 0;
	case EXPR_NUMBER:
		return v->num;
	case EXPR_DATE:
		return expr_date_days(v->num);
	default:
		return expr_num_parse(v->s);
	}
}

/* toDouble, for the maths functions: a date is fractional days. */
double
expr_val_double(const struct expr_val *v)
{
	return v->type == EXPR_DATE ? expr_date_fdays(v->num) :
	    expr_val_num(v);
}

int
expr_val_str(const struct expr_ctx *c, struct expr_val *v)
{
	char buf[EXPR_NUM_BUFSZ];

	switch (v->type) {
	case EXPR_BOOL:
		v->s = v->b ? "true" : "false";
		break;
	case EXPR_NUMBER:
	case EXPR_DATE:
		if (v->type == EXPR_NUMBER)
			expr_num_format(v->num, buf);
		else
			expr_date_text(v->num, buf, sizeof buf);
		if ((v->own = strdup(buf)) == NULL)
			return err_set(c->cause, ERR_NOMEM, "out of memory");
		v->s = v->own;
		break;
	default:
		return 0;
	}
	v->type = EXPR_STRING;
	return 0;
}

int
expr_val_own(const struct expr_ctx *c, struct expr_val *v)
{
	char *s;

	if (v->type != EXPR_STRING || (v->own != NULL && v->s == v->own))
		return 0;
	if ((s = strdup(v->s)) == NULL)
		return err_set(c->cause, ERR_NOMEM, "out of memory");
	free(v->own);
	v->own = s;
	v->s = s;
	return 0;
}

int
expr_arg_str(const struct expr_ctx *c, int n, struct expr_val *v)
{
	int r;

	if ((r = expr_eval_node(c, n, v)) != 0)
		return r;
	if ((r = expr_val_str(c, v)) != 0)
		expr_val_clear(v);
	return r;
}

int
expr_arg_num(const struct expr_ctx *c, int n, double *d)
{
	struct expr_val v;
	int r;

	if ((r = expr_eval_node(c, n, &v)) != 0)
		return r;
	*d = expr_val_num(&v);
	expr_val_clear(&v);
	return 0;
}

int
expr_arg_double(const struct expr_ctx *c, int n, double *d)
{
	struct expr_val v;
	int r;

	if ((r = expr_eval_node(c, n, &v)) != 0)
		return r;
	*d = expr_val_double(&v);
	expr_val_clear(&v);
	return 0;
}

int
expr_arg_bool(const struct expr_ctx *c, int n, int *b)
{
	struct expr_val v;
	int r;

	if ((r = expr_eval_node(c, n, &v)) != 0)
		return r;
	*b = expr_val_bool(&v);
	expr_val_clear(&v);
	return 0;
}

const char *
expr_node_text(const struct expr_ctx *c, int n)
{
	return c->e->pool + c->e->nodes[n].str;
}

void
expr_val_item(struct expr_val *v, const struct expr_item *it)
{
	const char *t = it->text != NULL ? it->text : "";
	double ms;

	expr_val_setstr(v, t, NULL);
	if (*t == '\0')
		return;
	switch (it->type) {
	case EXPR_NUMBER:
		expr_val_setnum(v, expr_num_typed(t));
		break;
	case EXPR_DATE:
		if (expr_date_parse(t, &ms) == 0)
			expr_val_setdate(v, ms);
		break;
	case EXPR_BOOL:
		if (strcmp(t, "1") == 0 || strcmp(t, "true") == 0)
			expr_val_setbool(v, 1);
		else if (strcmp(t, "0") == 0 || strcmp(t, "false") == 0)
			expr_val_setbool(v, 0);
		break;
	default:
		break;
	}
}

/* Ask the lookup for value i of node n's name; *count gets how many. */
static int
expr_eval_lookup(const struct expr_ctx *c, int n, size_t i,
    struct expr_item *it, size_t *count)
{
	const struct expr_node *nd = &c->e->nodes[n];
	const char *name = c->e->pool + nd->str;
	int isref = nd->kind == EXPR_K_REF, r = ERR_NOTFOUND;

	it->text = "";
	it->type = EXPR_STRING;
	*count = 0;
	if (c->env->lookup != NULL)
		r = c->env->lookup(c->env->ctx, name, isref, i, it, count);
	if (r != 0) {
		if (isref)
			return expr_eval_fail(c, r, nd->col,
			    "unknown question ${%s}", name);
		return expr_eval_fail(c, r, nd->col, "unknown name '%s'",
		    name);
	}
	if (*count > EXPR_MAX_ITEMS)
		return expr_eval_fail(c, ERR_LIMIT, nd->col, "${%s} stands "
		    "for more than %d values", name, EXPR_MAX_ITEMS);
	return 0;
}

/* A name where one value is needed (XPathNodeset.unpack). */
static int
expr_eval_ref(const struct expr_ctx *c, int n, struct expr_val *out)
{
	struct expr_item it;
	size_t count;
	int r;

	if ((r = expr_eval_lookup(c, n, 0, &it, &count)) != 0)
		return r;
	if (count > 1)
		return expr_eval_fail(c, ERR_INVALID, c->e->nodes[n].col,
		    "${%s} is a question of a repeat, so it has one answer "
		    "per repeat; use count(), sum(), join() or "
		    "indexed-repeat() to choose", expr_node_text(c, n));
	if (count == 0)
		it.text = "";
	expr_val_item(out, &it);
	return 0;
}

int
expr_arg_each(const struct expr_ctx *c, int n,
    int (*fn)(void *arg, struct expr_val *v), void *arg)
{
	const struct expr_node *nd = &c->e->nodes[n];
	struct expr_item it;
	struct expr_val v;
	size_t i, count;
	int r;

	if (nd->kind != EXPR_K_REF) {
		if ((r = expr_eval_node(c, n, &v)) != 0)
			return r;
		r = fn(arg, &v);
		expr_val_clear(&v);
		return r;
	}
	if ((r = expr_eval_lookup(c, n, 0, &it, &count)) != 0)
		return r;
	for (i = 0; i < count; i++) {
		if (i > 0 && (r = expr_eval_lookup(c, n, i, &it, &count)) != 0)
			return r;
		expr_val_item(&v, &it);
		r = fn(arg, &v);
		expr_val_clear(&v);
		if (r != 0)
			return r;
	}
	return 0;
}

/* XPathEqExpr and XPathCmpExpr. */
static int
expr_eval_compare(const struct expr_ctx *c, enum expr_op op,
    struct expr_val *a, struct expr_val *b, int *res)
{
	double x, y;
	int eq, r;

	if (op == EXPR_OP_EQ || op == EXPR_OP_NE) {
		if (a->type == EXPR_BOOL || b->type == EXPR_BOOL)
			eq = expr_val_bool(a) == expr_val_bool(b);
		else if (a->type == EXPR_NUMBER || b->type == EXPR_NUMBER)
			eq = fabs(expr_val_num(a) - expr_val_num(b)) < 1e-12;
		else {
			if ((r = expr_val_str(c, a)) != 0 ||
			    (r = expr_val_str(c, b)) != 0)
				return r;
			eq = strcmp(a->s, b->s) == 0;
		}
		*res = op == EXPR_OP_EQ ? eq : !eq;
		return 0;
	}
	x = expr_val_num(a);
	y = expr_val_num(b);
	switch (op) {
	case EXPR_OP_LT: *res = x < y; break;
	case EXPR_OP_LE: *res = x <= y; break;
	case EXPR_OP_GT: *res = x > y; break;
	default: *res = x >= y; break;
	}
	return 0;
}

/* acc = acc op rhs, for the operators of an EXPR_K_BIN chain. */
static int
expr_eval_binop(const struct expr_ctx *c, enum expr_op op,
    struct expr_val *acc, struct expr_val *rhs)
{
	double x, y, r;
	int b = 0, rc;

	if (op >= EXPR_OP_EQ && op <= EXPR_OP_GE) {
		rc = expr_eval_compare(c, op, acc, rhs, &b);
		expr_val_clear(acc);
		expr_val_setbool(acc, b);
		return rc;
	}
	x = expr_val_num(acc);
	y = expr_val_num(rhs);
	switch (op) {
	case EXPR_OP_ADD: r = x + y; break;
	case EXPR_OP_SUB: r = x - y; break;
	case EXPR_OP_MUL: r = x * y; break;
	case EXPR_OP_DIV: r = x / y; break;
	default: r = fmod(x, y); break;	/* Java's %, as fmod */
	}
	expr_val_clear(acc);
	expr_val_setnum(acc, r);
	return 0;
}

int
expr_eval_node(const struct expr_ctx *c, int n, struct expr_val *out)
{
	const struct expr_node *nd = &c->e->nodes[n];
	struct expr_val rhs;
	double x;
	int k, b, r = 0;

	out->own = NULL;
	out->s = NULL;
	switch ((enum expr_kind)nd->kind) {
	case EXPR_K_NUM:
		expr_val_setnum(out, nd->num);
		return 0;
	case EXPR_K_STR:
	case EXPR_K_QNAME:
		expr_val_setstr(out, c->e->pool + nd->str, NULL);
		return 0;
	case EXPR_K_REF:
	case EXPR_K_NAME:
		return expr_eval_ref(c, n, out);
	case EXPR_K_DOT:
		expr_val_item(out, &c->env->dot);
		return 0;
	case EXPR_K_PARENT:
		expr_val_setstr(out, "", NULL);
		return 0;
	case EXPR_K_OR:
	case EXPR_K_AND:
		/* Stop at the first operand that decides the answer. */
		for (k = nd->first, b = nd->kind == EXPR_K_AND; k >= 0;
		    k = c->e->nodes[k].next) {
			if ((r = expr_arg_bool(c, k, &b)) != 0)
				return r;
			if (b == (nd->kind == EXPR_K_OR))
				break;
		}
		expr_val_setbool(out, b);
		return 0;
	case EXPR_K_BIN:
		if ((r = expr_eval_node(c, nd->first, out)) != 0)
			return r;
		for (k = c->e->nodes[nd->first].next; k >= 0;
		    k = c->e->nodes[k].next) {
			if ((r = expr_eval_node(c, k, &rhs)) == 0) {
				r = expr_eval_binop(c, (enum expr_op)
				    c->e->nodes[k].op, out, &rhs);
				expr_val_clear(&rhs);
			}
			if (r != 0) {
				expr_val_clear(out);
				return r;
			}
		}
		return 0;
	case EXPR_K_NEG:
		if ((r = expr_arg_num(c, nd->first, &x)) == 0)
			expr_val_setnum(out, -x);
		return r;
	case EXPR_K_CALL:
		return expr_fns[nd->fn].eval(c, nd, out);
	}
	return err_set(c->cause, ERR_INVALID, "bad expression node");
}

/* Evaluate the whole expression into a borrowed value. */
static int
expr_eval_root(const struct expr *e, const struct expr_env *env,
    struct expr_val *v, char **cause)
{
	static const struct expr_env empty;
	struct expr_ctx c;

	v->own = NULL;
	v->s = NULL;
	if (e == NULL)
		return err_set(cause, ERR_INVALID, "no expression");
	c.e = e;
	c.env = env != NULL ? env : &empty;
	c.cause = cause;
	return expr_eval_node(&c, e->root, v);
}

int
expr_eval(const struct expr *e, const struct expr_env *env,
    struct expr_value *out, char **cause)
{
	struct expr_val v;
	int r;

	memset(out, 0, sizeof *out);
	out->type = EXPR_STRING;
	if ((r = expr_eval_root(e, env, &v, cause)) != 0)
		return r;
	out->type = v.type;
	out->num = v.num;
	out->b = v.b;
	if (v.type == EXPR_STRING) {
		if (v.own != NULL && v.s == v.own)
			out->str = v.own;
		else if ((out->str = strdup(v.s)) == NULL) {
			expr_val_clear(&v);
			out->type = EXPR_STRING;
			return err_set(cause, ERR_NOMEM, "out of memory");
		}
		v.own = NULL;
	}
	expr_val_clear(&v);
	return 0;
}

int
expr_eval_bool(const struct expr *e, const struct expr_env *env)
{
	struct expr_val v;
	int b;

	if (expr_eval_root(e, env, &v, NULL) != 0)
		return 0;
	b = expr_val_bool(&v);
	expr_val_clear(&v);
	return b;
}

char *
expr_eval_string(const struct expr *e, const struct expr_env *env)
{
	struct expr_value v;
	char *s;

	if (expr_eval(e, env, &v, NULL) != 0)
		return strdup("");
	s = expr_to_string(&v);
	expr_value_clear(&v);
	return s;
}

int
expr_to_bool(const struct expr_value *v)
{
	struct expr_val w;

	w.type = v->type;
	w.num = v->num;
	w.b = v->b;
	w.s = v->str != NULL ? v->str : "";
	w.own = NULL;
	return expr_val_bool(&w);
}

double
expr_to_number(const struct expr_value *v)
{
	struct expr_val w;

	w.type = v->type;
	w.num = v->num;
	w.b = v->b;
	w.s = v->str != NULL ? v->str : "";
	w.own = NULL;
	return expr_val_num(&w);
}

char *
expr_to_string(const struct expr_value *v)
{
	char buf[EXPR_NUM_BUFSZ];

	switch (v->type) {
	case EXPR_BOOL:
		return strdup(v->b ? "true" : "false");
	case EXPR_NUMBER:
		expr_num_format(v->num, buf);
		return strdup(buf);
	case EXPR_DATE:
		expr_date_text(v->num, buf, sizeof buf);
		return strdup(buf);
	default:
		return strdup(v->str != NULL ? v->str : "");
	}
}

void
expr_value_clear(struct expr_value *v)
{
	if (v == NULL)
		return;
	free(v->str);
	memset(v, 0, sizeof *v);
	v->type = EXPR_STRING;
}

/*
 * Labels show answers with ${name}, as string() writes them. A reference
 * that is malformed, names no known question, or has no lookup to ask is
 * left as written, so the mistake stays visible to whoever checks the
 * form. A question of a repeat seen from outside shows its answers joined
 * by ", ".
 */
char *
expr_interpolate(const char *label, const struct expr_env *env)
{
	struct buf b = BUF_INIT;
	const char *p = label, *ref;
	char name[EXPR_MAX_NAME + 1], buf[EXPR_NUM_BUFSZ];
	struct expr_item it;
	struct expr_val v;
	size_t n, i, count;
	int ok;

	if (label == NULL)
		return strdup("");
	while ((ref = strstr(p, "${")) != NULL) {
		buf_add(&b, p, (size_t)(ref - p));
		n = expr_lex_namelen(ref + 2,
		    strnlen(ref + 2, EXPR_MAX_NAME + 2));
		ok = 0;
		if (n > 0 && n <= EXPR_MAX_NAME && ref[2 + n] == '}' &&
		    env != NULL && env->lookup != NULL) {
			memcpy(name, ref + 2, n);
			name[n] = '\0';
			ok = env->lookup(env->ctx, name, 1, 0, &it, &count) ==
			    0;
		}
		if (!ok) {
			buf_add(&b, ref, 2);
			p = ref + 2;
			continue;
		}
		for (i = 0; i < count && i < EXPR_MAX_ITEMS; i++) {
			if (i > 0 && env->lookup(env->ctx, name, 1, i, &it,
			    &count) != 0)
				break;
			if (i > 0)
				buf_addstr(&b, ", ");
			expr_val_item(&v, &it);
			if (v.type == EXPR_STRING)
				buf_addstr(&b, v.s);
			else if (v.type == EXPR_BOOL)
				buf_addstr(&b, v.b ? "true" : "false");
			else {
				if (v.type == EXPR_NUMBER)
					expr_num_format(v.num, buf);
				else
					expr_date_text(v.num, buf, sizeof buf);
				buf_addstr(&b, buf);
			}
		}
		p = ref + n + 3;
	}
	buf_addstr(&b, p);
	return buf_detach(&b, NULL);
}
