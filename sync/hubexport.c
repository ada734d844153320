/*
 * `outreach hub export FORM`: every stored response to a form as CSV (one
 * row per submission, one column per question) or as JSON lines.
 *
 * The CSV, by default, is the hub's own layout, close to what ODK Central
 * and KoboToolbox export so that a data team's habits carry over:
 *   - metadata columns first (id, submitted, started, device, form_version,
 *     kind, language, pack, pack_version, session_venue, session_group,
 *     session_facilitator, session_date), then one column per question in
 *     form order (groups and notes have none; calculations and metadata
 *     do), headed by its name with its groups' names before it, joined by
 *     '-' as ODK Central names them ("g_access-agree_waiting");
 *   - a select_multiple question is one column with the space-separated
 *     choices and then one 0/1 column per choice, headed "name/choice"
 *     (empty when the question was not answered);
 *   - with --labels LANG, chosen values are the labels in that language
 *     (several joined by "; "), and a second header row gives each
 *     column's label; --header labels puts the labels in the only header
 *     row instead, --header names keeps only the names;
 *   - a repeat's answers are in a table of their own, as ODK Central
 *     exports them: one row per instance, the repeat's questions, then
 *     PARENT_KEY and KEY; the main table of a form with repeats ends with
 *     KEY, "uuid:<id>", and an instance's KEY is its parent's KEY, "/",
 *     the repeat's path from there ("household/member[2]"), so the
 *     tables join on them; a repeat table's columns are named by their
 *     path inside the repeat (hub_export_opts.repeat chooses the table).
 * It is UTF-8 (optionally with a BOM, which Excel needs to see UTF-8),
 * quoted as RFC 4180 says, with CRLF line ends. Every field that starts
 * with = + - @, a tab or a CR gets a leading apostrophe, so that a
 * spreadsheet shows it instead of running it as a formula, unless it is a
 * plain number in a numeric column (an integer, decimal or range answer,
 * a count): a calculation's value, a label, metadata, a header are all
 * guarded. To a terminal, control characters are replaced (utf8_sanitize)
 * and lines end with LF.
 *
 * --layout central writes what ODK Central's CSV export writes for the same
 * form (hubexport-central.c says which column holds what).
 *
 * JSON lines are the stored submissions themselves, one compact object per
 * line, oldest first.
 *
 * The co-production kinds have no form (sync/session.h): "notes" exports
 * point, tag, tag_label and theme after the metadata; "tally" is long
 * ("tidy"), one row per choice counted, with form, question, type, mode,
 * voters, choice and count, so that tallies of different questions share
 * one sheet and sum with a pivot table. With --labels LANG, a note's
 * tag_label is the label of its tag in that language in the session's
 * pack, and a tally gains question_label and choice_label from the form.
 */
#include "sync/hubexport-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "sync/session.h"

static const char *const hx_meta[] = {
	"id", "submitted", "started", "device", "form_version", "kind",
	"language", "pack", "pack_version", "session_venue", "session_group",
	"session_facilitator", "session_date", NULL
};

int
hx_add(struct hx_table *t, enum hx_kind kind, const char *meta,
    const struct xlsform_question *q, const struct xlsform_choice *c,
    const char *header, const char *label)
{
	struct hx_col *v;

	if ((v = reallocarray(t->cols, t->n + 1, sizeof *v)) == NULL)
		return ERR_NOMEM;
	t->cols = v;
	v = &t->cols[t->n];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->meta = meta;
	v->q = q;
	v->c = c;
	if ((v->header = strdup(header)) == NULL ||
	    (label != NULL && (v->label = strdup(label)) == NULL)) {
		free(v->header);
		return ERR_NOMEM;
	}
	t->n++;
	return ERR_OK;
}

void
hx_table_free(struct hx_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->cols[i].header);
		free(t->cols[i].label);
	}
	free(t->cols);
	memset(t, 0, sizeof *t);
}

char *
hx_path(const struct xlsform *f, const struct xlsform_question *q,
    size_t stop, char sep)
{
	const struct xlsform_question *g;
	struct buf b = BUF_INIT;
	size_t n = 0, i, k;
	char *out;

	for (g = q; g->parent != XLSFORM_NONE && g->parent != stop;
	    g = &f->questions[g->parent])
		n++;
	/* Outermost group first. */
	for (i = n + 1; i-- > 0;) {
		g = q;
		for (k = 0; k < i; k++)
			g = &f->questions[g->parent];
		if (b.len > 0)
			buf_addch(&b, sep);
		buf_addstr(&b, g->name != NULL ? g->name : "");
	}
	out = buf_detach(&b, NULL);
	buf_free(&b);
	return out;
}

/* A question's or choice's text in x->lang, or NULL without --labels. */
static const char *
hx_label(const struct hx *x, char *const *labels, const char *name)
{
	const char *l;

	if (x->lang == NULL)
		return NULL;
	l = xlsform_text(x->f, labels, x->lang);
	return l != NULL && *l != '\0' ? l : name;
}

int
hx_keys(struct hx *x)
{
	size_t i;
	int r;

	if (x->repeat != XLSFORM_NONE && (r = hx_add(&x->main,
	    HX_C_PARENT_KEY, NULL, NULL, NULL, "PARENT_KEY", NULL)) != 0)
		return r;
	/* KEY joins the tables: only a form with repeats has more than one. */
	for (i = 0; i < x->f->nquestions; i++)
		if (x->f->questions[i].repeat)
			return hx_add(&x->main, HX_C_KEY, NULL, NULL, NULL,
			    "KEY", NULL);
	return ERR_OK;
}

/* Our layout: metadata, then every question by its group path. */
static int
hx_columns(struct hx *x)
{
	const struct xlsform_question *q;
	const struct xlsform_list *list;
	const char *ql, *cl;
	char *path, *h = NULL, *l = NULL;
	size_t i, k;
	int r;

	for (i = 0; x->repeat == XLSFORM_NONE && hx_meta[i] != NULL; i++)
		if ((r = hx_add(&x->main, HX_META, hx_meta[i], NULL, NULL,
		    hx_meta[i], NULL)) != 0)
			return r;
	for (i = 0; i < x->f->nquestions; i++) {
		q = &x->f->questions[i];
		/* Each table has the questions of its own repeat. */
		if ((!xlsform_type_has_answer(q->type) &&
		    q->type != XLSFORM_CALCULATE && q->type != XLSFORM_META) ||
		    q->type == XLSFORM_NOTE || q->name == NULL ||
		    q->scope != x->repeat)
			continue;
		if ((path = hx_path(x->f, q, x->repeat, '-')) == NULL)
			return ERR_NOMEM;
		ql = hx_label(x, q->label, q->name);
		r = hx_add(&x->main, HX_ANSWER, NULL, q, NULL, path, ql);
		list = q->type == XLSFORM_SELECT_MULTIPLE ?
		    xlsform_list_of(x->f, q) : NULL;
		for (k = 0; r == 0 && list != NULL && k < list->nchoices; k++) {
			cl = hx_label(x, list->choices[k].label,
			    list->choices[k].name);
			/* Labelled by the choice: the question is next to it. */
			if (asprintf(&h, "%s/%s", path,
			    list->choices[k].name) == -1 || (cl != NULL &&
			    (l = strdup(cl)) == NULL)) {
				r = ERR_NOMEM;
				break;
			}
			r = hx_add(&x->main, HX_CHOICE, NULL, q,
			    &list->choices[k], h, l);
			free(h);
			free(l);
			h = l = NULL;
		}
		free(path);
		if (r != 0)
			return r;
	}
	return hx_keys(x);
}

/* The columns of notes or tally, which have no form of their own. */
static int
hx_columns_formless(struct hx *x)
{
	static const char *const notes[] = { "point", "tag", NULL };
	static const char *const tally[] = {
		"form", "question", "type", "mode", "voters", NULL
	};
	const char *const *k;
	size_t i;
	int r;

	for (i = 0; hx_meta[i] != NULL; i++)
		if ((r = hx_add(&x->main, HX_META, hx_meta[i], NULL, NULL,
		    hx_meta[i], NULL)) != 0)
			return r;
	for (k = x->tally ? tally : notes; *k != NULL; k++)
		if ((r = hx_add(&x->main, HX_KEY, *k, NULL, NULL, *k,
		    NULL)) != 0)
			return r;
	if (!x->tally)
		return (r = hx_add(&x->main, HX_TAG_LABEL, "tag_label", NULL,
		    NULL, "tag_label", NULL)) != 0 ? r : hx_add(&x->main,
		    HX_KEY, "theme", NULL, NULL, "theme", NULL);
	if ((x->lang != NULL && (r = hx_add(&x->main, HX_TALLY_QLABEL, NULL,
	    NULL, NULL, "question_label", NULL)) != 0) ||
	    (r = hx_add(&x->main, HX_TALLY_CHOICE, NULL, NULL, NULL, "choice",
	    NULL)) != 0 ||
	    (x->lang != NULL && (r = hx_add(&x->main, HX_TALLY_CLABEL, NULL,
	    NULL, NULL, "choice_label", NULL)) != 0) ||
	    (r = hx_add(&x->main, HX_TALLY_COUNT, NULL, NULL, NULL, "count",
	    NULL)) != 0)
		return r;
	return ERR_OK;
}

/* A plain decimal number: -?digits(.digits)? */
static int
hx_number(const char *s)
{
	size_t i = *s == '-' ? 1 : 0, digits = 0;

	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	return digits > 0 && s[i] == '\0';
}

void
hx_csv_field(struct buf *b, const char *s, int numeric)
{
	const char *p;
	int quote = 0;

	if (s == NULL)
		s = "";
	for (p = s; *p != '\0'; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	if (*s == ' ' || (*s != '\0' && s[strlen(s) - 1] == ' '))
		quote = 1;
	if (quote)
		buf_addch(b, '"');
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL &&
	    !(numeric && hx_number(s)))
		buf_addch(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_addch(b, '"');
		buf_addch(b, *p);
	}
	if (quote)
		buf_addch(b, '"');
}

/* The label of a choice of list, or its name. */
static const char *
hx_choice_label(const struct hx *x, const struct xlsform *f,
    const struct xlsform_list *list, const char *name, size_t len)
{
	size_t k;

	for (k = 0; list != NULL && k < list->nchoices; k++)
		if (strlen(list->choices[k].name) == len &&
		    strncmp(list->choices[k].name, name, len) == 0) {
			const char *l = xlsform_text(f, list->choices[k].label,
			    x->lang);

			return l != NULL && *l != '\0' ? l :
			    list->choices[k].name;
		}
	return NULL;
}

/* The value of a choice list answer as labels ("A; B"). */
static void
hx_choice_labels(const struct hx *x, const struct xlsform_question *q,
    const char *v, struct buf *out)
{
	const struct xlsform_list *list = xlsform_list_of(x->f, q);
	const char *p = v, *e, *l;
	size_t len;
	int first = 1;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ' '; e++)
			;
		len = (size_t)(e - p);
		if (!first)
			buf_addstr(out, "; ");
		first = 0;
		if ((l = hx_choice_label(x, x->f, list, p, len)) != NULL)
			buf_addstr(out, l);
		else
			buf_add(out, p, len);
		p = e;
	}
}

const char *
hx_key(const struct xlsform_question *q)
{
	return q->key != NULL ? q->key : q->name;
}

static const char *
hx_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The metadata field name of a submission. */
static const char *
hx_meta_value(json_t *root, const char *name)
{
	json_t *s = json_object_get(root, "session");

	if (strcmp(name, "form_version") == 0)
		return hx_str(json_object_get(root, "form"), "version");
	if (strcmp(name, "pack") == 0)
		return hx_str(json_object_get(root, "pack"), "id");
	if (strcmp(name, "pack_version") == 0)
		return hx_str(json_object_get(root, "pack"), "version");
	if (strncmp(name, "session_", 8) == 0)
		return json_is_object(s) ? hx_str(s, name + 8) : NULL;
	if (strcmp(name, "language") == 0)
		return hx_str(root, "language");
	return hx_str(root, name);
}

/*
 * A note's tag label: as sealed, or with --labels LANG the tag's label in
 * LANG in the session's pack (when the hub has that pack).
 */
static const char *
hx_tag_label(const struct hx *x, const struct hx_rec *rec)
{
	json_t *pk = json_object_get(rec->root, "pack");
	const char *tag = hx_str(rec->answers, "tag");
	const struct pack *p;
	size_t i;

	if (x->lang == NULL || tag == NULL ||
	    ((p = hub_forms_pack(x->forms, hx_str(pk, "id"),
	    hx_str(pk, "version"))) == NULL &&
	    (p = hub_forms_pack(x->forms, hx_str(pk, "id"), NULL)) == NULL))
		return hx_str(rec->answers, "tag_label");
	for (i = 0; i < p->ntags; i++)
		if (strcmp(p->tags[i].id, tag) == 0)
			return pack_text_tag(p, &p->tags[i], x->lang);
	return hx_str(rec->answers, "tag_label");
}

/* A tally's question label (choice NULL) or choice label, in x->lang. */
static const char *
hx_tally_label(const struct hx *x, const struct hx_rec *rec,
    const char *choice)
{
	const struct xlsform_question *q;
	const struct xlsform *f;
	const char *form = hx_str(rec->answers, "form");
	const char *name = hx_str(rec->answers, "question"), *l;

	if (form == NULL || name == NULL ||
	    (f = hub_forms_find(x->forms, form, NULL)) == NULL ||
	    (q = xlsform_find(f, name)) == NULL)
		return NULL;
	if (choice == NULL) {
		l = xlsform_text(f, q->label, x->lang);
		return l != NULL ? l : name;
	}
	return hx_choice_label(x, f, xlsform_list_of(f, q), choice,
	    strlen(choice));
}

/* One cell of our layout. */
static void
hx_cell(const struct hx *x, const struct hx_col *c, const struct hx_rec *rec,
    struct buf *b, struct buf *tmp)
{
	const char *v;

	switch (c->kind) {
	case HX_META:
		hx_csv_field(b, hx_meta_value(rec->root, c->meta), 0);
		return;
	case HX_KEY:
		hx_csv_field(b, hx_str(rec->answers, c->meta),
		    strcmp(c->meta, "voters") == 0);
		return;
	case HX_TAG_LABEL:
		hx_csv_field(b, hx_tag_label(x, rec), 0);
		return;
	case HX_TALLY_CHOICE:
		hx_csv_field(b, rec->choice, 0);
		return;
	case HX_TALLY_COUNT:
		hx_csv_field(b, rec->count, 1);
		return;
	case HX_TALLY_QLABEL:
	case HX_TALLY_CLABEL:
		hx_csv_field(b, hx_tally_label(x, rec, c->kind ==
		    HX_TALLY_CLABEL ? rec->choice : NULL), 0);
		return;
	case HX_CHOICE:
		v = hx_str(rec->answers, hx_key(c->q));
		if (v != NULL && *v != '\0')
			buf_addch(b, survey_has_token(v, c->c->name) ? '1' :
			    '0');
		return;
	case HX_ANSWER:
		v = hx_str(rec->answers, hx_key(c->q));
		if (v != NULL && x->lang != NULL &&
		    (c->q->type == XLSFORM_SELECT_ONE ||
		    c->q->type == XLSFORM_SELECT_MULTIPLE ||
		    c->q->type == XLSFORM_RANK)) {
			buf_truncate(tmp, 0);
			hx_choice_labels(x, c->q, v, tmp);
			hx_csv_field(b, buf_str(tmp), 0);
		} else
			hx_csv_field(b, v, c->q->type == XLSFORM_INTEGER ||
			    c->q->type == XLSFORM_DECIMAL ||
			    c->q->type == XLSFORM_RANGE);
		return;
	default:
		hx_central_cell(x, c, rec, b);
		return;
	}
}

void
hx_row(const struct hx *x, const struct hx_table *t, const struct hx_rec *rec,
    struct buf *b)
{
	struct buf tmp = BUF_INIT;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (i > 0)
			buf_addch(b, ',');
		hx_cell(x, &t->cols[i], rec, b, &tmp);
	}
	buf_addstr(b, x->eol);
	buf_free(&tmp);
}

size_t
hx_rows_one(const struct hx *x, const struct hx_table *t, json_t *root,
    int64_t imported, struct buf *b)
{
	struct hx_rec rec;
	const char *id = hx_str(root, "id");
	char key[HX_KEY_MAX];

	memset(&rec, 0, sizeof rec);
	rec.root = root;
	rec.answers = json_object_get(root, "answers");
	rec.imported = imported;
	snprintf(key, sizeof key, "uuid:%s", id != NULL ? id : "");
	rec.key = key;
	hx_row(x, t, &rec, b);
	return 1;
}

/*
 * The rows of repeat x->repeat under rec->answers (an instance of the
 * repeat chain[0] leads into, or the submission's answers), whose KEY is
 * rec->key: chain is the repeats from that level down to x->repeat.
 * Returns the rows written.
 */
static size_t
hx_repeat_rows(const struct hx *x, const struct hx_table *t,
    const struct hx_rec *rec, const size_t *chain, size_t nchain,
    struct buf *b)
{
	const struct xlsform_question *r = &x->f->questions[chain[0]];
	json_t *arr = json_object_get(rec->answers, hx_key(r)), *item;
	struct hx_rec sub = *rec;
	size_t k, rows = 0;
	char *key, *path;

	if (!json_is_array(arr))
		return 0;
	if ((path = hx_path(x->f, r, r->scope, '/')) == NULL)
		return 0;
	json_array_foreach(arr, k, item) {
		if (!json_is_object(item) || asprintf(&key, "%s/%s[%zu]",
		    rec->key, path, k + 1) == -1)
			continue;
		sub.answers = item;
		sub.parent_key = rec->key;
		sub.key = key;
		if (nchain == 1) {
			hx_row(x, t, &sub, b);
			rows++;
		} else
			rows += hx_repeat_rows(x, t, &sub, chain + 1,
			    nchain - 1, b);
		free(key);
	}
	free(path);
	return rows;
}

/* A repeat table's rows: one per instance of x->repeat; how many. */
static size_t
hx_rows_repeat(const struct hx *x, const struct hx_table *t, json_t *root,
    int64_t imported, struct buf *b)
{
	size_t chain[HX_MAX_CHAIN], n = 0, r, i;
	const char *id = hx_str(root, "id");
	char key[HX_KEY_MAX];
	struct hx_rec rec;

	memset(&rec, 0, sizeof rec);
	rec.root = root;
	rec.answers = json_object_get(root, "answers");
	rec.imported = imported;
	snprintf(key, sizeof key, "uuid:%s", id != NULL ? id : "");
	rec.key = key;
	/* The repeats from the top down to this table's. */
	for (r = x->repeat; r != XLSFORM_NONE && n < HX_MAX_CHAIN;
	    r = x->f->questions[r].scope)
		chain[n++] = r;
	for (i = 0; i < n / 2; i++) {
		r = chain[i];
		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = r;
	}
	return json_is_object(rec.answers) ? hx_repeat_rows(x, t, &rec, chain,
	    n, b) : 0;
}

/* A tally's rows: one per "count.<choice>" (at least one). */
static size_t
hx_rows_tally(const struct hx *x, const struct hx_table *t, json_t *root,
    int64_t imported, struct buf *b)
{
	struct hx_rec rec;
	json_t *v;
	const char *k;
	size_t rows = 0;

	memset(&rec, 0, sizeof rec);
	rec.root = root;
	rec.answers = json_object_get(root, "answers");
	rec.imported = imported;
	if (json_is_object(rec.answers))
		json_object_foreach(rec.answers, k, v) {
			if (strncmp(k, "count.", 6) != 0 || k[6] == '\0' ||
			    !json_is_string(v))
				continue;
			rec.choice = k + 6;
			rec.count = json_string_value(v);
			hx_row(x, t, &rec, b);
			rows++;
		}
	if (rows == 0) {
		rec.choice = rec.count = NULL;
		hx_row(x, t, &rec, b);
	}
	return 1;
}

/* The header row(s) the options ask for. */
static void
hx_header(const struct hx *x, const struct hx_table *t, struct buf *b)
{
	enum hub_export_header h = x->o->header;
	size_t i;
	int row;

	if (h == HUB_HEADER_AUTO)
		h = x->lang != NULL && x->f != NULL && !x->central ?
		    HUB_HEADER_BOTH : HUB_HEADER_NAMES;
	for (row = 0; row < 2; row++) {
		if ((row == 0 && h == HUB_HEADER_LABELS) ||
		    (row == 1 && h == HUB_HEADER_NAMES))
			continue;
		for (i = 0; i < t->n; i++) {
			if (i > 0)
				buf_addch(b, ',');
			hx_csv_field(b, row == 0 || t->cols[i].label == NULL ?
			    t->cols[i].header : t->cols[i].label, 0);
		}
		buf_addstr(b, x->eol);
	}
}

/*
 * Write what b holds (whole rows) to out; to a terminal, with every
 * control character but the line ends replaced (utf8_sanitize), so that
 * no answer can send an escape sequence.
 */
static int
hx_write(const struct buf *b, int terminal, FILE *out)
{
	char *clean;
	size_t len;
	int r = 0;

	if (!terminal)
		return fwrite(b->data, 1, b->len, out) == b->len ? 0 : -1;
	if ((clean = utf8_sanitize(b->data, b->len, 1)) == NULL)
		return -1;
	len = strlen(clean);
	if (fwrite(clean, 1, len, out) != len)
		r = -1;
	free(clean);
	return r;
}

int
hx_table_write(struct hub *h, const struct hx *x, const struct hx_table *t,
    FILE *out, size_t *rowsp, char **cause)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = NULL;
	json_error_t je;
	json_t *root;
	int64_t imported;
	int rc, r;

	*rowsp = 0;
	/* Central lists the newest first, by when the server received it. */
	if ((r = hub_prepare(h, x->central ? "SELECT s.json, b.imported FROM "
	    "submissions s LEFT JOIN bundles b ON b.device = s.device AND "
	    "b.seq = s.seq WHERE s.form = ?1 ORDER BY b.imported DESC, "
	    "s.submitted DESC, s.rowid DESC" : "SELECT json, NULL FROM "
	    "submissions WHERE form = ?1 ORDER BY submitted, id", &st,
	    cause)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, x->o->form, -1, SQLITE_STATIC);
	if (x->o->bom)
		buf_addstr(&b, "\xef\xbb\xbf");
	hx_header(x, t, &b);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		root = json_loadb((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), 0, &je);
		if (root == NULL) {
			r = err_set(cause, ERR_DB, "a stored submission is "
			    "damaged");
			goto out;
		}
		imported = sqlite3_column_type(st, 1) == SQLITE_INTEGER ?
		    sqlite3_column_int64(st, 1) : -1;
		*rowsp += t->rows(x, t, root, imported, &b);
		json_decref(root);
		if (b.len > 1 << 20) {
			if (hx_write(&b, x->o->terminal, out) != 0)
				break;
			buf_truncate(&b, 0);
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		r = hub_db_err(h, rc, "reading submissions", cause);
		goto out;
	}
	if (buf_failed(&b)) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((b.len > 0 && hx_write(&b, x->o->terminal, out) != 0) ||
	    fflush(out) != 0 || ferror(out))
		r = err_set(cause, ERR_IO, "cannot write the export");
out:
	sqlite3_finalize(st);
	buf_free(&b);
	return r;
}

/* JSON lines: the stored submissions as they are, oldest first. */
static int
hx_json_write(struct hub *h, const char *form, int terminal, FILE *out,
    size_t *rowsp, char **cause)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, r;

	*rowsp = 0;
	if ((r = hub_prepare(h, "SELECT json FROM submissions WHERE form = ?1 "
	    "ORDER BY submitted, id", &st, cause)) != 0)
		return r;
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *root = json_loadb((const char *)sqlite3_column_text(st,
		    0), (size_t)sqlite3_column_bytes(st, 0), 0, NULL);
		char *line = root != NULL ? json_dumps(root, JSON_COMPACT |
		    JSON_PRESERVE_ORDER) : NULL;

		json_decref(root);
		if (line == NULL) {
			r = err_set(cause, ERR_DB, "a stored submission is "
			    "damaged");
			break;
		}
		buf_truncate(&b, 0);
		buf_addstr(&b, line);
		buf_addch(&b, '\n');
		free(line);
		if (buf_failed(&b)) {
			r = ERR_NOMEM;
			break;
		}
		if (hx_write(&b, terminal, out) != 0) {
			r = err_set(cause, ERR_IO, "cannot write the export");
			break;
		}
		(*rowsp)++;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = hub_db_err(h, rc, "reading submissions", cause);
	if (r == 0 && (fflush(out) != 0 || ferror(out)))
		r = err_set(cause, ERR_IO, "cannot write the export");
	sqlite3_finalize(st);
	buf_free(&b);
	return r;
}

/* What the options allow for this form; the export's setup. */
static int
hx_setup(struct hx *x, const struct hub_forms *forms,
    const struct hub_export_opts *o, char **cause)
{
	const struct xlsform_question *rq;

	memset(x, 0, sizeof *x);
	x->o = o;
	x->forms = forms;
	x->f = hub_forms_find(forms, o->form, NULL);
	x->tally = x->f == NULL && strcmp(o->form, SESSION_TALLY_FORM) == 0;
	x->central = o->layout == HUB_LAYOUT_CENTRAL;
	x->eol = x->central ? "\n" : "\r\n";
	x->repeat = XLSFORM_NONE;
	x->main.rows = x->tally ? hx_rows_tally : hx_rows_one;
	if (x->f == NULL && !x->tally &&
	    strcmp(o->form, SESSION_NOTES_FORM) != 0)
		return err_set(cause, ERR_NOTFOUND, "the hub's packs have no "
		    "form %s", o->form);
	if (x->f != NULL && hub_forms_is_contact(forms, x->f))
		return err_set(cause, ERR_INVALID, "%s is a contact form: "
		    "requests to be contacted are never exported with "
		    "answers; use outreach hub contacts export", o->form);
	if (o->repeat != NULL) {
		rq = x->f != NULL ? xlsform_find(x->f, o->repeat) : NULL;
		if (rq == NULL || !rq->repeat || o->format != HUB_EXPORT_CSV)
			return err_set(cause, ERR_NOTFOUND, "form %s has no "
			    "repeat %s to export as CSV", o->form, o->repeat);
		x->repeat = (size_t)(rq - x->f->questions);
		x->main.rows = hx_rows_repeat;
	}
	if (x->central && (x->f == NULL || o->format != HUB_EXPORT_CSV))
		return err_set(cause, ERR_INVALID, "--layout central is the "
		    "CSV of a form%s", x->f == NULL ? "; notes and tally have "
		    "their own layout" : "");
	if (x->central && o->labels != NULL)
		return err_set(cause, ERR_INVALID, "ODK Central's layout has no "
		    "labels: leave out --labels, or use the default layout");
	if (!x->central && o->split)
		return err_set(cause, ERR_INVALID, "--split-select-multiples is "
		    "for --layout central: the default layout always splits "
		    "them");
	if (o->header != HUB_HEADER_AUTO && o->header != HUB_HEADER_NAMES &&
	    (o->labels == NULL || x->f == NULL))
		return err_set(cause, ERR_INVALID, "--header labels and both "
		    "need --labels LANG and a form");
	if (o->labels == NULL)
		return ERR_OK;
	if (x->f != NULL && xlsform_lang_find(x->f, o->labels) == XLSFORM_NONE)
		return err_set(cause, ERR_NOTFOUND, "form %s has no language "
		    "%s", o->form, o->labels);
	x->lang = o->labels;
	return ERR_OK;
}

int
hub_export(struct hub *h, const struct hub_forms *forms,
    const struct hub_export_opts *o, FILE *out, size_t *rowsp, char **cause)
{
	struct hx x;
	int r;

	*rowsp = 0;
	if ((r = hx_setup(&x, forms, o, cause)) != 0)
		return r;
	if (o->format == HUB_EXPORT_JSON)
		return hx_json_write(h, o->form, o->terminal, out, rowsp,
		    cause);
	if ((r = x.central ? hx_central_columns(&x) : x.f != NULL ?
	    hx_columns(&x) : hx_columns_formless(&x)) == 0)
		r = hx_table_write(h, &x, &x.main, out, rowsp, cause);
	hx_table_free(&x.main);
	return r;
}
