/*
 * Pack search; see search.h.
 */
#include "content/search.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"

#define SEARCH_SNIPPET	60	/* columns of context at most */
#define SEARCH_BEFORE	20	/* of them before the match, at most */

struct search_block {
	char	*text;		/* as shown */
	char	*folded;	/* utf8_fold_lang, for matching */
};

struct search_page {
	char			*id;
	char			*title;
	int			 fell_back;
	struct search_block	*blocks;
	size_t			 nblocks;
};

struct search_index {
	struct search_page	*pages;
	size_t			 n;
	char			 lang[36];	/* the pages' language */
};

void
search_index_free(struct search_index **ixp)
{
	struct search_index *ix;
	size_t i, j;

	if (ixp == NULL || (ix = *ixp) == NULL)
		return;
	for (i = 0; i < ix->n; i++) {
		for (j = 0; j < ix->pages[i].nblocks; j++) {
			free(ix->pages[i].blocks[j].text);
			free(ix->pages[i].blocks[j].folded);
		}
		free(ix->pages[i].blocks);
		free(ix->pages[i].id);
		free(ix->pages[i].title);
	}
	free(ix->pages);
	free(ix);
	*ixp = NULL;
}

static int
search_add_page(struct search_index *ix, const struct pack *p,
    const char *lang, const char *id, char **cause)
{
	struct search_page *sp;
	struct doc *d = NULL;
	size_t i, c;
	int r, fb = 0;

	for (i = 0; i < ix->n; i++)
		if (strcmp(ix->pages[i].id, id) == 0)
			return ERR_OK;
	if ((r = pack_page_load(p, lang, id, &d, &fb, cause)) != ERR_OK)
		return r;
	if ((sp = realloc(ix->pages, (ix->n + 1) * sizeof *sp)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	ix->pages = sp;
	sp = &ix->pages[ix->n++];
	memset(sp, 0, sizeof *sp);
	sp->fell_back = fb;
	if ((sp->id = strdup(id)) == NULL ||
	    (sp->title = strdup(d->title)) == NULL ||
	    (sp->blocks = calloc(d->nblocks + 1, sizeof *sp->blocks)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < d->nblocks; i++) {
		struct search_block *b = &sp->blocks[i];
		const struct doc_block *db = &d->blocks[i];

		if (db->kind == DOC_TABLE) {
			/* A table's text is its cells, one after another. */
			struct buf t = BUF_INIT;
			size_t k;

			for (c = 0; c < db->rows * db->cols; c++) {
				for (k = 0; k < db->cells[c].nspans; k++)
					buf_addstr(&t, db->cells[c].spans[k].text);
				buf_addch(&t, ' ');
			}
			if ((b->text = buf_detach(&t, NULL)) == NULL) {
				r = ERR_NOMEM;
				goto out;
			}
		} else if ((b->text = doc_block_text(db)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		if ((b->folded = utf8_fold_lang(b->text, strlen(b->text),
		    ix->lang, NULL)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		sp->nblocks++;
	}
	r = ERR_OK;
out:
	doc_free(&d);
	return r;
}

int
search_index_build(const struct pack *p, const char *lang,
    struct search_index **out, char **cause)
{
	struct search_index *ix;
	size_t i;
	int r = ERR_OK;

	*out = NULL;
	if ((ix = calloc(1, sizeof *ix)) == NULL)
		return ERR_NOMEM;
	snprintf(ix->lang, sizeof ix->lang, "%s", lang != NULL ? lang : "");
	if ((r = search_add_page(ix, p, lang, p->home, cause)) != ERR_OK)
		goto out;
	for (i = 0; i < p->npages; i++)
		if ((r = search_add_page(ix, p, lang, p->pages[i], cause)) !=
		    ERR_OK)
			goto out;
	*out = ix;
	ix = NULL;
out:
	search_index_free(&ix);
	return r;
}

void
search_hits_free(struct search_hit **hitsp, size_t n)
{
	size_t i;

	if (hitsp == NULL || *hitsp == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*hitsp)[i].snippet);
	free(*hitsp);
	*hitsp = NULL;
}

/*
 * Text around the match, [ms, me) of text: from a word boundary (after a
 * space) at most SEARCH_BEFORE columns before it to the last word boundary
 * that keeps it within SEARCH_SNIPPET columns, with an ellipsis where it
 * was cut.
 */
static char *
search_snippet_at(const char *text, size_t ms, size_t me)
{
	const char *dots = utf8_locale_ok() ? "\xe2\x80\xa6" : "...";
	size_t len = strlen(text), i, start = ms, end = len, used;
	struct buf b = BUF_INIT;
	char *brk;

	if ((brk = calloc(len + 1, 1)) == NULL ||
	    utf8_breaks(text, len, brk) != ERR_OK) {
		free(brk);
		return NULL;
	}
	/*
	 * A word starts after a space: "co-production" may break a line
	 * after its hyphen, but a snippet cut there cuts the word.
	 */
	for (i = 1; i < len; i++)
		if (brk[i] && !isspace((unsigned char)text[i - 1]))
			brk[i] = 0;
	/* The earliest word start that is close enough before the match. */
	for (i = ms; ; i--) {
		if (utf8_nwidth(text + i, ms - i) > SEARCH_BEFORE)
			break;
		if (i == 0 || brk[i])
			start = i;
		if (i == 0)
			break;
	}
	while (start > 0 && !brk[start])
		start--;
	/* The last word end that fits, never before the match's end. */
	if (utf8_nwidth(text + start, len - start) > SEARCH_SNIPPET) {
		end = 0;
		for (i = me; i < len; i++) {
			if (utf8_nwidth(text + start, i - start) >
			    SEARCH_SNIPPET)
				break;
			if (brk[i])
				end = i;
		}
		if (end == 0)	/* one long word: cut it, whole clusters */
			end = start + utf8_fit(text + start, len - start,
			    SEARCH_SNIPPET, &used);
	}
	while (end > start && text[end - 1] == ' ')
		end--;
	if (start > 0)
		buf_addstr(&b, dots);
	buf_add(&b, text + start, end - start);
	if (end < len)
		buf_addstr(&b, dots);
	free(brk);
	return buf_detach(&b, NULL);
}

/* The snippet of a block around its first match of the folded query q. */
static char *
search_snippet(const struct search_index *ix, const struct search_block *b,
    const char *q)
{
	size_t *map = NULL, ms = 0, me = 0;
	char *f, *out = NULL;
	const char *at;

	if ((f = utf8_fold_lang(b->text, strlen(b->text), ix->lang, &map)) ==
	    NULL)
		return NULL;
	if ((at = strstr(f, q)) != NULL)
		utf8_fold_span(b->text, map, strlen(f), (size_t)(at - f),
		    strlen(q), &ms, &me);
	out = search_snippet_at(b->text, ms, me);
	free(f);
	free(map);
	return out;
}

/* How many times q is in the folded text f, not overlapping. */
static size_t
search_count(const char *f, const char *q)
{
	size_t n = 0, ql = strlen(q);

	while ((f = strstr(f, q)) != NULL) {
		n++;
		f += ql;
	}
	return n;
}

/* The query folded, spaces at its ends trimmed; NULL when empty. */
static char *
search_query(const char *query, const char *lang)
{
	size_t len;

	while (*query == ' ')
		query++;
	len = strlen(query);
	while (len > 0 && query[len - 1] == ' ')
		len--;
	if (len == 0)
		return NULL;
	return utf8_fold_lang(query, len, lang, NULL);
}

int
search_run(const struct search_index *ix, const char *query,
    struct search_hit **hitsp, size_t *np)
{
	struct search_hit *hits = NULL, *h;
	char *q = NULL;
	size_t i, j, n = 0, c;
	int r = ERR_OK;

	*hitsp = NULL;
	*np = 0;
	while (*query == ' ')
		query++;
	if (*query == '\0')
		return ERR_OK;
	if ((q = search_query(query, ix->lang)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < ix->n; i++) {
		const struct search_page *sp = &ix->pages[i];

		h = NULL;
		for (j = 0; j < sp->nblocks; j++) {
			if ((c = search_count(sp->blocks[j].folded, q)) == 0)
				continue;
			if (h == NULL) {
				h = realloc(hits, (n + 1) * sizeof *h);
				if (h == NULL) {
					r = ERR_NOMEM;
					goto out;
				}
				hits = h;
				h = &hits[n++];
				h->page = sp->id;
				h->title = sp->title;
				h->fell_back = sp->fell_back;
				h->block = (int)j;
				h->count = 0;
				if ((h->snippet = search_snippet(ix,
				    &sp->blocks[j], q)) == NULL) {
					r = ERR_NOMEM;
					goto out;
				}
			}
			h->count += c;
		}
	}
	*hitsp = hits;
	*np = n;
	hits = NULL;
	n = 0;
out:
	search_hits_free(&hits, n);
	free(q);
	return r;
}

int
search_mark_layout(struct layout *lay, const char *query, const char *lang)
{
	size_t i, *map = NULL, ql, fl, ms, me;
	char *q, *f;
	const char *at;
	int r = ERR_OK;

	if (lay == NULL || query == NULL ||
	    (q = search_query(query, lang)) == NULL)
		return ERR_OK;
	ql = strlen(q);
	for (i = 0; i < lay->n && r == ERR_OK; i++) {
		struct layout_line *ln = &lay->lines[i];

		if ((f = utf8_fold_lang(ln->text, ln->len, lang, &map)) ==
		    NULL) {
			r = ERR_NOMEM;
			break;
		}
		fl = strlen(f);
		for (at = f; r == ERR_OK && (at = strstr(at, q)) != NULL;
		    at += ql) {
			utf8_fold_span(ln->text, map, fl, (size_t)(at - f), ql,
			    &ms, &me);
			r = layout_line_mark(ln, ms, me - ms, DOC_A_MATCH);
		}
		free(f);
		free(map);
		map = NULL;
	}
	free(q);
	return r;
}
