/*
 * The facilitator's way in: F12 asks for the PIN, then shows the
 * facilitator menu (quit the kiosk, export, co-production sessions, the
 * laptop's status, content from a USB stick, shutting down). Without a
 * PIN set, F12 starts first-run setup (tui/screen-pinset.c), which sets
 * one first. A screen can also ask for the PIN to let the facilitator out of it
 * (struct pin_arg): a vote on the laptop ends that way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/pack.h"
#include "sync/device.h"
#include "sync/pin.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "sync/session.h"
#include "tui/menu.h"
#include "tui/screen-export.h"
#include "tui/screen-chores.h"
#include "tui/laptop.h"

struct screen_pin {
	char	digits[PIN_MAX_DIGITS + 1];
	size_t	n;
	int	pops;		/* -1: open the facilitator menu */
	void	(*then)(struct kiosk *k, void *ctx);
	void	*ctx;
};

static int	screen_pin_check(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_pin_bindings[] = {
	{ "Enter", N_("open"), K_ENTER, 0, screen_pin_check },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

static int
screen_pin_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_pin *p = s->data;
	const struct pin_arg *a = arg;

	/* Wrong PINs before a restart still count (sync/pin.h). */
	pin_guard_load(k->home, &k->pin_guard, time(NULL));
	p->pops = a != NULL ? a->pops : -1;
	if (a != NULL) {
		p->then = a->then;
		p->ctx = a->ctx;
	}
	return 0;
}

static void
screen_pin_leave(struct kiosk *k, struct screen *s)
{
	struct screen_pin *p = s->data;

	(void)k;
	explicit_bzero(p->digits, sizeof p->digits);
}

static const char *
screen_pin_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Facilitator");
}

static int
screen_pin_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pin *p = s->data;

	(void)k;
	if (ev->type != EV_KEY)
		return R_NONE;
	if (ev->key >= '0' && ev->key <= '9') {
		if (p->n < PIN_MAX_DIGITS)
			p->digits[p->n++] = (char)ev->key;
		return R_REDRAW;
	}
	if (ev->key == K_BACKSPACE) {
		if (p->n == 0)
			return R_POP;
		p->digits[--p->n] = '\0';
		return R_REDRAW;
	}
	return R_NONE;
}

/*
 * Why the PIN was refused (r from pin_check, wait its seconds), the same
 * sentence in the kiosk and in --plain.
 */
void
screen_pin_refusal(char *buf, size_t size, int r, const struct pin_guard *g,
    int wait)
{
	if (r == ERR_BUSY && g->failures >= PIN_MANY_FAILURES)
		snprintf(buf, size, ngettext("%d wrong PINs in a row: the PIN "
		    "is locked for %d more second.", "%d wrong PINs in a row: "
		    "the PIN is locked for %d more seconds.", wait),
		    g->failures, wait);
	else if (r == ERR_BUSY)
		snprintf(buf, size, ngettext("Please wait %d second before "
		    "trying again.", "Please wait %d seconds before trying "
		    "again.", wait), wait);
	else if (r == ERR_INVALID && g->failures >= PIN_MANY_FAILURES)
		snprintf(buf, size, ngettext("That PIN is not right: %d wrong "
		    "PINs in a row, so the PIN is locked for %d second.", "That "
		    "PIN is not right: %d wrong PINs in a row, so the PIN is "
		    "locked for %d seconds.", wait), g->failures, wait);
	else if (r == ERR_INVALID)
		snprintf(buf, size, ngettext("That PIN is not right. You can "
		    "try again in %d second.", "That PIN is not right. You can "
		    "try again in %d seconds.", wait), wait);
	else
		snprintf(buf, size, "%s", _("The PIN cannot be checked on this "
		    "laptop."));
}

/* Enter: check the PIN typed; right, the way in; wrong, how long to wait. */
static int
screen_pin_check(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pin *p = s->data;
	char why[300];
	int wait = 0, r;

	(void)ev;
	r = pin_check(k->home, p->digits, &k->pin_guard, time(NULL), &wait,
	    NULL);
	explicit_bzero(p->digits, sizeof p->digits);
	p->n = 0;
	if (r == ERR_OK) {
		int pops = p->pops;
		void (*then)(struct kiosk *, void *) = p->then;
		void *ctx = p->ctx;

		/* p is freed with the screen. */
		kiosk_pop(k);
		if (pops < 0)
			kiosk_push(k, &screen_facilitator_class, NULL);
		while (pops-- > 0)
			kiosk_pop(k);
		if (then != NULL)
			then(k, ctx);
		return R_REDRAW;
	}
	screen_pin_refusal(why, sizeof why, r, &k->pin_guard, wait);
	kiosk_notice(k, "%s", why);
	return R_REDRAW;
}

/* A PIN field at y, x: a star for each of the n digits typed. */
void
screen_pin_field(struct canvas *c, int y, int x, size_t n)
{
	char stars[PIN_MAX_DIGITS + 1];

	n = n < PIN_MAX_DIGITS ? n : PIN_MAX_DIGITS;
	memset(stars, '*', n);
	stars[n] = '\0';
	canvas_fill(c, y, x, PIN_MAX_DIGITS + 1, ST_INPUT);
	canvas_text(c, y, x, PIN_MAX_DIGITS + 1, stars, ST_INPUT);
}

static void
screen_pin_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_pin *p = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, lw;

	(void)height;
	canvas_text_cut(c, top + 1, x, w, _("For the facilitator only."),
	    ST_TITLE);
	lw = canvas_label(c, top + 3, x, w, _("PIN:"), 1, 0) + 1;
	screen_pin_field(c, top + 3, x + lw, p->n);
	canvas_cursor(c, top + 3, x + lw + (int)p->n);
	canvas_wrap(c, top + 5, x, w, 2, _("Press Esc to go back."), ST_DIM,
	    k->rtl);
	if (k->pin_guard.failures >= PIN_MANY_FAILURES &&
	    k->pin_guard.next_try > time(NULL)) {
		char line[300];

		screen_pin_refusal(line, sizeof line, ERR_BUSY, &k->pin_guard,
		    (int)(k->pin_guard.next_try - time(NULL)));
		canvas_wrap(c, top + 7, x, w, 2, line, ST_ERROR, k->rtl);
	}
}

/*
 * F12, the facilitator's key, from any participant screen: the PIN, or
 * when no PIN is set, first-run setup, which starts by setting one (never
 * the menu, nor Quit). Never shown in the key line.
 */
static int
screen_pin_anywhere(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	(void)ev;
	if (s->cls->behind_pin)
		return R_NONE;
	kiosk_push(k, pin_is_set(k->home) ? &screen_pin_class :
	    &screen_pinset_class, NULL);
	return R_REDRAW;
}

static const struct binding screen_pin_global[] = {
	{ NULL, NULL, K_F12, 0, screen_pin_anywhere },
	BINDING_END
};

const struct screen_class screen_pin_class = {
	.name = "pin",
	.size = sizeof(struct screen_pin),
	.text_input = 1,
	.behind_pin = 1,
	.no_language = 1,
	.enter = screen_pin_enter,
	.leave = screen_pin_leave,
	.key = screen_pin_key,
	.draw = screen_pin_draw,
	.title = screen_pin_title,
	.bindings = screen_pin_bindings,
	.global = screen_pin_global,
};

enum {
	FAC_BACK,
	FAC_EXPORT,
	FAC_SESSION,
	FAC_QUIT,
	FAC_STATUS,
	FAC_INSTALL,
	FAC_SHUTDOWN,
	FAC_CLOCK,
	FAC_SYNC,
	FAC_SPEECH,
};

struct screen_fac {
	struct menu	menu;
	int		confirm_quit;	/* Quit chosen once, notes unsealed */
	char		key_id[DEVICE_KEY_ID_SIZE];	/* "" when none */
};

static int	screen_fac_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_fac_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_fac_choose },
	{ "Esc", N_("back to the kiosk"), K_ESC, 0, kiosk_back },
	BINDING_END
};

static int
screen_fac_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_fac *f = s->data;
	struct device dev;

	(void)arg;
	/* The key id the hub enrolled; read once, not on every draw. */
	if (device_load(k->home, &dev, NULL) == ERR_OK)
		memcpy(f->key_id, dev.key_id, sizeof f->key_id);
	f->menu.numbered = 1;
	menu_add(&f->menu, _("Back to the kiosk"), NULL, FAC_BACK);
	menu_add(&f->menu, _("Quit the kiosk"), NULL, FAC_QUIT);
	menu_add(&f->menu, _("Export to a USB stick"), NULL, FAC_EXPORT);
	menu_add(&f->menu, _("Co-production session"), NULL, FAC_SESSION);
	menu_add(&f->menu, _("Sync with the USB stick"), NULL, FAC_SYNC);
	menu_add(&f->menu, _("Laptop status"), NULL, FAC_STATUS);
	menu_add(&f->menu, _("Install content from the USB stick"), NULL,
	    FAC_INSTALL);
	menu_add(&f->menu, _("Set the clock"), NULL, FAC_CLOCK);
	menu_add(&f->menu, _("Shut down the laptop"), NULL, FAC_SHUTDOWN);
	menu_add(&f->menu, _("Speech"), NULL, FAC_SPEECH);
	return 0;
}

static void
screen_fac_leave(struct kiosk *k, struct screen *s)
{
	struct screen_fac *f = s->data;

	(void)k;
	menu_clear(&f->menu);
}

static int
screen_fac_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_fac *f = s->data;

	switch (menu_key(&f->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_fac_choose(k, s, ev);
	}
	if (ev->type == EV_KEY && ev->key == K_BACKSPACE)
		return R_POP;
	return R_NONE;
}

/* Shut down: asked, then through the system (tui/laptop.h). */
static int
screen_fac_shutdown_act(struct kiosk *k, void *ctx)
{
	char *cause = NULL;
	int r;

	(void)ctx;
	if ((r = laptop_poweroff(&cause)) != ERR_OK) {
		kiosk_notice(k, _("The laptop cannot shut down from here: %s"),
		    cause != NULL ? cause : err_str(r));
		free(cause);
		return R_REDRAW;
	}
	kiosk_notice(k, "%s", _("Shutting down..."));
	return R_QUIT;
}

static int
screen_fac_shutdown(struct kiosk *k, struct screen_fac *f)
{
	static const struct confirm_arg ask = {
		.title = N_("Shut down the laptop?"),
		.no = N_("No, go back"),
		.yes = N_("Yes, shut down"),
		.act = screen_fac_shutdown_act,
	};
	struct confirm_arg a = ask;
	char detail[300];

	if (k->session != NULL && k->session->nnotes > 0) {
		snprintf(detail, sizeof detail, ngettext("%zu discussion note "
		    "is not sealed and will be lost.", "%zu discussion notes "
		    "are not sealed and will be lost.", k->session->nnotes),
		    k->session->nnotes);
		a.detail = detail;
	} else
		a.detail = _("Every answer sealed stays on this laptop.");
	(void)f;
	kiosk_push(k, &screen_confirm_class, &a);
	return R_REDRAW;
}

/* Enter, a number or a click: the selected chore. */
static int
screen_fac_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_fac *f = s->data;
	const struct menu_item *it = menu_selected(&f->menu);

	(void)ev;
	if (it == NULL)
		return R_NONE;
	if (it->id != FAC_QUIT)
		f->confirm_quit = 0;
	switch (it->id) {
	case FAC_QUIT:
		/* Quitting ends the session: unsealed notes would go. */
		if (k->session != NULL && k->session->nnotes > 0 &&
		    !f->confirm_quit) {
			f->confirm_quit = 1;
			kiosk_notice(k, ngettext("%zu discussion note is not "
			    "sealed. Choose Quit again to quit and lose it.",
			    "%zu discussion notes are not sealed. Choose Quit "
			    "again to quit and lose them.", k->session->nnotes),
			    k->session->nnotes);
			return R_REDRAW;
		}
		return R_QUIT;
	case FAC_SESSION:
		kiosk_push(k, k->session != NULL ? &screen_session_class :
		    &screen_session_start_class, NULL);
		return R_REDRAW;
	case FAC_EXPORT:
		kiosk_push(k, &screen_export_class, NULL);
		return R_REDRAW;
	case FAC_STATUS:
		kiosk_push(k, &screen_status_class, NULL);
		return R_REDRAW;
	case FAC_INSTALL:
		kiosk_push(k, &screen_stick_class, &(struct stick_arg){
		    .what = STICK_INSTALL });
		return R_REDRAW;
	case FAC_SYNC:
		kiosk_push(k, &screen_stick_class, &(struct stick_arg){
		    .what = STICK_SYNC });
		return R_REDRAW;
	case FAC_CLOCK:
		kiosk_push(k, &screen_setup_class, "clock");
		return R_REDRAW;
	case FAC_SPEECH:
		kiosk_push(k, &screen_speech_class, NULL);
		return R_REDRAW;
	case FAC_SHUTDOWN:
		return screen_fac_shutdown(k, f);
	default:
		return R_POP;
	}
}

static void
screen_fac_draw(struct kiosk *k, struct screen *s, struct canvas *c, int top,
    int height)
{
	struct screen_fac *f = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;
	char line[320];
	unsigned n;

	canvas_text_cut(c, y++, x, w, _("Facilitator menu"), ST_TITLE);
	snprintf(line, sizeof line, _("This device's key id: %s"),
	    f->key_id[0] != '\0' ? f->key_id : _("none yet"));
	canvas_text_cut(c, y++, x, w, line, ST_DIM);
	if (k->session != NULL) {
		snprintf(line, sizeof line, ngettext("Session running at %s: "
		    "%u sealed", "Session running at %s: %u sealed",
		    session_sealed_total(k->session)), k->session->venue,
		    session_sealed_total(k->session));
		canvas_text_cut(c, y++, x, w, line, ST_BOLD);
	}
	/* How many asked to be contacted: a number, never who or what. */
	if (k->pack->contact != NULL) {
		n = k->session != NULL ?
		    k->session->sealed[SUBMISSION_CONTACT] : k->contacts;
		snprintf(line, sizeof line, k->session != NULL ?
		    ngettext("Contact requests in this session: %u",
		    "Contact requests in this session: %u", n) :
		    ngettext("Contact requests since the kiosk started: %u",
		    "Contact requests since the kiosk started: %u", n), n);
		canvas_text_cut(c, y++, x, w, line, ST_NORMAL);
	}
	y++;
	menu_draw(&f->menu, c, y, x, w, top + height - y);
}

static const char *
screen_fac_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Facilitator");
}

const struct screen_class screen_facilitator_class = {
	.name = "facilitator",
	.size = sizeof(struct screen_fac),
	.behind_pin = 1,
	.no_language = 1,
	.enter = screen_fac_enter,
	.leave = screen_fac_leave,
	.key = screen_fac_key,
	.draw = screen_fac_draw,
	.title = screen_fac_title,
	.bindings = screen_fac_bindings,
};
