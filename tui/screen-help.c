/*
 * Help and accessibility: the keys that work everywhere, the colour themes,
 * and where to find the plain mode for screen readers. The theme chosen
 * here lasts until the kiosk resets for the next person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"

struct screen_help {
	struct menu	menu;
	char		lang[36];	/* language the menu was made in */
};

static int	screen_help_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_help_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_help_choose },
	{ "Esc", N_("back"), K_ESC, 0, NULL },
	BINDING_END
};

static const char *const help_lines[] = {
	N_("Arrow keys: move, or scroll a page."),
	N_("Enter: choose, or open a link.  Tab: next link."),
	N_("Esc: go back.  /: search the pages."),
	N_("?: this help, from any screen.  The mouse works too."),
	N_("F2: choose another language, from any screen."),
	N_("F3: hear this screen read aloud; again: read it again."),
	N_("F4: stop speech.  F5: slower.  F6: hear what you typed."),
};

enum {
	HELP_THEME_DEFAULT,
	HELP_THEME_CONTRAST,
	HELP_THEME_MONO,
};

static void
screen_help_build(struct kiosk *k, struct screen_help *h)
{
	size_t sel = h->menu.sel;

	menu_clear(&h->menu);
	menu_add(&h->menu, _("Standard colours"), k->theme == THEME_DEFAULT ?
	    _("(in use)") : NULL, HELP_THEME_DEFAULT);
	menu_add(&h->menu, _("High contrast"), k->theme == THEME_CONTRAST ?
	    _("(in use)") : NULL, HELP_THEME_CONTRAST);
	menu_add(&h->menu, _("Black and white"), k->theme == THEME_MONO ?
	    _("(in use)") : NULL, HELP_THEME_MONO);
	h->menu.sel = sel;
	snprintf(h->lang, sizeof h->lang, "%s", k->lang);
}

static int
screen_help_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	(void)arg;
	screen_help_build(k, s->data);
	return 0;
}

static void
screen_help_leave(struct kiosk *k, struct screen *s)
{
	struct screen_help *h = s->data;

	(void)k;
	menu_clear(&h->menu);
}

static const char *
screen_help_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Help and accessibility");
}

static int
screen_help_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_help *h = s->data;

	switch (menu_key(&h->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_help_choose(k, s, ev);
	}
	return R_UNHANDLED;
}

/* Enter, a number or a click: the selected colours, until the reset. */
static int
screen_help_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_help *h = s->data;

	(void)ev;
	if (h->menu.n == 0)
		return R_UNHANDLED;
	switch (menu_selected(&h->menu)->id) {
	case HELP_THEME_CONTRAST:
		k->theme = THEME_CONTRAST;
		break;
	case HELP_THEME_MONO:
		k->theme = THEME_MONO;
		break;
	default:
		k->theme = THEME_DEFAULT;
		break;
	}
	screen_help_build(k, h);
	return R_REDRAW;
}

static void
screen_help_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_help *h = s->data;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, y = top, r = k->rtl;
	size_t i;

	if (strcmp(h->lang, k->lang) != 0)
		screen_help_build(k, h);
	h->menu.rtl = r;
	canvas_text_align(c, y++, x, w, _("Keys"), ST_HEADING, r);
	for (i = 0; i < sizeof help_lines / sizeof help_lines[0]; i++)
		canvas_text_align(c, y++, x, w, _(help_lines[i]), ST_NORMAL, r);
	y++;
	canvas_text_align(c, y++, x, w, _("Colours"), ST_HEADING, r);
	/* A small window: the colours before the last lines of keys. */
	menu_draw(&h->menu, c, y, x, w, top + height - y < 3 ?
	    top + height - y : 3);
	y += 4;
	if (y < top + height)
		canvas_text_align(c, y++, x, w, _("Screen reader or braille: "
		    "ask for the plain text mode (outreach --plain)."),
		    ST_NORMAL, r);
}

/* F1 or ? from any screen that leaves them. */
static int
screen_help_anywhere(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)ev;
	if (s->cls != &screen_help_class)
		kiosk_push(k, &screen_help_class, NULL);
	return R_REDRAW;
}

static const struct binding screen_help_global[] = {
	{ NULL, NULL, K_F1, '?', screen_help_anywhere },
	BINDING_END
};

const struct screen_class screen_help_class = {
	.name = "help",
	.size = sizeof(struct screen_help),
	.enter = screen_help_enter,
	.leave = screen_help_leave,
	.key = screen_help_key,
	.draw = screen_help_draw,
	.title = screen_help_title,
	.bindings = screen_help_bindings,
	.global = screen_help_global,
};
