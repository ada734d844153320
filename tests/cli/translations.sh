#!/usr/bin/env bash
# The program's translations: the .pot is current, every .po passes
# msgfmt --check, the check catches a stale .pot and a broken .po, each
# catalogue says it is unreviewed and has its language's plural forms, and
# the binary finds the catalogues in the build tree.
. tests/lib.sh

if ! command -v xgettext >/dev/null || ! command -v msgfmt >/dev/null; then
	skip "gettext tools (xgettext, msgfmt) are not installed"
	done_testing
	exit
fi

check "the .pot is current and every .po passes msgfmt --check" scripts/check-translations

# A copy of the parts the check reads, to break on purpose.
copy() {
	rm -rf "$TMP/copy"
	mkdir -p "$TMP/copy/scripts"
	cp -R tui content translations "$TMP/copy/"
	cp scripts/make-pot scripts/check-translations "$TMP/copy/scripts/"
}
copy
check "the check passes on an unchanged copy" "$TMP/copy/scripts/check-translations"
printf '\nstatic const char *new_string = N_("A sentence nobody has gathered yet");\n' >>"$TMP/copy/tui/screen-home.c"
out=$("$TMP/copy/scripts/check-translations" 2>&1)
check_fails "a new string in tui/ makes the check fail" "$TMP/copy/scripts/check-translations"
case "$out" in *"outreach.pot is stale"*) ok "and it says the .pot is stale" ;; *) not_ok "and it says the .pot is stale" ;; esac
(cd "$TMP/copy" && scripts/make-pot)
check "make pot brings the copy back in order" "$TMP/copy/scripts/check-translations"
grep -q 'msgid "A sentence nobody has gathered yet"' "$TMP/copy/translations/tr.po" && ok "make pot merges the new string into each .po" || not_ok "make pot merges the new string into each .po"

copy
# A format string that no longer matches its msgid.
sed -i '0,/^msgstr "pakette .%s. dili yok"$/s//msgstr "pakette %d dili yok"/' "$TMP/copy/translations/tr.po"
check "the broken copy differs" sh -c "! cmp -s translations/tr.po '$TMP/copy/translations/tr.po'"
out=$("$TMP/copy/scripts/check-translations" 2>&1)
check_fails "a .po with a wrong format string makes the check fail" "$TMP/copy/scripts/check-translations"
case "$out" in *"tr.po fails msgfmt --check"*) ok "and it names the .po" ;; *) not_ok "and it names the .po" ;; esac
copy
printf 'msgid "unterminated\n' >>"$TMP/copy/translations/pl.po"
check_fails "a .po that does not parse makes the check fail" "$TMP/copy/scripts/check-translations"

# Every catalogue: unreviewed, in the pack, with its plural forms.
langs=$(sed -n 's/^languages *= *//p' "$OUTREACH_PACK/pack.ini")
unrev=$(sed -n 's/^unreviewed *= *//p' "$OUTREACH_PACK/pack.ini")
for po in translations/*.po; do
	l=$(basename "$po" .po)
	grep -q '^"X-Translation-Status: unreviewed' "$po" && ok "$l.po says it is unreviewed" || not_ok "$l.po says it is unreviewed"
	grep -q "^\"Language: $l\\\\n\"" "$po" && ok "$l.po names its language" || not_ok "$l.po names its language"
	case ", $langs," in *", $l,"*) ok "$l is a language of the Hackney pack" ;; *) not_ok "$l is a language of the Hackney pack" ;; esac
	case ", $unrev," in *", $l,"*) ok "the pack marks $l unreviewed" ;; *) not_ok "the pack marks $l unreviewed" ;; esac
	check "$l has a catalogue in the build tree" test -f "$OUTREACH_BUILD/locale/$l/LC_MESSAGES/outreach.mo"
done
grep -qF '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"' translations/pl.po && ok "Polish has three plural forms" || not_ok "Polish has three plural forms"
grep -qF '"Plural-Forms: nplurals=2; plural=(n > 1);\n"' translations/fr.po && ok "French: one for 0 and 1" || not_ok "French: one for 0 and 1"

# The binary finds them: the plain mode's first words in each language.
want() { printf '%s\n' "$2" | "$OUTREACH" --lang "$1" --plain 2>&1 | grep -qF -- "$3"; }
check "Turkish strings from the build tree" want tr q "Hoş geldiniz. Ne yapmak istersiniz?"
check "Polish strings" want pl q "Witamy. Co chcesz zrobić?"
check "Spanish strings" want es q "Le damos la bienvenida. ¿Qué le gustaría hacer?"
check "Portuguese strings" want pt q "Boas-vindas. O que gostaria de fazer?"
check "French strings" want fr q "Bienvenue. Que voulez-vous faire ?"
check "Bengali strings" want bn q "স্বাগতম। আপনি কী করতে চান?"
check "Somali strings" want so q "Soo dhowow. Maxaad jeclaan lahayd inaad samayso?"
check "Yiddish strings" want yi q "ברוכים־הבאים. וואָס ווילט איר טאָן?"
check "Easy Read English uses the English strings" want en-x-easy q "Welcome. What would you like to do?"
# Plural forms at work (every form is checked in tests/unit/test-i18n.c).
check "Polish plural for 2: strony" want pl $'/reablement\nb\nq' "Szukanie „reablement”: 2 strony."
done_testing
