"""A new PIN chosen by the person: typed twice on the keypad, shown as dots."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.keypad import Keypad, KeypadHost
from kiosk.ui.widgets.labels import make_label, show_text


class PinChoice(QWidget, KeypadHost):
    """Lets a person choose a new PIN: once, then once more to be sure.

    The digits live only in its keypad until both entries match; :attr:`chosen` then
    carries the PIN and the widget forgets it. Two different entries start it over.

    Attributes:
        prompt: "Choisissez votre code secret" or "Tapez-le une deuxième fois".
        alert: why it starts over (the two codes differ), hidden otherwise.
        keypad: the keys (also offered as ``digit_keys``, ``erase_key``, ``validate_key``),
            and the typed digits, shown as ``dots``; "Valider" takes the code.

    Signals:
        chosen(str): the same PIN was typed twice.
    """

    chosen = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        """Builds the widget.

        Args:
            theme: colours and sizes.
            parent: the Qt parent.
        """
        super().__init__(parent)
        spacing = theme.sizes.spacing_px
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._first: str | None = None
        self._mismatch = False

        self.prompt = make_label(self, Role.INSTRUCTION)
        self.alert = make_label(self, Role.ALERT)
        self.keypad = Keypad(theme, self)
        self.keypad.entered.connect(self._take)

        texts = QVBoxLayout()
        texts.setSpacing(spacing)
        texts.addStretch(1)
        for widget in (self.prompt, self.alert, self.dots):
            texts.addWidget(widget)
        texts.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * spacing)
        layout.addLayout(texts, 1)
        layout.addWidget(self.keypad)
        self.retranslate()

    @property
    def confirming(self) -> bool:
        """Whether the first entry is done and the second is awaited."""
        return self._first is not None

    def clear(self) -> None:
        """Forgets both entries and any message."""
        self.keypad.clear()
        self._first = None
        self._mismatch = False
        self.retranslate()

    def _take(self, pin: str) -> None:
        """Takes the first entry, or compares the second with it."""
        if self._first is None:
            self._first, self._mismatch = pin, False
        elif pin == self._first:
            self._first = None
            self.retranslate()
            self.chosen.emit(pin)
            return
        else:
            self._first, self._mismatch = None, True
        self.retranslate()

    def keyPressEvent(self, event: QKeyEvent, /) -> None:
        """Digits, Backspace and Enter work on a keyboard too."""
        if not self.keypad.type_key(event):
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        if self._first is None:
            prompt = self.tr("Choisissez votre code secret\u00a0: de 6 à 8 chiffres.")
        else:
            prompt = self.tr("Tapez le même code une deuxième fois.")
        alert = self.tr("Les deux codes sont différents. Recommencez.") if self._mismatch else ""
        show_text(self.prompt, prompt)
        show_text(self.alert, alert)
        self.dots.setAccessibleName(self.tr("Nouveau code secret"))
        self.validate_key.setAccessibleDescription(
            self.tr("Garde ce code. Il faut de 6 à 8 chiffres.")
        )
