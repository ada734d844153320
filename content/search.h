/*
 * Searching the pages of a pack: case and diacritics ignored in every
 * language (utf8_fold_lang: "bakim" finds "bakım", "BAKIM" too), over
 * every page of [pages] order and the home page, in one language with the
 * usual fallback. The index folds each page once; a query is then a
 * substring search per block, so it can run on every key press.
 */
#ifndef OUTREACH_SEARCH_H
#define OUTREACH_SEARCH_H

#include <stddef.h>

struct layout;
struct pack;

struct search_hit {
	const char	*page;		/* page id (owned by the index) */
	const char	*title;
	int		 fell_back;	/* the page is in the pack's default
					   language, not the one asked for */
	int		 block;		/* first matching block */
	size_t		 count;		/* times the page mentions it */
	char		*snippet;	/* words around the first match, cut
					   at word boundaries ("…" where cut) */
};

struct search_index;

int	search_index_build(const struct pack *p, const char *lang,
	    struct search_index **out, char **cause);
void	search_index_free(struct search_index **ix);

/* Pages matching query, in pack order (Caller frees with search_hits_free). */
int	search_run(const struct search_index *ix, const char *query,
	    struct search_hit **hits, size_t *n);
void	search_hits_free(struct search_hit **hits, size_t n);

/*
 * Mark every place query is in the lines of lay (folded as search_run
 * folds, in language lang) with DOC_A_MATCH, so a page opened from the
 * results shows what was found. 0, or ERR_NOMEM.
 */
int	search_mark_layout(struct layout *lay, const char *query,
	    const char *lang);

#endif
