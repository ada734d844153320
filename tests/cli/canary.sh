#!/usr/bin/env bash
# A canary answer must never be readable in any file of the data folder:
# not in the outbox, not in its write-ahead log or shared memory, not in a
# draft; not while the program that sealed it is still running, and not
# after. (Only the UTF-8 form is looked for: nothing writes UTF-16.)
. tests/lib.sh
HELPER=$OUTREACH_BUILD/tests/unit/helper-seal
CANARY=CANARY-7f3a9c

# How many submissions the outbox holds, sealed and waiting for export.
sealed() { "$OUTREACH" status | sed -n 's/^Sealed, waiting for export: *\([0-9]*\).*/\1/p'; }
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
rm -f "$OUTREACH_HOME/draft" "$OUTREACH_HOME/draft.key"

# Through `outreach submit`, as a paper response is entered.
before=$(sealed)
printf '{"comment": "%s", "rating": "4"}' "$CANARY" >"$TMP/paper.json"
check "outreach submit stores a paper response" "$OUTREACH" submit quick-feedback "$TMP/paper.json"
after=$(sealed)
check "the outbox holds one more ($before, then $after)" test "$after" -eq $((before + 1))
rm -f "$TMP/paper.json"
no_canary "the canary is in no file after outreach submit"

# Through the kiosk: typed into a text question, in the draft while the
# person answers, then sealed; looked for while the kiosk still runs.
D=scripts/tmux-drive
S=canary-$$
T_TMUX=outreach-$S
has() { $D wait $S "$1" "${2:-3}" >/dev/null 2>&1; }
cp -R "$OUTREACH_PACK" "$TMP/pack"
sed -i 's/^idle_warning = .*/idle_warning = 600/' "$TMP/pack/pack.ini"
$D start $S 80x24 "$OUTREACH --pack $TMP/pack --lang en"
has "Read our plans"
$D keys $S 3
has "Start the survey"
$D keys $S Enter
has "Question 1 of 4"
$D keys $S PgDn PgDn PgDn
check "the kiosk reaches the comment question" has "Your comments"
$D type $S "$CANARY typed in the kiosk"
check "the answer is on the screen" has "$CANARY typed"
check "the kiosk keeps a draft of it" test -s "$OUTREACH_HOME/draft"
no_canary "the canary is in no file while the person is answering"
$D keys $S PgDn
has "Submit my answers"
$D keys $S Enter
check "the kiosk thanks the person" has "Thank you"
final=$(sealed)
check "the outbox holds the kiosk's submission too" test "$final" -eq $((after + 1))
no_canary "the canary is in no file after submitting, the kiosk still running"
$D keys $S Enter
$D stop $S
no_canary "nor after the kiosk has stopped"
if command -v age >/dev/null && command -v sqlite3 >/dev/null; then
	sqlite3 "$OUTREACH_HOME/outbox.db" "SELECT writefile('$TMP/last.age', c.data) FROM submissions s JOIN ciphertexts c ON c.n = s.ct ORDER BY s.rowid DESC LIMIT 1" >/dev/null
	age -d -i scripts/demo-hub/age-identity.txt "$TMP/last.age" | grep -qF "$CANARY typed in the kiosk" &&
	    ok "while the hub's identity reads it back" || not_ok "while the hub's identity reads it back"
fi

# The tests' plain-text log exists only in build/outreach-test: the program
# that is installed neither knows the variable nor honours it.
check "the test binary has the plain-text log (the search can fail)" \
    grep -qaF OUTREACH_TEST_SUBMIT_LOG "$OUTREACH_TEST"
check_fails "the installed program does not name it" \
    grep -qaF OUTREACH_TEST_SUBMIT_LOG "$OUTREACH"
before=$(sealed)
printf '{"missing": "%s by submit"}' "$CANARY" |
    OUTREACH_TEST_SUBMIT_LOG="$TMP/plain.log" "$OUTREACH" submit draft-strategy \
    >/dev/null 2>&1
check "with the variable set, submit seals" test "$(sealed)" -eq $((before + 1))
check "and writes no plain log" test ! -e "$TMP/plain.log"
# Quick feedback: about a commitment, the third, rated 3, a comment; submit.
printf '%s\n' 3 1 2 3 3 "$CANARY in plain mode" 4 |
    OUTREACH_TEST_SUBMIT_LOG="$TMP/plain.log" "$OUTREACH" --lang en --plain \
    >/dev/null 2>&1
check "plain mode seals too" test "$(sealed)" -eq $((before + 2))
check "and writes no plain log" test ! -e "$TMP/plain.log"
no_canary "and the canary is in no file of the data folder"
done_testing
