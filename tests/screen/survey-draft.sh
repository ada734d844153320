#!/usr/bin/env bash
# Screen test: the draft strategy survey with keys only, in tmux at 80x24:
# a question appearing and vanishing, resizing in the middle of a question,
# the "at most three" constraint and recovery, back three questions and
# forward with the answers kept, the review, submit, thank-you.
. tests/lib.sh
S=sdraft-$$
. tests/screen/survey-lib.bash

start_kiosk
k 2
check "Have your say lists the surveys" has "Choose a survey:"
k Enter
check "the consent page comes first" has "Before you start"
k Enter
check "the survey starts at question 1" has "Question 1 of 13"
k Enter
check "Enter on a note goes on" has "Which of these describe you?"
k Space Down Down Space PageDown
check "PgDn goes to the next question" has "Our draft mission is a short sentence"
k Enter
check "the mission question" has "How much do you agree with our draft mission?"

# Resize in the middle of the question.
$D resize "$S" 120x40
check "at 120x40 the question is still there" has "Question 4 of 13"
check "and fits" fits 120
$D resize "$S" 40x12
check "at 40x12 it is still usable" has "Question 4 of 13"
check "and fits" fits 40
$D resize "$S" 80x24
check "back at 80x24" has "Strongly"

# A question appears and vanishes with the answer.
k Right Right Right Right Space
check "disagreeing adds a question: 14 in all" has "Question 4 of 14"
k 2
check "agreeing takes it away again: 13" has "Question 4 of 13"
k Enter Enter
check "Enter, Enter: chosen and on" has "Next, we show our 12 draft commitments"
k Enter
check "a field-list group is one screen" has "Easy to access"
k 1 Enter 1 Enter 2 Enter Enter
check "three scales answered, on to the next group" has "Preventative"
k 1 Enter 1 Enter 1 Enter Enter
check "Personal to you" has "Personal to you"
k 1 Enter 1 Enter 1 Enter Enter
check "Good quality and safe" has "Good quality and safe"
k 1 Enter 1 Enter 1 Enter Enter
check "the top three" has "Choose up to three"

# The constraint and recovery.
k Space Down Space Down Space Down Space PageDown
check "four ticks: the form's message at the field" has "Please choose no more than three."
check "and we stay on the question" has "Question 10 of 13"
# The focus is back on the question's first choice: untick it.
k Space
check "unticking one clears the message" hasnt "Please choose no more than three."
k PageDown
check "three ticks go on" has "Is anything missing from our draft plans?"
typ "More buses at night"
k Enter Enter
check "a text answer, Enter, Enter" has "Is there anything else you would like to tell us"
typ "Thank you"

# Back three questions and forward again: every answer kept.
k PageUp PageUp PageUp
check "back three questions" has "Question 9 of 13"
check "the group's answers are there" has "(•)"
k PageDown
check "forward: the ticks are kept" sh -c "$D screen $S | grep -c '\[x\]' | grep -qx 3"
k PageDown
check "the first text is kept" has "More buses at night"
k PageDown
check "the second text is kept" has "Thank you"
k PageDown PageDown
check "the review" has "Check your answers"
check "lists the answers, Submit above them" sh -c "$D screen $S | grep -q \"Submit my answers\" && $D screen $S | grep -q \"Which of these describe you\""
k Enter
check "submitting shows the thank-you" has "Your answers have been saved and locked."
check "the response has the ticks" logged '"top_three":"contact barriers reablement"'
check "the mission answer" logged '"mission_agree":"agree"'
check "the respondent ticks" logged '"respondent":"resident carer"'
check "the first commitment" logged '"agree_waiting":"strongly_agree"'
check "the first text" logged '"missing":"More buses at night"'
check "the second text" logged '"other_comments":"Thank you"'
check "not the vanished question" sh -c "! grep -q mission_change '$LOG'"
k Enter
check "Enter starts again for the next person" has "What would you like to do?"
$D stop "$S"
done_testing
