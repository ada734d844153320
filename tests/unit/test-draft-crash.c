/*
 * Crash test for sync/draft.c's journal: a child types into a draft, one
 * character per save, telling the parent each save that returned; the
 * parent SIGKILLs it at a random moment, loads the draft as a restarted
 * kiosk would and checks that it is whole and holds at least every
 * character acknowledged. The next child resumes typing from what loaded,
 * so saves follow a torn record too.
 */
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "sync/draft.h"
#include "tests/unit/test.h"

#define ROUNDS		25
#define MAX_TYPED	3000

/* Type from start on: save, then say how many characters were saved. */
static void
typist(const char *home, size_t start, int fd)
{
	static char text[MAX_TYPED + 1];
	struct submission_answer a[1] = { { "comment", text } };
	struct draft d;
	size_t n;

	memset(&d, 0, sizeof d);
	d.form_id = "feedback";
	d.form_version = "1";
	d.lang = "en";
	d.started = 1795460950;
	d.answers = a;
	d.nanswers = 1;
	memset(text, 'k', sizeof text - 1);
	for (n = start + 1; n <= MAX_TYPED; n++) {
		text[n] = '\0';
		if (draft_save(home, &d, NULL) != 0)
			_exit(2);
		if (write(fd, &n, sizeof n) != (ssize_t)sizeof n)
			_exit(3);
		text[n] = 'k';
	}
	_exit(0);
}

/* How many characters the draft holds, all 'k'; -1 when it is not whole. */
static long
loaded(const char *home)
{
	struct draft_loaded *l = NULL;
	const char *v;
	long n = -1;
	size_t i;

	if (draft_load(home, &l, NULL) != 0)
		return -1;
	if (l->d.nanswers == 1 && strcmp(l->d.answers[0].name, "comment") == 0 &&
	    strcmp(l->d.form_id, "feedback") == 0) {
		v = l->d.answers[0].value;
		for (i = 0; v[i] == 'k'; i++)
			;
		if (v[i] == '\0')
			n = (long)i;
	}
	draft_loaded_free(&l);
	return n;
}

int
main(void)
{
	char home[] = "/tmp/outreach-draft-crash.XXXXXX";
	size_t acked = 0, got, start = 0;
	long have;
	int round, p[2], status, kills = 0, lost = 0, whole = 1;
	pid_t pid;

	if (mkdtemp(home) == NULL || sodium_init() < 0)
		return 1;
	CHECK_INT(draft_begin(home, NULL), 0, "a survey begins");
	for (round = 0; round < ROUNDS; round++) {
		if (pipe(p) != 0 || (pid = fork()) == -1)
			break;
		if (pid == 0) {
			close(p[0]);
			typist(home, start, p[1]);
		}
		close(p[1]);
		/*
		 * Wait for the first key saved (a slow run, valgrind's, may not
		 * have saved one yet), then kill at a random moment.
		 */
		if (read(p[0], &got, sizeof got) == (ssize_t)sizeof got)
			acked = got;
		usleep((useconds_t)(2000 + randombytes_uniform(20000)));
		kill(pid, SIGKILL);
		while (read(p[0], &got, sizeof got) == (ssize_t)sizeof got)
			acked = got;
		close(p[0]);
		waitpid(pid, &status, 0);
		kills += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		have = loaded(home);
		if (have < 0) {
			whole = 0;
			break;
		}
		if ((size_t)have < acked)
			lost++;
		start = (size_t)have;
		acked = start;
		if (start >= MAX_TYPED - 100) {
			draft_begin(home, NULL);
			start = acked = 0;
		}
	}
	CHECK(whole, "after every kill the draft loads whole");
	CHECK_INT(lost, 0, "no acknowledged character is lost");
	CHECK(kills > ROUNDS / 2, "the typist was killed mid-typing (%d times)",
	    kills);
	fprintf(stderr, "tests/unit/test-draft-crash: SIGKILLs: %d, lost: %d\n",
	    kills, lost);
	draft_destroy(home, NULL);
	rmdir(home);
	return test_done();
}
