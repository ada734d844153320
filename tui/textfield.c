/*
 * The text field widget; see textfield.h.
 */
#include "tui/textfield.h"

#include <stdlib.h>
#include <string.h>

#include "content/layout.h"
#include "content/utf8.h"

void
textfield_init(struct textfield *f, size_t max_chars, int multiline)
{
	memset(f, 0, sizeof *f);
	buf_init(&f->text);
	buf_addstr(&f->text, "");
	f->max_chars = max_chars;
	f->multiline = multiline;
}

void
textfield_free(struct textfield *f)
{
	buf_wipe_free(&f->text);
	f->cursor = 0;
}

const char *
textfield_text(const struct textfield *f)
{
	return buf_str(&f->text);
}

void
textfield_set(struct textfield *f, const char *text)
{
	buf_wipe_free(&f->text);
	buf_addstr(&f->text, "");
	f->cursor = 0;
	textfield_insert(f, text);
}

/* Start of the cluster before byte offset pos. */
static size_t
textfield_prev(const struct textfield *f, size_t pos)
{
	size_t i = 0, last = 0, n;
	const char *s = buf_str(&f->text);

	while (i < pos) {
		last = i;
		n = utf8_cluster(s + i, f->text.len - i, NULL);
		i += n;
	}
	return last;
}

static size_t
textfield_next(const struct textfield *f, size_t pos)
{
	if (pos >= f->text.len)
		return f->text.len;
	return pos + utf8_cluster(buf_str(&f->text) + pos, f->text.len - pos,
	    NULL);
}

void
textfield_insert(struct textfield *f, const char *s)
{
	char *clean;
	size_t have, len, room, take, used;
	struct buf nb = BUF_INIT;

	f->full = 0;
	if ((clean = utf8_sanitize(s, strlen(s), f->multiline)) == NULL)
		return;
	have = utf8_count(buf_str(&f->text), f->text.len);
	room = have < f->max_chars ? f->max_chars - have : 0;
	len = strlen(clean);
	/* Take whole characters up to the room left. */
	take = 0;
	used = 0;
	while (take < len && used < room) {
		uint32_t cp;

		take += utf8_decode(clean + take, len - take, &cp);
		used++;
	}
	if (take < len)
		f->full = 1;
	buf_add(&nb, buf_str(&f->text), f->cursor);
	buf_add(&nb, clean, take);
	buf_add(&nb, buf_str(&f->text) + f->cursor, f->text.len - f->cursor);
	if (!buf_failed(&nb)) {
		buf_wipe_free(&f->text);
		f->text = nb;
		f->cursor += take;
	} else
		buf_free(&nb);
	explicit_bzero(clean, len);
	free(clean);
}

static void
textfield_delete(struct textfield *f, size_t from, size_t to)
{
	char *d = f->text.data;

	if (d == NULL || from >= to || to > f->text.len)
		return;
	memmove(d + from, d + to, f->text.len - to + 1);
	f->text.len -= to - from;
	/* Wipe the freed tail: answers should not linger in memory. */
	memset(d + f->text.len + 1, 0, to - from);
	if (f->cursor > from)
		f->cursor = f->cursor >= to ? f->cursor - (to - from) : from;
}

int
textfield_key(struct textfield *f, const struct ev *ev)
{
	char enc[8];
	size_t p;

	if (ev->type != EV_KEY)
		return 0;
	switch (ev->key) {
	case K_LEFT:
		f->cursor = textfield_prev(f, f->cursor);
		return 1;
	case K_RIGHT:
		f->cursor = textfield_next(f, f->cursor);
		return 1;
	case K_HOME:
		f->cursor = 0;
		return 1;
	case K_END:
		f->cursor = f->text.len;
		return 1;
	case K_BACKSPACE:
		if (f->cursor == 0)
			return 0;
		p = textfield_prev(f, f->cursor);
		textfield_delete(f, p, f->cursor);
		return 1;
	case K_DELETE:
		if (f->cursor >= f->text.len)
			return 0;
		textfield_delete(f, f->cursor, textfield_next(f, f->cursor));
		return 1;
	case K_ENTER:
		if (!f->multiline)
			return 0;
		textfield_insert(f, "\n");
		return 1;
	}
	if (ev->key >= 0x20 && ev->key < K_UP) {
		size_t before = f->text.len;

		enc[utf8_encode((uint32_t)ev->key, enc)] = '\0';
		textfield_insert(f, enc);
		return f->text.len != before;	/* 0 when the field is full */
	}
	return 0;
}

/*
 * The cursor where typing goes: the terminal's own, and the cell under it
 * in reverse video, for a terminal that does not show its cursor.
 */
static void
textfield_cursor(struct canvas *c, int y, int x)
{
	struct cell *cell = canvas_cell(c, y, x);

	if (cell != NULL)
		cell->style = ST_SELECTED;
	canvas_cursor(c, y, x);
}

void
textfield_draw(struct textfield *f, struct canvas *c, int y, int x, int w,
    int h, int focused)
{
	const char *s = buf_str(&f->text);
	struct layout *lay = NULL;
	size_t cw, i, line = 0, col = 0, off;
	int row;

	if (w < 2 || h < 1)
		return;
	for (row = 0; row < h; row++)
		canvas_fill(c, y + row, x, w, ST_INPUT);
	if (!f->multiline && h == 1) {
		/* One row: scroll sideways so the cursor stays in view. */
		cw = utf8_nwidth(s, f->cursor);
		if (cw < f->scroll)
			f->scroll = cw;
		if (cw >= f->scroll + (size_t)w - 1)
			f->scroll = cw - (size_t)w + 2;
		off = 0;
		for (col = 0; col < f->scroll && off < f->text.len; ) {
			int cwid;

			off += utf8_cluster(s + off, f->text.len - off, &cwid);
			col += (size_t)cwid;
		}
		canvas_ntext(c, y, x, w, s + off, f->text.len - off, ST_INPUT);
		if (focused)
			textfield_cursor(c, y, x + (int)(cw - col));
		return;
	}
	/* Multi-line: wrap, then find the line and column of the cursor. */
	if (layout_text(s, 0, (size_t)w - 1, &lay) != 0)
		return;
	off = 0;
	for (i = 0; i < lay->n; i++) {
		size_t start = (size_t)(strstr(s + off, lay->lines[i].text) ?
		    strstr(s + off, lay->lines[i].text) - s : (long)off);

		if (f->cursor >= start && f->cursor <= start + lay->lines[i].len) {
			line = i;
			col = utf8_nwidth(s + start, f->cursor - start);
		}
		off = start + lay->lines[i].len;
	}
	if (f->cursor == f->text.len && f->text.len > 0 &&
	    s[f->text.len - 1] == '\n') {
		line = lay->n;
		col = 0;
	}
	if (line < f->scroll)
		f->scroll = line;
	if (line >= f->scroll + (size_t)h)
		f->scroll = line - (size_t)h + 1;
	for (row = 0; row < h && f->scroll + (size_t)row < lay->n; row++)
		canvas_text(c, y + row, x, w, lay->lines[f->scroll +
		    (size_t)row].text, ST_INPUT);
	if (focused && line >= f->scroll && line < f->scroll + (size_t)h)
		textfield_cursor(c, y + (int)(line - f->scroll), x + (int)col);
	layout_free(&lay);
}
