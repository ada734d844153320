/*
 * The hub's check of a submission against its form (the forms it knows
 * are in sync/hub-forms.c).
 *
 * A submission is accepted only when it is what its bundle entry says it
 * is (id, form, version, device) and its answers pass the same validation
 * the kiosk applies (content/survey.h): every answer names a question of
 * that form version, values have the question's type and choices,
 * required questions are answered, and constraints hold, and what the
 * device computed (calculations, metadata) is what the form computes.
 * Each kind is checked under its own rules: survey and feedback against
 * their form at its version (an unknown version is refused), a contact
 * request likewise but only on a pack's contact form (and no other kind
 * on one), notes and tallies only under forms "notes" and "tally" and the
 * session rules (sync/session-check.c). Causes never quote an answer's
 * value: values are what people said.
 *
 * The recomputation is the survey runtime's (JavaRosa's semantics, the
 * kiosk's own evaluator), at the submission's start and submission times,
 * in every instance of every repeat. What cannot be computed again later
 * elsewhere (uuid(), random(), now(), once(), today() and the "today"
 * metadata, pulldata() of a file the hub lacks, what a trigger set: see
 * survey_recomputable) takes the device's value, and everything computed
 * from it is checked. Dates a calculation turns into text (format-date,
 * a date-time's offset) are local: a hub runs in its devices' time zone
 * (cmd_tz_fixed keeps the system's).
 */
#include "sync/hub-int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "sync/session.h"

/* Is q an entry whose answer the device computes, not the person? */
static int
hub_computed(const struct xlsform_question *q)
{
	return q->type == XLSFORM_CALCULATE || q->type == XLSFORM_META ||
	    q->read_only;
}

/*
 * Answers by path, hashed to find one at once; when a path comes twice,
 * sorted instead, to find one in log time (as before there was a table:
 * which of the two is found stays the same).
 */
struct hub_pair {
	const char	*name;
	const char	*value;		/* NULL: an instance */
};

struct hub_pairs {
	struct hub_pair	*v;
	size_t		 n;
	uint32_t	*tab;		/* index in v + 1; NULL: v is sorted */
	size_t		 mask;		/* tab's size - 1 */
};

static int
hub_pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hub_pair *)a)->name,
	    ((const struct hub_pair *)b)->name);
}

/*
 * Sort p by name (stable, as glibc's qsort, a merge sort, is): a few
 * answers by insertion, without a call per comparison; many by qsort.
 */
static void
hub_pairs_sort(struct hub_pairs *p)
{
	struct hub_pair t;
	size_t i, k;

	if (p->n > 64) {
		qsort(p->v, p->n, sizeof *p->v, hub_pair_cmp);
		return;
	}
	for (i = 1; i < p->n; i++) {
		t = p->v[i];
		for (k = i; k > 0 && strcmp(p->v[k - 1].name, t.name) > 0; k--)
			p->v[k] = p->v[k - 1];
		p->v[k] = t;
	}
}

/*
 * What one check uses and the next reuses: a path being made, and which
 * entries at the top of the form the device sent an answer for (by
 * entry; only paths, never answers).
 */
struct hub_scratch {
	struct buf	 path;
	unsigned char	*sent;
	size_t		 nsent;
	void		*pairs;		/* room for struct hub_pairs' v, tab */
	size_t		 npairs;	/* its bytes */
	struct survey_items items;	/* a walk's (pointers into a survey) */
};

/* s->sent for n entries, all 0; ERR_NOMEM. */
static int
hub_scratch_sent(struct hub_scratch *s, size_t n)
{
	unsigned char *v;

	if (n + 1 > s->nsent) {
		if ((v = realloc(s->sent, n + 1)) == NULL)
			return ERR_NOMEM;
		s->sent = v;
		s->nsent = n + 1;
	}
	memset(s->sent, 0, n + 1);
	return ERR_OK;
}

static void
hub_scratch_free(struct hub_scratch *s)
{
	buf_free(&s->path);
	free(s->sent);
	s->sent = NULL;
	s->nsent = 0;
	free(s->pairs);
	s->pairs = NULL;
	s->npairs = 0;
	survey_items_free(&s->items);
}

/* Slots one path may look at in the table, at most. */
#define HUB_PAIRS_PROBES	32

/*
 * Index a submission's n answers: in a table, or sorted when one path
 * comes twice or paths chosen to collide make a long run. Both are in
 * sc's room, which the next check reuses (pointers to the paths and
 * values of the submission, never their bytes), zeroed first.
 */
static int
hub_pairs_make(struct hub_pairs *p, const struct submission_answer *sa,
    size_t n, struct hub_scratch *sc)
{
	size_t i, h, k, size = 16, need;
	uint32_t *tab;
	void *room;

	p->n = 0;
	p->tab = NULL;
	p->v = NULL;
	while (size < 2 * n + 1)
		size *= 2;
	/* n is bounded (SUBMISSION_MAX_ANSWERS): both fit in one block. */
	need = (n + 1) * sizeof *p->v + size * sizeof *tab;
	if (need > sc->npairs) {
		if ((room = realloc(sc->pairs, need)) == NULL)
			return ERR_NOMEM;
		sc->pairs = room;
		sc->npairs = need;
	}
	memset(sc->pairs, 0, need);
	p->v = sc->pairs;
	tab = (uint32_t *)(void *)(p->v + n + 1);
	for (i = 0; i < n; i++) {
		p->v[i].name = sa[i].name;
		p->v[i].value = sa[i].value;
	}
	p->n = n;
	for (i = 0; i < n; i++) {
		for (h = submission_name_hash(sa[i].name,
		    strlen(sa[i].name), 0) & (size - 1), k = 0;
		    tab[h] != 0; h = (h + 1) & (size - 1))
			if (++k > HUB_PAIRS_PROBES ||
			    strcmp(p->v[tab[h] - 1].name, sa[i].name) == 0) {
				hub_pairs_sort(p);
				return ERR_OK;
			}
		tab[h] = (uint32_t)i + 1;
	}
	p->tab = tab;
	p->mask = size - 1;
	return ERR_OK;
}

static const struct hub_pair *
hub_pairs_find(const struct hub_pairs *p, const char *name)
{
	struct hub_pair key;
	size_t h;

	if (p->tab != NULL) {
		for (h = submission_name_hash(name,
		    strlen(name), 0) & p->mask; p->tab[h] != 0;
		    h = (h + 1) & p->mask)
			if (strcmp(p->v[p->tab[h] - 1].name, name) == 0)
				return &p->v[p->tab[h] - 1];
		return NULL;
	}
	key.name = name;
	key.value = NULL;
	return p->n > 0 ? bsearch(&key, p->v, p->n, sizeof *p->v,
	    hub_pair_cmp) : NULL;
}

/* survey_given_fn: what the device stored at path. */
static const char *
hub_given(void *ctx, const char *path)
{
	const struct hub_pair *a = hub_pairs_find(ctx, path);

	return a != NULL ? a->value : NULL;
}

/*
 * The answers the device computed (calculations, metadata, read-only
 * questions) must be what the form computes from the person's answers,
 * the start and the submission times, in every instance: they are
 * recomputed here, never trusted. What cannot be computed again
 * (survey_recomputable) the survey took from the device; what follows
 * from it is still checked.
 *
 * hub_computed_merge finds the first path, in path order, where the two
 * differ: the cause. It is called only when hub_computed_agree cannot
 * tell at once that there is none.
 */
static int
hub_computed_merge(struct survey *sv, const struct submission *s,
    const struct hub_pairs *indexed, const size_t *items,
    const char **values, size_t n, char **cause)
{
	const struct xlsform *f = survey_form(sv);
	struct hub_pairs hub = { NULL, 0, NULL, 0 }, sorted = hub;
	const struct hub_pairs *dev = indexed;
	const struct hub_pair *h, *d;
	size_t i = 0, k = 0, item;
	int c, r = ERR_NOMEM;

	/* The device's paths in order: a table's, sorted as they were. */
	if (indexed->tab != NULL) {
		if ((sorted.v = calloc(indexed->n + 1, sizeof *sorted.v)) ==
		    NULL)
			goto out;
		memcpy(sorted.v, indexed->v, indexed->n * sizeof *sorted.v);
		sorted.n = indexed->n;
		hub_pairs_sort(&sorted);
		dev = &sorted;
	}
	if ((hub.v = calloc(n + 1, sizeof *hub.v)) == NULL)
		goto out;
	for (hub.n = 0; hub.n < n; hub.n++) {
		hub.v[hub.n].value = values[hub.n];
		if ((hub.v[hub.n].name = survey_path(sv, items[hub.n])) == NULL)
			goto out;
	}
	qsort(hub.v, hub.n, sizeof *hub.v, hub_pair_cmp);
	r = 0;
	/* Both lists in path order: every path either holds. */
	while (r == 0 && (i < hub.n || k < dev->n)) {
		h = i < hub.n ? &hub.v[i] : NULL;
		d = k < dev->n ? &dev->v[k] : NULL;
		c = h == NULL ? 1 : d == NULL ? -1 : strcmp(h->name, d->name);
		if (c <= 0)
			i++;
		if (c >= 0)
			k++;
		if (c < 0)
			d = NULL;
		else if (c > 0)
			h = NULL;
		item = survey_find_path(sv, h != NULL ? h->name : d->name, 0);
		if (item == SURVEY_NONE ||
		    !hub_computed(&f->questions[SURVEY_Q(item)]))
			continue;
		if (strcmp(h != NULL && h->value != NULL ? h->value : "",
		    d != NULL && d->value != NULL ? d->value : "") != 0)
			r = err_set(cause, ERR_INVALID, "its computed answer "
			    "'%s' is not what form %s version %s computes from "
			    "its answers", h != NULL ? h->name : d->name,
			    s->form_id, s->form_version);
	}
out:
	for (i = 0; hub.v != NULL && i < hub.n; i++)
		free((char *)(uintptr_t)hub.v[i].name);
	free(hub.v);
	free(sorted.v);
	return r;
}

/*
 * 1 when hub_computed_merge would surely find nothing: the device's paths
 * are each sent once, every computed answer of the response (items,
 * values) is the device's, and the device sent no other computed answer
 * with a value (ncomputed counts those it sent, hub_answers_put). An
 * entry's path names its entry by its keys alone, so what the merge
 * compares is compared here too (or more). 0: the merge decides.
 */
static int
hub_computed_agree(struct survey *sv, const struct hub_pairs *dev,
    size_t ncomputed, const size_t *items, const char **values, size_t n,
    struct buf *b)
{
	const struct xlsform *f = survey_form(sv);
	const struct hub_pair *d;
	const char *path;
	size_t i, agree = 0;

	/* A table holds each path once; a path twice makes v sorted. */
	for (i = 1; dev->tab == NULL && i < dev->n; i++)
		if (strcmp(dev->v[i - 1].name, dev->v[i].name) == 0)
			return 0;
	for (i = 0; i < n; i++) {
		if (!hub_computed(&f->questions[SURVEY_Q(items[i])]))
			continue;
		if (values[i] == NULL ||
		    (path = survey_path_at(sv, items[i], b)) == NULL)
			return 0;
		d = hub_pairs_find(dev, path);
		if (d == NULL || d->value == NULL ||
		    strcmp(d->value, values[i]) != 0)
			return 0;
		agree++;
	}
	return agree == ncomputed;
}

static int
hub_computed_check(struct survey *sv, const struct submission *s,
    const struct hub_pairs *dev, size_t ncomputed, struct hub_scratch *sc,
    char **cause)
{
	struct survey_items *it = &sc->items;
	int r;

	if ((r = survey_response_items(sv, s->submitted, it)) == 0 &&
	    !hub_computed_agree(sv, dev, ncomputed, it->items, it->values,
	    it->n, &sc->path))
		r = hub_computed_merge(sv, s, dev, it->items, it->values, it->n,
		    cause);
	return r;
}

/*
 * An answer the survey holds that the device did not send (a default the
 * person cleared) is cleared, so that what follows from it is computed
 * from what the device had. b: room for a path.
 */
static int
hub_clear_unsent(struct survey *sv, const struct hub_pairs *dev,
    struct hub_scratch *sc)
{
	const struct xlsform *f = survey_form(sv);
	const char **held, *path;
	size_t i, n = 0, nheld, *items;
	int r;

	if ((r = survey_draft_items(sv, &sc->items)) != 0)
		return r;
	/* The walk's room, the next walk's too: only items, never freed. */
	items = sc->items.items;
	held = sc->items.values;
	nheld = sc->items.n;
	/* Those to clear, in place of those read. */
	for (i = 0; i < nheld; i++) {
		if (held[i] == NULL || *held[i] == '\0' ||
		    hub_computed(&f->questions[SURVEY_Q(items[i])]))
			continue;
		/*
		 * At the top, an entry's path is its key, and an answer
		 * with that path is what hub_answers_put found it by: one
		 * sent is kept, whether restorable or not (asked first,
		 * as it costs less).
		 */
		if ((items[i] >> SURVEY_Q_BITS) == 0) {
			if (!sc->sent[SURVEY_Q(items[i])] &&
			    survey_restorable(sv, items[i]))
				items[n++] = items[i];
			continue;
		}
		if (!survey_restorable(sv, items[i]))
			continue;
		if ((path = survey_path_at(sv, items[i], &sc->path)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		if (hub_pairs_find(dev, path) == NULL)
			items[n++] = items[i];
	}
	/* An item an earlier clearing took away (its instance) stays so. */
	for (i = 0; i < n; i++)
		(void)survey_restore(sv, items[i], "");
out:
	return r;
}

/* Answers whose entry at the top a slot remembers, at most. */
#define HUB_CHECK_NAMES		1024

/*
 * A survey kept for one form, and the entry at the top each answer's
 * path named in the last submission of it, by the answer's place (a
 * kiosk lists a form's answers in the same order every time): the next
 * finds its entry by comparing the path with that entry's key, without
 * looking it up. Paths only, never answers.
 */
struct hub_slot {
	struct survey		*sv;
	const struct xlsform	*f;	/* the form of qat */
	size_t			*qat;	/* SURVEY_NONE: none known */
	size_t			 nqat;
};

static void
hub_slot_free(struct hub_slot *sl)
{
	survey_free(&sl->sv);
	free(sl->qat);
	memset(sl, 0, sizeof *sl);
}

/*
 * sl's entries for n answers of form f, forgotten when it was another
 * form's; ERR_NOMEM. Past HUB_CHECK_NAMES, answers are looked up.
 */
static int
hub_slot_names(struct hub_slot *sl, const struct xlsform *f, size_t n)
{
	size_t i, *v;

	if (n > HUB_CHECK_NAMES)
		n = HUB_CHECK_NAMES;
	if (sl->f != f) {
		sl->f = f;
		for (i = 0; i < sl->nqat; i++)
			sl->qat[i] = SURVEY_NONE;
	}
	if (n > sl->nqat) {
		if ((v = reallocarray(sl->qat, n, sizeof *v)) == NULL)
			return ERR_NOMEM;
		for (i = sl->nqat; i < n; i++)
			v[i] = SURVEY_NONE;
		sl->qat = v;
		sl->nqat = n;
	}
	return ERR_OK;
}

/*
 * The person's answers (and what triggers set) into sv, in order;
 * *ncomputed: how many computed answers with a value the device sent.
 */
static int
hub_answers_put(struct survey *sv, const struct submission *s,
    size_t *ncomputed, struct hub_scratch *sc, struct hub_slot *sl,
    char **cause)
{
	const struct xlsform *f = survey_form(sv);
	const struct xlsform_question *q;
	size_t i, qi;
	int r = ERR_OK;

	*ncomputed = 0;
	/* One recomputation for them all (survey_new_restoring). */
	for (i = 0; i < s->nanswers && r == ERR_OK; i++) {
		/*
		 * The entry at the top whose key the path is, as the last
		 * submission's answer here named it: the item that
		 * survey_find_path finds (a key never holds a '['), which is
		 * the entry itself (survey.h). Else it is found.
		 */
		if (i < sl->nqat && sl->qat[i] != SURVEY_NONE &&
		    strcmp(s->answers[i].name,
		    f->questions[sl->qat[i]].key) == 0)
			qi = sl->qat[i];
		/* A path makes a repeat's instance ("member[2]/name"). */
		else if ((qi = survey_find_path(sv, s->answers[i].name, 1)) !=
		    SURVEY_NONE && (qi >> SURVEY_Q_BITS) == 0 && i < sl->nqat)
			sl->qat[i] = qi;
		if (qi == SURVEY_NONE) {
			r = err_set(cause, ERR_INVALID, "its answer '%s' is "
			    "not a question of form %s version %s",
			    s->answers[i].name, s->form_id, s->form_version);
			break;
		}
		if ((qi >> SURVEY_Q_BITS) == 0)
			sc->sent[SURVEY_Q(qi)] = 1;
		q = &survey_form(sv)->questions[SURVEY_Q(qi)];
		if (hub_computed(q) && s->answers[i].value != NULL &&
		    *s->answers[i].value != '\0')
			(*ncomputed)++;
		/* A trigger's value is the device's (survey_recomputable). */
		if (s->answers[i].value == NULL ||
		    (hub_computed(q) && q->ntriggers == 0))
			continue;
		if (!xlsform_type_has_answer(q->type) ||
		    survey_restore(sv, qi, s->answers[i].value) != 0)
			r = err_set(cause, ERR_INVALID, "its answer to '%s' "
			    "cannot be an answer to that question",
			    s->answers[i].name);
	}
	survey_restore_end(sv);
	return r;
}

/* Surveys kept per form, at most this many (a pack has a few forms). */
#define HUB_CHECK_SURVEYS	16

struct hub_check {
	struct hub_slot	 slot[HUB_CHECK_SURVEYS];	/* each of a form */
	size_t		 next;			/* the one to replace next */
	struct hub_scratch scratch;
};

int
hub_check_new(struct hub_check **cp)
{
	*cp = calloc(1, sizeof **cp);
	return *cp != NULL ? ERR_OK : ERR_NOMEM;
}

void
hub_check_free(struct hub_check **cp)
{
	size_t i;

	if (*cp == NULL)
		return;
	for (i = 0; i < HUB_CHECK_SURVEYS; i++)
		hub_slot_free(&(*cp)->slot[i]);
	hub_scratch_free(&(*cp)->scratch);
	free(*cp);
	*cp = NULL;
}

/* c's place for a survey of form f: the one it has, or a free one. */
static struct hub_slot *
hub_check_slot(struct hub_check *c, const struct xlsform *f)
{
	size_t i;

	for (i = 0; i < HUB_CHECK_SURVEYS; i++)
		if (c->slot[i].sv != NULL && survey_form(c->slot[i].sv) == f)
			return &c->slot[i];
	for (i = 0; i < HUB_CHECK_SURVEYS; i++)
		if (c->slot[i].sv == NULL)
			return &c->slot[i];
	i = c->next++ % HUB_CHECK_SURVEYS;
	hub_slot_free(&c->slot[i]);
	return &c->slot[i];
}

/*
 * The answers against form f (the survey runtime's rules), in a survey of
 * c's, or a new one without c.
 */
static int
hub_answers_check(struct hub_check *c, const struct xlsform *f,
    const struct submission *s, char **cause)
{
	struct hub_pairs dev = { NULL, 0, NULL, 0 };
	struct hub_slot own = { NULL, NULL, NULL, 0 }, *sl = c != NULL ?
	    hub_check_slot(c, f) : &own;
	struct survey *sv;
	struct survey_problem prob;
	struct hub_scratch own_scratch = { BUF_INIT, NULL, 0, NULL, 0,
	    { NULL, NULL, 0, 0 } };
	struct hub_scratch *sc = c != NULL ? &c->scratch : &own_scratch;
	size_t ncomputed = 0;
	int r;

	if ((r = hub_pairs_make(&dev, s->answers, s->nanswers, sc)) != 0)
		goto out;
	if ((r = survey_renew_restoring(&sl->sv, f, s->lang, s->started,
	    hub_given, &dev, NULL)) != 0 && (r = survey_renew_restoring(
	    &sl->sv, f, NULL, s->started, hub_given, &dev, cause)) != 0)
		goto out;
	sv = sl->sv;
	if ((r = hub_scratch_sent(sc, f->nquestions)) != 0 ||
	    (r = hub_slot_names(sl, f, s->nanswers)) != 0 ||
	    (r = hub_answers_put(sv, s, &ncomputed, sc, sl, cause)) != 0 ||
	    (r = hub_clear_unsent(sv, &dev, sc)) != 0)
		goto out;
	if (survey_validate(sv, &prob) != 0)
		r = err_set(cause, ERR_INVALID, "its answer to '%s' is not "
		    "valid (%s)", prob.name != NULL ? prob.name : "?",
		    prob.kind == SURVEY_P_REQUIRED ? "a required question is "
		    "unanswered" : prob.kind == SURVEY_P_TYPE ? "wrong type" :
		    prob.kind == SURVEY_P_CHOICE ? "not one of the choices" :
		    "the constraint does not hold");
	else
		r = hub_computed_check(sv, s, &dev, ncomputed, sc, cause);
out:
	hub_slot_free(&own);
	hub_scratch_free(&own_scratch);
	return r;
}

int
hub_submission_check(const struct hub_forms *forms, const char *json,
    size_t len, const struct bundle_entry *e, const char *device,
    struct submission_parsed **pp, char **cause)
{
	return hub_check_submission(NULL, forms, json, len, e, device, pp,
	    cause);
}

int
hub_check_submission(struct hub_check *c, const struct hub_forms *forms,
    const char *json, size_t len, const struct bundle_entry *e,
    const char *device, struct submission_parsed **pp, char **cause)
{
	struct submission_parsed *p = NULL;
	const struct xlsform *f;
	const struct submission *s;
	char *why = NULL;
	int r;

	*pp = NULL;
	if ((r = submission_parse(json, len, &p, &why)) != 0) {
		r = err_set(cause, r == ERR_NOMEM ? r : ERR_INVALID, "%s", why);
		goto out;
	}
	s = &p->s;
	if (strcmp(s->id, e->id) != 0 || strcmp(s->form_id, e->form) != 0 ||
	    strcmp(s->form_version, e->version) != 0) {
		r = err_set(cause, ERR_INVALID, "it is not the submission its "
		    "manifest entry describes (id, form or version differ)");
		goto out;
	}
	if (strcmp(s->device, device) != 0) {
		r = err_set(cause, ERR_INVALID, "it names another device (%s)",
		    s->device);
		goto out;
	}
	/* Each kind under its own rules, never another kind's. */
	if (s->kind == SUBMISSION_NOTES || s->kind == SUBMISSION_TALLY) {
		if ((r = session_sub_check(s, cause)) != 0)
			goto out;
	} else if ((f = hub_forms_find(forms, s->form_id,
	    s->form_version)) == NULL) {
		r = err_set(cause, ERR_INVALID, "the hub does not have form "
		    "%s version %s (sign its pack with this hub, or give it "
		    "with --pack)", s->form_id, s->form_version);
		goto out;
	} else if ((s->kind == SUBMISSION_CONTACT) !=
	    hub_forms_is_contact(forms, f)) {
		/* A request is never stored as an answer, nor one as it. */
		r = err_set(cause, ERR_INVALID, s->kind == SUBMISSION_CONTACT ?
		    "a contact request on form %s, which is not a pack's "
		    "contact form" : "an answer on form %s, which is a pack's "
		    "contact form", s->form_id);
		goto out;
	} else if ((r = hub_answers_check(c, f, s, cause)) != 0)
		goto out;
	*pp = p;
	p = NULL;
out:
	submission_parsed_free(&p);
	free(why);
	return r;
}
