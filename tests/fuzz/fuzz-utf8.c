/*
 * Fuzz the UTF-8 module (content/utf8.h) and plain-text layout with any
 * bytes: what a page, a label or another device may send.
 *
 * The first byte picks the mode (a UTF-8 terminal or the ASCII console,
 * newlines kept or not) and a width; the rest is the text. Checked for
 * every input: sanitised text is valid UTF-8 without controls, clusters
 * and fits stay inside the string and the width, break opportunities never
 * fall inside a character, and a layout's lines fit their width.
 *
 * FUZZ_OPTIONS: -max_len=4096
 */
#include <locale.h>

#include "content/err.h"
#include "content/layout.h"
#include "content/utf8.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static void
fuzz_utf8_clean(const char *clean, int keep_newlines, int utf8)
{
	size_t len = strlen(clean), i;

	FUZZ_CHECK(utf8_valid(clean, len), "sanitised text is valid UTF-8");
	FUZZ_CHECK(!fuzz_has_control(clean, len, keep_newlines),
	    "sanitised text has no controls");
	if (!utf8)
		for (i = 0; i < len; i++)
			FUZZ_CHECK((unsigned char)clean[i] < 0x80,
			    "ASCII mode gives ASCII at byte %zu", i);
}

static void
fuzz_utf8_measure(const char *s, size_t len, size_t width)
{
	char *brk;
	size_t i, n, fit, used;
	int w;

	for (i = 0; i < len; i += n) {
		n = utf8_cluster(s + i, len - i, &w);
		FUZZ_CHECK(n >= 1 && n <= len - i,
		    "cluster at %zu has %zu bytes", i, n);
		FUZZ_CHECK(w >= 0, "cluster width %d", w);
	}
	fit = utf8_fit(s, len, width, &used);
	FUZZ_CHECK(fit <= len && used <= width, "fit %zu of %zu, %zu of %zu "
	    "columns", fit, len, used, width);
	FUZZ_CHECK(utf8_nwidth(s, fit) == used, "fit's width is its text's");
	FUZZ_CHECK(utf8_count(s, len) <= len, "count");
	if ((brk = malloc(len + 1)) == NULL)
		abort();
	FUZZ_CHECK(utf8_breaks(s, len, brk) == ERR_OK, "breaks");
	for (i = 0; i < len; i++) {
		FUZZ_CHECK(brk[i] >= 0 && brk[i] <= 2, "break kind %d", brk[i]);
		if (i == 0)
			FUZZ_CHECK(brk[0] == 0, "no break before the text");
		if (brk[i] != 0)
			FUZZ_CHECK(((unsigned char)s[i] & 0xc0) != 0x80,
			    "break inside a character at %zu", i);
	}
	free(brk);
}

static void
fuzz_utf8_layout(const char *s, size_t width)
{
	struct layout *l = NULL;
	size_t i;

	if (layout_text(s, 0, width, &l) != ERR_OK)
		return;
	for (i = 0; i < l->n; i++) {
		FUZZ_CHECK(strlen(l->lines[i].text) == l->lines[i].len,
		    "line %zu length", i);
		FUZZ_CHECK(fuzz_line_fits(l->lines[i].text, l->lines[i].len,
		    width), "line %zu is %zu columns, more than %zu", i,
		    utf8_width(l->lines[i].text), width);
	}
	layout_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	char *raw, *clean, *fold;
	size_t len, width;
	int keep_newlines, utf8;

	if (size < 1)
		return 0;
	utf8 = !(data[0] & 0x80);
	keep_newlines = (data[0] & 0x40) != 0;
	width = (size_t)(data[0] & 0x3f) + 1;
	s = (const char *)data + 1;
	len = size - 1;
	utf8_set_locale_ok(utf8);

	/* Raw bytes first: these functions must cope with anything. */
	(void)utf8_valid(s, len);
	(void)utf8_count(s, len);
	raw = fuzz_strndup(data + 1, len);
	if ((fold = utf8_fold(raw)) != NULL)
		free(fold);
	free(raw);

	if ((clean = utf8_sanitize(s, len, keep_newlines)) == NULL)
		abort();
	fuzz_utf8_clean(clean, keep_newlines, utf8);
	fuzz_utf8_measure(clean, strlen(clean), width);
	fuzz_utf8_layout(clean, width);
	if ((fold = utf8_fold(clean)) != NULL) {
		FUZZ_CHECK(utf8_valid(fold, strlen(fold)),
		    "folded text is valid UTF-8");
		free(fold);
	}
	free(clean);
	return 0;
}
