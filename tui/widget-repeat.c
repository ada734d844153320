/*
 * A repeat's prompt, "Add another?", as a screen of the survey runner
 * (content/survey.h): the count so far in words, then a list to choose
 * from: add one (the person goes to its first question), go on past the
 * repeat, or take the last one away again. Go on is first once there is
 * one, so that Enter twice after the last person of a household moves
 * on; with none yet, adding comes first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tui/i18n.h"
#include "tui/screen-survey.h"

enum { WR_ADD, WR_ON, WR_REMOVE };

/* The action of the i-th item of the list. */
static int
widget_repeat_action(struct screen_survey *v, size_t q, int i)
{
	size_t n = survey_repeat_count(v->sv, q);

	if (n == 0)
		return i == 0 ? WR_ADD : WR_ON;
	return i == 0 ? WR_ON : i == 1 ? WR_ADD : WR_REMOVE;
}

static int
widget_repeat_stops(struct screen_survey *v, size_t q)
{
	return survey_repeat_count(v->sv, q) > 0 ? 3 : 2;
}

static int
widget_repeat_arrive(struct screen_survey *v, size_t q, int dir)
{
	return dir > 0 ? 0 : widget_repeat_stops(v, q) - 1;
}

static void
widget_repeat_draw(struct screen_survey *v, size_t q, struct screen_survey_body *d)
{
	size_t n = survey_repeat_count(v->sv, q);
	char *label = survey_label(v->sv, q), line[512];
	const char *what = label != NULL && *label != '\0' ? label :
	    _("this part");
	int i, k = widget_repeat_stops(v, q);

	if (n == 0)
		snprintf(line, sizeof line, _("%s: none so far."), what);
	else
		snprintf(line, sizeof line, ngettext("%s: %zu so far.",
		    "%s: %zu so far.", n), what, n);
	d->line += screen_survey_draw_wrap(d, d->line, 0, d->w, line, ST_HEADING, 0) + 1;
	for (i = 0; i < k; i++) {
		switch (widget_repeat_action(v, q, i)) {
		case WR_ADD:
			snprintf(line, sizeof line, n == 0 ? _("Add %s") :
			    _("Add another: %s"), what);
			break;
		case WR_ON:
			snprintf(line, sizeof line, "%s", n == 0 ?
			    _("None: go on") : _("No more: go on"));
			break;
		default:
			snprintf(line, sizeof line, _("Take away %s %zu"), what,
			    n);
			break;
		}
		screen_survey_draw_item(d, q, i, "", line, 0);
	}
	free(label);
}

/* Do what item i says; SVW_NEXT to go on past the repeat. */
static int
widget_repeat_do(struct screen_survey *v, size_t q, int i)
{
	size_t screen;

	switch (widget_repeat_action(v, q, i)) {
	case WR_ADD:
		if (survey_repeat_add(v->sv, q, &screen) == 0 &&
		    screen != SURVEY_NONE) {
			v->draft_dirty = 1;
			screen_survey_goto(v, screen, SURVEY_NONE);
		}
		return SVW_DONE;
	case WR_REMOVE:
		if (survey_repeat_remove(v->sv, q, &screen) == 0 &&
		    screen != SURVEY_NONE) {
			v->draft_dirty = 1;
			screen_survey_goto(v, screen, SURVEY_NONE);
		}
		return SVW_DONE;
	default:
		return SVW_NEXT;
	}
}

static int
widget_repeat_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	int k = widget_repeat_stops(v, q);

	switch (ev->key) {
	case K_UP:
		if (v->fi == 0)
			return SVW_NONE;
		v->fi--;
		return SVW_DONE;
	case K_DOWN:
		if (v->fi + 1 >= k)
			return SVW_NONE;
		v->fi++;
		return SVW_DONE;
	case K_ENTER:
	case ' ':
		return widget_repeat_do(v, q, v->fi);
	}
	if (ev->key >= '1' && ev->key < '1' + k) {
		v->fi = ev->key - '1';
		return widget_repeat_do(v, q, v->fi);
	}
	return SVW_NONE;
}

static int
widget_repeat_click(struct screen_survey *v, size_t q, int item)
{
	v->fi = item;
	return widget_repeat_do(v, q, item);
}

const struct screen_survey_widget widget_repeat = {
	.stops = widget_repeat_stops,
	.arrive = widget_repeat_arrive,
	.draw = widget_repeat_draw,
	.key = widget_repeat_key,
	.click = widget_repeat_click,
};
