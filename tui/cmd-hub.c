/*
 * `outreach hub ...`: the data team's commands. Every one but init finds
 * the hub in --hub DIR, else $OUTREACH_HUB.
 *
 *   hub init DIR [--passphrase]      create the hub; print its keys
 *   hub enrol PUBKEY                 allow a device (file or base64)
 *   hub import PATH...               bundles, or folders of them
 *   hub export FORM [--format csv|json] [--labels LANG] [--bom] [-o FILE]
 *   hub report FORM [--html FILE] [--suppress N] [--labels LANG]
 *   hub pack DIR -o ZIP              sign a content pack
 *   hub status                       per device: bundles, forks, gaps;
 *                                    the quarantine
 *   hub contacts [list|export FILE.csv [--all]|purge --older-than DAYS]
 *                                    requests to be contacted
 *                                    (tui/cmd-hub-contacts.c)
 *
 * import, export and report know the forms of every pack this hub signed
 * (hub pack keeps a copy of each, sync/hub-packs.c), and those of the pack
 * outreach would use (--pack before the command, $OUTREACH_PACK, the
 * installed or the bundled pack); --pack DIR (repeatable) adds packs
 * signed elsewhere, and replaces the pack in use. A passphrase is read
 * from $OUTREACH_HUB_PASSPHRASE, else from the terminal without echo.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>


#include "content/err.h"
#include "content/fileio.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "sync/hub.h"
#include "sync/packcheck.h"
#include "sync/packsign.h"
#include "sync/report.h"
#include "tui/cmd.h"
#include "tui/i18n.h"
#include "tui/passphrase.h"

#define HUB_MAX_ARGS	4096
#define HUB_MAX_PACKS	16

/* Options every subcommand may be given, and what is left. */
struct hub_args {
	const char	*hub;
	const char	*packs[HUB_MAX_PACKS];
	int		 npacks;
	const char	*rest[HUB_MAX_ARGS];
	int		 nrest;
};

static void
hub_usage(FILE *f)
{
	fprintf(f, "%s", _("usage: outreach hub [--hub DIR] COMMAND ...\n\n"
	    "  init DIR [--passphrase]   create a hub in DIR (a new folder) and "
	    "print\n"
	    "                            what a content pack needs: the age "
	    "recipient\n"
	    "                            and the minisign public key\n"
	    "  enrol PUBKEY              allow a device: its device.pub file or "
	    "key\n"
	    "  import PATH... [--threads N]\n"
	    "                            import bundles (files or folders of "
	    "them),\n"
	    "                            writing a signed receipt beside each;"
	    "\n"
	    "                            N workers decrypt (default: one per "
	    "CPU)\n"
	    "  export FORM [--format csv|json] [--labels LANG] [--bom] [-o FILE]\n"
	    "         [--header names|labels|both] [--layout outreach|central]\n"
	    "         [--split-select-multiples] [--repeat NAME]\n"
	    "                            every response to FORM, one row each\n"
	    "                            (FORM is the form id: form_id in its\n"
	    "                            settings, else its folder's name);\n"
	    "                            columns are named by the questions'\n"
	    "                            names, with their groups' (g-name);\n"
	    "                            --labels LANG: chosen values as labels,\n"
	    "                            and a second header row of labels\n"
	    "                            (--header chooses the rows);\n"
	    "                            --layout central: the columns of ODK\n"
	    "                            Central's CSV export;\n"
	    "                            a repeat's answers are a table of their\n"
	    "                            own (--repeat NAME; with -o FILE.csv,\n"
	    "                            also FILE-NAME.csv for each repeat);\n"
	    "                            FORM notes or tally: a session's notes,\n"
	    "                            or its counts (one row per choice)\n"
	    "  report FORM [--html FILE] [--suppress N [--with-text]] [--labels LANG]\n"
	    "                            counts and charts per question;\n"
	    "                            --suppress N shows every count under N\n"
	    "                            as \"fewer than N\" and leaves out free\n"
	    "                            text, unless --with-text\n"
	    "  pack DIR -o ZIP           check the content pack in DIR as "
	    "`outreach pack\n"
	    "                            check` does and, when it has no "
	    "error, sign it\n"
	    "                            into ZIP\n"
	    "  status                    what the hub holds per device: bundles,\n"
	    "                            forks, gaps; and every quarantined\n"
	    "                            submission with both its copies\n"
	    "  contacts [list]           requests to be contacted, kept apart "
	    "from\n"
	    "                            the answers; contacts export FILE.csv\n"
	    "                            [--all] for the front door; contacts\n"
	    "                            purge --older-than DAYS deletes them\n"
	    "                            for good (see hub contacts --help)\n\n"
	    "The hub is --hub DIR, else $OUTREACH_HUB. import, export and report "
	    "know\nthe forms of every pack this hub signed (it keeps a copy of "
	    "each) and of\nthe pack in use; --pack DIR (repeatable) adds packs "
	    "signed elsewhere.\nA hub made with --passphrase reads it from "
	    "$OUTREACH_HUB_PASSPHRASE or asks\nfor it. import exits 1 when any "
	    "bundle was refused or any submission\nquarantined.\n"));
}

/* Split off --hub and --pack; everything else stays in order. */
static int
hub_parse(int argc, char **argv, struct hub_args *a)
{
	int i;

	memset(a, 0, sizeof *a);
	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--hub") == 0 ||
		    strcmp(argv[i], "--pack") == 0) && i + 1 >= argc) {
			cmd_error(_("%s needs a folder"), argv[i]);
			return -1;
		}
		if (strcmp(argv[i], "--hub") == 0)
			a->hub = argv[++i];
		else if (strcmp(argv[i], "--pack") == 0) {
			if (a->npacks == HUB_MAX_PACKS) {
				cmd_error(_("at most %d --pack options"),
				    HUB_MAX_PACKS);
				return -1;
			}
			a->packs[a->npacks++] = argv[++i];
		} else if (a->nrest < HUB_MAX_ARGS)
			a->rest[a->nrest++] = argv[i];
		else {
			cmd_error(_("too many arguments"));
			return -1;
		}
	}
	if (a->hub == NULL && (a->hub = getenv("OUTREACH_HUB")) != NULL &&
	    *a->hub == '\0')
		a->hub = NULL;
	return 0;
}

static int
hub_fail(int r, char *cause)
{
	cmd_error("%s", cause != NULL ? cause : err_str(r));
	free(cause);
	return CMD_FAIL;
}

static int
hub_cmd_init(const struct hub_args *a)
{
	struct hub_info info;
	char *pass = NULL, *cause = NULL;
	int r, protect = 0, i;
	const char *dir = NULL;

	for (i = 1; i < a->nrest; i++) {
		if (strcmp(a->rest[i], "--passphrase") == 0)
			protect = 1;
		else if (dir == NULL && a->rest[i][0] != '-')
			dir = a->rest[i];
		else {
			hub_usage(stderr);
			return CMD_USAGE;
		}
	}
	if (dir == NULL) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if (protect && (r = passphrase_read(_("Passphrase for the hub's "
	    "keys: "), _("The same passphrase again: "), HUB_PASSPHRASE_MAX,
	    &pass, &cause)) != 0)
		return hub_fail(r, cause);
	r = hub_init(dir, pass, &info, &cause);
	passphrase_free(&pass);
	if (r != 0)
		return hub_fail(r, cause);
	printf(_("Created the hub in %s.\n\n"), dir);
	printf(_("Put these two lines into the [hub] section of your content "
	    "pack's pack.ini:\n\n"));
	printf("recipients = %s\n", info.recipient);
	printf("minisign_public_key = %s\n\n", info.public_key);
	printf(_("Hub key id: %s (a device shows it when a pack moves it to "
	    "this hub)\n"), info.key_id);
	printf(_("Keep a safe copy of %s/identity.txt and %s/hub.key%s: "
	    "without them\nnothing sealed to this hub can be read.\n"), dir,
	    dir, info.protected ? _(" and the passphrase") : "");
	return CMD_OK;
}

/* Open the hub named by --hub or $OUTREACH_HUB. */
static int
hub_open_args(const struct hub_args *a, struct hub **hp)
{
	char *cause = NULL;
	int r;

	if (a->hub == NULL) {
		cmd_error(_("which hub? give --hub DIR or set OUTREACH_HUB"));
		return CMD_USAGE;
	}
	if ((r = hub_open(a->hub, hp, &cause)) != 0)
		return hub_fail(r, cause);
	return CMD_OK;
}

static int
hub_unlock_args(struct hub *h)
{
	struct hub_info info;
	char *pass = NULL, *cause = NULL;
	int r;

	hub_get_info(h, &info);
	if (info.protected && (r = passphrase_read(_("Passphrase for the "
	    "hub's keys: "), NULL, HUB_PASSPHRASE_MAX, &pass, &cause)) != 0) {
		cmd_error(_("this hub's keys need its passphrase: %s"),
		    cause != NULL ? cause : err_str(r));
		free(cause);
		return CMD_FAIL;
	}
	r = hub_unlock(h, pass, &cause);
	passphrase_free(&pass);
	if (r != 0) {
		if (r == ERR_CRYPTO && info.protected) {
			free(cause);
			cmd_error(_("the passphrase is not right"));
			return CMD_FAIL;
		}
		return hub_fail(r, cause);
	}
	return CMD_OK;
}

static int
hub_cmd_enrol(const struct hub_args *a)
{
	struct hub *h = NULL;
	char *text = NULL, *cause = NULL, id[BUNDLE_KEYID_SIZE];
	const char *key;
	struct stat st;
	size_t len;
	int r, isnew, status;

	if (a->nrest != 2 || a->rest[1][0] == '-') {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	key = a->rest[1];
	if ((status = hub_open_args(a, &h)) != CMD_OK)
		return status;
	if (stat(key, &st) == 0) {
		if ((r = file_read(key, 4096, &text, &len, &cause)) != 0) {
			status = hub_fail(r, cause);
			goto out;
		}
		r = hub_enrol(h, text, len, id, &isnew, &cause);
	} else
		r = hub_enrol(h, key, strlen(key), id, &isnew, &cause);
	if (r != 0) {
		status = hub_fail(r, cause);
		goto out;
	}
	printf(isnew ? _("Enrolled device %s.\n") :
	    _("Device %s was already enrolled; nothing changed.\n"), id);
out:
	free(text);
	hub_close(&h);
	return status;
}

/*
 * The forms: without --pack, those of the pack in use; then those of every
 * pack this hub signed (it keeps a copy of each), which win over the pack
 * in use; then those of every --pack (packs signed elsewhere).
 */
static int
hub_load_forms(const struct hub_args *a, struct hub *h,
    struct hub_forms **fp)
{
	char *cause = NULL, *in_use = NULL;
	size_t kept = 0;
	int i, r, r_in_use = 0;

	if ((r = hub_forms_new(fp)) != 0)
		return hub_fail(r, NULL);
	if (a->npacks == 0)
		r_in_use = hub_forms_add_pack(*fp, cmd_pack_dir(), &in_use);
	r = hub_packs_add_forms(h, *fp, &kept, &cause);
	if (r == 0 && r_in_use != 0 && kept == 0) {
		r = r_in_use;
		cause = in_use;
		in_use = NULL;
	}
	for (i = 0; i < a->npacks && r == 0; i++)
		r = hub_forms_add_pack(*fp, a->packs[i], &cause);
	free(in_use);
	if (r != 0) {
		hub_forms_free(fp);
		return hub_fail(r, cause);
	}
	return CMD_OK;
}

/*
 * The one name of form: its form id. A survey's folder name is taken too,
 * saying which name the answers are under.
 */
static const char *
hub_form_name(const struct hub_forms *forms, const char *form)
{
	const char *id = hub_forms_name(forms, form);

	if (id == NULL || strcmp(id, form) == 0)
		return form;
	fprintf(stderr, _("outreach: note: %s is the folder of form %s; its "
	    "answers are under %s\n"), form, id, id);
	return id;
}

static int
hub_cmd_import(const struct hub_args *a)
{
	struct hub_import_result res;
	struct hub_forms *forms = NULL;
	struct hub *h = NULL;
	char **paths = NULL, *cause = NULL, *end, s1[32], s2[32];
	size_t n = 0, i, imported = 0, already = 0, refused = 0, stored = 0,
	    held = 0, aside = 0, norecs = 0;
	long threads = 0;
	int r, status;

	for (i = 1; i < (size_t)a->nrest; i++) {
		if (strcmp(a->rest[i], "--threads") == 0 &&
		    i + 1 < (size_t)a->nrest) {
			threads = strtol(a->rest[++i], &end, 10);
			if (*end != '\0' || threads < 1 ||
			    threads > HUB_MAX_THREADS) {
				cmd_error(_("--threads takes 1 to %d"),
				    HUB_MAX_THREADS);
				status = CMD_USAGE;
				goto out;
			}
		} else if (a->rest[i][0] == '-') {
			hub_usage(stderr);
			status = CMD_USAGE;
			goto out;
		} else if (cmd_hub_expand(a->rest[i], &paths, &n) != 0) {
			cmd_error(_("%s: cannot read it"), a->rest[i]);
			status = CMD_FAIL;
			goto out;
		}
	}
	if (a->nrest < 2) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	/*
	 * Each bundle's file (megabytes) is allocated and freed in turn: kept
	 * in the heap rather than mapped and unmapped each time (glibc's
	 * threshold moves with the sizes freed), and the heap's top kept,
	 * its pages are reused rather than faulted in again for each bundle
	 * (100,000 in 20 bundles: 10,100 page faults instead of 14,600,
	 * about 10 us each on a virtual machine; peak RSS the same).
	 */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
	if ((status = hub_open_args(a, &h)) != CMD_OK ||
	    (status = hub_unlock_args(h)) != CMD_OK)
		goto out;
	/* The first bundle is read while the forms load (hub_import_next). */
	if (n > 0 && hub_import_next(h, paths[0]) != 0) {
		status = hub_fail(ERR_NOMEM, NULL);
		goto out;
	}
	if ((status = hub_load_forms(a, h, &forms)) != CMD_OK)
		goto out;
	if (n == 0)
		printf(_("No bundles found.\n"));
	for (i = 0; i < n; i++) {
		if ((r = hub_import_next(h, i + 1 < n ? paths[i + 1] :
		    NULL)) != 0 || (r = hub_import(h, forms, paths[i],
		    (int)threads, &res, &cause)) != 0) {
			status = hub_fail(r, cause);
			cause = NULL;
			goto out;
		}
		cmd_hub_print_result(paths[i], &res);
		if (res.status == HUB_IMPORTED)
			imported++;
		else if (res.status == HUB_ALREADY)
			already++;
		else
			refused++;
		stored += res.stored;
		held += res.held;
		if (res.status == HUB_IMPORTED)
			aside += res.quarantined;
		if (res.receipt_error != NULL)
			norecs++;
		hub_import_result_clear(&res);
	}
	printf(_("%zu bundle(s): %zu imported, %zu already imported, %zu "
	    "refused; %s new submission(s) stored, %s already held.\n"), n,
	    imported, already, refused, cmd_count(stored, s1, sizeof s1),
	    cmd_count(held, s2, sizeof s2));
	if (aside > 0)
		printf(_("%zu submission(s) quarantined: see outreach hub "
		    "status.\n"), aside);
	status = refused > 0 || norecs > 0 || aside > 0 ? CMD_FAIL : CMD_OK;
out:
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	hub_forms_free(&forms);
	hub_close(&h);
	return status;
}

/*
 * A file for answers (an export, a report), private like hub.db: created
 * 0600, and a regular file already there made 0600 too.
 */
static FILE *
hub_open_private(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0077) != 0 && fchmod(fd, 0600) == -1) {
		close(fd);
		return NULL;
	}
	if ((f = fdopen(fd, "w")) == NULL)
		close(fd);
	return f;
}

/*
 * After FILE.csv, a table for each repeat of the form, as ODK Central
 * writes them: FILE-REPEAT.csv.
 */
static int
hub_export_repeats(struct hub *h, const struct hub_forms *forms,
    const struct hub_export_opts *main, const char *outpath)
{
	const struct xlsform *f = hub_forms_find(forms, main->form, NULL);
	struct hub_export_opts o = *main;
	const char *dot;
	char *path, *cause = NULL, n[32];
	size_t i, rows, stem;
	FILE *out;
	int r;

	if (f == NULL)
		return CMD_OK;
	o.terminal = 0;
	dot = strrchr(outpath, '.');
	stem = dot != NULL && strchr(dot, '/') == NULL ?
	    (size_t)(dot - outpath) : strlen(outpath);
	for (i = 0; i < f->nquestions; i++) {
		if (!f->questions[i].repeat)
			continue;
		o.repeat = f->questions[i].name;
		if (asprintf(&path, "%.*s-%s.csv", (int)stem, outpath,
		    o.repeat) == -1)
			return CMD_FAIL;
		if ((out = hub_open_private(path)) == NULL) {
			cmd_error("%s: %s", path, strerror(errno));
			free(path);
			return CMD_FAIL;
		}
		r = hub_export(h, forms, &o, out, &rows, &cause);
		if (fclose(out) != 0 && r == 0)
			r = err_set(&cause, ERR_IO, "%s: %s", path,
			    strerror(errno));
		if (r != 0) {
			free(path);
			return hub_fail(r, cause);
		}
		fprintf(stderr, _("Wrote %s row(s) to %s.\n"),
		    cmd_count(rows, n, sizeof n), path);
		free(path);
	}
	return CMD_OK;
}

static int
hub_cmd_export(const struct hub_args *a)
{
	struct hub_export_opts o;
	struct hub_forms *forms = NULL;
	struct hub *h = NULL;
	const char *outpath = NULL;
	char *cause = NULL, n[32];
	FILE *out = stdout;
	size_t rows = 0;
	int i, r, status;

	memset(&o, 0, sizeof o);
	for (i = 1; i < a->nrest; i++) {
		const char *v = i + 1 < a->nrest ? a->rest[i + 1] : NULL;

		if (strcmp(a->rest[i], "--bom") == 0)
			o.bom = 1;
		else if (strcmp(a->rest[i], "--format") == 0 && v != NULL) {
			if (strcmp(v, "csv") == 0)
				o.format = HUB_EXPORT_CSV;
			else if (strcmp(v, "json") == 0)
				o.format = HUB_EXPORT_JSON;
			else {
				cmd_error(_("--format is csv or json"));
				return CMD_USAGE;
			}
			i++;
		} else if (strcmp(a->rest[i], "--labels") == 0 && v != NULL) {
			o.labels = v;
			i++;
		} else if (strcmp(a->rest[i], "--layout") == 0 && v != NULL) {
			if (strcmp(v, "central") == 0)
				o.layout = HUB_LAYOUT_CENTRAL;
			else if (strcmp(v, "outreach") != 0) {
				cmd_error(_("--layout is outreach or central"));
				return CMD_USAGE;
			}
			i++;
		} else if (strcmp(a->rest[i], "--header") == 0 && v != NULL) {
			if (strcmp(v, "names") == 0)
				o.header = HUB_HEADER_NAMES;
			else if (strcmp(v, "labels") == 0)
				o.header = HUB_HEADER_LABELS;
			else if (strcmp(v, "both") == 0)
				o.header = HUB_HEADER_BOTH;
			else {
				cmd_error(_("--header is names, labels or both"));
				return CMD_USAGE;
			}
			i++;
		} else if (strcmp(a->rest[i], "--split-select-multiples") == 0)
			o.split = 1;
		else if (strcmp(a->rest[i], "--repeat") == 0 && v != NULL) {
			o.repeat = v;
			i++;
		} else if (strcmp(a->rest[i], "-o") == 0 && v != NULL) {
			outpath = v;
			i++;
		} else if (o.form == NULL && a->rest[i][0] != '-')
			o.form = a->rest[i];
		else {
			hub_usage(stderr);
			return CMD_USAGE;
		}
	}
	if (o.form == NULL) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if ((status = hub_open_args(a, &h)) != CMD_OK ||
	    (status = hub_load_forms(a, h, &forms)) != CMD_OK)
		goto out;
	o.form = hub_form_name(forms, o.form);
	if (outpath != NULL && (out = hub_open_private(outpath)) == NULL) {
		cmd_error("%s: %s", outpath, strerror(errno));
		status = CMD_FAIL;
		goto out;
	}
	/* Answers are other people's text: no escape reaches a terminal. */
	o.terminal = isatty(fileno(out));
	r = hub_export(h, forms, &o, out, &rows, &cause);
	if (outpath != NULL && fclose(out) != 0 && r == 0)
		r = err_set(&cause, ERR_IO, "%s: %s", outpath, strerror(errno));
	if (r != 0) {
		status = hub_fail(r, cause);
		goto out;
	}
	if (outpath != NULL)
		fprintf(stderr, o.repeat != NULL ? _("Wrote %s row(s) to %s.\n") :
		    _("Wrote %s response(s) to %s.\n"),
		    cmd_count(rows, n, sizeof n), outpath);
	if (outpath != NULL && o.repeat == NULL && o.format == HUB_EXPORT_CSV)
		status = hub_export_repeats(h, forms, &o, outpath);
out:
	hub_forms_free(&forms);
	hub_close(&h);
	return status;
}

static int
hub_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (c != NULL && atoi(c) > 0)
		return atoi(c);
	return 80;
}

static int
hub_cmd_report(const struct hub_args *a)
{
	struct hub_forms *forms = NULL;
	struct report *rep = NULL;
	struct hub *h = NULL;
	const char *form = NULL, *html = NULL, *lang = NULL;
	char *cause = NULL, *end;
	unsigned long suppress = 0;
	FILE *out;
	int i, r, status, with_text = 0;

	for (i = 1; i < a->nrest; i++) {
		const char *v = i + 1 < a->nrest ? a->rest[i + 1] : NULL;

		if (strcmp(a->rest[i], "--html") == 0 && v != NULL) {
			html = v;
			i++;
		} else if (strcmp(a->rest[i], "--labels") == 0 && v != NULL) {
			lang = v;
			i++;
		} else if (strcmp(a->rest[i], "--with-text") == 0)
			with_text = 1;
		else if (strcmp(a->rest[i], "--suppress") == 0 && v != NULL) {
			suppress = strtoul(v, &end, 10);
			if (*end != '\0' || suppress > 1000000) {
				cmd_error(_("--suppress takes a number"));
				return CMD_USAGE;
			}
			i++;
		} else if (form == NULL && a->rest[i][0] != '-')
			form = a->rest[i];
		else {
			hub_usage(stderr);
			return CMD_USAGE;
		}
	}
	if (form == NULL) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if ((status = hub_open_args(a, &h)) != CMD_OK ||
	    (status = hub_load_forms(a, h, &forms)) != CMD_OK)
		goto out;
	form = hub_form_name(forms, form);
	if ((r = report_build(h, forms, form, lang, &rep, &cause)) != 0) {
		status = hub_fail(r, cause);
		goto out;
	}
	if (html == NULL) {
		if ((r = report_text(rep, stdout, (unsigned)suppress, with_text,
		    hub_width(), utf8_locale_ok())) != 0)
			status = hub_fail(r, NULL);
		goto out;
	}
	if ((out = hub_open_private(html)) == NULL) {
		cmd_error("%s: %s", html, strerror(errno));
		status = CMD_FAIL;
		goto out;
	}
	r = report_html(rep, out, (unsigned)suppress, with_text, &cause);
	if (fclose(out) != 0 && r == 0)
		r = err_set(&cause, ERR_IO, "%s: %s", html, strerror(errno));
	if (r != 0)
		status = hub_fail(r, cause);
	else
		fprintf(stderr, _("Wrote the report on %zu response(s) to %s.\n"),
		    rep->total, html);
out:
	report_free(&rep);
	hub_forms_free(&forms);
	hub_close(&h);
	return status;
}

static int
hub_cmd_status(const struct hub_args *a)
{
	struct hub *h = NULL;
	int status;

	if (a->nrest != 1) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if ((status = hub_open_args(a, &h)) == CMD_OK)
		status = cmd_hub_status(h);
	hub_close(&h);
	return status;
}

static int
hub_cmd_contacts(const struct hub_args *a)
{
	struct hub *h = NULL;
	int status;

	if ((status = hub_open_args(a, &h)) == CMD_OK)
		status = cmd_hub_contacts(h, a->nrest - 1, a->rest + 1);
	hub_close(&h);
	return status;
}

static int
hub_cmd_pack(const struct hub_args *a)
{
	struct packcheck_info check;
	struct diags d = DIAGS_INIT;
	struct hub_info info;
	struct hub *h = NULL;
	const char *dir = NULL, *zip = NULL;
	uint8_t *data = NULL;
	char *cause = NULL;
	size_t len = 0, nfiles = 0;
	int i, r, status;

	for (i = 1; i < a->nrest; i++) {
		if (strcmp(a->rest[i], "-o") == 0 && i + 1 < a->nrest)
			zip = a->rest[++i];
		else if (dir == NULL && a->rest[i][0] != '-')
			dir = a->rest[i];
		else {
			hub_usage(stderr);
			return CMD_USAGE;
		}
	}
	memset(&check, 0, sizeof check);
	if (dir == NULL || zip == NULL) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if ((status = hub_open_args(a, &h)) != CMD_OK)
		goto out;
	/* The same check as `outreach pack check`: no pack with errors. */
	r = packcheck_run(dir, &d, &check);
	if (r == ERR_NOMEM || cmd_pack_report(dir, &d, &check) != CMD_OK) {
		cmd_error(_("%s was not signed"), dir);
		status = CMD_FAIL;
		goto out;
	}
	if ((status = hub_unlock_args(h)) != CMD_OK)
		goto out;
	hub_get_info(h, &info);
	if ((r = packsign_build(dir, hub_seckey(h), info.recipient, &data,
	    &len, &nfiles, &cause)) != 0 ||
	    (r = file_write_atomic(zip, data, len, 0644, &cause)) != 0) {
		status = hub_fail(r, cause);
		goto out;
	}
	printf(_("Signed %zu file(s) of %s into %s with hub key %s.\n"),
	    nfiles, dir, zip, info.key_id);
	/* Its forms, for import, export and report without --pack. */
	if ((r = hub_packs_keep(h, data, len, check.id, check.version,
	    &cause)) != 0) {
		status = hub_fail(r, cause);
		goto out;
	}
	printf(_("The hub keeps a copy of pack %s version %s: hub import, "
	    "export and\nreport know its forms.\n"), check.id, check.version);
out:
	packcheck_info_clear(&check);
	diags_clear(&d);
	free(data);
	hub_close(&h);
	return status;
}

int
cmd_hub(int argc, char **argv)
{
	struct hub_args a;
	const char *sub;
	int i, contacts = 0;

	cmd_tz_fixed();

	for (i = 1; i < argc; i++) {
		contacts |= strcmp(argv[i], "contacts") == 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			if (contacts)
				cmd_hub_contacts_usage(stdout);
			else
				hub_usage(stdout);
			return CMD_OK;
		}
	}
	if (hub_parse(argc, argv, &a) != 0)
		return CMD_USAGE;
	if (a.nrest == 0) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	sub = a.rest[0];
	if (strcmp(sub, "init") == 0)
		return hub_cmd_init(&a);
	if (strcmp(sub, "enrol") == 0 || strcmp(sub, "enroll") == 0)
		return hub_cmd_enrol(&a);
	if (strcmp(sub, "import") == 0)
		return hub_cmd_import(&a);
	if (strcmp(sub, "export") == 0)
		return hub_cmd_export(&a);
	if (strcmp(sub, "report") == 0)
		return hub_cmd_report(&a);
	if (strcmp(sub, "pack") == 0)
		return hub_cmd_pack(&a);
	if (strcmp(sub, "status") == 0)
		return hub_cmd_status(&a);
	if (strcmp(sub, "contacts") == 0)
		return hub_cmd_contacts(&a);
	cmd_error(_("unknown hub command '%s' (see outreach hub --help)"), sub);
	return CMD_USAGE;
}
