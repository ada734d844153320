/*
 * A growable byte buffer, always NUL-terminated after its data so that text
 * can be used as a C string. Allocation failure is sticky: after one, every
 * append is a no-op and buf_failed() is true, so callers check once at the
 * end instead of after every append.
 */
#ifndef OUTREACH_BUF_H
#define OUTREACH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;		/* NULL until the first append */
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* an allocation failed */
};

#define BUF_INIT { NULL, 0, 0, 0 }

void	 buf_init(struct buf *b);
int	 buf_reserve(struct buf *b, size_t extra);
void	 buf_add(struct buf *b, const void *data, size_t len);
void	 buf_addstr(struct buf *b, const char *s);
/* A string literal, its length known when compiled. */
#define BUF_LIT(b, lit)	buf_add((b), "" lit, sizeof(lit) - 1)
void	 buf_addch(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	 buf_truncate(struct buf *b, size_t len);
int	 buf_failed(const struct buf *b);
/* The text so far ("" when empty); valid until the next append. */
const char *buf_str(const struct buf *b);
/* Hand the data over (Caller frees; "" when empty, NULL if failed). */
char	*buf_detach(struct buf *b, size_t *lenp);
/* Free the data; wipes it first when wipe is set. */
void	 buf_free(struct buf *b);
void	 buf_wipe_free(struct buf *b);

/*
 * Room for element n of an array that holds n elements of size bytes and
 * grows one element at a time: returns the array (moved, perhaps) with
 * room for at least n + 1, or NULL with v untouched when memory or size_t
 * runs out. The capacity is not stored: it is n rounded up to a power of
 * two, at least 4, so such an array starts NULL and grows only through
 * this call (taking elements off the end is fine). Appending n elements
 * moves O(n) bytes in all; growing by one element each time moved O(n^2)
 * wherever realloc cannot grow in place (under ASan: always), which made
 * a 10,000-paragraph page take half a minute to open.
 */
void	*array_grow(void *v, size_t n, size_t size);

#endif
