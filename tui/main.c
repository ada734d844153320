/*
 * outreach: command-line dispatch. With no subcommand, the kiosk.
 */
#include <stdio.h>
#include <string.h>

#include "content/err.h"

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: outreach [--help]\n");
		return 0;
	}
	fprintf(stderr, "outreach: %s\n", err_str(ERR_UNSUPPORTED));
	return 1;
}
