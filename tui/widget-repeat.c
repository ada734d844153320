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
wr_action(struct screen_survey *v, size_t q, int i)
{
	size_t n = survey_repeat_count(v->sv, q);

	if (n == 0)
		return i == 0 ? WR_ADD : WR_ON;
	return i == 0 ? WR_ON : i == 1 ? WR_ADD : WR_REMOVE;
}

static int
wr_stops(struct screen_survey *v, size_t q)
{
	return survey_repeat_count(v->sv, q) > 0 ? 3 : 2;
}

static int
wr_arrive(struct screen_survey *v, size_t q, int dir)
{
	return dir > 0 ? 0 : wr_stops(v, q) - 1;
}

static void
wr_draw(struct screen_survey *v, size_t q, struct sv_draw *d)
{
	size_t n = survey_repeat_count(v->sv, q);
	char *label = survey_label(v->sv, q), line[512];
	const char *what = label != NULL && *label != '\0' ? label :
	    _("this part");
	int i, k = wr_stops(v, q);

	if (n == 0)
		snprintf(line, sizeof line, _("%s: none so far."), what);
	else
		snprintf(line, sizeof line, ngettext("%s: %zu so far.",
		    "%s: %zu so far.", n), what, n);
	d->line += sv_wrap(d, d->line, 0, d->w, line, ST_HEADING, 0) + 1;
	for (i = 0; i < k; i++) {
		switch (wr_action(v, q, i)) {
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
		sv_item(d, q, i, "", line, 0);
	}
	free(label);
}

/* Do what item i says; SVW_NEXT to go on past the repeat. */
static int
wr_do(struct screen_survey *v, size_t q, int i)
{
	size_t screen;

	switch (wr_action(v, q, i)) {
	case WR_ADD:
		if (survey_repeat_add(v->sv, q, &screen) == 0 &&
		    screen != SURVEY_NONE) {
			v->draft_dirty = 1;
			sv_goto(v, screen, SURVEY_NONE);
		}
		return SVW_DONE;
	case WR_REMOVE:
		if (survey_repeat_remove(v->sv, q, &screen) == 0 &&
		    screen != SURVEY_NONE) {
			v->draft_dirty = 1;
			sv_goto(v, screen, SURVEY_NONE);
		}
		return SVW_DONE;
	default:
		return SVW_NEXT;
	}
}

static int
wr_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	int k = wr_stops(v, q);

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
		return wr_do(v, q, v->fi);
	}
	if (ev->key >= '1' && ev->key < '1' + k) {
		v->fi = ev->key - '1';
		return wr_do(v, q, v->fi);
	}
	return SVW_NONE;
}

static int
wr_click(struct screen_survey *v, size_t q, int item)
{
	v->fi = item;
	return wr_do(v, q, item);
}

const struct sv_widget sv_widget_repeat = {
	.stops = wr_stops,
	.arrive = wr_arrive,
	.draw = wr_draw,
	.key = wr_key,
	.click = wr_click,
};
