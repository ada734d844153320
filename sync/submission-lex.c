/*
 * JSON's tokens for the submission reader (submission-int.h), read the
 * way jansson's json_loadb reads them with JSON_REJECT_DUPLICATES: strings
 * of valid UTF-8 without NUL (\u0000) or lone surrogates, unescaped into
 * the reader's arena; numbers as jansson takes them (an integer within 64
 * bits, a real that does not overflow a double); true, false and null as
 * runs of letters; objects whose keys are never given twice (a hash set
 * of offsets and lengths: never values); at most JSON_PARSER_MAX_DEPTH
 * deep; and one NUL byte right after a number or a literal skipped, as
 * jansson 2.14 loses it (submission_lex_lookahead). Nothing is allocated
 * per string.
 */
#include "sync/submission-int.h"

#include <stdlib.h>
#include <string.h>

int
submission_lex_fail(struct submission_reader *rd, enum submission_why why)
{
	if (rd->why == SUBMISSION_WHY_OK) {
		rd->why = why;
		rd->at = rd->p;
	}
	return -1;
}

/* The next byte after whitespace (jansson's four), or -1 at the end. */
int
submission_lex_peek_ws(struct submission_reader *rd)
{
	while (rd->p < rd->end && (*rd->p == ' ' || *rd->p == '\n' ||
	    *rd->p == '\r' || *rd->p == '\t'))
		rd->p++;
	return rd->p < rd->end ? *rd->p : -1;
}

/* The length of the UTF-8 sequence at p (jansson's rules), 0 if bad. */
static size_t
submission_lex_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* a surrogate */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* Four hex digits at p (before end) into *v; -1 if they are not. */
static int
submission_lex_hex4(const unsigned char *p, const unsigned char *end,
    uint32_t *v)
{
	size_t i;
	unsigned char c;

	if (end - p < 4)
		return -1;
	*v = 0;
	for (i = 0; i < 4; i++) {
		c = p[i];
		if (c >= '0' && c <= '9')
			*v = *v << 4 | (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v = *v << 4 | (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t
submission_lex_encode(uint32_t cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The escape after a backslash at *pp into o; its length, 0 if bad. */
static size_t
submission_lex_escape(const unsigned char **pp, const unsigned char *end,
    unsigned char *o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const unsigned char *p = *pp + 1;
	const char *e;
	uint32_t cp, lo;

	if (p >= end)
		return 0;
	if (*p != 'u') {
		if (*p == '\0' || (e = strchr(from, *p)) == NULL)
			return 0;
		*o = (unsigned char)to[e - from];
		*pp = p + 1;
		return 1;
	}
	if (submission_lex_hex4(p + 1, end, &cp) != 0 || cp == 0)
		return 0;
	p += 5;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		/* A high surrogate needs its low one straight after. */
		if (end - p < 2 || p[0] != '\\' || p[1] != 'u' ||
		    submission_lex_hex4(p + 2, end, &lo) != 0 || lo < 0xdc00 ||
		    lo > 0xdfff)
			return 0;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	} else if (cp >= 0xdc00 && cp <= 0xdfff)
		return 0;
	*pp = p;
	return submission_lex_encode(cp, o);
}

/*
 * Nonzero when a byte of w is not plain in a string: below 0x20, from
 * 0x80, '"' or '\\' (a borrow into a byte's top bit only follows one).
 */
static uint64_t
submission_lex_special(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;

	return ((w - ones * 0x20) | ((w ^ ones * '"') - ones) |
	    ((w ^ ones * '\\') - ones) | w) & ones * 0x80;
}

/*
 * How many bytes of a word come before its first special one, from
 * submission_lex_special's m (nonzero): a byte's top bit is wrong only
 * above a byte that is special, so the lowest set one is exact. The
 * bytes are in memory order from the low end on a little-endian CPU;
 * elsewhere 0, and the byte loop reads them.
 */
static size_t
submission_lex_plain(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(m) / 8;
#else
	(void)m;
	return 0;
#endif
}

/*
 * The string at rd->p unescaped into the arena and NUL-terminated: its
 * offset and length. Control characters, bad UTF-8 and NUL refused.
 */
int
submission_lex_string(struct submission_reader *rd, uint32_t *offp,
    uint32_t *lenp)
{
	const unsigned char *p, *end = rd->end;
	unsigned char *o0, *o;
	uint64_t w, m;
	size_t n;

	if (submission_lex_peek(rd) != '"')
		return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	p = ++rd->p;
	o0 = o = (unsigned char *)rd->arena + rd->used;
	for (;;) {
		/*
		 * Eight plain bytes at a time; the arena has room, as what
		 * is written never passes what has been read.
		 */
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			if ((m = submission_lex_special(w)) != 0) {
				/*
				 * The plain bytes before the first special
				 * one (the lowest set bit is exact) go at
				 * once, and the byte loop starts at it.
				 */
				memcpy(o, &w, 8);
				n = submission_lex_plain(m);
				o += n;
				p += n;
				break;
			}
			memcpy(o, &w, 8);
			o += 8;
			p += 8;
		}
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' &&
		    *p != '\\')
			*o++ = *p++;
		if (p >= end || *p < 0x20)
			break;
		if (*p == '"') {
			*o = '\0';
			rd->p = p + 1;
			*offp = (uint32_t)rd->used;
			if (lenp != NULL)
				*lenp = (uint32_t)(o - o0);
			rd->used += (size_t)(o - o0) + 1;
			return 0;
		}
		if (*p == '\\')
			n = submission_lex_escape(&p, end, o);
		else if ((n = submission_lex_utf8(p, end)) != 0) {
			memcpy(o, p, n);
			p += n;
		}
		if (n == 0)
			break;
		o += n;
	}
	rd->p = p;
	return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
}

/* A string value, but only its validity: the arena keeps nothing. */
static int
submission_lex_string_skip(struct submission_reader *rd)
{
	size_t used = rd->used;
	uint32_t off;
	int r;

	r = submission_lex_string(rd, &off, NULL);
	rd->used = used;
	return r;
}

/*
 * Where reading goes on after a number or a literal, whose end jansson
 * finds by reading one byte too many and putting it back. A NUL byte
 * put back is lost (its stream takes a NUL in its buffer for "empty"),
 * so jansson 2.14 reads "null\0," as "null,": one NUL there is skipped
 * here too, to accept and refuse what it does.
 */
static const unsigned char *
submission_lex_lookahead(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p == '\0' ? p + 1 : p;
}

/* 1 when digits [z, z+309) of a real at exponent 308 reach 2^1024. */
static int
submission_lex_huge(const unsigned char *intd, size_t nint,
    const unsigned char *frac, size_t nfrac, size_t z)
{
	/* 2^1024 - 2^970: halfway from DBL_MAX up, which rounds to inf. */
	static const char edge[] = "17976931348623158079372897140530341507"
	    "99341327100378269361737789804449682927647509466490179775872070"
	    "96330286416692887910946555547851940402630657488671505820681908"
	    "90200070838367627385484581771153176447573027006985557136695962"
	    "28429148198608349364752927190741684443655510704342711559699508"
	    "093042880177904174497792";
	size_t j, i;
	unsigned char d;

	for (j = 0; edge[j] != '\0'; j++) {
		i = z + j;
		d = i < nint ? intd[i] : i - nint < nfrac ? frac[i - nint] :
		    '0';
		if (d != (unsigned char)edge[j])
			return d > (unsigned char)edge[j];
	}
	return 1;
}

/*
 * A number, as jansson reads it: an integer must fit in 64 bits, a real
 * must not overflow a double (strtod's rounding, worked out in decimal so
 * that no locale's decimal point matters).
 */
static int
submission_lex_number(struct submission_reader *rd)
{
	const unsigned char *p = rd->p, *end = rd->end, *intd, *frac = p;
	size_t nint, nfrac = 0, z;
	long long e = 0, sci;
	int neg = 0, eneg = 0, real = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	intd = p;
	if (p < end && *p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	nint = (size_t)(p - intd);
	if (nint == 0 || (p < end && *p >= '0' && *p <= '9'))
		goto bad;
	if (p < end && *p == '.') {
		frac = ++p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if ((nfrac = (size_t)(p - frac)) == 0)
			goto bad;
		real = 1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || *p < '0' || *p > '9')
			goto bad;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if (e < 1000000000)
				e = e * 10 + (*p - '0');
		real = 1;
	}
	if (!real) {
		if (nint > 19 || (nint == 19 && memcmp(intd, neg ?
		    "9223372036854775808" : "9223372036854775807", 19) > 0))
			goto bad;
	} else {
		for (z = 0; z < nint + nfrac; z++)
			if ((z < nint ? intd[z] : frac[z - nint]) != '0')
				break;
		sci = (long long)nint - 1 - (long long)z + (eneg ? -e : e);
		if (z < nint + nfrac && (sci > 308 || (sci == 308 &&
		    submission_lex_huge(intd, nint, frac, nfrac, z))))
			goto bad;
	}
	rd->p = submission_lex_lookahead(p, rd->end);
	return 0;
bad:
	rd->p = p;
	return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
}

/* true, false or null (0, 1, 2); jansson reads a run of letters. */
int
submission_lex_literal(struct submission_reader *rd, int *whichp)
{
	static const char *const lit[] = { "true", "false", "null" };
	const unsigned char *p = rd->p;
	size_t n, i;

	while (p < rd->end && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
		p++;
	n = (size_t)(p - rd->p);
	for (i = 0; i < 3; i++)
		if (n == strlen(lit[i]) && memcmp(rd->p, lit[i], n) == 0) {
			*whichp = (int)i;
			rd->p = submission_lex_lookahead(p, rd->end);
			return 0;
		}
	return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
}

/* Twice the keys' room; the keys hashed again into new slots. */
static int
submission_lex_keys_grow(struct submission_reader *rd)
{
	struct submission_key *nk;
	uint32_t *ns;
	size_t i, j, mask;

	if ((nk = malloc(rd->keycap * 2 * sizeof *nk)) == NULL ||
	    (ns = calloc(rd->nslots * 2, sizeof *ns)) == NULL) {
		free(nk);
		return submission_lex_fail(rd, SUBMISSION_WHY_NOMEM);
	}
	memcpy(nk, rd->keys, rd->nkeys * sizeof *nk);
	if (rd->keys != rd->key0)
		free(rd->keys);
	if (rd->slots != rd->slot0)
		free(rd->slots);
	rd->keys = nk;
	rd->keycap *= 2;
	rd->slots = ns;
	rd->nslots *= 2;
	mask = rd->nslots - 1;
	for (i = 0; i < rd->nkeys; i++) {
		j = rd->keys[i].hash & mask;
		while (ns[j] != 0)
			j = (j + 1) & mask;
		ns[j] = (uint32_t)i + 1;
	}
	return 0;
}

/* Note key (off, len) of object obj; a duplicate is not JSON. */
int
submission_lex_key(struct submission_reader *rd, uint32_t obj, uint32_t off,
    uint32_t len)
{
	const struct submission_key *k;
	uint32_t h = submission_name_hash(rd->arena + off, len,
	    obj * 0x9e3779b97f4a7c15ULL);
	size_t i, mask;

	if (rd->nkeys == rd->keycap && submission_lex_keys_grow(rd) != 0)
		return -1;
	mask = rd->nslots - 1;
	for (i = h & mask; rd->slots[i] != 0; i = (i + 1) & mask) {
		k = &rd->keys[rd->slots[i] - 1];
		if (k->hash == h && k->obj == obj && k->len == len &&
		    memcmp(rd->arena + k->off, rd->arena + off, len) == 0)
			return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	}
	rd->keys[rd->nkeys] = (struct submission_key){ off, len, obj, h };
	rd->slots[i] = (uint32_t)++rd->nkeys;
	return 0;
}

/*
 * Any JSON value at depth (the top object is 1), only checked: what the
 * format does not want where it stands, but jansson would have read.
 */
int
submission_lex_skip(struct submission_reader *rd, int depth)
{
	uint32_t obj, off, len;
	int c, which;

	if (depth > SUBMISSION_JSON_DEPTH)
		return submission_lex_fail(rd, SUBMISSION_WHY_SYNTAX);
	c = submission_lex_peek(rd);
	if (c == '"')
		return submission_lex_string_skip(rd);
	if (c == '-' || (c >= '0' && c <= '9'))
		return submission_lex_number(rd);
	if (c != '{' && c != '[')
		return submission_lex_literal(rd, &which);
	rd->p++;
	obj = ++rd->objs;
	if (submission_lex_peek(rd) == (c == '{' ? '}' : ']')) {
		rd->p++;
		return 0;
	}
	for (;;) {
		if (c == '{' && (submission_lex_string(rd, &off, &len) != 0 ||
		    submission_lex_key(rd, obj, off, len) != 0 ||
		    submission_lex_expect(rd, ':') != 0))
			return -1;
		if (submission_lex_skip(rd, depth + 1) != 0)
			return -1;
		if (submission_lex_peek(rd) != ',')
			return submission_lex_expect(rd, c == '{' ? '}' : ']');
		rd->p++;
	}
}

void
submission_lex_where(const struct submission_reader *rd, int *linep,
    int *colp)
{
	const unsigned char *q;
	int line = 1, col = 0;

	for (q = rd->start; q < rd->at && q < rd->end; q++) {
		if (*q == '\n') {
			line++;
			col = 0;
		} else if ((*q & 0xc0) != 0x80)
			col++;
	}
	*linep = line;
	*colp = col;
}
