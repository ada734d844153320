/*
 * Tests only: the plain-text submit log of build/outreach-test; see
 * submit-log.c. Never linked into the installed program.
 */
#ifndef OUTREACH_SUBMIT_LOG_H
#define OUTREACH_SUBMIT_LOG_H

/* Install the JSON-lines log hook when OUTREACH_TEST_SUBMIT_LOG is set. */
void	submit_install_test_log(void);

#endif
