"""Straightening a page: perspective to a fixed resolution, even lighting, deskew, orientation.

- :func:`warp_page` maps the page's quadrilateral to a rectangle whose resolution depends on
  its format, guessed from the aspect ratio: A4-like pages at :data:`PAGE_DPI`, ID-1 cards
  at :data:`CARD_DPI` (their print is small). It never enlarges more than 1.5x nor shrinks
  below 0.75x (a card: not at all).
- :func:`flatten` divides by a background estimated on a quarter-size copy (a morphological
  closing there costs a few milliseconds instead of the ~120 ms at full size): shadows and
  lighting gradients go, the paper becomes white. Adaptive thresholding is *not* applied: it
  hurt tesseract on photos (design/OCR.md).
- :func:`orientation` tells how far the text is turned (0, 90, 180 or 270 degrees clockwise)
  without OCR: text lines run along the axis whose projection profile is the most
  contrasted, and Latin lines have more ink above their x-height band (capitals, accents,
  b d f h k l t) than below it (g j p q y). It takes 40-70 ms where tesseract's OSD took
  0.7-1.2 s and got a 180-degree page wrong at low resolution.
- :func:`deskew` corrects small angles (page not detected: flat scans, pages filling the frame).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.ocr.image import Gray
from kiosk.ocr.page import Corners

PAGE_DPI = 250
"""Resolution of A4-like pages after warping (tesseract ``fra`` is exact on clean pages at
200 dpi; the time of OCR grows with the pixel count)."""
CARD_DPI = 450
"""Resolution of ID-1 cards after warping."""
MAX_UPSCALE = 1.5
MIN_SCALE = 0.75
A4_LONG_INCH = 11.69
ID1_LONG_INCH = 3.370
_ORIENTATION_SIDE = 2000


@dataclass(frozen=True, slots=True)
class Orientation:
    """How the text of a page is turned.

    Attributes:
        degrees: clockwise rotation of the text: 0, 90, 180 or 270 (rotate the page by the
            opposite amount to read it).
        confidence: in [0, 1]; low when the page has little text.
    """

    degrees: int
    confidence: float


def page_format(width: float, height: float) -> str:
    """``"card"`` for ID-1 proportions (85.6 x 54 mm), else ``"page"``."""
    ratio = max(width, height) / max(1.0, min(width, height))
    return "card" if 1.50 <= ratio <= 1.70 else "page"


def target_size(width: float, height: float) -> tuple[int, int]:
    """Width and height in pixels of the warped page for a quadrilateral of that size."""
    long_side = max(width, height)
    if page_format(width, height) == "card":
        wanted = CARD_DPI * ID1_LONG_INCH
    else:
        wanted = PAGE_DPI * A4_LONG_INCH
    # Never shrink much: a page taken for a card (a misdetected corner changes the aspect)
    # would lose the resolution its text needs.
    floor = 1.0 if page_format(width, height) == "card" else MIN_SCALE
    scale = min(max(wanted / long_side, floor), MAX_UPSCALE)
    return max(1, round(width * scale)), max(1, round(height * scale))


def warp_page(gray: Gray, corners: Corners) -> Gray:
    """The page inside ``corners`` as an upright rectangle at the resolution of its format."""
    tl, tr, br, bl = corners.astype(np.float64)
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    out_w, out_h = target_size(float(width), float(height))
    target = np.array(
        [[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    scale = out_w / max(1.0, float(width))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    warped = cv2.warpPerspective(
        gray, matrix, (out_w, out_h), flags=interpolation, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(warped, dtype=np.uint8)


def fit_resolution(gray: Gray) -> Gray:
    """A whole image (no page found) scaled as a page of its own proportions."""
    height, width = gray.shape
    out_w, out_h = target_size(float(width), float(height))
    if (out_w, out_h) == (width, height):
        return gray
    interpolation = cv2.INTER_AREA if out_w < width else cv2.INTER_CUBIC
    return np.asarray(cv2.resize(gray, (out_w, out_h), interpolation=interpolation), np.uint8)


def flatten(gray: Gray) -> Gray:
    """Even the lighting: divide by the paper's brightness estimated on a 1/4 copy, stretch."""
    height, width = gray.shape
    small = cv2.resize(
        gray, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_AREA
    )
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), 3)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, np.maximum(background, 1), scale=255)
    # Stretch so that the darkest 1 % is black: blurred, grey text gets its contrast back.
    low = float(np.percentile(flat[::4, ::4], 1.0))
    if low < 200:
        flat = cv2.convertScaleAbs(
            flat, alpha=255.0 / (250.0 - low), beta=-low * 255.0 / (250.0 - low)
        )
    return np.asarray(flat, dtype=np.uint8)


def rotate(gray: Gray, degrees: int) -> Gray:
    """``gray`` turned counter-clockwise by ``degrees`` (a multiple of 90)."""
    turns = (degrees // 90) % 4
    if turns == 0:
        return gray
    codes = {1: cv2.ROTATE_90_COUNTERCLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_CLOCKWISE}
    return np.asarray(cv2.rotate(gray, codes[turns]), dtype=np.uint8)


def _ink(gray: Gray) -> npt.NDArray[np.uint8]:
    scale = min(1.0, _ORIENTATION_SIDE / max(gray.shape))
    small = (
        gray
        if scale == 1.0
        else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink, dtype=np.uint8)


def _line_contrast(ink: npt.NDArray[np.uint8]) -> float:
    """How peaked the row profile is (text lines and gaps alternate), over vertical strips.

    Each strip's squared coefficient of variation, weighted by the strip's ink: strips with
    little ink (margins, specks) do not count.
    """
    weighted = total_ink = 0.0
    for strip in np.array_split(ink, 6, axis=1):
        profile = strip.sum(axis=1, dtype=np.float64)
        ink_sum = float(profile.sum())
        if ink_sum <= 0:
            continue
        weighted += ink_sum * float(profile.var()) / float(profile.mean()) ** 2
        total_ink += ink_sum
    return weighted / max(total_ink, 1.0)


def _upright_votes(ink: npt.NDArray[np.uint8]) -> tuple[float, float]:
    """Ink above and below the x-height band of each text line (lines along x)."""
    width = ink.shape[1]
    smear = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, max(3, width // 60)), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    above = below = 0.0
    for x, y, w, h, _area in stats[1:count]:
        if w < 4 * h or h < 6 or w < width // 20:
            continue  # not a text line: a picture, a rule, a speck
        profile = ink[y : y + h, x : x + w].sum(axis=1, dtype=np.float64)
        core = np.nonzero(profile >= 0.5 * profile.max())[0]
        if len(core) < 2:
            continue
        top, bottom = int(core[0]), int(core[-1])
        above += float(profile[:top].sum())
        below += float(profile[bottom + 1 :].sum())
    return above, below


def orientation(gray: Gray) -> Orientation:
    """The clockwise turn of the text on ``gray`` (see the module's notes)."""
    ink = _ink(gray)
    margin = int(0.03 * min(ink.shape))  # the page's edge and what is left of the table
    ink = ink[margin : ink.shape[0] - margin, margin : ink.shape[1] - margin]
    horizontal = _line_contrast(ink)
    vertical = _line_contrast(np.ascontiguousarray(ink.T))
    sideways = vertical > horizontal
    lines = np.ascontiguousarray(np.rot90(ink)) if sideways else ink
    above, below = _upright_votes(lines)
    upright = above >= below
    # rot90 turned the image counter-clockwise: text upright there had been turned 90 degrees
    # clockwise on the page.
    turns = {(False, True): 0, (False, False): 180, (True, True): 90, (True, False): 270}
    degrees = turns[(sideways, upright)]
    axis = abs(horizontal - vertical) / max(horizontal, vertical, 1e-9)
    flip = abs(above - below) / max(above + below, 1.0)
    return Orientation(degrees, round(min(1.0, axis * 2) * min(1.0, flip * 3), 3))


def skew_angle(gray: Gray, max_degrees: float = 10.0) -> float:
    """The small angle (degrees, counter-clockwise positive) of the text lines."""
    ink = _ink(gray)
    width = ink.shape[1]
    smear = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, max(3, width // 50)), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    angles: list[float] = []
    weights: list[float] = []
    for index in range(1, count):
        x, y, w, h, _area = stats[index]
        if w < 5 * h or w < width // 15:
            continue
        points = np.column_stack(np.nonzero(labels[y : y + h, x : x + w] == index))[:, ::-1]
        vx, vy, _, _ = cv2.fitLine(points.astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        angle = math.degrees(math.atan2(-float(vy), float(vx)))
        angle = (angle + 90) % 180 - 90
        if abs(angle) <= max_degrees:
            angles.append(angle)
            weights.append(float(w))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median_index = int(np.searchsorted(cumulative, cumulative[-1] / 2))
    return float(np.asarray(angles)[order][median_index])


def deskew(gray: Gray, angle: float) -> Gray:
    """``gray`` rotated by ``-angle`` degrees about its centre (white fill)."""
    if abs(angle) < 0.3:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    rotated = cv2.warpAffine(
        gray,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )
    return np.asarray(rotated, dtype=np.uint8)
