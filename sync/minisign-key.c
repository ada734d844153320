/*
 * minisign keys: generating them, and reading and writing minisign's public
 * key and secret key files; see minisign.h for the layouts.
 *
 * Every copy of secret key material (the decoded blob, the scrypt stream,
 * the base64 text, the file text) lives in sodium_malloc'd memory and is
 * wiped on every path; the caller's own copy of a file's text is its
 * business, but what we read from disk we wipe. A secret key that loads is
 * consistent: its stored public half matches its seed, and its checksum
 * matches (or, in an unencrypted key from minisign -W, is all zeros).
 */
#include "sync/minisign.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/fileio.h"
#include "content/sodiumload.h"
#include "sync/minisign-int.h"

/* Public key blob: "Ed" | key id | Ed25519 public key. */
#define PK_BLOB		(2 + MINISIGN_KEYID_BYTES + MINISIGN_PK_BYTES)

/* Secret key blob offsets (158 bytes). */
#define SK_ALG		0
#define SK_KDF		2
#define SK_CHKALG	4
#define SK_SALT		6
#define SK_OPS		38
#define SK_MEM		46
#define SK_KEYID	54	/* from here on scrypt-encrypted with "Sc" */
#define SK_SK		62
#define SK_CHK		126
#define SK_BLOB		158
#define SK_SECRET	(SK_BLOB - SK_KEYID)
#define SK_SALT_BYTES	32	/* crypto_pwhash_scryptsalsa208sha256_SALTBYTES */
#define SK_CHK_BYTES	32

#define SECKEY_TEXT_MAX							\
	(sizeof MINISIGN_UNTRUSTED_PREFIX + MINISIGN_UNTRUSTED_MAX +	\
	212 + 1)
#define PUBKEY_TEXT_MAX							\
	(sizeof MINISIGN_UNTRUSTED_PREFIX + MINISIGN_UNTRUSTED_MAX + 56 + 1)

static const struct minisign_kdf_limits minisign_kdf_max = MINISIGN_KDF_DEFAULT;

/* Secret key objects -------------------------------------------------------- */

static int
minisign_seckey_alloc(struct minisign_seckey **skp, char **cause)
{
	int r;

	*skp = NULL;
	if ((r = minisign_init(cause)) != ERR_OK)
		return r;
	if ((*skp = sodium_malloc(sizeof **skp)) == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

void
minisign_seckey_free(struct minisign_seckey **skp)
{
	if (skp == NULL || *skp == NULL)
		return;
	sodium_free(*skp);	/* wipes */
	*skp = NULL;
}

void
minisign_seckey_pubkey(const struct minisign_seckey *sk,
    struct minisign_pubkey *pk)
{
	memcpy(pk->keyid, sk->keyid, MINISIGN_KEYID_BYTES);
	memcpy(pk->pk, sk->sk + 32, MINISIGN_PK_BYTES);
}

int
minisign_keygen(struct minisign_seckey **skp, struct minisign_pubkey *pk,
    char **cause)
{
	struct minisign_seckey *sk = NULL;
	int r;

	*skp = NULL;
	memset(pk, 0, sizeof *pk);
	if ((r = minisign_seckey_alloc(&sk, cause)) != ERR_OK)
		goto out;
	randombytes_buf(sk->keyid, sizeof sk->keyid);
	if (crypto_sign_keypair(pk->pk, sk->sk) != 0) {
		r = err_set(cause, ERR_CRYPTO, "cannot make a key pair");
		goto out;
	}
	memcpy(pk->keyid, sk->keyid, MINISIGN_KEYID_BYTES);
	*skp = sk;
	sk = NULL;
out:
	minisign_seckey_free(&sk);
	return r;
}

/* Public keys -------------------------------------------------------------- */

int
minisign_pubkey_parse(const char *text, size_t len, struct minisign_pubkey *pk,
    char **cause)
{
	struct minisign_line l[2];
	uint8_t blob[PK_BLOB];
	size_t np = strlen(MINISIGN_UNTRUSTED_PREFIX);
	int r, file;

	memset(pk, 0, sizeof *pk);
	if (len > PUBKEY_TEXT_MAX)
		return err_set(cause, ERR_LIMIT,
		    "public key larger than %zu bytes", (size_t)PUBKEY_TEXT_MAX);
	file = len >= np && memcmp(text, MINISIGN_UNTRUSTED_PREFIX, np) == 0;
	if ((r = minisign_split_lines(text, len, l, file ? 2 : 1,
	    "public key", cause)) != ERR_OK)
		return r;
	if (file && (r = minisign_comment_check(l[0].p + np, l[0].len - np,
	    MINISIGN_UNTRUSTED_MAX, "public key comment", cause)) != ERR_OK)
		return r;
	if ((r = minisign_b64_decode(&l[file ? 1 : 0], blob, sizeof blob,
	    "public key", cause)) != ERR_OK)
		return r;
	if (memcmp(blob, "Ed", 2) != 0)
		return err_set(cause, ERR_UNSUPPORTED,
		    "public key algorithm is not Ed");
	memcpy(pk->keyid, blob + 2, MINISIGN_KEYID_BYTES);
	memcpy(pk->pk, blob + 2 + MINISIGN_KEYID_BYTES, MINISIGN_PK_BYTES);
	return ERR_OK;
}

int
minisign_pubkey_load(const char *path, struct minisign_pubkey *pk,
    char **cause)
{
	char *text = NULL, *why = NULL;
	size_t len = 0;
	int r;

	memset(pk, 0, sizeof *pk);
	if ((r = file_read(path, PUBKEY_TEXT_MAX, &text, &len,
	    cause)) != ERR_OK)
		goto out;
	if ((r = minisign_pubkey_parse(text, len, pk, &why)) != ERR_OK)
		err_set(cause, r, "%s: %s", path, why != NULL ? why :
		    err_str(r));
out:
	free(text);
	free(why);
	return r;
}

void
minisign_pubkey_base64(const struct minisign_pubkey *pk,
    char out[MINISIGN_PUBKEY_B64_SIZE])
{
	uint8_t blob[PK_BLOB];

	memcpy(blob, "Ed", 2);
	memcpy(blob + 2, pk->keyid, MINISIGN_KEYID_BYTES);
	memcpy(blob + 2 + MINISIGN_KEYID_BYTES, pk->pk, MINISIGN_PK_BYTES);
	sodium_bin2base64(out, MINISIGN_PUBKEY_B64_SIZE, blob, sizeof blob,
	    sodium_base64_VARIANT_ORIGINAL);
}

int
minisign_pubkey_format(const struct minisign_pubkey *pk, char **text,
    size_t *lenp)
{
	struct buf b = BUF_INIT;
	char id[MINISIGN_KEYID_STR_SIZE], b64[MINISIGN_PUBKEY_B64_SIZE];

	minisign_keyid_str(pk->keyid, id);
	minisign_pubkey_base64(pk, b64);
	buf_printf(&b, "%sminisign public key %s\n%s\n",
	    MINISIGN_UNTRUSTED_PREFIX, id, b64);
	if ((*text = buf_detach(&b, lenp)) == NULL)
		return ERR_NOMEM;
	return ERR_OK;
}

int
minisign_pubkey_save(const char *path, const struct minisign_pubkey *pk,
    char **cause)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	if ((r = minisign_pubkey_format(pk, &text, &len)) != ERR_OK)
		goto out;
	r = file_write_atomic(path, text, len, 0644, cause);
out:
	free(text);
	return r;
}

/* Secret key files ---------------------------------------------------------- */

/* BLAKE2b-256("Ed" | key id | secret key), over a decrypted blob. */
static void
minisign_seckey_chk(const uint8_t *blob, uint8_t chk[SK_CHK_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, SK_CHK_BYTES);
	crypto_generichash_update(&st, blob + SK_ALG, 2);
	crypto_generichash_update(&st, blob + SK_KEYID, MINISIGN_KEYID_BYTES);
	crypto_generichash_update(&st, blob + SK_SK, MINISIGN_SK_BYTES);
	crypto_generichash_final(&st, chk, SK_CHK_BYTES);
	sodium_memzero(&st, sizeof st);
}

/* XOR the secret part of blob with scrypt(password) at the stored limits. */
static int
minisign_seckey_crypt(uint8_t *blob, const char *password, char **cause)
{
	uint8_t *stream = NULL;
	size_t i;
	int r = ERR_OK;

	if ((stream = sodium_malloc(SK_SECRET)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	errno = 0;
	if (crypto_pwhash_scryptsalsa208sha256(stream, SK_SECRET, password,
	    strlen(password), blob + SK_SALT,
	    minisign_le64_load(blob + SK_OPS),
	    (size_t)minisign_le64_load(blob + SK_MEM)) != 0) {
		r = errno == ENOMEM ? ERR_NOMEM : ERR_CRYPTO;
		err_set(cause, r, "scrypt failed: %s", errno == ENOMEM ?
		    "not enough memory" : "bad parameters");
		goto out;
	}
	for (i = 0; i < SK_SECRET; i++)
		blob[SK_KEYID + i] ^= stream[i];
out:
	sodium_free(stream);
	return r;
}

/* Is the stored public half the one the seed makes? */
static int
minisign_seckey_consistent(const uint8_t *sk)
{
	uint8_t pk[MINISIGN_PK_BYTES], *tmp;
	int ok = 0;

	if ((tmp = sodium_malloc(MINISIGN_SK_BYTES)) == NULL)
		return -1;
	if (crypto_sign_seed_keypair(pk, tmp, sk) == 0)
		ok = sodium_memcmp(pk, sk + 32, sizeof pk) == 0;
	sodium_free(tmp);
	return ok;
}

int
minisign_seckey_parse(const char *text, size_t len, const char *password,
    struct minisign_seckey **skp, char **cause)
{
	struct minisign_line l[2];
	struct minisign_seckey *sk = NULL;
	uint8_t *blob = NULL, chk[SK_CHK_BYTES];
	size_t np = strlen(MINISIGN_UNTRUSTED_PREFIX);
	int r, file, encrypted, ok;

	*skp = NULL;
	if ((r = minisign_init(cause)) != ERR_OK)
		goto out;
	if (len > SECKEY_TEXT_MAX) {
		r = err_set(cause, ERR_LIMIT, "secret key larger than %zu "
		    "bytes", (size_t)SECKEY_TEXT_MAX);
		goto out;
	}
	file = len >= np && memcmp(text, MINISIGN_UNTRUSTED_PREFIX, np) == 0;
	if ((r = minisign_split_lines(text, len, l, file ? 2 : 1,
	    "secret key", cause)) != ERR_OK)
		goto out;
	if (file && (r = minisign_comment_check(l[0].p + np, l[0].len - np,
	    MINISIGN_UNTRUSTED_MAX, "secret key comment", cause)) != ERR_OK)
		goto out;
	if ((blob = sodium_malloc(SK_BLOB)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	if ((r = minisign_b64_decode(&l[file ? 1 : 0], blob, SK_BLOB,
	    "secret key", cause)) != ERR_OK)
		goto out;
	if (memcmp(blob + SK_ALG, "Ed", 2) != 0 ||
	    memcmp(blob + SK_CHKALG, "B2", 2) != 0) {
		r = err_set(cause, ERR_UNSUPPORTED,
		    "secret key algorithm is not Ed with a B2 checksum");
		goto out;
	}
	if (memcmp(blob + SK_KDF, "Sc", 2) == 0)
		encrypted = 1;
	else if (blob[SK_KDF] == 0 && blob[SK_KDF + 1] == 0)
		encrypted = 0;
	else {
		r = err_set(cause, ERR_UNSUPPORTED,
		    "secret key encryption is neither scrypt nor none");
		goto out;
	}
	if (encrypted) {
		if (password == NULL) {
			r = err_set(cause, ERR_CRYPTO,
			    "the secret key is encrypted: it needs a password");
			goto out;
		}
		/* A hostile file must not make us spend unbounded memory. */
		if (minisign_le64_load(blob + SK_OPS) >
		    minisign_kdf_max.opslimit ||
		    minisign_le64_load(blob + SK_MEM) >
		    minisign_kdf_max.memlimit) {
			r = err_set(cause, ERR_LIMIT, "the secret key's scrypt "
			    "limits are above minisign's");
			goto out;
		}
		if ((r = minisign_seckey_crypt(blob, password, cause)) !=
		    ERR_OK)
			goto out;
	}
	minisign_seckey_chk(blob, chk);
	if (sodium_memcmp(chk, blob + SK_CHK, sizeof chk) != 0 &&
	    (encrypted || !sodium_is_zero(blob + SK_CHK, SK_CHK_BYTES))) {
		r = encrypted ? err_set(cause, ERR_CRYPTO,
		    "wrong password for the secret key") :
		    err_set(cause, ERR_PARSE,
		    "the secret key's checksum does not match");
		goto out;
	}
	if ((ok = minisign_seckey_consistent(blob + SK_SK)) != 1) {
		r = ok < 0 ? ERR_NOMEM : err_set(cause, ERR_PARSE,
		    "the secret key is damaged: its halves do not match");
		goto out;
	}
	if ((r = minisign_seckey_alloc(&sk, cause)) != ERR_OK)
		goto out;
	memcpy(sk->keyid, blob + SK_KEYID, MINISIGN_KEYID_BYTES);
	memcpy(sk->sk, blob + SK_SK, MINISIGN_SK_BYTES);
	*skp = sk;
	sk = NULL;
out:
	sodium_memzero(chk, sizeof chk);
	sodium_free(blob);
	minisign_seckey_free(&sk);
	return r;
}

int
minisign_seckey_load(const char *path, const char *password,
    struct minisign_seckey **skp, char **cause)
{
	char *text = NULL, *why = NULL;
	size_t len = 0;
	int r;

	*skp = NULL;
	if ((r = file_read(path, SECKEY_TEXT_MAX, &text, &len,
	    cause)) != ERR_OK)
		goto out;
	if ((r = minisign_seckey_parse(text, len, password, skp,
	    &why)) != ERR_OK)
		err_set(cause, r, "%s: %s", path, why != NULL ? why :
		    err_str(r));
out:
	if (text != NULL)
		sodium_memzero(text, len);
	free(text);
	free(why);
	return r;
}

/* The secret key file's text in sodium memory (*textp: sodium_free). */
static int
minisign_seckey_format(const struct minisign_seckey *sk, const char *password,
    const struct minisign_kdf_limits *limits, char **textp, size_t *lenp,
    char **cause)
{
	const char *comment = password != NULL ?
	    "minisign encrypted secret key" : "minisign secret key";
	uint8_t *blob = NULL;
	char *text = NULL;
	size_t b64len = minisign_b64_len(SK_BLOB), np, cl, len;
	int r = ERR_OK;

	*textp = NULL;
	np = strlen(MINISIGN_UNTRUSTED_PREFIX);
	cl = strlen(comment);
	len = np + cl + 1 + b64len + 1;
	if ((blob = sodium_malloc(SK_BLOB)) == NULL ||
	    (text = sodium_malloc(len + 1)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	memset(blob, 0, SK_BLOB);
	memcpy(blob + SK_ALG, "Ed", 2);
	memcpy(blob + SK_CHKALG, "B2", 2);
	memcpy(blob + SK_KEYID, sk->keyid, MINISIGN_KEYID_BYTES);
	memcpy(blob + SK_SK, sk->sk, MINISIGN_SK_BYTES);
	/*
	 * minisign -W leaves the checksum zero; we always write it, which
	 * minisign ignores for unencrypted keys and stricter tools check.
	 */
	minisign_seckey_chk(blob, blob + SK_CHK);
	if (password != NULL) {
		memcpy(blob + SK_KDF, "Sc", 2);
		randombytes_buf(blob + SK_SALT, SK_SALT_BYTES);
		minisign_le64_store(blob + SK_OPS, limits->opslimit);
		minisign_le64_store(blob + SK_MEM, limits->memlimit);
		if ((r = minisign_seckey_crypt(blob, password, cause)) !=
		    ERR_OK)
			goto out;
	}
	memcpy(text, MINISIGN_UNTRUSTED_PREFIX, np);
	memcpy(text + np, comment, cl);
	text[np + cl] = '\n';
	sodium_bin2base64(text + np + cl + 1, b64len + 1, blob, SK_BLOB,
	    sodium_base64_VARIANT_ORIGINAL);
	text[len - 1] = '\n';
	text[len] = '\0';
	*textp = text;
	*lenp = len;
	text = NULL;
out:
	sodium_free(blob);
	sodium_free(text);
	return r;
}

int
minisign_seckey_save(const char *path, const struct minisign_seckey *sk,
    const char *password, const struct minisign_kdf_limits *limits,
    char **cause)
{
	static const struct minisign_kdf_limits def = MINISIGN_KDF_DEFAULT;
	char *text = NULL;
	size_t len = 0;
	int r;

	if ((r = minisign_init(cause)) != ERR_OK)
		goto out;
	if (limits == NULL)
		limits = &def;
	if (password != NULL) {
		if (*password == '\0' ||
		    strlen(password) > MINISIGN_PASSWORD_MAX) {
			r = err_set(cause, ERR_INVALID, "a password must have "
			    "1 to %d bytes", MINISIGN_PASSWORD_MAX);
			goto out;
		}
		/* Below scrypt's minimum libsodium would quietly raise them. */
		if (limits->opslimit <
		    crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
		    limits->memlimit <
		    crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN ||
		    limits->opslimit > minisign_kdf_max.opslimit ||
		    limits->memlimit > minisign_kdf_max.memlimit) {
			r = err_set(cause, ERR_INVALID, "scrypt limits must lie "
			    "between libsodium's minimum and minisign's "
			    "default");
			goto out;
		}
	}
	if ((r = minisign_seckey_format(sk, password, limits, &text, &len,
	    cause)) != ERR_OK)
		goto out;
	r = file_write_new(path, text, len, 0600, cause);
out:
	sodium_free(text);
	return r;
}
