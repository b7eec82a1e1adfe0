#!/usr/bin/env python3
"""Checks PNG / animated PNG files written by polspec with Python's own zlib and struct.

For each file: the signature, every chunk's CRC-32, the IHDR fields (8-bit RGB, no interlace),
the APNG frame control sequence numbers and frame count, and that each frame's zlib stream
decompresses (zlib verifies the Adler-32) to exactly height * (1 + 3 * width) bytes with
valid filter types, which are then undone. Prints one line per file; exits 1 on any problem.

    python3 check_png.py FILE.png [FILE.png ...]
"""
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def unfilter(raw, width, height):
    stride = 3 * width
    out = bytearray(height * stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        if kind > 4:
            raise ValueError(f"row {y}: filter type {kind}")
        for i in range(stride):
            x = raw[y * (stride + 1) + 1 + i]
            a = out[y * stride + i - 3] if i >= 3 else 0
            b = out[(y - 1) * stride + i] if y > 0 else 0
            c = out[(y - 1) * stride + i - 3] if i >= 3 and y > 0 else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            out[y * stride + i] = (x + pred) & 0xFF
    return bytes(out)


def check(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("bad signature")
    chunks, p = [], 8
    while p < len(data):
        (n,) = struct.unpack(">I", data[p:p + 4])
        kind, body = data[p + 4:p + 8], data[p + 8:p + 8 + n]
        (crc,) = struct.unpack(">I", data[p + 8 + n:p + 12 + n])
        if crc != zlib.crc32(kind + body) & 0xFFFFFFFF:
            raise ValueError(f"{kind!r}: bad CRC")
        chunks.append((kind.decode(), body))
        p += 12 + n
    if chunks[0][0] != "IHDR" or chunks[-1][0] != "IEND":
        raise ValueError("IHDR must come first and IEND last")
    width, height, depth, colour, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if (depth, colour, comp, filt, interlace) != (8, 2, 0, 0, 0):
        raise ValueError("not 8-bit RGB without interlace")
    streams, sequence, declared = [], 0, None
    for kind, body in chunks:
        if kind == "acTL":
            declared = struct.unpack(">II", body)[0]
        elif kind == "fcTL":
            if struct.unpack(">I", body[:4])[0] != sequence:
                raise ValueError("fcTL out of sequence")
            sequence += 1
            streams.append(b"")
        elif kind == "IDAT":
            if not streams:
                streams.append(b"")
            streams[-1] += body
        elif kind == "fdAT":
            if struct.unpack(">I", body[:4])[0] != sequence:
                raise ValueError("fdAT out of sequence")
            sequence += 1
            streams[-1] += body[4:]
    if declared is not None and declared != len(streams):
        raise ValueError(f"acTL declares {declared} frames, found {len(streams)}")
    for k, stream in enumerate(streams):
        raw = zlib.decompress(stream)
        if len(raw) != height * (1 + 3 * width):
            raise ValueError(f"frame {k}: {len(raw)} bytes after inflate")
        unfilter(raw, width, height)
    return f"{path}: ok, {width}x{height}, {len(streams)} frame(s), {len(data)} bytes"


def main():
    failed = False
    for path in sys.argv[1:]:
        try:
            print(check(path))
        except Exception as error:  # report every file, then fail
            print(f"{path}: FAILED: {error}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
