/*
 * Co-production sessions: starting one (venue, group, facilitator, date),
 * the session menu (the consent script to read out, discussion notes, a
 * group vote, results for the room, how many responses it has sealed,
 * ending it), and the session's place in the kiosk; see screen-session.h.
 *
 * The session menu shows counts only, never what anyone answered. Ending
 * a session asks first, and says what would be lost (screen-confirm.c).
 */
#include "tui/screen-session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/doc.h"
#include "content/err.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "sync/session.h"
#include "tui/canvas.h"
#include "tui/consent.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-page.h"
#include "tui/screen-vote.h"
#include "tui/textfield.h"

/* The session's place in the kiosk -------------------------------------- */

int
screen_session_begin(struct kiosk *k, struct session *s, char **cause)
{
	screen_session_forget(k);
	k->session = s;
	return screen_session_journal(k, cause);
}

void
screen_session_forget(struct kiosk *k)
{
	screen_vote_kept_free(k);
	session_free(&k->session);
}

void
screen_session_end(struct kiosk *k)
{
	screen_session_forget(k);
	/* Also a draft left by a crash that was never carried on. */
	if (k->home != NULL)
		session_destroy(k->home, NULL);
}

int
screen_session_journal(struct kiosk *k, char **cause)
{
	if (k->session == NULL || k->home == NULL)
		return ERR_OK;
	return session_save(k->home, k->session, cause);
}

void
screen_session_restore(struct kiosk *k)
{
	struct session *s = NULL;
	int r;

	if (k->home == NULL)
		return;
	r = session_load(k->home, &s, NULL);
	if (r == ERR_NOTFOUND)
		return;
	if (r != ERR_OK) {
		/* Unreadable without its key, or damaged: nothing to keep. */
		session_destroy(k->home, NULL);
		return;
	}
	k->session = s;
	kiosk_notice(k, _("The session at %s carries on after a restart."),
	    s->venue);
}

void
screen_session_sealed(struct kiosk *k, const struct survey_response *resp,
    const struct survey *sv)
{
	if (k->session == NULL)
		return;
	session_sealed(k->session, resp->kind);
	if (sv != NULL)
		session_count_survey(k->session, k->pack, sv);
	/* A failure here loses a count, never an answer: it is sealed. */
	screen_session_journal(k, NULL);
}

int
screen_session_wrap(struct canvas *c, int y, int x, int w, const char *text,
    unsigned attr, int maxlines)
{
	struct layout *lay = NULL;
	size_t i;
	int n = 0;

	if (text == NULL || w < 1 || layout_text(text, attr, (size_t)w, &lay) != 0)
		return 0;
	for (i = 0; i < lay->n && (int)i < maxlines; i++, n++)
		if (c != NULL)
			canvas_layout_line(c, y + (int)i, x, w, &lay->lines[i],
			    -1);
	layout_free(&lay);
	return n;
}

/* Starting a session ----------------------------------------------------- */

enum { SS_VENUE, SS_GROUP, SS_FACILITATOR, SS_DATE, SS_NFIELDS };
#define SS_START	SS_NFIELDS	/* the focus on the Start button */

static const char *const screen_ss_labels[SS_NFIELDS] = {
	N_("Venue:"), N_("Group:"), N_("Facilitator:"), N_("Date:"),
};

struct screen_ss {
	struct textfield	 f[SS_NFIELDS];
	int			 focus;		/* a field, or SS_START */
	int			 by, bx, bw;	/* the Start button, for clicks */
};

static int	screen_ss_next(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_ss_enter_key(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_ss_bindings[] = {
	{ "Tab", N_("next"), K_TAB, K_DOWN, screen_ss_next },
	{ "Enter", N_("next or start"), K_ENTER, 0, screen_ss_enter_key },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

static int
screen_ss_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_ss *v = s->data;
	char today[SESSION_DATE_SIZE];
	int i;

	(void)k;
	(void)arg;
	for (i = 0; i < SS_NFIELDS; i++)
		textfield_init(&v->f[i], i == SS_DATE ? 10 : 120, 0);
	session_today(time(NULL), today);
	textfield_set(&v->f[SS_DATE], today);
	return 0;
}

static void
screen_ss_leave(struct kiosk *k, struct screen *s)
{
	struct screen_ss *v = s->data;
	int i;

	(void)k;
	for (i = 0; i < SS_NFIELDS; i++)
		textfield_free(&v->f[i]);
}

static const char *
screen_ss_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Start a session");
}

/* Start the session; on success this screen gives way to the session menu. */
static int
screen_ss_start(struct kiosk *k, struct screen_ss *v)
{
	struct session *sess = NULL;
	char *cause = NULL;

	if (session_new(textfield_text(&v->f[SS_VENUE]),
	    textfield_text(&v->f[SS_GROUP]),
	    textfield_text(&v->f[SS_FACILITATOR]),
	    textfield_text(&v->f[SS_DATE]), time(NULL), &sess, &cause) != 0) {
		kiosk_notice(k, "%s", cause != NULL ? cause :
		    _("The session could not start."));
		free(cause);
		v->focus = textfield_text(&v->f[SS_VENUE])[0] == '\0' ?
		    SS_VENUE : v->focus;
		return R_REDRAW;
	}
	if (screen_session_begin(k, sess, &cause) != 0)
		kiosk_notice(k, _("The session has started, but it could not "
		    "be saved against a crash: %s"), cause != NULL ? cause :
		    "?");
	else
		kiosk_notice(k, "%s", _("The session has started. Everything "
		    "sealed from now on carries it."));
	free(cause);
	/* v is freed here: nothing of it is used after. */
	kiosk_pop(k);
	kiosk_push(k, &screen_session_class, NULL);
	return R_REDRAW;
}

static int
screen_ss_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_ss *v = s->data;

	if (ev->type == EV_MOUSE) {
		if (ev->button == MOUSE_CLICK && ev->my == v->by &&
		    ev->mx >= v->bx && ev->mx < v->bx + v->bw)
			return screen_ss_start(k, v);
		return R_NONE;
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	/* Up stops at the first field, as Down stops at Start. */
	if (ev->key == K_BTAB || ev->key == K_UP) {
		if (v->focus > 0)
			v->focus--;
		return R_REDRAW;
	}
	if (v->focus < SS_NFIELDS && textfield_key(&v->f[v->focus], ev))
		return R_REDRAW;
	return R_NONE;
}

/*
 * Tab or Down: the next field, then Start, and no further: going round
 * to the first field unseen would put what is typed next into it.
 */
static int
screen_ss_next(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_ss *v = s->data;

	(void)k;
	(void)ev;
	if (v->focus < SS_START)
		v->focus++;
	return R_REDRAW;
}

/* Enter: the next field; on the date or Start, start the session. */
static int
screen_ss_enter_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_ss *v = s->data;

	(void)ev;
	if (v->focus == SS_START || v->focus == SS_DATE)
		return screen_ss_start(k, v);
	v->focus++;
	return R_REDRAW;
}

static void
screen_ss_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_ss *v = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1, lw = 0;
	int step = height >= 16 ? 2 : 1, i, n;
	const char *start = _("Start the session");

	(void)k;
	canvas_text_cut(c, y, x, w, _("Start a co-production session"),
	    ST_TITLE);
	y += step;
	if (height >= 14)
		y += canvas_wrap(c, y, x, w, 2, _("Every answer, note and "
		    "vote sealed until you end it carries these details."),
		    ST_EM, 0) + step - 1;
	for (i = 0; i < SS_NFIELDS; i++)
		if ((n = (int)utf8_width(_(screen_ss_labels[i]))) > lw)
			lw = n;
	lw += 1;
	for (i = 0; i < SS_NFIELDS; i++) {
		canvas_label(c, y, x, lw, _(screen_ss_labels[i]),
		    v->focus == i, 0);
		textfield_draw(&v->f[i], c, y, x + lw, w - lw, 1,
		    v->focus == i);
		if (i == SS_DATE && w - lw > 36)
			canvas_text(c, y, x + lw + 12, w - lw - 12,
			    _("(year-month-day)"), ST_DIM);
		y += step;
	}
	v->by = y;
	v->bx = x + lw;
	v->bw = canvas_button(c, y, x + lw, w - lw, start,
	    v->focus == SS_START, 0);
}

const struct screen_class screen_session_start_class = {
	.name = "session-start",
	.size = sizeof(struct screen_ss),
	.text_input = 1,
	.behind_pin = 1,
	.enter = screen_ss_enter,
	.leave = screen_ss_leave,
	.key = screen_ss_key,
	.draw = screen_ss_draw,
	.title = screen_ss_title,
	.bindings = screen_ss_bindings,
};

/* The session menu ------------------------------------------------------- */

enum {
	SM_CONSENT,
	SM_NOTES,
	SM_VOTE,
	SM_RESULTS,
	SM_END,
	SM_BACK,
};

struct screen_sm {
	struct menu	menu;
};

static int	screen_sm_pick(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_sm_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_sm_pick },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

static int
screen_sm_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_sm *m = s->data;

	(void)arg;
	if (k->session == NULL)
		return -1;
	m->menu.numbered = 1;
	menu_add(&m->menu, _("Read out the consent script"), NULL, SM_CONSENT);
	menu_add(&m->menu, _("Discussion notes"), NULL, SM_NOTES);
	menu_add(&m->menu, _("Group vote"), NULL, SM_VOTE);
	menu_add(&m->menu, _("Results for the room"), NULL, SM_RESULTS);
	menu_add(&m->menu, _("End the session"), NULL, SM_END);
	menu_add(&m->menu, _("Back"), NULL, SM_BACK);
	return 0;
}

static void
screen_sm_leave(struct kiosk *k, struct screen *s)
{
	struct screen_sm *m = s->data;

	(void)k;
	menu_clear(&m->menu);
}

static const char *
screen_sm_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Session");
}

/* After "Yes, end it": the session and its menu go. */
static int
screen_sm_end(struct kiosk *k, void *ctx)
{
	(void)ctx;
	screen_session_end(k);
	kiosk_pop(k);
	kiosk_notice(k, "%s", _("The session has ended. Its results are "
	    "forgotten."));
	return R_REDRAW;
}

/* "End the session?", saying what goes with it. */
static int
screen_sm_ask_end(struct kiosk *k)
{
	struct confirm_arg a;
	char detail[512];
	size_t n = k->session->nnotes;

	if (n > 0)
		snprintf(detail, sizeof detail, ngettext("%zu note is not "
		    "sealed yet: it will be lost. The results for the room "
		    "are forgotten. Everything sealed is kept.", "%zu notes "
		    "are not sealed yet: they will be lost. The results for "
		    "the room are forgotten. Everything sealed is kept.", n),
		    n);
	else
		snprintf(detail, sizeof detail, "%s", _("The results for the "
		    "room are forgotten. Everything sealed is kept."));
	memset(&a, 0, sizeof a);
	a.title = N_("End the session?");
	a.detail = detail;
	a.no = N_("No, go back");
	a.yes = N_("Yes, end the session");
	a.act = screen_sm_end;
	kiosk_push(k, &screen_confirm_class, &a);
	return R_REDRAW;
}

static int
screen_sm_choose(struct kiosk *k, struct screen_sm *m, int id)
{
	struct page_arg pa;

	(void)m;
	switch (id) {
	case SM_CONSENT:
		if (k->pack->session_consent == NULL && !pack_is_demo(k->pack)) {
			kiosk_notice(k, "%s", _("This content pack has no "
			    "consent script ([sessions] consent in pack.ini)."));
			return R_REDRAW;
		}
		memset(&pa, 0, sizeof pa);
		/* In demo mode, a script that promises no privacy. */
		if (pack_is_demo(k->pack)) {
			if (consent_doc(k->pack, k->lang, CONSENT_SESSION,
			    &pa.doc, NULL) != 0)
				pa.doc = NULL;
		} else
			pa.id = k->pack->session_consent;
		if ((pa.doc == NULL && pa.id == NULL) ||
		    kiosk_push(k, &screen_page_class, &pa) != 0)
			kiosk_notice(k, "%s", _("The consent script cannot be "
			    "opened."));
		return R_REDRAW;
	case SM_NOTES:
		kiosk_push(k, &screen_notes_class, NULL);
		return R_REDRAW;
	case SM_VOTE:
		kiosk_push(k, &screen_vote_class, NULL);
		return R_REDRAW;
	case SM_RESULTS:
		kiosk_push(k, &screen_results_class, NULL);
		return R_REDRAW;
	case SM_END:
		return screen_sm_ask_end(k);
	}
	return R_POP;
}

static int
screen_sm_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_sm *m = s->data;

	if (k->session == NULL)
		return R_POP;
	switch (menu_key(&m->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_sm_choose(k, m, menu_selected(&m->menu)->id);
	}
	if (ev->type == EV_KEY && ev->key == K_BACKSPACE)
		return R_POP;
	return R_NONE;
}

/* Enter: the selected item (back, when the session has gone). */
static int
screen_sm_pick(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_sm *m = s->data;

	(void)ev;
	if (k->session == NULL)
		return R_POP;
	if (m->menu.n == 0)
		return R_NONE;
	return screen_sm_choose(k, m, menu_selected(&m->menu)->id);
}

/* "Sealed in this session: 2 survey answers, 1 note, 0 votes". */
static void
screen_sm_sealed(const struct session *sess, char *out, size_t cap)
{
	unsigned n[3];
	char part[3][96];

	n[0] = sess->sealed[0] + sess->sealed[1];
	n[1] = sess->sealed[2];
	n[2] = sess->sealed[3];
	snprintf(part[0], sizeof part[0], ngettext("%u survey answer",
	    "%u survey answers", n[0]), n[0]);
	snprintf(part[1], sizeof part[1], ngettext("%u note", "%u notes",
	    n[1]), n[1]);
	snprintf(part[2], sizeof part[2], ngettext("%u vote", "%u votes",
	    n[2]), n[2]);
	/* TRANSLATORS: the three counts, e.g. "2 survey answers, 1 note, 0 votes". */
	snprintf(out, cap, _("Sealed in this session: %s, %s, %s"), part[0],
	    part[1], part[2]);
}

/* "Label: value" on one line, the value cut to fit. */
static void
screen_sm_line(struct canvas *c, int y, int x, int w, const char *label,
    const char *value)
{
	int n = canvas_text(c, y, x, w, label, ST_BOLD);

	canvas_text_cut(c, y, x + n + 1, w - n - 1, value != NULL ? value :
	    _("(not given)"), value != NULL ? ST_NORMAL : ST_DIM);
}

static void
screen_sm_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_sm *m = s->data;
	const struct session *sess = k->session;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;
	char line[256];

	if (sess == NULL)
		return;
	canvas_text_cut(c, y++, x, w, _("Co-production session"), ST_TITLE);
	if (height >= 18)
		y++;
	screen_sm_line(c, y++, x, w, _("Venue:"), sess->venue);
	screen_sm_line(c, y++, x, w, _("Group:"), sess->group);
	screen_sm_line(c, y++, x, w, _("Facilitator:"), sess->facilitator);
	screen_sm_line(c, y++, x, w, _("Date:"), sess->date);
	/* Counts only: never what anyone said. */
	screen_sm_sealed(sess, line, sizeof line);
	y += canvas_wrap(c, y, x, w, 2, line, ST_NORMAL, k->rtl);
	if (sess->nnotes > 0) {
		snprintf(line, sizeof line, ngettext("%zu note not sealed yet",
		    "%zu notes not sealed yet", sess->nnotes), sess->nnotes);
		canvas_text_cut(c, y++, x, w, line, ST_ERROR);
	}
	y++;
	menu_draw(&m->menu, c, y, x, w, top + height - y);
}

/*
 * The session in the kiosk's life: carried on at the start, counting what
 * is sealed, ended by quitting, forgotten (its draft kept) when the kiosk
 * is freed.
 */
static void
screen_session_news(struct kiosk *k, enum kiosk_news what, const void *arg)
{
	const struct kiosk_sealed *sealed = arg;

	switch (what) {
	case KIOSK_STARTED:
		screen_session_restore(k);
		break;
	case KIOSK_SEALED:
		screen_session_sealed(k, sealed->resp, sealed->sv);
		break;
	case KIOSK_QUIT:
		screen_session_end(k);
		break;
	case KIOSK_FREED:
		screen_session_forget(k);
		break;
	case KIOSK_RESET:
		/* A person's reset leaves the session alone. */
		break;
	case KIOSK_DRAWN:
		break;
	}
}

const struct screen_class screen_session_class = {
	.name = "session",
	.size = sizeof(struct screen_sm),
	.behind_pin = 1,
	.enter = screen_sm_enter,
	.leave = screen_sm_leave,
	.key = screen_sm_key,
	.draw = screen_sm_draw,
	.title = screen_sm_title,
	.bindings = screen_sm_bindings,
	.news = screen_session_news,
};
