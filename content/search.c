/*
 * Pack search; see search.h.
 */
#include "content/search.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/pack.h"
#include "content/utf8.h"

#define SEARCH_SNIPPET	60	/* columns of context */

struct search_block {
	char	*text;		/* as shown */
	char	*folded;	/* case-folded, for matching */
};

struct search_page {
	char			*id;
	char			*title;
	struct search_block	*blocks;
	size_t			 nblocks;
};

struct search_index {
	struct search_page	*pages;
	size_t			 n;
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
	int r;

	for (i = 0; i < ix->n; i++)
		if (strcmp(ix->pages[i].id, id) == 0)
			return ERR_OK;
	if ((r = pack_page_load(p, lang, id, &d, NULL, cause)) != ERR_OK)
		return r;
	if ((sp = realloc(ix->pages, (ix->n + 1) * sizeof *sp)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	ix->pages = sp;
	sp = &ix->pages[ix->n++];
	memset(sp, 0, sizeof *sp);
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
		if ((b->folded = utf8_fold(b->text)) == NULL) {
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
 * Text around the match: start a little before it, at a word boundary.
 * The folded text and the text may differ in length (ß -> ss), so the
 * position is taken proportionally; close is enough for a snippet.
 */
static char *
search_snippet(const struct search_block *b, const char *at)
{
	size_t tl = strlen(b->text), fl = strlen(b->folded);
	size_t pos = fl > 0 ? (size_t)(at - b->folded) * tl / fl : 0, start;
	size_t used;

	start = pos > 20 ? pos - 20 : 0;
	while (start > 0 && b->text[start - 1] != ' ')
		start--;
	return strndup(b->text + start, utf8_fit(b->text + start,
	    tl - start, SEARCH_SNIPPET, &used));
}

int
search_run(const struct search_index *ix, const char *query,
    struct search_hit **hitsp, size_t *np)
{
	struct search_hit *hits = NULL, *h;
	char *q = NULL;
	const char *at;
	size_t i, j, n = 0;
	int r = ERR_OK;

	*hitsp = NULL;
	*np = 0;
	while (*query == ' ')
		query++;
	if (*query == '\0')
		return ERR_OK;
	if ((q = utf8_fold(query)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < ix->n; i++) {
		const struct search_page *sp = &ix->pages[i];

		h = NULL;
		for (j = 0; j < sp->nblocks; j++) {
			if ((at = strstr(sp->blocks[j].folded, q)) == NULL)
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
				h->block = (int)j;
				h->count = 0;
				if ((h->snippet = search_snippet(&sp->blocks[j],
				    at)) == NULL) {
					r = ERR_NOMEM;
					goto out;
				}
			}
			h->count++;
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
