/*
 * Translations of the program's own strings (gettext, domain "outreach").
 * _() translates now; N_() marks a string in a table for translation later.
 */
#ifndef OUTREACH_I18N_H
#define OUTREACH_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/* Bind the domain: the build tree's locale folder when it exists. */
void	i18n_init(const char *argv0);
/* Switch the language of the program's strings ("en", "tr", ...). */
void	i18n_set_lang(const char *code);

#endif
