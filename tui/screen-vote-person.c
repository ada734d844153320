/*
 * One person's vote on the laptop: the question and its choices, large and
 * plain, and on the last row, always in sight, Vote and "Skip this vote"
 * (the consent script promises that anyone may skip a vote). After each
 * vote or skip the screen is cleared and says "Thank you - next person";
 * the running totals are never shown here. A voter cannot leave this screen: every key but the vote's own is
 * ignored, and F12 asks for the facilitator's PIN (the vote then goes back
 * to the facilitator's screen, screen-vote.c). It waits for the next
 * voter as long as it takes: no idle reset while it is on top.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "content/err.h"
#include "content/utf8.h"
#include "sync/pin.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/screen-session.h"
#include "tui/screen-vote.h"

enum { VPP_ASK, VPP_THANKS };

struct screen_vote_person {
	struct vote	*v;
	int		 phase;
	int		 skipped;	/* the thank-you after a skip */
	unsigned char	*chosen;	/* one per choice; wiped after a vote */
	size_t		 focus;		/* a choice, v->n: Vote, v->n + 1: Skip */
	int		 scroll;	/* first body line shown */
	int		 focus_line;	/* body line of the focus, last drawn */
	int		 body_top, body_h;	/* where the choices were drawn */
	int		*choice_line;	/* body line of each choice, last drawn */
	int		 by, bx[2], bw[2];	/* Vote and Skip, for clicks */
};

#define VPP_VOTE(v)	((v)->n)
#define VPP_SKIP(v)	((v)->n + 1)

static int	screen_vote_person_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_vote_person_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Space", N_("choose"), ' ', 0, screen_vote_person_choose },
	{ "Enter", N_("choose or vote"), K_ENTER, 0, screen_vote_person_choose },
	BINDING_END
};

static int
screen_vote_person_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_vote_person *p = s->data;

	p->v = (struct vote *)(uintptr_t)arg;
	if (p->v == NULL || p->v->n == 0 ||
	    (p->chosen = calloc(p->v->n, 1)) == NULL ||
	    (p->choice_line = calloc(p->v->n, sizeof *p->choice_line)) ==
	    NULL)
		return -1;
	k->wipe = 1;
	return 0;
}

static void
screen_vote_person_leave(struct kiosk *k, struct screen *s)
{
	struct screen_vote_person *p = s->data;

	k->wipe = 1;
	if (p->chosen != NULL && p->v != NULL)
		explicit_bzero(p->chosen, p->v->n);
	free(p->chosen);
	free(p->choice_line);
}

static const char *
screen_vote_person_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Vote");
}

/* The facilitator stops the vote: the PIN, then back to the vote screen. */
static int
screen_vote_person_stop(struct kiosk *k)
{
	struct pin_arg a = { 1, NULL, NULL };

	if (!pin_is_set(k->home))
		return R_POP;
	kiosk_push(k, &screen_pin_class, &a);
	return R_REDRAW;
}

/* The next person starts with a clean screen. */
static int
screen_vote_person_next(struct kiosk *k, struct screen_vote_person *p)
{
	explicit_bzero(p->chosen, p->v->n);
	p->phase = VPP_ASK;
	p->skipped = 0;
	p->focus = 0;
	p->scroll = 0;
	k->wipe = 1;
	return R_REDRAW;
}

/* Vote (or skip, as the consent script promises): then the thank-you. */
static int
screen_vote_person_cast(struct kiosk *k, struct screen_vote_person *p,
    int skip)
{
	char msg[256];

	if (!skip && screen_vote_cast(p->v, p->chosen, msg, sizeof msg) != 0) {
		kiosk_notice(k, "%s", msg);
		return R_REDRAW;
	}
	explicit_bzero(p->chosen, p->v->n);
	p->phase = VPP_THANKS;
	p->skipped = skip;
	k->wipe = 1;
	return R_REDRAW;
}

/* Choose choice i: tick it, or (one choice only) make it the one. */
static void
screen_vote_person_tick(struct screen_vote_person *p, size_t i)
{
	if (p->v->multiple)
		p->chosen[i] = !p->chosen[i];
	else {
		memset(p->chosen, 0, p->v->n);
		p->chosen[i] = 1;
	}
}

static int
screen_vote_person_mouse(struct kiosk *k, struct screen_vote_person *p,
    const struct ev *ev)
{
	size_t i;
	int line, b;

	if (ev->button == MOUSE_WHEEL_UP || ev->button == MOUSE_WHEEL_DOWN) {
		p->scroll += ev->button == MOUSE_WHEEL_UP ? -3 : 3;
		if (p->scroll < 0)
			p->scroll = 0;
		return R_REDRAW;
	}
	if (ev->button != MOUSE_CLICK)
		return R_NONE;
	if (p->phase == VPP_THANKS)
		return screen_vote_person_next(k, p);
	if (ev->my == p->by)
		for (b = 0; b < 2; b++)
			if (ev->mx >= p->bx[b] && ev->mx < p->bx[b] + p->bw[b]) {
				p->focus = b == 0 ? VPP_VOTE(p->v) :
				    VPP_SKIP(p->v);
				return screen_vote_person_cast(k, p, b == 1);
			}
	if (ev->my < p->body_top || ev->my >= p->body_top + p->body_h)
		return R_NONE;
	line = ev->my - p->body_top + p->scroll;
	for (i = p->v->n; i-- > 0; )
		if (p->choice_line[i] >= 0 && line >= p->choice_line[i]) {
			p->focus = i;
			screen_vote_person_tick(p, i);
			return R_REDRAW;
		}
	return R_NONE;
}

static int
screen_vote_person_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_vote_person *p = s->data;
	struct vote *v = p->v;

	if (ev->type == EV_MOUSE)
		return screen_vote_person_mouse(k, p, ev);
	if (ev->type != EV_KEY)
		return R_NONE;
	if (ev->key == K_F12)
		return screen_vote_person_stop(k);
	if (p->phase == VPP_THANKS)
		return R_NONE;
	switch (ev->key) {
	case K_UP:
	case K_BTAB:
	case K_LEFT:
		if (p->focus > 0)
			p->focus--;
		return R_REDRAW;
	case K_DOWN:
	case K_TAB:
	case K_RIGHT:
		if (p->focus < VPP_SKIP(v))
			p->focus++;
		return R_REDRAW;
	case K_HOME:
		p->focus = 0;
		return R_REDRAW;
	case K_END:
		p->focus = VPP_VOTE(v);
		return R_REDRAW;
	}
	/* Everything else (Esc, help, search...) does nothing here. */
	return R_NONE;
}

/*
 * Space or Enter: choose the choice in focus; Enter on Vote casts the
 * vote, on Skip skips it. After the thank-you, either starts the next
 * person.
 */
static int
screen_vote_person_choose(struct kiosk *k, struct screen *s,
    const struct ev *ev)
{
	struct screen_vote_person *p = s->data;
	struct vote *v = p->v;

	if (p->phase == VPP_THANKS)
		return screen_vote_person_next(k, p);
	if (p->focus < v->n) {
		screen_vote_person_tick(p, p->focus);
		/* One choice: on to Vote, one more Enter. */
		if (!v->multiple && ev->key == K_ENTER)
			p->focus = VPP_VOTE(v);
		return R_REDRAW;
	}
	if (ev->key != K_ENTER)
		return R_NONE;
	return screen_vote_person_cast(k, p, p->focus == VPP_SKIP(v));
}

/* Lay out (c NULL: measure) the question and its choices from line 0. */
static int
screen_vote_person_body(struct screen_vote_person *p, struct canvas *c,
    int top, int height, int x, int w)
{
	struct vote *v = p->v;
	int line = 0, n, row, mw = 6;	/* "▶ (*) " */
	size_t i;
	const char *mark;

	/* The question, wrapped. */
	n = screen_session_wrap(NULL, 0, x, w, v->title, DOC_A_HEADING, 6);
	if (c != NULL && line - p->scroll >= 0)
		screen_session_wrap(c, top + line - p->scroll, x, w, v->title,
		    DOC_A_HEADING, height - (line - p->scroll));
	line += n + 1;
	for (i = 0; i < v->n; i++) {
		if (i == p->focus)
			p->focus_line = line;
		p->choice_line[i] = line;
		row = top + line - p->scroll;
		mark = v->multiple ? (p->chosen[i] ? "[x]" : "[ ]") :
		    (p->chosen[i] ? "(*)" : "( )");
		n = screen_session_wrap(NULL, 0, 0, w - mw, v->labels[i], 0, 8);
		if (c != NULL && row >= top && row < top + height) {
			canvas_text(c, row, x + 2, mw - 2, mark, ST_BOLD);
			/* Lines above the top are skipped by drawing below. */
			screen_session_wrap(c, row, x + mw, w - mw,
			    v->labels[i], 0, top + height - row);
			if (i == p->focus)
				canvas_focus(c, row, x + 2, w - 2, 0);
		}
		line += n;
	}
	if (p->focus >= v->n)
		p->focus_line = -1;
	return line;
}

static void
screen_vote_person_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_vote_person *p = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, h = height - 2, total;
	int b, col;

	if (p->phase == VPP_THANKS) {
		canvas_wrap(c, top + height / 2 - 2, x, w, 2, p->skipped ?
		    _("Thank you.") : _("Thank you. Your vote is counted."),
		    ST_TITLE, k->rtl);
		canvas_wrap(c, top + height / 2 + 1, x, w, 2, _("Next person: "
		    "press Enter to vote."), ST_BOLD, k->rtl);
		return;
	}
	/* Measure, keep the focus in view, then draw. */
	total = screen_vote_person_body(p, NULL, top, h, x, w);
	if (p->focus_line >= 0) {
		if (p->focus_line < p->scroll)
			p->scroll = p->focus_line;
		if (p->focus_line >= p->scroll + h)
			p->scroll = p->focus_line - h + 2;
	}
	if (p->scroll > total - h)
		p->scroll = total - h > 0 ? total - h : 0;
	if (p->focus_line >= 0 && p->focus_line < p->scroll)
		p->scroll = p->focus_line;
	p->body_top = top;
	p->body_h = h;
	screen_vote_person_body(p, c, top, h, x, w);
	if (p->scroll > 0)
		canvas_text(c, top, x + w, 1, utf8_locale_ok() ? "\xe2\x86\x91" :
		    "^", ST_DECOR);
	if (p->scroll + h < total)
		canvas_text(c, top + h - 1, x + w, 1, utf8_locale_ok() ?
		    "\xe2\x86\x93" : "v", ST_DECOR);
	/* Vote and Skip stay on the last row, always in sight. */
	p->by = top + height - 1;
	for (b = 0, col = x + 2; b < 2; b++) {
		p->bx[b] = col;
		p->bw[b] = canvas_button(c, p->by, col, x + w - col, b == 0 ?
		    _("Vote") : _("Skip this vote"), p->focus ==
		    (b == 0 ? VPP_VOTE(p->v) : VPP_SKIP(p->v)), 0);
		col += p->bw[b] + 4;
	}
}

const struct screen_class screen_vote_person_class = {
	.name = "vote-person",
	.size = sizeof(struct screen_vote_person),
	.idle_keep = 1,
	.enter = screen_vote_person_enter,
	.leave = screen_vote_person_leave,
	.key = screen_vote_person_key,
	.draw = screen_vote_person_draw,
	.title = screen_vote_person_title,
	.bindings = screen_vote_person_bindings,
};
