/*
 * The consent that comes before a survey, and the script a facilitator
 * reads out before a session: the pack's pages, or, while the pack seals
 * to the demo hub (pack_is_demo: its keys are public, so nothing sealed is
 * private), the program's own demo-mode texts instead, which promise no
 * privacy, in every language the program is translated into. A council's
 * pack with its own hub is never in demo mode, so its pages are always
 * what is shown there; a pack tried out with the demo hub can promise
 * nothing it cannot keep. The kiosk and the plain front end both take
 * their consent from here.
 */
#ifndef OUTREACH_CONSENT_H
#define OUTREACH_CONSENT_H

struct doc;
struct pack;

enum consent_kind {
	CONSENT_SURVEY,		/* before a survey or the feedback form */
	CONSENT_SESSION,	/* read out before a co-production session */
	CONSENT_CONTACT,	/* the privacy notice before a contact request:
				   always the pack's ([contact] notice), demo
				   or not, since it says who reads it */
};

/*
 * The consent of that kind in lang (Caller frees with doc_free); *fell_back
 * (may be NULL) is set when it is the pack's default language's page.
 * ERR_NOTFOUND when the pack has none and it is not in demo mode.
 */
int	consent_doc(const struct pack *p, const char *lang,
	    enum consent_kind kind, struct doc **out, int *fell_back);

#endif
