/*
 * Unit tests for content/xlsform*.c. Each form is written out here, at run
 * time, as CSV sheets (or a small .xlsx built with libzip), so what is
 * being tested can be read next to what is expected of it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/xlsform.h"
#include "content/xlsform-name.h"
#include "tests/unit/test.h"

int main(void);

static char tmpdir[] = "/tmp/test-xlsform-XXXXXX";
static int nforms;

/* Write a file under tmpdir; returns its path (static buffer). */
static const char *
put(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "w")) == NULL)
		return path;
	fputs(text, f);
	fclose(f);
	return path;
}

/* A fresh folder under tmpdir for one form; returns its path. */
static const char *
folder(void)
{
	static char path[512];

	snprintf(path, sizeof path, "%s/form%d", tmpdir, ++nforms);
	mkdir(path, 0700);
	return path + strlen(tmpdir) + 1;
}

/* Load a folder form from its sheets (choices and settings may be NULL). */
static struct xlsform *
load(const char *survey, const char *choices, const char *settings,
    struct xlsform_errors *errs, int *rc)
{
	struct xlsform *f = NULL;
	char name[256], *cause = NULL;
	const char *dir = folder();

	snprintf(name, sizeof name, "%s/survey.csv", dir);
	put(name, survey);
	if (choices != NULL) {
		snprintf(name, sizeof name, "%s/choices.csv", dir);
		put(name, choices);
	}
	if (settings != NULL) {
		snprintf(name, sizeof name, "%s/settings.csv", dir);
		put(name, settings);
	}
	snprintf(name, sizeof name, "%s/%s", tmpdir, dir);
	*rc = xlsform_load(name, &f, errs, &cause);
	free(cause);
	return f;
}

/* The message of the first error at row, or NULL. */
static const char *
error_at(const struct xlsform_errors *e, const char *file_end, unsigned row)
{
	size_t i, n = strlen(file_end), len;

	for (i = 0; i < e->n; i++) {
		len = strlen(e->v[i].file);
		if (e->v[i].row == row && len >= n &&
		    strcmp(e->v[i].file + len - n, file_end) == 0)
			return e->v[i].msg;
	}
	return NULL;
}

static int
has(const char *msg, const char *part)
{
	return msg != NULL && strstr(msg, part) != NULL;
}

static void
test_types_and_aliases(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_question *q;
	struct xlsform *f;
	int rc;

	f = load("Type,Name,Label,bind:jr:constraintMsg,"
	    "Required,read_only,relevance\n"
	    "string,s,A string,,yes,,\n"
	    "int,i,An int,Too big,TRUE,,\n"
	    "select one from yn,a,Pick,,true(),,\n"
	    "select_multiple  yn,b,Pick many,,no,,\n"
	    "select all that apply from yn,c,Pick many more,Say more,,"
	    "true,\n"
	    "begin_group,g,A group,,,,${a} = 'yes'\n"
	    "trigger,t,Press a key,,\"${a} = 'yes'\",,\n"
	    "imei,device,,,,,\n"
	    "end_group,,,,,,\n"
	    "rank yn,r,Rank them,,,,\n",
	    "list name,name,label\nyn,yes,Yes\nyn,no,No\n", NULL, &e, &rc);
	CHECK(rc == 0 && f != NULL, "old spellings and aliases load (%s)",
	    e.n ? e.v[0].msg : "");
	if (f == NULL)
		goto out;
	CHECK_INT(f->nquestions, 10, "ten entries with the end of the group");
	q = xlsform_find(f, "s");
	CHECK(q != NULL && q->type == XLSFORM_TEXT && q->required == 1,
	    "string is text; 'yes' is required");
	q = xlsform_find(f, "i");
	CHECK(q != NULL && q->type == XLSFORM_INTEGER && q->required == 1,
	    "int is integer; TRUE is required");
	CHECK_STR(xlsform_text(f, q->constraint_message, NULL), "Too big",
	    "bind:jr:constraintMsg is the constraint message");
	q = xlsform_find(f, "a");
	CHECK(q != NULL && q->type == XLSFORM_SELECT_ONE && q->required == 1,
	    "select one from LIST is select_one; true() is required");
	CHECK(xlsform_list_of(f, q) != NULL &&
	    strcmp(xlsform_list_of(f, q)->name, "yn") == 0 &&
	    xlsform_list_of(f, q)->nchoices == 2, "its list is found");
	q = xlsform_find(f, "b");
	CHECK(q != NULL && q->type == XLSFORM_SELECT_MULTIPLE &&
	    q->required == 0, "select_multiple with two spaces; 'no'");
	q = xlsform_find(f, "c");
	CHECK(q != NULL && q->type == XLSFORM_SELECT_MULTIPLE &&
	    q->read_only == 1, "select all that apply from; read_only true");
	CHECK_STR(xlsform_text(f, q->constraint_message, NULL), "Say more",
	    "a second constraint message");
	q = xlsform_find(f, "g");
	CHECK(q != NULL && q->type == XLSFORM_BEGIN_GROUP &&
	    q->relevant.e != NULL, "begin_group with a relevance");
	q = xlsform_find(f, "t");
	CHECK(q != NULL && q->type == XLSFORM_ACKNOWLEDGE &&
	    q->required == 0 && q->required_if.e != NULL,
	    "trigger is acknowledge; an expression in required is kept");
	q = xlsform_find(f, "device");
	CHECK(q != NULL && q->type == XLSFORM_META &&
	    q->meta == XLSFORM_META_DEVICEID, "imei is the device id");
	q = xlsform_find(f, "r");
	CHECK(q != NULL && q->type == XLSFORM_RANK, "rank LIST");
	CHECK_INT(xlsform_count(f, XLSFORM_SELECT_MULTIPLE), 2,
	    "counting by type");
	CHECK_STR(xlsform_type_name(XLSFORM_SELECT_ONE), "select_one",
	    "type names");
	CHECK(xlsform_type_has_answer(XLSFORM_TEXT) &&
	    !xlsform_type_has_answer(XLSFORM_NOTE) &&
	    !xlsform_type_has_answer(XLSFORM_BEGIN_GROUP),
	    "which types carry answers");
	xlsform_free(&f);
	CHECK(f == NULL, "xlsform_free clears the pointer");
	f = load("type,name,Label,Constraint Message,constraint\n"
	    "integer,n,N,Too small,. > 1\n", NULL, NULL, &e, &rc);
	CHECK(f != NULL && strcmp(xlsform_text(f,
	    f->questions[0].constraint_message, "x"), "Too small") == 0,
	    "'Constraint Message' is constraint_message");
out:
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

static void
test_groups(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_question *q;
	struct xlsform *f;
	int rc;

	f = load("type,name,label\n"
	    "note,,Welcome\n"
	    "begin group,outer,Outer\n"
	    "text,a,A\n"
	    "begin group,inner,Inner\n"
	    "\n"
	    "integer,b,B\n"
	    "end group,,\n"
	    "end group,,\n"
	    "text,c,C\n", NULL, NULL, &e, &rc);
	CHECK(rc == 0 && f != NULL, "nested groups load");
	if (f == NULL)
		goto out;
	CHECK_INT(f->nquestions, 8, "eight entries");
	q = &f->questions[0];
	CHECK_STR(q->name, "generated_note_name_2",
	    "a note without a name gets pyxform's generated name");
	CHECK(f->questions[1].type == XLSFORM_BEGIN_GROUP &&
	    f->questions[1].match == 6 && f->questions[6].match == 1 &&
	    f->questions[6].type == XLSFORM_END_GROUP,
	    "begin and end of the outer group point at each other");
	q = xlsform_find(f, "b");
	CHECK(q != NULL && q->depth == 2 && q->parent == 3 && q->row == 7,
	    "b is two deep, in inner, at row 7 (the blank row counts)");
	q = xlsform_find(f, "c");
	CHECK(q != NULL && q->depth == 0 && q->parent == XLSFORM_NONE,
	    "c is back at the top level");
	CHECK(xlsform_find(f, "nothing") == NULL, "finding a missing name");
out:
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

static int
lookup(void *ctx, const char *name, int is_ref, size_t i,
    struct expr_item *item, size_t *n)
{
	(void)ctx;
	(void)is_ref;
	(void)i;
	item->text = strcmp(name, "m") == 0 ? "other" : "";
	item->type = EXPR_STRING;
	*n = 1;
	return 0;
}

static void
test_translations(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_question *q;
	const struct xlsform_list *l;
	struct expr_env env;
	struct xlsform *f;
	int rc;

	memset(&env, 0, sizeof env);
	env.lookup = lookup;
	f = load("type,name,label,label::English (en),label :: Français(fr),"
	    "hint::English (en),relevant,required_message::English (en),"
	    "default\n"
	    "select_one m,m,Status,Your status,Votre statut,Pick one,,"
	    "Please answer,\n"
	    "text,why,Why,  Say   more  ,,,"
	    "\"selected(${m}, \xe2\x80\x98other\xe2\x80\x99)\",,\n"
	    "date,when,When,When,,,,,2010-06-15 00:00:00\n",
	    "list_name,name,label::English (en),label::Français(fr),group\n"
	    "m,single,Single,Célibataire,a\n"
	    "m,other,Other,,b\n",
	    "form_title,form_id,version,default_language,style\n"
	    "A title,the_id,7,English (en),pages\n", &e, &rc);
	CHECK(rc == 0 && f != NULL, "a translated form loads");
	if (f == NULL)
		goto out;
	CHECK_STR(f->title, "A title", "form_title");
	CHECK_STR(f->id, "the_id", "form_id");
	CHECK_STR(f->version, "7", "version");
	CHECK_STR(f->style, "pages", "style");
	CHECK_INT(f->nlangs, 2, "two languages (the unsuffixed label is the "
	    "default language's)");
	CHECK(f->nlangs == 2 && strcmp(f->langs[0].name, "English") == 0 &&
	    strcmp(f->langs[0].code, "en") == 0, "name and code of 'English (en)'");
	CHECK(f->nlangs == 2 && strcmp(f->langs[1].name, "Français") == 0 &&
	    strcmp(f->langs[1].code, "fr") == 0,
	    "spaces around :: and a code without a space");
	CHECK_INT(f->default_lang, 0, "default_language picks English (en)");
	CHECK_INT(xlsform_lang_find(f, "FR"), 1, "a language by its code");
	CHECK_INT(xlsform_lang_find(f, "français"), 1, "a language by its name");
	CHECK_INT(xlsform_lang_find(f, "de"), XLSFORM_NONE, "an unknown language");
	q = xlsform_find(f, "m");
	CHECK_STR(xlsform_text(f, q->label, "en"), "Your status",
	    "a ::lang column wins over the unsuffixed one");
	CHECK_STR(xlsform_text(f, q->label, "fr"), "Votre statut", "French label");
	CHECK_STR(xlsform_text(f, q->hint, "fr"), "Pick one",
	    "a missing French hint falls back to the default language");
	CHECK_STR(xlsform_text(f, q->required_message, "de"), "Please answer",
	    "an unknown language falls back too");
	q = xlsform_find(f, "why");
	CHECK_STR(xlsform_text(f, q->label, "en"), "Say more",
	    "survey text is trimmed and runs of spaces folded");
	CHECK_STR(xlsform_text(f, q->label, "fr"), "Say more",
	    "with no French at all, any language will do");
	CHECK_STR(q->relevant.src, "selected(${m}, 'other')",
	    "typographic quotes become plain quotes");
	CHECK(q->relevant.e != NULL && expr_eval_bool(q->relevant.e, &env) == 1,
	    "and the relevant parses and evaluates");
	q = xlsform_find(f, "when");
	CHECK_STR(q->default_value, "2010-06-15",
	    "a date default from a date cell loses its midnight");
	l = xlsform_list_of(f, xlsform_find(f, "m"));
	CHECK(l != NULL && l->nchoices == 2, "two choices");
	if (l == NULL || l->nchoices != 2)
		goto out;
	CHECK_STR(xlsform_text(f, l->choices[1].label, "fr"), "Other",
	    "a choice label falls back too");
	CHECK_STR(xlsform_choice_value(f, &l->choices[0], "group"), "a",
	    "an extra choices column is kept for choice_filter");
	CHECK_STR(xlsform_choice_value(f, &l->choices[0], "name"), "single",
	    "the name column");
	CHECK(xlsform_choice_value(f, &l->choices[0], "nope") == NULL,
	    "a column the sheet does not have");
	CHECK_INT(l->choices[1].row, 3, "choices keep their row");
out:
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

static void
test_range_and_filters(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_question *q;
	struct xlsform *f;
	int rc;

	f = load("type,name,label,parameters,choice_filter,calculation,"
	    "disabled\n"
	    "range,r1,Default range,,,,\n"
	    "range,r2,Half steps,start=0.5; end=2.5; step=0.5,,,\n"
	    "range,r3,Ticks,start=2 end=9 step=1 tick_interval=2 "
	    "placeholder=6 tick_labelset=ticks,,,\n"
	    "select_one places,p,Place,,area = ${r1},,\n"
	    "calculate,calc,,,,${r1} * 2,\n"
	    "geopoint,off,Switched off,,,,yes\n",
	    "list_name,name,label,area\nticks,2,Low,\nticks,8,High,\n"
	    "places,x,X,1\nplaces,x,X again,2\n",
	    "allow_choice_duplicates\nyes\n", &e, &rc);
	CHECK(rc == 0 && f != NULL, "ranges, a choice_filter and a calculate "
	    "load (%s)", e.n ? e.v[0].msg : "");
	if (f == NULL)
		goto out;
	q = xlsform_find(f, "r1");
	CHECK(q->range_start == 1 && q->range_end == 10 && q->range_step == 1,
	    "range defaults are 1, 10 and 1");
	q = xlsform_find(f, "r2");
	CHECK(q->range_start == 0.5 && q->range_end == 2.5 &&
	    q->range_step == 0.5, "parameters split on semicolons");
	q = xlsform_find(f, "r3");
	CHECK(q->range_start == 2 && q->range_end == 9 &&
	    q->range_labels != XLSFORM_NONE, "tick_labelset names a list");
	q = xlsform_find(f, "p");
	CHECK(q->choice_filter.e != NULL &&
	    strcmp(q->choice_filter.src, "area = ${r1}") == 0,
	    "choice_filter is parsed");
	q = xlsform_find(f, "calc");
	CHECK(q->calculation.e != NULL, "calculation is parsed");
	CHECK(xlsform_find(f, "off") == NULL, "a disabled row is skipped");
out:
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

/* What xlsform_find_key must answer: the first entry of that scope and key. */
static size_t
key_by_scan(const struct xlsform *f, size_t scope, const char *key)
{
	size_t i;

	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i].type != XLSFORM_END_GROUP &&
		    f->questions[i].scope == scope &&
		    f->questions[i].key != NULL &&
		    strcmp(f->questions[i].key, key) == 0)
			return i;
	return XLSFORM_NONE;
}

/* Repeats, loops, or_other and the types a kiosk does not ask. */
/* xlsform_find as a scan of every question: NULL when ambiguous. */
static const struct xlsform_question *
find_by_scan(const struct xlsform *f, const char *name)
{
	const struct xlsform_question *hit = NULL;
	size_t i;

	for (i = 0; i < f->nquestions; i++)
		if (f->questions[i].type != XLSFORM_END_GROUP &&
		    f->questions[i].name != NULL &&
		    strcmp(f->questions[i].name, name) == 0) {
			if (hit != NULL)
				return NULL;
			hit = &f->questions[i];
		}
	return hit;
}

static void
test_repeats(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_question *q, *r;
	const struct xlsform_list *l;
	struct xlsform *f;
	size_t i, n;
	int rc;

	f = load("type,name,label,repeat_count,calculation\n"
	    "integer,hh,How many?,,\n"
	    "begin repeat,member,Member,${hh},\n"
	    "text,name,Name,,\n"
	    "calculate,pos,,,position(..)\n"
	    "begin repeat,child,Child,,\n"
	    "text,name,Child's name,,\n"
	    "end repeat,,,,\n"
	    "end repeat,,,,\n"
	    "text,name,Your name,,\n"
	    "begin group,g,G,,\n"
	    "text,a,A,,\n"
	    "end group,,,,\n"
	    "begin group,h,H,,\n"
	    "text,a,A again,,\n"
	    "end group,,,,\n"
	    "geopoint,where,Where?,,\n", NULL, NULL, &e, &rc);
	CHECK(rc == 0 && f != NULL, "a form with nested repeats loads (%d%s%s)",
	    rc, e.n ? ": " : "", e.n ? e.v[0].msg : "");
	if (f == NULL)
		goto out;
	r = &f->questions[1];
	CHECK(r->type == XLSFORM_BEGIN_GROUP && r->repeat &&
	    r->repeat_count.e != NULL && r->scope == XLSFORM_NONE,
	    "begin repeat is a repeating group with its repeat_count");
	CHECK(f->questions[2].scope == 1 && strcmp(f->questions[2].key,
	    "name") == 0, "a question in a repeat has it as its scope");
	CHECK(f->questions[5].scope == 4 && f->questions[4].scope == 1,
	    "nested repeats nest their scopes");
	CHECK(strcmp(f->questions[8].key, "name") == 0 &&
	    f->questions[8].scope == XLSFORM_NONE,
	    "the same name in another scope keeps its name as its key");
	CHECK(strcmp(f->questions[10].key, "g/a") == 0 &&
	    strcmp(f->questions[13].key, "h/a") == 0,
	    "a name used twice in one scope is keyed by its groups' path");
	CHECK(xlsform_find(f, "name") == NULL && xlsform_find(f, "hh") != NULL,
	    "xlsform_find does not guess between names used twice");
	for (i = 0, n = 0; i < f->nquestions; i++)
		if (f->questions[i].name != NULL &&
		    xlsform_find(f, f->questions[i].name) !=
		    find_by_scan(f, f->questions[i].name))
			n++;
	CHECK(n == 0 && xlsform_find(f, "") == NULL &&
	    xlsform_find(f, "zzz") == NULL && xlsform_find(f, "a") == NULL &&
	    xlsform_find(f, "where") == &f->questions[15],
	    "xlsform_find answers as a scan of every question does (%zu "
	    "differ)", n);
	CHECK(xlsform_find_key(f, 1, "name") == 2 &&
	    xlsform_find_key(f, XLSFORM_NONE, "h/a") == 13,
	    "xlsform_find_key finds by scope and key");
	for (i = 0, n = 0; i < f->nquestions; i++) {
		size_t sc, k, want;

		for (sc = 0; sc <= f->nquestions; sc++) {
			k = sc == f->nquestions ? XLSFORM_NONE : sc;
			want = key_by_scan(f, k, f->questions[i].key != NULL ?
			    f->questions[i].key : "name");
			if (xlsform_find_key(f, k, f->questions[i].key !=
			    NULL ? f->questions[i].key : "name") != want)
				n++;
		}
	}
	CHECK(n == 0 && xlsform_find_key(f, XLSFORM_NONE, "zzz") ==
	    XLSFORM_NONE && xlsform_find_key(f, 4, "") == XLSFORM_NONE,
	    "xlsform_find_key answers as a scan of every question does (%zu "
	    "differ)", n);
	CHECK(xlsform_within(f, 4, 1) && !xlsform_within(f, 1, 4) &&
	    xlsform_within(f, 4, XLSFORM_NONE), "xlsform_within");
	q = xlsform_find(f, "where");
	CHECK(q != NULL && q->type == XLSFORM_SKIPPED && q->type_text != NULL &&
	    strcmp(q->type_text, "geopoint") == 0 &&
	    !xlsform_type_has_answer(q->type),
	    "a geopoint is kept, not asked, without an answer");
	CHECK(f->notes != NULL && f->notes->n == 1 && f->notes->v[0].row == 17 &&
	    strstr(f->notes->v[0].msg, "cannot take a location") != NULL,
	    "and noted at its row: %s", f->notes != NULL && f->notes->n ?
	    f->notes->v[0].msg : "(none)");
	xlsform_free(&f);
	xlsform_errors_clear(&e);

	f = load("type,name,label,relevant\n"
	    "select_one t or_other,mode,How?,\n"
	    "begin loop over t,freq,,\n"
	    "integer,days,Days by %(label)s?,\"selected(${mode}, '%(name)s')\"\n"
	    "end loop,,,\n", "list_name,name,label\nt,bus,Bus\nt,boat,Boat\n",
	    NULL, &e, &rc);
	CHECK(rc == 0 && f != NULL, "or_other and a loop load (%d%s%s)", rc,
	    e.n ? ": " : "", e.n ? e.v[0].msg : "");
	if (f == NULL)
		goto out;
	q = xlsform_find(f, "mode_other");
	CHECK(q != NULL && q->type == XLSFORM_TEXT && q->relevant.src != NULL &&
	    strcmp(q->relevant.src, "selected(${mode}, 'other')") == 0,
	    "or_other adds NAME_other, shown when 'other' is chosen");
	l = xlsform_list_of(f, xlsform_find(f, "mode"));
	CHECK(l != NULL && l->nchoices == 3 &&
	    strcmp(l->choices[2].name, "other") == 0 &&
	    strcmp(xlsform_text(f, l->choices[2].label, NULL), "Other") == 0,
	    "and the choice 'other' to its list");
	for (i = 0, n = 0; i < f->nquestions; i++)
		if (f->questions[i].type == XLSFORM_INTEGER) {
			n++;
			if (n == 2)
				q = &f->questions[i];
		}
	CHECK(n == 2, "the loop asks once per choice");
	CHECK(n == 2 && strcmp(q->key, "freq/boat/days") == 0 &&
	    strcmp(xlsform_text(f, q->label, NULL), "Days by Boat?") == 0 &&
	    strcmp(q->relevant.src, "selected(${mode}, 'boat')") == 0,
	    "%%(name)s and %%(label)s are replaced, the key is freq/boat/days");
	CHECK(xlsform_find(f, "boat") != NULL &&
	    xlsform_find(f, "boat")->type == XLSFORM_BEGIN_GROUP &&
	    strcmp(xlsform_text(f, xlsform_find(f, "boat")->label, NULL),
	    "Boat") == 0, "each choice is a group named and labelled by it");
out:
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

/* A form expected to fail with msg in the error at row of file_end. */
static void
expect_error(const char *what, const char *survey, const char *choices,
    const char *file_end, unsigned row, const char *msg)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct xlsform *f;
	int rc;

	f = load(survey, choices, NULL, &e, &rc);
	CHECK(rc == ERR_INVALID && f == NULL &&
	    has(error_at(&e, file_end, row), msg), "%s: row %u says \"%s\"%s%s",
	    what, row, msg, e.n ? ", got: " : "", e.n ? e.v[0].msg : "");
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

static void
test_errors(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct xlsform *f;
	struct buf b = BUF_INIT;
	int rc;

	expect_error("unknown type", "type,name,label\nfoo,a,A\n", NULL,
	    "survey.csv", 2, "Unknown question type 'foo'.");
	expect_error("types are case-sensitive", "type,name,label\n"
	    "Select one from x,a,A\n", "list_name,name,label\nx,1,One\n",
	    "survey.csv", 2, "Unknown question type 'Select one from x'.");
	expect_error("external data", "type,name,label\nxml-external,a,A\n",
	    NULL, "survey.csv", 2, "Question type 'xml-external' cannot be "
	    "asked here: it declares data from a file outside the form");
	expect_error("pulldata() without its file, with its row",
	    "type,name,label,calculation\ntext,a,A,\ncalculate,b,,"
	    "\"pulldata('f', 'c', 'k', ${a})\"\n", NULL, "survey.csv", 3,
	    "pulldata('f', ...) reads f.csv, which cannot be read");
	expect_error("a location function by name", "type,name,label,"
	    "calculation\ncalculate,b,,distance('1 2 0 0')\n", NULL,
	    "survey.csv", 2, "function 'distance' cannot be used here: it "
	    "measures between locations");
	expect_error("an ambiguous reference", "type,name,label,relevant\n"
	    "begin repeat,r,R,\ntext,a,A,\nend repeat,,,\ntext,a,A2,\n"
	    "text,b,B,${a} = 1\n", NULL, "survey.csv", 6, "There are "
	    "multiple survey elements named 'a'");
	expect_error("select from a file that is not there",
	    "type,name,label\nselect_one_from_file towns.csv,a,A\n", NULL,
	    "survey.csv", 2, "The choices file 'towns.csv' cannot be read");
	expect_error("select_one_external", "type,name,label\n"
	    "select_one_external towns,a,A\n", NULL, "survey.csv", 2,
	    "select_one_external needs pyxform's external_choices sheet");
	expect_error("no name", "type,name,label\ninteger,,A\n", NULL,
	    "survey.csv", 2, "Question or group with no name.");
	expect_error("no type", "type,name,label\n,a,A\n", NULL,
	    "survey.csv", 2, "Question with no type.");
	expect_error("no type, only a translated label", "type,name,"
	    "label::en\n,,A\n", NULL, "survey.csv", 2,
	    "Question with no type.");
	expect_error("no questions", "type,name,label\n,,\n", NULL,
	    "survey.csv", 0, "The survey sheet has no questions.");
	expect_error("bad name", "type,name,label\ntext,a b,A\n", NULL,
	    "survey.csv", 2, "Invalid question name 'a b'.");
	expect_error("duplicate in a group", "type,name,label\n"
	    "begin group,g,G\ntext,a,A\ntext,a,A2\nend group,,\n", NULL,
	    "survey.csv", 4, "must be unique within their nearest parent");
	expect_error("an unknown loop list", "type,name,label\n"
	    "begin loop over nowhere,l,\ntext,a,A\nend loop,,\n", NULL,
	    "survey.csv", 2, "List name not in choices sheet: nowhere");
	expect_error("a loop without its end", "type,name,label\n"
	    "begin loop over x,l,\ntext,a,A\n", "list_name,name,label\n"
	    "x,1,One\n", "survey.csv", 2, "Unmatched 'begin_loop'.");
	expect_error("reserved name", "type,name,label\ntext,meta,A\n", NULL,
	    "survey.csv", 2, "reserved for form metadata");
	expect_error("unmatched begin", "type,name,label\nbegin group,g1,G1\n"
	    "text,q1,Q1\n", NULL, "survey.csv", 2, "Unmatched 'begin_group'. "
	    "No matching 'end_group' was found for the name 'g1'.");
	expect_error("unmatched end", "type,name,label\ntext,q1,Q1\n"
	    "end group,g,\n", NULL, "survey.csv", 3, "Unmatched 'end_group'.");
	expect_error("end repeat closing a group", "type,name,label\n"
	    "begin group,g,G\nend repeat,,\nend group,,\n", NULL,
	    "survey.csv", 3, "Unmatched 'end_repeat'.");
	expect_error("missing list", "type,name,label\nselect_one x,a,A\n",
	    "list_name,name,label\ny,1,One\n", "survey.csv", 2,
	    "List name not in choices sheet: x");
	expect_error("no choices sheet", "type,name,label\nselect_one x,a,A\n",
	    NULL, "survey.csv", 2, "There should be a choices sheet");
	expect_error("choice without a name", "type,name,label\n"
	    "select_one x,a,A\n", "list_name,name,label\nx,,One\nx,2,Two\n",
	    "choices.csv", 2, "Choices must have a name.");
	expect_error("duplicate choice", "type,name,label\nselect_one x,a,A\n",
	    "list_name,name,label\nx,1,One\nx,1,Uno\n", "choices.csv", 3,
	    "Choice names must be unique for each choice list.");
	expect_error("spaces in select_multiple names", "type,name,label\n"
	    "select_multiple x,a,A\n", "list_name,name,label\nx,a b,AB\n",
	    "choices.csv", 2, "Choice names with spaces cannot be added");
	expect_error("duplicate header", "type,name,label,label\ntext,a,A,B\n",
	    NULL, "survey.csv", 1, "Duplicate column header: label");
	expect_error("two names for one column", "type,name,relevant,"
	    "bind:relevant\ntext,a,A,,\n", NULL, "survey.csv", 1,
	    "different names for the same column were found: 'relevant', "
	    "'bind:relevant'");
	expect_error("no type column", "name,label\na,A\n", NULL,
	    "survey.csv", 1, "required column headers were not found: 'type'");
	expect_error("bad expression", "type,name,label,constraint\n"
	    "integer,a,A,. < < 3\n", NULL, "survey.csv", 2,
	    "the 'constraint' value is invalid");
	expect_error("bad expression position", "type,name,label,constraint\n"
	    "integer,a,A,. < < 3\n", NULL, "survey.csv", 2, "column 5");
	expect_error("unknown reference", "type,name,label,relevant\n"
	    "text,a,A,${b} = 1\n", NULL, "survey.csv", 2,
	    "There is no survey element with this name");
	expect_error("unknown reference in a label", "type,name,label\n"
	    "note,n,Hello ${who}\n", NULL, "survey.csv", 2,
	    "replace ${who} with the XPath");
	expect_error("range step zero", "type,name,label,parameters\n"
	    "range,q1,Q1,step=0\n", NULL, "survey.csv", 2, "On the 'survey' "
	    "sheet, the 'parameters' value is invalid. For the 'range' "
	    "question type, the parameter 'step' must not be '0' (zero).");
	expect_error("range not a number", "type,name,label,parameters\n"
	    "range,q1,Q1,start=x\n", NULL, "survey.csv", 2,
	    "the parameter 'start' must be a number.");
	expect_error("range step too wide", "type,name,label,parameters\n"
	    "range,q1,Q1,start=1 end=3 step=5\n", NULL, "survey.csv", 2,
	    "must not be larger than the range");
	expect_error("range unknown parameter", "type,name,label,parameters\n"
	    "range,q1,Q1,colour=red\n", NULL, "survey.csv", 2,
	    "The following are invalid parameter(s): 'colour'.");
	expect_error("range placeholder off a step", "type,name,label,"
	    "parameters\nrange,q1,Q1,start=0 end=10 step=2 placeholder=3\n",
	    NULL, "survey.csv", 2, "'placeholder' must be a multiple of 'step'");
	expect_error("range labels missing", "type,name,label,parameters\n"
	    "range,q1,Q1,tick_labelset=nope\n", NULL, "survey.csv", 2,
	    "'tick_labelset' must be a choice list name");
	expect_error("missing calculation", "type,name,label\n"
	    "calculate,c,\n", NULL, "survey.csv", 2, "Missing calculation.");
	expect_error("no label", "type,name,label\ntext,a,\n", NULL,
	    "survey.csv", 2, "has no label or hint.");
	expect_error("unterminated quote in a sheet", "type,name,label\n"
	    "text,a,\"A\ntext,b,B\n", NULL, "survey.csv", 2,
	    "has no closing quote");

	/* Every error is reported, not just the first, in row order. */
	f = load("type,name,label\nfoo,a,A\ntext,,B\ntext,c,C\nbar,d,D\n",
	    NULL, NULL, &e, &rc);
	CHECK(rc == ERR_INVALID && e.n == 3 && e.v[0].row == 2 &&
	    e.v[1].row == 3 && e.v[2].row == 5, "all errors are collected");
	xlsform_errors_format(&e, &b);
	CHECK(strstr(buf_str(&b), "/survey.csv:5: Unknown question type "
	    "'bar'.\n") != NULL, "errors format as file:row: reason");
	CHECK(e.n > 0 && strcmp(e.v[0].sheet, "survey") == 0,
	    "errors name their sheet");
	buf_free(&b);
	xlsform_errors_clear(&e);
	xlsform_free(&f);
}

static void
test_sources(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct xlsform *f = NULL;
	char path[512], *cause = NULL;
	int rc;

	/* BASE.survey.csv beside BASE.choices.csv, given either file. */
	put("base.survey.csv", "type,name,label\nselect_one yn,a,A\n");
	put("base.choices.csv", "list_name,name,label\nyn,y,Yes\n");
	snprintf(path, sizeof path, "%s/base.choices.csv", tmpdir);
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == 0 && f != NULL && f->nlists == 1,
	    "BASE.choices.csv finds BASE.survey.csv");
	CHECK(f != NULL && strcmp(f->id, "base") == 0 &&
	    strcmp(f->title, "base") == 0,
	    "without settings the id and title come from the file name");
	xlsform_free(&f);

	/* pyxform's single-file CSV */
	put("single.csv", "survey,,,\n,type,name,label\n,select_one yn,a,A\n"
	    "choices,,,\n,list_name,name,label\n,yn,y,Yes\n,yn,n,No\n"
	    "settings,,,\n,form_title,,\n,One file,,\n");
	snprintf(path, sizeof path, "%s/single.csv", tmpdir);
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == 0 && f != NULL && f->nlists == 1 &&
	    f->lists[0].nchoices == 2 && strcmp(f->title, "One file") == 0,
	    "a single-file CSV form loads");
	CHECK(f != NULL && f->nquestions == 1 && f->questions[0].row == 3,
	    "its rows are the file's rows");
	xlsform_free(&f);

	snprintf(path, sizeof path, "%s/missing.xlsx", tmpdir);
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == ERR_NOTFOUND && cause != NULL && strstr(cause, path),
	    "a missing file is ERR_NOTFOUND, named");
	free(cause);
	cause = NULL;

	put("old.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old");
	snprintf(path, sizeof path, "%s/old.xls", tmpdir);
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == ERR_UNSUPPORTED && cause != NULL && strstr(cause, ".xls"),
	    "an .xls file is refused: %s", cause ? cause : "");
	free(cause);
	cause = NULL;

	snprintf(path, sizeof path, "%s/empty-folder", tmpdir);
	mkdir(path, 0700);
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == ERR_NOTFOUND && cause != NULL && strstr(cause, "survey.csv"),
	    "a folder without survey.csv: %s", cause ? cause : "");
	free(cause);
	cause = NULL;
	rmdir(path);
	xlsform_errors_clear(&e);
}

static void
add_part(zip_t *z, const char *name, const char *text)
{
	zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);

	if (s != NULL && zip_file_add(z, name, s, 0) < 0)
		zip_source_free(s);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"

static void
test_xlsx(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_question *q;
	struct xlsform *f = NULL;
	char path[512], *cause = NULL;
	zip_t *z;
	int err, rc;

	snprintf(path, sizeof path, "%s/form.xlsx", tmpdir);
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		SKIP("cannot write a zip");
		return;
	}
	add_part(z, "xl/workbook.xml", "<workbook " NS "><sheets>"
	    "<sheet name=\"Survey\" sheetId=\"1\" r:id=\"rId1\"/>"
	    "<sheet name=\"choices\" sheetId=\"2\" r:id=\"rId2\"/>"
	    "<sheet name=\"settings\" sheetId=\"3\" r:id=\"rId3\"/>"
	    "</sheets></workbook>");
	add_part(z, "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\""
	    "http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"t/worksheet\" Target=\"s1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"t/worksheet\" Target=\"s2.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"t/worksheet\" Target=\"s3.xml\"/>"
	    "</Relationships>");
	add_part(z, "xl/s1.xml", "<worksheet " NS "><sheetData>"
	    "<row r=\"1\">" IS("A1", "type") IS("B1", "name") IS("C1", "label")
	    IS("D1", "required") "</row>"
	    "<row r=\"2\">" IS("A2", "select_one yn") IS("B2", "q1")
	    IS("C2", "Happy?") "<c r=\"D2\" t=\"b\"><v>1</v></c></row>"
	    "<row r=\"4\">" IS("A4", "integer") "<c r=\"B4\" t=\"b\"><v>0</v></c>"
	    IS("C4", "Named by a boolean cell") "</row>"
	    "<row r=\"5\">" IS("A5", "foo") IS("B5", "q3") IS("C5", "x") "</row>"
	    "</sheetData></worksheet>");
	add_part(z, "xl/s2.xml", "<worksheet " NS "><sheetData>"
	    "<row r=\"1\">" IS("A1", "list_name") IS("B1", "name")
	    IS("C1", "label") "</row>"
	    "<row r=\"2\">" IS("A2", "yn") "<c r=\"B2\"><v>1.0</v></c>"
	    IS("C2", "Yes") "</row></sheetData></worksheet>");
	add_part(z, "xl/s3.xml", "<worksheet " NS "><sheetData>"
	    "<row r=\"1\">" IS("A1", "form_id") IS("B1", "version") "</row>"
	    "<row r=\"2\">" IS("A2", "wb") "<c r=\"B2\"><v>201805011</v></c>"
	    "</row></sheetData></worksheet>");
	if (zip_close(z) != 0) {
		zip_discard(z);
		SKIP("cannot write a zip");
		return;
	}
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == ERR_INVALID && e.n == 1 && e.v[0].row == 5 &&
	    strstr(e.v[0].file, "form.xlsx") != NULL &&
	    strstr(e.v[0].msg, "'foo'") != NULL,
	    "an .xlsx error names the workbook and the true row (5)");
	free(cause);
	cause = NULL;
	xlsform_errors_clear(&e);

	/* The same workbook without the bad row loads. */
	z = zip_open(path, 0, &err);
	if (z != NULL) {
		static const char s1[] = "<worksheet " NS
		    "><sheetData><row r=\"1\">" IS("A1", "type") IS("B1", "name")
		    IS("C1", "label") IS("D1", "required") "</row>"
		    "<row r=\"2\">" IS("A2", "select_one yn") IS("B2", "q1")
		    IS("C2", "Happy?") "<c r=\"D2\" t=\"b\"><v>1</v></c></row>"
		    "<row r=\"4\">" IS("A4", "integer")
		    "<c r=\"B4\" t=\"b\"><v>0</v></c>"
		    IS("C4", "Named by a boolean cell") "</row>"
		    "</sheetData></worksheet>";
		zip_int64_t i = zip_name_locate(z, "xl/s1.xml", 0);
		zip_source_t *s = zip_source_buffer(z, s1, strlen(s1), 0);

		if (i < 0 || s == NULL || zip_file_replace(z, (zip_uint64_t)i,
		    s, 0) != 0 || zip_close(z) != 0)
			zip_discard(z);
	}
	rc = xlsform_load(path, &f, &e, &cause);
	CHECK(rc == 0 && f != NULL, "a workbook form loads (%s)",
	    e.n ? e.v[0].msg : cause ? cause : "");
	if (f != NULL) {
		CHECK_STR(f->id, "wb", "settings from the workbook");
		CHECK_STR(f->version, "201805011", "a numeric version cell");
		q = xlsform_find(f, "q1");
		CHECK(q != NULL && q->required == 1 && q->row == 2,
		    "a TRUE boolean cell in required");
		q = xlsform_find(f, "FALSE");
		CHECK(q != NULL && q->row == 4,
		    "a boolean cell as a name reads FALSE, at its true row");
		CHECK(f->nlists == 1 && strcmp(f->lists[0].choices[0].name,
		    "1") == 0, "a numeric choice name reads 1, not 1.0");
	}
	xlsform_free(&f);
	free(cause);
	xlsform_errors_clear(&e);
}

/* expr_foreach_ref's: xlsform_find of the name and of a copy agree. */
struct ref_check {
	const struct xlsform	*f;
	size_t			 n, same, found;
};

static int
ref_agrees(void *arg, const char *name)
{
	struct ref_check *rc = arg;
	const struct xlsform_question *a = xlsform_find(rc->f, name), *b;
	char *copy = strdup(name);

	/* The copy's address is in no table: found by its text. */
	b = copy != NULL ? xlsform_find(rc->f, copy) : NULL;
	rc->n++;
	rc->same += copy != NULL && a == b;
	rc->found += a != NULL;
	free(copy);
	return 0;
}

/*
 * The form's ${name}s found by their string's address (reftab) are what
 * xlsform_find finds by name, for every expression of every entry; a
 * name used twice is found by neither, an unknown name by neither.
 */
static void
test_refs(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct ref_check rc;
	struct xlsform *f;
	size_t i;
	int r;

	f = load("type,name,label,relevant,constraint,calculation,required\n"
	    "integer,age,Age?,,. < 150,,\n"
	    "text,who,Who?,${age} > 17,,,${age} > 60\n"
	    "begin group,g,G,,,,\n"
	    "text,a,A,${who} != '',,,\n"
	    "end group,,,,,,\n"
	    "begin group,h,H,,,,\n"
	    "text,a,A again,,,,\n"
	    "end group,,,,,,\n"
	    "calculate,both,,,,\"concat(${who}, ${age}, ${who})\",\n",
	    NULL, NULL, &e, &r);
	CHECK(r == 0 && f != NULL, "a form with references loads (%d%s%s)", r,
	    e.n ? ": " : "", e.n ? e.v[0].msg : "");
	if (f == NULL)
		goto out;
	memset(&rc, 0, sizeof rc);
	rc.f = f;
	for (i = 0; i < f->nquestions; i++) {
		(void)expr_foreach_ref(f->questions[i].relevant.e, ref_agrees, &rc);
		(void)expr_foreach_ref(f->questions[i].constraint.e, ref_agrees, &rc);
		(void)expr_foreach_ref(f->questions[i].calculation.e, ref_agrees, &rc);
		(void)expr_foreach_ref(f->questions[i].required_if.e, ref_agrees, &rc);
	}
	CHECK(rc.n == 6 && rc.same == rc.n && rc.found == rc.n,
	    "each of 6 references is found as by its name (%zu, %zu same, %zu found)",
	    rc.n, rc.same, rc.found);
	CHECK(f->reftab != NULL && xlsform_find(f, "a") == NULL &&
	    xlsform_find(f, "nosuch") == NULL && xlsform_find(f, "who") ==
	    &f->questions[1], "a name used twice or unknown is not found, "
	    "a name is");
out:
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

/* XML's NCName rule for one ASCII byte, first or later. */
static int
name_ascii(int c, int first)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
		return 1;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

/* Names: every ASCII byte first, later and after a prefix; some others. */
static void
test_names(void)
{
	char name[8];
	int c, ok = 1;

	for (c = 1; c < 0x80; c++) {
		snprintf(name, sizeof name, "%c", c);
		ok &= xlsform_name_ok(name) == name_ascii(c, 1);
		snprintf(name, sizeof name, "a%cb", c);
		ok &= xlsform_name_ok(name) == (c == ':' || name_ascii(c, 0));
		snprintf(name, sizeof name, "p:%cb", c);
		ok &= xlsform_name_ok(name) == name_ascii(c, 1);
	}
	CHECK(ok, "each ASCII byte is a name's first byte, a later one, or not");
	CHECK(xlsform_name_ok("caf\xc3\xa9_\xc3\xa0") && xlsform_name_ok("\xc3\xa9t\xc3\xa9") &&
	    xlsform_name_ok("a\xc2\xb7" "b") && !xlsform_name_ok("\xc2\xb7" "b"),
	    "Latin letters anywhere, a middle dot after the first");
	CHECK(!xlsform_name_ok("a\xe2\x80\x8b") && xlsform_name_ok("a\xe2\x80\x8c") &&
	    !xlsform_name_ok("a\xc3") && !xlsform_name_ok("a b") && !xlsform_name_ok(""),
	    "no zero-width space, broken UTF-8, blank or empty name");
	CHECK(xlsform_name_ok("jr:x") && !xlsform_name_ok("a:b:c") &&
	    !xlsform_name_ok(":a") && !xlsform_name_ok("a:") && !xlsform_name_ok("1a"),
	    "one prefix at most, never at an end; no digit first");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		SKIP("cannot make a temporary folder");
		return test_done();
	}
	test_types_and_aliases();
	test_groups();
	test_translations();
	test_range_and_filters();
	test_repeats();
	test_errors();
	test_sources();
	test_xlsx();
	test_names();
	test_refs();
	{
		char cmd[600];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmpdir);
	}
	return test_done();
}
