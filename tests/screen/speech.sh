#!/usr/bin/env bash
# Screen test: the kiosk that speaks. build/outreach-test's speech sink
# (tests/hooks/speech-sink.c) writes each utterance to a log instead of the
# sound card: F3 on the home screen reads it, every word shown is in what
# is said, moves say the item, its place and state; a page, quick
# feedback from start to end and a whole survey are read screen by
# screen; the language changed midway speaks in its voice; a language
# with no voice says so and offers English; typed text is read only on
# F6; a reset (the end of a survey, the idle reset) stops speech.
. tests/lib.sh
S=speech-$$
. tests/screen/survey-lib.bash
SPEECH=$TMP/speech.log
export OUTREACH_TEST_SPEECH_LOG=$SPEECH

if ! "$OUTREACH_TEST" --help >/dev/null 2>&1 ||
    ! ls /usr/lib/*/espeak-ng-data/phontab >/dev/null 2>&1; then
	skip "no outreach-test or no espeak-ng-data"
	exit 0
fi

# The last utterance, without "say<TAB>voice<TAB>rate<TAB>volume<TAB>".
last() { grep '^say' "$SPEECH" | tail -1 | cut -f5-; }
lastvoice() { grep '^say' "$SPEECH" | tail -1 | cut -f2; }
nsay() { grep -c '^say' "$SPEECH" 2>/dev/null || true; }
# The last utterance holds text (waits up to 3 s for it).
said() { eventually sh -c 'grep "^say" "$1" | tail -1 | grep -qF -- "$2"' _ \
    "$SPEECH" "$1"; }
# Every word on the screen (two letters or more) is in the last utterance.
all_words_said() {
	$D screen "$S" >"$TMP/screen.txt"
	last >"$TMP/said.txt"
	python3 - "$TMP/screen.txt" "$TMP/said.txt" <<'EOF'
import re, sys
screen = open(sys.argv[1], encoding="utf-8").read()
said = open(sys.argv[2], encoding="utf-8").read()
words = sorted(set(re.findall(r"\w{2,}", screen)))
missing = [w for w in words if w not in said]
if missing or not words:
    print("# not said:", missing[:20])
    sys.exit(1)
EOF
}
# Run a command until it succeeds, for up to 15 s (the idle reset).
eventually_long() {
	local end=$((SECONDS + 15))
	while ! "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}
# F3, then wait for a new utterance.
hear() {
	local n
	n=$(nsay)
	k F3
	eventually sh -c '[ "$(grep -c "^say" "$1")" -gt "$2" ]' _ "$SPEECH" "$n"
}

start_kiosk
check "the home screen says F3 reads it" has "Press F3 to hear this screen."
check "the key line shows F3" has "F3 hear"
check "nothing is said before F3" sh -c "! grep -q '^say' '$SPEECH' 2>/dev/null"
check "F3 reads the home screen" hear
check "in the English voice" test "$(lastvoice)" = en
check "what is said starts with the title" said "Hackney Adult Social Care: our plans"
check "every word on the home screen is said" all_words_said
k Down
check "a move says the item and its place" said "2 of 5, 2. Have your say"
k Up
check "and back" said "1 of 5, 1. Read our plans"
k F5
check "F5 reads the screen again, slower" eventually sh -c \
    'grep "^say" "$1" | tail -1 | cut -f3 | grep -qx 150' _ "$SPEECH"
check "F3 again reads it again" hear
check "still slower for this person" test "$(grep '^say' "$SPEECH" | tail -1 | cut -f3)" = 150

# A page.
k Enter
check "Read our plans is read when it opens" said "Our draft plans for 2026 to 2031"
check "every word on the list of pages is said" all_words_said
k Enter
$D wait "$S" "Esc back" 3 >/dev/null 2>&1
sleep 0.3
check "a page is read when it opens" all_words_said
n=$(nsay)
k PageDown
check "scrolling reads what came into view" eventually sh -c \
    '[ "$(grep -c "^say" "$1")" -gt "$2" ]' _ "$SPEECH" "$n"
k Escape Escape
check "back on the home screen, it is read again" said "What would you like to do?"

# Switching language midway speaks the new voice.
k F2
check "the language picker is read" said "Choose your language"
k 3
check "Turkish is read in the Turkish voice" eventually sh -c \
    'test "$(grep "^say" "$1" | tail -1 | cut -f2)" = tr' _ "$SPEECH"
check "every word of the Turkish home screen is said" all_words_said
k F2 8
check "Bengali is read in the Bengali voice" eventually sh -c \
    'test "$(grep "^say" "$1" | tail -1 | cut -f2)" = bn' _ "$SPEECH"
check "every word of the Bengali home screen is said" all_words_said
# Somali has no voice: it says so in Somali, and offers English.
k F2 9
check "Somali says there is no voice, in Somali" has "Luqaddan weli cod uma laha"
check "and says it aloud in English" said "There is no voice for this language yet"
k F3
check "F3 again: the screen in English" eventually sh -c \
    'test "$(grep "^say" "$1" | tail -1 | cut -f2)" = en' _ "$SPEECH"
check "and the kiosk is in English" has "F2 English"

# Quick feedback, start to end: every screen and every move is said.
k Home 3
check "the consent page is read" said "Before you start"
check "every word of the consent page is said" all_words_said
k Enter
check "question 1 is read" said "Question 1 of 4"
check "every word of question 1 is said" all_words_said
k Enter
check "question 2 is read" said "What is your feedback about?"
check "every word of question 2 is said" all_words_said
k Down
check "a move to an answer says its place and state" said \
    "2 of 43, Page: Our vision, not selected"
k Space
check "choosing it says it is selected" said \
    "2 of 43, Page: Our vision, selected"
k PageDown
check "question 3 is read" said "What do you think of it?"
check "every word of question 3 is said" all_words_said
n=$(nsay)
k Right
check "a point of the scale is said" eventually sh -c \
    '[ "$(grep -c "^say" "$1")" -gt "$2" ]' _ "$SPEECH" "$n"
k PageDown
check "the comment is read" said "Your comments"
typ "my secret words"
check "typed text is not read back" sh -c "! grep -q 'my secret words' '$SPEECH'"
k F6
check "F6 reads back what is typed" said "my secret words"
k PageDown
check "the review is read" said "Check your answers"
check "every word of the review is said" all_words_said
for i in 1 2 3 4 5 6; do $D screen "$S" | grep -q "Submit my answers" && break; k PageDown; done
click_on "Submit my answers"
check "the thank-you is read" said "Your answers have been saved"
click_on "Finish"
check "the end of the survey stops speech" eventually sh -c \
    'tail -1 "$1" | grep -qx stop' _ "$SPEECH"
n=$(nsay)
k Down
sleep 0.5
check "and turns it off for the next person" test "$(nsay)" = "$n"
check "the next person's screen is not read without F3" \
    sh -c "! tail -1 '$SPEECH' | grep -q 'Have your say'"
k F3
check "after the reset, F3 reads the home screen" said "What would you like to do?"
check "and nothing of the last person's answers" \
    sh -c "! tail -1 '$SPEECH' | grep -q 'my secret words'"
$D stop "$S"

# A whole survey read question by question (the carers' survey).
start_kiosk
k F3 2
check "Have your say is read" said "Have your say"
k Enter
check "the survey's consent page is read" said "Start the survey"
k Enter
check "the first question is read" said "Question 1 of"
q=1
for i in $(seq 1 40); do
	$D screen "$S" | grep -q "Check your answers" && break
	n=$(nsay)
	k PageDown
	eventually sh -c '[ "$(grep -c "^say" "$1")" -gt "$2" ]' _ "$SPEECH" "$n" ||
	    break
	q=$((q + 1))
done
check "each question of the survey is read ($q screens)" test "$q" -gt 3
check "the review is read at the end" said "Check your answers"
$D stop "$S"

# A page with a recording in the pack plays it instead of the voice, in
# English, and in Somali, which has no voice.
A=$TMP/apack
cp -R "$OUTREACH_PACK" "$A"
mkdir -p "$A/audio/en" "$A/audio/so"
tone_wav "$A/audio/en/vision.wav"
cp "$A/audio/en/vision.wav" "$A/audio/so/vision.wav"
fresh
: >"$SPEECH"
$D start "$S" 80x24 "$OUTREACH_TEST --pack $A --lang en"
has "Read our plans" 5
k Enter Down Enter
$D wait "$S" "Esc back" 3 >/dev/null 2>&1
n=$(nsay)
k F3
check "F3 on a page with a recording plays it" eventually sh -c \
    'tail -1 "$1" | grep -q "^play	.*/audio/en/vision.wav	100$"' _ "$SPEECH"
check "instead of the voice" test "$(nsay)" = "$n"
k PageDown
sleep 0.5
check "scrolling leaves the recording playing" sh -c \
    "tail -1 '$SPEECH' | grep -q '^play'"
k F2 9
check "in Somali, the Somali recording plays" eventually sh -c \
    'tail -1 "$1" | grep -q "^play	.*/audio/so/vision.wav"' _ "$SPEECH"
k F2 3
check "in Turkish, with no recording, the voice reads the page" eventually sh -c \
    'test "$(grep "^say" "$1" | tail -1 | cut -f2)" = tr' _ "$SPEECH"
$D stop "$S"

# The idle reset stops speech.
cp -R "$OUTREACH_PACK" "$TMP/pack"
sed -i 's/^idle_warning = .*/idle_warning = 5/; s/^idle_countdown = .*/idle_countdown = 3/' "$TMP/pack/pack.ini"
fresh
$D start "$S" 80x24 "$OUTREACH_TEST --pack $TMP/pack --lang en"
has "Read our plans" 5
k F3 Enter
check "speech is on" said "Our draft plans"
check "the idle warning is read" eventually_long said "Are you still there?"
check "the idle reset stops speech" eventually_long sh -c 'tail -1 "$1" | grep -qx stop' _ "$SPEECH"
$D stop "$S"

# The facilitator sets volume, speed and starting on its own.
fresh
echo 4821 | "$OUTREACH" pin set >/dev/null 2>&1
start_kiosk
k F12
typ 4821
k Enter
has "Facilitator menu"
k End Enter
check "the facilitator menu has Speech" has "Speech starts on its own: no"
k Enter Right
check "the volume goes up" has "Volume: 150%"
k Down Left
check "the speed goes down" has "Speed: 150 words a minute"
k Down Enter
check "speech starts on its own" has "Speech starts on its own: yes"
check "kept with the device's settings" sh -c \
    "grep -qx 'volume = 150' '$OUTREACH_HOME/speech.ini' && grep -qx 'rate = 150' '$OUTREACH_HOME/speech.ini' && grep -qx 'autostart = yes' '$OUTREACH_HOME/speech.ini'"
check "only for the laptop's user" test "$(stat -c %a "$OUTREACH_HOME/speech.ini")" = 600
$D stop "$S"
: >"$SPEECH"
start_kiosk
check "the next start speaks on its own" eventually_long said "What would you like to do?"
check "at the facilitator's speed and volume" sh -c \
    "grep '^say' '$SPEECH' | tail -1 | cut -f3,4 | grep -qx '150	150'"
$D stop "$S"
done_testing
