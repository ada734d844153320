#!/usr/bin/env bash
# Screen test: a whole co-production session in tmux at 80x24, as the issue
# tells it. The facilitator starts a session behind the PIN; three people
# answer the draft strategy survey (one types a distinctive free-text
# answer); the facilitator records two notes and one count of hands; the
# results screen shows bars and never the free text; the session ends and
# the results go with it; `outreach sync export` writes a bundle whose
# entries, decrypted with the demo hub's identity by the standard `age`,
# all carry the session, with the notes and tally kinds among them.
. tests/lib.sh
D=scripts/tmux-drive
S=session-$$
T_TMUX=outreach-$S
export DRIVE_SETTLE=0.05
has() { $D wait "$S" "$1" "${2:-3}" >/dev/null 2>&1; }
hasnt() { ! $D screen "$S" | grep -qF -- "$1"; }
lacks() { ! $D screen "$S" | grep -qF -- "$1"; }
k() { $D keys "$S" "$@"; }
typ() { $D type "$S" "$1"; }
ZEBRA="Zebra crossings outside the day centre 7731"
IDENTITY=scripts/demo-hub/age-identity.txt

# The pack never times out during the test; the PIN is set.
cp -R "$OUTREACH_PACK" "$TMP/pack"
sed -i 's/^idle_warning = .*/idle_warning = 900/' "$TMP/pack/pack.ini"
echo 4821 | "$OUTREACH" pin set >/dev/null
$D start "$S" 80x24 "$OUTREACH --lang en --pack $TMP/pack"
has "Read our plans" 5

facilitator() {
	k F12
	has "For the facilitator only."
	typ 4821
	k Enter
	has "Facilitator menu"
}

# --- the facilitator starts the session ---------------------------------
facilitator
k 4
check "the facilitator menu starts a session" has "Start a co-production session"
check "the date is filled in with today's" has "$(date +%Y-%m-%d)"
typ "Hackney Central Library"
k Enter
typ "Carers group"
k Enter
typ "Sam Okafor"
k Enter Enter
check "the session starts" has "Venue: Hackney Central Library"
check "nothing sealed yet" has "Sealed in this session: 0"
k 1
check "the consent script, to read out: in demo mode, not private" has "so they are not private"
check "and it promises no privacy" hasnt "Nobody here can read"
k Escape Escape Escape
check "back to the kiosk for the participants" has "Read our plans"

# --- three participants answer the draft strategy survey ----------------
answer() {	# $1: the free text to type (may be empty)
	k 2
	has "Choose a survey:" || return 1
	k Enter
	has "Before you start" || return 1
	k Enter
	has "Question 1 of 13" || return 1
	k Enter PageDown Enter
	has "How much do you agree with our draft mission?" || return 1
	k Right Enter Enter
	has "Next, we show our 12 draft commitments" || return 1
	k Enter PageDown PageDown PageDown PageDown
	has "Choose up to three" || return 1
	k Space PageDown
	has "Is anything missing from our draft plans?" || return 1
	[ -n "$1" ] && typ "$1"
	k PageDown PageDown PageDown
	has "Check your answers" || return 1
	k Enter
	has "Your answers have been saved and locked." || return 1
	k Enter
	has "Read our plans"
}
check "participant 1 answers, with a free-text answer" answer "$ZEBRA"
check "participant 2 answers" answer ""
check "participant 3 answers" answer ""

# --- the facilitator: two notes and one count of hands ------------------
facilitator
check "the menu says the session is running" has "Session running at Hackney Central Library: 3 sealed"
k 4
check "three answers sealed in the session (a count only)" has "Sealed in this session: 3 survey answers, 0 notes, 0 votes"
lacks "$ZEBRA" && ok "no answer is shown there" || not_ok "no answer is shown there"
k 2
check "discussion notes" has "No notes yet"
check "the field in focus is marked" sh -c "$D screen $S | grep -q '^▶ Point:'"
check "and the text cursor shows where typing goes" sh -c \
    "tmux -L outreach-$S display -p -t main '#{cursor_flag}' | grep -qx 1"
typ "People want information in more languages"
k Tab Right Tab
typ "languages"
k Enter
check "the first note, listed by what was written, then its tags" has "1. People want information in more languages  (languages; Principle: Easy"
typ "Carers need breaks they can book at short notice"
k Enter Enter
has "Tag the note with a principle or a commitment"
k Down Down Down Down Down Down Down Down Down Down Down Enter
typ "respite"
k Enter
check "the second note, tagged with a draft commitment" has "2. Carers need breaks they can book at short notice  (respite; Draft commi"
k BTab BTab
check "the seal action" has "[ Seal these notes ]"
check "focus on one button only: a marker on Seal, none on Add" sh -c \
    "$D screen $S | grep -q '[^▶] \[ Add the note \] *▶ \[ Seal these notes \]'"
k Enter
check "the notes are sealed" has "2 notes sealed."
lacks "People want information" && ok "and gone from the screen" || not_ok "and gone from the screen"
k Escape
k 3
check "group vote: the pack's votable questions" has "How much do you agree with our draft mission?"
k 2 1
check "a count of hands" has "Type the number of hands or dots for each"
typ 7
k Enter
typ 4
# More votes than people: the message is whole, wrapped, not cut.
k Enter Enter Enter Enter Enter
typ 8
k Enter Enter
check "a wrong count is refused" has "The vote is not sealed: There are more votes than people voting"
check "with its whole message, wrapped" has "person has one vote."
# Down on Seal stays there: a digit typed next goes into no count.
k Down
typ 5
check "Down does not go round to the first count" sh -c "$D screen $S | grep -q '^  7  *Strongly agree'"
k BTab BSpace Enter Enter
check "the count is sealed" has "The vote is sealed."
check "everything counted, with plurals" has "Sealed in this session: 3 survey answers, 2 notes, 1 vote"

# One by one on the laptop, the longest question: Vote and Skip in sight.
k 3 1 2 Enter
check "a person's vote at 80x24: the Vote button in sight" has "[ Vote ]"
check "and the skip that the consent script promises" has "[ Skip this vote ]"
found=$($D screen "$S" | grep -n -m1 -F -- "Skip this vote")
n=${found%%:*} line=${found#*:}
prefix=${line%%"Skip this vote"*}
$D click "$S" "${#prefix}" "$((n - 1))"
check "a click on Skip: thank you, and the next person" has "Next person: press Enter to vote."
facilitator
check "the skip counted no vote" has "0 people have voted."
k 3
check "the votes discarded, back to the session" has "Sealed in this session: 3 survey answers, 2 notes, 1 vote"

# --- results for the room -------------------------------------------------
k 4
check "results for the room" has "Question 1 of 3"
seen=$TMP/results.txt
: >"$seen"
for page in 1 2 3; do
	for i in 1 2 3 4 5 6; do
		$D screen "$S" >>"$seen"
		k Down
	done
	k Right
done
check "bars are drawn" grep -q "████" "$seen"
check "the survey answers: mission agreed by 3" grep -q "Survey answers in this session: 3 people" "$seen"
check "the hands count: 11 people, one vote each" grep -q "Show of hands or dots: 11 people" "$seen"
check "a count of 7 is shown" grep -q "█ 7" "$seen"
check "small counts read 'fewer than 3'" grep -q "fewer than 3" "$seen"
check_fails "no count under 3 is shown" grep -qE "█ [012]\b" "$seen"
check_fails "the free-text answer never appears" grep -qF "Zebra" "$seen"
k Escape

# --- the session ends -------------------------------------------------------
k 5
check "ending the session asks first" has "End the session?"
check "No is in focus first" sh -c "$D screen $S | grep -q '▶ \\[ No, go back \\]'"
k Right Enter
check "the session ends" has "The session has ended"
check "the menu offers a new one" has "Co-production session"
k 4
check "no session now: the start form again" has "Start a co-production session"
k Escape
k 2
check "quitting the kiosk" has "[kiosk ended]" 5
$D stop "$S"

# --- the export holds all of it, with the session ---------------------------
mkdir "$TMP/stick"
check "outreach sync export writes a bundle" \
	sh -c '"$OUTREACH" sync export "$1" >/dev/null 2>&1' _ "$TMP/stick"
if command -v age >/dev/null && command -v unzip >/dev/null &&
    command -v jq >/dev/null; then
	mkdir "$TMP/x"
	(cd "$TMP/x" && unzip -q "$TMP"/stick/outreach-*.zip)
	n=0 bad=0 kinds=""
	for f in "$TMP"/x/submissions/*.age; do
		age -d -i "$IDENTITY" "$f" >"$TMP/pt.json" || bad=1
		jq -e '.session.venue == "Hackney Central Library" and
		    .session.group == "Carers group" and
		    .session.facilitator == "Sam Okafor" and
		    (.session.date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))' \
		    "$TMP/pt.json" >/dev/null || bad=1
		kinds="$kinds $(jq -r .kind "$TMP/pt.json")"
		cat "$TMP/pt.json" >>"$TMP/all.json"
		echo >>"$TMP/all.json"
		n=$((n + 1))
	done
	check "six submissions in the bundle ($n)" test "$n" -eq 6
	check "age -d decrypts each, and each carries the session" test "$bad" -eq 0
	check "three surveys" test "$(echo $kinds | tr ' ' '\n' | grep -cx survey)" -eq 3
	check "two notes" test "$(echo $kinds | tr ' ' '\n' | grep -cx notes)" -eq 2
	check "one tally" test "$(echo $kinds | tr ' ' '\n' | grep -cx tally)" -eq 1
	check "the notes hold their points and tags" \
		grep -q '"point":"People want information in more languages","tag":"principle.access"' "$TMP/all.json"
	tally_ok() {
		# Slurped: jq -e judges by the last input, whichever kind it is.
		jq -e -s 'map(select(.kind == "tally")) | length == 1 and
		    (.[0].answers | .form == "draft-strategy" and
		    .question == "mission_agree" and .mode == "hands" and
		    .voters == "11" and .["count.strongly_agree"] == "7" and
		    .["count.agree"] == "4" and .["count.disagree"] == "0")' \
		    "$TMP/all.json" >/dev/null && return
		grep '"kind":"tally"' "$TMP/all.json" | sed 's/^/# /'
		return 1
	}
	check "the tally holds its question, counts, mode and voters" tally_ok
	check "the free text was sealed with its survey" grep -qF "$ZEBRA" "$TMP/all.json"
else
	skip "age, unzip or jq is not installed: the bundle is not decrypted"
fi
done_testing
