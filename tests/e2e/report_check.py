"""Checks a report folder (tests/e2e/report_test.sh): every expected figure
is a valid PNG of plausible size that is not blank, every SVG is well-formed
XML, and index.html references each.

usage: report_check.py DIR NAME...
"""
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def png_pixels(path):
    """Width, height and RGBA rows of an 8-bit RGBA or RGB PNG (as cairo writes)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    pos, idat, w = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]:
            raise ValueError(f"bad CRC in chunk {kind!r}")
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"unexpected depth {depth} / colour type {colour}")
            bpp = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    folder, names = sys.argv[1], sys.argv[2:]
    html = open(f"{folder}/index.html", encoding="utf-8").read()
    for name in names:
        w, h, bpp, rows = png_pixels(f"{folder}/{name}.png")
        if not (400 <= w <= 4000 and 100 <= h <= 4000):
            sys.exit(f"{name}.png: implausible size {w}x{h}")
        colours, ink = set(), 0
        for row in rows[::2]:
            for x in range(0, w * bpp, bpp * 2):
                px = row[x:x + 3]
                colours.add(px)
                ink += px != b"\xff\xff\xff"
        share = ink / (len(rows[::2]) * len(range(0, w * bpp, bpp * 2)))
        if len(colours) < 8 or not 0.01 < share < 0.9:
            sys.exit(f"{name}.png: blank or flat ({len(colours)} colours, {share:.3f} not white)")
        root = ET.parse(f"{folder}/{name}.svg").getroot()
        if not root.tag.endswith("svg"):
            sys.exit(f"{name}.svg: root element is {root.tag}")
        for ref in (f'src="{name}.png"', f'href="{name}.svg"'):
            if ref not in html:
                sys.exit(f"index.html does not reference {ref}")
        print(f"{name}: {w}x{h}, {len(colours)} colours, {share:.3f} ink")


main()
