"""Small, real PNG images, made without an imaging library."""

from __future__ import annotations

import struct
import zlib


def solid_png(width: int, height: int, rgb: bytes) -> bytes:
    """A valid PNG of ``width`` x ``height`` pixels, every one the colour ``rgb`` (three bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def png(width: int = 4, height: int = 3, shade: int = 90) -> bytes:
    """A small PNG whose ``shade`` tells it apart from another (a changed figure is other bytes)."""
    return solid_png(width, height, bytes((shade, 120, 200)))
