/*
 * What screen_page_class takes: a page id of the pack, or a doc made by the
 * program (help, messages), which the pager then owns.
 */
#ifndef OUTREACH_SCREEN_PAGE_H
#define OUTREACH_SCREEN_PAGE_H

#include <stddef.h>

struct doc;
struct pack;

struct page_arg {
	const char	*id;	/* page of the pack, or NULL */
	struct doc	*doc;	/* or a ready doc (ownership passes) */
	int		 fell_back;	/* the ready doc is in the pack's
					   default language, not the reader's */
	int		 block;	/* block to scroll to, or -1 / 0 for the top */
	const char	*query;	/* words searched for, marked on the page, or
				   NULL */
};

/*
 * A page's title as lists show it (Read our plans, search results, the
 * plain front end): with the name of the language it is shown in when it
 * is not yet in the language asked for ("How we work (English)"), as the
 * page itself says at its top.
 */
void	screen_page_list_title(const struct pack *p, const char *title,
	    int fell_back, char *out, size_t cap);

#endif
