#!/usr/bin/env bash
# Command-line test: a pack's recorded audio (audio/<lang>/<page>.wav,
# .flac, .ogg) is checked like every other pack input: `pack check`
# reports a file that is no page, in no language of the pack, of another
# format than its name says, a link, or of an unknown kind; a good one
# passes.
. tests/lib.sh
P=$TMP/pack
cp -R "$PWD/content/packs/hackney" "$P"
mkdir -p "$P/audio/en" "$P/audio/tr"
tone_wav "$P/audio/en/vision.wav"
cp "$P/audio/en/vision.wav" "$P/audio/tr/welcome.wav"
check "a pack with good recordings passes" "$OUTREACH" pack check "$P"

mkdir -p "$P/audio/xx"
cp "$P/audio/en/vision.wav" "$P/audio/en/nope.wav"
echo "not a sound" >"$P/audio/en/welcome.wav"
echo "x" >"$P/audio/en/principles.mp3"
ln -s /etc/passwd "$P/audio/en/findings.wav"
"$OUTREACH" pack check "$P" >"$TMP/out" 2>&1
rc=$?
check "bad recordings fail the check" test "$rc" -eq 1
check "a folder that is no language" grep -q "audio/xx: audio/ holds only a folder for each language" "$TMP/out"
check "a file that is no page" grep -q "audio/en/nope.wav: 'nope' is not a page" "$TMP/out"
check "a file not in its format" grep -q "audio/en/welcome.wav: the recording cannot be played: it is not in the format" "$TMP/out"
check "a kind of file not played" grep -q "audio/en/principles.mp3: recorded audio must be" "$TMP/out"
check "a link" grep -q "audio/en/findings.wav: the recording cannot be played: it is not a regular file" "$TMP/out"
check "every one at once" test "$(grep -c 'audio/' "$TMP/out")" -eq 5
check "the good ones are not reported" sh -c "! grep -q 'vision.wav\|tr/welcome.wav' '$TMP/out'"
done_testing
