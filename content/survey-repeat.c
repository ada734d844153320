/*
 * Repeat instances, and what a ${name} reads from where (see
 * survey-int.h for how answers are kept).
 *
 * From inside an instance, ${name} of a question of the same repeat (or
 * of any repeat around it) is that instance's one answer; of a question
 * outside every repeat, its one answer; of a question of a repeat the
 * context is not in, one answer per instance: those under the nearest
 * instance around the context that the repeat is inside, in order, as
 * pyxform's relative and absolute paths make JavaRosa read them. ${name}
 * of a repeat itself stands for its instances, so count(${member}) counts
 * them. Paths name answers in a response: "member[2]/name".
 */
#include "content/survey-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/mathload.h"

/* A repeat's BEGIN, when name is one; the entry otherwise. */
static int
survey_is_repeat(const struct survey *s, size_t q)
{
	return q < s->f->nquestions && s->f->questions[q].repeat &&
	    s->f->questions[q].type == XLSFORM_BEGIN_GROUP;
}

size_t
survey_inst_new(struct survey *s, size_t rep, size_t parent)
{
	const struct xlsform_question *r = &s->f->questions[rep];
	struct survey_inst *in, **v;
	size_t id, *kids, nkids;

	if (s->ninsts >= SURVEY_MAX_INSTANCES || r->match == XLSFORM_NONE)
		return SURVEY_NONE;
	if (s->ninsts == s->capinsts) {
		s->capinsts = s->capinsts ? s->capinsts * 2 : 8;
		if ((v = reallocarray(s->insts, s->capinsts, sizeof *v)) == NULL)
			return SURVEY_NONE;
		s->insts = v;
	}
	if ((in = calloc(1, sizeof *in)) == NULL)
		return SURVEY_NONE;
	in->rep = rep;
	in->parent = parent;
	in->base = rep;
	in->n = r->match - rep + 1;
	if ((in->answers = calloc(in->n, sizeof *in->answers)) == NULL ||
	    (in->types = calloc(in->n, 1)) == NULL ||
	    (in->rel = calloc(in->n, 1)) == NULL) {
		free(in->answers);
		free(in->types);
		free(in);
		return SURVEY_NONE;
	}
	kids = survey_children(s, parent, rep, &nkids);
	in->pos = nkids + 1;
	free(kids);
	id = s->ninsts++;
	s->insts[id] = in;
	s->stale = 1;
	s->settled = 0;
	return id;
}

void
survey_inst_free(struct survey *s, size_t id)
{
	struct survey_inst *in;
	size_t i;

	if (id >= s->ninsts || (in = s->insts[id]) == NULL)
		return;
	/* Instances inside it go first. */
	for (i = id + 1; i < s->ninsts; i++)
		if (s->insts[i] != NULL && s->insts[i]->parent == id)
			survey_inst_free(s, i);
	for (i = 0; i < in->n; i++)
		if (in->answers[i] != NULL) {
			explicit_bzero(in->answers[i], strlen(in->answers[i]));
			free(in->answers[i]);
		}
	free(in->answers);
	free(in->types);
	free(in->rel);
	free(in);
	s->insts[id] = NULL;
	s->stale = 1;
	s->settled = 0;
}

size_t *
survey_children(const struct survey *s, size_t parent, size_t rep,
    size_t *n)
{
	size_t i, *v = NULL, *nv;

	*n = 0;
	for (i = 0; i < s->ninsts; i++) {
		if (s->insts[i] == NULL || s->insts[i]->parent != parent ||
		    s->insts[i]->rep != rep || i == parent)
			continue;
		if ((nv = reallocarray(v, *n + 1, sizeof *v)) == NULL) {
			free(v);
			*n = 0;
			return NULL;
		}
		v = nv;
		v[(*n)++] = i;
	}
	/* Made in order and renumbered on removal: ids follow positions. */
	return v;
}

/*
 * The instances of repeat a under instance x (directly, or through the
 * repeats between them), in order; the i-th is put in *id. Returns how
 * many there are.
 */
static size_t
survey_descend(const struct survey *s, size_t x, size_t a, size_t i,
    size_t *id)
{
	size_t k, *kids, nkids, count = 0, sub;
	size_t mid = a;

	/* The repeat directly inside x's that leads to a. */
	while (mid != XLSFORM_NONE && s->f->questions[mid].scope !=
	    s->insts[x]->rep)
		mid = s->f->questions[mid].scope;
	if (mid == XLSFORM_NONE)
		return 0;
	kids = survey_children(s, x, mid, &nkids);
	for (k = 0; k < nkids; k++) {
		if (mid == a) {
			if (count == i)
				*id = kids[k];
			count++;
			continue;
		}
		sub = survey_descend(s, kids[k], a, i >= count ? i - count :
		    SURVEY_NONE, id);
		count += sub;
	}
	free(kids);
	return count;
}

/* The item of entry q as a value. */
static void
survey_item_value(const struct survey *s, size_t id, size_t q,
    struct expr_item *item)
{
	size_t it = survey_item(id, q);

	item->text = survey_val(s, it);
	item->type = survey_qtype(s, it);
}

int
survey_repeat_lookup(const struct survey *s, size_t ctx, const char *name,
    size_t i, struct expr_item *item, size_t *n)
{
	size_t q, a, x, id = SURVEY_NONE;

	*n = 0;
	item->text = "";
	item->type = EXPR_STRING;
	{
		/* survey_find answers only for the top; names are unique. */
		const struct xlsform_question *qq = xlsform_find(s->f, name);

		if (qq == NULL)
			return ERR_NOTFOUND;
		q = (size_t)(qq - s->f->questions);
	}
	a = survey_is_repeat(s, q) ? q : s->f->questions[q].scope;
	/*
	 * Up from ctx: an instance of a itself holds the one answer; else the
	 * nearest instance that a is inside of holds all of a's instances.
	 */
	for (x = (ctx < s->ninsts && s->insts[ctx] != NULL) ? ctx : 0; ;
	    x = s->insts[x]->parent) {
		if (s->insts[x]->rep == a && !survey_is_repeat(s, q)) {
			*n = 1;
			survey_item_value(s, x, q, item);
			return 0;
		}
		if (s->insts[x]->rep != a &&
		    xlsform_within(s->f, a, s->insts[x]->rep))
			break;
		if (x == 0)
			return 0;
	}
	if (a == XLSFORM_NONE) {
		*n = 1;
		survey_item_value(s, x, q, item);
		return 0;
	}
	*n = survey_descend(s, x, a, i, &id);
	if (id != SURVEY_NONE && !survey_is_repeat(s, q))
		survey_item_value(s, id, q, item);
	return 0;
}

int
survey_repeat_indexed(const struct survey *s, size_t ctx, const char *field,
    const char *const *repeats, const double *index, size_t n,
    struct expr_item *item)
{
	const struct xlsform_question *fq, *rq;
	size_t k, x = 0, id, q;

	(void)ctx;
	if ((fq = xlsform_find(s->f, field)) == NULL)
		return ERR_NOTFOUND;
	q = (size_t)(fq - s->f->questions);
	for (k = 0; k < n; k++) {
		if ((rq = xlsform_find(s->f, repeats[k])) == NULL ||
		    !rq->repeat)
			return ERR_NOTFOUND;
		id = SURVEY_NONE;
		survey_descend(s, x, (size_t)(rq - s->f->questions),
		    (size_t)index[k] - 1, &id);
		if (id == SURVEY_NONE)
			return ERR_NOTFOUND;
		x = id;
	}
	if (fq->scope != s->insts[x]->rep)
		return ERR_NOTFOUND;
	survey_item_value(s, x, q, item);
	return 0;
}

int
survey_inst_defaults(struct survey *s, size_t id)
{
	struct survey_inst *in = s->insts[id];
	const struct xlsform_question *qq;
	size_t q;

	s->settled = 0;
	for (q = in->base; q < in->base + in->n; q++) {
		qq = &s->f->questions[q];
		if (!survey_home(s, in, q) || qq->type == XLSFORM_META ||
		    qq->default_value == NULL || qq->type == XLSFORM_END_GROUP)
			continue;
		if ((in->answers[SURVEY_SLOT(in, q)] =
		    strdup(qq->default_value)) == NULL)
			return ERR_NOMEM;
	}
	return 0;
}

/* "member[2]/" for each instance from the top down to id, into b. */
static void
survey_path_of_inst(const struct survey *s, size_t id, struct buf *b)
{
	const struct survey_inst *in = s->insts[id];
	char num[24];
	size_t k = sizeof num, pos;

	if (id == 0 || in == NULL)
		return;
	survey_path_of_inst(s, in->parent, b);
	/* The position in decimal, without printf: paths are made often. */
	num[--k] = '\0';
	num[--k] = '/';
	num[--k] = ']';
	for (pos = in->pos; pos > 0 || k == sizeof num - 3; pos /= 10)
		num[--k] = (char)('0' + pos % 10);
	num[--k] = '[';
	buf_addstr(b, s->f->questions[in->rep].key);
	buf_add(b, num + k, sizeof num - 1 - k);
}

int
survey_path_add(const struct survey *s, size_t item, struct buf *b)
{
	struct survey_inst *in = survey_inst_of(s, item);
	size_t q = SURVEY_Q(item), start = b->len;

	if (in == NULL)
		return ERR_INVALID;
	survey_path_of_inst(s, item >> SURVEY_Q_BITS, b);
	if (in->rep == q) {
		/* The instance itself: "member[2]". */
		if (b->len > start)
			buf_truncate(b, b->len - 1);
	} else
		buf_addstr(b, s->f->questions[q].key);
	return buf_failed(b) ? ERR_NOMEM : 0;
}

char *
survey_path(const struct survey *s, size_t item)
{
	struct buf b = BUF_INIT;

	if (survey_path_add(s, item, &b) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

const char *
survey_path_at(const struct survey *s, size_t item, struct buf *b)
{
	if (survey_inst_of(s, item) == NULL)
		return NULL;
	/* The top's entries: "member[2]/" is never before them. */
	if ((item >> SURVEY_Q_BITS) == 0)
		return s->f->questions[SURVEY_Q(item)].key;
	buf_truncate(b, 0);
	/* Never empty, so data is set, and NUL-terminated (buf.h). */
	if (survey_path_add(s, item, b) != 0 || b->data == NULL)
		return NULL;
	return b->data;
}

/* "key[k]" at p: the key's length (*klen) and k, or 0 when not one. */
static size_t
survey_path_segment(const char *p, size_t len, size_t *klen)
{
	const char *open = len > 0 ? memchr(p, '[', len) : NULL;
	char *end;
	unsigned long k;

	if (open == NULL || p[len - 1] != ']' || open == p)
		return 0;
	k = strtoul(open + 1, &end, 10);
	if (end != p + len - 1 || k == 0 || k > SURVEY_MAX_INSTANCES ||
	    open[1] < '1' || open[1] > '9')
		return 0;
	*klen = (size_t)(open - p);
	return (size_t)k;
}

size_t
survey_find_path(struct survey *s, const char *path, int create)
{
	const char *p = path, *slash;
	char key[512];
	size_t id = 0, k, klen, seg, q, *kids, nkids, made;

	for (;;) {
		/* "name[k]/" segments walk into instances. */
		slash = strchr(p, '/');
		while (slash != NULL && (slash == p || slash[-1] != ']'))
			slash = strchr(slash + 1, '/');
		seg = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if ((k = survey_path_segment(p, seg, &klen)) == 0) {
			if (slash != NULL)
				return SURVEY_NONE;
			if (seg >= sizeof key)
				return SURVEY_NONE;
			q = xlsform_find_key(s->f, s->insts[id]->rep, p);
			if (q == XLSFORM_NONE || survey_is_repeat(s, q))
				return SURVEY_NONE;
			return survey_item(id, q);
		}
		if (klen >= sizeof key)
			return SURVEY_NONE;
		memcpy(key, p, klen);
		key[klen] = '\0';
		q = xlsform_find_key(s->f, s->insts[id]->rep, key);
		if (q == XLSFORM_NONE || !survey_is_repeat(s, q))
			return SURVEY_NONE;
		kids = survey_children(s, id, q, &nkids);
		if (k > nkids + 1 || (k == nkids + 1 && !create)) {
			free(kids);
			return SURVEY_NONE;
		}
		if (k == nkids + 1) {
			free(kids);
			if ((made = survey_inst_new(s, q, id)) == SURVEY_NONE ||
			    survey_inst_defaults(s, made) != 0)
				return SURVEY_NONE;
			survey_update(s);
			/* A repeat_count may take it away again at once. */
			if (made >= s->ninsts || s->insts[made] == NULL)
				return SURVEY_NONE;
			id = made;
		} else {
			id = kids[k - 1];
			free(kids);
		}
		if (slash == NULL)
			return survey_item(id, q);
		p = slash + 1;
	}
}

size_t
survey_item_at(const struct survey *s, size_t item, size_t q)
{
	size_t id;

	if (q == XLSFORM_NONE || q >= s->f->nquestions ||
	    survey_inst_of(s, item) == NULL)
		return SURVEY_NONE;
	for (id = item >> SURVEY_Q_BITS; id != SURVEY_NONE &&
	    id < s->ninsts && s->insts[id] != NULL; id = s->insts[id]->parent)
		if (survey_home(s, s->insts[id], q))
			return survey_item(id, q);
	return SURVEY_NONE;
}
