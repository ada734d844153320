/*
 * Fuzz the pack.ini reader (content/ini.h) with any text.
 *
 * Checked for every file it accepts: names are what the grammar allows
 * (a key may end in a language tag, "title[cy]"), values are valid UTF-8
 * on one line, no key is set twice in a section, lookups find what was
 * parsed, and comma lists split into trimmed, non-empty items. A refused
 * file always comes with a cause, and reading it with ini_parse_diags()
 * finds that same mistake first, with every line it kept in order.
 *
 * FUZZ_OPTIONS: -max_len=4096
 */
#include "content/diag.h"
#include "content/err.h"
#include "content/ini.h"
#include "content/utf8.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static int
fuzz_ini_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return 0;
	return i > 0;
}

/* A key: a name, or a name and a language tag in brackets. */
static int
fuzz_ini_key_ok(const char *s)
{
	const char *open = strchr(s, '[');
	char name[80];
	size_t i, n;

	if (open == NULL)
		return fuzz_ini_name_ok(s);
	n = (size_t)(open - s);
	if (n == 0 || n >= sizeof name)
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	if (!fuzz_ini_name_ok(name) || s[strlen(s) - 1] != ']' ||
	    strlen(open) < 3)
		return 0;
	for (i = 1; open[i + 1] != '\0'; i++)
		if (!((open[i] >= 'a' && open[i] <= 'z') || (open[i] >= 'A' &&
		    open[i] <= 'Z') || (open[i] >= '0' && open[i] <= '9') ||
		    open[i] == '-'))
			return 0;
	return 1;
}

/* The lenient reader agrees with the strict one. */
static void
fuzz_ini_diags(const uint8_t *data, size_t size, const char *cause)
{
	struct diags d = DIAGS_INIT;
	struct ini *ini = NULL;
	char *first = NULL;
	size_t i;
	int r, last = 0;

	r = ini_parse_diags("fuzz.ini", (const char *)data, size, &ini, &d);
	FUZZ_CHECK(r == ERR_OK || r == ERR_LIMIT || r == ERR_NOMEM,
	    "lenient: %d", r);
	diags_first_error(&d, &first);
	FUZZ_CHECK((cause == NULL) == (first == NULL) && (cause == NULL ||
	    strcmp(cause, first) == 0), "the same first mistake: %s / %s",
	    cause != NULL ? cause : "(none)", first != NULL ? first : "(none)");
	for (i = 0; ini != NULL && i < ini->n; i++) {
		FUZZ_CHECK(ini->entries[i].line > last, "kept lines ascend");
		last = ini->entries[i].line;
	}
	free(first);
	ini_free(&ini);
	diags_clear(&d);
}

static void
fuzz_ini_list(const char *value)
{
	char **items = NULL;
	size_t n = 0, i, len;
	int r;

	r = ini_split_list(value, 8, &items, &n);
	FUZZ_CHECK(r == ERR_OK || r == ERR_LIMIT, "split: %d", r);
	FUZZ_CHECK(r == ERR_OK || (items == NULL && n == 0),
	    "nothing on error");
	for (i = 0; i < n; i++) {
		len = strlen(items[i]);
		FUZZ_CHECK(len > 0 && strchr(items[i], ',') == NULL,
		    "item %zu is non-empty without a comma", i);
		FUZZ_CHECK(items[i][0] != ' ' && items[i][len - 1] != ' ',
		    "item %zu is trimmed", i);
	}
	ini_free_list(&items, n);
	FUZZ_CHECK(items == NULL, "free clears the pointer");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ini *ini = NULL;
	const struct ini_entry *e;
	char *cause = NULL;
	size_t i;
	int r, last = 0;

	r = ini_parse("fuzz.ini", (const char *)data, size, &ini, &cause);
	fuzz_ini_diags(data, size, cause);
	if (r != ERR_OK) {
		FUZZ_CHECK(ini == NULL, "no output on error");
		FUZZ_CHECK(cause != NULL && strncmp(cause, "fuzz.ini:", 9) == 0,
		    "the cause names the file: %s", cause ? cause : "(null)");
		free(cause);
		return 0;
	}
	FUZZ_CHECK(cause == NULL, "no cause on success");
	for (i = 0; i < ini->n; i++) {
		e = &ini->entries[i];
		FUZZ_CHECK(e->section[0] == '\0' ||
		    fuzz_ini_name_ok(e->section), "section name '%s'",
		    e->section);
		FUZZ_CHECK(fuzz_ini_key_ok(e->key), "key name '%s'", e->key);
		FUZZ_CHECK(utf8_valid(e->value, strlen(e->value)) &&
		    strchr(e->value, '\n') == NULL, "value on one line");
		FUZZ_CHECK(e->line > last, "lines ascend");
		last = e->line;
		FUZZ_CHECK(ini_find(ini, e->section, e->key) == e,
		    "[%s] %s is found, and only once", e->section, e->key);
		fuzz_ini_list(e->value);
	}
	ini_free(&ini);
	FUZZ_CHECK(ini == NULL, "free clears the pointer");
	return 0;
}
