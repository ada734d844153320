/*
 * The pager: one page of the pack, wrapped to the window, scrolled with the
 * arrows, PgUp/PgDn, Home/End, space and the wheel; Tab and Shift-Tab move
 * between links and Enter follows one; a click on a link follows it. A
 * page of the pack ends, always in sight, with "Tell us what you think of
 * this page" (or f): the feedback form, already about this page, or about
 * the commitment read under its heading. A page opened from the search
 * results shows the words found marked.
 *
 * The layout is redone only when the width changes; the first visible
 * block is kept across a resize so the reader does not lose their place.
 * When the kiosk's language changes, the page is loaded again in the new
 * language at the same block. A page in a right-to-left language (Yiddish)
 * is laid out right to left: each line reordered for display and aligned
 * to the right edge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/search.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/screen-page.h"
#include "tui/screen-survey.h"

struct screen_page {
	char		*id;
	char		*query;		/* words searched for, or NULL */
	struct doc	*doc;
	struct layout	*lay;
	size_t		 lay_width;
	int		 fell_back;
	int		 rtl;		/* the page's language is right to left */
	char		 lang[36];	/* the kiosk's language when loaded */
	size_t		 top;		/* first visible line */
	int		 want_block;	/* scroll to this block at next layout */
	int		 focus;		/* focused link, -1 for none */
	int		 height;	/* rows of text last drawn */
	int		 text_top;	/* canvas row of the first text line */
	int		 x;		/* canvas column of the text */
	int		 w;		/* and its width */
	/* "Tell us what you think of this page", for clicks (bw 0: none). */
	int		 by, bx, bw;
};

static int	screen_page_tab(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_page_open(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_page_feedback(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_page_bindings[] = {
	BINDING_ARROWS(N_("scroll")),
	{ "Esc", N_("back"), K_ESC, 0, NULL },
	{ "Tab", N_("next link"), K_TAB, 0, screen_page_tab },
	{ "Enter", N_("open link"), K_ENTER, 0, screen_page_open },
	{ "/", N_("search"), '/', 0, NULL },
	{ "?", N_("help"), '?', 0, NULL },
	/* Shown on the page itself, as a button: not on the key line. */
	{ NULL, NULL, 'f', 'F', screen_page_feedback },
	BINDING_END
};

void
screen_page_list_title(const struct pack *p, const char *title, int fell_back,
    char *out, size_t cap)
{
	if (fell_back)
		snprintf(out, cap, "%s (%s)", title, pack_lang_name(p,
		    p->default_lang));
	else
		snprintf(out, cap, "%s", title);
}

static int
screen_page_enter(struct kiosk *k, struct screen *s, const void *varg)
{
	const struct page_arg *arg = varg;
	struct screen_page *p = s->data;
	char *cause = NULL;

	p->focus = -1;
	p->want_block = arg->block > 0 ? arg->block : -1;
	if (arg->query != NULL && (p->query = strdup(arg->query)) == NULL)
		return -1;
	if (arg->doc != NULL) {
		p->doc = arg->doc;
		p->fell_back = arg->fell_back;
		return 0;
	}
	if ((p->id = strdup(arg->id)) == NULL)
		return -1;
	if (pack_page_load(k->pack, k->lang, arg->id, &p->doc, &p->fell_back,
	    &cause) != 0) {
		kiosk_notice(k, "%s", _("Sorry, this page cannot be shown."));
		free(cause);
		return -1;
	}
	snprintf(p->lang, sizeof p->lang, "%s", k->lang);
	p->rtl = pack_lang_is_rtl(p->fell_back ? k->pack->default_lang :
	    k->lang);
	return 0;
}

/*
 * The language changed under the page: load it again in the new one, at
 * the block that was at the top. On failure the old page stays.
 */
static void
screen_page_relang(struct kiosk *k, struct screen_page *p)
{
	struct doc *d = NULL;
	int fb = 0, block = -1;
	size_t i;

	snprintf(p->lang, sizeof p->lang, "%s", k->lang);
	if (p->id == NULL || pack_page_load(k->pack, k->lang, p->id, &d, &fb,
	    NULL) != 0)
		return;
	for (i = p->top; p->lay != NULL && i < p->lay->n && block < 0; i++)
		block = p->lay->lines[i].block;
	layout_free(&p->lay);
	doc_free(&p->doc);
	p->doc = d;
	p->fell_back = fb;
	p->rtl = pack_lang_is_rtl(fb ? k->pack->default_lang : k->lang);
	p->focus = -1;
	p->top = 0;
	p->want_block = block > 0 ? block : -1;
}

static void
screen_page_leave(struct kiosk *k, struct screen *s)
{
	struct screen_page *p = s->data;

	(void)k;
	layout_free(&p->lay);
	doc_free(&p->doc);
	free(p->id);
	free(p->query);
}

static const char *
screen_page_title(struct kiosk *k, struct screen *s)
{
	struct screen_page *p = s->data;

	(void)k;
	return p->doc != NULL && p->doc->title[0] != '\0' ? p->doc->title :
	    NULL;
}

/*
 * Lay the page out for width w, keeping the first visible block; the
 * words searched for, if any, are marked.
 */
static void
screen_page_layout(struct kiosk *k, struct screen_page *p, size_t w)
{
	struct layout *nl = NULL;
	int block = -1;
	size_t i;

	if (p->lay != NULL && p->lay_width == w && p->want_block < 0)
		return;
	if (p->want_block >= 0)
		block = p->want_block;
	else if (p->lay != NULL)
		/* The first block that starts on screen (skip blank lines). */
		for (i = p->top; i < p->lay->n && block < 0; i++)
			block = p->lay->lines[i].block;
	if (layout_doc(p->doc, w, p->rtl, &nl) != 0)
		return;
	search_mark_layout(nl, p->query, p->fell_back ?
	    k->pack->default_lang : k->lang);
	layout_free(&p->lay);
	p->lay = nl;
	p->lay_width = w;
	p->top = 0;
	p->want_block = -1;
	if (block > 0)
		for (i = 0; i < nl->n; i++)
			if (nl->lines[i].block >= block) {
				p->top = i;
				break;
			}
}

static size_t
screen_page_max_top(const struct screen_page *p)
{
	size_t h = p->height > 0 ? (size_t)p->height : 1;

	return p->lay == NULL || p->lay->n <= h ? 0 : p->lay->n - h;
}

/* Move focus to the next (dir 1) or previous (-1) link, in reading order. */
static void
screen_page_next_link(struct screen_page *p, int dir)
{
	long line;
	size_t h = p->height > 0 ? (size_t)p->height : 1;
	int n = (int)p->doc->nlinks, next;

	if (n == 0 || p->lay == NULL)
		return;
	if (p->focus < 0) {
		/* Start from the first link on screen. */
		for (next = 0; next < n; next++) {
			line = layout_link_line(p->lay, next);
			if (line >= (long)p->top)
				break;
		}
		if (next >= n || dir < 0)
			next = dir > 0 ? 0 : n - 1;
	} else
		next = (p->focus + dir + n) % n;
	p->focus = next;
	line = layout_link_line(p->lay, next);
	if (line >= 0 && ((size_t)line < p->top || (size_t)line >= p->top + h))
		p->top = (size_t)line > h / 2 ? (size_t)line - h / 2 : 0;
	if (p->top > screen_page_max_top(p))
		p->top = screen_page_max_top(p);
}

static int
screen_page_follow(struct kiosk *k, struct screen_page *p, int link)
{
	struct page_arg arg;
	const struct doc_link *l;

	if (link < 0 || (size_t)link >= p->doc->nlinks)
		return R_NONE;
	l = &p->doc->links[link];
	if (!l->internal) {
		kiosk_notice(k, _("This link is a website: %s"), l->target);
		return R_REDRAW;
	}
	memset(&arg, 0, sizeof arg);
	arg.id = l->target;
	kiosk_push(k, &screen_page_class, &arg);
	return R_REDRAW;
}

/* The link under a click, or -1. */
static int
screen_page_link_at(struct screen_page *p, int my, int mx)
{
	size_t line;

	if (p->lay == NULL || my < p->text_top || my >= p->text_top + p->height)
		return -1;
	line = p->top + (size_t)(my - p->text_top);
	if (line >= p->lay->n)
		return -1;
	return canvas_layout_link_at(&p->lay->lines[line], p->x, p->w, mx);
}

static int
screen_page_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_page *p = s->data;
	size_t h = p->height > 0 ? (size_t)p->height : 1;
	size_t max = screen_page_max_top(p);

	if (ev->type == EV_MOUSE) {
		switch (ev->button) {
		case MOUSE_WHEEL_UP:
			p->top = p->top > 3 ? p->top - 3 : 0;
			return R_REDRAW;
		case MOUSE_WHEEL_DOWN:
			p->top = p->top + 3 < max ? p->top + 3 : max;
			return R_REDRAW;
		case MOUSE_CLICK:
			if (p->bw > 0 && ev->my == p->by && ev->mx >= p->bx &&
			    ev->mx < p->bx + p->bw)
				return screen_page_feedback(k, s, ev);
			return screen_page_follow(k, p,
			    screen_page_link_at(p, ev->my, ev->mx));
		default:
			return R_NONE;
		}
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_UP:
		if (p->top > 0)
			p->top--;
		return R_REDRAW;
	case K_DOWN:
		if (p->top < max)
			p->top++;
		return R_REDRAW;
	case K_PGUP:
		p->top = p->top > h - 1 ? p->top - (h - 1) : 0;
		return R_REDRAW;
	case K_PGDN:
	case ' ':
		p->top = p->top + h - 1 < max ? p->top + h - 1 : max;
		return R_REDRAW;
	case K_HOME:
		p->top = 0;
		return R_REDRAW;
	case K_END:
		p->top = max;
		return R_REDRAW;
	case K_BTAB:
		screen_page_next_link(p, -1);
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

/* Tab: the next link. */
static int
screen_page_tab(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)k;
	(void)ev;
	screen_page_next_link(s->data, 1);
	return R_REDRAW;
}

/* 1 when the page offers feedback about itself: a page of the pack. */
static int
screen_page_can_feedback(struct kiosk *k, const struct screen_page *p)
{
	return p->id != NULL && k->pack->feedback != NULL &&
	    (k->pack->session_consent == NULL ||
	    strcmp(p->id, k->pack->session_consent) != 0) &&
	    (k->pack->consent == NULL || strcmp(p->id, k->pack->consent) != 0);
}

/*
 * The heading the person reads under (the nearest one above the top
 * line, below the page's title), or NULL (Caller frees).
 */
static char *
screen_page_heading(const struct screen_page *p)
{
	int block = -1;
	size_t i;

	for (i = p->top; p->lay != NULL && i < p->lay->n && block < 0; i++)
		block = p->lay->lines[i].block;
	for (; block > 0; block--)
		if (p->doc->blocks[block].kind == DOC_HEADING &&
		    p->doc->blocks[block].level > 1)
			return doc_block_text(&p->doc->blocks[block]);
	return NULL;
}

/* f, or the button: feedback about this page, or the commitment read. */
static int
screen_page_feedback(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_page *p = s->data;
	char *heading;
	int r;

	(void)ev;
	if (!screen_page_can_feedback(k, p))
		return R_NONE;
	heading = screen_page_heading(p);
	r = screen_surveys_feedback(k, p->id, heading, p->fell_back ?
	    k->pack->default_lang : k->lang);
	free(heading);
	return r;
}

/* Enter: follow the link in focus, if there is one. */
static int
screen_page_open(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_page *p = s->data;

	(void)ev;
	if (p->focus >= 0)
		return screen_page_follow(k, p, p->focus);
	return R_NONE;
}

static void
screen_page_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_page *p = s->data;
	int margin = c->w >= 60 ? 2 : 1, w = c->w - 2 * margin, row, n;
	size_t i, max;
	char pos[32];

	if (p->id != NULL && strcmp(p->lang, k->lang) != 0)
		screen_page_relang(k, p);
	if (p->fell_back) {
		n = canvas_wrap(c, top, margin, w, 2, _("This page is not yet "
		    "in your language: it is shown in English."), ST_BOLD,
		    k->rtl);
		top += n;
		height -= n;
	}
	/* On the last row, always in sight: feedback about this page. */
	p->bw = 0;
	if (screen_page_can_feedback(k, p) && height > 4) {
		height -= 2;
		p->by = top + height + 1;
		p->bx = margin;
		p->bw = canvas_button(c, p->by, margin, w, _("Tell us what you "
		    "think of this page"), 0, 0);
		canvas_text(c, p->by, margin + p->bw + 1, w - p->bw - 1,
		    _("(or press F)"), ST_DIM);
	}
	p->height = height;
	p->text_top = top;
	p->x = margin;
	p->w = w;
	screen_page_layout(k, p, (size_t)w);
	if (p->lay == NULL)
		return;
	max = screen_page_max_top(p);
	if (p->top > max)
		p->top = max;
	for (row = 0; row < height; row++) {
		i = p->top + (size_t)row;
		if (i >= p->lay->n)
			break;
		canvas_layout_line(c, top + row, margin, w, &p->lay->lines[i],
		    p->focus);
	}
	/* Where we are, in the header: "40%" or "all". */
	if (p->lay->n > (size_t)height) {
		snprintf(pos, sizeof pos, " %zu%% ", max > 0 ? p->top * 100 /
		    max : 100);
		kiosk_header_note(k, pos);
	}
}

/* The pack's recording of this page in the language in use, if any. */
static char *
screen_page_audio(struct kiosk *k, struct screen *s)
{
	struct screen_page *p = s->data;
	char *path = NULL;

	if (p->id == NULL ||
	    pack_audio_path(k->pack, k->lang, p->id, &path) != 0)
		return NULL;
	return path;
}

const struct screen_class screen_page_class = {
	.name = "page",
	.audio = screen_page_audio,
	.size = sizeof(struct screen_page),
	.enter = screen_page_enter,
	.leave = screen_page_leave,
	.key = screen_page_key,
	.draw = screen_page_draw,
	.title = screen_page_title,
	.bindings = screen_page_bindings,
};
