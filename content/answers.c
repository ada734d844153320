/*
 * Answers as a JSON object, put into a survey and checked; see answers.h.
 *
 * The JSON is parsed whole by jansson (strict: duplicate names are an
 * error, as a paper form cannot say two things; NUL inside a string is an
 * error; its own depth limit bounds nesting) before anything is set, so a
 * syntax error reports no problems. Then each answer is turned into the
 * XLSForm string the kiosk would have stored and set through
 * survey_restore(), which bounds and normalises it (and runs no trigger:
 * the answers are given whole); only when every answer is
 * in are relevance and the checks looked at, because a relevant condition
 * or a constraint may read a later answer.
 *
 * The messages are English sentences marked N_() so that `make pot`
 * gathers them; tui/ translates them. Their wording is what `outreach
 * submit` has always printed: changing one changes a msgid.
 */
#include "content/answers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/expr.h"
#include "content/jsonload.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"

#define N_(s)	(s)

static const char *const answers_msg_unknown =
    N_("there is no question with this name in the form");
static const char *const answers_msg_not_answerable =
    N_("this is not a question that takes an answer (a note, a group, a "
    "calculation or a read-only question)");
static const char *const answers_msg_item =
    N_("each item of the list must be one choice name");
static const char *const answers_msg_list =
    N_("the answer must be a list of choice names, or a string of them "
    "separated by spaces");
static const char *const answers_msg_number =
    N_("the answer must be a number or a string");
static const char *const answers_msg_string =
    N_("the answer must be a string");
static const char *const answers_msg_too_long =
    N_("the answer is too long");
static const char *const answers_msg_utf8 =
    N_("the answer is not valid UTF-8 text");
static const char *const answers_msg_irrelevant =
    N_("this question does not apply given the other answers (its "
    "relevant condition is false)");

/* Where the problems go, and how many there were. */
struct answers_ctx {
	struct survey		*s;
	answers_problem_fn	 fn;
	void			*arg;
	int			 n;
};

static void
answers_problem(struct answers_ctx *c, const char *name, const char *msg,
    int from_form)
{
	if (c->fn != NULL)
		c->fn(c->arg, name, msg, from_form);
	c->n++;
}

/*
 * A list answer's item: one choice name. survey_set() splits a list at
 * any blank (space, tab, newline, carriage return), so an item holding
 * one would silently become two choices; an empty one is no name.
 */
static int
answers_item_ok(json_t *item)
{
	const char *v;

	if (!json_is_string(item))
		return 0;
	v = json_string_value(item);
	return *v != '\0' && strpbrk(v, " \t\n\r") == NULL;
}

/*
 * The answer v to a question of type t as an XLSForm string in *out
 * (Caller frees), or *out NULL and *why the problem. ERR_NOMEM.
 */
static int
answers_value(enum xlsform_type t, json_t *v, char **out, const char **why)
{
	char num[EXPR_DECIMAL_BUFSZ];
	struct buf b = BUF_INIT;
	json_t *item;
	size_t i;
	int list = t == XLSFORM_SELECT_MULTIPLE || t == XLSFORM_RANK;
	int number = t == XLSFORM_INTEGER || t == XLSFORM_DECIMAL ||
	    t == XLSFORM_RANGE;

	*out = NULL;
	*why = NULL;
	if (json_is_string(v))
		*out = strdup(json_string_value(v));
	else if (json_is_number(v) && number) {
		expr_decimal(json_number_value(v), num);
		*out = strdup(num);
	} else if (json_is_array(v) && list) {
		json_array_foreach(v, i, item) {
			if (!answers_item_ok(item)) {
				*why = answers_msg_item;
				break;
			}
			/* survey_set() would refuse it: stop growing. */
			if (b.len > SURVEY_MAX_ANSWER)
				continue;
			if (i > 0)
				buf_addch(&b, ' ');
			buf_addstr(&b, json_string_value(item));
		}
		if (*why == NULL && b.len > SURVEY_MAX_ANSWER)
			*why = answers_msg_too_long;
		if (*why == NULL && !buf_failed(&b))
			*out = buf_detach(&b, NULL);
		buf_wipe_free(&b);
		if (*why != NULL)
			return 0;
	} else {
		*why = list ? answers_msg_list : number ? answers_msg_number :
		    answers_msg_string;
		return 0;
	}
	return *out != NULL ? 0 : ERR_NOMEM;
}

/*
 * A repeat's instances: an array of objects under the repeat's key, each
 * the answers of one instance, as in a submission (sync/submission.h).
 */
static int
answers_fill(struct answers_ctx *c, json_t *obj, const char *prefix,
    int depth);

static int
answers_repeat(struct answers_ctx *c, const char *path, json_t *v, int depth)
{
	json_t *item;
	size_t k;
	char *sub;
	int r;

	json_array_foreach(v, k, item) {
		if (asprintf(&sub, "%s[%zu]", path, k + 1) == -1)
			return ERR_NOMEM;
		if (!json_is_object(item) || survey_find_path(c->s, sub, 1) ==
		    SURVEY_NONE) {
			answers_problem(c, path, answers_msg_unknown, 0);
			free(sub);
			return 0;
		}
		r = answers_fill(c, item, sub, depth + 1);
		free(sub);
		if (r != 0)
			return r;
	}
	return 0;
}

/* Set every answer of obj into the survey, counting what is wrong. */
static int
answers_fill(struct answers_ctx *c, json_t *obj, const char *prefix,
    int depth)
{
	const struct xlsform *f = survey_form(c->s);
	const char *name, *why;
	char *path = NULL, *probe = NULL;
	json_t *v;
	size_t q;
	char *val;
	int r = 0;

	json_object_foreach(obj, name, v) {
		free(path);
		free(probe);
		probe = NULL;
		if (asprintf(&path, "%s%s%s", prefix, *prefix ? "/" : "",
		    name) == -1) {
			path = NULL;
			return ERR_NOMEM;
		}
		q = survey_find_path(c->s, path, 0);
		if (q == SURVEY_NONE && json_is_array(v) && depth < 16) {
			if (asprintf(&probe, "%s[1]", path) == -1) {
				probe = NULL;
				r = ERR_NOMEM;
				break;
			}
			if (survey_find_path(c->s, probe, 1) != SURVEY_NONE) {
				if ((r = answers_repeat(c, path, v, depth)) !=
				    0)
					break;
				continue;
			}
		}
		if (q == SURVEY_NONE) {
			answers_problem(c, path, answers_msg_unknown, 0);
			continue;
		}
		if (!survey_restorable(c->s, q)) {
			answers_problem(c, path, answers_msg_not_answerable, 0);
			continue;
		}
		if ((r = answers_value(f->questions[SURVEY_Q(q)].type, v, &val,
		    &why)) != 0)
			break;
		if (val == NULL) {
			answers_problem(c, path, why, 0);
			continue;
		}
		r = survey_restore(c->s, q, val);
		explicit_bzero(val, strlen(val));
		free(val);
		if (r == ERR_NOMEM)
			break;
		if (r != 0)
			answers_problem(c, path, r == ERR_LIMIT ?
			    answers_msg_too_long : answers_msg_utf8, 0);
		r = 0;
	}
	free(path);
	free(probe);
	return r;
}

/* Answers that were given to questions that do not apply now. */
static void
answers_irrelevant(struct answers_ctx *c, json_t *obj, const char *prefix)
{
	const char *name;
	char *path, *sub;
	json_t *v, *item;
	size_t q, k;

	json_object_foreach(obj, name, v) {
		if (asprintf(&path, "%s%s%s", prefix, *prefix ? "/" : "",
		    name) == -1)
			return;
		if (json_is_array(v))
			json_array_foreach(v, k, item) {
				if (!json_is_object(item) || asprintf(&sub,
				    "%s[%zu]", path, k + 1) == -1)
					continue;
				answers_irrelevant(c, item, sub);
				free(sub);
			}
		q = survey_find_path(c->s, path, 0);
		if (q != SURVEY_NONE && !survey_relevant(c->s, q) &&
		    *survey_get_raw(c->s, q) != '\0')
			answers_problem(c, path, answers_msg_irrelevant, 0);
		free(path);
	}
}

/* What is wrong once every answer is in: relevance, then each question. */
static void
answers_check(struct answers_ctx *c, json_t *obj)
{
	const struct survey_screen *sc;
	struct survey_problem p;
	size_t i, q;

	answers_irrelevant(c, obj, "");
	for (i = 0; i < survey_nscreens(c->s); i++) {
		sc = survey_screen(c->s, i);
		for (q = sc->first; q <= sc->last; q++)
			if (survey_check(c->s, q, &p) != 0)
				answers_problem(c, p.name, p.msg,
				    p.from_form);
	}
}

/*
 * Wipe the strings of v before it is freed: they are a person's answers.
 * jansson's depth limit bounds the recursion.
 */
static void
answers_wipe(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_string(v))
		explicit_bzero((char *)(uintptr_t)json_string_value(v),
		    json_string_length(v));
	else if (json_is_array(v))
		json_array_foreach(v, i, item)
			answers_wipe(item);
	else if (json_is_object(v))
		json_object_foreach(v, key, item)
			answers_wipe(item);
}

/* The parser's complaint, printable, into where and *cause. */
static int
answers_syntax(const json_error_t *jerr, struct answers_syntax *where,
    char **cause)
{
	char *text;
	size_t n;

	if ((text = utf8_sanitize(jerr->text, strnlen(jerr->text,
	    sizeof jerr->text), 0)) == NULL)
		return ERR_NOMEM;
	if (where != NULL) {
		where->line = jerr->line > 0 ? jerr->line : 0;
		where->column = jerr->column > 0 ? jerr->column : 0;
		/* Cut at a character boundary if it does not fit. */
		if ((n = strlen(text)) >= sizeof where->text) {
			n = sizeof where->text - 1;
			while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(where->text, text, n);
		where->text[n] = '\0';
	}
	err_set(cause, ERR_PARSE, "line %d, column %d: %s", jerr->line,
	    jerr->column, text);
	free(text);
	return ERR_PARSE;
}

int
answers_apply(struct survey *s, const char *json, size_t len,
    answers_problem_fn fn, void *arg, int *nproblems,
    struct answers_syntax *where, char **cause)
{
	struct answers_ctx c;
	json_error_t jerr;
	json_t *obj = NULL;
	int r;

	*nproblems = 0;
	if (where != NULL)
		memset(where, 0, sizeof *where);
	if (len > ANSWERS_MAX_INPUT) {
		r = err_set(cause, ERR_LIMIT, "the answers are larger than %d "
		    "bytes", ANSWERS_MAX_INPUT);
		goto out;
	}
	if ((obj = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		r = answers_syntax(&jerr, where, cause);
		goto out;
	}
	if (!json_is_object(obj)) {
		r = err_set(cause, ERR_INVALID, "the answers must be a JSON "
		    "object of question names and answers");
		goto out;
	}
	if (json_object_size(obj) > ANSWERS_MAX_ITEMS) {
		r = err_set(cause, ERR_LIMIT, "more than %d answers",
		    ANSWERS_MAX_ITEMS);
		goto out;
	}
	memset(&c, 0, sizeof c);
	c.s = s;
	c.fn = fn;
	c.arg = arg;
	if ((r = answers_fill(&c, obj, "", 0)) != 0)
		goto out;
	answers_check(&c, obj);
	*nproblems = c.n;
out:
	if (obj != NULL) {
		answers_wipe(obj);
		json_decref(obj);
	}
	return r;
}
