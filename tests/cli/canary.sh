#!/usr/bin/env bash
# A canary answer must never be readable in any file of the data folder:
# not in the outbox, not in its write-ahead log or shared memory, not in a
# draft; not while the program that sealed it is still running, and not
# after. (Only the UTF-8 form is looked for: nothing writes UTF-16.)
. tests/lib.sh
HELPER=$OUTREACH_BUILD/tests/unit/helper-seal
CANARY=CANARY-7f3a9c

# no_canary WHAT: ok when no file under the data folder holds the canary.
no_canary() {
	local hits
	hits=$(grep -rlaF "$CANARY" "$OUTREACH_HOME" 2>/dev/null)
	if [ -z "$hits" ]; then ok "$1"; else not_ok "$1 (found in: $hits)"; fi
}

"$OUTREACH" init >/dev/null
# The search itself can fail: a plain copy is found.
printf 'x%sx' "$CANARY" >"$OUTREACH_HOME/control"
hits=$(grep -rlaF "$CANARY" "$OUTREACH_HOME")
check "the search finds a plain copy" test "$hits" = "$OUTREACH_HOME/control"
rm -f "$OUTREACH_HOME/control"
# Through the outbox, while the sealing process still runs: the -wal and
# -shm files are there and in use.
"$HELPER" seal "$OUTREACH_HOME" 100000 "$CANARY" >"$TMP/ids" 2>/dev/null &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -s "$TMP/ids" ] && break
	sleep 0.1
done
sleep 0.3
check "the log is there while sealing runs" test -s "$OUTREACH_HOME/outbox.db-wal"
check "and the shared memory index" test -e "$OUTREACH_HOME/outbox.db-shm"
no_canary "the canary is in no file while sealing runs"
sleep 0.3
no_canary "nor a moment later"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "it sealed submissions holding the canary ($(wc -l <"$TMP/ids"))" test "$(wc -l <"$TMP/ids")" -gt 0
no_canary "the canary is in no file after a kill"
"$OUTREACH" status >/dev/null
no_canary "nor once status has opened and closed the outbox"

# A draft of an unfinished survey holds it only encrypted.
"$HELPER" draft "$OUTREACH_HOME" "$CANARY"
check "a draft is kept" test -s "$OUTREACH_HOME/draft"
no_canary "the canary is not readable in the draft"
done_testing
