/*
 * The cell canvas screens draw into; see canvas.h.
 */
#include "tui/canvas.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/doc.h"
#include "content/layout.h"
#include "content/utf8.h"

int
canvas_resize(struct canvas *c, int w, int h)
{
	struct cell *cells;

	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w > CANVAS_MAX_W)
		w = CANVAS_MAX_W;
	if (h > 1000)
		h = 1000;
	if ((cells = calloc((size_t)w * (size_t)h, sizeof *cells)) == NULL)
		return -1;
	free(c->cells);
	c->cells = cells;
	c->w = w;
	c->h = h;
	canvas_clear(c);
	return 0;
}

void
canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

void
canvas_clear(struct canvas *c)
{
	int i;

	for (i = 0; i < c->w * c->h; i++) {
		c->cells[i].ch[0] = ' ';
		c->cells[i].ch[1] = '\0';
		c->cells[i].len = 1;
		c->cells[i].width = 1;
		c->cells[i].style = ST_NORMAL;
	}
	c->cursor_y = c->cursor_x = -1;
	c->focus_i = c->focus_n = 0;
}

struct cell *
canvas_cell(struct canvas *c, int y, int x)
{
	if (y < 0 || x < 0 || y >= c->h || x >= c->w)
		return NULL;
	return &c->cells[y * c->w + x];
}

/* Make the cell at y, x a lone space (part of clearing a cluster). */
static void
canvas_blank(struct cell *cell)
{
	cell->ch[0] = ' ';
	cell->ch[1] = '\0';
	cell->len = 1;
	cell->width = 1;
}

/*
 * Put one cluster of width cw at y, x; returns 0 if it did not fit. A
 * cluster is as wide as its code points (wcwidth): 2 for CJK, and 3 or
 * more for an Indic syllable with spacing vowel signs (Bengali "বাং");
 * the cells after the first are its continuation.
 */
static int
canvas_put(struct canvas *c, int y, int x, int limit, const char *s,
    size_t len, int cw, enum style st)
{
	struct cell *cell, *next;
	int i;

	if (x >= limit || (cell = canvas_cell(c, y, x)) == NULL)
		return 0;
	if (cw < 1)
		cw = 1;
	if (cw > 1 && (x + cw > limit || x + cw > c->w)) {
		/* Part of a wide cluster would garble the line: a space. */
		if (cell->width == 0 && x > 0)
			for (i = x - 1; i >= 0 && (next = canvas_cell(c, y, i))
			    != NULL; i--) {
				int start = next->width != 0;

				canvas_blank(next);
				if (start)
					break;
			}
		canvas_blank(cell);
		cell->style = (uint8_t)st;
		return 0;
	}
	/* Overwriting part of a wide cluster clears the rest of it. */
	if (cell->width == 0 && x > 0)
		for (i = x - 1; i >= 0 && (next = canvas_cell(c, y, i)) != NULL;
		    i--) {
			int start = next->width != 0;

			canvas_blank(next);
			if (start)
				break;
		}
	if (len >= CELL_MAX) {
		s = "?";
		len = 1;
		cw = 1;
	}
	memcpy(cell->ch, s, len);
	cell->ch[len] = '\0';
	cell->len = (uint8_t)len;
	cell->width = (uint8_t)cw;
	cell->style = (uint8_t)st;
	for (i = 1; i < cw; i++) {
		next = canvas_cell(c, y, x + i);
		next->ch[0] = '\0';
		next->len = 0;
		next->width = 0;
		next->style = (uint8_t)st;
	}
	/* A continuation left after us belonged to a cluster now cut. */
	for (i = x + cw; (next = canvas_cell(c, y, i)) != NULL &&
	    next->width == 0; i++)
		canvas_blank(next);
	return 1;
}

/* Draw already sanitised text. */
static int
canvas_raw(struct canvas *c, int y, int x, int maxw, const char *s,
    size_t len, enum style st)
{
	size_t i = 0, n;
	int cw, used = 0, limit;

	if (y < 0 || y >= c->h || maxw <= 0)
		return 0;
	limit = x + maxw > c->w ? c->w : x + maxw;
	while (i < len && x + used < limit) {
		n = utf8_cluster(s + i, len - i, &cw);
		if (cw == 0) {
			/* A lone mark: show it on a space of its own. */
			cw = 1;
		}
		if (x + used + cw > limit) {
			if (cw >= 2)
				canvas_put(c, y, x + used, limit, " ", 1, 1, st);
			break;
		}
		if (x + used >= 0)
			canvas_put(c, y, x + used, limit, s + i, n, cw, st);
		used += cw;
		i += n;
	}
	return used;
}

/*
 * Sanitised text in logical order, drawn in display order: a string with a
 * right-to-left letter is reordered with fribidi (its own direction from
 * its first strong letter, or right to left when the canvas's language
 * is). Text without one is drawn as it is, at no cost.
 */
static int
canvas_logical(struct canvas *c, int y, int x, int maxw, const char *s,
    size_t len, enum style st)
{
	FriBidiChar *u = NULL, *vis = NULL;
	FriBidiParType dir;
	struct buf b = BUF_INIT;
	size_t n = 0, i;
	uint32_t cp;
	int rtl = 0, used;
	char e[4];

	for (i = 0; i < len && !rtl; ) {
		i += utf8_decode(s + i, len - i, &cp);
		rtl = FRIBIDI_IS_RTL(fribidi_get_bidi_type(cp));
	}
	if (!rtl || len > 4096)
		return canvas_raw(c, y, x, maxw, s, len, st);
	if ((u = calloc(len, sizeof *u)) == NULL ||
	    (vis = calloc(len, sizeof *vis)) == NULL) {
		used = canvas_raw(c, y, x, maxw, s, len, st);
		goto out;
	}
	for (i = 0; i < len; n++) {
		i += utf8_decode(s + i, len - i, &cp);
		u[n] = cp;
	}
	dir = c->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
	if (!fribidi_log2vis(u, (FriBidiStrIndex)n, &dir, vis, NULL, NULL,
	    NULL)) {
		used = canvas_raw(c, y, x, maxw, s, len, st);
		goto out;
	}
	for (i = 0; i < n; i++)
		buf_add(&b, e, utf8_encode(vis[i], e));
	used = canvas_raw(c, y, x, maxw, buf_str(&b), b.len, st);
out:
	buf_free(&b);
	free(u);
	free(vis);
	return used;
}

int
canvas_ntext(struct canvas *c, int y, int x, int maxw, const char *text,
    size_t len, enum style st)
{
	char *clean;
	int used;

	if (text == NULL || len == 0)
		return 0;
	if ((clean = utf8_sanitize(text, len, 0)) == NULL)
		return 0;
	used = canvas_logical(c, y, x, maxw, clean, strlen(clean), st);
	free(clean);
	return used;
}

int
canvas_text(struct canvas *c, int y, int x, int maxw, const char *text,
    enum style st)
{
	return text != NULL ? canvas_ntext(c, y, x, maxw, text, strlen(text),
	    st) : 0;
}

int
canvas_text_cut(struct canvas *c, int y, int x, int maxw, const char *text,
    enum style st)
{
	char *clean;
	size_t w, fit, used;
	int ascii = !utf8_locale_ok(), n;

	if (text == NULL || maxw <= 0)
		return 0;
	if ((clean = utf8_sanitize(text, strlen(text), 0)) == NULL)
		return 0;
	w = utf8_width(clean);
	if (w <= (size_t)maxw) {
		n = canvas_logical(c, y, x, maxw, clean, strlen(clean), st);
	} else {
		/* Cut in logical order, then reorder with the ellipsis. */
		struct buf cut = BUF_INIT;

		fit = utf8_fit(clean, strlen(clean), (size_t)maxw -
		    (ascii ? 3 : 1), &used);
		buf_add(&cut, clean, fit);
		buf_add(&cut, ascii ? "..." : "\xe2\x80\xa6", 3);
		n = canvas_logical(c, y, x, maxw, buf_str(&cut), cut.len, st);
		buf_free(&cut);
	}
	free(clean);
	return n;
}

int
canvas_text_align(struct canvas *c, int y, int x, int maxw, const char *text,
    enum style st, int right)
{
	char *clean;
	size_t w;
	int at = x;

	if (text == NULL || maxw <= 0)
		return x;
	if (right && (clean = utf8_sanitize(text, strlen(text), 0)) != NULL) {
		w = utf8_width(clean);
		if (w < (size_t)maxw)
			at = x + maxw - (int)w;
		free(clean);
	}
	canvas_text_cut(c, y, at, maxw - (at - x), text, st);
	return at;
}

int
canvas_wrap(struct canvas *c, int y, int x, int w, int maxlines,
    const char *text, enum style st, int rtl)
{
	const char *dots = utf8_locale_ok() ? "\xe2\x80\xa6" : "...";
	struct layout *lay = NULL;
	struct buf b = BUF_INIT;
	size_t i;
	int n = 0;

	if (text == NULL || *text == '\0' || w < 1 || maxlines < 1 ||
	    layout_text(text, 0, (size_t)w, &lay) != 0)
		return 0;
	for (i = 0; i < lay->n && n < maxlines; i++, n++) {
		if (c == NULL)
			continue;
		buf_truncate(&b, 0);
		buf_addstr(&b, lay->lines[i].text);
		/* The last row allowed says that there is more. */
		if (n == maxlines - 1 && i + 1 < lay->n) {
			size_t used, fit = utf8_fit(buf_str(&b), b.len,
			    (size_t)w - utf8_width(dots), &used);

			buf_truncate(&b, fit);
			buf_addstr(&b, dots);
		}
		canvas_text_align(c, y + n, x, w, buf_str(&b), st, rtl);
	}
	buf_free(&b);
	layout_free(&lay);
	return n;
}

void
canvas_mark(struct canvas *c, int y, int x, int rtl)
{
	const char *m = utf8_locale_ok() ? (rtl ? " \xe2\x97\x80" :
	    "\xe2\x96\xb6 ") : (rtl ? " <" : "> ");

	canvas_text(c, y, x, CANVAS_MARK_W, m, ST_SELECTED);
}

void
canvas_focus(struct canvas *c, int y, int x, int w, int rtl)
{
	struct cell *cell;
	int i;

	for (i = x; i < x + w; i++)
		if ((cell = canvas_cell(c, y, i)) != NULL)
			cell->style = ST_SELECTED;
	canvas_mark(c, y, rtl ? x + w : x - CANVAS_MARK_W, rtl);
}

int
canvas_button(struct canvas *c, int y, int x, int maxw, const char *label,
    int focused, int rtl)
{
	struct buf b = BUF_INIT;
	int n;

	buf_printf(&b, "[ %s ]", label);
	n = canvas_text_cut(c, y, x, maxw, buf_str(&b), ST_BOLD);
	buf_free(&b);
	if (focused)
		canvas_focus(c, y, x, n, rtl);
	return n;
}

int
canvas_label(struct canvas *c, int y, int x, int maxw, const char *label,
    int focused, int rtl)
{
	int n = canvas_text(c, y, x, maxw, label, focused ? ST_SELECTED :
	    ST_BOLD);

	if (focused)
		canvas_focus(c, y, x, n, rtl);
	return n;
}

void
canvas_cursor(struct canvas *c, int y, int x)
{
	if (canvas_cell(c, y, x) == NULL)
		return;
	c->cursor_y = y;
	c->cursor_x = x;
}

void
canvas_fill(struct canvas *c, int y, int x, int w, enum style st)
{
	int i;

	for (i = 0; i < w; i++)
		canvas_put(c, y, x + i, c->w, " ", 1, 1, st);
}

void
canvas_hline(struct canvas *c, int y, int x, int w, enum style st)
{
	const char *h = utf8_locale_ok() ? "\xe2\x94\x80" : "-";
	int i;

	for (i = 0; i < w; i++)
		canvas_put(c, y, x + i, c->w, h, strlen(h), 1, st);
}

void
canvas_bar(struct canvas *c, int y, int x, int w, size_t done, size_t total)
{
	const char *rest = utf8_locale_ok() ? "\xe2\x96\x91" : "-";
	int fill = 0, i;

	if (w <= 0)
		return;
	if (total > 0 && done > 0)
		fill = done >= total ? w : (int)((double)w * (double)done /
		    (double)total);
	if (done > 0 && fill == 0)
		fill = 1;
	for (i = 0; i < w; i++)
		canvas_put(c, y, x + i, c->w, i < fill ? " " : rest,
		    i < fill ? 1 : strlen(rest), 1, i < fill ? ST_BAR : ST_DIM);
}

enum style
canvas_style_for(unsigned attr, int focused)
{
	if (attr & DOC_A_LINK)
		return focused ? ST_LINK_FOCUS : ST_LINK;
	if (attr & DOC_A_MATCH)
		return ST_MATCH;
	if (attr & DOC_A_HEADING)
		return ST_HEADING;
	if (attr & DOC_A_DECOR)
		return ST_DECOR;
	if (attr & (DOC_A_BOLD | DOC_A_TH))
		return ST_BOLD;
	if (attr & (DOC_A_EM | DOC_A_CODE))
		return ST_EM;
	return ST_NORMAL;
}

/*
 * Right-to-left: reorder the line with fribidi and align it right. With a
 * canvas, draw it at y; without one, return the link shown at column col
 * (or -1), so a click finds what the eye sees.
 */
static int
canvas_rtl_walk(struct canvas *c, int y, int x, int w,
    const struct layout_line *ln, int focus_link, int col_hit)
{
	FriBidiChar *u = NULL, *vis = NULL;
	FriBidiStrIndex *v2l = NULL;
	FriBidiParType dir = FRIBIDI_PAR_RTL;
	size_t *rix = NULL;
	size_t n = 0, i = 0, r, k, len = ln->len;
	struct buf cl = BUF_INIT;
	int col, hit = -1;

	if ((u = calloc(len + 1, sizeof *u)) == NULL ||
	    (vis = calloc(len + 1, sizeof *vis)) == NULL ||
	    (v2l = calloc(len + 1, sizeof *v2l)) == NULL ||
	    (rix = calloc(len + 1, sizeof *rix)) == NULL)
		goto out;
	for (r = 0; r < ln->nruns; r++) {
		const struct layout_run *run = &ln->runs[r];

		for (i = run->off; i < run->off + run->len; ) {
			uint32_t cp;

			i += utf8_decode(ln->text + i, run->off + run->len - i,
			    &cp);
			u[n] = cp;
			rix[n] = r;
			n++;
		}
	}
	if (n == 0)
		goto out;
	if (!fribidi_log2vis(u, (FriBidiStrIndex)n, &dir, vis, NULL, v2l, NULL))
		goto out;
	/* Draw from the right edge so the line is right-aligned. */
	col = x + w - (int)ln->width;
	if (col < x)
		col = x;
	for (i = 0; i < n; ) {
		const struct layout_run *run = &ln->runs[rix[v2l[i]]];
		enum style st = canvas_style_for(run->attr,
		    run->link >= 0 && run->link == focus_link);
		char e[4];
		int cw;

		buf_truncate(&cl, 0);
		buf_add(&cl, e, utf8_encode(vis[i], e));
		/* Marks that follow stay on their base's cell. */
		for (k = i + 1; k < n && utf8_cp_width(vis[k]) == 0; k++)
			buf_add(&cl, e, utf8_encode(vis[k], e));
		cw = utf8_cp_width(vis[i]);
		if (cw <= 0)
			cw = 1;
		if (col + cw > x + w)
			break;
		if (c != NULL)
			canvas_put(c, y, col, x + w, buf_str(&cl), cl.len, cw,
			    st);
		else if (col_hit >= col && col_hit < col + cw) {
			hit = run->link;
			break;
		}
		col += cw;
		i = k;
	}
out:
	buf_free(&cl);
	free(u);
	free(vis);
	free(v2l);
	free(rix);
	return hit;
}

static void
canvas_rtl_line(struct canvas *c, int y, int x, int w,
    const struct layout_line *ln, int focus_link)
{
	canvas_rtl_walk(c, y, x, w, ln, focus_link, -1);
}

int
canvas_layout_link_at(const struct layout_line *ln, int x, int w, int col)
{
	size_t r;
	int at = x, cw;

	if (ln->rtl)
		return canvas_rtl_walk(NULL, 0, x, w, ln, -1, col);
	for (r = 0; r < ln->nruns && at < x + w; r++) {
		cw = (int)utf8_nwidth(ln->text + ln->runs[r].off,
		    ln->runs[r].len);
		if (col >= at && col < at + cw)
			return ln->runs[r].link;
		at += cw;
	}
	return -1;
}

void
canvas_layout_line(struct canvas *c, int y, int x, int w,
    const struct layout_line *ln, int focus_link)
{
	size_t r;
	int col = x;

	if (ln->rtl) {
		canvas_rtl_line(c, y, x, w, ln, focus_link);
		return;
	}
	for (r = 0; r < ln->nruns && col < x + w; r++) {
		const struct layout_run *run = &ln->runs[r];
		enum style st = canvas_style_for(run->attr,
		    run->link >= 0 && run->link == focus_link);

		col += canvas_raw(c, y, col, x + w - col, ln->text + run->off,
		    run->len, st);
	}
}

/* The first code point of a cell's cluster. */
static uint32_t
canvas_cell_cp(const struct cell *cell)
{
	uint32_t cp = ' ';

	if (cell->len > 0)
		utf8_decode(cell->ch, cell->len, &cp);
	return cp;
}

/*
 * Display order of n code points as the terminal computes it, with
 * paragraph direction *base (FRIBIDI_PAR_ON: from the first strong
 * letter): map[i] is the logical index shown at i, odd[i] says it is at an
 * odd level (so the terminal mirrors it). Returns 0 on failure.
 */
static int
canvas_bidi(const uint32_t *cp, int n, FriBidiParType base, int *map,
    unsigned char *odd)
{
	FriBidiCharType types[CANVAS_MAX_W];
	FriBidiLevel levels[CANVAS_MAX_W];
	FriBidiStrIndex m[CANVAS_MAX_W];
	int i;

	if (n <= 0)
		return 1;
	for (i = 0; i < n; i++) {
		types[i] = fribidi_get_bidi_type(cp[i]);
		m[i] = i;
	}
	if (fribidi_get_par_embedding_levels_ex(types, NULL, n, &base,
	    levels) == 0 || fribidi_reorder_line(0, types, n, 0, base, levels,
	    NULL, m) == 0)
		return 0;
	for (i = 0; i < n; i++) {
		map[i] = m[i];
		odd[i] = levels[m[i]] & 1;
	}
	return 1;
}

/*
 * The logical order lo[] of the n units of display order cp[] for a
 * terminal that reorders in paragraph direction base: the reordering
 * undone, then done again to find what the terminal mirrors. Returns 1
 * when the terminal will show exactly cp[].
 */
static int
canvas_unorder(const uint32_t *cp, int n, FriBidiParType base, int *lo,
    uint32_t *mirror)
{
	uint32_t lcp[CANVAS_MAX_W] = { 0 };
	int map[CANVAS_MAX_W], back[CANVAS_MAX_W], i, exact = 1;
	unsigned char odd[CANVAS_MAX_W];
	FriBidiChar m;

	for (i = 0; i < n; i++) {
		lo[i] = i;
		mirror[i] = 0;
	}
	if (!canvas_bidi(cp, n, base, map, odd))
		return 0;
	for (i = 0; i < n; i++) {
		lo[i] = map[i];
		lcp[i] = cp[map[i]];
	}
	/* What the terminal will make of it. */
	if (!canvas_bidi(lcp, n, base, back, odd))
		return 0;
	for (i = 0; i < n; i++) {
		mirror[back[i]] = odd[i] && fribidi_get_mirror_char(lcp[back[i]],
		    &m) ? m : 0;
		if (map[back[i]] != i)
			exact = 0;
	}
	return exact;
}

int
canvas_row_order(const struct canvas *c, int y, int *order, uint32_t *mirror)
{
	uint32_t cp[CANVAS_MAX_W], umirror[CANVAS_MAX_W];
	int start[CANVAS_MAX_W], uorder[CANVAS_MAX_W];
	int n = 0, x, i, s, e, k, rtl = 0, box = 0;
	const struct cell *row;

	for (x = 0; x < c->w; x++) {
		order[x] = x;
		mirror[x] = 0;
	}
	if (y < 0 || y >= c->h)
		return 0;
	row = &c->cells[y * c->w];
	for (x = 0; x < c->w; x++) {
		if (row[x].width == 0 && x > 0)
			continue;
		start[n] = x;
		cp[n] = canvas_cell_cp(&row[x]);
		rtl |= FRIBIDI_IS_RTL(fribidi_get_bidi_type(cp[n]));
		box |= cp[n] >= 0x2500 && cp[n] <= 0x259f;
		umirror[n] = 0;
		n++;
	}
	if (!rtl)
		return 0;
	if (box) {
		/* Left to right, each part between box-drawing characters. */
		for (s = 0; s < n; s = e + 1) {
			for (e = s; e < n && !(cp[e] >= 0x2500 &&
			    cp[e] <= 0x259f); e++)
				;
			canvas_unorder(cp + s, e - s, FRIBIDI_PAR_LTR,
			    uorder + s, umirror + s);
			for (i = s; i < e; i++)
				uorder[i] += s;
			if (e < n)
				uorder[e] = e;
		}
	} else
		canvas_unorder(cp, n, c->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
		    uorder, umirror);
	/* Units back to cells: each cluster with its continuation cells. */
	for (i = 0, k = 0; i < n && k < c->w; i++) {
		int u = uorder[i], end = u + 1 < n ? start[u + 1] : c->w;

		mirror[k] = umirror[i];
		for (x = start[u]; x < end && k < c->w; x++)
			order[k++] = x;
	}
	return 1;
}

char *
canvas_dump(const struct canvas *c)
{
	struct buf b = BUF_INIT;
	int y, x;

	for (y = 0; y < c->h; y++) {
		for (x = 0; x < c->w; x++) {
			const struct cell *cell = &c->cells[y * c->w + x];

			if (cell->width != 0)
				buf_add(&b, cell->ch, cell->len);
		}
		buf_addch(&b, '\n');
	}
	return buf_detach(&b, NULL);
}
