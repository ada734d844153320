/*
 * Reading zip archives that arrive from somewhere else: bundles on a USB
 * stick, content packs. Every archive is hostile until proven otherwise.
 *
 * zipread_open() takes the whole archive in memory and refuses, with a
 * reason, before anything is extracted:
 *   - a truncated or inconsistent archive (no end record, central and local
 *     headers that disagree: libzip's ZIP_CHECKCONS), a zip64 archive;
 *   - more entries than the limit (counted from the end record, before
 *     libzip allocates for them);
 *   - a name that is absolute, climbs out ("..", "."), holds a backslash,
 *     a control character or anything outside [A-Za-z0-9._-/], or is empty
 *     or longer than ZIPREAD_MAX_NAME;
 *   - two entries with the same name, ignoring ASCII case (they would
 *     collide on a FAT stick);
 *   - encrypted entries, methods other than stored and deflated;
 *   - declared sizes above the per-entry or total bound, and deflated
 *     entries whose declared ratio exceeds the bound.
 * zipread_read() then inflates into a buffer of exactly the declared size
 * and refuses an entry that yields more or fewer bytes than its header
 * says, so a header that lies is caught while inflating, not trusted; the
 * CRC is checked at the end by libzip. zipread_data() gives a stored
 * entry's bytes in place instead, without its CRC, to a caller that has a
 * stronger check of them.
 *
 * The archive's bytes must outlive the reader. A reader is not shared
 * between threads.
 */
#ifndef OUTREACH_ZIPREAD_H
#define OUTREACH_ZIPREAD_H

#include <stddef.h>
#include <stdint.h>

#define ZIPREAD_MAX_NAME	255

/* Bounds; a zero field takes the default below. */
struct zipread_limits {
	size_t		max_entries;	/* default 20,000 */
	uint64_t	max_entry;	/* bytes of one entry: 64 MiB */
	uint64_t	max_total;	/* bytes of all entries: 1 GiB */
	unsigned	max_ratio;	/* size / compressed size: 250 */
	int		allow_dirs;	/* accept folder entries ("a/b/") */
};

struct zipread_entry {
	const char	*name;		/* checked: see zipread_name_ok */
	uint64_t	 size;		/* uncompressed, as declared */
	uint64_t	 csize;		/* compressed, as declared */
	int		 deflated;	/* 0: stored */
	int		 dir;		/* a folder entry (size 0) */
	uint64_t	 index;		/* libzip's index (internal) */
	size_t		 offset;	/* of a stored entry's bytes, or 0 */
};

struct zipread;

/* Open the archive in data (len bytes); *zp: free with zipread_free. */
int	zipread_open(const void *data, size_t len,
	    const struct zipread_limits *lim, struct zipread **zp,
	    char **cause);
void	zipread_free(struct zipread **zp);

/* Entries in archive order. */
size_t	zipread_count(const struct zipread *z);
const struct zipread_entry *zipread_entry(const struct zipread *z, size_t i);
/* The entry with exactly this name; NULL when there is none. */
const struct zipread_entry *zipread_find(const struct zipread *z,
	    const char *name);

/*
 * Read entry e whole into out (cap bytes, at least e->size; ERR_LIMIT
 * otherwise). ERR_PARSE when it inflates to more or fewer bytes than
 * declared or its CRC is wrong.
 */
int	zipread_read(struct zipread *z, const struct zipread_entry *e,
	    void *out, size_t cap, size_t *lenp, char **cause);
/*
 * A stored entry's e->size bytes where they are, inside the archive's data
 * (alive as long as that is): no copy and no CRC, for a caller that checks
 * the bytes itself (a bundle's entries have the signed manifest's
 * SHA-256). ERR_UNSUPPORTED for a deflated entry or one whose bytes were
 * not found in place: zipread_read it.
 */
int	zipread_data(const struct zipread *z, const struct zipread_entry *e,
	    const uint8_t **pp);
/* The same into a new buffer (Caller frees; NUL-terminated after len). */
int	zipread_read_alloc(struct zipread *z, const struct zipread_entry *e,
	    uint8_t **outp, size_t *lenp, char **cause);

/*
 * 1 when name is a safe relative path: components of [A-Za-z0-9._-], not
 * "." or "..", not starting with '.', joined by single '/'; a trailing '/'
 * only when dir is set.
 */
int	zipread_name_ok(const char *name, int dir);

/*
 * Write every entry of z under the folder dir (made when missing), but the
 * names in skip (a NULL-ended list, or NULL): folders 0700, files 0600,
 * each written whole before it is renamed into place. The names were
 * checked when the archive was opened, so none leaves dir.
 */
int	zipread_extract(struct zipread *z, const char *dir,
	    const char *const *skip, char **cause);

/*
 * A printable copy of untrusted bytes for a message: at most max bytes,
 * anything outside printable ASCII as \xNN (Caller frees; NULL on ENOMEM).
 */
char	*zipread_quote(const char *s, size_t len, size_t max);

#endif
