/*
 * "Ask us to contact you": the pack's [contact] section (see pack.h). The
 * door is open only when the section names a form; then it must also
 * name the privacy notice shown before it, and the form must be none of
 * the pack's surveys, so that a request can never be counted, exported
 * or reported as an answer to one.
 */
#include "content/pack.h"

#include <stdlib.h>
#include <string.h>

#include "content/diag.h"
#include "content/err.h"
#include "content/ini.h"

/* The line of section.key in pack.ini, or 1. */
static unsigned
pack_contact_line(const struct pack *p, const char *key)
{
	const struct ini_entry *e = ini_find(p->ini, "contact", key);

	return e != NULL ? (unsigned)e->line : 1;
}

/* An optional id of [contact]; NULL when unset. */
static int
pack_contact_id(struct pack *p, const char *key, char **out, struct diags *d)
{
	const char *v = ini_get(p->ini, "contact", key);

	*out = NULL;
	if (v == NULL || *v == '\0')
		return ERR_OK;
	if (!pack_id_ok(v))
		return diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    pack_contact_line(p, key), "'%s' is not a valid %s id "
		    "(letters a-z, digits, '-' and '_')", v,
		    strcmp(key, "form") == 0 ? "survey" : "page");
	return (*out = strdup(v)) == NULL ? ERR_NOMEM : ERR_OK;
}

int
pack_contact_read(struct pack *p, struct diags *d)
{
	const char *v;
	char *pg = NULL;
	int r;

	p->contact_venue = 1;
	if ((r = pack_contact_id(p, "form", &p->contact, d)) == ERR_NOMEM ||
	    (r = pack_contact_id(p, "notice", &p->contact_notice, d)) ==
	    ERR_NOMEM)
		return r;
	if ((v = ini_get(p->ini, "contact", "venue")) != NULL) {
		if (strcmp(v, "yes") == 0)
			p->contact_venue = 1;
		else if (strcmp(v, "no") == 0)
			p->contact_venue = 0;
		else
			diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
			    pack_contact_line(p, "venue"), "'venue' must be "
			    "yes or no");
	}
	if (p->contact == NULL) {
		if (ini_find(p->ini, "contact", "notice") != NULL ||
		    ini_find(p->ini, "contact", "label") != NULL)
			diags_add(d, DIAG_WARNING, ERR_INVALID, p->ini->path,
			    pack_contact_line(p, "notice"), "[contact] names "
			    "no form: \"Ask us to contact you\" is not offered");
		return ERR_OK;
	}
	if (pack_has_survey(p, p->contact))
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    pack_contact_line(p, "form"), "the contact form '%s' is "
		    "also a survey of [surveys]: a request to be contacted "
		    "must never be stored with survey answers", p->contact);
	if (p->contact_notice == NULL)
		diags_add(d, DIAG_ERROR, ERR_INVALID, p->ini->path,
		    pack_contact_line(p, "form"), "[contact] names no notice: "
		    "the privacy notice page (what is collected, who sees it, "
		    "how long it is kept, how to withdraw) must come before "
		    "the contact form");
	else if (p->default_lang != NULL && (pg = pack_page_path(p,
	    p->default_lang, p->contact_notice, NULL)) == NULL)
		diags_add(d, DIAG_ERROR, ERR_NOTFOUND, p->ini->path,
		    pack_contact_line(p, "notice"), "no page pages/%s/%s.md "
		    "(the contact privacy notice)", p->default_lang,
		    p->contact_notice);
	else
		free(pg);
	return ERR_OK;
}

const char *
pack_text_contact(const struct pack *p, const char *lang)
{
	if (p->contact == NULL)
		return NULL;
	return pack_text(p, "contact", "label", lang, NULL);
}
