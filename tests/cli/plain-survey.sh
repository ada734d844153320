#!/usr/bin/env bash
# Surveys in `outreach --plain`: whole surveys from piped input, with the
# kiosk's validation messages, going back with answers kept, the review,
# submitting through the test-only log hook and the outbox (and not
# without a hook), and a transcript with no escape byte and no control
# character.
. tests/lib.sh

LOG=$TMP/submitted.jsonl
T=$TMP/transcript

# plain INPUT...: one line each; transcript in $T, status in $rc.
plain() {
	printf '%s\n' "$@" | OUTREACH_TEST_SUBMIT_LOG=${HOOK-$LOG} "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
	rc=${PIPESTATUS[1]}
}
said() { grep -qF -- "$1" "$T"; }
clean() { ! LC_ALL=C grep -q $'[\001-\010\013-\037\177]' "$T"; }

# Leave feedback: the flow, a range, relevance, review, submit.
plain 3 1 "" 43 "The bus" 9 4 "Good page, café" x 5 q
check "plain mode exits 0" test "$rc" -eq 0
check "the menu offers Leave feedback" said "3. Leave feedback"
check "the consent page is read out first: in demo mode it promises no privacy" said "your answers are not private"
check "and it says nothing of the pack's promise" sh -c "! grep -qF 'Nobody here can read' '$T'"
check "demo mode is said before anything else" sh -c "sed -n 2p '$T' | grep -qx 'Demo mode: answers are not private.'"
check "consent offers the kiosk's two buttons as numbers" sh -c "grep -qx '1. Start the survey' '$T' && grep -qx '2. Go back' '$T'"
check "the first question says where it is" said "Question 1 of 4."
check "choices are numbered" said "43. Something else"
check "choosing Something else adds a question" said "Question 3 of 5."
check "the added question is asked" said "What is it about?"
check "a range says what it wants" said "Type a number from 1 to 5."
check "a number off the range is refused with the kiosk's message" said "Please choose one of the numbers on the scale."
check "the review lists the answers by label" said "1. What is your feedback about?: Something else"
check "then the kiosk's buttons, numbered on" said "5. Submit my answers"
check "a wrong number says only what is wrong, not the list again" sh -c "grep -c 'Check your answers' '$T' | grep -qx 1 && grep -qF 'Please type one of the numbers, or b.' '$T'"
check "the review lists the text" said "Good page, café"
check "submitting thanks the person" said "Thank you. Your answers have been saved and locked."
check "the response reached the hook" grep -qF '"about":"other","about_other":"The bus","comment":"Good page, café","rating":"4"' "$LOG"
check "as feedback" grep -qF '"kind":"feedback"' "$LOG"
check "no escape byte or control character in the transcript" clean

# Have your say: the draft strategy, the constraint, back with answers kept.
rm -f "$LOG"
plain 2 1 1 "" "1 3" "" 2 "" "" 1 2 3 "" 4 5 6 "" 1 1 1 "" 2 2 2 \
    "1 2 3 4" "1 2 3" "More buses" "" \
    b b b "" "" "" "" "" 18 q
check "Have your say lists the surveys" said "1. Our draft plans for 2026 to 2031"
check "a group is announced as a section" said "Section: Easy to access"
check "select_multiple takes numbers separated by spaces" said "Type the numbers of all that apply, separated by spaces."
check "four of three is refused with the form's message" said "Please choose no more than three."
check "going back shows the answer kept" said "Your answer now: More buses. Press Enter to keep it"
check "and the ticks kept" said "Your answer now: Reduce the time you spend waiting for an assessment; Make it easier"
check "it was submitted" said "Thank you. Your answers have been saved and locked."
check "with every answer" sh -c "grep -qF '\"respondent\":\"resident carer\"' '$LOG' && grep -qF '\"top_three\":\"waiting contact barriers\"' '$LOG' && grep -qF '\"missing\":\"More buses\"' '$LOG' && grep -qF '\"agree_waiting\":\"strongly_agree\"' '$LOG'"
check "a skipped question is left out" sh -c "! grep -q '\"other_comments\"' '$LOG'"
check "no escape byte in this transcript either" clean

# Every Hackney survey by its number, skipping everything, then submit.
# Empty lines go through every question; the review takes "s".
# The review numbers Submit after the answers: read its number first.
for n in 2 3 4; do
	rm -f "$LOG"
	{ printf '%s\n' 2 "$n" 1; yes '' | head -60; } |
	    "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
	s=$(sed -n 's/^\([0-9]*\)\. Submit my answers$/\1/p' "$T" | head -1)
	{ printf '%s\n' 2 "$n" 1; yes '' | head -60; printf '%s\n' "$s" q; } |
	    OUTREACH_TEST_SUBMIT_LOG=$LOG "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
	check "survey $n: skipping every question reaches the review and submits" sh -c \
	    "grep -q 'Thank you. Your answers have been saved' '$T' && test -s '$LOG'"
done

# Without a hook (a pack naming no hub recipient) nothing is pretended;
# leaving asks first; EOF ends cleanly.
cp -R "$OUTREACH_PACK" "$TMP/norecip"
sed -i '/^recipients *=/d' "$TMP/norecip/pack.ini"
HOOK= OUTREACH_PACK=$TMP/norecip plain 3 1 "" 1 "" "" 4 q
check "without a hook: saving is not ready" said "Saving answers is not ready on this laptop yet."
check "and no thank-you" sh -c "! grep -q 'Thank you. Your answers have been saved' '$T'"
# With the pack's recipients and no test log, the outbox seals them.
HOOK= plain 3 1 "" 1 "" "" 4 q
check "sealed in the outbox: thank you" said "Thank you. Your answers have been saved"
"$OUTREACH" status | grep -q "^Sealed, waiting for export: *1 " &&
    ok "and the outbox holds it" || not_ok "and the outbox holds it"
plain 3 1 "" q 1 2 q 2 q
check "q asks before leaving" sh -c "grep -qx 'Leave this survey?' '$T' && grep -qx 'Your answers will be lost.' '$T'"
check "1 carries on with the same question" sh -c "grep -c 'What is your feedback about?' '$T' | grep -qx 2"
check "2 leaves to the menu" sh -c "grep -c 'Welcome. What would you like to do?' '$T' | grep -qx 2"
plain 3 1 "" 1
check "end of input in a survey ends cleanly" sh -c "[ $rc -eq 0 ] && tail -1 '$T' | grep -q Goodbye"
plain 3 b q
check "b on the consent page goes back" sh -c "grep -c 'Welcome. What would you like to do?' '$T' | grep -qx 2"
done_testing
