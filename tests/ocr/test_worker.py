"""The worker reads off the caller's thread; the preview analyser never queues frames up."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from kiosk.ocr import worker as worker_module
from kiosk.ocr.errors import UnreadableImage
from kiosk.ocr.page import FrameAnalysis
from kiosk.ocr.pipeline import DocumentReading
from kiosk.ocr.worker import OcrWorker, PreviewAnalyser


def test_submit_returns_at_once_and_calls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    caller = threading.get_ident()
    ran_on: list[int] = []

    def slow_read(image: bytes, store: object, lang: str) -> str:
        ran_on.append(threading.get_ident())
        release.wait(5)
        return "reading"

    monkeypatch.setattr(worker_module, "read_document", slow_read)
    worker = OcrWorker()
    got: list[tuple[object, object]] = []
    done = threading.Event()
    started = time.perf_counter()
    future = worker.submit(b"image", lambda r, e: (got.append((r, e)), done.set()))
    assert time.perf_counter() - started < 0.1  # the caller is not blocked
    assert not future.done()
    release.set()
    assert done.wait(5)
    assert got == [("reading", None)]
    assert ran_on and ran_on[0] != caller
    worker.close()


def test_errors_reach_the_callback() -> None:
    worker = OcrWorker()
    got: list[tuple[DocumentReading | None, BaseException | None]] = []
    done = threading.Event()
    worker.submit(b"not an image", lambda r, e: (got.append((r, e)), done.set()))
    assert done.wait(10)
    reading, error = got[0]
    assert reading is None and isinstance(error, UnreadableImage)
    worker.close()


def test_preview_keeps_only_the_newest_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    seen: list[int] = []

    def slow_analyse(frame: np.ndarray) -> FrameAnalysis:
        gate.wait(5)
        return FrameAnalysis(None, float(frame[0, 0]), 1, 1)

    monkeypatch.setattr(worker_module, "analyse_frame", slow_analyse)
    finished = threading.Event()

    def done(analysis: FrameAnalysis) -> None:
        seen.append(int(analysis.sharpness))
        if analysis.sharpness == 9:
            finished.set()

    analyser = PreviewAnalyser(done)
    for value in range(10):
        analyser.offer(np.full((4, 4), value, np.uint8))
    gate.set()
    assert finished.wait(5)
    analyser.close()
    assert seen[-1] == 9
    assert len(seen) < 10 and analyser.dropped > 0
