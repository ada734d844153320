/*
 * Discussion notes: the facilitator types the points raised in the room,
 * each tagged with a principle or a commitment from the pack's
 * [session_tags] and a short theme, corrects them, and seals them, each
 * as its own `notes` submission (sync/session.h).
 *
 * Quick to type: Point, Tab, a tag with the arrows (or Enter for the
 * list), Tab, a theme, Enter, and the note is in the list and the fields
 * are empty for the next one. Easy to correct: the list is above; Enter on
 * a note brings it back into the fields. Until they are sealed the notes
 * live in the session (so leaving this screen or an idle reset loses
 * nothing) and in its encrypted draft (so a crash loses nothing); once
 * sealed they are wiped from both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "sync/session.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-session.h"
#include "tui/textfield.h"

#define NOTES_NONE	((size_t)-1)

/* Where the focus is: the list of notes, a field or a button. */
enum {
	NF_LIST,
	NF_POINT,
	NF_TAG,
	NF_THEME,
	NF_SAVE,	/* Add the note, or Save the changes */
	NF_DELETE,	/* only while a note is being corrected */
	NF_SEAL,	/* only when there are notes */
	NF_N,
};

struct screen_notes {
	struct textfield	 point;
	struct textfield	 theme;
	size_t			 tag;		/* pack->tags index, or NONE */
	size_t			 editing;	/* the note corrected, or NONE */
	int			 focus;
	size_t			 sel;		/* the note chosen in the list */
	size_t			 top;		/* first note shown */
	int			 leaving;	/* Esc once with a point typed */
};

static int	screen_notes_tab(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_notes_enter_key(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_notes_esc(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_notes_bindings[] = {
	{ "Tab", N_("next"), K_TAB, 0, screen_notes_tab },
	BINDING_ARROWS_LR(N_("tag")),
	{ "Enter", N_("add, edit or seal"), K_ENTER, 0, screen_notes_enter_key },
	{ "Esc", N_("back"), K_ESC, 0, screen_notes_esc },
	BINDING_END
};

/* 1 when the focus can rest on f now. */
static int
screen_notes_stop(struct kiosk *k, const struct screen_notes *v, int f)
{
	switch (f) {
	case NF_LIST:
	case NF_SEAL:
		return k->session->nnotes > 0;
	case NF_DELETE:
		return v->editing != NOTES_NONE;
	}
	return 1;
}

/*
 * The next stop in direction dir. Tab goes round (wrap); the arrows stop
 * at the first and the last, so that nothing is typed into the first
 * field unseen.
 */
static void
screen_notes_move(struct kiosk *k, struct screen_notes *v, int dir, int wrap)
{
	int f = v->focus, i;

	for (i = 0; i < NF_N; i++) {
		f += dir;
		if (!wrap && (f < 0 || f >= NF_N))
			return;
		f = (f + NF_N) % NF_N;
		if (screen_notes_stop(k, v, f))
			break;
	}
	v->focus = f;
	if (f == NF_LIST && v->sel >= k->session->nnotes)
		v->sel = k->session->nnotes - 1;
}

/* Empty the fields for the next note. */
static void
screen_notes_clear(struct screen_notes *v)
{
	textfield_set(&v->point, "");
	textfield_set(&v->theme, "");
	v->tag = NOTES_NONE;
	v->editing = NOTES_NONE;
	v->leaving = 0;
}

static int
screen_notes_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_notes *v = s->data;

	(void)arg;
	if (k->session == NULL)
		return -1;
	textfield_init(&v->point, SESSION_NOTE_MAX / 4, 0);
	textfield_init(&v->theme, 60, 0);
	v->tag = NOTES_NONE;
	v->editing = NOTES_NONE;
	v->focus = NF_POINT;
	return 0;
}

static void
screen_notes_leave(struct kiosk *k, struct screen *s)
{
	struct screen_notes *v = s->data;

	(void)k;
	textfield_free(&v->point);	/* wipes */
	textfield_free(&v->theme);
}

static const char *
screen_notes_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Discussion notes");
}

/* Journal the notes; a failure is said, the notes stay in memory. */
static void
screen_notes_journal(struct kiosk *k, struct screen_notes *v)
{
	char *cause = NULL;

	if (screen_session_journal(k, &cause) != 0)
		kiosk_notice(k, _("The notes are not saved against a crash: "
		    "%s"), cause != NULL ? cause : "?");
	free(cause);
}

/* Add the note in the fields, or save the one being corrected. */
static int
screen_notes_save(struct kiosk *k, struct screen_notes *v)
{
	const struct pack_tag *t = v->tag != NOTES_NONE &&
	    v->tag < k->pack->ntags ? &k->pack->tags[v->tag] : NULL;
	char *cause = NULL;
	int r, added = v->editing == NOTES_NONE;

	if (added)
		r = session_note_add(k->session, textfield_text(&v->point),
		    t != NULL ? t->id : NULL, t != NULL ? t->label : NULL,
		    textfield_text(&v->theme), &cause);
	else
		r = session_note_set(k->session, v->editing,
		    textfield_text(&v->point), t != NULL ? t->id : NULL,
		    t != NULL ? t->label : NULL, textfield_text(&v->theme),
		    &cause);
	if (r != 0) {
		kiosk_notice(k, "%s", cause != NULL ? cause : err_str(r));
		free(cause);
		v->focus = NF_POINT;
		return R_REDRAW;
	}
	kiosk_notice(k, "%s", added ? _("Note added. It is sealed when you "
	    "choose Seal these notes.") : _("Note changed."));
	v->sel = added ? k->session->nnotes - 1 : v->editing;
	screen_notes_clear(v);
	v->focus = NF_POINT;
	screen_notes_journal(k, v);
	return R_REDRAW;
}

/* Bring note i back into the fields to correct it. */
static void
screen_notes_edit(struct kiosk *k, struct screen_notes *v, size_t i)
{
	const struct session_note *n = &k->session->notes[i];
	size_t j;

	textfield_set(&v->point, n->point);
	textfield_set(&v->theme, n->theme != NULL ? n->theme : "");
	v->tag = NOTES_NONE;
	for (j = 0; n->tag != NULL && j < k->pack->ntags; j++)
		if (strcmp(k->pack->tags[j].id, n->tag) == 0)
			v->tag = j;
	v->editing = i;
	v->focus = NF_POINT;
}

static int
screen_notes_delete(struct kiosk *k, struct screen_notes *v)
{
	if (v->editing >= k->session->nnotes)
		return R_NONE;
	session_note_remove(k->session, v->editing);
	screen_notes_clear(v);
	v->focus = NF_POINT;
	v->sel = 0;
	kiosk_notice(k, "%s", _("Note deleted."));
	screen_notes_journal(k, v);
	return R_REDRAW;
}

/* Seal every note, one submission each; a failure keeps the rest. */
static int
screen_notes_seal(struct kiosk *k, struct screen_notes *v)
{
	struct session *s = k->session;
	struct session_sub *sub = NULL;
	char *cause = NULL;
	size_t done = 0;
	int r = 0;

	if (v->editing != NOTES_NONE) {
		kiosk_notice(k, "%s", _("Save or leave the note you are "
		    "changing first."));
		return R_REDRAW;
	}
	while (s->nnotes > 0) {
		if ((r = session_note_build(&s->notes[0], k->lang, k->pack->id,
		    k->pack->version, time(NULL), &sub, &cause)) == 0)
			r = kiosk_submit(k, &sub->resp, NULL, &cause);
		session_sub_free(&sub);	/* before the note it borrows */
		if (r != 0)
			break;
		session_note_remove(s, 0);
		done++;
	}
	screen_notes_journal(k, v);
	v->sel = 0;
	v->top = 0;
	if (r != 0) {
		kiosk_notice(k, ngettext("%zu note sealed; the rest could not "
		    "be: %s", "%zu notes sealed; the rest could not be: %s",
		    done), done, cause != NULL ? cause : err_str(r));
		free(cause);
		return R_REDRAW;
	}
	v->focus = NF_POINT;
	kiosk_notice(k, ngettext("%zu note sealed.", "%zu notes sealed.", done),
	    done);
	return R_REDRAW;
}

static int
screen_notes_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_notes *v = s->data;
	size_t n;

	if (k->session == NULL)
		return R_POP;
	n = k->session->nnotes;
	if (ev->type != EV_KEY)
		return R_NONE;
	v->leaving = 0;
	switch (ev->key) {
	case K_BTAB:
		screen_notes_move(k, v, -1, 1);
		return R_REDRAW;
	case K_UP:
		if (v->focus == NF_LIST) {
			if (v->sel > 0)
				v->sel--;
		} else
			screen_notes_move(k, v, -1, 0);
		return R_REDRAW;
	case K_DOWN:
		if (v->focus == NF_LIST && v->sel + 1 < n)
			v->sel++;
		else
			screen_notes_move(k, v, 1, 0);
		return R_REDRAW;
	}
	if (v->focus == NF_TAG && (ev->key == K_LEFT || ev->key == K_RIGHT)) {
		size_t nt = k->pack->ntags;

		/* NONE, 0, 1 ... nt - 1, round again. */
		if (nt == 0)
			return R_NONE;
		if (ev->key == K_RIGHT)
			v->tag = v->tag == NOTES_NONE ? 0 : v->tag + 1 >= nt ?
			    NOTES_NONE : v->tag + 1;
		else
			v->tag = v->tag == NOTES_NONE ? nt - 1 : v->tag == 0 ?
			    NOTES_NONE : v->tag - 1;
		return R_REDRAW;
	}
	if ((v->focus == NF_POINT && textfield_key(&v->point, ev)) ||
	    (v->focus == NF_THEME && textfield_key(&v->theme, ev)))
		return R_REDRAW;
	return R_NONE;
}

/*
 * The key table's actions: without a session, back; any key but Esc
 * forgets a first Esc (screen_notes_esc).
 */

/* Tab: the next stop. */
static int
screen_notes_tab(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_notes *v = s->data;

	(void)ev;
	if (k->session == NULL)
		return R_POP;
	v->leaving = 0;
	screen_notes_move(k, v, 1, 1);
	return R_REDRAW;
}

/* Enter: what the focus offers: edit, the tags, add, delete, seal. */
static int
screen_notes_enter_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_notes *v = s->data;

	(void)ev;
	if (k->session == NULL)
		return R_POP;
	v->leaving = 0;
	switch (v->focus) {
	case NF_LIST:
		if (v->sel < k->session->nnotes)
			screen_notes_edit(k, v, v->sel);
		return R_REDRAW;
	case NF_POINT:
		v->focus = NF_TAG;
		return R_REDRAW;
	case NF_TAG:
		if (k->pack->ntags > 0)
			kiosk_push(k, &screen_note_tag_class, v);
		else
			v->focus = NF_THEME;
		return R_REDRAW;
	case NF_THEME:
	case NF_SAVE:
		return screen_notes_save(k, v);
	case NF_DELETE:
		return screen_notes_delete(k, v);
	case NF_SEAL:
		return screen_notes_seal(k, v);
	}
	return R_NONE;
}

/*
 * Esc: stop correcting a note; with a point typed and not added, warn
 * once; else back.
 */
static int
screen_notes_esc(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_notes *v = s->data;

	(void)ev;
	if (k->session == NULL)
		return R_POP;
	if (v->editing != NOTES_NONE) {
		screen_notes_clear(v);
		return R_REDRAW;
	}
	if (textfield_text(&v->point)[0] != '\0' && !v->leaving) {
		v->leaving = 1;
		kiosk_notice(k, "%s", _("This note is not added yet. Press Esc "
		    "again to leave without it."));
		return R_REDRAW;
	}
	return R_POP;
}

/*
 * A note in the list: what was written first, then its theme and tag,
 * dim: "3. More buses to the day centre  (transport; Principle: ...)".
 */
static void
screen_notes_line(struct canvas *c, int y, int x, int w,
    const struct session_note *n, size_t i, int focused)
{
	char num[32], rest[SESSION_THEME_MAX * 2 + 64];
	int col = x, pw;

	snprintf(num, sizeof num, "%zu. ", i + 1);
	col += canvas_text(c, y, col, w, num, ST_BOLD);
	snprintf(rest, sizeof rest, "%s%s%s", n->theme != NULL ? n->theme :
	    "", n->theme != NULL && n->tag_label != NULL ? "; " : "",
	    n->tag_label != NULL ? n->tag_label : "");
	/* The point whole if it can be; what is left for theme and tag. */
	pw = (int)utf8_width(n->point);
	if (rest[0] != '\0' && pw + 4 < x + w - col) {
		col += canvas_text(c, y, col, x + w - col, n->point, ST_NORMAL);
		col += canvas_text(c, y, col, 3, "  (", ST_DIM);
		if (x + w - col > 1) {
			col += canvas_text_cut(c, y, col, x + w - col - 1, rest,
			    ST_DIM);
			canvas_text(c, y, col, 1, ")", ST_DIM);
		}
	} else
		canvas_text_cut(c, y, col, x + w - col, n->point, ST_NORMAL);
	if (focused)
		canvas_focus(c, y, x, w, 0);
}

static void
screen_notes_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_notes *v = s->data;
	const struct session *sess = k->session;
	int x = c->w >= 60 ? 2 : 1, w = c->w - 2 * x, y = top, lw = 0, rows,
	    i, n, bx, ph = height >= 16 ? 2 : 1;
	const char *labels[3] = { _("Point:"), _("Tag:"), _("Theme:") };
	char line[256], tagline[SESSION_THEME_MAX + 16];
	size_t j;

	if (sess == NULL)
		return;
	n = canvas_text(c, y++, x, w, _("Discussion notes"), ST_TITLE);
	/* How many wait to be sealed; nothing when none do. */
	if (sess->nnotes > 0) {
		snprintf(line, sizeof line, ngettext("%zu note not sealed yet",
		    "%zu notes not sealed yet", sess->nnotes), sess->nnotes);
		canvas_text_cut(c, y - 1, x + n + 2, w - n - 2, line, ST_DIM);
	}
	/* The list: what is left after the fields, the buttons and notes. */
	rows = height - 8 - ph;
	if (rows < 1)
		rows = 1;
	if (sess->nnotes == 0)
		canvas_wrap(c, y, x, w, rows, _("No notes yet: type the first "
		    "point below."), ST_DIM, 0);
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)rows)
		v->top = v->sel - (size_t)rows + 1;
	for (i = 0; i < rows && v->top + (size_t)i < sess->nnotes; i++) {
		j = v->top + (size_t)i;
		screen_notes_line(c, y + i, x, w, &sess->notes[j], j,
		    v->focus == NF_LIST && j == v->sel);
	}
	y += rows + 1;
	for (i = 0; i < 3; i++)
		if ((n = (int)utf8_width(labels[i])) > lw)
			lw = n;
	lw++;
	if (v->editing != NOTES_NONE) {
		snprintf(line, sizeof line, _("Changing note %zu (Esc to leave "
		    "it as it was)"), v->editing + 1);
		canvas_text_cut(c, y - 1, x, w, line, ST_BOLD);
	}
	/* The point wraps on its rows, never scrolling out of sight. */
	canvas_label(c, y, x, lw, labels[0], v->focus == NF_POINT, 0);
	textfield_draw(&v->point, c, y, x + lw, w - lw, ph,
	    v->focus == NF_POINT);
	y += ph;
	canvas_label(c, y, x, lw, labels[1], v->focus == NF_TAG, 0);
	snprintf(tagline, sizeof tagline, "%s %s %s", utf8_locale_ok() ?
	    "\xe2\x97\x80" : "<", v->tag != NOTES_NONE &&
	    v->tag < k->pack->ntags ? pack_text_tag(k->pack,
	    &k->pack->tags[v->tag], k->lang) :
	    _("(no tag)"), utf8_locale_ok() ? "\xe2\x96\xb6" : ">");
	canvas_text_cut(c, y++, x + lw, w - lw, k->pack->ntags > 0 ? tagline :
	    _("(this pack has no tags)"), v->focus == NF_TAG ? ST_SELECTED :
	    ST_NORMAL);
	canvas_label(c, y, x, lw, labels[2], v->focus == NF_THEME, 0);
	textfield_draw(&v->theme, c, y++, x + lw, w - lw, 1,
	    v->focus == NF_THEME);
	y++;
	bx = x + lw;
	bx += canvas_button(c, y, bx, x + w - bx, v->editing == NOTES_NONE ?
	    _("Add the note") : _("Save the changes"), v->focus == NF_SAVE,
	    0) + 3;
	if (v->editing != NOTES_NONE)
		bx += canvas_button(c, y, bx, x + w - bx, _("Delete it"),
		    v->focus == NF_DELETE, 0) + 3;
	if (sess->nnotes > 0)
		canvas_button(c, y, bx, x + w - bx, _("Seal these notes"),
		    v->focus == NF_SEAL, 0);
	y++;
	if (v->focus == NF_TAG)
		canvas_wrap(c, y, x, w, top + height - y, _("Left and Right "
		    "change the tag; Enter shows them all."), ST_DIM, 0);
}

const struct screen_class screen_notes_class = {
	.name = "notes",
	.size = sizeof(struct screen_notes),
	.text_input = 1,
	.behind_pin = 1,
	.enter = screen_notes_enter,
	.leave = screen_notes_leave,
	.key = screen_notes_key,
	.draw = screen_notes_draw,
	.title = screen_notes_title,
	.bindings = screen_notes_bindings,
};

/* Choosing a tag from the whole list ------------------------------------ */

struct screen_note_tag {
	struct menu		 menu;
	struct screen_notes	*v;
};

static int	screen_note_tag_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_note_tag_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_note_tag_choose },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

static int
screen_note_tag_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_note_tag *t = s->data;
	size_t i;

	t->v = (struct screen_notes *)(uintptr_t)arg;
	if (t->v == NULL)
		return -1;
	menu_add(&t->menu, _("(no tag)"), NULL, -1);
	for (i = 0; i < k->pack->ntags; i++)
		menu_add(&t->menu, pack_text_tag(k->pack, &k->pack->tags[i],
		    k->lang), NULL, (int)i);
	t->menu.sel = t->v->tag == NOTES_NONE ? 0 : t->v->tag + 1;
	return 0;
}

static void
screen_note_tag_leave(struct kiosk *k, struct screen *s)
{
	struct screen_note_tag *t = s->data;

	(void)k;
	menu_clear(&t->menu);
}

static int
screen_note_tag_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_note_tag *t = s->data;

	switch (menu_key(&t->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_note_tag_choose(k, s, ev);
	}
	if (ev->type == EV_KEY && ev->key == K_BACKSPACE)
		return R_POP;
	return R_NONE;
}

/* Enter, a number or a click: the selected tag; on to the theme. */
static int
screen_note_tag_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_note_tag *t = s->data;
	int id;

	(void)k;
	(void)ev;
	if (t->menu.n == 0)
		return R_NONE;
	id = menu_selected(&t->menu)->id;
	t->v->tag = id < 0 ? NOTES_NONE : (size_t)id;
	t->v->focus = NF_THEME;
	return R_POP;
}

static void
screen_note_tag_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_note_tag *t = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x;

	(void)k;
	canvas_text_cut(c, top + 1, x, w, _("Tag the note with a principle or "
	    "a commitment"), ST_TITLE);
	menu_draw(&t->menu, c, top + 3, x, w, height - 3);
}

const struct screen_class screen_note_tag_class = {
	.name = "note-tag",
	.size = sizeof(struct screen_note_tag),
	.behind_pin = 1,
	.enter = screen_note_tag_enter,
	.leave = screen_note_tag_leave,
	.key = screen_note_tag_key,
	.draw = screen_note_tag_draw,
	.title = screen_notes_title,
	.bindings = screen_note_tag_bindings,
};
