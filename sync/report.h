/*
 * Reports: what the responses to one form say, question by question, for
 * the strategy team (`outreach hub report FORM`).
 *
 * A closed question (select_one, select_multiple, range, acknowledge, rank)
 * gets counts and percentages per choice, charted; numbers get a summary
 * (count, lowest, median, highest); free text is listed, never charted;
 * calculations and metadata are left out. Percentages are of the people
 * who answered that question (for select_multiple they can add up to more
 * than 100%); rank counts how often each choice came first.
 *
 * Suppression (--suppress N): every count from 1 to N-1 (of responses, of
 * people who answered a question, of each choice) is shown as "fewer than
 * N", without its percentage or bar, and a number question's summary is
 * left out when fewer than N answered it, so a published report cannot
 * single out a handful of people. Zero is shown as zero. Free-text answers
 * are left out too, since a sentence can name its writer, unless the
 * report is made --with-text.
 *
 * Text (terminal) and HTML writers are in report-text.c and report-html.c;
 * both sanitise everything that came from a form or a person.
 */
#ifndef OUTREACH_REPORT_H
#define OUTREACH_REPORT_H

#include <stddef.h>
#include <stdio.h>

struct hub;
struct hub_forms;
struct xlsform;
struct xlsform_question;

enum report_kind {
	REPORT_CHOICE,		/* one answer: select_one, range, acknowledge */
	REPORT_MULTI,		/* several: select_multiple */
	REPORT_RANK,		/* ranked first */
	REPORT_NUMBER,		/* integer, decimal */
	REPORT_TEXT,		/* free text and dates: listed */
};

struct report_bar {
	char	*name;
	char	*label;
	size_t	 count;
};

struct report_question {
	const struct xlsform_question *q;
	enum report_kind	 kind;
	const char		*label;		/* in the report's language */
	const char		*group;		/* enclosing group's label */
	size_t			 answered;
	struct report_bar	*bars;
	size_t			 nbars;
	double			 min, median, max;	/* REPORT_NUMBER */
	char			**texts;	/* REPORT_TEXT, in order */
	size_t			 ntexts;
};

struct report {
	const struct xlsform	*f;
	const char		*title;
	const char		*lang;		/* NULL: the form's default */
	size_t			 total;		/* responses */
	char			 first[24];	/* earliest submitted (RFC 3339) */
	char			 last[24];
	struct report_question	*v;
	size_t			 n;
};

/* Count the stored responses to form (the newest version's questions). */
int	report_build(struct hub *h, const struct hub_forms *forms,
	    const char *form, const char *lang, struct report **rp,
	    char **cause);
void	report_free(struct report **rp);

/* A count as the report shows it, with suppression; into buf. */
const char *report_count_str(size_t n, unsigned suppress, char *buf,
	    size_t cap);
/* 1 when count n is hidden under suppress. */
int	report_hidden(size_t n, unsigned suppress);

/*
 * "12 of 40 answered", with suppression: "fewer than 5 of 40 answered",
 * "fewer than 5 answered" (when the responses are fewer too), "none of 40
 * answered"; into buf.
 */
const char *report_answered_str(size_t answered, size_t total,
	    unsigned suppress, char *buf, size_t cap);

/* 1 when free text is shown: no suppression, or --with-text. */
int	report_shows_text(unsigned suppress, int with_text);

/*
 * The terminal report: width columns, bars in block characters when utf8
 * is set, '#' otherwise.
 */
int	report_text(const struct report *r, FILE *out, unsigned suppress,
	    int with_text, int width, int utf8);

/* A single self-contained HTML page: inline CSS and SVG, nothing else. */
int	report_html(const struct report *r, FILE *out, unsigned suppress,
	    int with_text, char **cause);

#endif
