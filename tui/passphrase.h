/*
 * Reading a passphrase (the hub's keys), the way OpenSSH's
 * readpassphrase(3) does it:
 *
 * - from $OUTREACH_HUB_PASSPHRASE when it is set, else from /dev/tty
 *   (never from stdin, which may be a pipe of bundles);
 * - on the terminal, echo is turned off with termios and the bytes are
 *   read one at a time with read(2), so that no stdio buffer ever holds
 *   them, straight into sodium_malloc'd memory (guarded, locked, wiped
 *   when freed);
 * - a signal that arrives meanwhile (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 *   SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGPIPE) first restores the
 *   terminal as it was, then is raised again with the old handlers in
 *   place; after a stop (SIGTSTP) and a continue, the prompt starts again;
 * - both ways have the same limit (max bytes): a longer passphrase is
 *   refused, never cut, and the rest of a too-long line is read and
 *   dropped so that it does not reach the shell.
 */
#ifndef OUTREACH_PASSPHRASE_H
#define OUTREACH_PASSPHRASE_H

#include <stddef.h>

#define PASSPHRASE_ENV	"OUTREACH_HUB_PASSPHRASE"

/*
 * Read a passphrase of 1 to max bytes; with again_prompt, ask twice and
 * require the same. *outp: sodium memory, NUL-terminated (free with
 * passphrase_free). Errors: ERR_NOTFOUND (no variable and no terminal),
 * ERR_LIMIT (longer than max), ERR_INVALID (empty, or the two differ),
 * ERR_NOMEM; *cause says which (Caller frees).
 */
int	passphrase_read(const char *prompt, const char *again_prompt,
	    size_t max, char **outp, char **cause);
void	passphrase_free(char **pp);

#endif
