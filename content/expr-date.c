/*
 * Dates in expressions, as JavaRosa's DateUtils handles them.
 *
 * A date is an instant (milliseconds since 1970-01-01T00:00Z); everything
 * shown of it is in the local time zone, as on the phone. Parsing
 * (parseDateTime) takes "YYYY-MM-DD", where each part is any whole number
 * Java's Integer.parseInt reads ("2024-6-1" is 1 June), optionally with
 * "THH:MM[:SS[.fff]]" and a zone "Z", "+HH[:MM]" or "-HH[:MM]"; a date
 * alone is local midnight, a time without a zone local time. As a number
 * a date counts whole local days since 1970-01-01 (DateUtils.dateDiff);
 * as a string it is the local date, "2024-06-15".
 *
 * Nothing here depends on the locale: month and day names in
 * format-date() are English, and %W is the ISO 8601 week.
 */
#include "content/expr-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/err.h"
#include "content/mathload.h"

static const char *const expr_date_months[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const expr_date_days_short[] = { "Sun", "Mon", "Tue",
    "Wed", "Thu", "Fri", "Sat" };

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static long long
expr_date_civil(long long y, long long m, long long d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date of a day count from 1970-01-01. */
static void
expr_date_of_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
expr_date_leap(long long y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
expr_date_mdays(int m, long long y)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return mdays[m - 1] + (m == 2 && expr_date_leap(y));
}

/* The local fields of an instant; -1 when the clock cannot say. */
static int
expr_date_fields(double ms, struct tm *tm, int *millis)
{
	double secs = floor(ms / 1000);
	time_t t;

	if (!(fabs(secs) < 1e15))
		return -1;
	t = (time_t)secs;
	if (localtime_r(&t, tm) == NULL)
		return -1;
	if (millis != NULL)
		*millis = (int)(ms - secs * 1000);
	return 0;
}

/* The instant of local fields (mktime decides daylight saving). */
static double
expr_date_local(long long y, int mo, int d, int h, int mi, int s, int millis)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return (double)t * 1000 + millis;
}

/* Java's Integer.parseInt of exactly n bytes; -1 when it would throw. */
static int
expr_date_int(const char *s, size_t n, long long *out)
{
	long long v = 0;
	size_t i = 0;
	int neg = 0;

	if (n > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > 2147483648LL)
			return -1;
	}
	if (neg)
		v = -v;
	if (v > 2147483647LL)
		return -1;
	*out = v;
	return 0;
}

/* "Y-M-D": exactly three parts, a day that exists. */
static int
expr_date_parse_date(const char *s, size_t n, long long f[3])
{
	const char *p = s, *end = s + n, *dash;
	int k;

	for (k = 0; k < 3; k++) {
		dash = k < 2 ? memchr(p, '-', (size_t)(end - p)) : NULL;
		if (k < 2 && dash == NULL)
			return -1;
		if (k == 2) {
			if (memchr(p, '-', (size_t)(end - p)) != NULL)
				return -1;
			dash = end;
		}
		if (expr_date_int(p, (size_t)(dash - p), &f[k]) != 0)
			return -1;
		p = dash + 1;
	}
	if (f[1] < 1 || f[1] > 12 || f[2] < 1 ||
	    f[2] > expr_date_mdays((int)f[1], f[0]))
		return -1;
	return 0;
}

/* "H:M[:S[.fff]]" (parseRawTime): t[0..3] hour, minute, second, ms. */
static int
expr_date_parse_clock(const char *s, size_t n, long long t[4])
{
	const char *c1, *c2, *end = s + n, *sec;
	size_t k;
	double fs;
	char buf[64];

	t[2] = t[3] = 0;
	if ((c1 = memchr(s, ':', n)) == NULL)
		return -1;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (c2 != NULL && memchr(c2 + 1, ':', (size_t)(end - c2 - 1)) != NULL)
		return -1;
	if (expr_date_int(s, (size_t)(c1 - s), &t[0]) != 0 ||
	    expr_date_int(c1 + 1, (size_t)((c2 != NULL ? c2 : end) - c1 - 1),
	    &t[1]) != 0)
		return -1;
	if (c2 != NULL) {
		/* Seconds: the digits and points they start with. */
		sec = c2 + 1;
		for (k = 0; sec + k < end && k < sizeof buf - 1 &&
		    ((sec[k] >= '0' && sec[k] <= '9') || sec[k] == '.'); k++)
			buf[k] = sec[k];
		buf[k] = '\0';
		if (k == 0 || strchr(buf, '.') != strrchr(buf, '.') ||
		    strcmp(buf, ".") == 0)
			return -1;
		fs = strtod(buf, NULL);
		t[2] = (long long)fs;
		t[3] = (long long)(1000.0 * fs - 1000.0 * (double)t[2]);
	}
	if (t[0] < 0 || t[0] > 23 || t[1] < 0 || t[1] > 59 || t[2] > 59 ||
	    t[3] > 999)
		return -1;
	return 0;
}

/* A zone "+HH[:MM]" or "-HH[:MM]" in minutes east of UTC. */
static int
expr_date_parse_zone(const char *s, size_t n, int sign, long long *mins)
{
	const char *colon = memchr(s, ':', n), *end = s + n, *next;
	long long h, m = 0;

	/* Only the part up to another sign counts, as split() leaves it. */
	if ((next = memchr(s, sign > 0 ? '+' : '-', n)) != NULL)
		end = next;
	if (colon != NULL && colon < end) {
		if (expr_date_int(s, (size_t)(colon - s), &h) != 0)
			return -1;
		next = memchr(colon + 1, ':', (size_t)(end - colon - 1));
		if (expr_date_int(colon + 1, (size_t)((next != NULL ? next :
		    end) - colon - 1), &m) != 0)
			return -1;
	} else if (expr_date_int(s, (size_t)(end - s), &h) != 0)
		return -1;
	*mins = sign * (h * 60 + m);
	return 0;
}

int
expr_date_parse(const char *s, double *ms)
{
	const char *tpos = strchr(s, 'T'), *tm, *plus, *minus;
	long long f[3], t[4], zone = 0;
	size_t n = strlen(s), tn;
	int has_zone = 0;

	if (expr_date_parse_date(s, tpos != NULL ? (size_t)(tpos - s) : n,
	    f) != 0)
		return ERR_INVALID;
	if (tpos == NULL) {
		*ms = expr_date_local(f[0], (int)f[1], (int)f[2], 0, 0, 0, 0);
		return 0;
	}
	tm = tpos + 1;
	tn = strlen(tm);
	if (tn == 0)
		return ERR_INVALID;
	plus = memchr(tm, '+', tn);
	minus = memchr(tm, '-', tn);
	if (tm[tn - 1] == 'Z') {
		tn--;
		has_zone = 1;
	} else if (plus != NULL || minus != NULL) {
		has_zone = 1;
		if (plus != NULL) {
			if (expr_date_parse_zone(plus + 1, tn - (size_t)(plus -
			    tm) - 1, 1, &zone) != 0)
				return ERR_INVALID;
			tn = (size_t)(plus - tm);
		} else {
			if (expr_date_parse_zone(minus + 1, tn - (size_t)(minus -
			    tm) - 1, -1, &zone) != 0)
				return ERR_INVALID;
			tn = (size_t)(minus - tm);
		}
	}
	if (expr_date_parse_clock(tm, tn, t) != 0)
		return ERR_INVALID;
	if (!has_zone) {
		*ms = expr_date_local(f[0], (int)f[1], (int)f[2], (int)t[0],
		    (int)t[1], (int)t[2], (int)t[3]);
		return 0;
	}
	*ms = ((double)expr_date_civil(f[0], f[1], f[2]) * 86400 +
	    (double)(t[0] * 3600 + t[1] * 60 + t[2]) - (double)zone * 60) *
	    1000 + (double)t[3];
	return 0;
}

double
expr_date_from_days(double days)
{
	long long y;
	int m, d;

	if (!(fabs(days) < 2147483648.0))
		return NAN;
	expr_date_of_days((long long)days, &y, &m, &d);
	return expr_date_local(y, m, d, 0, 0, 0, 0);
}

double
expr_date_days(double ms)
{
	struct tm tm;

	if (expr_date_fields(ms, &tm, NULL) != 0)
		return NAN;
	return (double)expr_date_civil((long long)tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
}

double
expr_date_fdays(double ms)
{
	return (ms - expr_date_local(1970, 1, 1, 0, 0, 0, 0)) / EXPR_DAY_MS;
}

double
expr_date_round(double ms)
{
	struct tm tm;

	if (expr_date_fields(ms, &tm, NULL) != 0)
		return ms;
	return expr_date_local((long long)tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, 0, 0, 0, 0);
}

void
expr_date_text(double ms, char *buf, size_t size)
{
	struct tm tm;

	if (expr_date_fields(ms, &tm, NULL) != 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	snprintf(buf, size, "%lld-%02d-%02d", (long long)tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
}

void
expr_date_iso(double ms, char *buf, size_t size)
{
	struct tm tm;
	long off;
	int millis;

	if (expr_date_fields(ms, &tm, &millis) != 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	off = tm.tm_gmtoff / 60;
	if (off == 0)
		snprintf(buf, size, "%lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
		    (long long)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
	else
		snprintf(buf, size, "%lld-%02d-%02dT%02d:%02d:%02d.%03d"
		    "%c%02ld:%02ld", (long long)tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		    tm.tm_sec, millis, off < 0 ? '-' : '+', labs(off) / 60,
		    labs(off) % 60);
}

double
expr_date_time_of_day(double ms)
{
	struct tm tm;
	double v;

	if (expr_date_fields(ms, &tm, NULL) != 0)
		return NAN;
	v = (ms + (double)tm.tm_gmtoff * 1000) / EXPR_DAY_MS;
	return v - floor(v);
}

double
expr_date_now(const struct expr_env *env)
{
	return (double)(env->now != 0 ? env->now : time(NULL)) * 1000;
}

/* intPad(n, width): at least width digits, zeros in front. */
static void
expr_date_pad(struct buf *b, long long n, int width)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof tmp, "%lld", n);

	for (; len < width; len++)
		buf_addch(b, '0');
	buf_addstr(b, tmp);
}

int
expr_date_format(double ms, const char *fmt, struct buf *b)
{
	struct tm tm;
	char tmp[32];
	long long year;
	int millis;

	if (expr_date_fields(ms, &tm, &millis) != 0)
		return ERR_INVALID;
	year = (long long)tm.tm_year + 1900;
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			buf_addch(b, *fmt);
			continue;
		}
		switch (*++fmt) {
		case '%': buf_addch(b, '%'); break;
		case 'Y': expr_date_pad(b, year, 4); break;
		case 'y':
			snprintf(tmp, sizeof tmp, "%04lld", year);
			buf_addstr(b, tmp + 2);
			break;
		case 'm': expr_date_pad(b, tm.tm_mon + 1, 2); break;
		case 'n': expr_date_pad(b, tm.tm_mon + 1, 0); break;
		case 'b': buf_addstr(b, expr_date_months[tm.tm_mon]); break;
		case 'd': expr_date_pad(b, tm.tm_mday, 2); break;
		case 'e': expr_date_pad(b, tm.tm_mday, 0); break;
		case 'H': expr_date_pad(b, tm.tm_hour, 2); break;
		case 'h': expr_date_pad(b, tm.tm_hour, 0); break;
		case 'M': expr_date_pad(b, tm.tm_min, 2); break;
		case 'S': expr_date_pad(b, tm.tm_sec, 2); break;
		case '3': expr_date_pad(b, millis, 3); break;
		case 'a': buf_addstr(b, expr_date_days_short[tm.tm_wday]); break;
		case 'W':
			strftime(tmp, sizeof tmp, "%V", &tm);
			expr_date_pad(b, atoi(tmp), 0);
			break;
		default:
			/* %Z, %A, %B, an unknown code or a lone % at the end. */
			return ERR_INVALID;
		}
	}
	return 0;
}

int
expr_fn_today(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)nd;
	expr_val_setdate(out, expr_date_round(expr_date_now(c->env)));
	return 0;
}

int
expr_fn_now(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	(void)nd;
	expr_val_setdate(out, expr_date_now(c->env));
	return 0;
}

/*
 * XPathFuncExpr.toDate: a number is days since 1970-01-01 (with the time
 * of day, from UTC midnight, when keep_time; else the local date of its
 * whole part), a string is parsed, a date kept (or its day). "" and NaN
 * stay as they are; anything else is an error.
 */
static int
expr_date_to(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *v, int keep_time)
{
	double x, ms;

	switch (v->type) {
	case EXPR_NUMBER:
		x = keep_time ? v->num : expr_fn_toint(v->num);
		if (isnan(x))
			return 0;
		if (isinf(x) || x > 2147483647.0 || x < -2147483648.0)
			return expr_eval_fail(c, ERR_INVALID, nd->col, "the "
			    "value %g is out of range for a date", x);
		expr_val_setdate(v, keep_time ? (double)expr_java_long(x *
		    EXPR_DAY_MS) : expr_date_from_days(x));
		return 0;
	case EXPR_STRING:
		if (v->s[0] == '\0')
			return 0;
		if (expr_date_parse(v->s, &ms) != 0)
			return expr_eval_fail(c, ERR_INVALID, nd->col, "the "
			    "value \"%.40s\" cannot be read as a date", v->s);
		expr_val_clear(v);
		expr_val_setdate(v, ms);
		return 0;
	case EXPR_DATE:
		if (!keep_time)
			v->num = expr_date_round(v->num);
		return 0;
	default:
		return expr_eval_fail(c, ERR_INVALID, nd->col, "true or false "
		    "cannot be read as a date");
	}
}

static int
expr_date_fn(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int keep_time)
{
	int r;

	if ((r = expr_eval_node(c, nd->first, out)) != 0)
		return r;
	if ((r = expr_date_to(c, nd, out, keep_time)) != 0)
		expr_val_clear(out);
	return r;
}

int
expr_fn_date(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_date_fn(c, nd, out, 0);
}

int
expr_fn_date_time(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_date_fn(c, nd, out, 1);
}

/*
 * toDecimalDateTime: decimal-date-time() is days since the epoch with
 * the time as a fraction (UTC), decimal-time() the local time of day as a
 * fraction. A number is taken as such a count already.
 */
static int
expr_date_decimal(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out, int keep_date)
{
	struct expr_val v;
	double x;
	int r;

	if ((r = expr_eval_node(c, nd->first, &v)) != 0)
		return r;
	if (v.type == EXPR_NUMBER) {
		x = v.num;
		if (!isnan(x) && (isinf(x) || x > 2147483647.0 ||
		    x < -2147483648.0))
			return expr_eval_fail(c, ERR_INVALID, nd->col, "the "
			    "value %g is out of range for a date", x);
		expr_val_setnum(out, keep_date || isnan(x) ? x : x - floor(x));
		return 0;
	}
	if (v.type == EXPR_STRING && v.s[0] == '\0') {
		*out = v;
		return 0;
	}
	if (v.type != EXPR_DATE && (r = expr_date_to(c, nd, &v, 1)) != 0) {
		expr_val_clear(&v);
		return r;
	}
	expr_val_setnum(out, keep_date ? v.num / EXPR_DAY_MS :
	    expr_date_time_of_day(v.num));
	return 0;
}

int
expr_fn_decimal_date_time(const struct expr_ctx *c,
    const struct expr_node *nd, struct expr_val *out)
{
	return expr_date_decimal(c, nd, out, 1);
}

int
expr_fn_decimal_time(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	return expr_date_decimal(c, nd, out, 0);
}

/* format-date(value, format): "" when the value is "" or NaN. */
int
expr_fn_format_date(const struct expr_ctx *c, const struct expr_node *nd,
    struct expr_val *out)
{
	struct buf b = BUF_INIT;
	struct expr_val v, fmt;
	char *s;
	int r;

	if ((r = expr_date_fn(c, nd, &v, 1)) != 0)
		return r;
	if ((r = expr_arg_str(c, c->e->nodes[nd->first].next, &fmt)) != 0) {
		expr_val_clear(&v);
		return r;
	}
	if (v.type == EXPR_DATE && expr_date_format(v.num, fmt.s, &b) != 0)
		r = expr_eval_fail(c, ERR_INVALID, nd->col, "format-date(): "
		    "\"%.40s\" is not a format (%%Y %%y %%m %%n %%b %%d %%e "
		    "%%H %%h %%M %%S %%3 %%a %%W %%%%)", fmt.s);
	expr_val_clear(&v);
	expr_val_clear(&fmt);
	if (r == 0 && (s = buf_detach(&b, NULL)) == NULL)
		r = err_set(c->cause, ERR_NOMEM, "out of memory");
	if (r != 0) {
		buf_free(&b);
		return r;
	}
	expr_val_setstr(out, s, s);
	return 0;
}

/* A literal format is checked when the form loads. */
int
expr_fn_check_format(struct expr_parser *p, int call)
{
	const struct expr_node *nodes = p->e->nodes;
	struct buf b = BUF_INIT;
	int a = nodes[nodes[call].first].next, r;

	if (nodes[a].kind != EXPR_K_STR)
		return 0;
	r = expr_date_format(0, p->pool.data + nodes[a].str, &b);
	buf_free(&b);
	if (r != 0) {
		expr_lex_fail(p, ERR_PARSE, 0, "format-date(): \"%.40s\" is not "
		    "a format (%%Y %%y %%m %%n %%b %%d %%e %%H %%h %%M %%S %%3 "
		    "%%a %%W %%%%) (column %d)", p->pool.data + nodes[a].str,
		    nodes[a].col);
		p->errcol = nodes[a].col;
		return -1;
	}
	return 0;
}
