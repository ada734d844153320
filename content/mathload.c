/*
 * libm opened on first use; see mathload.h.
 */
#define MATHLOAD_NO_RENAME
#include "content/mathload.h"

#include <gnu/lib-names.h>
#include <pthread.h>

#include "content/libload.h"

#define MATHLOAD_WHAT	"the mathematics library"

static struct {
#define MATHLOAD_FIELD(f)	__typeof__(f) *f;	/* NOLINT(bugprone-macro-parentheses) */
	MATHLOAD_FUNCS1(MATHLOAD_FIELD)
	MATHLOAD_FUNCS2(MATHLOAD_FIELD)
#undef MATHLOAD_FIELD
	__typeof__(llrint) *llrint;
} mathload_fn;
static pthread_once_t	mathload_once_ctl = PTHREAD_ONCE_INIT;
static char		mathload_why[LIBLOAD_WHY];
static int		mathload_ok;

static void
mathload_once(void)
{
	void *h;

#define MATHLOAD_SYM(f)							\
	if ((mathload_fn.f = (__typeof__(f) *)libload_sym(h, #f,	\
	    MATHLOAD_WHAT, LIBM_SO, mathload_why)) == NULL)		\
		goto fail;

	if ((h = libload_open(LIBM_SO, MATHLOAD_WHAT, mathload_why)) == NULL)
		return;
	MATHLOAD_FUNCS1(MATHLOAD_SYM)
	MATHLOAD_FUNCS2(MATHLOAD_SYM)
	MATHLOAD_SYM(llrint)
#undef MATHLOAD_SYM
	mathload_ok = 1;
	return;
fail:
	libload_close(h);
}

static int
mathload_ready(void)
{
	pthread_once(&mathload_once_ctl, mathload_once);
	return mathload_ok;
}

const char *
mathload_error(void)
{
	return mathload_ready() ? NULL : mathload_why;
}

#define MATHLOAD_WRAP1(f)						\
	double mathload_##f(double x)					\
	{								\
		return mathload_ready() ? mathload_fn.f(x) : NAN;	\
	}
#define MATHLOAD_WRAP2(f)						\
	double mathload_##f(double x, double y)				\
	{								\
		return mathload_ready() ? mathload_fn.f(x, y) : NAN;	\
	}
MATHLOAD_FUNCS1(MATHLOAD_WRAP1)
MATHLOAD_FUNCS2(MATHLOAD_WRAP2)

long long
mathload_llrint(double x)
{
	return mathload_ready() ? mathload_fn.llrint(x) : 0;
}
