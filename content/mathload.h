/*
 * The C library's mathematics (libm), opened on first use.
 *
 * The program does not link libm. Loading it cost every start of the
 * kiosk about 430,000 instructions of the dynamic linker's work (its
 * hundreds of symbols bound at once) before a language picker that
 * computes nothing; it is needed when a form's calculation, a scale or a
 * report rounds or takes a logarithm. Code that calls one of the
 * functions below includes this header (after <math.h>, which it
 * includes): each call f(...) becomes mathload_f(...), whose first use
 * dlopen()s libm (LIBM_SO, <gnu/lib-names.h>) and looks up every function
 * in MATHLOAD_FUNCS1/2 at once, exactly once for the process
 * (content/libload.h); after that a call is one indirect call. A file
 * that calls a libm function without this header does not link, since
 * libm is not on the program's link line.
 *
 * When libm cannot be loaded (it is part of the C library, so only on a
 * broken system) every function returns NaN (llrint 0) and mathload_error()
 * says why.
 *
 * Adding a function: one entry in MATHLOAD_FUNCS1 (one double argument)
 * or MATHLOAD_FUNCS2 (two) and its rename below.
 */
#ifndef OUTREACH_MATHLOAD_H
#define OUTREACH_MATHLOAD_H

#include <math.h>

#define MATHLOAD_FUNCS1(X)						\
	X(acos) X(asin) X(atan) X(cos) X(exp) X(floor) X(log) X(log10)	\
	X(nearbyint) X(round) X(sin) X(sqrt) X(tan) X(trunc)
#define MATHLOAD_FUNCS2(X)						\
	X(atan2) X(fmax) X(fmin) X(fmod) X(pow)

double	mathload_acos(double), mathload_asin(double), mathload_atan(double),
	mathload_cos(double), mathload_exp(double), mathload_floor(double),
	mathload_log(double), mathload_log10(double),
	mathload_nearbyint(double), mathload_round(double),
	mathload_sin(double), mathload_sqrt(double), mathload_tan(double),
	mathload_trunc(double);
double	mathload_atan2(double, double), mathload_fmax(double, double),
	mathload_fmin(double, double), mathload_fmod(double, double),
	mathload_pow(double, double);
long long mathload_llrint(double);

/* NULL when libm is loaded (loading it now), else why it cannot be. */
const char	*mathload_error(void);

/* The renames, as function-like macros: a field named "round" stays. */
#ifndef MATHLOAD_NO_RENAME
#define acos(x)		mathload_acos(x)
#define asin(x)		mathload_asin(x)
#define atan(x)		mathload_atan(x)
#define cos(x)		mathload_cos(x)
#define exp(x)		mathload_exp(x)
#define floor(x)	mathload_floor(x)
#define log(x)		mathload_log(x)
#define log10(x)	mathload_log10(x)
#define nearbyint(x)	mathload_nearbyint(x)
#define round(x)	mathload_round(x)
#define sin(x)		mathload_sin(x)
#define sqrt(x)		mathload_sqrt(x)
#define tan(x)		mathload_tan(x)
#define trunc(x)	mathload_trunc(x)
#define atan2(y, x)	mathload_atan2(y, x)
#define fmax(x, y)	mathload_fmax(x, y)
#define fmin(x, y)	mathload_fmin(x, y)
#define fmod(x, y)	mathload_fmod(x, y)
#define pow(x, y)	mathload_pow(x, y)
#define llrint(x)	mathload_llrint(x)
#endif

#endif
