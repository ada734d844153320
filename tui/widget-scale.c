/*
 * Scales in the survey runner: a range question, and a select_one with the
 * likert appearance. Drawn as a row of numbered points with their labels
 * under them: a number key chooses (a range's value, a likert's place),
 * the left and right arrows move to a point and Space or Enter choose it
 * (the first arrow press only moves: a stray one answers nothing), and a
 * click chooses a point. When the window is too narrow for the row, or a
 * short label (SCALE_WHOLE columns) would be split in it ("I agree a /
 * lot"), the points become a numbered vertical list worked like a radio
 * list; a range with more than SCALE_MAX_ROW points becomes a spinner:
 * "<  42  >", where moving is choosing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/expr.h"
#include "content/mathload.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/screen-survey.h"

#define SCALE_MAX_ROW		12	/* points in one row at most */
#define SCALE_MAX_POINTS	100000
#define SCALE_LABEL_LINES	4
#define SCALE_WHOLE		16	/* a label this short is never split */

enum widget_scale_mode { SCALE_ROW, SCALE_LIST, SCALE_SPIN };

struct widget_scale_point {
	const char	*value;		/* the answer it gives */
	const char	*label;		/* a choice or tick label, or NULL */
	char		 num[48];
};

static int
widget_scale_is_range(struct screen_survey *v, size_t q)
{
	return v->form->questions[SURVEY_Q(q)].type == XLSFORM_RANGE;
}

static size_t
widget_scale_range_count(const struct xlsform_question *qq)
{
	double n;

	if (qq->range_step == 0)
		return 1;
	n = floor((qq->range_end - qq->range_start) / qq->range_step + 1e-9);
	if (!(n >= 0))
		return 1;
	return n + 1 > SCALE_MAX_POINTS ? SCALE_MAX_POINTS : (size_t)n + 1;
}

static void
widget_scale_format(double d, char *out, size_t len)
{
	char s[EXPR_DECIMAL_BUFSZ];
	size_t n;

	expr_decimal(d, s);
	if ((n = strlen(s)) >= len)
		n = len - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

static double
widget_scale_number(const char *s)
{
	struct expr_value ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EXPR_STRING;
	ev.str = (char *)(uintptr_t)s;
	return expr_to_number(&ev);
}

/* Point i of a range: its value and its tick label, if the form has one. */
static void
widget_scale_range_point(struct screen_survey *v, size_t q, size_t i,
    struct widget_scale_point *p)
{
	const struct xlsform_question *qq = &v->form->questions[SURVEY_Q(q)];
	const struct xlsform_list *l;
	double x = qq->range_start + (double)i * qq->range_step;
	size_t k;

	widget_scale_format(x, p->num, sizeof p->num);
	p->value = p->num;
	p->label = NULL;
	if (qq->range_labels == XLSFORM_NONE ||
	    qq->range_labels >= v->form->nlists)
		return;
	l = &v->form->lists[qq->range_labels];
	for (k = 0; k < l->nchoices; k++)
		if (fabs(widget_scale_number(l->choices[k].name) - x) < 1e-9)
			p->label = survey_choice_label(v->sv, &l->choices[k]);
}

/*
 * The points of a likert question, or of a range that fits in a row
 * (Caller frees; a spinner needs none). Returns the count.
 */
static size_t
widget_scale_points(struct screen_survey *v, size_t q,
    struct widget_scale_point **out)
{
	const struct xlsform_choice **c = NULL;
	struct widget_scale_point *p;
	size_t n, i;

	*out = NULL;
	if (widget_scale_is_range(v, q)) {
		n = widget_scale_range_count(&v->form->questions[SURVEY_Q(q)]);
		if (n > SCALE_MAX_ROW || (p = calloc(n, sizeof *p)) == NULL)
			return n;
		for (i = 0; i < n; i++)
			widget_scale_range_point(v, q, i, &p[i]);
		*out = p;
		return n;
	}
	if (survey_choices(v->sv, q, &c, &n) != 0 || n == 0)
		return 0;
	if ((p = calloc(n, sizeof *p)) != NULL)
		for (i = 0; i < n; i++) {
			p[i].value = c[i]->name;
			p[i].label = survey_choice_label(v->sv, c[i]);
		}
	free(c);
	*out = p;
	return p != NULL ? n : 0;
}

static enum widget_scale_mode
widget_scale_mode(struct screen_survey *v, size_t q,
    const struct widget_scale_point *p, size_t n)
{
	int w = v->body_w > 0 ? v->body_w : 76, lw;
	size_t i;

	if (widget_scale_is_range(v, q) && n > SCALE_MAX_ROW)
		return SCALE_SPIN;
	if (n == 0 || n > SCALE_MAX_ROW ||
	    w / (int)n < (widget_scale_is_range(v, q) ? 5 : 9))
		return SCALE_LIST;
	/* A short answer stays whole: a list rather than "I agree a / lot". */
	for (i = 0; p != NULL && i < n; i++)
		if (p[i].label != NULL &&
		    (lw = (int)utf8_width(p[i].label)) <= SCALE_WHOLE &&
		    lw > w / (int)n - 1)
			return SCALE_LIST;
	return SCALE_ROW;
}

/* The point a number key chooses: a range's value, a likert's place. */
static int
widget_scale_digit(struct screen_survey *v, size_t q,
    const struct widget_scale_point *p, size_t n, int key)
{
	char want[3] = { (char)key, '\0', '\0' };
	size_t i;

	if (!widget_scale_is_range(v, q))
		return key >= '1' && (size_t)(key - '1') < n ? key - '1' : -1;
	for (i = 0; p != NULL && i < n; i++)
		if (strcmp(p[i].value, want) == 0)
			return (int)i;
	/* 0 for 10, as on a telephone, when the scale has no 0. */
	if (key == '0')
		for (i = 0; p != NULL && i < n; i++)
			if (strcmp(p[i].value, "10") == 0)
				return (int)i;
	return -1;
}

/* The index of the point the answer is, or -1. */
static int
widget_scale_current(struct screen_survey *v, size_t q,
    struct widget_scale_point *p, size_t n)
{
	const struct xlsform_question *qq = &v->form->questions[SURVEY_Q(q)];
	const char *a = survey_get(v->sv, q);
	double x, k;
	size_t i;

	if (*a == '\0')
		return -1;
	if (widget_scale_is_range(v, q)) {
		if (qq->range_step == 0 || isnan(x = widget_scale_number(a)))
			return -1;
		k = round((x - qq->range_start) / qq->range_step);
		return k >= 0 && k < (double)n ? (int)k : -1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(p[i].value, a) == 0)
			return (int)i;
	return -1;
}

/* Answer with point i. */
static void
widget_scale_choose(struct screen_survey *v, size_t q, int i, size_t n,
    struct widget_scale_point *p)
{
	struct widget_scale_point one;

	if (i < 0 || (size_t)i >= n)
		return;
	if (p == NULL) {
		widget_scale_range_point(v, q, (size_t)i, &one);
		p = &one;
		i = 0;
	}
	screen_survey_answer(v, q, p[i].value);
}

static int
widget_scale_stops(struct screen_survey *v, size_t q)
{
	struct widget_scale_point *p = NULL;
	size_t n = widget_scale_points(v, q, &p);
	int r = widget_scale_mode(v, q, p, n) == SCALE_LIST ? (int)n :
	    (n > 0 ? 1 : 0);

	free(p);
	return r;
}

static int
widget_scale_arrive(struct screen_survey *v, size_t q, int dir)
{
	struct widget_scale_point *p = NULL;
	size_t n = widget_scale_points(v, q, &p);
	int cur = widget_scale_current(v, q, p, n);
	enum widget_scale_mode mode = widget_scale_mode(v, q, p, n);

	free(p);
	if (cur < 0 && mode == SCALE_LIST)
		return dir > 0 ? 0 : (int)n - 1;
	return cur;
}

static void
widget_scale_draw_row(struct screen_survey *v, size_t q,
    struct screen_survey_body *d, struct widget_scale_point *p, size_t n)
{
	int colw = d->w / (int)n, cur = widget_scale_current(v, q, p, n);
	int line, lines = 1, k, i, col, lw, m;
	int focused = v->fq == q;
	const char *on = utf8_locale_ok() ? "(\xe2\x80\xa2)" : "(*)";
	struct layout *lay;

	/* Said once per screen: a field-list of scales would repeat it. */
	if (!d->told_scale)
		d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
		    _("Type a number, or move with the left and right arrow "
		    "keys and press Space. You can click, too."), ST_DIM, 0);
	d->told_scale = 1;
	line = d->line;
	if (focused && v->fi < 0)
		screen_survey_draw_put(d, line, 0, 2,
		    screen_survey_draw_glyph_focus(), ST_SELECTED);
	for (i = 0; i < (int)n; i++) {
		col = i * colw;
		m = col + (colw - 3) / 2;
		if (focused && v->fi == i)
			screen_survey_draw_put(d, line, m - 1, 1,
			    utf8_locale_ok() ? "\xe2\x96\xb6" : ">",
			    ST_SELECTED);
		screen_survey_draw_put(d, line, m, 3, i == cur ? on : "( )",
		    focused && v->fi == i ? ST_SELECTED : i == cur ? ST_BOLD :
		    ST_NORMAL);
		/* The number that chooses it, centred under its point. */
		{
			char num[48];

			snprintf(num, sizeof num, "%s",
			    widget_scale_is_range(v, q) ? p[i].value : "");
			if (!widget_scale_is_range(v, q) && i < 9)
				snprintf(num, sizeof num, "%d", i + 1);
			lw = (int)utf8_width(num);
			screen_survey_draw_put(d, line + 1,
			    col + (colw - lw) / 2, colw, num,
			    i == cur ? ST_BOLD : ST_NORMAL);
			k = 2;
		}
		if (p[i].label != NULL && layout_text(p[i].label, 0,
		    (size_t)(colw - 1), &lay) == 0) {
			size_t j;

			for (j = 0; j < lay->n && j < SCALE_LABEL_LINES; j++) {
				lw = (int)lay->lines[j].width;
				screen_survey_draw_put(d, line + k + (int)j,
				    col + (colw - 1 - lw) / 2, colw - 1,
				    lay->lines[j].text,
				    i == cur ? ST_BOLD : ST_NORMAL);
			}
			if (k + (int)j > lines)
				lines = k + (int)j;
			layout_free(&lay);
		}
		if (k > lines)
			lines = k;
	}
	for (i = 0; i < (int)n; i++)
		for (k = 0; k < lines; k++)
			screen_survey_draw_hit(d, line + k, i * colw, colw, q,
			    i);
	if (focused)
		screen_survey_draw_focus_lines(d, line, line + lines - 1);
	d->line += lines;
}

static void
widget_scale_draw_spin(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	const struct xlsform_question *qq = &v->form->questions[SURVEY_Q(q)];
	const char *a = survey_get(v->sv, q);
	char from[48], to[48], range[160], val[64];
	int focused = v->fq == q, col = 2;

	widget_scale_format(qq->range_start, from, sizeof from);
	widget_scale_format(qq->range_end, to, sizeof to);
	snprintf(range, sizeof range, _("A number from %s to %s. Use the "
	    "left and right arrow keys."), from, to);
	d->line += screen_survey_draw_wrap(d, d->line, 0, d->w, range, ST_DIM,
	    0);
	if (focused) {
		screen_survey_draw_put(d, d->line, 0, 2,
		    screen_survey_draw_glyph_focus(), ST_SELECTED);
		screen_survey_draw_focus_lines(d, d->line, d->line);
	}
	screen_survey_draw_put(d, d->line, col, 3, utf8_locale_ok() ?
	    " \xe2\x97\x80 " : " < ", ST_BOLD);
	screen_survey_draw_hit(d, d->line, col, 3, q, 0);
	snprintf(val, sizeof val, " %8s ", *a != '\0' ? a : "-");
	screen_survey_draw_put(d, d->line, col + 3, 10, val, focused ?
	    ST_SELECTED : ST_INPUT);
	screen_survey_draw_put(d, d->line, col + 13, 3, utf8_locale_ok() ?
	    " \xe2\x96\xb6 " : " > ", ST_BOLD);
	screen_survey_draw_hit(d, d->line, col + 13, 3, q, 1);
	d->line++;
}

static void
widget_scale_draw(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	struct widget_scale_point *p = NULL;
	size_t n = widget_scale_points(v, q, &p), i;
	int cur;
	const char *on = utf8_locale_ok() ? "(\xe2\x80\xa2)" : "(*)";
	char label[512];

	switch (widget_scale_mode(v, q, p, n)) {
	case SCALE_SPIN:
		widget_scale_draw_spin(v, q, d);
		break;
	case SCALE_ROW:
		if (p != NULL)
			widget_scale_draw_row(v, q, d, p, n);
		break;
	case SCALE_LIST:
		cur = widget_scale_current(v, q, p, n);
		/* Arrived as a row (nothing chosen), now a list: a line. */
		if (v->fq == q && v->fi < 0)
			v->fi = cur >= 0 ? cur : 0;
		for (i = 0; p != NULL && i < n; i++) {
			/* The number that chooses it first. */
			if (p[i].label != NULL && widget_scale_is_range(v, q))
				snprintf(label, sizeof label, "%s  %s",
				    p[i].value, p[i].label);
			else if (!widget_scale_is_range(v, q) && i < 9)
				snprintf(label, sizeof label, "%zu  %s", i + 1,
				    p[i].label != NULL ? p[i].label :
				    p[i].value);
			else
				snprintf(label, sizeof label, "%s",
				    p[i].label != NULL ? p[i].label :
				    p[i].value);
			screen_survey_draw_item(d, q, (int)i,
			    (int)i == cur ? on : "( )", label, 0);
		}
		break;
	}
	free(p);
}

static int
widget_scale_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	struct widget_scale_point *p = NULL;
	size_t n = widget_scale_points(v, q, &p);
	enum widget_scale_mode mode = widget_scale_mode(v, q, p, n);
	int cur = widget_scale_current(v, q, p, n), r = SVW_NONE;
	int last = (int)n - 1, i;

	if (mode == SCALE_SPIN)
		v->fi = cur;
	if (mode != SCALE_SPIN && ev->key >= '0' && ev->key <= '9') {
		if ((i = widget_scale_digit(v, q, p, n, ev->key)) >= 0) {
			v->fi = i;
			widget_scale_choose(v, q, i, n, p);
			r = SVW_DONE;
		}
		free(p);
		return r;
	}
	switch (ev->key) {
	case K_LEFT:
	case K_RIGHT:
		if (n == 0)
			break;
		/* A row or a list: the arrows move, Space or Enter choose. */
		if (v->fi < 0)
			v->fi = cur >= 0 ? cur : ev->key == K_RIGHT ? 0 : last;
		else if (ev->key == K_RIGHT && v->fi < last)
			v->fi++;
		else if (ev->key == K_LEFT && v->fi > 0)
			v->fi--;
		/* A spinner is a number that moves: moving is choosing. */
		if (mode == SCALE_SPIN)
			widget_scale_choose(v, q, v->fi, n, p);
		r = SVW_DONE;
		break;
	case K_HOME:
	case K_END:
		v->fi = ev->key == K_HOME ? 0 : last;
		if (mode == SCALE_SPIN)
			widget_scale_choose(v, q, v->fi, n, p);
		r = SVW_DONE;
		break;
	case K_UP:
	case K_DOWN:
		/* In a list the arrows move; in a row they leave. */
		if (mode != SCALE_LIST)
			break;
		if (ev->key == K_UP && v->fi > 0)
			v->fi--, r = SVW_DONE;
		else if (ev->key == K_DOWN && v->fi < last)
			v->fi++, r = SVW_DONE;
		break;
	case ' ':
		if (v->fi >= 0 && v->fi == cur)
			screen_survey_answer(v, q, "");
		else
			widget_scale_choose(v, q, v->fi, n, p);
		r = SVW_DONE;
		break;
	case K_ENTER:
		widget_scale_choose(v, q, v->fi, n, p);
		r = SVW_ADVANCE;
		break;
	}
	free(p);
	return r;
}

static int
widget_scale_click(struct screen_survey *v, size_t q, int item)
{
	struct widget_scale_point *p = NULL;
	size_t n = widget_scale_points(v, q, &p);
	int cur = widget_scale_current(v, q, p, n);

	if (widget_scale_mode(v, q, p, n) == SCALE_SPIN) {
		/* The arrows either side of the number. */
		if (cur < 0)
			cur = item == 0 ? (int)n - 1 : 0;
		else if (item == 0 && cur > 0)
			cur--;
		else if (item == 1 && cur + 1 < (int)n)
			cur++;
		item = cur;
	}
	v->fi = item;
	widget_scale_choose(v, q, item, n, p);
	free(p);
	return SVW_DONE;
}

const struct screen_survey_widget widget_scale = {
	.stops = widget_scale_stops,
	.arrive = widget_scale_arrive,
	.draw = widget_scale_draw,
	.key = widget_scale_key,
	.click = widget_scale_click,
};
