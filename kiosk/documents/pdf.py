"""One document's pages as a PDF, built in memory with fpdf2 (no file is written here).

Each page image fills an A4 page (portrait or landscape, as the page is), centred with a
small margin. The PDF holds the images only: no text layer, no field values, no metadata
naming the person (its title is the plain name of the document's type).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF

from kiosk.documents.pages import Page, page_jpeg

A4_MM = (210.0, 297.0)
MARGIN_MM = 8.0


def pages_pdf(pages: Sequence[Page], title: str = "Document") -> bytes:
    """The pages as a PDF file, in memory.

    Args:
        pages: grey pages, in order.
        title: the PDF's title (the type of document, never personal data).

    Raises:
        ValueError: no page.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_creator("kiosk")
    pdf.set_auto_page_break(False)
    for page in pages:
        height_px, width_px = page.shape
        landscape = width_px > height_px
        pdf.add_page(orientation="L" if landscape else "P")
        page_w, page_h = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
        box_w, box_h = page_w - 2 * MARGIN_MM, page_h - 2 * MARGIN_MM
        scale = min(box_w / width_px, box_h / height_px)
        w, h = width_px * scale, height_px * scale
        pdf.image(io.BytesIO(page_jpeg(page)), x=(page_w - w) / 2, y=(page_h - h) / 2, w=w, h=h)
    return bytes(pdf.output())
