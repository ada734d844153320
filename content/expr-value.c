/*
 * Values of XLSForm expressions and XPath's conversions between them.
 *
 * Numbers are read and written exactly as XPath 1.0 says, whatever the
 * process locale: number() accepts only an optional minus sign, digits and
 * one decimal point, with surrounding blanks (so "1e3", "+1" and "1,5" are
 * NaN); string() writes integers without ".0", other numbers in plain
 * decimal with the fewest digits that read back to the same double (never
 * an exponent), "NaN", "Infinity", "-Infinity", and -0 as "0". Neither
 * direction depends on LC_NUMERIC: the kiosk runs in the person's locale,
 * and a form must not mean something else in French.
 *
 * One extension, as in JavaRosa: an ISO date (or date and time) reads as
 * a number of days since 1970-01-01, so that the common idiom
 * "int((today() - ${birth_date}) div 365.25)" computes an age.
 */
#include "content/expr-int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Powers of ten that a double holds exactly. */
static const double expr_value_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

size_t
expr_utf8_len(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/*
 * The double nearest to digits × 10^exp, for ndig ASCII digits without
 * leading or trailing zeros. Small cases are exact arithmetic (both
 * operands are exact doubles and IEEE division rounds correctly); the rest
 * goes through strtod with an exponent and no decimal point, which reads
 * the same in every locale.
 */
static double
expr_value_make(const char *digits, size_t ndig, long exp)
{
	char small[64], *s = small;
	double m = 0, d;
	size_t i;

	if (ndig == 0)
		return 0;
	if (ndig <= 15 && exp >= -22 && exp <= 22) {
		for (i = 0; i < ndig; i++)
			m = m * 10 + (digits[i] - '0');
		return exp < 0 ? m / expr_value_pow10[-exp] :
		    m * expr_value_pow10[exp];
	}
	if (exp > 100000 || exp < -100000)
		return exp > 0 ? HUGE_VAL : 0;
	if (ndig + 16 > sizeof small && (s = malloc(ndig + 16)) == NULL)
		return NAN;
	memcpy(s, digits, ndig);
	snprintf(s + ndig, 16, "e%ld", exp);
	d = strtod(s, NULL);
	if (s != small)
		free(s);
	return d;
}

int
expr_num_parse_n(const char *s, size_t len, double *out)
{
	char small[64], *dig = small;
	size_t i = 0, n = 0;
	long intlen = 0;
	int neg = 0, seen = 0, point = 0, rc = -1;

	*out = NAN;
	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	if (len - i > sizeof small && (dig = malloc(len - i)) == NULL)
		return -1;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			seen = 1;
			/* Leading zeros carry no information. */
			if (n == 0 && s[i] == '0') {
				if (point)
					intlen--;
				continue;
			}
			dig[n++] = s[i];
			if (!point)
				intlen++;
		} else if (s[i] == '.' && !point)
			point = 1;
		else
			goto out;
	}
	if (!seen)
		goto out;
	while (n > 0 && dig[n - 1] == '0')
		n--;
	*out = expr_value_make(dig, n, intlen - (long)n);
	if (neg)
		*out = -*out;
	rc = 0;
out:
	if (dig != small)
		free(dig);
	return rc;
}

static int
expr_value_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* n digits at s as a number, or -1 if any is not a digit. */
static long
expr_value_digits_n(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static long
expr_value_days(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * An ISO date, "YYYY-MM-DD", optionally with a time "THH:MM[:SS[.fff]]"
 * and a zone "Z" or "+HH:MM", as days since 1970-01-01 (fractional with a
 * time, which counts in UTC); NaN if s is not one.
 */
static double
expr_value_date(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	long y, mo, d, h = 0, mi = 0, zone = 0;
	double sec = 0, f;
	size_t i;

	if (n < 10 || s[4] != '-' || s[7] != '-' ||
	    (y = expr_value_digits_n(s, 4)) < 0 ||
	    (mo = expr_value_digits_n(s + 5, 2)) < 1 || mo > 12 ||
	    (d = expr_value_digits_n(s + 8, 2)) < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0))))
		return NAN;
	i = 10;
	if (i < n && s[i] == 'T') {
		if (n < i + 6 || s[i + 3] != ':' ||
		    (h = expr_value_digits_n(s + i + 1, 2)) < 0 || h > 24 ||
		    (mi = expr_value_digits_n(s + i + 4, 2)) < 0 || mi > 59)
			return NAN;
		i += 6;
		if (i < n && s[i] == ':') {
			if (n < i + 3 ||
			    (sec = (double)expr_value_digits_n(s + i + 1, 2)) <
			    0 || sec > 60)
				return NAN;
			i += 3;
			if (i < n && s[i] == '.') {
				for (i++, f = 0.1; i < n && s[i] >= '0' &&
				    s[i] <= '9'; i++, f /= 10)
					sec += (s[i] - '0') * f;
			}
		}
		if (i < n && s[i] == 'Z')
			i++;
		else if (i < n && (s[i] == '+' || s[i] == '-')) {
			if (n < i + 6 || s[i + 3] != ':' ||
			    expr_value_digits_n(s + i + 1, 2) < 0 ||
			    expr_value_digits_n(s + i + 4, 2) < 0)
				return NAN;
			zone = expr_value_digits_n(s + i + 1, 2) * 60 +
			    expr_value_digits_n(s + i + 4, 2);
			if (s[i] == '-')
				zone = -zone;
			i += 6;
		}
	}
	if (i != n)
		return NAN;
	return (double)expr_value_days(y, mo, d) +
	    ((double)(h * 60 + mi - zone) * 60 + sec) / 86400;
}

double
expr_num_parse(const char *s)
{
	size_t b = 0, e;
	double d;

	if (s == NULL)
		return NAN;
	e = strlen(s);
	while (b < e && expr_value_blank(s[b]))
		b++;
	while (e > b && expr_value_blank(s[e - 1]))
		e--;
	if (expr_num_parse_n(s + b, e - b, &d) != 0)
		return expr_value_date(s + b, e - b);
	return d;
}

/*
 * The shortest decimal digits of a finite, non-zero |d| that read back as
 * d: digits (no leading or trailing zeros, NUL-terminated, at most 17) and
 * the exponent of the first digit, so d = 0.D1D2... × 10^(exp + 1).
 *
 * Fifteen digits come first: a double lies within 2^-53 of any decimal
 * that reads back as it, closer than half a step of fifteen digits, so if
 * a representation of fifteen digits or fewer exists, rounding to fifteen
 * finds it (padded with zeros that are then dropped). Otherwise 16 or 17.
 */
static void
expr_value_digits(double d, char digits[32], int *exp)
{
	char tmp[48];
	const char *e;
	size_t n;
	int prec;

	d = fabs(d);
	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
		/* Keep the digits; whatever separates them is the locale's. */
		for (n = 0, e = tmp; *e != '\0' && *e != 'e'; e++)
			if (*e >= '0' && *e <= '9')
				digits[n++] = *e;
		digits[n] = '\0';
		*exp = *e == 'e' ? atoi(e + 1) : 0;
		while (n > 1 && digits[n - 1] == '0')
			digits[--n] = '\0';
		if (expr_value_make(digits, n, (long)*exp + 1 - (long)n) == d)
			break;
	}
}

void
expr_num_format(double d, char *buf)
{
	char digits[32];
	size_t n, i, o = 0;
	int exp;

	if (isnan(d)) {
		strcpy(buf, "NaN");
		return;
	}
	if (isinf(d)) {
		strcpy(buf, d > 0 ? "Infinity" : "-Infinity");
		return;
	}
	if (d == 0) {
		strcpy(buf, "0");
		return;
	}
	if (fabs(d) < 1e15 && d == trunc(d)) {
		snprintf(buf, EXPR_NUM_BUFSZ, "%.0f", d);
		return;
	}
	expr_value_digits(d, digits, &exp);
	n = strlen(digits);
	if (d < 0)
		buf[o++] = '-';
	if (exp < 0) {
		buf[o++] = '0';
		buf[o++] = '.';
		for (i = 0; i < (size_t)(-exp - 1); i++)
			buf[o++] = '0';
		memcpy(buf + o, digits, n);
		o += n;
	} else if ((size_t)exp + 1 >= n) {
		memcpy(buf + o, digits, n);
		o += n;
		for (i = n; i < (size_t)exp + 1; i++)
			buf[o++] = '0';
	} else {
		memcpy(buf + o, digits, (size_t)exp + 1);
		o += (size_t)exp + 1;
		buf[o++] = '.';
		memcpy(buf + o, digits + exp + 1, n - (size_t)exp - 1);
		o += n - (size_t)exp - 1;
	}
	buf[o] = '\0';
}

/*
 * Rounding works on the decimal digits a person sees, so round(2.675, 2)
 * is 2.68 although the double nearest 2.675 lies just below it. Halves go
 * away from zero, like Java's RoundingMode.HALF_UP that JavaRosa uses.
 */
double
expr_num_round(double d, double places)
{
	char digits[32];
	long keep, i, exp10;
	int exp;
	double r;

	if (isnan(d) || isinf(d) || d == 0 || isnan(places))
		return isnan(places) ? NAN : d;
	if (places > 400)
		places = 400;
	if (places < -400)
		places = -400;
	expr_value_digits(d, digits, &exp);
	keep = (long)exp + 1 + (long)trunc(places);
	if (keep >= (long)strlen(digits))
		return d;
	if (keep < 0)
		return d < 0 ? -0.0 : 0.0;
	exp10 = (long)exp + 1 - keep;
	if (digits[keep] >= '5') {
		for (i = keep - 1; i >= 0 && digits[i] == '9'; i--)
			digits[i] = '0';
		if (i >= 0)
			digits[i]++;
		else {
			/* All nines (or nothing kept): 1 followed by zeros. */
			memmove(digits + 1, digits, (size_t)keep);
			digits[0] = '1';
			keep++;
		}
	}
	while (keep > 0 && digits[keep - 1] == '0') {
		keep--;
		exp10++;
	}
	r = expr_value_make(digits, (size_t)keep, exp10);
	return d < 0 ? -r : r;
}

int
expr_to_bool(const struct expr_value *v)
{
	switch (v->type) {
	case EXPR_BOOL:
		return v->b != 0;
	case EXPR_NUMBER:
		return !(v->num == 0 || isnan(v->num));
	default:
		return v->str != NULL && v->str[0] != '\0';
	}
}

double
expr_to_number(const struct expr_value *v)
{
	switch (v->type) {
	case EXPR_BOOL:
		return v->b ? 1 : 0;
	case EXPR_NUMBER:
		return v->num;
	default:
		return expr_num_parse(v->str != NULL ? v->str : "");
	}
}

char *
expr_to_string(const struct expr_value *v)
{
	char buf[EXPR_NUM_BUFSZ];

	switch (v->type) {
	case EXPR_BOOL:
		return strdup(v->b ? "true" : "false");
	case EXPR_NUMBER:
		expr_num_format(v->num, buf);
		return strdup(buf);
	default:
		return strdup(v->str != NULL ? v->str : "");
	}
}

void
expr_value_clear(struct expr_value *v)
{
	if (v == NULL)
		return;
	free(v->str);
	memset(v, 0, sizeof *v);
	v->type = EXPR_STRING;
}
