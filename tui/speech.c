/*
 * The speech engine; see speech.h.
 *
 * eSpeak NG, libsndfile and pcaudiolib are opened on first use, by the
 * SONAMEs the Makefile found (content/libload.h), so that a kiosk whose
 * speech stays off pays nothing for them. This file owns the one engine
 * of the process: its library handles, the output mode eSpeak was started
 * in, and the thread that plays a recorded file.
 */
#include "tui/speech.h"

#include <espeak-ng/speak_lib.h>
#include <pcaudiolib/audio.h>
#include <pthread.h>
#include <sndfile.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/err.h"
#include "content/libload.h"

#ifndef ESPEAK_SONAME
#define ESPEAK_SONAME	"libespeak-ng.so.1"
#endif
#ifndef SNDFILE_SONAME
#define SNDFILE_SONAME	"libsndfile.so.1"
#endif
#ifndef PCAUDIO_SONAME
#define PCAUDIO_SONAME	"libpcaudio.so.0"
#endif
#ifndef ASOUND_SONAME
#define ASOUND_SONAME	"libasound.so.2"
#endif

/* Longest recorded file played: 30 minutes at 48 kHz stereo. */
#define SPEECH_PLAY_MAX_FRAMES	((sf_count_t)48000 * 60 * 30)

enum speech_mode {
	SPEECH_MODE_NONE,
	SPEECH_MODE_PLAYBACK,	/* eSpeak plays on the sound card */
	SPEECH_MODE_SYNC,	/* samples to a callback (tests, the sink) */
	SPEECH_MODE_FAILED,
};

struct speech_espeak {
	int	(*initialize)(espeak_AUDIO_OUTPUT, int, const char *, int);
	void	(*set_synth_callback)(t_espeak_callback *);
	espeak_ERROR (*synth)(const void *, size_t, unsigned int,
		    espeak_POSITION_TYPE, unsigned int, unsigned int,
		    unsigned int *, void *);
	espeak_ERROR (*set_parameter)(espeak_PARAMETER, int, int);
	espeak_ERROR (*set_voice_by_name)(const char *);
	espeak_ERROR (*cancel)(void);
	espeak_ERROR (*synchronize)(void);
};

struct speech_audio {
	SNDFILE	*(*sf_open)(const char *, int, SF_INFO *);
	sf_count_t (*sf_readf_short)(SNDFILE *, short *, sf_count_t);
	int	(*sf_close)(SNDFILE *);
	struct audio_object *(*create)(const char *, const char *,
		    const char *);
	int	(*open)(struct audio_object *, enum audio_object_format,
		    uint32_t, uint8_t);
	int	(*write)(struct audio_object *, const void *, size_t);
	int	(*drain)(struct audio_object *);
	int	(*flush)(struct audio_object *);
	void	(*close)(struct audio_object *);
	void	(*destroy)(struct audio_object *);
};

static int	speech_load_audio(void);

/* The process's one engine. */
static struct {
	const struct speech_sink *sink;
	enum speech_mode mode;
	int		 hz;
	void		*espeak_h;
	struct speech_espeak es;
	int		 audio_state;	/* 0 not tried, 1 loaded, -1 failed */
	void		*sndfile_h, *pcaudio_h, *asound_h;
	struct speech_audio au;
	pthread_t	 player;
	int		 playing;	/* player is to be joined */
	atomic_int	 cut;		/* the player stops at its next chunk */
	char		*play_path;
	int		 play_volume;
	char		 why[LIBLOAD_WHY];
	/* speech_render's samples. */
	int16_t		*buf;
	size_t		 n, cap;
	int		 overflow;
} speech_engine;

void
speech_set_sink(const struct speech_sink *sink)
{
	speech_engine.sink = sink;
}

void
speech_settings_default(struct speech_settings *s)
{
	s->rate = SPEECH_RATE_NORMAL;
	s->volume = SPEECH_VOLUME_NORMAL;
	s->autostart = 0;
}

const char *
speech_why(void)
{
	return speech_engine.why;
}

#define SPEECH_SYM(field, name) \
	((*(void **)&speech_engine.es.field = libload_sym(h, name, \
	    "eSpeak NG", ESPEAK_SONAME, speech_engine.why)) != NULL)

/* Open eSpeak NG; 0, or -1 with why set. */
static int
speech_load_espeak(void)
{
	void *h;

	if (speech_engine.espeak_h != NULL)
		return 0;
	if ((h = libload_open(ESPEAK_SONAME, "eSpeak NG",
	    speech_engine.why)) == NULL)
		return -1;
	if (!SPEECH_SYM(initialize, "espeak_Initialize") ||
	    !SPEECH_SYM(set_synth_callback, "espeak_SetSynthCallback") ||
	    !SPEECH_SYM(synth, "espeak_Synth") ||
	    !SPEECH_SYM(set_parameter, "espeak_SetParameter") ||
	    !SPEECH_SYM(set_voice_by_name, "espeak_SetVoiceByName") ||
	    !SPEECH_SYM(cancel, "espeak_Cancel") ||
	    !SPEECH_SYM(synchronize, "espeak_Synchronize")) {
		libload_close(h);
		return -1;
	}
	speech_engine.espeak_h = h;
	return 0;
}

/* Samples from eSpeak in SPEECH_MODE_SYNC: kept for speech_render. */
static int
speech_collect(short *wav, int n, espeak_EVENT *events)
{
	size_t need;

	(void)events;
	if (wav == NULL || n <= 0 || speech_engine.overflow)
		return 0;
	need = speech_engine.n + (size_t)n;
	if (need > speech_engine.cap) {
		size_t cap = speech_engine.cap > 0 ? speech_engine.cap : 65536;
		int16_t *p;

		while (cap < need)
			cap *= 2;
		if ((p = realloc(speech_engine.buf, cap * sizeof *p)) == NULL) {
			speech_engine.overflow = 1;
			return 0;
		}
		speech_engine.buf = p;
		speech_engine.cap = cap;
	}
	memcpy(speech_engine.buf + speech_engine.n, wav,
	    (size_t)n * sizeof *wav);
	speech_engine.n = need;
	return 0;
}

/* ALSA's messages would land on the kiosk's screen: none. */
static void
speech_alsa_quiet(const char *file, int line, const char *function, int err,
    const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)function;
	(void)err;
	(void)fmt;
}

/*
 * Before playing anything: ALSA told to keep quiet (it writes to stderr,
 * which is the kiosk's terminal), and a sound card that opens. 0, or -1
 * with why set: then nothing is ever synthesised for the sound card, so
 * eSpeak's own complaints never reach the screen either.
 */
static int
speech_probe_card(void)
{
	int (*set)(void (*)(const char *, int, const char *, int,
	    const char *, ...));
	struct audio_object *out;
	char why[LIBLOAD_WHY];

	if ((speech_engine.asound_h = libload_open(ASOUND_SONAME, "ALSA",
	    why)) != NULL && (*(void **)&set = libload_sym(
	    speech_engine.asound_h, "snd_lib_error_set_handler", "ALSA",
	    ASOUND_SONAME, why)) != NULL)
		set(speech_alsa_quiet);
	if (speech_load_audio() != 0)
		return -1;
	if ((out = speech_engine.au.create(NULL, "outreach",
	    "Outreach Kit")) == NULL ||
	    speech_engine.au.open(out, AUDIO_OBJECT_FORMAT_S16LE, 22050, 1) !=
	    0) {
		snprintf(speech_engine.why, sizeof speech_engine.why,
		    "no sound card answers");
		if (out != NULL)
			speech_engine.au.destroy(out);
		return -1;
	}
	speech_engine.au.close(out);
	speech_engine.au.destroy(out);
	return 0;
}

/*
 * Start eSpeak in mode, once per process: to the sound card, or (with a
 * sink, or for speech_render) to speech_collect. 0, or -1 with why set.
 */
static int
speech_start(enum speech_mode mode)
{
	int hz;

	if (speech_engine.mode == SPEECH_MODE_FAILED)
		return -1;
	if (speech_engine.mode != SPEECH_MODE_NONE)
		return speech_engine.mode == mode ? 0 : -1;
	if (speech_load_espeak() != 0 ||
	    (mode == SPEECH_MODE_PLAYBACK && speech_probe_card() != 0)) {
		speech_engine.mode = SPEECH_MODE_FAILED;
		return -1;
	}
	hz = speech_engine.es.initialize(mode == SPEECH_MODE_PLAYBACK ?
	    AUDIO_OUTPUT_PLAYBACK : AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL,
	    espeakINITIALIZE_DONT_EXIT);
	if (hz <= 0) {
		snprintf(speech_engine.why, sizeof speech_engine.why,
		    "eSpeak NG cannot start (is espeak-ng-data installed?)");
		speech_engine.mode = SPEECH_MODE_FAILED;
		return -1;
	}
	if (mode == SPEECH_MODE_SYNC)
		speech_engine.es.set_synth_callback(speech_collect);
	speech_engine.hz = hz;
	speech_engine.mode = mode;
	return 0;
}

/* The mode this process speaks in. */
static enum speech_mode
speech_mode(void)
{
	if (speech_engine.mode == SPEECH_MODE_SYNC ||
	    speech_engine.sink != NULL)
		return SPEECH_MODE_SYNC;
	return SPEECH_MODE_PLAYBACK;
}

int
speech_has_voice(const char *code, char voice[SPEECH_VOICE_MAX])
{
	size_t n = strcspn(code, "-_");

	voice[0] = '\0';
	/* A primary subtag: two or three letters. */
	if (n < 2 || n > 3 || n >= SPEECH_VOICE_MAX)
		return 0;
	memcpy(voice, code, n);
	voice[n] = '\0';
	if (speech_start(speech_mode()) != 0)
		return 0;
	return speech_engine.es.set_voice_by_name(voice) == EE_OK;
}

/* The player thread is told to stop and is joined. */
static void
speech_player_stop(void)
{
	if (!speech_engine.playing)
		return;
	atomic_store(&speech_engine.cut, 1);
	pthread_join(speech_engine.player, NULL);
	speech_engine.playing = 0;
	free(speech_engine.play_path);
	speech_engine.play_path = NULL;
}

void
speech_stop(void)
{
	if (speech_engine.sink != NULL) {
		if (speech_engine.sink->stop != NULL)
			speech_engine.sink->stop(speech_engine.sink->ctx);
		return;
	}
	speech_player_stop();
	if (speech_engine.mode == SPEECH_MODE_PLAYBACK)
		speech_engine.es.cancel();
}

int
speech_say(const char *voice, int rate, int volume, const char *text)
{
	if (rate < SPEECH_RATE_MIN)
		rate = SPEECH_RATE_MIN;
	if (rate > SPEECH_RATE_MAX)
		rate = SPEECH_RATE_MAX;
	if (volume < 0)
		volume = 0;
	if (volume > SPEECH_VOLUME_MAX)
		volume = SPEECH_VOLUME_MAX;
	if (speech_engine.sink != NULL) {
		speech_engine.sink->say(speech_engine.sink->ctx, voice, rate,
		    volume, text);
		return 0;
	}
	speech_player_stop();
	if (speech_start(SPEECH_MODE_PLAYBACK) != 0)
		return ERR_UNSUPPORTED;
	speech_engine.es.cancel();
	if (speech_engine.es.set_voice_by_name(voice) != EE_OK)
		return ERR_NOTFOUND;
	speech_engine.es.set_parameter(espeakRATE, rate, 0);
	speech_engine.es.set_parameter(espeakVOLUME, volume, 0);
	if (speech_engine.es.synth(text, strlen(text) + 1, 0, POS_CHARACTER,
	    0, espeakCHARS_UTF8 | espeakENDPAUSE, NULL, NULL) != EE_OK)
		return ERR_IO;
	return 0;
}

#define SPEECH_AU(field, hh, name, what, soname) \
	((*(void **)&speech_engine.au.field = libload_sym(hh, name, what, \
	    soname, speech_engine.why)) != NULL)

/* Open libsndfile and pcaudiolib; 0, or -1 with why set. */
static int
speech_load_audio(void)
{
	void *s, *p;

	if (speech_engine.audio_state != 0)
		return speech_engine.audio_state > 0 ? 0 : -1;
	speech_engine.audio_state = -1;
	if ((s = libload_open(SNDFILE_SONAME, "libsndfile",
	    speech_engine.why)) == NULL)
		return -1;
	if ((p = libload_open(PCAUDIO_SONAME, "pcaudiolib",
	    speech_engine.why)) == NULL) {
		libload_close(s);
		return -1;
	}
#define SPEECH_SND(field, name) \
	SPEECH_AU(field, s, name, "libsndfile", SNDFILE_SONAME)
#define SPEECH_PCA(field, name) \
	SPEECH_AU(field, p, name, "pcaudiolib", PCAUDIO_SONAME)
	if (!SPEECH_SND(sf_open, "sf_open") ||
	    !SPEECH_SND(sf_readf_short, "sf_readf_short") ||
	    !SPEECH_SND(sf_close, "sf_close") ||
	    !SPEECH_PCA(create, "create_audio_device_object") ||
	    !SPEECH_PCA(open, "audio_object_open") ||
	    !SPEECH_PCA(write, "audio_object_write") ||
	    !SPEECH_PCA(drain, "audio_object_drain") ||
	    !SPEECH_PCA(flush, "audio_object_flush") ||
	    !SPEECH_PCA(close, "audio_object_close") ||
	    !SPEECH_PCA(destroy, "audio_object_destroy")) {
		libload_close(s);
		libload_close(p);
		return -1;
	}
#undef SPEECH_SND
#undef SPEECH_PCA
	speech_engine.sndfile_h = s;
	speech_engine.pcaudio_h = p;
	speech_engine.audio_state = 1;
	return 0;
}

/* The player: decode the file a chunk at a time, scale, write, until cut. */
static void *
speech_player(void *arg)
{
	const struct speech_audio *au = &speech_engine.au;
	struct audio_object *out = NULL;
	SF_INFO info;
	SNDFILE *f;
	short buf[4096];
	sf_count_t got, frames, total = 0;
	int vol = speech_engine.play_volume;

	(void)arg;
	memset(&info, 0, sizeof info);
	if ((f = au->sf_open(speech_engine.play_path, SFM_READ, &info)) ==
	    NULL)
		return NULL;
	if (info.channels < 1 || info.channels > 2 || info.samplerate < 8000 ||
	    info.samplerate > 48000)
		goto out;
	if ((out = au->create(NULL, "outreach", "Outreach Kit")) == NULL ||
	    au->open(out, AUDIO_OBJECT_FORMAT_S16LE, (uint32_t)info.samplerate,
	    (uint8_t)info.channels) != 0)
		goto out;
	frames = (sf_count_t)(sizeof buf / sizeof buf[0]) / info.channels;
	while (!atomic_load(&speech_engine.cut) &&
	    total < SPEECH_PLAY_MAX_FRAMES &&
	    (got = au->sf_readf_short(f, buf, frames)) > 0) {
		sf_count_t i;

		for (i = 0; i < got * info.channels; i++) {
			long v = (long)buf[i] * vol / SPEECH_VOLUME_NORMAL;

			buf[i] = (short)(v > 32767 ? 32767 : v < -32768 ?
			    -32768 : v);
		}
		if (au->write(out, buf, (size_t)(got * info.channels) *
		    sizeof buf[0]) != 0)
			break;
		total += got;
	}
	if (atomic_load(&speech_engine.cut))
		au->flush(out);
	else
		au->drain(out);
out:
	if (out != NULL) {
		au->close(out);
		au->destroy(out);
	}
	au->sf_close(f);
	return NULL;
}

int
speech_play(const char *path, int volume)
{
	if (volume < 0)
		volume = 0;
	if (volume > SPEECH_VOLUME_MAX)
		volume = SPEECH_VOLUME_MAX;
	if (speech_engine.sink != NULL) {
		if (speech_engine.sink->play != NULL)
			speech_engine.sink->play(speech_engine.sink->ctx, path,
			    volume);
		return 0;
	}
	speech_stop();
	if (speech_load_audio() != 0)
		return ERR_UNSUPPORTED;
	if ((speech_engine.play_path = strdup(path)) == NULL)
		return ERR_NOMEM;
	speech_engine.play_volume = volume;
	atomic_store(&speech_engine.cut, 0);
	if (pthread_create(&speech_engine.player, NULL, speech_player,
	    NULL) != 0) {
		free(speech_engine.play_path);
		speech_engine.play_path = NULL;
		return ERR_IO;
	}
	speech_engine.playing = 1;
	return 0;
}

int
speech_render(const char *voice, int rate, const char *text,
    int16_t **samples, size_t *n, int *hz)
{
	int r = 0;

	*samples = NULL;
	*n = 0;
	*hz = 0;
	if (speech_start(SPEECH_MODE_SYNC) != 0)
		return ERR_UNSUPPORTED;
	if (speech_engine.es.set_voice_by_name(voice) != EE_OK)
		return ERR_NOTFOUND;
	speech_engine.es.set_parameter(espeakRATE, rate, 0);
	speech_engine.n = 0;
	speech_engine.overflow = 0;
	if (speech_engine.es.synth(text, strlen(text) + 1, 0, POS_CHARACTER,
	    0, espeakCHARS_UTF8 | espeakENDPAUSE, NULL, NULL) != EE_OK ||
	    speech_engine.es.synchronize() != EE_OK)
		r = ERR_IO;
	else if (speech_engine.overflow)
		r = ERR_NOMEM;
	if (r == 0) {
		*samples = speech_engine.buf;
		*n = speech_engine.n;
		*hz = speech_engine.hz;
		speech_engine.buf = NULL;
		speech_engine.cap = 0;
	}
	speech_engine.n = 0;
	return r;
}
