#!/usr/bin/env bash
# The whole loop, as the issue tells it: a hub is created; a pack carrying
# its keys is signed and installed on a device; 50 submissions across the
# Hackney surveys are sealed and exported; `age -d` with the hub identity
# decrypts every entry and `minisign -V` verifies every manifest; the hub
# imports them and its CSVs hold the 50 answers; the receipts go back and
# the device deletes exactly those 50; importing again stores nothing new.
# A bundle that vanished from the stick is written again byte for byte.
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
TOP=$PWD
BUNDLED="$TOP/content/packs/hackney"
# The device must use the pack it installs, not the one tests/run names.
unset OUTREACH_PACK
export OUTREACH_HUB="$TMP/hub"
O() { "$OUTREACH" "$@"; }
cd "$TMP" || exit 1

# --- the hub, and a pack that names it ------------------------------------
check "hub init" sh -c 'O() { "$OUTREACH" "$@"; }; O hub init "$OUTREACH_HUB" >init.out'
hub_keys init.out
check "hub init prints an age recipient" test "${REC#age1}" != "$REC"
check "hub init prints a minisign key" test ${#KEY} -eq 56
check "the hub folder is private (0700)" \
	test "$(stat -c %a "$OUTREACH_HUB")" = 700
check "the identity is private (0600)" \
	test "$(stat -c %a "$OUTREACH_HUB/identity.txt")" = 600
if command -v sqlite3 >/dev/null; then
	check "a new hub's store has 16 KiB pages" \
		test "$(sqlite3 "$OUTREACH_HUB/hub.db" 'PRAGMA page_size')" = 16384
else
	skip "no sqlite3: the hub's page size is not read"
fi

pack_for_hub "$BUNDLED" pack 1.1.0
check "hub pack signs the pack" sh -c 'O() { "$OUTREACH" "$@"; }; O hub pack pack -o pack.zip >pack.out'

# --- the device installs it ---------------------------------------------
check "outreach init" sh -c '"$OUTREACH" init >device.out'
check_status 1 "install refuses a pack signed by a hub the device does not trust" \
	sh -c '"$OUTREACH" content install pack.zip 2>install.err'
check "the refusal says why" grep -q "another hub key" install.err
check "install --trust KEY installs it" \
	sh -c '"$OUTREACH" content install pack.zip --trust "'"$KEY"'" >install.out'
check "install names the key id it trusts" \
	grep -q "$(sed -n 's/^Hub key id: \([0-9A-F]*\).*/\1/p' init.out)" install.out
check "pack/current points at the new pack" \
	grep -q "^recipients = $REC" "$OUTREACH_HOME/pack/current/pack.ini"

# --- 50 submissions across the surveys ----------------------------------
if ! OUTREACH_PACK="$OUTREACH_HOME/pack/current" "$HELPER" seal \
    "$OUTREACH_HOME" 50 >ids; then
	not_ok "seal 50 submissions"
	done_testing
	exit 1
fi
check "50 submissions sealed" test "$(wc -l <ids)" -eq 50
check "across all five surveys" test "$(cut -d' ' -f2 ids | sort -u | wc -l)" -eq 5

mkdir stick
check "sync export writes bundles" \
	sh -c '"$OUTREACH" sync export stick --per-bundle 20 >export.out 2>export.err'
check "three bundles of at most 20" test "$(ls stick/outreach-*.zip | wc -l)" -eq 3
check "progress on stderr" grep -q "Writing bundle 3 of 3: 10 of 10" export.err
check "nothing left behind but bundles" test "$(ls stick | wc -l)" -eq 3
check "export again writes nothing and says so" \
	sh -c '"$OUTREACH" sync export stick >again.out && grep -q "Nothing new" again.out'
check "still three files" test "$(ls stick | wc -l)" -eq 3

# --- standard tools read what we wrote -----------------------------------
if command -v age >/dev/null && command -v minisign >/dev/null &&
    command -v unzip >/dev/null; then
	n=0 bad=0
	for z in stick/outreach-*.zip; do
		rm -rf x && mkdir x && (cd x && unzip -q "../$z") || bad=1
		minisign -Vqm x/manifest.json -p "$OUTREACH_HOME/device.pub" || bad=1
		for f in x/submissions/*.age; do
			id=$(basename "$f" .age)
			age -d -i "$OUTREACH_HUB/identity.txt" "$f" >pt.json || bad=1
			grep -q "\"id\":\"$id\"" pt.json || bad=1
			n=$((n + 1))
		done
	done
	check "minisign -V verifies every manifest" test $bad -eq 0
	check "age -d decrypts all 50 entries, each its own id" test $n -eq 50
else
	skip "age, minisign or unzip is not installed: no interoperability checks"
fi

# --- a vanished bundle is written again, byte for byte --------------------
B2=$(ls stick/outreach-*-000002.zip)
cp "$B2" b2.copy
rm "$B2"
sleep 1	# a later clock must not change the bytes
check "export writes the vanished bundle again" \
	sh -c '"$OUTREACH" sync export stick >again2.out 2>/dev/null && grep -q "Wrote again 1" again2.out'
check "byte-identical to the first" cmp -s "$B2" b2.copy

# --- the hub imports -------------------------------------------------------
check "hub enrol takes device.pub" \
	sh -c '"$OUTREACH" hub enrol "$OUTREACH_HOME/device.pub" >enrol.out'
for t in 0 17 x; do
	check_status 2 "hub import refuses --threads $t before it imports" \
		sh -c '"$OUTREACH" hub import stick --pack pack --threads '$t' \
		    >threads.out 2>threads.err'
done
check "the refusal names the range" grep -q "takes 1 to 16" threads.err
check "nothing was imported" test ! -s threads.out
check "hub import takes the folder" \
	sh -c '"$OUTREACH" hub import stick --threads 3 --pack pack >import.out'
check "50 stored" grep -q "50 new submission(s) stored" import.out
nb=$(ls stick/outreach-*.zip | wc -l)
check "a receipt per bundle, beside it" \
	test "$(ls stick/receipt-*.json | wc -l)" -eq $nb -a \
	"$(ls stick/receipt-*.json.minisig | wc -l)" -eq $nb
if command -v minisign >/dev/null; then
	check "minisign -V verifies a receipt" \
		minisign -Vqm "$(ls stick/receipt-*.json | head -1)" -P "$KEY"
fi

total=0 ok_rows=1
for form in $(cut -d' ' -f2 ids | sort -u); do
	O hub export "$form" --pack pack -o "$form.csv" 2>/dev/null || ok_rows=0
	rows=$(($(grep -c $'\r$' "$form.csv") - 1))
	want=$(grep -c " $form\$" ids)
	[ "$rows" -eq "$want" ] || ok_rows=0
	total=$((total + rows))
done
check "the CSVs hold one row per submission of their form" test $ok_rows -eq 1
check "50 rows in all" test $total -eq 50
check "select_multiple has 0/1 columns per choice" \
	grep -q "top_three/waiting" draft-strategy.csv
check "answers are there, quoted as RFC 4180 says" \
	grep -q '"Answer [0-9]* to missing, ""quoted"""' draft-strategy.csv
check "each id is in the CSVs" \
	sh -c 'cut -d" " -f1 ids | while read -r id; do grep -q "^$id," *.csv || exit 1; done'
check "JSON lines export" \
	sh -c '"$OUTREACH" hub export draft-strategy --format json --pack pack | grep -c "outreach-submission/1" | grep -qx "$(grep -c " draft-strategy$" ids)"'

# --- receipts go back --------------------------------------------------------
check "sync receipts applies them" \
	sh -c '"$OUTREACH" sync receipts stick >receipts.out'
check "and deletes exactly the 50" \
	grep -q "deleted 50 submission(s)" receipts.out
check "status: 50 purged, none waiting" \
	sh -c '"$OUTREACH" status >status.out && grep -q "Purged after a receipt: *50\$" status.out && grep -q "Exported, waiting for a receipt: *0" status.out'
check "applying them again deletes nothing more" \
	sh -c '"$OUTREACH" sync receipts stick | grep -q "deleted 0 submission(s)"'

# --- importing again stores nothing new -------------------------------------
check "import again succeeds" \
	sh -c '"$OUTREACH" hub import stick --pack pack >import2.out'
check "and stores nothing new" grep -q " 0 new submission(s) stored, 50 already held" import2.out
check "still 50 stored" \
	sh -c 'n=0; for f in $(cut -d" " -f2 ids | sort -u); do n=$((n + $("$OUTREACH" hub export $f --format json --pack pack | wc -l))); done; test $n -eq 50'

# --- a stick that fills up (or is pulled out) half-way -----------------------
SHIM_SRC="$TOP/tests/unit/shim-enospc.c"
if ${CC:-cc} -shared -fPIC -O2 -o shim.so "$SHIM_SRC" -ldl 2>/dev/null; then
	OUTREACH_PACK="$OUTREACH_HOME/pack/current" "$HELPER" seal \
	    "$OUTREACH_HOME" 5 >ids2 || exit 1
	mkdir stick2
	check_status 1 "an export that fails half-way fails" \
		sh -c 'SHIM_ENOSPC_AFTER=3000 LD_PRELOAD="$PWD/shim.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$OUTREACH" sync export stick2 >half.out 2>half.err'
	check "with a clear message" grep -q "stick2 is full" half.err
	check "saying the outbox is as it was" grep -q "outbox is as it was" half.err
	check "leaving nothing on the stick" test "$(ls stick2 | wc -l)" -eq 0
	check "the 5 still wait for export" \
		sh -c '"$OUTREACH" status | grep -q "Sealed, waiting for export: *5 "'
	check "the next export writes them" \
		sh -c '"$OUTREACH" sync export stick2 2>/dev/null | grep -q "(5 submissions)"'
else
	skip "cannot build an LD_PRELOAD shim: no half-way failure test"
fi

done_testing
