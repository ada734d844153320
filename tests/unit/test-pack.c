/* Unit tests for pack.ini, pages, Markdown, layout and search. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/diag.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/ini.h"
#include "content/buf.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/search.h"
#include "content/utf8.h"
#include "tests/unit/test.h"

#define TINY "tests/fixtures/packs/tiny"

static void
test_ini(void)
{
	struct ini *ini = NULL;
	char *cause = NULL;
	const char *good = "; c\n[a]\nx = 1\n# c\n[b]\nx = two words \n";
	int r;

	r = ini_parse("t.ini", good, strlen(good), &ini, &cause);
	CHECK_INT(r, 0, "good ini parses");
	CHECK_STR(ini ? ini_get(ini, "b", "x") : NULL, "two words", "values are trimmed");
	CHECK_STR(ini ? ini_get(ini, "a", "x") : NULL, "1", "sections are apart");
	CHECK_INT(ini && ini_find(ini, "b", "x") ? ini_find(ini, "b", "x")->line : 0, 6,
	    "entries keep their line");
	ini_free(&ini);
	CHECK(ini == NULL, "ini_free clears the pointer");

	r = ini_parse("t.ini", "[a]\nx = 1\nnonsense\n", 20, &ini, &cause);
	CHECK_INT(r, ERR_PARSE, "a line without '=' is refused");
	CHECK_STR(cause, "t.ini:3: expected 'key = value' or '[section]'", "error names file and line");
	free(cause);
	cause = NULL;
	r = ini_parse("t.ini", "[a]\nx = 1\nx = 2\n", 16, &ini, &cause);
	CHECK_INT(r, ERR_PARSE, "a key given twice is refused");
	CHECK(cause != NULL && strncmp(cause, "t.ini:3:", 8) == 0, "at the second line: %s", cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	r = ini_parse("t.ini", "[a b]\n", 6, &ini, &cause);
	CHECK(r == ERR_PARSE && cause && strncmp(cause, "t.ini:1:", 8) == 0, "bad section name");
	free(cause);
	cause = NULL;
	r = ini_parse("t.ini", "[a]\nx = \xff\n", 9, &ini, &cause);
	CHECK(r == ERR_PARSE && cause && strncmp(cause, "t.ini:2:", 8) == 0, "invalid UTF-8 is refused at its line");
	free(cause);
	cause = NULL;
	{
		char **items = NULL;
		size_t n = 0;

		CHECK_INT(ini_split_list(" a, b ,,c ", 10, &items, &n), 0, "list splits");
		CHECK_INT(n, 3, "empty items dropped");
		CHECK_STR(n == 3 ? items[1] : NULL, "b", "items trimmed");
		ini_free_list(&items, n);
		CHECK_INT(ini_split_list("a,b,c", 2, &items, &n), ERR_LIMIT, "list bounded");
	}
}

static void
test_pack(void)
{
	struct pack *p = NULL;
	struct doc *d = NULL;
	char *cause = NULL, *path;
	int fb = -1, r;

	r = pack_load(TINY, &p, &cause);
	CHECK_INT(r, 0, "tiny pack loads (%s)", cause ? cause : "");
	if (p == NULL)
		return;
	CHECK_STR(p->version, "2.1.0", "version kept");
	CHECK_INT(p->nlangs, 2, "two languages");
	CHECK_INT(p->npages, 3, "three pages in order");
	CHECK_INT(p->idle_warning, 60, "kiosk idle warning read");
	path = pack_page_path(p, "fr", "start", &fb);
	CHECK(path != NULL && strstr(path, "/en/start.md") != NULL, "missing French page falls back to English");
	CHECK_INT(fb, 1, "and says so");
	free(path);
	path = pack_page_path(p, "fr", "other", &fb);
	CHECK(path != NULL && strstr(path, "/fr/other.md") != NULL, "French page used when present");
	CHECK_INT(fb, 0, "with no fallback");
	free(path);
	CHECK(pack_page_path(p, "en", "../pack", NULL) == NULL, "page id with a path is refused");
	path = pack_page_path(p, "../../etc", "start", NULL);
	CHECK(path != NULL && strstr(path, "/en/start.md") != NULL, "bad language falls back safely");
	free(path);
	r = pack_page_load(p, "en", "start", &d, NULL, NULL);
	CHECK_INT(r, 0, "start page loads");
	if (d != NULL) {
		CHECK_STR(d->title, "Start here", "title is the first heading");
		CHECK_INT(d->nlinks, 3, "three links");
		CHECK(d->nlinks == 3 && d->links[0].internal &&
		    strcmp(d->links[0].target, "other") == 0, "internal link to 'other'");
		CHECK(d->nlinks == 3 && d->links[1].internal &&
		    strcmp(d->links[1].target, "hostile") == 0, "anchor dropped from link");
		CHECK(d->nlinks == 3 && !d->links[2].internal, "external link is not a page");
	}
	doc_free(&d);
	CHECK_INT(pack_version_cmp("1.2.0", "1.10.0"), -1, "versions compare numerically");
	CHECK_INT(pack_version_cmp("2.0", "2.0.0"), 0, "trailing zeros are equal");
	CHECK_INT(pack_version_cmp("3", "2.9.9"), 1, "major wins");
	pack_free(&p);
	CHECK(p == NULL, "pack_free clears the pointer");
}

/* Every mistake of an ini file in one run, each at its line. */
static void
test_ini_diags(void)
{
	struct diags d = DIAGS_INIT;
	struct ini *ini = NULL;
	const char *text = "[a]\nx = 1\nnonsense\nx = 2\n[b c]\ny\n"
	    "title[cy] = Teitl\nt[] = no\nz = 3\n";
	struct buf b = BUF_INIT;
	int r;

	r = ini_parse_diags("t.ini", text, strlen(text), &ini, &d);
	CHECK_INT(r, 0, "a file with mistakes is still read");
	CHECK_INT(d.nerrors, 5, "all five mistakes are found in one run");
	diags_format(&d, &b);
	CHECK_STR(buf_str(&b), "t.ini:3: expected 'key = value' or '[section]'\n"
	    "t.ini:4: 'x' is already set on line 2\n"
	    "t.ini:5: a section is [name], with letters, digits, '_', '.' or "
	    "'-'\n"
	    "t.ini:6: expected 'key = value' or '[section]'\n"
	    "t.ini:8: bad key name 't[]'\n", "each as file:line: reason");
	CHECK_STR(ini ? ini_get(ini, "a", "title[cy]") : NULL, "Teitl",
	    "a key may carry a language, as in .desktop files");
	CHECK_STR(ini ? ini_get(ini, "a", "z") : NULL, "3",
	    "lines after the mistakes are read");
	buf_free(&b);
	ini_free(&ini);
	diags_clear(&d);

	/* The same key in another section, or a longer key, is not again. */
	text = "[a]\nx = 1\nxy = 2\n[b]\nx = 3\nxy = 4\n[a.b]\nx = 5\n";
	r = ini_parse_diags("t.ini", text, strlen(text), &ini, &d);
	CHECK(r == 0 && d.nerrors == 0, "keys set once per section are no "
	    "mistake (%zu)", d.nerrors);
	CHECK(ini != NULL && strcmp(ini_get(ini, "a", "x"), "1") == 0 &&
	    strcmp(ini_get(ini, "a", "xy"), "2") == 0 &&
	    strcmp(ini_get(ini, "b", "x"), "3") == 0 &&
	    strcmp(ini_get(ini, "b", "xy"), "4") == 0 &&
	    strcmp(ini_get(ini, "a.b", "x"), "5") == 0 &&
	    ini_get(ini, "b", "y") == NULL && ini_get(ini, "c", "x") == NULL,
	    "each is found in its own section");
	ini_free(&ini);
	diags_clear(&d);
}

/* Write text to dir/name, making the folders. */
static void
put(const char *dir, const char *name, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* The pack's own texts, per language, with fallback. */
static void
test_texts(void)
{
	char dir[] = "/tmp/outreach-test-pack.XXXXXX", *cause = NULL;
	struct diags d = DIAGS_INIT;
	struct pack *p = NULL;
	struct buf b = BUF_INIT;
	int fb = -1, r;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "a temporary folder");
		return;
	}
	put(dir, "pages/en/start.md", "# Start\n");
	put(dir, "pages/cy/start.md", "# Dechrau\n");
	put(dir, "pack.ini", "[pack]\nid = riverton\ntitle = Riverton Council\n"
	    "title[cy] = Cyngor Riverton\nversion = 0.1.0\nlanguages = en, cy, "
	    "pl\ndefault_language = en\nhome = start\nwelcome = Riverton wants "
	    "to hear from you.\nwelcome[cy] = Mae Riverton eisiau clywed "
	    "gennych.\n[survey_titles]\n[session_tags]\nt1 = Parks\n"
	    "t1[cy] = Parciau\n");
	r = pack_load(dir, &p, &cause);
	CHECK_INT(r, 0, "a pack with texts per language loads (%s)",
	    cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	if (p != NULL) {
		CHECK_STR(pack_text_title(p, "cy"), "Cyngor Riverton",
		    "the title in Welsh");
		CHECK_STR(pack_text_title(p, "pl"), "Riverton Council",
		    "a language without one shows the default language's");
		CHECK_STR(pack_text(p, "pack", "title", "pl", &fb),
		    "Riverton Council", "pack_text falls back too");
		CHECK_INT(fb, 1, "and says so");
		pack_text(p, "pack", "title", "en", &fb);
		CHECK_INT(fb, 0, "the default language is no fallback");
		CHECK_STR(pack_text_welcome(p, "cy"), "Mae Riverton eisiau "
		    "clywed gennych.", "the welcome in Welsh");
		CHECK_STR(pack_text_welcome(p, "en"), "Riverton wants to hear "
		    "from you.", "the welcome in English");
		CHECK_STR(pack_text_survey(p, "housing", "cy", "Housing"),
		    "Housing", "a survey title falls back to form_title");
		CHECK_STR(pack_text_survey(p, "housing", "cy", NULL), "housing",
		    "and then to its id");
		CHECK(p->ntags == 1, "a tag's translation is not a tag of its own");
		CHECK_STR(p->ntags == 1 ? pack_text_tag(p, &p->tags[0], "cy") :
		    NULL, "Parciau", "a tag's label in Welsh");
		CHECK_INT(pack_text_has(p, "pack", "title", "pl"), 0,
		    "Polish has no title of its own");
		CHECK_INT(pack_text_has(p, "pack", "title", "en"), 1,
		    "the default language has the untranslated one");
	}
	pack_free(&p);
	/* Mistakes: each found in one run. */
	put(dir, "pack.ini", "[pack]\nid = Riverton!\ntitle = R\n"
	    "title[de] = R\nversion = one\nlanguages = en, cy\n"
	    "default_language = en\nhome = nowhere\nlogo[cy] = x\n"
	    "[kiosk]\nidle_warning = 2\n[survey_titles]\nhousing = H\n"
	    "[language_names]\nde = Deutsch\n");
	r = pack_read(dir, &p, &d);
	CHECK(r == 0 && p != NULL, "pack_read reads a pack with mistakes");
	diags_format(&d, &b);
	CHECK_INT(d.nerrors, 8, "every mistake of pack.ini in one run");
	CHECK(strstr(buf_str(&b), "pack.ini:4: 'de' is not among the "
	    "languages") != NULL, "a translation into a language the pack "
	    "has not");
	CHECK(strstr(buf_str(&b), "pack.ini:9: 'logo[cy]' cannot be given per "
	    "language") != NULL, "a setting that cannot be translated");
	CHECK(strstr(buf_str(&b), "pack.ini:13: 'housing' is not a survey of "
	    "this pack") != NULL, "a title for a survey the pack has not");
	CHECK(strstr(buf_str(&b), "pack.ini:8: no page pages/en/nowhere.md") !=
	    NULL, "the missing home page");
	pack_free(&p);
	r = pack_load(dir, &p, &cause);
	CHECK(r != 0 && cause != NULL && strstr(cause, "pack.ini:2: the pack id") !=
	    NULL, "pack_load says the first: %s", cause ? cause : "");
	free(cause);
	buf_free(&b);
	diags_clear(&d);
	{
		char cmd[600];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0, "the temporary pack is removed");
	}
}

/* Every line of a layout fits the width, whatever the page. */
static int
layout_fits(const struct layout *l, size_t w)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (utf8_width(l->lines[i].text) > w)
			return 0;
	return 1;
}

static void
test_layout(void)
{
	struct doc *d = NULL;
	struct layout *l = NULL;
	size_t w, i;
	int ok = 1, found = 0;
	char *text;

	doc_load(TINY "/pages/en/start.md", &d, NULL);
	if (d == NULL) {
		CHECK(0, "start page parses");
		return;
	}
	for (w = 1; w <= 100; w++) {
		if (layout_doc(d, w, 0, &l) != 0 || !layout_fits(l, w))
			ok = 0;
		layout_free(&l);
	}
	CHECK(ok, "every line fits at every width from 1 to 100");
	layout_doc(d, 40, 0, &l);
	for (i = 0; l != NULL && i < l->n; i++) {
		if (strstr(l->lines[i].text, "\xe2\x80\xa2 second item") == l->lines[i].text)
			found |= 1;
		if (i > 0 && strstr(l->lines[i - 1].text, "second item") != NULL &&
		    strncmp(l->lines[i].text, "  that will", 11) == 0)
			found |= 2;
		if (strstr(l->lines[i].text, "1. nested one") != NULL &&
		    l->lines[i].text[0] == ' ')
			found |= 4;
		if (strstr(l->lines[i].text, "\xe2\x94\x82 A quote") == l->lines[i].text)
			found |= 8;
		if (strstr(l->lines[i].text, "Name \xe2\x94\x82 Value") != NULL)
			found |= 16;
	}
	CHECK(found & 1, "bullet item starts with a bullet");
	CHECK(found & 2, "wrapped item lines hang under the text");
	CHECK(found & 4, "nested ordered list is indented and numbered");
	CHECK(found & 8, "block quote has a bar");
	CHECK(found & 16, "table fits as a grid");
	layout_free(&l);
	layout_doc(d, 10, 0, &l);
	found = 0;
	for (i = 0; l != NULL && i < l->n; i++)
		if (strncmp(l->lines[i].text, "Name: two", 9) == 0)
			found = 1;
	CHECK(found, "too-wide table becomes Header: value lines");
	layout_free(&l);
	doc_free(&d);

	/* Hostile text never keeps a control character. */
	doc_load(TINY "/pages/en/hostile.md", &d, NULL);
	text = d != NULL && d->nblocks > 1 ? doc_block_text(&d->blocks[1]) : NULL;
	CHECK(text != NULL && strchr(text, 0x1b) == NULL && strchr(text, 0x07) == NULL &&
	    strstr(text, "\xc2\x9b") == NULL, "controls are gone from the page text");
	CHECK(text != NULL && strstr(text, "\xef\xbf\xbd[31mred") != NULL, "escape shown as a replacement mark");
	CHECK(text != NULL && strstr(text, "bad \xef\xbf\xbd\xef\xbf\xbd bytes") != NULL,
	    "invalid bytes shown as replacement marks");
	free(text);
	doc_free(&d);

	/* CJK wraps between characters, and never inside one. */
	{
		const char *cjk = "# T\n\n\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\n";

		doc_parse_markdown(cjk, strlen(cjk), &d, NULL);
		layout_doc(d, 5, 0, &l);
		CHECK(l != NULL && layout_fits(l, 5), "CJK lines fit in 5 columns");
		CHECK(l != NULL && l->n >= 4 && utf8_width(l->lines[3].text) == 4,
		    "two wide characters per 5-column line");
		layout_free(&l);
		doc_free(&d);
	}
}

static void
test_big_page(void)
{
	char *md;
	size_t i, len = 0, cap = 10000 * 40 + 16;
	struct doc *d = NULL;
	struct layout *l = NULL;

	md = malloc(cap);
	len += (size_t)snprintf(md, cap, "# Big\n\n");
	for (i = 0; i < 10000; i++)
		len += (size_t)snprintf(md + len, cap - len, "Line %zu.\n\n", i);
	CHECK_INT(doc_parse_markdown(md, len, &d, NULL), 0, "10,000-paragraph page parses");
	CHECK_INT(layout_doc(d, 78, 0, &l), 0, "and lays out");
	CHECK(l != NULL && strcmp(l->lines[l->n - 1].text, "Line 9999.") == 0, "last line is there");
	layout_free(&l);
	doc_free(&d);
	free(md);
}

static void
test_search(void)
{
	struct pack *p = NULL;
	struct search_index *ix = NULL;
	struct search_hit *hits = NULL;
	size_t n = 0;

	pack_load(TINY, &p, NULL);
	if (p == NULL)
		return;
	CHECK_INT(search_index_build(p, "en", &ix, NULL), 0, "index builds");
	CHECK_INT(search_run(ix, "REABLEMENT", &hits, &n), 0, "search runs");
	CHECK_INT(n, 1, "one page mentions reablement");
	CHECK_STR(n == 1 ? hits[0].page : NULL, "other", "it is the other page");
	CHECK(n == 1 && strstr(hits[0].snippet, "reablement") != NULL, "snippet shows the word");
	search_hits_free(&hits, n);
	search_run(ix, "nothing like this", &hits, &n);
	CHECK_INT(n, 0, "no hits for absent words");
	search_hits_free(&hits, n);
	search_run(ix, "   ", &hits, &n);
	CHECK_INT(n, 0, "blank query finds nothing");
	search_index_free(&ix);
	pack_free(&p);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	test_ini();
	test_ini_diags();
	test_pack();
	test_texts();
	test_layout();
	test_big_page();
	test_search();
	return test_done();
}
