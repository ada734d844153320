/*
 * UTF-8 decoding, sanitising, width, clusters and breaks; see utf8.h.
 */
#include "content/utf8.h"

#include <ctype.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <wchar.h>

#include "content/buf.h"
#include "content/err.h"

static int locale_ok = -1;

int
utf8_locale_ok(void)
{
	const char *cs;

	if (locale_ok == -1) {
		cs = nl_langinfo(CODESET);
		locale_ok = cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
		    strcasecmp(cs, "utf8") == 0);
	}
	return locale_ok;
}

void
utf8_set_locale_ok(int ok)
{
	locale_ok = ok;
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto bad;
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_valid(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		/* Eight ASCII bytes at a time, none of them NUL. */
		while (len - i >= 8) {
			uint64_t w;

			memcpy(&w, s + i, sizeof w);
			if ((w & 0x8080808080808080ULL) != 0 ||
			    ((w - 0x0101010101010101ULL) & ~w &
			    0x8080808080808080ULL) != 0)
				break;
			i += 8;
		}
		if (i == len)
			break;
		if (s[i] == '\0')
			return 0;
		if ((unsigned char)s[i] < 0x80) {	/* ASCII: as it is */
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == UTF8_REPLACEMENT && n == 1)
			return 0;
		i += n;
	}
	return 1;
}

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	/* Bidi controls and other format characters that some terminals draw. */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return -1;
	if (cp < 0x7f)
		return 1;
	if (!utf8_locale_ok())
		return -1;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return -1;
	return w > 2 ? 2 : w;
}

char *
utf8_sanitize(const char *s, size_t len, int keep_newlines)
{
	char *out, *o;
	uint32_t cp;
	size_t i = 0, n;

	/* A replacement is at most 3 bytes for each input byte. */
	if (len > ((size_t)-1 - 1) / 3 || (out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	o = out;
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		if (cp == '\r' && keep_newlines && i < len && s[i] == '\n')
			continue;
		if (cp == '\n' && keep_newlines) {
			*o++ = '\n';
			continue;
		}
		if (cp == '\t') {
			*o++ = ' ';
			continue;
		}
		if (utf8_cp_width(cp) < 0 || cp == UTF8_REPLACEMENT) {
			if (utf8_locale_ok())
				o += utf8_encode(UTF8_REPLACEMENT, o);
			else
				*o++ = '?';
			continue;
		}
		o += utf8_encode(cp, o);
	}
	*o = '\0';
	return out;
}

/* Viramas (and similar killers) after which a line must not break. */
static int
is_virama(uint32_t cp)
{
	switch (cp) {
	case 0x094d: case 0x09cd: case 0x0a4d: case 0x0acd: case 0x0b4d:
	case 0x0bcd: case 0x0c4d: case 0x0ccd: case 0x0d4d: case 0x0dca:
	case 0x1039: case 0x17d2: case 0x1a60: case 0x1b44: case 0xa8c4:
		return 1;
	}
	return 0;
}

size_t
utf8_cluster(const char *s, size_t len, int *width)
{
	const uint8_t *u = (const uint8_t *)s, *next;
	uint32_t cp, prev = 0;
	size_t i = 0, n;
	int w = 0, cw;

	/*
	 * Printable ASCII before ASCII or the end: a cluster of its own, one
	 * column wide (no rule of UAX #29 joins two such bytes; only CR LF,
	 * which is not printable). Most text on the screen takes this path.
	 */
	if (len > 0 && u[0] >= 0x20 && u[0] < 0x7f && (len == 1 || u[1] < 0x80)) {
		if (width != NULL)
			*width = 1;
		return 1;
	}
	next = u8_grapheme_next(u, u + len);
	if (next == NULL || next <= u)
		next = u + 1;
	/* Keep a conjunct (consonant, virama, consonant) together too. */
	for (;;) {
		while (u + i < next) {
			n = utf8_decode(s + i, len - i, &cp);
			cw = utf8_cp_width(cp);
			w += cw < 0 ? 1 : cw;
			prev = cp;
			i += n;
		}
		if (!is_virama(prev) || i >= len)
			break;
		next = u8_grapheme_next(u + i, u + len);
		if (next == NULL || next <= u + i)
			break;
	}
	if (width != NULL)
		*width = w;
	return i;
}

size_t
utf8_nwidth(const char *s, size_t len)
{
	size_t i = 0, w = 0, n;
	int cw;

	while (i < len) {
		n = utf8_cluster(s + i, len - i, &cw);
		w += (size_t)cw;
		i += n;
	}
	return w;
}

size_t
utf8_width(const char *s)
{
	return utf8_nwidth(s, strlen(s));
}

size_t
utf8_fit(const char *s, size_t len, size_t width, size_t *used)
{
	size_t i = 0, w = 0, n;
	int cw;

	while (i < len) {
		n = utf8_cluster(s + i, len - i, &cw);
		if (w + (size_t)cw > width)
			break;
		w += (size_t)cw;
		i += n;
	}
	if (used != NULL)
		*used = w;
	return i;
}

int
utf8_rtl(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	int bc;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		bc = uc_bidi_category(cp);
		if (bc == UC_BIDI_L)
			return 0;
		if (bc == UC_BIDI_R || bc == UC_BIDI_AL)
			return 1;
	}
	return 0;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t i = 0, count = 0;
	uint32_t cp;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		count++;
	}
	return count;
}

int
utf8_breaks(const char *s, size_t len, char *brk)
{
	char *lb;
	size_t i, j, n;
	uint32_t prev = 0;
	int w;

	if (len == 0)
		return 0;
	if ((lb = malloc(len)) == NULL)
		return ERR_NOMEM;
	u8_possible_linebreaks((const uint8_t *)s, len, "UTF-8", lb);
	memset(brk, 0, len);
	for (i = 0; i < len; i += n) {
		n = utf8_cluster(s + i, len - i, &w);
		if (i > 0 && lb[i] == UC_BREAK_POSSIBLE && !is_virama(prev))
			brk[i] = 1;
		/*
		 * libunistring reports the mandatory break at the newline
		 * itself; it belongs after it (below), or every newline
		 * would also end the line before it, leaving a blank line.
		 */
		if (i > 0 && lb[i] == UC_BREAK_MANDATORY && s[i] != '\n')
			brk[i] = 2;
		/* Remember the cluster's last code point. */
		j = i + n - 1;
		while (j > i && ((unsigned char)s[j] & 0xc0) == 0x80)
			j--;
		utf8_decode(s + j, i + n - j, &prev);
	}
	/* libunistring marks the break *before* the character after '\n'. */
	for (i = 1; i < len; i++)
		if (s[i - 1] == '\n')
			brk[i] = 2;
	free(lb);
	return 0;
}

/*
 * A combining mark that searching ignores: one of the shared diacritics
 * (script Inherited: accents, cedillas, the dot of İ, Arabic vowel marks)
 * or a Hebrew point (Yiddish is written with and without them). The vowel
 * signs and viramas of Indic scripts are letters' parts, not accents: kept.
 */
static int
utf8_fold_drops(uint32_t cp)
{
	const uc_script_t *sc;

	if (!uc_is_general_category(cp, UC_CATEGORY_M))
		return 0;
	sc = uc_script(cp);
	return sc != NULL && (strcmp(sc->name, "Inherited") == 0 ||
	    strcmp(sc->name, "Hebrew") == 0);
}

/* Fold one grapheme cluster (n bytes at s) onto b; -1 on ENOMEM. */
static int
utf8_fold_cluster(const char *s, size_t n, const char *lang, struct buf *b)
{
	uint8_t ubuf[96], fbuf[96], *u, *f;
	size_t ulen = sizeof ubuf, flen = sizeof fbuf, i, j = 0, k;
	uint32_t cp;
	int r = -1;

	if (n == 1 && (unsigned char)s[0] < 0x80) {
		buf_addch(b, (char)tolower((unsigned char)s[0]));
		return 0;
	}
	/* Upper case first: Turkish ı and i both become I (İ, then I). */
	u = u8_toupper((const uint8_t *)s, n, lang, UNINORM_NFD, ubuf, &ulen);
	if (u == NULL)
		return -1;
	for (i = 0; i < ulen; i += k) {
		k = utf8_decode((const char *)u + i, ulen - i, &cp);
		if (utf8_fold_drops(cp))
			continue;
		memmove(u + j, u + i, k);
		j += k;
	}
	if ((f = u8_casefold(u, j, NULL, NULL, fbuf, &flen)) != NULL) {
		buf_add(b, f, flen);
		r = 0;
	}
	if (f != fbuf)
		free(f);
	if (u != ubuf)
		free(u);
	return r;
}

char *
utf8_fold_lang(const char *s, size_t len, const char *lang, size_t **mapp)
{
	struct buf b = BUF_INIT;
	size_t *map = NULL, cap = 0, i = 0, n, at, k;
	char *out = NULL;

	if (mapp != NULL)
		*mapp = NULL;
	while (i < len) {
		n = utf8_cluster(s + i, len - i, NULL);
		at = b.len;
		if (utf8_fold_cluster(s + i, n, lang, &b) != 0)
			goto out;
		if (mapp != NULL) {
			if (b.len + 1 > cap) {
				size_t *m;

				cap = (b.len + 1) * 2 + 16;
				if ((m = realloc(map, cap * sizeof *m)) == NULL)
					goto out;
				map = m;
			}
			for (k = at; k < b.len; k++)
				map[k] = i;
		}
		i += n;
	}
	if (mapp != NULL) {
		if (map == NULL && (map = malloc(sizeof *map)) == NULL)
			goto out;
		map[b.len] = len;
	}
	buf_addch(&b, '\0');
	if (buf_failed(&b))
		goto out;
	out = buf_detach(&b, NULL);
	if (mapp != NULL) {
		*mapp = map;
		map = NULL;
	}
out:
	buf_free(&b);
	free(map);
	return out;
}

void
utf8_fold_span(const char *s, const size_t *map, size_t flen, size_t a,
    size_t alen, size_t *start, size_t *end)
{
	size_t b = a + alen, len = map[flen];

	*start = a < flen ? map[a] : len;
	if (b >= flen) {
		*end = len;
		return;
	}
	/* The end of the cluster the match ends in. */
	*end = map[b] > map[b - 1] ? map[b] : map[b - 1] +
	    utf8_cluster(s + map[b - 1], len - map[b - 1], NULL);
}

char *
utf8_fold(const char *s)
{
	return utf8_fold_lang(s, strlen(s), NULL, NULL);
}
