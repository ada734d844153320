/*
 * A strict reader for the INI files of content packs (pack.ini).
 *
 *	; comment            # comment
 *	[section]
 *	key = value          (spaces around key and value are trimmed)
 *	key[cy] = value      the same setting in another language
 *
 * Keys and section names are [A-Za-z0-9_.-]+; a key may end in a language
 * tag in brackets ([A-Za-z0-9-]+, as in freedesktop.org .desktop files),
 * kept as part of the key ("title[cy]"). Values are UTF-8 text on one
 * line. Anything else is an error reported as "file:line: reason", and so
 * is a key given twice in one section. The file is bounded (ERR_LIMIT).
 */
#ifndef OUTREACH_INI_H
#define OUTREACH_INI_H

#include <stddef.h>

#include "content/diag.h"

#define INI_MAX_SIZE	(256 * 1024)

struct ini_entry {
	char	*section;
	char	*key;
	char	*value;
	int	 line;
};

struct ini {
	char			*path;		/* for messages */
	struct ini_entry	*entries;
	size_t			 n;
};

/* Parse text (len bytes) named path in messages. Caller frees *out. */
int	ini_parse(const char *path, const char *text, size_t len,
	    struct ini **out, char **cause);
/* Read and parse a file. */
int	ini_load(const char *path, struct ini **out, char **cause);

/*
 * The same, adding every mistake to d and skipping its line, so that one
 * run finds them all. *out holds what could be read (Caller frees); the
 * return is an error only when nothing could (no file, too large, memory).
 */
int	ini_parse_diags(const char *path, const char *text, size_t len,
	    struct ini **out, struct diags *d);
int	ini_load_diags(const char *path, struct ini **out, struct diags *d);
void	ini_free(struct ini **ini);

/* The value of section.key, or NULL. */
const char *ini_get(const struct ini *ini, const char *section,
	    const char *key);
/* The entry of section.key (for its line number), or NULL. */
const struct ini_entry *ini_find(const struct ini *ini, const char *section,
	    const char *key);

/*
 * Split a comma-separated list into trimmed, non-empty items (Caller frees
 * the array and each item; *n gets the count). ERR_LIMIT past max items.
 */
int	ini_split_list(const char *value, size_t max, char ***items, size_t *n);
void	ini_free_list(char ***items, size_t n);

#endif
