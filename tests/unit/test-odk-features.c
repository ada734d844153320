/*
 * The smaller XLSForm features of ODK Collect: select_one_from_file and
 * select_multiple_from_file with a CSV beside the form, the randomize
 * and seed parameters (the order JavaRosa gives for a seed), the trigger
 * column, guidance_hint and pulldata() from a CSV file beside the form;
 * with pyxform's refusals at their rows. Each
 * form is written out here, at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "content/err.h"
#include "content/expr.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "tests/unit/test.h"

#define T0	((time_t)1795428000)	/* 2026-11-23T10:00:00Z */

static char tmpdir[] = "/tmp/test-odk-features-XXXXXX";
static int nforms;
static char formdir[512];

static void
put(const char *name, const char *text)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", formdir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

/* A fresh folder for one form; files go in it with put(). */
static void
folder(void)
{
	snprintf(formdir, sizeof formdir, "%s/form%d", tmpdir, ++nforms);
	mkdir(formdir, 0700);
}

/* Load the form in the current folder from its sheets. */
static struct xlsform *
load(const char *survey, const char *choices, struct xlsform_errors *errs,
    int *rc)
{
	struct xlsform *f = NULL;
	char *cause = NULL;

	put("survey.csv", survey);
	if (choices != NULL)
		put("choices.csv", choices);
	*rc = xlsform_load(formdir, &f, errs, &cause);
	free(cause);
	return f;
}

/* The message of the first error at row of a file ending so, or "". */
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
	return "";
}

static int
has(const char *msg, const char *part)
{
	return msg != NULL && strstr(msg, part) != NULL;
}

/* A refused form: the first error at row holds want. */
static void
refused(const char *survey, const char *choices, const char *file_end,
    unsigned row, const char *want, const char *what)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct xlsform *f;
	int rc;

	f = load(survey, choices, &e, &rc);
	CHECK(rc == ERR_INVALID && f == NULL, "%s: refused", what);
	CHECK(has(error_at(&e, file_end, row), want), "%s: at row %u, '%s' "
	    "(%s)", what, row, want, e.n > 0 ? e.v[0].msg : "no error");
	xlsform_free(&f);
	xlsform_errors_clear(&e);
}

/* The names of q's choices now, joined by spaces. */
static const char *
choices(struct survey *s, const char *name)
{
	static char buf[1024];
	const struct xlsform_choice **v = NULL;
	size_t n = 0, i, o = 0;

	buf[0] = '\0';
	if (survey_choices(s, survey_find(s, name), &v, &n) != 0)
		return "(error)";
	for (i = 0; i < n && o < sizeof buf - 64; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
		    i > 0 ? " " : "", v[i]->name);
	free(v);
	return buf;
}

/* JavaRosa's own examples (FisherYatesExamplesTest, XPathFuncAsSomethingTest). */
static void
test_shuffle(void)
{
	static const struct {
		const char	*in;
		int64_t		 seed;
		const char	*want;
	} ex[] = {
		{ "0123456789", 42, "0591846372" },
		{ "ABCDEF", 42, "AFCBDE" },
		{ "ABCDEF", -42, "EDAFBC" },
		{ "ABCDEF", 1, "BFEACD" },
		{ "ABCDEF", 11111111, "ACDBFE" },
	};
	size_t order[16], i, k, n;
	char got[16];

	for (i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		n = strlen(ex[i].in);
		expr_shuffle(n, ex[i].seed, order);
		for (k = 0; k < n; k++)
			got[k] = ex[i].in[order[k]];
		got[n] = '\0';
		CHECK_STR(got, ex[i].want, "FisherYates with ParkMiller(%lld) "
		    "orders %s as JavaRosa does", (long long)ex[i].seed,
		    ex[i].in);
	}
	CHECK(expr_long_hash("Hello") == 1756278180214341157LL,
	    "toLongHash(\"Hello\") is JavaRosa's");
	CHECK(expr_long_hash("") == 0, "toLongHash(\"\") is 0, as JavaRosa "
	    "keeps it");
	CHECK(expr_seed(42.9, "42.9") == 42, "a number seed is its whole part");
	CHECK(expr_seed(-42.9, "-42.9") == -42, "toward zero");
	CHECK(expr_seed(0.0 / 0.0, "Hello") == 1756278180214341157LL,
	    "a seed that is not a number is hashed");
}

static void
test_from_file(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	const struct xlsform_list *l;
	struct xlsform *f;
	struct survey *s = NULL;
	int rc;

	folder();
	put("fruits.csv", "name,label,colour\n"
	    "apple,Apple,red\n"
	    ",,\n"
	    "banana,Banana,yellow\n"
	    "cherry,Cherry,red\n");
	put("towns.csv", "id,title,region\n"
	    "t1,Town one,north\n"
	    "t2,Town two,south\n");
	f = load("type,name,label,choice_filter,parameters\n"
	    "select_one colour,c,Colour?,,\n"
	    "select_one_from_file fruits.csv,fruit,Fruit?,colour = ${c},\n"
	    "select_multiple_from_file fruits.csv,fruits,Fruits?,,\n"
	    "select_one_from_file towns.csv,town,Town?,,"
	    "value=id label=title\n",
	    "list_name,name,label,size\n"
	    "colour,red,Red,big\n"
	    "colour,yellow,Yellow,small\n", &e, &rc);
	CHECK(rc == 0 && f != NULL, "a form with choices from CSV files "
	    "loads (%s)", e.n > 0 ? e.v[0].msg : "");
	if (f == NULL) {
		xlsform_errors_clear(&e);
		return;
	}
	l = xlsform_list_of(f, xlsform_find(f, "fruit"));
	CHECK(l != NULL && l->nchoices == 3 && l->file != NULL,
	    "the file's rows are the choices, the blank row skipped");
	CHECK(xlsform_list_of(f, xlsform_find(f, "fruits")) == l,
	    "two questions reading one file the same way share its list");
	CHECK(l != NULL && strcmp(xlsform_choice_value(f, &l->choices[1],
	    "colour"), "yellow") == 0, "a file's other columns are kept");
	CHECK(strcmp(xlsform_choice_value(f, &xlsform_list_of(f,
	    xlsform_find(f, "c"))->choices[0], "size"), "big") == 0 &&
	    strcmp(xlsform_choice_value(f, &xlsform_list_of(f,
	    xlsform_find(f, "c"))->choices[0], "colour"), "") == 0,
	    "the sheet's lists keep their columns, and read \"\" in a "
	    "file's");
	l = xlsform_list_of(f, xlsform_find(f, "town"));
	CHECK(l != NULL && l->nchoices == 2 && strcmp(l->choices[1].name,
	    "t2") == 0, "value=id names the choices");
	CHECK_INT(survey_new(f, NULL, T0, &s, NULL), 0, "a survey starts");
	if (s != NULL) {
		CHECK_STR(survey_choice_label(s, &l->choices[1]), "Town two",
		    "label=title labels them");
		CHECK_STR(choices(s, "fruit"), "", "the filter reads the "
		    "file's column: nothing before a colour");
		survey_set(s, survey_find(s, "c"), "red");
		CHECK_STR(choices(s, "fruit"), "apple cherry",
		    "choice_filter reads the file's column");
		CHECK_INT(survey_set(s, survey_find(s, "fruits"),
		    "banana cherry"), 0, "a select_multiple from a file takes "
		    "its choices");
		CHECK(survey_validate(s, NULL) == 0, "and it is valid");
	}
	survey_free(&s);
	xlsform_free(&f);
	xlsform_errors_clear(&e);

	folder();
	refused("type,name,label\nselect_one_from_file missing.csv,a,A?\n",
	    NULL, "survey.csv", 2, "The choices file 'missing.csv' cannot be "
	    "read", "a missing file");
	folder();
	refused("type,name,label\nselect_one_from_file cities.xml,a,A?\n",
	    NULL, "survey.csv", 2, "choices are read from CSV files only",
	    "an XML file");
	folder();
	refused("type,name,label\nselect_one_from_file cities,a,A?\n", NULL,
	    "survey.csv", 2, "should end with one of the supported file "
	    "extensions", "no extension (pyxform's message)");
	folder();
	refused("type,name,label\nselect_one_from_file a.b.csv,a,A?\n", NULL,
	    "survey.csv", 2, "should end with one of the supported file "
	    "extensions", "two extensions (pyxform's rule)");
	folder();
	put("f.csv", "value,label\nx,X\n");
	refused("type,name,label\nselect_one_from_file f.csv,a,A?\n", NULL,
	    "f.csv", 1, "no column 'name'", "a file without its value column");
	folder();
	put("f.csv", "name,label\nx,X\n,Y\n");
	refused("type,name,label\nselect_one_from_file f.csv,a,A?\n", NULL,
	    "f.csv", 3, "every choice needs a name", "a choice without a name");
	folder();
	put("f.csv", "name,label\nx,X\nx,Y\n");
	refused("type,name,label\nselect_one_from_file f.csv,a,A?\n", NULL,
	    "f.csv", 3, "Choice names must be unique", "a duplicate name");
	folder();
	put("f.csv", "name,label\nx y,X\n");
	refused("type,name,label\nselect_multiple_from_file f.csv,a,A?\n",
	    NULL, "f.csv", 2, "Choice names with spaces", "a space in a "
	    "select_multiple's choice");
	folder();
	put("f.csv", "name,label\nx,X\n");
	refused("type,name,label\nselect_one_from_file f.csv or_other,a,A?\n",
	    NULL, "survey.csv", 2, "Please specify choices for this 'or "
	    "other' question.", "or_other from a file (pyxform refuses it)");
	folder();
	put("f.csv", "name,label\nx,X\n");
	refused("type,name,label,parameters\n"
	    "select_one_from_file f.csv,a,A?,values=x\n", NULL, "survey.csv", 2,
	    "Accepted parameters are 'label, randomize, seed, value'",
	    "an unknown parameter");
}

static void
test_randomize(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct survey *s = NULL, *again = NULL, *later = NULL;
	struct xlsform *f;
	char first[1024];
	int rc;

	folder();
	f = load("type,name,label,parameters\n"
	    "select_one l,fixed,Fixed?,randomize=true seed=42\n"
	    "integer,n,Seed?,\n"
	    "select_one l,by_answer,By answer?,randomize=true;seed=${n}\n"
	    "select_multiple l,free,Free?,randomize=true\n"
	    "select_one l,plain,Plain?,randomize=false\n",
	    "list_name,name,label\nl,A,A\nl,B,B\nl,C,C\nl,D,D\nl,E,E\nl,F,F\n",
	    &e, &rc);
	CHECK(rc == 0 && f != NULL, "a form with randomized choices loads "
	    "(%s)", e.n > 0 ? e.v[0].msg : "");
	if (f == NULL) {
		xlsform_errors_clear(&e);
		return;
	}
	survey_new(f, NULL, T0, &s, NULL);
	survey_new(f, NULL, T0, &again, NULL);
	survey_new(f, NULL, T0 + 1, &later, NULL);
	if (s != NULL && again != NULL && later != NULL) {
		CHECK_STR(choices(s, "fixed"), "A F C B D E", "seed=42 gives "
		    "Collect's order");
		CHECK_STR(choices(s, "by_answer"), "C B E A F D", "an empty "
		    "seed is 0, which JavaRosa's ParkMiller moves to 2^31-2");
		survey_set(s, survey_find(s, "n"), "-42");
		CHECK_STR(choices(s, "by_answer"), "E D A F B C", "seed=${n} "
		    "reads the answer");
		snprintf(first, sizeof first, "%s", choices(s, "free"));
		CHECK_STR(choices(s, "free"), first, "without a seed the order "
		    "holds on every screen");
		CHECK_STR(choices(again, "free"), first, "and for the same "
		    "response, as when a draft is resumed");
		CHECK(strcmp(choices(later, "free"), first) != 0,
		    "another response (started another second) gets another "
		    "order");
		CHECK_STR(choices(s, "plain"), "A B C D E F", "randomize=false "
		    "keeps the sheet's order");
	}
	survey_free(&s);
	survey_free(&again);
	survey_free(&later);
	xlsform_free(&f);
	xlsform_errors_clear(&e);

	folder();
	refused("type,name,label,parameters\n"
	    "select_one l,a,A?,randomize=yes\n", "list_name,name,label\nl,x,X\n",
	    "survey.csv", 2, "randomize must be set to true or false",
	    "randomize=yes");
	folder();
	refused("type,name,label,parameters\nselect_one l,a,A?,seed=3\n",
	    "list_name,name,label\nl,x,X\n", "survey.csv", 2, "Parameters must "
	    "include randomize=true to use a seed.", "a seed alone");
	folder();
	refused("type,name,label,parameters\n"
	    "select_one l,a,A?,randomize=true seed=abc\n",
	    "list_name,name,label\nl,x,X\n", "survey.csv", 2, "seed value must "
	    "be a number or a reference to another field.", "a seed that is "
	    "neither");
	folder();
	refused("type,name,label,parameters\n"
	    "select_one l,a,A?,randomize=true seed=${nope}\n",
	    "list_name,name,label\nl,x,X\n", "survey.csv", 2, "There is no "
	    "survey element with this name", "a seed naming nothing");
	folder();
	refused("type,name,label,parameters\nselect_one l,a,A?,colour=red\n",
	    "list_name,name,label\nl,x,X\n", "survey.csv", 2, "Accepted "
	    "parameters are 'randomize, seed'", "an unknown parameter");
}

static void
test_trigger(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct survey *s = NULL, *back = NULL;
	struct xlsform *f;
	size_t a, b, stamp, copy, note;
	int rc;

	folder();
	f = load("type,name,label,calculation,trigger,guidance_hint,"
	    "guidance_hint::French (fr),label::French (fr)\n"
	    "integer,a,A?,,,Count the people.,Comptez.,A ?\n"
	    "text,b,B?,,,,,B ?\n"
	    "calculate,stamp,,\"concat('a was ', ${a})\",${a},,,\n"
	    "integer,copy,Copy?,${a} * 2,\"${a}, ${b}\",,,Copie ?\n"
	    "text,note,Note?,,${b},,,Note ?\n"
	    "begin repeat,r,R,,,,,R\n"
	    "integer,x,X?,,,,,X ?\n"
	    "text,y,Y?,\"concat('x=', ${x})\",${x},,,Y ?\n"
	    "end repeat,,,,,,,\n", NULL, &e, &rc);
	CHECK(rc == 0 && f != NULL, "a form with triggers and guidance loads "
	    "(%s)", e.n > 0 ? e.v[0].msg : "");
	if (f == NULL) {
		xlsform_errors_clear(&e);
		return;
	}
	CHECK_INT(survey_new(f, "French (fr)", T0, &s, NULL), 0,
	    "a survey starts");
	if (s == NULL)
		goto out;
	a = survey_find(s, "a");
	b = survey_find(s, "b");
	stamp = survey_find(s, "stamp");
	copy = survey_find(s, "copy");
	note = survey_find(s, "note");
	{
		char *g = survey_guidance(s, a);

		CHECK_STR(g != NULL ? g : "(null)", "Comptez.",
		    "guidance_hint in the survey's language");
		free(g);
		survey_set_lang(s, "English");
		g = survey_guidance(s, a);
		CHECK_STR(g != NULL ? g : "(null)", "Count the people.",
		    "guidance_hint falls back to the default");
		free(g);
		g = survey_guidance(s, b);
		CHECK(g == NULL, "no guidance_hint, none shown");
		free(g);
	}
	CHECK_STR(survey_get(s, stamp), "", "a triggered calculation waits "
	    "for its trigger");
	CHECK(survey_answerable(s, copy), "a question with a trigger and a "
	    "calculation takes answers (Collect's setvalue, not a calculate)");
	survey_set(s, a, "3");
	CHECK_STR(survey_get(s, stamp), "a was 3", "answering a sets stamp");
	CHECK_STR(survey_get(s, copy), "6", "and copy");
	survey_set(s, copy, "7");
	CHECK_STR(survey_get(s, copy), "7", "copy can be changed afterwards");
	survey_set(s, a, "3");
	CHECK_STR(survey_get(s, copy), "7", "the same answer again changes "
	    "nothing (only a change fires)");
	survey_set(s, note, "kept?");
	survey_set(s, b, "hello");
	CHECK_STR(survey_get(s, copy), "6", "copy's second trigger sets it "
	    "again");
	CHECK_STR(survey_get(s, note), "", "a trigger without a calculation "
	    "clears");
	if (survey_find_path(s, "r[1]", 1) != SURVEY_NONE &&
	    survey_find_path(s, "r[2]", 1) != SURVEY_NONE) {
		survey_set(s, survey_find_path(s, "r[2]/x", 0), "5");
		CHECK_STR(survey_get(s, survey_find_path(s, "r[2]/y", 0)),
		    "x=5", "in a repeat, the trigger sets its own instance");
		CHECK_STR(survey_get(s, survey_find_path(s, "r[1]/y", 0)), "",
		    "and not another");
	}
	/* A draft comes back as it was: no trigger runs. */
	survey_new(f, NULL, T0, &back, NULL);
	if (back != NULL) {
		CHECK_INT(survey_restore(back, survey_find(back, "stamp"),
		    "a was 3"), 0, "a triggered calculation is restored");
		survey_restore(back, survey_find(back, "copy"), "7");
		survey_restore(back, survey_find(back, "a"), "4");
		CHECK_STR(survey_get(back, survey_find(back, "copy")), "7",
		    "restoring a trigger runs nothing");
		CHECK_STR(survey_get(back, survey_find(back, "stamp")),
		    "a was 3", "and keeps what the trigger had set");
		CHECK_INT(survey_set(back, survey_find(back, "stamp"), "x"),
		    ERR_INVALID, "a person cannot answer a calculation");
	}
out:
	survey_free(&back);
	survey_free(&s);
	xlsform_free(&f);
	xlsform_errors_clear(&e);

	folder();
	refused("type,name,label,trigger\ninteger,a,A?,\ntext,b,B?,a\n", NULL,
	    "survey.csv", 3, "Reference variables must start with '${'",
	    "a trigger that is not ${...}");
	folder();
	refused("type,name,label,trigger\ninteger,a,A?,\ntext,b,B?,${zz}\n",
	    NULL, "survey.csv", 3, "Could not find the name 'zz'",
	    "a trigger naming nothing");
	folder();
	refused("type,name,label,calculation,trigger\n"
	    "calculate,c,,1,\ntext,b,B?,,${c}\n", NULL, "survey.csv", 3,
	    "is not user-visible so it can't be used as a calculation trigger",
	    "a calculation as a trigger");
	folder();
	refused("type,name,label,trigger\ninteger,a,A?,\n"
	    "text,b,B?,${a} ${a}\n", NULL, "survey.csv", 3, "must have a comma "
	    "between each variable", "two triggers without a comma");
}

static void
test_pulldata(void)
{
	struct xlsform_errors e = XLSFORM_ERRORS_INIT;
	struct survey *s = NULL;
	struct xlsform *f;
	int rc;

	folder();
	put("towns.csv", "id,name,region\n"
	    "7,Hackney,London\n"
	    "8,Leeds,Yorkshire\n"
	    "7,Duplicate,Nowhere\n");
	f = load("type,name,label,calculation\n"
	    "integer,id,Town id?,\n"
	    "calculate,town,,\"pulldata('towns', 'name', 'id', ${id})\"\n"
	    "calculate,region,,\"pulldata('towns', 'region', 'name', "
	    "${town})\"\n"
	    "calculate,nocol,,\"pulldata('towns', 'mayor', 'id', ${id})\"\n"
	    "note,n,${town} is in ${region}.,\n", NULL, &e, &rc);
	CHECK(rc == 0 && f != NULL, "a form with pulldata() and its file "
	    "loads (%s)", e.n > 0 ? e.v[0].msg : "");
	if (f != NULL && survey_new(f, NULL, T0, &s, NULL) == 0) {
		CHECK_STR(survey_get(s, survey_find(s, "town")), "",
		    "no key, no row");
		survey_set(s, survey_find(s, "id"), "7");
		CHECK_STR(survey_get(s, survey_find(s, "town")), "Hackney",
		    "the first row whose key matches (a number as text)");
		CHECK_STR(survey_get(s, survey_find(s, "region")), "London",
		    "a lookup by another lookup's value");
		CHECK_STR(survey_get(s, survey_find(s, "nocol")), "",
		    "a column the file does not have gives nothing");
		survey_set(s, survey_find(s, "id"), "9");
		CHECK_STR(survey_get(s, survey_find(s, "town")), "",
		    "no matching row gives nothing");
		survey_set(s, survey_find(s, "id"), "8");
		{
			char *l = survey_label(s, survey_find(s, "n"));

			CHECK_STR(l != NULL ? l : "(null)", "Leeds is in "
			    "Yorkshire.", "and labels read them");
			free(l);
		}
	}
	survey_free(&s);
	xlsform_free(&f);
	xlsform_errors_clear(&e);

	folder();
	refused("type,name,label,calculation\ninteger,id,Id?,\n"
	    "calculate,t,,\"pulldata('towns', 'name', 'id', ${id})\"\n",
	    NULL, "survey.csv", 3, "pulldata('towns', ...) reads towns.csv, "
	    "which cannot be read", "pulldata() without its file");
	folder();
	refused("type,name,label,calculation\ninteger,id,Id?,\n"
	    "calculate,t,,\"pulldata(${id}, 'name', 'id', ${id})\"\n",
	    NULL, "survey.csv", 3, "the first argument must be the name of a "
	    "CSV file", "pulldata() of a computed file name");
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_shuffle();
	test_from_file();
	test_randomize();
	test_trigger();
	test_pulldata();
	return test_done();
}
