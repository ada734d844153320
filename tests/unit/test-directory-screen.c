/*
 * "Find support" in the kiosk, drawn headless into a canvas: the home menu
 * item, search as you type, the category and neighbourhood filters (keys
 * and mouse), the detail page, resizing, and a broken directory.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "tui/kiosk.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-test.h"

int main(void);

#define PACK "tests/fixtures/directory/pack"

static char *
screen(struct kiosk *k)
{
	kiosk_draw(k);
	return canvas_dump(&k->canvas);
}

/* Click the first place text is drawn; 0 when it is not on screen. */
static int
click(struct kiosk *k, const char *text)
{
	char *s = screen(k), *at, *line;
	struct ev ev;
	int y = 0;

	if ((at = strstr(s, text)) == NULL) {
		free(s);
		return 0;
	}
	for (line = s; strchr(line, '\n') != NULL && strchr(line, '\n') < at;
	    line = strchr(line, '\n') + 1)
		y++;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_MOUSE;
	ev.button = MOUSE_CLICK;
	ev.my = y;
	ev.mx = (int)utf8_nwidth(line, (size_t)(at - line));
	free(s);
	kiosk_event(k, &ev);
	kiosk_draw(k);
	return 1;
}

static int
has(struct kiosk *k, const char *text)
{
	char *s = screen(k);
	int found = strstr(s, text) != NULL;

	free(s);
	return found;
}

static int
lines_fit(const char *dump, size_t w)
{
	const char *p = dump, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		if (utf8_nwidth(p, (size_t)(nl - p)) != w)
			return 0;
		p = nl + 1;
	}
	return 1;
}

static void
test_find(struct pack *pack)
{
	struct kiosk k;
	struct ev ev;
	char *s;
	int i;

	if (kiosk_init(&k, pack, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24) != 0) {
		CHECK(0, "kiosk starts headless");
		return;
	}
	CHECK(has(&k, "4. Find support") && has(&k, "5. Help and accessibility"),
	    "the home menu offers Find support before Help");
	key(&k, '4');
	s = screen(&k);
	CHECK(strstr(s, " Find support ") != NULL, "4 opens Find support (the header says so)");
	CHECK(strstr(s, "5 services:") != NULL, "every service is listed at first");
	CHECK(strstr(s, "Straße Café Lunch Club  A weekly lunch club for older people.") != NULL,
	    "a service is its name and the first sentence of its description");
	CHECK(strstr(s, "Category: [All categories \xe2\x96\xbe]  Neighbourhood: [All neighbourhoods \xe2\x96\xbe]") != NULL,
	    "both filters on one row at 80 columns");
	CHECK(strstr(s, "F7 category") != NULL && strstr(s, "F8 neighbourhood") != NULL,
	    "the key line names F7 and F8");
	CHECK(lines_fit(s, 80), "the screen fits 80 columns");
	free(s);

	/* Search by words, as they are typed. */
	type(&k, "carers");
	CHECK(has(&k, "2 of 5 services match:") && has(&k, "Carers' Advice Line") &&
	    has(&k, "İpek Turkish Carers Group") && !has(&k, "Money Help Desk"),
	    "typing 'carers' narrows the list to the two carers services");
	for (i = 0; i < 6; i++)
		key(&k, K_BACKSPACE);
	CHECK(has(&k, "5 services:"), "deleting the words shows every service again");
	type(&k, "STRASSE");
	CHECK(has(&k, "1 of 5 services matches:") && has(&k, "Straße Café"), "STRASSE finds Straße (Unicode folding)");
	type(&k, "x");
	CHECK(has(&k, "No service matches. Try other words or filters."), "no match says so");
	for (i = 0; i < 8; i++)
		key(&k, K_BACKSPACE);

	/* The category filter: F7 and a short list. */
	key(&k, K_F7);
	CHECK(has(&k, "Choose a category:") && has(&k, "\xe2\x96\xb6 All categories") && has(&k, "exercise"),
	    "F7 lists the categories, starting at All categories");
	key(&k, K_DOWN);
	key(&k, K_DOWN);
	key(&k, K_ENTER);
	CHECK(has(&k, "Category: [carers \xe2\x96\xbe]") && has(&k, "2 of 5 services match:"),
	    "choosing 'carers' filters by category");
	/* The neighbourhood filter: F8. */
	key(&k, K_F8);
	CHECK(has(&k, "Choose a neighbourhood:") && has(&k, "Stoke Newington"), "F8 lists the neighbourhoods");
	key(&k, K_DOWN);
	key(&k, K_ENTER);
	CHECK(has(&k, "Neighbourhood: [Dalston \xe2\x96\xbe]") && has(&k, "1 of 5 services matches:") &&
	    has(&k, "İpek Turkish Carers Group") && !has(&k, "Carers' Advice Line"),
	    "category and neighbourhood together: the Dalston carers group only");
	key(&k, K_F8);
	key(&k, K_ESC);
	CHECK(has(&k, "Neighbourhood: [Dalston") && k.depth == 2, "Esc closes the short list unchanged");
	/* Left and Right on the focused filter; Tab around the ring. */
	key(&k, K_RIGHT);
	CHECK(has(&k, "Neighbourhood: [Homerton \xe2\x96\xbe]"), "the filter just used keeps the focus: Right, the next one");
	key(&k, K_RIGHT);
	key(&k, K_RIGHT);
	CHECK(has(&k, "Neighbourhood: [All neighbourhoods"), "past the last value comes All again");
	key(&k, K_TAB);
	key(&k, K_TAB);
	key(&k, K_TAB);
	key(&k, K_LEFT);
	key(&k, K_LEFT);
	CHECK(has(&k, "Category: [All categories") && has(&k, "5 services:"),
	    "Tab round the ring (list, words) to the category; Left twice: All");

	/* Typing from a filter goes back to the words; Enter opens. */
	type(&k, "desk");
	CHECK(has(&k, "Search for: desk") && has(&k, "Money Help Desk"), "typing from a filter goes to the words");
	key(&k, K_ENTER);
	s = screen(&k);
	CHECK(strstr(s, "Help with benefits and bills.") != NULL && strstr(s, "Neighbourhood: Stoke Newington") != NULL &&
	    strstr(s, "Categories: advice, money") != NULL, "Enter opens the detail page with its fields labelled");
	free(s);
	key(&k, K_ESC);
	CHECK(has(&k, "Search for: desk"), "Esc goes back to the list as it was");
	for (i = 0; i < 4; i++)
		key(&k, K_BACKSPACE);

	CHECK(has(&k, "5 services:"), "Backspace from the list deletes the words");

	/* The detail page shows every field that is not empty, wrapped. */
	key(&k, K_ENTER);
	s = screen(&k);
	CHECK(strstr(s, "Straße Café Lunch Club") != NULL && strstr(s, "Phone: 0000 000 001") != NULL &&
	    strstr(s, "Email: lunch@example.org") != NULL && strstr(s, "Website: example.org/lunch") != NULL &&
	    strstr(s, "Opening times: Tuesdays 12 to 2") != NULL && strstr(s, "Accessibility: Step-free") != NULL &&
	    strstr(s, "Postcode: TE1 1AA") != NULL, "the detail page: phone, email, website, times, access, postcode");
	CHECK(strstr(s, "Address: 1 Example Road") != NULL && strstr(s, "  Testshire") != NULL,
	    "an address over two lines stays on two lines");
	CHECK(strstr(s, "lunch-club") == NULL, "the id is not shown");
	CHECK(strstr(s, "  Categories: food, social") != NULL &&
	    strncmp(strstr(s, "  Categories: food, social") + 81, "  Neighbourhood: Dalston", 24) == 0,
	    "one field a line, with no blank line between (a line break ends one line only)");
	free(s);
	key(&k, K_ESC);

	/* The mouse: a filter opens its list, a value is chosen, a service opens. */
	CHECK(click(&k, "[All categories"), "the category filter is on screen");
	CHECK(has(&k, "Choose a category:"), "a click on the category filter opens its list");
	CHECK(click(&k, "social"), "a value is on screen");
	CHECK(has(&k, "Category: [social") && has(&k, "2 of 5 services match:"), "a click chooses a value");
	CHECK(click(&k, "İpek Turkish"), "a service is on screen");
	CHECK(has(&k, "Languages: Türkçe"), "a click on a service opens it");
	key(&k, K_ESC);
	CHECK(click(&k, "Search for:"), "the search field is on screen");
	type(&k, "zzz");
	CHECK(has(&k, "Search for: zzz"), "a click on the search field types there");

	/* Every size from 40x12 up fits; at 40 the filters take two rows. */
	for (i = 40; i <= 200; i += 7) {
		canvas_resize(&k.canvas, i, 12 + i / 10);
		s = screen(&k);
		if (!lines_fit(s, (size_t)i) || strstr(s, "Search for:") == NULL) {
			CHECK(0, "Find support fits at %dx%d", i, 12 + i / 10);
			free(s);
			break;
		}
		free(s);
	}
	CHECK(i > 200, "Find support fits every size from 40 to 200 columns");
	canvas_resize(&k.canvas, 40, 12);
	CHECK(has(&k, " Category: [social") && has(&k, " Neighbourhood: [All"), "at 40x12 each filter has its row");
	canvas_resize(&k.canvas, 80, 24);

	/* The next person finds nothing of this one's search. */
	k.last_input = time(NULL) - pack->idle_warning - pack->idle_countdown;
	memset(&ev, 0, sizeof ev);
	ev.type = EV_TICK;
	kiosk_event(&k, &ev);
	CHECK(k.depth == 1, "after the idle countdown: back to the home screen");
	key(&k, '4');
	CHECK(has(&k, "5 services:") && !has(&k, "zzz") && has(&k, "[All categories"),
	    "Find support starts afresh for the next person");
	key(&k, K_ESC);
	CHECK_INT(k.depth, 1, "Esc leaves Find support");
	kiosk_free(&k);
}

/* A pack without neighbourhoods, one without a directory, a broken one. */
static void
test_other_packs(void)
{
	struct pack *p = NULL;
	struct kiosk k;

	if (pack_load("content/packs/hackney", &p, NULL) == 0 &&
	    kiosk_init(&k, p, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24) == 0) {
		key(&k, '4');
		CHECK(has(&k, "11 services:") && has(&k, "Category: [All categories") &&
		    !has(&k, "Neighbourhood: ["), "Hackney: 11 services, no neighbourhood filter (the seeds name none)");
		key(&k, K_F8);
		CHECK(has(&k, "The services here have no neighbourhoods."), "F8 says there are none");
		kiosk_free(&k);
	} else
		CHECK(0, "the Hackney pack loads");
	pack_free(&p);
	if (pack_load("tests/fixtures/packs/tiny", &p, NULL) == 0 &&
	    kiosk_init(&k, p, "/nonexistent-home", NULL, THEME_DEFAULT, 80, 24) == 0) {
		CHECK(!has(&k, "Find support") && has(&k, "4. Help and accessibility"),
		    "a pack without a directory has no Find support");
		kiosk_free(&k);
	} else
		CHECK(0, "the tiny pack loads");
	pack_free(&p);
	if (pack_load("tests/fixtures/directory/badpack", &p, NULL) == 0 &&
	    kiosk_init(&k, p, "/nonexistent-home", NULL, THEME_DEFAULT, 200, 24) == 0) {
		key(&k, '4');
		CHECK(k.depth == 1 && has(&k, "Sorry, the list of services cannot be shown:") &&
		    has(&k, "badpack/directory/services.csv:3: the id 'first' is already used on row 2"),
		    "a broken services.csv: a notice with its file and row, and the home screen stays");
		kiosk_free(&k);
	} else
		CHECK(0, "the bad pack loads (its pages are fine)");
	pack_free(&p);
}

int
main(void)
{
	struct pack *pack = NULL;

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	if (pack_load(PACK, &pack, NULL) != 0) {
		CHECK(0, "the test pack loads");
		return test_done();
	}
	test_find(pack);
	pack_free(&pack);
	test_other_packs();
	return test_done();
}
