/*
 * "Carry on with the survey you started?": offered when the kiosk starts
 * and finds a draft, i.e. after a crash, a kill or a flat battery in the
 * middle of a survey (a reset, the idle timeout and a finished submission
 * all destroy the draft). Yes opens the runner on the same form, with the
 * answers and the screen the person had reached; No, Esc or the idle
 * timeout destroy the draft and its key.
 *
 * A draft whose form is no longer in the pack (or has another version) is
 * destroyed without asking: its answers could not be put back.
 *
 * The answers are the person's who left them, and the next person at the
 * laptop may be someone else: when a facilitator PIN is set, Yes asks for
 * it (the facilitator can see whether it is the same person), and a draft
 * last written longer ago than the idle reset (the pack's warning and
 * countdown) is destroyed, not offered, as the reset would have done.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/fileio.h"
#include "content/pack.h"
#include "content/xlsform.h"
#include "sync/draft.h"
#include "sync/pin.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-survey.h"

enum {
	RESUME_YES,
	RESUME_NO,
};

struct screen_resume {
	struct draft_loaded	*draft;
	struct xlsform		*form;
	const char		*survey;	/* its id in the pack */
	int			 feedback;
	int			 taken;		/* handed to the runner */
	int			 unlocked;	/* the facilitator's PIN was given */
	struct menu		 menu;
};

static int	screen_resume_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_resume_take(struct kiosk *k, struct screen_resume *r);
static void	screen_resume_unlock(struct kiosk *k, void *ctx);

static const struct binding screen_resume_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_resume_choose },
	BINDING_END
};

/* The pack's form with this id and version, or NULL. */
static struct xlsform *
screen_resume_form(struct pack *pack, const struct draft *d, int *feedback,
    const char **survey)
{
	struct xlsform *f = NULL;
	const char *id;
	char *path;
	size_t i;

	for (i = 0; i <= pack->nsurveys; i++) {
		id = i < pack->nsurveys ? pack->surveys[i] : pack->feedback;
		if (id == NULL || (path = pack_survey_path(pack, id)) == NULL)
			continue;
		if (xlsform_load(path, &f, NULL, NULL) != 0)
			f = NULL;
		free(path);
		if (f != NULL && f->id != NULL &&
		    strcmp(f->id, d->form_id) == 0 &&
		    strcmp(f->version != NULL ? f->version : "",
		    d->form_version) == 0) {
			*feedback = i == pack->nsurveys;
			*survey = id;
			return f;
		}
		xlsform_free(&f);
	}
	return NULL;
}

static int
screen_resume_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_resume *r = s->data;

	(void)arg;
	if (draft_load(k->home, &r->draft, NULL) != 0 ||
	    (r->form = screen_resume_form(k->pack, &r->draft->d,
	    &r->feedback, &r->survey)) == NULL)
		return -1;	/* leave() destroys what cannot be resumed */
	r->menu.numbered = 1;
	menu_add(&r->menu, _("Yes, carry on"), NULL, RESUME_YES);
	menu_add(&r->menu, _("No, start again"), NULL, RESUME_NO);
	return 0;
}

static void
screen_resume_leave(struct kiosk *k, struct screen *s)
{
	struct screen_resume *r = s->data;

	if (!r->taken)
		draft_destroy(k->home, NULL);
	draft_loaded_free(&r->draft);
	xlsform_free(&r->form);
	menu_clear(&r->menu);
}

/* Yes: the runner takes the form and this screen's place. */
static int
screen_resume_yes(struct kiosk *k, struct screen_resume *r)
{
	if (pin_is_set(k->home) && !r->unlocked) {
		struct pin_arg a = { 0, screen_resume_unlock, r };

		kiosk_push(k, &screen_pin_class, &a);
		return R_REDRAW;
	}
	return screen_resume_take(k, r);
}

/* The PIN was right (screen_pin_class's then): carry on. */
static void
screen_resume_unlock(struct kiosk *k, void *ctx)
{
	struct screen_resume *r = ctx;
	struct screen *s = kiosk_top(k);

	if (s == NULL || s->cls != &screen_resume_class || s->data != r)
		return;
	r->unlocked = 1;
	screen_resume_take(k, r);
}

static int
screen_resume_take(struct kiosk *k, struct screen_resume *r)
{
	struct draft_loaded *draft = r->draft;
	struct runner_arg arg;

	memset(&arg, 0, sizeof arg);
	arg.form = r->form;
	arg.survey = r->survey;
	arg.feedback = r->feedback;
	arg.resume = &draft->d;
	r->form = NULL;
	r->draft = NULL;
	r->taken = 1;
	kiosk_pop(k);
	kiosk_push(k, &screen_survey_class, &arg);
	draft_loaded_free(&draft);
	return R_REDRAW;
}

static int
screen_resume_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_resume *r = s->data;

	switch (menu_key(&r->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_resume_choose(k, s, ev);
	}
	if (ev->type == EV_KEY && (ev->key == K_ESC || ev->key == K_BACKSPACE))
		return R_POP;
	return R_NONE;
}

/* Enter, 1, 2 or a click: Yes carries on, No starts again. */
static int
screen_resume_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_resume *r = s->data;

	(void)ev;
	if (r->menu.n == 0)
		return R_NONE;
	if (menu_selected(&r->menu)->id == RESUME_YES)
		return screen_resume_yes(k, r);
	return R_POP;
}

static void
screen_resume_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_resume *r = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;

	canvas_text_cut(c, y++, x, w, _("Carry on with the survey you "
	    "started?"), ST_TITLE);
	y++;
	if (r->form != NULL)
		canvas_text_cut(c, y++, x, w, pack_text_survey(k->pack,
		    r->survey, k->lang, r->form->title), ST_BOLD);
	canvas_text_cut(c, y++, x, w, _("The laptop stopped before it was "
	    "finished."), ST_NORMAL);
	canvas_text_cut(c, y++, x, w, _("If this is not yours, choose No."),
	    ST_NORMAL);
	if (pin_is_set(k->home))
		canvas_text_cut(c, y++, x, w, _("To carry on, the facilitator "
		    "gives the PIN."), ST_NORMAL);
	y++;
	menu_draw(&r->menu, c, y, x, w, top + height - y);
}

static const char *
screen_resume_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Carry on?");
}

static void	screen_resume_news(struct kiosk *k, enum kiosk_news what,
		    const void *arg);

const struct screen_class screen_resume_class = {
	.name = "resume",
	.size = sizeof(struct screen_resume),
	.enter = screen_resume_enter,
	.leave = screen_resume_leave,
	.key = screen_resume_key,
	.draw = screen_resume_draw,
	.title = screen_resume_title,
	.bindings = screen_resume_bindings,
	.news = screen_resume_news,
};

/* Offer to carry on with a survey a crash left unfinished. */
static void
screen_resume_offer(struct kiosk *k)
{
	char *key = file_join(k->home, DRAFT_KEY_FILE),
	    *draft = file_join(k->home, DRAFT_FILE);

	struct stat st;
	int max = k->pack->idle_warning + k->pack->idle_countdown;

	/* Older than the idle reset: the reset would have destroyed it. */
	if (draft_exists(k->home) && draft != NULL && stat(draft, &st) == 0 &&
	    max > 0 && time(NULL) - st.st_mtime > (time_t)max)
		draft_destroy(k->home, NULL);
	else if (draft_exists(k->home))
		kiosk_push(k, &screen_resume_class, NULL);
	else if ((key != NULL && access(key, F_OK) == 0) ||
	    (draft != NULL && access(draft, F_OK) == 0))
		/* A leftover without its key (or a key alone) is noise. */
		draft_destroy(k->home, NULL);
	free(key);
	free(draft);
}

/* At the start, after a session is carried on (tui/kiosk-screens.c). */
static void
screen_resume_news(struct kiosk *k, enum kiosk_news what, const void *arg)
{
	(void)arg;
	if (what == KIOSK_STARTED)
		screen_resume_offer(k);
}
