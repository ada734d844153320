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
#include <stdlib.h>
#include <string.h>

#include "content/directory.h"
#include "content/doc.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/plain-int.h"
#include "tui/screen-directory.h"

struct plain_dir {
	struct plain	*pl;
	struct directory *dir;
	char		 words[256];
	int		 category, area;	/* index, or -1 for all */
};

/* Read a service's page aloud, then wait for b. */
static void
plain_directory_show(struct plain_dir *pd, const struct directory_service *s)
{
	struct doc *d = NULL;
	struct layout *lay = NULL;
	const char *a;

	if (screen_directory_doc(s, &d) != 0 || layout_doc_plain(d, &lay) != 0) {
		plain_say(pd->pl, _("Sorry, this page cannot be shown."));
		goto out;
	}
	plain_say_layout(pd->pl, lay);
	plain_say(pd->pl, _("End of the page. Type b to go back."));
	while ((a = plain_ask(pd->pl)) != NULL && strcmp(a, "b") != 0 &&
	    strcmp(a, "q") != 0)
		plain_say(pd->pl, _("Type b to go back."));
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
		plain_say(pd->pl, area ?
		    _("The services here have no neighbourhoods.") :
		    _("The services here have no categories."));
		return;
	}
	plain_say(pd->pl, area ? _("Choose a neighbourhood:") :
	    _("Choose a category:"));
	plain_sayf(pd->pl, "0. %s", area ? _("All neighbourhoods") :
	    _("All categories"));
	for (i = 0; i < n; i++)
		plain_sayf(pd->pl, "%zu. %s", i + 1, values[i]);
	for (;;) {
		if ((a = plain_ask(pd->pl)) == NULL || strcmp(a, "b") == 0)
			return;
		if ((k = plain_number_all(a, n)) >= 0)
			break;
		plain_sayf(pd->pl, _("Please type a number from 0 to %zu, "
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
		plain_say(pd->pl, _("Sorry, the search is not working."));
		return 0;
	}
	if (pd->words[0] != '\0')
		plain_sayf(pd->pl, _("Words: %s."), pd->words);
	if (q.category != NULL)
		plain_sayf(pd->pl, _("Category: %s."), q.category);
	if (q.neighbourhood != NULL)
		plain_sayf(pd->pl, _("Neighbourhood: %s."),
		    q.neighbourhood);
	if (n == 0)
		plain_say(pd->pl, _("No service matches."));
	else
		plain_sayf(pd->pl, ngettext("%zu service:",
		    "%zu services:", n), n);
	for (i = 0; i < n; i++) {
		const struct directory_service *s = &pd->dir->services[(*idx)[i]];

		sum = directory_summary(s, 200);
		if (sum != NULL && *sum != '\0')
			plain_sayf(pd->pl, "%zu. %s: %s", i + 1,
			    s->field[DIRECTORY_NAME], sum);
		else
			plain_sayf(pd->pl, "%zu. %s", i + 1,
			    s->field[DIRECTORY_NAME]);
		free(sum);
	}
	return n;
}

void
plain_directory(struct plain *pl)
{
	struct plain_dir pd;
	char *cause = NULL;
	size_t *idx = NULL, n;
	const char *a;
	int k, told = 0;

	memset(&pd, 0, sizeof pd);
	pd.pl = pl;
	pd.category = pd.area = -1;
	if (screen_directory_load(pl->pack, &pd.dir, &cause) != 0) {
		plain_say(pl, _("Sorry, the list of services cannot be "
		    "shown."));
		/* For whoever looks after the pack: the file and the row. */
		fprintf(stderr, "outreach: %s\n", cause != NULL ? cause : "");
		free(cause);
		return;
	}
	plain_say(pl, _("Find support."));
	while (!pl->eof) {
		free(idx);
		n = plain_directory_list(&pd, &idx);
		/* The whole instruction once, then a reminder. */
		plain_say(pl, told ? _("Type a number, words, c, n, or b.") :
		    _("Type a number to read about a service, words to search "
		    "for, c for a category, n for a neighbourhood, an empty "
		    "line to clear the words, or b to go back."));
		told = 1;
		if ((a = plain_ask(pl)) == NULL ||
		    strcmp(a, "b") == 0 || strcmp(a, "q") == 0)
			break;
		if (strcmp(a, "h") == 0 || strcmp(a, "?") == 0)
			told = 0;
		else if (strcmp(a, "c") == 0 || strcmp(a, "n") == 0)
			plain_directory_choose(&pd, a[0] == 'n');
		else if (a[0] != '\0' && a[strspn(a, "0123456789")] == '\0') {
			if ((k = plain_number(a, n)) > 0)
				plain_directory_show(&pd,
				    &pd.dir->services[idx[k - 1]]);
			else if (n > 0)
				plain_sayf(pl, _("Please type a number from 1 "
				    "to %zu."), n);
		} else
			/* Anything else is what to look for ("/" as elsewhere). */
			snprintf(pd.words, sizeof pd.words, "%s",
			    a[0] == '/' ? a + 1 : a);
	}
	free(idx);
	directory_free(&pd.dir);
}
