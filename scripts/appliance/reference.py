#!/usr/bin/python3
"""Render a kiosk screen's text as its terminal shows it, with Chromium.

    reference.py LINES.txt OUT.png COLS ROWS FONT_PX CELL_PX LINE_PX [rtl]

Each line of LINES.txt is a row as tmux captures it with its attributes
(capture-pane -e -N: the program's text, right-to-left text in logical
order, and SGR colour sequences), the reference the VM test reads beside
the kiosk's screenshot. Each becomes one line of a page in the kiosk's
terminal's fonts, sizes and colours, a paragraph of its own in the
language's direction (left to right when it holds box drawing, as the
terminal does); headless Chromium takes the screenshot. So OCR compares
the terminal's rendering of the very same screen with Chromium's.
"""
import html
import os
import re
import subprocess
import sys
import tempfile

# The terminal's palette (mlterm's defaults; bold draws the bright one).
PALETTE = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd",
           "#00cdcd", "#e5e5e5", "#505050", "#ff0000", "#00ff00", "#ffff00",
           "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]
FG, BG = 7, 0           # white on black, as the kiosk's terminal is set


def colour(n):
    """Palette entry n: the 16 above, or the 256-colour grey ramp."""
    if n < 16:
        return PALETTE[n]
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def plain(line):
    """A captured row without its SGR sequences."""
    return SGR.sub("", line)


class Style:
    def __init__(self):
        self.fg = self.bg = None
        self.bold = self.reverse = self.underline = self.dim = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] \
            if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.__init__()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = c - 30
            elif c == 39:
                self.fg = None
            elif 40 <= c <= 47:
                self.bg = c - 40
            elif c == 49:
                self.bg = None
            elif 90 <= c <= 97:
                self.fg = c - 90 + 8
            elif 100 <= c <= 107:
                self.bg = c - 100 + 8
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                n = codes[i + 2] if codes[i + 2] < 16 or \
                    232 <= codes[i + 2] <= 255 else 7
                if c == 38:
                    self.fg = n
                else:
                    self.bg = n
                i += 2
            i += 1

    def css(self):
        fg = FG if self.fg is None else self.fg
        bg = BG if self.bg is None else self.bg
        if self.bold and fg < 8:
            fg += 8
        if self.reverse:
            fg, bg = bg, fg
        out = "color:%s;background:%s" % (colour(fg), colour(bg))
        if self.bold:
            out += ";font-weight:bold"
        if self.underline:
            out += ";text-decoration:underline"
        if self.dim:
            out += ";opacity:0.7"
        return out


def page(lines, font_px, cell_px, line_px, rtl):
    # Noto Sans Mono is 0.6 em wide: spaced to the terminal's cells.
    out = ["<!DOCTYPE html><meta charset='utf-8'><style>",
           "body{margin:2px;background:%s}" % PALETTE[BG],
           "div{white-space:pre;font-family:'Noto Sans Mono','Noto Sans "
           "Hebrew','Noto Sans Bengali',monospace;font-size:%dpx;"
           "letter-spacing:%.2fpx;line-height:%dpx;height:%dpx;"
           "unicode-bidi:isolate}"
           % (font_px, cell_px - 0.6 * font_px, line_px, line_px),
           ".r{direction:rtl;text-align:right}</style>"]
    style = Style()
    for line in lines:
        parts, pos = [], 0
        for m in SGR.finditer(line):
            if m.start() > pos:
                parts.append("<span style='%s'>%s</span>" % (
                    style.css(), html.escape(line[pos:m.start()])))
            style.apply(m.group(1))
            pos = m.end()
        if pos < len(line):
            parts.append("<span style='%s'>%s</span>" % (
                style.css(), html.escape(line[pos:])))
        box = any(0x2500 <= ord(c) <= 0x259f for c in plain(line))
        cls = " class='r'" if rtl and not box else ""
        out.append("<div%s>%s</div>" % (cls, "".join(parts) or "&nbsp;"))
    return "\n".join(out)


def render(lines, png, cols, rows, font_px, cell_px, line_px, rtl=False):
    """A PNG of lines at cell_px x line_px cells, border 2 pixels."""
    fd, path = tempfile.mkstemp(suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(page(lines, font_px, cell_px, line_px, rtl))
    width = cols * cell_px + 4
    try:
        subprocess.run(["chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--hide-scrollbars",
                        "--window-size=%d,%d" % (width, rows * line_px + 4),
                        "--screenshot=%s" % png, "file://" + path],
                       check=True, capture_output=True, timeout=120)
    finally:
        os.unlink(path)


def main(argv):
    if len(argv) < 8:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lines = f.read().splitlines()
    render(lines, argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
           int(argv[6]), int(argv[7]), len(argv) > 8 and argv[8] == "rtl")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
