/*
 * "Laptop status", from the facilitator menu: what this laptop holds, in
 * counts only (never an answer), and the state of the laptop itself.
 *
 *	Answers stored, waiting for export      outbox: sealed, in no bundle
 *	Exported, waiting for a receipt         in a bundle, not yet purged
 *	Acknowledged by the hub                 purged after a receipt
 *	Last sync                               the last bundle's time, and
 *	                                        whether a receipt answered it
 *	Device key id, pack id and version, free disk, battery, clock
 *
 * It is read when the screen opens; nothing here creates the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "sync/device.h"
#include "sync/outbox.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/laptop.h"
#include "tui/screen-chores.h"
#include "tui/stick.h"

struct screen_status {
	struct laptop_status	st;
};

static const struct binding screen_status_bindings[] = {
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	{ "Enter", NULL, K_ENTER, 0, kiosk_back },
	BINDING_END
};

void
screen_status_read(const char *home, struct laptop_status *st)
{
	struct outbox *ob = NULL;
	struct device dev;
	char *db = NULL, *cause = NULL;
	int r;

	memset(st, 0, sizeof *st);
	if (device_load(home, &dev, NULL) == ERR_OK)
		memcpy(st->key_id, dev.key_id, sizeof st->key_id);
	/* Opening would create it: a laptop never used has nothing. */
	if ((db = file_join(home, OUTBOX_FILE)) != NULL &&
	    access(db, F_OK) == 0) {
		if ((r = outbox_open(home, &ob, &cause)) != ERR_OK ||
		    (r = outbox_counts(ob, &st->c, &cause)) != ERR_OK)
			snprintf(st->note, sizeof st->note, _("The answers "
			    "cannot be counted: %s"), cause != NULL ? cause :
			    err_str(r));
		else if (st->c.bundles > 0 &&
		    outbox_bundle_last(ob, &st->last, NULL) != ERR_OK)
			st->last.seq = 0;
	}
	outbox_close(&ob);
	free(cause);
	free(db);
}

size_t
screen_status_rows(const struct laptop_status *st, const char *home,
    const struct pack *pack, struct status_row *rows, size_t cap)
{
	char t[LAPTOP_TIME_SIZE];
	long long free_b;
	int pct, charging;
	size_t n = 0;

#define ROW(lab, alarm_, ...) do { \
	if (n < cap) { \
		rows[n].label = (lab); \
		rows[n].alarm = (alarm_); \
		snprintf(rows[n].value, sizeof rows[n].value, __VA_ARGS__); \
		n++; \
	} \
} while (0)
	ROW(_("Answers waiting for export:"), 0, "%llu",
	    (unsigned long long)st->c.pending);
	ROW(_("Exported, waiting for a receipt:"), 0, "%llu",
	    (unsigned long long)st->c.exported);
	ROW(_("Acknowledged by the hub:"), 0, "%llu",
	    (unsigned long long)st->c.purged);
	if (st->last.seq > 0) {
		laptop_time_format((time_t)st->last.created, t);
		ROW(_("Last sync:"), 0, st->last.acknowledged > 0 ?
		    _("%s (bundle %lld, acknowledged)") : _("%s (bundle %lld)"),
		    t, (long long)st->last.seq);
	} else
		ROW(_("Last sync:"), 0, "%s", _("never"));
	ROW(_("Device key id:"), 0, "%s", st->key_id[0] != '\0' ?
	    st->key_id : _("none yet"));
	ROW(_("Content pack:"), 0, "%s %s", pack->id, pack->version);
	free_b = laptop_free_disk(home);
	stick_size(free_b, t, sizeof t);
	ROW(_("Free disk:"), free_b >= 0 && free_b < 50LL * 1000 * 1000, "%s",
	    t);
	if (laptop_battery(&pct, &charging) == 0)
		ROW(_("Battery:"), pct < 15 && !charging, charging ?
		    _("%d%%, charging") : _("%d%%, on battery"), pct);
	else
		ROW(_("Battery:"), 0, "%s", _("no battery (mains power)"));
	laptop_time_format(laptop_now(), t);
	ROW(_("Clock:"), laptop_clock_behind(laptop_now(), NULL), "%s%s", t,
	    laptop_clock_behind(laptop_now(), NULL) ? _(" (behind: set the "
	    "clock from the menu)") : "");
#undef ROW
	return n;
}

static int
screen_status_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_status *x = s->data;

	(void)arg;
	screen_status_read(k->home, &x->st);
	return 0;
}

static const char *
screen_status_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Laptop status");
}

static void
screen_status_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_status *x = s->data;
	struct status_row rows[STATUS_ROWS];
	int left = c->w >= 60 ? 4 : 1, w = c->w - 2 * left, y = top + 1;
	int lw = w >= 60 ? 34 : w / 2;
	size_t i, n;

	(void)height;
	canvas_text_cut(c, y++, left, w, _("Laptop status"), ST_TITLE);
	y++;
	n = screen_status_rows(&x->st, k->home, k->pack, rows, STATUS_ROWS);
	for (i = 0; i < n; i++) {
		/* A gap between the answers and the laptop. */
		if (i == 4)
			y++;
		canvas_text_cut(c, y, left, lw - 1, rows[i].label, ST_NORMAL);
		canvas_text_cut(c, y++, left + lw, w - lw, rows[i].value,
		    rows[i].alarm ? ST_ERROR : i < 3 ? ST_BOLD : ST_NORMAL);
	}
	if (x->st.note[0] != '\0')
		canvas_wrap(c, y + 1, left, w, 2, x->st.note, ST_ERROR, k->rtl);
}

const struct screen_class screen_status_class = {
	.name = "status",
	.size = sizeof(struct screen_status),
	.behind_pin = 1,
	.no_language = 1,
	.enter = screen_status_enter,
	.draw = screen_status_draw,
	.title = screen_status_title,
	.bindings = screen_status_bindings,
};
