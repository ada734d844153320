/*
 * "Find support": the pack's service directory, shared by the kiosk screen
 * (tui/screen-directory.c) and the plain front end (tui/plain-directory.c,
 * declared in tui/plain-int.h).
 */
#ifndef OUTREACH_SCREEN_DIRECTORY_H
#define OUTREACH_SCREEN_DIRECTORY_H

struct directory;
struct directory_service;
struct doc;
struct pack;

/* 1 when the pack has a directory/services.csv. */
int	screen_directory_available(const struct pack *p);

/*
 * Load the pack's directory. On failure *cause says why, with the file and
 * row when the file is at fault (Caller frees).
 */
int	screen_directory_load(const struct pack *p, struct directory **out,
	    char **cause);

/* The detail page of a service, labelled in the current language. */
int	screen_directory_doc(const struct directory_service *s,
	    struct doc **out);

#endif
