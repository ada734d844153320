/*
 * The facilitator's PIN: what stands between a participant and the
 * facilitator menu (quit, export, sessions).
 *
 * The PIN is 4 to 12 digits, stored only as an Argon2id hash
 * (crypto_pwhash_str) in <home>/pin, mode 0600. Wrong attempts earn a
 * growing delay before the next try is accepted: 1, 2, 4, 8, 16 seconds,
 * then a minute from the 6th wrong PIN in a row (PIN_MANY_FAILURES) and
 * five minutes from the 10th. The count and the time of the next try are
 * kept in the same file, so that restarting the kiosk (pulling the plug,
 * a crash) does not start them again:
 *
 *	line 1	the hash ($argon2id$...)
 *	line 2	"<failures in a row> <next try, Unix seconds>" (absent: 0 0)
 *
 * A next try further away than the longest wait (the clock was set back)
 * counts as the longest wait from now.
 */
#ifndef OUTREACH_PIN_H
#define OUTREACH_PIN_H

#include <time.h>

#define PIN_MIN_DIGITS	4
#define PIN_MAX_DIGITS	12
/* From this many wrong PINs in a row, each try waits a minute or more. */
#define PIN_MANY_FAILURES 6

struct pin_guard {
	int	failures;	/* wrong PINs in a row */
	time_t	next_try;	/* no attempt is checked before this */
};

/* 1 when s is an acceptable PIN. */
int	pin_valid(const char *s);
/* Store the hash of pin in <home>/pin (atomically, 0600). */
int	pin_set(const char *home, const char *pin, char **cause);
/* 1 when a PIN has been set. */
int	pin_is_set(const char *home);
/*
 * Check an attempt: ERR_OK when right; ERR_INVALID when wrong;
 * ERR_BUSY when it came before the next try is due (not checked). *wait
 * gets the seconds to wait before the next attempt. g is the running
 * kiosk's count, brought up to what the file says (the later of both) and
 * written back to it with every wrong PIN, and cleared by the right one.
 */
/* Bring g up to the count and next try kept in <home>/pin. */
void	pin_guard_load(const char *home, struct pin_guard *g, time_t now);
int	pin_check(const char *home, const char *attempt, struct pin_guard *g,
	    time_t now, int *wait, char **cause);

#endif
