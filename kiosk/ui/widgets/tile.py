"""A large tile of a home screen: a name and, under it, its state ("Bientôt disponible")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label


class Tile(QPushButton):
    """A big button with two lines: what it opens, and a note under it.

    A tile whose screen does not exist yet is disabled (dashed and grey) but stays in its
    place with an honest note, so the home screens already look the way they will.

    Attributes:
        name: what the tile opens, large and bold.
        note: the second line ("Bientôt disponible").

    Signals:
        clicked(bool): inherited from QPushButton.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        """Creates an empty tile.

        Args:
            theme: colours and sizes.
            parent: the Qt parent.
        """
        super().__init__(parent)
        sizes = theme.sizes
        set_role(self, Role.TILE)
        self.setMinimumHeight(sizes.tile_height_px)
        self.name = self._line(Role.INSTRUCTION)
        self.note = self._line(Role.HINT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(sizes.spacing_px,) * 4)
        layout.setSpacing(sizes.spacing_px // 3)
        layout.addStretch(1)
        layout.addWidget(self.name)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def _line(self, role: Role) -> QLabel:
        label = make_label(self, role)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def set_texts(self, name: str, note: str) -> None:
        """Sets both lines, the accessible name (the name) and description (the note).

        Args:
            name: what the tile opens.
            note: the second line; empty hides it.
        """
        self.name.setText(name)
        self.name.setAccessibleName(name)
        self.note.setText(note)
        self.note.setAccessibleName(note)
        self.note.setVisible(bool(note))
        self.setAccessibleName(name)
        self.setAccessibleDescription(note)
