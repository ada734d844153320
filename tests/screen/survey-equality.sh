#!/usr/bin/env bash
# Screen test: the equality monitoring survey with keys only: the ethnic
# group filters the list of backgrounds (a choice_filter), "prefer not to
# say" skips questions, and everything can be skipped.
. tests/lib.sh
S=sequal-$$
. tests/screen/survey-lib.bash

start_kiosk
k 2
has "Choose a survey:"
k Down Down Down Enter Enter Enter
check "how old are you" has "How old are you?"
k Down Down Down Down Enter Enter
check "gender" has "What is your gender?"
k Enter Enter
check "the same as at birth" has "Is the gender you identify with the same"
k Enter Enter
check "ethnic group" has "What is your ethnic group?"
k Down Down Enter Enter
check "the backgrounds of the group chosen" has "Which of these best describes your ethnic group or background?"
check "Asian backgrounds are listed" has "Bangladeshi"
check "other groups' are not" hasnt "Caribbean"
k Enter Enter
check "Indian: no need to describe it, on to health" has "physical or mental health conditions"
k Down Down Enter Enter
check "'prefer not to say' skips the follow-up" has "Do you look after, or give any help"
k Enter Enter
check "main language" has "What is your main language?"
for i in $(seq 1 10); do
	has "Check your answers" 0 && break
	k PageDown
done
check "the rest skipped to the review" has "Check your answers"
k End Enter
check "submitted: thank you" has "Your answers have been saved and locked."
check "the filtered answer" logged '"ethnicity":"asian_indian"'
check "the group" logged '"ethnic_group":"asian"'
check "prefer not to say" logged '"long_term_condition":"prefer_not"'
check "nothing of the skipped follow-up" sh -c "! grep -q day_to_day '$LOG'"
$D stop "$S"
done_testing
