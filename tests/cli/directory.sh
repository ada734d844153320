#!/usr/bin/env bash
# The service directory from the command line: `outreach directory check`
# on good and malformed services.csv files (every refusal names file:row),
# a pack with a broken directory in plain mode, and "Find support" in plain
# mode: by words, by category, by neighbourhood, and a detail page.
. tests/lib.sh

FIX=tests/fixtures/directory
out=$TMP/out
err=$TMP/err

run() {
	"$OUTREACH" directory check "$1" >"$out" 2>"$err"
	rc=$?
}

# --- usage -------------------------------------------------------------
"$OUTREACH" directory --help >"$out" 2>&1
check "directory --help exits 0" test $? -eq 0
check "directory --help explains the command" grep -q "directory check PATH" "$out"
"$OUTREACH" directory >/dev/null 2>&1
check "directory without a subcommand is wrong usage (2)" test $? -eq 2
"$OUTREACH" directory check >/dev/null 2>&1
check "directory check without a path is wrong usage (2)" test $? -eq 2
"$OUTREACH" directory list x >/dev/null 2>&1
check "an unknown directory subcommand is wrong usage (2)" test $? -eq 2
"$OUTREACH" --help >"$out" 2>&1
check "outreach --help lists directory check" grep -q "directory check PATH" "$out"

# --- good directories --------------------------------------------------
run content/packs/hackney
check "the Hackney pack's directory is good (0)" test "$rc" -eq 0
check "it has 11 services" grep -q "^services: *11$" "$out"
check "and no neighbourhoods (the seeds name none)" grep -q "^neighbourhoods: *0$" "$out"
run "$FIX/good.csv"
check "a services.csv file can be checked directly" test "$rc" -eq 0
check "its neighbourhoods are listed, sorted" \
	grep -q "^neighbourhoods: *3: Dalston, Homerton, Stoke Newington$" "$out"
check "its categories are listed once each, sorted" \
	grep -q "^categories: *6: advice, carers, exercise, food, money, social$" "$out"

# --- refusals, each with file:row --------------------------------------
while IFS='|' read -r file want; do
	run "$FIX/$file"
	check "$file is refused (1)" test "$rc" -eq 1
	check "$file: $want" grep -qF "outreach: $FIX/$file:$want" "$err"
done <<'EOF_BAD'
missing-id.csv|1: no 'id' column
unknown-column.csv|1: unknown column 'fax'
duplicate-column.csv|1: the column 'phone' appears twice
duplicate-id.csv|4: the id 'a' is already used on row 2
wrong-fields.csv|3: 4 fields, but the header has 3
bad-utf8.csv|3: text that is not UTF-8
long-description.csv|2: 'description' is longer than 2000 characters
empty-name.csv|3: the name is empty
newline-in-name.csv|2: 'name' has a line break
unclosed-quote.csv|3: a quoted field starts here and has no closing quote
EOF_BAD
run "$FIX/badpack"
check "a pack folder with a broken directory is refused (1)" test "$rc" -eq 1
check "with its file and row" \
	grep -qF "$FIX/badpack/directory/services.csv:3: the id 'first' is already used on row 2" "$err"
run tests/fixtures/packs/tiny
check "a pack without a directory fails (1)" test "$rc" -eq 1
check "and says so" grep -q "no directory/services.csv in this pack" "$err"
run "$TMP/no-such.csv"
check "a missing file fails (1)" test "$rc" -eq 1
check "a missing file is named" grep -q "no-such.csv" "$err"

# Text from the file cannot reach the terminal as a control sequence.
printf 'id,name,categories\na,Bad \033[2J name,x\033]0;title\007y\n' >"$TMP/hostile.csv"
run "$TMP/hostile.csv"
check "a directory with control characters still loads" test "$rc" -eq 0
check_fails "and nothing printed holds an escape byte" grep -q $'\033' "$out"

# --- the kiosk's plain mode --------------------------------------------
printf '4\nq\nq\n' | "$OUTREACH" --pack "$FIX/badpack" --plain >"$out" 2>"$err"
check "plain mode with a broken directory still runs (0)" test $? -eq 0
check "Find support says it cannot show the list" \
	grep -q "Sorry, the list of services cannot be shown." "$out"
check "and the file and row go to stderr" \
	grep -qF "badpack/directory/services.csv:3: the id 'first' is already used on row 2" "$err"

plain() { printf "$1" | "$OUTREACH" --pack "$FIX/pack" --plain >"$out" 2>"$err"; }
plain '4\ncarers\nb\nq\n'
check "plain: the home menu offers 4. Find support" grep -q "^4. Find support$" "$out"
check "plain: 5 is Help and accessibility, as in the kiosk" grep -q "^5. Help and accessibility$" "$out"
check "plain: every service at first" grep -q "^5 services:$" "$out"
check "plain: words narrow the list" grep -q "^Words: carers.$" "$out"
check "plain: two carers services" sh -c "grep -A3 '^Words: carers' '$out' | grep -q '^2. İpek Turkish Carers Group: A group for Turkish-speaking carers.$'"
plain '4\nc\n2\nn\n1\nb\nq\n'
check "plain: c lists the categories, 0 for all" grep -q "^0. All categories$" "$out"
check "plain: by category and neighbourhood together" \
	sh -c "grep -A3 '^Neighbourhood: Dalston.$' '$out' | grep -q '^1 service:$'"
plain '4\n1\nb\nb\nq\n'
check "plain: a number reads a service's page" grep -q "^Phone: 0000 000 001$" "$out"
check "plain: one field a line, the address over two" \
	sh -c "grep -A1 '^Address: 1 Example Road$' '$out' | grep -q '^Testshire$'"
plain '4\n/money\nh\nb\nq\n'
check "plain: '/words' searches the directory, as '/' searches pages elsewhere" \
	sh -c "grep -A2 '^Words: money.$' '$out' | grep -q '^1. Money Help Desk: Help with benefits and bills.$'"
check "plain: h says the whole instructions again" \
	sh -c "grep -A5 '^> h$' '$out' | grep -q '^Type a number to read about a service'"
plain '4\n9\nb\nq\n'
check "plain: a number out of range is explained" grep -q "^Please type a number from 1 to 5.$" "$out"
printf '5\nq\n' | "$OUTREACH" --pack tests/fixtures/packs/tiny --lang en --plain >"$out" 2>&1
check "plain: without a directory there is no Find support, and 4 is Help" \
	sh -c "! grep -q 'Find support' '$out' && grep -q '^4. Help and accessibility$' '$out'"
done_testing
