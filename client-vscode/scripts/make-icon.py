#!/usr/bin/env python3
"""Draws the extension icon (images/icon.png, 128x128 RGBA) with the standard library only: a rounded dark-blue
tile, a white sheet of paper with text lines, and an orange citation bracket pair. Run: python3 scripts/make-icon.py"""
import os
import struct
import zlib

SIZE, SS = 128, 4  # output size, supersampling factor per axis


def rounded_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def colour_at(x, y):
    if not rounded_rect(x, y, 4, 4, 124, 124, 22):
        return None
    colour = (31, 58, 95)
    if rounded_rect(x, y, 30, 18, 86, 110, 6):  # the sheet
        colour = (250, 250, 247)
        for top in (34, 46, 58, 70, 82):  # text lines
            width = 44 if top != 82 else 28
            if 38 <= x <= 38 + width and top <= y <= top + 5:
                colour = (120, 132, 150)
    # citation brackets "[ ]" overlapping the sheet's lower right corner
    orange = (242, 140, 40)
    for (x0, x1, flip) in ((70, 92, False), (98, 120, True)):
        bar = (x0 + 4 <= x <= x0 + 11) if not flip else (x1 - 11 <= x <= x1 - 4)
        arm_x = (x0 + 4 <= x <= x1 - 4)
        if 70 <= y <= 112 and (bar or (arm_x and (70 <= y <= 77 or 105 <= y <= 112))):
            colour = orange
    return colour


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])
        for px in range(SIZE):
            acc = [0, 0, 0]
            covered = 0
            for sy in range(SS):
                for sx in range(SS):
                    c = colour_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    if c is not None:
                        covered += 1
                        for i in range(3):
                            acc[i] += c[i]
            if covered:
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, 255 * covered // (SS * SS)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def main():
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(render(), 9)) + chunk(b"IEND", b"")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "images", "icon.png")
    with open(out, "wb") as handle:
        handle.write(png)


if __name__ == "__main__":
    main()
