/*
 * The texts a content pack gives about itself, in each of its languages:
 * its title, the welcome on the home screen, the titles of its surveys
 * and the labels of its discussion-note tags. Each is a pack.ini setting
 * with a translation per language beside it ("title[cy] = ..."); a
 * language without one falls back to the untranslated setting, which is
 * in the default language. See pack.h.
 */
#include "content/pack.h"

#include <stdio.h>
#include <string.h>

#include "content/ini.h"

const char *
pack_text(const struct pack *p, const char *section, const char *key,
    const char *lang, int *fell_back)
{
	char k[160];
	const char *v;
	int i;

	if (fell_back != NULL)
		*fell_back = 0;
	if (p->ini == NULL || key == NULL)
		return NULL;
	/* The language asked for, then the default language by its tag. */
	for (i = 0; i < 2; i++) {
		const char *l = i == 0 ? lang : p->default_lang;

		if (l == NULL || (i == 1 && lang != NULL &&
		    strcmp(lang, l) == 0))
			continue;
		if ((size_t)snprintf(k, sizeof k, "%s[%s]", key, l) >= sizeof k)
			continue;
		if ((v = ini_get(p->ini, section, k)) != NULL && *v != '\0') {
			if (fell_back != NULL)
				*fell_back = i == 1;
			return v;
		}
	}
	if ((v = ini_get(p->ini, section, key)) == NULL || *v == '\0')
		return NULL;
	if (fell_back != NULL)
		*fell_back = lang != NULL && p->default_lang != NULL &&
		    strcmp(lang, p->default_lang) != 0;
	return v;
}

int
pack_text_has(const struct pack *p, const char *section, const char *key,
    const char *lang)
{
	char k[160];
	const char *v;

	if (lang == NULL || p->ini == NULL)
		return 0;
	if (p->default_lang != NULL &&
	    strcmp(lang, p->default_lang) == 0 &&
	    (v = ini_get(p->ini, section, key)) != NULL && *v != '\0')
		return 1;
	if ((size_t)snprintf(k, sizeof k, "%s[%s]", key, lang) >= sizeof k)
		return 0;
	return (v = ini_get(p->ini, section, k)) != NULL && *v != '\0';
}

const char *
pack_text_title(const struct pack *p, const char *lang)
{
	const char *t = pack_text(p, "pack", "title", lang, NULL);

	return t != NULL ? t : p->title != NULL ? p->title : "";
}

const char *
pack_text_welcome(const struct pack *p, const char *lang)
{
	return pack_text(p, "pack", "welcome", lang, NULL);
}

const char *
pack_text_survey(const struct pack *p, const char *id, const char *lang,
    const char *form_title)
{
	const char *t = pack_text(p, "survey_titles", id, lang, NULL);

	if (t != NULL)
		return t;
	return form_title != NULL && *form_title != '\0' ? form_title : id;
}

const char *
pack_text_tag(const struct pack *p, const struct pack_tag *tag,
    const char *lang)
{
	const char *t = pack_text(p, "session_tags", tag->id, lang, NULL);

	return t != NULL ? t : tag->label;
}
