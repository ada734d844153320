/*
 * The report as one self-contained HTML page: inline CSS (with a print
 * stylesheet), an inline SVG bar chart per closed question followed by a
 * table of the same numbers (the chart for the eye, the table for screen
 * readers and for copying), and free text as lists. No scripts, no fonts,
 * no images, no links out: the file can be mailed, opened offline and
 * printed.
 *
 * Everything from a form or a person is sanitised (utf8_sanitize) and then
 * escaped for HTML; ids come from XLSForm names, which are escaped too.
 */
#include "sync/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/utf8.h"
#include "content/xlsform.h"

#define RH_CHART_W	720	/* SVG user units */
#define RH_BAR_MAX	560	/* the bar of 100% */
#define RH_ROW_H	44
#define RH_LABEL_LINE	80	/* characters of a chart label's line */
#define RH_LABEL_LINES	8	/* lines of a chart label, at most */
#define RH_LINE_H	18	/* SVG units between a label's lines */

static const char rh_style[] =
	":root{--ink:#0b0c0c;--muted:#505a5f;--rule:#b1b4b6;--bar:#1d70b8;"
	"--track:#f3f2f1}\n"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Arial,"
	"sans-serif;color:var(--ink);background:#fff;max-width:60rem;"
	"margin:2rem auto;padding:0 1rem;line-height:1.45;font-size:1.05rem}\n"
	"h1{font-size:2rem;margin-bottom:.25rem}\n"
	"h2{font-size:1.3rem;margin:.25rem 0}\n"
	"section.question{border-top:1px solid var(--rule);margin-top:2rem;"
	"padding-top:1rem}\n"
	".meta,.group{color:var(--muted);margin:.25rem 0}\n"
	".group{text-transform:uppercase;letter-spacing:.05em;"
	"font-size:.85rem}\n"
	"figure{margin:1rem 0}\n"
	"svg{width:100%;height:auto;max-width:48rem}\n"
	"svg text{font-size:14px;fill:var(--ink)}\n"
	"svg .bar{fill:var(--bar)}\nsvg .track{fill:var(--track)}\n"
	"table{border-collapse:collapse;margin:.5rem 0 1rem}\n"
	"caption{text-align:left;color:var(--muted);padding:.25rem 0}\n"
	"th,td{border-bottom:1px solid var(--rule);padding:.3rem .75rem;"
	"text-align:left;vertical-align:top}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"ul.texts li{margin:.4rem 0;white-space:pre-wrap}\n"
	"@media print{body{max-width:none;margin:0;font-size:10.5pt}"
	"section.question{break-inside:avoid;page-break-inside:avoid}"
	"h2{break-after:avoid}svg .bar{fill:#000}svg .track{fill:#ddd}"
	"@page{margin:15mm}}\n";

/* Append s, sanitised and escaped for HTML text or attributes. */
static void
rh_esc(struct buf *b, const char *s)
{
	char *clean = s != NULL ? utf8_sanitize(s, strlen(s), 1) : NULL;
	const char *p;

	if (clean == NULL)
		return;
	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '"':
			buf_addstr(b, "&quot;");
			break;
		case '\'':
			buf_addstr(b, "&#39;");
			break;
		default:
			buf_addch(b, *p);
		}
	}
	free(clean);
}

/*
 * A label's lines for a chart, each at most RH_LABEL_LINE characters,
 * broken at spaces (a word longer than a line is cut inside it). Returns
 * how many lines; *linesp gets their starts and lengths in s.
 */
static size_t
rh_label_lines(const char *s, size_t starts[RH_LABEL_LINES],
    size_t lens[RH_LABEL_LINES])
{
	size_t len = strlen(s), at = 0, n = 0, i, chars, brk;
	uint32_t cp;

	while (at < len && n < RH_LABEL_LINES) {
		while (at < len && s[at] == ' ')
			at++;
		if (at >= len)
			break;
		i = at;
		chars = 0;
		brk = 0;
		while (i < len && chars < RH_LABEL_LINE) {
			if (s[i] == ' ')
				brk = i;
			i += utf8_decode(s + i, len - i, &cp);
			chars++;
		}
		if (i < len && s[i] != ' ' && brk > at)
			i = brk;
		starts[n] = at;
		lens[n] = i - at;
		n++;
		at = i;
	}
	return n;
}

/* The rows of a chart's bar: the label's lines and the bar under them. */
static size_t
rh_bar_height(const struct report_bar *bar)
{
	size_t starts[RH_LABEL_LINES], lens[RH_LABEL_LINES];
	size_t n = rh_label_lines(bar->label, starts, lens);

	return RH_ROW_H + (n > 1 ? (n - 1) * RH_LINE_H : 0);
}

static void
rh_chart(struct buf *b, const struct report_question *rq, unsigned suppress)
{
	const char *name = rq->q->name;
	size_t starts[RH_LABEL_LINES], lens[RH_LABEL_LINES];
	char cnt[32], *line;
	size_t k, y = 0, w, h = 8, n, i;
	double frac;

	for (k = 0; k < rq->nbars; k++)
		h += rh_bar_height(&rq->bars[k]);
	buf_printf(b, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %zu\" role=\"img\" aria-labelledby=\"c-",
	    RH_CHART_W, h);
	rh_esc(b, name);
	buf_addstr(b, "\"><title id=\"c-");
	rh_esc(b, name);
	buf_addstr(b, "\">Bar chart: ");
	rh_esc(b, rq->label);
	buf_addstr(b, " (the table below has the same numbers)</title>\n");
	for (k = 0; k < rq->nbars; k++) {
		const struct report_bar *bar = &rq->bars[k];
		int hidden = report_hidden(bar->count, suppress);

		frac = rq->answered > 0 && !hidden ? (double)bar->count /
		    (double)rq->answered : 0;
		w = (size_t)(frac * RH_BAR_MAX + 0.5);
		/* The whole label, on as many lines as it takes. */
		n = rh_label_lines(bar->label, starts, lens);
		buf_printf(b, "<text x=\"0\" y=\"%zu\">", y + 15);
		for (i = 0; i < n; i++) {
			if ((line = strndup(bar->label + starts[i], lens[i])) ==
			    NULL)
				break;
			buf_printf(b, "<tspan x=\"0\" dy=\"%d\">", i == 0 ? 0 :
			    RH_LINE_H);
			rh_esc(b, line);
			buf_addstr(b, "</tspan>");
			free(line);
		}
		if (n > 1)
			y += (n - 1) * RH_LINE_H;
		buf_printf(b, "</text>\n<rect class=\"track\" x=\"0\" y=\"%zu\" "
		    "width=\"%d\" height=\"16\"/>", y + 21, RH_BAR_MAX);
		if (w > 0)
			buf_printf(b, "<rect class=\"bar\" x=\"0\" y=\"%zu\" "
			    "width=\"%zu\" height=\"16\"/>", y + 21, w);
		buf_printf(b, "\n<text x=\"%d\" y=\"%zu\">", RH_BAR_MAX + 8,
		    y + 34);
		if (hidden)
			buf_printf(b, "&lt; %u", suppress);
		else
			buf_printf(b, "%s (%.0f%%)", report_count_str(bar->count,
			    suppress, cnt, sizeof cnt), frac * 100);
		buf_addstr(b, "</text>\n");
		y += RH_ROW_H;
	}
	buf_addstr(b, "</svg>\n</figure>\n");
}

static void
rh_table(struct buf *b, const struct report_question *rq, unsigned suppress)
{
	char cnt[32];
	size_t k;
	double frac;

	buf_addstr(b, "<table>\n<caption>");
	rh_esc(b, rq->label);
	buf_addstr(b, "</caption>\n<thead><tr><th scope=\"col\">Answer</th>"
	    "<th scope=\"col\">Count</th><th scope=\"col\">Percent</th></tr>"
	    "</thead>\n<tbody>\n");
	for (k = 0; k < rq->nbars; k++) {
		const struct report_bar *bar = &rq->bars[k];

		buf_addstr(b, "<tr><td>");
		rh_esc(b, bar->label);
		buf_printf(b, "</td><td class=\"n\">%s</td><td class=\"n\">",
		    report_count_str(bar->count, suppress, cnt, sizeof cnt));
		if (report_hidden(bar->count, suppress))
			buf_addstr(b, "&ndash;");
		else {
			frac = rq->answered > 0 ? (double)bar->count /
			    (double)rq->answered : 0;
			buf_printf(b, "%.0f%%", frac * 100);
		}
		buf_addstr(b, "</td></tr>\n");
	}
	buf_addstr(b, "</tbody>\n</table>\n");
}

static void
rh_question(struct buf *b, const struct report *r,
    const struct report_question *rq, unsigned suppress, int with_text)
{
	char cnt[48];
	size_t k;

	buf_addstr(b, "<section class=\"question\" id=\"q-");
	rh_esc(b, rq->q->name);
	buf_addstr(b, "\">\n");
	if (rq->group != NULL) {
		buf_addstr(b, "<p class=\"group\">");
		rh_esc(b, rq->group);
		buf_addstr(b, "</p>\n");
	}
	buf_addstr(b, "<h2>");
	rh_esc(b, rq->label);
	buf_printf(b, "</h2>\n<p class=\"meta\">%s", report_answered_str(
	    rq->answered, r->total, suppress, cnt, sizeof cnt));
	if (rq->kind == REPORT_MULTI)
		buf_addstr(b, ". People could choose more than one answer, so "
		    "the percentages can add up to more than 100%");
	else if (rq->kind == REPORT_RANK)
		buf_addstr(b, ". How often each answer was ranked first");
	buf_addstr(b, ".</p>\n");
	switch (rq->kind) {
	case REPORT_NUMBER:
		if (rq->answered > 0 && !report_hidden(rq->answered, suppress))
			buf_printf(b, "<table><caption>Summary</caption><tbody>"
			    "<tr><th scope=\"row\">Lowest</th><td class=\"n\">"
			    "%g</td></tr><tr><th scope=\"row\">Median</th>"
			    "<td class=\"n\">%g</td></tr><tr><th scope=\"row\">"
			    "Highest</th><td class=\"n\">%g</td></tr></tbody>"
			    "</table>\n", rq->min, rq->median, rq->max);
		break;
	case REPORT_TEXT:
		if (rq->ntexts > 0 && !report_shows_text(suppress, with_text)) {
			buf_addstr(b, "<p class=\"meta\">The answers are left "
			    "out: free text can name who wrote it.</p>\n");
			break;
		}
		if (rq->ntexts == 0 || report_hidden(rq->answered, suppress))
			break;
		buf_addstr(b, "<ul class=\"texts\">\n");
		for (k = 0; k < rq->ntexts; k++) {
			buf_addstr(b, "<li>");
			rh_esc(b, rq->texts[k]);
			buf_addstr(b, "</li>\n");
		}
		buf_addstr(b, "</ul>\n");
		break;
	default:
		rh_chart(b, rq, suppress);
		rh_table(b, rq, suppress);
	}
	buf_addstr(b, "</section>\n");
}

int
report_html(const struct report *r, FILE *out, unsigned suppress,
    int with_text, char **cause)
{
	struct buf b = BUF_INIT;
	char cnt[32], when[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int e = ERR_OK;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	buf_addstr(&b, "<!DOCTYPE html>\n<html lang=\"");
	rh_esc(&b, r->lang != NULL ? r->lang : "en");
	buf_addstr(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\""
	    "viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	rh_esc(&b, r->title);
	buf_printf(&b, ": responses</title>\n<style>\n%s</style>\n</head>\n"
	    "<body>\n<header>\n<h1>", rh_style);
	rh_esc(&b, r->title);
	buf_printf(&b, "</h1>\n<p class=\"meta\">%s responses to form ",
	    report_count_str(r->total, suppress, cnt, sizeof cnt));
	rh_esc(&b, r->f->id);
	if (r->f->version != NULL) {
		buf_addstr(&b, " (version ");
		rh_esc(&b, r->f->version);
		buf_addstr(&b, ")");
	}
	if (r->total > 0)
		buf_printf(&b, ", submitted from %.10s to %.10s", r->first,
		    r->last);
	buf_printf(&b, ". Made by Outreach Kit on %s.</p>\n", when);
	if (suppress > 1)
		buf_printf(&b, "<p class=\"meta\">To protect privacy, counts "
		    "from 1 to %u are shown as &ldquo;fewer than %u&rdquo;%s."
		    "</p>\n", suppress - 1, suppress, with_text ? "" :
		    ", and free-text answers are left out");
	buf_addstr(&b, "</header>\n<main>\n");
	for (i = 0; i < r->n; i++)
		rh_question(&b, r, &r->v[i], suppress, with_text);
	buf_addstr(&b, "</main>\n</body>\n</html>\n");
	if (buf_failed(&b))
		e = ERR_NOMEM;
	else if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0)
		e = err_set(cause, ERR_IO, "cannot write the report");
	buf_free(&b);
	return e;
}
