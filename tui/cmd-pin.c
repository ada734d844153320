/*
 * outreach pin set: set the facilitator's PIN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "content/err.h"
#include "sync/pin.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

/* Read one line; without echo when stdin is a terminal. */
static int
cmd_pin_read(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), ok;
	size_t len;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return 0;
}

int
cmd_pin(int argc, char **argv)
{
	char pin[64], again[64], *cause = NULL;
	int r;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("%s", _("usage: outreach pin set\n\n"
		    "Set the facilitator PIN (4 to 12 digits) that opens the "
		    "kiosk's\nfacilitator menu (F12). It is asked twice on a "
		    "terminal, once when\nread from a pipe, and stored only as "
		    "an Argon2id hash.\n"));
		return CMD_OK;
	}
	if (argc != 2 || strcmp(argv[1], "set") != 0) {
		cmd_error("%s", _("usage: outreach pin set"));
		return CMD_USAGE;
	}
	if (cmd_pin_read(_("New PIN (4 to 12 digits): "), pin, sizeof pin) != 0) {
		cmd_error("%s", _("no PIN given"));
		return CMD_FAIL;
	}
	if (!pin_valid(pin)) {
		explicit_bzero(pin, sizeof pin);
		cmd_error("%s", _("a PIN is 4 to 12 digits"));
		return CMD_FAIL;
	}
	if (isatty(STDIN_FILENO)) {
		if (cmd_pin_read(_("The same PIN again: "), again,
		    sizeof again) != 0 || strcmp(pin, again) != 0) {
			explicit_bzero(pin, sizeof pin);
			explicit_bzero(again, sizeof again);
			cmd_error("%s", _("the two PINs differ; nothing changed"));
			return CMD_FAIL;
		}
		explicit_bzero(again, sizeof again);
	}
	r = pin_set(cmd_home(), pin, &cause);
	explicit_bzero(pin, sizeof pin);
	if (r != ERR_OK) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		free(cause);
		return CMD_FAIL;
	}
	printf("%s\n", _("The facilitator PIN is set."));
	return CMD_OK;
}
