/*
 * gettext set-up: find the message catalogues and switch languages while
 * running; see i18n.h.
 *
 * Switching works through LANGUAGE, which GNU gettext reads before the
 * locale; the person's own LANGUAGE is remembered the first time it is
 * overwritten, so the locale's language can still be asked for later.
 */
#include "tui/i18n.h"
#include "tui/i18n-prompts.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/pack.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static char	i18n_saved_language[256];
static int	i18n_saved;		/* LANGUAGE remembered */
static int	i18n_had_language;	/* and it was set */

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

static void
i18n_remember(void)
{
	const char *l;

	if (i18n_saved)
		return;
	i18n_saved = 1;
	if ((l = getenv("LANGUAGE")) != NULL) {
		i18n_had_language = 1;
		snprintf(i18n_saved_language, sizeof i18n_saved_language, "%s",
		    l);
	}
}

/*
 * GNU gettext reads LANGUAGE first, but ignores it in the "C" locale; the
 * kiosk always runs with a UTF-8 locale for messages.
 */
static void
i18n_messages_locale(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);

	if (cur == NULL || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
}

void
i18n_set_lang(const char *code)
{
	extern int _nl_msg_cat_cntr;

	i18n_remember();
	setenv("LANGUAGE", code, 1);
	i18n_messages_locale();
	++_nl_msg_cat_cntr;
}

/* The locale gettext would use for messages, from the environment. */
static const char *
i18n_env_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

const char *
i18n_locale_lang(const struct pack *pack)
{
	const char *loc = i18n_env_locale(), *lang, *m = NULL, *end;
	char item[64];
	size_t n;

	/* In the C locale gettext ignores LANGUAGE too: English. */
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0 ||
	    strncmp(loc, "C.", 2) == 0)
		return NULL;
	lang = i18n_saved ? (i18n_had_language ? i18n_saved_language : NULL) :
	    getenv("LANGUAGE");
	/* LANGUAGE is a list of preferences: "pt_BR:pt:en". */
	while (lang != NULL && *lang != '\0' && m == NULL) {
		end = strchr(lang, ':');
		n = end != NULL ? (size_t)(end - lang) : strlen(lang);
		if (n > 0 && n < sizeof item) {
			memcpy(item, lang, n);
			item[n] = '\0';
			m = pack_lang_match(pack, item);
		}
		lang = end != NULL ? end + 1 : NULL;
	}
	if (m == NULL)
		m = pack_lang_match(pack, loc);
	return m;
}

int
i18n_translated(void)
{
	/* gettext("") is the catalogue's header, when there is one. */
	return *gettext("") != '\0';
}

const char *
i18n_gettext_in(const char *code, const char *msgid)
{
	extern int _nl_msg_cat_cntr;
	char keep[256];
	const char *cur = getenv("LANGUAGE"), *t;
	int had = cur != NULL;

	if (had)
		snprintf(keep, sizeof keep, "%s", cur);
	i18n_remember();
	setenv("LANGUAGE", code, 1);
	i18n_messages_locale();
	++_nl_msg_cat_cntr;
	t = gettext(msgid);
	if (had)
		setenv("LANGUAGE", keep, 1);
	else
		unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
	return t;
}

const char *
i18n_choose_in(const char *code)
{
	const struct i18n_prompt *p;

	for (p = i18n_prompts; p->code != NULL; p++)
		if (strcmp(p->code, code) == 0)
			return p->text;
	return NULL;
}

int
i18n_rtl(const char *code)
{
	return pack_lang_is_rtl(code) && *i18n_gettext_in(code, "") != '\0';
}
