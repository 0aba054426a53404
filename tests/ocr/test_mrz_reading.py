"""The OCR-B reader on hard zones: tight band boxes, tall neighbours, two failed checks."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.ocr import mrz, mrzread
from kiosk.ocr.mrzread import BAND_MARGIN, OCRB_FONT, read_mrz

# A TD1 card zone whose document number has one character misread (7 for T): the number's
# check digit and the composite both fail.
MISREAD = [
    "IRFRAU771929209<<<<<<<<<<<<<<<",
    "5511145M2005010TUN<<<<<<<<<<<1",
    "COULIBALY<<MEHMET<SAMIR<<<<<<<",
]


def _zone(lines: list[str], dpi: int = 300) -> np.ndarray:
    """The lines printed in OCR-B at 10 characters per inch on a white card."""
    pitch = dpi / 10
    font = ImageFont.truetype(str(OCRB_FONT), round(pitch / 0.7229))
    width = int(pitch * (len(lines[0]) + 4))
    image = Image.new("L", (width, int(pitch * 2 * (len(lines) + 3))), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            draw.text((2 * pitch + column * pitch, (3 + row * 1.65) * pitch), char, font=font)
    return np.asarray(image, dtype=np.uint8)


def test_band_is_cut_with_a_margin_above_and_below() -> None:
    gray = np.full((400, 1000), 255, np.uint8)
    corners = np.array([[100, 150], [900, 150], [900, 250], [100, 250]], np.float32)
    band = mrzread._band_image(gray, corners)
    assert band.shape[1] >= 799
    assert band.shape[0] >= round(100 * (1 + 2 * BAND_MARGIN)) - 1


def test_zone_lines_found_above_a_tall_block() -> None:
    ink = np.zeros((260, 800), np.uint8)
    for top in (20, 70):  # two lines of 36 glyphs, 28 rows tall
        for column in range(36):
            ink[top : top + 28, 20 + 21 * column : 34 + 21 * column] = 1
    ink[110:250, 300:700:9] = 1  # a photo or signature: one tall run of thin strokes
    lines = mrzread._lines(ink)
    assert [line.top for line in lines][:2] == [20, 70]


def test_zone_with_two_failed_checks_still_read_and_shown_invalid() -> None:
    scan = read_mrz(_zone(MISREAD))
    assert scan is not None
    reading = scan.reading
    assert reading.lines == tuple(MISREAD)
    assert not reading.valid
    assert not reading.checks["numero_document"] and not reading.checks["composite"]
    assert reading.fields["numero_document"].valid is False
    assert mrz.document_type(reading) == "titre_sejour"


def test_noise_shaped_like_a_zone_is_not_read() -> None:
    # The letters of a zone in scrambled order: no date, no sex, no document code.
    scrambled = ["".join(sorted(line, reverse=True)) for line in MISREAD]
    assert read_mrz(_zone(scrambled)) is None


def test_monospaced_tells_a_zone_line_from_prose() -> None:
    def line(centres: list[float]) -> mrzread._Line:
        return mrzread._Line(
            0, 30, centres[0] - 7, centres[-1] + 7, tuple(centres), (14.0,) * len(centres), ()
        )

    grid = [20.0 + 21 * i for i in range(30)]
    assert mrzread._monospaced(line(grid), 30)
    # the same number of glyphs at proportional widths: off the grid
    widths = random.Random(1)
    prose, x = [], 20.0
    for _ in range(30):
        prose.append(x)
        x += widths.uniform(8, 34)
    assert not mrzread._monospaced(line(prose), 30)
