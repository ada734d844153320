#!/usr/bin/env bash
# Real faults, injected while a device works; after each one, every
# submission stored before it is still there and whole, and the message
# says plainly what went wrong. The mechanisms:
#   full disk while sealing   the data folder on a 256 KiB tmpfs, filled by
#                             `outreach submit` until the disk is full
#   full disk while exporting a 16 KiB tmpfs as the USB stick
#   read-only export folder   a tmpfs remounted read-only (root ignores
#                             file modes, not a read-only mount)
#   vanished export folder    a path that does not exist
#   corrupted database        8000 random bytes written over the middle of
#                             outbox.db (a copy is kept and put back)
#   locked database           sqlite3 holding BEGIN EXCLUSIVE for longer
#                             than the outbox's busy timeout (5 s)
#   newer database            PRAGMA user_version set to 99
#   unreadable device key     device.key replaced by a directory; a missing
#                             one by a dangling symlink (root reads mode
#                             000 files, so modes prove nothing)
#   bad content pack          the signed pack cut in half; a zip that is
#                             not a pack
# The mounts need root: without it those cases are skipped. Submissions
# are checked with helper-seal verify (integrity_check, every row decrypts
# with the hub's identity to itself, every id listed before is there).
. tests/lib.sh

SEAL="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-seal"
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
BUNDLED="$PWD/content/packs/hackney"
cd "$TMP" || exit 1
O() { "$OUTREACH" "$@"; }
FAULTS=0 CHECKED=0 LOST=0 MOUNTS=()
trap 'for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done; t_cleanup' EXIT

O hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
pack_for_hub "$BUNDLED" pack
export OUTREACH_PACK="$TMP/pack"
printf '%s\n' '{"about": "other", "about_other": "The bus", "rating": 4}' >g.json

# small NAME SIZE: a tmpfs of SIZE at NAME; fails without root.
small() {
	mkdir -p "$1" && [ "$(id -u)" -eq 0 ] &&
	    mount -t tmpfs -o "size=$2,mode=0700" tmpfs "$1" 2>/dev/null &&
	    MOUNTS+=("$TMP/$1")
}
# ids HOME: the ids the outbox holds now.
ids() { sqlite3 "$1/outbox.db" 'SELECT id FROM submissions' 2>/dev/null; }
# intact WHAT HOME IDS: every id in IDS is in HOME's outbox and every row
# is whole.
intact() {
	local out rc n lost
	out=$("$SEAL" verify "$2" "$OUTREACH_HUB/identity.txt" "$3" 2>&1); rc=$?
	n=$(printf '%s\n' "$out" | sed -n 's/.*acknowledged: \([0-9]*\),.*/\1/p')
	lost=$(printf '%s\n' "$out" | sed -n 's/.*lost: \([0-9]*\)$/\1/p')
	CHECKED=$((CHECKED + ${n:-0}))
	LOST=$((LOST + ${lost:-1}))
	if [ $rc -eq 0 ] && [ "${n:-0}" -gt 0 ]; then
		ok "$1: all ${n} earlier submissions intact"
	else
		not_ok "$1: earlier submissions intact"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}
# refused WHAT WANT CMD...: CMD exits 1 saying WANT on stderr.
refused() {
	local what=$1 want=$2 rc
	shift 2
	FAULTS=$((FAULTS + 1))
	"$@" >fault.out 2>fault.err; rc=$?
	if [ $rc -eq 1 ] && grep -q -- "$want" fault.err; then
		ok "$what: refused: $(head -1 fault.err | sed 's/^outreach: //')"
	else
		not_ok "$what: refused (status $rc), saying \"$want\""
		sed 's/^/# /' fault.err
	fi
}

# --- a full disk while sealing ----------------------------------------------
if small full 256k; then
	H=$TMP/full/home
	O --home "$H" init >/dev/null || exit 1
	n=0
	while O --home "$H" submit quick-feedback g.json >/dev/null 2>full.err; do
		n=$((n + 1))
		[ $n -gt 3000 ] && break
	done
	ids "$H" >full.ids
	FAULTS=$((FAULTS + 1))
	check "a full data folder refuses the next submission (after $n)" \
		test $n -gt 0 -a $n -le 3000
	check "saying the disk is full" grep -q "the disk is full while sealing" full.err
	check "and that the answers were not stored" \
		grep -q "the answers could not be stored" full.err
	intact "full disk while sealing" "$H" full.ids
	check "the outbox counts exactly the $n stored" \
		sh -c "\"\$OUTREACH\" --home '$H' status | grep -q 'waiting for export: *$n '"
else
	skip "cannot mount a small tmpfs (not root?): no full-disk sealing test"
fi

# --- the device used for the rest ------------------------------------------
O init >/dev/null || exit 1
for i in $(seq 30); do O submit quick-feedback g.json >/dev/null || exit 1; done
ids "$OUTREACH_HOME" >dev.ids
DB=$OUTREACH_HOME/outbox.db

# --- export faults ------------------------------------------------------------
if small stick 16k; then
	refused "full stick" "stick is full: .* needs .* free" O sync export stick
	check "the full stick holds nothing" test -z "$(ls stick)"
	intact "full disk while exporting" "$OUTREACH_HOME" dev.ids
else
	skip "cannot mount a small tmpfs: no full-stick test"
fi
if small ro 1m && mount -o remount,ro "$TMP/ro" 2>/dev/null; then
	refused "read-only stick" "ro is read-only" O sync export ro
	intact "read-only export folder" "$OUTREACH_HOME" dev.ids
else
	skip "cannot mount a read-only tmpfs: no read-only stick test"
fi
refused "vanished stick" "the folder gone does not exist" O sync export gone
check "saying the outbox is as it was" grep -q "outbox is as it was" fault.err
intact "vanished export folder" "$OUTREACH_HOME" dev.ids
check "after the faults nothing is marked exported" \
	sh -c '"$OUTREACH" status | grep -q "Exported, waiting for a receipt: *0$"'

# --- the database -------------------------------------------------------------
cp "$DB" db.good
dd if=/dev/urandom of="$DB" bs=1 seek=8000 count=8000 conv=notrunc 2>/dev/null
refused "corrupted outbox, submit" "damaged or not an outbox" \
	O submit quick-feedback g.json
mkdir s1
refused "corrupted outbox, export" "damaged or not an outbox" O sync export s1
refused "corrupted outbox, status" "damaged or not an outbox" O status
check "the corrupted outbox was left as it was (for recovery)" \
	sh -c "! cmp -s '$DB' db.good"
cp db.good "$DB"
intact "corrupted database, put back" "$OUTREACH_HOME" dev.ids

sqlite3 "$DB" 'BEGIN EXCLUSIVE; DELETE FROM purged;' '.shell sleep 13' 'COMMIT;' &
lock=$!
sleep 0.5
refused "locked outbox, submit" "another program is using the outbox" \
	O submit quick-feedback g.json
refused "locked outbox, export" "another program is using the outbox" \
	O sync export s1
check "a locked export leaves no bundle on the stick" test -z "$(ls s1)"
wait $lock
check "the lock was held throughout (the holder committed)" test $? -eq 0
intact "locked database" "$OUTREACH_HOME" dev.ids

schema=$(sqlite3 "$DB" 'PRAGMA user_version')
sqlite3 "$DB" 'PRAGMA user_version = 99'
refused "newer outbox, submit" "newer version of outreach (schema 99" \
	O submit quick-feedback g.json
refused "newer outbox, status" "update outreach to read it" O status
refused "newer outbox, export" "newer version of outreach" O sync export s1
check "the newer outbox is not downgraded" \
	test "$(sqlite3 "$DB" 'PRAGMA user_version')" = 99
sqlite3 "$DB" "PRAGMA user_version = $schema"
intact "newer database, version put back" "$OUTREACH_HOME" dev.ids

# --- the device key ---------------------------------------------------------
K=$OUTREACH_HOME/device.key
mv "$K" key.good
mkdir "$K"
refused "device.key a directory, submit" "device.key: Is a directory" \
	O submit quick-feedback g.json
refused "device.key a directory, export" "device.key: Is a directory" \
	O sync export s1
rmdir "$K"
ln -s "$TMP/nowhere" "$K"
refused "device.key missing, export" "no identity yet (run: outreach init)" \
	O sync export s1
refused "device.key missing, submit" "device.pub exists without device.key" \
	O submit quick-feedback g.json
check "init does not overwrite a half identity" \
	sh -c '! "$OUTREACH" init >/dev/null 2>&1'
rm "$K"
mv key.good "$K"
intact "unreadable device key, put back" "$OUTREACH_HOME" dev.ids
check "nothing was written to the stick meanwhile" test -z "$(ls s1)"

# --- content packs ------------------------------------------------------------
O hub pack pack -o pack.zip >/dev/null || exit 1
head -c $(($(stat -c %s pack.zip) / 2)) pack.zip >half.zip
refused "truncated pack" "" O content install half.zip --trust "$KEY"
echo "$(head -1 fault.err)" | grep -qiE "truncat|damaged|not a zip|not a content pack|zip" &&
    ok "the truncated pack's message names the problem" ||
    not_ok "the truncated pack's message names the problem"
mkdir foreign && echo hello >foreign/readme.txt && (cd foreign && zip -q ../foreign.zip readme.txt)
refused "foreign zip" "" O content install foreign.zip --trust "$KEY"
check "no pack was installed by them" test ! -e "$OUTREACH_HOME/pack/current"
check "the good pack still installs" \
	sh -c '"$OUTREACH" content install pack.zip --trust "'"$KEY"'" >/dev/null'
intact "after all faults" "$OUTREACH_HOME" dev.ids

echo "# faults injected: $FAULTS, submissions checked: $CHECKED, lost: $LOST"
check "lost: 0" test "$LOST" -eq 0
done_testing
