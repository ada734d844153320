#!/usr/bin/env bash
# `outreach submit`: a good paper response accepted (checked with --check,
# stored through the test-only log hook), refused without a sealing hook,
# and each kind of bad one refused with a message naming the question and
# nothing stored.
. tests/lib.sh

ALL=tests/fixtures/packs/survey/surveys/all-types
LOG=$TMP/submitted.jsonl
out=$TMP/out
err=$TMP/err

# sub ARGS... < input: run submit, keeping stdout, stderr, status in $rc.
sub() {
	"$OUTREACH" submit "$@" >"$out" 2>"$err"
	rc=$?
}
# The same with the tests' plain-text log of what would be sealed ($LOG):
# only build/outreach-test has it.
logsub() {
	OUTREACH_TEST_SUBMIT_LOG=$LOG "$OUTREACH_TEST" submit "$@" >"$out" 2>"$err"
	rc=$?
}
# bad WHAT JSON WANT [FORM]: refused (1), WANT on stderr, nothing logged.
bad() {
	local what=$1 json=$2 want=$3 form=${4:-draft-strategy}
	rm -f "$LOG"
	logsub "$form" <<<"$json"
	if [ "$rc" -eq 1 ] && grep -qF -- "$want" "$err" && [ ! -e "$LOG" ]; then
		ok "refused: $what"
	else
		not_ok "refused: $what (status $rc)"
		sed 's/^/#   /' "$err"
	fi
}

# --- usage -------------------------------------------------------------
sub --help
check "submit --help exits 0 and explains" grep -q "submit \[--check\]" "$out"
sub
check "submit without a form is wrong usage (2)" test "$rc" -eq 2
sub --frob draft-strategy
check "an unknown option is wrong usage (2)" test "$rc" -eq 2
sub a b c
check "too many arguments is wrong usage (2)" test "$rc" -eq 2
"$OUTREACH" --help >"$out" 2>&1
check "outreach --help lists submit" grep -q "submit FORM" "$out"

# --- good answers ------------------------------------------------------
good='{"respondent": ["resident", "carer"], "mission_agree": "agree",
  "agree_waiting": "strongly_agree", "top_three": ["waiting", "carers", "workforce"],
  "missing": "More help at night, café open later"}'
printf '%s' "$good" >"$TMP/good.json"
sub --check draft-strategy "$TMP/good.json"
check "--check accepts a good answer file (0)" test "$rc" -eq 0
check "--check says the answers are valid" grep -q "the answers are valid (5 answers)" "$out"
check "--check stores nothing" test ! -e "$LOG"
sub --check draft-strategy - <"$TMP/good.json"
check "--check reads - as standard input" test "$rc" -eq 0
sub --check draft-strategy <"$TMP/good.json"
check "--check reads standard input without a file" test "$rc" -eq 0
cp -R "$OUTREACH_PACK" "$TMP/norecip"
sed -i '/^recipients *=/d' "$TMP/norecip/pack.ini"
OUTREACH_PACK=$TMP/norecip sub draft-strategy "$TMP/good.json"
check "without a sealing hook a good file is not stored (1)" test "$rc" -eq 1
check "and it says sealing is not available" grep -q "sealing answers is not available" "$err"
sub draft-strategy "$TMP/good.json"
check "with the pack's recipients it is sealed in the outbox (0)" test "$rc" -eq 0
"$OUTREACH" status | grep -q "^Sealed, waiting for export: *1 " &&
    ok "and the outbox holds it" || not_ok "and the outbox holds it"
logsub draft-strategy "$TMP/good.json"
check "with the test hook a good file is stored (0)" test "$rc" -eq 0
check "it says how many answers were stored" grep -q "draft-strategy: 5 answers stored" "$out"
check "the hook got the form and kind" grep -q '"form":"draft-strategy".*"kind":"survey"' "$LOG"
check "the hook got the pack and its version" grep -q '"pack":"hackney-asc","pack_version":"1.0.0"' "$LOG"
check "a list is joined with spaces" grep -qF '"top_three":"waiting carers workforce"' "$LOG"
check "text is kept as given" grep -qF '"missing":"More help at night, café open later"' "$LOG"
check "exactly one response was stored" test "$(wc -l <"$LOG")" -eq 1
rm -f "$LOG"
logsub quick-feedback \
    <<<'{"about": "other", "about_other": "The bus", "rating": 4}'
check "the feedback form is stored as feedback, a number for a range" sh -c \
    "grep -q '\"kind\":\"feedback\"' '$LOG' && grep -qF '\"rating\":\"4\"' '$LOG' && grep -qF '\"about_other\":\"The bus\"' '$LOG'"
sub --check "$ALL" <<<'{"age": 40, "order": ["blue", "red", "green"], "ok": "OK", "height": 1.75}'
check "a form given by its path, numbers for integer and decimal" test "$rc" -eq 0
sub --check --lang en draft-strategy <<<'{"mission_agree": "agree"}'
check "--lang names the language" test "$rc" -eq 0

# --- bad answers: each refused, naming the question ----------------------
bad "an unknown name" '{"q_nope": "x"}' "q_nope: there is no question with this name"
bad "a note" '{"intro": "x"}' "intro: this is not a question that takes an answer"
bad "a group" '{"g_access": "x"}' "g_access: this is not a question that takes an answer"
bad "a calculation" '{"age": "40", "summary": "x"}' "summary: this is not a question" "$ALL"
bad "a list for a text question" '{"missing": ["a", "b"]}' "missing: the answer must be a string"
bad "a number for a text question" '{"missing": 3}' "missing: the answer must be a string"
bad "true for a choice" '{"mission_agree": true}' "mission_agree: the answer must be a string"
bad "null" '{"mission_agree": null}' "mission_agree: the answer must be a string"
bad "an object" '{"top_three": {"a": 1}}' "top_three: the answer must be a list of choice names"
bad "a list with a number in it" '{"top_three": ["waiting", 3]}' "top_three: each item of the list must be one choice name"
bad "not a choice" '{"mission_agree": "maybe"}' "mission_agree: Please choose one of the answers shown."
bad "two answers to select_one" '{"mission_agree": "agree disagree"}' "mission_agree: Please choose one of the answers shown."
bad "a repeated choice" '{"top_three": ["waiting", "waiting"]}' "top_three: Please choose each answer only once."
bad "the constraint (at most three)" '{"top_three": ["waiting", "contact", "barriers", "carers"]}' "top_three: Please choose no more than three."
bad "prefer not to say with another" '{"respondent": "carer prefer_not"}' "respondent: If you choose 'Prefer not to say'"
bad "an answer to a question that does not apply" '{"mission_agree": "agree", "mission_change": "x"}' "mission_change: this question does not apply"
bad "a required question missing" '{"when": "2026-01-01"}' "age: This question needs an answer." "$ALL"
bad "a required message from the form" '{"age": "12"}' "age: You must be 16 or over" "$ALL"
bad "not a whole number" '{"age": "forty"}' "age: Please type a whole number, for example 42." "$ALL"
bad "a decimal for an integer" '{"age": 40.5}' "age: Please type a whole number" "$ALL"
bad "not a date" '{"age": 40, "when": "2026-02-30"}' "when: Please type a real date" "$ALL"
bad "off the range's steps" '{"age": 40, "big": "7"}' "big: Please choose one of the numbers on the scale." "$ALL"
bad "a rank missing an item" '{"age": 40, "order": "red blue"}' "order: Please put every item in order" "$ALL"
bad "a range out of bounds" '{"rating": 9}' "rating: Please choose one of the numbers on the scale." quick-feedback
bad "a control character in text" '{"missing": "a\u0007b"}' "missing: That answer has characters that cannot be used."
bad "text over 4000 characters" "{\"missing\": \"$(head -c 4001 /dev/zero | tr '\0' x)\"}" "missing: the answer is too long"
bad "malformed JSON" '{"mission_agree": ' "not valid JSON"
bad "JSON that is not an object" '["agree"]' "must be a JSON object"
bad "a duplicate name" '{"mission_agree": "agree", "mission_agree": "disagree"}' "not valid JSON"
bad "several problems, all named" '{"nope": 1, "mission_agree": "maybe"}' "2 problems; nothing was stored"
head -c $((1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' >"$TMP/big.json"
rm -f "$LOG"
logsub draft-strategy "$TMP/big.json"
check "a file over 1 MiB is refused" sh -c "[ $rc -eq 1 ] && grep -q 'too large' '$err' && [ ! -e '$LOG' ]"
logsub draft-strategy <"$TMP/big.json"
check "standard input over 1 MiB is refused" sh -c "[ $rc -eq 1 ] && grep -q 'too large' '$err' && [ ! -e '$LOG' ]"
printf '{"\\u001b[31mred": "x"}' >"$TMP/hostile.json"
sub draft-strategy "$TMP/hostile.json"
check_fails "a hostile name is printed without its escape byte" grep -q $'\033' "$err"
check "but named all the same" grep -q 'red: there is no question' "$err"
sub no-such-form "$TMP/good.json"
check "an unknown form is refused (1)" sh -c "[ $rc -eq 1 ] && grep -q 'no-such-form: no such survey' '$err'"
sub draft-strategy "$TMP/missing.json"
check "a missing answer file is refused (1)" sh -c "[ $rc -eq 1 ] && grep -q 'cannot be read' '$err'"
# The checks' own sentences (content/survey-check.c) are translated too.
LANGUAGE=fr sub --check tests/fixtures/survey/answers <<<'{}'
check "a missing required answer is told in French (LANGUAGE=fr)" \
    grep -qF "age: Cette question demande une réponse." "$err"
sub --check --lang xx tests/fixtures/survey/answers <<<'{}'
check "a language the form is not written in is refused (1)" sh -c \
    "[ $rc -eq 1 ] && grep -qF -- '--lang xx: the form is not written in that language' '$err'"
sub --check --lang "$(head -c 300 /dev/zero | tr '\0' a)" tests/fixtures/survey/answers <<<'{}'
check "so is a 300-byte one, without echoing it" sh -c \
    "[ $rc -eq 1 ] && grep -qF -- '--lang ?: the form' '$err'"
done_testing
