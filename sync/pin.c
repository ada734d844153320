/*
 * The facilitator PIN; see pin.h.
 *
 * Argon2id's limits here are small on purpose: a PIN has little entropy, so
 * the hash only keeps it from being read off the disk at a glance; what
 * protects the kiosk is the growing delay between attempts. Small limits
 * keep the kiosk inside its memory budget on old laptops.
 */
#include "sync/pin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/err.h"
#include "content/fileio.h"

#define PIN_OPSLIMIT	4
#define PIN_MEMLIMIT	(4u * 1024 * 1024)
#define PIN_MAX_WAIT	60

int
pin_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9' || i >= PIN_MAX_DIGITS)
			return 0;
	return i >= PIN_MIN_DIGITS;
}

int
pin_set(const char *home, const char *pin, char **cause)
{
	char hash[crypto_pwhash_STRBYTES], *path = NULL;
	int r;

	if (!pin_valid(pin))
		return err_set(cause, ERR_INVALID, "a PIN is %d to %d digits",
		    PIN_MIN_DIGITS, PIN_MAX_DIGITS);
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium did not start");
	if ((r = file_mkdirs(home, 0700, cause)) != ERR_OK)
		return r;
	if (crypto_pwhash_str_alg(hash, pin, strlen(pin), PIN_OPSLIMIT,
	    PIN_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(cause, ERR_NOMEM, "not enough memory to hash "
		    "the PIN");
	if ((path = file_join(home, "pin")) == NULL)
		return ERR_NOMEM;
	r = file_write_atomic(path, hash, strlen(hash), 0600, cause);
	sodium_memzero(hash, sizeof hash);
	free(path);
	return r;
}

int
pin_is_set(const char *home)
{
	char *path = file_join(home, "pin");
	struct stat st;
	int set;

	set = path != NULL && stat(path, &st) == 0 && st.st_size > 0;
	free(path);
	return set;
}

int
pin_check(const char *home, const char *attempt, struct pin_guard *g,
    time_t now, int *wait, char **cause)
{
	char *path = NULL, *hash = NULL;
	size_t len;
	int r, delay;

	*wait = 0;
	if (now < g->next_try) {
		*wait = (int)(g->next_try - now);
		return ERR_BUSY;
	}
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium did not start");
	if ((path = file_join(home, "pin")) == NULL)
		return ERR_NOMEM;
	r = file_read(path, crypto_pwhash_STRBYTES, &hash, &len, cause);
	if (r != ERR_OK)
		goto out;
	if (pin_valid(attempt) &&
	    crypto_pwhash_str_verify(hash, attempt, strlen(attempt)) == 0) {
		g->failures = 0;
		g->next_try = 0;
		r = ERR_OK;
		goto out;
	}
	g->failures++;
	delay = g->failures >= 7 ? PIN_MAX_WAIT : 1 << (g->failures - 1);
	g->next_try = now + delay;
	*wait = delay;
	r = ERR_INVALID;
out:
	free(path);
	free(hash);
	return r;
}
