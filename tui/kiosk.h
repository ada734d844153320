/*
 * The kiosk: a stack of screens over the drawing layer.
 *
 * Each screen is a const struct screen_class of callbacks in its own file
 * (tui/screen-*.c), and one line in the list of tui/kiosk-screens.c, whose
 * first is where the kiosk starts and returns to. The kiosk names no
 * other: what it does for a screen (a key that opens it from anywhere, a
 * journal after each batch of input, a reset, a seal, the end) reaches the
 * screen through the hooks of its class, described below.
 *
 * A key handler, or an action of the screen's key table, changes state
 * and returns what needs redoing; the loop then repaints everything from
 * state. Drawing reads state and changes only what follows from the frame
 * itself: where things were drawn, for the mouse (the key line's keys
 * here; a survey's click targets, the home screen's languages), what
 * fitted (a survey's scroll, so that the focus stays in view), and texts
 * made again when k->lang changed since the last frame. The frame
 * around every screen (header, demo banner, the key line built from the
 * screen's key table) is drawn here.
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
struct seal;
struct session;
struct vote_kept;
struct survey;
struct survey_response;
struct kiosk_speech;

/*
 * What the kiosk tells every class in the list that has a news hook,
 * whether or not one of its screens is on the stack.
 */
enum kiosk_news {
	KIOSK_STARTED,	/* kiosk_run: before the first frame */
	KIOSK_SEALED,	/* arg: struct kiosk_sealed, a response is stored */
	KIOSK_RESET,	/* the next person: every screen but the first left */
	KIOSK_QUIT,	/* kiosk_run ends (a crash never gets here) */
	KIOSK_FREED,	/* kiosk_free: every screen has left */
	KIOSK_DRAWN,	/* kiosk_run: a frame is drawn (k->canvas holds it) */
};

/* KIOSK_SEALED's arg. */
struct kiosk_sealed {
	const struct survey_response	*resp;
	const struct survey		*sv;	/* its survey, or NULL */
};

/* What a key handler asks for (bits). */
#define R_NONE		0x00
#define R_REDRAW	0x01
#define R_POP		0x02	/* leave this screen */
#define R_HOME		0x04	/* back to the home screen */
#define R_QUIT		0x08
#define R_UNHANDLED	0x10	/* let the kiosk try its global keys */

/*
 * One row of a screen's key table (nnn's bindings[]): what the help line
 * shows, the keys it stands for, and what they do. The help line draws
 * the rows that have keys and a label (and that the screen's shown hook
 * lets through); a click on one is a press of its key: every key the line
 * shows does what pressing it does. A key with an action is the row's
 * before the screen's key handler sees it; a row without one only shows a
 * key that the screen's handler, a widget or the kiosk takes (Esc, ?, /).
 * A global_first row with keys and a label (F3, speech) is shown first on
 * every screen's key line.
 * A row without an action that has two keys shows a pair ("\xe2\x86\x91\xe2\x86\x93" with
 * K_UP and K_DOWN: BINDING_ARROWS): a click on its first half presses
 * key, on the rest of it key2. A table ends with BINDING_END.
 */
struct binding {
	const char	*keys;		/* as shown: "Enter", "Esc", "/" */
	const char	*label;		/* N_("open"); NULL: not shown */
	int		 key;		/* the key, or 0 ("1-5", arrows) */
	int		 key2;		/* another key for the action, or 0 */
	int		(*action)(struct kiosk *k, struct screen *s,
			    const struct ev *ev);	/* R_* */
};
#define BINDING_END	{ NULL, NULL, 0, 0, NULL }
/* "\xe2\x86\x91\xe2\x86\x93 move", "\xe2\x86\x90\xe2\x86\x92 tag": a pair of arrows, each clickable. */
#define BINDING_ARROWS(label) \
	{ "\xe2\x86\x91\xe2\x86\x93", label, K_UP, K_DOWN, NULL }
#define BINDING_ARROWS_LR(label) \
	{ "\xe2\x86\x90\xe2\x86\x92", label, K_LEFT, K_RIGHT, NULL }

/* An action for key tables: leave the screen (R_POP). */
int	kiosk_back(struct kiosk *k, struct screen *s, const struct ev *ev);

/*
 * A screen's class. Every hook may be NULL but draw. A key goes first to
 * the global_first rows of every class in the list (F2), then to the top
 * screen's key table (bindings), then to its key(); what that leaves
 * (R_UNHANDLED) goes to the global rows of every class, and Esc leaves
 * the screen (Backspace too, where nothing is typed: held down in an
 * empty search field, it must not throw the person out). A click on a key
 * of the key line, or on "F2" and the language in the header, is a press
 * of that key; any other click goes to key().
 */
struct screen_class {
	const char	*name;
	size_t		 size;		/* bytes of per-screen state */
	int		 text_input;	/* printable keys go to the screen */
	int		 behind_pin;	/* the PIN's or a facilitator's screen:
					   F12 does nothing */
	int		 no_language;	/* F2 and L do nothing here */
	int		 idle_keep;	/* no idle reset while it is on top */
	int		 ask_first;	/* when the kiosk asks each person
					   (kiosk_ask_lang): over the first */
	int		(*enter)(struct kiosk *k, struct screen *s,
			    const void *arg);
	void		(*leave)(struct kiosk *k, struct screen *s);
	int		(*key)(struct kiosk *k, struct screen *s,
			    const struct ev *ev);
	void		(*draw)(struct kiosk *k, struct screen *s,
			    struct canvas *c, int top, int height);
	/* The title in the header; NULL for the pack's title. */
	const char	*(*title)(struct kiosk *k, struct screen *s);
	const struct binding *bindings;	/* the key line; keys that act */
	/*
	 * 1 when row b of bindings does something now and is shown; NULL:
	 * every row is (a filter with nothing to filter is not offered).
	 */
	int		(*shown)(struct kiosk *k, struct screen *s,
			    const struct binding *b);
	/*
	 * Keys that open this screen from any other (their action is called
	 * with the screen on top, and decides). Never on the key line.
	 */
	const struct binding *global_first;	/* before the screen: F2 */
	const struct binding *global;	/* what the screen leaves: ?, / */
	/*
	 * After each batch of input, before the next frame, for each screen
	 * of this class on the stack (the survey journals its answers).
	 */
	void		(*flush)(struct kiosk *k, struct screen *s);
	/*
	 * A recording in the pack of what screen s shows, played instead of
	 * the voice when speech reads it whole (Caller frees), or NULL.
	 */
	char		*(*audio)(struct kiosk *k, struct screen *s);
	/* The kiosk's news (enum kiosk_news), for the class. */
	void		(*news)(struct kiosk *k, enum kiosk_news what,
			    const void *arg);
};

struct screen {
	const struct screen_class *cls;
	void		*data;		/* cls->size bytes, zeroed */
};

#define KIOSK_MAX_DEPTH	32
#define KIOSK_MAX_FOOT	16	/* keys on the help line, for clicks */

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
	char		 message[512];	/* the notice, cleared on a key */
	time_t		 last_input;
	const char	*home;		/* the data folder */
	/*
	 * The pack shipped with the program, whose hub key the laptop
	 * trusts until a signed pack is installed (sync/trust.h); NULL:
	 * the pack on display (tests).
	 */
	const char	*bundled_pack;
	struct pin_guard pin_guard;	/* wrong PIN attempts */
	int		 idle_left;	/* seconds shown in the idle warning, or -1 */
	int		 wipe;		/* clear the terminal before the next draw */
	/*
	 * Where the last draw put each key of the help line (and the
	 * header's language), for clicks.
	 */
	struct {
		int	 y, x, w, key;
	}		 foot[KIOSK_MAX_FOOT];
	int		 nfoot;
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
	 * main()'s sealing context (tui/seal.h), borrowed; NULL in tests.
	 * A response sealed through it carries the session above.
	 */
	struct seal	*seal;
	/*
	 * Requests to be contacted sealed since the kiosk started: a count
	 * for the facilitator, never what they say.
	 */
	unsigned	 contacts;
	/*
	 * Seal a finished response: 0 when it is stored for good, else an
	 * ERR_* value and a cause to show. NULL: through seal above (tests
	 * set their own here).
	 */
	int		(*submit)(struct kiosk *k,
			    const struct survey_response *resp, char **cause);
	void		*submit_ctx;
	/*
	 * Speech for the person at the kiosk (tui/screen-speech.c): made at
	 * KIOSK_STARTED, so NULL in tests that draw only to a canvas.
	 */
	struct kiosk_speech *speech;
};

/*
 * Every screen, in the order the kiosk tells them its news and tries
 * their global keys, ending with NULL; the first is the home screen
 * (tui/kiosk-screens.c).
 */
extern const struct screen_class *const kiosk_screens[];

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
extern const struct screen_class screen_confirm_class;	/* confirm_arg */
extern const struct screen_class screen_speech_class;	/* F3; settings */

/*
 * What screen_confirm_class takes: a question before something that
 * cannot be undone. title, no and yes are message ids (N_()), translated
 * when drawn; detail is a sentence already made (copied). Yes pops the
 * question, then act(k, ctx) does the thing and returns R_* for the
 * screen that is then on top. For the facilitator's screens: behind the
 * PIN.
 */
struct confirm_arg {
	const char	*title;		/* "End the session?" */
	const char	*detail;	/* what will happen, or NULL */
	const char	*no;		/* "No, go back": in focus first */
	const char	*yes;		/* "Yes, end it" */
	int		(*act)(struct kiosk *k, void *ctx);
	void		*ctx;
};

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

/*
 * Run the kiosk on a loaded pack until it quits; returns the exit status.
 * lang is the language chosen for the session (--lang), or NULL: then the
 * locale's language when the pack has it, else the pack's default, and
 * every person is offered the language picker first. Answers are sealed
 * through seal (main()'s, started for pack). With KIOSK_APPLIANCE (the
 * laptop's kiosk session), a facilitator PIN is set before anything else
 * when none is (tui/screen-pinset.c). bundled: the pack shipped with the
 * program (k->bundled_pack).
 */
#define KIOSK_APPLIANCE	0x01
int	kiosk_run(struct pack *pack, const char *home, const char *bundled,
	    const char *lang, enum theme theme, struct seal *seal, int flags);

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
/*
 * The kiosk is up (kiosk_run does it before its first frame): the classes
 * hear KIOSK_STARTED (a session a crash interrupted carries on, an
 * unfinished survey is offered back).
 */
void	kiosk_start(struct kiosk *k);
/* A batch of input is done: the flush hook of every screen on the stack. */
void	kiosk_flush(struct kiosk *k);
void	kiosk_draw(struct kiosk *k);
/* 1 when F2 and L open the language picker over screen s. */
int	kiosk_lang_key_ok(const struct kiosk *k, const struct screen *s);

/* Push a screen; arg is passed to its enter(). Returns 0 or -1. */
int	kiosk_push(struct kiosk *k, const struct screen_class *cls,
	    const void *arg);
void	kiosk_pop(struct kiosk *k);
/* Leave every screen but the first. */
void	kiosk_home(struct kiosk *k);
struct screen *kiosk_top(struct kiosk *k);
/*
 * Set the notice: every message of the kiosk's screens (what happened,
 * what went wrong, "press Esc again"), shown above the help line until the
 * next key, wrapped on up to KIOSK_NOTICE_LINES rows, never cut at the
 * screen's edge.
 */
#define KIOSK_NOTICE_LINES	4
void	kiosk_notice(struct kiosk *k, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Seal a finished response: the kiosk's submit hook, else its sealing
 * context, with the session running now. When it is stored and a session
 * runs, the session counts it, and the closed answers of sv (the survey
 * it came from, or NULL) are counted for the room's results.
 */
int	kiosk_submit(struct kiosk *k, const struct survey_response *resp,
	    const struct survey *sv, char **cause);
/* 1 when kiosk_submit has somewhere to send a response. */
int	kiosk_submit_ready(const struct kiosk *k);
/*
 * Open what kiosk_submit seals with, if not yet (a survey asks before its
 * first question): 0, or an error and a cause (Caller frees).
 */
int	kiosk_submit_open(struct kiosk *k, char **cause);

/* Content area of the canvas: first row and height. */
void	kiosk_area(const struct kiosk *k, int *top, int *height);

#endif
