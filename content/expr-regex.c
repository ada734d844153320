/*
 * Regular expressions for regex(): forms are written for JavaRosa, whose
 * patterns are Java's, and we match with POSIX extended regexes (regcomp
 * with REG_EXTENDED | REG_NOSUB, unanchored like Java's find()).
 *
 * The common Java spellings are translated: \d \D \s \S \w \W (also inside
 * [...]), \t \n \r, escaped punctuation such as \. \- \] inside brackets,
 * and (?:...) groups. What POSIX cannot express (back-references,
 * look-around, \p{...}, possessive quantifiers, class intersections) is
 * refused with a reason rather than silently matched differently. Lazy
 * quantifiers are accepted as greedy: regex() asks only whether there is a
 * match, which laziness does not change.
 *
 * Patterns are bounded in length, nesting and in how large repetition
 * would make the compiled automaton ("(a{200}){200}" is refused), so a
 * hostile form cannot make the kiosk compile something enormous.
 */
#include "content/expr-int.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

#define EXPR_REGEX_MAX_LEN	1024	/* bytes of pattern */
#define EXPR_REGEX_MAX_DEPTH	32	/* nested groups */
#define EXPR_REGEX_MAX_COUNT	1000	/* in {m,n} */
#define EXPR_REGEX_MAX_WEIGHT	4000	/* atoms after expanding repetition */

struct rxt {
	const char	*p;
	size_t		 i;
	struct buf	 out;
	long		 sums[EXPR_REGEX_MAX_DEPTH + 1];	/* weight per group */
	int		 depth;
	long		 last;	/* weight of the atom a quantifier would repeat */
	char		**cause;
};

/* The length of the UTF-8 character at s (1 for a stray byte). */
static size_t
expr_regex_charlen(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n, i;

	n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

static int
expr_regex_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
expr_regex_unsupported(struct rxt *t, const char *what)
{
	return err_set(t->cause, ERR_UNSUPPORTED, "%s is not supported", what);
}

static void
expr_regex_atom(struct rxt *t, long w)
{
	t->sums[t->depth] += w;
	t->last = w;
}

/* Repeat the last atom up to n times in all. */
static int
expr_regex_repeat(struct rxt *t, long n)
{
	t->sums[t->depth] += t->last * (n - 1);
	t->last *= n;
	if (t->sums[t->depth] > EXPR_REGEX_MAX_WEIGHT ||
	    t->last > EXPR_REGEX_MAX_WEIGHT)
		return err_set(t->cause, ERR_LIMIT,
		    "repetition makes the pattern too large");
	return 0;
}

/* A bracket expression, t->i just past its '['. */
static int
expr_regex_bracket(struct rxt *t)
{
	struct buf classes = BUF_INIT, body = BUF_INIT;
	const char *p = t->p;
	size_t i = t->i, n;
	int neg = 0, rb = 0, caret = 0, dash = 0, r = 0;
	const char *end;

	if (p[i] == '^') {
		neg = 1;
		i++;
	}
	if (p[i] == ']') {
		rb = 1;
		i++;
	}
	for (;;) {
		if (p[i] == '\0') {
			r = err_set(t->cause, ERR_PARSE, "unclosed '['");
			goto out;
		}
		if (p[i] == ']')
			break;
		if (p[i] == '\\') {
			switch (p[i + 1]) {
			case 'd': buf_addstr(&classes, "0-9"); break;
			case 's': buf_addstr(&classes, "[:space:]"); break;
			case 'w': buf_addstr(&classes, "[:alnum:]_"); break;
			case 't': buf_addch(&body, '\t'); break;
			case 'n': buf_addch(&body, '\n'); break;
			case 'r': buf_addch(&body, '\r'); break;
			case ']': rb = 1; break;
			case '^': caret = 1; break;
			case '-': dash = 1; break;
			case '\0':
				r = err_set(t->cause, ERR_PARSE, "unclosed '['");
				goto out;
			default:
				if (expr_regex_alnum(p[i + 1])) {
					r = expr_regex_unsupported(t,
					    "this escape inside [...]");
					goto out;
				}
				n = expr_regex_charlen(p + i + 1);
				buf_add(&body, p + i + 1, n);
				i += n - 1;
				break;
			}
			i += 2;
			continue;
		}
		if (p[i] == '[') {
			/* POSIX [:alpha:] and friends pass through. */
			if ((p[i + 1] == ':' || p[i + 1] == '.' ||
			    p[i + 1] == '=') && (end = strchr(p + i + 2,
			    p[i + 1])) != NULL && end[1] == ']') {
				buf_add(&classes, p + i, (size_t)(end + 2 -
				    (p + i)));
				i = (size_t)(end + 2 - p);
				continue;
			}
			r = expr_regex_unsupported(t, "a class inside [...]");
			goto out;
		}
		if (p[i] == '&' && p[i + 1] == '&') {
			r = expr_regex_unsupported(t, "'&&' inside [...]");
			goto out;
		}
		n = expr_regex_charlen(p + i);
		buf_add(&body, p + i, n);
		i += n;
	}
	t->i = i + 1;
	/* A '-' ending the body is literal: move it last, after any '^'. */
	if (body.len > 0 && body.data[body.len - 1] == '-') {
		buf_truncate(&body, body.len - 1);
		dash = 1;
	}
	if (!rb && classes.len == 0 && body.len == 0 && !dash) {
		if (!caret) {
			r = err_set(t->cause, ERR_PARSE, "empty '[]'");
			goto out;
		}
		buf_addstr(&t->out, neg ? "[^^]" : "\\^");
		goto out;
	}
	buf_addch(&t->out, '[');
	if (neg)
		buf_addch(&t->out, '^');
	if (rb)
		buf_addch(&t->out, ']');
	buf_add(&t->out, buf_str(&classes), classes.len);
	buf_add(&t->out, buf_str(&body), body.len);
	if (caret)
		buf_addch(&t->out, '^');
	if (dash)
		buf_addch(&t->out, '-');
	buf_addch(&t->out, ']');
out:
	buf_free(&classes);
	buf_free(&body);
	return r;
}

/* An escape outside brackets, t->i at the backslash. */
static int
expr_regex_escape(struct rxt *t)
{
	static const char *const classes[][2] = {
		{ "d", "[0-9]" }, { "D", "[^0-9]" },
		{ "s", "[[:space:]]" }, { "S", "[^[:space:]]" },
		{ "w", "[[:alnum:]_]" }, { "W", "[^[:alnum:]_]" },
		{ "t", "\t" }, { "n", "\n" }, { "r", "\r" },
		{ "b", "\\b" }, { "B", "\\B" },
	};
	char c = t->p[t->i + 1];
	size_t k, n;

	if (c == '\0')
		return err_set(t->cause, ERR_PARSE, "pattern ends with '\\'");
	for (k = 0; k < sizeof classes / sizeof classes[0]; k++)
		if (c == classes[k][0][0]) {
			buf_addstr(&t->out, classes[k][1]);
			t->i += 2;
			expr_regex_atom(t, c == 'b' || c == 'B' ? 0 : 1);
			return 0;
		}
	if (c >= '1' && c <= '9')
		return expr_regex_unsupported(t, "a back-reference");
	if (expr_regex_alnum(c))
		return expr_regex_unsupported(t, c == 'p' || c == 'P' ?
		    "\\p{...}" : "this escape");
	n = expr_regex_charlen(t->p + t->i + 1);
	if (strchr(".[]()*+?{}|^$\\", c) != NULL)
		buf_addch(&t->out, '\\');
	buf_add(&t->out, t->p + t->i + 1, n);
	t->i += 1 + n;
	expr_regex_atom(t, 1);
	return 0;
}

/* A repeat count at *s, clamped so that huge ones stay huge. */
static long
expr_regex_count(const char **s)
{
	long v = 0;

	for (; **s >= '0' && **s <= '9'; (*s)++)
		if (v <= EXPR_REGEX_MAX_COUNT)
			v = v * 10 + (**s - '0');
	return v;
}

/* {m}, {m,} or {m,n} at t->i (0); anything else is a literal '{' (1). */
static int
expr_regex_interval(struct rxt *t)
{
	const char *s = t->p + t->i + 1;
	long m, n;

	if (!(*s >= '0' && *s <= '9'))
		goto literal;
	m = n = expr_regex_count(&s);
	if (*s == ',') {
		s++;
		if (*s == '}')
			n = m + 1;
		else if (*s >= '0' && *s <= '9')
			n = expr_regex_count(&s);
		else
			goto literal;
	}
	if (*s != '}')
		goto literal;
	if (m > EXPR_REGEX_MAX_COUNT || n > EXPR_REGEX_MAX_COUNT)
		return err_set(t->cause, ERR_LIMIT, "a repeat count above %d",
		    EXPR_REGEX_MAX_COUNT);
	buf_add(&t->out, t->p + t->i, (size_t)(s + 1 - (t->p + t->i)));
	t->i = (size_t)(s + 1 - t->p);
	return expr_regex_repeat(t, n > 0 ? n : 1);
literal:
	buf_addstr(&t->out, "\\{");
	t->i++;
	expr_regex_atom(t, 1);
	return 1;
}

static int
expr_regex_translate(struct rxt *t)
{
	const char *p = t->p;
	size_t n;
	int r;
	char c;

	while ((c = p[t->i]) != '\0') {
		switch (c) {
		case '\\':
			if ((r = expr_regex_escape(t)) != 0)
				return r;
			continue;
		case '[':
			t->i++;
			if ((r = expr_regex_bracket(t)) != 0)
				return r;
			expr_regex_atom(t, 1);
			continue;
		case '(':
			if (p[t->i + 1] == '?') {
				if (p[t->i + 2] != ':')
					return expr_regex_unsupported(t,
					    "look-around or a group flag");
				t->i += 2;
			}
			if (t->depth == EXPR_REGEX_MAX_DEPTH)
				return err_set(t->cause, ERR_LIMIT,
				    "groups nested too deep");
			t->sums[++t->depth] = 0;
			buf_addch(&t->out, '(');
			t->i++;
			continue;
		case ')':
			if (t->depth == 0)
				return err_set(t->cause, ERR_PARSE,
				    "unmatched ')'");
			buf_addch(&t->out, ')');
			t->i++;
			t->depth--;
			expr_regex_atom(t, t->sums[t->depth + 1] > 0 ?
			    t->sums[t->depth + 1] : 1);
			continue;
		case '{':
			if ((r = expr_regex_interval(t)) < 0)
				return r;
			if (r == 1)
				continue;
			break;
		case '*':
		case '+':
		case '?':
			buf_addch(&t->out, c);
			t->i++;
			if ((r = expr_regex_repeat(t, 2)) != 0)
				return r;
			break;
		case '|':
			/* An alternative costs a node, even an empty one. */
			buf_addch(&t->out, c);
			t->i++;
			expr_regex_atom(t, 1);
			t->last = 0;
			continue;
		default:
			n = expr_regex_charlen(p + t->i);
			buf_add(&t->out, p + t->i, n);
			t->i += n;
			expr_regex_atom(t, 1);
			continue;
		}
		/* After a quantifier: Java's lazy '?' changes nothing here. */
		if (p[t->i] == '?')
			t->i++;
		else if (p[t->i] == '+')
			return expr_regex_unsupported(t,
			    "a possessive quantifier");
		/*
		 * Java refuses a quantifier of a quantifier; glibc takes it
		 * and can spend seconds compiling "(){3}{33,}".
		 */
		c = p[t->i];
		if (c == '*' || c == '+' || c == '?' || (c == '{' &&
		    p[t->i + 1] >= '0' && p[t->i + 1] <= '9'))
			return err_set(t->cause, ERR_PARSE, "'%c' repeats a "
			    "repeat", c);
	}
	if (t->depth != 0)
		return err_set(t->cause, ERR_PARSE, "unclosed '('");
	return 0;
}

int
expr_regex_compile(const char *pattern, regex_t *re, char **cause)
{
	struct rxt t;
	char msg[128];
	int r;

	memset(&t, 0, sizeof t);
	buf_init(&t.out);
	t.p = pattern;
	t.cause = cause;
	if (strnlen(pattern, EXPR_REGEX_MAX_LEN + 1) > EXPR_REGEX_MAX_LEN) {
		r = err_set(cause, ERR_LIMIT, "pattern longer than %d bytes",
		    EXPR_REGEX_MAX_LEN);
		goto out;
	}
	if ((r = expr_regex_translate(&t)) != 0)
		goto out;
	if (buf_failed(&t.out)) {
		r = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((r = regcomp(re, buf_str(&t.out), REG_EXTENDED | REG_NOSUB)) !=
	    0) {
		regerror(r, re, msg, sizeof msg);
		r = r == REG_ESPACE ? ERR_NOMEM : ERR_PARSE;
		err_set(cause, r, "%s", msg);
		goto out;
	}
out:
	buf_free(&t.out);
	return r;
}
