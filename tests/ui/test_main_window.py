"""The main window: its stack of screens, kiosk mode, and the return to the welcome screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.theme import Theme

from .screens import SessionScreen


def test_starts_on_the_welcome_screen(window: MainWindow) -> None:
    assert window.current_screen() is window.welcome
    assert window.screen_ids() == ["welcome"]
    assert window.windowTitle() == "Borne des services sociaux"
    assert not window.kiosk_mode
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_kiosk_mode_is_frameless_and_full_screen(
    qtbot: QtBot, language: LanguageSwitcher
) -> None:
    kiosk = MainWindow(WelcomeScreen(Theme(), language), language, kiosk_mode=True)
    qtbot.addWidget(kiosk)
    assert kiosk.kiosk_mode
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    kiosk.show_for_mode()
    qtbot.waitUntil(kiosk.isFullScreen)


def test_ordinary_mode_is_not_full_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.show_for_mode()
    assert window.isVisible()
    assert not window.isFullScreen()


def test_shows_a_screen_by_id(window: MainWindow) -> None:
    session = SessionScreen()
    window.add_screen(session)
    window.show_screen("session")
    assert window.current_screen() is session
    with pytest.raises(KeyError):
        window.show_screen("nowhere")


def test_refuses_two_screens_with_the_same_id(window: MainWindow) -> None:
    window.add_screen(SessionScreen())
    with pytest.raises(ValueError, match="session"):
        window.add_screen(SessionScreen())


def test_return_to_welcome_clears_everything(
    qtbot: QtBot, window: MainWindow, language: LanguageSwitcher
) -> None:
    session = SessionScreen()
    window.add_screen(session)
    window.show_screen("session")
    language.set_language("en")
    QGuiApplication.clipboard().setText("DUPONT Jean")
    assert QGuiApplication.clipboard().text() == "DUPONT Jean"
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()

    with qtbot.waitSignal(window.returnedToWelcome):
        window.return_to_welcome()

    assert window.current_screen() is window.welcome
    assert session.typed == ""
    assert session.resets == 1
    assert language.language == "fr"
    assert window.welcome.title.text() == "Bienvenue"
    assert QGuiApplication.clipboard().text() == ""
    assert not dialog.isVisible()


def test_screens_are_retranslated_with_the_window(
    window: MainWindow, language: LanguageSwitcher
) -> None:
    session = SessionScreen()
    window.add_screen(session)
    before = session.retranslations
    language.toggle()
    assert session.retranslations > before
