/*
 * USB sticks under the mount roots; see stick.h.
 */
#include "tui/stick.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/utf8.h"
#include "sync/packsign.h"
#include "sync/trust.h"
#include "tui/i18n.h"
#include "tui/udisks.h"

/* Add the folders under root (each a mounted stick) to v. */
static size_t
stick_scan(const char *root, struct stick *v, size_t n, size_t cap)
{
	struct dirent *de;
	struct statvfs sv;
	struct stat st;
	char *clean;
	DIR *d;

	if ((d = opendir(root)) == NULL)
		return n;
	while (n < cap && (de = readdir(d)) != NULL) {
		struct stick *s = &v[n];

		if (de->d_name[0] == '.' ||
		    (size_t)snprintf(s->path, sizeof s->path, "%s/%s", root,
		    de->d_name) >= sizeof s->path ||
		    stat(s->path, &st) != 0 || !S_ISDIR(st.st_mode) ||
		    access(s->path, R_OK | X_OK) != 0)
			continue;
		clean = utf8_sanitize(de->d_name, strlen(de->d_name), 0);
		snprintf(s->label, sizeof s->label, "%s", clean != NULL ?
		    clean : "?");
		free(clean);
		s->size = s->avail = -1;
		if (statvfs(s->path, &sv) == 0) {
			s->size = (long long)sv.f_blocks * (long long)sv.f_frsize;
			s->avail = (long long)sv.f_bavail * (long long)sv.f_frsize;
		}
		s->writable = access(s->path, W_OK) == 0 &&
		    (statvfs(s->path, &sv) != 0 || !(sv.f_flag & ST_RDONLY));
		n++;
	}
	closedir(d);
	return n;
}

size_t
stick_list(struct stick *v, size_t cap)
{
	const char *root = getenv("OUTREACH_STICK_ROOT"), *user = getenv("USER");
	char path[PATH_MAX];
	size_t n = 0;

	char why[UDISKS_WHY];
	int u;

	if (root != NULL && *root != '\0')
		return stick_scan(root, v, 0, cap);
	/*
	 * udisks2 when it answers (the venue laptop), even with no stick:
	 * then /media holds its per-user folders, not sticks. Else the
	 * folders an automounter made.
	 */
	if ((u = udisks_list(v, cap, why)) >= 0)
		return (size_t)u;
	if (user != NULL && *user != '\0' && strchr(user, '/') == NULL) {
		snprintf(path, sizeof path, "/media/%s", user);
		n = stick_scan(path, v, n, cap);
		snprintf(path, sizeof path, "/run/media/%s", user);
		n = stick_scan(path, v, n, cap);
	}
	if (n == 0)
		n = stick_scan("/media", v, n, cap);
	return n;
}

void
stick_size(long long n, char *out, size_t cap)
{
	if (n < 0)
		snprintf(out, cap, "?");
	else if (n >= 1000LL * 1000 * 1000)
		snprintf(out, cap, "%.1f GB", (double)n / 1e9);
	else if (n >= 1000LL * 1000)
		snprintf(out, cap, "%.0f MB", (double)n / 1e6);
	else
		snprintf(out, cap, "%lld kB", n / 1000);
}

static int
stick_name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
stick_packs(const char *path, char names[][NAME_MAX + 1], size_t cap)
{
	struct dirent *de;
	size_t n = 0, len;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return -1;
	while (n < cap && (de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ".zip") != 0 ||
		    strncmp(de->d_name, "outreach-", 9) == 0 ||
		    (de->d_type != DT_REG && de->d_type != DT_UNKNOWN))
			continue;
		memcpy(names[n++], de->d_name, len + 1);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], stick_name_cmp);
	return (int)n;
}

void
stick_install(const char *home, const char *bundled, const char *zip,
    const struct minisign_pubkey *key, int replace, struct stick_install *out)
{
	struct packsign_result res;
	struct packsign_bound b;
	struct trust trust;
	char *cause = NULL, id[BUNDLE_KEYID_SIZE];
	int r;

	memset(&res, 0, sizeof res);
	memset(&trust, 0, sizeof trust);
	out->verdict = STICK_FAILED;
	if ((r = trust_load(home, bundled, &trust, &cause)) != 0) {
		snprintf(out->note, sizeof out->note, _("Nothing was "
		    "installed: %s"), cause != NULL ? cause : err_str(r));
		goto out;
	}
	memset(&b, 0, sizeof b);
	b.key = key != NULL ? key : &trust.hub;
	b.pack_id = trust.pack_id;
	b.version = trust.version;
	b.replace = replace;
	if ((r = file_mkdirs(home, 0700, &cause)) == 0)
		r = packsign_install(home, zip, &b, &res, &cause);
	if (r == ERR_OK) {
		out->verdict = STICK_INSTALLED;
		snprintf(out->note, sizeof out->note, _("Installed pack %s "
		    "version %s, signed by hub key %s."), res.id, res.version,
		    res.key_id);
	} else if (r == ERR_NOKEY && key == NULL &&
	    packsign_named_key(zip, &out->key, id, NULL) == 0) {
		out->verdict = STICK_ASK_TRUST;
		snprintf(out->note, sizeof out->note, _("This pack is signed by "
		    "hub key %s. This laptop trusts hub key %s. Compare %s with "
		    "the key id that `outreach hub init` printed for your "
		    "council: trust it only if they are the same."), id,
		    trust.key_id, id);
	} else if (r == ERR_EXISTS && !replace && res.from_id != NULL) {
		out->verdict = STICK_ASK_REPLACE;
		out->key = *b.key;
		snprintf(out->note, sizeof out->note, _("This laptop runs pack "
		    "%s %s. Replace it by pack %s %s?"), res.from_id,
		    res.from_version != NULL ? res.from_version : "", res.id,
		    res.version);
	} else if (r == ERR_IO || r == ERR_NOTFOUND)
		snprintf(out->note, sizeof out->note, "%s", _("The stick could "
		    "not be read (was it taken out?). Nothing was installed: "
		    "the pack in use stays."));
	else
		snprintf(out->note, sizeof out->note, _("Nothing was installed: "
		    "%s. The pack in use stays."), cause != NULL ? cause :
		    err_str(r));
out:
	free(cause);
	packsign_result_clear(&res);
	trust_clear(&trust);
}
