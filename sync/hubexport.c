/*
 * `outreach hub export FORM`: every stored response to a form as CSV (one
 * row per submission, one column per question) or as JSON lines.
 *
 * The CSV follows what ODK Central and KoboToolbox exports do, so that the
 * data team's existing habits and scripts carry over:
 *   - metadata columns first (id, submitted, started, device, form_version,
 *     kind, language, pack, pack_version, session_venue, session_group,
 *     session_facilitator, session_date), then one column per question in form order
 *     (groups and notes have none; calculations and metadata do);
 *   - a select_multiple question is one column with the space-separated
 *     choices and then one 0/1 column per choice, headed "name/choice"
 *     (empty when the question was not answered);
 *   - with --labels LANG, headers and chosen values are the labels in that
 *     language (several choices joined by "; ") instead of the names.
 * It is UTF-8 (optionally with a BOM, which Excel needs to see UTF-8),
 * quoted as RFC 4180 says, with CRLF line ends. Every field that starts
 * with = + - @, a tab or a CR gets a leading apostrophe, so that a
 * spreadsheet shows it instead of running it as a formula, unless it is a
 * plain number in a numeric column (an integer, decimal or range answer,
 * a count): a calculation's value, a label, metadata are all guarded.
 * To a terminal, control characters are replaced (utf8_sanitize) and
 * lines end with LF.
 *
 * JSON lines are the stored submissions themselves, one compact object per
 * line, oldest first.
 *
 * The co-production kinds have no form (sync/session.h): "notes" exports
 * point, tag, tag_label and theme after the metadata; "tally" is long
 * ("tidy"), one row per choice counted, with form, question, type, mode,
 * voters, choice and count, so that tallies of different questions share
 * one sheet and sum with a pivot table. They have no labels to show.
 */
#include "sync/hub-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "sync/session.h"

enum hx_kind {
	HX_META,	/* a field of the submission */
	HX_ANSWER,	/* a question's answer */
	HX_CHOICE,	/* 0/1: one choice of a select_multiple */
	HX_KEY,		/* an answer by its name, for a form-less kind */
	HX_TALLY_CHOICE,	/* a tally's row: the choice counted */
	HX_TALLY_COUNT,		/* and its count */
};

struct hx_col {
	enum hx_kind			 kind;
	const char			*meta;	/* the field; HX_KEY: answer */
	const struct xlsform_question	*q;
	const struct xlsform_choice	*c;
	const char			*header;
	char				*owned;	/* a header we built */
};

struct hx {
	const struct xlsform	*f;	/* NULL for notes and tally */
	int			 tally;	/* one row per choice counted */
	const char		*lang;	/* labels in this language, or NULL */
	struct hx_col		*cols;
	size_t			 n;
};

static const char *const hx_meta[] = {
	"id", "submitted", "started", "device", "form_version", "kind",
	"language", "pack", "pack_version", "session_venue", "session_group",
	"session_facilitator", "session_date", NULL
};

static int
hx_add(struct hx *x, enum hx_kind kind, const char *meta,
    const struct xlsform_question *q, const struct xlsform_choice *c,
    const char *header, char *owned)
{
	struct hx_col *v;

	if ((v = reallocarray(x->cols, x->n + 1, sizeof *v)) == NULL) {
		free(owned);
		return ERR_NOMEM;
	}
	x->cols = v;
	v = &x->cols[x->n++];
	v->kind = kind;
	v->meta = meta;
	v->q = q;
	v->c = c;
	v->header = owned != NULL ? owned : header;
	v->owned = owned;
	return ERR_OK;
}

/* A question's or choice's header text: its label in x->lang, or name. */
static const char *
hx_label(const struct hx *x, char *const *labels, const char *name)
{
	const char *l;

	if (x->lang == NULL)
		return name;
	l = xlsform_text(x->f, labels, x->lang);
	return l != NULL && *l != '\0' ? l : name;
}

static int
hx_columns(struct hx *x)
{
	const struct xlsform_question *q;
	const struct xlsform_list *list;
	char *h;
	size_t i, k;
	int r;

	for (i = 0; hx_meta[i] != NULL; i++)
		if ((r = hx_add(x, HX_META, hx_meta[i], NULL, NULL, hx_meta[i],
		    NULL)) != 0)
			return r;
	for (i = 0; i < x->f->nquestions; i++) {
		q = &x->f->questions[i];
		if (!xlsform_type_has_answer(q->type) &&
		    q->type != XLSFORM_CALCULATE && q->type != XLSFORM_META)
			continue;
		if (q->type == XLSFORM_NOTE || q->name == NULL)
			continue;
		if ((r = hx_add(x, HX_ANSWER, NULL, q, NULL, hx_label(x,
		    q->label, q->name), NULL)) != 0)
			return r;
		if (q->type != XLSFORM_SELECT_MULTIPLE ||
		    (list = xlsform_list_of(x->f, q)) == NULL)
			continue;
		for (k = 0; k < list->nchoices; k++) {
			if (asprintf(&h, "%s/%s", hx_label(x, q->label, q->name),
			    hx_label(x, list->choices[k].label,
			    list->choices[k].name)) == -1)
				return ERR_NOMEM;
			if ((r = hx_add(x, HX_CHOICE, NULL, q,
			    &list->choices[k], NULL, h)) != 0)
				return r;
		}
	}
	return ERR_OK;
}

/* The columns of notes or tally, which have no form. */
static int
hx_columns_formless(struct hx *x)
{
	static const char *const notes[] = {
		"point", "tag", "tag_label", "theme", NULL
	};
	static const char *const tally[] = {
		"form", "question", "type", "mode", "voters", NULL
	};
	const char *const *k;
	size_t i;
	int r;

	for (i = 0; hx_meta[i] != NULL; i++)
		if ((r = hx_add(x, HX_META, hx_meta[i], NULL, NULL, hx_meta[i],
		    NULL)) != 0)
			return r;
	for (k = x->tally ? tally : notes; *k != NULL; k++)
		if ((r = hx_add(x, HX_KEY, *k, NULL, NULL, *k, NULL)) != 0)
			return r;
	if (x->tally && ((r = hx_add(x, HX_TALLY_CHOICE, NULL, NULL, NULL,
	    "choice", NULL)) != 0 || (r = hx_add(x, HX_TALLY_COUNT, NULL, NULL,
	    NULL, "count", NULL)) != 0))
		return r;
	return ERR_OK;
}

static void
hx_free(struct hx *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->cols[i].owned);
	free(x->cols);
	memset(x, 0, sizeof *x);
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

/*
 * One CSV field, quoted when it must be. A field a spreadsheet would run
 * as a formula (= + - @ tab or CR first) gets a leading apostrophe, unless
 * it is a plain number in a numeric column (numeric: an integer, decimal
 * or range question, a count): whatever a device sent, and whatever its
 * type, nothing else is written raw.
 */
static void
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

/* The value of a choice list answer as labels ("A; B"). */
static void
hx_choice_labels(const struct hx *x, const struct xlsform_question *q,
    const char *v, struct buf *out)
{
	const struct xlsform_list *list = xlsform_list_of(x->f, q);
	const char *p = v, *e;
	size_t k, len;
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
		for (k = 0; list != NULL && k < list->nchoices; k++)
			if (strlen(list->choices[k].name) == len &&
			    strncmp(list->choices[k].name, p, len) == 0)
				break;
		if (list != NULL && k < list->nchoices)
			buf_addstr(out, hx_label(x, list->choices[k].label,
			    list->choices[k].name));
		else
			buf_add(out, p, len);
		p = e;
	}
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

/* One CSV row; choice and count are a tally's (or NULL). */
static void
hx_csv_row_one(const struct hx *x, json_t *root, const char *choice,
    const char *count, struct buf *b)
{
	json_t *answers = json_object_get(root, "answers");
	const struct hx_col *c;
	struct buf lab = BUF_INIT;
	const char *v;
	size_t i;

	for (i = 0; i < x->n; i++) {
		c = &x->cols[i];
		if (i > 0)
			buf_addch(b, ',');
		if (c->kind == HX_META || c->kind == HX_KEY) {
			hx_csv_field(b, c->kind == HX_META ? hx_meta_value(root,
			    c->meta) : hx_str(answers, c->meta),
			    c->kind == HX_KEY && strcmp(c->meta, "voters") == 0);
			continue;
		}
		if (c->kind == HX_TALLY_CHOICE || c->kind == HX_TALLY_COUNT) {
			hx_csv_field(b, c->kind == HX_TALLY_CHOICE ? choice :
			    count, c->kind == HX_TALLY_COUNT);
			continue;
		}
		v = hx_str(answers, c->q->name);
		if (c->kind == HX_CHOICE) {
			if (v != NULL && *v != '\0')
				buf_addch(b, survey_has_token(v, c->c->name) ?
				    '1' : '0');
			continue;
		}
		if (v != NULL && x->lang != NULL &&
		    (c->q->type == XLSFORM_SELECT_ONE ||
		    c->q->type == XLSFORM_SELECT_MULTIPLE ||
		    c->q->type == XLSFORM_RANK)) {
			buf_truncate(&lab, 0);
			hx_choice_labels(x, c->q, v, &lab);
			hx_csv_field(b, buf_str(&lab), 0);
		} else
			hx_csv_field(b, v, c->q->type == XLSFORM_INTEGER ||
			    c->q->type == XLSFORM_DECIMAL ||
			    c->q->type == XLSFORM_RANGE);
	}
	buf_addstr(b, "\r\n");
	buf_free(&lab);
}

/* A submission's rows: one, or a tally's one per "count.<choice>". */
static void
hx_csv_row(const struct hx *x, json_t *root, struct buf *b)
{
	json_t *answers = json_object_get(root, "answers"), *v;
	const char *k;
	int rows = 0;

	if (x->tally && json_is_object(answers))
		json_object_foreach(answers, k, v) {
			if (strncmp(k, "count.", 6) != 0 || k[6] == '\0' ||
			    !json_is_string(v))
				continue;
			hx_csv_row_one(x, root, k + 6, json_string_value(v), b);
			rows++;
		}
	if (rows == 0)
		hx_csv_row_one(x, root, NULL, NULL, b);
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
hub_export(struct hub *h, const struct hub_forms *forms,
    const struct hub_export_opts *o, FILE *out, size_t *rowsp, char **cause)
{
	struct hx x;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = NULL;
	json_t *root;
	json_error_t je;
	char *line;
	size_t i;
	int rc, r;

	*rowsp = 0;
	memset(&x, 0, sizeof x);
	x.f = hub_forms_find(forms, o->form, NULL);
	x.tally = x.f == NULL && strcmp(o->form, SESSION_TALLY_FORM) == 0;
	if (x.f == NULL && !x.tally && strcmp(o->form, SESSION_NOTES_FORM) != 0)
		return err_set(cause, ERR_NOTFOUND, "the hub's packs have no "
		    "form %s", o->form);
	if (x.f == NULL && o->labels != NULL)
		return err_set(cause, ERR_INVALID, "%s has no form, so no "
		    "labels: export it without --labels", o->form);
	if (o->labels != NULL) {
		if (xlsform_lang_find(x.f, o->labels) == XLSFORM_NONE)
			return err_set(cause, ERR_NOTFOUND, "form %s has no "
			    "language %s", o->form, o->labels);
		x.lang = o->labels;
	}
	if ((r = x.f != NULL ? hx_columns(&x) : hx_columns_formless(&x)) != 0 ||
	    (r = hub_prepare(h, "SELECT json FROM submissions WHERE form = ?1 "
	    "ORDER BY submitted, id", &st, cause)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, o->form, -1, SQLITE_STATIC);
	if (o->format == HUB_EXPORT_CSV) {
		if (o->bom)
			buf_addstr(&b, "\xef\xbb\xbf");
		for (i = 0; i < x.n; i++) {
			if (i > 0)
				buf_addch(&b, ',');
			hx_csv_field(&b, x.cols[i].header, 0);
		}
		buf_addstr(&b, "\r\n");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		root = json_loadb((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), 0, &je);
		if (root == NULL) {
			r = err_set(cause, ERR_DB, "a stored submission is "
			    "damaged");
			goto out;
		}
		if (o->format == HUB_EXPORT_CSV)
			hx_csv_row(&x, root, &b);
		else if ((line = json_dumps(root, JSON_COMPACT |
		    JSON_PRESERVE_ORDER)) != NULL) {
			buf_addstr(&b, line);
			buf_addch(&b, '\n');
			free(line);
		} else
			b.failed = 1;
		json_decref(root);
		(*rowsp)++;
		if (b.len > 1 << 20) {
			if (hx_write(&b, o->terminal, out) != 0)
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
	if ((b.len > 0 && hx_write(&b, o->terminal, out) != 0) ||
	    fflush(out) != 0 || ferror(out))
		r = err_set(cause, ERR_IO, "cannot write the export");
out:
	sqlite3_finalize(st);
	buf_free(&b);
	hx_free(&x);
	return r;
}
