/*
 * `hub export FORM --layout central`: the CSV that ODK Central's export
 * writes for the same form (Central's lib/data/briefcase.js), so that a
 * spreadsheet, a Power BI model or R's ruODK built on Central's exports
 * reads ours unchanged. Columns, in order, and what each holds here:
 *
 *   SubmissionDate       when the hub imported the bundle that brought the
 *                        submission (Central: when the server received
 *                        it), ISO 8601 UTC with milliseconds
 *   <field>              one column per field of the form, in form order,
 *                        named by its path: group names and its own joined
 *                        by '-' ("g_access-agree_waiting"); notes too (always
 *                        empty, as in Central), calculations, start, end...
 *   <field>/<choice>     with --split-select-multiples, after a
 *                        select_multiple: 1 when chosen, else 0 (Central
 *                        writes a column per value seen in submissions;
 *                        here one per choice of the form, in its order)
 *   meta-instanceID      "uuid:" and the submission's id, as ODK Collect
 *                        writes an instanceID; pyxform puts the meta group
 *                        last, so it comes after every field
 *   KEY                  the same ("uuid:..."), Central's row key
 *   SubmitterID          empty: a kiosk has no user accounts (Central: the
 *   SubmitterName        id and name of the app or web user)
 *   AttachmentsPresent   0: these forms take no files (as in Central for
 *   AttachmentsExpected  such forms)
 *   Status               empty (Central: empty unless it could not decrypt)
 *   ReviewState          empty: the hub has no review (Central: empty until
 *                        someone reviews)
 *   DeviceID             the laptop's device key id (Central: the deviceid
 *                        that ODK Collect reports)
 *   Edits                0: the hub never edits a submission
 *   FormVersion          the form version the answers were given to
 *
 * Like Central: the newest submission first, LF line ends, no BOM unless
 * --bom, values as the submission holds them (select_multiple space
 * separated). Unlike Central: a field starting with = + - @, a tab or a CR
 * gets an apostrophe (but a number in a numeric column), as in every
 * export of the hub.
 *
 * The table is one call of hx_table_write() with the columns built here.
 * Forms have no repeats (survey check refuses them), so there is no repeat
 * table (Central's zip would hold one per repeat, with PARENT_KEY and KEY).
 */
#include "sync/hubexport-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"

/* Central's columns after the fields, and what fills them. */
static const struct {
	const char	*name;
	enum hx_kind	 kind;
} hx_central_tail[] = {
	{ "meta-instanceID", HX_C_INSTANCE },
	{ "KEY", HX_C_INSTANCE },
	{ "SubmitterID", HX_C_EMPTY },
	{ "SubmitterName", HX_C_EMPTY },
	{ "AttachmentsPresent", HX_C_ZERO },
	{ "AttachmentsExpected", HX_C_ZERO },
	{ "Status", HX_C_EMPTY },
	{ "ReviewState", HX_C_EMPTY },
	{ "DeviceID", HX_C_DEVICE },
	{ "Edits", HX_C_ZERO },
	{ "FormVersion", HX_C_VERSION },
	{ NULL, 0 }
};

/* One field's column(s): its value, and split choices when asked. */
static int
hx_central_field(struct hx *x, struct hx_table *t,
    const struct xlsform_question *q)
{
	const struct xlsform_list *list;
	char *path, *h;
	size_t k;
	int r;

	if ((path = hx_path(x->f, q)) == NULL)
		return ERR_NOMEM;
	r = hx_add(t, HX_ANSWER, NULL, q, NULL, path, NULL);
	list = x->o->split && q->type == XLSFORM_SELECT_MULTIPLE ?
	    xlsform_list_of(x->f, q) : NULL;
	for (k = 0; r == 0 && list != NULL && k < list->nchoices; k++) {
		if (asprintf(&h, "%s/%s", path, list->choices[k].name) == -1) {
			r = ERR_NOMEM;
			break;
		}
		r = hx_add(t, HX_C_CHOICE, NULL, q, &list->choices[k], h, NULL);
		free(h);
	}
	free(path);
	return r;
}

int
hx_central_columns(struct hx *x)
{
	const struct xlsform_question *q;
	size_t i;
	int r;

	if ((r = hx_add(&x->main, HX_C_DATE, NULL, NULL, NULL,
	    "SubmissionDate", NULL)) != 0)
		return r;
	/* Every field of the instance: groups only name their fields. */
	for (i = 0; i < x->f->nquestions; i++) {
		q = &x->f->questions[i];
		if (q->type == XLSFORM_BEGIN_GROUP ||
		    q->type == XLSFORM_END_GROUP || q->name == NULL)
			continue;
		if ((r = hx_central_field(x, &x->main, q)) != 0)
			return r;
	}
	for (i = 0; hx_central_tail[i].name != NULL; i++)
		if ((r = hx_add(&x->main, hx_central_tail[i].kind, NULL, NULL,
		    NULL, hx_central_tail[i].name, NULL)) != 0)
			return r;
	return ERR_OK;
}

static const char *
hx_central_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

void
hx_central_cell(const struct hx *x, const struct hx_col *c,
    const struct hx_rec *rec, struct buf *b)
{
	const char *v;
	char when[32];
	struct tm tm;
	time_t t;

	(void)x;
	switch (c->kind) {
	case HX_C_DATE:
		t = (time_t)rec->imported;
		if (rec->imported >= 0 && gmtime_r(&t, &tm) != NULL &&
		    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S.000Z",
		    &tm) > 0)
			buf_addstr(b, when);
		return;
	case HX_C_INSTANCE:
		/* An id the hub stored is a UUID: nothing to quote. */
		if ((v = hx_central_str(rec->root, "id")) != NULL) {
			buf_addstr(b, "uuid:");
			hx_csv_field(b, v, 0);
		}
		return;
	case HX_C_CHOICE:
		v = hx_central_str(rec->answers, c->q->name);
		buf_addch(b, v != NULL && survey_has_token(v, c->c->name) ?
		    '1' : '0');
		return;
	case HX_C_ZERO:
		buf_addch(b, '0');
		return;
	case HX_C_DEVICE:
		hx_csv_field(b, hx_central_str(rec->root, "device"), 0);
		return;
	case HX_C_VERSION:
		hx_csv_field(b, hx_central_str(json_object_get(rec->root,
		    "form"), "version"), 0);
		return;
	case HX_C_PARENT_KEY:
		hx_csv_field(b, rec->parent_key, 0);
		return;
	case HX_C_KEY:
		hx_csv_field(b, rec->key, 0);
		return;
	default:
		return;		/* HX_C_EMPTY */
	}
}
