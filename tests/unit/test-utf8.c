/* Unit tests for content/utf8.c: decoding, sanitising, widths, clusters. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "content/utf8.h"
#include "tests/unit/test.h"

static void
test_decode(void)
{
	uint32_t cp;

	CHECK_INT(utf8_decode("A", 1, &cp), 1, "ASCII is one byte");
	CHECK_INT(utf8_decode("\xc3\xa9", 2, &cp), 2, "e-acute is two bytes");
	CHECK_INT(cp, 0xe9, "e-acute decodes to U+00E9");
	CHECK_INT(utf8_decode("\xe0\xa6\x95", 3, &cp), 3, "Bengali KA is three bytes");
	CHECK_INT(cp, 0x995, "Bengali KA decodes");
	CHECK_INT(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4, "emoji is four bytes");
	utf8_decode("\xc0\xaf", 2, &cp);
	CHECK_INT(cp, UTF8_REPLACEMENT, "overlong sequence is refused");
	utf8_decode("\xed\xa0\x80", 3, &cp);
	CHECK_INT(cp, UTF8_REPLACEMENT, "surrogate is refused");
	CHECK_INT(utf8_decode("\xe0\xa6", 2, &cp), 1, "truncated sequence uses one byte");
	CHECK_INT(cp, UTF8_REPLACEMENT, "truncated sequence is a replacement");
	utf8_decode("\xf4\x90\x80\x80", 4, &cp);
	CHECK_INT(cp, UTF8_REPLACEMENT, "beyond U+10FFFF is refused");
	CHECK(utf8_valid("h\xc3\xa9llo", 6), "valid text is valid");
	CHECK(!utf8_valid("h\xffllo", 5), "0xff is invalid");
	CHECK(!utf8_valid("a\0b", 3), "NUL is invalid");
	/* At every place of a long text, whole words of ASCII or not. */
	{
		char t[40];
		size_t at;
		int nul = 1, bad = 1, good = 1;

		for (at = 0; at < 24; at++) {
			memset(t, 'a', sizeof t);
			t[at] = '\0';
			nul &= !utf8_valid(t, 24);
			t[at] = (char)0xff;
			bad &= !utf8_valid(t, 24);
			t[at] = (char)0xc3;
			t[at + 1] = (char)0xa9;
			good &= utf8_valid(t, 25) && !utf8_valid(t, at + 1);
		}
		CHECK(nul && bad && good, "a NUL or a bad byte anywhere in 24 is found; a good one passes");
	}
}

static void
test_sanitize(void)
{
	char *s;

	s = utf8_sanitize("a\x1b[31mb", 7, 0);
	CHECK(s != NULL && strchr(s, 0x1b) == NULL, "escape byte is removed");
	CHECK_STR(s, "a\xef\xbf\xbd[31mb", "escape becomes U+FFFD");
	free(s);
	s = utf8_sanitize("x\xc2\x9by", 4, 0);
	CHECK_STR(s, "x\xef\xbf\xbdy", "C1 control (CSI) becomes U+FFFD");
	free(s);
	s = utf8_sanitize("a\xffz", 3, 0);
	CHECK_STR(s, "a\xef\xbf\xbdz", "invalid byte becomes U+FFFD");
	free(s);
	s = utf8_sanitize("one\r\ntwo\tthree", 14, 1);
	CHECK_STR(s, "one\ntwo three", "CRLF kept as LF, tab as space");
	free(s);
	s = utf8_sanitize("one\ntwo", 7, 0);
	CHECK_STR(s, "one\xef\xbf\xbdtwo", "newline replaced when not kept");
	free(s);
	/* The override (U+202E) is what is tested, so it is in the strings:
	   NOLINTBEGIN(misc-misleading-bidirectional) */
	s = utf8_sanitize("rtl\xe2\x80\xaeoverride", 14, 0);
	CHECK(s != NULL && strstr(s, "\xe2\x80\xae") == NULL,
	    "bidi override is replaced");
	/* NOLINTEND(misc-misleading-bidirectional) */
	free(s);
	utf8_set_locale_ok(0);
	s = utf8_sanitize("caf\xc3\xa9\x1b", 6, 0);
	CHECK_STR(s, "caf??", "ASCII fallback uses '?'");
	free(s);
	utf8_set_locale_ok(1);
}

static void
test_width(void)
{
	size_t used, n;
	int w;

	CHECK_INT(utf8_width("hello"), 5, "ASCII width");
	CHECK_INT(utf8_width("\xe4\xb8\xad\xe6\x96\x87"), 4, "CJK is two columns each");
	CHECK_INT(utf8_width("e\xcc\x81"), 1, "e + combining acute is one column");
	/* Bengali: KA + VIRAMA + SSA is one conjunct. */
	n = utf8_cluster("\xe0\xa6\x95\xe0\xa7\x8d\xe0\xa6\xb7", 9, &w);
	CHECK_INT(n, 9, "Bengali conjunct is one cluster");
	n = utf8_cluster("e\xcc\x81x", 4, &w);
	CHECK_INT(n, 3, "base + combining mark is one cluster");
	CHECK_INT(w, 1, "and one column");
	/* Printable ASCII takes a short cut; what follows it still counts. */
	n = utf8_cluster("ab", 2, &w);
	CHECK(n == 1 && w == 1, "ASCII before ASCII: one byte, one column");
	n = utf8_cluster("a", 1, &w);
	CHECK(n == 1 && w == 1, "ASCII at the end: one byte, one column");
	n = utf8_cluster("a\xcc\x81", 3, &w);
	CHECK(n == 3 && w == 1, "ASCII before a combining mark: one cluster");
	n = utf8_cluster("a\xe2\x80\x8d\xe2\x80\x8d", 7, &w);
	CHECK(n == 7, "ASCII before zero-width joiners: one cluster");
	n = utf8_cluster("\r\n", 2, &w);
	CHECK_INT(n, 2, "CR LF is one cluster");
	CHECK_INT(utf8_width("a\xcc\x81" "b\xcc\x81" "c"), 3,
	    "marks after ASCII add no columns");
	n = utf8_fit("\xe4\xb8\xad\xe6\x96\x87", 6, 3, &used);
	CHECK_INT(n, 3, "fit never splits a wide character");
	CHECK_INT(used, 2, "fit reports the width used");
	n = utf8_fit("ae\xcc\x81z", 5, 2, &used);
	CHECK_INT(n, 4, "fit keeps the mark with its base");
	CHECK_INT(utf8_count("h\xc3\xa9llo", 6), 5, "count code points");
}

static void
test_breaks(void)
{
	const char *s = "one two\nthree";
	char brk[16];

	CHECK_INT(utf8_breaks(s, strlen(s), brk), 0, "breaks computed");
	CHECK_INT(brk[4], 1, "may break before 'two'");
	CHECK_INT(brk[1], 0, "no break inside 'one'");
	CHECK_INT(brk[8], 2, "must break after a newline");
	/* Bengali word with a conjunct: no break after the virama. */
	s = "\xe0\xa6\x95\xe0\xa7\x8d\xe0\xa6\xb7";
	utf8_breaks(s, strlen(s), brk);
	CHECK_INT(brk[6], 0, "no break inside a conjunct");
}

static void
test_fold(void)
{
	/* bakım: Turkish dotless i. */
	const char *bakim = "bak\xc4\xb1m", *line = "\xc3\x87ok bak\xc4\xb1m";
	char *f = utf8_fold("ReAblement \xc3\x89T\xc3\x89"), *g, *h;
	size_t *map = NULL, start = 0, end = 0;
	const char *at;

	CHECK_STR(f, "reablement ete", "case and accents folded away");
	free(f);
	f = utf8_fold(bakim);
	g = utf8_fold("BAKIM");
	h = utf8_fold("bakim");
	CHECK_STR(f, "bakim", "bak\xc4\xb1m folds to bakim");
	CHECK_STR(g, "bakim", "BAKIM folds to bakim");
	CHECK_STR(h, "bakim", "bakim stays bakim");
	free(f);
	free(g);
	free(h);
	/* Turkish capitals: İ (dotted) and I, in the language and out. */
	f = utf8_fold_lang("\xc4\xb0STANBUL IRMAK", 15, "tr", NULL);
	CHECK_STR(f, "istanbul irmak", "\xc4\xb0 and I fold to i in Turkish");
	free(f);
	f = utf8_fold("Stra\xc3\x9f" "e \xc5\x9f\xc4\x9f\xc3\xbc");
	CHECK_STR(f, "strasse sgu", "\xc3\x9f to ss, \xc5\x9f \xc4\x9f \xc3\xbc to s g u");
	free(f);
	/* Yiddish with and without points (\xd7\x99\xd7\x99\xd6\xb4\xd7\x93\xd7\x99\xd7\xa9). */
	f = utf8_fold("\xd7\x99\xd7\x99\xd6\xb4\xd7\x93\xd7\x99\xd7\xa9");
	CHECK_STR(f, "\xd7\x99\xd7\x99\xd7\x93\xd7\x99\xd7\xa9", "Hebrew points are dropped");
	free(f);
	/* Bengali vowel signs and the virama are kept: they are letters. */
	f = utf8_fold("\xe0\xa6\x95\xe0\xa7\x8d\xe0\xa6\xb7\xe0\xa6\xbe");
	CHECK_STR(f, "\xe0\xa6\x95\xe0\xa7\x8d\xe0\xa6\xb7\xe0\xa6\xbe", "Bengali keeps its signs");
	free(f);
	/* The map finds a match of the folded text in the original. */
	f = utf8_fold_lang(line, strlen(line), "tr", &map);
	at = f != NULL ? strstr(f, "bakim") : NULL;
	CHECK(at != NULL, "the folded line holds bakim");
	if (at != NULL) {
		utf8_fold_span(line, map, strlen(f), (size_t)(at - f), 5,
		    &start, &end);
		CHECK_INT(start, 5, "the match starts after \xc3\x87ok and a space");
		CHECK_INT(end, strlen(line), "and ends with the line");
	}
	free(f);
	free(map);
}

/* A text's direction: its first strong letter's. */
static void
test_rtl(void)
{
	static const char yi[] = "3. \xd7\x93\xd7\x99 Hackney";
	static const char en[] = "Hackney \xd7\x93\xd7\x99";

	CHECK(utf8_rtl(yi, strlen(yi)) == 1, "Yiddish first, after digits: "
	    "right to left");
	CHECK(utf8_rtl(en, strlen(en)) == 0, "English first: left to right");
	CHECK(utf8_rtl("12 -", 4) == 0, "no letter: left to right");
}

int
main(void)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		SKIP("no C.UTF-8 locale");
		return test_done();
	}
	utf8_set_locale_ok(1);
	test_decode();
	test_sanitize();
	test_width();
	test_breaks();
	test_fold();
	test_rtl();
	return test_done();
}
