/*
 * Languages: the pack's [language_names], right-to-left languages, the
 * locale's language, and gettext switching and plural forms with the
 * catalogues built from the translations/ folder.
 */
#include <dirent.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/pack.h"
#include "tui/i18n.h"
#include "tests/unit/test.h"

static void
test_rtl(void)
{
	static const char *const rtl[] = { "yi", "he", "ar", "ur", "fa", "ps",
	    "sd", "ug", "dv", "ckb", "YI", "yi-US", "az-Arab", "pa-Arab",
	    "ku-Arab", NULL };
	static const char *const ltr[] = { "en", "en-x-easy", "tr", "pl", "bn",
	    "so", "fr", "ku-Latn", "yi-Latn", "az", "pa", "x-yi", "", "y",
	    "arabic", NULL };
	size_t i;

	for (i = 0; rtl[i] != NULL; i++)
		CHECK(pack_lang_is_rtl(rtl[i]), "%s reads right to left", rtl[i]);
	for (i = 0; ltr[i] != NULL; i++)
		CHECK(!pack_lang_is_rtl(ltr[i]), "'%s' reads left to right",
		    ltr[i]);
	CHECK(!pack_lang_is_rtl(NULL), "no language reads left to right");
}

static void
test_hackney(const char *dir)
{
	struct pack *p = NULL;
	char *cause = NULL;
	size_t i;
	int rtl = 0;

	if (pack_load(dir, &p, &cause) != 0) {
		CHECK(0, "the Hackney pack loads: %s", cause ? cause : "?");
		free(cause);
		return;
	}
	CHECK_INT(p->nlangs, 10, "Hackney has ten languages");
	CHECK_STR(pack_lang_name(p, "tr"), "T\xc3\xbcrk\xc3\xa7" "e",
	    "Turkish is named in Turkish");
	CHECK_STR(pack_lang_name(p, "bn"), "\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x82"
	    "\xe0\xa6\xb2\xe0\xa6\xbe", "Bengali is named in Bengali script");
	CHECK_STR(pack_lang_name(p, "yi"), "\xd7\x99\xd7\x99\xd6\xb4\xd7\x93"
	    "\xd7\x99\xd7\xa9", "Yiddish is named in Hebrew script");
	CHECK_STR(pack_lang_name(p, "de"), "de", "a language not in the pack: its code");
	for (i = 0; i < p->nlangs; i++) {
		CHECK(p->langs[i].name != NULL, "%s has a name",
		    p->langs[i].code);
		rtl += p->langs[i].rtl;
	}
	CHECK(pack_lang(p, "yi")->rtl && rtl == 1, "only Yiddish is right to left");
	CHECK(pack_lang(p, "tr")->unreviewed && !pack_lang(p, "en")->unreviewed,
	    "Turkish is unreviewed, English is not");
	CHECK_STR(pack_lang_match(p, "tr_TR.UTF-8"), "tr", "tr_TR.UTF-8 is tr");
	CHECK_STR(pack_lang_match(p, "pt_BR"), "pt", "pt_BR falls to pt");
	CHECK_STR(pack_lang_match(p, "fr_FR@euro"), "fr", "a modifier is ignored");
	CHECK_STR(pack_lang_match(p, "en_GB.UTF-8"), "en", "en_GB is en");
	CHECK_STR(pack_lang_match(p, "en-x-easy"), "en-x-easy", "an exact code");
	CHECK_STR(pack_lang_match(p, "YI"), "yi", "codes match in any case");
	CHECK(pack_lang_match(p, "de_DE.UTF-8") == NULL, "German is not there");
	CHECK(pack_lang_match(p, "C") == NULL && pack_lang_match(p, "POSIX") ==
	    NULL && pack_lang_match(p, "C.UTF-8") == NULL,
	    "the C locale is no language");
	CHECK(pack_lang_match(p, "") == NULL && pack_lang_match(p, NULL) == NULL,
	    "nothing is no language");
	pack_free(&p);
}

/* A pack in dir with this [language_names] section; returns pack_load's result. */
static int
load_with_names(const char *dir, const char *names, char **cause)
{
	struct pack *p = NULL;
	char path[512];
	FILE *f;
	int r;

	snprintf(path, sizeof path, "%s/pages", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/pages/en", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/pages/en/start.md", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("# Start\n", f);
		fclose(f);
	}
	snprintf(path, sizeof path, "%s/pack.ini", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "[pack]\nid = t\ntitle = T\nversion = 1\nlanguages = en, yi\n"
	    "default_language = en\nhome = start\n[language_names]\n%s", names);
	fclose(f);
	r = pack_load(dir, &p, cause);
	if (r == 0)
		CHECK_STR(pack_lang_name(p, "en"), names[0] == 'e' ?
		    "English" : "en", "the name is read (or the code stands in)");
	pack_free(&p);
	return r;
}

static void
test_names(void)
{
	char dir[] = "/tmp/outreach-i18n-XXXXXX", sub[600], *cause = NULL;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "a temporary folder");
		return;
	}
	snprintf(sub, sizeof sub, "%s/p", dir);
	CHECK_INT(load_with_names(sub, "en = English\n", &cause), 0,
	    "a good [language_names] loads");
	CHECK_INT(load_with_names(sub, "", &cause), 0, "no names: codes instead");
	CHECK(load_with_names(sub, "en = English\nde = Deutsch\n", &cause) != 0 &&
	    cause != NULL && strstr(cause, "pack.ini:10:") != NULL &&
	    strstr(cause, "'de' is not among the languages") != NULL,
	    "a name for a language the pack lacks: refused at its line");
	free(cause);
	cause = NULL;
	CHECK(load_with_names(sub, "en = \xff\xfe\n", &cause) != 0 && cause != NULL &&
	    strstr(cause, "UTF-8") != NULL, "a name that is not UTF-8 is refused");
	free(cause);
	cause = NULL;
	CHECK(load_with_names(sub, "en = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	    &cause) != 0 && cause != NULL, "a name over 64 bytes is refused");
	free(cause);
	snprintf(sub, sizeof sub, "rm -rf '%s'", dir);
	if (system(sub) != 0)
		printf("# could not remove %s\n", dir);
}

/* The locale's language, before anything switched LANGUAGE. */
static void
test_locale(const char *dir)
{
	struct pack *p = NULL;

	if (pack_load(dir, &p, NULL) != 0)
		return;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", "pt_BR.UTF-8", 1);
	CHECK_STR(i18n_locale_lang(p), "pt", "LANG=pt_BR.UTF-8: Portuguese");
	setenv("LANGUAGE", "de:so:en", 1);
	CHECK_STR(i18n_locale_lang(p), "so", "LANGUAGE's first language the pack has");
	setenv("LC_MESSAGES", "bn_BD.UTF-8", 1);
	unsetenv("LANGUAGE");
	CHECK_STR(i18n_locale_lang(p), "bn", "LC_MESSAGES before LANG");
	setenv("LC_ALL", "yi_US.UTF-8", 1);
	CHECK_STR(i18n_locale_lang(p), "yi", "LC_ALL before LC_MESSAGES");
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("LANGUAGE", "tr", 1);
	CHECK(i18n_locale_lang(p) == NULL, "the C locale ignores LANGUAGE, as gettext does");
	setenv("LC_ALL", "de_DE.UTF-8", 1);
	unsetenv("LANGUAGE");
	CHECK(i18n_locale_lang(p) == NULL, "a language the pack lacks: none");
	/* Switching remembers the person's own LANGUAGE. */
	setenv("LC_ALL", "de_DE.UTF-8", 1);
	setenv("LANGUAGE", "fr", 1);
	i18n_set_lang("pl");
	CHECK_STR(getenv("LANGUAGE"), "pl", "switching sets LANGUAGE");
	CHECK_STR(i18n_locale_lang(p), "fr", "the locale's language is still the person's");
	setenv("LC_ALL", "C.UTF-8", 1);
	setlocale(LC_ALL, "C.UTF-8");
	pack_free(&p);
}

static void
test_gettext(void)
{
	const char *b = getenv("OUTREACH_BUILD");
	char dir[1024];
	struct stat st;
#define WAIT(n)	ngettext("Please wait %d second before trying again.", \
	    "Please wait %d seconds before trying again.", (unsigned long)(n))
	static const struct {
		int n;
		const char *want;
	} pl[] = {
		{ 1, "Zaczekaj 1 sekund\xc4\x99 przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
		{ 2, "Zaczekaj 2 sekundy przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
		{ 4, "Zaczekaj 4 sekundy przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
		{ 5, "Zaczekaj 5 sekund przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
		{ 12, "Zaczekaj 12 sekund przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
		{ 22, "Zaczekaj 22 sekundy przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
		{ 25, "Zaczekaj 25 sekund przed ponown\xc4\x85 pr\xc3\xb3" "b\xc4\x85." },
	};
	char line[256];
	size_t i;

	snprintf(dir, sizeof dir, "%s/locale", b != NULL ? b : "build");
	if (stat(dir, &st) != 0) {
		SKIP("no catalogues in %s (run make first)", dir);
		return;
	}
	bindtextdomain("outreach", dir);
	bind_textdomain_codeset("outreach", "UTF-8");
	textdomain("outreach");
	i18n_set_lang("pl");
	CHECK(i18n_translated(), "Polish has a catalogue");
	CHECK_STR(_("Choose your language"), "Wybierz sw\xc3\xb3j j\xc4\x99zyk",
	    "Polish strings");
	for (i = 0; i < sizeof pl / sizeof pl[0]; i++) {
		snprintf(line, sizeof line, WAIT(pl[i].n), pl[i].n);
		CHECK_STR(line, pl[i].want, "Polish plural for %d", pl[i].n);
	}
	CHECK_STR(i18n_gettext_in("tr", "Choose your language"),
	    "Dilinizi se\xc3\xa7in", "one string in Turkish");
	CHECK_STR(_("Choose your language"), "Wybierz sw\xc3\xb3j j\xc4\x99zyk",
	    "while Polish stays in use");
	i18n_set_lang("fr");
	snprintf(line, sizeof line, WAIT(0), 0);
	CHECK_STR(line, "Attendez 0 seconde avant de r\xc3\xa9" "essayer.",
	    "French: 0 is singular");
	snprintf(line, sizeof line, WAIT(2), 2);
	CHECK_STR(line, "Attendez 2 secondes avant de r\xc3\xa9" "essayer.",
	    "French: 2 is plural");
	i18n_set_lang("en");
	CHECK(!i18n_translated(), "English needs no catalogue");
	CHECK_STR(_("Choose your language"), "Choose your language", "English strings");
	i18n_set_lang("en-x-easy");
	CHECK_STR(_("Choose your language"), "Choose your language",
	    "Easy Read English uses the English strings");
	CHECK(i18n_rtl("yi"), "Yiddish strings read right to left");
	CHECK(!i18n_rtl("he"), "Hebrew without a catalogue: English, left to right");
	CHECK(!i18n_rtl("tr"), "Turkish reads left to right");
	i18n_set_lang("yi");
	CHECK_STR(_("Language"), "\xd7\xa9\xd7\xa4\xd6\xbc\xd7\xa8\xd7\x90\xd6\xb7"
	    "\xd7\x9a", "Yiddish strings, with their points");
}

/*
 * The language picker's prompt compiled in (scripts/i18n-prompts) is the
 * catalogue's own, for every catalogue in translations/, and none for a
 * language without one.
 */
static void
test_prompts(void)
{
	const char *b = getenv("BUILD"), *en = "Choose your language", *t, *c;
	char dir[4096], code[64];
	struct dirent *de;
	struct stat st;
	DIR *d;
	size_t n, seen = 0;

	snprintf(dir, sizeof dir, "%s/locale", b != NULL ? b : "build");
	if (stat(dir, &st) != 0 || (d = opendir("translations")) == NULL) {
		SKIP("no catalogues in %s or no translations/ (run make first)",
		    dir);
		return;
	}
	bindtextdomain("outreach", dir);
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 4 || n - 3 >= sizeof code ||
		    strcmp(de->d_name + n - 3, ".po") != 0)
			continue;
		memcpy(code, de->d_name, n - 3);
		code[n - 3] = '\0';
		t = i18n_gettext_in(code, en);
		c = i18n_choose_in(code);
		CHECK(c != NULL, "%s: the prompt is compiled in", code);
		CHECK_STR(c != NULL ? c : "(none)", t,
		    "%s: the compiled prompt is the catalogue's", code);
		CHECK(c == NULL || strcmp(c, en) != 0,
		    "%s: the compiled prompt is translated", code);
		seen++;
	}
	closedir(d);
	CHECK(seen >= 8, "every catalogue looked at (%zu)", seen);
	CHECK(i18n_choose_in("he") == NULL, "no prompt without a catalogue");
	CHECK(i18n_choose_in("en") == NULL, "English has no catalogue");
}

int
main(void)
{
	const char *shared = "content/packs/hackney";

	setlocale(LC_ALL, "C.UTF-8");
	test_rtl();
	test_hackney(shared);
	test_names();
	test_locale(shared);
	test_gettext();
	test_prompts();
	return test_done();
}
