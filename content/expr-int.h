/*
 * Internals of the expression engine, shared by content/expr-*.c only:
 * expr-lex.c reads tokens, expr-parse.c builds nodes, expr-eval.c walks
 * them, expr-value.c converts values, expr-regex.c compiles patterns.
 *
 * A parsed expression is a flat array of nodes that refer to each other by
 * index, plus one pool for the text of names and string literals. Nothing
 * outside the engine sees these structures (expr.h keeps struct expr
 * opaque), so they may change freely.
 *
 * Operators of one precedence level form one node with a list of operands
 * rather than a left-deep tree, so "a + b + ... + z" with thousands of terms
 * is a tree of depth 2: evaluation recursion is bounded by the nesting of
 * parentheses and function calls, which the parser bounds.
 */
#ifndef OUTREACH_EXPR_INT_H
#define OUTREACH_EXPR_INT_H

#include <regex.h>
#include <stddef.h>

#include "content/buf.h"

#include "content/expr.h"

#define EXPR_MAX_SRC	8192	/* bytes in one expression */
#define EXPR_MAX_DEPTH	64	/* nested parentheses, calls and unary minus */
#define EXPR_MAX_NAME	255	/* bytes in a name */
#define EXPR_MAX_RESULT	(1024 * 1024)	/* bytes in a computed string */

enum expr_kind {
	EXPR_K_NUM,		/* number literal: num */
	EXPR_K_STR,		/* string literal: str */
	EXPR_K_REF,		/* ${name}: str */
	EXPR_K_NAME,		/* bare name (choice column): str */
	EXPR_K_DOT,		/* . */
	EXPR_K_OR,		/* operands are the children */
	EXPR_K_AND,
	EXPR_K_BIN,		/* children combined left to right by their op */
	EXPR_K_NEG,		/* unary minus of the only child */
	EXPR_K_CALL,		/* fn applied to the children */
};

enum expr_op {
	EXPR_OP_NONE,
	EXPR_OP_EQ,
	EXPR_OP_NE,
	EXPR_OP_LT,
	EXPR_OP_LE,
	EXPR_OP_GT,
	EXPR_OP_GE,
	EXPR_OP_ADD,
	EXPR_OP_SUB,
	EXPR_OP_MUL,
	EXPR_OP_DIV,
	EXPR_OP_MOD,
	EXPR_OP_AND,
	EXPR_OP_OR,
};

enum expr_fn {
	EXPR_FN_NOT,
	EXPR_FN_TRUE,
	EXPR_FN_FALSE,
	EXPR_FN_BOOLEAN,
	EXPR_FN_STRING,
	EXPR_FN_NUMBER,
	EXPR_FN_SELECTED,
	EXPR_FN_COUNT_SELECTED,
	EXPR_FN_STRING_LENGTH,
	EXPR_FN_CONCAT,
	EXPR_FN_IF,
	EXPR_FN_COALESCE,
	EXPR_FN_REGEX,
	EXPR_FN_TODAY,
	EXPR_FN_INT,
	EXPR_FN_ROUND,
};

struct expr_node {
	unsigned char	 kind;	/* enum expr_kind */
	unsigned char	 op;	/* enum expr_op: joins this to the previous operand */
	unsigned char	 fn;	/* enum expr_fn, for EXPR_K_CALL */
	int		 first;	/* first child, or -1 */
	int		 next;	/* next sibling, or -1 */
	int		 nkids;
	int		 str;	/* offset of the text in the pool */
	int		 rx;	/* index of the compiled regex, or -1 */
	int		 col;	/* 1-based column in the source */
	double		 num;
};

struct expr {
	struct expr_node *nodes;
	int		 nnodes;
	int		 capnodes;
	int		 root;
	char		*pool;	/* NUL-separated names and literals */
	size_t		 poollen;
	regex_t		*rx;	/* regexes compiled from literal patterns */
	int		 nrx;
};

/* Tokens, as expr-lex.c reads them. */
enum expr_tok {
	EXPR_TOK_END,
	EXPR_TOK_NUM,
	EXPR_TOK_STR,
	EXPR_TOK_REF,
	EXPR_TOK_NAME,
	EXPR_TOK_DOT,
	EXPR_TOK_LP,
	EXPR_TOK_RP,
	EXPR_TOK_COMMA,
	EXPR_TOK_EQ,
	EXPR_TOK_NE,
	EXPR_TOK_LT,
	EXPR_TOK_LE,
	EXPR_TOK_GT,
	EXPR_TOK_GE,
	EXPR_TOK_PLUS,
	EXPR_TOK_MINUS,
	EXPR_TOK_STAR,
};

/* The parser's state; the tokenizer (expr-lex.c) reads and advances it. */
struct expr_parser {
	const char	*src;
	size_t		 len;
	size_t		 pos;		/* where the next token starts */
	enum expr_tok	 tok;		/* the current token */
	size_t		 start;		/* its first byte */
	size_t		 tstart;	/* its text (name or string contents) */
	size_t		 tlen;
	double		 num;
	int		 depth;
	size_t		 coloff;	/* expr_lex_col's last answer */
	int		 col;
	struct expr	*e;
	struct buf	 pool;
	int		 err;
	int		 errcol;
	char		*cause;
};

/* Column (1-based, in characters) of byte offset off of the source. */
int	expr_lex_col(struct expr_parser *p, size_t off);
/* Record an error (only the first counts) at byte offset off; returns -1. */
int	expr_lex_fail(struct expr_parser *p, int err, size_t off,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Read the next token into p->tok; -1 after an error. */
int	expr_lex_next(struct expr_parser *p);
/* Fail on the current token, describing it; returns -1. */
int	expr_lex_unexpected(struct expr_parser *p);
/* Step over blanks at p->pos. */
void	expr_lex_skipspace(struct expr_parser *p);

/*
 * A value during evaluation. Strings are borrowed (from the expression's
 * pool or from the lookup callback) unless `own` is set, so that typical
 * relevance checks allocate nothing.
 */
struct expr_val {
	enum expr_type	 type;
	double		 num;
	int		 b;
	const char	*s;
	char		*own;	/* malloc'd copy that s points into, or NULL */
};

/* Longest text expr_num_format writes, with its NUL. */
#define EXPR_NUM_BUFSZ	400

/*
 * XPath number() of a string: NaN unless it is a plain decimal, or an ISO
 * date, which counts days since 1970-01-01 as in JavaRosa.
 */
double	expr_num_parse(const char *s);
/* Parse exactly len bytes as a number literal; -1 if not one. */
int	expr_num_parse_n(const char *s, size_t len, double *out);
/* XPath string() of a number into buf (EXPR_NUM_BUFSZ bytes). */
void	expr_num_format(double d, char *buf);
/* Round half away from zero to `digits` decimals, on the decimal digits. */
double	expr_num_round(double d, double digits);

/* Length of the name starting at s (0 if none), as in ${name}. */
size_t	expr_lex_namelen(const char *s, size_t n);

/* Count UTF-8 code points (continuation bytes do not count). */
size_t	expr_utf8_len(const char *s, size_t n);

/*
 * Compile a pattern written in the Java-style dialect forms use into a
 * POSIX extended regex (REG_EXTENDED | REG_NOSUB). Bounded in length and
 * in the size of what it expands to. Returns 0, ERR_PARSE, ERR_LIMIT,
 * ERR_UNSUPPORTED or ERR_NOMEM, setting *cause.
 */
int	expr_regex_compile(const char *pattern, regex_t *re, char **cause);

#endif
