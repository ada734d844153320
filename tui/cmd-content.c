/*
 * `outreach content install ZIP [--trust KEY]`: verify a content pack
 * signed by the hub and switch the kiosk to it (sync/packsign.h).
 *
 * The key that must have signed it is the one this device trusts
 * (sync/trust.h: the installed pack's, at first the bundled pack's; never
 * --pack's or $OUTREACH_PACK's), unless --trust names another: that is how
 * a device moves from the demo hub to a council's own, and the key id is
 * printed, once the pack is installed, so that it can be compared with
 * what `outreach hub init` said. Either way the pack must be no older
 * than the trusted one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/device.h"
#include "sync/packsign.h"
#include "sync/trust.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

static void
content_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach content install ZIP [--trust KEY]\n\n"
	    "Verify the content pack ZIP and switch to it. It must be signed by "
	    "the\nhub key this device trusts (that of the pack installed last, "
	    "else of the\nbundled pack; never --pack's), be no older than that "
	    "pack, and every\nfile must match the signed manifest. --trust KEY "
	    "(a minisign public key,\nor a file holding one) trusts another "
	    "hub's key instead: compare the key\nid shown with the one "
	    "`outreach hub init` printed.\n"));
}

/* The key --trust names: a file's content or the base64 string. */
static int
content_key(const char *arg, struct minisign_pubkey *pk, char **cause)
{
	struct stat st;

	if (stat(arg, &st) == 0)
		return minisign_pubkey_load(arg, pk, cause);
	return minisign_pubkey_parse(arg, strlen(arg), pk, cause);
}

int
cmd_content(int argc, char **argv)
{
	struct packsign_result res;
	struct minisign_pubkey key;
	struct trust trust;
	const char *zip = NULL, *trust_arg = NULL;
	char *cause = NULL, id[DEVICE_KEY_ID_SIZE];
	int i, r, status = CMD_FAIL;

	cmd_tz_fixed();

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			content_usage(stdout);
			return CMD_OK;
		}
	if (argc < 3 || strcmp(argv[1], "install") != 0) {
		content_usage(stderr);
		return CMD_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--trust") == 0 && i + 1 < argc)
			trust_arg = argv[++i];
		else if (zip == NULL && argv[i][0] != '-')
			zip = argv[i];
		else {
			content_usage(stderr);
			return CMD_USAGE;
		}
	}
	if (zip == NULL) {
		content_usage(stderr);
		return CMD_USAGE;
	}
	memset(&res, 0, sizeof res);
	/* The device's own trust, never --pack's: see sync/trust.h. */
	if ((r = trust_load(cmd_home(), cmd_bundled_pack_dir(), &trust,
	    &cause)) != 0)
		goto fail;
	key = trust.hub;
	if (trust_arg != NULL &&
	    (r = content_key(trust_arg, &key, &cause)) != 0)
		goto fail;
	if ((r = file_mkdirs(cmd_home(), 0700, &cause)) != 0 ||
	    (r = packsign_install(cmd_home(), zip, &key, trust.version, &res,
	    &cause)) != 0)
		goto fail;
	if (trust_arg != NULL) {
		device_key_id(&key, id);
		printf(_("Trusting hub key %s from now on (compare it with the "
		    "key id `outreach hub init` printed).\n"), id);
	}
	printf(_("Installed pack %s version %s (%zu files), signed by hub key "
	    "%s.\n"), res.id, res.version, res.files, res.key_id);
	if (res.from_version != NULL)
		printf(_("It replaces version %s; the kiosk uses it from its "
		    "next start.\n"), res.from_version);
	status = CMD_OK;
	goto out;
fail:
	cmd_error("%s: %s", zip, cause != NULL ? cause : err_str(r));
out:
	packsign_result_clear(&res);
	trust_clear(&trust);
	free(cause);
	return status;
}
