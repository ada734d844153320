/*
 * The plain front end (`outreach --plain`): the kiosk's flows as numbered
 * lines on stdin and stdout, for screen readers and braille displays. No
 * cursor movement, no colour, no escape byte: every string is sanitised
 * and written as whole lines, and every choice is a number.
 */
#ifndef OUTREACH_PLAIN_H
#define OUTREACH_PLAIN_H

#include <stdio.h>

struct pack;
struct seal;

/*
 * Run the plain front end on in and out until the input ends or "q". lang
 * is the language chosen for the session (--lang); NULL asks first, with
 * the locale's language (or the pack's default) until the person chooses.
 * Answers are sealed through seal (main()'s, started for pack). home is
 * the data folder, bundled the pack shipped with the program (for the
 * facilitator's chores: "F12", tui/plain-chores.c).
 */
int	plain_run(struct pack *pack, const char *home, const char *bundled,
	    const char *lang, struct seal *seal, FILE *in, FILE *out);

#endif
