/*
 * `outreach pack check DIR|ZIP`: every problem of a content pack at once,
 * as FILE:LINE: REASON, then a one-line verdict. The same check runs in
 * `outreach hub pack`, which refuses to sign a pack with errors.
 *
 * Text from the pack reaches the terminal here, so control characters are
 * replaced before printing (cmd_put).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/diag.h"
#include "content/err.h"
#include "sync/packcheck.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

static void
pack_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach pack check DIR|ZIP\n\n"
	    "Check a content pack, its folder or its signed zip: pack.ini, "
	    "every page\n(links to pages that do not exist, images), every "
	    "survey (as `outreach\nsurvey check` does), the consent pages, the "
	    "languages (a name for the\npicker, something in each), the "
	    "service directory, recorded audio (audio/) and\nthe hub's "
	    "keys.\n\n"
	    "Every problem is shown as FILE:LINE: REASON; a warning works but "
	    "is\nprobably not what was meant. The last line is the verdict. "
	    "Exit status 1\nwhen there is an error: `outreach hub pack` will "
	    "not sign such a pack.\n"));
}

int
cmd_pack_report(const char *path, struct diags *d,
    const struct packcheck_info *info)
{
	struct buf b = BUF_INIT;
	char e[32], w[32];

	diags_sort(d);
	diags_format(d, &b);
	cmd_put(d->nerrors > 0 ? stderr : stdout, buf_str(&b));
	buf_free(&b);
	snprintf(e, sizeof e, ngettext("%zu error", "%zu errors", d->nerrors),
	    d->nerrors);
	snprintf(w, sizeof w, ngettext("%zu warning", "%zu warnings",
	    d->nwarnings), d->nwarnings);
	if (d->nerrors > 0) {
		fflush(stdout);
		fputs("outreach: ", stderr);
		cmd_put(stderr, path);
		fprintf(stderr, _(": %s, %s: the pack cannot be used until the "
		    "errors are fixed\n"), e, w);
		return CMD_FAIL;
	}
	cmd_put(stdout, path);
	if (info->id != NULL && info->version != NULL) {
		fputs(": ok: ", stdout);
		printf(_("pack %s version %s"), info->id, info->version);
	} else
		fputs(": ok", stdout);
	if (d->nwarnings > 0)
		printf(" (%s)", w);
	fputc('\n', stdout);
	return CMD_OK;
}

int
cmd_pack(int argc, char **argv)
{
	struct packcheck_info info;
	struct diags d = DIAGS_INIT;
	int i, r, status;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			pack_usage(stdout);
			return CMD_OK;
		}
	if (argc != 3 || strcmp(argv[1], "check") != 0 || argv[2][0] == '-') {
		pack_usage(stderr);
		return CMD_USAGE;
	}
	r = packcheck_run(argv[2], &d, &info);
	if (r == ERR_NOMEM) {
		cmd_error("%s", err_str(r));
		status = CMD_FAIL;
	} else
		status = cmd_pack_report(argv[2], &d, &info);
	packcheck_info_clear(&info);
	diags_clear(&d);
	return status;
}
