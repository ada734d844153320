/*
 * The facilitator PIN; see pin.h.
 *
 * Argon2id's limits here are small on purpose: a PIN has little entropy, so
 * the hash only keeps it from being read off the disk at a glance; what
 * protects the kiosk is the growing delay between attempts. Small limits
 * keep the kiosk inside its memory budget on old laptops.
 */
#include "sync/pin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"

#define PIN_OPSLIMIT	4
#define PIN_MEMLIMIT	(4u * 1024 * 1024)
#define PIN_MAX_WAIT	300	/* five minutes: the longest wait */
#define PIN_FILE_MAX	(crypto_pwhash_STRBYTES + 64)

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

/* The wait after the failures-th wrong PIN in a row. */
static int
pin_delay(int failures)
{
	if (failures >= 10)
		return PIN_MAX_WAIT;
	if (failures >= PIN_MANY_FAILURES)
		return 60;
	return 1 << (failures - 1);
}

/*
 * Read <home>/pin: the hash into *hashp (Caller frees) and the count and
 * next try of line 2 into g, where they are later than g's.
 */
static int
pin_read(const char *path, char **hashp, struct pin_guard *g, time_t now,
    char **cause)
{
	char *text = NULL, *nl;
	long long next = 0;
	size_t len;
	int failures = 0, r;

	*hashp = NULL;
	if ((r = file_read(path, PIN_FILE_MAX, &text, &len, cause)) != ERR_OK)
		return r;
	if ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		if (sscanf(nl + 1, "%d %lld", &failures, &next) != 2 ||
		    failures < 0 || failures > 1000000 || next < 0)
			failures = 0, next = 0;
	}
	if (failures > g->failures)
		g->failures = failures;
	if ((time_t)next > g->next_try)
		g->next_try = (time_t)next;
	/* The clock was set back: no longer than the longest wait. */
	if (g->next_try > now + PIN_MAX_WAIT)
		g->next_try = now + PIN_MAX_WAIT;
	*hashp = text;
	return ERR_OK;
}

void
pin_guard_load(const char *home, struct pin_guard *g, time_t now)
{
	char *path = file_join(home, "pin"), *hash = NULL;

	if (path != NULL && pin_read(path, &hash, g, now, NULL) == ERR_OK) {
		sodium_memzero(hash, strlen(hash));
		free(hash);
	}
	free(path);
}

/* Write the hash and g back to path (0600, atomically). */
static int
pin_write(const char *path, const char *hash, const struct pin_guard *g,
    char **cause)
{
	char buf[crypto_pwhash_STRBYTES + 64];
	int n;

	if (g->failures == 0)
		n = snprintf(buf, sizeof buf, "%s", hash);
	else
		n = snprintf(buf, sizeof buf, "%s\n%d %lld\n", hash, g->failures,
		    (long long)g->next_try);
	if (n < 0 || (size_t)n >= sizeof buf)
		return err_set(cause, ERR_LIMIT, "the PIN file is too long");
	return file_write_atomic(path, buf, (size_t)n, 0600, cause);
}

int
pin_check(const char *home, const char *attempt, struct pin_guard *g,
    time_t now, int *wait, char **cause)
{
	char *path = NULL, *hash = NULL;
	int r, delay, had;

	*wait = 0;
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium did not start");
	if ((path = file_join(home, "pin")) == NULL)
		return ERR_NOMEM;
	if ((r = pin_read(path, &hash, g, now, cause)) != ERR_OK)
		goto out;
	had = g->failures > 0;
	if (now < g->next_try) {
		*wait = (int)(g->next_try - now);
		r = ERR_BUSY;
		goto out;
	}
	if (pin_valid(attempt) &&
	    crypto_pwhash_str_verify(hash, attempt, strlen(attempt)) == 0) {
		g->failures = 0;
		g->next_try = 0;
		/* A restart must not find the old count. */
		if (had)
			(void)pin_write(path, hash, g, NULL);
		r = ERR_OK;
		goto out;
	}
	g->failures++;
	delay = pin_delay(g->failures);
	g->next_try = now + delay;
	*wait = delay;
	/* Kept even if the disk refuses: the running kiosk still counts. */
	(void)pin_write(path, hash, g, NULL);
	r = ERR_INVALID;
out:
	free(path);
	if (hash != NULL)
		sodium_memzero(hash, strlen(hash));
	free(hash);
	return r;
}
