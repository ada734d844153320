/*
 * Results for the room, behind the PIN: this session's votes and the
 * closed answers of the surveys sealed during it (sync/session.h), one
 * question per page, to be read from across a room: the question, then
 * each choice on its own lines with space between, its label wrapped and
 * a bar across most of the width with the count after it.
 *
 * A count below the pack's results_threshold is never shown: it reads
 * "fewer than N" and has only a short hatched stub for a bar, the same
 * for every hidden count, so neither the number nor the bar's length
 * gives it away (the number of people is treated the same way). Only
 * counts are here, never free text; they live in the session and are
 * forgotten when it ends, after which this screen shows nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "sync/session.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/screen-session.h"

#define RESULTS_STUB	2	/* cells of the hatched stub */

struct screen_results {
	size_t	page;
	int	scroll;
	int	lines;		/* body lines last laid out */
	int	height;		/* body rows last drawn */
};

static const struct binding screen_results_bindings[] = {
	BINDING_ARROWS_LR(N_("question")),
	BINDING_ARROWS(N_("scroll")),
	{ "Esc", N_("back"), K_ESC, K_BACKSPACE, kiosk_back },
	BINDING_END
};

int
screen_results_count(unsigned count, int threshold, char *out, size_t cap)
{
	if (threshold > 0 && count < (unsigned)threshold) {
		snprintf(out, cap, ngettext("fewer than %d", "fewer than %d",
		    threshold), threshold);
		return 1;
	}
	snprintf(out, cap, "%u", count);
	return 0;
}

/* "12 people", "1 person", or "fewer than 3 people" below threshold. */
static void
screen_results_people(unsigned count, int threshold, char *out, size_t cap)
{
	if (threshold > 0 && count < (unsigned)threshold)
		snprintf(out, cap, ngettext("fewer than %d person",
		    "fewer than %d people", threshold), threshold);
	else
		snprintf(out, cap, ngettext("%u person", "%u people", count),
		    count);
}

static const char *
screen_results_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Results for the room");
}

static int
screen_results_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_results *r = s->data;
	size_t n = k->session != NULL ? k->session->nresults : 0;

	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_RIGHT:
	case K_PGDN:
	case ' ':
		if (r->page + 1 < n) {
			r->page++;
			r->scroll = 0;
		}
		return R_REDRAW;
	case K_LEFT:
	case K_PGUP:
		if (r->page > 0) {
			r->page--;
			r->scroll = 0;
		}
		return R_REDRAW;
	case K_DOWN:
		if (r->scroll + r->height < r->lines)
			r->scroll++;
		return R_REDRAW;
	case K_UP:
		if (r->scroll > 0)
			r->scroll--;
		return R_REDRAW;
	case K_HOME:
		r->scroll = 0;
		return R_REDRAW;
	}
	return R_NONE;
}

/* One line of text at body line `line`, if it is in view. */
static void
screen_results_put(struct canvas *c, int top, int h, int scroll, int line,
    int x, int w, const char *text, enum style st)
{
	int row = line - scroll;

	if (c != NULL && row >= 0 && row < h)
		canvas_text_cut(c, top + row, x, w, text, st);
}

/* A bar of len cells of glyph at body line `line`. */
static void
screen_results_bar(struct canvas *c, int top, int h, int scroll, int line,
    int x, int len, const char *glyph, enum style st)
{
	int row = line - scroll, i;

	if (c == NULL || row < 0 || row >= h)
		return;
	for (i = 0; i < len; i++)
		canvas_text(c, top + row, x + i, 1, glyph, st);
}

/* Wrapped text from body line `line`; returns the lines it takes. */
static int
screen_results_wrap(struct canvas *c, int top, int h, int scroll, int line,
    int x, int w, const char *text, unsigned attr)
{
	struct layout *lay = NULL;
	size_t i;
	int row, n;

	if (text == NULL || layout_text(text, attr, (size_t)w, &lay) != 0)
		return 0;
	/* Line by line, so a label half scrolled away still shows its rest. */
	for (i = 0; c != NULL && i < lay->n; i++) {
		row = line + (int)i - scroll;
		if (row >= 0 && row < h)
			canvas_layout_line(c, top + row, x, w, &lay->lines[i],
			    -1);
	}
	n = (int)lay->n;
	layout_free(&lay);
	return n;
}

/* Lay out (c NULL: measure) result res in the body; returns its lines. */
static int
screen_results_body(struct kiosk *k, const struct session_result *res,
    struct canvas *c, int top, int h, int scroll, int x, int w)
{
	int th = k->pack->results_threshold, line = 0, cw = 0, n, bw, len;
	unsigned scale = res->people, max = 0;
	const char *bar = utf8_locale_ok() ? "\xe2\x96\x88" : "#";
	const char *stub = utf8_locale_ok() ? "\xe2\x96\x91" : ":";
	char count[64], people[96], line_s[256];
	size_t i;

	for (i = 0; i < res->n; i++) {
		screen_results_count(res->counts[i], th, count, sizeof count);
		if ((n = (int)utf8_width(count)) > cw)
			cw = n;
		if (res->counts[i] > max)
			max = res->counts[i];
	}
	if (max > scale)
		scale = max;
	line += screen_results_wrap(c, top, h, scroll, line, x, w, res->title,
	    DOC_A_HEADING);
	screen_results_people(res->people, th, people, sizeof people);
	snprintf(line_s, sizeof line_s, res->source == SESSION_R_HANDS ?
	    _("Show of hands or dots: %s") :
	    res->source == SESSION_R_LAPTOP ? _("Voted on this laptop: %s") :
	    _("Survey answers in this session: %s"), people);
	screen_results_put(c, top, h, scroll, line++, x, w, line_s, ST_DIM);
	line++;
	/* The bars take the width left of the widest count, and more. */
	bw = w - cw - 1;
	if (bw < 1)
		bw = 1;
	for (i = 0; i < res->n; i++) {
		line += screen_results_wrap(c, top, h, scroll, line, x, w,
		    res->labels[i], DOC_A_BOLD);
		if (screen_results_count(res->counts[i], th, count,
		    sizeof count)) {
			/* Hidden: the same stub whatever the count. */
			screen_results_bar(c, top, h, scroll, line, x,
			    RESULTS_STUB, stub, ST_DIM);
			len = RESULTS_STUB;
		} else {
			len = scale > 0 ? (int)((unsigned long long)bw *
			    res->counts[i] / scale) : 0;
			if (len == 0 && res->counts[i] > 0)
				len = 1;
			screen_results_bar(c, top, h, scroll, line, x, len, bar,
			    ST_CHART);
		}
		screen_results_put(c, top, h, scroll, line, x + len + 1,
		    w - len - 1, count, ST_BOLD);
		line += 2;	/* the bar, then a blank line */
	}
	return line;
}

static void
screen_results_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_results *r = s->data;
	const struct session *sess = k->session;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, h = height - 2;
	char line[128];

	if (sess == NULL) {
		canvas_text_cut(c, top + 1, x, w, _("No session is running."),
		    ST_TITLE);
		return;
	}
	if (sess->nresults == 0) {
		canvas_text_cut(c, top + 1, x, w, _("No votes or answers in "
		    "this session yet."), ST_TITLE);
		canvas_text_cut(c, top + 3, x, w, _("Take a group vote, or let "
		    "people answer a survey: the counts show here."), ST_DIM);
		return;
	}
	if (r->page >= sess->nresults)
		r->page = sess->nresults - 1;
	snprintf(line, sizeof line, _("Question %zu of %zu"), r->page + 1,
	    sess->nresults);
	canvas_text_cut(c, top, x, w, line, ST_DIM);
	r->height = h;
	r->lines = screen_results_body(k, &sess->results[r->page], NULL, top +
	    1, h, 0, x, w);
	if (r->scroll > r->lines - h)
		r->scroll = r->lines - h > 0 ? r->lines - h : 0;
	screen_results_body(k, &sess->results[r->page], c, top + 1, h,
	    r->scroll, x, w);
	if (r->scroll + h < r->lines)
		canvas_text(c, top + height - 1, x, w, utf8_locale_ok() ?
		    _("\xe2\x86\x93 more below") : _("more below (Down)"),
		    ST_DECOR);
}

const struct screen_class screen_results_class = {
	.name = "results",
	.size = sizeof(struct screen_results),
	.behind_pin = 1,
	.key = screen_results_key,
	.draw = screen_results_draw,
	.title = screen_results_title,
	.bindings = screen_results_bindings,
};
