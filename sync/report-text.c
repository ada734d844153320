/*
 * The report in a terminal: each question's label, how many answered, and
 * one line per choice with a bar, the count and the percentage. Widths are
 * measured with the UTF-8 module and every label or answer is sanitised
 * first, so text from a form or a person cannot move the cursor.
 */
#include "sync/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/utf8.h"
#include "content/xlsform.h"

#define RT_LABEL_MAX	32	/* columns for choice labels */

/* Wrap s (sanitised) into lines of at most w columns, each after indent. */
static void
rt_wrap(struct buf *b, const char *s, size_t w, const char *indent)
{
	char *clean = utf8_sanitize(s, strlen(s), 0);
	const char *p, *space;
	size_t len, n, used;

	if (clean == NULL)
		return;
	for (p = clean; *p != '\0';) {
		len = strlen(p);
		n = utf8_fit(p, len, w, &used);
		if (n < len) {
			/* Break at the last space that fits, if any. */
			for (space = p + n; space > p && *space != ' '; space--)
				;
			if (space > p)
				n = (size_t)(space - p);
		}
		buf_addstr(b, indent);
		buf_add(b, p, n);
		buf_addch(b, '\n');
		p += n;
		while (*p == ' ')
			p++;
		if (n == 0)
			break;
	}
	free(clean);
}

static void
rt_bar(struct buf *b, double frac, size_t w, int utf8)
{
	size_t eighths = (size_t)(frac * (double)w * 8 + 0.5), i;
	static const char *const part[] = { "", "\xe2\x96\x8f", "\xe2\x96\x8e",
	    "\xe2\x96\x8d", "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
	    "\xe2\x96\x89" };
	size_t used = 0;

	if (eighths > w * 8)
		eighths = w * 8;
	for (i = 0; i < eighths / 8; i++, used++)
		buf_addstr(b, utf8 ? "\xe2\x96\x88" : "#");
	if (eighths % 8 != 0 && used < w) {
		buf_addstr(b, utf8 ? part[eighths % 8] : (eighths % 8 >= 4 ?
		    "#" : " "));
		used++;
	}
	while (used++ < w)
		buf_addch(b, ' ');
}

/*
 * A choice's label in a column of w: its first line into b (padded), the
 * rest of it (NULL when it fits) for the lines under the bar. Caller frees.
 */
static char *
rt_label(struct buf *b, const char *s, size_t w)
{
	char *clean = utf8_sanitize(s, strlen(s), 0), *rest = NULL;
	const char *space;
	size_t used = 0, n, len;

	if (clean == NULL)
		return NULL;
	len = strlen(clean);
	n = utf8_fit(clean, len, w, &used);
	if (n < len) {
		/* Break at the last space that fits, if any. */
		for (space = clean + n; space > clean && *space != ' '; space--)
			;
		if (space > clean)
			n = (size_t)(space - clean);
		utf8_fit(clean, n, w, &used);
		for (space = clean + n; *space == ' '; space++)
			;
		if (*space != '\0')
			rest = strdup(space);
	}
	buf_add(b, clean, n);
	while (used++ < w)
		buf_addch(b, ' ');
	free(clean);
	return rest;
}

static void
rt_question(struct buf *b, const struct report_question *rq,
    const struct report *r, unsigned suppress, int with_text, int width,
    int utf8)
{
	char cnt[48], *rest, *more;
	size_t k, lw = 0, bw, lwid;
	double frac;

	rt_wrap(b, rq->label, (size_t)width, "");
	buf_printf(b, "  %s", report_answered_str(rq->answered, r->total,
	    suppress, cnt, sizeof cnt));
	if (rq->kind == REPORT_MULTI)
		buf_addstr(b, " (more than one choice allowed)");
	if (rq->kind == REPORT_RANK)
		buf_addstr(b, " (how often each came first)");
	buf_addch(b, '\n');
	if (rq->kind == REPORT_NUMBER) {
		if (rq->answered > 0 && !report_hidden(rq->answered, suppress))
			buf_printf(b, "  lowest %g, median %g, highest %g\n",
			    rq->min, rq->median, rq->max);
		return;
	}
	if (rq->kind == REPORT_TEXT) {
		if (!report_shows_text(suppress, with_text)) {
			if (rq->ntexts > 0)
				buf_addstr(b, "  (the answers are left out: "
				    "free text can name who wrote it; "
				    "--with-text shows them)\n");
			return;
		}
		if (report_hidden(rq->answered, suppress))
			return;
		for (k = 0; k < rq->ntexts; k++)
			rt_wrap(b, rq->texts[k], (size_t)width - 4, "  - ");
		return;
	}
	for (k = 0; k < rq->nbars; k++) {
		lwid = utf8_width(rq->bars[k].label);
		if (lwid > lw)
			lw = lwid;
	}
	if (lw > RT_LABEL_MAX)
		lw = RT_LABEL_MAX;
	bw = (size_t)width > lw + 28 ? (size_t)width - lw - 28 : 10;
	for (k = 0; k < rq->nbars; k++) {
		const struct report_bar *bar = &rq->bars[k];

		buf_addstr(b, "  ");
		rest = rt_label(b, bar->label, lw);
		buf_addstr(b, "  ");
		if (report_hidden(bar->count, suppress)) {
			rt_bar(b, 0, bw, utf8);
			buf_printf(b, "  fewer than %u\n", suppress);
		} else {
			frac = rq->answered > 0 ? (double)bar->count /
			    (double)rq->answered : 0;
			rt_bar(b, frac, bw, utf8);
			buf_printf(b, " %6zu %4.0f%%\n", bar->count,
			    frac * 100);
		}
		/* The rest of a long label, under its first line. */
		while (rest != NULL) {
			buf_addstr(b, "  ");
			more = rt_label(b, rest, lw);
			while (b->len > 0 && b->data[b->len - 1] == ' ')
				buf_truncate(b, b->len - 1);
			buf_addch(b, '\n');
			free(rest);
			rest = more;
		}
	}
}

int
report_text(const struct report *r, FILE *out, unsigned suppress,
    int with_text, int width, int utf8)
{
	struct buf b = BUF_INIT;
	char cnt[32];
	const char *group = NULL;
	size_t i;
	int e = ERR_OK;

	if (width < 40)
		width = 40;
	rt_wrap(&b, r->title, (size_t)width, "");
	buf_printf(&b, "%s responses to %s", report_count_str(r->total,
	    suppress, cnt, sizeof cnt), r->f->id);
	if (r->f->version != NULL)
		buf_printf(&b, " (version %s)", r->f->version);
	if (r->total > 0)
		buf_printf(&b, ", %.10s to %.10s", r->first, r->last);
	buf_addstr(&b, "\n");
	if (suppress > 1)
		buf_printf(&b, "Counts from 1 to %u are shown as \"fewer than "
		    "%u\".%s\n", suppress - 1, suppress, with_text ? "" :
		    " Free-text answers are left out.");
	for (i = 0; i < r->n; i++) {
		const struct report_question *rq = &r->v[i];

		if (rq->group != NULL && (group == NULL ||
		    strcmp(group, rq->group) != 0)) {
			buf_addch(&b, '\n');
			rt_wrap(&b, rq->group, (size_t)width, "== ");
		}
		group = rq->group;
		buf_addch(&b, '\n');
		rt_question(&b, rq, r, suppress, with_text, width, utf8);
	}
	if (buf_failed(&b))
		e = ERR_NOMEM;
	else if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0)
		e = ERR_IO;
	buf_free(&b);
	return e;
}
