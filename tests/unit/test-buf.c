/*
 * The growable byte buffer and array_grow (content/buf.c).
 */
#include "content/buf.h"

#include <malloc.h>
#include <stdint.h>

#include "test.h"

/*
 * An array grown one element at a time to 100,000 always has room for the
 * next element, and is moved about log2(n) times, not n times.
 */
static void
test_array_grow(void)
{
	uint32_t *v = NULL, *nv;
	size_t n, grew = 0, short_room = 0, wrong = 0, usable = 0;

	for (n = 0; n < 100000; n++) {
		if ((nv = array_grow(v, n, sizeof *v)) == NULL)
			break;
		if (nv != v || malloc_usable_size(nv) != usable)
			grew++;
		v = nv;
		usable = malloc_usable_size(v);
		if (usable < (n + 1) * sizeof *v)
			short_room++;
		v[n] = (uint32_t)n * 2654435761u;
	}
	CHECK_INT(n, 100000, "100,000 elements appended");
	CHECK_INT(short_room, 0, "room for the next element every time");
	CHECK(grew <= 20, "the array grew %zu times (at most 20)", grew);
	for (size_t i = 0; i < n; i++)
		if (v[i] != (uint32_t)i * 2654435761u)
			wrong++;
	CHECK_INT(wrong, 0, "every element kept through the moves");

	/* Taken off the end and grown again: still room every time. */
	n = 5;
	short_room = 0;
	for (; n < 300; n++) {
		if ((nv = array_grow(v, n, sizeof *v)) == NULL)
			break;
		v = nv;
		if (malloc_usable_size(v) < (n + 1) * sizeof *v)
			short_room++;
	}
	CHECK_INT(short_room, 0, "shrunk to 5 and grown again: room");

	nv = array_grow(v, (size_t)1 << (sizeof(size_t) * 8 - 2), 8);
	CHECK(nv == NULL, "a size past size_t is refused");
	nv = array_grow(v, 64, 0);
	CHECK(nv == NULL, "an element of size 0 is refused");
	free(v);
}

static void
test_buf(void)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *s;

	CHECK_STR(buf_str(&b), "", "an empty buffer is the empty string");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	CHECK(!buf_failed(&b), "1,000 appends");
	CHECK(strncmp(buf_str(&b), "0,1,2,", 6) == 0, "the text starts right");
	buf_truncate(&b, 4);
	buf_addch(&b, 'x');
	CHECK_STR(buf_str(&b), "0,1,x", "truncate then append");
	s = buf_detach(&b, &len);
	CHECK_STR(s, "0,1,x", "detached");
	CHECK_INT(len, 5, "detached length");
	free(s);
	CHECK_STR(buf_str(&b), "", "empty after detach");
	buf_free(&b);
}

int
main(void)
{
	test_array_grow();
	test_buf();
	return test_done();
}
