"""Bad input gives a typed error with a stable code, or a reading with problems: never a crash.

Not an image, a truncated JPEG, a 1x1 image, a 12000x9000 image, an empty page, a photo with
no page, a document of a type we do not know (``autre``, nothing invented).
"""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.domain.documents import DocumentType
from kiosk.domain.errors import UserFacingError
from kiosk.ocr.errors import ImageTooLarge, ImageTooSmall, TruncatedImage, UnreadableImage
from kiosk.ocr.image import MAX_SIDE, as_frame, decode_image
from kiosk.ocr.pipeline import read_document

from .conftest import jpeg, png, seed_bytes


def test_not_an_image() -> None:
    with pytest.raises(UnreadableImage) as caught:
        read_document(b"%PDF-1.7 this is not an image at all" * 10)
    assert caught.value.code == "not_an_image"
    assert isinstance(caught.value, UserFacingError)


def test_empty_bytes() -> None:
    with pytest.raises(UnreadableImage):
        decode_image(b"")


def test_truncated_jpeg() -> None:
    data = jpeg(np.full((600, 400, 3), 200, np.uint8))
    with pytest.raises(TruncatedImage) as caught:
        read_document(data[: len(data) // 2])
    assert caught.value.code == "truncated_image"
    assert caught.value.image_format == "JPEG"


def test_truncated_png() -> None:
    data = png(np.random.default_rng(1).integers(0, 255, (300, 300), dtype=np.uint8))
    with pytest.raises((TruncatedImage, UnreadableImage)):
        read_document(data[: len(data) - 30])


def test_one_pixel_image() -> None:
    with pytest.raises(ImageTooSmall) as caught:
        read_document(png(np.zeros((1, 1, 3), np.uint8)))
    assert (caught.value.width, caught.value.height) == (1, 1)
    assert caught.value.code == "image_too_small"


def test_huge_image_is_decoded_reduced() -> None:
    # 12000x9000: decoded directly at a reduced scale, then read (a blank sheet here).
    big = np.full((9000, 12000), 235, np.uint8)
    data = jpeg(big, quality=50)
    frame = decode_image(data)
    assert max(frame.shape[:2]) <= MAX_SIDE
    reading = read_document(data)
    assert reading.type == DocumentType.AUTRE
    assert reading.fields == {}


def test_absurd_pixel_count_refused() -> None:
    with pytest.raises(ImageTooLarge):
        as_frame(np.broadcast_to(np.zeros((1, 1), np.uint8), (20000, 9000)))


def test_array_of_wrong_type_refused() -> None:
    with pytest.raises(UnreadableImage):
        as_frame(np.zeros((300, 300), np.float32))  # type: ignore[arg-type]


def test_empty_page() -> None:
    reading = read_document(seed_bytes("bad04_empty_page_photo.jpg"))
    assert reading.type == DocumentType.AUTRE
    assert reading.fields == {}
    assert "empty_page" in reading.problems


def test_photo_with_no_page() -> None:
    reading = read_document(seed_bytes("bad05_no_page_photo.jpg"))
    assert reading.type == DocumentType.AUTRE
    assert reading.fields == {}
    assert not reading.page.detected
    assert "no_page" in reading.problems


def test_unknown_document_is_autre_with_no_invented_field() -> None:
    reading = read_document(seed_bytes("0010_autre_lettre.png"))
    assert reading.type == DocumentType.AUTRE
    assert reading.fields == {}
