#include "tui/cmd.h"
int
cmd_submit(int argc, char **argv)
{
	(void)argc; (void)argv;
	return CMD_FAIL;
}
