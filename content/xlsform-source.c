/*
 * Where an XLSForm's sheets come from: an .xlsx workbook; a folder holding
 * survey.csv, choices.csv and settings.csv (or one of those files); files
 * named BASE.survey.csv, BASE.choices.csv and BASE.settings.csv (any one
 * of them may be given); or pyxform's single-file CSV, where a sheet name
 * in the first column starts each sheet. Only survey is required. A CSV
 * sheet that does not parse is a form error at its line; a workbook that
 * cannot be read, or an old .xls file, is a failure to read with a cause.
 */
#include "content/xlsform-int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/xlsx.h"

static int
xlsform_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

/*
 * Read one CSV sheet. A missing optional sheet is not an error; a sheet
 * that is not well-formed CSV is a form error at the line it names.
 */
static int
xlsform_read_csv(struct xlsform_ctx *c, struct xlsform_sheet *s,
    const char *path, int required, char **cause)
{
	char *data = NULL, *why = NULL, *end;
	unsigned long line;
	size_t len;
	int r;

	if ((s->file = strdup(path)) == NULL)
		return ERR_NOMEM;
	r = file_read(path, CSV_MAX_BYTES, &data, &len, required ? cause :
	    NULL);
	if (r == ERR_NOTFOUND && !required)
		return 0;
	if (r != 0)
		return r;
	if ((r = csv_parse(data, len, NULL, &s->t, &why)) != 0 &&
	    r != ERR_NOMEM) {
		/* why is "line N: what" */
		line = strncmp(why, "line ", 5) == 0 ?
		    strtoul(why + 5, &end, 10) : 0;
		if (line > 0 && *end == ':' && end[1] == ' ')
			xlsform_err(c, s, (unsigned)line, "%s", end + 2);
		else
			xlsform_err(c, s, 0, "%s", why);
		r = 0;
	}
	free(why);
	free(data);
	return r;
}

static int
xlsform_read_xlsx(struct xlsform_ctx *c, const char *path, char **cause)
{
	struct xlsform_sheet *sheets[] = { &c->survey, &c->choices,
	    &c->settings };
	struct xlsx *x = NULL;
	size_t i;
	int k, r;

	if ((r = xlsx_open(path, NULL, &x, cause)) != 0)
		return r;
	for (i = 0; i < 3; i++) {
		if ((sheets[i]->file = strdup(path)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		if ((k = xlsx_sheet_find(x, sheets[i]->name)) >= 0 &&
		    (r = xlsx_read_sheet(x, (size_t)k, &sheets[i]->t,
		    cause)) != 0)
			goto out;
	}
	if (c->survey.t == NULL)
		xlsform_err(c, &c->survey, 0, "You must have a sheet named "
		    "'survey'.");
out:
	xlsx_free(&x);
	return r;
}

/* pyxform's single-file CSV: a sheet name in column 1 starts each sheet. */
static int
xlsform_read_single(struct xlsform_ctx *c, const char *path, char **cause)
{
	struct xlsform_sheet *sheets[] = { &c->survey, &c->choices,
	    &c->settings }, *cur = NULL;
	struct csv *all = NULL;
	struct csv_row *row;
	char **fields;
	size_t i, k;
	int r;

	if ((r = xlsform_read_csv(c, &c->survey, path, 1, cause)) != 0 ||
	    c->survey.t == NULL)
		return r;
	all = c->survey.t;
	c->survey.t = NULL;
	for (i = 0; i < 3; i++) {
		if ((i > 0 && (sheets[i]->file = strdup(path)) == NULL) ||
		    (sheets[i]->t = calloc(1, sizeof *sheets[i]->t)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
	}
	for (i = 0; i < all->nrows; i++) {
		row = &all->rows[i];
		if (row->nfields > 0 && row->fields[0][0] != '\0') {
			cur = NULL;
			for (k = 0; k < 3; k++)
				if (strcasecmp(row->fields[0],
				    sheets[k]->name) == 0)
					cur = sheets[k];
		}
		if (cur == NULL || row->nfields < 2 || csv_row_blank(row))
			continue;
		if ((fields = calloc(row->nfields - 1, sizeof *fields)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		for (k = 1; k < row->nfields; k++) {
			fields[k - 1] = row->fields[k];
			row->fields[k] = NULL;
		}
		if ((r = csv_add_row(cur->t, row->row, row->line, fields,
		    row->nfields - 1)) != 0)
			goto out;
	}
	for (i = 1; i < 3; i++)
		if (sheets[i]->t->nrows == 0)
			csv_free(&sheets[i]->t);
	if (c->survey.t->nrows == 0)
		xlsform_err(c, &c->survey, 0, "You must have a sheet named "
		    "'survey'.");
out:
	csv_free(&all);
	return r;
}

/* The form's fallback id: the file or folder name without its suffix. */
static char *
xlsform_base_id(const char *path, const char *suffix)
{
	char *copy, *base, *id = NULL;
	size_t len;

	if ((copy = strdup(path)) == NULL)
		return NULL;
	len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	base = basename(copy);
	len = strlen(base);
	if (suffix != NULL && xlsform_ends_with(base, suffix) &&
	    len > strlen(suffix))
		len -= strlen(suffix);
	id = strndup(base, len);
	free(copy);
	return id;
}

/* Read PREFIX<sep>survey.csv, PREFIX<sep>choices.csv, PREFIX<sep>settings.csv. */
static int
xlsform_read_set(struct xlsform_ctx *c, const char *prefix, const char *sep,
    char **cause)
{
	struct xlsform_sheet *sheets[] = { &c->survey, &c->choices,
	    &c->settings };
	char *p = NULL, *real;
	size_t i;
	int r = 0;

	/* "." names the folder it is, not "." */
	real = realpath(prefix, NULL);
	c->f->id = xlsform_base_id(real != NULL ? real : prefix, NULL);
	free(real);
	if (c->f->id == NULL)
		return ERR_NOMEM;
	for (i = 0; i < 3 && r == 0; i++) {
		if (asprintf(&p, "%s%s%s.csv", prefix, sep,
		    sheets[i]->name) == -1)
			return ERR_NOMEM;
		r = xlsform_read_csv(c, sheets[i], p, i == 0, cause);
		free(p);
	}
	return r;
}

int
xlsform_sheets_read(struct xlsform_ctx *c, const char *path, char **cause)
{
	static const char *sheet_suffix[] = { ".survey.csv", ".choices.csv",
	    ".settings.csv" };
	unsigned char head[8];
	struct stat st;
	char *base = NULL, *dir = NULL;
	const char *name, *suffix = NULL;
	ssize_t n = 0;
	size_t i;
	int fd, r;

	c->survey.name = "survey";
	c->choices.name = "choices";
	c->settings.name = "settings";
	if (stat(path, &st) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* FOLDER/survey.csv (or choices.csv, settings.csv) means FOLDER. */
	name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	for (i = 0; i < 3 && !S_ISDIR(st.st_mode); i++) {
		if (strcmp(name, sheet_suffix[i] + 1) != 0)
			continue;
		dir = name == path ? strdup(".") :
		    strndup(path, (size_t)(name - path - 1));
		if (dir == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		path = dir;
		st.st_mode = S_IFDIR;
	}
	/* Files a form names (select_one_from_file) are beside it. */
	if (S_ISDIR(st.st_mode))
		c->dir = strdup(path);
	else if (strrchr(path, '/') == NULL)
		c->dir = strdup(".");
	else
		c->dir = strndup(path, (size_t)(strrchr(path, '/') - path));
	if (c->dir == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = xlsform_read_set(c, path, "/", cause);
		goto out;
	}
	for (i = 0; i < 3; i++)
		if (xlsform_ends_with(path, sheet_suffix[i]))
			suffix = sheet_suffix[i];
	if (suffix != NULL) {
		/* BASE.survey.csv, BASE.choices.csv, BASE.settings.csv */
		if ((base = strndup(path, strlen(path) - strlen(suffix))) == NULL)
			r = ERR_NOMEM;
		else
			r = xlsform_read_set(c, base, ".", cause);
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(fd, head, sizeof head);
		close(fd);
	}
	if (xlsform_ends_with(path, ".xlsx") ||
	    (n >= 4 && memcmp(head, "PK\003\004", 4) == 0) ||
	    (n > 0 && xlsx_is_ole2(head, (size_t)n)) ||
	    xlsform_ends_with(path, ".xls")) {
		if ((c->f->id = xlsform_base_id(path, xlsform_ends_with(path,
		    ".xls") ? ".xls" : ".xlsx")) == NULL)
			r = ERR_NOMEM;
		else
			r = xlsform_read_xlsx(c, path, cause);
	} else if (xlsform_ends_with(path, ".csv")) {
		if ((c->f->id = xlsform_base_id(path, ".csv")) == NULL)
			r = ERR_NOMEM;
		else
			r = xlsform_read_single(c, path, cause);
	} else
		r = err_set(cause, ERR_UNSUPPORTED, "%s: not an XLSForm: give "
		    "an .xlsx workbook, a folder holding survey.csv, or a "
		    "NAME.survey.csv file", path);
out:
	free(dir);
	free(base);
	return r;
}
