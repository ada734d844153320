/*
 * outreach: command-line dispatch. With no subcommand, the kiosk.
 *
 * Global options come before the subcommand; each subcommand parses the
 * rest itself. Adding a command is one row in `cmds` below.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "tui/cmd.h"

int main(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "survey", cmd_survey, "survey check PATH     validate an XLSForm (.xlsx or CSV sheets)" },
	{ NULL, NULL, NULL }
};

static char *home_override;

void
cmd_set_home(const char *dir)
{
	free(home_override);
	home_override = dir != NULL ? strdup(dir) : NULL;
}

const char *
cmd_home(void)
{
	static char buf[4096];
	const char *e;

	if (home_override != NULL)
		return home_override;
	if ((e = getenv("OUTREACH_HOME")) != NULL && *e != '\0')
		return e;
	if ((e = getenv("XDG_DATA_HOME")) != NULL && *e != '\0') {
		snprintf(buf, sizeof buf, "%s/outreach", e);
		return buf;
	}
	if ((e = getenv("HOME")) == NULL || *e == '\0')
		e = ".";
	snprintf(buf, sizeof buf, "%s/.local/share/outreach", e);
	return buf;
}

void
cmd_error(const char *fmt, ...)
{
	va_list ap;

	fputs("outreach: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "usage: outreach [--home DIR] [COMMAND [ARGS]]\n\n"
	    "With no command, start the kiosk. Commands:\n");
	for (c = cmds; c->name != NULL; c++)
		fprintf(f, "  %s\n", c->usage);
	fprintf(f, "\nEvery command takes --help.\n");
}

int
main(int argc, char **argv)
{
	const struct cmd *c;
	int i = 1;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return CMD_OK;
		} else if (strcmp(argv[i], "--home") == 0 && i + 1 < argc) {
			cmd_set_home(argv[i + 1]);
			i += 2;
		} else
			break;
	}
	if (i < argc && argv[i][0] != '-') {
		for (c = cmds; c->name != NULL; c++)
			if (strcmp(c->name, argv[i]) == 0)
				return c->run(argc - i, argv + i);
		cmd_error("unknown command '%s' (see outreach --help)", argv[i]);
		return CMD_USAGE;
	}
	cmd_error("the kiosk is not built yet");
	return CMD_FAIL;
}
