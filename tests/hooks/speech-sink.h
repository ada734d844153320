/*
 * Tests only: the speech sink of build/outreach-test; see speech-sink.c.
 * Never linked into the installed program.
 */
#ifndef OUTREACH_SPEECH_SINK_H
#define OUTREACH_SPEECH_SINK_H

/*
 * Send speech to the log named by OUTREACH_TEST_SPEECH_LOG (and, with
 * OUTREACH_TEST_SPEECH_WAV=DIR, each utterance to a WAV file there)
 * instead of the sound card, when the variable is set.
 */
void	speech_sink_install(void);

/*
 * Render text in voice at rate to a WAV file at path (16-bit mono PCM):
 * 0, or an ERR_* value.
 */
int	speech_sink_wav(const char *path, const char *voice, int rate,
	    const char *text);

#endif
