#!/usr/bin/env bash
# Screen test: the kiosk with the mouse only, at 80x24, as a person who
# never touches the keyboard. From the language picker to a submitted
# quick feedback and back to another language, every step a click on
# something the screen shows: a language's name, a menu item, the buttons,
# a choice, a point of a scale, the key line's keys (each arrow of "↑↓"
# too) and "F2 <language>" in the header.
. tests/lib.sh
command -v tmux >/dev/null || { skip "tmux is not installed"; done_testing; exit; }

S=mouse-$$
. tests/screen/survey-lib.bash
D=scripts/tmux-drive
# click_nth TEXT N: click the Nth place TEXT is shown on its first line.
click_nth() {
	local text=$1 n=$2 found row line rest col=0 i
	found=$($D screen "$S" | grep -n -m1 -F -- "$text") || return 1
	row=${found%%:*}
	line=${found#*:}
	rest=$line
	for ((i = 1; i <= n; i++)); do
		case "$rest" in *"$text"*) ;; *) return 1 ;; esac
		local pre=${rest%%"$text"*}
		col=$((col + ${#pre}))
		[ "$i" -eq "$n" ] && break
		rest=${rest#*"$text"}
		col=$((col + ${#text}))
	done
	$D click "$S" "$col" "$((row - 1))"
}
# The key line is the screen's last row.
click_key() {
	local line prefix
	line=$($D screen "$S" | tail -1)
	case "$line" in *"$1"*) ;; *) return 1 ;; esac
	prefix=${line%%"$1"*}
	$D click "$S" "$((${#prefix} + ${2:-0}))" 23
}

fresh
$D start "$S" 80x24 "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST"
check "the kiosk starts on the language picker" has "Choose your language" 5

click_on "1. English"
check "a click on a language chooses it" has "What would you like to do?"
click_key "↑↓" 1
check "a click on ↓ of the key line moves down" has "▶ 2. Have your say"
click_key "↑↓" 0
check "and on ↑ moves up" has "▶ 1. Read our plans"

# A page and back: the key line's Esc is a Back a mouse can press.
click_on "Read our plans"
check "a click on a menu item opens it" has "Choose a page to read"
click_on "Our four principles"
check "a click on a page's title opens it" has "Easy to access"
click_key "Esc"
check "a click on Esc in the key line goes back" has "Choose a page to read"
click_key "Esc"
check "and again, home" has "What would you like to do?"

# Quick feedback, every answer a click.
click_on "Leave feedback"
check "the consent" has "Start the survey"
click_on "Start the survey"
check "a click on the button starts it" has "Question 1 of 4"
click_on "Next ▶"
check "Next is a button" has "What is your feedback about?"
click_on "Page: Our four principles"
click_on "Next ▶"
check "a click chooses the topic" has "Question 3 of 4"
click_nth "( )" 4
check "a click on a point of the scale chooses it" sh -c "$D screen $S | grep -q '(•)  *( )\$'"
click_on "Next ▶"
check "on to the comment" has "Your comments"
click_on "Review answers"
check "the review, Submit in sight" has "[ Submit my answers ]"
click_on "Submit my answers"
check "a click submits" has "Your answers have been saved and locked."
check "with the answers clicked" logged '"answers":{"about":"principles","rating":"4"}'
click_on "Finish"
check "Finish hands over to the next person: the language picker" has "Choose your language"

# Back to another language: a name on the picker, on the home screen, and
# "F2 <language>" in the header.
click_on "Polski"
check "a click on Polski: the home screen in Polish" has "Co chcesz zrobić?"
click_on "F2 Polski"
check "a click on F2 in the header opens the language picker" has "Wybierz swój język"
click_on "Türkçe"
check "a click there: Turkish" has "Ne yapmak istersiniz?"
click_on "Español"
check "a click on a language's name on the home screen: Spanish" has "¿Qué le gustaría hacer?"
$D stop "$S"
done_testing
