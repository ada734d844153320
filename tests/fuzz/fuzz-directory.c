/*
 * Fuzz the service directory (content/directory.h): services.csv through
 * directory_parse(), then searching, filtering, summaries and the detail
 * page a signposting worker reads, in a UTF-8 locale.
 *
 * Checked for every directory that loads: each field is there and
 * sanitised (line breaks only in the columns that may hold them), ids are
 * unique and names non-empty, categories hold no repeats, every search
 * answers indexes in file order, a summary fits its width, and a detail
 * page lays out within the width. A refused file names itself and a row.
 *
 * FUZZ_OPTIONS: -max_len=8192 -dict=tests/fuzz/directory.dict
 */
#include <locale.h>

#include "content/doc.h"
#include "content/directory.h"
#include "content/err.h"
#include "content/layout.h"
#include "content/utf8.h"
#include "tests/fuzz/fuzz.h"

static const char *const fuzz_dir_labels[DIRECTORY_NFIELDS] = {
	"Id", "Name", "About", "Categories", "Area", "Address", "Postcode",
	"Phone", "Email", "Website", "Opening times", "Languages",
	"Access \x1b[31m",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static void
fuzz_dir_find(const struct directory *d, const char *words,
    const char *category, const char *neighbourhood)
{
	struct directory_query q = { words, category, neighbourhood };
	size_t *idx = NULL, n = 0, i;

	FUZZ_CHECK(directory_find(d, &q, &idx, &n) == ERR_OK, "find");
	FUZZ_CHECK(n <= d->n && (n == 0) == (idx == NULL), "%zu results", n);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(idx[i] < d->n && (i == 0 || idx[i] > idx[i - 1]),
		    "results in file order");
	free(idx);
}

static void
fuzz_dir_service(const struct directory *d, size_t k)
{
	const struct directory_service *s = &d->services[k];
	struct layout *l = NULL;
	struct doc *doc = NULL;
	size_t f, i, j, len;
	char *sum;
	int multi;

	for (f = 0; f < DIRECTORY_NFIELDS; f++) {
		FUZZ_CHECK(s->field[f] != NULL, "service %zu field %zu", k, f);
		len = strlen(s->field[f]);
		multi = f == DIRECTORY_DESCRIPTION || f == DIRECTORY_ADDRESS ||
		    f == DIRECTORY_OPENING_TIMES ||
		    f == DIRECTORY_ACCESSIBILITY;
		FUZZ_CHECK(utf8_valid(s->field[f], len) &&
		    !fuzz_has_control(s->field[f], len, multi),
		    "service %zu %s is sanitised", k, directory_field_name(f));
	}
	FUZZ_CHECK(s->field[DIRECTORY_ID][0] != '\0' &&
	    s->field[DIRECTORY_NAME][0] != '\0', "an id and a name");
	for (j = 0; j < k; j++)
		FUZZ_CHECK(strcmp(d->services[j].field[DIRECTORY_ID],
		    s->field[DIRECTORY_ID]) != 0, "ids are unique");
	FUZZ_CHECK(s->ncategories <= DIRECTORY_MAX_CATEGORIES, "categories");
	for (i = 0; i < s->ncategories; i++)
		for (j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(s->categories[i],
			    s->categories[j]) != 0, "no repeated category");
	/* Summaries in a UTF-8 terminal, then on the ASCII console. */
	for (i = 1; i < 80; i += 13) {
		utf8_set_locale_ok(i % 2);
		FUZZ_CHECK((sum = directory_summary(s, i)) != NULL, "summary");
		FUZZ_CHECK(utf8_width(sum) <= i, "a summary of %zu columns in "
		    "%zu: '%s'", utf8_width(sum), i, sum);
		free(sum);
	}
	utf8_set_locale_ok(1);
	FUZZ_CHECK(directory_service_doc(s, fuzz_dir_labels, "none", &doc) == ERR_OK,
	    "detail page");
	if (layout_doc(doc, 30, 0, &l) == ERR_OK) {
		for (i = 0; i < l->n; i++)
			FUZZ_CHECK(fuzz_line_fits(l->lines[i].text,
			    l->lines[i].len, 30) &&
			    !fuzz_has_control(l->lines[i].text,
			    l->lines[i].len, 0),
			    "detail line %zu fits and is clean", i);
		layout_free(&l);
	}
	doc_free(&doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct directory *d = NULL;
	const char *name;
	char *cause = NULL, *first;
	size_t i;
	int r;

	r = directory_parse("services.csv", (const char *)data, size, &d,
	    &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(d == NULL && cause != NULL &&
		    strncmp(cause, "services.csv", 12) == 0,
		    "error %d names the file: %s", r, cause ? cause : "(null)");
		free(cause);
		return 0;
	}
	FUZZ_CHECK(d != NULL && cause == NULL, "a directory, no cause");
	for (i = 0; i < d->n && i < 64; i++)
		fuzz_dir_service(d, i);
	fuzz_dir_find(d, NULL, NULL, NULL);
	if (d->n > 0) {
		name = d->services[0].field[DIRECTORY_NAME];
		first = fuzz_strndup((const uint8_t *)name, strlen(name));
		fuzz_dir_find(d, first, NULL, NULL);
		fuzz_dir_find(d, "  \xc3\x9f Stra\xc3\x9f" "e  ", NULL, NULL);
		free(first);
	}
	for (i = 0; i < d->ncategories; i++)
		fuzz_dir_find(d, "a", d->categories[i],
		    d->nneighbourhoods > 0 ? d->neighbourhoods[0] : NULL);
	for (i = 0; i < d->nneighbourhoods; i++)
		fuzz_dir_find(d, NULL, NULL, d->neighbourhoods[i]);
	directory_free(&d);
	FUZZ_CHECK(d == NULL, "free clears the pointer");
	return 0;
}
