/*
 * Speech: the kiosk reads its screens aloud with eSpeak NG, for residents
 * who cannot read the screen.
 *
 * libespeak-ng is opened on first use (content/libload.h), when a person
 * first turns speech on: a kiosk whose speech stays off never loads it.
 * The engine is one per process (eSpeak's own state is global); this
 * module owns it. Speaking is asynchronous: speech_say() returns at once,
 * eSpeak's thread plays the sound, and a new utterance or speech_stop()
 * cuts off the one before. A recorded file from the pack (speech_play)
 * is decoded with libsndfile and played through pcaudiolib, eSpeak's own
 * audio output, in a thread of its own; it too is cut off by the next.
 *
 * Voices: a language's voice is eSpeak's voice of the language's primary
 * subtag ("en-x-easy" speaks "en"); speech_has_voice() says whether there
 * is one (there is none for Somali or Yiddish).
 *
 * Tests: a sink (set only by build/outreach-test, tests/hooks/speech-sink.c)
 * receives each utterance instead of the sound card; speech_render() gives
 * the samples eSpeak makes for a text, for a test to write as WAV.
 */
#ifndef OUTREACH_SPEECH_H
#define OUTREACH_SPEECH_H

#include <stddef.h>
#include <stdint.h>

#define SPEECH_RATE_MIN		80	/* words a minute, eSpeak's range */
#define SPEECH_RATE_MAX		450
#define SPEECH_RATE_NORMAL	175
#define SPEECH_RATE_STEP	25	/* each "slower" */
#define SPEECH_VOLUME_MAX	200	/* percent; 100 is eSpeak's normal */
#define SPEECH_VOLUME_NORMAL	100

/* What the facilitator sets (tui/speech-settings.c keeps it on disk). */
struct speech_settings {
	int	rate;		/* SPEECH_RATE_MIN..MAX */
	int	volume;		/* 0..SPEECH_VOLUME_MAX */
	int	autostart;	/* speech is on for each person from the start */
};

/* A test's stand-in for the sound card: every call the engine would make. */
struct speech_sink {
	void	(*say)(void *ctx, const char *voice, int rate, int volume,
		    const char *text);
	void	(*play)(void *ctx, const char *path, int volume);
	void	(*stop)(void *ctx);
	void	*ctx;
};

/* Tests only: send speech to sink (NULL: to the sound card). */
void	speech_set_sink(const struct speech_sink *sink);

/* The settings a laptop starts with. */
void	speech_settings_default(struct speech_settings *s);

/*
 * The voice for language code in voice (a few bytes), and 1 when eSpeak
 * has it; 0 when it has none or cannot be loaded (*why set, when given).
 */
#define SPEECH_VOICE_MAX	16
int	speech_has_voice(const char *code, char voice[SPEECH_VOICE_MAX]);

/* Say text in voice: cuts off what was being said. 0, or an ERR_* value. */
int	speech_say(const char *voice, int rate, int volume, const char *text);
/* Play a recorded file (WAV, FLAC, Ogg) instead. 0, or an ERR_* value. */
int	speech_play(const char *path, int volume);
/* Stop whatever is being said or played, and drop what waits. */
void	speech_stop(void);
/* The sentence saying why speech cannot be loaded, or "" (for notices). */
const char *speech_why(void);

/*
 * Tests: synthesise text in voice at rate, synchronously, into samples
 * (16-bit mono at *hz). *samples is malloc'd (Caller frees). Only in a
 * process that never played speech (eSpeak has one output mode).
 */
int	speech_render(const char *voice, int rate, const char *text,
	    int16_t **samples, size_t *n, int *hz);

#endif
