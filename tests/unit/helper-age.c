/*
 * helper-age: a small command-line face on sync/age*.c so that shell tests
 * can check interoperability with the real `age`. Reads stdin, writes
 * stdout; exit 0 on success, 1 on a failure (explained on stderr), 2 on
 * wrong usage.
 *
 *	helper-age keygen				identity file
 *	helper-age encrypt [-a] -r RECIPIENT...		to recipients
 *	helper-age encrypt [-a] -p PASS [-n LOGN]	with a passphrase
 *	helper-age decrypt -i FILE... [-P PASS]		with identity files
 *							(PASS opens them)
 *	helper-age decrypt -p PASS			with a passphrase
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "sync/age.h"

#define HELPER_MAX_INPUT	(64 * 1024 * 1024)
#define HELPER_MAX_ARGS		64

int main(int argc, char **argv);

static int
usage(void)
{
	fprintf(stderr, "usage: helper-age keygen\n"
	    "       helper-age encrypt [-a] (-r RECIPIENT... | -p PASS [-n LOGN])\n"
	    "       helper-age decrypt (-i FILE... [-P PASS] | -p PASS)\n");
	return 2;
}

static int
fail(int rc, const char *what, char *cause)
{
	fprintf(stderr, "helper-age: %s: %s%s%s\n", what, err_str(rc),
	    cause != NULL ? ": " : "", cause != NULL ? cause : "");
	free(cause);
	return 1;
}

/* Read all of stdin into sodium_malloc memory. */
static uint8_t *
read_stdin(size_t *lenp)
{
	size_t cap = 65536, len = 0;
	uint8_t *buf = sodium_malloc(cap), *grown;
	ssize_t n;

	while (buf != NULL) {
		if (len == cap) {
			if (cap >= HELPER_MAX_INPUT ||
			    (grown = sodium_malloc(cap * 2)) == NULL) {
				sodium_free(buf);
				return NULL;
			}
			memcpy(grown, buf, len);
			sodium_free(buf);
			buf = grown;
			cap *= 2;
		}
		n = read(0, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			sodium_free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*lenp = len;
	return buf;
}

static int
write_all(const void *p, size_t len)
{
	const uint8_t *b = p;
	ssize_t n;

	while (len > 0) {
		n = write(1, b, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
cmd_keygen(void)
{
	char *id = NULL, *rs = NULL, *text = NULL, *cause = NULL;
	size_t len;
	int rc;

	if ((rc = age_keygen(&id, &rs, &cause)) != 0 ||
	    (rc = age_identity_file_format(id, &text, &len, &cause)) != 0)
		rc = fail(rc, "keygen", cause);
	else
		rc = write_all(text, len) == 0 ? 0 : 1;
	age_secret_free(&id);
	age_secret_free(&text);
	free(rs);
	return rc;
}

static int
cmd_encrypt(int argc, char **argv)
{
	struct age_recipient r[HELPER_MAX_ARGS];
	const char *pass = NULL;
	uint8_t *in = NULL, *out = NULL;
	size_t nr = 0, inlen = 0, outlen = 0;
	char *cause = NULL;
	int c, flags = 0, logn = 0, rc = 1;

	while ((c = getopt(argc, argv, "ar:p:n:")) != -1) {
		switch (c) {
		case 'a':
			flags |= AGE_ARMOR;
			break;
		case 'r':
			if (nr == HELPER_MAX_ARGS)
				return usage();
			if ((rc = age_recipient_parse(optarg, &r[nr++],
			    &cause)) != 0)
				return fail(rc, optarg, cause);
			break;
		case 'p':
			pass = optarg;
			break;
		case 'n':
			logn = atoi(optarg);
			break;
		default:
			return usage();
		}
	}
	if (optind != argc || (nr == 0) == (pass == NULL))
		return usage();
	if ((in = read_stdin(&inlen)) == NULL) {
		fprintf(stderr, "helper-age: cannot read stdin\n");
		return 1;
	}
	if (pass != NULL)
		rc = age_encrypt_passphrase(pass, logn, in, inlen, flags, &out,
		    &outlen, &cause);
	else
		rc = age_encrypt(r, nr, in, inlen, flags, &out, &outlen, &cause);
	if (rc != 0)
		rc = fail(rc, "encrypt", cause);
	else
		rc = write_all(out, outlen) == 0 ? 0 : 1;
	sodium_free(in);
	free(out);
	return rc;
}

static int
cmd_decrypt(int argc, char **argv)
{
	struct age_identity_list *lists[HELPER_MAX_ARGS];
	struct age_identity **ids = NULL;
	const char *files[HELPER_MAX_ARGS], *pass = NULL, *idpass = NULL;
	uint8_t *in = NULL, *out = NULL;
	size_t nfiles = 0, nlists = 0, nids = 0, inlen = 0, outlen = 0, i, j;
	char *cause = NULL;
	int c, rc = 1;

	while ((c = getopt(argc, argv, "i:p:P:")) != -1) {
		switch (c) {
		case 'i':
			if (nfiles == HELPER_MAX_ARGS)
				return usage();
			files[nfiles++] = optarg;
			break;
		case 'p':
			pass = optarg;
			break;
		case 'P':
			idpass = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc || (nfiles == 0) == (pass == NULL))
		return usage();
	for (i = 0; i < nfiles; i++) {
		if ((rc = age_identity_file_load(files[i], idpass, &lists[i],
		    &cause)) != 0) {
			rc = fail(rc, files[i], cause);
			goto out;
		}
		nlists++;
		nids += lists[i]->n;
	}
	if (nids > 0 && (ids = calloc(nids, sizeof *ids)) == NULL)
		goto out;
	for (i = 0, nids = 0; i < nlists; i++)
		for (j = 0; j < lists[i]->n; j++)
			ids[nids++] = lists[i]->v[j];
	if ((in = read_stdin(&inlen)) == NULL) {
		fprintf(stderr, "helper-age: cannot read stdin\n");
		rc = 1;
		goto out;
	}
	if (pass != NULL)
		rc = age_decrypt_passphrase(pass, in, inlen, AGE_DETECT, &out,
		    &outlen, &cause);
	else
		rc = age_decrypt(ids, nids, in, inlen, AGE_DETECT, &out, &outlen,
		    &cause);
	if (rc != 0)
		rc = fail(rc, "decrypt", cause);
	else
		rc = write_all(out, outlen) == 0 ? 0 : 1;
out:
	for (i = 0; i < nlists; i++)
		age_identity_list_free(&lists[i]);
	free(ids);
	if (in != NULL)
		sodium_free(in);
	age_plaintext_free(&out);
	return rc;
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 1;
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "keygen") == 0 && argc == 2)
		return cmd_keygen();
	if (strcmp(argv[1], "encrypt") == 0)
		return cmd_encrypt(argc - 1, argv + 1);
	if (strcmp(argv[1], "decrypt") == 0)
		return cmd_decrypt(argc - 1, argv + 1);
	return usage();
}
