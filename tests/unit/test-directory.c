/*
 * Unit tests for content/directory.c: loading services.csv, every refusal
 * with its file:row, searching by words (Unicode case folding), filtering
 * by category and neighbourhood, and the detail page.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/directory.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/utf8.h"
#include "tests/unit/test.h"

int main(void);

#define FIX "tests/fixtures/directory"
#define HACKNEY "content/packs/hackney/directory/services.csv"

/* The ids of the services matching q, joined by spaces ("" for none). */
static char *
find(const struct directory *d, const char *words, const char *cat,
    const char *area)
{
	struct directory_query q = { words, cat, area };
	static char out[1024];
	size_t *idx = NULL, n = 0, i;

	out[0] = '\0';
	if (directory_find(d, &q, &idx, &n) != 0)
		return strcpy(out, "(error)");
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, " ");
		strncat(out, d->services[idx[i]].field[DIRECTORY_ID],
		    sizeof out - strlen(out) - 2);
	}
	free(idx);
	return out;
}

static const struct directory_service *
by_id(const struct directory *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->services[i].field[DIRECTORY_ID], id) == 0)
			return &d->services[i];
	return NULL;
}

static void
test_good(void)
{
	struct directory *d = NULL;
	const struct directory_service *s;
	char *cause = NULL;
	int r;

	r = directory_load(FIX "/good.csv", &d, &cause);
	CHECK_INT(r, 0, "good.csv loads (%s)", cause ? cause : "no error");
	free(cause);
	if (d == NULL)
		return;
	CHECK_INT(d->n, 5, "five services; blank rows are skipped");
	s = by_id(d, "lunch-club");
	CHECK(s != NULL, "columns may come in any order, after a byte-order mark");
	if (s != NULL) {
		CHECK_STR(s->field[DIRECTORY_NAME], "Straße Café Lunch Club", "the name keeps its accents");
		CHECK_STR(s->field[DIRECTORY_DESCRIPTION], "A weekly lunch club.\nBring a friend, and \"come hungry\".",
		    "a quoted description keeps its line break and quotes");
		CHECK_STR(s->field[DIRECTORY_ADDRESS], "1 Example Road\nLondon", "an address may have two lines");
		CHECK_STR(s->field[DIRECTORY_POSTCODE], "E0 0AA", "the last column after CRLF and LF rows");
		CHECK_INT(s->row, 2, "the first service is row 2");
	}
	s = by_id(d, "carers-line");
	CHECK(s != NULL && s->row == 4, "rows count records, not lines (carers-line is row 4)");
	if (s != NULL) {
		CHECK_INT(s->ncategories, 2, "categories are split, trimmed, empty ones dropped");
		CHECK_STR(s->ncategories > 1 ? s->categories[1] : NULL, "advice", "second category");
		CHECK_STR(s->field[DIRECTORY_EMAIL], "", "an empty field is \"\"");
	}
	s = by_id(d, "ipek-carers");
	CHECK(s != NULL && s->ncategories == 2, "a category repeated in other case is kept once");
	CHECK_INT(d->ncategories, 6, "six distinct categories over all services");
	CHECK_STR(d->ncategories == 6 ? d->categories[0] : NULL, "advice", "categories are sorted");
	CHECK_STR(d->ncategories == 6 ? d->categories[1] : NULL, "carers", "'Carers' and 'carers' are one category");
	CHECK_STR(d->ncategories == 6 ? d->categories[5] : NULL, "social", "the last category");
	CHECK_INT(d->nneighbourhoods, 3, "three neighbourhoods (an empty one is not listed)");
	CHECK_STR(d->nneighbourhoods == 3 ? d->neighbourhoods[0] : NULL, "Dalston", "neighbourhoods are sorted");
	CHECK_STR(d->nneighbourhoods == 3 ? d->neighbourhoods[2] : NULL, "Stoke Newington", "the last neighbourhood");

	/* Search by words. */
	CHECK_STR(find(d, "carers", NULL, NULL), "carers-line ipek-carers", "'carers' finds both carers services, in file order");
	CHECK_STR(find(d, "CARERS", NULL, NULL), "carers-line ipek-carers", "search ignores case");
	CHECK_STR(find(d, "  carers   advice ", NULL, NULL), "carers-line", "every word must match");
	CHECK_STR(find(d, "STRASSE", NULL, NULL), "lunch-club", "Unicode folding: STRASSE finds Straße");
	CHECK_STR(find(d, "café", NULL, NULL), "lunch-club", "accented words match");
	CHECK_STR(find(d, "σοφία", NULL, NULL), "sofa-fitness", "Greek folds: σοφία finds ΣΟΦΊΑ");
	CHECK_STR(find(d, "hungry", NULL, NULL), "lunch-club", "the description's second line is searched");
	CHECK_STR(find(d, "homerton", NULL, NULL), "carers-line", "the neighbourhood is searched");
	CHECK_STR(find(d, "money", NULL, NULL), "money-desk", "categories are searched");
	CHECK_STR(find(d, "0000", NULL, NULL), "", "the phone number is not searched");
	CHECK_STR(find(d, "zebra", NULL, NULL), "", "no match, no services");
	CHECK_STR(find(d, "", NULL, NULL), "lunch-club carers-line ipek-carers money-desk sofa-fitness",
	    "no words: every service");
	/* Filters. */
	CHECK_STR(find(d, NULL, "carers", NULL), "carers-line ipek-carers", "by category");
	CHECK_STR(find(d, NULL, "CARERS", NULL), "carers-line ipek-carers", "the category ignores case");
	CHECK_STR(find(d, NULL, "care", NULL), "", "a category matches whole, not in part");
	CHECK_STR(find(d, NULL, "social", NULL), "lunch-club ipek-carers", "by another category");
	CHECK_STR(find(d, NULL, NULL, "Dalston"), "lunch-club ipek-carers", "by neighbourhood");
	CHECK_STR(find(d, NULL, NULL, "stoke newington"), "money-desk", "the neighbourhood ignores case");
	CHECK_STR(find(d, NULL, "", ""), "lunch-club carers-line ipek-carers money-desk sofa-fitness",
	    "empty filters match everything");
	/* Combined. */
	CHECK_STR(find(d, NULL, "carers", "Dalston"), "ipek-carers", "category and neighbourhood together");
	CHECK_STR(find(d, "turkish", "social", "Dalston"), "ipek-carers", "words, category and neighbourhood together");
	CHECK_STR(find(d, "advice", NULL, "Dalston"), "", "words and a neighbourhood with no service in common");
	CHECK_STR(find(d, "lunch", "carers", NULL), "", "words and a category with no service in common");
	directory_free(&d);
	CHECK(d == NULL, "directory_free clears the pointer");
	directory_free(&d);
	directory_free(NULL);
}

static void
test_summary_doc(void)
{
	static const char *const labels[DIRECTORY_NFIELDS] = {
		"Id", "Name", "Description", "Categories", "Area", "Address",
		"Postcode", "Phone", "Email", "Website", "Opening times",
		"Languages", "Access\x1b[31m",
	};
	struct directory *d = NULL;
	const struct directory_service *s;
	struct doc *doc = NULL;
	char *sum, *text;
	size_t i;
	int found_phone = 0;

	if (directory_load(FIX "/good.csv", &d, NULL) != 0 ||
	    (s = by_id(d, "lunch-club")) == NULL) {
		CHECK(0, "good.csv loads for the detail page");
		directory_free(&d);
		return;
	}
	sum = directory_summary(s, 80);
	CHECK_STR(sum, "A weekly lunch club.", "the summary is the first sentence");
	free(sum);
	sum = directory_summary(by_id(d, "money-desk"), 80);
	CHECK_STR(sum, "Help with benefits and bills.", "the summary stops at the sentence's end");
	free(sum);
	sum = directory_summary(s, 12);
	CHECK_STR(sum, "A weekly\xe2\x80\xa6", "a long summary is cut at a space, with an ellipsis");
	CHECK(sum != NULL && utf8_width(sum) <= 12, "and fits the width");
	free(sum);

	CHECK_INT(directory_service_doc(s, labels, NULL, &doc), 0, "the detail page builds");
	if (doc != NULL) {
		CHECK_STR(doc->title, "Straße Café Lunch Club", "its title is the name");
		CHECK(doc->nblocks > 0 && doc->blocks[0].kind == DOC_HEADING, "it starts with a heading");
		CHECK_INT(doc->nblocks, 4, "heading, two description paragraphs, the fields");
		text = doc->nblocks > 1 ? doc_block_text(&doc->blocks[1]) : NULL;
		CHECK_STR(text, "A weekly lunch club.", "each line of the description is a paragraph");
		free(text);
		text = doc->nblocks == 4 ? doc_block_text(&doc->blocks[3]) : NULL;
		CHECK_STR(text, "Categories: food, social\nArea: Dalston\n"
		    "Address: 1 Example Road\nLondon\nPostcode: E0 0AA\nPhone: 0000 000 001\n"
		    "Email: lunch@example.org\nWebsite: example.org/lunch\nOpening times: Tuesdays 12 to 2\n"
		    "Languages: English; Türkçe\nAccess\xef\xbf\xbd[31m: Step-free entrance",
		    "every field that is not empty, labelled, one a line, in order; no id; labels sanitised");
		free(text);
		for (i = 0; doc->nblocks == 4 && i < doc->blocks[3].nspans; i++)
			if (strcmp(doc->blocks[3].spans[i].text, "Phone") == 0)
				found_phone = doc->blocks[3].spans[i].attr == DOC_A_BOLD &&
				    doc->blocks[3].spans[i + 1].attr == DOC_A_BOLD &&
				    doc->blocks[3].spans[i + 2].attr == 0;
		CHECK(found_phone, "the label is bold, the value is not");
	}
	doc_free(&doc);
	/* A service with only a name and a description. */
	CHECK_INT(directory_service_doc(by_id(d, "sofa-fitness"), labels, NULL, &doc), 0, "a short detail page builds");
	text = doc != NULL && doc->nblocks == 3 ? doc_block_text(&doc->blocks[2]) : NULL;
	CHECK_STR(text, "Categories: exercise", "empty fields are left out");
	free(text);
	doc_free(&doc);
	directory_free(&d);
}

/* Each refusal: the file, the row, the reason. */
static void
test_refusals(void)
{
	static const struct {
		const char	*file;
		const char	*want;	/* the start of the cause after "path:" */
	} bad[] = {
		{ "missing-id.csv", "1: no 'id' column" },
		{ "missing-name.csv", "1: no 'name' column" },
		{ "unknown-column.csv", "1: unknown column 'fax'" },
		{ "duplicate-column.csv", "1: the column 'phone' appears twice" },
		{ "duplicate-id.csv", "4: the id 'a' is already used on row 2" },
		{ "wrong-fields.csv", "3: 4 fields, but the header has 3" },
		{ "bad-utf8.csv", "3: text that is not UTF-8" },
		{ "long-name.csv", "2: 'name' is longer than 200 characters" },
		{ "long-description.csv", "2: 'description' is longer than 2000 characters" },
		{ "empty-id.csv", "2: the id is empty" },
		{ "empty-name.csv", "3: the name is empty" },
		{ "bad-id.csv", "2: the id 'a b' may use only" },
		{ "newline-in-name.csv", "2: 'name' has a line break" },
		{ "bad-email.csv", "2: the email 'not an address' is not one email address" },
		{ "unclosed-quote.csv", "3: a quoted field starts here and has no closing quote" },
		{ "empty.csv", "1: the first row must name the columns" },
		{ "too-many-categories.csv", "2: more than 32 categories" },
	};
	struct directory *d;
	char path[256], want[512], *cause;
	size_t i;
	int r;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = NULL;
		cause = NULL;
		snprintf(path, sizeof path, FIX "/%s", bad[i].file);
		snprintf(want, sizeof want, "%s:%s", path, bad[i].want);
		r = directory_load(path, &d, &cause);
		CHECK(r < 0 && d == NULL, "%s is refused", bad[i].file);
		CHECK(cause != NULL && strncmp(cause, want, strlen(want)) == 0,
		    "%s: the cause is \"%s...\"", bad[i].file, want);
		if (cause == NULL || strncmp(cause, want, strlen(want)) != 0)
			printf("#   got: %s\n", cause ? cause : "(null)");
		free(cause);
		directory_free(&d);
	}
	/* In memory: a NUL byte, a missing file, too many services. */
	d = NULL;
	cause = NULL;
	r = directory_parse("mem.csv", "id,name\na,A\nb,B\0\n", 17, &d, &cause);
	CHECK(r == ERR_PARSE && cause && strcmp(cause, "mem.csv:3: a NUL byte") == 0, "a NUL byte is refused at its row");
	free(cause);
	cause = NULL;
	r = directory_load(FIX "/no-such-file.csv", &d, &cause);
	CHECK(r == ERR_NOTFOUND && cause != NULL && strstr(cause, "no-such-file.csv") != NULL,
	    "a missing file is named");
	free(cause);
	{
		size_t n = DIRECTORY_MAX_SERVICES + 1, len = 0, k;
		char *big = malloc(n * 24 + 16);

		if (big != NULL) {
			len = (size_t)sprintf(big, "id,name\n");
			for (k = 0; k < n; k++)
				len += (size_t)sprintf(big + len, "s%zu,S\n", k);
			cause = NULL;
			r = directory_parse("big.csv", big, len, &d, &cause);
			CHECK(r == ERR_LIMIT && cause != NULL && strstr(cause, "big.csv:10002: more than 10000 services"),
			    "more than %d services is refused at the row past the limit", DIRECTORY_MAX_SERVICES);
			free(cause);
			free(big);
		}
	}
	cause = NULL;
	r = directory_parse("h.csv", "id,name\n", 8, &d, &cause);
	CHECK(r == 0 && d != NULL && d->n == 0, "a header alone is an empty directory");
	directory_free(&d);
}

/* The shipped pack's directory: the services the seed documents name. */
static void
test_hackney(void)
{
	struct directory *d = NULL;
	char *cause = NULL;
	size_t i, phones = 0;

	CHECK_INT(directory_load(HACKNEY, &d, &cause), 0, "the Hackney directory loads (%s)", cause ? cause : "ok");
	free(cause);
	if (d == NULL)
		return;
	CHECK(by_id(d, "healthwatch-hackney") != NULL && by_id(d, "hackney-service-centre") != NULL &&
	    by_id(d, "asc-request-support") != NULL && by_id(d, "carers-service") != NULL &&
	    by_id(d, "integrated-mental-health-service") != NULL && by_id(d, "dfg-adaptation-service") != NULL &&
	    by_id(d, "technology-enabled-living") != NULL, "it holds the seven services the issue names");
	for (i = 0; i < d->n; i++)
		if (d->services[i].field[DIRECTORY_PHONE][0] != '\0' ||
		    d->services[i].field[DIRECTORY_EMAIL][0] != '\0' ||
		    d->services[i].field[DIRECTORY_OPENING_TIMES][0] != '\0')
			phones++;
	CHECK_INT(phones, 0, "no phone, email or opening times: the seeds give none");
	CHECK_STR(by_id(d, "hackney-service-centre") ? by_id(d, "hackney-service-centre")->field[DIRECTORY_POSTCODE] : NULL,
	    "E8 1DY", "the Hackney Service Centre's postcode, as the council's page gives it");
	CHECK_STR(find(d, "carers", NULL, NULL), "carers-service", "'carers' finds the carers service");
	CHECK_STR(find(d, "MENTAL", NULL, NULL), "integrated-mental-health-service", "'MENTAL' finds the mental health service");
	CHECK_STR(find(d, NULL, "staying at home", NULL),
	    "reablement-service dfg-adaptation-service technology-enabled-living", "the 'staying at home' category");
	CHECK_INT(d->nneighbourhoods, 0, "no neighbourhoods: the seeds name none");
	directory_free(&d);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	test_good();
	test_summary_doc();
	test_refusals();
	test_hackney();
	return test_done();
}
