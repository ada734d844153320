/*
 * Complex scripts on the screen: widths as wcwidth() gives them (Bengali,
 * CJK, Hebrew points), wrapping that never splits a cluster or leaves a
 * line after a virama, cells that hold whole clusters, and right-to-left
 * text reordered for display with numbers and English names intact.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <wchar.h>

#include "content/doc.h"
#include "content/layout.h"
#include "content/utf8.h"
#include "tui/canvas.h"
#include "tests/unit/test.h"

/* Bengali: "We are writing our new plan for the next five years, that is
 * for 2026 to 2031" (from the pack's welcome page, Bengali digits). */
static const char bengali[] =
    "\xe0\xa6\x86\xe0\xa6\xae\xe0\xa6\xb0\xe0\xa6\xbe \xe0\xa6\x86\xe0\xa6"
    "\x97\xe0\xa6\xbe\xe0\xa6\xae\xe0\xa7\x80 \xe0\xa6\xaa\xe0\xa6\xbe\xe0"
    "\xa6\x81\xe0\xa6\x9a \xe0\xa6\xac\xe0\xa6\x9b\xe0\xa6\xb0\xe0\xa7\x87"
    "\xe0\xa6\xb0 \xe0\xa6\x9c\xe0\xa6\xa8\xe0\xa7\x8d\xe0\xa6\xaf, \xe0"
    "\xa6\x85\xe0\xa6\xb0\xe0\xa7\x8d\xe0\xa6\xa5\xe0\xa6\xbe\xe0\xa7\x8e "
    "\xe0\xa7\xa8\xe0\xa7\xa6\xe0\xa7\xa8\xe0\xa7\xac \xe0\xa6\xa5\xe0\xa7"
    "\x87\xe0\xa6\x95\xe0\xa7\x87 \xe0\xa7\xa8\xe0\xa7\xa6\xe0\xa7\xa9\xe0"
    "\xa7\xa7 \xe0\xa6\xb8\xe0\xa6\xbe\xe0\xa6\xb2\xe0\xa7\x87\xe0\xa6\xb0 "
    "\xe0\xa6\x9c\xe0\xa6\xa8\xe0\xa7\x8d\xe0\xa6\xaf, \xe0\xa6\x86\xe0\xa6"
    "\xae\xe0\xa6\xbe\xe0\xa6\xa6\xe0\xa7\x87\xe0\xa6\xb0 \xe0\xa6\xa8\xe0"
    "\xa6\xa4\xe0\xa7\x81\xe0\xa6\xa8 \xe0\xa6\xaa\xe0\xa6\xb0\xe0\xa6\xbf"
    "\xe0\xa6\x95\xe0\xa6\xb2\xe0\xa7\x8d\xe0\xa6\xaa\xe0\xa6\xa8\xe0\xa6"
    "\xbe \xe0\xa6\xb2\xe0\xa6\xbf\xe0\xa6\x96\xe0\xa6\x9b\xe0\xa6\xbf\xe0"
    "\xa5\xa4";
/* "বাংলা": a letter with two spacing signs (one cluster), then another. */
static const char bangla[] = "\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82\xe0\xa6"
    "\xb2\xe0\xa6\xbe";
/* Yiddish with points: "ייִדיש", "אָ", "ײַ" and a sentence with numbers and
 * a postcode: "מיר שרייַבן פֿון 2026 ביז 2031 אין E8 1DY". */
static const char yiddish[] = "\xd7\x99\xd7\x99\xd6\xb4\xd7\x93\xd7\x99\xd7"
    "\xa9";
static const char komets_alef[] = "\xd7\x90\xd6\xb8";
static const char pasekh_tsvey_yudn[] = "\xd7\xb2\xd6\xb7";
static const char sentence[] = "\xd7\x9e\xd7\x99\xd7\xa8 \xd7\xa9\xd7\xa8"
    "\xd7\x99\xd7\x99\xd6\xb7\xd7\x91\xd7\x9f \xd7\xa4\xd6\xbf\xd7\x95\xd7"
    "\x9f 2026 \xd7\x91\xd7\x99\xd7\x96 2031 \xd7\x90\xd7\x99\xd7\x9f E8 1DY";
static const char cjk[] = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
    "\xe6\x96\x87\xe7\xab\xa0\xe3\x82\x92\xe6\x8a\x98\xe3\x82\x8a\xe8\xbf"
    "\x94\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x99\xe3\x80\x82";

/* The display width wcwidth() gives, code point by code point. */
static size_t
wc_width(const char *s)
{
	size_t i = 0, w = 0, len = strlen(s);
	uint32_t cp;
	int cw;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		cw = wcwidth((wchar_t)cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

static void
test_widths(void)
{
	int w;

	CHECK_INT(utf8_width(bangla), wc_width(bangla), "Bengali: as wide as wcwidth says");
	CHECK_INT(utf8_width(bengali), wc_width(bengali), "a Bengali sentence too");
	CHECK_INT(utf8_cluster(bangla, strlen(bangla), &w), 9,
	    "\"\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82\" is one cluster");
	CHECK_INT(w, wc_width("\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82"),
	    "and its width is the sum of its code points'");
	CHECK_INT(utf8_width(cjk), 2 * 14, "CJK: two columns each");
	CHECK_INT(utf8_width(cjk), wc_width(cjk), "CJK: as wcwidth says");
	CHECK_INT(utf8_width(yiddish), 5, "Yiddish: the hiriq takes no column");
	CHECK_INT(utf8_cluster(komets_alef, strlen(komets_alef), &w), 4,
	    "komets-alef is one cluster");
	CHECK_INT(w, 1, "one column wide");
	CHECK_INT(utf8_cluster(pasekh_tsvey_yudn, strlen(pasekh_tsvey_yudn), &w),
	    4, "pasekh-tsvey-yudn is one cluster");
	CHECK_INT(utf8_width(sentence), wc_width(sentence),
	    "a pointed Yiddish sentence: as wcwidth says");
}

/* 1 when code point cp is a combining mark (Mn, Mc, Me). */
static int
is_mark(uint32_t cp)
{
	return uc_is_general_category(cp, UC_CATEGORY_M);
}

/*
 * Wrap text at every width from min to max and check each line: no wider
 * than the width, not starting with a mark, not following a virama; and
 * nothing lost (the lines hold every non-space byte, in order).
 */
static void
check_wrap(const char *name, const char *text, size_t min, size_t max)
{
	struct layout *lay = NULL;
	size_t w, i, j, k, len;
	uint32_t cp, last;
	char *joined = NULL, *want = NULL;
	int bad = 0;

	len = strlen(text);
	want = calloc(1, len + 1);
	for (i = j = 0; i < len; i++)
		if (text[i] != ' ')
			want[j++] = text[i];
	for (w = min; w <= max && !bad; w++) {
		if (layout_text(text, 0, w, &lay) != 0) {
			bad = 1;
			break;
		}
		joined = calloc(1, len + 1);
		k = 0;
		for (i = 0; i < lay->n && !bad; i++) {
			const struct layout_line *ln = &lay->lines[i];

			if (ln->width > w && utf8_cluster(ln->text, ln->len,
			    NULL) != ln->len) {
				CHECK(0, "%s at %zu: line %zu is %zu wide", name,
				    w, i, ln->width);
				bad = 1;
			}
			if (ln->len > 0) {
				utf8_decode(ln->text, ln->len, &cp);
				if (is_mark(cp)) {
					CHECK(0, "%s at %zu: line %zu starts with "
					    "a mark U+%04X", name, w, i, cp);
					bad = 1;
				}
			}
			if (i > 0 && lay->lines[i - 1].len > 0) {
				const struct layout_line *pl = &lay->lines[i - 1];

				j = pl->len - 1;
				while (j > 0 && ((unsigned char)pl->text[j] &
				    0xc0) == 0x80)
					j--;
				utf8_decode(pl->text + j, pl->len - j, &last);
				if (last == 0x09cd) {
					CHECK(0, "%s at %zu: line %zu ends with a "
					    "virama", name, w, i - 1);
					bad = 1;
				}
			}
			for (j = 0; j < ln->len; j++)
				if (ln->text[j] != ' ' && k < len)
					joined[k++] = ln->text[j];
		}
		if (!bad && strcmp(joined, want) != 0) {
			CHECK(0, "%s at %zu: the lines lose or reorder text", name, w);
			bad = 1;
		}
		free(joined);
		joined = NULL;
		layout_free(&lay);
	}
	CHECK(!bad, "%s wraps at every width from %zu to %zu without splitting "
	    "a cluster", name, min, max);
	free(want);
}

static void
test_wrap(void)
{
	check_wrap("Bengali", bengali, 4, 60);
	check_wrap("CJK", cjk, 2, 40);
	check_wrap("pointed Yiddish", sentence, 3, 50);
	/* Narrower than a cluster: the cluster stays whole on its own line. */
	/*
	 * From 3 columns, the widest syllable here: narrower than a cluster,
	 * layout shows a replacement mark rather than overflow the line
	 * (checked in test-pack), so the text cannot come back whole.
	 */
	check_wrap("Bengali in narrow columns", bangla, 3, 6);
}

/* The canvas row y as text. */
static char *
row(struct canvas *c, int y)
{
	char *d = canvas_dump(c), *p = d, *nl;
	int i;

	for (i = 0; i < y && (nl = strchr(p, '\n')) != NULL; i++)
		p = nl + 1;
	if ((nl = strchr(p, '\n')) != NULL)
		*nl = '\0';
	memmove(d, p, strlen(p) + 1);
	return d;
}

static void
test_canvas(void)
{
	struct canvas c;
	struct layout *lay = NULL;
	struct doc *d = NULL;
	char *r;
	int i, col;

	memset(&c, 0, sizeof c);
	canvas_resize(&c, 12, 3);
	canvas_text(&c, 0, 0, 12, bangla, ST_NORMAL);
	CHECK_INT(canvas_cell(&c, 0, 0)->width, 3, "a three-column Bengali cluster in one cell");
	CHECK(canvas_cell(&c, 0, 1)->width == 0 && canvas_cell(&c, 0, 2)->width == 0,
	    "its other columns are continuations");
	CHECK_INT(canvas_cell(&c, 0, 3)->width, 2, "the next cluster starts after it");
	r = row(&c, 0);
	CHECK_STR(r, "\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82\xe0\xa6\xb2\xe0\xa6\xbe"
	    "       ", "the row reads the word and the rest blank");
	free(r);
	canvas_text(&c, 0, 1, 1, "x", ST_NORMAL);
	r = row(&c, 0);
	CHECK_STR(r, " x \xe0\xa6\xb2\xe0\xa6\xbe       ",
	    "writing into a cluster clears all of it");
	free(r);
	canvas_clear(&c);
	canvas_text(&c, 1, 9, 3, bangla, ST_NORMAL);
	r = row(&c, 1);
	CHECK_STR(r, "         \xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82",
	    "a cluster that fits exactly at the edge is drawn");
	free(r);
	canvas_clear(&c);
	canvas_text(&c, 1, 10, 2, bangla, ST_NORMAL);
	r = row(&c, 1);
	CHECK_STR(r, "            ", "one that does not fit is not drawn in part");
	free(r);
	canvas_clear(&c);
	canvas_text(&c, 2, 0, 5, cjk, ST_NORMAL);
	r = row(&c, 2);
	CHECK_STR(r, "\xe6\x97\xa5\xe6\x9c\xac        ",
	    "CJK in five columns: two characters, no half of a third");
	free(r);
	canvas_free(&c);

	/* Right to left: reordered, and a Latin start in a Yiddish screen. */
	canvas_resize(&c, 40, 4);
	canvas_text(&c, 0, 0, 40, yiddish, ST_NORMAL);
	r = row(&c, 0);
	CHECK(strncmp(r, "\xd7\xa9\xd7\x99\xd7\x93\xd7\x99\xd6\xb4\xd7\x99", 11) == 0,
	    "a Yiddish word is drawn last letter first, its hiriq on its yod");
	free(r);
	canvas_text(&c, 1, 0, 40, "Hackney \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	    ST_NORMAL);
	r = row(&c, 1);
	CHECK(strncmp(r, "Hackney \xd7\x9d\xd7\x95\xd7\x9c\xd7\xa9", 16) == 0,
	    "in a left-to-right screen an English start stays on the left");
	free(r);
	c.rtl = 1;
	canvas_text(&c, 2, 0, 40, "Hackney \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	    ST_NORMAL);
	r = row(&c, 2);
	CHECK(strncmp(r, "\xd7\x9d\xd7\x95\xd7\x9c\xd7\xa9 Hackney", 16) == 0,
	    "in a right-to-left screen it reads from the right");
	free(r);
	canvas_text(&c, 3, 0, 40, sentence, ST_NORMAL);
	r = row(&c, 3);
	CHECK(strstr(r, "E8 1DY") != NULL && strstr(r, "2026") != NULL &&
	    strstr(r, "2031") != NULL, "numbers and a postcode keep their order");
	CHECK(strstr(r, "2031") < strstr(r, "2026") && strstr(r, "E8 1DY") < r + 8,
	    "and sit where a right-to-left reader meets them");
	free(r);
	c.rtl = 0;
	canvas_free(&c);

	/* A laid-out right-to-left line: right-aligned, links found by column. */
	if (doc_parse_markdown("[\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d](other.md) "
	    "Hackney 2026\n", 33, &d, NULL) != 0 ||
	    layout_doc(d, 30, 1, &lay) != 0 || lay->n < 1) {
		CHECK(0, "a right-to-left doc lays out");
		goto out;
	}
	CHECK(lay->lines[0].rtl, "the line is marked right to left");
	canvas_resize(&c, 32, 1);
	canvas_layout_line(&c, 0, 1, 30, &lay->lines[0], -1);
	CHECK_STR(canvas_cell(&c, 0, 30)->ch, "\xd7\xa9",
	    "the last column holds the first word's first letter");
	CHECK_STR(canvas_cell(&c, 0, 1)->ch, " ", "the line is aligned right");
	r = row(&c, 0);
	/* "Hackney 2026" is one left-to-right run, to the word's left. */
	CHECK(strstr(r, "Hackney 2026 \xd7\x9d\xd7\x95\xd7\x9c\xd7\xa9") != NULL,
	    "\"Hackney 2026\" stays whole, on the word's left");
	free(r);
	col = -1;
	for (i = 0; i < 32; i++)
		if (canvas_layout_link_at(&lay->lines[0], 1, 30, i) == 0 && col < 0)
			col = i;
	CHECK_INT(col, 27, "a click on the drawn link word finds the link");
	CHECK_INT(canvas_layout_link_at(&lay->lines[0], 1, 30, 10), -1,
	    "a click on the English name finds none");
	canvas_free(&c);
out:
	layout_free(&lay);
	doc_free(&d);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	test_widths();
	test_wrap();
	test_canvas();
	return test_done();
}
