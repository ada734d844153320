/*
 * regex(): Java patterns, matched with PCRE2 the way Collect matches them
 * (java.util.regex.Pattern.matches: the whole string, not a part of it).
 *
 * PCRE2 reads nearly all of Java's syntax as Java does: classes, \d \w \s
 * \b (ASCII only, as in Java, because PCRE2's Unicode properties are not
 * turned on for them), \p{L} and the other Unicode categories and scripts,
 * (?i) (?s) (?m) (?x), look-ahead and look-behind, lazy and possessive
 * quantifiers, atomic groups, back-references, named groups, \Q...\E,
 * \uhhhh and \x{h..h}. Before PCRE2 sees a pattern it is read once here:
 *
 *  - Java's own names are put in PCRE2's words: the POSIX classes
 *    \p{Alpha} \p{Digit} \p{Punct}... (ASCII, as in Java), \p{IsLatin},
 *    \p{IsL}, \p{script=...}, \p{gc=...}, \p{javaLowerCase}...; the
 *    (?u) flag is dropped (PCRE2's case folding is already Unicode's).
 *  - What PCRE2 would read differently is refused by name, rather than
 *    matched differently: a class inside a class (Java's union, and the
 *    "[[:alpha:]]" that Java reads as a list of letters) and class
 *    intersection "&&"; (?U) and (?d); \N; a '{' that is not a repeat
 *    count (an error in Java); (?i) without (?u) and with letters beyond
 *    ASCII in the pattern (Java folds only ASCII then, PCRE2 all of
 *    Unicode); and PCRE2's own syntax, which Java
 *    rejects: (*VERB), (?R), (?|, (?C, (?(, (?#, (?P, (?&, \K, \g, \o.
 *
 * Bounds, so that a hostile form cannot stall the kiosk: patterns of at
 * most EXPR_REGEX_MAX_LEN bytes and 64 nested groups; every match is
 * limited in steps (match limit), depth and memory, and a pattern that
 * hits a limit on an answer is an error (the answer is not accepted).
 */
#include "content/expr-int.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/libload.h"

#ifndef PCRE2_SONAME
#error "PCRE2_SONAME is not set: the Makefile reads it from libpcre2-8.so (is libpcre2-dev installed?)"
#endif

/*
 * PCRE2 is opened the first time a pattern is compiled (content/libload.h):
 * most kiosk sessions never run a regex(), and linking it cost every start
 * about 0.6M instructions of the dynamic linker's work.
 */
#define EXPR_RX_FUNCS(X)						\
	X(pcre2_code_free)						\
	X(pcre2_compile)						\
	X(pcre2_compile_context_create)					\
	X(pcre2_compile_context_free)					\
	X(pcre2_get_error_message)					\
	X(pcre2_match)							\
	X(pcre2_match_context_create)					\
	X(pcre2_match_context_free)					\
	X(pcre2_match_data_create)					\
	X(pcre2_match_data_free)					\
	X(pcre2_set_compile_extra_options)				\
	X(pcre2_set_depth_limit)					\
	X(pcre2_set_heap_limit)						\
	X(pcre2_set_match_limit)					\
	X(pcre2_set_newline)						\
	X(pcre2_set_parens_nest_limit)

static struct {
/* f names the member: it cannot be in parentheses. */
#define EXPR_RX_POINTER(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	EXPR_RX_FUNCS(EXPR_RX_POINTER)
#undef EXPR_RX_POINTER
} expr_rx_fn;
static pthread_once_t expr_rx_once_ctl = PTHREAD_ONCE_INIT;
static int expr_rx_ok;
static char expr_rx_why[LIBLOAD_WHY];

static void
expr_rx_once(void)
{
	__typeof__(expr_rx_fn) t;
	void *h, *sym;

	if ((h = libload_open(PCRE2_SONAME, "PCRE2", expr_rx_why)) == NULL)
		return;
	/* pcre2.h's names are macros for the _8 functions: resolve those. */
#define EXPR_RX_RESOLVE(f)						\
	if ((sym = libload_sym(h, #f "_8", "PCRE2", PCRE2_SONAME,	\
	    expr_rx_why)) == NULL) {					\
		libload_close(h);					\
		return;							\
	}								\
	t.f = (__typeof__(f) *)sym;
	EXPR_RX_FUNCS(EXPR_RX_RESOLVE)
#undef EXPR_RX_RESOLVE
	expr_rx_fn = t;
	expr_rx_ok = 1;
}

/* PCRE2's functions through the table, once it is filled. */
#define RX(f)	(expr_rx_fn.f)

#define EXPR_REGEX_NEST		64
#define EXPR_REGEX_MATCH_LIMIT	1000000		/* steps of one match */
#define EXPR_REGEX_DEPTH_LIMIT	10000
#define EXPR_REGEX_HEAP_LIMIT	8192		/* KiB */

struct expr_rx {
	pcre2_code		*code;
	pcre2_match_context	*mctx;
};

/* Java's POSIX classes (US-ASCII), as ranges to put inside [...]. */
static const struct {
	const char	*name;
	const char	*ranges;
} expr_regex_posix[] = {
	{ "Lower", "a-z" },
	{ "Upper", "A-Z" },
	{ "ASCII", "\\x00-\\x7f" },
	{ "Alpha", "a-zA-Z" },
	{ "Digit", "0-9" },
	{ "Alnum", "a-zA-Z0-9" },
	{ "Punct", "!-/:-@\\[-`{-~" },
	{ "Graph", "!-~" },
	{ "Print", " -~" },
	{ "Blank", " \\t" },
	{ "Cntrl", "\\x00-\\x1f\\x7f" },
	{ "XDigit", "0-9a-fA-F" },
	{ "Space", " \\t\\n\\x0b\\f\\r" },
	{ "javaLowerCase", "\\p{Ll}" },
	{ "javaUpperCase", "\\p{Lu}" },
};

struct expr_rxt {
	const char	*p;
	size_t		 i;
	struct buf	 out;
	int		 caseless;	/* (?i) seen */
	int		 unicase;	/* (?u) seen: Unicode case folding */
	int		 nonascii;	/* a byte beyond ASCII in the pattern */
	char		**cause;
};

static int
expr_regex_refuse(struct expr_rxt *t, const char *what)
{
	return err_set(t->cause, ERR_UNSUPPORTED, "%s is not supported in "
	    "regex() patterns", what);
}

/* \p{name} or \P{name} at t->i (the backslash); in_class: inside [...]. */
static int
expr_regex_property(struct expr_rxt *t, int in_class)
{
	const char *p = t->p + t->i, *end, *name;
	char buf[80];
	size_t len, k;
	int neg = p[1] == 'P';

	if (p[2] != '{') {
		/* \pL: a one-letter category, PCRE2's too. */
		if (p[2] == '\0')
			return err_set(t->cause, ERR_PARSE, "pattern ends "
			    "with '\\%c'", p[1]);
		buf_add(&t->out, p, 3);
		t->i += 3;
		return 0;
	}
	if ((end = strchr(p + 3, '}')) == NULL)
		return err_set(t->cause, ERR_PARSE, "unclosed \\%c{", p[1]);
	name = p + 3;
	len = (size_t)(end - name);
	if (len == 0 || len >= sizeof buf)
		return err_set(t->cause, ERR_PARSE, "bad \\%c{...}", p[1]);
	memcpy(buf, name, len);
	buf[len] = '\0';
	t->i += (size_t)(end + 1 - p);
	for (k = 0; k < sizeof expr_regex_posix / sizeof expr_regex_posix[0];
	    k++) {
		if (strcmp(buf, expr_regex_posix[k].name) != 0)
			continue;
		if (in_class && neg)
			return expr_regex_refuse(t, "\\P{...} inside [...]");
		buf_printf(&t->out, "%s%s%s", in_class ? "" : neg ? "[^" : "[",
		    expr_regex_posix[k].ranges, in_class ? "" : "]");
		return 0;
	}
	if (strncmp(buf, "In", 2) == 0 || strncmp(buf, "block=", 6) == 0 ||
	    strncmp(buf, "blk=", 4) == 0)
		return expr_regex_refuse(t, "a Unicode block (\\p{In...})");
	if (strncmp(buf, "java", 4) == 0)
		return expr_regex_refuse(t, "this \\p{java...} class");
	/* Java's prefixes for scripts and categories; PCRE2 needs none. */
	name = buf;
	if (strncmp(name, "Is", 2) == 0)
		name += 2;
	else if (strncmp(name, "script=", 7) == 0)
		name += 7;
	else if (strncmp(name, "sc=", 3) == 0)
		name += 3;
	else if (strncmp(name, "general_category=", 17) == 0)
		name += 17;
	else if (strncmp(name, "gc=", 3) == 0)
		name += 3;
	buf_printf(&t->out, "\\%c{%s}", neg ? 'P' : 'p', name);
	return 0;
}

/* An escape at t->i, inside or outside a class. */
static int
expr_regex_escape(struct expr_rxt *t, int in_class)
{
	const char *p = t->p + t->i, *end;
	char c = p[1];

	switch (c) {
	case '\0':
		return err_set(t->cause, ERR_PARSE, "pattern ends with '\\'");
	case 'p':
	case 'P':
		return expr_regex_property(t, in_class);
	case 'N':
		return expr_regex_refuse(t, "\\N");
	case 'K':
	case 'g':
	case 'o':
		return expr_regex_refuse(t, "PCRE's \\K, \\g and \\o (not "
		    "Java)");
	case 'x':
	case 'k':
		/* \x{h..h} and \k<name>, {...} and all. */
		if ((p[2] == '{' && (end = strchr(p, '}')) != NULL) ||
		    (c == 'k' && p[2] == '<' && (end = strchr(p, '>')) !=
		    NULL)) {
			/* With ALT_BSUX, PCRE2 spells Java's \x{...} \u{...}. */
			if (c == 'x') {
				buf_addstr(&t->out, "\\u");
				buf_add(&t->out, p + 2, (size_t)(end - 1 - p));
			} else
				buf_add(&t->out, p, (size_t)(end + 1 - p));
			t->i += (size_t)(end + 1 - p);
			return 0;
		}
		break;
	case 'Q':
		/* Quoted to \E (or the end): copied as it is. */
		end = strstr(p + 2, "\\E");
		end = end != NULL ? end + 2 : p + strlen(p);
		buf_add(&t->out, p, (size_t)(end - p));
		t->i += (size_t)(end - p);
		return 0;
	}
	buf_add(&t->out, p, 2);
	t->i += 2;
	return 0;
}

/* A character class, t->i at its '['. */
static int
expr_regex_class(struct expr_rxt *t)
{
	const char *p = t->p;
	int r;

	buf_addch(&t->out, '[');
	t->i++;
	if (p[t->i] == '^') {
		buf_addch(&t->out, '^');
		t->i++;
	}
	for (;;) {
		switch (p[t->i]) {
		case '\0':
			return err_set(t->cause, ERR_PARSE, "unclosed '['");
		case ']':
			buf_addch(&t->out, ']');
			t->i++;
			return 0;
		case '[':
			return expr_regex_refuse(t, "a class inside [...] "
			    "(Java's union, or [:name:])");
		case '&':
			if (p[t->i + 1] == '&')
				return expr_regex_refuse(t, "class "
				    "intersection (&&)");
			break;
		case '\\':
			if ((r = expr_regex_escape(t, 1)) != 0)
				return r;
			continue;
		}
		buf_addch(&t->out, p[t->i]);
		t->i++;
	}
}

/* "(?" at t->i: the constructs Java has; its flags in PCRE2's letters. */
static int
expr_regex_group(struct expr_rxt *t)
{
	const char *p = t->p + t->i + 2;
	size_t k;

	switch (*p) {
	case ':': case '=': case '!': case '>':
		buf_add(&t->out, t->p + t->i, 3);
		t->i += 3;
		return 0;
	case '<':
		/* (?<= (?<! look-behind, (?<name> a named group. */
		buf_add(&t->out, t->p + t->i, 3);
		t->i += 3;
		return 0;
	}
	/* Flags: (?idmsuxU-idmsuxU) or (?flags:...). */
	for (k = 0; p[k] != '\0' && strchr("idmsuxU-", p[k]) != NULL; k++)
		;
	if (k == 0 || (p[k] != ')' && p[k] != ':'))
		return expr_regex_refuse(t, "this (?...) construct (not Java)");
	buf_addstr(&t->out, "(?");
	for (k = 0; p[k] != ')' && p[k] != ':'; k++) {
		if (p[k] == 'U')
			return expr_regex_refuse(t, "the (?U) flag (Unicode "
			    "classes)");
		if (p[k] == 'd')
			return expr_regex_refuse(t, "the (?d) flag (Unix "
			    "lines)");
		if (p[k] == 'i')
			t->caseless = 1;
		if (p[k] == 'u')
			t->unicase = 1;
		if (p[k] != 'u')
			buf_addch(&t->out, p[k]);
	}
	buf_addch(&t->out, p[k]);
	t->i += 2 + k + 1;
	return 0;
}

/* A '{' outside a class must start a repeat count, as Java requires. */
static int
expr_regex_brace(struct expr_rxt *t)
{
	const char *s = t->p + t->i + 1;

	if (*s < '0' || *s > '9')
		return expr_regex_refuse(t, "a '{' that is not a repeat count "
		    "(write \\{)");
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == ',')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s != '}')
		return expr_regex_refuse(t, "a '{' that is not a repeat count "
		    "(write \\{)");
	buf_add(&t->out, t->p + t->i, (size_t)(s + 1 - (t->p + t->i)));
	t->i = (size_t)(s + 1 - t->p);
	return 0;
}

static int
expr_regex_translate(struct expr_rxt *t)
{
	const char *p = t->p;
	int r;

	while (p[t->i] != '\0') {
		if ((unsigned char)p[t->i] >= 0x80)
			t->nonascii = 1;
		switch (p[t->i]) {
		case '\\':
			r = expr_regex_escape(t, 0);
			break;
		case '[':
			r = expr_regex_class(t);
			break;
		case '{':
			r = expr_regex_brace(t);
			break;
		case '(':
			if (p[t->i + 1] == '*')
				return expr_regex_refuse(t, "PCRE's (*...) "
				    "(not Java)");
			if (p[t->i + 1] == '?') {
				r = expr_regex_group(t);
				break;
			}
			/* FALLTHROUGH */
		default:
			buf_addch(&t->out, p[t->i]);
			t->i++;
			r = 0;
			break;
		}
		if (r != 0)
			return r;
	}
	return 0;
}

void
expr_regex_free(struct expr_rx **rxp)
{
	struct expr_rx *rx;

	if (rxp == NULL || (rx = *rxp) == NULL)
		return;
	/* Made only once PCRE2 is loaded, so its functions are there. */
	RX(pcre2_code_free)(rx->code);
	RX(pcre2_match_context_free)(rx->mctx);
	free(rx);
	*rxp = NULL;
}

int
expr_regex_compile(const char *pattern, struct expr_rx **out, char **cause)
{
	struct expr_rxt t;
	struct expr_rx *rx = NULL;
	pcre2_compile_context *cctx = NULL;
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE off;
	size_t k;
	int r, code;

	*out = NULL;
	memset(&t, 0, sizeof t);
	buf_init(&t.out);
	pthread_once(&expr_rx_once_ctl, expr_rx_once);
	if (!expr_rx_ok)
		return err_set(cause, ERR_UNSUPPORTED, "%s", expr_rx_why);
	t.p = pattern;
	t.cause = cause;
	if (strnlen(pattern, EXPR_REGEX_MAX_LEN + 1) > EXPR_REGEX_MAX_LEN) {
		r = err_set(cause, ERR_LIMIT, "pattern longer than %d bytes",
		    EXPR_REGEX_MAX_LEN);
		goto out;
	}
	if ((r = expr_regex_translate(&t)) != 0)
		goto out;
	for (k = 0; !t.nonascii && pattern[k] != '\0'; k++)
		t.nonascii = (unsigned char)pattern[k] >= 0x80;
	if (t.caseless && !t.unicase && t.nonascii) {
		r = expr_regex_refuse(&t, "(?i) with letters beyond ASCII "
		    "(Java matches those case-sensitively; write both cases)");
		goto out;
	}
	if (buf_failed(&t.out) || (rx = calloc(1, sizeof *rx)) == NULL ||
	    (cctx = RX(pcre2_compile_context_create)(NULL)) == NULL ||
	    (rx->mctx = RX(pcre2_match_context_create)(NULL)) == NULL) {
		r = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	RX(pcre2_set_parens_nest_limit)(cctx, EXPR_REGEX_NEST);
	RX(pcre2_set_newline)(cctx, PCRE2_NEWLINE_ANY);
	RX(pcre2_set_compile_extra_options)(cctx, PCRE2_EXTRA_ALT_BSUX);
	RX(pcre2_set_match_limit)(rx->mctx, EXPR_REGEX_MATCH_LIMIT);
	RX(pcre2_set_depth_limit)(rx->mctx, EXPR_REGEX_DEPTH_LIMIT);
	RX(pcre2_set_heap_limit)(rx->mctx, EXPR_REGEX_HEAP_LIMIT);
	rx->code = RX(pcre2_compile)((PCRE2_SPTR)buf_str(&t.out), t.out.len,
	    PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_NEVER_BACKSLASH_C, &code, &off,
	    cctx);
	if (rx->code == NULL) {
		RX(pcre2_get_error_message)(code, msg, sizeof msg);
		r = err_set(cause, code == PCRE2_ERROR_HEAP_FAILED ? ERR_NOMEM :
		    code == PCRE2_ERROR_PATTERN_TOO_LARGE || code ==
		    PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP || code ==
		    PCRE2_ERROR_QUANTIFIER_TOO_BIG ? ERR_LIMIT : ERR_PARSE,
		    "%s", (const char *)msg);
		goto out;
	}
	*out = rx;
	rx = NULL;
out:
	RX(pcre2_compile_context_free)(cctx);
	expr_regex_free(&rx);
	buf_free(&t.out);
	return r;
}

int
expr_regex_match(const struct expr_rx *rx, const char *s, char **cause)
{
	pcre2_match_data *md;
	int rc;

	if ((md = RX(pcre2_match_data_create)(1, NULL)) == NULL)
		return err_set(cause, ERR_NOMEM, "out of memory");
	rc = RX(pcre2_match)(rx->code, (PCRE2_SPTR)s, strlen(s), 0,
	    PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, rx->mctx);
	RX(pcre2_match_data_free)(md);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		return err_set(cause, ERR_LIMIT, "the regex() pattern takes too "
		    "long on this answer");
	if (rc == PCRE2_ERROR_NOMEMORY)
		return err_set(cause, ERR_NOMEM, "out of memory");
	return err_set(cause, ERR_INVALID, "regex() cannot read this answer "
	    "(error %d)", rc);
}
