/*
 * Recorded audio in a content pack: a page read by a person, played by
 * the kiosk instead of the synthetic voice (tui/screen-speech.c).
 *
 *	audio/<lang>/<page>.wav | .flac | .ogg
 *
 * <lang> is a language of the pack, <page> a page id of [pages] (the
 * names pages/<lang>/<page>.md take). A file is used only when it is a
 * regular file (not a link), at most PACK_AUDIO_MAX bytes, and begins as
 * its format does (RIFF....WAVE, fLaC, OggS): libsndfile, which decodes
 * it, then never sees anything else. `pack check` reports every file
 * under audio/ that breaks a rule; a language falls back to nothing (a
 * recording in another language is never played).
 */
#include "content/pack.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/diag.h"
#include "content/err.h"
#include "content/fileio.h"

static const char *const pack_audio_exts[] = { "wav", "flac", "ogg" };

/* 0 when path is a recording the kiosk may play; else an ERR_* value. */
static int
pack_audio_file_ok(const char *path, const char *ext, const char **why)
{
	unsigned char head[12];
	struct stat st;
	int fd, r = ERR_INVALID;

	*why = "it cannot be read";
	if (lstat(path, &st) != 0)
		return ERR_NOTFOUND;
	if (!S_ISREG(st.st_mode)) {
		*why = "it is not a regular file";
		return ERR_INVALID;
	}
	if (st.st_size > PACK_AUDIO_MAX) {
		*why = "it is larger than 50 MiB";
		return ERR_LIMIT;
	}
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return ERR_IO;
	*why = "it is not in the format its name says";
	if (fd_read_all(fd, head, sizeof head) == (ssize_t)sizeof head &&
	    ((strcmp(ext, "wav") == 0 && memcmp(head, "RIFF", 4) == 0 &&
	    memcmp(head + 8, "WAVE", 4) == 0) ||
	    (strcmp(ext, "flac") == 0 && memcmp(head, "fLaC", 4) == 0) ||
	    (strcmp(ext, "ogg") == 0 && memcmp(head, "OggS", 4) == 0)))
		r = ERR_OK;
	close(fd);
	return r;
}

int
pack_audio_path(const struct pack *p, const char *lang, const char *page,
    char **path)
{
	const char *why;
	size_t i;
	char *f;

	*path = NULL;
	if (lang == NULL || !pack_lang_ok(lang) || !pack_id_ok(page) ||
	    !pack_has_lang(p, lang))
		return ERR_NOTFOUND;
	for (i = 0; i < sizeof pack_audio_exts / sizeof pack_audio_exts[0];
	    i++) {
		if (asprintf(&f, "%s/audio/%s/%s.%s", p->dir, lang, page,
		    pack_audio_exts[i]) < 0)
			return ERR_NOMEM;
		if (pack_audio_file_ok(f, pack_audio_exts[i], &why) == ERR_OK) {
			*path = f;
			return ERR_OK;
		}
		free(f);
	}
	return ERR_NOTFOUND;
}

/* 1 when id is one of the pack's pages. */
static int
pack_audio_is_page(const struct pack *p, const char *id)
{
	char *path = pack_page_path(p, p->default_lang, id, NULL);
	int r = path != NULL;

	free(path);
	return r;
}

/* One file of audio/<lang>/. */
static void
pack_audio_check_file(const struct pack *p, const char *dir,
    const char *name, struct diags *d)
{
	const char *dot = strrchr(name, '.'), *why;
	char page[128], *path;
	size_t i;
	int known = 0;

	if ((path = file_join(dir, name)) == NULL)
		return;
	for (i = 0; dot != NULL && i < sizeof pack_audio_exts /
	    sizeof pack_audio_exts[0]; i++)
		known |= strcmp(dot + 1, pack_audio_exts[i]) == 0;
	if (!known || (size_t)(dot - name) >= sizeof page) {
		diags_add(d, DIAG_ERROR, ERR_INVALID, path, 0, "recorded audio "
		    "must be <page>.wav, .flac or .ogg");
		goto out;
	}
	memcpy(page, name, (size_t)(dot - name));
	page[dot - name] = '\0';
	if (!pack_id_ok(page) || !pack_audio_is_page(p, page))
		diags_add(d, DIAG_ERROR, ERR_INVALID, path, 0, "'%s' is not a "
		    "page of the pack: the recording would never be played",
		    page);
	else if (pack_audio_file_ok(path, dot + 1, &why) != ERR_OK)
		diags_add(d, DIAG_ERROR, ERR_INVALID, path, 0, "the recording "
		    "cannot be played: %s", why);
out:
	free(path);
}

void
pack_audio_check(const struct pack *p, struct diags *d)
{
	char *top, *sub;
	struct dirent *de, *fe;
	DIR *dp, *fp;
	unsigned n = 0;

	if ((top = file_join(p->dir, "audio")) == NULL)
		return;
	if ((dp = opendir(top)) == NULL) {
		free(top);
		return;
	}
	while ((de = readdir(dp)) != NULL && n < 10000) {
		if (de->d_name[0] == '.')
			continue;
		if ((sub = file_join(top, de->d_name)) == NULL)
			break;
		if (!pack_lang_ok(de->d_name) || !pack_has_lang(p, de->d_name) ||
		    (fp = opendir(sub)) == NULL) {
			diags_add(d, DIAG_ERROR, ERR_INVALID, sub, 0, "audio/ "
			    "holds only a folder for each language of the "
			    "pack ([pack] languages)");
			free(sub);
			continue;
		}
		while ((fe = readdir(fp)) != NULL && n++ < 10000)
			if (fe->d_name[0] != '.')
				pack_audio_check_file(p, sub, fe->d_name, d);
		closedir(fp);
		free(sub);
	}
	closedir(dp);
	free(top);
}
