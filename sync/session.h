/*
 * Co-production sessions: a facilitator, a room, and what the room says.
 *
 * A session is started from the facilitator menu (venue, group,
 * facilitator, date) and lasts until the facilitator ends it or quits the
 * kiosk; a participant's idle reset does not touch it. While it runs,
 * every submission sealed on the device carries it (session_apply, called
 * by the sealer, sync/outbox.h), and it keeps three things:
 *
 *   - how many submissions of each kind it has sealed (counts only);
 *   - the discussion notes typed but not yet sealed, each sealed as its
 *     own `notes` submission (session_note_build);
 *   - results for the room: the counts of its group votes (`tally`
 *     submissions, session_tally_build) and of the closed answers of the
 *     surveys sealed during it, counted at seal time from the answers in
 *     memory (session_count_survey), never read back from the outbox, and
 *     only for the questions the pack's [sessions] results names. Free
 *     text is never counted or kept. Results live in memory only.
 *
 * The session and its unsealed notes are journaled as an encrypted draft
 * (sync/draft.h) in <home>/session/, so that a crash or a flat battery in
 * the middle of a session loses neither the notes nor the session that
 * later submissions must carry; ending the session destroys the draft's
 * key first. The results are not journaled: after a crash the room's
 * screen starts again from the votes taken since.
 *
 * A notes submission (kind "notes", form "notes", version the pack's):
 *
 *	point      the point raised, as the facilitator typed it
 *	tag        a [session_tags] id ("principle.access"), if tagged
 *	tag_label  its label, as the facilitator saw it
 *	theme      a short theme typed by the facilitator, if any
 *
 * A tally submission (kind "tally", form "tally", version the pack's):
 *
 *	form       the survey id of the question voted on
 *	question   the question's name
 *	type       "select_one" or "select_multiple"
 *	mode       "hands" (counted by the facilitator: hands or dots) or
 *	           "laptop" (people voted one after another on the laptop)
 *	voters     how many people voted
 *	count.<choice name>  the count for every choice, "0" included
 *
 * Plaintext notes are wiped (sodium_memzero) when replaced, removed,
 * sealed or freed.
 */
#ifndef OUTREACH_SESSION_H
#define OUTREACH_SESSION_H

#include <stddef.h>
#include <time.h>

#include "content/survey.h"
#include "sync/submission.h"

#define SESSION_DIR		"session"	/* <home>/session: the draft */
#define SESSION_NOTES_FORM	"notes"
#define SESSION_TALLY_FORM	"tally"
#define SESSION_FIELD_MAX	200		/* bytes of venue, group... */
#define SESSION_DATE_SIZE	11		/* "2026-11-23" and a NUL */
#define SESSION_NOTE_MAX	4000		/* bytes of a note's point */
#define SESSION_THEME_MAX	200		/* bytes of a theme or tag */
#define SESSION_MAX_NOTES	500
#define SESSION_MAX_RESULTS	256
#define SESSION_MAX_CHOICES	256
#define SESSION_MAX_VOTERS	100000
#define SESSION_NKINDS		5		/* enum submission_kind */

struct pack;

struct session_note {
	char	*point;
	char	*tag;		/* a tag id, or NULL */
	char	*tag_label;	/* NULL when tag is */
	char	*theme;		/* NULL when none */
};

enum session_mode {
	SESSION_HANDS,
	SESSION_LAPTOP,
};

/* A group vote to seal; every pointer is borrowed. */
struct session_tally {
	const char		*form;		/* survey id */
	const char		*question;	/* its name */
	int			 multiple;	/* select_multiple */
	enum session_mode	 mode;
	unsigned		 voters;
	size_t			 n;
	const char *const	*choices;	/* choice names */
	const unsigned		*counts;
};

enum session_source {
	SESSION_R_HANDS,	/* a tally counted by the facilitator */
	SESSION_R_LAPTOP,	/* a tally voted on the laptop */
	SESSION_R_SURVEY,	/* closed answers of sealed surveys */
};

/* One question's counts, for the results screen. */
struct session_result {
	enum session_source	 source;
	char			*form;
	char			*question;
	char			*title;		/* the question's label */
	size_t			 n;
	char			**names;	/* choice names */
	char			**labels;	/* choice labels */
	unsigned		*counts;
	unsigned		 people;	/* voters, or responses */
};

struct session {
	char			*venue;
	char			*group;		/* NULL when not given */
	char			*facilitator;	/* NULL when not given */
	char			 date[SESSION_DATE_SIZE];
	time_t			 started;
	unsigned		 sealed[SESSION_NKINDS];	/* by kind */
	struct session_note	*notes;		/* typed, not yet sealed */
	size_t			 nnotes;
	struct session_result	*results;	/* in memory only */
	size_t			 nresults;
};

/* A response built from a note or a tally; it owns its strings. */
struct session_sub {
	struct survey_response	 resp;
	struct survey_answer	*answers;
	char			**owned;
	size_t			 nowned;
};

/*
 * Start a session: venue and date (YYYY-MM-DD, a real day) are needed;
 * group and facilitator may be NULL or "" (then null in submissions). Each
 * is 1 to SESSION_FIELD_MAX bytes of printable UTF-8 once trimmed.
 * ERR_INVALID with a cause for the facilitator. *sp: Caller frees with
 * session_free.
 */
int	session_new(const char *venue, const char *group,
	    const char *facilitator, const char *date, time_t now,
	    struct session **sp, char **cause);
/* Forget everything: notes wiped, results dropped. Accepts NULL. */
void	session_free(struct session **sp);

/* 1 when s is a real day written YYYY-MM-DD. */
int	session_date_ok(const char *s);
/* The local date of t, YYYY-MM-DD. */
void	session_today(time_t t, char out[SESSION_DATE_SIZE]);

/* Put s's venue, group, facilitator and date into sub (borrowed). */
void	session_apply(const struct session *s, struct submission *sub);
/* A submission of this kind was sealed during s. */
void	session_sealed(struct session *s, const char *kind);
/* All sealed during s, every kind. */
unsigned session_sealed_total(const struct session *s);

/*
 * Notes. point is needed (1 to SESSION_NOTE_MAX bytes once trimmed); tag,
 * tag_label and theme may be NULL or "". session_note_add appends (ERR_LIMIT
 * past SESSION_MAX_NOTES), session_note_set replaces note i, both wiping
 * what they replace; session_note_remove wipes note i and closes the gap.
 */
int	session_note_add(struct session *s, const char *point,
	    const char *tag, const char *tag_label, const char *theme,
	    char **cause);
int	session_note_set(struct session *s, size_t i, const char *point,
	    const char *tag, const char *tag_label, const char *theme,
	    char **cause);
void	session_note_remove(struct session *s, size_t i);
/* The same rules without a session: 0, or ERR_INVALID with a cause. */
int	session_note_check(const char *point, const char *tag,
	    const char *tag_label, const char *theme, char **cause);

/*
 * The notes submission of note n, as a response for the submit hook:
 * written in lang, for pack id and version, at now. *outp: Caller frees
 * with session_sub_free (which wipes).
 */
int	session_note_build(const struct session_note *n, const char *lang,
	    const char *pack_id, const char *pack_version, time_t now,
	    struct session_sub **outp, char **cause);
/*
 * The tally submission of t (checked: names valid, at most
 * SESSION_MAX_VOTERS voters, no count above the voters, and for a
 * select_one no more votes than voters). started is when voting began.
 */
int	session_tally_build(const struct session_tally *t, const char *lang,
	    const char *pack_id, const char *pack_version, time_t started,
	    time_t now, struct session_sub **outp, char **cause);
int	session_tally_check(const struct session_tally *t, char **cause);
void	session_sub_free(struct session_sub **subp);

/*
 * The hub's check of a notes or tally submission (sync/session-check.c):
 * its form is "notes" or "tally" as its kind says, its answers only the
 * fields above, within the sizes above; a tally's counts pass
 * session_tally_check. ERR_INVALID with a cause naming the field.
 */
int	session_sub_check(const struct submission *s, char **cause);

/*
 * Results. session_result_tally records a sealed tally t with the
 * question's title and its choices' labels (t->n of them). Then
 * session_count_survey counts the closed answers of a sealed survey sv:
 * each select_one and select_multiple question that pack's [sessions]
 * results names and that was answered; labels in the pack's default
 * language. Nothing else of the survey is looked at.
 */
int	session_result_tally(struct session *s, const struct session_tally *t,
	    const char *title, const char *const *labels);
int	session_count_survey(struct session *s, const struct pack *pack,
	    const struct survey *sv);
/* Forget every result (the session goes on). */
void	session_results_clear(struct session *s);

/*
 * The draft: journal s and its notes in <home>/session (made 0700),
 * encrypted; read it back after a restart (ERR_NOTFOUND when there is
 * none; *sp: Caller frees); destroy it (key first) when the session ends.
 */
int	session_save(const char *home, const struct session *s, char **cause);
int	session_load(const char *home, struct session **sp, char **cause);
int	session_destroy(const char *home, char **cause);

#endif
