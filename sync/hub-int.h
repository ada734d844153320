/*
 * Internals shared by the hub's files (sync/hub*.c, sync/report*.c): the
 * open hub, SQLite helpers, and the check of one decrypted submission.
 * Not for use outside sync/.
 */
#ifndef OUTREACH_HUB_INT_H
#define OUTREACH_HUB_INT_H

#include <sqlite3.h>

#include "sync/hub.h"
#include "sync/submission.h"

struct hub {
	char			*dir;
	char			*path;		/* of hub.db */
	sqlite3			*db;
	struct hub_info		 info;
	struct minisign_pubkey	 pk;
	struct age_identity_list *ids;		/* after hub_unlock */
	struct minisign_seckey	*sk;		/* after hub_unlock */
};

/* Map a SQLite failure to ERR_* with a sentence. */
int	hub_db_err(struct hub *h, int rc, const char *what, char **cause);
int	hub_exec(struct hub *h, const char *sql, const char *what,
	    char **cause);
void	hub_rollback(struct hub *h);
int	hub_prepare(struct hub *h, const char *sql, sqlite3_stmt **stp,
	    char **cause);

/*
 * Check a decrypted submission (json, len) that arrived as entry e of a
 * bundle from device: its format, that it is the entry it claims to be,
 * and its answers against its form. *pp: Caller frees with
 * submission_parsed_free. ERR_INVALID with a reason (never an answer's
 * value).
 */
int	hub_submission_check(const struct hub_forms *forms, const char *json,
	    size_t len, const struct bundle_entry *e, const char *device,
	    struct submission_parsed **pp, char **cause);

#endif
