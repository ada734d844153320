/*
 * Content packs: a council's pages, surveys and settings, in one folder.
 *
 *	pack.ini                     settings (below)
 *	pages/<lang>/<id>.md         Markdown pages; the first heading is the title
 *	surveys/<id>/survey.csv ...  XLSForms as CSV sheets (or surveys/<id>.xlsx)
 *	directory/services.csv       optional service directory ("Find
 *	                             support"; format in content/directory.h)
 *
 * pack.ini:
 *
 *	[pack]     id, title, version (dotted numbers, e.g. 1.2.0), publisher,
 *	           languages (comma list), default_language, home (a page id),
 *	           unreviewed (languages translated without a qualified
 *	           translator), welcome (the sentence under "Welcome" on the
 *	           home screen, e.g. "Riverton Council wants to hear from
 *	           you."; none when unset)
 *	[pages]    order: the page ids of "Read our plans", in order;
 *	           you_said_we_did: pages whose tables are "You said, we
 *	           did" tables (below)
 *	[surveys]  order: survey ids of "Have your say"; feedback: the survey
 *	           behind "Leave feedback"; consent: the page shown first
 *	[hub]      recipients: age1... recipients; minisign_public_key: the hub's
 *	           key (base64), trusted for receipts and pack updates
 *	[kiosk]    idle_warning, idle_countdown (seconds), results_threshold
 *	           (a count below it is shown to a room as "fewer than N")
 *	[language_names]  code = the language's name in its own script
 *	           ("tr = Türkçe", "yi = ייִדיש"), for the language picker
 *	[sessions] co-production sessions (tui/screen-session.c):
 *	           consent: the page the facilitator reads out at the start;
 *	           votable: closed questions the room may vote on, each
 *	           <survey id>:<question name> (a select_one or
 *	           select_multiple question of a survey in [surveys]);
 *	           results: what the results screen may show of the surveys
 *	           answered during a session, each <survey id> (every closed
 *	           question) or <survey id>:<question name>; nothing else of a
 *	           survey is ever counted, so a form such as equality
 *	           monitoring stays off a room's screen unless named here
 *	[session_tags]  what a discussion note can be tagged with, in order,
 *	           one per line: <tag id> = <label> (the id, e.g.
 *	           principle.access, is what the notes submission carries; the
 *	           label is what the facilitator picks, and is sealed beside it)
 *	[survey_titles]  <survey id> = the title "Have your say" shows, when
 *	           it should differ from the form's form_title (settings), and
 *	           its translations
 *	[contact]  "Ask us to contact you" (pack-contact.c), offered on the
 *	           home screen and after every survey only when form is set:
 *	           form: the survey (surveys/<id>/, never one of [surveys])
 *	           that asks how to get back in touch, sealed as kind
 *	           "contact" and never joined to any answer; notice: the
 *	           privacy notice page shown before it (what is collected,
 *	           who sees it, how long it is kept, how to withdraw);
 *	           label: the council's words for the door, and its
 *	           translations (the program's own words when unset);
 *	           venue: yes (the default) or no, whether a request keeps
 *	           the session's venue (it always keeps the day, never the
 *	           time, the group or the facilitator)
 *
 * Texts about the council are the pack's, in each of its languages: the
 * title, welcome, the survey titles, the tag labels and the contact label take a translation
 * per language in the key, "title[cy] = Cyngor Riverton" (as .desktop
 * files do). A language without one shows the untranslated text, which is
 * in the default language. Nothing else takes a [lang] suffix.
 *
 * A page missing in one language falls back to the default language;
 * pack_page_load() says when it did. Every error names the file and line.
 *
 * "You said, we did" pages set what residents said beside what was done
 * and what is still to do. On a page listed in you_said_we_did, every
 * Markdown table of two to four columns is read that way: the header row
 * names the columns in the page's own language, each row is one thing
 * residents said (or, honestly labelled, one thing the council promised),
 * and a row whose first cell is empty adds more items to the row above:
 *
 *	| You said | We did | Still to do |
 *	| --- | --- | --- |
 *	| Information is hard to find | We added a request for support form | Change our web pages |
 *	| | We trained our staff | |
 *
 * With 96 columns or more the columns stand side by side, each wrapped to
 * its width under its header; below that, and always in the plain front
 * end (screen readers), each row is stacked as labelled blocks: "You said:
 * ...", "We did:" with a bullet per item, "Still to do: ...". An empty
 * cell is left out of the stacked form.
 */
#ifndef OUTREACH_PACK_H
#define OUTREACH_PACK_H

#include <stddef.h>

#include "content/doc.h"

#define PACK_MAX_ITEMS	256

/*
 * The demo hub shipped in scripts/demo-hub/: its identity is public, so a
 * device sealing to it must say so on every screen.
 */
#define PACK_DEMO_RECIPIENT \
	"age17mhs6stt2lzpddpnpmvztkulkq0xh3e25qshc6g3828cn946qdgqtrwdxy"

/* And its minisign public key, which signs the demo's packs and receipts. */
#define PACK_DEMO_PUBKEY \
	"RWS4EDFdZtkT1c46viUjnALWv1x4yhaD9XLG6kr2f78+yUjODB7A9p0I"

#define PACK_LANG_NAME_MAX	64	/* bytes of a [language_names] value */

struct pack_lang {
	char	*code;		/* "en", "tr", "yi", "en-x-easy" */
	char	*name;		/* "Türkçe", from [language_names]; or NULL */
	int	 unreviewed;	/* machine or unchecked translation */
	int	 rtl;		/* written right to left (pack_lang_is_rtl) */
};

/* A question of a survey: [sessions] votable and results. */
struct pack_ref {
	char	*survey;	/* a survey id of [surveys] */
	char	*question;	/* its name; NULL in results: every closed one */
};

/* A tag for discussion notes ([session_tags]). */
struct pack_tag {
	char	*id;
	char	*label;
};

struct pack {
	char		*dir;
	char		*id;
	char		*title;
	char		*version;
	char		*publisher;
	struct pack_lang *langs;
	size_t		 nlangs;
	char		*default_lang;
	char		*home;
	char		**pages;	/* [pages] order */
	size_t		 npages;
	char		**surveys;	/* [surveys] order */
	size_t		 nsurveys;
	char		**said_did;	/* [pages] you_said_we_did */
	size_t		 nsaid_did;
	char		*feedback;	/* survey id, or NULL */
	char		*consent;	/* page id, or NULL */
	char		**recipients;	/* age1... */
	size_t		 nrecipients;
	char		*hub_pubkey;	/* minisign public key, base64 */
	int		 idle_warning;	/* seconds of quiet before the warning */
	int		 idle_countdown;	/* seconds of warning before a reset */
	int		 results_threshold;	/* "fewer than N" below this */
	char		*session_consent;	/* [sessions] consent page */
	struct pack_ref	*votable;	/* [sessions] votable */
	size_t		 nvotable;
	struct pack_ref	*results;	/* [sessions] results */
	size_t		 nresults;
	struct pack_tag	*tags;		/* [session_tags], in file order */
	size_t		 ntags;
	char		*contact;	/* [contact] form; NULL: no door */
	char		*contact_notice;	/* [contact] notice page */
	int		 contact_venue;	/* a request keeps the venue */
	struct ini	*ini;		/* the whole file, for other settings */
};

/* Load and check the pack in dir. Caller frees *out. */
int	pack_load(const char *dir, struct pack **out, char **cause);
void	pack_free(struct pack **p);

/*
 * The same, adding every mistake of pack.ini (and every page it names that
 * is missing) to d instead of stopping at the first. *out is what could be
 * read, even with mistakes (Caller frees); for a check only. Returns an
 * error only when pack.ini cannot be read at all (added to d too).
 */
struct diags;
int	pack_read(const char *dir, struct pack **out, struct diags *d);

/*
 * Check the whole pack in dir (pack-check.c): pack.ini, every page, every
 * survey, the consent pages, the languages and the directory, adding every
 * problem to d. *out (may be NULL) gets the pack as read, even with
 * mistakes (Caller frees). Returns an error only when pack.ini cannot be
 * read at all (added to d too) or memory runs out.
 */
int	pack_check(const char *dir, struct pack **out, struct diags *d);

/*
 * A hint for a form whose CSV sheets are separated by ';' or tabs, as
 * Excel writes them in many locales: an error naming each such sheet.
 */
void	pack_check_csv_sep(const char *form_path, struct diags *d);

/* 1 when id is a survey of the pack ([surveys] order or feedback). */
int	pack_has_survey(const struct pack *p, const char *id);

/* 1 when s can be a language code: letters, digits, '-' (BCP 47). */
int	pack_lang_ok(const char *s);

/*
 * A text of the pack in lang: "key[lang]" of section, else the
 * untranslated key (the default language's); NULL when neither is set.
 * *fell_back (may be NULL) is set when lang has no text of its own.
 */
const char *pack_text(const struct pack *p, const char *section,
	    const char *key, const char *lang, int *fell_back);
/* 1 when lang has a text of its own for section.key. */
int	pack_text_has(const struct pack *p, const char *section,
	    const char *key, const char *lang);
/* The pack's title in lang (never NULL). */
const char *pack_text_title(const struct pack *p, const char *lang);
/* The home screen's welcome sentence in lang; NULL when the pack has none. */
const char *pack_text_welcome(const struct pack *p, const char *lang);
/*
 * A survey's title in lang: [survey_titles], else form_title (the form's
 * settings; may be NULL), else the id.
 */
const char *pack_text_survey(const struct pack *p, const char *id,
	    const char *lang, const char *form_title);
/*
 * The contact door's label in lang ([contact] label); NULL when the pack
 * gives none (the program's words then) or has no door (p->contact NULL).
 */
const char *pack_text_contact(const struct pack *p, const char *lang);
/* Read [contact] into p, adding its mistakes to d (pack-contact.c). */
int	pack_contact_read(struct pack *p, struct diags *d);
/* A session tag's label in lang. */
const char *pack_text_tag(const struct pack *p, const struct pack_tag *tag,
	    const char *lang);

/* 1 when any recipient is the demo hub's (answers are not private). */
int	pack_is_demo(const struct pack *p);

/* 1 when the pack has language code. */
int	pack_has_lang(const struct pack *p, const char *code);
const struct pack_lang *pack_lang(const struct pack *p, const char *code);

/*
 * The language's name in its own script ([language_names]), falling back to
 * its code; code itself when the pack does not have it.
 */
const char *pack_lang_name(const struct pack *p, const char *code);

/*
 * 1 when a language is written right to left: by its script subtag when it
 * has one ("az-Arab", "pa-Arab"; "ku-Latn" is not), else by its primary
 * subtag (yi, he, ar, ur, fa, ps, sd, ug, dv, ckb, syr ...).
 */
int	pack_lang_is_rtl(const char *code);

/*
 * The pack's language for a locale or language tag ("tr_TR.UTF-8",
 * "pt-BR", "fr@euro", "en"): the exact code, else the one whose code is
 * the tag's primary language ("pt_BR" -> "pt", never "en" -> "en-x-easy").
 * NULL when the pack has none, and for "C" and "POSIX".
 */
const char *pack_lang_match(const struct pack *p, const char *tag);

/*
 * Path of page id in lang, falling back to the default language
 * (Caller frees). *fell_back is set when the fallback was used. NULL when
 * the page exists in neither or the id is not a valid name.
 */
char	*pack_page_path(const struct pack *p, const char *lang,
	    const char *id, int *fell_back);

/* Load a page (with fallback). */
int	pack_page_load(const struct pack *p, const char *lang, const char *id,
	    struct doc **out, int *fell_back, char **cause);

/*
 * The survey whose form is called name (pack-form.c): its form id (form_id
 * in its settings, else its folder's name) is name, or else its folder is.
 * *pathp: its folder or file (Caller frees); *surveyp: its survey id (the
 * pack's); *form_idp: its form id, the one name answers are stored,
 * exported and reported under (Caller frees; NULL when the form cannot be
 * loaded). ERR_NOTFOUND when no survey is called that.
 */
int	pack_form_find(const struct pack *p, const char *name, char **pathp,
	    const char **surveyp, char **form_idp);

/* Folder or file of survey id: surveys/<id>/ or surveys/<id>.xlsx. */
char	*pack_survey_path(const struct pack *p, const char *id);

/* 1 when s is a valid page or survey id: [a-z0-9_-]{1,64}. */
int	pack_id_ok(const char *s);

/* Compare dotted versions numerically: <0, 0, >0. */
int	pack_version_cmp(const char *a, const char *b);

/*
 * 1 when [sessions] results lets a room see the answers to question of
 * survey (counted at seal time during a session).
 */
int	pack_results_show(const struct pack *p, const char *survey,
	    const char *question);

/* A pack setting not covered above (NULL when absent). */
const char *pack_setting(const struct pack *p, const char *section,
	    const char *key);

/*
 * Recorded audio of page in lang (content/pack-audio.c):
 * audio/<lang>/<page>.wav, .flac or .ogg, checked. *path: Caller frees;
 * ERR_NOTFOUND when there is none that may be played.
 */
#define PACK_AUDIO_MAX	(50L * 1024 * 1024)
int	pack_audio_path(const struct pack *p, const char *lang,
	    const char *page, char **path);
/* `pack check`: every file under audio/ that breaks a rule. */
void	pack_audio_check(const struct pack *p, struct diags *d);

#endif
