/*
 * Strict base64 and age's ASCII armor (PEM with the label "AGE ENCRYPTED
 * FILE"), as the spec and the community vectors define them.
 *
 * Reading accepts exactly: white-space-only lines before BEGIN and white
 * space after END (at most 1 KiB each, as age), LF or CRLF line ends, no
 * newline after END. Between the markers every line is padded, canonical
 * base64 of 1 to 64 columns; only the last may be shorter than 64, and an
 * empty line, a PEM header, white space in a line or anything after END
 * other than white space is an error. Writing produces what age writes:
 * 64-column lines, LF, padding.
 */
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "sync/age-int.h"

#define AGE_ARMOR_MAX_WS	1024	/* white space allowed around armor */

static const char age_b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
age_b64_len(size_t len, int padded)
{
	if (padded)
		return (len + 2) / 3 * 4;
	return len / 3 * 4 + (len % 3 == 0 ? 0 : len % 3 + 1);
}

size_t
age_b64_encode(const uint8_t *in, size_t len, int padded, char *out)
{
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i + 3 <= len; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = age_b64_chars[(v >> 18) & 63];
		out[o++] = age_b64_chars[(v >> 12) & 63];
		out[o++] = age_b64_chars[(v >> 6) & 63];
		out[o++] = age_b64_chars[v & 63];
	}
	if (len - i == 1) {
		v = (uint32_t)in[i] << 16;
		out[o++] = age_b64_chars[(v >> 18) & 63];
		out[o++] = age_b64_chars[(v >> 12) & 63];
		if (padded) {
			out[o++] = '=';
			out[o++] = '=';
		}
	} else if (len - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = age_b64_chars[(v >> 18) & 63];
		out[o++] = age_b64_chars[(v >> 12) & 63];
		out[o++] = age_b64_chars[(v >> 6) & 63];
		if (padded)
			out[o++] = '=';
	}
	return o;
}

/*
 * Each character's six bits, or 0xff for one outside the alphabet ('='
 * included: padding is taken off before the table is read).
 */
static const uint8_t age_b64_values[256] = {
#define AGE_B64_X 0xff
#define AGE_B64_ROW16 AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, \
	AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, \
	AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X
	AGE_B64_ROW16, AGE_B64_ROW16,
	/* ' ' to '/' */
	AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X,
	AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X, 62, AGE_B64_X,
	AGE_B64_X, AGE_B64_X, 63,
	/* '0' to '?' */
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, AGE_B64_X, AGE_B64_X,
	AGE_B64_X, AGE_B64_X, AGE_B64_X, AGE_B64_X,
	/* '@' to 'O', 'P' to '_' */
	AGE_B64_X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, AGE_B64_X, AGE_B64_X,
	AGE_B64_X, AGE_B64_X, AGE_B64_X,
	/* '`' to 'o', 'p' to DEL */
	AGE_B64_X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, AGE_B64_X, AGE_B64_X,
	AGE_B64_X, AGE_B64_X, AGE_B64_X,
	AGE_B64_ROW16, AGE_B64_ROW16, AGE_B64_ROW16, AGE_B64_ROW16,
	AGE_B64_ROW16, AGE_B64_ROW16, AGE_B64_ROW16, AGE_B64_ROW16
#undef AGE_B64_ROW16
#undef AGE_B64_X
};

/*
 * A table, not libsodium's constant-time sodium_base642bin: what is
 * decoded here (stanza arguments and bodies, header MACs, armored
 * ciphertext) is public, and the hub decodes three of them per
 * submission. What is accepted is what sodium_base642bin accepts with
 * the same variant and nothing left over (tests/unit/test-age-b64.c
 * compares the two): padding only as the last one or two characters and
 * exactly as much as the length needs, no padding at all when unpadded,
 * and the bits below the last byte zero (canonical).
 */
int
age_b64_decode(const char *s, size_t len, int padded, uint8_t *out,
    size_t cap, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t want, n, i, o = 0;
	uint32_t v, bad;

	*outlen = 0;
	if (padded) {
		if (len % 4 != 0)
			return ERR_PARSE;
		want = len / 4 * 3;
		n = len;
		if (len > 0 && s[len - 1] == '=') {
			n--;
			if (len > 1 && s[len - 2] == '=')
				n--;
		}
		want -= len - n;
	} else {
		if (len % 4 == 1)
			return ERR_PARSE;
		want = len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1);
		n = len;
	}
	if (want > cap)
		return ERR_LIMIT;
	/* What is left after the padding: 1 character is not a byte. */
	if (n % 4 == 1)
		return ERR_PARSE;
	for (i = 0; i + 4 <= n; i += 4) {
		bad = (uint32_t)(age_b64_values[u[i]] |
		    age_b64_values[u[i + 1]] | age_b64_values[u[i + 2]] |
		    age_b64_values[u[i + 3]]);
		if (bad & 0xc0)
			return ERR_PARSE;
		v = (uint32_t)age_b64_values[u[i]] << 18 |
		    (uint32_t)age_b64_values[u[i + 1]] << 12 |
		    (uint32_t)age_b64_values[u[i + 2]] << 6 |
		    age_b64_values[u[i + 3]];
		out[o++] = (uint8_t)(v >> 16);
		out[o++] = (uint8_t)(v >> 8);
		out[o++] = (uint8_t)v;
	}
	if (n - i >= 2) {
		v = 0;
		bad = 0;
		for (; i < n; i++) {
			bad |= age_b64_values[u[i]];
			v = v << 6 | age_b64_values[u[i]];
		}
		if (bad & 0xc0)
			return ERR_PARSE;
		/* 2 characters: 12 bits, one byte and 4 zero bits; 3: 18, two
		   bytes and 2 zero bits. */
		if (n % 4 == 2) {
			if ((v & 0x0f) != 0)
				return ERR_PARSE;
			out[o++] = (uint8_t)(v >> 4);
		} else {
			if ((v & 0x03) != 0)
				return ERR_PARSE;
			out[o++] = (uint8_t)(v >> 10);
			out[o++] = (uint8_t)(v >> 2);
		}
	}
	if (o != want)
		return ERR_PARSE;
	*outlen = o;
	return 0;
}

static int
age_armor_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

int
age_armor_detect(const uint8_t *in, size_t len)
{
	static const char begin[] = "-----BEGIN";
	size_t i = 0;

	while (i < len && age_armor_space(in[i]))
		i++;
	return len - i >= sizeof begin - 1 &&
	    memcmp(in + i, begin, sizeof begin - 1) == 0;
}

/* The line at *pos without its LF and one CR; advances *pos past the LF. */
static int
age_armor_line(const uint8_t *in, size_t len, size_t *pos,
    const uint8_t **linep, size_t *linelenp)
{
	const uint8_t *nl;
	size_t l;

	if (*pos >= len)
		return 0;
	nl = memchr(in + *pos, '\n', len - *pos);
	l = (nl != NULL ? (size_t)(nl - in) : len) - *pos;
	*linep = in + *pos;
	*pos += l + (nl != NULL);
	if (l > 0 && (*linep)[l - 1] == '\r')
		l--;
	*linelenp = l;
	return 1;
}

static int
age_armor_is(const uint8_t *line, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(line, want, len) == 0;
}

int
age_armor_decode(const uint8_t *in, size_t len, uint8_t **outp,
    size_t *outlenp, char **cause)
{
	const uint8_t *line = NULL;
	size_t pos = 0, linelen = 0, n, o = 0, i;
	uint8_t *out = NULL;
	int rc = ERR_PARSE, shortline = 0;

	*outp = NULL;
	*outlenp = 0;
	for (;;) {
		if (!age_armor_line(in, len, &pos, &line, &linelen)) {
			rc = err_set(cause, ERR_PARSE, "armor: no BEGIN line");
			goto out;
		}
		for (i = 0; i < linelen && age_armor_space(line[i]); i++)
			;
		if (i < linelen)
			break;
		if (pos > AGE_ARMOR_MAX_WS) {
			rc = err_set(cause, ERR_PARSE,
			    "armor: too much white space before BEGIN");
			goto out;
		}
	}
	if (!age_armor_is(line, linelen, AGE_ARMOR_BEGIN)) {
		rc = err_set(cause, ERR_PARSE, "armor: the first line is not "
		    "\"%s\"", AGE_ARMOR_BEGIN);
		goto out;
	}
	if ((out = malloc((len - pos) / 4 * 3 + 3)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "armor: out of memory");
		goto out;
	}
	for (;;) {
		if (!age_armor_line(in, len, &pos, &line, &linelen)) {
			rc = err_set(cause, ERR_PARSE, "armor: no END line");
			goto out;
		}
		if (age_armor_is(line, linelen, AGE_ARMOR_END))
			break;
		if (shortline) {
			rc = err_set(cause, ERR_PARSE,
			    "armor: a short line before the last");
			goto out;
		}
		if (linelen == 0 || linelen > AGE_COLUMNS) {
			rc = err_set(cause, ERR_PARSE, linelen == 0 ?
			    "armor: empty line" :
			    "armor: line longer than %d columns", AGE_COLUMNS);
			goto out;
		}
		if (age_b64_decode((const char *)line, linelen, 1, out + o,
		    AGE_BYTES_PER_LINE, &n) != 0) {
			rc = err_set(cause, ERR_PARSE,
			    "armor: invalid or non-canonical base64");
			goto out;
		}
		o += n;
		shortline = n < AGE_BYTES_PER_LINE;
	}
	for (i = pos; i < len; i++)
		if (!age_armor_space(in[i])) {
			rc = err_set(cause, ERR_PARSE, "armor: data after END");
			goto out;
		}
	if (len - pos > AGE_ARMOR_MAX_WS) {
		rc = err_set(cause, ERR_PARSE,
		    "armor: too much white space after END");
		goto out;
	}
	*outp = out;
	*outlenp = o;
	out = NULL;
	rc = 0;
out:
	free(out);
	return rc;
}

int
age_armor_encode(const uint8_t *in, size_t len, uint8_t **outp,
    size_t *outlenp)
{
	size_t b64 = age_b64_len(len, 1), lines, total, o, i, n;
	uint8_t *out;

	*outp = NULL;
	*outlenp = 0;
	lines = (b64 + AGE_COLUMNS - 1) / AGE_COLUMNS;
	total = sizeof AGE_ARMOR_BEGIN + b64 + lines + sizeof AGE_ARMOR_END;
	if ((out = malloc(total)) == NULL)
		return ERR_NOMEM;
	memcpy(out, AGE_ARMOR_BEGIN "\n", sizeof AGE_ARMOR_BEGIN);
	o = sizeof AGE_ARMOR_BEGIN;
	for (i = 0; i < len; i += n) {
		n = len - i < AGE_BYTES_PER_LINE ? len - i : AGE_BYTES_PER_LINE;
		o += age_b64_encode(in + i, n, 1, (char *)out + o);
		out[o++] = '\n';
	}
	memcpy(out + o, AGE_ARMOR_END "\n", sizeof AGE_ARMOR_END);
	o += sizeof AGE_ARMOR_END;
	*outp = out;
	*outlenp = o;
	return 0;
}
