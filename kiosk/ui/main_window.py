"""The kiosk's only window: a stack of screens, one shown at a time."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.welcome import WelcomeScreen

log = logging.getLogger("kiosk.ui")


class MainWindow(QMainWindow):
    """Holds the screens in a QStackedWidget and knows how to go back to the start.

    In kiosk mode the window has no frame and, once shown with :meth:`show_for_mode`,
    covers the whole screen.

    Signals:
        returnedToWelcome(): the kiosk was cleared and shows the welcome screen again.
    """

    returnedToWelcome = Signal()

    def __init__(
        self,
        welcome: WelcomeScreen,
        language: LanguageSwitcher,
        *,
        kiosk_mode: bool,
        parent: QWidget | None = None,
    ) -> None:
        """Creates the window with the welcome screen as its first screen.

        Args:
            welcome: the welcome screen, shown first and after every reset.
            language: the language service; reset to the station's language for each person.
            kiosk_mode: frameless and full screen when true, an ordinary window otherwise.
            parent: the Qt parent (normally none).
        """
        super().__init__(parent)
        self._welcome = welcome
        self._language = language
        self._kiosk_mode = kiosk_mode
        self._stack = QStackedWidget(self)
        self._screens: dict[str, Screen] = {}
        self.setCentralWidget(self._stack)
        if kiosk_mode:
            self.setWindowFlags(
                self.windowFlags()
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
        self.add_screen(welcome)
        self.retranslate()

    @property
    def kiosk_mode(self) -> bool:
        """Whether the window is frameless and full screen."""
        return self._kiosk_mode

    @property
    def welcome(self) -> WelcomeScreen:
        """The welcome screen."""
        return self._welcome

    def add_screen(self, screen: Screen) -> None:
        """Adds a screen to the stack, without showing it.

        Args:
            screen: the screen; its ``screen_id`` must be new to this window.

        Raises:
            ValueError: a screen with the same id is already there.
        """
        if not screen.screen_id or screen.screen_id in self._screens:
            raise ValueError(f"screen id missing or already used: {screen.screen_id!r}")
        self._screens[screen.screen_id] = screen
        self._stack.addWidget(screen)

    def screen_ids(self) -> list[str]:
        """Returns the ids of the screens, in the order they were added."""
        return list(self._screens)

    def show_screen(self, screen_id: str) -> None:
        """Brings a screen to the front.

        Args:
            screen_id: the id of a screen added before.

        Raises:
            KeyError: no screen has this id.
        """
        self._stack.setCurrentWidget(self._screens[screen_id])

    def current_screen(self) -> Screen:
        """Returns the screen now shown."""
        current = self._stack.currentWidget()
        if not isinstance(current, Screen):  # only screens are ever added
            raise TypeError(f"not a screen: {current!r}")
        return current

    def forget_person(self) -> None:
        """Forgets everything shown to, or typed by, the last person; keeps the language.

        Closes any popup or modal dialog, resets every screen and empties the clipboard.
        The screen shown does not change.
        """
        for widget in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
            if widget is not None and widget is not self:
                widget.close()
        for screen in self._screens.values():
            screen.reset()
        QGuiApplication.clipboard().clear()

    def return_to_welcome(self) -> None:
        """Clears everything and shows the welcome screen, ready for the next person.

        Does :meth:`forget_person`, then goes back to the station's language. Called when
        the card is taken out and after an unexpected error.
        """
        self.forget_person()
        self._language.reset()
        self._stack.setCurrentWidget(self._welcome)
        log.info("returned to the welcome screen")
        self.returnedToWelcome.emit()

    def show_for_mode(self) -> None:
        """Shows the window full screen in kiosk mode, as an ordinary window otherwise."""
        if self._kiosk_mode:
            self.showFullScreen()
        else:
            self.show()

    def retranslate(self) -> None:
        """Sets the window title in the current language."""
        self.setWindowTitle(self.tr("Borne des services sociaux"))
        self.setAccessibleName(self.windowTitle())

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the window title when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
