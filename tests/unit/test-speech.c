/*
 * Speech: what a canvas says (tui/speech-read.c), and the test sink's
 * WAV rendering through eSpeak NG (tests/hooks/speech-sink.c): speech,
 * not silence, and longer for a longer text, in English, Turkish and
 * Bengali. Skips the WAV checks where espeak-ng-data is missing.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/err.h"
#include "content/fileio.h"
#include "content/utf8.h"
#include "tests/hooks/speech-sink.h"
#include "tests/unit/test.h"
#include "tui/canvas.h"
#include "tui/speech-read.h"
#include "tui/speech.h"

static void
test_read(void)
{
	struct canvas c = { 0 };
	struct speech_frame f;
	char *s;

	CHECK(canvas_resize(&c, 40, 6) == 0, "a canvas");
	canvas_clear(&c);
	canvas_text(&c, 0, 1, 30, "Title here", ST_HEADER);
	canvas_text(&c, 1, 4, 30, "( ) Agree", ST_NORMAL);
	canvas_text(&c, 2, 4, 30, "(*) Disagree", ST_SELECTED);
	canvas_mark(&c, 2, 2, 0);
	canvas_text(&c, 3, 1, 8, "Name:", ST_NORMAL);
	canvas_text(&c, 3, 8, 20, "Ada secret", ST_INPUT);
	canvas_text(&c, 4, 1, 30, "\xe2\x94\x80\xe2\x94\x80 two words", ST_NORMAL);
	c.focus_i = 2;
	c.focus_n = 5;
	CHECK(speech_read_frame(&c, &f) == 0, "a frame is read");
	CHECK_STR(f.rows, "Title here\nAgree, not selected\n"
	    "Disagree, selected\nName:\ntwo words\n",
	    "rows: marks made words, decoration and typed text left out");
	CHECK_STR(f.focus, "Disagree, selected\n", "the focus");
	CHECK_STR(f.typed, "Ada secret\n", "the typed text, apart");
	CHECK(f.focus_i == 2 && f.focus_n == 5, "its place");
	s = speech_read_new_rows("Title here\nAgree, not selected\n", f.rows);
	CHECK_STR(s, "Disagree, selected\nName:\ntwo words\n",
	    "the new rows");
	free(s);
	s = speech_read_sentences("One\ntwo\nThree\n4. Four\n");
	CHECK_STR(s, "One\ntwo.\nThree.\n4. Four.\n",
	    "a row that ends an item gets a full stop; a wrapped one not");
	free(s);
	speech_frame_clear(&f);
	CHECK(f.rows == NULL && f.typed == NULL, "cleared");
	canvas_free(&c);
}

/* The samples of a 16-bit mono WAV file; their count, or -1. */
static long
test_wav(const char *path, double *rms)
{
	char *data = NULL;
	size_t len = 0, i, n;
	double sum = 0;

	*rms = 0;
	if (file_read(path, 64 * 1024 * 1024, &data, &len, NULL) != 0 ||
	    len < 44 || memcmp(data, "RIFF", 4) != 0 ||
	    memcmp(data + 8, "WAVEfmt ", 8) != 0 ||
	    memcmp(data + 36, "data", 4) != 0) {
		free(data);
		return -1;
	}
	n = (len - 44) / 2;
	for (i = 0; i < n; i++) {
		int16_t v = (int16_t)((unsigned char)data[44 + 2 * i] |
		    (unsigned char)data[45 + 2 * i] << 8);

		sum += (double)v * v;
	}
	if (n > 0)
		*rms = __builtin_sqrt(sum / (double)n);
	free(data);
	return (long)n;
}

static void
test_render(const char *dir, const char *voice, const char *shortt,
    const char *longt)
{
	char a[512], b[512];
	double ra, rb;
	long na, nb;

	snprintf(a, sizeof a, "%s/%s-short.wav", dir, voice);
	snprintf(b, sizeof b, "%s/%s-long.wav", dir, voice);
	CHECK(speech_sink_wav(a, voice, SPEECH_RATE_NORMAL, shortt) == 0,
	    "%s: a short text renders to WAV", voice);
	CHECK(speech_sink_wav(b, voice, SPEECH_RATE_NORMAL, longt) == 0,
	    "%s: a long text renders to WAV", voice);
	na = test_wav(a, &ra);
	nb = test_wav(b, &rb);
	printf("# %s: %ld and %ld samples, RMS %.0f and %.0f\n", voice, na,
	    nb, ra, rb);
	CHECK(na > 22050 / 4 && ra > 300, "%s: the short one is speech, not "
	    "silence", voice);
	CHECK(nb > 0 && rb > 300, "%s: the long one too", voice);
	CHECK(nb > 2 * na, "%s: a longer text speaks longer", voice);
}

int
main(void)
{
	char dir[] = "/tmp/outreach-speech.XXXXXX", voice[SPEECH_VOICE_MAX];

	char probe[600];

	setlocale(LC_ALL, "C.UTF-8");
	utf8_set_locale_ok(1);
	test_read();
	if (mkdtemp(dir) == NULL) {
		CHECK(0, "a temporary folder");
		return test_done();
	}
	if (test_quick()) {
		/* Under valgrind (make memcheck): eSpeak's own code is not ours. */
		SKIP("WAV rendering under OUTREACH_QUICK");
		file_rmtree(dir);
		return test_done();
	}
	/* Rendering first: eSpeak then runs to samples, not a sound card. */
	snprintf(probe, sizeof probe, "%s/probe.wav", dir);
	if (speech_sink_wav(probe, "en", SPEECH_RATE_NORMAL, "Hello.") ==
	    ERR_UNSUPPORTED) {
		SKIP("no eSpeak NG here: %s", speech_why());
		file_rmtree(dir);
		return test_done();
	}
	CHECK(speech_has_voice("en", voice), "English has a voice");
	CHECK_STR(voice, "en", "its voice is en");
	CHECK(speech_has_voice("en-x-easy", voice) && strcmp(voice, "en") == 0,
	    "Easy Read English speaks English");
	CHECK(speech_has_voice("tr", voice) && speech_has_voice("bn", voice) &&
	    speech_has_voice("pl", voice) && speech_has_voice("fr", voice),
	    "Turkish, Bengali, Polish and French have voices");
	CHECK(!speech_has_voice("so", voice), "Somali has none");
	CHECK(!speech_has_voice("yi", voice), "Yiddish has none");
	test_render(dir, "en", "Welcome.", "Welcome. Hackney Adult Social "
	    "Care wants to hear from you. What would you like to do? Read "
	    "our plans, have your say, or leave feedback.");
	test_render(dir, "tr", "Ho\xc5\x9f geldiniz.", "Ho\xc5\x9f geldiniz. "
	    "Hackney Yeti\xc5\x9fkin Sosyal Bak\xc4\xb1m sizden haber almak "
	    "istiyor. Ne yapmak istersiniz? Planlar\xc4\xb1m\xc4\xb1z\xc4\xb1 "
	    "okuyun.");
	test_render(dir, "bn", "\xe0\xa6\xb8\xe0\xa7\x8d\xe0\xa6\xac\xe0\xa6"
	    "\xbe\xe0\xa6\x97\xe0\xa6\xa4\xe0\xa6\xae\xe0\xa5\xa4",
	    "\xe0\xa6\xb8\xe0\xa7\x8d\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\x97"
	    "\xe0\xa6\xa4\xe0\xa6\xae\xe0\xa5\xa4 \xe0\xa6\x86\xe0\xa6\xaa"
	    "\xe0\xa6\xa8\xe0\xa6\xbf \xe0\xa6\x95\xe0\xa7\x80 \xe0\xa6\x95"
	    "\xe0\xa6\xb0\xe0\xa6\xa4\xe0\xa7\x87 \xe0\xa6\x9a\xe0\xa6\xbe"
	    "\xe0\xa6\xa8? \xe0\xa6\x86\xe0\xa6\xae\xe0\xa6\xbe\xe0\xa6\xa6"
	    "\xe0\xa7\x87\xe0\xa6\xb0 \xe0\xa6\xaa\xe0\xa6\xb0\xe0\xa6\xbf"
	    "\xe0\xa6\x95\xe0\xa6\xb2\xe0\xa7\x8d\xe0\xa6\xaa\xe0\xa6\xa8"
	    "\xe0\xa6\xbe \xe0\xa6\xaa\xe0\xa6\xa1\xe0\xa7\x81\xe0\xa6\xa8"
	    "\xe0\xa5\xa4 \xe0\xa6\x86\xe0\xa6\xaa\xe0\xa6\xa8\xe0\xa6\xbe"
	    "\xe0\xa6\xb0 \xe0\xa6\xae\xe0\xa6\xa4\xe0\xa6\xbe\xe0\xa6\xae"
	    "\xe0\xa6\xa4 \xe0\xa6\xa6\xe0\xa6\xbf\xe0\xa6\xa8\xe0\xa5\xa4");
	file_rmtree(dir);
	return test_done();
}
