#!/usr/bin/python3
"""Read screenshots with tesseract and score them against the text.

A kiosk screenshot has text in several colours on several backgrounds (the
blue header, a yellow selected line). Each character cell is made black
ink on white before OCR: the cell's background is its median grey, and a
pixel is ink when it differs from that by more than a third of the range.
The same is done to the reference that Chromium renders, so both are read
the same way.

    ocr.py text IMAGE LANG [CELLW CELLH]   the text tesseract reads
    ocr.py cer REFERENCE.txt TEXT.txt      character error rate, in %
"""
import os
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter

import numpy


def read_image(path):
    """An image as an H x W x 3 array of uint8 (PPM P6, else converted)."""
    if not path.endswith(".ppm"):
        fd, ppm = tempfile.mkstemp(suffix=".ppm")
        os.close(fd)
        subprocess.run(["convert", path, ppm], check=True)
        try:
            return read_image(ppm)
        finally:
            os.unlink(ppm)
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6":
        raise ValueError("%s: not a binary PPM" % path)
    w, h = int(fields[1]), int(fields[2])
    return numpy.frombuffer(data, numpy.uint8, w * h * 3, pos).reshape(h, w, 3)


def binarize(img, cw=12, ch=16, ox=0, oy=0):
    """
    Black ink on white: each cw x ch block against its median grey, the
    blocks on the terminal's cells (the first one starts at ox, oy), so
    that the edge of a coloured bar is no ink.
    """
    grey = img.astype(numpy.float32) @ numpy.array([0.299, 0.587, 0.114],
                                                   numpy.float32)
    h, w = grey.shape
    out = numpy.full((h, w), 255, numpy.uint8)
    for y in range(oy % ch - ch if oy % ch else 0, h, ch):
        for x in range(ox % cw - cw if ox % cw else 0, w, cw):
            y0, x0 = max(0, y), max(0, x)
            cell = grey[y0:y + ch, x0:x + cw]
            if cell.size == 0:
                continue
            bg = numpy.median(cell)
            ink = numpy.abs(cell - bg) > 80
            # A column of ink the cell's whole height is the edge of a
            # coloured bar, never a letter (lines are taller than glyphs).
            if cell.shape[0] == ch:
                ink[:, ink.all(axis=0)] = False
            out[y0:y + ch, x0:x + cw][ink] = 0
    return out


def write_pgm(path, grey):
    h, w = grey.shape
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        f.write(grey.tobytes())


def ocr(path, lang, cw=12, ch=16, ox=0, oy=0):
    """The text tesseract reads in an image, after binarize()."""
    fd, pgm = tempfile.mkstemp(suffix=".pgm")
    os.close(fd)
    try:
        write_pgm(pgm, binarize(read_image(path), cw, ch, ox, oy))
        r = subprocess.run(["tesseract", pgm, "-", "-l", lang, "--psm", "6"],
                           capture_output=True, text=True, check=True)
        return r.stdout
    finally:
        os.unlink(pgm)


BIDI_MARKS = dict.fromkeys([0x200e, 0x200f, 0x061c] + list(range(0x202a, 0x202f))
                           + list(range(0x2066, 0x206a)))


def words(text):
    """The runs of letters, digits and marks in text."""
    out, cur = [], []
    for c in text:
        if unicodedata.category(c)[0] in "LNM":
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def normalize(text):
    """The words of text (runs of letters, digits and marks), NFC."""
    text = unicodedata.normalize("NFC", text).translate(BIDI_MARKS)
    return words(text)


def distance(a, b):
    """Levenshtein distance between two strings."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1,
                           prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# The scripts each tesseract language reads (Unicode name prefixes).
SCRIPTS = {"eng": ("LATIN",), "tur": ("LATIN",), "ben": ("BENGALI",),
           "yid": ("HEBREW",)}


def readable(word, lang):
    """1 when every letter and mark of word is in a script lang reads
    (lang as tesseract takes it: "ben+eng")."""
    scripts = tuple(s for part in lang.split("+")
                    for s in SCRIPTS.get(part, ()))
    for c in word:
        cat = unicodedata.category(c)[0]
        name = unicodedata.name(c, "")
        if cat == "N" or (cat == "M" and name.startswith("COMBINING")):
            continue
        if not name.startswith(scripts):
            return False
    return True


def cer(reference, text, lang=None):
    """
    Character error rate of text against reference, in percent, over
    words only: the kiosk's arrows, bars, rules, bullets and punctuation,
    and whatever OCR makes of them, are not what a person reads. The words
    both have (as many times as both have them) are right wherever they
    are: the order in which OCR lists the runs of a line that mixes
    directions, or the parts of a screen, is no matter of legibility. The
    rest, each side's in sorted order, is compared letter by letter, so a
    word misread costs its wrong letters, and two words OCR ran together
    (or one it split) cost little more than the gap; each word keeps the
    order of its letters, so text drawn backwards still counts as wrong.
    With lang (tesseract's), only the reference's words in the scripts it
    reads are scored: a Bengali language name on an English screen is read
    by neither rendering's OCR, and is scored on the Bengali screens.
    """
    ref = Counter(w for w in normalize(reference)
                  if lang is None or readable(w, lang))
    hyp = Counter(normalize(text))
    both = ref & hyp
    left = " ".join(sorted((ref - both).elements()))
    right = " ".join(sorted((hyp - both).elements()))
    n = sum(len(w) + 1 for w in ref.elements()) - 1
    return 100.0 * distance(left, right) / max(1, n)


def main(argv):
    if len(argv) >= 4 and argv[1] == "text":
        cw, ch = (int(argv[4]), int(argv[5])) if len(argv) > 5 else (12, 16)
        sys.stdout.write(ocr(argv[2], argv[3], cw, ch))
        return 0
    if len(argv) == 4 and argv[1] == "cer":
        with open(argv[2], encoding="utf-8") as f:
            ref = f.read()
        with open(argv[3], encoding="utf-8") as f:
            hyp = f.read()
        print("%.1f" % cer(ref, hyp))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
