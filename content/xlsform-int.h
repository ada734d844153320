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
 *	xlsform-check.c		checks that need the whole form: duplicate
 *				names, expressions and ${references}, labels
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
};

/* Record "file:row: msg" (row 0 for none); returns ERR_NOMEM or 0. */
int	 xlsform_err(struct xlsform_ctx *c, const struct xlsform_sheet *s,
	    unsigned row, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

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
int	 xlsform_choices_build(struct xlsform_ctx *c);
int	 xlsform_survey_build(struct xlsform_ctx *c);
size_t	 xlsform_list_find(const struct xlsform *f, const char *name);

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
