"""Text recognition with the tesseract program, entirely in memory.

pytesseract is not used: every one of its calls goes through ``pytesseract.save()``, which
writes the image to a ``NamedTemporaryFile`` (and tesseract's output to another), and
plaintext of a document must never touch the disk. Tesseract reads the image from its
standard input when given ``stdin`` as the input name and writes TSV on its standard output
when given ``stdout``; the image goes over the pipe as binary PGM (no compression work), which
leptonica decodes from memory. This module is the only one that runs tesseract.

``OMP_THREAD_LIMIT=1`` is set for every call: OpenMP in tesseract made a page 6x slower on
our 2-core machine (design/OCR.md). Instead a page is cut into horizontal bands at blank rows
and the bands are read by parallel processes, one per core.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.logs import log_payload
from kiosk.ocr.errors import OcrEngineFailed, OcrEngineMissing
from kiosk.ocr.image import Gray

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 60.0
MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

Box = tuple[int, int, int, int]
"""(left, top, width, height) in pixels of the image that was read."""


@dataclass(frozen=True, slots=True)
class Word:
    """One word read by tesseract.

    Attributes:
        text: the word.
        confidence: tesseract's confidence, in [0, 1].
        box: where it is.
        line: a key shared by the words of one text line.
    """

    text: str
    confidence: float
    box: Box
    line: tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class TextLine:
    """The words of one text line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(word.text for word in self.words)

    @property
    def box(self) -> Box:
        """The box around all the words."""
        return union_box([word.box for word in self.words])

    @property
    def confidence(self) -> float:
        """The lowest word confidence of the line."""
        return min(word.confidence for word in self.words)


@dataclass(frozen=True, slots=True)
class OcrText:
    """The text of a page: its words, grouped in lines, in reading order."""

    lines: tuple[TextLine, ...]

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word, in reading order."""
        return tuple(word for line in self.lines for word in line.words)

    @property
    def text(self) -> str:
        """One line of text per line."""
        return "\n".join(line.text for line in self.lines)

    @property
    def mean_confidence(self) -> float:
        """Mean word confidence weighted by word length (0 with no word)."""
        words = self.words
        total = sum(len(word.text) for word in words)
        if not total:
            return 0.0
        return sum(word.confidence * len(word.text) for word in words) / total


def union_box(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all ``boxes``."""
    left = min(box[0] for box in boxes)
    top = min(box[1] for box in boxes)
    right = max(box[0] + box[2] for box in boxes)
    bottom = max(box[1] + box[3] for box in boxes)
    return left, top, right - left, bottom - top


@functools.cache
def _tesseract() -> str:
    path = shutil.which("tesseract")
    if path is None:
        raise OcrEngineMissing("tesseract")
    return path


def run_tesseract(
    image: Gray,
    lang: str = "fra",
    psm: int = 3,
    dpi: int | None = None,
    whitelist: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> str:
    """Run tesseract on ``image`` and return its TSV output.

    Raises:
        OcrEngineMissing: no tesseract program, or no model for ``lang``.
        OcrEngineFailed: tesseract stopped with an error or ran past ``timeout_s``.
    """
    ok, encoded = cv2.imencode(".pgm", image)
    if not ok:
        raise OcrEngineFailed(None)
    payload = encoded.tobytes()
    log_payload(log, "OCR image", payload)
    command = [_tesseract(), "stdin", "stdout", "-l", lang, "--psm", str(psm)]
    if dpi is not None:
        command += ["--dpi", str(dpi)]
    if whitelist is not None:
        command += ["-c", f"tessedit_char_whitelist={whitelist}"]
    command.append("tsv")
    environment = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command,
            input=payload,
            capture_output=True,
            env=environment,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrEngineFailed(None, timed_out=True) from exc
    except OSError as exc:
        raise OcrEngineMissing("tesseract") from exc
    if done.returncode != 0:
        if b"Failed loading language" in done.stderr or b"Error opening data file" in done.stderr:
            raise OcrEngineMissing(lang)
        raise OcrEngineFailed(done.returncode)
    return done.stdout.decode("utf-8", errors="replace")


def parse_tsv(tsv: str, offset: tuple[int, int] = (0, 0), band: int = 0) -> list[TextLine]:
    """The lines of tesseract's TSV output; boxes shifted by ``offset`` (x, y)."""
    lines: dict[tuple[int, int, int, int], list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", 11)
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        try:
            block, par, line = int(cells[2]), int(cells[3]), int(cells[4])
            left, top, width, height = (int(value) for value in cells[6:10])
            confidence = max(0.0, min(1.0, float(cells[10]) / 100.0))
        except ValueError:
            continue
        key = (band, block, par, line)
        box = (left + offset[0], top + offset[1], width, height)
        lines.setdefault(key, []).append(Word(text, confidence, box, key))
    return [TextLine(tuple(words)) for words in lines.values()]


def band_cuts(image: Gray, bands: int) -> list[int]:
    """Rows where ``image`` may be cut into ``bands`` bands without cutting a text line.

    Each cut is the middle of the longest blank run within an eighth of the page around the
    ideal cut; with no blank row there, no cut is made.
    """
    height = image.shape[0]
    if bands < 2 or height < 400:
        return []
    ink = (image < 128).sum(axis=1)
    margin = max(1, image.shape[1] // 200)  # a speck or the page edge is not text
    blank = ink <= margin
    cuts: list[int] = []
    for index in range(1, bands):
        ideal = height * index // bands
        low, high = ideal - height // 8, ideal + height // 8
        best_length, best_row, run_start = 0, -1, -1
        for row in range(low, high + 1):
            if blank[row]:
                run_start = row if run_start < 0 else run_start
                if row - run_start + 1 > best_length:
                    best_length, best_row = row - run_start + 1, (run_start + row) // 2
            else:
                run_start = -1
        if best_length >= 3:
            cuts.append(best_row)
    return cuts


def recognise(
    image: Gray,
    lang: str = "fra",
    dpi: int | None = None,
    workers: int | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> OcrText:
    """Read the text of a page (automatic layout, ``--psm 3``).

    Args:
        image: the page, upright, grey levels.
        lang: tesseract language(s), e.g. ``"fra"`` or ``"fra+eng"``.
        dpi: the page's resolution if known (spares tesseract its guess).
        workers: parallel tesseract processes (bands); default: the number of cores, max 2.
        timeout_s: per process.
    """
    started = time.perf_counter()
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    cuts = band_cuts(image, count)
    edges = [0, *cuts, image.shape[0]]
    pieces = [(image[top:bottom], top) for top, bottom in itertools.pairwise(edges)]

    def read(index: int) -> list[TextLine]:
        piece, top = pieces[index]
        tsv = run_tesseract(np.ascontiguousarray(piece), lang, 3, dpi, None, timeout_s)
        return parse_tsv(tsv, (0, top), index)

    if len(pieces) == 1:
        lines = read(0)
    else:
        with ThreadPoolExecutor(max_workers=len(pieces), thread_name_prefix="tesseract") as pool:
            lines = [line for part in pool.map(read, range(len(pieces))) for line in part]
    log.debug(
        "OCR: %d bands, %d lines, %.0f ms",
        len(pieces),
        len(lines),
        (time.perf_counter() - started) * 1000,
    )
    return OcrText(tuple(lines))


def read_line(
    image: Gray,
    lang: str = "eng",
    whitelist: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    psm: int = 6,
) -> OcrText:
    """Read a small crop holding one or a few lines of text as a uniform block (``--psm 6``)."""
    return OcrText(tuple(parse_tsv(run_tesseract(image, lang, psm, None, whitelist, timeout_s))))
