/*
 * pack.ini reader; see ini.h. Every error names the file and line, and a
 * mistaken line is skipped so that the next mistakes are found too.
 */
#include "content/ini.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/diag.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/utf8.h"

#define INI_MAX_ENTRIES	1024

static int
ini_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

/* A key: a name, or a name and a language tag, "title[cy]". */
static int
ini_key_ok(const char *s, size_t len)
{
	const char *open = memchr(s, '[', len);
	size_t i, n;

	if (open == NULL)
		return ini_name_ok(s, len);
	n = (size_t)(open - s);
	if (!ini_name_ok(s, n) || s[len - 1] != ']' || len - n - 2 == 0 ||
	    len - n - 2 > 35)
		return 0;
	for (i = n + 1; i < len - 1; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static void
ini_trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
	    (*s)[*len - 1] == '\r'))
		(*len)--;
}

void
ini_free(struct ini **inip)
{
	struct ini *ini;
	size_t i;

	if (inip == NULL || (ini = *inip) == NULL)
		return;
	for (i = 0; i < ini->n; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
		free(ini->entries[i].value);
	}
	free(ini->entries);
	free(ini->path);
	free(ini);
	*inip = NULL;
}

/* Add section.key = value at line (the caller checked the names). */
static int
ini_add(struct ini *ini, const char *section, const char *k, size_t kl,
    const char *v, size_t vl, int line)
{
	struct ini_entry *e;

	e = array_grow(ini->entries, ini->n, sizeof *e);
	if (e == NULL)
		return ERR_NOMEM;
	ini->entries = e;
	e = &ini->entries[ini->n];
	e->section = strdup(section);
	e->key = strndup(k, kl);
	e->value = strndup(v, vl);
	e->line = line;
	ini->n++;
	if (e->section == NULL || e->key == NULL || e->value == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

/* The line of section.key (kl bytes) when it is set already, else 0. */
static int
ini_seen(const struct ini *ini, const char *section, const char *k, size_t kl)
{
	size_t i;

	/* The key first: most entries share a section. */
	for (i = 0; i < ini->n; i++)
		if ((kl == 0 || ini->entries[i].key[0] == k[0]) &&
		    strlen(ini->entries[i].key) == kl &&
		    memcmp(ini->entries[i].key, k, kl) == 0 &&
		    strcmp(ini->entries[i].section, section) == 0)
			return ini->entries[i].line;
	return 0;
}

/*
 * One line (ll bytes at k, trimmed): a section, a setting, or a mistake
 * added to d. *section is the current section.
 */
static int
ini_line(struct ini *ini, char **section, const char *k, size_t ll,
    int line, struct diags *d)
{
	const char *v, *eq;
	size_t kl, vl;
	int seen;

	if (*k == '[') {
		if (k[ll - 1] != ']' || !ini_name_ok(k + 1, ll - 2))
			return diags_add(d, DIAG_ERROR, ERR_PARSE, ini->path,
			    (unsigned)line, "a section is [name], with "
			    "letters, digits, '_', '.' or '-'");
		free(*section);
		if ((*section = strndup(k + 1, ll - 2)) == NULL)
			return ERR_NOMEM;
		return ERR_OK;
	}
	if ((eq = memchr(k, '=', ll)) == NULL)
		return diags_add(d, DIAG_ERROR, ERR_PARSE, ini->path,
		    (unsigned)line, "expected 'key = value' or '[section]'");
	kl = (size_t)(eq - k);
	v = eq + 1;
	vl = ll - kl - 1;
	ini_trim(&k, &kl);
	ini_trim(&v, &vl);
	if (!ini_key_ok(k, kl))
		return diags_add(d, DIAG_ERROR, ERR_PARSE, ini->path,
		    (unsigned)line, "bad key name '%.*s'",
		    (int)(kl > 40 ? 40 : kl), k);
	if ((seen = ini_seen(ini, *section, k, kl)) != 0)
		return diags_add(d, DIAG_ERROR, ERR_PARSE, ini->path,
		    (unsigned)line, "'%.*s' is already set on line %d",
		    (int)kl, k, seen);
	if (ini->n >= INI_MAX_ENTRIES)
		return diags_add(d, DIAG_ERROR, ERR_LIMIT, ini->path,
		    (unsigned)line, "too many entries");
	return ini_add(ini, *section, k, kl, v, vl, line);
}

int
ini_parse_diags(const char *path, const char *text, size_t len,
    struct ini **out, struct diags *d)
{
	struct ini *ini = NULL;
	char *section = NULL;
	const char *p = text, *end = text + len, *nl, *k;
	size_t ll;
	int line = 0, r = ERR_OK;

	*out = NULL;
	if (len > INI_MAX_SIZE)
		return diags_add(d, DIAG_ERROR, ERR_LIMIT, path, 0,
		    "larger than %d bytes", INI_MAX_SIZE);
	if ((ini = calloc(1, sizeof *ini)) == NULL ||
	    (ini->path = strdup(path)) == NULL ||
	    (section = strdup("")) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	/* A UTF-8 byte order mark is allowed at the start. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		ll = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		k = p;
		p = nl != NULL ? nl + 1 : end;
		if (!utf8_valid(k, ll)) {
			diags_add(d, DIAG_ERROR, ERR_PARSE, path,
			    (unsigned)line, "not valid UTF-8 text");
			continue;
		}
		ini_trim(&k, &ll);
		if (ll == 0 || *k == ';' || *k == '#')
			continue;
		if ((r = ini_line(ini, &section, k, ll, line, d)) == ERR_NOMEM)
			goto out;
		/* Past the bound, the rest of the file is not read. */
		if (r == ERR_LIMIT)
			break;
		r = ERR_OK;
	}
	*out = ini;
	ini = NULL;
out:
	free(section);
	ini_free(&ini);
	return r;
}

int
ini_parse(const char *path, const char *text, size_t len, struct ini **out,
    char **cause)
{
	struct diags d = DIAGS_INIT;
	int r;

	*out = NULL;
	r = ini_parse_diags(path, text, len, out, &d);
	if (r != ERR_NOMEM && d.nerrors > 0)
		r = diags_first_error(&d, cause);
	if (r != ERR_OK)
		ini_free(out);
	diags_clear(&d);
	return r;
}

int
ini_load_diags(const char *path, struct ini **out, struct diags *d)
{
	char *text = NULL, *cause = NULL;
	size_t len;
	int r;

	*out = NULL;
	r = file_read(path, INI_MAX_SIZE, &text, &len, &cause);
	if (r == ERR_OK)
		r = ini_parse_diags(path, text, len, out, d);
	else if (r != ERR_NOMEM)
		diags_add(d, DIAG_ERROR, r, NULL, 0, "%s", cause != NULL ?
		    cause : err_str(r));
	free(cause);
	free(text);
	return r;
}

int
ini_load(const char *path, struct ini **out, char **cause)
{
	char *text = NULL;
	size_t len;
	int r;

	*out = NULL;
	r = file_read(path, INI_MAX_SIZE, &text, &len, cause);
	if (r == ERR_OK)
		r = ini_parse(path, text, len, out, cause);
	free(text);
	return r;
}

const struct ini_entry *
ini_find(const struct ini *ini, const char *section, const char *key)
{
	size_t i;

	/* The key first: most entries share a section. */
	for (i = 0; i < ini->n; i++)
		if (ini->entries[i].key[0] == key[0] &&
		    strcmp(ini->entries[i].key, key) == 0 &&
		    strcmp(ini->entries[i].section, section) == 0)
			return &ini->entries[i];
	return NULL;
}

const char *
ini_get(const struct ini *ini, const char *section, const char *key)
{
	const struct ini_entry *e = ini_find(ini, section, key);

	return e != NULL ? e->value : NULL;
}

void
ini_free_list(char ***itemsp, size_t n)
{
	size_t i;

	if (itemsp == NULL || *itemsp == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*itemsp)[i]);
	free(*itemsp);
	*itemsp = NULL;
}

int
ini_split_list(const char *value, size_t max, char ***itemsp, size_t *np)
{
	char **items = NULL, **ni;
	const char *p = value, *c, *s;
	size_t n = 0, len;
	int r = ERR_OK;

	*itemsp = NULL;
	*np = 0;
	while (*p != '\0') {
		c = strchr(p, ',');
		len = c != NULL ? (size_t)(c - p) : strlen(p);
		s = p;
		p = c != NULL ? c + 1 : p + len;
		ini_trim(&s, &len);
		if (len == 0)
			continue;
		if (n >= max) {
			r = ERR_LIMIT;
			goto out;
		}
		if ((ni = realloc(items, (n + 1) * sizeof *items)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		items = ni;
		if ((items[n] = strndup(s, len)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		n++;
	}
	*itemsp = items;
	*np = n;
	items = NULL;
	n = 0;
out:
	ini_free_list(&items, n);
	return r;
}
