/*
 * The service directory, once loaded: finding services by words, category
 * and neighbourhood, and what a list or a detail page shows of one; see
 * directory.h.
 */
#include "content/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/doc.h"
#include "content/err.h"
#include "content/utf8.h"

/* 1 when every word of the folded query q is in the folded text. */
static int
directory_words_match(const char *text, const char *q)
{
	char word[256];
	size_t n;

	for (;;) {
		q += strspn(q, " ");
		if (*q == '\0')
			return 1;
		n = strcspn(q, " ");
		/* A longer word cannot be in any field of the bounded text. */
		if (n >= sizeof word)
			return 0;
		memcpy(word, q, n);
		word[n] = '\0';
		if (strstr(text, word) == NULL)
			return 0;
		q += n;
	}
}

int
directory_find(const struct directory *d, const struct directory_query *q,
    size_t **idxp, size_t *np)
{
	char *words = NULL, *cat = NULL, *area = NULL;
	size_t *idx = NULL, i, k, n = 0;
	int r = ERR_OK, ok;

	*idxp = NULL;
	*np = 0;
	if ((q->words != NULL && (words = utf8_fold(q->words)) == NULL) ||
	    (q->category != NULL && *q->category != '\0' &&
	    (cat = utf8_fold(q->category)) == NULL) ||
	    (q->neighbourhood != NULL && *q->neighbourhood != '\0' &&
	    (area = utf8_fold(q->neighbourhood)) == NULL) ||
	    (d->n > 0 && (idx = calloc(d->n, sizeof *idx)) == NULL)) {
		r = ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < d->n; i++) {
		const struct directory_service *s = &d->services[i];

		ok = words == NULL || directory_words_match(s->folded, words);
		if (ok && area != NULL)
			ok = strcmp(s->folded_neighbourhood, area) == 0;
		if (ok && cat != NULL) {
			for (ok = 0, k = 0; k < s->ncategories && !ok; k++)
				ok = strcmp(s->folded_categories[k], cat) == 0;
		}
		if (ok)
			idx[n++] = i;
	}
	if (n > 0) {
		*idxp = idx;
		*np = n;
		idx = NULL;
	}
out:
	free(idx);
	free(words);
	free(cat);
	free(area);
	return r;
}

char *
directory_summary(const struct directory_service *s, size_t max_width)
{
	const char *t = s->field[DIRECTORY_DESCRIPTION], *p;
	const char *dots = utf8_locale_ok() ? "\xe2\x80\xa6" : "...";
	size_t len, fit, used, dw = utf8_locale_ok() ? 1 : 3;
	char *out;

	/* Up to the end of the first sentence, or the first line break. */
	for (p = t; *p != '\0' && *p != '\n'; p++)
		if ((*p == '.' || *p == '!' || *p == '?') &&
		    (p[1] == ' ' || p[1] == '\n' || p[1] == '\0')) {
			p++;
			break;
		}
	len = (size_t)(p - t);
	if (utf8_nwidth(t, len) <= max_width)
		return strndup(t, len);
	/*
	 * Too wide: cut at a space, with an ellipsis when there is room for
	 * one (three columns on the ASCII console).
	 */
	if (max_width <= dw)
		dots = "";
	fit = utf8_fit(t, len, max_width - (*dots != '\0' ? dw : 0), &used);
	for (len = fit; len > 0 && t[len] != ' '; len--)
		;
	if (len == 0)
		len = fit;
	if ((out = malloc(len + strlen(dots) + 1)) == NULL)
		return NULL;
	memcpy(out, t, len);
	strcpy(out + len, dots);
	return out;
}

/* Append an empty block of a kind; NULL on ENOMEM. */
static struct doc_block *
directory_doc_block(struct doc *d, enum doc_kind kind)
{
	struct doc_block *b;

	if ((b = array_grow(d->blocks, d->nblocks, sizeof *b)) == NULL)
		return NULL;
	d->blocks = b;
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->level = kind == DOC_HEADING ? 1 : 0;
	return b;
}

/* Append a span of text (len bytes) with attributes to a block. */
static int
directory_doc_span(struct doc_block *b, const char *text, size_t len,
    unsigned attr)
{
	struct doc_span *sp;

	if ((sp = array_grow(b->spans, b->nspans, sizeof *sp)) == NULL)
		return ERR_NOMEM;
	b->spans = sp;
	sp = &sp[b->nspans];
	sp->attr = attr;
	sp->link = -1;
	if ((sp->text = strndup(text, len)) == NULL)
		return ERR_NOMEM;
	b->nspans++;
	return ERR_OK;
}

/*
 * The fields after the description, in one paragraph, one "Label: value"
 * line each (a value's own line breaks kept): a detail page reads as a
 * card, and the plain front end says one field per line.
 */
static int
directory_doc_fields(struct doc *d, const struct directory_service *s,
    const char *const labels[DIRECTORY_NFIELDS])
{
	struct doc_block *b = NULL;
	struct buf cats = BUF_INIT;
	char *label = NULL;
	const char *v;
	size_t i;
	int f, r = ERR_OK;

	/* Categories read as a list: "carers, advice". */
	for (i = 0; i < s->ncategories; i++)
		buf_printf(&cats, "%s%s", i > 0 ? ", " : "", s->categories[i]);
	if (buf_failed(&cats))
		r = ERR_NOMEM;
	for (f = DIRECTORY_CATEGORIES; f < DIRECTORY_NFIELDS && r == ERR_OK;
	    f++) {
		v = f == DIRECTORY_CATEGORIES ? buf_str(&cats) : s->field[f];
		if (*v == '\0')
			continue;
		if ((b == NULL && (b = directory_doc_block(d, DOC_PARA)) ==
		    NULL) ||
		    (label = utf8_sanitize(labels[f], strlen(labels[f]), 0)) ==
		    NULL ||
		    (b->nspans > 0 && (r = directory_doc_span(b, "\n", 1, 0)) !=
		    ERR_OK) ||
		    (r = directory_doc_span(b, label, strlen(label),
		    DOC_A_BOLD)) != ERR_OK ||
		    (r = directory_doc_span(b, ": ", 2, DOC_A_BOLD)) != ERR_OK ||
		    (r = directory_doc_span(b, v, strlen(v), 0)) != ERR_OK) {
			if (r == ERR_OK)
				r = ERR_NOMEM;
		}
		free(label);
		label = NULL;
	}
	buf_free(&cats);
	return r;
}

int
directory_has_contact(const struct directory_service *s)
{
	static const int how[] = { DIRECTORY_ADDRESS, DIRECTORY_POSTCODE,
	    DIRECTORY_PHONE, DIRECTORY_EMAIL, DIRECTORY_WEBSITE };
	size_t i;

	for (i = 0; i < sizeof how / sizeof how[0]; i++)
		if (s->field[how[i]][strspn(s->field[how[i]], " ")] != '\0')
			return 1;
	return 0;
}

int
directory_service_doc(const struct directory_service *s,
    const char *const labels[DIRECTORY_NFIELDS], const char *no_contact,
    struct doc **out)
{
	struct doc *d = NULL;
	struct doc_block *b;
	const char *p, *nl;
	int r = ERR_NOMEM;

	*out = NULL;
	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (d->title = strdup(s->field[DIRECTORY_NAME])) == NULL ||
	    (b = directory_doc_block(d, DOC_HEADING)) == NULL ||
	    (r = directory_doc_span(b, d->title, strlen(d->title),
	    DOC_A_HEADING)) != ERR_OK)
		goto out;
	/* The description: one paragraph per line of it. */
	for (p = s->field[DIRECTORY_DESCRIPTION]; *p != '\0'; p = nl) {
		nl = p + strcspn(p, "\n");
		if (p + strspn(p, " ") < nl && ((b = directory_doc_block(d,
		    DOC_PARA)) == NULL || (r = directory_doc_span(b, p,
		    (size_t)(nl - p), 0)) != ERR_OK)) {
			r = ERR_NOMEM;
			goto out;
		}
		if (*nl == '\n')
			nl++;
	}
	if ((r = directory_doc_fields(d, s, labels)) != ERR_OK)
		goto out;
	if (no_contact != NULL && !directory_has_contact(s) &&
	    ((b = directory_doc_block(d, DOC_PARA)) == NULL ||
	    (r = directory_doc_span(b, no_contact, strlen(no_contact),
	    DOC_A_BOLD)) != ERR_OK)) {
		r = ERR_NOMEM;
		goto out;
	}
	*out = d;
	d = NULL;
out:
	doc_free(&d);
	return r;
}
