/*
 * The expression engine against ODK Collect: every row of
 * tests/fixtures/expr/collect.tsv is an expression, the answers it sees,
 * the value Collect gives, and what that value rests on (a line of
 * JavaRosa's source, getodk/javarosa at d686d1bc9, or the ODK
 * documentation; "xpath" where Collect has no answer and XPath 1.0 is
 * followed). Columns, separated by tabs:
 *
 *	expression	answers	expected	source
 *
 * answers: "name=T:value" separated by ';' (none: "-"); T is s (text),
 * n (number), d (date) or b (true/false, "1"/"0"); "name*=T:a,b,c" is a
 * question of a repeat seen from outside it, one value per instance;
 * ".=T:value" is the current answer; "@pos=3" the position in a repeat.
 * expected: "s:text", "n:number", "b:true", "d:2024-06-15" (a date, as
 * string() writes it), "error" (Collect stops with an error), "parse" or
 * "unsupported" (refused when the form loads), or "store:text" (the value
 * as a calculation stores it). In every column \t, \n, \\ and \xHH
 * (two hex digits) are escapes; any other backslash is kept, so regex
 * patterns read as written. The clock is 2024-06-15T12:00:00Z and the zone UTC.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/expr.h"
#include "tests/unit/test.h"

#define MAX_ITEMS	16
#define MAX_INPUTS	16

struct input {
	char		 name[64];
	enum expr_type	 type;
	char		*values[MAX_ITEMS];
	size_t		 n;
	int		 repeated;
};

static struct input inputs[MAX_INPUTS];
static size_t ninputs;
static char line[8192];

static enum expr_type
type_of(char c)
{
	return c == 'n' ? EXPR_NUMBER : c == 'd' ? EXPR_DATE : c == 'b' ?
	    EXPR_BOOL : EXPR_STRING;
}

static int
lookup(void *ctx, const char *name, int is_ref, size_t i,
    struct expr_item *item, size_t *n)
{
	size_t k;

	(void)ctx;
	for (k = 0; k < ninputs; k++) {
		if (strcmp(inputs[k].name, name) != 0)
			continue;
		*n = inputs[k].n;
		item->type = inputs[k].type;
		item->text = i < inputs[k].n ? inputs[k].values[i] : "";
		return 0;
	}
	/* Bare names are choice columns: "col_X" reads "X". */
	if (!is_ref && strncmp(name, "col_", 4) == 0) {
		*n = 1;
		item->type = EXPR_STRING;
		item->text = name + 4;
		return 0;
	}
	return ERR_NOTFOUND;
}

static int
indexed(void *ctx, const char *field, const char *const *repeats,
    const double *index, size_t n, struct expr_item *item)
{
	size_t k;

	(void)ctx;
	(void)repeats;
	for (k = 0; k < ninputs && n > 0; k++)
		if (strcmp(inputs[k].name, field) == 0 && index[n - 1] >= 1 &&
		    (size_t)index[n - 1] <= inputs[k].n) {
			item->type = inputs[k].type;
			item->text = inputs[k].values[(size_t)index[n - 1] - 1];
			return 0;
		}
	return ERR_NOTFOUND;
}

static const char *
choice(void *ctx, const char *question, const char *value)
{
	(void)ctx;
	if (strcmp(question, "fruit") == 0 && strcmp(value, "b") == 0)
		return "Banana";
	return NULL;
}

/* Undo the escapes of a column in place. */
static void
unescape(char *s)
{
	char *w = s, hex[3] = { 0 };

	for (; *s != '\0'; s++) {
		if (*s != '\\' || strchr("tn\\x", s[1]) == NULL ||
		    s[1] == '\0' || (s[1] == 'x' && (!isxdigit(
		    (unsigned char)s[2]) || !isxdigit((unsigned char)s[3])))) {
			*w++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'x':
			hex[0] = s[1];
			hex[1] = s[2];
			*w++ = (char)strtol(hex, NULL, 16);
			s += 2;
			break;
		default: *w++ = *s; break;
		}
	}
	*w = '\0';
}

/* Set up the answers of a row; the dot and position go into env. */
static void
set_inputs(char *spec, struct expr_env *env)
{
	char *item, *save = NULL, *eq, *v, *p;
	struct input *in;

	ninputs = 0;
	env->dot.text = NULL;
	env->dot.type = EXPR_STRING;
	env->position = 0;
	if (strcmp(spec, "-") == 0)
		return;
	for (item = strtok_r(spec, ";", &save); item != NULL;
	    item = strtok_r(NULL, ";", &save)) {
		if ((eq = strchr(item, '=')) == NULL)
			continue;
		*eq = '\0';
		if (strcmp(item, "@pos") == 0) {
			env->position = atof(eq + 1);
			continue;
		}
		v = eq + 1;
		if (strcmp(item, ".") == 0) {
			env->dot.type = type_of(v[0]);
			env->dot.text = v + 2;
			unescape(v + 2);
			continue;
		}
		if (ninputs == MAX_INPUTS)
			break;
		in = &inputs[ninputs++];
		memset(in, 0, sizeof *in);
		in->repeated = eq > item && eq[-1] == '*';
		if (in->repeated)
			eq[-1] = '\0';
		snprintf(in->name, sizeof in->name, "%s", item);
		in->type = type_of(v[0]);
		v += 2;
		if (!in->repeated) {
			unescape(v);
			in->values[in->n++] = v;
			continue;
		}
		if (*v == '\0')
			continue;	/* no instances */
		for (p = v; p != NULL && in->n < MAX_ITEMS; ) {
			in->values[in->n++] = p;
			if ((p = strchr(p, ',')) != NULL)
				*p++ = '\0';
		}
		for (size_t k = 0; k < in->n; k++)
			unescape(in->values[k]);
	}
}

/* Evaluate src and describe the result as the table does. */
static const char *
run(const char *src, const char *want, const struct expr_env *env)
{
	static char out[4096];
	struct expr *e = NULL;
	struct expr_value v;
	char *cause = NULL, *s;
	int r;

	if ((r = expr_parse(src, &e, NULL, &cause)) != 0) {
		snprintf(out, sizeof out, "%s", r == ERR_UNSUPPORTED ?
		    "unsupported" : "parse");
		if (strcmp(want, out) != 0)
			printf("#   cause: %s\n", cause ? cause : "");
		free(cause);
		return out;
	}
	if ((r = expr_eval(e, env, &v, &cause)) != 0) {
		snprintf(out, sizeof out, "error");
		free(cause);
		expr_free(&e);
		return out;
	}
	if (strncmp(want, "store:", 6) == 0) {
		s = expr_value_store(&v, EXPR_STORE_ANY, NULL);
		snprintf(out, sizeof out, "store:%s", s ? s : "(null)");
	} else {
		s = expr_to_string(&v);
		snprintf(out, sizeof out, "%c:%s", v.type == EXPR_BOOL ? 'b' :
		    v.type == EXPR_NUMBER ? 'n' : v.type == EXPR_DATE ? 'd' :
		    's', s ? s : "(null)");
	}
	free(s);
	expr_value_clear(&v);
	expr_free(&e);
	return out;
}

int
main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] :
	    "tests/fixtures/expr/collect.tsv";
	char *cols[4], *p, *save, shown[512];
	struct expr_env env;
	struct tm tm = { 0 };
	size_t lineno = 0, rows = 0, javarosa = 0;
	int k;
	FILE *f;

	setenv("TZ", "UTC", 1);
	tzset();
	tm.tm_year = 2024 - 1900;
	tm.tm_mon = 5;
	tm.tm_mday = 15;
	tm.tm_hour = 12;
	memset(&env, 0, sizeof env);
	env.lookup = lookup;
	env.indexed = indexed;
	env.choice = choice;
	env.version = "2024061501";
	env.now = timegm(&tm);
	if ((f = fopen(path, "r")) == NULL) {
		CHECK(0, "open %s: %s", path, strerror(errno));
		return test_done();
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		save = line;
		for (k = 0; k < 4; k++) {
			cols[k] = save != NULL ? save : (char *)"";
			if (save != NULL && (p = strchr(save, '\t')) != NULL) {
				*p = '\0';
				save = p + 1;
			} else
				save = NULL;
		}
		if (*cols[2] == '\0') {
			CHECK(0, "%s:%zu: a row needs an expected value", path,
			    lineno);
			continue;
		}
		snprintf(shown, sizeof shown, "%s", cols[0]);
		unescape(cols[0]);
		unescape(cols[2]);
		set_inputs(cols[1], &env);
		rows++;
		if (strstr(cols[3], ".java:") != NULL)
			javarosa++;
		CHECK_STR(run(cols[0], cols[2], &env), cols[2], "%s:%zu: %s "
		    "[%s]", path, lineno, shown, cols[3]);
	}
	fclose(f);
	CHECK(rows >= 400, "%zu expressions (at least 400), %zu of them on a "
	    "line of JavaRosa", rows, javarosa);
	return test_done();
}
