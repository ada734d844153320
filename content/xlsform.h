/*
 * XLSForm surveys: the form model, loaded from an .xlsx or from CSV sheets.
 *
 * A form is read once, checked whole, and then used read-only by the
 * survey runner in the kiosk, by `outreach submit` (to validate answers)
 * and by the hub's export. Loading follows pyxform, the reference XLSForm
 * converter: the same header spellings and aliases, the same type names,
 * the same text cleaning, and errors worded as pyxform words them, each
 * with the file and the spreadsheet row. Every error is collected, not just
 * the first. What a terminal cannot ask (locations, photos, repeats...) is
 * refused with its row and the reason.
 *
 * Sources: a workbook (FORM.xlsx with sheets survey, choices, settings); a
 * folder holding survey.csv, choices.csv and settings.csv; the same three
 * files named BASE.survey.csv, BASE.choices.csv, BASE.settings.csv (give
 * any one of them); or pyxform's single-file CSV (sheet names in column 1).
 *
 * The questions are one flat array in sheet order. Groups appear as a
 * XLSFORM_BEGIN_GROUP entry and a matching XLSFORM_END_GROUP entry; every
 * entry knows its enclosing group (parent) and depth, so a runner can walk
 * the array and skip a non-relevant group by jumping to its end. Texts
 * that can be translated are arrays with one slot per form language (NULL
 * where a language has none; an END_GROUP entry has no texts); read them
 * with xlsform_text(), which falls back to the default language, then to
 * any language. Expressions are kept as written and parsed
 * (content/expr.h).
 */
#ifndef OUTREACH_XLSFORM_H
#define OUTREACH_XLSFORM_H

#include <stddef.h>

#include "content/buf.h"
#include "content/expr.h"

#define XLSFORM_NONE	((size_t)-1)

/* Bounds on what a form may hold. */
#define XLSFORM_MAX_QUESTIONS	5000
#define XLSFORM_MAX_CHOICES	50000
#define XLSFORM_MAX_LISTS	2000
#define XLSFORM_MAX_LANGS	64
#define XLSFORM_MAX_ERRORS	200

enum xlsform_type {
	XLSFORM_TEXT,
	XLSFORM_INTEGER,
	XLSFORM_DECIMAL,
	XLSFORM_SELECT_ONE,
	XLSFORM_SELECT_MULTIPLE,
	XLSFORM_RANK,
	XLSFORM_RANGE,
	XLSFORM_NOTE,
	XLSFORM_ACKNOWLEDGE,
	XLSFORM_DATE,
	XLSFORM_CALCULATE,
	XLSFORM_BEGIN_GROUP,
	XLSFORM_END_GROUP,
	XLSFORM_META,		/* filled in by the device, never asked */
};
#define XLSFORM_NTYPES	(XLSFORM_META + 1)

/* What a XLSFORM_META entry records. */
enum xlsform_meta {
	XLSFORM_META_NONE,
	XLSFORM_META_START,	/* when the survey started */
	XLSFORM_META_END,	/* when it was submitted */
	XLSFORM_META_TODAY,	/* the date it started */
	XLSFORM_META_DEVICEID,	/* the device's key id */
	XLSFORM_META_USERNAME,	/* the rest are left empty on a kiosk */
	XLSFORM_META_PHONENUMBER,
	XLSFORM_META_SIMSERIAL,
	XLSFORM_META_SUBSCRIBERID,
	XLSFORM_META_EMAIL,
};

/* A language of the form: "English (en)" gives name English, code en. */
struct xlsform_lang {
	char	*label;		/* as written in the headers, or "default" */
	char	*name;
	char	*code;		/* NULL when the header has none */
};

/* An expression column: the text (NULL when empty) and its parse. */
struct xlsform_expr {
	char		*src;
	struct expr	*e;
};

struct xlsform_choice {
	char	 *name;
	char	**label;	/* per language */
	char	**extra;	/* per form->choice_columns ("" when empty) */
	unsigned  row;		/* row on the choices sheet */
};

struct xlsform_list {
	char			*name;
	struct xlsform_choice	*choices;
	size_t			 nchoices;
};

struct xlsform_question {
	enum xlsform_type	 type;
	enum xlsform_meta	 meta;
	char			*name;
	unsigned		 row;		/* row on the survey sheet */
	size_t			 parent;	/* enclosing BEGIN_GROUP, or NONE */
	int			 depth;		/* 0 at the top level */
	size_t			 match;		/* BEGIN <-> END partner, or NONE */

	char			**label;	/* per language */
	char			**hint;
	char			**constraint_message;
	char			**required_message;

	int			 required;	/* yes/true in the required column */
	struct xlsform_expr	 required_if;	/* an expression there instead */
	int			 read_only;
	struct xlsform_expr	 read_only_if;
	struct xlsform_expr	 relevant;
	struct xlsform_expr	 constraint;
	struct xlsform_expr	 calculation;
	struct xlsform_expr	 choice_filter;
	char			*default_value;	/* a literal default, or NULL */
	struct xlsform_expr	 default_expr;	/* a default computed once */
	char			*appearance;	/* NULL when empty */
	char			*parameters;	/* as written, NULL when empty */

	size_t			 list;		/* selects: form->lists index */
	double			 range_start;	/* range: 1, 10, 1 by default */
	double			 range_end;
	double			 range_step;
	size_t			 range_labels;	/* tick_labelset list, or NONE */
};

struct xlsform {
	char			*path;		/* what it was loaded from */
	char			*id;		/* form_id, else the file's name */
	char			*version;	/* NULL when not set */
	char			*title;		/* form_title, else the id */
	char			*style;		/* NULL when not set */
	struct xlsform_lang	*langs;
	size_t			 nlangs;
	size_t			 default_lang;	/* index, NONE without languages */
	struct xlsform_question	*questions;
	size_t			 nquestions;
	struct xlsform_list	*lists;
	size_t			 nlists;
	char			**choice_columns; /* extra columns of choices */
	size_t			 nchoice_columns;
};

/* One problem found while loading: "file:row: msg" (row 0: none). */
struct xlsform_error {
	char		*file;
	const char	*sheet;		/* "survey", "choices" or "settings" */
	unsigned	 row;
	char		*msg;
};

struct xlsform_errors {
	struct xlsform_error	*v;
	size_t			 n;
	size_t			 cap;
	int			 truncated;	/* stopped at XLSFORM_MAX_ERRORS */
};

#define XLSFORM_ERRORS_INIT	{ NULL, 0, 0, 0 }

/*
 * Load and check the form at path. On success *out holds the form (Caller
 * frees with xlsform_free()). When the form has mistakes, returns
 * ERR_INVALID with every one in errs (Caller clears them). When it cannot
 * be read at all, returns ERR_NOTFOUND, ERR_IO, ERR_PARSE, ERR_LIMIT or
 * ERR_UNSUPPORTED (an .xls file) with *cause set (Caller frees). errs and
 * cause may be NULL.
 */
int	xlsform_load(const char *path, struct xlsform **out,
	    struct xlsform_errors *errs, char **cause);
void	xlsform_free(struct xlsform **f);

void	xlsform_errors_clear(struct xlsform_errors *errs);
/* Append every error as a "file:row: reason" line. */
void	xlsform_errors_format(const struct xlsform_errors *errs,
	    struct buf *out);

/* The question (or group) with this name; NULL when there is none. */
const struct xlsform_question *xlsform_find(const struct xlsform *f,
	    const char *name);

/* Index of a language by label, code or name (any case); NONE if absent. */
size_t	xlsform_lang_find(const struct xlsform *f, const char *lang);

/*
 * The text for lang from a per-language array (a label, hint or message):
 * that language, else the default language, else the first language that
 * has one. NULL when none has it.
 */
const char *xlsform_text(const struct xlsform *f, char *const *texts,
	    const char *lang);

/* The choice list of a select or rank question; NULL for other types. */
const struct xlsform_list *xlsform_list_of(const struct xlsform *f,
	    const struct xlsform_question *q);

/*
 * A choice's value in a choices-sheet column ("name", "label" in the
 * default language, or an extra column such as one choice_filter names);
 * NULL when the sheet has no such column.
 */
const char *xlsform_choice_value(const struct xlsform *f,
	    const struct xlsform_choice *c, const char *column);

/* How many entries of a type the form has. */
size_t	xlsform_count(const struct xlsform *f, enum xlsform_type type);

/* The XLSForm name of a type ("select_one", "begin_group"...). */
const char *xlsform_type_name(enum xlsform_type type);

/* 1 when entries of this type carry an answer in a submission. */
int	xlsform_type_has_answer(enum xlsform_type type);

#endif
