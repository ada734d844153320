/*
 * Searching the pages of a pack: case-insensitive (Unicode case folding),
 * over every page of [pages] order and the home page, in one language with
 * the usual fallback. The index folds each page once; a query is then a
 * substring search per block, so it can run on every key press.
 */
#ifndef OUTREACH_SEARCH_H
#define OUTREACH_SEARCH_H

#include <stddef.h>

struct pack;

struct search_hit {
	const char	*page;		/* page id (owned by the index) */
	const char	*title;
	int		 block;		/* first matching block */
	size_t		 count;		/* matching blocks on the page */
	char		*snippet;	/* text around the first match */
};

struct search_index;

int	search_index_build(const struct pack *p, const char *lang,
	    struct search_index **out, char **cause);
void	search_index_free(struct search_index **ix);

/* Pages matching query, in pack order (Caller frees with search_hits_free). */
int	search_run(const struct search_index *ix, const char *query,
	    struct search_hit **hits, size_t *n);
void	search_hits_free(struct search_hit **hits, size_t n);

#endif
