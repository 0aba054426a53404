"""Finding and reading the MRZ in an image: OCR-B template matching, not tesseract.

Tesseract's ``eng`` model reads ``<`` as ``K`` (and the check digits cannot see it, both
being worth 0 modulo 10), confuses ``O`` and ``0``, and took 0.2-0.3 s per band
(design/OCR.md). The MRZ is printed in one known font at a fixed pitch, so it is read here
like a form: the band is found by morphology, its 2 or 3 lines are cut into cells at the
pitch measured from the glyphs, and each cell is compared with the OCR-B glyphs (rendered
from ``fonts-ocr-b``, sharp and blurred) by normalised correlation, choosing among the
characters the position allows (digits only in dates and check digits, letters in names).
A few milliseconds per band. The margin between the best and the second-best glyph gives
each character's confidence.

Without the OCR-B font the band is read by tesseract (``eng``, whitelist), the fallback.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from kiosk.ocr import mrz
from kiosk.ocr.image import Gray
from kiosk.ocr.recognise import MRZ_ALPHABET, read_line

log = logging.getLogger(__name__)

OCRB_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
_ANY = mrz.ALPHABET

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class MrzScan:
    """An MRZ read from an image.

    Attributes:
        reading: the parsed zone.
        confidences: per line, each character's confidence in [0, 1].
        box: (left, top, width, height) of the band in the image that was searched.
        upside_down: True if the band was read after a half turn.
        engine: ``"ocrb"`` (template matching) or ``"tesseract"``.
    """

    reading: mrz.MrzReading
    confidences: tuple[tuple[float, ...], ...]
    box: tuple[int, int, int, int]
    upside_down: bool
    engine: str

    def field_confidence(self, positions: list[tuple[int, int, int]]) -> float:
        """Lowest character confidence over ``(line, start, end)`` slices."""
        values = [c for line, start, end in positions for c in self.confidences[line][start:end]]
        return min(values) if values else 0.0


# --- templates ---------------------------------------------------------------------------


def _normalise(cells: Floats) -> Floats:
    flat = cells.reshape(cells.shape[0], -1).astype(np.float32)
    flat -= flat.mean(axis=1, keepdims=True)
    flat /= np.linalg.norm(flat, axis=1, keepdims=True) + 1e-6
    return flat


@dataclass(frozen=True, slots=True)
class _Geometry:
    """The normalised line: pitch ``PITCH`` pixels, cells ``width`` x ``height``, baseline
    ``below`` pixels above a cell's bottom, glyphs ``ratio`` pitches tall."""

    ratio: float

    @property
    def below(self) -> int:
        return round(0.12 * PITCH)

    @property
    def height(self) -> int:
        return round((self.ratio + 0.12) * PITCH) + self.below

    @property
    def width(self) -> int:
        return round(1.1 * PITCH)


PITCH = 20
_BLURS = (0.0, 1.0, 2.0, 3.0, 4.5)
_WEIGHTS = (0, 5, 9)  # stroke thickening, in pixels of the 5x rendering
"""Template blur levels, in pixels of the normalised line (a pitch is 20): a card photographed
at 100 dpi with a defocused lens is blurred by ~4 there."""


@functools.cache
def _templates(font_path: Path = OCRB_FONT) -> tuple[Floats, _Geometry]:
    """Normalised glyph cells of the MRZ alphabet, at each of :data:`_BLURS` (alphabet-major),
    and the cell geometry they were cut with."""
    scale = 5  # render large, then reduce: the anti-aliasing of a small rendering is poor
    probe = ImageFont.truetype(str(font_path), 100)
    size = round(100 * scale * PITCH / float(probe.getlength("<")))
    font = ImageFont.truetype(str(font_path), size)
    pitch = float(font.getlength("<"))
    ink_top = min(float(font.getbbox(c)[1]) for c in "0123456789HMK")
    baseline = float(font.getbbox("H")[3])
    geometry = _Geometry((baseline - ink_top) / pitch)
    width, height, below = (geometry.width * scale, geometry.height * scale, geometry.below * scale)
    cells: list[Floats] = []
    for char in _ANY:
        canvas = Image.new("L", (width, height), 0)
        origin = ((width - pitch) / 2, height - below - baseline)
        ImageDraw.Draw(canvas).text(origin, char, font=font, fill=255)
        glyph = np.asarray(canvas, dtype=np.uint8)
        for weight in _WEIGHTS:  # regular, and thickened as copies and ink spread print it
            inked = glyph if weight == 0 else cv2.dilate(glyph, np.ones((weight, weight), np.uint8))
            cell = cv2.resize(
                inked.astype(np.float32),
                (geometry.width, geometry.height),
                interpolation=cv2.INTER_AREA,
            )
            for sigma in _BLURS:
                blurred = cell if sigma == 0 else cv2.GaussianBlur(cell, (0, 0), sigma)
                cells.append(np.asarray(blurred, dtype=np.float32))
    return _normalise(np.stack(cells)), geometry


# --- locating the band -------------------------------------------------------------------


def find_bands(
    gray: Gray, limit: int = 6, min_width: float = 0.2
) -> list[tuple[npt.NDArray[np.float32], float]]:
    """Candidate MRZ bands: (4 corners in ``gray``'s pixels, score), best first.

    Boone's morphology, as in PassportEye: black top-hat, horizontal gradient, closing,
    Otsu, then wide boxes. The kernels suit a pitch of about 8-12 pixels, so it runs on
    copies whose long side is 1000 and 500 pixels (a passport page in a frame, a card
    filling it). Bands narrower than ``min_width`` of the image's width are ignored (on a
    straightened page the zone spans most of the width).
    """
    found: list[tuple[npt.NDArray[np.float32], float]] = []
    for side in (1000, 500):
        found.extend(_find_bands_at(gray, min(1.0, side / max(gray.shape)), min_width))
    found.sort(key=lambda item: -item[1])
    return found[:limit]


def _find_bands_at(
    gray: Gray, scale: float, min_width: float
) -> list[tuple[npt.NDArray[np.float32], float]]:
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    blackhat = cv2.morphologyEx(
        small, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 7))
    )
    gradient = np.abs(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1))
    peak = float(gradient.max()) or 1.0
    gradient = (gradient * (255.0 / peak)).astype(np.uint8)
    closed = cv2.morphologyEx(
        gradient, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 5))
    )
    _, binary = cv2.threshold(closed, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    binary = cv2.morphologyEx(
        binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (21, 11))
    )
    binary = cv2.erode(binary, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[tuple[npt.NDArray[np.float32], float]] = []
    for contour in contours:
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        long_side, short_side = max(w, h), min(w, h)
        if short_side < 4 or long_side < min_width * small.shape[1]:
            continue
        if not 3.0 <= long_side / short_side <= 90:
            continue
        fill = cv2.contourArea(contour) / (w * h + 1e-6)
        # A line or a block: keep room for the other lines of the zone above and below.
        grown = (w * 1.08 + 8, h * 5 + 6) if w >= h else (w * 5 + 6, h * 1.08 + 8)
        corners = cv2.boxPoints(((cx, cy), grown, angle)) / scale
        found.append((corners.astype(np.float32), long_side / max(small.shape) * fill))
    return found


BAND_MARGIN = 0.2
"""Each side of a band is pushed out by this fraction of its height: the morphology's box
can stop at the tops of the first line's glyphs, and an E without its top bar is an L."""


def _band_image(gray: Gray, corners: npt.NDArray[np.float32]) -> Gray:
    """The band, with a margin above and below, cut out and turned so that its long side is
    horizontal."""
    pts = corners.astype(np.float32)
    sides = [float(np.linalg.norm(pts[i] - pts[(i + 1) % 4])) for i in range(4)]
    short = 0 if sides[0] < sides[1] else 1  # pts[short] -> pts[short + 1] is a short side
    across = pts[(short + 1) % 4] - pts[short]
    push = across * BAND_MARGIN
    pts = pts.copy()
    pts[short] -= push
    pts[(short + 1) % 4] += push
    pts[(short + 2) % 4] += push
    pts[(short + 3) % 4] -= push
    sides = [float(np.linalg.norm(pts[i] - pts[(i + 1) % 4])) for i in range(4)]
    start = 0 if sides[0] >= sides[1] else 1
    pts = np.roll(pts, -start, axis=0)
    width, height = max(sides), min(sides)
    if pts[0][0] > pts[1][0]:  # keep left-to-right; a half turn is tried later anyway
        pts = np.roll(pts, 2, axis=0)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(pts, target)
    band = cv2.warpPerspective(
        gray,
        matrix,
        (int(width), int(height)),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    if pts[0][1] > pts[3][1]:  # the first side found was the bottom one
        band = cv2.rotate(band, cv2.ROTATE_180)
    return np.asarray(band, dtype=np.uint8)


# --- reading a band ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """A text line of a band: its rows, the extent of its glyphs, their centres and widths,
    and the bottoms of its letters and digits (x, y), which lie on the baseline."""

    top: int
    bottom: int
    first: float
    last: float
    centres: tuple[float, ...]
    widths: tuple[float, ...]
    feet: tuple[tuple[float, float], ...]

    def slope(self) -> float | None:
        """The baseline's slope, if its letters span most of the line."""
        xs = np.asarray([x for x, _ in self.feet])
        if len(xs) < 4 or np.ptp(xs) < 0.6 * (self.last - self.first):
            return None
        slope = float(np.polyfit(xs, np.asarray([y for _, y in self.feet]), 1)[0])
        return slope if abs(slope) < 0.05 else None

    def base(self, slope: float) -> float:
        """The baseline's height at x = 0 for a given slope."""
        if not self.feet:
            return float(self.bottom)
        return float(np.median([y - slope * x for x, y in self.feet]))


def _line(ink: npt.NDArray[np.uint8], top: int, bottom: int) -> _Line | None:
    height = bottom - top
    count, _, stats, centroids = cv2.connectedComponentsWithStats(
        np.ascontiguousarray(ink[top:bottom]), connectivity=8
    )
    # Glyphs: tall enough, and not hair-thin (what is left of a tilted frame or rule).
    glyphs = [
        i
        for i in range(1, count)
        if stats[i][3] >= 0.4 * height and stats[i][2] >= 0.2 * stats[i][3]
    ]
    if len(glyphs) < 5:
        return None
    # "<" is 0.82 of a digit's height and 0.89 of a letter's, its bottom above the baseline.
    tallest = max(stats[j][3] for j in glyphs)
    feet_all = [
        (float(centroids[i][0]), float(top + stats[i][1] + stats[i][3]))
        for i in glyphs
        if stats[i][3] >= 0.93 * tallest
    ]
    level = float(np.median([y for _, y in feet_all])) if feet_all else 0.0
    feet = tuple((x, y) for x, y in feet_all if y >= level - 0.05 * height)
    order = sorted(glyphs, key=lambda i: stats[i][0])
    return _Line(
        top,
        bottom,
        float(min(stats[i][0] for i in glyphs)),
        float(max(stats[i][0] + stats[i][2] for i in glyphs)),
        tuple(float(centroids[i][0]) for i in order),
        tuple(float(stats[i][2]) for i in order),
        feet,
    )


def _lines(ink: npt.NDArray[np.uint8]) -> list[_Line]:
    profile = ink.sum(axis=1).astype(np.float32)
    if profile.max() <= 0:
        return []
    rows = profile > 0.12 * profile.max()
    runs: list[tuple[int, int]] = []
    start = -1
    for index, on in enumerate([*rows.tolist(), False]):
        if on and start < 0:
            start = index
        elif not on and start >= 0:
            runs.append((start, index))
            start = -1
    # Widen each run to where the ink stops (the 12 % threshold cuts the glyphs' tips).
    faint = profile > 0.01 * profile.max()
    widened: list[tuple[int, int]] = []
    for index, (top, bottom) in enumerate(runs):
        floor = widened[-1][1] if widened else 0
        ceiling = runs[index + 1][0] if index + 1 < len(runs) else len(profile)
        while top > floor and faint[top - 1]:
            top -= 1
        while bottom < ceiling and faint[bottom]:
            bottom += 1
        widened.append((top, bottom))
    # Specks are dropped against the typical run, not the tallest one: a photo or a signature
    # under the zone makes a tall run that must not rule the zone's lines out.
    heights = [end - begin for begin, end in widened if end - begin >= 6]
    typical = float(np.median(heights)) if heights else 0.0
    lines = [
        _line(ink, top, bottom) for top, bottom in widened if bottom - top >= max(6, 0.5 * typical)
    ]
    return [line for line in lines if line is not None]


def _centres(line: _Line, count: int) -> tuple[float, float]:
    """First cell's centre and pitch of a line of ``count`` cells.

    The pitch comes from the zone's extent (fillers make every line full length); the
    glyph centres only refine the offset, by their median residual, so that broken or
    merged glyphs cannot tilt the fit.
    """
    pitch = (line.last - line.first) / (count - 0.32)
    start = line.first + 0.34 * pitch
    xs = np.asarray(
        [
            x
            for x, w in zip(line.centres, line.widths, strict=True)
            if 0.3 * pitch <= w <= 1.1 * pitch
        ]
    )
    if len(xs) >= max(3, count // 4):
        slots = np.round((xs - start) / pitch)
        residual = xs - (start + slots * pitch)
        keep = (slots >= 0) & (slots < count) & (np.abs(residual) < 0.3 * pitch)
        if keep.sum() >= 3:
            start += float(np.median(residual[keep]))
    return start, pitch


def _monospaced(line: _Line, count: int) -> bool:
    """Whether the line's glyphs sit on the grid of ``count`` cells across its extent, as an
    MRZ's do (most of them within a quarter of a pitch of a cell's centre)."""
    start, pitch = _centres(line, count)
    xs = np.asarray(
        [
            x
            for x, w in zip(line.centres, line.widths, strict=True)
            if 0.3 * pitch <= w <= 1.1 * pitch
        ]
    )
    if len(xs) < 8:
        return False
    residual = (xs - start) / pitch
    residual -= np.round(residual)
    return float((np.abs(residual) < 0.25).mean()) >= GRID_FIT


GRID_FIT = 0.6
"""Fraction of a zone line's glyphs that must sit on its cell grid."""


_SPEC = {
    mrz.TD3: ("A" * 44, "X" * 9 + "D" + "AAA" + "D" * 7 + "A" + "D" * 7 + "X" * 14 + "DD"),
    mrz.TD1: (
        "A" * 5 + "X" * 9 + "D" + "X" * 15,
        "D" * 7 + "A" + "D" * 7 + "AAA" + "X" * 11 + "D",
        "A" * 30,
    ),
    # The old card: administrative code = department (3, "2A"/"2B" in Corsica) + office (3);
    # number = issue year and month (4) + department (3) + 5 digits.
    mrz.FR_CNI: ("A" * 30 + "NNNDDD", "D" * 4 + "NNN" + "D" * 5 + "D" + "A" * 14 + "D" * 7 + "AD"),
}
_SETS = {"D": _DIGITS + "<", "A": _LETTERS, "X": _ANY, "N": _DIGITS + "AB<"}
_SHIFTS = (-2, -1, 0, 1, 2)  # pixels of the normalised line (a tenth of a pitch)


@functools.cache
def _masks(layout: str) -> tuple[npt.NDArray[np.bool_], ...]:
    """Per line, a (positions, alphabet) mask of the characters each position allows."""
    return tuple(
        np.asarray([[char in _SETS[kind] for char in _ANY] for kind in spec], dtype=np.bool_)
        for spec in _SPEC[layout]
    )


def _read_line(
    inverted: Floats, line: _Line, allowed: npt.NDArray[np.bool_], slope: float
) -> tuple[str, list[float], float]:
    """Text, per-character confidences and mean glyph score of one line.

    The line is mapped by one affine warp onto the templates' geometry (pitch ``PITCH``,
    baseline straight), then cut into cells by slicing, each tried at 5 small shifts.
    """
    count = allowed.shape[0]
    start, pitch = _centres(line, count)
    templates, geometry = _templates()
    scale = PITCH / pitch
    margin = PITCH
    base_v = geometry.height - geometry.below
    matrix = np.array(
        [
            [scale, 0, margin - scale * start],
            [-scale * slope, scale, base_v - scale * line.base(slope)],
        ],
        dtype=np.float32,
    )
    width = count * PITCH + 2 * margin
    strip = cv2.warpAffine(
        inverted,
        matrix,
        (width, geometry.height),
        flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    half = geometry.width // 2
    cells = [
        strip[
            :,
            margin + PITCH * i + shift - half : margin + PITCH * i + shift - half + geometry.width,
        ]
        for i in range(count)
        for shift in _SHIFTS
    ]
    scores = (
        (_normalise(np.stack(cells)) @ templates.T)
        .reshape(count, len(_SHIFTS), len(_ANY), -1)
        .max(axis=(1, 3))
    )
    scores = np.where(allowed, scores, -2.0)
    order = np.argsort(-scores, axis=1)
    best = scores[np.arange(count), order[:, 0]]
    runner_up = scores[np.arange(count), order[:, 1]]
    confidence = np.clip((best - 0.4) / 0.4, 0, 1) * np.clip((best - runner_up) / 0.08, 0, 1)
    text = "".join(_ANY[index] for index in order[:, 0])
    return text, [float(c) for c in confidence], float(best.mean())


def _plausible(lines: list[_Line], length: int, width: int) -> bool:
    """Lines of one zone: the same extent (fillers pad them), not cut by the band's edge, and
    the glyph size of ``length`` characters."""
    first = [line.first for line in lines]
    last = [line.last for line in lines]
    extent = max(last) - min(first)
    if min(first) < 2 or max(last) > width - 2:
        return False
    if max(first) - min(first) > 0.08 * extent or max(last) - min(last) > 0.08 * extent:
        return False
    pitch = extent / (length - 0.32)
    heights = [line.bottom - line.top for line in lines]
    return all(0.7 * pitch <= h <= 1.6 * pitch for h in heights)


def _without_rules(ink: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """``ink`` without long straight strokes: the page's edge, rules, the table beyond."""
    height, width = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(3, width // 8)), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(3, height // 2), 1), np.uint8))
    strokes = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    return np.asarray(np.where(strokes > 0, 0, ink), dtype=np.uint8)


def read_band(band: Gray) -> tuple[mrz.MrzReading, list[list[float]], float] | None:
    """Read an upright band holding the MRZ lines (and maybe other text around them).

    Every run of 2 or 3 lines that could be a zone of some layout is read; the best-scoring
    parse wins. Returns the reading, per-line character confidences and the mean glyph score.
    """
    height = band.shape[0]
    if height < 200:  # glyphs of at least ~25 pixels
        factor = 200 / height
        band = np.asarray(
            cv2.resize(band, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC),
            dtype=np.uint8,
        )
    _, ink = cv2.threshold(band, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = _without_rules(np.asarray(ink, dtype=np.uint8))
    lines = _lines(ink)
    inverted = 255.0 - band.astype(np.float32)
    best: tuple[mrz.MrzReading, list[list[float]], float] | None = None
    for layout, (line_count, length) in mrz.LAYOUTS.items():
        for first in range(len(lines) - line_count, -1, -1):  # the zone is at the bottom
            group = lines[first : first + line_count]
            if not _plausible(group, length, band.shape[1]):
                continue
            # Fillers pad every line to the same length: the zone's extent holds for each
            # line (a faint last "<" must not shift a line's pitch).
            left, right = min(line.first for line in group), max(line.last for line in group)
            group = [replace(line, first=left, last=right) for line in group]
            if not all(_monospaced(line, length) for line in group):
                continue  # prose in a proportional font: not worth reading glyph by glyph
            slopes = [slope for line in group if (slope := line.slope()) is not None]
            slope = float(np.median(slopes)) if slopes else 0.0  # the lines are parallel
            reads = [
                _read_line(inverted, line, mask, slope)
                for line, mask in zip(group, _masks(layout), strict=True)
            ]
            reading = mrz.parse([text for text, _, _ in reads])
            score = sum(read[2] for read in reads) / line_count
            if reading is not None and (best is None or score > best[2]):
                best = (reading, [read[1] for read in reads], score)
    return best


def read_mrz(gray: Gray, min_width: float = 0.2) -> MrzScan | None:
    """Find and read the MRZ in ``gray`` (a rectified page or a raw frame); None if none.

    ``min_width``: the zone's smallest width as a fraction of the image's (0.5 on a
    straightened page, less in a raw frame where the document may be small).

    Each candidate band is read upright and after a half turn. Readings whose check digits
    all pass come first, then the best glyph score; a clear valid reading stops the search.
    """
    if not OCRB_FONT.exists():
        return _read_mrz_tesseract(gray, min_width)
    candidates: list[tuple[bool, float, MrzScan]] = []
    seen: list[tuple[int, int, int, int]] = []
    for corners, _weight in find_bands(gray, min_width=min_width):
        left, top, width, height = cv2.boundingRect(corners.astype(np.int32))
        box = (int(left), int(top), int(width), int(height))
        # Only a box identical to one that held no zone is skipped: two boxes of nearly the
        # same place give crops a few pixels apart, and on a blurred band that can be the
        # difference between N and M, or between a zone found and none.
        if any(_overlap(box, other) > 0.97 for other in seen):
            continue
        upright = _band_image(gray, corners)
        parsed = False
        for upside_down in (False, True):
            band = cv2.rotate(upright, cv2.ROTATE_180) if upside_down else upright
            result = read_band(np.asarray(band, dtype=np.uint8))
            if result is None:
                continue
            parsed = True
            reading, confidences, score = result
            scan = MrzScan(reading, tuple(tuple(c) for c in confidences), box, upside_down, "ocrb")
            candidates.append((reading.valid, score, scan))
            if reading.valid and score >= 0.9:
                return scan
        if not parsed:
            seen.append(box)
    # A zone is taken when its check digits pass, or all but one of them with clear glyphs:
    # a zone with one wrong check digit must still be reported (as invalid), while text or
    # noise that happens to parse is dropped. A zone with two failures (a wrong check digit
    # and a misread, or two misreads) is taken only when its glyphs are clear and it has an
    # MRZ's shape: it tells the document's type and most of its fields, all shown invalid
    # where their check fails, for the user to correct.
    kept = [
        c
        for c in candidates
        if c[0]
        or (c[1] >= 0.6 and _failures(c[2]) <= 1)
        or (c[1] >= STRONG_SCORE and _failures(c[2]) == 2 and _well_formed(c[2].reading))
    ]
    if not kept:
        return None
    return max(kept, key=lambda c: (c[0], -_failures(c[2]), c[1]))[2]


STRONG_SCORE = 0.75
"""Mean glyph score above which a zone with two failed check digits is still reported."""


def _failures(scan: MrzScan) -> int:
    return sum(not ok for ok in scan.reading.checks.values())


def _well_formed(reading: mrz.MrzReading) -> bool:
    """The reading has an MRZ's fixed parts: a document code of its layout, a sex, a birth
    date that is a date, letters for nationality, and names."""
    code = reading.document_code
    if reading.layout == mrz.TD3 and not code.startswith("P"):
        return False
    if reading.layout == mrz.TD1 and not (
        code[0] in "ACI" and (code[1].isalpha() or code[1] == "<")
    ):
        return False
    birth = reading.fields.get("date_naissance")
    nationality = reading.fields.get("nationalite")
    surname = reading.fields.get("nom")
    return (
        reading.fields.get("sexe") is not None
        and reading.fields["sexe"].raw in "MF<"
        and birth is not None
        and birth.value != birth.raw  # parsed as a date
        and nationality is not None
        and nationality.raw.isalpha()
        and surname is not None
        and len(surname.value) >= 2
    )


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over union of two boxes."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    return inter / max(1, a[2] * a[3] + b[2] * b[3] - inter)


def _read_mrz_tesseract(gray: Gray, min_width: float) -> MrzScan | None:
    """The fallback without the OCR-B font: tesseract ``eng`` on each band, whitelisted."""
    for corners, _weight in find_bands(gray, min_width=min_width):
        upright = _band_image(gray, corners)
        for upside_down in (False, True):
            band = cv2.rotate(upright, cv2.ROTATE_180) if upside_down else upright
            text = read_line(np.asarray(band, dtype=np.uint8), "eng", MRZ_ALPHABET)
            lines = [line.text.replace(" ", "") for line in text.lines]
            lines = [line for line in lines if len(line) >= 28 and "<" in line]
            for layout, (count, length) in mrz.LAYOUTS.items():
                if len(lines) < count:
                    continue
                rows = [line[:length].ljust(length, "<") for line in lines[-count:]]
                reading = mrz.parse(rows)
                if reading is not None and reading.layout == layout:
                    confidences = tuple(
                        tuple(line.confidence for _ in range(length))
                        for line in text.lines[-count:]
                    )
                    x, y, w, h = cv2.boundingRect(corners.astype(np.int32))
                    return MrzScan(reading, confidences, (x, y, w, h), upside_down, "tesseract")
    return None
