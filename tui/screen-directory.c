/*
 * "Find support": the pack's service directory. Words typed in the search
 * field narrow the list as they are typed; a category and a neighbourhood
 * filter narrow it further (F7 and F8, or Tab to a filter and Left/Right,
 * or a click that opens a short list of the values). Enter or a click on a
 * service opens its detail page in the pager.
 *
 * Focus moves in one ring, in reading order: words, category,
 * neighbourhood, list. A filter with no values in the directory is not
 * drawn and not in the ring. Typing anywhere goes back to the words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/directory.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-directory.h"
#include "tui/screen-page.h"
#include "tui/textfield.h"

enum dir_focus {
	DIR_WORDS,
	DIR_CATEGORY,
	DIR_AREA,
	DIR_LIST,
	DIR_NFOCUS
};

struct screen_directory {
	struct directory	*dir;
	struct textfield	 field;
	struct menu		 list;		/* the matching services */
	size_t			*idx;		/* their indexes in dir */
	size_t			 n;
	int			 category;	/* index in dir->categories, -1 all */
	int			 area;		/* index in dir->neighbourhoods, -1 */
	enum dir_focus		 focus;
	enum dir_focus		 picking;	/* DIR_CATEGORY, DIR_AREA, or 0 */
	struct menu		 pick;		/* the values being picked from */
	/* Where the field and the filters were last drawn, for the mouse. */
	int			 field_y;
	int			 fy[DIR_NFOCUS], fx[DIR_NFOCUS], fw[DIR_NFOCUS];
};

static int	screen_directory_tab(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_directory_category(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_directory_area(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_directory_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_directory_back(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_directory_bindings[] = {
	{ "Tab", N_("next"), K_TAB, 0, screen_directory_tab },
	{ "F7", N_("category"), K_F7, 0, screen_directory_category },
	{ "F8", N_("neighbourhood"), K_F8, 0, screen_directory_area },
	{ "Enter", N_("open"), K_ENTER, 0, screen_directory_choose },
	{ "Esc", N_("back"), K_ESC, 0, screen_directory_back },
	BINDING_END
};

/* Labels of the detail page, in directory_field order. */
static const char *const screen_directory_labels[DIRECTORY_NFIELDS] = {
	N_("Id"), N_("Name"), N_("Description"), N_("Categories"),
	N_("Neighbourhood"), N_("Address"), N_("Postcode"), N_("Phone"),
	N_("Email"), N_("Website"), N_("Opening times"), N_("Languages"),
	N_("Accessibility"),
};

int
screen_directory_available(const struct pack *p)
{
	char *path = directory_pack_path(p->dir);

	free(path);
	return path != NULL;
}

int
screen_directory_load(const struct pack *p, struct directory **out,
    char **cause)
{
	char *path;
	int r;

	*out = NULL;
	if ((path = directory_pack_path(p->dir)) == NULL)
		return err_set(cause, ERR_NOTFOUND, "%s",
		    _("there is no list of services in this pack"));
	r = directory_load(path, out, cause);
	free(path);
	return r;
}

int
screen_directory_doc(const struct directory_service *s, struct doc **out)
{
	const char *labels[DIRECTORY_NFIELDS];
	int f;

	for (f = 0; f < DIRECTORY_NFIELDS; f++)
		labels[f] = _(screen_directory_labels[f]);
	return directory_service_doc(s, labels, _("There are no contact "
	    "details for this service here. Ask the person running this "
	    "session."), out);
}

/* Is this focus stop there? (A filter without values is not.) */
static int
screen_directory_stop(const struct screen_directory *sd, int f)
{
	switch (f) {
	case DIR_CATEGORY:
		return sd->dir->ncategories > 0;
	case DIR_AREA:
		return sd->dir->nneighbourhoods > 0;
	case DIR_LIST:
		return sd->list.n > 0;
	default:
		return 1;
	}
}

static void
screen_directory_move(struct screen_directory *sd, int dir)
{
	int f = (int)sd->focus;

	do
		f = (f + dir + DIR_NFOCUS) % DIR_NFOCUS;
	while (!screen_directory_stop(sd, f));
	sd->focus = (enum dir_focus)f;
}

/* Run the query again and rebuild the list. */
static void
screen_directory_update(struct kiosk *k, struct screen_directory *sd)
{
	struct directory_query q;
	char *sum;
	size_t i;

	free(sd->idx);
	sd->idx = NULL;
	sd->n = 0;
	menu_clear(&sd->list);
	memset(&q, 0, sizeof q);
	q.words = textfield_text(&sd->field);
	q.category = sd->category >= 0 ? sd->dir->categories[sd->category] :
	    NULL;
	q.neighbourhood = sd->area >= 0 ?
	    sd->dir->neighbourhoods[sd->area] : NULL;
	if (directory_find(sd->dir, &q, &sd->idx, &sd->n) != 0) {
		kiosk_notice(k, "%s", _("Sorry, the search is not working."));
		return;
	}
	for (i = 0; i < sd->n; i++) {
		const struct directory_service *s = &sd->dir->services[sd->idx[i]];

		sum = directory_summary(s, 200);
		menu_add(&sd->list, s->field[DIRECTORY_NAME], sum, (int)i);
		free(sum);
	}
	if (sd->focus == DIR_LIST && sd->list.n == 0)
		sd->focus = DIR_WORDS;
}

static int
screen_directory_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_directory *sd = s->data;
	char *cause = NULL;

	(void)arg;
	textfield_init(&sd->field, 100, 0);
	sd->category = sd->area = -1;
	if (screen_directory_load(k->pack, &sd->dir, &cause) != 0) {
		/* Said on the home screen, for whoever looks after the pack. */
		kiosk_notice(k, _("Sorry, the list of services cannot be "
		    "shown: %s"), cause != NULL ? cause : "");
		free(cause);
		return -1;
	}
	screen_directory_update(k, sd);
	return 0;
}

static void
screen_directory_leave(struct kiosk *k, struct screen *s)
{
	struct screen_directory *sd = s->data;

	(void)k;
	menu_clear(&sd->list);
	menu_clear(&sd->pick);
	free(sd->idx);
	sd->idx = NULL;
	textfield_free(&sd->field);
	directory_free(&sd->dir);
}

static const char *
screen_directory_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Find support");
}

static int
screen_directory_open(struct kiosk *k, struct screen_directory *sd)
{
	const struct menu_item *it = menu_selected(&sd->list);
	struct page_arg arg;
	struct doc *d = NULL;

	if (it == NULL)
		return R_NONE;
	if (screen_directory_doc(&sd->dir->services[sd->idx[it->id]], &d) !=
	    0) {
		kiosk_notice(k, "%s", _("Sorry, this page cannot be shown."));
		return R_REDRAW;
	}
	memset(&arg, 0, sizeof arg);
	arg.doc = d;		/* the pager owns it now */
	/* The directory is written in the pack's language: say so. */
	arg.fell_back = strcmp(k->lang, k->pack->default_lang) != 0;
	if (kiosk_push(k, &screen_page_class, &arg) != 0)
		doc_free(&d);
	return R_REDRAW;
}

/* Open the short list of categories (or neighbourhoods) to pick from. */
static int
screen_directory_pick(struct kiosk *k, struct screen_directory *sd,
    enum dir_focus which)
{
	char **values = which == DIR_CATEGORY ? sd->dir->categories :
	    sd->dir->neighbourhoods;
	size_t i, n = which == DIR_CATEGORY ? sd->dir->ncategories :
	    sd->dir->nneighbourhoods;
	int cur = which == DIR_CATEGORY ? sd->category : sd->area;

	if (n == 0) {
		kiosk_notice(k, "%s", which == DIR_CATEGORY ?
		    _("The services here have no categories.") :
		    _("The services here have no neighbourhoods."));
		return R_REDRAW;
	}
	menu_clear(&sd->pick);
	menu_add(&sd->pick, which == DIR_CATEGORY ? _("All categories") :
	    _("All neighbourhoods"), NULL, -1);
	for (i = 0; i < n; i++)
		menu_add(&sd->pick, values[i], NULL, (int)i);
	sd->pick.sel = cur < 0 ? 0 : (size_t)cur + 1;
	sd->picking = which;
	sd->focus = which;
	return R_REDRAW;
}

static void
screen_directory_set(struct kiosk *k, struct screen_directory *sd,
    enum dir_focus which, int value)
{
	if (which == DIR_CATEGORY)
		sd->category = value;
	else
		sd->area = value;
	screen_directory_update(k, sd);
}

/* Left/Right on a filter: the previous or next value, "all" between. */
static void
screen_directory_step(struct kiosk *k, struct screen_directory *sd, int dir)
{
	int n = (int)(sd->focus == DIR_CATEGORY ? sd->dir->ncategories :
	    sd->dir->nneighbourhoods);
	int v = sd->focus == DIR_CATEGORY ? sd->category : sd->area;

	v = (v + 1 + dir + n + 1) % (n + 1) - 1;
	screen_directory_set(k, sd, sd->focus, v);
}

static int
screen_directory_pick_key(struct kiosk *k, struct screen_directory *sd,
    const struct ev *ev)
{
	switch (menu_key(&sd->pick, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		screen_directory_set(k, sd, sd->picking,
		    menu_selected(&sd->pick)->id);
		sd->picking = 0;
		/* What was chosen narrows the list: go there next. */
		if (sd->list.n > 0)
			sd->focus = DIR_LIST;
		return R_REDRAW;
	}
	/* Esc, or a click outside the list, closes it unchanged. */
	if ((ev->type == EV_KEY && (ev->key == K_ESC ||
	    ev->key == K_BACKSPACE || ev->key == K_TAB)) ||
	    (ev->type == EV_MOUSE && ev->button == MOUSE_CLICK)) {
		sd->picking = 0;
		return R_REDRAW;
	}
	return ev->type == EV_KEY && (ev->key == K_F1 || ev->key == K_F12) ?
	    R_UNHANDLED : R_NONE;
}

static int
screen_directory_mouse(struct kiosk *k, struct screen_directory *sd,
    const struct ev *ev)
{
	int f;

	if (ev->button == MOUSE_CLICK) {
		if (ev->my == sd->field_y) {
			sd->focus = DIR_WORDS;
			return R_REDRAW;
		}
		for (f = DIR_CATEGORY; f <= DIR_AREA; f++)
			if (screen_directory_stop(sd, f) && ev->my == sd->fy[f] &&
			    ev->mx >= sd->fx[f] && ev->mx < sd->fx[f] + sd->fw[f])
				return screen_directory_pick(k, sd,
				    (enum dir_focus)f);
	}
	switch (menu_key(&sd->list, ev)) {
	case MENU_CHOSEN:
		sd->focus = DIR_LIST;
		return screen_directory_open(k, sd);
	case MENU_MOVED:
		sd->focus = DIR_LIST;
		return R_REDRAW;
	}
	return R_NONE;
}

static int
screen_directory_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_directory *sd = s->data;
	int key = ev->key, printable;

	if (sd->picking)
		return screen_directory_pick_key(k, sd, ev);
	if (ev->type == EV_MOUSE)
		return screen_directory_mouse(k, sd, ev);
	if (ev->type != EV_KEY)
		return R_NONE;
	printable = key >= 0x20 && key < K_UP;
	if (key == K_BTAB) {
		screen_directory_move(sd, -1);
		return R_REDRAW;
	}
	switch (sd->focus) {
	case DIR_WORDS:
		if (key == K_DOWN) {
			screen_directory_move(sd, 1);
			return R_REDRAW;
		}
		/* Backspace held down empties the words, and stops there. */
		if (key == K_BACKSPACE && textfield_text(&sd->field)[0] == '\0')
			return R_NONE;
		break;
	case DIR_CATEGORY:
	case DIR_AREA:
		if (key == K_LEFT || key == K_RIGHT) {
			screen_directory_step(k, sd, key == K_LEFT ? -1 : 1);
			return R_REDRAW;
		}
		if (key == ' ')
			return screen_directory_pick(k, sd, sd->focus);
		if (key == K_UP || key == K_DOWN) {
			screen_directory_move(sd, key == K_UP ? -1 : 1);
			return R_REDRAW;
		}
		break;
	case DIR_LIST:
		if (key == K_UP && sd->list.sel == 0) {
			screen_directory_move(sd, -1);
			return R_REDRAW;
		}
		switch (menu_key(&sd->list, ev)) {
		case MENU_CHOSEN:
			return screen_directory_open(k, sd);
		case MENU_MOVED:
			return R_REDRAW;
		}
		break;
	default:
		break;
	}
	/* Typing (or deleting), from anywhere, goes to the words. */
	if (sd->focus != DIR_WORDS && (printable || key == K_BACKSPACE)) {
		sd->focus = DIR_WORDS;
		sd->field.cursor = sd->field.text.len;
	}
	if (sd->focus == DIR_WORDS && textfield_key(&sd->field, ev)) {
		screen_directory_update(k, sd);
		return R_REDRAW;
	}
	return printable ? R_NONE : R_UNHANDLED;
}

/*
 * The key table's actions. While a category or neighbourhood list is
 * open, every key is that list's (screen_directory_pick_key).
 */

/* Tab: the next of words, category, neighbourhood, services. */
static int
screen_directory_tab(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_directory *sd = s->data;

	if (sd->picking)
		return screen_directory_pick_key(k, sd, ev);
	screen_directory_move(sd, 1);
	return R_REDRAW;
}

/* F7: the categories to choose from. */
static int
screen_directory_category(struct kiosk *k, struct screen *s,
    const struct ev *ev)
{
	struct screen_directory *sd = s->data;

	if (sd->picking)
		return screen_directory_pick_key(k, sd, ev);
	return screen_directory_pick(k, sd, DIR_CATEGORY);
}

/* F8: the neighbourhoods. */
static int
screen_directory_area(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_directory *sd = s->data;

	if (sd->picking)
		return screen_directory_pick_key(k, sd, ev);
	return screen_directory_pick(k, sd, DIR_AREA);
}

/* Enter: open the service (the first, from the words), or a filter. */
static int
screen_directory_choose(struct kiosk *k, struct screen *s,
    const struct ev *ev)
{
	struct screen_directory *sd = s->data;

	if (sd->picking)
		return screen_directory_pick_key(k, sd, ev);
	switch (sd->focus) {
	case DIR_CATEGORY:
	case DIR_AREA:
		return screen_directory_pick(k, sd, sd->focus);
	case DIR_WORDS:
	case DIR_LIST:
		if (sd->list.n == 0)
			break;
		sd->focus = DIR_LIST;
		return screen_directory_open(k, sd);
	default:
		break;
	}
	return R_UNHANDLED;
}

/* Esc: back (from a list of values, only that list closes). */
static int
screen_directory_back(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_directory *sd = s->data;

	if (sd->picking)
		return screen_directory_pick_key(k, sd, ev);
	return R_POP;
}

/*
 * One filter: "Category: [All categories ▾]", at y, x in at most w
 * columns. Returns the columns used; remembers where, for the mouse.
 */
static int
screen_directory_filter(struct screen_directory *sd, struct canvas *c,
    enum dir_focus which, int y, int x, int w)
{
	const char *label = which == DIR_CATEGORY ? _("Category:") :
	    _("Neighbourhood:");
	int v = which == DIR_CATEGORY ? sd->category : sd->area;
	const char *value = which == DIR_CATEGORY ? (v < 0 ?
	    _("All categories") : sd->dir->categories[v]) : (v < 0 ?
	    _("All neighbourhoods") : sd->dir->neighbourhoods[v]);
	const char *arrow = utf8_locale_ok() ? " \xe2\x96\xbe" : " v";
	enum style st = ST_INPUT;
	int lw, bw, vw;

	lw = canvas_text(c, y, x, w, label, ST_BOLD) + 1;
	/* The box: "[value ▾]", cut to what is left. */
	vw = (int)utf8_width(value);
	bw = vw + 4;
	if (bw > w - lw)
		bw = w - lw;
	if (bw < 5) {
		sd->fw[which] = 0;
		return lw;
	}
	canvas_fill(c, y, x + lw, bw, st);
	canvas_text(c, y, x + lw, 1, "[", st);
	canvas_text_cut(c, y, x + lw + 1, bw - 4, value, st);
	canvas_text(c, y, x + lw + bw - 3, 2, arrow, st);
	canvas_text(c, y, x + lw + bw - 1, 1, "]", st);
	if (sd->focus == which)
		canvas_focus(c, y, x, lw + bw, 0);
	sd->fy[which] = y;
	sd->fx[which] = x;
	sd->fw[which] = lw + bw;
	return lw + bw;
}

static void
screen_directory_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_directory *sd = s->data;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, roomy = height >= 14;
	int y = top + (roomy ? 1 : 0), lw, cw, aw;
	char line[160];

	(void)k;
	sd->field_y = y;
	lw = canvas_label(c, y, x, w, _("Search for:"), sd->focus == DIR_WORDS &&
	    !sd->picking, 0) + 1;
	textfield_draw(&sd->field, c, y, x + lw, w - lw, 1,
	    sd->focus == DIR_WORDS && !sd->picking);
	y++;
	sd->fy[DIR_CATEGORY] = sd->fy[DIR_AREA] = -1;
	/* Both filters on one row when they fit, else one row each. */
	cw = (int)utf8_width(_("Category:")) + 5 + (int)utf8_width(
	    sd->category < 0 ? _("All categories") :
	    sd->dir->categories[sd->category]);
	aw = (int)utf8_width(_("Neighbourhood:")) + 5 + (int)utf8_width(
	    sd->area < 0 ? _("All neighbourhoods") :
	    sd->dir->neighbourhoods[sd->area]);
	if (sd->dir->ncategories > 0 && sd->dir->nneighbourhoods > 0 &&
	    cw + 2 + aw <= w) {
		cw = screen_directory_filter(sd, c, DIR_CATEGORY, y, x, cw);
		screen_directory_filter(sd, c, DIR_AREA, y++, x + cw + 2,
		    w - cw - 2);
	} else {
		if (sd->dir->ncategories > 0)
			screen_directory_filter(sd, c, DIR_CATEGORY, y++, x, w);
		if (sd->dir->nneighbourhoods > 0)
			screen_directory_filter(sd, c, DIR_AREA, y++, x, w);
	}
	if (roomy)
		y++;
	if (sd->picking) {
		canvas_text_cut(c, y++, x, w, sd->picking == DIR_CATEGORY ?
		    _("Choose a category:") : _("Choose a neighbourhood:"),
		    ST_BOLD);
		menu_draw(&sd->pick, c, y, x, w, top + height - y);
		return;
	}
	if (sd->dir->n == 0)
		snprintf(line, sizeof line, "%s",
		    _("There are no services in the list."));
	else if (sd->n == 0)
		snprintf(line, sizeof line, "%s", _("No service matches. Try "
		    "other words or filters."));
	else if (sd->n == sd->dir->n)
		snprintf(line, sizeof line, ngettext("%zu service:",
		    "%zu services:", sd->n), sd->n);
	else
		snprintf(line, sizeof line, ngettext("%zu of %zu services "
		    "matches:", "%zu of %zu services match:", sd->n), sd->n,
		    sd->dir->n);
	/* Services are written in the pack's language, marked as pages are. */
	if (sd->n > 0 && strcmp(k->lang, k->pack->default_lang) != 0)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    " (%s)", pack_lang_name(k->pack, k->pack->default_lang));
	canvas_text_cut(c, y++, x, w, line, ST_NORMAL);
	if (roomy)
		y++;
	menu_draw(&sd->list, c, y, x, w, top + height - y);
}

/* F7 and F8 only when there is a category or a neighbourhood to choose. */
static int
screen_directory_shown(struct kiosk *k, struct screen *s,
    const struct binding *b)
{
	struct screen_directory *sd = s->data;

	(void)k;
	if (b->key == K_F7)
		return sd->dir != NULL && sd->dir->ncategories > 0;
	if (b->key == K_F8)
		return sd->dir != NULL && sd->dir->nneighbourhoods > 0;
	return 1;
}

const struct screen_class screen_directory_class = {
	.name = "directory",
	.size = sizeof(struct screen_directory),
	.text_input = 1,
	.enter = screen_directory_enter,
	.leave = screen_directory_leave,
	.key = screen_directory_key,
	.draw = screen_directory_draw,
	.title = screen_directory_title,
	.bindings = screen_directory_bindings,
	.shown = screen_directory_shown,
};
