#!/usr/bin/env bash
# Screen test: the facilitator's forms at 80x24, in the black-and-white
# theme, where colour cannot show the focus. The focused field or button
# has a marker and reverse video, and a text field the cursor; the
# discussion note's Point wraps onto its second row instead of scrolling
# sideways, and keeps the line being typed in sight; "0 notes not sealed
# yet" is never said; the count of hands shows one marker, not two.
. tests/lib.sh
command -v tmux >/dev/null || { skip "tmux is not installed"; done_testing; exit; }

S=facil-$$
. tests/screen/survey-lib.bash
# The screen with its attributes (SGR), and the cursor.
sgr() { tmux -L "outreach-$S" capture-pane -t main -p -e; }
cursor() { tmux -L "outreach-$S" display -p -t main '#{cursor_flag} #{cursor_x} #{cursor_y}'; }
# The row holding TEXT, with its attributes.
sgr_line() { sgr | grep -m1 -F -- "$1"; }
# TEXT is drawn in reverse video (SGR 7) right after the focus marker.
re() { printf '%s' "$1" | sed 's/[][\.*^$()+?{}|]/\\&/g'; }
reversed() { sgr_line "$1" | grep -qE $'\e\\[([0-9]+;)*7(;[0-9]+)*m(\e\\[[0-9;]*m)*▶ '"$(re "$1")"; }
# Focus markers on the screen (not the tag's arrows, "◀ (no tag) ▶").
markers() { $D screen "$S" | sed 's/) ▶/)/g' | grep -o '▶' | wc -l; }
# The cursor: shown (1) or not, column, row, as an extended regex.
cur() { cursor | grep -qE "$1"; }
# TEXT in reverse video, no marker needed.
label_rev() { sgr_line "$1" | grep -qE $'\e\\[([0-9]+;)*7(;[0-9]+)*m'"$1"; }

cp -R "$OUTREACH_PACK" "$TMP/pack"
sed -i 's/^idle_warning = .*/idle_warning = 900/' "$TMP/pack/pack.ini"
echo 4821 | "$OUTREACH" pin set >/dev/null
$D start "$S" 80x24 "$OUTREACH --lang en --theme mono --pack $TMP/pack"
has "Read our plans" 5
k F12
has "For the facilitator only."
typ 4821
k Enter
has "Facilitator menu"

# The session's form: each field in focus in reverse video, the cursor in it.
k 4
check "the session form" has "Start a co-production session"
check "the field in focus: a marker and reverse video (mono)" reversed "Venue:"
check "and the text cursor in it" cur '^1 '
typ "Library"
k Enter
check "Enter moves the focus on: the next field" reversed "Group:"
check "one marker on the form" test "$(markers)" -eq 1
typ "Carers"
k Enter
typ "Sam"
k Enter Enter
check "the session starts" has "Venue: Library"

# Discussion notes: no count of nothing.
k 2
check "discussion notes" has "No notes yet"
check "no '0 notes not sealed yet'" hasnt "0 notes not sealed yet"
check "the Point field in focus: marker and reverse video (mono)" reversed "Point:"
check "with the text cursor" cur '^1 9 '
# A point longer than the field: it wraps onto the field's second row.
typ "People want information in more languages and also larger print on every leaflet"
check "a long point wraps: its start stays in sight" has "▶ Point: People want information in more languages and also larger print"
check "the rest on the field's second row, not scrolled sideways" sh -c "$D screen $S | grep -qE '^ {9}every leaflet\$'"
typ " we send to every home in the borough, in Turkish and Bengali"
check "longer than both rows: the rows being typed are in sight" has "▶ Point: every leaflet we send to every home in the borough, in Turkish and"
check "the last on the second row" sh -c "$D screen $S | grep -qE '^ {9}Bengali\$'"
check "the cursor at its end, on the field's second row" cur '^1 [0-9]+ 16$'
k Home
check "Home: back to its start" has "▶ Point: People want information"
check "the cursor at the start of the field" cur '^1 9 15$'
k Tab
check "Tab: the tag, in reverse video (mono)" reversed "Tag:"
check "one marker" test "$(markers)" -eq 1
k Tab Tab
check "the button in focus: a marker and reverse video" reversed "[ Add the note ]"
check "no text cursor on a button" cur '^0 '
k Enter
check "the note is added" has "1. People want information in more languages"
check "and counted as not sealed yet" has "1 note not sealed yet"
k BTab BTab
check "Seal these notes" reversed "[ Seal these notes ]"
k Enter
check "sealed" has "1 note sealed."
check "nothing left: no '0 notes not sealed yet'" hasnt "0 notes not sealed yet"
k Escape

# The count of hands: one focus marker on the row in focus, not two.
k 3
has "How does the room vote?"
k 2 1
check "a count of hands" has "Type the number of hands or dots for each"
check "one marker on the first count" sh -c "$D screen $S | grep -qE '^▶ +Strongly agree'"
check "only one" test "$(markers)" -eq 1
check "its label in reverse video" label_rev "Strongly agree"
k Down Down
check "Down: the marker moves" sh -c "$D screen $S | grep -qE '^▶ +Neither agree'"
check "still only one" test "$(markers)" -eq 1
$D stop "$S"
done_testing
