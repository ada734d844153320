/*
 * A model terminal for unit tests: it reads what curses writes (the
 * xterm terminfo entry's sequences) and keeps the grid of cells the glass
 * would show, so a test can check what a person would see on terminals
 * that differ from what curses assumes:
 *
 *   - MT_NARROW: Bengali vowel signs and other spacing marks take no
 *     column of their own (as some terminals draw "বাং" in one column
 *     where wcwidth() counts three);
 *   - mt_row(..., bidi): the row as mlterm shows it: a row with a
 *     right-to-left letter is reordered by the Unicode bidi algorithm in
 *     the direction set by OSC 5379 bidi_mode (left, or right), but left
 *     to right when it holds box-drawing characters, which split it into
 *     parts reordered on their own; brackets it reverses are mirrored.
 *
 * Anything it does not understand is counted in `unknown`, so a test
 * notices when curses starts using a sequence the model lacks.
 */
#ifndef OUTREACH_MODEL_TERM_H
#define OUTREACH_MODEL_TERM_H

#include <fribidi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "content/buf.h"
#include "content/utf8.h"

#define MT_W	100
#define MT_H	40
#define MT_CELL	32

enum { MT_WIDE = 0, MT_NARROW = 1 };

struct mt {
	int	w, h, y, x, narrow, unknown, top, bottom;
	int	pending;		/* wrap before the next character */
	int	rtl;			/* bidi_mode=right (OSC 5379) */
	uint32_t last;			/* for REP */
	char	cell[MT_H][MT_W][MT_CELL];	/* "" continues a wide one */
};

static inline void
mt_init(struct mt *t, int w, int h, int narrow)
{
	int y, x;

	memset(t, 0, sizeof *t);
	t->w = w;
	t->h = h;
	t->narrow = narrow;
	t->bottom = h - 1;
	for (y = 0; y < MT_H; y++)
		for (x = 0; x < MT_W; x++)
			strcpy(t->cell[y][x], " ");
}

/* Bengali signs that the narrow model puts on the cell before. */
static inline int
mt_joins(const struct mt *t, uint32_t cp)
{
	return t->narrow && ((cp >= 0x0981 && cp <= 0x0983) ||
	    (cp >= 0x09bc && cp <= 0x09d7));
}

static inline void
mt_blank(struct mt *t, int y, int x0, int x1)
{
	int x;

	for (x = x0; x < x1 && x < t->w; x++)
		if (y >= 0 && y < t->h && x >= 0)
			strcpy(t->cell[y][x], " ");
}

static inline void
mt_scroll(struct mt *t, int top, int bottom, int up)
{
	int y;

	if (up) {
		for (y = top; y < bottom; y++)
			memcpy(t->cell[y], t->cell[y + 1], sizeof t->cell[y]);
		mt_blank(t, bottom, 0, t->w);
	} else {
		for (y = bottom; y > top; y--)
			memcpy(t->cell[y], t->cell[y - 1], sizeof t->cell[y]);
		mt_blank(t, top, 0, t->w);
	}
}

static inline void
mt_newline(struct mt *t)
{
	if (t->y == t->bottom)
		mt_scroll(t, t->top, t->bottom, 1);
	else if (t->y < t->h - 1)
		t->y++;
}

static inline void
mt_print(struct mt *t, uint32_t cp)
{
	char e[4];
	size_t n = utf8_encode(cp, e), l;
	int cw = wcwidth((wchar_t)cp);

	t->last = cp;
	if (cw == 0 || mt_joins(t, cp)) {
		/* On the cell before, as a combining mark. */
		int x = t->pending ? t->w - 1 : t->x - 1;

		while (x > 0 && t->cell[t->y][x][0] == '\0')
			x--;
		if (x >= 0 && (l = strlen(t->cell[t->y][x])) + n < MT_CELL)
			memcpy(t->cell[t->y][x] + l, e, n + 1),
			    t->cell[t->y][x][l + n] = '\0';
		return;
	}
	if (cw < 0)
		cw = 1;
	if (t->pending || t->x + cw > t->w) {
		t->pending = 0;
		t->x = 0;
		mt_newline(t);
	}
	memcpy(t->cell[t->y][t->x], e, n);
	t->cell[t->y][t->x][n] = '\0';
	if (cw == 2 && t->x + 1 < t->w)
		t->cell[t->y][t->x + 1][0] = '\0';
	t->x += cw;
	if (t->x >= t->w) {
		t->x = t->w - 1;
		t->pending = 1;
	}
}

static inline int
mt_arg(const int *a, int n, int i, int def)
{
	return i < n && a[i] > 0 ? a[i] : def;
}

static inline void
mt_csi(struct mt *t, int priv, const int *a, int n, int final)
{
	int y = t->y, x = t->x, i, k;

	t->pending = 0;
	if (priv) {
		if (final != 'h' && final != 'l')
			t->unknown++;
		return;
	}
	switch (final) {
	case 'H': case 'f':
		t->y = mt_arg(a, n, 0, 1) - 1;
		t->x = mt_arg(a, n, 1, 1) - 1;
		break;
	case 'A': t->y -= mt_arg(a, n, 0, 1); break;
	case 'B': t->y += mt_arg(a, n, 0, 1); break;
	case 'C': t->x += mt_arg(a, n, 0, 1); break;
	case 'D': t->x -= mt_arg(a, n, 0, 1); break;
	case 'G': case '`': t->x = mt_arg(a, n, 0, 1) - 1; break;
	case 'd': t->y = mt_arg(a, n, 0, 1) - 1; break;
	case 'K':
		k = n > 0 ? a[0] : 0;
		mt_blank(t, y, k == 0 ? x : 0, k == 1 ? x + 1 : t->w);
		break;
	case 'J':
		k = n > 0 ? a[0] : 0;
		if (k == 0) {
			mt_blank(t, y, x, t->w);
			for (i = y + 1; i < t->h; i++)
				mt_blank(t, i, 0, t->w);
		} else if (k == 1) {
			for (i = 0; i < y; i++)
				mt_blank(t, i, 0, t->w);
			mt_blank(t, y, 0, x + 1);
		} else
			for (i = 0; i < t->h; i++)
				mt_blank(t, i, 0, t->w);
		break;
	case 'X': mt_blank(t, y, x, x + mt_arg(a, n, 0, 1)); break;
	case '@':
		k = mt_arg(a, n, 0, 1);
		for (i = t->w - 1; i >= x + k; i--)
			memcpy(t->cell[y][i], t->cell[y][i - k], MT_CELL);
		mt_blank(t, y, x, x + k);
		break;
	case 'P':
		k = mt_arg(a, n, 0, 1);
		for (i = x; i < t->w; i++)
			if (i + k < t->w)
				memcpy(t->cell[y][i], t->cell[y][i + k], MT_CELL);
			else
				strcpy(t->cell[y][i], " ");
		break;
	case 'L': case 'M':
		for (k = mt_arg(a, n, 0, 1); k > 0; k--)
			mt_scroll(t, y, t->bottom, final == 'M');
		break;
	case 'S': case 'T':
		for (k = mt_arg(a, n, 0, 1); k > 0; k--)
			mt_scroll(t, t->top, t->bottom, final == 'S');
		break;
	case 'r':
		t->top = mt_arg(a, n, 0, 1) - 1;
		t->bottom = mt_arg(a, n, 1, t->h) - 1;
		t->y = t->x = 0;
		break;
	case 'b':
		for (k = mt_arg(a, n, 0, 1); k > 0; k--)
			mt_print(t, t->last);
		break;
	case 'm': case 'h': case 'l': case 't':
		break;
	default:
		t->unknown++;
	}
	if (t->y < 0)
		t->y = 0;
	if (t->y >= t->h)
		t->y = t->h - 1;
	if (t->x < 0)
		t->x = 0;
	if (t->x >= t->w)
		t->x = t->w - 1;
}

/* Feed len bytes of terminal output. */
static inline void
mt_feed(struct mt *t, const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	int a[16], n;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b && i + 1 < len) {
			char f = s[i + 1];

			i += 2;
			if (f == '[') {
				int priv = 0;

				n = 0;
				memset(a, 0, sizeof a);
				if (i < len && (s[i] == '?' || s[i] == '>')) {
					priv = 1;
					i++;
				}
				while (i < len && ((s[i] >= '0' && s[i] <= '9') ||
				    s[i] == ';')) {
					if (s[i] == ';') {
						if (n < 15)
							n++;
					} else
						a[n] = a[n] * 10 + (s[i] - '0');
					i++;
				}
				n++;
				if (i < len)
					mt_csi(t, priv, a, n, s[i++]);
			} else if (f == ']') {
				static const char bm[] = "5379;bidi_mode=";
				size_t o = i;

				while (i < len && s[i] != 7 && s[i] != 0x1b)
					i++;
				if (i - o > sizeof bm - 1 &&
				    memcmp(s + o, bm, sizeof bm - 1) == 0)
					t->rtl = s[o + sizeof bm - 1] == 'r';
				i += i < len && s[i] == 0x1b ? 2 : 1;
			} else if (f == '(' || f == ')')
				i++;
			else if (f == 'M') {
				if (t->y == t->top)
					mt_scroll(t, t->top, t->bottom, 0);
				else if (t->y > 0)
					t->y--;
			} else if (f == 'D' || f == 'E') {
				mt_newline(t);
				if (f == 'E')
					t->x = 0;
			} else if (f != '=' && f != '>' && f != '7' && f != '8')
				t->unknown++;
			continue;
		}
		if (c < 0x20) {
			t->pending = 0;
			if (c == '\r')
				t->x = 0;
			else if (c == '\n')
				mt_newline(t);
			else if (c == '\b' && t->x > 0)
				t->x--;
			else if (c == '\t')
				t->x = (t->x / 8 + 1) * 8 < t->w ?
				    (t->x / 8 + 1) * 8 : t->w - 1;
			i++;
			continue;
		}
		i += utf8_decode(s + i, len - i, &cp);
		mt_print(t, cp);
	}
}

/*
 * Row y as text (Caller frees). With bidi, as a terminal that reorders
 * each row shows it: left to right at the base, runs at odd levels
 * reversed and their brackets mirrored.
 */
static inline char *
mt_row(const struct mt *t, int y, int bidi)
{
	FriBidiCharType types[MT_W] = { 0 };
	FriBidiLevel levels[MT_W] = { 0 };
	FriBidiStrIndex map[MT_W];
	FriBidiParType base;
	FriBidiChar m;
	uint32_t cp[MT_W] = { 0 };
	int unit[MT_W], n = 0, i, s, e, odd[MT_W] = { 0 }, rtl, box;
	struct buf b = BUF_INIT;

	for (i = 0; i < t->w; i++) {
		if (t->cell[y][i][0] == '\0')
			continue;
		unit[n] = i;
		utf8_decode(t->cell[y][i], strlen(t->cell[y][i]), &cp[n]);
		types[n] = fribidi_get_bidi_type(cp[n]);
		map[n] = n;
		n++;
	}
	/*
	 * As mlterm (bidi_mode=normal): a row without a right-to-left letter
	 * as it is; with box drawing, left to right, each part on its own;
	 * else in the direction of its first strong letter.
	 */
	for (i = 0, rtl = box = 0; i < n; i++) {
		rtl |= FRIBIDI_IS_RTL(types[i]);
		box |= cp[i] >= 0x2500 && cp[i] <= 0x259f;
	}
	if (!rtl)
		bidi = 0;
	for (s = 0; bidi && s < n; s = e + 1) {
		for (e = s; e < n && !(box && cp[e] >= 0x2500 &&
		    cp[e] <= 0x259f); e++)
			;
		base = box || !t->rtl ? FRIBIDI_PAR_LTR : FRIBIDI_PAR_RTL;
		for (i = s; i < e; i++)
			map[i] = i - s;
		if (e == s || fribidi_get_par_embedding_levels_ex(types + s,
		    NULL, e - s, &base, levels + s) == 0 ||
		    fribidi_reorder_line(0, types + s, e - s, 0, base,
		    levels + s, NULL, map + s) == 0) {
			for (i = s; i < e; i++)
				map[i] = i;
			continue;
		}
		for (i = s; i < e; i++) {
			odd[i] = levels[s + map[i]] & 1;
			map[i] += s;
		}
	}
	for (i = 0; i < n; i++) {
		const char *c = t->cell[y][unit[map[i]]];
		char e4[4];

		if (odd[i] && fribidi_get_mirror_char(cp[map[i]], &m)) {
			buf_add(&b, e4, utf8_encode(m, e4));
			buf_addstr(&b, c + utf8_encode(cp[map[i]], e4));
		} else
			buf_addstr(&b, c);
	}
	return buf_detach(&b, NULL);
}

#endif
