#!/usr/bin/env bash
# The kiosk under valgrind's memcheck, driven in tmux: browse, search,
# resize, then the PIN and quit from the facilitator menu; the log must show no
# definite leak and no invalid read or write. Run by `make memcheck`.
set -u
cd "$(dirname "$0")/../.."
OUTREACH=${OUTREACH:-$PWD/build/outreach}
D=scripts/tmux-drive
S=memcheck-$$
# valgrind makes the kiosk slow: give each key time, so two Escapes are
# never read as one Alt-Escape.
export DRIVE_SETTLE=0.6
TMP=$(mktemp -d)
trap '$D stop $S; rm -rf "$TMP"' EXIT
export OUTREACH_HOME="$TMP/home"
# F12 with no PIN leads to first-run setup, not the menu: set one first.
echo 4821 | "$OUTREACH" pin set >/dev/null || { echo "memcheck screen: pin set failed"; exit 1; }
$D start $S 80x24 "valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --log-file=$TMP/vg.log $OUTREACH --lang en"
$D wait $S "Read our plans" 60 >/dev/null || { echo "memcheck screen: the kiosk did not start"; exit 1; }
$D keys $S Enter 6 End Home Tab Enter Escape Escape /
$D type $S carers
$D keys $S Down Enter
$D resize $S 100x30
$D resize $S 80x24
$D keys $S Escape Escape Escape Escape F12
$D wait $S "For the facilitator only." 20 >/dev/null || { echo "memcheck screen: F12 did not ask for the PIN"; $D screen $S; exit 1; }
$D type $S 4821
$D keys $S Enter
$D wait $S "Facilitator menu" 20 >/dev/null || { echo "memcheck screen: F12 did not open the facilitator menu"; $D screen $S; exit 1; }
$D keys $S Down Enter
$D wait $S "[kiosk ended]" 30 >/dev/null || { echo "memcheck screen: the kiosk did not quit"; exit 1; }
if [ -s "$TMP/vg.log" ]; then
	echo "memcheck FAILED: the kiosk in tmux"
	cat "$TMP/vg.log"
	exit 1
fi
echo "memcheck ok: the kiosk in tmux (browse, search, resize, quit)"
