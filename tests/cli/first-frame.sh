#!/usr/bin/env bash
# The kiosk's first frame (the language picker) needs curses and the pack
# only: the libraries the program opens on first use (libsodium, jansson,
# SQLite, ...; content/libload.h) arrive after that frame (libsodium when
# the kiosk makes the device's keys on its first start), never before it.
# LD_DEBUG=files writes each library the dynamic linker opens to standard
# error, which is the terminal here, so one typescript holds the frame and
# the loads in the order they happened.
. tests/lib.sh
MARK="Use the arrow keys and Enter"
LOG=$TMP/typescript

if ! command -v script >/dev/null 2>&1; then
	skip "no script(1): the first frame's libraries not checked"
	done_testing
	exit
fi
# A fresh home: after its first frame the kiosk makes the device's keys
# (libsodium); wait for that, or 30 s, then hang up on it.
TERM=xterm-256color script -qfc "env LD_DEBUG=files '$OUTREACH'" "$LOG" \
    </dev/null >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do
	grep -qF "$MARK" "$LOG" 2>/dev/null &&
	    grep -q "file=libsodium" "$LOG" && break
	sleep 0.1
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

check "the kiosk drew its first frame" grep -qF "$MARK" "$LOG"
# Lines before the one with the frame's marker, and from it on.
awk -v m="$MARK" 'index($0, m) { exit } { print }' "$LOG" >"$TMP/before"
awk -v m="$MARK" 'index($0, m) { on = 1 } on { print }' "$LOG" >"$TMP/after"
check "the dynamic linker's log is there (curses before the frame)" \
    grep -q "file=libncursesw" "$TMP/before"
check "and it sees what the kiosk opens later (libsodium after the frame)" \
    grep -q "file=libsodium" "$TMP/after"
for lib in libsodium libjansson libsqlite3 libzip libmd4c libexpat \
    libnettle libpcre2 libsystemd libespeak libsndfile; do
	check_fails "no $lib before the first frame" \
	    grep -q "file=$lib" "$TMP/before"
done
done_testing
