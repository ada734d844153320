/*
 * The facilitator's PIN: what stands between a participant and the
 * facilitator menu (quit, export, sessions).
 *
 * The PIN is 4 to 12 digits, stored only as an Argon2id hash
 * (crypto_pwhash_str) in <home>/pin, mode 0600. Wrong attempts earn a
 * growing delay (1, 2, 4 ... 60 seconds) before the next try is accepted;
 * the count lives in the running kiosk, which a participant cannot restart.
 */
#ifndef OUTREACH_PIN_H
#define OUTREACH_PIN_H

#include <time.h>

#define PIN_MIN_DIGITS	4
#define PIN_MAX_DIGITS	12

struct pin_guard {
	int	failures;
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
 * ERR_BUSY when it came before guard->next_try (not checked). *wait gets
 * the seconds to wait before the next attempt.
 */
int	pin_check(const char *home, const char *attempt, struct pin_guard *g,
	    time_t now, int *wait, char **cause);

#endif
