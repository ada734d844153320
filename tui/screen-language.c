/*
 * The language picker: every language of the pack, each written in its own
 * script ([language_names] in pack.ini), with "Choose your language" in
 * that language beside it, so a person who does not read the language on
 * the screen can still find their own.
 *
 * It comes first for each person when no language was chosen for the
 * session, and over any screen with F2 (or 'l'). Choosing switches the
 * whole kiosk and goes back to the screen underneath, whose state (a
 * half-answered survey, a page being read) is kept; Esc goes back without
 * a change. Keys 1-9 and 0 choose the first ten languages at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"

struct screen_language {
	struct menu	menu;	/* item id: index in pack->langs */
};

static int	screen_language_pick(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_language_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_language_pick },
	{ "Esc", N_("back"), K_ESC, 0, NULL },
	BINDING_END
};

/* "Choose your language" in language code, or NULL when not translated. */
static const char *
screen_language_phrase(const char *code)
{
	const char *en = N_("Choose your language"), *t;

	if ((t = i18n_choose_in(code)) != NULL && strcmp(t, en) != 0)
		return t;
	/* English and its variants need no translation. */
	return strncmp(code, "en", 2) == 0 && (code[2] == '\0' ||
	    code[2] == '-') ? en : NULL;
}

static int
screen_language_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_language *sl = s->data;
	const struct pack *p = k->pack;
	size_t i;

	(void)arg;
	for (i = 0; i < p->nlangs; i++) {
		if (menu_add(&sl->menu, pack_lang_name(p, p->langs[i].code),
		    screen_language_phrase(p->langs[i].code), (int)i) != 0)
			return -1;
		if (strcmp(p->langs[i].code, k->lang) == 0)
			sl->menu.sel = i;
	}
	return 0;
}

static void
screen_language_leave(struct kiosk *k, struct screen *s)
{
	struct screen_language *sl = s->data;

	(void)k;
	menu_clear(&sl->menu);
}

static const char *
screen_language_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Language");
}

static int
screen_language_choose(struct kiosk *k, struct screen_language *sl)
{
	const struct menu_item *it = menu_selected(&sl->menu);

	if (it != NULL)
		kiosk_set_lang(k, k->pack->langs[it->id].code);
	return R_POP;
}

static int
screen_language_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_language *sl = s->data;
	size_t n;

	if (ev->type == EV_KEY && ev->key >= '0' && ev->key <= '9') {
		/* 1-9, then 0 for the tenth, as on a telephone. */
		n = ev->key == '0' ? 9 : (size_t)(ev->key - '1');
		if (n >= sl->menu.n)
			return R_NONE;
		sl->menu.sel = n;
		return screen_language_choose(k, sl);
	}
	switch (menu_key(&sl->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_language_choose(k, sl);
	}
	if (ev->type == EV_KEY && (ev->key == 'l' || ev->key == 'L'))
		return R_NONE;
	return R_UNHANDLED;
}

/* Enter: the selected language. */
static int
screen_language_pick(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_language *sl = s->data;

	(void)ev;
	if (sl->menu.n == 0)
		return R_UNHANDLED;
	return screen_language_choose(k, sl);
}

/* F2 from any screen that allows it, before the screen sees the key. */
static int
screen_language_anywhere(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)ev;
	if (kiosk_lang_key_ok(k, s))
		kiosk_push(k, &screen_language_class, NULL);
	return R_REDRAW;
}

/* L likewise, where letters are not being typed. */
static int
screen_language_letter(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	if (s->cls->text_input)
		return R_REDRAW;
	return screen_language_anywhere(k, s, ev);
}

static const struct binding screen_language_first[] = {
	{ NULL, NULL, K_F2, 0, screen_language_anywhere },
	BINDING_END
};

static const struct binding screen_language_global[] = {
	{ NULL, NULL, 'l', 'L', screen_language_letter },
	BINDING_END
};

/* One row: marker, number, name, phrase; mirrored right to left. */
static void
screen_language_row(struct kiosk *k, struct canvas *c, int y, int x, int w,
    int namew, size_t i, const struct menu_item *it, int sel)
{
	enum style st = sel ? ST_SELECTED : ST_NORMAL;
	char num[8];
	int rest;

	if (i < 10)
		snprintf(num, sizeof num, "%zu.", (i + 1) % 10);
	else
		num[0] = '\0';
	if (sel)
		canvas_fill(c, y, x, w, st);
	if (!k->rtl) {
		if (sel)
			canvas_mark(c, y, x, 0);
		canvas_text(c, y, x + 2, 3, num, st);
		canvas_text_cut(c, y, x + 5, namew, it->label, st);
		rest = w - 5 - namew - 2;
		if (it->detail != NULL && rest > 4)
			canvas_text_cut(c, y, x + 5 + namew + 2, rest,
			    it->detail, sel ? st : ST_DIM);
		return;
	}
	if (sel)
		canvas_mark(c, y, x + w - CANVAS_MARK_W, 1);
	canvas_text(c, y, x + w - 4, 2, num, st);
	canvas_text_align(c, y, x + w - 5 - namew, namew, it->label, st, 1);
	rest = w - 5 - namew - 2;
	if (it->detail != NULL && rest > 4)
		canvas_text_align(c, y, x, rest, it->detail, sel ? st : ST_DIM,
		    1);
}

static void
screen_language_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_language *sl = s->data;
	struct menu *m = &sl->menu;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1, h, row,
	    namew = 0, nw;
	size_t i;

	canvas_text_align(c, y, x, w, _("Choose your language"), ST_TITLE,
	    k->rtl);
	y += 2;
	h = top + height - y - (height >= 14 ? 2 : 0);
	for (i = 0; i < m->n; i++)
		if ((nw = (int)utf8_width(m->items[i].label)) > namew)
			namew = nw;
	if (namew > (w - 5) / 2)
		namew = (w - 5) / 2;
	/* What the menu widget needs for the wheel, clicks and paging. */
	m->y = y;
	m->x = x;
	m->w = w;
	m->h = h;
	if (h <= 0)
		return;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + (size_t)h)
		m->top = m->sel - (size_t)h + 1;
	for (row = 0; row < h && m->top + (size_t)row < m->n; row++) {
		i = m->top + (size_t)row;
		screen_language_row(k, c, y + row, x, w, namew, i, &m->items[i],
		    i == m->sel);
	}
	if (m->top > 0)
		canvas_text(c, y, k->rtl ? x : x + w - 1, 1, utf8_locale_ok() ?
		    "\xe2\x86\x91" : "^", ST_DECOR);
	if (m->top + (size_t)h < m->n)
		canvas_text(c, y + h - 1, k->rtl ? x : x + w - 1, 1,
		    utf8_locale_ok() ? "\xe2\x86\x93" : "v", ST_DECOR);
	if (m->sel < m->n) {
		c->focus_i = (int)m->sel + 1;
		c->focus_n = (int)m->n;
	}
	if (height >= 14 && y + row + 1 < top + height)
		canvas_text_align(c, y + row + 1, x, w, _("Use the arrow keys "
		    "and Enter, a number key, or the mouse."), ST_DIM, k->rtl);
	if (height >= 14 && y + row + 2 < top + height)
		canvas_text_align(c, y + row + 2, x, w, _("Press F3 to hear "
		    "this screen."), ST_DIM, k->rtl);
}

const struct screen_class screen_language_class = {
	.name = "language",
	.size = sizeof(struct screen_language),
	.no_language = 1,
	.ask_first = 1,
	.enter = screen_language_enter,
	.leave = screen_language_leave,
	.key = screen_language_key,
	.draw = screen_language_draw,
	.title = screen_language_title,
	.bindings = screen_language_bindings,
	.global_first = screen_language_first,
	.global = screen_language_global,
};
