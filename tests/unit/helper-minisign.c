/*
 * A command-line front to sync/minisign*.c for tests/cli/minisign-interop.sh,
 * so the shell test can pit our code against the real `minisign`.
 *
 *   helper-minisign keygen [-p PASSWORD] [-c] PUBFILE SECFILE
 *   helper-minisign sign [-p PASSWORD] [-t TRUSTED] [-u UNTRUSTED] [-l]
 *                   SECFILE FILE SIGFILE
 *   helper-minisign verify [-P] PUB FILE SIGFILE
 *   helper-minisign pubkey [-p PASSWORD] SECFILE
 *
 * keygen -c uses cheap scrypt limits; sign -l signs legacy ("Ed") instead
 * of prehashed; verify -P takes PUB as the bare base64 string instead of a
 * file, and prints "Trusted comment: <text>" when the signature verifies.
 * Failures print "error <code>: <cause>" on stderr and exit 1; usage 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/minisign.h"

#define MSG_MAX	((size_t)1 << 30)

static int
usage(void)
{
	fprintf(stderr, "usage: helper-minisign keygen [-p pw] [-c] PUB SEC\n"
	    "       helper-minisign sign [-p pw] [-t trusted] [-u untrusted] "
	    "[-l] SEC FILE SIG\n"
	    "       helper-minisign verify [-P] PUB FILE SIG\n"
	    "       helper-minisign pubkey [-p pw] SEC\n");
	return 2;
}

static int
fail(int r, char *cause)
{
	fprintf(stderr, "error %d: %s\n", r, cause != NULL ? cause :
	    err_str(r));
	free(cause);
	return 1;
}

static int
helper_keygen(const char *pw, int cheap, const char *pub, const char *sec)
{
	static const struct minisign_kdf_limits lim = MINISIGN_KDF_INTERACTIVE;
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey pk;
	char *cause = NULL;
	int r;

	if ((r = minisign_keygen(&sk, &pk, &cause)) == ERR_OK &&
	    (r = minisign_seckey_save(sec, sk, pw, cheap ? &lim : NULL,
	    &cause)) == ERR_OK)
		r = minisign_pubkey_save(pub, &pk, &cause);
	minisign_seckey_free(&sk);
	return r == ERR_OK ? 0 : fail(r, cause);
}

static int
helper_sign(const char *pw, const char *tc, const char *uc, int legacy,
    const char *sec, const char *file, const char *sigpath)
{
	struct minisign_seckey *sk = NULL;
	char *cause = NULL, *sig = NULL, *msg = NULL;
	size_t siglen = 0, len = 0;
	int r;

	if ((r = minisign_seckey_load(sec, pw, &sk, &cause)) != ERR_OK)
		goto out;
	if (legacy) {
		if ((r = file_read(file, MSG_MAX, &msg, &len, &cause)) ==
		    ERR_OK)
			r = minisign_sign_alg(sk, MINISIGN_LEGACY, msg, len,
			    tc, uc, &sig, &siglen, &cause);
	} else
		r = minisign_sign_file(sk, file, tc, uc, &sig, &siglen,
		    &cause);
	if (r == ERR_OK)
		r = file_write_atomic(sigpath, sig, siglen, 0644, &cause);
out:
	minisign_seckey_free(&sk);
	free(sig);
	free(msg);
	return r == ERR_OK ? 0 : fail(r, cause);
}

static int
helper_verify(int bare, const char *pub, const char *file,
    const char *sigpath)
{
	struct minisign_pubkey pk;
	char *cause = NULL, *sig = NULL, *tc = NULL;
	size_t siglen = 0;
	int r;

	if (bare)
		r = minisign_pubkey_parse(pub, strlen(pub), &pk, &cause);
	else
		r = minisign_pubkey_load(pub, &pk, &cause);
	if (r == ERR_OK)
		r = file_read(sigpath, 65536, &sig, &siglen, &cause);
	if (r == ERR_OK)
		r = minisign_verify_file(&pk, file, sig, siglen, &tc, &cause);
	if (r == ERR_OK)
		printf("Trusted comment: %s\n", tc);
	free(sig);
	free(tc);
	return r == ERR_OK ? 0 : fail(r, cause);
}

static int
helper_pubkey(const char *pw, const char *sec)
{
	struct minisign_seckey *sk = NULL;
	struct minisign_pubkey pk;
	char *cause = NULL, *text = NULL;
	int r;

	if ((r = minisign_seckey_load(sec, pw, &sk, &cause)) == ERR_OK) {
		minisign_seckey_pubkey(sk, &pk);
		if ((r = minisign_pubkey_format(&pk, &text, NULL)) == ERR_OK)
			fputs(text, stdout);
	}
	minisign_seckey_free(&sk);
	free(text);
	return r == ERR_OK ? 0 : fail(r, cause);
}

int
main(int argc, char **argv)
{
	const char *cmd, *pw = NULL, *tc = NULL, *uc = NULL;
	int c, cheap = 0, legacy = 0, bare = 0;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	argc--;
	argv++;
	while ((c = getopt(argc, argv, "p:ct:u:lP")) != -1) {
		switch (c) {
		case 'p':
			pw = optarg;
			break;
		case 'c':
			cheap = 1;
			break;
		case 't':
			tc = optarg;
			break;
		case 'u':
			uc = optarg;
			break;
		case 'l':
			legacy = 1;
			break;
		case 'P':
			bare = 1;
			break;
		default:
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (strcmp(cmd, "keygen") == 0 && argc == 2)
		return helper_keygen(pw, cheap, argv[0], argv[1]);
	if (strcmp(cmd, "sign") == 0 && argc == 3)
		return helper_sign(pw, tc, uc, legacy, argv[0], argv[1],
		    argv[2]);
	if (strcmp(cmd, "verify") == 0 && argc == 3)
		return helper_verify(bare, argv[0], argv[1], argv[2]);
	if (strcmp(cmd, "pubkey") == 0 && argc == 1)
		return helper_pubkey(pw, argv[0]);
	return usage();
}
