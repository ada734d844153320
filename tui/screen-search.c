/*
 * Search: type words, see the pages that mention them as you type, and
 * open one at the first place it does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/pack.h"
#include "content/search.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-page.h"
#include "tui/textfield.h"

struct screen_search {
	struct search_index	*ix;
	struct textfield	 field;
	struct menu		 results;
	struct search_hit	*hits;
	size_t			 nhits;
	int			 in_results;	/* focus on the list */
	int			 searched;
	char			 lang[36];	/* language of the index */
};

static int	screen_search_down(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_search_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_search_bindings[] = {
	{ "\xe2\x86\x93", N_("results"), K_DOWN, 0, screen_search_down },
	{ "Enter", N_("open"), K_ENTER, 0, screen_search_choose },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

static void
screen_search_update(struct screen_search *ss)
{
	size_t i;
	char count[64];

	search_hits_free(&ss->hits, ss->nhits);
	ss->nhits = 0;
	menu_clear(&ss->results);
	ss->searched = utf8_width(textfield_text(&ss->field)) > 0;
	if (ss->ix == NULL ||
	    search_run(ss->ix, textfield_text(&ss->field), &ss->hits,
	    &ss->nhits) != 0)
		return;
	for (i = 0; i < ss->nhits; i++) {
		snprintf(count, sizeof count, "(%zu)", ss->hits[i].count);
		menu_add(&ss->results, ss->hits[i].title, count, (int)i);
	}
}

static int
screen_search_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_search *ss = s->data;

	(void)arg;
	textfield_init(&ss->field, 200, 0);
	snprintf(ss->lang, sizeof ss->lang, "%s", k->lang);
	if (search_index_build(k->pack, k->lang, &ss->ix, NULL) != 0)
		kiosk_notice(k, "%s", _("Sorry, search is not working."));
	return 0;
}

/* The language changed: search the pages in the new one, same words. */
static void
screen_search_relang(struct kiosk *k, struct screen_search *ss)
{
	struct search_index *ix = NULL;

	snprintf(ss->lang, sizeof ss->lang, "%s", k->lang);
	if (search_index_build(k->pack, k->lang, &ix, NULL) != 0)
		return;
	search_index_free(&ss->ix);
	ss->ix = ix;
	ss->in_results = 0;
	screen_search_update(ss);
}

static void
screen_search_leave(struct kiosk *k, struct screen *s)
{
	struct screen_search *ss = s->data;

	(void)k;
	search_hits_free(&ss->hits, ss->nhits);
	menu_clear(&ss->results);
	search_index_free(&ss->ix);
	textfield_free(&ss->field);
}

static const char *
screen_search_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Search");
}

static int
screen_search_open(struct kiosk *k, struct screen_search *ss)
{
	const struct menu_item *it = menu_selected(&ss->results);
	struct page_arg arg;

	if (it == NULL)
		return R_NONE;
	memset(&arg, 0, sizeof arg);
	arg.id = ss->hits[it->id].page;
	arg.block = ss->hits[it->id].block;
	kiosk_push(k, &screen_page_class, &arg);
	return R_REDRAW;
}

static int
screen_search_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_search *ss = s->data;
	int r;

	if (ss->in_results || ev->type == EV_MOUSE) {
		r = menu_key(&ss->results, ev);
		if (r == MENU_CHOSEN)
			return screen_search_open(k, ss);
		if (r == MENU_MOVED)
			return R_REDRAW;
		if (ev->type == EV_KEY && (ev->key == K_BACKSPACE ||
		    ev->key == K_TAB || (ev->key == K_UP &&
		    ss->results.sel == 0))) {
			ss->in_results = 0;
			return R_REDRAW;
		}
		if (ev->type == EV_KEY && ev->key < K_UP && ev->key >= 0x20) {
			/* Typing again goes back to the words. */
			ss->in_results = 0;
		} else
			return R_NONE;
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	if (ev->key == K_TAB) {
		if (ss->results.n > 0)
			ss->in_results = 1;
		return R_REDRAW;
	}
	if (ev->key == K_BACKSPACE && textfield_text(&ss->field)[0] == '\0')
		return R_POP;
	if (textfield_key(&ss->field, ev)) {
		screen_search_update(ss);
		return R_REDRAW;
	}
	return R_NONE;
}

/* Down: from the words to the results, then down them. */
static int
screen_search_down(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_search *ss = s->data;

	(void)k;
	if (ss->in_results)
		return menu_key(&ss->results, ev) == MENU_MOVED ? R_REDRAW :
		    R_NONE;
	if (ss->results.n > 0)
		ss->in_results = 1;
	return R_REDRAW;
}

/* Enter: open the page selected in the results (the first from the words). */
static int
screen_search_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_search *ss = s->data;

	(void)ev;
	if (ss->results.n == 0)
		return R_NONE;
	ss->in_results = 1;
	return screen_search_open(k, ss);
}

static void
screen_search_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_search *ss = s->data;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, lw;
	char line[128];

	if (strcmp(ss->lang, k->lang) != 0)
		screen_search_relang(k, ss);
	ss->results.rtl = k->rtl;
	lw = canvas_text(c, top + 1, x, w, _("Search for:"), ST_BOLD) + 1;
	textfield_draw(&ss->field, c, top + 1, x + lw, w - lw, 1,
	    !ss->in_results);
	if (!ss->searched)
		canvas_text_align(c, top + 3, x, w, _("Type a word, for "
		    "example \"carers\". Pages that mention it appear here."),
		    ST_DIM, k->rtl);
	else if (ss->nhits == 0)
		canvas_text_align(c, top + 3, x, w, _("No page mentions that. "
		    "Try another word."), ST_NORMAL, k->rtl);
	else {
		snprintf(line, sizeof line, ngettext("%zu page mentions it:",
		    "%zu pages mention it:", ss->nhits), ss->nhits);
		canvas_text_align(c, top + 3, x, w, line, ST_NORMAL, k->rtl);
		menu_draw(&ss->results, c, top + 5, x, w, height - 5);
	}
}

/* / from any screen that leaves it. */
static int
screen_search_anywhere(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)ev;
	if (s->cls != &screen_search_class)
		kiosk_push(k, &screen_search_class, NULL);
	return R_REDRAW;
}

static const struct binding screen_search_global[] = {
	{ NULL, NULL, '/', 0, screen_search_anywhere },
	BINDING_END
};

const struct screen_class screen_search_class = {
	.name = "search",
	.size = sizeof(struct screen_search),
	.text_input = 1,
	.enter = screen_search_enter,
	.leave = screen_search_leave,
	.key = screen_search_key,
	.draw = screen_search_draw,
	.title = screen_search_title,
	.bindings = screen_search_bindings,
	.global = screen_search_global,
};
