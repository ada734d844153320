/*
 * `outreach pack check`: every problem of a content pack at once, before
 * it is signed and long before a resident meets it at a kiosk.
 *
 * pack_read() gives every mistake of pack.ini; this adds what needs the
 * rest of the pack: each page (links to pages that do not exist, images a
 * terminal cannot show), each survey (the same checks as `survey check`,
 * a hint when a CSV sheet is separated by ';'), the consent pages,
 * [sessions] questions that are not in their form, languages without a
 * name for the picker or without any content, settings nobody reads
 * (usually a typing mistake) and the service directory. The hub's keys
 * are checked in sync/packcheck.c, which can read them.
 *
 * Each problem is "file:line: reason", an error (the pack would fail a
 * person somewhere) or a warning (it works, but probably not as meant).
 */
#include "content/pack.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/csv.h"
#include "content/diag.h"
#include "content/directory.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/ini.h"
#include "content/xlsform.h"

/* The settings pack.ini knows; NULL key: any key of the section. */
static const struct {
	const char	*section;
	const char	*key;
} pack_check_known[] = {
	{ "pack", "id" }, { "pack", "title" }, { "pack", "version" },
	{ "pack", "publisher" }, { "pack", "languages" },
	{ "pack", "unreviewed" }, { "pack", "default_language" },
	{ "pack", "home" }, { "pack", "welcome" },
	{ "language_names", NULL },
	{ "pages", "order" }, { "pages", "you_said_we_did" },
	{ "surveys", "order" }, { "surveys", "feedback" },
	{ "surveys", "consent" },
	{ "survey_titles", NULL },
	{ "hub", "recipients" }, { "hub", "minisign_public_key" },
	{ "kiosk", "idle_warning" }, { "kiosk", "idle_countdown" },
	{ "kiosk", "results_threshold" },
	{ "sessions", "consent" }, { "sessions", "votable" },
	{ "sessions", "results" },
	{ "session_tags", NULL },
	{ "contact", "form" }, { "contact", "notice" },
	{ "contact", "label" }, { "contact", "venue" },
	{ NULL, NULL }
};

/* A setting nobody reads is most often a typing mistake. */
static void
pack_check_unknown(const struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	char base[72];
	size_t i, k;
	int section;

	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		snprintf(base, sizeof base, "%.*s", (int)strcspn(e->key, "["),
		    e->key);
		section = 0;
		for (k = 0; pack_check_known[k].section != NULL; k++) {
			if (strcmp(pack_check_known[k].section, e->section) != 0)
				continue;
			section = 1;
			if (pack_check_known[k].key == NULL ||
			    strcmp(pack_check_known[k].key, base) == 0)
				break;
		}
		if (pack_check_known[k].section != NULL)
			continue;
		if (e->section[0] == '\0')
			diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path,
			    (unsigned)e->line, "'%s' is before any [section]: "
			    "it is not read", e->key);
		else if (!section)
			diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path,
			    (unsigned)e->line, "[%s] is not a section of "
			    "pack.ini (see content/packs/hackney/README.md): "
			    "'%s' is not read", e->section, e->key);
		else
			diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path,
			    (unsigned)e->line, "'%s' is not a setting of [%s]: "
			    "it is not read", e->key, e->section);
	}
}

/* The line of the first "needle" in the file's text, else 0. */
static unsigned
pack_check_line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle), *p;
	unsigned line = 1;

	if (at == NULL)
		return 0;
	for (p = text; p < at; p++)
		if (*p == '\n')
			line++;
	return line;
}

/*
 * Images in a page's Markdown: the kiosk is a terminal and shows only an
 * image's text (its alt text), so each is a warning, and an error when
 * that text is empty (the person would see nothing at all).
 */
static void
pack_check_images(const char *file, const char *text, struct diags *d)
{
	const char *p = text, *close, *alt;
	unsigned line = 1;
	int fence = 0, bol = 1;

	for (; *p != '\0'; p++) {
		if (bol && strncmp(p, "```", 3) == 0)
			fence = !fence;
		bol = *p == '\n';
		if (*p == '\n') {
			line++;
			continue;
		}
		if (fence || p[0] != '!' || p[1] != '[')
			continue;
		alt = p + 2;
		if ((close = strstr(alt, "](")) == NULL ||
		    memchr(alt, '\n', (size_t)(close - alt)) != NULL)
			continue;
		if (close == alt)
			diags_add(d, DIAG_ERROR, ERR_INVALID, file, line,
			    "an image with no text: the kiosk cannot show "
			    "images, so nothing would be seen here; write "
			    "what it shows as text instead");
		else
			diags_add(d, DIAG_WARNING, ERR_OK, file, line,
			    "an image: the kiosk cannot show images and shows "
			    "only its text, \"%.*s\"", (int)(close - alt > 60 ?
			    60 : close - alt), alt);
	}
}

/* One page: it parses, its links lead to pages, its images. */
static void
pack_check_page(const struct pack *p, const char *lang, const char *file,
    struct diags *d)
{
	struct doc *doc = NULL;
	char *text = NULL, *cause = NULL, *path, needle[80];
	size_t len, i;
	int r;

	if ((r = file_read(file, DOC_MAX_SIZE, &text, &len, &cause)) != 0 ||
	    (r = doc_parse_markdown(text, len, &doc, &cause)) != 0) {
		diags_add(d, DIAG_ERROR, r, file, 0, "%s", cause != NULL ?
		    cause : err_str(r));
		goto out;
	}
	if (doc->title == NULL || doc->title[0] == '\0')
		diags_add(d, DIAG_WARNING, ERR_OK, file, 1, "no heading: the "
		    "first heading (# Title) is the page's title in the lists");
	for (i = 0; i < doc->nlinks; i++) {
		if (!doc->links[i].internal)
			continue;
		if ((path = pack_page_path(p, lang, doc->links[i].target,
		    NULL)) != NULL) {
			free(path);
			continue;
		}
		snprintf(needle, sizeof needle, "(%s.md", doc->links[i].target);
		if (p->default_lang == NULL || strcmp(lang,
		    p->default_lang) == 0)
			diags_add(d, DIAG_ERROR, ERR_NOTFOUND, file,
			    pack_check_line_of(text, needle), "a link to the "
			    "page '%s', but there is no pages/%s/%s.md",
			    doc->links[i].target, lang, doc->links[i].target);
		else
			diags_add(d, DIAG_ERROR, ERR_NOTFOUND, file,
			    pack_check_line_of(text, needle), "a link to the "
			    "page '%s', but there is no pages/%s/%s.md, nor "
			    "pages/%s/%s.md", doc->links[i].target, lang,
			    doc->links[i].target, p->default_lang,
			    doc->links[i].target);
	}
	pack_check_images(file, text, d);
out:
	doc_free(&doc);
	free(cause);
	free(text);
}

static int
pack_check_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder dir, sorted (Caller frees); *n: how many. */
static char **
pack_check_list(const char *dir, size_t *n)
{
	struct dirent *de;
	char **v = NULL, **nv;
	DIR *dp;

	*n = 0;
	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL && *n < 10000) {
		if (de->d_name[0] == '.')
			continue;
		if ((nv = reallocarray(v, *n + 1, sizeof *v)) == NULL)
			break;
		v = nv;
		if ((v[*n] = strdup(de->d_name)) == NULL)
			break;
		(*n)++;
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof *v, pack_check_name_cmp);
	return v;
}

/* Every page of every language folder; *have: languages with pages. */
static void
pack_check_pages(const struct pack *p, int *have, struct diags *d)
{
	char *dir = NULL, *sub = NULL, *file = NULL, **langs, **pages;
	size_t nl = 0, np = 0, i, k, len;
	const struct pack_lang *l;

	if ((dir = file_join(p->dir, "pages")) == NULL)
		return;
	langs = pack_check_list(dir, &nl);
	for (i = 0; i < nl; i++) {
		if ((l = pack_lang(p, langs[i])) == NULL) {
			diags_add(d, DIAG_WARNING, ERR_OK, dir, 0, "%s/ is not "
			    "a language of the pack ([pack] languages): its "
			    "pages are never shown", langs[i]);
			continue;
		}
		if ((sub = file_join(dir, langs[i])) == NULL)
			break;
		pages = pack_check_list(sub, &np);
		for (k = 0; k < np; k++) {
			len = strlen(pages[k]);
			if (len < 4 || strcmp(pages[k] + len - 3, ".md") != 0)
				continue;
			have[l - p->langs] = 1;
			if ((file = file_join(sub, pages[k])) != NULL)
				pack_check_page(p, langs[i], file, d);
			free(file);
			file = NULL;
		}
		ini_free_list(&pages, np);
		free(sub);
		sub = NULL;
	}
	ini_free_list(&langs, nl);
	free(dir);
}

void
pack_check_csv_sep(const char *form_path, struct diags *d)
{
	static const char *const sheets[] = { "survey.csv", "choices.csv",
	    "settings.csv", NULL };
	struct stat st;
	char *file;
	size_t i, len = strlen(form_path);
	int sep;

	if (stat(form_path, &st) != 0)
		return;
	for (i = 0; sheets[i] != NULL; i++) {
		if (S_ISDIR(st.st_mode))
			file = file_join(form_path, sheets[i]);
		else if (i == 0 && len > 4 &&
		    strcmp(form_path + len - 4, ".csv") == 0)
			file = strdup(form_path);
		else
			break;
		if (file == NULL)
			return;
		if (access(file, R_OK) == 0 &&
		    (sep = csv_sep_guess(file)) != ',')
			diags_add(d, DIAG_ERROR, ERR_PARSE, file, 1, "the "
			    "columns are separated by %s, not commas (Excel "
			    "saves \"CSV\" that way where the decimal mark is "
			    "a comma): save it as \"CSV UTF-8 (comma "
			    "delimited)\", or as an .xlsx", sep == ';' ?
			    "';'" : "tabs");
		free(file);
	}
}

/* The line of pack.ini where section.key is set (1 when it is not). */
static unsigned
pack_check_line(const struct pack *p, const char *section, const char *key)
{
	const struct ini_entry *e = ini_find(p->ini, section, key);

	return e != NULL ? (unsigned)e->line : 1;
}

/* A [sessions] question: in its form, and (votable) a select. */
static void
pack_check_ref(const struct pack *p, const struct pack_ref *ref,
    const char *key, const struct xlsform *f, struct diags *d)
{
	const struct xlsform_question *q;

	if (ref->question == NULL)
		return;
	q = xlsform_find(f, ref->question);
	if (q == NULL)
		diags_add(d, DIAG_ERROR, ERR_NOTFOUND, p->ini->path,
		    pack_check_line(p, "sessions", key), "'%s:%s': the form "
		    "has no question '%s'", ref->survey, ref->question,
		    ref->question);
	else if (strcmp(key, "votable") == 0 &&
	    q->type != XLSFORM_SELECT_ONE && q->type != XLSFORM_SELECT_MULTIPLE)
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    pack_check_line(p, "sessions", key), "'%s:%s' is a %s "
		    "question; a room can only vote on select_one and "
		    "select_multiple questions", ref->survey, ref->question,
		    xlsform_type_name(q->type));
}

/* What the rest of the check needs from one survey. */
struct pack_check_form {
	const char	*id;		/* survey id (folder) */
	struct xlsform	*f;		/* NULL when it cannot be used */
};

/* One survey of the pack: as `survey check` sees it, and its name. */
static void
pack_check_survey(const struct pack *p, struct pack_check_form *pf,
    unsigned line, struct diags *d)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	char *path, *cause = NULL;
	size_t i;
	int r;

	if ((path = pack_survey_path(p, pf->id)) == NULL) {
		diags_add(d, DIAG_ERROR, ERR_NOTFOUND, p->ini->path, line,
		    "no survey surveys/%s/ (survey.csv, choices.csv, "
		    "settings.csv) or surveys/%s.xlsx", pf->id, pf->id);
		return;
	}
	r = xlsform_load(path, &pf->f, &errs, &cause);
	for (i = 0; i < errs.n; i++)
		diags_add(d, DIAG_ERROR, ERR_INVALID, errs.v[i].file,
		    errs.v[i].row, "%s", errs.v[i].msg);
	if (errs.truncated)
		diags_add(d, DIAG_ERROR, ERR_INVALID, path, 0, "(stopped after "
		    "%d errors)", XLSFORM_MAX_ERRORS);
	if (r != 0 && errs.n == 0)
		diags_add(d, DIAG_ERROR, r, path, 0, "%s", cause != NULL ?
		    cause : err_str(r));
	if (r != 0)
		pack_check_csv_sep(path, d);
	else if (strcmp(pf->f->id, pf->id) != 0)
		diags_add(d, DIAG_WARNING, ERR_OK, path, 0, "its form id is "
		    "'%s' (form_id in its settings), so answers, exports and "
		    "every command call it %s, not %s: give the folder the "
		    "same name", pf->f->id, pf->f->id, pf->id);
	xlsform_errors_clear(&errs);
	free(cause);
	free(path);
}

/*
 * The contact form keeps no time but the day and no device: a start, end
 * or device id would let the hub join a request to the answers sealed
 * beside it.
 */
static void
pack_check_contact_form(const struct xlsform *f, struct diags *d)
{
	const struct xlsform_question *q;
	size_t i;

	for (i = 0; i < f->nquestions; i++) {
		q = &f->questions[i];
		if (q->type == XLSFORM_META && (q->meta == XLSFORM_META_START ||
		    q->meta == XLSFORM_META_END ||
		    q->meta == XLSFORM_META_DEVICEID))
			diags_add(d, DIAG_ERROR, ERR_INVALID, f->path, q->row,
			    "the contact form records '%s': a request to be "
			    "contacted keeps only the day, so that it cannot "
			    "be joined to anyone's answers", q->name);
	}
}

/* Every survey, then what refers to them; forms[] gets the forms. */
static void
pack_check_surveys(const struct pack *p, struct pack_check_form *forms,
    size_t n, struct diags *d)
{
	const struct pack_ref *ref;
	size_t i, k;

	for (i = 0; i < n; i++) {
		/* [surveys] order, then feedback, then the contact form. */
		if (i < p->nsurveys)
			forms[i].id = p->surveys[i];
		else if (i == p->nsurveys && p->feedback != NULL)
			forms[i].id = p->feedback;
		else
			forms[i].id = p->contact;
		pack_check_survey(p, &forms[i], forms[i].id == p->contact ?
		    pack_check_line(p, "contact", "form") :
		    pack_check_line(p, "surveys", i < p->nsurveys ? "order" :
		    "feedback"), d);
		for (k = 0; forms[i].f != NULL && k < i; k++)
			if (forms[k].f != NULL &&
			    strcmp(forms[k].f->id, forms[i].f->id) == 0)
				diags_add(d, DIAG_ERROR, ERR_EXISTS,
				    p->ini->path, pack_check_line(p, "surveys",
				    "order"), "surveys %s and %s have the same "
				    "form id '%s': their answers could not be "
				    "told apart", forms[k].id, forms[i].id,
				    forms[i].f->id);
	}
	for (i = 0; i < n; i++)
		if (forms[i].f != NULL && forms[i].id == p->contact)
			pack_check_contact_form(forms[i].f, d);
	for (i = 0; i < p->nvotable + p->nresults; i++) {
		ref = i < p->nvotable ? &p->votable[i] :
		    &p->results[i - p->nvotable];
		for (k = 0; k < n; k++)
			if (forms[k].f != NULL &&
			    strcmp(forms[k].id, ref->survey) == 0)
				pack_check_ref(p, ref, i < p->nvotable ?
				    "votable" : "results", forms[k].f, d);
	}
}

/* The consent page before every survey. */
static void
pack_check_consent(const struct pack *p, struct diags *d)
{
	char *path;

	if (p->nsurveys == 0 && p->feedback == NULL)
		return;
	if (p->consent == NULL) {
		diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path, 1, "[surveys] "
		    "names no consent page: before a survey the kiosk shows "
		    "only its title and that questions can be skipped");
		return;
	}
	if (p->default_lang == NULL)
		return;
	if (!pack_id_ok(p->consent) || (path = pack_page_path(p,
	    p->default_lang, p->consent, NULL)) == NULL) {
		diags_add(d, DIAG_ERROR, ERR_NOTFOUND, p->ini->path,
		    pack_check_line(p, "surveys", "consent"), "no page "
		    "pages/%s/%s.md: the consent page shown before every "
		    "survey", p->default_lang, p->consent);
		return;
	}
	free(path);
}

/* 1 when a form has texts in language code. */
static int
pack_check_form_has(const struct pack_check_form *forms, size_t n,
    const char *code)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; forms[i].f != NULL && k < forms[i].f->nlangs; k++)
			if (forms[i].f->langs[k].code != NULL &&
			    strcmp(forms[i].f->langs[k].code, code) == 0)
				return 1;
	return 0;
}

/* Each language: a name for the picker, and something in it. */
static void
pack_check_langs(const struct pack *p, const int *pages,
    const struct pack_check_form *forms, size_t n, struct diags *d)
{
	unsigned line = pack_check_line(p, "pack", "languages");
	const char *code;
	size_t i;

	for (i = 0; i < p->nlangs; i++) {
		code = p->langs[i].code;
		if (p->nlangs > 1 && p->langs[i].name == NULL)
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path, line,
			    "the language picker would show '%s' as it is: "
			    "give its name in its own script in "
			    "[language_names], as 'cy = Cymraeg' names Welsh",
			    code);
		if (p->default_lang == NULL || strcmp(code,
		    p->default_lang) == 0)
			continue;
		if (!pages[i] && !pack_text_has(p, "pack", "title", code) &&
		    !pack_text_has(p, "pack", "welcome", code) &&
		    !pack_check_form_has(forms, n, code)) {
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path, line,
			    "'%s' has no content: no pages/%s/, no title[%s], "
			    "no survey with labels in it; a person who picks it "
			    "would read only %s", code, code, code,
			    p->default_lang);
			continue;
		}
		if (!pack_text_has(p, "pack", "title", code))
			diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path,
			    pack_check_line(p, "pack", "title"), "no "
			    "title[%s]: the header shows the %s title", code,
			    p->default_lang);
		if (pack_text(p, "pack", "welcome", NULL, NULL) != NULL &&
		    !pack_text_has(p, "pack", "welcome", code))
			diags_add(d, DIAG_WARNING, ERR_OK, p->ini->path,
			    pack_check_line(p, "pack", "welcome"), "no "
			    "welcome[%s]: the home screen shows the %s welcome",
			    code, p->default_lang);
	}
}

/* directory/services.csv, when there is one. */
static void
pack_check_directory(const struct pack *p, struct diags *d)
{
	struct directory *dir = NULL;
	char *path, *cause = NULL;
	int r;

	if ((path = file_join(p->dir, "directory/services.csv")) == NULL)
		return;
	if (access(path, F_OK) == 0 &&
	    (r = directory_load(path, &dir, &cause)) != 0)
		diags_add(d, DIAG_ERROR, r, NULL, 0, "%s", cause != NULL ?
		    cause : err_str(r));
	directory_free(&dir);
	free(cause);
	free(path);
}

int
pack_check(const char *dir, struct pack **out, struct diags *d)
{
	struct pack_check_form *forms = NULL;
	struct pack *p = NULL;
	int *pages = NULL, r;
	size_t n = 0, i;

	if (out != NULL)
		*out = NULL;
	if ((r = pack_read(dir, &p, d)) != ERR_OK)
		return r;
	n = p->nsurveys + (p->feedback != NULL) + (p->contact != NULL);
	if ((pages = calloc(p->nlangs + 1, sizeof *pages)) == NULL ||
	    (forms = calloc(n + 1, sizeof *forms)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	pack_check_unknown(p, d);
	pack_check_pages(p, pages, d);
	pack_check_consent(p, d);
	pack_check_surveys(p, forms, n, d);
	pack_check_langs(p, pages, forms, n, d);
	pack_check_directory(p, d);
	pack_audio_check(p, d);
	if (out != NULL) {
		*out = p;
		p = NULL;
	}
	r = d->nomem ? ERR_NOMEM : ERR_OK;
out:
	for (i = 0; forms != NULL && i < n; i++)
		xlsform_free(&forms[i].f);
	free(forms);
	free(pages);
	pack_free(&p);
	return r;
}
