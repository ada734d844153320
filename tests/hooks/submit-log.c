/*
 * Tests only: a submit hook that writes each response in PLAIN TEXT, so
 * that the screen and command tests can see what a front end would seal.
 *
 * It is compiled only into build/outreach-test (tui/main.c with
 * -DOUTREACH_TEST_HOOKS and this file); the outreach program that `make
 * install` puts on a laptop has neither the hook nor the variable's name,
 * so no setting of the environment can make a kiosk keep answers unsealed.
 *
 * OUTREACH_TEST_SUBMIT_LOG=FILE sets it as the hook of main()'s sealing
 * context (tui/seal.h); each response becomes one line
 * of JSON appended to FILE:
 *
 *	{"form": id, "version": v, "title": t, "lang": code, "kind": kind,
 *	 "pack": id, "pack_version": v, "started": RFC 3339,
 *	 "submitted": RFC 3339, "answers": {path: value, ...}}, a repeat's
 *	 instance ("member[2]") null
 *
 * It is written with O_APPEND in one write, so that two kiosks logging to
 * one file in a test never interleave half lines.
 */
#include "tests/hooks/submit-log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/jsonload.h"
#include "tui/seal.h"

static int	submit_test_log(void *ctx, const struct survey_response *resp,
		    char **cause);

void
submit_log_install(struct seal *seal)
{
	const char *path = getenv("OUTREACH_TEST_SUBMIT_LOG");

	if (path != NULL && *path != '\0') {
		seal->hook = submit_test_log;
		seal->hook_ctx = (void *)(uintptr_t)path;
	}
}

static json_t *
submit_json(const struct survey_response *r)
{
	char started[SURVEY_TIME_MAX], submitted[SURVEY_TIME_MAX];
	json_t *o, *a;
	size_t i;

	survey_format_time(r->started, started);
	survey_format_time(r->submitted, submitted);
	if ((o = json_object()) == NULL || (a = json_object()) == NULL) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "form", json_string(r->form_id));
	json_object_set_new(o, "version", json_string(r->form_version));
	json_object_set_new(o, "title", json_string(r->form_title));
	json_object_set_new(o, "lang", json_string(r->lang));
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "pack", r->pack_id != NULL ?
	    json_string(r->pack_id) : json_null());
	json_object_set_new(o, "pack_version", r->pack_version != NULL ?
	    json_string(r->pack_version) : json_null());
	json_object_set_new(o, "started", json_string(started));
	json_object_set_new(o, "submitted", json_string(submitted));
	/* A repeat's instance ("member[2]") has no value: null. */
	for (i = 0; i < r->nanswers; i++)
		json_object_set_new(a, r->answers[i].name,
		    r->answers[i].value != NULL ?
		    json_string(r->answers[i].value) : json_null());
	json_object_set_new(o, "answers", a);
	return o;
}

static int
submit_test_log(void *ctx, const struct survey_response *resp, char **cause)
{
	const char *path = ctx;
	json_t *o = NULL;
	char *line = NULL;
	size_t len = 0;
	ssize_t w;
	int fd = -1, r = ERR_NOMEM;

	if ((o = submit_json(resp)) == NULL || (line = json_dumps(o,
	    JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto out;
	/* The NUL becomes the line's end: write exactly len + 1 bytes. */
	len = strlen(line);
	line[len] = '\n';
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1 || (w = write(fd, line, len + 1)) != (ssize_t)len + 1) {
		r = err_set(cause, ERR_IO, "cannot write %s: %s", path,
		    fd == -1 ? strerror(errno) : "short write");
		goto out;
	}
	r = 0;
out:
	if (fd != -1)
		close(fd);
	if (line != NULL) {
		explicit_bzero(line, len + 1);
		free(line);
	}
	json_decref(o);
	return r;
}
