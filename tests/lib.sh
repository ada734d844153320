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
# check_fails "what" command...: ok when the command fails (any way at all,
# a crash too: for the outreach program's own exits use check_status).
check_fails() { local what=$1; shift; if "$@"; then not_ok "$what"; else ok "$what"; fi; }
# check_status N "what" command...: ok when the command exits with status N
# (DESIGN.md: 1 a failure it explains, 2 wrong usage); else says what it was.
check_status() {
	local want=$1 what=$2 rc
	shift 2
	"$@"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$what"; else not_ok "$what (exit $rc, not $want)"; fi
}
have_shared() { [ -f "$SHARED/DESIGN.md" ]; }
done_testing() { echo "# $T_N checks, $T_FAILED failed"; [ "$T_FAILED" -eq 0 ]; }

# hub_keys FILE: REC, KEY and HUBID (the hub's age recipient, minisign
# public key and key id) from what `outreach hub init` printed into FILE.
hub_keys() {
	REC=$(sed -n 's/^recipients = //p' "$1")
	KEY=$(sed -n 's/^minisign_public_key = //p' "$1")
	HUBID=$(sed -n 's/^Hub key id: \([0-9A-F]*\).*/\1/p' "$1")
}
# pack_for_hub SRC DIR [VERSION]: DIR becomes a copy of the pack folder
# SRC naming the hub of REC and KEY (hub_keys) in its pack.ini, at VERSION
# when one is given.
pack_for_hub() {
	rm -rf "$2"
	cp -R "$1" "$2" || return 1
	sed -i "s|^recipients = .*|recipients = $REC|; \
s|^minisign_public_key = .*|minisign_public_key = $KEY|" "$2/pack.ini"
	[ -z "${3:-}" ] || sed -i "s|^version = .*|version = $3|" "$2/pack.ini"
}
# tone_wav FILE: a second of a 16 kHz mono tone, a pack's recording.
tone_wav() {
	python3 - "$1" <<'PY'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 5)))
              for i in range(16000)))
w.close()
PY
}
