/*
 * `outreach sync export DIR` and `outreach sync receipts DIR`: the device's
 * side of carrying answers home.
 *
 * export writes every sealed submission not yet in a bundle into new signed
 * bundles in DIR (a USB stick, a network share, a folder a sync client
 * uploads), with progress on stderr; see sync/bundle-export.h for what it
 * guarantees. receipts applies the hub's signed receipts found in DIR:
 * each is verified with the hub key this device trusts (sync/trust.h: the
 * installed pack's, never --pack's) before the ciphertext it covers is
 * deleted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/utf8.h"
#include "sync/bundle-export.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/outbox.h"
#include "sync/receipt-dir.h"
#include "sync/receipt.h"
#include "sync/trust.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

char *
cmd_count(uint64_t n, char *buf, size_t cap)
{
	char digits[32];
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof digits, "%llu",
	    (unsigned long long)n);
	for (i = 0; i < len && o + 2 < cap; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

void
cmd_tz_fixed(void)
{
	/*
	 * libzip turns every entry's DOS time into a time_t with mktime(),
	 * and glibc then stats /etc/localtime each time unless TZ is set:
	 * 30,000 stats for one export. Naming the same zone explicitly keeps
	 * every time the same and makes that free.
	 */
	if (getenv("TZ") == NULL)
		setenv("TZ", ":/etc/localtime", 0);
}

static void
sync_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach sync export DIR [--per-bundle N]\n"
	    "       outreach sync receipts DIR\n\n"
	    "export   write every sealed submission not yet exported into new\n"
	    "         signed bundles in DIR (a USB stick, a network share, or a\n"
	    "         folder that a sync client uploads). Each bundle is read\n"
	    "         back and checked before it counts as exported. Bundles not\n"
	    "         yet acknowledged by the hub are written again if DIR lacks\n"
	    "         them. At most N submissions per bundle (default 5000).\n"
	    "receipts apply the hub's signed receipts in DIR: each one is\n"
	    "         checked with the hub key this device trusts (the one of\n"
	    "         the pack installed with content install, never --pack),\n"
	    "         then the answers the hub holds are deleted from this\n"
	    "         device.\n"));
}

struct sync_progress {
	int	tty;
	size_t	last;	/* done at the last line printed */
	size_t	bundle;
};

static void
sync_progress(void *arg, const struct bundle_export_progress *p)
{
	struct sync_progress *sp = arg;
	char a[32], b[32];

	if (p->phase == BUNDLE_EXPORT_CHECK) {
		fprintf(stderr, sp->tty ? "\r\033[K" : "");
		fprintf(stderr, _("Checking bundle %zu of %zu\n"), p->bundle,
		    p->nbundles);
		return;
	}
	if (p->bundle != sp->bundle) {
		sp->bundle = p->bundle;
		sp->last = 0;
	}
	if (!sp->tty && p->done != p->total && p->done - sp->last < 1000)
		return;
	sp->last = p->done;
	cmd_count(p->done, a, sizeof a);
	cmd_count(p->total, b, sizeof b);
	if (sp->tty)
		fprintf(stderr, "\r\033[K");
	fprintf(stderr, p->again ? _("Writing again bundle %zu of %zu: %s of "
	    "%s") : _("Writing bundle %zu of %zu: %s of %s"), p->bundle,
	    p->nbundles, a, b);
	fputs(sp->tty ? "" : "\n", stderr);
}

static int
sync_export(const char *dir, size_t per)
{
	struct bundle_export_result res;
	struct sync_progress sp;
	struct device dev;
	char *cause = NULL, n[32], first[BUNDLE_NAME_SIZE],
	    last[BUNDLE_NAME_SIZE];
	int r;

	memset(&sp, 0, sizeof sp);
	sp.tty = isatty(STDERR_FILENO);
	r = bundle_export(cmd_home(), dir, per, sync_progress, &sp, &res,
	    &cause);
	if (sp.tty)
		fputs("\r\033[K", stderr);
	if (res.written > 0 && device_load(cmd_home(), &dev, NULL) == 0) {
		bundle_name(dev.key_id, res.first_seq, first);
		bundle_name(dev.key_id, res.last_seq, last);
		cmd_count(res.submissions, n, sizeof n);
		if (res.written == 1)
			printf(_("Wrote 1 bundle to %s (%s submissions): %s\n"),
			    dir, n, first);
		else
			printf(_("Wrote %zu bundles to %s (%s submissions): %s "
			    "to %s\n"), res.written, dir, n, first, last);
	}
	if (res.rewritten > 0)
		printf(_("Wrote again %zu earlier bundle(s) that the hub has "
		    "not acknowledged yet.\n"), res.rewritten);
	if (r != 0) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		fprintf(stderr, "%s", res.written > 0 ?
		    _("The bundles listed above were written and checked; "
		    "the rest is still in the outbox.\n") :
		    _("Nothing new was marked as exported: the outbox is as "
		    "it was.\n"));
		free(cause);
		return CMD_FAIL;
	}
	if (res.written == 0 && res.rewritten == 0)
		printf(_("Nothing new to export: every sealed submission is "
		    "already in a bundle.\n"));
	if (res.present > 0)
		printf(_("%zu earlier bundle(s) not yet acknowledged by the hub "
		    "are already in %s.\n"), res.present, dir);
	if (res.partial > 0)
		printf(_("%zu earlier bundle(s) were partly acknowledged and "
		    "are not written again.\n"), res.partial);
	return CMD_OK;
}

/* A reason from a receipt, safe for a terminal (Caller frees). */
static char *
sync_clean(const char *s)
{
	return utf8_sanitize(s != NULL ? s : "?", s != NULL ? strlen(s) : 1,
	    0);
}

/* Say what became of one receipt (sync/receipt-dir.h). */
static void
sync_told(void *arg, const struct receipt_dir_event *e)
{
	char *why, hex[BUNDLE_HEX_SIZE], a[32];
	const struct receipt *rc = e->rc;

	(void)arg;
	switch (e->verdict) {
	case RECEIPT_DIR_BAD:
		if (e->unknown_bundle) {
			bundle_hex(rc->bundle_hash, hex);
			cmd_error(_("%s: refused: it answers a bundle %lld "
			    "(%.16s...) that this device did not write"),
			    e->name, (long long)e->seq, hex);
			break;
		}
		why = sync_clean(e->why);
		cmd_error(_("%s: refused: %s"), e->name, why != NULL ? why : "?");
		free(why);
		break;
	case RECEIPT_DIR_FAILED:
		cmd_error("%s: %s", e->name, e->why != NULL ? e->why :
		    err_str(ERR_DB));
		break;
	case RECEIPT_DIR_OTHER_COPY:
		/* A restored or cloned copy of this device wrote that one. */
		printf(_("%s: it answers another bundle %lld made with this "
		    "device's key (by a copy restored from a backup, or "
		    "cloned); nothing was deleted\n"), e->name,
		    (long long)e->seq);
		break;
	case RECEIPT_DIR_REFUSED_WHOLE:
		why = sync_clean(rc->reason);
		printf(_("%s: the hub refused bundle %lld: %s\n"), e->name,
		    (long long)rc->seq, why != NULL ? why : "?");
		printf(_("  Nothing was deleted; those answers stay on this "
		    "device.\n"));
		free(why);
		break;
	case RECEIPT_DIR_APPLIED:
		printf(_("%s: bundle %lld: deleted %s submission(s) the hub "
		    "holds"), e->name, (long long)rc->seq,
		    cmd_count(e->pr.purged, a, sizeof a));
		if (e->pr.already > 0)
			printf(_(" (%zu deleted before)"), e->pr.already);
		if (e->pr.unknown > 0)
			printf(_(" (%zu not on this device)"), e->pr.unknown);
		printf("\n");
		if (rc->nrefused > 0)
			printf(_("  The hub refused or quarantined %zu; they stay "
			    "on this device.\n"), rc->nrefused);
		break;
	}
}

static int
sync_receipts(const char *dir)
{
	struct receipt_dir_result res;
	struct trust trust;
	struct outbox *ob = NULL;
	struct device dev;
	char *cause = NULL, a[32];
	int r, status = CMD_FAIL;

	memset(&trust, 0, sizeof trust);
	if ((r = trust_load(cmd_home(), cmd_bundled_pack_dir(), &trust,
	    &cause)) != 0) {
		cmd_error(_("receipts cannot be checked: %s"),
		    cause != NULL ? cause : err_str(r));
		goto out;
	}
	if ((r = device_load(cmd_home(), &dev, &cause)) != 0 ||
	    (r = outbox_open(cmd_home(), &ob, &cause)) != 0 ||
	    (r = receipt_dir_apply(ob, dev.key_id, &trust.hub, dir, sync_told,
	    NULL, &res, &cause)) != 0)
		goto fail;
	if (res.found == 0)
		printf(_("No receipts for this device (%s) in %s.\n"),
		    dev.key_id, dir);
	else
		printf(_("Applied %zu receipt(s): deleted %s submission(s) "
		    "that the hub holds.\n"), res.applied, cmd_count(res.purged,
		    a, sizeof a));
	if (res.others > 0)
		printf(_("Ignored %zu receipt(s) for other devices.\n"),
		    res.others);
	if (res.limited)
		cmd_error(_("more than %d receipts for this device in %s: "
		    "only the first %d were read; apply them again for the "
		    "rest"), RECEIPT_DIR_MAX, dir, RECEIPT_DIR_MAX);
	if (res.refused > 0)
		cmd_error(_("%zu receipt(s) refused: nothing was deleted for "
		    "them"), res.refused);
	status = res.refused > 0 || res.limited ? CMD_FAIL : CMD_OK;
	goto out;
fail:
	cmd_error("%s", cause != NULL ? cause : err_str(r));
out:
	trust_clear(&trust);
	outbox_close(&ob);
	free(cause);
	return status;
}

int
cmd_sync(int argc, char **argv)
{
	unsigned long per = 0;
	char *end;
	int i;

	cmd_tz_fixed();

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			sync_usage(stdout);
			return CMD_OK;
		}
	if (argc == 5 && strcmp(argv[1], "export") == 0 &&
	    strcmp(argv[3], "--per-bundle") == 0) {
		per = strtoul(argv[4], &end, 10);
		if (*end != '\0' || per == 0 || per > BUNDLE_MAX_ENTRIES) {
			cmd_error(_("--per-bundle takes 1 to %d"),
			    BUNDLE_MAX_ENTRIES);
			return CMD_USAGE;
		}
		argc = 3;
	}
	if (argc != 3 || argv[2][0] == '-') {
		sync_usage(stderr);
		return CMD_USAGE;
	}
	if (strcmp(argv[1], "export") == 0)
		return sync_export(argv[2], (size_t)per);
	if (strcmp(argv[1], "receipts") == 0)
		return sync_receipts(argv[2]);
	sync_usage(stderr);
	return CMD_USAGE;
}
