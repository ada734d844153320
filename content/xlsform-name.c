/*
 * The XLSForm name rule; see xlsform-name.h.
 */
#include "content/xlsform-name.h"

#include <stdint.h>
#include <string.h>

#include "content/utf8.h"

/* XML's NameStartChar without ':' (NCName). */
static int
xlsform_name_start(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	    (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
	    (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
	    (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
	    (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
	    (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	    (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

/* XML's NameChar without ':'. */
static int
xlsform_name_char(uint32_t c)
{
	return xlsform_name_start(c) || (c >= '0' && c <= '9') || c == '-' ||
	    c == '.' || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
	    (c >= 0x203F && c <= 0x2040);
}

/*
 * The length of the NCName at the start of s (len bytes of valid UTF-8),
 * 0 when there is none.
 */
static size_t
xlsform_ncname(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t c;

	while (i < len) {
		/* ASCII, nearly every name, without decoding. */
		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i];
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' &&
			    c <= 'z') || c == '_' || (i > 0 && ((c >= '0' &&
			    c <= '9') || c == '-' || c == '.'))) {
				i++;
				continue;
			}
			break;
		}
		n = utf8_decode(s + i, len - i, &c);
		if (i == 0 ? !xlsform_name_start(c) : !xlsform_name_char(c))
			break;
		i += n;
	}
	return i;
}

/*
 * The length of s when it is all ASCII name bytes after an ASCII name
 * start, else 0: the answer for nearly every name, in one pass.
 */
static size_t
xlsform_name_ascii(const char *s)
{
	/* 2: may start a name (letters, '_'); 1: may follow ('0'-'9', '-', '.'). */
#define N1 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
#define L2 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2
	static const unsigned char cls[256] = {
		['-'] = 1, ['.'] = 1, ['0'] = N1,
		['A'] = L2, L2, ['_'] = 2, ['a'] = L2, L2,
	};
#undef N1
#undef L2
	size_t i;

	if (cls[(unsigned char)s[0]] != 2)
		return 0;
	for (i = 1; cls[(unsigned char)s[i]] != 0; i++)
		;
	return s[i] == '\0' ? i : 0;
}

int
xlsform_name_ok(const char *s)
{
	size_t len = xlsform_name_ascii(s), a, b;

	if (len > 0)
		return len <= XLSFORM_NAME_MAX;
	len = strlen(s);

	if (len == 0 || len > XLSFORM_NAME_MAX || !utf8_valid(s, len))
		return 0;
	if ((a = xlsform_ncname(s, len)) == 0)
		return 0;
	if (a == len)
		return 1;
	if (s[a] != ':')
		return 0;
	b = xlsform_ncname(s + a + 1, len - a - 1);
	return b > 0 && a + 1 + b == len;
}
