/*
 * helper-seal: drive the outbox from shell tests and the bench.
 *
 *   helper-seal seal HOME N [ANSWER]     seal N synthetic submissions to the
 *                                        demo hub; print each id only after
 *                                        outbox_seal returned (acknowledged)
 *   helper-seal verify HOME IDFILE [ACKS] integrity_check; every row's hash
 *                                        and size match and it decrypts with
 *                                        IDFILE to a whole submission with
 *                                        its own id; every id in ACKS is
 *                                        there. Prints the counts.
 *   helper-seal extract HOME ID          the ciphertext of ID on stdout
 *   helper-seal draft HOME ANSWER        journal a draft holding ANSWER, as
 *                                        the kiosk does mid-survey
 *   helper-seal bench DIR N              seal+commit N times, the same
 *                                        commits without encryption, and the
 *                                        sealing alone (JSON, age, hash);
 *                                        median and p99 of each in us
 */
#include <errno.h>
#include <sqlite3.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/pack.h"
#include "sync/age.h"
#include "sync/device.h"
#include "sync/draft.h"
#include "sync/outbox.h"
#include "sync/submission.h"

static int
die(const char *what, int r, char *cause)
{
	fprintf(stderr, "helper-seal: %s: %s\n", what, cause != NULL ? cause : err_str(r));
	free(cause);
	return 1;
}

static void
fill(struct submission *s, const char *device, const struct submission_answer *a, size_t n)
{
	memset(s, 0, sizeof *s);
	submission_id_new(s->id);
	s->kind = SUBMISSION_SURVEY;
	s->form_id = "experience";
	s->form_version = "2026110101";
	s->pack_id = "hackney";
	s->pack_version = "1.0.0";
	s->lang = "en";
	s->device = device;
	s->started = time(NULL) - 120;
	s->submitted = time(NULL);
	s->answers = a;
	s->nanswers = n;
}

/* Typical answers of the experience survey: about 1 KiB of JSON. */
static struct submission_answer answers[] = {
	{ "consent", "yes" },
	{ "who", "carer" },
	{ "age_band", "65-74" },
	{ "services", "home_care day_centre meals" },
	{ "rating", "4" },
	{ "what_went_well", "The carers were kind and came on time most days, and the "
	    "day centre staff knew my mother by name." },
	{ "what_to_change", "It took three months to get an assessment and nobody told us "
	    "what was happening in the meantime. Please write to us." },
	{ "contact_ok", "no" },
	{ "postcode_area", "E8" },
	{ "language_pref", "en" },
};
#define NANSWERS (sizeof answers / sizeof answers[0])

static int
do_seal(const char *home, long n, const char *extra)
{
	struct age_recipient r;
	struct outbox *ob = NULL;
	struct device dev;
	struct submission s;
	struct submission_answer a[NANSWERS + 1];
	char *cause = NULL, line[64];
	long i;
	int rc, len;

	memcpy(a, answers, sizeof answers);
	a[NANSWERS].name = "comment";
	a[NANSWERS].value = extra != NULL ? extra : "";
	if ((rc = age_recipient_parse(PACK_DEMO_RECIPIENT, &r, &cause)) != 0)
		return die("recipient", rc, cause);
	if ((rc = device_init(home, &dev, NULL, &cause)) != 0)
		return die("init", rc, cause);
	if ((rc = outbox_open(home, &ob, &cause)) != 0)
		return die("open", rc, cause);
	for (i = 0; i < n; i++) {
		fill(&s, dev.key_id, a, NANSWERS + 1);
		if ((rc = outbox_seal(ob, &s, &r, 1, &cause)) != 0) {
			outbox_close(&ob);
			return die("seal", rc, cause);
		}
		/* One write per line: the id is acknowledged once it is out. */
		len = snprintf(line, sizeof line, "%s\n", s.id);
		if (write(STDOUT_FILENO, line, (size_t)len) != len)
			break;
	}
	outbox_close(&ob);
	return 0;
}

static int
do_verify(const char *home, const char *idfile, const char *acks)
{
	struct age_identity_list *ids = NULL;
	struct outbox *ob = NULL;
	struct outbox_cursor *c = NULL;
	struct outbox_item it;
	struct submission_parsed *p = NULL;
	uint8_t *pt = NULL;
	size_t ptlen, checked = 0, bad = 0, acked = 0, lost = 0, len = 0;
	char *cause = NULL, *data = NULL, *line, *nl;
	int rc;

	if ((rc = age_identity_file_load(idfile, NULL, &ids, &cause)) != 0)
		return die("identity", rc, cause);
	if ((rc = outbox_open(home, &ob, &cause)) != 0)
		return die("open", rc, cause);
	if ((rc = outbox_check(ob, &cause)) != 0)
		return die("integrity", rc, cause);
	printf("integrity_check: ok\n");
	if ((rc = outbox_pending_open(ob, 0, &c, &cause)) != 0)
		return die("list", rc, cause);
	while ((rc = outbox_cursor_next(c, &it, &cause)) == 1) {
		checked++;
		if (age_decrypt(ids->v, ids->n, it.ciphertext, it.size, 0, &pt, &ptlen,
		    NULL) != 0 || submission_parse((char *)pt, ptlen, &p, NULL) != 0 ||
		    strcmp(p->s.id, it.id) != 0 || strcmp(p->s.form_id, it.form) != 0 ||
		    p->s.submitted != it.submitted) {
			bad++;
			fprintf(stderr, "helper-seal: %s does not decrypt to itself\n", it.id);
		}
		submission_parsed_free(&p);
		age_plaintext_free(&pt);
	}
	outbox_cursor_free(&c);
	if (rc < 0)
		return die("list", rc, cause);
	if (acks != NULL && file_read(acks, 64 << 20, &data, &len, NULL) == 0) {
		/* Only whole lines: a kill may cut the last one short. */
		for (line = data; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
			uint8_t *ct = NULL;
			size_t ctlen = 0;

			*nl = '\0';
			acked++;
			if (outbox_ciphertext(ob, line, &ct, &ctlen, NULL) != 0) {
				lost++;
				fprintf(stderr, "helper-seal: acknowledged %s is lost\n", line);
			}
			free(ct);
		}
		free(data);
	}
	printf("rows checked: %zu, damaged: %zu, acknowledged: %zu, lost: %zu\n",
	    checked, bad, acked, lost);
	outbox_close(&ob);
	age_identity_list_free(&ids);
	return bad == 0 && lost == 0 ? 0 : 1;
}

static int
do_extract(const char *home, const char *id)
{
	struct outbox *ob = NULL;
	uint8_t *ct = NULL;
	size_t len = 0;
	char *cause = NULL;
	int rc;

	if ((rc = outbox_open(home, &ob, &cause)) != 0)
		return die("open", rc, cause);
	if ((rc = outbox_ciphertext(ob, id, &ct, &len, &cause)) != 0)
		return die("extract", rc, cause);
	rc = fwrite(ct, 1, len, stdout) == len ? 0 : 1;
	free(ct);
	outbox_close(&ob);
	return rc;
}

static int
do_draft(const char *home, const char *answer)
{
	struct submission_answer a[2] = { { "consent", "yes" }, { "comment", answer } };
	struct draft d = { "experience", "2026110101", "en", 1795460950, 2, a, 2 };
	char *cause = NULL;
	int rc;

	if ((rc = draft_begin(home, &cause)) != 0 || (rc = draft_save(home, &d, &cause)) != 0)
		return die("draft", rc, cause);
	return 0;
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median and p99 (nearest rank) of v[0..n-1], sorted in place. */
static void
stats(double *v, long n, double *med, double *p99)
{
	long k;

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	k = (long)((double)n * 0.99 + 0.999999);
	*p99 = v[k > 0 ? k - 1 : 0];
}

static int
do_bench(const char *dir, long n)
{
	struct age_recipient r;
	struct outbox *ob = NULL;
	struct device dev;
	struct submission s;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	double *t, t0, med, p99, rmed, rp99, cmed, cp99;
	char *cause = NULL, path[4096], id[SUBMISSION_ID_SIZE];
	uint8_t blob[2048], hash[32];
	size_t blen = 0;
	long i;
	int rc;

	if ((t = calloc((size_t)n, sizeof *t)) == NULL)
		return 1;
	age_recipient_parse(PACK_DEMO_RECIPIENT, &r, NULL);
	if ((rc = device_init(dir, &dev, NULL, &cause)) != 0 ||
	    (rc = outbox_open(dir, &ob, &cause)) != 0) {
		free(t);
		return die("open", rc, cause);
	}
	for (i = 0; i < n; i++) {
		fill(&s, dev.key_id, answers, NANSWERS);
		t0 = now_us();
		rc = outbox_seal(ob, &s, &r, 1, &cause);
		t[i] = now_us() - t0;
		if (rc != 0) {
			free(t);
			return die("seal", rc, cause);
		}
	}
	{
		uint8_t *ct = NULL;

		outbox_ciphertext(ob, s.id, &ct, &blen, NULL);
		if (ct != NULL && blen <= sizeof blob)
			memcpy(blob, ct, blen);
		free(ct);
	}
	outbox_close(&ob);
	stats(t, n, &med, &p99);

	/* Sealing alone: the JSON, age and the hash, no disk. */
	for (i = 0; i < n; i++) {
		char *json = NULL;
		uint8_t *ct = NULL;
		size_t jl = 0, cl = 0;

		fill(&s, dev.key_id, answers, NANSWERS);
		t0 = now_us();
		submission_json(&s, &json, &jl, NULL);
		age_encrypt(&r, 1, json, jl, 0, &ct, &cl, NULL);
		submission_json_free(&json);
		crypto_hash_sha256(hash, ct, cl);
		t[i] = now_us() - t0;
		free(ct);
	}
	stats(t, n, &cmed, &cp99);

	/* The same commit without encryption: same pragmas, same row. */
	snprintf(path, sizeof path, "%s/raw.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY NOT NULL,"
	    " kind TEXT NOT NULL, form TEXT NOT NULL, version TEXT NOT NULL,"
	    " started INTEGER NOT NULL, submitted INTEGER NOT NULL, size INTEGER NOT NULL,"
	    " sha256 BLOB NOT NULL, ciphertext BLOB NOT NULL, bundle_seq INTEGER);"
	    "CREATE INDEX IF NOT EXISTS submissions_bundle ON submissions(bundle_seq)",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO submissions (id, kind, form, version,"
	    " started, submitted, size, sha256, ciphertext) VALUES (?1, 'survey',"
	    " 'experience', '2026110101', ?2, ?2, ?3, ?4, ?5)", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "helper-seal: raw: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	randombytes_buf(hash, sizeof hash);
	for (i = 0; i < n; i++) {
		submission_id_new(id);
		t0 = now_us();
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, time(NULL));
		sqlite3_bind_int64(st, 3, (sqlite3_int64)blen);
		sqlite3_bind_blob(st, 4, hash, 32, SQLITE_STATIC);
		sqlite3_bind_blob(st, 5, blob, (int)blen, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		t[i] = now_us() - t0;
		if (rc != SQLITE_DONE)
			return 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	stats(t, n, &rmed, &rp99);
	printf("seal_median_us=%.0f seal_p99_us=%.0f raw_median_us=%.0f raw_p99_us=%.0f "
	    "crypto_median_us=%.0f crypto_p99_us=%.0f ciphertext_bytes=%zu\n", med, p99,
	    rmed, rp99, cmed, cp99, blen);
	free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 1;
	if (argc >= 4 && argc <= 5 && strcmp(argv[1], "seal") == 0)
		return do_seal(argv[2], atol(argv[3]), argc == 5 ? argv[4] : NULL);
	if (argc >= 4 && argc <= 5 && strcmp(argv[1], "verify") == 0)
		return do_verify(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (argc == 4 && strcmp(argv[1], "draft") == 0)
		return do_draft(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "extract") == 0)
		return do_extract(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "bench") == 0 && atol(argv[3]) > 0)
		return do_bench(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: helper-seal seal HOME N [ANSWER] | verify HOME IDFILE [ACKS] |"
	    " extract HOME ID | draft HOME ANSWER | bench DIR N\n");
	return 2;
}
