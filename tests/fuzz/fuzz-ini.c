/*
 * Fuzz the pack.ini reader (content/ini.h) with any text.
 *
 * Checked for every file it accepts: names are what the grammar allows,
 * values are valid UTF-8 on one line, no key is set twice in a section,
 * lookups find what was parsed, and comma lists split into trimmed,
 * non-empty items. A refused file always comes with a cause.
 *
 * FUZZ_OPTIONS: -max_len=4096
 */
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
		FUZZ_CHECK(fuzz_ini_name_ok(e->key), "key name '%s'", e->key);
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
