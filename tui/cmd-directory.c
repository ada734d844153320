/*
 * `outreach directory check PATH`: load a service directory the way the
 * kiosk will and say whether it can be used. PATH is a services.csv file
 * or a content pack folder (its directory/services.csv). A good directory
 * gets a short summary on stdout; a bad one gets "file:row: reason" on
 * stderr and exit status 1.
 *
 * Everything printed from the file was sanitised when it was loaded, so a
 * hostile name cannot move the cursor or split a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/directory.h"
#include "content/err.h"
#include "tui/cmd.h"

static void
directory_usage(FILE *f)
{
	fprintf(f, "usage: outreach directory check PATH\n\n"
	    "Check a service directory: a services.csv file, or a content pack\n"
	    "folder holding directory/services.csv. Its header names the\n"
	    "columns: id and name are required; description, categories,\n"
	    "neighbourhood, address, postcode, phone, email, website,\n"
	    "opening_times, languages and accessibility may be there.\n\n"
	    "A directory that can be used gets a summary and exit status 0; a\n"
	    "directory with a mistake gets FILE:ROW: REASON on stderr and exit\n"
	    "status 1.\n");
}

/* A list of values on one line: "a, b, c" or "(none)". */
static void
directory_print_list(const char *what, char **values, size_t n)
{
	size_t i;

	printf("%-16s %zu", what, n);
	for (i = 0; i < n; i++)
		printf("%s%s", i == 0 ? ": " : ", ", values[i]);
	putchar('\n');
}

static int
directory_check(const char *path)
{
	struct directory *d = NULL;
	struct stat st;
	char *cause = NULL, *file = NULL;
	int r, status = CMD_FAIL;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if ((file = directory_pack_path(path)) == NULL) {
			cmd_error("%s: no directory/services.csv in this pack",
			    path);
			goto out;
		}
		path = file;
	}
	if ((r = directory_load(path, &d, &cause)) != 0) {
		cmd_error("%s", cause != NULL ? cause : err_str(r));
		goto out;
	}
	printf("%-16s %s\n", "file:", d->path);
	printf("%-16s %zu\n", "services:", d->n);
	directory_print_list("categories:", d->categories, d->ncategories);
	directory_print_list("neighbourhoods:", d->neighbourhoods,
	    d->nneighbourhoods);
	status = CMD_OK;
out:
	free(cause);
	free(file);
	directory_free(&d);
	return status;
}

int
cmd_directory(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			directory_usage(stdout);
			return CMD_OK;
		}
	if (argc != 3 || strcmp(argv[1], "check") != 0 || argv[2][0] == '-') {
		directory_usage(stderr);
		return CMD_USAGE;
	}
	return directory_check(argv[2]);
}
