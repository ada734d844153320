#!/usr/bin/env bash
# Nothing acknowledged is ever lost: SIGKILL at random moments while 500
# submissions are sealed, 100 times over (CRASH_ROUNDS), into one outbox.
# helper-seal prints an id only after outbox_seal returned, which is when
# the kiosk would say "thank you". Afterwards every acknowledged id is there,
# integrity_check is ok, and every row is whole: it decrypts with the demo
# hub's identity to a submission with its own id, and its SHA-256 and size
# match.
. tests/lib.sh
HELPER=$OUTREACH_BUILD/tests/unit/helper-seal
DEMO_ID=scripts/demo-hub/age-identity.txt
ROUNDS=${CRASH_ROUNDS:-100}
PER_ROUND=500

acks=$TMP/acks
: >"$acks"
kills=0
for ((round = 1; round <= ROUNDS; round++)); do
	before=$(wc -l <"$acks")
	"$HELPER" seal "$OUTREACH_HOME" $PER_ROUND >>"$acks" 2>"$TMP/err" &
	pid=$!
	# A random point of the run, whatever the disk's speed: after a
	# random number of acknowledgements (0: while the outbox opens), then
	# a random few milliseconds more, to land inside a seal or a commit.
	target=$((RANDOM % (PER_ROUND * 3 / 4)))
	while [ $(($(wc -l <"$acks") - before)) -lt $target ] &&
	    kill -0 "$pid" 2>/dev/null; do
		sleep 0.002
	done
	sleep "0.00$((RANDOM % 5))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	status=$?
	# The kill can cut the line being written short (a write that crosses
	# a page boundary is two copies, and SIGKILL lands between them): that
	# id was never acknowledged, and the next round's first id must not be
	# glued to it.
	if [ -s "$acks" ] && [ -n "$(tail -c 1 "$acks")" ]; then
		sed -i '$d' "$acks"
	fi
	after=$(wc -l <"$acks")
	if [ $status -eq 137 ] && [ $((after - before)) -lt $PER_ROUND ]; then
		kills=$((kills + 1))
	elif [ $status -ne 0 ] && [ $status -ne 137 ]; then
		not_ok "round $round: the helper failed: $(cat "$TMP/err")"
	fi
done
# A kill can cut the last line short: only whole lines were acknowledged.
acked=$(grep -c . "$acks")
echo "# kills: $kills of $ROUNDS rounds, submissions acknowledged: $acked"
check "the rounds were killed mid-run ($kills of $ROUNDS)" test $kills -ge $((ROUNDS * 9 / 10))

out=$("$HELPER" verify "$OUTREACH_HOME" "$DEMO_ID" "$acks" 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
check "every acknowledged submission is present and every row is whole" test $rc -eq 0
checked=$(printf '%s\n' "$out" | sed -n 's/^rows checked: \([0-9]*\).*/\1/p')
lost=$(printf '%s\n' "$out" | sed -n 's/.*lost: \([0-9]*\)$/\1/p')
check "lost: 0" test "$lost" = 0
# At most one sealed but unacknowledged row per kill (killed between the
# commit and the print); never fewer rows than acknowledgements.
check "rows ($checked) lie between acknowledged ($acked) and acknowledged + kills" \
    test "$checked" -ge "$acked" -a "$checked" -le $((acked + kills))
if command -v sqlite3 >/dev/null; then
	check "sqlite3's own integrity_check is ok" \
	    test "$(sqlite3 "$OUTREACH_HOME/outbox.db" 'PRAGMA integrity_check')" = ok
fi
echo "# kills: $kills, submissions acknowledged: $acked, checked: $checked, lost: $lost"
done_testing
