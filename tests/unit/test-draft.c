/* Unit tests for sync/draft.c: encrypted drafts and their destruction. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/draft.h"
#include "tests/unit/test.h"

#define CANARY	"CANARY-7f3a9c-draft"

static const struct submission_answer answers[] = {
	{ "q1", "yes" },
	{ "q2", CANARY },
	{ "q3", "" },
	{ "q4", "\xc3\xa7ok g\xc3\xbczel" },
};

static void
fill(struct draft *d)
{
	memset(d, 0, sizeof *d);
	d->form_id = "experience";
	d->form_version = "2026110101";
	d->lang = "tr";
	d->started = 1795460950;
	d->screen = 4;
	d->answers = answers;
	d->nanswers = 4;
}

static int
file_has(const char *path, const char *needle)
{
	char *data = NULL;
	size_t len = 0;
	int has;

	if (file_read(path, 1 << 20, &data, &len, NULL) != 0)
		return 0;
	has = memmem(data, len, needle, strlen(needle)) != NULL;
	free(data);
	return has;
}

/* Write a draft whose body is given raw, under the key on disk. */
static void
forge(const char *home, const uint8_t *body, size_t len)
{
	char kp[512], dp[512], *key = NULL;
	size_t kl = 0;
	uint8_t out[256], ad[24];

	snprintf(kp, sizeof kp, "%s/%s", home, DRAFT_KEY_FILE);
	snprintf(dp, sizeof dp, "%s/%s", home, DRAFT_FILE);
	if (file_read(kp, 64, &key, &kl, NULL) != 0 || kl != 32 || len > 200) {
		free(key);
		return;
	}
	/* One record at offset 0: length, nonce, sealed body. */
	memset(out, 0, 4);
	out[0] = (uint8_t)len;
	randombytes_buf(out + 4, 24);
	memcpy(ad, "outreach-draft/2", 16);
	memset(ad + 16, 0, 8);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 28, NULL, body, len,
	    ad, sizeof ad, NULL, out + 4, (uint8_t *)key);
	file_write_atomic(dp, out, 28 + len + 16, 0600, NULL);
	free(key);
}

/*
 * Turn the draft at home, a journal of one record, into the format of
 * earlier versions: the nonce, then the body sealed with associated data
 * "outreach-draft/1". 0 when done.
 */
static int
to_v1(const char *home)
{
	char kp[512], dp[512], *key = NULL, *data = NULL;
	size_t kl = 0, len = 0, n;
	uint8_t body[4096], out[4096 + 40], ad[24];
	int r = -1;

	snprintf(kp, sizeof kp, "%s/%s", home, DRAFT_KEY_FILE);
	snprintf(dp, sizeof dp, "%s/%s", home, DRAFT_FILE);
	if (file_read(kp, 64, &key, &kl, NULL) != 0 || kl != 32 ||
	    file_read(dp, 1 << 20, &data, &len, NULL) != 0 || len < 44 ||
	    (n = len - 44) > sizeof body)
		goto out;
	memcpy(ad, "outreach-draft/2", 16);
	memset(ad + 16, 0, 8);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(body, NULL, NULL,
	    (uint8_t *)data + 28, n + 16, ad, sizeof ad, (uint8_t *)data + 4,
	    (uint8_t *)key) != 0)
		goto out;
	randombytes_buf(out, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 24, NULL, body, n,
	    (const uint8_t *)"outreach-draft/1", 16, NULL, out, (uint8_t *)key);
	r = file_write_atomic(dp, out, 24 + n + 16, 0600, NULL);
out:
	free(key);
	free(data);
	return r;
}

int
main(void)
{
	char home[] = "/tmp/outreach-draft.XXXXXX", kp[512], dp[512], peek[512],
	    *cause = NULL, *data = NULL;
	struct draft_loaded *l = NULL;
	struct draft d;
	struct stat st;
	size_t i, len = 0;
	int r, ok;

	if (mkdtemp(home) == NULL || sodium_init() < 0)
		return 1;
	snprintf(kp, sizeof kp, "%s/%s", home, DRAFT_KEY_FILE);
	snprintf(dp, sizeof dp, "%s/%s", home, DRAFT_FILE);
	snprintf(peek, sizeof peek, "%s/peek", home);

	CHECK_INT(draft_load(home, &l, NULL), ERR_NOTFOUND, "no draft at first");
	CHECK(!draft_exists(home), "draft_exists agrees");
	CHECK_INT(draft_destroy(home, NULL), 0, "destroying nothing is fine");

	CHECK_INT(draft_begin(home, NULL), 0, "a survey begins: a key is made");
	CHECK(stat(kp, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 32,
	    "draft.key is 32 bytes, 0600");
	CHECK(!draft_exists(home), "but no draft until the first answer");
	fill(&d);
	r = draft_save(home, &d, &cause);
	CHECK(r == 0, "a draft is saved (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	CHECK(stat(dp, &st) == 0 && (st.st_mode & 0777) == 0600, "the draft is 0600");
	CHECK(draft_exists(home), "draft_exists sees it");
	CHECK(!file_has(dp, CANARY) && !file_has(dp, "experience"),
	    "neither answers nor the form id are readable in it");
	r = draft_load(home, &l, &cause);
	CHECK(r == 0, "and loads back (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	ok = l != NULL && strcmp(l->d.form_id, "experience") == 0 &&
	    strcmp(l->d.form_version, "2026110101") == 0 && strcmp(l->d.lang, "tr") == 0 &&
	    l->d.started == 1795460950 && l->d.screen == 4 && l->d.nanswers == 4;
	for (i = 0; ok && i < 4; i++)
		ok = strcmp(l->d.answers[i].name, answers[i].name) == 0 &&
		    strcmp(l->d.answers[i].value, answers[i].value) == 0;
	CHECK(ok, "with every field and answer (empty and UTF-8 ones too)");
	draft_loaded_free(&l);
	CHECK(l == NULL, "draft_loaded_free clears the pointer");
	draft_loaded_free(NULL);

	/* Journaling replaces: the latest answers come back. */
	d.nanswers = 1;
	d.screen = 1;
	d.started = -5;
	draft_save(home, &d, NULL);
	r = draft_load(home, &l, NULL);
	CHECK(r == 0 && l->d.nanswers == 1 && l->d.screen == 1 && l->d.started == -5,
	    "the next save replaces the draft");
	draft_loaded_free(&l);
	d.nanswers = 0;
	draft_save(home, &d, NULL);
	r = draft_load(home, &l, NULL);
	CHECK(r == 0 && l->d.nanswers == 0, "a draft with no answers yet");
	draft_loaded_free(&l);

	/* The journal: each save appends a record, the last one counts. */
	{
		off_t sizes[4];
		int k;

		draft_begin(home, NULL);
		fill(&d);
		for (k = 0; k < 4; k++) {
			d.nanswers = (size_t)k + 1;
			draft_save(home, &d, NULL);
			sizes[k] = stat(dp, &st) == 0 ? st.st_size : -1;
		}
		CHECK(sizes[1] > sizes[0] && sizes[2] > sizes[1] &&
		    sizes[3] > sizes[2] && sizes[0] > 0,
		    "each save appends a record to the draft");
		r = draft_load(home, &l, NULL);
		CHECK(r == 0 && l->d.nanswers == 4, "the last record is the draft");
		draft_loaded_free(&l);
		/* A save a kill cut short: the one before comes back. */
		CHECK(truncate(dp, sizes[3] - 5) == 0, "(cut the last record short)");
		r = draft_load(home, &l, NULL);
		CHECK(r == 0 && l->d.nanswers == 3,
		    "a record cut short is dropped: the draft before it loads");
		draft_loaded_free(&l);
		CHECK(stat(dp, &st) == 0 && st.st_size == sizes[2],
		    "and the torn tail is cut off the file");
		d.nanswers = 2;
		draft_save(home, &d, NULL);
		r = draft_load(home, &l, NULL);
		CHECK(r == 0 && l->d.nanswers == 2,
		    "a save after the cut is read back");
		draft_loaded_free(&l);
		/* A flipped bit in the last record: the one before. */
		file_read(dp, 1 << 20, &data, &len, NULL);
		data[len - 3] ^= 1;
		file_write_atomic(dp, data, len, 0600, NULL);
		r = draft_load(home, &l, NULL);
		CHECK(r == 0 && l->d.nanswers == 3,
		    "a last record that does not decrypt is dropped");
		draft_loaded_free(&l);
		/* A later record moved to the start does not decrypt there. */
		memmove(data, data + sizes[0], (size_t)(sizes[1] - sizes[0]));
		file_write_atomic(dp, data, (size_t)(sizes[1] - sizes[0]),
		    0600, NULL);
		CHECK_INT(draft_load(home, &l, NULL), ERR_CRYPTO,
		    "a record moved to another offset does not decrypt");
		free(data);
		data = NULL;
		/* Past DRAFT_JOURNAL_BYTES a save starts the file again. */
		{
			struct submission_answer big[1];
			char *v = malloc(8193);
			int ok2 = v != NULL, grew = 0;

			if (v != NULL) {
				memset(v, 'y', 8192);
				v[8192] = '\0';
			}
			big[0].name = "q";
			big[0].value = v;
			d.answers = big;
			d.nanswers = 1;
			for (k = 0; ok2 && k < 80; k++) {
				v[k] = 'z';
				ok2 = draft_save(home, &d, NULL) == 0 &&
				    stat(dp, &st) == 0 &&
				    st.st_size <= DRAFT_JOURNAL_BYTES;
				grew |= st.st_size > 10 * 8192;
			}
			CHECK(ok2 && grew, "the journal grows, but never past "
			    "DRAFT_JOURNAL_BYTES");
			r = draft_load(home, &l, NULL);
			CHECK(r == 0 && ok2 && l->d.nanswers == 1 &&
			    strcmp(l->d.answers[0].value, v) == 0,
			    "and the latest save loads after it starts again");
			draft_loaded_free(&l);
			free(v);
		}
	}

	/* Damage and tampering. */
	draft_begin(home, NULL);
	fill(&d);
	draft_save(home, &d, NULL);
	file_read(dp, 1 << 20, &data, &len, NULL);
	data[len / 2] ^= 1;
	file_write_atomic(dp, data, len, 0600, NULL);
	CHECK_INT(draft_load(home, &l, NULL), ERR_CRYPTO, "a flipped bit does not decrypt");
	file_write_atomic(dp, data, 30, 0600, NULL);
	CHECK(draft_load(home, &l, NULL) < 0 && l == NULL, "a truncated draft is refused");
	file_write_atomic(dp, data, 0, 0600, NULL);
	CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "an empty draft is refused");
	free(data);
	data = NULL;
	draft_save(home, &d, NULL);
	file_write_atomic(kp, "0123456789abcdef0123456789abcdef", 32, 0600, NULL);
	CHECK_INT(draft_load(home, &l, NULL), ERR_CRYPTO, "another key does not decrypt it");
	file_write_atomic(kp, "short", 5, 0600, NULL);
	CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "a key of the wrong size is refused");

	/* Bodies that decrypt but lie about their lengths. */
	draft_begin(home, NULL);
	{
		uint8_t body[64];

		memset(body, 0, sizeof body);
		body[16] = 5;			/* five answers, none there */
		body[20] = 1;			/* form id: 1 byte */
		body[24] = 'f';
		forge(home, body, 26);
		CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "a count beyond the data is refused");
		memset(body, 0, sizeof body);
		body[20] = 0xff;
		body[21] = 0xff;
		body[22] = 0xff;
		body[23] = 0xff;		/* a 4 GiB string */
		forge(home, body, 40);
		CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "a length beyond the data is refused");
		memset(body, 0, sizeof body);
		body[16] = 0xff;
		body[17] = 0xff;		/* 65535 answers */
		forge(home, body, 40);
		CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "too many answers are refused");
		memset(body, 0, sizeof body);
		body[20] = 2;			/* "f\0" then a NUL terminator: NUL inside */
		body[24] = 'f';
		forge(home, body, 40);
		CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "a NUL inside a string is refused");
		memset(body, 0, sizeof body);
		for (i = 0; i < 3; i++)
			body[20 + 5 * i + 4] = '\0';	/* three empty strings */
		forge(home, body, 35);
		r = draft_load(home, &l, NULL);
		CHECK(r == 0 && l->d.nanswers == 0 && l->d.form_id[0] == '\0',
		    "the smallest well-formed body loads");
		draft_loaded_free(&l);
		forge(home, body, 36);
		CHECK_INT(draft_load(home, &l, NULL), ERR_PARSE, "one byte more is refused");
	}

	/* Destroy: the key zeroed on disk and gone, then the draft. */
	draft_save(home, &d, NULL);
	unlink(peek);
	CHECK(link(kp, peek) == 0, "(a second name for the key file, to look at it after)");
	CHECK_INT(draft_destroy(home, NULL), 0, "the draft is destroyed");
	CHECK(access(kp, F_OK) == -1 && access(dp, F_OK) == -1, "the key and the draft are gone");
	{
		static const uint8_t zeros[32];

		r = file_read(peek, 64, &data, &len, NULL);
		CHECK(r == 0 && len == 32 && memcmp(data, zeros, 32) == 0,
		    "the key's bytes were overwritten with zeros before the unlink");
		free(data);
		data = NULL;
	}
	CHECK_INT(draft_load(home, &l, NULL), ERR_NOTFOUND, "nothing to resume after");
	CHECK(!draft_exists(home), "draft_exists agrees");

	/* A save without draft_begin makes its key. */
	r = draft_save(home, &d, NULL);
	CHECK(r == 0 && draft_exists(home), "saving without begin makes a key first");
	CHECK_INT(draft_load(home, &l, NULL), 0, "and loads");
	draft_loaded_free(&l);
	/* A new survey begins: the old draft goes with the old key. */
	draft_begin(home, NULL);
	CHECK(!draft_exists(home) && access(kp, F_OK) == 0, "begin discards an old draft");
	/* A draft without its key cannot be read and says so. */
	draft_save(home, &d, NULL);
	unlink(kp);
	CHECK_INT(draft_load(home, &l, NULL), ERR_NOTFOUND, "a draft without its key is not found");
	/* A save then makes a new key: it must not append to the leftover. */
	d.screen = 7;
	draft_save(home, &d, NULL);
	r = draft_load(home, &l, NULL);
	CHECK(r == 0 && l->d.screen == 7,
	    "a save under a new key beside a leftover draft loads back");
	draft_loaded_free(&l);
	d.screen = 8;
	draft_save(home, &d, NULL);
	r = draft_load(home, &l, NULL);
	CHECK(r == 0 && l->d.screen == 8, "and so does the save after it");
	draft_loaded_free(&l);

	/* A draft written by an earlier version (one sealed body). */
	draft_begin(home, NULL);
	fill(&d);
	draft_save(home, &d, NULL);
	CHECK(to_v1(home) == 0, "(a draft in the earlier format)");
	r = draft_load(home, &l, &cause);
	ok = r == 0 && l->d.nanswers == 4 && l->d.screen == 4 &&
	    strcmp(l->d.answers[1].value, CANARY) == 0;
	CHECK(ok, "a draft of an earlier version loads (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	draft_loaded_free(&l);
	d.screen = 9;
	draft_save(home, &d, NULL);
	r = draft_load(home, &l, NULL);
	CHECK(r == 0 && l->d.screen == 9,
	    "and the saves after it append to a journal that loads");
	draft_loaded_free(&l);
	draft_destroy(home, NULL);
	CHECK(access(dp, F_OK) == -1, "and destroy removes the leftover");

	/* Bounds. */
	{
		struct submission_answer big[1];
		char *v = malloc(DRAFT_MAX_BYTES + 1);

		memset(v, 'x', DRAFT_MAX_BYTES);
		v[DRAFT_MAX_BYTES] = '\0';
		big[0].name = "q";
		big[0].value = v;
		d.answers = big;
		d.nanswers = 1;
		CHECK_INT(draft_save(home, &d, NULL), ERR_LIMIT, "a draft over the bound is refused");
		free(v);
		d.form_id = NULL;
		d.nanswers = 0;
		CHECK_INT(draft_save(home, &d, NULL), ERR_INVALID, "a draft needs a form id");
	}

	unlink(peek);
	draft_destroy(home, NULL);
	rmdir(home);
	return test_done();
}
