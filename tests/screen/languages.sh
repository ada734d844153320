#!/usr/bin/env bash
# Languages in the kiosk, in tmux at 80x24: the picker first with every
# language in its own script; the home screen and the draft strategy
# survey's first question in each language; the language switched in the
# middle of a survey with the answers kept (and submitted); a Yiddish page
# reading right to left; a Bengali page wrapped without splitting a cluster.
#
# Right-to-left text is captured as drawn, so the Yiddish strings below are
# written in display order (reversed), as the screen shows them.
. tests/lib.sh
D=scripts/tmux-drive
S=
N=0
LOG=$TMP/submitted.jsonl
export DRIVE_SETTLE=0.05
has() { $D wait "$S" "$1" "${2:-3}" >/dev/null 2>&1; }
k() { $D keys "$S" "$@"; }
# A fresh kiosk in its own tmux server each time (a server being stopped
# may still hold the old name for a moment), once the picker is drawn.
start() {
	[ -n "$S" ] && $D stop "$S"
	N=$((N + 1))
	S=languages-$$-$N
	T_TMUX=outreach-$S
	# A kiosk stopped mid-survey leaves a draft it would offer back
	# (tests/screen/resume.sh); each start here is a fresh one.
	rm -f "$OUTREACH_HOME/draft" "$OUTREACH_HOME/draft.key"
	$D start "$S" "${1:-80x24}" "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST"
	has "Choose your language" 15
}

# The picker comes first, every language in its own script.
start
for name in "English" "English — Easy Read" "Türkçe" "Polski" "Español" \
    "Português" "Français" "বাংলা" "Soomaali" "שידיִי"; do
	check "the picker shows $name" has "$name"
done
check "each says \"Choose your language\" in it" sh -c "$D screen $S | grep -qF 'Dilinizi seçin' && $D screen $S | grep -qF 'আপনার ভাষা বেছে নিন'"
check "in Yiddish too, right to left" has "ךאַרפּש רעיַיא סיוא טביַילק"

# Each language: its key on the picker, the home screen, then the draft
# strategy survey: the note that opens it and the first question.
# key | header name | "What would you like to do?" | "Question 1 of" |
# the first question
langs=(
	"1|English|What would you like to do?|Question 1 of 13|Which of these describe you?"
	"2|English — Easy Read|What would you like to do?|Question 1 of 13|Which of these are true for you?"
	"3|Türkçe|Ne yapmak istersiniz?|Soru 1 / 13|Bunlardan hangileri sizi tanımlıyor?"
	"4|Polski|Co chcesz zrobić?|Pytanie 1 z 13|Które z tych opisów pasują do Ciebie?"
	"5|Español|¿Qué le gustaría hacer?|Pregunta 1 de 13|¿Cuáles de estas opciones le describen?"
	"6|Português|O que gostaria de fazer?|Pergunta 1 de 13|Quais destas frases se aplicam a si?"
	"7|Français|Que voulez-vous faire ?|Question 1 sur 13|Lesquelles de ces phrases vous décrivent ?"
	"8|বাংলা|আপনি কী করতে চান?|প্রশ্ন 1 / 13|এগুলোর মধ্যে কোনগুলো"
	"9|Soomaali|Maxaad jeclaan lahayd inaad samayso?|Su'aasha 1 ee 13|Kuwee ka mid ah kuwan ayaa ku sifeeya?"
	"0|שידיִי|?ןאָט ריא טליוו סאָוו|13 ןופֿ 1 עגאַרפֿ|ןביַירשאַב יד ןופֿ עכלעוו"
)
for row in "${langs[@]}"; do
	IFS='|' read -r key name home first question <<<"$row"
	start
	k "$key"
	check "$name: the header names the language" has "F2 $name"
	check "$name: the home screen" has "$home"
	case "$key" in
	1 | 2) check_fails "$name: no translation-to-be-checked line" has "Translation to be checked" 1 ;;
	*) check "$name: translation to be checked, in English too" has "Translation to be checked" ;;
	esac
	k 2 1 Enter
	check "$name: the draft strategy opens at question 1" has "$first"
	k PageDown
	check "$name: its first question" has "$question"
done

# Mid-survey: tick an answer, change language twice, the tick stays, and
# the response goes in with it.
start
k 1 2 1 Enter PageDown
has "Which of these describe you?"
k Space Down Down Space
check "two answers ticked in English" has "[x] I look after someone without being paid"
k F2
check "F2 opens the picker in the middle of the survey" has "Choose your language"
k 4
check "the question is now in Polish" has "Które z tych opisów pasują do Ciebie?"
check "the first tick is kept" has "[x] Mieszkam w Hackney"
check "and the second" has "[x] Opiekuję się kimś bez wynagrodzenia"
check "the question number is kept" has "Pytanie 2 z 13"
k F2 3
check "then in Turkish" has "[x] Hackney'de yaşıyorum"
k PageDown
check "the next question, in Turkish" has "Soru 3"
k PageUp
check "back: the ticks are still there" has "[x] Ücret almadan birine bakıyorum"
k F2 1
check "back in English" has "[x] I live in Hackney"
# To the review and submit.
for i in $(seq 1 20); do
	has "Check your answers" 0 && break
	k PageDown
done
check "the review, in English" has "Check your answers"
k Enter
check "submitted" has "Your answers have been saved and locked." 5
check "the response holds the answers ticked in three languages" grep -qF '"respondent":"resident carer"' "$LOG"
check "in the language it was finished in" grep -qF '"lang":"en"' "$LOG"

# A Yiddish page reads right to left: aligned right, first letter last.
start
k 0 1 1
has "םיאבה־םיכורב"
$D screen $S >"$TMP/yi.txt"
# The page's first line (the header above holds the title too).
sed 1d "$TMP/yi.txt" | grep -m1 -F "םיאבה־םיכורב" | sed 's/ *$//' >"$TMP/yi-line.txt"
check "the page's first line ends with its first word, drawn reversed" grep -q 'םיאבה־םיכורב$' "$TMP/yi-line.txt"
check "at the right margin (column 78)" test "$(wc -L <"$TMP/yi-line.txt")" -eq 78
check "and starts well right of the left margin" grep -q '^      ' "$TMP/yi-line.txt"
check "the English name stays whole, aligned right" grep -qx ' *Hackney' "$TMP/yi.txt"
check "the years read in order: 2026 first, from the right" grep -qF "2031 זיב 2026" "$TMP/yi.txt"
k PageDown
$D screen $S >"$TMP/yi2.txt"
check "a list's bullets are on the right" grep -q '•$' "$TMP/yi2.txt"

# A Bengali page wrapped at 40 columns: no line starts with a vowel sign,
# a sign over a letter or a virama (each belongs to the cluster before).
start 40x24
k 8 1 1
has "স্বাগতম"
for i in 1 2 3 4; do
	$D screen $S >>"$TMP/bengali.txt"
	k PageDown
done
check "the Bengali page is shown, wrapped" test "$(grep -c 'আ' "$TMP/bengali.txt")" -ge 4
check_fails "no line starts with a part of a cluster" env LC_ALL=C grep -qE $'^ *(\xe0\xa6[\x81\x82\x83\xbc\xbe\xbf]|\xe0\xa7[\x80-\x84\x87\x88\x8b\x8c\x8d\x97])' "$TMP/bengali.txt"
check "a conjunct stays whole: পরিকল্পনা" grep -qF "পরিকল্পনা" "$TMP/bengali.txt"
check "no line is wider than 40 columns" test "$(wc -L <"$TMP/bengali.txt")" -le 40
$D stop "$S"
done_testing
