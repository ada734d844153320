#!/usr/bin/env bash
# Another council, start to finish, with no code: Riverton's pack, made
# from scratch (tests/riverton.sh: its own id, title, welcome in English
# and Welsh, two pages, a consent page, one CSV survey), for its own hub.
# pack check passes it; hub pack signs it and keeps a copy; the laptop,
# which runs the bundled Hackney pack, switches to it (another pack: an
# explicit --replace, or yes to the question on a terminal); the kiosk at
# 80x24 shows Riverton's texts in both languages and never the word
# Hackney; a person answers the survey there;
# the answers travel on a stick to the hub, which imports, exports and
# reports them with no --pack (on a machine whose own pack is Hackney's).
. tests/lib.sh
. tests/riverton.sh
D=$PWD/scripts/tmux-drive
S=riverton-$$
T_TMUX=outreach-$S
export DRIVE_SETTLE=0.05
unset OUTREACH_PACK
has() { $D wait "$S" "$1" "${2:-3}" >/dev/null 2>&1; }
k() { $D keys "$S" "$@"; }
LAPTOP=$OUTREACH_HOME
OFFICE=$TMP/office
# The office runs the hub; its own pack in use is the bundled Hackney one.
office() { OUTREACH_HOME=$OFFICE OUTREACH_HUB=$TMP/hub "$OUTREACH" "$@"; }
cd "$TMP" || exit 1

office hub init "$TMP/hub" >init.out || exit 1
hub_keys init.out
riverton_pack riverton "$REC" "$KEY"
check "pack check passes Riverton's pack" sh -c '"$OUTREACH" pack check riverton >check.out 2>&1'
check "with no warning" grep -qx "riverton: ok: pack riverton version 0.1.0" check.out
check "hub pack signs it" sh -c 'OUTREACH_HOME="$1" OUTREACH_HUB="$2" "$OUTREACH" hub pack riverton -o riverton.zip >sign.out 2>&1' - "$OFFICE" "$TMP/hub"

# --- the laptop: from the bundled Hackney pack to Riverton's -------------
"$OUTREACH" init >/dev/null || exit 1
check "the laptop runs the bundled Hackney pack" sh -c '"$OUTREACH" --plain </dev/null | head -1 | grep -q "^Hackney"'
"$OUTREACH" content install riverton.zip --trust "$TMP/hub/hub.pub" >noreplace.out 2>&1
check_fails "installing another council's pack is not done silently" test -e "$LAPTOP/pack/current/pack.ini"
check "it asks for the switch, naming both packs" grep -q "hackney-asc 1.0.0.*riverton 0.1.0" noreplace.out
check "and how to make it" grep -q -- "--replace" noreplace.out
# On a terminal, the question instead: no keeps the Hackney pack, yes
# switches.
ask() {
	$D start "$S" 80x24 "$OUTREACH content install $TMP/riverton.zip --trust $TMP/hub/hub.pub"
	has "Replace it by pack riverton 0.1.0? [y/N]" 10
}
check "on a terminal, it asks, naming both packs" ask
$D screen "$S" >ask.txt
check "the pack in use by its id and version" grep -q "This laptop runs pack hackney-asc 1.0.0" ask.txt
k n Enter
check "no: nothing is installed" has "Nothing was installed"
$D screen "$S" >no.txt
check_fails "and nothing is trusted" grep -q "Trusting hub key" no.txt
$D stop "$S"
check_fails "the laptop still runs the bundled pack" test -e "$LAPTOP/pack/current/pack.ini"
ask
k y Enter
check "yes: Riverton's pack is installed" has "Installed pack riverton version 0.1.0"
check "replacing Hackney's" has "It replaces pack hackney-asc version 1.0.0"
check "and the hub's key trusted from now on" has "Trusting hub key"
$D stop "$S"
check "the kiosk's pack is now Riverton's" grep -q "^id = riverton" "$LAPTOP/pack/current/pack.ini"

# --- the kiosk at 80x24 ----------------------------------------------------
no_hackney() {
	$D screen "$S" >"$TMP/screen.txt"
	if ! grep -q "[[:alpha:]]" "$TMP/screen.txt" ||
	    grep -qi "hackney" "$TMP/screen.txt"; then
		not_ok "no Hackney on the screen: $1"
		sed 's/^/#   /' "$TMP/screen.txt"
	else
		ok "no Hackney on the screen: $1"
	fi
}
$D start "$S" 80x24 "$OUTREACH"
check "the language picker" has "Choose your language" 15
check "names Welsh in Welsh" has "Cymraeg"
no_hackney "the language picker"
k 1
check "English: the header is Riverton's title" has "Riverton Council: have your say"
check "English: Riverton's welcome" has "Riverton Council wants to hear about our parks."
no_hackney "the home screen in English"
k F2 2
check "Welsh: the header is Riverton's Welsh title" has "Cyngor Riverton: dweud eich dweud"
check "Welsh: Riverton's Welsh welcome" has "Mae Cyngor Riverton eisiau clywed am ein parciau."
no_hackney "the home screen in Welsh"
k 1
check "Welsh: the pages, by their Welsh titles" has "Ein cynlluniau ar gyfer y parciau"
no_hackney "Read our plans in Welsh"
k 2
check "Welsh: a page in Welsh" has "Meinciau newydd wrth yr afon."
no_hackney "a page in Welsh"
k Escape Escape 2
check "Welsh: the survey by its Welsh title" has "Ein parciau"
no_hackney "Have your say in Welsh"
k F2 1
check "English again: the survey by its English title" has "Our parks"
k Enter
check "the consent page" has "We do not ask your name."
no_hackney "the consent page"
k Enter
check "the survey's first question" has "How good are our parks?"
no_hackney "the first question"
k Space PageDown
check "the second question" has "What should we do first?"
k Down Space PageDown
for i in 1 2 3 4 5; do
	has "Check your answers" 0 && break
	k PageDown
done
check "the review" has "Check your answers"
no_hackney "the review"
k Enter
check "submitted" has "Your answers have been saved and locked." 5
no_hackney "the thank-you screen"
$D stop "$S"

# --- the answers go home ------------------------------------------------
mkdir stick
check "sync export writes a bundle" sh -c '"$OUTREACH" sync export stick >/dev/null 2>&1'
office hub enrol "$LAPTOP/device.pub" >/dev/null
office hub import stick >import.out 2>&1
check "hub import with no --pack knows Riverton's form (the hub kept its pack)" \
	grep -q "1 new submission(s) stored" import.out
office hub export parks -o parks.csv 2>/dev/null
check "hub export with no --pack: a header and a row" test "$(grep -c '' parks.csv)" -eq 2
check "the answers are there" grep -q ",good,lights,0,1,0," parks.csv
office hub export parks --labels cy -o parks-cy.csv 2>/dev/null
check "in Welsh labels, under the names" sh -c 'sed -n 2p parks-cy.csv | grep -q "Pa mor dda yw ein parciau?" && grep -q ",Da,Goleuadau," parks-cy.csv'
office hub report parks >report.txt 2>&1
check "hub report with no --pack" grep -q "1 responses\? to parks" report.txt
check "receipts go back" sh -c '"$OUTREACH" sync receipts stick >/dev/null 2>&1'
done_testing
