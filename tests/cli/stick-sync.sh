#!/usr/bin/env bash
# "Sync with the USB stick" from the facilitator menu, in --plain with a
# folder standing in for the mounted stick (OUTREACH_STICK_ROOT): the
# first sync writes bundles onto the stick; the hub imports them and
# writes its receipts beside them; the second sync applies the receipts
# and the laptop's status shows them acknowledged. A stick that fills up,
# goes read-only or is pulled out half-way gets its own sentence and loses
# nothing: the next sync delivers everything. A receipt of another hub is
# refused and deletes nothing.
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
TOP=$PWD
BUNDLED="$TOP/content/packs/hackney"
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
export OUTREACH_STICK_ROOT="$TMP/media"
STICK="$TMP/media/KINGSTON"
T=$TMP/transcript
cd "$TMP" || exit 1
mkdir -p "$STICK"

# plain INPUT...: one line each; transcript in $T.
plain() {
	printf '%s\n' "$@" | "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
}
said() { tr '\n' ' ' <"$T" | grep -qF -- "$1"; }
show() { sed 's/^/# /' "$T"; }
sync_stick() { plain F12 2468 1 "" b q; }

"$OUTREACH" hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
pack_for_hub "$BUNDLED" pack 1.1.0
"$OUTREACH" hub pack pack -o pack.zip >/dev/null || exit 1
"$OUTREACH" init >/dev/null || exit 1
"$OUTREACH" content install pack.zip --trust "$KEY" >/dev/null || exit 1
"$OUTREACH" hub enrol "$OUTREACH_HOME/device.pub" >/dev/null || exit 1
echo 2468 | "$OUTREACH" pin set >/dev/null || exit 1
seal() { OUTREACH_PACK="$OUTREACH_HOME/pack/current" "$HELPER" seal \
    "$OUTREACH_HOME" "$1" >>ids || exit 1; }
status_is() {	# WAITING EXPORTED ACKNOWLEDGED
	"$OUTREACH" status >status.out
	grep -q "Sealed, waiting for export: *$1 " status.out &&
	    grep -q "Exported, waiting for a receipt: *$2\$" status.out &&
	    grep -q "Purged after a receipt: *$3\$" status.out
}

# --- round 1: sealed answers go onto the stick --------------------------
seal 12
sync_stick
check "no receipts yet: said" said "No receipts for this laptop on the stick."
check "the first sync exports the 12 in numbers" said "Exported 12 answers in 1 new bundle."
check "and says they wait for the hub's receipt" said "12 answers exported are waiting for the hub's receipt."
check "then the stick is safe to take out" said "You can take the stick out now."
check "a bundle is on the stick" test "$(ls "$STICK"/outreach-*.zip | wc -l)" -eq 1
check "status: 12 exported, waiting" status_is 0 12 0

# --- the hub imports and writes receipts onto the same stick -------------
check "the hub imports the stick" sh -c '"$OUTREACH" hub import "$0" --pack pack >import.out' "$STICK"
check "12 stored" grep -q "12 new submission(s) stored" import.out
check "a receipt beside the bundle" test "$(ls "$STICK"/receipt-*.json | wc -l)" -eq 1

# --- round 2: the receipts come back --------------------------------------
seal 3
sync_stick
check "the second sync applies the receipt" said "Receipts: 1 applied, 12 answers the hub holds deleted from this laptop."
check "and exports the 3 new ones" said "Exported 3 answers in 1 new bundle."
check "status: the 12 acknowledged, 3 waiting for a receipt" status_is 0 3 12
plain F12 2468 2 b q
check "the laptop's status shows them acknowledged" \
    sh -c "grep -qx 'Acknowledged by the hub: 12' '$T' && grep -qx 'Exported, waiting for a receipt: 3' '$T'"
check "with the last sync and its bundle" grep -q '^Last sync: .* (bundle 2)$' "$T"

# --- a stick that fails half-way ----------------------------------------
if ${CC:-cc} -shared -fPIC -O2 -o shim.so "$TOP/tests/unit/shim-enospc.c" \
    -ldl 2>/dev/null; then
	half() {	# ERRNO: sync with the stick failing after 3000 bytes
		printf '%s\n' F12 2468 1 "" b q | SHIM_ENOSPC_AFTER=3000 \
		    SHIM_ENOSPC_ERRNO=$1 LD_PRELOAD="$PWD/shim.so" \
		    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
	}
	seal 40
	before=$(ls "$STICK" | wc -l)
	half ENOSPC
	check "a full stick: said, the rest stays on the laptop" \
	    said "The stick is full: 0 new bundles were written, the rest stays on this laptop."
	check "nothing half-written is left on it" test "$(ls "$STICK" | wc -l)" -eq "$before"
	check "the 40 still wait for export" status_is 40 3 12
	half EROFS
	check "a read-only stick: said, every answer stays" \
	    said "The stick is read-only (or locked): nothing could be written to it."
	check "the 40 still wait" status_is 40 3 12
	half EIO
	check "a stick pulled out half-way: said, nothing lost" \
	    said "The stick was taken out, or failed, before the export ended. Nothing is lost"
	check "the 40 still wait" status_is 40 3 12
	sync_stick
	check "the next sync delivers them" said "Exported 40 answers in 1 new bundle."
	check "the hub gets every one: 55 in all" sh -c '"$OUTREACH" hub import "$0" --pack pack >import2.out; grep -q "43 new submission(s) stored, 12 already held" import2.out || { sed "s/^/# /" import2.out; false; }' "$STICK"
else
	skip "cannot build an LD_PRELOAD shim: no half-way failure tests"
fi

# --- a stick taken out before the sync, and a forged receipt -------------
mv "$STICK" "$TMP/away"
sync_stick
check "no stick: said" said "No USB stick found."
mv "$TMP/away" "$STICK"
# A receipt altered on the stick: refused, nothing deleted for it.
last=$(ls "$STICK"/receipt-*.json | tail -1)
cp "$last" "$TMP/receipt.good"
sed -i 's/"stored"/"stored" /' "$last"
sync_stick
check "a receipt altered on the stick is refused, and said" \
    said "1 receipt was refused (not signed by this laptop's hub): nothing was deleted for it."
check "it deleted nothing" status_is 0 40 15
cp "$TMP/receipt.good" "$last"
sync_stick
check "the receipt put right is applied: all 55 acknowledged" status_is 0 0 55
check "and the sync says so in numbers" said "40 answers the hub holds deleted from this laptop."


done_testing
