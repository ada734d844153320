#!/usr/bin/env bash
# Screen test: the usability pass at 80x24, each point as a person meets
# it. A scale: a number chooses, the first arrow only moves. The review:
# Submit in sight from the first view, Tab between the answers and Submit,
# F2 language on its key line. Backspace held in an empty search stays
# there. Search ignores case and accents (Turkish bakim, BAKIM) and
# says what its counts are, never hidden by a long title. Quick feedback
# from a page is about that page already. Pages only in English are
# marked in the list. Find support offers no filter with nothing to
# filter and says when a service has no contact details. The next person
# starts at the top of the home menu. Easy Read keeps short answers
# whole; italic is not underlined; the progress bar's fill shows. Help
# promises only what the keys do.
. tests/lib.sh
command -v tmux >/dev/null || { skip "tmux is not installed"; done_testing; exit; }

S=usab-$$
. tests/screen/survey-lib.bash
D=scripts/tmux-drive
line_of() { $D screen "$S" | grep -m1 -F -- "$1"; }

start_kiosk
# Help says only what the keys do: Esc goes back; Backspace does not leave
# a survey or a search, and L is a letter in a text field, so neither is
# promised everywhere.
k F1
check "help: Esc goes back" has "Esc: go back."
check "help promises nothing of Backspace" hasnt "Backspace"
check "help: F2 chooses a language from any screen" has "F2: choose another language, from any screen."
check "help does not promise L everywhere" hasnt "or L"
k Escape
has "What would you like to do?"
# The home cursor: moved by one person, at the top for the next.
k Down Down
check "the home menu moves" has "▶ 3. Leave feedback"

# Quick feedback from a page: f, and the button that says so.
k 1
has "Choose a page to read"
k 3
check "a page offers feedback about itself" has "[ Tell us what you think of this page ]"
k f
check "f opens quick feedback, its consent first" has "Start the survey"
check "the demo-mode consent promises no privacy" has "Before you start (demo mode)"
k Enter Enter
check "the topic is chosen already: the page being read" has "(•) Page: Our four principles"

# A scale: the first arrow moves, choosing nothing; a number chooses.
k PageDown
check "the rating question" has "Choose a number from 1 to 5"
k Right
check "the first arrow press only moves" sh -c "$D screen $S | grep -q '▶ *( )' && ! $D screen $S | grep -qF '(•)'"
k 4
check "the number key 4 chooses the fourth point" sh -c "$D screen $S | grep -q '(•)  *( )\$'"
k PageDown PageDown
check "the review" has "Check your answers"
check "Submit is in sight and in focus from the first view" has "▶ [ Submit my answers ]"
check "and End, which reaches it, is on the key line" has "End submit"
check "with F2 language, as on every other screen" sh -c "$D screen $S | tail -1 | grep -qF 'F2 language'"
# Tab is not another Down: it goes between the answers and Submit.
k Down Down
check "Down moves through the answers" has "▶ What do you think of it?"
k Tab
check "Tab from an answer goes to Submit" has "▶ [ Submit my answers ]"
k Tab
check "and Tab from Submit back to that answer" has "▶ What do you think of it?"
k End
check "End goes to Submit" has "▶ [ Submit my answers ]"
k Enter
check "Enter submits" has "Your answers have been saved and locked."
check "the page and the rating reached the log" logged '"answers":{"about":"principles","rating":"4"}'
k Enter
has "What would you like to do?"
check "the next person starts at the top of the menu" has "▶ 1. Read our plans"

# Find support: only the keys that do something; no contact details said.
k 4
check "Find support" has "Category:"
k BSpace BSpace BSpace
check "Backspace held in its empty search stays in Find support" has "Category:"
check "no neighbourhood filter when no service has one" sh -c "! $D screen $S | grep -q 'neighbourhood'"
click_on "Carers service"
check "a service with no way to reach it" has "Carers service"
check "says so plainly" has "There are no contact details for this service here. Ask the person running"
k Escape Escape Escape
# Search results: a long page title is cut, never the count after it.
k /
typ "a"
check "a long title in the results is cut short, its count whole" sh -c "$D screen $S | grep -q '▶ Welcome: have your say on .*…  mentioned [0-9]* times *\$'"
k Escape
$D stop "$S"

# Search in Turkish with an English keyboard's letters.
fresh
$D start "$S" 80x24 "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST --lang tr"
has "Ne yapmak istersiniz?" 5
k /
typ "bakim"
check "bakim finds what bakım finds" has "3 sayfada geçiyor"
check "a page's count says what it counts" has "2 kez geçiyor"
k BSpace BSpace BSpace BSpace BSpace
check "Backspace empties the words" hasnt "sayfada geçiyor"
k BSpace BSpace BSpace
check "held down on an empty field, it stays on the search" has "Aranacak:"
typ "BAKIM"
check "BAKIM too" has "3 sayfada geçiyor"
k Down Down Enter
check "a result opens its page" has "Dört ilkemiz"
# The words found are marked on the page: their own style starts on them.
marked() { tmux -L "outreach-$S" capture-pane -t main -p -e | grep -qiE $'\e\\[[0-9;]*m(bakım|Bakım)'; }
check "the word found is marked on the page" marked
k Escape Escape Escape 1
check "pages only in English are marked in the list" has "4. How we work (English)"
$D stop "$S"

# Easy Read: short answer labels stay whole, never "I agree a / lot".
fresh
$D start "$S" 80x24 "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST --lang en-x-easy"
has "Read our plans" 5
k 2 1 Enter Enter PageDown PageDown
check "the Easy Read mission question" has "Do you agree with our draft mission?"
check "'I agree a lot' is on one line" has "I agree a lot"
check "and so is 'I disagree a lot'" has "I disagree a lot"
$D stop "$S"

# Italic is italic, not underlined like a link (a terminal that has it).
fresh
DRIVE_TERM=tmux-256color $D start "$S" 80x24 "$OUTREACH_TEST --lang en"
has "Read our plans" 5
k 1 End Enter
check "the page with an italic word" has "About this laptop and your answers"
styled() { tmux -L "outreach-$S" capture-pane -t main -p -e | grep -qF -- "$1"; }
check "italic is drawn italic" styled $'\e[3mencryption'
check_fails "not underlined, as links are" styled $'\e[4mencryption'
# The progress bar's fill: spaces in reverse video, which show in every
# terminal, font and theme (a block glyph may be missing, or reversed
# into nothing); the rest is a light shade.
k Escape Escape
has "What would you like to do?"
k 3
has "Start the survey"
k Enter
check "a survey's first question" has "Question 1 of 4"
barfill() { tmux -L "outreach-$S" capture-pane -t main -p -e | grep -F "░" |
    grep -qE $'\e\\[([0-9]+;)*7(;[0-9]+)*m(\e\\[[0-9;]*m)* +'; }
check "the progress bar's fill shows: reverse video" barfill
check_fails "and no block glyph reversed into nothing" styled $'\e[7m█'
$D stop "$S"
done_testing
