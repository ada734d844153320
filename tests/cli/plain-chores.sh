#!/usr/bin/env bash
# The facilitator's chores in `outreach --plain`, with the tests' program
# (a pretend clock and power switch, tests/hooks/laptop-fake.c) and a
# folder standing in for the mounted USB sticks (OUTREACH_STICK_ROOT):
# F12 with no PIN is first-run setup (the PIN twice, the clock 17 years
# behind, the council's pack from the stick with its hub key id to
# compare); then F12 asks for the PIN, whose wrong tries are delayed
# across a restart; the laptop's status; two packs on a stick, a stick
# taken out; shutting down. No PIN is ever echoed.
. tests/lib.sh

BUNDLED="$PWD/content/packs/hackney"
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
export OUTREACH_TEST_CLOCK="$TMP/clock"
export OUTREACH_TEST_POWEROFF="$TMP/poweroff"
export OUTREACH_TEST_POWER_SUPPLY="$TMP/power"
export OUTREACH_STICK_ROOT="$TMP/media"
T=$TMP/transcript
mkdir -p "$TMP/media" "$TMP/power/BAT0"
printf 'Battery\n' >"$TMP/power/BAT0/type"
printf '87\n' >"$TMP/power/BAT0/capacity"
printf 'Charging\n' >"$TMP/power/BAT0/status"

# plain INPUT...: one line each; transcript in $T, status in $rc.
plain() {
	printf '%s\n' "$@" | "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
	rc=${PIPESTATUS[1]}
}
said() { grep -qF -- "$1" "$T"; }
show() { sed 's/^/# /' "$T"; }

# A council's hub and its signed pack, 1.1.0.
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

# --- first run: F12 with no PIN -----------------------------------------
echo $(( 1230768000 - $(date +%s) )) >"$OUTREACH_TEST_CLOCK"	# 2009-01-01
plain F12 12 2468 2469 2468 2468 "2027-02-31 10:00" "2027-01-02 10:00" \
    1 yes q
check "plain mode exits 0" test "$rc" -eq 0
check "F12 with no PIN sets one first" said "Set the facilitator PIN"
check "a short PIN is refused" said "A PIN is 4 to 12 digits."
check "two different PINs are refused" said "The two PINs were not the same."
check "the same PIN twice is stored" said "The facilitator PIN is set."
check "no PIN is echoed" sh -c "! grep -q '2468\|2469' '$T'"
check "the clock in 2009 is said to be wrong" said "This laptop's clock says 2009-01-01"
check "a date that is not a day is refused" said "Type the date and time as 2026-03-14 09:30 (year"
check "the date typed sets the clock" said "The clock is set."
want=$(date -d "2027-01-02 10:00" +%s)
check "to that time (the pretend clock is within a minute of it)" \
    sh -c "n=\$(( \$(date +%s) + \$(cat '$OUTREACH_TEST_CLOCK') )); [ \$((n - $want)) -ge 0 ] && [ \$((n - $want)) -lt 60 ]"
check "the pack in use and the hub key trusted are said" \
    sh -c "grep -qF 'Pack in use: hackney-asc 1.0.0' '$T' && grep -qF 'Trusted hub key id: D513D9665D3110B8' '$T'"
check "the stick is found by its label" said "USB stick: COUNCIL ("
check "the council's hub key id is shown to compare" said "This pack is signed by hub key $HUBID. This laptop trusts hub key D513D9665D3110B8."
check "yes trusts it and installs" said "Installed pack hackney-asc version 1.1.0, signed by hub key $HUBID."
check "pack/current is the new version" test "$(readlink "$OUTREACH_HOME/pack/current")" = 1.1.0
show_if_failed() { [ "$T_FAILED" -eq 0 ] || show; }
show_if_failed

# --- the PIN, with its delay kept across a restart ----------------------
plain F12 1111 q
check "now F12 asks for the PIN" said "For the facilitator only."
check "a wrong PIN is refused with its wait" said "That PIN is not right. You can try again in 1 second."
check "the count and the next try are on disk, beside the hash" \
    sh -c "sed -n 2p '$OUTREACH_HOME/pin' | grep -qE '^[1-9][0-9]* [1-9][0-9]*\$'"
# The wait still running at the restart, however slowly this machine (or a
# sanitizer's build) started the program: the next try 30 s ahead of the
# program's clock (the tests' pretend clock is an offset from the real one).
later=$(( $(date +%s) + $(cat "$OUTREACH_TEST_CLOCK" 2>/dev/null || echo 0) + 30 ))
sed -i "2s/ .*/ $later/" "$OUTREACH_HOME/pin"
plain F12 2468 q
check "after a restart the right PIN still waits (the count is on disk)" \
    said "Please wait"
# One wrong PIN counted so far ("failures next"), the wait over.
pin_count() {
	h=$(head -n 1 "$OUTREACH_HOME/pin")
	printf '%s\n%s\n' "$h" "$1" >"$OUTREACH_HOME/pin"
}
pin_count "1 0"
for i in 1 2 3 4; do
	sed -i "2s/ .*/ 0/" "$OUTREACH_HOME/pin"	# the wait is over
	plain F12 1111 q
done
sed -i "2s/ .*/ 0/" "$OUTREACH_HOME/pin"
plain F12 1111 q
check "after 6 wrong PINs in a row it says so, and waits a minute" \
    said "That PIN is not right: 6 wrong PINs in a row, so the PIN is locked for 60 seconds."
plain F12 2468 q
check "while it is locked the right PIN is told so, as on the kiosk's PIN screen" \
    said "6 wrong PINs in a row: the PIN is locked for"
pin_count "0 0"

# --- status, two packs, a stick taken out, shutdown ----------------------
cp "$TMP/p120.zip" "$TMP/media/COUNCIL/council-1.2.0.zip"
plain F12 2468 2 3 2 4 k 5 b 5 yes
check "the right PIN opens the facilitator menu" said "Facilitator menu"
check "the menu names the device" said "This device's key id: "
check "the status counts the answers" sh -c "grep -qx 'Answers waiting for export: 0' '$T' && grep -qx 'Acknowledged by the hub: 0' '$T'"
check "with the pack, battery and clock" sh -c "grep -qx 'Content pack: hackney-asc 1.1.0' '$T' && grep -qx 'Battery: 87%, charging' '$T' && grep -q '^Clock: 2027-01-02' '$T'"
check "two packs on the stick: a choice" said "The stick holds 2 content packs. Choose the one to install:"
check "the newer one installs without asking (same hub)" said "Installed pack hackney-asc version 1.2.0"
check "Set the clock: k keeps it" said "The clock was not set"
check "shutting down asks first; b goes back" \
    sh -c "[ \$(grep -c 'Shut down the laptop?' '$T') -eq 2 ] && [ \$(grep -c 'Shutting down' '$T') -eq 1 ]"
check "yes shuts down" sh -c "grep -qx poweroff '$OUTREACH_TEST_POWEROFF' && grep -qF 'Shutting down...' '$T'"
show_if_failed

rm -rf "$TMP/media/COUNCIL"
plain F12 2468 3 "" b 5 b b q
check "no stick: said, and Enter looks again" said "No USB stick found."
mkdir "$TMP/media/EMPTY"
plain F12 2468 3 b q
check "a stick with no pack: said" said "This stick holds no content pack"
check "the pack in use is untouched" test "$(readlink "$OUTREACH_HOME/pack/current")" = 1.2.0
show_if_failed
done_testing
