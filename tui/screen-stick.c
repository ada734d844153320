/*
 * The facilitator's USB stick chores: "Sync with the USB stick" and
 * "Install content from the USB stick".
 *
 * Sync: choose the stick (when more than one is in); the receipts on it
 * for this laptop are applied and what is new is exported onto it, with
 * a progress bar (tui/stick-sync.c), and the screen says in numbers what
 * happened, or in a sentence what the stick did wrong (taken out, full,
 * read-only); then Enter makes it safe to take out.
 *
 * Install, from the facilitator menu and the first run: choose the stick
 * (when more than one is in), the pack (when
 * the stick holds more than one), then install it with the same trust
 * checks as `outreach content install` (sync/packsign.h): signed by the
 * hub key this laptop trusts and no older than the pack in use. A pack
 * signed by another hub's key is installed only when the facilitator,
 * shown that key's id to compare with what `outreach hub init` printed,
 * says so; a pack of another id replaces the one in use only when asked.
 * A stick taken out half-way, or a bad pack, installs nothing and says so:
 * the pack in use stays.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/pack.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/menu.h"
#include "tui/screen-chores.h"
#include "tui/screen-export.h"
#include "tui/stick.h"

enum stick_phase {
	SK_STICKS,	/* choose a stick (or none in) */
	SK_PACKS,	/* choose a pack on it */
	SK_TRUST,	/* another hub's key: trust it? */
	SK_REPLACE,	/* another pack id: replace? */
	SK_DONE,
	SK_FAILED,
	SK_SYNCING,	/* receipts, then the export: the bar moves */
	SK_SYNCED,	/* the numbers; Enter: take the stick out */
	SK_EJECTED,	/* "You can take the stick out now" */
};

struct screen_stick {
	enum stick_chore what;
	enum stick_phase phase;
	struct menu	 menu;
	struct stick	 sticks[STICK_MAX];
	size_t		 nsticks;
	struct stick	 stick;		/* the one chosen */
	char		 packs[STICK_MAX_PACKS][NAME_MAX + 1];
	size_t		 npacks;
	char		 zip[PATH_MAX + NAME_MAX + 2];	/* the pack chosen */
	struct minisign_pubkey key;	/* SK_TRUST: the key offered */
	char		 note[900];
	struct bundle_export_progress p;	/* SK_SYNCING */
	struct kiosk	*k;		/* for repainting mid-export */
};

static int	screen_stick_go(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_stick_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_stick_go },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

/* Look for sticks again: one in goes straight on. */
static void screen_stick_packs(struct screen_stick *x);
static void screen_stick_sync(struct screen_stick *x);

static void
screen_stick_look(struct screen_stick *x)
{
	char size[32], line[200];
	size_t i;

	x->phase = SK_STICKS;
	menu_clear(&x->menu);
	x->nsticks = stick_list(x->sticks, STICK_MAX);
	if (x->nsticks == 1 && x->what == STICK_INSTALL) {
		x->stick = x->sticks[0];
		screen_stick_packs(x);
		return;
	}
	x->menu.numbered = 1;
	for (i = 0; i < x->nsticks; i++) {
		stick_size(x->sticks[i].size, size, sizeof size);
		snprintf(line, sizeof line, "%s (%s)", x->sticks[i].label, size);
		menu_add(&x->menu, line, NULL, (int)i);
	}
}

static void
screen_stick_packs(struct screen_stick *x)
{
	int n;
	size_t i;

	menu_clear(&x->menu);
	x->phase = SK_PACKS;
	n = stick_packs(x->stick.path, x->packs, STICK_MAX_PACKS);
	if (n < 0) {
		x->phase = SK_FAILED;
		snprintf(x->note, sizeof x->note, "%s", _("The stick cannot "
		    "be read: was it taken out? Plug it in again and press "
		    "Enter."));
		x->npacks = 0;
		return;
	}
	x->npacks = (size_t)n;
	x->menu.numbered = 1;
	for (i = 0; i < x->npacks; i++)
		menu_add(&x->menu, x->packs[i], NULL, (int)i);
}

static int
screen_stick_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_stick *x = s->data;
	const struct stick_arg *a = arg;

	x->k = k;
	x->what = a != NULL ? a->what : STICK_INSTALL;
	screen_stick_look(x);
	return 0;
}

static void
screen_stick_leave(struct kiosk *k, struct screen *s)
{
	struct screen_stick *x = s->data;

	(void)k;
	menu_clear(&x->menu);
}

static const char *
screen_stick_title(struct kiosk *k, struct screen *s)
{
	struct screen_stick *x = s->data;

	(void)k;
	return x->what == STICK_SYNC ? _("Sync with the USB stick") :
	    _("Install content from the USB stick");
}

static void
screen_stick_progress(void *arg, const struct bundle_export_progress *p)
{
	struct screen_stick *x = arg;

	x->p = *p;
	kiosk_draw(x->k);
	if (!x->k->headless)
		term_flush(&x->k->canvas);
}

/* Sync with x->stick: receipts in, bundles out; the numbers after. */
static void
screen_stick_sync(struct screen_stick *x)
{
	struct kiosk *k = x->k;
	struct stick_sync out;

	x->phase = SK_SYNCING;
	memset(&x->p, 0, sizeof x->p);
	screen_stick_progress(x, &x->p);
	stick_sync(k->home, k->bundled_pack != NULL ? k->bundled_pack :
	    k->pack->dir, x->stick.path, screen_stick_progress, x, &out);
	x->phase = SK_SYNCED;
	snprintf(x->note, sizeof x->note, "%s", out.note);
}

/* Install x->zip (with key, replace: what the facilitator agreed). */
static void
screen_stick_install(struct kiosk *k, struct screen_stick *x,
    const struct minisign_pubkey *key, int replace)
{
	struct stick_install in;

	stick_install(k->home, k->bundled_pack != NULL ? k->bundled_pack :
	    k->pack->dir, x->zip, key, replace, &in);
	x->key = in.key;
	switch (in.verdict) {
	case STICK_INSTALLED:
		x->phase = SK_DONE;
		snprintf(x->note, sizeof x->note, "%s %s", in.note,
		    _("Press Enter to start the kiosk again with it."));
		break;
	case STICK_ASK_TRUST:
		x->phase = SK_TRUST;
		snprintf(x->note, sizeof x->note, "%s %s", in.note,
		    _("Press Enter to trust it and install, or Esc to install "
		    "nothing."));
		break;
	case STICK_ASK_REPLACE:
		x->phase = SK_REPLACE;
		snprintf(x->note, sizeof x->note, "%s %s", in.note,
		    _("Press Enter to replace it, or Esc to keep it."));
		break;
	case STICK_FAILED:
		x->phase = SK_FAILED;
		snprintf(x->note, sizeof x->note, "%s", in.note);
		break;
	}
}

/* Enter: the choice of this phase. */
static int
screen_stick_go(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_stick *x = s->data;
	const struct menu_item *it = menu_selected(&x->menu);

	(void)ev;
	switch (x->phase) {
	case SK_STICKS:
		if (it == NULL) {
			screen_stick_look(x);
			return R_REDRAW;
		}
		x->stick = x->sticks[it->id];
		if (x->what == STICK_SYNC)
			screen_stick_sync(x);
		else
			screen_stick_packs(x);
		return R_REDRAW;
	case SK_PACKS:
		if (it == NULL) {
			screen_stick_packs(x);
			return R_REDRAW;
		}
		if ((size_t)snprintf(x->zip, sizeof x->zip, "%s/%s",
		    x->stick.path, x->packs[it->id]) >= sizeof x->zip) {
			x->phase = SK_FAILED;
			snprintf(x->note, sizeof x->note, "%s", _("Nothing was "
			    "installed: the name is too long."));
			return R_REDRAW;
		}
		screen_stick_install(k, x, NULL, 0);
		return R_REDRAW;
	case SK_TRUST:
		screen_stick_install(k, x, &x->key, 0);
		return R_REDRAW;
	case SK_REPLACE:
		screen_stick_install(k, x, &x->key, 1);
		return R_REDRAW;
	case SK_DONE:
		/* The laptop's session starts the kiosk again at once. */
		return k->appliance ? R_QUIT : R_HOME;
	case SK_FAILED:
		screen_stick_look(x);
		return R_REDRAW;
	case SK_SYNCING:
		return R_NONE;
	case SK_SYNCED:
		x->phase = SK_EJECTED;
		snprintf(x->note, sizeof x->note, "%s", stick_eject(&x->stick)
		    == 0 ? _("You can take the stick out now.") : _("The stick "
		    "is already out."));
		return R_REDRAW;
	case SK_EJECTED:
		return R_POP;
	}
	return R_NONE;
}

static int
screen_stick_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_stick *x = s->data;

	if (x->phase != SK_STICKS && x->phase != SK_PACKS)
		return R_NONE;
	switch (menu_key(&x->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_stick_go(k, s, ev);
	}
	return R_NONE;
}

static void
screen_stick_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_stick *x = s->data;
	int left = c->w >= 60 ? 4 : 1, w = c->w - 2 * left, y = top + 1;
	char line[400], size[32];

	canvas_text_cut(c, y, left, w, screen_stick_title(k, s), ST_TITLE);
	y += 2;
	switch (x->phase) {
	case SK_STICKS:
		if (x->nsticks == 0) {
			canvas_wrap(c, y, left, w, 4, _("No USB stick found. "
			    "Plug one in, wait a moment, then press Enter to "
			    "look again."), ST_NORMAL, k->rtl);
			return;
		}
		y += canvas_wrap(c, y, left, w, 2, _("Choose a USB stick:"),
		    ST_NORMAL, k->rtl) + 1;
		menu_draw(&x->menu, c, y, left, w, top + height - y);
		return;
	case SK_PACKS:
		stick_size(x->stick.size, size, sizeof size);
		snprintf(line, sizeof line, _("USB stick: %s (%s)"),
		    x->stick.label, size);
		canvas_text_cut(c, y++, left, w, line, ST_BOLD);
		y++;
		if (x->npacks == 0) {
			canvas_wrap(c, y, left, w, 4, _("This stick holds no "
			    "content pack (a .zip made with `outreach hub "
			    "pack`). Press Enter to look again, Esc to go "
			    "back."), ST_NORMAL, k->rtl);
			return;
		}
		if (x->npacks > 1) {
			snprintf(line, sizeof line, _("The stick holds %zu "
			    "content packs. Choose the one to install:"),
			    x->npacks);
			y += canvas_wrap(c, y, left, w, 2, line, ST_NORMAL,
			    k->rtl) + 1;
		} else
			y += canvas_wrap(c, y, left, w, 2, _("Press Enter to "
			    "install this content pack:"), ST_NORMAL,
			    k->rtl) + 1;
		menu_draw(&x->menu, c, y, left, w, top + height - y);
		return;
	case SK_SYNCING:
		screen_export_progress_draw(c, y, left, w, &x->p, _("Reading the "
		    "receipts, then looking at what is waiting..."), k->rtl);
		return;
	case SK_SYNCED:
		y += canvas_wrap(c, y, left, w, top + height - y - 2, x->note,
		    ST_BOLD, k->rtl) + 1;
		canvas_wrap(c, y, left, w, 2, _("Press Enter to take the stick "
		    "out safely."), ST_NORMAL, k->rtl);
		return;
	case SK_EJECTED:
		canvas_wrap(c, y, left, w, 2, x->note, ST_TITLE, k->rtl);
		return;
	default:
		canvas_wrap(c, y, left, w, top + height - y, x->note,
		    x->phase == SK_FAILED ? ST_ERROR : x->phase == SK_DONE ?
		    ST_BOLD : ST_NORMAL, k->rtl);
		return;
	}
}

const struct screen_class screen_stick_class = {
	.name = "stick",
	.size = sizeof(struct screen_stick),
	.behind_pin = 1,
	.no_language = 1,
	.idle_keep = 1,
	.enter = screen_stick_enter,
	.leave = screen_stick_leave,
	.key = screen_stick_key,
	.draw = screen_stick_draw,
	.title = screen_stick_title,
	.bindings = screen_stick_bindings,
};
