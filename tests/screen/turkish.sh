#!/usr/bin/env bash
# Screen test: a resident who reads Turkish, at 80x24, typing with an
# English (UK) keyboard's letters only. From the language picker: a whole
# survey, quick feedback from a page, a search for "bakim" and Find
# support, all in Turkish. Every screen is kept; none may hold English but
# what is marked as English ("(English)", the page's own note) and the
# names of places and services, which stay as they are.
. tests/lib.sh
command -v tmux >/dev/null || { skip "tmux is not installed"; done_testing; exit; }

S=turkish-$$
. tests/screen/survey-lib.bash
D=scripts/tmux-drive
SEEN=$TMP/seen
: >"$SEEN"
# Keep every screen, once the keys have been pressed.
kk() { k "$@"; $D screen "$S" >>"$SEEN"; }

fresh
$D start "$S" 80x24 "env OUTREACH_TEST_SUBMIT_LOG=$LOG $OUTREACH_TEST"
check "the language picker" has "Choose your language" 5
kk 3
check "Türkçe: the home screen in Turkish" has "Ne yapmak istersiniz?"
check "the title bar in Turkish" has "Hackney Adult Social Care: planlarımız"

# A whole survey: the draft strategy.
kk 2
check "the surveys, by their Turkish titles" has "1. 2026–2031 taslak planlarımız"
check "a survey only in English is marked so" has "Carers: information, advice and support (English)"
kk 1
check "its consent in Turkish" has "Başlamadan önce (deneme modu)"
kk Enter
kk Enter
check "the first question in Turkish" has "Bunlardan hangileri sizi tanımlıyor?"
kk Space PageDown PageDown
check "the mission question" has "Taslak misyonumuza ne kadar katılıyorsunuz?"
kk 2
for i in $(seq 1 20); do
	$D screen "$S" | grep -q "Yanıtlarınızı kontrol edin" && break
	kk PageDown
done
check "the review in Turkish" has "[ Yanıtlarımı gönder ]"
kk Enter
check "submitted: thank you, in Turkish" has "Yanıtlarınız kaydedildi ve kilitlendi."
check "the survey's answers, in Turkish" logged '"answers":{"mission_agree":"agree","respondent":"resident"},"form":"draft-strategy","kind":"survey","lang":"tr"'
kk Enter
has "Choose your language"
kk 3

# Quick feedback from a page.
kk 1 3
check "a page in Turkish" has "Dört ilkemiz"
check "the feedback button in Turkish" has "Bu sayfa hakkında ne düşündüğünüzü söyleyin"
kk f
check "quick feedback, by its Turkish title" has "Kısa geri bildirim"
kk Enter Enter
check "about the page read, in Turkish" has "(•) Sayfa: Dört ilkemiz"
kk PageDown 5 PageDown PageDown
check "its review" has "[ Yanıtlarımı gönder ]"
kk Enter
check "the feedback's answers" logged '"answers":{"about":"principles","rating":"5"},"form":"quick-feedback","kind":"feedback","lang":"tr"'
kk Enter
has "Choose your language"
kk 3

# A search with the English keyboard's letters, and the page it opens.
kk /
typ "bakim"
$D screen "$S" >>"$SEEN"
check "bakim finds what bakım finds" has "3 sayfada geçiyor"
kk Down Down Enter
check "a result opens, in Turkish" has "Dört ilkemiz"
kk Escape Escape

# Find support: the services are the pack's, in English, and marked so.
kk 4
check "Find support in Turkish" has "Destek bulun"
check "the list says it is in English" has "11 hizmet: (English)"
click_on "Carers service"
$D screen "$S" >>"$SEEN"
check "a service's page says it is shown in English" has "Bu sayfa henüz sizin dilinizde değil"
check "and no contact details, in Turkish" has "Bu hizmetin iletişim bilgileri burada yok."
kk Escape Escape
$D stop "$S"

# No English on any screen, apart from what is marked as English: the
# service directory's entries and pages under its "(English)" marks, the
# pages' own note, and the bilingual "Translation to be checked" banner.
# English shows itself in its small words.
english=$(awk '
	function flush() { if (!skip) printf "%s", buf; buf = ""; skip = 0 }
	# A header starts a screen; the language picker is every language.
	/F2 Türkçe$/ || /^ Language / { flush(); if ($0 ~ /^ Language /) skip = 1 }
	# A page shown in English says so at its top.
	/Bu sayfa henüz sizin dilinizde değil/ { skip = 1 }
	# The service directory, marked "(English)" above its entries.
	/hizmet: \(English\)$/ { skip = 1 }
	/Translation to be checked/ || /\(English\)$/ { next }
	{ buf = buf $0 "\n" }
	END { flush() }
    ' "$SEEN" | grep -wiE "the|and|of|to|your|you|what|this|is|are|for|with|our|we|press|choose|back|next|move" |
    sort -u | head -5)
check "no screen holds English that is not marked ($english)" test -z "$english"
done_testing
