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

/* Language codes: letters, digits and '-', as in BCP 47. */
static int
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

/* Required string setting; error at the section's line when missing. */
static int
pack_req(const struct ini *ini, const char *sec, const char *key, char **out,
    char **cause)
{
	const char *v = ini_get(ini, sec, key);

	if (v == NULL || *v == '\0')
		return err_set(cause, ERR_INVALID, "%s:1: [%s] needs '%s'",
		    ini->path, sec, key);
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
pack_int(const struct ini *ini, const char *sec, const char *key, int def,
    int min, int max, int *out, char **cause)
{
	const struct ini_entry *e = ini_find(ini, sec, key);
	char *end;
	long v;

	*out = def;
	if (e == NULL || e->value[0] == '\0')
		return ERR_OK;
	errno = 0;
	v = strtol(e->value, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return err_set(cause, ERR_INVALID,
		    "%s:%d: '%s' must be a whole number from %d to %d",
		    ini->path, e->line, key, min, max);
	*out = (int)v;
	return ERR_OK;
}

static int
pack_list(const struct ini *ini, const char *sec, const char *key,
    char ***items, size_t *n, int (*ok)(const char *), char **cause)
{
	const struct ini_entry *e = ini_find(ini, sec, key);
	size_t i;
	int r;

	*items = NULL;
	*n = 0;
	if (e == NULL)
		return ERR_OK;
	r = ini_split_list(e->value, PACK_MAX_ITEMS, items, n);
	if (r == ERR_LIMIT)
		return err_set(cause, r, "%s:%d: more than %d items",
		    ini->path, e->line, PACK_MAX_ITEMS);
	if (r != ERR_OK)
		return r;
	for (i = 0; ok != NULL && i < *n; i++)
		if (!ok((*items)[i])) {
			r = err_set(cause, ERR_INVALID,
			    "%s:%d: '%s' is not a valid name (use a-z, 0-9, "
			    "'-' and '_')", ini->path, e->line, (*items)[i]);
			ini_free_list(items, *n);
			*n = 0;
			return r;
		}
	return ERR_OK;
}

/*
 * [language_names]: each key a language of the pack, each value its name
 * in its own script, valid UTF-8 of at most PACK_LANG_NAME_MAX bytes.
 */
static int
pack_lang_names(struct pack *p, char **cause)
{
	const struct ini_entry *e;
	struct pack_lang *l;
	size_t i, len;

	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		if (strcmp(e->section, "language_names") != 0)
			continue;
		if ((l = (struct pack_lang *)pack_lang(p, e->key)) == NULL)
			return err_set(cause, ERR_INVALID, "%s:%d: '%s' is not "
			    "among the languages", p->ini->path, e->line,
			    e->key);
		len = strlen(e->value);
		if (len == 0 || len > PACK_LANG_NAME_MAX ||
		    !utf8_valid(e->value, len))
			return err_set(cause, ERR_INVALID, "%s:%d: the name of "
			    "'%s' must be 1 to %d bytes of UTF-8",
			    p->ini->path, e->line, e->key, PACK_LANG_NAME_MAX);
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

/* 1 when id is one of the pack's surveys ([surveys] order or feedback). */
static int
pack_has_survey(const struct pack *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nsurveys; i++)
		if (strcmp(p->surveys[i], id) == 0)
			return 1;
	return p->feedback != NULL && strcmp(p->feedback, id) == 0;
}

/*
 * [sessions] key as a list of <survey>:<question> (or, when whole is set,
 * also <survey> alone), every survey one of the pack's.
 */
static int
pack_refs(struct pack *p, const char *key, int whole, struct pack_ref **out,
    size_t *nout, char **cause)
{
	const struct ini_entry *e = ini_find(p->ini, "sessions", key);
	struct pack_ref *refs = NULL;
	char **items = NULL, *colon;
	size_t n = 0, i;
	int r;

	*out = NULL;
	*nout = 0;
	if (e == NULL)
		return ERR_OK;
	r = ini_split_list(e->value, PACK_MAX_ITEMS, &items, &n);
	if (r == ERR_LIMIT)
		return err_set(cause, r, "%s:%d: more than %d items",
		    p->ini->path, e->line, PACK_MAX_ITEMS);
	if (r != ERR_OK)
		return r;
	if ((refs = calloc(n + 1, sizeof *refs)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		colon = strchr(items[i], ':');
		if (colon != NULL)
			*colon++ = '\0';
		if (!pack_id_ok(items[i]) || !pack_has_survey(p, items[i])) {
			r = err_set(cause, ERR_INVALID, "%s:%d: '%s' is not a "
			    "survey of this pack", p->ini->path, e->line,
			    items[i]);
			goto out;
		}
		if (colon == NULL ? !whole : !xlsform_name_ok(colon)) {
			r = err_set(cause, ERR_INVALID, "%s:%d: '%s' needs a "
			    "question: <survey id>:<question name>",
			    p->ini->path, e->line, items[i]);
			goto out;
		}
		if ((refs[i].survey = strdup(items[i])) == NULL ||
		    (colon != NULL && (refs[i].question = strdup(colon)) ==
		    NULL)) {
			free(refs[i].survey);
			refs[i].survey = NULL;
			r = ERR_NOMEM;
			goto out;
		}
	}
	*out = refs;
	*nout = n;
	refs = NULL;
	r = ERR_OK;
out:
	pack_refs_free(&refs, n);
	ini_free_list(&items, n);
	return r;
}

/* [session_tags]: every key = label, in the order of the file. */
static int
pack_tags(struct pack *p, char **cause)
{
	const struct ini_entry *e;
	size_t i, n = 0;

	for (i = 0; i < p->ini->n; i++)
		if (strcmp(p->ini->entries[i].section, "session_tags") == 0)
			n++;
	if (n == 0)
		return ERR_OK;
	if (n > PACK_MAX_ITEMS)
		return err_set(cause, ERR_LIMIT, "%s: more than %d session "
		    "tags", p->ini->path, PACK_MAX_ITEMS);
	if ((p->tags = calloc(n, sizeof *p->tags)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < p->ini->n; i++) {
		e = &p->ini->entries[i];
		if (strcmp(e->section, "session_tags") != 0)
			continue;
		if (e->value[0] == '\0' || strlen(e->value) > 200)
			return err_set(cause, ERR_INVALID, "%s:%d: the tag '%s' "
			    "needs a label of at most 200 bytes", p->ini->path,
			    e->line, e->key);
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

int
pack_load(const char *dir, struct pack **out, char **cause)
{
	struct pack *p = NULL;
	char *path = NULL, **langs = NULL, **unrev = NULL, *pg = NULL;
	size_t nlangs = 0, nunrev = 0, i, j;
	const struct ini_entry *e;
	int r;

	*out = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL ||
	    (p->dir = strdup(dir)) == NULL ||
	    (path = file_join(dir, "pack.ini")) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = ini_load(path, &p->ini, cause)) != ERR_OK)
		goto out;
	if ((r = pack_req(p->ini, "pack", "id", &p->id, cause)) != ERR_OK ||
	    (r = pack_req(p->ini, "pack", "title", &p->title, cause)) != ERR_OK ||
	    (r = pack_req(p->ini, "pack", "version", &p->version, cause)) !=
	    ERR_OK ||
	    (r = pack_opt(p->ini, "pack", "publisher", &p->publisher)) != ERR_OK ||
	    (r = pack_req(p->ini, "pack", "default_language", &p->default_lang,
	    cause)) != ERR_OK ||
	    (r = pack_req(p->ini, "pack", "home", &p->home, cause)) != ERR_OK)
		goto out;
	e = ini_find(p->ini, "pack", "id");
	if (!pack_id_ok(p->id)) {
		r = err_set(cause, ERR_INVALID, "%s:%d: the pack id must use "
		    "a-z, 0-9, '-' and '_'", path, e->line);
		goto out;
	}
	e = ini_find(p->ini, "pack", "version");
	if (!pack_version_ok(p->version)) {
		r = err_set(cause, ERR_INVALID, "%s:%d: the version must be "
		    "numbers and dots, like 1.2.0", path, e->line);
		goto out;
	}
	if ((r = pack_list(p->ini, "pack", "languages", &langs, &nlangs,
	    pack_lang_ok, cause)) != ERR_OK ||
	    (r = pack_list(p->ini, "pack", "unreviewed", &unrev, &nunrev,
	    pack_lang_ok, cause)) != ERR_OK)
		goto out;
	if (nlangs == 0) {
		r = err_set(cause, ERR_INVALID, "%s:1: [pack] needs "
		    "'languages'", path);
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
	if ((r = pack_lang_names(p, cause)) != ERR_OK)
		goto out;
	if (!pack_has_lang(p, p->default_lang)) {
		e = ini_find(p->ini, "pack", "default_language");
		r = err_set(cause, ERR_INVALID, "%s:%d: the default language "
		    "'%s' is not among the languages", path, e->line,
		    p->default_lang);
		goto out;
	}
	if ((r = pack_list(p->ini, "pages", "order", &p->pages, &p->npages,
	    pack_id_ok, cause)) != ERR_OK ||
	    (r = pack_list(p->ini, "surveys", "order", &p->surveys,
	    &p->nsurveys, pack_id_ok, cause)) != ERR_OK ||
	    (r = pack_list(p->ini, "pages", "you_said_we_did", &p->said_did,
	    &p->nsaid_did, pack_id_ok, cause)) != ERR_OK ||
	    (r = pack_opt(p->ini, "surveys", "feedback", &p->feedback)) !=
	    ERR_OK ||
	    (r = pack_opt(p->ini, "surveys", "consent", &p->consent)) !=
	    ERR_OK ||
	    (r = pack_list(p->ini, "hub", "recipients", &p->recipients,
	    &p->nrecipients, NULL, cause)) != ERR_OK ||
	    (r = pack_opt(p->ini, "hub", "minisign_public_key",
	    &p->hub_pubkey)) != ERR_OK ||
	    (r = pack_int(p->ini, "kiosk", "idle_warning", 120, 5, 86400,
	    &p->idle_warning, cause)) != ERR_OK ||
	    (r = pack_int(p->ini, "kiosk", "idle_countdown", 30, 3, 3600,
	    &p->idle_countdown, cause)) != ERR_OK ||
	    (r = pack_int(p->ini, "kiosk", "results_threshold", 3, 0, 1000,
	    &p->results_threshold, cause)) != ERR_OK ||
	    (r = pack_opt(p->ini, "sessions", "consent",
	    &p->session_consent)) != ERR_OK ||
	    (r = pack_refs(p, "votable", 0, &p->votable, &p->nvotable,
	    cause)) != ERR_OK ||
	    (r = pack_refs(p, "results", 1, &p->results, &p->nresults,
	    cause)) != ERR_OK ||
	    (r = pack_tags(p, cause)) != ERR_OK)
		goto out;
	/* Every page named must exist in the default language. */
	for (i = 0; i <= p->npages + p->nsaid_did + 1; i++) {
		const char *id = i < p->npages ? p->pages[i] : i == p->npages ?
		    p->home : i <= p->npages + p->nsaid_did ?
		    p->said_did[i - p->npages - 1] : p->session_consent;
		int fb;

		if (id == NULL)		/* no [sessions] consent */
			continue;
		if (!pack_id_ok(id) ||
		    (pg = pack_page_path(p, p->default_lang, id, &fb)) == NULL) {
			e = ini_find(p->ini, i == p->npages ? "pack" :
			    i > p->npages + p->nsaid_did ? "sessions" : "pages",
			    i < p->npages ? "order" : i == p->npages ? "home" :
			    i > p->npages + p->nsaid_did ? "consent" :
			    "you_said_we_did");
			r = err_set(cause, ERR_NOTFOUND, "%s:%d: no page "
			    "pages/%s/%s.md", path, e != NULL ? e->line : 1,
			    p->default_lang, id);
			goto out;
		}
		free(pg);
		pg = NULL;
	}
	*out = p;
	p = NULL;
out:
	ini_free_list(&langs, nlangs);
	ini_free_list(&unrev, nunrev);
	free(pg);
	free(path);
	pack_free(&p);
	return r;
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

char *
pack_page_path(const struct pack *p, const char *lang, const char *id,
    int *fell_back)
{
	char *path = NULL;
	int i;

	if (fell_back != NULL)
		*fell_back = 0;
	if (!pack_id_ok(id))
		return NULL;
	for (i = 0; i < 2; i++) {
		const char *l = i == 0 ? lang : p->default_lang;

		if (l == NULL || !pack_lang_ok(l))
			continue;
		free(path);
		if (asprintf(&path, "%s/pages/%s/%s.md", p->dir, l, id) < 0)
			return NULL;
		if (pack_file_exists(path)) {
			if (fell_back != NULL)
				*fell_back = i == 1 && lang != NULL &&
				    strcmp(lang, p->default_lang) != 0;
			return path;
		}
	}
	free(path);
	return NULL;
}

/*
 * On a page [pages] you_said_we_did names, every table of two to four
 * columns is a "You said, we did" table (see pack.h).
 */
static void
pack_mark_said_did(const struct pack *p, const char *id, struct doc *d)
{
	size_t i;

	for (i = 0; i < p->nsaid_did; i++)
		if (strcmp(p->said_did[i], id) == 0)
			break;
	if (i == p->nsaid_did)
		return;
	for (i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == DOC_TABLE && d->blocks[i].cols >= 2 &&
		    d->blocks[i].cols <= 4)
			d->blocks[i].said_did = 1;
}

int
pack_page_load(const struct pack *p, const char *lang, const char *id,
    struct doc **out, int *fell_back, char **cause)
{
	char *path;
	int r;

	*out = NULL;
	if ((path = pack_page_path(p, lang, id, fell_back)) == NULL)
		return err_set(cause, ERR_NOTFOUND, "no page '%s'", id);
	r = doc_load(path, out, cause);
	if (r == ERR_OK)
		pack_mark_said_did(p, id, *out);
	free(path);
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
