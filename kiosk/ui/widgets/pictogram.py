"""Pictograms drawn with QPainter, so they need no image file and stay sharp."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF

from kiosk.ui.theme import Colours

#: Pictograms are drawn at this multiple of their size, then shown at their size.
_OVERSAMPLING = 2


def card_reader_pictogram(size: int, colours: Colours, *, taking_out: bool = False) -> QPixmap:
    """Draws a card going down into the reader box (or coming out of it), which has a keypad.

    The drawing uses a 100 x 100 grid scaled to ``size``: the card at the top left, an
    arrow beside it, and the box with its keypad at the bottom.

    Args:
        size: the side of the square pictogram, in device-independent pixels.
        colours: the theme's colours.
        taking_out: the arrow points up (take the card back) instead of down.
    """
    pixmap = QPixmap(size * _OVERSAMPLING, size * _OVERSAMPLING)
    pixmap.setDevicePixelRatio(_OVERSAMPLING)
    pixmap.fill(QColor(colours.background))
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 100, size / 100)
        ink = QColor(colours.text)
        outline = QPen(ink, 2.5)

        # The card, half-way into the slot.
        painter.setPen(outline)
        painter.setBrush(QColor(colours.primary))
        painter.drawRoundedRect(QRectF(16, 4, 34, 52), 4, 4)
        painter.setBrush(QColor(colours.focus))
        painter.drawRoundedRect(QRectF(22, 12, 12, 10), 2, 2)

        # The arrow: the card goes down (or comes up).
        painter.setPen(QPen(ink, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(ink)
        if taking_out:
            painter.drawLine(QPointF(70, 40), QPointF(70, 16))
            head = [QPointF(60, 18), QPointF(80, 18), QPointF(70, 4)]
        else:
            painter.drawLine(QPointF(70, 6), QPointF(70, 30))
            head = [QPointF(60, 28), QPointF(80, 28), QPointF(70, 42)]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(QPolygonF(head))

        # The box, drawn over the lower half of the card.
        painter.setPen(outline)
        painter.setBrush(ink)
        painter.drawRoundedRect(QRectF(6, 44, 88, 52), 6, 6)
        painter.setBrush(QColor(colours.background))
        painter.drawRect(QRectF(12, 46, 42, 3))  # the slot

        # The keypad: three rows of three keys.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.background))
        for row in range(3):
            for column in range(3):
                painter.drawRoundedRect(
                    QRectF(54 + column * 12, 56 + row * 12, 9, 9), 1.5, 1.5
                )
        # The little screen of the box.
        painter.drawRoundedRect(QRectF(14, 58, 30, 14), 2, 2)
    finally:
        painter.end()
    return pixmap
