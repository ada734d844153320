/*
 * `outreach survey check PATH`: load an XLSForm the way the kiosk will and
 * say whether it can be used. A good form gets a short summary on stdout
 * and "PATH: ok"; a bad one gets every error, one "file:row: reason" line
 * each, on stderr, and a hint when a CSV sheet is separated by ';'.
 *
 * Text from the form reaches the terminal here, so control characters are
 * replaced before printing: a hostile name cannot move the cursor or split
 * an error over two lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/diag.h"
#include "content/err.h"
#include "content/pack.h"
#include "content/xlsform.h"
#include "tui/cmd.h"
#include "tui/i18n.h"

static void
survey_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach survey check PATH\n\n"
	    "Check an XLSForm survey: an .xlsx workbook, a folder holding\n"
	    "survey.csv (and choices.csv, settings.csv), or NAME.survey.csv\n"
	    "beside NAME.choices.csv and NAME.settings.csv.\n\n"
	    "A form that can be used gets a summary, a last line PATH: ok and\n"
	    "exit status 0; a form with mistakes gets every one as\n"
	    "FILE:ROW: REASON on stderr and exit status 1.\n"));
}

/*
 * The summary is "key: value" lines that scripts read, so its keys stay
 * English whatever the language.
 */
static void
survey_summary(const struct xlsform *f)
{
	enum xlsform_type t;
	size_t i, n, total = 0;

	fputs("title:     ", stdout);
	cmd_put(stdout, f->title != NULL ? f->title : "");
	fputs("\nid:        ", stdout);
	cmd_put(stdout, f->id != NULL ? f->id : "");
	fputs("\nversion:   ", stdout);
	cmd_put(stdout, f->version != NULL ? f->version : "(none)");
	fputs("\nlanguages: ", stdout);
	for (i = 0; i < f->nlangs; i++) {
		if (i > 0)
			fputs(", ", stdout);
		cmd_put(stdout, f->langs[i].label);
		if (i == f->default_lang && f->nlangs > 1)
			fputs(" (default)", stdout);
	}
	if (f->nlangs == 0)
		fputs("(none)", stdout);
	for (t = 0; t < XLSFORM_NTYPES; t++)
		if (t != XLSFORM_BEGIN_GROUP && t != XLSFORM_END_GROUP)
			total += xlsform_count(f, t);
	printf("\nquestions: %zu\n", total);
	for (t = 0; t < XLSFORM_NTYPES; t++) {
		if (t == XLSFORM_BEGIN_GROUP || t == XLSFORM_END_GROUP ||
		    (n = xlsform_count(f, t)) == 0)
			continue;
		printf("  %-16s %zu\n", xlsform_type_name(t), n);
	}
	printf("groups:    %zu\n", xlsform_count(f, XLSFORM_BEGIN_GROUP));
	printf("choice lists: %zu\n", f->nlists);
}

static int
survey_check(const char *path)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct diags hints = DIAGS_INIT;
	struct xlsform *f = NULL;
	struct buf b = BUF_INIT;
	char *cause = NULL;
	int r, status;

	r = xlsform_load(path, &f, &errs, &cause);
	if (r == 0) {
		survey_summary(f);
		cmd_put(stdout, path);
		fputs(": ok\n", stdout);
		status = CMD_OK;
	} else if (errs.n > 0) {
		xlsform_errors_format(&errs, &b);
		/* Excel's "CSV" where the decimal mark is a comma. */
		pack_check_csv_sep(path, &hints);
		diags_format(&hints, &b);
		cmd_put(stderr, buf_str(&b));
		cmd_error(ngettext("%s: %zu error; the form cannot be used",
		    "%s: %zu errors; the form cannot be used", errs.n), path,
		    errs.n);
		status = CMD_FAIL;
	} else {
		fputs("outreach: ", stderr);
		cmd_put(stderr, cause != NULL ? cause : err_str(r));
		fputc('\n', stderr);
		status = CMD_FAIL;
	}
	buf_free(&b);
	free(cause);
	xlsform_errors_clear(&errs);
	diags_clear(&hints);
	xlsform_free(&f);
	return status;
}

int
cmd_survey(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			survey_usage(stdout);
			return CMD_OK;
		}
	if (argc != 3 || strcmp(argv[1], "check") != 0 || argv[2][0] == '-') {
		survey_usage(stderr);
		return CMD_USAGE;
	}
	return survey_check(argv[2]);
}
