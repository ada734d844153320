/*
 * Unit tests for "You said, we did" pages: which tables pack.ini marks,
 * and how layout sets them: side by side from 96 columns, stacked with
 * labels below that, and always stacked for reading aloud.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/doc.h"
#include "content/err.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/search.h"
#include "content/utf8.h"
#include "tests/unit/test.h"

int main(void);

#define PACK "tests/fixtures/directory/pack"

/* The index of the first line starting with (or, if !start, holding) s. */
static long
line_of(const struct layout *l, const char *s, int start)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (start ? strncmp(l->lines[i].text, s, strlen(s)) == 0 :
		    strstr(l->lines[i].text, s) != NULL)
			return (long)i;
	return -1;
}

static int
fits(const struct layout *l, size_t w)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (utf8_width(l->lines[i].text) > w)
			return 0;
	return 1;
}

static void
test_marking(struct pack *p)
{
	struct doc *d = NULL;
	size_t i, marked = 0, tables = 0;

	CHECK_INT(p->nsaid_did, 1, "pack.ini names one 'You said, we did' page");
	CHECK_INT(pack_page_load(p, "en", "you-said", &d, NULL, NULL), 0, "the page loads");
	for (i = 0; d != NULL && i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_TABLE) {
			tables++;
			marked += d->blocks[i].said_did != 0;
		}
	CHECK_INT(tables, 3, "the page has three tables");
	CHECK_INT(marked, 2, "the three- and two-column tables are marked; five columns are not");
	doc_free(&d);
	CHECK_INT(pack_page_load(p, "en", "plain-table", &d, NULL, NULL), 0, "an unmarked page loads");
	for (i = 0, marked = 0; d != NULL && i < d->nblocks; i++)
		marked += d->blocks[i].said_did != 0;
	CHECK_INT(marked, 0, "a page not named in pack.ini keeps ordinary tables");
	doc_free(&d);
}

static void
test_stacked(struct pack *p)
{
	struct doc *d = NULL;
	struct layout *l = NULL;
	long said, did, item1, item2, still, wait, wait_did, heard;
	size_t w;
	int ok = 1;

	if (pack_page_load(p, "en", "you-said", &d, NULL, NULL) != 0) {
		CHECK(0, "the page loads");
		return;
	}
	CHECK_INT(layout_doc(d, 76, 0, &l), 0, "lays out at 76 columns (an 80-column window)");
	said = line_of(l, "You said: It is hard to find out", 1);
	did = line_of(l, "We did:", 1);
	item1 = line_of(l, "\xe2\x80\xa2 Wrote a new guide", 1);
	item2 = line_of(l, "\xe2\x80\xa2 Trained the staff", 1);
	still = line_of(l, "Still to do: Put the guide in more languages.", 1);
	CHECK(said >= 0, "stacked: 'You said:' and the text on one line");
	CHECK(did == said + 1 && l->lines[did].len == strlen("We did:"),
	    "'We did:' on its own line when there are several items");
	CHECK(item1 == did + 1, "each item a bullet under the label");
	CHECK(item2 > item1, "the continuation row is the second item of the same record");
	CHECK(still > item2, "then 'Still to do:'");
	CHECK(item1 >= 0 && item1 + 1 < (long)l->n &&
	    strncmp(l->lines[item1 + 1].text, "  ", 2) == 0, "a wrapped item hangs under its text");
	wait = line_of(l, "You said: Waiting lists are too long.", 1);
	wait_did = line_of(l, "We did: Hired two more assessors.", 1);
	CHECK(wait > still && l->lines[wait - 1].len == 0, "the next record, after a blank line");
	CHECK(wait_did == wait + 1, "one item follows its label on the same line");
	CHECK(line_of(l, "Still to do:", 1) == still && line_of(l, "Still to do", 0) == still,
	    "an empty cell is left out of the stacked form");
	heard = line_of(l, "We heard: The bus stop has no bench.", 1);
	CHECK(heard >= 0 && line_of(l, "We changed: A bench", 1) == heard + 1,
	    "a two-column table stacks with its own labels");
	CHECK(line_of(l, "A \xe2\x94\x82 B \xe2\x94\x82 C", 1) >= 0, "a five-column table is an ordinary grid");
	CHECK(l != NULL && layout_link_line(l, 0) >= 0, "a link inside a cell is kept");
	CHECK(said >= 0 && l->lines[said].runs[0].attr & DOC_A_TH, "the label is set like a header");
	layout_free(&l);
	for (w = 1; w <= 200; w++) {
		if (layout_doc(d, w, 0, &l) != 0 || !fits(l, w))
			ok = 0;
		layout_free(&l);
	}
	CHECK(ok, "every line fits at every width from 1 to 200");
	doc_free(&d);
}

static void
test_side_by_side(struct pack *p)
{
	struct doc *d = NULL;
	struct layout *l = NULL;
	long head, rule, row, item2, rule2, wait;

	if (pack_page_load(p, "en", "you-said", &d, NULL, NULL) != 0) {
		CHECK(0, "the page loads");
		return;
	}
	layout_doc(d, 95, 0, &l);
	CHECK(line_of(l, "You said: It is hard", 1) >= 0, "95 columns: still stacked");
	layout_free(&l);
	layout_doc(d, 96, 0, &l);
	head = line_of(l, "\xe2\x94\x82 We did", 0);
	CHECK(head >= 0 && strncmp(l->lines[head].text, "You said ", 9) == 0 &&
	    strstr(l->lines[head].text, "\xe2\x94\x82 Still to do") != NULL,
	    "96 columns: the headers side by side");
	rule = head + 1;
	CHECK(head >= 0 && strstr(l->lines[rule].text, "\xe2\x94\x80\xe2\x94\xbc\xe2\x94\x80") != NULL,
	    "a rule under the headers");
	row = rule + 1;
	CHECK(head >= 0 && strncmp(l->lines[row].text, "It is hard to find out", 22) == 0 &&
	    strstr(l->lines[row].text, "\xe2\x94\x82 \xe2\x80\xa2 Wrote a new") != NULL &&
	    strstr(l->lines[row].text, "\xe2\x94\x82 Put the guide") != NULL,
	    "what was said, done and still to do start on one line");
	item2 = line_of(l, "\xe2\x80\xa2 Trained the staff", 0);
	CHECK(item2 > row && strstr(l->lines[item2].text, "\xe2\x94\x82") != NULL,
	    "the continuation row's item is in the same record, in its column");
	wait = line_of(l, "Waiting lists are too long.", 1);
	rule2 = wait - 1;
	CHECK(wait > item2 && strstr(l->lines[rule2].text, "\xe2\x94\xbc") != NULL, "a rule between records");
	CHECK(wait > 0 && strstr(l->lines[wait].text, "\xe2\x94\x82 Hired two more assessors.") != NULL,
	    "one item needs no bullet");
	CHECK(head >= 0 && (l->lines[head].runs[0].attr & DOC_A_TH), "the headers are set as headers");
	CHECK(fits(l, 96), "every line fits in 96 columns");
	CHECK(layout_link_line(l, 0) >= 0, "the link in a cell is still there side by side");
	layout_free(&l);
	layout_doc(d, 200, 0, &l);
	CHECK(line_of(l, "It is hard to find out what help there is.", 1) >= 0 && fits(l, 200),
	    "200 columns: wider columns, still within the width");
	layout_free(&l);
	/* Reading aloud: stacked, however wide. */
	CHECK_INT(layout_doc_plain(d, &l), 0, "lays out for reading aloud");
	CHECK(line_of(l, "You said: It is hard to find out what help there is.", 1) >= 0,
	    "for reading aloud each label comes before its text");
	CHECK(line_of(l, "\xe2\x94\x82 We did", 0) < 0 && line_of(l, "\xe2\x94\x82 Hired", 0) < 0,
	    "and nothing is side by side, however wide");
	layout_free(&l);
	/* ASCII consoles. */
	utf8_set_locale_ok(0);
	layout_doc(d, 100, 0, &l);
	CHECK(line_of(l, "You said", 1) >= 0 && line_of(l, " | We did", 0) >= 0 &&
	    line_of(l, "-+-", 0) >= 0 && line_of(l, "| * Wrote", 0) >= 0, "ASCII: '|', '-+-' and '*' bullets");
	layout_free(&l);
	utf8_set_locale_ok(1);
	doc_free(&d);
}

/* Search reads the tables too, empty continuation cells and all. */
static void
test_search(struct pack *p)
{
	struct search_index *ix = NULL;
	struct search_hit *hits = NULL;
	size_t n = 0;

	CHECK_INT(search_index_build(p, "en", &ix, NULL), 0, "the pages with empty cells are indexed");
	CHECK(ix != NULL && search_run(ix, "assessors", &hits, &n) == 0 && n == 1 &&
	    strcmp(hits[0].page, "you-said") == 0, "a word in a continued record is found");
	search_hits_free(&hits, n);
	search_index_free(&ix);
}

/* pack.ini must name pages that exist, by valid ids. */
static void
test_bad_ini(void)
{
	char dir[] = "/tmp/outreach-said-XXXXXX", path[256];
	struct pack *p = NULL;
	char *cause = NULL;
	FILE *f;
	int r;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "a temporary folder");
		return;
	}
	snprintf(path, sizeof path, "%s/pages", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/pages/en", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/pages/en/home.md", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("# Home\n", f);
		fclose(f);
	}
	snprintf(path, sizeof path, "%s/pack.ini", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("[pack]\nid = t\ntitle = T\nversion = 1\nlanguages = en\n"
		    "default_language = en\nhome = home\n[pages]\norder = home\n"
		    "you_said_we_did = home, missing\n", f);
		fclose(f);
	}
	r = pack_load(dir, &p, &cause);
	CHECK(r == ERR_NOTFOUND && cause != NULL && strstr(cause, "pack.ini:10: no page pages/en/missing.md"),
	    "a 'You said, we did' page that does not exist is refused at its line (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	pack_free(&p);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("[pack]\nid = t\ntitle = T\nversion = 1\nlanguages = en\n"
		    "default_language = en\nhome = home\n[pages]\n"
		    "you_said_we_did = Home Page\n", f);
		fclose(f);
	}
	r = pack_load(dir, &p, &cause);
	CHECK(r == ERR_INVALID && cause != NULL && strstr(cause, "pack.ini:9:"), "an invalid page id is refused at its line");
	free(cause);
	pack_free(&p);
	unlink(path);
	snprintf(path, sizeof path, "%s/pages/en/home.md", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/pages/en", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/pages", dir);
	rmdir(path);
	rmdir(dir);
}

/* The Hackney pack shows its 2023-2026 plan this way, honestly labelled. */
static void
test_hackney(void)
{
	struct pack *p = NULL;
	struct doc *d = NULL;
	struct layout *l = NULL;
	size_t i, marked = 0;

	if (pack_load("content/packs/hackney", &p, NULL) != 0 ||
	    pack_page_load(p, "en", "commitments", &d, NULL, NULL) != 0) {
		CHECK(0, "the Hackney commitments page loads");
		pack_free(&p);
		return;
	}
	for (i = 0; i < d->nblocks; i++)
		marked += d->blocks[i].said_did != 0;
	CHECK_INT(marked, 17, "one 'You said, we did' table per commitment");
	layout_doc(d, 76, 0, &l);
	CHECK(line_of(l, "We said we will: Make information about how to access support", 1) >= 0,
	    "the first column is labelled 'We said we will': the seeds do not link feedback to commitments");
	CHECK(line_of(l, "You said", 1) < 0, "no column claims 'You said'");
	CHECK(line_of(l, "Still to do: Re-commission our home care services.", 1) >= 0,
	    "commitment 6: what is still to do");
	layout_free(&l);
	layout_doc(d, 116, 0, &l);
	CHECK(line_of(l, "We said we will", 1) >= 0 && line_of(l, "\xe2\x94\x82 We did", 0) >= 0 && fits(l, 116),
	    "at 120 columns the plan is side by side");
	layout_free(&l);
	doc_free(&d);
	pack_free(&p);
}

int
main(void)
{
	struct pack *p = NULL;
	char *cause = NULL;

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	if (pack_load(PACK, &p, &cause) != 0) {
		CHECK(0, "the test pack loads: %s", cause ? cause : "");
		free(cause);
		return test_done();
	}
	test_marking(p);
	test_stacked(p);
	test_side_by_side(p);
	test_search(p);
	pack_free(&p);
	test_bad_ini();
	test_hackney();
	return test_done();
}
