"""A picture of a page, scaled to fit, with the outline of the page found drawn over it.

The capture screen shows the camera's live view in it (the outline follows the page the
station found: thick, in the theme's focus yellow with a dark border, so it shows on any
background); the review and the document viewer show a straightened page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import Theme

OUTLINE_PX = 8


class PageView(QWidget):
    """Draws an image, letterboxed, and an optional outline in the image's coordinates.

    Attributes:
        image: the picture shown (a null image draws the placeholder colour only).
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        """Creates an empty view.

        Args:
            theme: colours and sizes.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._theme = theme
        self.image = QImage()
        self._source = QSize()
        self._outline: list[tuple[float, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)

    def show_image(self, image: QImage, source: QSize | None = None) -> None:
        """Shows a picture; ``source`` is the size the outline's coordinates refer to."""
        self.image = image
        self._source = source if source is not None else image.size()
        self.update()

    def set_outline(self, corners: Sequence[Sequence[float]] | None) -> None:
        """Draws (or, with None, removes) the outline: four (x, y) in source pixels."""
        self._outline = [] if corners is None else [(float(x), float(y)) for x, y in corners]
        self.update()

    def clear(self) -> None:
        """Shows nothing."""
        self.image = QImage()
        self._outline = []
        self.update()

    @property
    def has_outline(self) -> bool:
        """Whether an outline is drawn."""
        return bool(self._outline)

    def _target(self) -> QRectF:
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def paintEvent(self, event: QPaintEvent, /) -> None:
        """Paints the picture and the outline."""
        colours = self._theme.colours
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor(colours.on_muted))
            if self.image.isNull():
                return
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            target = self._target()
            painter.drawImage(target, self.image)
            if len(self._outline) == 4 and self._source.width() > 0:
                scale = target.width() / self._source.width()
                polygon = QPolygonF(
                    [
                        QPointF(target.x() + x * scale, target.y() + y * scale)
                        for x, y in self._outline
                    ]
                )
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QPen(QColor(colours.on_focus), OUTLINE_PX + 4))
                painter.drawPolygon(polygon)
                painter.setPen(QPen(QColor(colours.focus), OUTLINE_PX))
                painter.drawPolygon(polygon)
        finally:
            painter.end()
