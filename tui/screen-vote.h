/*
 * A group vote, shared by the facilitator's vote screen (screen-vote.c:
 * the question, hands or laptop, sealing) and the voter's screen
 * (screen-vote-person.c), which is pushed above it with the vote as its
 * argument. The counts live here, in the facilitator's screen; the voter's
 * screen adds one person's choices and forgets them.
 *
 * A vote is never lost to a screen closing: unless it was sealed or the
 * facilitator threw it away, its counts (or the numbers typed so far) are
 * kept in the kiosk (k->vote_kept) when the screen leaves, and the next
 * Group vote carries on with them. They go with the session.
 */
#ifndef OUTREACH_SCREEN_VOTE_H
#define OUTREACH_SCREEN_VOTE_H

#include <stddef.h>
#include <time.h>

struct kiosk;
struct survey;
struct xlsform;

struct vote {
	struct xlsform	*form;		/* the survey the question is in */
	struct survey	*sv;		/* for its labels and its constraint */
	size_t		 q;		/* the question's index */
	int		 multiple;	/* select_multiple */
	char		*title;		/* its label, in the kiosk's language */
	size_t		 n;		/* its choices */
	const char	**names;	/* into the form */
	const char	**labels;	/* into the form */
	unsigned	*counts;
	unsigned	 voters;
	time_t		 started;	/* the first vote */
};

/*
 * One person's vote on the laptop: chosen[i] for each choice. ERR_INVALID
 * with a sentence for the voter in msg when it is not a vote (nothing
 * chosen, or the question's constraint, e.g. "no more than three").
 */
int	screen_vote_cast(struct vote *v, const unsigned char *chosen,
	    char *msg, size_t cap);

/* Forget a kept vote (the session ended); its counts are wiped. */
void	screen_vote_kept_free(struct kiosk *k);

#endif
