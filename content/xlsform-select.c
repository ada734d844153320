/*
 * Choice lists: the choices sheet, and the CSV files that
 * select_one_from_file and select_multiple_from_file read, with the
 * parameters of a select (randomize, seed; value and label for a file)
 * checked as pyxform checks them; and the trigger column, resolved to the
 * entries it names.
 *
 * A file is looked for beside the form: in the form's folder, or in the
 * folder of the workbook or CSV file it was read from (in a pack,
 * surveys/<id>/NAME.csv, or surveys/NAME.csv beside surveys/<id>.xlsx), so
 * that it travels in the pack with the form. Its first row names the
 * columns; a blank row is skipped; every other row is a choice. Only CSV
 * is read: an XML or GeoJSON file is refused by name. pulldata('name', ...)
 * reads name.csv from the same place, once per form.
 */
#include "content/xlsform-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"

size_t
xlsform_list_find(const struct xlsform *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nlists; i++)
		if (f->lists[i].file == NULL &&
		    strcmp(f->lists[i].name, name) == 0)
			return i;
	return XLSFORM_NONE;
}

static int
xlsform_name_cmp(const void *a, const void *b)
{
	const struct xlsform_choice *x = a, *y = b;
	int c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Report choices whose name repeats in their list, at the later row. */
static int
xlsform_choice_dups(struct xlsform_ctx *c, const struct xlsform_sheet *s,
    const struct xlsform_list *l)
{
	struct xlsform_choice *v;
	size_t i;
	int r = 0;

	if (l->nchoices < 2)
		return 0;
	if ((v = malloc(l->nchoices * sizeof *v)) == NULL)
		return ERR_NOMEM;
	memcpy(v, l->choices, l->nchoices * sizeof *v);
	qsort(v, l->nchoices, sizeof *v, xlsform_name_cmp);
	for (i = 1; i < l->nchoices && r == 0; i++)
		if (strcmp(v[i - 1].name, v[i].name) == 0)
			r = xlsform_err(c, s, v[i].row, "%s, the 'name' "
			    "value is invalid. Choice names must be unique for "
			    "each choice list. If this is intentional, use the "
			    "setting 'allow_choice_duplicates'. Learn more: "
			    "https://xlsform.org/#choice-names.", s ==
			    &c->choices ? "On the 'choices' sheet" :
			    "In this file");
	free(v);
	return r;
}

int
xlsform_choices_build(struct xlsform_ctx *c)
{
	struct xlsform_sheet *s = &c->choices;
	struct xlsform *f = c->f;
	struct xlsform_list *l;
	struct xlsform_choice *ch;
	const struct csv_row *r;
	const char *list, *name;
	size_t i, k, e, li = XLSFORM_NONE, total = 0;

	if (s->t == NULL || s->cols == NULL)
		return 0;
	for (i = s->header + 1; i < s->t->nrows; i++) {
		r = &s->t->rows[i];
		list = xlsform_cell(s, r, XK_LIST_NAME);
		name = xlsform_cell(s, r, XK_NAME);
		if (*list == '\0')	/* pyxform skips rows without a list */
			continue;
		if (*name == '\0') {
			if (xlsform_err(c, s, r->row, "On the 'choices' sheet, "
			    "the 'name' value is invalid. Choices must have a "
			    "name. Learn more: https://xlsform.org/en/"
			    "#setting-up-your-worksheets") != 0)
				return ERR_NOMEM;
			continue;
		}
		if (++total > XLSFORM_MAX_CHOICES) {
			return xlsform_err(c, s, r->row, "On the 'choices' "
			    "sheet, more than %d choices", XLSFORM_MAX_CHOICES);
		}
		/* Rows of a list usually follow each other: try the last one. */
		if ((li == XLSFORM_NONE || strcmp(f->lists[li].name, list) != 0) &&
		    (li = xlsform_list_find(f, list)) == XLSFORM_NONE) {
			if (f->nlists >= XLSFORM_MAX_LISTS)
				return xlsform_err(c, s, r->row, "On the "
				    "'choices' sheet, more than %d lists",
				    XLSFORM_MAX_LISTS);
			if ((l = array_grow(f->lists, f->nlists,
			    sizeof *l)) == NULL)
				return ERR_NOMEM;
			f->lists = l;
			li = f->nlists;
			memset(&l[li], 0, sizeof l[li]);
			if ((l[li].name = strdup(list)) == NULL)
				return ERR_NOMEM;
			f->nlists++;
		}
		l = &f->lists[li];
		if ((ch = array_grow(l->choices, l->nchoices,
		    sizeof *ch)) == NULL)
			return ERR_NOMEM;
		l->choices = ch;
		ch = &l->choices[l->nchoices];
		memset(ch, 0, sizeof *ch);
		ch->row = r->row;
		if ((ch->name = strdup(name)) == NULL)
			return ERR_NOMEM;
		l->nchoices++;
		if ((ch->label = xlsform_texts(c, s, r, XK_LABEL)) == NULL ||
		    (ch->extra = calloc(f->nchoice_columns + 1,
		    sizeof *ch->extra)) == NULL)
			return ERR_NOMEM;
		for (k = 0, e = 0; k < s->ncols && e < f->nchoice_columns; k++)
			if (s->cols[k].kind == XK_EXTRA &&
			    (ch->extra[e++] = strdup(csv_field(r, k))) == NULL)
				return ERR_NOMEM;
	}
	if (!c->allow_duplicates)
		for (i = 0; i < f->nlists; i++)
			if (xlsform_choice_dups(c, &c->choices,
			    &f->lists[i]) != 0)
				return ERR_NOMEM;
	return 0;
}

/* Answers are space-separated names, so names cannot hold spaces. */
static int
xlsform_spaces(struct xlsform_ctx *c, const struct xlsform_sheet *s,
    const struct xlsform_list *l)
{
	size_t i;

	for (i = 0; i < l->nchoices; i++)
		if (strchr(l->choices[i].name, ' ') != NULL &&
		    xlsform_err(c, s, l->choices[i].row, "Choice "
		    "names with spaces cannot be added to multiple choice "
		    "selects. See [%s] in [%s]", l->choices[i].name,
		    l->name) != 0)
			return ERR_NOMEM;
	return 0;
}

/* The list of a select or rank question, with pyxform's checks. */
static int
xlsform_select_list(struct xlsform_ctx *c, struct xlsform_question *q,
    const char *list)
{
	q->list = xlsform_list_find(c->f, list);
	if (q->list == XLSFORM_NONE) {
		if (c->f->nlists == 0)
			return xlsform_err(c, &c->survey, q->row, "There should "
			    "be a choices sheet in this xlsform. Please ensure "
			    "that the choices sheet has the mandatory columns "
			    "'list_name', 'name', and 'label'.");
		return xlsform_err(c, &c->survey, q->row, "List name not in "
		    "choices sheet: %s", list);
	}
	if (q->type == XLSFORM_SELECT_ONE)
		return 0;
	return xlsform_spaces(c, &c->choices, &c->f->lists[q->list]);
}

/*
 * Make room for a file's columns among the form's choice columns (kept for
 * choice_filter): map[k] is the slot of the file's column k, or NONE for
 * the value and label columns and an empty header. Every choice already
 * made grows to the new count.
 */
static int
xlsform_file_columns(struct xlsform_ctx *c, const struct csv_row *hdr,
    size_t vcol, size_t lcol, size_t *map)
{
	struct xlsform *f = c->f;
	struct xlsform_choice *ch;
	size_t k, i, j, m, old = f->nchoice_columns;
	char **v;

	for (k = 0; k < hdr->nfields; k++) {
		map[k] = XLSFORM_NONE;
		if (k == vcol || k == lcol || *hdr->fields[k] == '\0')
			continue;
		for (i = 0; i < f->nchoice_columns; i++)
			if (strcmp(f->choice_columns[i], hdr->fields[k]) == 0)
				map[k] = i;
		if (map[k] != XLSFORM_NONE)
			continue;
		if ((v = reallocarray(f->choice_columns, f->nchoice_columns + 1,
		    sizeof *v)) == NULL)
			return ERR_NOMEM;
		f->choice_columns = v;
		if ((v[f->nchoice_columns] = strdup(hdr->fields[k])) == NULL)
			return ERR_NOMEM;
		map[k] = f->nchoice_columns++;
	}
	if (f->nchoice_columns == old)
		return 0;
	for (i = 0; i < f->nlists; i++)
		for (j = 0; j < f->lists[i].nchoices; j++) {
			ch = &f->lists[i].choices[j];
			if ((v = reallocarray(ch->extra, f->nchoice_columns + 1,
			    sizeof *v)) == NULL)
				return ERR_NOMEM;
			ch->extra = v;
			for (m = old; m <= f->nchoice_columns; m++)
				v[m] = NULL;
			for (m = old; m < f->nchoice_columns; m++)
				if ((v[m] = strdup("")) == NULL)
					return ERR_NOMEM;
		}
	return 0;
}

/* A new, empty list for a file, read with these columns. */
static struct xlsform_list *
xlsform_file_list_new(struct xlsform_ctx *c, const char *file,
    const char *value, const char *label)
{
	struct xlsform *f = c->f;
	struct xlsform_list *l;

	if ((l = array_grow(f->lists, f->nlists, sizeof *l)) == NULL)
		return NULL;
	f->lists = l;
	l = &f->lists[f->nlists++];
	memset(l, 0, sizeof *l);
	if ((l->name = strdup(file)) == NULL ||
	    (l->file = strdup(file)) == NULL ||
	    (l->value_col = strdup(value)) == NULL ||
	    (l->label_col = strdup(label)) == NULL)
		return NULL;
	return l;
}

/* Read one row of a file as a choice of l (blank rows are skipped). */
static int
xlsform_file_choice(struct xlsform_ctx *c, const struct xlsform_sheet *fs,
    struct xlsform_list *l, const struct csv_row *r, size_t vcol,
    size_t lcol, const size_t *map, size_t nmap)
{
	struct xlsform *f = c->f;
	struct xlsform_choice *ch;
	size_t k, n = f->nlangs ? f->nlangs : 1, slot;
	const char *name = csv_field(r, vcol), *label;

	if (csv_row_blank(r))
		return 0;
	if (*name == '\0')
		return xlsform_err(c, fs, r->row, "The '%s' value is empty: "
		    "every choice needs a name.", l->value_col);
	if ((ch = array_grow(l->choices, l->nchoices, sizeof *ch)) ==
	    NULL)
		return ERR_NOMEM;
	l->choices = ch;
	ch = &l->choices[l->nchoices++];
	memset(ch, 0, sizeof *ch);
	ch->row = r->row;
	if ((ch->name = strdup(name)) == NULL ||
	    (ch->label = calloc(n, sizeof *ch->label)) == NULL ||
	    (ch->extra = calloc(f->nchoice_columns + 1,
	    sizeof *ch->extra)) == NULL)
		return ERR_NOMEM;
	/* One label for every language: others fall back to it. */
	slot = f->default_lang < n ? f->default_lang : 0;
	label = lcol != XLSFORM_NONE ? csv_field(r, lcol) : "";
	if (*label != '\0' && (ch->label[slot] = strdup(label)) == NULL)
		return ERR_NOMEM;
	for (k = 0; k < f->nchoice_columns; k++)
		ch->extra[k] = NULL;
	for (k = 0; k < nmap; k++)
		if (map[k] != XLSFORM_NONE && ch->extra[map[k]] == NULL &&
		    (ch->extra[map[k]] = strdup(csv_field(r, k))) == NULL)
			return ERR_NOMEM;
	for (k = 0; k < f->nchoice_columns; k++)
		if (ch->extra[k] == NULL && (ch->extra[k] = strdup("")) == NULL)
			return ERR_NOMEM;
	return 0;
}

/* The choices of a *_from_file question, read from the file beside it. */
static int
xlsform_file_list(struct xlsform_ctx *c, struct xlsform_question *q,
    const char *file, const char *value, const char *label)
{
	struct xlsform *f = c->f;
	struct xlsform_sheet fs;
	struct xlsform_list *l;
	const struct csv_row *hdr;
	struct csv *t = NULL;
	char *path = NULL, *why = NULL;
	size_t i, k, vcol = XLSFORM_NONE, lcol = XLSFORM_NONE, *map = NULL;
	size_t total = 0;
	int r;

	/* Another question read the same file the same way: share it. */
	for (i = 0; i < f->nlists; i++) {
		l = &f->lists[i];
		if (l->file != NULL && strcmp(l->file, file) == 0 &&
		    strcmp(l->value_col, value) == 0 &&
		    strcmp(l->label_col, label) == 0) {
			q->list = i;
			return 0;
		}
		total += l->nchoices;
	}
	if (f->nlists >= XLSFORM_MAX_LISTS)
		return xlsform_err(c, &c->survey, q->row, "more than %d choice "
		    "lists", XLSFORM_MAX_LISTS);
	if (c->dir == NULL || asprintf(&path, "%s/%s", c->dir, file) == -1)
		return ERR_NOMEM;
	memset(&fs, 0, sizeof fs);
	fs.name = "file";
	fs.file = path;
	r = csv_read(path, NULL, &t, &why);
	if (r == ERR_NOMEM)
		goto out;
	if (r != 0) {
		r = xlsform_err(c, &c->survey, q->row, "The choices file "
		    "'%s' cannot be read: %s. It must be a CSV file beside the "
		    "form.", file, why != NULL ? why : err_str(r));
		goto out;
	}
	if (t->nrows == 0) {
		r = xlsform_err(c, &fs, 1, "The file is empty: its first row "
		    "must name the columns ('%s', '%s').", value, label);
		goto out;
	}
	hdr = &t->rows[0];
	for (k = 0; k < hdr->nfields; k++) {
		if (vcol == XLSFORM_NONE && strcmp(hdr->fields[k], value) == 0)
			vcol = k;
		else if (lcol == XLSFORM_NONE &&
		    strcmp(hdr->fields[k], label) == 0)
			lcol = k;
	}
	if (vcol == XLSFORM_NONE) {
		r = xlsform_err(c, &fs, hdr->row, "The first row has no column "
		    "'%s', which holds the choices' names.", value);
		goto out;
	}
	if (total + t->nrows > XLSFORM_MAX_CHOICES + 1) {
		r = xlsform_err(c, &fs, 0, "more than %d choices in the form",
		    XLSFORM_MAX_CHOICES);
		goto out;
	}
	if ((map = calloc(hdr->nfields + 1, sizeof *map)) == NULL ||
	    (r = xlsform_file_columns(c, hdr, vcol, lcol, map)) != 0 ||
	    (l = xlsform_file_list_new(c, file, value, label)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	q->list = f->nlists - 1;
	for (i = 1; i < t->nrows && r == 0; i++)
		r = xlsform_file_choice(c, &fs, l, &t->rows[i], vcol, lcol,
		    map, hdr->nfields);
	if (r == 0 && !c->allow_duplicates)
		r = xlsform_choice_dups(c, &fs, l);
	if (r == 0 && q->type != XLSFORM_SELECT_ONE)
		r = xlsform_spaces(c, &fs, l);
out:
	free(map);
	free(why);
	free(path);
	csv_free(&t);
	return r;
}

/* pyxform: "${name}", and nothing else. */
static int
xlsform_is_reference(const char *v)
{
	size_t n = strlen(v);

	return n > 3 && strncmp(v, "${", 2) == 0 && v[n - 1] == '}' &&
	    strcspn(v + 2, "${}") == n - 3;
}

int
xlsform_select(struct xlsform_ctx *c, struct xlsform_question *q,
    const char *list, int file)
{
	struct xlsform_param v[XLSFORM_MAX_PARAMS];
	const char *value = "name", *label = "label", *seed = NULL, *dot;
	const char *cmd = q->type == XLSFORM_SELECT_ONE ?
	    "select_one_from_file" : "select_multiple_from_file";
	int randomize = -1;
	size_t n = 0, i;
	char *end;

	if (q->parameters != NULL && xlsform_params(q->parameters, v,
	    XLSFORM_MAX_PARAMS, &n) != 0)
		return xlsform_err(c, &c->survey, q->row, "Expecting "
		    "parameters to be in the form of 'parameter1=value "
		    "parameter2=value'.");
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].key, "randomize") == 0) {
			if (strcmp(v[i].value, "true") != 0 &&
			    strcmp(v[i].value, "false") != 0)
				return xlsform_err(c, &c->survey, q->row,
				    "randomize must be set to true or false: "
				    "'%s' is an invalid value", v[i].value);
			randomize = strcmp(v[i].value, "true") == 0;
		} else if (strcmp(v[i].key, "seed") == 0)
			seed = v[i].value;
		else if (file && strcmp(v[i].key, "value") == 0)
			value = v[i].value;
		else if (file && strcmp(v[i].key, "label") == 0)
			label = v[i].value;
		else
			return xlsform_err(c, &c->survey, q->row, "On the "
			    "'survey' sheet, the 'parameters' value is invalid. "
			    "Accepted parameters are '%s'. The following are "
			    "invalid parameter(s): '%s'.", file ? "label, "
			    "randomize, seed, value" : "randomize, seed",
			    v[i].key);
	}
	if (seed != NULL && randomize < 0)
		return xlsform_err(c, &c->survey, q->row, "Parameters must "
		    "include randomize=true to use a seed.");
	if (seed != NULL && !xlsform_is_reference(seed) &&
	    (strtod(seed, &end), end == seed || *end != '\0'))
		return xlsform_err(c, &c->survey, q->row, "seed value must be "
		    "a number or a reference to another field.");
	q->randomize = randomize == 1;
	if (seed != NULL && xlsform_expr_set(c, q->row, "parameters", seed,
	    &q->seed) == ERR_NOMEM)
		return ERR_NOMEM;
	if (!file)
		return xlsform_select_list(c, q, list);
	/* pyxform: exactly one extension, .xml, .csv or .geojson. */
	dot = strchr(list, '.');
	if (dot == NULL || strchr(dot + 1, '.') != NULL ||
	    (strcmp(dot, ".csv") != 0 && strcmp(dot, ".xml") != 0 &&
	    strcmp(dot, ".geojson") != 0))
		return xlsform_err(c, &c->survey, q->row, "File name for '%s "
		    "%s' should end with one of the supported file "
		    "extensions: '.xml', '.csv', '.geojson'", cmd, list);
	if (strcmp(dot, ".csv") != 0)
		return xlsform_err(c, &c->survey, q->row, "Question type '%s "
		    "%s' cannot be asked here: choices are read from CSV "
		    "files only, not XML or GeoJSON.", cmd, list);
	if (strchr(list, '/') != NULL || strchr(list, '\\') != NULL ||
	    list[0] == '.')
		return xlsform_err(c, &c->survey, q->row, "The choices file "
		    "'%s' must be named without a folder: it is read from "
		    "beside the form.", list);
	return xlsform_file_list(c, q, list, value, label);
}

/* 1 when q has a label or a hint in some language. */
static int
xlsform_shows_text(const struct xlsform *f, const struct xlsform_question *q)
{
	size_t i, n = f->nlangs ? f->nlangs : 1;

	for (i = 0; i < n; i++)
		if ((q->label != NULL && q->label[i] != NULL &&
		    *q->label[i] != '\0') || (q->hint != NULL &&
		    q->hint[i] != NULL && *q->hint[i] != '\0'))
			return 1;
	return 0;
}

/*
 * The trigger column: "${a}" or "${a}, ${b}", each naming a question a
 * person answers (pyxform's rules and messages). A trigger the kiosk
 * cannot ask (a location...) is kept but never changes.
 */
static int
xlsform_trigger_one(struct xlsform_ctx *c, struct xlsform_question *q)
{
	struct xlsform *f = c->f;
	const char *p = q->trigger_src, *end;
	const struct xlsform_question *t;
	char name[256];
	size_t len, *v;

	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (strncmp(p, "${", 2) != 0 || (end = strchr(p, '}')) == NULL ||
		    (len = (size_t)(end - p - 2)) == 0 || len >= sizeof name)
			return xlsform_err(c, &c->survey, q->row, "On the "
			    "'survey' sheet, the 'trigger' value is invalid. "
			    "Reference variables must start with '${', then a "
			    "question name, and end with '}'.");
		memcpy(name, p + 2, len);
		name[len] = '\0';
		p = end + 1;
		while (*p == ' ')
			p++;
		if (*p != '\0' && *p != ',')
			return xlsform_err(c, &c->survey, q->row, "On the "
			    "'survey' sheet, the 'trigger' value is invalid. "
			    "Reference variable lists must have a comma between "
			    "each variable.");
		if ((t = xlsform_find(f, name)) == NULL)
			return xlsform_err(c, &c->survey, q->row, "On the "
			    "'survey' sheet, the 'trigger' value is invalid. "
			    "Reference variables must contain a name from the "
			    "'survey' sheet. Could not find the name '%s'.",
			    name);
		if (t->type == XLSFORM_CALCULATE || t->type ==
		    XLSFORM_BEGIN_GROUP || ((t->calculation.src != NULL ||
		    t->trigger_src != NULL) && !xlsform_shows_text(f, t)))
			return xlsform_err(c, &c->survey, q->row, "The question "
			    "${%s} is not user-visible so it can't be used as a "
			    "calculation trigger for question ${%s}.", name,
			    q->name);
		if ((v = reallocarray(q->triggers, q->ntriggers + 1,
		    sizeof *v)) == NULL)
			return ERR_NOMEM;
		q->triggers = v;
		v[q->ntriggers++] = (size_t)(t - f->questions);
	}
	return 0;
}

int
xlsform_triggers(struct xlsform_ctx *c)
{
	size_t i;
	int r;

	for (i = 0; i < c->f->nquestions; i++)
		if (c->f->questions[i].trigger_src != NULL &&
		    (r = xlsform_trigger_one(c, &c->f->questions[i])) != 0)
			return r;
	return 0;
}

int
xlsform_data_need(struct xlsform_ctx *c, unsigned row, const char *name)
{
	struct xlsform *f = c->f;
	struct xlsform_data *d;
	struct csv *t = NULL;
	char *path = NULL, *why = NULL;
	size_t i;
	int r;

	for (i = 0; i < f->ndata; i++)
		if (strcmp(f->data[i].name, name) == 0)
			return 0;
	if (c->dir == NULL || asprintf(&path, "%s/%s.csv", c->dir, name) == -1)
		return ERR_NOMEM;
	r = csv_read(path, NULL, &t, &why);
	free(path);
	if (r == ERR_NOMEM) {
		free(why);
		return r;
	}
	if (r != 0) {
		r = xlsform_err(c, &c->survey, row, "pulldata('%s', ...) reads "
		    "%s.csv, which cannot be read: %s. It must be a CSV file "
		    "beside the form.", name, name, why != NULL ? why :
		    err_str(r));
		free(why);
		return r;
	}
	if ((d = reallocarray(f->data, f->ndata + 1, sizeof *d)) == NULL) {
		csv_free(&t);
		return ERR_NOMEM;
	}
	f->data = d;
	d = &f->data[f->ndata];
	if ((d->name = strdup(name)) == NULL) {
		csv_free(&t);
		return ERR_NOMEM;
	}
	d->t = t;
	f->ndata++;
	return 0;
}

const char *
xlsform_pulldata(const struct xlsform *f, const char *file,
    const char *column, const char *key_column, const char *key)
{
	const struct csv *t = NULL;
	const struct csv_row *hdr;
	size_t i, k, col = XLSFORM_NONE, kcol = XLSFORM_NONE;

	for (i = 0; i < f->ndata && t == NULL; i++)
		if (strcmp(f->data[i].name, file) == 0)
			t = f->data[i].t;
	if (t == NULL || t->nrows == 0)
		return NULL;
	hdr = &t->rows[0];
	for (k = 0; k < hdr->nfields; k++) {
		if (col == XLSFORM_NONE && strcmp(hdr->fields[k], column) == 0)
			col = k;
		if (kcol == XLSFORM_NONE &&
		    strcmp(hdr->fields[k], key_column) == 0)
			kcol = k;
	}
	if (col == XLSFORM_NONE || kcol == XLSFORM_NONE)
		return NULL;
	for (i = 1; i < t->nrows; i++)
		if (strcmp(csv_field(&t->rows[i], kcol), key) == 0)
			return csv_field(&t->rows[i], col);
	return NULL;
}
