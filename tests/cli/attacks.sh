#!/usr/bin/env bash
# The trust between devices, sticks and the hub, tried as an attacker
# would (issue 12): with a stolen but enrolled laptop, a USB stick in
# hostile hands, a laptop restored from a backup and a cloned fleet. Each
# attack is one or more checks; it "held" when all of them pass. At the
# end every real answer sealed here must still be on its device or on the
# hub from that device: "attacks tried: N, held: N, answers lost: 0".
#
#   1  one id, one device: B copies A's id from the stick
#   2  the trust anchor is the installed pack, never --pack/$OUTREACH_PACK
#   3  a laptop restored from a backup, and a cloned fleet, deliver again
#   4  never a "refused" receipt over a good one
#   5  the hub checks kind against form
#   6  spreadsheets and terminals are output too
#   7  FIFOs, 100,001 junk receipts, two imports at once, 0600 exports, an
#      empty hub.db, "Trusting hub key" only once installed
#   8  a name that passes survey check can be sealed (età)
#   9  passphrases like readpassphrase(3); jansson's allocator first
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
TOP=$PWD
BUNDLED="$TOP/content/packs/hackney"
unset OUTREACH_PACK OUTREACH_HUB_PASSPHRASE
export OUTREACH_HUB="$TMP/hub"
cd "$TMP" || exit 1
O() { "$OUTREACH" "$@"; }
command -v sqlite3 >/dev/null || { skip "no sqlite3: attacks not counted"; done_testing; exit 0; }

TRIED=0 HELD=0 ATTACK= ATTACK_OK=1
# attack ITEM WHAT: a new attack on the issue's item ITEM.
attack() {
	finish
	TRIED=$((TRIED + 1)) ATTACK="[$1] $2" ATTACK_OK=1
}
finish() { [ -n "$ATTACK" ] && [ $ATTACK_OK -eq 1 ] && HELD=$((HELD + 1)); ATTACK=; }
# held WHAT COMMAND...: a check of the attack in progress.
held() {
	local what=$1; shift
	if "$@"; then ok "$ATTACK: $what"; else not_ok "$ATTACK: $what"; ATTACK_OK=0; fi
}
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }
not() { ! "$@"; }

# --- the hub, its pack, and a form with the cases items 6 and 8 need -------
O hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
# mkpack DIR VERSION [HUBKEY RECIPIENT]: the Hackney pack sealing to this
# hub (or to the one named), with the form "checks".
mkpack() {
	rm -rf "$1"
	cp -R "$BUNDLED" "$1"
	sed -i "s|^recipients = .*|recipients = ${4:-$REC}|; \
s|^minisign_public_key = .*|minisign_public_key = ${3:-$KEY}|; \
s|^version = .*|version = $2|; \
s|^order = draft-strategy, carers, experience, equality|&, checks, names|" "$1/pack.ini"
	mkform "$1" checks 'text,said,What did you say?,' \
	    'calculate,echo,,${said}' 'integer,n,A number,' \
	    'calculate,luck,,random()' 'calculate,twice,,${luck} * 2' \
	    'calculate,day,,today()'
	mkform "$1" names 'text,età,Età?,' 'text,said,What did you say?,'
}
# mkform PACK ID ROW...: a form of those survey rows.
mkform() {
	local d=$1/surveys/$2
	mkdir -p "$d"
	printf '%s\n' 'type,name,label::English (en),calculation' >"$d/survey.csv"
	shift 2
	printf '%s\n' "$@" >>"$d/survey.csv"
	printf '%s\n' 'form_title,form_id,version,default_language' \
	    "Checks,${d##*/},1,English (en)" >"$d/settings.csv"
	printf 'list_name,name,label::English (en)\n' >"$d/choices.csv"
}
mkpack pack 1.1.0
O hub pack pack -o pack.zip >/dev/null || exit 1
# What helper-sync seals with (round its surveys): all but "names", so
# that a hub without item 8's rule can still import what it seals.
cp -R pack sealpack && sed -i 's|, checks, names$|, checks|' sealpack/pack.ini
export OUTREACH_PACK="$TMP/sealpack"

# device HOME: a laptop trusting this hub, enrolled.
device() {
	O --home "$1" init >/dev/null &&
	O --home "$1" content install pack.zip --trust "$KEY" >/dev/null &&
	O hub enrol "$1/device.pub" >/dev/null || exit 1
}
# seal HOME N: N real answers on HOME (listed in real.ids).
seal() {
	"$HELPER" seal "$1" "$2" >seal.out || exit 1
	sed "s|\$| $1|" seal.out >>real.ids
	cut -d' ' -f1 seal.out
}
# on HOME ID: 1 when HOME's outbox still holds ID.
on() { [ "$(sqlite3 "$1/outbox.db" "SELECT count(*) FROM submissions WHERE id = '$2'")" = 1 ]; }
# hub_from ID HOME: the hub holds ID from HOME's device.
hub_from() {
	local dev
	dev=$(O --home "$2" status | sed -n 's/^Device key id: *//p')
	[ "$(sqlite3 "$OUTREACH_HUB/hub.db" "SELECT device FROM submissions WHERE id = '$1'")" = "$dev" ]
}
import() { O hub import --pack pack "$@"; }
: >real.ids

# A pseudo-terminal for items 6 and 9: run a command on it, optionally type
# a line or send a signal once PTY_PROMPT appears; write what happened.
cat >ptydrive.py <<'EOF'
import json, os, select, signal, sys, termios, fcntl, time
out, cmd = sys.argv[1], sys.argv[2:]
m, s = os.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(s, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(s, fd)
    os.close(m)
    os.execvp(cmd[0], cmd)
buf, st, deadline = b'', None, time.time() + 60
def pump(t):
    global buf
    r, _, _ = select.select([m], [], [], t)
    if r:
        try:
            buf += os.read(m, 65536)
        except OSError:
            pass
prompt = os.environ.get('PTY_PROMPT', '').encode()
while prompt and prompt not in buf and time.time() < deadline:
    pump(0.1)
if 'PTY_TYPE' in os.environ:
    os.write(m, os.environ['PTY_TYPE'].encode() + b'\n')
elif 'PTY_SIGNAL' in os.environ:
    time.sleep(0.3)
    os.kill(pid, getattr(signal, os.environ['PTY_SIGNAL']))
while st is None:
    pump(0.05)
    w, status = os.waitpid(pid, os.WNOHANG)
    if w:
        st = status
    elif time.time() > deadline:
        os.kill(pid, signal.SIGKILL)
for _ in range(5):
    pump(0.02)
json.dump({'exit': os.waitstatus_to_exitcode(st),
           'echo': bool(termios.tcgetattr(s)[3] & termios.ECHO),
           'esc': b'\x1b' in buf,
           'out': buf.decode('utf-8', 'replace')}, open(out, 'w'))
EOF
PTY=0
command -v python3 >/dev/null && python3 -c 'import pty, termios' 2>/dev/null && PTY=1
# pty OUT CMD...: see ptydrive.py; pty_is OUT KEY VALUE: its JSON says so.
pty() { local o=$1; shift; python3 ptydrive.py "$o" "$@"; }
pty_is() { python3 -c "import json,sys; d=json.load(open('$1')); sys.exit(0 if str(d['$2']) == '$3' else 1)"; }
pty_has() { python3 -c "import json,sys; d=json.load(open('$1')); sys.exit(0 if '''$2''' in d['out'] else 1)"; }

# === 1. One id, one device ================================================
attack 1 "B copies A's id from the stick"
A=$TMP/a B=$TMP/b
device "$A"
device "$B"
mkdir s1
seal "$A" 2 >a.ids
O --home "$A" sync export s1 >/dev/null 2>&1 || exit 1
ID=$(head -1 a.ids)
# B, enrolled, seals an answer of its own under A's id...
HELPER_SYNC_ID=$ID "$HELPER" seal "$B" 1 >/dev/null || exit 1
mkdir sb && O --home "$B" sync export sb >/dev/null 2>&1 || exit 1
mv sb/* s1/
# ...and its bundle reaches the hub first.
import "$(ls s1/outreach-"$(O --home "$B" status | sed -n 's/^Device key id: *//p')"-*.zip)" >i1b.out 2>&1
import s1 >i1.out 2>&1
held "the import warns that it quarantined A's copy" has i1.out "quarantined"
held "A's receipt does not list the id as stored or held" \
	sh -c "! sed -n '/\"stored\"/,/\"refused\"/p' s1/receipt-$(O --home "$A" status | sed -n 's/^Device key id: *//p')-000001.json | grep -q '$ID'"
O --home "$A" sync receipts s1 >r1.out 2>&1
held "A applied every receipt on the stick" has r1.out "deleted 1 submission"
held "and A's real answer is still on A" on "$A" "$ID"
O hub status >st1.out 2>&1
held "hub status shows the quarantined collision" has st1.out "$ID"
held "with both copies: the one held and the one set aside" \
	sh -c 'grep -A2 "'"$ID"'" st1.out | grep -q "held: .*device" && grep -A2 "'"$ID"'" st1.out | grep -q "set aside: .*device"'

attack 1 "C offers an id the hub already holds from A"
C=$TMP/c
device "$C"
ID2=$(sed -n 2p a.ids)
HELPER_SYNC_ID=$ID2 "$HELPER" seal "$C" 1 >/dev/null || exit 1
mkdir sc && O --home "$C" sync export sc >/dev/null 2>&1 || exit 1
import sc >ic.out 2>&1
held "the hub keeps A's copy" hub_from "$ID2" "$A"
O --home "$C" sync receipts sc >rc.out 2>&1
held "and C is not told the hub holds its copy" on "$C" "$ID2"

# === 2. The trust anchor is the installed pack =================================
O hub init evilhub >evil.out || exit 1
EVILKEY=$(sed -n 's/^minisign_public_key = //p' evil.out)
mkpack evilpack 9.0.0 "$EVILKEY" "$(sed -n 's/^recipients = //p' evil.out)"
A2=$TMP/a2
device "$A2"
seal "$A2" 2 >a2.ids
mkdir s2 && O --home "$A2" sync export s2 >/dev/null 2>&1 || exit 1
"$HELPER" forge-receipt "$(ls s2/outreach-*.zip)" evilhub/hub.key || exit 1

attack 2 "a receipt forged with a key that OUTREACH_PACK names"
OUTREACH_PACK=$TMP/evilpack O --home "$A2" sync receipts s2 >f1.out 2>&1
held "is refused" has f1.out "another key"
held "and deletes nothing" on "$A2" "$(head -1 a2.ids)"

attack 2 "a receipt forged with a key that --pack names"
O --home "$A2" --pack evilpack sync receipts s2 >f2.out 2>&1
held "is refused" has f2.out "another key"
held "and deletes nothing" sh -c 'for i in $(cat a2.ids); do [ "$(sqlite3 "'"$A2"'/outbox.db" "SELECT count(*) FROM submissions WHERE id = '"'"'$i'"'"'")" = 1 ] || exit 1; done'

attack 2 "an older pack, installed with OUTREACH_PACK naming an older version"
mkpack old 1.0.5
O hub pack old -o old.zip >/dev/null || exit 1
sed -i 's|^version = .*|version = 0.0.1|' old/pack.ini
OUTREACH_PACK=$TMP/old O --home "$A2" content install old.zip >d1.out 2>&1
held "is refused as older" has d1.out "older than the one in use (1.1.0)"
held "and the installed pack stays" grep -q "^version = 1.1.0" "$A2/pack/current/pack.ini"

attack 2 "a pack signed by another hub, with --pack naming that hub"
O hub --hub evilhub pack evilpack -o evil.zip >/dev/null || exit 1
O --home "$A2" --pack evilpack content install evil.zip >d2.out 2>&1
held "is refused" has d2.out "another hub key"
held "and the device still trusts this hub" \
	grep -q "^minisign_public_key = $KEY" "$A2/pack/current/pack.ini"

# === 3. A laptop restored from a backup, a cloned fleet ==========================
attack 3 "a data folder restored from a backup"
R=$TMP/r
device "$R"
seal "$R" 2 >/dev/null
mkdir s3a s3b s3c s3d
O --home "$R" sync export s3a >/dev/null 2>&1 && import s3a >/dev/null 2>&1
O --home "$R" sync receipts s3a >/dev/null 2>&1
seal "$R" 2 >p.ids
cp -a "$R" r.backup
seal "$R" 2 >q.ids
O --home "$R" sync export s3b >/dev/null 2>&1 && import s3b >/dev/null 2>&1
O --home "$R" sync receipts s3b >/dev/null 2>&1
sqlite3 "$OUTREACH_HUB/hub.db" "SELECT id, device, json FROM submissions" | sort >before.rows
rm -rf "$R" && mv r.backup "$R"
seal "$R" 2 >after.ids
O --home "$R" sync export s3c >/dev/null 2>&1
import s3c >i3.out 2>&1
held "its new bundle 2 is imported" has i3.out "imported: 2 new, 2 already held"
held "as a fork, recorded" has i3.out "recorded as a fork"
O --home "$R" sync receipts s3c >r3.out 2>&1
held "the device deletes what the hub holds" has r3.out "deleted 4 submission"
seal "$R" 1 >>after.ids
O --home "$R" sync export s3d >/dev/null 2>&1
import s3d >i3d.out 2>&1
held "and its next bundle follows" has i3d.out "imported: 1 new"
for f in draft-strategy carers experience equality quick-feedback checks names; do
	O hub export "$f" --pack pack --format json
done >all.json 2>/dev/null
held "every answer sealed after the restore is in the hub's export" \
	sh -c 'for i in $(cat after.ids); do grep -q "\"id\":\"$i\"" all.json || exit 1; done'
held "and so is every one sealed before it" \
	sh -c 'for i in $(cat p.ids q.ids); do grep -q "\"id\":\"$i\"" all.json || exit 1; done'
sqlite3 "$OUTREACH_HUB/hub.db" "SELECT id, device, json FROM submissions" | sort >after.rows
held "nothing the hub held was changed or dropped" \
	test -s before.rows -a -z "$(comm -23 before.rows after.rows)"
O hub status >st3.out 2>&1
held "hub status shows the fork" \
	has st3.out "fork: two or more bundles 2 are held"

attack 3 "a fleet cloned from one image after outreach init"
K=$TMP/k
device "$K"
cp -a "$K" "$TMP/k2"
mkdir s3e s3f s3g s3h
seal "$K" 2 >k.ids
seal "$TMP/k2" 2 >k2.ids
O --home "$K" sync export s3e >/dev/null 2>&1
O --home "$TMP/k2" sync export s3f >/dev/null 2>&1
import s3e s3f >i3e.out 2>&1
held "both first bundles are imported" has i3e.out "2 imported, 0 already imported, 0 refused"
O --home "$K" sync receipts s3e >/dev/null 2>&1
O --home "$TMP/k2" sync receipts s3f >/dev/null 2>&1
seal "$K" 1 >>k.ids
seal "$TMP/k2" 1 >>k2.ids
O --home "$K" sync export s3g >/dev/null 2>&1
O --home "$TMP/k2" sync export s3h >/dev/null 2>&1
import s3g s3h >i3g.out 2>&1
held "and both second ones" has i3g.out "2 imported, 0 already imported, 0 refused"
held "each laptop's answers are on the hub from it" \
	sh -c 'for i in $(cat k.ids k2.ids); do [ "$(sqlite3 "$OUTREACH_HUB/hub.db" "SELECT count(*) FROM submissions WHERE id = '"'"'$i'"'"'")" = 1 ] || exit 1; done'

# === 4. Never a "refused" receipt over a good one ==================================
V=$TMP/v
device "$V"
cp -a "$V" "$TMP/v-copy"
seal "$V" 2 >/dev/null
mkdir s4 && O --home "$V" sync export s4 >/dev/null 2>&1 && import s4 >/dev/null 2>&1
VR=$(ls s4/receipt-*.json)

attack 4 "a copy of the good bundle with its manifest edited, under another name"
"$HELPER" tamper manifest "$(ls s4/outreach-*.zip)" s4/copy.zip || exit 1
import s4/copy.zip >i4.out 2>&1
held "is refused" has i4.out "REFUSED"
held "without a receipt" has i4.out "no receipt was written"
held "and the good receipt still says imported" has "$VR" '"status": "imported"'

attack 4 "a signed bundle 1 of a copy of the device, with a bad entry"
seal "$TMP/v-copy" 1 >/dev/null
mkdir s4c && O --home "$TMP/v-copy" sync export s4c >/dev/null 2>&1
"$HELPER" tamper flip "$(ls s4c/outreach-*.zip)" s4/fork.zip || exit 1
import s4/fork.zip >i4b.out 2>&1
held "is refused" has i4b.out "REFUSED"
held "and the imported receipt is kept" has "$VR" '"status": "imported"'
O --home "$V" sync receipts s4 >r4.out 2>&1
held "so the device deletes what the hub holds" has r4.out "deleted 2 submission"

# === 5. The hub checks kind against form ==========================================
# stolen KIND FORM VERSION NAME=VALUE...: a stolen, enrolled laptop seals
# that as it is, exports it and the hub imports it: output in stolen.out.
NSTOLEN=0
stolen() {
	local w=$TMP/w$((NSTOLEN += 1))
	device "$w"
	rm -rf s5 && mkdir s5
	"$HELPER" seal-raw "$w" "$@" >raw.out || exit 1
	O --home "$w" sync export s5 >/dev/null 2>&1
	import s5 >stolen.out 2>&1
	RAW=$(cut -d' ' -f1 raw.out)
}
stored() { [ "$(sqlite3 "$OUTREACH_HUB/hub.db" "SELECT count(*) FROM submissions WHERE id = '$1'")" = 1 ]; }

attack 5 "notes under form quick-feedback, an unknown version, rating 99"
stolen notes quick-feedback 1999 rating=99 about=nothing-like-it
held "is refused" has stolen.out "REFUSED"
held "and stored nowhere" not stored "$RAW"
O hub export quick-feedback --pack pack >qf.csv 2>/dev/null
held "not in the survey's CSV" hasnt qf.csv "$RAW"
stolen feedback quick-feedback 1999 rating=3
held "and so is feedback to that unknown version" \
	has stolen.out "does not have form quick-feedback version 1999"
attack 5 "a survey whose calculation was forged"
stolen survey checks 1 said=hello echo=something-else n=1
held "is refused" has stolen.out "computed answer 'echo'"
stolen survey checks 1 said=hello echo=hello n=1 luck=0.25 twice=7
held "so is one computed from a random() the hub takes as it is" \
	has stolen.out "computed answer 'twice'"
attack 5 "a tally that counts more votes than voters"
stolen tally tally 1.1.0 form=draft-strategy question=mission_agree \
	type=select_one mode=hands voters=2 count.agree=5
held "is refused" has stolen.out "REFUSED"

# === 6. Spreadsheets and terminals are output too ====================================
X=$TMP/x
device "$X"
printf '%s' '{"said": "=HYPERLINK(\"http://evil.example\",\"click\")", "n": -2}' >x1.json
printf '%s' '{"said": "+cmd|'"'"'/c calc'"'"'!A0", "n": 5}' >x2.json
printf '%s' '{"said": "@SUM(A1)", "n": 6}' >x3.json
printf '%s' '{"said": "-2+3", "n": 7}' >x4.json
for j in x1 x2 x3 x4; do
	O --home "$X" submit checks $j.json >/dev/null 2>&1 || echo "# submit $j failed"
done
sqlite3 "$X/outbox.db" "SELECT id || ' checks $X' FROM submissions" >>real.ids
mkdir s6 && O --home "$X" sync export s6 >/dev/null 2>&1 && import s6 >s6.out 2>&1
O hub export checks --pack pack -o checks.csv 2>/dev/null

attack 6 "formulas through a calculate and text answers into the CSV"
# The form's random() and today() are the laptop's: honest answers import.
held "the four answers, with random() and today(), are stored" \
	has s6.out "4 new submission(s) stored"
held "a calculate copying =HYPERLINK is guarded" \
	test "$(grep -o "'=HYPERLINK(" checks.csv | wc -l)" -eq 2 -a \
	"$(grep -o "=HYPERLINK(" checks.csv | wc -l)" -eq 2
held "@SUM, +cmd| and -2+3 are guarded" \
	sh -c "grep -q \",'@SUM\" checks.csv && grep -q \",'+cmd|\" checks.csv && grep -q \",'-2+3\" checks.csv"
tr -d '"\r' <checks.csv | tr ',' '\n' >fields
held "no field starts with = + - @ unguarded, but numbers" \
	sh -c "! grep -q '^[=+@]' fields && ! grep '^-' fields | grep -qv '^-[0-9.]*\$'"
held "a negative number stays a number" grep -qx -- -2 fields

attack 6 "escape sequences from an answer to the data team's terminal"
# A stolen laptop's note (the hub refuses what the facilitator's screen
# could not have typed), and one stored by an older hub that took it.
ESC=$(printf '\033]0;owned\007\033[31mred\033[0m')
stolen notes notes 1.1.0 "point=$ESC"
sqlite3 "$OUTREACH_HUB/hub.db" "INSERT INTO submissions (id, device, seq, form, version, kind, language, started, submitted, json) VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', '0123456789ABCDEF', 1, 'notes', '1.1.0', 'notes', 'en', 0, 0, '{\"format\":\"outreach-submission/1\",\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"kind\":\"notes\",\"answers\":{\"point\":\"\\u001b]0;owned\\u0007\\u001b[31mred\"}}')"
if [ $PTY -eq 1 ]; then
	pty p6.json "$OUTREACH" hub export checks --pack pack
	held "the export still shows the rows" pty_has p6.json "HYPERLINK"
	pty p6n.json "$OUTREACH" hub export notes --pack pack
	held "and no escape character reaches the terminal" pty_is p6n.json esc False
	pty p6j.json "$OUTREACH" hub export notes --pack pack --format json
	held "nor as JSON lines" pty_is p6j.json esc False
else
	skip "no python3 pty: terminal checks not run"
fi

# === 7. Smaller holes ==============================================================
attack 7 "a FIFO named like a bundle, given as a path"
mkdir s7 && mkfifo s7/outreach-0123456789ABCDEF-000009.zip
timeout 20 "$OUTREACH" hub import --pack pack s7/outreach-0123456789ABCDEF-000009.zip >i7.out 2>&1
held "does not hang the import, and is refused" test $? -eq 1
held "saying why" has i7.out "not a regular file"
timeout 20 "$OUTREACH" hub import --pack pack s7 >i7b.out 2>&1
held "nor does a folder holding it" test $? -ne 124

attack 7 "100,001 junk receipt names beside the real one"
J=$TMP/j
device "$J"
seal "$J" 1 >/dev/null
JD=$(mktemp -d /dev/shm/outreach-attack.XXXXXX 2>/dev/null || mktemp -d "$TMP/junk.XXXXXX")
O --home "$J" sync export "$JD" >/dev/null 2>&1 && import "$JD" >/dev/null 2>&1
rm -f "$JD"/outreach-*.zip
(cd "$JD" && for ((i = 0; i <= 100000; i++)); do
	printf -v n 'receipt-%016X-000001.json' $((i + 0x1000000))
	: >"$n"
done)
O --home "$J" sync receipts "$JD" >r7.out 2>&1
rm -rf "$JD"
held "do not hide it" has r7.out "deleted 1 submission"

attack 7 "two imports of the same bundles at once"
D7=$TMP/d7
device "$D7"
"$HELPER" seal "$D7" 3000 quick-feedback | sed "s|\$| $D7|" >>real.ids || exit 1
mkdir s7c && O --home "$D7" sync export s7c --per-bundle 750 >/dev/null 2>&1
# Three runs over the same four bundles: each bundle is a race.
for k in 1 2 3; do import s7c --threads 1 >c$k.out 2>&1 & done
wait
held "none fails with a raw SQLite error" sh -c '! grep -q "UNIQUE\|constraint" c1.out c2.out c3.out'
held "each bundle is imported once, and is already imported for the others" \
	sh -c 'test "$(cat c1.out c2.out c3.out | grep -c ": imported: 750 new")" = 4 && test "$(cat c1.out c2.out c3.out | grep -c "already imported; nothing new")" = 8'

attack 7 "files of answers written for others to read"
(umask 022; O hub export quick-feedback --pack pack -o open.csv 2>/dev/null;
    O hub report quick-feedback --pack pack --html open.html 2>/dev/null)
held "hub export -o is 0600" test "$(stat -c %a open.csv)" = 600
held "hub report --html is 0600" test "$(stat -c %a open.html)" = 600

attack 7 "an empty hub.db"
mkdir -m 700 emptyhub && cp "$OUTREACH_HUB"/identity.txt "$OUTREACH_HUB"/hub.key "$OUTREACH_HUB"/hub.pub emptyhub/
: >emptyhub/hub.db
O hub --hub emptyhub export quick-feedback --pack pack >e7.out 2>&1
held "is not taken for a hub" has e7.out "not a hub"
held "and is left as it was" test ! -s emptyhub/hub.db

attack 7 "an install that fails after --trust"
T=$TMP/t
O --home "$T" init >/dev/null
O --home "$T" content install evil.zip --trust "$KEY" >t7.out 2>&1
held "is refused" test $? -eq 1
held "without claiming to trust the key from now on" hasnt t7.out "Trusting hub key"

# === 8. A name that passes survey check can be stored ===============================
attack 8 "a question named età"
E=$TMP/e
device "$E"
printf '%s' '{"said": "ciao", "età": "ottanta"}' >eta.json
O survey check pack/surveys/names >e8a.out 2>&1
held "passes survey check" test $? -eq 0
O --home "$E" --pack pack submit --check names eta.json >e8b.out 2>&1
held "and submit --check" test $? -eq 0
O --home "$E" --pack pack submit names eta.json >e8c.out 2>&1
held "and submit stores it" test $? -eq 0
sqlite3 "$E/outbox.db" "SELECT id || ' names $E' FROM submissions" >>real.ids
mkdir s8 && O --home "$E" sync export s8 >/dev/null 2>&1 && import s8 >i8.out 2>&1
held "the hub imports it" has i8.out "imported: 1 new"
O hub export names --pack pack -o eta.csv 2>/dev/null
held "and exports it under its name" sh -c 'head -1 eta.csv | grep -q "età" && grep -q ",ottanta" eta.csv'

# === 9. Secrets ===================================================================
PH=$TMP/ph
OUTREACH_HUB_PASSPHRASE="correct horse battery" O hub init "$PH" --passphrase >ph.out 2>&1
check "a hub with a passphrase" test -f "$PH/hub.db"
LONG=$(printf 'a%.0s' $(seq 1025))
mkdir s9 && cp s1/outreach-*.zip s9/

attack 9 "a passphrase one byte over the limit, from the environment and the terminal"
OUTREACH_HUB_PASSPHRASE=$LONG O hub --hub "$PH" import s9 >p9env.out 2>&1
held "the environment's is refused as too long" has p9env.out "longer than 1000 bytes"
if [ $PTY -eq 1 ]; then
	PTY_PROMPT=Passphrase PTY_TYPE=$LONG pty p9tty.json "$OUTREACH" hub --hub "$PH" import s9
	held "and so is the terminal's, the same way" pty_has p9tty.json "longer than 1000 bytes"
else
	skip "no python3 pty: terminal passphrase not tried"
fi

attack 9 "a signal while the passphrase is typed"
if [ $PTY -eq 1 ]; then
	for sig in SIGTERM SIGINT SIGHUP; do
		PTY_PROMPT=Passphrase PTY_SIGNAL=$sig pty p9$sig.json "$OUTREACH" hub --hub "$PH" import s9
		held "$sig leaves the terminal echoing" pty_is p9$sig.json echo True
		held "and still ends the program" not pty_is p9$sig.json exit 0
	done
	PTY_PROMPT=Passphrase PTY_TYPE="correct horse battery" pty p9ok.json "$OUTREACH" hub --hub "$PH" import s9
	held "the right passphrase still unlocks" pty_has p9ok.json "bundle(s): 0 imported"
else
	skip "no python3 pty: signals not tried"
fi

attack 9 "paper answers parsed before jansson's wiping allocator is installed"
# The shim (tests/unit/shim-jansson.c) logs jansson's calls in order, also
# when the program opens jansson itself; a log without the install or the
# parse would prove nothing.
if ${CC:-cc} -shared -fPIC -O2 -o shimj.so "$TOP/tests/unit/shim-jansson.c" \
    -Wl,--no-as-needed -ljansson -ldl 2>/dev/null; then
	SHIM_JANSSON_LOG=$TMP/shimj.log LD_PRELOAD=$TMP/shimj.so \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$OUTREACH" --home "$E" submit --check checks x1.json >/dev/null 2>&1
	held "the program installs a wiping free for jansson" \
	    grep -qx json_set_alloc_funcs shimj.log
	held "and parses the answers after it" grep -qx json_loadb shimj.log
	held "no JSON is parsed or built before it" \
	    not grep -q "before json_set_alloc_funcs" shimj.log
else
	skip "cannot build an LD_PRELOAD shim: allocator order not checked"
fi
finish

# === Nothing lost ===================================================================
# Each real answer: still in its device's outbox, or on the hub from that
# device (a copy from another device does not count).
sqlite3 "$OUTREACH_HUB/hub.db" "SELECT id || ' ' || device FROM submissions" >hub.pairs
: >kept.pairs
for home in $(cut -d' ' -f3 real.ids | sort -u); do
	dev=$(O --home "$home" status | sed -n 's/^Device key id: *//p')
	sqlite3 "$home/outbox.db" "SELECT id FROM submissions" |
	    sed "s|\$| $dev|" >>kept.pairs
	echo "$home $dev"
done >homes.map
awk 'FILENAME == "homes.map" { dev[$1] = $2; next }
    FILENAME != "real.ids" { have[$1 " " $2] = 1; next }
    !have[$1 " " dev[$3]] { print "# missing: " $1 " (" $2 ") of " $3; n++ }
    END { print n + 0 > "lost.count" }' homes.map hub.pairs kept.pairs real.ids
LOST=$(cat lost.count)
check "every real answer is on its device or on the hub from it ($(wc -l <real.ids) checked)" \
	test $LOST -eq 0
echo "# attacks tried: $TRIED, held: $HELD, answers lost: $LOST"
done_testing
