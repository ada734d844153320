/*
 * Evaluating parsed XLSForm expressions against the answers so far.
 *
 * The kiosk re-evaluates every relevance condition after each answer, so
 * evaluation borrows strings (literals from the expression, answers from
 * the lookup callback) instead of copying them: a condition such as
 * "${age} >= 18 and selected(${pets}, 'dog')" allocates nothing. Only
 * functions that build text (concat, string() of a number, today) do.
 *
 * The rules are XPath 1.0's, as ODK applies them: = and != compare as
 * booleans when either side is one, else as numbers when either side is
 * one, else as strings; < <= > >= compare numbers, except that two dates
 * (or two times) in ISO form compare as text, which orders them correctly
 * and is what a form means by ". >= today()". and/or/if/coalesce evaluate
 * only what they need.
 */
#include "content/expr-int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/buf.h"
#include "content/err.h"

struct expr_ctx {
	const struct expr	*e;
	const struct expr_env	*env;
	char			**cause;
};

static int	expr_eval_node(const struct expr_ctx *, int, struct expr_val *);

static void
expr_val_clear(struct expr_val *v)
{
	free(v->own);
	v->own = NULL;
	v->s = NULL;
}

static int
expr_val_bool(const struct expr_val *v)
{
	switch (v->type) {
	case EXPR_BOOL:
		return v->b != 0;
	case EXPR_NUMBER:
		return !(v->num == 0 || isnan(v->num));
	default:
		return v->s[0] != '\0';
	}
}

static double
expr_val_num(const struct expr_val *v)
{
	switch (v->type) {
	case EXPR_BOOL:
		return v->b ? 1 : 0;
	case EXPR_NUMBER:
		return v->num;
	default:
		return expr_num_parse(v->s);
	}
}

/* Turn v into its string() in place. */
static int
expr_val_str(const struct expr_ctx *c, struct expr_val *v)
{
	char buf[EXPR_NUM_BUFSZ];

	switch (v->type) {
	case EXPR_BOOL:
		v->s = v->b ? "true" : "false";
		break;
	case EXPR_NUMBER:
		expr_num_format(v->num, buf);
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

static void
expr_val_setbool(struct expr_val *v, int b)
{
	v->type = EXPR_BOOL;
	v->b = b != 0;
	v->s = NULL;
	v->own = NULL;
}

static void
expr_val_setnum(struct expr_val *v, double d)
{
	v->type = EXPR_NUMBER;
	v->num = d;
	v->s = NULL;
	v->own = NULL;
}

static void
expr_val_setstr(struct expr_val *v, const char *s, char *own)
{
	v->type = EXPR_STRING;
	v->s = s;
	v->own = own;
}

/* Evaluate child n as a string. */
static int
expr_eval_str(const struct expr_ctx *c, int n, struct expr_val *v)
{
	int r;

	if ((r = expr_eval_node(c, n, v)) != 0)
		return r;
	if ((r = expr_val_str(c, v)) != 0)
		expr_val_clear(v);
	return r;
}

/* Evaluate child n as a number. */
static int
expr_eval_num(const struct expr_ctx *c, int n, double *d)
{
	struct expr_val v;
	int r;

	if ((r = expr_eval_node(c, n, &v)) != 0)
		return r;
	*d = expr_val_num(&v);
	expr_val_clear(&v);
	return 0;
}

/* Evaluate child n as a boolean. */
static int
expr_eval_truth(const struct expr_ctx *c, int n, int *b)
{
	struct expr_val v;
	int r;

	if ((r = expr_eval_node(c, n, &v)) != 0)
		return r;
	*b = expr_val_bool(&v);
	expr_val_clear(&v);
	return 0;
}

/* 1 for an ISO date (YYYY-MM-DD...), 2 for a time (HH:MM...), else 0. */
static int
expr_eval_temporal(const char *s)
{
	static const char date[] = "dddd-dd-dd", time[] = "dd:dd";
	const char *pat;
	size_t i;
	int kind;

	if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	    s[2] == ':') {
		pat = time;
		kind = 2;
	} else {
		pat = date;
		kind = 1;
	}
	for (i = 0; pat[i] != '\0'; i++) {
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') :
		    s[i] != pat[i])
			return 0;
	}
	/* A date may go on with a time; nothing may follow bare digits. */
	if (s[i] >= '0' && s[i] <= '9')
		return 0;
	return kind;
}

static int
expr_eval_compare(enum expr_op op, const struct expr_val *a,
    const struct expr_val *b)
{
	double x, y;
	int eq, k;

	if (op == EXPR_OP_EQ || op == EXPR_OP_NE) {
		if (a->type == EXPR_BOOL || b->type == EXPR_BOOL)
			eq = expr_val_bool(a) == expr_val_bool(b);
		else if (a->type == EXPR_NUMBER || b->type == EXPR_NUMBER)
			eq = expr_val_num(a) == expr_val_num(b);
		else
			eq = strcmp(a->s, b->s) == 0;
		return op == EXPR_OP_EQ ? eq : !eq;
	}
	if (a->type == EXPR_STRING && b->type == EXPR_STRING &&
	    (k = expr_eval_temporal(a->s)) != 0 &&
	    k == expr_eval_temporal(b->s)) {
		k = strcmp(a->s, b->s);
		x = k;
		y = 0;
	} else {
		x = expr_val_num(a);
		y = expr_val_num(b);
	}
	switch (op) {
	case EXPR_OP_LT: return x < y;
	case EXPR_OP_LE: return x <= y;
	case EXPR_OP_GT: return x > y;
	default: return x >= y;
	}
}

/* acc = acc op rhs, for the operators of an EXPR_K_BIN chain. */
static void
expr_eval_binop(enum expr_op op, struct expr_val *acc, struct expr_val *rhs)
{
	double x, y, r;

	if (op >= EXPR_OP_EQ && op <= EXPR_OP_GE) {
		r = expr_eval_compare(op, acc, rhs);
		expr_val_clear(acc);
		expr_val_setbool(acc, (int)r);
		return;
	}
	x = expr_val_num(acc);
	y = expr_val_num(rhs);
	switch (op) {
	case EXPR_OP_ADD: r = x + y; break;
	case EXPR_OP_SUB: r = x - y; break;
	case EXPR_OP_MUL: r = x * y; break;
	case EXPR_OP_DIV: r = x / y; break;
	default: r = fmod(x, y); break;	/* XPath's mod truncates, as fmod */
	}
	expr_val_clear(acc);
	expr_val_setnum(acc, r);
}

/* Is value one of the space-separated tokens of list? */
static int
expr_eval_selected(const char *list, const char *value)
{
	size_t vlen, n;

	while (*value == ' ' || *value == '\t' || *value == '\n' ||
	    *value == '\r')
		value++;
	vlen = strcspn(value, " \t\r\n");
	if (vlen == 0 || value[vlen + strspn(value + vlen, " \t\r\n")] != '\0')
		return 0;
	for (;;) {
		list += strspn(list, " \t\r\n");
		if (*list == '\0')
			return 0;
		n = strcspn(list, " \t\r\n");
		if (n == vlen && memcmp(list, value, n) == 0)
			return 1;
		list += n;
	}
}

static double
expr_eval_count_selected(const char *list)
{
	double count = 0;

	for (;;) {
		list += strspn(list, " \t\r\n");
		if (*list == '\0')
			return count;
		count++;
		list += strcspn(list, " \t\r\n");
	}
}

static int
expr_eval_concat(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct buf b = BUF_INIT;
	struct expr_val v;
	char *s;
	int k, r = 0;

	for (k = nd->first; k >= 0; k = c->e->nodes[k].next) {
		if ((r = expr_eval_str(c, k, &v)) != 0)
			goto out;
		buf_addstr(&b, v.s);
		expr_val_clear(&v);
		if (b.len > EXPR_MAX_RESULT) {
			r = err_set(c->cause, ERR_LIMIT,
			    "concat() result longer than %d bytes",
			    EXPR_MAX_RESULT);
			goto out;
		}
	}
	if ((s = buf_detach(&b, NULL)) == NULL) {
		r = err_set(c->cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	expr_val_setstr(out, s, s);
out:
	buf_free(&b);
	return r;
}

static int
expr_eval_regex(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val subj, pat;
	regex_t re;
	int r, compiled = 0;

	pat.own = NULL;
	if ((r = expr_eval_str(c, nd->first, &subj)) != 0)
		return r;
	if (nd->rx < 0) {
		/* A pattern computed at run time is compiled each time. */
		if ((r = expr_eval_str(c, c->e->nodes[nd->first].next,
		    &pat)) != 0)
			goto out;
		if ((r = expr_regex_compile(pat.s, &re, c->cause)) != 0)
			goto out;
		compiled = 1;
	}
	expr_val_setbool(out, regexec(compiled ? &re : &c->e->rx[nd->rx],
	    subj.s, 0, NULL, 0) == 0);
out:
	if (compiled)
		regfree(&re);
	expr_val_clear(&pat);
	expr_val_clear(&subj);
	return r;
}

static int
expr_eval_today(const struct expr_ctx *c, struct expr_val *out)
{
	time_t now = c->env->now != 0 ? c->env->now : time(NULL);
	struct tm tm;
	char *s;

	if (localtime_r(&now, &tm) == NULL)
		return err_set(c->cause, ERR_INVALID, "the clock is unreadable");
	if ((s = malloc(32)) == NULL)
		return err_set(c->cause, ERR_NOMEM, "out of memory");
	strftime(s, 32, "%Y-%m-%d", &tm);
	expr_val_setstr(out, s, s);
	return 0;
}

static int
expr_eval_call(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	const struct expr_node *nodes = c->e->nodes;
	struct expr_val v;
	double x, y;
	int a = nd->first, b, r = 0;

	switch ((enum expr_fn)nd->fn) {
	case EXPR_FN_NOT:
		if ((r = expr_eval_truth(c, a, &b)) == 0)
			expr_val_setbool(out, !b);
		return r;
	case EXPR_FN_TRUE:
	case EXPR_FN_FALSE:
		expr_val_setbool(out, nd->fn == EXPR_FN_TRUE);
		return 0;
	case EXPR_FN_BOOLEAN:
		if ((r = expr_eval_truth(c, a, &b)) == 0)
			expr_val_setbool(out, b);
		return r;
	case EXPR_FN_STRING:
		if (a < 0) {
			expr_val_setstr(out, c->env->dot ? c->env->dot : "",
			    NULL);
			return 0;
		}
		return expr_eval_str(c, a, out);
	case EXPR_FN_NUMBER:
		if (a < 0)
			x = expr_num_parse(c->env->dot ? c->env->dot : "");
		else if ((r = expr_eval_num(c, a, &x)) != 0)
			return r;
		expr_val_setnum(out, x);
		return 0;
	case EXPR_FN_STRING_LENGTH:
		if (a < 0)
			expr_val_setstr(&v, c->env->dot ? c->env->dot : "", NULL);
		else if ((r = expr_eval_str(c, a, &v)) != 0)
			return r;
		x = (double)expr_utf8_len(v.s, strlen(v.s));
		expr_val_clear(&v);
		expr_val_setnum(out, x);
		return 0;
	case EXPR_FN_SELECTED:
	case EXPR_FN_COUNT_SELECTED:
		if ((r = expr_eval_str(c, a, &v)) != 0)
			return r;
		if (nd->fn == EXPR_FN_COUNT_SELECTED)
			expr_val_setnum(out, expr_eval_count_selected(v.s));
		else {
			struct expr_val w;

			if ((r = expr_eval_str(c, nodes[a].next, &w)) == 0) {
				expr_val_setbool(out,
				    expr_eval_selected(v.s, w.s));
				expr_val_clear(&w);
			}
		}
		expr_val_clear(&v);
		return r;
	case EXPR_FN_CONCAT:
		return expr_eval_concat(c, nd, out);
	case EXPR_FN_IF:
		if ((r = expr_eval_truth(c, a, &b)) != 0)
			return r;
		a = nodes[a].next;
		return expr_eval_node(c, b ? a : nodes[a].next, out);
	case EXPR_FN_COALESCE:
		for (; a >= 0; a = nodes[a].next) {
			if ((r = expr_eval_node(c, a, out)) != 0)
				return r;
			if (out->type != EXPR_STRING || out->s[0] != '\0' ||
			    nodes[a].next < 0)
				return 0;
			expr_val_clear(out);
		}
		return 0;
	case EXPR_FN_REGEX:
		return expr_eval_regex(c, nd, out);
	case EXPR_FN_TODAY:
		return expr_eval_today(c, out);
	case EXPR_FN_INT:
		if ((r = expr_eval_num(c, a, &x)) == 0)
			expr_val_setnum(out, trunc(x));
		return r;
	case EXPR_FN_ROUND:
		y = 0;
		if ((r = expr_eval_num(c, a, &x)) != 0 ||
		    (nodes[a].next >= 0 &&
		    (r = expr_eval_num(c, nodes[a].next, &y)) != 0))
			return r;
		expr_val_setnum(out, expr_num_round(x, y));
		return 0;
	}
	return err_set(c->cause, ERR_INVALID, "bad function");
}

static int
expr_eval_lookup(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	const char *name = c->e->pool + nd->str, *value = NULL;
	int isref = nd->kind == EXPR_K_REF, r = ERR_NOTFOUND;

	if (c->env->lookup != NULL)
		r = c->env->lookup(c->env->ctx, name, isref, &value);
	if (r != 0) {
		if (isref)
			return err_set(c->cause, r, "unknown question "
			    "${%s} (column %d)", name, nd->col);
		return err_set(c->cause, r, "unknown name '%s' (column %d)",
		    name, nd->col);
	}
	expr_val_setstr(out, value != NULL ? value : "", NULL);
	return 0;
}

static int
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
		expr_val_setstr(out, c->e->pool + nd->str, NULL);
		return 0;
	case EXPR_K_REF:
	case EXPR_K_NAME:
		return expr_eval_lookup(c, nd, out);
	case EXPR_K_DOT:
		expr_val_setstr(out, c->env->dot ? c->env->dot : "", NULL);
		return 0;
	case EXPR_K_OR:
	case EXPR_K_AND:
		/* Stop at the first operand that decides the answer. */
		for (k = nd->first, b = nd->kind == EXPR_K_AND; k >= 0;
		    k = c->e->nodes[k].next) {
			if ((r = expr_eval_truth(c, k, &b)) != 0)
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
			if ((r = expr_eval_node(c, k, &rhs)) != 0) {
				expr_val_clear(out);
				return r;
			}
			expr_eval_binop((enum expr_op)c->e->nodes[k].op, out,
			    &rhs);
			expr_val_clear(&rhs);
		}
		return 0;
	case EXPR_K_NEG:
		if ((r = expr_eval_num(c, nd->first, &x)) == 0)
			expr_val_setnum(out, -x);
		return r;
	case EXPR_K_CALL:
		return expr_eval_call(c, nd, out);
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
	struct expr_val v;
	char buf[EXPR_NUM_BUFSZ], *s = NULL;

	if (expr_eval_root(e, env, &v, NULL) != 0)
		return strdup("");
	switch (v.type) {
	case EXPR_BOOL:
		s = strdup(v.b ? "true" : "false");
		break;
	case EXPR_NUMBER:
		expr_num_format(v.num, buf);
		s = strdup(buf);
		break;
	default:
		if (v.own != NULL && v.s == v.own) {
			s = v.own;
			v.own = NULL;
		} else
			s = strdup(v.s);
		break;
	}
	expr_val_clear(&v);
	return s;
}

/*
 * Labels show answers with ${name}. A reference that is malformed, names
 * no known question, or has no lookup to ask is left as written, so the
 * mistake stays visible to whoever checks the form.
 */
char *
expr_interpolate(const char *label, const struct expr_env *env)
{
	struct buf b = BUF_INIT;
	const char *p = label, *ref, *value;
	char name[EXPR_MAX_NAME + 1];
	size_t n;

	if (label == NULL)
		return strdup("");
	while ((ref = strstr(p, "${")) != NULL) {
		buf_add(&b, p, (size_t)(ref - p));
		n = expr_lex_namelen(ref + 2,
		    strnlen(ref + 2, EXPR_MAX_NAME + 2));
		value = NULL;
		if (n > 0 && n <= EXPR_MAX_NAME && ref[2 + n] == '}' &&
		    env != NULL && env->lookup != NULL) {
			memcpy(name, ref + 2, n);
			name[n] = '\0';
			if (env->lookup(env->ctx, name, 1, &value) != 0)
				value = NULL;
			else if (value == NULL)
				value = "";
		}
		if (value != NULL) {
			buf_addstr(&b, value);
			p = ref + n + 3;
		} else {
			buf_add(&b, ref, 2);
			p = ref + 2;
		}
	}
	buf_addstr(&b, p);
	return buf_detach(&b, NULL);
}
