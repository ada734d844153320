/*
 * A group vote, from the session menu: choose one of the closed questions
 * the pack marks votable ([sessions] votable), then either type the counts
 * of a show of hands or of dots (a number per choice, and how many people
 * voted), or let people vote one after another on this laptop
 * (screen-vote-person.c) until the facilitator stops it with F12 and the
 * PIN. The result is sealed as a `tally` submission (sync/session.h) and
 * kept, in memory, for the results screen.
 *
 * The running totals of a laptop vote are never on a screen a voter sees:
 * only this screen, behind the PIN, says how many have voted, and not
 * what they chose.
 *
 * Leaving the screen without sealing or throwing the vote away (an idle
 * reset, say, while the PIN screen is up over the voters' screen) keeps
 * the vote in k->vote_kept; the next Group vote picks it up where it was.
 */
#include "tui/screen-vote.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/doc.h"
#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "sync/session.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-session.h"
#include "tui/textfield.h"

#define VOTE_NUM_CHARS	6	/* up to 999999, above SESSION_MAX_VOTERS */

enum vote_phase {
	VP_PICK,	/* which question */
	VP_MODE,	/* hands or laptop */
	VP_HANDS,	/* typing the counts */
	VP_LAPTOP,	/* people vote on the laptop */
};

enum { VM_HANDS, VM_LAPTOP, VL_NEXT, VL_SEAL, VL_DISCARD };

struct screen_vote {
	enum vote_phase		 phase;
	size_t			 ref;		/* which votable question */
	int			 done;		/* sealed or thrown away */
	struct menu		 menu;
	struct vote		 v;		/* loaded in VP_MODE and after */
	struct textfield	*fields;	/* VP_HANDS: n counts, voters */
	int			 focus;		/* field, or n + 1: Seal */
	int			 scroll;
	int			 confirm;	/* Discard or Esc asked once */
};

/* A vote left unsealed when its screen closed (see screen-vote.h). */
struct vote_kept {
	size_t		 ref;
	enum vote_phase	 phase;		/* VP_HANDS or VP_LAPTOP */
	size_t		 n;
	unsigned	*counts;	/* VP_LAPTOP: n counts */
	unsigned	 voters;
	time_t		 started;
	char		**typed;	/* VP_HANDS: n + 1 field texts */
};

static int	screen_vote_enter_key(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_vote_esc(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_vote_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_vote_enter_key },
	{ "Esc", N_("back"), K_ESC, 0, screen_vote_esc },
	BINDING_END
};

static void
screen_vote_clear(struct vote *v)
{
	if (v->counts != NULL)
		explicit_bzero(v->counts, v->n * sizeof *v->counts);
	free(v->counts);
	free(v->names);
	free(v->labels);
	free(v->title);
	survey_free(&v->sv);
	xlsform_free(&v->form);
	memset(v, 0, sizeof *v);
}

/* Load the question ref names, as a vote; a sentence in err when it fails. */
static int
screen_vote_load(struct kiosk *k, const struct pack_ref *ref, struct vote *v,
    char *err, size_t cap)
{
	const struct xlsform_question *q;
	const struct xlsform_list *list;
	char *path = NULL;
	size_t i;
	int r = ERR_INVALID;

	memset(v, 0, sizeof *v);
	if ((path = pack_survey_path(k->pack, ref->survey)) == NULL ||
	    xlsform_load(path, &v->form, NULL, NULL) != 0) {
		snprintf(err, cap, _("The survey %s cannot be opened."),
		    ref->survey);
		goto out;
	}
	q = xlsform_find(v->form, ref->question);
	list = q != NULL ? xlsform_list_of(v->form, q) : NULL;
	if (q == NULL || (q->type != XLSFORM_SELECT_ONE &&
	    q->type != XLSFORM_SELECT_MULTIPLE) || list == NULL ||
	    list->nchoices == 0 || list->nchoices > SESSION_MAX_CHOICES) {
		snprintf(err, cap, _("%s:%s is not a closed question, so it "
		    "cannot be voted on."), ref->survey, ref->question);
		goto out;
	}
	if (survey_new(v->form, k->lang, 0, &v->sv, NULL) != 0) {
		snprintf(err, cap, "%s", _("The survey cannot be started."));
		goto out;
	}
	v->q = survey_find(v->sv, ref->question);
	v->multiple = q->type == XLSFORM_SELECT_MULTIPLE;
	v->n = list->nchoices;
	if ((v->title = survey_label(v->sv, v->q)) == NULL)
		v->title = strdup(ref->question);
	if (v->title == NULL ||
	    (v->names = calloc(v->n, sizeof *v->names)) == NULL ||
	    (v->labels = calloc(v->n, sizeof *v->labels)) == NULL ||
	    (v->counts = calloc(v->n, sizeof *v->counts)) == NULL) {
		snprintf(err, cap, "%s", _("out of memory"));
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < v->n; i++) {
		v->names[i] = list->choices[i].name;
		v->labels[i] = survey_choice_label(v->sv, &list->choices[i]);
	}
	r = ERR_OK;
out:
	if (r != ERR_OK)
		screen_vote_clear(v);
	free(path);
	return r;
}

int
screen_vote_cast(struct vote *v, const unsigned char *chosen, char *msg,
    size_t cap)
{
	struct survey_problem p;
	struct buf b = BUF_INIT;
	size_t i, n = 0;
	int r = ERR_OK;

	for (i = 0; i < v->n; i++)
		if (chosen[i]) {
			if (n++ > 0)
				buf_addch(&b, ' ');
			buf_addstr(&b, v->names[i]);
		}
	if (n == 0 || (!v->multiple && n > 1)) {
		snprintf(msg, cap, "%s", v->multiple ? _("Choose at least one, "
		    "then choose Vote.") : _("Choose one, then choose Vote."));
		r = ERR_INVALID;
		goto out;
	}
	/* The form's own rule (e.g. "no more than three"), its own words. */
	if (v->sv != NULL && survey_set(v->sv, v->q, buf_str(&b)) == 0 &&
	    survey_check(v->sv, v->q, &p) != 0) {
		snprintf(msg, cap, "%s", p.from_form ? p.msg : _(p.msg));
		r = ERR_INVALID;
	}
	if (v->sv != NULL)
		survey_set(v->sv, v->q, "");	/* nothing of it stays */
	if (r != ERR_OK)
		goto out;
	if (v->voters >= SESSION_MAX_VOTERS) {
		snprintf(msg, cap, "%s", _("This vote is full."));
		r = ERR_LIMIT;
		goto out;
	}
	if (v->voters == 0)
		v->started = time(NULL);
	for (i = 0; i < v->n; i++)
		if (chosen[i])
			v->counts[i]++;
	v->voters++;
out:
	buf_wipe_free(&b);
	return r;
}

static void
screen_vote_fields_free(struct screen_vote *sv)
{
	size_t i;

	for (i = 0; sv->fields != NULL && i <= sv->v.n; i++)
		textfield_free(&sv->fields[i]);
	free(sv->fields);
	sv->fields = NULL;
}

void
screen_vote_kept_free(struct kiosk *k)
{
	struct vote_kept *vk = k->vote_kept;
	size_t i;

	if (vk == NULL)
		return;
	if (vk->counts != NULL)
		explicit_bzero(vk->counts, vk->n * sizeof *vk->counts);
	free(vk->counts);
	for (i = 0; vk->typed != NULL && i <= vk->n; i++)
		free(vk->typed[i]);
	free(vk->typed);
	explicit_bzero(vk, sizeof *vk);
	free(vk);
	k->vote_kept = NULL;
}

/* Keep sv's vote in the kiosk if there is anything of it to keep. */
static void
screen_vote_keep(struct kiosk *k, struct screen_vote *sv)
{
	struct vote_kept *vk;
	size_t i;
	int typed = 0;

	if (sv->done || k->session == NULL)
		return;
	for (i = 0; sv->phase == VP_HANDS && i <= sv->v.n; i++)
		typed |= textfield_text(&sv->fields[i])[0] != '\0';
	if (!(sv->phase == VP_LAPTOP && sv->v.voters > 0) && !typed)
		return;
	screen_vote_kept_free(k);
	if ((vk = calloc(1, sizeof *vk)) == NULL)
		return;
	vk->ref = sv->ref;
	vk->phase = sv->phase;
	vk->n = sv->v.n;
	vk->voters = sv->v.voters;
	vk->started = sv->v.started;
	if (sv->phase == VP_LAPTOP) {
		if ((vk->counts = calloc(vk->n, sizeof *vk->counts)) == NULL)
			goto fail;
		memcpy(vk->counts, sv->v.counts, vk->n * sizeof *vk->counts);
	} else {
		if ((vk->typed = calloc(vk->n + 1, sizeof *vk->typed)) == NULL)
			goto fail;
		for (i = 0; i <= vk->n; i++)
			if ((vk->typed[i] = strdup(textfield_text(
			    &sv->fields[i]))) == NULL)
				goto fail;
	}
	k->vote_kept = vk;
	return;
fail:
	k->vote_kept = vk;
	screen_vote_kept_free(k);
}

/* Carry on with a kept vote; 0, or -1 when it no longer fits the pack. */
static int
screen_vote_resume(struct kiosk *k, struct screen_vote *sv)
{
	struct vote_kept *vk = k->vote_kept;
	char err[256];
	size_t i;

	if (vk->ref >= k->pack->nvotable ||
	    screen_vote_load(k, &k->pack->votable[vk->ref], &sv->v,
	    err, sizeof err) != 0)
		return -1;
	if (sv->v.n != vk->n) {
		screen_vote_clear(&sv->v);
		return -1;
	}
	sv->ref = vk->ref;
	sv->v.voters = vk->voters;
	sv->v.started = vk->started;
	if (vk->phase == VP_LAPTOP) {
		memcpy(sv->v.counts, vk->counts, vk->n * sizeof *vk->counts);
		sv->phase = VP_LAPTOP;
		kiosk_notice(k, "%s", _("This vote was not sealed: it is back, "
		    "with its votes."));
		return 0;
	}
	if ((sv->fields = calloc(vk->n + 1, sizeof *sv->fields)) == NULL) {
		screen_vote_clear(&sv->v);
		return -1;
	}
	for (i = 0; i <= vk->n; i++) {
		textfield_init(&sv->fields[i], VOTE_NUM_CHARS, 0);
		textfield_set(&sv->fields[i], vk->typed[i]);
	}
	sv->phase = VP_HANDS;
	sv->focus = 0;
	kiosk_notice(k, "%s", _("This count was not sealed: it is back, as "
	    "it was typed."));
	return 0;
}

/* The menu of the phase. */
static void
screen_vote_menu(struct kiosk *k, struct screen_vote *sv)
{
	struct vote tmp;
	char err[256];
	size_t i;

	menu_clear(&sv->menu);
	sv->menu.numbered = 1;
	sv->menu.sel = 0;
	sv->menu.top = 0;
	switch (sv->phase) {
	case VP_PICK:
		for (i = 0; i < k->pack->nvotable; i++) {
			/* The question's words, to choose by. */
			if (screen_vote_load(k, &k->pack->votable[i], &tmp, err,
			    sizeof err) == 0) {
				menu_add(&sv->menu, tmp.title, NULL, (int)i);
				screen_vote_clear(&tmp);
			} else
				menu_add(&sv->menu, k->pack->votable[i].question,
				    _("(cannot be used)"), (int)i);
		}
		break;
	case VP_MODE:
		menu_add(&sv->menu, _("Count a show of hands or dots"), NULL,
		    VM_HANDS);
		menu_add(&sv->menu, _("People vote one by one on this laptop"),
		    NULL, VM_LAPTOP);
		break;
	case VP_LAPTOP:
		menu_add(&sv->menu, _("Hand the laptop over: people vote"),
		    NULL, VL_NEXT);
		menu_add(&sv->menu, _("Seal the votes"), NULL, VL_SEAL);
		menu_add(&sv->menu, _("Discard these votes"), NULL, VL_DISCARD);
		break;
	case VP_HANDS:
		break;
	}
}

static int
screen_vote_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_vote *sv = s->data;

	(void)arg;
	if (k->session == NULL)
		return -1;
	sv->phase = VP_PICK;
	if (k->vote_kept != NULL) {
		if (screen_vote_resume(k, sv) != 0) {
			sv->phase = VP_PICK;
			kiosk_notice(k, "%s", _("A vote that was not sealed no "
			    "longer fits the content pack: it is lost."));
		}
		screen_vote_kept_free(k);
	}
	screen_vote_menu(k, sv);
	return 0;
}

static void
screen_vote_leave(struct kiosk *k, struct screen *s)
{
	struct screen_vote *sv = s->data;

	screen_vote_keep(k, sv);
	menu_clear(&sv->menu);
	screen_vote_fields_free(sv);
	screen_vote_clear(&sv->v);
}

static const char *
screen_vote_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Group vote");
}

/* Seal the counts in sv->v; on success back to the session menu. */
static int
screen_vote_seal(struct kiosk *k, struct screen_vote *sv, int mode)
{
	struct session_tally t;
	struct session_sub *sub = NULL;
	char *cause = NULL;
	int r;

	memset(&t, 0, sizeof t);
	t.form = survey_form(sv->v.sv)->id;
	t.question = survey_form(sv->v.sv)->questions[SURVEY_Q(sv->v.q)].name;
	t.multiple = sv->v.multiple;
	t.mode = mode;
	t.voters = sv->v.voters;
	t.n = sv->v.n;
	t.choices = sv->v.names;
	t.counts = sv->v.counts;
	if ((r = session_tally_build(&t, k->lang, k->pack->id,
	    k->pack->version, sv->v.started != 0 ? sv->v.started : time(NULL),
	    time(NULL), &sub, &cause)) == 0)
		r = kiosk_submit(k, &sub->resp, NULL, &cause);
	session_sub_free(&sub);
	if (r != 0) {
		kiosk_notice(k, _("The vote is not sealed: %s"), cause != NULL ?
		    cause : err_str(r));
		free(cause);
		return R_REDRAW;
	}
	/* Sealed: the room may see it until the session ends. */
	session_result_tally(k->session, &t, sv->v.title,
	    (const char *const *)sv->v.labels);
	kiosk_notice(k, "%s", _("The vote is sealed. The room can see it in "
	    "Results for the room."));
	sv->done = 1;
	return R_POP;
}

/* Read the typed counts into sv->v; 0, or -1 with the reason said. */
static int
screen_vote_read(struct kiosk *k, struct screen_vote *sv)
{
	unsigned long long sum = 0;
	const char *t;
	char *end;
	unsigned long val;
	size_t i;

	for (i = 0; i <= sv->v.n; i++) {
		t = textfield_text(&sv->fields[i]);
		val = 0;
		if (t[0] != '\0') {
			val = strtoul(t, &end, 10);
			if (*end != '\0' || val > SESSION_MAX_VOTERS) {
				kiosk_notice(k, "%s",
				    _("Type whole numbers only."));
				sv->focus = (int)i;
				return -1;
			}
		}
		if (i < sv->v.n) {
			sv->v.counts[i] = (unsigned)val;
			sum += val;
		} else
			sv->v.voters = (unsigned)val;
	}
	/* With one vote each, the people voting are the votes, if not given. */
	if (textfield_text(&sv->fields[sv->v.n])[0] == '\0') {
		if (sv->v.multiple) {
			kiosk_notice(k, "%s", _("Type how many people voted: "
			    "each could choose more than one."));
			sv->focus = (int)sv->v.n;
			return -1;
		}
		sv->v.voters = (unsigned)(sum > SESSION_MAX_VOTERS ?
		    SESSION_MAX_VOTERS : sum);
	}
	return 0;
}

static int
screen_vote_chosen(struct kiosk *k, struct screen_vote *sv, int id)
{
	char err[256];
	size_t i;

	switch (sv->phase) {
	case VP_PICK:
		if (screen_vote_load(k, &k->pack->votable[id], &sv->v,
		    err, sizeof err) != 0) {
			kiosk_notice(k, "%s", err);
			return R_REDRAW;
		}
		sv->ref = (size_t)id;
		sv->phase = VP_MODE;
		break;
	case VP_MODE:
		if (id == VM_HANDS) {
			if ((sv->fields = calloc(sv->v.n + 1,
			    sizeof *sv->fields)) == NULL)
				return R_REDRAW;
			for (i = 0; i <= sv->v.n; i++)
				textfield_init(&sv->fields[i], VOTE_NUM_CHARS, 0);
			sv->phase = VP_HANDS;
			sv->focus = 0;
			sv->v.started = time(NULL);
		} else
			sv->phase = VP_LAPTOP;
		break;
	case VP_LAPTOP:
		if (id == VL_NEXT) {
			kiosk_push(k, &screen_vote_person_class, &sv->v);
			return R_REDRAW;
		}
		if (id == VL_SEAL)
			return screen_vote_seal(k, sv, SESSION_LAPTOP);
		if (sv->v.voters > 0 && !sv->confirm) {
			sv->confirm = 1;
			kiosk_notice(k, "%s", _("Choose Discard again to "
			    "throw these votes away."));
			return R_REDRAW;
		}
		sv->done = 1;
		return R_POP;
	case VP_HANDS:
		break;
	}
	screen_vote_menu(k, sv);
	return R_REDRAW;
}

static int
screen_vote_hands_key(struct kiosk *k, struct screen_vote *sv,
    const struct ev *ev)
{
	int last = (int)sv->v.n + 1;	/* the Seal button */

	/*
	 * Down and Tab stop at Seal, Up at the first count: going round to
	 * the first count unseen, an "8" typed next became "38".
	 */
	switch (ev->key) {
	case K_TAB:
	case K_DOWN:
		if (sv->focus < last)
			sv->focus++;
		return R_REDRAW;
	case K_BTAB:
	case K_UP:
		if (sv->focus > 0)
			sv->focus--;
		return R_REDRAW;
	}
	if (sv->focus >= last)
		return R_NONE;
	/* Digits and editing keys only: these are counts. */
	if (ev->key < K_UP && (ev->key < '0' || ev->key > '9'))
		return R_NONE;
	return textfield_key(&sv->fields[sv->focus], ev) ? R_REDRAW : R_NONE;
}

static int
screen_vote_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_vote *sv = s->data;

	if (k->session == NULL)
		return R_POP;
	if (ev->type == EV_KEY && sv->phase != VP_LAPTOP)
		sv->confirm = 0;
	if (sv->phase == VP_HANDS)
		return ev->type == EV_KEY ? screen_vote_hands_key(k, sv, ev) :
		    R_NONE;
	switch (menu_key(&sv->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		if (menu_selected(&sv->menu)->id != VL_DISCARD)
			sv->confirm = 0;
		return screen_vote_chosen(k, sv, menu_selected(&sv->menu)->id);
	}
	if (ev->type == EV_KEY && ev->key == K_BACKSPACE &&
	    sv->phase == VP_PICK)
		return R_POP;
	return R_NONE;
}

/*
 * Enter: counting hands, the next field, then seal the count; else the
 * item selected.
 */
static int
screen_vote_enter_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_vote *sv = s->data;
	int id;

	(void)ev;
	if (k->session == NULL)
		return R_POP;
	if (sv->phase != VP_LAPTOP)
		sv->confirm = 0;
	if (sv->phase == VP_HANDS) {
		if (sv->focus < (int)sv->v.n + 1) {
			sv->focus++;
			return R_REDRAW;
		}
		if (screen_vote_read(k, sv) != 0)
			return R_REDRAW;
		return screen_vote_seal(k, sv, SESSION_HANDS);
	}
	if (sv->menu.n == 0)
		return R_NONE;
	if ((id = menu_selected(&sv->menu)->id) != VL_DISCARD)
		sv->confirm = 0;
	return screen_vote_chosen(k, sv, id);
}

/* Esc: back; counts typed or votes cast are not thrown away at once. */
static int
screen_vote_esc(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_vote *sv = s->data;

	(void)ev;
	if (k->session == NULL)
		return R_POP;
	if (((sv->phase == VP_LAPTOP && sv->v.voters > 0) ||
	    sv->phase == VP_HANDS) && !sv->confirm) {
		sv->confirm = 1;
		kiosk_notice(k, "%s", _("This vote is not sealed. Press Esc "
		    "again to throw it away."));
		return R_REDRAW;
	}
	sv->done = 1;
	return R_POP;
}

/* The counts to type: a number field, then the choice's label. */
static void
screen_vote_hands_draw(struct screen_vote *sv, struct canvas *c, int y,
    int x, int w, int rows)
{
	int fw = VOTE_NUM_CHARS + 2, i, last = (int)sv->v.n + 1, row;
	const char *label;

	/* Keep the focus in view: n counts, voters, Seal = n + 2 rows. */
	if (sv->focus < sv->scroll)
		sv->scroll = sv->focus;
	if (sv->focus >= sv->scroll + rows)
		sv->scroll = sv->focus - rows + 1;
	for (i = sv->scroll, row = 0; i <= last && row < rows; i++, row++) {
		if (i == last) {
			canvas_button(c, y + row, x + fw + 1, w - fw - 1,
			    _("Seal the count"), sv->focus == i, 0);
			break;
		}
		textfield_draw(&sv->fields[i], c, y + row, x, fw, 1,
		    sv->focus == i);
		label = i < (int)sv->v.n ? sv->v.labels[i] : sv->v.multiple ?
		    _("People voting") : _("People voting (if empty: the "
		    "total of the votes)");
		/*
		 * In focus: one marker, before the count (whose cursor
		 * shows), and the label in reverse video.
		 */
		canvas_text_cut(c, y + row, x + fw + 1, w - fw - 1, label,
		    sv->focus == i ? ST_SELECTED : i < (int)sv->v.n ?
		    ST_NORMAL : ST_EM);
		if (sv->focus == i)
			canvas_mark(c, y + row, x - CANVAS_MARK_W, 0);
	}
	/* More below: the counts go on (Down, or Tab). */
	if (last - sv->scroll + 1 > rows)
		canvas_text(c, y + rows - 1, x + w, 1, utf8_locale_ok() ?
		    "\xe2\x86\x93" : "v", ST_DECOR);
}

static void
screen_vote_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_vote *sv = s->data;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, y = top + 1,
	    bottom = top + height, r = k->rtl;
	char line[256];

	switch (sv->phase) {
	case VP_PICK:
		y += canvas_wrap(c, y, x, w, 2, _("Which question does the "
		    "room vote on?"), ST_TITLE, r);
		if (k->pack->nvotable == 0)
			y += 1 + canvas_wrap(c, y + 1, x, w, 3, _("This content "
			    "pack marks no question as votable ([sessions] "
			    "votable in pack.ini)."), ST_DIM, r);
		break;
	case VP_MODE:
	case VP_HANDS:
	case VP_LAPTOP:
		y += screen_session_wrap(c, y, x, w, sv->v.title, DOC_A_HEADING, 3);
		if (sv->phase == VP_MODE)
			y += canvas_wrap(c, y, x, w, 2, _("How does the room "
			    "vote?"), ST_DIM, r);
		else if (sv->phase == VP_HANDS)
			y += canvas_wrap(c, y, x, w, 2, sv->v.multiple ?
			    _("Type the number of hands or dots for each. People "
			    "could choose more than one.") : _("Type the number "
			    "of hands or dots for each. One vote each."),
			    ST_DIM, r);
		else {
			snprintf(line, sizeof line, ngettext("%u person has "
			    "voted.", "%u people have voted.", sv->v.voters),
			    sv->v.voters);
			y += canvas_wrap(c, y, x, w, 2, line, ST_BOLD, r);
			y += canvas_wrap(c, y, x, w, 2, _("Each person votes, "
			    "or skips, then hands on. To stop, press F12 (and "
			    "the PIN)."), ST_DIM, r);
		}
		break;
	}
	y++;
	if (sv->phase == VP_HANDS)
		screen_vote_hands_draw(sv, c, y, x, w, bottom - y);
	else
		menu_draw(&sv->menu, c, y, x, w, bottom - y);
}

const struct screen_class screen_vote_class = {
	.name = "vote",
	.size = sizeof(struct screen_vote),
	.text_input = 1,
	.behind_pin = 1,
	.enter = screen_vote_enter,
	.leave = screen_vote_leave,
	.key = screen_vote_key,
	.draw = screen_vote_draw,
	.title = screen_vote_title,
	.bindings = screen_vote_bindings,
};
