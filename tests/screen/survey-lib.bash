# Helpers for the survey screen tests (tests/screen/survey-*.sh); source it
# after tests/lib.sh with S set to the session name. Not a test itself.
D=scripts/tmux-drive
T_TMUX=outreach-$S
LOG=$TMP/submitted.jsonl
export DRIVE_SETTLE=0.05
# Wait up to 3 s for text (a redraw may take a moment).
has() { $D wait "$S" "$1" "${2:-3}" >/dev/null 2>&1; }
# The text is not on the screen (or goes within 3 s).
hasnt() { eventually sh -c '! "$1" screen "$2" | grep -qF -- "$3"' _ "$D" "$S" "$1"; }
# Run a command until it succeeds, for up to 3 s: a busy machine may
# not have redrawn yet when the screen settled.
eventually() {
	local end=$((SECONDS + 3))
	while ! "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}
k() { $D keys "$S" "$@"; }
typ() { $D type "$S" "$1"; }
# k_n N KEY: press KEY N times.
k_n() { local i; for ((i = 0; i < $1; i++)); do $D keys "$S" "$2"; done; }
# Click on the first place TEXT is shown; fails when it is not there.
click_on() {
	local text=$1 found n line prefix
	found=$($D screen "$S" | grep -n -m1 -F -- "$text") || return 1
	n=${found%%:*}
	line=${found#*:}
	prefix=${line%%"$text"*}
	$D click "$S" "${#prefix}" "$((n - 1))"
}
# A kiosk stopped in the middle of a survey keeps an encrypted draft and
# offers it back on its next start (tests/screen/resume.sh); the tests
# here start afresh each time.
fresh() { rm -f "$OUTREACH_HOME/draft" "$OUTREACH_HOME/draft.key"; }
# The pack with no hub recipient: nothing to seal to, so no sealing hook.
NORECIP=$TMP/norecip-pack
cp -R "$OUTREACH_PACK" "$NORECIP"
sed -i '/^recipients *=/d' "$NORECIP/pack.ini"
# Start the kiosk at 80x24 with the test-only submit log (or no sealing
# hook at all: NOLOG=1).
start_kiosk() {
	fresh
	if [ -n "${NOLOG:-}" ]; then
		$D start "$S" "${1:-80x24}" "$OUTREACH --pack $NORECIP --lang en"
	else
		$D start "$S" "${1:-80x24}" "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST --lang en"
	fi
	has "Read our plans" 5
}
# The lines of the screen are no wider than W.
fits() {
	local w
	w=$($D screen "$S" | wc -L)
	[ "$w" -le "$1" ]
}
logged() { grep -qF -- "$1" "$LOG"; }
