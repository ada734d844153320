#!/usr/bin/env bash
# "Ask us to contact you" (issue 21), from the pack to the front door:
# pack check knows the [contact] section and refuses what would mix a
# request with answers; --plain offers the door on its menu and after a
# survey; the requests travel in the same bundle as the answers, after
# them in the manifest whatever the order they were made in; the hub keeps
# them apart (its survey export and report never have them, and refuse the
# contact form), lists and exports them (CSV, 0600, formula-safe, marked
# exported) and purges them for good (nothing of the name is left in the
# hub's files), keeping the rest; a pack without the section shows
# nothing of it.
. tests/lib.sh
. tests/riverton.sh
HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
O() { "$OUTREACH" "$@"; }
cd "$TMP" || exit 1

O hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
riverton_pack plain "$REC" "$KEY"
riverton_pack riv "$REC" "$KEY"
riverton_contact riv

# --- pack check --------------------------------------------------------
check "pack check passes a pack with the contact door" \
	sh -c '"$OUTREACH" pack check riv >check.out 2>&1 && grep -qx "riv: ok: pack riverton version 0.1.0" check.out'
cp -R riv bad1
sed -i 's/^order = parks$/order = parks, contact/' bad1/pack.ini
check_status 1 "the contact form may not be a survey of [surveys]" \
	sh -c '"$OUTREACH" pack check bad1 >bad1.out 2>&1'
check "and it says why" grep -q "must never be stored with survey answers" bad1.out
cp -R riv bad2
sed -i '/^notice = /d' bad2/pack.ini
check_status 1 "a door needs its privacy notice" \
	sh -c '"$OUTREACH" pack check bad2 >bad2.out 2>&1'
check "and it says so" grep -q "names no notice" bad2.out
cp -R riv bad3
sed -i 's/^notice = .*/notice = no-such-page/' bad3/pack.ini
check_status 1 "a notice page that is missing" \
	sh -c '"$OUTREACH" pack check bad3 >bad3.out 2>&1'
check "is named" grep -q "no page pages/en/no-such-page.md" bad3.out
cp -R riv bad4
sed -i '1a start,started,,,,,' bad4/surveys/contact/survey.csv
check_status 1 "a contact form may not record when it started" \
	sh -c '"$OUTREACH" pack check bad4 >bad4.out 2>&1'
check "and it says why" grep -q "keeps only the day" bad4.out
cp -R riv bad5
sed -i 's/^label\[cy\] = /label[xx] = /' bad5/pack.ini
check_status 1 "a label in a language the pack lacks" \
	sh -c '"$OUTREACH" pack check bad5 >bad5.out 2>&1'

# --- the device, in --plain ----------------------------------------------
O init >/dev/null || exit 1
O hub enrol "$OUTREACH_HOME/device.pub" >/dev/null || exit 1
# From the menu first: a name a spreadsheet would take for a formula.
printf '%s\n' 4 1 "=HYPERLINK(\"x\") Ann Formula" 1 "07700 900123" 1 \
	"Broken boiler" "" 1 1 9 q | O --pack riv --plain --lang en >menu.out 2>&1
check "--plain offers the door on its menu" grep -qx "4. Ask the council to contact you" menu.out
check "Help moves down one" grep -qx "5. Help and accessibility" menu.out
check "the privacy notice comes first" grep -q "We keep it for 90 days" menu.out
check "the request is saved" grep -q "Your request has been saved and locked" menu.out
# Then a survey, and from its end a request in Welsh.
printf '%s\n' 2 1 1 1 2 "Mae'r parc yn hyfryd" 4 1 1 "Gwen Cysylltu" 2 \
	"gwen@example.org" "" "Parc" "" 1 8 q | O --pack riv --plain --lang cy >survey.out 2>&1
check "after the survey, the door is offered" grep -q "Gofyn i'r cyngor gysylltu â chi" survey.out
check "in Welsh, the notice is the Welsh page" grep -q "Dim ond tîm drws ffrynt" survey.out
check "the answers and the Welsh request are saved" test "$(grep -c "saved and locked" survey.out)" -eq 2
mkdir stick
O sync export stick >export.out 2>&1
check "the bundle carries the answers and both requests" grep -q "(3 submissions)" export.out
unzip -p stick/outreach-*-000001.zip manifest.json >manifest.json
check "in the manifest, the survey's answers come first" sh -c \
	'python3 -c "import json,sys; e=json.load(open(\"manifest.json\"))[\"entries\"]; sys.exit(0 if [x[\"form\"] for x in e]==[\"parks\",\"contact\",\"contact\"] else 1)"'

# --- the hub -------------------------------------------------------------
check "the hub imports the bundle" sh -c 'O() { "$OUTREACH" "$@"; }; O hub import --pack riv stick >import.out 2>&1'
O hub contacts list >list.out 2>&1
check "hub contacts lists both requests" grep -q "2 requests to be contacted" list.out
check "with what they say" sh -c 'grep -q "Ann Formula" list.out && grep -q "Gwen Cysylltu" list.out'
check "dated by the day only" grep -q "^$(date -u +%Y-%m-%d)  new" list.out
O hub export --pack riv parks -o parks.csv >/dev/null 2>&1
check "the survey's export has its answer" grep -q "Mae'r parc yn hyfryd" parks.csv
check_fails "and no name of a request" grep -q -e "Ann Formula" -e "Gwen" parks.csv
check_fails "nor anything else of one" grep -q -e "07700" -e "boiler" -e "example.org" parks.csv
O hub report --pack riv parks >report.out 2>&1
check_fails "the survey's report has no request" grep -q -e "Formula" -e "Gwen" -e "boiler" report.out
check_status 1 "hub export refuses the contact form" \
	sh -c 'O() { "$OUTREACH" "$@"; }; O hub export --pack riv contact >ce.out 2>ce.err'
check "pointing to hub contacts" grep -q "hub contacts export" ce.err
check_fails "and writes nothing of it" grep -q "Formula" ce.out
check_status 1 "hub report refuses it too" \
	sh -c 'O() { "$OUTREACH" "$@"; }; O hub report --pack riv contact >cr.out 2>&1'
check_fails "nor says anything of it" grep -q "Formula" cr.out
O hub contacts export front.csv >cexp.out 2>&1
check "hub contacts export writes both" grep -q "Wrote 2 requests" cexp.out
check "the CSV is readable only by its owner (0600)" test "$(stat -c %a front.csv)" = 600
check "it has the columns the front door needs" sh -c \
	'head -1 front.csv | grep "^id,date,venue,language,form,first_exported,name,how," | grep ",phone," | grep -q ",email,"'
check "a formula is never written raw" grep -q "'=HYPERLINK" front.csv
check "the Welsh request's email" grep -q "gwen@example.org" front.csv
O hub contacts export again.csv >again.out 2>&1
check "each was marked exported: a second export has none" grep -q "Wrote 0 requests" again.out
O hub contacts list >list2.out 2>&1
check "the list says exported" grep -q "  exported  " list2.out
O hub contacts export all.csv --all >all.out 2>&1
check "--all writes them again" grep -q "Wrote 2 requests" all.out
check "with the day they were first exported" grep -q ",contact,$(date -u +%Y-%m-%d),Gwen" all.csv
check_status 2 "purge needs --older-than DAYS" sh -c 'O() { "$OUTREACH" "$@"; }; O hub contacts purge 2>/dev/null'
check_status 2 "a number of days" sh -c 'O() { "$OUTREACH" "$@"; }; O hub contacts purge --older-than soon 2>/dev/null'
O hub contacts purge --older-than 1 >p1.out 2>&1
check "purging older than a day keeps today's" grep -q "Deleted 0 requests" p1.out
O hub contacts purge --older-than 0 >p0.out 2>&1
check "--older-than 0 purges both" grep -q "Deleted 2 requests" p0.out
O hub contacts list >list3.out 2>&1
check "none is listed" grep -q "0 requests to be contacted" list3.out
check_fails "nothing of a name is left in the hub's files" \
	sh -c 'cat "$OUTREACH_HUB"/hub.db* | grep -aq -e "Ann Formula" -e "Gwen Cysylltu"'
O hub export --pack riv parks -o parks2.csv >/dev/null 2>&1
check "the answers are kept" grep -q "Mae'r parc yn hyfryd" parks2.csv
O hub import --pack riv stick >again-import.out 2>&1
check "the bundle again: already imported" grep -q "already imported" again-import.out
O hub contacts list >list4.out 2>&1
check "and no request comes back" grep -q "0 requests to be contacted" list4.out
check "hub contacts --help" sh -c 'O() { "$OUTREACH" "$@"; }; O hub contacts --help | grep -q "purge --older-than DAYS"'
check "hub --help names it" sh -c 'O() { "$OUTREACH" "$@"; }; O hub --help | grep -q "contacts \[list\]"'

# A device that mixes them (a bug, or a stolen key) is refused whole.
OUTREACH_PACK=riv "$HELPER" seal-raw "$OUTREACH_HOME" contact parks 1 rating=good >/dev/null
mkdir stick2 stick3
O sync export stick2 >/dev/null 2>&1
O hub import --pack riv stick2 >mix1.out 2>&1
check "a contact request on a survey's form is refused" \
	grep -q "a contact request on form parks, which is not a pack's contact form" mix1.out
OUTREACH_PACK=riv "$HELPER" seal-raw "$OUTREACH_HOME" survey contact 1 \
	name=Mallory how=group about=x consent=OK >/dev/null
O sync export stick3 >/dev/null 2>&1
O hub import --pack riv stick3 >mix2.out 2>&1
check "an answer on the contact form is refused" \
	grep -q "an answer on form contact, which is a pack's contact form" mix2.out
O hub export --pack riv parks -o parks3.csv >/dev/null 2>&1
check_fails "and is nowhere in the survey's export" grep -q Mallory parks3.csv

# --- the door closed: nothing of it --------------------------------------
printf '%s\n' 2 1 1 1 2 "" 4 q | O --pack plain --plain --lang en >off.out 2>&1
check "without [contact], the menu has no door" grep -qx "4. Help and accessibility" off.out
check "the survey was answered" grep -q "saved and locked" off.out
check_fails "and nothing of the door is said anywhere" grep -qi -e "contact" -e "get in touch" off.out
done_testing
