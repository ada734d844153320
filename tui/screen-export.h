/*
 * The facilitator menu's "Export to a USB stick" (tui/screen-export.c).
 */
#ifndef OUTREACH_SCREEN_EXPORT_H
#define OUTREACH_SCREEN_EXPORT_H

#include "sync/bundle-export.h"
#include "tui/canvas.h"
#include "tui/kiosk.h"

extern const struct screen_class screen_export_class;

void	screen_export_progress_draw(struct canvas *c, int y, int left, int w,
	    const struct bundle_export_progress *p, const char *waiting,
	    int rtl);

#endif
