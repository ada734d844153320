/*
 * The age header parser; the format is drawn in age-int.h.
 *
 * It reads the header exactly as the spec writes it and refuses anything
 * else, so that the bytes the MAC covers are the canonical encoding and no
 * two files decrypt to the same thing with different headers. Stanzas of
 * known types (X25519, scrypt) are fully validated here, before any key is
 * tried, so a malformed one is a header failure whatever the identities;
 * unknown types only have to be well-formed. Everything is bounded: at most
 * AGE_HEADER_MAX bytes and AGE_MAX_STANZAS stanzas.
 */
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/age-int.h"
#include "sync/age.h"

/* Find the LF ending the line at pos, within the header limit. */
static int
age_header_line(const uint8_t *in, size_t len, size_t pos, size_t *eolp)
{
	size_t lim = len < AGE_HEADER_MAX ? len : AGE_HEADER_MAX;
	const uint8_t *nl;

	if (pos >= lim)
		return 0;
	if ((nl = memchr(in + pos, '\n', lim - pos)) == NULL)
		return 0;
	*eolp = (size_t)(nl - in);
	return 1;
}

static int
age_header_eof(size_t len, char **cause)
{
	if (len >= AGE_HEADER_MAX)
		return err_set(cause, ERR_PARSE, "header: longer than %d bytes",
		    AGE_HEADER_MAX);
	return err_set(cause, ERR_PARSE, "header: ends without a MAC line");
}

/* Split "TYPE ARG..." on single spaces; every argument is 1+ VCHAR. */
static int
age_header_args(const uint8_t *s, size_t len, struct age_stanza *st)
{
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ' ') {
			if (s[i] < 33 || s[i] > 126)
				return ERR_PARSE;
			continue;
		}
		if (i == start)
			return ERR_PARSE;	/* empty argument */
		if (st->nargs < AGE_STANZA_ARGS) {
			st->arg[st->nargs] = (const char *)s + start;
			st->arglen[st->nargs] = i - start;
		}
		st->nargs++;
		start = i + 1;
	}
	return 0;
}

static int
age_header_is(const struct age_stanza *st, size_t i, const char *want)
{
	return i < st->nargs && i < AGE_STANZA_ARGS &&
	    st->arglen[i] == strlen(want) &&
	    memcmp(st->arg[i], want, st->arglen[i]) == 0;
}

/* Decode argument i to exactly len bytes. */
static int
age_header_arg_bytes(const struct age_stanza *st, size_t i, uint8_t *out,
    size_t len)
{
	size_t n;

	if (age_b64_decode(st->arg[i], st->arglen[i], 0, out, len, &n) != 0 ||
	    n != len)
		return ERR_PARSE;
	return 0;
}

/* Validate a stanza of a known type; set its kind. */
static int
age_header_check(struct age_stanza *st, char **cause)
{
	size_t i;
	int v = 0;

	if (age_header_is(st, 0, "X25519")) {
		st->kind = AGE_STANZA_X25519;
		if (st->nargs != 2)
			return err_set(cause, ERR_PARSE, "header: an X25519 "
			    "stanza with %zu arguments", st->nargs - 1);
		if (age_header_arg_bytes(st, 1, st->share, 32) != 0)
			return err_set(cause, ERR_PARSE, "header: an X25519 "
			    "share that is not 32 bytes of canonical base64");
		if (st->bodylen != 32)
			return err_set(cause, ERR_PARSE, "header: an X25519 "
			    "body of %zu bytes, not 32", st->bodylen);
	} else if (age_header_is(st, 0, "scrypt")) {
		st->kind = AGE_STANZA_SCRYPT;
		if (st->nargs != 3)
			return err_set(cause, ERR_PARSE, "header: an scrypt "
			    "stanza with %zu arguments", st->nargs - 1);
		if (age_header_arg_bytes(st, 1, st->salt, 16) != 0)
			return err_set(cause, ERR_PARSE, "header: an scrypt "
			    "salt that is not 16 bytes of canonical base64");
		/* Canonical decimal, 1..AGE_SCRYPT_MAX_LOGN. */
		if (st->arg[2][0] < '1' || st->arg[2][0] > '9')
			return err_set(cause, ERR_PARSE, "header: an scrypt "
			    "work factor that is not canonical decimal");
		for (i = 0; i < st->arglen[2]; i++) {
			if (st->arg[2][i] < '0' || st->arg[2][i] > '9')
				return err_set(cause, ERR_PARSE, "header: an "
				    "scrypt work factor that is not decimal");
			if (v <= AGE_SCRYPT_MAX_LOGN)
				v = v * 10 + (st->arg[2][i] - '0');
		}
		if (v > AGE_SCRYPT_MAX_LOGN)
			return err_set(cause, ERR_PARSE, "header: an scrypt "
			    "work factor above %d", AGE_SCRYPT_MAX_LOGN);
		st->logn = v;
		if (st->bodylen != 32)
			return err_set(cause, ERR_PARSE, "header: an scrypt "
			    "body of %zu bytes, not 32", st->bodylen);
	}
	return 0;
}

/* Read body lines: 64 columns each but the last, which is shorter. */
static int
age_header_body(const uint8_t *in, size_t len, size_t *posp,
    struct age_stanza *st, char **cause)
{
	uint8_t line[AGE_BYTES_PER_LINE];
	size_t pos = *posp, eol, l, n, keep;

	for (;;) {
		if (!age_header_line(in, len, pos, &eol))
			return age_header_eof(len, cause);
		l = eol - pos;
		if (l > AGE_COLUMNS)
			return err_set(cause, ERR_PARSE, "header: a stanza "
			    "body line longer than %d columns", AGE_COLUMNS);
		if (age_b64_decode((const char *)in + pos, l, 0, line,
		    sizeof line, &n) != 0)
			return err_set(cause, ERR_PARSE, "header: invalid or "
			    "non-canonical base64 in a stanza body");
		/* Known kinds need 32 bytes; keep no more. */
		if (st->bodylen < sizeof st->body) {
			keep = sizeof st->body - st->bodylen;
			memcpy(st->body + st->bodylen, line, n < keep ? n : keep);
		}
		st->bodylen += n;
		pos = eol + 1;
		if (l < AGE_COLUMNS)
			break;
	}
	*posp = pos;
	return 0;
}

int
age_header_parse(const uint8_t *in, size_t len, struct age_header *h,
    char **cause)
{
	static const size_t introlen = sizeof AGE_INTRO - 1;
	struct age_stanza *st, *grown;
	size_t pos, eol, n, cap = 0, nscrypt = 0;
	int rc = ERR_PARSE;

	memset(h, 0, sizeof *h);
	if (len < introlen || memcmp(in, AGE_INTRO, introlen) != 0) {
		if (len >= sizeof AGE_INTRO_PREFIX - 1 && memcmp(in,
		    AGE_INTRO_PREFIX, sizeof AGE_INTRO_PREFIX - 1) == 0)
			rc = err_set(cause, ERR_PARSE,
			    "header: unsupported version line");
		else
			rc = err_set(cause, ERR_PARSE,
			    "header: not an age file");
		goto out;
	}
	pos = introlen;
	for (;;) {
		if (!age_header_line(in, len, pos, &eol)) {
			rc = age_header_eof(len, cause);
			goto out;
		}
		if (eol - pos >= 3 && memcmp(in + pos, "---", 3) == 0) {
			if (eol - pos != 4 + 43 || in[pos + 3] != ' ' ||
			    age_b64_decode((const char *)in + pos + 4, 43, 0,
			    h->mac, sizeof h->mac, &n) != 0 || n != 32) {
				rc = err_set(cause, ERR_PARSE,
				    "header: malformed MAC line");
				goto out;
			}
			h->maclen = pos + 3;
			h->len = eol + 1;
			break;
		}
		if (eol - pos < 3 || memcmp(in + pos, "-> ", 3) != 0) {
			rc = err_set(cause, ERR_PARSE, "header: a line that is "
			    "neither a stanza nor the MAC");
			goto out;
		}
		if (h->n == AGE_MAX_STANZAS) {
			rc = err_set(cause, ERR_PARSE,
			    "header: more than %d stanzas", AGE_MAX_STANZAS);
			goto out;
		}
		if (h->n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			if ((grown = realloc(h->st, cap * sizeof *grown)) ==
			    NULL) {
				rc = err_set(cause, ERR_NOMEM,
				    "header: out of memory");
				goto out;
			}
			h->st = grown;
		}
		st = &h->st[h->n++];
		memset(st, 0, sizeof *st);
		if (age_header_args(in + pos + 3, eol - pos - 3, st) != 0) {
			rc = err_set(cause, ERR_PARSE,
			    "header: malformed stanza line");
			goto out;
		}
		pos = eol + 1;
		if ((rc = age_header_body(in, len, &pos, st, cause)) != 0 ||
		    (rc = age_header_check(st, cause)) != 0)
			goto out;
		nscrypt += st->kind == AGE_STANZA_SCRYPT;
	}
	if (nscrypt > 0 && h->n > 1) {
		rc = err_set(cause, ERR_PARSE,
		    "header: an scrypt stanza must be the only one");
		goto out;
	}
	if (len - h->len < AGE_NONCE) {
		rc = err_set(cause, ERR_PARSE,
		    "header: the payload is too short for its nonce");
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		age_header_clear(h);
	return rc;
}

void
age_header_clear(struct age_header *h)
{
	free(h->st);
	memset(h, 0, sizeof *h);
}
