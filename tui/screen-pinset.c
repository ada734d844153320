/*
 * Setting the facilitator PIN from the kiosk, the start of the first run:
 * the first screen of the laptop's kiosk session (outreach --appliance)
 * while no PIN is set, and what F12 opens anywhere until one is. The PIN
 * is typed twice; nothing else can be reached from here, and Esc only
 * starts the typing again, so the kiosk never goes live on the laptop,
 * nor opens its facilitator menu anywhere, without a PIN. Once it is
 * stored, first-run setup goes on (tui/screen-setup.c: the clock, the
 * council's pack).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/pin.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/screen-chores.h"

struct screen_pinset {
	char	first[PIN_MAX_DIGITS + 1];	/* the PIN typed once */
	char	digits[PIN_MAX_DIGITS + 1];	/* what is being typed */
	size_t	n;
	int	again;		/* typing it the second time */
	char	note[200];
};

static int	screen_pinset_next(struct kiosk *k, struct screen *s,
		    const struct ev *ev);
static int	screen_pinset_again(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_pinset_bindings[] = {
	{ "0-9", N_("PIN"), 0, 0, NULL },
	{ "Enter", N_("next"), K_ENTER, 0, screen_pinset_next },
	{ "Esc", N_("start again"), K_ESC, 0, screen_pinset_again },
	BINDING_END
};

static void
screen_pinset_forget(struct screen_pinset *p)
{
	explicit_bzero(p->first, sizeof p->first);
	explicit_bzero(p->digits, sizeof p->digits);
	p->n = 0;
	p->again = 0;
}

static void
screen_pinset_leave(struct kiosk *k, struct screen *s)
{
	(void)k;
	screen_pinset_forget(s->data);
}

static const char *
screen_pinset_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Facilitator PIN");
}

/* Enter: take the first PIN, or compare the second and store it. */
static int
screen_pinset_next(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pinset *p = s->data;
	char *cause = NULL;
	int r;

	(void)ev;
	if (!p->again) {
		if (!pin_valid(p->digits)) {
			snprintf(p->note, sizeof p->note, _("A PIN is %d to %d "
			    "digits."), PIN_MIN_DIGITS, PIN_MAX_DIGITS);
			explicit_bzero(p->digits, sizeof p->digits);
			p->n = 0;
			return R_REDRAW;
		}
		memcpy(p->first, p->digits, sizeof p->first);
		explicit_bzero(p->digits, sizeof p->digits);
		p->n = 0;
		p->again = 1;
		p->note[0] = '\0';
		return R_REDRAW;
	}
	if (strcmp(p->first, p->digits) != 0) {
		screen_pinset_forget(p);
		snprintf(p->note, sizeof p->note, "%s", _("The two PINs were "
		    "not the same. Choose a PIN again."));
		return R_REDRAW;
	}
	r = pin_set(k->home, p->first, &cause);
	screen_pinset_forget(p);
	if (r != ERR_OK) {
		snprintf(p->note, sizeof p->note, _("The PIN cannot be stored: "
		    "%s"), cause != NULL ? cause : err_str(r));
		free(cause);
		return R_REDRAW;
	}
	kiosk_notice(k, "%s", _("The facilitator PIN is set. F12 and the PIN "
	    "open the facilitator menu."));
	/* First run goes on: the clock, the council's pack. */
	kiosk_pop(k);
	kiosk_push(k, &screen_setup_class, NULL);
	return R_REDRAW;
}

static int
screen_pinset_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pinset *p = s->data;

	if (ev->type != EV_KEY)
		return R_NONE;
	if (ev->key >= '0' && ev->key <= '9') {
		if (p->n < PIN_MAX_DIGITS)
			p->digits[p->n++] = (char)ev->key;
		return R_REDRAW;
	}
	if (ev->key == K_BACKSPACE) {
		if (p->n > 0)
			p->digits[--p->n] = '\0';
		return R_REDRAW;
	}
	return R_NONE;
}

/*
 * Esc: start the typing again; on the laptop's kiosk session there is no
 * leaving without a PIN, elsewhere Esc goes back to the kiosk.
 */
static int
screen_pinset_again(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_pinset *p = s->data;

	(void)ev;
	if (!k->appliance && p->n == 0 && !p->again)
		return R_POP;
	screen_pinset_forget(p);
	p->note[0] = '\0';
	return R_REDRAW;
}

static void
screen_pinset_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_pinset *p = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1, lw;

	(void)height;
	canvas_text_align(c, y++, x, w, _("Set the facilitator PIN"),
	    ST_TITLE, k->rtl);
	y++;
	canvas_text_align(c, y++, x, w, _("This laptop needs a PIN before "
	    "anyone uses it."), ST_NORMAL, k->rtl);
	canvas_text_align(c, y++, x, w, _("Only the PIN opens the facilitator "
	    "menu (F12)."), ST_NORMAL, k->rtl);
	y++;
	lw = canvas_text(c, y, x, w, p->again ? _("The same PIN again:") :
	    _("New PIN (4 to 12 digits):"), ST_BOLD) + 1;
	screen_pin_field(c, y, x + lw, p->n);
	y += 2;
	if (p->note[0] != '\0')
		canvas_text_cut(c, y, x, w, p->note, ST_ERROR);
}

/*
 * The kiosk has started: on the laptop's kiosk session with no PIN, this
 * screen goes over everything, the language picker and a survey offered
 * back after a crash included (it is after them in kiosk-screens.c).
 */
static void
screen_pinset_news(struct kiosk *k, enum kiosk_news what, const void *arg)
{
	(void)arg;
	if (what == KIOSK_STARTED && k->appliance && !pin_is_set(k->home))
		kiosk_push(k, &screen_pinset_class, NULL);
}

const struct screen_class screen_pinset_class = {
	.name = "pinset",
	.size = sizeof(struct screen_pinset),
	.text_input = 1,
	.behind_pin = 1,
	.idle_keep = 1,
	.no_language = 1,
	.leave = screen_pinset_leave,
	.key = screen_pinset_key,
	.draw = screen_pinset_draw,
	.title = screen_pinset_title,
	.bindings = screen_pinset_bindings,
	.news = screen_pinset_news,
};
