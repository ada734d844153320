/*
 * Searching the pages (tui/screen-search.c), shared with the plain front
 * end, so both say the same words.
 */
#ifndef OUTREACH_SCREEN_SEARCH_H
#define OUTREACH_SCREEN_SEARCH_H

#include <stddef.h>

/* "mentioned 4 times": how many times a page mentions the words. */
void	screen_search_count(char *out, size_t cap, size_t n);

#endif
