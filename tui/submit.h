/*
 * Where a finished response goes: one hook shared by every front end (the
 * kiosk, --plain and `outreach submit`), so that all of them seal the same
 * way. main() installs the sealing function (sync/'s outbox, once it is
 * there); until something is installed, submit_send() refuses with
 * ERR_UNSUPPORTED and the front ends say that saving is not ready, rather
 * than pretend.
 *
 * The tests' plain-text hook (tests/hooks/submit-log.c) is linked only
 * into build/outreach-test, never into the program that is installed.
 */
#ifndef OUTREACH_SUBMIT_H
#define OUTREACH_SUBMIT_H

#include "content/survey.h"

/* Install the hook (NULL to remove it); ctx is passed to every call. */
void	submit_install(survey_submit_fn fn, void *ctx);
/* 1 when a hook is installed. */
int	submit_ready(void);
/* Hand resp to the hook: 0, its error, or ERR_UNSUPPORTED without one. */
int	submit_send(const struct survey_response *resp, char **cause);

#endif
