/*
 * The service directory of a content pack: directory/services.csv, the
 * services a signposting worker points people to, with the fields of the
 * Open Referral UK service model that such a worker needs.
 *
 * services.csv is RFC 4180 CSV (content/csv.h), UTF-8, with one header row
 * naming its columns in any order:
 *
 *	column         required  what                             at most
 *	id             yes       a-z A-Z 0-9 . _ - (unique)         64 chars
 *	name           yes       the service's name                200 chars
 *	description    no        what it does; may hold line breaks 2000 chars
 *	categories     no        ';'-separated, e.g. "carers;advice" 500 chars
 *	neighbourhood  no        the area it serves                 500 chars
 *	address        no        may hold line breaks               500 chars
 *	postcode       no                                           500 chars
 *	phone          no        as it should be read out           500 chars
 *	email          no        one address: text@text            500 chars
 *	website        no        as it should be typed              500 chars
 *	opening_times  no        free text; may hold line breaks    500 chars
 *	languages      no        free text                          500 chars
 *	accessibility  no        free text; may hold line breaks    500 chars
 *
 * Loading is strict, because a shifted column would send a person to the
 * wrong place: an unknown or repeated column, a missing id or name column,
 * a row with more or fewer fields than the header, an empty or repeated
 * id, an empty name, a line break in a one-line field, a field over its
 * length, text that is not UTF-8, or more than DIRECTORY_MAX_SERVICES
 * services are all refused with "file:row: reason" (row 1 is the header;
 * rows count records, so a quoted line break does not shift them). Rows
 * whose fields are all empty are skipped. Every kept string is sanitised
 * (utf8_sanitize), so nothing in the file can reach a terminal as a
 * control character.
 *
 * Searching folds case with Unicode full case folding (utf8_fold): a
 * query's words must each appear in a service's name, description,
 * categories or neighbourhood. Category and neighbourhood filters compare
 * folded values whole. Results keep the file's order.
 */
#ifndef OUTREACH_DIRECTORY_H
#define OUTREACH_DIRECTORY_H

#include <stddef.h>

struct doc;

#define DIRECTORY_MAX_BYTES	((size_t)8 << 20)
#define DIRECTORY_MAX_SERVICES	10000
#define DIRECTORY_MAX_CATEGORIES 32	/* per service */

/* The columns, in the order a detail page shows them. */
enum directory_field {
	DIRECTORY_ID,
	DIRECTORY_NAME,
	DIRECTORY_DESCRIPTION,
	DIRECTORY_CATEGORIES,
	DIRECTORY_NEIGHBOURHOOD,
	DIRECTORY_ADDRESS,
	DIRECTORY_POSTCODE,
	DIRECTORY_PHONE,
	DIRECTORY_EMAIL,
	DIRECTORY_WEBSITE,
	DIRECTORY_OPENING_TIMES,
	DIRECTORY_LANGUAGES,
	DIRECTORY_ACCESSIBILITY,
	DIRECTORY_NFIELDS
};

struct directory_service {
	char		*field[DIRECTORY_NFIELDS];	/* never NULL; "" if empty */
	char		**categories;	/* split, trimmed, without repeats */
	size_t		 ncategories;
	unsigned	 row;		/* its row in services.csv */
	/* Private: folded text for searching and filtering. */
	char		*folded;
	char		**folded_categories;
	char		*folded_neighbourhood;
};

struct directory {
	char		*path;
	struct directory_service *services;
	size_t		 n;
	char		**categories;	/* distinct, sorted (folded order) */
	size_t		 ncategories;
	char		**neighbourhoods;	/* distinct, sorted */
	size_t		 nneighbourhoods;
};

/* What to look for; NULL or "" members match everything. */
struct directory_query {
	const char	*words;
	const char	*category;
	const char	*neighbourhood;
};

/*
 * Read and check the services.csv at path. On failure *cause is
 * "path:row: reason" (Caller frees). Caller frees *out with
 * directory_free().
 */
int	directory_load(const char *path, struct directory **out, char **cause);
/* The same from len bytes in memory; name stands for the file in errors. */
int	directory_parse(const char *name, const char *data, size_t len,
	    struct directory **out, char **cause);
void	directory_free(struct directory **d);

/*
 * Path of a pack's directory/services.csv (Caller frees), or NULL when
 * the pack folder pack_dir has none.
 */
char	*directory_pack_path(const char *pack_dir);

/* The column name of a field ("opening_times"). */
const char *directory_field_name(enum directory_field f);

/*
 * The services matching q, as indexes into d->services in file order
 * (Caller frees *idx; NULL when *n is 0). Returns 0 or ERR_NOMEM.
 */
int	directory_find(const struct directory *d,
	    const struct directory_query *q, size_t **idx, size_t *n);

/*
 * The first sentence (or line) of a service's description, cut to at most
 * max_width columns, for one-line lists (Caller frees; NULL on ENOMEM).
 */
char	*directory_summary(const struct directory_service *s,
	    size_t max_width);

/*
 * A detail page for a service: its name as the title and heading, its
 * description, then one "Label: value" paragraph for every other field
 * that is not empty (the id is not shown). labels[f] is the label of
 * field f, in the reader's language. A service with no way to reach it
 * (no address, postcode, phone, email or website) ends with the paragraph
 * no_contact (if not NULL), which says so plainly. Caller frees *out with
 * doc_free().
 */
int	directory_service_doc(const struct directory_service *s,
	    const char *const labels[DIRECTORY_NFIELDS], const char *no_contact,
	    struct doc **out);
/* 1 when the service has an address, postcode, phone, email or website. */
int	directory_has_contact(const struct directory_service *s);

#endif
