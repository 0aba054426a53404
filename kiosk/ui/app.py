"""The composition root of the user interface: builds and wires every Qt object.

Nothing else creates the application, the services the screens use, the screens or the
window. Collaborators are passed to constructors; there is no global registry.

The card stack (pyscard monitor, reader thread, login, session manager) is built outside,
by :func:`kiosk.station.build_card_stack`, and reaches the interface through a
:class:`~kiosk.ui.card_bridge.CardBridge` given to :func:`build_app`. Without one the
kiosk shows its welcome screen and never leaves it (tests, and a station with no reader).
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.controller import CardFlowController, CardScreens
from kiosk.ui.crash import CrashHandler
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import TRANSLATIONS_DIR, LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.qt_compat import protect_none
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_beneficiary import BeneficiaryHomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.screens.message import MessageScreen
from kiosk.ui.screens.pin_pad import PinPadScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.theme import Theme

log = logging.getLogger("kiosk.ui")

APPLICATION_NAME = "kiosk"


@dataclass
class KioskUi:
    """Everything :func:`build_app` made, for the caller to run, drive or shut down.

    Attributes:
        app: the Qt application.
        window: the main window (not shown yet).
        language: the language service.
        crash_handler: the installed crash hook.
        theme: the theme applied to the application.
        screens: the screens of the card flow.
        card: the bridge to the card stack, when there is one.
        flow: what shows the screen of each card status, when there is a card stack.
    """

    app: QApplication
    window: MainWindow
    language: LanguageSwitcher
    crash_handler: CrashHandler
    theme: Theme
    screens: CardScreens
    card: CardBridge | None = None
    flow: CardFlowController | None = None

    def shutdown(self) -> None:
        """Undoes :func:`build_app`: removes the hooks and translators, closes the window.

        The bridge stops delivering statuses; the card stack itself is its owner's to stop.
        """
        if self.card is not None:
            self.card.close()
        self.crash_handler.uninstall()
        self.language.uninstall()
        self.window.close()
        self.window.deleteLater()
        self.crash_handler.deleteLater()
        self.language.deleteLater()


def _application(argv: Sequence[str]) -> QApplication:
    existing = QCoreApplication.instance()
    if existing is None:
        return QApplication(list(argv))
    if not isinstance(existing, QApplication):
        raise RuntimeError("a non-GUI Qt application already exists")
    return existing


def build_app(
    settings_language: str,
    kiosk_mode: bool,
    *,
    theme: Theme | None = None,
    translations_dir: Path = TRANSLATIONS_DIR,
    argv: Sequence[str] | None = None,
    card: CardBridge | None = None,
) -> KioskUi:
    """Creates (or reuses) the QApplication and builds the window with its screens.

    Create the QApplication before the bridge when there is one: build_app reuses it.

    Args:
        settings_language: the station's language, ``"fr"`` or ``"en"``.
        kiosk_mode: frameless full-screen window when true.
        theme: the look; the default high-contrast theme when omitted.
        translations_dir: where the compiled ``.qm`` files are.
        argv: the arguments for a new QApplication (``sys.argv`` when omitted).
        card: the bridge to the card stack; the screens follow its statuses. Without it
            the window stays on the welcome screen.

    Raises:
        ValueError: the language is not supported.
        kiosk.ui.i18n.TranslationMissingError: a compiled translation is missing.
    """
    protect_none()
    app = _application(sys.argv if argv is None else argv)
    app.setApplicationName(APPLICATION_NAME)
    theme = theme or Theme()
    theme.apply(app)

    language = LanguageSwitcher(app, settings_language, translations_dir)
    welcome = WelcomeScreen(theme, language)
    window = MainWindow(welcome, language, kiosk_mode=kiosk_mode)
    screens = _card_screens(theme, language)
    for screen in screens.all():
        window.add_screen(screen)
    flow = None if card is None else CardFlowController(card, window, screens, window)
    crash_handler = CrashHandler(window.return_to_welcome)
    crash_handler.install()
    return KioskUi(app, window, language, crash_handler, theme, screens, card, flow)


def _card_screens(theme: Theme, language: LanguageSwitcher) -> CardScreens:
    return CardScreens(
        pin_pad=PinPadScreen(theme, language),
        message=MessageScreen(theme),
        homes={
            ScreenName.HOME_BENEFICIARY: BeneficiaryHomeScreen(theme, language),
            ScreenName.HOME_AGENT: AgentHomeScreen(theme, language),
            ScreenName.HOME_TECHNICIAN: TechnicianHomeScreen(theme, language),
        },
    )


def run_app(language: str, kiosk_mode: bool, card: CardBridge | None = None) -> int:
    """Builds the interface, shows it and runs Qt's event loop until the app quits.

    Args:
        language: the station's language, ``"fr"`` or ``"en"``.
        kiosk_mode: frameless full-screen window when true.
        card: the bridge to the card stack (see :func:`build_app`).

    Returns:
        The event loop's exit code.
    """
    ui = build_app(language, kiosk_mode, card=card)
    # Ctrl+C in a terminal stops the kiosk (Qt's loop would otherwise swallow it).
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL)
    ui.window.show_for_mode()
    log.info("kiosk started (language=%s, kiosk_mode=%s)", language, kiosk_mode)
    try:
        return ui.app.exec()
    finally:
        ui.shutdown()
        signal.signal(signal.SIGINT, previous_sigint)
