#!/usr/bin/env bash
# Interoperability of sync/minisign*.c with the real minisign (0.11):
# minisign -V verifies what we sign, we verify what minisign -S signs, and
# each side signs with secret keys the other made, encrypted or not.
# Our side is build/tests/unit/helper-minisign. Skips when minisign is
# missing.
. tests/lib.sh

H="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-minisign"
if ! command -v minisign >/dev/null 2>&1; then
	skip "minisign is not installed: no interoperability checks"
	done_testing
	exit
fi
if [ ! -x "$H" ]; then
	not_ok "helper-minisign is built ($H)"
	done_testing
	exit 1
fi
cd "$TMP" || exit 1

printf 'hello minisign\n' >msg.txt
head -c 300000 /dev/urandom >big.bin
TAB=$(printf '\t')

# has FILE TEXT: FILE holds the line TEXT.
has() { grep -qxF -- "$2" "$1"; }
# fails_with CODE command...: the helper fails with that error value.
fails_with() {
	local code=$1; shift
	! "$@" 2>err.txt && grep -q "^error $code:" err.txt
}

# --- minisign verifies what we sign -------------------------------------
check "we make an unencrypted key pair" "$H" keygen ours.pub ours.key

check "we sign prehashed with a trusted comment" \
	"$H" sign -t "seq:1${TAB}device:x" ours.key msg.txt msg.ours.sig
check "minisign -V verifies our prehashed signature" \
	sh -c 'minisign -Vm msg.txt -x msg.ours.sig -p ours.pub >out.txt'
check "minisign shows our trusted comment" \
	has out.txt "Trusted comment: seq:1${TAB}device:x"
check "minisign -V -H accepts it as prehashed" \
	sh -c 'minisign -VHm msg.txt -x msg.ours.sig -p ours.pub >/dev/null'
check "minisign -V -P takes our bare public key" \
	sh -c 'minisign -Vm msg.txt -x msg.ours.sig -P "$(tail -n 1 ours.pub)" >/dev/null'
check "our signature file has minisign's shape" \
	sh -c 'sed -n 1p msg.ours.sig | grep -qx "untrusted comment: signature from minisign secret key" &&
	    sed -n 2p msg.ours.sig | grep -q "^RU[QRST]" && [ "$(wc -l <msg.ours.sig)" -eq 4 ]'

check "we sign a larger file with the default trusted comment" \
	"$H" sign ours.key big.bin big.ours.sig
check "minisign verifies it and shows timestamp, file, hashed" \
	sh -c 'minisign -Vm big.bin -x big.ours.sig -p ours.pub >out.txt &&
	    grep -qE "^Trusted comment: timestamp:[0-9]+	file:big.bin	hashed$" out.txt'

check "we sign legacy (Ed)" "$H" sign -l -t legacy ours.key msg.txt msg.legacy.sig
check "minisign -V verifies our legacy signature" \
	sh -c 'minisign -Vm msg.txt -x msg.legacy.sig -p ours.pub >/dev/null'
check_fails "minisign -V -H refuses a legacy signature" \
	sh -c 'minisign -VHm msg.txt -x msg.legacy.sig -p ours.pub >/dev/null 2>&1'

long=$(head -c 8000 /dev/zero | tr '\0' c)
check "we sign with an 8000-byte trusted comment" \
	"$H" sign -t "$long" ours.key msg.txt msg.long.sig
check "minisign verifies the long trusted comment" \
	sh -c 'minisign -Vm msg.txt -x msg.long.sig -p ours.pub >/dev/null'

cp msg.txt tampered.txt
printf 'x' >>tampered.txt
check_fails "minisign refuses our signature over a changed file" \
	sh -c 'minisign -Vm tampered.txt -x msg.ours.sig -p ours.pub >/dev/null 2>&1'
sed 's/device:x/device:y/' msg.ours.sig >msg.tc.sig
check_fails "minisign refuses our signature with a changed trusted comment" \
	sh -c 'minisign -Vm msg.txt -x msg.tc.sig -p ours.pub >/dev/null 2>&1'

# --- we verify what minisign signs --------------------------------------
check "minisign -G -W makes an unencrypted key pair" \
	sh -c 'minisign -G -W -p theirs.pub -s theirs.key </dev/null >/dev/null'
check "minisign -S signs (prehashed by default)" \
	sh -c "minisign -S -s theirs.key -m msg.txt -x msg.theirs.sig -t 'from minisign${TAB}ok' </dev/null >/dev/null"
check "we verify minisign's signature" \
	sh -c '"$0" verify theirs.pub msg.txt msg.theirs.sig >out.txt' "$H"
check "we return minisign's trusted comment" \
	has out.txt "Trusted comment: from minisign${TAB}ok"
check "we verify with minisign's bare public key string" \
	sh -c '"$0" verify -P "$(tail -n 1 theirs.pub)" msg.txt msg.theirs.sig >/dev/null' "$H"
check "minisign -S signs with its default trusted comment" \
	sh -c 'minisign -S -s theirs.key -m big.bin </dev/null >/dev/null'
check "we verify it over a larger file" \
	sh -c '"$0" verify theirs.pub big.bin big.bin.minisig >out.txt &&
	    grep -qE "^Trusted comment: timestamp:[0-9]+	file:big.bin	hashed$" out.txt' "$H"
check "minisign -S -l signs legacy" \
	sh -c 'minisign -S -l -s theirs.key -m msg.txt -x msg.theirs-legacy.sig </dev/null >/dev/null'
check "we verify minisign's legacy signature" \
	sh -c '"$0" verify theirs.pub msg.txt msg.theirs-legacy.sig >/dev/null' "$H"
check "we refuse minisign's signature over a changed file (ERR_SIGNATURE)" \
	fails_with -10 "$H" verify theirs.pub tampered.txt msg.theirs.sig
check "we refuse minisign's signature under our key (ERR_NOKEY)" \
	fails_with -11 "$H" verify ours.pub msg.txt msg.theirs.sig
tr 'A-Za-z' 'B-ZAb-za' <msg.theirs.sig | sed '1s/.*/untrusted comment: x/' >garbled.sig
check "we refuse a garbled signature file" \
	sh -c '! "$0" verify theirs.pub msg.txt garbled.sig 2>/dev/null' "$H"

# --- secret keys across ---------------------------------------------------
check "we load minisign's unencrypted secret key and sign" \
	"$H" sign -t crossed theirs.key msg.txt msg.cross1.sig
check "minisign verifies what we signed with its key" \
	sh -c 'minisign -Vm msg.txt -x msg.cross1.sig -p theirs.pub >/dev/null'
check "the public key we derive is minisign's file, byte for byte" \
	sh -c '"$0" pubkey theirs.key >derived.pub && cmp -s derived.pub theirs.pub' "$H"
check "minisign signs with our unencrypted secret key" \
	sh -c 'minisign -S -s ours.key -m msg.txt -x msg.cross2.sig </dev/null >/dev/null'
check "minisign and we verify that signature" \
	sh -c 'minisign -Vm msg.txt -x msg.cross2.sig -p ours.pub >/dev/null &&
	    "$0" verify ours.pub msg.txt msg.cross2.sig >/dev/null' "$H"
check "minisign -R recreates our public key file exactly" \
	sh -c 'minisign -R -s ours.key -p recreated.pub </dev/null >/dev/null &&
	    cmp -s recreated.pub ours.pub'

# --- encrypted secret keys (minisign reads the password from stdin) --------
check "we make a cheaply encrypted key pair" \
	"$H" keygen -c -p 'pass word' enc.pub enc.key
if printf 'pass word\n' | minisign -S -s enc.key -m msg.txt -x msg.enc.sig >/dev/null 2>&1; then
	ok "minisign decrypts our encrypted key (password on stdin) and signs"
	check "minisign and we verify that signature" \
		sh -c 'minisign -Vm msg.txt -x msg.enc.sig -p enc.pub >/dev/null &&
		    "$0" verify enc.pub msg.txt msg.enc.sig >/dev/null' "$H"
	check_fails "minisign refuses our key with a wrong password" \
		sh -c "printf 'wrong\n' | minisign -S -s enc.key -m msg.txt -x w.sig >/dev/null 2>&1"
	# minisign's default cost: about 1 GiB and a few seconds per use.
	if printf 'horse\nhorse\n' | minisign -G -p te.pub -s te.key >/dev/null 2>&1; then
		ok "minisign -G makes an encrypted key (password on stdin)"
		check "we decrypt minisign's encrypted key and sign" \
			"$H" sign -p horse -t 'their encrypted key' te.key msg.txt msg.te.sig
		check "minisign verifies what we signed with it" \
			sh -c 'minisign -Vm msg.txt -x msg.te.sig -p te.pub >out.txt'
		check "with our trusted comment" \
			has out.txt "Trusted comment: their encrypted key"
		check "we refuse minisign's encrypted key without a password" \
			fails_with -9 "$H" sign te.key msg.txt x.sig
	else
		skip "minisign -G did not take a password on stdin"
	fi
else
	skip "this minisign does not read a password from stdin: encrypted keys not crossed"
fi

check "we refuse to overwrite a secret key" \
	fails_with -6 "$H" keygen ours2.pub ours.key
check "our secret key files are mode 0600" \
	sh -c '[ "$(stat -c %a ours.key)" = 600 ] && [ "$(stat -c %a enc.key)" = 600 ]'

done_testing
