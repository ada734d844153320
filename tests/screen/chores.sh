#!/usr/bin/env bash
# The facilitator's chores in the kiosk at 80x24, with the tests' program
# (a pretend clock, power switch and battery: tests/hooks/laptop-fake.c)
# and a folder standing in for the mounted USB sticks: the laptop's first
# boot (--appliance) with its clock in 2009 asks for the PIN, then the
# clock, then installs the council's pack from the stick after showing
# its hub key id; the kiosk starts again on it. Then the PIN's delay and
# lock-out across a restart, the laptop's status, two packs on a stick,
# no stick, and shutting down.
. tests/lib.sh
D=scripts/tmux-drive
S=chores-$$
T_TMUX=outreach-$S
export DRIVE_SETTLE=0.05
has() { $D wait "$S" "$1" "${2:-5}" >/dev/null 2>&1; }
lacks() { ! $D screen "$S" | grep -qF -- "$1"; }
# TEXT on the screen, read as one line (a sentence the screen wraps).
hasj() {
	local i
	for i in $(seq 1 50); do
		$D screen "$S" | tr -s '\n ' '  ' | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
k() { $D keys "$S" "$@"; }
typ() { $D type "$S" "$1"; }
stop_kiosk() { $D stop "$S" 2>/dev/null; }
# Every row of the screen fits in 80 columns and none is cut mid-word at
# the edge (a line that fills the width exactly is suspect).
fits() { ! $D screen "$S" | awk 'length($0) >= 80 { bad = 1 } END { exit !bad }'; }

BUNDLED="$PWD/content/packs/hackney"
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
export OUTREACH_TEST_CLOCK="$TMP/clock"
export OUTREACH_TEST_POWEROFF="$TMP/poweroff"
export OUTREACH_TEST_POWER_SUPPLY="$TMP/power"
export OUTREACH_STICK_ROOT="$TMP/media"
mkdir -p "$TMP/media" "$TMP/power/BAT0"
printf 'Battery\n' >"$TMP/power/BAT0/type"
printf '9\n' >"$TMP/power/BAT0/capacity"
printf 'Discharging\n' >"$TMP/power/BAT0/status"

"$OUTREACH" hub init "$OUTREACH_HUB" >"$TMP/init.out" || exit 1
hub_keys "$TMP/init.out"
mkpack() {	# DIR VERSION
	pack_for_hub "$BUNDLED" "$1" "$2"
	"$OUTREACH" hub pack "$1" -o "$1.zip" >/dev/null || exit 1
}
mkpack "$TMP/p110" 1.1.0
mkpack "$TMP/p120" 1.2.0
mkdir "$TMP/media/COUNCIL"
cp "$TMP/p110.zip" "$TMP/media/COUNCIL/council-1.1.0.zip"

# --- the first boot, its clock in 2009 ------------------------------------
echo $(( 1230768000 - $(date +%s) )) >"$OUTREACH_TEST_CLOCK"
KIOSK="$OUTREACH_TEST --appliance --lang en"
$D start "$S" 80x24 "$KIOSK"
check "the first boot asks for the PIN" has "Set the facilitator PIN"
typ 2468; k Enter; typ 2468; k Enter
check "then the clock, which says 2009" has "This laptop's clock says 2009-01-01"
check "the clock screen fits 80x24" fits
k BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
    BSpace BSpace BSpace BSpace BSpace BSpace
typ "2027-01-02 10:00"
k Enter
check "the time typed is set" has "The clock is set."
check "then the pack in use and the hub key trusted" \
    has "Trusted hub key id: D513D9665D3110B8"
check "the pack screen fits 80x24" fits
k 1
check "the stick's pack is offered by name" has "council-1.1.0.zip"
check "on the stick, named by its label" has "USB stick: COUNCIL ("
k Enter
check "signed by another hub: its key id is shown to compare" \
    has "This pack is signed by hub key $HUBID."
check "the question fits 80x24" fits
k Enter
check "Enter trusts it and installs" has "Installed pack hackney-asc version 1.1.0"
k Enter
check "then the kiosk ends, for the session to start it again" has "[kiosk ended]"
check "on the new pack" test "$(readlink "$OUTREACH_HOME/pack/current")" = 1.1.0
stop_kiosk

# --- the PIN: the delay survives a restart; six wrong in a row lock it ---
$D start "$S" 80x24 "$KIOSK"
has "Read our plans" || has "Choose your language"
k F12
check "with a PIN, F12 asks for it" has "For the facilitator only."
typ 1111; k Enter
check "a wrong PIN waits" has "That PIN is not right. You can try again in 1 second."
stop_kiosk
sed -i "2s/.*/5 0/" "$OUTREACH_HOME/pin"	# five wrong before the restart
$D start "$S" 80x24 "$KIOSK"
has "Read our plans" || has "Choose your language"
k F12; typ 1111; k Enter
check "the sixth wrong PIN in a row, after a restart: locked for a minute" \
    hasj "6 wrong PINs in a row, so the PIN is locked for 60 seconds."
k Escape; k F12
check "the PIN screen says so while it lasts" has "6 wrong PINs in a row: the PIN is locked for"
typ 2468; k Enter
check "and even the right PIN waits" has "more second"
stop_kiosk
sed -i "2s/.*/0 0/" "$OUTREACH_HOME/pin"

# --- status, two packs, no stick, shutdown ---------------------------------
cp "$TMP/p120.zip" "$TMP/media/COUNCIL/council-1.2.0.zip"
$D start "$S" 80x24 "$KIOSK"
has "Read our plans" || has "Choose your language"
k F12; typ 2468; k Enter
check "the facilitator menu offers the chores" has "9. Shut down the laptop"
check "the menu fits 80x24" fits
k 6
check "Laptop status: the answers" has "Exported, waiting for a receipt:"
check "the pack and its version" has "hackney-asc 1.1.0"
check "a low battery" has "9%, on battery"
check "the clock" has "Clock:"
check "the status screen fits 80x24" fits
k Escape 7
check "two packs on the stick: a choice" has "The stick holds 2 content packs."
k 2
check "the newer one installs without asking (the same hub)" \
    has "Installed pack hackney-asc version 1.2.0"
k Escape
rm -rf "$TMP/media/COUNCIL"
k 7
check "no stick: said" has "No USB stick found."
# Sync with the stick: the answers sealed go onto it, in numbers.
stop_kiosk
mkdir "$TMP/media/KINGSTON"
OUTREACH_PACK="$OUTREACH_HOME/pack/current" \
    "${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync" seal \
    "$OUTREACH_HOME" 7 >/dev/null
$D start "$S" 80x24 "$KIOSK"
has "Read our plans" || has "Choose your language"
k F12; typ 2468; k Enter; has "Facilitator menu"
k 5
check "Sync lists the stick by its label and size" has "1. KINGSTON ("
k Enter
check "Sync with the USB stick says what it did, in numbers" \
    hasj "Exported 7 answers in 1 new bundle."
check "and what waits for the hub" has "7 answers exported are waiting"
check "the sync screen fits 80x24" fits
check "the bundle is on the stick" sh -c "ls '$TMP/media/KINGSTON'/outreach-*.zip >/dev/null"
k Enter
check "Enter: the stick can come out" has "You can take the stick out now."
k Enter
k 9
check "Shut down asks first" has "Shut down the laptop?"
k Enter
check "No goes back" sh -c "test ! -e '$OUTREACH_TEST_POWEROFF'"
k 9 Right Enter
check "Yes switches the laptop off" has "[kiosk ended]"
check "through the system" grep -qx poweroff "$OUTREACH_TEST_POWEROFF"
stop_kiosk
done_testing
