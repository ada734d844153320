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

# Choices from a CSV file beside the form, and without it.
run tests/fixtures/packs/odk/surveys/odk
check "a form with choices from a file beside it loads" test "$rc" -eq 0
check "and counts its lists" grep -Eq "^choice lists: +2$" "$out"
mkdir "$TMP/nofile"
cp tests/fixtures/packs/odk/surveys/odk/survey.csv tests/fixtures/packs/odk/surveys/odk/choices.csv "$TMP/nofile/"
run "$TMP/nofile"
check "without its file the form fails (1)" test "$rc" -eq 1
check "naming the file at the question's row" \
	grep -q "survey.csv:4: The choices file 'fruits.csv' cannot be read" "$err"

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
10|Question type 'xml-external' cannot be asked here: it declares data from a file outside the form
11|the parameter 'step' must not be '0' (zero)
12|Unmatched 'end_group'. No matching 'begin_group' was found for the name 'nothing'.
13|Unmatched 'begin_group'. No matching 'end_group' was found for the name 'open'.
14|There are multiple survey elements named 'why', so ${why} (in the 'relevant' column) could mean either
15|Missing calculation.
16|has no label or hint
17|pulldata('towns', ...) reads towns.csv, which cannot be read
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

# Every form pyxform accepts loads, repeats, loops and or_other included.
# A question of a type a kiosk cannot ask stays in the form, never shown
# and empty, and `survey check` notes it at its row:
#   childrens_survey_sw  a gps question (and three nested repeats)
#   good_eats_multilang  photos and a geopoint
#   mali_health          a geopoint
#   onadata-tutorial     a photo and a geopoint
#   waste_collection     geopoint, audio and image
#   widgets              time, datetime, geopoint, barcode, image, audio, video
#   xlsform_spec_test    a note with only an image, time, datetime,
#                        geopoint, barcode, image, audio, video
declare -A noted=(
	[onadata-childrens_survey_sw]="19:gps"
	[onadata-good_eats_multilang]="8:photo|10:photo|11:geopoint"
	[onadata-mali_health]="16:geopoint"
	[onadata-tutorial]="5:photo|7:geopoint"
	[osmfw-waste_collection]="70:geopoint|72:audio|73:image"
	[pyxform-widgets]="6:time|11:geopoint|12:barcode|13:image|14:audio|15:video|17:geopoint|18:dateTime"
	[pyxform-xlsform_spec_test]="10:|32:time|33:datetime|34:geopoint|35:barcode|36:image|37:audio|38:video"
)

# verdict FORM SOURCE RESULT MESSAGE: check one source file of one form.
verdict() {
	local form=$1 src=$2 result=$3 msg=$4 name row want missing=""
	name=$(basename "$src")
	run "$src"
	if [ "$result" = ok ]; then
		IFS='|' read -ra want <<<"${noted[$form]:-}"
		for w in "${want[@]}"; do
			grep -F "$name:${w%%:*}: note: " "$err" |
			    grep -qF -- "${w#*:}" ||
				missing="$missing [row ${w%%:*} ${w#*:}]"
		done
		if [ "$rc" -eq 0 ] && grep -q "^title:" "$out" &&
		    [ -z "$missing" ]; then
			ok "$name loads, as pyxform accepts it${want[*]:+ (${#want[@]} rows noted)}"
		else
			not_ok "$name loads, as pyxform accepts it (status $rc, missing notes$missing)"
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
