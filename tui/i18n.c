/*
 * gettext set-up: find the message catalogues and switch languages while
 * running; see i18n.h.
 */
#include "tui/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

void
i18n_init(const char *argv0)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	struct stat st;
	ssize_t n;
	char *slash;

	/* Running from the build tree: build/outreach next to build/locale. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof dir, "%s/locale", exe);
			if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
				bindtextdomain("outreach", dir);
				goto done;
			}
		}
	}
	(void)argv0;
	bindtextdomain("outreach", LOCALEDIR);
done:
	bind_textdomain_codeset("outreach", "UTF-8");
	textdomain("outreach");
}

void
i18n_set_lang(const char *code)
{
	extern int _nl_msg_cat_cntr;

	/*
	 * GNU gettext reads LANGUAGE first, but ignores it in the "C"
	 * locale; the kiosk always runs with a UTF-8 locale for messages.
	 */
	setenv("LANGUAGE", code, 1);
	if (strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
	    strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	++_nl_msg_cat_cntr;
}
