/*
 * age v1: keys, key wrapping, encryption and decryption; see age.h.
 *
 * Encryption draws a 16-byte file key, wraps it once per recipient (an
 * ephemeral X25519 share, HKDF, ChaCha20-Poly1305) or once with scrypt,
 * MACs the header with a key derived from the file key, and seals the
 * plaintext in STREAM chunks of 64 KiB under a payload key derived from the
 * file key and a random nonce. Decryption undoes that in the order the spec
 * layers its failures: armor, header, unwrap, MAC, payload.
 *
 * Secrets: identities are sodium_malloc'd structs; the file key and every
 * derived key live in a per-thread sodium_malloc scratch area that is wiped
 * when each call ends (allocating guarded memory costs tens of
 * microseconds, too much to pay per file when a hub opens 100,000). HKDF's
 * own temporaries sit on the stack and are wiped before it returns.
 */
#include "sync/age.h"

#include <stdlib.h>
#include <string.h>

#include "content/buf.h"
#include "content/err.h"
#include "content/sodiumload.h"
#include "sync/age-int.h"
#include "sync/bech32.h"
#include "sync/hash.h"
#include "sync/x25519.h"

#define AGE_X25519_INFO	"age-encryption.org/v1/X25519"
#define AGE_SCRYPT_SALT	"age-encryption.org/v1/scrypt"
#define AGE_ID_HRP	"AGE-SECRET-KEY-"
#define AGE_RCPT_HRP	"age"

enum age_identity_kind {
	AGE_ID_X25519 = 1,
	AGE_ID_PASSPHRASE,
};

struct age_identity {
	enum age_identity_kind	kind;
	uint8_t			sk[32];	/* X25519 scalar */
	uint8_t			pk[32];	/* its public key, derived once */
	size_t			passlen;
	char			pass[];	/* NUL-terminated passphrase */
};

/* Everything secret one encryption or decryption derives. */
struct age_scratch {
	uint8_t	file_key[AGE_FILE_KEY];
	uint8_t	eph[32];
	uint8_t	shared[32];
	uint8_t	wrap[32];
	uint8_t	mac_key[32];
	uint8_t	payload_key[32];
};
_Static_assert(sizeof(struct age_scratch) % 16 == 0, "scratch alignment");

static _Thread_local struct age_scratch *age_tls;

static const uint8_t age_zero_nonce[12];

int
age_init(char **cause)
{
	if (sodium_init() < 0)
		return err_set(cause, ERR_CRYPTO, "libsodium did not start");
	return 0;
}

/* Its size is a multiple of 16, so sodium_malloc returns it aligned. */
static struct age_scratch *
age_scratch_get(void)
{
	if (age_tls == NULL)
		age_tls = sodium_malloc(sizeof *age_tls);
	return age_tls;
}

static void
age_scratch_wipe(struct age_scratch *s)
{
	if (s != NULL)
		sodium_memzero(s, sizeof *s);
}

void
age_thread_cleanup(void)
{
	sodium_free(age_tls);
	age_tls = NULL;
	x25519_thread_cleanup();
}

int
age_hkdf_sha256(uint8_t *out, size_t outlen, const uint8_t *ikm,
    size_t ikmlen, const uint8_t *salt, size_t saltlen, const void *info,
    size_t infolen)
{
	struct hash_hmac_sha256 st;
	uint8_t prk[32], t[32], ctr;
	size_t done = 0, n;

	if (outlen > 255 * 32)
		return ERR_INVALID;
	/* Extract: an absent salt is HashLen zeros, which HMAC's key padding
	   makes the same as an empty key. */
	hash_hmac_sha256_init(&st, salt, saltlen);
	hash_hmac_sha256_update(&st, ikm, ikmlen);
	hash_hmac_sha256_final(&st, prk);
	/* Expand. */
	for (ctr = 1; done < outlen; ctr++) {
		hash_hmac_sha256_init(&st, prk, sizeof prk);
		if (ctr > 1)
			hash_hmac_sha256_update(&st, t, sizeof t);
		hash_hmac_sha256_update(&st, info, infolen);
		hash_hmac_sha256_update(&st, &ctr, 1);
		hash_hmac_sha256_final(&st, t);
		n = outlen - done < sizeof t ? outlen - done : sizeof t;
		memcpy(out + done, t, n);
		done += n;
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(prk, sizeof prk);
	sodium_memzero(t, sizeof t);
	return 0;
}

/* The header MAC: HMAC-SHA256 of p[0..n) under key. */
static void
age_hmac(uint8_t out[32], const void *p, size_t n, const uint8_t key[32])
{
	struct hash_hmac_sha256 st;

	hash_hmac_sha256_init(&st, key, 32);
	hash_hmac_sha256_update(&st, p, n);
	hash_hmac_sha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
}

/* Keys. */

static struct age_identity *
age_identity_new(enum age_identity_kind kind, size_t passlen)
{
	struct age_identity *id;
	size_t size = sizeof *id + passlen + 1;

	/* sodium_malloc puts the block's end at a guard page, so only sizes
	   that are multiples of the alignment come back aligned. */
	size = (size + 15) & ~(size_t)15;
	if ((id = sodium_malloc(size)) == NULL)
		return NULL;
	sodium_memzero(id, size);
	id->kind = kind;
	id->passlen = passlen;
	return id;
}

void
age_identity_free(struct age_identity **idp)
{
	if (idp == NULL || *idp == NULL)
		return;
	sodium_free(*idp);	/* wipes */
	*idp = NULL;
}

void
age_secret_free(char **sp)
{
	if (sp == NULL || *sp == NULL)
		return;
	sodium_free(*sp);
	*sp = NULL;
}

void
age_plaintext_free(uint8_t **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	sodium_free(*pp);
	*pp = NULL;
}

int
age_recipient_format(const struct age_recipient *r, char *out, size_t outcap)
{
	int n = bech32_encode(AGE_RCPT_HRP, r->pk, sizeof r->pk, out, outcap);

	return n < 0 ? n : 0;
}

int
age_keygen(char **identityp, char **recipientp, char **cause)
{
	struct age_identity *id = NULL;
	struct age_recipient r;
	char *ids = NULL, *rs = NULL;
	int rc;

	*identityp = NULL;
	*recipientp = NULL;
	if ((rc = age_init(cause)) != 0)
		goto out;
	if ((id = age_identity_new(AGE_ID_X25519, 0)) == NULL ||
	    (ids = sodium_malloc(AGE_IDENTITY_LEN + 1)) == NULL ||
	    (rs = malloc(AGE_RECIPIENT_LEN + 1)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	randombytes_buf(id->sk, sizeof id->sk);
	crypto_scalarmult_base(r.pk, id->sk);
	if ((rc = bech32_encode(AGE_ID_HRP, id->sk, sizeof id->sk, ids,
	    AGE_IDENTITY_LEN + 1)) < 0 ||
	    (rc = age_recipient_format(&r, rs, AGE_RECIPIENT_LEN + 1)) < 0) {
		rc = err_set(cause, rc, "cannot encode the new key");
		goto out;
	}
	*identityp = ids;
	*recipientp = rs;
	ids = NULL;
	rs = NULL;
	rc = 0;
out:
	age_identity_free(&id);
	age_secret_free(&ids);
	free(rs);
	return rc;
}

int
age_recipient_parse(const char *s, struct age_recipient *r, char **cause)
{
	char hrp[BECH32_MAX_LEN + 1];
	size_t n, slen = strnlen(s, BECH32_MAX_LEN + 1);

	memset(r, 0, sizeof *r);
	if (strncmp(s, "age1pq1", 7) == 0 || (slen > BECH32_MAX_LEN &&
	    strncmp(s, "age1", 4) == 0))
		return err_set(cause, ERR_UNSUPPORTED, "recipient: only X25519 "
		    "recipients are supported");
	if (bech32_decode(s, slen, hrp, sizeof hrp, r->pk, sizeof r->pk, &n,
	    NULL) != 0)
		return err_set(cause, ERR_PARSE, "recipient: not an age1... "
		    "recipient (bad Bech32)");
	if (strncmp(hrp, "age1", 4) == 0)
		return err_set(cause, ERR_UNSUPPORTED, "recipient: plugin "
		    "recipients are not supported");
	if (strcmp(hrp, AGE_RCPT_HRP) != 0 || n != sizeof r->pk) {
		memset(r, 0, sizeof *r);
		return err_set(cause, ERR_PARSE, "recipient: not an age1... "
		    "X25519 recipient");
	}
	return 0;
}

int
age_identity_parse(const char *s, struct age_identity **idp, char **cause)
{
	struct age_identity *id = NULL;
	char hrp[BECH32_MAX_LEN + 1];
	size_t n, slen = strnlen(s, BECH32_MAX_LEN + 1);
	int rc;

	*idp = NULL;
	if ((rc = age_init(cause)) != 0)
		goto out;
	if (strncmp(s, "AGE-SECRET-KEY-PQ-", 18) == 0 ||
	    strncmp(s, "AGE-PLUGIN-", 11) == 0) {
		rc = err_set(cause, ERR_UNSUPPORTED, "identity: only X25519 "
		    "identities are supported");
		goto out;
	}
	if ((id = age_identity_new(AGE_ID_X25519, 0)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (bech32_decode(s, slen, hrp, sizeof hrp, id->sk, sizeof id->sk, &n,
	    NULL) != 0 || strcmp(hrp, AGE_ID_HRP) != 0 || n != sizeof id->sk) {
		rc = err_set(cause, ERR_PARSE, "identity: not an "
		    "AGE-SECRET-KEY-1... identity (bad Bech32, case or length)");
		goto out;
	}
	crypto_scalarmult_base(id->pk, id->sk);
	*idp = id;
	id = NULL;
	rc = 0;
out:
	age_identity_free(&id);
	return rc;
}

int
age_identity_passphrase(const char *pass, struct age_identity **idp,
    char **cause)
{
	size_t len = strnlen(pass, AGE_PASSPHRASE_MAX + 1);
	struct age_identity *id;
	int rc;

	*idp = NULL;
	if ((rc = age_init(cause)) != 0)
		return rc;
	if (len == 0 || len > AGE_PASSPHRASE_MAX)
		return err_set(cause, ERR_INVALID, "passphrase: empty or longer "
		    "than %d bytes", AGE_PASSPHRASE_MAX);
	if ((id = age_identity_new(AGE_ID_PASSPHRASE, len)) == NULL)
		return err_set(cause, ERR_NOMEM, "out of memory");
	memcpy(id->pass, pass, len);
	*idp = id;
	return 0;
}

int
age_identity_recipient(const struct age_identity *id, struct age_recipient *r)
{
	if (id->kind != AGE_ID_X25519)
		return ERR_INVALID;
	memcpy(r->pk, id->pk, sizeof r->pk);
	return 0;
}

/* Wrapping the file key. */

/* Add a wrapped-key body line (32 bytes: short, so it ends the stanza). */
static void
age_body_add(struct buf *hdr, const uint8_t body[32])
{
	char b64[44];

	buf_add(hdr, b64, age_b64_encode(body, 32, 0, b64));
	buf_addch(hdr, '\n');
}

static int
age_x25519_wrap(const struct age_recipient *r, struct age_scratch *s,
    struct buf *hdr, char **cause)
{
	uint8_t share[32], salt[64], body[32];
	char b64[44];

	randombytes_buf(s->eph, sizeof s->eph);
	crypto_scalarmult_base(share, s->eph);
	if (crypto_scalarmult(s->shared, s->eph, r->pk) != 0)
		return err_set(cause, ERR_INVALID,
		    "recipient: a low-order X25519 key");
	memcpy(salt, share, 32);
	memcpy(salt + 32, r->pk, 32);
	age_hkdf_sha256(s->wrap, sizeof s->wrap, s->shared, sizeof s->shared,
	    salt, sizeof salt, AGE_X25519_INFO, sizeof AGE_X25519_INFO - 1);
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, s->file_key,
	    sizeof s->file_key, NULL, 0, NULL, age_zero_nonce, s->wrap);
	buf_addstr(hdr, "-> X25519 ");
	buf_add(hdr, b64, age_b64_encode(share, sizeof share, 0, b64));
	buf_addch(hdr, '\n');
	age_body_add(hdr, body);
	return 0;
}

static int
age_scrypt_key(const char *pass, size_t passlen, const uint8_t salt16[16],
    int logn, uint8_t key[32])
{
	uint8_t salt[sizeof AGE_SCRYPT_SALT - 1 + 16];

	memcpy(salt, AGE_SCRYPT_SALT, sizeof AGE_SCRYPT_SALT - 1);
	memcpy(salt + sizeof AGE_SCRYPT_SALT - 1, salt16, 16);
	if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pass,
	    passlen, salt, sizeof salt, (uint64_t)1 << logn, 8, 1, key, 32) != 0)
		return ERR_NOMEM;
	return 0;
}

static int
age_scrypt_wrap(const char *pass, size_t passlen, int logn,
    struct age_scratch *s, struct buf *hdr, char **cause)
{
	uint8_t salt[16], body[32];
	char b64[24];

	randombytes_buf(salt, sizeof salt);
	if (age_scrypt_key(pass, passlen, salt, logn, s->wrap) != 0)
		return err_set(cause, ERR_NOMEM, "scrypt: out of memory");
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, s->file_key,
	    sizeof s->file_key, NULL, 0, NULL, age_zero_nonce, s->wrap);
	buf_addstr(hdr, "-> scrypt ");
	buf_add(hdr, b64, age_b64_encode(salt, sizeof salt, 0, b64));
	buf_printf(hdr, " %d\n", logn);
	age_body_add(hdr, body);
	return 0;
}

/* 0 on success, ERR_NOKEY if this identity does not fit, else a failure. */
static int
age_x25519_unwrap(const struct age_identity *id, const struct age_stanza *st,
    struct age_scratch *s, char **cause)
{
	uint8_t salt[64];
	unsigned long long n;

	if (x25519_shared(s->shared, id->sk, st->share) != 0)
		return err_set(cause, ERR_PARSE, "header: an X25519 share "
		    "that gives an all-zero secret");
	memcpy(salt, st->share, 32);
	memcpy(salt + 32, id->pk, 32);
	age_hkdf_sha256(s->wrap, sizeof s->wrap, s->shared, sizeof s->shared,
	    salt, sizeof salt, AGE_X25519_INFO, sizeof AGE_X25519_INFO - 1);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(s->file_key, &n, NULL,
	    st->body, sizeof st->body, NULL, 0, age_zero_nonce, s->wrap) != 0)
		return ERR_NOKEY;
	return 0;
}

static int
age_scrypt_unwrap(const struct age_identity *id, const struct age_stanza *st,
    struct age_scratch *s, char **cause)
{
	unsigned long long n;

	if (age_scrypt_key(id->pass, id->passlen, st->salt, st->logn,
	    s->wrap) != 0)
		return err_set(cause, ERR_NOMEM, "scrypt: out of memory");
	if (crypto_aead_chacha20poly1305_ietf_decrypt(s->file_key, &n, NULL,
	    st->body, sizeof st->body, NULL, 0, age_zero_nonce, s->wrap) != 0)
		return ERR_NOKEY;
	return 0;
}

/* Find the file key: every stanza against every identity of its kind. */
static int
age_unwrap(const struct age_header *h, struct age_identity *const *ids,
    size_t nids, struct age_scratch *s, char **cause)
{
	const struct age_stanza *st;
	size_t i, j;
	int rc;

	for (i = 0; i < h->n; i++) {
		st = &h->st[i];
		for (j = 0; j < nids; j++) {
			if (st->kind == AGE_STANZA_X25519 &&
			    ids[j]->kind == AGE_ID_X25519)
				rc = age_x25519_unwrap(ids[j], st, s, cause);
			else if (st->kind == AGE_STANZA_SCRYPT &&
			    ids[j]->kind == AGE_ID_PASSPHRASE)
				rc = age_scrypt_unwrap(ids[j], st, s, cause);
			else
				continue;
			if (rc != ERR_NOKEY)
				return rc;
		}
	}
	return err_set(cause, ERR_NOKEY, "no identity matched any of the "
	    "file's %zu stanzas", h->n);
}

/* Encryption: to recipients, or with pass when it is not NULL. */
static int
age_seal(const struct age_recipient *r, size_t nr, const char *pass,
    int logn, const void *pt, size_t len, int flags, uint8_t **outp,
    size_t *outlenp, char **cause)
{
	struct age_scratch *s = NULL;
	struct buf hdr = BUF_INIT;
	uint8_t mac[32], *bin = NULL, *p;
	size_t nchunks, binlen, i;
	char b64[44];
	int rc;

	*outp = NULL;
	*outlenp = 0;
	if ((rc = age_init(cause)) != 0)
		goto out;
	if (len > AGE_PLAINTEXT_MAX) {
		rc = err_set(cause, ERR_LIMIT, "plaintext larger than %zu bytes",
		    AGE_PLAINTEXT_MAX);
		goto out;
	}
	if ((s = age_scratch_get()) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	randombytes_buf(s->file_key, sizeof s->file_key);
	buf_addstr(&hdr, AGE_INTRO);
	if (pass != NULL)
		rc = age_scrypt_wrap(pass, strlen(pass), logn, s, &hdr, cause);
	for (i = 0; pass == NULL && i < nr && rc == 0; i++)
		rc = age_x25519_wrap(&r[i], s, &hdr, cause);
	if (rc != 0)
		goto out;
	buf_addstr(&hdr, "---");
	if (buf_failed(&hdr)) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	age_hkdf_sha256(s->mac_key, sizeof s->mac_key, s->file_key,
	    sizeof s->file_key, NULL, 0, "header", 6);
	age_hmac(mac, hdr.data, hdr.len, s->mac_key);
	buf_addch(&hdr, ' ');
	buf_add(&hdr, b64, age_b64_encode(mac, sizeof mac, 0, b64));
	buf_addch(&hdr, '\n');

	nchunks = len == 0 ? 1 : (len + AGE_CHUNK - 1) / AGE_CHUNK;
	binlen = hdr.len + AGE_NONCE + len + nchunks * AGE_TAG;
	if (buf_failed(&hdr) || (bin = malloc(binlen)) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	memcpy(bin, hdr.data, hdr.len);
	p = bin + hdr.len;
	randombytes_buf(p, AGE_NONCE);
	age_hkdf_sha256(s->payload_key, sizeof s->payload_key, s->file_key,
	    sizeof s->file_key, p, AGE_NONCE, "payload", 7);
	age_stream_seal(s->payload_key, pt, len, p + AGE_NONCE);

	if (flags & AGE_ARMOR) {
		if ((rc = age_armor_encode(bin, binlen, outp, outlenp)) != 0) {
			rc = err_set(cause, rc, "out of memory");
			goto out;
		}
	} else {
		*outp = bin;
		*outlenp = binlen;
		bin = NULL;
	}
	rc = 0;
out:
	age_scratch_wipe(s);
	buf_free(&hdr);
	free(bin);
	return rc;
}

int
age_encrypt(const struct age_recipient *r, size_t n, const void *pt,
    size_t len, int flags, uint8_t **outp, size_t *outlenp, char **cause)
{
	*outp = NULL;
	*outlenp = 0;
	if (n == 0)
		return err_set(cause, ERR_INVALID, "no recipients");
	if (n > AGE_MAX_STANZAS)
		return err_set(cause, ERR_LIMIT, "more than %d recipients",
		    AGE_MAX_STANZAS);
	return age_seal(r, n, NULL, 0, pt, len, flags, outp, outlenp, cause);
}

int
age_encrypt_passphrase(const char *pass, int logn, const void *pt,
    size_t len, int flags, uint8_t **outp, size_t *outlenp, char **cause)
{
	size_t passlen = strnlen(pass, AGE_PASSPHRASE_MAX + 1);

	*outp = NULL;
	*outlenp = 0;
	if (logn == 0)
		logn = AGE_SCRYPT_LOGN;
	if (logn < 1 || logn > AGE_SCRYPT_MAX_LOGN)
		return err_set(cause, ERR_INVALID, "scrypt work factor %d is "
		    "outside 1..%d", logn, AGE_SCRYPT_MAX_LOGN);
	if (passlen == 0 || passlen > AGE_PASSPHRASE_MAX)
		return err_set(cause, ERR_INVALID, "passphrase: empty or longer "
		    "than %d bytes", AGE_PASSPHRASE_MAX);
	return age_seal(NULL, 0, pass, logn, pt, len, flags, outp, outlenp,
	    cause);
}

/*
 * Decryption into out (outcap bytes), or into a fresh sodium_malloc buffer
 * of the exact size when allocp is not NULL.
 */
static int
age_open(struct age_identity *const *ids, size_t nids, const uint8_t *in,
    size_t inlen, int flags, uint8_t *out, size_t outcap, uint8_t **allocp,
    size_t *outlenp, char **cause)
{
	struct age_header h = { NULL, 0, { 0 }, 0, 0 };
	struct age_scratch *s = NULL;
	const uint8_t *bin = in, *payload;
	uint8_t *dearmored = NULL, none, mac[32];
	size_t binlen = inlen, plen, need;
	int rc;

	*outlenp = 0;
	if ((rc = age_init(cause)) != 0)
		goto out;
	if ((flags & AGE_ARMOR) ||
	    ((flags & AGE_DETECT) && age_armor_detect(in, inlen))) {
		if ((rc = age_armor_decode(in, inlen, &dearmored, &binlen,
		    cause)) != 0)
			goto out;
		bin = dearmored;
	}
	if ((rc = age_header_parse(bin, binlen, &h, cause)) != 0)
		goto out;
	if ((s = age_scratch_get()) == NULL) {
		rc = err_set(cause, ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = age_unwrap(&h, ids, nids, s, cause)) != 0)
		goto out;
	age_hkdf_sha256(s->mac_key, sizeof s->mac_key, s->file_key,
	    sizeof s->file_key, NULL, 0, "header", 6);
	age_hmac(mac, bin, h.maclen, s->mac_key);
	if (sodium_memcmp(mac, h.mac, sizeof mac) != 0) {
		rc = err_set(cause, ERR_CRYPTO,
		    "MAC: the header MAC does not match");
		goto out;
	}
	payload = bin + h.len;
	plen = binlen - h.len - AGE_NONCE;
	age_hkdf_sha256(s->payload_key, sizeof s->payload_key, s->file_key,
	    sizeof s->file_key, payload, AGE_NONCE, "payload", 7);
	need = age_stream_plain_len(plen);
	if (allocp != NULL) {
		if ((*allocp = sodium_malloc(need > 0 ? need : 1)) == NULL) {
			rc = err_set(cause, ERR_NOMEM, "out of memory");
			goto out;
		}
		out = *allocp;
	} else if (need > outcap) {
		rc = err_set(cause, ERR_LIMIT, "the plaintext needs %zu bytes, "
		    "more than the %zu given", need, outcap);
		goto out;
	} else if (out == NULL)
		out = &none;	/* an empty plaintext needs no buffer */
	rc = age_stream_open(s->payload_key, payload + AGE_NONCE, plen, out,
	    outlenp, cause);
out:
	age_scratch_wipe(s);
	age_header_clear(&h);
	free(dearmored);
	return rc;
}

int
age_decrypt_buf(struct age_identity *const *ids, size_t n, const void *in,
    size_t inlen, int flags, uint8_t *out, size_t outcap, size_t *outlenp,
    char **cause)
{
	return age_open(ids, n, in, inlen, flags, out, outcap, NULL, outlenp,
	    cause);
}

int
age_decrypt(struct age_identity *const *ids, size_t n, const void *in,
    size_t inlen, int flags, uint8_t **outp, size_t *outlenp, char **cause)
{
	int rc;

	*outp = NULL;
	rc = age_open(ids, n, in, inlen, flags, NULL, 0, outp, outlenp, cause);
	if (rc != 0) {
		age_plaintext_free(outp);
		*outlenp = 0;
	}
	return rc;
}

int
age_decrypt_passphrase(const char *pass, const void *in, size_t inlen,
    int flags, uint8_t **outp, size_t *outlenp, char **cause)
{
	struct age_identity *id = NULL;
	int rc;

	*outp = NULL;
	*outlenp = 0;
	if ((rc = age_identity_passphrase(pass, &id, cause)) != 0)
		return rc;
	rc = age_decrypt(&id, 1, in, inlen, flags, outp, outlenp, cause);
	age_identity_free(&id);
	return rc;
}
