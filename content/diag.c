/*
 * Diagnostics lists; see diag.h.
 */
#include "content/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"

int
diags_addv(struct diags *d, enum diag_level level, int err, const char *file,
    unsigned line, const char *fmt, va_list ap)
{
	struct diag *v;
	char *msg = NULL;

	if (level == DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	if (d->n >= DIAGS_MAX)
		return level == DIAG_ERROR ? err : ERR_OK;
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;

		if ((v = reallocarray(d->v, ncap, sizeof *v)) == NULL)
			goto nomem;
		d->v = v;
		d->cap = ncap;
	}
	if (vasprintf(&msg, fmt, ap) < 0)
		goto nomem;
	v = &d->v[d->n];
	v->level = level;
	v->err = err;
	v->line = line;
	v->msg = msg;
	v->file = NULL;
	if (file != NULL && (v->file = strdup(file)) == NULL) {
		free(msg);
		goto nomem;
	}
	d->n++;
	return level == DIAG_ERROR ? err : ERR_OK;
nomem:
	d->nomem = 1;
	return level == DIAG_ERROR ? err : ERR_OK;
}

int
diags_add(struct diags *d, enum diag_level level, int err, const char *file,
    unsigned line, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = diags_addv(d, level, err, file, line, fmt, ap);
	va_end(ap);
	return r;
}

void
diags_clear(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* By file (none first), then line; stable by the order found. */
static int
diags_cmp(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a;
	const struct diag *y = *(const struct diag *const *)b;
	int c;

	if ((x->file == NULL) != (y->file == NULL))
		return x->file == NULL ? -1 : 1;
	if (x->file != NULL && (c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x < y ? -1 : x > y;
}

void
diags_sort(struct diags *d)
{
	struct diag **p, *v;
	size_t i;

	if (d->n < 2 || (p = calloc(d->n, sizeof *p)) == NULL)
		return;
	if ((v = calloc(d->n, sizeof *v)) == NULL) {
		free(p);
		return;
	}
	for (i = 0; i < d->n; i++)
		p[i] = &d->v[i];
	qsort(p, d->n, sizeof *p, diags_cmp);
	for (i = 0; i < d->n; i++)
		v[i] = *p[i];
	memcpy(d->v, v, d->n * sizeof *v);
	free(v);
	free(p);
}

/* "file:line: " or "file: " or nothing. */
static void
diags_where(const struct diag *g, struct buf *out)
{
	if (g->file != NULL && g->line > 0)
		buf_printf(out, "%s:%u: ", g->file, g->line);
	else if (g->file != NULL)
		buf_printf(out, "%s: ", g->file);
}

void
diags_format(const struct diags *d, struct buf *out)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		diags_where(&d->v[i], out);
		if (d->v[i].level == DIAG_WARNING)
			buf_addstr(out, "warning: ");
		buf_addstr(out, d->v[i].msg);
		buf_addch(out, '\n');
	}
	if (d->n < d->nerrors + d->nwarnings)
		buf_printf(out, "(and %zu more)\n",
		    d->nerrors + d->nwarnings - d->n);
}

int
diags_first_error(const struct diags *d, char **cause)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].level != DIAG_ERROR)
			continue;
		diags_where(&d->v[i], &b);
		buf_addstr(&b, d->v[i].msg);
		if (cause != NULL && *cause == NULL && !buf_failed(&b))
			*cause = buf_detach(&b, NULL);
		buf_free(&b);
		return d->v[i].err != ERR_OK ? d->v[i].err : ERR_INVALID;
	}
	if (d->nerrors > 0 || d->nomem)
		return d->nomem ? ERR_NOMEM : ERR_INVALID;
	return ERR_OK;
}
