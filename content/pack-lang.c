/*
 * The languages of a content pack: their names, their direction, and the
 * pack's language for a locale; see pack.h.
 */
#include "content/pack.h"

#include <string.h>
#include <strings.h>

/* Language codes: letters, digits and '-', as in BCP 47. */
int
pack_lang_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-') || i >= 35)
			return 0;
	return i > 0;
}

const struct pack_lang *
pack_lang(const struct pack *p, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < p->nlangs; i++)
		if (strcmp(p->langs[i].code, code) == 0)
			return &p->langs[i];
	return NULL;
}

int
pack_has_lang(const struct pack *p, const char *code)
{
	return pack_lang(p, code) != NULL;
}

const char *
pack_lang_name(const struct pack *p, const char *code)
{
	const struct pack_lang *l = pack_lang(p, code);

	if (l == NULL)
		return code;
	return l->name != NULL ? l->name : l->code;
}

/*
 * Languages written right to left, by primary subtag (ISO 639), and the
 * scripts that are (ISO 15924). Hebrew script: he, yi, lad (Judaeo-Spanish
 * is written in either); Arabic script: ar, fa, ur, ps, sd, ug, ckb, ...;
 * also Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Samaritan, Mandaic.
 */
static const char *const pack_rtl_langs[] = {
	"ar", "arc", "arz", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk",
	"he", "iw", "ji", "khw", "ks", "lrc", "mzn", "nqo", "pnb", "prs",
	"ps", "sd", "skr", "syr", "ug", "ur", "yi", NULL
};
static const char *const pack_rtl_scripts[] = {
	"adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc",
	"thaa", NULL
};

int
pack_lang_is_rtl(const char *code)
{
	char sub[9];
	const char *s, *dash;
	size_t n, i;

	if (code == NULL)
		return 0;
	/* A script subtag (four letters after the first dash) decides. */
	for (s = strchr(code, '-'); s != NULL; s = dash) {
		s++;
		dash = strchr(s, '-');
		n = dash != NULL ? (size_t)(dash - s) : strlen(s);
		if (n == 1)
			break;		/* "x-...": private use, no script */
		if (n != 4)
			continue;
		for (i = 0; i < 4; i++)
			sub[i] = (char)(s[i] | 0x20);
		sub[4] = '\0';
		for (i = 0; pack_rtl_scripts[i] != NULL; i++)
			if (strcmp(sub, pack_rtl_scripts[i]) == 0)
				return 1;
		return 0;
	}
	n = strcspn(code, "-_");
	if (n == 0 || n >= sizeof sub)
		return 0;
	for (i = 0; i < n; i++)
		sub[i] = (char)(code[i] | 0x20);
	sub[n] = '\0';
	for (i = 0; pack_rtl_langs[i] != NULL; i++)
		if (strcmp(sub, pack_rtl_langs[i]) == 0)
			return 1;
	return 0;
}

const char *
pack_lang_match(const struct pack *p, const char *tag)
{
	char t[64];
	size_t n, i;

	if (tag == NULL)
		return NULL;
	/* "pt_BR.UTF-8@euro" -> "pt-BR". */
	n = strcspn(tag, ".@");
	if (n == 0 || n >= sizeof t)
		return NULL;
	for (i = 0; i < n; i++)
		t[i] = tag[i] == '_' ? '-' : tag[i];
	t[n] = '\0';
	if (strcmp(t, "C") == 0 || strcmp(t, "POSIX") == 0)
		return NULL;
	for (i = 0; i < p->nlangs; i++)
		if (strcasecmp(p->langs[i].code, t) == 0)
			return p->langs[i].code;
	/* The primary language alone: "pt-BR" -> "pt". */
	n = strcspn(t, "-");
	for (i = 0; i < p->nlangs; i++)
		if (strlen(p->langs[i].code) == n &&
		    strncasecmp(p->langs[i].code, t, n) == 0)
			return p->langs[i].code;
	return NULL;
}

