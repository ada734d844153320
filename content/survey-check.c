/*
 * Choices and validation of a survey's answers; see survey.h.
 *
 * One function decides whether an answer is acceptable, so the kiosk, the
 * plain front end and `outreach submit` can never disagree: an empty answer
 * fails only when the question is required; otherwise the answer must have
 * the question's type (checked strictly: "1e3" is not a whole number and
 * 2026-02-30 is not a date), must be made of the choices the choice_filter
 * leaves, and must pass the constraint, with "." the answer.
 *
 * The default messages are English sentences from a fixed set, marked with
 * N_() so that gettext's xgettext finds them; the front end translates.
 */
#include "content/survey-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/mathload.h"
#include "content/utf8.h"

#define N_(s)	(s)

static const char *const survey_msg_required =
    N_("This question needs an answer.");
static const char *const survey_msg_constraint =
    N_("That answer is not allowed here.");
static const char *const survey_msg_integer =
    N_("Please type a whole number, for example 42.");
static const char *const survey_msg_decimal =
    N_("Please type a number, for example 2.5.");
static const char *const survey_msg_date =
    N_("Please type a real date like 2026-11-23 (year-month-day).");
static const char *const survey_msg_range =
    N_("Please choose one of the numbers on the scale.");
static const char *const survey_msg_choice =
    N_("Please choose one of the answers shown.");
static const char *const survey_msg_repeat =
    N_("Please choose each answer only once.");
static const char *const survey_msg_rank =
    N_("Please put every item in order, each one once.");
static const char *const survey_msg_ack =
    N_("Please confirm by choosing OK.");
static const char *const survey_msg_chars =
    N_("That answer has characters that cannot be used.");

/* A choice_filter's names: ${name} from the answers, bare names from c. */
struct survey_filter_ctx {
	struct survey_envctx		 ec;	/* the question's context */
	const struct xlsform_choice	*c;
};

static int
survey_filter_lookup(void *ctx, const char *name, int is_ref, size_t i,
    struct expr_item *item, size_t *n)
{
	struct survey_filter_ctx *fc = ctx;
	const char *v;

	if (is_ref)
		return survey_repeat_lookup(fc->ec.s, fc->ec.inst, name, i,
		    item, n);
	*n = 1;
	item->type = EXPR_STRING;
	if ((v = xlsform_choice_value(fc->ec.s->f, fc->c, name)) == NULL)
		return ERR_NOTFOUND;
	item->text = v;
	return 0;
}

/* The seed of q's randomized choices (survey.h says which). */
static int
survey_seed(const struct survey *s, size_t q, int64_t *seed)
{
	const struct xlsform_question *qq = &s->f->questions[SURVEY_Q(q)];
	char when[SURVEY_TIME_MAX], *path, *text;
	struct survey_envctx ec;
	struct expr_env env;
	struct expr_value v;

	if (qq->seed.e != NULL) {
		survey_env(s, &ec, &env, q, NULL);
		if (expr_eval(qq->seed.e, &env, &v, NULL) != 0) {
			*seed = 0;
			return 0;
		}
		if ((text = expr_to_string(&v)) == NULL) {
			expr_value_clear(&v);
			return ERR_NOMEM;
		}
		*seed = expr_seed(expr_to_number(&v), text);
		expr_value_clear(&v);
		free(text);
		return 0;
	}
	survey_format_time(s->started, when);
	if ((path = survey_path(s, q)) == NULL ||
	    asprintf(&text, "%s %s", when, path) == -1) {
		free(path);
		return ERR_NOMEM;
	}
	*seed = expr_long_hash(text);
	free(text);
	free(path);
	return 0;
}

/* Put v (n choices of q) in the randomized order. */
static int
survey_shuffle(const struct survey *s, size_t q,
    const struct xlsform_choice **v, size_t n)
{
	const struct xlsform_choice **copy;
	size_t *order, i;
	int64_t seed;
	int r;

	if ((r = survey_seed(s, q, &seed)) != 0)
		return r;
	if ((order = calloc(n, sizeof *order)) == NULL ||
	    (copy = malloc(n * sizeof *copy)) == NULL) {
		free(order);
		return ERR_NOMEM;
	}
	memcpy(copy, v, n * sizeof *copy);
	expr_shuffle(n, seed, order);
	for (i = 0; i < n; i++)
		v[i] = copy[order[i]];
	free(copy);
	free(order);
	return 0;
}

int
survey_choices(const struct survey *s, size_t q,
    const struct xlsform_choice ***out, size_t *n)
{
	const struct xlsform_list *l;
	const struct xlsform_question *qq;
	const struct xlsform_choice **v;
	struct survey_filter_ctx fc;
	struct expr_env env;
	size_t i;

	*out = NULL;
	*n = 0;
	if (survey_inst_of(s, q) == NULL)
		return ERR_INVALID;
	qq = &s->f->questions[SURVEY_Q(q)];
	if ((l = xlsform_list_of(s->f, qq)) == NULL)
		return ERR_INVALID;
	if (l->nchoices == 0)
		return 0;
	if ((v = calloc(l->nchoices, sizeof *v)) == NULL)
		return ERR_NOMEM;
	survey_env(s, &fc.ec, &env, q, NULL);
	env.lookup = survey_filter_lookup;
	env.ctx = &fc;
	env.choice = NULL;
	for (i = 0; i < l->nchoices; i++) {
		fc.c = &l->choices[i];
		if (qq->choice_filter.e == NULL ||
		    expr_eval_bool(qq->choice_filter.e, &env))
			v[(*n)++] = &l->choices[i];
	}
	if (*n == 0) {
		free(v);
		v = NULL;
	}
	if (qq->randomize && *n > 1 && survey_shuffle(s, q, v, *n) != 0) {
		free(v);
		*n = 0;
		return ERR_NOMEM;
	}
	*out = v;
	return 0;
}

const char *
survey_choice_label(const struct survey *s, const struct xlsform_choice *c)
{
	const char *l = xlsform_text(s->f, c->label, s->lang);

	return l != NULL && *l != '\0' ? l : c->name;
}

/* The choice called name in q's whole list, or NULL. */
static const struct xlsform_choice *
survey_choice_named(const struct survey *s, size_t q, const char *name,
    size_t len)
{
	const struct xlsform_list *l = xlsform_list_of(s->f,
	    &s->f->questions[SURVEY_Q(q)]);
	size_t i;

	for (i = 0; l != NULL && i < l->nchoices; i++)
		if (strlen(l->choices[i].name) == len &&
		    strncmp(l->choices[i].name, name, len) == 0)
			return &l->choices[i];
	return NULL;
}

char *
survey_answer_text(const struct survey *s, size_t q)
{
	const struct xlsform_choice *c;
	enum xlsform_type t;
	const char *v = survey_get(s, q), *p;
	struct buf b = BUF_INIT;
	size_t len, k = 0;

	if (survey_inst_of(s, q) == NULL)
		return strdup("");
	t = s->f->questions[SURVEY_Q(q)].type;
	if (t != XLSFORM_SELECT_ONE && t != XLSFORM_SELECT_MULTIPLE &&
	    t != XLSFORM_RANK)
		return strdup(v);
	for (p = v; *p != '\0'; p += len) {
		while (*p == ' ')
			p++;
		if ((len = strcspn(p, " ")) == 0)
			break;
		if (k++ > 0)
			buf_addstr(&b, "; ");
		if (t == XLSFORM_RANK)
			buf_printf(&b, "%zu. ", k);
		if ((c = survey_choice_named(s, q, p, len)) != NULL)
			buf_addstr(&b, survey_choice_label(s, c));
		else
			buf_add(&b, p, len);
	}
	return buf_detach(&b, NULL);
}

/* [-]digits[.digits] or [-].digits, nothing else (as XPath number()). */
static int
survey_is_decimal(const char *v)
{
	size_t digits = 0;

	if (*v == '-')
		v++;
	for (; *v >= '0' && *v <= '9'; v++)
		digits++;
	if (*v == '.')
		for (v++; *v >= '0' && *v <= '9'; v++)
			digits++;
	return *v == '\0' && digits > 0;
}

static int
survey_is_integer(const char *v)
{
	const char *p = *v == '-' ? v + 1 : v;
	long long n;
	size_t len = strlen(p);

	if (len == 0 || len > 18 || strspn(p, "0123456789") != len)
		return 0;
	/* xsd:int, as ODK stores integers: 32 bits. */
	n = strtoll(v, NULL, 10);
	return n >= INT32_MIN && n <= INT32_MAX;
}

/* YYYY-MM-DD, a day that exists. */
static int
survey_is_date(const char *v)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i, leap;

	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
			return 0;
	y = atoi(v);
	m = atoi(v + 5);
	d = atoi(v + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static double
survey_number(const char *v)
{
	struct expr_value ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EXPR_STRING;
	ev.str = (char *)(uintptr_t)v;
	return expr_to_number(&ev);
}

static int
survey_is_range(const struct xlsform_question *qq, const char *v)
{
	double x, lo, hi, k;

	if (!survey_is_decimal(v) || isnan(x = survey_number(v)))
		return 0;
	lo = fmin(qq->range_start, qq->range_end);
	hi = fmax(qq->range_start, qq->range_end);
	if (x < lo - 1e-9 || x > hi + 1e-9)
		return 0;
	if (qq->range_step == 0)
		return 1;
	k = (x - qq->range_start) / qq->range_step;
	return fabs(k - round(k)) < 1e-6;
}

/* Text may hold newlines and tabs, but no other control character. */
static int
survey_clean_text(const char *v)
{
	const uint64_t ones = 0x0101010101010101ULL, tops = ones * 0x80;
	const unsigned char *p = (const unsigned char *)v, *end = p + strlen(v);
	uint64_t w, x, y;

	/*
	 * Eight bytes at a time while none is below 0x20, 0x7f or 0xc2 (a
	 * C1 control's first byte): those words are clean. The rest, from
	 * the first word with one, byte by byte.
	 */
	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		x = w ^ ones * 0x7f;
		y = w ^ ones * 0xc2;
		if ((((w - ones * 0x20) & ~w) | ((x - ones) & ~x) |
		    ((y - ones) & ~y)) & tops)
			break;
	}
	for (; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return 0;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
	}
	return 1;
}

/*
 * The index in l of the first choice named by the len bytes at p that
 * q's choice_filter keeps (env: the filter's, set up by the caller), or
 * l->nchoices when none.
 */
static size_t
survey_choice_kept(const struct xlsform_question *qq,
    const struct xlsform_list *l, const char *p, size_t len,
    struct survey_filter_ctx *fc, struct expr_env *env)
{
	size_t i;

	for (i = 0; i < l->nchoices; i++) {
		/* The first byte first: most choices differ there. */
		if (l->choices[i].name[0] != p[0] ||
		    strncmp(l->choices[i].name, p, len) != 0 ||
		    l->choices[i].name[len] != '\0')
			continue;
		fc->c = &l->choices[i];
		if (qq->choice_filter.e == NULL ||
		    expr_eval_bool(qq->choice_filter.e, env))
			break;
	}
	return i;
}

/*
 * survey_check_tokens for select_one and select_multiple: the same
 * verdict without making the filtered list. A token is the first choice
 * of its name the filter keeps, so only those choices are filtered; the
 * order (randomize) does not matter to which tokens are choices.
 */
static const char *
survey_check_select(const struct survey *s, size_t q, const char *v,
    int multiple)
{
	const struct xlsform_question *qq = &s->f->questions[SURVEY_Q(q)];
	const struct xlsform_list *l;
	struct survey_filter_ctx fc;
	struct expr_env env;
	unsigned char few[256], *seen;
	const char *msg = NULL, *p;
	size_t i, len, count = 0;

	if (survey_inst_of(s, q) == NULL ||
	    (l = xlsform_list_of(s->f, qq)) == NULL)
		return survey_msg_choice;
	/* One choice alone is never a repeat: only a list needs seen. */
	if (!multiple)
		seen = NULL;
	else if (l->nchoices <= sizeof few) {
		seen = few;
		memset(few, 0, l->nchoices);
	} else if ((seen = calloc(l->nchoices, 1)) == NULL)
		return survey_msg_choice;
	if (qq->choice_filter.e != NULL) {
		survey_env(s, &fc.ec, &env, q, NULL);
		env.lookup = survey_filter_lookup;
		env.ctx = &fc;
		env.choice = NULL;
	}
	for (p = v; *p != '\0' && msg == NULL; p += len) {
		while (*p == ' ')
			p++;
		for (len = 0; p[len] != ' ' && p[len] != '\0'; len++)
			;
		if (len == 0)
			break;
		if (++count > 1 && !multiple) {
			msg = survey_msg_choice;
			break;
		}
		i = survey_choice_kept(qq, l, p, len, &fc, &env);
		if (i == l->nchoices)
			msg = survey_msg_choice;
		else if (seen != NULL && seen[i]++)
			msg = survey_msg_repeat;
	}
	if (seen != few)
		free(seen);
	return msg;
}

/*
 * The tokens of a select answer against the filtered choices: NULL when
 * all is well, else the message. `rank` wants every choice exactly once.
 */
static const char *
survey_check_tokens(const struct survey *s, size_t q, const char *v,
    int multiple, int rank)
{
	const struct xlsform_choice **ch = NULL;
	const char *msg = NULL, *p;
	unsigned char *seen = NULL;
	size_t n = 0, i, len, count = 0;

	/* A filter that differs each time it is read is read as ever. */
	if (!rank && !(expr_uses(s->f->questions[SURVEY_Q(q)].choice_filter.e)
	    & (EXPR_USES_VOLATILE | EXPR_USES_ONCE)))
		return survey_check_select(s, q, v, multiple);
	if (survey_choices(s, q, &ch, &n) != 0)
		return survey_msg_choice;
	if (n > 0 && (seen = calloc(n, 1)) == NULL) {
		free(ch);
		return survey_msg_choice;
	}
	for (p = v; *p != '\0' && msg == NULL; p += len) {
		while (*p == ' ')
			p++;
		if ((len = strcspn(p, " ")) == 0)
			break;
		if (++count > 1 && !multiple)
			msg = survey_msg_choice;
		for (i = 0; i < n; i++)
			if (strlen(ch[i]->name) == len &&
			    strncmp(ch[i]->name, p, len) == 0)
				break;
		if (msg != NULL)
			break;
		if (i == n)
			msg = rank ? survey_msg_rank : survey_msg_choice;
		else if (seen[i]++)
			msg = rank ? survey_msg_rank : survey_msg_repeat;
	}
	if (msg == NULL && rank && count != n)
		msg = survey_msg_rank;
	free(seen);
	free(ch);
	return msg;
}

/* The type check: NULL when v has q's type, else the message. */
static const char *
survey_check_type(const struct survey *s, size_t q, const char *v)
{
	const struct xlsform_question *qq = &s->f->questions[SURVEY_Q(q)];

	switch (qq->type) {
	case XLSFORM_INTEGER:
		return survey_is_integer(v) ? NULL : survey_msg_integer;
	case XLSFORM_DECIMAL:
		return survey_is_decimal(v) && strlen(v) <= 40 ? NULL :
		    survey_msg_decimal;
	case XLSFORM_DATE:
		return survey_is_date(v) ? NULL : survey_msg_date;
	case XLSFORM_RANGE:
		return survey_is_range(qq, v) ? NULL : survey_msg_range;
	case XLSFORM_SELECT_ONE:
		return survey_check_tokens(s, q, v, 0, 0);
	case XLSFORM_SELECT_MULTIPLE:
		return survey_check_tokens(s, q, v, 1, 0);
	case XLSFORM_RANK:
		return survey_check_tokens(s, q, v, 1, 1);
	case XLSFORM_ACKNOWLEDGE:
		return strcmp(v, "OK") == 0 ? NULL : survey_msg_ack;
	case XLSFORM_TEXT:
		return survey_clean_text(v) ? NULL : survey_msg_chars;
	default:
		return NULL;
	}
}

static int
survey_problem(const struct survey *s, size_t q, enum survey_problem_kind kind,
    const char *msg, struct survey_problem *p)
{
	const struct xlsform_question *qq = &s->f->questions[SURVEY_Q(q)];
	const char *own = NULL;

	if (kind == SURVEY_P_REQUIRED)
		own = xlsform_text(s->f, qq->required_message, s->lang);
	else if (kind == SURVEY_P_CONSTRAINT)
		own = xlsform_text(s->f, qq->constraint_message, s->lang);
	if (p != NULL) {
		p->q = q;
		p->name = qq->name;
		p->kind = kind;
		p->from_form = own != NULL && *own != '\0';
		p->msg = p->from_form ? own : msg;
	}
	return ERR_INVALID;
}

int
survey_check(const struct survey *s, size_t q, struct survey_problem *p)
{
	const struct xlsform_question *qq;
	struct survey_envctx ec;
	struct expr_env env;
	const char *v, *msg;

	if (!survey_rel(s, q))
		return 0;
	qq = &s->f->questions[SURVEY_Q(q)];
	/* A note has no answer; a read-only one is not the person's to fix. */
	if (!survey_type_shown(qq->type) || qq->type == XLSFORM_NOTE ||
	    survey_read_only(s, q))
		return 0;
	v = survey_val(s, q);
	if (*v == '\0')
		return survey_required(s, q) ? survey_problem(s, q,
		    SURVEY_P_REQUIRED, survey_msg_required, p) : 0;
	if ((msg = survey_check_type(s, q, v)) != NULL)
		return survey_problem(s, q, qq->type == XLSFORM_SELECT_ONE ||
		    qq->type == XLSFORM_SELECT_MULTIPLE || qq->type ==
		    XLSFORM_RANK ? SURVEY_P_CHOICE : SURVEY_P_TYPE, msg, p);
	if (qq->constraint.e != NULL) {
		survey_env(s, &ec, &env, q, v);
		if (!expr_eval_bool(qq->constraint.e, &env))
			return survey_problem(s, q, SURVEY_P_CONSTRAINT,
			    survey_msg_constraint, p);
	}
	return 0;
}

int
survey_check_screen(const struct survey *s, size_t i, struct survey_problem *p)
{
	const struct survey_screen *sc = survey_screen(s, i);
	size_t q;

	if (sc == NULL || !survey_screen_shown(s, i))
		return 0;
	for (q = sc->first; q <= sc->last; q++)
		if (survey_check(s, q, p) != 0)
			return ERR_INVALID;
	return 0;
}

int
survey_validate(const struct survey *s, struct survey_problem *p)
{
	size_t i;

	for (i = 0; i < s->nscreens; i++)
		if (survey_check_screen(s, i, p) != 0)
			return ERR_INVALID;
	return 0;
}

int
survey_has_token(const char *list, const char *token)
{
	size_t n;
	const char *p;

	if (list == NULL || token == NULL || (n = strlen(token)) == 0)
		return 0;
	for (p = list; *p != '\0'; ) {
		while (*p == ' ')
			p++;
		if (strncmp(p, token, n) == 0 && (p[n] == ' ' ||
		    p[n] == '\0'))
			return 1;
		while (*p != ' ' && *p != '\0')
			p++;
	}
	return 0;
}

int
survey_toggle(struct survey *s, size_t q, const char *name)
{
	const char *cur = survey_get_raw(s, q), *p;
	size_t n = strlen(name);
	struct buf b = BUF_INIT;
	char *v;
	int r;

	if (n == 0 || strchr(name, ' ') != NULL)
		return ERR_INVALID;
	if (survey_has_token(cur, name)) {
		/* Copy every other token. */
		for (p = cur; *p != '\0'; ) {
			size_t len = strcspn(p, " ");

			if (len > 0 && !(len == n && strncmp(p, name, n) == 0)) {
				if (b.len > 0)
					buf_addch(&b, ' ');
				buf_add(&b, p, len);
			}
			p += len;
			while (*p == ' ')
				p++;
		}
	} else {
		buf_addstr(&b, cur);
		if (*cur != '\0')
			buf_addch(&b, ' ');
		buf_addstr(&b, name);
	}
	if ((v = buf_detach(&b, NULL)) == NULL)
		return ERR_NOMEM;
	r = survey_set(s, q, v);
	explicit_bzero(v, strlen(v));
	free(v);
	return r;
}
