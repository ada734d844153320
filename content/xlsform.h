/*
 * XLSForm surveys: the form model, loaded from an .xlsx or from CSV sheets.
 *
 * A form is read once, checked whole, and then used read-only by the
 * survey runner in the kiosk, by `outreach submit` (to validate answers)
 * and by the hub's export. Loading follows pyxform, the reference XLSForm
 * converter: the same header spellings and aliases, the same type names,
 * the same text cleaning, and errors worded as pyxform words them, each
 * with the file and the spreadsheet row. Every error is collected, not just
 * the first. A question a kiosk cannot ask (a location, a photo, a
 * barcode...) does not stop a form: it stays in the model as
 * XLSFORM_SKIPPED, is never shown and has no answer, and the loader notes
 * it with its row (xlsform.notes) so that `survey check` can say so. What
 * cannot mean anything here (a function that needs a location or data
 * outside the form) is refused with its row and the reason.
 *
 * Sources: a workbook (FORM.xlsx with sheets survey, choices, settings); a
 * folder holding survey.csv, choices.csv and settings.csv; the same three
 * files named BASE.survey.csv, BASE.choices.csv, BASE.settings.csv (give
 * any one of them); or pyxform's single-file CSV (sheet names in column 1).
 *
 * The questions are one flat array in sheet order. Groups appear as a
 * XLSFORM_BEGIN_GROUP entry and a matching XLSFORM_END_GROUP entry; every
 * entry knows its enclosing group (parent) and depth, so a runner can walk
 * the array and skip a non-relevant group by jumping to its end. A repeat
 * is a group with `repeat` set (and maybe a repeat_count); every entry
 * knows the innermost repeat it is in (scope), and its answer's key in a
 * submission, which is its name, or the path of its groups within the
 * repeat ("ambulance/frequency") when the name is used twice there (as
 * `begin loop over` makes it). pyxform's `begin loop over LIST` is
 * expanded into one group per choice of LIST, with %(name)s and %(label)s
 * replaced, as pyxform expands it. Texts
 * that can be translated are arrays with one slot per form language (NULL
 * where a language has none; an END_GROUP entry has no texts); read them
 * with xlsform_text(), which falls back to the default language, then to
 * any language. Expressions are kept as written and parsed
 * (content/expr.h).
 */
#ifndef OUTREACH_XLSFORM_H
#define OUTREACH_XLSFORM_H

#include <stddef.h>
#include <stdint.h>

#include "content/buf.h"
#include "content/expr.h"

#define XLSFORM_NONE	((size_t)-1)

struct csv;

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
	XLSFORM_SKIPPED,	/* a type a kiosk cannot ask: never shown */
};
#define XLSFORM_NTYPES	(XLSFORM_SKIPPED + 1)

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

/*
 * What xlsform_find answers for the name of a ${name} in one of the
 * form's expressions, found by the address of that name's string.
 */
struct xlsform_ref {
	const char	*name;		/* NULL: an empty slot */
	uint32_t	 q;		/* the entry + 1; 0: none */
};

struct xlsform_choice {
	char	 *name;
	char	**label;	/* per language */
	char	**extra;	/* per form->choice_columns ("" when empty) */
	unsigned  row;		/* row on the choices sheet */
};

/*
 * A choice list: from the choices sheet, or (file set) read from a CSV
 * file beside the form for select_one_from_file / select_multiple_from_file.
 * A file's list takes each choice's name from the value column ("name"
 * unless the question's parameters say value=...) and its label, the same
 * in every language, from the label column ("label", or label=...); its
 * other columns are kept (form->choice_columns) for choice_filter.
 */
struct xlsform_list {
	char			*name;		/* list_name, or the file's name */
	char			*file;		/* the CSV's name, NULL: the sheet */
	char			*value_col;	/* a file's columns */
	char			*label_col;
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
	size_t			 scope;		/* innermost enclosing repeat, or NONE */
	char			*key;		/* the answer's key in its scope */
	int			 repeat;	/* a BEGIN_GROUP that repeats */
	struct xlsform_expr	 repeat_count;	/* a repeat's fixed count */
	char			*type_text;	/* XLSFORM_SKIPPED: the type given */

	char			**label;	/* per language */
	char			**hint;
	char			**guidance;	/* guidance_hint */
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
	int			 randomize;	/* parameters randomize=true */
	struct xlsform_expr	 seed;		/* and seed=..., or none */
	/*
	 * The trigger column: when one of these entries (questions a person
	 * answers) changes, this one is set to its calculation ("" without
	 * one), once, as Collect's setvalue on xforms-value-changed does;
	 * the calculation is then not kept up to date otherwise.
	 */
	size_t			*triggers;
	size_t			 ntriggers;
	char			*trigger_src;	/* the column as written */
	double			 range_start;	/* range: 1, 10, 1 by default */
	double			 range_end;
	double			 range_step;
	size_t			 range_labels;	/* tick_labelset list, or NONE */
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

/* A CSV file beside the form that pulldata() reads (file.csv). */
struct xlsform_data {
	char			*name;		/* as pulldata names it: "towns" */
	struct csv		*t;		/* its rows; the first names columns */
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
	struct xlsform_errors	*notes;		/* what was loaded but not asked */
	struct xlsform_data	*data;		/* pulldata()'s files */
	size_t			 ndata;
	uint32_t		*nametab;	/* by name, for _find */
	uint32_t		*keytab;	/* by scope, key: _find_key */
	size_t			 tabmask;	/* their size - 1 */
	struct xlsform_ref	*reftab;	/* by a ${name}'s own string */
	size_t			 refmask;	/* its size - 1 */
	/*
	 * How many walks in form order (each instance of a repeat after the
	 * one it is in) settle every relevance and calculation from any
	 * answers: 1 + the most references on one chain of them that point
	 * forward (xlsform-order.c). 0: unknown, or they may never settle (a
	 * cycle, a repeat_count, a "." in a relevant or a calculation).
	 */
	unsigned		 settle;
};


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

/*
 * The question (or group) with this name; NULL when there is none, or
 * when the name is used more than once (in different groups or repeats).
 */
const struct xlsform_question *xlsform_find(const struct xlsform *f,
	    const char *name);
/*
 * pulldata(file, column, key_column, key) as Collect answers it: column of
 * the first row of file.csv whose key_column is key exactly; NULL when no
 * row or column matches. The form loads only when every file is there.
 */
const char *xlsform_pulldata(const struct xlsform *f, const char *file,
	    const char *column, const char *key_column, const char *key);

/* The entry of a scope (a repeat's BEGIN, NONE: the top) with this key. */
size_t	xlsform_find_key(const struct xlsform *f, size_t scope,
	    const char *key);
/* 1 when repeat r is (or is inside) repeat a; NONE is the top. */
int	xlsform_within(const struct xlsform *f, size_t r, size_t a);

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

/*
 * 1 when entries of this type carry an answer in a submission (inline:
 * a survey's walks ask it of every entry).
 */
static inline int
xlsform_type_has_answer(enum xlsform_type type)
{
	return type != XLSFORM_NOTE && type != XLSFORM_BEGIN_GROUP &&
	    type != XLSFORM_END_GROUP && type != XLSFORM_SKIPPED &&
	    (unsigned)type < XLSFORM_NTYPES;
}

#endif
