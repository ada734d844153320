/*
 * The kiosk: a stack of screens over the drawing layer.
 *
 * Each screen is a const struct screen_class of callbacks in its own file
 * (tui/screen-*.c). A key handler changes state and returns what needs
 * redoing; the loop then repaints everything from state. Drawing never
 * changes state. The frame around every screen (header, demo banner, help
 * line built from the screen's bindings table) is drawn here.
 *
 * Languages: k->lang is the language in use, for the program's strings
 * (gettext) and the pack's pages and surveys alike. F2 on any screen, and
 * 'l' on a screen that is not taking typed text, opens the language
 * picker over the current screen; choosing pops back to it. Screens keep
 * their state across the change and rebuild their texts when they draw
 * and find k->lang changed. A reset returns to k->default_lang. A
 * language the pack marks unreviewed gets a "translation to be checked"
 * line, in that language and in English, under the header.
 */
#ifndef OUTREACH_KIOSK_H
#define OUTREACH_KIOSK_H

#include <stddef.h>
#include <time.h>

#include "sync/pin.h"
#include "tui/canvas.h"
#include "tui/term.h"

struct pack;
struct kiosk;
struct screen;
struct session;
struct vote_kept;
struct survey;
struct survey_response;

/* What a key handler asks for (bits). */
#define R_NONE		0x00
#define R_REDRAW	0x01
#define R_POP		0x02	/* leave this screen */
#define R_HOME		0x04	/* back to the home screen */
#define R_QUIT		0x08
#define R_UNHANDLED	0x10	/* let the kiosk try its global keys */

/* One row of a screen's key table; also drawn as the help line. */
struct binding {
	const char	*keys;		/* "Enter", "Esc", "/" */
	const char	*label;		/* N_("open") */
};

struct screen_class {
	const char	*name;
	size_t		 size;		/* bytes of per-screen state */
	int		 text_input;	/* printable keys go to the screen */
	int		 behind_pin;	/* a facilitator's screen: F12 does nothing */
	int		 idle_keep;	/* no idle reset while it is on top */
	int		(*enter)(struct kiosk *k, struct screen *s,
			    const void *arg);
	void		(*leave)(struct kiosk *k, struct screen *s);
	int		(*key)(struct kiosk *k, struct screen *s,
			    const struct ev *ev);
	void		(*draw)(struct kiosk *k, struct screen *s,
			    struct canvas *c, int top, int height);
	/* The title in the header; NULL for the pack's title. */
	const char	*(*title)(struct kiosk *k, struct screen *s);
	const struct binding *bindings;	/* ends with { NULL, NULL } */
};

struct screen {
	const struct screen_class *cls;
	void		*data;		/* cls->size bytes, zeroed */
};

#define KIOSK_MAX_DEPTH	32

struct kiosk {
	struct pack	*pack;
	char		 lang[36];	/* the language in use */
	char		 default_lang[36];	/* what a reset returns to */
	int		 ask_lang;	/* the picker first, for each person */
	int		 rtl;		/* the program's strings read right to left */
	int		 appliance;	/* the laptop's kiosk session: never
					   live, nor F12, without a PIN */
	enum theme	 theme;
	enum theme	 default_theme;	/* --theme: what a reset returns to */
	struct canvas	 canvas;
	struct screen	 stack[KIOSK_MAX_DEPTH];
	int		 depth;
	int		 running;
	int		 headless;	/* drawing into the canvas only (tests) */
	char		 message[256];	/* one-line notice, cleared on a key */
	time_t		 last_input;
	const char	*home;		/* the data folder */
	struct pin_guard pin_guard;	/* wrong PIN attempts */
	int		 idle_left;	/* seconds shown in the idle warning, or -1 */
	int		 wipe;		/* clear the terminal before the next draw */
	/*
	 * The co-production session, or NULL (tui/screen-session.h). It
	 * outlives a participant's idle reset; only ending it or quitting
	 * ends it.
	 */
	struct session	*session;
	/*
	 * A group vote that was neither sealed nor thrown away when its
	 * screen closed (an idle reset, most often over the facilitator's
	 * PIN screen): its counts wait here, with the session, until the
	 * facilitator opens Group vote again (tui/screen-vote.c).
	 */
	struct vote_kept *vote_kept;
	/*
	 * Seal a finished response: 0 when it is stored for good, else an
	 * ERR_* value and a cause to show. NULL: the shared hook of
	 * tui/submit.h, if one is installed (tests set their own here).
	 */
	int		(*submit)(struct kiosk *k,
			    const struct survey_response *resp, char **cause);
	void		*submit_ctx;
};

/* The screens (each in tui/screen-<name>.c). */
extern const struct screen_class screen_home_class;
extern const struct screen_class screen_pages_class;
extern const struct screen_class screen_page_class;
extern const struct screen_class screen_search_class;
extern const struct screen_class screen_help_class;
extern const struct screen_class screen_pin_class;
extern const struct screen_class screen_pinset_class;	/* set the PIN */
extern const struct screen_class screen_facilitator_class;
extern const struct screen_class screen_language_class;
extern const struct screen_class screen_directory_class;
extern const struct screen_class screen_surveys_class;	/* Have your say */
extern const struct screen_class screen_consent_class;	/* arg: survey_arg */
extern const struct screen_class screen_survey_class;
extern const struct screen_class screen_review_class;
extern const struct screen_class screen_leave_class;
extern const struct screen_class screen_thanks_class;
extern const struct screen_class screen_resume_class;	/* after a crash */
extern const struct screen_class screen_session_start_class;
extern const struct screen_class screen_session_class;
extern const struct screen_class screen_notes_class;
extern const struct screen_class screen_note_tag_class;
extern const struct screen_class screen_vote_class;
extern const struct screen_class screen_vote_person_class;
extern const struct screen_class screen_results_class;

/*
 * What screen_pin_class takes: NULL opens the facilitator menu once the
 * PIN is right; otherwise the PIN screen and `pops` more screens under it
 * leave (a vote on the laptop ends that way), and then, when there is
 * one, then(k, ctx) runs (a survey carried on after a crash).
 */
struct pin_arg {
	int	pops;
	void	(*then)(struct kiosk *k, void *ctx);
	void	*ctx;
};

/* Offer to carry on with a survey a crash left unfinished (screen-resume.c). */
void	screen_resume_offer(struct kiosk *k);

/*
 * Run the kiosk on a loaded pack until it quits; returns the exit status.
 * lang is the language chosen for the session (--lang), or NULL: then the
 * locale's language when the pack has it, else the pack's default, and
 * every person is offered the language picker first. With KIOSK_APPLIANCE
 * (the laptop's kiosk session), a facilitator PIN is set before anything
 * else when none is.
 */
#define KIOSK_APPLIANCE	0x01
int	kiosk_run(struct pack *pack, const char *home, const char *lang,
	    enum theme theme, int flags);
/* Ask for a new facilitator PIN first when an appliance has none. */
void	kiosk_require_pin(struct kiosk *k);

/*
 * For tests: a kiosk that draws only to a canvas, on the home screen, in
 * lang (NULL: the pack's default) and theme, which are also what a reset
 * returns to: a person's own choice of either lasts until the next person.
 */
int	kiosk_init(struct kiosk *k, struct pack *pack, const char *home,
	    const char *lang, enum theme theme, int w, int h);
/*
 * Offer the language picker first, now and after every reset (when the
 * pack has more than one language).
 */
void	kiosk_ask_lang(struct kiosk *k);
/* Switch to a language of the pack; -1 when the pack does not have it. */
int	kiosk_set_lang(struct kiosk *k, const char *code);
/* The language in use, in its own script. */
const char *kiosk_lang_name(const struct kiosk *k);
/* Draw a short note (e.g. "40%") in the header, beside the language. */
void	kiosk_header_note(struct kiosk *k, const char *note);
/* Back to the start for the next person: home screen, defaults, wiped. */
void	kiosk_reset(struct kiosk *k);
void	kiosk_free(struct kiosk *k);
void	kiosk_event(struct kiosk *k, const struct ev *ev);
void	kiosk_draw(struct kiosk *k);

/* Push a screen; arg is passed to its enter(). Returns 0 or -1. */
int	kiosk_push(struct kiosk *k, const struct screen_class *cls,
	    const void *arg);
void	kiosk_pop(struct kiosk *k);
/* Leave every screen but the first. */
void	kiosk_home(struct kiosk *k);
struct screen *kiosk_top(struct kiosk *k);
/* Set the one-line notice (shown above the help line until a key). */
void	kiosk_notice(struct kiosk *k, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Seal a finished response: the kiosk's submit hook, else the shared one.
 * When it is stored and a session runs, the session counts it, and the
 * closed answers of sv (the survey it came from, or NULL) are counted for
 * the room's results.
 */
int	kiosk_submit(struct kiosk *k, const struct survey_response *resp,
	    const struct survey *sv, char **cause);

/* Content area of the canvas: first row and height. */
void	kiosk_area(const struct kiosk *k, int *top, int *height);

#endif
