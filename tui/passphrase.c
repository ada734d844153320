/*
 * Passphrases from the environment or the terminal; see passphrase.h.
 *
 * The signal handler only records which signal came: read(2) then
 * returns EINTR (the handlers are installed without SA_RESTART), the loop
 * ends, the terminal and the old handlers are put back, and only then is
 * the signal sent again, so that the default action (or the program's own
 * handler) runs with echo on.
 */
#include "tui/passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "tui/i18n.h"

#define PASSPHRASE_TTY	"/dev/tty"

static const int passphrase_signals[] = {
	SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN,
	SIGTTOU,
};
#define PASSPHRASE_NSIG	(sizeof passphrase_signals / sizeof passphrase_signals[0])

/* The signal that interrupted the read (the handler's only state). */
static volatile sig_atomic_t passphrase_signo;

static void
passphrase_handler(int s)
{
	passphrase_signo = s;
}

/*
 * One line from the terminal fd into buf (cap bytes, NUL included):
 * *lenp its bytes, *longp set when more were typed than fit. Returns 0,
 * or -1 when the read failed or was interrupted.
 */
static int
passphrase_line(int fd, const char *prompt, char *buf, size_t cap,
    size_t *lenp, int *longp)
{
	ssize_t nr = -1;
	size_t n = 0;
	char ch = '\0';

	(void)fd_write_all(fd, prompt, strlen(prompt));
	/* One byte at a time, no retry: a signal (EINTR) ends the line. */
	while (passphrase_signo == 0 && (nr = read(fd, &ch, 1)) == 1 &&
	    ch != '\n' && ch != '\r') {
		if (n + 1 < cap)
			buf[n++] = ch;
		else
			*longp = 1;
	}
	buf[n] = '\0';
	*lenp = n;
	sodium_memzero(&ch, sizeof ch);
	(void)fd_write_all(fd, "\n", 1);
	return nr == 1 || (nr == 0 && n > 0) ? 0 : -1;
}

/* Read from the terminal with echo off; see the top of this file. */
static int
passphrase_tty(const char *prompt, char *buf, size_t cap, size_t *lenp,
    int *longp)
{
	struct sigaction sa, old[PASSPHRASE_NSIG];
	struct termios term, oterm;
	size_t i;
	int fd, have_term, r, signo;

restart:
	passphrase_signo = 0;
	*longp = 0;
	*lenp = 0;
	buf[0] = '\0';
	if ((fd = open(PASSPHRASE_TTY, O_RDWR | O_CLOEXEC | O_NOCTTY)) == -1)
		return ERR_NOTFOUND;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;		/* no SA_RESTART: read(2) must return */
	sa.sa_handler = passphrase_handler;
	for (i = 0; i < PASSPHRASE_NSIG; i++)
		sigaction(passphrase_signals[i], &sa, &old[i]);
	have_term = tcgetattr(fd, &oterm) == 0;
	if (have_term) {
		term = oterm;
		term.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		do
			r = tcsetattr(fd, TCSAFLUSH, &term);
		while (r == -1 && errno == EINTR && passphrase_signo == 0);
	}
	r = -1;
	/* No I/O when a background process was stopped on its way here. */
	if (passphrase_signo != SIGTTOU && passphrase_signo != SIGTTIN)
		r = passphrase_line(fd, prompt, buf, cap, lenp, longp);
	if (have_term) {
		int done;

		do
			done = tcsetattr(fd, TCSAFLUSH, &oterm) == 0;
		while (!done && errno == EINTR);
	}
	for (i = 0; i < PASSPHRASE_NSIG; i++)
		sigaction(passphrase_signals[i], &old[i], NULL);
	close(fd);
	if ((signo = passphrase_signo) != 0) {
		sodium_memzero(buf, cap);
		*lenp = 0;
		kill(getpid(), signo);
		if (signo == SIGTSTP || signo == SIGTTIN || signo == SIGTTOU)
			goto restart;
		return ERR_IO;
	}
	return r == 0 ? ERR_OK : ERR_IO;
}

/* One passphrase into *outp (sodium memory), from env or the terminal. */
static int
passphrase_one(const char *prompt, size_t max, char **outp, char **cause)
{
	const char *env = getenv(PASSPHRASE_ENV);
	char *p;
	size_t len = 0;
	int r, toolong = 0;

	*outp = NULL;
	if ((p = sodium_malloc(max + 1)) == NULL)
		return ERR_NOMEM;
	if (env != NULL) {
		len = strnlen(env, max + 1);
		toolong = len > max;
		if (!toolong)
			memcpy(p, env, len + 1);
		r = ERR_OK;
	} else
		r = passphrase_tty(prompt, p, max + 1, &len, &toolong);
	if (r == ERR_NOTFOUND)
		r = err_set(cause, r, _("no passphrase given (set %s or run on "
		    "a terminal)"), PASSPHRASE_ENV);
	else if (r != 0)
		r = err_set(cause, r, _("no passphrase was read"));
	else if (toolong)
		r = err_set(cause, ERR_LIMIT, _("the passphrase is longer than "
		    "%zu bytes"), max);
	else if (len == 0)
		r = err_set(cause, ERR_INVALID, _("the passphrase is empty"));
	if (r != 0) {
		sodium_free(p);
		return r;
	}
	*outp = p;
	return ERR_OK;
}

int
passphrase_read(const char *prompt, const char *again_prompt, size_t max,
    char **outp, char **cause)
{
	char *p = NULL, *again = NULL;
	int r;

	*outp = NULL;
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	if ((r = passphrase_one(prompt, max, &p, cause)) != 0)
		return r;
	if (again_prompt != NULL && getenv(PASSPHRASE_ENV) == NULL) {
		if ((r = passphrase_one(again_prompt, max, &again,
		    cause)) != 0) {
			passphrase_free(&p);
			return r;
		}
		if (strlen(p) != strlen(again) ||
		    sodium_memcmp(p, again, strlen(p)) != 0) {
			passphrase_free(&p);
			passphrase_free(&again);
			return err_set(cause, ERR_INVALID, _("the two "
			    "passphrases differ"));
		}
		passphrase_free(&again);
	}
	*outp = p;
	return ERR_OK;
}

void
passphrase_free(char **pp)
{
	if (*pp != NULL)
		sodium_free(*pp);	/* wipes first */
	*pp = NULL;
}
