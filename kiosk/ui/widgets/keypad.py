"""The PIN keys: large keys in a fixed layout, the typed digits shown as dots.

The login PIN pad and the choice of a new PIN both hold a :class:`Keypad`, and offer its
keys and actions to their callers as a :class:`KeypadHost`.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label

MIN_DIGITS: Final = 6
MAX_DIGITS: Final = 8

# The keys, row by row: never shuffled, so that people who see little learn where they are.
DIGIT_ROWS: Final = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"))
ZERO_POSITION: Final = (3, 1)
ERASE_POSITION: Final = (3, 0)
VALIDATE_POSITION: Final = (3, 2)

_DOT = "\u25cf"  # ●

_ERASE_KEYS: Final = frozenset({Qt.Key.Key_Backspace, Qt.Key.Key_Delete})
_VALIDATE_KEYS: Final = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


class Keypad(QWidget):
    """The digit keys, "Effacer" and "Valider"; the digits typed on them or on a keyboard.

    The digits live only in this widget, until "Valider" hands them over through
    :attr:`entered`; they are forgotten then, and on :meth:`clear`. The widget holds the
    keys; its host lays out :attr:`dots` beside its own texts, names the dots and describes
    what "Valider" does with the code.

    Attributes:
        dots: one dot per typed digit (laid out by the host).
        digit_keys: the keys "0" to "9", by digit.
        erase_key: removes the last digit.
        validate_key: hands the digits over; enabled with 6 to 8 digits.

    Signals:
        entered(str): "Valider" was pressed with 6 to 8 digits; carries them.
    """

    entered = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        """Creates the keys, every one enabled, and the empty dots.

        Args:
            theme: colours and sizes.
            parent: the Qt parent (the host).
        """
        super().__init__(parent)
        sizes = theme.sizes
        self._digits: list[str] = []
        self._busy = False
        self.dots = make_label(self, Role.FIELD, centred=True)
        self.dots.setFixedHeight(sizes.key_height_px)
        self.dots.setMinimumWidth(3 * sizes.key_width_px)

        self.digit_keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(sizes.spacing_px // 2)
        for row, digits in enumerate(DIGIT_ROWS):
            for column, digit in enumerate(digits):
                grid.addWidget(self._digit_key(digit), row, column)
        grid.addWidget(self._digit_key("0"), *ZERO_POSITION)
        self.erase_key = self._key(Role.SECONDARY)
        self.erase_key.clicked.connect(self.erase)
        grid.addWidget(self.erase_key, *ERASE_POSITION)
        self.validate_key = self._key(Role.PRIMARY)
        self.validate_key.clicked.connect(self.validate)
        grid.addWidget(self.validate_key, *VALIDATE_POSITION)
        self.retranslate()

    def _key(self, role: Role) -> QPushButton:
        key = QPushButton(self)
        set_role(key, role)
        key.setProperty("keypad", True)  # the stylesheet gives it the size of a key
        # A touch must not leave the last digit highlighted for onlookers: keys take the
        # focus from the Tab key only.
        key.setFocusPolicy(Qt.FocusPolicy.TabFocus)
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
    def busy(self) -> bool:
        """Whether every key is disabled while the code is checked."""
        return self._busy

    def clear(self, *, busy: bool = False) -> None:
        """Forgets the digits.

        Args:
            busy: whether to disable every key (the card checks a code meanwhile).
        """
        self._digits.clear()
        self._busy = busy
        self._refresh()

    def press_digit(self, digit: str) -> None:
        """Adds a digit, unless 8 are typed already or the keypad is busy.

        Args:
            digit: one of "0" to "9".
        """
        if digit not in self.digit_keys:
            raise ValueError("not a digit key")
        if self._busy or len(self._digits) >= MAX_DIGITS:
            return
        self._digits.append(digit)
        self._refresh()

    def erase(self) -> None:
        """Removes the last digit."""
        if self._digits and not self._busy:
            self._digits.pop()
            self._refresh()

    def validate(self) -> None:
        """Hands the digits over if there are 6 to 8 of them, and forgets them."""
        if self._busy or not MIN_DIGITS <= len(self._digits) <= MAX_DIGITS:
            return
        pin = "".join(self._digits)
        self._digits.clear()
        self._refresh()
        self.entered.emit(pin)

    def type_key(self, event: QKeyEvent) -> bool:
        """Types a keyboard's key: a digit, Backspace or Delete to erase, Enter to validate.

        Args:
            event: the key press, accepted if it is one of those keys.

        Returns:
            Whether it was one of those keys.
        """
        text = event.text()
        if len(text) == 1 and text in self.digit_keys:
            self.press_digit(text)
        elif event.key() in _ERASE_KEYS:
            self.erase()
        elif event.key() in _VALIDATE_KEYS:
            self.validate()
        else:
            return False
        event.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent, /) -> None:
        """Lets the person type on a keyboard while a key has the focus."""
        if not self.type_key(event):
            super().keyPressEvent(event)

    def _refresh(self) -> None:
        count = len(self._digits)
        self.dots.setText(" ".join(_DOT * count))
        for key in self.digit_keys.values():
            key.setEnabled(not self._busy and count < MAX_DIGITS)
        self.erase_key.setEnabled(not self._busy and count > 0)
        self.validate_key.setEnabled(not self._busy and MIN_DIGITS <= count <= MAX_DIGITS)
        if count == 0:
            typed = self.tr("Aucun chiffre tapé.")
        elif count == 1:
            typed = self.tr("1 chiffre tapé.")
        else:
            typed = self.tr("%1 chiffres tapés.").replace("%1", str(count))
        self.dots.setAccessibleDescription(typed)

    def retranslate(self) -> None:
        """Sets the keys' texts and accessible names in the current language."""
        for digit, key in self.digit_keys.items():
            key.setAccessibleName(self.tr("Chiffre %1").replace("%1", digit))
        self.erase_key.setText(self.tr("Effacer"))
        self.erase_key.setAccessibleName(self.tr("Effacer"))
        self.erase_key.setAccessibleDescription(self.tr("Efface le dernier chiffre tapé."))
        self.validate_key.setText(self.tr("Valider"))
        self.validate_key.setAccessibleName(self.tr("Valider"))
        self._refresh()

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the keys when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class KeypadHost:
    """The keys and actions of the :class:`Keypad` a widget holds, offered by the widget.

    Attributes:
        keypad: the keypad, which the widget creates.
    """

    keypad: Keypad

    @property
    def dots(self) -> QLabel:
        """One dot per typed digit."""
        return self.keypad.dots

    @property
    def digit_keys(self) -> dict[str, QPushButton]:
        """The keys "0" to "9", by digit."""
        return self.keypad.digit_keys

    @property
    def erase_key(self) -> QPushButton:
        """Removes the last digit."""
        return self.keypad.erase_key

    @property
    def validate_key(self) -> QPushButton:
        """Hands the digits over; enabled with 6 to 8 digits."""
        return self.keypad.validate_key

    @property
    def digit_count(self) -> int:
        """How many digits are typed (the digits themselves are not readable)."""
        return self.keypad.digit_count

    def press_digit(self, digit: str) -> None:
        """Adds a digit (see :meth:`Keypad.press_digit`).

        Args:
            digit: one of "0" to "9".
        """
        self.keypad.press_digit(digit)

    def erase(self) -> None:
        """Removes the last digit."""
        self.keypad.erase()

    def validate(self) -> None:
        """Hands the digits over if there are 6 to 8 of them (see :attr:`Keypad.entered`)."""
        self.keypad.validate()
