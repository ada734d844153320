/*
 * Internals of the expression engine, shared by content/expr-*.c only:
 *
 *	expr-lex.c	tokens
 *	expr-parse.c	the grammar, into nodes
 *	expr-eval.c	walking the nodes: references, operators, conversions
 *	expr-func.c	the function table, the refused functions, and the
 *			logic, number and aggregate functions
 *	expr-form.c	checklists, repeats (position, indexed-repeat),
 *			uuid, random, version, once
 *	expr-text.c	the string and select functions
 *	expr-date.c	dates: JavaRosa's parsing, formatting and arithmetic
 *	expr-value.c	numbers: number(), string(), storing, round()
 *	expr-regex.c	regex() with PCRE2
 *	expr-digest.c	digest(), base64-decode(), extract-signed() (nettle)
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

#include <stddef.h>
#include <stdint.h>

#include "content/buf.h"

#include "content/expr.h"

#define EXPR_MAX_SRC	8192	/* bytes in one expression */
#define EXPR_MAX_DEPTH	64	/* nested parentheses, calls and unary minus */
#define EXPR_MAX_NAME	255	/* bytes in a name */
#define EXPR_MAX_RESULT	(1024 * 1024)	/* bytes in a computed string */
#define EXPR_MAX_ITEMS	100000	/* values one ${name} may stand for */

#define EXPR_DAY_MS	86400000.0

enum expr_kind {
	EXPR_K_NUM,		/* number literal: num */
	EXPR_K_STR,		/* string literal: str */
	EXPR_K_REF,		/* ${name}: str */
	EXPR_K_NAME,		/* bare name (choice column): str */
	EXPR_K_DOT,		/* . */
	EXPR_K_PARENT,		/* .., only as position(..) */
	EXPR_K_QNAME,		/* '${name}' naming a question: str */
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

struct expr_node {
	unsigned char	 kind;	/* enum expr_kind */
	unsigned char	 op;	/* enum expr_op: joins this to the previous operand */
	unsigned short	 fn;	/* index in expr_fns, for EXPR_K_CALL */
	int		 first;	/* first child, or -1 */
	int		 next;	/* next sibling, or -1 */
	int		 nkids;
	int		 str;	/* offset of the text in the pool */
	int		 rx;	/* index of the compiled regex, or -1 */
	int		 col;	/* 1-based column in the source */
	double		 num;
};

struct expr_rx;			/* a compiled pattern (expr-regex.c) */

struct expr {
	struct expr_node *nodes;
	int		 nnodes;
	int		 capnodes;
	int		 root;
	char		*pool;	/* NUL-separated names and literals */
	size_t		 poollen;
	struct expr_rx	**rx;	/* regexes compiled from literal patterns */
	int		 nrx;
	int		 uses;	/* EXPR_USES_* */
};

/* Tokens, as expr-lex.c reads them. */
enum expr_tok {
	EXPR_TOK_END,
	EXPR_TOK_NUM,
	EXPR_TOK_STR,
	EXPR_TOK_REF,
	EXPR_TOK_NAME,
	EXPR_TOK_DOT,
	EXPR_TOK_DOTDOT,
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
/* Length of the name starting at s (0 if none), as in ${name}. */
size_t	expr_lex_namelen(const char *s, size_t n);

/*
 * A value during evaluation. Strings are borrowed (from the expression's
 * pool or from the lookup callback) unless `own` is set, so that typical
 * relevance checks allocate nothing.
 */
struct expr_val {
	enum expr_type	 type;
	double		 num;	/* NUMBER; DATE: ms since the epoch */
	int		 b;
	const char	*s;
	char		*own;	/* malloc'd copy that s points into, or NULL */
};

struct expr_ctx {
	const struct expr	*e;
	const struct expr_env	*env;
	char			**cause;
};

/*
 * The function table (expr-func.c). A handler evaluates its call node's
 * children itself, so that if() and coalesce() evaluate only what they
 * need. check, when set, looks at the arguments' shape while parsing.
 */
#define EXPR_FNF_ODD		0x01	/* an odd number of arguments */
#define EXPR_FNF_EVEN		0x02	/* an even number */
#define EXPR_FNF_VOLATILE	0x04	/* a new value each time */

struct expr_fninfo {
	const char	*name;
	int		 min;
	int		 max;		/* -1: any number */
	unsigned	 flags;
	int		(*eval)(const struct expr_ctx *, const struct expr_node *,
			    struct expr_val *);
	int		(*check)(struct expr_parser *, int call);
};

extern const struct expr_fninfo expr_fns[];
extern const size_t expr_nfns;
/* The index of a function by name, or -1. */
int	expr_fn_find(const char *name, size_t len);
/* Why a known function cannot be used here, or NULL. */
const char *expr_fn_refused(const char *name, size_t len);
/* The n-th child (0-based) of a call, or -1. */
int	expr_fn_arg(const struct expr_ctx *c, const struct expr_node *nd,
	    int k);
/* JavaRosa's toInt: truncated towards zero, -0 for a negative fraction. */
double	expr_fn_toint(double x);

/* The handlers and checks of expr-text.c, expr-date.c and expr-form.c. */
#define EXPR_FN(name)							\
int	expr_fn_##name(const struct expr_ctx *, const struct expr_node *, \
	    struct expr_val *);
EXPR_FN(choice_name)
EXPR_FN(pulldata)
EXPR_FN(selected)
EXPR_FN(count_selected)
EXPR_FN(selected_at)
EXPR_FN(concat)
EXPR_FN(join)
EXPR_FN(substr)
EXPR_FN(substring)
EXPR_FN(substring_before)
EXPR_FN(substring_after)
EXPR_FN(translate)
EXPR_FN(contains)
EXPR_FN(starts_with)
EXPR_FN(ends_with)
EXPR_FN(string_length)
EXPR_FN(normalize_space)
EXPR_FN(boolean_from_string)
EXPR_FN(regex)
EXPR_FN(digest)
EXPR_FN(base64_decode)
EXPR_FN(extract_signed)
EXPR_FN(today)
EXPR_FN(now)
EXPR_FN(date)
EXPR_FN(date_time)
EXPR_FN(decimal_date_time)
EXPR_FN(decimal_time)
EXPR_FN(format_date)
EXPR_FN(checklist)
EXPR_FN(weighted)
EXPR_FN(position)
EXPR_FN(indexed)
EXPR_FN(random)
EXPR_FN(uuid)
EXPR_FN(version)
EXPR_FN(once)
EXPR_FN(depend)
#undef EXPR_FN
int	expr_fn_check_position(struct expr_parser *p, int call);
int	expr_fn_check_nodeset(struct expr_parser *p, int call);
int	expr_fn_check_indexed(struct expr_parser *p, int call);
int	expr_fn_check_choice(struct expr_parser *p, int call);
int	expr_fn_check_pulldata(struct expr_parser *p, int call);
int	expr_fn_check_volatile(struct expr_parser *p, int call);
int	expr_fn_check_once(struct expr_parser *p, int call);
int	expr_fn_check_clock(struct expr_parser *p, int call);
int	expr_fn_check_now(struct expr_parser *p, int call);
int	expr_fn_check_regex(struct expr_parser *p, int call);
int	expr_fn_check_digest(struct expr_parser *p, int call);
int	expr_fn_check_format(struct expr_parser *p, int call);

/* expr-eval.c: evaluating children and converting values. */
int	expr_eval_node(const struct expr_ctx *c, int n, struct expr_val *out);
void	expr_val_clear(struct expr_val *v);
void	expr_val_setbool(struct expr_val *v, int b);
void	expr_val_setnum(struct expr_val *v, double d);
void	expr_val_setdate(struct expr_val *v, double ms);
void	expr_val_setstr(struct expr_val *v, const char *s, char *own);
int	expr_val_bool(const struct expr_val *v);
double	expr_val_num(const struct expr_val *v);	/* toNumeric */
double	expr_val_double(const struct expr_val *v);	/* toDouble */
/* Turn v into its string() in place (ERR_NOMEM with the cause). */
int	expr_val_str(const struct expr_ctx *c, struct expr_val *v);
/* Evaluate child n as string / number / double / boolean. */
int	expr_arg_str(const struct expr_ctx *c, int n, struct expr_val *v);
int	expr_arg_num(const struct expr_ctx *c, int n, double *d);
int	expr_arg_double(const struct expr_ctx *c, int n, double *d);
int	expr_arg_bool(const struct expr_ctx *c, int n, int *b);
/* A copy of v's text that outlives it, for a result (Caller frees). */
int	expr_val_own(const struct expr_ctx *c, struct expr_val *v);
/*
 * Call fn for every value child n stands for: each value of a ${name}
 * that stands for several (a question of a repeat), else the one value.
 */
int	expr_arg_each(const struct expr_ctx *c, int n,
	    int (*fn)(void *arg, struct expr_val *v), void *arg);
/* The text of a node's name or literal. */
const char *expr_node_text(const struct expr_ctx *c, int n);
/* An item (expr.h) as a value. */
void	expr_val_item(struct expr_val *v, const struct expr_item *it);
/* Set *cause and return err: "message (column N)". */
int	expr_eval_fail(const struct expr_ctx *c, int err, int col,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* expr-value.c: numbers. */
#define EXPR_NUM_BUFSZ	400
/* JavaRosa's toNumeric of a string: NaN unless '-', '.', digits (',' is '.'). */
double	expr_num_parse(const char *s);
/* A stored number: also Java's exponent form ("1.0E-4"), "Infinity". */
double	expr_num_typed(const char *s);
/* Parse exactly len bytes as a number literal (digits, one point); -1 if not. */
int	expr_num_parse_n(const char *s, size_t len, double *out);
/* JavaRosa's toString of a number into buf (EXPR_NUM_BUFSZ bytes). */
void	expr_num_format(double d, char *buf);
/* Java's Double.toString. */
void	expr_num_java(double d, char *buf);
/* JavaRosa's round(x, places). */
double	expr_num_round(double d, int places);
/* Java's (int) and (long) of a double: NaN is 0, out of range saturates. */
int32_t	expr_java_int(double d);
int64_t	expr_java_long(double d);

/* expr-date.c: dates. */
/* Parse as DateUtils.parseDateTime: a date, optionally with a time. */
int	expr_date_parse(const char *s, double *ms);
/* Local midnight of a day counted from 1970-01-01. */
double	expr_date_from_days(double days);
/* toNumeric of a date: whole local days since 1970-01-01. */
double	expr_date_days(double ms);
/* toDouble of a date: fractional days since local 1970-01-01T00:00. */
double	expr_date_fdays(double ms);
/* Local midnight of the day of ms. */
double	expr_date_round(double ms);
/* toString of a date: the local date, "2024-06-15". */
void	expr_date_text(double ms, char *buf, size_t size);
/* As a stored date-time: "2024-06-15T12:00:00.000+01:00". */
void	expr_date_iso(double ms, char *buf, size_t size);
/* The local time of day as a fraction of a day. */
double	expr_date_time_of_day(double ms);
/* format-date's %-codes into b; ERR_INVALID for a bad code. */
int	expr_date_format(double ms, const char *fmt, struct buf *b);
/* Milliseconds of time t. */
double	expr_date_now(const struct expr_env *env);

/* expr-regex.c */
#define EXPR_REGEX_MAX_LEN	1024	/* bytes of pattern */
/*
 * Compile a Java pattern (Caller frees with expr_regex_free). ERR_PARSE,
 * ERR_LIMIT, ERR_UNSUPPORTED (a construct Java reads differently) or
 * ERR_NOMEM, with *cause.
 */
int	expr_regex_compile(const char *pattern, struct expr_rx **out,
	    char **cause);
/* 1 when the whole of s matches, 0 when not, <0 (ERR_LIMIT...) on error. */
int	expr_regex_match(const struct expr_rx *rx, const char *s,
	    char **cause);
void	expr_regex_free(struct expr_rx **rx);

/* expr-digest.c */
int	expr_digest(const char *data, const char *alg, const char *enc,
	    struct buf *out, char **cause);
/* JavaRosa's lenient base64 decoding (nothing for a bad length). */
void	expr_base64_decode(const char *s, struct buf *out);
int	expr_extract_signed(const char *contents, const char *key,
	    struct buf *out);

/* Count UTF-8 characters (continuation bytes do not count). */
size_t	expr_utf8_len(const char *s, size_t n);
/* Count UTF-16 code units, as Java's String.length() (a string's length). */
size_t	expr_utf16_len(const char *s, size_t n);
/* Byte offset of the k-th UTF-16 unit of s (whole characters; n at most). */
size_t	expr_utf16_offset(const char *s, size_t n, size_t k);

#endif
