/*
 * The inside of a survey, shared by survey.c (answers, relevance,
 * calculations, screens, the response) and survey-check.c (choices and
 * validation). Nothing outside content/survey*.c includes this.
 */
#ifndef OUTREACH_SURVEY_INT_H
#define OUTREACH_SURVEY_INT_H

#include "content/expr.h"
#include "content/survey.h"

struct survey_name {
	const char	*name;
	size_t		 q;
};

struct survey {
	const struct xlsform	*f;
	char			*lang;
	char			**answers;	/* per question; NULL unanswered */
	unsigned char		*types;		/* per answer: enum expr_type */
	unsigned char		*rel;		/* per question: relevant now */
	struct survey_screen	*screens;
	size_t			 nscreens;
	size_t			*screen_of;	/* per question */
	struct survey_name	*names;		/* sorted by name */
	size_t			 nnames;
	time_t			 started;
};

/*
 * An environment whose ${name} reads the survey's answers, with "." the
 * answer of question q (SURVEY_NONE: ""), or dot when it is not NULL.
 */
void	survey_env(const struct survey *s, struct expr_env *env, size_t q,
	    const char *dot);
/* The type an answer to q reads as in expressions. */
enum expr_type survey_qtype(const struct survey *s, size_t q);

#endif
