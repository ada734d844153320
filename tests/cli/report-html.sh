#!/usr/bin/env bash
# The hub's HTML report of the draft-strategy survey: one self-contained
# page (no scripts, no links out, no files beside it) that headless
# Chromium renders, holding every question of the form, an SVG chart with
# its data table for each closed question, and free text as lists. With
# --suppress, small counts become "fewer than N". The screenshot stays in
# $TMP, out of the repository. Skips the browser part without Chromium.
. tests/lib.sh

HELPER="${OUTREACH_BUILD:-$PWD/build}/tests/unit/helper-sync"
FORM="$PWD/content/packs/hackney/surveys/draft-strategy/survey.csv"
export OUTREACH_HUB="$TMP/hub"
cd "$TMP" || exit 1

"$OUTREACH" hub init "$OUTREACH_HUB" >init.out || exit 1
hub_keys init.out
pack_for_hub "$OLDPWD/content/packs/hackney" pack
export OUTREACH_PACK="$TMP/pack"
"$HELPER" seal "$OUTREACH_HOME" 40 draft-strategy >ids || exit 1
mkdir stick
"$OUTREACH" sync export stick >/dev/null 2>&1 || exit 1
"$OUTREACH" hub enrol "$OUTREACH_HOME/device.pub" >/dev/null || exit 1
"$OUTREACH" hub import stick >/dev/null || exit 1

check "hub report --html writes the page" \
	sh -c '"$OUTREACH" hub report draft-strategy --html report.html 2>err'
check "it says how many responses" grep -q ">40 responses to form draft-strategy" report.html
check "no scripts" sh -c '! grep -qi "<script" report.html'
check "nothing loaded from elsewhere" \
	sh -c '! grep -Eqi "(src|href)=|@import|url\(" report.html'
check "the only URL is the SVG namespace" \
	sh -c 'test "$(grep -o "https\?://[^\"]*" report.html | sort -u)" = "http://www.w3.org/2000/svg"'
check "a print stylesheet" grep -q "@media print" report.html

# The questions: every entry of the form that takes an answer.
names=$(awk -F, 'NR > 1 && $1 !~ /^(note|begin_group|end_group|calculate)/ { print $2 }' "$FORM")
n=$(printf '%s\n' $names | wc -l)
closed=$(awk -F, 'NR > 1 && $1 ~ /^select_/ { c++ } END { print c }' "$FORM")
missing=0
for q in $names; do grep -q "id=\"q-$q\"" report.html || missing=$((missing + 1)); done
check "a section for every one of the $n questions" test $missing -eq 0
check "a chart for each of the $closed closed questions" \
	test "$(grep -c "<svg" report.html)" -eq "$closed"
check "and a table beside each" test "$(grep -c "<table>" report.html)" -eq "$closed"
check "free text is listed, not charted" \
	sh -c 'sed -n "/id=\"q-missing\"/,/<\/section>/p" report.html >missing.html && grep -q "<ul class=\"texts\">" missing.html && ! grep -q "<svg" missing.html'
check "free text is escaped" grep -q "&quot;quoted&quot;" report.html

check "--suppress hides small counts" \
	sh -c '"$OUTREACH" hub report draft-strategy --suppress 10 --html s.html 2>/dev/null && grep -q "fewer than 10" s.html'
check "the terminal report has bars" \
	sh -c '"$OUTREACH" hub report draft-strategy | grep -q "Strongly agree .*%"'

# --suppress applies to every count and leaves free text out, unless
# --with-text; the wording fits when the counts are hidden.
sed -n '/id="q-missing"/,/<\/section>/p' s.html >s-missing.html
check "--suppress leaves free text out" sh -c '! grep -q "<ul class=\"texts\">" s-missing.html'
check "saying so" grep -q "The answers are left out: free text can name who wrote it." s-missing.html
check "and saying so at the top" grep -q "and free-text answers are left out" s.html
"$OUTREACH" hub report draft-strategy --suppress 10 --with-text --html st.html 2>/dev/null
check "--with-text keeps them" sh -c 'sed -n "/id=\"q-missing\"/,/<\/section>/p" st.html | grep -q "<ul class=\"texts\">"'
"$OUTREACH" hub report draft-strategy --suppress 10 >s.txt
check "the terminal report leaves them out too" grep -q "(the answers are left out: free text can name who wrote it; --with-text shows them)" s.txt
"$OUTREACH" hub report draft-strategy --suppress 50 --html s50.html 2>/dev/null
"$OUTREACH" hub report draft-strategy --suppress 50 >s50.txt
check "fewer responses than N: 'fewer than N answered', never 'of fewer than'" \
	sh -c 'grep -q "fewer than 50 answered" s50.html && grep -q "fewer than 50 answered" s50.txt && ! grep -q "of fewer than" s50.html s50.txt'
check "--suppress hides the number of responses too" grep -q "fewer than 50 responses" s50.txt

# A long choice label is shown whole: on several lines, not cut.
long="Take a 'reablement-first' approach, meaning we help you recover and increase or regain your independence before making any long-term care plans"
sed -n '/<svg/,/<\/svg>/p' report.html | sed 's/<[^>]*>/ /g; s/&#39;/'"'"'/g' | tr -s ' \n' '  ' >chart.txt
check "a chart shows a long label whole" grep -qF "$long" chart.txt
check_fails "and cuts none" grep -q $'\xe2\x80\xa6' chart.txt
COLUMNS=80 "$OUTREACH" hub report draft-strategy >full.txt
check "so does the terminal report, wrapped under the bar" \
	sh -c 'grep -A1 "^  I get care and support from  " full.txt | tail -1 | grep -qx "  Hackney Adult Social Care"'
check_fails "cutting none" grep -q $'\xe2\x80\xa6' full.txt

if ! command -v chromium >/dev/null 2>&1; then
	skip "chromium is not installed: the page was not rendered"
	done_testing
	exit
fi
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" \
	    "$@" "file://$TMP/report.html" 2>/dev/null
}
chrome --dump-dom >dom.html
check "Chromium renders the page" grep -q "</main>" dom.html
labels_ok=1
if command -v python3 >/dev/null 2>&1; then
	python3 - "$FORM" >labels.txt <<'EOF' || labels_ok=0
import csv, html, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in list(csv.reader(f))[1:]:
        if row[0].split()[0] not in ("note", "begin_group", "end_group", "calculate"):
            print(html.escape(row[2], quote=False))
EOF
	while IFS= read -r label; do
		grep -qF "<h2>$label</h2>" dom.html || labels_ok=0
	done <labels.txt
	check "the rendered page holds every question's label" test $labels_ok -eq 1
else
	skip "python3 is not installed: labels not compared"
fi
chrome --screenshot="$TMP/report.png" --window-size=1200,3000 >/dev/null
check "a screenshot of the charts (kept in \$TMP)" test -s "$TMP/report.png"
done_testing
