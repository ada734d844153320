#!/usr/bin/python3
"""Render lines of text as the kiosk's terminal shows them, with Chromium.

    reference.py LINES.txt OUT.png COLS ROWS FONT_PX LINE_PX [rtl]

Each line of LINES.txt (as the program sends it, right-to-left text in
logical order) becomes one line of a page, in the same fonts and sizes as
the kiosk's terminal, each line a paragraph of its own in the language's
direction (left to right when it holds box drawing, as the terminal does),
black on white; headless Chromium takes the screenshot.
"""
import html
import os
import subprocess
import sys
import tempfile


def page(lines, font_px, line_px, rtl):
    out = ["<!DOCTYPE html><meta charset='utf-8'><style>",
           "body{margin:0;background:#fff;color:#000}",
           "div{white-space:pre;font-family:'Noto Sans Mono','Noto Sans "
           "Hebrew','Noto Sans Bengali',monospace;font-size:%dpx;"
           "line-height:%dpx;height:%dpx;unicode-bidi:isolate}"
           % (font_px, line_px, line_px),
           ".r{direction:rtl;text-align:left}</style>"]
    for line in lines:
        box = any(0x2500 <= ord(c) <= 0x259f for c in line)
        cls = " class='r'" if rtl and not box else ""
        out.append("<div%s>%s</div>" % (cls, html.escape(line) or "&nbsp;"))
    return "\n".join(out)


def render(lines, png, cols, rows, font_px, line_px, rtl=False):
    fd, path = tempfile.mkstemp(suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(page(lines, font_px, line_px, rtl))
    width = int(cols * font_px * 0.6) + 8
    try:
        subprocess.run(["chromium", "--headless", "--no-sandbox",
                        "--disable-gpu", "--hide-scrollbars",
                        "--window-size=%d,%d" % (width, rows * line_px),
                        "--screenshot=%s" % png, "file://" + path],
                       check=True, capture_output=True, timeout=120)
    finally:
        os.unlink(path)


def main(argv):
    if len(argv) < 7:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lines = f.read().splitlines()
    render(lines, argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
           int(argv[6]), len(argv) > 7 and argv[7] == "rtl")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
