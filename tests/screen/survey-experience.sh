#!/usr/bin/env bash
# Screen test: the adult social care experience survey with keys only:
# "I have not had care" makes most questions vanish, "the care I get"
# brings them back; a language question appearing; then through to the end.
. tests/lib.sh
S=sexper-$$
. tests/screen/survey-lib.bash

# total: the N of "Question M of N" on the screen.
total() { $D screen "$S" | sed -n 's/.*Question [0-9]* of \([0-9]*\).*/\1/p' | head -1; }

start_kiosk
k 2
has "Choose a survey:"
k Down Down Enter Enter Enter
check "who are you answering about" has "Who are you answering about?"
all=$(total)
k Down Down Down Enter
check "'no care' is chosen" has "(•) I have not had care or support"
none=$(total)
check "questions about care vanish ($all then $none)" test "$none" -lt $((all - 10))
k Up Home Space
check "'the care I get' brings them back" has "Question 2 of $all"
k PageDown
check "a question in a group shows its group" has "Getting in touch and waiting"
k Right Right Enter Enter
check "waiting" has "How do you feel about how long you waited"
before=$(total)
k Enter Enter
check "'too long' asks whether we kept you up to date" has "of $((before + 1))"
check "and it comes next" has "did we keep you up to date?"
k Enter Enter
check "care plan copy" has "Did you get a copy of your care and support plan?"
k Enter Enter
check "information format (likert)" has "The information we gave you was in a way you could use."
k PageDown
check "language" has "Do you need information in a language other than English?"
k Enter Enter
check "'yes' asks which language" has "Which language?"
typ "Turkish"
k Enter Enter
check "did you get it" has "Did you get information in that language"
# The rest: skip with PgDn until the review.
for i in $(seq 1 40); do
	has "Check your answers" 0 && break
	k PageDown
done
check "PgDn skips the rest to the review" has "Check your answers"
k End Enter
check "submitted: thank you" has "Your answers have been saved and locked."
check "the answers reached the hook" logged '"about_whom":"me"'
check "the appeared text" logged '"which_language":"Turkish"'
check "the appeared question" logged '"wait_informed":"yes"'
$D stop "$S"
done_testing
