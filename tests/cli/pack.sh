#!/usr/bin/env bash
# Content packs from the command line: broken pack.ini, plain mode, and
# hostile or huge pages in the kiosk.
. tests/lib.sh
TINY=tests/fixtures/packs/tiny

# A broken pack.ini: file:line: reason, and a non-zero exit.
cp -R "$TINY" "$TMP/broken"
printf '[pack]\nid = broken\nthis line is wrong\n' >"$TMP/broken/pack.ini"
out=$("$OUTREACH" --pack "$TMP/broken" --plain </dev/null 2>&1); rc=$?
check "a broken pack.ini exits 1" test "$rc" -eq 1
case "$out" in *"$TMP/broken/pack.ini:3: expected 'key = value' or '[section]'"*) ok "the error names file:line: reason" ;; *) not_ok "the error names file:line: reason (got: $out)" ;; esac
printf '[pack]\nid = x\ntitle = X\nversion = 1\nlanguages = en\ndefault_language = de\nhome = start\n' >"$TMP/broken/pack.ini"
out=$("$OUTREACH" --pack "$TMP/broken" --plain </dev/null 2>&1)
case "$out" in *"pack.ini:6: the default language 'de' is not among the languages"*) ok "a bad default language is named at its line" ;; *) not_ok "bad default language (got: $out)" ;; esac
printf '[pack]\nid = x\ntitle = X\nversion = 1\nlanguages = en\ndefault_language = en\nhome = nowhere\n' >"$TMP/broken/pack.ini"
out=$("$OUTREACH" --pack "$TMP/broken" --plain </dev/null 2>&1)
case "$out" in *"pack.ini:7: no page pages/en/nowhere.md"*) ok "a missing home page is named at its line" ;; *) not_ok "missing home page (got: $out)" ;; esac
out=$("$OUTREACH" --pack "$TMP/nothing-here" --plain </dev/null 2>&1); rc=$?
check "a missing pack exits 1" test "$rc" -eq 1
case "$out" in *"pack.ini"*"No such file"*) ok "and says which file is missing" ;; *) not_ok "missing pack message (got: $out)" ;; esac
check_status 2 "an unknown option is wrong usage (2)" \
	sh -c '"$OUTREACH" --nonsense 2>/dev/null'
check "--help exits 0" "$OUTREACH" --help
"$OUTREACH" --help | grep -q -- "--plain" && ok "--help describes --plain" || not_ok "--help describes --plain"

# Every Hackney survey is a valid XLSForm.
for f in "$OUTREACH_PACK"/surveys/*; do
	check "Hackney survey $(basename "$f") passes survey check" "$OUTREACH" survey check "$f" >/dev/null
done

# Plain mode: the Hackney pages from piped input, and no escape byte.
printf '1\n9\nb\n6\nb\nb\n/reablement\n1\nb\nb\nq\n' | "$OUTREACH" --lang en --plain >"$TMP/plain.txt" 2>&1
check "plain mode exits 0" test $? -eq 0
grep -qF "We will empower every Hackney resident to live a safe, well and independent life in their community." "$TMP/plain.txt" && ok "plain mode reads the draft mission" || not_ok "plain mode reads the draft mission"
grep -q "^Commitment 17" "$TMP/plain.txt" && ok "plain mode reads all 17 commitments" || not_ok "plain mode reads all 17 commitments"
grep -q "Search for \"reablement\": 2 pages" "$TMP/plain.txt" && ok "plain search finds the two pages" || not_ok "plain search finds the two pages"
check_fails "plain output has no escape byte" grep -q $'\x1b' "$TMP/plain.txt"
check_fails "plain output has no carriage return" grep -q $'\r' "$TMP/plain.txt"
grep -q "^> 9$" "$TMP/plain.txt" && ok "answers are echoed as lines" || not_ok "answers are echoed as lines"

# The hostile page in plain mode: replacement marks, no control bytes.
printf '1\n3\nb\nb\nq\n' | "$OUTREACH" --pack "$TINY" --lang en --plain >"$TMP/hostile.txt" 2>&1
grep -qF $'Escape \xef\xbf\xbd[31mred' "$TMP/hostile.txt" && ok "escape in a page shows as a replacement mark" || not_ok "escape in a page shows as a replacement mark"
check_fails "no escape byte reaches the output" grep -q $'\x1b' "$TMP/hostile.txt"
check_fails "no bell reaches the output" grep -q $'\x07' "$TMP/hostile.txt"
# Bad input lines and end of input.
printf '99\nxyz\n\n' | "$OUTREACH" --pack "$TINY" --lang en --plain >"$TMP/bad.txt" 2>&1
check "plain mode survives bad answers and ends at end of input" test $? -eq 0
grep -q "Please type a number from 1 to 4." "$TMP/bad.txt" && ok "a bad answer is explained" || not_ok "a bad answer is explained"
head -c 100000 /dev/zero | tr '\0' 'x' | "$OUTREACH" --pack "$TINY" --lang en --plain >/dev/null 2>&1
check "a 100,000-byte line does not break plain mode" test $? -eq 0

# The kiosk: the hostile page and a 10,000-line page, in tmux.
D=scripts/tmux-drive
S=pack-$$
T_TMUX=outreach-$S
has() { $D wait $S "$1" 3 >/dev/null 2>&1; }
$D start $S 80x24 "$OUTREACH --pack $TINY --lang en"
$D keys $S Enter 3
check "the hostile page opens in the kiosk" has "Hostile page"
$D screen $S | grep -qF $'Escape \xef\xbf\xbd[31mred' && ok "kiosk shows the escape as a replacement mark" || not_ok "kiosk shows the escape as a replacement mark"
$D stop $S
mkdir -p "$TMP/big/pages/en"
printf '[pack]\nid = big\ntitle = Big\nversion = 1\nlanguages = en\ndefault_language = en\nhome = big\n[pages]\norder = big\n' >"$TMP/big/pack.ini"
{ echo "# Ten thousand lines"; echo; for i in $(seq 1 10000); do echo "Line number $i of the long page."; echo; done; } >"$TMP/big/pages/en/big.md"
$D start $S 80x24 "$OUTREACH --pack $TMP/big"
# Enter only once the home screen is drawn: sent earlier, it once found
# nothing drawn yet. The page once took 32 s to open under ASan, where
# realloc always moves: its 10,000 blocks grew one at a time (now
# array_grow, content/buf.h); with it, 0.12 s. The waits stay generous
# for a slow machine.
check "the home screen is drawn" $D wait $S "Read our plans" 60
$D keys $S Enter 1
check "the 10,000-line page opens" $D wait $S "Line number 1 of" 60
$D keys $S End
check "End reaches line 10,000" $D wait $S "Line number 10000 of the long page." 30
$D keys $S Home
check "Home goes back to line 1" has "Line number 1 of"
for i in $(seq 1 50); do $D keys $S NPage >/dev/null; done 2>/dev/null
check "fifty PgDn later the kiosk still answers" has "Line number"
$D stop $S
done_testing
