#!/usr/bin/env bash
# The hub refuses, each with a reason, every bundle it must not trust: a
# flipped byte in an entry, an edited manifest, a manifest signed by
# another key, an unenrolled device, a truncated zip, an entry named ../x,
# and a zip bomb. After all of them the hub's store holds exactly what it
# held before (a dump of hub.db compared), and good bundles beside bad ones
# still go in. A bundle 2 from a copy restored from a backup (the same
# number, other content) is held as a fork beside the first, changing
# nothing held.
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
export OUTREACH_HUB="$TMP/hub"
cd "$TMP" || exit 1

"$OUTREACH" hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
pack_for_hub "$OLDPWD/content/packs/hackney" pack
export OUTREACH_PACK="$TMP/pack"
"$OUTREACH" hub pack pack -o pack.zip >/dev/null || exit 1
# trusts HOME: the device in HOME installs the pack, trusting this hub.
trusts() {
	"$OUTREACH" --home "$1" content install pack.zip --trust "$KEY" \
	    >/dev/null || exit 1
}

# seal HOME N: N submissions on the device in HOME.
seal() { "$HELPER" seal "$1" "$2" >>ids || exit 1; }
# dump: the hub's store, as text.
dump() {
	if command -v sqlite3 >/dev/null; then
		sqlite3 "$OUTREACH_HUB/hub.db" .dump
	else
		for f in draft-strategy carers experience equality quick-feedback; do
			"$OUTREACH" hub export "$f" --format json
		done
	fi
}
# refused WHAT FILE REASON: importing FILE fails, saying REASON.
refused() {
	local what=$1 file=$2 reason=$3 out
	out=$("$OUTREACH" hub import "$file" 2>&1)
	if [ $? -eq 1 ] && printf '%s\n' "$out" | grep -q "REFUSED: .*$reason"; then
		ok "$what is refused: $(printf '%s\n' "$out" | sed -n 's/.*REFUSED: //p' | head -1)"
	else
		not_ok "$what is refused with a reason ($reason)"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}

# Device A: bundles 1 and 2 go in; a backup is taken between them.
export A="$TMP/a" B="$TMP/b"
seal "$A" 4
trusts "$A"
mkdir s1 s2 s3
"$OUTREACH" --home "$A" sync export s1 >/dev/null 2>&1 || exit 1
cp -a "$A" a-backup
seal "$A" 3
"$OUTREACH" --home "$A" sync export s2 >/dev/null 2>&1 || exit 1
"$OUTREACH" hub enrol "$A/device.pub" >/dev/null || exit 1
check "the good bundles import" sh -c '"$OUTREACH" hub import s1 s2 >good.out'
check "7 stored" grep -q "7 new submission(s) stored" good.out

# The restored backup seals other answers: a second, different bundle 2.
seal a-backup 2
"$OUTREACH" --home a-backup sync export s3 >/dev/null 2>&1 || exit 1
B2=$(ls s2/outreach-*-000002.zip)
R2=$(ls s3/outreach-*-000002.zip)
check "the replay has the same name as the imported bundle 2" \
	test "$(basename "$B2")" = "$(basename "$R2")"

# Device B, never enrolled.
seal "$TMP/b" 1
trusts "$B"
mkdir sb
"$OUTREACH" --home "$TMP/b" sync export sb >/dev/null 2>&1 || exit 1

# A third device's key, to sign with.
"$HELPER" seal "$TMP/c" 1 >/dev/null || exit 1

# Device A's next bundle, tampered with in each way (its good copy kept).
seal "$A" 3
mkdir s4 bad
"$OUTREACH" --home "$A" sync export s4 >/dev/null 2>&1 || exit 1
B3=$(ls s4/outreach-*-000003.zip)
for kind in flip manifest traversal bomb truncate; do
	"$HELPER" tamper $kind "$B3" "bad/$kind.zip" || exit 1
done
"$HELPER" tamper resign "$B3" bad/resign.zip "$TMP/c/device.key" || exit 1

dump >before.sql
refused "a flipped byte in an entry" bad/flip.zip "does not match its SHA-256"
refused "an edited manifest" bad/manifest.zip "signature does not verify"
refused "a manifest signed by another key" bad/resign.zip "signed by another key"
refused "an unenrolled device" "$(ls sb/outreach-*.zip)" "is not enrolled"
refused "a truncated zip" bad/truncate.zip "truncated"
refused "an entry named ../x" bad/traversal.zip 'unsafe or unexpected name "../x"'
refused "a zip bomb" bad/bomb.zip "zip bomb"
dump >after.sql
check "the store holds exactly what it held before" cmp -s before.sql after.sql
check "and it was not empty" grep -q "outreach-submission/1" before.sql

# The restored backup's bundle 2 (the same number, other content) is a
# fork, not a forgery: what is new in it is stored, and nothing the hub
# held is changed or dropped.
check "a restored copy's bundle 2 is imported as a fork" \
	sh -c '"$OUTREACH" hub import "'"$R2"'" >fork.out 2>&1 && grep -q "2 new" fork.out && grep -q "recorded as a fork" fork.out'
dump >fork.sql
check "every row held before is still there, unchanged" \
	sh -c 'grep "^INSERT" before.sql | sort >b.rows; grep "^INSERT" fork.sql | sort >f.rows; test -s b.rows && test -z "$(comm -23 b.rows f.rows)"'

# A receipt says "refused" to the device, which then deletes nothing.
check "a refused bundle gets a refused receipt" \
	grep -q '"status": "refused"' sb/receipt-*.json
check "the device keeps its answers" \
	sh -c '"$OUTREACH" --home "$B" --pack pack sync receipts sb | grep -q "Nothing was deleted"'

# Bad and good together: the bad one refused, the good one stored, exit 1.
check_status 1 "a run with a refusal exits 1" \
	sh -c '"$OUTREACH" hub import bad/flip.zip s4 >mixed.out 2>&1'
check "and still imports the good bundle" grep -q "3 new submission(s) stored" mixed.out

# Receipts that are unsigned or altered are refused by the device.
"$OUTREACH" hub import s4 >/dev/null 2>&1
RC=$(ls s4/receipt-*-000003.json)
mkdir r1 r2
cp "$RC" r1/
cp "$RC" "$RC.minisig" r2/
sed -i 's/"imported"/"imported" /' "r2/$(basename "$RC")"
check_status 1 "an unsigned receipt is refused" \
	sh -c '"$OUTREACH" --home "$A" sync receipts r1 >/dev/null 2>r1.err'
check "saying it is not signed" grep -q "not signed" r1.err
check_status 1 "an altered receipt is refused" \
	sh -c '"$OUTREACH" --home "$A" sync receipts r2 >/dev/null 2>r2.err'
check "saying it was altered" grep -q "altered" r2.err
check "and nothing was deleted" \
	sh -c '"$OUTREACH" --home "$A" status | grep -q "Purged after a receipt: *0"'
check "the real receipt is applied" \
	sh -c '"$OUTREACH" --home "$A" sync receipts s4 | grep -q "deleted 3 submission(s)"'

done_testing
