/*
 * The forms a hub checks submissions against (the check itself is in
 * sync/hub-check.c).
 *
 * A hub loads the surveys of one or more content packs (`--pack DIR`,
 * repeatable, so that answers to an older version of a form can still be
 * imported next to the newest). hub_forms_find gives the form of a
 * submission's id and version; a pack's contact form is known as such.
 */
#include "sync/hub-int.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/xlsform.h"

#define HUB_MAX_FORMS	1024

struct hub_forms {
	struct xlsform	**v;
	char		**folder;	/* its survey's folder in a pack */
	size_t		  n;
	struct pack	**packs;	/* the packs they came from */
	size_t		  npacks;
	uint64_t	  serial;	/* hub_forms_serial */
};

int
hub_forms_new(struct hub_forms **fp)
{
	static atomic_uint_fast64_t serials;

	if ((*fp = calloc(1, sizeof **fp)) == NULL)
		return ERR_NOMEM;
	(*fp)->serial = (uint64_t)atomic_fetch_add(&serials, 1) + 1;
	return ERR_OK;
}

uint64_t
hub_forms_serial(const struct hub_forms *f)
{
	return f->serial;
}

void
hub_forms_free(struct hub_forms **fp)
{
	struct hub_forms *f = *fp;
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		xlsform_free(&f->v[i]);
		free(f->folder[i]);
	}
	free(f->v);
	free(f->folder);
	for (i = 0; i < f->npacks; i++)
		pack_free(&f->packs[i]);
	free(f->packs);
	free(f);
	*fp = NULL;
}

int
hub_forms_add_form(struct hub_forms *f, const char *path, const char *folder,
    char **cause)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct xlsform *form = NULL, **v;
	char **fv, *name;
	int r;

	if (f->n >= HUB_MAX_FORMS)
		return err_set(cause, ERR_LIMIT, "more than %d forms",
		    HUB_MAX_FORMS);
	if ((r = xlsform_load(path, &form, &errs, cause)) != 0) {
		if (errs.n > 0)
			err_set(cause, r, "%s: %s", path, errs.v[0].msg);
		xlsform_errors_clear(&errs);
		return r;
	}
	if ((name = strdup(folder)) == NULL ||
	    (v = reallocarray(f->v, f->n + 1, sizeof *v)) == NULL) {
		free(name);
		xlsform_free(&form);
		return ERR_NOMEM;
	}
	f->v = v;
	if ((fv = reallocarray(f->folder, f->n + 1, sizeof *fv)) == NULL) {
		free(name);
		xlsform_free(&form);
		return ERR_NOMEM;
	}
	f->folder = fv;
	f->folder[f->n] = name;
	f->v[f->n++] = form;
	return ERR_OK;
}

int
hub_forms_add_pack(struct hub_forms *f, const char *dir, char **cause)
{
	struct pack *p = NULL, **pv;
	char *path;
	size_t i;
	int r;

	if ((r = pack_load(dir, &p, cause)) != 0)
		return r;
	if (f->npacks >= HUB_MAX_FORMS) {
		pack_free(&p);
		return err_set(cause, ERR_LIMIT, "more than %d packs",
		    HUB_MAX_FORMS);
	}
	/* Its surveys, its feedback form, its contact form. */
	for (i = 0; i <= p->nsurveys + 1 && r == 0; i++) {
		const char *id = i < p->nsurveys ? p->surveys[i] :
		    i == p->nsurveys ? p->feedback : p->contact;

		if (id == NULL)
			continue;
		if ((path = pack_survey_path(p, id)) == NULL) {
			r = err_set(cause, ERR_NOTFOUND, "%s: no survey %s",
			    dir, id);
			break;
		}
		r = hub_forms_add_form(f, path, id, cause);
		free(path);
	}
	/* Kept for what the forms do not hold: texts such as tag labels. */
	if (r == 0 && (pv = reallocarray(f->packs, f->npacks + 1,
	    sizeof *pv)) != NULL) {
		f->packs = pv;
		f->packs[f->npacks++] = p;
		p = NULL;
	} else if (r == 0)
		r = ERR_NOMEM;
	pack_free(&p);
	return r;
}

int
hub_forms_is_contact(const struct hub_forms *f, const struct xlsform *form)
{
	size_t i, k;

	for (i = 0; i < f->n; i++)
		if (f->v[i] == form)
			for (k = 0; k < f->npacks; k++)
				if (f->packs[k]->contact != NULL &&
				    strcmp(f->packs[k]->contact,
				    f->folder[i]) == 0)
					return 1;
	return 0;
}

const struct xlsform *
hub_forms_find(const struct hub_forms *f, const char *id, const char *version)
{
	size_t i;

	for (i = f->n; i-- > 0;) {
		if (strcmp(f->v[i]->id, id) != 0)
			continue;
		if (version == NULL)
			return f->v[i];
		if (strcmp(f->v[i]->version != NULL ? f->v[i]->version : "",
		    version) == 0)
			return f->v[i];
	}
	return NULL;
}

const struct pack *
hub_forms_pack(const struct hub_forms *f, const char *id, const char *version)
{
	size_t i;

	for (i = f->npacks; id != NULL && i-- > 0;)
		if (strcmp(f->packs[i]->id, id) == 0 && (version == NULL ||
		    strcmp(f->packs[i]->version, version) == 0))
			return f->packs[i];
	return NULL;
}

const char *
hub_forms_name(const struct hub_forms *f, const char *name)
{
	size_t i;

	if (hub_forms_find(f, name, NULL) != NULL)
		return name;
	for (i = f->n; i-- > 0;)
		if (strcmp(f->folder[i], name) == 0)
			return f->v[i]->id;
	return NULL;
}

size_t
hub_forms_count(const struct hub_forms *f)
{
	return f->n;
}

const struct xlsform *
hub_forms_get(const struct hub_forms *f, size_t i)
{
	return i < f->n ? f->v[i] : NULL;
}
