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
#include "content/sodiumload.h"
#include "sync/age-int.h"

#define AGE_ARMOR_MAX_WS	1024	/* white space allowed around armor */

static const char age_b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
age_b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

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

int
age_b64_decode(const char *s, size_t len, int padded, uint8_t *out,
    size_t cap, size_t *outlen)
{
	const char *end = NULL;
	size_t want, n = 0, i;
	int variant;

	*outlen = 0;
	if (padded) {
		if (len % 4 != 0)
			return ERR_PARSE;
		want = len / 4 * 3;
		if (len > 0 && s[len - 1] == '=')
			want -= (len > 1 && s[len - 2] == '=') ? 2 : 1;
		variant = sodium_base64_VARIANT_ORIGINAL;
	} else {
		if (len % 4 == 1)
			return ERR_PARSE;
		want = len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1);
		variant = sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
	}
	if (want > cap)
		return ERR_LIMIT;
	if (len == 0)
		return 0;
	/* libsodium 1.0.18 reads bytes above 0x7f as '/', so check the
	   alphabet first ('=' is only legal as padding; libsodium checks
	   where it stands). */
	for (i = 0; i < len; i++)
		if (!age_b64_char(s[i]) && (!padded || s[i] != '='))
			return ERR_PARSE;
	/* libsodium refuses non-zero trailing bits and bad padding; we also
	   insist that it consumed everything (no '=' without padding). */
	if (sodium_base642bin(out, cap, s, len, NULL, &n, &end, variant) != 0 ||
	    end != s + len || n != want)
		return ERR_PARSE;
	*outlen = n;
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
