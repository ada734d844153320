/*
 * Translations of the program's own strings (gettext, domain "outreach").
 * _() translates now; N_() marks a string in a table for translation later.
 *
 * The catalogues are translations/<lang>.po, built into
 * <build>/locale/<lang>/LC_MESSAGES/outreach.mo; `make pot` gathers the
 * strings of the tui/ sources into translations/outreach.pot. A language
 * without a catalogue (English, Easy Read English) shows the English
 * msgids.
 */
#ifndef OUTREACH_I18N_H
#define OUTREACH_I18N_H

#include <libintl.h>
#include <stddef.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

struct pack;

/* Bind the domain: the build tree's locale folder when it exists. */
void	i18n_init(const char *argv0);
/* Switch the language of the program's strings ("en", "tr", ...). */
void	i18n_set_lang(const char *code);

/*
 * The pack's language for the person's locale, as gettext would choose:
 * LANGUAGE (a colon list, first match), then LC_ALL, LC_MESSAGES, LANG;
 * none of them in the C locale. Reads the environment as it was before the
 * first i18n_set_lang(). NULL when the pack has none of them.
 */
const char *i18n_locale_lang(const struct pack *pack);

/* 1 when the program's strings are translated into the current language. */
int	i18n_translated(void);

/*
 * msgid translated into language code (the current language is kept).
 * The result is the catalogue's own string or msgid itself.
 */
const char *i18n_gettext_in(const char *code, const char *msgid);

/*
 * "Choose your language" in language code as its catalogue has it, read
 * from the table compiled from the catalogues (tui/i18n-prompts.h), so
 * that the language picker opens none of them; NULL when the catalogue
 * does not translate it or there is none.
 */
const char *i18n_choose_in(const char *code);

/*
 * 1 when the program's strings read right to left in language code: the
 * language is written right to left and its catalogue is there.
 */
int	i18n_rtl(const char *code);

#endif
