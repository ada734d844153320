#!/usr/bin/env bash
# Nothing acknowledged is lost when the sync steps are killed: SIGKILL at a
# random moment (0-40 ms in) of `sync export`, `hub import`, `sync
# receipts` and `content install`, round after round, with new
# submissions sealed between rounds. After each kill both databases pass
# integrity_check and every acknowledged submission (helper-sync printed
# its id after outbox_seal returned) is somewhere: on the device, or purged
# there only because the hub holds it. A re-run of the killed step then
# completes it; at the end every submission is on the hub exactly once and
# purged from the device, and the installed pack is whole.
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
ROUNDS=${CRASH_SYNC_ROUNDS:-50}
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
BUNDLED="$PWD/content/packs/hackney"
cd "$TMP" || exit 1
O() { "$OUTREACH" "$@"; }
command -v sqlite3 >/dev/null || { skip "no sqlite3: no crash-sync test"; done_testing; exit 0; }

O hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
pack_for_hub "$BUNDLED" pack
# A newer pack for each round (an older one would rightly be refused).
for ((round = 1; round <= ROUNDS; round++)); do
	sed -i "s|^version = .*|version = 2.$round.0|" pack/pack.ini
	O hub pack pack -o pack$round.zip >/dev/null || exit 1
done
# The folder the device and hub read forms from, older than all of them.
sed -i "s|^version = .*|version = 2.0.0|" pack/pack.ini
export OUTREACH_PACK="$TMP/pack"
O init >/dev/null || exit 1
# The device trusts this hub from the start (sync/trust.h).
O hub pack pack -o pack0.zip >/dev/null || exit 1
O content install pack0.zip --trust "$KEY" >/dev/null || exit 1
O hub enrol "$OUTREACH_HOME/device.pub" >/dev/null || exit 1
DB=$OUTREACH_HOME/outbox.db
HDB=$OUTREACH_HUB/hub.db
mkdir stick
: >acks
KILLS=0 BAD=0

# killed ARGS...: run outreach ARGS (itself, not a subshell, so the kill
# reaches it), SIGKILL it 0-40 ms in; counts a kill that landed.
killed() {
	"$OUTREACH" "$@" >/dev/null 2>kill.err &
	local pid=$! st
	sleep "0.0$((RANDOM % 40 / 10))$((RANDOM % 10))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	st=$?
	[ $st -eq 137 ] && KILLS=$((KILLS + 1))
	return 0
}
# consistent WHEN: both databases whole; every ack on the device or, if
# purged there, held by the hub.
consistent() {
	local dev hub pur missing
	[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || { BAD=$((BAD + 1)); echo "# $1: outbox integrity" ; return; }
	[ "$(sqlite3 "$HDB" 'PRAGMA integrity_check')" = ok ] || { BAD=$((BAD + 1)); echo "# $1: hub integrity"; return; }
	sqlite3 "$DB" 'SELECT id FROM submissions' | sort >dev.ids
	sqlite3 "$DB" 'SELECT id FROM purged' | sort >pur.ids
	sqlite3 "$HDB" 'SELECT id FROM submissions' | sort >hub.ids
	cut -d' ' -f1 acks | sort >ack.ids
	# purged ones must be on the hub
	missing=$(comm -23 pur.ids hub.ids | wc -l)
	# every ack on the device or purged
	missing=$((missing + $(sort -u dev.ids pur.ids | comm -23 ack.ids - | wc -l)))
	if [ "$missing" -ne 0 ]; then
		BAD=$((BAD + 1))
		echo "# $1: $missing acknowledged submission(s) missing"
	fi
}

for ((round = 1; round <= ROUNDS; round++)); do
	"$HELPER" seal "$OUTREACH_HOME" 15 >>acks 2>seal.err || {
		not_ok "round $round: sealing failed: $(cat seal.err)"; break; }
	killed sync export stick --per-bundle 5
	consistent "round $round, export killed"
	O sync export stick --per-bundle 5 >/dev/null 2>ex.err ||
	    { BAD=$((BAD + 1)); echo "# round $round: export re-run: $(cat ex.err)"; }
	killed hub import stick
	consistent "round $round, import killed"
	O hub import stick >/dev/null 2>im.err ||
	    { BAD=$((BAD + 1)); echo "# round $round: import re-run: $(cat im.err)"; }
	killed sync receipts stick
	consistent "round $round, receipts killed"
	O sync receipts stick >/dev/null 2>re.err ||
	    { BAD=$((BAD + 1)); echo "# round $round: receipts re-run: $(cat re.err)"; }
	consistent "round $round, after the re-runs"
	p=pack$round.zip
	killed content install $p --trust "$KEY"
	[ ! -e "$OUTREACH_HOME/pack/current" ] ||
	    O survey check "$OUTREACH_HOME/pack/current/surveys/quick-feedback" >/dev/null 2>&1 ||
	    { BAD=$((BAD + 1)); echo "# round $round: a killed install left a broken pack"; }
	O content install $p --trust "$KEY" >/dev/null 2>ci.err ||
	    { BAD=$((BAD + 1)); echo "# round $round: install re-run: $(cat ci.err)"; }
done

ACKED=$(grep -c . acks)
check "every kill left both databases whole and nothing acknowledged missing ($BAD problems)" \
	test $BAD -eq 0
check "most steps were killed mid-run ($KILLS of $((ROUNDS * 4)))" \
	test $KILLS -ge $ROUNDS
check "every acknowledged submission is on the hub exactly once" \
	test "$(comm -23 ack.ids hub.ids | wc -l)" -eq 0 -a \
	"$(sqlite3 "$HDB" 'SELECT count(*) FROM submissions')" -eq "$ACKED"
check "and purged from the device" \
	test "$(sqlite3 "$DB" 'SELECT count(*) FROM submissions')" -eq 0 -a \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM purged')" -eq "$ACKED"
want=2.$ROUNDS.0
check "the last pack installed ($want) is current" \
	grep -q "^version = $want\$" "$OUTREACH_HOME/pack/current/pack.ini"
LOST=$(comm -23 ack.ids hub.ids | wc -l)
echo "# SIGKILLs: $KILLS, submissions checked: $ACKED, lost: $LOST"
done_testing
