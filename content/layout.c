/*
 * Wrapping docs to a width; see layout.h.
 */
#include "content/layout.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/utf8.h"

#define LAYOUT_MAX_LINES	(4u * 1024 * 1024)
#define LAYOUT_PLAIN_RULE	3	/* columns of a rule read aloud */

struct lay {
	struct layout	*l;
	int		 err;
	int		 rtl;
	int		 linear;	/* for reading aloud: nothing side by side */
	size_t		 cap;	/* lines allocated */
};

/* A run of text being placed: the joined spans and who owns each byte. */
struct flow {
	struct buf	 text;
	unsigned	*attr;
	int		*link;
	size_t		 cap;
};

void
layout_free(struct layout **lp)
{
	struct layout *l;
	size_t i;

	if (lp == NULL || (l = *lp) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->lines[i].text);
		free(l->lines[i].runs);
	}
	free(l->lines);
	free(l);
	*lp = NULL;
}

static struct layout_line *
lay_new_line(struct lay *ly, int block)
{
	struct layout *l = ly->l;
	struct layout_line *n;

	if (ly->err != 0)
		return NULL;
	if (l->n >= LAYOUT_MAX_LINES) {
		ly->err = ERR_LIMIT;
		return NULL;
	}
	if (l->n == ly->cap) {
		size_t cap = ly->cap == 0 ? 64 : ly->cap * 2;

		if ((n = realloc(l->lines, cap * sizeof *n)) == NULL) {
			ly->err = ERR_NOMEM;
			return NULL;
		}
		l->lines = n;
		ly->cap = cap;
	}
	n = &l->lines[l->n++];
	memset(n, 0, sizeof *n);
	n->block = block;
	n->rtl = ly->rtl;
	if ((n->text = strdup("")) == NULL)
		ly->err = ERR_NOMEM;
	return n;
}

/* Append text with one attribute to a line. */
static void
lay_put(struct lay *ly, struct layout_line *ln, const char *s, size_t len,
    unsigned attr, int link)
{
	struct layout_run *r;
	char *t;

	if (ln == NULL || len == 0 || ly->err != 0)
		return;
	if ((t = realloc(ln->text, ln->len + len + 1)) == NULL) {
		ly->err = ERR_NOMEM;
		return;
	}
	ln->text = t;
	memcpy(t + ln->len, s, len);
	t[ln->len + len] = '\0';
	if (ln->nruns > 0 && ln->runs[ln->nruns - 1].attr == attr &&
	    ln->runs[ln->nruns - 1].link == link)
		ln->runs[ln->nruns - 1].len += len;
	else {
		if ((r = array_grow(ln->runs, ln->nruns, sizeof *r)) ==
		    NULL) {
			ly->err = ERR_NOMEM;
			return;
		}
		ln->runs = r;
		r[ln->nruns].off = ln->len;
		r[ln->nruns].len = len;
		r[ln->nruns].attr = attr;
		r[ln->nruns].link = link;
		ln->nruns++;
	}
	ln->len += len;
	ln->width += utf8_nwidth(s, len);
}

static void
lay_blank(struct lay *ly)
{
	struct layout *l = ly->l;

	if (l->n > 0 && l->lines[l->n - 1].len > 0)
		lay_new_line(ly, -1);
}

static void
flow_free(struct flow *f)
{
	buf_free(&f->text);
	free(f->attr);
	free(f->link);
	memset(f, 0, sizeof *f);
}

static int
flow_add(struct flow *f, const char *s, unsigned attr, int link)
{
	size_t len = strlen(s), i, need;

	need = f->text.len + len;
	if (need > f->cap) {
		size_t cap = f->cap ? f->cap : 256;
		unsigned *a;
		int *k;

		while (cap < need)
			cap *= 2;
		if ((a = realloc(f->attr, cap * sizeof *a)) == NULL)
			return ERR_NOMEM;
		f->attr = a;
		if ((k = realloc(f->link, cap * sizeof *k)) == NULL)
			return ERR_NOMEM;
		f->link = k;
		f->cap = cap;
	}
	for (i = 0; i < len; i++) {
		f->attr[f->text.len + i] = attr;
		f->link[f->text.len + i] = link;
	}
	buf_add(&f->text, s, len);
	return buf_failed(&f->text) ? ERR_NOMEM : 0;
}

/*
 * Place a flow in lines of `width` columns: the first line starts with
 * prefix1, the others with prefix2 (both of the same width).
 */
static void
lay_flow(struct lay *ly, const struct flow *f, size_t width,
    const char *prefix1, const char *prefix2, unsigned pattr, int block)
{
	const char *s = f->text.data;
	size_t len = f->text.len, pos = 0, pw, avail, fit, end, next, i, b;
	char *brk = NULL;
	struct layout_line *ln;
	int first = 1, wide;

	pw = utf8_width(prefix1);
	if (pw >= width) {
		/* Too narrow for indentation: the text matters more. */
		prefix1 = prefix2 = "";
		pw = 0;
	}
	avail = width - pw;
	if (s == NULL || len == 0) {
		if ((ln = lay_new_line(ly, block)) != NULL)
			lay_put(ly, ln, prefix1, strlen(prefix1), pattr, -1);
		return;
	}
	if ((brk = malloc(len)) == NULL || utf8_breaks(s, len, brk) != 0) {
		ly->err = ERR_NOMEM;
		goto out;
	}
	while (pos < len && ly->err == 0) {
		/* A continuation line does not start with spaces. */
		if (!first)
			while (pos < len && s[pos] == ' ')
				pos++;
		if (pos >= len)
			break;
		fit = utf8_fit(s + pos, len - pos, avail, NULL);
		wide = 0;
		if (fit == 0) {
			/*
			 * One cluster wider than the room left: it gets a line
			 * of its own without the indentation. One wider than
			 * the whole line (a wide character in one column, a
			 * long conjunct) stays whole there: the canvas clips
			 * it, and nothing of the text is lost.
			 */
			fit = utf8_cluster(s + pos, len - pos, NULL);
			wide = 1;
		}
		end = pos + fit;
		next = end;
		/* A mandatory break inside the piece ends the line there. */
		for (i = pos + 1; i < end; i++)
			if (brk[i] == 2) {
				end = next = i;
				break;
			}
		if (i == end && end < len && brk[end] == 0) {
			/* Break at the last opportunity that fits. */
			for (b = end; b > pos; b--)
				if (brk[b] != 0)
					break;
			if (b > pos)
				end = next = b;
		}
		/* Drop trailing spaces and the newline itself. */
		while (end > pos && (s[end - 1] == ' ' || s[end - 1] == '\n'))
			end--;
		if ((ln = lay_new_line(ly, block)) == NULL)
			break;
		if (!wide)
			lay_put(ly, ln, first ? prefix1 : prefix2,
			    strlen(first ? prefix1 : prefix2), pattr, -1);
		for (i = pos; i < end; ) {
			size_t j = i;

			while (j < end && f->attr[j] == f->attr[i] &&
			    f->link[j] == f->link[i])
				j++;
			lay_put(ly, ln, s + i, j - i, f->attr[i], f->link[i]);
			i = j;
		}
		pos = next;
		first = 0;
	}
out:
	free(brk);
}

static int
flow_spans(struct flow *f, const struct doc_span *spans, size_t n,
    unsigned extra)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		if ((r = flow_add(f, spans[i].text, spans[i].attr | extra,
		    spans[i].link)) != 0)
			return r;
	return 0;
}

static char *
cell_text(const struct doc_cell *c)
{
	struct buf t = BUF_INIT;
	size_t i;

	for (i = 0; i < c->nspans; i++)
		buf_addstr(&t, c->spans[i].text);
	return buf_detach(&t, NULL);
}

/* Prefix for quote bars and list indentation. */
static void
lay_prefix(struct buf *p, const struct doc_block *b, int first, int ascii)
{
	int i;
	size_t w;

	for (i = 0; i < b->quote && i < 8; i++)
		buf_addstr(p, ascii ? "| " : "\xe2\x94\x82 ");
	for (i = 1; i < b->depth && i < 8; i++)
		buf_addstr(p, "  ");
	if (b->depth > 0) {
		if (first && b->marker[0] != '\0') {
			buf_addstr(p, b->marker);
			buf_addch(p, ' ');
		} else {
			/* Hang under the text of the item. */
			w = b->marker[0] != '\0' ? utf8_width(b->marker) + 1 :
			    2;
			while (w-- > 0)
				buf_addch(p, ' ');
		}
	}
}

static void
lay_table(struct lay *ly, const struct doc_block *b, size_t width, int bi,
    int ascii)
{
	size_t c, r, *cw = NULL, total = 0, avail;
	char *t;
	struct buf pre = BUF_INIT;
	struct flow f;

	memset(&f, 0, sizeof f);
	lay_prefix(&pre, b, 0, ascii);
	/* Too narrow for indentation, as in lay_flow. */
	if (utf8_width(buf_str(&pre)) >= width)
		buf_truncate(&pre, 0);
	avail = width - utf8_width(buf_str(&pre));
	if (b->cols == 0 || b->rows == 0 || b->cells == NULL)
		goto out;
	if ((cw = calloc(b->cols, sizeof *cw)) == NULL) {
		ly->err = ERR_NOMEM;
		goto out;
	}
	for (r = 0; r < b->rows; r++)
		for (c = 0; c < b->cols; c++) {
			if ((t = cell_text(&b->cells[r * b->cols + c])) == NULL) {
				ly->err = ERR_NOMEM;
				goto out;
			}
			if (utf8_width(t) > cw[c])
				cw[c] = utf8_width(t);
			free(t);
		}
	for (c = 0; c < b->cols; c++)
		total += cw[c] + (c > 0 ? 3 : 0);
	if (total <= avail) {
		/* A grid: cells padded, " | " between, a rule under row 0. */
		for (r = 0; r < b->rows && ly->err == 0; r++) {
			struct layout_line *ln = lay_new_line(ly, bi);

			lay_put(ly, ln, pre.data, pre.len, DOC_A_DECOR, -1);
			for (c = 0; c < b->cols; c++) {
				const struct doc_cell *cell =
				    &b->cells[r * b->cols + c];
				size_t i, w = 0;

				if (c > 0)
					lay_put(ly, ln, ascii ? " | " :
					    " \xe2\x94\x82 ", ascii ? 3 : 5,
					    DOC_A_DECOR, -1);
				for (i = 0; i < cell->nspans; i++) {
					lay_put(ly, ln, cell->spans[i].text,
					    strlen(cell->spans[i].text),
					    cell->spans[i].attr |
					    (r == 0 ? DOC_A_TH : 0),
					    cell->spans[i].link);
					w += utf8_width(cell->spans[i].text);
				}
				if (c + 1 < b->cols)
					for (; w < cw[c]; w++)
						lay_put(ly, ln, " ", 1, 0, -1);
			}
			if (r == 0) {
				ln = lay_new_line(ly, bi);
				lay_put(ly, ln, pre.data, pre.len, DOC_A_DECOR,
				    -1);
				for (c = 0; c < b->cols; c++) {
					size_t i;

					if (c > 0)
						lay_put(ly, ln, ascii ? "-+-" :
						    "\xe2\x94\x80\xe2\x94\xbc"
						    "\xe2\x94\x80", ascii ? 3 : 9,
						    DOC_A_DECOR, -1);
					for (i = 0; i < cw[c]; i++)
						lay_put(ly, ln, ascii ? "-" :
						    "\xe2\x94\x80", ascii ? 1 : 3,
						    DOC_A_DECOR, -1);
				}
			}
		}
		goto out;
	}
	/* Too wide: each row as "Header: value" lines. */
	for (r = 1; r < b->rows && ly->err == 0; r++) {
		if (r > 1)
			lay_blank(ly);
		for (c = 0; c < b->cols; c++) {
			const struct doc_cell *h = &b->cells[c];
			const struct doc_cell *cell = &b->cells[r * b->cols + c];

			flow_free(&f);
			if (flow_spans(&f, h->spans, h->nspans, DOC_A_TH) != 0 ||
			    flow_add(&f, ": ", DOC_A_TH, -1) != 0 ||
			    flow_spans(&f, cell->spans, cell->nspans, 0) != 0) {
				ly->err = ERR_NOMEM;
				break;
			}
			lay_flow(ly, &f, width, buf_str(&pre), buf_str(&pre),
			    DOC_A_DECOR, bi);
		}
	}
out:
	flow_free(&f);
	buf_free(&pre);
	free(cw);
}

/*
 * "You said, we did" tables (doc.h, pack.h). A row whose first cell is
 * empty continues the row above it: its cells are more items in the same
 * columns. Each row (a record) is set either side by side, every column
 * wrapped in its own width under its header, or, when that would be too
 * narrow (or the layout is for reading aloud), stacked as one labelled
 * block per column: "We did: ..." for one item, "We did:" then a bullet
 * per item for more. Empty columns are left out of the stacked form.
 */
#define LAYOUT_SIDE_BY_SIDE	96	/* columns: a 100-wide window less margins */
#define LAYOUT_MIN_COLUMN	20

/* Copy the lines of src (a wrapped column) into line ln of ly. */
static size_t
lay_copy_line(struct lay *ly, struct layout_line *ln,
    const struct layout_line *src)
{
	size_t r;

	for (r = 0; r < src->nruns; r++)
		lay_put(ly, ln, src->text + src->runs[r].off, src->runs[r].len,
		    src->runs[r].attr, src->runs[r].link);
	return src->width;
}

/* A rule across the columns: "───┼───". */
static void
lay_column_rule(struct lay *ly, const size_t *cw, size_t ncols,
    const struct buf *pre, int bi, int ascii)
{
	struct layout_line *ln = lay_new_line(ly, bi);
	size_t c, i;

	lay_put(ly, ln, pre->data, pre->len, DOC_A_DECOR, -1);
	for (c = 0; c < ncols; c++) {
		if (c > 0)
			lay_put(ly, ln, ascii ? "-+-" : "\xe2\x94\x80\xe2\x94\xbc"
			    "\xe2\x94\x80", ascii ? 3 : 9, DOC_A_DECOR, -1);
		for (i = 0; i < cw[c]; i++)
			lay_put(ly, ln, ascii ? "-" : "\xe2\x94\x80", ascii ? 1 : 3,
			    DOC_A_DECOR, -1);
	}
}

/* Columns of wrapped lines, side by side, with " │ " between them. */
static void
lay_columns(struct lay *ly, struct layout *const *cols, const size_t *cw,
    size_t ncols, const struct buf *pre, int bi, int ascii)
{
	struct layout_line *ln;
	size_t c, r, w, rows = 0;

	for (c = 0; c < ncols; c++)
		if (cols[c]->n > rows)
			rows = cols[c]->n;
	for (r = 0; r < rows && ly->err == 0; r++) {
		ln = lay_new_line(ly, bi);
		lay_put(ly, ln, pre->data, pre->len, DOC_A_DECOR, -1);
		for (c = 0; c < ncols; c++) {
			if (c > 0)
				lay_put(ly, ln, ascii ? " | " : " \xe2\x94\x82 ",
				    ascii ? 3 : 5, DOC_A_DECOR, -1);
			w = r < cols[c]->n ? lay_copy_line(ly, ln,
			    &cols[c]->lines[r]) : 0;
			if (c + 1 < ncols)
				for (; w < cw[c]; w++)
					lay_put(ly, ln, " ", 1, 0, -1);
		}
	}
}

/* The cells of column c in the record of rows [r0, r1). */
static size_t
said_items(const struct doc_block *b, size_t r0, size_t r1, size_t c)
{
	size_t r, n = 0;

	for (r = r0; r < r1; r++)
		if (b->cells[r * b->cols + c].nspans > 0)
			n++;
	return n;
}

/* Wrap the items of one column of a record into lines of width w. */
static void
said_column(struct lay *col, const struct doc_block *b, size_t r0, size_t r1,
    size_t c, size_t w, const char *bullet, int bi)
{
	const struct doc_cell *cell;
	struct flow f;
	size_t r, n = said_items(b, r0, r1, c);

	memset(&f, 0, sizeof f);
	for (r = r0; r < r1 && col->err == 0; r++) {
		cell = &b->cells[r * b->cols + c];
		if (cell->nspans == 0)
			continue;
		flow_free(&f);
		if (flow_spans(&f, cell->spans, cell->nspans, 0) != 0) {
			col->err = ERR_NOMEM;
			break;
		}
		lay_flow(col, &f, w, n > 1 ? bullet : "", n > 1 ? "  " : "",
		    DOC_A_DECOR, bi);
	}
	flow_free(&f);
}

/* The stacked form of one record: a labelled block per column. */
static void
said_stacked(struct lay *ly, const struct doc_block *b, size_t r0, size_t r1,
    size_t width, const struct buf *pre, const char *bullet, int bi)
{
	const struct doc_cell *cell;
	struct buf first = BUF_INIT, rest = BUF_INIT;
	struct flow f;
	size_t c, r, n;
	char *label;

	memset(&f, 0, sizeof f);
	/* Bullets hang under the label: "• text", then "  text". */
	buf_add(&first, pre->data, pre->len);
	buf_addstr(&first, bullet);
	buf_add(&rest, pre->data, pre->len);
	buf_addstr(&rest, "  ");
	for (c = 0; c < b->cols && ly->err == 0; c++) {
		if ((n = said_items(b, r0, r1, c)) == 0)
			continue;
		flow_free(&f);
		if ((label = cell_text(&b->cells[c])) == NULL ||
		    flow_add(&f, label, DOC_A_TH, -1) != 0 ||
		    (label[0] != '\0' && label[strlen(label) - 1] != ':' &&
		    flow_add(&f, ":", DOC_A_TH, -1) != 0))
			ly->err = ERR_NOMEM;
		free(label);
		/* One item follows its label on the same line. */
		for (r = r0; r < r1 && n == 1 && ly->err == 0; r++) {
			cell = &b->cells[r * b->cols + c];
			if (cell->nspans > 0 && (flow_add(&f, " ", 0, -1) != 0 ||
			    flow_spans(&f, cell->spans, cell->nspans, 0) != 0))
				ly->err = ERR_NOMEM;
		}
		if (ly->err == 0)
			lay_flow(ly, &f, width, buf_str(pre), buf_str(pre),
			    DOC_A_DECOR, bi);
		for (r = r0; r < r1 && n > 1 && ly->err == 0; r++) {
			cell = &b->cells[r * b->cols + c];
			if (cell->nspans == 0)
				continue;
			flow_free(&f);
			if (flow_spans(&f, cell->spans, cell->nspans, 0) != 0)
				ly->err = ERR_NOMEM;
			else
				lay_flow(ly, &f, width, buf_str(&first),
				    buf_str(&rest), DOC_A_DECOR, bi);
		}
	}
	if (buf_failed(&first) || buf_failed(&rest))
		ly->err = ERR_NOMEM;
	flow_free(&f);
	buf_free(&first);
	buf_free(&rest);
}

/*
 * The side-by-side form of rows [r0, r1): each column wrapped in its own
 * width, then set next to each other. th marks the header row.
 */
static void
said_side(struct lay *ly, const struct doc_block *b, size_t r0, size_t r1,
    const size_t *cw, const struct buf *pre, const char *bullet, int bi,
    int ascii, int th)
{
	struct layout *cols[4] = { NULL, NULL, NULL, NULL };
	struct lay col;
	size_t c, i, k;

	for (c = 0; c < b->cols && ly->err == 0; c++) {
		memset(&col, 0, sizeof col);
		col.rtl = ly->rtl;
		if ((col.l = cols[c] = calloc(1, sizeof *cols[c])) == NULL) {
			ly->err = ERR_NOMEM;
			break;
		}
		said_column(&col, b, r0, r1, c, cw[c], bullet, bi);
		if (col.err != 0)
			ly->err = col.err;
		for (i = 0; th && i < cols[c]->n; i++)
			for (k = 0; k < cols[c]->lines[i].nruns; k++)
				cols[c]->lines[i].runs[k].attr |= DOC_A_TH;
	}
	if (ly->err == 0)
		lay_columns(ly, cols, cw, b->cols, pre, bi, ascii);
	for (c = 0; c < 4; c++)
		layout_free(&cols[c]);
}

static void
lay_said_did(struct lay *ly, const struct doc_block *b, size_t width, int bi,
    int ascii)
{
	struct buf pre = BUF_INIT;
	const char *bullet = ascii ? "* " : "\xe2\x80\xa2 ";
	size_t cw[4], avail, c, r0, r1, ncols = b->cols;
	int side;

	lay_prefix(&pre, b, 0, ascii);
	if (utf8_width(buf_str(&pre)) >= width)
		buf_truncate(&pre, 0);
	avail = width - utf8_width(buf_str(&pre));
	if (ncols == 0 || b->rows == 0 || b->cells == NULL)
		goto out;
	side = !ly->linear && ncols >= 2 && ncols <= 4 &&
	    avail >= LAYOUT_SIDE_BY_SIDE &&
	    (avail - 3 * (ncols - 1)) / ncols >= LAYOUT_MIN_COLUMN;
	for (c = 0; side && c < ncols; c++)
		cw[c] = (avail - 3 * (ncols - 1)) / ncols;
	if (side) {
		said_side(ly, b, 0, 1, cw, &pre, bullet, bi, ascii, 1);
		lay_column_rule(ly, cw, ncols, &pre, bi, ascii);
	}
	for (r0 = 1; r0 < b->rows && ly->err == 0; r0 = r1) {
		/* A record: this row and the ones that continue it. */
		for (r1 = r0 + 1; r1 < b->rows &&
		    b->cells[r1 * b->cols].nspans == 0; r1++)
			;
		if (side) {
			if (r0 > 1)
				lay_column_rule(ly, cw, ncols, &pre, bi, ascii);
			said_side(ly, b, r0, r1, cw, &pre, bullet, bi, ascii, 0);
		} else {
			if (r0 > 1)
				lay_blank(ly);
			said_stacked(ly, b, r0, r1, width, &pre, bullet, bi);
		}
	}
out:
	buf_free(&pre);
}

static int
layout_doc_mode(const struct doc *d, size_t width, int rtl, int linear,
    struct layout **out)
{
	struct lay ly;
	const struct doc_block *b, *prev = NULL;
	struct buf p1 = BUF_INIT, p2 = BUF_INIT;
	struct flow f;
	size_t i, k, w;
	int ascii = !utf8_locale_ok();

	*out = NULL;
	if (width < 1)
		width = 1;
	memset(&ly, 0, sizeof ly);
	memset(&f, 0, sizeof f);
	ly.rtl = rtl;
	ly.linear = linear;
	if ((ly.l = calloc(1, sizeof *ly.l)) == NULL)
		return ERR_NOMEM;
	ly.l->width = width;
	for (i = 0; i < d->nblocks && ly.err == 0; i++) {
		b = &d->blocks[i];
		/* Items of one list sit together; other blocks are apart. */
		if (prev != NULL && !(b->depth > 0 && prev->depth > 0 &&
		    b->kind == DOC_PARA && prev->kind == DOC_PARA) &&
		    !(b->kind == DOC_PRE && prev->kind == DOC_PRE))
			lay_blank(&ly);
		prev = b;
		buf_truncate(&p1, 0);
		buf_truncate(&p2, 0);
		lay_prefix(&p1, b, 1, ascii);
		lay_prefix(&p2, b, 0, ascii);
		flow_free(&f);
		switch (b->kind) {
		case DOC_RULE: {
			struct layout_line *ln = lay_new_line(&ly, (int)i);

			/*
			 * Read aloud, the width is unbounded: a rule across it
			 * would be 100000 characters. A short one marks the
			 * break as well.
			 */
			k = ly.linear && width > LAYOUT_PLAIN_RULE ?
			    LAYOUT_PLAIN_RULE : width;
			for (w = 0; w < k && ly.err == 0; w++)
				lay_put(&ly, ln, ascii ? "-" : "\xe2\x94\x80",
				    ascii ? 1 : 3, DOC_A_DECOR, -1);
			break;
		}
		case DOC_TABLE:
			if (b->said_did)
				lay_said_did(&ly, b, width, (int)i, ascii);
			else
				lay_table(&ly, b, width, (int)i, ascii);
			break;
		case DOC_HEADING:
		case DOC_PARA:
		case DOC_PRE:
			if (flow_spans(&f, b->spans, b->nspans, 0) != 0) {
				ly.err = ERR_NOMEM;
				break;
			}
			lay_flow(&ly, &f, width, buf_str(&p1), buf_str(&p2),
			    DOC_A_DECOR, (int)i);
			if (b->kind == DOC_HEADING && b->level <= 2) {
				/* Underline: visible without colour too. */
				struct layout_line *ln, *last;

				last = &ly.l->lines[ly.l->n - 1];
				/* A lone over-wide cluster is no wider a rule. */
				w = last->width < width ? last->width : width;
				ln = lay_new_line(&ly, (int)i);
				for (k = 0; k < w && ly.err == 0; k++)
					lay_put(&ly, ln, b->level == 1 ?
					    (ascii ? "=" : "\xe2\x95\x90") :
					    (ascii ? "-" : "\xe2\x94\x80"),
					    ascii ? 1 : 3, DOC_A_DECOR, -1);
			}
			break;
		}
	}
	flow_free(&f);
	buf_free(&p1);
	buf_free(&p2);
	if (ly.err != 0) {
		layout_free(&ly.l);
		return ly.err;
	}
	*out = ly.l;
	return ERR_OK;
}

int
layout_doc(const struct doc *d, size_t width, int rtl, struct layout **out)
{
	return layout_doc_mode(d, width, rtl, 0, out);
}

int
layout_doc_plain(const struct doc *d, struct layout **out)
{
	return layout_doc_mode(d, LAYOUT_PLAIN_WIDTH, 0, 1, out);
}

int
layout_text(const char *text, unsigned attr, size_t width,
    struct layout **out)
{
	struct lay ly;
	struct flow f;

	*out = NULL;
	memset(&ly, 0, sizeof ly);
	memset(&f, 0, sizeof f);
	if ((ly.l = calloc(1, sizeof *ly.l)) == NULL)
		return ERR_NOMEM;
	ly.l->width = width < 1 ? 1 : width;
	ly.rtl = utf8_rtl(text, strlen(text));
	if (flow_add(&f, text, attr, -1) != 0)
		ly.err = ERR_NOMEM;
	else
		lay_flow(&ly, &f, ly.l->width, "", "", 0, 0);
	flow_free(&f);
	if (ly.err != 0) {
		layout_free(&ly.l);
		return ly.err;
	}
	*out = ly.l;
	return ERR_OK;
}

long
layout_link_line(const struct layout *l, int link)
{
	size_t i, j;

	for (i = 0; i < l->n; i++)
		for (j = 0; j < l->lines[i].nruns; j++)
			if (l->lines[i].runs[j].link == link)
				return (long)i;
	return -1;
}

/* Split the run of ln that spans byte pos, so that a run starts there. */
static int
layout_line_split(struct layout_line *ln, size_t pos)
{
	struct layout_run *r;
	size_t i;

	for (i = 0; i < ln->nruns; i++) {
		r = &ln->runs[i];
		if (pos <= r->off || pos >= r->off + r->len)
			continue;
		if ((r = array_grow(ln->runs, ln->nruns, sizeof *r)) ==
		    NULL)
			return ERR_NOMEM;
		ln->runs = r;
		memmove(&r[i + 2], &r[i + 1], (ln->nruns - i - 1) * sizeof *r);
		r[i + 1] = r[i];
		r[i + 1].off = pos;
		r[i + 1].len = r[i].off + r[i].len - pos;
		r[i].len = pos - r[i].off;
		ln->nruns++;
		return ERR_OK;
	}
	return ERR_OK;
}

int
layout_line_mark(struct layout_line *ln, size_t off, size_t len,
    unsigned attr)
{
	size_t i;

	if (len == 0 || off >= ln->len)
		return ERR_OK;
	if (off + len > ln->len)
		len = ln->len - off;
	if (layout_line_split(ln, off) != ERR_OK ||
	    layout_line_split(ln, off + len) != ERR_OK)
		return ERR_NOMEM;
	for (i = 0; i < ln->nruns; i++)
		if (ln->runs[i].off >= off && ln->runs[i].off < off + len)
			ln->runs[i].attr |= attr;
	return ERR_OK;
}
