/*
 * Parsing XLSForm expressions (see expr.h) into the node array of
 * expr-int.h, by recursive descent over this grammar, loosest first:
 *
 *	or      := and ("or" and)*
 *	and     := eq ("and" eq)*
 *	eq      := rel (("=" | "!=") rel)*
 *	rel     := add (("<" | "<=" | ">" | ">=") add)*
 *	add     := mul (("+" | "-") mul)*
 *	mul     := unary (("*" | "div" | "mod") unary)*
 *	unary   := "-" unary | primary
 *	primary := number | string | ${name} | "." | ".." | "(" or ")"
 *	         | name "(" [or ("," or)*] ")" | name
 *
 * ".." (the enclosing repeat) is allowed only as position(..). A call is
 * checked against the function table (expr-func.c): its name, its number
 * of arguments, and for some their shape (count() takes a ${name}, a
 * regex() or format-date() pattern given as a literal is compiled and
 * checked now, so that a bad one is reported when the form loads).
 * As in XPath, "and", "or", "div" and "mod" are operators only where an
 * operator may stand, so ${order}, a choice column called "division" or
 * even one called "and" still read as names. Strings may be quoted with
 * ' or " or, because spreadsheets "correct" quotes, with the curly quotes
 * ‘ ’ “ ” (pyxform replaces those too; see expr-lex.c). Input length and
 * nesting depth are bounded so hostile input cannot exhaust the stack;
 * every error names the 1-based column, counted in characters.
 */
#include "content/expr-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

static int	expr_parse_or(struct expr_parser *);

/* Is the current token the operator keyword kw? */
static int
expr_parse_iskw(const struct expr_parser *p, const char *kw)
{
	size_t n = strlen(kw);

	return p->tok == EXPR_TOK_NAME && p->tlen == n &&
	    memcmp(p->src + p->tstart, kw, n) == 0;
}

static int
expr_parse_node(struct expr_parser *p, enum expr_kind kind, size_t off)
{
	struct expr *e = p->e;
	struct expr_node *nodes, *nd;
	int cap;

	if (p->err != 0)
		return -1;
	if (e->nnodes == e->capnodes) {
		cap = e->capnodes ? e->capnodes * 2 : 16;
		nodes = realloc(e->nodes, (size_t)cap * sizeof *nodes);
		if (nodes == NULL)
			return expr_lex_fail(p, ERR_NOMEM, off,
			    "out of memory");
		e->nodes = nodes;
		e->capnodes = cap;
	}
	nd = &e->nodes[e->nnodes];
	memset(nd, 0, sizeof *nd);
	nd->kind = (unsigned char)kind;
	nd->first = nd->next = -1;
	nd->rx = -1;
	nd->col = expr_lex_col(p, off);
	return e->nnodes++;
}

/* Copy the current token's text into the pool for node n. */
static int
expr_parse_text(struct expr_parser *p, int n)
{
	size_t off = p->pool.len;

	buf_add(&p->pool, p->src + p->tstart, p->tlen);
	buf_addch(&p->pool, '\0');
	if (buf_failed(&p->pool))
		return expr_lex_fail(p, ERR_NOMEM, p->start, "out of memory");
	p->e->nodes[n].str = (int)off;
	return 0;
}

/* Append child c to node n, after its last child. */
static void
expr_parse_adopt(struct expr_parser *p, int n, int *last, int c)
{
	struct expr_node *nodes = p->e->nodes;

	if (*last < 0)
		nodes[n].first = c;
	else
		nodes[*last].next = c;
	*last = c;
	nodes[n].nkids++;
}

static int
expr_parse_enter(struct expr_parser *p)
{
	if (++p->depth > EXPR_MAX_DEPTH)
		return expr_lex_fail(p, ERR_LIMIT, p->start,
		    "nested more than %d deep at column %d", EXPR_MAX_DEPTH,
		    expr_lex_col(p, p->start));
	return 0;
}

/* The arity check of a call with c arguments; -1 after failing. */
static int
expr_parse_arity(struct expr_parser *p, int f, int c, size_t namestart)
{
	const struct expr_fninfo *fi = &expr_fns[f];
	int min = fi->min, max = fi->max, col = expr_lex_col(p, namestart);

	if ((fi->flags & EXPR_FNF_ODD) && c % 2 == 0 && c >= min && c <= max)
		return expr_lex_fail(p, ERR_PARSE, namestart, "%s() takes an "
		    "odd number of arguments (%d to %d), not %d (column %d)",
		    fi->name, min, max, c, col);
	if ((fi->flags & EXPR_FNF_EVEN) && c % 2 != 0 && c >= min)
		return expr_lex_fail(p, ERR_PARSE, namestart, "%s() takes an "
		    "even number of arguments, not %d (column %d)", fi->name,
		    c, col);
	if (c >= min && (max < 0 || c <= max))
		return 0;
	if (min == max)
		return expr_lex_fail(p, ERR_PARSE, namestart, "%s() takes %d "
		    "argument%s, not %d (column %d)", fi->name, min,
		    min == 1 ? "" : "s", c, col);
	if (max < 0)
		return expr_lex_fail(p, ERR_PARSE, namestart, "%s() takes at "
		    "least %d argument%s, not %d (column %d)", fi->name, min,
		    min == 1 ? "" : "s", c, col);
	return expr_lex_fail(p, ERR_PARSE, namestart, "%s() takes %d to %d "
	    "arguments, not %d (column %d)", fi->name, min, max, c, col);
}

/* name "(" [or ("," or)*] ")", the name being the current token. */
static int
expr_parse_call(struct expr_parser *p)
{
	size_t namestart = p->start, namelen = p->tlen;
	const char *name = p->src + p->tstart, *why;
	int n, c, last = -1, f;

	if ((f = expr_fn_find(name, namelen)) < 0) {
		if ((why = expr_fn_refused(name, namelen)) != NULL)
			return expr_lex_fail(p, ERR_UNSUPPORTED, namestart,
			    "function '%.*s' cannot be used here: %s (column "
			    "%d)", (int)namelen, name, why,
			    expr_lex_col(p, namestart));
		return expr_lex_fail(p, ERR_UNSUPPORTED, namestart,
		    "unknown function '%.*s' at column %d", (int)namelen, name,
		    expr_lex_col(p, namestart));
	}
	if ((n = expr_parse_node(p, EXPR_K_CALL, namestart)) < 0)
		return -1;
	p->e->nodes[n].fn = (unsigned short)f;
	if (expr_lex_next(p) != 0 || expr_parse_enter(p) != 0)	/* ( */
		return -1;
	if (expr_lex_next(p) != 0)
		return -1;
	if (p->tok != EXPR_TOK_RP) {
		for (;;) {
			if ((c = expr_parse_or(p)) < 0)
				return -1;
			expr_parse_adopt(p, n, &last, c);
			if (p->tok != EXPR_TOK_COMMA)
				break;
			if (expr_lex_next(p) != 0)
				return -1;
		}
		if (p->tok != EXPR_TOK_RP) {
			if (p->tok == EXPR_TOK_END)
				return expr_lex_fail(p, ERR_PARSE, p->start,
				    "missing ')' at column %d",
				    expr_lex_col(p, p->start));
			return expr_lex_unexpected(p);
		}
	}
	p->depth--;
	if (expr_parse_arity(p, f, p->e->nodes[n].nkids, namestart) != 0)
		return -1;
	if (expr_fns[f].check != NULL && expr_fns[f].check(p, n) != 0) {
		/* A check that names no column of its own blames the call. */
		if (p->errcol <= 1)
			p->errcol = p->e->nodes[n].col;
		return -1;
	}
	if (expr_lex_next(p) != 0)
		return -1;
	return n;
}

static int
expr_parse_primary(struct expr_parser *p)
{
	int n = -1;
	size_t save;

	switch (p->tok) {
	case EXPR_TOK_NUM:
		if ((n = expr_parse_node(p, EXPR_K_NUM, p->start)) < 0)
			return -1;
		p->e->nodes[n].num = p->num;
		break;
	case EXPR_TOK_STR:
	case EXPR_TOK_REF:
		n = expr_parse_node(p, p->tok == EXPR_TOK_STR ? EXPR_K_STR :
		    EXPR_K_REF, p->start);
		if (n < 0 || expr_parse_text(p, n) != 0)
			return -1;
		break;
	case EXPR_TOK_DOT:
	case EXPR_TOK_DOTDOT:
		n = expr_parse_node(p, p->tok == EXPR_TOK_DOT ? EXPR_K_DOT :
		    EXPR_K_PARENT, p->start);
		if (n < 0)
			return -1;
		if (p->tok == EXPR_TOK_DOT)
			p->e->uses |= EXPR_USES_DOT;
		break;
	case EXPR_TOK_NAME:
		save = p->pos;
		expr_lex_skipspace(p);
		if (p->pos < p->len && p->src[p->pos] == '(')
			return expr_parse_call(p);
		p->pos = save;
		n = expr_parse_node(p, EXPR_K_NAME, p->start);
		if (n < 0 || expr_parse_text(p, n) != 0)
			return -1;
		break;
	case EXPR_TOK_LP:
		if (expr_parse_enter(p) != 0 || expr_lex_next(p) != 0)
			return -1;
		if ((n = expr_parse_or(p)) < 0)
			return -1;
		if (p->tok != EXPR_TOK_RP) {
			if (p->tok == EXPR_TOK_END)
				return expr_lex_fail(p, ERR_PARSE, p->start,
				    "missing ')' at column %d",
				    expr_lex_col(p, p->start));
			return expr_lex_unexpected(p);
		}
		p->depth--;
		break;
	default:
		return expr_lex_unexpected(p);
	}
	if (expr_lex_next(p) != 0)
		return -1;
	return n;
}

static int
expr_parse_unary(struct expr_parser *p)
{
	int n, c;

	if (p->tok != EXPR_TOK_MINUS)
		return expr_parse_primary(p);
	if ((n = expr_parse_node(p, EXPR_K_NEG, p->start)) < 0 ||
	    expr_parse_enter(p) != 0 || expr_lex_next(p) != 0)
		return -1;
	if ((c = expr_parse_unary(p)) < 0)
		return -1;
	p->depth--;
	p->e->nodes[n].first = c;
	p->e->nodes[n].nkids = 1;
	return n;
}

/* The operator the current token stands for at precedence level lvl. */
static enum expr_op
expr_parse_op(const struct expr_parser *p, int lvl)
{
	switch (lvl) {
	case 0:
		return expr_parse_iskw(p, "or") ? EXPR_OP_OR : EXPR_OP_NONE;
	case 1:
		return expr_parse_iskw(p, "and") ? EXPR_OP_AND : EXPR_OP_NONE;
	case 2:
		return p->tok == EXPR_TOK_EQ ? EXPR_OP_EQ :
		    p->tok == EXPR_TOK_NE ? EXPR_OP_NE : EXPR_OP_NONE;
	case 3:
		return p->tok == EXPR_TOK_LT ? EXPR_OP_LT :
		    p->tok == EXPR_TOK_LE ? EXPR_OP_LE :
		    p->tok == EXPR_TOK_GT ? EXPR_OP_GT :
		    p->tok == EXPR_TOK_GE ? EXPR_OP_GE : EXPR_OP_NONE;
	case 4:
		return p->tok == EXPR_TOK_PLUS ? EXPR_OP_ADD :
		    p->tok == EXPR_TOK_MINUS ? EXPR_OP_SUB : EXPR_OP_NONE;
	default:
		return p->tok == EXPR_TOK_STAR ? EXPR_OP_MUL :
		    expr_parse_iskw(p, "div") ? EXPR_OP_DIV :
		    expr_parse_iskw(p, "mod") ? EXPR_OP_MOD : EXPR_OP_NONE;
	}
}

/*
 * One precedence level: operands of the next tighter level joined by this
 * level's operators, gathered into one node (see expr-int.h).
 */
static int
expr_parse_level(struct expr_parser *p, int lvl)
{
	static const enum expr_kind kinds[] = { EXPR_K_OR, EXPR_K_AND };
	enum expr_op op;
	int first, n = -1, c, last = -1;
	size_t opstart;

	first = lvl == 5 ? expr_parse_unary(p) : expr_parse_level(p, lvl + 1);
	if (first < 0)
		return -1;
	while ((op = expr_parse_op(p, lvl)) != EXPR_OP_NONE) {
		opstart = p->start;
		if (n < 0) {
			n = expr_parse_node(p, lvl < 2 ? kinds[lvl] : EXPR_K_BIN,
			    opstart);
			if (n < 0)
				return -1;
			expr_parse_adopt(p, n, &last, first);
		}
		if (expr_lex_next(p) != 0)
			return -1;
		c = lvl == 5 ? expr_parse_unary(p) : expr_parse_level(p, lvl + 1);
		if (c < 0)
			return -1;
		p->e->nodes[c].op = (unsigned char)op;
		expr_parse_adopt(p, n, &last, c);
	}
	return n >= 0 ? n : first;
}

static int
expr_parse_or(struct expr_parser *p)
{
	return expr_parse_level(p, 0);
}

/* ".." only as the argument of position(..). */
static void
expr_parse_parents(struct expr_parser *p)
{
	const struct expr *e = p->e;
	int i, k;

	for (i = 0; i < e->nnodes && p->err == 0; i++) {
		if (e->nodes[i].kind != EXPR_K_PARENT)
			continue;
		for (k = 0; k < e->nnodes; k++)
			if (e->nodes[k].kind == EXPR_K_CALL &&
			    e->nodes[k].first == i &&
			    strcmp(expr_fns[e->nodes[k].fn].name,
			    "position") == 0)
				break;
		if (k == e->nnodes) {
			expr_lex_fail(p, ERR_UNSUPPORTED, 0, "'..' (the "
			    "enclosing repeat) is supported only as "
			    "position(..) (column %d)", e->nodes[i].col);
			p->errcol = e->nodes[i].col;
		}
	}
}

int
expr_parse(const char *src, struct expr **out, int *errcol, char **cause)
{
	struct expr_parser p;
	struct expr *e = NULL;
	int rc;

	*out = NULL;
	if (errcol != NULL)
		*errcol = 0;
	memset(&p, 0, sizeof p);
	buf_init(&p.pool);
	if (src == NULL) {
		rc = err_set(cause, ERR_INVALID, "no expression");
		goto out;
	}
	p.src = src;
	p.col = 1;
	p.len = strnlen(src, EXPR_MAX_SRC + 1);
	if (p.len > EXPR_MAX_SRC) {
		rc = ERR_LIMIT;
		if (errcol != NULL)
			*errcol = expr_lex_col(&p, EXPR_MAX_SRC);
		err_set(cause, rc, "expression longer than %d bytes",
		    EXPR_MAX_SRC);
		goto out;
	}
	if ((e = calloc(1, sizeof *e)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	p.e = e;
	/* Name offset 0 is never used for text, so the pool never starts empty. */
	buf_addch(&p.pool, '\0');
	if (expr_lex_next(&p) == 0) {
		if (p.tok == EXPR_TOK_END)
			expr_lex_fail(&p, ERR_PARSE, 0, "empty expression");
		else if ((e->root = expr_parse_or(&p)) >= 0 &&
		    p.tok != EXPR_TOK_END)
			expr_lex_unexpected(&p);
	}
	if (p.err == 0)
		expr_parse_parents(&p);
	if (p.err == 0 && buf_failed(&p.pool))
		expr_lex_fail(&p, ERR_NOMEM, 0, "out of memory");
	if ((rc = p.err) != 0) {
		if (errcol != NULL)
			*errcol = p.errcol;
		if (cause != NULL && *cause == NULL) {
			*cause = p.cause;
			p.cause = NULL;
		}
		goto out;
	}
	e->pool = buf_detach(&p.pool, &e->poollen);
	if (e->pool == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	*out = e;
	e = NULL;
out:
	free(p.cause);
	buf_free(&p.pool);
	expr_free(&e);
	return rc;
}

void
expr_free(struct expr **ep)
{
	struct expr *e;
	int i;

	if (ep == NULL || (e = *ep) == NULL)
		return;
	for (i = 0; i < e->nrx; i++)
		expr_regex_free(&e->rx[i]);
	free(e->rx);
	free(e->nodes);
	free(e->pool);
	free(e);
	*ep = NULL;
}

/* Nodes are created in source order, so walking the array walks the text. */
int
expr_foreach_ref(const struct expr *e, int (*fn)(void *, const char *),
    void *arg)
{
	int i, r;

	for (i = 0; e != NULL && i < e->nnodes; i++)
		if ((e->nodes[i].kind == EXPR_K_REF ||
		    e->nodes[i].kind == EXPR_K_QNAME) &&
		    (r = fn(arg, e->pool + e->nodes[i].str)) != 0)
			return r;
	return 0;
}

int
expr_foreach_name(const struct expr *e, int (*fn)(void *, const char *),
    void *arg)
{
	int i, r;

	for (i = 0; e != NULL && i < e->nnodes; i++)
		if (e->nodes[i].kind == EXPR_K_NAME &&
		    (r = fn(arg, e->pool + e->nodes[i].str)) != 0)
			return r;
	return 0;
}

int
expr_foreach_data(const struct expr *e, int (*fn)(void *, const char *),
    void *arg)
{
	int pulldata = expr_fn_find("pulldata", 8), i, r;

	for (i = 0; e != NULL && i < e->nnodes; i++)
		if (e->nodes[i].kind == EXPR_K_CALL &&
		    (int)e->nodes[i].fn == pulldata && e->nodes[i].first >= 0 &&
		    (r = fn(arg, e->pool + e->nodes[e->nodes[i].first].str)) !=
		    0)
			return r;
	return 0;
}

int
expr_uses(const struct expr *e)
{
	return e != NULL ? e->uses : 0;
}
