/*
 * What screen_page_class takes: a page id of the pack, or a doc made by the
 * program (help, messages), which the pager then owns.
 */
#ifndef OUTREACH_SCREEN_PAGE_H
#define OUTREACH_SCREEN_PAGE_H

struct doc;

struct page_arg {
	const char	*id;	/* page of the pack, or NULL */
	struct doc	*doc;	/* or a ready doc (ownership passes) */
	int		 block;	/* block to scroll to, or -1 / 0 for the top */
};

#endif
