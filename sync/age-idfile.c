/*
 * age identity files: what `age -i FILE` reads and age-keygen writes.
 *
 * A file is lines of "AGE-SECRET-KEY-1..." identities, "#" comments and
 * blank lines, ended by LF or CRLF; any other line is an error, with its
 * number. A file that is itself an age file (binary or armored) holds such
 * lines encrypted with a passphrase, which is how a hub keeps its key at
 * rest. The file's bytes are read straight into sodium_malloc memory and
 * every copy of a key is wiped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/age-int.h"
#include "sync/age.h"
#include "sync/bech32.h"

void
age_identity_list_free(struct age_identity_list **listp)
{
	struct age_identity_list *l;
	size_t i;

	if (listp == NULL || (l = *listp) == NULL)
		return;
	for (i = 0; i < l->n; i++)
		age_identity_free(&l->v[i]);
	free(l->v);
	free(l);
	*listp = NULL;
}

int
age_identity_file_is_encrypted(const void *data, size_t len)
{
	return (len >= sizeof AGE_INTRO_PREFIX - 1 &&
	    memcmp(data, AGE_INTRO_PREFIX, sizeof AGE_INTRO_PREFIX - 1) == 0) ||
	    age_armor_detect(data, len);
}

/* Parse the plaintext lines into l. */
static int
age_idfile_lines(const char *text, size_t len, struct age_identity_list *l,
    char **cause)
{
	struct age_identity *id = NULL, **grown;
	size_t pos = 0, lineno = 0, n, cap = 0;
	const char *nl;
	char *line = NULL, *why = NULL;
	int rc;

	if ((line = sodium_malloc(BECH32_MAX_LEN + 1)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	while (pos < len) {
		lineno++;
		nl = memchr(text + pos, '\n', len - pos);
		n = (nl != NULL ? (size_t)(nl - text) : len) - pos;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n == 0 || text[pos] == '#') {
			pos = nl != NULL ? (size_t)(nl - text) + 1 : len;
			continue;
		}
		if (n > BECH32_MAX_LEN || memchr(text + pos, '\0', n) != NULL) {
			rc = err_set(cause, ERR_PARSE, "identity file line %zu: "
			    "not an identity", lineno);
			goto out;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		if ((rc = age_identity_parse(line, &id, &why)) != 0) {
			rc = err_set(cause, rc, "identity file line %zu: %s",
			    lineno, why != NULL ? why : err_str(rc));
			goto out;
		}
		if (l->n == AGE_IDFILE_MAX_KEYS) {
			rc = err_set(cause, ERR_LIMIT, "identity file: more than "
			    "%d identities", AGE_IDFILE_MAX_KEYS);
			goto out;
		}
		if (l->n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			if ((grown = realloc(l->v, cap * sizeof *grown)) == NULL) {
				rc = err_set(cause, ERR_NOMEM, "out of memory");
				goto out;
			}
			l->v = grown;
		}
		l->v[l->n++] = id;
		id = NULL;
		pos = nl != NULL ? (size_t)(nl - text) + 1 : len;
	}
	if (l->n == 0) {
		rc = err_set(cause, ERR_NOKEY, "identity file: no identities");
		goto out;
	}
	rc = 0;
out:
	age_identity_free(&id);
	age_secret_free(&line);
	free(why);
	return rc;
}

int
age_identity_file_parse(const void *data, size_t len, const char *pass,
    struct age_identity_list **listp, char **cause)
{
	struct age_identity_list *l = NULL;
	uint8_t *pt = NULL;
	size_t ptlen = 0;
	char *why = NULL;
	int rc;

	*listp = NULL;
	if ((rc = age_init(cause)) != 0)
		goto out;
	if (len > AGE_IDFILE_MAX) {
		rc = err_set(cause, ERR_LIMIT, "identity file: larger than %d "
		    "bytes", AGE_IDFILE_MAX);
		goto out;
	}
	if ((l = calloc(1, sizeof *l)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (age_identity_file_is_encrypted(data, len)) {
		if (pass == NULL) {
			rc = err_set(cause, ERR_NOKEY, "identity file: "
			    "protected by a passphrase");
			goto out;
		}
		if ((rc = age_decrypt_passphrase(pass, data, len, AGE_DETECT,
		    &pt, &ptlen, &why)) != 0) {
			rc = err_set(cause, rc, "identity file: %s",
			    rc == ERR_NOKEY ? "wrong passphrase" :
			    why != NULL ? why : err_str(rc));
			goto out;
		}
		rc = age_idfile_lines((const char *)pt, ptlen, l, cause);
	} else
		rc = age_idfile_lines(data, len, l, cause);
	if (rc != 0)
		goto out;
	*listp = l;
	l = NULL;
out:
	age_identity_list_free(&l);
	age_plaintext_free(&pt);
	free(why);
	return rc;
}

int
age_identity_file_load(const char *path, const char *pass,
    struct age_identity_list **listp, char **cause)
{
	struct stat sb;
	uint8_t *data = NULL;
	size_t len = 0, cap;
	ssize_t n;
	int fd = -1, rc;

	*listp = NULL;
	if ((rc = age_init(cause)) != 0)
		goto out;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		rc = err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (sb.st_size < 0 || sb.st_size > AGE_IDFILE_MAX) {
		rc = err_set(cause, ERR_LIMIT, "%s: larger than %d bytes", path,
		    AGE_IDFILE_MAX);
		goto out;
	}
	/* One byte more than the size, to notice a file that grew. */
	cap = (size_t)sb.st_size + 1;
	if ((data = sodium_malloc(cap)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((n = fd_read_all(fd, data, cap)) == -1) {
		rc = err_set(cause, err_from_errno(errno), "%s: %s", path,
		    strerror(errno));
		goto out;
	}
	len = (size_t)n;
	if (len == cap) {
		rc = err_set(cause, ERR_IO, "%s: changed while being read",
		    path);
		goto out;
	}
	rc = age_identity_file_parse(data, len, pass, listp, cause);
out:
	if (fd != -1)
		close(fd);
	age_plaintext_free(&data);
	return rc;
}

int
age_identity_file_format(const char *identity, char **outp, size_t *lenp,
    char **cause)
{
	struct age_identity *id = NULL;
	struct age_recipient r;
	char rs[AGE_RECIPIENT_LEN + 1], when[32], *out = NULL;
	size_t len;
	struct tm tm;
	time_t now = time(NULL);
	int rc;

	*outp = NULL;
	*lenp = 0;
	if ((rc = age_identity_parse(identity, &id, cause)) != 0)
		goto out;
	age_identity_recipient(id, &r);
	if ((rc = age_recipient_format(&r, rs, sizeof rs)) != 0 ||
	    gmtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		rc = err_set(cause, ERR_INVALID, "cannot format the identity");
		goto out;
	}
	len = strlen("# created: \n# public key: \n\n") + strlen(when) +
	    strlen(rs) + strlen(identity);
	if ((out = sodium_malloc(len + 1)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	snprintf(out, len + 1, "# created: %s\n# public key: %s\n%s\n", when,
	    rs, identity);
	*outp = out;
	*lenp = len;
	rc = 0;
out:
	age_identity_free(&id);
	return rc;
}
