/*
 * `outreach content install ZIP [--trust KEY] [--replace]`: verify a
 * content pack signed by the hub and switch the kiosk to it
 * (sync/packsign.h).
 *
 * The key that must have signed it is the one this device trusts
 * (sync/trust.h: the installed pack's, at first the bundled pack's; never
 * --pack's or $OUTREACH_PACK's), unless --trust names another: that is how
 * a device moves from the demo hub to a council's own, and the key id is
 * printed, once the pack is installed (never before: a refused install
 * trusts nothing), so that it can be compared with what `outreach hub
 * init` said. A pack signed by another key is refused naming both keys'
 * ids and how to move to that hub.
 *
 * Versions are compared within one pack: a newer version of the pack in
 * use installs, an older one is refused. A pack with another id (another
 * council's, or the same council's pack renamed) replaces the one in use
 * only when asked: on a terminal the question names both packs; otherwise
 * --replace says so. It is never refused in silence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	fprintf(f, "%s", _("usage: outreach content install ZIP [--trust KEY] "
	    "[--replace]\n\n"
	    "Verify the content pack ZIP and switch to it. It must be signed by "
	    "the\nhub key this device trusts (that of the pack installed last, "
	    "else of the\nbundled pack; never --pack's), and every file must "
	    "match the signed\nmanifest. A new version of the pack in use must "
	    "be no older than it.\n\n"
	    "  --trust KEY   trust another hub's key instead (a minisign public "
	    "key,\n                or a file holding one, such as the hub's "
	    "hub.pub):\n                compare the key id shown with the one "
	    "`outreach hub\n                init` printed\n"
	    "  --replace     replace the pack in use by a pack with another id\n"
	    "                (another council's); on a terminal, you are asked\n"));
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

/* Whether res was refused as a pack of another id than the one in use. */
static int
content_other_pack(int r, const struct packsign_result *res)
{
	return r == ERR_EXISTS && res->from_id != NULL && res->id != NULL &&
	    strcmp(res->from_id, res->id) != 0;
}

/* Ask whether to replace the pack in use; 1 for yes. */
static int
content_ask_replace(const struct packsign_result *res)
{
	char line[16];

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return 0;
	printf(_("This laptop runs pack %s %s.\nReplace it by pack %s %s? "
	    "[y/N] "), res->from_id, res->from_version != NULL ?
	    res->from_version : "", res->id, res->version);
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Why an install was refused, and what would let it through. */
static void
content_refused(const char *zip, int r, const char *cause,
    const struct packsign_result *res, int trusting)
{
	cmd_error("%s: %s", zip, cause != NULL ? cause : err_str(r));
	if (content_other_pack(r, res))
		fprintf(stderr, _("Nothing was installed. To replace pack %s by "
		    "pack %s, run again with --replace.\n"), res->from_id,
		    res->id);
	else if (r == ERR_NOKEY && !trusting)
		fprintf(stderr, _("Nothing was installed. If this laptop should "
		    "move to hub %s, run again with --trust KEY (that hub's "
		    "minisign_public_key, or its hub.pub file), and compare %s "
		    "with the key id `outreach hub init` printed.\n"),
		    res->signer_id[0] != '\0' ? res->signer_id : "?",
		    res->signer_id[0] != '\0' ? res->signer_id : "it");
}

/* Install zip within what the device trusts (and --trust, --replace). */
static int
content_install(const char *zip, const char *trust_arg, int replace)
{
	struct packsign_result res;
	struct packsign_bound b;
	struct minisign_pubkey key;
	struct trust trust;
	char *cause = NULL, id[DEVICE_KEY_ID_SIZE];
	int r, status = CMD_FAIL;

	memset(&res, 0, sizeof res);
	memset(&trust, 0, sizeof trust);
	/* The device's own trust, never --pack's: see sync/trust.h. */
	if ((r = trust_load(cmd_home(), cmd_bundled_pack_dir(), &trust,
	    &cause)) != 0)
		goto fail;
	key = trust.hub;
	if (trust_arg != NULL &&
	    (r = content_key(trust_arg, &key, &cause)) != 0)
		goto fail;
	memset(&b, 0, sizeof b);
	b.key = &key;
	b.pack_id = trust.pack_id;
	b.version = trust.version;
	b.replace = replace;
	if ((r = file_mkdirs(cmd_home(), 0700, &cause)) != 0)
		goto fail;
	r = packsign_install(cmd_home(), zip, &b, &res, &cause);
	if (!replace && content_other_pack(r, &res) &&
	    content_ask_replace(&res)) {
		free(cause);
		cause = NULL;
		packsign_result_clear(&res);
		b.replace = 1;
		r = packsign_install(cmd_home(), zip, &b, &res, &cause);
	}
	if (r != 0)
		goto fail;
	/* Only now is the key kept: say so only now. */
	if (trust_arg != NULL) {
		device_key_id(&key, id);
		printf(_("Trusting hub key %s from now on (compare it with the "
		    "key id `outreach hub init` printed).\n"), id);
	}
	printf(_("Installed pack %s version %s (%zu files), signed by hub key "
	    "%s.\n"), res.id, res.version, res.files, res.key_id);
	if (res.from_id != NULL && strcmp(res.from_id, res.id) != 0)
		printf(_("It replaces pack %s version %s; the kiosk uses it from "
		    "its next start.\n"), res.from_id, res.from_version != NULL ?
		    res.from_version : "");
	else if (res.from_version != NULL)
		printf(_("It replaces version %s; the kiosk uses it from its "
		    "next start.\n"), res.from_version);
	status = CMD_OK;
	goto out;
fail:
	content_refused(zip, r, cause, &res, trust_arg != NULL);
out:
	packsign_result_clear(&res);
	trust_clear(&trust);
	free(cause);
	return status;
}

int
cmd_content(int argc, char **argv)
{
	const char *zip = NULL, *trust_arg = NULL;
	int i, replace = 0;

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
		else if (strcmp(argv[i], "--replace") == 0)
			replace = 1;
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
	return content_install(zip, trust_arg, replace);
}
