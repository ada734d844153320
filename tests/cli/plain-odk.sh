#!/usr/bin/env bash
# An ODK form in `outreach --plain` (tests/fixtures/packs/odk): the
# guidance hint under the hint, a trigger that fills in an answer the
# person may change, choices from a CSV file beside the form in the
# order Collect gives for the seed, pulldata() from the same file,
# or_other's "Specify other.", and a
# repeat asked with "Add another?" and its count (added, added, the last
# taken away); the review names each instance; the submission carries the
# repeat as an instance and its answers.
. tests/lib.sh

LOG=$TMP/submitted.jsonl
T=$TMP/transcript
PACK=tests/fixtures/packs/odk
"$OUTREACH" init >/dev/null || exit 1

plain() {
	printf '%s\n' "$@" | OUTREACH_TEST_SUBMIT_LOG=$LOG "$OUTREACH_TEST" --pack "$PACK" --lang en --plain >"$T" 2>&1
	rc=${PIPESTATUS[1]}
}
said() { grep -qF -- "$1" "$T"; }
# in_order A B...: each line appears after the one before.
in_order() { awk -v n=$# 'BEGIN{ for (i = 1; i < ARGC; i++) w[i] = ARGV[i]; ARGC = 1; k = 1 }
	k <= n && index($0, w[k]) { k++ } END { exit k <= n }' "$@" <"$T"; }

plain 2 1 1 3 "" 2 "" 3 "Only cats" a Rex a Tom r "" 7 q
check "plain mode exits 0" test "$rc" -eq 0
check "the form's title is listed" said "1. ODK features"
check "the guidance hint is read after the hint" in_order "How many people live here?" "Count yourself." "Guidance: Include babies and lodgers."
check "the trigger filled in the next answer" said "Your answer now: for 3 people."
check "the choices come from fruits.csv in seed 7's order" in_order "Favourite fruit?" "1. Cherry" "2. Banana" "3. Apple"
check "pulldata() reads the colour from fruits.csv" said "A banana is yellow."
check "or_other adds Other" said "3. Other"
check "and asks to specify it" said "Specify other."
check "the repeat's prompt before any pet" said "Pet: none so far."
check "offers to add one" said "Type a to add one, or press Enter to go on."
check "the pet is a section with its number" said "Section: Pet 1"
check "after one, the count" said "Pet: 1 so far."
check "and the choice to take one away" said "Type a to add another, r to take the last one away, or press Enter to go on."
check "the second pet" said "Section: Pet 2"
check "taking the last one away says so" in_order "Pet: 2 so far." "Taken away." "Pet: 1 so far."
check "the review names the instance" said "Pet 1, Pet's name?: Rex"
check_fails "Tom is gone from the review" said "Pet 2, Pet's name?"
check "submitted" said "Thank you. Your answers have been saved and locked."
check "with the trigger's value, the fruit, its colour and the other" grep -qF '"count_note":"for 3 people","fruit":"banana","fruit_colour":"yellow","people":"3","pet[1]":null,"pet[1]/pet_name":"Rex","pets_ok":"other","pets_ok_other":"Only cats"' "$LOG"
check "and no second pet" sh -c "! grep -qF 'pet[2]' '$LOG'"

# Changing the trigger's answer fills it in again; a changed answer stays.
rm -f "$LOG"
plain 2 1 1 3 "about right" b b 4 "" "" "" "" "" 5 q
check "a person's own answer replaces the trigger's" said "Your answer now: about right."
check "going back and changing the count sets it again" said "Your answer now: for 4 people."
check "and that is what is sent" grep -qF '"count_note":"for 4 people"' "$LOG"
done_testing
