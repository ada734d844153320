/*
 * Tests only: a pretend clock, power switch and battery for
 * build/outreach-test; see laptop-fake.c. Never linked into the installed
 * program.
 */
#ifndef OUTREACH_LAPTOP_FAKE_H
#define OUTREACH_LAPTOP_FAKE_H

/* Stand the pretend laptop in when the variables below are set. */
void	laptop_fake_install(void);

#endif
