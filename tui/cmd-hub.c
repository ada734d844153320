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
 *
 * import, export and report take --pack DIR (repeatable) for the forms;
 * without it, the pack outreach would use (--pack before the command,
 * $OUTREACH_PACK, the installed or the bundled pack). A passphrase is read
 * from $OUTREACH_HUB_PASSPHRASE, else from the terminal without echo.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>


#include "content/err.h"
#include "content/fileio.h"
#include "content/utf8.h"
#include "sync/hub.h"
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
	    "  import PATH...            import bundles (files or folders of "
	    "them),\n"
	    "                            writing a signed receipt beside each\n"
	    "  export FORM [--format csv|json] [--labels LANG] [--bom] [-o FILE]\n"
	    "                            every response to FORM, one row each;\n"
	    "                            FORM notes or tally: a session's notes,\n"
	    "                            or its counts (one row per choice)\n"
	    "  report FORM [--html FILE] [--suppress N] [--labels LANG]\n"
	    "                            counts and charts per question\n"
	    "  pack DIR -o ZIP           sign the content pack in DIR into ZIP\n"
	    "  status                    what the hub holds per device: bundles,\n"
	    "                            forks, gaps; and every quarantined\n"
	    "                            submission with both its copies\n\n"
	    "The hub is --hub DIR, else $OUTREACH_HUB. import, export and report "
	    "read\nthe forms from --pack DIR (repeatable), else the pack in use. "
	    "A hub made\nwith --passphrase reads it from $OUTREACH_HUB_PASSPHRASE "
	    "or asks for it.\nimport exits 1 when any bundle was refused or any "
	    "submission quarantined.\n"));
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

/* The forms of every --pack, or of the pack in use. */
static int
hub_load_forms(const struct hub_args *a, struct hub_forms **fp)
{
	char *cause = NULL;
	int i, r;

	if ((r = hub_forms_new(fp)) != 0)
		return hub_fail(r, NULL);
	if (a->npacks == 0)
		r = hub_forms_add_pack(*fp, cmd_pack_dir(), &cause);
	for (i = 0; i < a->npacks && r == 0; i++)
		r = hub_forms_add_pack(*fp, a->packs[i], &cause);
	if (r != 0) {
		hub_forms_free(fp);
		return hub_fail(r, cause);
	}
	return CMD_OK;
}

static int
hub_name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Append path, or the bundles in folder path, to *v. */
static int
hub_expand(const char *path, char ***v, size_t *n)
{
	char **nv, dev[BUNDLE_KEYID_SIZE];
	struct dirent *de;
	struct stat st;
	size_t first = *n;
	int64_t seq;
	DIR *d;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((d = opendir(path)) == NULL)
			return -1;
		while ((de = readdir(d)) != NULL) {
			struct stat est;
			char *full = NULL;

			if (bundle_name_parse(de->d_name, dev, &seq) != 0 ||
			    asprintf(&full, "%s/%s", path, de->d_name) == -1)
				continue;
			/* A FIFO or a device on a stick would block a read. */
			if (lstat(full, &est) == -1 || !S_ISREG(est.st_mode)) {
				free(full);
				continue;
			}
			if ((nv = reallocarray(*v, *n + 1, sizeof *nv)) == NULL) {
				free(full);
				break;
			}
			*v = nv;
			(*v)[(*n)++] = full;
		}
		closedir(d);
		if (*n - first > 1)
			qsort(*v + first, *n - first, sizeof **v,
			    hub_name_cmp);
		return 0;
	}
	if ((nv = reallocarray(*v, *n + 1, sizeof *nv)) == NULL ||
	    (nv[*n] = strdup(path)) == NULL)
		return -1;
	*v = nv;
	(*n)++;
	return 0;
}

static void
hub_print_result(const char *path, const struct hub_import_result *res)
{
	char a[32], b[32], *reason;
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 :
	    path;

	/* Reasons can quote a bundle's content: nothing raw on a terminal. */
	reason = utf8_sanitize(res->reason != NULL ? res->reason : "?",
	    res->reason != NULL ? strlen(res->reason) : 1, 0);
	switch (res->status) {
	case HUB_IMPORTED:
		printf(_("%s: imported: %s new, %s already held\n"), base,
		    cmd_count(res->stored, a, sizeof a), cmd_count(res->held, b,
		    sizeof b));
		break;
	case HUB_ALREADY:
		printf(_("%s: already imported; nothing new\n"), base);
		break;
	case HUB_REFUSED:
		printf(_("%s: REFUSED: %s\n"), base, reason != NULL ? reason :
		    "?");
		break;
	}
	free(reason);
	if (res->quarantined > 0)
		printf(_("  warning: %zu submission(s) quarantined: the hub holds "
		    "their ids from another device or with other content; both "
		    "copies are kept (see outreach hub status), and the device "
		    "keeps its own\n"), res->quarantined);
	if (res->fork)
		printf(_("  note: the hub already held another bundle %lld of "
		    "device %s (a copy restored from a backup, or cloned): "
		    "recorded as a fork\n"), (long long)res->seq, res->device);
	if (res->gap_from > 0)
		printf(_("  note: bundle(s) %lld to %lld of device %s have not "
		    "been imported yet\n"), (long long)res->gap_from,
		    (long long)res->seq - 1, res->device);
	if (res->untrusted)
		printf(_("  no receipt was written: no enrolled key verifies "
		    "this bundle\n"));
	if (res->receipt_kept)
		printf(_("  the receipt beside it says the bundle was imported; "
		    "it was kept\n"));
	if (res->receipt_error != NULL)
		printf(_("  the receipt could not be written: %s\n"),
		    res->receipt_error);
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
			if (*end != '\0' || threads < 1 || threads > 64) {
				cmd_error(_("--threads takes 1 to 64"));
				status = CMD_USAGE;
				goto out;
			}
		} else if (a->rest[i][0] == '-') {
			hub_usage(stderr);
			status = CMD_USAGE;
			goto out;
		} else if (hub_expand(a->rest[i], &paths, &n) != 0) {
			cmd_error(_("%s: cannot read it"), a->rest[i]);
			status = CMD_FAIL;
			goto out;
		}
	}
	if (a->nrest < 2) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if ((status = hub_open_args(a, &h)) != CMD_OK ||
	    (status = hub_load_forms(a, &forms)) != CMD_OK ||
	    (status = hub_unlock_args(h)) != CMD_OK)
		goto out;
	if (n == 0)
		printf(_("No bundles found.\n"));
	for (i = 0; i < n; i++) {
		if ((r = hub_import(h, forms, paths[i], (int)threads, &res,
		    &cause)) != 0) {
			status = hub_fail(r, cause);
			cause = NULL;
			goto out;
		}
		hub_print_result(paths[i], &res);
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
	    (status = hub_load_forms(a, &forms)) != CMD_OK)
		goto out;
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
		fprintf(stderr, _("Wrote %s response(s) to %s.\n"),
		    cmd_count(rows, n, sizeof n), outpath);
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
	int i, r, status;

	for (i = 1; i < a->nrest; i++) {
		const char *v = i + 1 < a->nrest ? a->rest[i + 1] : NULL;

		if (strcmp(a->rest[i], "--html") == 0 && v != NULL) {
			html = v;
			i++;
		} else if (strcmp(a->rest[i], "--labels") == 0 && v != NULL) {
			lang = v;
			i++;
		} else if (strcmp(a->rest[i], "--suppress") == 0 && v != NULL) {
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
	    (status = hub_load_forms(a, &forms)) != CMD_OK)
		goto out;
	if ((r = report_build(h, forms, form, lang, &rep, &cause)) != 0) {
		status = hub_fail(r, cause);
		goto out;
	}
	if (html == NULL) {
		if ((r = report_text(rep, stdout, (unsigned)suppress,
		    hub_width(), utf8_locale_ok())) != 0)
			status = hub_fail(r, NULL);
		goto out;
	}
	if ((out = hub_open_private(html)) == NULL) {
		cmd_error("%s: %s", html, strerror(errno));
		status = CMD_FAIL;
		goto out;
	}
	r = report_html(rep, out, (unsigned)suppress, &cause);
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
hub_cmd_pack(const struct hub_args *a)
{
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
	if (dir == NULL || zip == NULL) {
		hub_usage(stderr);
		return CMD_USAGE;
	}
	if ((status = hub_open_args(a, &h)) != CMD_OK ||
	    (status = hub_unlock_args(h)) != CMD_OK)
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
out:
	free(data);
	hub_close(&h);
	return status;
}

int
cmd_hub(int argc, char **argv)
{
	struct hub_args a;
	const char *sub;
	int i;

	cmd_tz_fixed();

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			hub_usage(stdout);
			return CMD_OK;
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
	cmd_error(_("unknown hub command '%s' (see outreach hub --help)"), sub);
	return CMD_USAGE;
}
