/*
 * The menu widget; see menu.h.
 */
#include "tui/menu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/utf8.h"

int
menu_add(struct menu *m, const char *label, const char *detail, int id)
{
	struct menu_item *it;

	if ((it = realloc(m->items, (m->n + 1) * sizeof *it)) == NULL)
		return -1;
	m->items = it;
	it = &m->items[m->n];
	it->label = strdup(label);
	it->detail = detail != NULL ? strdup(detail) : NULL;
	it->id = id;
	if (it->label == NULL || (detail != NULL && it->detail == NULL)) {
		free(it->label);
		free(it->detail);
		return -1;
	}
	m->n++;
	return 0;
}

void
menu_clear(struct menu *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->items[i].label);
		free(m->items[i].detail);
	}
	free(m->items);
	m->items = NULL;
	m->n = m->sel = m->top = 0;
}

const struct menu_item *
menu_selected(const struct menu *m)
{
	return m->n > 0 ? &m->items[m->sel] : NULL;
}

int
menu_key(struct menu *m, const struct ev *ev)
{
	size_t page = m->h > 1 ? (size_t)m->h - 1 : 1;

	if (m->n == 0)
		return MENU_NONE;
	if (ev->type == EV_MOUSE) {
		if (ev->button == MOUSE_WHEEL_UP) {
			if (m->sel > 0)
				m->sel--;
			return MENU_MOVED;
		}
		if (ev->button == MOUSE_WHEEL_DOWN) {
			if (m->sel + 1 < m->n)
				m->sel++;
			return MENU_MOVED;
		}
		if (ev->button == MOUSE_CLICK && ev->my >= m->y &&
		    ev->my < m->y + m->h && ev->mx >= m->x &&
		    ev->mx < m->x + m->w &&
		    m->top + (size_t)(ev->my - m->y) < m->n) {
			m->sel = m->top + (size_t)(ev->my - m->y);
			return MENU_CHOSEN;
		}
		return MENU_NONE;
	}
	if (ev->type != EV_KEY)
		return MENU_NONE;
	switch (ev->key) {
	case K_UP:
		if (m->sel > 0)
			m->sel--;
		return MENU_MOVED;
	case K_DOWN:
		if (m->sel + 1 < m->n)
			m->sel++;
		return MENU_MOVED;
	case K_PGUP:
		m->sel = m->sel > page ? m->sel - page : 0;
		return MENU_MOVED;
	case K_PGDN:
		m->sel = m->sel + page < m->n ? m->sel + page : m->n - 1;
		return MENU_MOVED;
	case K_HOME:
		m->sel = 0;
		return MENU_MOVED;
	case K_END:
		m->sel = m->n - 1;
		return MENU_MOVED;
	case K_ENTER:
	case K_RIGHT:
		return MENU_CHOSEN;
	}
	if (m->numbered && ev->key >= '1' && ev->key <= '9' &&
	    (size_t)(ev->key - '1') < m->n) {
		m->sel = (size_t)(ev->key - '1');
		return MENU_CHOSEN;
	}
	return MENU_NONE;
}

/*
 * Columns to keep for item i's detail (its width and the two spaces
 * before it) when its label would push it out of avail columns: the
 * label is cut instead, down to half the row, so that a long title never
 * hides a count. 0 when everything fits.
 */
static int
menu_detail_room(const struct menu *m, size_t i, int avail)
{
	const char *d = m->items[i].detail;
	int lw, dw;

	if (d == NULL)
		return 0;
	lw = (int)utf8_width(m->items[i].label);
	dw = (int)utf8_width(d) + 2;
	if (lw + dw + 1 <= avail || dw + 1 > avail / 2)
		return 0;
	return dw + 1;
}

/* One row mirrored: marker and number at the right, then the label. */
static void
menu_draw_rtl(struct menu *m, struct canvas *c, int y, int x, int w, size_t i,
    enum style st)
{
	char num[16];
	int end = x + w, lw, room;

	if (i == m->sel)
		canvas_mark(c, y, end - CANVAS_MARK_W, 1);
	end -= CANVAS_MARK_W;
	if (m->numbered) {
		if (i < 9)
			snprintf(num, sizeof num, "%zu.", i + 1);
		else
			num[0] = '\0';
		canvas_text(c, y, end - 2, 2, num, st);
		end -= 3;
	}
	if (end <= x)
		return;
	room = menu_detail_room(m, i, end - x);
	lw = canvas_text_align(c, y, x + room, end - x - room,
	    m->items[i].label, st, 1);
	if (m->items[i].detail != NULL && lw - x > 6)
		canvas_text_align(c, y, x + 1, lw - x - 3, m->items[i].detail,
		    i == m->sel ? st : ST_DIM, 1);
}

void
menu_draw(struct menu *m, struct canvas *c, int y, int x, int w, int h)
{
	char num[16];
	size_t i;
	int row, col;

	m->y = y;
	m->x = x;
	m->w = w;
	m->h = h;
	if (h <= 0 || m->n == 0)
		return;
	if (m->sel < m->n) {
		c->focus_i = (int)m->sel + 1;
		c->focus_n = (int)m->n;
	}
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + (size_t)h)
		m->top = m->sel - (size_t)h + 1;
	for (row = 0; row < h && m->top + (size_t)row < m->n; row++) {
		i = m->top + (size_t)row;
		int sel = i == m->sel;
		enum style st = sel ? ST_SELECTED : ST_NORMAL;

		if (sel)
			canvas_fill(c, y + row, x, w, st);
		if (m->rtl) {
			menu_draw_rtl(m, c, y + row, x, w, i, st);
			continue;
		}
		col = x;
		if (sel)
			canvas_mark(c, y + row, col, 0);
		col += CANVAS_MARK_W;
		if (m->numbered && i < 9) {
			snprintf(num, sizeof num, "%zu. ", i + 1);
			col += canvas_text(c, y + row, col, x + w - col, num,
			    st);
		} else if (m->numbered)
			col += canvas_text(c, y + row, col, x + w - col, "   ",
			    st);
		col += canvas_text_cut(c, y + row, col, x + w - col -
		    menu_detail_room(m, i, x + w - col), m->items[i].label, st);
		if (m->items[i].detail != NULL && x + w - col > 6) {
			col += canvas_text(c, y + row, col, 2, "  ", st);
			canvas_text_cut(c, y + row, col, x + w - col - 1,
			    m->items[i].detail, sel ? st : ST_DIM);
		}
	}
	/* Show that there is more above or below. */
	if (m->top > 0)
		canvas_text(c, y, m->rtl ? x : x + w - 1, 1, utf8_locale_ok() ?
		    "\xe2\x86\x91" : "^", ST_DECOR);
	if (m->top + (size_t)h < m->n)
		canvas_text(c, y + h - 1, m->rtl ? x : x + w - 1, 1,
		    utf8_locale_ok() ?
		    "\xe2\x86\x93" : "v", ST_DECOR);
}
