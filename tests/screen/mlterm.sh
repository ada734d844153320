#!/usr/bin/env bash
# Screen test on a real terminal that reorders right-to-left text itself:
# the venue laptop's mlterm (its settings and fonts from the package,
# scripts/deb/kiosk/mlterm) under Xvfb, running the kiosk in Yiddish with
# --bidi terminal. Tesseract reads the home screen row by row; the row of
# the welcome, Yiddish mixed with the English "Hackney Adult Social Care",
# must read word by word in its logical order (with the words reversed,
# as the kiosk once drew them, tesseract reads reversed words). Skips
# where Xvfb, mlterm, ImageMagick, tesseract's Yiddish or the Noto fonts
# are missing.
. tests/lib.sh
for c in Xvfb mlterm xwininfo import convert tesseract fc-list; do
	command -v "$c" >/dev/null || { skip "$c is not installed"; done_testing; exit; }
done
tesseract --list-langs 2>/dev/null | grep -qx yid ||
    { skip "tesseract has no Yiddish (tesseract-ocr-yid)"; done_testing; exit; }
fc-list | grep -q "Noto Sans Hebrew" && fc-list | grep -q "Noto Sans Mono" ||
    { skip "the Noto Sans Mono and Hebrew fonts are not installed"; done_testing; exit; }

# The welcome, in its logical order, its Yiddish words without points.
nopoints() { perl -CSD -pe 's/[\x{0591}-\x{05C7}]//g'; }
welcome=$(sed -n 's/^welcome\[yi\] = //p' "$OUTREACH_PACK/pack.ini")
want=$(printf '%s\n' "$welcome" | perl -CSD -ne 'print join(" ", grep { /\p{Hebrew}/ } split /[\s.,]+/), "\n"' | nopoints)
check "the Yiddish welcome mixes Yiddish with English" sh -c \
    "printf '%s' '$welcome' | grep -q 'Hackney Adult Social Care' && [ \$(echo '$want' | wc -w) -ge 4 ]"

# The display, the terminal, the kiosk.
exec 5>"$TMP/display"
Xvfb -displayfd 5 -screen 0 1000x700x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
XPID=$!
for i in $(seq 1 200); do [ -s "$TMP/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$TMP/display")"
mkdir -p "$TMP/mlhome/.mlterm"
cp scripts/deb/kiosk/mlterm/* "$TMP/mlhome/.mlterm/"
MPID=""
cleanup() { kill ${MPID:+"$MPID"} "$XPID" 2>/dev/null; wait 2>/dev/null; t_cleanup; }
trap cleanup EXIT

# The terminal's window: its size gives the cells (80 x 24). Under the
# whole suite with a sanitizer's build, mlterm (a fresh HOME: fontconfig
# reads every font again) once took more than 20 s to map it; wait up to
# 90 s while it runs, and say why when it does not. Once, in a clean
# clone's CI, it exited at once without a word (the display not yet
# taking clients?): then it is started again, up to three times.
geo=""
for try in 1 2 3; do
	HOME="$TMP/mlhome" LANG=C.UTF-8 mlterm --geometry=80x24+0+0 \
	    --fontsize=16 -e "$OUTREACH" --bidi terminal --lang yi \
	    >"$TMP/mlterm.log" 2>&1 &
	MPID=$!
	for i in $(seq 1 900); do
		geo=$(xwininfo -root -tree 2>/dev/null | grep -m1 -i mlterm |
		    sed -n 's/.* \([0-9]*\)x\([0-9]*\)+.*/\1 \2/p')
		[ -n "$geo" ] && break
		kill -0 "$MPID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$geo" ] && break
	kill -0 "$MPID" 2>/dev/null && break	# runs, no window: say so
	echo "# mlterm exited at once (try $try); its log:"
	sed 's/^/# mlterm: /' "$TMP/mlterm.log" | tail -5
	sed 's/^/# Xvfb: /' "$TMP/xvfb.log" | tail -5
	sleep 1
done
echo "# mlterm's window after $((i / 10)).$((i % 10)) s"
check "mlterm runs under Xvfb" test -n "$geo"
if [ -z "$geo" ]; then
	kill -0 "$MPID" 2>/dev/null && echo "# mlterm runs, no window" ||
	    echo "# mlterm exited"
	sed 's/^/# mlterm: /' "$TMP/mlterm.log" | tail -20
fi
read -r ww wh <<<"${geo:-800 480}"
ch=$((wh / 24))
# Each row of the screenshot on its own, white on black made black on
# white and larger; the welcome's row is the first that reads the name,
# not the title bar's (which has a colon).
find_welcome() {
	local row text
	found="" got=""
	for row in $(seq 1 12); do
		convert "$TMP/screen.png" -crop "${ww}x${ch}+0+$((row * ch))" +repage \
		    -scale 300% -colorspace gray -negate "$TMP/row.png" 2>/dev/null
		text=$(tesseract "$TMP/row.png" - -l yid+eng --psm 7 2>/dev/null | nopoints)
		case "$text" in *Hackney*Social*)
			case "$text" in *:*) continue ;; esac
			found=$row got=$text
			return 0
			;;
		esac
	done
	return 1
}
# Let the kiosk draw its home screen: a loaded machine (the whole suite,
# a sanitizer's build) may take longer than the first look.
for try in $(seq 1 15); do
	sleep 2
	import -window root "$TMP/screen.png" 2>/dev/null || continue
	find_welcome && break
done
check "a screenshot" test -s "$TMP/screen.png"
echo "# want (logical): $want"
echo "# read on row $found: $got"
check "tesseract finds the welcome's row" test -n "$found"
# The words read that are words of the welcome, in the order read.
inorder() {
	perl -CSD -e '
	    my @want = split " ", $ARGV[0];
	    my %pos; @pos{@want} = 0 .. $#want;
	    my @got = grep { exists $pos{$_} } split /[\s.,]+/, $ARGV[1];
	    my @rev = grep { my $r = reverse $_; $r ne $_ && exists $pos{$r} }
	        split /[\s.,]+/, $ARGV[1];
	    my $ok = @got >= 3 && !@rev;
	    for my $i (1 .. $#got) { $ok = 0 if $pos{$got[$i]} <= $pos{$got[$i - 1]} }
	    print "# matched in order: @got; reversed: @rev\n";
	    exit($ok ? 0 : 1);' "$want" "$got"
}
check "its Yiddish words read in their logical order, none reversed" inorder
done_testing
