"""Camera sources behind one small interface.

This is the only module that captures with OpenCV (``cv2.VideoCapture``); ``kiosk.ocr`` only
processes the frames it is given. Two sources speak the :class:`Camera` protocol:

- :class:`OpenCvCamera`: a USB or built-in camera, chosen by the technician by its index
  (:func:`list_cameras` probes the indices);
- :class:`FileCamera`: an image file, a folder of images or a video file, looping, used as a
  camera by the demo and the tests.

Frames are BGR ``uint8`` arrays of shape (height, width, 3). Frames stay in memory: nothing
here writes to the disk.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.domain.errors import UserFacingError

log = logging.getLogger(__name__)

Frame = npt.NDArray[np.uint8]
"""A BGR image, shape (height, width, 3)."""

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"})
VIDEO_SUFFIXES = frozenset({".mp4", ".avi", ".mkv", ".mov", ".webm", ".m4v"})
_MAX_FAILED_READS = 5


class CameraError(UserFacingError):
    """A camera could not be opened, or stopped giving frames.

    Attributes:
        source: the camera index or the file/folder it reads (never personal data).
        detail: a short technical reason for the log.
    """

    code = "camera_unavailable"

    def __init__(self, source: str, detail: str = "") -> None:
        super().__init__(f"camera {source!r} unavailable{': ' + detail if detail else ''}")
        self.source = source
        self.detail = detail


class Camera(Protocol):
    """A source of frames."""

    @property
    def name(self) -> str:
        """What the technician sees in the camera list."""
        ...

    def read(self) -> Frame:
        """The next frame (BGR).

        Raises:
            CameraError: the source gives no frame any more.
        """
        ...

    def close(self) -> None:
        """Release the device or file (idempotent)."""
        ...


@dataclass(frozen=True, slots=True)
class CameraInfo:
    """A camera found by :func:`list_cameras`."""

    index: int
    width: int
    height: int


class _Closing:
    """Context-manager support shared by the sources."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> _Closing:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _to_bgr(image: npt.NDArray[np.uint8]) -> Frame:
    if image.ndim == 2:
        return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    if image.shape[2] == 4:
        return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR))
    return image


class OpenCvCamera(_Closing):
    """A real camera through ``cv2.VideoCapture``.

    Args:
        index: the device index (``/dev/videoN`` on Linux).
        width: requested frame width, or None for the driver's default.
        height: requested frame height, or None.

    Raises:
        CameraError: the device cannot be opened.
    """

    def __init__(self, index: int, width: int | None = None, height: int | None = None) -> None:
        self._index = index
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            self._capture.release()
            raise CameraError(str(index), "cannot open device")
        if width is not None:
            self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        if height is not None:
            self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        self._capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a stale one
        self._failures = 0
        self._closed = False

    @property
    def name(self) -> str:
        """``"Caméra 0"`` and so on."""
        return f"Caméra {self._index}"

    def read(self) -> Frame:
        """The next frame from the device."""
        if self._closed:
            raise CameraError(str(self._index), "closed")
        while True:
            ok, frame = self._capture.read()
            if ok and frame is not None:
                self._failures = 0
                return _to_bgr(np.asarray(frame, dtype=np.uint8))
            self._failures += 1
            if self._failures >= _MAX_FAILED_READS:
                raise CameraError(str(self._index), "no frame")
            time.sleep(0.01)

    def close(self) -> None:
        """Release the device."""
        if not self._closed:
            self._closed = True
            self._capture.release()


def list_cameras(max_index: int = 8) -> list[CameraInfo]:
    """Probe device indices 0..max_index-1 and return those that give a frame."""
    found: list[CameraInfo] = []
    for index in range(max_index):
        capture = cv2.VideoCapture(index)
        try:
            if not capture.isOpened():
                continue
            ok, frame = capture.read()
            if ok and frame is not None:
                found.append(CameraInfo(index, int(frame.shape[1]), int(frame.shape[0])))
        finally:
            capture.release()
    return found


class FileCamera(_Closing):
    """An image file, a folder of images or a video file played as a camera, looping.

    Args:
        path: the file or folder.
        repeat: how many consecutive reads return each image (or video frame): a document
            held still for a while, so that auto-capture can trigger on it.
        fps: if given, :meth:`read` waits so that frames come at this rate, like a camera;
            if None, frames come as fast as they are asked for (tests).

    Raises:
        CameraError: the path does not exist, holds no readable image, or the video
            cannot be opened.
    """

    def __init__(self, path: Path, repeat: int = 1, fps: float | None = None) -> None:
        if repeat < 1:
            raise ValueError("repeat must be >= 1")
        self._path = path
        self._repeat = repeat
        self._interval = 0.0 if fps is None else 1.0 / fps
        self._last = 0.0
        self._closed = False
        self._video: cv2.VideoCapture | None = None
        self._images: list[Path] = []
        self._position = 0
        self._current: Frame | None = None
        self._served = 0
        if path.is_dir():
            self._images = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            if not self._images:
                raise CameraError(path.name, "no image in folder")
        elif path.suffix.lower() in VIDEO_SUFFIXES:
            self._video = cv2.VideoCapture(str(path))
            if not self._video.isOpened():
                self._video.release()
                raise CameraError(path.name, "cannot open video")
        elif path.is_file():
            self._images = [path]
        else:
            raise CameraError(path.name, "no such file")
        self._current = self._next_frame()

    @property
    def name(self) -> str:
        """The file or folder name."""
        return self._path.name

    def _next_image(self) -> Frame:
        for _ in range(len(self._images)):
            path = self._images[self._position % len(self._images)]
            self._position += 1
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is not None:
                return np.asarray(image, dtype=np.uint8)
            log.warning("FileCamera: unreadable image skipped (%s)", path.suffix)
        raise CameraError(self._path.name, "no readable image")

    def _next_video_frame(self, video: cv2.VideoCapture) -> Frame:
        ok, frame = video.read()
        if not ok or frame is None:
            video.set(cv2.CAP_PROP_POS_FRAMES, 0)  # loop
            ok, frame = video.read()
            if not ok or frame is None:
                raise CameraError(self._path.name, "video gives no frame")
        return _to_bgr(np.asarray(frame, dtype=np.uint8))

    def _next_frame(self) -> Frame:
        if self._video is not None:
            return self._next_video_frame(self._video)
        return self._next_image()

    def read(self) -> Frame:
        """The next frame: each image ``repeat`` times, then the next one, looping."""
        if self._closed:
            raise CameraError(self._path.name, "closed")
        if self._interval:
            wait = self._last + self._interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
        if self._current is None or self._served >= self._repeat:
            self._current = self._next_frame()
            self._served = 0
        self._served += 1
        return self._current.copy()

    def close(self) -> None:
        """Release the video, if any."""
        if not self._closed:
            self._closed = True
            if self._video is not None:
                self._video.release()


def frames(camera: Camera, count: int) -> Iterator[Frame]:
    """``count`` successive frames of ``camera`` (tests and the demo)."""
    for _ in range(count):
        yield camera.read()
