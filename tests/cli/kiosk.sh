#!/usr/bin/env bash
# The venue laptop's kiosk from the command line: `outreach kiosk
# enable|disable|status` on a Debian tree (--root, as an image is built),
# the session's files as the package installs them, and --bidi.
. tests/lib.sh
R=$TMP/root
K=scripts/deb/kiosk

"$OUTREACH" --bidi sideways --help >/dev/null 2>&1
check "--bidi takes program or terminal only (wrong usage)" test $? -eq 2
OUTREACH_BIDI=upside "$OUTREACH" --plain </dev/null >/dev/null 2>&1
check "so does \$OUTREACH_BIDI" test $? -eq 2
"$OUTREACH" --help | grep -q -- "--bidi MODE" && ok "--help describes --bidi" || not_ok "--help describes --bidi"
"$OUTREACH" --help | grep -q "kiosk enable|disable|status" && ok "--help lists the kiosk command" || not_ok "--help lists the kiosk command"
"$OUTREACH" kiosk sideways >/dev/null 2>&1
check "an unknown kiosk verb is wrong usage" test $? -eq 2

if ! command -v systemctl >/dev/null 2>&1; then
	skip "no systemctl here: kiosk enable/disable not tried"
	done_testing
	exit
fi
mkdir -p "$R/lib/systemd/system" "$R/var/lib/outreach"
out=$("$OUTREACH" kiosk enable --root "$R" 2>&1); rc=$?
check "enable without the session installed fails" test "$rc" -eq 1
case "$out" in *"not installed"*"Debian package"*) ok "and says to install the package" ;; *) not_ok "not installed message (got: $out)" ;; esac
cp "$K"/*.service "$R/lib/systemd/system/"
out=$("$OUTREACH" kiosk enable --root "$R" 2>&1); rc=$?
check "enable without Xorg and mlterm fails" test "$rc" -eq 1
case "$out" in *"mlterm"*"fonts-noto-core"*"--console"*) ok "and names the packages, or --console" ;; *) not_ok "missing packages message (got: $out)" ;; esac
check "and changes nothing" test ! -e "$R/etc"
# The graphical session's needs, as files.
for f in /usr/lib/xorg/Xorg /usr/bin/xinit /usr/bin/xdpyinfo /usr/bin/mlterm \
    /usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf \
    /usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf; do
	mkdir -p "$R$(dirname "$f")"
	: >"$R$f"
done
out=$("$OUTREACH" kiosk enable --root "$R" 2>&1); rc=$?
check "enable on a tree with the session's needs" test "$rc" -eq 0
case "$out" in *"No facilitator PIN is set yet"*) ok "it says the kiosk will ask for a PIN" ;; *) not_ok "PIN note (got: $out)" ;; esac
check "the kiosk starts at boot" test -L "$R/etc/systemd/system/multi-user.target.wants/outreach-kiosk.service"
check "Ctrl-Alt-Del is masked" test "$(readlink "$R/etc/systemd/system/ctrl-alt-del.target")" = /dev/null
check "no login prompt on tty1" test "$(readlink "$R/etc/systemd/system/getty@tty1.service")" = /dev/null
check "SysRq off" test "$(readlink "$R/etc/sysctl.d/90-outreach-kiosk.conf")" = /usr/share/outreach/kiosk/sysctl.conf
check "logind: no other consoles, the power key shuts down" test "$(readlink "$R/etc/systemd/logind.conf.d/90-outreach-kiosk.conf")" = /usr/share/outreach/kiosk/logind.conf
grep -q "^kernel.sysrq = 0" "$K/sysctl.conf" && ok "sysctl.conf turns SysRq off" || not_ok "sysctl.conf turns SysRq off"
grep -q "^NAutoVTs=0" "$K/logind.conf" && grep -q "^HandlePowerKey=poweroff" "$K/logind.conf" && ok "logind.conf: NAutoVTs=0, HandlePowerKey=poweroff" || not_ok "logind.conf settings"
out=$("$OUTREACH" kiosk status --root "$R")
case "$out" in *"enabled (graphical"*"SysRq keys off:             yes"*"Ctrl-Alt-Del does nothing:  yes"*"Login prompts:              none"*"Power key shuts down:       yes"*"not set"*"nothing more"*) ok "status says all of it" ;; *) not_ok "status (got: $out)" ;; esac
printf 'x' >"$R/var/lib/outreach/pin"
"$OUTREACH" kiosk status --root "$R" | grep -q "Facilitator PIN:            set" && ok "status sees a PIN set" || not_ok "status sees a PIN set"
out=$("$OUTREACH" kiosk enable --console --root "$R" 2>&1); rc=$?
check "enable --console" test "$rc" -eq 0
check "the console session replaces the graphical one" test -L "$R/etc/systemd/system/multi-user.target.wants/outreach-kiosk-console.service" -a ! -e "$R/etc/systemd/system/multi-user.target.wants/outreach-kiosk.service"
"$OUTREACH" kiosk status --root "$R" | grep -q "enabled (text console)" && ok "status: text console" || not_ok "status: text console"
out=$("$OUTREACH" kiosk disable --root "$R" 2>&1); rc=$?
check "disable" test "$rc" -eq 0
left=$(find "$R/etc" \( -type l -o -type f \) 2>/dev/null)
check "disable leaves nothing of the kiosk in /etc ($left)" test -z "$left"
"$OUTREACH" kiosk status --root "$R" | grep -q "^Kiosk:                      disabled" && ok "status: disabled" || not_ok "status: disabled"
if [ "$(id -u)" -ne 0 ]; then
	"$OUTREACH" kiosk enable >/dev/null 2>&1
	check "enable on the running system needs root" test $? -eq 1
fi

# The session's files.
grep -q "^Restart=always" "$K/outreach-kiosk.service" && grep -q "^StartLimitIntervalSec=0" "$K/outreach-kiosk.service" && ok "the session restarts at once, for ever" || not_ok "Restart=always"
grep -q '"DontVTSwitch" "true"' "$K/xorg.conf" && grep -q '"DontZap" "true"' "$K/xorg.conf" && grep -q '"BlankTime" "0"' "$K/xorg.conf" && ok "Xorg: no VT switch, no zap, no blanking" || not_ok "xorg.conf"
grep -q "runuser -u outreach" "$K/kiosk-terminal" && ok "the terminal runs as the user outreach" || not_ok "runs as outreach"
grep -q -- "--appliance --bidi terminal" "$K/kiosk-loop" && ok "the kiosk in it asks for a PIN first and sends logical order" || not_ok "kiosk-loop options"
for f in OPEN_SCREEN OPEN_PTY CLOSE_SCREEN INSERT_SELECTION PAGE_UP RESET EXIT_PROGRAM; do
	grep -q "^UNUSED = $f$" "$K/mlterm/key" || not_ok "mlterm shortcut $f is off"
done
grep -q "^Control+Button1 = UNUSED" "$K/mlterm/key" && grep -q "^Control+Button3 = UNUSED" "$K/mlterm/key" && ok "mlterm's shortcuts and menus are off" || not_ok "mlterm menus off"
grep -q "^use_ot_layout = true" "$K/mlterm/main" && grep -q "^log_size = 0" "$K/mlterm/main" && ok "mlterm shapes with OpenType, keeps no scrollback" || not_ok "mlterm main"
sh -n "$K/kiosk-session" && sh -n "$K/kiosk-terminal" && sh -n "$K/kiosk-loop" && ok "the session scripts parse" || not_ok "session scripts parse"
done_testing
