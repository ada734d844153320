# Shell helpers for tests/cli and tests/screen; source this file.
#
# Every check prints one line, "ok N - what", "not ok N - what" or
# "skip - why", which tests/run counts. Tests run from the top of the
# repository with OUTREACH (the binary) and a fresh temporary OUTREACH_HOME.

: "${OUTREACH:=$PWD/outreach}"
: "${SHARED:=${OUTREACH_SHARED:-$PWD/../shared}}"
T_N=0
T_FAILED=0

TMP=$(mktemp -d "${TMPDIR:-/tmp}/outreach-test.XXXXXX")
export OUTREACH_HOME="$TMP/home"
trap 't_cleanup' EXIT
t_cleanup() {
	[ -n "${T_TMUX:-}" ] && tmux -L "$T_TMUX" kill-server 2>/dev/null
	rm -rf "$TMP"
}

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }
skip() { echo "skip - $*"; }
# check "what" command...: ok when the command succeeds.
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
# check_fails "what" command...: ok when the command fails.
check_fails() { local what=$1; shift; if "$@"; then not_ok "$what"; else ok "$what"; fi; }
have_shared() { [ -f "$SHARED/DESIGN.md" ]; }
done_testing() { echo "# $T_N checks, $T_FAILED failed"; [ "$T_FAILED" -eq 0 ]; }
