/*
 * The kiosk's loop, screen stack and frame; see kiosk.h.
 *
 * The loop is: the screens' flush hooks (the batch of input is done),
 * draw everything from state, show it, then take every event waiting,
 * each through kiosk_event to the screens and acted on by its reaction
 * flags. A resize only changes the canvas size; the next draw lays
 * everything out again. Below
 * KIOSK_MIN_W x KIOSK_MIN_H the frame asks for a larger window instead of
 * drawing a screen that cannot fit.
 */
#include "tui/kiosk.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/i18n.h"
#include "tui/seal.h"

#define KIOSK_MIN_W	40
#define KIOSK_MIN_H	12

struct screen *
kiosk_top(struct kiosk *k)
{
	return k->depth > 0 ? &k->stack[k->depth - 1] : NULL;
}

int
kiosk_push(struct kiosk *k, const struct screen_class *cls, const void *arg)
{
	struct screen *s;

	if (k->depth >= KIOSK_MAX_DEPTH) {
		/* Deep link chains: forget the oldest pages, keep home. */
		struct screen *old = &k->stack[1];

		if (old->cls->leave != NULL)
			old->cls->leave(k, old);
		free(old->data);
		memmove(&k->stack[1], &k->stack[2],
		    (size_t)(k->depth - 2) * sizeof k->stack[0]);
		k->depth--;
	}
	s = &k->stack[k->depth];
	s->cls = cls;
	if ((s->data = calloc(1, cls->size > 0 ? cls->size : 1)) == NULL)
		return -1;
	k->depth++;
	if (cls->enter != NULL && cls->enter(k, s, arg) != 0) {
		if (cls->leave != NULL)
			cls->leave(k, s);
		free(s->data);
		s->data = NULL;
		k->depth--;
		return -1;
	}
	return 0;
}

void
kiosk_pop(struct kiosk *k)
{
	struct screen *s;

	if (k->depth <= 1)
		return;
	s = &k->stack[k->depth - 1];
	if (s->cls->leave != NULL)
		s->cls->leave(k, s);
	free(s->data);
	s->data = NULL;
	k->depth--;
}

int
kiosk_back(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)k;
	(void)s;
	(void)ev;
	return R_POP;
}

void
kiosk_home(struct kiosk *k)
{
	while (k->depth > 1)
		kiosk_pop(k);
}

void
kiosk_notice(struct kiosk *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->message, sizeof k->message, fmt, ap);
	va_end(ap);
}

/* 1 when the language in use was translated without a qualified translator. */
static int
kiosk_unreviewed(const struct kiosk *k)
{
	const struct pack_lang *l = pack_lang(k->pack, k->lang);

	return l != NULL && l->unreviewed;
}

/* The rows the notice takes, wrapped in the canvas's width. */
static int
kiosk_notice_rows(const struct kiosk *k)
{
	if (k->message[0] == '\0')
		return 0;
	return canvas_wrap(NULL, 0, 1, k->canvas.w - 2, KIOSK_NOTICE_LINES,
	    k->message, ST_WARN, k->rtl);
}

void
kiosk_area(const struct kiosk *k, int *top, int *height)
{
	int t = 1, bottom = 1;

	if (pack_is_demo(k->pack))
		t++;
	if (kiosk_unreviewed(k))
		t++;
	bottom += kiosk_notice_rows(k);
	*top = t;
	*height = k->canvas.h - t - bottom;
	if (*height < 1)
		*height = 1;
}

int
kiosk_lang_key_ok(const struct kiosk *k, const struct screen *s)
{
	return k->pack->nlangs > 1 && !s->cls->no_language;
}

/* Tell every class that listens. */
static void
kiosk_news(struct kiosk *k, enum kiosk_news what, const void *arg)
{
	const struct screen_class *const *c;

	for (c = kiosk_screens; *c != NULL; c++)
		if ((*c)->news != NULL)
			(*c)->news(k, what, arg);
}

/* The class that each person starts on when the kiosk asks, or NULL. */
static const struct screen_class *
kiosk_ask_first(void)
{
	const struct screen_class *const *c;

	for (c = kiosk_screens; *c != NULL; c++)
		if ((*c)->ask_first)
			return *c;
	return NULL;
}

/* 1 past the last row of a key table. */
static int
kiosk_binding_end(const struct binding *b)
{
	return b == NULL || (b->keys == NULL && b->key == 0);
}

/* 1 when row b of s's table is drawn on the help line. */
static int
kiosk_binding_shown(struct kiosk *k, struct screen *s, const struct binding *b)
{
	return b->keys != NULL && b->label != NULL &&
	    (s->cls->shown == NULL || s->cls->shown(k, s, b));
}

/* The row of table that acts on key, or NULL. */
static const struct binding *
kiosk_binding_for(const struct binding *b, int key)
{
	for (; key != 0 && !kiosk_binding_end(b); b++)
		if (b->action != NULL && (b->key == key || b->key2 == key))
			return b;
	return NULL;
}

/* Remember that row y shows key in columns x to x + w - 1, for clicks. */
static void
kiosk_foot_add(struct kiosk *k, int y, int x, int w, int key)
{
	if (key == 0 || w <= 0 || k->nfoot >= KIOSK_MAX_FOOT)
		return;
	k->foot[k->nfoot].y = y;
	k->foot[k->nfoot].x = x;
	k->foot[k->nfoot].w = w;
	k->foot[k->nfoot].key = key;
	k->nfoot++;
}

/*
 * Where a click on row b, drawn at x in w columns, presses which key: the
 * whole of it presses its key, but for a pair ("\xe2\x86\x91\xe2\x86\x93"): its first key's
 * columns press key, the rest key2.
 */
static void
kiosk_foot_row(struct kiosk *k, const struct binding *b, int y, int x, int w)
{
	size_t used;
	int first;

	if (b->action != NULL || b->key2 == 0 || b->key == 0) {
		kiosk_foot_add(k, y, x, w, b->key);
		return;
	}
	utf8_fit(b->keys, strlen(b->keys), 1, &used);
	first = (int)used > 0 ? (int)used : 1;
	if (k->rtl) {
		kiosk_foot_add(k, y, x + w - first, first, b->key);
		kiosk_foot_add(k, y, x, w - first, b->key2);
	} else {
		kiosk_foot_add(k, y, x, first, b->key);
		kiosk_foot_add(k, y, x + first, w - first, b->key2);
	}
}

/*
 * The key line: the screen's bindings, as many as fit, and the language
 * key at the far end, always. Right to left, it is mirrored. Where each
 * key is drawn is kept for clicks.
 */
static void
kiosk_draw_help(struct kiosk *k, struct screen *s)
{
	struct canvas *c = &k->canvas;
	const struct screen_class *const *cls;
	const struct binding *b;
	int x = 1, y = c->h - 1, need, end = c->w - 1, at;
	char item[128];

	canvas_fill(c, y, 0, c->w, ST_HELP);
	if (kiosk_lang_key_ok(k, s)) {
		int all = 0;

		/* TRANSLATORS: the key line's labels are short, lowercase. */
		snprintf(item, sizeof item, "F2 %s", _("language"));
		need = (int)utf8_width(item);
		for (b = s->cls->bindings; !kiosk_binding_end(b); b++)
			if (kiosk_binding_shown(k, s, b))
				all += (int)utf8_width(b->keys) + 3 +
				    (int)utf8_width(_(b->label));
		for (cls = kiosk_screens; *cls != NULL; cls++)
			for (b = (*cls)->global_first; !kiosk_binding_end(b);
			    b++)
				if (b->keys != NULL && b->label != NULL)
					all += (int)utf8_width(b->keys) + 3 +
					    (int)utf8_width(_(b->label));
		/* Only when the screen's own keys all fit beside it (the
		   header always shows F2 beside the language). */
		if (x + all + need <= c->w - 1) {
			at = k->rtl ? 1 : c->w - 1 - need;
			canvas_text(c, y, at, need, item, ST_HELP);
			kiosk_foot_add(k, y, at, need, K_F2);
			end -= need + 2;
		}
	}
	for (cls = kiosk_screens; *cls != NULL; cls++)
		for (b = (*cls)->global_first; !kiosk_binding_end(b); b++) {
			if (b->keys == NULL || b->label == NULL)
				continue;
			snprintf(item, sizeof item, "%s %s", b->keys,
			    _(b->label));
			need = (int)utf8_width(item);
			if (x + need > end)
				break;
			at = k->rtl ? c->w - x - need : x;
			canvas_text(c, y, at, need, item, ST_HELP);
			kiosk_foot_add(k, y, at, need, b->key);
			x += need + 2;
		}
	for (b = s->cls->bindings; !kiosk_binding_end(b); b++) {
		if (!kiosk_binding_shown(k, s, b))
			continue;
		snprintf(item, sizeof item, "%s %s", b->keys, _(b->label));
		need = (int)utf8_width(item);
		if (x + need > end)
			break;
		at = k->rtl ? c->w - x - need : x;
		canvas_text(c, y, at, need, item, ST_HELP);
		kiosk_foot_row(k, b, y, at, need);
		x += need + 2;
	}
}

/*
 * A click on a key of the help line is a press of that key: 1 and *key
 * filled in, else 0 (the click is the screen's).
 */
static int
kiosk_foot_click(const struct kiosk *k, const struct ev *ev, struct ev *key)
{
	int i;

	if (ev->type != EV_MOUSE || ev->button != MOUSE_CLICK)
		return 0;
	for (i = 0; i < k->nfoot; i++)
		if (ev->my == k->foot[i].y && ev->mx >= k->foot[i].x &&
		    ev->mx < k->foot[i].x + k->foot[i].w) {
			memset(key, 0, sizeof *key);
			key->type = EV_KEY;
			key->key = k->foot[i].key;
			return 1;
		}
	return 0;
}

/*
 * "Translation to be checked", in the language in use and in English,
 * under the header (and the demo banner).
 */
static void
kiosk_draw_unreviewed(struct kiosk *k, int y)
{
	struct canvas *c = &k->canvas;
	const char *en = N_("Translation to be checked"), *local = _(en);
	char both[256];

	canvas_fill(c, y, 0, c->w, ST_WARN);
	if (strcmp(local, en) == 0) {
		canvas_text_align(c, y, 1, c->w - 2, en, ST_WARN, k->rtl);
		return;
	}
	if (!k->rtl) {
		snprintf(both, sizeof both, "%s \xc2\xb7 %s", local, en);
		canvas_text_cut(c, y, 1, c->w - 2, both, ST_WARN);
	} else {
		/* Two texts, so neither reorders the other. */
		int at = canvas_text_align(c, y, 1, c->w - 2, local, ST_WARN,
		    1);

		if (at - 1 > (int)strlen(en) + 4) {
			canvas_text(c, y, at - 3, 1, "\xc2\xb7", ST_WARN);
			canvas_text(c, y, at - 4 - (int)strlen(en),
			    (int)strlen(en), en, ST_WARN);
		}
	}
}

const char *
kiosk_lang_name(const struct kiosk *k)
{
	return pack_lang_name(k->pack, k->lang);
}

/*
 * The header's end: the language in use, in its own script, after "F2"
 * where that key changes it. Returns the columns it takes.
 */
static int
kiosk_draw_lang(struct kiosk *k, int draw)
{
	struct canvas *c = &k->canvas;
	struct screen *s = kiosk_top(k);
	const char *name = kiosk_lang_name(k);
	int lw = (int)utf8_width(name), f2 = s != NULL &&
	    kiosk_lang_key_ok(k, s) ? 3 : 0, x;

	if (lw > c->w / 3)
		lw = c->w / 3;
	x = k->rtl ? 1 : c->w - 1 - lw - f2;
	if (draw) {
		if (f2)
			canvas_text(c, 0, x, 2, "F2", ST_HEADER);
		canvas_text_cut(c, 0, x + f2, lw, name, ST_HEADER);
		/* A click on it is F2, as the key line's keys are keys. */
		if (f2)
			kiosk_foot_add(k, 0, x, lw + f2, K_F2);
	}
	return lw + f2;
}

void
kiosk_header_note(struct kiosk *k, const char *note)
{
	struct canvas *c = &k->canvas;
	int nw = kiosk_draw_lang(k, 0), w = (int)utf8_width(note);

	if (k->rtl)
		canvas_text(c, 0, nw + 2, w, note, ST_HEADER);
	else
		canvas_text(c, 0, c->w - nw - 2 - w, w, note, ST_HEADER);
}

/* The idle warning: a box in the middle, over whatever is there. */
static void
kiosk_draw_idle(struct kiosk *k)
{
	struct canvas *c = &k->canvas;
	char line[160];
	int w = c->w - 8 < 60 ? c->w - 8 : 60, x = (c->w - w) / 2,
	    y = c->h / 2 - 3, i;

	for (i = 0; i < 6; i++)
		canvas_fill(c, y + i, x, w, ST_WARN);
	canvas_text_cut(c, y + 1, x + 2, w - 4, _("Are you still there?"),
	    ST_WARN);
	snprintf(line, sizeof line, ngettext("Starting again for the next "
	    "person in %d second.", "Starting again for the next person in "
	    "%d seconds.", k->idle_left), k->idle_left);
	canvas_text_cut(c, y + 2, x + 2, w - 4, line, ST_WARN);
	canvas_text_cut(c, y + 4, x + 2, w - 4, _("Press any key to carry on."),
	    ST_WARN);
}

void
kiosk_draw(struct kiosk *k)
{
	struct canvas *c = &k->canvas;
	struct screen *s = kiosk_top(k);
	const char *title = NULL;
	int top, height, lw, row;

	canvas_clear(c);
	c->rtl = k->rtl;
	k->nfoot = 0;
	if (c->w < KIOSK_MIN_W || c->h < KIOSK_MIN_H) {
		struct layout *lay = NULL;
		size_t i;

		/* Wrapped, so it reads even in a very narrow window. */
		if (layout_text(_("Please make this window larger (at least "
		    "40 by 12)."), 0, (size_t)c->w, &lay) == 0)
			for (i = 0; i < lay->n && (int)i < c->h; i++)
				canvas_text(c, (int)i, 0, c->w,
				    lay->lines[i].text, ST_BOLD);
		layout_free(&lay);
		return;
	}
	if (s == NULL)
		return;
	if (s->cls->title != NULL)
		title = s->cls->title(k, s);
	if (title == NULL)
		title = pack_text_title(k->pack, k->lang);
	/* The language's name, in its own script, at the header's end. */
	canvas_fill(c, 0, 0, c->w, ST_HEADER);
	lw = kiosk_draw_lang(k, 1);
	canvas_text_align(c, 0, k->rtl ? lw + 3 : 1, c->w - lw - 4, title,
	    ST_HEADER, k->rtl);
	kiosk_area(k, &top, &height);
	row = 1;
	if (pack_is_demo(k->pack)) {
		/* On every screen while the hub's identity is public. */
		canvas_fill(c, row, 0, c->w, ST_WARN);
		canvas_text_align(c, row, 1, c->w - 2,
		    _("Demo mode: answers are not private."), ST_WARN, k->rtl);
		row++;
	}
	if (kiosk_unreviewed(k))
		kiosk_draw_unreviewed(k, row);
	if (k->message[0] != '\0') {
		int n = kiosk_notice_rows(k), i;

		for (i = 0; i < n; i++)
			canvas_fill(c, c->h - 1 - n + i, 0, c->w, ST_WARN);
		canvas_wrap(c, c->h - 1 - n, 1, c->w - 2, n, k->message,
		    ST_WARN, k->rtl);
	}
	kiosk_draw_help(k, s);
	s->cls->draw(k, s, c, top, height);
	if (k->idle_left >= 0)
		kiosk_draw_idle(k);
}

/*
 * A key that opens a screen from any other: the first row of the classes'
 * global_first (first) or global tables that acts on it. 1 and *r set,
 * else 0.
 */
static int
kiosk_global(struct kiosk *k, const struct ev *ev, int first, int *r)
{
	const struct screen_class *const *c;
	const struct binding *b;

	if (ev->type != EV_KEY)
		return 0;
	for (c = kiosk_screens; *c != NULL; c++)
		if ((b = kiosk_binding_for(first ? (*c)->global_first :
		    (*c)->global, ev->key)) != NULL) {
			*r = b->action(k, kiosk_top(k), ev);
			return 1;
		}
	return 0;
}

/*
 * Keys every participant screen shares, unless the screen took them: Esc
 * leaves; so does Backspace, but not on a screen where text is typed.
 */
static int
kiosk_global_key(struct kiosk *k, const struct ev *ev)
{
	int r;

	if (kiosk_global(k, ev, 0, &r))
		return r;
	if (ev->type == EV_KEY && (ev->key == K_ESC ||
	    (ev->key == K_BACKSPACE && !kiosk_top(k)->cls->text_input)))
		return R_POP;
	return R_NONE;
}

int
kiosk_set_lang(struct kiosk *k, const char *code)
{
	if (code == NULL || !pack_has_lang(k->pack, code) ||
	    strlen(code) >= sizeof k->lang)
		return -1;
	snprintf(k->lang, sizeof k->lang, "%s", code);
	i18n_set_lang(code);
	k->rtl = i18n_rtl(code);
	return 0;
}

void
kiosk_ask_lang(struct kiosk *k)
{
	const struct screen_class *first = kiosk_ask_first();

	if (k->pack->nlangs < 2)
		return;
	k->ask_lang = 1;
	if (k->depth == 1 && first != NULL)
		kiosk_push(k, first, NULL);
}

void
kiosk_reset(struct kiosk *k)
{
	const struct screen_class *first = kiosk_ask_first();

	kiosk_home(k);
	kiosk_news(k, KIOSK_RESET, NULL);
	k->theme = k->default_theme;
	kiosk_set_lang(k, k->default_lang);
	k->message[0] = '\0';
	k->idle_left = -1;
	k->wipe = 1;
	k->last_input = time(NULL);
	/* The next person chooses their language first. */
	if (k->ask_lang && first != NULL)
		kiosk_push(k, first, NULL);
}

/* Is there anything of the last person's to clear? */
static int
kiosk_dirty(const struct kiosk *k)
{
	int start;

	/* The start: the home screen, under the picker when it is asked. */
	if (k->ask_lang)
		start = k->depth == 2 && k->stack[1].cls->ask_first;
	else
		start = k->depth == 1;
	return !start || k->theme != k->default_theme ||
	    strcmp(k->lang, k->default_lang) != 0 ||
	    k->message[0] != '\0';
}

/*
 * A second passed: after idle_warning quiet seconds, a warning counts down
 * idle_countdown more, then the kiosk starts again for the next person.
 */
static void
kiosk_tick(struct kiosk *k)
{
	long quiet = (long)(time(NULL) - k->last_input);
	long warn = k->pack->idle_warning, count = k->pack->idle_countdown;

	/* Nothing to clear, or a screen that waits for the next voter. */
	if (!kiosk_dirty(k) || kiosk_top(k)->cls->idle_keep) {
		k->idle_left = -1;
		return;
	}
	if (quiet >= warn + count)
		kiosk_reset(k);
	else if (quiet >= warn)
		k->idle_left = (int)(warn + count - quiet);
	else
		k->idle_left = -1;
}

/*
 * Where a key or a click goes: the keys no screen may take (F2), the
 * screen's key table, its own handler, then the keys every screen shares.
 * Returns the reaction flags.
 */
static int
kiosk_dispatch(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	const struct binding *b;
	int r = R_UNHANDLED;

	if (kiosk_global(k, ev, 1, &r))
		return r;
	if (ev->type == EV_KEY &&
	    (b = kiosk_binding_for(s->cls->bindings, ev->key)) != NULL)
		r = b->action(k, s, ev);
	else if (s->cls->key != NULL)
		r = s->cls->key(k, s, ev);
	if (r & R_UNHANDLED)
		r = kiosk_global_key(k, ev);
	return r;
}

void
kiosk_event(struct kiosk *k, const struct ev *ev)
{
	struct screen *s = kiosk_top(k);
	struct ev click;
	int r;

	if (ev->type == EV_RESIZE || s == NULL)
		return;
	if (ev->type == EV_TICK) {
		kiosk_tick(k);
		return;
	}
	if (ev->type == EV_KEY || ev->type == EV_MOUSE) {
		k->last_input = time(NULL);
		k->message[0] = '\0';
		/* A key during the idle warning only says "still here". */
		if (k->idle_left >= 0) {
			k->idle_left = -1;
			return;
		}
	}
	/* Too small to draw: nothing to act on either. */
	if (k->canvas.w < KIOSK_MIN_W || k->canvas.h < KIOSK_MIN_H)
		return;
	if (kiosk_foot_click(k, ev, &click))
		ev = &click;
	r = kiosk_dispatch(k, s, ev);
	if (r & R_POP)
		kiosk_pop(k);
	if (r & R_HOME)
		kiosk_home(k);
	if (r & R_QUIT)
		k->running = 0;
}

int
kiosk_init(struct kiosk *k, struct pack *pack, const char *home,
    const char *lang, enum theme theme, int w, int h)
{
	memset(k, 0, sizeof *k);
	k->pack = pack;
	k->home = home;
	k->idle_left = -1;
	if (lang == NULL || !pack_has_lang(pack, lang))
		lang = pack->default_lang;
	snprintf(k->default_lang, sizeof k->default_lang, "%s", lang);
	if (kiosk_set_lang(k, lang) != 0)
		return -1;
	k->theme = k->default_theme = theme;
	k->running = 1;
	k->last_input = time(NULL);
	if (canvas_resize(&k->canvas, w, h) != 0)
		return -1;
	return kiosk_push(k, kiosk_screens[0], NULL);
}

int
kiosk_submit(struct kiosk *k, const struct survey_response *resp,
    const struct survey *sv, char **cause)
{
	int r;

	if (k->submit != NULL)
		r = k->submit(k, resp, cause);
	else
		r = seal_submit(k->seal, k->session, resp, cause);
	if (r == 0) {
		struct kiosk_sealed sealed = { resp, sv };

		if (resp->kind != NULL && strcmp(resp->kind, "contact") == 0)
			k->contacts++;
		kiosk_news(k, KIOSK_SEALED, &sealed);
	}
	return r;
}

int
kiosk_submit_ready(const struct kiosk *k)
{
	return k->submit != NULL || seal_ready(k->seal);
}

int
kiosk_submit_open(struct kiosk *k, char **cause)
{
	return k->submit != NULL ? 0 : seal_open(k->seal, cause);
}

void
kiosk_free(struct kiosk *k)
{
	while (k->depth > 1)
		kiosk_pop(k);
	if (k->depth == 1) {
		if (k->stack[0].cls->leave != NULL)
			k->stack[0].cls->leave(k, &k->stack[0]);
		free(k->stack[0].data);
		k->depth = 0;
	}
	/* The session's draft stays: only ending it, or quitting, ends it. */
	kiosk_news(k, KIOSK_FREED, NULL);
	canvas_free(&k->canvas);
}

void
kiosk_start(struct kiosk *k)
{
	kiosk_news(k, KIOSK_STARTED, NULL);
}

void
kiosk_flush(struct kiosk *k)
{
	int i;

	for (i = 0; i < k->depth; i++)
		if (k->stack[i].cls->flush != NULL)
			k->stack[i].cls->flush(k, &k->stack[i]);
}

/*
 * Just after the first frame: make the device identity on the first start
 * (tui/seal.h); a person sees the kiosk at once, and the facilitator sees
 * at once if nothing can be stored here.
 */
static void
kiosk_open_outbox(struct kiosk *k)
{
	char *cause = NULL;

	if (seal_identity(k->seal, &cause) != 0) {
		kiosk_notice(k, _("Answers cannot be saved on this laptop: %s"),
		    cause != NULL ? cause : _("the outbox did not open"));
		kiosk_draw(k);
		term_flush(&k->canvas);
	}
	free(cause);
}

int
kiosk_run(struct pack *pack, const char *home, const char *bundled,
    const char *lang, enum theme theme, struct seal *seal, int flags)
{
	struct kiosk k;
	struct ev ev;
	int w, h, n, opened = 0;

	/* A participant must not stop or suspend the kiosk from the keyboard. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	if (term_init(theme) != 0) {
		fprintf(stderr, "outreach: %s\n",
		    _("cannot start the screen (is TERM set?)"));
		return 1;
	}
	term_size(&w, &h);
	if (kiosk_init(&k, pack, home, lang != NULL ? lang :
	    i18n_locale_lang(pack), theme, w, h) != 0) {
		term_end();
		fprintf(stderr, "outreach: %s\n", _("out of memory"));
		return 1;
	}
	k.seal = seal;
	k.bundled_pack = bundled;
	/* No language chosen for the session: each person chooses. */
	if (lang == NULL)
		kiosk_ask_lang(&k);
	/* After a crash, above the language picker: carry on, or not. */
	/* The laptop's own session: never live without a PIN (pinset). */
	k.appliance = (flags & KIOSK_APPLIANCE) != 0;
	kiosk_start(&k);
	while (k.running) {
		if (k.wipe) {
			/* Nothing of the last person stays on the glass. */
			term_wipe();
			k.wipe = 0;
		}
		/* Answers given in the last batch of input are kept first. */
		kiosk_flush(&k);
		kiosk_draw(&k);
		term_flush(&k.canvas);
		/* Speech reads what was just drawn (tui/screen-speech.c). */
		kiosk_news(&k, KIOSK_DRAWN, NULL);
		if (!opened) {
			opened = 1;
			kiosk_open_outbox(&k);
		}
		/*
		 * Take every event already waiting before drawing again, so a
		 * long paste or a mouse storm costs one redraw, not thousands.
		 */
		term_read(&ev, 1000);
		for (n = 0; k.running; n++) {
			if (ev.type == EV_RESIZE) {
				term_size(&w, &h);
				canvas_resize(&k.canvas, w, h);
				k.wipe = 1;
			} else
				kiosk_event(&k, &ev);
			if (n >= 4096)
				break;
			term_read(&ev, 0);
			if (ev.type == EV_TICK)
				break;
		}
		if (k.theme != theme) {
			theme = k.theme;
			term_set_theme(theme);
		}
	}
	/* Quitting ends the session (a crash does not: its draft is kept). */
	kiosk_news(&k, KIOSK_QUIT, NULL);
	kiosk_free(&k);
	term_end();
	return 0;
}
