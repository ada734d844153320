/*
 * Internals of `outreach hub export` (sync/hubexport*.c): an export is one
 * or more tables, each a list of columns; hx_table_write() writes one
 * table whole, given its columns and how a stored submission becomes its
 * rows. The main table has a row per submission (a tally's, a row per
 * choice counted); a repeat's table has a row per instance of the
 * repeat, keyed by PARENT_KEY and KEY as ODK Central's are. Not for use outside
 * sync/.
 */
#ifndef OUTREACH_HUBEXPORT_INT_H
#define OUTREACH_HUBEXPORT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "content/buf.h"
#include "content/jsonload.h"
#include "sync/hub-int.h"

struct xlsform;
struct xlsform_question;
struct xlsform_choice;
struct pack;

/* What a column holds. */
enum hx_kind {
	HX_META,		/* a field of the submission (hx_meta_value) */
	HX_ANSWER,		/* a question's answer */
	HX_CHOICE,		/* 0/1: one choice of a select_multiple */
	HX_KEY,			/* form-less kinds: an answer by its name */
	HX_TAG_LABEL,		/* notes: the tag's label (in --labels LANG) */
	HX_TALLY_CHOICE,	/* a tally's row: the choice counted */
	HX_TALLY_COUNT,		/* and its count */
	HX_TALLY_QLABEL,	/* the question's label in --labels LANG */
	HX_TALLY_CLABEL,	/* the choice's label in --labels LANG */
	HX_C_DATE,		/* Central: SubmissionDate */
	HX_C_INSTANCE,		/* Central: meta-instanceID, KEY */
	HX_C_CHOICE,		/* Central: 0/1, 0 when unanswered */
	HX_C_EMPTY,		/* Central: what the hub never has */
	HX_C_ZERO,		/* Central: counts that are always 0 here */
	HX_C_DEVICE,		/* Central: DeviceID */
	HX_C_VERSION,		/* Central: FormVersion */
	HX_C_PARENT_KEY,	/* repeat tables: PARENT_KEY */
	HX_C_KEY,		/* KEY, in every table of a form with repeats */
};

#define HX_MAX_CHAIN	32	/* repeats inside repeats */
#define HX_KEY_MAX	64	/* "uuid:" and a submission id */

struct hx_col {
	enum hx_kind			 kind;
	const char			*meta;	/* HX_META, HX_KEY: the name */
	const struct xlsform_question	*q;
	const struct xlsform_choice	*c;
	char				*header;	/* the name row */
	char				*label;		/* the label row, or NULL */
};

/* One record of a table: the row's source. */
struct hx_rec {
	json_t		*root;		/* the stored submission */
	json_t		*answers;	/* the answers this row reads */
	const char	*choice;	/* a tally's row: the choice */
	const char	*count;		/* and its count */
	int64_t		 imported;	/* when the hub stored it; -1 unknown */
	const char	*key;		/* repeat tables: KEY, PARENT_KEY */
	const char	*parent_key;
};

struct hx;
struct hx_table;

/* The rows of one table for one submission, appended to b. */
typedef size_t	(*hx_rows_fn)(const struct hx *x, const struct hx_table *t,
		    json_t *root, int64_t imported, struct buf *b);

struct hx_table {
	struct hx_col	*cols;
	size_t		 n;
	hx_rows_fn	 rows;
	const char	*path;		/* repeat tables: the repeat's path */
};

struct hx {
	const struct xlsform		*f;	/* NULL for notes and tally */
	const struct hub_forms		*forms;
	const struct hub_export_opts	*o;
	const char			*lang;	/* labels in it, or NULL */
	int				 tally;
	int				 central;	/* ODK Central's layout */
	const char			*eol;	/* "\r\n", Central "\n" */
	size_t				 repeat;	/* the repeat's table, or
							   XLSFORM_NONE */
	struct hx_table			 main;
};

/* Add a column (header and label are copied; label may be NULL). */
int	hx_add(struct hx_table *t, enum hx_kind kind, const char *meta,
	    const struct xlsform_question *q, const struct xlsform_choice *c,
	    const char *header, const char *label);
void	hx_table_free(struct hx_table *t);

/* The key of a question's answer in its instance: xlsform_question.key. */
const char	*hx_key(const struct xlsform_question *q);
/*
 * A repeat table's PARENT_KEY and every table's KEY, when the form has
 * repeats; after the other columns.
 */
int	hx_keys(struct hx *x);

/*
 * A question's name after its groups' names, joined by sep ("g1-g2-name"),
 * from inside the group stop (a repeat; XLSFORM_NONE: from the top), as
 * ODK Central names columns and repeat keys. Caller frees.
 */
char	*hx_path(const struct xlsform *f, const struct xlsform_question *q,
	    size_t stop, char sep);

/*
 * One CSV field, quoted when it must be. A field a spreadsheet would run
 * as a formula (= + - @ tab or CR first) gets a leading apostrophe, unless
 * it is a plain number in a numeric column (numeric: an integer, decimal
 * or range answer, a count): whatever a device sent, nothing else is
 * written raw.
 */
void	hx_csv_field(struct buf *b, const char *s, int numeric);

/* A table's one row for a record, ended by x->eol. */
void	hx_row(const struct hx *x, const struct hx_table *t,
	    const struct hx_rec *rec, struct buf *b);

/* The main table's rows: one per submission. */
size_t	hx_rows_one(const struct hx *x, const struct hx_table *t,
	    json_t *root, int64_t imported, struct buf *b);

/*
 * Write table t whole to out: its header row (and its label row when the
 * options ask for it), then the rows of every stored submission to the
 * form, in the layout's order. *rowsp: submissions read.
 */
int	hx_table_write(struct hub *h, const struct hx *x,
	    const struct hx_table *t, FILE *out, size_t *rowsp, char **cause);

/* ODK Central's columns for the form (hubexport-central.c). */
int	hx_central_columns(struct hx *x);
/* The value of a Central column for a record, into b. */
void	hx_central_cell(const struct hx *x, const struct hx_col *c,
	    const struct hx_rec *rec, struct buf *b);

#endif
