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
 *	primary := number | string | ${name} | "." | "(" or ")"
 *	         | name "(" [or ("," or)*] ")" | name
 *
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

static const struct {
	const char	*name;
	enum expr_fn	 fn;
	int		 min;
	int		 max;		/* -1: any number */
} expr_parse_fns[] = {
	{ "not", EXPR_FN_NOT, 1, 1 },
	{ "true", EXPR_FN_TRUE, 0, 0 },
	{ "false", EXPR_FN_FALSE, 0, 0 },
	{ "boolean", EXPR_FN_BOOLEAN, 1, 1 },
	{ "string", EXPR_FN_STRING, 0, 1 },
	{ "number", EXPR_FN_NUMBER, 0, 1 },
	{ "selected", EXPR_FN_SELECTED, 2, 2 },
	{ "count-selected", EXPR_FN_COUNT_SELECTED, 1, 1 },
	{ "string-length", EXPR_FN_STRING_LENGTH, 0, 1 },
	{ "concat", EXPR_FN_CONCAT, 0, -1 },
	{ "if", EXPR_FN_IF, 3, 3 },
	{ "coalesce", EXPR_FN_COALESCE, 2, -1 },
	{ "regex", EXPR_FN_REGEX, 2, 2 },
	{ "today", EXPR_FN_TODAY, 0, 0 },
	{ "int", EXPR_FN_INT, 1, 1 },
	{ "round", EXPR_FN_ROUND, 1, 2 },
};

/*
 * Functions ODK has and we do not evaluate, named in errors so that a form
 * author can tell "not here" from a typing mistake.
 */
static const char *const expr_parse_odk_only[] = {
	"abs", "acos", "area", "asin", "atan", "atan2", "base64-decode",
	"boolean-from-string", "ceiling", "checklist", "contains", "cos",
	"count", "count-non-empty", "current", "date", "date-time",
	"decimal-date-time", "decimal-time", "digest", "distance", "ends-with",
	"exp", "exp10", "extract-signed", "floor", "format-date",
	"format-date-time", "geofence", "indexed-repeat", "instance",
	"jr:choice-name", "join", "last", "log", "log10", "max", "min",
	"normalize-space", "now", "once", "pi", "position", "pow", "pulldata",
	"random", "randomize", "selected-at", "sin", "sqrt", "starts-with",
	"substr", "substring", "substring-after", "substring-before", "sum",
	"tan", "translate", "uuid", "version", "weighted-checklist",
};

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

/* Compile a literal regex pattern once, now, and report it by column. */
static int
expr_parse_regex(struct expr_parser *p, int call)
{
	struct expr *e = p->e;
	struct expr_node *pat;
	regex_t *rx;
	char *cause = NULL;
	int r, n;

	n = e->nodes[e->nodes[call].first].next;
	pat = &e->nodes[n];
	if (pat->kind != EXPR_K_STR)
		return 0;
	rx = realloc(e->rx, (size_t)(e->nrx + 1) * sizeof *rx);
	if (rx == NULL)
		return expr_lex_fail(p, ERR_NOMEM, p->start, "out of memory");
	e->rx = rx;
	if ((r = expr_regex_compile(p->pool.data + pat->str, &rx[e->nrx],
	    &cause)) != 0) {
		p->err = r;
		p->errcol = pat->col;
		err_set(&p->cause, r, "bad regular expression at column %d: %s",
		    pat->col, cause ? cause : err_str(r));
		free(cause);
		return -1;
	}
	e->nodes[call].rx = e->nrx++;
	return 0;
}

/* name "(" [or ("," or)*] ")", the name being the current token. */
static int
expr_parse_call(struct expr_parser *p)
{
	size_t namestart = p->start, i;
	const char *name = p->src + p->tstart;
	size_t namelen = p->tlen;
	int n, c, last = -1, nfn = sizeof expr_parse_fns /
	    sizeof expr_parse_fns[0], f, min, max;

	for (f = 0; f < nfn; f++)
		if (strlen(expr_parse_fns[f].name) == namelen &&
		    memcmp(expr_parse_fns[f].name, name, namelen) == 0)
			break;
	if (f == nfn) {
		for (i = 0; i < sizeof expr_parse_odk_only /
		    sizeof expr_parse_odk_only[0]; i++)
			if (strlen(expr_parse_odk_only[i]) == namelen &&
			    memcmp(expr_parse_odk_only[i], name, namelen) == 0)
				return expr_lex_fail(p, ERR_UNSUPPORTED,
				    namestart, "function '%.*s' is not "
				    "supported here (column %d)", (int)namelen,
				    name, expr_lex_col(p, namestart));
		return expr_lex_fail(p, ERR_UNSUPPORTED, namestart,
		    "unknown function '%.*s' at column %d", (int)namelen, name,
		    expr_lex_col(p, namestart));
	}
	if ((n = expr_parse_node(p, EXPR_K_CALL, namestart)) < 0)
		return -1;
	p->e->nodes[n].fn = (unsigned char)expr_parse_fns[f].fn;
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
	min = expr_parse_fns[f].min;
	max = expr_parse_fns[f].max;
	c = p->e->nodes[n].nkids;
	if (c < min || (max >= 0 && c > max)) {
		if (min == max)
			return expr_lex_fail(p, ERR_PARSE, namestart,
			    "%s() takes %d argument%s, not %d (column %d)",
			    expr_parse_fns[f].name, min, min == 1 ? "" : "s",
			    c, expr_lex_col(p, namestart));
		if (max < 0)
			return expr_lex_fail(p, ERR_PARSE, namestart,
			    "%s() takes at least %d arguments, not %d "
			    "(column %d)", expr_parse_fns[f].name, min,
			    c, expr_lex_col(p, namestart));
		return expr_lex_fail(p, ERR_PARSE, namestart,
		    "%s() takes %d or %d arguments, not %d (column %d)",
		    expr_parse_fns[f].name, min, max, c,
		    expr_lex_col(p, namestart));
	}
	if (expr_parse_fns[f].fn == EXPR_FN_REGEX && expr_parse_regex(p, n) != 0)
		return -1;
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
		if ((n = expr_parse_node(p, EXPR_K_DOT, p->start)) < 0)
			return -1;
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
		regfree(&e->rx[i]);
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
		if (e->nodes[i].kind == EXPR_K_REF &&
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
