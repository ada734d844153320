/*
 * `outreach submit FORM [FILE]`: enter a response given on paper.
 *
 * The answers are a JSON object of question name to answer: a string, or
 * for select_multiple and rank a list of choice names (joined with spaces,
 * as XLSForm stores them); a number is taken for integer, decimal and range
 * questions. content/answers.c puts them into a survey and checks them
 * with exactly the rules the kiosk applies (content/survey.c); here every
 * problem is printed as "name: message", translated, and if there is any,
 * nothing is stored. Unknown names, answers to notes or calculations, and
 * answers to questions that do not apply given the other answers are
 * errors too: a paper form typed in wrongly must not be half kept.
 *
 * A good response is sealed the way the kiosk seals (tui/seal.h, main()'s
 * context); with nothing to seal to this says so and stores nothing.
 * --check only validates. Input is bounded (SUBMIT_MAX_INPUT).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/answers.h"
#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "tui/cmd.h"
#include "tui/i18n.h"
#include "tui/seal.h"

#define SUBMIT_MAX_INPUT	ANSWERS_MAX_INPUT

struct submit_opts {
	int		 check;
	const char	*lang;
	const char	*form;
	const char	*file;		/* NULL or "-": stdin */
};

static void
submit_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach submit [--check] [--lang CODE] "
	    "FORM [FILE]\n\n"
	    "Enter a response given on paper. FORM is a survey id of the\n"
	    "content pack, or the path of a form. The answers are a JSON\n"
	    "object read from FILE (or standard input): each question's name\n"
	    "and its answer as a string; a list of choice names for\n"
	    "select_multiple and rank; a number for integer, decimal, range.\n\n"
	    "They are checked with the kiosk's rules. Every problem is shown as\n"
	    "NAME: REASON, and then nothing is stored (exit status 1).\n\n"
	    "  --check      only check the answers; store nothing\n"
	    "  --lang CODE  the language the answers were given in\n"));
}

/*
 * One problem as "name: message": the name from the input made safe to
 * print, our own message translated, the form's shown as it is.
 */
static void
submit_problem(void *arg, const char *name, const char *msg, int from_form)
{
	char *clean = utf8_sanitize(name, strlen(name), 0);

	cmd_error("%s: %s", clean != NULL ? clean : "?", from_form ? msg :
	    _(msg));
	free(clean);
}

/* Read FILE or stdin, at most SUBMIT_MAX_INPUT bytes (Caller frees). */
static int
submit_read(const char *file, char **out, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	int r;

	*out = NULL;
	if (file != NULL && strcmp(file, "-") != 0) {
		r = file_read(file, SUBMIT_MAX_INPUT, out, len, NULL);
		if (r == ERR_LIMIT)
			cmd_error(_("%s: too large (more than %d bytes); nothing "
			    "was stored"), file, SUBMIT_MAX_INPUT);
		else if (r != 0)
			cmd_error(_("%s: cannot be read (%s)"), file,
			    err_str(r));
		return r;
	}
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (b.len + n > SUBMIT_MAX_INPUT) {
			buf_wipe_free(&b);
			cmd_error(_("the answers are too large (more than %d "
			    "bytes); nothing was stored"), SUBMIT_MAX_INPUT);
			return ERR_LIMIT;
		}
		buf_add(&b, chunk, n);
	}
	explicit_bzero(chunk, sizeof chunk);
	if (ferror(stdin) || buf_failed(&b)) {
		buf_wipe_free(&b);
		cmd_error("%s", _("cannot read the answers from standard input"));
		return ERR_IO;
	}
	if ((*out = buf_detach(&b, len)) == NULL)
		return ERR_NOMEM;
	return 0;
}

/* The form of FORM: a survey id of the pack, else a path. */
static char *
submit_form_path(const struct pack *pack, const char *form, int *feedback)
{
	struct stat st;
	size_t i;

	*feedback = 0;
	if (pack != NULL && pack_id_ok(form)) {
		if (pack->feedback != NULL && strcmp(pack->feedback, form) == 0) {
			*feedback = 1;
			return pack_survey_path(pack, form);
		}
		for (i = 0; i < pack->nsurveys; i++)
			if (strcmp(pack->surveys[i], form) == 0)
				return pack_survey_path(pack, form);
	}
	if (stat(form, &st) == 0)
		return strdup(form);
	return NULL;
}

/*
 * Whether the answers may be said to be in lang: one of the form's
 * languages (by code, header or name); any short code for a form written
 * in one unnamed language.
 */
static int
submit_lang_ok(const struct xlsform *f, const char *lang)
{
	size_t i;

	if (xlsform_lang_find(f, lang) != XLSFORM_NONE)
		return 1;
	for (i = 0; i < f->nlangs; i++)
		if (f->langs[i].code != NULL)
			return 0;
	return strlen(lang) <= 35 && utf8_valid(lang, strlen(lang));
}

static int
submit_run(const struct submit_opts *o, struct seal *seal)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct survey_response resp;
	struct xlsform *f = NULL;
	struct survey *s = NULL;
	struct pack *pack = NULL;
	struct answers_syntax where;
	char *path = NULL, *data = NULL, *cause = NULL, *clean = NULL;
	size_t len = 0;
	int feedback, bad, r, status = CMD_FAIL;

	memset(&resp, 0, sizeof resp);
	if (pack_load(cmd_pack_dir(), &pack, NULL) != 0)
		pack = NULL;
	if ((path = submit_form_path(pack, o->form, &feedback)) == NULL) {
		cmd_error(_("%s: no such survey in the pack, and no form at "
		    "that path"), o->form);
		goto out;
	}
	if ((r = xlsform_load(path, &f, &errs, &cause)) != 0) {
		cmd_error(_("%s: the form cannot be used (%s); see outreach "
		    "survey check"), o->form, cause != NULL ? cause :
		    err_str(r));
		goto out;
	}
	if (o->lang != NULL && !submit_lang_ok(f, o->lang)) {
		clean = utf8_sanitize(o->lang, strlen(o->lang), 0);
		cmd_error(_("--lang %s: the form is not written in that "
		    "language; nothing was stored"), clean != NULL &&
		    strlen(clean) <= 64 ? clean : "?");
		goto out;
	}
	if (submit_read(o->file, &data, &len) != 0)
		goto out;
	if (survey_new(f, o->lang != NULL ? o->lang : pack != NULL ?
	    pack->default_lang : NULL, 0, &s, NULL) != 0) {
		cmd_error("%s", _("out of memory"));
		goto out;
	}
	r = answers_apply(s, data, len, submit_problem, NULL, &bad, &where,
	    NULL);
	if (r == ERR_PARSE) {
		cmd_error(_("the answers are not valid JSON (line %d, column "
		    "%d: %s); nothing was stored"), where.line, where.column,
		    where.text);
		goto out;
	} else if (r == ERR_INVALID) {
		cmd_error("%s", _("the answers must be a JSON object of "
		    "question names and answers; nothing was stored"));
		goto out;
	} else if (r == ERR_LIMIT) {
		cmd_error("%s", _("too many answers; nothing was stored"));
		goto out;
	} else if (r != 0) {
		cmd_error("%s", _("out of memory"));
		goto out;
	}
	if (bad > 0) {
		cmd_error(ngettext("%d problem; nothing was stored",
		    "%d problems; nothing was stored", bad), bad);
		goto out;
	}
	if (survey_response(s, 0, feedback ? "feedback" : "survey",
	    &resp) != 0)
		goto out;
	if (o->check) {
		printf(_("%s: the answers are valid (%zu answers); nothing was "
		    "stored (--check)\n"), f->id, resp.nanswers);
		status = CMD_OK;
		goto out;
	}
	resp.pack_id = pack != NULL ? pack->id : NULL;
	resp.pack_version = pack != NULL ? pack->version : NULL;
	free(cause);
	cause = NULL;
	if (pack != NULL && ((r = seal_start(seal, pack, cmd_home(),
	    &cause)) != 0 || (r = seal_open(seal, &cause)) != 0))
		cmd_error(_("the answers could not be stored (%s)"),
		    cause != NULL ? cause : err_str(r));
	else if (!seal_ready(seal))
		cmd_error("%s", _("sealing answers is not available on this "
		    "laptop yet; nothing was stored"));
	else if ((r = seal_submit(seal, NULL, &resp, &cause)) != 0)
		cmd_error(_("the answers could not be stored (%s)"),
		    cause != NULL ? cause : err_str(r));
	else {
		printf(_("%s: %zu answers stored\n"), f->id, resp.nanswers);
		status = CMD_OK;
	}
out:
	seal_end(seal);
	free(clean);
	survey_response_clear(&resp);
	survey_free(&s);
	if (data != NULL) {
		explicit_bzero(data, len);
		free(data);
	}
	free(cause);
	free(path);
	xlsform_errors_clear(&errs);
	xlsform_free(&f);
	pack_free(&pack);
	return status;
}

int
cmd_submit(struct seal *seal, int argc, char **argv)
{
	struct submit_opts o;
	int i;

	memset(&o, 0, sizeof o);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			submit_usage(stdout);
			return CMD_OK;
		} else if (strcmp(argv[i], "--check") == 0)
			o.check = 1;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			o.lang = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			submit_usage(stderr);
			return CMD_USAGE;
		} else if (o.form == NULL)
			o.form = argv[i];
		else if (o.file == NULL)
			o.file = argv[i];
		else {
			submit_usage(stderr);
			return CMD_USAGE;
		}
	}
	if (o.form == NULL) {
		submit_usage(stderr);
		return CMD_USAGE;
	}
	return submit_run(&o, seal);
}
