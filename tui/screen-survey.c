/*
 * The survey runner: one screen of questions at a time, with Back and Next
 * that keep every answer; see screen-survey.h.
 *
 * Keys: the arrows move within a widget and on to the next question; Space
 * ticks (a checklist says so; it is not in the help line, where a text
 * field would make it untrue); Enter chooses and moves on (to the next question, then to the Next
 * button, so Enter twice answers a question and goes on); PgDn and PgUp are
 * Next and Back anywhere, even inside a text field (they work on the Linux
 * console and in tmux, where Ctrl keys are often taken); Tab and Shift-Tab
 * go from question to question; Esc asks before leaving. Backspace never
 * leaves a survey: it is too easy to press by mistake.
 *
 * Next checks the screen first and, if something is wrong, puts the focus on
 * that question with the message at it. After the last screen comes the
 * review; a question changed from the review returns there on Next.
 */
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/xlsform.h"
#include "tui/i18n.h"
#include "tui/screen-survey.h"

#define SV_TEXT_CHARS	SURVEY_MAX_TEXT_CHARS
#define SV_NUMBER_CHARS	40

static int	screen_survey_go_next(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_survey_go_back(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_survey_ask_leave(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_survey_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, NULL },
	{ "PgDn", N_("next"), K_PGDN, 0, screen_survey_go_next },
	{ "PgUp", N_("back"), K_PGUP, 0, screen_survey_go_back },
	{ "Esc", N_("leave"), K_ESC, 0, screen_survey_ask_leave },
	{ "F1", N_("help"), K_F1, 0, NULL },
	BINDING_END
};

const struct screen_survey_widget *
screen_survey_widget_of(struct screen_survey *v, size_t q)
{
	const struct xlsform_question *qq = &v->form->questions[SURVEY_Q(q)];

	/* A repeat's BEGIN reaches a widget only as its prompt. */
	if (qq->type == XLSFORM_BEGIN_GROUP && qq->repeat)
		return &widget_repeat;
	if (qq->type != XLSFORM_NOTE && survey_read_only(v->sv, q))
		return &widget_entry_note;
	switch (qq->type) {
	case XLSFORM_SELECT_ONE:
		if (survey_has_token(qq->appearance, "likert"))
			return &widget_scale;
		return &widget_choice;
	case XLSFORM_SELECT_MULTIPLE:
		return &widget_choice;
	case XLSFORM_RANK:
		return &widget_choice_rank;
	case XLSFORM_RANGE:
		return &widget_scale;
	case XLSFORM_TEXT:
	case XLSFORM_INTEGER:
	case XLSFORM_DECIMAL:
	case XLSFORM_DATE:
		return &widget_entry;
	case XLSFORM_ACKNOWLEDGE:
		return &widget_entry_ack;
	default:
		return &widget_entry_note;
	}
}

struct textfield *
screen_survey_field_of(struct screen_survey *v, size_t q)
{
	size_t i;

	for (i = 0; i < v->nfields; i++)
		if (v->fields[i].q == q)
			return &v->fields[i].tf;
	return NULL;
}

void
screen_survey_answer(struct screen_survey *v, size_t q, const char *value)
{
	const struct survey_screen *sc = survey_screen(v->sv, v->screen);
	size_t first = sc != NULL ? sc->first : SURVEY_NONE, at;

	survey_set(v->sv, q, value);
	v->draft_dirty = 1;
	if (v->has_problem && v->problem.q == q)
		v->has_problem = 0;
	/* A repeat_count may have made or removed screens: stay put. */
	if (first != SURVEY_NONE &&
	    (at = survey_screen_of(v->sv, first)) != SURVEY_NONE)
		v->screen = at;
}

static void
screen_survey_fields_free(struct screen_survey *v)
{
	size_t i;

	for (i = 0; i < v->nfields; i++)
		textfield_free(&v->fields[i].tf);
	free(v->fields);
	v->fields = NULL;
	v->nfields = 0;
}

/* A text field for every text-like question on the screen. */
static void
screen_survey_fields_make(struct screen_survey *v)
{
	const struct survey_screen *sc = survey_screen(v->sv, v->screen);
	const struct xlsform_question *qq;
	size_t q;

	screen_survey_fields_free(v);
	if (sc == NULL || (v->fields = calloc(sc->last - sc->first + 1,
	    sizeof *v->fields)) == NULL)
		return;
	for (q = sc->first; q <= sc->last; q++) {
		qq = &v->form->questions[SURVEY_Q(q)];
		if (screen_survey_widget_of(v, q) != &widget_entry)
			continue;
		textfield_init(&v->fields[v->nfields].tf, qq->type ==
		    XLSFORM_TEXT ? SV_TEXT_CHARS : SV_NUMBER_CHARS,
		    qq->type == XLSFORM_TEXT);
		textfield_set(&v->fields[v->nfields].tf,
		    survey_get_raw(v->sv, q));
		v->fields[v->nfields++].q = q;
	}
}

static int
screen_survey_stops(struct screen_survey *v, size_t q)
{
	const struct screen_survey_widget *wd;

	if (!survey_relevant(v->sv, q) ||
	    (!survey_type_shown(v->form->questions[SURVEY_Q(q)].type) &&
	    screen_survey_widget_of(v, q) != &widget_repeat))
		return 0;
	wd = screen_survey_widget_of(v, q);
	return wd->stops != NULL ? wd->stops(v, q) : 0;
}

static void
screen_survey_focus(struct screen_survey *v, size_t q, int dir)
{
	const struct screen_survey_widget *wd = screen_survey_widget_of(v, q);

	v->fq = q;
	v->fi = wd->arrive != NULL ? wd->arrive(v, q, dir) : 0;
	v->held = 0;
	v->follow = 1;
}

static void
screen_survey_focus_buttons(struct screen_survey *v, int button)
{
	v->fq = SV_BUTTONS;
	v->fi = button;
	v->held = 0;
	v->follow = 1;
}

/* Focus the next (dir 1) or previous (-1) question that takes the focus. */
static int
screen_survey_move_question(struct screen_survey *v, int dir)
{
	const struct survey_screen *sc = survey_screen(v->sv, v->screen);
	size_t q;

	if (sc == NULL)
		return 0;
	if (dir > 0) {
		if (v->fq == SV_BUTTONS)
			return 0;
		for (q = v->fq + 1; q <= sc->last; q++)
			if (screen_survey_stops(v, q) > 0) {
				screen_survey_focus(v, q, 1);
				return 1;
			}
		screen_survey_focus_buttons(v, SV_B_NEXT);
		return 1;
	}
	q = v->fq == SV_BUTTONS ? sc->last + 1 : v->fq;
	while (q-- > sc->first)
		if (screen_survey_stops(v, q) > 0) {
			screen_survey_focus(v, q, -1);
			return 1;
		}
	return 0;
}

void
screen_survey_goto(struct screen_survey *v, size_t screen, size_t focus_q)
{
	const struct survey_screen *sc;
	size_t q;

	v->screen = screen;
	v->draft_dirty = 1;	/* the draft remembers where the person was */
	v->scroll = 0;
	v->has_problem = 0;
	screen_survey_fields_make(v);
	if ((sc = survey_screen(v->sv, screen)) == NULL)
		return;
	if (focus_q != SURVEY_NONE && focus_q >= sc->first &&
	    focus_q <= sc->last && screen_survey_stops(v, focus_q) > 0) {
		screen_survey_focus(v, focus_q, 1);
		return;
	}
	for (q = sc->first; q <= sc->last; q++)
		if (screen_survey_stops(v, q) > 0) {
			screen_survey_focus(v, q, 1);
			return;
		}
	screen_survey_focus_buttons(v, SV_B_NEXT);
}

static int
screen_survey_next(struct kiosk *k, struct screen_survey *v)
{
	size_t n;

	if (survey_check_screen(v->sv, v->screen, &v->problem) != 0) {
		v->has_problem = 1;
		if (screen_survey_stops(v, v->problem.q) > 0)
			screen_survey_focus(v, v->problem.q, 1);
		v->follow = 1;
		return R_REDRAW;
	}
	n = survey_next(v->sv, v->screen);
	if (v->to_review || n == SURVEY_NONE) {
		v->to_review = 0;
		kiosk_push(k, &screen_review_class, v);
		return R_REDRAW;
	}
	screen_survey_goto(v, n, SURVEY_NONE);
	return R_REDRAW;
}

static int
screen_survey_back(struct screen_survey *v)
{
	size_t p = survey_prev(v->sv, v->screen);

	if (p == SURVEY_NONE)
		return R_NONE;
	v->to_review = 0;
	screen_survey_goto(v, p, SURVEY_NONE);
	return R_REDRAW;
}

static int
screen_survey_press(struct kiosk *k, struct screen_survey *v, int button)
{
	switch (button) {
	case SV_B_BACK:
		return screen_survey_back(v);
	case SV_B_NEXT:
		return screen_survey_next(k, v);
	case SV_B_LEAVE:
		kiosk_push(k, &screen_leave_class, NULL);
		return R_REDRAW;
	}
	return R_NONE;
}

static int
screen_survey_mouse(struct kiosk *k, struct screen_survey *v,
    const struct ev *ev)
{
	const struct screen_survey_widget *wd;
	const struct screen_survey_hit *h;
	size_t i;
	int max = v->body_lines - v->body_h;

	if (ev->button == MOUSE_WHEEL_UP || ev->button == MOUSE_WHEEL_DOWN) {
		v->scroll += ev->button == MOUSE_WHEEL_UP ? -3 : 3;
		if (v->scroll > max)
			v->scroll = max;
		if (v->scroll < 0)
			v->scroll = 0;
		v->follow = 0;
		return R_REDRAW;
	}
	if (ev->button != MOUSE_CLICK)
		return R_NONE;
	for (i = 0; i < v->nhits; i++) {
		h = &v->hits[i];
		if (ev->my != h->y || ev->mx < h->x || ev->mx >= h->x + h->w)
			continue;
		if (h->q == SV_BUTTONS) {
			screen_survey_focus_buttons(v, h->item);
			return screen_survey_press(k, v, h->item);
		}
		wd = screen_survey_widget_of(v, h->q);
		if (v->fq != h->q)
			screen_survey_focus(v, h->q, 1);
		v->follow = 1;
		if (wd->click != NULL && wd->click(v, h->q, h->item) ==
		    SVW_NEXT)
			return screen_survey_next(k, v);
		return R_REDRAW;
	}
	return R_NONE;
}

static int
screen_survey_buttons_key(struct kiosk *k, struct screen_survey *v, int key)
{
	switch (key) {
	case K_LEFT:
	case K_BTAB:
		if (v->fi > 0)
			v->fi--;
		else if (key == K_BTAB)
			screen_survey_move_question(v, -1);
		return R_REDRAW;
	case K_RIGHT:
	case K_TAB:
		if (v->fi + 1 < SV_NBUTTONS)
			v->fi++;
		return R_REDRAW;
	case K_UP:
		screen_survey_move_question(v, -1);
		return R_REDRAW;
	case K_ENTER:
	case ' ':
		return screen_survey_press(k, v, v->fi);
	}
	return -1;
}

static int
screen_survey_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_survey *v = s->data;
	const struct screen_survey_widget *wd;
	int r;

	if (ev->type == EV_MOUSE)
		return screen_survey_mouse(k, v, ev);
	if (ev->type != EV_KEY)
		return R_NONE;
	v->follow = 1;
	if (ev->key == K_F1 || ev->key == K_F12)
		return R_UNHANDLED;
	if (v->fq == SV_BUTTONS) {
		if ((r = screen_survey_buttons_key(k, v, ev->key)) >= 0)
			return r;
	} else {
		wd = screen_survey_widget_of(v, v->fq);
		switch (wd->key != NULL ? wd->key(v, v->fq, ev) : SVW_NONE) {
		case SVW_DONE:
			return R_REDRAW;
		case SVW_NEXT:
			return screen_survey_next(k, v);
		case SVW_ADVANCE:
			v->held = 0;
			screen_survey_move_question(v, 1);
			return R_REDRAW;
		}
		switch (ev->key) {
		case K_UP:
		case K_BTAB:
			screen_survey_move_question(v, -1);
			return R_REDRAW;
		case K_DOWN:
		case K_TAB:
			screen_survey_move_question(v, 1);
			return R_REDRAW;
		}
		if (wd->text)
			return R_NONE;
	}
	/* Help and search from a survey; nothing else leaves it. */
	if (ev->key == '?' || ev->key == '/')
		return R_UNHANDLED;
	return R_NONE;
}

/* PgDn: the next screen of questions (or the review). */
static int
screen_survey_go_next(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_survey *v = s->data;

	(void)ev;
	v->follow = 1;
	return screen_survey_next(k, v);
}

/* PgUp: the screen before. */
static int
screen_survey_go_back(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_survey *v = s->data;

	(void)k;
	(void)ev;
	v->follow = 1;
	return screen_survey_back(v);
}

/* Esc: "Leave this survey?" */
static int
screen_survey_ask_leave(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_survey *v = s->data;

	(void)ev;
	v->follow = 1;
	kiosk_push(k, &screen_leave_class, NULL);
	return R_REDRAW;
}

static int
screen_survey_enter(struct kiosk *k, struct screen *s, const void *varg)
{
	const struct runner_arg *arg = varg;
	struct screen_survey *v = s->data;
	char *cause = NULL;
	size_t first;

	v->form = arg->form;
	v->survey = arg->survey;
	v->feedback = arg->feedback;
	v->contact = arg->contact;
	/* Answers that could not be stored are not asked for. */
	if (kiosk_submit_open(k, &cause) != 0) {
		kiosk_notice(k, _("Answers cannot be saved on this laptop: %s"),
		    cause != NULL ? cause : _("the outbox did not open"));
		free(cause);
		return -1;
	}
	v->started = arg->resume != NULL ? (time_t)arg->resume->started :
	    time(NULL);
	if (survey_new(v->form, k->lang, v->started, &v->sv, NULL) != 0) {
		kiosk_notice(k, "%s", _("Sorry, this survey cannot be opened."));
		return -1;
	}
	if ((first = survey_first(v->sv)) == SURVEY_NONE) {
		kiosk_notice(k, "%s", _("This survey has no questions."));
		return -1;
	}
	v->review_q = SURVEY_NONE;
	/* Feedback from a page: about that page, or the commitment read. */
	if (arg->topic_page != NULL || arg->topic_heading != NULL)
		survey_preset_topic(v->sv, arg->topic_page, arg->topic_heading,
		    arg->topic_lang != NULL ? arg->topic_lang : k->lang);
	screen_survey_goto(v, first, SURVEY_NONE);
	if (arg->resume != NULL)
		screen_survey_draft_restore(k, v, arg->resume);
	else
		/* A new person, a new key: any earlier draft goes. */
		draft_begin(k->home, NULL);
	return 0;
}

static void
screen_survey_leave(struct kiosk *k, struct screen *s)
{
	struct screen_survey *v = s->data;

	/* Sealed, abandoned or reset: the draft and its key go too. */
	draft_destroy(k->home, NULL);
	screen_survey_fields_free(v);
	survey_free(&v->sv);
	xlsform_free(&v->form);
	free(v->hits);
	v->hits = NULL;
	v->nhits = v->hcap = 0;
}

static const char *
screen_survey_title(struct kiosk *k, struct screen *s)
{
	struct screen_survey *v = s->data;

	if (v->form == NULL)
		return NULL;
	return v->survey != NULL ? pack_text_survey(k->pack, v->survey,
	    k->lang, v->form->title) : v->form->title;
}

static void
screen_survey_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_survey *v = s->data;

	/* The person may have changed language: labels follow, answers stay. */
	if (strcmp(survey_lang(v->sv), k->lang) != 0)
		survey_set_lang(v->sv, k->lang);
	screen_survey_draw_screen(k, v, c, top, height);
}

const struct screen_class screen_survey_class = {
	.name = "survey",
	.size = sizeof(struct screen_survey),
	.text_input = 1,
	.enter = screen_survey_enter,
	.leave = screen_survey_leave,
	.key = screen_survey_key,
	.draw = screen_survey_draw,
	.title = screen_survey_title,
	.bindings = screen_survey_bindings,
	.flush = screen_survey_draft_flush,
	.news = screen_survey_draft_news,
};
