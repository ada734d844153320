/*
 * The language picker's prompt in each catalogue's language, compiled in
 * (scripts/i18n-prompts writes the table from the catalogues at build
 * time), so that the first screen need not open every catalogue.
 */
#ifndef OUTREACH_I18N_PROMPTS_H
#define OUTREACH_I18N_PROMPTS_H

#include <stddef.h>

struct i18n_prompt {
	const char	*code;		/* the catalogue's language: "tr" */
	const char	*text;		/* its msgstr of "Choose your language" */
};

/* Ends with { NULL, NULL }. */
extern const struct i18n_prompt i18n_prompts[];

#endif
