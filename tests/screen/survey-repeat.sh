#!/usr/bin/env bash
# Screen test: a repeat, at 80x24. The household roster of pyxform's
# tutorial (../shared/xlsform-examples, as a survey of a test pack whose
# answers are sealed to a new hub): the prompt before the first member,
# two members with their own relevance (the woman of 40 is asked two more
# questions, the boy of 30 months is asked his age in months), taking one
# away and adding it again, the review, the seal; then the stick, the hub
# and its export: the main table with KEY, and the repeat's own table
# with one row per member, PARENT_KEY and KEY, as ODK Central writes them.
. tests/lib.sh
S=srep-$$
EX=$OUTREACH_SHARED/xlsform-examples
if [ ! -f "$EX/pyxform-tutorial.survey.csv" ]; then
	skip "../shared is absent: the tutorial's roster is not tried"
	done_testing
	exit 0
fi
D=scripts/tmux-drive
export DRIVE_SETTLE=0.05
export OUTREACH_HUB=$TMP/hub
unset OUTREACH_PACK
has() { $D wait "$S" "$1" "${2:-3}" >/dev/null 2>&1; }
k() { $D keys "$S" "$@"; }
typ() { $D type "$S" "$1"; }

# A hub, and the test pack with the tutorial and the hub's keys.
"$OUTREACH" hub init "$OUTREACH_HUB" >"$TMP/init.out" || exit 1
hub_keys "$TMP/init.out"
PACK=$TMP/pack
cp -R tests/fixtures/packs/survey "$PACK"
mkdir "$PACK/surveys/tutorial"
cp "$EX/pyxform-tutorial.survey.csv" "$PACK/surveys/tutorial/survey.csv"
cp "$EX/pyxform-tutorial.choices.csv" "$PACK/surveys/tutorial/choices.csv"
printf 'form_title,form_id,version\nHousehold roster,tutorial,1\n' \
    >"$PACK/surveys/tutorial/settings.csv"
sed -i 's/^order = all-types$/order = tutorial, all-types/' "$PACK/pack.ini"
printf '\n[hub]\nrecipients = %s\nminisign_public_key = %s\n' "$REC" "$KEY" \
    >>"$PACK/pack.ini"
"$OUTREACH" init >/dev/null || exit 1

$D start "$S" 80x24 "$OUTREACH --pack $PACK --lang en"
has "Have your say" 5
k 2 Enter
check "the roster is a survey of the pack" has "Household roster"
k Enter
check "before any member, the prompt says none so far" \
	has "Household Member or Visitor: none so far."
check "and offers to add one" has "Add Household Member or Visitor"
k Enter
check "adding one goes to its first question" \
	has "What is this household member's name?"
check "the heading says which member" has "Household Member or Visitor 1"
typ "Ann"
k PageDown
check "on to the relationship" has "relationship of (NAME)"
k Enter PageDown
check "the sex" has "Is (NAME) male or female?"
k Down Enter PageDown Enter PageDown Enter PageDown Enter PageDown
check "older than five: yes asks the years" has "How old is (NAME) in years?"
typ "40"
k PageDown
check "a woman of 40 is asked if she can read" \
	has "Can (NAME) read and write?"
k Enter PageDown Down Enter PageDown
check "then the prompt, with the count" \
	has "Household Member or Visitor: 1 so far."
check "go on comes first once there is one" has "▶  No more: go on"
k Down Enter
check "another member" has "Household Member or Visitor 2"
typ "Bob"
k PageDown Down Down Enter PageDown Enter PageDown Enter PageDown \
    Enter PageDown Down Enter PageDown
check "a boy of under five: his age in months" \
	has "How old is (NAME) in months?"
typ "30"
k PageDown
check "two so far" has "Household Member or Visitor: 2 so far."
k Down Down Enter
check "taking the last away" has "Household Member or Visitor: 1 so far."
k Down Enter
check "and adding him again starts him afresh" \
	has "Household Member or Visitor 2"
typ "Bob"
k PageDown Down Down Enter PageDown Enter PageDown Enter PageDown \
    Enter PageDown Down Enter PageDown
typ "30"
k PageDown
has "Household Member or Visitor: 2 so far."
k Enter
check "no more: the review" has "Check your answers"
# Submit comes first; the second member's answers are further down.
k Down Down Down Down Down Down Down Down Down Down Down
check "which member an answer is of" has "[2] What is this household"
check "the screen fits 80 columns" sh -c \
	"test \"\$($D screen $S | wc -L)\" -le 80"
k End
has "Submit my answers"
k Enter
check "submitted, sealed" has "Your answers have been saved and locked."
$D stop "$S"

# The stick, the hub, the export.
mkdir "$TMP/stick"
check "sync export" sh -c '"$OUTREACH" sync export "$1" >"$2/sync.out" \
    2>&1' _ "$TMP/stick" "$TMP"
check "hub enrol" sh -c '"$OUTREACH" hub enrol "$OUTREACH_HOME/device.pub" \
    >/dev/null'
check "hub import" sh -c '"$OUTREACH" hub --pack "$1" import "$2" \
    >"$3/import.out" 2>&1' _ "$PACK" "$TMP/stick" "$TMP"
check "hub export writes the main table and the repeat's" sh -c \
    '"$OUTREACH" hub --pack "$1" export tutorial -o "$2/tutorial.csv" \
    2>"$2/export.err"' _ "$PACK" "$TMP"
check "and says so" grep -q "Wrote 2 row(s) to .*tutorial-member.csv" \
    "$TMP/export.err"
check "the main table ends with KEY" sh -c \
    'head -1 "$1" | tr -d "\r" | grep -q ",KEY$"' _ "$TMP/tutorial.csv"
id=$(sed -n 2p "$TMP/tutorial.csv" | tr -d '\r' | cut -d, -f1)
check "the repeat table's header" sh -c 'head -1 "$1" | tr -d "\r" |
    grep -qx "name,relationship_to_household_head,sex,resident,stayed_last_night,older_than_five,age_in_months,age_in_years,literate,pregnant,PARENT_KEY,KEY"' \
    _ "$TMP/tutorial-member.csv"
check "Ann's row, keyed to her submission" grep -qF \
    "Ann,head,female,yes,yes,yes,,40,yes,no,uuid:$id,uuid:$id/member[1]" \
    "$TMP/tutorial-member.csv"
check "Bob's row" grep -qF \
    "Bob,son_or_daughter,male,yes,yes,no,30,,,,uuid:$id,uuid:$id/member[2]" \
    "$TMP/tutorial-member.csv"
check "two members, nothing else" test "$(wc -l <"$TMP/tutorial-member.csv")" \
    -eq 3
done_testing
