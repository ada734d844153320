/*
 * "Find support" in the plain front end: the service directory as numbered
 * lines. The same conversation as the rest of plain mode: a list, then a
 * line ending in "> ". A number opens a service; c and n choose a category
 * or a neighbourhood from a numbered list; h repeats the instructions; any
 * other text (with or without a leading "/") is the words to search for;
 * an empty line clears the words; b goes back.
 *
 * Every string from the pack is sanitised before it is written, and each
 * detail page is laid out for reading aloud (layout_doc_plain): one line
 * per labelled field.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "content/directory.h"
#include "content/doc.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/screen-directory.h"

#define PLAIN_DIRECTORY_LINE	1024

struct plain_dir {
	FILE		*in, *out;
	char		 line[PLAIN_DIRECTORY_LINE];
	int		 eof;
	struct directory *dir;
	char		 words[256];
	int		 category, area;	/* index, or -1 for all */
};

static void
plain_directory_say(struct plain_dir *pd, const char *text)
{
	char *clean = utf8_sanitize(text, strlen(text), 0);

	if (clean != NULL) {
		fputs(clean, pd->out);
		free(clean);
	}
	fputc('\n', pd->out);
}

static void
plain_directory_sayf(struct plain_dir *pd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
plain_directory_sayf(struct plain_dir *pd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	plain_directory_say(pd, buf);
}

/* One answer, trimmed and echoed; NULL at the end of input. */
static const char *
plain_directory_ask(struct plain_dir *pd)
{
	size_t len;
	char *p;
	int ch;

	fputs("> ", pd->out);
	fflush(pd->out);
	if (pd->eof || fgets(pd->line, sizeof pd->line, pd->in) == NULL) {
		pd->eof = 1;
		fputc('\n', pd->out);
		return NULL;
	}
	len = strlen(pd->line);
	if (len > 0 && pd->line[len - 1] != '\n' && !feof(pd->in))
		while ((ch = fgetc(pd->in)) != EOF && ch != '\n')
			;
	while (len > 0 && (pd->line[len - 1] == '\n' ||
	    pd->line[len - 1] == '\r' || pd->line[len - 1] == ' '))
		pd->line[--len] = '\0';
	for (p = pd->line; *p == ' '; p++)
		;
	plain_directory_say(pd, p);
	return p;
}

static int
plain_directory_number(const char *s, size_t max)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 0 || (size_t)n > max)
		return -1;
	return (int)n;
}

/* Read a service's page aloud, then wait for b. */
static void
plain_directory_show(struct plain_dir *pd, const struct directory_service *s)
{
	struct doc *d = NULL;
	struct layout *lay = NULL;
	const char *a;
	size_t i;

	if (screen_directory_doc(s, &d) != 0 || layout_doc_plain(d, &lay) != 0) {
		plain_directory_say(pd, _("Sorry, this page cannot be shown."));
		goto out;
	}
	for (i = 0; i < lay->n; i++) {
		const struct layout_line *ln = &lay->lines[i];
		size_t r;
		int decor_only = ln->nruns > 0;

		for (r = 0; r < ln->nruns; r++)
			if (!(ln->runs[r].attr & DOC_A_DECOR))
				decor_only = 0;
		/* Underlines and blank lines mean nothing aloud. */
		if (ln->len > 0 && !decor_only)
			plain_directory_say(pd, ln->text);
	}
	plain_directory_say(pd, _("End of the page. Type b to go back."));
	while ((a = plain_directory_ask(pd)) != NULL && strcmp(a, "b") != 0 &&
	    strcmp(a, "q") != 0)
		plain_directory_say(pd, _("Type b to go back."));
out:
	layout_free(&lay);
	doc_free(&d);
}

/* Choose a category (or neighbourhood) from a numbered list. */
static void
plain_directory_choose(struct plain_dir *pd, int area)
{
	char **values = area ? pd->dir->neighbourhoods : pd->dir->categories;
	size_t i, n = area ? pd->dir->nneighbourhoods : pd->dir->ncategories;
	const char *a;
	int k;

	if (n == 0) {
		plain_directory_say(pd, area ?
		    _("The services here have no neighbourhoods.") :
		    _("The services here have no categories."));
		return;
	}
	plain_directory_say(pd, area ? _("Choose a neighbourhood:") :
	    _("Choose a category:"));
	plain_directory_sayf(pd, "0. %s", area ? _("All neighbourhoods") :
	    _("All categories"));
	for (i = 0; i < n; i++)
		plain_directory_sayf(pd, "%zu. %s", i + 1, values[i]);
	for (;;) {
		if ((a = plain_directory_ask(pd)) == NULL || strcmp(a, "b") == 0)
			return;
		if ((k = plain_directory_number(a, n)) >= 0)
			break;
		plain_directory_sayf(pd, _("Please type a number from 0 to %zu, "
		    "or b."), n);
	}
	if (area)
		pd->area = k - 1;
	else
		pd->category = k - 1;
}

/* The matching services, numbered; returns how many. */
static size_t
plain_directory_list(struct plain_dir *pd, size_t **idx)
{
	struct directory_query q;
	size_t i, n = 0;
	char *sum;

	memset(&q, 0, sizeof q);
	q.words = pd->words;
	q.category = pd->category >= 0 ? pd->dir->categories[pd->category] :
	    NULL;
	q.neighbourhood = pd->area >= 0 ?
	    pd->dir->neighbourhoods[pd->area] : NULL;
	*idx = NULL;
	if (directory_find(pd->dir, &q, idx, &n) != 0) {
		plain_directory_say(pd, _("Sorry, the search is not working."));
		return 0;
	}
	if (pd->words[0] != '\0')
		plain_directory_sayf(pd, _("Words: %s."), pd->words);
	if (q.category != NULL)
		plain_directory_sayf(pd, _("Category: %s."), q.category);
	if (q.neighbourhood != NULL)
		plain_directory_sayf(pd, _("Neighbourhood: %s."),
		    q.neighbourhood);
	if (n == 0)
		plain_directory_say(pd, _("No service matches."));
	else
		plain_directory_sayf(pd, ngettext("%zu service:",
		    "%zu services:", n), n);
	for (i = 0; i < n; i++) {
		const struct directory_service *s = &pd->dir->services[(*idx)[i]];

		sum = directory_summary(s, 200);
		if (sum != NULL && *sum != '\0')
			plain_directory_sayf(pd, "%zu. %s: %s", i + 1,
			    s->field[DIRECTORY_NAME], sum);
		else
			plain_directory_sayf(pd, "%zu. %s", i + 1,
			    s->field[DIRECTORY_NAME]);
		free(sum);
	}
	return n;
}

int
plain_directory(struct pack *pack, FILE *in, FILE *out)
{
	struct plain_dir pd;
	char *cause = NULL;
	size_t *idx = NULL, n;
	const char *a;
	int k, told = 0;

	memset(&pd, 0, sizeof pd);
	pd.in = in;
	pd.out = out;
	pd.category = pd.area = -1;
	if (screen_directory_load(pack, &pd.dir, &cause) != 0) {
		plain_directory_say(&pd, _("Sorry, the list of services cannot "
		    "be shown."));
		/* For whoever looks after the pack: the file and the row. */
		fprintf(stderr, "outreach: %s\n", cause != NULL ? cause : "");
		free(cause);
		return 0;
	}
	plain_directory_say(&pd, _("Find support."));
	while (!pd.eof) {
		free(idx);
		n = plain_directory_list(&pd, &idx);
		/* The whole instruction once, then a reminder. */
		plain_directory_say(&pd, told ? _("Type a number, words, c, n, "
		    "or b.") : _("Type a number to read about a service, words "
		    "to search for, c for a category, n for a neighbourhood, an "
		    "empty line to clear the words, or b to go back."));
		told = 1;
		if ((a = plain_directory_ask(&pd)) == NULL ||
		    strcmp(a, "b") == 0 || strcmp(a, "q") == 0)
			break;
		if (strcmp(a, "h") == 0 || strcmp(a, "?") == 0)
			told = 0;
		else if (strcmp(a, "c") == 0 || strcmp(a, "n") == 0)
			plain_directory_choose(&pd, a[0] == 'n');
		else if (a[0] != '\0' && a[strspn(a, "0123456789")] == '\0') {
			if ((k = plain_directory_number(a, n)) > 0)
				plain_directory_show(&pd,
				    &pd.dir->services[idx[k - 1]]);
			else if (n > 0)
				plain_directory_sayf(&pd, _("Please type a "
				    "number from 1 to %zu."), n);
		} else
			/* Anything else is what to look for ("/" as elsewhere). */
			snprintf(pd.words, sizeof pd.words, "%s",
			    a[0] == '/' ? a + 1 : a);
	}
	free(idx);
	directory_free(&pd.dir);
	return pd.eof;
}
