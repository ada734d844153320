/*
 * A question before something that cannot be undone ("End the session?"):
 * what will happen, then two buttons, the one that changes nothing first
 * and in focus, so a stray Enter loses nothing. Esc, Backspace and the
 * first button go back; the second does it (struct confirm_arg). Its
 * words are message ids, translated when drawn, so a change of language
 * reaches them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/kiosk.h"

struct screen_confirm {
	struct confirm_arg	 a;
	char			 detail[512];
	int			 yes;		/* the focus is on Yes */
	int			 by, bx[2], bw[2];
};

static int	screen_confirm_press(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_confirm_bindings[] = {
	BINDING_ARROWS_LR(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, ' ', screen_confirm_press },
	{ "Esc", N_("back"), K_ESC, K_BACKSPACE, kiosk_back },
	BINDING_END
};

static int
screen_confirm_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_confirm *c = s->data;
	const struct confirm_arg *a = arg;

	(void)k;
	if (a == NULL || a->act == NULL)
		return -1;
	c->a = *a;
	snprintf(c->detail, sizeof c->detail, "%s", a->detail != NULL ?
	    a->detail : "");
	c->a.detail = NULL;
	return 0;
}

static const char *
screen_confirm_title(struct kiosk *k, struct screen *s)
{
	struct screen_confirm *c = s->data;

	(void)k;
	return _(c->a.title);
}

/* Yes: this screen goes, then what was asked for is done. */
static int
screen_confirm_act(struct kiosk *k, struct screen_confirm *c, int yes)
{
	struct confirm_arg a = c->a;

	if (!yes)
		return R_POP;
	kiosk_pop(k);	/* c is freed here */
	return a.act(k, a.ctx);
}

static int
screen_confirm_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_confirm *c = s->data;
	int i;

	if (ev->type == EV_MOUSE) {
		if (ev->button == MOUSE_CLICK && ev->my == c->by)
			for (i = 0; i < 2; i++)
				if (ev->mx >= c->bx[i] && ev->mx < c->bx[i] +
				    c->bw[i])
					return screen_confirm_act(k, c, i);
		return R_NONE;
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_LEFT:
	case K_UP:
	case K_BTAB:
		c->yes = 0;
		return R_REDRAW;
	case K_RIGHT:
	case K_DOWN:
	case K_TAB:
		c->yes = 1;
		return R_REDRAW;
	}
	return R_NONE;
}

/* Enter or space: the button in focus. */
static int
screen_confirm_press(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_confirm *c = s->data;

	(void)ev;
	return screen_confirm_act(k, c, c->yes);
}

static void
screen_confirm_draw(struct kiosk *k, struct screen *s, struct canvas *cv,
    int top, int height)
{
	struct screen_confirm *c = s->data;
	int x = cv->w >= 60 ? 4 : 1, w = cv->w - 2 * x, y = top + 1, i, col;
	const char *label[2];

	y += canvas_wrap(cv, y, x, w, 3, _(c->a.title), ST_TITLE, k->rtl) + 1;
	if (c->detail[0] != '\0')
		y += canvas_wrap(cv, y, x, w, height - 6, c->detail, ST_NORMAL,
		    k->rtl) + 1;
	label[0] = _(c->a.no);
	label[1] = _(c->a.yes);
	c->by = y < top + height ? y : top + height - 1;
	for (i = 0, col = x; i < 2; i++) {
		c->bx[i] = col;
		c->bw[i] = canvas_button(cv, c->by, col, x + w - col, label[i],
		    c->yes == i, 0);
		col += c->bw[i] + 3;
	}
}

const struct screen_class screen_confirm_class = {
	.name = "confirm",
	.size = sizeof(struct screen_confirm),
	.behind_pin = 1,
	.enter = screen_confirm_enter,
	.key = screen_confirm_key,
	.draw = screen_confirm_draw,
	.title = screen_confirm_title,
	.bindings = screen_confirm_bindings,
};
