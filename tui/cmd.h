/*
 * Subcommands of `outreach`. Each lives in tui/cmd-<name>.c, parses its own
 * options (with --help), and returns the exit status: 0 success, 1 a failure
 * it has explained on stderr, 2 wrong usage.
 */
#ifndef OUTREACH_CMD_H
#define OUTREACH_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct seal;

struct cmd {
	const char	*name;
	int		(*run)(int argc, char **argv);	/* argv[0] is the name */
	const char	*usage;		/* one line for `outreach --help` */
	/* Or, for a command that seals answers: with main()'s tui/seal.h. */
	int		(*run_sealing)(struct seal *seal, int argc, char **argv);
};

/* The commands (tui/cmd-<name>.c). */
int	cmd_content(int argc, char **argv);
int	cmd_hub(int argc, char **argv);
int	cmd_init(int argc, char **argv);
int	cmd_kiosk(int argc, char **argv);
int	cmd_pin(int argc, char **argv);
int	cmd_status(int argc, char **argv);
int	cmd_sync(int argc, char **argv);
/* The subcommands, one per tui/cmd-<name>.c. */
int cmd_survey(int argc, char **argv);
int cmd_directory(int argc, char **argv);
int cmd_submit(struct seal *seal, int argc, char **argv);
int cmd_pack(int argc, char **argv);

/*
 * Print the problems of a pack check and its one-line verdict (cmd-pack.c):
 * CMD_OK when there is no error, CMD_FAIL when there is.
 */
struct diags;
struct packcheck_info;
int	cmd_pack_report(const char *path, struct diags *d,
	    const struct packcheck_info *info);

/*
 * Write s to f with C0 and C1 control characters (but newlines) shown as
 * '?': text from a file or a form cannot move the cursor.
 */
void	cmd_put(FILE *f, const char *s);

/* `hub status` on an open hub (tui/cmd-hub-status.c); the exit status. */
struct hub;
int	cmd_hub_status(struct hub *h);
/*
 * `hub contacts` on an open hub (tui/cmd-hub-contacts.c): argv[0..argc-1]
 * are the words after "contacts"; the exit status. And its usage.
 */
int	cmd_hub_contacts(struct hub *h, int argc, const char *const *argv);
void	cmd_hub_contacts_usage(FILE *f);
/*
 * hub import's helpers (tui/cmd-hub-import.c): append path, or the bundles
 * in folder path, to *v (n long), -1 on error; print what import did with
 * the bundle at path.
 */
int	cmd_hub_expand(const char *path, char ***v, size_t *n);
struct hub_import_result;
void	cmd_hub_print_result(const char *path,
	    const struct hub_import_result *res);

/* Exit statuses. */
#define CMD_OK		0
#define CMD_FAIL	1
#define CMD_USAGE	2

/* The data folder: --home, $OUTREACH_HOME, $XDG_DATA_HOME/outreach, ~/.local/share/outreach. */
const char *cmd_home(void);
void cmd_set_home(const char *dir);

/*
 * The content pack shown: --pack, $OUTREACH_PACK, the installed one, the
 * bundled one. Whom the device trusts is sync/trust.h's, never this.
 */
const char *cmd_pack_dir(void);
/* The pack shipped with the program (the build tree's, or PKGDATADIR's). */
const char *cmd_bundled_pack_dir(void);
void cmd_set_pack_dir(const char *dir);

/* n with thousands separators ("12,345") into buf; returns buf. */
char	*cmd_count(uint64_t n, char *buf, size_t cap);

/* Set TZ to the system zone when unset (see cmd-sync.c for why). */
void	cmd_tz_fixed(void);

/* Print "outreach: " and the message to stderr. */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
