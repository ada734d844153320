/*
 * Fuzz XLSForm loading (content/xlsform.h): the sheets, pyxform's rules,
 * groups, choice lists, translations and every expression column.
 *
 * The input picks the source, as a form author's files would: a zip ("PK")
 * is written as form.xlsx; text with NUL bytes is split at them into a
 * folder's survey.csv, choices.csv and settings.csv; other text is
 * pyxform's single-file CSV. Checked for every form that loads: groups
 * nest and pair up, parents and lists point where they should, a name is
 * found unless two entries share it, every answer's key is found in its
 * repeat's scope, and texts resolve in every language.
 * A form that does not load has its errors, each with a message.
 *
 * FUZZ_OPTIONS: -max_len=8192 -dict=tests/fuzz/xlsform.dict
 */
#include <sys/stat.h>

#include <locale.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/xlsform.h"
#include "tests/fuzz/fuzz.h"

static const char *fuzz_form_sheets[] = { "survey", "choices", "settings" };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[1024];

	setlocale(LC_ALL, "C.UTF-8");
	snprintf(path, sizeof path, "%s/sheets", fuzz_scratch_dir());
	if (mkdir(path, 0700) != 0)
		abort();
	return 0;
}

/* Write the input as the source it looks like; return the path to load. */
static const char *
fuzz_form_source(const uint8_t *data, size_t size)
{
	static char path[1024];
	const uint8_t *p = data, *end = data + size, *nul;
	size_t i;

	if (size >= 2 && memcmp(data, "PK", 2) == 0) {
		snprintf(path, sizeof path, "%s",
		    fuzz_scratch_path("form.xlsx"));
		fuzz_write_file(path, data, size);
		return path;
	}
	if (memchr(data, '\0', size) == NULL) {
		snprintf(path, sizeof path, "%s",
		    fuzz_scratch_path("form.csv"));
		fuzz_write_file(path, data, size);
		return path;
	}
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/sheets/%s.csv",
		    fuzz_scratch_dir(), fuzz_form_sheets[i]);
		if (p == NULL) {	/* fewer parts: no such sheet */
			unlink(path);
			continue;
		}
		nul = memchr(p, '\0', (size_t)(end - p));
		fuzz_write_file(path, p, (size_t)((nul != NULL ? nul : end) -
		    p));
		p = nul != NULL ? nul + 1 : NULL;
	}
	snprintf(path, sizeof path, "%s/sheets", fuzz_scratch_dir());
	return path;
}

static void
fuzz_form_check(const struct xlsform *f)
{
	const struct xlsform_question *q, *g;
	size_t i, k;

	FUZZ_CHECK(f->id != NULL && f->title != NULL, "id and title");
	FUZZ_CHECK(f->default_lang == XLSFORM_NONE ||
	    f->default_lang < f->nlangs, "default language");
	for (i = 0; i < f->nquestions; i++) {
		q = &f->questions[i];
		FUZZ_CHECK((int)q->type >= 0 && q->type < XLSFORM_NTYPES,
		    "question %zu type", i);
		if (q->parent == XLSFORM_NONE)
			FUZZ_CHECK(q->depth == 0, "top-level depth");
		else {
			FUZZ_CHECK(q->parent < i, "question %zu parent", i);
			g = &f->questions[q->parent];
			FUZZ_CHECK(g->type == XLSFORM_BEGIN_GROUP &&
			    g->match != XLSFORM_NONE && g->match >= i,
			    "question %zu is inside its group", i);
			FUZZ_CHECK(q->depth == g->depth + 1, "depth");
		}
		if (q->type == XLSFORM_BEGIN_GROUP || q->type ==
		    XLSFORM_END_GROUP) {
			FUZZ_CHECK(q->match < f->nquestions &&
			    f->questions[q->match].match == i &&
			    f->questions[q->match].type != q->type,
			    "group %zu pairs up", i);
		}
		if (q->type == XLSFORM_SELECT_ONE || q->type ==
		    XLSFORM_SELECT_MULTIPLE || q->type == XLSFORM_RANK)
			FUZZ_CHECK(q->list < f->nlists &&
			    xlsform_list_of(f, q) == &f->lists[q->list],
			    "question %zu list", i);
		/* A name is found unless another entry shares it (groups
		 * in different places may); a key is found in its scope. */
		if (q->name != NULL && q->type != XLSFORM_END_GROUP &&
		    xlsform_find(f, q->name) == NULL) {
			for (k = 0; k < f->nquestions; k++)
				if (k != i && f->questions[k].type !=
				    XLSFORM_END_GROUP &&
				    f->questions[k].name != NULL &&
				    strcmp(f->questions[k].name, q->name) == 0)
					break;
			FUZZ_CHECK(k < f->nquestions, "'%s' is found",
			    q->name);
		}
		if (q->key != NULL && q->type != XLSFORM_END_GROUP)
			FUZZ_CHECK(xlsform_find_key(f, q->scope, q->key) == i,
			    "key '%s' is found in its scope", q->key);
		if (q->type != XLSFORM_END_GROUP) {
			(void)xlsform_text(f, q->label, NULL);
			for (k = 0; k < f->nlangs; k++)
				(void)xlsform_text(f, q->hint,
				    f->langs[k].label);
		}
		(void)xlsform_type_name(q->type);
		(void)xlsform_type_has_answer(q->type);
	}
	for (i = 0; i < f->nlists; i++)
		for (k = 0; k < f->lists[i].nchoices; k++) {
			FUZZ_CHECK(f->lists[i].choices[k].name != NULL,
			    "choice name");
			(void)xlsform_choice_value(f, &f->lists[i].choices[k],
			    "label");
		}
	for (k = 0; k < f->nlangs; k++)
		FUZZ_CHECK(xlsform_lang_find(f, f->langs[k].label) !=
		    XLSFORM_NONE, "language '%s' is found", f->langs[k].label);
	(void)xlsform_count(f, XLSFORM_TEXT);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct xlsform *f = NULL;
	struct buf msgs = BUF_INIT;
	char *cause = NULL;
	size_t i;
	int r;

	r = xlsform_load(fuzz_form_source(data, size), &f, &errs, &cause);
	if (r == ERR_OK) {
		FUZZ_CHECK(f != NULL && errs.n == 0 && cause == NULL,
		    "a form, no errors");
		fuzz_form_check(f);
	} else if (r == ERR_INVALID) {
		FUZZ_CHECK(f == NULL && errs.n > 0,
		    "an invalid form has errors");
		for (i = 0; i < errs.n; i++)
			FUZZ_CHECK(errs.v[i].msg != NULL && errs.v[i].file !=
			    NULL, "error %zu has a message", i);
		xlsform_errors_format(&errs, &msgs);
		FUZZ_CHECK(!buf_failed(&msgs) && msgs.len > 0, "errors format");
	} else
		FUZZ_CHECK(f == NULL && cause != NULL,
		    "a failure to read (%d) has a cause", r);
	buf_free(&msgs);
	xlsform_errors_clear(&errs);
	free(cause);
	xlsform_free(&f);
	return 0;
}
