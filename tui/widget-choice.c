/*
 * List widgets of the survey runner: the radio list (select_one), the
 * checklist (select_multiple) and the ranking (rank). One line per choice,
 * wrapped with a hanging indent; the focused choice has a marker as well as
 * reverse video, so it never rests on colour alone, and the mark ("(*)",
 * "[x]", a number) says what is chosen.
 *
 * Ranking: the items are shown in the person's order. Enter or Space picks
 * the focused item up, the arrows carry it, Enter or Space puts it down; +
 * and - move the focused item up or down at once. A click picks an item up,
 * a second click puts it down where it was clicked. Any move records the
 * whole order as the answer; until then the question is unanswered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/screen-survey.h"

/* The filtered choices of q (Caller frees the array). */
static size_t
widget_choice_choices(struct screen_survey *v, size_t q,
    const struct xlsform_choice ***c)
{
	size_t n = 0;

	if (survey_choices(v->sv, q, c, &n) != 0)
		return 0;
	return n;
}

static int
widget_choice_multiple(struct screen_survey *v, size_t q)
{
	return v->form->questions[SURVEY_Q(q)].type == XLSFORM_SELECT_MULTIPLE;
}

static int
widget_choice_chosen(struct screen_survey *v, size_t q, const char *name)
{
	const char *a = survey_get(v->sv, q);

	return widget_choice_multiple(v, q) ? survey_has_token(a, name) :
	    strcmp(a, name) == 0;
}

static int
widget_choice_stops(struct screen_survey *v, size_t q)
{
	const struct xlsform_choice **c = NULL;
	size_t n = widget_choice_choices(v, q, &c);

	free(c);
	return (int)n;
}

static int
widget_choice_arrive(struct screen_survey *v, size_t q, int dir)
{
	const struct xlsform_choice **c = NULL;
	size_t n = widget_choice_choices(v, q, &c), i;
	int at = dir > 0 ? 0 : (int)n - 1;

	/* Onto the chosen answer of a radio list, if there is one. */
	if (!widget_choice_multiple(v, q))
		for (i = 0; i < n; i++)
			if (widget_choice_chosen(v, q, c[i]->name))
				at = (int)i;
	free(c);
	return at < 0 ? 0 : at;
}

static void
widget_choice_draw(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	const struct xlsform_choice **c = NULL;
	size_t n = widget_choice_choices(v, q, &c), i;
	int multiple = widget_choice_multiple(v, q);
	const char *on = multiple ? "[x]" : utf8_locale_ok() ?
	    "(\xe2\x80\xa2)" : "(*)";
	const char *off = multiple ? "[ ]" : "( )";

	if (n == 0)
		d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
		    _("There are no answers to choose from here."), ST_DIM, 0);
	else if (multiple)
		d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
		    _("Press Space or Enter to tick or untick an answer."),
		    ST_DIM, 0);
	for (i = 0; i < n; i++)
		screen_survey_draw_item(d, q, (int)i,
		    widget_choice_chosen(v, q, c[i]->name) ? on : off,
		    survey_choice_label(v->sv, c[i]), 0);
	if (d->c != NULL && v->fq == q && v->fi >= 0 && (size_t)v->fi < n) {
		d->c->focus_i = v->fi + 1;
		d->c->focus_n = (int)n;
	}
	free(c);
}

/* Choose item i: a radio list selects it (again: clears), a checklist flips. */
static void
widget_choice_choose(struct screen_survey *v, size_t q, int i, int toggle)
{
	const struct xlsform_choice **c = NULL;
	size_t n = widget_choice_choices(v, q, &c);

	if (i >= 0 && (size_t)i < n) {
		if (widget_choice_multiple(v, q)) {
			survey_toggle(v->sv, q, c[i]->name);
			v->draft_dirty = 1;
			if (v->has_problem && v->problem.q == q)
				v->has_problem = 0;
		} else if (toggle && widget_choice_chosen(v, q, c[i]->name))
			screen_survey_answer(v, q, "");
		else
			screen_survey_answer(v, q, c[i]->name);
	}
	free(c);
}

static int
widget_choice_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	int n = widget_choice_stops(v, q);

	if (v->fi >= n)
		v->fi = n > 0 ? n - 1 : 0;
	switch (ev->key) {
	case K_UP:
		if (v->fi <= 0)
			return SVW_NONE;
		v->fi--;
		return SVW_DONE;
	case K_DOWN:
		if (v->fi + 1 >= n)
			return SVW_NONE;
		v->fi++;
		return SVW_DONE;
	case K_HOME:
		v->fi = 0;
		return SVW_DONE;
	case K_END:
		v->fi = n > 0 ? n - 1 : 0;
		return SVW_DONE;
	case ' ':
		widget_choice_choose(v, q, v->fi, 1);
		return SVW_DONE;
	case K_ENTER:
		if (widget_choice_multiple(v, q)) {
			widget_choice_choose(v, q, v->fi, 1);
			return SVW_DONE;
		}
		widget_choice_choose(v, q, v->fi, 0);
		return SVW_ADVANCE;
	}
	return SVW_NONE;
}

static int
widget_choice_click(struct screen_survey *v, size_t q, int item)
{
	v->fi = item;
	widget_choice_choose(v, q, item, widget_choice_multiple(v, q));
	return SVW_DONE;
}

const struct screen_survey_widget widget_choice = {
	.stops = widget_choice_stops,
	.arrive = widget_choice_arrive,
	.draw = widget_choice_draw,
	.key = widget_choice_key,
	.click = widget_choice_click,
};

/*
 * The order shown: the answer's items that are still choices, then the
 * rest in list order. *names points into the form (Caller frees).
 */
static size_t
widget_choice_rank_order(struct screen_survey *v, size_t q,
    const struct xlsform_choice ***out)
{
	const struct xlsform_choice **c = NULL, **o;
	const char *a = survey_get(v->sv, q), *p;
	size_t n = widget_choice_choices(v, q, &c), k = 0, i, len;
	unsigned char *used;

	*out = NULL;
	if (n == 0)
		return 0;
	o = calloc(n, sizeof *o);
	used = calloc(n, 1);
	if (o == NULL || used == NULL) {
		free(o);
		free(used);
		free(c);
		return 0;
	}
	for (p = a; *p != '\0'; p += len) {
		while (*p == ' ')
			p++;
		if ((len = strcspn(p, " ")) == 0)
			break;
		for (i = 0; i < n; i++)
			if (!used[i] && strlen(c[i]->name) == len &&
			    strncmp(c[i]->name, p, len) == 0) {
				used[i] = 1;
				o[k++] = c[i];
				break;
			}
	}
	for (i = 0; i < n; i++)
		if (!used[i])
			o[k++] = c[i];
	free(used);
	free(c);
	*out = o;
	return n;
}

/* Record the order with item `from` moved to position `to`. */
static void
widget_choice_rank_move(struct screen_survey *v, size_t q, int from, int to)
{
	const struct xlsform_choice **o = NULL, *t;
	size_t n = widget_choice_rank_order(v, q, &o), i;
	struct buf b = BUF_INIT;
	char *s;

	if (from >= 0 && to >= 0 && (size_t)from < n && (size_t)to < n) {
		t = o[from];
		if (from < to)
			memmove(&o[from], &o[from + 1],
			    (size_t)(to - from) * sizeof *o);
		else if (from > to)
			memmove(&o[to + 1], &o[to],
			    (size_t)(from - to) * sizeof *o);
		o[to] = t;
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_addch(&b, ' ');
			buf_addstr(&b, o[i]->name);
		}
		if ((s = buf_detach(&b, NULL)) != NULL) {
			screen_survey_answer(v, q, s);
			free(s);
		}
		v->fi = to;
	}
	free(o);
}

static int
widget_choice_rank_arrive(struct screen_survey *v, size_t q, int dir)
{
	int n = widget_choice_stops(v, q);

	return dir > 0 || n == 0 ? 0 : n - 1;
}

static void
widget_choice_rank_draw(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	const struct xlsform_choice **o = NULL;
	size_t n = widget_choice_rank_order(v, q, &o), i;
	char num[32];
	int focused = v->fq == q;

	d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
	    focused && v->held ?
	    _("Move it with the arrow keys, then press Enter to put it down.") :
	    _("To move an item, press Enter on it, move it with the arrow "
	    "keys, and press Enter again. Or use + and -."), ST_DIM, 0);
	if (*survey_get(v->sv, q) == '\0')
		d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
		    _("Not put in order yet: this is the order of the list."),
		    ST_DIM, 0);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%2zu.", i + 1);
		screen_survey_draw_item(d, q, (int)i, num,
		    survey_choice_label(v->sv, o[i]),
		    focused && v->held && v->fi == (int)i);
	}
	free(o);
}

static int
widget_choice_rank_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	int n = widget_choice_stops(v, q);

	if (v->fi >= n)
		v->fi = n > 0 ? n - 1 : 0;
	switch (ev->key) {
	case K_UP:
		if (v->fi <= 0)
			return v->held ? SVW_DONE : SVW_NONE;
		if (v->held)
			widget_choice_rank_move(v, q, v->fi, v->fi - 1);
		else
			v->fi--;
		return SVW_DONE;
	case K_DOWN:
		if (v->fi + 1 >= n)
			return v->held ? SVW_DONE : SVW_NONE;
		if (v->held)
			widget_choice_rank_move(v, q, v->fi, v->fi + 1);
		else
			v->fi++;
		return SVW_DONE;
	case '+':
		if (v->fi > 0)
			widget_choice_rank_move(v, q, v->fi, v->fi - 1);
		return SVW_DONE;
	case '-':
		if (v->fi + 1 < n)
			widget_choice_rank_move(v, q, v->fi, v->fi + 1);
		return SVW_DONE;
	case ' ':
	case K_ENTER:
		/* Putting an item down, even where it was, sets the order. */
		if (v->held)
			widget_choice_rank_move(v, q, v->fi, v->fi);
		v->held = !v->held;
		return SVW_DONE;
	}
	return SVW_NONE;
}

static int
widget_choice_rank_click(struct screen_survey *v, size_t q, int item)
{
	if (v->held) {
		widget_choice_rank_move(v, q, v->fi, item);
		v->held = 0;
	} else {
		v->fi = item;
		v->held = 1;
	}
	return SVW_DONE;
}

const struct screen_survey_widget widget_choice_rank = {
	.stops = widget_choice_stops,
	.arrive = widget_choice_rank_arrive,
	.draw = widget_choice_rank_draw,
	.key = widget_choice_rank_key,
	.click = widget_choice_rank_click,
};
