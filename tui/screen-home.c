/*
 * The home screen: what a person sees first, and what the kiosk returns to
 * between people. A short welcome and a numbered menu of what can be done,
 * and, when there is room, every language of the pack in its own script
 * (F2, or a click on one, changes to it). Right to left, every line is
 * aligned to the right.
 */
#include <stdlib.h>
#include <string.h>

#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-directory.h"
#include "tui/screen-page.h"
#include "tui/screen-survey.h"

enum home_item {
	HOME_READ,
	HOME_SAY,
	HOME_FEEDBACK,
	HOME_SUPPORT,
	HOME_CONTACT,
	HOME_HELP,
};

#define HOME_MAX_LANGS	32	/* names shown on the language line */

struct screen_home {
	struct menu	menu;
	char		 lang[36];	/* language the labels were made in */
	/* Where each language's name was drawn, for the mouse. */
	int		 nlang_at;
	struct {
		int	 y, x, w;
		size_t	 lang;
	}		 lang_at[HOME_MAX_LANGS];
};

static int	screen_home_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_home_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_home_choose },
	{ "/", N_("search"), '/', 0, NULL },
	{ "?", N_("help"), '?', 0, NULL },
	BINDING_END
};

static void
screen_home_build(struct kiosk *k, struct screen_home *h)
{
	size_t sel = h->menu.sel;

	menu_clear(&h->menu);
	h->menu.numbered = 1;
	menu_add(&h->menu, _("Read our plans"), NULL, HOME_READ);
	menu_add(&h->menu, _("Have your say"), NULL, HOME_SAY);
	menu_add(&h->menu, _("Leave feedback"), NULL, HOME_FEEDBACK);
	if (screen_directory_available(k->pack))
		menu_add(&h->menu, _("Find support"), NULL, HOME_SUPPORT);
	if (k->pack->contact != NULL)
		menu_add(&h->menu, screen_surveys_contact_label(k), NULL,
		    HOME_CONTACT);
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
	int i;

	/* A click on a language's name on the language line. */
	if (ev->type == EV_MOUSE && ev->button == MOUSE_CLICK)
		for (i = 0; i < h->nlang_at; i++)
			if (ev->my == h->lang_at[i].y &&
			    ev->mx >= h->lang_at[i].x &&
			    ev->mx < h->lang_at[i].x + h->lang_at[i].w) {
				kiosk_set_lang(k,
				    k->pack->langs[h->lang_at[i].lang].code);
				return R_REDRAW;
			}
	switch (menu_key(&h->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_home_choose(k, s, ev);
	}
	/* Esc and Backspace on the home screen go nowhere. */
	if (ev->type == EV_KEY && (ev->key == K_ESC || ev->key == K_BACKSPACE))
		return R_NONE;
	return R_UNHANDLED;
}

/* Enter, a number or a click: what the selected item offers. */
static int
screen_home_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_home *h = s->data;
	const struct menu_item *it = menu_selected(&h->menu);

	(void)ev;
	if (it == NULL)
		return R_UNHANDLED;
	switch (it->id) {
	case HOME_READ:
		kiosk_push(k, &screen_pages_class, NULL);
		break;
	case HOME_SAY:
		kiosk_push(k, &screen_surveys_class, NULL);
		break;
	case HOME_FEEDBACK:
		screen_surveys_feedback(k, NULL, NULL, NULL);
		break;
	case HOME_SUPPORT:
		kiosk_push(k, &screen_directory_class, NULL);
		break;
	case HOME_CONTACT:
		return screen_surveys_contact(k);
	case HOME_HELP:
		kiosk_push(k, &screen_help_class, NULL);
		break;
	}
	return R_REDRAW;
}

/* 1 when a name is in a script that terminals must shape (Indic...). */
static int
screen_home_shaped(const char *name)
{
	size_t len = strlen(name), i = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(name + i, len - i, &cp);
		if ((cp >= 0x0900 && cp <= 0x0dff) ||
		    (cp >= 0x0e00 && cp <= 0x109f) ||
		    (cp >= 0x1780 && cp <= 0x17ff))
			return 1;
	}
	return 0;
}

/*
 * Place every language's name from y, on at most rows rows of w columns
 * after the key's kw; with apart, a right-to-left name and one in a script
 * that needs shaping never share a row. Returns the rows used, or 0 when
 * they do not all fit.
 */
static int
screen_home_place(struct kiosk *k, struct screen_home *h, int y, int x,
    int w, int kw, int rows, int apart)
{
	const struct pack *p = k->pack;
	const char *name;
	int col = kw, row = 0, nw, rtl, shaped, row_rtl = 0, row_shaped = 0;
	size_t i;

	for (i = 0; i < p->nlangs; i++) {
		name = pack_lang_name(p, p->langs[i].code);
		nw = (int)utf8_width(name);
		rtl = apart && pack_lang_is_rtl(p->langs[i].code);
		shaped = apart && screen_home_shaped(name);
		if (col > kw && (col + nw > w || (rtl && row_shaped) ||
		    (shaped && row_rtl))) {
			col = kw;
			row_rtl = row_shaped = 0;
			if (++row >= rows)
				return 0;
		}
		row_rtl |= rtl;
		row_shaped |= shaped;
		h->lang_at[i].y = y + row;
		h->lang_at[i].x = k->rtl ? x + w - col - nw : x + col;
		h->lang_at[i].w = nw;
		h->lang_at[i].lang = i;
		col += nw + 3;
	}
	return row + 1;
}

/*
 * The language line: "F2" and every language's name, in its own script, on
 * at most three rows from y; nothing when they do not all fit. Returns the
 * rows used. A right-to-left name and one in a script that needs shaping
 * (Bengali) share a row only when there is no room to keep them apart: a
 * terminal that reorders right-to-left text itself (mlterm) shapes only
 * the rows that have none.
 */
static int
screen_home_langs(struct kiosk *k, struct screen_home *h, struct canvas *c,
    int y, int x, int w, int rows)
{
	const struct pack *p = k->pack;
	const char *key = "F2:";
	int kw = (int)strlen(key) + 1, used;
	size_t i;

	h->nlang_at = 0;
	if (p->nlangs < 2 || p->nlangs > HOME_MAX_LANGS || rows < 1)
		return 0;
	if (rows > 3)
		rows = 3;
	/* Measure first: all or nothing. */
	if ((used = screen_home_place(k, h, y, x, w, kw, rows, 1)) == 0 &&
	    (used = screen_home_place(k, h, y, x, w, kw, rows < 2 ? rows : 2,
	    0)) == 0)
		return 0;
	h->nlang_at = (int)p->nlangs;
	canvas_text(c, y, k->rtl ? x + w - kw + 1 : x, kw, key, ST_DIM);
	for (i = 0; i < p->nlangs; i++)
		canvas_text(c, h->lang_at[i].y, h->lang_at[i].x,
		    h->lang_at[i].w, pack_lang_name(p, p->langs[i].code),
		    strcmp(p->langs[i].code, k->lang) == 0 ? ST_BOLD :
		    ST_NORMAL);
	return used;
}

/* The pack's welcome, wrapped to at most rows lines; returns the lines. */
static int
screen_home_welcome(struct canvas *c, int y, int x, int w, const char *text,
    int rows, int rtl)
{
	struct layout *lay = NULL;
	size_t i;
	int n = 0;

	if (layout_text(text, 0, (size_t)w, &lay) != 0 || lay->n == 0) {
		layout_free(&lay);
		canvas_text_align(c, y, x, w, text, ST_NORMAL, rtl);
		return 1;
	}
	/* A laid-out line knows its own direction. */
	for (i = 0; i < lay->n && n < rows; i++, n++)
		canvas_layout_line(c, y + n, x, w, &lay->lines[i], -1);
	layout_free(&lay);
	return n;
}

static void
screen_home_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_home *h = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1, r = k->rtl;
	const char *welcome = pack_text_welcome(k->pack, k->lang);

	if (strcmp(h->lang, k->lang) != 0)
		screen_home_build(k, h);
	h->menu.rtl = r;
	canvas_text_align(c, y++, x, w, _("Welcome"), ST_TITLE, r);
	/* The pack's own words: who wants to hear from the person. */
	if (welcome != NULL && height >= 14) {
		y++;
		y += screen_home_welcome(c, y, x, w, welcome, height >= 18 ?
		    3 : 1, r);
	}
	canvas_text_align(c, y++, x, w, _("What would you like to do?"),
	    ST_NORMAL, r);
	y++;
	menu_draw(&h->menu, c, y, x, w, top + height - y);
	y += (int)h->menu.n + 1;
	if (y < top + height)
		canvas_text_align(c, y, x, w, _("Use the arrow keys and Enter, "
		    "a number key, or the mouse."), ST_DIM, r);
	if (y + 1 < top + height)
		canvas_text_align(c, y + 1, x, w, _("Press F3 to hear this "
		    "screen."), ST_DIM, r);
	y += 3;
	h->nlang_at = 0;
	if (y < top + height)
		screen_home_langs(k, h, c, y, x, w, top + height - y);
}

/* The next person starts at the top of the menu, not where the last left. */
static void
screen_home_news(struct kiosk *k, enum kiosk_news what, const void *arg)
{
	struct screen_home *h;

	(void)arg;
	if (what != KIOSK_RESET || k->depth < 1 ||
	    k->stack[0].cls != &screen_home_class)
		return;
	h = k->stack[0].data;
	h->menu.sel = h->menu.top = 0;
}

const struct screen_class screen_home_class = {
	.name = "home",
	.size = sizeof(struct screen_home),
	.enter = screen_home_enter,
	.leave = screen_home_leave,
	.key = screen_home_key,
	.draw = screen_home_draw,
	.bindings = screen_home_bindings,
	.news = screen_home_news,
};
