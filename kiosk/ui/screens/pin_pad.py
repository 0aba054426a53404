"""The PIN pad: large keys in a fixed layout, the typed digits shown as dots."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.auth.identity import Holder
from kiosk.domain.errors import KioskError
from kiosk.ui import messages
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.keypad import Keypad, KeypadHost
from kiosk.ui.widgets.labels import make_label, show_text


class PinPadScreen(HeaderScreen, KeypadHost):
    """Lets the person type their PIN, on the screen or on a keyboard.

    The digits live only in its keypad, until "Valider" hands them over through
    :attr:`pin_entered`; they are forgotten then, and on :meth:`reset`. Staff are greeted
    by name; for a beneficiary nothing personal is shown.

    Attributes:
        greeting: "Bonjour <name>" for staff, empty and hidden otherwise.
        title: "Tapez votre code secret".
        alert: why the last code was refused ("Code incorrect."), hidden otherwise.
        tries: how many tries are left, or "Vérification…" while the card checks.
        warning: the warning shown when one try is left.
        keypad: the keys (also offered as ``digit_keys``, ``erase_key``, ``validate_key``),
            and the typed digits, shown as ``dots``; "Valider" sends the code.
        language_button: switches between French and English.

    Signals:
        pin_entered(str): the person pressed "Valider"; carries the PIN.
    """

    screen_id = ScreenName.PIN_PAD
    pin_entered = Signal(str)

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Builds the screen; the arguments are those of :class:`HeaderScreen`."""
        super().__init__(theme, language, parent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._holder: Holder | None = None
        self._tries_left: int | None = None
        self._error: KioskError | None = None

        self.greeting = make_label(self, Role.INSTRUCTION)
        self.title = make_label(self, Role.TITLE)
        self.alert = make_label(self, Role.ALERT)
        self.tries = make_label(self, Role.INSTRUCTION)
        self.warning = make_label(self, Role.HINT)
        self.keypad = Keypad(theme, self)
        self.keypad.entered.connect(self._send)

        spacing = theme.sizes.spacing_px
        texts = QVBoxLayout()
        texts.setSpacing(spacing)
        texts.addStretch(1)
        for label in (self.greeting, self.title, self.alert, self.tries, self.warning):
            texts.addWidget(label)
        texts.addSpacing(spacing)
        texts.addWidget(self.dots)
        texts.addStretch(1)

        keypad_column = QVBoxLayout()
        keypad_column.addStretch(1)
        keypad_column.addWidget(self.keypad)
        keypad_column.addStretch(1)

        body = QHBoxLayout()
        body.setSpacing(2 * spacing)
        body.addLayout(texts, 1)
        body.addLayout(keypad_column)
        self.frame_with_header().addLayout(body, 1)
        self.retranslate()

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
        self.keypad.clear()
        self._holder, self._tries_left, self._error = holder, tries_left, error
        if error is not None:
            messages.log_shown(error, self.screen_id)
        self.retranslate()

    def show_checking(self, holder: Holder | None) -> None:
        """Shows that the card is checking the code: every key disabled.

        Args:
            holder: the card's holder.
        """
        self.keypad.clear(busy=True)
        self._holder, self._error = holder, None
        self.retranslate()

    @property
    def busy(self) -> bool:
        """Whether the card is checking the code."""
        return self.keypad.busy

    def reset(self) -> None:
        """Forgets the digits, the holder and any message."""
        self.keypad.clear()
        self._holder = self._tries_left = self._error = None
        self.retranslate()

    # -- what the person does (the keys: see KeypadHost) --------------------------------

    def _send(self, pin: str) -> None:
        self.show_checking(self._holder)
        self.pin_entered.emit(pin)

    def keyPressEvent(self, event: QKeyEvent, /) -> None:
        """Lets the person type on a keyboard: digits, Backspace, and Enter to validate."""
        if not self.keypad.type_key(event):
            super().keyPressEvent(event)

    # -- texts -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setAccessibleName(self.tr("Écran du code secret"))
        busy = self.keypad.busy
        holder = self._holder
        name = holder.display_name if holder is not None and holder.role.is_staff else ""
        greeting = self.tr("Bonjour %1").replace("%1", name) if name else ""
        alert = messages.describe(self._error).title if self._error is not None else ""
        if busy:
            tries = self.tr("Vérification…")
        elif self._tries_left is not None:
            tries = messages.tries_left(self._tries_left)
        else:
            tries = ""
        warning = messages.last_try_warning() if not busy and self._tries_left == 1 else ""
        for label, text in (
            (self.greeting, greeting),
            (self.title, self.tr("Tapez votre code secret")),
            (self.alert, alert),
            (self.tries, tries),
            (self.warning, warning),
        ):
            show_text(label, text)
        self.dots.setAccessibleName(self.tr("Code secret"))
        self.validate_key.setAccessibleDescription(
            self.tr("Envoie le code. Il faut de 6 à 8 chiffres.")
        )
