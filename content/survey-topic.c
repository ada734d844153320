/*
 * Quick feedback about what is being read; see survey_preset_topic in
 * survey.h. The match uses the pack's own words, so that any pack can
 * have it: a choice named like the page, or a choice whose label begins
 * with the words of the heading being read before its colon.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"

/* The words of a heading before its colon, folded (Caller frees). */
static char *
survey_topic_key(const char *heading, const char *lang)
{
	size_t len = strcspn(heading, ":");

	while (len > 0 && heading[len - 1] == ' ')
		len--;
	while (len > 0 && *heading == ' ') {
		heading++;
		len--;
	}
	return len > 0 ? utf8_fold_lang(heading, len, lang, NULL) : NULL;
}

/* 1 when the folded label starts with key, a whole word or number. */
static int
survey_topic_label_is(const char *label, const char *key, const char *lang)
{
	char *f;
	size_t kl = strlen(key);
	int r = 0;

	if (label == NULL || (f = utf8_fold_lang(label, strlen(label), lang,
	    NULL)) == NULL)
		return 0;
	if (strncmp(f, key, kl) == 0 && !isalnum((unsigned char)f[kl]) &&
	    ((unsigned char)f[kl] < 0x80))
		r = 1;
	free(f);
	return r;
}

size_t
survey_preset_topic(struct survey *s, const char *page, const char *heading,
    const char *heading_lang)
{
	const struct xlsform *f = survey_form(s);
	const struct xlsform_choice **c = NULL;
	const struct xlsform_choice *by_heading, *by_page;
	char *key = heading != NULL ? survey_topic_key(heading,
	    heading_lang) : NULL;
	size_t q, n, i, done = SURVEY_NONE;

	for (q = 0; q < f->nquestions && done == SURVEY_NONE; q++) {
		if (f->questions[q].type != XLSFORM_SELECT_ONE ||
		    survey_choices(s, q, &c, &n) != 0)
			continue;
		by_heading = by_page = NULL;
		for (i = 0; i < n; i++) {
			if (key != NULL && by_heading == NULL &&
			    survey_topic_label_is(xlsform_text(f, c[i]->label,
			    heading_lang), key, heading_lang))
				by_heading = c[i];
			if (page != NULL && by_page == NULL &&
			    strcmp(c[i]->name, page) == 0)
				by_page = c[i];
		}
		if (by_heading != NULL || by_page != NULL) {
			if (survey_set(s, q, (by_heading != NULL ? by_heading :
			    by_page)->name) == 0)
				done = q;
		}
		free(c);
		c = NULL;
	}
	free(key);
	return done;
}
