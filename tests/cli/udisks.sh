#!/usr/bin/env bash
# USB sticks through udisks2 over D-Bus (tui/udisks.c), against a pretend
# udisks2 (tests/unit/helper-udisks.c) on a private bus standing in for
# the system bus: "Sync with the USB stick" in --plain lists the stick by
# its label and size (never the laptop's own disk), mounts it, writes the
# bundle onto it, and on Enter unmounts it and powers its drive off
# before saying it can be taken out.
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-udisks"
SEAL="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
if ! command -v dbus-daemon >/dev/null || [ ! -x "$HELPER" ]; then
	skip "no dbus-daemon or helper-udisks: no udisks2 test"
	done_testing
	exit 0
fi
unset OUTREACH_STICK_ROOT
T=$TMP/transcript
LOG=$TMP/udisks.log
STICK=$TMP/stick
mkdir -p "$STICK"

addr=$(dbus-daemon --session --fork --print-address=1 --print-pid=3 \
    3>"$TMP/dbus.pid" | head -1)
if [ -z "$addr" ]; then
	skip "a private D-Bus cannot start: no udisks2 test"
	done_testing
	exit 0
fi
export DBUS_SYSTEM_BUS_ADDRESS=$addr
"$HELPER" "$STICK" "$LOG" &
helper=$!
trap 'kill $helper 2>/dev/null; kill "$(cat "$TMP/dbus.pid")" 2>/dev/null; t_cleanup' EXIT
for i in $(seq 1 50); do grep -q ready "$LOG" 2>/dev/null && break; sleep 0.1; done
check "the pretend udisks2 is on the bus" grep -q ready "$LOG"

"$OUTREACH" init >/dev/null || exit 1
echo 2468 | "$OUTREACH" pin set >/dev/null || exit 1
OUTREACH_PACK="$PWD/content/packs/hackney" "$SEAL" seal "$OUTREACH_HOME" 4 \
    >/dev/null || exit 1
printf '%s\n' F12 2468 1 "" b q | "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
said() { tr '\n' ' ' <"$T" | grep -qF -- "$1"; }

check "the stick is listed by its label and size" said "USB stick: KINGSTON (8.0 GB)"
check "the laptop's own disk is not" sh -c "! grep -q rootfs '$T'"
check "it was mounted through udisks2" grep -qx "Mount /org/freedesktop/UDisks2/block_devices/sdb1" "$LOG"
check "the laptop's disk never was" sh -c "! grep -q 'Mount .*sda1' '$LOG'"
check "the sync wrote its bundle onto the stick" sh -c "ls '$STICK'/outreach-*.zip >/dev/null 2>&1"
check "and said so in numbers" said "Exported 4 answers in 1 new bundle."
check "Enter unmounts it" grep -qx "Unmount /org/freedesktop/UDisks2/block_devices/sdb1" "$LOG"
check "and powers its drive off" grep -qx "PowerOff /org/freedesktop/UDisks2/drives/Kingston_DataTraveler" "$LOG"
check "then it can be taken out" said "You can take the stick out now."
check "in that order: mount, unmount, power off" \
    sh -c "grep -v GetManaged '$LOG' | grep -v ready | cut -d' ' -f1 | paste -sd, - | grep -qx 'Mount,Unmount,PowerOff'"

# Powered off, the stick is gone: udisks2 lists nothing, and nothing else
# (no folder of /media) stands in for it.
printf '%s\n' F12 2468 1 b b q | "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
check "after it is taken out safely, no stick is listed" said "No USB stick found."
check "and nothing was mounted again" test "$(grep -c '^Mount' "$LOG")" -eq 1

# udisks2 gone: said.
kill $helper 2>/dev/null
wait $helper 2>/dev/null
printf '%s\n' F12 2468 1 b b q | "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
check "no udisks2 and no stick folder: no stick, said" said "No USB stick found."
[ "$T_FAILED" -eq 0 ] || sed 's/^/# /' "$T" "$LOG"
done_testing
