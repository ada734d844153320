/*
 * Submissions: one person's answers as the UTF-8 JSON that gets sealed.
 *
 * The format (DESIGN.md, "Submissions"), one object, keys in this order:
 *
 *	format     "outreach-submission/1"
 *	id         UUIDv4, lower case ("3f2b...-4...-[89ab]...")
 *	kind       "survey" | "feedback" | "notes" | "tally" | "contact"
 *	           (a request to be contacted: the pack's [contact] form;
 *	           its started and submitted are the day's midnight, its
 *	           session keeps only the venue and the date; see
 *	           outbox_sealer_seal)
 *	form       {"id": string, "version": string ("" when the form has
 *	           none)}
 *	pack       {"id": string, "version": string}
 *	language   string ("en", "tr", "en-x-easy")
 *	device     the device key id, 16 upper-case hex digits
 *	session    {"venue", "group", "facilitator", "date"} (strings or
 *	           null; date is the session's day, "2026-11-23"), or null.
 *	           A session object without "date" (older writers) is read
 *	           as one whose date is null.
 *	started    RFC 3339 UTC, "2026-11-23T19:09:10Z"
 *	submitted  RFC 3339 UTC
 *	answers    {key: string | [ {key: ...}, ... ]}; XLSForm strings,
 *	           select_multiple and rank space-separated. A repeat is an
 *	           array under its key with one object per instance, in
 *	           order, holding that instance's answers the same way
 *	           (nested repeats nest); an instance with no answer is {}.
 *	           A key is the question's name, or, when the name is used
 *	           twice within one repeat (a pyxform loop, or two groups),
 *	           the path of its groups to it: "ambulance/frequency".
 *	           Submissions written before repeats have only strings, and
 *	           read as they always did.
 *
 * In memory (struct submission_answer) the answers are a flat list of
 * paths in document order: "age", "member[1]" (an instance, value NULL),
 * "member[1]/name", "member[2]", ...; submission_json() nests them and
 * submission_parse() flattens them back, so "member[2]" needs "member[1]"
 * before it and every instance is listed before its answers.
 *
 * What it guarantees: submission_json() writes the plaintext only into
 * sodium_malloc'd memory, and every copy jansson makes on the way is wiped
 * when jansson frees it: loading jansson (content/jsonload.h, on its
 * first use) installs jansson allocation functions that wipe a block
 * before freeing it, before any call reaches jansson, so before any JSON
 * (a paper response's answers, a manifest) is parsed or built.
 * submission_parse() does not use jansson: it reads the JSON in one
 * strict pass (sync/submission-read.c) and copies every string it holds
 * into one arena, which submission_parsed_free wipes (sodium_memzero)
 * before freeing it. Nothing here logs.
 * Every string must be valid UTF-8 without NUL; sizes and counts are
 * bounded below.
 */
#ifndef OUTREACH_SUBMISSION_H
#define OUTREACH_SUBMISSION_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define SUBMISSION_FORMAT	"outreach-submission/1"
#define SUBMISSION_ID_SIZE	37	/* 36 characters and a NUL */
#define SUBMISSION_TIME_SIZE	21	/* "2026-11-23T19:09:10Z" and a NUL */
#define SUBMISSION_MAX_ANSWERS	16384	/* answers and instances */
#define SUBMISSION_MAX_DEPTH	16	/* repeats inside repeats */
#define SUBMISSION_MAX_NAME	256		/* XLSFORM_NAME_MAX */
/* A path: a name and "[k]" (k below 10^9) per step, and the last name. */
#define SUBMISSION_MAX_STEP	(SUBMISSION_MAX_NAME + 11)
#define SUBMISSION_MAX_PATH	(SUBMISSION_MAX_STEP * (SUBMISSION_MAX_DEPTH + 1))
#define SUBMISSION_MAX_FIELD	256		/* bytes of ids, versions... */
#define SUBMISSION_MAX_VALUE	(256 * 1024)	/* bytes of one answer */
#define SUBMISSION_MAX_BYTES	(4 * 1024 * 1024)	/* of the whole JSON */

enum submission_kind {
	SUBMISSION_SURVEY,
	SUBMISSION_FEEDBACK,
	SUBMISSION_NOTES,
	SUBMISSION_TALLY,
	SUBMISSION_CONTACT,
};

/*
 * One answer: its path (an XLSForm name, a key, or "member[2]/name") and
 * its value as an XLSForm string; NULL for an instance ("member[2]").
 */
struct submission_answer {
	const char	*name;
	const char	*value;
};

/*
 * A submission to serialise. Every pointer is borrowed: the caller owns the
 * strings (and wipes the answers after sealing). session: when venue, group,
 * facilitator and date are all NULL, "session" is null.
 */
struct submission {
	char		 id[SUBMISSION_ID_SIZE];	/* submission_id_new() */
	enum submission_kind kind;
	const char	*form_id;
	const char	*form_version;
	const char	*pack_id;
	const char	*pack_version;
	const char	*lang;
	const char	*device;	/* device_key_id() */
	const char	*venue;
	const char	*group;
	const char	*facilitator;
	const char	*date;		/* the session's day, YYYY-MM-DD */
	time_t		 started;
	time_t		 submitted;
	const struct submission_answer *answers;
	size_t		 nanswers;
};

/*
 * A parsed submission; s's strings point into its arena: every string of
 * the JSON unescaped, then the paths of instances and of answers inside
 * repeats. The answers array follows the struct in the same allocation.
 */
struct submission_parsed {
	struct submission	 s;
	struct submission_answer *answers;	/* s.answers */
	char			*arena;		/* wiped when freed */
	size_t			 arenasize;
};

/* A new random UUIDv4 (libsodium's randombytes), lower case. */
void	submission_id_new(char out[SUBMISSION_ID_SIZE]);

/* 1 when s is a UUIDv4 in lower case, as submission_id_new writes it. */
int	submission_id_valid(const char *s);

/* "survey", "feedback", "notes", "tally", "contact"; NULL otherwise. */
const char *submission_kind_name(enum submission_kind kind);
/* The kind called name, or ERR_INVALID. */
int	submission_kind_parse(const char *name, enum submission_kind *kindp);

/* t as RFC 3339 UTC with a Z ("2026-11-23T19:09:10Z"). */
int	submission_time_format(time_t t, char out[SUBMISSION_TIME_SIZE]);
/* Parse what submission_time_format writes (UTC, "Z" only). */
int	submission_time_parse(const char *s, time_t *tp);

/*
 * Check every field (ids, UTF-8, bounds, unique answer names) without
 * writing anything. ERR_INVALID or ERR_LIMIT with a cause naming the field
 * (never its value: values may be answers).
 */
int	submission_check(const struct submission *s, char **cause);
/*
 * submission_check of what submission_parse read, whose every string its
 * reader found to be valid UTF-8 without NUL (it refuses any other): that
 * is not checked twice. Nothing else may call it.
 */
int	submission_check_read(const struct submission *s, char **cause);

/*
 * The JSON of s in sodium_malloc'd memory (*jsonp, NUL-terminated; *lenp
 * excludes the NUL). Free with submission_json_free, which wipes it.
 */
int	submission_json(const struct submission *s, char **jsonp,
	    size_t *lenp, char **cause);
void	submission_json_free(char **jsonp);

/*
 * Parse and check a submission's JSON strictly (unknown keys refused), in
 * one pass without a tree; submission_check() is its last step. It
 * accepts and refuses what jansson's json_loadb (JSON_REJECT_DUPLICATES)
 * and a walk of its tree did: valid UTF-8 only, no NUL (\u0000) in a
 * string, no key twice in any object, only whitespace after the object,
 * keys in any order. ERR_PARSE ("not JSON", "not in the format", "a field
 * has the wrong type or form"), ERR_LIMIT past SUBMISSION_MAX_BYTES, or
 * submission_check's error. *outp: Caller frees with
 * submission_parsed_free, which wipes every string it held.
 */
int	submission_parse(const char *json, size_t len,
	    struct submission_parsed **outp, char **cause);
void	submission_parsed_free(struct submission_parsed **pp);

/*
 * A name's hash for the tables that find a submission's keys and paths
 * (the reader's objects, the hub's check): FNV-1a over eight bytes at a
 * time, then the rest one by one, from seed. Names are short; the tables
 * only want them spread.
 */
static inline uint32_t
submission_name_hash(const char *s, size_t len, uint64_t seed)
{
	uint64_t h = 14695981039346656037ULL ^ seed, w;
	size_t i = 0;

	for (; len - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (uint32_t)(h ^ h >> 32);
}

#endif
