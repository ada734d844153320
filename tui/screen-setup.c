/*
 * First-run setup, after the facilitator PIN is set (tui/screen-pinset.c)
 * and nothing else yet: the clock, then the council's pack.
 *
 * The clock: when it reads earlier than the program's build day or the
 * pack's (tui/laptop.h: a flat clock battery), the facilitator types the
 * date and time, which are set through the system (timedatectl); "Keep
 * this time" goes on without, saying that answers will carry it. The
 * facilitator menu's "Set the clock" opens this step alone (any non-NULL
 * arg), whatever the clock says.
 *
 * The pack: the pack in use and the hub key this laptop trusts, and the
 * offer to install the council's own from a USB stick
 * (tui/screen-stick.c), whose key id is shown there to compare with what
 * `outreach hub init` printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "sync/trust.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/laptop.h"
#include "tui/menu.h"
#include "tui/screen-chores.h"
#include "tui/textfield.h"

enum setup_phase {
	SETUP_CLOCK,
	SETUP_PACK,
};

enum {
	SETUP_STICK,
	SETUP_LATER,
};

struct screen_setup {
	enum setup_phase phase;
	int		 clock_only;	/* from the menu: the clock, then back */
	struct textfield field;		/* the date and time typed */
	struct menu	 menu;		/* the pack's choices */
	char		 note[300];
	char		 key_id[32];	/* the hub key trusted */
	char		 pack[160];	/* "hackney-asc 1.0.0" */
};

static int	screen_setup_enter_key(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_setup_keep(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_setup_bindings[] = {
	{ "Enter", N_("next"), K_ENTER, 0, screen_setup_enter_key },
	{ "Esc", N_("skip"), K_ESC, 0, screen_setup_keep },
	BINDING_END
};

static void
screen_setup_pack_phase(struct kiosk *k, struct screen_setup *u)
{
	struct trust t;

	u->phase = SETUP_PACK;
	menu_clear(&u->menu);
	u->menu.numbered = 1;
	menu_add(&u->menu, _("Install content from the USB stick"), NULL,
	    SETUP_STICK);
	menu_add(&u->menu, _("Not now: keep this pack"), NULL, SETUP_LATER);
	snprintf(u->pack, sizeof u->pack, "%s %s", k->pack->id,
	    k->pack->version);
	u->key_id[0] = '\0';
	if (trust_load(k->home, k->bundled_pack != NULL ? k->bundled_pack :
	    k->pack->dir, &t, NULL) == 0) {
		snprintf(u->key_id, sizeof u->key_id, "%s", t.key_id);
		trust_clear(&t);
	}
}

static int
screen_setup_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_setup *u = s->data;
	char now[LAPTOP_TIME_SIZE];

	u->clock_only = arg != NULL;
	textfield_init(&u->field, LAPTOP_TIME_SIZE - 1, 0);
	if (u->clock_only || laptop_clock_behind(laptop_now(),
	    k->pack->dir)) {
		u->phase = SETUP_CLOCK;
		laptop_time_format(laptop_now(), now);
		textfield_set(&u->field, now);
	} else
		screen_setup_pack_phase(k, u);
	return 0;
}

static void
screen_setup_leave(struct kiosk *k, struct screen *s)
{
	struct screen_setup *u = s->data;

	(void)k;
	textfield_free(&u->field);
	menu_clear(&u->menu);
}

static const char *
screen_setup_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Setting up this laptop");
}

/* Enter on the clock: set the time typed. */
static int
screen_setup_clock(struct kiosk *k, struct screen_setup *u)
{
	char *cause = NULL;
	time_t t;
	int r;

	if (laptop_time_parse(textfield_text(&u->field), &t) != 0) {
		snprintf(u->note, sizeof u->note, "%s", _("Type the date and "
		    "time as 2026-03-14 09:30 (year, month, day, hours, "
		    "minutes)."));
		return R_REDRAW;
	}
	if ((r = laptop_set_time(t, &cause)) != ERR_OK) {
		snprintf(u->note, sizeof u->note, _("The clock cannot be set: "
		    "%s"), cause != NULL ? cause : err_str(r));
		free(cause);
		return R_REDRAW;
	}
	u->note[0] = '\0';
	kiosk_notice(k, "%s", _("The clock is set."));
	if (u->clock_only)
		return R_POP;
	screen_setup_pack_phase(k, u);
	return R_REDRAW;
}

static int
screen_setup_choose(struct kiosk *k, struct screen_setup *u)
{
	const struct menu_item *it = menu_selected(&u->menu);

	if (it != NULL && it->id == SETUP_STICK) {
		kiosk_push(k, &screen_stick_class, &(struct stick_arg){
		    .what = STICK_INSTALL });
		return R_REDRAW;
	}
	return R_POP;
}

static int
screen_setup_enter_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_setup *u = s->data;

	(void)ev;
	if (u->phase == SETUP_CLOCK)
		return screen_setup_clock(k, u);
	return screen_setup_choose(k, u);
}

/* Esc: keep the clock as it is, or leave the pack for now. */
static int
screen_setup_keep(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_setup *u = s->data;

	(void)ev;
	if (u->phase == SETUP_CLOCK && u->clock_only)
		return R_POP;
	if (u->phase == SETUP_CLOCK) {
		u->note[0] = '\0';
		screen_setup_pack_phase(k, u);
		kiosk_notice(k, "%s", _("The clock was not set: answers will "
		    "carry the time it shows."));
		return R_REDRAW;
	}
	return R_POP;
}

static int
screen_setup_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_setup *u = s->data;

	if (u->phase == SETUP_CLOCK) {
		if (ev->type == EV_KEY && textfield_key(&u->field, ev))
			return R_REDRAW;
		return R_NONE;
	}
	switch (menu_key(&u->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_setup_choose(k, u);
	}
	return R_NONE;
}

static void
screen_setup_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_setup *u = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;
	char line[320], now[LAPTOP_TIME_SIZE];

	if (u->phase == SETUP_CLOCK) {
		canvas_text_cut(c, y++, x, w, _("Set the clock"), ST_TITLE);
		y++;
		laptop_time_format(laptop_now(), now);
		snprintf(line, sizeof line, laptop_clock_behind(laptop_now(),
		    k->pack->dir) ? _("This laptop's clock says %s, which "
		    "cannot be right. Every answer carries the time it was "
		    "given: please set the date and time.") : _("This "
		    "laptop's clock says %s. Every answer carries the time it "
		    "was given."), now);
		y += canvas_wrap(c, y, x, w, 4, line, ST_NORMAL, k->rtl) + 1;
		canvas_label(c, y, x, w, _("Date and time (YYYY-MM-DD HH:MM):"),
		    1, 0);
		textfield_draw(&u->field, c, y + 1, x, LAPTOP_TIME_SIZE + 1,
		    1, 1);
		y += 3;
		y += canvas_wrap(c, y, x, w, 2, _("Press Enter to set it, or "
		    "Esc to keep this time."), ST_DIM, k->rtl);
		if (u->note[0] != '\0')
			canvas_wrap(c, y + 1, x, w, 3, u->note, ST_ERROR,
			    k->rtl);
		return;
	}
	canvas_text_cut(c, y++, x, w, _("The council's content"), ST_TITLE);
	y++;
	snprintf(line, sizeof line, _("Pack in use: %s"), u->pack);
	canvas_text_cut(c, y++, x, w, line, ST_NORMAL);
	snprintf(line, sizeof line, _("Trusted hub key id: %s"),
	    u->key_id[0] != '\0' ? u->key_id : _("none"));
	canvas_text_cut(c, y++, x, w, line, ST_NORMAL);
	y++;
	y += canvas_wrap(c, y, x, w, 3, _("To install your council's signed "
	    "pack, plug in the USB stick that holds it."), ST_NORMAL,
	    k->rtl) + 1;
	menu_draw(&u->menu, c, y, x, w, top + height - y);
}

const struct screen_class screen_setup_class = {
	.name = "setup",
	.size = sizeof(struct screen_setup),
	.text_input = 1,
	.behind_pin = 1,
	.no_language = 1,
	.idle_keep = 1,
	.enter = screen_setup_enter,
	.leave = screen_setup_leave,
	.key = screen_setup_key,
	.draw = screen_setup_draw,
	.title = screen_setup_title,
	.bindings = screen_setup_bindings,
};
