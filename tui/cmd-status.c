/*
 * `outreach status`: what this device holds, in counts only: submissions
 * sealed and waiting for export, exported and waiting for a receipt,
 * purged after one; bundles written; the device key id and the hub key
 * it trusts (sync/trust.h); whether an unfinished survey's draft is kept.
 * Never any answer, and it creates nothing: a device that was never used
 * says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/device.h"
#include "sync/draft.h"
#include "sync/outbox.h"
#include "sync/trust.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

/* Bytes as a person reads them. */
static void
status_size(unsigned long long n, char *out, size_t cap)
{
	if (n < 1024)
		snprintf(out, cap, "%llu B", n);
	else if (n < 1024 * 1024)
		snprintf(out, cap, "%.1f KiB", (double)n / 1024);
	else
		snprintf(out, cap, "%.1f MiB", (double)n / (1024 * 1024));
}

int
cmd_status(int argc, char **argv)
{
	struct outbox *ob = NULL;
	struct outbox_counts c;
	struct outbox_bundle last;
	struct device dev;
	struct trust trust;
	char *cause = NULL, *dbpath = NULL, size[32];
	const char *home = cmd_home();
	int r, status = CMD_FAIL;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("%s", _("usage: outreach status\n\n"
		    "Show what this device holds: submissions sealed and "
		    "waiting for export,\nexported and waiting for the hub's "
		    "receipt, purged after one; bundles\nwritten; the device "
		    "key id and the hub key it trusts; whether an\nunfinished "
		    "survey is kept. Counts only: never any answer.\n"));
		return CMD_OK;
	}
	if (argc != 1) {
		cmd_error("%s", _("usage: outreach status (see outreach "
		    "status --help)"));
		return CMD_USAGE;
	}
	memset(&c, 0, sizeof c);
	printf(_("Data folder:                      %s\n"), home);
	r = device_load(home, &dev, &cause);
	if (r == ERR_NOTFOUND)
		printf("%s", _("Device key id:                    none yet "
		    "(run: outreach init)\n"));
	else if (r != ERR_OK) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		goto out;
	} else
		printf(_("Device key id:                    %s\n"), dev.key_id);
	if (trust_load(home, cmd_bundled_pack_dir(), &trust, NULL) == 0) {
		printf(trust.installed ? _("Trusted hub key:                  %s "
		    "(pack %s %s, installed)\n") : _("Trusted hub key:          "
		    "        %s (the bundled pack %s %s)\n"), trust.key_id,
		    trust.pack_id, trust.version);
		trust_clear(&trust);
	}
	if ((dbpath = file_join(home, OUTBOX_FILE)) == NULL) {
		cmd_error("%s", err_str(ERR_NOMEM));
		goto out;
	}
	/* Opening would create it: a device never used has nothing to count. */
	if (access(dbpath, F_OK) == 0) {
		if ((r = outbox_open(home, &ob, &cause)) != ERR_OK ||
		    (r = outbox_counts(ob, &c, &cause)) != ERR_OK) {
			cmd_error("%s", cause != NULL ? cause : err_str(r));
			goto out;
		}
	}
	status_size(c.pending_bytes, size, sizeof size);
	printf(_("Sealed, waiting for export:       %llu (%s)\n"),
	    (unsigned long long)c.pending, size);
	printf(_("Exported, waiting for a receipt:  %llu\n"),
	    (unsigned long long)c.exported);
	printf(_("Purged after a receipt:           %llu\n"),
	    (unsigned long long)c.purged);
	printf(_("Bundles written:                  %llu (%llu acknowledged)\n"),
	    (unsigned long long)c.bundles, (unsigned long long)c.acknowledged);
	if (ob != NULL && c.bundles > 0 &&
	    outbox_bundle_last(ob, &last, NULL) == ERR_OK)
		printf(_("Last bundle:                      %s\n"), last.name);
	printf(_("Unfinished survey kept:           %s\n"),
	    draft_exists(home) ? _("yes (encrypted draft)") : _("no"));
	status = CMD_OK;
out:
	outbox_close(&ob);
	free(dbpath);
	free(cause);
	return status;
}
