/*
 * The tokenizer of XLSForm expressions (see expr-parse.c for the grammar).
 *
 * Tokens are numbers (digits with one optional point: XPath has no
 * exponent), strings in ' or " or the curly quotes spreadsheets substitute
 * (‘ ’ pair with ', “ ” with "; pyxform treats them alike), ${name}, names
 * (letters, digits, _ - . and one prefix colon; any non-ASCII character
 * counts as a letter), ".", punctuation and operators. Blanks include the
 * non-breaking space that spreadsheets leave behind. Whether a name such as
 * "and" is an operator is the parser's decision, by position. Errors carry
 * the column in characters, computed incrementally so that long input
 * stays linear.
 */
#include "content/expr-int.h"

#include <stdarg.h>
#include <string.h>

#include "content/err.h"

/*
 * Column (1-based, in characters) of byte offset off. Offsets mostly grow,
 * so counting on from the last answer keeps a long expression linear.
 */
int
expr_lex_col(struct expr_parser *p, size_t off)
{
	if (off < p->coloff) {
		p->coloff = 0;
		p->col = 1;
	}
	p->col += (int)expr_utf8_len(p->src + p->coloff, off - p->coloff);
	p->coloff = off;
	return p->col;
}

/* Record the first error; later ones are consequences of it. */
int
expr_lex_fail(struct expr_parser *p, int err, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (p->err != 0)
		return -1;
	p->err = err;
	p->errcol = expr_lex_col(p, off);
	va_start(ap, fmt);
	err_setv(&p->cause, err, fmt, ap);
	va_end(ap);
	return -1;
}

/* 1 for a single quote (' ‘ ’), 2 for a double one (" “ ”), else 0. */
static int
expr_lex_quote(const char *s, size_t n, size_t *width)
{
	const unsigned char *u = (const unsigned char *)s;

	*width = 1;
	if (n >= 1 && u[0] == '\'')
		return 1;
	if (n >= 1 && u[0] == '"')
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80) {
		*width = 3;
		if (u[2] == 0x98 || u[2] == 0x99)
			return 1;
		if (u[2] == 0x9c || u[2] == 0x9d)
			return 2;
	}
	return 0;
}

static int
expr_lex_namestart(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c >= 0x80;
}

static int
expr_lex_namechar(unsigned char c)
{
	return expr_lex_namestart(c) || (c >= '0' && c <= '9') || c == '-' ||
	    c == '.';
}

/* Length of the name at s (letters, digits, _ - . and one prefix colon). */
size_t
expr_lex_namelen(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w;
	int colon = 0;

	if (n == 0 || !expr_lex_namestart(u[0]))
		return 0;
	for (i = 1; i < n; i++) {
		if (expr_lex_quote(s + i, n - i, &w) != 0)
			break;
		/* U+00A0, a non-breaking space, ends a name like a space. */
		if (u[i] == 0xc2 && i + 1 < n && u[i + 1] == 0xa0)
			break;
		if (u[i] == ':' && !colon && i + 1 < n &&
		    expr_lex_namestart(u[i + 1])) {
			colon = 1;
			continue;
		}
		if (!expr_lex_namechar(u[i]))
			break;
	}
	return i;
}

void
expr_lex_skipspace(struct expr_parser *p)
{
	const unsigned char *u = (const unsigned char *)p->src;

	while (p->pos < p->len) {
		if (u[p->pos] == ' ' || u[p->pos] == '\t' || u[p->pos] == '\n' ||
		    u[p->pos] == '\r')
			p->pos++;
		else if (u[p->pos] == 0xc2 && p->pos + 1 < p->len &&
		    u[p->pos + 1] == 0xa0)
			p->pos += 2;
		else
			break;
	}
}

/* Read the next token into p->tok. */
int
expr_lex_next(struct expr_parser *p)
{
	const char *s;
	size_t n, w, w2, i;
	int q;

	if (p->err != 0)
		return -1;
	expr_lex_skipspace(p);
	p->start = p->pos;
	s = p->src + p->pos;
	n = p->len - p->pos;
	if (n == 0) {
		p->tok = EXPR_TOK_END;
		return 0;
	}
	if ((q = expr_lex_quote(s, n, &w)) != 0) {
		for (i = w; i < n; i++)
			if (expr_lex_quote(s + i, n - i, &w2) == q)
				break;
		if (i >= n)
			return expr_lex_fail(p, ERR_PARSE, p->start,
			    "unclosed string starting at column %d",
			    expr_lex_col(p, p->start));
		p->tok = EXPR_TOK_STR;
		p->tstart = p->pos + w;
		p->tlen = i - w;
		p->pos += i + w2;
		return 0;
	}
	if ((*s >= '0' && *s <= '9') || (*s == '.' && n > 1 && s[1] >= '0' &&
	    s[1] <= '9')) {
		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i < n && s[i] == '.')
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
				;
		if (expr_num_parse_n(s, i, &p->num) != 0)
			return expr_lex_fail(p, ERR_PARSE, p->start,
			    "bad number at column %d",
			    expr_lex_col(p, p->start));
		p->tok = EXPR_TOK_NUM;
		p->pos += i;
		return 0;
	}
	if (*s == '$') {
		if (n < 2 || s[1] != '{' ||
		    (i = expr_lex_namelen(s + 2, n - 2)) == 0 ||
		    i + 2 >= n || s[i + 2] != '}')
			return expr_lex_fail(p, ERR_PARSE, p->start,
			    "malformed reference at column %d "
			    "(expected ${name})", expr_lex_col(p, p->start));
		if (i > EXPR_MAX_NAME)
			return expr_lex_fail(p, ERR_LIMIT, p->start,
			    "name too long at column %d",
			    expr_lex_col(p, p->start));
		p->tok = EXPR_TOK_REF;
		p->tstart = p->pos + 2;
		p->tlen = i;
		p->pos += i + 3;
		return 0;
	}
	if ((i = expr_lex_namelen(s, n)) > 0) {
		if (i > EXPR_MAX_NAME)
			return expr_lex_fail(p, ERR_LIMIT, p->start,
			    "name too long at column %d",
			    expr_lex_col(p, p->start));
		p->tok = EXPR_TOK_NAME;
		p->tstart = p->pos;
		p->tlen = i;
		p->pos += i;
		return 0;
	}
	p->pos++;
	switch (*s) {
	case '.':
		if (n > 1 && s[1] == '.') {
			p->pos++;
			p->tok = EXPR_TOK_DOTDOT;
			return 0;
		}
		p->tok = EXPR_TOK_DOT;
		return 0;
	case '(': p->tok = EXPR_TOK_LP; return 0;
	case ')': p->tok = EXPR_TOK_RP; return 0;
	case ',': p->tok = EXPR_TOK_COMMA; return 0;
	case '=': p->tok = EXPR_TOK_EQ; return 0;
	case '+': p->tok = EXPR_TOK_PLUS; return 0;
	case '-': p->tok = EXPR_TOK_MINUS; return 0;
	case '*': p->tok = EXPR_TOK_STAR; return 0;
	case '<':
	case '>':
		if (n > 1 && s[1] == '=') {
			p->pos++;
			p->tok = *s == '<' ? EXPR_TOK_LE : EXPR_TOK_GE;
		} else
			p->tok = *s == '<' ? EXPR_TOK_LT : EXPR_TOK_GT;
		return 0;
	case '!':
		if (n > 1 && s[1] == '=') {
			p->pos++;
			p->tok = EXPR_TOK_NE;
			return 0;
		}
		return expr_lex_fail(p, ERR_PARSE, p->start,
		    "'!' must be followed by '=' at column %d "
		    "(use not() to negate)", expr_lex_col(p, p->start));
	case '/':
	case '[':
	case ']':
	case '@':
	case '|':
		return expr_lex_fail(p, ERR_UNSUPPORTED, p->start,
		    "XPath paths ('%c') are not supported at column %d; "
		    "use ${name}", *s, expr_lex_col(p, p->start));
	}
	/* Show the whole character, however many bytes it takes. */
	for (i = 1; i < n && i < 4 && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
		;
	return expr_lex_fail(p, ERR_PARSE, p->start,
	    "unexpected character '%.*s' at column %d", (int)i, s,
	    expr_lex_col(p, p->start));
}

/* Fail on the current token, describing it. */
int
expr_lex_unexpected(struct expr_parser *p)
{
	int col = expr_lex_col(p, p->start);
	const char *s = p->src + p->start;

	switch (p->tok) {
	case EXPR_TOK_END:
		return expr_lex_fail(p, ERR_PARSE, p->start,
		    "unexpected end of expression at column %d", col);
	case EXPR_TOK_NUM:
		return expr_lex_fail(p, ERR_PARSE, p->start,
		    "unexpected number '%.*s' at column %d",
		    (int)(p->pos - p->start), s, col);
	case EXPR_TOK_STR:
		return expr_lex_fail(p, ERR_PARSE, p->start,
		    "unexpected string at column %d", col);
	default:
		return expr_lex_fail(p, ERR_PARSE, p->start,
		    "unexpected '%.*s' at column %d",
		    (int)(p->pos - p->start), s, col);
	}
}
