/*
 * USB sticks, as the facilitator's chores see them: each mounted stick is
 * a folder under a mount root, named by its label.
 *
 * The mount roots are $OUTREACH_STICK_ROOT when it is set (a test's
 * folder standing in for the system's, or a laptop whose desktop mounts
 * sticks elsewhere), else /media/$USER, /run/media/$USER and /media,
 * where udisks2 and desktop automounters put them.
 */
#ifndef OUTREACH_STICK_H
#define OUTREACH_STICK_H

#include <limits.h>
#include <stddef.h>

#include "sync/bundle-export.h"
#include "sync/minisign.h"
#include "sync/receipt-dir.h"

#define STICK_MAX	8	/* sticks listed */
#define STICK_MAX_PACKS	8	/* packs listed on one stick */
#define STICK_LABEL_SIZE 64

struct stick {
	char		path[PATH_MAX];	/* where it is mounted */
	char		label[STICK_LABEL_SIZE];	/* sanitised */
	long long	size;		/* bytes, or -1 */
	long long	avail;		/* bytes free, or -1 */
	int		writable;
	char		object[256];	/* its udisks2 filesystem, or "" for
					   a folder under a mount root */
	char		drive[256];	/* its udisks2 drive, or "" */
};

/*
 * The sticks, at most cap of them, into v; returns how many: those
 * udisks2 knows (tui/udisks.h: mounted if they were not), else the
 * folders under the mount roots. With $OUTREACH_STICK_ROOT, only its
 * folders.
 */
size_t	stick_list(struct stick *v, size_t cap);
/* "7.5 GB" for bytes n. */
void	stick_size(long long n, char *out, size_t cap);
/*
 * The content packs at the top of the stick at path: *.zip files that are
 * not bundles (outreach-*.zip), sorted, names only (at most cap, each
 * NAME_MAX + 1 bytes). Returns how many, or -1 when the folder cannot be
 * read (the stick was pulled out).
 */
int	stick_packs(const char *path, char names[][NAME_MAX + 1], size_t cap);

/* What stick_install did, or asks. */
enum stick_verdict {
	STICK_INSTALLED,
	STICK_ASK_TRUST,	/* signed by another hub's key: trust it? */
	STICK_ASK_REPLACE,	/* another pack id: replace the one in use? */
	STICK_FAILED,		/* nothing installed; the pack in use stays */
};

struct stick_install {
	enum stick_verdict	 verdict;
	char			 note[700];	/* what to tell, translated */
	struct minisign_pubkey	 key;	/* ASK_*: the key to install with */
};

/*
 * Install the content pack zip with the trust checks of `outreach content
 * install` (sync/packsign.h), for the device in home whose bundled pack
 * is the folder bundled: signed by key when not NULL (another hub's, the
 * facilitator agreed), else by the key the device trusts; replace: a pack
 * of another id may replace the one in use. out says what happened, or
 * what to ask before calling again with out->key (and replace).
 */
void	stick_install(const char *home, const char *bundled, const char *zip,
	    const struct minisign_pubkey *key, int replace,
	    struct stick_install *out);

/* What "Sync with the USB stick" did (tui/stick-sync.c). */
struct stick_sync {
	struct receipt_dir_result	receipts;
	struct bundle_export_result	exported;
	uint64_t	waiting;	/* exported, still waiting for a receipt */
	int		ok;		/* everything done */
	char		note[900];	/* in numbers and words, translated */
};

/*
 * Sync the device in home with the stick mounted at path: apply every
 * receipt for it found there (verified with the hub key it trusts, whose
 * pack is bundled until one is installed), then export what is new into
 * bundles there, progress (may be NULL) hearing of each step. Nothing is
 * lost whatever happens to the stick: the outbox keeps every answer until
 * a verified receipt covers it, and a bundle counts as exported only once
 * read back from the stick. out->note says what happened.
 */
void	stick_sync(const char *home, const char *bundled, const char *path,
	    bundle_export_fn progress, void *arg, struct stick_sync *out);
/*
 * Make the stick s safe to take out: udisks2 unmounts it (and powers its
 * drive off); a folder under a mount root gets everything written to it
 * onto the stick (syncfs). 0, or -1 when it cannot be reached (taken out)
 * or unmounted.
 */
int	stick_eject(const struct stick *s);

#endif
