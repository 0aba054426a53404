"""Reading one captured page: from image bytes (or a frame) to typed, checked fields.

:func:`read_document` is plain synchronous code (``kiosk.ocr.worker`` runs it off the GUI
thread). Steps, each timed: decode -> find the page -> straighten (warp, even lighting,
orientation) -> in parallel: the page's text (tesseract, one process per band and core),
the MRZ (template matching) and the 2D-Doc (zxing-cpp on the raw frame) -> classify ->
extract, normalise and validate the fields of the type. Nothing is written anywhere: the
image, the text and the values stay in memory, and the log gets counts and timings only.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from kiosk.domain.documents import IDENTITY_TYPES, DocumentType
from kiosk.ocr import rectify
from kiosk.ocr.classify import classify
from kiosk.ocr.extract import EXTRACTORS, avis_2ddoc_fields, avis_ocr_fields, identity_fields
from kiosk.ocr.fields import FieldReading, TextIndex, fold
from kiosk.ocr.image import Gray, as_frame, decode_image, to_gray
from kiosk.ocr.mrzread import MrzScan, read_mrz
from kiosk.ocr.page import PageQuad, detect_page, sharpness
from kiosk.ocr.recognise import OcrText, recognise
from kiosk.ocr.twoddoc import CertificateStore, TwoDDoc, read_2ddoc

log = logging.getLogger(__name__)

T = TypeVar("T")

EMPTY_INK = 0.002
"""Below this fraction of dark pixels a page is taken as blank."""
DARK_FRAME = 110
"""Median grey level under which a frame without a page is taken for no document at all."""
LOW_DPI_LONG_SIDE = 2000
"""A detected A4-like page narrower than this (in frame pixels) is below ~170 dpi."""


@dataclass(frozen=True, slots=True)
class PageInfo:
    """Where the page was found in the frame."""

    detected: bool
    corners: list[list[int]] | None = None


@dataclass(slots=True)
class DocumentReading:
    """Everything read from one page.

    Attributes:
        type: the document type (``autre`` when unsure).
        type_confidence: in [0, 1].
        fields: canonical field name -> reading (only fields actually read).
        page: the page's corners in the frame, if found.
        timings_ms: milliseconds per step, and ``total``. MRZ, 2D-Doc and text run in
            parallel: ``mrz``, ``2ddoc`` and ``ocr`` are the successive waits for each.
        image: the straightened page (grey levels) for the review screen; memory only.
        problems: codes of what went wrong or looks doubtful (``"no_page"``,
            ``"empty_page"``, ``"low_resolution"``, ``"blurry"``, ``"no_text"``), for the UI to
            word; a reading with problems is still shown for confirmation, never filed.
        orientation: clockwise turn of the page as captured (0, 90, 180, 270).
    """

    type: DocumentType
    type_confidence: float
    fields: dict[str, FieldReading]
    page: PageInfo
    timings_ms: dict[str, int]
    image: Gray | None = None
    problems: list[str] = field(default_factory=list)
    orientation: int = 0


class _Clock:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, int] = {}

    def add(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0) + round((now - since) * 1000)
        return now

    def total(self) -> dict[str, int]:
        self.timings["total"] = round((time.perf_counter() - self.started) * 1000)
        return self.timings


def _straighten(gray: Gray, page: PageQuad | None) -> Gray:
    if page is not None:
        return rectify.warp_page(gray, page.corners)
    fitted = rectify.fit_resolution(gray)
    return rectify.deskew(fitted, rectify.skew_angle(fitted))


def _timed(clock: _Clock, name: str, future: Future[T]) -> T:
    since = time.perf_counter()
    try:
        return future.result()
    finally:
        clock.add(name, since)


def read_document(
    image: bytes | npt.NDArray[np.uint8],
    store: CertificateStore | None = None,
    lang: str = "fra",
    workers: int | None = None,
) -> DocumentReading:
    """Read one page: find it, straighten it, recognise, classify, extract and check fields.

    Args:
        image: an image file's bytes, or a frame (BGR or grey ``uint8`` array).
        store: the 2D-Doc certificates the station has (None: none, "non vérifié").
        lang: tesseract language(s) of the page's text.
        workers: parallel tesseract processes (default: cores, max 2).

    Raises:
        UnreadableImage, TruncatedImage, ImageTooSmall, ImageTooLarge: bad input.
        OcrEngineMissing, OcrEngineFailed: tesseract is absent or failed.
    """
    clock = _Clock()
    since = clock.started
    frame = decode_image(image) if isinstance(image, bytes) else as_frame(image)
    gray = to_gray(frame)
    since = clock.add("decode", since)
    page = detect_page(gray)
    since = clock.add("detect", since)
    problems: list[str] = []
    if page is None:
        problems.append("no_page")
    elif max(
        float(np.ptp(page.corners[:, 0])), float(np.ptp(page.corners[:, 1]))
    ) < LOW_DPI_LONG_SIDE * (0.29 if rectify.page_format(*_size(page)) == "card" else 1.0):
        problems.append("low_resolution")
    warped = _straighten(gray, page)
    straight = rectify.flatten(warped)
    turn = rectify.orientation(straight)
    straight = rectify.rotate(straight, turn.degrees)
    since = clock.add("rectify", since)

    ink = _ink_fraction(straight)
    # No page found and a dark frame: a table, a room, a hand. Tesseract would spend seconds
    # on its texture for nothing (the MRZ and 2D-Doc are still looked for).
    paper = page is not None or float(np.median(gray[::8, ::8])) >= DARK_FRAME
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="ocr-page") as pool:
        twoddoc_job = pool.submit(_find_2ddoc, gray, warped, store)
        mrz_job = pool.submit(read_mrz, straight, 0.25)
        text_job = (
            None
            if ink < EMPTY_INK or not paper
            else pool.submit(recognise, straight, lang, _dpi(straight), workers)
        )
        scan: MrzScan | None = _timed(clock, "mrz", mrz_job)
        document: TwoDDoc | None = _timed(clock, "2ddoc", twoddoc_job)
        text = OcrText(()) if text_job is None else _timed(clock, "ocr", text_job)
    if ink < EMPTY_INK:
        problems.append("empty_page")
    elif turn.confidence < 0.3 and scan is None and text.lines and text.mean_confidence < 0.6:
        since = time.perf_counter()
        flipped = rectify.rotate(straight, 180)
        second = recognise(flipped, lang, _dpi(flipped), workers)
        if second.mean_confidence > text.mean_confidence + 0.1:
            text, straight, turn = (
                second,
                flipped,
                rectify.Orientation((turn.degrees + 180) % 360, 0.0),
            )
        clock.add("ocr", since)
    if scan is None and page is None:
        scan = read_mrz(gray)  # no page found: look for the zone in the whole frame
    since = time.perf_counter()
    index = TextIndex(text)
    folded = "\n".join(index.folded)
    kind = classify(folded, scan, document)
    fields = _fields(kind.type, index, scan, document)
    clock.add("classify", since)
    if not text.lines and scan is None and "empty_page" not in problems:
        problems.append("no_text")
    if sharpness(straight) < 15 and "empty_page" not in problems:
        problems.append("blurry")
    timings = clock.total()
    log.debug(
        "page read: type=%s (%.2f), %d fields, %d ms, problems=%s",
        kind.type.value,
        kind.confidence,
        len(fields),
        timings["total"],
        problems,
    )
    return DocumentReading(
        kind.type,
        kind.confidence,
        fields,
        PageInfo(page is not None, page.as_list() if page else None),
        timings,
        straight,
        problems,
        turn.degrees,
    )


def _find_2ddoc(gray: Gray, warped: Gray, store: CertificateStore | None) -> TwoDDoc | None:
    """The 2D-Doc: a fast pass on the frame (40-60 ms), then a thorough one on the page
    (~200 ms; the straightened page decodes where the frame's perspective defeats zxing)."""
    return read_2ddoc(gray, store) or read_2ddoc(warped, store, thorough=True)


def _ink_fraction(straight: Gray) -> float:
    """Dark pixels inside the page, its edges (and what is left of the table) excluded."""
    height, width = straight.shape
    margin_y, margin_x = height // 30, width // 30
    inner = straight[margin_y : height - margin_y, margin_x : width - margin_x]
    return float((inner < 128).mean()) if inner.size else 0.0


def _size(page: PageQuad) -> tuple[float, float]:
    tl, tr, _br, bl = page.corners
    return float(np.linalg.norm(tr - tl)), float(np.linalg.norm(bl - tl))


def _dpi(straight: Gray) -> int:
    height, width = straight.shape
    if rectify.page_format(width, height) == "card":
        return int(max(height, width) / rectify.ID1_LONG_INCH + 0.5)
    return int(max(height, width) / rectify.A4_LONG_INCH + 0.5)


def _fields(
    kind: DocumentType, index: TextIndex, scan: MrzScan | None, document: TwoDDoc | None
) -> dict[str, FieldReading]:
    if kind in IDENTITY_TYPES:
        return identity_fields(scan, index) if scan is not None else {}
    if kind == DocumentType.AVIS_IMPOSITION:
        ocr = avis_ocr_fields(index)
        if document is not None:
            return {**ocr, **avis_2ddoc_fields(document, ocr)}
        return ocr
    extractor = EXTRACTORS.get(kind.value)
    return extractor(index) if extractor is not None else {}


__all__ = ["DocumentReading", "FieldReading", "PageInfo", "fold", "read_document"]
