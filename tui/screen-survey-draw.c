/*
 * Laying out one screen of the survey runner; see screen-survey.h.
 *
 * The screen is: a heading line (the group, and "Question 3 of 12"), a
 * progress bar, the body, and a row of buttons. The body (labels, hints,
 * the message at a field, the widgets) is laid out twice per frame: once
 * only to measure where the focus and the message fall, then drawn with
 * the scroll that keeps them in view. Everything is laid out again from the
 * survey on every frame, so a resize or a question appearing needs nothing
 * special. Every clickable thing drawn is recorded as a hit for the mouse.
 */
#include <fribidi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/layout.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/screen-survey.h"

#define SV_HITS_MAX	4096

const char *
screen_survey_draw_glyph_focus(void)
{
	return utf8_locale_ok() ? "\xe2\x96\xb6 " : "> ";
}

int
screen_survey_draw_row(const struct screen_survey_body *d, int line)
{
	int r = line - d->scroll;

	if (d->c == NULL || r < 0 || r >= d->height)
		return -1;
	return d->top + r;
}

int
screen_survey_draw_put(struct screen_survey_body *d, int line, int col,
    int maxw, const char *text, enum style st)
{
	int row = screen_survey_draw_row(d, line), w;

	if (text == NULL || maxw <= 0)
		return 0;
	if (row < 0) {
		char *clean = utf8_sanitize(text, strlen(text), 0);

		w = clean != NULL ? (int)utf8_width(clean) : 0;
		free(clean);
		return w < maxw ? w : maxw;
	}
	return canvas_text_cut(d->c, row, d->x + col, maxw, text, st);
}

void
screen_survey_draw_fill(struct screen_survey_body *d, int line, int col, int w,
    enum style st)
{
	int row = screen_survey_draw_row(d, line);

	if (row >= 0 && w > 0)
		canvas_fill(d->c, row, d->x + col, w, st);
}

/* Record a clickable span at canvas row y, column x. */
static void
screen_survey_draw_hit_at(struct screen_survey *v, int y, int x, int w,
    size_t q, int item)
{
	struct screen_survey_hit *h;

	if (y < 0 || w <= 0 || v->nhits >= SV_HITS_MAX)
		return;
	if (v->nhits == v->hcap) {
		size_t cap = v->hcap ? v->hcap * 2 : 64;

		if ((h = realloc(v->hits, cap * sizeof *h)) == NULL)
			return;
		v->hits = h;
		v->hcap = cap;
	}
	h = &v->hits[v->nhits++];
	h->y = y;
	h->x = x;
	h->w = w;
	h->q = q;
	h->item = item;
}

void
screen_survey_draw_hit(struct screen_survey_body *d, int line, int col, int w,
    size_t q, int item)
{
	screen_survey_draw_hit_at(d->v, screen_survey_draw_row(d, line),
	    d->x + col, w, q, item);
}

/* 1 when the first strong letter of text is right-to-left (Yiddish...). */
static int
screen_survey_draw_rtl(const char *text)
{
	size_t len = strlen(text), i = 0;
	FriBidiCharType t;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(text + i, len - i, &cp);
		t = fribidi_get_bidi_type(cp);
		if (FRIBIDI_IS_LETTER(t) && FRIBIDI_IS_STRONG(t))
			return FRIBIDI_IS_RTL(t) ? 1 : 0;
	}
	return 0;
}

/* A right-to-left line: reordered and right-aligned, then in style st. */
static void
screen_survey_draw_rtl_line(struct screen_survey_body *d, int row, int col,
    int w, struct layout_line *ln, enum style st)
{
	struct cell *cell;
	int x;

	ln->rtl = 1;
	canvas_layout_line(d->c, row, d->x + col, w, ln, -1);
	for (x = d->x + col; x < d->x + col + w; x++)
		if ((cell = canvas_cell(d->c, row, x)) != NULL &&
		    !(cell->len == 1 && cell->ch[0] == ' '))
			cell->style = (uint8_t)st;
}

int
screen_survey_draw_wrap(struct screen_survey_body *d, int line, int col, int w,
    const char *text, enum style st, int maxlines)
{
	struct layout *lay = NULL;
	size_t i;
	int n = 0, rtl;

	if (text == NULL || *text == '\0' || w < 1)
		return 0;
	if (layout_text(text, 0, (size_t)w, &lay) != 0)
		return 0;
	rtl = d->c != NULL && screen_survey_draw_rtl(text);
	for (i = 0; i < lay->n && (maxlines <= 0 || n < maxlines); i++) {
		if (rtl && screen_survey_draw_row(d, line + n) >= 0) {
			screen_survey_draw_rtl_line(d,
			    screen_survey_draw_row(d, line + n), col, w,
			    &lay->lines[i], st);
			n++;
			continue;
		}
		/* The last line allowed says that there is more. */
		if (maxlines > 0 && n == maxlines - 1 && i + 1 < lay->n) {
			struct buf b = BUF_INIT;

			buf_addstr(&b, lay->lines[i].text);
			buf_addstr(&b, utf8_locale_ok() ? "\xe2\x80\xa6" :
			    "...");
			screen_survey_draw_put(d, line + n, col, w, buf_str(&b),
			    st);
			buf_free(&b);
		} else
			screen_survey_draw_put(d, line + n, col, w,
			    lay->lines[i].text, st);
		n++;
	}
	layout_free(&lay);
	return n;
}

int
screen_survey_draw_wrap_count(const char *text, int w, int maxlines)
{
	struct layout *lay = NULL;
	int n;

	if (text == NULL || *text == '\0' || w < 1 ||
	    layout_text(text, 0, (size_t)w, &lay) != 0)
		return 0;
	n = (int)lay->n;
	layout_free(&lay);
	return maxlines > 0 && n > maxlines ? maxlines : n;
}

void
screen_survey_draw_focus_lines(struct screen_survey_body *d, int first,
    int last)
{
	d->focus_first = first;
	d->focus_last = last;
}

void
screen_survey_draw_item(struct screen_survey_body *d, size_t q, int i,
    const char *mark, const char *label, int held)
{
	struct screen_survey *v = d->v;
	int focused = v->fq == q && v->fi == i, mw = (int)utf8_width(mark);
	int indent = 2 + mw + 1;
	int lines = screen_survey_draw_wrap_count(label, d->w - indent, 0);
	int line = d->line, k;
	enum style st = focused ? ST_SELECTED : ST_NORMAL;

	if (lines < 1)
		lines = 1;
	if (focused) {
		for (k = 0; k < lines; k++)
			screen_survey_draw_fill(d, line + k, 0, d->w,
			    ST_SELECTED);
		screen_survey_draw_focus_lines(d, line, line + lines - 1);
		screen_survey_draw_put(d, line, 0, 2, held ? (utf8_locale_ok() ?
		    "\xe2\x86\x95 " : "* ") : screen_survey_draw_glyph_focus(),
		    st);
	}
	screen_survey_draw_put(d, line, 2, mw, mark, st);
	screen_survey_draw_wrap(d, line, indent, d->w - indent, label, st, 0);
	for (k = 0; k < lines; k++)
		screen_survey_draw_hit(d, line + k, 0, d->w, q, i);
	d->line += lines;
}

const char *
screen_survey_draw_next_label(struct screen_survey *v)
{
	if (v->to_review || survey_next(v->sv, v->screen) == SURVEY_NONE)
		return _("Review answers");
	return _("Next");
}

/* The body: every relevant thing on the screen, from line 0. */
static void
screen_survey_draw_body(struct screen_survey *v, struct screen_survey_body *d,
    int *qstart)
{
	const struct xlsform *f = v->form;
	const struct survey_screen *sc = survey_screen(v->sv, v->screen);
	const struct xlsform_question *qq;
	const struct screen_survey_widget *wd;
	size_t q;
	char *text, line[1024];

	*qstart = -1;
	d->line = 0;
	d->focus_first = d->focus_last = -1;
	d->problem_line = -1;
	d->told_scale = 0;
	if (sc == NULL)
		return;
	if (sc->prompt) {
		if (v->fq == sc->first)
			*qstart = 0;
		widget_repeat.draw(v, sc->first, d);
		return;
	}
	for (q = sc->first; q <= sc->last; q++) {
		qq = &f->questions[SURVEY_Q(q)];
		if (!survey_relevant(v->sv, q))
			continue;
		if (qq->type == XLSFORM_BEGIN_GROUP && q != sc->first) {
			/* A group inside a field-list: a subheading. */
			if ((text = survey_label(v->sv, q)) != NULL)
				d->line += screen_survey_draw_wrap(d, d->line,
				    0, d->w, text, ST_HEADING, 0) + 1;
			free(text);
			continue;
		}
		if (!survey_type_shown(qq->type))
			continue;
		if (q == v->fq)
			*qstart = d->line;
		if ((text = survey_label(v->sv, q)) != NULL)
			d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
			    text, qq->type == XLSFORM_NOTE ? ST_NORMAL :
			    ST_HEADING, 0);
		free(text);
		if ((text = survey_hint(v->sv, q)) != NULL)
			d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
			    text, ST_DIM, 0);
		free(text);
		if ((text = survey_guidance(v->sv, q)) != NULL) {
			/* TRANSLATORS: before a question's guidance hint. */
			snprintf(line, sizeof line, _("Guidance: %s"), text);
			d->line += screen_survey_draw_wrap(d, d->line, 0, d->w, line, ST_DIM,
			    0);
		}
		free(text);
		if (v->has_problem && v->problem.q == q) {
			snprintf(line, sizeof line, "! %s",
			    v->problem.from_form ? v->problem.msg :
			    _(v->problem.msg));
			d->problem_line = d->line;
			d->line += screen_survey_draw_wrap(d, d->line, 0, d->w,
			    line, ST_ERROR, 0);
		}
		wd = screen_survey_widget_of(v, q);
		if (wd->draw != NULL)
			wd->draw(v, q, d);
		d->line++;
	}
}

/* Keep the focus (with its question's label, if it fits) in view. */
static void
screen_survey_draw_scroll(struct screen_survey *v,
    const struct screen_survey_body *d, int qstart, int h)
{
	int first = d->focus_first, last = d->focus_last, max;

	if (v->follow && first >= 0) {
		if (qstart >= 0 && qstart < first && last - qstart < h)
			first = qstart;
		if (d->problem_line >= 0 && d->problem_line < first &&
		    last - d->problem_line < h)
			first = d->problem_line;
		if (first < v->scroll || last - first >= h)
			v->scroll = first;
		else if (last >= v->scroll + h)
			v->scroll = last - h + 1;
	} else if (v->follow && v->fq == SV_BUTTONS && d->problem_line >= 0)
		v->scroll = d->problem_line;
	max = d->line - h > 0 ? d->line - h : 0;
	if (v->scroll > max)
		v->scroll = max;
	if (v->scroll < 0)
		v->scroll = 0;
}

static void
screen_survey_draw_buttons(struct screen_survey *v, struct canvas *c, int y,
    int x, int w)
{
	const char *lt = utf8_locale_ok() ? "\xe2\x97\x80" : "<";
	const char *gt = utf8_locale_ok() ? "\xe2\x96\xb6" : ">";
	char label[SV_NBUTTONS][128];
	int bw[SV_NBUTTONS], i, col = x, can_back;
	enum style st;

	can_back = survey_prev(v->sv, v->screen) != SURVEY_NONE;
	snprintf(label[SV_B_BACK], sizeof label[0], "[ %s %s ]", lt,
	    _("Back"));
	snprintf(label[SV_B_NEXT], sizeof label[0], "[ %s %s ]",
	    screen_survey_draw_next_label(v), gt);
	snprintf(label[SV_B_LEAVE], sizeof label[0], "[ %s ]",
	    _("Leave survey"));
	for (i = 0; i < SV_NBUTTONS; i++)
		bw[i] = (int)utf8_width(label[i]);
	for (i = 0; i < SV_NBUTTONS; i++) {
		if (i == SV_B_LEAVE) {
			/* On the right when there is room; Esc does it too. */
			if (col + bw[i] > x + w)
				break;
			col = x + w - bw[i];
		}
		st = i == SV_B_BACK && !can_back ? ST_DIM : ST_BOLD;
		canvas_text_cut(c, y, col, x + w - col, label[i], st);
		if (v->fq == SV_BUTTONS && v->fi == i)
			canvas_focus(c, y, col, bw[i], 0);
		screen_survey_draw_hit_at(v, y, col, bw[i], SV_BUTTONS, i);
		col += bw[i] + 3;
	}
}

/*
 * A group's title; a repeat's says which instance: "Household member 2",
 * or "Visit 2 of 3" when repeat_count fixes how many (Caller frees).
 */
static char *
screen_survey_draw_heading(struct screen_survey *v, size_t g)
{
	const struct xlsform_question *gq;
	size_t pos, n;
	char *label, *out;

	if (g == SURVEY_NONE || (label = survey_label(v->sv, g)) == NULL)
		return NULL;
	gq = &v->form->questions[SURVEY_Q(g)];
	if (!gq->repeat || (pos = survey_repeat_position(v->sv, g)) == 0)
		return label;
	n = survey_repeat_count(v->sv, g);
	if ((survey_repeat_fixed(v->sv, g) ? asprintf(&out,
	    _("%s %zu of %zu"), label, pos, n) : asprintf(&out, _("%s %zu"),
	    label, pos)) == -1)
		out = NULL;
	free(label);
	return out;
}

void
screen_survey_draw_screen(struct kiosk *k, struct screen_survey *v,
    struct canvas *c, int top, int height)
{
	const struct survey_screen *sc = survey_screen(v->sv, v->screen);
	const struct xlsform_question *first;
	struct screen_survey_body d;
	size_t pos, total;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, body_h, qstart, i;
	char prog[64], *heading = NULL;

	(void)k;
	v->nhits = 0;
	if (sc == NULL)
		return;
	first = &v->form->questions[SURVEY_Q(sc->first)];
	/* The heading: this group's title, or the enclosing group's. */
	if (first->type == XLSFORM_BEGIN_GROUP)
		heading = survey_label(v->sv, sc->first);
	else if (first->parent != XLSFORM_NONE)
		heading = screen_survey_draw_heading(v, survey_item_at(v->sv, sc->first,
		    first->parent));
	survey_progress(v->sv, v->screen, &pos, &total);
	snprintf(prog, sizeof prog, _("Question %zu of %zu"), pos, total);
	i = (int)utf8_width(prog);
	canvas_text(c, top, x + w - i, i, prog, ST_BOLD);
	if (heading != NULL)
		canvas_text_cut(c, top, x, w - i - 2, heading,
		    first->type == XLSFORM_BEGIN_GROUP ? ST_TITLE : ST_DIM);
	free(heading);
	/* The bar: filled for the questions done. */
	canvas_bar(c, top + 1, x, w, pos, total);
	body_h = height - 5;
	if (body_h < 1)
		body_h = 1;
	memset(&d, 0, sizeof d);
	d.v = v;
	d.x = x;
	d.w = w;
	v->body_w = w;
	d.top = top + 3;
	d.height = body_h;
	screen_survey_draw_body(v, &d, &qstart);
	screen_survey_draw_scroll(v, &d, qstart, body_h);
	v->body_h = body_h;
	v->body_lines = d.line;
	d.c = c;
	d.scroll = v->scroll;
	screen_survey_draw_body(v, &d, &qstart);
	/* More above or below. */
	if (v->scroll > 0)
		canvas_text(c, d.top, x + w, 1, utf8_locale_ok() ?
		    "\xe2\x86\x91" : "^", ST_DECOR);
	if (v->scroll + body_h < d.line)
		canvas_text(c, d.top + body_h - 1, x + w, 1, utf8_locale_ok() ?
		    "\xe2\x86\x93" : "v", ST_DECOR);
	screen_survey_draw_buttons(v, c, top + height - 1, x, w);
}
