"""A new PIN chosen by the person: typed twice on a fixed keypad, shown as dots."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.theme import Role, Theme, set_role

MIN_DIGITS: Final = 6
MAX_DIGITS: Final = 8
# The keys, row by row, as on the login PIN pad: never shuffled.
_ROWS: Final = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"))
_DOT = "\u25cf"  # ●


class PinChoice(QWidget):
    """Lets a person choose a new PIN: once, then once more to be sure.

    The digits live only in this widget until both entries match; :attr:`chosen` then
    carries the PIN and the widget forgets it. Two different entries start it over.

    Attributes:
        prompt: "Choisissez votre code secret" or "Tapez-le une deuxième fois".
        alert: why it starts over (the two codes differ), hidden otherwise.
        dots: one dot per typed digit.
        digit_keys: the keys "0" to "9", by digit.
        erase_key: removes the last digit.
        validate_key: takes the code; enabled with 6 to 8 digits.

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
        sizes = theme.sizes
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._digits: list[str] = []
        self._first: str | None = None
        self._mismatch = False

        self.prompt = self._label(Role.INSTRUCTION)
        self.alert = self._label(Role.ALERT)
        self.dots = self._label(Role.FIELD)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setFixedHeight(sizes.key_height_px)
        self.dots.setMinimumWidth(3 * sizes.key_width_px)

        self.digit_keys: dict[str, QPushButton] = {}
        keypad = QGridLayout()
        keypad.setSpacing(sizes.spacing_px // 2)
        for row, digits in enumerate(_ROWS):
            for column, digit in enumerate(digits):
                keypad.addWidget(self._digit_key(digit), row, column)
        keypad.addWidget(self._digit_key("0"), 3, 1)
        self.erase_key = self._key(Role.SECONDARY)
        self.erase_key.clicked.connect(self.erase)
        keypad.addWidget(self.erase_key, 3, 0)
        self.validate_key = self._key(Role.PRIMARY)
        self.validate_key.clicked.connect(self.validate)
        keypad.addWidget(self.validate_key, 3, 2)

        texts = QVBoxLayout()
        texts.setSpacing(sizes.spacing_px)
        texts.addStretch(1)
        for widget in (self.prompt, self.alert, self.dots):
            texts.addWidget(widget)
        texts.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2 * sizes.spacing_px)
        layout.addLayout(texts, 1)
        layout.addLayout(keypad)
        self.retranslate()

    def _label(self, role: Role) -> QLabel:
        label = QLabel(self)
        set_role(label, role)
        label.setWordWrap(role is not Role.FIELD)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def _key(self, role: Role) -> QPushButton:
        key = QPushButton(self)
        set_role(key, role)
        key.setProperty("keypad", True)
        key.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # no digit left highlighted after a touch
        key.setAutoDefault(False)
        return key

    def _digit_key(self, digit: str) -> QPushButton:
        key = self._key(Role.KEY)
        key.setText(digit)
        key.clicked.connect(lambda: self.press_digit(digit))
        self.digit_keys[digit] = key
        return key

    @property
    def digit_count(self) -> int:
        """How many digits are typed (the digits themselves are not readable)."""
        return len(self._digits)

    @property
    def confirming(self) -> bool:
        """Whether the first entry is done and the second is awaited."""
        return self._first is not None

    def clear(self) -> None:
        """Forgets both entries and any message."""
        self._digits.clear()
        self._first = None
        self._mismatch = False
        self.retranslate()

    def press_digit(self, digit: str) -> None:
        """Adds a digit, unless 8 are typed already.

        Args:
            digit: one of "0" to "9".
        """
        if digit not in self.digit_keys:
            raise ValueError("not a digit key")
        if len(self._digits) < MAX_DIGITS:
            self._digits.append(digit)
            self._refresh()

    def erase(self) -> None:
        """Removes the last digit."""
        if self._digits:
            self._digits.pop()
            self._refresh()

    def validate(self) -> None:
        """Takes the first entry, or compares the second with it."""
        if not MIN_DIGITS <= len(self._digits) <= MAX_DIGITS:
            return
        pin = "".join(self._digits)
        self._digits.clear()
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
        text = event.text()
        if len(text) == 1 and text in self.digit_keys:
            self.press_digit(text)
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.erase()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.validate()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _refresh(self) -> None:
        count = len(self._digits)
        self.dots.setText(" ".join(_DOT * count))
        for key in self.digit_keys.values():
            key.setEnabled(count < MAX_DIGITS)
        self.erase_key.setEnabled(count > 0)
        self.validate_key.setEnabled(MIN_DIGITS <= count <= MAX_DIGITS)
        if count == 0:
            typed = self.tr("Aucun chiffre tapé.")
        elif count == 1:
            typed = self.tr("1 chiffre tapé.")
        else:
            typed = self.tr("%1 chiffres tapés.").replace("%1", str(count))
        self.dots.setAccessibleName(self.tr("Nouveau code secret"))
        self.dots.setAccessibleDescription(typed)

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        if self._first is None:
            prompt = self.tr("Choisissez votre code secret\u00a0: de 6 à 8 chiffres.")
        else:
            prompt = self.tr("Tapez le même code une deuxième fois.")
        alert = self.tr("Les deux codes sont différents. Recommencez.") if self._mismatch else ""
        for label, text in ((self.prompt, prompt), (self.alert, alert)):
            label.setText(text)
            label.setAccessibleName(text)
            label.setVisible(bool(text))
        for digit, key in self.digit_keys.items():
            key.setAccessibleName(self.tr("Chiffre %1").replace("%1", digit))
        self.erase_key.setText(self.tr("Effacer"))
        self.erase_key.setAccessibleName(self.tr("Effacer"))
        self.erase_key.setAccessibleDescription(self.tr("Efface le dernier chiffre tapé."))
        self.validate_key.setText(self.tr("Valider"))
        self.validate_key.setAccessibleName(self.tr("Valider"))
        self.validate_key.setAccessibleDescription(
            self.tr("Garde ce code. Il faut de 6 à 8 chiffres.")
        )
        self._refresh()
