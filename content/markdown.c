/*
 * Markdown pages to docs, with md4c.
 *
 * md4c gives a stream of enter/leave/text callbacks; this file turns it into
 * the flat block list of doc.h. Containers (lists and block quotes) become
 * properties of the leaf blocks inside them (depth, quote, marker), so that
 * layout never recurses. Raw HTML is dropped, entities are decoded, and
 * every piece of text is sanitised before it is stored.
 */
#include "content/doc.h"

#include <md4c.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/libload.h"
#include "content/utf8.h"

#ifndef MD4C_SONAME
#error "MD4C_SONAME is not set: the Makefile reads it from libmd4c.so (is libmd4c-dev installed?)"
#endif

#define MD_MAX_BLOCKS	200000
#define MD_MAX_DEPTH	16

/*
 * md4c is opened the first time a page is read (content/libload.h): the
 * kiosk's first frame, a language picker, shows no page, and linking md4c
 * cost every start the dynamic linker's work for it.
 */
static __typeof__(md_parse) *md_parse_fn;
static pthread_once_t md_once_ctl = PTHREAD_ONCE_INIT;
static char md_why[LIBLOAD_WHY];

static void
md_once(void)
{
	void *h, *sym;

	if ((h = libload_open(MD4C_SONAME, "md4c", md_why)) == NULL)
		return;
	if ((sym = libload_sym(h, "md_parse", "md4c", MD4C_SONAME,
	    md_why)) == NULL) {
		libload_close(h);
		return;
	}
	md_parse_fn = (__typeof__(md_parse) *)sym;
}

struct md_list {
	int	ordered;
	unsigned next;		/* number of the next item */
};

struct md_state {
	struct doc	*doc;
	int		 err;
	unsigned	 attr;		/* current span attributes */
	int		 link;		/* current link, -1 outside one */
	int		 quote;
	int		 depth;		/* list nesting */
	struct md_list	 lists[MD_MAX_DEPTH];
	char		 marker[16];	/* pending item marker */
	struct doc_block *cur;		/* open leaf block, or NULL */
	int		 in_table, in_cell;
	struct buf	 text;		/* text of the open span run */
	unsigned	 text_attr;
	int		 text_link;
	/* Table being built. */
	struct doc_cell	*tcells;
	size_t		 tn, tcols, trow_cells, trows;
	struct doc_cell	*tcell;
};

static void
md_span_free(struct doc_span *spans, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(spans[i].text);
	free(spans);
}

void
doc_free(struct doc **dp)
{
	struct doc *d;
	size_t i, j;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	for (i = 0; i < d->nblocks; i++) {
		md_span_free(d->blocks[i].spans, d->blocks[i].nspans);
		for (j = 0; j < d->blocks[i].rows * d->blocks[i].cols; j++)
			md_span_free(d->blocks[i].cells[j].spans,
			    d->blocks[i].cells[j].nspans);
		free(d->blocks[i].cells);
	}
	free(d->blocks);
	for (i = 0; i < d->nlinks; i++)
		free(d->links[i].target);
	free(d->links);
	free(d->title);
	free(d);
	*dp = NULL;
}

/* Append a span to a list of spans, merging with the last when alike. */
static int
md_add_span(struct doc_span **spans, size_t *n, const char *text, size_t len,
    unsigned attr, int link, int keep_newlines)
{
	struct doc_span *s, *last;
	char *clean, *joined;
	size_t ol;

	if (len == 0)
		return 0;
	if ((clean = utf8_sanitize(text, len, keep_newlines)) == NULL)
		return ERR_NOMEM;
	last = *n > 0 ? &(*spans)[*n - 1] : NULL;
	if (last != NULL && last->attr == attr && last->link == link) {
		ol = strlen(last->text);
		if ((joined = realloc(last->text, ol + strlen(clean) + 1)) ==
		    NULL) {
			free(clean);
			return ERR_NOMEM;
		}
		strcpy(joined + ol, clean);
		last->text = joined;
		free(clean);
		return 0;
	}
	if ((s = array_grow(*spans, *n, sizeof *s)) == NULL) {
		free(clean);
		return ERR_NOMEM;
	}
	*spans = s;
	s[*n].text = clean;
	s[*n].attr = attr;
	s[*n].link = link;
	(*n)++;
	return 0;
}

/* Move the pending text into the open block or table cell. */
static void
md_flush(struct md_state *st)
{
	int r = 0;

	if (st->text.len == 0)
		return;
	if (st->in_cell && st->tcell != NULL)
		r = md_add_span(&st->tcell->spans, &st->tcell->nspans,
		    st->text.data, st->text.len, st->text_attr, st->text_link,
		    0);
	else if (st->cur != NULL)
		r = md_add_span(&st->cur->spans, &st->cur->nspans,
		    st->text.data, st->text.len, st->text_attr, st->text_link,
		    st->cur->kind == DOC_PRE);
	if (r != 0)
		st->err = r;
	buf_truncate(&st->text, 0);
}

static struct doc_block *
md_new_block(struct md_state *st, enum doc_kind kind)
{
	struct doc *d = st->doc;
	struct doc_block *b;

	md_flush(st);
	if (d->nblocks >= MD_MAX_BLOCKS) {
		st->err = ERR_LIMIT;
		return NULL;
	}
	if ((b = array_grow(d->blocks, d->nblocks, sizeof *b)) == NULL) {
		st->err = ERR_NOMEM;
		return NULL;
	}
	d->blocks = b;
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->depth = st->depth;
	b->quote = st->quote;
	memcpy(b->marker, st->marker, sizeof b->marker);
	st->marker[0] = '\0';
	st->cur = b;
	return b;
}

static void
md_add_text(struct md_state *st, const char *text, size_t len)
{
	if (st->text.len > 0 && (st->text_attr != st->attr ||
	    st->text_link != st->link))
		md_flush(st);
	st->text_attr = st->attr;
	st->text_link = st->link;
	/* Tight list items hold text with no paragraph around it. */
	if (st->cur == NULL && !st->in_cell && md_new_block(st, DOC_PARA) ==
	    NULL)
		return;
	buf_add(&st->text, text, len);
	if (buf_failed(&st->text))
		st->err = ERR_NOMEM;
}

static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct md_state *st = arg;
	struct doc_block *b;

	switch (type) {
	case MD_BLOCK_QUOTE:
		md_flush(st);
		st->cur = NULL;
		st->quote++;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		md_flush(st);
		st->cur = NULL;
		if (st->depth < MD_MAX_DEPTH) {
			st->lists[st->depth].ordered = type == MD_BLOCK_OL;
			st->lists[st->depth].next = type == MD_BLOCK_OL ?
			    ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
		}
		st->depth++;
		break;
	case MD_BLOCK_LI:
		md_flush(st);
		st->cur = NULL;
		if (st->depth > 0 && st->depth <= MD_MAX_DEPTH &&
		    st->lists[st->depth - 1].ordered)
			snprintf(st->marker, sizeof st->marker, "%u.",
			    st->lists[st->depth - 1].next++ % 1000000u);
		else
			snprintf(st->marker, sizeof st->marker, "%s",
			    utf8_locale_ok() ? "\xe2\x80\xa2" : "*");
		break;
	case MD_BLOCK_H:
		if ((b = md_new_block(st, DOC_HEADING)) != NULL)
			b->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		st->attr |= DOC_A_HEADING;
		break;
	case MD_BLOCK_P:
		md_new_block(st, DOC_PARA);
		break;
	case MD_BLOCK_CODE:
		md_new_block(st, DOC_PRE);
		st->attr |= DOC_A_CODE;
		break;
	case MD_BLOCK_HR:
		md_new_block(st, DOC_RULE);
		break;
	case MD_BLOCK_TABLE:
		if ((b = md_new_block(st, DOC_TABLE)) != NULL)
			b->cols = ((MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
		st->in_table = 1;
		st->tcells = NULL;
		st->tn = st->trows = 0;
		st->tcols = b != NULL ? b->cols : 0;
		break;
	case MD_BLOCK_TR:
		st->trow_cells = 0;
		st->trows++;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		struct doc_cell *c;

		md_flush(st);
		if (st->trow_cells >= st->tcols) {
			/* Extra cells beyond the header are dropped. */
			st->tcell = NULL;
			st->in_cell = 1;
			break;
		}
		if (st->tn >= 100000 || (c = array_grow(st->tcells,
		    st->tn, sizeof *c)) == NULL) {
			st->err = ERR_NOMEM;
			break;
		}
		st->tcells = c;
		st->tcell = &c[st->tn++];
		st->tcell->spans = NULL;
		st->tcell->nspans = 0;
		st->trow_cells++;
		st->in_cell = 1;
		if (type == MD_BLOCK_TH)
			st->attr |= DOC_A_TH;
		break;
	}
	default:
		break;
	}
	return st->err != 0 ? -1 : 0;
}

static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *arg)
{
	struct md_state *st = arg;
	struct doc_block *tb;
	size_t i;

	(void)detail;
	switch (type) {
	case MD_BLOCK_QUOTE:
		md_flush(st);
		st->cur = NULL;
		st->quote--;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		md_flush(st);
		st->cur = NULL;
		st->depth--;
		break;
	case MD_BLOCK_LI:
		md_flush(st);
		st->cur = NULL;
		st->marker[0] = '\0';
		break;
	case MD_BLOCK_H:
		md_flush(st);
		st->attr &= ~(unsigned)DOC_A_HEADING;
		if (st->doc->title == NULL && st->cur != NULL) {
			st->doc->title = doc_block_text(st->cur);
			if (st->doc->title == NULL)
				st->err = ERR_NOMEM;
		}
		st->cur = NULL;
		break;
	case MD_BLOCK_CODE:
		md_flush(st);
		st->attr &= ~(unsigned)DOC_A_CODE;
		st->cur = NULL;
		break;
	case MD_BLOCK_P:
	case MD_BLOCK_HR:
		md_flush(st);
		st->cur = NULL;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		md_flush(st);
		st->in_cell = 0;
		st->tcell = NULL;
		st->attr &= ~(unsigned)DOC_A_TH;
		break;
	case MD_BLOCK_TR:
		/* Pad short rows so the table stays rectangular. */
		while (st->trow_cells < st->tcols) {
			struct doc_cell *c;

			if ((c = array_grow(st->tcells, st->tn,
			    sizeof *c)) == NULL) {
				st->err = ERR_NOMEM;
				break;
			}
			st->tcells = c;
			c[st->tn].spans = NULL;
			c[st->tn].nspans = 0;
			st->tn++;
			st->trow_cells++;
		}
		break;
	case MD_BLOCK_TABLE:
		st->in_table = 0;
		/* The table block is the last one opened at its start. */
		tb = NULL;
		for (i = st->doc->nblocks; i > 0; i--)
			if (st->doc->blocks[i - 1].kind == DOC_TABLE &&
			    st->doc->blocks[i - 1].cells == NULL) {
				tb = &st->doc->blocks[i - 1];
				break;
			}
		if (tb != NULL && st->tcols > 0) {
			tb->cells = st->tcells;
			tb->rows = st->tn / st->tcols;
			st->tcells = NULL;
		}
		free(st->tcells);
		st->tcells = NULL;
		st->cur = NULL;
		break;
	default:
		break;
	}
	return st->err != 0 ? -1 : 0;
}

static int
md_link_add(struct md_state *st, const MD_ATTRIBUTE *href)
{
	struct doc *d = st->doc;
	struct doc_link *l;
	char *t, *hash;
	size_t i, len;
	int internal = 1;

	/* md4c gives an empty target, as in "[a]()", a NULL text. */
	if ((t = strndup(href->text != NULL ? href->text : "",
	    href->size)) == NULL)
		return ERR_NOMEM;
	/* "other-page.md" or "other-page.md#part" is a page of the pack. */
	if ((hash = strchr(t, '#')) != NULL)
		*hash = '\0';
	len = strlen(t);
	if (len > 3 && strcmp(t + len - 3, ".md") == 0) {
		t[len - 3] = '\0';
		for (i = 0; t[i] != '\0'; i++)
			if (!((t[i] >= 'a' && t[i] <= 'z') ||
			    (t[i] >= '0' && t[i] <= '9') || t[i] == '-' ||
			    t[i] == '_'))
				internal = 0;
	} else
		internal = 0;
	if (!internal) {
		free(t);
		if ((t = utf8_sanitize(href->text != NULL ? href->text : "",
		    href->size, 0)) == NULL)
			return ERR_NOMEM;
	}
	if (d->nlinks >= 10000 ||
	    (l = array_grow(d->links, d->nlinks, sizeof *l)) == NULL) {
		free(t);
		return ERR_NOMEM;
	}
	d->links = l;
	l[d->nlinks].target = t;
	l[d->nlinks].internal = internal;
	return (int)d->nlinks++;
}

static int
md_enter_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct md_state *st = arg;
	int l;

	switch (type) {
	case MD_SPAN_STRONG:
		st->attr |= DOC_A_BOLD;
		break;
	case MD_SPAN_EM:
		st->attr |= DOC_A_EM;
		break;
	case MD_SPAN_CODE:
		st->attr |= DOC_A_CODE;
		break;
	case MD_SPAN_DEL:
		st->attr |= DOC_A_STRIKE;
		break;
	case MD_SPAN_A:
		l = md_link_add(st, &((MD_SPAN_A_DETAIL *)detail)->href);
		if (l < 0)
			st->err = l;
		else {
			st->link = l;
			st->attr |= DOC_A_LINK;
		}
		break;
	default:
		break;
	}
	return st->err != 0 ? -1 : 0;
}

static int
md_leave_span(MD_SPANTYPE type, void *detail, void *arg)
{
	struct md_state *st = arg;

	(void)detail;
	switch (type) {
	case MD_SPAN_STRONG:
		st->attr &= ~(unsigned)DOC_A_BOLD;
		break;
	case MD_SPAN_EM:
		st->attr &= ~(unsigned)DOC_A_EM;
		break;
	case MD_SPAN_CODE:
		st->attr &= ~(unsigned)DOC_A_CODE;
		break;
	case MD_SPAN_DEL:
		st->attr &= ~(unsigned)DOC_A_STRIKE;
		break;
	case MD_SPAN_A:
		st->link = -1;
		st->attr &= ~(unsigned)DOC_A_LINK;
		break;
	default:
		break;
	}
	return 0;
}

/* The few entities pages use; anything else stays as written. */
static void
md_entity(struct md_state *st, const char *t, size_t n)
{
	static const struct { const char *name, *text; } ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&apos;", "'" }, { "&nbsp;", " " },
		{ "&ndash;", "\xe2\x80\x93" }, { "&mdash;", "\xe2\x80\x94" },
		{ "&pound;", "\xc2\xa3" }, { "&hellip;", "\xe2\x80\xa6" },
	};
	char out[8];
	unsigned long cp;
	size_t i;

	for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
		if (strlen(ents[i].name) == n && memcmp(ents[i].name, t, n) == 0) {
			md_add_text(st, ents[i].text, strlen(ents[i].text));
			return;
		}
	if (n > 3 && t[1] == '#') {
		char num[16];

		if (n - 3 < sizeof num) {
			memcpy(num, t + 2, n - 3);
			num[n - 3] = '\0';
			cp = (num[0] == 'x' || num[0] == 'X') ?
			    strtoul(num + 1, NULL, 16) : strtoul(num, NULL, 10);
			if (cp > 0 && cp <= 0x10ffff) {
				md_add_text(st, out, utf8_encode((uint32_t)cp,
				    out));
				return;
			}
		}
	}
	md_add_text(st, t, n);
}

static int
md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *arg)
{
	struct md_state *st = arg;

	switch (type) {
	case MD_TEXT_NULLCHAR:
		md_add_text(st, "\xef\xbf\xbd", 3);
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		if (st->cur != NULL && st->cur->kind == DOC_PRE)
			md_add_text(st, "\n", 1);
		else
			md_add_text(st, " ", 1);
		break;
	case MD_TEXT_ENTITY:
		md_entity(st, text, size);
		break;
	case MD_TEXT_HTML:
		break;
	case MD_TEXT_CODE:
		md_add_text(st, text, size);
		break;
	default:
		md_add_text(st, text, size);
		break;
	}
	return st->err != 0 ? -1 : 0;
}

int
doc_parse_markdown(const char *md, size_t len, struct doc **out, char **cause)
{
	struct md_state st;
	MD_PARSER parser;
	int rc;

	*out = NULL;
	if (len > DOC_MAX_SIZE)
		return err_set(cause, ERR_LIMIT, "page larger than %u bytes",
		    DOC_MAX_SIZE);
	pthread_once(&md_once_ctl, md_once);
	if (md_parse_fn == NULL)
		return err_set(cause, ERR_UNSUPPORTED, "cannot read the page: "
		    "%s", md_why);
	memset(&st, 0, sizeof st);
	st.link = -1;
	st.text_link = -1;
	buf_init(&st.text);
	if ((st.doc = calloc(1, sizeof *st.doc)) == NULL)
		return ERR_NOMEM;
	memset(&parser, 0, sizeof parser);
	parser.abi_version = 0;
	parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML;
	parser.enter_block = md_enter_block;
	parser.leave_block = md_leave_block;
	parser.enter_span = md_enter_span;
	parser.leave_span = md_leave_span;
	parser.text = md_text;
	rc = md_parse_fn(md, (MD_SIZE)len, &parser, &st);
	md_flush(&st);
	free(st.tcells);
	buf_free(&st.text);
	if (st.err != 0 || rc != 0) {
		doc_free(&st.doc);
		return err_set(cause, st.err != 0 ? st.err : ERR_PARSE,
		    "cannot read the page: %s",
		    err_str(st.err != 0 ? st.err : ERR_PARSE));
	}
	if (st.doc->title == NULL && (st.doc->title = strdup("")) == NULL) {
		doc_free(&st.doc);
		return ERR_NOMEM;
	}
	*out = st.doc;
	return ERR_OK;
}

int
doc_load(const char *path, struct doc **out, char **cause)
{
	char *md = NULL, *c2 = NULL;
	size_t len;
	int r;

	*out = NULL;
	r = file_read(path, DOC_MAX_SIZE, &md, &len, cause);
	if (r == ERR_OK) {
		r = doc_parse_markdown(md, len, out, &c2);
		if (r != ERR_OK)
			err_set(cause, r, "%s: %s", path, c2 ? c2 : err_str(r));
	}
	free(c2);
	free(md);
	return r;
}

char *
doc_block_text(const struct doc_block *b)
{
	struct buf t = BUF_INIT;
	size_t i;

	for (i = 0; i < b->nspans; i++)
		buf_addstr(&t, b->spans[i].text);
	return buf_detach(&t, NULL);
}

int
doc_from_text(const char *title, const char *text, struct doc **out)
{
	const char *p = text, *nl;
	struct doc *d;
	struct doc_block *b;
	int r;

	/* Plain paragraphs, one per line: no Markdown interpretation. */
	*out = NULL;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return ERR_NOMEM;
	if ((d->title = utf8_sanitize(title, strlen(title), 0)) == NULL) {
		r = ERR_NOMEM;
		goto fail;
	}
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if ((b = array_grow(d->blocks, d->nblocks, sizeof *b)) ==
		    NULL) {
			r = ERR_NOMEM;
			goto fail;
		}
		d->blocks = b;
		b = &d->blocks[d->nblocks++];
		memset(b, 0, sizeof *b);
		b->kind = DOC_PARA;
		if ((r = md_add_span(&b->spans, &b->nspans, p,
		    nl ? (size_t)(nl - p) : strlen(p), 0, -1, 0)) != 0)
			goto fail;
		p = nl ? nl + 1 : p + strlen(p);
	}
	*out = d;
	return ERR_OK;
fail:
	doc_free(&d);
	return r;
}
