/*
 * The home screen: what a person sees first, and what the kiosk returns to
 * between people. A short welcome and a numbered menu of what can be done.
 */
#include <stdlib.h>
#include <string.h>

#include "content/pack.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-directory.h"
#include "tui/screen-page.h"

enum home_item {
	HOME_READ,
	HOME_SAY,
	HOME_FEEDBACK,
	HOME_SUPPORT,
	HOME_HELP,
};

struct screen_home {
	struct menu	menu;
	const char	*built_lang;	/* language the labels were made in */
	char		 lang[36];
};

static const struct binding screen_home_bindings[] = {
	{ "\xe2\x86\x91\xe2\x86\x93", N_("move") },
	{ "Enter", N_("choose") },
	{ "1-5", N_("choose") },
	{ "/", N_("search") },
	{ "?", N_("help") },
	{ NULL, NULL }
};

static void
screen_home_build(struct kiosk *k, struct screen_home *h)
{
	size_t sel = h->menu.sel;

	menu_clear(&h->menu);
	h->menu.numbered = 1;
	menu_add(&h->menu, _("Read our plans"), NULL, HOME_READ);
	menu_add(&h->menu, _("Have your say"), _("(coming soon)"), HOME_SAY);
	menu_add(&h->menu, _("Leave feedback"), _("(coming soon)"),
	    HOME_FEEDBACK);
	if (screen_directory_available(k->pack))
		menu_add(&h->menu, _("Find support"), NULL, HOME_SUPPORT);
	menu_add(&h->menu, _("Help and accessibility"), NULL, HOME_HELP);
	h->menu.sel = sel < h->menu.n ? sel : 0;
	memcpy(h->lang, k->lang, sizeof h->lang);
}

static int
screen_home_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	(void)arg;
	screen_home_build(k, s->data);
	return 0;
}

static void
screen_home_leave(struct kiosk *k, struct screen *s)
{
	struct screen_home *h = s->data;

	(void)k;
	menu_clear(&h->menu);
}

static int
screen_home_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_home *h = s->data;
	const struct menu_item *it;

	switch (menu_key(&h->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		break;
	default:
		/* Esc and Backspace on the home screen go nowhere. */
		if (ev->type == EV_KEY && (ev->key == K_ESC ||
		    ev->key == K_BACKSPACE))
			return R_NONE;
		return R_UNHANDLED;
	}
	it = menu_selected(&h->menu);
	switch (it->id) {
	case HOME_READ:
		kiosk_push(k, &screen_pages_class, NULL);
		break;
	case HOME_SAY:
	case HOME_FEEDBACK:
		kiosk_push(k, &screen_soon_class, it->label);
		break;
	case HOME_SUPPORT:
		kiosk_push(k, &screen_directory_class, NULL);
		break;
	case HOME_HELP:
		kiosk_push(k, &screen_help_class, NULL);
		break;
	}
	return R_REDRAW;
}

static void
screen_home_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_home *h = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;

	if (strcmp(h->lang, k->lang) != 0)
		screen_home_build(k, h);
	canvas_text_cut(c, y++, x, w, _("Welcome"), ST_TITLE);
	if (height >= 14) {
		y++;
		canvas_text_cut(c, y++, x, w, _("Hackney Adult Social Care "
		    "wants to hear from you."), ST_NORMAL);
	}
	canvas_text_cut(c, y++, x, w, _("What would you like to do?"),
	    ST_NORMAL);
	y++;
	menu_draw(&h->menu, c, y, x, w, top + height - y);
	y += (int)h->menu.n + 1;
	if (y < top + height)
		canvas_text_cut(c, y, x, w, _("Use the arrow keys and Enter, "
		    "a number key, or the mouse."), ST_DIM);
}

const struct screen_class screen_home_class = {
	.name = "home",
	.size = sizeof(struct screen_home),
	.enter = screen_home_enter,
	.leave = screen_home_leave,
	.key = screen_home_key,
	.draw = screen_home_draw,
	.bindings = screen_home_bindings,
};
