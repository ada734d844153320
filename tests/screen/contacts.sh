#!/usr/bin/env bash
# Screen test of "Ask us to contact you" (issue 21) at 80x24, with
# Riverton's pack (tests/riverton.sh) opening the door for its own hub:
# a request in English from the home screen, and one in Welsh from the
# end of a survey; the facilitator sees only how many; the bundle carries
# them and the answers; the hub's contacts export has both names, the
# survey's export and report neither; purge removes them and keeps the
# answers. Then the same pack without [contact]: nothing of the door on
# the home screen, after a survey or in --plain.
. tests/lib.sh
. tests/riverton.sh
S=contacts-$$
. tests/screen/survey-lib.bash
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
O() { "$OUTREACH" "$@"; }
cd "$TMP" || exit 1
D=$OLDPWD/scripts/tmux-drive

O hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
riverton_pack plain "$REC" "$KEY"
riverton_pack riv "$REC" "$KEY"
riverton_contact riv
O init >/dev/null || exit 1
O hub enrol "$OUTREACH_HOME/device.pub" >/dev/null || exit 1
echo 4821 | O pin set >/dev/null || exit 1
# The facilitator's menu, behind the PIN.
fac() {
	k F12
	has "For the facilitator only." 5 && typ 4821 && k Enter
}
kiosk() {
	$D start "$S" 80x24 "$OUTREACH --pack $1 --lang $2"
	has "$3" 5
}

# --- English, from the home screen -----------------------------------------
check "the kiosk starts with the door open" kiosk riv en "Read our plans"
check "the home screen offers it in the council's words" has "4. Ask the council to contact you"
check "Help moves down" has "5. Help and accessibility"
$D screen "$S" >home.txt
check "the home screen fits 80x24" test "$(wc -L <home.txt)" -le 80
k 4
check "the privacy notice comes first" has "Before you ask us to contact you"
check "saying how long it is kept" has "We keep it for 90 days"
check "and it goes on to the form" has "Go on to the form"
k Enter
check "the form asks the name" has "What is your name?"
typ "Ann Screen"
k PageDown
check "how to get in touch" has "Through this group"
k Down Down Enter PageDown
check "when is best" has "When is it best to reach you?"
k PageDown
check "what it is about" has "What is it about?"
typ "Help at home"
k PageDown PageDown
check "the consent step" has "I agree that the council may use these details"
k Enter PageDown
check "the review" has "Check your answers"
k Enter
check "the request is saved" has "Your request has been saved and locked."
check "and no second door is offered after it" hasnt "[ Ask the council"
k Enter
check "Finish: the next person starts at home" has "What would you like to do?"
check_fails "nothing of the request is left on the screen" sh -c '"$1" screen "$2" | grep -q "Ann Screen"' _ "$D" "$S"
fac
check "the facilitator menu" has "Facilitator menu"
check "counts the request" has "Contact requests since the kiosk started: 1"
check_fails "and shows nothing of it" sh -c '"$1" screen "$2" | grep -q -e "Ann" -e "Help at home"' _ "$D" "$S"
$D stop "$S"

# --- Welsh, from the end of a survey ----------------------------------------
check "in Welsh" kiosk riv cy "Gofyn i'r cyngor gysylltu â chi"
k 2 Enter Enter
check "a survey" has "Pa mor dda yw ein parciau?"
k Enter PageDown PageDown
typ "Parc hyfryd iawn"
k PageDown
check "its review" has "Parc hyfryd iawn"
k Enter
check "its answers are saved" has "saved and locked"
check "and the door is offered under Finish" has "[ Gofyn i'r cyngor gysylltu â chi ]"
$D screen "$S" >thanks.txt
check "the thank-you fits 80x24" test "$(wc -L <thanks.txt)" -le 80
k Tab Enter
check "the Welsh privacy notice" has "Cyn i chi ofyn i ni gysylltu â chi"
k Enter
check "the Welsh form" has "Beth yw eich enw?"
typ "Gwen Sgrin"
k PageDown Down Down Enter PageDown PageDown
typ "Gofal"
k PageDown PageDown Enter PageDown
check "its review" has "Gwen Sgrin"
k Enter
check "the Welsh request is saved" has "Your request has been saved and locked."
k Enter
fac
check "the facilitator counts one in this kiosk's run" has "Contact requests since the kiosk started: 1"
$D stop "$S"

# --- to the hub ------------------------------------------------------------
mkdir stick
O sync export stick >export.out 2>&1
check "the bundle carries the answers and both requests" grep -q "(3 submissions)" export.out
check "the hub imports it" sh -c 'O() { "$OUTREACH" "$@"; }; O hub import --pack riv stick >import.out 2>&1'
O hub contacts export front.csv >cexp.out 2>&1
check "the hub's contacts export has both" sh -c 'grep -q "Ann Screen" front.csv && grep -q "Gwen Sgrin" front.csv'
check "the Welsh one as Welsh" grep -q ",cy,contact," front.csv
O hub export --pack riv parks -o parks.csv >/dev/null 2>&1
check "the survey's export has the answer" grep -q "Parc hyfryd iawn" parks.csv
check_fails "and no name of a request" grep -q -e "Ann Screen" -e "Gwen Sgrin" -e "Help at home" parks.csv
O hub report --pack riv parks >report.out 2>&1
check_fails "nor has its report" grep -q -e "Ann Screen" -e "Gwen Sgrin" report.out
O hub contacts purge --older-than 0 >purge.out 2>&1
check "purge removes them" grep -q "Deleted 2 requests" purge.out
O hub contacts list >list.out 2>&1
check "none is left" grep -q "0 requests to be contacted" list.out
O hub export --pack riv parks -o parks2.csv >/dev/null 2>&1
check "and the answers are kept" grep -q "Parc hyfryd iawn" parks2.csv

# --- the door closed --------------------------------------------------------
check "without [contact]" kiosk plain en "Read our plans"
check_fails "the home screen has no door" sh -c '"$1" screen "$2" | grep -qi -e contact -e "get in touch"' _ "$D" "$S"
check "Help is 4 again" has "4. Help and accessibility"
k 2 Enter Enter Enter PageDown PageDown PageDown Enter
check "a survey's answers are saved" has "Your answers have been saved and locked."
check_fails "and nothing of the door after them" sh -c '"$1" screen "$2" | grep -qi -e contact -e "get in touch"' _ "$D" "$S"
k Enter
fac
check "the facilitator menu" has "Facilitator menu"
check_fails "has no count of requests" sh -c '"$1" screen "$2" | grep -q "Contact requests"' _ "$D" "$S"
$D stop "$S"
done_testing
