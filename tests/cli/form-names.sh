#!/usr/bin/env bash
# One name per form: a survey in folder surveys/parks/ whose settings say
# form_id parks_survey is parks_survey everywhere: `submit` stores it so
# (and says so when given the folder's name), the bundle and the hub hold
# it so, and `hub export` and `hub report` find it by that name (and by the
# folder's, saying which counts). `pack check` warns that the names differ.
. tests/lib.sh
. tests/riverton.sh
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
cd "$TMP" || exit 1

"$OUTREACH" hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
riverton_pack pack "$REC" "$KEY"
sed -i 's/^Our parks,parks,/Our parks,parks_survey,/' pack/surveys/parks/settings.csv
export OUTREACH_PACK="$TMP/pack"

"$OUTREACH" pack check pack >check.out 2>&1
check "pack check warns that folder and form id differ" \
	grep -q "pack/surveys/parks: warning: its form id is 'parks_survey'" check.out
check "and still passes" grep -q "^pack: ok" check.out

"$OUTREACH" init >/dev/null || exit 1
"$OUTREACH" hub enrol "$OUTREACH_HOME/device.pub" >/dev/null || exit 1
echo '{"rating": "good", "wants": ["lights"]}' >a.json
"$OUTREACH" submit parks_survey a.json >sub1.out 2>sub1.err
check "submit takes the form id" grep -qx "parks_survey: 2 answers stored" sub1.out
check "without a note" test ! -s sub1.err
"$OUTREACH" submit parks a.json >sub2.out 2>sub2.err
check "submit takes the folder's name too" grep -qx "parks_survey: 2 answers stored" sub2.out
check "saying which name the answers are under" \
	grep -q "note: parks is the folder of form parks_survey; its answers are stored, exported and reported as parks_survey" sub2.err
"$OUTREACH" submit nothing a.json >/dev/null 2>sub3.err
check "an unknown form is refused" grep -q "nothing: no such survey" sub3.err

mkdir stick
"$OUTREACH" sync export stick >/dev/null || exit 1
check "the bundle names the form by its id" \
	sh -c 'unzip -p stick/*.zip manifest.json | grep -q "\"form\": *\"parks_survey\""'
"$OUTREACH" hub import stick >import.out 2>&1
check "the hub imports both" grep -q "2 new submission(s) stored" import.out
"$OUTREACH" hub export parks_survey >byid.csv 2>byid.err
check "hub export finds the form by its id" test "$(grep -c '' byid.csv)" -eq 3
check "without a note" test ! -s byid.err
"$OUTREACH" hub export parks >byfolder.csv 2>byfolder.err
check "and by its folder's name" cmp -s byid.csv byfolder.csv
check "saying which name counts" grep -q "note: parks is the folder of form parks_survey" byfolder.err
"$OUTREACH" hub report parks >report.out 2>report.err
check "hub report too" grep -q "2 responses to parks_survey" report.out
"$OUTREACH" hub --help | grep -q "FORM is the form id" && ok "hub --help says what FORM is" || not_ok "hub --help says what FORM is"
"$OUTREACH" submit --help | grep -q "FORM is the form's id" && ok "submit --help says what FORM is" || not_ok "submit --help says what FORM is"
done_testing
