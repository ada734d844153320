#!/usr/bin/env bash
# Languages in `outreach --plain`: the language asked first, by number, in
# each language's own script (in logical order: a screen reader orders
# right-to-left text itself); a whole survey answered in Turkish from piped
# input; the fallback note in the reader's language; l to change language;
# and not one escape byte.
. tests/lib.sh

LOG=$TMP/submitted.jsonl
T=$TMP/transcript
plain() {
	printf '%s\n' "$@" | OUTREACH_TEST_SUBMIT_LOG=$LOG "$OUTREACH_TEST" --plain >"$T" 2>&1
	rc=${PIPESTATUS[1]}
}
said() { grep -qF -- "$1" "$T"; }
clean() { ! LC_ALL=C grep -q $'[\001-\010\013-\037\177]' "$T"; }

# The first question: the language.
plain q
check "plain mode says demo mode, then asks the language first" sh -c "sed -n 2p '$T' | grep -qx 'Demo mode: answers are not private.' && sed -n 3p '$T' | grep -qx 'Choose your language:'"
check "English is 1" said "1. English"
check "Easy Read is 2" said "2. English — Easy Read"
check "Turkish in Turkish, with the question in Turkish" said "3. Türkçe: Dilinizi seçin"
check "Bengali in Bengali script" said "8. বাংলা: আপনার ভাষা বেছে নিন"
check "Yiddish in Hebrew script, in logical order, 0 as in the kiosk" said "0. ייִדיש: קלייַבט אויס אייַער שפּראַך"
check "q at the question ends the session" said "Goodbye."
plain 11 abc 1 q
check "a number off the list is refused" said "Please type one of the numbers."
check "then English" said "Welcome. What would you like to do?"
check_fails "English needs no translation-to-be-checked note" said "Translation to be checked"
check_fails "with --lang there is no question" sh -c "printf 'q\n' | '$OUTREACH' --lang en --plain | grep -q 'Choose your language'"
"$OUTREACH" --lang xx --plain </dev/null >/dev/null 2>&1
check "--lang with a language the pack lacks is wrong usage" test $? -eq 2

# A whole survey in Turkish: the draft strategy, with a constraint and a
# text answer, submitted.
rm -f "$LOG"
plain 3 2 1 1 "" "1 3" "" 2 "" "" 1 2 3 "" 4 5 6 "" 1 1 1 "" 2 2 2 \
    "1 2 3 4" "1 2 3" "Daha fazla otobüs" "" "" 18 q
check "plain mode exits 0" test "$rc" -eq 0
check "Turkish is chosen" said "Çeviri henüz kontrol edilmedi. (Translation to be checked.)"
check "the home menu in Turkish" said "2. Görüşünüzü bildirin"
check "the consent page in Turkish" said "Başlamadan önce (deneme modu)"
check "its buttons in Turkish, as numbers" said "1. Ankete başla"
check "questions are counted in Turkish, as the kiosk counts" said "Soru 1 / 13."
check "the first question, from the form's Turkish column" said "Bunlardan hangileri sizi tanımlıyor? Uygun olanların hepsini seçin."
check "its choices in Turkish" said "1. Hackney'de yaşıyorum"
check "how to answer, in Turkish" said "Uygun olanların hepsinin numarasını aralarında boşluk bırakarak yazın."
check "sections in Turkish" said "Bölüm: Erişimi kolay"
check "the form's constraint message in Turkish" said "Lütfen üçten fazla seçmeyin."
check "the review in Turkish" said "Yanıtlarınızı kontrol edin. Değiştirmek"
check "its Submit as a number, in Turkish" said "18. Yanıtlarımı gönder"
check "no English line in the Turkish survey" sh -c "! grep -qx 'Type a number.\\|Type 1 to confirm.\\|Please type 1 or 2.' '$T'"
check "the thank-you in Turkish" said "Teşekkürler. Yanıtlarınız kaydedildi ve kilitlendi."
check "the response was submitted" grep -qF '"respondent":"resident carer"' "$LOG"
check "with the answers" sh -c "grep -qF '\"top_three\":\"waiting contact barriers\"' '$LOG' && grep -qF '\"missing\":\"Daha fazla otobüs\"' '$LOG'"
check "in Turkish" grep -qF '"lang":"tr"' "$LOG"
check "no escape byte or control character in the transcript" clean

# A page not yet translated: the note in the reader's language; then l.
plain 4 1 4 b l 0 1 1 b b q
check "Polish: the page list in Polish" said "Przeczytaj nasze plany. Wybierz stronę:"
check "a page only in English says so in Polish" said "Tej strony nie ma jeszcze w Twoim języku: jest wyświetlana po angielsku."
check "l asks the language again" sh -c "grep -c 'Choose your language:\|Wybierz swój język:' '$T' | grep -qx 2"
check "Yiddish: the pages in Yiddish" said "לייענט אונדזערע פּלענער. קלייַבט אויס אַ זייַט:"
check "the Yiddish page in logical order" said "ברוכים־הבאים: זאָגט אייַער מיינונג"
check "and no escape byte" clean
done_testing
