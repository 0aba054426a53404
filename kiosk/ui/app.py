"""The composition root of the user interface: builds and wires every Qt object.

Nothing else creates the application, the services the screens use, the screens or the
window. Collaborators are passed to constructors; there is no global registry.
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

from kiosk.ui.crash import CrashHandler
from kiosk.ui.i18n import TRANSLATIONS_DIR, LanguageSwitcher
from kiosk.ui.main_window import MainWindow
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
    """

    app: QApplication
    window: MainWindow
    language: LanguageSwitcher
    crash_handler: CrashHandler
    theme: Theme

    def shutdown(self) -> None:
        """Undoes :func:`build_app`: removes the hooks and translators, closes the window."""
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
) -> KioskUi:
    """Creates (or reuses) the QApplication and builds the window with its screens.

    Args:
        settings_language: the station's language, ``"fr"`` or ``"en"``.
        kiosk_mode: frameless full-screen window when true.
        theme: the look; the default high-contrast theme when omitted.
        translations_dir: where the compiled ``.qm`` files are.
        argv: the arguments for a new QApplication (``sys.argv`` when omitted).

    Raises:
        ValueError: the language is not supported.
        kiosk.ui.i18n.TranslationMissingError: a compiled translation is missing.
    """
    app = _application(sys.argv if argv is None else argv)
    app.setApplicationName(APPLICATION_NAME)
    theme = theme or Theme()
    theme.apply(app)

    language = LanguageSwitcher(app, settings_language, translations_dir)
    welcome = WelcomeScreen(theme, language)
    window = MainWindow(welcome, language, kiosk_mode=kiosk_mode)
    crash_handler = CrashHandler(window.return_to_welcome)
    crash_handler.install()
    return KioskUi(app, window, language, crash_handler, theme)


def run_app(language: str, kiosk_mode: bool) -> int:
    """Builds the interface, shows it and runs Qt's event loop until the app quits.

    Args:
        language: the station's language, ``"fr"`` or ``"en"``.
        kiosk_mode: frameless full-screen window when true.

    Returns:
        The event loop's exit code.
    """
    ui = build_app(language, kiosk_mode)
    # Ctrl+C in a terminal stops the kiosk (Qt's loop would otherwise swallow it).
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL)
    ui.window.show_for_mode()
    log.info("kiosk started (language=%s, kiosk_mode=%s)", language, kiosk_mode)
    try:
        return ui.app.exec()
    finally:
        ui.shutdown()
        signal.signal(signal.SIGINT, previous_sigint)
