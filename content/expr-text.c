/*
 * The string and select functions of the library (see expr-func.c), as
 * XPathFuncExpr writes them. Java counts a string in UTF-16 units, so
 * string-length() and substr() count a character beyond U+FFFF (an emoji)
 * as two, as Collect does; they never cut one in half. translate() and
 * XPath 1.0's substring() count characters.
 *
 * Select answers are space-separated names. selected() is JavaRosa's
 * (" " + answer + " ").contains(" " + name + " "), and like Collect it
 * wants a select's answer (text, not a number or a date) and a name in
 * quotes.
 */
#include "content/expr-int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/mathload.h"

/* Java's trim(): the span of s without what is up to the space. */
static const char *
expr_text_trim(const char *s, size_t *len)
{
	size_t n = strlen(s);

	while (n > 0 && (unsigned char)*s <= ' ') {
		s++;
		n--;
	}
	while (n > 0 && (unsigned char)s[n - 1] <= ' ')
		n--;
	*len = n;
	return s;
}

/* A string result that the call owns. */
static int
expr_text_result(const struct expr_ctx *c, struct buf *b,
    struct expr_val *out)
{
	char *s;

	if (b->len > EXPR_MAX_RESULT) {
		buf_free(b);
		return err_set(c->cause, ERR_LIMIT, "a result longer than %d "
		    "bytes", EXPR_MAX_RESULT);
	}
	if ((s = buf_detach(b, NULL)) == NULL)
		return err_set(c->cause, ERR_NOMEM, "out of memory");
	expr_val_setstr(out, s, s);
	return 0;
}

/* Evaluate two children as strings. */
static int
expr_text_two(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *a, struct expr_val *b)
{
	int r;

	if ((r = expr_arg_str(c, nd->first, a)) != 0)
		return r;
	if ((r = expr_arg_str(c, c->e->nodes[nd->first].next, b)) != 0)
		expr_val_clear(a);
	return r;
}

/* A select's answer: JavaRosa casts it to a String, so text only. */
static int
expr_text_select_arg(const struct expr_ctx *c, const struct expr_node *nd,
    const char *fn, struct expr_val *v)
{
	int r;

	if ((r = expr_eval_node(c, nd->first, v)) != 0)
		return r;
	if (v->type != EXPR_STRING) {
		expr_val_clear(v);
		return expr_eval_fail(c, ERR_INVALID, nd->col, "%s() takes "
		    "the answer of a select question, not a %s", fn,
		    v->type == EXPR_NUMBER ? "number" : v->type == EXPR_DATE ?
		    "date" : "true or false");
	}
	return 0;
}

int
expr_fn_selected(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val list, name;
	const char *s1, *s2;
	size_t n1, n2, p;
	int r, hit = 0;

	if ((r = expr_text_select_arg(c, nd, "selected", &list)) != 0)
		return r;
	if ((r = expr_eval_node(c, c->e->nodes[nd->first].next, &name)) != 0) {
		expr_val_clear(&list);
		return r;
	}
	if (name.type != EXPR_STRING) {
		r = expr_eval_fail(c, ERR_INVALID, nd->col, "the second "
		    "parameter to the selected() function must be in quotes "
		    "(like '1')");
		goto out;
	}
	s1 = list.s;
	n1 = strlen(s1);
	s2 = expr_text_trim(name.s, &n2);
	for (p = 0; p + n2 <= n1 && !hit; p++)
		hit = (p == 0 || s1[p - 1] == ' ') &&
		    (p + n2 == n1 || s1[p + n2] == ' ') &&
		    memcmp(s1 + p, s2, n2) == 0;
	expr_val_setbool(out, hit);
out:
	expr_val_clear(&list);
	expr_val_clear(&name);
	return r;
}

/* The space-separated tokens of s (DateUtils.split, empties dropped). */
static size_t
expr_text_tokens(const char *s, size_t want, const char **tok, size_t *len)
{
	size_t count = 0, n;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return count;
		n = strcspn(s, " ");
		if (count == want) {
			*tok = s;
			*len = n;
		}
		count++;
		s += n;
	}
}

int
expr_fn_count_selected(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	const char *t;
	size_t n;
	int r;

	if ((r = expr_text_select_arg(c, nd, "count-selected", &v)) != 0)
		return r;
	expr_val_setnum(out, (double)expr_text_tokens(v.s, (size_t)-1, &t,
	    &n));
	expr_val_clear(&v);
	return 0;
}

int
expr_fn_selected_at(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	const char *t = NULL;
	double x;
	int32_t i;
	size_t n = 0;
	char *s;
	int r;

	if ((r = expr_text_select_arg(c, nd, "selected-at", &v)) != 0)
		return r;
	if ((r = expr_arg_num(c, c->e->nodes[nd->first].next, &x)) != 0) {
		expr_val_clear(&v);
		return r;
	}
	i = expr_java_int(expr_fn_toint(x));
	if (i >= 0)
		expr_text_tokens(v.s, (size_t)i, &t, &n);
	if (t == NULL || (s = strndup(t, n)) == NULL) {
		expr_val_clear(&v);
		if (t != NULL)
			return err_set(c->cause, ERR_NOMEM, "out of memory");
		expr_val_setstr(out, "", NULL);
		return 0;
	}
	expr_val_clear(&v);
	expr_val_setstr(out, s, s);
	return 0;
}

struct expr_text_join {
	const struct expr_ctx	*c;
	struct buf		*b;
	const char		*sep;
	size_t			 n;
};

static int
expr_text_join_one(void *arg, struct expr_val *v)
{
	struct expr_text_join *j = arg;
	int r;

	if ((r = expr_val_str(j->c, v)) != 0)
		return r;
	if (j->n++ > 0)
		buf_addstr(j->b, j->sep);
	buf_addstr(j->b, v->s);
	if (j->b->len > EXPR_MAX_RESULT)
		return err_set(j->c->cause, ERR_LIMIT, "a result longer than "
		    "%d bytes", EXPR_MAX_RESULT);
	return 0;
}

/* Join the values of the children from a with sep. */
static int
expr_text_join(const struct expr_ctx *c, int a, const char *sep,
    int nodeset, struct expr_val *out)
{
	struct buf b = BUF_INIT;
	struct expr_text_join j;
	struct expr_val v;
	int r = 0;

	j.c = c;
	j.b = &b;
	j.sep = sep;
	j.n = 0;
	if (nodeset)
		r = expr_arg_each(c, a, expr_text_join_one, &j);
	else
		for (; a >= 0 && r == 0; a = c->e->nodes[a].next)
			if ((r = expr_eval_node(c, a, &v)) == 0) {
				r = expr_text_join_one(&j, &v);
				expr_val_clear(&v);
			}
	if (r != 0) {
		buf_free(&b);
		return r;
	}
	return expr_text_result(c, &b, out);
}

int
expr_fn_concat(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_text_join(c, nd->first, "", nd->nkids == 1 &&
	    c->e->nodes[nd->first].kind == EXPR_K_REF, out);
}

int
expr_fn_join(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val sep;
	int a = c->e->nodes[nd->first].next, r;

	if ((r = expr_arg_str(c, nd->first, &sep)) != 0)
		return r;
	if ((r = expr_val_own(c, &sep)) == 0)
		r = expr_text_join(c, a, sep.s, nd->nkids == 2 &&
		    c->e->nodes[a].kind == EXPR_K_REF, out);
	expr_val_clear(&sep);
	return r;
}

/* A copy of len bytes of s as the result. */
static int
expr_text_span(const struct expr_ctx *c, const char *s, size_t len,
    struct expr_val *out)
{
	char *t;

	if ((t = strndup(s, len)) == NULL)
		return err_set(c->cause, ERR_NOMEM, "out of memory");
	expr_val_setstr(out, t, t);
	return 0;
}

/* substr(s, start[, end]): 0-based, negatives count from the end. */
int
expr_fn_substr(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	double x, y;
	int64_t start, end, len;
	size_t n, b0, b1;
	int a = c->e->nodes[nd->first].next, r;

	if ((r = expr_arg_str(c, nd->first, &v)) != 0)
		return r;
	if ((r = expr_arg_num(c, a, &x)) != 0 || (nd->nkids == 3 &&
	    (r = expr_arg_num(c, c->e->nodes[a].next, &y)) != 0)) {
		expr_val_clear(&v);
		return r;
	}
	n = strlen(v.s);
	len = (int64_t)expr_utf16_len(v.s, n);
	start = expr_java_int(expr_fn_toint(x));
	end = nd->nkids == 3 ? expr_java_int(expr_fn_toint(y)) : len;
	if (start < 0)
		start += len;
	if (end < 0)
		end += len;
	end = end < 0 ? 0 : end > len ? len : end;
	start = start < 0 ? 0 : start > len ? len : start;
	if (start > end) {
		expr_val_clear(&v);
		expr_val_setstr(out, "", NULL);
		return 0;
	}
	b0 = expr_utf16_offset(v.s, n, (size_t)start);
	b1 = expr_utf16_offset(v.s, n, (size_t)end);
	r = expr_text_span(c, v.s + b0, b1 > b0 ? b1 - b0 : 0, out);
	expr_val_clear(&v);
	return r;
}

/* The length in bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t
expr_text_charlen(const char *s)
{
	size_t n = 1;

	while (s[n] != '\0' && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* XPath 1.0's round for substring(): half up, towards +inf. */
static double
expr_text_xround(double x)
{
	return isnan(x) ? x : floor(x + 0.5);
}

/* XPath 1.0's substring(s, start[, length]), 1-based, in characters. */
int
expr_fn_substring(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	double x, y = INFINITY, from, to, pos;
	const char *p, *q, *b0 = NULL, *b1 = NULL;
	int a = c->e->nodes[nd->first].next, r;

	if ((r = expr_arg_str(c, nd->first, &v)) != 0)
		return r;
	if ((r = expr_arg_num(c, a, &x)) != 0 || (nd->nkids == 3 &&
	    (r = expr_arg_num(c, c->e->nodes[a].next, &y)) != 0)) {
		expr_val_clear(&v);
		return r;
	}
	from = expr_text_xround(x);
	to = from + expr_text_xround(y);
	for (p = v.s, pos = 1; *p != '\0'; pos++, p = q) {
		q = p + expr_text_charlen(p);
		if (pos >= from && pos < to) {
			if (b0 == NULL)
				b0 = p;
			b1 = q;
		}
	}
	r = expr_text_span(c, b0 != NULL ? b0 : "", b0 != NULL ?
	    (size_t)(b1 - b0) : 0, out);
	expr_val_clear(&v);
	return r;
}

static int
expr_text_around(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int after)
{
	struct expr_val s, sub;
	const char *hit;
	int r;

	if ((r = expr_text_two(c, nd, &s, &sub)) != 0)
		return r;
	if ((hit = strstr(s.s, sub.s)) == NULL)
		r = expr_text_span(c, "", 0, out);
	else if (after)
		r = expr_text_span(c, hit + strlen(sub.s),
		    strlen(hit + strlen(sub.s)), out);
	else
		r = expr_text_span(c, s.s, (size_t)(hit - s.s), out);
	expr_val_clear(&s);
	expr_val_clear(&sub);
	return r;
}

int
expr_fn_substring_before(const struct expr_ctx *c,
    const struct expr_node *nd, struct expr_val *out)
{
	return expr_text_around(c, nd, out, 0);
}

int
expr_fn_substring_after(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_text_around(c, nd, out, 1);
}

int
expr_fn_translate(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val s, from, to;
	struct buf b = BUF_INIT;
	const char *p, *f, *t;
	size_t n, fn, k, pos;
	int r;

	if ((r = expr_text_two(c, nd, &s, &from)) != 0)
		return r;
	if ((r = expr_arg_str(c, expr_fn_arg(c, nd, 2), &to)) != 0) {
		expr_val_clear(&s);
		expr_val_clear(&from);
		return r;
	}
	for (p = s.s; *p != '\0'; p += n) {
		n = expr_text_charlen(p);
		/* The first place of this character in from, if any. */
		for (f = from.s, pos = 0; *f != '\0'; f += fn, pos++) {
			fn = expr_text_charlen(f);
			if (fn == n && memcmp(f, p, n) == 0)
				break;
		}
		if (*f == '\0') {
			buf_add(&b, p, n);
			continue;
		}
		for (t = to.s, k = 0; *t != '\0' && k < pos; k++)
			t += expr_text_charlen(t);
		if (*t != '\0')
			buf_add(&b, t, expr_text_charlen(t));
		/* else: mapped to nothing, so deleted */
	}
	expr_val_clear(&s);
	expr_val_clear(&from);
	expr_val_clear(&to);
	return expr_text_result(c, &b, out);
}

static int
expr_text_test(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int how)
{
	struct expr_val s, sub;
	size_t n, m;
	int r, b;

	if ((r = expr_text_two(c, nd, &s, &sub)) != 0)
		return r;
	n = strlen(s.s);
	m = strlen(sub.s);
	if (how == 0)
		b = strstr(s.s, sub.s) != NULL;
	else if (how == 1)
		b = strncmp(s.s, sub.s, m) == 0;
	else
		b = m <= n && memcmp(s.s + n - m, sub.s, m) == 0;
	expr_val_setbool(out, b);
	expr_val_clear(&s);
	expr_val_clear(&sub);
	return 0;
}

int
expr_fn_contains(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_text_test(c, nd, out, 0);
}

int
expr_fn_starts_with(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_text_test(c, nd, out, 1);
}

int
expr_fn_ends_with(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_text_test(c, nd, out, 2);
}

/* The argument, or "." without one. */
static int
expr_text_arg_or_dot(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *v)
{
	int r;

	if (nd->nkids == 1)
		return expr_arg_str(c, nd->first, v);
	expr_val_item(v, &c->env->dot);
	if ((r = expr_val_str(c, v)) != 0)
		expr_val_clear(v);
	return r;
}

int
expr_fn_string_length(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	int r;

	if ((r = expr_text_arg_or_dot(c, nd, &v)) != 0)
		return r;
	expr_val_setnum(out, (double)expr_utf16_len(v.s, strlen(v.s)));
	expr_val_clear(&v);
	return 0;
}

/* Java's trim().replaceAll("\\s+", " "): \s is space, \t \n \v \f \r. */
int
expr_fn_normalize_space(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct buf b = BUF_INIT;
	struct expr_val v;
	const char *s;
	size_t n, i;
	int r, gap = 0;

	if ((r = expr_text_arg_or_dot(c, nd, &v)) != 0)
		return r;
	s = expr_text_trim(v.s, &n);
	for (i = 0; i < n; i++) {
		if (strchr(" \t\n\v\f\r", s[i]) != NULL) {
			gap = 1;
			continue;
		}
		if (gap)
			buf_addch(&b, ' ');
		gap = 0;
		buf_addch(&b, s[i]);
	}
	expr_val_clear(&v);
	return expr_text_result(c, &b, out);
}

int
expr_fn_boolean_from_string(const struct expr_ctx *c,
    const struct expr_node *nd, struct expr_val *out)
{
	struct expr_val v;
	int r;

	if ((r = expr_arg_str(c, nd->first, &v)) != 0)
		return r;
	expr_val_setbool(out, strcasecmp(v.s, "true") == 0 ||
	    strcmp(v.s, "1") == 0);
	expr_val_clear(&v);
	return 0;
}

int
expr_fn_choice_name(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val v;
	const char *label = NULL;
	int r;

	if ((r = expr_arg_str(c, nd->first, &v)) != 0)
		return r;
	if (c->env->choice != NULL)
		label = c->env->choice(c->env->ctx,
		    expr_node_text(c, c->e->nodes[nd->first].next), v.s);
	expr_val_clear(&v);
	expr_val_setstr(out, label != NULL ? label : "", NULL);
	return 0;
}

/* pulldata('file', column, key_column, key): through the environment. */
int
expr_fn_pulldata(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val col, keycol, key;
	const char *v = NULL;
	int a = c->e->nodes[nd->first].next, r;

	if ((r = expr_arg_str(c, a, &col)) != 0)
		return r;
	a = c->e->nodes[a].next;
	if ((r = expr_arg_str(c, a, &keycol)) != 0) {
		expr_val_clear(&col);
		return r;
	}
	if ((r = expr_arg_str(c, c->e->nodes[a].next, &key)) != 0) {
		expr_val_clear(&col);
		expr_val_clear(&keycol);
		return r;
	}
	if (c->env->pulldata != NULL)
		v = c->env->pulldata(c->env->ctx, expr_node_text(c, nd->first),
		    col.s, keycol.s, key.s);
	expr_val_setstr(out, v != NULL ? v : "", NULL);
	expr_val_clear(&col);
	expr_val_clear(&keycol);
	expr_val_clear(&key);
	return 0;
}

int
expr_fn_regex(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val subj, pat;
	struct expr_rx *rx = NULL;
	int r;

	if ((r = expr_arg_str(c, nd->first, &subj)) != 0)
		return r;
	if (nd->rx < 0) {
		/* A pattern computed at run time is compiled each time. */
		if ((r = expr_arg_str(c, c->e->nodes[nd->first].next,
		    &pat)) != 0) {
			expr_val_clear(&subj);
			return r;
		}
		r = expr_regex_compile(pat.s, &rx, c->cause);
		expr_val_clear(&pat);
		if (r != 0) {
			expr_val_clear(&subj);
			return r;
		}
	}
	r = expr_regex_match(rx != NULL ? rx : c->e->rx[nd->rx], subj.s,
	    c->cause);
	expr_regex_free(&rx);
	expr_val_clear(&subj);
	if (r < 0)
		return r;
	expr_val_setbool(out, r);
	return 0;
}

/* Compile a literal pattern once, when the form loads. */
int
expr_fn_check_regex(struct expr_parser *p, int call)
{
	struct expr *e = p->e;
	struct expr_node *pat;
	struct expr_rx **rx;
	char *cause = NULL;
	int r;

	pat = &e->nodes[e->nodes[e->nodes[call].first].next];
	if (pat->kind != EXPR_K_STR)
		return 0;
	if ((rx = reallocarray(e->rx, (size_t)e->nrx + 1, sizeof *rx)) ==
	    NULL)
		return expr_lex_fail(p, ERR_NOMEM, 0, "out of memory");
	e->rx = rx;
	if ((r = expr_regex_compile(p->pool.data + pat->str, &rx[e->nrx],
	    &cause)) != 0) {
		expr_lex_fail(p, r, 0, "bad regular expression at column %d: "
		    "%s", pat->col, cause != NULL ? cause : err_str(r));
		p->errcol = pat->col;
		free(cause);
		return -1;
	}
	e->nodes[call].rx = e->nrx++;
	return 0;
}

int
expr_fn_digest(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct expr_val data, alg, enc;
	struct buf b = BUF_INIT;
	int r;

	if ((r = expr_text_two(c, nd, &data, &alg)) != 0)
		return r;
	enc.own = NULL;
	enc.s = "base64";
	if (nd->nkids == 3 && (r = expr_arg_str(c, expr_fn_arg(c, nd, 2),
	    &enc)) != 0)
		goto out;
	if ((r = expr_digest(data.s, alg.s, enc.s, &b, c->cause)) != 0) {
		buf_free(&b);
		goto out;
	}
	r = expr_text_result(c, &b, out);
out:
	expr_val_clear(&data);
	expr_val_clear(&alg);
	expr_val_clear(&enc);
	return r;
}

/* Literal algorithm and encoding names are checked when the form loads. */
int
expr_fn_check_digest(struct expr_parser *p, int call)
{
	const struct expr_node *nodes = p->e->nodes;
	struct buf b = BUF_INIT;
	const char *alg = "SHA-256", *enc = "hex";
	char *cause = NULL;
	int a = nodes[nodes[call].first].next, r;

	if (nodes[a].kind == EXPR_K_STR)
		alg = p->pool.data + nodes[a].str;
	if (nodes[a].next >= 0 && nodes[nodes[a].next].kind == EXPR_K_STR)
		enc = p->pool.data + nodes[nodes[a].next].str;
	r = expr_digest("", alg, enc, &b, &cause);
	buf_free(&b);
	if (r != 0) {
		expr_lex_fail(p, ERR_UNSUPPORTED, 0, "%s (column %d)",
		    cause != NULL ? cause : "digest() cannot be used",
		    nodes[call].col);
		free(cause);
		return -1;
	}
	return 0;
}

int
expr_fn_base64_decode(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct buf b = BUF_INIT;
	struct expr_val v;
	int r;

	if ((r = expr_arg_str(c, nd->first, &v)) != 0)
		return r;
	expr_base64_decode(v.s, &b);
	expr_val_clear(&v);
	return expr_text_result(c, &b, out);
}

int
expr_fn_extract_signed(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct buf b = BUF_INIT;
	struct expr_val data, key;
	int r;

	if ((r = expr_text_two(c, nd, &data, &key)) != 0)
		return r;
	if (expr_extract_signed(data.s, key.s, &b) != 0)
		buf_truncate(&b, 0);
	expr_val_clear(&data);
	expr_val_clear(&key);
	return expr_text_result(c, &b, out);
}
