/*
 * Tests only: the plain-text submit log of build/outreach-test; see
 * submit-log.c. Never linked into the installed program.
 */
#ifndef OUTREACH_SUBMIT_LOG_H
#define OUTREACH_SUBMIT_LOG_H

struct seal;

/*
 * Make seal write the JSON-lines log instead of sealing, when
 * OUTREACH_TEST_SUBMIT_LOG is set.
 */
void	submit_log_install(struct seal *seal);

#endif
