/*
 * The consent pages; see consent.h. The demo texts are made as Markdown
 * from the program's translated sentences, each paragraph a bold lead and
 * the rest, and parsed like any page.
 */
#include "tui/consent.h"

#include <stddef.h>

#include "content/buf.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/pack.h"
#include "tui/i18n.h"

/* A paragraph: its bold lead, then the rest (msgids). */
struct consent_para {
	const char	*lead;
	const char	*rest;
};

static const struct consent_para consent_survey_demo[] = {
	{ N_("This laptop is in demo mode."), N_("It is set up for trying "
	    "the kit out, and your answers are not private: they are locked "
	    "with a demo key that anyone can get, so anyone could read "
	    "them.") },
	{ N_("Please do not give your name,"), N_("or anything about you "
	    "that you want to keep private.") },
	{ N_("What we ask."), N_("This survey asks what you think. Your "
	    "answers help to try out how the council will listen.") },
	{ N_("You are in control."), N_("You can skip any question. You can "
	    "stop at any time.") },
	{ NULL, N_("If you are happy to go on, continue to the survey. If "
	    "not, go back.") },
};

static const struct consent_para consent_session_demo[] = {
	{ N_("This laptop is in demo mode."), N_("It is set up for trying "
	    "the kit out. The notes, the votes and any survey answered "
	    "today are locked with a demo key that anyone can get, so they "
	    "are not private.") },
	{ N_("Please do not share anything private"), N_("in the group, and "
	    "do not say anyone's name. I will not type names.") },
	{ N_("How we vote."), N_("Some questions we answer with a show of "
	    "hands, or one by one on this laptop. On the laptop, the screen "
	    "is cleared for the next person.") },
	{ N_("You can stop at any time."), N_("Taking part is your choice. "
	    "You can stay quiet, skip a vote, or leave whenever you want, "
	    "and you do not have to say why.") },
	{ NULL, N_("Do you have any questions before we start?") },
};

/* The demo text: a heading, then each paragraph, as Markdown. */
static int
consent_demo(const char *title, const struct consent_para *para, size_t n,
    struct doc **out)
{
	struct buf md = BUF_INIT;
	size_t i;
	int r;

	buf_printf(&md, "# %s\n\n", _(title));
	for (i = 0; i < n; i++) {
		if (para[i].lead != NULL)
			buf_printf(&md, "**%s** ", _(para[i].lead));
		buf_printf(&md, "%s\n\n", _(para[i].rest));
	}
	if (buf_failed(&md)) {
		buf_free(&md);
		return ERR_NOMEM;
	}
	r = doc_parse_markdown(buf_str(&md), md.len, out, NULL);
	buf_free(&md);
	return r;
}

int
consent_doc(const struct pack *p, const char *lang, enum consent_kind kind,
    struct doc **out, int *fell_back)
{
	const char *page = kind == CONSENT_SESSION ? p->session_consent :
	    kind == CONSENT_CONTACT ? p->contact_notice : p->consent;

	*out = NULL;
	if (fell_back != NULL)
		*fell_back = 0;
	if (pack_is_demo(p) && kind != CONSENT_CONTACT) {
		if (kind == CONSENT_SESSION)
			return consent_demo(N_("Before we start (demo mode): "
			    "read this out to the group"), consent_session_demo,
			    sizeof consent_session_demo /
			    sizeof consent_session_demo[0], out);
		return consent_demo(N_("Before you start (demo mode)"),
		    consent_survey_demo, sizeof consent_survey_demo /
		    sizeof consent_survey_demo[0], out);
	}
	if (page == NULL)
		return ERR_NOTFOUND;
	return pack_page_load(p, lang, page, out, fell_back, NULL);
}
