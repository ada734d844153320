/*
 * Fuzz the reader of a submission's JSON (sync/submission-read.c), which
 * the hub runs on every decrypted submission: the input is the JSON.
 *
 * submission_parse() must agree with the jansson-based parse it replaced
 * (tests/unit/submission-ref.h): the same error, the same cause for a
 * refusal by submission_check, "not JSON" only where jansson could not
 * read it, and an equal submission when both accept it. A submission it
 * accepts, written again with submission_json() (when its answers' paths
 * nest), reads back equal.
 *
 * FUZZ_OPTIONS: -max_len=4096
 */
#include "content/err.h"
#include "sync/submission.h"
#include "tests/fuzz/fuzz.h"
#include "tests/unit/submission-ref.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct submission_parsed *p = NULL, *q = NULL;
	char why[1024], *json = NULL, *in;
	size_t len;
	int r;

	/* A copy of exactly size bytes: ASan sees a read past the end. */
	if ((in = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(in, data, size);
	FUZZ_CHECK(!ref_differs(in, size, &r, why, sizeof why), "%s", why);
	if (submission_parse(in, size, &p, NULL) == ERR_OK &&
	    submission_json(&p->s, &json, &len, NULL) == ERR_OK) {
		FUZZ_CHECK(submission_parse(json, len, &q, NULL) == ERR_OK &&
		    ref_same(&p->s, &q->s), "written again, it reads back "
		    "the same");
	}
	submission_json_free(&json);
	submission_parsed_free(&q);
	submission_parsed_free(&p);
	free(in);
	return 0;
}
