/*
 * Typing widgets of the survey runner, and the ones with nothing to type:
 *
 * - text: a wrapped box (tui/textfield.h, correct for UTF-8 and wide
 *   characters). Enter moves on, because people press Enter when they are
 *   done; with the multiline appearance Enter starts a new line instead and
 *   Tab or PgDn moves on, as the line above the box says.
 * - integer, decimal, date: a one-line field with a line that says what it
 *   wants ("a whole number", "a date like 2026-11-23"); the runner checks
 *   it when the person goes on, with the same rules as everywhere.
 * - acknowledge: one checkbox, "OK".
 * - note (and a read-only question): text only, no focus.
 */
#include <stdlib.h>
#include <string.h>

#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/screen-survey.h"

static int
widget_entry_multiline(struct screen_survey *v, size_t q)
{
	return survey_has_token(v->form->questions[q].appearance, "multiline");
}

static int
widget_entry_stops(struct screen_survey *v, size_t q)
{
	return screen_survey_field_of(v, q) != NULL;
}

static int
widget_entry_arrive(struct screen_survey *v, size_t q, int dir)
{
	(void)v;
	(void)q;
	(void)dir;
	return 0;
}

/* What the field wants, in words. */
static const char *
widget_entry_wants(struct screen_survey *v, size_t q)
{
	switch (v->form->questions[q].type) {
	case XLSFORM_INTEGER:
		return _("Type a whole number, for example 42.");
	case XLSFORM_DECIMAL:
		return _("Type a number, for example 2.5.");
	case XLSFORM_DATE:
		return _("Type a date like 2026-11-23 (year-month-day).");
	default:
		return widget_entry_multiline(v, q) ? _("Press Enter for a new "
		    "line. Press Tab when you have finished.") : NULL;
	}
}

static void
widget_entry_draw(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	struct textfield *tf = screen_survey_field_of(v, q);
	const char *wants = widget_entry_wants(v, q);
	int text = v->form->questions[q].type == XLSFORM_TEXT;
	int rows = text ? (widget_entry_multiline(v, q) ? 6 : 3) : 1;
	int bw = text ? d->w - 2 : (d->w - 2 < 24 ? d->w - 2 : 24);
	int focused = v->fq == q, first, last, k;

	if (wants != NULL)
		d->line += screen_survey_draw_wrap(d, d->line, 0, d->w, wants,
		    ST_DIM, 0);
	if (tf == NULL)
		return;
	first = screen_survey_draw_row(d, d->line);
	last = screen_survey_draw_row(d, d->line + rows - 1);
	if (focused) {
		screen_survey_draw_put(d, d->line, 0, 2,
		    screen_survey_draw_glyph_focus(), ST_SELECTED);
		screen_survey_draw_focus_lines(d, d->line, d->line + rows - 1);
	}
	if (first >= 0 && last >= 0)
		textfield_draw(tf, d->c, first, d->x + 2, bw, rows, focused);
	else
		/* Partly scrolled away: the box without its text. */
		for (k = 0; k < rows; k++)
			screen_survey_draw_fill(d, d->line + k, 2, bw,
			    ST_INPUT);
	for (k = 0; k < rows; k++)
		screen_survey_draw_hit(d, d->line + k, 0, bw + 2, q, 0);
	d->line += rows;
}

static int
widget_entry_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	struct textfield *tf = screen_survey_field_of(v, q);

	if (tf == NULL)
		return SVW_NONE;
	switch (ev->key) {
	case K_ENTER:
		if (!widget_entry_multiline(v, q))
			return SVW_ADVANCE;
		break;
	case K_UP:
	case K_DOWN:
	case K_TAB:
	case K_BTAB:
		return SVW_NONE;
	}
	if (!textfield_key(tf, ev))
		/* Keys a field takes do nothing more at its edges. */
		return ev->key == K_BACKSPACE || ev->key == K_DELETE ||
		    (ev->key >= 0x20 && ev->key < K_UP) ? SVW_DONE : SVW_NONE;
	screen_survey_answer(v, q, textfield_text(tf));
	return SVW_DONE;
}

static int
widget_entry_click(struct screen_survey *v, size_t q, int item)
{
	(void)v;
	(void)q;
	(void)item;
	return SVW_DONE;
}

const struct screen_survey_widget widget_entry = {
	.stops = widget_entry_stops,
	.arrive = widget_entry_arrive,
	.draw = widget_entry_draw,
	.key = widget_entry_key,
	.click = widget_entry_click,
	.text = 1,
};

static int
widget_entry_ack_stops(struct screen_survey *v, size_t q)
{
	(void)v;
	(void)q;
	return 1;
}

static void
widget_entry_ack_draw(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	screen_survey_draw_item(d, q, 0, *survey_get(v->sv, q) != '\0' ? "[x]" :
	    "[ ]", _("OK"), 0);
}

static void
widget_entry_ack_toggle(struct screen_survey *v, size_t q, int set)
{
	screen_survey_answer(v, q,
	    set || *survey_get(v->sv, q) == '\0' ? "OK" : "");
}

static int
widget_entry_ack_key(struct screen_survey *v, size_t q, const struct ev *ev)
{
	switch (ev->key) {
	case ' ':
		widget_entry_ack_toggle(v, q, 0);
		return SVW_DONE;
	case K_ENTER:
		widget_entry_ack_toggle(v, q, 1);
		return SVW_ADVANCE;
	}
	return SVW_NONE;
}

static int
widget_entry_ack_click(struct screen_survey *v, size_t q, int item)
{
	(void)item;
	widget_entry_ack_toggle(v, q, 0);
	return SVW_DONE;
}

const struct screen_survey_widget widget_entry_ack = {
	.stops = widget_entry_ack_stops,
	.arrive = widget_entry_arrive,
	.draw = widget_entry_ack_draw,
	.key = widget_entry_ack_key,
	.click = widget_entry_ack_click,
};

/* A read-only question shows its answer; a note shows nothing more. */
static void
widget_entry_note_draw(struct screen_survey *v, size_t q,
    struct screen_survey_body *d)
{
	char *t;

	if (v->form->questions[q].type == XLSFORM_NOTE)
		return;
	if ((t = survey_answer_text(v->sv, q)) != NULL && *t != '\0')
		d->line += screen_survey_draw_wrap(d, d->line, 2, d->w - 2, t,
		    ST_BOLD, 0);
	free(t);
}

const struct screen_survey_widget widget_entry_note = {
	.draw = widget_entry_note_draw,
};
