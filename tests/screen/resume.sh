#!/usr/bin/env bash
# Drafts in the kiosk: killed mid-survey (SIGKILL, as a crash or a flat
# battery would), the kiosk offers on its next start to carry on, and the
# answers come back; No discards them; after the idle timeout the draft is
# destroyed and nothing is offered; with a PIN set, carrying on needs it,
# and a draft older than the idle reset is not offered.
. tests/lib.sh
D=scripts/tmux-drive
S=resume-$$
T_TMUX=outreach-$S
has() { $D wait $S "$1" "${2:-5}" >/dev/null 2>&1; }
lacks() { ! $D screen $S | grep -qF -- "$1"; }
# SIGKILL, as a crash would, and wait until the process is gone.
crash_kiosk() {
	local pid=$1 i
	kill -KILL "$pid" 2>/dev/null || return 1
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}
# Stop, and wait until the tmux server has gone, so that the next start
# does not reach a server that is still shutting down.
stop_kiosk() {
	local i
	$D stop $S
	for ((i = 0; i < 60; i++)); do
		tmux -L "$T_TMUX" ls >/dev/null 2>&1 || break
		sleep 0.05
	done
}
# The kiosk's own process in the tmux pane (by parent pid, never by name).
kiosk_pid() {
	local pane
	pane=$(tmux -L "$T_TMUX" list-panes -t main -F '#{pane_pid}' 2>/dev/null)
	pgrep -P "$pane" -x outreach
}
# One pack that never times out during a test, one that soon does.
cp -R "$OUTREACH_PACK" "$TMP/pack"
sed -i 's/^idle_warning = .*/idle_warning = 600/' "$TMP/pack/pack.ini"
cp -R "$OUTREACH_PACK" "$TMP/idle"
sed -i 's/^idle_warning = .*/idle_warning = 5/; s/^idle_countdown = .*/idle_countdown = 3/' "$TMP/idle/pack.ini"
KIOSK="$OUTREACH --pack $TMP/pack --lang en"

# Quick feedback, up to the comment: "Our vision", rated 3, some words.
start_feedback() {
	$D start $S 80x24 "$KIOSK"
	has "Read our plans"
	$D keys $S 3
	has "Start the survey"
	$D keys $S Enter
	has "Question 1 of 4"
	$D keys $S Enter
	has "What is your feedback about?"
	$D keys $S Down Enter
	$D keys $S PgDn
	has "Choose a number from 1 to 5"
	$D keys $S Right Right Right Space PgDn
	has "Your comments"
	$D type $S "Please ring me back"
}

start_feedback
check "a draft key and an encrypted draft are kept mid-survey" \
    test -s "$OUTREACH_HOME/draft.key" -a -s "$OUTREACH_HOME/draft"
out=$("$OUTREACH" status)
printf '%s\n' "$out" | grep -q "^Unfinished survey kept: *yes" && ok "status says a draft is kept" ||
    not_ok "status says a draft is kept"
pid=$(kiosk_pid)
check "the kiosk's process is found ($pid)" test -n "$pid"
check "SIGKILL ends the kiosk" crash_kiosk "$pid"
stop_kiosk

$D start $S 80x24 "$KIOSK"
check "on the next start it offers to carry on" has "Carry on with the survey you started?"
check "naming the survey" has "Quick feedback"
$D keys $S Enter
check "Yes returns to the question the person was on" has "Your comments"
check "with the text typed" has "Please ring me back"
$D keys $S PgUp
check "the rating came back" sh -c "scripts/tmux-drive screen $S | grep -q '(•)  *( )  *( )\$'"
$D keys $S PgUp
check "the choice came back" sh -c "scripts/tmux-drive screen $S | grep -qF '(•) Page: Our vision'"
$D keys $S PgDn PgDn PgDn
check "the review lists the answers" has "Please ring me back"
$D keys $S Enter
check "they are submitted" has "Thank you"
check "the draft and its key are gone once sealed" \
    test ! -e "$OUTREACH_HOME/draft" -a ! -e "$OUTREACH_HOME/draft.key"
"$OUTREACH" status | grep -q "^Sealed, waiting for export: *1 " && ok "one submission is sealed" ||
    not_ok "one submission is sealed"
stop_kiosk

# No: the draft is destroyed, the kiosk starts fresh.
start_feedback
crash_kiosk "$(kiosk_pid)"
stop_kiosk
# Without --lang each person picks a language; the offer comes first.
$D start $S 80x24 "$OUTREACH --pack $TMP/pack"
check "the offer comes before the language picker" has "Carry on with the survey you started?"
$D keys $S Down Enter
check "No leaves the picker for the next person" has "Choose your language"
check "and destroys the draft and its key" \
    test ! -e "$OUTREACH_HOME/draft" -a ! -e "$OUTREACH_HOME/draft.key"
$D keys $S 1
check "where English leads to the start" has "Read our plans"
stop_kiosk
$D start $S 80x24 "$KIOSK"
has "Read our plans"
check "the next start offers nothing" lacks "Carry on"
stop_kiosk

# The idle timeout destroys the draft: nothing is offered after a crash.
KIOSK="$OUTREACH --pack $TMP/idle --lang en"
start_feedback
check "a draft is kept before the timeout" test -s "$OUTREACH_HOME/draft"
check "the idle warning comes" has "Are you still there?" 8
check "then the kiosk starts again" has "Read our plans" 6
check "the draft and its key are destroyed" \
    test ! -e "$OUTREACH_HOME/draft" -a ! -e "$OUTREACH_HOME/draft.key"
crash_kiosk "$(kiosk_pid)"
stop_kiosk
$D start $S 80x24 "$KIOSK"
has "Read our plans"
check "after the timeout and a crash nothing is offered" lacks "Carry on"
stop_kiosk

# No PIN is set here: F12 sets one first (never the menu), then the
# facilitator menu names the device.
$D start $S 80x24 "$KIOSK"
has "Read our plans"
id=$("$OUTREACH" status | sed -n 's/^Device key id: *//p')
$D keys $S F12
check "F12 without a PIN asks to set one" has "Set the facilitator PIN"
$D type $S 1357
$D keys $S Enter
$D type $S 1357
$D keys $S Enter
has "The council's content"
$D keys $S Escape
has "Read our plans"
$D keys $S F12
has "For the facilitator only."
$D type $S 1357
$D keys $S Enter
has "This device's key id: $id" || $D screen $S | sed 's/^/# /'
check "the facilitator menu shows the device key id ($id)" has "This device's key id: $id"
stop_kiosk

# Leaving the survey destroys the draft too.
KIOSK="$OUTREACH --pack $TMP/pack --lang en"
start_feedback
$D keys $S Escape
has "Leave this survey?"
$D keys $S Right Enter
check "Leave returns to the start" has "Read our plans"
check "and destroys the draft" test ! -e "$OUTREACH_HOME/draft" -a ! -e "$OUTREACH_HOME/draft.key"
stop_kiosk

# With a facilitator PIN set, carrying on needs it: the next person may
# not be the one who answered. A draft older than the idle reset is gone.
echo 1357 | "$OUTREACH" pin set >/dev/null
start_feedback
crash_kiosk "$(kiosk_pid)"
stop_kiosk
$D start $S 80x24 "$KIOSK"
check "with a PIN set, the offer says the facilitator gives it" has "the facilitator gives the PIN"
$D keys $S Enter
check "Yes asks for the PIN" has "For the facilitator only."
check "and shows no answer" lacks "Please ring me back"
$D type $S 9999
$D keys $S Enter
check "a wrong PIN does not carry on" has "That PIN is not right."
sleep 1.5
$D type $S 1357
$D keys $S Enter
check "the PIN carries on, with the answers" has "Please ring me back"
crash_kiosk "$(kiosk_pid)"
stop_kiosk
touch -d '-20 minutes' "$OUTREACH_HOME/draft"
$D start $S 80x24 "$KIOSK"
has "Read our plans"
check "a draft older than the idle reset is not offered" lacks "Carry on"
check "and is destroyed" test ! -e "$OUTREACH_HOME/draft" -a ! -e "$OUTREACH_HOME/draft.key"
stop_kiosk
done_testing
