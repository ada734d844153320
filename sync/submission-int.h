/*
 * The single-pass reader of a submission's JSON (sync/submission-read.c,
 * the format; sync/submission-lex.c, JSON's tokens): what the two files
 * share. The reader of a bundle's manifest (sync/bundle-manifest.c) reads
 * its tokens with the same lexer, in a struct submission_reader of which
 * it uses the lexer's part (start to at, why, the arena and the keys).
 * Not for use outside these.
 */
#ifndef OUTREACH_SUBMISSION_INT_H
#define OUTREACH_SUBMISSION_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sync/submission.h"

#define SUBMISSION_NONE		UINT32_MAX
/* jansson's JSON_PARSER_MAX_DEPTH: the top object is at depth 1. */
#define SUBMISSION_JSON_DEPTH	2048
/* Room on the stack before the heap: most submissions fit. */
#define SUBMISSION_ENTRIES0	128
#define SUBMISSION_KEYS0		128
#define SUBMISSION_SLOTS0		256

/* Why reading stopped: each maps to the cause the jansson path gave. */
enum submission_why {
	SUBMISSION_WHY_OK,
	SUBMISSION_WHY_SYNTAX,		/* "not JSON" */
	SUBMISSION_WHY_FORMAT,		/* "not in the format" */
	SUBMISSION_WHY_TYPE,	/* "a field has the wrong type or form" */
	SUBMISSION_WHY_NOMEM,
};

/* The top object's keys, in the order submission_json writes them. */
enum submission_field {
	SUBMISSION_F_FORMAT, SUBMISSION_F_ID, SUBMISSION_F_KIND,
	SUBMISSION_F_FORM, SUBMISSION_F_PACK, SUBMISSION_F_LANGUAGE,
	SUBMISSION_F_DEVICE, SUBMISSION_F_SESSION, SUBMISSION_F_STARTED,
	SUBMISSION_F_SUBMITTED, SUBMISSION_F_ANSWERS, SUBMISSION_NFIELDS
};
/*
 * An entry of the flat list: an answer (value set, k 0) or an instance
 * (value SUBMISSION_NONE, k from 1) of the key under the instance parent.
 */
struct submission_entry {
	uint32_t	key;		/* arena offsets */
	uint32_t	keylen;
	uint32_t	value;
	uint32_t	parent;		/* an entry, or NONE: the top */
	uint32_t	k;
	uint32_t	name;		/* its path, set at the end */
	uint32_t	namelen;
};

/* A key of an object, for refusing duplicates. */
struct submission_key {
	uint32_t	off;
	uint32_t	len;
	uint32_t	obj;		/* which object */
	uint32_t	hash;
};

/*
 * The reader's state: where it is in the JSON, the arena the strings go
 * to (offsets stay valid when it grows), the flat list of answers, the
 * keys seen in each object, and the top-level fields read so far.
 */
struct submission_reader {
	const unsigned char *start, *p, *end;
	const unsigned char *at;	/* where reading stopped */
	enum submission_why why;
	char		*arena;
	size_t		 used, cap;
	struct submission_entry *ent;
	size_t		 n, entcap;
	struct submission_key *keys;
	size_t		 nkeys, keycap;
	uint32_t	*slots;		/* key index + 1; 0 is free */
	size_t		 nslots;
	uint32_t	 objs;
	uint32_t	 field[SUBMISSION_NFIELDS];	/* string offsets */
	uint32_t	 idver[2][2];			/* form, pack */
	uint32_t	 sess[4];
	enum submission_kind kind;
	time_t		 started, submitted;
	struct submission_entry ent0[SUBMISSION_ENTRIES0];
	struct submission_key key0[SUBMISSION_KEYS0];
	uint32_t	 slot0[SUBMISSION_SLOTS0];
};

/* Stop reading for why (the first reason stays); returns -1. */
int	submission_lex_fail(struct submission_reader *rd,
	    enum submission_why why);
/* submission_lex_peek past whitespace (jansson's four). */
int	submission_lex_peek_ws(struct submission_reader *rd);

/*
 * The next byte after whitespace, or -1 at the end: inline, for a byte
 * above ' ' (never whitespace) is what the reader nearly always finds.
 */
static inline int
submission_lex_peek(struct submission_reader *rd)
{
	if (rd->p < rd->end && *rd->p > ' ')
		return *rd->p;
	return submission_lex_peek_ws(rd);
}

/* Step over c, after whitespace; anything else is not JSON. */
static inline int
submission_lex_expect(struct submission_reader *rd, int c)
{
	if (submission_lex_peek(rd) != c)
		return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	rd->p++;
	return 0;
}
/*
 * The string at the next byte unescaped into the arena, NUL-terminated:
 * its offset and length (lenp may be NULL).
 */
int	submission_lex_string(struct submission_reader *rd, uint32_t *offp,
	    uint32_t *lenp);
/* true, false or null: *whichp 0, 1 or 2. */
int	submission_lex_literal(struct submission_reader *rd, int *whichp);
/* Note key (off, len) of object obj; a duplicate is not JSON. */
int	submission_lex_key(struct submission_reader *rd, uint32_t obj,
	    uint32_t off, uint32_t len);
/* Any JSON value at depth (the top object is 1), only checked. */
int	submission_lex_skip(struct submission_reader *rd, int depth);
/* Line and column (in characters, as jansson counts) of where it stopped. */
void	submission_lex_where(const struct submission_reader *rd, int *linep,
	    int *colp);

#endif
