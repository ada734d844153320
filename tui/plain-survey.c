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
 * clears it; b goes back, q leaves (after asking), h is help. The answers
 * are checked by the same rules as the kiosk's, with the same messages.
 * Then a review (a number changes that answer, s submits), the sealing
 * context of tui/seal.h, and a thank-you only when the answers were stored.
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
#include "tui/i18n.h"
#include "tui/plain-int.h"
#include "tui/seal.h"

enum { PQ_NEXT, PQ_BACK, PQ_LEAVE, PQ_EOF };

struct plain_survey {
	struct plain	*pl;
	struct xlsform	*form;
	struct survey	*s;
	int		 feedback;
	size_t		 section;	/* the group whose title was said */
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
	enum xlsform_type t = ps->form->questions[q].type;

	return sc != SURVEY_NONE && survey_type_shown(t) &&
	    survey_relevant(ps->s, q) && survey_screen_shown(ps->s, sc);
}

/* The next (dir 1) or previous question asked from q; NONE at the end. */
static size_t
plain_step(struct plain_survey *ps, size_t q, int dir)
{
	size_t n = ps->form->nquestions, i = q;

	if (dir > 0) {
		for (i = q == SURVEY_NONE ? 0 : q + 1; i < n; i++)
			if (plain_asked(ps, i))
				return i;
		return SURVEY_NONE;
	}
	while (i-- > 0)
		if (plain_asked(ps, i))
			return i;
	return SURVEY_NONE;
}

static void
plain_survey_progress(struct plain_survey *ps, size_t q)
{
	size_t i, k = 0, n = 0;

	for (i = 0; i < ps->form->nquestions; i++)
		if (plain_asked(ps, i)) {
			n++;
			if (i <= q)
				k = n;
		}
	plain_sayf(ps->pl, _("Question %zu of %zu."), k, n);
}

/* Say the title of the group q is in, when it is a new one. */
static void
plain_survey_section(struct plain_survey *ps, size_t q)
{
	size_t g = ps->form->questions[q].parent;
	char *label;

	while (g != XLSFORM_NONE && xlsform_text(ps->form,
	    ps->form->questions[g].label, ps->pl->lang) == NULL)
		g = ps->form->questions[g].parent;
	if (g == ps->section)
		return;
	ps->section = g;
	if (g != XLSFORM_NONE && (label = survey_label(ps->s, g)) != NULL) {
		plain_sayf(ps->pl, _("Section: %s"), label);
		free(label);
	}
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
	const struct xlsform_question *qq = &ps->form->questions[q];
	struct plain *pl = ps->pl;
	struct expr_value a, b;
	char *from, *to;

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
		memset(&a, 0, sizeof a);
		memset(&b, 0, sizeof b);
		a.type = b.type = EXPR_NUMBER;
		a.num = qq->range_start;
		b.num = qq->range_end;
		from = expr_to_string(&a);
		to = expr_to_string(&b);
		plain_sayf(pl, _("Type a number from %s to %s."),
		    from != NULL ? from : "", to != NULL ? to : "");
		free(from);
		free(to);
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
		plain_say(pl, _("Type ok to confirm."));
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
	enum xlsform_type t = ps->form->questions[q].type;
	const struct xlsform_choice **c = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, count = 0;
	char tok[32], *out = NULL;
	const char *p;
	int k;

	*why = NULL;
	if (t == XLSFORM_ACKNOWLEDGE)
		return strdup(strcasecmp(line, "ok") == 0 ||
		    strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") ==
		    0 ? "OK" : line);
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

static int
plain_survey_leave(struct plain_survey *ps)
{
	const char *a;

	plain_say(ps->pl, _("Leave this survey? Your answers will be lost. "
	    "Type y to leave, or n to carry on."));
	if ((a = plain_ask(ps->pl)) == NULL)
		return PQ_EOF;
	return strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0 ?
	    PQ_LEAVE : -1;
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
	if (ps->form->questions[q].type == XLSFORM_NOTE) {
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

/* Ask q until it has an acceptable answer, or the person goes elsewhere. */
static int
plain_survey_ask(struct plain_survey *ps, size_t q)
{
	struct plain *pl = ps->pl;
	const struct xlsform_question *qq = &ps->form->questions[q];
	struct survey_problem p;
	const char *a, *why;
	char *val;
	int r, say = 1;

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

/* The review; returns PQ_NEXT once stored, PQ_BACK, PQ_LEAVE or PQ_EOF. */
static int
plain_survey_review(struct plain_survey *ps)
{
	struct plain *pl = ps->pl;
	struct survey_response resp;
	struct survey_problem p;
	size_t *qs, n, q;
	const char *a;
	char *label, *ans, *cause;
	int k, r;

	if ((qs = calloc(ps->form->nquestions + 1, sizeof *qs)) == NULL)
		return PQ_EOF;
	for (;;) {
		plain_say(pl, _("Check your answers:"));
		for (n = 0, q = plain_step(ps, SURVEY_NONE, 1); q != SURVEY_NONE;
		    q = plain_step(ps, q, 1)) {
			if (!survey_answerable(ps->s, q))
				continue;
			qs[n++] = q;
			label = survey_label(ps->s, q);
			ans = survey_answer_text(ps->s, q);
			plain_sayf(pl, "%zu. %s: %s", n, label != NULL ? label :
			    ps->form->questions[q].name, ans != NULL &&
			    *ans != '\0' ? ans : _("(no answer)"));
			free(label);
			free(ans);
		}
		plain_say(pl, _("Type a number to change that answer, s to "
		    "submit, b to go back, or q to leave."));
		if ((a = plain_ask(pl)) == NULL) {
			r = PQ_EOF;
			break;
		}
		if (strcmp(a, "b") == 0) {
			r = PQ_BACK;
			break;
		}
		if (strcmp(a, "q") == 0) {
			if ((r = plain_survey_leave(ps)) >= 0)
				break;
			continue;
		}
		if ((k = plain_number(a, n)) > 0) {
			if ((r = plain_survey_ask(ps, qs[k - 1])) == PQ_EOF ||
			    r == PQ_LEAVE)
				break;
			continue;
		}
		if (strcmp(a, "s") != 0) {
			plain_say(pl, _("Please type a number, s, b or q."));
			continue;
		}
		if (survey_validate(ps->s, &p) != 0) {
			plain_say(pl, p.from_form ? p.msg : _(p.msg));
			if ((r = plain_survey_ask(ps, p.q)) == PQ_EOF ||
			    r == PQ_LEAVE)
				break;
			continue;
		}
		if (!seal_ready(pl->seal)) {
			plain_say(pl, _("Saving answers is not ready on this "
			    "laptop yet. Your answers have not been saved."));
			continue;
		}
		if (survey_response(ps->s, 0, ps->feedback ? "feedback" :
		    "survey", &resp) != 0)
			continue;
		resp.pack_id = pl->pack->id;
		resp.pack_version = pl->pack->version;
		cause = NULL;
		r = seal_submit(pl->seal, NULL, &resp, &cause);
		survey_response_clear(&resp);
		if (r != 0) {
			plain_sayf(pl, _("Your answers could not be saved (%s). "
			    "They are still here: type s to try again."),
			    cause != NULL ? cause : err_str(r));
			free(cause);
			continue;
		}
		plain_say(pl, _("Thank you. Your answers have been saved and "
		    "locked."));
		r = PQ_NEXT;
		break;
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

	plain_say(pl, ps->form->title);
	if (pl->pack->consent != NULL && pack_page_load(pl->pack, pl->lang,
	    pl->pack->consent, &d, NULL, NULL) == 0 &&
	    layout_doc(d, 100000, 0, &lay) == 0)
		plain_say_layout(pl, lay);
	layout_free(&lay);
	doc_free(&d);
	for (;;) {
		plain_say(pl, _("Type y to start the survey, or b to go back."));
		if ((a = plain_ask(pl)) == NULL || strcmp(a, "b") == 0 ||
		    strcmp(a, "q") == 0)
			return 0;
		if (strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0)
			return 1;
	}
}

static void
plain_survey_run(struct plain *pl, const char *id, int feedback)
{
	struct plain_survey ps;
	size_t q, last = SURVEY_NONE;
	int r;

	memset(&ps, 0, sizeof ps);
	ps.pl = pl;
	ps.feedback = feedback;
	ps.section = XLSFORM_NONE;
	if ((ps.form = plain_survey_load(pl, id)) == NULL) {
		plain_say(pl, _("Sorry, this survey cannot be opened."));
		return;
	}
	if (!plain_survey_consent(&ps))
		goto out;
	if (survey_new(ps.form, pl->lang, 0, &ps.s, NULL) != 0)
		goto out;
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
}

void
plain_surveys(struct plain *pl)
{
	struct xlsform *f;
	const char *a;
	size_t i;
	int k;

	for (;;) {
		plain_say(pl, _("Have your say. Choose a survey:"));
		for (i = 0; i < pl->pack->nsurveys; i++) {
			f = plain_survey_load(pl, pl->pack->surveys[i]);
			plain_sayf(pl, "%zu. %s", i + 1, f != NULL &&
			    f->title != NULL ? f->title : pl->pack->surveys[i]);
			xlsform_free(&f);
		}
		plain_say(pl, _("Type a number, or b to go back."));
		if ((a = plain_ask(pl)) == NULL || strcmp(a, "b") == 0 ||
		    strcmp(a, "q") == 0)
			return;
		if ((k = plain_number(a, pl->pack->nsurveys)) > 0)
			plain_survey_run(pl, pl->pack->surveys[k - 1], 0);
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
	plain_survey_run(pl, pl->pack->feedback, 1);
}
