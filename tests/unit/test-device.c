/* Unit tests for sync/device.c: the device's key pair and key id. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "sync/device.h"
#include "sync/minisign.h"
#include "tests/unit/test.h"

static int
mode_of(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static int
same_file(const char *a, const char *b)
{
	char *x = NULL, *y = NULL;
	size_t xl = 0, yl = 0;
	int same;

	same = file_read(a, 4096, &x, &xl, NULL) == 0 &&
	    file_read(b, 4096, &y, &yl, NULL) == 0 && xl == yl &&
	    memcmp(x, y, xl) == 0;
	free(x);
	free(y);
	return same;
}

int
main(void)
{
	char tmp[] = "/tmp/outreach-device.XXXXXX", home[256], path[512],
	    keycopy[512], id[MINISIGN_KEYID_STR_SIZE], *cause = NULL;
	struct device dev, again, loaded;
	struct minisign_pubkey pk;
	struct minisign_seckey *sk = NULL;
	int created = -1, r, i, status;
	FILE *f;

	if (mkdtemp(tmp) == NULL)
		return 1;

	/* Key ids: always 16 digits, zero-padded, unlike minisign's. */
	memset(&pk, 0, sizeof pk);
	pk.keyid[0] = 0xab;	/* little-endian: the low byte */
	device_key_id(&pk, dev.key_id);
	CHECK_STR(dev.key_id, "00000000000000AB", "a small key id is zero-padded");
	minisign_keyid_str(pk.keyid, id);
	CHECK_STR(id, "AB", "where minisign prints it without zeros");
	for (i = 0; i < 8; i++)
		pk.keyid[i] = (unsigned char)(0xf0 + i);
	device_key_id(&pk, dev.key_id);
	CHECK_STR(dev.key_id, "F7F6F5F4F3F2F1F0", "a full key id reads as minisign's");
	CHECK(device_key_id_valid("F7F6F5F4F3F2F1F0") &&
	    device_key_id_valid("0000000000000000"), "16 upper-case hex digits are valid");
	CHECK(!device_key_id_valid("f7f6f5f4f3f2f1f0") && !device_key_id_valid("F7F6") &&
	    !device_key_id_valid("F7F6F5F4F3F2F1F0A") && !device_key_id_valid("G7F6F5F4F3F2F1F0"),
	    "lower case, short, long or non-hex ids are not");

	/* First run: folder, key pair, modes. */
	snprintf(home, sizeof home, "%s/a/home", tmp);
	r = device_load(home, &loaded, NULL);
	CHECK_INT(r, ERR_NOTFOUND, "no identity before init");
	r = device_init(home, &dev, &created, &cause);
	CHECK_INT(r, 0, "init makes an identity");
	if (cause != NULL)
		printf("# %s\n", cause);
	free(cause);
	cause = NULL;
	CHECK_INT(created, 1, "and says it made one");
	CHECK(device_key_id_valid(dev.key_id), "the key id has 16 digits (%s)", dev.key_id);
	CHECK_INT(mode_of(home, ""), 0700, "the data folder is 0700");
	CHECK_INT(mode_of(home, DEVICE_KEY_FILE), 0600, "device.key is 0600");
	CHECK_INT(mode_of(home, DEVICE_PUB_FILE), 0644, "device.pub is 0644");
	snprintf(path, sizeof path, "%s/%s", home, DEVICE_PUB_FILE);
	CHECK_INT(minisign_pubkey_load(path, &pk, NULL), 0, "device.pub is a minisign public key");
	CHECK(memcmp(&pk, &dev.pk, sizeof pk) == 0, "the one init returned");
	CHECK_INT(device_seckey_load(home, &sk, NULL), 0, "device.key loads without a password");
	if (sk != NULL) {
		char *sig = NULL;
		size_t siglen = 0;

		minisign_sign(sk, "m", 1, NULL, NULL, &sig, &siglen, NULL);
		CHECK(sig != NULL && minisign_verify(&dev.pk, "m", 1, sig, siglen, NULL,
		    NULL) == 0, "and signs what device.pub verifies");
		free(sig);
	}
	minisign_seckey_free(&sk);

	/* Again: the same identity, nothing overwritten. */
	snprintf(keycopy, sizeof keycopy, "%s/key-before", tmp);
	snprintf(path, sizeof path, "%s/%s", home, DEVICE_KEY_FILE);
	{
		char *k = NULL;
		size_t kl = 0;

		file_read(path, 4096, &k, &kl, NULL);
		file_write_atomic(keycopy, k, kl, 0600, NULL);
		free(k);
	}
	r = device_init(home, &again, &created, NULL);
	CHECK(r == 0 && created == 0, "a second init finds the identity");
	CHECK_STR(again.key_id, dev.key_id, "with the same key id");
	CHECK(same_file(path, keycopy), "and the secret key untouched");
	r = device_load(home, &loaded, NULL);
	CHECK(r == 0 && strcmp(loaded.key_id, dev.key_id) == 0, "device_load reads it");

	/* A lost device.pub is written again from the secret key. */
	snprintf(path, sizeof path, "%s/%s", home, DEVICE_PUB_FILE);
	unlink(path);
	r = device_init(home, &again, &created, NULL);
	CHECK(r == 0 && created == 0 && strcmp(again.key_id, dev.key_id) == 0 &&
	    mode_of(home, DEVICE_PUB_FILE) == 0644, "a missing device.pub comes back");

	/* A device.pub that is not device.key's is an error, not replaced. */
	{
		struct minisign_seckey *other = NULL;
		struct minisign_pubkey opk;

		minisign_keygen(&other, &opk, NULL);
		minisign_pubkey_save(path, &opk, NULL);
		minisign_seckey_free(&other);
		r = device_init(home, &again, &created, &cause);
		CHECK_INT(r, ERR_INVALID, "a device.pub of another key is refused");
		CHECK(cause != NULL && strstr(cause, "does not match") != NULL,
		    "and the cause says so");
		free(cause);
		cause = NULL;
		minisign_pubkey_save(path, &dev.pk, NULL);
	}

	/* device.pub alone: maybe enrolled at a hub; never replaced. */
	snprintf(home, sizeof home, "%s/b", tmp);
	mkdir(home, 0700);
	snprintf(path, sizeof path, "%s/%s", home, DEVICE_PUB_FILE);
	minisign_pubkey_save(path, &dev.pk, NULL);
	r = device_init(home, &again, &created, &cause);
	CHECK_INT(r, ERR_EXISTS, "a lone device.pub is not replaced by a new key");
	free(cause);
	cause = NULL;

	/* Folders that cannot be used. */
	snprintf(path, sizeof path, "%s/plainfile", tmp);
	f = fopen(path, "w");
	if (f != NULL)
		fclose(f);
	r = device_init(path, &again, &created, &cause);
	CHECK(r != 0 && cause != NULL && strstr(cause, "data folder") != NULL,
	    "a file for a folder is a clear error (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	snprintf(home, sizeof home, "%s/plainfile/sub", tmp);
	r = device_init(home, &again, &created, &cause);
	CHECK(r != 0 && cause != NULL && strstr(cause, "cannot create the data folder") != NULL,
	    "a folder under a file is a clear error (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	if (geteuid() != 0) {
		snprintf(home, sizeof home, "%s/ro", tmp);
		mkdir(home, 0500);
		r = device_init(home, &again, &created, &cause);
		CHECK(r == ERR_PERM && cause != NULL && strstr(cause, "cannot write") != NULL,
		    "a read-only folder is a clear error");
		free(cause);
		cause = NULL;
	} else
		SKIP("read-only folder: running as root, which may write anywhere");

	/* Two first starts at once make one identity, not two. */
	snprintf(home, sizeof home, "%s/race", tmp);
	for (i = 0; i < 4; i++)
		if (fork() == 0) {
			struct device d;

			_exit(device_init(home, &d, NULL, NULL) == 0 ? 0 : 1);
		}
	r = 0;
	for (i = 0; i < 4; i++)
		if (wait(&status) == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			r = 1;
	CHECK_INT(r, 0, "four processes initialising at once all succeed");
	r = device_init(home, &again, &created, NULL);
	CHECK(r == 0 && created == 0, "and leave one consistent identity");

	/*
	 * A first start killed while it writes the key (SIGXFSZ at 64
	 * bytes) leaves no key, half or whole, under any name: the next
	 * start makes one.
	 */
	snprintf(home, sizeof home, "%s/killed", tmp);
	if (fork() == 0) {
		struct rlimit rl = { 64, 64 };

		setrlimit(RLIMIT_FSIZE, &rl);
		(void)device_init(home, &dev, NULL, NULL);
		_exit(0);
	}
	wait(&status);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
	    "a first start is killed while it writes the key");
	{
		struct dirent *de;
		DIR *d = opendir(home);
		int left = 0;

		while (d != NULL && (de = readdir(d)) != NULL)
			if (strncmp(de->d_name, DEVICE_KEY_FILE,
			    strlen(DEVICE_KEY_FILE)) == 0) {
				printf("# left: %s\n", de->d_name);
				left++;
			}
		if (d != NULL)
			closedir(d);
		CHECK(d != NULL && left == 0, "it leaves no %s, nor a copy "
		    "under another name", DEVICE_KEY_FILE);
	}
	r = device_init(home, &again, &created, NULL);
	CHECK(r == 0 && created == 1, "the next start makes the key");

	{
		char cmd[600];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			return 1;
	}
	return test_done();
}
