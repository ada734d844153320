/*
 * The kiosk's loop, screen stack and frame; see kiosk.h.
 *
 * The loop is: draw everything from state, flush, wait for one event, hand
 * it to the top screen, act on the reaction flags. A resize only changes
 * the canvas size; the next draw lays everything out again. Below
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
#include "sync/draft.h"
#include "tui/i18n.h"
#include "tui/screen-session.h"
#include "tui/screen-survey.h"
#include "tui/seal.h"
#include "tui/submit.h"

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

void
kiosk_area(const struct kiosk *k, int *top, int *height)
{
	int t = 1, bottom = 1;

	if (pack_is_demo(k->pack))
		t++;
	if (kiosk_unreviewed(k))
		t++;
	if (k->message[0] != '\0')
		bottom++;
	*top = t;
	*height = k->canvas.h - t - bottom;
	if (*height < 1)
		*height = 1;
}

/* 1 when F2 opens the language picker on screen s. */
static int
kiosk_lang_key_ok(const struct kiosk *k, const struct screen *s)
{
	return k->pack->nlangs > 1 && s->cls != &screen_language_class &&
	    s->cls != &screen_pin_class && s->cls != &screen_facilitator_class;
}

/*
 * The key line: the screen's bindings, as many as fit, and the language
 * key at the far end, always. Right to left, it is mirrored.
 */
static void
kiosk_draw_help(struct kiosk *k, struct screen *s)
{
	struct canvas *c = &k->canvas;
	const struct binding *b;
	int x = 1, y = c->h - 1, need, end = c->w - 1;
	char item[128];

	canvas_fill(c, y, 0, c->w, ST_HELP);
	if (kiosk_lang_key_ok(k, s)) {
		int all = 0;

		/* TRANSLATORS: the key line's labels are short, lowercase. */
		snprintf(item, sizeof item, "F2 %s", _("language"));
		need = (int)utf8_width(item);
		for (b = s->cls->bindings; b != NULL && b->keys != NULL; b++)
			all += (int)utf8_width(b->keys) + 3 +
			    (int)utf8_width(_(b->label));
		/* Only when the screen's own keys all fit beside it (the
		   header always shows F2 beside the language). */
		if (x + all + need <= c->w - 1) {
			canvas_text(c, y, k->rtl ? 1 : c->w - 1 - need, need,
			    item, ST_HELP);
			end -= need + 2;
		}
	}
	for (b = s->cls->bindings; b != NULL && b->keys != NULL; b++) {
		snprintf(item, sizeof item, "%s %s", b->keys, _(b->label));
		need = (int)utf8_width(item);
		if (x + need > end)
			break;
		canvas_text(c, y, k->rtl ? c->w - x - need : x, need, item,
		    ST_HELP);
		x += need + 2;
	}
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
		title = k->pack->title;
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
		canvas_fill(c, c->h - 2, 0, c->w, ST_WARN);
		canvas_text_align(c, c->h - 2, 1, c->w - 2, k->message, ST_WARN,
		    k->rtl);
	}
	kiosk_draw_help(k, s);
	s->cls->draw(k, s, c, top, height);
	if (k->idle_left >= 0)
		kiosk_draw_idle(k);
}

/* Keys every participant screen shares, unless the screen took them. */
static int
kiosk_global_key(struct kiosk *k, const struct ev *ev)
{
	struct screen *s = kiosk_top(k);

	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_F12:
		/* The facilitator's key: never shown in the key line. */
		if (s->cls == &screen_pin_class ||
		    s->cls == &screen_facilitator_class || s->cls->behind_pin)
			return R_NONE;
		kiosk_push(k, pin_is_set(k->home) ? &screen_pin_class :
		    k->appliance ? &screen_pinset_class :
		    &screen_facilitator_class, NULL);
		return R_REDRAW;
	case K_F1:
	case '?':
		if (s->cls != &screen_help_class)
			kiosk_push(k, &screen_help_class, NULL);
		return R_REDRAW;
	case '/':
		if (s->cls != &screen_search_class)
			kiosk_push(k, &screen_search_class, NULL);
		return R_REDRAW;
	case 'l':
	case 'L':
		/* Only where letters are not being typed. */
		if (!s->cls->text_input && kiosk_lang_key_ok(k, s))
			kiosk_push(k, &screen_language_class, NULL);
		return R_REDRAW;
	case K_ESC:
	case K_BACKSPACE:
		return R_POP;
	}
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
	struct screen *s = kiosk_top(k);

	if (k->pack->nlangs < 2)
		return;
	k->ask_lang = 1;
	if (k->depth == 1 && s->cls != &screen_language_class)
		kiosk_push(k, &screen_language_class, NULL);
}

void
kiosk_reset(struct kiosk *k)
{
	kiosk_home(k);
	/* The runner's leave() has done it; this makes sure. */
	draft_destroy(k->home, NULL);
	k->theme = k->default_theme;
	kiosk_set_lang(k, k->default_lang);
	k->message[0] = '\0';
	k->idle_left = -1;
	k->wipe = 1;
	k->last_input = time(NULL);
	/* The next person chooses their language first. */
	if (k->ask_lang)
		kiosk_push(k, &screen_language_class, NULL);
}

/* Is there anything of the last person's to clear? */
static int
kiosk_dirty(const struct kiosk *k)
{
	int start;

	/* The start: the home screen, under the picker when it is asked. */
	if (k->ask_lang)
		start = k->depth == 2 &&
		    k->stack[1].cls == &screen_language_class;
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

void
kiosk_event(struct kiosk *k, const struct ev *ev)
{
	struct screen *s = kiosk_top(k);
	int r = R_UNHANDLED;

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
	/* F2, the language, before any screen can take it. */
	if (ev->type == EV_KEY && ev->key == K_F2) {
		if (kiosk_lang_key_ok(k, s))
			kiosk_push(k, &screen_language_class, NULL);
		return;
	}
	if (s->cls->key != NULL)
		r = s->cls->key(k, s, ev);
	if (r & R_UNHANDLED)
		r = kiosk_global_key(k, ev);
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
	return kiosk_push(k, &screen_home_class, NULL);
}

int
kiosk_submit(struct kiosk *k, const struct survey_response *resp,
    const struct survey *sv, char **cause)
{
	int r;

	if (k->submit != NULL)
		r = k->submit(k, resp, cause);
	else
		r = submit_send(resp, cause);
	if (r == 0)
		screen_session_sealed(k, resp, sv);
	return r;
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
	screen_session_forget(k);
	canvas_free(&k->canvas);
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

	if (seal_identity(&cause) != 0) {
		kiosk_notice(k, _("Answers cannot be saved on this laptop: %s"),
		    cause != NULL ? cause : _("the outbox did not open"));
		kiosk_draw(k);
		term_flush(&k->canvas);
	}
	free(cause);
}

void
kiosk_require_pin(struct kiosk *k)
{
	k->appliance = 1;
	if (!pin_is_set(k->home))
		kiosk_push(k, &screen_pinset_class, NULL);
}

int
kiosk_run(struct pack *pack, const char *home, const char *lang,
    enum theme theme, int flags)
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
	/* No language chosen for the session: each person chooses. */
	if (lang == NULL)
		kiosk_ask_lang(&k);
	/* After a crash, above the language picker: carry on, or not. */
	screen_session_restore(&k);
	screen_resume_offer(&k);
	/* Before anyone, the laptop's own session sets its PIN. */
	if (flags & KIOSK_APPLIANCE)
		kiosk_require_pin(&k);
	while (k.running) {
		if (k.wipe) {
			/* Nothing of the last person stays on the glass. */
			term_wipe();
			k.wipe = 0;
		}
		/* Answers given in the last batch of input are kept first. */
		sv_journal_kiosk(&k);
		kiosk_draw(&k);
		term_flush(&k.canvas);
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
	screen_session_end(&k);
	kiosk_free(&k);
	term_end();
	return 0;
}
