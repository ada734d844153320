/*
 * Numbers of XLSForm expressions, as JavaRosa reads and writes them
 * (org.javarosa.xpath.expr.XPathFuncExpr: toNumeric, toString, round;
 * org.javarosa.core.model.data.IAnswerData.wrapData for what is stored).
 *
 * Reading a string (toNumeric): ',' counts as '.', the ends are trimmed of
 * everything up to the space (Java's trim), and what is left must be an
 * optional '-', digits and at most one point, with a digit somewhere:
 * "1,5" is 1.5, "1e3", "+1" and "1.2.3" are NaN. Writing (toString):
 * "NaN", "Infinity", "-Infinity", "0" within 1e-12 of zero, an integer
 * without a point when within 1e-12 of one that Java's int holds, else
 * Java's Double.toString: plain from 0.001 up to 10^7 ("0.5",
 * "12345.678"), else computerized scientific ("1.0E-4", "1.23456789E7").
 * The digits are the fewest that read back to the same double, as Java
 * writes them since JDK 19 (older Javas sometimes wrote one more).
 *
 * None of this depends on LC_NUMERIC: the kiosk runs in the person's
 * locale, and a form must not mean something else in French.
 */
#include "content/expr-int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/mathload.h"

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

size_t
expr_utf16_len(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		/* A character beyond U+FFFF is two UTF-16 units in Java. */
		count += (unsigned char)s[i] >= 0xf0 ? 2 : 1;
	}
	return count;
}

size_t
expr_utf16_offset(const char *s, size_t n, size_t k)
{
	size_t i = 0, units = 0, w;

	while (i < n && units < k) {
		w = (unsigned char)s[i] >= 0xf0 ? 2 : 1;
		if (units + w > k)
			break;	/* never split a character in two */
		units += w;
		for (i++; i < n && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
			;
	}
	return i;
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


/* Java's trim(): everything up to the space is blank. */
static int
expr_value_blank(char c)
{
	return (unsigned char)c <= ' ';
}

double
expr_num_parse(const char *s)
{
	char small[64], *t = small;
	size_t b = 0, e, i;
	double d;

	if (s == NULL)
		return NAN;
	e = strlen(s);
	while (b < e && expr_value_blank(s[b]))
		b++;
	while (e > b && expr_value_blank(s[e - 1]))
		e--;
	if (e - b >= sizeof small && (t = malloc(e - b + 1)) == NULL)
		return NAN;
	/* Some locales write ',' for the point: JavaRosa reads it as one. */
	for (i = b; i < e; i++)
		t[i - b] = s[i] == ',' ? '.' : s[i];
	if (expr_num_parse_n(t, e - b, &d) != 0)
		d = NAN;
	if (t != small)
		free(t);
	return d;
}

/*
 * A stored number (what expr_value_store wrote, or a typed answer):
 * Double.parseDouble's plain and exponent forms, "Infinity" and "NaN";
 * anything else as toNumeric reads it.
 */
double
expr_num_typed(const char *s)
{
	char buf[96], *end;
	const char *p = s;
	size_t o = 0;
	long x, frac = 0;
	int point = 0, digits = 0;

	if (strcmp(s, "Infinity") == 0 || strcmp(s, "-Infinity") == 0)
		return s[0] == '-' ? -INFINITY : INFINITY;
	if (strpbrk(s, "eE") == NULL)
		return expr_num_parse(s);
	/* Digits without the point, and the exponent moved to match. */
	if (*p == '-')
		buf[o++] = *p++;
	for (; (*p >= '0' && *p <= '9') || (*p == '.' && !point); p++) {
		if (*p == '.') {
			point = 1;
			continue;
		}
		if (o >= 40)
			return NAN;
		buf[o++] = *p;
		digits++;
		frac += point;
	}
	if (digits == 0 || (*p != 'e' && *p != 'E'))
		return NAN;
	errno = 0;
	x = strtol(p + 1, &end, 10);
	if (end == p + 1 || *end != '\0' || errno != 0 || x > 1000 ||
	    x < -1000)
		return NAN;
	snprintf(buf + o, sizeof buf - o, "e%ld", x - frac);
	return strtod(buf, NULL);
}

int32_t
expr_java_int(double d)
{
	if (isnan(d))
		return 0;
	if (d >= 2147483647.0)
		return INT32_MAX;
	if (d <= -2147483648.0)
		return INT32_MIN;
	return (int32_t)d;
}

int64_t
expr_java_long(double d)
{
	if (isnan(d))
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
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

/* XPath 1.0's string(): plain decimal, never an exponent. */
void
expr_decimal(double d, char buf[EXPR_DECIMAL_BUFSZ])
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
		snprintf(buf, EXPR_DECIMAL_BUFSZ, "%.0f", d);
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


void
expr_num_java(double d, char *buf)
{
	char digits[32];
	size_t n, o = 0, i;
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
		strcpy(buf, signbit(d) ? "-0.0" : "0.0");
		return;
	}
	expr_value_digits(d, digits, &exp);
	n = strlen(digits);
	if (d < 0)
		buf[o++] = '-';
	if (fabs(d) >= 1e-3 && fabs(d) < 1e7) {
		if (exp < 0) {
			buf[o++] = '0';
			buf[o++] = '.';
			for (i = 0; i < (size_t)(-exp - 1); i++)
				buf[o++] = '0';
			memcpy(buf + o, digits, n);
			o += n;
		} else {
			for (i = 0; i <= (size_t)exp; i++)
				buf[o++] = i < n ? digits[i] : '0';
			buf[o++] = '.';
			if (n > (size_t)exp + 1) {
				memcpy(buf + o, digits + exp + 1,
				    n - (size_t)exp - 1);
				o += n - (size_t)exp - 1;
			} else
				buf[o++] = '0';
		}
		buf[o] = '\0';
		return;
	}
	buf[o++] = digits[0];
	buf[o++] = '.';
	if (n > 1) {
		memcpy(buf + o, digits + 1, n - 1);
		o += n - 1;
	} else
		buf[o++] = '0';
	snprintf(buf + o, EXPR_NUM_BUFSZ - o, "E%d", exp);
}

void
expr_num_format(double d, char *buf)
{
	int32_t i;

	if (isnan(d))
		strcpy(buf, "NaN");
	else if (fabs(d) < 1e-12)
		strcpy(buf, "0");
	else if (isinf(d))
		strcpy(buf, d > 0 ? "Infinity" : "-Infinity");
	else if (fabs(d - (i = expr_java_int(d))) < 1e-12)
		snprintf(buf, EXPR_NUM_BUFSZ, "%d", (int)i);
	else
		expr_num_java(d, buf);
}

/*
 * A computed number as IAnswerData.wrapData stores it: nothing for NaN, an
 * IntegerData or LongData when within 1e-9 of a whole number (Java's
 * (long) truncates), else a DecimalData written by Double.toString.
 */
static void
expr_value_store_num(double d, char *buf)
{
	int64_t l = expr_java_long(d);

	if (isnan(d))
		buf[0] = '\0';
	else if (fabs(d - (double)l) < 1e-9 && l >= INT32_MIN &&
	    l <= INT32_MAX)
		snprintf(buf, EXPR_NUM_BUFSZ, "%d", (int)expr_java_int(d));
	else if (fabs(d - (double)l) < 1e-9)
		snprintf(buf, EXPR_NUM_BUFSZ, "%lld", (long long)l);
	else
		expr_num_java(d, buf);
}

char *
expr_value_store(const struct expr_value *v, enum expr_store as,
    enum expr_type *type)
{
	char buf[EXPR_NUM_BUFSZ];
	enum expr_type t = v->type;
	double ms;

	buf[0] = '\0';
	switch (v->type) {
	case EXPR_STRING:
		if (v->str == NULL || v->str[0] == '\0')
			break;
		if (as == EXPR_STORE_DATE) {
			/* DateData of the text: only a valid date is kept. */
			if (expr_date_parse(v->str, &ms) != 0)
				break;
			expr_date_text(ms, buf, sizeof buf);
			t = EXPR_DATE;
			break;
		}
		if (as == EXPR_STORE_INTEGER || as == EXPR_STORE_DECIMAL)
			t = EXPR_NUMBER;
		if (type != NULL)
			*type = t;
		return strdup(v->str);
	case EXPR_NUMBER:
		if (as == EXPR_STORE_INTEGER && !isnan(v->num))
			snprintf(buf, sizeof buf, "%d",
			    (int)expr_java_int(v->num));
		else if (as == EXPR_STORE_DATE) {
			if (!isnan(v->num) && !isinf(v->num))
				expr_date_text(expr_date_from_days(v->num),
				    buf, sizeof buf);
			t = EXPR_DATE;
		} else
			expr_value_store_num(v->num, buf);
		break;
	case EXPR_BOOL:
		/* XFormAnswerDataSerializer writes a BooleanData as 1 or 0. */
		strcpy(buf, v->b ? "1" : "0");
		break;
	case EXPR_DATE:
		if (as == EXPR_STORE_DATE)
			expr_date_text(v->num, buf, sizeof buf);
		else
			expr_date_iso(v->num, buf, sizeof buf);
		break;
	}
	if (type != NULL)
		*type = buf[0] != '\0' ? t : EXPR_STRING;
	return strdup(buf);
}

/* The double of the decimal digits[0..n) x 10^exp10, and its sign. */
static double
expr_value_signed(const char *digits, size_t n, long exp10, int neg)
{
	double r = expr_value_make(digits, n, exp10);

	return neg ? -r : r;
}

/*
 * JavaRosa's round(): with places >= 0, BigDecimal(Double.toString(x))
 * .setScale(places, x < 0 ? HALF_DOWN : HALF_UP), so halves go up for
 * positives and towards zero for negatives; with places < 0,
 * (long)(x / 10^-places + 0.5) * 10^-places, which truncates towards
 * zero (round(-16, -1) is -10 in Collect). Beyond 30 places either way:
 * NaN.
 */
double
expr_num_round(double d, int places)
{
	char digits[40], lbuf[32];
	long keep, i, exp10;
	int exp, up, neg = d < 0;
	double scaled;
	int64_t l;

	if (isnan(d) || isinf(d))
		return d;
	if (places > 30 || places < -30)
		return NAN;
	if (d == 0)
		return d;
	expr_value_digits(d, digits, &exp);
	if (places < 0) {
		scaled = expr_value_signed(digits, strlen(digits),
		    (long)exp + 1 - (long)strlen(digits) + places, neg);
		l = expr_java_long(scaled + 0.5);
		if (l == 0)
			return 0;
		snprintf(lbuf, sizeof lbuf, "%llu", l < 0 ?
		    0ULL - (unsigned long long)l : (unsigned long long)l);
		return expr_value_signed(lbuf, strlen(lbuf), -places, l < 0);
	}
	keep = (long)exp + 1 + places;
	if (keep >= (long)strlen(digits))
		return d;
	if (keep < 0)
		return neg ? -0.0 : 0.0;
	exp10 = (long)exp + 1 - keep;
	/* A tie: exactly 5 and nothing after it. */
	if (digits[keep] > '5' || (digits[keep] == '5' &&
	    digits[keep + 1] != '\0'))
		up = 1;
	else if (digits[keep] == '5')
		up = !neg;
	else
		up = 0;
	if (up) {
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
	return expr_value_signed(digits, (size_t)keep, exp10, neg);
}
