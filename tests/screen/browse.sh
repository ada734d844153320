#!/usr/bin/env bash
# Screen tests: browse the Hackney pack in tmux at 80x24, resize, search.
. tests/lib.sh
D=scripts/tmux-drive
S=browse-$$
T_TMUX=outreach-$S
export DRIVE_SETTLE=0.1
# Join the screen's lines so wrapped sentences can be found whole.
flat() { $D screen $S | tr '\n' ' ' | tr -s ' '; }
# Wait up to 3 s for text (a redraw after a resize may take a moment).
has() { $D wait $S "$1" 3 >/dev/null 2>&1; }

$D start $S 80x24 "$OUTREACH --lang en"
if $D wait $S "Read our plans" 5 >/dev/null 2>&1; then ok "kiosk starts on the home screen"; else not_ok "kiosk starts on the home screen"; fi
$D screen $S >"$TMP/home.txt"
if diff -u tests/screen/ref/home-80x24.txt "$TMP/home.txt"; then ok "home screen at 80x24 matches the reference"; else not_ok "home screen at 80x24 matches the reference"; fi
check "help line shows the keys" has "Enter choose"

# Read our plans -> the draft plans page.
$D keys $S Enter
check "Read our plans lists the pages" has "Our draft plans for 2026 to 2031"
for i in 1 2 3 4 5 6 7 8; do $D keys $S Down; done
$D keys $S Enter
$D wait $S "Our draft plans" 3 >/dev/null 2>&1
for i in 1 2 3 4 5 6; do
	flat | grep -qF "We will empower every Hackney resident to live a safe, well and independent life in their community." && break
	$D keys $S PageDown
done
check "draft mission page shows the mission sentence" sh -c "$(declare -f flat); D=$D S=$S; flat | grep -qF 'We will empower every Hackney resident to live a safe, well and independent life in their community.'"

# Back to the list, then the commitments page, scrolled to commitment 17.
$D keys $S Escape
check "Esc goes back to the list" has "Choose a page to read"
$D keys $S 6
check "commitments page opens" has "17 commitments"
$D keys $S End
check "End scrolls to the end of the page" has "100%"
for i in 1 2 3 4 5 6; do has "Commitment 17" && break; $D keys $S Up Up Up; done
check "the page scrolls to commitment 17" has "Commitment 17:"
$D screen $S >"$TMP/c17.txt"

# Resize while reading: the page stays, and fits.
$D resize $S 120x40
check "at 120x40 the page is still shown" has "Commitment 17:"
check "at 120x40 the help line is at the bottom" sh -c "$D screen $S | sed -n 40p | grep -q 'scroll'"
$D resize $S 40x12
check "at 40x12 the page is still usable" has "Esc back"
$D resize $S 39x11
check "below 40x12 it asks for a larger window" has "Please make this window larger"
$D resize $S 80x24
check "back at 80x24 the page returns" has "Our 17 commitments"
# Display columns (wc -L), not bytes: the key line has multibyte arrows.
w=$($D screen $S | wc -L)
check "no line is wider than 80 columns" test "$w" -le 80

# Search from anywhere with /.
$D keys $S /
$D type $S reablement
check "search lists the commitments page" has "Our 17 commitments for 2023 to 2026"
check "search lists the draft plans page" has "Our draft plans for 2026 to 2031"
check "search says how many pages" has "2 pages mention it"
$D keys $S Enter
check "Enter opens the first result at the match" has "reablement"
$D stop $S

# The mouse: click a menu item, click a link, roll the wheel.
$D start $S 80x24 "$OUTREACH --lang en"
has "Read our plans"
$D click $S 10 8
check "a click on 'Read our plans' opens it" has "Choose a page to read"
$D click $S 10 9
check "a click on a page title opens the page" has "we made 17 commitments"
top1=$($D screen $S | sed -n 3p)
$D wheel $S down 10 10
$D wheel $S down 10 10
top2=$($D screen $S | sed -n 3p)
check "the wheel scrolls the page" test "$top1" != "$top2"
$D wheel $S up 10 10
$D wheel $S up 10 10
check "and scrolls it back" test "$top1" = "$($D screen $S | sed -n 3p)"
$D stop $S

# A console without UTF-8: ASCII only.
$D start $S 80x24 "env LC_ALL=C $OUTREACH --lang en"
check "in the C locale the selection is an ASCII marker" has "> 1. Read our plans"
check_fails "and nothing outside ASCII is drawn" sh -c "$D screen $S | LC_ALL=C grep -q '[^ -~]'"
$D stop $S
done_testing
