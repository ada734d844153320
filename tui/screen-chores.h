/*
 * The facilitator's chores: first-run setup (tui/screen-setup.c), the
 * USB stick (tui/screen-stick.c), the laptop's status (tui/screen-status.c).
 */
#ifndef OUTREACH_SCREEN_CHORES_H
#define OUTREACH_SCREEN_CHORES_H

#include "sync/device.h"
#include "sync/outbox.h"
#include "sync/pin.h"
#include "tui/canvas.h"
#include "tui/kiosk.h"

enum stick_chore {
	STICK_INSTALL,		/* install content from the USB stick */
	STICK_SYNC,		/* sync with the USB stick */
};

/* What screen_stick_class takes. */
struct stick_arg {
	enum stick_chore what;
};

extern const struct screen_class screen_stick_class;
extern const struct screen_class screen_setup_class;	/* first run */
extern const struct screen_class screen_status_class;

/* What "Laptop status" shows (tui/screen-status.c), read once. */
struct laptop_status {
	struct outbox_counts	c;
	struct outbox_bundle	last;	/* seq 0: none */
	char			key_id[DEVICE_KEY_ID_SIZE];	/* "": none */
	char			note[300];	/* the store cannot be read */
};

/* One row of it: a label and its value (alarm: shown as a problem). */
#define STATUS_ROWS	12
struct status_row {
	const char	*label;
	char		 value[200];
	int		 alarm;
};

/* Read the counts of the device in home into st. */
void	screen_status_read(const char *home, struct laptop_status *st);
/*
 * The rows to show for st, home and the pack in use, with the laptop's
 * disk, battery and clock read now: at most cap, returns how many.
 */
size_t	screen_status_rows(const struct laptop_status *st, const char *home,
	    const struct pack *pack, struct status_row *rows, size_t cap);

/*
 * Why the PIN was refused, in a sentence: r and wait from pin_check, g the
 * guard it updated. The kiosk's PIN screen and --plain say the same.
 */
void	screen_pin_refusal(char *buf, size_t size, int r,
	    const struct pin_guard *g, int wait);

/* A PIN field at y, x of c: a star for each of the n digits typed. */
void	screen_pin_field(struct canvas *c, int y, int x, size_t n);

#endif
