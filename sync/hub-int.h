/*
 * Internals shared by the hub's files (sync/hub*.c, sync/report*.c): the
 * open hub, SQLite helpers, and the check of one decrypted submission.
 * Not for use outside sync/.
 */
#ifndef OUTREACH_HUB_INT_H
#define OUTREACH_HUB_INT_H

#include "sync/sqlload.h"

#include "sync/hub.h"
#include "sync/receipt.h"
#include "sync/submission.h"

struct hub {
	char			*dir;
	char			*path;		/* of hub.db */
	sqlite3			*db;
	struct hub_info		 info;
	struct minisign_pubkey	 pk;
	struct age_identity_list *ids;		/* after hub_unlock */
	struct minisign_seckey	*sk;		/* after hub_unlock */
	sqlite3_stmt		*verdict;	/* hub_id_verdict's, kept */
	char			*next;		/* hub_import_next's path */
	struct hub_opened	*pre;		/* next, opened meanwhile */
	struct hub_fetch	*fetch;		/* next, being opened */
	struct hub_ahead	*ahead;		/* next, checked meanwhile */
	int			 storing;	/* hub_store's cache is set */
	struct hub_checker	*checker;	/* hub_job_store's, kept */
};

/* A bundle file read and opened (sync/hub-import.c). */
struct hub_opened {
	char		*path;
	char		*data;
	size_t		 len;
	struct bundle	*b;
	int		 r;		/* bundle_open's, or file_read's */
	char		*why;
};

void	hub_opened_free(struct hub_opened **op);
/* 1 while the next bundle is asked of the thread that opens it. */
int	hub_fetching(const struct hub *h);
/* Wait for the thread opening the next bundle, if asked: h->pre then. */
void	hub_fetch_join(struct hub *h);
/* That, then end the thread (hub_close). */
void	hub_fetch_end(struct hub *h);
/* Stop and wipe the check of the next bundle (sync/hub-import.c). */
void	hub_ahead_free(struct hub_ahead **ap);

/* Map a SQLite failure to ERR_* with a sentence. */
int	hub_db_err(struct hub *h, int rc, const char *what, char **cause);
int	hub_exec(struct hub *h, const char *sql, const char *what,
	    char **cause);
void	hub_rollback(struct hub *h);
int	hub_prepare(struct hub *h, const char *sql, sqlite3_stmt **stp,
	    char **cause);

/* One entry of a bundle once checked (sync/hub-import.c's workers). */
struct hub_item {
	const uint8_t	*ct;		/* its ciphertext, in the arena */
	size_t		 ctlen;
	char		*plain;		/* the checked plaintext (wiped) */
	size_t		 plainlen;
	char		 kind[16];
	char		 lang[40];
	int64_t		 started;
	int64_t		 submitted;
	char		*why;		/* why it was refused */
};

/* What the hub holds for a submission id offered by a device. */
enum hub_verdict {
	HUB_ID_NEW,	/* nothing: store it */
	HUB_ID_HELD,	/* a copy from that device with the same content */
	HUB_ID_CLASH,	/* anything else: quarantine the offered copy */
};

/*
 * The one rule for an id (sync/hub-store.c): what the hub holds for id
 * when device offers a copy whose ciphertext has SHA-256 sha256 (and,
 * when known, plaintext plain). HELD only when the stored row came from
 * that device with that ciphertext; for a row stored before schema 2
 * (no ciphertext hash) the same device and, when plain is given, the same
 * plaintext. *why (CLASH): the reason, for the receipt and quarantine.
 */
int	hub_id_verdict(struct hub *h, const char *id, const char *device,
	    const uint8_t sha256[32], const char *plain, size_t plainlen,
	    enum hub_verdict *vp, char **why, char **cause);

/*
 * Where bundle b sits in its device's chain as the hub holds it:
 * ERR_EXISTS when the hub holds this very bundle (by its hash);
 * ERR_INVALID with *why when it names as previous a bundle the hub holds
 * under a number other than seq - 1; else ERR_OK, with res->fork (the hub
 * holds another bundle with this number) and res->gap_from.
 */
int	hub_sequence(struct hub *h, const struct bundle *b,
	    struct hub_import_result *res, char **why, char **cause);

/*
 * Storing bundle b, in one transaction, one item at a time while the
 * others are still being checked (sync/hub-import.c):
 * - hub_store_begin takes the hub's write lock and checks the sequence
 *   again inside it (another import may have run meanwhile): ERR_EXISTS
 *   (the bundle is held now) or ERR_INVALID (*why), nothing held then.
 * - hub_store_item stores entry i's checked item as hub_id_verdict
 *   decides its id, into the receipt rc and res.
 * - hub_store_end with commit records the bundle and commits; without,
 *   or on any failure, rolls everything back: a bundle is stored whole or
 *   not at all. Frees *sp.
 */
struct hub_storing;

int	hub_store_begin(struct hub *h, const struct bundle *b,
	    struct hub_import_result *res, struct hub_storing **sp,
	    char **why, char **cause);
int	hub_store_item(struct hub_storing *s, size_t i,
	    const struct hub_item *it, struct receipt *rc,
	    struct hub_import_result *res, char **cause);
int	hub_store_end(struct hub_storing **sp, int commit,
	    const struct hub_import_result *res, char **cause);

/*
 * A bundle's entries (items, their ciphertexts read; cap: the largest)
 * checked by worker threads (sync/hub-job.c):
 * - hub_job_start starts up to threads of them (0: one per CPU); NULL
 *   when out of memory.
 * - hub_job_store stores every item in order as it passes (s), checking
 *   entries itself meanwhile: ERR_OK when all are stored, ERR_INVALID
 *   when one was refused (its item's why says why), else the store's
 *   failure. Each plaintext is wiped and freed once stored. Between two
 *   items it calls poll(arg), when not NULL, until that returns 1.
 * - hub_job_finish stops the job (entries nobody took stay unchecked),
 *   waits for its threads and frees it.
 */
struct hub_job;

struct hub_job	*hub_job_start(struct hub *h, const struct hub_forms *forms,
		    struct bundle *b, struct hub_item *items, size_t cap,
		    int threads);
int		 hub_job_store(struct hub_job *j, struct hub_storing *s,
		    struct receipt *rc, struct hub_import_result *res,
		    int (*poll)(void *), void *arg, char **cause);
void		 hub_job_finish(struct hub_job **jp);
/* Wipe and free what the storing thread kept to check with (hub_close). */
void		 hub_job_checker_free(struct hub *h);
/* Wipe and free what a checked item holds, and zero it. */
void		 hub_item_clear(struct hub_item *it);

/*
 * The receipt of a bundle the hub already holds: each entry as
 * hub_id_verdict decides it now (held, or refused with the reason).
 */
int	hub_receipt_again(struct hub *h, const struct bundle *b,
	    struct receipt *rc, struct hub_import_result *res, char **cause);

/*
 * A number no other set of forms made by this process has: what was
 * kept for one set (hub_job_store's surveys) is never taken for another
 * that happens to be at the same address.
 */
uint64_t hub_forms_serial(const struct hub_forms *f);
/* 1 when form (one of f's) is a pack's contact form ([contact] form). */
int	hub_forms_is_contact(const struct hub_forms *f,
	    const struct xlsform *form);

/*
 * Add the form at path (a workbook or a folder of sheets); folder is the
 * name of its folder in the pack, the form's id when its settings name none.
 */
int	hub_forms_add_form(struct hub_forms *f, const char *path,
	    const char *folder, char **cause);

/*
 * Check a decrypted submission (json, len) that arrived as entry e of a
 * bundle from device: its format, that it is the entry it claims to be,
 * and its answers against its form (sync/hub-check.c). *pp: Caller
 * frees with submission_parsed_free. ERR_INVALID with a reason (never an
 * answer's value).
 */
int	hub_submission_check(const struct hub_forms *forms, const char *json,
	    size_t len, const struct bundle_entry *e, const char *device,
	    struct submission_parsed **pp, char **cause);

/*
 * One thread's surveys, kept from one submission to the next of the same
 * form (survey_renew_restoring) instead of made and freed for each: the
 * forms are shared by every thread, read-only; what changes is the
 * thread's own. hub_check_submission is hub_submission_check with them,
 * with the same verdicts. Answers stay in them, wiped when replaced,
 * until the next submission of their form or hub_check_free.
 */
struct hub_check;
int	hub_check_new(struct hub_check **cp);
void	hub_check_free(struct hub_check **cp);
int	hub_check_submission(struct hub_check *c,
	    const struct hub_forms *forms, const char *json, size_t len,
	    const struct bundle_entry *e, const char *device,
	    struct submission_parsed **pp, char **cause);

#endif
