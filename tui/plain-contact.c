/*
 * "Ask us to contact you" in the plain front end: the pack's [contact]
 * form behind its privacy notice, from the menu and, once a survey's
 * answers are sealed, asked apart from them (never joined to them).
 */
#include <string.h>

#include "content/pack.h"
#include "tui/i18n.h"
#include "tui/plain-int.h"

const char *
plain_contact_label(struct plain *pl)
{
	const char *l = pack_text_contact(pl->pack, pl->lang);

	return l != NULL ? l : _("Ask us to contact you");
}

void
plain_contact(struct plain *pl)
{
	if (pl->pack->contact != NULL)
		plain_survey_run(pl, pl->pack->contact, PS_CONTACT, NULL, NULL);
}

void
plain_contact_offer(struct plain *pl)
{
	const char *a;

	plain_say(pl, _("Would you like someone from the council to get in "
	    "touch with you? That is asked separately, and never joined to "
	    "your answers."));
	plain_sayf(pl, "1. %s", plain_contact_label(pl));
	plain_sayf(pl, "2. %s", _("Finish"));
	for (;;) {
		if ((a = plain_ask(pl)) == NULL || strcmp(a, "2") == 0 ||
		    strcmp(a, "b") == 0 || strcmp(a, "q") == 0 || *a == '\0')
			return;
		if (strcmp(a, "1") == 0) {
			plain_contact(pl);
			return;
		}
		plain_say(pl, _("Please type 1 or 2."));
	}
}
