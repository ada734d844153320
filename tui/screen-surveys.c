/*
 * The way into a survey: "Have your say" lists the pack's surveys by their
 * titles; the consent screen comes before every survey (and the feedback
 * form): the pack's consent page says what is asked, why, and that answers
 * are anonymous, then the person starts or goes back. Starting hands the
 * loaded form to the runner, which takes the consent screen's place, so
 * leaving the survey goes back to where the person chose it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "content/layout.h"
#include "content/pack.h"
#include "content/utf8.h"
#include "content/xlsform.h"
#include "tui/consent.h"
#include "tui/i18n.h"
#include "tui/menu.h"
#include "tui/screen-page.h"
#include "tui/screen-survey.h"

struct screen_surveys {
	struct menu	menu;
	char		lang[36];
};

static int	screen_surveys_choose(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_surveys_bindings[] = {
	BINDING_ARROWS(N_("move")),
	{ "Enter", N_("choose"), K_ENTER, 0, screen_surveys_choose },
	{ "Esc", N_("back"), K_ESC, 0, NULL },
	{ "?", N_("help"), '?', 0, NULL },
	BINDING_END
};

/* Load the form of survey id (Caller frees); NULL when it cannot be used. */
static struct xlsform *
screen_surveys_load(struct pack *pack, const char *id)
{
	struct xlsform *f = NULL;
	char *path;

	if ((path = pack_survey_path(pack, id)) == NULL)
		return NULL;
	if (xlsform_load(path, &f, NULL, NULL) != 0)
		f = NULL;
	free(path);
	return f;
}

static void
screen_surveys_build(struct kiosk *k, struct screen_surveys *h)
{
	struct xlsform *f;
	char title[512];
	size_t i;

	menu_clear(&h->menu);
	h->menu.numbered = 1;
	for (i = 0; i < k->pack->nsurveys; i++) {
		f = screen_surveys_load(k->pack, k->pack->surveys[i]);
		/* A survey not in the language says so, as a page does. */
		screen_page_list_title(k->pack, pack_text_survey(k->pack,
		    k->pack->surveys[i], k->lang, f != NULL ? f->title : NULL),
		    f != NULL && f->nlangs > 0 && xlsform_lang_find(f, k->lang) ==
		    XLSFORM_NONE, title, sizeof title);
		menu_add(&h->menu, title, f == NULL ? _("(cannot be opened)") :
		    NULL, (int)i);
		xlsform_free(&f);
	}
	memcpy(h->lang, k->lang, sizeof h->lang);
}

static int
screen_surveys_enter(struct kiosk *k, struct screen *s, const void *arg)
{
	(void)arg;
	screen_surveys_build(k, s->data);
	return 0;
}

static void
screen_surveys_leave(struct kiosk *k, struct screen *s)
{
	struct screen_surveys *h = s->data;

	(void)k;
	menu_clear(&h->menu);
}

static const char *
screen_surveys_title(struct kiosk *k, struct screen *s)
{
	(void)k;
	(void)s;
	return _("Have your say");
}

static int
screen_surveys_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_surveys *h = s->data;

	switch (menu_key(&h->menu, ev)) {
	case MENU_MOVED:
		return R_REDRAW;
	case MENU_CHOSEN:
		return screen_surveys_choose(k, s, ev);
	}
	return R_UNHANDLED;
}

/* Enter, a number or a click: the selected survey's consent screen. */
static int
screen_surveys_choose(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_surveys *h = s->data;
	struct survey_arg arg;

	(void)ev;
	if (h->menu.n == 0)
		return R_UNHANDLED;
	memset(&arg, 0, sizeof arg);
	arg.id = k->pack->surveys[menu_selected(&h->menu)->id];
	arg.feedback = 0;
	if (kiosk_push(k, &screen_consent_class, &arg) != 0 &&
	    k->message[0] == '\0')
		kiosk_notice(k, "%s", _("Sorry, this survey cannot be "
		    "opened."));
	return R_REDRAW;
}

static void
screen_surveys_draw(struct kiosk *k, struct screen *s, struct canvas *c,
    int top, int height)
{
	struct screen_surveys *h = s->data;
	int x = c->w >= 60 ? 4 : 1, w = c->w - 2 * x, y = top + 1;

	if (strcmp(h->lang, k->lang) != 0)
		screen_surveys_build(k, h);
	canvas_text_cut(c, y++, x, w, _("Have your say"), ST_TITLE);
	y++;
	if (h->menu.n == 0) {
		canvas_text_cut(c, y, x, w, _("There are no surveys here yet."),
		    ST_NORMAL);
		return;
	}
	canvas_text_cut(c, y++, x, w, _("Choose a survey:"), ST_NORMAL);
	y++;
	menu_draw(&h->menu, c, y, x, w, top + height - y);
}

const struct screen_class screen_surveys_class = {
	.name = "surveys",
	.size = sizeof(struct screen_surveys),
	.enter = screen_surveys_enter,
	.leave = screen_surveys_leave,
	.key = screen_surveys_key,
	.draw = screen_surveys_draw,
	.title = screen_surveys_title,
	.bindings = screen_surveys_bindings,
};

/* The consent screen. */
enum { CONSENT_START, CONSENT_BACK, CONSENT_NBUTTONS };

struct screen_consent {
	struct xlsform	*form;
	const char	*survey;	/* its id in the pack (the pack's) */
	int		 feedback;
	int		 contact;	/* the privacy notice of [contact] */
	char		*topic_page, *topic_heading, *topic_lang;
	struct doc	*doc;		/* the pack's consent page, or NULL */
	int		 rtl;		/* its language reads right to left */
	struct layout	*lay;
	size_t		 lay_width;
	size_t		 top;		/* first line shown */
	int		 height;	/* lines shown last time */
	int		 button;	/* the focused button */
	int		 by, bx[CONSENT_NBUTTONS], bw[CONSENT_NBUTTONS];
};

static int	screen_consent_press(struct kiosk *k, struct screen *s,
		    const struct ev *ev);

static const struct binding screen_consent_bindings[] = {
	BINDING_ARROWS(N_("scroll")),
	{ "Enter", N_("start"), K_ENTER, ' ', screen_consent_press },
	{ "Esc", N_("back"), K_ESC, K_BACKSPACE, kiosk_back },
	BINDING_END
};

static int
screen_consent_enter(struct kiosk *k, struct screen *s, const void *varg)
{
	const struct survey_arg *arg = varg;
	struct screen_consent *c = s->data;
	int fell_back = 0;

	if ((c->form = screen_surveys_load(k->pack, arg->id)) == NULL) {
		kiosk_notice(k, "%s", _("Sorry, this survey cannot be opened."));
		return -1;
	}
	c->feedback = arg->feedback;
	c->contact = arg->contact;
	c->survey = arg->id;
	if ((arg->topic_page != NULL &&
	    (c->topic_page = strdup(arg->topic_page)) == NULL) ||
	    (arg->topic_heading != NULL &&
	    (c->topic_heading = strdup(arg->topic_heading)) == NULL) ||
	    (arg->topic_lang != NULL &&
	    (c->topic_lang = strdup(arg->topic_lang)) == NULL))
		return -1;
	/* The pack's consent, or, in demo mode, one that promises no privacy. */
	if (consent_doc(k->pack, k->lang, c->contact ? CONSENT_CONTACT :
	    CONSENT_SURVEY, &c->doc, &fell_back) == 0)
		c->rtl = pack_lang_is_rtl(fell_back ? k->pack->default_lang :
		    k->lang);
	return 0;
}

static void
screen_consent_leave(struct kiosk *k, struct screen *s)
{
	struct screen_consent *c = s->data;

	(void)k;
	layout_free(&c->lay);
	doc_free(&c->doc);
	xlsform_free(&c->form);
	free(c->topic_page);
	free(c->topic_heading);
	free(c->topic_lang);
}

static const char *
screen_consent_title(struct kiosk *k, struct screen *s)
{
	struct screen_consent *c = s->data;

	return c->form != NULL ? pack_text_survey(k->pack, c->survey, k->lang,
	    c->form->title) : NULL;
}

/* Start: the runner takes the form and this screen's place. */
static int
screen_consent_start(struct kiosk *k, struct screen_consent *c)
{
	struct runner_arg arg;

	char *page = c->topic_page, *heading = c->topic_heading,
	    *lang = c->topic_lang;

	memset(&arg, 0, sizeof arg);
	arg.form = c->form;
	arg.survey = c->survey;
	arg.feedback = c->feedback;
	arg.contact = c->contact;
	arg.topic_page = page;
	arg.topic_heading = heading;
	arg.topic_lang = lang;
	c->form = NULL;
	c->topic_page = c->topic_heading = c->topic_lang = NULL;
	kiosk_pop(k);
	kiosk_push(k, &screen_survey_class, &arg);
	free(page);
	free(heading);
	free(lang);
	return R_REDRAW;
}

const char *
screen_surveys_contact_label(struct kiosk *k)
{
	const char *l = pack_text_contact(k->pack, k->lang);

	return l != NULL ? l : _("Ask us to contact you");
}

int
screen_surveys_contact(struct kiosk *k)
{
	struct survey_arg arg;

	if (k->pack->contact == NULL)
		return R_NONE;
	memset(&arg, 0, sizeof arg);
	arg.id = k->pack->contact;
	arg.contact = 1;
	if (kiosk_push(k, &screen_consent_class, &arg) != 0 &&
	    k->message[0] == '\0')
		kiosk_notice(k, "%s", _("Sorry, this form cannot be opened."));
	return R_REDRAW;
}

int
screen_surveys_feedback(struct kiosk *k, const char *page,
    const char *heading, const char *lang)
{
	struct survey_arg arg;

	if (k->pack->feedback == NULL) {
		kiosk_notice(k, "%s", _("There is no feedback form here yet."));
		return R_REDRAW;
	}
	memset(&arg, 0, sizeof arg);
	arg.id = k->pack->feedback;
	arg.feedback = 1;
	arg.topic_page = page;
	arg.topic_heading = heading;
	arg.topic_lang = lang;
	if (kiosk_push(k, &screen_consent_class, &arg) != 0 &&
	    k->message[0] == '\0')
		kiosk_notice(k, "%s", _("Sorry, this survey cannot be opened."));
	return R_REDRAW;
}

static int
screen_consent_key(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_consent *c = s->data;
	size_t max = 0;
	int i;

	if (c->lay != NULL && c->lay->n > (size_t)c->height)
		max = c->lay->n - (size_t)c->height;
	if (ev->type == EV_MOUSE) {
		if (ev->button == MOUSE_WHEEL_UP && c->top > 0)
			c->top = c->top > 3 ? c->top - 3 : 0;
		else if (ev->button == MOUSE_WHEEL_DOWN)
			c->top = c->top + 3 < max ? c->top + 3 : max;
		else if (ev->button == MOUSE_CLICK && ev->my == c->by)
			for (i = 0; i < CONSENT_NBUTTONS; i++)
				if (ev->mx >= c->bx[i] && ev->mx < c->bx[i] +
				    c->bw[i])
					return i == CONSENT_START ?
					    screen_consent_start(k, c) : R_POP;
		return R_REDRAW;
	}
	if (ev->type != EV_KEY)
		return R_NONE;
	switch (ev->key) {
	case K_UP:
		if (c->top > 0)
			c->top--;
		return R_REDRAW;
	case K_DOWN:
		if (c->top < max)
			c->top++;
		return R_REDRAW;
	case K_PGUP:
		c->top = c->top > (size_t)c->height ? c->top -
		    (size_t)c->height : 0;
		return R_REDRAW;
	case K_PGDN:
		c->top = c->top + (size_t)c->height < max ? c->top +
		    (size_t)c->height : max;
		return R_REDRAW;
	case K_LEFT:
	case K_RIGHT:
	case K_TAB:
	case K_BTAB:
		c->button = !c->button;
		return R_REDRAW;
	}
	return R_UNHANDLED;
}

/* Enter or space: the button in focus (Start, or Go back). */
static int
screen_consent_press(struct kiosk *k, struct screen *s, const struct ev *ev)
{
	struct screen_consent *c = s->data;

	(void)ev;
	return c->button == CONSENT_START ? screen_consent_start(k, c) : R_POP;
}

static void
screen_consent_draw(struct kiosk *k, struct screen *s, struct canvas *cv,
    int top, int height)
{
	struct screen_consent *c = s->data;
	const char *gt = utf8_locale_ok() ? "\xe2\x96\xb6" : ">";
	int x = cv->w >= 60 ? 2 : 1, w = cv->w - 2 * x, row, i, col;
	char label[CONSENT_NBUTTONS][128];
	struct layout *nl = NULL;
	size_t l;

	c->height = height - 2;
	if (c->doc != NULL && (c->lay == NULL || c->lay_width != (size_t)w) &&
	    layout_doc(c->doc, (size_t)w, c->rtl, &nl) == 0) {
		layout_free(&c->lay);
		c->lay = nl;
		c->lay_width = (size_t)w;
	}
	if (c->lay != NULL) {
		if (c->lay->n <= (size_t)c->height)
			c->top = 0;
		else if (c->top > c->lay->n - (size_t)c->height)
			c->top = c->lay->n - (size_t)c->height;
		for (row = 0; row < c->height; row++) {
			l = c->top + (size_t)row;
			if (l >= c->lay->n)
				break;
			canvas_layout_line(cv, top + row, x, w,
			    &c->lay->lines[l], -1);
		}
		/* More below: read on with the arrows. */
		if (c->top + (size_t)c->height < c->lay->n)
			canvas_text(cv, top + c->height - 1, c->rtl ? x - 1 :
			    x + w, 1, utf8_locale_ok() ? "\xe2\x86\x93" : "v",
			    ST_DECOR);
	} else {
		canvas_text_cut(cv, top + 1, x, w, pack_text_survey(k->pack,
		    c->survey, k->lang, c->form->title), ST_TITLE);
		canvas_text_cut(cv, top + 3, x, w, _("You can skip any "
		    "question, and stop at any time."), ST_NORMAL);
	}
	snprintf(label[CONSENT_START], sizeof label[0], "[ %s %s ]",
	    c->contact ? _("Go on to the form") : _("Start the survey"), gt);
	snprintf(label[CONSENT_BACK], sizeof label[0], "[ %s ]", _("Go back"));
	c->by = top + height - 1;
	col = x;
	for (i = 0; i < CONSENT_NBUTTONS; i++) {
		c->bw[i] = (int)utf8_width(label[i]);
		/* Right to left, the first button is on the right. */
		if (k->rtl) {
			col = i == 0 ? x + w - c->bw[i] : col - c->bw[i] - 3;
			if (col < x)
				col = x;
		}
		c->bx[i] = col;
		c->bw[i] = canvas_text_cut(cv, c->by, col, x + w - col,
		    label[i], ST_BOLD);
		if (c->button == i)
			canvas_focus(cv, c->by, col, c->bw[i], k->rtl);
		if (!k->rtl)
			col += c->bw[i] + 3;
	}
}

const struct screen_class screen_consent_class = {
	.name = "consent",
	.size = sizeof(struct screen_consent),
	.enter = screen_consent_enter,
	.leave = screen_consent_leave,
	.key = screen_consent_key,
	.draw = screen_consent_draw,
	.title = screen_consent_title,
	.bindings = screen_consent_bindings,
};
