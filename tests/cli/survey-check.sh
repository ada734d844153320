#!/usr/bin/env bash
# `outreach survey check`: usage and exit statuses, the hand-made fixtures
# in tests/fixtures/xlsform/, and every form of ../shared/xlsform-examples
# against pyxform's verdict in its expected-results.tsv.
. tests/lib.sh

FIX=tests/fixtures/xlsform
out=$TMP/out
err=$TMP/err

# run PATH: run the check, keeping stdout, stderr and the status in $rc.
run() {
	"$OUTREACH" survey check "$1" >"$out" 2>"$err"
	rc=$?
}

# --- usage -------------------------------------------------------------
"$OUTREACH" survey --help >"$out" 2>&1
check "survey --help exits 0" test $? -eq 0
check "survey --help explains the command" grep -q "survey check PATH" "$out"
"$OUTREACH" survey check --help >/dev/null 2>&1
check "survey check --help exits 0" test $? -eq 0
"$OUTREACH" survey >/dev/null 2>&1
check "survey without a subcommand is wrong usage (2)" test $? -eq 2
"$OUTREACH" survey check >/dev/null 2>&1
check "survey check without a path is wrong usage (2)" test $? -eq 2
"$OUTREACH" survey frobnicate x >/dev/null 2>&1
check "an unknown survey subcommand is wrong usage (2)" test $? -eq 2
"$OUTREACH" --help >"$out" 2>&1
check "outreach --help lists survey check" grep -q "survey check" "$out"

# --- unreadable --------------------------------------------------------
run "$TMP/no-such-form.xlsx"
check "a missing file fails (1)" test "$rc" -eq 1
check "a missing file is named with the reason" \
	grep -q "no-such-form.xlsx: No such file" "$err"
printf '\320\317\021\340\241\261\032\341' >"$TMP/old.xls"
run "$TMP/old.xls"
check "an .xls file fails (1)" test "$rc" -eq 1
check "an .xls file is refused with the reason" grep -q "not supported" "$err"
echo "just text" >"$TMP/notes.txt"
run "$TMP/notes.txt"
check "a file that is not a form fails (1)" test "$rc" -eq 1

# --- the hand-made fixtures -------------------------------------------
run "$FIX/good"
check "the good fixture loads" test "$rc" -eq 0
check "its summary names the title" grep -q "^title: *Day centre feedback" "$out"
check "its summary names the id and version" \
	grep -q "^id: *day_centre_feedback" "$out"
check "its summary lists the languages" \
	grep -q "^languages: *English (en) (default), Français (fr)" "$out"
check "its summary counts select_one questions" \
	grep -Eq "^  select_one +3$" "$out"
check "its summary counts groups" grep -Eq "^groups: +2$" "$out"
check "a good form prints nothing on stderr" test ! -s "$err"
check "and its last line says ok" sh -c 'tail -1 "$1" | grep -qx "$2: ok"' - "$out" "$FIX/good"

# A form saved by Excel where the decimal mark is a comma: ';' between
# columns. The error says why, and what to do.
mkdir -p "$TMP/semi"
tr ',' ';' <"$FIX/good/survey.csv" >"$TMP/semi/survey.csv"
cp "$FIX/good/choices.csv" "$FIX/good/settings.csv" "$TMP/semi/"
run "$TMP/semi"
check "a ';'-separated survey.csv fails (1)" test "$rc" -eq 1
check "with a hint at the separator, at the file's first row" \
	grep -q "semi/survey.csv:1: the columns are separated by ';', not commas" "$err"
check "saying how to save it" grep -q 'CSV UTF-8 (comma delimited)' "$err"
check_fails "the comma-separated sheets get no such hint" grep -q "choices.csv:1: the columns" "$err"

run "$FIX/good/survey.csv"
check "FOLDER/survey.csv reads the folder" test "$rc" -eq 0

run "$FIX/bad.survey.csv"
check "the bad fixture fails (1)" test "$rc" -eq 1
# Each line: row, then a fragment of the message expected at that row.
while IFS='|' read -r row what; do
	[ -n "$row" ] || continue
	if grep -F "bad.survey.csv:$row: " "$err" | grep -qF -- "$what"; then
		ok "bad fixture row $row: $what"
	else
		not_ok "bad fixture row $row: $what"
		sed 's/^/#   /' "$err"
	fi
done <<'EOF'
3|Unknown question type 'txt'.
4|Question or group with no name.
5|Invalid question name '2nd'.
6|the 'name' value 'age' is invalid. Questions, groups, and repeats must be unique
7|List name not in choices sheet: colours
8|the 'relevant' value is invalid: unexpected end of expression at column 9
9|There is no survey element with this name
10|Question type 'geopoint' cannot be asked here
11|the parameter 'step' must not be '0' (zero)
12|Unmatched 'end_group'. No matching 'begin_group' was found for the name 'nothing'.
13|Unmatched 'begin_group'. No matching 'end_group' was found for the name 'open'.
14|It is also used at row 8
15|Missing calculation.
16|has no label or hint
17|Question type 'begin repeat' cannot be asked here
EOF
if grep -F "bad.choices.csv:4: " "$err" | grep -qF "Choice names must be unique"; then
	ok "bad fixture: a repeated choice name is reported on the choices sheet"
else
	not_ok "bad fixture: a repeated choice name is reported on the choices sheet"
fi
check "the bad fixture's errors are all reported, in row order" \
	test "$(grep -c '^tests/fixtures/xlsform/bad.survey.csv:' "$err")" -ge 15
check "the last line counts the errors" grep -q "errors; the form cannot be used" "$err"

# --- the shared examples ----------------------------------------------
EX=$SHARED/xlsform-examples
TSV=$EX/expected-results.tsv
if ! have_shared || [ ! -f "$TSV" ]; then
	skip "../shared/xlsform-examples is absent: examples not checked"
	done_testing
	exit
fi

# Forms pyxform accepts that use types a terminal cannot ask: each must be
# refused naming the type at its row. (Some are refused for more: the
# repeats of childrens_survey_sw reuse names such as 'name', which answers
# stored by name cannot hold; test_repeat uses position(..), which only
# means something inside a repeat; xlsform_spec_test has a note whose only
# label is an image.)
#   childrens_survey_sw  nested repeats and a gps question
#   good_eats_multilang  select ... or_other, photos and a geopoint
#   mali_health          a geopoint
#   transportation_...   select ... or specify other, and a loop (a repeat)
#   onadata-tutorial     a photo and a geopoint
#   waste_collection     geopoint, audio and image
#   test_repeat...       a repeat
#   pyxform-tutorial     a repeat (household roster)
#   widgets              time, datetime, geopoint, barcode, image, audio, video
#   xlsform_spec_test    a repeat, time, datetime, geopoint, barcode, media
declare -A refused=(
	[onadata-childrens_survey_sw]="4:begin repeat|9:begin repeat|12:begin repeat|19:gps"
	[onadata-good_eats_multilang]="3:select one from food_type or_other|8:photo|10:photo|11:geopoint"
	[onadata-mali_health]="16:geopoint"
	[onadata-transportation_encrypted]="4:select all that apply from transport_types or specify other|5:begin loop over transport_types"
	[onadata-tutorial]="5:photo|7:geopoint"
	[osmfw-waste_collection]="70:geopoint|72:audio|73:image"
	[pyxform-test_repeat.test_output_with_translation_relative_path]="2:begin repeat"
	[pyxform-tutorial]="2:begin repeat"
	[pyxform-widgets]="6:time|11:geopoint|12:barcode|13:image|14:audio|15:video|17:geopoint|18:dateTime"
	[pyxform-xlsform_spec_test]="15:begin repeat|32:time|33:datetime|34:geopoint|35:barcode|36:image|37:audio|38:video"
)

# verdict FORM SOURCE RESULT MESSAGE: check one source file of one form.
verdict() {
	local form=$1 src=$2 result=$3 msg=$4 name row want missing=""
	name=$(basename "$src")
	run "$src"
	if [ "$result" = ok ] && [ -z "${refused[$form]:-}" ]; then
		if [ "$rc" -eq 0 ] && grep -q "^title:" "$out"; then
			ok "$name loads, as pyxform accepts it"
		else
			not_ok "$name loads, as pyxform accepts it (status $rc)"
			sed 's/^/#   /' "$err"
		fi
	elif [ "$result" = ok ]; then
		IFS='|' read -ra want <<<"${refused[$form]}"
		for w in "${want[@]}"; do
			grep -qF "$name:${w%%:*}: Question type '${w#*:}' cannot be asked" "$err" ||
				missing="$missing [row ${w%%:*} ${w#*:}]"
		done
		if [ "$rc" -eq 1 ] && [ -z "$missing" ]; then
			ok "$name is refused for the types it cannot ask (${#want[@]} rows)"
		else
			not_ok "$name is refused for the types it cannot ask: status $rc, missing$missing"
			sed 's/^/#   /' "$err"
		fi
	else
		# pyxform's "[row : N] message", or a message without a row.
		if [[ $msg =~ ^\[row\ :\ ([0-9]+)\]\ (.*)$ ]]; then
			row=${BASH_REMATCH[1]}
			msg=${BASH_REMATCH[2]}
		else
			row=""
		fi
		if [ "$rc" -eq 1 ] && grep -F "$name:$row" "$err" | grep -qF -- "$msg"; then
			ok "$name is refused${row:+ at row $row}: $msg"
		else
			not_ok "$name is refused${row:+ at row $row}: $msg (status $rc)"
			sed 's/^/#   /' "$err"
		fi
	fi
}

nforms=0
while IFS=$'\t' read -r form original sheets result warnings msg; do
	[ "$form" = form ] && continue
	nforms=$((nforms + 1))
	case "$original" in
	*.xlsx)
		verdict "$form" "$EX/$original" "$result" "$msg"
		;;
	*.csv)
		# pyxform's single-file CSV, which we read too
		verdict "$form" "$EX/$original" "$result" "$msg"
		;;
	esac
	# Every form also as CSV sheets (the only way to read an .xls one).
	if [ -f "$EX/$form.survey.csv" ]; then
		verdict "$form" "$EX/$form.survey.csv" "$result" "$msg"
	else
		not_ok "$form has no $form.survey.csv ($sheets)"
	fi
done <"$TSV"
check "expected-results.tsv lists the forms ($nforms)" test "$nforms" -ge 20

done_testing
