"""Draw the demo report's figures as small PNG files, with the standard library only.

Run ``python demo/make_figures.py`` to regenerate ``demo/reports/figures/*.png``. The
pictures are simple diagrams and charts: enough for the demo page to show real images.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

Color = tuple[int, int, int]

WHITE: Color = (255, 255, 255)
GREY: Color = (200, 204, 210)
INK: Color = (52, 58, 64)
BLUE: Color = (63, 81, 181)
ORANGE: Color = (245, 124, 0)
GREEN: Color = (56, 142, 60)
TEAL: Color = (0, 137, 123)

FIGURES = Path(__file__).parent / "reports" / "figures"


class Canvas:
    """An RGB image that can draw rectangles and lines, then save itself as PNG."""

    def __init__(self, width: int, height: int, background: Color = WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = [[background] * width for _ in range(height)]

    def rect(self, x: int, y: int, w: int, h: int, color: Color, *, fill: bool = True) -> None:
        for row in range(max(y, 0), min(y + h, self.height)):
            for col in range(max(x, 0), min(x + w, self.width)):
                edge = row in (y, y + h - 1) or col in (x, x + w - 1)
                if fill or edge:
                    self.pixels[row][col] = color

    def line(self, x0: int, y0: int, x1: int, y1: int, color: Color, width: int = 2) -> None:
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for step in range(steps + 1):
            x = round(x0 + (x1 - x0) * step / steps)
            y = round(y0 + (y1 - y0) * step / steps)
            self.rect(x - width // 2, y - width // 2, width, width, color)

    def save(self, path: Path) -> None:
        raw = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in self.pixels)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        chunks = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _axes(canvas: Canvas) -> None:
    canvas.line(30, 10, 30, canvas.height - 20, INK)
    canvas.line(30, canvas.height - 20, canvas.width - 10, canvas.height - 20, INK)


def loss_curves() -> Canvas:
    """Training and validation loss falling over 30 epochs."""
    canvas = Canvas(320, 180)
    _axes(canvas)
    for color, floor, noise in ((BLUE, 0.15, 0.0), (ORANGE, 0.28, 0.04)):
        points = [
            (32 + epoch * 9, round(160 - 130 * (floor + (1 - floor) * math.exp(-epoch / 6) + noise * math.sin(epoch))))
            for epoch in range(31)
        ]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            canvas.line(x0, y0, x1, y1, color)
    return canvas


def sweep() -> Canvas:
    """Validation accuracy of eight sweep runs as bars."""
    canvas = Canvas(320, 180)
    _axes(canvas)
    for index, accuracy in enumerate((0.71, 0.78, 0.83, 0.80, 0.88, 0.91, 0.86, 0.89)):
        height = round(140 * accuracy)
        canvas.rect(40 + index * 34, 160 - height, 24, height, GREEN if accuracy == 0.91 else TEAL)
    return canvas


def bucket() -> Canvas:
    """A bucket browser: folders on the left, a grid of image files on the right."""
    canvas = Canvas(320, 180, (245, 246, 248))
    for row in range(5):
        canvas.rect(10, 14 + row * 30, 80, 20, ORANGE if row == 0 else GREY)
    for row in range(4):
        for col in range(6):
            canvas.rect(104 + col * 35, 14 + row * 40, 28, 30, GREEN if (row + col) % 3 else TEAL)
    return canvas


def registry() -> Canvas:
    """Five model versions in a registry, the newest one tagged as production."""
    canvas = Canvas(320, 180, (245, 246, 248))
    for index in range(5):
        y = 14 + index * 32
        canvas.rect(14, y, 292, 24, WHITE)
        canvas.rect(14, y, 292, 24, GREY, fill=False)
        canvas.rect(22, y + 7, 40 + index * 18, 10, BLUE)
        if index == 4:
            canvas.rect(250, y + 5, 48, 14, GREEN)
    return canvas


def overview() -> Canvas:
    """The project's pipeline: code -> CI -> image -> training -> registry -> API -> users."""
    canvas = Canvas(360, 200)
    boxes = [(10, 20), (130, 20), (250, 20), (250, 120), (130, 120), (10, 120)]
    colors = [INK, BLUE, TEAL, ORANGE, GREEN, BLUE]
    for (x, y), color in zip(boxes, colors):
        canvas.rect(x, y, 100, 50, color)
        canvas.rect(x + 10, y + 20, 80, 10, WHITE)
    for (x0, y0), (x1, y1) in zip(boxes, boxes[1:]):
        if y0 == y1:
            start, end = (x0 + 100, y0 + 25), (x1, y1 + 25)
            if x1 < x0:
                start, end = (x0, y0 + 25), (x1 + 100, y1 + 25)
        else:
            start, end = (x0 + 50, y0 + 50), (x1 + 50, y1)
        canvas.line(*start, *end, INK, width=3)
    return canvas


def main() -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    for name, draw in {
        "loss-curves": loss_curves,
        "sweep": sweep,
        "bucket": bucket,
        "registry": registry,
        "overview": overview,
    }.items():
        draw().save(FIGURES / f"{name}.png")


if __name__ == "__main__":
    main()
