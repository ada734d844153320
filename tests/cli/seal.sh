#!/usr/bin/env bash
# The device's identity and the sealed outbox from the command line:
# outreach init and status, and submissions sealed to the demo hub that
# the standard `age -d` decrypts into the JSON of DESIGN.md.
. tests/lib.sh
HELPER=$OUTREACH_BUILD/tests/unit/helper-seal
DEMO_ID=scripts/demo-hub/age-identity.txt

# init: the identity, its files and modes; a second run changes nothing.
out=$("$OUTREACH" init 2>&1); rc=$?
check "init exits 0" test $rc -eq 0
id=$(printf '%s\n' "$out" | sed -n 's/^Device key id: *//p')
case "$id" in [0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F])
	ok "init prints a 16-digit key id ($id)" ;; *) not_ok "init prints a key id (got: $out)" ;; esac
printf '%s\n' "$out" | grep -qxF "Public key:    $OUTREACH_HOME/device.pub" &&
    ok "and the path of device.pub" || not_ok "and the path of device.pub (got: $out)"
check "the data folder is 0700" test "$(stat -c %a "$OUTREACH_HOME")" = 700
check "device.key is 0600" test "$(stat -c %a "$OUTREACH_HOME/device.key")" = 600
check "device.pub is 0644" test "$(stat -c %a "$OUTREACH_HOME/device.pub")" = 644
check "the outbox is 0600" test "$(stat -c %a "$OUTREACH_HOME/outbox.db")" = 600
if command -v minisign >/dev/null; then
	echo hello >"$TMP/msg"
	check "minisign signs with device.key, unprompted" \
	    minisign -S -s "$OUTREACH_HOME/device.key" -m "$TMP/msg" -x "$TMP/msg.sig" </dev/null
	check "and verifies that with device.pub" \
	    minisign -V -q -p "$OUTREACH_HOME/device.pub" -m "$TMP/msg" -x "$TMP/msg.sig"
else
	skip "minisign is not installed"
fi
cp "$OUTREACH_HOME/device.key" "$TMP/key-before"
out2=$("$OUTREACH" init 2>&1); rc=$?
check "init again exits 0" test $rc -eq 0
printf '%s\n' "$out2" | grep -q "already has an identity" && ok "and says it already exists" ||
    not_ok "and says it already exists (got: $out2)"
printf '%s\n' "$out2" | grep -qxF "Device key id: $id" && ok "with the same key id" ||
    not_ok "with the same key id (got: $out2)"
check "the secret key is untouched" cmp -s "$TMP/key-before" "$OUTREACH_HOME/device.key"
"$OUTREACH" init --help >/dev/null; check "init --help exits 0" test $? -eq 0
"$OUTREACH" init extra 2>/dev/null; check "init with an argument is wrong usage (2)" test $? -eq 2

# Folders that cannot hold a device.
: >"$TMP/afile"
out=$("$OUTREACH" --home "$TMP/afile/home" init 2>&1); rc=$?
check "init under a file exits 1" test $rc -eq 1
case "$out" in "outreach: cannot create the data folder"*) ok "with a clear sentence" ;; *) not_ok "with a clear sentence (got: $out)" ;; esac
out=$("$OUTREACH" --home "$TMP/afile" init 2>&1); rc=$?
case "$rc:$out" in 1:*"is not a folder"*) ok "init on a file says it is not a folder" ;; *) not_ok "init on a file (got $rc: $out)" ;; esac
if [ "$(id -u)" != 0 ]; then
	mkdir -p "$TMP/ro" && chmod 0500 "$TMP/ro"
	out=$("$OUTREACH" --home "$TMP/ro" init 2>&1); rc=$?
	case "$rc:$out" in 1:*"cannot write"*) ok "init in a read-only folder says so" ;; *) not_ok "read-only folder (got $rc: $out)" ;; esac
else
	skip "read-only folder: running as root"
fi

# status before and after sealing; counts only, never answers.
out=$("$OUTREACH" --home "$TMP/fresh" status 2>&1); rc=$?
check "status on a device never used exits 0" test $rc -eq 0
printf '%s\n' "$out" | grep -q "none yet (run: outreach init)" && ok "and says there is no identity yet" ||
    not_ok "no identity yet (got: $out)"
check "and creates nothing" test ! -e "$TMP/fresh"
"$HELPER" seal "$OUTREACH_HOME" 3 "CANARY-seal-5b1e" >"$TMP/ids"
check "three submissions are sealed" test "$(wc -l <"$TMP/ids")" -eq 3
out=$("$OUTREACH" status 2>&1); rc=$?
check "status exits 0" test $rc -eq 0
printf '%s\n' "$out" | grep -q "^Sealed, waiting for export: *3 " && ok "status counts 3 sealed" ||
    not_ok "status counts 3 sealed (got: $out)"
printf '%s\n' "$out" | grep -q "^Device key id: *$id$" && ok "status shows the key id" ||
    not_ok "status shows the key id"
printf '%s\n' "$out" | grep -q "^Unfinished survey kept: *no$" && ok "status says no draft is kept" ||
    not_ok "status says no draft is kept"
case "$out" in *CANARY*|*experience*) not_ok "status shows no content" ;; *) ok "status shows no content" ;; esac
"$OUTREACH" status --help >/dev/null; check "status --help exits 0" test $? -eq 0

# The standard age decrypts what we sealed, into the whole JSON.
first=$(head -1 "$TMP/ids")
"$HELPER" extract "$OUTREACH_HOME" "$first" >"$TMP/one.age"
check "the ciphertext starts as an age file" sh -c "head -c 21 '$TMP/one.age' | grep -q 'age-encryption.org/v1'"
if command -v sqlite3 >/dev/null; then
	sqlite3 "$OUTREACH_HOME/outbox.db" "SELECT writefile('$TMP/sql.age', c.data) FROM submissions s JOIN ciphertexts c ON c.n = s.ct WHERE s.id = '$first'" >/dev/null
	check "sqlite3 extracts the same bytes" cmp -s "$TMP/one.age" "$TMP/sql.age"
	check "the outbox is in WAL mode" test "$(sqlite3 "$OUTREACH_HOME/outbox.db" 'PRAGMA journal_mode')" = wal
	check "at schema version 2" test "$(sqlite3 "$OUTREACH_HOME/outbox.db" 'PRAGMA user_version')" = 2
else
	skip "sqlite3 is not installed"
fi
if command -v age >/dev/null; then
	if age -d -i "$DEMO_ID" -o "$TMP/one.json" "$TMP/one.age"; then
		ok "age -d with the demo hub's identity decrypts it"
	else
		not_ok "age -d with the demo hub's identity decrypts it"
	fi
	if command -v jq >/dev/null; then
		j() { jq -r "$1" "$TMP/one.json"; }
		check "format is outreach-submission/1" test "$(j .format)" = outreach-submission/1
		check "id is the one acknowledged" test "$(j .id)" = "$first"
		check "kind is survey" test "$(j .kind)" = survey
		check "form id and version" test "$(j '.form.id + " " + .form.version')" = "experience 2026110101"
		check "pack id and version" test "$(j '.pack.id + " " + .pack.version')" = "hackney 1.0.0"
		check "language" test "$(j .language)" = en
		check "device is this device's key id" test "$(j .device)" = "$id"
		check "session is null" test "$(j .session)" = null
		check "started is RFC 3339 UTC" sh -c "jq -r .started '$TMP/one.json' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'"
		check "submitted is RFC 3339 UTC" sh -c "jq -r .submitted '$TMP/one.json' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'"
		check "answers are strings, the canary among them" test "$(j .answers.comment)" = CANARY-seal-5b1e
		check "select_multiple answers are space-separated" test "$(j .answers.services)" = "home_care day_centre meals"
		check "eleven top-level keys, no more" test "$(jq 'keys | length' "$TMP/one.json")" = 11
	else
		skip "jq is not installed: JSON fields not checked"
	fi
else
	skip "age is not installed"
fi
check "every row decrypts and matches its hash" "$HELPER" verify "$OUTREACH_HOME" "$DEMO_ID" "$TMP/ids"
done_testing
