/*
 * minisign signatures: signing, verifying and the strict text helpers the
 * key code shares; see minisign.h for the formats.
 *
 * A signature file is parsed completely (structure, sizes, canonical
 * base64, algorithm, comment bytes) before any cryptography runs, then the
 * key id is compared, then the signature over the message (or its BLAKE2b-512
 * for "ED"), then the global signature over signature | trusted comment. Only
 * when all of these pass does the caller see the trusted comment.
 */
#include "sync/minisign.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/minisign-int.h"

#define MINISIGN_DEFAULT_UNTRUSTED	"signature from minisign secret key"
#define MINISIGN_HASH_BYTES		64	/* BLAKE2b-512 */
#define MINISIGN_SIG_BLOB		(2 + MINISIGN_KEYID_BYTES + MINISIGN_SIG_BYTES)
/* The longest signature file we accept, every part at its bound. */
#define MINISIGN_SIGFILE_MAX						\
	(sizeof MINISIGN_UNTRUSTED_PREFIX + MINISIGN_UNTRUSTED_MAX +	\
	100 + 1 + sizeof MINISIGN_TRUSTED_PREFIX + MINISIGN_TRUSTED_MAX + \
	88 + 1)

/* A parsed signature file; trusted points into the caller's text. */
struct minisign_sig {
	enum minisign_alg	 alg;
	uint8_t			 keyid[MINISIGN_KEYID_BYTES];
	uint8_t			 sig[MINISIGN_SIG_BYTES];
	const char		*trusted;
	size_t			 trusted_len;
	uint8_t			 global[MINISIGN_SIG_BYTES];
};

/* Shared helpers ----------------------------------------------------------- */

int
minisign_init(char **cause)
{
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium cannot start");
	return ERR_OK;
}

uint64_t
minisign_le64_load(const uint8_t *p)
{
	uint64_t x = 0;
	int i;

	for (i = 7; i >= 0; i--)
		x = (x << 8) | p[i];
	return x;
}

void
minisign_le64_store(uint8_t *p, uint64_t x)
{
	int i;

	for (i = 0; i < 8; i++, x >>= 8)
		p[i] = (uint8_t)(x & 0xff);
}

void
minisign_keyid_str(const uint8_t keyid[MINISIGN_KEYID_BYTES],
    char out[MINISIGN_KEYID_STR_SIZE])
{
	/* No zero padding: minisign prints "%" PRIX64 and people compare. */
	snprintf(out, MINISIGN_KEYID_STR_SIZE, "%" PRIX64,
	    minisign_le64_load(keyid));
}

int
minisign_split_lines(const char *text, size_t len, struct minisign_line *lines,
    size_t n, const char *what, char **cause)
{
	size_t i, pos = 0;
	const char *lf;

	for (i = 0; i < n; i++) {
		if (pos >= len)
			return err_set(cause, ERR_PARSE,
			    "%s: %zu lines, %zu expected", what, i, n);
		lines[i].p = text + pos;
		lf = memchr(text + pos, '\n', len - pos);
		lines[i].len = lf != NULL ? (size_t)(lf - (text + pos)) :
		    len - pos;
		if (memchr(lines[i].p, '\r', lines[i].len) != NULL)
			return err_set(cause, ERR_PARSE,
			    "%s: line %zu has a carriage return", what, i + 1);
		pos += lines[i].len + (lf != NULL ? 1 : 0);
	}
	if (pos != len)
		return err_set(cause, ERR_PARSE,
		    "%s: text after the last of its %zu lines", what, n);
	return ERR_OK;
}

int
minisign_line_has_prefix(const struct minisign_line *line, const char *prefix)
{
	size_t n = strlen(prefix);

	return line->len >= n && memcmp(line->p, prefix, n) == 0;
}

int
minisign_comment_check(const char *s, size_t len, size_t max, const char *what,
    char **cause)
{
	size_t i;
	unsigned char c;

	if (len > max)
		return err_set(cause, ERR_LIMIT,
		    "%s is longer than %zu bytes", what, max);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		/* Control bytes could drive a terminal that shows this text. */
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return err_set(cause, ERR_PARSE,
			    "%s has a control character (0x%02x)", what, c);
	}
	return ERR_OK;
}

size_t
minisign_b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

int
minisign_b64_decode(const struct minisign_line *line, uint8_t *out,
    size_t outlen, const char *what, char **cause)
{
	char again[256];
	const char *end = NULL;
	size_t got = 0, want = minisign_b64_len(outlen);
	int r = ERR_OK;

	if (line->len != want || want >= sizeof again) {
		r = err_set(cause, ERR_PARSE,
		    "%s: %zu base64 characters, %zu expected", what,
		    line->len, want);
		goto out;
	}
	if (sodium_base642bin(out, outlen, line->p, line->len, NULL, &got,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 || got != outlen ||
	    end != line->p + line->len) {
		r = err_set(cause, ERR_PARSE, "%s: not valid base64", what);
		goto out;
	}
	/* One encoding per value: unused bits must be zero. */
	sodium_bin2base64(again, sizeof again, out, outlen,
	    sodium_base64_VARIANT_ORIGINAL);
	if (memcmp(again, line->p, want) != 0)
		r = err_set(cause, ERR_PARSE, "%s: non-canonical base64", what);
out:
	sodium_memzero(again, sizeof again);
	if (r != ERR_OK)
		sodium_memzero(out, outlen);
	return r;
}

/* Signature files ---------------------------------------------------------- */

static int
minisign_sig_parse(const char *text, size_t len, struct minisign_sig *s,
    char **cause)
{
	struct minisign_line l[4];
	uint8_t blob[MINISIGN_SIG_BLOB];
	size_t np = strlen(MINISIGN_UNTRUSTED_PREFIX);
	size_t tp = strlen(MINISIGN_TRUSTED_PREFIX);
	int r;

	memset(s, 0, sizeof *s);
	if (len > MINISIGN_SIGFILE_MAX)
		return err_set(cause, ERR_LIMIT,
		    "signature file larger than %zu bytes",
		    (size_t)MINISIGN_SIGFILE_MAX);
	if ((r = minisign_split_lines(text, len, l, 4, "signature file",
	    cause)) != ERR_OK)
		return r;
	if (!minisign_line_has_prefix(&l[0], MINISIGN_UNTRUSTED_PREFIX))
		return err_set(cause, ERR_PARSE, "signature file: line 1 "
		    "does not start with \"" MINISIGN_UNTRUSTED_PREFIX "\"");
	if ((r = minisign_comment_check(l[0].p + np, l[0].len - np,
	    MINISIGN_UNTRUSTED_MAX, "untrusted comment", cause)) != ERR_OK)
		return r;
	if ((r = minisign_b64_decode(&l[1], blob, sizeof blob,
	    "signature", cause)) != ERR_OK)
		return r;
	if (memcmp(blob, "ED", 2) == 0)
		s->alg = MINISIGN_PREHASHED;
	else if (memcmp(blob, "Ed", 2) == 0)
		s->alg = MINISIGN_LEGACY;
	else
		return err_set(cause, ERR_UNSUPPORTED,
		    "signature algorithm is not Ed or ED");
	memcpy(s->keyid, blob + 2, MINISIGN_KEYID_BYTES);
	memcpy(s->sig, blob + 2 + MINISIGN_KEYID_BYTES, MINISIGN_SIG_BYTES);
	if (!minisign_line_has_prefix(&l[2], MINISIGN_TRUSTED_PREFIX))
		return err_set(cause, ERR_PARSE, "signature file: line 3 "
		    "does not start with \"" MINISIGN_TRUSTED_PREFIX "\"");
	s->trusted = l[2].p + tp;
	s->trusted_len = l[2].len - tp;
	if ((r = minisign_comment_check(s->trusted, s->trusted_len,
	    MINISIGN_TRUSTED_MAX, "trusted comment", cause)) != ERR_OK)
		return r;
	return minisign_b64_decode(&l[3], s->global, sizeof s->global,
	    "global signature", cause);
}

int
minisign_sig_info(const char *sig, size_t siglen,
    uint8_t keyid[MINISIGN_KEYID_BYTES], enum minisign_alg *algp, char **cause)
{
	struct minisign_sig s;
	int r;

	memset(keyid, 0, MINISIGN_KEYID_BYTES);
	if ((r = minisign_sig_parse(sig, siglen, &s, cause)) != ERR_OK)
		return r;
	memcpy(keyid, s.keyid, MINISIGN_KEYID_BYTES);
	if (algp != NULL)
		*algp = s.alg;
	return ERR_OK;
}

/* Ed25519 over signature | trusted comment, the "global signature". */
static int
minisign_global_msg(const uint8_t sig[MINISIGN_SIG_BYTES], const char *tc,
    size_t tclen, uint8_t **out, size_t *outlen)
{
	uint8_t *m;

	*out = NULL;
	if ((m = malloc(MINISIGN_SIG_BYTES + tclen)) == NULL)
		return ERR_NOMEM;
	memcpy(m, sig, MINISIGN_SIG_BYTES);
	if (tclen > 0)
		memcpy(m + MINISIGN_SIG_BYTES, tc, tclen);
	*out = m;
	*outlen = MINISIGN_SIG_BYTES + tclen;
	return ERR_OK;
}

/* Check a parsed signature over m (the message, or its hash for "ED"). */
static int
minisign_verify_parsed(const struct minisign_pubkey *pk,
    const struct minisign_sig *s, const uint8_t *m, size_t mlen,
    char **trusted_comment, char **cause)
{
	char want[MINISIGN_KEYID_STR_SIZE], got[MINISIGN_KEYID_STR_SIZE];
	uint8_t *gm = NULL;
	size_t gmlen = 0;
	char *tc = NULL;
	int r;

	if ((r = minisign_init(cause)) != ERR_OK)
		goto out;
	if (memcmp(s->keyid, pk->keyid, MINISIGN_KEYID_BYTES) != 0) {
		minisign_keyid_str(s->keyid, got);
		minisign_keyid_str(pk->keyid, want);
		r = err_set(cause, ERR_NOKEY,
		    "signed by key %s, not by key %s", got, want);
		goto out;
	}
	if (crypto_sign_verify_detached(s->sig, m, mlen, pk->pk) != 0) {
		r = err_set(cause, ERR_SIGNATURE,
		    "the signature does not match the data");
		goto out;
	}
	if ((r = minisign_global_msg(s->sig, s->trusted, s->trusted_len, &gm,
	    &gmlen)) != ERR_OK)
		goto out;
	if (crypto_sign_verify_detached(s->global, gm, gmlen, pk->pk) != 0) {
		r = err_set(cause, ERR_SIGNATURE,
		    "the trusted comment's signature does not verify");
		goto out;
	}
	if (trusted_comment != NULL) {
		if ((tc = strndup(s->trusted, s->trusted_len)) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		*trusted_comment = tc;
		tc = NULL;
	}
out:
	free(gm);
	free(tc);
	return r;
}

int
minisign_verify(const struct minisign_pubkey *pk, const void *msg, size_t len,
    const char *sig, size_t siglen, char **trusted_comment, char **cause)
{
	struct minisign_sig s;
	uint8_t h[MINISIGN_HASH_BYTES];
	int r;

	if (trusted_comment != NULL)
		*trusted_comment = NULL;
	if ((r = minisign_sig_parse(sig, siglen, &s, cause)) != ERR_OK)
		return r;
	if (s.alg == MINISIGN_LEGACY)
		return minisign_verify_parsed(pk, &s, msg, len,
		    trusted_comment, cause);
	if ((r = minisign_init(cause)) != ERR_OK)
		return r;
	crypto_generichash(h, sizeof h, msg, len, NULL, 0);
	return minisign_verify_parsed(pk, &s, h, sizeof h, trusted_comment,
	    cause);
}

/* BLAKE2b-512 of a file, read in pieces. */
static int
minisign_hash_file(const char *path, uint8_t h[MINISIGN_HASH_BYTES],
    char **cause)
{
	crypto_generichash_state st;
	uint8_t chunk[65536];
	ssize_t n;
	int fd = -1, r = ERR_OK;

	if ((r = minisign_init(cause)) != ERR_OK)
		goto out;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		r = err_from_errno(errno);
		err_set(cause, r, "%s: %s", path, strerror(errno));
		goto out;
	}
	crypto_generichash_init(&st, NULL, 0, MINISIGN_HASH_BYTES);
	do {
		if ((n = fd_read_all(fd, chunk, sizeof chunk)) == -1) {
			r = err_from_errno(errno);
			err_set(cause, r, "%s: %s", path, strerror(errno));
			goto out;
		}
		crypto_generichash_update(&st, chunk, (size_t)n);
	} while ((size_t)n == sizeof chunk);
	crypto_generichash_final(&st, h, MINISIGN_HASH_BYTES);
out:
	if (fd != -1)
		close(fd);
	return r;
}

int
minisign_verify_file(const struct minisign_pubkey *pk, const char *path,
    const char *sig, size_t siglen, char **trusted_comment, char **cause)
{
	struct minisign_sig s;
	uint8_t h[MINISIGN_HASH_BYTES];
	char *data = NULL;
	size_t len = 0;
	int r;

	if (trusted_comment != NULL)
		*trusted_comment = NULL;
	if ((r = minisign_sig_parse(sig, siglen, &s, cause)) != ERR_OK)
		goto out;
	if (s.alg == MINISIGN_PREHASHED) {
		if ((r = minisign_hash_file(path, h, cause)) != ERR_OK)
			goto out;
		r = minisign_verify_parsed(pk, &s, h, sizeof h,
		    trusted_comment, cause);
		goto out;
	}
	if ((r = file_read(path, MINISIGN_LEGACY_MAX, &data, &len,
	    cause)) != ERR_OK)
		goto out;
	r = minisign_verify_parsed(pk, &s, (const uint8_t *)data, len,
	    trusted_comment, cause);
out:
	free(data);
	return r;
}

/* Signing ------------------------------------------------------------------- */

char *
minisign_trusted_comment(const char *file, time_t when)
{
	struct buf b = BUF_INIT;
	const char *base, *p;

	buf_printf(&b, "timestamp:%lld", (long long)when);
	if (file != NULL) {
		base = (p = strrchr(file, '/')) != NULL ? p + 1 : file;
		buf_addstr(&b, "\tfile:");
		/* A tab in the name would read as another field. */
		for (p = base; *p != '\0'; p++)
			buf_addch(&b, (unsigned char)*p < 0x20 ||
			    *p == 0x7f ? '?' : *p);
	}
	buf_addstr(&b, "\thashed");
	return buf_detach(&b, NULL);
}

/* Sign m (the message, or its hash for prehashed) and write the file text. */
static int
minisign_sign_digest(const struct minisign_seckey *sk, enum minisign_alg alg,
    const uint8_t *m, size_t mlen, const char *trusted_comment,
    const char *untrusted_comment, char **sig, size_t *siglenp, char **cause)
{
	struct buf b = BUF_INIT;
	uint8_t blob[MINISIGN_SIG_BLOB], global[MINISIGN_SIG_BYTES];
	char b64[128], *deftc = NULL;
	uint8_t *gm = NULL;
	size_t gmlen = 0;
	int r;

	if ((r = minisign_init(cause)) != ERR_OK)
		goto out;
	if (untrusted_comment == NULL)
		untrusted_comment = MINISIGN_DEFAULT_UNTRUSTED;
	if (trusted_comment == NULL) {
		if ((deftc = minisign_trusted_comment(NULL,
		    time(NULL))) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		trusted_comment = deftc;
	}
	if ((r = minisign_comment_check(untrusted_comment,
	    strlen(untrusted_comment), MINISIGN_UNTRUSTED_MAX,
	    "untrusted comment", cause)) != ERR_OK ||
	    (r = minisign_comment_check(trusted_comment,
	    strlen(trusted_comment), MINISIGN_TRUSTED_MAX,
	    "trusted comment", cause)) != ERR_OK) {
		if (r == ERR_PARSE)
			r = ERR_INVALID;
		goto out;
	}
	memcpy(blob, alg == MINISIGN_PREHASHED ? "ED" : "Ed", 2);
	memcpy(blob + 2, sk->keyid, MINISIGN_KEYID_BYTES);
	crypto_sign_detached(blob + 2 + MINISIGN_KEYID_BYTES, NULL, m, mlen,
	    sk->sk);
	if ((r = minisign_global_msg(blob + 2 + MINISIGN_KEYID_BYTES,
	    trusted_comment, strlen(trusted_comment), &gm, &gmlen)) != ERR_OK)
		goto out;
	crypto_sign_detached(global, NULL, gm, gmlen, sk->sk);

	buf_printf(&b, "%s%s\n", MINISIGN_UNTRUSTED_PREFIX, untrusted_comment);
	buf_printf(&b, "%s\n", sodium_bin2base64(b64, sizeof b64, blob,
	    sizeof blob, sodium_base64_VARIANT_ORIGINAL));
	buf_printf(&b, "%s%s\n", MINISIGN_TRUSTED_PREFIX, trusted_comment);
	buf_printf(&b, "%s\n", sodium_bin2base64(b64, sizeof b64, global,
	    sizeof global, sodium_base64_VARIANT_ORIGINAL));
	if ((*sig = buf_detach(&b, siglenp)) == NULL)
		r = ERR_NOMEM;
out:
	buf_free(&b);
	free(gm);
	free(deftc);
	return r;
}

int
minisign_sign_alg(const struct minisign_seckey *sk, enum minisign_alg alg,
    const void *msg, size_t len, const char *trusted_comment,
    const char *untrusted_comment, char **sig, size_t *siglenp, char **cause)
{
	uint8_t h[MINISIGN_HASH_BYTES];
	int r;

	*sig = NULL;
	if (siglenp != NULL)
		*siglenp = 0;
	if (alg == MINISIGN_LEGACY)
		return minisign_sign_digest(sk, alg, msg, len,
		    trusted_comment, untrusted_comment, sig, siglenp, cause);
	if (alg != MINISIGN_PREHASHED)
		return err_set(cause, ERR_INVALID, "unknown algorithm");
	if ((r = minisign_init(cause)) != ERR_OK)
		return r;
	crypto_generichash(h, sizeof h, msg, len, NULL, 0);
	return minisign_sign_digest(sk, alg, h, sizeof h, trusted_comment,
	    untrusted_comment, sig, siglenp, cause);
}

int
minisign_sign(const struct minisign_seckey *sk, const void *msg, size_t len,
    const char *trusted_comment, const char *untrusted_comment, char **sig,
    size_t *siglenp, char **cause)
{
	return minisign_sign_alg(sk, MINISIGN_PREHASHED, msg, len,
	    trusted_comment, untrusted_comment, sig, siglenp, cause);
}

int
minisign_sign_file(const struct minisign_seckey *sk, const char *path,
    const char *trusted_comment, const char *untrusted_comment, char **sig,
    size_t *siglenp, char **cause)
{
	uint8_t h[MINISIGN_HASH_BYTES];
	char *deftc = NULL;
	int r;

	*sig = NULL;
	if (siglenp != NULL)
		*siglenp = 0;
	if ((r = minisign_hash_file(path, h, cause)) != ERR_OK)
		goto out;
	if (trusted_comment == NULL) {
		if ((deftc = minisign_trusted_comment(path,
		    time(NULL))) == NULL) {
			r = ERR_NOMEM;
			goto out;
		}
		trusted_comment = deftc;
	}
	r = minisign_sign_digest(sk, MINISIGN_PREHASHED, h, sizeof h,
	    trusted_comment, untrusted_comment, sig, siglenp, cause);
out:
	free(deftc);
	return r;
}
