"""Typed errors of document capture and reading.

Each error has a stable ``code`` (the CLI prints it, the UI picks its French words from it in
``kiosk/ui/messages.py``) and carries data, never document text: ``str()`` ends up in logs.
"""

from __future__ import annotations

from kiosk.domain.errors import KioskError, UserFacingError


class OcrError(KioskError):
    """Base of the errors of ``kiosk.ocr``."""

    code = "ocr_error"


class UnreadableImage(OcrError, UserFacingError):
    """The bytes are not an image we can decode (not an image, unknown or corrupt format).

    Attributes:
        size: how many bytes were given.
    """

    code = "not_an_image"

    def __init__(self, size: int, detail: str = "") -> None:
        super().__init__(f"not a decodable image ({size} bytes){': ' + detail if detail else ''}")
        self.size = size
        self.detail = detail


class TruncatedImage(OcrError, UserFacingError):
    """The image file stops before its end (interrupted copy or transfer).

    Attributes:
        image_format: what the header said (``"JPEG"``, ``"PNG"``...).
    """

    code = "truncated_image"

    def __init__(self, image_format: str) -> None:
        super().__init__(f"truncated {image_format} image")
        self.image_format = image_format


class ImageTooSmall(OcrError, UserFacingError):
    """The image has too few pixels to hold a readable page.

    Attributes:
        width: width in pixels.
        height: height in pixels.
        minimum: the smallest accepted side.
    """

    code = "image_too_small"

    def __init__(self, width: int, height: int, minimum: int) -> None:
        super().__init__(f"image too small: {width}x{height} (sides must be >= {minimum})")
        self.width = width
        self.height = height
        self.minimum = minimum


class ImageTooLarge(OcrError, UserFacingError):
    """The image has more pixels than the station will decode (memory).

    Attributes:
        width: width in pixels.
        height: height in pixels.
        maximum: the largest accepted pixel count.
    """

    code = "image_too_large"

    def __init__(self, width: int, height: int, maximum: int) -> None:
        super().__init__(f"image too large: {width}x{height} (more than {maximum} pixels)")
        self.width = width
        self.height = height
        self.maximum = maximum


class OcrEngineMissing(OcrError):
    """The tesseract program or one of its language models is not installed.

    Attributes:
        what: the missing program or language (``"tesseract"``, ``"fra"``).
    """

    code = "ocr_engine_missing"

    def __init__(self, what: str) -> None:
        super().__init__(f"OCR engine missing: {what}")
        self.what = what


class OcrEngineFailed(OcrError):
    """Tesseract stopped with an error or ran past its time limit.

    Attributes:
        returncode: its exit status, or None after a timeout.
        timed_out: True if it was stopped after ``timeout_s``.
    """

    code = "ocr_engine_failed"

    def __init__(self, returncode: int | None, timed_out: bool = False) -> None:
        super().__init__(
            "OCR engine timed out" if timed_out else f"OCR engine failed (status {returncode})"
        )
        self.returncode = returncode
        self.timed_out = timed_out
