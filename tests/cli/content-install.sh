#!/usr/bin/env bash
# Signed content packs: `hub pack` signs only a pack that names its hub;
# `content install` refuses a pack that is signed by an untrusted key,
# unsigned, altered, padded with an extra file, or older than the one in
# use, and leaves the pack in use as it was; it installs with --trust KEY,
# then newer packs from the same hub without it, switching pack/current
# atomically and keeping only the current and the previous pack.
. tests/lib.sh

BUNDLED="$PWD/content/packs/hackney"
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
cd "$TMP" || exit 1

"$OUTREACH" hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out

# mkpack DIR VERSION: the Hackney pack naming this hub, at VERSION.
mkpack() {
	pack_for_hub "$BUNDLED" "$1" "$2"
}
current() { readlink "$OUTREACH_HOME/pack/current"; }
# refused WHAT ZIP REASON [ARGS]: install fails saying REASON; current kept.
refused() {
	local what=$1 zip=$2 reason=$3 before
	shift 3
	before=$(current)
	if ! "$OUTREACH" content install "$zip" "$@" >out 2>err &&
	    grep -q "$reason" err && [ "$(current)" = "$before" ]; then
		ok "$what is refused: $(sed 's/^outreach: //' err | head -1)"
	else
		not_ok "$what is refused ($reason), the pack in use kept"
		sed 's/^/# /' out err
	fi
}

# --- signing ------------------------------------------------------------
mkpack p110 1.1.0
check "hub pack signs a pack that names the hub" \
	sh -c '"$OUTREACH" hub pack p110 -o p110.zip >sign.out'
check "it says how many files" grep -q "Signed [0-9]* file(s)" sign.out
mkpack other 1.1.0
sed -i "s|^minisign_public_key = .*|minisign_public_key = RWS4EDFdZtkT1c46viUjnALWv1x4yhaD9XLG6kr2f78+yUjODB7A9p0I|" other/pack.ini
check_status 1 "hub pack refuses a pack naming another hub key" \
	sh -c '"$OUTREACH" hub pack other -o other.zip 2>other.err'
check "saying what to put in pack.ini" grep -q "minisign_public_key = $KEY" other.err
mkpack norec 1.1.0
sed -i "s|^recipients = .*|recipients = age17mhs6stt2lzpddpnpmvztkulkq0xh3e25qshc6g3828cn946qdgqtrwdxy|" norec/pack.ini
check_status 1 "hub pack refuses a pack that seals to another hub" \
	sh -c '"$OUTREACH" hub pack norec -o norec.zip 2>/dev/null'
mkpack linked 1.1.0
ln -s /etc/passwd linked/pages/en/passwd.md
check_status 1 "hub pack refuses a symbolic link in the pack" \
	sh -c '"$OUTREACH" hub pack linked -o linked.zip 2>linked.err'
check "naming it" grep -q "passwd.md: not a regular file" linked.err

# --- installing -----------------------------------------------------------
"$OUTREACH" init >/dev/null || exit 1
refused "a pack from a hub the device does not trust" p110.zip "another hub key"
check "naming the key that signed it" grep -q "signed by another hub key, $HUBID" err
check "and the key this device trusts (the demo hub's)" grep -q "this device trusts hub key D513D9665D3110B8" err
check "with how to move to that hub" grep -q "If this laptop should move to hub $HUBID, run again with --trust KEY" err
check_fails "and nothing about trusting it" grep -q "Trusting hub key" out
check "install --trust KEY installs it" \
	sh -c '"$OUTREACH" content install p110.zip --trust "'"$KEY"'" >inst.out'
check "pack/current is a link to the new version" test "$(current)" = 1.1.0
check "the kiosk's pack is the installed one" \
	grep -q "^recipients = $REC" "$OUTREACH_HOME/pack/current/pack.ini"
check "every file came across" \
	sh -c 'diff -r "'"$TMP"'/p110" "$OUTREACH_HOME/pack/current" >/dev/null'

mkpack p105 1.0.5
"$OUTREACH" hub pack p105 -o p105.zip >/dev/null || exit 1
refused "an older pack" p105.zip "older than the one in use (1.1.0)"

mkpack p120 1.2.0
echo "A new page." >p120/pages/en/new-page.md
"$OUTREACH" hub pack p120 -o p120.zip >/dev/null || exit 1
if command -v zip >/dev/null && command -v unzip >/dev/null; then
	mkdir alt && (cd alt && unzip -q ../p120.zip) || exit 1
	echo "Altered." >>alt/pages/en/welcome.md
	(cd alt && zip -qr ../altered.zip .) || exit 1
	refused "an altered pack" altered.zip "does not match the signed manifest"
	cp p120.zip unsigned.zip && zip -qd unsigned.zip pack-manifest.json.minisig
	refused "an unsigned pack" unsigned.zip "not signed"
	cp p120.zip padded.zip && echo extra >extra.txt && zip -q padded.zip extra.txt
	refused "a pack with a file the manifest does not list" padded.zip \
		"its signed manifest lists"
else
	skip "zip or unzip is not installed: altered packs not made"
fi
head -c 2000 p120.zip >cut.zip
refused "a truncated pack" cut.zip "truncated"

check "a newer pack from the trusted hub installs without --trust" \
	sh -c '"$OUTREACH" content install p120.zip >inst2.out'
check "it says what it replaces" grep -q "replaces version 1.1.0" inst2.out
check "pack/current moved to it" test "$(current)" = 1.2.0
check "its new page is there" test -f "$OUTREACH_HOME/pack/current/pages/en/new-page.md"

mkpack p130 1.3.0
"$OUTREACH" hub pack p130 -o p130.zip >/dev/null || exit 1
check "and the next one" sh -c '"$OUTREACH" content install p130.zip >/dev/null'
check "only the current and the previous pack are kept" \
	test "$(ls "$OUTREACH_HOME/pack" | tr '\n' ' ')" = "1.2.0 1.3.0 current "
check "no temporary folder is left" \
	sh -c '! ls "$OUTREACH_HOME/pack" | grep -q tmp'
check "installing the same version again is allowed" \
	sh -c '"$OUTREACH" content install p130.zip >/dev/null && test "$(readlink "$OUTREACH_HOME/pack/current")" = 1.3.0-2'

# Every name for a version taken: a refusal of the same pack, with no hint
# to replace it by itself.
(cd "$OUTREACH_HOME/pack" && mkdir -p 1.3.0 $(seq -f '1.3.0-%g' 3 999))
refused "a version with every folder name taken" p130.zip "too many copies of version 1.3.0"
check_fails "not as another pack" grep -q -- "--replace" err
(cd "$OUTREACH_HOME/pack" && rmdir $(seq -f '1.3.0-%g' 3 999))

# --- another pack: versions are not compared, the switch is explicit -------
mkpack other-id 0.1.0
sed -i 's/^id = .*/id = riverton/' other-id/pack.ini
"$OUTREACH" hub pack other-id -o other-id.zip >/dev/null || exit 1
refused "another pack, of a lower version, without --replace" other-id.zip \
	"this device runs pack hackney-asc 1.3.0, and this is another pack, riverton 0.1.0"
check "not as an older version" sh -c '! grep -q "older than" err'
refused "the same with --trust" other-id.zip "and this is another pack" --trust "$KEY"
check_fails "trusting nothing it did not keep" grep -q "Trusting hub key" out
check "saying how to switch" grep -q "To replace pack hackney-asc by pack riverton, run again with --replace." err
check "install --replace switches" \
	sh -c '"$OUTREACH" content install other-id.zip --replace >rep.out'
check "saying what it replaced" grep -q "It replaces pack hackney-asc version 1.3.0" rep.out
check "pack/current is the other pack" grep -q "^id = riverton" "$OUTREACH_HOME/pack/current/pack.ini"
check "whose own versions count from there: 0.2.0 installs" sh -c '
	"$1" hub pack other-id -o o1.zip >/dev/null &&
	sed -i "s/^version = .*/version = 0.2.0/" other-id/pack.ini &&
	"$1" hub pack other-id -o o2.zip >/dev/null &&
	"$1" content install o2.zip >/dev/null' - "$OUTREACH"
refused "and 0.1.0 is older" o1.zip "older than the one in use (0.2.0)"
done_testing
