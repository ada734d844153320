/*
 * helper-sync: seal realistic submissions for the sync tests and the bench.
 *
 *   helper-sync seal HOME N [FORM]   seal N submissions that pass their
 *                                    form's validation, going round the
 *                                    pack's surveys (or FORM alone), with
 *                                    the pack in $OUTREACH_PACK; prints
 *                                    "ID FORM" per submission once sealed
 *   helper-sync bundles DIR RECIPIENT N PER
 *                                    for the bench: N such submissions
 *                                    sealed to RECIPIENT by a new device
 *                                    (DIR/device.pub), straight into
 *                                    bundles of PER in DIR, without an
 *                                    outbox (two threads encrypt)
 *   helper-sync seal-raw HOME KIND FORM VERSION [NAME=VALUE...]
 *                                    seal one submission as given, checked
 *                                    only as a submission (a stolen
 *                                    laptop's: no form validation)
 *   helper-sync forge-receipt BUNDLE KEY
 *                                    a receipt for BUNDLE beside it that
 *                                    lists every entry as stored, signed
 *                                    with the minisign secret key file KEY
 *   helper-sync tamper KIND IN OUT [KEY]
 *                                    a hostile copy of bundle IN: flip (a
 *                                    byte of an entry, CRCs made right),
 *                                    manifest (an edit that keeps it
 *                                    JSON), resign (signed with the
 *                                    minisign secret key file KEY),
 *                                    traversal (an entry named ../x), bomb
 *                                    (an entry of 16 MiB of zeros,
 *                                    deflated), truncate (the first half)
 *
 *   helper-sync floor [N]            for the bench: the CPU time of one
 *                                    X25519 scalar multiplication (what
 *                                    decrypting an age file cannot do
 *                                    without) and of SHA-256 over a 1.2 KB
 *                                    ciphertext (sync/hash.h), each the
 *                                    median of N (1000) timed on this
 *                                    thread's CPU clock; and X25519 as
 *                                    the hub computes it (sync/x25519.h);
 *                                    prints "x25519_us=F sha256_us=F
 *                                    hash=IMPL hub_x25519_us=F
 *                                    hub_x25519=IMPL"
 *
 * With HELPER_SYNC_ID set, the first submission sealed takes that id (a
 * device that copies another's id from a stick).
 *
 * Answers come from the survey runtime: each shown screen in turn, each
 * answerable question a choice (varied by the submission's number), a
 * number, a date or a text with a comma and quotes in it (to exercise CSV
 * quoting); a value the runtime refuses is replaced by the next choice or
 * left out.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <zip.h>

#include "content/err.h"
#include "content/pack.h"
#include "content/survey.h"
#include "content/xlsform.h"
#include "content/fileio.h"
#include "sync/age.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/hash.h"
#include "sync/minisign.h"
#include "sync/outbox.h"
#include "sync/receipt.h"
#include "sync/submission.h"
#include "sync/x25519.h"

#define TEMPLATES	16	/* answer sets per form for bundles */

int main(int argc, char **argv);

static int
die(const char *what, int r, char *cause)
{
	fprintf(stderr, "helper-sync: %s: %s\n", what,
	    cause != NULL ? cause : err_str(r));
	free(cause);
	return 1;
}

/* Try candidate values for q until one passes; leave it unanswered else. */
static void
answer(struct survey *s, size_t q, unsigned k)
{
	const struct xlsform_question *qq = &survey_form(s)->questions[q];
	const struct xlsform_choice **ch = NULL;
	struct survey_problem p;
	char v[256];
	size_t n = 0, i, tries;

	switch (qq->type) {
	case XLSFORM_SELECT_ONE:
	case XLSFORM_SELECT_MULTIPLE:
	case XLSFORM_RANK:
		if (survey_choices(s, q, &ch, &n) != 0 || n == 0)
			break;
		if (qq->type == XLSFORM_RANK) {
			v[0] = '\0';
			for (i = 0; i < n; i++) {
				strncat(v, ch[i]->name, sizeof v - strlen(v) - 2);
				strcat(v, " ");
			}
			survey_set(s, q, v);
			break;
		}
		for (tries = 0; tries < n; tries++) {
			i = (k + q + tries) % n;
			if (qq->type == XLSFORM_SELECT_MULTIPLE && n > 2 &&
			    k % 3 == 0)
				snprintf(v, sizeof v, "%s %s", ch[i]->name,
				    ch[(i + 1) % n]->name);
			else
				snprintf(v, sizeof v, "%s", ch[i]->name);
			survey_set(s, q, v);
			if (survey_check(s, q, &p) == 0)
				break;
			survey_set(s, q, NULL);
		}
		break;
	case XLSFORM_TEXT:
		snprintf(v, sizeof v, "Answer %u to %s, \"quoted\"", k,
		    qq->name);
		survey_set(s, q, v);
		break;
	case XLSFORM_INTEGER:
		snprintf(v, sizeof v, "%u", k % 90 + 10);
		survey_set(s, q, v);
		break;
	case XLSFORM_DECIMAL:
		snprintf(v, sizeof v, "%u.5", k % 50);
		survey_set(s, q, v);
		break;
	case XLSFORM_RANGE:
		snprintf(v, sizeof v, "%g", qq->range_start +
		    qq->range_step * (double)(k % 3));
		survey_set(s, q, v);
		break;
	case XLSFORM_DATE:
		survey_set(s, q, "2026-11-01");
		break;
	case XLSFORM_ACKNOWLEDGE:
		survey_set(s, q, "OK");
		break;
	default:
		break;
	}
	free(ch);
	if (survey_check(s, q, &p) != 0)
		survey_set(s, q, NULL);
}

/* A response to f as the kiosk would make it (clear with _clear). */
static int
respond(const struct xlsform *f, const char *kind, unsigned k, time_t now,
    struct survey **sp, struct survey_response *resp)
{
	const struct survey_screen *sc;
	char *cause = NULL;
	size_t i, q;
	int r;

	memset(resp, 0, sizeof *resp);
	if ((r = survey_new(f, NULL, now - 300, sp, &cause)) != 0)
		return die("survey", r, cause);
	for (i = survey_first(*sp); i != SURVEY_NONE; i = survey_next(*sp, i)) {
		sc = survey_screen(*sp, i);
		for (q = sc->first; q <= sc->last; q++)
			if (survey_answerable(*sp, q) && survey_relevant(*sp, q))
				answer(*sp, q, k);
	}
	return survey_response(*sp, now, kind, resp);
}

/* Fill sub from resp (answers copied into *ap: Caller frees). */
static int
to_submission(const struct survey_response *resp, unsigned k,
    struct submission *sub, struct submission_answer **ap)
{
	struct submission_answer *a;
	size_t i;

	if ((a = calloc(resp->nanswers + 1, sizeof *a)) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < resp->nanswers; i++) {
		a[i].name = resp->answers[i].name;
		a[i].value = resp->answers[i].value;
	}
	memset(sub, 0, sizeof *sub);
	sub->kind = strcmp(resp->kind, "feedback") == 0 ?
	    SUBMISSION_FEEDBACK : SUBMISSION_SURVEY;
	sub->form_id = resp->form_id;
	sub->form_version = resp->form_version;
	sub->lang = resp->lang != NULL ? resp->lang : "en";
	sub->started = resp->started;
	sub->submitted = resp->submitted;
	sub->answers = a;
	sub->nanswers = resp->nanswers;
	if (k % 2 == 0) {
		sub->venue = "Hackney Central Library";
		sub->group = "Carers' group";
		sub->facilitator = "Sam";
	}
	*ap = a;
	return 0;
}

static int
seal_one(struct outbox_sealer *sealer, const struct xlsform *f,
    const char *kind, unsigned k, time_t now)
{
	struct survey_response resp;
	struct submission_answer *a = NULL;
	struct submission sub;
	struct survey *s = NULL;
	char *cause = NULL;
	int r;

	if ((r = respond(f, kind, k, now, &s, &resp)) != 0 ||
	    (r = to_submission(&resp, k, &sub, &a)) != 0)
		goto out;
	if (k == 0 && getenv("HELPER_SYNC_ID") != NULL)
		snprintf(sub.id, sizeof sub.id, "%s", getenv("HELPER_SYNC_ID"));
	if ((r = outbox_sealer_seal(sealer, &sub, &cause)) == 0)
		printf("%s %s\n", sub.id, f->id);
out:
	free(a);
	survey_response_clear(&resp);
	survey_free(&s);
	return r != 0 ? die("seal", r, cause) : 0;
}

/* The bench's bundles ---------------------------------------------------- */

struct tmpl {
	struct survey		*s;
	struct survey_response	 resp;
	struct submission	 sub;
	struct submission_answer *a;
};

struct seal_job {
	struct tmpl		*t;
	size_t			 nt;
	struct age_recipient	 r;
	const char		*device;
	size_t			 first;	/* submission number of item 0 */
	size_t			 n;
	struct bundle_item	*items;
	char			(*ids)[BUNDLE_ID_SIZE];
	int			 part;	/* which half this thread does */
	int			 failed;
};

static void *
seal_half(void *arg)
{
	struct seal_job *j = arg;
	struct submission sub;
	char *json = NULL;
	uint8_t *ct;
	size_t i, len, ctlen;

	for (i = (size_t)j->part; i < j->n; i += 2) {
		const struct tmpl *t = &j->t[(j->first + i) % j->nt];

		sub = t->sub;
		sub.device = j->device;
		sub.pack_id = "hackney-asc";
		sub.pack_version = "1.0.0";
		submission_id_new(j->ids[i]);
		memcpy(sub.id, j->ids[i], BUNDLE_ID_SIZE);
		if (submission_json(&sub, &json, &len, NULL) != 0 ||
		    age_encrypt(&j->r, 1, json, len, 0, &ct, &ctlen,
		    NULL) != 0) {
			j->failed = 1;
			submission_json_free(&json);
			break;
		}
		submission_json_free(&json);
		j->items[i].id = j->ids[i];
		j->items[i].form = t->sub.form_id;
		j->items[i].version = t->sub.form_version;
		j->items[i].data = ct;
		j->items[i].len = ctlen;
	}
	age_thread_cleanup();
	return NULL;
}

static int
make_bundles(const char *dir, const char *recipient, size_t n, size_t per,
    struct xlsform **forms, const char **kinds, size_t nforms, time_t now)
{
	struct minisign_seckey *sk = NULL;
	struct bundle_head h;
	struct seal_job j[2];
	struct tmpl *t = NULL;
	pthread_t tid;
	char *cause = NULL, name[BUNDLE_NAME_SIZE], *path = NULL;
	uint8_t *zip = NULL, hash[BUNDLE_HASH_BYTES];
	size_t nt = nforms * TEMPLATES, i, k, done, len;
	int r;

	memset(&h, 0, sizeof h);
	memset(j, 0, sizeof j);
	if ((r = age_recipient_parse(recipient, &j[0].r, &cause)) != 0)
		return die("recipient", r, cause);
	if ((r = minisign_keygen(&sk, &h.device_pk, &cause)) != 0)
		return die("keygen", r, cause);
	device_key_id(&h.device_pk, h.device);
	path = file_join(dir, "device.pub");
	if ((r = minisign_pubkey_save(path, &h.device_pk, &cause)) != 0)
		goto fail;
	if ((t = calloc(nt, sizeof *t)) == NULL)
		goto fail;
	for (i = 0; i < nt; i++)
		if ((r = respond(forms[i % nforms], kinds[i % nforms],
		    (unsigned)i, now, &t[i].s, &t[i].resp)) != 0 ||
		    (r = to_submission(&t[i].resp, (unsigned)i, &t[i].sub,
		    &t[i].a)) != 0)
			goto fail;
	j[0].t = t;
	j[0].nt = nt;
	j[0].device = h.device;
	j[1] = j[0];
	j[1].part = 1;
	h.created = (int64_t)now;
	for (done = 0, k = 1; done < n; done += j[0].n, k++) {
		j[0].first = done;
		j[0].n = n - done < per ? n - done : per;
		j[0].items = calloc(j[0].n, sizeof *j[0].items);
		j[0].ids = calloc(j[0].n, sizeof *j[0].ids);
		if (j[0].items == NULL || j[0].ids == NULL)
			goto fail;
		j[1].first = j[0].first;
		j[1].n = j[0].n;
		j[1].items = j[0].items;
		j[1].ids = j[0].ids;
		if (pthread_create(&tid, NULL, seal_half, &j[1]) != 0)
			goto fail;
		seal_half(&j[0]);
		pthread_join(tid, NULL);
		if (j[0].failed || j[1].failed)
			goto fail;
		h.seq = (int64_t)k;
		if ((r = bundle_build(&h, j[0].items, j[0].n, sk, NULL, NULL,
		    &zip, &len, hash, &cause)) != 0)
			goto fail;
		memcpy(h.previous, hash, sizeof hash);
		h.has_previous = 1;
		bundle_name(h.device, h.seq, name);
		free(path);
		path = file_join(dir, name);
		if ((r = file_write_atomic(path, zip, len, 0644, &cause)) != 0)
			goto fail;
		free(zip);
		zip = NULL;
		for (i = 0; i < j[0].n; i++)
			free((uint8_t *)j[0].items[i].data);
		free(j[0].items);
		free(j[0].ids);
		j[0].items = NULL;
		j[0].ids = NULL;
	}
	printf("%s\n", h.device);
	r = 0;
	goto out;
fail:
	r = die("bundles", r != 0 ? r : ERR_NOMEM, cause);
	cause = NULL;
out:
	for (i = 0; t != NULL && i < nt; i++) {
		free(t[i].a);
		survey_response_clear(&t[i].resp);
		survey_free(&t[i].s);
	}
	free(t);
	free(zip);
	free(path);
	free(cause);
	minisign_seckey_free(&sk);
	return r != 0 ? 1 : 0;
}

/* A stolen laptop's submissions and a forger's receipts ------------------- */

/* seal-raw HOME KIND FORM VERSION [NAME=VALUE...] */
static int
seal_raw(const struct pack *pack, int argc, char **argv)
{
	struct outbox_sealer *sealer = NULL;
	struct submission_answer a[64];
	struct submission sub;
	char *cause = NULL, *eq;
	int i, r;

	memset(&sub, 0, sizeof sub);
	if (argc - 6 > 64 || submission_kind_parse(argv[3], &sub.kind) != 0)
		return die("seal-raw", ERR_INVALID, NULL);
	sub.form_id = argv[4];
	sub.form_version = argv[5];
	sub.lang = "en";
	sub.started = time(NULL) - 60;
	sub.submitted = time(NULL);
	for (i = 6; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL)
			return die("seal-raw", ERR_INVALID, NULL);
		*eq = '\0';
		a[sub.nanswers].name = argv[i];
		a[sub.nanswers++].value = eq + 1;
	}
	sub.answers = a;
	if ((r = outbox_sealer_open(argv[2], pack, &sealer, &cause)) != 0 ||
	    (r = outbox_sealer_seal(sealer, &sub, &cause)) != 0) {
		outbox_sealer_free(&sealer);
		return die("seal-raw", r, cause);
	}
	printf("%s %s\n", sub.id, sub.form_id);
	outbox_sealer_free(&sealer);
	return 0;
}

/* forge-receipt BUNDLE KEY */
static int
forge_receipt(const char *path, const char *key)
{
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey pk;
	struct receipt *rc = NULL;
	struct bundle *b = NULL;
	char *data = NULL, *cause = NULL, *dir = NULL, *slash;
	size_t len = 0, i;
	int r;

	if ((r = file_read(path, BUNDLE_MAX_FILE, &data, &len, &cause)) != 0 ||
	    (r = bundle_open(data, len, &b, &cause)) != 0 ||
	    (r = minisign_seckey_load(key, NULL, &sk, &cause)) != 0)
		goto out;
	if ((rc = receipt_new()) == NULL || (dir = strdup(path)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	minisign_seckey_pubkey(sk, &pk);
	device_key_id(&pk, rc->hub);
	memcpy(rc->device, b->head.device, sizeof rc->device);
	rc->seq = b->head.seq;
	memcpy(rc->bundle_hash, b->hash, sizeof rc->bundle_hash);
	rc->created = (int64_t)time(NULL);
	for (i = 0; i < b->n && r == 0; i++)
		r = receipt_add_stored(rc, b->entries[i].id);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (r == 0)
		r = receipt_write(dir, rc, sk, &cause);
out:
	receipt_free(&rc);
	bundle_free(&b);
	minisign_seckey_free(&sk);
	free(data);
	free(dir);
	return r != 0 ? die("forge-receipt", r, cause) : 0;
}

/* Hostile bundles --------------------------------------------------------- */

/* Replace (or add) entry name in za with a copy of data. */
static int
zip_put(zip_t *za, const char *name, const void *data, size_t len,
    int deflate)
{
	zip_source_t *src;
	zip_int64_t idx;
	void *copy = malloc(len > 0 ? len : 1);

	if (copy == NULL)
		return -1;
	memcpy(copy, data, len);
	if ((src = zip_source_buffer(za, copy, len, 1)) == NULL)
		return -1;
	if ((idx = zip_name_locate(za, name, 0)) >= 0) {
		if (zip_file_replace(za, (zip_uint64_t)idx, src, 0) != 0)
			return -1;
	} else if ((idx = zip_file_add(za, name, src, 0)) < 0)
		return -1;
	return zip_set_file_compression(za, (zip_uint64_t)idx, deflate ?
	    ZIP_CM_DEFLATE : ZIP_CM_STORE, 9);
}

/* Read entry name of za whole (Caller frees). */
static char *
zip_get(zip_t *za, const char *name, size_t *lenp)
{
	zip_stat_t st;
	zip_file_t *zf;
	char *p;

	zip_stat_init(&st);
	if (zip_stat(za, name, 0, &st) != 0 || (p = malloc(st.size + 1)) ==
	    NULL || (zf = zip_fopen(za, name, 0)) == NULL)
		return NULL;
	if (zip_fread(zf, p, st.size) != (zip_int64_t)st.size) {
		zip_fclose(zf);
		free(p);
		return NULL;
	}
	zip_fclose(zf);
	p[st.size] = '\0';
	*lenp = st.size;
	return p;
}

static int
tamper(const char *kind, const char *in, const char *out, const char *key)
{
	struct minisign_seckey *sk = NULL;
	zip_source_t *src;
	zip_error_t ze;
	zip_t *za;
	zip_stat_t st;
	char *data = NULL, *m = NULL, *sig = NULL, *cause = NULL, *p;
	const char *age = NULL;
	uint8_t *bytes;
	size_t len, mlen, siglen, i;
	int r = 1;

	if (file_read(in, 512 * 1024 * 1024, &data, &len, &cause) != 0)
		return die("read", ERR_IO, cause);
	if (strcmp(kind, "truncate") == 0) {
		r = file_write_atomic(out, data, len / 2, 0644, &cause);
		free(data);
		return r != 0 ? die("write", r, cause) : 0;
	}
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 1, &ze)) == NULL ||
	    (za = zip_open_from_source(src, 0, &ze)) == NULL)
		return die("zip", ERR_PARSE, NULL);
	zip_source_keep(src);
	for (i = 0; i < (size_t)zip_get_num_entries(za, 0); i++)
		if (strncmp(zip_get_name(za, i, 0), "submissions/", 12) == 0) {
			age = zip_get_name(za, i, 0);
			break;
		}
	if (strcmp(kind, "flip") == 0 && age != NULL &&
	    (p = zip_get(za, age, &mlen)) != NULL) {
		p[mlen / 2] ^= 0x20;
		r = zip_put(za, age, p, mlen, 0);
		free(p);
	} else if (strcmp(kind, "manifest") == 0 &&
	    (m = zip_get(za, "manifest.json", &mlen)) != NULL &&
	    (p = strstr(m, "\"created\": \"")) != NULL) {
		p[14] = p[14] == '1' ? '2' : '1';	/* a digit of the year */
		r = zip_put(za, "manifest.json", m, mlen, 0);
	} else if (strcmp(kind, "resign") == 0 && key != NULL &&
	    (m = zip_get(za, "manifest.json", &mlen)) != NULL &&
	    minisign_seckey_load(key, NULL, &sk, &cause) == 0 &&
	    minisign_sign(sk, m, mlen, NULL, NULL, &sig, &siglen, &cause) == 0)
		r = zip_put(za, "manifest.json.minisig", sig, siglen, 0);
	else if (strcmp(kind, "traversal") == 0)
		r = zip_put(za, "../x", "#!/bin/sh\n", 10, 0);
	else if (strcmp(kind, "bomb") == 0 && age != NULL &&
	    (bytes = calloc(1, 16 << 20)) != NULL) {
		r = zip_put(za, age, bytes, 16 << 20, 1);
		free(bytes);
	}
	if (r != 0) {
		zip_discard(za);
		zip_source_free(src);
		return die(kind, ERR_INVALID, cause);
	}
	r = zip_close(za);
	zip_stat_init(&st);
	if (r != 0 || zip_source_stat(src, &st) != 0 ||
	    zip_source_open(src) != 0 || (bytes = malloc(st.size)) == NULL ||
	    zip_source_read(src, bytes, st.size) != (zip_int64_t)st.size)
		return die("zip", ERR_IO, NULL);
	zip_source_close(src);
	zip_source_free(src);
	r = file_write_atomic(out, bytes, st.size, 0644, &cause);
	free(bytes);
	free(m);
	free(sig);
	minisign_seckey_free(&sk);
	return r != 0 ? die("write", r, cause) : 0;
}

static double
floor_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
floor_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The floor of decryption: see the usage above. */
static int
floor_measure(unsigned n)
{
	static uint8_t ct[1200];
	uint8_t sk[crypto_scalarmult_BYTES], pk[crypto_scalarmult_BYTES];
	uint8_t out[crypto_scalarmult_BYTES], h[HASH_SHA256_BYTES];
	double *x, *y, *z, t;
	unsigned i, k;

	if (n == 0 || (x = calloc(n, sizeof *x)) == NULL ||
	    (y = calloc(n, sizeof *y)) == NULL ||
	    (z = calloc(n, sizeof *z)) == NULL)
		return 1;
	randombytes_buf(ct, sizeof ct);
	randombytes_buf(sk, sizeof sk);
	crypto_scalarmult_base(pk, sk);
	hash_sha256(h, ct, sizeof ct);	/* loads the implementation */
	for (i = 0; i < n; i++) {
		t = floor_now_us();
		if (crypto_scalarmult(out, sk, pk) != 0)
			return 1;
		x[i] = floor_now_us() - t;
		pk[0] ^= out[0] & 1;	/* a new point now and then */
		t = floor_now_us();
		for (k = 0; k < 10; k++)
			hash_sha256(h, ct, sizeof ct);
		y[i] = (floor_now_us() - t) / 10;
		ct[0] ^= h[0];
		/* The same through sync/x25519.h, as the hub computes it. */
		t = floor_now_us();
		if (x25519_shared(out, sk, pk) != 0)
			return 1;
		z[i] = floor_now_us() - t;
	}
	qsort(x, n, sizeof *x, floor_cmp);
	qsort(y, n, sizeof *y, floor_cmp);
	qsort(z, n, sizeof *z, floor_cmp);
	printf("x25519_us=%.2f sha256_us=%.2f hash=%s hub_x25519_us=%.2f "
	    "hub_x25519=%s\n", x[n / 2], y[n / 2], hash_impl(), z[n / 2],
	    x25519_impl());
	free(x);
	free(y);
	free(z);
	x25519_thread_cleanup();
	return 0;
}

int
main(int argc, char **argv)
{
	struct outbox_sealer *sealer = NULL;
	struct xlsform **forms = NULL;
	const char **kinds = NULL;
	struct pack *pack = NULL;
	const char *packdir = getenv("OUTREACH_PACK"), *only;
	char *cause = NULL, *path;
	size_t nforms = 0, i;
	unsigned n, k;
	time_t now = time(NULL);
	int r, status = 1;

	int bundles = argc == 6 && strcmp(argv[1], "bundles") == 0;

	if (argc >= 5 && argc <= 6 && strcmp(argv[1], "tamper") == 0)
		return sodium_init() < 0 ? 1 : tamper(argv[2], argv[3],
		    argv[4], argc == 6 ? argv[5] : NULL);
	if (argc >= 2 && argc <= 3 && strcmp(argv[1], "floor") == 0)
		return sodium_init() < 0 ? 1 : floor_measure(argc == 3 ?
		    (unsigned)strtoul(argv[2], NULL, 10) : 1000);
	if (argc == 4 && strcmp(argv[1], "forge-receipt") == 0)
		return sodium_init() < 0 ? 1 : forge_receipt(argv[2], argv[3]);
	if (argc >= 6 && strcmp(argv[1], "seal-raw") == 0) {
		if (sodium_init() < 0 || packdir == NULL)
			return die("setup", ERR_INVALID, strdup("set "
			    "OUTREACH_PACK"));
		if ((r = pack_load(packdir, &pack, &cause)) != 0)
			return die("pack", r, cause);
		status = seal_raw(pack, argc, argv);
		pack_free(&pack);
		return status;
	}

	if (!bundles && (argc < 4 || argc > 5 || strcmp(argv[1], "seal") != 0)) {
		fprintf(stderr, "usage: helper-sync seal HOME N [FORM]\n"
		    "       helper-sync seal-raw HOME KIND FORM VERSION "
		    "[NAME=VALUE...]\n"
		    "       helper-sync forge-receipt BUNDLE KEY\n"
		    "       helper-sync bundles DIR RECIPIENT N PER\n"
		    "       helper-sync floor [N]\n"
		    "       helper-sync tamper KIND IN OUT [KEY]\n");
		return 2;
	}
	n = (unsigned)strtoul(argv[bundles ? 4 : 3], NULL, 10);
	only = argc == 5 ? argv[4] : NULL;
	if (sodium_init() < 0 || packdir == NULL)
		return die("setup", ERR_INVALID, strdup("set OUTREACH_PACK"));
	if ((r = pack_load(packdir, &pack, &cause)) != 0)
		return die("pack", r, cause);
	forms = calloc(pack->nsurveys + 1, sizeof *forms);
	kinds = calloc(pack->nsurveys + 1, sizeof *kinds);
	for (i = 0; forms != NULL && kinds != NULL && i <= pack->nsurveys;
	    i++) {
		const char *id = i < pack->nsurveys ? pack->surveys[i] :
		    pack->feedback;

		if (id == NULL || (only != NULL && strcmp(id, only) != 0))
			continue;
		path = pack_survey_path(pack, id);
		r = xlsform_load(path, &forms[nforms], NULL, &cause);
		free(path);
		if (r != 0) {
			die("form", r, cause);
			goto out;
		}
		kinds[nforms++] = i < pack->nsurveys ? "survey" : "feedback";
	}
	if (nforms == 0) {
		fprintf(stderr, "helper-sync: no such form\n");
		goto out;
	}
	if (bundles) {
		status = make_bundles(argv[2], argv[3], n, strtoul(argv[5],
		    NULL, 10), forms, kinds, nforms, now);
		goto out;
	}
	if ((r = outbox_sealer_open(argv[2], pack, &sealer, &cause)) != 0) {
		die("outbox", r, cause);
		goto out;
	}
	for (k = 0; k < n; k++)
		if (seal_one(sealer, forms[k % nforms], kinds[k % nforms], k,
		    now) != 0)
			goto out;
	status = 0;
out:
	outbox_sealer_free(&sealer);
	for (i = 0; forms != NULL && i < nforms; i++)
		xlsform_free(&forms[i]);
	free(forms);
	free(kinds);
	pack_free(&pack);
	return status;
}
