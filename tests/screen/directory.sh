#!/usr/bin/env bash
# Screen tests for "Find support" and "You said, we did", in tmux: search by
# words, by category and by neighbourhood, open a detail page, the mouse,
# resizing; the Hackney plan side by side when wide, stacked at 80 columns.
. tests/lib.sh
D=scripts/tmux-drive
S=directory-$$
T_TMUX=outreach-$S
export DRIVE_SETTLE=0.1
FIX=$PWD/tests/fixtures/directory
has() { $D wait $S "$1" "${2:-3}" >/dev/null 2>&1; }
lacks() { ! $D screen $S | grep -qF -- "$1"; }
# The 0-based row of the first line holding TEXT.
row_of() { $D screen $S | grep -nF -- "$1" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }
widest() { $D screen $S | wc -L; }

$D start $S 80x24 "$OUTREACH --pack $FIX/pack"
check "the home menu offers Find support" has "4. Find support"
$D keys $S 4
check "4 opens Find support" has "5 services:"
check "both filters are shown" has "Category: [All categories"
check "with the neighbourhood beside it" has "Neighbourhood: [All neighbourhoods"

# By words, as they are typed.
$D type $S carers
check "typing narrows the list as you type" has "2 of 5 services match:"
check "to the carers services" sh -c "$D screen $S | grep -q \"Carers' Advice Line\""
check_fails "and only those" has "Money Help Desk" 1
for i in 1 2 3 4 5 6; do $D keys $S BSpace; done
check "Backspace clears the words" has "5 services:"
$D type $S STRASSE
check "STRASSE finds Straße" has "Straße Café Lunch Club"
for i in 1 2 3 4 5 6 7; do $D keys $S BSpace; done

# By category: F7 and a short list.
$D keys $S F7
check "F7 lists the categories" has "Choose a category:"
$D keys $S Down Down Enter
check "choosing carers filters by category" has "Category: [carers"
check "two services in that category" has "2 of 5 services match:"
# By neighbourhood: F8, then category and neighbourhood together.
$D keys $S F8
check "F8 lists the neighbourhoods" has "Choose a neighbourhood:"
$D keys $S Down Enter
check "choosing Dalston filters by neighbourhood too" has "Neighbourhood: [Dalston"
check "one service is both" has "1 of 5 services matches:"
check "the Dalston carers group" has "İpek Turkish Carers Group"

# A detail page: every field that is not empty, labelled.
$D keys $S Enter
check "Enter opens the service's page" has "Languages: Türkçe"
check "its fields are labelled" has "Neighbourhood: Dalston"
$D keys $S Escape
check "Esc goes back to the list" has "1 of 5 services matches:"

# Neighbourhood alone, with Left/Right on the focused filter.
$D keys $S F7 Home Enter
check "All categories again" has "Category: [All categories"
$D keys $S F8 Home Down Down Enter
check "Homerton alone" has "Neighbourhood: [Homerton"
check "two services in Homerton" has "2 of 5 services match:"
check "Sofa Fitness is in Homerton" has "Sofa Fitness"
$D keys $S BTab Right
check "Shift-Tab to the filter, Right: the next neighbourhood" has "Neighbourhood: [Stoke Newington"
$D keys $S Right
check "then All" has "Neighbourhood: [All neighbourhoods"

# The mouse: a click on the category filter, on a value, on a service.
y=$(row_of "Category: [")
$D click $S 14 "$y"
check "a click on the category filter opens its list" has "Choose a category:"
y=$(row_of "  exercise")
$D click $S 6 "$y"
check "a click chooses a value" has "Category: [exercise"
y=$(row_of "Sofa Fitness")
$D click $S 6 "$y"
check "a click on a service opens it" has "Gentle chair exercise classes."
$D keys $S Escape

# Resizing keeps the screen whole.
$D resize $S 40x12
check "at 40x12 Find support is still usable" has "Search for:"
check "and fits" test "$(widest)" -le 40
$D resize $S 120x40
check "at 120x40 it is still there" has "Category: [exercise"
$D resize $S 80x24
check "back at 80x24" has "Category: [exercise"
check "no line is wider than 80 columns" test "$(widest)" -le 80
$D keys $S Escape
check "Esc goes back to the home screen" has "What would you like to do?"
$D stop $S

# The Hackney pack: Find support, and its plan as "You said, we did".
$D start $S 80x24 "$OUTREACH --lang en"
has "Read our plans"
$D keys $S 4
check "Hackney: 11 services" has "11 services:"
$D type $S mental
check "Hackney: 'mental' finds the Integrated Mental Health Service" has "Integrated Mental Health Service"
$D keys $S Enter
check "Hackney: its page says what the seeds say" has "A new service that changes how social care"
$D keys $S Escape Escape Escape
has "What would you like to do?"
$D keys $S 1
has "Choose a page to read"
$D keys $S 6
check "the commitments page opens" has "17 commitments"
for i in 1 2 3 4 5 6; do has "We said we will: Make information" 1 && break; $D keys $S PageDown; done
check "at 80 columns each commitment is stacked: 'We said we will: ...'" has "We said we will: Make information"
check "'We did:' heads its items" has "We did:"
for i in 1 2 3; do has "Still to do: Make much needed" 1 && break; $D keys $S Down Down Down Down; done
check "'Still to do:' follows" has "Still to do: Make much needed"
$D resize $S 120x40
check "at 120 columns the columns stand side by side" sh -c "$D screen $S | grep -q 'We said we will .*│ We did .*│ Still to do'"
check "no line is wider than 120 columns" test "$(widest)" -le 120
$D resize $S 80x24
check "back at 80 columns it is stacked again" has "We said we will:"
$D stop $S
done_testing
