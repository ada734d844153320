/*
 * The age identity-file functions as the first use of libsodium in a
 * process, as in a hub command that loads its identity before anything
 * else: each case runs in a fresh child, where sodium_init() has not run.
 * (They used to call sodium_malloc first, which aborts before
 * sodium_init(); found by fuzz-age-identity.)
 */
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "sync/age.h"
#include "tests/unit/test.h"

int main(void);

#define ID "AGE-SECRET-KEY-1GSUAFXRZJWZUEWEVE55EXPY0" \
	"YJM82A50SX7A9NZYC7JQZNLHT72SUYJ3AW"

static char path[] = "/tmp/test-age-init-XXXXXX";

/* Run fn in a child; its exit status, or -1 when it died of a signal. */
static int
in_child(int (*fn)(void))
{
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return -2;
	if (pid == 0)
		_exit(fn());
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int
parse_first(void)
{
	struct age_identity_list *l = NULL;
	const char *text = "# a comment\n" ID "\n";
	int rc;

	rc = age_identity_file_parse(text, strlen(text), NULL, &l, NULL);
	rc = rc == 0 && l != NULL && l->n == 1 ? 0 : 1;
	age_identity_list_free(&l);
	return rc;
}

static int
load_first(void)
{
	struct age_identity_list *l = NULL;
	int rc;

	rc = age_identity_file_load(path, NULL, &l, NULL);
	rc = rc == 0 && l != NULL && l->n == 1 ? 0 : 1;
	age_identity_list_free(&l);
	return rc;
}

static int
format_first(void)
{
	char *out = NULL;
	size_t len = 0;
	int rc;

	rc = age_identity_file_format(ID, &out, &len, NULL);
	rc = rc == 0 && out != NULL && strstr(out, ID) != NULL ? 0 : 1;
	age_secret_free(&out);
	return rc;
}

int
main(void)
{
	int fd;

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, ID "\n", strlen(ID) + 1) != (ssize_t)strlen(ID) + 1 ||
	    close(fd) != 0) {
		CHECK(0, "make a scratch identity file");
		return test_done();
	}
	CHECK_INT(in_child(parse_first), 0,
	    "age_identity_file_parse works as the first libsodium call");
	CHECK_INT(in_child(load_first), 0,
	    "age_identity_file_load works as the first libsodium call");
	CHECK_INT(in_child(format_first), 0,
	    "age_identity_file_format works as the first libsodium call");
	unlink(path);
	return test_done();
}
