/*
 * One person's vote on the laptop: the question and its choices, large and
 * plain, and a Vote button. After each vote the screen is cleared and
 * says "Thank you - next person"; the running totals are never shown
 * here. A voter cannot leave this screen: every key but the vote's own is
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
	unsigned char	*chosen;	/* one per choice; wiped after a vote */
	size_t		 focus;		/* a choice, or v->n: Vote */
	int		 scroll;	/* first body line shown */
	int		 focus_line;	/* body line of the focus, last drawn */
	char		 msg[256];
};

static int	screen_vote_person_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_vote_person_bindings[] = {
	{ "\xe2\x86\x91\xe2\x86\x93", N_("move"), 0, 0, NULL },
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
	    (p->chosen = calloc(p->v->n, 1)) == NULL)
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

static int
screen_vote_person_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_vote_person *p = s->data;
	struct vote *v = p->v;

	if (ev->type != EV_KEY)
		return R_NONE;
	if (ev->key == K_F12)
		return screen_vote_person_stop(k);
	if (p->phase == VPP_THANKS)
		return R_NONE;
	switch (ev->key) {
	case K_UP:
	case K_BTAB:
		if (p->focus > 0)
			p->focus--;
		return R_REDRAW;
	case K_DOWN:
	case K_TAB:
		if (p->focus < v->n)
			p->focus++;
		return R_REDRAW;
	case K_HOME:
		p->focus = 0;
		return R_REDRAW;
	case K_END:
		p->focus = v->n;
		return R_REDRAW;
	}
	/* Everything else (Esc, help, search...) does nothing here. */
	return R_NONE;
}

/*
 * Space or Enter: choose the choice in focus; Enter on Vote casts the
 * vote. After the thank-you, either starts the next person.
 */
static int
screen_vote_person_choose(struct kiosk *k, struct screen *s,
    const struct ev *ev)
{
	struct screen_vote_person *p = s->data;
	struct vote *v = p->v;

	if (p->phase == VPP_THANKS) {
		/* The next person starts with a clean screen. */
		p->phase = VPP_ASK;
		p->focus = 0;
		p->scroll = 0;
		p->msg[0] = '\0';
		k->wipe = 1;
		return R_REDRAW;
	}
	if (p->focus < v->n) {
		if (v->multiple)
			p->chosen[p->focus] = !p->chosen[p->focus];
		else {
			memset(p->chosen, 0, v->n);
			p->chosen[p->focus] = 1;
			/* One choice: on to Vote, one more Enter. */
			if (ev->key == K_ENTER)
				p->focus = v->n;
		}
		p->msg[0] = '\0';
		return R_REDRAW;
	}
	if (ev->key != K_ENTER)
		return R_NONE;
	if (screen_vote_cast(v, p->chosen, p->msg, sizeof p->msg) != 0)
		return R_REDRAW;
	explicit_bzero(p->chosen, v->n);
	p->phase = VPP_THANKS;
	p->msg[0] = '\0';
	k->wipe = 1;
	return R_REDRAW;
}

/* Lay out (c NULL: measure) the question and its choices from line 0. */
static int
screen_vote_person_body(struct screen_vote_person *p, struct canvas *c,
    int top, int height, int x, int w)
{
	struct vote *v = p->v;
	int line = 0, n, row, mw = 6;	/* "▶ (*) " */
	const char *focus = utf8_locale_ok() ? "\xe2\x96\xb6" : ">";
	size_t i;
	const char *mark;
	char button[96];

	/* The question, wrapped. */
	n = screen_session_wrap(NULL, 0, x, w, v->title, DOC_A_HEADING, 6);
	if (c != NULL && line - p->scroll >= 0)
		screen_session_wrap(c, top + line - p->scroll, x, w, v->title,
		    DOC_A_HEADING, height - (line - p->scroll));
	line += n + 1;
	for (i = 0; i <= v->n; i++) {
		if (i == p->focus)
			p->focus_line = line;
		row = top + line - p->scroll;
		if (i == v->n) {
			snprintf(button, sizeof button, "[ %s ]", _("Vote"));
			line++;
			row++;
			if (i == p->focus)
				p->focus_line = line;
			if (c != NULL && row >= top && row < top + height) {
				canvas_text(c, row, x + mw, w - mw, button,
				    i == p->focus ? ST_SELECTED : ST_BOLD);
				if (i == p->focus)
					canvas_text(c, row, x, 2, focus, ST_BOLD);
			}
			line++;
			break;
		}
		mark = v->multiple ? (p->chosen[i] ? "[x]" : "[ ]") :
		    (p->chosen[i] ? "(*)" : "( )");
		n = screen_session_wrap(NULL, 0, 0, w - mw, v->labels[i], 0, 8);
		if (c != NULL) {
			if (row >= top && row < top + height) {
				if (i == p->focus) {
					canvas_fill(c, row, x, w, ST_SELECTED);
					canvas_text(c, row, x, 2, focus,
					    ST_SELECTED);
				}
				canvas_text(c, row, x + 2, mw - 2, mark,
				    i == p->focus ? ST_SELECTED : ST_BOLD);
			}
			/* Lines above the top are skipped by drawing below. */
			if (row >= top)
				screen_session_wrap(c, row, x + mw, w - mw,
				    v->labels[i], 0, top + height - row);
		}
		line += n + 1;	/* a blank line between choices */
	}
	return line;
}

static void
screen_vote_person_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_vote_person *p = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, h = height - 2, total;

	(void)k;
	if (p->phase == VPP_THANKS) {
		canvas_text_cut(c, top + height / 2 - 1, x, w, _("Thank you. "
		    "Your vote is counted."), ST_TITLE);
		canvas_text_cut(c, top + height / 2 + 1, x, w, _("Next person: "
		    "press Enter to vote."), ST_BOLD);
		return;
	}
	/* Measure, keep the focus in view, then draw. */
	total = screen_vote_person_body(p, NULL, top, h, x, w);
	if (p->focus_line < p->scroll)
		p->scroll = p->focus_line;
	if (p->focus_line >= p->scroll + h)
		p->scroll = p->focus_line - h + 2;
	if (p->scroll > total - h)
		p->scroll = total - h > 0 ? total - h : 0;
	if (p->focus_line < p->scroll)
		p->scroll = p->focus_line;
	screen_vote_person_body(p, c, top, h, x, w);
	if (p->msg[0] != '\0')
		canvas_text_cut(c, top + height - 1, x, w, p->msg, ST_ERROR);
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
