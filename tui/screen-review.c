/*
 * The end of a survey: the review (its buttons first, Submit in focus and
 * in sight; then every answer, each one a way back to its question; Tab
 * goes between the two), submitting, the "leave this survey?" question, and the
 * thank-you screen that hands the kiosk to the next person.
 *
 * Submitting checks the whole response again first (the same rules as
 * every screen); a problem sends the person to that question with the
 * message. The response goes to the kiosk's submit hook, else its sealing
 * context (tui/seal.h). Only when it says the answers are stored does the
 * runner go, wiping them, and the thank-you appear; on failure the reason
 * is shown and every answer is still there. Without any hook the review
 * says that saving is not ready, and never pretends.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/screen-survey.h"

enum { RV_SUBMIT, RV_BACK, RV_LEAVE, RV_NBUTTONS };
#define RV_ANSWER_LINES	2

struct screen_review {
	struct screen_survey	*v;
	size_t			*qs;		/* the questions listed */
	size_t			 n;
	int			 sel;		/* 0..n-1, then the buttons */
	int			 last_item;	/* where Tab goes back to */
	int			 top;		/* first list line shown */
	char			 error[512];
	int			 list_y, list_h;
	int			*item_y;	/* canvas row of each item, or -1 */
	int			*item_h;
	int			 by, bx[RV_NBUTTONS], bw[RV_NBUTTONS];
};

static int	screen_review_press(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_review_ask_leave(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_review_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, ' ', screen_review_press },
	{ "End", N_("submit"), K_END, 0, NULL },
	{ "Esc", N_("leave"), K_ESC, 0, screen_review_ask_leave },
	/* Not on the key line: the [ ◀ Back ] button says it, and there
	   is then room for F2 language. */
	{ NULL, NULL, K_PGUP, 0, kiosk_back },
	{ "F1", N_("help"), K_F1, 0, NULL },
	BINDING_END
};

int
screen_review_seal(struct kiosk *k, struct screen_survey *v, char **cause)
{
	struct survey_response r;
	int rc;

	if ((rc = survey_response(v->sv, 0, v->contact ? "contact" :
	    v->feedback ? "feedback" : "survey", &r)) != 0)
		return rc;
	r.pack_id = k->pack->id;
	r.pack_version = k->pack->version;
	rc = kiosk_submit(k, &r, v->sv, cause);
	survey_response_clear(&r);
	return rc;
}

/* A question's label; in a repeat, which instance first: "[2] Name?". */
static char *
screen_review_label(struct screen_survey *v, size_t q)
{
	char *label = survey_label(v->sv, q), *out;
	size_t pos = survey_repeat_position(v->sv, q);

	if (label == NULL || pos == 0)
		return label;
	if (asprintf(&out, "[%zu] %s", pos, label) == -1)
		out = NULL;
	free(label);
	return out;
}

static int
screen_review_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_review *r = s->data;
	struct screen_survey *v = (struct screen_survey *)(uintptr_t)arg;
	const struct survey_screen *sc;
	size_t i, q, nq = 0;
	int pass;

	(void)k;
	r->v = v;
	/* Count the answers first: a repeat asks its questions many times. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1 && ((r->qs = calloc(nq + 1,
		    sizeof *r->qs)) == NULL || (r->item_y = calloc(nq + 1,
		    sizeof *r->item_y)) == NULL || (r->item_h = calloc(nq + 1,
		    sizeof *r->item_h)) == NULL))
			return -1;
		for (i = survey_first(v->sv); i != SURVEY_NONE;
		    i = survey_next(v->sv, i)) {
			sc = survey_screen(v->sv, i);
			for (q = sc->first; q <= sc->last && !sc->prompt; q++)
				if (survey_relevant(v->sv, q) &&
				    survey_answerable(v->sv, q)) {
					if (pass == 1)
						r->qs[r->n++] = q;
					else
						nq++;
				}
		}
	}
	/* On the answer just changed, else on Submit. */
	r->sel = (int)r->n + RV_SUBMIT;
	for (i = 0; i < r->n; i++)
		if (r->qs[i] == v->review_q)
			r->sel = (int)i;
	v->review_q = SURVEY_NONE;
	return 0;
}

static void
screen_review_leave(struct kiosk *k, struct screen *s)
{
	struct screen_review *r = s->data;

	(void)k;
	free(r->qs);
	free(r->item_y);
	free(r->item_h);
}

static const char *
screen_review_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Check your answers");
}

/* Back to question q; Next will come back here. */
static int
screen_review_change(struct screen_review *r, size_t q)
{
	struct screen_survey *v = r->v;

	screen_survey_goto(v, survey_screen_of(v->sv, q), q);
	v->to_review = 1;
	v->review_q = q;
	return R_POP;
}

static int
screen_review_submit(struct kiosk *k, struct screen_review *r)
{
	struct screen_survey *v = r->v;
	struct survey_problem p;
	char *cause = NULL;
	int rc, contact;

	if (survey_validate(v->sv, &p) != 0) {
		screen_review_change(r, p.q);
		v->problem = p;
		v->has_problem = 1;
		return R_POP;
	}
	if (!kiosk_submit_ready(k)) {
		snprintf(r->error, sizeof r->error, "%s", _("Saving answers is "
		    "not ready on this laptop yet. Your answers have not been "
		    "saved."));
		return R_REDRAW;
	}
	if ((rc = screen_review_seal(k, v, &cause)) != 0) {
		snprintf(r->error, sizeof r->error, _("Your answers could not "
		    "be saved (%s). They are still here: please try again, or "
		    "ask a member of staff."), cause != NULL ? cause :
		    err_str(rc));
		free(cause);
		return R_REDRAW;
	}
	/* Sealed: the review and the runner go (the answers are wiped). */
	contact = v->contact;
	kiosk_pop(k);
	kiosk_pop(k);
	kiosk_push(k, &screen_thanks_class, contact ? "contact" : NULL);
	return R_REDRAW;
}

static int
screen_review_act(struct kiosk *k, struct screen_review *r)
{
	if (r->sel < (int)r->n)
		return screen_review_change(r, r->qs[r->sel]);
	switch (r->sel - (int)r->n) {
	case RV_SUBMIT:
		return screen_review_submit(k, r);
	case RV_BACK:
		return R_POP;
	default:
		kiosk_push(k, &screen_leave_class, NULL);
		return R_REDRAW;
	}
}

static int
screen_review_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_review *r = s->data;
	int last = (int)r->n + RV_NBUTTONS - 1, i;
	size_t j;

	if (ev->type == EV_MOUSE) {
		if (ev->button == MOUSE_WHEEL_UP || ev->button ==
		    MOUSE_WHEEL_DOWN) {
			r->sel += ev->button == MOUSE_WHEEL_UP ? -1 : 1;
			r->sel = r->sel < 0 ? 0 : r->sel > last ? last : r->sel;
			return R_REDRAW;
		}
		if (ev->button != MOUSE_CLICK)
			return R_NONE;
		if (ev->my == r->by)
			for (i = 0; i < RV_NBUTTONS; i++)
				if (ev->mx >= r->bx[i] && ev->mx < r->bx[i] +
				    r->bw[i]) {
					r->sel = (int)r->n + i;
					return screen_review_act(k, r);
				}
		for (j = 0; j < r->n; j++)
			if (r->item_y[j] >= 0 && ev->my >= r->item_y[j] &&
			    ev->my < r->item_y[j] + r->item_h[j]) {
				r->sel = (int)j;
				return screen_review_act(k, r);
			}
		return R_NONE;
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	/*
	 * The buttons come first, above the answers: Up from the first
	 * answer and Tab from any reach Submit; Down and Tab from the
	 * buttons go back to the answers.
	 */
	switch (ev->key) {
	case K_UP:
		if (r->sel > 0 && r->sel < (int)r->n)
			r->sel--;
		else if (r->sel == 0)
			r->sel = (int)r->n + RV_SUBMIT;
		return R_REDRAW;
	case K_DOWN:
		if (r->sel >= (int)r->n)
			r->sel = r->n > 0 ? 0 : r->sel;
		else if (r->sel + 1 < (int)r->n)
			r->sel++;
		return R_REDRAW;
	case K_TAB:
	case K_BTAB:
		if (r->sel < (int)r->n) {
			r->last_item = r->sel;
			r->sel = (int)r->n + RV_SUBMIT;
		} else if (r->n > 0)
			r->sel = r->last_item < (int)r->n ? r->last_item : 0;
		return R_REDRAW;
	case K_LEFT:
		if (r->sel > (int)r->n)
			r->sel--;
		return R_REDRAW;
	case K_RIGHT:
		if (r->sel >= (int)r->n && r->sel < last)
			r->sel++;
		return R_REDRAW;
	case K_HOME:
		r->sel = r->n > 0 ? 0 : r->sel;
		return R_REDRAW;
	case K_END:
	case K_PGDN:
		r->sel = (int)r->n + RV_SUBMIT;
		return R_REDRAW;
	case K_F1:
	case K_F12:
	case '?':
		return R_UNHANDLED;
	}
	return R_NONE;
}

/* Enter or space: change the answer in focus, or the button's action. */
static int
screen_review_press(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)ev;
	return screen_review_act(k, s->data);
}

/* Esc: "Leave this survey?" */
static int
screen_review_ask_leave(struct kiosk *k, struct screen *s,
    const struct ev *ev)
{
	(void)s;
	(void)ev;
	kiosk_push(k, &screen_leave_class, NULL);
	return R_REDRAW;
}

static void
screen_review_buttons(struct screen_review *r, struct canvas *c, int y, int x,
    int w)
{
	const char *lt = utf8_locale_ok() ? "\xe2\x97\x80" : "<";
	char label[RV_NBUTTONS][128];
	int i, col = x;

	snprintf(label[RV_SUBMIT], sizeof label[0], "[ %s ]",
	    _("Submit my answers"));
	snprintf(label[RV_BACK], sizeof label[0], "[ %s %s ]", lt, _("Back"));
	snprintf(label[RV_LEAVE], sizeof label[0], "[ %s ]",
	    _("Leave survey"));
	r->by = y;
	for (i = 0; i < RV_NBUTTONS; i++) {
		r->bw[i] = (int)utf8_width(label[i]);
		if (i == RV_LEAVE) {
			if (col + r->bw[i] > x + w) {
				r->bw[i] = 0;
				break;
			}
			col = x + w - r->bw[i];
		}
		r->bx[i] = col;
		r->bw[i] = canvas_text_cut(c, y, col, x + w - col, label[i],
		    ST_BOLD);
		if (r->sel == (int)r->n + i)
			canvas_focus(c, y, col, r->bw[i], 0);
		col += r->bw[i] + 3;
	}
}

/* Lines item j takes: the question, then its answer. */
static int
screen_review_lines(struct screen_review *r, size_t j, int w, char **answer)
{
	int n;

	char *p;

	*answer = survey_answer_text(r->v->sv, r->qs[j]);
	/* One paragraph: the lines of a long answer run together. */
	for (p = *answer; p != NULL && *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	n = *answer != NULL && **answer != '\0' ?
	    screen_survey_draw_wrap_count(*answer, w - 4, RV_ANSWER_LINES) : 1;
	return 1 + n;
}

/*
 * The review: what to do, the buttons (Submit first, in sight from the
 * first view), any error, then the answers, scrolled to keep the focus in
 * view.
 */
static void
screen_review_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_review *r = s->data;
	struct screen_survey *v = r->v;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, y = top, line, h;
	int total = 0, sel_first = -1, sel_last = -1;
	struct screen_survey_body d;
	char *answer, *label;
	size_t j;

	y += canvas_wrap(c, y, x, w, 2, _("Check your answers. Choose one to "
	    "change it, or submit them."), ST_BOLD, k->rtl);
	screen_review_buttons(r, c, y + 1, x, w);
	y += 3;
	if (r->error[0] != '\0')
		y += canvas_wrap(c, y, x, w, 3, r->error, ST_ERROR, k->rtl) + 1;
	r->list_y = y;
	r->list_h = top + height - y;
	if (r->list_h < 1)
		r->list_h = 1;
	/* Measure, to keep the selection in view. */
	for (j = 0; j < r->n; j++) {
		h = screen_review_lines(r, j, w, &answer);
		free(answer);
		if ((int)j == r->sel) {
			sel_first = total;
			sel_last = total + h - 1;
		}
		total += h;
	}
	if (sel_first >= 0 && sel_first < r->top)
		r->top = sel_first;
	if (sel_last >= r->top + r->list_h)
		r->top = sel_last - r->list_h + 1;
	if (r->top > total - r->list_h)
		r->top = total - r->list_h > 0 ? total - r->list_h : 0;
	memset(&d, 0, sizeof d);
	d.c = c;
	d.v = v;
	d.top = r->list_y;
	d.height = r->list_h;
	d.scroll = r->top;
	d.x = x;
	d.w = w;
	if (r->n == 0)
		canvas_text_cut(c, r->list_y, x, w, _("There are no answers to "
		    "check."), ST_DIM);
	for (j = 0, line = 0; j < r->n; j++) {
		int focused = (int)j == r->sel, k2;
		enum style st = focused ? ST_SELECTED : ST_NORMAL;

		h = screen_review_lines(r, j, w, &answer);
		if (focused) {
			for (k2 = 0; k2 < h; k2++)
				screen_survey_draw_fill(&d, line + k2, 0, w,
				    ST_SELECTED);
			screen_survey_draw_put(&d, line, 0, 2,
			    screen_survey_draw_glyph_focus(), st);
		}
		label = screen_review_label(v, r->qs[j]);
		screen_survey_draw_wrap(&d, line, 2, w - 2, label != NULL ?
		    label : v->form->questions[SURVEY_Q(r->qs[j])].name,
		    focused ? st : ST_BOLD, 1);
		free(label);
		if (answer != NULL && *answer != '\0')
			screen_survey_draw_wrap(&d, line + 1, 4, w - 4, answer,
			    st, RV_ANSWER_LINES);
		else
			screen_survey_draw_put(&d, line + 1, 4, w - 4,
			    _("(no answer)"), focused ? st : ST_DIM);
		free(answer);
		r->item_y[j] = screen_survey_draw_row(&d, line);
		r->item_h[j] = h;
		line += h;
	}
	if (r->top > 0)
		canvas_text(c, r->list_y, x + w, 1, utf8_locale_ok() ?
		    "\xe2\x86\x91" : "^", ST_DECOR);
	if (r->top + r->list_h < total)
		canvas_text(c, r->list_y + r->list_h - 1, x + w, 1,
		    utf8_locale_ok() ? "\xe2\x86\x93" : "v", ST_DECOR);
}

const struct screen_class screen_review_class = {
	.name = "review",
	.size = sizeof(struct screen_review),
	.enter = screen_review_enter,
	.leave = screen_review_leave,
	.key = screen_review_key,
	.draw = screen_review_draw,
	.title = screen_review_title,
	.bindings = screen_review_bindings,
};

/* "Leave this survey?": No is the default, so a stray Enter loses nothing. */
struct screen_leave {
	int	yes;
	int	by, bx[2], bw[2];
};

static int	screen_leave_press(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_leave_bindings[] = {
	BINDING_ARROWS_LR(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, ' ', screen_leave_press },
	{ "Esc", N_("carry on"), K_ESC, K_BACKSPACE, kiosk_back },
	BINDING_END
};

static int
screen_leave_act(struct kiosk *k, int yes)
{
	struct screen *t;

	if (!yes)
		return R_POP;
	kiosk_pop(k);
	while ((t = kiosk_top(k)) != NULL && k->depth > 1 &&
	    (t->cls == &screen_review_class || t->cls == &screen_survey_class))
		kiosk_pop(k);
	return R_REDRAW;
}

static int
screen_leave_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_leave *l = s->data;
	int i;

	if (ev->type == EV_MOUSE) {
		if (ev->button == MOUSE_CLICK && ev->my == l->by)
			for (i = 0; i < 2; i++)
				if (ev->mx >= l->bx[i] && ev->mx < l->bx[i] +
				    l->bw[i])
					return screen_leave_act(k, i);
		return R_NONE;
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_LEFT:
	case K_RIGHT:
	case K_UP:
	case K_DOWN:
	case K_TAB:
	case K_BTAB:
		l->yes = !l->yes;
		return R_REDRAW;
	}
	return R_NONE;
}

/* Enter or space: the button in focus (No is the default). */
static int
screen_leave_press(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_leave *l = s->data;

	(void)ev;
	return screen_leave_act(k, l->yes);
}

static void
screen_leave_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_leave *l = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, i, col = x;
	const char *label[2];
	char b[128];

	(void)k;
	(void)height;
	canvas_text_cut(c, top + 1, x, w, _("Leave this survey?"), ST_TITLE);
	canvas_text_cut(c, top + 3, x, w, _("Your answers will be lost."),
	    ST_NORMAL);
	label[0] = _("No, carry on");
	label[1] = _("Yes, leave");
	l->by = top + 5;
	for (i = 0; i < 2; i++) {
		snprintf(b, sizeof b, "[ %s ]", label[i]);
		l->bx[i] = col;
		l->bw[i] = canvas_text_cut(c, l->by, col, x + w - col, b,
		    ST_BOLD);
		if (l->yes == i)
			canvas_focus(c, l->by, col, l->bw[i], 0);
		col += l->bw[i] + 3;
	}
}

static const char *
screen_leave_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Leave this survey?");
}

const struct screen_class screen_leave_class = {
	.name = "leave",
	.size = sizeof(struct screen_leave),
	.key = screen_leave_key,
	.draw = screen_leave_draw,
	.title = screen_leave_title,
	.bindings = screen_leave_bindings,
};

/*
 * Thank you: Enter, space, Esc or a click on Finish starts again for the
 * next person. When the pack opens the contact door, and what was sealed
 * was not itself a request, a second button under Finish offers it.
 */
enum { TH_FINISH, TH_CONTACT, TH_NBUTTONS };

struct screen_thanks {
	int	contact;	/* what was sealed was a contact request */
	int	offer;		/* the contact button is shown */
	int	focus;		/* TH_* */
	int	by[TH_NBUTTONS], bx[TH_NBUTTONS], bw[TH_NBUTTONS];
};

static int
screen_thanks_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_thanks *t = s->data;

	t->contact = arg != NULL;
	t->offer = !t->contact && k->pack->contact != NULL;
	t->focus = TH_FINISH;
	return 0;
}

static int
screen_thanks_act(struct kiosk *k, struct screen_thanks *t, int button)
{
	if (button == TH_CONTACT && t->offer)
		return screen_surveys_contact(k);
	/* This screen is gone after this: touch nothing of it. */
	kiosk_reset(k);
	return R_NONE;
}

static int
screen_thanks_finish(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_thanks *t = s->data;

	(void)ev;
	return screen_thanks_act(k, t, t->focus);
}

static const struct binding screen_thanks_bindings[] = {
	{ "Enter", N_("finish"), K_ENTER, ' ', screen_thanks_finish },
	BINDING_END
};

static int
screen_thanks_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_thanks *t = s->data;
	int i;

	if (ev->type == EV_MOUSE && ev->button == MOUSE_CLICK) {
		for (i = 0; i < TH_NBUTTONS; i++)
			if ((i == TH_FINISH || t->offer) && ev->my == t->by[i] &&
			    ev->mx >= t->bx[i] && ev->mx < t->bx[i] + t->bw[i])
				return screen_thanks_act(k, t, i);
		/* Anywhere else: as it always did, the next person. */
		return t->offer ? R_NONE : screen_thanks_act(k, t, TH_FINISH);
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_ESC:
		return screen_thanks_act(k, t, TH_FINISH);
	case K_UP:
	case K_DOWN:
	case K_LEFT:
	case K_RIGHT:
	case K_TAB:
	case K_BTAB:
		if (t->offer)
			t->focus = !t->focus;
		return R_REDRAW;
	}
	return R_NONE;
}

static void
screen_thanks_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_thanks *t = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, i, row;
	struct screen_survey_body d;
	const char *label[TH_NBUTTONS];
	char b[256];
	int line = 0;

	memset(&d, 0, sizeof d);
	d.c = c;
	d.top = top + 1;
	d.height = height - 1;
	d.x = x;
	d.w = w;
	line += screen_survey_draw_wrap(&d, line, 0, w, _("Thank you"),
	    ST_TITLE, 0) + 1;
	line += screen_survey_draw_wrap(&d, line, 0, w, t->contact ?
	    _("Your request has been saved and locked. Only the council's "
	    "team who get back in touch with people can read it.") :
	    _("Your answers have been saved and locked."), ST_NORMAL, 0) + 1;
	line += screen_survey_draw_wrap(&d, line, 0, w, _("Press Enter to "
	    "finish. The next person will start from the beginning."),
	    ST_NORMAL, 0) + 1;
	if (t->offer)
		line += screen_survey_draw_wrap(&d, line, 0, w, _("Would you "
		    "like someone from the council to get in touch with you? "
		    "That is asked separately, and never joined to your "
		    "answers."), ST_NORMAL, 0) + 1;
	label[TH_FINISH] = _("Finish");
	label[TH_CONTACT] = screen_surveys_contact_label(k);
	for (i = 0; i < TH_NBUTTONS; i++) {
		t->by[i] = t->bw[i] = -1;
		if (i == TH_CONTACT && !t->offer)
			continue;
		if ((row = screen_survey_draw_row(&d, line++)) < 0)
			continue;
		snprintf(b, sizeof b, "[ %s ]", label[i]);
		t->by[i] = row;
		t->bx[i] = x;
		t->bw[i] = canvas_text(c, row, x, w, b, ST_BOLD);
		if (t->focus == i)
			canvas_focus(c, row, x, t->bw[i], 0);
	}
}

static const char *
screen_thanks_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Thank you");
}

const struct screen_class screen_thanks_class = {
	.name = "thanks",
	.size = sizeof(struct screen_thanks),
	.enter = screen_thanks_enter,
	.key = screen_thanks_key,
	.draw = screen_thanks_draw,
	.title = screen_thanks_title,
	.bindings = screen_thanks_bindings,
};
