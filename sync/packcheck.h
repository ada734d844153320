/*
 * `outreach pack check DIR|ZIP` and the check `hub pack` runs before it
 * signs: every problem of a content pack at once (content/pack-check.c),
 * plus what needs sync/ to read: the hub's keys in [hub] (each age
 * recipient and the minisign key must parse; the demo hub's keys are a
 * warning, since anyone can read what is sealed to them), and for a zip,
 * its signature against the key its own pack.ini names.
 *
 * A zip is unpacked into a temporary folder (with the same bounds as an
 * install) and checked there; problems name the files as ZIP/path.
 */
#ifndef OUTREACH_PACKCHECK_H
#define OUTREACH_PACKCHECK_H

#include "content/diag.h"

/* What was checked, for the verdict. */
struct packcheck_info {
	char	*id;		/* the pack's id and version, or NULL */
	char	*version;
	int	 zip;		/* it was a zip */
	int	 demo;		/* it names the demo hub */
};

/*
 * Check the pack folder or zip at path, adding every problem to d. Returns
 * an error only when nothing could be checked (no such file, not a pack
 * folder or zip, memory); the problem is in d too. Clear info with
 * packcheck_info_clear.
 */
int	packcheck_run(const char *path, struct diags *d,
	    struct packcheck_info *info);
void	packcheck_info_clear(struct packcheck_info *info);

#endif
