#!/usr/bin/env bash
# `make install` after a build with another PREFIX: the objects that hold
# the folders PREFIX names (where the program finds the bundled pack and
# the translations) are built again, and only when PREFIX changed. Builds
# those two objects into a folder of its own, not the tests' build.
. tests/lib.sh
if ! command -v make >/dev/null || ! command -v strings >/dev/null; then
	skip "make or strings is not installed"
	done_testing
	exit 0
fi
# Not the outer make's jobs or variables (make check SANITIZE=...).
unset MAKEFLAGS MFLAGS MAKELEVEL
B="$TMP/build"
cd "$TMP" || exit 1
TOP=$OLDPWD
objs() { make --no-print-directory -C "$TOP" BUILD="$B" "$@" "$B/tui/main.o" "$B/tui/i18n.o"; }

objs PREFIX=/opt/first >make1.out 2>&1 || { not_ok "build with PREFIX=/opt/first"; cat make1.out; done_testing; exit 1; }
check "the pack's folder follows PREFIX" sh -c 'strings "$1" | grep -qx /opt/first/share/outreach/packs/hackney' - "$B/tui/main.o"
check "so does the translations' folder" sh -c 'strings "$1" | grep -qx /opt/first/share/locale' - "$B/tui/i18n.o"
objs PREFIX=/opt/first >make2.out 2>&1
check "the same PREFIX builds nothing again" sh -c '! grep -q "CC" "$1"' - make2.out
objs PREFIX=/opt/second >make3.out 2>&1
check "another PREFIX builds both again" test "$(grep -c 'CC' make3.out)" -eq 2
check "the pack's folder follows the new PREFIX" sh -c 'strings "$1" | grep -qx /opt/second/share/outreach/packs/hackney' - "$B/tui/main.o"
check "and the translations' folder" sh -c 'strings "$1" | grep -qx /opt/second/share/locale' - "$B/tui/i18n.o"
objs PREFIX=/opt/second PKGDATADIR=/srv/outreach >make4.out 2>&1
check "PKGDATADIR alone counts too" sh -c 'strings "$1" | grep -qx /srv/outreach/packs/hackney' - "$B/tui/main.o"
make -n --no-print-directory -C "$TOP" BUILD="$B" >make5.out 2>&1
check "\`make\` alone still builds the program, not only the stamp" \
	grep -q -- "-o $B/outreach " make5.out
done_testing
