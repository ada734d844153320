/*
 * Internals shared by the XLSForm loader's files; see xlsform.h.
 *
 *	xlsform.c		loading, the public getters, errors, freeing
 *	xlsform-source.c	finding and reading the sheets
 *	xlsform-sheets.c	headers, aliases, languages, text cleaning, the
 *				settings sheet
 *	xlsform-survey.c	choices and survey rows into the model: types,
 *				groups, names, lists, range parameters
 *	xlsform-range.c		a range question's parameters
 *	xlsform-loop.c		`begin loop over LIST`, expanded into groups
 *	xlsform-check.c		checks that need the whole form: duplicate
 *				names, scopes and keys, expressions and
 *				${references}, labels
 *	xlsform-order.c		how many walks settle its computations
 */
#ifndef OUTREACH_XLSFORM_INT_H
#define OUTREACH_XLSFORM_INT_H

#include "content/csv.h"
#include "content/xlsform.h"

/* What a column holds, after aliases. */
enum xlsform_kind {
	XK_IGNORE,		/* unknown, or an empty header */
	XK_TYPE,
	XK_NAME,
	XK_LABEL,
	XK_HINT,
	XK_GUIDANCE_HINT,
	XK_TRIGGER,
	XK_REQUIRED,
	XK_REQUIRED_MESSAGE,
	XK_RELEVANT,
	XK_CONSTRAINT,
	XK_CONSTRAINT_MESSAGE,
	XK_CALCULATION,
	XK_DEFAULT,
	XK_APPEARANCE,
	XK_CHOICE_FILTER,
	XK_PARAMETERS,
	XK_REPEAT_COUNT,
	XK_READ_ONLY,
	XK_DISABLED,
	XK_MEDIA,		/* image, audio, video: not shown here */
	XK_LIST_NAME,		/* choices */
	XK_EXTRA,		/* choices: kept for choice_filter */
	XK_TITLE,		/* settings */
	XK_ID,
	XK_ID_STRING,
	XK_VERSION,
	XK_DEFAULT_LANGUAGE,
	XK_STYLE,
	XK_ALLOW_DUPLICATES,
	XK_CLEAN_TEXT,
	XK_NKINDS
};

struct xlsform_col {
	enum xlsform_kind	 kind;
	size_t			 lang;		/* language index, or NONE */
	int			 unsuffixed;	/* a translatable column without ::lang */
	const char		*header;	/* cleaned header text */
	char			*langname;	/* its language as written, or NULL */
};

struct xlsform_sheet {
	const char		*name;		/* "survey", "choices", "settings" */
	char			*file;		/* the file errors name */
	struct csv		*t;		/* NULL when the sheet is absent */
	size_t			 header;	/* index of the header row */
	struct xlsform_col	*cols;		/* one per header field */
	size_t			 ncols;
};

struct xlsform_ctx {
	struct xlsform		*f;
	struct xlsform_errors	*errs;
	struct xlsform_sheet	 survey;
	struct xlsform_sheet	 choices;
	struct xlsform_sheet	 settings;
	const char		*default_language;	/* from settings */
	int			 allow_duplicates;
	int			 clean_text;
	int			 too_many;	/* a bound was reported */
	char			*dir;		/* the folder the form is in */
};

/* Record "file:row: msg" (row 0 for none); returns ERR_NOMEM or 0. */
int	 xlsform_err(struct xlsform_ctx *c, const struct xlsform_sheet *s,
	    unsigned row, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Record a note on the survey sheet: loaded, but not asked on a kiosk. */
int	 xlsform_note(struct xlsform_ctx *c, unsigned row, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* xlsform-source.c */
int	 xlsform_sheets_read(struct xlsform_ctx *c, const char *path,
	    char **cause);

/* xlsform-sheets.c */
int	 xlsform_sheets_prepare(struct xlsform_ctx *c);
void	 xlsform_sheet_free(struct xlsform_sheet *s);
/* 1 when any column of the kind has a value in the row. */
int	 xlsform_any_cell(const struct xlsform_sheet *s,
	    const struct csv_row *r, enum xlsform_kind kind);
/* The row's value in the first column of a kind ("" when none). */
const char *xlsform_cell(const struct xlsform_sheet *s,
	    const struct csv_row *r, enum xlsform_kind kind);
/* Fill a per-language array from a row's columns of a kind (Caller frees). */
char	**xlsform_texts(struct xlsform_ctx *c, const struct xlsform_sheet *s,
	    const struct csv_row *r, enum xlsform_kind kind);
int	 xlsform_has_kind(const struct xlsform_sheet *s, enum xlsform_kind k);
/* yes/true/TRUE()... -> 1, no/false... -> 0, anything else -> -1. */
int	 xlsform_yes_no(const char *v);

/* xlsform-survey.c */
int	 xlsform_survey_build(struct xlsform_ctx *c);

/* xlsform-select.c: choice lists, from the sheet or from a CSV file. */
int	 xlsform_choices_build(struct xlsform_ctx *c);
/* The choices sheet's list of this name, or NONE. */
size_t	 xlsform_list_find(const struct xlsform *f, const char *name);
/*
 * A select's list and parameters (randomize, seed; value and label for a
 * file), with pyxform's checks; file: the type was *_from_file.
 */
int	 xlsform_select(struct xlsform_ctx *c, struct xlsform_question *q,
	    const char *list, int file);
/* Resolve every trigger column to the entries it names (after names). */
int	 xlsform_triggers(struct xlsform_ctx *c);
/* Read name.csv beside the form for pulldata() at row, once. */
int	 xlsform_data_need(struct xlsform_ctx *c, unsigned row,
	    const char *name);

/* xlsform-order.c: f->settle, once the form is built and checked. */
int	 xlsform_order(struct xlsform *f);

/* xlsform-loop.c: expand every loop of the survey sheet in place. */
int	 xlsform_loops_expand(struct xlsform_ctx *c);

/* xlsform-range.c: split a parameters cell as pyxform does. */
#define XLSFORM_MAX_PARAMS	16
struct xlsform_param {
	char	key[32];
	char	value[256];
};
/* -1 on a part without "=", or more than max parts. */
int	 xlsform_params(const char *raw, struct xlsform_param *v, size_t max,
	    size_t *n);
/* xlsform-range.c: read and check a range's parameters. */
int	 xlsform_range(struct xlsform_ctx *c, struct xlsform_question *q,
	    const char *raw);

/* xlsform-check.c */
int	 xlsform_check(struct xlsform_ctx *c);
/* Parse an expression cell into x, reporting a bad one against its row. */
int	 xlsform_expr_set(struct xlsform_ctx *c, unsigned row,
	    const char *column, const char *src, struct xlsform_expr *x);

/* Free helpers. */
void	 xlsform_texts_free(char **v, size_t n);
void	 xlsform_expr_clear(struct xlsform_expr *x);

#endif
