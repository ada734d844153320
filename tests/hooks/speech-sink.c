/*
 * Tests only: a speech sink that writes what the kiosk would say, so that
 * screen tests can read it; and a WAV writer for eSpeak's samples.
 *
 * It is compiled only into build/outreach-test (tui/main.c with
 * -DOUTREACH_TEST_HOOKS and this file); the outreach program that `make
 * install` puts on a laptop has neither the sink nor the variable's name.
 *
 * OUTREACH_TEST_SPEECH_LOG=FILE appends one line per call, each written
 * with O_APPEND in one write:
 *
 *	say<TAB>voice<TAB>rate<TAB>volume<TAB>text   (new lines as " / ")
 *	play<TAB>path<TAB>volume
 *	stop
 *
 * OUTREACH_TEST_SPEECH_WAV=DIR also renders each utterance, in order, to
 * DIR/say-NNNN.wav.
 */
#include "tests/hooks/speech-sink.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "tui/speech.h"

struct speech_sink_log {
	const char	*path;
	const char	*wav_dir;
	unsigned	 n;
};

static struct speech_sink_log speech_sink_log;

/* Append line to the log in one write. */
static void
speech_sink_write(const char *line)
{
	int fd;

	fd = open(speech_sink_log.path, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	(void)fd_write_all(fd, line, strlen(line));
	close(fd);
}

static void
speech_sink_say(void *ctx, const char *voice, int rate, int volume,
    const char *text)
{
	size_t len = strlen(text) * 3 + 128, o, i;
	char *line;

	(void)ctx;
	if ((line = malloc(len)) == NULL)
		return;
	o = (size_t)snprintf(line, len, "say\t%s\t%d\t%d\t", voice, rate,
	    volume);
	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] == '\n') {
			memcpy(line + o, " / ", 3);
			o += 3;
		} else if (text[i] == '\t' || text[i] == '\r')
			line[o++] = ' ';
		else
			line[o++] = text[i];
	}
	line[o++] = '\n';
	line[o] = '\0';
	speech_sink_write(line);
	free(line);
	if (speech_sink_log.wav_dir != NULL) {
		char name[32], *path;

		snprintf(name, sizeof name, "say-%04u.wav",
		    speech_sink_log.n++);
		if ((path = file_join(speech_sink_log.wav_dir, name)) != NULL)
			(void)speech_sink_wav(path, voice, rate, text);
		free(path);
	}
}

static void
speech_sink_play(void *ctx, const char *path, int volume)
{
	char line[4200];

	(void)ctx;
	snprintf(line, sizeof line, "play\t%s\t%d\n", path, volume);
	speech_sink_write(line);
}

static void
speech_sink_stop(void *ctx)
{
	(void)ctx;
	speech_sink_write("stop\n");
}

static const struct speech_sink speech_sink = {
	.say = speech_sink_say,
	.play = speech_sink_play,
	.stop = speech_sink_stop,
};

void
speech_sink_install(void)
{
	const char *log = getenv("OUTREACH_TEST_SPEECH_LOG");

	if (log == NULL || log[0] == '\0')
		return;
	speech_sink_log.path = log;
	speech_sink_log.wav_dir = getenv("OUTREACH_TEST_SPEECH_WAV");
	speech_set_sink(&speech_sink);
}

/* A little-endian integer of n bytes into p. */
static void
speech_sink_le(unsigned char *p, uint32_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

int
speech_sink_wav(const char *path, const char *voice, int rate,
    const char *text)
{
	int16_t *s = NULL;
	unsigned char *wav = NULL;
	size_t n = 0, i, bytes;
	int hz = 0, r;

	if ((r = speech_render(voice, rate, text, &s, &n, &hz)) != 0)
		goto out;
	bytes = n * 2;
	if (bytes > UINT32_MAX - 44) {
		r = ERR_LIMIT;
		goto out;
	}
	if ((wav = malloc(44 + bytes)) == NULL) {
		r = ERR_NOMEM;
		goto out;
	}
	memcpy(wav, "RIFF", 4);
	speech_sink_le(wav + 4, (uint32_t)(36 + bytes), 4);
	memcpy(wav + 8, "WAVEfmt ", 8);
	speech_sink_le(wav + 16, 16, 4);
	speech_sink_le(wav + 20, 1, 2);		/* PCM */
	speech_sink_le(wav + 22, 1, 2);		/* mono */
	speech_sink_le(wav + 24, (uint32_t)hz, 4);
	speech_sink_le(wav + 28, (uint32_t)hz * 2, 4);
	speech_sink_le(wav + 32, 2, 2);
	speech_sink_le(wav + 34, 16, 2);
	memcpy(wav + 36, "data", 4);
	speech_sink_le(wav + 40, (uint32_t)bytes, 4);
	for (i = 0; i < n; i++)
		speech_sink_le(wav + 44 + 2 * i, (uint16_t)s[i], 2);
	r = file_write_atomic(path, wav, 44 + bytes, 0600, NULL);
out:
	free(wav);
	free(s);
	return r;
}
