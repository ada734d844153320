/*
 * Building the model from the choices and survey sheets, row by row, as
 * pyxform's xls2json does: the same type names and old spellings, the
 * same begin/end matching, the same messages. Types a terminal cannot ask
 * are known by name and refused with the reason; a type nobody knows is
 * "Unknown question type". A row in error still takes its place (as a
 * placeholder) so that later checks do not pile up false errors about it.
 */
#include "content/xlsform-int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
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
static const char fromfile[] = "choices must be on the choices sheet, "
    "not in a file";

/* Type names as pyxform knows them (case matters, as in pyxform). */
static const struct xlsform_typeinfo {
	const char		*name;
	enum xlsform_type	 type;
	enum xlsform_meta	 meta;
	const char		*refuse;	/* why it cannot be asked */
} xlsform_types[] = {
	{ "text", XLSFORM_TEXT, 0, NULL },
	{ "string", XLSFORM_TEXT, 0, NULL },
	{ "q string", XLSFORM_TEXT, 0, NULL },
	{ "add text prompt", XLSFORM_TEXT, 0, NULL },
	{ "integer", XLSFORM_INTEGER, 0, NULL },
	{ "int", XLSFORM_INTEGER, 0, NULL },
	{ "q int", XLSFORM_INTEGER, 0, NULL },
	{ "add integer prompt", XLSFORM_INTEGER, 0, NULL },
	{ "decimal", XLSFORM_DECIMAL, 0, NULL },
	{ "q decimal", XLSFORM_DECIMAL, 0, NULL },
	{ "add decimal prompt", XLSFORM_DECIMAL, 0, NULL },
	{ "range", XLSFORM_RANGE, 0, NULL },
	{ "note", XLSFORM_NOTE, 0, NULL },
	{ "q note", XLSFORM_NOTE, 0, NULL },
	{ "add note prompt", XLSFORM_NOTE, 0, NULL },
	{ "acknowledge", XLSFORM_ACKNOWLEDGE, 0, NULL },
	{ "trigger", XLSFORM_ACKNOWLEDGE, 0, NULL },
	{ "q acknowledge", XLSFORM_ACKNOWLEDGE, 0, NULL },
	{ "add acknowledge prompt", XLSFORM_ACKNOWLEDGE, 0, NULL },
	{ "date", XLSFORM_DATE, 0, NULL },
	{ "q date", XLSFORM_DATE, 0, NULL },
	{ "add date prompt", XLSFORM_DATE, 0, NULL },
	{ "calculate", XLSFORM_CALCULATE, 0, NULL },
	{ "q calculate", XLSFORM_CALCULATE, 0, NULL },
	{ "add calculate prompt", XLSFORM_CALCULATE, 0, NULL },
	{ "start", XLSFORM_META, XLSFORM_META_START, NULL },
	{ "start time", XLSFORM_META, XLSFORM_META_START, NULL },
	{ "get start time", XLSFORM_META, XLSFORM_META_START, NULL },
	{ "end", XLSFORM_META, XLSFORM_META_END, NULL },
	{ "end time", XLSFORM_META, XLSFORM_META_END, NULL },
	{ "get end time", XLSFORM_META, XLSFORM_META_END, NULL },
	{ "today", XLSFORM_META, XLSFORM_META_TODAY, NULL },
	{ "get today", XLSFORM_META, XLSFORM_META_TODAY, NULL },
	{ "deviceid", XLSFORM_META, XLSFORM_META_DEVICEID, NULL },
	{ "imei", XLSFORM_META, XLSFORM_META_DEVICEID, NULL },
	{ "device id", XLSFORM_META, XLSFORM_META_DEVICEID, NULL },
	{ "get device id", XLSFORM_META, XLSFORM_META_DEVICEID, NULL },
	{ "uri:deviceid", XLSFORM_META, XLSFORM_META_DEVICEID, NULL },
	{ "username", XLSFORM_META, XLSFORM_META_USERNAME, NULL },
	{ "uri:username", XLSFORM_META, XLSFORM_META_USERNAME, NULL },
	{ "phonenumber", XLSFORM_META, XLSFORM_META_PHONENUMBER, NULL },
	{ "get phone number", XLSFORM_META, XLSFORM_META_PHONENUMBER, NULL },
	{ "uri:phonenumber", XLSFORM_META, XLSFORM_META_PHONENUMBER, NULL },
	{ "simserial", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL },
	{ "sim id", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL },
	{ "get sim id", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL },
	{ "uri:simserial", XLSFORM_META, XLSFORM_META_SIMSERIAL, NULL },
	{ "subscriberid", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL },
	{ "subscriber id", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL },
	{ "get subscriber id", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL },
	{ "uri:subscriberid", XLSFORM_META, XLSFORM_META_SUBSCRIBERID, NULL },
	{ "email", XLSFORM_META, XLSFORM_META_EMAIL, NULL },
	{ "uri:email", XLSFORM_META, XLSFORM_META_EMAIL, NULL },
	{ "geopoint", 0, 0, loc },
	{ "gps", 0, 0, loc },
	{ "location", 0, 0, loc },
	{ "q geopoint", 0, 0, loc },
	{ "q location", 0, 0, loc },
	{ "add location prompt", 0, 0, loc },
	{ "geotrace", 0, 0, loc },
	{ "geoshape", 0, 0, loc },
	{ "start-geopoint", 0, 0, loc },
	{ "background-geopoint", 0, 0, loc },
	{ "photo", 0, 0, photo },
	{ "image", 0, 0, photo },
	{ "q picture", 0, 0, photo },
	{ "q image", 0, 0, photo },
	{ "add image prompt", 0, 0, photo },
	{ "add photo prompt", 0, 0, photo },
	{ "audio", 0, 0, sound },
	{ "q audio", 0, 0, sound },
	{ "add audio prompt", 0, 0, sound },
	{ "background-audio", 0, 0, sound },
	{ "video", 0, 0, film },
	{ "q video", 0, 0, film },
	{ "add video prompt", 0, 0, film },
	{ "file", 0, 0, upload },
	{ "add file prompt", 0, 0, upload },
	{ "barcode", 0, 0, scan },
	{ "q barcode", 0, 0, scan },
	{ "add barcode prompt", 0, 0, scan },
	{ "time", 0, 0, clocktime },
	{ "datetime", 0, 0, clocktime },
	{ "dateTime", 0, 0, clocktime },
	{ "date time", 0, 0, clocktime },
	{ "q date time", 0, 0, clocktime },
	{ "q dateTime", 0, 0, clocktime },
	{ "add date time prompt", 0, 0, clocktime },
	{ "add dateTime prompt", 0, 0, clocktime },
	{ "hidden", 0, 0, other },
	{ "audit", 0, 0, other },
	{ "xml-external", 0, 0, other },
	{ "csv-external", 0, 0, other },
	{ "phone number", 0, 0, other },
	{ NULL, 0, 0, NULL }
};

/* The select commands of pyxform's aliases, longest first where it matters. */
static const struct {
	const char		*name;
	enum xlsform_type	 type;
	const char		*refuse;
} xlsform_selects[] = {
	{ "add select one prompt using", XLSFORM_SELECT_ONE, NULL },
	{ "add select multiple prompt using", XLSFORM_SELECT_MULTIPLE, NULL },
	{ "select all that apply from", XLSFORM_SELECT_MULTIPLE, NULL },
	{ "select one from file", 0, fromfile },
	{ "select multiple from file", 0, fromfile },
	{ "select one from", XLSFORM_SELECT_ONE, NULL },
	{ "select1", XLSFORM_SELECT_ONE, NULL },
	{ "select_one_from_file", 0, fromfile },
	{ "select_multiple_from_file", 0, fromfile },
	{ "select_one_external", 0, fromfile },
	{ "select_one", XLSFORM_SELECT_ONE, NULL },
	{ "select one", XLSFORM_SELECT_ONE, NULL },
	{ "select_multiple", XLSFORM_SELECT_MULTIPLE, NULL },
	{ "select all that apply", XLSFORM_SELECT_MULTIPLE, NULL },
	{ "rank", XLSFORM_RANK, NULL },
	{ NULL, 0, NULL }
};

/* The control words of "begin group", "end repeat"...; only group is asked. */
static const char *xlsform_controls[] = {
	"group", "lgroup", "repeat", "loop", "looped group", NULL
};

enum xlsform_parse {
	XP_QUESTION,
	XP_BEGIN,
	XP_END,
	XP_UNSUPPORTED,
	XP_UNKNOWN,
};

struct xlsform_parsed {
	enum xlsform_parse	 kind;
	enum xlsform_type	 type;
	enum xlsform_meta	 meta;
	const char		*control;	/* "group", "repeat"... */
	const char		*refuse;
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
			p->refuse = "'or_other' is not supported: add an "
			    "'other' choice and a text question shown when "
			    "it is selected";
		}
		if (len >= sizeof p->list)
			len = sizeof p->list - 1;
		memcpy(p->list, rest, len);
		p->list[len] = '\0';
		p->type = xlsform_selects[i].type;
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
		p->kind = p->refuse != NULL ? XP_UNSUPPORTED : XP_QUESTION;
		return;
	}
	if (xlsform_parse_select(t, p))
		return;
	if (strncmp(t, "osm ", 4) == 0 || strcmp(t, "osm") == 0) {
		p->kind = XP_UNSUPPORTED;
		p->refuse = "OpenStreetMap questions are not supported";
		return;
	}
	p->kind = XP_UNKNOWN;
}

size_t
xlsform_list_find(const struct xlsform *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nlists; i++)
		if (strcmp(f->lists[i].name, name) == 0)
			return i;
	return XLSFORM_NONE;
}

static int
xlsform_name_cmp(const void *a, const void *b)
{
	const struct xlsform_choice *x = a, *y = b;
	int c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Report choices whose name repeats in their list, at the later row. */
static int
xlsform_choice_dups(struct xlsform_ctx *c, const struct xlsform_list *l)
{
	struct xlsform_choice *v;
	size_t i;
	int r = 0;

	if (l->nchoices < 2)
		return 0;
	if ((v = malloc(l->nchoices * sizeof *v)) == NULL)
		return ERR_NOMEM;
	memcpy(v, l->choices, l->nchoices * sizeof *v);
	qsort(v, l->nchoices, sizeof *v, xlsform_name_cmp);
	for (i = 1; i < l->nchoices && r == 0; i++)
		if (strcmp(v[i - 1].name, v[i].name) == 0)
			r = xlsform_err(c, &c->choices, v[i].row, "On the "
			    "'choices' sheet, the 'name' value is invalid. "
			    "Choice names must be unique for each choice list. "
			    "If this is intentional, use the setting "
			    "'allow_choice_duplicates'. Learn more: "
			    "https://xlsform.org/#choice-names.");
	free(v);
	return r;
}

int
xlsform_choices_build(struct xlsform_ctx *c)
{
	struct xlsform_sheet *s = &c->choices;
	struct xlsform *f = c->f;
	struct xlsform_list *l;
	struct xlsform_choice *ch;
	const struct csv_row *r;
	const char *list, *name;
	size_t i, k, e, li = XLSFORM_NONE, total = 0;

	if (s->t == NULL || s->cols == NULL)
		return 0;
	for (i = s->header + 1; i < s->t->nrows; i++) {
		r = &s->t->rows[i];
		list = xlsform_cell(s, r, XK_LIST_NAME);
		name = xlsform_cell(s, r, XK_NAME);
		if (*list == '\0')	/* pyxform skips rows without a list */
			continue;
		if (*name == '\0') {
			if (xlsform_err(c, s, r->row, "On the 'choices' sheet, "
			    "the 'name' value is invalid. Choices must have a "
			    "name. Learn more: https://xlsform.org/en/"
			    "#setting-up-your-worksheets") != 0)
				return ERR_NOMEM;
			continue;
		}
		if (++total > XLSFORM_MAX_CHOICES) {
			return xlsform_err(c, s, r->row, "On the 'choices' "
			    "sheet, more than %d choices", XLSFORM_MAX_CHOICES);
		}
		/* Rows of a list usually follow each other: try the last one. */
		if ((li == XLSFORM_NONE || strcmp(f->lists[li].name, list) != 0) &&
		    (li = xlsform_list_find(f, list)) == XLSFORM_NONE) {
			if (f->nlists >= XLSFORM_MAX_LISTS)
				return xlsform_err(c, s, r->row, "On the "
				    "'choices' sheet, more than %d lists",
				    XLSFORM_MAX_LISTS);
			if ((l = reallocarray(f->lists, f->nlists + 1,
			    sizeof *l)) == NULL)
				return ERR_NOMEM;
			f->lists = l;
			li = f->nlists;
			memset(&l[li], 0, sizeof l[li]);
			if ((l[li].name = strdup(list)) == NULL)
				return ERR_NOMEM;
			f->nlists++;
		}
		l = &f->lists[li];
		if ((ch = reallocarray(l->choices, l->nchoices + 1,
		    sizeof *ch)) == NULL)
			return ERR_NOMEM;
		l->choices = ch;
		ch = &l->choices[l->nchoices];
		memset(ch, 0, sizeof *ch);
		ch->row = r->row;
		if ((ch->name = strdup(name)) == NULL)
			return ERR_NOMEM;
		l->nchoices++;
		if ((ch->label = xlsform_texts(c, s, r, XK_LABEL)) == NULL ||
		    (ch->extra = calloc(f->nchoice_columns + 1,
		    sizeof *ch->extra)) == NULL)
			return ERR_NOMEM;
		for (k = 0, e = 0; k < s->ncols && e < f->nchoice_columns; k++)
			if (s->cols[k].kind == XK_EXTRA &&
			    (ch->extra[e++] = strdup(csv_field(r, k))) == NULL)
				return ERR_NOMEM;
	}
	if (!c->allow_duplicates)
		for (i = 0; i < f->nlists; i++)
			if (xlsform_choice_dups(c, &f->lists[i]) != 0)
				return ERR_NOMEM;
	return 0;
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

/* The list of a select or rank question, with pyxform's checks. */
static int
xlsform_select_list(struct xlsform_ctx *c, struct xlsform_question *q,
    const char *list)
{
	const struct xlsform_list *l;
	size_t i;

	q->list = xlsform_list_find(c->f, list);
	if (q->list == XLSFORM_NONE) {
		if (c->f->nlists == 0)
			return xlsform_err(c, &c->survey, q->row, "There should "
			    "be a choices sheet in this xlsform. Please ensure "
			    "that the choices sheet has the mandatory columns "
			    "'list_name', 'name', and 'label'.");
		return xlsform_err(c, &c->survey, q->row, "List name not in "
		    "choices sheet: %s", list);
	}
	if (q->type == XLSFORM_SELECT_ONE)
		return 0;
	/* Answers are space-separated names, so names cannot hold spaces. */
	l = &c->f->lists[q->list];
	for (i = 0; i < l->nchoices; i++)
		if (strchr(l->choices[i].name, ' ') != NULL &&
		    xlsform_err(c, &c->choices, l->choices[i].row, "Choice "
		    "names with spaces cannot be added to multiple choice "
		    "selects. See [%s] in [%s]", l->choices[i].name,
		    l->name) != 0)
			return ERR_NOMEM;
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

/* A question that is asked needs a label or a hint to show. */
static int
xlsform_shown(struct xlsform_ctx *c, const struct xlsform_question *q,
    const struct csv_row *r)
{
	size_t n = c->f->nlangs ? c->f->nlangs : 1;

	if (q->type == XLSFORM_CALCULATE || q->type == XLSFORM_META ||
	    q->type == XLSFORM_BEGIN_GROUP || xlsform_has_text(q->label, n) ||
	    xlsform_has_text(q->hint, n))
		return 0;
	if (xlsform_any_cell(&c->survey, r, XK_MEDIA))
		return xlsform_err(c, &c->survey, q->row, "The survey element "
		    "named '%s' has only an image, audio or video for a label; "
		    "a kiosk shows text, so give it a label.", q->name);
	return xlsform_err(c, &c->survey, q->row, "The survey element named "
	    "'%s' has no label or hint.", q->name);
}

/* Fill a question's columns from its row. */
static int
xlsform_fill(struct xlsform_ctx *c, struct xlsform_question *q,
    const struct csv_row *r, const struct xlsform_parsed *pt)
{
	const struct xlsform_sheet *s = &c->survey;
	const char *v;
	int yn, rc;

	if ((q->label = xlsform_texts(c, s, r, XK_LABEL)) == NULL ||
	    (q->hint = xlsform_texts(c, s, r, XK_HINT)) == NULL ||
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
	if (pt->kind != XP_QUESTION)
		return 0;
	if ((rc = xlsform_shown(c, q, r)) != 0)
		return rc;
	switch (q->type) {
	case XLSFORM_SELECT_ONE:
	case XLSFORM_SELECT_MULTIPLE:
	case XLSFORM_RANK:
		return xlsform_select_list(c, q, pt->list);
	case XLSFORM_RANGE:
		q->range_start = 1;
		q->range_end = 10;
		q->range_step = 1;
		return xlsform_range(c, q, q->parameters != NULL ?
		    q->parameters : "");
	case XLSFORM_CALCULATE:
		if (q->calculation.src == NULL && q->default_expr.src == NULL)
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
		    strcmp(pt.control, "group") != 0))
			rc = xlsform_err(c, s, r->row, "Question type '%s' "
			    "cannot be asked here: %s.", type, pt.kind ==
			    XP_BEGIN ? "repeats are not supported; ask a "
			    "fixed set of questions instead" : pt.refuse);
		if (rc != 0)
			return rc;
		if (pt.kind == XP_BEGIN && depth == XLSFORM_MAX_DEPTH)
			return xlsform_err(c, s, r->row, "groups nested deeper "
			    "than %d", XLSFORM_MAX_DEPTH);
		/* A row in error stays as a calculate, which asks nothing. */
		if ((q = xlsform_add(c, r->row, name, pt.kind == XP_BEGIN ?
		    XLSFORM_BEGIN_GROUP : pt.kind == XP_QUESTION ? pt.type :
		    XLSFORM_CALCULATE, stack, depth)) == NULL) {
			if (c->too_many)
				break;
			return ERR_NOMEM;
		}
		if ((rc = xlsform_fill(c, q, r, &pt)) != 0)
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
