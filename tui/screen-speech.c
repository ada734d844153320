/*
 * Speech at the kiosk: the keys that work on every screen, what is said
 * after each frame, and the facilitator's speech settings (a screen of
 * its own, from the facilitator menu).
 *
 * F3 turns speech on for this person and reads the screen (again, when it
 * is on); F4 stops it and turns it off; F5 reads the screen again more
 * slowly; F6 reads back what is typed in a field, which is never read
 * otherwise. With speech on, a screen that opens (or comes back in
 * another language) is read whole, title, content and keys; on the same
 * screen, what a key changed is read: new rows, and the item in focus
 * with its place and state ("2 of 5, Agree, selected"). Everything read
 * comes from the frame just drawn (tui/speech-read.h), in the voice of
 * the language in use. A language with no voice says so in its own words
 * and offers English: F3 again switches to English. A reset stops what
 * is being said, forgets what was read and turns speech off (or on, when
 * the facilitator set speech to start on its own).
 *
 * The facilitator's settings (volume, speed, starting on its own) are
 * kept in the data folder, beside the PIN:
 *
 *	<home>/speech.ini, mode 0600:
 *	[speech]
 *	rate = 175          words a minute, 80-450
 *	volume = 100        percent, 0-200
 *	autostart = no      yes: speech is on for each person from the start
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/ini.h"
#include "content/pack.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/speech-read.h"
#include "tui/speech.h"

#define SPEECH_FILE	"speech.ini"

struct kiosk_speech {
	struct speech_settings set;
	int		 on;
	int		 rate;		/* this person's: set.rate, or slower */
	int		 whole;		/* read the whole next frame */
	int		 typed;		/* read the typed text of the next */
	char		 offer_en[36];	/* no voice for this language: F3
					   again switches to English */
	const void	*screen;	/* the top screen last read */
	int		 depth;
	char		 lang[36];	/* the language last read in */
	char		*rows;		/* the rows last read */
	char		*focus;		/* the focus last read */
	char		 voice_lang[36];	/* the last language asked */
	char		 voice[SPEECH_VOICE_MAX];	/* its voice, or "" */
};

/* The voice of lang in voice; 0 when none. Asked once per language. */
static int
screen_speech_voice(struct kiosk_speech *sp, const char *lang,
    char voice[SPEECH_VOICE_MAX])
{
	if (strcmp(sp->voice_lang, lang) != 0) {
		if (!speech_has_voice(lang, sp->voice))
			sp->voice[0] = '\0';
		snprintf(sp->voice_lang, sizeof sp->voice_lang, "%s", lang);
	}
	memcpy(voice, sp->voice, SPEECH_VOICE_MAX);
	return voice[0] != '\0';
}

/* The settings in <home>/speech.ini, or the defaults. */
static void
screen_speech_load(const char *home, struct speech_settings *set)
{
	struct ini *ini = NULL;
	const char *v;
	char *path;
	long n;

	speech_settings_default(set);
	if (home == NULL || (path = file_join(home, SPEECH_FILE)) == NULL)
		return;
	if (ini_load(path, &ini, NULL) == 0) {
		if ((v = ini_get(ini, "speech", "rate")) != NULL &&
		    (n = strtol(v, NULL, 10)) >= SPEECH_RATE_MIN &&
		    n <= SPEECH_RATE_MAX)
			set->rate = (int)n;
		if ((v = ini_get(ini, "speech", "volume")) != NULL &&
		    (n = strtol(v, NULL, 10)) >= 0 && n <= SPEECH_VOLUME_MAX)
			set->volume = (int)n;
		if ((v = ini_get(ini, "speech", "autostart")) != NULL)
			set->autostart = strcmp(v, "yes") == 0;
	}
	ini_free(&ini);
	free(path);
}

/* Keep the settings: 0, or an ERR_* value and *cause (Caller frees). */
static int
screen_speech_save(const char *home, const struct speech_settings *set,
    char **cause)
{
	char text[200], *path;
	int r, n;

	if ((path = file_join(home, SPEECH_FILE)) == NULL)
		return ERR_NOMEM;
	n = snprintf(text, sizeof text, "[speech]\nrate = %d\nvolume = %d\n"
	    "autostart = %s\n", set->rate, set->volume,
	    set->autostart ? "yes" : "no");
	r = file_write_atomic(path, text, (size_t)n, 0600, cause);
	free(path);
	return r;
}

/* Forget what was read (it may hold a person's answers). */
static void
screen_speech_forget(struct kiosk_speech *sp)
{
	struct speech_frame f = { sp->rows, sp->focus, NULL, 0, 0 };

	speech_frame_clear(&f);
	sp->rows = sp->focus = NULL;
	sp->screen = NULL;
	sp->lang[0] = '\0';
}

/* The next person: speech stopped, off (or on by the settings). */
static void
screen_speech_person(struct kiosk_speech *sp)
{
	speech_stop();
	screen_speech_forget(sp);
	sp->on = sp->set.autostart;
	sp->rate = sp->set.rate;
	sp->whole = 1;
	sp->typed = 0;
	sp->offer_en[0] = '\0';
}

/* The language to offer when k->lang has no voice: English, or "". */
static const char *
screen_speech_english(struct kiosk *k)
{
	char voice[SPEECH_VOICE_MAX];

	if (pack_has_lang(k->pack, "en") &&
	    screen_speech_voice(k->speech, "en", voice))
		return "en";
	return "";
}

/*
 * No voice reads k->lang: say so on the screen in its words, and aloud
 * in English, and offer English.
 */
static void
screen_speech_no_voice(struct kiosk *k, struct kiosk_speech *sp)
{
	static const char *msg = N_("There is no voice for this language "
	    "yet. Press F3 again to hear this screen in English.");
	const char *en = screen_speech_english(k);
	char voice[SPEECH_VOICE_MAX];

	if (en[0] == '\0' || !screen_speech_voice(sp, "en", voice)) {
		if (speech_why()[0] != '\0')
			kiosk_notice(k, "%s", _("Speech cannot be used on "
			    "this laptop."));
		else
			kiosk_notice(k, "%s", _("There is no voice for this "
			    "language yet."));
		return;
	}
	snprintf(sp->offer_en, sizeof sp->offer_en, "%s", k->lang);
	kiosk_notice(k, "%s", _(msg));
	speech_say(voice, sp->rate, sp->set.volume, msg);
}

/* The whole frame, made into speech (Caller frees). */
static char *
screen_speech_whole(const struct speech_frame *f)
{
	return speech_read_sentences(f->rows);
}

/* The item in focus: "2 of 5, Agree, selected" (Caller frees). */
static char *
screen_speech_focus(const struct speech_frame *f)
{
	char *out = NULL, *focus = speech_read_sentences(f->focus);
	size_t len;

	if (focus == NULL)
		return NULL;
	len = strlen(focus) + 64;
	if ((out = malloc(len)) != NULL) {
		if (f->focus_n > 0) {
			char where[64];

			/* TRANSLATORS: where the item in focus is: "2 of 5". */
			snprintf(where, sizeof where, _("%d of %d"),
			    f->focus_i, f->focus_n);
			snprintf(out, len, "%s, %s", where, focus);
		} else
			snprintf(out, len, "%s", focus);
	}
	explicit_bzero(focus, strlen(focus));
	free(focus);
	return out;
}

/* Wipe and free a string, and forget it. */
static void
screen_speech_wipe(char **s)
{
	if (*s != NULL) {
		explicit_bzero(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

/* What changed on the same screen: new rows, then the focus. */
static char *
screen_speech_change(struct kiosk_speech *sp, const struct speech_frame *f)
{
	char *fresh = speech_read_new_rows(sp->rows, f->rows), *rows = NULL;
	char *focus = NULL, *out = NULL;
	size_t len;

	if (fresh == NULL)
		return NULL;
	/* The rows in focus are read with their place and state below. */
	if (sp->focus == NULL || strcmp(sp->focus, f->focus) != 0) {
		char *rest = speech_read_new_rows(f->focus, fresh);

		screen_speech_wipe(&fresh);
		if (rest == NULL)
			return NULL;
		fresh = rest;
		focus = f->focus[0] != '\0' ? screen_speech_focus(f) : NULL;
	}
	rows = speech_read_sentences(fresh);
	len = (rows != NULL ? strlen(rows) : 0) +
	    (focus != NULL ? strlen(focus) : 0) + 2;
	if (rows != NULL && (out = malloc(len)) != NULL)
		snprintf(out, len, "%s%s", rows, focus != NULL ? focus : "");
	if (rows != NULL)
		explicit_bzero(rows, strlen(rows));
	if (focus != NULL)
		explicit_bzero(focus, strlen(focus));
	explicit_bzero(fresh, strlen(fresh));
	free(rows);
	free(focus);
	free(fresh);
	return out;
}

/* The number of rows (lines) of text. */
static size_t
screen_speech_nrows(const char *rows)
{
	size_t n = 0;

	for (; rows != NULL && *rows != '\0'; rows++)
		n += *rows == '\n';
	return n;
}

/*
 * 1 when the frame is mostly new (the next question of a survey, on the
 * same screen): it is read whole, as a screen that opens is.
 */
static int
screen_speech_mostly_new(const struct kiosk_speech *sp,
    const struct speech_frame *f)
{
	char *fresh;
	size_t n;

	if (sp->rows == NULL)
		return 1;
	if ((fresh = speech_read_new_rows(sp->rows, f->rows)) == NULL)
		return 0;
	n = screen_speech_nrows(fresh);
	explicit_bzero(fresh, strlen(fresh));
	free(fresh);
	return 2 * n > screen_speech_nrows(f->rows);
}

/* The pack's recording of what s shows (Caller frees), or NULL. */
static char *
screen_speech_audio(struct kiosk *k, struct screen *s)
{
	return s->cls->audio != NULL ? s->cls->audio(k, s) : NULL;
}

/* After a frame: read what it shows that was not read yet. */
static void
screen_speech_drawn(struct kiosk *k, struct kiosk_speech *sp)
{
	struct screen *s = kiosk_top(k);
	struct speech_frame f;
	char voice[SPEECH_VOICE_MAX], *say = NULL;
	int opened, whole;

	if (!sp->on || s == NULL || speech_read_frame(&k->canvas, &f) != 0)
		return;
	opened = sp->whole || s->data != sp->screen || k->depth != sp->depth ||
	    strcmp(k->lang, sp->lang) != 0;
	whole = opened || screen_speech_mostly_new(sp, &f);
	if ((say = screen_speech_audio(k, s)) != NULL) {
		/*
		 * A person's recording of the page, instead of the voice:
		 * played when the page opens, and left to play as it scrolls.
		 */
		if (opened)
			speech_play(say, sp->set.volume);
		free(say);
		say = NULL;
	} else if (whole && !screen_speech_voice(sp, k->lang, voice)) {
		if (strcmp(k->lang, sp->lang) != 0 &&
		    strcmp(sp->offer_en, k->lang) != 0)
			screen_speech_no_voice(k, sp);
	} else if (whole)
		say = screen_speech_whole(&f);
	else if (sp->rows == NULL || strcmp(sp->rows, f.rows) != 0 ||
	    strcmp(sp->focus, f.focus) != 0)
		say = screen_speech_change(sp, &f);
	if (sp->typed) {
		/* Only when asked (F6): what is typed in the field. */
		free(say);
		say = strdup(f.typed[0] != '\0' ? f.typed :
		    _("Nothing is typed here."));
		sp->typed = 0;
	}
	if (say != NULL && say[0] != '\0' &&
	    screen_speech_voice(sp, k->lang, voice))
		speech_say(voice, sp->rate, sp->set.volume, say);
	if (say != NULL)
		explicit_bzero(say, strlen(say));
	free(say);
	screen_speech_forget(sp);
	sp->rows = f.rows;
	sp->focus = f.focus;
	f.rows = f.focus = NULL;
	speech_frame_clear(&f);
	sp->screen = s->data;
	sp->depth = k->depth;
	snprintf(sp->lang, sizeof sp->lang, "%s", k->lang);
	sp->whole = 0;
}

/* F3: speech on, and this screen read (again). */
static int
screen_speech_hear(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct kiosk_speech *sp = k->speech;
	char voice[SPEECH_VOICE_MAX], *audio;

	(void)ev;
	if (sp == NULL)
		return R_NONE;
	if (sp->offer_en[0] != '\0' && strcmp(sp->offer_en, k->lang) == 0)
		kiosk_set_lang(k, screen_speech_english(k));
	sp->offer_en[0] = '\0';
	if (s != NULL && (audio = screen_speech_audio(k, s)) != NULL) {
		/* A recording plays whatever the voices. */
		free(audio);
		sp->on = 1;
		sp->whole = 1;
		return R_REDRAW;
	}
	if (!screen_speech_voice(sp, k->lang, voice)) {
		sp->on = 1;
		screen_speech_no_voice(k, sp);
		snprintf(sp->lang, sizeof sp->lang, "%s", k->lang);
		return R_REDRAW;
	}
	sp->on = 1;
	sp->whole = 1;
	return R_REDRAW;
}

/* F4: quiet, and speech off until F3. */
static int
screen_speech_quiet(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct kiosk_speech *sp = k->speech;

	(void)s;
	(void)ev;
	if (sp == NULL)
		return R_NONE;
	speech_stop();
	sp->on = 0;
	sp->offer_en[0] = '\0';
	screen_speech_forget(sp);
	return R_REDRAW;
}

/* F5: this screen again, more slowly. */
static int
screen_speech_slower(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct kiosk_speech *sp = k->speech;

	if (sp == NULL)
		return R_NONE;
	if (sp->on && sp->rate - SPEECH_RATE_STEP >= SPEECH_RATE_MIN)
		sp->rate -= SPEECH_RATE_STEP;
	else if (sp->on)
		sp->rate = SPEECH_RATE_MIN;
	return screen_speech_hear(k, s, ev);
}

/* F6: what is typed in the field, read back. */
static int
screen_speech_typed(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct kiosk_speech *sp = k->speech;

	(void)s;
	(void)ev;
	if (sp == NULL || !sp->on)
		return R_NONE;
	sp->typed = 1;
	return R_REDRAW;
}

static const struct binding screen_speech_first[] = {
	/* TRANSLATORS: on every key line: F3 reads the screen aloud. */
	{ "F3", N_("hear"), K_F3, 0, screen_speech_hear },
	{ NULL, NULL, K_F4, 0, screen_speech_quiet },
	{ NULL, NULL, K_F5, 0, screen_speech_slower },
	{ NULL, NULL, K_F6, 0, screen_speech_typed },
	BINDING_END
};

static void
screen_speech_news(struct kiosk *k, enum kiosk_news what, const void *arg)
{
	struct kiosk_speech *sp = k->speech;

	(void)arg;
	switch (what) {
	case KIOSK_STARTED:
		if (sp == NULL && (sp = calloc(1, sizeof *sp)) != NULL) {
			screen_speech_load(k->home, &sp->set);
			k->speech = sp;
			screen_speech_person(sp);
		}
		break;
	case KIOSK_RESET:
		if (sp != NULL)
			screen_speech_person(sp);
		break;
	case KIOSK_DRAWN:
		if (sp != NULL)
			screen_speech_drawn(k, sp);
		break;
	case KIOSK_QUIT:
	case KIOSK_FREED:
		if (sp != NULL) {
			if (sp->on)
				speech_stop();
			screen_speech_forget(sp);
			free(sp);
			k->speech = NULL;
		}
		break;
	default:
		break;
	}
}

/* The facilitator's speech settings: a menu whose items change a value. */
enum {
	SPEECH_SET_VOLUME,
	SPEECH_SET_RATE,
	SPEECH_SET_AUTO,
	SPEECH_SET_BACK,
};

struct screen_speech {
	struct menu	menu;
	struct speech_settings set;
};

static void
screen_speech_build(struct screen_speech *p)
{
	char line[160];
	size_t sel = p->menu.sel;

	menu_clear(&p->menu);
	p->menu.numbered = 1;
	snprintf(line, sizeof line, _("Volume: %d%%"), p->set.volume);
	menu_add(&p->menu, line, NULL, SPEECH_SET_VOLUME);
	snprintf(line, sizeof line, _("Speed: %d words a minute"),
	    p->set.rate);
	menu_add(&p->menu, line, NULL, SPEECH_SET_RATE);
	menu_add(&p->menu, p->set.autostart ?
	    _("Speech starts on its own: yes") :
	    _("Speech starts on its own: no"), NULL, SPEECH_SET_AUTO);
	menu_add(&p->menu, _("Back"), NULL, SPEECH_SET_BACK);
	p->menu.sel = sel;
}

static int
screen_speech_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_speech *p = s->data;

	(void)arg;
	if (k->speech != NULL)
		p->set = k->speech->set;
	else
		screen_speech_load(k->home, &p->set);
	screen_speech_build(p);
	return 0;
}

static void
screen_speech_leave(struct kiosk *k, struct screen *s)
{
	struct screen_speech *p = s->data;

	(void)k;
	menu_clear(&p->menu);
}

/* Change the item in focus by dir steps (wrapping), and keep it. */
static int
screen_speech_change_set(struct kiosk *k, struct screen_speech *p, int dir)
{
	const struct menu_item *it = menu_selected(&p->menu);
	struct speech_settings *set = &p->set;
	char *cause = NULL;
	int r;

	if (it == NULL)
		return R_NONE;
	switch (it->id) {
	case SPEECH_SET_VOLUME:
		set->volume += 25 * dir;
		if (set->volume > SPEECH_VOLUME_MAX)
			set->volume = 25;
		if (set->volume < 25)
			set->volume = SPEECH_VOLUME_MAX;
		break;
	case SPEECH_SET_RATE:
		set->rate += SPEECH_RATE_STEP * dir;
		if (set->rate > 300)
			set->rate = 100;
		if (set->rate < 100)
			set->rate = 300;
		break;
	case SPEECH_SET_AUTO:
		set->autostart = !set->autostart;
		break;
	default:
		return R_POP;
	}
	if ((r = screen_speech_save(k->home, set, &cause)) != 0)
		kiosk_notice(k, _("The speech settings cannot be saved: %s"),
		    cause != NULL ? cause : err_str(r));
	free(cause);
	if (k->speech != NULL) {
		k->speech->set = *set;
		k->speech->rate = set->rate;
	}
	screen_speech_build(p);
	return R_REDRAW;
}

static int
screen_speech_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)ev;
	return screen_speech_change_set(k, s->data, 1);
}

static int
screen_speech_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_speech *p = s->data;

	if (ev->type == EV_KEY && (ev->key == K_LEFT || ev->key == K_RIGHT))
		return screen_speech_change_set(k, p,
		    ev->key == K_RIGHT ? 1 : -1);
	switch (menu_key(&p->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_speech_change_set(k, p, 1);
	}
	return R_UNHANDLED;
}

static void
screen_speech_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_speech *p = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;

	canvas_text_cut(c, y, x, w, _("Speech"), ST_TITLE);
	y += 2;
	y += canvas_wrap(c, y, x, w, 3, _("Enter or the right arrow changes "
	    "the setting in focus; the left arrow changes it back. Each "
	    "person can still press F3 to hear the screen."), ST_DIM, k->rtl);
	y++;
	menu_draw(&p->menu, c, y, x, w, top + height - y);
}

static const char *
screen_speech_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Facilitator");
}

static const struct binding screen_speech_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("change"), K_ENTER, 0, screen_speech_choose },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

const struct screen_class screen_speech_class = {
	.name = "speech",
	.size = sizeof(struct screen_speech),
	.behind_pin = 1,
	.no_language = 1,
	.enter = screen_speech_enter,
	.leave = screen_speech_leave,
	.key = screen_speech_key,
	.draw = screen_speech_draw,
	.title = screen_speech_title,
	.bindings = screen_speech_bindings,
	.global_first = screen_speech_first,
	.news = screen_speech_news,
};
