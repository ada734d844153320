/*
 * A pack's forms by their one name. A survey lives in a folder
 * (surveys/<folder>/ or surveys/<folder>.xlsx) but is known everywhere
 * else (the submissions, the bundles, the hub, its exports and reports)
 * by its form id: form_id in its settings, else the folder's name. A
 * command given a name looks for that form id first, and takes a folder's
 * name only when no form has that id, saying which name counts.
 */
#include "content/pack.h"

#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/xlsform.h"

int
pack_form_find(const struct pack *p, const char *name, char **pathp,
    const char **surveyp, char **form_idp)
{
	struct xlsform *f = NULL;
	const char *id, *folder = NULL;
	char *path = NULL, *folder_path = NULL, *folder_form = NULL;
	size_t i;
	int r = ERR_NOTFOUND;

	*pathp = NULL;
	*surveyp = NULL;
	*form_idp = NULL;
	for (i = 0; i <= p->nsurveys; i++) {
		id = i < p->nsurveys ? p->surveys[i] : p->feedback;
		if (id == NULL || (path = pack_survey_path(p, id)) == NULL)
			continue;
		if (xlsform_load(path, &f, NULL, NULL) == 0 &&
		    strcmp(f->id, name) == 0) {
			if ((*form_idp = strdup(f->id)) == NULL) {
				r = ERR_NOMEM;
				goto out;
			}
			*pathp = path;
			*surveyp = id;
			path = NULL;
			r = ERR_OK;
			goto out;
		}
		/* The folder's name, kept in case no form has that id. */
		if (folder == NULL && strcmp(id, name) == 0) {
			folder = id;
			folder_path = path;
			path = NULL;
			if (f != NULL && (folder_form = strdup(f->id)) == NULL) {
				r = ERR_NOMEM;
				goto out;
			}
		}
		free(path);
		path = NULL;
		xlsform_free(&f);
	}
	if (folder != NULL) {
		*pathp = folder_path;
		*surveyp = folder;
		*form_idp = folder_form;
		folder_path = folder_form = NULL;
		r = ERR_OK;
	}
out:
	xlsform_free(&f);
	free(path);
	free(folder_path);
	free(folder_form);
	return r;
}
