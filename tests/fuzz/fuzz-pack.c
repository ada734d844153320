/*
 * Fuzz a content pack's settings: pack.ini through pack_load(), with the
 * checks that follow the INI grammar (ids, versions, languages, lists,
 * numbers, the pages named).
 *
 * The input is written as pack.ini into a scratch pack (fuzz.h) that
 * holds a few pages (the ids of the test fixture and of the Hackney pack,
 * in English and French), so that a good file can load all the way. A
 * loaded pack must be what its checks promise: a valid id and version, a
 * default language among its languages, and a home page that resolves.
 * The same file goes through pack_check() (`outreach pack check`), which
 * reads on past every mistake: it must agree with pack_load() on whether
 * there is an error, and ask each text of the pack in every language.
 *
 * FUZZ_OPTIONS: -max_len=4096 -dict=tests/fuzz/ini.dict
 */
#include "content/diag.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "tests/fuzz/fuzz.h"

static const char *fuzz_pack_pages[] = {
	"start", "other", "hostile", "welcome", "vision", "principles",
	"how-we-work", "plan-2023-2026", "commitments", "what-you-told-us",
	"findings", "draft-mission", "annual-report", "get-support",
	"about-this-kit", "consent",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *langs[] = { "en", "fr" };
	char path[1024];
	size_t i, j;

	for (j = 0; j < 2; j++) {
		snprintf(path, sizeof path, "%s/pages/%s", fuzz_scratch_dir(),
		    langs[j]);
		if (file_mkdirs(path, 0755, NULL) != ERR_OK)
			abort();
		for (i = 0; i < sizeof fuzz_pack_pages / sizeof
		    fuzz_pack_pages[0]; i++) {
			if (j == 1 && i % 2 == 0)
				continue;	/* French falls back */
			snprintf(path, sizeof path, "%s/pages/%s/%s.md",
			    fuzz_scratch_dir(), langs[j], fuzz_pack_pages[i]);
			fuzz_write_file(path, "# Page\n", 7);
		}
	}
	return 0;
}

/* The whole-pack check, reading on past every mistake. */
static void
fuzz_pack_check(void)
{
	struct diags d = DIAGS_INIT;
	struct pack *p = NULL, *q = NULL;
	size_t i, k;
	int r;

	r = pack_check(fuzz_scratch_dir(), &p, &d);
	FUZZ_CHECK(r == ERR_OK || d.nerrors > 0, "a check that fails says why");
	if (p != NULL) {
		FUZZ_CHECK((d.nerrors == 0) == (pack_load(fuzz_scratch_dir(),
		    &q, NULL) == ERR_OK) || d.nerrors > 0, "pack_load loads "
		    "what the check passes");
		for (i = 0; i < p->nlangs; i++) {
			(void)pack_text_title(p, p->langs[i].code);
			(void)pack_text_welcome(p, p->langs[i].code);
			for (k = 0; k < p->nsurveys; k++)
				(void)pack_text_survey(p, p->surveys[k],
				    p->langs[i].code, NULL);
			for (k = 0; k < p->ntags; k++)
				(void)pack_text_tag(p, &p->tags[k],
				    p->langs[i].code);
		}
	}
	diags_sort(&d);
	pack_free(&q);
	pack_free(&p);
	diags_clear(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pack *p = NULL;
	char *cause = NULL, *path;
	size_t i;
	int r, fb;

	fuzz_write_file(fuzz_scratch_path("pack.ini"), data, size);
	fuzz_pack_check();
	r = pack_load(fuzz_scratch_dir(), &p, &cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(p == NULL && cause != NULL, "an error has a cause");
		FUZZ_CHECK(strstr(cause, "pack.ini") != NULL,
		    "the cause names pack.ini: %s", cause);
		free(cause);
		return 0;
	}
	FUZZ_CHECK(pack_id_ok(p->id), "pack id '%s'", p->id);
	FUZZ_CHECK(pack_version_cmp(p->version, p->version) == 0,
	    "a version equals itself");
	FUZZ_CHECK(pack_version_cmp(p->version, "0") >= 0 &&
	    pack_version_cmp("0", p->version) <= 0,
	    "versions compare both ways");
	FUZZ_CHECK(pack_has_lang(p, p->default_lang), "default language");
	for (i = 0; i < p->nlangs; i++) {
		path = pack_page_path(p, p->langs[i].code, p->home, &fb);
		FUZZ_CHECK(path != NULL, "the home page resolves in %s",
		    p->langs[i].code);
		free(path);
	}
	(void)pack_setting(p, "kiosk", "idle_warning");
	(void)pack_is_demo(p);
	free(pack_survey_path(p, p->nsurveys > 0 ? p->surveys[0] : "x"));
	pack_free(&p);
	FUZZ_CHECK(p == NULL, "free clears the pointer");
	return 0;
}
