/*
 * outreach: command-line dispatch. With no subcommand, the kiosk.
 *
 * Global options come before the subcommand; each subcommand parses the
 * rest itself. Adding a command is one row in `cmds` below.
 */
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "tui/cmd.h"
#include "tui/i18n.h"
#include "tui/kiosk.h"
#include "tui/plain.h"
#include "tui/seal.h"
#ifdef OUTREACH_TEST_HOOKS
#include "tests/hooks/laptop-fake.h"
#include "tests/hooks/speech-sink.h"
#include "tests/hooks/submit-log.h"
#endif

int main(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "content", cmd_content, N_("content install ZIP   verify and install a signed content pack"), NULL },
	{ "directory", cmd_directory, N_("directory check PATH  validate a service directory (services.csv or a pack)"), NULL },
	{ "hub", cmd_hub, N_("hub COMMAND           the hub: init, enrol, import, export, report, pack,\n                        status"), NULL },
	{ "init", cmd_init, N_("init                  create the device identity and data folder"), NULL },
	{ "pack", cmd_pack, N_("pack check DIR|ZIP   every problem of a content pack at once"), NULL },
	{ "kiosk", cmd_kiosk, N_("kiosk enable|disable|status  boot this laptop into the kiosk"), NULL },
	{ "pin", cmd_pin, N_("pin set               set the facilitator PIN"), NULL },
	{ "status", cmd_status, N_("status                what is stored, exported, acknowledged"), NULL },
	{ "submit", NULL, N_("submit FORM [FILE]    enter a paper response (JSON answers), validated"), cmd_submit },
	{ "survey", cmd_survey, N_("survey check PATH     validate an XLSForm (.xlsx or CSV sheets)"), NULL },
	{ "sync", cmd_sync, N_("sync export DIR       write new signed bundles to DIR (a USB stick);\n                        sync receipts DIR: apply the hub's receipts from it"), NULL },
	{ NULL, NULL, NULL, NULL }
};

static char *home_override;

void
cmd_set_home(const char *dir)
{
	free(home_override);
	home_override = dir != NULL ? strdup(dir) : NULL;
}

const char *
cmd_home(void)
{
	static char buf[4096];
	const char *e;

	if (home_override != NULL)
		return home_override;
	if ((e = getenv("OUTREACH_HOME")) != NULL && *e != '\0')
		return e;
	if ((e = getenv("XDG_DATA_HOME")) != NULL && *e != '\0') {
		snprintf(buf, sizeof buf, "%s/outreach", e);
		return buf;
	}
	if ((e = getenv("HOME")) == NULL || *e == '\0')
		e = ".";
	snprintf(buf, sizeof buf, "%s/.local/share/outreach", e);
	return buf;
}

void
cmd_error(const char *fmt, ...)
{
	va_list ap;

	fputs("outreach: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cmd_put(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc('?', f);
			p++;
		} else if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fputc('?', f);
		else
			fputc(*p, f);
	}
}

static char *pack_override;

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
cmd_pack_dir(void)
{
	static char buf[PATH_MAX + 64];
	const char *e;

	if (pack_override != NULL)
		return pack_override;
	if ((e = getenv("OUTREACH_PACK")) != NULL && *e != '\0')
		return e;
	/* A pack installed with `outreach content install`. */
	snprintf(buf, sizeof buf, "%s/pack/current", cmd_home());
	if (is_dir(buf))
		return buf;
	return cmd_bundled_pack_dir();
}

const char *
cmd_bundled_pack_dir(void)
{
	static char buf[PATH_MAX + 64];
	char exe[PATH_MAX], *slash;
	ssize_t n;

	/* Running from the build tree: build/outreach, content/packs/. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(buf, sizeof buf, "%s/../content/packs/hackney",
			    exe);
			if (is_dir(buf))
				return buf;
		}
	}
	return PKGDATADIR "/packs/hackney";
}

void
cmd_set_pack_dir(const char *dir)
{
	free(pack_override);
	pack_override = dir != NULL ? strdup(dir) : NULL;
}

static void
usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "%s", _("usage: outreach [OPTIONS] [COMMAND [ARGS]]\n\n"
	    "With no command, start the kiosk on the content pack.\n\n"
	    "Options:\n"
	    "  --home DIR     the data folder (else $OUTREACH_HOME,\n"
	    "                 $XDG_DATA_HOME/outreach, ~/.local/share/outreach)\n"
	    "  --pack DIR     the content pack (else $OUTREACH_PACK, the\n"
	    "                 installed pack, the bundled Hackney pack)\n"
	    "  --plain        numbered lines on stdin and stdout, for screen\n"
	    "                 readers and braille displays\n"
	    "  --lang CODE    the language to start in (e.g. en, tr, yi)\n"
	    "  --theme NAME   default, contrast or mono\n"
	    "  --ascii        draw with ASCII only (old consoles)\n"
	    "  --bidi MODE    who reorders right-to-left text: program (the\n"
	    "                 default) or terminal, for a terminal that applies\n"
	    "                 bidi itself (mlterm); else $OUTREACH_BIDI\n"
	    "  --appliance    the laptop's kiosk session (outreach kiosk):\n"
	    "                 first-run setup (the facilitator PIN, the clock,\n"
	    "                 the council's pack) before anything else\n"
	    "  --help         this help\n\nCommands:\n"));
	for (c = cmds; c->name != NULL; c++)
		fprintf(f, "  %s\n", _(c->usage));
	fprintf(f, "%s", _("\nEvery command takes --help. See outreach(1).\n"));
}

static int
kiosk_main(int plain, const char *lang, enum theme theme, struct seal *seal,
    int flags)
{
	struct pack *pack = NULL;
	char *cause = NULL;
	int r;

	if ((r = pack_load(cmd_pack_dir(), &pack, &cause)) != 0) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		free(cause);
		return CMD_FAIL;
	}
	if (lang != NULL && !pack_has_lang(pack, lang)) {
		cmd_error(_("the pack has no language '%s'"), lang);
		pack_free(&pack);
		return CMD_USAGE;
	}
	/* Without --lang, the kiosk and plain mode ask each person. */
	if (lang != NULL)
		i18n_set_lang(lang);
	if (!plain && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		cmd_error("%s", _("the kiosk needs a terminal; use --plain "
		    "for line mode"));
		r = CMD_FAIL;
	} else if ((r = seal_start(seal, pack, cmd_home(), &cause)) != 0 ||
	    (plain && (r = seal_open(seal, &cause)) != 0)) {
		/* The kiosk opens after its first frame (kiosk_run). */
		cmd_error(_("answers cannot be stored here: %s"),
		    cause != NULL ? cause : err_str(r));
		free(cause);
		r = CMD_FAIL;
	} else if (plain)
		r = plain_run(pack, cmd_home(), cmd_bundled_pack_dir(), lang,
		    seal, stdin, stdout);
	else
		r = kiosk_run(pack, cmd_home(), cmd_bundled_pack_dir(), lang,
		    theme, seal, flags);
	seal_end(seal);
	pack_free(&pack);
	return r;
}

int
main(int argc, char **argv)
{
	const struct cmd *c;
	const char *lang = NULL;
	enum theme theme = THEME_DEFAULT;
	enum term_bidi bidi = TERM_BIDI_PROGRAM;
	struct seal seal;	/* how every front end seals answers */
	int i = 1, plain = 0, flags = 0, bidi_set = 0;
	const char *e;

	/*
	 * The locale's character set (curses, widths) and language (gettext)
	 * only: numbers, dates and sorting stay the C locale's, so that a
	 * form's "2.5" reads as two and a half, and exports write it so, on
	 * a laptop or hub whose locale writes decimals with a comma. Loading
	 * two categories instead of twelve is also quicker to the first
	 * frame.
	 */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	i18n_init(argv[0]);
	seal_init(&seal);
#ifdef OUTREACH_TEST_HOOKS
	/* build/outreach-test only: tests/hooks/submit-log.c. */
	submit_log_install(&seal);
	laptop_fake_install();
	speech_sink_install();
#endif
	while (i < argc && argv[i][0] == '-') {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			usage(stdout);
			return CMD_OK;
		} else if (strcmp(o, "--plain") == 0) {
			plain = 1;
			i++;
			continue;
		} else if (strcmp(o, "--ascii") == 0) {
			utf8_set_locale_ok(0);
			i++;
			continue;
		} else if (strcmp(o, "--appliance") == 0) {
			flags |= KIOSK_APPLIANCE;
			i++;
			continue;
		} else if (strcmp(o, "--home") != 0 &&
		    strcmp(o, "--pack") != 0 && strcmp(o, "--lang") != 0 &&
		    strcmp(o, "--theme") != 0 && strcmp(o, "--bidi") != 0) {
			cmd_error(_("unknown option '%s' (see outreach --help)"),
			    o);
			return CMD_USAGE;
		} else if (v == NULL) {
			cmd_error(_("%s needs a value (see outreach --help)"), o);
			return CMD_USAGE;
		} else if (strcmp(o, "--home") == 0)
			cmd_set_home(v);
		else if (strcmp(o, "--pack") == 0)
			cmd_set_pack_dir(v);
		else if (strcmp(o, "--lang") == 0)
			lang = v;
		else if (strcmp(o, "--bidi") == 0) {
			if (term_bidi_parse(v, &bidi) != 0) {
				cmd_error(_("unknown bidi mode '%s' (program or "
				    "terminal)"), v);
				return CMD_USAGE;
			}
			bidi_set = 1;
		}
		else if (strcmp(o, "--theme") == 0) {
			if (strcmp(v, "default") == 0)
				theme = THEME_DEFAULT;
			else if (strcmp(v, "contrast") == 0)
				theme = THEME_CONTRAST;
			else if (strcmp(v, "mono") == 0)
				theme = THEME_MONO;
			else {
				cmd_error(_("unknown theme '%s' (default, "
				    "contrast or mono)"), v);
				return CMD_USAGE;
			}
		}
		i += 2;
	}
	if (i < argc) {
		for (c = cmds; c->name != NULL; c++)
			if (strcmp(c->name, argv[i]) == 0)
				return c->run != NULL ? c->run(argc - i,
				    argv + i) : c->run_sealing(&seal, argc - i,
				    argv + i);
		cmd_error(_("unknown command '%s' (see outreach --help)"),
		    argv[i]);
		return CMD_USAGE;
	}
	if (!bidi_set && (e = getenv("OUTREACH_BIDI")) != NULL && *e != '\0' &&
	    term_bidi_parse(e, &bidi) != 0) {
		cmd_error(_("unknown bidi mode '%s' (program or terminal)"), e);
		return CMD_USAGE;
	}
	term_set_bidi(bidi);
	return kiosk_main(plain, lang, theme, &seal, flags);
}
