#!/usr/bin/env bash
# `outreach pack check DIR|ZIP`: a good pack is ok; a pack with one of each
# mistake gets every one in one run, as FILE:LINE: REASON, and a one-line
# verdict; `hub pack` refuses to sign it; a signed zip is checked too.
. tests/lib.sh
. tests/riverton.sh
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
cd "$TMP" || exit 1

"$OUTREACH" hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out

# --- usage ----------------------------------------------------------------
check "pack --help exits 0" "$OUTREACH" pack --help
"$OUTREACH" pack >/dev/null 2>&1
check "pack without a subcommand is wrong usage (2)" test $? -eq 2
"$OUTREACH" --help | grep -q "^  pack check DIR|ZIP   every problem" && ok "outreach --help lists pack check, in line with the other commands" || not_ok "outreach --help lists pack check, in line with the other commands"
for c in "" hub pack content; do
	check "outreach $c --help fits 79 columns" sh -c \
	    '"$1" $2 --help | awk "length > 79 { bad = 1 } END { exit bad }"' - "$OUTREACH" "$c"
done

# --- a good pack --------------------------------------------------------
riverton_pack good "$REC" "$KEY"
"$OUTREACH" pack check good >out 2>err; rc=$?
check "a good pack passes (0)" test "$rc" -eq 0
check "with the verdict as its only line" test "$(cat out)" = "good: ok: pack riverton version 0.1.0"
check "and nothing on stderr" test ! -s err

# --- one of each mistake ------------------------------------------------
riverton_pack bad "$REC" "$KEY"
# pack.ini: two mistakes, a setting nobody reads, a bad recipient, no
# language names, a language with nothing in it, a missing consent page.
sed -i 's/^version = .*/version = first/; s/^recipients = .*/recipients = age1nonsense/;
/^\[language_names\]/,/^cy = /d; s/^languages = .*/languages = en, cy, pl/;
s/^consent = consent/consent = agreement/; s/^home = welcome/home = welcome\nlogo = riverton.png/' bad/pack.ini
printf '[kiosk]\nidle_warning = 2\n[sessions]\nconsent = session-intro\n' >>bad/pack.ini
# A page with a link to a page that does not exist and an image.
printf '\nSee [the map](map.md).\n\n![](park-map.png)\n' >>bad/pages/en/parks.md
# A survey with mistakes, and one saved with ';' between columns.
printf 'txt,mood,How are you?,Sut wyt ti?\nselect_one colours,colour,Colour?,Lliw?\n' >>bad/surveys/parks/survey.csv
mkdir bad/surveys/trees
printf 'type;name;label\ntext;tree;Which tree?\n' >bad/surveys/trees/survey.csv
sed -i 's/^order = parks$/order = parks, trees/' bad/pack.ini
# A service directory with a mistake.
mkdir bad/directory
printf 'id,name\nlibrary,\n' >bad/directory/services.csv

"$OUTREACH" pack check bad >out 2>err; rc=$?
check "a pack with mistakes fails (1)" test "$rc" -eq 1
# Each line: where (a fixed string), then what it must say.
while IFS='|' read -r where what; do
	[ -n "$where" ] || continue
	if grep -F -- "$where" err | grep -qF -- "$what"; then
		ok "pack check says $where $what"
	else
		not_ok "pack check says $where $what"
		sed 's/^/#   /' err
	fi
done <<'LIST'
bad/pack.ini:6: |the version must be numbers and dots
bad/pack.ini:11: warning: |'logo' is not a setting of [pack]
bad/pack.ini:8: |the language picker would show 'en' as it is
bad/pack.ini:8: |the language picker would show 'cy' as it is
bad/pack.ini:8: |'pl' has no content
bad/pack.ini:21: |no page pages/en/agreement.md: the consent page
bad/pack.ini:27: |'age1nonsense' is not an age recipient
bad/pack.ini:30: |'idle_warning' must be a whole number from 5 to 86400
bad/pack.ini:32: |no page pages/en/session-intro.md
bad/pages/en/parks.md:6: |a link to the page 'map', but there is no pages/en/map.md
bad/pages/en/parks.md:8: |an image with no text
bad/surveys/parks/survey.csv:5: |Unknown question type 'txt'
bad/surveys/parks/survey.csv:6: |List name not in choices sheet: colours
bad/surveys/trees/survey.csv:1: |required column headers were not found: 'type'
bad/surveys/trees/survey.csv:1: |the columns are separated by ';', not commas
bad/directory/services.csv:2: |the name is empty
LIST
check "the verdict is the last line" sh -c 'tail -1 err | grep -q "^outreach: bad: [0-9]* errors, [0-9]* warnings\?: the pack cannot be used"'
n=$(grep -c '' err)
e=$(tail -1 err | sed -n 's/^outreach: bad: \([0-9]*\) errors.*/\1/p')
check "all $e errors were found in one run ($((n - 1)) lines)" test "${e:-0}" -eq 16
check "nothing on stdout" test ! -s out

# A pack.ini with no default language: its pages are still checked.
riverton_pack nodefault "$REC" "$KEY"
sed -i '/^default_language = /d' nodefault/pack.ini
printf '\n[Map](map.md)\n' >>nodefault/pages/cy/welcome.md
"$OUTREACH" pack check nodefault >out 2>err; rc=$?
check "no default language: a failure (1), not a crash" test "$rc" -eq 1
check "saying what is missing" grep -q "nodefault/pack.ini:1: \[pack\] needs 'default_language'" err
check "and still checking the pages" grep -q "nodefault/pages/cy/welcome.md:7: a link to the page 'map'" err

# `hub pack` runs the same check and refuses to sign.
"$OUTREACH" hub pack bad -o bad.zip >hp.out 2>hp.err; rc=$?
check "hub pack refuses a pack with errors (1)" test "$rc" -eq 1
check "saying why, with the same lines" grep -q "bad/pages/en/parks.md:6: a link to the page 'map'" hp.err
check "and that it did not sign" grep -q "bad was not signed" hp.err
check "no zip is written" test ! -e bad.zip

# Warnings alone do not stop signing: the demo hub's keys are one.
riverton_pack demo age17mhs6stt2lzpddpnpmvztkulkq0xh3e25qshc6g3828cn946qdgqtrwdxy RWS4EDFdZtkT1c46viUjnALWv1x4yhaD9XLG6kr2f78+yUjODB7A9p0I
"$OUTREACH" pack check demo >out 2>err; rc=$?
check "the demo hub's keys are a warning, not an error (0)" test "$rc" -eq 0
check "which says anyone can read the answers" grep -q "demo/pack.ini:29: warning: \[hub\] names the demo hub" out
check "and the verdict counts it" grep -qx "demo: ok: pack riverton version 0.1.0 (1 warning)" out

# --- a zip ---------------------------------------------------------------
"$OUTREACH" hub pack good -o good.zip >hp.out 2>&1
check "hub pack signs the good pack" test -s good.zip
check "and shows the check's verdict first" grep -q "^good: ok: pack riverton version 0.1.0" hp.out
check "the hub keeps a copy of what it signed" diff -r good "$OUTREACH_HUB/packs/riverton/0.1.0"
check "and says so" grep -q "The hub keeps a copy of pack riverton version 0.1.0" hp.out
echo "A change." >>good/pages/en/parks.md
"$OUTREACH" hub pack good -o good2.zip >/dev/null 2>&1
check "signing the same version again replaces the copy" diff -r good "$OUTREACH_HUB/packs/riverton/0.1.0"
check "leaving nothing half-made beside it" test "$(ls -A "$OUTREACH_HUB/packs/riverton")" = 0.1.0
"$OUTREACH" hub pack bad -o bad.zip >/dev/null 2>&1
check "a refused pack is not kept" test ! -e "$OUTREACH_HUB/packs/riverton/first"
"$OUTREACH" pack check good.zip >out 2>err; rc=$?
check "pack check reads a signed zip (0)" test "$rc" -eq 0
check "naming it" grep -qx "good.zip: ok: pack riverton version 0.1.0" out
if command -v zip >/dev/null; then
	cp good.zip altered.zip
	mkdir -p alt/pages/en
	printf '# Altered\n\n[x](gone.md)\n' >alt/pages/en/parks.md
	(cd alt && zip -q ../altered.zip pages/en/parks.md)
	"$OUTREACH" pack check altered.zip >out 2>err; rc=$?
	check "an altered zip fails (1)" test "$rc" -eq 1
	check "its files are named inside the zip" grep -q "^altered.zip/pages/en/parks.md:3: a link to the page 'gone'" err
	check "and the changed file is named" grep -q "^altered.zip: pages/en/parks.md differs from the signed manifest" err
	check_fails "no temporary folder is named" grep -q "outreach-pack\." err
else
	skip "zip is not installed"
fi
printf 'not a zip' >junk.zip
"$OUTREACH" pack check junk.zip >out 2>err; rc=$?
check "something that is not a zip fails (1)" test "$rc" -eq 1
check "with a reason" grep -q "^junk.zip: " err
"$OUTREACH" pack check nothing-here >out 2>err; rc=$?
check "a missing path fails (1)" test "$rc" -eq 1
done_testing
