/*
 * Building the model from the choices and survey sheets, row by row, as
 * pyxform's xls2json does: the same type names and old spellings, the
 * same begin/end matching, the same messages. Types a kiosk cannot ask (a
 * location, a photo, a barcode...) are known by name: the question stays
 * in the form as XLSFORM_SKIPPED, never shown and never answered, and a
 * note says so with the reason. Types that cannot mean anything here are
 * refused with the reason; a type nobody knows is "Unknown question type".
 * A row in error still takes its place (as a placeholder) so that later
 * checks do not pile up false errors about it.
 *
 * "select_one LIST or_other" is what pyxform makes of it: the list gets a
 * choice "other" (label "Other") and a text question NAME_other, "Specify
 * other.", follows, shown when "other" is chosen.
 */
#include "content/xlsform-int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/mathload.h"
#include "content/xlsform-name.h"

#define XLSFORM_MAX_DEPTH	32	/* nested groups */

static const char loc[] = "a kiosk cannot take a location";
static const char photo[] = "a kiosk cannot take photos";
static const char sound[] = "a kiosk cannot record sound";
static const char film[] = "a kiosk cannot record video";
static const char upload[] = "a kiosk cannot take files";
static const char scan[] = "a kiosk cannot scan barcodes";
static const char clocktime[] = "only dates can be asked, not times";
static const char other[] = "this type is not supported";
static const char external[] = "select_one_external needs pyxform's "
    "external_choices sheet; give the choices on the choices sheet or in "
    "a CSV file (select_one_from_file)";
static const char external_data[] = "it declares data from a file outside "
    "the form, which a pack does not carry";
static const char audit[] = "a kiosk keeps no audit log";
static const char osm[] = "a kiosk cannot draw OpenStreetMap features";

/* Type names as pyxform knows them (case matters, as in pyxform). */
static const struct xlsform_typeinfo {
	const char		*name;
	enum xlsform_type	 type;
	enum xlsform_meta	 meta;
	const char		*refuse;	/* why it cannot be asked */
	int			 skip;		/* kept, but never asked */
} xlsform_types[] = {
	{ "text", XLSFORM_TEXT, 0, NULL, 0 },
	{ "string", XLSFORM_TEXT, 0, NULL, 0 },
	{ "q string", XLSFORM_TEXT, 0, NULL, 0 },
	{ "add text prompt", XLSFORM_TEXT, 0, NULL, 0 },
	{ "integer", XLSFORM_INTEGER, 0, NULL, 0 },
	{ "int", XLSFORM_INTEGER, 0, NULL, 0 },
	{ "q int", XLSFORM_INTEGER, 0, NULL, 0 },
	{ "add integer prompt", XLSFORM_INTEGER, 0, NULL, 0 },
	{ "decimal", XLSFORM_DECIMAL, 0, NULL, 0 },
	{ "q decimal", XLSFORM_DECIMAL, 0, NULL, 0 },
	{ "add decimal prompt", XLSFORM_DECIMAL, 0, NULL, 0 },
	{ "range", XLSFORM_RANGE, 0, NULL, 0 },
	{ "note", XLSFORM_NOTE, 0, NULL, 0 },
	{ "q note", XLSFORM_NOTE, 0, NULL, 0 },
	{ "add note prompt", XLSFORM_NOTE, 0, NULL, 0 },
	{ "acknowledge", XLSFORM_ACKNOWLEDGE, 0, NULL, 0 },
	{ "trigger", XLSFORM_ACKNOWLEDGE, 0, NULL, 0 },
	{ "q acknowledge", XLSFORM_ACKNOWLEDGE, 0, NULL, 0 },
	{ "add acknowledge prompt", XLSFORM_ACKNOWLEDGE, 0, NULL, 0 },
	{ "date", XLSFORM_DATE, 0, NULL, 0 },
	{ "q date", XLSFORM_DATE, 0, NULL, 0 },
	{ "add date prompt", XLSFORM_DATE, 0, NULL, 0 },
	{ "calculate", XLSFORM_CALCULATE, 0, NULL, 0 },
	{ "q calculate", XLSFORM_CALCULATE, 0, NULL, 0 },
	{ "add calculate prompt", XLSFORM_CALCULATE, 0, NULL, 0 },
	{ "start", XLSFORM_META, XLSFORM_META_START, NULL, 0 },
	{ "start time", XLSFORM_META, XLSFORM_META_START, NULL, 0 },
	{ "get start time", XLSFORM_META, XLSFORM_META_START, NULL, 0 },
	{ "end", XLSFORM_META, XLSFORM_META_END, NULL, 0 },
	{ "end time", XLSFORM_META, XLSFORM_META_END, NULL, 0 },
	{ "get end time", XLSFORM_META, XLSFORM_META_END, NULL, 0 },
	{ "today", XLSFORM_META, XLSFORM_META_TODAY, NULL, 0 },
	{ "get today", XLSFORM_META, XLSFORM_META_TODAY, NULL, 0 },
	{ "deviceid", XLSFORM_META, XLSFORM_META_DEVICEID, NULL, 0 },
	{ "imei", XLSFORM_META, XLSFORM_META_DEVICEID, NULL, 0 },
	{ "device id", XLSFORM_META, XLSFORM_META_DEVICEID, NULL, 0 },
	{ "get device id", XLSFORM_META, XLSFORM_META_DEVICEID, NULL, 0 },
	{ "uri:deviceid", XLSFORM_META, XLSFORM_META_DEVICEID, NULL, 0 },
	{ "username", XLSFORM_META, XLSFORM_META_USERNAME, NULL, 0 },
	{ "uri:username", XLSFORM_META, XLSFORM_META_USERNAME, NULL, 0 },
	{ "phonenumber", XLSFORM_META, XLSFORM_META_PHONENUMBER, NULL, 0 },
	{ "get phone number", XLSFORM_META, XLSFORM_META_PHONENUMBER, NULL, 0 },
	{ "uri:phonenumber", XLSFORM_META, XLSFORM_META_PHONENUMBER, NULL, 0 },
	{ "simserial", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL, 0 },
	{ "sim id", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL, 0 },
	{ "get sim id", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL, 0 },
	{ "uri:simserial", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL, 0 },
	{ "subscriberid", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL, 0 },
	{ "subscriber id", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL, 0 },
	{ "get subscriber id", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL, 0 },
	{ "uri:subscriberid", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL, 0 },
	{ "email", XLSFORM_META, XLSFORM_META_EMAIL, NULL, 0 },
	{ "uri:email", XLSFORM_META, XLSFORM_META_EMAIL, NULL, 0 },
	{ "geopoint", 0, 0, loc, 1 },
	{ "gps", 0, 0, loc, 1 },
	{ "location", 0, 0, loc, 1 },
	{ "q geopoint", 0, 0, loc, 1 },
	{ "q location", 0, 0, loc, 1 },
	{ "add location prompt", 0, 0, loc, 1 },
	{ "geotrace", 0, 0, loc, 1 },
	{ "geoshape", 0, 0, loc, 1 },
	{ "start-geopoint", 0, 0, loc, 1 },
	{ "background-geopoint", 0, 0, loc, 1 },
	{ "photo", 0, 0, photo, 1 },
	{ "image", 0, 0, photo, 1 },
	{ "q picture", 0, 0, photo, 1 },
	{ "q image", 0, 0, photo, 1 },
	{ "add image prompt", 0, 0, photo, 1 },
	{ "add photo prompt", 0, 0, photo, 1 },
	{ "audio", 0, 0, sound, 1 },
	{ "q audio", 0, 0, sound, 1 },
	{ "add audio prompt", 0, 0, sound, 1 },
	{ "background-audio", 0, 0, sound, 1 },
	{ "video", 0, 0, film, 1 },
	{ "q video", 0, 0, film, 1 },
	{ "add video prompt", 0, 0, film, 1 },
	{ "file", 0, 0, upload, 1 },
	{ "add file prompt", 0, 0, upload, 1 },
	{ "barcode", 0, 0, scan, 1 },
	{ "q barcode", 0, 0, scan, 1 },
	{ "add barcode prompt", 0, 0, scan, 1 },
	{ "time", 0, 0, clocktime, 1 },
	{ "datetime", 0, 0, clocktime, 1 },
	{ "dateTime", 0, 0, clocktime, 1 },
	{ "date time", 0, 0, clocktime, 1 },
	{ "q date time", 0, 0, clocktime, 1 },
	{ "q dateTime", 0, 0, clocktime, 1 },
	{ "add date time prompt", 0, 0, clocktime, 1 },
	{ "add dateTime prompt", 0, 0, clocktime, 1 },
	{ "hidden", XLSFORM_CALCULATE, 0, NULL, 0 },
	{ "audit", 0, 0, audit, 1 },
	{ "xml-external", 0, 0, external_data, 0 },
	{ "csv-external", 0, 0, external_data, 0 },
	{ "phone number", 0, 0, other, 0 },
	{ NULL, 0, 0, NULL, 0 }
};

/* The select commands of pyxform's aliases, longest first where it matters. */
static const struct {
	const char		*name;
	enum xlsform_type	 type;
	int			 file;		/* the list is a file's name */
	const char		*refuse;
} xlsform_selects[] = {
	{ "add select one prompt using", XLSFORM_SELECT_ONE, 0, NULL },
	{ "add select multiple prompt using", XLSFORM_SELECT_MULTIPLE, 0, NULL },
	{ "select all that apply from", XLSFORM_SELECT_MULTIPLE, 0, NULL },
	{ "select one from file", XLSFORM_SELECT_ONE, 1, NULL },
	{ "select multiple from file", XLSFORM_SELECT_MULTIPLE, 1, NULL },
	{ "select one from", XLSFORM_SELECT_ONE, 0, NULL },
	{ "select1", XLSFORM_SELECT_ONE, 0, NULL },
	{ "select_one_from_file", XLSFORM_SELECT_ONE, 1, NULL },
	{ "select_multiple_from_file", XLSFORM_SELECT_MULTIPLE, 1, NULL },
	{ "select_one_external", 0, 0, external },
	{ "select_one", XLSFORM_SELECT_ONE, 0, NULL },
	{ "select one", XLSFORM_SELECT_ONE, 0, NULL },
	{ "select_multiple", XLSFORM_SELECT_MULTIPLE, 0, NULL },
	{ "select all that apply", XLSFORM_SELECT_MULTIPLE, 0, NULL },
	{ "rank", XLSFORM_RANK, 0, NULL },
	{ NULL, 0, 0, NULL }
};

/* The control words of "begin group", "end repeat"...; only group is asked. */
static const char *xlsform_controls[] = {
	"group", "lgroup", "repeat", "loop", "looped group", NULL
};

enum xlsform_parse {
	XP_QUESTION,
	XP_BEGIN,
	XP_END,
	XP_SKIP,		/* a type a kiosk cannot ask: kept, not asked */
	XP_UNSUPPORTED,
	XP_UNKNOWN,
};

struct xlsform_parsed {
	enum xlsform_parse	 kind;
	enum xlsform_type	 type;
	enum xlsform_meta	 meta;
	const char		*control;	/* "group", "repeat"... */
	const char		*refuse;
	int			 or_other;	/* select ... or_other */
	int			 file;		/* *_from_file: list is a file */
	char			 list[256];	/* a select's list name */
};

struct xlsform_frame {
	size_t		 q;		/* index of the BEGIN_GROUP entry */
	const char	*control;
};

/* "group" or "repeat", as pyxform names controls in messages. */
static const char *
xlsform_control_name(const char *word)
{
	if (strcmp(word, "lgroup") == 0 || strcmp(word, "looped group") == 0)
		return "repeat";
	return word;
}

/* Match "begin group", "begin_repeat", "begin loop over LIST", "end group"... */
static int
xlsform_parse_control(const char *t, struct xlsform_parsed *p)
{
	const char *rest;
	size_t i, n;
	int begin;

	if (strncmp(t, "begin", 5) == 0)
		begin = 1;
	else if (strncmp(t, "end", 3) == 0)
		begin = 0;
	else
		return 0;
	rest = t + (begin ? 5 : 3);
	if (*rest != ' ' && *rest != '_')
		return 0;
	rest++;
	for (i = 0; xlsform_controls[i] != NULL; i++) {
		n = strlen(xlsform_controls[i]);
		if (strncmp(rest, xlsform_controls[i], n) != 0)
			continue;
		if (rest[n] == '\0' || (begin && rest[n] == ' ' &&
		    rest[n + 1] != '\0' && rest[n + 1] != ' ')) {
			p->kind = begin ? XP_BEGIN : XP_END;
			p->control = xlsform_control_name(xlsform_controls[i]);
			return 1;
		}
	}
	return 0;
}

/* Match "select_one LIST", "select one from LIST or_other", "rank LIST"... */
static int
xlsform_parse_select(const char *t, struct xlsform_parsed *p)
{
	static const char *others[] = { " or specify other", " or_other",
	    " or other", NULL };
	const char *rest, *end;
	size_t i, k, n, len;

	for (i = 0; xlsform_selects[i].name != NULL; i++) {
		n = strlen(xlsform_selects[i].name);
		if (strncmp(t, xlsform_selects[i].name, n) != 0 || t[n] != ' ')
			continue;
		rest = t + n + 1;
		len = strcspn(rest, " ");
		if (len == 0)
			continue;
		end = rest + len;
		p->refuse = xlsform_selects[i].refuse;
		if (*end != '\0') {
			for (k = 0; others[k] != NULL; k++)
				if (strcmp(end, others[k]) == 0)
					break;
			if (others[k] == NULL)
				continue;
			p->or_other = 1;
		}
		if (len >= sizeof p->list)
			len = sizeof p->list - 1;
		memcpy(p->list, rest, len);
		p->list[len] = '\0';
		p->type = xlsform_selects[i].type;
		p->file = xlsform_selects[i].file;
		p->kind = p->refuse != NULL ? XP_UNSUPPORTED : XP_QUESTION;
		if (p->refuse == NULL && p->list[0] == '$') {
			p->refuse = "choices from earlier answers are not "
			    "supported";
			p->kind = XP_UNSUPPORTED;
		}
		return 1;
	}
	return 0;
}

static void
xlsform_parse_type(const char *t, struct xlsform_parsed *p)
{
	size_t i;

	memset(p, 0, sizeof *p);
	if (xlsform_parse_control(t, p))
		return;
	for (i = 0; xlsform_types[i].name != NULL; i++) {
		if (strcmp(t, xlsform_types[i].name) != 0)
			continue;
		p->type = xlsform_types[i].type;
		p->meta = xlsform_types[i].meta;
		p->refuse = xlsform_types[i].refuse;
		p->kind = xlsform_types[i].skip ? XP_SKIP : p->refuse != NULL ?
		    XP_UNSUPPORTED : XP_QUESTION;
		return;
	}
	if (xlsform_parse_select(t, p))
		return;
	if (strncmp(t, "osm ", 4) == 0 || strcmp(t, "osm") == 0) {
		p->kind = XP_SKIP;
		p->refuse = osm;
		return;
	}
	p->kind = XP_UNKNOWN;
}

/* Add an entry to the question array; NULL when out of room or memory. */
static struct xlsform_question *
xlsform_add(struct xlsform_ctx *c, unsigned row, const char *name,
    enum xlsform_type type, const struct xlsform_frame *stack, size_t depth)
{
	struct xlsform *f = c->f;
	struct xlsform_question *q;

	if (f->nquestions >= XLSFORM_MAX_QUESTIONS) {
		if (!c->too_many++)
			xlsform_err(c, &c->survey, row, "more than %d rows of "
			    "questions", XLSFORM_MAX_QUESTIONS);
		return NULL;
	}
	/* Capacity doubles at 8, 16, 32...: no separate count is kept. */
	if (f->nquestions == 0 || (f->nquestions >= 8 &&
	    (f->nquestions & (f->nquestions - 1)) == 0)) {
		size_t ncap = f->nquestions == 0 ? 8 : f->nquestions * 2;

		if ((q = reallocarray(f->questions, ncap, sizeof *q)) == NULL)
			return NULL;
		f->questions = q;
	}
	q = &f->questions[f->nquestions];
	memset(q, 0, sizeof *q);
	q->type = type;
	q->row = row;
	q->parent = depth > 0 ? stack[depth - 1].q : XLSFORM_NONE;
	q->depth = (int)depth;
	q->match = XLSFORM_NONE;
	q->list = XLSFORM_NONE;
	q->range_labels = XLSFORM_NONE;
	if ((q->name = strdup(name)) == NULL)
		return NULL;
	f->nquestions++;
	return q;
}

/* A default that pyxform would compute rather than copy. */
static int
xlsform_default_is_dynamic(const char *v)
{
	const char *p;

	if (strstr(v, "${") != NULL)
		return 1;
	for (p = v; (p = strchr(p, '(')) != NULL; p++)
		if (p > v && (isalpha((unsigned char)p[-1]) || p[-1] == '-'))
			return 1;
	return 0;
}

static int
xlsform_has_text(char *const *texts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (texts[i] != NULL)
			return 1;
	return 0;
}

/*
 * A question that is asked needs a label or a hint to show. One whose
 * label is only an image, a sound or a video is kept but never shown,
 * with a note (*skip set): a kiosk shows text.
 */
static int
xlsform_shown(struct xlsform_ctx *c, struct xlsform_question *q,
    const struct csv_row *r, int *skip)
{
	size_t n = c->f->nlangs ? c->f->nlangs : 1;

	*skip = 0;
	if (q->type == XLSFORM_CALCULATE || q->type == XLSFORM_META ||
	    q->type == XLSFORM_BEGIN_GROUP || xlsform_has_text(q->label, n) ||
	    xlsform_has_text(q->hint, n))
		return 0;
	if (xlsform_any_cell(&c->survey, r, XK_MEDIA)) {
		*skip = 1;
		return xlsform_note(c, q->row, "The survey element named '%s' "
		    "has only an image, audio or video for a label; a kiosk "
		    "shows text, so it is never shown and stays empty.",
		    q->name);
	}
	return xlsform_err(c, &c->survey, q->row, "The survey element named "
	    "'%s' has no label or hint.", q->name);
}

/*
 * A repeat's repeat_count: a whole number, ${name} or an expression; the
 * kiosk asks for exactly that many instances.
 */
static int
xlsform_repeat_count(struct xlsform_ctx *c, struct xlsform_question *q,
    const struct csv_row *r)
{
	return xlsform_expr_set(c, q->row, "repeat_count",
	    xlsform_cell(&c->survey, r, XK_REPEAT_COUNT), &q->repeat_count);
}

/*
 * "or_other", as pyxform makes it: the list gains a choice "other"
 * labelled "Other" (once), and a text question NAME_other, "Specify
 * other.", follows the select, shown when "other" is chosen.
 */
static int
xlsform_or_other(struct xlsform_ctx *c, unsigned row,
    const struct xlsform_frame *stack, size_t depth)
{
	struct xlsform *f = c->f;
	struct xlsform_question *sel, *q;
	struct xlsform_list *l;
	struct xlsform_choice *ch;
	size_t i, n = f->nlangs ? f->nlangs : 1;
	char name[600], rel[700];

	sel = &f->questions[f->nquestions - 1];
	if ((l = f->nlists > sel->list ? &f->lists[sel->list] : NULL) == NULL)
		return 0;
	if (sel->choice_filter.src != NULL)
		return xlsform_err(c, &c->survey, row, "Choice filter not "
		    "supported with or_other.");
	if (l->file != NULL)
		return xlsform_err(c, &c->survey, row, "Please specify "
		    "choices for this 'or other' question.");
	for (i = 0; i < l->nchoices; i++)
		if (strcmp(l->choices[i].name, "other") == 0)
			break;
	if (i == l->nchoices) {
		if ((ch = array_grow(l->choices, l->nchoices,
		    sizeof *ch)) == NULL)
			return ERR_NOMEM;
		l->choices = ch;
		ch = &l->choices[l->nchoices];
		memset(ch, 0, sizeof *ch);
		ch->row = row;
		if ((ch->name = strdup("other")) == NULL ||
		    (ch->label = calloc(n, sizeof *ch->label)) == NULL ||
		    (ch->extra = calloc(f->nchoice_columns + 1,
		    sizeof *ch->extra)) == NULL)
			return ERR_NOMEM;
		l->nchoices++;
		for (i = 0; i < n; i++)
			if ((ch->label[i] = strdup("Other")) == NULL)
				return ERR_NOMEM;
		for (i = 0; i < f->nchoice_columns; i++)
			if ((ch->extra[i] = strdup("")) == NULL)
				return ERR_NOMEM;
	}
	snprintf(name, sizeof name, "%s_other", sel->name);
	snprintf(rel, sizeof rel, "selected(${%s}, 'other')", sel->name);
	if ((q = xlsform_add(c, row, name, XLSFORM_TEXT, stack, depth)) ==
	    NULL)
		return c->too_many ? 0 : ERR_NOMEM;
	if ((q->label = calloc(n, sizeof *q->label)) == NULL ||
	    (q->hint = calloc(n, sizeof *q->hint)) == NULL ||
	    (q->guidance = calloc(n, sizeof *q->hint)) == NULL ||
	    (q->constraint_message = calloc(n, sizeof *q->hint)) == NULL ||
	    (q->required_message = calloc(n, sizeof *q->hint)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < n; i++)
		if ((q->label[i] = strdup("Specify other.")) == NULL)
			return ERR_NOMEM;
	return xlsform_expr_set(c, row, "relevant", rel, &q->relevant);
}

/* Fill a question's columns from its row. */
static int
xlsform_fill(struct xlsform_ctx *c, struct xlsform_question *q,
    const struct csv_row *r, const struct xlsform_parsed *pt)
{
	const struct xlsform_sheet *s = &c->survey;
	const char *v;
	int yn, rc, skip;

	if ((q->label = xlsform_texts(c, s, r, XK_LABEL)) == NULL ||
	    (q->hint = xlsform_texts(c, s, r, XK_HINT)) == NULL ||
	    (q->guidance = xlsform_texts(c, s, r, XK_GUIDANCE_HINT)) == NULL ||
	    (q->constraint_message = xlsform_texts(c, s, r,
	    XK_CONSTRAINT_MESSAGE)) == NULL ||
	    (q->required_message = xlsform_texts(c, s, r,
	    XK_REQUIRED_MESSAGE)) == NULL)
		return ERR_NOMEM;
	q->meta = pt->meta;
	v = xlsform_cell(s, r, XK_REQUIRED);
	if ((yn = xlsform_yes_no(v)) >= 0)
		q->required = yn;
	else if ((rc = xlsform_expr_set(c, q->row, "required", v,
	    &q->required_if)) != 0)
		return rc;
	v = xlsform_cell(s, r, XK_READ_ONLY);
	if ((yn = xlsform_yes_no(v)) >= 0)
		q->read_only = yn;
	else if ((rc = xlsform_expr_set(c, q->row, "read_only", v,
	    &q->read_only_if)) != 0)
		return rc;
	if ((rc = xlsform_expr_set(c, q->row, "relevant",
	    xlsform_cell(s, r, XK_RELEVANT), &q->relevant)) != 0 ||
	    (rc = xlsform_expr_set(c, q->row, "constraint",
	    xlsform_cell(s, r, XK_CONSTRAINT), &q->constraint)) != 0 ||
	    (rc = xlsform_expr_set(c, q->row, "calculation",
	    xlsform_cell(s, r, XK_CALCULATION), &q->calculation)) != 0)
		return rc;
	if (pt->type == XLSFORM_SELECT_ONE || pt->type ==
	    XLSFORM_SELECT_MULTIPLE || pt->type == XLSFORM_RANK) {
		if ((rc = xlsform_expr_set(c, q->row, "choice_filter",
		    xlsform_cell(s, r, XK_CHOICE_FILTER),
		    &q->choice_filter)) != 0)
			return rc;
	}
	v = xlsform_cell(s, r, XK_DEFAULT);
	if (xlsform_default_is_dynamic(v)) {
		if ((rc = xlsform_expr_set(c, q->row, "default", v,
		    &q->default_expr)) != 0)
			return rc;
	} else if (*v != '\0') {
		if ((q->default_value = strdup(v)) == NULL)
			return ERR_NOMEM;
		/* A date cell in a workbook reads "YYYY-MM-DD 00:00:00". */
		if (q->type == XLSFORM_DATE && strlen(v) == 19 &&
		    strcmp(v + 10, " 00:00:00") == 0)
			q->default_value[10] = '\0';
	}
	if (*(v = xlsform_cell(s, r, XK_APPEARANCE)) != '\0' &&
	    (q->appearance = strdup(v)) == NULL)
		return ERR_NOMEM;
	if (*(v = xlsform_cell(s, r, XK_PARAMETERS)) != '\0' &&
	    (q->parameters = strdup(v)) == NULL)
		return ERR_NOMEM;
	if (*(v = xlsform_cell(s, r, XK_TRIGGER)) != '\0' &&
	    (q->trigger_src = strdup(v)) == NULL)
		return ERR_NOMEM;
	if (pt->kind == XP_BEGIN && strcmp(pt->control, "repeat") == 0 &&
	    (rc = xlsform_repeat_count(c, q, r)) != 0)
		return rc;
	if (pt->kind != XP_QUESTION)
		return 0;
	if ((rc = xlsform_shown(c, q, r, &skip)) != 0)
		return rc;
	if (skip) {
		if ((q->type_text = strdup(xlsform_type_name(q->type))) == NULL)
			return ERR_NOMEM;
		q->type = XLSFORM_SKIPPED;
		return 0;
	}
	switch (q->type) {
	case XLSFORM_SELECT_ONE:
	case XLSFORM_SELECT_MULTIPLE:
	case XLSFORM_RANK:
		return xlsform_select(c, q, pt->list, pt->file);
	case XLSFORM_RANGE:
		q->range_start = 1;
		q->range_end = 10;
		q->range_step = 1;
		return xlsform_range(c, q, q->parameters != NULL ?
		    q->parameters : "");
	case XLSFORM_CALCULATE:
		/* A hidden question may hold only its default. */
		if (q->calculation.src == NULL && q->default_expr.src == NULL &&
		    q->type_text == NULL)
			return xlsform_err(c, s, q->row, "Missing calculation.");
		return 0;
	default:
		return 0;
	}
}

/* Close the group on top of the stack with an END_GROUP entry. */
static int
xlsform_end(struct xlsform_ctx *c, const struct csv_row *r,
    struct xlsform_frame *stack, size_t *depth, const char *control,
    const char *name)
{
	struct xlsform_question *q, *b;

	if (*depth == 0 || strcmp(stack[*depth - 1].control, control) != 0)
		return xlsform_err(c, &c->survey, r->row, "Unmatched 'end_%s'. "
		    "No matching 'begin_%s' was found for the name '%s'.",
		    control, control, *name != '\0' ? name : "None");
	(*depth)--;
	b = &c->f->questions[stack[*depth].q];
	if ((q = xlsform_add(c, r->row, b->name, XLSFORM_END_GROUP, stack,
	    *depth)) == NULL)
		return c->too_many ? 0 : ERR_NOMEM;
	b = &c->f->questions[stack[*depth].q];
	q->match = stack[*depth].q;
	b->match = c->f->nquestions - 1;
	return 0;
}

int
xlsform_survey_build(struct xlsform_ctx *c)
{
	struct xlsform_sheet *s = &c->survey;
	struct xlsform_frame stack[XLSFORM_MAX_DEPTH];
	struct xlsform_question *q;
	struct xlsform_parsed pt;
	const struct csv_row *r;
	const char *type, *name;
	char gen[64];
	size_t i, depth = 0;
	int rc;

	if (s->t == NULL || s->cols == NULL || !xlsform_has_kind(s, XK_TYPE))
		return 0;
	for (i = s->header + 1; i < s->t->nrows && !c->too_many; i++) {
		r = &s->t->rows[i];
		if (csv_row_blank(r) ||
		    xlsform_yes_no(xlsform_cell(s, r, XK_DISABLED)) == 1)
			continue;
		type = xlsform_cell(s, r, XK_TYPE);
		name = xlsform_cell(s, r, XK_NAME);
		if (*type == '\0') {
			/* Without a name or label it is a comment row. */
			if ((*name != '\0' || xlsform_any_cell(s, r,
			    XK_LABEL)) && xlsform_err(c, s, r->row,
			    "Question with no type.") != 0)
				return ERR_NOMEM;
			continue;
		}
		xlsform_parse_type(type, &pt);
		rc = 0;
		if (pt.kind == XP_END) {
			if (xlsform_end(c, r, stack, &depth, pt.control,
			    name) != 0)
				return ERR_NOMEM;
			continue;
		}
		if (*name == '\0' && pt.kind == XP_QUESTION &&
		    pt.type == XLSFORM_NOTE) {
			snprintf(gen, sizeof gen, "generated_note_name_%u",
			    r->row);
			name = gen;
		} else if (*name == '\0') {
			rc = xlsform_err(c, s, r->row, "Question or group "
			    "with no name.");
		} else if (strlen(name) > XLSFORM_NAME_MAX) {
			rc = xlsform_err(c, s, r->row, "The question name is "
			    "longer than %d bytes.", XLSFORM_NAME_MAX);
		} else if (!xlsform_name_ok(name)) {
			rc = xlsform_err(c, s, r->row, "Invalid question name "
			    "'%s'. Names must begin with a letter, colon, or "
			    "underscore. Other characters can include numbers, "
			    "dashes, and periods.", name);
		}
		if (pt.kind == XP_UNKNOWN)
			rc = xlsform_err(c, s, r->row, "Unknown question type "
			    "'%s'.", type);
		else if (pt.kind == XP_UNSUPPORTED || (pt.kind == XP_BEGIN &&
		    strcmp(pt.control, "group") != 0 &&
		    strcmp(pt.control, "repeat") != 0))
			rc = xlsform_err(c, s, r->row, "Question type '%s' "
			    "cannot be asked here: %s.", type, pt.kind ==
			    XP_BEGIN ? "this kind of group is not supported" :
			    pt.refuse);
		else if (pt.kind == XP_SKIP)
			rc = xlsform_note(c, r->row, "Question type '%s' cannot "
			    "be asked on a kiosk (%s): '%s' is never shown and "
			    "stays empty.", type, pt.refuse, name);
		if (rc != 0)
			return rc;
		if (pt.kind == XP_BEGIN && depth == XLSFORM_MAX_DEPTH)
			return xlsform_err(c, s, r->row, "groups nested deeper "
			    "than %d", XLSFORM_MAX_DEPTH);
		/* A row in error stays as a calculate, which asks nothing. */
		if ((q = xlsform_add(c, r->row, name, pt.kind == XP_BEGIN ?
		    XLSFORM_BEGIN_GROUP : pt.kind == XP_QUESTION ? pt.type :
		    pt.kind == XP_SKIP ? XLSFORM_SKIPPED : XLSFORM_CALCULATE,
		    stack, depth)) == NULL) {
			if (c->too_many)
				break;
			return ERR_NOMEM;
		}
		q->repeat = pt.kind == XP_BEGIN &&
		    strcmp(pt.control, "repeat") == 0;
		if ((pt.kind == XP_SKIP || strcmp(type, "hidden") == 0) &&
		    (q->type_text = strdup(type)) == NULL)
			return ERR_NOMEM;
		if ((rc = xlsform_fill(c, q, r, &pt)) != 0)
			return rc;
		if (pt.or_other && pt.kind == XP_QUESTION &&
		    (rc = xlsform_or_other(c, r->row, stack, depth)) != 0)
			return rc;
		if (pt.kind == XP_BEGIN) {
			stack[depth].q = c->f->nquestions - 1;
			stack[depth].control = pt.control;
			depth++;
		}
	}
	if (c->f->nquestions == 0 && xlsform_err(c, s, 0, "The survey sheet "
	    "has no questions.") != 0)
		return ERR_NOMEM;
	while (depth > 0) {
		depth--;
		q = &c->f->questions[stack[depth].q];
		if (xlsform_err(c, s, q->row, "Unmatched 'begin_%s'. No "
		    "matching 'end_%s' was found for the name '%s'.",
		    stack[depth].control, stack[depth].control,
		    q->name[0] != '\0' ? q->name : "None") != 0)
			return ERR_NOMEM;
	}
	return 0;
}
