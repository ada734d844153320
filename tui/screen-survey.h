/*
 * The survey runner's screens, shared between their files:
 *
 *	screen-surveys.c	"Have your say" (the list) and the consent screen
 *	screen-survey.c		the runner: one screen of questions, Back, Next
 *	screen-survey-draw.c	laying a screen of questions out, scrolled
 *	widget-choice.c		radio list, checklist, ranking
 *	widget-scale.c		horizontal scales: range and likert
 *	widget-entry.c		text, number and date fields, notes, acknowledge
 *	widget-repeat.c		a repeat's prompt: add another, go on, take away
 *	screen-review.c		the review, submitting, leaving, thank you
 *
 * The runner owns the form and the survey; the review and the leave
 * dialog are pushed above it and reach it through their argument.
 *
 * Focus: a screen's questions each have "stops" (a vertical list has one per
 * choice; a scale, a field or a checkbox has one), then come the buttons.
 * Key handlers change the survey and the focus; drawing lays the screen out
 * from them and records where each thing went, for the mouse.
 */
#ifndef OUTREACH_SCREEN_SURVEY_H
#define OUTREACH_SCREEN_SURVEY_H

#include <stddef.h>
#include <time.h>

#include "content/survey.h"
#include "sync/draft.h"
#include "tui/canvas.h"
#include "tui/kiosk.h"
#include "tui/term.h"
#include "tui/textfield.h"

/* What screen_consent_class takes. */
struct survey_arg {
	const char	*id;		/* a survey id of the pack */
	int		 feedback;	/* the "Leave feedback" survey */
	int		 contact;	/* the [contact] form: "contact" */
	/*
	 * What the person was reading, for feedback (survey_preset_topic):
	 * the page id, the heading read under (or NULL), and the language
	 * the page is in. All NULL from the home screen.
	 */
	const char	*topic_page, *topic_heading, *topic_lang;
};

/* What screen_survey_class takes (the form passes to it, even on failure). */
struct runner_arg {
	struct xlsform	*form;
	const char	*survey;	/* its survey id in the pack (the pack's) */
	int		 feedback;
	int		 contact;	/* a request to be contacted */
	const struct draft *resume;	/* a draft to carry on from, or NULL */
	/* As in survey_arg: the answer given for what was being read. */
	const char	*topic_page, *topic_heading, *topic_lang;
};

/*
 * The pack's feedback form about what is being read (f on a page, or
 * "Tell us what you think of this page"): its consent, then the form with
 * the page or commitment already chosen. R_* flags.
 */
int	screen_surveys_feedback(struct kiosk *k, const char *page,
	    const char *heading, const char *lang);

/*
 * "Ask us to contact you" (when the pack has a [contact] form): its
 * privacy notice, then the form. R_* flags.
 */
int	screen_surveys_contact(struct kiosk *k);
/* The door's label in the kiosk's language: the pack's, else ours. */
const char *screen_surveys_contact_label(struct kiosk *k);

/* The buttons under the questions, as items of SV_BUTTONS. */
#define SV_BUTTONS	SURVEY_NONE
enum { SV_B_BACK, SV_B_NEXT, SV_B_LEAVE, SV_NBUTTONS };
#define SV_NOHIT	(-100)

struct screen_survey_field {
	size_t			q;
	struct textfield	tf;
};

/* Where something clickable was drawn. */
struct screen_survey_hit {
	int	y, x, w;
	size_t	q;		/* question, or SV_BUTTONS */
	int	item;
};

struct screen_survey {
	struct xlsform		*form;
	const char		*survey;	/* its id in the pack */
	struct survey		*sv;
	int			 feedback;
	int			 contact;	/* sealed as "contact", never
						   journaled as a draft */
	size_t			 screen;	/* the screen shown */
	int			 to_review;	/* Next returns to the review */
	size_t			 review_q;	/* the review opens on it, or NONE */
	size_t			 fq;		/* focused question or SV_BUTTONS */
	int			 fi;		/* its item (choice, point...) */
	int			 held;		/* rank: the item is picked up */
	int			 follow;	/* scroll to the focus when drawn */
	/* The text-like questions on the screen. */
	struct screen_survey_field *fields;
	size_t			 nfields;
	int			 has_problem;
	struct survey_problem	 problem;
	int			 scroll;	/* first body line shown */
	int			 body_h;	/* body rows last drawn */
	int			 body_lines;	/* body lines last laid out */
	int			 body_w;	/* body columns last drawn */
	struct screen_survey_hit *hits;
	size_t			 nhits, hcap;
	time_t			 started;	/* when the person began */
	int			 draft_dirty;	/* answers changed since journaled */
};

/* Laying out the body: measured first (c NULL), then drawn. */
struct screen_survey_body {
	struct canvas		*c;
	struct screen_survey	*v;
	int			 top, height;	/* canvas rows of the body */
	int			 scroll;
	int			 x, w;		/* columns of the body */
	int			 line;		/* next body line */
	int			 focus_first, focus_last;
	int			 problem_line;
	int			 told_scale;	/* the scale's help is shown */
};

/* What a widget did with a key or a click. */
enum {
	SVW_NONE,	/* not for this widget */
	SVW_DONE,	/* handled: redraw */
	SVW_ADVANCE,	/* handled: move on to the next question */
	SVW_NEXT,	/* handled: go on to the next screen, as Next does */
};

/* A widget: one per kind of question (widget-*.c). */
struct screen_survey_widget {
	/* How many focus stops the question has now (0: none). */
	int	(*stops)(struct screen_survey *v, size_t q);
	/* The stop to focus when arriving from above (dir 1) or below. */
	int	(*arrive)(struct screen_survey *v, size_t q, int dir);
	void	(*draw)(struct screen_survey *v, size_t q,
		    struct screen_survey_body *d);
	int	(*key)(struct screen_survey *v, size_t q, const struct ev *ev);
	int	(*click)(struct screen_survey *v, size_t q, int item);
	/* 1 when the widget takes printable keys while it has the focus. */
	int	 text;
};

/* Radio list and checklist, ranking (widget-choice.c). */
extern const struct screen_survey_widget widget_choice;
extern const struct screen_survey_widget widget_choice_rank;
/* Range and likert (widget-scale.c). */
extern const struct screen_survey_widget widget_scale;
/* Text, number and date; acknowledge; notes, read-only (widget-entry.c). */
extern const struct screen_survey_widget widget_entry;
extern const struct screen_survey_widget widget_entry_ack;
extern const struct screen_survey_widget widget_entry_note;
/* A repeat's prompt: add another, go on, take away (widget-repeat.c). */
extern const struct screen_survey_widget widget_repeat;

/* The widget for question q. */
const struct screen_survey_widget *screen_survey_widget_of(
	    struct screen_survey *v, size_t q);
/* The text field of q on this screen, or NULL. */
struct textfield *screen_survey_field_of(struct screen_survey *v, size_t q);
/* Set q's answer and forget a problem shown at it. */
void	screen_survey_answer(struct screen_survey *v, size_t q,
	    const char *value);
/* Glyphs with ASCII fallbacks. */
const char *screen_survey_draw_glyph_focus(void);	/* "▶ " or "> " */

/* The body drawing helpers (screen-survey-draw.c). */
int	screen_survey_draw_row(const struct screen_survey_body *d, int line);
int	screen_survey_draw_put(struct screen_survey_body *d, int line, int col,
	    int maxw, const char *text, enum style st);
void	screen_survey_draw_fill(struct screen_survey_body *d, int line, int col,
	    int w, enum style st);
void	screen_survey_draw_hit(struct screen_survey_body *d, int line, int col,
	    int w, size_t q, int item);
/* Wrap text into lines from `line` at col, width w; returns lines used. */
int	screen_survey_draw_wrap(struct screen_survey_body *d, int line, int col,
	    int w, const char *text, enum style st, int maxlines);
/* Lines text would wrap to in width w. */
int	screen_survey_draw_wrap_count(const char *text, int w, int maxlines);
void	screen_survey_draw_focus_lines(struct screen_survey_body *d, int first,
	    int last);
/*
 * One item of a vertical list at d->line: the focus marker (or the "held"
 * marker), the mark ("(*)", "[x]", "3."), the label wrapped with a hanging
 * indent, clickable as item i of q. Advances d->line.
 */
void	screen_survey_draw_item(struct screen_survey_body *d, size_t q, int i,
	    const char *mark, const char *label, int held);
/* Lay out and draw the whole runner screen. */
void	screen_survey_draw_screen(struct kiosk *k, struct screen_survey *v,
	    struct canvas *c, int top, int height);
/* The label of the Next button: "Next" or "Review answers". */
const char *screen_survey_draw_next_label(struct screen_survey *v);

/* The runner's actions (screen-survey.c), for the review. */
void	screen_survey_goto(struct screen_survey *v, size_t screen,
	    size_t focus_q);

/* The review's submit (screen-review.c): 0 when the response is sealed. */
int	screen_review_seal(struct kiosk *k, struct screen_survey *v,
	    char **cause);

/*
 * Drafts (screen-survey-draft.c): journal the runner's answers when they
 * changed; restore them from a draft. The runner's class hooks: after
 * each batch of input, journal it if it changed; on a reset, make sure no
 * draft is left.
 */
int	screen_survey_draft_journal(struct kiosk *k, struct screen_survey *v);
void	screen_survey_draft_restore(struct kiosk *k, struct screen_survey *v,
	    const struct draft *d);
void	screen_survey_draft_flush(struct kiosk *k, struct screen *s);
void	screen_survey_draft_news(struct kiosk *k, enum kiosk_news what,
	    const void *arg);

#endif
