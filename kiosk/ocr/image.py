"""Decoding image bytes into a frame, with the checks that turn bad input into typed errors.

Everything happens in memory. Pillow reads the header only (format and size, no pixels) so
that absurd sizes are refused before any decoding; OpenCV then decodes, at a reduced scale
for very large images (JPEG decodes directly at 1/2, 1/4 or 1/8).
"""

from __future__ import annotations

import io
import warnings

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, UnidentifiedImageError

from kiosk.ocr.errors import ImageTooLarge, ImageTooSmall, TruncatedImage, UnreadableImage

Gray = npt.NDArray[np.uint8]
"""A grey-level image, shape (height, width)."""
Bgr = npt.NDArray[np.uint8]
"""A colour image in OpenCV's order, shape (height, width, 3)."""

MIN_SIDE = 120
"""Smallest accepted side in pixels: below it no line of text can be read."""
MAX_PIXELS = 150_000_000
"""Largest accepted pixel count (memory guard); larger images are refused."""
MAX_SIDE = 4800
"""Images whose long side exceeds this are decoded or resized down to about it."""

_REDUCED = (
    (8, cv2.IMREAD_REDUCED_COLOR_8),
    (4, cv2.IMREAD_REDUCED_COLOR_4),
    (2, cv2.IMREAD_REDUCED_COLOR_2),
)


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageTooLarge(width, height, MAX_PIXELS)
    if min(width, height) < MIN_SIDE:
        raise ImageTooSmall(width, height, MIN_SIDE)


def _truncated(data: bytes, image_format: str) -> bool:
    tail = data[-64:].rstrip(b"\x00\r\n\t ")
    if image_format == "JPEG":
        return not tail.endswith(b"\xff\xd9")
    if image_format == "PNG":
        return b"IEND" not in tail
    return False


def _header(data: bytes) -> tuple[str, int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return str(image.format), int(image.width), int(image.height)
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(0, 0, MAX_PIXELS) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UnreadableImage(len(data), type(exc).__name__) from exc


def decode_image(data: bytes) -> Bgr:
    """Decode an image file's bytes into a BGR frame.

    Raises:
        UnreadableImage: not an image, or one the decoder rejects.
        TruncatedImage: a JPEG or PNG cut before its end.
        ImageTooSmall: a side under :data:`MIN_SIDE` pixels.
        ImageTooLarge: more than :data:`MAX_PIXELS` pixels.
    """
    if not data:
        raise UnreadableImage(0, "empty")
    image_format, width, height = _header(data)
    _check_size(width, height)
    if _truncated(data, image_format):
        raise TruncatedImage(image_format)
    flag = cv2.IMREAD_COLOR
    for factor, reduced in _REDUCED:
        if max(width, height) // factor >= MAX_SIDE:
            flag = reduced
            break
    buffer = np.frombuffer(data, dtype=np.uint8)
    decoded = cv2.imdecode(buffer, flag)
    if decoded is None or decoded.size == 0:
        raise UnreadableImage(len(data), f"decoder refused {image_format}")
    return limit_size(np.asarray(decoded, dtype=np.uint8))


def as_frame(image: npt.NDArray[np.uint8]) -> Bgr:
    """Check and normalise an array given by a camera: BGR uint8, size limits applied.

    Raises:
        UnreadableImage: not a 2-D grey or 3/4-channel uint8 array.
        ImageTooSmall: a side under :data:`MIN_SIDE` pixels.
        ImageTooLarge: more than :data:`MAX_PIXELS` pixels.
    """
    if image.dtype != np.uint8 or image.ndim not in (2, 3):
        raise UnreadableImage(int(image.nbytes), "not a uint8 image array")
    height, width = image.shape[:2]
    _check_size(width, height)
    if image.ndim == 2:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    elif image.shape[2] == 4:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    elif image.shape[2] != 3:
        raise UnreadableImage(int(image.nbytes), "unexpected channel count")
    return limit_size(np.asarray(image, dtype=np.uint8))


def limit_size(image: Bgr) -> Bgr:
    """``image`` resized (area averaging) so its long side is at most :data:`MAX_SIDE`."""
    long_side = max(image.shape[:2])
    if long_side <= MAX_SIDE:
        return image
    scale = MAX_SIDE / long_side
    return np.asarray(
        cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), dtype=np.uint8
    )


def to_gray(image: Bgr | Gray) -> Gray:
    """The grey-level version of ``image`` (a grey image is returned as is)."""
    if image.ndim == 2:
        return image
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def encode_png(image: Bgr | Gray) -> bytes:
    """PNG bytes of ``image`` (for the review screen's crops, kept in memory)."""
    ok, buffer = cv2.imencode(".png", image)
    if not ok:
        raise UnreadableImage(int(image.nbytes), "cannot encode")
    return buffer.tobytes()
