/*
 * `outreach hub contacts`: the requests residents made to be contacted
 * ("Ask us to contact you", a pack's [contact] form), for the council's
 * front door, kept apart from every answer (sync/hub-contacts.c).
 *
 *   hub contacts [list]                 every request held, oldest first
 *   hub contacts export FILE.csv [--all]
 *                                       the requests never exported (all
 *                                       held with --all) as CSV, 0600;
 *                                       each marked exported
 *   hub contacts purge --older-than DAYS
 *                                       delete for good every request
 *                                       made DAYS days ago or more
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/hub.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

#define HUB_CONTACTS_MAX_DAYS	36500	/* a hundred years */

void
cmd_hub_contacts_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach hub [--hub DIR] contacts [list]\n"
	    "       outreach hub [--hub DIR] contacts export FILE.csv [--all]\n"
	    "       outreach hub [--hub DIR] contacts purge --older-than DAYS\n"
	    "\n"
	    "Requests to be contacted (\"Ask us to contact you\"), kept apart "
	    "from every\nanswer: no export or report of a form includes them.\n"
	    "  list             every request held, oldest first\n"
	    "  export FILE.csv  the requests not exported before (--all: every "
	    "one held)\n"
	    "                   as CSV for the front door, readable only by "
	    "you; each\n"
	    "                   is marked exported\n"
	    "  purge --older-than DAYS\n"
	    "                   delete for good every request made DAYS days "
	    "ago or\n"
	    "                   more (0: all), as the pack's privacy notice "
	    "promises\n"));
}

static int
cmd_hub_contacts_fail(int r, char *cause)
{
	cmd_error("%s", cause != NULL ? cause : err_str(r));
	free(cause);
	return CMD_FAIL;
}

/* DAYS: a whole number from 0 to a hundred years; -1 when not. */
static int
cmd_hub_contacts_days(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 ||
	    v > HUB_CONTACTS_MAX_DAYS)
		return -1;
	return (int)v;
}

int
cmd_hub_contacts(struct hub *h, int argc, const char *const *argv)
{
	const char *what = argc > 0 ? argv[0] : "list", *file = NULL;
	char *cause = NULL;
	size_t n = 0;
	int r, i, all = 0, days = -1;

	if (strcmp(what, "list") == 0 && argc <= 1) {
		if ((r = hub_contacts_list(h, stdout, &n, &cause)) != 0)
			return cmd_hub_contacts_fail(r, cause);
		printf(ngettext("%zu request to be contacted.\n",
		    "%zu requests to be contacted.\n", n), n);
		return CMD_OK;
	}
	if (strcmp(what, "export") == 0) {
		for (i = 1; i < argc; i++)
			if (strcmp(argv[i], "--all") == 0)
				all = 1;
			else if (file == NULL && argv[i][0] != '-')
				file = argv[i];
			else
				file = NULL, i = argc + 1;
		if (file == NULL || i > argc) {
			cmd_hub_contacts_usage(stderr);
			return CMD_USAGE;
		}
		if ((r = hub_contacts_export(h, file, all, &n, &cause)) != 0)
			return cmd_hub_contacts_fail(r, cause);
		printf(ngettext("Wrote %zu request to be contacted to %s.\n",
		    "Wrote %zu requests to be contacted to %s.\n", n), n,
		    file);
		return CMD_OK;
	}
	if (strcmp(what, "purge") == 0 && argc == 3 &&
	    strcmp(argv[1], "--older-than") == 0 &&
	    (days = cmd_hub_contacts_days(argv[2])) >= 0) {
		if ((r = hub_contacts_purge(h, days, &n, &cause)) != 0)
			return cmd_hub_contacts_fail(r, cause);
		printf(ngettext("Deleted %zu request to be contacted for "
		    "good.\n", "Deleted %zu requests to be contacted for "
		    "good.\n", n), n);
		return CMD_OK;
	}
	cmd_hub_contacts_usage(stderr);
	return CMD_USAGE;
}
