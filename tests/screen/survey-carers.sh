#!/usr/bin/env bash
# Screen test: the carers' survey with keys only: a likert answer that makes
# a checklist appear, "Something else" in it making a text question appear,
# then through to the review and the thank-you.
. tests/lib.sh
S=scarers-$$
. tests/screen/survey-lib.bash

start_kiosk
k 2
has "Choose a survey:"
k Down Enter
check "the carers' survey: consent first" has "Before you start"
k Enter Enter Enter
check "two notes, then who is looked after" has "Who do you look after?"
check "12 questions to start with" has "Question 3 of 12"
k Space PageDown
check "the likert question" has "How easy or hard is it for you to find information"
k 4
check "'fairly hard' adds a question" has "Question 4 of 13"
k Enter Enter
check "what makes it hard" has "What makes it hard?"
k Down Down Down Down Down Down Down Space
check "'something else' adds another" has "Question 5 of 14"
k PageDown
check "which is asked next" has "What else makes it hard?"
typ "The forms are long"
k Enter Enter
check "where do you look" has "Where do you look for information"
k Space PageDown
check "formats" has "How would you like to get information?"
k Down Space PageDown
check "respite" has "Do you know what 'respite' is"
check "with its hint" has "Respite is a short break from caring."
k Enter Enter
check "support now" has "What support do you get as a carer now?"
k Down Down Space PageDown
check "support enough (likert)" has "I get the support I need as a carer."
k Right Right Enter Enter
check "the strategy question" has "Did you know that we have a strategy for carers?"
k Down Enter Enter
check "what would help" has "What would help you most as a carer?"
typ "Breaks, and someone to talk to"
k Enter Enter
check "the last note" has "Your answers will be locked"
k Enter
check "the review" has "Check your answers"
k Enter
check "submitted: thank you" has "Your answers have been saved and locked."
check "the likert answer" logged '"info_ease":"fairly_hard"'
check "the appeared checklist" logged '"info_hard":"other"'
check "the appeared text" logged '"info_hard_other":"The forms are long"'
check "the radio answers" logged '"respite_clear":"yes"'
check "the checklists" logged '"care_for":"partner"'
check "the last text" logged '"what_would_help":"Breaks, and someone to talk to"'
check "the form id" logged '"form":"carers"'
$D stop "$S"
done_testing
