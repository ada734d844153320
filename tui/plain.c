/*
 * The plain front end; see plain.h.
 *
 * Each screen prints what it shows, then a prompt line ending in "> ".
 * Input is one line per answer: a number, or a letter command that is the
 * same everywhere (b back, h help, l language, / words to search, q quit).
 * End of input ends the session.
 *
 * Without a language chosen for the session (--lang), the first question is
 * the language: every language of the pack by number, each in its own
 * script. Text stays in logical order (a screen reader or braille display
 * orders right-to-left text itself), and a language translated without a
 * qualified translator is said to be so, in it and in English.
 */
#include "tui/plain.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/doc.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/search.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/plain-int.h"
#include "tui/screen-directory.h"
#include "tui/screen-page.h"
#include "tui/screen-search.h"

/* Print text as one sanitised line. */
void
plain_say(struct plain *pl, const char *text)
{
	char *clean = utf8_sanitize(text, strlen(text), 0);

	if (clean != NULL) {
		fputs(clean, pl->out);
		free(clean);
	}
	fputc('\n', pl->out);
}

void
plain_sayf(struct plain *pl, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	plain_say(pl, buf);
}

void
plain_say_layout(struct plain *pl, const struct layout *lay)
{
	size_t i, r;

	for (i = 0; i < lay->n; i++) {
		const struct layout_line *ln = &lay->lines[i];
		int decor_only = ln->nruns > 0;

		for (r = 0; r < ln->nruns; r++)
			if (!(ln->runs[r].attr & DOC_A_DECOR))
				decor_only = 0;
		/* Underlines and blank lines mean nothing aloud. */
		if (ln->len > 0 && !decor_only)
			plain_say(pl, ln->text);
	}
}

/* Read one answer; returns NULL at the end of input. */
const char *
plain_ask(struct plain *pl)
{
	size_t len;
	char *p;

	fputs("> ", pl->out);
	fflush(pl->out);
	if (pl->eof || fgets(pl->line, sizeof pl->line, pl->in) == NULL) {
		pl->eof = 1;
		fputc('\n', pl->out);
		return NULL;
	}
	len = strlen(pl->line);
	/* A PIN is not echoed (the terminal's own echo is off: plain-chores). */
	if (pl->quiet) {
		while (len > 0 && (pl->line[len - 1] == '\n' ||
		    pl->line[len - 1] == '\r'))
			pl->line[--len] = '\0';
		fputc('\n', pl->out);
		return pl->line;
	}
	if (len > 0 && pl->line[len - 1] != '\n' && !feof(pl->in)) {
		/* Too long: drop the rest of the line. */
		int ch;

		while ((ch = fgetc(pl->in)) != EOF && ch != '\n')
			;
	}
	while (len > 0 && (pl->line[len - 1] == '\n' ||
	    pl->line[len - 1] == '\r' || pl->line[len - 1] == ' '))
		pl->line[--len] = '\0';
	for (p = pl->line; *p == ' '; p++)
		;
	/* Echo the answer so a transcript reads as a conversation. */
	plain_say(pl, p);
	return p;
}

/* s as a number from min to max, or -1. */
static int
plain_number_in(const char *s, long min, size_t max)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < min || (size_t)n > max)
		return -1;
	return (int)n;
}

int
plain_number(const char *s, size_t max)
{
	return plain_number_in(s, 1, max);
}

int
plain_number_all(const char *s, size_t max)
{
	return plain_number_in(s, 0, max);
}

static void plain_page(struct plain *pl, const char *id);

/* Switch to a language of the pack (the strings and the pages). */
static void
plain_set_lang(struct plain *pl, const char *code)
{
	const struct pack_lang *l = pack_lang(pl->pack, code);

	if (l == NULL)
		return;
	pl->lang = l->code;
	i18n_set_lang(l->code);
}

/* "Translation to be checked", in the language and in English. */
static void
plain_unreviewed(struct plain *pl)
{
	const struct pack_lang *l = pack_lang(pl->pack, pl->lang);
	const char *en = N_("Translation to be checked"), *local = _(en);

	if (l == NULL || !l->unreviewed)
		return;
	if (strcmp(local, en) == 0)
		plain_sayf(pl, "%s.", en);
	else
		plain_sayf(pl, "%s. (%s.)", local, en);
}

/*
 * The number of the i-th language, as the kiosk's picker numbers them
 * (1 to 9, then 0 for the tenth, as on a telephone), then 11 on.
 */
static size_t
plain_lang_number(size_t i)
{
	return i == 9 ? 0 : i + 1;
}

int
plain_language(struct plain *pl)
{
	const struct pack *p = pl->pack;
	const char *a, *en = N_("Choose your language"), *t;
	size_t i;
	int k;

	for (;;) {
		plain_sayf(pl, "%s:", _(en));
		for (i = 0; i < p->nlangs; i++) {
			t = i18n_choose_in(p->langs[i].code);
			if (t == NULL || strcmp(t, en) == 0 ||
			    strcmp(t, _(en)) == 0)
				plain_sayf(pl, "%zu. %s", plain_lang_number(i),
				    pack_lang_name(p, p->langs[i].code));
			else
				plain_sayf(pl, "%zu. %s: %s",
				    plain_lang_number(i),
				    pack_lang_name(p, p->langs[i].code), t);
		}
		if ((a = plain_ask(pl)) == NULL)
			return -1;
		/* 0 is the tenth, as in the kiosk; 10 is taken too. */
		k = p->nlangs >= 10 && strcmp(a, "0") == 0 ? 10 :
		    plain_number(a, p->nlangs);
		if (k > 0) {
			plain_set_lang(pl, p->langs[k - 1].code);
			plain_sayf(pl, "%s", pack_lang_name(p, pl->lang));
			/* The pack's title again, when it has one in this language. */
			if (strcmp(pack_text_title(p, pl->lang),
			    pack_text_title(p, p->default_lang)) != 0)
				plain_say(pl, pack_text_title(p, pl->lang));
			plain_unreviewed(pl);
			return 0;
		}
		if (strcmp(a, "b") == 0 || strcmp(a, "q") == 0)
			return 0;
		plain_say(pl, _("Please type one of the numbers."));
	}
}

void
plain_help(struct plain *pl)
{
	plain_say(pl, _("Help."));
	plain_say(pl, _("Each screen ends with a line that starts with a "
	    "greater-than sign. Type your answer there and press Enter."));
	plain_say(pl, _("Type a number to choose. Type b to go back, h for "
	    "help, q to finish."));
	plain_say(pl, _("On a page, type f to tell us what you think of it."));
	plain_say(pl, _("Type a slash and some words to search the pages, "
	    "for example: /carers"));
	if (pl->pack->nlangs > 1)
		plain_say(pl, _("Type l to choose another language."));
}

static void
plain_search(struct plain *pl, const char *query)
{
	struct search_index *ix = NULL;
	struct search_hit *hits = NULL;
	size_t n = 0, i;
	const char *a;
	char q[256], title[512], count[64];
	int k;

	snprintf(q, sizeof q, "%s", query);
	if (search_index_build(pl->pack, pl->lang, &ix, NULL) != 0 ||
	    search_run(ix, q, &hits, &n) != 0) {
		plain_say(pl, _("Sorry, search is not working."));
		goto out;
	}
	for (;;) {
		plain_sayf(pl, ngettext("Search for \"%s\": %zu page.",
		    "Search for \"%s\": %zu pages.", n), q, n);
		for (i = 0; i < n; i++) {
			screen_page_list_title(pl->pack, hits[i].title,
			    hits[i].fell_back, title, sizeof title);
			screen_search_count(count, sizeof count,
			    hits[i].count);
			plain_sayf(pl, "%zu. %s (%s): %s", i + 1, title, count,
			    hits[i].snippet);
		}
		plain_say(pl, _("Type a number to read that page, or b to go "
		    "back."));
		for (;;) {
			if ((a = plain_ask(pl)) == NULL || strcmp(a, "b") == 0 ||
			    strcmp(a, "q") == 0)
				goto out;
			if ((k = plain_number(a, n)) > 0)
				break;
			/* A mistake: only the message, not the list again. */
			plain_say(pl, _("Please type one of the numbers, or b."));
		}
		plain_page(pl, hits[k - 1].page);
		if (pl->eof)
			break;
	}
out:
	search_hits_free(&hits, n);
	search_index_free(&ix);
}

/* Global commands; returns 1 when handled, 2 to leave the screen. */
static int
plain_command(struct plain *pl, const char *a)
{
	if (strcmp(a, "h") == 0 || strcmp(a, "?") == 0) {
		plain_help(pl);
		return 1;
	}
	if (a[0] == '/') {
		if (a[1] == '\0')
			plain_say(pl, _("Type words after the slash, for "
			    "example: /carers"));
		else
			plain_search(pl, a + 1);
		return 1;
	}
	if ((strcmp(a, "l") == 0 || strcmp(a, "L") == 0) &&
	    pl->pack->nlangs > 1) {
		plain_language(pl);
		return 1;
	}
	if (strcmp(a, "b") == 0 || strcmp(a, "q") == 0)
		return 2;
	return 0;
}

/*
 * The page's links, each page or website once, in the order they first
 * appear: link[i] is the doc link of the i-th listed. Returns how many.
 */
static size_t
plain_page_links(const struct doc *d, size_t *link)
{
	size_t i, j, n = 0;

	for (i = 0; i < d->nlinks; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(d->links[link[j]].target,
			    d->links[i].target) == 0)
				break;
		if (j == n)
			link[n++] = i;
	}
	return n;
}

/* Say the links of d, numbered as plain_page_links lists them. */
static void
plain_page_say_links(struct plain *pl, const struct doc *d,
    const size_t *link, size_t n)
{
	char title[512];
	size_t i;
	int fb;

	plain_say(pl, _("Links on this page:"));
	for (i = 0; i < n; i++) {
		const struct doc_link *l = &d->links[link[i]];
		struct doc *t = NULL;

		fb = 0;
		if (l->internal && pack_page_load(pl->pack, pl->lang,
		    l->target, &t, &fb, NULL) == 0) {
			screen_page_list_title(pl->pack, t->title, fb, title,
			    sizeof title);
			plain_sayf(pl, "%zu. %s", i + 1, title);
		} else
			plain_sayf(pl, "%zu. %s", i + 1, l->target);
		doc_free(&t);
	}
}

static void
plain_page(struct plain *pl, const char *id)
{
	struct doc *d = NULL;
	struct layout *lay = NULL;
	size_t *link = NULL, nl = 0;
	int fb = 0, k, c;
	const char *a;

	if (pack_page_load(pl->pack, pl->lang, id, &d, &fb, NULL) != 0) {
		plain_say(pl, _("Sorry, this page cannot be shown."));
		return;
	}
	/* One line per paragraph: screen readers wrap for themselves. */
	if (layout_doc_plain(d, &lay) != 0 ||
	    (link = calloc(d->nlinks + 1, sizeof *link)) == NULL)
		goto out;
	nl = plain_page_links(d, link);
	for (;;) {
		if (fb)
			plain_say(pl, _("This page is not yet in your language: "
			    "it is shown in English."));
		plain_say_layout(pl, lay);
		if (nl > 0) {
			plain_page_say_links(pl, d, link, nl);
			plain_say(pl, _("Type a link number to follow it, or b "
			    "to go back."));
		} else
			plain_say(pl, _("End of the page. Type b to go back."));
		if (pl->pack->feedback != NULL)
			plain_say(pl, _("Type f to tell us what you think of "
			    "this page."));
		for (;;) {
			if ((a = plain_ask(pl)) == NULL)
				goto out;
			if ((c = plain_command(pl, a)) == 2)
				goto out;
			if (c == 1)
				continue;
			if ((strcmp(a, "f") == 0 || strcmp(a, "F") == 0) &&
			    pl->pack->feedback != NULL) {
				/* The page is what the feedback is about. */
				plain_feedback_about(pl, id, fb ?
				    pl->pack->default_lang : pl->lang);
				break;
			}
			if ((k = plain_number(a, nl)) > 0) {
				const struct doc_link *l = &d->links[link[k - 1]];

				if (l->internal)
					plain_page(pl, l->target);
				else
					plain_sayf(pl, _("This link is a "
					    "website: %s"), l->target);
				break;
			}
			plain_say(pl, _("Please type one of the numbers, or b."));
		}
		if (pl->eof)
			break;
	}
out:
	free(link);
	layout_free(&lay);
	doc_free(&d);
}

static void
plain_pages(struct plain *pl)
{
	struct doc *d;
	size_t i;
	const char *a;
	char title[512];
	int k, c, fb;

	for (;;) {
		plain_say(pl, _("Read our plans. Choose a page:"));
		for (i = 0; i < pl->pack->npages; i++) {
			d = NULL;
			fb = 0;
			if (pack_page_load(pl->pack, pl->lang, pl->pack->pages[i],
			    &d, &fb, NULL) == 0) {
				/* As the kiosk's list: "(English)" when not
				   yet in the language. */
				screen_page_list_title(pl->pack, d->title, fb,
				    title, sizeof title);
				plain_sayf(pl, "%zu. %s", i + 1, title);
			}
			doc_free(&d);
		}
		plain_say(pl, _("Type a number, or b to go back."));
		for (;;) {
			if ((a = plain_ask(pl)) == NULL)
				return;
			if ((c = plain_command(pl, a)) == 2)
				return;
			if (c == 1)
				continue;
			if ((k = plain_number(a, pl->pack->npages)) > 0) {
				plain_page(pl, pl->pack->pages[k - 1]);
				break;
			}
			plain_say(pl, _("Please type one of the numbers, or b."));
		}
		if (pl->eof)
			return;
	}
}

int
plain_run(struct pack *pack, const char *home, const char *bundled,
    const char *lang, struct seal *seal, FILE *in, FILE *out)
{
	struct plain pl;
	const char *a;
	int k, c, ask = lang == NULL;
	int support = screen_directory_available(pack);
	int contact = pack->contact != NULL;

	memset(&pl, 0, sizeof pl);
	pl.pack = pack;
	pl.seal = seal;
	pl.in = in;
	pl.out = out;
	pl.home = home;
	pl.bundled = bundled;
	if (lang == NULL && (lang = i18n_locale_lang(pack)) == NULL)
		lang = pack->default_lang;
	plain_set_lang(&pl, lang);
	if (pl.lang == NULL)
		plain_set_lang(&pl, pack->default_lang);
	plain_say(&pl, pack_text_title(pack, pl.lang));
	/* As on every screen of the kiosk: the hub's keys are public. */
	if (pack_is_demo(pack))
		plain_say(&pl, _("Demo mode: answers are not private."));
	/* No language chosen for the session: the person chooses first. */
	if (ask && pack->nlangs > 1) {
		if (plain_language(&pl) != 0)
			goto out;
	} else if (!ask)
		plain_unreviewed(&pl);
	plain_help(&pl);
	while (!pl.eof) {
		/* The kiosk's home screen, in the same words: the pack's own
		   first (who wants to hear). */
		if (pack_text_welcome(pack, pl.lang) != NULL)
			plain_say(&pl, pack_text_welcome(pack, pl.lang));
		plain_say(&pl, _("Welcome. What would you like to do?"));
		plain_sayf(&pl, "1. %s", _("Read our plans"));
		plain_sayf(&pl, "2. %s", _("Have your say"));
		plain_sayf(&pl, "3. %s", _("Leave feedback"));
		if (support)
			plain_sayf(&pl, "4. %s", _("Find support"));
		if (contact)
			plain_sayf(&pl, "%d. %s", 4 + support,
			    plain_contact_label(&pl));
		plain_sayf(&pl, "%d. %s", 4 + support + contact,
		    _("Help and accessibility"));
		if ((a = plain_ask(&pl)) == NULL)
			break;
		/* The facilitator's key, as in the kiosk; never offered. */
		if (strcasecmp(a, "F12") == 0) {
			plain_facilitator(&pl);
			continue;
		}
		if ((c = plain_command(&pl, a)) == 2)
			break;
		if (c == 1)
			continue;
		k = plain_number(a, 4 + (size_t)support + (size_t)contact);
		/* With a directory, 4 is Find support and Help moves on. */
		if (support && k == 4) {
			plain_directory(&pl);
			continue;
		}
		/* The contact door, when open, comes just before Help. */
		if (contact && k == 4 + support) {
			plain_contact(&pl);
			continue;
		}
		if (k == 4 + support + contact)
			k = 4;
		switch (k) {
		case 1:
			plain_pages(&pl);
			break;
		case 2:
			plain_surveys(&pl);
			break;
		case 3:
			plain_feedback(&pl);
			break;
		case 4:
			plain_help(&pl);
			break;
		default:
			plain_sayf(&pl, _("Please type a number from 1 to %d."),
			    4 + support + contact);
			break;
		}
	}
out:
	plain_say(&pl, _("Goodbye."));
	fflush(out);
	return 0;
}
