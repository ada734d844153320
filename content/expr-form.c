/*
 * The functions of the library that are about the form rather than about
 * values (see expr-func.c for the table): checklist() and
 * weighted-checklist(), position(..) and indexed-repeat() for repeats,
 * uuid(), random(), version(), once() and depend(), and the checks of
 * arguments that the parser runs for them.
 *
 * uuid() is a random version 4 UUID in lower case; uuid(n) is n random
 * letters and digits in upper case (PropertyUtils.genUUID and genGUID);
 * random() is uniform in [0, 1). Their randomness comes from the kernel
 * (getrandom). A calculation that uses them, or now(), is computed once,
 * as in Collect (content/survey.c).
 */
#include "content/expr-int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "content/err.h"
#include "content/mathload.h"

/* checklist() and weighted-checklist(): the flags (and weights) given. */
struct expr_form_flags {
	const struct expr_ctx	*c;
	double			*v;
	size_t			 n;
	size_t			 cap;
	int			 numeric;
};

static int
expr_form_flag_one(void *arg, struct expr_val *v)
{
	struct expr_form_flags *k = arg;
	double *nv;

	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		if (k->cap > EXPR_MAX_ITEMS * 2 ||
		    (nv = reallocarray(k->v, k->cap, sizeof *nv)) == NULL)
			return err_set(k->c->cause, ERR_NOMEM, "out of memory");
		k->v = nv;
	}
	k->v[k->n++] = k->numeric ? expr_val_num(v) : expr_val_bool(v);
	return 0;
}

int
expr_fn_checklist(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_form_flags k;
	double lo, hi;
	size_t i, count = 0;
	int a, r;

	memset(&k, 0, sizeof k);
	k.c = c;
	if ((r = expr_arg_num(c, nd->first, &lo)) != 0 ||
	    (r = expr_arg_num(c, c->e->nodes[nd->first].next, &hi)) != 0)
		return r;
	for (a = expr_fn_arg(c, nd, 2); a >= 0 && r == 0;
	    a = c->e->nodes[a].next)
		r = expr_arg_each(c, a, expr_form_flag_one, &k);
	for (i = 0; i < k.n; i++)
		count += k.v[i] != 0;
	free(k.v);
	if (r == 0)
		expr_val_setbool(out, ((int)expr_java_int(lo) < 0 ||
		    (double)count >= (double)expr_java_int(lo)) &&
		    ((int)expr_java_int(hi) < 0 ||
		    (double)count <= (double)expr_java_int(hi)));
	return r;
}

int
expr_fn_weighted(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_form_flags flags, weights;
	double lo, hi, sum = 0;
	size_t i;
	int a, r, k = 0;

	memset(&flags, 0, sizeof flags);
	memset(&weights, 0, sizeof weights);
	flags.c = weights.c = c;
	weights.numeric = 1;
	if ((r = expr_arg_num(c, nd->first, &lo)) != 0 ||
	    (r = expr_arg_num(c, c->e->nodes[nd->first].next, &hi)) != 0)
		return r;
	for (a = expr_fn_arg(c, nd, 2); a >= 0 && r == 0;
	    a = c->e->nodes[a].next, k++)
		r = expr_arg_each(c, a, expr_form_flag_one, k % 2 == 0 ?
		    &flags : &weights);
	if (r == 0 && flags.n != weights.n)
		r = expr_eval_fail(c, ERR_INVALID, nd->col, "weighted-"
		    "checklist(): as many weights as values are needed");
	for (i = 0; r == 0 && i < flags.n; i++)
		if (flags.v[i] != 0)
			sum += weights.v[i];
	free(flags.v);
	free(weights.v);
	if (r == 0)
		expr_val_setbool(out, sum >= lo && sum <= hi);
	return r;
}

int
expr_fn_position(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)nd;
	expr_val_setnum(out, c->env->position > 0 ? c->env->position : 1);
	return 0;
}

int
expr_fn_indexed(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	const char *repeats[5];
	double idx[5], x;
	struct expr_item it;
	size_t n = 0;
	int a, r;

	for (a = c->e->nodes[nd->first].next; a >= 0 && n < 5;
	    a = c->e->nodes[c->e->nodes[a].next].next) {
		repeats[n] = expr_node_text(c, a);
		if ((r = expr_arg_num(c, c->e->nodes[a].next, &x)) != 0)
			return r;
		/* An index below 1 (not answered yet) means the first. */
		x = (double)expr_java_int(expr_fn_toint(x));
		idx[n++] = x < 1 ? 1 : x;
	}
	it.text = "";
	it.type = EXPR_STRING;
	if (c->env->indexed != NULL && (r = c->env->indexed(c->env->ctx,
	    expr_node_text(c, nd->first), repeats, idx, n, &it)) != 0)
		return expr_eval_fail(c, r, nd->col, "indexed-repeat(): "
		    "${%s} is not in those repeats",
		    expr_node_text(c, nd->first));
	expr_val_item(out, &it);
	return 0;
}

int
expr_fn_random(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	uint64_t x = 0;

	(void)nd;
	if (getrandom(&x, sizeof x, 0) != (ssize_t)sizeof x)
		return err_set(c->cause, ERR_IO, "no random numbers");
	expr_val_setnum(out, (double)(x >> 11) / 9007199254740992.0);
	return 0;
}

int
expr_fn_uuid(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	static const char hex[] = "0123456789abcdef",
	    b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	unsigned char b[16];
	char *s;
	double x;
	int64_t len, i;
	size_t o = 0;
	int r;

	if (nd->nkids == 1) {
		/* uuid(n): n random letters and digits (genGUID). */
		if ((r = expr_arg_num(c, nd->first, &x)) != 0)
			return r;
		len = expr_java_int(expr_fn_toint(x));
		if (len < 0)
			len = 0;
		if (len > 4096)
			return expr_eval_fail(c, ERR_LIMIT, nd->col, "uuid(): "
			    "at most 4096 characters");
		if ((s = malloc((size_t)len + 1)) == NULL)
			return err_set(c->cause, ERR_NOMEM, "out of memory");
		for (i = 0; i < len; i++) {
			if (getrandom(b, 1, 0) != 1) {
				free(s);
				return err_set(c->cause, ERR_IO, "no random "
				    "numbers");
			}
			/* 252 = 7 x 36: rejecting above keeps it even. */
			if (b[0] >= 252) {
				i--;
				continue;
			}
			s[i] = b36[b[0] % 36];
		}
		s[len] = '\0';
		expr_val_setstr(out, s, s);
		return 0;
	}
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		return err_set(c->cause, ERR_IO, "no random numbers");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	if ((s = malloc(37)) == NULL)
		return err_set(c->cause, ERR_NOMEM, "out of memory");
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			s[o++] = '-';
		s[o++] = hex[b[i] >> 4];
		s[o++] = hex[b[i] & 0xf];
	}
	s[o] = '\0';
	expr_val_setstr(out, s, s);
	return 0;
}

int
expr_fn_version(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)nd;
	expr_val_setstr(out, c->env->version != NULL ? c->env->version : "",
	    NULL);
	return 0;
}

/* once(x): the field's own value if it has one, else x. */
int
expr_fn_once(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	int r;

	if ((r = expr_eval_node(c, nd->first, out)) != 0)
		return r;
	if (c->env->dot.text != NULL && c->env->dot.text[0] != '\0') {
		expr_val_clear(out);
		expr_val_item(out, &c->env->dot);
	}
	return 0;
}

/* depend(x, ...): x, once the others are evaluated. */
int
expr_fn_depend(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	int a, r;

	for (a = c->e->nodes[nd->first].next; a >= 0; a = c->e->nodes[a].next) {
		if ((r = expr_eval_node(c, a, &v)) != 0)
			return r;
		expr_val_clear(&v);
	}
	return expr_eval_node(c, nd->first, out);
}

/* position(..) only: its one argument must be "..". */
int
expr_fn_check_position(struct expr_parser *p, int call)
{
	const struct expr_node *nd = &p->e->nodes[call];

	p->e->uses |= EXPR_USES_POSITION;
	if (p->e->nodes[nd->first].kind != EXPR_K_PARENT)
		return expr_lex_fail(p, ERR_UNSUPPORTED, 0, "only position(..) "
		    "is supported (column %d)", nd->col);
	return 0;
}

/* count(), sum(), count-non-empty(): the argument is a ${name}. */
int
expr_fn_check_nodeset(struct expr_parser *p, int call)
{
	const struct expr_node *nd = &p->e->nodes[call];

	if (p->e->nodes[nd->first].kind != EXPR_K_REF)
		return expr_lex_fail(p, ERR_PARSE, 0, "%s() takes a question "
		    "or a repeat, written ${name} (column %d)",
		    expr_fns[nd->fn].name, nd->col);
	return 0;
}

int
expr_fn_check_indexed(struct expr_parser *p, int call)
{
	const struct expr_node *nd = &p->e->nodes[call];
	int a, k;

	for (a = nd->first, k = 0; a >= 0; a = p->e->nodes[a].next, k++)
		if ((k == 0 || k % 2 == 1) &&
		    p->e->nodes[a].kind != EXPR_K_REF)
			return expr_lex_fail(p, ERR_PARSE, 0, "indexed-repeat("
			    "${field}, ${repeat}, index, ...): argument %d must "
			    "be a ${name} (column %d)", k + 1, nd->col);
	return 0;
}

/* jr:choice-name(value, '${question}'): remember the question's name. */
int
expr_fn_check_choice(struct expr_parser *p, int call)
{
	struct expr_node *arg;
	const char *t;
	size_t len;

	arg = &p->e->nodes[p->e->nodes[p->e->nodes[call].first].next];
	t = arg->kind == EXPR_K_STR ? p->pool.data + arg->str : "";
	len = strlen(t);
	if (len < 4 || strncmp(t, "${", 2) != 0 || t[len - 1] != '}' ||
	    expr_lex_namelen(t + 2, len - 3) != len - 3)
		return expr_lex_fail(p, ERR_PARSE, 0, "jr:choice-name(): the "
		    "second argument must be the select question's name in "
		    "quotes, like '${question}' (column %d)",
		    p->e->nodes[call].col);
	/* The name in place of "${name}", in the same bytes of the pool. */
	memmove(p->pool.data + arg->str, t + 2, len - 3);
	p->pool.data[arg->str + len - 3] = '\0';
	arg->kind = EXPR_K_QNAME;
	return 0;
}

/* pulldata('file', ...): the file's name, in quotes, without a folder. */
int
expr_fn_check_pulldata(struct expr_parser *p, int call)
{
	const struct expr_node *arg = &p->e->nodes[p->e->nodes[call].first];
	const char *t = arg->kind == EXPR_K_STR ? p->pool.data + arg->str : "";
	size_t i;

	for (i = 0; t[i] != '\0'; i++)
		if (!isalnum((unsigned char)t[i]) && strchr("_-.", t[i]) ==
		    NULL)
			break;
	if (i == 0 || t[i] != '\0' || t[0] == '.')
		return expr_lex_fail(p, ERR_PARSE, 0, "pulldata(): the first "
		    "argument must be the name of a CSV file beside the form, "
		    "in quotes and without .csv, like 'towns' (column %d)",
		    p->e->nodes[call].col);
	return 0;
}

int
expr_fn_check_volatile(struct expr_parser *p, int call)
{
	(void)call;
	p->e->uses |= EXPR_USES_VOLATILE;
	return 0;
}

int
expr_fn_check_once(struct expr_parser *p, int call)
{
	(void)call;
	p->e->uses |= EXPR_USES_ONCE;
	return 0;
}

int
expr_fn_check_clock(struct expr_parser *p, int call)
{
	(void)call;
	p->e->uses |= EXPR_USES_CLOCK;
	return 0;
}

int
expr_fn_check_now(struct expr_parser *p, int call)
{
	(void)call;
	p->e->uses |= EXPR_USES_VOLATILE | EXPR_USES_CLOCK;
	return 0;
}

