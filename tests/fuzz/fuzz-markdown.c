/*
 * Fuzz Markdown pages: doc_parse_markdown() and layout_doc() at a few
 * widths, in a UTF-8 terminal and on the ASCII console, as an ordinary
 * page and as a "You said, we did" page; and layout_doc_plain().
 *
 * Checked for every page: all text in the doc is sanitised (valid UTF-8,
 * no controls; code blocks may keep newlines), link indexes point into the
 * link table, tables have their cells, and every laid-out line is at most
 * the width wide (but a lone cluster wider than it, see layout.h) with its
 * runs inside its text.
 *
 * FUZZ_OPTIONS: -max_len=4096
 */
#include <locale.h>

#include "content/doc.h"
#include "content/err.h"
#include "content/layout.h"
#include "content/utf8.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static void
fuzz_md_spans(const struct doc *d, const struct doc_span *s, size_t n,
    int pre)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		FUZZ_CHECK(s[i].text != NULL, "span %zu has text", i);
		len = strlen(s[i].text);
		FUZZ_CHECK(utf8_valid(s[i].text, len), "span %zu is UTF-8", i);
		FUZZ_CHECK(!fuzz_has_control(s[i].text, len, pre),
		    "span %zu has no controls", i);
		FUZZ_CHECK(s[i].link >= -1 && (s[i].link < 0 ||
		    (size_t)s[i].link < d->nlinks), "span %zu link %d of %zu",
		    i, s[i].link, d->nlinks);
	}
}

static void
fuzz_md_doc(const struct doc *d)
{
	const struct doc_block *b;
	size_t i, c;
	char *t;

	FUZZ_CHECK(d->title != NULL && utf8_valid(d->title, strlen(d->title)) &&
	    !fuzz_has_control(d->title, strlen(d->title), 0), "title");
	for (i = 0; i < d->nlinks; i++)
		FUZZ_CHECK(d->links[i].target != NULL &&
		    !fuzz_has_control(d->links[i].target,
		    strlen(d->links[i].target), 0), "link %zu", i);
	for (i = 0; i < d->nblocks; i++) {
		b = &d->blocks[i];
		FUZZ_CHECK(memchr(b->marker, '\0', sizeof b->marker) != NULL,
		    "block %zu marker is a string", i);
		FUZZ_CHECK(b->kind != DOC_HEADING ||
		    (b->level >= 1 && b->level <= 6), "heading level %d",
		    b->level);
		fuzz_md_spans(d, b->spans, b->nspans, b->kind == DOC_PRE);
		if (b->kind == DOC_TABLE && b->rows * b->cols > 0) {
			FUZZ_CHECK(b->cells != NULL, "table %zu has cells", i);
			for (c = 0; c < b->rows * b->cols; c++)
				fuzz_md_spans(d, b->cells[c].spans,
				    b->cells[c].nspans, 0);
		}
		if ((t = doc_block_text(b)) != NULL)
			free(t);
	}
}

static void
fuzz_md_layout(const struct doc *d, size_t width, int rtl)
{
	struct layout *l = NULL;
	const struct layout_line *ln;
	size_t i, j;
	int r;

	r = layout_doc(d, width, rtl, &l);
	FUZZ_CHECK(r == ERR_OK || r == ERR_LIMIT, "layout: %d", r);
	if (r != ERR_OK)
		return;
	for (i = 0; i < l->n; i++) {
		ln = &l->lines[i];
		FUZZ_CHECK(strlen(ln->text) == ln->len, "line %zu length", i);
		FUZZ_CHECK(fuzz_line_fits(ln->text, ln->len, width) &&
		    ln->width == utf8_width(ln->text),
		    "line %zu is %zu columns (says %zu), more than %zu: '%s'",
		    i, utf8_width(ln->text), ln->width, width, ln->text);
		FUZZ_CHECK(ln->block >= -1 && (ln->block < 0 ||
		    (size_t)ln->block < d->nblocks), "line %zu block", i);
		for (j = 0; j < ln->nruns; j++) {
			FUZZ_CHECK(ln->runs[j].off <= ln->len &&
			    ln->runs[j].len <= ln->len - ln->runs[j].off,
			    "line %zu run %zu inside the text", i, j);
			FUZZ_CHECK(ln->runs[j].link < 0 ||
			    (size_t)ln->runs[j].link < d->nlinks,
			    "line %zu run %zu link", i, j);
		}
	}
	for (i = 0; i < d->nlinks; i++)
		(void)layout_link_line(l, (int)i);
	layout_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t widths[] = { 1, 12, 80 };
	struct doc *d = NULL;
	struct layout *plain = NULL;
	char *cause = NULL;
	size_t i;
	int r, said;

	utf8_set_locale_ok(1);
	r = doc_parse_markdown((const char *)data, size, &d, &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(d == NULL, "no doc on error");
		free(cause);
		return 0;
	}
	fuzz_md_doc(d);
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++)
		fuzz_md_layout(d, widths[i], i == 1);
	/* The Linux console draws rules and bars in ASCII. */
	utf8_set_locale_ok(0);
	fuzz_md_layout(d, 30, 0);
	utf8_set_locale_ok(1);
	/*
	 * The same page as one pack.ini names in you_said_we_did: its tables
	 * of two to four columns become records, side by side when wide.
	 */
	for (i = 0, said = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_TABLE && d->blocks[i].cols >= 2 &&
		    d->blocks[i].cols <= 4)
			said = d->blocks[i].said_did = 1;
	if (said) {
		fuzz_md_layout(d, 1, 0);
		fuzz_md_layout(d, 44, 0);
		fuzz_md_layout(d, 120, 0);
	}
	/* For reading aloud: one line per paragraph, nothing side by side. */
	FUZZ_CHECK(layout_doc_plain(d, &plain) == ERR_OK ||
	    plain == NULL, "plain layout");
	layout_free(&plain);
	doc_free(&d);
	FUZZ_CHECK(d == NULL, "free clears the pointer");
	return 0;
}
