/*
 * `outreach hub status`: print what the hub holds (sync/hub-status.c) for
 * the data team: per enrolled device its bundles, forks and gaps, and
 * every quarantined submission with both copies. Anything that came from
 * a device is sanitised before it reaches the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/utf8.h"
#include "sync/bundle.h"
#include "sync/hub.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

/* s made safe for a terminal (Caller frees; never NULL but on ENOMEM). */
static char *
hub_status_clean(const char *s)
{
	return utf8_sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0, 0);
}

static void
hub_status_device(const struct hub_status_device *d)
{
	char when[BUNDLE_TIME_SIZE], a[32];
	size_t i;

	if (bundle_time_format(d->enrolled, when) != 0)
		snprintf(when, sizeof when, "?");
	if (d->bundles == 0) {
		printf(_("Device %s, enrolled %s: no bundles yet\n"), d->key_id,
		    when);
		return;
	}
	printf(_("Device %s, enrolled %s: %zu bundle(s) up to bundle %lld, "
	    "%s submission(s) stored\n"), d->key_id, when, d->bundles,
	    (long long)d->last_seq, cmd_count(d->submissions, a, sizeof a));
	for (i = 0; i < d->nforks; i++)
		printf(_("  fork: two or more bundles %lld are held (a copy "
		    "restored from a backup, or cloned)\n"),
		    (long long)d->forks[i]);
	for (i = 0; i < d->ngaps; i++)
		printf(_("  gap: bundle(s) %lld to %lld not imported yet\n"),
		    (long long)d->gaps[i].from, (long long)d->gaps[i].to);
	if (d->quarantined > 0)
		printf(_("  quarantined: %zu of its submission(s)\n"),
		    d->quarantined);
}

static void
hub_status_copy_print(const char *what, const struct hub_status_copy *c)
{
	char when[BUNDLE_TIME_SIZE], hex[BUNDLE_HEX_SIZE], *form, *version;

	if (!c->present) {
		printf("    %s %s\n", what, _("(none)"));
		return;
	}
	if (bundle_time_format(c->submitted, when) != 0)
		snprintf(when, sizeof when, "?");
	bundle_hex(c->sha256, hex);
	form = hub_status_clean(c->form);
	version = hub_status_clean(c->version);
	printf(_("    %s device %s, bundle %lld, form %s version %s, submitted "
	    "%s, content %.16s\n"), what, c->device, (long long)c->seq,
	    form != NULL ? form : "?", version != NULL ? version : "?", when,
	    hex);
	free(form);
	free(version);
}

int
cmd_hub_status(struct hub *h)
{
	struct hub_status_report *rep = NULL;
	struct hub_info info;
	char *cause = NULL, *reason, when[BUNDLE_TIME_SIZE], a[32];
	size_t i;
	int r;

	if ((r = hub_status_load(h, &rep, &cause)) != 0) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		free(cause);
		return CMD_FAIL;
	}
	hub_get_info(h, &info);
	printf(_("Hub %s (key id %s): %zu device(s) enrolled, %zu bundle(s), "
	    "%s submission(s) stored, %zu quarantined.\n"), hub_dir(h),
	    info.key_id, rep->ndevices, rep->bundles, cmd_count(
	    rep->submissions, a, sizeof a), rep->nquarantined);
	if (rep->ndevices > 0)
		printf("\n");
	for (i = 0; i < rep->ndevices; i++)
		hub_status_device(&rep->devices[i]);
	if (rep->nquarantined > 0)
		printf(_("\nQuarantined: the hub holds these ids otherwise; it "
		    "keeps both copies,\nand the device that offered the second "
		    "keeps it too.\n"));
	for (i = 0; i < rep->nquarantined; i++) {
		const struct hub_status_quarantined *q = &rep->quarantined[i];

		if (bundle_time_format(q->arrived, when) != 0)
			snprintf(when, sizeof when, "?");
		printf(_("  %s (arrived %s)\n"), q->id, when);
		hub_status_copy_print(_("held:     "), &q->copy[0]);
		hub_status_copy_print(_("set aside:"), &q->copy[1]);
		reason = hub_status_clean(q->copy[1].reason);
		printf("               %s\n", reason != NULL ? reason : "?");
		free(reason);
	}
	hub_status_free(&rep);
	return CMD_OK;
}
