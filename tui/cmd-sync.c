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
#include <dirent.h>
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
#include "sync/receipt.h"
#include "sync/trust.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

#define SYNC_MAX_RECEIPTS	100000

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

static int
sync_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What sync_list found in a folder. */
struct sync_names {
	char	**v;		/* this device's receipts, sorted */
	size_t	  n;
	size_t	  others;	/* receipts of other devices (not kept) */
	int	  limited;	/* more than SYNC_MAX_RECEIPTS of this device */
};

static void
sync_names_free(struct sync_names *sn)
{
	size_t i;

	for (i = 0; i < sn->n; i++)
		free(sn->v[i]);
	free(sn->v);
	memset(sn, 0, sizeof *sn);
}

/*
 * This device's receipt names in dir, sorted; others only counted, so
 * that no number of other names can hide this device's own.
 */
static int
sync_list(const char *dir, const char *device, struct sync_names *sn,
    char **cause)
{
	char **nv, dev[BUNDLE_KEYID_SIZE];
	struct dirent *de;
	int64_t seq;
	DIR *d;
	int r = ERR_OK;

	memset(sn, 0, sizeof *sn);
	if ((d = opendir(dir)) == NULL)
		return err_set(cause, ERR_NOTFOUND, "cannot open the folder "
		    "%s", dir);
	while ((de = readdir(d)) != NULL) {
		if (receipt_name_parse(de->d_name, dev, &seq) != 0)
			continue;
		if (strcmp(dev, device) != 0) {
			sn->others++;
			continue;
		}
		if (sn->n >= SYNC_MAX_RECEIPTS) {
			sn->limited = 1;
			continue;
		}
		if ((nv = reallocarray(sn->v, sn->n + 1, sizeof *nv)) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		sn->v = nv;
		if ((sn->v[sn->n] = strdup(de->d_name)) == NULL) {
			r = ERR_NOMEM;
			break;
		}
		sn->n++;
	}
	closedir(d);
	if (sn->n > 0)
		qsort(sn->v, sn->n, sizeof *sn->v, sync_name_cmp);
	return r;
}

/* A reason from a receipt, safe for a terminal (Caller frees). */
static char *
sync_clean(const char *s)
{
	return utf8_sanitize(s != NULL ? s : "?", s != NULL ? strlen(s) : 1,
	    0);
}

enum sync_verdict {
	SYNC_APPLIED,
	SYNC_REFUSED,		/* explained on stderr */
	SYNC_OTHER_COPY,	/* for another copy of this device's bundle */
};

/* Apply one verified receipt. */
static enum sync_verdict
sync_apply(struct outbox *ob, const char *name, const struct receipt *rc,
    size_t *purged)
{
	struct outbox_purge_result pr;
	struct outbox_bundle b;
	const char **ids = NULL;
	char *cause = NULL, *why, hex[BUNDLE_HEX_SIZE], a[32];
	size_t i, n = 0;
	int r;

	if (outbox_bundle_get(ob, rc->seq, &b, &cause) != 0) {
		bundle_hex(rc->bundle_hash, hex);
		cmd_error(_("%s: refused: it answers a bundle %lld (%.16s...) "
		    "that this device did not write"), name,
		    (long long)rc->seq, hex);
		free(cause);
		return SYNC_REFUSED;
	}
	if (memcmp(b.hash, rc->bundle_hash, BUNDLE_HASH_BYTES) != 0) {
		/* A restored or cloned copy of this device wrote that one. */
		printf(_("%s: it answers another bundle %lld made with this "
		    "device's key (by a copy restored from a backup, or "
		    "cloned); nothing was deleted\n"), name,
		    (long long)rc->seq);
		return SYNC_OTHER_COPY;
	}
	if (rc->refused_whole) {
		why = sync_clean(rc->reason);
		printf(_("%s: the hub refused bundle %lld: %s\n"), name,
		    (long long)rc->seq, why != NULL ? why : "?");
		printf(_("  Nothing was deleted; those answers stay on this "
		    "device.\n"));
		free(why);
		return SYNC_APPLIED;
	}
	if ((ids = calloc(rc->nstored + rc->nheld + 1, sizeof *ids)) == NULL)
		return SYNC_REFUSED;
	for (i = 0; i < rc->nstored; i++)
		ids[n++] = rc->stored[i];
	for (i = 0; i < rc->nheld; i++)
		ids[n++] = rc->held[i];
	r = outbox_purge(ob, rc->seq, ids, n, (int64_t)time(NULL), &pr,
	    &cause);
	free(ids);
	if (r != 0) {
		cmd_error("%s: %s", name, cause != NULL ? cause : err_str(r));
		free(cause);
		return SYNC_REFUSED;
	}
	*purged += pr.purged;
	printf(_("%s: bundle %lld: deleted %s submission(s) the hub holds"),
	    name, (long long)rc->seq, cmd_count(pr.purged, a, sizeof a));
	if (pr.already > 0)
		printf(_(" (%zu deleted before)"), pr.already);
	if (pr.unknown > 0)
		printf(_(" (%zu not on this device)"), pr.unknown);
	printf("\n");
	if (rc->nrefused > 0)
		printf(_("  The hub refused or quarantined %zu; they stay on "
		    "this device.\n"), rc->nrefused);
	return SYNC_APPLIED;
}

static int
sync_receipts(const char *dir)
{
	struct sync_names sn;
	struct trust trust;
	struct outbox *ob = NULL;
	struct receipt *rc = NULL;
	struct device dev;
	char *cause = NULL, *why, a[32];
	size_t i, refused = 0, applied = 0, copies = 0, purged = 0;
	int r, status = CMD_FAIL;

	memset(&sn, 0, sizeof sn);
	if ((r = trust_load(cmd_home(), cmd_bundled_pack_dir(), &trust,
	    &cause)) != 0) {
		cmd_error(_("receipts cannot be checked: %s"),
		    cause != NULL ? cause : err_str(r));
		goto out;
	}
	if ((r = device_load(cmd_home(), &dev, &cause)) != 0 ||
	    (r = outbox_open(cmd_home(), &ob, &cause)) != 0 ||
	    (r = sync_list(dir, dev.key_id, &sn, &cause)) != 0)
		goto fail;
	for (i = 0; i < sn.n; i++) {
		if ((r = receipt_load(dir, sn.v[i], &trust.hub, &rc,
		    &cause)) != 0) {
			why = sync_clean(cause != NULL ? cause : err_str(r));
			cmd_error(_("%s: refused: %s"), sn.v[i],
			    why != NULL ? why : "?");
			free(why);
			free(cause);
			cause = NULL;
			refused++;
			continue;
		}
		switch (sync_apply(ob, sn.v[i], rc, &purged)) {
		case SYNC_APPLIED:
			applied++;
			break;
		case SYNC_REFUSED:
			refused++;
			break;
		case SYNC_OTHER_COPY:
			copies++;
			break;
		}
		receipt_free(&rc);
	}
	if (sn.n == 0)
		printf(_("No receipts for this device (%s) in %s.\n"),
		    dev.key_id, dir);
	else
		printf(_("Applied %zu receipt(s): deleted %s submission(s) "
		    "that the hub holds.\n"), applied, cmd_count(purged, a,
		    sizeof a));
	if (sn.others > 0)
		printf(_("Ignored %zu receipt(s) for other devices.\n"),
		    sn.others);
	if (sn.limited)
		cmd_error(_("more than %d receipts for this device in %s: "
		    "only the first %d were read; apply them again for the "
		    "rest"), SYNC_MAX_RECEIPTS, dir, SYNC_MAX_RECEIPTS);
	if (refused > 0)
		cmd_error(_("%zu receipt(s) refused: nothing was deleted for "
		    "them"), refused);
	status = refused > 0 || sn.limited ? CMD_FAIL : CMD_OK;
	goto out;
fail:
	cmd_error("%s", cause != NULL ? cause : err_str(r));
out:
	sync_names_free(&sn);
	receipt_free(&rc);
	outbox_close(&ob);
	trust_clear(&trust);
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
