/*
 * The submit hook shared by the front ends; see submit.h.
 *
 * The test log writes one JSON object per line:
 *
 *	{"form": id, "version": v, "title": t, "lang": code, "kind": kind,
 *	 "pack": id, "pack_version": v, "started": RFC 3339,
 *	 "submitted": RFC 3339, "answers": {name: value, ...}}
 *
 * It is written with O_APPEND in one write, so that two kiosks logging to
 * one file in a test never interleave half lines.
 */
#include "tui/submit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"

static survey_submit_fn submit_fn;
static void *submit_ctx;

void
submit_install(survey_submit_fn fn, void *ctx)
{
	submit_fn = fn;
	submit_ctx = ctx;
}

int
submit_ready(void)
{
	return submit_fn != NULL;
}

int
submit_send(const struct survey_response *resp, char **cause)
{
	if (submit_fn == NULL)
		return err_set(cause, ERR_UNSUPPORTED, "Saving answers is not "
		    "ready on this laptop yet.");
	return submit_fn(submit_ctx, resp, cause);
}

void
submit_install_test_log(void)
{
	const char *path = getenv("OUTREACH_TEST_SUBMIT_LOG");

	if (path != NULL && *path != '\0')
		submit_install(submit_test_log, (void *)(uintptr_t)path);
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
	for (i = 0; i < r->nanswers; i++)
		json_object_set_new(a, r->answers[i].name,
		    json_string(r->answers[i].value));
	json_object_set_new(o, "answers", a);
	return o;
}

int
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
