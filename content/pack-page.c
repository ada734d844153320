/*
 * The pages of a content pack: where a page is in a language (falling back
 * to the default language), and loading it; see pack.h.
 */
#include "content/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/err.h"

static int
pack_page_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
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
		if (pack_page_exists(path)) {
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

