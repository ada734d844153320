/*
 * `outreach hub import`'s two helpers: the bundles a path names (a file, or
 * the bundles in a folder, in name order) and what it prints per bundle.
 * Anything that came from a bundle is sanitised before it reaches the
 * terminal.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/utf8.h"
#include "sync/bundle.h"
#include "sync/hub.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

static int
cmd_hub_import_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Append path, or the bundles in folder path, to *v. */
int
cmd_hub_expand(const char *path, char ***v, size_t *n)
{
	char **nv, dev[BUNDLE_KEYID_SIZE];
	struct dirent *de;
	struct stat st;
	size_t first = *n;
	int64_t seq;
	DIR *d;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((d = opendir(path)) == NULL)
			return -1;
		while ((de = readdir(d)) != NULL) {
			struct stat est;
			char *full = NULL;

			if (bundle_name_parse(de->d_name, dev, &seq) != 0 ||
			    asprintf(&full, "%s/%s", path, de->d_name) == -1)
				continue;
			/* A FIFO or a device on a stick would block a read. */
			if (lstat(full, &est) == -1 || !S_ISREG(est.st_mode)) {
				free(full);
				continue;
			}
			if ((nv = reallocarray(*v, *n + 1, sizeof *nv)) == NULL) {
				free(full);
				break;
			}
			*v = nv;
			(*v)[(*n)++] = full;
		}
		closedir(d);
		if (*n - first > 1)
			qsort(*v + first, *n - first, sizeof **v,
			    cmd_hub_import_cmp);
		return 0;
	}
	if ((nv = reallocarray(*v, *n + 1, sizeof *nv)) == NULL ||
	    (nv[*n] = strdup(path)) == NULL)
		return -1;
	*v = nv;
	(*n)++;
	return 0;
}

void
cmd_hub_print_result(const char *path, const struct hub_import_result *res)
{
	char a[32], b[32], *reason;
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
	    path;

	/* Reasons can quote a bundle's content: nothing raw on a terminal. */
	reason = utf8_sanitize(res->reason != NULL ? res->reason : "?",
	    res->reason != NULL ? strlen(res->reason) : 1, 0);
	switch (res->status) {
	case HUB_IMPORTED:
		printf(_("%s: imported: %s new, %s already held\n"), base,
		    cmd_count(res->stored, a, sizeof a), cmd_count(res->held, b,
		    sizeof b));
		break;
	case HUB_ALREADY:
		printf(_("%s: already imported; nothing new\n"), base);
		break;
	case HUB_REFUSED:
		printf(_("%s: REFUSED: %s\n"), base, reason != NULL ? reason :
		    "?");
		break;
	}
	free(reason);
	if (res->quarantined > 0)
		printf(_("  warning: %zu submission(s) quarantined: the hub holds "
		    "their ids from another device or with other content; both "
		    "copies are kept (see outreach hub status), and the device "
		    "keeps its own\n"), res->quarantined);
	if (res->fork)
		printf(_("  note: the hub already held another bundle %lld of "
		    "device %s (a copy restored from a backup, or cloned): "
		    "recorded as a fork\n"), (long long)res->seq, res->device);
	if (res->gap_from > 0)
		printf(_("  note: bundle(s) %lld to %lld of device %s have not "
		    "been imported yet\n"), (long long)res->gap_from,
		    (long long)res->seq - 1, res->device);
	if (res->untrusted)
		printf(_("  no receipt was written: no enrolled key verifies "
		    "this bundle\n"));
	if (res->receipt_kept)
		printf(_("  the receipt beside it says the bundle was imported; "
		    "it was kept\n"));
	if (res->receipt_error != NULL)
		printf(_("  the receipt could not be written: %s\n"),
		    res->receipt_error);
}
