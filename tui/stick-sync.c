/*
 * "Sync with the USB stick": receipts in, then bundles out; see stick.h.
 *
 * Receipts come first so that a laptop low on disk frees what the hub
 * already holds before anything else. Each failure the stick can cause
 * has its own sentence, and each says what became of the answers: they
 * stay on the laptop until a verified receipt covers them.
 */
#include "tui/stick.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "sync/device.h"
#include "sync/outbox.h"
#include "sync/trust.h"
#include "tui/i18n.h"
#include "tui/udisks.h"

/* Apply the receipts on the stick: ERR_OK, or why not (note set). */
static int
stick_sync_receipts(const char *home, const char *bundled, const char *path,
    struct stick_sync *out)
{
	struct trust trust;
	struct device dev;
	struct outbox *ob = NULL;
	char *cause = NULL;
	int r;

	memset(&trust, 0, sizeof trust);
	if ((r = trust_load(home, bundled, &trust, &cause)) != 0 ||
	    (r = device_init(home, &dev, NULL, &cause)) != 0 ||
	    (r = outbox_open(home, &ob, &cause)) != 0) {
		snprintf(out->note, sizeof out->note, _("Nothing was done: %s"),
		    cause != NULL ? cause : err_str(r));
		goto out;
	}
	r = receipt_dir_apply(ob, dev.key_id, &trust.hub, path, NULL, NULL,
	    &out->receipts, &cause);
	if (r == ERR_NOTFOUND)
		snprintf(out->note, sizeof out->note, "%s", _("The stick could "
		    "not be read (was it taken out?). Nothing was changed on "
		    "this laptop."));
	else if (r != 0)
		snprintf(out->note, sizeof out->note, _("Nothing was done: %s"),
		    cause != NULL ? cause : err_str(r));
out:
	outbox_close(&ob);
	trust_clear(&trust);
	free(cause);
	return r;
}

/* What is still waiting for a receipt. */
static uint64_t
stick_sync_waiting(const char *home)
{
	struct outbox_counts c;
	struct outbox *ob = NULL;

	memset(&c, 0, sizeof c);
	if (outbox_open(home, &ob, NULL) == 0)
		(void)outbox_counts(ob, &c, NULL);
	outbox_close(&ob);
	return c.exported;
}

/* The sentence for a failed export, r its error. */
static void
stick_sync_failed(int r, const char *cause, struct stick_sync *out,
    char *buf, size_t cap)
{
	const struct bundle_export_result *x = &out->exported;

	if (r == ERR_FULL)
		snprintf(buf, cap, ngettext("The stick is full: %zu new bundle "
		    "was written, the rest stays on this laptop. Make room on "
		    "the stick, or use another, and sync again.", "The stick "
		    "is full: %zu new bundles were written, the rest stays on "
		    "this laptop. Make room on the stick, or use another, and "
		    "sync again.", x->written), x->written);
	else if (r == ERR_PERM)
		snprintf(buf, cap, "%s", _("The stick is read-only (or locked): "
		    "nothing could be written to it. Every answer stays on "
		    "this laptop."));
	else if (r == ERR_IO || r == ERR_NOTFOUND)
		snprintf(buf, cap, "%s", _("The stick was taken out, or failed, "
		    "before the export ended. Nothing is lost: what was not "
		    "read back from the stick stays on this laptop. Put it "
		    "back and sync again."));
	else
		snprintf(buf, cap, _("The export stopped: %s. Nothing is lost: "
		    "the answers stay on this laptop."), cause != NULL ? cause :
		    err_str(r));
}

void
stick_sync(const char *home, const char *bundled, const char *path,
    bundle_export_fn progress, void *arg, struct stick_sync *out)
{
	char rec[300], exp[500], *cause = NULL;
	int r;

	memset(out, 0, sizeof *out);
	if (stick_sync_receipts(home, bundled, path, out) != ERR_OK)
		return;
	if (out->receipts.found == 0)
		snprintf(rec, sizeof rec, "%s", _("No receipts for this laptop "
		    "on the stick."));
	else
		snprintf(rec, sizeof rec, ngettext("Receipts: %zu applied, %zu "
		    "answer the hub holds deleted from this laptop.",
		    "Receipts: %zu applied, %zu answers the hub holds deleted "
		    "from this laptop.", out->receipts.purged),
		    out->receipts.applied, out->receipts.purged);
	if (out->receipts.refused > 0) {
		size_t len = strlen(rec);

		snprintf(rec + len, sizeof rec - len, ngettext(" %zu receipt "
		    "was refused (not signed by this laptop's hub): nothing "
		    "was deleted for it.", " %zu receipts were refused (not "
		    "signed by this laptop's hub): nothing was deleted for "
		    "them.", out->receipts.refused), out->receipts.refused);
	}
	r = bundle_export(home, path, 0, progress, arg, &out->exported,
	    &cause);
	if (r != 0)
		stick_sync_failed(r, cause, out, exp, sizeof exp);
	else if (out->exported.written == 0)
		snprintf(exp, sizeof exp, "%s", _("Nothing new to export."));
	else {
		char a[64], b[64];

		snprintf(a, sizeof a, ngettext("%zu answer", "%zu answers",
		    out->exported.submissions), out->exported.submissions);
		snprintf(b, sizeof b, ngettext("%zu new bundle",
		    "%zu new bundles", out->exported.written),
		    out->exported.written);
		/* TRANSLATORS: "Exported 12 answers in 1 new bundle." */
		snprintf(exp, sizeof exp, _("Exported %s in %s."), a, b);
	}
	out->waiting = stick_sync_waiting(home);
	out->ok = r == 0 && out->receipts.refused == 0;
	snprintf(out->note, sizeof out->note, ngettext("%s %s %llu answer "
	    "exported is waiting for the hub's receipt.", "%s %s %llu "
	    "answers exported are waiting for the hub's receipt.",
	    out->waiting), rec, exp, (unsigned long long)out->waiting);
	free(cause);
}

int
stick_eject(const struct stick *s)
{
	char why[UDISKS_WHY];
	int fd, r;

	if (s->object[0] != '\0')
		return udisks_eject(s, why);
	if ((fd = open(s->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	r = syncfs(fd);
	close(fd);
	return r == 0 ? 0 : -1;
}
