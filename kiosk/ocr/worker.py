"""Running the pipeline off the caller's thread, with futures and callbacks (no Qt).

The UI adapts these to signals: a callback runs on the worker thread, so a Qt adapter must
only post the result to the GUI thread (emit a signal), never touch widgets from it.

- :class:`OcrWorker` reads captured pages one at a time (tesseract already uses the cores).
- :class:`PreviewAnalyser` analyses preview frames (page + sharpness) for the live view and
  the auto-shutter; while it is busy, newer frames replace the waiting one, so the preview
  never queues up behind a slow frame.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from kiosk.ocr.page import FrameAnalysis, analyse_frame
from kiosk.ocr.pipeline import DocumentReading, read_document
from kiosk.ocr.twoddoc import CertificateStore

log = logging.getLogger(__name__)

Done = Callable[[DocumentReading | None, BaseException | None], None]
"""Called with (reading, None) on success or (None, error) on failure, on the worker thread."""


class OcrWorker:
    """Reads pages on one background thread.

    Args:
        store: the 2D-Doc certificates, passed to every reading.
        lang: tesseract language(s).
    """

    def __init__(self, store: CertificateStore | None = None, lang: str = "fra") -> None:
        self._store = store
        self._lang = lang
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr")

    def submit(
        self, image: bytes | npt.NDArray[np.uint8], done: Done | None = None
    ) -> Future[DocumentReading]:
        """Queue a page; returns at once. ``done`` is called when it is read (or failed)."""
        future = self._pool.submit(read_document, image, self._store, self._lang)
        if done is not None:
            future.add_done_callback(lambda f: _report(f, done))
        return future

    def close(self, wait: bool = True) -> None:
        """Stop taking pages; with ``wait``, finish those queued."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


def _report(future: Future[DocumentReading], done: Done) -> None:
    if future.cancelled():
        return
    error = future.exception()
    try:
        done(None if error is not None else future.result(), error)
    except Exception:  # a failing callback must not kill the worker thread silently
        log.exception("OCR callback failed")


class PreviewAnalyser:
    """Analyses preview frames on one thread, keeping only the newest frame waiting.

    Args:
        done: called with each frame's analysis, on the analyser's thread.
    """

    def __init__(self, done: Callable[[FrameAnalysis], None]) -> None:
        self._done = done
        self._lock = threading.Lock()
        self._waiting: npt.NDArray[np.uint8] | None = None
        self._busy = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview")
        self.dropped = 0

    def offer(self, frame: npt.NDArray[np.uint8]) -> None:
        """Give a frame; returns at once. A frame still waiting is replaced (dropped)."""
        with self._lock:
            if self._waiting is not None:
                self.dropped += 1
            self._waiting = frame
            if self._busy:
                return
            self._busy = True
        self._pool.submit(self._drain)

    def _drain(self) -> None:
        while True:
            with self._lock:
                frame, self._waiting = self._waiting, None
                if frame is None:
                    self._busy = False
                    return
            try:
                self._done(analyse_frame(frame))
            except Exception:
                log.exception("preview analysis failed")

    def close(self) -> None:
        """Stop analysing (frames still waiting are dropped)."""
        with self._lock:
            self._waiting = None
        self._pool.shutdown(wait=True)
