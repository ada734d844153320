#!/usr/bin/env bash
# The kiosk cannot be escaped: control keys, function keys, Alt
# combinations, a 100,000-character paste, bracketed paste and other escape
# sequences, mouse storms and resize storms leave it running, on a
# participant screen, and only the PIN opens the facilitator menu.
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

echo 7391 | "$OUTREACH" pin set >/dev/null
$D start $S 80x24 "$OUTREACH --lang en"
has "Read our plans" || not_ok "the kiosk starts"

n=0
for k in C-@ C-a C-b C-c C-d C-e C-f C-g C-h C-i C-j C-k C-l C-m C-n C-o \
    C-p C-q C-r C-s C-t C-u C-v C-w C-x C-y C-z 'C-\' 'C-]' 'C-^' 'C-_'; do
	$T send-keys -t main "$k"; n=$((n + 1))
done
sleep 0.5
check "after $n control keys the kiosk is running" alive
check "and on a participant screen" participant
back_home

for i in 1 2 3 4 5 6 7 8 9 10 11; do $T send-keys -t main "F$i"; done
$T send-keys -t main Escape Escape
for k in IC DC Home End PPage NPage BTab; do $T send-keys -t main "$k"; done
sleep 0.5
check "after the function and editing keys the kiosk is running" alive
check "and on a participant screen" participant
back_home

for c in a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 Enter Tab Escape Space Up Down F4 F12; do
	$T send-keys -t main "M-$c"
done
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
for i in $(seq 1 300); do
	x=$((RANDOM % 80)) y=$((RANDOM % 24))
	b=$(( (RANDOM % 3 == 0) ? 96 + RANDOM % 2 : 32 ))
	raw "$(printf '\033[M')$(printf "\\$(printf %03o "$b")")$(printf "\\$(printf %03o $((x + 33)))")$(printf "\\$(printf %03o $((y + 33)))")"
done
sleep 1
check "after 300 random clicks and wheels the kiosk is running" alive
check "and on a participant screen" participant
for i in $(seq 1 40); do
	$T resize-window -t main -x $((10 + RANDOM % 190)) -y $((4 + RANDOM % 56))
done
$T resize-window -t main -x 80 -y 24
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
done_testing
