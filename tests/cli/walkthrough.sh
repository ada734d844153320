#!/usr/bin/env bash
# The README's walk-through ("Getting the answers home"), run as written:
# every line of its block, in order, with `outreach` this build, HOME a
# fresh folder and /media/stick a folder of the test. The one step the
# README leaves to a person, writing the pack and putting the two lines
# `hub init` printed into its [hub], is done here just before `pack check`
# (tests/riverton.sh writes Riverton's pack); answers.json is the paper
# response. Then: the answers reached the hub and came back out.
. tests/lib.sh
. tests/riverton.sh
TOP=$PWD
unset OUTREACH_PACK OUTREACH_HOME OUTREACH_HUB XDG_DATA_HOME
export HOME="$TMP/home"
mkdir -p "$HOME" "$TMP/stick"
cd "$TMP" || exit 1
outreach() { "$OUTREACH" "$@"; }

sed -n '/^<!-- walk-through -->$/,/^<!-- end of walk-through -->$/p' \
	"$TOP/README.md" | sed -n 's/^    //p' | grep -v '^#' >steps
check "the README has a walk-through" test "$(grep -c '^outreach' steps)" -ge 10
echo '{"rating": "good", "wants": ["benches", "lights"], "comment": "=More bins"}' >answers.json

n=0
while IFS= read -r line; do
	[ -n "$line" ] || continue
	n=$((n + 1))
	run=${line//\/media\/stick/$TMP/stick}
	case "$run" in
	"outreach pack check"*)
		REC=$(sed -n 's/^recipients = //p' step.1)
		KEY=$(sed -n 's/^minisign_public_key = //p' step.1)
		riverton_pack riverton "$REC" "$KEY" ;;
	esac
	if eval "$run" >"step.$n" 2>&1; then
		ok "README: $line"
	else
		not_ok "README: $line"
		sed 's/^/#   /' "step.$n"
	fi
done <steps

check "hub init printed the two lines" grep -q "^minisign_public_key = " step.1
check "the laptop trusts the council's hub from then on" grep -q "Trusting hub key" "$(grep -l "Installed pack riverton" step.*)"
check "the stick carried a bundle" sh -c 'ls "$1"/outreach-*.zip >/dev/null' - "$TMP/stick"
check "the export has a header, a label row and the response" test "$(grep -c '' parks.csv)" -eq 3
check "it opens in Excel: a BOM, and the names first" sh -c 'head -c 3 parks.csv | od -An -tx1 | grep -q "ef bb bf"'
check "the answers, as labels" grep -q ",Good,Benches; Lights,1,1,0,'=More bins" parks.csv
check "the Central layout" sh -c 'head -1 parks-central.csv | grep -q "^SubmissionDate,rating,wants,comment,meta-instanceID,KEY,"'
check "the report" grep -q "responses to form parks" parks.html
check "with the free text left out under --suppress" sh -c '! grep -q "More bins" parks.html'
"$OUTREACH" status >status.out 2>&1
check "the receipts deleted what the hub holds" sh -c 'grep -q "^Purged after a receipt: *1$" status.out && grep -q "^Exported, waiting for a receipt: *0$" status.out'
done_testing
