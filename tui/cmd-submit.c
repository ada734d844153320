/*
 * `outreach submit FORM [FILE]`: enter a response given on paper.
 *
 * The answers are a JSON object of question name to answer: a string, or
 * for select_multiple and rank a list of choice names (joined with spaces,
 * as XLSForm stores them); a number is taken for integer, decimal and range
 * questions. They are checked with exactly the rules the kiosk applies
 * (content/survey.c): every problem is reported as "name: message", and if
 * there is any, nothing is stored. Unknown names, answers to notes or
 * calculations, and answers to questions that do not apply given the
 * other answers are errors too: a paper form typed in wrongly must not be
 * half kept.
 *
 * A good response goes to the same sealing hook as the kiosk's
 * (tui/submit.h); until one is installed this says so and stores nothing.
 * --check only validates. Input is bounded (SUBMIT_MAX_INPUT).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
#include "tui/submit.h"

#define SUBMIT_MAX_INPUT	(1024 * 1024)
#define SUBMIT_MAX_ITEMS	10000

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

/* A name or text from the input, safe to print. */
static void
submit_problem(const char *name, const char *msg)
{
	char *clean = utf8_sanitize(name, strlen(name), 0);

	cmd_error("%s: %s", clean != NULL ? clean : "?", msg);
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

/* The answer in v as an XLSForm string, or NULL with *why set. */
static char *
submit_value(enum xlsform_type t, json_t *v, const char **why)
{
	struct expr_value ev;
	struct buf b = BUF_INIT;
	json_t *item;
	size_t i;

	*why = NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_number(v) && (t == XLSFORM_INTEGER ||
	    t == XLSFORM_DECIMAL || t == XLSFORM_RANGE)) {
		memset(&ev, 0, sizeof ev);
		ev.type = EXPR_NUMBER;
		ev.num = json_number_value(v);
		return expr_to_string(&ev);
	}
	if (json_is_array(v) && (t == XLSFORM_SELECT_MULTIPLE ||
	    t == XLSFORM_RANK)) {
		json_array_foreach(v, i, item) {
			if (!json_is_string(item) ||
			    strchr(json_string_value(item), ' ') != NULL) {
				*why = _("each item of the list must be one "
				    "choice name");
				buf_wipe_free(&b);
				return NULL;
			}
			if (i > 0)
				buf_addch(&b, ' ');
			buf_addstr(&b, json_string_value(item));
		}
		return buf_detach(&b, NULL);
	}
	if (t == XLSFORM_SELECT_MULTIPLE || t == XLSFORM_RANK)
		*why = _("the answer must be a list of choice names, or a "
		    "string of them separated by spaces");
	else if (t == XLSFORM_INTEGER || t == XLSFORM_DECIMAL ||
	    t == XLSFORM_RANGE)
		*why = _("the answer must be a number or a string");
	else
		*why = _("the answer must be a string");
	return NULL;
}

/* Put every answer of obj into s; returns the number of problems. */
static int
submit_fill(struct survey *s, json_t *obj)
{
	const struct xlsform *f = survey_form(s);
	const char *name, *why;
	json_t *v;
	size_t q;
	char *val;
	int bad = 0, r;

	json_object_foreach(obj, name, v) {
		if ((q = survey_find(s, name)) == SURVEY_NONE) {
			submit_problem(name, _("there is no question with this "
			    "name in the form"));
			bad++;
			continue;
		}
		if (!survey_answerable(s, q)) {
			submit_problem(name, _("this is not a question that "
			    "takes an answer (a note, a group, a calculation or "
			    "a read-only question)"));
			bad++;
			continue;
		}
		if ((val = submit_value(f->questions[q].type, v, &why)) ==
		    NULL) {
			submit_problem(name, why != NULL ? why :
			    _("out of memory"));
			bad++;
			continue;
		}
		if ((r = survey_set(s, q, val)) != 0) {
			submit_problem(name, r == ERR_LIMIT ? _("the answer "
			    "is too long") : _("the answer is not valid UTF-8 "
			    "text"));
			bad++;
		}
		explicit_bzero(val, strlen(val));
		free(val);
	}
	return bad;
}

/* Every problem left once all answers are in: relevance, then the rules. */
static int
submit_check(struct survey *s, json_t *obj)
{
	const struct xlsform *f = survey_form(s);
	struct survey_problem p;
	const char *name;
	json_t *v;
	size_t q;
	int bad = 0;

	json_object_foreach(obj, name, v) {
		q = survey_find(s, name);
		if (q != SURVEY_NONE && !survey_relevant(s, q) &&
		    *survey_get_raw(s, q) != '\0') {
			submit_problem(name, _("this question does not apply "
			    "given the other answers (its relevant condition "
			    "is false)"));
			bad++;
		}
	}
	for (q = 0; q < f->nquestions; q++)
		if (survey_check(s, q, &p) != 0) {
			submit_problem(p.name, p.from_form ? p.msg : _(p.msg));
			bad++;
		}
	return bad;
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

static int
submit_run(const struct submit_opts *o)
{
	struct xlsform_errors errs = XLSFORM_ERRORS_INIT;
	struct survey_response resp;
	struct xlsform *f = NULL;
	struct survey *s = NULL;
	struct pack *pack = NULL;
	json_error_t jerr;
	json_t *obj = NULL;
	char *path = NULL, *data = NULL, *cause = NULL;
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
	if (submit_read(o->file, &data, &len) != 0)
		goto out;
	if ((obj = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		cmd_error(_("the answers are not valid JSON (line %d, column "
		    "%d: %s); nothing was stored"), jerr.line, jerr.column,
		    jerr.text);
		goto out;
	}
	if (!json_is_object(obj)) {
		cmd_error("%s", _("the answers must be a JSON object of "
		    "question names and answers; nothing was stored"));
		goto out;
	}
	if (json_object_size(obj) > SUBMIT_MAX_ITEMS) {
		cmd_error("%s", _("too many answers; nothing was stored"));
		goto out;
	}
	if (survey_new(f, o->lang != NULL ? o->lang : pack != NULL ?
	    pack->default_lang : NULL, 0, &s, NULL) != 0) {
		cmd_error("%s", _("out of memory"));
		goto out;
	}
	bad = submit_fill(s, obj);
	bad += submit_check(s, obj);
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
	if (pack != NULL && ((r = seal_install(pack, cmd_home(), &cause)) != 0 ||
	    (r = seal_open(&cause)) != 0))
		cmd_error(_("the answers could not be stored (%s)"),
		    cause != NULL ? cause : err_str(r));
	else if (!submit_ready())
		cmd_error("%s", _("sealing answers is not available on this "
		    "laptop yet; nothing was stored"));
	else if ((r = submit_send(&resp, &cause)) != 0)
		cmd_error(_("the answers could not be stored (%s)"),
		    cause != NULL ? cause : err_str(r));
	else {
		printf(_("%s: %zu answers stored\n"), f->id, resp.nanswers);
		status = CMD_OK;
	}
out:
	seal_uninstall();
	survey_response_clear(&resp);
	survey_free(&s);
	json_decref(obj);
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
cmd_submit(int argc, char **argv)
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
	return submit_run(&o);
}
