/*
 * "Read our plans": the pack's pages, in the pack's order, by title.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "content/pack.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-page.h"

struct screen_pages {
	struct menu	menu;
	char		lang[36];	/* language the titles were loaded in */
};

static int	screen_pages_read(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_pages_bindings[] = {
	{ "\xe2\x86\x91\xe2\x86\x93", N_("move"), 0, 0, NULL },
	{ "Enter", N_("read"), K_ENTER, 0, screen_pages_read },
	{ "Esc", N_("back"), K_ESC, 0, NULL },
	{ "/", N_("search"), '/', 0, NULL },
	{ "?", N_("help"), '?', 0, NULL },
	BINDING_END
};

/* The pages' titles in the kiosk's language (keeping the selection). */
static int
screen_pages_build(struct kiosk *k, struct screen_pages *sp)
{
	struct doc *d;
	size_t i, sel = sp->menu.sel;

	menu_clear(&sp->menu);
	sp->menu.numbered = 1;
	snprintf(sp->lang, sizeof sp->lang, "%s", k->lang);
	for (i = 0; i < k->pack->npages; i++) {
		d = NULL;
		if (pack_page_load(k->pack, k->lang, k->pack->pages[i], &d,
		    NULL, NULL) != 0)
			continue;
		if (menu_add(&sp->menu, d->title[0] != '\0' ? d->title :
		    k->pack->pages[i], NULL, (int)i) != 0) {
			doc_free(&d);
			return -1;
		}
		doc_free(&d);
	}
	sp->menu.sel = sel < sp->menu.n ? sel : 0;
	return 0;
}

static int
screen_pages_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	(void)arg;
	return screen_pages_build(k, s->data);
}

static void
screen_pages_leave(struct kiosk *k, struct screen *s)
{
	struct screen_pages *sp = s->data;

	(void)k;
	menu_clear(&sp->menu);
}

static const char *
screen_pages_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Read our plans");
}

static int
screen_pages_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pages *sp = s->data;

	switch (menu_key(&sp->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_pages_read(k, s, ev);
	}
	return R_UNHANDLED;
}

/* Enter, a number or a click: open the selected page. */
static int
screen_pages_read(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pages *sp = s->data;
	const struct menu_item *it = menu_selected(&sp->menu);
	struct page_arg arg;

	(void)ev;
	if (it == NULL)
		return R_UNHANDLED;
	memset(&arg, 0, sizeof arg);
	arg.id = k->pack->pages[it->id];
	kiosk_push(k, &screen_page_class, &arg);
	return R_REDRAW;
}

static void
screen_pages_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_pages *sp = s->data;
	int x = c->w >= 60 ? 2 : 1;

	if (strcmp(sp->lang, k->lang) != 0)
		screen_pages_build(k, sp);
	sp->menu.rtl = k->rtl;
	canvas_text_align(c, top, x, c->w - 2 * x, _("Choose a page to read:"),
	    ST_BOLD, k->rtl);
	menu_draw(&sp->menu, c, top + 2, x, c->w - 2 * x, height - 2);
}

const struct screen_class screen_pages_class = {
	.name = "pages",
	.size = sizeof(struct screen_pages),
	.enter = screen_pages_enter,
	.leave = screen_pages_leave,
	.key = screen_pages_key,
	.draw = screen_pages_draw,
	.title = screen_pages_title,
	.bindings = screen_pages_bindings,
};
