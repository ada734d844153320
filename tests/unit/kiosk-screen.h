/*
 * Reading a headless kiosk's screen in unit tests (with kiosk-test.h's
 * keys): screen() draws and returns the frame as text, owned here until
 * the next call (kiosk_screen_free() at the end); has() says whether text
 * is on it, showing the frame when TEST_SHOW is set; times() presses a
 * key n times.
 */
#ifndef OUTREACH_KIOSK_SCREEN_H
#define OUTREACH_KIOSK_SCREEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/canvas.h"
#include "tests/unit/kiosk-test.h"

static char *kiosk_screen_dump;

static inline const char *
screen(struct kiosk *k)
{
	free(kiosk_screen_dump);
	kiosk_draw(k);
	kiosk_screen_dump = canvas_dump(&k->canvas);
	return kiosk_screen_dump;
}

static inline int
has(struct kiosk *k, const char *text)
{
	if (strstr(screen(k), text) != NULL)
		return 1;
	if (getenv("TEST_SHOW") != NULL)
		printf("# no '%s' on:\n%s", text, kiosk_screen_dump);
	return 0;
}

static inline void
times(struct kiosk *k, int code, int n)
{
	while (n-- > 0)
		key(k, code);
}

static inline void
kiosk_screen_free(void)
{
	free(kiosk_screen_dump);
	kiosk_screen_dump = NULL;
}

#endif
