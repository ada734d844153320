#!/usr/bin/env bash
# Screen test: Leave feedback. Once with the mouse only (clicks on the menu,
# the buttons, a radio answer, a point of the scale; the wheel on a long
# list), once with keys and no sealing hook (no thank-you is shown), once
# on an ASCII console, and leaving in the middle after being asked.
. tests/lib.sh
S=sfeed-$$
. tests/screen/survey-lib.bash

start_kiosk
check "a click on Leave feedback" click_on "Leave feedback"
check "opens the consent page" has "Start the survey"
click_on "Start the survey"
check "a click on Start starts" has "Question 1 of 4"
click_on "Next"
check "a click on Next goes on" has "What is your feedback about?"
top1=$($D screen "$S" | sed -n 7p)
$D wheel "$S" down 10 10
$D wheel "$S" down 10 10
check "the wheel scrolls a long list" eventually sh -c \
    'test "$($1 screen "$2" | sed -n 7p)" != "$3"' _ "$D" "$S" "$top1"
$D wheel "$S" up 10 10
$D wheel "$S" up 10 10
check "a click on an answer chooses it" click_on "Page: Our vision"
check "and it is shown chosen" has "(•) Page: Our vision"
click_on "Next"
check "on to the rating" has "What do you think of it?"
check "a click on a point of the scale" click_on "4              5"
check "chooses it" has "(•)"
click_on "Back"
check "a click on Back goes back, the answer kept" has "(•) Page: Our vision"
click_on "Next"
click_on "Next"
check "the comment" has "Your comments"
click_on "Review answers"
check "a click on Review answers" has "Check your answers"
click_on "What do you think of it?"
check "a click on an answer in the review goes to it" has "Question 3 of 4"
click_on "Review answers"
click_on "Submit my answers"
check "a click on Submit: thank you" has "Your answers have been saved and locked."
check "the clicked answers were stored" sh -c "grep -qF '\"about\":\"vision\"' '$LOG' && grep -qF '\"rating\":\"4\"' '$LOG'"
click_on "Finish"
check "a click on Finish: the start again" has "What would you like to do?"

# Leaving in the middle asks first.
k 3 Enter Enter Enter
click_on "Leave survey"
check "Leave survey asks" has "Your answers will be lost."
click_on "No, carry on"
check "No carries on" has "What is your feedback about?"
k Escape Right Enter
check "Esc, Yes leaves" has "What would you like to do?"
$D stop "$S"

# No sealing hook: the answers are not pretended saved.
NOLOG=1 start_kiosk
k 3 Enter Enter Enter Enter PageDown
typ "A comment"
k PageDown Enter
check "without a hook: not ready" has "Saving answers is not ready on this laptop yet."
check "and no thank-you" hasnt "saved and locked"
check "the answers are still there" has "A comment"
$D stop "$S"

# In French (--lang fr): the pack's consent page and the form's labels.
fresh
$D start "$S" 80x24 "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST --lang fr"
has "fr" 5
k 3
check "in French the consent page is French" has "Avant de commencer"
k Enter Enter
check "and the questions are the form's French" has "Votre avis porte sur quoi ?"
$D stop "$S"

# An ASCII console.
fresh
$D start "$S" 80x24 "env LC_ALL=C OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST --lang en"
has "Read our plans" 5
k 3 Enter Enter
check "in the C locale the radio list is ASCII" has "> ( ) Page: Welcome"
check_fails "and nothing outside ASCII is drawn" sh -c "$D screen $S | LC_ALL=C grep -q '[^ -~]'"
k Enter
check "the buttons are ASCII" has "> [ Next > ]"
$D stop "$S"
done_testing
