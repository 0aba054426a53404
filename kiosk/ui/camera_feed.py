"""The live camera for the capture screen: frames on a thread, the page found, the shutter.

:class:`CameraFeed` reads the :class:`~kiosk.hardware.camera.Camera` on its own thread (a
real camera blocks until its next frame), keeps the newest frame for the photo, hands every
frame to a :class:`~kiosk.ocr.worker.PreviewAnalyser` (page outline and sharpness, on the
analyser's thread) and sends a small copy to the screen. An
:class:`~kiosk.ocr.page.AutoShutter` watches the analyses: when the page has stayed still
and sharp for a moment, :attr:`CameraFeed.shutter` fires, as phone scanner apps do.

The GUI thread only receives signals; it never waits for the camera. The camera is opened
when the feed starts and released when it stops, so its light is off the rest of the time.
Frames stay in memory.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QImage

from kiosk.domain.errors import KioskError
from kiosk.hardware.camera import Camera, CameraError, Frame
from kiosk.ocr.page import AutoShutter, FrameAnalysis
from kiosk.ocr.worker import PreviewAnalyser
from kiosk.ui.crash import describe_crash

log = logging.getLogger("kiosk.ui")

# Frames per second asked of the camera at most (a file camera answers at once).
PREVIEW_FPS = 12.0
# Longest side of the copies sent to the screen, in pixels.
PREVIEW_SIDE = 960


def frame_image(frame: Frame, max_side: int = PREVIEW_SIDE) -> QImage:
    """A BGR frame as a QImage, shrunk by whole steps to about ``max_side`` (cheap)."""
    step = max(1, -(-max(frame.shape[:2]) // max_side))
    small = np.ascontiguousarray(frame[::step, ::step])
    height, width = small.shape[:2]
    image = QImage(small.data, width, height, small.strides[0], QImage.Format.Format_BGR888)
    return image.copy()  # the copy owns its pixels


def gray_image(page: np.ndarray) -> QImage:
    """A grey page as a QImage (its own copy of the pixels)."""
    page = np.ascontiguousarray(page)
    height, width = page.shape[:2]
    image = QImage(page.data, width, height, page.strides[0], QImage.Format.Format_Grayscale8)
    return image.copy()


class CameraFeed(QObject):
    """The camera, live, while the capture screen shows.

    Signals:
        preview(QImage, int, int): a small copy of the newest frame, with the frame's full
            width and height (to scale the outline).
        analysed(object, float): the newest :class:`~kiosk.ocr.page.FrameAnalysis` and how
            far the still run has got (0 to 1).
        shutter(): the page has been still and sharp long enough: take the photo now.
        failed(object): the camera could not be opened or stopped giving frames (a
            :class:`~kiosk.domain.errors.KioskError`).
    """

    preview = Signal(QImage, int, int)
    analysed = Signal(object, float)
    shutter = Signal()
    failed = Signal(object)
    _preview = Signal(int, QImage, int, int)
    _analysed = Signal(int, object, float, bool)
    _failed = Signal(int, object)

    def __init__(
        self,
        open_camera: Callable[[], Camera],
        *,
        fps: float = PREVIEW_FPS,
        shutter_factory: Callable[[], AutoShutter] = AutoShutter,
        parent: QObject | None = None,
    ) -> None:
        """Prepares the feed; the camera is opened by :meth:`start`.

        Args:
            open_camera: opens the camera (raises
                :class:`~kiosk.hardware.camera.CameraError`).
            fps: the most frames per second read.
            shutter_factory: makes the auto-shutter (its thresholds).
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._open_camera = open_camera
        self._interval = 1.0 / fps
        self._shutter_factory = shutter_factory
        self._lock = threading.Lock()
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._latest: Frame | None = None
        self._shutter: AutoShutter | None = None
        self._armed = True
        self._preview.connect(self._on_preview, Qt.ConnectionType.QueuedConnection)
        self._analysed.connect(self._on_analysed, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        """Whether the feed was started and not stopped."""
        return self._thread is not None

    def start(self) -> None:
        """Opens the camera and starts the live view (the previous run ends first)."""
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._latest = None
            self._armed = True
            previous = self._thread
        thread = threading.Thread(
            target=self._run, args=(generation, previous), name="camera", daemon=True
        )
        self._thread = thread
        thread.start()

    def stop(self) -> None:
        """Ends the live view and releases the camera (on the camera's thread); no wait."""
        with self._lock:
            self._generation += 1
            self._latest = None
        self._thread = None

    def wait_stopped(self, timeout: float = 5.0) -> None:
        """Waits for the camera thread to end (tests and shutdown only, never a screen)."""
        thread = self._thread
        self.stop()
        if thread is not None:
            thread.join(timeout)

    def take(self) -> Frame | None:
        """The newest frame (the photo), or None before the first; the shutter re-arms."""
        with self._lock:
            frame = self._latest
            self._armed = False
            if self._shutter is not None:
                self._shutter.reset()
        return frame

    def rearm(self) -> None:
        """Lets the auto-shutter fire again (for the next page)."""
        with self._lock:
            self._armed = True
            if self._shutter is not None:
                self._shutter.reset()

    # -- on the camera's thread ----------------------------------------------------------------

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _emit(self, signal: SignalInstance, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the feed was deleted meanwhile
            signal.emit(*args)

    def _run(self, generation: int, previous: threading.Thread | None) -> None:
        if previous is not None:
            previous.join()
        if not self._current(generation):
            return
        try:
            camera = self._open_camera()
        except KioskError as error:
            self._emit(self._failed, generation, error)
            return
        except Exception as error:
            log.error("the camera could not be opened\n%s", describe_crash(error))
            self._emit(self._failed, generation, CameraError("?", type(error).__name__))
            return
        shutter = self._shutter_factory()
        with self._lock:
            self._shutter = shutter
        analyser = PreviewAnalyser(lambda analysis: self._on_analysis(generation, analysis))
        try:
            self._loop(generation, camera, analyser)
        except KioskError as error:
            self._emit(self._failed, generation, error)
        except Exception as error:
            log.error("the camera stopped\n%s", describe_crash(error))
            self._emit(self._failed, generation, CameraError(camera.name, type(error).__name__))
        finally:
            analyser.close()
            camera.close()

    def _loop(self, generation: int, camera: Camera, analyser: PreviewAnalyser) -> None:
        while self._current(generation):
            started = time.monotonic()
            frame = camera.read()
            with self._lock:
                if generation != self._generation:
                    return
                self._latest = frame
            analyser.offer(frame)
            height, width = frame.shape[:2]
            self._emit(self._preview, generation, frame_image(frame), width, height)
            rest = self._interval - (time.monotonic() - started)
            if rest > 0:
                time.sleep(rest)

    def _on_analysis(self, generation: int, analysis: FrameAnalysis) -> None:
        """On the analyser's thread: feed the auto-shutter, report."""
        with self._lock:
            if generation != self._generation or self._shutter is None:
                return
            fire = self._shutter.update(analysis) and self._armed
            progress = self._shutter.progress
        self._emit(self._analysed, generation, analysis, progress, fire)

    # -- in the GUI thread ----------------------------------------------------------------------

    def _on_preview(self, generation: int, image: QImage, width: int, height: int) -> None:
        if generation == self._generation:
            self.preview.emit(image, width, height)

    def _on_analysed(
        self, generation: int, analysis: FrameAnalysis, progress: float, fire: bool
    ) -> None:
        if generation != self._generation:
            return
        self.analysed.emit(analysis, progress)
        if fire:
            self.shutter.emit()

    def _on_failed(self, generation: int, error: KioskError) -> None:
        if generation == self._generation:
            self._thread = None
            self.failed.emit(error)
