#!/usr/bin/env bash
# Numbers read and written the same way in every locale: on a laptop or
# hub whose locale writes decimals with a comma (Polish, French, Turkish,
# German...), a form's "2.5" is still two and a half, and a decimal answer
# of 2.4 meets the constraint ". <= 2.5". The program takes only the
# locale's character set and its language for messages; numbers, dates
# and sorting stay the C locale's.
. tests/lib.sh

if ! command -v localedef >/dev/null 2>&1 ||
    [ ! -e /usr/share/i18n/locales/pl_PL ]; then
	skip "localedef or the pl_PL locale source is missing (apt install locales)"
	exit 0
fi
LOC=$TMP/locales
mkdir -p "$LOC"
if ! localedef -i pl_PL -f UTF-8 "$LOC/pl_PL.UTF-8" >/dev/null 2>&1 &&
    [ ! -e "$LOC/pl_PL.UTF-8/LC_NUMERIC" ]; then
	skip "cannot build the pl_PL.UTF-8 locale here"
	exit 0
fi
# The locale writes decimals with a comma, as the test needs.
[ "$(LOCPATH=$LOC LC_ALL=pl_PL.UTF-8 /usr/bin/printf '%.1f' 2.5 2>/dev/null)" = "2,5" ] ||
    { skip "printf in pl_PL.UTF-8 does not write 2,5"; exit 0; }

FORM=$TMP/height
mkdir -p "$FORM"
cat >"$FORM/survey.csv" <<'CSV'
type,name,label::English (en),required,constraint,calculation,parameters
decimal,height,How tall are you in metres?,yes,. <= 2.5,,
calculate,half,,,,${height} * 0.5,
integer,check,Type 1,,. = 1 and ${half} > 1.1,,
range,hours,How many hours?,,,,start=0 end=2.5 step=0.5
CSV
printf 'form_title,form_id,version\nHeight,height,1\n' >"$FORM/settings.csv"

run_pl() {
	LOCPATH=$LOC LC_ALL=pl_PL.UTF-8 "$OUTREACH" submit --check "$FORM" \
	    >"$TMP/out" 2>"$TMP/err" <<<"$1"
}
run_pl '{"height": 2.4, "check": 1, "hours": 1.5}'
check "in pl_PL.UTF-8 2.4 meets '. <= 2.5', 2.4 * 0.5 > 1.1, a range of halves" \
    grep -q "the answers are valid" "$TMP/out"
run_pl '{"height": 2.6, "check": 1}'
check "in pl_PL.UTF-8 2.6 is still over 2.5" grep -q "height" "$TMP/err"
LOCPATH=$LOC LC_ALL=pl_PL.UTF-8 "$OUTREACH" survey check "$FORM" \
    >"$TMP/out" 2>&1
check "in pl_PL.UTF-8 the form itself checks out" test $? -eq 0
done_testing
