/*
 * Loading content packs; see pack.h for the layout and pack.ini.
 */
#include "content/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "content/diag.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/ini.h"
#include "content/utf8.h"
#include "content/xlsform-name.h"

static void
pack_refs_free(struct pack_ref **refs, size_t n)
{
	size_t i;

	for (i = 0; *refs != NULL && i < n; i++) {
		free((*refs)[i].survey);
		free((*refs)[i].question);
	}
	free(*refs);
	*refs = NULL;
}

void
pack_free(struct pack **pp)
{
	struct pack *p;
	size_t i;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	free(p->dir);
	free(p->id);
	free(p->title);
	free(p->version);
	free(p->publisher);
	for (i = 0; i < p->nlangs; i++) {
		free(p->langs[i].code);
		free(p->langs[i].name);
	}
	free(p->langs);
	free(p->default_lang);
	free(p->home);
	ini_free_list(&p->pages, p->npages);
	ini_free_list(&p->surveys, p->nsurveys);
	ini_free_list(&p->said_did, p->nsaid_did);
	free(p->feedback);
	free(p->consent);
	ini_free_list(&p->recipients, p->nrecipients);
	free(p->hub_pubkey);
	free(p->session_consent);
	free(p->contact);
	free(p->contact_notice);
	pack_refs_free(&p->votable, p->nvotable);
	pack_refs_free(&p->results, p->nresults);
	for (i = 0; i < p->ntags; i++) {
		free(p->tags[i].id);
		free(p->tags[i].label);
	}
	free(p->tags);
	ini_free(&p->ini);
	free(p);
	*pp = NULL;
}

int
pack_id_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-' || s[i] == '_') || i >= 64)
			return 0;
	return i > 0;
}

int
pack_version_cmp(const char *a, const char *b)
{
	unsigned long x, y;
	char *ea, *eb;

	for (;;) {
		x = strtoul(a, &ea, 10);
		y = strtoul(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (*ea != '.' && *eb != '.')
			return 0;
		if (*ea != '.' && *a == '\0')
			a = "0";
		if (*eb != '.' && *b == '\0')
			b = "0";
	}
}

static int
pack_version_ok(const char *v)
{
	size_t i, digits = 0;

	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] >= '0' && v[i] <= '9') {
			if (++digits > 9)
				return 0;
		} else if (v[i] == '.' && digits > 0)
			digits = 0;
		else
			return 0;
	}
	return digits > 0 && i < 64;
}

/* Required string setting; an error at the section's line when missing. */
static int
pack_req(struct pack *p, const char *sec, const char *key, char **out,
    struct diags *d)
{
	const char *v = ini_get(p->ini, sec, key);

	*out = NULL;
	if (v == NULL || *v == '\0')
		return diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path, 1,
		    "[%s] needs '%s'", sec, key);
	if ((*out = strdup(v)) == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

static int
pack_opt(const struct ini *ini, const char *sec, const char *key, char **out)
{
	const char *v = ini_get(ini, sec, key);

	*out = NULL;
	if (v == NULL || *v == '\0')
		return ERR_OK;
	return (*out = strdup(v)) == NULL ? ERR_NOMEM : ERR_OK;
}

static int
pack_int(struct pack *p, const char *sec, const char *key, int def,
    int min, int max, int *out, struct diags *d)
{
	const struct ini_entry *e = ini_find(p->ini, sec, key);
	char *end;
	long v;

	*out = def;
	if (e == NULL || e->value[0] == '\0')
		return ERR_OK;
	errno = 0;
	v = strtol(e->value, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "'%s' must be a whole number from %d to "
		    "%d", key, min, max);
	*out = (int)v;
	return ERR_OK;
}

/*
 * A comma list; an item that ok() refuses is an error and is left out, so
 * that the rest can still be checked.
 */
static int
pack_list(struct pack *p, const char *sec, const char *key, char ***items,
    size_t *n, int (*ok)(const char *), struct diags *d)
{
	const struct ini_entry *e = ini_find(p->ini, sec, key);
	size_t i, j;
	int r;

	*items = NULL;
	*n = 0;
	if (e == NULL)
		return ERR_OK;
	r = ini_split_list(e->value, PACK_MAX_ITEMS, items, n);
	if (r == ERR_LIMIT)
		return diags_add(d, DIAG_ERROR, r, p->ini->path,
		    (unsigned)e->line, "more than %d items", PACK_MAX_ITEMS);
	if (r != ERR_OK)
		return r;
	for (i = j = 0; i < *n; i++) {
		if (ok == NULL || ok((*items)[i])) {
			(*items)[j++] = (*items)[i];
			continue;
		}
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "'%s' is not a valid name (use a-z, "
		    "0-9, '-' and '_')", (*items)[i]);
		free((*items)[i]);
	}
	*n = j;
	return ERR_OK;
}

/*
 * [language_names]: each key a language of the pack, each value its name
 * in its own script, valid UTF-8 of at most PACK_LANG_NAME_MAX bytes.
 */
static int
pack_lang_names(struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	struct pack_lang *l;
	size_t i, len;

	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		if (strcmp(e->section, "language_names") != 0)
			continue;
		if ((l = (struct pack_lang *)pack_lang(p, e->key)) == NULL) {
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "'%s' is not among the "
			    "languages", e->key);
			continue;
		}
		len = strlen(e->value);
		if (len == 0 || len > PACK_LANG_NAME_MAX ||
		    !utf8_valid(e->value, len)) {
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "the name of '%s' must be 1 to "
			    "%d bytes of UTF-8", e->key, PACK_LANG_NAME_MAX);
			continue;
		}
		free(l->name);
		if ((l->name = strdup(e->value)) == NULL)
			return ERR_NOMEM;
	}
	return ERR_OK;
}

static int
pack_file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int
pack_has_survey(const struct pack *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nsurveys; i++)
		if (strcmp(p->surveys[i], id) == 0)
			return 1;
	return p->feedback != NULL && strcmp(p->feedback, id) == 0;
}

/* One item of a [sessions] list into ref; ERR_INVALID (added to d). */
static int
pack_ref(struct pack *p, const struct ini_entry *e, char *item, int whole,
    struct pack_ref *ref, struct diags *d)
{
	char *colon = strchr(item, ':');

	if (colon != NULL)
		*colon++ = '\0';
	if (!pack_id_ok(item) || !pack_has_survey(p, item))
		return diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "'%s' is not a survey of this pack",
		    item);
	if (colon == NULL ? !whole : !xlsform_name_ok(colon))
		return diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "'%s' needs a question: <survey "
		    "id>:<question name>", item);
	if ((ref->survey = strdup(item)) == NULL ||
	    (colon != NULL && (ref->question = strdup(colon)) == NULL)) {
		free(ref->survey);
		ref->survey = NULL;
		return ERR_NOMEM;
	}
	return ERR_OK;
}

/*
 * [sessions] key as a list of <survey>:<question> (or, when whole is set,
 * also <survey> alone), every survey one of the pack's.
 */
static int
pack_refs(struct pack *p, const char *key, int whole, struct pack_ref **out,
    size_t *nout, struct diags *d)
{
	const struct ini_entry *e = ini_find(p->ini, "sessions", key);
	struct pack_ref *refs = NULL;
	char **items = NULL;
	size_t n = 0, i, k = 0;
	int r;

	*out = NULL;
	*nout = 0;
	if (e == NULL)
		return ERR_OK;
	r = ini_split_list(e->value, PACK_MAX_ITEMS, &items, &n);
	if (r == ERR_LIMIT)
		return diags_add(d, DIAG_ERROR, r, p->ini->path,
		    (unsigned)e->line, "more than %d items", PACK_MAX_ITEMS);
	if (r != ERR_OK)
		return r;
	if ((refs = calloc(n + 1, sizeof *refs)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((r = pack_ref(p, e, items[i], whole, &refs[k], d)) ==
		    ERR_NOMEM)
			goto out;
		if (r == ERR_OK)
			k++;
	}
	*out = refs;
	*nout = k;
	refs = NULL;
	r = ERR_OK;
out:
	pack_refs_free(&refs, k);
	ini_free_list(&items, n);
	return r;
}

/* [session_tags]: every key = label, in the order of the file. */
static int
pack_tags(struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	size_t i, n = 0;

	for (i = 0; i < p->ini->n; i++)
		if (strcmp(p->ini->entries[i].section, "session_tags") == 0 &&
		    strchr(p->ini->entries[i].key, '[') == NULL)
			n++;
	if (n == 0)
		return ERR_OK;
	if (n > PACK_MAX_ITEMS)
		return diags_add(d, DIAG_ERROR, ERR_LIMIT, p->ini->path, 0,
		    "more than %d session tags", PACK_MAX_ITEMS);
	if ((p->tags = calloc(n, sizeof *p->tags)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		if (strcmp(e->section, "session_tags") != 0 ||
		    strchr(e->key, '[') != NULL)
			continue;
		if (e->value[0] == '\0' || strlen(e->value) > 200) {
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "the tag '%s' needs a label of "
			    "at most 200 bytes", e->key);
			continue;
		}
		if ((p->tags[p->ntags].id = strdup(e->key)) == NULL ||
		    (p->tags[p->ntags].label = strdup(e->value)) == NULL) {
			free(p->tags[p->ntags].id);
			p->tags[p->ntags].id = NULL;
			return ERR_NOMEM;
		}
		p->ntags++;
	}
	return ERR_OK;
}

int
pack_results_show(const struct pack *p, const char *survey,
    const char *question)
{
	size_t i;

	for (i = 0; i < p->nresults; i++)
		if (strcmp(p->results[i].survey, survey) == 0 &&
		    (p->results[i].question == NULL ||
		    strcmp(p->results[i].question, question) == 0))
			return 1;
	return 0;
}

/*
 * The texts a pack may give in each language, "key[lang] = text": which
 * keys of which sections (a NULL key: any key of the section whose
 * untranslated form is set).
 */
static const struct {
	const char	*section;
	const char	*key;
} pack_translatable[] = {
	{ "pack", "title" },
	{ "pack", "welcome" },
	{ "survey_titles", NULL },
	{ "session_tags", NULL },
	{ "contact", "label" },
	{ NULL, NULL }
};

/* Every "key[lang]": a key that can be translated, a language we have. */
static void
pack_translations(struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	char base[72], lang[40];
	const char *open;
	size_t i, k;

	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		if ((open = strchr(e->key, '[')) == NULL)
			continue;
		snprintf(base, sizeof base, "%.*s", (int)(open - e->key),
		    e->key);
		for (k = 0; pack_translatable[k].section != NULL; k++)
			if (strcmp(pack_translatable[k].section,
			    e->section) == 0 && (pack_translatable[k].key ==
			    NULL || strcmp(pack_translatable[k].key, base) == 0))
				break;
		if (pack_translatable[k].section == NULL) {
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "'%s' cannot be given per "
			    "language: only [pack] title and welcome, "
			    "[survey_titles], [session_tags] and [contact] "
			    "label can", e->key);
			continue;
		}
		snprintf(lang, sizeof lang, "%.*s", (int)(strlen(open + 1) - 1),
		    open + 1);
		if (!pack_has_lang(p, lang))
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "'%s' is not among the "
			    "languages", lang);
		else if (strcmp(e->section, "survey_titles") == 0) {
			/* Its untranslated form is the form's form_title. */
			if (!pack_has_survey(p, base))
				diags_add(d, DIAG_ERROR, ERR_INVALID,
				    p->ini->path, (unsigned)e->line, "'%s' is "
				    "not a survey of this pack", base);
		} else if (ini_find(p->ini, e->section, base) == NULL)
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "'%s' is a translation of '%s', "
			    "which is not set in [%s]", e->key, base,
			    e->section);
	}
}

/* [survey_titles]: each key a survey of the pack. */
static void
pack_survey_titles(struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	size_t i;

	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		if (strcmp(e->section, "survey_titles") == 0 &&
		    strchr(e->key, '[') == NULL && !pack_has_survey(p, e->key))
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    (unsigned)e->line, "'%s' is not a survey of this "
			    "pack", e->key);
	}
}

/* [pack] languages and unreviewed, then [language_names]. */
static int
pack_langs(struct pack *p, struct diags *d)
{
	char **langs = NULL, **unrev = NULL;
	size_t nlangs = 0, nunrev = 0, i, j;
	int r;

	if ((r = pack_list(p, "pack", "languages", &langs, &nlangs,
	    pack_lang_ok, d)) == ERR_NOMEM ||
	    (r = pack_list(p, "pack", "unreviewed", &unrev, &nunrev,
	    pack_lang_ok, d)) == ERR_NOMEM)
		goto out;
	r = ERR_OK;
	if (nlangs == 0) {
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path, 1,
		    "[pack] needs 'languages'");
		goto out;
	}
	if ((p->langs = calloc(nlangs, sizeof *p->langs)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < nlangs; i++) {
		p->langs[i].code = langs[i];
		p->langs[i].rtl = pack_lang_is_rtl(langs[i]);
		langs[i] = NULL;
		p->nlangs++;
		for (j = 0; j < nunrev; j++)
			if (strcmp(unrev[j], p->langs[i].code) == 0)
				p->langs[i].unreviewed = 1;
	}
	r = pack_lang_names(p, d);
out:
	ini_free_list(&langs, nlangs);
	ini_free_list(&unrev, nunrev);
	return r;
}

/* The settings of every section but [pack]'s own. */
static int
pack_settings(struct pack *p, struct diags *d)
{
	int r;

	if ((r = pack_list(p, "pages", "order", &p->pages, &p->npages,
	    pack_id_ok, d)) == ERR_NOMEM ||
	    (r = pack_list(p, "surveys", "order", &p->surveys,
	    &p->nsurveys, pack_id_ok, d)) == ERR_NOMEM ||
	    (r = pack_list(p, "pages", "you_said_we_did", &p->said_did,
	    &p->nsaid_did, pack_id_ok, d)) == ERR_NOMEM ||
	    (r = pack_opt(p->ini, "surveys", "feedback", &p->feedback)) !=
	    ERR_OK ||
	    (r = pack_opt(p->ini, "surveys", "consent", &p->consent)) !=
	    ERR_OK ||
	    (r = pack_list(p, "hub", "recipients", &p->recipients,
	    &p->nrecipients, NULL, d)) == ERR_NOMEM ||
	    (r = pack_opt(p->ini, "hub", "minisign_public_key",
	    &p->hub_pubkey)) != ERR_OK ||
	    (r = pack_opt(p->ini, "sessions", "consent",
	    &p->session_consent)) != ERR_OK)
		return r;
	pack_int(p, "kiosk", "idle_warning", 120, 5, 86400, &p->idle_warning,
	    d);
	pack_int(p, "kiosk", "idle_countdown", 30, 3, 3600,
	    &p->idle_countdown, d);
	pack_int(p, "kiosk", "results_threshold", 3, 0, 1000,
	    &p->results_threshold, d);
	if ((r = pack_refs(p, "votable", 0, &p->votable, &p->nvotable, d)) ==
	    ERR_NOMEM ||
	    (r = pack_refs(p, "results", 1, &p->results, &p->nresults, d)) ==
	    ERR_NOMEM || (r = pack_tags(p, d)) == ERR_NOMEM)
		return r;
	pack_translations(p, d);
	pack_survey_titles(p, d);
	return pack_contact_read(p, d);
}

/* Every page pack.ini names exists in the default language. */
static void
pack_named_pages(struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	const char *id, *sec, *key;
	char *pg;
	size_t i;
	int fb;

	for (i = 0; i <= p->npages + p->nsaid_did + 1; i++) {
		if (i < p->npages) {
			id = p->pages[i];
			sec = "pages";
			key = "order";
		} else if (i == p->npages) {
			id = p->home;
			sec = "pack";
			key = "home";
		} else if (i <= p->npages + p->nsaid_did) {
			id = p->said_did[i - p->npages - 1];
			sec = "pages";
			key = "you_said_we_did";
		} else {
			id = p->session_consent;
			sec = "sessions";
			key = "consent";
		}
		if (id == NULL || p->default_lang == NULL)
			continue;
		if (pack_id_ok(id) &&
		    (pg = pack_page_path(p, p->default_lang, id, &fb)) != NULL) {
			free(pg);
			continue;
		}
		e = ini_find(p->ini, sec, key);
		diags_add(d, DIAG_ERROR, ERR_NOTFOUND, p->ini->path,
		    e != NULL ? (unsigned)e->line : 1, "no page pages/%s/%s.md",
		    p->default_lang, id);
	}
}

/* [pack]: its id, title, version, languages, default and home page. */
static int
pack_head(struct pack *p, struct diags *d)
{
	const struct ini_entry *e;
	int r;

	if ((r = pack_req(p, "pack", "id", &p->id, d)) == ERR_NOMEM ||
	    (r = pack_req(p, "pack", "title", &p->title, d)) == ERR_NOMEM ||
	    (r = pack_req(p, "pack", "version", &p->version, d)) ==
	    ERR_NOMEM ||
	    (r = pack_opt(p->ini, "pack", "publisher", &p->publisher)) !=
	    ERR_OK ||
	    (r = pack_req(p, "pack", "default_language", &p->default_lang,
	    d)) == ERR_NOMEM ||
	    (r = pack_req(p, "pack", "home", &p->home, d)) == ERR_NOMEM)
		return ERR_NOMEM;
	if (p->id != NULL && !pack_id_ok(p->id)) {
		e = ini_find(p->ini, "pack", "id");
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "the pack id must use a-z, 0-9, '-' and "
		    "'_'");
	}
	if (p->version != NULL && !pack_version_ok(p->version)) {
		e = ini_find(p->ini, "pack", "version");
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "the version must be numbers and dots, "
		    "like 1.2.0");
	}
	if ((r = pack_langs(p, d)) != ERR_OK)
		return r;
	if (p->default_lang != NULL && p->nlangs > 0 &&
	    !pack_has_lang(p, p->default_lang)) {
		e = ini_find(p->ini, "pack", "default_language");
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    (unsigned)e->line, "the default language '%s' is not among "
		    "the languages", p->default_lang);
		free(p->default_lang);
		p->default_lang = NULL;
	}
	return ERR_OK;
}

int
pack_read(const char *dir, struct pack **out, struct diags *d)
{
	struct pack *p = NULL;
	char *path = NULL;
	int r;

	*out = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->dir = strdup(dir)) == NULL ||
	    (path = file_join(dir, "pack.ini")) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = ini_load_diags(path, &p->ini, d)) != ERR_OK)
		goto out;
	if ((r = pack_head(p, d)) != ERR_OK ||
	    (r = pack_settings(p, d)) != ERR_OK)
		goto out;
	pack_named_pages(p, d);
	*out = p;
	p = NULL;
out:
	free(path);
	pack_free(&p);
	return r;
}

int
pack_load(const char *dir, struct pack **out, char **cause)
{
	struct diags d = DIAGS_INIT;
	int r;

	*out = NULL;
	r = pack_read(dir, out, &d);
	if (r == ERR_NOMEM || d.nomem)
		r = ERR_NOMEM;
	else
		r = diags_first_error(&d, cause);
	if (r != ERR_OK)
		pack_free(out);
	diags_clear(&d);
	return r;
}

char *
pack_survey_path(const struct pack *p, const char *id)
{
	char *path = NULL;

	if (!pack_id_ok(id))
		return NULL;
	if (asprintf(&path, "%s/surveys/%s", p->dir, id) < 0)
		return NULL;
	if (pack_file_exists(path))
		return path;
	free(path);
	if (asprintf(&path, "%s/surveys/%s.xlsx", p->dir, id) < 0)
		return NULL;
	if (pack_file_exists(path))
		return path;
	free(path);
	return NULL;
}

const char *
pack_setting(const struct pack *p, const char *section, const char *key)
{
	return ini_get(p->ini, section, key);
}

int
pack_is_demo(const struct pack *p)
{
	size_t i;

	for (i = 0; i < p->nrecipients; i++)
		if (strcmp(p->recipients[i], PACK_DEMO_RECIPIENT) == 0)
			return 1;
	return 0;
}
