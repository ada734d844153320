#!/usr/bin/env bash
# `outreach --plain` says what the kiosk says: l changes the language in
# the middle of a survey (the question said again in it); a page names
# each page it links to once; f on a page gives feedback about that page;
# the search says what its counts are and cuts its snippets between words;
# Find support offers only the filters there are.
. tests/lib.sh

LOG=$TMP/submitted.jsonl
T=$TMP/transcript
plain() {
	printf '%s\n' "$@" | OUTREACH_TEST_SUBMIT_LOG=$LOG "$OUTREACH_TEST" --lang en --plain >"$T" 2>&1
	rc=${PIPESTATUS[1]}
}
said() { grep -qF -- "$1" "$T"; }

# l in a survey: the language picker, then the same question in Turkish.
plain 3 1 "" l 3 q 2
check "l in a survey asks the language" sh -c "grep -c '^Choose your language:' '$T' | grep -qx 1"
check "then says the same question again, in Turkish" sh -c \
    "sed -n '/^Türkçe\$/,\$p' '$T' | grep -qx 'Geri bildiriminiz ne hakkında?'"

# The welcome page links to "About this laptop" twice: listed once.
plain 1 1 b b
check "a page's links, each page once" sh -c \
    "sed -n '/^Links on this page:/,/^Type a link/p' '$T' | grep -c 'About this laptop and your answers' | grep -qx 1"
check "the page offers feedback about itself" said "Type f to tell us what you think of this page."

# f on a page: quick feedback already about it.
rm -f "$LOG"
plain 1 3 f 1 "" "" 4 "" 4
check "f on a page: the feedback form's consent" said "1. Start the survey"
check "and the form is about the page: submitted with it" grep -qF '"about":"principles","rating":"4"' "$LOG"

# The search says what its counts are, in words.
plain /carers b
check "search results say how many times a page mentions the words" sh -c \
    "grep -qE '^1\\. .* \\(mentioned [0-9]+ times?\\): ' '$T'"

# Search snippets are cut between words, never inside one: the first and
# the last word each snippet shows, where an ellipsis cuts it, are whole
# words of the pages searched ("(co-…" of "(co-production)" is not).
whole_words() {
	printf '/%s\nb\nq\n' "$2" | "$OUTREACH" --lang "$1" --plain >"$T" 2>&1
	python3 - "$T" "$OUTREACH_PACK/pages/$1" <<'PY'
import glob, re, sys
text = " ".join(open(f, encoding="utf-8").read()
                for f in glob.glob(sys.argv[2] + "/*.md"))
text = re.sub(r"\]\([^)]*\)", " ", text)
words = set(re.sub(r"[*_\[\]#>`|]", " ", text).split())
bad, n = [], 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^[0-9]+\. .*\): (.*)$", line.rstrip("\n"))
    if not m:
        continue
    n += 1
    s = m.group(1).split()
    if s[0].startswith("\u2026") and s[0][1:] not in words:
        bad.append(s[0])
    if s[-1].endswith("\u2026") and s[-1][:-1] not in words:
        bad.append(s[-1])
if bad or n == 0:
    print("# %d snippets; cut inside a word: %s" % (n, bad))
    sys.exit(1)
PY
}
check "search snippets cut between words (English, carers)" whole_words en carers
check "search snippets cut between words (English, care)" whole_words en care
check "search snippets cut between words (Turkish, bakim)" whole_words tr bakim

# Find support: no neighbourhood in this pack's services, so n is not offered.
plain 4 b
check "Find support offers c, with categories to choose" said "Type c to choose a category."
check_fails "and not n: no service has a neighbourhood" said "neighbourhood"
done_testing
