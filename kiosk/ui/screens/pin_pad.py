"""The PIN pad: large keys in a fixed layout, the typed digits shown as dots."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.auth.identity import Holder
from kiosk.domain.errors import KioskError
from kiosk.ui import messages
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.language_button import LanguageButton

MIN_PIN_DIGITS: Final = 6
MAX_PIN_DIGITS: Final = 8

# The keys, row by row: never shuffled, so that people who see little learn where they are.
DIGIT_ROWS: Final = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"))
ZERO_POSITION: Final = (3, 1)
ERASE_POSITION: Final = (3, 0)
VALIDATE_POSITION: Final = (3, 2)

_DOT = "\u25cf"  # ●

_ERASE_KEYS: Final = frozenset({Qt.Key.Key_Backspace, Qt.Key.Key_Delete})
_VALIDATE_KEYS: Final = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


class PinPadScreen(Screen):
    """Lets the person type their PIN, on the screen or on a keyboard.

    The digits live only in this widget, until "Valider" hands them over through
    :attr:`pin_entered`; they are forgotten then, and on :meth:`reset`. Staff are greeted
    by name; for a beneficiary nothing personal is shown.

    Attributes:
        greeting: "Bonjour <name>" for staff, empty and hidden otherwise.
        title: "Tapez votre code secret".
        alert: why the last code was refused ("Code incorrect."), hidden otherwise.
        tries: how many tries are left, or "Vérification…" while the card checks.
        warning: the warning shown when one try is left.
        dots: one dot per typed digit.
        digit_keys: the keys "0" to "9", by digit.
        erase_key: removes the last digit.
        validate_key: sends the code; enabled with 6 to 8 digits.
        language_button: switches between French and English.

    Signals:
        pin_entered(str): the person pressed "Valider"; carries the PIN.
    """

    screen_id = ScreenName.PIN_PAD
    pin_entered = Signal(str)

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Builds the screen.

        Args:
            theme: colours and sizes.
            language: the service that switches the application's language.
            parent: the Qt parent.
        """
        super().__init__(parent)
        sizes = theme.sizes
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._digits: list[str] = []
        self._busy = False
        self._holder: Holder | None = None
        self._tries_left: int | None = None
        self._error: KioskError | None = None

        self.language_button = LanguageButton(language, self)
        self.greeting = self._label(Role.INSTRUCTION)
        self.title = self._label(Role.TITLE)
        self.alert = self._label(Role.ALERT)
        self.tries = self._label(Role.INSTRUCTION)
        self.warning = self._label(Role.HINT)
        self.dots = self._label(Role.FIELD)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setFixedHeight(sizes.key_height_px)
        self.dots.setMinimumWidth(3 * sizes.key_width_px)

        self.digit_keys: dict[str, QPushButton] = {}
        keypad = QGridLayout()
        keypad.setSpacing(sizes.spacing_px // 2)
        for row, digits in enumerate(DIGIT_ROWS):
            for column, digit in enumerate(digits):
                keypad.addWidget(self._digit_key(digit), row, column)
        keypad.addWidget(self._digit_key("0"), *ZERO_POSITION)
        self.erase_key = self._key(Role.SECONDARY)
        self.erase_key.clicked.connect(self.erase)
        keypad.addWidget(self.erase_key, *ERASE_POSITION)
        self.validate_key = self._key(Role.PRIMARY)
        self.validate_key.clicked.connect(self.validate)
        keypad.addWidget(self.validate_key, *VALIDATE_POSITION)

        texts = QVBoxLayout()
        texts.setSpacing(sizes.spacing_px)
        texts.addStretch(1)
        for label in (self.greeting, self.title, self.alert, self.tries, self.warning):
            texts.addWidget(label)
        texts.addSpacing(sizes.spacing_px)
        texts.addWidget(self.dots)
        texts.addStretch(1)

        keypad_column = QVBoxLayout()
        keypad_column.addStretch(1)
        keypad_column.addLayout(keypad)
        keypad_column.addStretch(1)

        body = QHBoxLayout()
        body.setSpacing(2 * sizes.spacing_px)
        body.addLayout(texts, 1)
        body.addLayout(keypad_column)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(sizes.margin_px,) * 4)
        layout.setSpacing(sizes.spacing_px)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self.retranslate()
        self._refresh()

    # -- building ----------------------------------------------------------------------

    def _label(self, role: Role) -> QLabel:
        label = QLabel(self)
        set_role(label, role)
        label.setWordWrap(role is not Role.FIELD)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

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

    # -- what the controller calls -----------------------------------------------------

    def show_entry(
        self,
        holder: Holder | None,
        tries_left: int | None,
        error: KioskError | None = None,
    ) -> None:
        """Gets ready for a PIN: keys enabled, no digit typed.

        Args:
            holder: the card's holder (staff are greeted by name).
            tries_left: tries before the card blocks, when known.
            error: why the last code was refused (a wrong PIN), if it was.
        """
        self._digits.clear()
        self._busy = False
        self._holder, self._tries_left, self._error = holder, tries_left, error
        if error is not None:
            messages.log_shown(error, self.screen_id)
        self.retranslate()
        self._refresh()

    def show_checking(self, holder: Holder | None) -> None:
        """Shows that the card is checking the code: every key disabled.

        Args:
            holder: the card's holder.
        """
        self._digits.clear()
        self._busy = True
        self._holder, self._error = holder, None
        self.retranslate()
        self._refresh()

    @property
    def busy(self) -> bool:
        """Whether the card is checking the code."""
        return self._busy

    @property
    def digit_count(self) -> int:
        """How many digits are typed (the digits themselves are not readable)."""
        return len(self._digits)

    def reset(self) -> None:
        """Forgets the digits, the holder and any message."""
        self._digits.clear()
        self._busy = False
        self._holder = self._tries_left = self._error = None
        self.retranslate()
        self._refresh()

    # -- what the person does ----------------------------------------------------------

    def press_digit(self, digit: str) -> None:
        """Adds a digit, unless 8 are typed already or the card is checking.

        Args:
            digit: one of "0" to "9".
        """
        if digit not in self.digit_keys:
            raise ValueError("not a digit key")
        if self._busy or len(self._digits) >= MAX_PIN_DIGITS:
            return
        self._digits.append(digit)
        self._refresh()

    def erase(self) -> None:
        """Removes the last digit."""
        if self._digits and not self._busy:
            self._digits.pop()
            self._refresh()

    def validate(self) -> None:
        """Sends the PIN if it has 6 to 8 digits, then forgets it and waits for the card."""
        if self._busy or not MIN_PIN_DIGITS <= len(self._digits) <= MAX_PIN_DIGITS:
            return
        pin = "".join(self._digits)
        self.show_checking(self._holder)
        self.pin_entered.emit(pin)

    def keyPressEvent(self, event: QKeyEvent, /) -> None:
        """Lets the person type on a keyboard: digits, Backspace, and Enter to validate."""
        text = event.text()
        if len(text) == 1 and text in self.digit_keys:
            self.press_digit(text)
        elif event.key() in _ERASE_KEYS:
            self.erase()
        elif event.key() in _VALIDATE_KEYS:
            self.validate()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- texts -------------------------------------------------------------------------

    def _refresh(self) -> None:
        count = len(self._digits)
        self.dots.setText(" ".join(_DOT * count))
        for key in self.digit_keys.values():
            key.setEnabled(not self._busy and count < MAX_PIN_DIGITS)
        self.erase_key.setEnabled(not self._busy and count > 0)
        self.validate_key.setEnabled(
            not self._busy and MIN_PIN_DIGITS <= count <= MAX_PIN_DIGITS
        )
        if count == 0:
            typed = self.tr("Aucun chiffre tapé.")
        elif count == 1:
            typed = self.tr("1 chiffre tapé.")
        else:
            typed = self.tr("%1 chiffres tapés.").replace("%1", str(count))
        self.dots.setAccessibleName(self.tr("Code secret"))
        self.dots.setAccessibleDescription(typed)

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setAccessibleName(self.tr("Écran du code secret"))
        holder = self._holder
        name = holder.display_name if holder is not None and holder.role.is_staff else ""
        greeting = self.tr("Bonjour %1").replace("%1", name) if name else ""
        alert = messages.describe(self._error).title if self._error is not None else ""
        if self._busy:
            tries = self.tr("Vérification…")
        elif self._tries_left is not None:
            tries = messages.tries_left(self._tries_left)
        else:
            tries = ""
        warning = (
            messages.last_try_warning() if not self._busy and self._tries_left == 1 else ""
        )
        for label, text in (
            (self.greeting, greeting),
            (self.title, self.tr("Tapez votre code secret")),
            (self.alert, alert),
            (self.tries, tries),
            (self.warning, warning),
        ):
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
            self.tr("Envoie le code. Il faut de 6 à 8 chiffres.")
        )
        self._refresh()
