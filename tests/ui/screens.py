"""A stand-in screen for the tests, with state to clear and a button that crashes."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen

#: Personal-looking data in an exception message, which must never reach the logs.
PERSONAL = "DUPONT Jean, 1 85 05 78 006 084 36"


class StubError(ValueError):
    """What the stand-in screen's button raises."""


class SessionScreen(Screen):
    """A screen that a person filled in, with a button whose slot raises.

    Attributes:
        typed: what the person typed; reset() clears it.
        resets: how many times reset() was called.
        retranslations: how many times retranslate() was called.
    """

    screen_id = "session"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.typed = "secret"
        self.resets = 0
        self.retranslations = 0
        self.button = QPushButton("boom", self)
        self.button.clicked.connect(self.explode)
        QVBoxLayout(self).addWidget(self.button)

    def explode(self) -> None:
        raise StubError(PERSONAL)

    def retranslate(self) -> None:
        self.retranslations += 1

    def reset(self) -> None:
        self.typed = ""
        self.resets += 1
