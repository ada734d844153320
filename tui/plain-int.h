/*
 * The inside of the plain front end, shared by plain.c (pages, search,
 * the main menu) and plain-survey.c (surveys). Output is whole sanitised
 * lines; input is one line per answer.
 */
#ifndef OUTREACH_PLAIN_INT_H
#define OUTREACH_PLAIN_INT_H

#include <stddef.h>
#include <stdio.h>

struct pack;
struct seal;

#define PLAIN_LINE_MAX	4096

struct plain {
	struct pack	*pack;
	const char	*lang;
	struct seal	*seal;		/* main()'s sealing context (tui/seal.h) */
	FILE		*in, *out;
	char		 line[PLAIN_LINE_MAX];
	int		 eof;
};

/* Print text as one sanitised line. */
void	plain_say(struct plain *pl, const char *text);
void	plain_sayf(struct plain *pl, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Read one answer (trimmed, echoed); NULL at the end of input. */
const char *plain_ask(struct plain *pl);
/* s as a number from 1 to max, or -1. */
int	plain_number(const char *s, size_t max);
void	plain_help(struct plain *pl);

/* Surveys (plain-survey.c): the list of the pack's, and the feedback form. */
void	plain_surveys(struct plain *pl);
void	plain_feedback(struct plain *pl);

#endif
