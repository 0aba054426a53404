"""The base classes of the screens: every screen, and every screen with a top row."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.language_button import LanguageButton


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

    def frame(self, theme: Theme) -> QVBoxLayout:
        """Gives the screen its layout: the theme's margins around, its spacing between blocks.

        Args:
            theme: colours and sizes.

        Returns:
            The layout, for the subclass to add its blocks to.
        """
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(theme.sizes.margin_px,) * 4)
        layout.setSpacing(theme.sizes.spacing_px)
        return layout


class HeaderScreen(Screen):
    """A screen whose top row holds the language button (the message screen has no top row).

    Subclasses create their widgets, then lay them out under :meth:`frame_with_header`.

    Attributes:
        theme: colours and sizes.
        language_button: switches between French and English.

    Signals:
        None of its own; subclasses declare what they emit.
    """

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Creates the language button; the subclass builds the rest.

        Args:
            theme: colours and sizes.
            language: the service that switches the application's language.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self.theme = theme
        self.language_button = LanguageButton(language, self)

    def frame_with_header(
        self, heading: QWidget | QLayout | None = None, *buttons: QWidget
    ) -> QVBoxLayout:
        """Gives the screen its layout (see :meth:`frame`), the top row first.

        Args:
            heading: what the top row shows on the left (the title); empty space if none.
            buttons: the screen's own buttons, at the top right after the language button.

        Returns:
            The layout, for the subclass to add its blocks under the top row.
        """
        top = QHBoxLayout()
        top.setSpacing(self.theme.sizes.spacing_px)
        if heading is None:
            top.addStretch(1)
        elif isinstance(heading, QLayout):
            top.addLayout(heading, 1)
        else:
            top.addWidget(heading, 1)
        for button in (self.language_button, *buttons):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout = self.frame(self.theme)
        layout.addLayout(top)
        return layout
