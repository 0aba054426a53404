"""The pages of one document as one file: a multi-page TIFF of JPEG-compressed grey pages.

A document's revision is one encrypted vault file. Its pages (the straightened grey pages
the OCR pipeline returns) are packed into a multi-page TIFF: a standard image format that
any viewer opens (the vault's export ZIP holds it as ``.tif``), with each page stored as
JPEG (about 0.2 to 0.5 MB for an A4 page at 300 dpi). Everything happens in memory: the
bytes go straight into the vault's encryption, and come straight out of its decryption.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image, UnidentifiedImageError

from kiosk.documents.errors import NothingToFile

Page = npt.NDArray[np.uint8]
"""A grey page, shape (height, width)."""

PAGES_MIME = "image/tiff"
PAGE_QUALITY = 85
MAX_LONG_SIDE = 3508
"""Pages are kept at most at A4 300 dpi (3508 px on the long side)."""
MAX_PAGES = 20


class BadPages(ValueError):
    """The bytes are not pages this module wrote (damaged or another format)."""


def _image(page: Page) -> Image.Image:
    if page.ndim != 2 or page.dtype != np.uint8 or 0 in page.shape:
        raise ValueError(f"not a grey page: shape {page.shape}, dtype {page.dtype}")
    image = Image.fromarray(np.ascontiguousarray(page))
    long_side = max(image.size)
    if long_side > MAX_LONG_SIDE:
        scale = MAX_LONG_SIDE / long_side
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def pack_pages(pages: Sequence[Page]) -> bytes:
    """The pages as one multi-page TIFF (JPEG inside), in memory.

    Raises:
        NothingToFile: no page.
        ValueError: a page is not a 2-D ``uint8`` array, or there are too many.
    """
    if not pages:
        raise NothingToFile("a document needs at least one page")
    if len(pages) > MAX_PAGES:
        raise ValueError(f"at most {MAX_PAGES} pages per document")
    images = [_image(page) for page in pages]
    out = io.BytesIO()
    images[0].save(
        out,
        format="TIFF",
        compression="jpeg",
        quality=PAGE_QUALITY,
        save_all=True,
        append_images=images[1:],
    )
    return out.getvalue()


def unpack_pages(data: bytes) -> list[Page]:
    """The grey pages of a file made by :func:`pack_pages`.

    Raises:
        BadPages: the bytes are not such a file.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "TIFF":
                raise BadPages(f"not a TIFF file ({image.format})")
            count = getattr(image, "n_frames", 1)
            if count > MAX_PAGES:
                raise BadPages(f"{count} pages")
            pages: list[Page] = []
            for index in range(count):
                image.seek(index)
                pages.append(np.asarray(image.convert("L"), dtype=np.uint8).copy())
            return pages
    except (UnidentifiedImageError, OSError, EOFError, ValueError) as error:
        if isinstance(error, BadPages):
            raise
        raise BadPages(str(error)) from error


def page_jpeg(page: Page) -> bytes:
    """One page as a JPEG file, in memory (what the PDF embeds)."""
    out = io.BytesIO()
    _image(page).save(out, format="JPEG", quality=PAGE_QUALITY)
    return out.getvalue()
