"""Finding the page in a camera frame, measuring sharpness, and deciding when to capture.

Detection runs on a copy whose long side is :data:`DETECT_SIDE` pixels (about 15 ms on our
2-core machine): edges (Canny) then contours reduced to four corners; if that fails, the
page is taken as the bright region against the (dark) table (Otsu). The corners are scaled
back to the frame's pixels, ordered top-left, top-right, bottom-right, bottom-left as the
camera sees them.

Sharpness is the variance of the Laplacian measured on that small copy: downscaling averages
the sensor noise away, which otherwise makes the raw measure *rise* on blurred, noisy photos
(design/OCR.md). :class:`AutoShutter` fires once the page has stayed still for a number of
frames and the frame is as sharp as the recent ones, like phone scanner apps.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.ocr.image import Bgr, Gray, to_gray

DETECT_SIDE = 800
MIN_AREA_FRACTION = 0.04
"""A quadrilateral under this fraction of the frame is not taken for a page (ID cards held
at arm's length are 2-5 % of the frame: the card-framing mode asks for more)."""

MAX_AREA_FRACTION = 0.97
"""A "page" filling the whole frame cannot be told from the background (a flat scan is read
as a whole image instead)."""

Corners = npt.NDArray[np.float32]
"""Four (x, y) points, shape (4, 2): top-left, top-right, bottom-right, bottom-left."""


@dataclass(frozen=True, slots=True)
class PageQuad:
    """A page found in a frame.

    Attributes:
        corners: its corners in frame pixels (TL, TR, BR, BL as the camera sees them).
        area_fraction: its area over the frame's area.
        method: ``"edges"`` or ``"bright"``, how it was found.
    """

    corners: Corners
    area_fraction: float
    method: str

    def as_list(self) -> list[list[int]]:
        """Corners as integer ``[[x, y], ...]`` (the JSON form)."""
        return [[round(float(x)), round(float(y))] for x, y in self.corners]


@dataclass(frozen=True, slots=True)
class FrameAnalysis:
    """What one preview frame tells: the page (if any) and how sharp it is."""

    page: PageQuad | None
    sharpness: float
    width: int
    height: int


def _small(gray: Gray) -> tuple[Gray, float]:
    scale = DETECT_SIDE / max(gray.shape)
    if scale >= 1.0:
        return gray, 1.0
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8), scale


def order_corners(points: npt.NDArray[np.float32]) -> Corners:
    """Order four points TL, TR, BR, BL (clockwise in image coordinates, from top-left)."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen (y grows downwards)
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    return np.asarray(np.roll(pts, -start, axis=0), dtype=np.float32)


def _quad_ok(quad: npt.NDArray[np.float32], frame_area: float) -> bool:
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2).astype(np.float32)):
        return False
    area = cv2.contourArea(quad.reshape(-1, 1, 2))
    if area < MIN_AREA_FRACTION * frame_area:
        return False
    sides = [float(np.linalg.norm(quad[i] - quad[(i + 1) % 4])) for i in range(4)]
    if min(sides) < 0.15 * max(sides):
        return False
    for i in range(4):  # angles between 45 and 135 degrees
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        if abs(cos) > math.cos(math.radians(45)):
            return False
    return True


def _brightness_ok(small: Gray, quad: npt.NDArray[np.float32]) -> bool:
    """The inside must be brighter than a ring just outside (a page on a darker table)."""
    inside = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    ring = cv2.dilate(inside, np.ones((25, 25), np.uint8))
    ring[inside > 0] = 0
    if not ring.any():  # the quad fills the frame: nothing to compare, accept
        return True
    return float(cv2.mean(small, mask=inside)[0]) > float(cv2.mean(small, mask=ring)[0]) + 10


def _from_contours(binary: Gray, small: Gray, frame_area: float) -> npt.NDArray[np.float32] | None:
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        if cv2.contourArea(contour) < MIN_AREA_FRACTION * frame_area:
            break
        hull = cv2.convexHull(contour)
        perimeter = cv2.arcLength(hull, True)
        for epsilon in (0.02, 0.03, 0.05):
            approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
            if len(approx) == 4:
                quad = order_corners(approx.reshape(4, 2).astype(np.float32))
                if _quad_ok(quad, frame_area) and _brightness_ok(small, quad):
                    return quad
                break
    return None


def detect_page(image: Bgr | Gray) -> PageQuad | None:
    """The page in ``image``, or None if no plausible quadrilateral is found."""
    small, scale = _small(to_gray(image))
    frame_area = float(small.shape[0] * small.shape[1])
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    median = float(np.median(blurred))
    edges = cv2.Canny(blurred, max(10.0, 0.5 * median), min(255.0, 1.2 * median + 30))
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    quad = _from_contours(np.asarray(edges, dtype=np.uint8), small, frame_area)
    method = "edges"
    if quad is None:
        _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8))
        quad = _from_contours(np.asarray(bright, dtype=np.uint8), small, frame_area)
        method = "bright"
    if quad is None:
        return None
    fraction = float(cv2.contourArea(quad.reshape(-1, 1, 2))) / frame_area
    if fraction > MAX_AREA_FRACTION:  # the whole frame: nothing to tell a page from
        return None
    return PageQuad(np.asarray(quad / scale, dtype=np.float32), fraction, method)


def sharpness(image: Bgr | Gray) -> float:
    """Variance of the Laplacian on the :data:`DETECT_SIDE` copy (noise averaged away)."""
    small, _ = _small(to_gray(image))
    return float(cv2.Laplacian(small, cv2.CV_32F).var())


def analyse_frame(image: Bgr | Gray) -> FrameAnalysis:
    """Page and sharpness of one preview frame (a few tens of milliseconds)."""
    gray = to_gray(image)
    return FrameAnalysis(detect_page(gray), sharpness(gray), gray.shape[1], gray.shape[0])


class AutoShutter:
    """Decides when to capture: the page still for ``stable_frames`` frames, and sharp.

    Feed it every analysed preview frame; :meth:`update` returns True once, when the
    picture should be taken. It re-arms when the page leaves or moves.

    Args:
        stable_frames: consecutive frames the corners must stay within ``tolerance``.
        tolerance: allowed corner movement, as a fraction of the frame's diagonal.
        sharpness_ratio: the frame must be at least this fraction of the sharpest frame of
            the still run (a frame taken while the hand moves is softer).
        min_sharpness: absolute floor of the sharpness measure.
    """

    def __init__(
        self,
        stable_frames: int = 8,
        tolerance: float = 0.01,
        sharpness_ratio: float = 0.85,
        min_sharpness: float = 20.0,
    ) -> None:
        self.stable_frames = stable_frames
        self.tolerance = tolerance
        self.sharpness_ratio = sharpness_ratio
        self.min_sharpness = min_sharpness
        self._run: deque[FrameAnalysis] = deque(maxlen=stable_frames)
        self._fired = False

    @property
    def progress(self) -> float:
        """How far the still run has got, in [0, 1] (for a progress ring on screen)."""
        return 0.0 if self._fired else len(self._run) / self.stable_frames

    def reset(self) -> None:
        """Forget the run and re-arm (after a manual capture, or a new document)."""
        self._run.clear()
        self._fired = False

    def _still(self, previous: PageQuad, current: PageQuad, diagonal: float) -> bool:
        moved = np.linalg.norm(previous.corners - current.corners, axis=1).max()
        return float(moved) <= self.tolerance * diagonal

    def update(self, analysis: FrameAnalysis) -> bool:
        """Take one frame's analysis; True when the picture should be taken now."""
        page = analysis.page
        if page is None:
            self.reset()
            return False
        diagonal = math.hypot(analysis.width, analysis.height)
        if self._run:
            previous = self._run[0].page
            if previous is None or not self._still(previous, page, diagonal):
                self.reset()
        if self._fired:
            return False
        self._run.append(analysis)
        if len(self._run) < self.stable_frames:
            return False
        best = max(item.sharpness for item in self._run)
        if analysis.sharpness < max(self.min_sharpness, self.sharpness_ratio * best):
            return False
        self._fired = True
        return True
