/*
 * Driving a headless kiosk in unit tests: keys and typed text go through
 * kiosk_event() as the terminal would deliver them, then the kiosk draws.
 */
#ifndef OUTREACH_KIOSK_TEST_H
#define OUTREACH_KIOSK_TEST_H

#include <string.h>

#include "content/utf8.h"
#include "tui/kiosk.h"

static inline void
key(struct kiosk *k, int code)
{
	struct ev ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_KEY;
	ev.key = code;
	kiosk_event(k, &ev);
	kiosk_draw(k);
}

/* Each code point of s as a key of its own. */
static inline void
type(struct kiosk *k, const char *s)
{
	uint32_t cp;
	size_t len = strlen(s), n;

	while (len > 0) {
		n = utf8_decode(s, len, &cp);
		key(k, (int)cp);
		s += n;
		len -= n;
	}
}

#endif
