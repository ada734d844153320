/*
 * Drafts: the answers of an unfinished survey, journaled after every answer
 * so that a crash or a flat battery loses nothing, and encrypted so that
 * they are gone for good once their key is.
 *
 *	<home>/draft.key   32 random bytes, 0600: the per-session key, made
 *	                   when a person starts a survey (draft_begin)
 *	<home>/draft       0600: a journal of records, one appended (and
 *	                   fdatasynced) per save, each the whole draft:
 *
 *	  offset  size  what
 *	  0       4     n, the body's length (u32, little-endian)
 *	  4       24    nonce (random per record)
 *	  28      n+16  XChaCha20-Poly1305-IETF of the body below, associated
 *	                data "outreach-draft/2" and the record's offset in
 *	                the file (u64, little-endian)
 *
 *	  body (little-endian integers):
 *	  0       8     started, Unix seconds (signed)
 *	  8       8     screen: where the runner was (its own numbering)
 *	  16      4     count of answers
 *	  20      ...   strings, each u32 length, the bytes, a NUL: form id,
 *	                form version, language, then name and value of each
 *	                answer
 *
 * The draft is the last record that decrypts, reading from the start and
 * stopping at the first that is cut short or does not (a save a kill cut
 * off); loading cuts such a tail off the file. The first save, and one
 * that would take the file past DRAFT_JOURNAL_BYTES, replaces the file
 * atomically with a single record, and so does a save that has just made
 * a new key (a leftover file is no journal of it). A draft of an earlier
 * version (the nonce, then the body sealed with associated data
 * "outreach-draft/1", the whole file replaced on every save) still loads:
 * loading rewrites it as a journal of one record.
 *
 * A reset, the idle timeout or a finished submission calls draft_destroy:
 * the key file is overwritten with zeros, fsynced and unlinked first, then
 * the draft; without its key a leftover draft is noise.
 *
 * Plaintext bodies live only in sodium_malloc'd memory and are wiped.
 */
#ifndef OUTREACH_DRAFT_H
#define OUTREACH_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "sync/submission.h"

#define DRAFT_FILE		"draft"
#define DRAFT_KEY_FILE		"draft.key"
#define DRAFT_MAX_BYTES		SUBMISSION_MAX_BYTES	/* of the body */
#define DRAFT_JOURNAL_BYTES	(256 * 1024)	/* then a save compacts */

/* What a draft holds; strings are borrowed when saving. */
struct draft {
	const char	*form_id;
	const char	*form_version;
	const char	*lang;
	int64_t		 started;
	int64_t		 screen;
	const struct submission_answer *answers;
	size_t		 nanswers;
};

/* A draft read back; d's strings point into sodium memory it owns. */
struct draft_loaded {
	struct draft		 d;
	struct submission_answer *answers;
	uint8_t			*body;		/* sodium_malloc'd */
	size_t			 bodylen;
};

/*
 * A new survey starts: destroy any earlier draft and key, make a new key
 * (0600, durable).
 */
int	draft_begin(const char *home, char **cause);

/*
 * Journal d under the current key (made first if there is none): appended
 * as a record and fdatasynced, so the draft is d, durably.
 */
int	draft_save(const char *home, const struct draft *d, char **cause);

/*
 * Read the draft back. ERR_NOTFOUND when there is none (or no key: then it
 * cannot be read); ERR_CRYPTO or ERR_PARSE when it does not decrypt or hold
 * together (the caller destroys it). *outp: free with draft_loaded_free.
 */
int	draft_load(const char *home, struct draft_loaded **outp, char **cause);
void	draft_loaded_free(struct draft_loaded **lp);

/* 1 when both the key and a draft are there (no decryption). */
int	draft_exists(const char *home);

/* Destroy the key (zeroed, fsynced, unlinked), then the draft. */
int	draft_destroy(const char *home, char **cause);

#endif
