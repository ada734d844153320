/*
 * Reading an XLSForm's sheets as pyxform reads them; xlsform-source.c
 * finds the sheets. Headers are cleaned (trimmed, runs of spaces folded)
 * and split on "::" when any header of the sheet uses it, else on ":"
 * (keeping "jr:" names whole); the first part goes through pyxform's
 * aliases ("constraint message", "bind:relevant", "list name"...) and the
 * second is a language for the texts that can be translated. Unknown
 * survey columns are ignored; unknown choices columns are kept, because a
 * choice_filter may name them. Cells are cleaned the way pyxform cleans
 * them: trimmed, typographic quotes made plain, no-break spaces made
 * spaces, and on the survey sheet runs of spaces folded.
 */
#include "content/xlsform-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"

struct xlsform_alias {
	const char		*name;	/* snake_case, lower case */
	enum xlsform_kind	 kind;
};

static const struct xlsform_alias xlsform_survey_aliases[] = {
	{ "type", XK_TYPE },
	{ "command", XK_TYPE },
	{ "name", XK_NAME },
	{ "label", XK_LABEL },
	{ "caption", XK_LABEL },
	{ "hint", XK_HINT },
	{ "required", XK_REQUIRED },
	{ "required_message", XK_REQUIRED_MESSAGE },
	{ "requiredmsg", XK_REQUIRED_MESSAGE },
	{ "jr:requiredmsg", XK_REQUIRED_MESSAGE },
	{ "relevant", XK_RELEVANT },
	{ "relevance", XK_RELEVANT },
	{ "constraint", XK_CONSTRAINT },
	{ "constraint_message", XK_CONSTRAINT_MESSAGE },
	{ "constraining_message", XK_CONSTRAINT_MESSAGE },
	{ "jr:constraintmsg", XK_CONSTRAINT_MESSAGE },
	{ "calculation", XK_CALCULATION },
	{ "calculate", XK_CALCULATION },
	{ "default", XK_DEFAULT },
	{ "appearance", XK_APPEARANCE },
	{ "choice_filter", XK_CHOICE_FILTER },
	{ "parameters", XK_PARAMETERS },
	{ "read_only", XK_READ_ONLY },
	{ "readonly", XK_READ_ONLY },
	{ "disabled", XK_DISABLED },
	{ "image", XK_MEDIA },
	{ "big-image", XK_MEDIA },
	{ "audio", XK_MEDIA },
	{ "video", XK_MEDIA },
	{ "media", XK_MEDIA },
	{ NULL, XK_IGNORE }
};

static const struct xlsform_alias xlsform_choices_aliases[] = {
	{ "list_name", XK_LIST_NAME },
	{ "name", XK_NAME },
	{ "value", XK_NAME },
	{ "label", XK_LABEL },
	{ "caption", XK_LABEL },
	{ "image", XK_IGNORE },
	{ "big-image", XK_IGNORE },
	{ "audio", XK_IGNORE },
	{ "video", XK_IGNORE },
	{ "media", XK_IGNORE },
	{ NULL, XK_EXTRA }
};

static const struct xlsform_alias xlsform_settings_aliases[] = {
	{ "form_title", XK_TITLE },
	{ "title", XK_TITLE },
	{ "set_form_title", XK_TITLE },
	{ "form_id", XK_ID },
	{ "set_form_id", XK_ID },
	{ "id_string", XK_ID_STRING },
	{ "version", XK_VERSION },
	{ "default_language", XK_DEFAULT_LANGUAGE },
	{ "style", XK_STYLE },
	{ "allow_choice_duplicates", XK_ALLOW_DUPLICATES },
	{ "clean_text_values", XK_CLEAN_TEXT },
	{ NULL, XK_IGNORE }
};

static int
xlsform_translatable(enum xlsform_kind k)
{
	return k == XK_LABEL || k == XK_HINT || k == XK_REQUIRED_MESSAGE ||
	    k == XK_CONSTRAINT_MESSAGE;
}

int
xlsform_yes_no(const char *v)
{
	static const char *yes[] = { "yes", "Yes", "YES", "true", "True",
	    "TRUE", "true()" };
	static const char *no[] = { "no", "No", "NO", "false", "False",
	    "FALSE", "false()" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(v, yes[i]) == 0)
			return 1;
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/*
 * Clean text in place: no-break spaces become spaces, typographic quotes
 * plain ones (when smart), ends are trimmed, and runs of spaces are folded
 * (when fold). Every replacement is shorter, so the text only shrinks.
 */
static void
xlsform_clean(char *s, int smart, int fold)
{
	char *r = s, *w = s, *start;

	while (*r != '\0') {
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
			*w++ = ' ';
			r += 2;
		} else if (smart && (unsigned char)r[0] == 0xe2 &&
		    (unsigned char)r[1] == 0x80 && ((unsigned char)r[2] ==
		    0x98 || (unsigned char)r[2] == 0x99)) {
			*w++ = '\'';
			r += 3;
		} else if (smart && (unsigned char)r[0] == 0xe2 &&
		    (unsigned char)r[1] == 0x80 && ((unsigned char)r[2] ==
		    0x9c || (unsigned char)r[2] == 0x9d)) {
			*w++ = '"';
			r += 3;
		} else if (fold && r[0] == ' ' && w > s && w[-1] == ' ')
			r++;
		else
			*w++ = *r++;
	}
	*w = '\0';
	while (w > s && isspace((unsigned char)w[-1]))
		*--w = '\0';
	for (start = s; isspace((unsigned char)*start); start++)
		;
	if (start != s)
		memmove(s, start, strlen(start) + 1);
}

/* pyxform's to_snake_case: words joined with "_", lower case. */
static void
xlsform_snake(const char *in, char *out, size_t size)
{
	size_t n = 0;
	int gap = 0;

	for (; *in != '\0' && n + 2 < size; in++) {
		if (isspace((unsigned char)*in)) {
			gap = n > 0;
			continue;
		}
		if (gap)
			out[n++] = '_';
		gap = 0;
		out[n++] = (char)tolower((unsigned char)*in);
	}
	out[n] = '\0';
}

static enum xlsform_kind
xlsform_alias_find(const struct xlsform_alias *a, const char *name)
{
	for (; a->name != NULL; a++)
		if (strcmp(a->name, name) == 0)
			return a->kind;
	return a->kind;
}

/* Index of a language by the label written in headers, adding it if new. */
static size_t
xlsform_lang_intern(struct xlsform_ctx *c, const char *label)
{
	struct xlsform *f = c->f;
	struct xlsform_lang *l;
	const char *open;
	size_t i, len;

	for (i = 0; i < f->nlangs; i++)
		if (strcmp(f->langs[i].label, label) == 0)
			return i;
	if (f->nlangs >= XLSFORM_MAX_LANGS) {
		if (!c->too_many++)
			xlsform_err(c, &c->survey, 1, "more than %d languages",
			    XLSFORM_MAX_LANGS);
		return XLSFORM_NONE;
	}
	if ((l = reallocarray(f->langs, f->nlangs + 1, sizeof *l)) == NULL)
		return XLSFORM_NONE;
	f->langs = l;
	l = &f->langs[f->nlangs];
	memset(l, 0, sizeof *l);
	len = strlen(label);
	open = strrchr(label, '(');
	if (open != NULL && open > label && label[len - 1] == ')') {
		/* "English (en)" and "English(en)" */
		l->name = strndup(label, (size_t)(open - label));
		l->code = strndup(open + 1, (size_t)(label + len - open - 2));
		if (l->name == NULL || l->code == NULL)
			goto fail;
		xlsform_clean(l->name, 0, 0);
		xlsform_clean(l->code, 0, 0);
	} else if ((l->name = strdup(label)) == NULL)
		goto fail;
	if ((l->label = strdup(label)) == NULL)
		goto fail;
	return f->nlangs++;
fail:
	free(l->label);
	free(l->name);
	free(l->code);
	memset(l, 0, sizeof *l);
	return XLSFORM_NONE;
}

/* 1 when column i has a value in some data row. */
static int
xlsform_column_used(const struct xlsform_sheet *s, size_t i)
{
	const char *v;
	size_t k;

	for (k = s->header + 1; k < s->t->nrows; k++)
		for (v = csv_field(&s->t->rows[k], i); *v != '\0'; v++)
			if (!isspace((unsigned char)*v))
				return 1;
	return 0;
}

/*
 * Split a cleaned header into its column kind and language. A language is
 * only added to the form when its column holds some text, so an empty
 * "hint::French" column does not offer French.
 */
static int
xlsform_header(struct xlsform_ctx *c, struct xlsform_sheet *s,
    const struct xlsform_alias *aliases, int dcolon, size_t i)
{
	struct xlsform_col *col = &s->cols[i];
	char buf[256], first[128], *tok[4], *p, *q;
	size_t ntok = 0, k;

	col->kind = XK_IGNORE;
	col->lang = XLSFORM_NONE;
	col->unsuffixed = 0;
	if (col->header[0] == '\0')
		return 0;
	snprintf(buf, sizeof buf, "%s", col->header);
	if (dcolon || strstr(buf, "::") != NULL) {
		for (p = buf; ntok < 4; p = q + 2) {
			tok[ntok++] = p;
			if ((q = strstr(p, "::")) == NULL)
				break;
			*q = '\0';
		}
	} else {
		for (p = buf; ntok < 4; p = q + 1) {
			q = strchr(p, ':');
			/* "jr:constraintMsg" stays one name. */
			if (q != NULL && q - p == 2 && strncmp(p, "jr", 2) == 0)
				q = strchr(q + 1, ':');
			tok[ntok++] = p;
			if (q == NULL)
				break;
			*q = '\0';
		}
	}
	for (k = 0; k < ntok; k++)
		xlsform_clean(tok[k], 0, 1);
	xlsform_snake(tok[0], first, sizeof first);
	if ((strcmp(first, "bind") == 0 || strcmp(first, "control") == 0) &&
	    ntok > 1) {
		memmove(tok, tok + 1, --ntok * sizeof tok[0]);
		xlsform_snake(tok[0], first, sizeof first);
	}
	p = first;
	if (strncmp(p, "bind:", 5) == 0)
		p += 5;
	else if (strncmp(p, "control:", 8) == 0)
		p += 8;
	col->kind = xlsform_alias_find(aliases, p);
	/* choice_filter names extra columns as written; media is any language */
	if (col->kind == XK_EXTRA || col->kind == XK_MEDIA)
		return 0;
	if (!xlsform_translatable(col->kind)) {
		if (ntok > 1)
			col->kind = XK_IGNORE;
		return 0;
	}
	if (ntok > 1 && tok[1][0] != '\0')
		col->langname = strdup(tok[1]);
	else {
		col->unsuffixed = 1;
		col->langname = strdup(c->default_language != NULL ?
		    c->default_language : "default");
	}
	if (col->langname == NULL)
		return ERR_NOMEM;
	if (xlsform_column_used(s, i) &&
	    (col->lang = xlsform_lang_intern(c, col->langname)) == XLSFORM_NONE)
		col->kind = XK_IGNORE;
	return 0;
}

static int
xlsform_same_lang(const struct xlsform_col *a, const struct xlsform_col *b)
{
	if (a->langname == NULL || b->langname == NULL)
		return a->langname == b->langname;
	return strcmp(a->langname, b->langname) == 0 &&
	    a->unsuffixed == b->unsuffixed;
}

/* Find the header row, classify every column, report duplicates. */
static int
xlsform_headers(struct xlsform_ctx *c, struct xlsform_sheet *s,
    const struct xlsform_alias *aliases)
{
	struct csv_row *h;
	size_t i, k;
	int dcolon = 0;

	if (s->t == NULL)
		return 0;
	for (s->header = 0; s->header < s->t->nrows &&
	    csv_row_blank(&s->t->rows[s->header]); s->header++)
		;
	if (s->header == s->t->nrows)
		return 0;
	h = &s->t->rows[s->header];
	if ((s->cols = calloc(h->nfields + 1, sizeof *s->cols)) == NULL)
		return ERR_NOMEM;
	s->ncols = h->nfields;
	for (i = 0; i < h->nfields; i++) {
		xlsform_clean(h->fields[i], 0, 1);
		if (strstr(h->fields[i], "::") != NULL)
			dcolon = 1;
	}
	for (i = 0; i < h->nfields; i++) {
		s->cols[i].header = h->fields[i];
		if (xlsform_header(c, s, aliases, dcolon, i) != 0)
			return ERR_NOMEM;
		for (k = 0; k < i && s->cols[i].header[0] != '\0'; k++) {
			if (strcmp(s->cols[k].header, s->cols[i].header) == 0) {
				xlsform_err(c, s, h->row, "Duplicate column "
				    "header: %s", s->cols[i].header);
				s->cols[i].kind = XK_IGNORE;
				break;
			}
			if (s->cols[k].kind == s->cols[i].kind &&
			    s->cols[i].kind != XK_IGNORE &&
			    s->cols[i].kind != XK_EXTRA &&
			    s->cols[i].kind != XK_MEDIA &&
			    xlsform_same_lang(&s->cols[k], &s->cols[i])) {
				xlsform_err(c, s, h->row, "Invalid headers "
				    "provided for sheet: '%s'. Headers that are "
				    "different names for the same column were "
				    "found: '%s', '%s'. Rename or remove one of "
				    "these columns.", s->name,
				    s->cols[k].header, s->cols[i].header);
				s->cols[i].kind = XK_IGNORE;
				break;
			}
		}
	}
	return 0;
}

int
xlsform_has_kind(const struct xlsform_sheet *s, enum xlsform_kind k)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (s->cols[i].kind == k)
			return 1;
	return 0;
}

int
xlsform_any_cell(const struct xlsform_sheet *s, const struct csv_row *r,
    enum xlsform_kind kind)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (s->cols[i].kind == kind && *csv_field(r, i) != '\0')
			return 1;
	return 0;
}

const char *
xlsform_cell(const struct xlsform_sheet *s, const struct csv_row *r,
    enum xlsform_kind kind)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (s->cols[i].kind == kind)
			return csv_field(r, i);
	return "";
}

char **
xlsform_texts(struct xlsform_ctx *c, const struct xlsform_sheet *s,
    const struct csv_row *r, enum xlsform_kind kind)
{
	char **v, **slot;
	const char *val;
	size_t i, n = c->f->nlangs ? c->f->nlangs : 1;

	if ((v = calloc(n, sizeof *v)) == NULL)
		return NULL;
	for (i = 0; i < s->ncols; i++) {
		if (s->cols[i].kind != kind || s->cols[i].lang >= n)
			continue;
		val = csv_field(r, i);
		slot = &v[s->cols[i].lang];
		/* A ::lang column wins over the unsuffixed one for that language. */
		if (*val == '\0' || (*slot != NULL && s->cols[i].unsuffixed))
			continue;
		free(*slot);
		if ((*slot = strdup(val)) == NULL) {
			xlsform_texts_free(v, n);
			return NULL;
		}
	}
	return v;
}

/* Clean every data cell of a sheet in place. */
static void
xlsform_clean_sheet(struct xlsform_sheet *s, int smart, int fold)
{
	size_t i, k;

	if (s->t == NULL)
		return;
	for (i = s->header + 1; i < s->t->nrows; i++)
		for (k = 0; k < s->t->rows[i].nfields; k++)
			xlsform_clean(s->t->rows[i].fields[k], smart, fold);
}

/* Read the settings sheet's first row into the form. */
static int
xlsform_settings(struct xlsform_ctx *c)
{
	struct xlsform_sheet *s = &c->settings;
	struct xlsform *f = c->f;
	const struct csv_row *r = NULL;
	const char *v;
	size_t i;

	c->clean_text = 1;
	if (s->t == NULL || xlsform_headers(c, s, xlsform_settings_aliases))
		return s->t == NULL ? 0 : ERR_NOMEM;
	for (i = s->header + 1; s->cols != NULL && i < s->t->nrows; i++)
		if (!csv_row_blank(&s->t->rows[i])) {
			r = &s->t->rows[i];
			break;
		}
	if (r == NULL)
		return 0;
	for (i = 0; i < r->nfields; i++)
		xlsform_clean(r->fields[i], 1, 0);
	if (*(v = xlsform_cell(s, r, XK_TITLE)) != '\0' &&
	    (f->title = strdup(v)) == NULL)
		return ERR_NOMEM;
	if (*(v = xlsform_cell(s, r, XK_ID)) == '\0')
		v = xlsform_cell(s, r, XK_ID_STRING);
	if (*v != '\0') {
		free(f->id);
		if ((f->id = strdup(v)) == NULL)
			return ERR_NOMEM;
	}
	if (*(v = xlsform_cell(s, r, XK_VERSION)) != '\0' &&
	    (f->version = strdup(v)) == NULL)
		return ERR_NOMEM;
	if (*(v = xlsform_cell(s, r, XK_STYLE)) != '\0' &&
	    (f->style = strdup(v)) == NULL)
		return ERR_NOMEM;
	if (*(v = xlsform_cell(s, r, XK_DEFAULT_LANGUAGE)) != '\0')
		c->default_language = v;
	c->allow_duplicates = xlsform_yes_no(xlsform_cell(s, r,
	    XK_ALLOW_DUPLICATES)) == 1;
	c->clean_text = xlsform_yes_no(xlsform_cell(s, r, XK_CLEAN_TEXT)) != 0;
	return 0;
}

int
xlsform_sheets_prepare(struct xlsform_ctx *c)
{
	struct xlsform *f = c->f;
	size_t i;
	int r;

	if ((r = xlsform_settings(c)) != 0)
		return r;
	if ((r = xlsform_headers(c, &c->survey, xlsform_survey_aliases)) != 0 ||
	    (r = xlsform_headers(c, &c->choices, xlsform_choices_aliases)) != 0)
		return r;
	xlsform_clean_sheet(&c->survey, c->clean_text, c->clean_text);
	xlsform_clean_sheet(&c->choices, c->clean_text, 0);
	if (c->survey.t != NULL && !xlsform_has_kind(&c->survey, XK_TYPE))
		xlsform_err(c, &c->survey, c->survey.header < c->survey.t->nrows ?
		    c->survey.t->rows[c->survey.header].row : 0,
		    "Invalid headers provided for sheet: 'survey'. One or more "
		    "required column headers were not found: 'type'. Learn "
		    "more: https://xlsform.org/en/#setting-up-your-worksheets");
	if (c->choices.t != NULL && c->choices.header + 1 < c->choices.t->nrows &&
	    !xlsform_has_kind(&c->choices, XK_NAME))
		xlsform_err(c, &c->choices, c->choices.t->rows[c->choices.header].row,
		    "Invalid headers provided for sheet: 'choices'. One or more "
		    "required column headers were not found: 'name'. Learn "
		    "more: https://xlsform.org/en/#setting-up-your-worksheets");
	if (c->default_language != NULL)
		f->default_lang = xlsform_lang_find(f, c->default_language);
	else
		f->default_lang = xlsform_lang_find(f, "default");
	if (f->default_lang == XLSFORM_NONE && f->nlangs > 0)
		f->default_lang = 0;
	for (i = 0; i < c->choices.ncols; i++) {
		char **v;

		if (c->choices.cols[i].kind != XK_EXTRA)
			continue;
		v = reallocarray(f->choice_columns, f->nchoice_columns + 1,
		    sizeof *v);
		if (v == NULL)
			return ERR_NOMEM;
		f->choice_columns = v;
		if ((v[f->nchoice_columns] = strdup(c->choices.cols[i].header))
		    == NULL)
			return ERR_NOMEM;
		f->nchoice_columns++;
	}
	return 0;
}

void
xlsform_sheet_free(struct xlsform_sheet *s)
{
	size_t i;

	csv_free(&s->t);
	free(s->file);
	for (i = 0; i < s->ncols; i++)
		free(s->cols[i].langname);
	free(s->cols);
	s->file = NULL;
	s->cols = NULL;
	s->ncols = 0;
}
