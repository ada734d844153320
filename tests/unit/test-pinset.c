/*
 * The laptop's kiosk session (--appliance) without a PIN: setting one,
 * twice, comes before anything else and cannot be left, F12 leads there
 * (never to the facilitator menu), and once it is set F12 asks for it.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/pack.h"
#include "content/utf8.h"
#include "sync/pin.h"
#include "tui/kiosk.h"
#include "tests/unit/test.h"
#include "tests/unit/kiosk-screen.h"

static const char *
top_name(struct kiosk *k)
{
	return kiosk_top(k)->cls->name;
}

int
main(void)
{
	struct pack *pack = NULL;
	struct kiosk k;
	char home[] = "/tmp/outreach-pinset-XXXXXX", path[64];
	int i;

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	if (mkdtemp(home) == NULL || pack_load("content/packs/hackney", &pack,
	    NULL) != 0) {
		CHECK(0, "a home folder and the Hackney pack");
		return test_done();
	}
	kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24);
	k.appliance = 1;
	kiosk_start(&k);
	CHECK(strcmp(top_name(&k), "pinset") == 0 &&
	    has(&k, "Set the facilitator PIN"), "no PIN: setting one comes first");
	key(&k, K_F12);
	key(&k, K_ESC);
	key(&k, K_BACKSPACE);
	key(&k, K_F1);
	key(&k, 'q');
	CHECK(strcmp(top_name(&k), "pinset") == 0 && k.running,
	    "F12, Esc, help and other keys do not leave it");
	type(&k, "12");
	key(&k, K_ENTER);
	CHECK(has(&k, "A PIN is 4 to 12 digits") && !pin_is_set(home),
	    "a short PIN is refused");
	type(&k, "2468");
	key(&k, K_ENTER);
	CHECK(has(&k, "The same PIN again"), "then it is asked again");
	type(&k, "2469");
	key(&k, K_ENTER);
	CHECK(has(&k, "not the same") && !pin_is_set(home) &&
	    strcmp(top_name(&k), "pinset") == 0,
	    "two different PINs: nothing is stored, start again");
	type(&k, "2468");
	key(&k, K_ENTER);
	type(&k, "2468");
	key(&k, K_ENTER);
	CHECK(pin_is_set(home) && strcmp(top_name(&k), "setup") == 0,
	    "the same PIN twice: it is stored, and first-run setup goes on");
	CHECK(has(&k, "The facilitator PIN is set"), "and it says so");
	CHECK(has(&k, "Pack in use: hackney-asc 1.0.0") &&
	    has(&k, "Trusted hub key id: ") &&
	    has(&k, "1. Install content from the USB stick") &&
	    has(&k, "2. Not now"), "the clock is right: the pack is offered "
	    "next, with the hub key id trusted");
	key(&k, '2');
	CHECK(strcmp(top_name(&k), "home") == 0, "Not now: the kiosk goes live");
	key(&k, K_F12);
	CHECK(strcmp(top_name(&k), "pin") == 0, "now F12 asks for the PIN");
	type(&k, "2468");
	key(&k, K_ENTER);
	CHECK(strcmp(top_name(&k), "facilitator") == 0,
	    "and the PIN opens the facilitator menu");
	kiosk_free(&k);

	/* An appliance whose PIN went missing: F12 sets one, never the menu. */
	snprintf(path, sizeof path, "%s/pin", home);
	unlink(path);
	kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24);
	k.appliance = 1;
	key(&k, K_F12);
	CHECK(strcmp(top_name(&k), "pinset") == 0,
	    "appliance, no PIN: F12 leads to setting one");
	for (i = 0; i < 2; i++) {
		type(&k, "13579");
		key(&k, K_ENTER);
	}
	key(&k, K_ESC);
	CHECK(pin_is_set(home) && strcmp(top_name(&k), "home") == 0,
	    "set there, then Esc: back to the kiosk");
	kiosk_free(&k);
	/* Without --appliance: F12 also sets one first, never the menu. */
	unlink(path);
	kiosk_init(&k, pack, home, "en", THEME_DEFAULT, 80, 24);
	key(&k, K_F12);
	CHECK(strcmp(top_name(&k), "pinset") == 0,
	    "not an appliance: F12 without a PIN leads to setting one, "
	    "never to the menu or Quit");
	key(&k, K_ESC);
	CHECK(strcmp(top_name(&k), "home") == 0 && k.running,
	    "and Esc there goes back to the kiosk");
	kiosk_free(&k);
	rmdir(home);
	pack_free(&pack);
	kiosk_screen_free();
	return test_done();
}
