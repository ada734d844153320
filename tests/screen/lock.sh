#!/usr/bin/env bash
# The locked kiosk: control keys do nothing, the facilitator menu needs the
# PIN, and an idle kiosk warns, then starts again for the next person.
. tests/lib.sh
D=scripts/tmux-drive
S=lock-$$
T_TMUX=outreach-$S
has() { $D wait $S "$1" "${2:-3}" >/dev/null 2>&1; }
lacks() { ! $D screen $S | grep -qF -- "$1"; }

cp -R "$OUTREACH_PACK" "$TMP/pack"
sed -i 's/^idle_warning = .*/idle_warning = 5/; s/^idle_countdown = .*/idle_countdown = 3/' "$TMP/pack/pack.ini"
echo 4821 | "$OUTREACH" pin set >/dev/null
check "outreach pin set stores a PIN" test -f "$OUTREACH_HOME/pin"

$D start $S 80x24 "$OUTREACH --pack $TMP/pack --lang en"
has "Read our plans"
$D keys $S Enter
for k in C-c C-z 'C-\' C-d C-q C-s C-l Escape; do $D keys $S "$k"; done
check "Ctrl-C, Ctrl-Z, Ctrl-\\ and friends leave the kiosk running" has "Read our plans"
check_fails "the kiosk has not ended" has "[kiosk ended]" 1

$D keys $S F12
check "F12 asks for the PIN" has "For the facilitator only."
$D type $S 1111
check "the PIN is masked" has "PIN: ****"
$D keys $S Enter
check "a wrong PIN is refused" has "That PIN is not right"
sleep 1.2
$D type $S 4821
$D keys $S Enter
check "the right PIN opens the facilitator menu" has "Facilitator menu"
$D keys $S Enter
check "Back to the kiosk returns" has "Read our plans"

# Idle: on a page, quiet for 5 s: a warning; 3 s later, the start again.
$D keys $S Enter
has "Choose a page to read"
$D keys $S 2
check "a page is open" has "Our vision"
check "after 5 quiet seconds a warning counts down" has "Are you still there?" 8
$D keys $S Space
check "a key dismisses the warning" sh -c "! $D screen $S | grep -qF 'Are you still there?'"
check "and the page is still there" has "Our vision"
check "left alone, the kiosk starts again" has "What would you like to do?" 12
check "and the page is gone" lacks "Our vision"

$D keys $S F12
has "For the facilitator only."
$D type $S 4821
$D keys $S Enter
has "Facilitator menu"
$D keys $S Down Enter
check "Quit the kiosk quits" has "[kiosk ended]"
$D stop $S
done_testing
