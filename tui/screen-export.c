/*
 * "Export to a USB stick", from the facilitator menu: a folder prompt
 * (filled in with the first USB stick found mounted), then the same export
 * as `outreach sync export DIR` with a progress bar, then what happened in
 * plain words. The export runs inside the key handler; its progress
 * callback updates this screen's state and repaints, so the bar moves
 * while bundles are written.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/utf8.h"
#include "sync/bundle-export.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/screen-export.h"
#include "tui/textfield.h"

enum screen_export_phase {
	SX_ASK,
	SX_RUNNING,
	SX_DONE,
	SX_FAILED,
};

struct screen_export {
	struct textfield		 field;
	enum screen_export_phase	 phase;
	struct bundle_export_progress	 p;
	char				 note[512];
	struct kiosk			*k;	/* for repainting mid-export */
};

static int	screen_export_go(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_export_bindings[] = {
	{ "Enter", N_("export"), K_ENTER, 0, screen_export_go },
	{ "Esc", N_("back"), K_ESC, 0, kiosk_back },
	BINDING_END
};

/* The first folder under /media/USER, /run/media/USER or /media. */
static void
screen_export_guess(char *out, size_t cap)
{
	const char *user = getenv("USER");
	char base[3][256];
	struct dirent *de;
	struct stat st;
	char path[1024];
	DIR *d;
	int i;

	out[0] = '\0';
	snprintf(base[0], sizeof base[0], "/media/%s", user ? user : "");
	snprintf(base[1], sizeof base[1], "/run/media/%s", user ? user : "");
	snprintf(base[2], sizeof base[2], "/media");
	for (i = 0; i < 3; i++) {
		if ((d = opendir(base[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(path, sizeof path, "%s/%s",
			    base[i], de->d_name) >= cap)
				continue;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
			    access(path, W_OK) == 0) {
				memcpy(out, path, strlen(path) + 1);
				closedir(d);
				return;
			}
		}
		closedir(d);
	}
}

static int
screen_export_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	struct screen_export *x = s->data;
	char guess[512];

	(void)arg;
	x->k = k;
	textfield_init(&x->field, 400, 0);
	screen_export_guess(guess, sizeof guess);
	textfield_set(&x->field, guess);
	return 0;
}

static void
screen_export_leave(struct kiosk *k, struct screen *s)
{
	struct screen_export *x = s->data;

	(void)k;
	textfield_free(&x->field);
}

static const char *
screen_export_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Export to a USB stick");
}

static void
screen_export_progress(void *arg, const struct bundle_export_progress *p)
{
	struct screen_export *x = arg;

	x->p = *p;
	kiosk_draw(x->k);
	if (!x->k->headless)
		term_flush(&x->k->canvas);
}

static void
screen_export_run(struct kiosk *k, struct screen_export *x)
{
	struct bundle_export_result res;
	char *cause = NULL;
	int r;

	x->phase = SX_RUNNING;
	memset(&x->p, 0, sizeof x->p);
	screen_export_progress(x, &x->p);
	r = bundle_export(k->home, textfield_text(&x->field), 0,
	    screen_export_progress, x, &res, &cause);
	if (r != 0) {
		x->phase = SX_FAILED;
		snprintf(x->note, sizeof x->note, "%s %s", cause != NULL ?
		    cause : err_str(r), res.written > 0 ?
		    _("The bundles already written are safe; the rest stays "
		    "on this laptop.") : _("Nothing was changed on this "
		    "laptop."));
	} else {
		x->phase = SX_DONE;
		if (res.written + res.rewritten == 0)
			snprintf(x->note, sizeof x->note, "%s", _("Nothing new "
			    "to export: every answer is already on a stick."));
		else {
			char a[64], b[64];

			snprintf(a, sizeof a, ngettext("%zu answer",
			    "%zu answers", res.submissions), res.submissions);
			snprintf(b, sizeof b, ngettext("%zu new bundle",
			    "%zu new bundles", res.written), res.written);
			/* TRANSLATORS: "Done: 12 answers in 1 new bundle". */
			snprintf(x->note, sizeof x->note, _("Done: %s in %s%s. "
			    "You can remove the stick once your computer says "
			    "it is safe to."), a, b, res.rewritten > 0 ?
			    _(", and earlier bundles written again") : "");
		}
	}
	free(cause);
}

static int
screen_export_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_export *x = s->data;

	(void)k;
	if (ev->type != EV_KEY)
		return R_NONE;
	if (x->phase != SX_RUNNING && textfield_key(&x->field, ev)) {
		x->phase = SX_ASK;
		return R_REDRAW;
	}
	return R_NONE;
}

/* Enter: export to the folder typed (once done, back). */
static int
screen_export_go(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_export *x = s->data;

	(void)ev;
	if (x->phase == SX_DONE)
		return R_POP;
	if (textfield_text(&x->field)[0] == '\0') {
		x->phase = SX_FAILED;
		snprintf(x->note, sizeof x->note, "%s", _("Type the folder of "
		    "the USB stick first."));
		return R_REDRAW;
	}
	screen_export_run(k, x);
	return R_REDRAW;
}

/*
 * The export's progress under a screen's text: WAITING while the outbox is
 * read (no bundle yet), then which bundle is written or read back, and a
 * bar over every bundle.  The stick's sync shows the same two rows.
 */
void
screen_export_progress_draw(struct canvas *c, int y, int left, int w,
    const struct bundle_export_progress *p, const char *waiting, int rtl)
{
	char line[160];

	if (p->nbundles == 0)
		snprintf(line, sizeof line, "%s", waiting);
	else if (p->phase == BUNDLE_EXPORT_CHECK)
		snprintf(line, sizeof line, _("Checking bundle %zu of %zu on "
		    "the stick..."), p->bundle, p->nbundles);
	else
		snprintf(line, sizeof line, _("Writing bundle %zu of %zu: %zu "
		    "of %zu"), p->bundle, p->nbundles, p->done, p->total);
	y += canvas_wrap(c, y, left, w, 2, line, ST_NORMAL, rtl);
	canvas_bar(c, y, left, w, p->nbundles == 0 ? 0 : (p->bundle - 1) *
	    1000 + (p->total > 0 ? p->done * 1000 / p->total : 0),
	    p->nbundles * 1000);
}

static void
screen_export_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_export *x = s->data;
	int left = c->w >= 60 ? 4 : 1, w = c->w - 2 * left, y = top + 1;

	canvas_text_cut(c, y, left, w, _("Export to a USB stick"), ST_TITLE);
	y += 2;
	y += canvas_wrap(c, y, left, w, 3, _("The answers leave this laptop "
	    "locked (encrypted): only the council's hub can read them."),
	    ST_NORMAL, k->rtl);
	y += canvas_wrap(c, y, left, w, 3, _("Plug in the stick, check the "
	    "folder below, and press Enter."), ST_NORMAL, k->rtl);
	y++;
	canvas_label(c, y, left, w, _("Folder:"), x->phase != SX_RUNNING, 0);
	textfield_draw(&x->field, c, y + 1, left, w, 1, x->phase != SX_RUNNING);
	y += 3;
	if (x->phase == SX_RUNNING) {
		screen_export_progress_draw(c, y, left, w, &x->p,
		    _("Looking at what is waiting..."), k->rtl);
	} else if (x->phase == SX_DONE || x->phase == SX_FAILED) {
		canvas_wrap(c, y, left, w, top + height - y, x->note,
		    x->phase == SX_DONE ? ST_BOLD : ST_ERROR, k->rtl);
	}
}

const struct screen_class screen_export_class = {
	.name = "export",
	.size = sizeof(struct screen_export),
	.text_input = 1,
	.enter = screen_export_enter,
	.leave = screen_export_leave,
	.key = screen_export_key,
	.draw = screen_export_draw,
	.title = screen_export_title,
	.bindings = screen_export_bindings,
};
