/*
 * Surveys in the plain front end: the kiosk's flow as numbered lines, for
 * screen readers and braille displays. The consent page, then one question
 * at a time ("Question 3 of 12."), its hint, its choices numbered, and what
 * to type:
 *
 *	select_one	one number
 *	select_multiple	numbers separated by spaces (or commas)
 *	rank		every number, in order, most important first
 *	range		the number itself
 *	text, numbers	the line as typed
 *	acknowledge	ok
 *
 * An empty line keeps the answer there is (or skips the question); "-"
 * clears it; b goes back, q leaves (after asking), h is help, l changes
 * the language (the question is said again in it). A repeat's questions
 * are asked once for each of its instances ("Section: Household member
 * 2."); after them its prompt says how many there are so far: a adds one,
 * r takes the last away, an empty line goes on. The answers are checked by
 * the same rules as the kiosk's, with the same messages, and counted as
 * the kiosk counts them ("Question 3 of 13": a screen of the kiosk, with
 * "part 2 of 4" when the kiosk shows several questions together). Every
 * yes or no is a number, with the kiosk's words for it: "1. Start the
 * survey", "2. Go back". Then a review (a number changes that answer; the
 * kiosk's buttons, Submit first, follow as numbers), the sealing context
 * of tui/seal.h, and a thank-you only when the answers were stored.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content/buf.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "tui/consent.h"
#include "tui/i18n.h"
#include "tui/plain-int.h"
#include "tui/screen-page.h"
#include "tui/seal.h"

enum { PQ_NEXT, PQ_BACK, PQ_LEAVE, PQ_EOF, PQ_JUMP };

struct plain_survey {
	struct plain	*pl;
	struct xlsform	*form;
	const char	*id;		/* its survey id in the pack */
	struct survey	*s;
	int		 feedback;
	int		 contact;	/* a request to be contacted */
	int		 sealed;	/* the answers are stored */
	size_t		 section;	/* the group whose title was said */
	size_t		 jump;		/* PQ_JUMP: where to go on */
};

static struct xlsform *
plain_survey_load(struct plain *pl, const char *id)
{
	struct xlsform *f = NULL;
	char *path;

	if ((path = pack_survey_path(pl->pack, id)) == NULL)
		return NULL;
	if (xlsform_load(path, &f, NULL, NULL) != 0)
		f = NULL;
	free(path);
	return f;
}

/* Is q asked now: shown, relevant, on a shown screen? */
static int
plain_asked(struct plain_survey *ps, size_t q)
{
	size_t sc = survey_screen_of(ps->s, q);
	enum xlsform_type t = ps->form->questions[SURVEY_Q(q)].type;

	return sc != SURVEY_NONE && survey_type_shown(t) &&
	    survey_relevant(ps->s, q) && survey_screen_shown(ps->s, sc);
}

/*
 * Every step of the survey now, in order: each question asked, and each
 * repeat's prompt (Caller frees; *n gets how many).
 */
static size_t *
plain_steps(struct plain_survey *ps, size_t *n)
{
	const struct survey_screen *sc;
	size_t i, q, *v, cap = 64, *nv;

	*n = 0;
	if ((v = malloc(cap * sizeof *v)) == NULL)
		return NULL;
	for (i = 0; i < survey_nscreens(ps->s); i++) {
		if (!survey_screen_shown(ps->s, i))
			continue;
		sc = survey_screen(ps->s, i);
		for (q = sc->first; q <= sc->last; q++) {
			if (!sc->prompt && !plain_asked(ps, q))
				continue;
			if (*n == cap) {
				cap *= 2;
				if ((nv = reallocarray(v, cap, sizeof *v)) ==
				    NULL) {
					free(v);
					return NULL;
				}
				v = nv;
			}
			v[(*n)++] = q;
		}
	}
	return v;
}

/* The next (dir 1) or previous step from q; NONE at the end. */
static size_t
plain_step(struct plain_survey *ps, size_t q, int dir)
{
	size_t *v, n, i, r = SURVEY_NONE;

	if ((v = plain_steps(ps, &n)) == NULL)
		return SURVEY_NONE;
	if (q == SURVEY_NONE)
		r = dir > 0 && n > 0 ? v[0] : SURVEY_NONE;
	for (i = 0; i < n && q != SURVEY_NONE; i++)
		if (v[i] == q) {
			r = dir > 0 ? (i + 1 < n ? v[i + 1] : SURVEY_NONE) :
			    (i > 0 ? v[i - 1] : SURVEY_NONE);
			break;
		}
	free(v);
	return r;
}

/*
 * Where q is, counted as the kiosk counts: its screen among the screens
 * shown, and its place among the questions asked on that screen.
 */
static void
plain_survey_progress(struct plain_survey *ps, size_t q)
{
	size_t sc = survey_screen_of(ps->s, q), pos, total, i, k = 0, n = 0;
	const struct survey_screen *scr = survey_screen(ps->s, sc);

	survey_progress(ps->s, sc, &pos, &total);
	for (i = scr != NULL ? scr->first : q; scr != NULL && i <= scr->last;
	    i++)
		if (plain_asked(ps, i) &&
		    ps->form->questions[SURVEY_Q(i)].type !=
		    XLSFORM_BEGIN_GROUP) {
			n++;
			if (i <= q)
				k = n;
		}
	if (n > 1)
		plain_sayf(ps->pl, _("Question %zu of %zu, part %zu of %zu."),
		    pos, total, k, n);
	else
		plain_sayf(ps->pl, _("Question %zu of %zu."), pos, total);
}

/* Say the title of the group q is in, when it is a new one. */
static void
plain_survey_section(struct plain_survey *ps, size_t q)
{
	size_t g = ps->form->questions[SURVEY_Q(q)].parent, item, pos;
	char *label;

	while (g != XLSFORM_NONE && xlsform_text(ps->form,
	    ps->form->questions[g].label, ps->pl->lang) == NULL)
		g = ps->form->questions[g].parent;
	item = survey_item_at(ps->s, q, g);
	if (item == ps->section)
		return;
	ps->section = item;
	if (item == SURVEY_NONE || (label = survey_label(ps->s, item)) ==
	    NULL)
		return;
	/* In a repeat: which one, "Section: Household member 2". */
	if (ps->form->questions[g].repeat &&
	    (pos = survey_repeat_position(ps->s, item)) > 0)
		plain_sayf(ps->pl, _("Section: %s %zu"), label, pos);
	else
		plain_sayf(ps->pl, _("Section: %s"), label);
	free(label);
}

static void
plain_survey_choices(struct plain_survey *ps, size_t q)
{
	const struct xlsform_choice **c = NULL;
	size_t n = 0, i;

	survey_choices(ps->s, q, &c, &n);
	for (i = 0; i < n; i++)
		plain_sayf(ps->pl, "%zu. %s", i + 1,
		    survey_choice_label(ps->s, c[i]));
	free(c);
}

/* What to type, by type. */
static void
plain_survey_how(struct plain_survey *ps, size_t q)
{
	const struct xlsform_question *qq = &ps->form->questions[SURVEY_Q(q)];
	struct plain *pl = ps->pl;
	char from[EXPR_DECIMAL_BUFSZ], to[EXPR_DECIMAL_BUFSZ];

	switch (qq->type) {
	case XLSFORM_SELECT_ONE:
		plain_survey_choices(ps, q);
		plain_say(pl, _("Type the number of your answer."));
		break;
	case XLSFORM_SELECT_MULTIPLE:
		plain_survey_choices(ps, q);
		plain_say(pl, _("Type the numbers of all that apply, separated "
		    "by spaces."));
		break;
	case XLSFORM_RANK:
		plain_survey_choices(ps, q);
		plain_say(pl, _("Type all the numbers in your order, the most "
		    "important first, separated by spaces."));
		break;
	case XLSFORM_RANGE:
		expr_decimal(qq->range_start, from);
		expr_decimal(qq->range_end, to);
		plain_sayf(pl, _("Type a number from %s to %s."), from, to);
		break;
	case XLSFORM_INTEGER:
		plain_say(pl, _("Type a whole number, for example 42."));
		break;
	case XLSFORM_DECIMAL:
		plain_say(pl, _("Type a number, for example 2.5."));
		break;
	case XLSFORM_DATE:
		plain_say(pl, _("Type a date like 2026-11-23 (year-month-day)."));
		break;
	case XLSFORM_ACKNOWLEDGE:
		plain_say(pl, _("Type 1 to confirm."));
		break;
	case XLSFORM_TEXT:
		plain_say(pl, _("Type your answer on one line."));
		break;
	default:
		break;
	}
}

/*
 * The typed line as an answer to q: numbers become choice names. NULL with
 * *why set when the line cannot be one (Caller frees).
 */
static char *
plain_survey_parse(struct plain_survey *ps, size_t q, const char *line,
    const char **why)
{
	enum xlsform_type t = ps->form->questions[SURVEY_Q(q)].type;
	const struct xlsform_choice **c = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, count = 0;
	char tok[32], *out = NULL;
	const char *p;
	int k;

	*why = NULL;
	if (t == XLSFORM_ACKNOWLEDGE)
		return strdup(strcmp(line, "1") == 0 ||
		    strcasecmp(line, "ok") == 0 ? "OK" : line);
	if (t != XLSFORM_SELECT_ONE && t != XLSFORM_SELECT_MULTIPLE &&
	    t != XLSFORM_RANK)
		return strdup(line);
	survey_choices(ps->s, q, &c, &n);
	for (p = line; *p != '\0'; ) {
		size_t len;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if ((len = strcspn(p, " ,\t")) == 0)
			break;
		snprintf(tok, sizeof tok, "%.*s", (int)(len < 31 ? len : 31),
		    p);
		p += len;
		if (len > 30 || (k = plain_number(tok, n)) < 0 ||
		    (t == XLSFORM_SELECT_ONE && count > 0)) {
			*why = t == XLSFORM_SELECT_ONE ? _("Please type one of "
			    "the numbers.") : _("Please type numbers from the "
			    "list, separated by spaces.");
			goto out;
		}
		if (count++ > 0)
			buf_addch(&b, ' ');
		buf_addstr(&b, c[k - 1]->name);
	}
	out = buf_detach(&b, NULL);
out:
	buf_free(&b);
	free(c);
	return out;
}

/* The kiosk's "Leave this survey?", its buttons as numbers. */
static int
plain_survey_leave(struct plain_survey *ps)
{
	const char *a;

	plain_say(ps->pl, _("Leave this survey?"));
	plain_say(ps->pl, _("Your answers will be lost."));
	plain_sayf(ps->pl, "1. %s", _("No, carry on"));
	plain_sayf(ps->pl, "2. %s", _("Yes, leave"));
	if ((a = plain_ask(ps->pl)) == NULL)
		return PQ_EOF;
	return strcmp(a, "2") == 0 ? PQ_LEAVE : -1;
}

/* Say question q: its section, where it is, label, hint, what to type. */
static void
plain_survey_say(struct plain_survey *ps, size_t q)
{
	struct plain *pl = ps->pl;
	char *text;

	plain_survey_section(ps, q);
	plain_survey_progress(ps, q);
	if ((text = survey_label(ps->s, q)) != NULL)
		plain_say(pl, text);
	free(text);
	if ((text = survey_hint(ps->s, q)) != NULL)
		plain_say(pl, text);
	free(text);
	if ((text = survey_guidance(ps->s, q)) != NULL)
		/* TRANSLATORS: before a question's guidance hint. */
		plain_sayf(pl, _("Guidance: %s"), text);
	free(text);
	if (ps->form->questions[SURVEY_Q(q)].type == XLSFORM_NOTE) {
		plain_say(pl, _("Press Enter to go on, or type b to go back."));
		return;
	}
	plain_survey_how(ps, q);
	if ((text = survey_answer_text(ps->s, q)) != NULL && *text != '\0')
		plain_sayf(pl, _("Your answer now: %s. Press Enter to keep it, "
		    "or type - to clear it."), text);
	free(text);
	plain_say(pl, survey_required(ps->s, q) ? _("An answer is needed. "
	    "Type b to go back, q to leave.") : _("Press Enter alone to skip. "
	    "Type b to go back, q to leave."));
}

/* A repeat's prompt: add one, take the last away, or go on. */
static int
plain_survey_prompt(struct plain_survey *ps, size_t q)
{
	struct plain *pl = ps->pl;
	size_t n, screen, i;
	char *label;
	const char *a;
	int r;

	for (;;) {
		n = survey_repeat_count(ps->s, q);
		label = survey_label(ps->s, q);
		if (n == 0)
			plain_sayf(pl, _("%s: none so far."), label != NULL ?
			    label : "");
		else
			plain_sayf(pl, ngettext("%s: %zu so far.",
			    "%s: %zu so far.", n), label != NULL ? label : "",
			    n);
		free(label);
		plain_say(pl, n == 0 ? _("Type a to add one, or press Enter to "
		    "go on. Type b to go back, q to leave.") : _("Type a to add "
		    "another, r to take the last one away, or press Enter to "
		    "go on. Type b to go back, q to leave."));
		if ((a = plain_ask(pl)) == NULL)
			return PQ_EOF;
		if (*a == '\0')
			return PQ_NEXT;
		if (strcmp(a, "b") == 0)
			return PQ_BACK;
		if (strcmp(a, "q") == 0) {
			if ((r = plain_survey_leave(ps)) >= 0)
				return r;
			continue;
		}
		if (strcmp(a, "a") == 0) {
			if (survey_repeat_add(ps->s, q, &screen) != 0) {
				plain_say(pl, _("No more can be added."));
				continue;
			}
			/* On to the new one's first question. */
			ps->jump = plain_step(ps, q, 1);
			for (i = survey_screen(ps->s, screen)->first;
			    i <= survey_screen(ps->s, screen)->last; i++)
				if (plain_asked(ps, i)) {
					ps->jump = i;
					break;
				}
			return PQ_JUMP;
		}
		if (strcmp(a, "r") == 0 && n > 0) {
			survey_repeat_remove(ps->s, q, &screen);
			plain_say(pl, _("Taken away."));
			continue;
		}
		plain_say(pl, _("Please type a, r, b or q, or press Enter."));
	}
}

/* Ask q until it has an acceptable answer, or the person goes elsewhere. */
static int
plain_survey_ask(struct plain_survey *ps, size_t q)
{
	struct plain *pl = ps->pl;
	const struct xlsform_question *qq = &ps->form->questions[SURVEY_Q(q)];
	struct survey_problem p;
	const char *a, *why;
	char *val;
	int r, say = 1;

	if (qq->type == XLSFORM_BEGIN_GROUP)
		return plain_survey_prompt(ps, q);
	for (;;) {
		/* After a mistake only the message: the question was said. */
		if (say)
			plain_survey_say(ps, q);
		say = 0;
		if ((a = plain_ask(pl)) == NULL)
			return PQ_EOF;
		if (strcmp(a, "b") == 0)
			return PQ_BACK;
		if (strcmp(a, "q") == 0) {
			if ((r = plain_survey_leave(ps)) >= 0)
				return r;
			say = 1;
			continue;
		}
		if (strcmp(a, "h") == 0 || strcmp(a, "?") == 0) {
			plain_help(pl);
			say = 1;
			continue;
		}
		/* Another language: the same question, said again in it. */
		if ((strcmp(a, "l") == 0 || strcmp(a, "L") == 0) &&
		    pl->pack->nlangs > 1) {
			if (plain_language(pl) != 0)
				return PQ_EOF;
			survey_set_lang(ps->s, pl->lang);
			ps->section = XLSFORM_NONE;
			say = 1;
			continue;
		}
		if (qq->type == XLSFORM_NOTE || survey_read_only(ps->s, q))
			return PQ_NEXT;
		if (*a != '\0') {
			if ((val = plain_survey_parse(ps, q, strcmp(a, "-") ==
			    0 ? "" : a, &why)) == NULL) {
				plain_say(pl, why != NULL ? why :
				    _("out of memory"));
				continue;
			}
			r = survey_set(ps->s, q, val);
			explicit_bzero(val, strlen(val));
			free(val);
			if (r != 0) {
				plain_say(pl, r == ERR_LIMIT ? _("That answer "
				    "is too long.") : _("That answer has "
				    "characters that cannot be used."));
				continue;
			}
		}
		if (survey_check(ps->s, q, &p) == 0)
			return PQ_NEXT;
		plain_say(pl, p.from_form ? p.msg : _(p.msg));
	}
}

enum { PR_SUBMIT, PR_BACK, PR_LEAVE, PR_NACTIONS };

/* Seal the answers; PQ_NEXT once stored, else -1 (the reason said). */
static int
plain_survey_submit(struct plain_survey *ps)
{
	struct plain *pl = ps->pl;
	struct survey_response resp;
	char *cause = NULL;
	int r;

	if (!seal_ready(pl->seal)) {
		plain_say(pl, _("Saving answers is not ready on this laptop "
		    "yet. Your answers have not been saved."));
		return -1;
	}
	if (survey_response(ps->s, 0, ps->contact ? "contact" : ps->feedback ?
	    "feedback" : "survey", &resp) != 0)
		return -1;
	resp.pack_id = pl->pack->id;
	resp.pack_version = pl->pack->version;
	r = seal_submit(pl->seal, NULL, &resp, &cause);
	survey_response_clear(&resp);
	if (r != 0) {
		plain_sayf(pl, _("Your answers could not be saved (%s). They "
		    "are still here: please try again, or ask a member of "
		    "staff."), cause != NULL ? cause : err_str(r));
		free(cause);
		return -1;
	}
	ps->sealed = 1;
	plain_say(pl, ps->contact ? _("Thank you. Your request has been saved "
	    "and locked. Only the council's team who get back in touch with "
	    "people can read it.") : _("Thank you. Your answers have been "
	    "saved and locked."));
	return PQ_NEXT;
}

/*
 * Say the review: the answers numbered, then the kiosk's buttons. *qsp
 * (freed first) gets the items numbered; SURVEY_NONE when out of memory.
 */
static size_t
plain_survey_review_say(struct plain_survey *ps, size_t **qsp)
{
	struct plain *pl = ps->pl;
	size_t *qs, n, q, i, all, rep;
	char *label, *rlabel, *ans;
	const char *name;

	free(*qsp);
	if ((*qsp = qs = plain_steps(ps, &all)) == NULL)
		return SURVEY_NONE;
	plain_say(pl, _("Check your answers. Choose one to change it, or "
	    "submit them."));
	for (n = 0, i = 0; i < all; i++) {
		q = qs[i];
		if (!survey_answerable(ps->s, q))
			continue;
		qs[n++] = q;
		label = survey_label(ps->s, q);
		ans = survey_answer_text(ps->s, q);
		name = label != NULL ? label :
		    ps->form->questions[SURVEY_Q(q)].name;
		rep = survey_repeat_of(ps->s, q);
		rlabel = rep != SURVEY_NONE ? survey_label(ps->s, rep) : NULL;
		/* In a repeat: "5. Pet 2, Pet's name?: Rex". */
		if (rlabel != NULL)
			plain_sayf(pl, "%zu. %s %zu, %s: %s", n, rlabel,
			    survey_repeat_position(ps->s, q), name,
			    ans != NULL && *ans != '\0' ? ans :
			    _("(no answer)"));
		else
			plain_sayf(pl, "%zu. %s: %s", n, name, ans != NULL &&
			    *ans != '\0' ? ans : _("(no answer)"));
		free(rlabel);
		free(label);
		free(ans);
	}
	plain_sayf(pl, "%zu. %s", n + 1 + PR_SUBMIT, _("Submit my answers"));
	plain_sayf(pl, "%zu. %s", n + 1 + PR_BACK, _("Back"));
	plain_sayf(pl, "%zu. %s", n + 1 + PR_LEAVE, _("Leave survey"));
	return n;
}

/* The review; returns PQ_NEXT once stored, PQ_BACK, PQ_LEAVE or PQ_EOF. */
static int
plain_survey_review(struct plain_survey *ps)
{
	struct plain *pl = ps->pl;
	struct survey_problem p;
	size_t *qs = NULL, n;
	const char *a;
	int k, r = PQ_EOF, say = 1;

	for (;;) {
		/* After a mistake only the message: the list was said. */
		if (say && (n = plain_survey_review_say(ps, &qs)) ==
		    SURVEY_NONE)
			break;
		say = 0;
		plain_say(pl, _("Type a number."));
		if ((a = plain_ask(pl)) == NULL) {
			r = PQ_EOF;
			break;
		}
		if (strcmp(a, "b") == 0) {
			r = PQ_BACK;
			break;
		}
		k = plain_number(a, n + PR_NACTIONS);
		if (strcmp(a, "q") == 0)
			k = (int)(n + 1 + PR_LEAVE);
		if (k <= 0) {
			plain_say(pl, _("Please type one of the numbers, or b."));
			continue;
		}
		say = 1;
		if ((size_t)k <= n) {
			if ((r = plain_survey_ask(ps, qs[k - 1])) == PQ_EOF ||
			    r == PQ_LEAVE)
				break;
			continue;
		}
		if ((size_t)k == n + 1 + PR_BACK) {
			r = PQ_BACK;
			break;
		}
		if ((size_t)k == n + 1 + PR_LEAVE) {
			if ((r = plain_survey_leave(ps)) >= 0)
				break;
			continue;
		}
		if (survey_validate(ps->s, &p) != 0) {
			plain_say(pl, p.from_form ? p.msg : _(p.msg));
			if ((r = plain_survey_ask(ps, p.q)) == PQ_EOF ||
			    r == PQ_LEAVE)
				break;
			continue;
		}
		if ((r = plain_survey_submit(ps)) == PQ_NEXT)
			break;
		say = 0;
	}
	free(qs);
	return r;
}

/* Say the consent page; 1 when the person chooses to start. */
static int
plain_survey_consent(struct plain_survey *ps)
{
	struct plain *pl = ps->pl;
	struct layout *lay = NULL;
	struct doc *d = NULL;
	const char *a;

	plain_say(pl, pack_text_survey(pl->pack, ps->id, pl->lang,
	    ps->form->title));
	/* The pack's consent, or, in demo mode, one that promises no privacy. */
	if (consent_doc(pl->pack, pl->lang, ps->contact ? CONSENT_CONTACT :
	    CONSENT_SURVEY, &d, NULL) == 0 && layout_doc_plain(d, &lay) == 0)
		plain_say_layout(pl, lay);
	layout_free(&lay);
	doc_free(&d);
	/* The kiosk's two buttons, as numbers. */
	plain_sayf(pl, "1. %s", ps->contact ? _("Go on to the form") :
	    _("Start the survey"));
	plain_sayf(pl, "2. %s", _("Go back"));
	for (;;) {
		if ((a = plain_ask(pl)) == NULL || strcmp(a, "2") == 0 ||
		    strcmp(a, "b") == 0 || strcmp(a, "q") == 0)
			return 0;
		if (strcmp(a, "1") == 0)
			return 1;
		plain_say(pl, _("Please type 1 or 2."));
	}
}

void
plain_survey_run(struct plain *pl, const char *id, int kind,
    const char *topic_page, const char *topic_lang)
{
	struct plain_survey ps;
	size_t q, last = SURVEY_NONE;
	int r;

	memset(&ps, 0, sizeof ps);
	ps.pl = pl;
	ps.id = id;
	ps.feedback = kind == PS_FEEDBACK;
	ps.contact = kind == PS_CONTACT;
	ps.section = SURVEY_NONE;
	if ((ps.form = plain_survey_load(pl, id)) == NULL) {
		plain_say(pl, _("Sorry, this survey cannot be opened."));
		return;
	}
	if (!plain_survey_consent(&ps))
		goto out;
	if (survey_new(ps.form, pl->lang, 0, &ps.s, NULL) != 0)
		goto out;
	/* Feedback from a page: about that page already. */
	if (topic_page != NULL)
		survey_preset_topic(ps.s, topic_page, NULL, topic_lang);
	q = plain_step(&ps, SURVEY_NONE, 1);
	for (;;) {
		if (q == SURVEY_NONE) {
			r = plain_survey_review(&ps);
			if (r != PQ_BACK)
				break;
			q = last;
			continue;
		}
		last = q;
		r = plain_survey_ask(&ps, q);
		if (r == PQ_EOF || r == PQ_LEAVE)
			break;
		if (r == PQ_JUMP) {
			q = ps.jump;
			continue;
		}
		if (r == PQ_BACK) {
			if (plain_step(&ps, q, -1) == SURVEY_NONE)
				plain_say(pl, _("This is the first question."));
			else
				q = plain_step(&ps, q, -1);
			continue;
		}
		q = plain_step(&ps, q, 1);
	}
out:
	survey_free(&ps.s);
	xlsform_free(&ps.form);
	/* As the kiosk's thank-you: the door, asked apart from the answers. */
	if (ps.sealed && !ps.contact && pl->pack->contact != NULL &&
	    !pl->eof)
		plain_contact_offer(pl);
}

void
plain_surveys(struct plain *pl)
{
	struct xlsform *f;
	const char *a;
	char title[512];
	size_t i;
	int k;

	for (;;) {
		plain_say(pl, _("Have your say. Choose a survey:"));
		for (i = 0; i < pl->pack->nsurveys; i++) {
			f = plain_survey_load(pl, pl->pack->surveys[i]);
			/* As the kiosk's list: "(English)" when not in it. */
			screen_page_list_title(pl->pack, pack_text_survey(
			    pl->pack, pl->pack->surveys[i], pl->lang, f != NULL ?
			    f->title : NULL), f != NULL && f->nlangs > 0 &&
			    xlsform_lang_find(f, pl->lang) == XLSFORM_NONE, title,
			    sizeof title);
			plain_sayf(pl, "%zu. %s", i + 1, title);
			xlsform_free(&f);
		}
		plain_say(pl, _("Type a number, or b to go back."));
		if ((a = plain_ask(pl)) == NULL || strcmp(a, "b") == 0 ||
		    strcmp(a, "q") == 0)
			return;
		if ((k = plain_number(a, pl->pack->nsurveys)) > 0)
			plain_survey_run(pl, pl->pack->surveys[k - 1],
			    PS_SURVEY, NULL, NULL);
		else
			plain_say(pl, _("Please type one of the numbers, or b."));
		if (pl->eof)
			return;
	}
}

void
plain_feedback(struct plain *pl)
{
	if (pl->pack->feedback == NULL) {
		plain_say(pl, _("There is no feedback form here yet."));
		return;
	}
	plain_survey_run(pl, pl->pack->feedback, PS_FEEDBACK, NULL, NULL);
}

void
plain_feedback_about(struct plain *pl, const char *id, const char *lang)
{
	if (pl->pack->feedback == NULL) {
		plain_say(pl, _("There is no feedback form here yet."));
		return;
	}
	plain_survey_run(pl, pl->pack->feedback, PS_FEEDBACK, id, lang);
}
