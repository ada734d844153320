/*
 * The inside of the plain front end, shared by plain.c (pages, search,
 * the main menu), plain-survey.c (surveys) and plain-directory.c (Find
 * support). Output is whole sanitised lines; input is one line per answer.
 */
#ifndef OUTREACH_PLAIN_INT_H
#define OUTREACH_PLAIN_INT_H

#include <stddef.h>
#include <stdio.h>

#include "sync/pin.h"

struct layout;
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
	int		 quiet;		/* a PIN is typed: no echo */
	const char	*home;		/* the data folder */
	const char	*bundled;	/* the pack shipped with the program */
	struct pin_guard pin_guard;	/* wrong PIN attempts */
};

/* Print text as one sanitised line. */
void	plain_say(struct plain *pl, const char *text);
void	plain_sayf(struct plain *pl, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Say each line of lay that means something aloud (not blank, not a rule). */
void	plain_say_layout(struct plain *pl, const struct layout *lay);
/* Read one answer (trimmed, echoed); NULL at the end of input. */
const char *plain_ask(struct plain *pl);
/* s as a number from 1 to max, or -1. */
int	plain_number(const char *s, size_t max);
/* s as a number from 0 (all, in a list that offers it) to max, or -1. */
int	plain_number_all(const char *s, size_t max);
void	plain_help(struct plain *pl);

/*
 * Ask for the language (l, or first of all): each by number as the
 * kiosk's picker numbers them, in its own script. Returns 0, or -1 at the
 * end of input.
 */
int	plain_language(struct plain *pl);

/* Surveys (plain-survey.c): the list of the pack's, and the feedback form. */
void	plain_surveys(struct plain *pl);
void	plain_feedback(struct plain *pl);
/* What plain_survey_run asks: a survey, the feedback form, a contact. */
enum { PS_SURVEY, PS_FEEDBACK, PS_CONTACT };
/*
 * Run survey id of the pack as kind PS_*: its consent (a contact's privacy
 * notice), its questions, the review; feedback about topic_page when set.
 */
void	plain_survey_run(struct plain *pl, const char *id, int kind,
	    const char *topic_page, const char *topic_lang);
/*
 * "Ask us to contact you" ([contact] of the pack; plain-contact.c), its
 * label, and the offer after a survey's answers are sealed.
 */
void	plain_contact(struct plain *pl);
const char *plain_contact_label(struct plain *pl);
void	plain_contact_offer(struct plain *pl);
/*
 * The feedback form about page id (f on a page), read in lang: the
 * answer that names it is given already (survey_preset_topic).
 */
void	plain_feedback_about(struct plain *pl, const char *id,
	    const char *lang);

/*
 * "Find support" (plain-directory.c): the pack's service directory, until
 * the person goes back or the input ends (pl->eof).
 */
void	plain_directory(struct plain *pl);

/*
 * The facilitator (plain-chores.c): "F12" typed on the main menu. With a
 * PIN, the PIN and then the facilitator's chores; without one, first-run
 * setup (the PIN twice, the clock, the council's pack).
 */
void	plain_facilitator(struct plain *pl);

#endif
