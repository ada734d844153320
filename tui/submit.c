/*
 * The submit hook shared by the front ends; see submit.h.
 */
#include "tui/submit.h"

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
