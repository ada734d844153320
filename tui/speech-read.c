/*
 * Reading a canvas for speech; see speech-read.h.
 */
#include "tui/speech-read.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "tui/i18n.h"

/* 1 for a cell that is decoration, not words. */
static int
speech_read_decor(const struct cell *cell)
{
	const unsigned char *s = (const unsigned char *)cell->ch;

	if (cell->style == ST_BAR || cell->style == ST_CHART ||
	    cell->style == ST_DECOR)
		return 1;
	if (cell->len != 3 || s[0] != 0xe2)
		return 0;
	/* Box drawing and blocks, U+2500-U+259F. */
	if (s[1] >= 0x94 && s[1] <= 0x96)
		return 1;
	/* Arrows U+2190-U+21FF (the held item's mark). */
	if (s[1] == 0x86 || s[1] == 0x87)
		return 1;
	/* The focus markers U+25B6 and U+25C0. */
	return s[1] == 0x96 || (s[1] == 0x97 && s[2] == 0x80);
}

/* Add one cell's text to b, with one space for any run of spaces. */
static void
speech_read_put(struct buf *b, const char *s, size_t n)
{
	if (n == 1 && s[0] == ' ') {
		if (b->len > 0 && b->data[b->len - 1] != ' ' &&
		    b->data[b->len - 1] != '\n')
			buf_add(b, " ", 1);
		return;
	}
	buf_add(b, s, n);
}

/* End a row in b: drop its trailing space, and a row with nothing. */
static void
speech_read_end(struct buf *b, size_t start)
{
	while (b->len > start && b->data[b->len - 1] == ' ')
		b->len--;
	if (b->len > start)
		buf_add(b, "\n", 1);
}

static const struct {
	const char	*mark;
	int		 on;
} speech_read_marks[] = {
	{ "(\xe2\x80\xa2) ", 1 }, { "(*) ", 1 }, { "[x] ", 1 },
	{ "( ) ", 0 }, { "[ ] ", 0 },
};

/*
 * An answer's mark at the start of a row, or after its number, becomes
 * "selected" or "not selected" after the label.
 */
static int
speech_read_row_marks(struct buf *out, const char *row, size_t len)
{
	size_t i, k, ml;

	/* The focus marker without UTF-8. */
	if (len >= 2 && row[0] == '>' && row[1] == ' ') {
		row += 2;
		len -= 2;
	}
	for (i = 0; i < len && i < 8; i++)
		for (k = 0; k < sizeof speech_read_marks /
		    sizeof speech_read_marks[0]; k++) {
			ml = strlen(speech_read_marks[k].mark);
			if (len - i < ml || memcmp(row + i,
			    speech_read_marks[k].mark, ml) != 0)
				continue;
			buf_add(out, row, i);
			buf_add(out, row + i + ml, len - i - ml);
			buf_printf(out, ", %s", speech_read_marks[k].on ?
			    _("selected") : _("not selected"));
			return 1;
		}
	buf_add(out, row, len);
	return 0;
}

/* The marks of every row of b, made into words. */
static int
speech_read_marks_all(struct buf *b, char **out)
{
	struct buf o = BUF_INIT;
	size_t at = 0, end;

	*out = NULL;
	while (at < b->len) {
		for (end = at; end < b->len && b->data[end] != '\n'; end++)
			;
		speech_read_row_marks(&o, b->data + at, end - at);
		buf_add(&o, "\n", 1);
		at = end + 1;
	}
	if ((*out = buf_detach(&o, NULL)) == NULL) {
		buf_wipe_free(&o);
		return ERR_NOMEM;
	}
	return 0;
}

int
speech_read_frame(const struct canvas *c, struct speech_frame *f)
{
	struct buf rows = BUF_INIT, focus = BUF_INIT, typed = BUF_INIT;
	int y, x, r = ERR_NOMEM;

	memset(f, 0, sizeof *f);
	for (y = 0; y < c->h; y++) {
		size_t r0 = rows.len, f0 = focus.len, t0 = typed.len;

		for (x = 0; x < c->w; x++) {
			const struct cell *cell = &c->cells[y * c->w + x];

			if (cell->width == 0 || cell->len == 0)
				continue;
			if (cell->style == ST_INPUT) {
				speech_read_put(&typed, cell->ch, cell->len);
				speech_read_put(&rows, " ", 1);
				continue;
			}
			if (speech_read_decor(cell)) {
				speech_read_put(&rows, " ", 1);
				continue;
			}
			speech_read_put(&rows, cell->ch, cell->len);
			if (cell->style == ST_SELECTED ||
			    cell->style == ST_LINK_FOCUS)
				speech_read_put(&focus, cell->ch, cell->len);
		}
		speech_read_end(&rows, r0);
		speech_read_end(&focus, f0);
		speech_read_end(&typed, t0);
	}
	f->focus_i = c->focus_i;
	f->focus_n = c->focus_n;
	if (speech_read_marks_all(&rows, &f->rows) != 0 ||
	    speech_read_marks_all(&focus, &f->focus) != 0)
		goto out;
	if ((f->typed = buf_detach(&typed, NULL)) == NULL)
		goto out;
	r = 0;
out:
	buf_wipe_free(&rows);
	buf_wipe_free(&focus);
	buf_wipe_free(&typed);
	if (r != 0)
		speech_frame_clear(f);
	return r;
}

/* Wipe and free a string. */
static void
speech_read_wipe(char **s)
{
	if (*s != NULL) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void
speech_frame_clear(struct speech_frame *f)
{
	speech_read_wipe(&f->rows);
	speech_read_wipe(&f->focus);
	speech_read_wipe(&f->typed);
	f->focus_i = f->focus_n = 0;
}

/* 1 when the row row[0..len) is one of the rows of all. */
static int
speech_read_has_row(const char *all, const char *row, size_t len)
{
	const char *p = all;

	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (n == len && memcmp(p, row, len) == 0)
			return 1;
		p = nl != NULL ? nl + 1 : NULL;
	}
	return 0;
}

char *
speech_read_new_rows(const char *before, const char *now)
{
	struct buf b = BUF_INIT;
	const char *p = now;

	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (before == NULL || !speech_read_has_row(before, p, n)) {
			buf_add(&b, p, n);
			buf_add(&b, "\n", 1);
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return buf_detach(&b, NULL);
}

/* 1 when a row starting with s begins something new. */
static int
speech_read_starts_new(const char *s)
{
	unsigned char ch = (unsigned char)s[0];

	return !(ch >= 'a' && ch <= 'z');
}

char *
speech_read_sentences(const char *rows)
{
	struct buf b = BUF_INIT;
	const char *p = rows;

	while (p != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		const char *next = nl != NULL ? nl + 1 : "";
		char last = n > 0 ? p[n - 1] : '.';

		buf_add(&b, p, n);
		if (strchr(".,:;?!", last) == NULL &&
		    (*next == '\0' || speech_read_starts_new(next)))
			buf_add(&b, ".", 1);
		buf_add(&b, "\n", 1);
		p = nl != NULL ? nl + 1 : NULL;
	}
	return buf_detach(&b, NULL);
}
