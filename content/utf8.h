/*
 * The one UTF-8 module: decoding, sanitising, display width, grapheme
 * clusters and line-break opportunities.
 *
 * Every string that comes from a file or another device passes through
 * utf8_sanitize() before it reaches the screen: invalid sequences, C0 and
 * C1 controls, and other unprintable characters become U+FFFD (or '?' when
 * the terminal is not UTF-8), so nothing from outside can send an escape
 * sequence to the terminal. Widths come from wcwidth() in the current
 * locale, which is what curses uses to place the cursor; clusters and break
 * opportunities come from libunistring (UAX #29 and UAX #14), with one
 * addition: a break never follows a virama, so an Indic conjunct is never
 * split across lines.
 */
#ifndef OUTREACH_UTF8_H
#define OUTREACH_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT	0xFFFD

/* 1 when the locale's charset is UTF-8 (decided at the first call). */
int	utf8_locale_ok(void);
/* Force the answer of utf8_locale_ok() (tests, --ascii). */
void	utf8_set_locale_ok(int ok);

/*
 * Decode one code point from s (len bytes, len > 0). Returns the bytes
 * used (1 to 4). An invalid, overlong or truncated sequence, a surrogate
 * or a value above U+10FFFF yields UTF8_REPLACEMENT and consumes 1 byte.
 */
size_t	utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t	utf8_encode(uint32_t cp, char *out);
/* 1 when s is valid UTF-8 of len bytes with no NUL. */
int	utf8_valid(const char *s, size_t len);

/* Display width of one code point: 0, 1 or 2; -1 when unprintable. */
int	utf8_cp_width(uint32_t cp);

/*
 * A copy of s with anything unprintable replaced (Caller frees; NULL on
 * ENOMEM). keep_newlines keeps '\n' (and turns "\r\n" into '\n'); tabs
 * become a space.
 */
char	*utf8_sanitize(const char *s, size_t len, int keep_newlines);

/* Display width of a sanitised string (unprintables count 1). */
size_t	utf8_width(const char *s);
size_t	utf8_nwidth(const char *s, size_t len);

/*
 * Length in bytes of the grapheme cluster at the start of s (len > 0);
 * *width gets its display width (at least 1 unless it is only marks).
 */
size_t	utf8_cluster(const char *s, size_t len, int *width);

/*
 * The longest prefix of s (len bytes) that fits in width columns without
 * splitting a cluster. Returns its length in bytes; *used gets its width.
 */
size_t	utf8_fit(const char *s, size_t len, size_t width, size_t *used);

/*
 * 1 when the first strong letter of len bytes of s is right to left
 * (Hebrew, Yiddish, Arabic: Unicode's bidi classes R and AL), so that
 * text knows its own direction (the Unicode bidi algorithm's P2 and P3).
 */
int	utf8_rtl(const char *s, size_t len);

/* Number of code points (for string-length and text limits). */
size_t	utf8_count(const char *s, size_t len);

/*
 * Line-break opportunities: brk[i] is 1 when a line may start at byte i
 * (never inside a cluster or after a virama), 2 for a mandatory break
 * (after '\n'). brk has len entries; brk[0] is 0. Returns 0 or ERR_NOMEM.
 */
int	utf8_breaks(const char *s, size_t len, char *brk);

/*
 * A copy of s folded for searching (Caller frees; NULL on ENOMEM), so
 * that a search ignores case and diacritics in every language, by
 * Unicode's own data (libunistring): each grapheme cluster in upper case
 * in lang (an ISO 639 code, or NULL), decomposed (NFD), without the marks
 * that are accents (utf8_fold_lang drops the shared diacritics and Hebrew
 * points; Indic vowel signs stay), then case folded. "BAKIM", "bakim" and
 * "bakım" fold alike (Turkish ı and i both go through I), as do "Straße"
 * and "strasse", "ÉTÉ" and "ete".
 */
char	*utf8_fold(const char *s);
/*
 * utf8_fold of len bytes of s in language lang. With mapp, *mapp gets one
 * entry per byte of the result, the offset in s of the cluster it came
 * from, and one more: len (Caller frees).
 */
char	*utf8_fold_lang(const char *s, size_t len, const char *lang,
	    size_t **mapp);
/*
 * Where alen bytes at a of a folded text (flen bytes, its map from
 * utf8_fold_lang) came from in s: [*start, *end), whole clusters.
 */
void	utf8_fold_span(const char *s, const size_t *map, size_t flen, size_t a,
	    size_t alen, size_t *start, size_t *end);

#endif
