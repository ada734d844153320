/*
 * The inside of a survey, shared by content/survey*.c only:
 *
 *	survey.c	 the survey, answers, relevance and calculations
 *	survey-repeat.c	 repeat instances, what ${name} reads from where,
 *			 indexed-repeat(), answers by path
 *	survey-screen.c	 the screens, the repeat prompts, moving through
 *			 them, the labels and hints with their ${name}s
 *	survey-check.c	 choices and validation
 *	survey-response.c the response: every answer with its path
 *	survey-given.c	 checking a device's response: its own values, its
 *			 answers restored at once
 *
 * Answers live in instances. The top of the form is instance 0; every
 * instance of a repeat is another, made when the person adds one (or when
 * repeat_count asks for it) and never moved: its id is its index in
 * s->insts, and a removed one leaves a NULL. An instance of repeat R holds
 * one slot per entry from R's BEGIN to its END (the top holds one per
 * entry of the form); an entry's answer is in the nearest instance around
 * it whose repeat is the entry's scope (xlsform.h). The slot of R's own
 * BEGIN in one of R's instances holds that instance's relevance; the same
 * BEGIN in the enclosing instance holds whether the repeat is relevant
 * there (and so whether its "Add another?" prompt shows).
 */
#ifndef OUTREACH_SURVEY_INT_H
#define OUTREACH_SURVEY_INT_H

#include "content/expr.h"
#include "content/survey.h"

/* Walks of survey_update at most (a cycle settles on the last). */
#define SURVEY_PASSES		8
/* Instances a survey may make, removed ones included. */
#define SURVEY_MAX_INSTANCES	2000
/* Instances one repeat_count may ask for. */
#define SURVEY_MAX_COUNT	200

struct survey_inst {
	size_t		 rep;		/* its repeat's BEGIN; NONE: the top */
	size_t		 parent;	/* the enclosing instance's id */
	size_t		 pos;		/* 1-based among its repeat's siblings */
	size_t		 base;		/* first entry of its range */
	size_t		 n;		/* entries in its range */
	char		**answers;	/* per slot; NULL unanswered */
	unsigned char	*types;		/* per slot: enum expr_type */
	unsigned char	*rel;		/* per slot: relevant now */
};

struct survey {
	const struct xlsform	*f;
	char			*lang;
	struct survey_inst	**insts;	/* by id; NULL once removed */
	size_t			 ninsts;
	size_t			 capinsts;
	struct survey_screen	*screens;
	size_t			 nscreens;
	size_t			 capscreens;
	int			 stale;		/* screens to build again */
	time_t			 started;
	survey_given_fn		 given;		/* survey_new_given's */
	void			*given_ctx;
	unsigned char		*fixed;		/* by entry (survey-given.c) */
	int			 batch;		/* survey_restore_begin's */
	int			 dirty;		/* restored since survey_update */
	/*
	 * survey_update's last walk changed nothing (or the form's settle
	 * walks were done), and nothing changed since: a walk now would
	 * change nothing either.
	 */
	int			 settled;
	/*
	 * The memory of the top's answers a renewal emptied, wiped to
	 * zeroes, by slot: survey_put fills the block again when its answer
	 * fits (the next submission's answer there is much the same size)
	 * instead of a free and a malloc. spareroom: each block's bytes.
	 */
	char			**spare;
	size_t			 *spareroom;
	size_t			  nspare;
};

/*
 * The three below are read for every entry on every walk: inline, so that
 * a walk is not mostly calls.
 */

/* The instance of an item, or NULL for a bad one. */
static inline struct survey_inst *
survey_inst_of(const struct survey *s, size_t item)
{
	size_t id = item >> SURVEY_Q_BITS;
	struct survey_inst *in;

	/*
	 * SURVEY_NONE's id is past every instance; an entry below the base
	 * wraps around to past n.
	 */
	if (id >= s->ninsts || (in = s->insts[id]) == NULL ||
	    SURVEY_Q(item) - in->base >= in->n)
		return NULL;
	return in;
}

/* The item of entry q in instance id. */
static inline size_t
survey_item(size_t id, size_t q)
{
	return (id << SURVEY_Q_BITS) | q;
}

/* 1 when entry q keeps its answer (or relevance) in instance in. */
static inline int
survey_home(const struct survey *s, const struct survey_inst *in, size_t q)
{
	if (q < in->base || q >= in->base + in->n)
		return 0;
	if (in->rep != XLSFORM_NONE && (q == in->rep ||
	    q == s->f->questions[in->rep].match))
		return 1;
	return s->f->questions[q].scope == in->rep;
}
/* The slot of q in in (q within its range). */
#define SURVEY_SLOT(in, q)	((q) - (in)->base)

/* survey_get_raw, survey_relevant and survey_get, inline for the walks. */
static inline const char *
survey_raw(const struct survey *s, size_t item)
{
	const struct survey_inst *in = survey_inst_of(s, item);
	const char *v;

	if (in == NULL || !survey_home(s, in, SURVEY_Q(item)))
		return "";
	v = in->answers[SURVEY_SLOT(in, SURVEY_Q(item))];
	return v != NULL ? v : "";
}

static inline int
survey_rel(const struct survey *s, size_t item)
{
	const struct survey_inst *in = survey_inst_of(s, item);

	return in != NULL && survey_home(s, in, SURVEY_Q(item)) &&
	    in->rel[SURVEY_SLOT(in, SURVEY_Q(item))];
}

static inline const char *
survey_val(const struct survey *s, size_t item)
{
	const struct survey_inst *in = survey_inst_of(s, item);
	const char *v;

	if (in == NULL || !survey_home(s, in, SURVEY_Q(item)) ||
	    !in->rel[SURVEY_SLOT(in, SURVEY_Q(item))])
		return "";
	v = in->answers[SURVEY_SLOT(in, SURVEY_Q(item))];
	return v != NULL ? v : "";
}

/*
 * The value of expression e for item as Collect stores it (Caller frees;
 * "" for nothing), and its type in *type. NULL on ENOMEM.
 */
char	*survey_compute(const struct survey *s, size_t item,
	    const struct expr *e, enum expr_type *type);
/* Expression e as a boolean at item. */
int	survey_truth(const struct survey *s, size_t item, const struct expr *e);
/* Replace the stored answer of item, wiping the old one; takes v. */
void	survey_replace(struct survey *s, size_t item, char *v,
	    enum expr_type type);
/*
 * survey-given.c: the device's value of item (from survey_new_given's
 * function; "" when it stored none), NULL when there is no such function.
 * survey_given_take: item takes it, typed as e computes; 1 when it changed.
 */
const char *survey_given(const struct survey *s, size_t item);
int	survey_given_take(struct survey *s, size_t item, const struct expr *e);
/* s->fixed for survey_recomputable; ERR_NOMEM. */
int	survey_given_table(struct survey *s);

/* What an environment's callbacks get: the survey and the context. */
struct survey_envctx {
	const struct survey	*s;
	size_t			 inst;
};

/*
 * An environment whose ${name} reads the survey's answers as seen from
 * item (its instance and the repeats around it), with "." the answer of
 * item, or dot when it is not NULL. item SURVEY_NONE is the top, "." "".
 * ec holds the context: keep it while env is used.
 */
void	survey_env(const struct survey *s, struct survey_envctx *ec,
	    struct expr_env *env, size_t item, const char *dot);
/* The type an answer of item reads as in expressions. */
enum expr_type survey_qtype(const struct survey *s, size_t item);
/* What ${name} stands for from instance ctx (expr_lookup_fn's work). */
int	survey_repeat_lookup(const struct survey *s, size_t ctx,
	    const char *name, size_t i, struct expr_item *item, size_t *n);
/* indexed-repeat(), from instance ctx. */
int	survey_repeat_indexed(const struct survey *s, size_t ctx,
	    const char *field, const char *const *repeats,
	    const double *index, size_t n, struct expr_item *item);

/* Append the path of item (survey_path) to b; ERR_INVALID, ERR_NOMEM. */
struct buf;
int	survey_path_add(const struct survey *s, size_t item, struct buf *b);

/* Make an instance of repeat rep in instance parent; its id, or NONE. */
size_t	survey_inst_new(struct survey *s, size_t rep, size_t parent);
/* Remove an instance and everything in it, wiping its answers. */
void	survey_inst_free(struct survey *s, size_t id);
/* The ids of rep's instances in instance parent, in order (Caller frees). */
size_t	*survey_children(const struct survey *s, size_t parent, size_t rep,
	    size_t *n);
/* Fill an instance's defaults, literal then computed. */
int	survey_inst_defaults(struct survey *s, size_t id);

/* Recompute relevance, calculations and repeat counts (survey.c). */
void	survey_update(struct survey *s);
/* Build the screens again if instances came or went (survey-screen.c). */
void	survey_screens_refresh(struct survey *s);
void	survey_screens_free(struct survey *s);

#endif
