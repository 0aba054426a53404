"""The base class of every screen."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class Screen(QWidget):
    """One full-window page of the kiosk, shown in the main window's stack.

    Subclasses create their widgets, then call :meth:`retranslate` once; it sets every
    user-facing text (and accessible name) through ``self.tr()``. Qt calls it again on each
    language switch. Call ``self.tr()`` only in the subclass itself: the class name is the
    translation context, and ``lupdate`` records the class the call is written in.

    Attributes:
        screen_id: a stable name of the screen, unique in the main window.

    Signals:
        None of its own; subclasses declare what they emit.
    """

    screen_id: ClassVar[str] = ""

    def retranslate(self) -> None:
        """Sets every user-facing text in the current language."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forgets everything shown to, or typed by, the last person.

        Called on every screen when the kiosk returns to the welcome screen (card taken
        out, crash). The default does nothing: a screen without state has nothing to clear.
        """

    def showEvent(self, event: QShowEvent, /) -> None:
        """Takes the keyboard focus itself when shown.

        No control then looks selected (a yellow focus fill would draw the eye to it, and
        on the PIN pad show which key was pressed last) until the person presses Tab, and
        a keyboard's keys reach the screen.
        """
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the screen when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
