/*
 * `outreach init`: create the data folder, the device's identity and its
 * outbox, and say what a hub needs to enrol the device: the key id and the
 * path of device.pub. Running it again changes nothing and says the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/device.h"
#include "sync/outbox.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

int
cmd_init(int argc, char **argv)
{
	struct outbox *ob = NULL;
	struct device dev;
	char *cause = NULL, *pub = NULL;
	const char *home = cmd_home();
	int r, created = 0, status = CMD_FAIL;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("%s", _("usage: outreach init\n\n"
		    "Create the data folder, this device's signing key pair "
		    "(device.key,\ndevice.pub) and its outbox. Prints the "
		    "device key id and the path of\ndevice.pub, which the hub "
		    "enrols with `outreach hub enrol`. Running it\nagain "
		    "changes nothing: keys are never replaced.\n"));
		return CMD_OK;
	}
	if (argc != 1) {
		cmd_error("%s", _("usage: outreach init (see outreach init "
		    "--help)"));
		return CMD_USAGE;
	}
	if ((r = device_init(home, &dev, &created, &cause)) != ERR_OK ||
	    (r = outbox_open(home, &ob, &cause)) != ERR_OK) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		goto out;
	}
	if ((pub = device_pub_path(home)) == NULL) {
		cmd_error("%s", err_str(ERR_NOMEM));
		goto out;
	}
	if (created)
		printf(_("Created this device's identity in %s.\n"), home);
	else
		printf(_("This device already has an identity in %s; nothing "
		    "was changed.\n"), home);
	printf(_("Device key id: %s\n"), dev.key_id);
	printf(_("Public key:    %s\n"), pub);
	status = CMD_OK;
out:
	outbox_close(&ob);
	free(pub);
	free(cause);
	return status;
}
