#!/usr/bin/env bash
# The kiosk cannot be escaped: control keys, function keys, Alt
# combinations, a 100,000-character paste, bracketed paste and other escape
# sequences, mouse storms and resize storms leave it running, on a
# participant screen, and only the PIN opens the facilitator menu. A storm
# in the middle of someone's survey, then the idle reset: the next person
# sees nothing of what the last one typed.
. tests/lib.sh
D=scripts/tmux-drive
S=escape-$$
T_TMUX=outreach-$S
export DRIVE_SETTLE=0
T="tmux -L outreach-$S"
raw() { $T send-keys -t main -l "$1"; }
has() { $D wait $S "$1" "${2:-5}" >/dev/null 2>&1; }
alive() { ! $T capture-pane -t main -p | grep -qF "[kiosk ended]"; }
participant() {
	# Not the facilitator menu, and the kiosk's frame is there.
	! $T capture-pane -t main -p | grep -qF "Facilitator menu" &&
	    $T capture-pane -t main -p | grep -qF "Demo mode"
}
back_home() { $D keys $S Escape Escape Escape Escape >/dev/null; }
control_storm() {
	local k
	for k in C-@ C-a C-b C-c C-d C-e C-f C-g C-h C-i C-j C-k C-l C-m \
	    C-n C-o C-p C-q C-r C-s C-t C-u C-v C-w C-x C-y C-z 'C-\' \
	    'C-]' 'C-^' 'C-_'; do
		$T send-keys -t main "$k"
	done
}
alt_storm() {
	local c
	for c in a b c d e f g h i j k l m n o p q r s t u v w x y z \
	    0 1 2 3 4 5 6 7 8 9 Enter Tab Escape Space Up Down F4 F12; do
		$T send-keys -t main "M-$c"
	done
}
# $1 random X10 mouse reports: clicks, and a third of them wheel turns.
click_storm() {
	local i x y b
	for ((i = 0; i < $1; i++)); do
		x=$((RANDOM % 80)) y=$((RANDOM % 24))
		b=$(( (RANDOM % 3 == 0) ? 96 + RANDOM % 2 : 32 ))
		raw "$(printf '\033[M')$(printf "\\$(printf %03o "$b")")$(printf "\\$(printf %03o $((x + 33)))")$(printf "\\$(printf %03o $((y + 33)))")"
	done
}
# $1 random sizes, then back to 80x24.
resize_storm() {
	local i
	for ((i = 0; i < $1; i++)); do
		$T resize-window -t main -x $((10 + RANDOM % 190)) \
		    -y $((4 + RANDOM % 56))
	done
	$T resize-window -t main -x 80 -y 24
}

echo 7391 | "$OUTREACH" pin set >/dev/null
$D start $S 80x24 "$OUTREACH --lang en"
has "Read our plans" || not_ok "the kiosk starts"

control_storm
sleep 0.5
check "after the 31 control keys the kiosk is running" alive
check "and on a participant screen" participant
back_home

for i in 1 2 3 4 5 6 7 8 9 10 11; do $T send-keys -t main "F$i"; done
$T send-keys -t main Escape Escape
for k in IC DC Home End PPage NPage BTab; do $T send-keys -t main "$k"; done
sleep 0.5
check "after the function and editing keys the kiosk is running" alive
check "and on a participant screen" participant
back_home

alt_storm
sleep 0.5
check "after Alt combinations the kiosk is running" alive
check "and on a participant screen" participant
back_home

# Escape sequences a paste or a hostile keyboard could send.
raw $'\e[200~pasted text\e[201~'
raw $'\e]0;new title\a'
raw $'\e[6n'
raw $'\eP1$r\e\\'
raw $'\e[99999999999999999999m'
raw $'\e[?1049l\e[?25h'
raw $'\e[1;5Z\e[1;99A\e[O\e[I'
raw $'\e\e\e[[[[\e[<0;1;1M\e[M   '
sleep 0.5
check "after raw escape sequences the kiosk is running" alive
check "and on a participant screen" participant
back_home

# A 100,000-character paste into a text field (the search field).
$D keys $S / >/dev/null
has "Search for:"
chunk=$(head -c 10000 /dev/zero | tr '\0' 'x')
for i in 1 2 3 4 5 6 7 8 9 10; do raw "$chunk"; done
raw $'\e[200~'"$chunk"$'\e[201~'
check "after a 100,000-character paste the kiosk answers" has "Search for:" 30
check "the search field kept at most its limit" sh -c "[ \$($T capture-pane -t main -p | grep -o 'x' | wc -l) -le 200 ]"
back_home

# Mouse and resize storms.
click_storm 300
sleep 1
check "after 300 random clicks and wheels the kiosk is running" alive
check "and on a participant screen" participant
resize_storm 40
back_home
check "after 40 random resizes the kiosk is running" alive
check "and back on the home screen at 80x24" has "What would you like to do?" 10

# Only the PIN opens the facilitator menu, and only it can quit.
$D keys $S F12 >/dev/null
has "For the facilitator only."
for p in 0000 1234 9999; do raw "$p"; $T send-keys -t main Enter; sleep 0.2; done
check "wrong PINs do not open the menu" participant
sleep 4.5
raw 7391
$T send-keys -t main Enter
check "the right PIN opens the facilitator menu" has "Facilitator menu" 10
$D keys $S Down Enter >/dev/null
check "and Quit ends the kiosk" has "[kiosk ended]"
$D stop $S

# A storm in the middle of a survey, then the person walks away: the idle
# reset clears it, and the next person sees nothing of it. A pack with a
# short idle timeout (5 s, then a 3 s warning).
cp -R "$OUTREACH_PACK" "$TMP/idle"
sed -i 's/^idle_warning = .*/idle_warning = 5/; s/^idle_countdown = .*/idle_countdown = 3/' \
    "$TMP/idle/pack.ini"
secret="Zebra-$$-quietly"
lacks_secret() { ! $T capture-pane -t main -p | grep -qF "$secret"; }
# Quick feedback up to its comment box.
to_comments() {
	$D keys $S 3 >/dev/null
	has "Start the survey"
	$D keys $S Enter >/dev/null
	has "Question 1 of 4"
	$D keys $S Enter >/dev/null
	has "What is your feedback about?"
	$D keys $S Down Enter PgDn >/dev/null
	has "Choose a number from 1 to 5"
	$D keys $S Right Right PgDn >/dev/null
	has "Your comments"
}
$D start $S 80x24 "$OUTREACH --pack $TMP/idle --lang en"
has "Read our plans"
to_comments
$D type $S "$secret" >/dev/null
check "a participant's words are on the screen" has "$secret"
control_storm
alt_storm
raw $'\e[200~'"$(head -c 3000 /dev/zero | tr '\0' 'y')"$'\e[201~'
click_storm 100
resize_storm 10
sleep 0.5
check "after a storm mid-survey the kiosk is running" alive
check "and on a participant screen" participant
check "the idle reset brings the start back" has "What would you like to do?" 20
check "the reset screen shows nothing of the last person's words" lacks_secret
check "their unfinished survey is destroyed" \
    test ! -e "$OUTREACH_HOME/draft" -a ! -e "$OUTREACH_HOME/draft.key"
to_comments
check "the next person reaches an empty comment box" has "Your comments"
check "with nothing of the last person's words in it" lacks_secret
$D keys $S PgDn >/dev/null
check "nor on the review of their own answers" has "Check your answers"
check "which holds none of the last person's words" lacks_secret
$D stop $S
done_testing
