/*
 * The facilitator menu's "Export to a USB stick" (tui/screen-export.c).
 */
#ifndef OUTREACH_SCREEN_EXPORT_H
#define OUTREACH_SCREEN_EXPORT_H

#include "tui/kiosk.h"

extern const struct screen_class screen_export_class;

#endif
